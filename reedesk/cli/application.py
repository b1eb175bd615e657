"""CLI command ``reedesk application REF --as-of DATE --out APP.pdf`` (FORMATS.md 0.2, docs/licences.md).

Writes the signed licence application pack in Simplified Chinese (``--language zh-Hant``: in Traditional script;
``--language en``: English beside the Simplified), with the checklist of supporting documents; ``--attach KIND=FILE``
(repeatable) stores a document on the desk and embeds it. The passphrase comes from
``REEDESK_PASSPHRASE`` or a prompt.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from reedesk.errors import ReedeskError

WROTE = {
    "en": "Wrote {path} ({size} bytes): application {id} for {ref}; evidence pack {evidence}; {attached} document(s) attached, "
          "missing: {missing}.",
    "zh-Hans": "已写入{path}（{size}字节）：{ref}的申请材料{id}；证据包{evidence}；已附{attached}份材料，缺失：{missing}。",
    "zh-Hant": "已寫入{path}（{size}位元組）：{ref}的申請材料{id}；證據包{evidence}；已附{attached}份材料，缺少：{missing}。",
}
NONE = {"en": "none", "zh-Hans": "无", "zh-Hant": "無"}
NO_EVIDENCE = {
    "en": "Note: no evidence pack of {ref} has been exported, so the application cannot refer to one; "
          "export it (reedesk export {ref} …) and prepare the application again.",
    "zh-Hans": "注意：{ref}尚未导出证据包，申请材料无法引用证据包编号；请先导出证据包（reedesk export {ref} …），再重新生成申请材料。",
    "zh-Hant": "注意：{ref}尚未匯出證據包，申請材料無法引用證據包編號；請先匯出證據包（reedesk export {ref} …），再重新產生申請材料。",
}
LANGUAGES = ("zh-Hans", "zh-Hant", "en")


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _attachment(text: str) -> tuple[str, Path]:
    kind, sep, path = text.partition("=")
    if not sep or not kind or not path:
        raise argparse.ArgumentTypeError(f"{text!r} is not KIND=FILE, e.g. contract=contract.pdf")
    return kind.strip(), Path(path)


def register(subparsers: argparse._SubParsersAction) -> None:
    from reedesk.evidence.application import CHECKLIST_ITEMS

    p = subparsers.add_parser("application", help="write the licence application pack (zh-Hans, checklist, attachments)",
                              description="Write the signed licence application pack of a stored dossier: the facts in the "
                                          "order MOFCOM reads them, the determination with its hash, and the checklist of "
                                          "supporting documents. KIND is one of: " + ", ".join(CHECKLIST_ITEMS) + ".")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--as-of", required=True, type=_as_of, metavar="DATE")
    p.add_argument("--out", required=True, type=Path, metavar="APP.pdf")
    p.add_argument("--attach", action="append", type=_attachment, default=[], metavar="KIND=FILE",
                   help="attach a supporting document (repeatable)")
    from reedesk.cli.common import language_type

    p.add_argument("--language", dest="language", type=language_type, choices=LANGUAGES, default="zh-Hans", metavar="LANG",
                   help="zh-Hans (default), zh-Hant for the pages in Traditional script, or en for English beside the Simplified")
    p.add_argument("--lang", dest="language", type=language_type, choices=LANGUAGES, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument("--meaning", default="Prepared by", help='what the signature means (default "Prepared by")')
    p.add_argument("--key", metavar="ID", default=None, help="signing identity (key id or fingerprint)")
    p.add_argument("--force", action="store_true", help="replace APP.pdf if it exists")
    p.set_defaults(handler=_application)


def _application(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env, read_passphrase
    from reedesk.services.applications import prepare_application

    for kind, path in args.attach:  # a missing attachment is named as itself, before anything is signed or written
        if not path.is_file():
            raise ReedeskError.coded("application_attachment_unreadable", kind=kind, path=path)
    with desk_from_env() as desk:
        try:
            from reedesk.services.signing import check_export_approval

            check_export_approval(desk, args.reference, args.as_of, args.meaning)  # four eyes: before the passphrase
            result = prepare_application(desk, args.reference, args.as_of, args.out, passphrase=read_passphrase(language=args.language),
                                         key_id=args.key, language=args.language, attach=args.attach,
                                         meaning=args.meaning, overwrite=args.force)
        except OSError as exc:
            raise ReedeskError.coded("application_application_could_written_left", out=args.out, value=exc.strerror or exc) from None
    from reedesk.evidence.application import load_application_texts

    lang = args.language  # the confirmation in the language of the pages (en: English)
    names = load_application_texts(lang)["checklist"]
    missing = ("; " if lang == "en" else "；").join(names.get(m, m) for m in result.missing)
    print(WROTE[lang].format(path=result.path, size=result.size, id=result.document_id, ref=result.reference,
                             evidence=result.evidence_document_id or NONE[lang], attached=result.attached,
                             missing=missing or NONE[lang]))
    if result.evidence_document_id is None:
        import sys

        print(NO_EVIDENCE[lang].format(ref=result.reference), file=sys.stderr)
    return 0

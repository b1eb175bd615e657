"""CLI command ``reedesk application REF --as-of DATE --out APP.pdf`` (FORMATS.md 0.2, docs/licences.md).

Writes the signed licence application pack in Simplified Chinese (``--language en``:
English beside it), with the checklist of supporting documents; ``--attach KIND=FILE``
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
}
NONE = {"en": "none", "zh-Hans": "无"}
NO_EVIDENCE = {
    "en": "Note: no evidence pack of {ref} has been exported, so the application cannot refer to one; "
          "export it (reedesk export {ref} …) and prepare the application again.",
    "zh-Hans": "注意：{ref}尚未导出证据包，申请材料无法引用证据包编号；请先导出证据包（reedesk export {ref} …），再重新生成申请材料。",
}


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
    p.add_argument("--language", dest="language", choices=("zh-Hans", "en"), default="zh-Hans",
                   help="zh-Hans (default), or en for English beside the Chinese")
    p.add_argument("--lang", dest="language", choices=("zh-Hans", "en"), default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument("--meaning", default="Prepared by", help='what the signature means (default "Prepared by")')
    p.add_argument("--key", metavar="ID", default=None, help="signing identity (key id or fingerprint)")
    p.add_argument("--force", action="store_true", help="replace APP.pdf if it exists")
    p.set_defaults(handler=_application)


def _application(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env, read_passphrase
    from reedesk.services.applications import prepare_application

    with desk_from_env() as desk:
        try:
            from reedesk.services.signing import check_export_approval

            check_export_approval(desk, args.reference, args.as_of, args.meaning)  # four eyes: before the passphrase
            result = prepare_application(desk, args.reference, args.as_of, args.out, passphrase=read_passphrase(),
                                         key_id=args.key, language=args.language, attach=args.attach,
                                         meaning=args.meaning, overwrite=args.force)
        except OSError as exc:
            raise ReedeskError.coded("application_application_could_written_left", out=args.out, value=exc.strerror or exc) from None
    from reedesk.evidence.application import load_application_texts

    lang = "en" if args.language == "en" else "zh-Hans"
    names = load_application_texts(lang)["checklist"]
    missing = ("; " if lang == "en" else "；").join(names.get(m, m) for m in result.missing)
    print(WROTE[lang].format(path=result.path, size=result.size, id=result.document_id, ref=result.reference,
                             evidence=result.evidence_document_id or NONE[lang], attached=result.attached,
                             missing=missing or NONE[lang]))
    if result.evidence_document_id is None:
        import sys

        print(NO_EVIDENCE[lang].format(ref=result.reference), file=sys.stderr)
    return 0

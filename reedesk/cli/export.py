"""CLI command: ``reedesk export FILE_OR_REF --as-of DATE --meaning M --out PACK.pdf`` (FORMATS.md).

Evaluates, signs, records and writes the evidence pack; the passphrase comes from
``REEDESK_PASSPHRASE`` or a prompt.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from reedesk.errors import ReedeskError


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``export`` to the reedesk parser."""
    from reedesk.cli.common import add_language_option
    parser = subparsers.add_parser(
        "export",
        help="evaluate, sign and write the PDF evidence pack",
        description="Evaluate a dossier (stored REF or dossier JSON file) as of a date, sign the determination, "
        "record the export in the audit trail and write a signed PDF evidence pack.",
    )
    parser.add_argument("source", metavar="FILE_OR_REF", help="stored dossier reference, or a reedesk.dossier/1 JSON file")
    parser.add_argument("--as-of", required=True, type=_as_of, metavar="DATE", help="date the rules are applied as of (YYYY-MM-DD)")
    parser.add_argument("--meaning", required=True, metavar="M", help='what the signature means, e.g. "Prepared by"')
    parser.add_argument("--out", required=True, type=Path, metavar="PACK.pdf", help="where to write the pack")
    parser.add_argument("--key", metavar="ID", default=None, help="signing identity (key id or fingerprint); default: the only active one")
    parser.add_argument("--force", action="store_true", help="replace PACK.pdf if it already exists (default: refuse)")
    add_language_option(parser, help="language of the pages: en, zh-Hant or zh-Hans (default en)")
    parser.add_argument("--headroom", action="store_true",
                        help="add a page with the headroom chart and figures of the value rule (ratio, threshold, margin, "
                        "smallest re-sourcing set); left out, with the reason printed, when there is no value-content ratio")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env, read_passphrase
    from reedesk.services.evidence import export_pack

    with desk_from_env() as desk:
        try:
            from reedesk.services.signing import check_export_approval

            check_export_approval(desk, args.source, args.as_of, args.meaning)  # four eyes: refused before the passphrase
            passphrase = read_passphrase(language=args.language)
            result = export_pack(
                desk, args.source, args.as_of, args.meaning, args.out,
                key_id=args.key, passphrase=passphrase, language=args.language, overwrite=args.force,
                headroom=args.headroom,
            )
        except OSError as exc:
            raise ReedeskError.coded("export_pack_could_written_left", out=args.out, value=exc.strerror or exc) from None
    from reedesk.evidence.texts import outcome_label

    if args.language != "en":  # the same lines in the pack's language ([cli.export_*] in messages.toml)
        return _said_in(args, result)
    stored = result.stored_message()
    if stored:
        print(stored, file=sys.stdout)
    print(
        f"{'Replaced' if result.replaced else 'Wrote'} {result.path} ({result.size} bytes): {result.reference} as of {result.as_of} — "
        f"{outcome_label(result.outcome)} ({result.outcome}); document {result.document_id}, {result.signatures} signature(s).",
        file=sys.stdout,
    )
    if result.headroom_page:
        print("The pack has the headroom page (after the bill of materials).", file=sys.stdout)
    elif result.headroom_omitted:
        print(f"No headroom page: {result.headroom_omitted}", file=sys.stdout)
    return 0


def _said_in(args: argparse.Namespace, result: Any) -> int:
    """What :func:`_export` prints, in Chinese: what happened to the file, the pack written, the headroom page."""
    import re

    from reedesk.cli.common import say
    from reedesk.vocabulary import label

    if result.stored_as in ("new", "revision", "unchanged"):
        print(say(args, f"export_stored_{result.stored_as}", reference=result.reference, revision=result.revision))
    print(say(args, "export_replaced" if result.replaced else "export_wrote", path=result.path, size=result.size,
              reference=result.reference, as_of=result.as_of, outcome=label("outcome", result.outcome, args.language),
              code=result.outcome, document=result.document_id, signatures=result.signatures))
    if result.headroom_page:
        print(say(args, "export_headroom_page"))
    elif result.headroom_omitted:
        no_lines = re.match(r"Dossier (?P<reference>.*): the value ratio of (?P<rule>\S+) was computed from no "
                            r"bill-of-materials lines \(the outcome was decided by (?P<decisive>.*)\), so there", result.headroom_omitted)
        if no_lines:
            decisive = no_lines.group("decisive")
            decisive = say(args, "export_another_rule") if decisive == "another rule" else "、".join(decisive.split(", "))
            print(say(args, "export_no_headroom_no_lines", reference=no_lines.group("reference"), rule=no_lines.group("rule"),
                      decisive=decisive))
        else:  # the determination has no value-content ratio (reedesk.portfolio.headroom refused it)
            print(say(args, "export_no_headroom_no_ratio"))
    return 0

"""``reedesk audit log [--dossier REF]`` and ``reedesk audit verify`` (FORMATS.md)."""

from __future__ import annotations

import argparse
import sys

from reedesk.cli.common import desk_from_env, print_json
from reedesk.services import audit as audit_service


def _short(value: object, width: int = 60) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number of events")
    return value


def _log(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        audit_service.check_log_filter(desk, args.dossier, args.action)
        entries = audit_service.audit_log(desk, args.dossier, args.action, 0, args.limit, newest_first=args.limit is not None)
    if args.limit is not None:
        entries.reverse()
    if args.json:
        print_json([e.__dict__ for e in entries])
        return 0
    for e in entries:
        target = f"{e.entity_type} {e.entity_id}"
        reason = f"  reason: {e.reason}" if e.reason else ""
        print(f"{e.seq:>6}  {e.occurred_at}  {e.actor:<14} {e.action:<9} {_short(target, 50)}{reason}")
    if not entries:
        print("No audit events match.", file=sys.stderr)
    return 0


def _verify(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        report = audit_service.verify_audit(desk)
    if args.json:
        print_json({
            "ok": report.ok, "events_checked": report.events_checked, "heads_checked": report.heads_checked,
            "signatures_checked": report.signatures_checked, "first_broken_seq": report.first_broken_seq,
            "truncated": report.truncated, "problems": report.problems,
        })
    else:
        print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
        for extra in report.problems[1:5]:
            print(f"also: {extra}", file=sys.stderr)
    return 0 if report.ok else 1


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``audit log`` and ``audit verify``."""
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=type(audit))
    audit.set_defaults(handler=lambda _args: (audit.print_help(), 2)[1])

    log = sub.add_parser("log", help="list audit events")
    log.add_argument("--dossier", metavar="REF", help="only events of this dossier")
    log.add_argument("--action", help="only this action (create, update, import, evaluate, sign, export, …; key = every key event)")
    log.add_argument("--limit", type=_positive_int, metavar="N", help="only the last N events")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=_log)

    verify = sub.add_parser("verify", help="recompute the whole trail; exit 0 intact, 1 broken")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=_verify)

"""``reedesk audit log [--dossier REF]``, ``reedesk audit verify [--against FILE…]`` and
``reedesk audit checkpoint --out FILE`` (FORMATS.md; docs/signatures-and-audit.md)."""

from __future__ import annotations

import argparse
import sys

from reedesk.cli.common import add_language_option, clean, desk_from_env, print_json, say
from reedesk.services import audit as audit_service
from reedesk.vocabulary import codes, label
from reedesk.cli.columns import pad as _pad


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


def _action_code(text: str | None) -> str | None:
    """The recorded action a ``--action`` value names: the code itself, or its name in any of the three languages
    (a Chinese reader filters by the name the Chinese log shows, 已簽署 / 已签署, not by an English code)."""
    if text is None or text in codes("audit_action"):
        return text
    for code in codes("audit_action"):
        if text.strip() in (label("audit_action", code, language) for language in ("en", "zh-Hant", "zh-Hans")):
            return code
    return text  # refused, naming the choices, by check_log_filter




def _log(args: argparse.Namespace) -> int:
    action = _action_code(args.action)
    with desk_from_env() as desk:
        audit_service.check_log_filter(desk, args.dossier, action)
        entries = audit_service.audit_log(desk, args.dossier, action, 0, args.limit, newest_first=args.limit is not None)
    if args.limit is not None:
        entries.reverse()
    if args.json:
        print_json([e.__dict__ for e in entries])
        return 0
    from reedesk.services.audit_words import entity_label, person
    from reedesk.vocabulary import recorded_reason

    for e in entries:
        target = f"{e.entity_type} {e.entity_id}"
        actor = e.actor
        if args.language != "en":  # who and what in the reader's words, as the window's audit view says them
            target = f"{entity_label(e.entity_type, args.language)} {e.entity_id}"
            actor = person(e.actor, {}, args.language)
        said = {"en": "  reason: ", "zh-Hant": "  原因：", "zh-Hans": "  原因："}[args.language]
        if args.language == "en":
            reason = f"{said}{e.reason}" if e.reason else ""
            print(f"{e.seq:>6}  {e.occurred_at}  {actor:<14} {e.action:<9} {_short(target, 50)}{reason}")
            continue
        # the action as the vocabulary names it (the window and the pack use the same names; `--action` takes the name
        # too), with no English code inside Chinese output; English keeps the recorded verb. A reason reedesk wrote
        # ("imported from a.json") is said as the window's audit view says it; one a person typed, as typed.
        reason = f"{said}{recorded_reason(e.reason, args.language)}" if e.reason else ""
        shown = label("audit_action", e.action, args.language)
        print(f"{e.seq:>6}  {e.occurred_at}  {_pad(actor, 14)} {_pad(shown, 12)} {_short(target, 50)}{reason}")
    if not entries:
        print({"en": "No audit events match.", "zh-Hant": "沒有相符的稽核事件。", "zh-Hans": "没有相符的审计事件。"}[args.language],
              file=sys.stderr)
    return 0


def _verify(args: argparse.Namespace) -> int:
    from reedesk.audit.verify import say
    from reedesk.vocabulary import text_in

    language = args.language

    def said(value: object) -> str:  # a sentence of the report in the reader's language, safe to print
        return clean(text_in(value, language), keep_newlines=True)

    with desk_from_env() as desk:
        report = audit_service.verify_audit(desk, against=args.against or (), rerun=not args.skip_rerun)
        desk_key = audit_service.desk_key_info(desk)
    if args.json:  # keys and codes as they are; the sentences (problems, notes, sources) in the reader's language
        print_json({
            "ok": report.ok, "events_checked": report.events_checked, "heads_checked": report.heads_checked,
            "signatures_checked": report.signatures_checked, "first_broken_seq": report.first_broken_seq,
            "truncated": report.truncated, "problems": [text_in(p, language) for p in report.problems],
            "revisions_checked": report.revisions_checked, "determinations_checked": report.determinations_checked,
            "root_hash": report.root_hash, "checkpoints_checked": report.checkpoints_checked,
            "against": [{**a, "source": text_in(a["source"], language)} if "source" in a else a for a in report.anchors],
            "rerun": None if report.reproduced is None else {
                "reproduced": report.reproduced, "not_reproduced": report.not_reproduced,
                "not_rerun": report.not_rerun, "seconds": round(report.reproduce_seconds or 0.0, 3),
            },
            "notes": [text_in(n, language) for n in report.notes],
            "desk_key": desk_key.as_dict() if desk_key else None,
        })
        return 0 if report.ok else 1
    print(said(report.summary()), file=sys.stdout if report.ok else sys.stderr)
    for extra in report.problems[1:5]:
        print(said(say("also", problem=extra)), file=sys.stderr)
    if len(report.problems) > 5:
        print(said(say("more", count=len(report.problems) - 5)), file=sys.stderr)
    out = sys.stdout if report.ok else sys.stderr
    if report.reproduced is not None:
        total = report.reproduced + (report.not_reproduced or 0)
        seconds = report.reproduce_seconds or 0.0
        rate = say("rerun_rate", rate=f"{total / seconds:,.0f}") if seconds > 0 and total else ""
        print(said(say("rerun_summary", reproduced=report.reproduced, total=total, seconds=f"{seconds:.2f}", rate=rate)), file=out)
        if report.not_rerun:
            print(said(say("not_rerun_count", count=report.not_rerun)), file=out)
        if report.compared_current:  # older engines' determinations asked of the current one (REVIEW8b 2)
            from reedesk.rules.engine import ENGINE_VERSION

            print(said(say("current_summary", current=ENGINE_VERSION, compared=report.compared_current,
                           superseded=report.superseded or 0, unread=report.current_unread or 0,
                           seconds=f"{report.current_seconds or 0.0:.2f}")), file=out)
            named = [n for n in report.notes if getattr(n, "code", None) in ("superseded", "current_unread")]
            for note in named[:5]:
                print(said(note), file=out)
            if len(named) > 5:
                print(said(say("current_more", count=len(named) - 5)), file=out)
    if desk_key is not None:
        print(said(say("desk_key", fingerprint=desk_key.fingerprint, seq=desk_key.event_seq, origin=desk_key.origin)), file=out)
    for anchor in report.anchors:
        result = str(anchor.get("result"))
        verdict = {
            "ok": say("against_ok"),
            "rolled_back": say("against_rolled_back", missing=anchor.get("missing_events")),
            "rewritten": say("against_rewritten"),
            "not_this_desk": say("against_not_this_desk"),
        }.get(result, result)
        print(said(say("against", source=anchor["source"], size=anchor["size"], verdict=verdict)), file=out)
    if report.ok and not report.anchors:
        print(said(say("no_outside_checkpoint")), file=out)
    return 0 if report.ok else 1


def _checkpoint(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        path = audit_service.write_latest_checkpoint(desk, args.out)
    print(say(args, "checkpoint_written", path=path))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``audit log`` and ``audit verify``."""
    audit = subparsers.add_parser("audit", help="the tamper-evident audit trail")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=type(audit))
    audit.set_defaults(handler=lambda _args: (audit.print_help(), 2)[1])

    log = sub.add_parser("log", help="list audit events")
    log.add_argument("--dossier", metavar="REF", help="only events of this dossier")
    log.add_argument("--action", help="only this action: " + ", ".join(codes("audit_action")) + " (key = every key event), or its name as the log shows it")
    log.add_argument("--limit", type=_positive_int, metavar="N", help="only the last N events")
    log.add_argument("--json", action="store_true")
    add_language_option(log, help="language of the action names: en (the recorded verbs), zh-Hant or zh-Hans")
    log.set_defaults(handler=_log)

    verify = sub.add_parser("verify", help="recompute the whole trail; exit 0 intact, 1 broken")
    verify.add_argument("--json", action="store_true")
    verify.add_argument(
        "--against", nargs="+", metavar="FILE",
        help="checkpoint files (from `audit checkpoint`) or evidence packs the trail must extend",
    )
    verify.add_argument("--skip-rerun", action="store_true", help="do not re-run the rules for every determination (faster, proves less)")
    add_language_option(verify, help="language of the report (summary, problems, notes): en, zh-Hant or zh-Hans (default en)")
    verify.set_defaults(handler=_verify)

    checkpoint = sub.add_parser("checkpoint", help="write the latest signed checkpoint (C2SP tlog-checkpoint) to keep elsewhere")
    checkpoint.add_argument("--out", required=True, metavar="FILE", help="where to write the checkpoint note")
    add_language_option(checkpoint, help="language of the confirmation: en, zh-Hant or zh-Hans (default en)")
    checkpoint.set_defaults(handler=_checkpoint)

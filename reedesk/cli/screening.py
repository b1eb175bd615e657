"""CLI commands ``reedesk screening lists|check|decide|import`` (docs/screening.md).

``check`` screens a stored dossier's end user and prints numbered hits (exit 0,
hits or not); ``--record`` also saves the screening in the dossier. ``decide``
records a person's confirmation or clearing of one hit, with a reason, as a new
revision. ``import`` adds a list file (reedesk TOML/JSON, or CSV incl. a US
Consolidated Screening List export). User errors: one sentence, exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reedesk.cli.common import add_language_option, desk_from_env, print_json, say
from reedesk.errors import ReedeskError
from reedesk.screening.lists import LIST_KINDS
from reedesk.services import screening
from reedesk.vocabulary import label


PARTY_HELP = ("end_user (default), importer, consignee, or an owner such as end_user.owners[0] (check also takes "
              "'all': every named party); hits are numbered per party")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("screening", help="screen end users against offline lists (control list, watch list, ...)",
                                   description="Screen a dossier's end user against the offline lists and record decisions.")
    sub = parser.add_subparsers(dest="screening_command", metavar="SUBCOMMAND", required=True)

    p = sub.add_parser("lists", help="the lists in use, with their sources and versions")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_language_option(p, help="language of the text: en, zh-Hant or zh-Hans (default en)")
    p.set_defaults(handler=_lists)

    p = sub.add_parser("check", help="screen a stored dossier's end user (or another party) and print the hits")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--party", default="end_user", help=PARTY_HELP)
    p.add_argument("--as-of", dest="as_of", default=None, help="list entries in force on this date (default today)")
    p.add_argument("--threshold", default=None, help="match score from 0 to 100 (default 88)")
    p.add_argument("--record", action="store_true", help="save the screening in the dossier (a new revision)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_language_option(p, help="language of the text: en, zh-Hant or zh-Hans (default en)")
    p.set_defaults(handler=_check)

    p = sub.add_parser("decide", help="confirm or clear one hit, with a reason (saved as a new revision)")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--party", default="end_user", help=PARTY_HELP)
    p.add_argument("--as-of", dest="as_of", default=None, help="list entries in force on this date (default today)")
    p.add_argument("--hit", type=int, required=True, metavar="N", help="hit number as `screening check` prints it")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--confirm", action="store_true", help="the end user is the listed party")
    group.add_argument("--clear", action="store_true", help="the end user is not the listed party")
    p.add_argument("--reason", required=True, help="why (recorded in the dossier and the audit trail)")
    p.add_argument("--threshold", default=None, help="match score from 0 to 100 (default 88)")
    add_language_option(p)
    p.set_defaults(handler=_decide)

    p = sub.add_parser("import", help="import a list file (.toml/.json in reedesk's format, or .csv)")
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--id", dest="list_id", default=None, help="CSV only: list id (default: from the file name)")
    p.add_argument("--kind", default=None, choices=LIST_KINDS, help="CSV only: list kind (default other)")
    p.add_argument("--name", default=None, help="CSV only: list name")
    p.add_argument("--authority", default=None, help="CSV only: who publishes the list")
    p.add_argument("--date", dest="version_date", default=None, help="CSV only: the list's date (default today)")
    add_language_option(p)
    p.set_defaults(handler=_import)


def _lists(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        lists = screening.available_lists(desk)
    if args.json:
        print_json([{**lst.summary(), "name_zh": lst.name_zh, "authority": lst.authority, "reviewed_until": lst.reviewed_until,
                     "entries": len(lst.entries), "origin": lst.source, "reference": lst.document["list"].get("reference"),
                     "sources": lst.document["list"].get("sources", []), "measures": list(lst.measures),
                     "ended": len([e for e in lst.entries if e.ended_on])} for lst in lists])
        return 0
    from reedesk.clock import utc_timestamp

    today = utc_timestamp()[:10]
    lang = getattr(args, "language", "en")
    T = TEXTS[lang]
    for lst in lists:
        ended = [e for e in lst.entries if e.ended_on]
        in_force = sum(1 for e in lst.entries if e.in_force(today))
        if lang == "en":
            print(f"{lst.id}  [{lst.kind}, {lst.source}]  {lst.name_en}" + (f" / {lst.name_zh}" if lst.name_zh else ""))
            print(f"  {lst.authority}")
        else:  # the list kind and measures as the window and the pack name them (reedesk.vocabulary)
            # the list's own name as published (「」), Simplified in a Traditional text too
            print(f"{lst.id}  ［{label('list_kind', lst.kind, lang)}］  「{lst.name_zh or lst.name_en}」")
        print("  " + T["entries"].format(count=len(lst.entries), version=lst.version_date)
              + (T["reviewed"].format(date=lst.reviewed_until) if lst.reviewed_until else "")
              + (f"; sha256 {lst.sha256}" if lang == "en" else f"；SHA-256 {lst.sha256}"))
        measures = (", " if lang == "en" else "、").join(lst.measures if lang == "en" else (label("list_measure", m, lang) for m in lst.measures))
        print("  " + T["in_force"].format(count=in_force, ended=len(ended)) + (T["measures"].format(measures=measures) if lst.measures else ""))
        ref = lst.document["list"].get("reference")
        if ref and lang == "en":  # the list file's own note, in the language it was written in
            print(f"  {ref}")
    return 0


def _result_json(result, saved) -> dict:  # noqa: ANN001 - ScreeningResult, SaveResult | None
    return {
        "reference": result.reference, "revision": result.revision, "party": result.party, "name": result.name,
        "threshold": format(result.threshold, "f"), "lists": [lst.summary() for lst in result.lists],
        "hits": [{"n": h.n, **h.hit.document(), "decision": h.decision, "reason": h.reason, "decided_by": h.decided_by,
                  "decided_at": h.decided_at} for h in result.hits],
        "recorded_revision": saved.revision if saved else None,
    }


def _check(args: argparse.Namespace) -> int:
    if args.party == "all":
        if args.record:
            raise ReedeskError.coded("screening_record_needs_one_party")
        with desk_from_env() as desk:
            results = screening.screen_all_parties(desk, args.reference, threshold=args.threshold, as_of=args.as_of)
            announcements = _announcements(desk, args.language)
        if args.json:
            print_json([_result_json(r, None) for r in results])
            return 0
        for r in results:
            _print_result(r, None, args.language, announcements)
        return 0
    with desk_from_env() as desk:
        result = screening.screen_dossier(desk, args.reference, threshold=args.threshold, party=args.party, as_of=args.as_of)
        saved = (screening.record_screening(desk, args.reference, threshold=args.threshold, party=args.party, as_of=args.as_of)
                 if args.record else None)
        announcements = _announcements(desk, args.language)
    if args.json:
        print_json(_result_json(result, saved))
        return 0
    _print_result(result, saved, args.language, announcements)
    return 0


def _announcements(desk, language: str) -> dict[tuple[str, str], str]:  # noqa: ANN001 - Desk
    """(list id, entry id) → the announcement that listed the entry, as issued in Chinese (``announcement_zh``; in
    Traditional script for zh-Hant), for the hits' sources in Chinese; empty for English (the source as recorded)."""
    if language == "en":
        return {}
    from reedesk.screening.normalise import _s2t

    found: dict[tuple[str, str], str] = {}
    for lst in screening.available_lists(desk):
        for entry in lst.entries:
            if entry.announcement_zh:
                found[(lst.id, entry.id)] = _s2t().convert(entry.announcement_zh) if language == "zh-Hant" else entry.announcement_zh
    return found


# The screening texts in each language (list kinds and measures: reedesk.vocabulary).
TEXTS = {
    "en": {"entries": "{count} entries; version {version}", "reviewed": ", reviewed until {date}",
           "in_force": "in force today: {count}; ended: {ended}", "measures": "; default measures: {measures}",
           "no_hits": "no hits", "undecided": "undecided", "decided": "{decision} by {who}: {reason}",
           "confirmed": "confirmed", "cleared": "cleared", "matched": "matched", "source": "source", "score": "score",
           "recorded": "Recorded in revision {revision}.", "unchanged": "Already recorded; nothing changed.",
           "decide": "Decide each hit: "},
    "zh-Hant": {"entries": "{count} 個條目；版本 {version}", "reviewed": "，審閱至 {date}",
                "in_force": "今日有效：{count}；已終止：{ended}", "measures": "；預設措施：{measures}",
                "no_hits": "無命中", "undecided": "未決定", "decided": "{who}{decision}：{reason}",
                "confirmed": "已確認", "cleared": "已排除", "matched": "相符拼寫", "source": "來源", "score": "分數",
                "recorded": "已記錄於版本 {revision}。", "unchanged": "已記錄過；未作更改。", "decide": "逐一決定每個命中："},
    "zh-Hans": {"entries": "{count} 个条目；版本 {version}", "reviewed": "，审阅至 {date}",
                "in_force": "今日有效：{count}；已终止：{ended}", "measures": "；默认措施：{measures}",
                "no_hits": "无命中", "undecided": "未决定", "decided": "{who}{decision}：{reason}",
                "confirmed": "已确认", "cleared": "已排除", "matched": "相符拼写", "source": "来源", "score": "分数",
                "recorded": "已记录于版本 {revision}。", "unchanged": "已记录过；未作更改。", "decide": "逐一决定每个命中："},
}
_PARTIES = {"end_user": {"zh-Hant": "最終用戶", "zh-Hans": "最终用户"}, "importer": {"zh-Hant": "進口商", "zh-Hans": "进口商"},
            "consignee": {"zh-Hant": "收貨人", "zh-Hans": "收货人"}}


def _source_in(hit, announcements: dict[tuple[str, str], str]) -> str:  # noqa: ANN001 - matching.Hit
    """A hit's source in Chinese: the listing announcement as issued, the date, the address (reedesk.screening.matching
    writes "announcement; date; address" in English); as recorded when the list gives no Chinese announcement."""
    said = announcements.get((hit.list_id, hit.entry_id))
    if not said:
        return hit.source
    parts = hit.source.split("; ")
    return "；".join([said, *parts[1:]]) if len(parts) > 1 else said


def _print_result(result, saved, lang: str = "en", announcements: dict[tuple[str, str], str] | None = None) -> None:  # noqa: ANN001
    T = TEXTS[lang]
    if lang == "en":
        print(f"Screening {result.reference} (revision {result.revision}), {result.party.replace('_', ' ')} {result.name!r}, "
              f"threshold {result.threshold}, {len(result.lists)} lists:")
    else:
        party = _PARTIES.get(result.party, {}).get(lang) or f"（{result.party}）"
        unit = "個" if lang == "zh-Hant" else "个"
        print(f"篩查 {result.reference}（版本 {result.revision}），{party}「{result.name}」，門檻 {result.threshold}，{len(result.lists)} {unit}名單："
              if lang == "zh-Hant" else
              f"筛查 {result.reference}（版本 {result.revision}），{party}「{result.name}」，门槛 {result.threshold}，{len(result.lists)} {unit}名单：")
    if not result.hits:
        print("  " + T["no_hits"])
    for h in result.hits:
        state = T["decided"].format(decision=T.get(h.decision, h.decision), who=h.decided_by, reason=h.reason) if h.decision else T["undecided"]
        kind = h.hit.list_kind if lang == "en" else label("list_kind", h.hit.list_kind, lang)
        if lang == "en":
            print(f"  {h.n}. {h.hit.entry_name}  [{h.hit.list_id}, {kind}]  {T['score']} {h.hit.score}  ({state})")
            if h.hit.matched_name != h.hit.entry_name:
                print(f"     {T['matched']}: {h.hit.matched_name}")
            print(f"     {T['source']}: {h.hit.source}")
            continue
        print(f"  {h.n}. {h.hit.entry_name}  ［{h.hit.list_id}，{kind}］  {T['score']} {h.hit.score}（{state}）")
        if h.hit.matched_name != h.hit.entry_name:
            print(f"     {T['matched']}：{h.hit.matched_name}")
        print(f"     {T['source']}：{_source_in(h.hit, announcements or {})}")
    if saved is not None:
        print(T["recorded"].format(revision=saved.revision) if saved.changed else T["unchanged"])
    elif result.hits:
        party = "" if result.party == "end_user" else f" --party {result.party}"
        print(f"{T['decide']}reedesk screening decide {result.reference}{party} --hit N --confirm|--clear --reason \"...\"")


def _decide(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        decision = screening.Decision(args.hit, "confirmed" if args.confirm else "cleared", args.reason)
        saved = screening.record_screening(desk, args.reference, [decision], threshold=args.threshold, party=args.party,
                                           as_of=args.as_of)
    print(say(args, f"screening_hit_{decision.decision}", hit=args.hit, reference=saved.reference, revision=saved.revision))
    return 0


def _import(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        lst = screening.import_list(desk, args.file, list_id=args.list_id, kind=args.kind, name=args.name,
                                    authority=args.authority, version_date=args.version_date)
    kind = lst.kind  # in Chinese: the kind's name only (the code is what --kind takes, and --json's)
    if args.language != "en":
        kind = label("list_kind", lst.kind, args.language)
    print(say(args, "screening_imported", id=lst.id, kind=kind, count=len(lst.entries), sha256=lst.sha256))
    return 0

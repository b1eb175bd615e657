"""CLI commands ``reedesk rules list | show ID | import FILE.toml`` (FORMATS.md).

A thin layer over :mod:`reedesk.services.rulepacks`.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from reedesk.cli.common import add_language_option, desk_from_env, print_json, say
from reedesk.services import rulepacks
from reedesk.services.desk import Desk
from reedesk.services.rulepacks import PackInfo
from reedesk.cli.columns import display_width as _width, pad as _pad


def _with_desk(action: Callable[[Desk, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        with desk_from_env() as desk:
            return action(desk, args)

    return handler


def _windows(info: PackInfo) -> str:
    own = [f"{w.start}..{w.until} ({w.by})" for w in info.pack.suspensions]
    return "; ".join(own) or "-"


def _info_json(info: PackInfo) -> dict[str, Any]:
    p = info.pack
    return {
        "id": p.id, "version": p.version, "sha256": p.sha256, "origin": info.origin, "announcement": p.announcement,
        "announcement_zh": p.announcement_zh, "effective_from": p.effective_from.isoformat(),
        "effective_until": None if p.effective_until is None else p.effective_until.isoformat(),
        "reviewed_until": p.reviewed_until.isoformat(), "version_date": p.version_date.isoformat(),
        "rules": [r.article for r in p.rules], "imported_at": info.imported_at, "document": p.document,
    }


def _list(desk: Desk, args: argparse.Namespace) -> int:
    infos = rulepacks.list_packs(desk)
    if args.json:
        print_json([{k: v for k, v in _info_json(i).items() if k != "document"} for i in infos])
        return 0
    language = args.language
    if language == "en":
        headers: tuple[str, ...] = ("id", "version", "origin", "effective", "reviewed until", "rules", "announcement")
    else:  # [cli.rules_headers]: the seven column names, separated by "|"
        headers = tuple(say(language, "rules_headers").split("|"))

    def announcement(i: PackInfo) -> str:
        if language == "en":
            return i.pack.announcement
        return i.pack.announcement_zh_hant if language == "zh-Hant" else i.pack.announcement_zh

    rows = [
        (i.pack.id, i.pack.version, i.origin if language == "en" else say(language, f"rules_origin_{i.origin}"),
         str(i.pack.effective_from), str(i.pack.reviewed_until), str(len(i.pack.rules)), announcement(i))
        for i in infos
    ]
    widths = [max(_width(h), *(_width(r[n]) for r in rows)) for n, h in enumerate(headers)] if rows else [_width(h) for h in headers]
    print("  ".join(_pad(h, widths[n]) for n, h in enumerate(headers)).rstrip())
    for r in rows:
        print("  ".join(_pad(c, widths[n]) for n, c in enumerate(r)).rstrip())
    if language == "en":
        print(f"{len(infos)} rule pack{'s' if len(infos) != 1 else ''}. For each id the newest version whose version date "
              f"is on or before the as-of date is used.")
    else:
        print(say(language, "rules_count", count=len(infos)))
    return 0






def _show(desk: Desk, args: argparse.Namespace) -> int:
    info = rulepacks.show_pack(desk, args.id, args.version)
    p = info.pack
    if args.toml:
        print(p.source_text, end="" if p.source_text.endswith("\n") else "\n")
        return 0
    if args.json:
        print_json(_info_json(info))
        return 0
    if args.language != "en":
        return _show_in(info, args.language)
    doc = p.document["pack"]
    print(f"{p.id}  version {p.version}  ({info.origin})")
    print(f"{p.announcement} — {p.title_en}")
    print(f"{p.announcement_zh} — {p.title_zh}")
    print(f"Authority: {p.authority}")
    print(f"Published {p.published}; in force from {p.effective_from}" + (f" until {p.effective_until}" if p.effective_until else ""))
    print(f"Suspended: {_windows(info)}")
    for target, w in p.suspends:
        print(f"Suspends {target} from {w.start} until {w.until}")
    print(f"Reviewed up to {p.reviewed_until}; this version governs from {p.version_date}")
    print(f"SHA-256 (canonical form): {p.sha256}")
    print(f"Scope: {doc['scope_en']}")
    print(f"范围：{doc['scope_zh']}")
    for r in p.rules:
        print(f"\n  {r.article}  [{r.kind}]" + (f"  in force from {r.effective_from}" if r.effective_from else ""))
        print(f"    {r.key_phrase_en}")
        print(f"    「{r.key_phrase_zh}」")
        if r.key_phrase_zh_hant and r.key_phrase_zh_hant != r.key_phrase_zh:
            print(f"    「{r.key_phrase_zh_hant}」")
        params = p.document["rules"][p.rules.index(r)].get("parameters", {})
        for key, value in params.items():
            print(f"    {key} = {value}")
        if r.reading_en:
            print(f"    Reading taken: {r.reading_en}")
        for u in r.unverified:
            print(f"    Unverified: {u}")
    for u in p.unverified:
        print(f"Unverified: {u}")
    for point in p.open_points:  # the readings a determination evaluates (docs/rule-packs.md)
        print(f"\nOpen point {point.id}: {point.text['en']}")
        for reading in point.readings:
            mark = "primary" if reading.primary else ("stated, not evaluated" if not reading.evaluated else "alternative")
            print(f"  - {reading.id} ({mark}; {reading.status}): {reading.description['en']}")
            print(f"    source: {reading.source}")
    if p.settles:
        print(f"Settles open points: {', '.join(p.settles)}")
    return 0


def _zh(table: dict[str, Any], key: str, language: str) -> str:
    """A pack's Chinese text of ``key`` in ``language`` (``key_zh_hant`` for Traditional, else ``key_zh``); a
    Traditional text the pack does not give is the Simplified one converted by OpenCC (s2t)."""
    if language == "zh-Hant" and table.get(f"{key}_zh_hant"):
        return str(table[f"{key}_zh_hant"])
    text = str(table.get(f"{key}_zh") or "")
    return _traditional(text) if language == "zh-Hant" and text else text


def _traditional(text: str) -> str:
    from reedesk.screening.normalise import _s2t  # the one OpenCC s2t converter the desk keeps

    return str(_s2t().convert(text))


def _quoted(value: object) -> str:
    """Pack data without a Chinese text (an authority's name, a source, a parameter's value), quoted as the file writes it."""
    return "「" + str(value).replace("「", "『").replace("」", "』") + "」"  # a quotation inside: 『』


def _show_in(info: PackInfo, language: str) -> int:
    """``rules show`` in Chinese: every text the pack gives in Chinese, in the reader's script ([cli.rules_show_*]);
    what the pack writes in English only is quoted 「as written」; rule kinds and ids stay as code spans."""
    p = info.pack
    doc = p.document["pack"]
    announcement = p.announcement_zh_hant if language == "zh-Hant" else p.announcement_zh
    print(say(language, "rules_show_heading", id=p.id, version=p.version, origin=say(language, f"rules_origin_{info.origin}")))
    print(f"{announcement} — 「{p.title_zh}」")  # the title as published (Simplified)
    print(say(language, "rules_show_authority", authority=_quoted(p.authority)))
    until = say(language, "rules_show_until", date=p.effective_until) if p.effective_until else ""
    print(say(language, "rules_show_in_force", published=p.published, start=p.effective_from, until=until))
    windows = []
    for w in p.suspensions:
        by = (w.by_zh_hant or (w.by_zh and _traditional(w.by_zh))) if language == "zh-Hant" else w.by_zh
        windows.append(say(language, "rules_show_window", start=w.start, until=w.until, by=by or _quoted(w.by)))
    print(say(language, "rules_show_suspended", windows="；".join(windows) or "-"))
    for target, w in p.suspends:
        print(say(language, "rules_show_suspends", target=target, start=w.start, until=w.until))
    print(say(language, "rules_show_reviewed", reviewed=p.reviewed_until, version_date=p.version_date))
    print(say(language, "rules_show_sha", sha256=p.sha256))
    print(say(language, "rules_show_scope", scope=_zh(doc, "scope", language)))
    for n, r in enumerate(p.rules):
        raw = p.document["rules"][n]
        article = _zh(raw, "article", language) or r.article
        since = say(language, "rules_show_rule_from", date=r.effective_from) if r.effective_from else ""
        kind = say(language, f"rule_kind_{r.kind}") if r.kind in _KINDS else f"（{r.kind}）"
        print(f"\n  {article}（{p.id}:{r.article}）  {kind}{since}")
        print(f"    「{_zh(raw, 'key_phrase', language)}」")
        for key, value in raw.get("parameters", {}).items():
            print("    " + say(language, "rules_show_parameter", parameter=_quoted(f"{key} = {value}")))
        if r.reading_en:
            print("    " + say(language, "rules_show_reading", reading=_zh(raw, "reading", language)))
        for u in _zh_list(raw, "unverified", language):
            print("    " + say(language, "rules_show_unverified", text=u))
    for u in _zh_list(doc, "unverified", language):
        print(say(language, "rules_show_unverified", text=u))
    points = {str(o.get("id")): o for o in p.document.get("open_points", [])}
    for point in p.open_points:
        raw_point = points.get(point.id, {})
        print("\n" + say(language, "rules_show_open_point", id=point.id, text=_zh(raw_point, "point", language) or point.text.get(language, "")))
        readings = {str(r.get("id")): r for r in raw_point.get("readings", [])}
        for reading in point.readings:
            mark = say(language, "rules_show_primary" if reading.primary else (
                "rules_show_not_evaluated" if not reading.evaluated else "rules_show_alternative"))
            status = say(language, f"rules_show_status_{reading.status}") if reading.status in _STATUSES else f"（{reading.status}）"
            description = reading.description.get(language) or _zh(readings.get(reading.id, {}), "description", language)
            print("  - " + say(language, "rules_show_point_reading", id=reading.id, mark=mark, status=status, description=description))
            print("    " + say(language, "rules_show_source", source=_quoted(reading.source)))
    if p.settles:
        print(say(language, "rules_show_settles", ids="、".join(f"（{s}）" for s in p.settles)))
    return 0


_STATUSES = ("text", "reported_unconfirmed", "reedesk_reading", "commentary")
_KINDS = ("end_user", "direct_product", "end_use", "catch_all", "value_content", "origin", "exemption", "destination_ban",
          "item_list", "listing")  # [cli.rule_kind_<kind>]; another kind is shown as its code


def _zh_list(table: dict[str, Any], key: str, language: str) -> list[str]:
    texts = table.get(f"{key}_zh_hant") if language == "zh-Hant" else None
    if not texts:
        texts = table.get(f"{key}_zh") or []
        if language == "zh-Hant":
            texts = [_traditional(str(t)) for t in texts]
    return [str(t) for t in texts]


def _import(desk: Desk, args: argparse.Namespace) -> int:
    before = {(i.pack.id, i.pack.version) for i in rulepacks.list_packs(desk)}
    info = rulepacks.import_pack(desk, args.file)
    p = info.pack
    if (p.id, p.version) in before:
        print(say(args, "rules_already_in_use", id=p.id, version=p.version, sha=p.sha256[:16]))
    else:
        print(say(args, "rules_imported", id=p.id, version=p.version, sha=p.sha256[:16], date=p.version_date))
    for notice in info.notices:
        if args.language != "en" and notice == rulepacks.UNSIGNED_NOTICE:
            notice = say(args, "rules_unsigned_notice")
        print(say(args, "rules_warning", notice=notice))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``rules list|show|import`` to the reedesk parser."""
    rules = subparsers.add_parser("rules", help="rule packs in use, one pack, a newer pack")
    sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=type(rules))
    rules.set_defaults(handler=lambda args: (rules.print_help(), 2)[1])

    p_list = sub.add_parser("list", help="list every rule pack version this desk can use")
    p_list.add_argument("--json", action="store_true", help="print JSON")
    add_language_option(p_list, hidden_lang=False)
    p_list.set_defaults(handler=_with_desk(_list))

    p_show = sub.add_parser("show", help="show one rule pack")
    p_show.add_argument("id", help="pack id, e.g. cn-mofcom-2025-061")
    p_show.add_argument("--version", help="a particular version (default: the newest)")
    form = p_show.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the pack as JSON (its canonical form)")
    form.add_argument("--toml", action="store_true", help="print the pack's TOML source")
    add_language_option(p_show, hidden_lang=False)
    p_show.set_defaults(handler=_with_desk(_show))

    p_import = sub.add_parser("import", help="import a newer rule pack (TOML)")
    p_import.add_argument("file", help="FILE.toml")
    add_language_option(p_import, hidden_lang=False, help="language of a refused pack's problems: en, zh-Hant or zh-Hans (default en)")
    p_import.set_defaults(handler=_with_desk(_import))

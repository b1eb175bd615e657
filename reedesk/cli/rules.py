"""CLI commands ``reedesk rules list | show ID | import FILE.toml`` (FORMATS.md).

A thin layer over :mod:`reedesk.services.rulepacks`.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from reedesk.cli.common import add_language_option, desk_from_env, print_json
from reedesk.services import rulepacks
from reedesk.services.desk import Desk
from reedesk.services.rulepacks import PackInfo


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
    headers = ("id", "version", "origin", "effective", "reviewed until", "rules", "announcement")
    rows = [
        (i.pack.id, i.pack.version, i.origin, str(i.pack.effective_from), str(i.pack.reviewed_until),
         str(len(i.pack.rules)), i.pack.announcement)
        for i in infos
    ]
    widths = [max(len(h), *(len(r[n]) for r in rows)) for n, h in enumerate(headers)] if rows else [len(h) for h in headers]
    print("  ".join(h.ljust(widths[n]) for n, h in enumerate(headers)).rstrip())
    for r in rows:
        print("  ".join(c.ljust(widths[n]) for n, c in enumerate(r)).rstrip())
    print(f"{len(infos)} rule pack{'s' if len(infos) != 1 else ''}. For each id the newest version whose version date "
          f"is on or before the as-of date is used.")
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


def _import(desk: Desk, args: argparse.Namespace) -> int:
    before = {(i.pack.id, i.pack.version) for i in rulepacks.list_packs(desk)}
    info = rulepacks.import_pack(desk, args.file)
    p = info.pack
    if (p.id, p.version) in before:
        print(f"{p.id} version {p.version} is already in use (sha256 {p.sha256[:16]}…); nothing changed.")
    else:
        print(f"Imported {p.id} version {p.version} (sha256 {p.sha256[:16]}…); it governs determinations as of "
              f"{p.version_date} onwards. Earlier determinations keep the versions they used.")
    for notice in info.notices:
        print(f"Warning: {notice}")
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``rules list|show|import`` to the reedesk parser."""
    rules = subparsers.add_parser("rules", help="rule packs in use, one pack, a newer pack")
    sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=type(rules))
    rules.set_defaults(handler=lambda args: (rules.print_help(), 2)[1])

    p_list = sub.add_parser("list", help="list every rule pack version this desk can use")
    p_list.add_argument("--json", action="store_true", help="print JSON")
    p_list.set_defaults(handler=_with_desk(_list))

    p_show = sub.add_parser("show", help="show one rule pack")
    p_show.add_argument("id", help="pack id, e.g. cn-mofcom-2025-061")
    p_show.add_argument("--version", help="a particular version (default: the newest)")
    form = p_show.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print the pack as JSON (its canonical form)")
    form.add_argument("--toml", action="store_true", help="print the pack's TOML source")
    p_show.set_defaults(handler=_with_desk(_show))

    p_import = sub.add_parser("import", help="import a newer rule pack (TOML)")
    p_import.add_argument("file", help="FILE.toml")
    add_language_option(p_import, hidden_lang=False, help="language of a refused pack's problems: en, zh-Hant or zh-Hans (default en)")
    p_import.set_defaults(handler=_with_desk(_import))

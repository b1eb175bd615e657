"""CLI commands ``reedesk headroom``, ``reedesk timeline`` and ``reedesk impact`` (FORMATS.md 0.2).

Each prints figures a reader can check (``--json``: the document documented in
docs/portfolio.md). None of them stores anything, except ``impact --store``.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from reedesk.cli.common import desk_from_env, print_json
from reedesk.rules.text import OUTCOME_NAMES
from reedesk.services import portfolio

LANGS = ("en", "zh-Hant", "zh-Hans")

L = {
    "en": {
        "headroom": "Headroom to the value-content threshold", "dossier": "Dossier", "as_of": "As of", "rule": "Rule",
        "result": "rule result", "ratio": "Ratio", "threshold": "threshold", "margin": "Margin",
        "points": "percentage points", "lines": "Counted lines, by share of the China-origin content",
        "cols": ("#", "line", "value", "share %", "of item %"), "set": "Smallest re-sourcing set", "rounding": "Rounding",
        "none": "none", "revision": "revision", "incomplete": "(some inputs not yet valued or classified)",
    },
    "zh-Hans": {
        "headroom": "距价值比例门槛的余量", "dossier": "档案", "as_of": "判定日期", "rule": "规则", "result": "规则结论",
        "ratio": "比例", "threshold": "门槛", "margin": "余量", "points": "个百分点", "lines": "计入行（按占中国原产成分的份额排序）",
        "cols": ("#", "行", "价值", "份额 %", "占物项 %"), "set": "最小改换来源组合", "rounding": "舍入",
        "none": "无", "revision": "版本", "incomplete": "（部分投入物尚未计值或归类）",
    },
    "zh-Hant": {
        "headroom": "距價值比例門檻的餘量", "dossier": "檔案", "as_of": "判定日期", "rule": "規則", "result": "規則結論",
        "ratio": "比例", "threshold": "門檻", "margin": "餘量", "points": "個百分點", "lines": "計入行（按佔中國原產成分的份額排序）",
        "cols": ("#", "行", "價值", "份額 %", "佔物項 %"), "set": "最小改換來源組合", "rounding": "捨入",
        "none": "無", "revision": "版本", "incomplete": "（部分投入物尚未計值或歸類）",
    },
}
RESULT = {
    "en": {"applies": "applies", "does_not_apply": "does not apply", "suspended": "suspended", "insufficient_data": "cannot be decided",
           "not_in_force": "not in force"},
    "zh-Hans": {"applies": "适用", "does_not_apply": "不适用", "suspended": "暂停实施", "insufficient_data": "无法判断", "not_in_force": "未生效"},
    "zh-Hant": {"applies": "適用", "does_not_apply": "不適用", "suspended": "暫停實施", "insufficient_data": "無法判斷", "not_in_force": "未生效"},
}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date such as 2026-11-25") from None


def outcome_text(code: str | None, lang: str) -> str:
    return OUTCOME_NAMES.get(code or "", {}).get(lang, str(code))


def headroom_text(h: dict[str, Any], lang: str = "en") -> str:
    """The headroom document as lines of text (figures, never advice)."""
    t = L[lang]
    cur = h["currency"]
    out = [t["headroom"], "=" * len(t["headroom"]),
           f"{t['dossier']}: {h['reference']} ({t['revision']} {h['revision']}) · {t['as_of']}: {h['as_of']}",
           f"{t['rule']}: {h['citation'][lang]} — {t['result']}: {RESULT[lang].get(h['rule_result'], h['rule_result'])}",
           *([f"  {h['rule_explanation'][lang]}"] if h["rule_result"] != "applies" and h.get("rule_explanation") else []),
           f"{t['ratio']}: {h['content_total']} / {h['item_value']} {cur} = {h['ratio_percent_display']} % "
           f"({t['threshold']} {h['threshold_percent_display']} % = {h['threshold_value']} {cur})"
           + ("" if h["content_complete"] else f" {t['incomplete']}"),
           f"{t['margin']}: {h['margin']} {cur} · {h['margin_percent_points_display']} {t['points']}", "", t["lines"]]
    rows = [t["cols"]] + [(str(x["rank"]), f"{x['id'] or x['index']} {x['description'] or ''}".strip(), f"{x['value']} {cur}",
                           x["share_percent_display"], x["ratio_contribution_percent_display"]) for x in h["lines"]]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        out.append("  " + "  ".join(c.ljust(widths[i]) if i == 1 else c.rjust(widths[i]) for i, c in enumerate(r)))
    r = h["resourcing"]
    out += ["", f"{t['set']}: " + (", ".join(r["lines"]) if r["lines"] else t["none"]), h["statement"][lang],
            f"{t['rounding']}: {h['rounding'][lang]}; {r['search'][lang]}"]
    return "\n".join(out)


def _headroom(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        doc = portfolio.headroom(desk, args.reference, args.as_of)
    print_json(doc) if args.json else print(headroom_text(doc, args.language))
    return 0


TL = {
    "en": {"title": "Timeline", "primary": "Primary reading (the text)", "reading": "Reading", "source": "source",
           "status": "status", "same": "same as the primary reading", "under": "under"},
    "zh-Hans": {"title": "时间线", "primary": "主要解读（文本）", "reading": "解读", "source": "来源", "status": "状态",
                "same": "与主要解读相同", "under": "依据"},
    "zh-Hant": {"title": "時間線", "primary": "主要解讀（文本）", "reading": "解讀", "source": "來源", "status": "狀態",
                "same": "與主要解讀相同", "under": "依據"},
}


def timeline_text(t: dict[str, Any], lang: str = "en") -> str:
    """The timeline as one block per band, one line per interval."""
    w = TL[lang]
    out = [f"{w['title']}: {t['reference']} ({L[lang]['revision']} {t['revision']}) {t['from']} … {t['until']}", ""]
    for band in t["bands"]:
        if band["primary"]:
            out.append(w["primary"])
        else:
            desc = (band.get("description") or {}).get(lang) or band["id"]
            out.append(f"{w['reading']} {band['id']}: {desc}")
            extra = [f"{w['source']}: {band['source']}" if band.get("source") else "", f"{w['status']}: {band['status']}" if band.get("status") else ""]
            if any(extra):
                out.append("  (" + "; ".join(e for e in extra if e) + ")")
        for i in band["intervals"]:
            cites = "; ".join(r["citation"][lang] for r in i["rules"])
            line = f"  {i['from']} … {i['until']}  {outcome_text(i['outcome'], lang)}"
            if cites:
                line += f" — {w['under']} {cites}"
            if i.get("same_as_primary") and not band["primary"]:
                line += f" ({w['same']})"
            out.append(line)
            for e in i["events"]:
                out.append(f"      · {e['text'][lang]}")
        out.append("")
    out.append(t["method"][lang])
    return "\n".join(out)


def _timeline(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        doc = portfolio.timeline(desk, args.reference, args.start, args.end)
    print_json(doc) if args.json else print(timeline_text(doc, args.language))
    return 0


def _language(p: argparse.ArgumentParser) -> None:
    p.add_argument("--language", "--lang", dest="language", choices=LANGS, default="en", help="language of the text (default en)")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``headroom``, ``timeline`` and ``impact`` to the reedesk parser."""
    p = subparsers.add_parser("headroom", help="margin to a value-content threshold, lines ranked, smallest re-sourcing set")
    p.add_argument("reference", metavar="REF", help="a stored dossier's reference")
    p.add_argument("--as-of", dest="as_of", required=True, type=_day, help="the date the law is applied as of (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print the reedesk.headroom/1 document")
    _language(p)
    p.set_defaults(handler=_headroom)

    p = subparsers.add_parser("timeline", help="outcome intervals across pack and reading dates")
    p.add_argument("reference", metavar="REF", help="a stored dossier's reference")
    p.add_argument("--from", dest="start", type=_day, help="first day (default: the first date the rule packs name)")
    p.add_argument("--to", dest="end", type=_day, help="last day (default: the day after the last date the rule packs name)")
    p.add_argument("--json", action="store_true", help="print the reedesk.timeline/1 document")
    _language(p)
    p.set_defaults(handler=_timeline)

"""CLI commands ``reedesk headroom``, ``reedesk timeline`` and ``reedesk impact`` (FORMATS.md 0.2).

Each prints figures a reader can check (``--json``: the document documented in
docs/portfolio.md). None of them stores anything, except ``impact --store``.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from reedesk.cli.common import add_language_option, desk_from_env, print_json
from reedesk.rules.text import OUTCOME_NAMES
from reedesk.services import portfolio

from reedesk.vocabulary import LANGUAGES as LANGS  # noqa: E402,F401  (one definition of the languages)
from reedesk.cli.columns import display_width as _width, pad as _pad

L = {
    "en": {
        "headroom": "Headroom to the value-content threshold", "dossier": "Dossier", "as_of": "As of", "rule": "Rule",
        "result": "rule result", "ratio": "Ratio", "threshold": "threshold", "margin": "Margin",
        "points": "percentage points", "lines": "Counted lines, by share of the China-origin content",
        "cols": ("#", "line", "value", "share %", "of item %"), "set": "Smallest re-sourcing set", "rounding": "Rounding",
        "none": "none", "revision": "revision", "incomplete": "(some inputs not yet valued or classified)",
    },
    "zh-Hans": {
        "headroom": "距价值比例门槛的余量", "dossier": "卷宗", "as_of": "判定日期", "rule": "规则", "result": "规则结论",
        "ratio": "比例", "threshold": "门槛", "margin": "余量", "points": "个百分点", "lines": "计入行（按占中国原产成分的份额排序）",
        "cols": ("#", "行", "价值", "份额 %", "占物项 %"), "set": "最小改换来源组合", "rounding": "舍入",
        "none": "无", "revision": "版本", "incomplete": "（部分投入物尚未计值或归类）",
    },
    "zh-Hant": {
        "headroom": "距價值比例門檻的餘量", "dossier": "卷宗", "as_of": "判定日期", "rule": "規則", "result": "規則結論",
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
    c, o, k = (": ", " (", ")") if lang == "en" else ("：", "（", "）")  # Chinese: the catalogue's fullwidth marks
    cur = h["currency"]
    from reedesk import vocabulary

    def money(value: Any) -> str:  # 「6.50美元」 in Chinese, as the rule texts and the evidence pack write it
        return vocabulary.amount_text(value, cur, lang)
    out = [t["headroom"], "=" * _width(t["headroom"]),
           f"{t['dossier']}{c}{h['reference']}{o}{t['revision']} {h['revision']}{k} · {t['as_of']}{c}{h['as_of']}",
           f"{t['rule']}{c}{h['citation'][lang]} — {t['result']}{c}{RESULT[lang].get(h['rule_result'], h['rule_result'])}",
           *([f"  {h['rule_explanation'][lang]}"] if h["rule_result"] != "applies" and h.get("rule_explanation") else []),
           f"{t['ratio']}{c}{h['content_total']} / {money(h['item_value'])} = {h['ratio_percent_display']} %"
           f"{o}{t['threshold']} {h['threshold_percent_display']} % = {money(h['threshold_value'])}{k}"
           + ("" if h["content_complete"] else (f" {t['incomplete']}" if lang == "en" else t["incomplete"])),
           f"{t['margin']}{c}{money(h['margin'])} · {h['margin_percent_points_display']} {t['points']}", "", t["lines"]]
    rows = [t["cols"]] + [(str(x["rank"]), f"{x['id'] or x['index']} {x['description'] or ''}".strip(), money(x["value"]),
                           x["share_percent_display"], x["ratio_contribution_percent_display"]) for x in h["lines"]]
    widths = [max(_width(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        out.append("  " + "  ".join(_pad(c, widths[i], left=i == 1) for i, c in enumerate(r)))
    r = h["resourcing"]
    out += ["", f"{t['set']}{c}" + ((", " if lang == "en" else "、").join(r["lines"]) if r["lines"] else t["none"]),
            h["statement"][lang], f"{t['rounding']}{c}{h['rounding'][lang]}{'; ' if lang == 'en' else '；'}{r['search'][lang]}"]
    return "\n".join(out)


def _headroom(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        doc = portfolio.headroom(desk, args.reference, args.as_of)
    print_json(doc) if args.json else print(headroom_text(doc, args.language))
    return 0


TL = {
    "en": {"title": "Timeline", "primary": "Primary reading (the text)", "reading": "Reading", "source": "source",
           "status": "status", "same": "same as the primary reading", "under": "under",
           "alike": "{n} other readings give the primary reading's outcome throughout this range: "},
    "zh-Hans": {"title": "时间线", "primary": "主要解读（文本）", "reading": "解读", "source": "来源", "status": "状态",
                "same": "与主要解读相同", "under": "依据", "alike": "另有 {n} 种解读在此期间的结论始终与主要解读相同。"},
    "zh-Hant": {"title": "時間線", "primary": "主要解讀（文本）", "reading": "解讀", "source": "來源", "status": "狀態",
                "same": "與主要解讀相同", "under": "依據", "alike": "另有 {n} 種解讀在此期間的結論始終與主要解讀相同。"},
}


def timeline_text(t: dict[str, Any], lang: str = "en") -> str:
    """The timeline as one block per band, one line per interval."""
    w = TL[lang]
    out = [f"{w['title']}: {t['reference']} ({L[lang]['revision']} {t['revision']}) {t['from']} … {t['until']}" if lang == "en" else
           f"{w['title']}：{t['reference']}（{L[lang]['revision']} {t['revision']}）{t['from']} … {t['until']}", ""]
    alike = [b for b in t["bands"] if not b["primary"] and not b.get("differs", True)]
    for band in t["bands"]:
        if band in alike:
            continue
        if band["primary"]:
            out.append(w["primary"])
        else:
            desc = (band.get("description") or {}).get(lang) or band["id"]
            out.append(f"{w['reading']} {band['id']}: {desc}" if lang == "en" else f"{w['reading']}：{desc}")
            status = (band.get("status_text") or {}).get(lang) or (band.get("status") if lang == "en" else None)
            # the packs give a reading's sources in English only: named in the English text
            extra = [f"{w['source']}: {band['source']}" if band.get("source") and lang == "en" else "",
                     (f"{w['status']}: {status}" if lang == "en" else f"{w['status']}：{status}") if status else ""]
            if any(extra):
                out.append(("  (" if lang == "en" else "  （") + ("; " if lang == "en" else "；").join(e for e in extra if e)
                           + (")" if lang == "en" else "）"))
        for i in band["intervals"]:
            cites = ("; " if lang == "en" else "；").join(r["citation"][lang] for r in i["rules"])
            line = f"  {i['from']} … {i['until']}  {outcome_text(i['outcome'], lang)}"
            if cites:
                line += f" — {w['under']} {cites}"
            if i.get("same_as_primary") and not band["primary"]:
                line += f" ({w['same']})" if lang == "en" else f"（{w['same']}）"
            out.append(line)
            for e in i["events"]:
                out.append(f"      · {e['text'][lang]}")
        out.append("")
    if alike:
        out.append(w["alike"].format(n=len(alike)) + (", ".join(b["id"] for b in alike) if lang == "en" else ""))
        out.append("")
    out.append(t["method"][lang])
    return "\n".join(out)


def _timeline(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        doc = portfolio.timeline(desk, args.reference, args.start, args.end)
    print_json(doc) if args.json else print(timeline_text(doc, args.language))
    return 0


IM = {
    "en": {"title": "Impact", "date": "as of {d} instead", "pack": "with rule pack {f} ({i} {v}), not imported",
           "list": "with screening list {f} ({i} {v}), not imported", "readings": "under each declared reading", "reading": "reading ",
           "none": "No stored dossier changes outcome.", "changed": "{n} of {t} dossiers change outcome",
           "cols": ("dossier", "client", "now", "under the change", "decisive rule"), "failed": "could not be evaluated",
           "stored": "Stored: {n} new determinations as of {d} (one impact audit event).", "nothing": "Nothing was stored (--store stores).",
           "cancelled": "Cancelled: only the dossiers compared so far are listed."},
    "zh-Hans": {"title": "影响", "date": "改为截至{d}", "pack": "采用未导入的规则包 {f}（{i} {v}）", "list": "采用未导入的筛查名单 {f}（{i} {v}）",
                "readings": "按每种已声明的解读", "reading": "解读", "none": "没有已保存卷宗的结论发生变化。", "changed": "{t} 个卷宗中有 {n} 个结论变化",
                "cols": ("卷宗", "客户", "现在", "变化后", "决定性规则"), "failed": "无法判定",
                "stored": "已保存：截至{d}的 {n} 个新判定（一条影响审计事件）。", "nothing": "未保存任何内容（使用 --store 保存）。",
                "cancelled": "已取消：仅列出已比较的卷宗。"},
    "zh-Hant": {"title": "影響", "date": "改為截至{d}", "pack": "採用未匯入的規則包 {f}（{i} {v}）", "list": "採用未匯入的篩查名單 {f}（{i} {v}）",
                "readings": "按每種已聲明的解讀", "reading": "解讀", "none": "沒有已儲存卷宗的結論發生變化。", "changed": "{t} 個卷宗中有 {n} 個結論變化",
                "cols": ("卷宗", "客戶", "現在", "變化後", "決定性規則"), "failed": "無法判定",
                "stored": "已儲存：截至{d}的 {n} 個新判定（一條影響審計事件）。", "nothing": "未儲存任何內容（使用 --store 儲存）。",
                "cancelled": "已取消：僅列出已比較的卷宗。"},
}


def change_text(change: dict[str, Any], lang: str) -> str:
    w = IM[lang]
    kind = change["kind"]
    if kind == "date":
        return w["date"].format(d=change["as_of"])
    if kind == "pack":
        return w["pack"].format(f=change["file"], i=change["pack"]["id"], v=change["pack"]["version"])
    if kind == "list":
        return w["list"].format(f=change["file"], i=change["list"]["id"], v=change["list"]["version"])
    return w["readings"]


def impact_text(doc: dict[str, Any], lang: str = "en") -> str:
    """The impact document as a table of the dossiers that change outcome."""
    w = IM[lang]
    head = f"{w['title']}{': ' if lang == 'en' else '：'}{doc['as_of']} — {change_text(doc['change'], lang)}"
    out = [head, "=" * _width(head)]
    if doc["cancelled"]:
        out.append(w["cancelled"])
    if not doc["rows"]:
        out.append(w["none"])
    else:
        out.append(w["changed"].format(n=doc["changed"], t=doc["evaluated"]))
        table = [w["cols"]]
        readings: dict[str, dict[str, Any]] = {}
        for r in doc["rows"]:
            if r.get("reading"):
                readings.setdefault(r["change"], r["reading"])
        tag = {rid: (rid if lang == "en" else f"{w['reading']}{n}") for n, rid in enumerate(readings, start=1)}
        for r in doc["rows"]:
            tagged = (f" [{tag.get(r['change'], r['change'])}]" if lang == "en" else f"［{tag.get(r['change'], r['change'])}］")
            label = outcome_text(r["new"], lang) + (tagged if r.get("change") else "")
            table.append((r["reference"], r["client"], outcome_text(r["old"], lang), label,
                          ("; " if lang == "en" else "；").join(d["citation"][lang] for d in r["decisive"])))
        widths = [max(_width(t[i]) for t in table) for i in range(4)]
        for t in table:
            out.append("  " + "  ".join(_pad(c, widths[i]) for i, c in enumerate(t[:4])) + "  " + t[4])
        for rid, reading in readings.items():
            desc = (reading.get("description") or {}).get(lang) or rid
            out.append(f"  {tag[rid]}: {desc}" if lang == "en" else f"  {tag[rid]}：{desc}")
    for f in doc["failures"]:
        out.append(f"  {f['reference']}: {w['failed']} — {f['message']}" if lang == "en" else f"  {f['reference']}：{w['failed']}")
    out.append(w["stored"].format(n=doc["stored"]["determinations"], d=doc["stored"]["as_of"]) if doc["stored"] else w["nothing"])
    return "\n".join(out)


def _impact(args: argparse.Namespace) -> int:
    import sys

    show = args.progress or sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show:
            print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    with desk_from_env() as desk:
        doc = portfolio.impact(desk, args.as_of, against=args.against, pack=args.pack, screening_list=args.list,
                               client=args.client, progress=progress, store=args.store)
    print_json(doc) if args.json else print(impact_text(doc, args.language))
    return 0


def _language(p: argparse.ArgumentParser) -> None:
    add_language_option(p)


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

    p = subparsers.add_parser("impact", help="dossiers whose outcome differs under a change (no option: under each declared reading)")
    p.add_argument("--as-of", dest="as_of", required=True, type=_day, help="the date the law is applied as of now (YYYY-MM-DD)")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--against", type=_day, metavar="DATE2", help="compare with the outcome as of another date")
    change.add_argument("--pack", metavar="FILE.toml", help="compare with a rule pack that is not imported")
    change.add_argument("--list", metavar="FILE.toml", help="compare with a screening list that is not imported")
    p.add_argument("--client", help="only this client's dossiers")
    p.add_argument("--store", action="store_true", help="store the new determinations (a date or the readings only)")
    p.add_argument("--progress", action="store_true", help="show progress on stderr even when it is not a terminal")
    p.add_argument("--json", action="store_true", help="print the reedesk.impact/1 document")
    _language(p)
    p.set_defaults(handler=_impact)

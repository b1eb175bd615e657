"""Headroom to a value-content threshold (No. 61 I(1), ``reedesk/rules/deminimis.py``).

Works on a determination document, never on the dossier again: the figures are the
engine's own (converted values, ratio, threshold), so what this reports is exactly
what the determination decided on, and it reproduces with it.

Reported, as figures and never as advice:

- the ratio, the threshold, and the margin in money and in percentage points
  (Decimal, 34 digits ROUND_HALF_EVEN; percentages rounded half-even for display,
  with as many places as it takes for the ratio and threshold to read differently);
- each counted line (China-origin Part 1 content) ranked by its share of the
  controlled content (largest first, ties in bill-of-materials order);
- the smallest set of those lines whose re-sourcing from a non-Chinese origin brings
  the content strictly below the threshold (the rule controls at ``≥``): fewest
  lines first; among sets with as few lines, the least value moved; among those, the
  set that comes first in the ranking. The search is exact (branch and bound over
  the ranking), not greedy.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Iterable, Sequence

from reedesk import vocabulary
from reedesk.errors import ReedeskError
from reedesk.rules.context import DECIMAL, DISPLAY, EXACT, dstr
from reedesk.rules.deminimis import display_limit, percent_display_distinct
from reedesk.rules.text import OUTCOME_NAMES, Text, tx

SCHEMA = "reedesk.headroom/1"
SEARCH_RULE = tx(
    "exact search: the fewest lines; among sets with as few lines, the least value moved; among those, the set first in the ranking "
    "(larger share first, then bill-of-materials order). Re-sourcing a line is read as the same value from a non-Chinese origin; "
    "the content must end strictly below the threshold value, because the rule applies at or above it.",
    "精确搜索：行数最少；行数相同时，转移价值最小；再相同时，取排序在前者（份额大者在前，其次按物料清单顺序）。"
    "改换来源指同一价值改由非中国原产供应；由于规则在达到或超过门槛时适用，成分须严格低于门槛价值。",
    "精確搜尋：行數最少；行數相同時，轉移價值最小；再相同時，取排序在前者（份額大者在前，其次按物料清單順序）。"
    "改換來源指同一價值改由非中國原產供應；由於規則在達到或超過門檻時適用，成分須嚴格低於門檻價值。",
)
ROUNDING = tx(
    "Decimal arithmetic: sums and differences exact, divisions to 34 significant digits, ROUND_HALF_EVEN; percentages and "
    "percentage points rounded ROUND_HALF_EVEN for display only",
    "十进制运算：加减精确计算，除法保留34位有效数字，银行家舍入；百分比及百分点按银行家舍入，仅供显示",
    "十進位運算：加減精確計算，除法保留34位有效數字，銀行家捨入；百分比及百分點按銀行家捨入，僅供顯示",
)


def _pct(value: Decimal, places: int) -> str:
    """``value`` × 100 rounded half-even to ``places`` decimals (display only)."""
    return dstr(DISPLAY.multiply(value, Decimal(100)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=DISPLAY))


def _plain(amount: Decimal) -> str:
    text = dstr(amount)
    return text.rstrip("0").rstrip(".") if "." in text else text


def smallest_set(values: Sequence[Decimal], margin: Decimal) -> tuple[int, ...] | None:
    """Positions (in ``values``' order, which must be the ranking: non-increasing) of the
    smallest set whose sum exceeds ``margin``: fewest positions, then least sum, then the
    lexicographically first positions. ``()`` when ``margin`` < 0 (already below);
    None when even all of them do not exceed it.

    Branch and bound in lexicographic order of positions: a branch is cut when even the
    largest remaining values cannot exceed the margin, or when even the smallest ones
    cannot beat (or, since earlier sets win ties, equal) the best sum found so far.
    """
    if margin < 0:
        return ()
    n = len(values)
    if any(values[i] < values[i + 1] for i in range(n - 1)):
        raise ValueError("values must be in ranking order (non-increasing)")
    suffix = [Decimal(0)] * (n + 1)  # suffix[i] = sum(values[i:])
    for i in range(n - 1, -1, -1):
        suffix[i] = EXACT.add(suffix[i + 1], values[i])
    if suffix[0] <= margin:
        return None
    # fewest lines: the k largest exceed the margin, the k-1 largest do not
    k, running = 0, Decimal(0)
    while running <= margin:
        running = EXACT.add(running, values[k])
        k += 1
    best: list[Any] = [running, tuple(range(k))]  # the k largest: a valid set, first in order

    def smallest_of(start: int, r: int) -> Decimal:
        """Sum of the r smallest values at positions >= start (the last r)."""
        return EXACT.subtract(suffix[n - r], suffix[n]) if r else Decimal(0)

    def search(pos: int, chosen: tuple[int, ...], total: Decimal) -> None:
        r = k - len(chosen)
        if r == 0:
            if total > margin and total < best[0]:
                best[0], best[1] = total, chosen
            return
        for p in range(pos, n - r + 1):
            top = EXACT.add(total, EXACT.subtract(suffix[p], suffix[p + r]))
            if top <= margin:
                break  # later positions hold smaller values: nothing further can exceed the margin
            low = EXACT.add(EXACT.add(total, values[p]), smallest_of(p + 1, r - 1) if r > 1 else Decimal(0))
            if low >= best[0]:
                continue  # at best a tie, and the set found earlier wins ties
            search(p + 1, chosen + (p,), EXACT.add(total, values[p]))

    search(0, (), Decimal(0))
    return best[1]


def _value_finding(determination: dict[str, Any], rule: str | None) -> dict[str, Any]:
    found = [f for f in determination.get("findings", []) if f.get("kind") == "value_content" and (rule is None or f["rule"] == rule)]
    reference = (determination.get("dossier") or {}).get("reference", "")
    if not found:
        raise ReedeskError(
            f"Dossier {reference}: no value-content rule (such as No. 61 I(1)) is in the rule packs used as of "
            f"{determination.get('as_of')}, so there is no threshold to measure headroom against.")
    with_ratio = [f for f in found if (f.get("figures") or {}).get("ratio") is not None]
    if not with_ratio:
        f = found[0]
        fields = ", ".join(m["field"] for m in determination.get("missing", [])) or "product.unit_value.amount"
        raise ReedeskError(
            f"Dossier {reference}: the value ratio of {f['rule']} cannot be computed as of {determination.get('as_of')} "
            f"(the item value is missing or zero; supply {fields}).")
    return with_ratio[0]


def ranked_lines(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The counted lines with a converted value, largest first (ties: bill-of-materials order)."""
    rows = [r for r in figures.get("components", []) if r.get("counted") is True and r.get("converted") is not None]
    return sorted(rows, key=lambda r: (-Decimal(r["converted"]), r["index"]))


def headroom(determination: dict[str, Any], *, rule: str | None = None) -> dict[str, Any]:
    """The headroom document (``reedesk.headroom/1``) for the value-content finding of
    ``determination`` (the first one with a ratio, or ``rule``). Pure."""
    from reedesk.rules.render import expand  # prose and citations from the expanded view (contract C1)

    determination = expand(determination)
    f = _value_finding(determination, rule)
    fig = f["figures"]
    currency = fig.get("currency") or ""
    item_value = Decimal(fig["item_value"])
    threshold = Decimal(fig["threshold"])
    bar = Decimal(fig["threshold_value"])
    content = Decimal(fig["content_total"])
    ratio = Decimal(fig["ratio"])
    margin = EXACT.subtract(content, bar)  # exact, as engine 3.7.0's value rule
    margin_ratio = DECIMAL.subtract(ratio, threshold)
    # a ratio engine 3.7.0 carried past 34 digits (it would round onto the threshold) is shown with the places it needs
    _, _, places = percent_display_distinct(ratio, threshold, display_limit(ratio))
    lines = ranked_lines(fig)
    values = [Decimal(r["converted"]) for r in lines]
    ranked = []
    for rank, (r, v) in enumerate(zip(lines, values), start=1):
        share = DECIMAL.divide(v, content) if content else Decimal(0)
        contribution = DECIMAL.divide(v, item_value)
        ranked.append({
            "rank": rank, "index": r["index"], "id": r.get("id"), "description": r.get("description"), "origin": r.get("origin"),
            "category": r.get("category"), "elements": r.get("elements"), "value": r["converted"], "currency": currency,
            "original_amount": r.get("amount"), "original_currency": r.get("currency"),
            "share_of_content": dstr(share), "share_percent_display": _pct(share, 4),
            "ratio_contribution": dstr(contribution), "ratio_contribution_percent_display": _pct(contribution, places),
            "alone_reaches_threshold": v >= bar,
        })
    chosen = smallest_set(values, margin)
    resourcing: dict[str, Any]
    if chosen is None:
        resourcing = {"status": "not_possible", "lines": [], "count": None, "value_moved": None, "content_after": None,
                      "ratio_after": None, "ratio_after_percent_display": None, "margin_after": None}
    else:
        moved = Decimal(0)
        for p in chosen:
            moved = EXACT.add(moved, values[p])
        after = EXACT.subtract(content, moved)
        ratio_after = DECIMAL.divide(after, item_value)
        resourcing = {
            "status": "already_below" if not chosen else "found",
            "lines": [ranked[p]["id"] or f"components[{ranked[p]['index']}]" for p in chosen],
            "indexes": [ranked[p]["index"] for p in chosen], "ranks": [ranked[p]["rank"] for p in chosen],
            "count": len(chosen), "value_moved": dstr(moved), "content_after": dstr(after),
            "ratio_after": dstr(ratio_after), "ratio_after_percent_display": _pct(ratio_after, places),
            "margin_after": dstr(EXACT.subtract(after, bar)),
        }
    resourcing["search"] = SEARCH_RULE
    dossier = determination.get("dossier") or {}
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "reference": dossier.get("reference"), "revision": dossier.get("revision"), "as_of": determination.get("as_of"),
        "determination_outcome": determination.get("outcome"),
        "rule": f["rule"], "rule_result": f["result"], "citation": f["citation"]["text"],
        "rule_explanation": f.get("explanation"),
        "currency": currency, "item_value": fig["item_value"], "content_total": fig["content_total"],
        "content_complete": bool(fig.get("content_complete", True)),
        "ratio": fig["ratio"], "ratio_percent_display": _pct(ratio, places),
        "threshold": fig["threshold"], "threshold_percent_display": _pct(threshold, places), "threshold_value": fig["threshold_value"],
        "comparison": "at_or_above" if content >= bar else "below",
        "margin": dstr(margin), "margin_percent_points": dstr(DECIMAL.multiply(margin_ratio, Decimal(100))),
        "margin_percent_points_display": _pct(margin_ratio, places),
        "display_places": places, "rounding": ROUNDING,
        "lines": ranked, "resourcing": resourcing,
    }
    doc["statement"] = statement(doc)
    return doc


def _names(ids: Iterable[str]) -> tuple[str, str]:
    ids = list(ids)
    return ", ".join(ids), "、".join(ids)


def statement(doc: dict[str, Any]) -> Text:
    """The figures in one paragraph per language: what the numbers are, never what to do."""
    cur = doc["currency"]
    # the currency by its catalogue name in Chinese (「6.50美元」), as the rule texts (reedesk-texts-4) and the evidence
    # pack name it; English keeps the code ("6.50 USD")
    cur_hans, cur_hant = (vocabulary.label("currency", cur, lang) if vocabulary.known("currency", cur) else f" {cur}"
                          for lang in ("zh-Hans", "zh-Hant"))
    margin = Decimal(doc["margin"])
    pts = doc["margin_percent_points_display"].lstrip("-")
    head = tx(
        f"China-origin Part 1 content {doc['content_total']} {cur} of an item value of {doc['item_value']} {cur}: ratio "
        f"{doc['ratio_percent_display']} %, threshold {doc['threshold_percent_display']} % ({doc['threshold_value']} {cur}).",
        f"中国原产第一部分物项成分 {doc['content_total']}{cur_hans}，物项价值 {doc['item_value']}{cur_hans}：比例 "
        f"{doc['ratio_percent_display']}%，门槛 {doc['threshold_percent_display']}%（{doc['threshold_value']}{cur_hans}）。",
        f"中國原產第一部分物項成分 {doc['content_total']}{cur_hant}，物項價值 {doc['item_value']}{cur_hant}：比例 "
        f"{doc['ratio_percent_display']}%，門檻 {doc['threshold_percent_display']}%（{doc['threshold_value']}{cur_hant}）。")
    size = _plain(abs(margin))
    if margin >= 0:
        pos = tx(f" At or above the threshold by {size} {cur} ({pts} percentage points).",
                 f"达到或超过门槛，超出 {size}{cur_hans}（{pts} 个百分点）。", f"達到或超過門檻，超出 {size}{cur_hant}（{pts} 個百分點）。")
    else:
        pos = tx(f" Below the threshold by {size} {cur} ({pts} percentage points).",
                 f"低于门槛 {size}{cur_hans}（{pts} 个百分点）。", f"低於門檻 {size}{cur_hant}（{pts} 個百分點）。")
    r = doc["resourcing"]
    if r["status"] == "already_below":
        tail = tx(" No line needs a different origin for the content to be below the threshold.",
                  "无需改变任何一行的原产地，成分即低于门槛。", "無需改變任何一行的原產地，成分即低於門檻。")
    elif r["status"] == "not_possible":
        tail = tx(" Even with every counted line from a non-Chinese origin the content would not be below the threshold.",
                  "即使所有计入行均改为非中国原产，成分仍不低于门槛。", "即使所有計入行均改為非中國原產，成分仍不低於門檻。")
    else:
        en, zh = _names(r["lines"])
        tail = tx(
            f" Fewest lines whose origin, if not Chinese, puts the content below the threshold: {r['count']} ({en}), "
            f"{r['value_moved']} {cur} of content; the content would then be {r['content_after']} {cur}, ratio "
            f"{r['ratio_after_percent_display']} %.",
            f"使成分低于门槛所需改为非中国原产的最少行数：{r['count']} 行（{zh}），涉及成分 {r['value_moved']}{cur_hans}；"
            f"届时成分为 {r['content_after']}{cur_hans}，比例 {r['ratio_after_percent_display']}%。",
            f"使成分低於門檻所需改為非中國原產的最少行數：{r['count']} 行（{zh}），涉及成分 {r['value_moved']}{cur_hant}；"
            f"屆時成分為 {r['content_after']}{cur_hant}，比例 {r['ratio_after_percent_display']}%。")
    incomplete = tx("", "", "")
    if not doc["content_complete"]:
        incomplete = tx(" Some inputs are not yet valued or classified; these figures cover the valued lines only.",
                        "部分投入物尚未计值或归类；以上数字仅涵盖已计值的行。", "部分投入物尚未計值或歸類；以上數字僅涵蓋已計值的行。")
    rule_state = tx("", "", "")
    if doc["rule_result"] in ("suspended", "not_in_force"):
        word = {"suspended": tx("suspended", "暂停实施", "暫停實施"), "not_in_force": tx("not in force", "未生效", "未生效")}[doc["rule_result"]]
        rule_state = tx(f" On {doc['as_of']} the rule is {word['en']}.", f"{doc['as_of']}该规则{word['zh-Hans']}。",
                        f"{doc['as_of']}該規則{word['zh-Hant']}。")
    return {k: head[k] + pos[k] + tail[k] + incomplete[k] + rule_state[k] for k in ("en", "zh-Hans", "zh-Hant")}


def outcome_name(code: str | None) -> Text:
    return dict(OUTCOME_NAMES.get(code or "", tx(str(code), str(code), str(code))))

"""Rule kind ``value_content``: the 0.1 % de minimis value rule of No. 61 I(1).

China published no valuation method, so this follows the US EAR de minimis
method (15 CFR 734.4, Supp. 2 to Part 734) as RULES.md prescribes: keep the
inputs that are China-origin Part 1 items, value each at what the maker paid,
convert with the dossier's stated rate, sum, divide by the value of the Part 2
item itself, and compare with the pack's threshold. The comparison is exact
(``content ≥ threshold × item value``), so a ratio of exactly 0.1 % is
controlled whatever the rounding of the displayed percentage.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Any

from reedesk.domain.codes import RARE_EARTH_ELEMENTS
from reedesk.domain.dossier import Dossier, ExchangeRate, Product, Shipment
from reedesk.rules.context import (
    DECIMAL,
    DISPLAY,
    EXACT,
    DISPLAY_NOTE,
    PRECISION_NOTE,
    Missing,
    RuleResult,
    dstr,
    item_labels,
    labels,
    match_any,
    match_item,
    matching_family,
    missing,
    percent_display,
    product_missing,
)
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import home_exporter, sold_inside
from reedesk.rules.messages import Msg, join, msg, msg_of, render, texts_major, zh_name
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import Text, tx

DEFAULT_METHOD_EN = (
    "No official valuation method was published; the US EAR de minimis method (15 CFR 734.4 and "
    "Supplement No. 2 to Part 734) is used: China-origin Part 1 inputs at the price paid, the Part 2 "
    "item at its selling price, one currency at stated rates."
)
DEFAULT_METHOD_ZH = "官方未公布计值方法；采用美国EAR微量规则方法（15 CFR 734.4及第734部分补编2）：中国原产第一部分物项按实际采购价，第二部分物项按正常售价，以所述汇率折算为同一币种。"
DEFAULT_METHOD_ZH_HANT = "官方未公布計值方法；採用美國EAR微量規則方法（15 CFR 734.4及第734部分補編2）：中國原產第一部分物項按實際採購價，第二部分物項按正常售價，以所述匯率折算為同一幣種。"
RATE_RULE = msg("deminimis.module.1")
# Engine 3.6.0's rate rule (session 7's independent case (4)): a rate dated after the as-of date was not known on that date,
# so it is never used. The text is the value rule's pack parameters rate_rule_en / _zh / _zh_hant (a hashed file says what a
# document reads: ``@rate_rule``, rendered by reedesk.rules.render); these are the words for a pack without them.
RATE_RULE_EN = (
    "rate selection: the stated rate for the pair, in either direction, dated latest on or before the as-of date (on the "
    "same date a direct rate before an inverse one, which is divided); a rate dated after the as-of date is not used, "
    "since it was not known on that date, nor an undated one, whose date is unknown (the valuation converts at a stated "
    "rate and date as of the determination's date): without a rate dated on or before it the value cannot be converted "
    "and the line is undecided")
RATE_RULE_ZH = (
    "汇率选用规则：选用该币种对（任一方向）日期在判定日期当日或之前的最新汇率（同一日期直接汇率优先于反向汇率，反向汇率用除法）；"
    "判定日期之后的汇率在该日尚不可知，未注明日期的汇率无法确定其日期，均不予采用（计值按判定日期以所述汇率及其日期折算）："
    "没有当日或之前的汇率时无法折算，该投入物未定")
RATE_RULE_ZH_HANT = (
    "匯率選用規則：選用該幣種對（任一方向）日期在判定日期當日或之前的最新匯率（同一日期直接匯率優先於反向匯率，反向匯率用除法）；"
    "判定日期之後的匯率在該日尚不可知，未註明日期的匯率無法確定其日期，均不予採用（計值按判定日期以所述匯率及其日期折算）："
    "沒有當日或之前的匯率時無法折算，該投入物未定")
RATE_RULE_3_6 = tx(
    RATE_RULE_EN, RATE_RULE_ZH, RATE_RULE_ZH_HANT)


def rate_rule_of(pack: RulePack, rule: RuleSpec) -> Any:
    """Engine 3.6.0's rate rule for ``rule``: a reference to its pack's words when the pack states them, else
    :data:`RATE_RULE_3_6`."""
    if "rate_rule_en" in rule.params:
        return Msg(t="@rate_rule", p={"rule": f"{pack.id}:{rule.article}"})
    return RATE_RULE_3_6


def percent_display_distinct(ratio: Decimal, threshold: Decimal, limit: int = 34) -> tuple[str, str, int]:
    """Percentages of ``ratio`` and ``threshold`` rounded to 4 places, or to as many more
    places as it takes for them to differ when the exact values differ, so the display
    never reads "0.1000 % below the 0.1000 % threshold". Returns (ratio %, threshold %, places).
    ``limit``: the most places tried (34; :func:`display_limit` for a ratio carried beyond 34 digits)."""
    places = 4
    while places < limit:
        q = Decimal(1).scaleb(-places)
        # × 100 is exact at any size (DISPLAY); DECIMAL rounded a ratio of more than 34 digits (engine 3.7.0's
        # _distinct_ratio) back to the threshold. A ratio of 34 digits or fewer reads the same either way.
        r = DISPLAY.multiply(ratio, Decimal(100)).quantize(q, rounding=ROUND_HALF_EVEN, context=DISPLAY)
        t = DISPLAY.multiply(threshold, Decimal(100)).quantize(q, rounding=ROUND_HALF_EVEN, context=DISPLAY)
        if ratio == threshold or r != t:
            return dstr(r), dstr(t), places
        places += 1
    return dstr(DISPLAY.multiply(ratio, Decimal(100))), dstr(DISPLAY.multiply(threshold, Decimal(100))), places


def display_limit(ratio: Decimal) -> int:
    """The places :func:`percent_display_distinct` may try for ``ratio``: 34, or one more than its decimal places
    when engine 3.7.0 carried it beyond that (:func:`_distinct_ratio`; the headroom reads the stored ratio)."""
    return max(34, -int(ratio.as_tuple().exponent) + 1)


def rates_not_used(rates: list[ExchangeRate], source: str, target: str, used: int) -> list[tuple[int, ExchangeRate]]:
    """The other stated rates for the pair (either direction), listed so the reader sees the choice."""
    pairs = {(source, target), (target, source)}
    return [(i, r) for i, r in enumerate(rates) if i != used and (r.from_currency, r.to_currency) in pairs]


def find_rate(rates: list[ExchangeRate], source: str, target: str, as_of: date,
              known_only: bool = False) -> tuple[int, ExchangeRate, bool] | None:
    """The stated rate for ``source``→``target`` (see ``RATE_RULE``): the latest dated on or
    before ``as_of`` (undated counts as on or before), a direct rate before an inverse one;
    only when no rate of either direction is dated on or before ``as_of``, the earliest
    dated after it. A rate known on the as-of date always beats one published later.
    ``known_only`` (engine 3.6.0, :data:`RATE_RULE_3_6`): only a rate *dated* on or before ``as_of`` (an undated one may
    be one published later: its date is unknown), the latest in either direction (on the same date a direct rate before
    an inverse one); None when there is none.
    Returns (index in exchange_rates, rate, inverse?)."""
    by_direction = []
    for inverse in (False, True):
        pair = (target, source) if inverse else (source, target)
        by_direction.append((inverse, [(i, r) for i, r in enumerate(rates) if (r.from_currency, r.to_currency) == pair]))
    if known_only:
        known = [(r.date, not inverse, -i, i, r, inverse) for inverse, candidates in by_direction for i, r in candidates
                 if r.date is not None and r.date <= as_of]
        if not known:
            return None
        best = max(known, key=lambda k: k[:3])
        return best[3], best[4], best[5]
    for inverse, candidates in by_direction:
        before = [(i, r) for i, r in candidates if r.date is None or r.date <= as_of]
        if before:
            i, r = max(before, key=lambda ir: (ir[1].date or date.min, -ir[0]))
            return i, r, inverse
    for inverse, candidates in by_direction:
        if candidates:
            i, r = min(candidates, key=lambda ir: (ir[1].date, ir[0]))  # type: ignore[arg-type, return-value]
            return i, r, inverse
    return None


def unusable_rate(rates: list[ExchangeRate], source: str, target: str, as_of: date) -> tuple[int, ExchangeRate] | None:
    """Engine 3.6.0, when :func:`find_rate` (``known_only``) finds none: the stated rate for the pair (either direction)
    that would be used were its date known or on or before ``as_of`` — an undated one first (its date is what is
    missing), else the earliest dated after ``as_of``; None when the pair has no rate at all."""
    pairs = {(source, target), (target, source)}
    mine = [(i, r) for i, r in enumerate(rates) if (r.from_currency, r.to_currency) in pairs]
    undated = [(i, r) for i, r in mine if r.date is None]
    if undated:
        return undated[0]
    later = [(i, r) for i, r in mine if r.date is not None and r.date > as_of]
    return min(later, key=lambda ir: (ir[1].date, ir[0])) if later else None


def same_day_rates(rates: list[ExchangeRate], source: str, target: str, chosen: tuple[int, ExchangeRate, bool]
                   ) -> list[tuple[int, ExchangeRate, bool]]:
    """Engine 3.6.0: the other stated rates for the pair (either direction) dated the same day as the ``chosen`` one
    (:func:`find_rate`'s newest) whose rate differs from it — a direct rate by value, an inverse one when direct × inverse
    is not exactly 1 (CNY→USD 0.125 and USD→CNY 8 are the same rate; 0.14 and 7.0 are not). Equal rates are no
    conflict; a row without a rate is not one either (it is not a rate)."""
    index, rate, inverse = chosen
    if rate.rate is None or rate.date is None:
        return []
    pairs = {(source, target): False, (target, source): True}
    out = []
    for j, r in enumerate(rates):
        inv = pairs.get((r.from_currency, r.to_currency))
        if j == index or inv is None or r.date != rate.date or r.rate is None:
            continue
        same = r.rate == rate.rate if inv == inverse else DECIMAL.multiply(r.rate, rate.rate) == 1
        if not same:
            out.append((j, r, inv))
    return out


def _rate_conflict_missing(rows: list[tuple[int, ExchangeRate, bool]], source: str, target: str, labels: list[str],
                           threshold: str) -> list[Missing]:
    """Insufficient data naming every row of a same-day rate conflict that decides the value line (one entry per
    row, ``exchange_rates[j]``); the Chinese names the rows as the window does (vocabulary.path_place), not by path."""
    from reedesk.vocabulary import path_place

    when = rows[0][1].date
    paths = [f"exchange_rates[{j}]" for j, _r, _inv in rows]
    listed = "; ".join(f"{path} {r.from_currency}→{r.to_currency} {dstr(r.rate)}" for path, (_j, r, _i) in zip(paths, rows))
    places = {lang: "、".join(path_place(path, lang) for path in paths) for lang in ("zh-Hans", "zh-Hant")}
    quoted = {lang: "；".join(f"{path_place(path, lang)}{zh_name('currency', r.from_currency, lang)}→{zh_name('currency', r.to_currency, lang)} {dstr(r.rate)}"
                              for path, (_j, r, _i) in zip(paths, rows)) for lang in ("zh-Hans", "zh-Hant")}
    inputs_en, inputs_zh = ", ".join(labels), "、".join(labels)
    why = tx(f"{' and '.join(paths)}: the {source}/{target} rates stated for the same date {when} disagree ({listed}), and "
             f"which one converts input {inputs_en} decides whether the China-origin content reaches the {threshold} % "
             f"threshold: none is chosen (rate rule: no silent pick between disagreeing rates of one day); correct or "
             f"remove the wrong rate.",
             f"{places['zh-Hans']}：同一日期{when}所述的{zh_name('currency', source, 'zh-Hans')}/{zh_name('currency', target, 'zh-Hans')}汇率不一致（{quoted['zh-Hans']}），以哪一汇率折算投入物 "
             f"{inputs_zh}，决定中国原产成分是否达到{threshold}%的比例：不予择一（汇率选用规则：同日不一致的汇率不擅自择用）；"
             f"请更正或删除有误的汇率。",
             f"{places['zh-Hant']}：同一日期{when}所述的{zh_name('currency', source, 'zh-Hant')}/{zh_name('currency', target, 'zh-Hant')}匯率不一致（{quoted['zh-Hant']}），以哪一匯率折算投入物 "
             f"{inputs_zh}，決定中國原產成分是否達到{threshold}%的比例：不予擇一（匯率選用規則：同日不一致的匯率不擅自擇用）；"
             f"請更正或刪除有誤的匯率。")
    return [Missing(path, why) for path in paths]


def _rate_doc(index: int, r: ExchangeRate, inverse: bool) -> dict[str, Any]:
    return {
        "index": index, "from": r.from_currency, "to": r.to_currency,
        "rate": None if r.rate is None else dstr(r.rate), "date": None if r.date is None else r.date.isoformat(),
        "source": r.source, "applied": "divide" if inverse else "multiply",
    }


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    threshold: Decimal = p["threshold"]
    home: str = p["home_country"]
    content_origin: str = p["content_origin"]
    content_sets = [pack.items[n] for n in p["content_items"]]
    content_text = labels(content_sets)  # for sentences composed here
    content_label = item_labels(pack, content_sets)  # the same words, as a reference into the pack
    product_sets = [pack.items[n] for n in p["product_items"]]
    product = d.product or Product()
    shipment = d.shipment or Shipment()
    steps: list[Text] = []
    rate_notes: list[Text] = []
    pcat = label(product.category)
    known_only = getattr(inputs, "readings_3_6", False)  # engine 3.6.0: no rate dated after the as-of date
    exact = getattr(inputs, "readings_3_7", False)  # engine 3.7.0: sums and products exact (context.EXACT)
    arith = EXACT if exact else DECIMAL
    rate_rule = rate_rule_of(pack, rule) if known_only else RATE_RULE
    late: list[int] = []  # the rows (3.6.0) whose only stated rates are dated after the as-of date

    # ---- 1. scope: a Part 2 item made outside China, exported from outside China, not to China
    scope_out: list[Text] = []
    scope_missing: list[Missing] = []
    part2 = item_labels(pack, product_sets)
    is_part2 = match_any(product_sets, product.category, product.elements)
    if is_part2 is False:
        scope_out.append(msg("deminimis.check.1", pcat=pcat, part2=part2))
    elif is_part2 is None:
        scope_missing += product_missing(product.category, product.elements)
    if product.made_in is None:
        scope_missing.append(missing("product.made_in", "the rule covers items made outside China",
                                     "该规则适用于境外制造的物项", "該規則適用於境外製造的物項"))
    elif product.made_in == home:
        scope_out.append(msg("deminimis.check.2", home=home))
    if shipment.export_from is None:
        scope_missing.append(missing("shipment.export_from", "the rule covers exports by parties outside China",
                                     "该规则适用于境外组织和个人的出口", "該規則適用於境外組織和個人的出口"))
    elif shipment.export_from == home:
        scope_out.append(msg("deminimis.check.3", home=home))
    if shipment.destination == home:
        scope_out.append(msg("deminimis.check.4", home=home))
    elif shipment.destination is None:
        scope_missing.append(missing("shipment.destination", "exports to China itself are not covered",
                                     "向中国境内的出口不在适用范围内", "向中國境內的出口不在適用範圍內"))
    inside = sold_inside(d) if getattr(inputs, "readings_3_5", False) else None
    if inside is not None:  # No. 61 Art. I: an export to another country or region (engine 3.5.0)
        scope_out.append(inside.why)
    chinese = home_exporter(d, home, p, inputs)
    if chinese is not None and chinese.ok is None:  # a stated exporter of unknown country (LEGALQA9 (11))
        scope_missing += chinese.missing
    elif chinese is not None:  # No. 61 Art. I: 「境外组织和个人」 (engine 3.6.0, session 6 (9))
        scope_out.append(chinese.why)
    if known_only and None in (product.made_in, shipment.export_from, shipment.destination):
        steps.append(_scope_unknown(product.name, pcat, product.made_in, shipment.export_from, shipment.destination, part2, home))
    else:
        steps.append(_scope_msg(product.name, pcat, product.made_in, shipment.export_from, shipment.destination, part2, home))

    # ---- 2–4. inputs: which count, their values, conversion
    currency = product.unit_value.currency if product.unit_value else None
    item_value = product.unit_value.amount if product.unit_value else None
    rows: list[dict[str, Any]] = []
    content_missing: list[Missing] = []
    known_total = Decimal(0)
    unknown_content = False
    part1 = content_text["en"]
    # What a line's category and elements decide (listed?, its category's name, the item set it is, its alloy
    # family, the reason a listed line counts or an unlisted one does not) is worked out once per distinct
    # (category, elements): a BOM repeats a few kinds of input. Rows of one kind share the reason (never changed after).
    kinds: dict[tuple[str | None, tuple[str, ...]], list[Any]] = {}
    pairs: dict[tuple[str, ...], Any] = {}  # the rate chosen, and its record, per currency pair (_convert)
    for i, comp in enumerate(d.components):
        value = comp.value
        row: dict[str, Any] = {
            "index": i, "id": comp.id, "description": comp.description, "origin": comp.origin,
            "category": comp.category, "elements": comp.elements,
            "amount": None if value is None or value.amount is None else dstr(value.amount),
            "currency": value.currency if value else None,
            "rate": None, "converted": None,
        }
        kind_key = (comp.category, tuple(comp.elements or ()))
        kind = kinds.get(kind_key)
        if kind is None:
            kind = kinds[kind_key] = [match_any(content_sets, comp.category, comp.elements), label(comp.category), None, None]
        listed = kind[0]
        label_ = comp.id or f"components[{i}]"
        if listed is False:
            row["counted"] = False
            if kind[3] is None:
                kind[3] = msg("deminimis.check.6", ccat=kind[1], or_v=', '.join(comp.elements or []), content_label=content_label, or_v2='、'.join(comp.elements or []))
            row["reason"] = kind[3]
        elif comp.origin is not None and comp.origin != content_origin:
            row["counted"] = False
            row["reason"] = msg("deminimis.check.7", origin=comp.origin, content_origin=content_origin)
        elif (known_only and (listed is None or comp.origin is None) and value is not None and value.amount is not None
              and value.amount == 0):
            # engine 3.6.0 (LEGALQA9 (1)): a line valued 0 adds nothing whatever its origin or form: not asked about
            row["counted"] = False
            row["reason"] = tx("valued 0: it adds nothing to the China-origin content, whatever its origin or form",
                               "价值为0：无论其原产地或形态如何，均不增加中国原产成分",
                               "價值為0：無論其原產地或形態如何，均不增加中國原產成分")
        elif listed is None or comp.origin is None:
            path = f"components[{i}]"
            row["counted"] = None
            row["reason"] = msg("deminimis.check.8")
            unknown_content = True
            if listed is None:
                content_missing += product_missing(comp.category, comp.elements, path)
            if comp.origin is None:
                content_missing.append(missing(f"{path}.origin", f"input {label_} may be a {part1}; its origin decides whether it counts",
                                               f"投入物 {label_} 可能属于{content_text['zh-Hans']}，其原产地决定是否计入",
                                               f"投入物 {label_} 可能屬於{content_text['zh-Hant']}，其原產地決定是否計入"))
        else:
            row["counted"] = True
            if kind[2] is None:
                hit = next(s for s in content_sets if match_item(s, comp.category, comp.elements))
                family = matching_family(hit, comp.elements or []) if hit.element_sets else None
                reason = msg("deminimis.check.9", content_origin=content_origin, hit=item_labels(pack, [hit]))
                if family is not None:
                    fam = "-".join(e for e in comp.elements or [] if e in family) or "-".join(sorted(family))
                    extra = [e for e in comp.elements or [] if e not in family]
                    if extra:
                        add = ", ".join(extra)
                        reason = msg("deminimis.alloy_additions", reason=reason, fam=fam, add=add)
                kind[2] = (family, reason)
            family, row["reason"] = kind[2]
            if family is not None:
                row["alloy_family"] = sorted(family)
            converted = _convert(d, i, label_, currency, as_of, row, content_missing, rate_notes, pairs, comp,
                                 known_only=known_only, rate_rule=rate_rule, arith=arith)
            if converted is None and known_only and pairs.get(("late", row["currency"], currency)):
                late.append(i)
            if converted is None:
                unknown_content = True
            else:
                known_total = arith.add(known_total, converted)
        rows.append(row)

    if known_only and item_value is not None and item_value > 0:
        known_total, conflicted = _same_day_conflicts(rows, pairs, currency, known_total, threshold, item_value,
                                                      unknown_content, content_missing, arith)
        unknown_content = unknown_content or conflicted

    if getattr(inputs, "readings_3_5", False) and is_part2 is not False and not scope_out:  # in I(1)'s scope
        unsupplied = [(e, e) for e in _unsupplied(product, d, content_sets)]
        if known_only and len(unsupplied) > 1:  # engine 3.6.0 (REVIEW8 F16): one entry naming every element, not the first
            unsupplied = [(", ".join(e for e, _ in unsupplied), "、".join(e for e, _ in unsupplied))]
        for element, element_zh in unsupplied:
            # 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项」: the product says it contains the element, the BOM
            # does not say where it comes from, so the China-origin content is not known (FORMATS.md: unknown, named).
            # Engine 3.5.0 (3.4.0 had it and took it back until the undecided ceiling was settled: engine._control_finding).
            unknown_content = True
            content_missing.append(Missing("components", tx(
                f"components: the product contains {element} (product.elements) but no input line supplies it; add the line "
                f"with its origin and value: whether it is a China-origin {part1} decides whether it counts.",
                f"投入物清单：产品含{element_zh}，但没有任何投入物提供该元素；请补充该投入物及其原产地和价值："
                f"它是否为原产于中国的{content_text['zh-Hans']}决定是否计入。",
                f"投入物清單：產品含{element_zh}，但沒有任何投入物提供該元素；請補充該投入物及其原產地和價值："
                f"它是否為原產於中國的{content_text['zh-Hant']}決定是否計入。")))
    counted = [r for r in rows if r["counted"] is True]
    for r in rows:
        steps.append(line_step(r))
    if any(r["rate"] is not None for r in counted) or late:
        steps.append(rate_rule_step() if not known_only else msg("deminimis.check.11", RATE_RULE=rate_rule))
    for r in counted:
        if r["converted"] is None:
            continue
        steps.append(convert_step(r, currency))

    # ---- 5. ratio and comparison
    figures: dict[str, Any] = {
        "method": method_text(p),
        "rate_notes": rate_notes, "rate_rule": rate_rule,
        "precision": PRECISION_NOTE,
        "currency": currency,
        "components": rows,
        "content_total": dstr(known_total),
        "content_complete": not unknown_content,
        "item_value": None if item_value is None else dstr(item_value),
        "threshold": dstr(threshold),
        "threshold_percent": percent_display(threshold),
        "ratio": None, "ratio_percent_display": None, "display_rounding": DISPLAY_NOTE,
        "display_rounding_text": tx(DISPLAY_NOTE, "百分比按银行家舍入保留4位小数，仅供显示", "百分比按銀行家捨入保留4位小數，僅供顯示"),
        "comparison": None, "margin": None, "margin_ratio": None, "margin_percent_points_display": None,
    }
    value_missing: list[Missing] = []
    if item_value is None:
        value_missing.append(missing("product.unit_value.amount", "the item's value is the denominator of the 0.1 % ratio",
                                     "物项价值是0.1%比例的分母", "物項價值是0.1%比例的分母"))
    elif item_value == 0:
        value_missing.append(missing("product.unit_value.amount", "the item's value is zero; a ratio needs a value above zero",
                                     "物项价值为零，比例计算需要大于零的价值", "物項價值為零，比例計算需要大於零的價值"))
    elif currency is None and counted:
        value_missing.append(missing("product.unit_value.currency", "values are converted into the item's currency",
                                     "各项价值须折算为物项的币种", "各項價值須折算為物項的幣種"))
    status: str
    if item_value is not None and item_value > 0:
        bar = arith.multiply(threshold, item_value)
        ratio = DECIMAL.divide(known_total, item_value)  # a division: 34 digits (PRECISION_NOTE)
        limit = 34
        if exact and ratio == threshold and known_total != bar:
            ratio, limit = _distinct_ratio(known_total, item_value, threshold)
        margin = arith.subtract(known_total, bar)
        shown, shown_threshold, places = percent_display_distinct(ratio, threshold, limit)
        if places > 4:
            figures["threshold_percent"] = shown_threshold
            figures["display_rounding"] = (f"percentage rounded ROUND_HALF_EVEN to {places} decimal places, for display only "
                                           f"(more than 4 because at 4 places it would equal the threshold)")
        figures["display_rounding_text"] = rounding_text(figures["display_rounding"], places)
        figures.update({
            "threshold_value": dstr(bar), "ratio": dstr(ratio), "ratio_percent_display": shown, "display_places": places,
            "margin": dstr(margin), "margin_ratio": dstr(DECIMAL.subtract(ratio, threshold)),
            "margin_percent_points_display": _points(DECIMAL.subtract(ratio, threshold), places),
        })
        if known_total >= bar:
            status = "above"
        elif unknown_content:
            status = "unknown"
        else:
            status = "below"
        if status != "unknown":
            figures["comparison"] = "at_or_above" if status == "above" else "below"
            figures["comparison_text"] = label(figures["comparison"])
        figures["margin_text"] = _margin_text(margin, currency)
        steps.append(_ratio_step(figures, status, unknown_content))
    elif exact and item_value == 0 and counted:
        # engine 3.7.0 (session 14's F8): China-origin Part 1 content counts but the item is valued 0: 0 of 0 is no
        # share, so the ratio is undecided and the item's value is asked for (value_missing), as for content above 0
        status = "unknown"
    elif not unknown_content and known_total == 0:
        status = "below"
        figures["comparison"] = "below"
        steps.append(msg("deminimis.check.14"))
    else:
        status = "unknown"

    # ---- result
    in_scope = not scope_out and not scope_missing
    if scope_out or status == "below":
        result, miss = "does_not_apply", []
    elif in_scope and status == "above":
        result, miss = "applies", []
    else:
        result = "insufficient_data"
        miss = (scope_missing if not in_scope else []) + ((content_missing + value_missing) if status == "unknown" else [])
    return RuleResult(result, _explain(result, scope_out, figures, status), figures, steps, miss)


def _distinct_ratio(content: Decimal, item_value: Decimal, threshold: Decimal) -> tuple[Decimal, int]:
    """Engine 3.7.0: the ratio to as many digits beyond 34 as it takes not to equal the threshold, when the exact
    comparison (content against threshold × value, context.EXACT) says it does not: 10^16 − 10^-20 of 10^19 is
    0.000999…9 (36 digits), which 34 digits round to 0.001 — a ratio equal to the threshold shown beside "below" it.
    Returns the ratio and the places :func:`percent_display_distinct` may try."""
    digits = 34
    while True:
        digits += 2
        ratio = Context(prec=digits, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999).divide(content, item_value)
        if ratio != threshold:
            return ratio, display_limit(ratio)


def _same_day_conflicts(rows: list[dict[str, Any]], pairs: dict[tuple[str, ...], Any], currency: str | None,
                        known_total: Decimal, threshold: Decimal, item_value: Decimal, unknown_content: bool,
                        out: list[Missing], arith: Context = DECIMAL) -> tuple[Decimal, bool]:
    """Engine 3.6.0: where two rates for a pair on the same (newest) date disagree, the value line must not rest on a
    silent pick. The converted content is taken at each pair's lowest and highest rate: when both reach the threshold
    (or, with nothing else unknown, both stay below it) the pick cannot change the answer and the first rate is used as
    before (the others are listed as not used); otherwise the lines of that pair are not converted and each conflicting
    row is named (``exchange_rates[i]``, ``exchange_rates[j]``). Returns the content known and whether a line was left
    unconverted."""
    spread: dict[tuple[str, str], tuple[Decimal, Decimal, list[dict[str, Any]]]] = {}
    for row in rows:
        if row.get("counted") is not True or row["rate"] is None:
            continue
        key = (row["currency"], currency)
        conflict = pairs.get(("same_day", *key))
        if not conflict or not conflict[1]:
            continue
        others = conflict[1]
        amount = Decimal(row["amount"])
        options = [Decimal(row["converted"])] + [DECIMAL.divide(amount, r.rate) if inv else arith.multiply(amount, r.rate)
                                                 for _j, r, inv in others]
        low, high, members = spread.get(key, (Decimal(0), Decimal(0), []))
        spread[key] = (arith.add(low, arith.subtract(Decimal(row["converted"]), min(options))),
                       arith.add(high, arith.subtract(max(options), Decimal(row["converted"]))), members + [row])
    if not spread:
        return known_total, False
    bar = arith.multiply(threshold, item_value)
    if arith is DECIMAL:  # as engine 3.6.0 wrote it (the built-in sum in the thread's context)
        lowest = DECIMAL.subtract(known_total, sum((v[0] for v in spread.values()), Decimal(0)))
        highest = DECIMAL.add(known_total, sum((v[1] for v in spread.values()), Decimal(0)))
    else:
        lowest = highest = known_total
        for low, high, _members in spread.values():
            lowest, highest = arith.subtract(lowest, low), arith.add(highest, high)
    if lowest >= bar or (highest < bar and not unknown_content):
        return known_total, False  # the pick cannot change the answer
    shown = percent_display(threshold)
    for (source, target), (_low, _high, members) in spread.items():
        chosen, others = pairs[("same_day", source, target)]
        rows_of = [chosen, *others]
        out.extend(_rate_conflict_missing(sorted(rows_of, key=lambda x: x[0]), source, target,
                                          [m["id"] or f"components[{m['index']}]" for m in members], shown))
        for m in members:
            known_total = arith.subtract(known_total, Decimal(m["converted"]))
            m["converted"], m["rate"] = None, None
    return known_total, True


def _unsupplied(product: Product, d: Dossier, content_sets: list[Any]) -> list[str]:
    """The rare earths of the counted content (No. 61 Part 1: Sm, Dy, Gd, Tb, Lu, Sc, Y) the product lists in its
    elements but no component line lists in its own (engine 3.5.0)."""
    earths = {e for s in content_sets for e in (*s.elements_any, *(x for fs in s.element_sets for x in fs))} & RARE_EARTH_ELEMENTS
    supplied = {e for c in d.components for e in (c.elements or ())}
    return [e for e in (product.elements or ()) if e in earths and e not in supplied]


def _convert(d: Dossier, i: int, label: str, currency: str | None, as_of: date, row: dict[str, Any], out: list[Missing],
             notes: list[Text], pairs: dict[tuple[str, ...], Any] | None = None, comp: Any = None, *,
             known_only: bool = False, rate_rule: Any = None, arith: Context = DECIMAL) -> Decimal | None:
    """Convert one counted input into the item's currency; None (and a Missing) when it cannot be.
    ``pairs`` keeps the rate chosen per currency pair for the other lines of the same check; ``comp`` is
    ``d.components[i]`` when the caller has it. ``known_only`` (engine 3.6.0): a rate dated after the as-of date is
    not used; when the pair has only such rates the line is undecided, naming the earliest one's date
    (``exchange_rates[j].date``) and the rate rule ``rate_rule``."""
    if comp is None:
        comp = d.components[i]
    value = comp.value
    amount = value.amount if value else None
    source = value.currency if value else None
    if known_only and amount is not None and amount == 0:  # engine 3.6.0: 0 is 0 in any currency (LEGALQA9 (1))
        row["converted"] = dstr(Decimal(0))
        return Decimal(0)
    if amount is None or source is None or currency is None or source == currency:
        if amount is not None and source is not None and currency is not None:
            row["converted"] = dstr(amount)
            return amount
        path = f"components[{i}]"
    if amount is None:
        out.append(missing(f"{path}.value.amount", f"input {label} counts towards the China-origin content",
                           f"投入物 {label} 计入中国原产成分", f"投入物 {label} 計入中國原產成分"))
        return None
    if source is None:
        out.append(missing(f"{path}.value.currency", f"the value of input {label} needs its currency",
                           f"投入物 {label} 的价值须注明币种", f"投入物 {label} 的價值須註明幣種"))
        return None
    if currency is None:
        return None  # reported once as product.unit_value.currency
    if source == currency:
        row["converted"] = dstr(amount)
        return amount
    if known_only and amount == 0:  # engine 3.6.0 (LEGALQA8 (6)): nothing converts to nothing at any rate: no rate needed
        row["converted"] = dstr(Decimal(0))
        return Decimal(0)
    chosen = pairs.get((source, currency)) if pairs is not None else None
    if chosen is None:
        found = find_rate(d.exchange_rates, source, currency, as_of, known_only)
        chosen = (found, None if found is None else rates_not_used(d.exchange_rates, source, currency, found[0]))
        if pairs is not None:
            pairs[(source, currency)] = chosen
            if known_only and found is not None:  # engine 3.6.0: disagreeing rates of the same day (check() decides)
                pairs[("same_day", source, currency)] = (found, same_day_rates(d.exchange_rates, source, currency, found))
    found, others = chosen
    if found is None and known_only:
        unusable = unusable_rate(d.exchange_rates, source, currency, as_of)
        if unusable is not None:
            j, r = unusable
            if pairs is not None:
                pairs[("late", source, currency)] = True
            path = f"exchange_rates[{j}].date"
            value = "" if r.rate is None else f" {dstr(r.rate)}"
            pair = f"{r.from_currency}→{r.to_currency}{value}"
            s_hans, s_hant, c_hans, c_hant = _currencies_zh(source, currency)
            if r.date is None:
                why = tx(f"{path}: input {label} is valued in {source}; the {source}/{currency} rate exchange_rates[{j}] "
                         f"({pair}) has no date, so whether it was known on the as-of date {as_of} is unknown, and no rate "
                         f"is dated on or before it: none is used (rate rule: the valuation converts at a stated rate and "
                         f"date as of the determination's date); state the rate's date, or a rate dated on or before {as_of}.",
                         f"投入物 {label} 以{s_hans}计值；{s_hans}/{c_hans}汇率（汇率第{j + 1}行）未注明日期，"
                         f"无法确定判定日期{as_of}时是否已知，且没有当日或之前的汇率：不予采用（汇率选用规则：计值按判定日期"
                         f"「以所述汇率折算为同一币种」）；请注明该汇率的日期，或提供{as_of}当日或之前的汇率。",
                         f"投入物 {label} 以{s_hant}計值；{s_hant}/{c_hant}匯率（匯率第{j + 1}行）未註明日期，"
                         f"無法確定判定日期{as_of}時是否已知，且沒有當日或之前的匯率：不予採用（匯率選用規則：計值按判定日期"
                         f"「以所述匯率折算為同一幣種」）；請註明該匯率的日期，或提供{as_of}當日或之前的匯率。")
            else:  # dated, but after the as-of date: what is needed is a rate for the pair, not another date for this one
                when = r.date
                path = f"exchange_rates[{source}->{currency}]"
                why = tx(f"{path}: input {label} is valued in {source}; the only stated {source}/{currency} rate(s) are "
                         f"dated after the as-of date {as_of} (the earliest, exchange_rates[{j}] {pair}, is dated {when}) "
                         f"and were not known on that date, so none is used (rate rule: the valuation converts at stated "
                         f"rates as of the determination's date); state a {source}→{currency} rate dated on or before {as_of}.",
                         f"投入物 {label} 以{s_hans}计值；所述{s_hans}/{c_hans}汇率的日期均晚于判定日期{as_of}"
                         f"（最早者为汇率第{j + 1}行，日期{when}），该日尚不可知，不予采用（汇率选用规则：计值按判定日期"
                         f"「以所述汇率折算为同一币种」）；请提供{as_of}当日或之前的{s_hans}→{c_hans}汇率。",
                         f"投入物 {label} 以{s_hant}計值；所述{s_hant}/{c_hant}匯率的日期均晚於判定日期{as_of}"
                         f"（最早者為匯率第{j + 1}行，日期{when}），該日尚不可知，不予採用（匯率選用規則：計值按判定日期"
                         f"「以所述匯率折算為同一幣種」）；請提供{as_of}當日或之前的{s_hant}→{c_hant}匯率。")
            out.append(Missing(path, why))
            return None
    if found is None:
        s_hans, s_hant, c_hans, c_hant = _currencies_zh(source, currency)
        out.append(missing(f"exchange_rates[{source}->{currency}]",
                           f"input {label} is valued in {source}; a stated {source}→{currency} rate is needed",
                           f"投入物 {label} 以{s_hans}计值，须提供{s_hans}→{c_hans}汇率",
                           f"投入物 {label} 以{s_hant}計值，須提供{s_hant}→{c_hant}匯率"))
        return None
    index, rate, inverse = found
    if rate.rate is None:
        s_hans, s_hant, c_hans, c_hant = _currencies_zh(source, currency)
        out.append(missing(f"exchange_rates[{index}].rate", f"the {source}→{currency} rate converts input {label}",
                           f"{s_hans}→{c_hans}汇率用于折算投入物 {label}", f"{s_hant}→{c_hant}匯率用於折算投入物 {label}"))
        return None
    # an inverse rate divides (34 digits, PRECISION_NOTE); a direct one multiplies in ``arith`` (exact since 3.7.0)
    converted = DECIMAL.divide(amount, rate.rate) if inverse else arith.multiply(amount, rate.rate)
    # The rate record depends only on the pair (which rate, the others not used, why): made once per pair and
    # shared by the rows that use it (never changed after; issue 13).
    doc = pairs.get((source, currency, "doc")) if pairs is not None else None
    if doc is None:
        doc = _rate_doc(index, rate, inverse)
        doc["not_used"] = [_rate_doc(j, r, (r.from_currency, r.to_currency) == (currency, source)) for j, r in others]
        doc["after_as_of"] = rate.date is not None and rate.date > as_of
        why = msg("deminimis._convert.1", from_currency=rate.from_currency, to_currency=rate.to_currency, as_of=as_of)
        if doc["after_as_of"]:
            why = msg("deminimis._convert.2", source=source, currency=currency, as_of=as_of)
        elif rate.date is None:
            why = msg("deminimis._convert.4")
        if others:
            listed = "; ".join(f"exchange_rates[{j}] {r.from_currency}→{r.to_currency} {None if r.rate is None else dstr(r.rate)} ({r.date})" for j, r in others)
            why = msg("deminimis.rate_not_used", why=why, listed=listed)
        doc["selection"] = why  # the general rule is stated once, in figures["rate_rule"] and a working step
        if pairs is not None:
            pairs[(source, currency, "doc")] = doc
    if doc["after_as_of"]:  # a warning per line: it names the line
        warning = msg("deminimis._convert.3", source=source, currency=currency, label=label, date=rate.date, as_of=as_of)
        if warning not in notes:
            notes.append(warning)
    row["rate"] = doc
    row["converted"] = dstr(converted)
    return converted


def _currencies_zh(source: str, currency: str) -> tuple[Any, Any, Any, Any]:
    """The two currencies of a rate problem as its Chinese sentences name them (zh-Hans, zh-Hant each):
    :func:`reedesk.rules.messages.zh_name` — only where a sentence is written, not on every conversion."""
    return (zh_name("currency", source, "zh-Hans"), zh_name("currency", source, "zh-Hant"),
            zh_name("currency", currency, "zh-Hans"), zh_name("currency", currency, "zh-Hant"))


def _points(value: Decimal, places: int) -> str:
    return dstr(DECIMAL.multiply(value, Decimal(100)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=DISPLAY))


def _plain(amount: Decimal) -> str:
    """An amount without trailing zeros (2.388000 → 2.388), never in exponent form."""
    text = dstr(amount)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _margin_text(margin: Decimal, currency: str | None) -> Text:
    """The margin in words: a negative number reads as "below the threshold by"."""
    cur = currency or ""
    size = _plain(abs(margin))
    if margin != 0 and cur and texts_major() >= 4:
        # reedesk-texts-4: the Chinese names the currency (「低于门槛 0.3美元」); the text is derived again from the
        # stored margin with the document's texts pack, so a 3.0.0 document reads the literal text below, as written
        return render(msg("deminimis._margin_text.below" if margin < 0 else "deminimis._margin_text.above", size=size, cur=cur))
    if margin < 0:
        return tx(f"below the threshold by {size} {cur}".rstrip(), f"低于门槛 {size} {cur}".rstrip(), f"低於門檻 {size} {cur}".rstrip())
    if margin == 0:
        return msg("deminimis._margin_text.1")
    return tx(f"above the threshold by {size} {cur}".rstrip(), f"高于门槛 {size} {cur}".rstrip(), f"高於門檻 {size} {cur}".rstrip())


def _ratio_step(f: dict[str, Any], status: str, unknown: bool) -> Text:
    cur = f["currency"]
    if texts_major() >= 4:
        # reedesk-texts-4: the head is a template whose Chinese names the currency (「1.112000美元 ÷ 物项价值 3500.00美元」);
        # the step is stored as the ["ratio"] reference and derived again with the document's texts pack, so a document
        # naming 3.0.0 or older reads the literal head below, as it was written
        head = render(msg("deminimis._ratio_step.head", total=f["content_total"], value=f["item_value"], ratio=f["ratio"],
                          pct=f["ratio_percent_display"], rounding=f["display_rounding"], rounding_zh=f["display_rounding_text"],
                          threshold=f["threshold"], threshold_pct=f["threshold_percent"], threshold_value=f["threshold_value"], cur=cur))
        head_en, head_hans, head_hant = head["en"], head["zh-Hans"], head["zh-Hant"]
    else:
        head_en = (f"Sum of counted content {f['content_total']} {cur} ÷ item value {f['item_value']} {cur} = ratio {f['ratio']} "
                   f"(≈ {f['ratio_percent_display']} %, {f['display_rounding']}); threshold {f['threshold']} ({f['threshold_percent']} %), "
                   f"i.e. {f['threshold_value']} {cur}.")
        head_hans = (f"计入成分合计 {f['content_total']} {cur} ÷ 物项价值 {f['item_value']} {cur} = 比例 {f['ratio']}"
                     f"（约 {f['ratio_percent_display']}%，{f['display_rounding_text']['zh-Hans']}）；门槛 {f['threshold']}（{f['threshold_percent']}%），即 {f['threshold_value']} {cur}。")
        head_hant = (f"計入成分合計 {f['content_total']} {cur} ÷ 物項價值 {f['item_value']} {cur} = 比例 {f['ratio']}"
                     f"（約 {f['ratio_percent_display']}%，{f['display_rounding_text']['zh-Hant']}）；門檻 {f['threshold']}（{f['threshold_percent']}%），即 {f['threshold_value']} {cur}。")
    if status == "above":
        m = _plain(Decimal(f["margin"]))
        tail = msg("deminimis._ratio_step.1", m=m, cur=cur, margin_percent_points_display=f['margin_percent_points_display'])
    elif status == "below":
        short = _plain(abs(Decimal(f["margin"])))
        pts = f["margin_percent_points_display"].lstrip("-")
        tail = msg("deminimis._ratio_step.2", short=short, cur=cur, pts=pts)
    else:
        tail = msg("deminimis._ratio_step.3")
    rendered = render(tail)  # once (each tail[k] of a Msg renders all three languages again)
    return {k: (head_en, head_hans, head_hant)[n] + rendered[k] for n, k in enumerate(("en", "zh-Hans", "zh-Hant"))}


def _explain(result: str, scope_out: list[Text], f: dict[str, Any], status: str) -> Text:
    if scope_out:
        return tx("The value rule does not apply: " + "; ".join(t["en"] for t in scope_out) + ".",
                  "价值比例规则不适用：" + "；".join(t["zh-Hans"] for t in scope_out) + "。",
                  "價值比例規則不適用：" + "；".join(t["zh-Hant"] for t in scope_out) + "。")
    pct = f.get("ratio_percent_display")
    more = f.get("display_places", 4) > 4
    if more and result in ("applies", "does_not_apply"):
        places = f["display_places"]
        inner = _explain(result, scope_out, {**f, "display_places": 4}, status)
        return msg("deminimis.more_places", inner=inner, places=places)
    if result == "applies":
        return msg("deminimis._explain.1", pct=pct, threshold_percent=f['threshold_percent'])
    if result == "does_not_apply":
        if pct is None:
            return msg("deminimis._explain.2")
        return msg("deminimis._explain.3", pct=pct, threshold_percent=f['threshold_percent'])
    return msg("deminimis._explain.4")


# -- the parts of the document the compact stored shape re-derives (reedesk.rules.compact) -------------
# The value rule writes with these, and reedesk.rules.compact re-derives with them, so a stored
# reference (["line", i], a left-out method text) reads back as exactly what was written.
_VERDICT = {True: ("counted", "计入", "計入"), False: ("not counted", "不计入", "不計入"), None: ("undecided", "未定", "未定")}


def method_text(params: dict[str, Any]) -> Text:
    """The valuation method the pack states (the EAR method by default), as ``figures.method``."""
    return {"en": params.get("method_en", DEFAULT_METHOD_EN), "zh": params.get("method_zh", DEFAULT_METHOD_ZH),
            "zh-Hant": params.get("method_zh_hant", params.get("method_zh", DEFAULT_METHOD_ZH_HANT))}


def method_note(rule_id: str, method: dict[str, Any]) -> Any:
    """The note naming the valuation method (reedesk.rules.engine._notes writes the same message)."""
    return msg("engine._notes.4", c=Msg(t="@cite", p={"rule": rule_id}), m=method, zh=method.get('zh-Hant', method['zh']))


def rounding_text(display_rounding: str, places: int) -> Text:
    """``figures.display_rounding_text``: how the percentage shown was rounded, in three languages."""
    return tx(display_rounding,
              f"百分比按银行家舍入保留{places}位小数，仅供显示" + ("（保留4位时将与门槛相同，故增加位数）" if places > 4 else ""),
              f"百分比按銀行家捨入保留{places}位小數，僅供顯示" + ("（保留4位時將與門檻相同，故增加位數）" if places > 4 else ""))


def _scope_msg(name: str | None, pcat: Any, made_in: str | None, export_from: str | None, destination: str | None,
               part2: Any, home: str) -> Any:
    return msg("deminimis.check.5", product=name or '(unnamed product)', pcat=pcat, made_in=made_in, export_from=export_from,
               destination=destination, part2=part2, home=home, or_v=name or '（未命名产品）', or_v2=name or '（未命名產品）')


def _scope_unknown(name: str | None, pcat: Any, made_in: str | None, export_from: str | None, destination: str | None,
                   part2: Any, home: str) -> Any:
    """Working step 1 when where the item is made, leaves from or goes to is not given (engine 3.6.0, LEGALQA8 (11)):
    the words "unknown" / 「未知」, not Python's None ("exported from VN to None"); the category and the rule's item sets
    stay references, rendered with the document's packs."""
    def place(code: str | None) -> Text:
        return (tx(code, zh_name("country", code, "zh-Hans"), zh_name("country", code, "zh-Hant")) if code is not None
                else tx("unknown", "未知", "未知"))
    m, f, t = place(made_in), place(export_from), place(destination)
    return join([
        tx(f"Controlled item: {name or '(unnamed product)'}, category ", f"受控物项：{name or '（未命名产品）'}，类别 ",
           f"受控物項：{name or '（未命名產品）'}，類別 "),
        pcat,
        tx(f", made in {m['en']}, exported from {f['en']} to {t['en']}; the rule covers: ",
           f"，制造地 {m['zh-Hans']}，自 {f['zh-Hans']} 出口至 {t['zh-Hans']}；该规则适用于在{zh_name('country', home, 'zh-Hans')}境外制造并出口的",
           f"，製造地 {m['zh-Hant']}，自 {f['zh-Hant']} 出口至 {t['zh-Hant']}；該規則適用於在{zh_name('country', home, 'zh-Hant')}境外製造並出口的"),
        part2,
        tx(f", made and exported outside {home}.", "。", "。"),
    ], "none")


def scope_step(snapshot: dict[str, Any], pack: RulePack, rule: RuleSpec) -> Any:
    """Working step 1 (what the item is, where it is made and goes) from the dossier snapshot."""
    product = snapshot.get("product") if isinstance(snapshot.get("product"), dict) else {}
    shipment = snapshot.get("shipment") if isinstance(snapshot.get("shipment"), dict) else {}
    p = rule.params
    part2 = item_labels(pack, [pack.items[n] for n in p["product_items"]])
    return _scope_msg(product.get("name"), label(product.get("category")), product.get("made_in"), shipment.get("export_from"),
                      shipment.get("destination"), part2, p["home_country"])


def line_step(r: dict[str, Any]) -> Any:
    """The working step of one bill-of-materials row: counted or not, and why."""
    verdict = _VERDICT[r["counted"]]
    name = r["id"] or f"components[{r['index']}]"
    description, reason = r["description"], r["reason"]
    params = {"name": name, "description": description, "verdict": verdict[0], "reason": reason,
              "verdict2": verdict[1], "verdict3": verdict[2]}
    if type(name) is str and (description is None or type(description) is str) and type(reason) is Msg:
        m = Msg()  # every param is one msg() keeps as it is (the verdicts are str): msg_of's check left out
        m["t"] = "deminimis.check.10"
        m["p"] = params
        return m
    return msg_of("deminimis.check.10", params)


def rate_rule_step() -> Any:
    return msg("deminimis.check.11", RATE_RULE=RATE_RULE)


def _zero(amount: Any) -> bool:
    try:
        return Decimal(str(amount)) == 0
    except ArithmeticError:
        return False


def convert_step(r: dict[str, Any], currency: str | None) -> Any:
    """The working step converting one counted row into the item's currency."""
    name = r["id"] or f"components[{r['index']}]"
    if r["rate"] is None and r["currency"] is None and _zero(r["amount"]) and texts_major() >= 2:
        # reedesk-texts-2 (LEGALQA9 (12)): a line without a currency is counted only when its value is zero; said so in
        # words, not "0.00 None (already in USD)"
        return msg_of("deminimis.check.15", {"name": name, "amount": r['amount']})
    if r["rate"] is None:
        return msg_of("deminimis.check.12", {"name": name, "amount": r['amount'], "currency": r['currency'], "currency2": currency})
    rate = r["rate"]
    op = "×" if rate["applied"] == "multiply" else "÷"
    return msg_of("deminimis.check.13", {"name": name, "amount": r['amount'], "currency": r['currency'], "op": op,
                                         "rate": rate['rate'], "from_v": rate['from'], "to": rate['to'], "date": rate['date'],
                                         "source": rate['source'], "converted": r['converted'], "currency2": currency,
                                         "selection": rate['selection']})

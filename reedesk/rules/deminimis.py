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
from decimal import Decimal
from typing import Any

from reedesk.domain.dossier import Dossier, ExchangeRate, Product, Shipment
from reedesk.rules.context import (
    DECIMAL,
    DISPLAY_NOTE,
    PRECISION_NOTE,
    Missing,
    RuleResult,
    dstr,
    labels,
    match_any,
    match_item,
    missing,
    percent_display,
    product_missing,
)
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.text import Text, tx

DEFAULT_METHOD_EN = (
    "No official valuation method was published; the US EAR de minimis method (15 CFR 734.4 and "
    "Supplement No. 2 to Part 734) is used: China-origin Part 1 inputs at the price paid, the Part 2 "
    "item at its selling price, one currency at stated rates."
)
DEFAULT_METHOD_ZH = "官方未公布计值方法；采用美国EAR微量规则方法（15 CFR 734.4及第734部分补编2）：中国原产第一部分物项按实际采购价，第二部分物项按正常售价，以所述汇率折算为同一币种。"


def find_rate(rates: list[ExchangeRate], source: str, target: str, as_of: date) -> tuple[int, ExchangeRate, bool] | None:
    """The stated rate for ``source``→``target``: the latest dated on or before ``as_of``
    (else the earliest after it); a direct rate beats an inverse one. Returns
    (index in exchange_rates, rate, inverse?)."""
    for inverse in (False, True):
        pair = (target, source) if inverse else (source, target)
        candidates = [(i, r) for i, r in enumerate(rates) if (r.from_currency, r.to_currency) == pair]
        if not candidates:
            continue
        before = [(i, r) for i, r in candidates if r.date is None or r.date <= as_of]
        if before:
            i, r = max(before, key=lambda ir: (ir[1].date or date.min, -ir[0]))
        else:
            i, r = min(candidates, key=lambda ir: (ir[1].date, ir[0]))  # type: ignore[arg-type, return-value]
        return i, r, inverse
    return None


def _rate_doc(index: int, r: ExchangeRate, inverse: bool) -> dict[str, Any]:
    return {
        "index": index, "from": r.from_currency, "to": r.to_currency,
        "rate": None if r.rate is None else dstr(r.rate), "date": None if r.date is None else r.date.isoformat(),
        "source": r.source, "applied": "divide" if inverse else "multiply",
    }


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date) -> RuleResult:
    p = rule.params
    threshold: Decimal = p["threshold"]
    home: str = p["home_country"]
    content_origin: str = p["content_origin"]
    content_sets = [pack.items[n] for n in p["content_items"]]
    content_label = labels(content_sets)
    product_sets = [pack.items[n] for n in p["product_items"]]
    product = d.product or Product()
    shipment = d.shipment or Shipment()
    steps: list[Text] = []

    # ---- 1. scope: a Part 2 item made outside China, exported from outside China, not to China
    scope_out: list[Text] = []
    scope_missing: list[Missing] = []
    part2 = labels(product_sets)
    is_part2 = match_any(product_sets, product.category, product.elements)
    if is_part2 is False:
        scope_out.append(tx(
            f"the product ({product.category}) is not: {part2['en']}",
            f"产品（{product.category}）不属于{part2['zh-Hans']}", f"產品（{product.category}）不屬於{part2['zh-Hant']}"))
    elif is_part2 is None:
        scope_missing += product_missing(product.category, product.elements)
    if product.made_in is None:
        scope_missing.append(missing("product.made_in", "the rule covers items made outside China",
                                     "该规则适用于境外制造的物项", "該規則適用於境外製造的物項"))
    elif product.made_in == home:
        scope_out.append(tx(f"the product is made in {home}, not outside it", f"产品在{home}制造，并非境外制造", f"產品在{home}製造，並非境外製造"))
    if shipment.export_from is None:
        scope_missing.append(missing("shipment.export_from", "the rule covers exports by parties outside China",
                                     "该规则适用于境外组织和个人的出口", "該規則適用於境外組織和個人的出口"))
    elif shipment.export_from == home:
        scope_out.append(tx(f"the export leaves from {home}, not from outside it", f"出口自{home}，并非自境外出口", f"出口自{home}，並非自境外出口"))
    if shipment.destination == home:
        scope_out.append(tx(f"the destination is {home} itself", f"目的地为{home}本身", f"目的地為{home}本身"))
    elif shipment.destination is None:
        scope_missing.append(missing("shipment.destination", "exports to China itself are not covered",
                                     "向中国境内的出口不在适用范围内", "向中國境內的出口不在適用範圍內"))
    steps.append(tx(
        f"Controlled item: {product.name or '(unnamed product)'}, category {product.category}, made in {product.made_in}, "
        f"exported from {shipment.export_from} to {shipment.destination}; the rule covers: {part2['en']}, made and exported outside {home}.",
        f"受控物项：{product.name or '（未命名产品）'}，类别 {product.category}，制造地 {product.made_in}，自 {shipment.export_from} 出口至 {shipment.destination}；"
        f"该规则适用于在{home}境外制造并出口的{part2['zh-Hans']}。",
        f"受控物項：{product.name or '（未命名產品）'}，類別 {product.category}，製造地 {product.made_in}，自 {shipment.export_from} 出口至 {shipment.destination}；"
        f"該規則適用於在{home}境外製造並出口的{part2['zh-Hant']}。",
    ))

    # ---- 2–4. inputs: which count, their values, conversion
    currency = product.unit_value.currency if product.unit_value else None
    item_value = product.unit_value.amount if product.unit_value else None
    rows: list[dict[str, Any]] = []
    content_missing: list[Missing] = []
    known_total = Decimal(0)
    unknown_content = False
    part1 = content_label["en"]
    for i, comp in enumerate(d.components):
        path = f"components[{i}]"
        row: dict[str, Any] = {
            "index": i, "id": comp.id, "description": comp.description, "origin": comp.origin,
            "category": comp.category, "elements": comp.elements,
            "amount": None if comp.value is None or comp.value.amount is None else dstr(comp.value.amount),
            "currency": comp.value.currency if comp.value else None,
            "rate": None, "converted": None,
        }
        listed = match_any(content_sets, comp.category, comp.elements)
        label = comp.id or path
        if listed is False:
            row["counted"] = False
            row["reason"] = tx(
                f"not: {part1} (category {comp.category}, elements {', '.join(comp.elements or [])})",
                f"不属于{content_label['zh-Hans']}（类别 {comp.category}，元素 {'、'.join(comp.elements or [])}）",
                f"不屬於{content_label['zh-Hant']}（類別 {comp.category}，元素 {'、'.join(comp.elements or [])}）")
        elif comp.origin is not None and comp.origin != content_origin:
            row["counted"] = False
            row["reason"] = tx(f"origin {comp.origin}, not {content_origin}", f"原产地为{comp.origin}，并非{content_origin}",
                               f"原產地為{comp.origin}，並非{content_origin}")
        elif listed is None or comp.origin is None:
            row["counted"] = None
            row["reason"] = tx("cannot be classified: data missing", "数据缺失，无法归类", "資料缺失，無法歸類")
            unknown_content = True
            if listed is None:
                content_missing += product_missing(comp.category, comp.elements, path)
            if comp.origin is None:
                content_missing.append(missing(f"{path}.origin", f"input {label} may be a {part1}; its origin decides whether it counts",
                                               f"投入物 {label} 可能属于{content_label['zh-Hans']}，其原产地决定是否计入",
                                               f"投入物 {label} 可能屬於{content_label['zh-Hant']}，其原產地決定是否計入"))
        else:
            row["counted"] = True
            hit = next(s for s in content_sets if match_item(s, comp.category, comp.elements))
            row["reason"] = tx(
                f"{content_origin}-origin {hit.label_en}, incorporated in the item (bill-of-materials line)",
                f"{content_origin}原产的{hit.label_zh}，已并入该物项（物料清单行）",
                f"{content_origin}原產的{hit.label_zh_hant}，已併入該物項（物料清單行）")
            converted = _convert(d, i, label, currency, as_of, row, content_missing)
            if converted is None:
                unknown_content = True
            else:
                known_total = DECIMAL.add(known_total, converted)
        rows.append(row)

    counted = [r for r in rows if r["counted"] is True]
    for r in rows:
        reason = r["reason"]
        verdict = {True: ("counted", "计入", "計入"), False: ("not counted", "不计入", "不計入"), None: ("undecided", "未定", "未定")}[r["counted"]]
        name = r["id"] or f"components[{r['index']}]"
        steps.append(tx(f"Input {name} ({r['description']}): {verdict[0]} — {reason['en']}.",
                        f"投入物 {name}（{r['description']}）：{verdict[1]}——{reason['zh-Hans']}。",
                        f"投入物 {name}（{r['description']}）：{verdict[2]}——{reason['zh-Hant']}。"))
    for r in counted:
        name = r["id"] or f"components[{r['index']}]"
        if r["converted"] is None:
            continue
        if r["rate"] is None:
            steps.append(tx(f"Value of {name}: {r['amount']} {r['currency']} (already in {currency}).",
                            f"{name} 的价值：{r['amount']} {r['currency']}（已为{currency}）。",
                            f"{name} 的價值：{r['amount']} {r['currency']}（已為{currency}）。"))
        else:
            rate = r["rate"]
            op = "×" if rate["applied"] == "multiply" else "÷"
            steps.append(tx(
                f"Value of {name}: {r['amount']} {r['currency']} {op} {rate['rate']} ({rate['from']}→{rate['to']} on {rate['date']}, {rate['source']}) = {r['converted']} {currency}.",
                f"{name} 的价值：{r['amount']} {r['currency']} {op} {rate['rate']}（{rate['from']}→{rate['to']}，{rate['date']}，{rate['source']}）= {r['converted']} {currency}。",
                f"{name} 的價值：{r['amount']} {r['currency']} {op} {rate['rate']}（{rate['from']}→{rate['to']}，{rate['date']}，{rate['source']}）= {r['converted']} {currency}。"))

    # ---- 5. ratio and comparison
    figures: dict[str, Any] = {
        "method": {"en": p.get("method_en", DEFAULT_METHOD_EN), "zh": p.get("method_zh", DEFAULT_METHOD_ZH)},
        "precision": PRECISION_NOTE,
        "currency": currency,
        "components": rows,
        "content_total": dstr(known_total),
        "content_complete": not unknown_content,
        "item_value": None if item_value is None else dstr(item_value),
        "threshold": dstr(threshold),
        "threshold_percent": percent_display(threshold),
        "ratio": None, "ratio_percent_display": None, "display_rounding": DISPLAY_NOTE,
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
        bar = DECIMAL.multiply(threshold, item_value)
        ratio = DECIMAL.divide(known_total, item_value)
        margin = DECIMAL.subtract(known_total, bar)
        figures.update({
            "threshold_value": dstr(bar), "ratio": dstr(ratio), "ratio_percent_display": percent_display(ratio),
            "margin": dstr(margin), "margin_ratio": dstr(DECIMAL.subtract(ratio, threshold)),
            "margin_percent_points_display": percent_display(DECIMAL.subtract(ratio, threshold)),
        })
        if known_total >= bar:
            status = "above"
        elif unknown_content:
            status = "unknown"
        else:
            status = "below"
        if status != "unknown":
            figures["comparison"] = "at_or_above" if status == "above" else "below"
        steps.append(_ratio_step(figures, status, unknown_content))
    elif not unknown_content and known_total == 0:
        status = "below"
        figures["comparison"] = "below"
        steps.append(tx("No China-origin Part 1 content: the ratio is zero, below the threshold.",
                        "无中国原产第一部分物项成分：比例为零，低于门槛。", "無中國原產第一部分物項成分：比例為零，低於門檻。"))
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


def _convert(d: Dossier, i: int, label: str, currency: str | None, as_of: date, row: dict[str, Any], out: list[Missing]) -> Decimal | None:
    """Convert one counted input into the item's currency; None (and a Missing) when it cannot be."""
    comp = d.components[i]
    path = f"components[{i}]"
    amount = comp.value.amount if comp.value else None
    source = comp.value.currency if comp.value else None
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
    found = find_rate(d.exchange_rates, source, currency, as_of)
    if found is None:
        out.append(missing(f"exchange_rates[{source}->{currency}]",
                           f"input {label} is valued in {source}; a stated {source}→{currency} rate is needed",
                           f"投入物 {label} 以{source}计值，须提供{source}→{currency}汇率",
                           f"投入物 {label} 以{source}計值，須提供{source}→{currency}匯率"))
        return None
    index, rate, inverse = found
    if rate.rate is None:
        out.append(missing(f"exchange_rates[{index}].rate", f"the {source}→{currency} rate converts input {label}",
                           f"{source}→{currency}汇率用于折算投入物 {label}", f"{source}→{currency}匯率用於折算投入物 {label}"))
        return None
    converted = DECIMAL.divide(amount, rate.rate) if inverse else DECIMAL.multiply(amount, rate.rate)
    row["rate"] = _rate_doc(index, rate, inverse)
    row["converted"] = dstr(converted)
    return converted


def _ratio_step(f: dict[str, Any], status: str, unknown: bool) -> Text:
    cur = f["currency"]
    head_en = (f"Sum of counted content {f['content_total']} {cur} ÷ item value {f['item_value']} {cur} = ratio {f['ratio']} "
               f"(≈ {f['ratio_percent_display']} %, {DISPLAY_NOTE}); threshold {f['threshold']} ({f['threshold_percent']} %), "
               f"i.e. {f['threshold_value']} {cur}.")
    head_hans = (f"计入成分合计 {f['content_total']} {cur} ÷ 物项价值 {f['item_value']} {cur} = 比例 {f['ratio']}"
                 f"（约 {f['ratio_percent_display']}%，百分比按银行家舍入保留4位小数，仅供显示）；门槛 {f['threshold']}（{f['threshold_percent']}%），即 {f['threshold_value']} {cur}。")
    head_hant = (f"計入成分合計 {f['content_total']} {cur} ÷ 物項價值 {f['item_value']} {cur} = 比例 {f['ratio']}"
                 f"（約 {f['ratio_percent_display']}%，百分比按銀行家捨入保留4位小數，僅供顯示）；門檻 {f['threshold']}（{f['threshold_percent']}%），即 {f['threshold_value']} {cur}。")
    if status == "above":
        tail = tx(f" At or above the threshold by {f['margin']} {cur} ({f['margin_percent_points_display']} percentage points).",
                  f"达到或超过门槛，超出 {f['margin']} {cur}（{f['margin_percent_points_display']} 个百分点）。",
                  f"達到或超過門檻，超出 {f['margin']} {cur}（{f['margin_percent_points_display']} 個百分點）。")
    elif status == "below":
        short = f["margin"].lstrip("-")
        pts = f["margin_percent_points_display"].lstrip("-")
        tail = tx(f" Below the threshold by {short} {cur} ({pts} percentage points).",
                  f"低于门槛 {short} {cur}（{pts} 个百分点）。", f"低於門檻 {short} {cur}（{pts} 個百分點）。")
    else:
        tail = tx(" Below the threshold so far, but some inputs are not yet valued or classified.",
                  "目前低于门槛，但部分投入物尚未计值或归类。", "目前低於門檻，但部分投入物尚未計值或歸類。")
    return {k: (head_en, head_hans, head_hant)[n] + tail[k] for n, k in enumerate(("en", "zh-Hans", "zh-Hant"))}


def _explain(result: str, scope_out: list[Text], f: dict[str, Any], status: str) -> Text:
    if scope_out:
        return tx("The value rule does not apply: " + "; ".join(t["en"] for t in scope_out) + ".",
                  "价值比例规则不适用：" + "；".join(t["zh-Hans"] for t in scope_out) + "。",
                  "價值比例規則不適用：" + "；".join(t["zh-Hant"] for t in scope_out) + "。")
    pct = f.get("ratio_percent_display")
    if result == "applies":
        return tx(f"China-origin Part 1 content is {pct} % of the item's value, at or above the {f['threshold_percent']} % threshold: the value rule applies.",
                  f"中国原产第一部分物项占该物项价值的 {pct}%，达到 {f['threshold_percent']}% 门槛：价值比例规则适用。",
                  f"中國原產第一部分物項佔該物項價值的 {pct}%，達到 {f['threshold_percent']}% 門檻：價值比例規則適用。")
    if result == "does_not_apply":
        if pct is None:
            return tx("The item contains no China-origin Part 1 content: the value rule does not apply.",
                      "该物项不含中国原产第一部分物项：价值比例规则不适用。", "該物項不含中國原產第一部分物項：價值比例規則不適用。")
        return tx(f"China-origin Part 1 content is {pct} % of the item's value, below the {f['threshold_percent']} % threshold: the value rule does not apply.",
                  f"中国原产第一部分物项占该物项价值的 {pct}%，低于 {f['threshold_percent']}% 门槛：价值比例规则不适用。",
                  f"中國原產第一部分物項佔該物項價值的 {pct}%，低於 {f['threshold_percent']}% 門檻：價值比例規則不適用。")
    return tx("Whether the value rule applies cannot be decided until the missing data is supplied.",
              "在补充缺失数据之前，无法判断价值比例规则是否适用。", "在補充缺失資料之前，無法判斷價值比例規則是否適用。")

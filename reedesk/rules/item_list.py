"""Rule kind ``item_list``: an instrument whose item list the packs do not evaluate
entry by entry (MOFCOM Nos. 55, 56, 58 and 62 of 2025).

Such an item must never come out "not controlled" just because no rule kind checks
it (RULES.md second review). For an export from China of an item of the
instrument's kind (``product_items``, by category):

* **plainly of the kind** — the dossier gives the control code (``product.control_code``
  starting with the pack's ``code``), or the product's name or description contains
  one of the pack's ``plain_terms`` (e.g. "hydrogen decrepitation" for 2B902): the
  rule applies, ``license_required``;
* otherwise classification needs facts the dossier lacks: ``insufficient_data``
  naming ``product.control_code`` and the parts of the instrument the packs do not
  evaluate (``not_evaluated_*``).

Either way the finding names the instrument and code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier, Product
from reedesk.rules.context import Missing, RuleResult, match_any
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import all_of, exported_from, not_to_home, reasons
from reedesk.rules.text import label, tx

CODE_FIELD = "product.control_code"


def declared_code(d: Dossier) -> str | None:
    """The control code the dossier states for the product (an additive field), if any."""
    value = (d.product or Product()).extra.get("control_code")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _plain(d: Dossier, code: str, terms: tuple[str, ...]) -> tuple[bool, str | None]:
    given = declared_code(d)
    if given is not None and given.upper().startswith(code.upper()):
        return True, f"control code {given} stated"
    product = d.product or Product()
    text = " ".join(t for t in (product.name, product.description) if t).casefold()
    for term in terms:
        if term.casefold() in text:
            return True, term
    return False, None


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    code = p["code"]
    product = d.product or Product()
    kind = match_any([pack.items[n] for n in p["product_items"]], product.category, product.elements or ["*"])
    not_eval = tx(p["not_evaluated_en"], p["not_evaluated_zh"], p["not_evaluated_zh_hant"])
    cat = label(product.category)
    figures: dict[str, Any] = {"code": code, "codes": [{"code": code}], "declared_code": declared_code(d)}
    # A code that is a name ("No. 55 superhard-material items") has its Chinese names in the pack.
    hans, hant = p.get("code_zh", code), p.get("code_zh_hant", p.get("code_zh", code))
    if kind is False:
        return RuleResult("does_not_apply", tx(f"The product ({cat['en']}) is not of the kind this announcement lists ({code}).",
                                               f"产品（{cat['zh-Hans']}）不属于本公告所列物项类别（{hans}）。",
                                               f"產品（{cat['zh-Hant']}）不屬於本公告所列物項類別（{hant}）。"), figures)
    if kind is None:
        return RuleResult("insufficient_data", tx(f"Whether the product is a {code} item depends on its category.",
                                                  f"产品是否属于{hans}物项取决于其类别。", f"產品是否屬於{hant}物項取決於其類別。"), figures, [],
                          [Missing("product.category", tx("product.category is empty: the item category decides whether the item is listed.",
                                                          "物项类别（product.category）为空：物项类别决定其是否属于所列物项。",
                                                          "物項類別（product.category）為空：物項類別決定其是否屬於所列物項。"))])
    ok, why, miss = all_of([exported_from(d, home, inside=True), not_to_home(d, home)])
    r = reasons(why)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The {code} export control does not apply: {r['en']}.", f"{hans}出口管制不适用：{r['zh-Hans']}。",
                                               f"{hant}出口管制不適用：{r['zh-Hant']}。"), figures)
    if ok is None:
        return RuleResult("insufficient_data", tx(f"Whether the {code} export control applies depends on missing data.",
                                                  f"{hans}出口管制是否适用取决于缺失的数据。", f"{hant}出口管制是否適用取決於缺失的資料。"),
                          figures, [], miss)
    plain, by = _plain(d, code, tuple(p.get("plain_terms", ())))
    if plain:
        figures["plain_by"] = by
        given = declared_code(d)
        # Chinese: the stated code, or the term quoted as the dossier's own words (「…」).
        by_hans = f"卷宗注明管制编码{given}" if given and by == f"control code {given} stated" else f"产品名称或说明含「{by}」"
        by_hant = f"卷宗註明管制編碼{given}" if given and by == f"control code {given} stated" else f"產品名稱或說明含「{by}」"
        return RuleResult("applies", tx(
            f"The product ({cat['en']}) is plainly a {code} item ({by}), {r['en']}: a dual-use export licence is required. {not_eval['en']}",
            f"产品（{cat['zh-Hans']}）明显属于{hans}物项（{by_hans}），{r['zh-Hans']}：须申请两用物项出口许可。{not_eval['zh-Hans']}",
            f"產品（{cat['zh-Hant']}）明顯屬於{hant}物項（{by_hant}），{r['zh-Hant']}：須申請兩用物項出口許可。{not_eval['zh-Hant']}"), figures,
            outcome="license_required")
    text = tx(f"{CODE_FIELD} is empty: the product ({cat['en']}) is of the kind {code} lists, but whether it is one of the listed "
              f"entries needs its control code. {not_eval['en']}",
              f"管制编码（{CODE_FIELD}）为空：产品（{cat['zh-Hans']}）属于{hans}所列类别，但是否为所列条目须以其管制编码确定。{not_eval['zh-Hans']}",
              f"管制編碼（{CODE_FIELD}）為空：產品（{cat['zh-Hant']}）屬於{hant}所列類別，但是否為所列條目須以其管制編碼確定。{not_eval['zh-Hant']}")
    return RuleResult("insufficient_data", tx(
        f"The product is of the kind {code} lists, {r['en']}; its classification needs facts the dossier lacks. {not_eval['en']}",
        f"产品属于{hans}所列类别，{r['zh-Hans']}；其归类需要卷宗未提供的事实。{not_eval['zh-Hans']}",
        f"產品屬於{hant}所列類別，{r['zh-Hant']}；其歸類需要卷宗未提供的事實。{not_eval['zh-Hant']}"), figures, [],
        [Missing(CODE_FIELD, text)], ceiling="license_required")

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
    if kind is False:
        return RuleResult("does_not_apply", tx(f"The product ({cat['en']}) is not of the kind this announcement lists ({code}).",
                                               f"产品（{cat['zh-Hans']}）不属于本公告所列物项类别（{code}）。",
                                               f"產品（{cat['zh-Hant']}）不屬於本公告所列物項類別（{code}）。"), figures)
    if kind is None:
        return RuleResult("insufficient_data", tx(f"Whether the product is a {code} item depends on its category.",
                                                  f"产品是否属于{code}物项取决于其类别。", f"產品是否屬於{code}物項取決於其類別。"), figures, [],
                          [Missing("product.category", tx("product.category is empty: the item category decides whether the item is listed.",
                                                          "product.category 为空：物项类别决定其是否属于所列物项。",
                                                          "product.category 為空：物項類別決定其是否屬於所列物項。"))])
    ok, why, miss = all_of([exported_from(d, home, inside=True), not_to_home(d, home)])
    r = reasons(why)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The {code} export control does not apply: {r['en']}.", f"{code}出口管制不适用：{r['zh-Hans']}。",
                                               f"{code}出口管制不適用：{r['zh-Hant']}。"), figures)
    if ok is None:
        return RuleResult("insufficient_data", tx(f"Whether the {code} export control applies depends on missing data.",
                                                  f"{code}出口管制是否适用取决于缺失的数据。", f"{code}出口管制是否適用取決於缺失的資料。"),
                          figures, [], miss)
    plain, by = _plain(d, code, tuple(p.get("plain_terms", ())))
    if plain:
        figures["plain_by"] = by
        return RuleResult("applies", tx(
            f"The product ({cat['en']}) is plainly a {code} item ({by}), {r['en']}: a dual-use export licence is required. {not_eval['en']}",
            f"产品（{cat['zh-Hans']}）明显属于{code}物项（{by}），{r['zh-Hans']}：须申请两用物项出口许可。{not_eval['zh-Hans']}",
            f"產品（{cat['zh-Hant']}）明顯屬於{code}物項（{by}），{r['zh-Hant']}：須申請兩用物項出口許可。{not_eval['zh-Hant']}"), figures,
            outcome="license_required")
    text = tx(f"{CODE_FIELD} is empty: the product ({cat['en']}) is of the kind {code} lists, but whether it is one of the listed "
              f"entries needs its control code. {not_eval['en']}",
              f"{CODE_FIELD} 为空：产品（{cat['zh-Hans']}）属于{code}所列类别，但是否为所列条目须以其管制编码确定。{not_eval['zh-Hans']}",
              f"{CODE_FIELD} 為空：產品（{cat['zh-Hant']}）屬於{code}所列類別，但是否為所列條目須以其管制編碼確定。{not_eval['zh-Hant']}")
    return RuleResult("insufficient_data", tx(
        f"The product is of the kind {code} lists, {r['en']}; its classification needs facts the dossier lacks. {not_eval['en']}",
        f"产品属于{code}所列类别，{r['zh-Hans']}；其归类需要卷宗未提供的事实。{not_eval['zh-Hans']}",
        f"產品屬於{code}所列類別，{r['zh-Hant']}；其歸類需要卷宗未提供的事實。{not_eval['zh-Hant']}"), figures, [],
        [Missing(CODE_FIELD, text)], ceiling="license_required")

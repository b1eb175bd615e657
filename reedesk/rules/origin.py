"""Rule kind ``origin``: listed items by where they come from.

Two scopes, chosen by the pack:

* ``export_from_home`` — exports from China of listed items (No. 18 of 2025,
  No. 57 of 2025), whoever made them;
* ``reexport_home_origin`` — China-origin listed items re-exported from outside
  China (No. 61 I(3)).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier
from reedesk.rules.context import RuleResult
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import all_of, exported_from, item_code_entries, item_is, made_in, not_to_home, reasons
from reedesk.rules.text import label, tx


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    item = item_is(d, [pack.items[n] for n in p["product_items"]])
    if p["scope"] == "export_from_home":
        tests = [item, exported_from(d, home, inside=True), not_to_home(d, home)]
        name = tx("export-from-China rule", "自中国出口规则", "自中國出口規則")
    else:
        tests = [item, made_in(d, home, inside=True), exported_from(d, home, inside=False), not_to_home(d, home)]
        name = tx("origin (re-export) rule", "原产地（再出口）规则", "原產地（再出口）規則")
    ok, why, miss = all_of(tests)
    table = p.get("codes") or {}
    elements = (d.product.elements if d.product else None) or []
    codes = item_code_entries(pack, p["product_items"], d.product.category if d.product else None, elements)
    if not codes:  # packs of 0.1 give one table per rule
        codes = [{"element": e, "code": table[e]} for e in elements if e in table]
    if ok is True and codes:
        named = ", ".join(f"{c['code']} ({c['element']})" for c in codes)
        why = [*why, tx(f"control code {named}", f"管制编码 {named}", f"管制編碼 {named}")]
    r = reasons(why)
    sname = label(p["scope"])
    figures = {"scope": p["scope"], "home_country": home, "codes": codes,
               "display": tx(f"{sname['en']} (home country {home})", f"{sname['zh-Hans']}（本国：{home}）", f"{sname['zh-Hant']}（本國：{home}）")}
    if ok is True:
        return RuleResult("applies", tx(f"The {name['en']} applies: {r['en']}.", f"{name['zh-Hans']}适用：{r['zh-Hans']}。",
                                        f"{name['zh-Hant']}適用：{r['zh-Hant']}。"), figures)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The {name['en']} does not apply: {r['en']}.", f"{name['zh-Hans']}不适用：{r['zh-Hans']}。",
                                               f"{name['zh-Hant']}不適用：{r['zh-Hant']}。"), figures)
    return RuleResult("insufficient_data", tx(f"Whether the {name['en']} applies depends on missing data.",
                                              f"{name['zh-Hans']}是否适用取决于缺失的数据。", f"{name['zh-Hant']}是否適用取決於缺失的資料。"),
                      figures, [], miss)

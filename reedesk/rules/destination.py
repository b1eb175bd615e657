"""Rule kind ``destination_ban``: an outright ban on dual-use exports to a country's
military users and uses (MOFCOM No. 1 of 2026, Japan; MOFCOM No. 46 of 2024 Art. 1, US).

It is a control rule of its own (its outcome, ``prohibited``, comes from the pack).
It applies when four tests pass, each read from the pack's parameters — the code
knows no country:

* **who**: the end user is a party of one of ``end_user_countries`` (a Japanese
  military user wherever the goods are shipped); with ``located_users = true`` also
  any user in one of ``destinations`` (the wider "enhancing that country's military"
  reading; No. 1 of 2026's primary reading leaves it ``false``: a non-Japanese military
  user that happens to be in Japan is not a "Japanese military user" by the text);
* **military**: the end user is marked military, or the end use is one of
  ``end_use_categories`` (``any_end_user = true``: every end user, e.g. No. 46 Art. 2);
* **item**: with ``dual_use_only = true`` the product must be a *listed* dual-use item
  (a control code of China's lists, :func:`reedesk.rules.scope.dual_use_codes`: Nd,
  Pr, La, Ce items are on none); otherwise the pack's ``product_items``;
* **route**: exported from China (``export_from_home``), a China-origin item
  transferred onwards by a foreign party (``reexport_home_origin``), or — only with
  ``foreign_made_content = "incorporated"`` — a foreign-made item with a China-origin
  listed input (an open point: a foreign-made item is not China-origin by itself).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier, EndUse, Party, Product, Shipment
from reedesk.rules.context import Missing, RuleResult, match_any, missing, product_missing
from reedesk.rules.packs import ItemSet, RulePack, RuleSpec
from reedesk.rules.scope import Test, all_of, exported_from, item_is, made_in, reasons
from reedesk.rules.text import label, tx


def _who(d: Dossier, destinations: tuple[str, ...], nationals: tuple[str, ...], located: bool) -> Test:
    """The end user is a party of a listed country wherever the goods go; or, with
    ``located``, any user at a listed destination."""
    shipment = d.shipment or Shipment()
    dest = shipment.destination
    country = (shipment.end_user or Party()).country
    if country is not None and country in nationals:
        return Test(True, tx(f"the end user is a party of {country} (shipped to {dest})", f"最终用户为{country}主体（运往{dest}）",
                             f"最終用戶為{country}主體（運往{dest}）"))
    if located and dest in destinations:
        return Test(True, tx(f"the goods go to {dest}, and the pack's reading covers users located there whatever their nationality",
                             f"货物运往{dest}，本规则包的解读涵盖位于该地的用户，不论其国籍",
                             f"貨物運往{dest}，本規則包的解讀涵蓋位於該地的用戶，不論其國籍"))
    if country is None and nationals:
        return Test(None, tx("", "", ""), [missing("shipment.end_user.country", "end users of some countries are banned wherever the goods go",
                                                  "部分国家的最终用户无论货物运往何地均被禁止", "部分國家的最終用戶無論貨物運往何地均被禁止")])
    if located and dest is None:
        return Test(None, tx("", "", ""), [missing("shipment.destination", "exports to some destinations are banned",
                                                  "对部分目的地的出口被禁止", "對部分目的地的出口被禁止")])
    listed = ", ".join(nationals or destinations)
    if dest in destinations and not located:
        return Test(False, tx(f"the end user is a party of {country}, not of {listed}; that the goods go to {dest} does not make it one "
                              f"(pack parameter located_users = false; see the readings for the wider one)",
                              f"最终用户为{country}主体，并非{listed}主体；货物运往{dest}并不使其成为该国用户（规则包参数 located_users 为 false；较宽解读见各项解读）",
                              f"最終用戶為{country}主體，並非{listed}主體；貨物運往{dest}並不使其成為該國用戶（規則包參數 located_users 為 false；較寬解讀見各項解讀）"))
    return Test(False, tx(f"neither the end user's country {country} nor the destination {dest} is {listed}",
                          f"最终用户所在国{country}及目的地{dest}均非{listed}", f"最終用戶所在國{country}及目的地{dest}均非{listed}"))


def _military(d: Dossier, uses: tuple[str, ...], military_user: bool, any_user: bool) -> Test:
    shipment = d.shipment or Shipment()
    user = shipment.end_user or Party()
    use = (shipment.end_use or EndUse()).category
    if any_user:
        return Test(True, tx("every end user and end use is covered", "涵盖一切最终用户和最终用途", "涵蓋一切最終用戶和最終用途"))
    if military_user and user.military is True:
        return Test(True, tx("the end user is military", "最终用户为军事用户", "最終用戶為軍事用戶"))
    if use is None:
        return Test(None, tx("", "", ""), [missing("shipment.end_use.category", "military uses are banned",
                                                  "军事用途被禁止", "軍事用途被禁止")])
    name = label(use)
    if use in uses:
        return Test(True, tx(f"the end use ({name['en']}) is a listed military use", f"最终用途（{name['zh-Hans']}）为所列军事用途",
                             f"最終用途（{name['zh-Hant']}）為所列軍事用途"))
    return Test(False, tx(f"neither the end user nor the end use ({name['en']}) is military", f"最终用户和最终用途（{name['zh-Hans']}）均非军事",
                          f"最終用戶和最終用途（{name['zh-Hant']}）均非軍事"))


# Categories whose listing depends on the elements (equipment, technology etc. are listed by kind).
_MATERIALS = ("rare_earth_metal", "rare_earth_alloy", "rare_earth_oxide", "rare_earth_compound", "rare_earth_permanent_magnet",
              "rare_earth_target")


def _dual_use(d: Dossier, inputs: Any) -> Test:
    """The product is a listed dual-use item: a control code of China's lists."""
    product = d.product or Product()
    codes = tuple(getattr(inputs, "dual_use_codes", ()) or ())
    if codes:
        named = ", ".join(codes)
        return Test(True, tx(f"the product is a listed dual-use item ({named})", f"产品为所列两用物项（{named}）",
                             f"產品為所列兩用物項（{named}）"))
    if product.category is None or (product.category in _MATERIALS and not product.elements):
        return Test(None, tx("", "", ""), product_missing(product.category, product.elements))  # listed or not depends on it
    return Test(False, tx("the product is on none of China's dual-use control lists the packs know (Nd, Pr, La and Ce items are on none)",
                          "产品不属于规则包所知的任何中国两用物项管制清单（钕、镨、镧、铈物项均不在列）",
                          "產品不屬於規則包所知的任何中國兩用物項管制清單（釹、鐠、鑭、鈰物項均不在列）"))


def _content(d: Dossier, home: str, item_sets: list[ItemSet], dual_use_only: bool, inputs: Any) -> Test:
    """A foreign-made item with a home-origin listed input: transferring the item provides
    that input (reading ``foreign_made_content = "incorporated"``)."""
    unknown: list[Missing] = []
    component_codes = tuple(getattr(inputs, "component_codes", ()) or ())
    for i, comp in enumerate(d.components):
        if dual_use_only:
            codes = component_codes[i] if i < len(component_codes) else ()
            listed = True if codes else (None if comp.category is None else False)
        else:
            listed = match_any(item_sets, comp.category, comp.elements)
        if listed is False or (comp.origin is not None and comp.origin != home):
            continue
        label_ = comp.id or f"components[{i}]"
        if listed is True and comp.origin == home:
            return Test(True, tx(f"a foreign-made item incorporating a {home}-origin dual-use input ({label_}: {', '.join(comp.elements or [])})",
                                 f"含有{home}原产两用物项投入物的境外制造物项（{label_}：{'、'.join(comp.elements or [])}）",
                                 f"含有{home}原產兩用物項投入物的境外製造物項（{label_}：{'、'.join(comp.elements or [])}）"))
        if comp.origin is None:
            unknown.append(missing(f"components[{i}].origin", f"a {home}-origin dual-use input brings the item under the ban",
                                   f"{home}原产两用物项投入物使该物项受禁令管辖", f"{home}原產兩用物項投入物使該物項受禁令管轄"))
        else:
            unknown += product_missing(comp.category, comp.elements, f"components[{i}]")
    if unknown:
        return Test(None, tx("", "", ""), unknown)
    return Test(False, tx(f"no {home}-origin dual-use input", f"无{home}原产两用物项投入物", f"無{home}原產兩用物項投入物"))


def _route(d: Dossier, home: str, scopes: tuple[str, ...], content: str, item_sets: list[ItemSet], dual_use_only: bool,
           inputs: Any) -> Test:
    options = []
    if "export_from_home" in scopes:
        options.append(exported_from(d, home, inside=True))
    if "reexport_home_origin" in scopes:
        made = made_in(d, home, inside=True)
        options.append(made if made.ok is not True else Test(True, tx(f"a {home}-origin item transferred onwards",
                                                                      f"{home}原产物项的转移", f"{home}原產物項的轉移")))
    if content == "incorporated":
        options.append(_content(d, home, item_sets, dual_use_only, inputs))
    if any(t.ok is True for t in options):
        return next(t for t in options if t.ok is True)
    if any(t.ok is None for t in options):
        return Test(None, tx("", "", ""), [m for t in options if t.ok is None for m in t.missing])
    if content == "incorporated":
        return Test(False, tx(f"neither exported from {home}, nor of {home} origin, nor with {home}-origin dual-use inputs",
                              f"既非自{home}出口，也非{home}原产，亦无{home}原产两用物项投入物",
                              f"既非自{home}出口，也非{home}原產，亦無{home}原產兩用物項投入物"))
    if "reexport_home_origin" in scopes and d.components and any(c.origin == home for c in d.components):
        return Test(False, tx(f"neither exported from {home} nor of {home} origin; a foreign-made item with {home}-origin content is not "
                              f"{home}-origin by itself (open point; pack parameter foreign_made_content = \"not_covered\")",
                              f"既非自{home}出口，也非{home}原产；含有{home}原产成分的境外制造物项本身并非{home}原产（未决问题；规则包参数 (foreign_made_content) 为不涵盖）",
                              f"既非自{home}出口，也非{home}原產；含有{home}原產成分的境外製造物項本身並非{home}原產（未決問題；規則包參數 (foreign_made_content) 為不涵蓋）"))
    return Test(False, tx(f"neither exported from {home} nor of {home} origin", f"既非自{home}出口，也非{home}原产",
                          f"既非自{home}出口，也非{home}原產"))


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    item_sets = [pack.items[n] for n in p["product_items"]]
    content = p.get("foreign_made_content", "not_covered")
    dual_use_only = bool(p.get("dual_use_only", False))
    tests = [
        _who(d, tuple(p["destinations"]), tuple(p.get("end_user_countries", ())), bool(p.get("located_users", True))),
        _military(d, tuple(p.get("end_use_categories", ())), bool(p.get("military_user", False)), bool(p.get("any_end_user", False))),
        _dual_use(d, inputs) if dual_use_only else item_is(d, item_sets),
        _route(d, p["home_country"], tuple(p["scopes"]), content, item_sets, dual_use_only, inputs),
    ]
    ok, why, miss = all_of(tests)
    r = reasons(why)
    figures = {"destinations": list(p["destinations"]), "end_use_categories": list(p.get("end_use_categories", ())),
               "end_user_countries": list(p.get("end_user_countries", ())), "foreign_made_content": content,
               "located_users": bool(p.get("located_users", True)), "dual_use_only": dual_use_only,
               "codes": [{"code": c} for c in (getattr(inputs, "dual_use_codes", ()) or ())] if dual_use_only else []}
    if ok is True:
        return RuleResult("applies", tx(f"The ban applies: {r['en']}.", f"禁令适用：{r['zh-Hans']}。",
                                        f"禁令適用：{r['zh-Hant']}。"), figures)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The ban does not apply: {r['en']}.", f"禁令不适用：{r['zh-Hans']}。",
                                               f"禁令不適用：{r['zh-Hant']}。"), figures)
    return RuleResult("insufficient_data", tx("Whether the ban applies depends on missing data.",
                                              "禁令是否适用取决于缺失的数据。", "禁令是否適用取決於缺失的資料。"), figures, [], miss)

"""Rule kind ``destination_ban``: an outright ban on exports to a destination's military
users and uses (MOFCOM No. 1 of 2026, Japan).

It is a control rule of its own: it applies when the destination is listed, the
end user is military or the end use is a listed military use, and the item is
a dual-use item exported from China or a China-origin item transferred from a
third country. Its outcome (``prohibited``) comes from the pack.
"""

from __future__ import annotations

from datetime import date

from reedesk.domain.dossier import Dossier, EndUse, Party, Shipment
from reedesk.rules.v1.context import Missing, RuleResult, match_any, missing, product_missing
from reedesk.rules.v1.packs import ItemSet, RulePack, RuleSpec
from reedesk.rules.v1.scope import Test, all_of, exported_from, item_is, made_in, reasons
from reedesk.rules.v1.text import label, tx


def _destination(d: Dossier, destinations: tuple[str, ...], user_countries: tuple[str, ...]) -> Test:
    """The goods go to a listed country, or to an end user of a listed country wherever
    they are shipped (a Japanese military user in a third country is still one)."""
    shipment = d.shipment or Shipment()
    dest = shipment.destination
    country = (shipment.end_user or Party()).country
    if dest in destinations:
        return Test(True, tx(f"destination {dest} is listed", f"目的地{dest}在列", f"目的地{dest}在列"))
    if country is not None and country in user_countries:
        return Test(True, tx(f"the end user is in {country} (shipped to {dest})", f"最终用户位于{country}（运往{dest}）",
                             f"最終用戶位於{country}（運往{dest}）"))
    if dest is None:
        return Test(None, tx("", "", ""), [missing("shipment.destination", "exports to some destinations are banned",
                                                  "对部分目的地的出口被禁止", "對部分目的地的出口被禁止")])
    if user_countries and country is None:
        return Test(None, tx("", "", ""), [missing("shipment.end_user.country", "end users of some countries are banned wherever the goods go",
                                                  "部分国家的最终用户无论货物运往何地均被禁止", "部分國家的最終用戶無論貨物運往何地均被禁止")])
    listed = ", ".join(destinations + tuple(c for c in user_countries if c not in destinations))
    return Test(False, tx(f"neither the destination {dest} nor the end user's country {country} is {listed}",
                          f"目的地{dest}及最终用户所在国{country}均非{listed}", f"目的地{dest}及最終用戶所在國{country}均非{listed}"))


def _military(d: Dossier, uses: tuple[str, ...], military_user: bool) -> Test:
    shipment = d.shipment or Shipment()
    user = shipment.end_user or Party()
    use = (shipment.end_use or EndUse()).category
    if military_user and user.military is True:
        return Test(True, tx("the end user is military", "最终用户为军事用户", "最終用戶為軍事用戶"))
    if use is None:
        return Test(None, tx("", "", ""), [missing("shipment.end_use.category", "military uses at this destination are banned",
                                                  "该目的地的军事用途被禁止", "該目的地的軍事用途被禁止")])
    name = label(use)
    if use in uses:
        return Test(True, tx(f"the end use ({name['en']}) is a listed military use", f"最终用途（{name['zh-Hans']}）为所列军事用途",
                             f"最終用途（{name['zh-Hant']}）為所列軍事用途"))
    return Test(False, tx(f"neither the end user nor the end use ({name['en']}) is military", f"最终用户和最终用途（{name['zh-Hans']}）均非军事",
                          f"最終用戶和最終用途（{name['zh-Hant']}）均非軍事"))


def _content(d: Dossier, home: str, item_sets: list[ItemSet]) -> Test:
    """A foreign-made item with a home-origin listed input: transferring the item provides
    that input (reading ``foreign_made_content = "incorporated"``)."""
    unknown: list[Missing] = []
    for i, comp in enumerate(d.components):
        listed = match_any(item_sets, comp.category, comp.elements)
        if listed is False or (comp.origin is not None and comp.origin != home):
            continue
        label_ = comp.id or f"components[{i}]"
        if listed is True and comp.origin == home:
            return Test(True, tx(f"a foreign-made item incorporating a {home}-origin rare-earth dual-use input ({label_}: {', '.join(comp.elements or [])})",
                                 f"含有{home}原产稀土两用物项投入物的境外制造物项（{label_}：{'、'.join(comp.elements or [])}）",
                                 f"含有{home}原產稀土兩用物項投入物的境外製造物項（{label_}：{'、'.join(comp.elements or [])}）"))
        if comp.origin is None:
            unknown.append(missing(f"components[{i}].origin", f"a {home}-origin rare-earth input brings the item under the ban",
                                   f"{home}原产稀土投入物使该物项受禁令管辖", f"{home}原產稀土投入物使該物項受禁令管轄"))
        else:
            unknown += product_missing(comp.category, comp.elements, f"components[{i}]")
    if unknown:
        return Test(None, tx("", "", ""), unknown)
    return Test(False, tx(f"no {home}-origin rare-earth input", f"无{home}原产稀土投入物", f"無{home}原產稀土投入物"))


def _route(d: Dossier, home: str, scopes: tuple[str, ...], content: str, item_sets: list[ItemSet]) -> Test:
    options = []
    if "export_from_home" in scopes:
        options.append(exported_from(d, home, inside=True))
    if "reexport_home_origin" in scopes:
        made = made_in(d, home, inside=True)
        options.append(made if made.ok is not True else Test(True, tx(f"a {home}-origin item transferred onwards",
                                                                      f"{home}原产物项的转移", f"{home}原產物項的轉移")))
    if content == "incorporated":
        options.append(_content(d, home, item_sets))
    if any(t.ok is True for t in options):
        return next(t for t in options if t.ok is True)
    if any(t.ok is None for t in options):
        return Test(None, tx("", "", ""), [m for t in options if t.ok is None for m in t.missing])
    if content == "incorporated":
        return Test(False, tx(f"neither exported from {home}, nor of {home} origin, nor with {home}-origin rare-earth inputs",
                              f"既非自{home}出口，也非{home}原产，亦无{home}原产稀土投入物",
                              f"既非自{home}出口，也非{home}原產，亦無{home}原產稀土投入物"))
    return Test(False, tx(f"neither exported from {home} nor of {home} origin", f"既非自{home}出口，也非{home}原产",
                          f"既非自{home}出口，也非{home}原產"))


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date) -> RuleResult:
    p = rule.params
    item_sets = [pack.items[n] for n in p["product_items"]]
    content = p.get("foreign_made_content", "not_covered")
    tests = [
        _destination(d, tuple(p["destinations"]), tuple(p.get("end_user_countries", ()))),
        _military(d, tuple(p.get("end_use_categories", ())), bool(p.get("military_user", False))),
        item_is(d, item_sets),
        _route(d, p["home_country"], tuple(p["scopes"]), content, item_sets),
    ]
    ok, why, miss = all_of(tests)
    r = reasons(why)
    figures = {"destinations": list(p["destinations"]), "end_use_categories": list(p.get("end_use_categories", ())),
               "end_user_countries": list(p.get("end_user_countries", ())), "foreign_made_content": content}
    if ok is True:
        return RuleResult("applies", tx(f"The destination ban applies: {r['en']}.", f"目的地禁令适用：{r['zh-Hans']}。",
                                        f"目的地禁令適用：{r['zh-Hant']}。"), figures)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The destination ban does not apply: {r['en']}.", f"目的地禁令不适用：{r['zh-Hans']}。",
                                               f"目的地禁令不適用：{r['zh-Hant']}。"), figures)
    return RuleResult("insufficient_data", tx("Whether the destination ban applies depends on missing data.",
                                              "目的地禁令是否适用取决于缺失的数据。", "目的地禁令是否適用取決於缺失的資料。"), figures, [], miss)

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
from reedesk.rules.context import RuleResult, missing
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import Test, all_of, exported_from, item_is, made_in, reasons
from reedesk.rules.text import tx


def _destination(d: Dossier, destinations: tuple[str, ...]) -> Test:
    dest = (d.shipment or Shipment()).destination
    if dest is None:
        return Test(None, tx("", "", ""), [missing("shipment.destination", "exports to some destinations are banned",
                                                  "对部分目的地的出口被禁止", "對部分目的地的出口被禁止")])
    if dest in destinations:
        return Test(True, tx(f"destination {dest} is listed", f"目的地{dest}在列", f"目的地{dest}在列"))
    return Test(False, tx(f"destination {dest} is not listed", f"目的地{dest}不在列", f"目的地{dest}不在列"))


def _military(d: Dossier, uses: tuple[str, ...], military_user: bool) -> Test:
    shipment = d.shipment or Shipment()
    user = shipment.end_user or Party()
    use = (shipment.end_use or EndUse()).category
    if military_user and user.military is True:
        return Test(True, tx("the end user is military", "最终用户为军事用户", "最終用戶為軍事用戶"))
    if use is None:
        return Test(None, tx("", "", ""), [missing("shipment.end_use.category", "military uses at this destination are banned",
                                                  "该目的地的军事用途被禁止", "該目的地的軍事用途被禁止")])
    if use in uses:
        return Test(True, tx(f"the end use ({use}) is a listed military use", f"最终用途（{use}）为所列军事用途",
                             f"最終用途（{use}）為所列軍事用途"))
    return Test(False, tx(f"neither the end user nor the end use ({use}) is military", f"最终用户和最终用途（{use}）均非军事",
                          f"最終用戶和最終用途（{use}）均非軍事"))


def _route(d: Dossier, home: str, scopes: tuple[str, ...]) -> Test:
    options = []
    if "export_from_home" in scopes:
        options.append(exported_from(d, home, inside=True))
    if "reexport_home_origin" in scopes:
        made = made_in(d, home, inside=True)
        options.append(made if made.ok is not True else Test(True, tx(f"a {home}-origin item transferred onwards",
                                                                      f"{home}原产物项的转移", f"{home}原產物項的轉移")))
    if any(t.ok is True for t in options):
        return next(t for t in options if t.ok is True)
    if any(t.ok is None for t in options):
        return Test(None, tx("", "", ""), [m for t in options if t.ok is None for m in t.missing])
    return Test(False, tx(f"neither exported from {home} nor of {home} origin", f"既非自{home}出口，也非{home}原产",
                          f"既非自{home}出口，也非{home}原產"))


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date) -> RuleResult:
    p = rule.params
    tests = [
        _destination(d, tuple(p["destinations"])),
        _military(d, tuple(p.get("end_use_categories", ())), bool(p.get("military_user", False))),
        item_is(d, [pack.items[n] for n in p["product_items"]]),
        _route(d, p["home_country"], tuple(p["scopes"])),
    ]
    ok, why, miss = all_of(tests)
    r = reasons(why)
    figures = {"destinations": list(p["destinations"]), "end_use_categories": list(p.get("end_use_categories", ()))}
    if ok is True:
        return RuleResult("applies", tx(f"The destination ban applies: {r['en']}.", f"目的地禁令适用：{r['zh-Hans']}。",
                                        f"目的地禁令適用：{r['zh-Hant']}。"), figures)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The destination ban does not apply: {r['en']}.", f"目的地禁令不适用：{r['zh-Hans']}。",
                                               f"目的地禁令不適用：{r['zh-Hant']}。"), figures)
    return RuleResult("insufficient_data", tx("Whether the destination ban applies depends on missing data.",
                                              "目的地禁令是否适用取决于缺失的数据。", "目的地禁令是否適用取決於缺失的資料。"), figures, [], miss)

"""Rule kind ``catch_all``: an item on no control list still needs a licence in the
cases the Export Control Law Art. 12 (「出口管制法」第十二条) and the Dual-Use Items
Export Control Regulations' catch-all article name — the exporter knows or should
know that the item may harm China's national security and interests, serve weapons
of mass destruction or their delivery systems, or serve terrorism, or MOFCOM has so
notified.

A dossier cannot say what an exporter knows; the pack names the facts that make it
"should know": end uses (``end_use_categories``: WMD, terrorism) and military end
users of the countries MOFCOM has taken measures against (``military_user_countries``:
Japan under No. 1 of 2026, the US under No. 46 of 2024), with the reason in
``reason_en`` / ``reason_zh`` / ``reason_zh_hant``. It only reaches items that are on no
list (a listed item is handled by its own instrument), exported from China. A civil
end use of an unlisted item stays not controlled.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier, EndUse, Party, Product, Shipment
from reedesk.rules.context import RuleResult, missing
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import Test, all_of, export_or_provision, exported_from, not_to_home, reasons
from reedesk.rules.messages import msg
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import labels_of, tx


def _unlisted(d: Dossier, inputs: Any) -> Test:
    codes = tuple(getattr(inputs, "dual_use_codes", ()) or ())
    suspended = tuple(getattr(inputs, "suspended_codes", ()) or ())
    if codes and getattr(inputs, "readings_3_4", False) and set(codes) <= set(suspended):
        # 「暂停实施」: while its list's control is suspended, the item is controlled by no list, so the Export Control
        # Law's catch-all, which is not suspended, reaches it (a WMD end use never comes out "no licence" silently).
        c_en, c_zh = ", ".join(codes), "、".join(codes)
        return Test(True, tx(f"the product's listing ({c_en}) is suspended on this date, so no list controls it",
                             f"该产品所列清单（{c_zh}）的管制于此日暂停实施，现无清单管制该产品",
                             f"該產品所列清單（{c_zh}）的管制於此日暫停實施，現無清單管制該產品"))
    if codes:
        return Test(False, msg("catch_all._unlisted.1", codes=', '.join(codes), codes2='、'.join(codes)))
    names = tuple(getattr(inputs, "dual_use_names", ()) or ())
    if names and getattr(inputs, "readings_3_6", False):
        # engine 3.6.0 (REVIEW8 F3): a No. 55 / No. 58 item is a listed dual-use item here too, as the bans read it since
        # 3.5.0 (item_list.dual_use_names), governed by its own instrument — not "on no control list"
        return Test(False, tx("the product is a listed dual-use item (" + ", ".join(n[0] for n in names) + "), governed by its own instrument",
                              "产品为所列两用物项（" + "、".join(n[1] for n in names) + "），适用其本身的公告",
                              "產品為所列兩用物項（" + "、".join(n[2] for n in names) + "），適用其本身的公告"))
    if (d.product or Product()).category is None:
        return Test(None, msg("catch_all._unlisted.2"), [missing("product.category", "an item on no list is reached only by the catch-all",
                                                  "未列入清单的物项仅适用兜底条款", "未列入清單的物項僅適用兜底條款")])
    return Test(True, msg("catch_all._unlisted.3"))


def _reason(d: Dossier, uses: tuple[str, ...], countries: tuple[str, ...], located: bool, readings_3_6: bool = False) -> Test:
    shipment = d.shipment or Shipment()
    user = shipment.end_user or Party()
    use = (shipment.end_use or EndUse()).category
    if use is not None and use in uses:
        name = label(use)
        return Test(True, msg("catch_all._reason.1", name=name))
    military = user.military is True or use == "military"
    where = user.country if user.country in countries else (shipment.destination if located and shipment.destination in countries else None)
    if military and where is not None:
        return Test(True, msg("catch_all._reason.2", where=where))
    if readings_3_6:
        # engine 3.6.0 (REVIEW8 F4): an importer or consignee of those countries marked military is a military user the
        # goods are exported to, as No. 1 of 2026 and No. 46 Art. 1 read it since 3.5.0
        for role, en, hans, hant in (("importer", "importer", "进口商", "進口商"), ("consignee", "consignee", "收货人", "收貨人")):
            party = getattr(shipment, role, None)
            if party is not None and party.military is True and party.country in countries:
                c = party.country
                return Test(True, tx(f"the {en} is a military user of {c}, to whom the goods are exported",
                                     f"{hans}为{c}军事用户，货物出口至该用户", f"{hant}為{c}軍事用戶，貨物出口至該用戶"))
    if use is None:
        return Test(None, msg("catch_all._reason.3"), [missing("shipment.end_use.category", "WMD, terrorist and some military end uses bring an unlisted item under the catch-all",
                                                  "大规模杀伤性武器、恐怖主义及部分军事用途使未列入清单的物项适用兜底条款",
                                                  "大規模殺傷性武器、恐怖主義及部分軍事用途使未列入清單的物項適用兜底條款")])
    listed = labels_of(uses)
    return Test(False, msg("catch_all._reason.4", listed=listed, countries=', '.join(countries), countries2='、'.join(countries)))


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    # engine 3.5.0: provision in China to a foreign party is an export too (Export Control Law Art. 2)
    to = (export_or_provision(d, home, technology=False, reach=p.get("provision_in_home", "all"),
                              subject=getattr(inputs, "readings_3_6", False), to=p.get("provision_to", "foreign"))
          if getattr(inputs, "readings_3_5", False) else not_to_home(d, home))
    tests = [_unlisted(d, inputs), exported_from(d, home, inside=True), to,
             _reason(d, tuple(p["end_use_categories"]), tuple(p.get("military_user_countries", ())), bool(p.get("located_users", False)),
                     getattr(inputs, "readings_3_6", False))]
    ok, why, miss = all_of(tests)
    r = reasons(why)
    figures = {"end_use_categories": list(p["end_use_categories"]), "military_user_countries": list(p.get("military_user_countries", ()))}
    if ok is True:
        why_en = p.get("reason_en") or "the exporter should know the item may harm China's national security and interests"
        why_hans = p.get("reason_zh") or "出口经营者应当知道该物项可能危害国家安全和利益"
        why_hant = p.get("reason_zh_hant") or why_hans
        return RuleResult("applies", msg("catch_all.check.1", r=r, why_en=why_en, why_hans=why_hans, why_hant=why_hant), figures)
    if ok is False:
        return RuleResult("does_not_apply", msg("catch_all.check.2", r=r), figures)
    return RuleResult("insufficient_data", msg("catch_all.check.3"), figures, [], miss)

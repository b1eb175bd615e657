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
from reedesk.rules.scope import Test, all_of, exported_from, not_to_home, reasons
from reedesk.rules.text import label, labels_of, tx


def _unlisted(d: Dossier, inputs: Any) -> Test:
    codes = tuple(getattr(inputs, "dual_use_codes", ()) or ())
    if codes:
        return Test(False, tx(f"the product is a listed dual-use item ({', '.join(codes)}), governed by its own instrument",
                              f"产品为所列两用物项（{'、'.join(codes)}），适用其本身的公告",
                              f"產品為所列兩用物項（{'、'.join(codes)}），適用其本身的公告"))
    if (d.product or Product()).category is None:
        return Test(None, tx("", "", ""), [missing("product.category", "an item on no list is reached only by the catch-all",
                                                  "未列入清单的物项仅适用兜底条款", "未列入清單的物項僅適用兜底條款")])
    return Test(True, tx("the product is on no control list", "产品未列入任何管制清单", "產品未列入任何管制清單"))


def _reason(d: Dossier, uses: tuple[str, ...], countries: tuple[str, ...], located: bool) -> Test:
    shipment = d.shipment or Shipment()
    user = shipment.end_user or Party()
    use = (shipment.end_use or EndUse()).category
    if use is not None and use in uses:
        name = label(use)
        return Test(True, tx(f"the end use is {name['en']}", f"最终用途为{name['zh-Hans']}", f"最終用途為{name['zh-Hant']}"))
    military = user.military is True or use == "military"
    where = user.country if user.country in countries else (shipment.destination if located and shipment.destination in countries else None)
    if military and where is not None:
        return Test(True, tx(f"a military end user or use of {where}", f"{where}的军事最终用户或军事用途", f"{where}的軍事最終用戶或軍事用途"))
    if use is None:
        return Test(None, tx("", "", ""), [missing("shipment.end_use.category", "WMD, terrorist and some military end uses bring an unlisted item under the catch-all",
                                                  "大规模杀伤性武器、恐怖主义及部分军事用途使未列入清单的物项适用兜底条款",
                                                  "大規模殺傷性武器、恐怖主義及部分軍事用途使未列入清單的物項適用兜底條款")])
    listed = labels_of(uses)
    return Test(False, tx(f"the end use is not {listed['en']}, and no military user or use of {', '.join(countries)} is named",
                          f"最终用途不属于{listed['zh-Hans']}，且未涉及{'、'.join(countries)}的军事用户或用途",
                          f"最終用途不屬於{listed['zh-Hant']}，且未涉及{'、'.join(countries)}的軍事用戶或用途"))


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    tests = [_unlisted(d, inputs), exported_from(d, home, inside=True), not_to_home(d, home),
             _reason(d, tuple(p["end_use_categories"]), tuple(p.get("military_user_countries", ())), bool(p.get("located_users", False)))]
    ok, why, miss = all_of(tests)
    r = reasons(why)
    figures = {"end_use_categories": list(p["end_use_categories"]), "military_user_countries": list(p.get("military_user_countries", ()))}
    if ok is True:
        why_en = p.get("reason_en") or "the exporter should know the item may harm China's national security and interests"
        why_hans = p.get("reason_zh") or "出口经营者应当知道该物项可能危害国家安全和利益"
        why_hant = p.get("reason_zh_hant") or why_hans
        return RuleResult("applies", tx(f"The catch-all applies: {r['en']}; {why_en}.", f"兜底条款适用：{r['zh-Hans']}；{why_hans}。",
                                        f"兜底條款適用：{r['zh-Hant']}；{why_hant}。"), figures)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The catch-all does not apply: {r['en']}.", f"兜底条款不适用：{r['zh-Hans']}。",
                                               f"兜底條款不適用：{r['zh-Hant']}。"), figures)
    return RuleResult("insufficient_data", tx("Whether the catch-all applies depends on missing data.",
                                              "兜底条款是否适用取决于缺失的数据。", "兜底條款是否適用取決於缺失的資料。"), figures, [], miss)

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
from reedesk.rules.messages import Msg, msg, msg_of, texts_major, zh_name
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import tx


def _who(d: Dossier, destinations: tuple[str, ...], nationals: tuple[str, ...], located: bool, words: bool = False) -> Test:
    """The end user is a party of a listed country wherever the goods go; or, with
    ``located``, any user at a listed destination."""
    shipment = d.shipment or Shipment()
    dest = shipment.destination
    country = (shipment.end_user or Party()).country
    if country is not None and country in nationals:
        if dest is None and texts_major() >= 2:  # reedesk-texts-2: an unknown destination read as unknown, not None
            return Test(True, msg("destination._who.8", country=country, dest=Msg(t="unknown.destination")))
        return Test(True, msg("destination._who.1", country=country, dest=dest))
    if located and dest in destinations:
        return Test(True, msg("destination._who.2", dest=dest))
    if country is None and nationals:
        return Test(None, msg("destination._who.3"), [missing("shipment.end_user.country", "end users of some countries are banned wherever the goods go",
                                                  "部分国家的最终用户无论货物运往何地均被禁止", "部分國家的最終用戶無論貨物運往何地均被禁止")])
    if located and dest is None:
        return Test(None, msg("destination._who.4"), [missing("shipment.destination", "exports to some destinations are banned",
                                                  "对部分目的地的出口被禁止", "對部分目的地的出口被禁止")])
    listed = ", ".join(nationals or destinations)
    if dest in destinations and not located:
        if words:  # engine 3.6.0 (LEGALQA8 (11)): the open point in words, not the parameter's name and value
            return Test(False, tx(
                f"the end user is a party of {country}, not of {listed}; that the goods go to {dest} does not make it one "
                f"(an open point, declared as a reading: see the readings for the wider one)",
                f"最终用户为{zh_name('country', country, 'zh-Hans')}主体，并非{zh_name('country', listed, 'zh-Hans')}主体；货物运往{zh_name('country', dest, 'zh-Hans')}并不使其成为该国用户（未决问题，已列为解读；较宽解读见各项解读）",
                f"最終用戶為{zh_name('country', country, 'zh-Hant')}主體，並非{zh_name('country', listed, 'zh-Hant')}主體；貨物運往{zh_name('country', dest, 'zh-Hant')}並不使其成為該國用戶（未決問題，已列為解讀；較寬解讀見各項解讀）"))
        return Test(False, msg("destination._who.5", country=country, listed=listed, dest=dest))
    if (dest is None or country is None) and texts_major() >= 2:  # reedesk-texts-2 (LEGALQA8 (12)): not "None"
        unknown_dest, unknown_country = Msg(t="unknown.destination"), Msg(t="unknown.end_user_country")
        if dest is None and country is None:
            return Test(False, msg("destination._who.10", country=unknown_country, dest=unknown_dest))
        if dest is None:
            return Test(False, msg("destination._who.7", country=country, listed=listed, dest=unknown_dest))
        return Test(False, msg("destination._who.9", country=unknown_country, listed=listed, dest=dest))
    return Test(False, msg_of("destination._who.6", {"country": country, "dest": dest, "listed": listed}))


def _military(d: Dossier, uses: tuple[str, ...], military_user: bool, any_user: bool) -> Test:
    shipment = d.shipment or Shipment()
    user = shipment.end_user or Party()
    use = (shipment.end_use or EndUse()).category
    if any_user:
        return Test(True, msg("destination._military.1"))
    if military_user and user.military is True:
        return Test(True, msg("destination._military.2"))
    if use is None:
        return Test(None, msg("destination._military.3"), [missing("shipment.end_use.category", "military uses are banned",
                                                  "军事用途被禁止", "軍事用途被禁止")])
    name = label(use)
    if use in uses:
        return Test(True, msg("destination._military.4", name=name))
    return Test(False, msg_of("destination._military.5", {"name": name}))


# Categories whose listing depends on the elements (equipment, technology etc. are listed by kind).
_MATERIALS = ("rare_earth_metal", "rare_earth_alloy", "rare_earth_oxide", "rare_earth_compound", "rare_earth_permanent_magnet",
              "rare_earth_target")


def suspended_listing(inputs: Any) -> Test | None:
    """Under a rule whose ``suspended_dual_use`` parameter is false (the other reading of open point suspended-listing,
    pack cn-mofcom-lists): the product's control codes are all of a listing suspended on the date (No. 70 「暂停实施」,
    ``inputs.suspended_codes``), so it is no 「两用物项」 for the measure — a Test saying so; None otherwise."""
    codes = tuple(getattr(inputs, "dual_use_codes", ()) or ())
    suspended = tuple(getattr(inputs, "suspended_codes", ()) or ())
    if not codes or not set(codes) <= set(suspended):
        return None
    c_en, c_zh = ", ".join(codes), "、".join(codes)
    return Test(False, tx(f"the product's listing ({c_en}) is suspended on this date (No. 70), so under this reading it is "
                          f"no dual-use item for the measure",
                          f"该产品所列清单（{c_zh}）的管制于此日暂停实施（第70号公告），按此解读不属于该措施所称两用物项",
                          f"該產品所列清單（{c_zh}）的管制於此日暫停實施（第70號公告），按此解讀不屬於該措施所稱兩用物項"))


def _dual_use(d: Dossier, inputs: Any, suspended_dual_use: bool = True) -> Test:
    """The product is a listed dual-use item: a control code of China's lists (not one whose listing is suspended on the
    date, when the rule's ``suspended_dual_use`` is false: :func:`suspended_listing`)."""
    product = d.product or Product()
    codes = tuple(getattr(inputs, "dual_use_codes", ()) or ())
    if not suspended_dual_use:
        out = suspended_listing(inputs)
        if out is not None:
            return out
    if codes:
        named = ", ".join(codes)
        return Test(True, msg("destination._dual_use.1", named=named))
    names = tuple(getattr(inputs, "dual_use_names", ()) or ())
    if names:  # engine 3.5.0: listed by an instrument that gives it no control code (No. 55, No. 58)
        return Test(True, tx("the product is a listed dual-use item (" + ", ".join(n[0] for n in names) + ")",
                             "产品为所列两用物项（" + "、".join(n[1] for n in names) + "）",
                             "產品為所列兩用物項（" + "、".join(n[2] for n in names) + "）"))
    if product.category is None or (product.category in _MATERIALS and not product.elements):
        return Test(None, msg("destination._dual_use.2"), product_missing(product.category, product.elements))  # listed or not depends on it
    return Test(False, msg("destination._dual_use.3"))


def _wider(d: Dossier, item_sets: list[ItemSet], inputs: Any) -> Test:
    """The item test of a ban on every dual-use item whose ``dual_use_only`` a wider reading sets false (No. 1 of 2026's
    all-rare-earth-items; a rule without the parameter, such as No. 46 Art. 2, has only its item sets): the rule's
    own item sets — and, engine 3.6.0 (LEGALQA8 (10)), every listed dual-use item still, since a reading that *also*
    reaches unlisted items can only widen the ban (「禁止所有两用物项」); before 3.6.0 the item sets replaced the dual-use
    items (diamond micropowder or No. 62 technology left the ban under it)."""
    found = item_is(d, item_sets)
    if found.ok is True or not getattr(inputs, "readings_3_6", False):
        return found
    dual = _dual_use(d, inputs)
    return dual if dual.ok is True else found


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
            return Test(True, msg("destination._content.1", home=home, label_=label_, or_v=', '.join(comp.elements or []), or_v2='、'.join(comp.elements or [])))
        if comp.origin is None:
            unknown.append(missing(f"components[{i}].origin", f"a {home}-origin dual-use input brings the item under the ban",
                                   f"{zh_name('country', home, 'zh-Hans')}原产两用物项投入物使该物项受禁令管辖", f"{zh_name('country', home, 'zh-Hant')}原產兩用物項投入物使該物項受禁令管轄"))
        else:
            unknown += product_missing(comp.category, comp.elements, f"components[{i}]")
    if unknown:
        return Test(None, msg("destination._content.2"), unknown)
    return Test(False, msg("destination._content.3", home=home))


def _route(d: Dossier, home: str, scopes: tuple[str, ...], content: str, item_sets: list[ItemSet], dual_use_only: bool,
           inputs: Any) -> Test:
    options = []
    if "export_from_home" in scopes:
        options.append(exported_from(d, home, inside=True))
    if "reexport_home_origin" in scopes:
        made = made_in(d, home, inside=True)
        options.append(made if made.ok is not True else Test(True, msg("destination._route.1", home=home)))
    if content == "incorporated":
        options.append(_content(d, home, item_sets, dual_use_only, inputs))
    if any(t.ok is True for t in options):
        return next(t for t in options if t.ok is True)
    if any(t.ok is None for t in options):
        return Test(None, msg("destination._route.2"), [m for t in options if t.ok is None for m in t.missing])
    if content == "incorporated":
        return Test(False, msg("destination._route.3", home=home))
    if "reexport_home_origin" in scopes and d.components and any(c.origin == home for c in d.components):
        if getattr(inputs, "readings_3_6", False):  # engine 3.6.0: the open point by its words, not its parameter's code
            home_hans, home_hant = zh_name("country", home, "zh-Hans"), zh_name("country", home, "zh-Hant")
            return Test(False, tx(
                f"neither exported from {home} nor of {home} origin; a foreign-made item with {home}-origin content is not "
                f"{home}-origin by itself (an open point, declared as a reading)",
                f"既非自{home_hans}出口，也非{home_hans}原产；含有{home_hans}原产成分的境外制造物项本身并非{home_hans}原产（未决问题，已列为解读）",
                f"既非自{home_hant}出口，也非{home_hant}原產；含有{home_hant}原產成分的境外製造物項本身並非{home_hant}原產（未決問題，已列為解讀）"))
        return Test(False, msg("destination._route.4", home=home))
    return Test(False, msg("destination._route.5", home=home))


_RECIPIENTS = (("importer", "importer", "进口商", "進口商"), ("consignee", "consignee", "收货人", "收貨人"))


def _military_recipient(d: Dossier, nationals: tuple[str, ...], words: bool = False) -> Test | None:
    """A passing who-and-military test when an importer or consignee of one of ``nationals`` is marked military, else
    None. Engine 3.5.0: No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」 and No. 46 of 2024 Art. 1 「禁止两用物项对美国军事
    用户……出口」 ban the export *to* such a user; the goods go to the importer and consignee as well as the end user
    (FORMATS.md 0.2: they carry ``military`` like the end user), as engine 3.4.0 reads No. 61 Art. II's 「境外军事用户」."""
    shipment = d.shipment or Shipment()
    for role, en, hans, hant in _RECIPIENTS:
        party = getattr(shipment, role, None)
        if party is not None and party.military is True and party.country in nationals:
            name = party.name or "(unnamed)"
            # engine 3.6.0 (REVIEW8 F12, ``words``): no English "(unnamed)" inside a Chinese sentence
            hans_name = party.name or ("（未具名）" if words else name)
            hant_name = party.name or ("（未具名）" if words else name)
            c = party.country
            return Test(True, tx(f"the {en} {name} is a military user of {c}, to whom the goods are exported",
                                 f"{hans}{hans_name}为{c}军事用户，货物系向其出口", f"{hant}{hant_name}為{c}軍事用戶，貨物係向其出口"))
    return None


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    item_sets = [pack.items[n] for n in p["product_items"]]
    content = p.get("foreign_made_content", "not_covered")
    dual_use_only = bool(p.get("dual_use_only", False))
    tests = [
        _who(d, tuple(p["destinations"]), tuple(p.get("end_user_countries", ())), bool(p.get("located_users", True)),
             getattr(inputs, "readings_3_6", False)),
        _military(d, tuple(p.get("end_use_categories", ())), bool(p.get("military_user", False)), bool(p.get("any_end_user", False))),
        (_dual_use(d, inputs, bool(p.get("suspended_dual_use", True))) if dual_use_only
         else _wider(d, item_sets, inputs) if "dual_use_only" in p else item_is(d, item_sets)),
        _route(d, p["home_country"], tuple(p["scopes"]), content, item_sets, dual_use_only, inputs),
    ]
    if getattr(inputs, "readings_3_5", False) and p.get("military_user") and not (tests[0].ok is True and tests[1].ok is True):
        receiving = _military_recipient(d, tuple(p.get("end_user_countries", ())), getattr(inputs, "readings_3_6", False))
        if receiving is not None:  # engine 3.5.0: the export goes to the importer or consignee too
            tests[:2] = [receiving]
    if (getattr(inputs, "readings_3_6", False) and p.get("provision_in_home", "all") == "technology"
            and (d.shipment or Shipment()).destination == p["home_country"]
            and (d.product or Product()).category != "rare_earth_technology"):
        # engine 3.6.0, the provision-in-china reading customs-exports-only (LEGALQA8 (9)): goods that stay in China are
        # not exported, and an export ban without a transfer clause (No. 46 Art. 1) does not reach them
        home = p["home_country"]
        home_hans, home_hant = zh_name("country", home, "zh-Hans"), zh_name("country", home, "zh-Hant")
        tests.append(Test(False, tx(f"the goods stay in {home}: under this reading only goods leaving {home} are exported",
                                    f"货物未离开{home_hans}：按此解读，仅离开{home_hans}的货物属于出口",
                                    f"貨物未離開{home_hant}：按此解讀，僅離開{home_hant}的貨物屬於出口")))
    ok, why, miss = all_of(tests)
    r = reasons(why)
    figures = {"destinations": list(p["destinations"]), "end_use_categories": list(p.get("end_use_categories", ())),
               "end_user_countries": list(p.get("end_user_countries", ())), "foreign_made_content": content,
               "located_users": bool(p.get("located_users", True)), "dual_use_only": dual_use_only,
               "codes": [{"code": c} for c in (getattr(inputs, "dual_use_codes", ()) or ())] if dual_use_only else []}
    if ok is True:
        return RuleResult("applies", msg("destination.check.1", r=r), figures)
    if ok is False:
        return RuleResult("does_not_apply", msg_of("destination.check.2", {"r": r}), figures)
    return RuleResult("insufficient_data", msg("destination.check.3"), figures, [], miss)

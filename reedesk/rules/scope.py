"""Where an export happens and what the item is: the tests several rule kinds share.

Each test answers True/False, or None with the missing fields when the dossier
does not say; rule kinds combine them so that a missing field is only reported
when the answer depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from reedesk.rules.memo import remember
from reedesk.domain.codes import RARE_EARTH_ELEMENTS
from reedesk.domain.dossier import Dossier, Product, Shipment
from reedesk.rules.context import Missing, element_counts, labels, match_item, missing, product_missing
from reedesk.rules.packs import ItemSet, RulePack
from reedesk.rules.messages import join, msg, msg_of, zh_name
from reedesk.rules.text import Text, tx
from reedesk.rules.messages import label_msg as code_label


@dataclass
class Test:
    ok: bool | None
    why: Text
    missing: list[Missing] = field(default_factory=list)


def all_of(tests: list[Test]) -> tuple[bool | None, list[Text], list[Missing]]:
    """False if any test fails (with the reasons), None if any is unknown, else True."""
    failed = [t.why for t in tests if t.ok is False]
    if failed:
        return False, failed, []
    unknown = [m for t in tests if t.ok is None for m in t.missing]
    if unknown:
        return None, [], unknown
    return True, [t.why for t in tests], []


def item_is(d: Dossier, item_sets: list[ItemSet]) -> Test:
    return item_is_and_answers(d, item_sets)[0]


def item_is_and_answers(d: Dossier, item_sets: list[ItemSet]) -> tuple[Test, list[bool | None]]:
    """:func:`item_is` and each set's ``match_item`` answer for the product (its category and elements), in order:
    a caller that asks the same sets about the same product again takes them (No. 18's origin rule: 23 sets)."""
    product = d.product or Product()
    elements = list(product.elements) if product.elements else None
    found = [match_item(s, product.category, elements) for s in item_sets]  # each set asked once (match_any's answers)
    return _item_test(product, item_sets, found), found


def _item_test(product: Product, item_sets: list[ItemSet], found: list[bool | None]) -> Test:
    ok = True if True in found else (None if None in found else False)
    if ok is None:
        return Test(None, labels(item_sets), product_missing(product.category, product.elements))
    els = ", ".join(product.elements or [])
    cat = code_label(product.category)
    if ok:  # name only the item sets it is (No. 18 lists 23 of them)
        label = labels([s for s, hit in zip(item_sets, found) if hit is True])
        return Test(True, msg("scope.item_is.1", cat=cat, els=els, label=label))
    if len(item_sets) > 3:
        n = len(item_sets)
        return Test(False, msg("scope.item_is.2", cat=cat, els=els, n=n))
    return Test(False, msg("scope.item_is.3", cat=cat, els=els, label=labels(item_sets)))


def made_in(d: Dossier, home: str, *, inside: bool) -> Test:
    where = (d.product or Product()).made_in
    if where is None:
        return Test(None, msg("scope.made_in.1"), [missing("product.made_in", "where the item was made decides which rule covers it",
                                                  "物项制造地决定适用哪条规则", "物項製造地決定適用哪條規則")])
    is_home = where == home
    if is_home == inside:
        return Test(True, msg("scope.made_in.2", where=where))
    return Test(False, msg_of("scope.made_in.3", {"where": where, "outside": 'in' if inside else 'outside', "home": home, "else_v": '境内' if inside else '境外', "else_v2": '境內' if inside else '境外'}))


def exported_from(d: Dossier, home: str, *, inside: bool) -> Test:
    where = (d.shipment or Shipment()).export_from
    if where is None:
        return Test(None, msg("scope.exported_from.1"), [missing("shipment.export_from", "where the export leaves from decides which rule covers it",
                                                  "出口地决定适用哪条规则", "出口地決定適用哪條規則")])
    is_home = where == home
    if is_home == inside:
        return Test(True, msg("scope.exported_from.2", where=where))
    return Test(False, msg_of("scope.exported_from.3", {"where": where, "outside": 'inside' if inside else 'outside', "home": home, "else_v": '境内' if inside else '境外', "else_v2": '境內' if inside else '境外'}))


def not_to_home(d: Dossier, home: str) -> Test:
    dest = (d.shipment or Shipment()).destination
    if dest is None:
        return Test(None, msg("scope.not_to_home.1"), [missing("shipment.destination", "an export needs a destination",
                                                  "出口须有目的地", "出口須有目的地")])
    if dest == home:
        return Test(False, msg("scope.not_to_home.2", home=home))
    return Test(True, msg_of("scope.not_to_home.3", {"dest": dest}))


def sold_inside(d: Dossier) -> Test | None:
    """A failing test when the goods stay inside one country (``export_from`` equals ``destination``), else None.

    Engine 3.5.0: MOFCOM No. 61 of 2025 Art. I asks for a licence 「在向中国以外的其他国家和地区出口……前」, before an export
    *to another* country or region; a Vietnamese maker selling to a Vietnamese buyer in Vietnam exports nothing, so I(1),
    I(2) and I(3) do not reach the sale. (A transfer or provision to a listed entity is read by the listing rules, whose
    texts say 「转移或提供」, and by No. 1 of 2026's third-country clause, not here.)"""
    shipment = d.shipment or Shipment()
    where = shipment.export_from
    if where is None or where != shipment.destination:
        return None
    where_hans, where_hant = zh_name("country", where, "zh-Hans"), zh_name("country", where, "zh-Hant")
    return Test(False, tx(
        f"the goods are sold inside {where} (shipped from {where} to {where}): no export to another country or region "
        f"(MOFCOM No. 61 of 2025 Art. I: 「在向中国以外的其他国家和地区出口……前」)",
        f"货物在{where_hans}境内销售（自{where_hans}运往{where_hans}）：并非向其他国家和地区出口（商务部公告2025年第61号第一条："
        f"「在向中国以外的其他国家和地区出口……前」）",
        f"貨物在{where_hant}境內銷售（自{where_hant}運往{where_hant}）：並非向其他國家和地區出口（商務部公告2025年第61號第一條："
        f"「在向中國以外的其他國家和地區出口……前」）"))


# The parties an export from China is provided to (FORMATS.md: the end user always; an importer or consignee when given).
_RECIPIENTS = (("end_user", "end user", "最终用户", "最終用戶"), ("importer", "importer", "进口商", "進口商"),
               ("consignee", "consignee", "收货人", "收貨人"))


# What a rule's ``provision_in_home`` parameter reaches (engine 3.5.0): "all" (the default: goods and technology) or
# "technology" (goods only when they leave China: open point provision-in-china's other reading).
PROVISION_IN_HOME = ("all", "technology")


# Whom provision in China reaches (rule parameter ``provision_to``, engine 3.6.0, session 9): "foreign" (the default, the
# text: 「向外国组织和个人提供」 — a Hong Kong, Macao or Taiwan organisation or individual is no 外国 party, while the same
# sentence's first limb says 境外) or "outside-mainland" (the declared reading that they count as foreign here too).
PROVISION_TO = ("foreign", "outside-mainland")
NOT_FOREIGN = ("HK", "MO", "TW")


def export_or_provision(d: Dossier, home: str, *, technology: bool, reach: str = "all", subject: bool = False,
                        to: str = "foreign") -> Test:
    """:func:`not_to_home`, and (engine 3.5.0) a shipment that stays in ``home`` but is provided there to a foreign
    organisation or individual: an export all the same — for a technology always, for goods when the rule's
    ``provision_in_home`` is ``"all"``.

    Why: MOFCOM No. 62 of 2025 Art. II defines the export of its technologies as 「自中华人民共和国境内向境外转移，或者在境内
    向外国组织和个人提供」; the Export Control Law Art. 2 and the Dual-Use Items Export Control Regulations Art. 2 define
    export control as also covering 「中华人民共和国公民、法人和非法人组织向外国组织和个人提供」 controlled items, goods
    included: Art. 2's second limb names no place, so the reading closest to the text is that such a provision is an
    export (both session-7 readers reached it). No. 18 of 2025 and Nos. 55–58 speak of 「出口」 declared at customs and,
    unlike No. 62, add no clause of their own; a pack that takes the narrower reading for its goods (exported only when
    they leave China) sets ``provision_in_home = "technology"`` (no shipped pack does; a candidate open point for the
    packs' next versions, docs/rule-packs.md). A recipient (end user, importer, consignee) is foreign when its
    ``country`` is not ``home``; with only Chinese recipients the shipment stays outside; a recipient whose country is not
    given (or no end user) leaves it unknown."""
    shipment = d.shipment or Shipment()
    if shipment.destination != home or not (technology or reach == "all"):
        return not_to_home(d, home)
    if subject and not technology:
        # Engine 3.6.0 (REVIEW8 F7): the Export Control Law's limb has a subject — 「中华人民共和国公民、法人和非法人组织向外国
        # 组织和个人提供管制物项」: a foreign exporter handing goods over in China is not reached by it (No. 62 Art. II's
        # definition for its technologies names no provider).
        exporter = d.exporter
        if exporter is None or exporter.country is None:
            return Test(None, tx(f"the destination is {home} itself; whether the goods are provided there by a Chinese party "
                                 f"to a foreign one is not known",
                                 f"目的地为{zh_name('country', home, 'zh-Hans')}境内；是否由中国主体在境内向外国组织或个人提供尚不清楚",
                                 f"目的地為{zh_name('country', home, 'zh-Hant')}境內；是否由中國主體在境內向外國組織或個人提供尚不清楚"),
                        [missing("exporter.country", "the Export Control Law's provision limb covers Chinese citizens, legal "
                                 "persons and other organisations providing controlled items to foreign parties",
                                 "《出口管制法》第二条所称提供，指中华人民共和国公民、法人和非法人组织向外国组织和个人提供管制物项",
                                 "《出口管制法》第二條所稱提供，指中華人民共和國公民、法人和非法人組織向外國組織和個人提供管制物項")])
        if exporter.country != home:
            c = exporter.country
            return Test(False, tx(f"the destination is {home} itself, and the goods are handed over there by a party of {c}: "
                                  f"the Export Control Law's provision limb reaches Chinese providers only "
                                  f"(「中华人民共和国公民、法人和非法人组织向外国组织和个人提供」)",
                                  f"目的地为{zh_name('country', home, 'zh-Hans')}境内，且物项由{zh_name('country', c, 'zh-Hans')}主体在境内交付：《出口管制法》第二条所称提供仅指"
                                  f"「中华人民共和国公民、法人和非法人组织向外国组织和个人提供」",
                                  f"目的地為{zh_name('country', home, 'zh-Hant')}境內，且物項由{zh_name('country', c, 'zh-Hant')}主體在境內交付：《出口管制法》第二條所稱提供僅指"
                                  f"「中華人民共和國公民、法人和非法人組織向外國組織和個人提供」"))
    foreign: list[tuple[tuple[str, str, str, str], str]] = []
    unknown: list[Missing] = []
    regions: list[str] = []  # engine 3.6.0 (subject): HK/MO/TW recipients, no 「外国组织和个人」 unless to = outside-mainland
    for names in _RECIPIENTS:
        party = getattr(shipment, names[0], None)
        if party is None:
            if names[0] == "end_user":
                unknown.append(missing("shipment.end_user", "goods or technology provided in China to a foreign end user are exported",
                                       "在境内向外国最终用户提供物项亦属出口", "在境內向外國最終用戶提供物項亦屬出口"))
            continue
        if party.country is None:
            unknown.append(missing(f"shipment.{names[0]}.country",
                                   f"provision in China to a foreign {names[1]} is an export",
                                   f"在境内向外国{names[2]}提供物项亦属出口", f"在境內向外國{names[3]}提供物項亦屬出口"))
        elif party.country != home and subject and to == "foreign" and party.country in NOT_FOREIGN:
            regions.append(party.country)
        elif party.country != home:
            foreign.append((names, party.country))
    if technology:
        basis = ("MOFCOM No. 62 of 2025 Art. II: 「本公告所称出口，指……在境内向外国组织和个人提供」",
                 "商务部公告2025年第62号第二条：「本公告所称出口，指……在境内向外国组织和个人提供」",
                 "商務部公告2025年第62號第二條：「本公告所稱出口，指……在境內向外國組織和個人提供」")
    else:
        basis = ("Export Control Law Art. 2; Dual-Use Items Export Control Regulations Art. 2: 「向外国组织和个人提供」",
                 "《出口管制法》第二条、《两用物项出口管制条例》第二条：「向外国组织和个人提供」",
                 "《出口管制法》第二條、《兩用物項出口管制條例》第二條：「向外國組織和個人提供」")
    if foreign:
        en = ", ".join(f"{n[1]} {c}" for n, c in foreign)
        hans = "、".join(f"{n[2]}（{c}）" for n, c in foreign)
        hant = "、".join(f"{n[3]}（{c}）" for n, c in foreign)
        return Test(True, tx(f"the destination is {home} itself, but the item is provided there to a foreign party ({en}): "
                             f"an export ({basis[0]})",
                             f"目的地为{zh_name('country', home, 'zh-Hans')}境内，但物项在境内提供给外国组织或个人（{hans}）：亦属出口（{basis[1]}）",
                             f"目的地為{zh_name('country', home, 'zh-Hant')}境內，但物項在境內提供給外國組織或個人（{hant}）：亦屬出口（{basis[2]}）"))
    if unknown:
        return Test(None, tx(f"the destination is {home} itself; whether the item is provided to a foreign party is not known",
                             f"目的地为{zh_name('country', home, 'zh-Hans')}境内；物项是否提供给外国组织或个人尚不清楚",
                             f"目的地為{zh_name('country', home, 'zh-Hant')}境內；物項是否提供給外國組織或個人尚不清楚"), unknown)
    if regions:
        where = ", ".join(dict.fromkeys(regions))
        return Test(False, tx(f"the destination is {home} itself, and the item is provided there to a party of {where}: a "
                              f"Hong Kong, Macao or Taiwan organisation or individual is not a foreign one (「向外国组织和个人"
                              f"提供」 says 外国, where the same sentence's first limb says 境外; {basis[0]}); the other reading "
                              f"is shown",
                              f"目的地为{zh_name('country', home, 'zh-Hans')}境内，物项在境内提供给{zh_name('country', where, 'zh-Hans')}主体：香港、澳门、台湾的组织和个人并非外国组织和个人"
                              f"（「向外国组织和个人提供」用“外国”，同句前项则用“境外”；{basis[1]}）；另一解读另列",
                              f"目的地為{zh_name('country', home, 'zh-Hant')}境內，物項在境內提供給{zh_name('country', where, 'zh-Hant')}主體：香港、澳門、台灣的組織和個人並非外國組織和個人"
                              f"（「向外國組織和個人提供」用「外國」，同句前項則用「境外」；{basis[2]}）；另一解讀另列"))
    return not_to_home(d, home)


def home_exporter(d: Dossier, home: str, p: dict[str, Any], inputs: Any) -> Test | None:
    """Engine 3.6.0 (session 6 (9)): No. 61 of 2025 Art. I binds 「境外组织和个人（以下称"境外特定出口经营者"）」: an exporter the
    dossier states to be of ``home`` (a Chinese company selling from its warehouse abroad) is no 境外组织, so No. 61 does
    not reach its export (a failing test); None when the rule reaches it — another or no stated exporter country (the
    dossier's route is read as a foreign party's export, as before), an engine before 3.6.0, or the declared reading that
    No. 61 reaches every export from abroad (rule parameter ``home_exporters = true``)."""
    exporter = d.exporter
    if not getattr(inputs, "readings_3_6", False) or p.get("home_exporters", False) or exporter is None:
        return None
    if exporter.country not in (home, None) or (d.shipment or Shipment()).export_from in (None, home):
        return None
    if exporter.country is None:  # a stated exporter whose country is not given: whether No. 61 binds it is unknown
        return Test(None, tx("whether the exporter is a party outside China (No. 61 Art. I: 「境外组织和个人」) is not known",
                             "出口经营者是否为境外组织和个人（第61号公告第一条：「境外组织和个人」）尚不清楚",
                             "出口經營者是否為境外組織和個人（第61號公告第一條：「境外組織和個人」）尚不清楚"),
                    [missing("exporter.country", "No. 61 Art. I binds organisations and individuals outside China "
                             "(「境外组织和个人」): the exporter's country decides whether it applies",
                             "第61号公告第一条约束「境外组织和个人」：出口经营者的国别决定该公告是否适用",
                             "第61號公告第一條約束「境外組織和個人」：出口經營者的國別決定該公告是否適用")])
    home_hans, home_hant = zh_name("country", home, "zh-Hans"), zh_name("country", home, "zh-Hant")
    return Test(False, tx(f"the exporter is a party of {home}: No. 61 Art. I binds 「境外组织和个人（以下称“境外特定出口经营者”）」 "
                          f"(organisations and individuals outside China), not a {home} exporter selling from abroad; the "
                          f"other reading is shown",
                          f"出口经营者为{home_hans}主体：第61号公告第一条所称为「境外组织和个人（以下称“境外特定出口经营者”）」，"
                          f"不包括自境外出口的{home_hans}主体；另一解读另列",
                          f"出口經營者為{home_hant}主體：第61號公告第一條所稱為「境外組織和個人（以下稱「境外特定出口經營者」）」，"
                          f"不包括自境外出口的{home_hant}主體；另一解讀另列"))


def reasons(parts: list[Text]) -> Text:
    """The reasons joined by semicolons (empty ones left out), rendered only when read."""
    return join(parts, "semicolon")


def dual_use_codes(snapshot_or_dossier: "Dossier | dict", packs: "Sequence[RulePack]", as_of: "date") -> list[str]:
    """The control codes of China's dual-use lists that the PRODUCT itself is (CONTRACTS F).

    ``["1C904"]`` for terbium metal (No. 18), ``["2B902"]`` for a No. 56 furnace; an
    empty list when the product is on no list the packs know (Nd, Pr, La and Ce items
    are on none). Taken from the packs' item data (item sets with ``control_code`` or
    ``control_codes``, and the per-element ``codes`` table of ``origin`` rules) of the
    pack versions in use on ``as_of``, whatever the suspensions: a suspended control
    does not make an item stop being a listed dual-use item. Pure.
    """
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules.packs import select_packs

    d = snapshot_or_dossier if isinstance(snapshot_or_dossier, Dossier) else parse_dossier(snapshot_or_dossier, "dossier snapshot")
    product = d.product or Product()
    return list(codes_in_use(select_packs(packs, as_of), product.category, product.elements))


# Codes per (packs in use, item): what depends only on the packs' item data and the item's category and elements.
_CODES_CACHE: dict[tuple[object, ...], tuple[str, ...]] = {}
# What of a pack the codes are taken from (its item sets and its origin rules' code tables), as a number: equal
# data, equal number. Cached per pack: a pack is named by its SHA-256 and, read under a reading, also by the
# SHA-256 of its patched document (``reading_sha256``), so a reading that changes no item data keeps the number.
_DATA_KEYS: dict[tuple[str, str], int] = {}
_DATA_NUMBERS: dict[object, int] = {}


# The same numbers by pack object (a RulePack compares and hashes by identity, and a key holds its pack, so an id is
# never taken for another's) and by list of pack objects: an evaluation asks for them about twenty times (issue 13).
_BY_PACK: dict["RulePack", int] = {}
_BY_LIST: dict[tuple["RulePack", ...], tuple[int, ...]] = {}


def _pack_data_key(pack: "RulePack") -> int:
    n = _BY_PACK.get(pack)
    if n is not None:
        return n
    key = (pack.sha256, pack.reading_sha256)
    n = _DATA_KEYS.get(key)
    if n is None:
        data = (pack.id, tuple(pack.items.items()), tuple(repr(r) for r in pack.rules if r.kind == "origin"))
        n = _DATA_NUMBERS.setdefault(data, len(_DATA_NUMBERS))
        remember(_DATA_KEYS, key, n, 4096)
    remember(_BY_PACK, pack, n, 4096)
    return n


def packs_key(chosen: "Sequence[RulePack]") -> tuple[int, ...]:
    """Equal for two lists of packs whose item data are equal, so they give every item the same codes."""
    packs = tuple(chosen)
    found = _BY_LIST.get(packs)
    if found is None:
        found = tuple(_pack_data_key(p) for p in packs)
        remember(_BY_LIST, packs, found, 4096)
    return found


_packs_key = packs_key


def codes_in_use(chosen: "Sequence[RulePack]", category: str | None, elements: "Sequence[str] | None",
                 key: "tuple[int, ...] | None" = None) -> tuple[str, ...]:
    """The sorted control codes the packs ``chosen`` (already selected for the date) give an item of this
    category and these elements; ``key`` is ``packs_key(chosen)`` when the caller has it."""
    full = (key if key is not None else _packs_key(chosen), category, tuple(elements or ()))
    hit = _CODES_CACHE.get(full)
    if hit is None:
        hit = remember(_CODES_CACHE, full, tuple(sorted({c for pack in chosen for c in _pack_item_codes(pack, category, list(elements or ()))})), 50_000)
    return hit


def pack_item_codes(pack: "RulePack", category: str | None, elements: "list[str] | None") -> list[str]:
    """The control codes one pack gives an item of this category and these elements."""
    return _pack_item_codes(pack, category, elements)


def _pack_item_codes(pack: "RulePack", category: str | None, elements: "list[str] | None") -> list[str]:
    out: list[str] = []
    present = list(elements or [])
    for item_set in pack.items.values():
        codes = getattr(item_set, "control_codes", None) or {}
        code = getattr(item_set, "control_code", None)
        if not codes and not code:
            continue
        if match_item(item_set, category, present) is not True:
            continue
        if code:
            out.append(code)
        codes = dict(codes)
        out.extend(codes[e] for e in present if e in codes and _element_counts(item_set, e))
    for rule in pack.rules:
        if rule.kind != "origin" or rule.params.get("scope") != "export_from_home" or not rule.params.get("codes"):
            continue
        if any(getattr(pack.items[n], "control_codes", None) or getattr(pack.items[n], "control_code", None)
               for n in rule.params["product_items"]):
            continue  # the item sets carry the codes themselves
        if any(match_item(pack.items[n], category, present) is True for n in rule.params["product_items"]):
            table = rule.params["codes"]
            out.extend(table[e] for e in present if e in table)
    return out


def _element_counts(item_set: "ItemSet", element: str) -> bool:
    """Whether ``element`` is one the item set is listed for (the Tb of a Tb-bearing NdFeB
    magnet counts, its Nd does not)."""
    return element_counts(item_set, element)


def component_codes(d: "Dossier", packs: "Sequence[RulePack]", as_of: "date") -> tuple[tuple[str, ...], ...]:
    """The dual-use list codes of each bill-of-materials line (``components[i]``), as
    :func:`dual_use_codes` gives them for the product."""
    from reedesk.rules.packs import select_packs

    return selected_component_codes(d, select_packs(packs, as_of))


def selected_component_codes(d: "Dossier", chosen: "Sequence[RulePack]",
                             key: "tuple[int, ...] | None" = None) -> tuple[tuple[str, ...], ...]:
    """:func:`component_codes` for packs already selected for the date (``key``: ``packs_key(chosen)`` when known)."""
    if key is None:
        key = _packs_key(chosen)
    by_kind: dict[tuple[str | None, tuple[str, ...]], tuple[str, ...]] = {}  # a BOM repeats a few kinds of input
    out = []
    for comp in d.components:
        kind = (comp.category, tuple(comp.elements or ()))
        codes = by_kind.get(kind)
        if codes is None:
            codes = by_kind[kind] = codes_in_use(chosen, comp.category, comp.elements, key)
        out.append(codes)
    return tuple(out)


def item_code_entries(pack: "RulePack", item_names: "Sequence[str]", category: str | None,
                      elements: "list[str] | None", answers: "Sequence[bool | None] | None" = None) -> list[dict[str, str]]:
    """``[{"element": "Tb", "code": "1C904"}]`` for the item sets among ``item_names`` the
    item matches: the code per listed element present (the customs declaration needs it). ``answers``: each set's
    ``match_item(set, category, elements)`` already asked (:func:`item_is_and_answers`, same category and elements)."""
    present = list(elements or [])  # match_item and RARE_EARTH_ELEMENTS: imported at the top (called per rule run)
    out: list[dict[str, str]] = []
    for n, name in enumerate(item_names):
        s = pack.items[name]
        if (answers[n] if answers is not None else match_item(s, category, present)) is not True:
            continue
        if s.control_codes:
            table = dict(s.control_codes)
            out.extend({"element": e, "code": table[e]} for e in present if e in table)
        elif s.control_code:
            keys = [e for e in present if _element_counts(s, e) and e in RARE_EARTH_ELEMENTS] or [e for e in present if _element_counts(s, e)]
            out.append({"element": keys[0] if keys else "", "code": s.control_code})
    unique: dict[tuple[str, str], dict[str, str]] = {}
    for entry in out:
        unique.setdefault((entry["element"], entry["code"]), entry)
    return list(unique.values())

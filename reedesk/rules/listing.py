"""Rule kind ``listing``: a list entry in force is a measure of its own (RULES.md, second review).

What each listing does is data in the list files (measure codes per list or entry,
``reedesk.screening.measures``), carried in the screening document the engine is given
(``inputs.screening``, contract B), so a determination reproduces after the lists change:

* **control list** (e.g. MOFCOM Announcement No. 11 of 2026): exporting dual-use items
  to the entity is prohibited (``dual_use_export_ban``), and foreign organisations and
  individuals may not transfer or provide China-origin dual-use items to it
  (``foreign_transfer_ban``: 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给
  上述…实体」). Outcome ``prohibited``; a licence may be sought only in exceptional cases.
* **watch list** (e.g. No. 12 of 2026; Dual-Use Regulations Art. 26): no general licence
  and no registration route; a single licence application adds a risk-assessment report
  and a written undertaking. Outcome ``license_required`` with those conditions, so the
  outcome stays what the licence rules say (they rank equal or higher).
* **unreliable entity list**: the measures of the listing decision; ``no_import_export``
  prohibits any China-related import or export, ``no_domestic_dealings`` any transaction
  by a party in China.

Parties: the end user, importer and consignee receive the goods, so a listing of any of
them applies. Owners' hits are shown but do not carry the listing's own measures (the
50 % rule is No. 61 Art. II's licence policy: reedesk/rules/end_user.py). A hit nobody
has confirmed or cleared whose confirmation would change the outcome makes the rule
undecided, naming the hit (``insufficient_data``, ceiling the outcome it would give).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.rules.memo import remember
from reedesk.domain.dossier import Dossier, Product, Shipment
from reedesk.rules.context import Missing, RuleResult, missing
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.messages import Msg, current_texts, msg, render
from reedesk.rules.text import OUTCOME_NAMES, Text, tx
from reedesk.screening.measures import CONDITIONS, KIND_DEFAULTS, MEASURES
from reedesk.screening.normalise import to_traditional
from reedesk.screening.parties import ListedHit, PartyListing, party_listings, screening_from_records, unnamed_parties

PARAMS: dict[str, tuple[str, bool]] = {
    "applies_to_kinds": ("list_kinds", False), "home_country": ("country", False), "outcome": ("outcome", False),
    # engine 3.6.0, open point suspended-listing: false = an item whose listing No. 70 suspends is no dual-use item here
    "suspended_dual_use": ("bool", False),
    "foreign_made_content": ("foreign_made_content", False),  # engine 3.6.0, the reading chinese-content-covered
}
DEFAULT_KINDS = ("control_list", "watch_list", "unreliable_entity_list")
KIND_NAMES: dict[str, Text] = {
    "control_list": msg("listing.module.1"),
    "watch_list": msg("listing.module.2"),
    "unreliable_entity_list": msg("listing.module.3"),
    "other": msg("listing.module.4"),
    "imported": msg("listing.module.5"),
}
ROLE_NAMES: dict[str, Text] = {
    "end_user": msg("listing.module.6"),
    "importer": msg("listing.module.7"),
    "consignee": msg("listing.module.8"),
    "owner": msg("listing.module.9"),
}
_RANK = {None: 0, "license_required": 3, "prohibited": 6}


def kind_name(kind: str | None) -> Text:
    return KIND_NAMES.get(kind or "other", KIND_NAMES["other"])


def role_name(role: str) -> Text:
    return ROLE_NAMES.get(role, tx(role, role, role))


def describe_hit(h: ListedHit) -> Text:
    """``IHI Aerospace Co., Ltd. (control list, MOFCOM Announcement No. 11 of 2026, listed 2026-02-24)``."""
    hit = h.hit
    kind = kind_name(hit.get("list_kind"))
    en_by = hit.get("listed_by") or hit.get("list_id")
    zh_by = hit.get("listed_by_zh") or en_by
    zh_name = hit.get("entry_name_zh") or hit.get("entry_name")
    on = hit.get("listed_on")
    text = tx(f"{hit.get('entry_name')} ({kind['en']} {hit.get('list_id')}, {en_by}" + (f", listed {on}" if on else "") + ")",
              f"{zh_name}（{kind['zh-Hans']}，{zh_by}" + (f"，{on}列入" if on else "") + "）",
              f"{to_traditional(zh_name or '')}（{kind['zh-Hant']}，{to_traditional(zh_by or '')}" + (f"，{on}列入" if on else "") + "）")
    if h.owner is not None:
        share = h.owner.get("share") or "?"
        text = msg("listing.describe_hit.1", text=text, name=h.owner.get('name'), share=share)
    return text


def measures_text(codes: list[str]) -> Text:
    return tx("; ".join(MEASURES[c]["en"] for c in codes if c in MEASURES),
              "；".join(MEASURES[c]["zh-Hans"] for c in codes if c in MEASURES),
              "；".join(MEASURES[c]["zh-Hant"] for c in codes if c in MEASURES))


def _need(path: str, en: str, hans: str, hant: str) -> Missing:
    return Missing(path, msg("listing._need.1", path=path, en=en, hans=hans, hant=hant))


def _effect(d: Dossier, hit: dict[str, Any], home: str, dual: bool | None,
            content: bool = False) -> tuple[str | None, list[str], list[Missing]]:
    """(outcome the listing gives for this shipment or None, the measures that bite, missing facts)."""
    shipment = d.shipment or Shipment()
    product = d.product or Product()
    measures = list(hit.get("measures") or KIND_DEFAULTS.get(hit.get("list_kind") or "", ()))
    biting: list[str] = []
    missing: list[Missing] = []
    outcome: str | None = None
    from_home = None if shipment.export_from is None else shipment.export_from == home
    exporter_home = (d.exporter.country == home) if d.exporter is not None and d.exporter.country else None
    needs_dual = {"dual_use_export_ban", "foreign_transfer_ban", *CONDITIONS}
    if dual is None and needs_dual & set(measures):
        missing.append(_need("product.category", "whether the product is a listed dual-use item decides the listing's effect",
                             "产品是否为列管两用物项决定列名措施的效果", "產品是否為列管兩用物項決定列名措施的效果"))
    if from_home is None and measures:
        missing.append(_need("shipment.export_from", "whether the goods leave China decides the listing's effect",
                             "货物是否自中国出口决定列名措施的效果", "貨物是否自中國出口決定列名措施的效果"))
    for code in measures:
        hits_it: bool | None
        if code == "dual_use_export_ban" or code in CONDITIONS:
            hits_it = None if (from_home is None or dual is None) else (from_home and dual)
        elif code == "foreign_transfer_ban":
            made_home = None if product.made_in is None else product.made_in == home
            if content and made_home is False:
                # the reading chinese-content-covered (No. 1 of 2026's open point no1-foreign-made, engine 3.6.0): a
                # foreign-made item with a China-origin dual-use input transfers that input (「原产于中华人民共和国的两用物项
                # ……转移或提供」, the same words as No. 1 of 2026's; LEGALQA8 (7))
                made_home = True
            if from_home is False and dual and made_home is None:
                missing.append(_need("product.made_in", "a China-origin dual-use item transferred by a foreign party to the entity is prohibited",
                                     "境外组织和个人向该实体转移原产于中国的两用物项被禁止",
                                     "境外組織和個人向該實體轉移原產於中國的兩用物項被禁止"))
            hits_it = None if (from_home is None or dual is None or made_home is None) else (not from_home and dual and made_home)
        elif code == "no_import_export":
            to_home = shipment.destination == home if shipment.destination else None
            hits_it = True if (from_home or to_home) else (None if from_home is None else False)
        elif code == "no_domestic_dealings":
            hits_it = True if (from_home or exporter_home) else (None if from_home is None and exporter_home is None else False)
        else:
            hits_it = False  # no new investment, entry ban: no effect on a shipment, stated with the hit
        if hits_it:
            biting.append(code)
            effect = "license_required" if code in CONDITIONS else "prohibited"
            if _RANK[effect] > _RANK[outcome]:
                outcome = effect
    if biting:
        missing = []
    return outcome, biting, missing


# The measures a listing of each kind can carry (RULES.md second review, "Listings are measures of their own"): what an
# unnamed party, were it listed, could bring on the shipment. A control-list announcement bans dual-use exports to the
# entity and foreign parties' transfers of China-origin dual-use items to it; an unreliable-entity-list decision may
# bar China-related import and export and dealings with parties in China.
_MEASURES_A_LISTING_CAN_CARRY: dict[str, tuple[str, ...]] = {
    "control_list": ("dual_use_export_ban", "foreign_transfer_ban"),
    "watch_list": CONDITIONS,
    "unreliable_entity_list": ("no_import_export", "no_domestic_dealings"),
}


def _unnamed_effects(d: Dossier, kinds: tuple[str, ...], home: str, dual: bool | None,
                     legal_forms: bool = False, placeholders: bool = False) -> list[tuple[str, str, str, list[Missing]]]:
    """(role, path, the worst outcome a listing of ``kinds`` could give this shipment, what to ask) for each party
    the shipment does not name (:func:`reedesk.screening.parties.unnamed_parties`); a party no such listing could
    reach here (e.g. a foreign-made item that is no dual-use item, neither leaving nor entering China) is left out."""
    out: list[tuple[str, str, str, list[Missing]]] = []
    for role, path in unnamed_parties(d, legal_forms=legal_forms, placeholders=placeholders):
        worst: str | None = None
        facts: list[Missing] = []
        for kind in kinds:
            outcome, _, miss = _effect(d, {"list_kind": kind, "measures": list(_MEASURES_A_LISTING_CAN_CARRY.get(kind, ()))}, home, dual)
            could = outcome or (("license_required" if kind == "watch_list" else "prohibited") if miss else None)
            if could is not None and _RANK[could] > _RANK[worst]:
                worst = could
            facts.extend(m for m in miss if m.field not in {f.field for f in facts})
        if worst is None:
            continue
        names = [kind_name(k) for k in kinds]
        who = role_name(role)
        out.append((role, path, worst, [missing(
            f"{path}.name",
            f"the {who['en']} must be named to be screened against the " + " and ".join(n["en"] for n in names)
            + f" (were it listed, this export would be: {OUTCOME_NAMES[worst]['en']})",
            f"须写明{who['zh-Hans']}，才能对照" + "、".join(n["zh-Hans"] for n in names) + f"筛查（如已列入，本次出口的结论将是：{OUTCOME_NAMES[worst]['zh-Hans']}）",
            f"須寫明{who['zh-Hant']}，才能對照" + "、".join(n["zh-Hant"] for n in names) + f"篩查（如已列入，本次出口的結論將是：{OUTCOME_NAMES[worst]['zh-Hant']}）",
        ), *facts]))
    return out


def _conditions(codes: list[str]) -> list[Text]:
    out = [tx(MEASURES[c]["en"][:1].upper() + MEASURES[c]["en"][1:] + ".", MEASURES[c]["zh-Hans"] + "。", MEASURES[c]["zh-Hant"] + "。")
           for c in CONDITIONS if c in codes]
    if out:
        out.append(msg("listing._conditions.1"))
    return out


# The last check's (dossier, screening document given, inputs, source, party listings): the three listing rules of
# an evaluation and the readings' re-runs read the same dossier object and document (issue 13). Matched by identity,
# inputs included — the engine makes a new inputs object for every evaluation, so a caller's screening document
# changed in place between two evaluations is read again; the tuple holds all three, so no id is taken for another's.
# The listings are only read.
_LAST: tuple[Any, ...] | None = None


def _listings(d: Dossier, given: Any, inputs: Any) -> tuple[str, list[PartyListing]]:
    global _LAST
    last = _LAST
    if last is not None and last[0] is d and last[1] is given and last[2] is inputs and inputs is not None:
        return last[3], last[4]
    if given is None:
        source, listings = "records", party_listings(screening_from_records(d))
    else:
        source, listings = "screening", party_listings(given)
    _LAST = (d, given, inputs, source, listings)
    return source, listings


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    kinds = tuple(rule.params.get("applies_to_kinds") or DEFAULT_KINDS)
    home = rule.params.get("home_country") or "CN"
    given = getattr(inputs, "screening", None) if inputs is not None else None
    source, listings = _listings(d, given, inputs)
    codes = tuple(getattr(inputs, "dual_use_codes", ()) or ()) if inputs is not None else ()
    category = (d.product or Product()).category
    # engine 3.5.0: a No. 55 / No. 58 item (listed without a control code: inputs.dual_use_names) is a dual-use item too
    named = bool(getattr(inputs, "dual_use_names", ())) if inputs is not None else False
    dual: bool | None = bool(codes) or named if (codes or named or category is not None) else None
    # engine 3.6.0: under the reading chinese-content-covered (parameter foreign_made_content = "incorporated") a
    # foreign-made item with a China-origin dual-use input counts for the transfer ban as No. 1 of 2026 reads it
    content = (getattr(inputs, "readings_3_6", False) and rule.params.get("foreign_made_content") == "incorporated"
               and any(c.origin == home and i < len(inputs.component_codes) and inputs.component_codes[i]
                       for i, c in enumerate(d.components)))
    if content and dual is False:
        dual = True  # the input transferred is a dual-use item
    if not rule.params.get("suspended_dual_use", True) and dual:  # open point suspended-listing's other reading
        from reedesk.rules.destination import suspended_listing

        if suspended_listing(inputs) is not None:
            dual = False
    figures: dict[str, Any] = {"screening": source, "dual_use_codes": list(codes), "list_kinds": list(kinds), "parties": []}
    confirmed: list[tuple[ListedHit, PartyListing, str | None, list[str]]] = []
    open_hits: list[tuple[ListedHit, PartyListing, str | None, list[str]]] = []
    unknown: list[tuple[ListedHit, PartyListing, str | None, list[str]]] = []  # confirmed, effect needs facts
    missing: list[Missing] = []
    no_effect: list[tuple[ListedHit, PartyListing]] = []
    for party in listings:
        figures["parties"].append({"path": party.path, "name": party.name,
                                   "hits": [h.hit.get("entry_id") for h in party.relevant(kinds) if h.owner is None]})
        for h in party.relevant(kinds):
            if h.owner is not None or h.decision == "cleared":
                continue
            outcome, biting, miss = _effect(d, dict(h.hit), home, dual, content)
            could = "license_required" if h.hit.get("list_kind") == "watch_list" else "prohibited"
            if h.decision == "confirmed":
                if outcome is None and miss:
                    missing.extend(miss)
                    unknown.append((h, party, could, biting))
                elif outcome is None:
                    no_effect.append((h, party))
                else:
                    confirmed.append((h, party, outcome, biting))
            else:
                possible = outcome or (could if miss else None)
                if possible is not None:
                    open_hits.append((h, party, possible, biting))
                    missing.extend(miss)
    unnamed = (_unnamed_effects(d, kinds, home, dual, legal_forms=getattr(inputs, "readings_3_5", False),  # 3.5.0: legal form only
                                placeholders=getattr(inputs, "readings_3_6", False))  # 3.6.0: ㈱, Sp. z o.o., "TBD" too
               if getattr(inputs, "readings_3_4", False) else [])
    worst = max((c[2] for c in confirmed), key=lambda o: _RANK[o], default=None)
    conditions = _conditions([code for c in confirmed for code in c[3]])
    if worst == "prohibited":
        decisive = [c for c in confirmed if c[2] == "prohibited"]
        parts = [_listed_text(h, party, biting) for h, party, _, biting in decisive]
        en = " ".join(p["en"] for p in parts)
        hans = "".join(p["zh-Hans"] for p in parts)
        hant = "".join(p["zh-Hant"] for p in parts)
        # the exceptional-case licence (「特殊情况下确需出口的，出口经营者应当向商务部提出申请」) is part of the
        # dual_use_export_ban label; a foreign party's transfer has no such route, so nothing is added for it
        return RuleResult("applies", tx(en, hans, hant), {**figures, "listed": True}, outcome="prohibited", conditions=conditions)
    pending = open_hits + unknown
    could_unnamed = [u for u in unnamed if _RANK[u[2]] > _RANK[worst]]
    if could_unnamed and not (pending and max(_RANK[o[2]] for o in pending) > _RANK[worst]):
        # Nobody known is listed, but a party the dossier does not name could be (RULES.md second review, "Parties":
        # screening is part of every determination): its name is asked for, as high as such a listing could reach.
        need = [m for u in could_unnamed for m in u[3]]
        text = tx(" ".join(m.text["en"] for m in need), "".join(m.text["zh-Hans"] for m in need), "".join(m.text["zh-Hant"] for m in need))
        ceiling = max((u[2] for u in could_unnamed), key=lambda o: _RANK[o])
        return RuleResult("insufficient_data", text, {**figures, "listed": None, "unnamed": [u[1] for u in could_unnamed]},
                          missing=need, ceiling=ceiling, conditions=conditions)
    if pending and max(_RANK[o[2]] for o in pending) > _RANK[worst]:
        labels = [(describe_hit(h), party) for h, party, *_ in open_hits]
        facts = [(describe_hit(h), party) for h, party, *_ in unknown]
        parts = []
        if labels:
            parts.append(tx("Screening found list entries in force that nobody has confirmed or cleared, whose confirmation would change the outcome: "
                            + "; ".join(f"{role_name(p.role)['en']} {p.name}: {t['en']}" for t, p in labels) + ".",
                            "筛查发现现行有效的名单条目尚无人确认或排除，其确认将改变结论：" + "；".join(f"{role_name(p.role)['zh-Hans']} {p.name}：{t['zh-Hans']}" for t, p in labels) + "。",
                            "篩查發現現行有效的名單條目尚無人確認或排除，其確認將改變結論：" + "；".join(f"{role_name(p.role)['zh-Hant']} {p.name}：{t['zh-Hant']}" for t, p in labels) + "。"))
        if facts:
            parts.append(tx("Listed (confirmed), but the dossier lacks what decides the listing's effect: "
                            + "; ".join(f"{role_name(p.role)['en']} {p.name}: {t['en']}" for t, p in facts) + ".",
                            "已确认列名，但卷宗缺少决定列名措施效果的信息：" + "；".join(f"{role_name(p.role)['zh-Hans']} {p.name}：{t['zh-Hans']}" for t, p in facts) + "。",
                            "已確認列名，但卷宗缺少決定列名措施效果的資訊：" + "；".join(f"{role_name(p.role)['zh-Hant']} {p.name}：{t['zh-Hant']}" for t, p in facts) + "。"))
        text = tx(" ".join(x["en"] for x in parts), "".join(x["zh-Hans"] for x in parts), "".join(x["zh-Hant"] for x in parts))
        seen: set[str] = set()
        missing = [m for m in missing if not (m.field in seen or seen.add(m.field))]
        need = [Missing(f"{p.path}.screening", msg("listing.check.1", path=p.path, t=t, path2=_party_arg(p.path)))
            for t, p in labels]
        ceiling = max((o[2] for o in pending), key=lambda o: _RANK[o])
        return RuleResult("insufficient_data", text, {**figures, "listed": None}, missing=need + missing, ceiling=ceiling,
                          conditions=conditions)
    if worst == "license_required":
        parts = [_listed_text(h, party, biting) for h, party, _, biting in confirmed]
        return RuleResult("applies", tx(" ".join(p["en"] for p in parts) + " A single licence is required on these conditions; the statutory"
                                        " review deadline (Dual-Use Regulations Art. 17(1)) does not apply, and a general licence on file does not cover the party.",
                                        "".join(p["zh-Hans"] for p in parts) + "须按上述条件申请单项许可；许可审查期限不受《两用物项出口管制条例》第十七条第一款规定期限的限制，已有的通用许可不适用于该当事方。",
                                        "".join(p["zh-Hant"] for p in parts) + "須按上述條件申請單項許可；許可審查期限不受《兩用物項出口管制條例》第十七條第一款規定期限的限制，已有的通用許可不適用於該當事方。"),
                          {**figures, "listed": True}, outcome="license_required", conditions=conditions)
    return RuleResult("does_not_apply", _no_effect_text(listings, no_effect, kinds, source), {**figures, "listed": bool(no_effect)})


_RENDERED_KINDS: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _rendered_kind_names(kinds: tuple[str, ...]) -> tuple[Any, ...]:
    """The list kinds' names rendered by the current texts pack (keyed by that pack object: a new texts pack
    renders anew); only read, never put into a document (issue 13: three listing rules rendered them at every run)."""
    key = (kinds, current_texts())
    found = _RENDERED_KINDS.get(key)
    if found is None:
        found = tuple(render(n) if isinstance(n, Msg) else n for n in (kind_name(k) for k in kinds))
        remember(_RENDERED_KINDS, key, found, 256)
    return found


def _party_arg(path: str) -> str:
    return path.removeprefix("shipment.")


def _listed_text(h: ListedHit, party: PartyListing, biting: list[str]) -> Text:
    role, what, measures = role_name(party.role), describe_hit(h), measures_text(biting)
    reason = h.hit.get("reason")
    return msg("listing._listed_text.1", role=role, name=party.name, what=what, reason=reason, measures=measures)


def _no_effect_text(listings: list[PartyListing], no_effect: list[tuple[ListedHit, PartyListing]], kinds: tuple[str, ...],
                    source: str) -> Text:
    if not listings:
        return msg("listing._no_effect_text.1")
    if no_effect:
        labels = [(describe_hit(h), p) for h, p in no_effect]
        return tx("Listed parties: " + "; ".join(f"{p.name}: {t['en']}" for t, p in labels)
                  + ". Their measures do not bite on this shipment (they concern dual-use items exported from or originating in China, or China-related trade).",
                  "已列名当事方：" + "；".join(f"{p.name}：{t['zh-Hans']}" for t, p in labels) + "。其措施不涉及本次货物（措施针对自中国出口或原产于中国的两用物项，或与中国有关的贸易）。",
                  "已列名當事方：" + "；".join(f"{p.name}：{t['zh-Hant']}" for t, p in labels) + "。其措施不涉及本次貨物（措施針對自中國出口或原產於中國的兩用物項，或與中國有關的貿易）。")
    names = "、".join(p.name for p in listings)
    en_names = ", ".join(p.name for p in listings)
    named = _rendered_kind_names(kinds)  # each name rendered once per texts pack, not at each rule run
    kinds_en = ", ".join(n["en"] for n in named)
    kinds_hans = "、".join(n["zh-Hans"] for n in named)
    kinds_hant = "、".join(n["zh-Hant"] for n in named)
    return msg("listing._no_effect_text.2", kinds_en=kinds_en, en_names=en_names, names=names, kinds_hans=kinds_hans, kinds_hant=kinds_hant)

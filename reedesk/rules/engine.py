"""The rules engine: a pure function of (dossier snapshot, rule packs, as-of date).

No clock, no randomness, no I/O: the same inputs give a byte-identical
determination (RFC 8785 canonical JSON) on any machine.

How a determination is reached (docs/determination.md):

1. For each pack id, the version in use on the as-of date is chosen
   (:func:`reedesk.rules.packs.select_packs`).
2. Every *control* rule (value content, direct product, origin, destination
   ban) is checked against the dossier: applies / does not apply / cannot be
   decided (insufficient data, naming the fields).
3. Dates: before a rule's effective date or after its end it is
   ``not_in_force``; inside a suspension window (from No. 70, or any pack's
   ``[[suspends]]``) an applying rule is ``suspended`` and the finding says
   until when and by which announcement.
4. An applying control rule gets its outcome from the *policy* rules of its pack
   (end use, end user, exemption): licence required by default; an exemption
   replaces that; denial or case-by-case policies rank above it. End-use policy
   only matters when a control rule applies.
5. Outcomes combine by precedence: prohibited > presumption of denial >
   case-by-case > licence required > exempt (report) > suspended > not
   controlled. ``suspended`` therefore results only when every applying rule is
   suspended. When a rule that lacks data could still raise the outcome above
   what is already decided, the outcome is ``insufficient_data`` and each
   missing field is listed.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Mapping, Sequence

from reedesk import collector
from reedesk.rules.memo import remember
from reedesk.domain.codes import EndUseCategory
from reedesk.domain.dossier import Dossier, EndUse, Shipment
from reedesk.domain.dossier_file import canonical_bytes, parse_dossier, snapshot_and_bytes
from reedesk.rules import catch_all, deminimis, destination, end_use, end_user, exemption, item_list, origin, technology
from reedesk.rules.context import EvaluationInputs, Missing, PolicyResult, RuleResult, replays, trace_matches
from reedesk.rules.packs import CONTROL_KINDS, POLICY_KINDS, RulePack, RuleSpec, Window, select_packs
from reedesk.rules.messages import (Msg, TextsPack, current_texts, join, msg, msg_of, outcome_msg, render, texts_major,
                                    texts_of_version, using_texts)
from reedesk.rules.messages import _KEPT as _KEPT_PARAM  # the params msg() keeps as they are (_no_effect)
from reedesk.rules import readings as readings_mod
from reedesk.rules.remarks import CONTROL_CODE, customs_remark, licence_effect
from reedesk.rules.scope import codes_in_use, packs_key, selected_component_codes  # scope imports context, as the engine does
from reedesk.rules.item_list import dual_use_names
from reedesk.rules.text import NO_EFFECT, OUTCOME_NAMES, Text, tx

SCHEMA = "reedesk.determination/2"
ENGINE_NAME = "reedesk-rules"
ENGINE_VERSION = "3.7.0"  # 3: facts documents (reedesk.determination/2, issue 13); 3.1: compact stored shape 2; 3.2: shape 3; 3.3: shape 4; 3.4: unnamed parties are unknown (shape 4); 3.5: exports read as the texts define them, BOM gaps, ceilings (shape 4); 3.6: no rate dated after the as-of date, declared readings for open texts (shape 4); 3.7: exact sums of the value rule, an item valued 0 with counted content is undecided (shape 4); 2.0.0 was never released

RANK = {
    "not_controlled": 0,
    "suspended": 1,
    "exempt_report_required": 2,
    "license_required": 3,
    "case_by_case": 4,
    "license_required_presumption_of_denial": 5,
    "prohibited": 6,
}
BY_RANK = {v: k for k, v in RANK.items()}
PRECEDENCE = [BY_RANK[r] for r in sorted(BY_RANK, reverse=True)]

CONTROL: dict[str, Callable[..., RuleResult]] = {  # (dossier, rule, pack, as_of, *, inputs)
    "value_content": deminimis.check,
    "direct_product": technology.check,
    "origin": origin.check,
    "destination_ban": destination.check,
    "catch_all": catch_all.check,
    "item_list": item_list.check,
    "listing": lambda *a, **k: _listing_check(*a, **k),
}
# Rule kinds whose outcome is their own (a ban, a listing's measures, the catch-all's
# licence), not the licence policy of their pack.
OWN_OUTCOME = ("destination_ban", "catch_all", "item_list", "listing")
POLICY: dict[str, Callable[..., PolicyResult]] = {  # (dossier, rule, end-use category, *, inputs)
    "end_use": end_use.policy,
    "end_user": end_user.policy,
    "exemption": exemption.policy,
}
assert set(CONTROL) == set(CONTROL_KINDS) and set(POLICY) == set(POLICY_KINDS)


def _listing_check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: EvaluationInputs) -> RuleResult:
    """Kind ``listing`` (the effects of list entries in force) lives in reedesk.rules.listing
    (screening work); imported when first used so the engine does not depend on it at import."""
    global _LISTING
    listing = _LISTING
    if listing is None:  # imported once (an import statement at each of ~3 calls per evaluation cost ~1 µs each)
        try:
            from reedesk.rules import listing
        except ImportError:
            return RuleResult("insufficient_data", msg("engine._listing_check.1"),
                ceiling="prohibited")
        _LISTING = listing
    return listing.check(d, rule, pack, as_of, inputs=inputs)


_LISTING: Any = None  # reedesk.rules.listing once imported


def _own_outcome(rule: RuleSpec, checked: RuleResult) -> str:
    """The outcome of an applying rule of an OWN_OUTCOME kind."""
    return checked.outcome or rule.params.get("outcome") or "license_required"


def _own_ceiling(rule: RuleSpec, checked: RuleResult) -> str:
    """The worst outcome an undecided rule of an OWN_OUTCOME kind could still give."""
    return checked.ceiling or checked.outcome or rule.params.get("outcome") or "prohibited"

_ALL_END_USES = tuple(sorted(e.value for e in EndUseCategory))


@dataclass
class _Control:
    """A control finding plus what the combination step needs."""

    document: dict[str, Any]
    floor: int
    ceiling: int
    missing: list[Missing] = field(default_factory=list)
    note: Any = None  # engine 3.6.0: a note for the determination's notes (a rule not yet in force: its pack's words)


def territory_view(d: Dossier, home: str, same: tuple[str, ...], *, parties: bool = False) -> Dossier:
    """The dossier as a pack reads it when it takes shipments to the territories ``same`` (e.g. HK, MO,
    TW) as staying in its home country: a destination there becomes ``home``, so such a shipment is no
    export. Only a declared reading does this (pack key ``same_as_home``). Before engine 3.5.0 where goods are made or
    shipped from was left as given. ``parties`` (engine 3.5.0): the territories are ``home`` for an end user, importer or
    consignee of theirs (provision in China to a foreign party is an export) and for where the item was made and where
    its inputs and technology come from (「原产于中国」: Hong Kong samarium in a Vietnamese magnet is Chinese content under
    that reading; session 6's independent case (3)). Where the export leaves from stays as given: the reading is about
    shipments from the mainland and items made in the territories, not exports from them, which stay exports from
    outside the mainland (a Macau-made item shipped from Macau is then a re-export under No. 61 I(3))."""
    shipment = d.shipment
    if shipment is None and not parties:
        return d
    changes: dict[str, Any] = {"destination": home} if shipment is not None and shipment.destination in same else {}
    if parties and shipment is not None:
        for role in _RECIPIENT_ROLES:
            party = getattr(shipment, role, None)
            if party is not None and party.country in same:
                changes[role] = replace(party, country=home)
    whole: dict[str, Any] = {}
    if parties:  # engine 3.5.0: the territories are China for where an item, its inputs and its technology come from too
        if d.product is not None and d.product.made_in in same:
            whole["product"] = replace(d.product, made_in=home)
        if any(c.origin in same for c in d.components):
            whole["components"] = [replace(c, origin=home) if c.origin in same else c for c in d.components]
        if any(t.origin in same for t in d.technologies):
            whole["technologies"] = [replace(t, origin=home) if t.origin in same else t for t in d.technologies]
    if changes:
        whole["shipment"] = replace(shipment, **changes)
    return replace(d, **whole) if whole else d


_RECIPIENT_ROLES = ("end_user", "importer", "consignee")


def _viewed(touched: frozenset[str | None], viewed_from: tuple[str, ...]) -> bool:
    """Whether a territory view changes this dossier for a pack (``destination in viewed_from`` before 3.5.0):
    ``touched`` is :func:`_touched_set`'s set (one C test, not a loop over 20+ countries per rule and run)."""
    return bool(viewed_from) and not touched.isdisjoint(viewed_from)


def _touched_set(d: Dossier, inputs: EvaluationInputs, reuse: dict[Any, Any]) -> frozenset[str | None]:
    """:func:`_touched` as a set, once per dossier object and engine readings within an evaluation (its runs share the
    dossier; the entry holds it, so its id is not another's meanwhile)."""
    key = ("touched", id(d), inputs.readings_3_5, inputs.readings_3_6)
    held = reuse.get(key)
    if held is None or held[0] is not d:
        held = reuse[key] = (d, frozenset(_touched(d, inputs)))
    return held[1]


def _touched(d: Dossier, inputs: EvaluationInputs) -> tuple[str | None, ...]:
    """The countries a territory view (:func:`territory_view`) may change for this dossier: the destination, and under
    engine 3.5.0 the recipients' countries too; a pack's results are reused between readings only as far as none of
    them is one the pack's reading views as home (``_PackPlan.viewed_from``)."""
    shipment = d.shipment
    if shipment is None:
        if inputs.readings_3_6:  # engine 3.6.0: the view also changes where the item and its inputs come from (REVIEW8 F6)
            return (None, d.product.made_in if d.product is not None else None, *(c.origin for c in d.components),
                    *(t.origin for t in d.technologies))
        return (None,)  # engines up to 3.5.0 (their stored documents are the fast path's: re-runs keep it)
    if not inputs.readings_3_5:
        return (shipment.destination,)
    return (shipment.destination, d.product.made_in if d.product is not None else None,
            *(p.country for p in (shipment.end_user, shipment.importer, shipment.consignee) if p is not None),
            *(c.origin for c in d.components), *(t.origin for t in d.technologies))


def _rule_id(pack: RulePack, rule: RuleSpec) -> str:
    return f"{pack.id}:{rule.article}"


def article_text(rule: RuleSpec) -> Text:
    """How the article is cited in a sentence ("Art. I(1)", "第一条第（一）项"); the bare article
    otherwise, so an id like "1" never trails an announcement name unexplained."""
    en = rule.article_en or (f"Art. {rule.article}" if rule.article[:1].isalnum() and " " not in rule.article else rule.article)
    hans = rule.article_zh or (rule.article if en.startswith("Art. ") else en)  # no English "Art." in Chinese
    return tx(en, hans, rule.article_zh_hant or hans)


def _citation(pack: RulePack, rule: RuleSpec) -> dict[str, Any]:
    art = article_text(rule)
    return {
        "announcement": pack.announcement, "announcement_zh": pack.announcement_zh, "article": rule.article,
        "key_phrase_en": rule.key_phrase_en, "key_phrase_zh": rule.key_phrase_zh,
        "key_phrase_zh_hant": rule.key_phrase_zh_hant or rule.key_phrase_zh,
        "announcement_zh_hant": pack.announcement_zh_hant or pack.announcement_zh, "article_text": art,
        "text": msg("engine._citation.1", announcement=pack.announcement, art=art, announcement_zh=pack.announcement_zh, Hans=_gap(art['zh-Hans']), announcement_zh2=pack.announcement_zh_hant or pack.announcement_zh, Hant=_gap(art['zh-Hant'])),
    }


def _gap(article: str) -> str:
    """A space between a Chinese announcement name and a Latin article code (…第18号 1C902–1C908)."""
    return " " if article[:1].isascii() else ""


def _reading(rule: RuleSpec) -> dict[str, str] | None:
    if rule.reading_en is None:
        return None
    zh = rule.reading_zh or rule.reading_en
    return {"en": rule.reading_en, "zh": zh, "zh-Hans": zh, "zh-Hant": rule.reading_zh_hant or zh}


def _unverified_text(en: tuple[str, ...], hans: tuple[str, ...], hant: tuple[str, ...]) -> list[Text]:
    return [tx(u, hans[i] if i < len(hans) else u, hant[i] if i < len(hant) else (hans[i] if i < len(hans) else u))
            for i, u in enumerate(en)]


_EFFECT = {"applies": "sets_outcome", "suspended": "suspended", "insufficient_data": "undecided",
           "does_not_apply": "none", "not_in_force": "none"}


def _no_effect(doc: dict[str, Any]) -> None:
    """Mark a finding that changes nothing: ``effect = "none"`` and an explanation that says
    so first (its ``outcome`` stays ``not_controlled`` for readers of that field)."""
    doc["effect"] = "none"
    # msg("no_effect") and msg("engine.no_effect", text=…) built in place (~75 findings per 20-line evaluation): the
    # same Msg objects, as msg() keeps a str, dict, Msg or None param as it is (any other goes through msg_of)
    m = Msg()
    m["t"] = "no_effect"
    doc["effect_text"] = m
    text = doc["explanation"]
    if type(text) in _KEPT_PARAM or isinstance(text, dict):
        m = Msg()
        m["t"] = "engine.no_effect"
        m["p"] = {"text": text}
        doc["explanation"] = m
    else:
        doc["explanation"] = msg_of("engine.no_effect", {"text": text})


def suspension_windows(packs: Sequence[RulePack]) -> dict[str, list[Window]]:
    """Windows per pack id: the pack's own ``[[suspensions]]`` and every other pack's
    ``[[suspends]]`` aimed at it (a later suspending announcement can be imported as a
    pack of its own). Duplicates (same dates, same announcement) are merged."""
    out: dict[str, list[Window]] = {}
    for pack in packs:
        for w in pack.suspensions:
            out.setdefault(pack.id, []).append(w)
        for target, w in pack.suspends:
            out.setdefault(target, []).append(Window(w.start, w.until, w.by, w.by_zh, w.by_pack or pack.id, w.articles, w.by_zh_hant))
    for pack_id, windows in out.items():
        unique: dict[tuple[Any, ...], Window] = {}
        for w in sorted(windows, key=lambda w: (w.start, w.until, w.by, w.articles)):
            unique.setdefault((w.start, w.until, w.by, w.articles), w)
        out[pack_id] = list(unique.values())
    return out


def _suspension(windows: list[Window], rule: RuleSpec, as_of: date) -> Window | None:
    covering = [w for w in windows if w.start <= as_of <= w.until and (not w.articles or rule.article in w.articles)]
    return max(covering, key=lambda w: (w.until, w.by)) if covering else None


def _window_doc(w: Window) -> dict[str, Any]:
    return {"from": w.start.isoformat(), "until": w.until.isoformat(), "by": w.by, "by_zh": w.by_zh, "by_pack": w.by_pack,
            "by_zh_hant": w.by_zh_hant or w.by_zh}


def _policies(pack: RulePack, rule: RuleSpec) -> list[RuleSpec]:
    return [p for p in pack.rules if p.kind in POLICY and rule.article in p.params["applies_to"]]


def _policy_outcome(d: Dossier, policies: list[RuleSpec], category: str | None, inputs: EvaluationInputs) -> tuple[str, list[tuple[RuleSpec, PolicyResult]]]:
    """The outcome of an applying control rule for one end-use category."""
    results = [(p, POLICY[p.kind](d, p, category, inputs=inputs)) for p in policies]
    base = "license_required"
    lifted = False  # engine 3.6.0: an exemption that needs no application leaves the end-user policy nothing to decide
    for p, r in results:
        if p.kind == "exemption" and r.matched:
            base = r.outcome
            lifted = lifted or (inputs.readings_3_6 and bool(p.params.get("no_application")))
    best = base
    for p, r in results:
        if p.kind != "exemption" and r.matched and RANK[r.outcome] > RANK[best] and not (lifted and p.kind == "end_user"):
            best = r.outcome
    return best, results


def _no_application(d: Dossier, policies: list[RuleSpec], category: str | None, inputs: EvaluationInputs) -> bool:
    """Engine 3.6.0 (session 6 (10)): whether an exemption of ``policies`` with ``no_application`` matches ``category``.
    No. 61 Art. V's exports 「免于申请许可」 make no application, and Art. II decides applications (「……的出口申请，原则上
    不予许可」): its end-user policy is not reached (the declared reading denial-prevails keeps the precedence)."""
    return inputs.readings_3_6 and any(p.kind == "exemption" and p.params.get("no_application")
                                       and POLICY[p.kind](d, p, category, inputs=inputs).matched for p in policies)


def _apply_policy(d: Dossier, pack: RulePack, rule: RuleSpec, inputs: EvaluationInputs) -> tuple[int, int, dict[str, Any], list[Missing]]:
    """(floor rank, ceiling rank, policy record, missing) for an applying control rule.

    A policy that cannot decide by itself and names what it needs (an end user's
    screening hits nobody has confirmed or cleared) raises the ceiling to its
    outcome when that ranks above the floor, so the result is insufficient data."""
    floor, ceiling, record, miss = _apply_end_use_policy(d, pack, rule, inputs)
    category = ((d.shipment or Shipment()).end_use or EndUse()).category
    lifted = _no_application(d, _policies(pack, rule), category, inputs)
    undecided = [r for p in _policies(pack, rule) if p.kind != "end_use" and not (lifted and p.kind == "end_user")
                 for r in [POLICY[p.kind](d, p, category, inputs=inputs)] if r.matched is None and r.missing and RANK[r.outcome] > floor]
    if not undecided:
        if inputs.readings_3_6:
            # engine 3.6.0 (REVIEW8 F9): a policy waiting on a screening hit nobody has decided, whose outcome could not
            # raise this one (No. 61 II beside III's certain presumption of denial), still names the hit: the listing's
            # conditions hang on it (engine._open_hits keeps the answer open)
            hits = [m for p in _policies(pack, rule) if p.kind != "end_use" and not (lifted and p.kind == "end_user")
                    for r in [POLICY[p.kind](d, p, category, inputs=inputs)] if r.matched is None
                    for m in r.missing if m.field.endswith(".screening")]
            return floor, ceiling, record, miss + hits
        return floor, ceiling, record, miss
    ceiling = max(ceiling, *(RANK[r.outcome] for r in undecided))
    record["possible"] = sorted({*record.get("possible", [BY_RANK[floor]]), *(r.outcome for r in undecided)}, key=RANK.__getitem__)
    record["outcome"] = None
    return floor, ceiling, record, miss + [m for r in undecided for m in r.missing]


def _apply_end_use_policy(d: Dossier, pack: RulePack, rule: RuleSpec, inputs: EvaluationInputs) -> tuple[int, int, dict[str, Any], list[Missing]]:
    """(floor rank, ceiling rank, policy record, missing) from the end use.

    When the end use is not stated, every category is tried: if they all give
    the same outcome the gap does not matter, otherwise it is reported."""
    policies = _policies(pack, rule)
    category = ((d.shipment or Shipment()).end_use or EndUse()).category
    actual, results = _policy_outcome(d, policies, category, inputs)
    record: dict[str, Any] = {
        "end_use": category,
        "applied": [{"rule": _rule_id(pack, p), "kind": p.kind, "matched": r.matched, "outcome": r.outcome,
                     "explanation": r.explanation, **({"report_within_working_days": r.report_within_working_days}
                                                      if r.matched and r.report_within_working_days is not None else {})}
                    for p, r in results],
    }
    if category is not None or not policies:
        rank = RANK[actual]
        record["outcome"] = actual
        return rank, rank, record, []
    ranks = sorted({RANK[_policy_outcome(d, policies, c, inputs)[0]] for c in _ALL_END_USES})
    if len(ranks) == 1:
        record["outcome"] = BY_RANK[ranks[0]]
        return ranks[0], ranks[0], record, []
    record["outcome"] = None
    record["possible"] = [BY_RANK[r] for r in ranks]
    miss = Missing("shipment.end_use.category", msg("engine._apply_end_use_policy.1"))
    return ranks[0], ranks[-1], record, [miss]


_UNSET: Any = object()  # _control_finding's window not given: it finds it


def _steps(texts: list[Text]) -> list[dict[str, Any]]:
    return [{"n": n, **t} for n, t in enumerate(texts, start=1)]


def _control_finding(d: Dossier, pack: RulePack, rule: RuleSpec, windows: list[Window], as_of: date, inputs: EvaluationInputs,
                     checks: dict[Any, RuleResult] | None = None, check_key: Any = None,
                     window: Any = _UNSET, checked: RuleResult | None = None, view: Dossier | None = None) -> _Control:
    """``checked``/``view``: what :func:`_checked` gave for this rule and ``check_key`` and the territory view it was
    given (``_pack_findings`` has both: the same answer the call below finds again in ``checks``)."""
    start = rule.effective_from or pack.effective_from
    until = rule.effective_until or pack.effective_until
    if checked is not None and view is not None:
        d = view
    else:
        if pack.same_as_home and rule.params.get("home_country"):
            d = territory_view(d, rule.params["home_country"], pack.same_as_home, parties=inputs.readings_3_5)
        # What a rule kind finds does not depend on the suspension windows, so a reading that only moves a window
        # (no70-end) reuses it; results are never changed after they are made.
        checked = _checked(d, rule, pack, as_of, inputs, checks, check_key)
    doc: dict[str, Any] = {
        "rule": _rule_id(pack, rule), "pack": pack.id, "kind": rule.kind, "role": "control",
        # citation, reading and unverified points are the pack's texts: expand() adds them back (facts, issue 13)
        "in_force": {"from": start.isoformat(), "until": None if until is None else until.isoformat()},
        "figures": checked.figures, "steps": _steps(checked.steps), "suspension": None,
    }
    if checked.conditions:
        doc["conditions"] = list(checked.conditions)
    if window is _UNSET:  # else :func:`_window_over`'s answer for these windows (_pack_findings has it already)
        window = _suspension(windows, rule, as_of) if windows else None
    if window is not None and as_of < start and start > window.until:
        window = None  # a window that ends before the rule starts does not make it "suspended"
    later = as_of < start and window is not None  # inside the window, but would only take effect later in it
    if (as_of < start and window is None) or (until is not None and as_of > until):
        when = tx(f"in force from {start}" + (f" until {until}" if until else ""),
                  f"自{start}起施行" + (f"，至{until}止" if until else ""), f"自{start}起施行" + (f"，至{until}止" if until else ""))
        doc.update(result="not_in_force", outcome="not_controlled", explanation=tx(
            f"Not in force on {as_of} ({when['en']}). " + checked.explanation["en"],
            f"{as_of}未生效（{when['zh-Hans']}）。" + checked.explanation["zh-Hans"],
            f"{as_of}未生效（{when['zh-Hant']}）。" + checked.explanation["zh-Hant"]))
        note = None
        if inputs.readings_3_6 and as_of < start and checked.result != "does_not_apply" and "before_in_force_en" in rule.params:
            # an item of the rule's kind before it takes effect: what the pack says of the regime before (No. 62: the
            # spokesman's statement on the 2001 technology catalogue; session 7's case (10)) — a note, no outcome
            p = rule.params
            note = tx(p["before_in_force_en"], p.get("before_in_force_zh", p["before_in_force_en"]),
                      p.get("before_in_force_zh_hant", p.get("before_in_force_zh", p["before_in_force_en"])))
        return _Control(doc, 0, 0, note=note)
    if checked.result == "does_not_apply":  # most findings: the keys set one by one, as doc.update(...) would
        doc["result"] = "does_not_apply"
        doc["outcome"] = "not_controlled"
        doc["explanation"] = checked.explanation
        return _Control(doc, 0, 0)
    if window is not None:
        doc["suspension"] = _window_doc(window)
        sus = msg("engine._control_finding.1", start=window.start, until=window.until, by=window.by, by2=window.by_zh or window.by, by3=window.by_zh_hant or window.by_zh or window.by)
        if later:  # RULES.md second review: inside the window the rule is suspended, whatever its own start
            sus = msg("engine._control_finding.2", sus=sus, start=start)
            doc["in_force"]["suspended_before_effective"] = True
        if checked.result == "applies" and rule.kind in OWN_OUTCOME:
            own = _own_outcome(rule, checked)
            doc.update(result="suspended", outcome="suspended", outcome_if_in_force=own, explanation=msg("engine._control_finding.3", explanation=checked.explanation, as_of=as_of, sus=sus))
            return _Control(doc, RANK["suspended"], RANK["suspended"])
        if checked.result == "applies":
            floor, ceiling, record, _ = _apply_policy(d, pack, rule, inputs)
            doc.update(result="suspended", outcome="suspended", outcome_if_in_force=record["outcome"] or "insufficient_data",
                       policy=record, explanation=msg("engine._control_finding.4", explanation=checked.explanation, as_of=as_of, sus=sus))
            return _Control(doc, RANK["suspended"], RANK["suspended"])
        doc.update(result="insufficient_data", outcome="insufficient_data", explanation=msg("engine._control_finding.5", explanation=checked.explanation, sus=sus))
        return _Control(doc, 0, RANK["suspended"], checked.missing)
    if checked.result == "applies" and rule.kind in OWN_OUTCOME:
        own = _own_outcome(rule, checked)  # a ban's outcome is its own, not a licence policy's
        name = outcome_msg(own)
        doc.update(result="applies", outcome=own, explanation=msg("engine._control_finding.6", explanation=checked.explanation, name=name))
        r = RANK[own]
        return _Control(doc, r, r)
    if checked.result == "applies":
        floor, ceiling, record, miss = _apply_policy(d, pack, rule, inputs)
        doc["policy"] = record
        if floor == ceiling:
            outcome = BY_RANK[floor]
            name = outcome_msg(outcome)
            chosen = [a for a in record["applied"] if a["matched"]]
            why = [a["explanation"] for a in chosen]
            doc.update(result="applies", outcome=outcome, explanation=tx(
                " ".join([checked.explanation["en"], *[w["en"] for w in why], f"Outcome: {name['en']}."]),
                "".join([checked.explanation["zh-Hans"], *[w["zh-Hans"] for w in why], f"结论：{name['zh-Hans']}。"]),
                "".join([checked.explanation["zh-Hant"], *[w["zh-Hant"] for w in why], f"結論：{name['zh-Hant']}。"])))
            return _Control(doc, floor, ceiling, miss)  # (miss: only 3.6.0's undecided screening hits, _apply_policy)
        if all(m.field == "shipment.end_use.category" for m in miss):
            doc.update(result="applies", outcome="insufficient_data", explanation=tx(
                checked.explanation["en"] + " The licence policy depends on the end use, which is not stated.",
                checked.explanation["zh-Hans"] + "许可政策取决于最终用途，但未说明。",
                checked.explanation["zh-Hant"] + "許可政策取決於最終用途，但未說明。"))
        else:
            doc.update(result="applies", outcome="insufficient_data", explanation=tx(
                " ".join([checked.explanation["en"], "The licence policy cannot be decided yet:", *[m.text["en"] for m in miss]]),
                "".join([checked.explanation["zh-Hans"], "许可政策尚无法确定：", *[m.text["zh-Hans"] for m in miss]]),
                "".join([checked.explanation["zh-Hant"], "許可政策尚無法確定：", *[m.text["zh-Hant"] for m in miss]])))
        return _Control(doc, floor, ceiling, miss)
    # insufficient data, in force: how high could it go once the data is there?
    policies = _policies(pack, rule)
    if policies and inputs.readings_3_5:
        # Engine 3.5.0: as high as its pack's policies would take it were it to apply to this dossier (its own end use
        # and parties; every end use only when none is stated), not over every end use whatever the dossier says: an
        # unknown that could at worst give what a certain finding already requires (No. 61 I(1) undecided beside I(2)'s
        # licence) leaves that finding's outcome standing; one that could give a denial still makes it insufficient.
        ceiling = _apply_policy(d, pack, rule, inputs)[1]
    else:
        ceiling = max(RANK[_policy_outcome(d, policies, c, inputs)[0]] for c in _ALL_END_USES) if policies else RANK["license_required"]
    if rule.kind in OWN_OUTCOME:
        ceiling = RANK[_own_ceiling(rule, checked)]
    doc.update(result="insufficient_data", outcome="insufficient_data", explanation=checked.explanation)
    return _Control(doc, 0, ceiling, checked.missing)


def _policy_finding(pack: RulePack, rule: RuleSpec, d: Dossier, controls: dict[str, _Control], inputs: EvaluationInputs) -> dict[str, Any]:
    targets = [controls[f"{pack.id}:{a}"] for a in rule.params["applies_to"] if f"{pack.id}:{a}" in controls]
    reached = [t for t in targets if t.document["result"] in ("applies", "suspended")]
    doc: dict[str, Any] = {
        "rule": _rule_id(pack, rule), "pack": pack.id, "kind": rule.kind, "role": "policy",
        "applies_to": [f"{pack.id}:{a}" for a in rule.params["applies_to"]],  # _rule_id of each
        "figures": {}, "steps": [], "suspension": None,
    }
    if not reached:
        if texts_major() >= 2:  # reedesk-texts-2: the articles as the pack names them (第一条第（一）项、…), not "I(1), I(2)"
            explanation = msg("engine._policy_finding.2", arts=Msg(t="@articles", p={"rule": doc["rule"]}))
            doc.update(result="does_not_apply", outcome="not_controlled", explanation=explanation)
            return doc
        arts = ", ".join(rule.params["applies_to"])
        doc.update(result="does_not_apply", outcome="not_controlled", explanation=msg("engine._policy_finding.1", arts=arts))
        return doc
    category = ((d.shipment or Shipment()).end_use or EndUse()).category
    r = POLICY[rule.kind](d, rule, category, inputs=inputs)
    doc["figures"] = r.figures
    if r.report_within_working_days is not None and r.matched:
        doc["figures"] = {**r.figures, "report_within_working_days": r.report_within_working_days}
    result = {True: "applies", False: "does_not_apply", None: "insufficient_data"}[r.matched]
    outcome = r.outcome if r.matched else ("insufficient_data" if r.matched is None else "not_controlled")
    if all(t.document["result"] == "suspended" for t in reached) and r.matched:
        doc["suspension"] = reached[0].document["suspension"]
    doc.update(result=result, outcome=outcome, explanation=r.explanation)
    return doc


def cite(rule_id: str) -> Msg:
    """A rule's citation as a reference into its pack (rendered by expand from the pack's texts)."""
    return Msg(t="@cite", p={"rule": rule_id})


def _notes(packs: list[RulePack], findings: list[dict[str, Any]], as_of: date) -> list[Text]:
    notes: list[Text] = []
    stale = sorted((p.reviewed_until, p.id) for p in packs if as_of > p.reviewed_until)
    if stale:
        first = stale[0][0]
        ids = ", ".join(i for _, i in stale)
        notes.append(msg("engine._notes.1", ids=ids, first=first))
    relevant = [f for f in findings if f["result"] in ("applies", "suspended", "insufficient_data")]
    by_pack, specs = _packs_and_rules(packs)
    for f in relevant:
        c = cite(f["rule"])
        spec = specs[f["rule"]]
        if spec.reading_en is not None:
            notes.append(msg("engine._notes.2", c=c, r=Msg(t="@reading", p={"rule": f["rule"]})))
        for i in range(len(spec.unverified)):
            notes.append(msg("engine._notes.3", c=c, u=Msg(t="@unverified", p={"rule": f["rule"], "i": i})))
    for f in findings:
        if f["kind"] == "value_content" and f["result"] != "not_in_force":
            if f["figures"].get("ratio") is not None:
                m = f["figures"]["method"]
                c = cite(f["rule"])
                notes.append(msg("engine._notes.4", c=c, m=m, zh=m.get('zh-Hant', m['zh'])))
            notes.extend(f["figures"].get("rate_notes", []))
    seen: set[str] = set()
    for f in relevant:
        pack = by_pack[f["pack"]]
        if pack.id in seen:
            continue
        seen.add(pack.id)
        for i in range(len(pack.unverified)):
            u = Msg(t="@pack_unverified", p={"pack": pack.id, "i": i})
            notes.append(msg("engine._notes.5", announcement=pack.announcement, u=u, announcement_zh=pack.announcement_zh, announcement_zh2=pack.announcement_zh_hant or pack.announcement_zh))
    return notes


_RULES_BY_LIST: dict[tuple[RulePack, ...], tuple[dict[str, RulePack], dict[str, RuleSpec]]] = {}  # by pack objects


def _packs_and_rules(packs: Sequence[RulePack]) -> tuple[dict[str, RulePack], dict[str, RuleSpec]]:
    """The packs by id and their rules by rule id, once per list of pack objects (read only)."""
    key = tuple(packs)
    found = _RULES_BY_LIST.get(key)
    if found is None:
        found = ({p.id: p for p in key}, {_rule_id(p, r): r for p in key for r in p.rules})
        remember(_RULES_BY_LIST, key, found, 1024)
    return found


def _summary(outcome: str, decisive: list[dict[str, Any]], missing_docs: list[dict[str, Any]], as_of: date,
             codes_only: bool = False) -> Text:
    name = outcome_msg(outcome)
    if outcome == "insufficient_data":
        data = [m for m in missing_docs if not m["field"].endswith(".screening")]
        hits = [m for m in missing_docs if m["field"].endswith(".screening")]  # undecided screening hits: name them
        fields = ", ".join(m["field"] for m in data)

        def hit_text(lang: str) -> str:
            texts = [render(m) if "t" in m else m for m in hits]
            return " ".join(m[lang].split(": ", 1)[-1] if lang == "en" else m[lang].split("：", 1)[-1] for m in texts)

        if codes_only:  # engine 3.6.0: the Chinese summary names the fields as the window does, not by JSON path
            from reedesk.vocabulary import path_place

            hans, hant = ("、".join(path_place(m["field"], lang) for m in data) for lang in ("zh-Hans", "zh-Hant"))
        else:
            hans = hant = f" {fields}"
        if not hits:
            if codes_only:
                return tx(f"Insufficient data as of {as_of}: supply {fields}.", f"截至{as_of}数据不足：请补充{hans}。",
                          f"截至{as_of}資料不足：請補充{hant}。")
            return msg("engine._summary.1", as_of=as_of, fields=fields)
        return tx(f"Insufficient data as of {as_of}: " + (f"supply {fields}; " if data else "") + hit_text("en"),
                  f"截至{as_of}数据不足：" + (f"请补充{hans}；" if data else "") + hit_text("zh-Hans"),
                  f"截至{as_of}資料不足：" + (f"請補充{hant}；" if data else "") + hit_text("zh-Hant"))
    if not decisive:
        return msg("engine._summary.2", as_of=as_of)
    def cited(f: dict[str, Any]) -> Msg:
        """The citation with the specific control code(s) a customs declaration needs (No. 18: 1C904 for Tb)."""
        found = (f.get("figures") or {}).get("codes") or []
        if codes_only:  # engine 3.6.0: an instrument's name (No. 55/58 item_list "codes") is no control code (LEGALQA8 (4))
            found = [c for c in found if CONTROL_CODE.match(str(c.get("code")))]
        if not found:
            return cite(f["rule"])
        codes = [msg("engine.summary.code_element", code=c["code"], element=c["element"]) if c.get("element")
                 else msg("engine.summary.code", code=c["code"]) for c in found]
        return msg("engine.summary.cite_codes", cite=cite(f["rule"]), codes=join(codes, "comma"))

    extra = msg("engine._summary.3")
    if outcome == "suspended":
        s = decisive[0]["suspension"]
        extra = msg("engine._summary.4", until=s['until'], by=s['by'], by2=s['by_zh'] or s['by'], by3=s.get('by_zh_hant') or s['by_zh'] or s['by'])
    return msg("engine.summary", as_of=as_of, name=name, cites=join([cited(f) for f in decisive], "semicolon"), extra=extra)


def _inputs(dossier: Dossier, chosen: list[RulePack], as_of: date, screening: dict[str, Any] | None,
            licences: Sequence[Mapping[str, Any]], corrected: bool = True,
            like: EvaluationInputs | None = None, *, corrected_3_5: bool = True,
            corrected_3_6: bool = True, corrected_3_7: bool = True,
            names_of: dict[int, Any] | None = None) -> EvaluationInputs:
    """The evaluation's inputs under ``chosen``; ``like`` itself when it has the same codes (a reading whose other item
    data give this dossier's items the same codes: no second frozen object built and then dropped). ``corrected``:
    engine 3.4.0's readings (``_BEFORE_3_4``); False for the re-run of an older document."""
    product = dossier.product
    # An item is a listed dual-use item only once the announcement that lists it has taken effect (No. 18 of 2025
    # lists Tb metal as 1C904 from 2025-04-04: before, it is an unlisted item, for the catch-all, not No. 46's ban).
    listing = [p for p in chosen if _lists_on(p, as_of)] if corrected else chosen
    key = packs_key(listing)
    codes = codes_in_use(listing, product.category if product else None, product.elements if product else None, key)
    component_codes = selected_component_codes(dossier, listing, key)
    suspended = _suspended_codes(chosen, product, as_of) if corrected else ()
    fixed = corrected and corrected_3_5  # 3.5.0's readings come on top of 3.4.0's
    # engine 3.5.0: a No. 55 / No. 58 item (listed, but with no control code) is a dual-use item for the bans and lists
    names = (dual_use_names(dossier, listing) if names_of is None else _dual_use_names(dossier, listing, names_of)) if fixed else ()
    fixed_3_6 = fixed and corrected_3_6  # 3.6.0's come on top of 3.5.0's
    fixed_3_7 = fixed_3_6 and corrected_3_7  # and 3.7.0's on top of 3.6.0's
    if like is not None and (codes, component_codes, suspended, corrected, fixed, names, fixed_3_6, fixed_3_7) == (
            like.dual_use_codes, like.component_codes, like.suspended_codes, like.readings_3_4, like.readings_3_5,
            like.dual_use_names, like.readings_3_6, like.readings_3_7):
        return like
    return EvaluationInputs(screening=screening, licences=tuple(licences), as_of=as_of, dual_use_codes=codes,
                            component_codes=component_codes, readings_3_4=corrected, suspended_codes=suspended,
                            readings_3_5=fixed, dual_use_names=names, readings_3_6=fixed_3_6, readings_3_7=fixed_3_7)


def _dual_use_names(dossier: Dossier, listing: Sequence[RulePack], names_of: dict[int, Any]) -> tuple[tuple[str, str, str], ...]:
    """``item_list.dual_use_names(dossier, listing)``, each pack's names found once per evaluation (``names_of``: one
    evaluation's table) and joined in pack order without repeats, as it joins them: the readings' runs share most of
    the primary's packs (issue 13: ~7 runs of it per evaluation)."""
    if not SHORTCUTS:  # the plain path (tests/rules/test_engine_shortcut.py's oracle) asks for all of them
        return dual_use_names(dossier, listing)
    out: list[tuple[str, str, str]] = []
    for pack in listing:
        # by the pack plan's key (interned, never handed out twice): equal keys, equal control rules — every parameter
        # but the gated ones, which dual_use_names does not read — and item sets, so a reading's patched pack that only
        # sets a gated parameter (customs-exports-only) takes the primary pack's names
        key = _pack_plan(pack).key
        names = names_of.get(key)
        if names is None:
            names = names_of[key] = dual_use_names(dossier, (pack,))
        for name in names:
            if name not in out:
                out.append(name)
    return tuple(out)


def _suspended_codes(chosen: Sequence[RulePack], product: Any, as_of: date) -> tuple[str, ...]:
    """The product's control codes whose listing pack (in effect on ``as_of``) has every control rule suspended on that
    date by the windows of all of ``chosen`` (No. 70 「暂停实施」 Nos. 55–58): for the catch-all, which reaches an item its
    list does not control on that date."""
    from reedesk.rules.scope import pack_item_codes

    key = (tuple(chosen), product.category if product else None, tuple(product.elements or ()) if product else (), as_of)
    found = _SUSPENDED_CODES.get(key)  # by pack objects, as _WINDOWS_BY_LIST (the key holds them)
    if found is not None:
        return found
    windows = suspension_windows(chosen)
    out: set[str] = set()
    for pack in chosen:
        mine = windows.get(pack.id) if _lists_on(pack, as_of) else None
        controls = [r for r in pack.rules if r.kind in CONTROL]
        if mine and controls and all(_suspension(mine, r, as_of) is not None for r in controls):
            out.update(pack_item_codes(pack, product.category if product else None, list(product.elements or ()) if product else None))
    return remember(_SUSPENDED_CODES, key, tuple(sorted(out)), 4096)


_SUSPENDED_CODES: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _lists_on(pack: RulePack, as_of: date) -> bool:
    """Whether the items ``pack`` gives control codes are listed on ``as_of``: from its effective date until its end."""
    return pack.effective_from <= as_of and (pack.effective_until is None or as_of <= pack.effective_until)


# --- What depends only on a pack, worked out once per pack (issue 13: evaluation speed) -----------------
# A pack is immutable and named by its SHA-256 (a pack as read under a reading also by ``reading_sha256``), so
# its rule plans are cached on that. A plan holds the content keys that let a reading's run reuse the primary
# run's results for every rule the reading does not change (tests/rules/test_engine_shortcut.py proves the
# documents byte-identical to a full re-run for every golden case and sample).

# Control kinds whose check (and finding) never read the dossier's dual-use codes (inputs.dual_use_codes,
# inputs.component_codes); every other kind, including one added later, is keyed on them.
_CODE_FREE_KINDS = frozenset({"value_content", "direct_product", "origin", "item_list"})

_INTERNED: dict[Any, int] = {}
_NEXT = itertools.count()


def _intern(value: Any) -> int:
    """A small number standing for ``value`` (hashable) in reuse keys: equal values, equal numbers. Numbers
    are never handed out twice, so clearing the table only costs misses."""
    n = _INTERNED.get(value)
    if n is None:
        n = remember(_INTERNED, value, next(_NEXT), 200_000)
    return n


@dataclass(frozen=True)
class _ControlPlan:
    rule: RuleSpec
    key: int  # (interned) the rule, its pack's item sets, dates and the policies that apply to it
    finding_key: int  # the same less what only the check reads of the item sets (its result stands for it)
    check_key: int  # the rule and its pack's item sets less what only match_item/matching_family read
    items: int  # the pack's item sets, whole
    start: date  # in force from (the rule's date, else its pack's)
    until: date | None
    reads_codes: bool
    viewed_from: tuple[str, ...]  # destinations a declared territory reading (same_as_home) turns into the home country
    gated: bool = False  # its parameters hold one of _GATED: left out of the keys unless the dossier makes it count


@dataclass(frozen=True)
class _PolicyPlan:
    rule: RuleSpec
    key: int  # (interned) the rule and its pack
    targets: tuple[str, ...]  # rule ids of the control rules it applies to


@dataclass(frozen=True)
class _PackPlan:
    key: int
    controls: tuple[_ControlPlan, ...]
    policies: tuple[_PolicyPlan, ...]
    reads_codes: bool
    viewed_from: tuple[str, ...]
    gated: tuple[_ControlPlan, ...] = ()  # its controls whose parameters hold one of _GATED (a run's key reads their _gate)


_PLANS: dict[tuple[str, str], _PackPlan] = {}


_PLAN_BY_PACK: dict[RulePack, _PackPlan] = {}  # the same by pack object (identity; the key holds its pack)


def _pack_plan(pack: RulePack, *, cached: bool = True) -> _PackPlan:
    if cached:
        plan = _PLAN_BY_PACK.get(pack)
        if plan is not None:
            return plan
    key = (pack.sha256, pack.reading_sha256)
    plan = _PLANS.get(key) if cached else None
    if plan is None:
        plan = _make_plan(pack)
        if cached:
            remember(_PLANS, key, plan, 1024)
    if cached:
        remember(_PLAN_BY_PACK, pack, plan, 1024)
    return plan


# Rule parameters a check reads only for some dossiers (engine 3.6.0, session 9): No. 61's ``home_exporters`` (the reading
# any-exporter-abroad) matters only when the dossier states an exporter of the rule's home country exporting from abroad
# (scope.home_exporter). They are left out of the plan's keys and added to a run's keys only for such a dossier, so a
# reading that sets one reuses the primary run's result for every other dossier (tests/rules/test_engine_shortcut.py).
# ``provision_in_home`` and ``provision_to`` (the readings customs-exports-only and outside-mainland-recipients, on
# eight to thirteen rules each; SPEED9) matter only when the goods stay in the rule's home country: every check reads
# them through scope.export_or_provision, which returns not_to_home for any other destination before it looks at
# them, or (destination.check) only with ``destination == home_country``; a destination a territory view turns into the
# home country (the control's viewed-from countries) counts too.
# ``suspended_dual_use`` (the reading not-dual-use-while-suspended, on the lists and the bans) matters only through
# destination.suspended_listing, which answers None (the parameter changes nothing) unless the product has control
# codes and the date suspends listings (``inputs.suspended_codes``).
_GATED = ("home_exporters", "provision_in_home", "provision_to", "suspended_dual_use")
_PROVISION = ("provision_in_home", "provision_to")


def _ungated(rule: RuleSpec) -> RuleSpec:
    return replace(rule, params={k: v for k, v in rule.params.items() if k not in _GATED})


def _gate(dossier: Dossier, cp: "_ControlPlan", inputs: EvaluationInputs) -> Any:
    """What of ``cp``'s gated parameters this dossier's check reads: None when none (see :data:`_GATED`); else each
    one it reads, as (name, value), a parameter the rule does not set as (name, None) — equal answers for equal
    parameters, as the run keys need."""
    if not cp.gated:
        return None
    params = cp.rule.params
    home = params.get("home_country")
    shipment = dossier.shipment
    read: tuple[tuple[str, Any], ...] = ()
    if inputs.readings_3_6 and "home_exporters" in params:
        exporter = dossier.exporter
        if not (exporter is None or exporter.country not in (home, None) or shipment is None
                or shipment.export_from in (None, home)):
            read = (("home_exporters", params.get("home_exporters")),)
    if shipment is not None and (shipment.destination == home or shipment.destination in cp.viewed_from) \
            and any(k in params for k in _PROVISION):
        read += tuple((k, params.get(k)) for k in _PROVISION)
    if "suspended_dual_use" in params and inputs.dual_use_codes and inputs.suspended_codes:
        read += (("suspended_dual_use", params.get("suspended_dual_use")),)
    return read or None


def _make_plan(pack: RulePack) -> _PackPlan:
    items = _intern(tuple(pack.items.items()))
    # What only context.match_item, matching_family and element_counts read of an item set (a reading such as No. 61's
    # "containing elements" or "assemblies included" changes just that): left out of the check key; the check's
    # noted answers decide instead (_checked).
    loose = _intern(tuple((n, replace(s, categories=(), alloy_match="exact", any_elements=False, elements_any=(), with_any=()))
                          for n, s in pack.items.items()))
    controls: list[_ControlPlan] = []
    policies: list[_PolicyPlan] = []
    for rule in pack.rules:
        gated = rule.kind in CONTROL and any(k in rule.params for k in _GATED)
        spec = _intern(repr(_ungated(rule) if gated else rule))
        if rule.kind in CONTROL:
            start = rule.effective_from or pack.effective_from
            until = rule.effective_until or pack.effective_until
            applying = _intern(tuple(repr(p) for p in _policies(pack, rule)))
            viewed = pack.same_as_home if pack.same_as_home and rule.params.get("home_country") else ()
            # the keys as numbers (equal keys, equal numbers): hashed once here, not at each look-up of each run
            controls.append(_ControlPlan(rule, _intern(("control", pack.id, spec, items, start, until, applying)),
                                         _intern(("finding", pack.id, spec, loose, start, until, applying)),
                                         _intern(("check", pack.id, spec, loose)), items, start, until,
                                         rule.kind not in _CODE_FREE_KINDS, viewed, gated))
        elif rule.kind in POLICY:
            policies.append(_PolicyPlan(rule, _intern(("policy", pack.id, spec)), tuple(f"{pack.id}:{a}" for a in rule.params["applies_to"])))
    whole = _intern((tuple(c.key for c in controls), tuple(p.key for p in policies)))
    return _PackPlan(whole, tuple(controls), tuple(policies), any(c.reads_codes for c in controls),
                     tuple(sorted({d for c in controls for d in c.viewed_from})), tuple(c for c in controls if c.gated))


def _pack_findings(dossier: Dossier, pack: RulePack, windows: Sequence[Window], as_of: date,
                   inputs: EvaluationInputs, reuse: dict[Any, Any], plan: _PackPlan,
                   numbered: int = -1, touched: frozenset[str | None] | None = None
                   ) -> tuple[dict[str, _Control], list[dict[str, Any]], int, int]:
    """One pack's control results and findings (control rules first, then its policies). A rule's
    finding depends only on what its key names (its pack's content, the suspension window over it, a
    territory view, the dual-use codes where its kind reads them) within one evaluation, so a reading
    that changes another rule or pack reuses it; findings are never changed after they are made."""
    if touched is None:  # the destination (and 3.5.0's recipients) a territory view reads
        touched = _touched_set(dossier, inputs, reuse)
    codes = _codes_number(inputs, reuse)
    checks = reuse.setdefault("checks", {})
    controls: dict[str, _Control] = {}
    keys: dict[str, int] = {}
    findings: list[dict[str, Any]] = []
    floor = ceiling = 0  # the pack's highest floor and ceiling, kept as the loop goes (not two passes after it)
    free = True  # every control finding reads the same under any suspension window (see the end)
    for cp in plan.controls:
        viewed_from = cp.viewed_from
        seen = (not touched.isdisjoint(viewed_from) if viewed_from else False, codes if cp.reads_codes else None,
                _gate(dossier, cp, inputs) if cp.gated else None)  # (_viewed and _gate, in place)
        over = _window_over(windows, numbered, cp.rule, as_of) if windows else _NO_WINDOW
        wn = over[1]
        key = (cp.key, wn, *seen)  # the window by its number: equal windows, equal numbers (_intern)
        c = reuse.get(key)
        if c is None:
            # The finding follows from the check's result and what the plan's finding key names (not the item
            # sets themselves), so a reading whose check result is the primary's (_checked) reuses its finding too.
            # The results are kept in ``checks`` for the whole evaluation, so their id() is not reused meanwhile.
            view = (territory_view(dossier, cp.rule.params["home_country"], pack.same_as_home, parties=inputs.readings_3_5)
                    if cp.viewed_from else dossier)
            checked = _checked(view, cp.rule, pack, as_of, inputs, checks, ((cp.check_key, *seen), cp.items))
            # A rule that does not apply, on a date inside its time in force, reads the same under any suspension
            # window (_control_finding returns before it looks at one): a reading that moves a window (no70-end)
            # reuses it.
            if checked.result == "does_not_apply" and as_of >= cp.start and (cp.until is None or as_of <= cp.until):
                wn = -1
            key2 = (cp.finding_key, wn, *seen, id(checked))
            c = reuse.get(key2)
            if c is None:
                c = _control_finding(dossier, pack, cp.rule, windows, as_of, inputs, checks, ((cp.check_key, *seen), cp.items),
                                     over[0], checked, view)
                _mark_effect(c.document)
                reuse[key2] = c
            reuse[key] = c
        rule_id = c.document["rule"]
        controls[rule_id] = c
        keys[rule_id] = id(c)  # a policy's finding follows from the control findings it applies to
        findings.append(c.document)
        if c.floor > floor:
            floor = c.floor
        if c.ceiling > ceiling:
            ceiling = c.ceiling
        if free and not (c.document["result"] == "does_not_apply" and as_of >= cp.start
                         and (cp.until is None or as_of <= cp.until)):
            free = False
    for pp in plan.policies:
        key = (pp.key, tuple(map(keys.get, pp.targets)))
        doc = reuse.get(key)
        if doc is None:
            doc = _policy_finding(pack, pp.rule, dossier, controls, inputs)
            _mark_effect(doc)
            reuse[key] = doc
        findings.append(doc)
    # never changed after: the readings' runs share them; with the pack's highest floor and ceiling, and whether the
    # whole answer holds under any suspension windows over the pack: every control rule does not apply on a date in its
    # time in force (its finding is made before a window is looked at: the ``wn = -1`` above), so the same control
    # findings come back whatever the windows, and the policies' findings follow from them alone.
    return controls, findings, floor, ceiling, free


_NO_WINDOW: tuple[None, int] = (None, -1)
_ANY_WINDOWS = object()  # in a pack's reuse key: its findings hold under any suspension windows (_pack_findings' last value)
_WINDOW_OVER: dict[tuple[int, str, date], tuple[Window | None, int]] = {}


def _window_over(windows: Sequence[Window], numbered: int, rule: RuleSpec, as_of: date) -> tuple[Window | None, int]:
    """:func:`_suspension` of a rule (it reads only the article) and the window's number (-1: none; equal windows,
    equal numbers), once per (windows of a pack as ``_windows_by_pack`` numbers them, article, date); ``numbered``
    -1: not numbered, worked out each time."""
    key = (numbered, rule.article, as_of)
    found = _WINDOW_OVER.get(key) if numbered >= 0 and SHORTCUTS else None
    if found is None:
        window = _suspension(windows, rule, as_of)  # type: ignore[arg-type]
        found = _NO_WINDOW if window is None else (window, _intern(window))
        if numbered >= 0 and SHORTCUTS:
            remember(_WINDOW_OVER, key, found, 4096)
    return found


def _codes_number(inputs: EvaluationInputs, reuse: dict[Any, Any]) -> int:
    """The inputs' dual-use codes (product and every line) as a number, once per inputs object of the evaluation
    (hashing 20 lines' codes at each of the readings' packs cost more than the lookups it keys)."""
    held = reuse.get(("codes", id(inputs)))
    if held is None or held[0] is not inputs:  # the inputs object is held, so its id() stays its own
        numbers = reuse.setdefault("code numbers", {})  # per evaluation: a desk's many dossiers never pile up here
        n = numbers.setdefault((inputs.dual_use_codes, inputs.component_codes, inputs.suspended_codes,
                                inputs.dual_use_names), len(numbers))
        held = reuse[("codes", id(inputs))] = (inputs, n)
    return held[1]


def _checked(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, inputs: EvaluationInputs,
             checks: dict[Any, Any] | None, key: Any) -> RuleResult:
    """The rule kind's check, or an earlier run's result when it is provably the same: same rule, dossier view,
    codes and item sets (``key`` = (check key, item sets)), or item sets that differ only in what
    match_item/matching_family read and give every answer the earlier run was given (context.trace_matches)."""
    run = lambda: CONTROL[rule.kind](d, rule, pack, as_of, inputs=inputs)  # noqa: E731
    if checks is None or key is None:
        return run()
    loose, items = key
    earlier = checks.setdefault(loose, [])
    for have, _, result in earlier:
        if have == items:
            return result
    for _, trace, result in earlier:
        if trace is not None and replays(pack.items, trace):
            earlier.append((items, trace, result))
            return result
    if pack.id in checks.get(_TRACED, ()) and not pack.reading_sha256:
        result, trace = trace_matches(pack.items, run)
    else:
        result, trace = run(), None
    earlier.append((items, trace, result))
    return result


# Key in a table of checks: the ids of the packs whose item sets an alternative reading patches; only their checks
# (as the primary reading reads them) are traced, the rest need no replay.
_TRACED = object()


def _item_patched(chosen: Sequence[RulePack]) -> frozenset[str]:
    """The ids of the packs whose item sets a reading of ``chosen`` patches, once per list of pack objects."""
    packs = tuple(chosen)
    found = _PATCHED_BY_LIST.get(packs)
    if found is None:
        found = _item_patched_now(packs)
        remember(_PATCHED_BY_LIST, packs, found, 1024)
    return found


_PATCHED_BY_LIST: dict[tuple[RulePack, ...], frozenset[str]] = {}  # by pack objects (identity; the key holds them)


def _item_patched_now(chosen: Sequence[RulePack]) -> frozenset[str]:
    return frozenset(patch.pack or point.pack for pack in chosen for point in pack.open_points for reading in point.readings
                     if not reading.primary for patch in reading.patches if patch.path.startswith("items"))


def _mark_effect(f: dict[str, Any]) -> None:
    effect = f["effect"] = _EFFECT[f["result"]]
    if effect == "none":
        _no_effect(f)


_WINDOWS: dict[tuple[tuple[str, str], ...], dict[str, tuple[tuple[Window, ...], int]]] = {}
_NO_WINDOWS: tuple[tuple[Window, ...], int] = ((), -1)


def _windows_by_pack(chosen: Sequence[RulePack]) -> dict[str, tuple[tuple[Window, ...], int]]:
    """:func:`suspension_windows` of the packs in use (each pack's windows and a number for them), once per list of packs."""
    packs = tuple(chosen)
    found = _WINDOWS_BY_LIST.get(packs) if SHORTCUTS else None
    if found is not None:
        return found
    key = tuple((p.sha256, p.reading_sha256) for p in chosen)
    found = _WINDOWS.get(key) if SHORTCUTS else None
    if found is None:
        found = {pid: (tuple(ws), _intern(tuple(ws))) for pid, ws in suspension_windows(chosen).items()}
        if SHORTCUTS:
            remember(_WINDOWS, key, found, 1024)
    if SHORTCUTS:
        remember(_WINDOWS_BY_LIST, packs, found, 1024)
    return found


# The same by list of pack objects (a RulePack hashes and compares by identity; the key holds its packs, so no id
# is taken for another's): a reading's run asks again for the list it was given (issue 13).
_WINDOWS_BY_LIST: dict[tuple[RulePack, ...], dict[str, tuple[tuple[Window, ...], int]]] = {}


_ListPlan = tuple[tuple[RulePack, "_PackPlan", tuple[Window, ...], int], ...]
_LIST_PLANS: dict[tuple[RulePack, ...], _ListPlan] = {}  # by pack objects, as _WINDOWS_BY_LIST


def _list_plan(chosen: Sequence[RulePack]) -> _ListPlan:
    """Each pack of ``chosen`` with its plan, its suspension windows and their number: what a run looks up for every
    pack, once per list of pack objects (eight runs per evaluation, twelve packs each; issue 13)."""
    packs = tuple(chosen)
    found = _LIST_PLANS.get(packs) if SHORTCUTS else None
    if found is None:
        windows = _windows_by_pack(packs)
        found = tuple((pack, _pack_plan(pack, cached=SHORTCUTS), *windows.get(pack.id, _NO_WINDOWS)) for pack in packs)
        if SHORTCUTS:
            remember(_LIST_PLANS, packs, found, 1024)
    return found


# Reuse between the readings' runs of one evaluation; False: every reading re-runs every rule (the plain
# path tests/rules/test_engine_shortcut.py compares with).
SHORTCUTS = True


def _determine(dossier: Dossier, chosen: list[RulePack], as_of: date, inputs: EvaluationInputs,
               reuse: dict[Any, Any] | None = None,
               *, notes: bool = True) -> dict[str, Any]:
    """Findings, outcome, decisive rules, missing data, summary and notes under one set of
    packs (the packs as they read under one reading). ``reuse`` holds the results of earlier
    runs of the same evaluation (same dossier, date, screening and licences), keyed by content
    (see :func:`_pack_findings`); their documents are never changed after they are made, so
    sharing them is safe."""
    if reuse is None:
        reuse = {}
    touched = _touched_set(dossier, inputs, reuse)  # the destination (and 3.5.0's recipients) a territory view reads
    codes = _codes_number(inputs, reuse)
    done_packs: list[tuple[dict[str, _Control], list[dict[str, Any]], int, int]] = []
    findings: list[dict[str, Any]] = []
    floor = ceiling = 0
    get = reuse.get
    for pack, plan, mine, numbered in _list_plan(chosen):
        # (plan.key, numbered, _viewed(touched, plan.viewed_from), the codes where the plan reads them, the gated
        # parameters' _gate answers), in place: this loop runs for every pack of every reading's run, most of them
        # answered by the key alone (issue 13)
        viewed_from = plan.viewed_from
        viewed = not touched.isdisjoint(viewed_from) if viewed_from else False
        read = codes if plan.reads_codes else None
        gates = tuple(_gate(dossier, cp, inputs) for cp in plan.gated) if plan.gated else None
        if gates is not None and not any(gates):
            # none of the gated parameters is read: the same key as a pack that sets none of them (a reading's pack
            # that sets provision_in_home explicitly, customs-exports-only, takes the primary's answer)
            gates = None
        done = get((plan.key, numbered, viewed, read, gates))
        if done is None:
            key = (plan.key, numbered, viewed, read, gates)
            seen = (viewed, read, gates)
            # A reading that only moves windows (no70-end) takes a pack whose answer holds under any windows as it is.
            free_key = (plan.key, _ANY_WINDOWS, *seen)
            done = reuse.get(free_key)
            if done is None:
                done = _pack_findings(dossier, pack, mine, as_of, inputs, reuse, plan, numbered, touched)
                if done[4]:
                    reuse[free_key] = done
            reuse[key] = done
        done_packs.append(done)
        findings.extend(done[1])
        if done[2] > floor:
            floor = done[2]
        if done[3] > ceiling:
            ceiling = done[3]
    # A reading's run (no notes) whose every pack answer is one an earlier run of this evaluation had, in the same
    # order, has that run's outcome, decisive rules, missing data and summary: they follow from the answers alone
    # (and the inputs' engine flags), and nothing made from them is changed after (SPEED10: the suspension-window and
    # territory readings of a dossier they do not touch).
    same = ("outcome of", tuple(map(id, done_packs)), inputs.readings_3_5, inputs.readings_3_6, inputs.readings_3_7)
    if not notes:
        kept = get(same)
        if kept is not None:
            return kept
    # The control rules in pack order (a rule id names its pack, and one version of each pack is in use); only the
    # packs whose highest floor or ceiling can make a rule decisive are looked into.
    missing_docs: list[dict[str, Any]] = []
    # Engine 3.5.0 (RULES.md second review, "Parties": a party matching a list entry in force with no recorded decision
    # 「cannot come out better than "insufficient data: confirm or clear the hit"」): an undecided screening hit that could
    # give at least what is already decided (a watch-list hit on an export already needing a licence: its conditions
    # differ) keeps the answer open, unless the outcome is already a prohibition.
    # Engine 3.6.0 (REVIEW8 F9): also a hit whose listing could give less than the outcome already decided (a watch-list
    # hit beside a presumption of denial): its conditions (risk-assessment report, undertaking) still hang on it.
    below = inputs.readings_3_6
    hits = (_open_hits(done_packs, floor, below) if inputs.readings_3_5 and ceiling == floor and 0 < floor < _PROHIBITED
            else ())
    if ceiling > floor or hits:
        outcome = "insufficient_data"
        by_field: dict[str, dict[str, Any]] = {}
        controls = [c for done in done_packs if done[3] > floor or (hits and (below or done[3] == floor))
                    for c in done[0].values()]
        for c in controls:
            if c.ceiling > floor or c in hits:
                for m in c.missing:
                    if m.field in by_field:
                        needed = by_field[m.field]["needed_by"].split(", ")
                        if c.document["rule"] not in needed:
                            by_field[m.field]["needed_by"] += ", " + c.document["rule"]
                    else:
                        by_field[m.field] = m.document(c.document["rule"])
                        missing_docs.append(by_field[m.field])
        decisive = [c.document for c in controls if c.ceiling > floor or c in hits]
    else:
        outcome = BY_RANK[floor]
        decisive = [c.document for done in done_packs if done[2] == floor for c in done[0].values() if c.floor == floor] if floor > 0 else []
    said = _notes(chosen, findings, as_of) if notes else []
    if notes and inputs.readings_3_6:  # engine 3.6.0: the control findings' own notes (a rule before it takes effect)
        said += [c.note for done in done_packs for c in done[0].values() if c.note is not None]
    result = {"outcome": outcome, "decisive": decisive, "findings": findings, "missing": missing_docs,
              "summary": _summary(outcome, decisive, missing_docs, as_of, inputs.readings_3_6), "notes": said}
    if outcome == "insufficient_data" and inputs.readings_3_6 and dossier.product is not None \
            and dossier.product.made_in is None:  # engine 3.6.0: an unknown place of making split over its values
        # The split's answer follows from the packs' answers for *other* dossiers (each place of making), not from
        # this run's pack answers alone: a reading that changes only what a China-made item reads gives this
        # dossier the primary's pack answers but another split — never kept for another run to take.
        return _made_in_split(dossier, chosen, as_of, inputs, reuse, result, notes) or result
    # the pack answers the key names are held in ``reuse`` too, so their ids stay theirs; the primary's run keeps its
    # answer without its notes, as a reading's run makes it
    reuse[same] = result if not notes else {**result, "notes": []}
    return result


_PROHIBITED = RANK["prohibited"]


# Engine 3.6.0 (LEGALQA9 discrepancy 3): where the item was made, when the dossier does not say, is split over the places
# the rules tell apart, as an unstated end use is split over every category (_apply_end_use_policy). No rule reads more
# of ``product.made_in`` than whether it is a rule's home country (scope.made_in, deminimis.check, listing, destination)
# or a territory a declared reading takes as it (``same_as_home``, territory_view): the home countries, those
# territories and one other country stand for every value. When each gives the same decided outcome, that is the
# outcome, the decisive rules are each place's, and a note and the summary say so (No. 61 I(1) for an item made abroad
# 「……境外制造的……价值比例达到0.1%及以上」, I(3) for one made in China 「原产于中国的本公告附件1所列物项」: a licence either
# way); otherwise, or if any place still leaves the answer open, ``product.made_in`` is asked for as before.
_ELSEWHERE = ("DE", "US", "VN")  # the first not a home country or territory stands for "made anywhere else"
_PLACE_NAMES = {"CN": ("China", "中国", "中國"), "HK": ("Hong Kong", "香港", "香港"), "MO": ("Macao", "澳门", "澳門"),
                "TW": ("Taiwan", "台湾", "台灣")}  # fixed words, not CLDR's: a re-run must give the same bytes


def _made_in_split(dossier: Dossier, chosen: list[RulePack], as_of: date, inputs: EvaluationInputs,
                   reuse: dict[Any, Any], result: dict[str, Any], notes: bool) -> dict[str, Any] | None:
    """``result`` (insufficient data, the dossier's ``product.made_in`` unknown) decided by splitting over where the
    item was made, or None when the place is not asked for or the places give different (or undecided) outcomes."""
    if not any(m["field"] == "product.made_in" for m in result["missing"]):
        return None
    homes = sorted({r.params["home_country"] for p in chosen for r in p.rules
                    if r.kind in CONTROL and isinstance(r.params.get("home_country"), str)})
    territories = sorted({t for p in chosen for t in p.same_as_home} - set(homes))
    elsewhere = next(c for c in _ELSEWHERE if c not in homes and c not in territories)
    product = dossier.product
    assert product is not None
    branches: list[tuple[str, dict[str, Any]]] = []
    for value in (*homes, *territories, elsewhere):
        key = ("made_in split", value)
        held = reuse.get(key)  # the variant dossier and its own reuse table, shared by this evaluation's runs
        if held is None:
            traced = reuse.get("checks", {}).get(_TRACED)
            held = reuse[key] = (replace(dossier, product=replace(product, made_in=value)),
                                 {"checks": {_TRACED: traced}} if traced is not None else {})
        got = _determine(held[0], chosen, as_of, inputs, held[1], notes=False)
        if got["outcome"] == "insufficient_data" or (branches and got["outcome"] != branches[0][1]["outcome"]):
            return None
        branches.append((value, got))
    outcome = branches[0][1]["outcome"]
    ids = {f["rule"] for _, got in branches for f in got["decisive"]}
    home = homes[0] if homes else "CN"
    _, specs = _packs_and_rules(chosen)
    parts = [(_made_in_place(value, home, territories), [f["rule"] for f in got["decisive"]])
             for value, got in branches]
    # A decisive finding is the unsplit run's ("cannot be decided → insufficient data", true of the dossier's facts
    # alone); beside a decided outcome it says which places of making it decides (a copy: the run's finding is shared)
    findings = [_made_in_finding(f, parts) if f["rule"] in ids else f for f in result["findings"]]
    decisive = [f for f in findings if f["rule"] in ids]
    summary = msg("readings.with_sentence", summary=_summary(outcome, decisive, [], as_of, True),
                  sentence=_made_in_sentence(parts, outcome, specs, phrases=False))
    said = result["notes"] + [_made_in_sentence(parts, outcome, specs, phrases=True)] if notes else []
    return {**result, "outcome": outcome, "decisive": decisive, "findings": findings, "missing": [], "summary": summary,
            "notes": said}


def _made_in_finding(finding: dict[str, Any], parts: Sequence[tuple[Text, Sequence[str]]]) -> dict[str, Any]:
    """``finding`` (undecided for want of ``product.made_in``) with its explanation followed by where it decides: "The
    place of making, not stated, decides only which rule applies: made in China, other rules decide; made outside China,
    this rule decides (see the summary)." — so a decisive finding's "insufficient data" does not read as the determination's answer."""
    items: list[Any] = [finding["explanation"], tx(" The place of making, not stated, decides only which rule applies: ",
                                                   "未说明的制造地只决定适用哪条规则：", "未說明的製造地只決定適用哪條規則：")]
    for n, (place, rules) in enumerate(parts):
        if n:
            items.append(tx("; ", "；", "；"))
        if finding["rule"] in rules:
            items.append(tx(f"{place['en']}, this rule decides", f"如{place['zh-Hans']}，由本规则决定",
                            f"如{place['zh-Hant']}，由本規則決定"))
        else:
            items.append(tx(f"{place['en']}, other rules decide", f"如{place['zh-Hans']}，由其他规则决定",
                            f"如{place['zh-Hant']}，由其他規則決定"))
    items.append(tx(" (see the summary).", "（见结论摘要）。", "（見結論摘要）。"))
    return {**finding, "explanation": join(items, "none")}


def _made_in_place(value: str, home: str, territories: Sequence[str]) -> Text:
    """"made in China" / 「在中国境内制造」, "made in Hong Kong", "made outside China" (or "made anywhere else")."""
    en, hans, hant = _PLACE_NAMES.get(home, (home, home, home))
    if value == home:
        return tx(f"made in {en}", f"在{hans}境内制造", f"在{hant}境內製造")
    if value in territories:
        n = _PLACE_NAMES.get(value, (value, value, value))
        return tx(f"made in {n[0]}", f"在{n[1]}制造", f"在{n[2]}製造")
    if territories:
        return tx("made anywhere else", "在其他地方制造", "在其他地方製造")
    return tx(f"made outside {en}", f"在{hans}境外制造", f"在{hant}境外製造")


def _made_in_sentence(parts: Sequence[tuple[Text, Sequence[str]]], outcome: str, specs: Mapping[str, RuleSpec], *,
                      phrases: bool) -> Msg:
    """The split in words: each place, the rules deciding there (cited; with each rule's Chinese key phrase when
    ``phrases``), and the one outcome. Literal words beside references (the citations are the packs' texts)."""
    items: list[Any] = [tx("Where the item was made is not stated, and it does not change the outcome: ",
                           "未说明物项的制造地，但制造地不改变结论：", "未說明物項的製造地，但製造地不改變結論：")]
    for n, (place, rules) in enumerate(parts):
        if n:
            items.append(tx("; ", "；", "；"))
        items.append(tx(f"{place['en']}, ", f"如{place['zh-Hans']}，", f"如{place['zh-Hant']}，"))
        if not rules:
            items.append(tx("no rule applies", "无规则适用", "無規則適用"))
        for i, rule_id in enumerate(rules):
            items.append(tx(", " if i else "", "、" if i else "适用", "、" if i else "適用"))
            items.append(cite(rule_id))
            spec = specs.get(rule_id)
            if phrases and spec is not None and spec.key_phrase_zh:
                hant = spec.key_phrase_zh_hant or spec.key_phrase_zh
                items.append(tx(f" 「{spec.key_phrase_zh}」", f"「{spec.key_phrase_zh}」", f"「{hant}」"))
        if rules:
            items.append(tx(" applies" if len(rules) == 1 else " apply", "", ""))
    items += [tx(". Either way: ", "。无论何者，结论均为", "。無論何者，結論均為"), outcome_msg(outcome), tx(".", "。", "。")]
    return join(items, "none")


def _open_hits(done_packs: Sequence[tuple[dict[str, _Control], Any, int, int]], floor: int,
               below: bool = False) -> tuple[_Control, ...]:
    """The undecided control findings, as high as ``floor``, that wait on a screening hit nobody has confirmed or cleared
    (a missing ``….screening`` field): engine 3.5.0 keeps the answer open for them (:func:`_determine`). ``below``
    (engine 3.6.0): also those that could reach less than ``floor``."""
    if below:
        return tuple(c for done in done_packs for c in done[0].values()
                     if 0 < c.ceiling <= floor and any(m.field.endswith(".screening") for m in c.missing))
    return tuple(c for done in done_packs if done[3] == floor for c in done[0].values()
                 if c.ceiling == floor and c.floor < floor and any(m.field.endswith(".screening") for m in c.missing))


def evaluate(snapshot: dict[str, Any], packs: Sequence[RulePack], as_of: date, *, revision: int | None = None,
             screening: dict[str, Any] | None = None, licences: Sequence[Mapping[str, Any]] = (),
             made_by: str | None = None, texts: TextsPack | None = None) -> dict[str, Any]:
    """:func:`_evaluate` with Python's cyclic garbage collector paused (reference counting still frees).

    An evaluation builds ~10^4 containers (findings, steps, message references) that all stay alive until
    the stored document is made: the young collections they set off (~0.9 per 20-line evaluation, ~0.2 ms)
    find nothing to free, and promote them so that a desk process with a large heap runs its full
    collections sooner (issue 13). Nested or parallel evaluations (GUI workers, ``evaluate --all``) keep it
    off until the last one ends; it is turned back on only if it was on when the first began (an export's or
    an audit check's pause works the same way, so the collector ends on whichever of them ends last). The
    next collection after it is back on sees only what the evaluation kept: its document.

    ``made_by``: when re-running a stored document, the engine version it names; an engine before 3.4.0 left an
    unnamed party out of screening, among others (``_BEFORE_3_4``), and its documents re-run as it read them.

    ``texts``: the texts pack the sentences are written with — a re-run passes the one the stored document names
    (``reedesk.rules.reproduce_with_engine``); by default the newest, and for an engine before 3.6.0 (``made_by``)
    the 1.0.0 pack those engines wrote with (docs/determination.md: reedesk-texts-2 since session 9)."""
    if texts is None and made_by in _BEFORE_3_6:
        texts = texts_of_version("1.0.0")
    collector.pause()  # one counter with exports and audit checks (reedesk.collector)
    try:
        with using_texts(texts):
            return _evaluate(snapshot, packs, as_of, revision=revision, screening=screening, licences=licences,
                             corrected=made_by not in _BEFORE_3_4, corrected_3_5=made_by not in _BEFORE_3_5,
                             corrected_3_6=made_by not in _BEFORE_3_6, corrected_3_7=made_by not in _BEFORE_3_7)
    finally:
        collector.resume()


# Engines before 3.4.0, whose documents re-run as they read the dossier (reedesk.rules.reproduce_with_engine passes
# the version as ``made_by``). 3.4.0 corrected three readings (session 6's independent cases, docs/rules.md):
# - an unnamed end user, importer or consignee is unknown, not a party screened clear (listing rules, No. 61 Art. II);
# - an item is a listed dual-use item only from the date the announcement listing it takes effect;
# - an importer or consignee marked military is an overseas military user for No. 61 Art. II, as the end user is;
# - the catch-all reaches an item whose listing is suspended on the date (No. 70), as an item on no list.
_BEFORE_3_4 = frozenset({"3.0.0", "3.1.0", "3.2.0", "3.3.0"})
# Engines before 3.5.0 (docs/determination.md "Engine 3.5.0"; session 6's independent cases (14), (11), (1), (6)):
# - No. 61 Art. I reaches an export to another country or region only, not a sale inside one foreign country;
# - provision in China to a foreign organisation or individual is an export (Export Control Law Art. 2, No. 62 Art. II);
# - an end user, importer or consignee named only by a legal form ("Co., Ltd.", "GmbH") is unnamed;
# - a No. 61 Part 1 element the product lists but no BOM line supplies leaves I(1) unknown, and an undecided rule can
#   raise the outcome only as high as it would go on this dossier's own end use and parties.
_BEFORE_3_5 = _BEFORE_3_4 | {"3.4.0"}
# Engines before 3.6.0 (docs/determination.md "Engine 3.6.0"; session 7's independent case (4)):
# - an exchange rate dated after the as-of date is not used for the value line (3.5.0 used the earliest such rate, with a
#   warning, when none was dated on or before it): not knowable on that date, the line is undecided naming the rate.
_BEFORE_3_6 = _BEFORE_3_5 | {"3.5.0"}
# Engines before 3.7.0 (docs/determination.md "Engine 3.7.0"; session 14's bug hunt F2, F8):
# - the value rule's sums, products and differences of the dossier's values are exact (3.6.0 rounded them to 34 digits,
#   so 36 significant digits just below the threshold read "at or above" it);
# - an item valued 0 whose China-origin Part 1 content counts leaves the ratio undecided, asking for the item's value
#   (3.6.0 read content valued 0 of an item valued 0 as below the threshold);
# - a licence written into the dossier (shipment.licence) under a number the register holds is the register's licence
#   (3.6.0 let the dossier's copy, without the register's draw-downs or later revisions, cover the shipment).
_BEFORE_3_7 = _BEFORE_3_6 | {"3.6.0"}


def _evaluate(snapshot: dict[str, Any], packs: Sequence[RulePack], as_of: date, *, revision: int | None,
              screening: dict[str, Any] | None, licences: Sequence[Mapping[str, Any]], corrected: bool = True,
              corrected_3_5: bool = True, corrected_3_6: bool = True, corrected_3_7: bool = True) -> dict[str, Any]:
    """The determination document for ``snapshot`` (a ``reedesk.dossier/1`` document) as of ``as_of``.

    ``packs`` may hold several versions of a pack; the one in use on ``as_of`` is chosen.
    ``screening`` is the screening document (CONTRACTS B) and ``licences`` the licence
    records (``reedesk.licence/1``) the determination is made with; both are stored in
    it (``screening``, ``licence_records``) so :func:`reedesk.services.evaluation.reproduce`
    re-runs with exactly those. The outcome is the packs' primary reading's; every
    alternative reading the packs declare is evaluated too, one open point at a time
    (``readings``), and the summary says where one gives another outcome.
    Raises :class:`reedesk.errors.ValidationFailed` if the snapshot is malformed.
    """
    compact = _COMPACT[0] or _compact()

    dossier = parse_dossier(snapshot, "dossier snapshot", check_canonical=False)
    snap, snap_bytes = snapshot_and_bytes(dossier, "dossier snapshot")  # the canonical check parse_dossier left out
    chosen = select_packs(packs, as_of)
    names_of: dict[int, Any] = {}  # each pack's dual-use names, for this dossier (_dual_use_names)
    inputs = _inputs(dossier, chosen, as_of, screening, licences, corrected, corrected_3_5=corrected_3_5,
                     corrected_3_6=corrected_3_6, corrected_3_7=corrected_3_7, names_of=names_of)
    reuse: dict[Any, Any] = {"checks": {_TRACED: _item_patched(chosen)}}  # per-pack and per-rule results, rule checks
    core = _determine(dossier, chosen, as_of, inputs, reuse)

    items_key = packs_key(chosen)

    def under(variant: list[RulePack]) -> dict[str, Any]:
        # The dual-use codes come from the packs' item data: the same unless the reading changes them.
        own = inputs if packs_key(variant) == items_key else _inputs(dossier, variant, as_of, screening, licences, corrected,
                                                                     like=inputs, corrected_3_5=corrected_3_5,
                                                                     corrected_3_6=corrected_3_6, corrected_3_7=corrected_3_7,
                                                                     names_of=names_of)
        if own is inputs and inputs.readings_3_4:  # a reading that moves a suspension window changes the suspended codes
            moved = _suspended_codes(variant, dossier.product, as_of)
            if moved != inputs.suspended_codes:
                own = replace(inputs, suspended_codes=moved)
        return _determine(dossier, variant, as_of, own, reuse if SHORTCUTS else None, notes=False)

    readings = readings_mod.evaluate_readings(chosen, core["outcome"], under)
    summary = readings_mod.with_readings_sentence(core["summary"], core["outcome"], readings)
    # engine 3.6.0: the packs say which sub-entry the product is (a licence naming 1C904.a covers terbium metal)
    licence = licence_effect(dossier, core, inputs, as_of, chosen if inputs.readings_3_6 else ())
    if licence is not None and (licence.get("number") or licence.get("covers")):
        summary = readings_mod.with_licence_sentence(summary, licence)
    return compact.encode({  # stored shape 3: each fact written once (reedesk.rules.compact)
        "schema": SCHEMA,
        "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION},
        "as_of": as_of.isoformat(),
        "dossier": {
            "reference": dossier.reference, "revision": revision,
            "sha256": hashlib.sha256(snap_bytes).hexdigest(), "snapshot": snap,
        },
        "packs": [p.summary() for p in chosen],
        "texts": current_texts().summary(),
        "outcome": core["outcome"],
        "outcome_name": outcome_msg(core["outcome"]),
        "precedence": PRECEDENCE,
        "decisive": [f["rule"] for f in core["decisive"]],
        "summary": summary,
        "findings": core["findings"],
        "missing": core["missing"],
        "notes": core["notes"],
        "readings": readings,
        "customs_remark": customs_remark(dossier, core, inputs),
        "licence": licence,
        "screening": screening,
        # The register's records matter only when a licence is needed; otherwise none are frozen, so an
        # unrelated change of the register does not make a new determination (reproduces all the same).
        "licence_records": [dict(r) for r in licences] if licence is not None else [],
    }, chosen)


_COMPACT: list[Any] = [None]  # reedesk.rules.compact, imported at the first evaluation (it imports this module)


def _compact() -> Any:
    from reedesk.rules import compact

    _COMPACT[0] = compact
    return compact


def determination_sha256(document: dict[str, Any]) -> str:
    """SHA-256 (hex) of the determination's stored canonical bytes (shape 4: without the attached snapshot)."""
    from reedesk.rules.shape4 import stored_form

    return hashlib.sha256(canonical_bytes(stored_form(document))).hexdigest()

"""Shared pieces of every rule kind: exact decimal arithmetic, item matching, and the
result a rule kind hands back to the engine.

Arithmetic uses one explicit :class:`decimal.Context` (34 significant digits,
ROUND_HALF_EVEN) instead of the thread's default, so a determination is the
same on every machine whatever the caller set. Products and sums of the
dossier's values are exact at that precision; only a division (a ratio or an
inverse exchange rate) rounds, and the determination says so.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import MAX_PREC, ROUND_HALF_EVEN, Context, Decimal, Inexact
from typing import Any, Iterable, Mapping

from reedesk.domain.codes import RARE_EARTH_ELEMENTS
from reedesk.rules.memo import remember
from reedesk.rules.packs import ItemSet
from reedesk.rules.messages import Msg, msg, texts_major
from reedesk.rules.text import Text, tx

DECIMAL = Context(prec=34, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999)
# Engine 3.7.0 (session 14's bug hunt F2): sums, products and differences of the dossier's values are exact, not rounded
# to 34 digits: a dossier may state 20 digits before and 20 after the point (docs/dossier-import.md), so a sum of 36
# significant digits was rounded up to the threshold and read "at or above" (10^16 − 10^-20 of 10^19). Inexact is
# trapped: an operation this context would have to round is a bug, never a silent answer. Divisions (the ratio, an
# inverse rate) stay at 34 digits, as PRECISION_NOTE says.
EXACT = Context(prec=MAX_PREC, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999, traps=[Inexact])
# Rounding for display (quantize to the places shown) at whatever precision the value needs: a ratio of 10^29 shown
# to 4 places has 34 digits and more (session 14's F1: DECIMAL's 34 raised InvalidOperation, the CLI a traceback).
# Where DECIMAL could quantize, the result is the same.
DISPLAY = Context(prec=MAX_PREC, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999)
PRECISION_NOTE = "34 significant digits, ROUND_HALF_EVEN"
DISPLAY_QUANTUM = Decimal("0.0001")
DISPLAY_NOTE = "percentage rounded ROUND_HALF_EVEN to 4 decimal places, for display only"


def dstr(value: Decimal) -> str:
    """A decimal as plain text without exponent (``0.0003177142857…``, never ``3E-4``).

    ``str`` of a Decimal is its ``format(value, "f")`` whenever it has no exponent (no ``E``/``e``: a finite value
    with exponent ≤ 0 and at most six leading zeros after the point, or a special value), at less than half the
    cost (issue 13: a 20-line evaluation writes ~90 of them); tests/rules/test_engine6_speed.py holds the two equal."""
    if type(value) is Decimal:
        text = str(value)
        if "E" not in text and "e" not in text:
            return text
    return format(value, "f")


def percent_display(ratio: Decimal) -> str:
    """``ratio`` × 100, rounded half-even to 4 places: display only, never compared."""
    return dstr(DECIMAL.multiply(ratio, Decimal(100)).quantize(DISPLAY_QUANTUM, rounding=ROUND_HALF_EVEN, context=DISPLAY))


@dataclass(frozen=True)
class EvaluationInputs:
    """What a determination is made from besides the dossier and the packs (CONTRACTS E).

    ``screening`` is the screening document of :func:`reedesk.screening.screen_parties`
    (the lists in force on the as-of date and every party's hits and recorded
    decisions), ``licences`` the ``reedesk.licence/1`` records of the register. Both are
    frozen into the determination so it reproduces after the lists or the register
    change. ``dual_use_codes`` is what :func:`reedesk.rules.scope.dual_use_codes`
    answers for the product (computed once by the engine, so every rule kind uses the
    same answer); ``as_of`` the determination's date. Every control checker and policy
    function receives it as the keyword argument ``inputs``.
    """

    screening: dict[str, Any] | None = None
    licences: tuple[Mapping[str, Any], ...] = ()
    dual_use_codes: tuple[str, ...] = ()
    as_of: Any = None
    component_codes: tuple[tuple[str, ...], ...] = ()  # dual_use_codes of each components[i]
    # Engine 3.4.0's corrected readings (reedesk.rules.engine._BEFORE_3_4): an unnamed end user, importer or consignee
    # is unknown, not screened clear (listing rules, No. 61 Art. II); an importer or consignee marked military is an
    # overseas military user (No. 61 Art. II); listed items are dated and the catch-all reaches suspended ones (the engine
    # and catch_all). False: as engines up to 3.3.0 read them, for their documents' re-runs.
    readings_3_4: bool = False
    # The product's control codes whose listing is suspended on the date (every control rule of the pack that lists
    # them, e.g. No. 57 under No. 70): the catch-all reaches such an item (engine 3.4.0).
    suspended_codes: tuple[str, ...] = ()
    # Engine 3.5.0's corrected readings (reedesk.rules.engine._BEFORE_3_5; docs/determination.md "Engine 3.5.0"): a sale
    # inside one foreign country is no No. 61 export (scope.sold_inside); provision in China to a foreign party is an
    # export (scope.export_or_provision); a party named only by a legal form is unnamed (screening.parties); a Part 1
    # element no BOM line supplies leaves No. 61 I(1) unknown, and an undecided rule's ceiling is what it would give on
    # this dossier's own end use (engine._control_finding). False: as engines up to 3.4.0 read them.
    readings_3_5: bool = False
    # Engine 3.5.0: the instruments without control codes (Nos. 55 and 58 of 2025: rule kind item_list, whose item sets
    # carry no code) that the product is plainly an item of, as (en, zh-Hans, zh-Hant) names from the pack (its ``code``,
    # ``code_zh``, ``code_zh_hant``): a listed dual-use item all the same for the measures on every dual-use item (No. 46
    # of 2024 Art. 1, No. 1 of 2026, the control and watch lists). Empty before 3.5.0 (item_list.dual_use_names).
    dual_use_names: tuple[tuple[str, str, str], ...] = ()
    # Engine 3.6.0's corrected readings (reedesk.rules.engine._BEFORE_3_6; docs/determination.md "Engine 3.6.0"): an
    # exchange rate dated after the as-of date is not used for the value line (not knowable on that date: the value line
    # is undecided naming it). False: as engines up to 3.5.0 read them.
    readings_3_6: bool = False
    # Engine 3.7.0's corrections (reedesk.rules.engine._BEFORE_3_7; docs/determination.md "Engine 3.7.0"): the value
    # rule's sums and products are exact (EXACT), an item valued 0 with counted China-origin content leaves the
    # ratio undecided (0 of 0 is no share), and a licence the dossier writes in under a registered number is the
    # register's (licences.matching ``register_first``). False: as engines up to 3.6.0 read them.
    readings_3_7: bool = False


NO_INPUTS = EvaluationInputs()


@dataclass
class Missing:
    """A field the answer depends on but the dossier leaves empty."""

    field: str
    text: Text

    def document(self, needed_by: str) -> dict[str, str]:
        return {"field": self.field, "needed_by": needed_by, **self.text}


def missing(path: str, en_what: str, hans_what: str, hant_what: str) -> Missing:
    if texts_major() >= 2:  # reedesk-texts-2 (session 9): the Chinese names the field as the window does, not its path
        return Missing(path, msg("context.missing.2", path=path, place=Msg(t="@field", p={"path": path}),
                                 en_what=en_what, hans_what=hans_what, hant_what=hant_what))
    return Missing(
        path,
        msg("context.missing.1", path=path, en_what=en_what, hans_what=hans_what, hant_what=hant_what),
    )


@dataclass
class RuleResult:
    """What a control rule kind found, before dates and end-use policy are applied."""

    result: str  # applies | does_not_apply | insufficient_data
    explanation: Text
    figures: dict[str, Any] = field(default_factory=dict)
    steps: list[Text] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    # Rule kinds whose outcome is their own, not a licence policy's (bans, listings, the
    # catch-all): ``outcome`` when the rule applies; ``ceiling`` the worst outcome still
    # possible when it cannot be decided (an open screening hit on a control list:
    # "prohibited"); ``conditions`` what the outcome comes with (a watch-list listing: no
    # general licence, a risk-assessment report and a written undertaking).
    outcome: str | None = None
    ceiling: str | None = None
    conditions: list[Text] = field(default_factory=list)


@dataclass
class PolicyResult:
    """What a policy rule kind (end use, end user, exemption) says about an applying control rule.

    ``matched`` is None when the dossier lacks what the policy needs.
    """

    matched: bool | None
    outcome: str
    explanation: Text
    figures: dict[str, Any] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)
    report_within_working_days: int | None = None


# While a rule's check runs under reedesk.rules.engine's trace (see trace_matches), every answer match_item,
# matching_family and element_counts give about the pack's item sets is noted, so a reading that changes only what
# those read of an item set (categories, alloy_match, any_elements, elements_any, with_any) can be shown to leave the
# check's answers unchanged. Nothing else may read those five fields during a check.
_REPLAYABLE = (list, tuple, set, frozenset, type(None))
_TRACES = threading.local()  # per thread: .trace (the list being noted) and .items (the pack's item sets)
_TRACING = 0  # traces running in any thread: the fast path skips the thread-local look-up when none is
_TRACING_LOCK = threading.Lock()


class _Untraceable(Exception):
    pass


def trace_matches(items: Mapping[str, ItemSet], run: Any) -> tuple[Any, "tuple[Any, ...] | None"]:
    """``run()``'s result and the item-set answers it was given (None when one cannot be replayed: an item set
    that is not ``items``' own, an argument that is not a plain collection, a trace inside another)."""
    global _TRACING
    outer = (getattr(_TRACES, "trace", None), getattr(_TRACES, "items", None))
    trace: list[Any] = []
    _TRACES.trace, _TRACES.items = trace, items
    with _TRACING_LOCK:
        _TRACING += 1
    try:
        result = run()
    finally:
        with _TRACING_LOCK:
            _TRACING -= 1
        _TRACES.trace, _TRACES.items = outer
        if outer[0] is not None:
            outer[0].append(_Untraceable)  # the inner run's answers are not in the outer trace
    if trace and trace[-1] is _Untraceable:
        return result, None
    return result, tuple(dict.fromkeys(trace))  # each distinct question once (a check asks some many times)


def _current() -> "list[Any] | None":
    return getattr(_TRACES, "trace", None) if _TRACING else None


def _note(kind: int, item_set: ItemSet, args: "tuple[Any, ...] | None", answer: Any) -> None:
    """Note one answer; ``args`` None: the call cannot be replayed, so neither can the trace."""
    trace = _TRACES.trace
    if trace and trace[-1] is _Untraceable:
        return
    if args is None or _TRACES.items.get(item_set.name) is not item_set:
        trace.append(_Untraceable)
        return
    trace.append((kind, item_set.name, args, answer))


def replays(items: Mapping[str, ItemSet], trace: "tuple[Any, ...]") -> bool:
    """Whether item sets ``items`` give every answer noted in ``trace`` (trace_matches) again."""
    for kind, name, args, answer in trace:
        s = items.get(name)
        if s is None:
            return False
        if kind == 0:
            category, elements = args  # the noted tuple as it is: _match_item only tests it and makes a set of it
            if _match_item(s, category, elements) != answer:
                return False
        elif kind == 1:
            if _matching_family(s, args[0]) != answer:
                return False
        elif _element_counts(s, args[0]) != answer:
            return False
    return True


def element_counts(item_set: ItemSet, element: str) -> bool:
    """Whether ``element`` is one the item set is listed for (the Tb of a Tb-bearing NdFeB
    magnet counts, its Nd does not)."""
    answer = _element_counts(item_set, element)
    if _current() is not None:
        _note(2, item_set, (element,) if type(element) is str else None, answer)
    return answer


def _element_counts(item_set: ItemSet, element: str) -> bool:
    # membership in each part, not in a set built of them all at each call (issue 13: asked per line and rule)
    return (element in item_set.elements_any or element in (getattr(item_set, "with_any", ()) or ())
            or any(element in s for s in item_set.element_sets))


def match_item(item_set: ItemSet, category: str | None, elements: Iterable[str] | None) -> bool | None:
    """True/False when the item is/is not in the set, None when category or elements are unknown."""
    if not _TRACING or getattr(_TRACES, "trace", None) is None:
        return _match_item(item_set, category, elements)
    if type(elements) not in _REPLAYABLE or not (category is None or type(category) is str):
        _note(0, item_set, None, None)
        return _match_item(item_set, category, elements)
    answer = _match_item(item_set, category, elements)
    _note(0, item_set, (category, None if elements is None else tuple(elements)), answer)
    return answer


def matching_family(item_set: ItemSet, elements: Iterable[str]) -> frozenset[str] | None:
    """The listed alloy family (element set) the elements fall in, or None (:func:`_matching_family`)."""
    if _current() is None:
        return _matching_family(item_set, elements)
    if type(elements) not in _REPLAYABLE or elements is None:
        _note(1, item_set, None, None)
        return _matching_family(item_set, elements)
    answer = _matching_family(item_set, elements)
    _note(1, item_set, (frozenset(elements),), answer)
    return answer


def _match_item(item_set: ItemSet, category: str | None, elements: Iterable[str] | None) -> bool | None:
    if category is None:
        return None
    if category not in item_set.categories:
        return False
    if item_set.any_elements:
        return True
    if not elements:
        return None
    if type(elements) is list or type(elements) is tuple:
        try:
            key = (id(item_set), tuple(elements))
            found = _BY_ELEMENTS.get(key)
        except TypeError:  # an element that is not hashable: worked out below, as always
            return _match_elements(item_set, elements)
        if found is not None and found[0] is item_set:
            return found[1]
        return remember(_BY_ELEMENTS, key, (item_set, _match_elements(item_set, elements)), 4096)[1]
    return _match_elements(item_set, elements)


# What an item set's element tests answer for a line's elements, by (id of the item set, elements), the item set held
# in the value so its id is never taken for another's (an ItemSet is frozen: its answers never change). A BOM repeats
# a few kinds of input and so does a desk's portfolio; a 20-line evaluation asked ~100 times, ~1-3 µs each (issue 13).
_BY_ELEMENTS: dict[tuple[int, tuple[Any, ...]], tuple[ItemSet, bool]] = {}


def _match_elements(item_set: ItemSet, elements: Iterable[str]) -> bool:
    """:func:`_match_item` past its category test, for a non-empty collection of elements."""
    present = set(elements)
    if item_set.with_any and present.isdisjoint(item_set.with_any):
        return False  # NdFeB magnet material without Tb or Dy is not the listed one
    if item_set.elements_any and not present.isdisjoint(item_set.elements_any):
        return True
    if item_set.element_sets and _matching_family(item_set, present) is not None:
        return True
    return False


def _matching_family(item_set: ItemSet, elements: Iterable[str]) -> frozenset[str] | None:
    """The listed alloy family (element set) the elements fall in, or None.

    ``alloy_match = "exact"``: the elements are exactly a listed set. ``"contains"``:
    they include every element of a listed set (the wider reading: a Nd-Fe-B alloy with
    some Dy "contains" Dy-Fe). ``"principal"``: they include every element of the set and
    the item's rare-earth elements are the family's, so minor non-rare-earth additions do
    not change the family (a Sm2Co17 alloy with Fe, Cu and Zr is a Sm-Co alloy) but
    another principal rare earth does (a Nd-Fe-B alloy with Dy is a Nd-Fe-B alloy, not a
    Dy-Fe alloy; MOFCOM No. 61 Part 1 names the alloy families). The largest matching
    family is named (Tb-Dy-Fe before Tb-Fe)."""
    present = frozenset(elements)
    if item_set.alloy_match == "contains":
        hits = [s for s in item_set.element_sets if s <= present]
    elif item_set.alloy_match == "principal":
        earths = present & RARE_EARTH_ELEMENTS
        hits = [s for s in item_set.element_sets if s <= present and earths == (s & RARE_EARTH_ELEMENTS)]
    else:
        hits = [s for s in item_set.element_sets if s == present]
    return max(hits, key=lambda s: (len(s), sorted(s))) if hits else None


def match_any(item_sets: Iterable[ItemSet], category: str | None, elements: Iterable[str] | None) -> bool | None:
    elements = list(elements) if elements else None
    results = [match_item(s, category, elements) for s in item_sets]
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return None
    return False


def item_labels(pack: Any, item_sets: Iterable[ItemSet]) -> Any:
    """The item sets' names as a reference into ``pack`` (``@items``): the same words as
    :func:`labels`, rendered from the pack the determination names instead of copied into it."""
    return Msg(t="@items", p={"pack": pack.id, "sets": [s.name for s in item_sets]})


def labels(item_sets: Iterable[ItemSet]) -> Text:
    sets = list(item_sets)
    return tx(
        " or ".join(s.label_en for s in sets),
        "或".join(s.label_zh for s in sets),
        "或".join(s.label_zh_hant for s in sets),
    )


def product_missing(category: str | None, elements: list[str] | None, path: str = "product") -> list[Missing]:
    """What is missing to classify an item: its category, else its elements."""
    if category is None:
        return [missing(f"{path}.category", "the item category decides whether the item is listed",
                        "物项类别决定其是否属于所列物项", "物項類別決定其是否屬於所列物項")]
    if not elements:
        return [missing(f"{path}.elements", "the chemical elements decide whether the item is listed",
                        "所含元素决定其是否属于所列物项", "所含元素決定其是否屬於所列物項")]
    return []

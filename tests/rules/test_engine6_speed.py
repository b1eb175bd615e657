"""Session 6 (ENGINE6, issue 13): the evaluation's cheaper parts answer exactly as the code they replace.

What is stored must not change — tests/rules/test_facts_golden.py, test_engine_shortcut.py and the stored-hash
comparison hold whole documents; these tests pin each part against the plain computation it stands for:

- ``context.dstr`` and the dossier writer's decimal text take a Decimal's ``str`` when it shows no exponent, which
  must be ``format(value, "f")`` for every Decimal (specials, signed zeros, any exponent, any context);
- ``messages.msg_of(key, params)`` is ``msg(key, **params)``;
- ``context._match_item`` keeps its element answers per item set (held by identity): the same answers as working
  them out, also for a patched item set (a new object) with the same name, and for elements it cannot key;
- the one-pass BOM line reader builds the same ``Component`` as the full reader.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.domain.dossier import Money
from reedesk.domain.dossier_file import _Reader, _component, _decimal_text, _plain_component
from reedesk.rules import context
from reedesk.rules.context import _match_elements, _match_item, dstr, match_item
from reedesk.rules.messages import Msg, msg, msg_of
from reedesk.rules.packs import shipped_packs

SPECIALS = ["0", "-0", "-0.00", "0E-7", "0E+3", "1E+1", "1.000", "Infinity", "-Infinity", "NaN", "-NaN", "NaN123",
            "sNaN", "-sNaN12", "0.0000001", "0.000001", "0.00000100", "123456789012345678901234567890.123", "1E-1000",
            "9.99E+999", "250000.00", "0.1400", "2.388000"]


def _decimals() -> st.SearchStrategy[Decimal]:
    finite = st.builds(lambda sign, digits, exp: Decimal((sign, tuple(int(c) for c in str(digits)), exp)),
                       st.integers(0, 1), st.integers(0, 10**40), st.integers(-60, 30))
    return st.one_of(finite, st.sampled_from([Decimal(s) for s in SPECIALS]))


@settings(max_examples=3000, deadline=None)
@given(_decimals())
def test_dstr_is_format_f_for_every_decimal(value: Decimal) -> None:
    """Figures are written as plain decimal text (docs/determination.md): never an exponent, exactly format 'f'."""
    assert dstr(value) == format(value, "f")
    assert _decimal_text(value) == format(value, "f")
    ctx = Context(prec=34, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999)
    if value.is_finite():
        for derived in (ctx.multiply(value, Decimal("0.1400")), ctx.divide(value, Decimal(7)), ctx.add(value, Decimal("1E-9"))):
            assert dstr(derived) == format(derived, "f")


def test_dstr_under_a_lower_case_exponent_context_and_for_non_decimals() -> None:
    """A thread whose decimal context writes a lower-case 'e' still gets fixed-point text; an int as format 'f' has it."""
    with localcontext() as ctx:
        ctx.capitals = 0
        for text in SPECIALS:
            assert dstr(Decimal(text)) == format(Decimal(text), "f")
    assert dstr(5) == format(5, "f") == "5.000000"  # type: ignore[arg-type]
    assert _decimal_text(None) is None


_PARAMS = st.dictionaries(
    st.text(alphabet="abcdefgh_", min_size=1, max_size=6),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.decimals(allow_nan=False, places=3),
              st.dates(), st.builds(lambda k: Msg(t=k), st.text(max_size=3)), st.builds(lambda k: {"en": k}, st.text(max_size=3))),
    max_size=8)


@settings(max_examples=500, deadline=None)
@given(st.text(min_size=1, max_size=10), _PARAMS)
def test_msg_of_is_msg(key: str, params: dict) -> None:
    """A message reference is {"t": key, "p": params} with non-JSON params normalised by format() (messages.py)."""
    made = msg(key, **dict(params))
    handed = msg_of(key, dict(params))
    assert type(handed) is Msg
    assert handed == made and list(handed) == list(made)
    assert dict.get(handed, "p") == dict.get(made, "p")
    if params:
        assert list(dict.get(handed, "p")) == list(params)


def _item_sets():
    return [s for p in shipped_packs() for s in p.items.values()]


def test_element_answers_kept_per_item_set_are_the_worked_out_ones() -> None:
    """MOFCOM No. 61 Part 1 (alloy families), No. 18 (Tb/Dy-bearing NdFeB): what an item set says about a line's
    category and elements, asked twice and in any order, is what its tests give."""
    sets = _item_sets()
    assert len(sets) > 20
    element_lists = [["Sm"], ["Nd"], ["Sm", "Co"], ["Co", "Sm"], ["Nd", "Fe", "B"], ["Nd", "Fe", "B", "Dy"], ["Tb", "Dy", "Fe"],
                     ["Dy"], ["Fe"], ("Sm", "Co", "Fe", "Cu", "Zr"), ["Y"], ["La", "Ce"], ["Ga"], ["Ge"], ["W"], ["C"]]
    for _ in range(2):
        for s in sets:
            for category in (*s.categories, "other", None):
                for elements in element_lists:
                    if category is None or category not in s.categories or s.any_elements:
                        expected = _match_item(s, category, elements)
                    else:
                        expected = _match_elements(s, list(elements))
                    assert _match_item(s, category, elements) == expected
                    assert match_item(s, category, list(elements)) == expected


def test_a_patched_item_set_of_the_same_name_gets_its_own_answers() -> None:
    """A reading that widens an item set (No. 61 "containing elements": alloy_match contains) is a new ItemSet: the
    answers kept for the primary set are never given for it."""
    part1 = next(s for p in shipped_packs() if p.id == "cn-mofcom-2025-061" for s in p.items.values() if s.name == "part1_alloys")
    elements = ["Nd", "Fe", "Dy"]  # contains Dy-Fe, but its principal rare earth is Nd
    assert _match_item(part1, "rare_earth_alloy", elements) is False
    wider = dataclasses.replace(part1, alloy_match="contains")
    assert _match_item(wider, "rare_earth_alloy", elements) is True
    assert _match_item(part1, "rare_earth_alloy", elements) is False
    narrower = dataclasses.replace(part1, element_sets=())
    assert _match_item(narrower, "rare_earth_alloy", ["Sm", "Co"]) is False
    assert _match_item(part1, "rare_earth_alloy", ["Sm", "Co"]) is True


def test_elements_that_cannot_be_kept_are_worked_out() -> None:
    """Elements given as a set, a generator or holding an unhashable value take the plain path (same answer)."""
    part1 = next(s for p in shipped_packs() if p.id == "cn-mofcom-2025-061" for s in p.items.values() if s.name == "part1_metals")
    assert _match_item(part1, "rare_earth_metal", {"Sm"}) is True
    assert _match_item(part1, "rare_earth_metal", (e for e in ["Nd"])) is False
    before = len(context._BY_ELEMENTS)
    with pytest.raises(TypeError):  # an unhashable element: refused as the plain test always did (set() of it)
        _match_item(part1, "rare_earth_metal", [["Sm"]])
    assert len(context._BY_ELEMENTS) == before


LINES = [
    {"id": "L1", "description": "d", "origin": "CN", "category": "rare_earth_metal", "elements": ["Sm"],
     "value": {"amount": "1.50", "currency": "USD"}},
    {"id": None, "origin": None, "category": None, "elements": None, "value": None},
    {"id": "L3", "category": "other", "elements": [], "value": {"amount": "0", "currency": None, "note": "kept"}, "x-extra": 1},
    {"value": {"amount": " 12.3400 "}},
]


def test_one_pass_line_reader_is_the_full_reader() -> None:
    """FORMATS.md reedesk.dossier/1 components: the same Component (values, unknown fields kept) either way."""
    for line in LINES:
        plain = _plain_component(line)
        assert plain is not None
        r = _Reader()
        got = r.obj(line, "components[0]", ("id", "description", "origin", "category", "elements", "value"))
        assert got is not None
        data, extra = got
        money = None
        if data.get("value") is not None:
            m, m_extra = r.obj(data["value"], "components[0].value", ("amount", "currency"))
            money = Money(amount=r.decimal(m, "amount", "components[0].value", positive=False),
                          currency=r.text(m, "currency", "components[0].value"), extra=m_extra)
        assert plain == dataclasses.replace(plain, id=data.get("id"), description=data.get("description"), origin=data.get("origin"),
                                            category=data.get("category"), elements=data.get("elements"), value=money, extra=extra)
        assert _component(_Reader(), line, "components[0]") == plain
        assert not r.problems


def test_a_pack_whose_rules_do_not_apply_is_taken_whole_by_a_reading_that_moves_windows(monkeypatch) -> None:
    """No. 70's reported extension (reading extended-2027-01-10) moves the suspension window over Nos. 55-58, 61 and
    62: a pack none of whose control rules applies on a date in its time in force reads the same under any window
    (RULES.md: a window only suspends an applying rule), so the reading takes the primary run's answer for it whole.
    The document is the plain engine's (SHORTCUTS off: every reading re-runs every rule), byte for byte."""
    import sys
    from pathlib import Path as _Path

    sys.path.insert(0, str(_Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import AS_OF, dossier  # the 20-line benchmark dossier (VN Sm-Co magnet, CN Part 1 metals)

    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.rules import engine

    taken: list[int] = []
    real = engine._pack_findings

    def counting(*args, **kwargs):
        done = real(*args, **kwargs)
        taken.append(int(done[4]))
        return done

    monkeypatch.setattr(engine, "_pack_findings", counting)
    packs = shipped_packs()
    fast = canonical_bytes(engine.evaluate(dossier(20), packs, AS_OF))
    runs_with_shortcut = len(taken)
    monkeypatch.setattr(engine, "SHORTCUTS", False)
    plain = canonical_bytes(engine.evaluate(dossier(20), packs, AS_OF))
    assert fast == plain
    assert sum(taken[:runs_with_shortcut]) >= 5  # the window-free packs of the primary run
    assert len(taken) - runs_with_shortcut > runs_with_shortcut  # the plain path runs far more packs

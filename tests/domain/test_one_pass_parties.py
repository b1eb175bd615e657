"""The one-pass readers of a dossier's product and parties give what the full readers give (issue 13, ENGINE6).

FORMATS.md reedesk.dossier/1: every known field checked (a problem names its path), unknown fields kept and
written back. ``dossier_file._plain_product`` / ``_plain_party`` read a valid object in one pass and step aside
(None) for anything the full reader must judge; with ``dossier_file.ONE_PASS = False`` only the full readers run.
Over generated documents — valid, wrong-typed, unknown codes, owners, unknown fields — both give the same Dossier
or the same problems, in the same order.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.domain import dossier_file
from reedesk.domain.dossier_file import dossier_to_document, parse_dossier
from reedesk.errors import ValidationFailed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from rules_engine import dossier as bench_dossier  # noqa: E402

ODD = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, width=32), st.text(max_size=4),
                st.lists(st.text(max_size=2), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=1))
COUNTRY = st.one_of(st.sampled_from(["DE", "CN", "VN", "US", "JP", "XX", "de", ""]), ODD)
CURRENCY = st.one_of(st.sampled_from(["USD", "CNY", "EUR", "usd", "ZZZ"]), ODD)
AMOUNT = st.one_of(st.sampled_from(["1.00", "250000.00", " 12.3400 ", "-1", "1e3", "0", "1" * 25, "", "1.123456789012345678901"]), ODD)
ELEMENTS = st.one_of(st.lists(st.sampled_from(["Sm", "Co", "Nd", "Fe", "B", "Xx", "sm"]), max_size=4), ODD)
CATEGORY = st.one_of(st.sampled_from(["rare_earth_permanent_magnet", "rare_earth_metal", "other", "magnet"]), ODD)
HS = st.one_of(st.sampled_from(["850511", "8505", "850511123456", "8505111234567", "85a5", "123"]), ODD)
EXTRA = st.dictionaries(st.sampled_from(["x-note", "owners", "colour", "name2"]), ODD, max_size=2)


def _maybe(draw, d: dict, key: str, strategy) -> None:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return  # absent
    d[key] = None if choice == 1 else draw(strategy)


@st.composite
def parties(draw) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(ODD)
    p: dict = dict(draw(EXTRA))
    _maybe(draw, p, "name", st.one_of(st.text(max_size=6), ODD))
    _maybe(draw, p, "country", COUNTRY)
    _maybe(draw, p, "military", st.one_of(st.booleans(), ODD))
    if draw(st.booleans()):
        p["owners"] = draw(st.one_of(st.just([]), st.just([{"name": "Owner", "country": "CN", "share": "0.60"}]), ODD))
    return p


@st.composite
def products(draw) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(ODD)
    p: dict = dict(draw(st.dictionaries(st.sampled_from(["x-note", "grade"]), ODD, max_size=1)))
    for key, strategy in (("name", st.text(max_size=6)), ("description", st.text(max_size=6)), ("hs_code", HS),
                          ("category", CATEGORY), ("elements", ELEMENTS), ("made_in", COUNTRY)):
        _maybe(draw, p, key, st.one_of(strategy, ODD))
    if draw(st.booleans()):
        money: dict = {}
        _maybe(draw, money, "amount", AMOUNT)
        _maybe(draw, money, "currency", CURRENCY)
        if draw(st.booleans()):
            money["x-src"] = "invoice"
        p["unit_value"] = draw(st.one_of(st.just(money), ODD))
    return p


def _parse(document: dict, one_pass: bool):
    dossier_file.ONE_PASS = one_pass
    try:
        return "ok", parse_dossier(copy.deepcopy(document), check_canonical=False)
    except ValidationFailed as exc:
        return "refused", [(p.where, p.message, p.code) for p in exc.problems]
    finally:
        dossier_file.ONE_PASS = True


@settings(max_examples=700, deadline=None)
@given(products(), parties(), parties(), parties())
def test_one_pass_product_and_parties_are_the_full_readers(product, client, exporter, end_user) -> None:
    document = bench_dossier(3)
    document["product"], document["client"], document["exporter"] = product, client, exporter
    document["shipment"]["end_user"] = end_user
    fast = _parse(document, True)
    full = _parse(document, False)
    assert fast == full
    if fast[0] == "ok":
        assert dossier_to_document(fast[1]) == dossier_to_document(full[1])  # unknown fields kept alike


def test_the_benchmark_dossier_reads_the_same_both_ways() -> None:
    """The 20-line benchmark dossier (benchmarks/rules_engine.py): same Dossier, same snapshot."""
    fast, full = _parse(bench_dossier(20), True), _parse(bench_dossier(20), False)
    assert fast[0] == full[0] == "ok" and fast[1] == full[1]


@pytest.mark.parametrize("owners", [[], None])
def test_an_empty_owners_value_stays_an_unknown_field(owners) -> None:
    """FORMATS.md 0.2 owners[]: a 0.1 document that wrote "owners": [] (or null) keeps it as written (its text and so
    its snapshot hash unchanged)."""
    document = bench_dossier(1)
    document["shipment"]["end_user"]["owners"] = owners
    d = parse_dossier(document)
    assert d.shipment.end_user.owners == ()
    assert d.shipment.end_user.extra == {"owners": owners}
    assert dossier_to_document(d)["shipment"]["end_user"]["owners"] == owners

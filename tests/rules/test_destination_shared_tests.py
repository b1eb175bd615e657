"""The destination ban's four tests, given again to a reading's run, change no byte of a determination.

Issue 13: the three No. 1 of 2026 readings (``no1-located-users``, ``no1-foreign-made``, ``no1-unlisted-items``)
each patch one parameter of the ban (located_users, foreign_made_content, dual_use_only), so the reading's
run must check the ban again — but of its four tests (who, military, item, route; MOFCOM No. 1 of 2026 and
No. 46 of 2024 Art. 1 as reedesk/rules/destination.py reads them) only those that read the patched parameter
can come out differently. ``destination.SHARE_TESTS = False`` runs all four every time; both must give the
same stored bytes for every golden case, sample and benchmark dossier, and nothing may be shared between two
evaluations (a new dossier object) or while item-set answers are traced.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import destination, engine
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document
from tests.rules.test_engine_shortcut import DATES, SAMPLES, _calls, _variants

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from rules_engine import AS_OF, dossier  # noqa: E402


def _both(snapshot: dict, packs: list, as_of: date, **kw) -> tuple[bytes, bytes]:
    shared = canonical_bytes(engine.evaluate(snapshot, packs, as_of, **kw))
    destination.SHARE_TESTS = False
    try:
        plain = canonical_bytes(engine.evaluate(snapshot, packs, as_of, **kw))
    finally:
        destination.SHARE_TESTS = True
    return shared, plain


@pytest.mark.parametrize("chunk", range(4))
def test_shared_tests_give_the_same_bytes_for_every_golden_case(chunk: int) -> None:
    """Every golden determination (readings, screening, licences as the rules tests made them): the attached
    document with the ban's tests given again equals the one with every test run, byte for byte."""
    calls = _calls()
    for n in range(chunk, len(calls), 4):
        i = calls[n]
        shared, plain = _both(i["snapshot"], i["packs"], date.fromisoformat(i["as_of"]), revision=i["revision"],
                              screening=i["screening"], licences=i["licences"])
        assert shared == plain, f"golden call {n} ({i['snapshot'].get('reference')}, {i['as_of']})"


@pytest.mark.parametrize("name", SAMPLES)
def test_shared_tests_give_the_same_bytes_for_every_sample(name: str) -> None:
    """The samples and their Hong Kong / data-gap variants at the shortcut test's dates."""
    packs = shipped_packs()
    for doc in _variants(sample_document(name)):
        for as_of in DATES:
            shared, plain = _both(doc, packs, date.fromisoformat(as_of))
            assert shared == plain, f"{name} ({doc['shipment']['destination']}) as of {as_of}"


def test_a_reading_takes_the_tests_its_parameter_is_not_read_by() -> None:
    """The sharing is taken: in one 20-line evaluation ``_who`` (who the end user is, which located_users
    changes) runs fewer times than the ban is checked, and with sharing off once per check."""
    counted: dict[str, int] = {"check": 0, "who": 0}
    check, who = destination.check, destination._who

    def counting_check(*a, **k):
        counted["check"] += 1
        return check(*a, **k)

    def counting_who(*a, **k):
        counted["who"] += 1
        return who(*a, **k)

    destination._who = counting_who
    engine.CONTROL["destination_ban"] = counting_check
    try:
        engine.evaluate(dossier(20), shipped_packs(), AS_OF)
        shared = dict(counted)
        counted.update(check=0, who=0)
        destination.SHARE_TESTS = False
        engine.evaluate(dossier(20), shipped_packs(), AS_OF)
    finally:
        destination.SHARE_TESTS = True
        destination._who = who
        engine.CONTROL["destination_ban"] = check
    assert shared["check"] == counted["check"] > 3
    assert counted["who"] == counted["check"]
    assert shared["who"] < shared["check"]


def test_nothing_is_shared_between_two_evaluations() -> None:
    """A dossier changed between two evaluations (here: the end user made military, which the who/military tests
    read) is checked again: the second determination is the one a fresh process makes."""
    doc = dossier(20)
    doc["shipment"]["destination"] = "JP"
    doc["shipment"]["end_user"] = {"name": "JSDF depot", "country": "JP"}
    packs = shipped_packs()
    engine.evaluate(doc, packs, AS_OF)
    changed = json.loads(json.dumps(doc))
    changed["shipment"]["end_use"] = {"category": "military", "description": "defence"}
    first = canonical_bytes(engine.evaluate(changed, packs, AS_OF))
    destination.SHARE_TESTS = False
    try:
        plain = canonical_bytes(engine.evaluate(changed, packs, AS_OF))
    finally:
        destination.SHARE_TESTS = True
    assert first == plain
    assert first != canonical_bytes(engine.evaluate(doc, packs, AS_OF))

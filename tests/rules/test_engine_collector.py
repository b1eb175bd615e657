"""An evaluation pauses Python's cyclic garbage collector and leaves it as it found it.

Issue 13 (evaluation ≤ 20× the bare rule loop): the findings an evaluation builds all stay alive until its
document is made, so the young collections they set off free nothing (~0.2 ms of a ~2.2 ms evaluation).
``reedesk.rules.engine.evaluate`` turns the collector off for its duration. The collector's switch is
process-wide: these tests check that an evaluation that fails, evaluations nested or running in parallel
threads (GUI workers, ``evaluate --all``), and an evaluation started while the collector is off all leave it
in the state it was in before the first of them began — and that no collection runs inside an evaluation.
"""

from __future__ import annotations

import gc
import threading
from datetime import date

import pytest

from reedesk import collector
from reedesk.errors import ValidationFailed
from reedesk.rules import engine
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document

AS_OF = date(2026, 11, 25)


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_no_collection_runs_inside_an_evaluation_and_the_collector_is_back_on(collector_on) -> None:
    """With a young-generation threshold of 1 every allocation would collect; inside evaluate none does."""
    packs = shipped_packs()
    doc = sample_document("smco-magnet-vietnam")
    engine.evaluate(doc, packs, AS_OF)  # warm the pack caches
    seen: list[str] = []
    inside = [False]

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append("inside" if inside[0] else "outside")

    real = engine._evaluate

    def marked(*a, **k):
        inside[0] = True
        try:
            assert not gc.isenabled()
            return real(*a, **k)
        finally:
            inside[0] = False

    old = gc.get_threshold()
    gc.callbacks.append(watch)
    engine._evaluate = marked
    try:
        gc.set_threshold(1)
        result = engine.evaluate(doc, packs, AS_OF)
        gc.collect(0)
    finally:
        gc.set_threshold(*old)
        engine._evaluate = real
        gc.callbacks.remove(watch)
    assert result["outcome"] == engine.evaluate(doc, packs, AS_OF)["outcome"]
    assert "inside" not in seen and "outside" in seen
    assert gc.isenabled()


def test_a_failing_evaluation_turns_the_collector_back_on(collector_on) -> None:
    """A malformed snapshot raises ValidationFailed (FORMATS.md dossier section) and the collector is on again."""
    with pytest.raises(ValidationFailed):
        engine.evaluate({"format": "reedesk.dossier/1"}, shipped_packs(), AS_OF)
    assert gc.isenabled()
    assert collector.running() == 0


def test_an_evaluation_leaves_a_collector_that_was_off_off() -> None:
    """A caller that turned the collector off itself keeps it off after an evaluation."""
    was = gc.isenabled()
    gc.disable()
    try:
        engine.evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), AS_OF)
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_parallel_evaluations_keep_it_off_until_the_last_ends(collector_on) -> None:
    """Two threads evaluating at once: the collector is off while either runs and on once both are done."""
    packs = shipped_packs()
    doc = sample_document("ndfeb-magnet-chinese-technology")
    expected = engine.evaluate(doc, packs, AS_OF)
    first_inside = threading.Event()
    release = threading.Event()
    states: list[bool] = []
    real = engine._evaluate

    def held(*a, **k):
        if threading.current_thread().name == "slow":
            first_inside.set()
            release.wait(30)
        result = real(*a, **k)
        states.append(gc.isenabled())
        return result

    results: list[dict] = []
    engine._evaluate = held
    try:
        slow = threading.Thread(target=lambda: results.append(engine.evaluate(doc, packs, AS_OF)), name="slow")
        slow.start()
        assert first_inside.wait(30)
        fast = threading.Thread(target=lambda: results.append(engine.evaluate(doc, packs, AS_OF)), name="fast")
        fast.start()
        fast.join(30)
        assert not gc.isenabled()  # the fast one ended; the slow one still runs
        release.set()
        slow.join(30)
    finally:
        engine._evaluate = real
        release.set()
    assert states == [False, False]
    assert gc.isenabled() and collector.running() == 0
    assert results == [expected, expected]

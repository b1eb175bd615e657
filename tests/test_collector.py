"""One pause of the cyclic collector for evaluations, exports and audit checks (reedesk.collector, issue 13).

Each of the three used to keep its own count: overlapping work of two kinds turned the collector back on
while the other still ran (an audit check's pause ended by an evaluation that began inside it)."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from reedesk import collector
from reedesk.audit.verify import collector_paused as audit_paused
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.services.evidence import collector_paused as export_paused
from tests.rules.builders import component, magnet


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_overlapping_export_and_audit_check_end_on_the_last(collector_on) -> None:
    """Begun as export, audit; ended as export, audit: off until the audit check ends, then on again."""
    export = export_paused()
    audit = audit_paused()
    export.__enter__()
    audit.__enter__()
    export.__exit__(None, None, None)  # the export ends first: the audit check still runs
    assert not gc.isenabled() and collector.running() == 1
    audit.__exit__(None, None, None)
    assert gc.isenabled() and collector.running() == 0


def test_an_evaluation_inside_an_audit_check_keeps_it_paused(collector_on) -> None:
    """A real evaluation inside an audit check's pause does not turn the collector on under it."""
    with audit_paused():
        evaluate(magnet(component("L1", "10.00")), shipped_packs(), date(2026, 11, 25))
        assert not gc.isenabled()
    assert gc.isenabled() and collector.running() == 0


def test_a_collector_the_caller_turned_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with export_paused():
            with audit_paused():
                pass
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()

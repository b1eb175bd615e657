"""The screening record in the dossier (reedesk/screening/record.py): built by the service, read by the rule."""

from __future__ import annotations

import copy

import pytest

from reedesk.screening.lists import shipped_lists
from reedesk.screening.matching import screen_name
from reedesk.screening.record import ScreeningRecord, build_record, read_record


def _record() -> dict:
    lists = shipped_lists()
    return build_record("Lockheed Martin", screen_name("Lockheed Martin", lists), lists, "88", "2026-11-25T09:00:00.000000Z", "me",
                        {1: {"decision": "confirmed", "reason": "same", "decided_by": "me", "decided_at": "2026-11-25T09:01:00.000000Z"}})


def test_built_record_reads_back() -> None:
    record = read_record(_record())
    assert isinstance(record, ScreeningRecord)
    assert [(h.n, h.list_kind, h.decision) for h in record.hits] == [
        (1, "control_list", "confirmed"), (2, "unreliable_entity_list", None), (3, "unreliable_entity_list", None)]
    assert record.list_ids == ("cn-mofcom-control-list", "cn-mofcom-unreliable-entity-list", "cn-mofcom-watch-list")


def test_record_holds_no_floats() -> None:
    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        else:
            assert not isinstance(v, float)
    walk(_record())


@pytest.mark.parametrize("change, message", [
    (lambda r: r.pop("name"), "screening.name"),
    (lambda r: r.update(hits="x"), "hits must be an array"),
    (lambda r: r["hits"][0].update(list_kind="blacklist"), "list_kind 'blacklist'"),
    (lambda r: r["hits"][0].update(reason=""), "reason must say why"),
    (lambda r: r["hits"][1].update(decision="perhaps"), "decision 'perhaps'"),
    (lambda r: r.update(lists=[1]), "lists must be an array"),
])
def test_malformed_records_are_named(change, message) -> None:
    r = copy.deepcopy(_record())
    change(r)
    problem = read_record(r)
    assert isinstance(problem, str) and message in problem


def test_a_non_object_is_named() -> None:
    assert read_record([1]) == "shipment.end_user.screening must be an object"

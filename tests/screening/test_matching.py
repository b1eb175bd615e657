"""Fuzzy matching and its threshold (reedesk/screening/matching.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reedesk.errors import ReedeskError
from reedesk.screening.lists import parse_list_document, shipped_lists
from reedesk.screening.matching import DEFAULT_THRESHOLD, score, screen_name


def _list(*names: str, kind: str = "control_list"):
    return parse_list_document({
        "schema": "reedesk.screeninglist/1",
        "list": {"id": "test-list", "kind": kind, "name_en": "Test list", "authority": "test", "version_date": "2026-01-01"},
        "entries": [{"name": n, "announcement": "Test No. 1", "listed_on": "2026-01-01"} for n in names],
    }, "test")


def test_score_is_a_one_decimal_decimal() -> None:
    s = score("Echodyne Corp", "Echodyn")
    assert s == Decimal("93.3") and isinstance(s, Decimal)


def test_threshold_boundary_is_inclusive_and_exact() -> None:
    lst = _list("Echodyn")
    s = score("Echodyne Corp", "Echodyn")
    assert [h.score for h in screen_name("Echodyne Corp", [lst], s)] == [s]
    assert screen_name("Echodyne Corp", [lst], s + Decimal("0.1")) == []


def test_default_threshold_separates_near_and_far_names() -> None:
    lists = shipped_lists()
    assert DEFAULT_THRESHOLD == Decimal("88")
    assert screen_name("Rhein Antriebe GmbH", lists) == []
    assert screen_name("General Electric Company", lists) == []
    hits = screen_name("Kratos Unmanned Aerial Systems Inc", lists)
    assert [(h.list_id, h.entry_name, h.score) for h in hits] == [
        ("cn-mofcom-control-list", "Kratos Unmanned Aerial Systems, Inc.", Decimal("100.0"))]


def test_hits_carry_list_entry_score_source_and_match_any_spelling() -> None:
    hits = screen_name("斯巴鲁株式会社", shipped_lists())
    assert len(hits) == 1
    h = hits[0]
    assert (h.list_id, h.list_kind, h.entry_name, h.matched_name) == ("cn-mofcom-watch-list", "watch_list", "SUBARU Corporation", "斯巴鲁株式会社")
    assert "MOFCOM Announcement No. 12 of 2026" in h.source and "2026-02-24" in h.source
    assert h.verified is False


def test_hits_are_ordered_by_score_then_list_then_entry() -> None:
    hits = screen_name("Lockheed Martin", shipped_lists())
    assert [h.list_id for h in hits] == ["cn-mofcom-control-list", "cn-mofcom-unreliable-entity-list", "cn-mofcom-unreliable-entity-list"]
    assert hits == sorted(hits, key=lambda h: (-h.score, h.list_id, h.entry_id))


@pytest.mark.parametrize("bad", ["0", "101", "abc", "NaN"])
def test_a_bad_threshold_is_named(bad: str) -> None:
    with pytest.raises(ReedeskError, match="threshold"):
        screen_name("Echodyne", [_list("Echodyne")], bad)


def test_a_name_with_nothing_to_screen_is_refused() -> None:
    with pytest.raises(ReedeskError, match="nothing to screen"):
        screen_name("Ltd.", [_list("Echodyne")])


@pytest.mark.parametrize("name", ["Lockheed Martin Corp.", "Mitsubishi Heavy Industries", "Boeing Defence Space Security",
                                  "Insitu Incorporated", "IHI Aero", "Echodyne Corp", "Subaru"])
@pytest.mark.parametrize("threshold", ["70", "88", "95.5"])
def test_prefiltered_screening_equals_scoring_every_spelling(name: str, threshold: str) -> None:
    """screen_name pre-filters with rapidfuzz; the result must equal scoring each spelling one by one."""
    lists = shipped_lists()
    limit = Decimal(threshold)
    expected = set()
    for lst in lists:
        for e in lst.entries:
            scores = [score(name, n) for n in e.names]
            best = max(scores)
            if best >= limit:
                expected.add((lst.id, e.id, best, e.names[scores.index(best)]))
    got = {(h.list_id, h.entry_id, h.score, h.matched_name) for h in screen_name(name, lists, threshold)}
    assert got == expected

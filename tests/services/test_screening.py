"""Screening use cases (reedesk/services/screening.py) on a real desk."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from reedesk.domain.dossier_file import canonical_bytes, parse_dossier, parse_dossier_json
from reedesk.errors import ReedeskError
from reedesk.services import evaluation, screening
from reedesk.services.dossiers import load_dossier, save_dossier
from reedesk.store.models import AuditEventRow
from tests.conftest import sample_document

AS_OF = date(2026, 11, 25)


@pytest.fixture
def listed(empty_desk):
    """A desk holding the smco sample whose end user is on the control list."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["shipment"]["end_user"]["name"] = "Lockheed Martin Corp."
    save_dossier(empty_desk, parse_dossier(doc))
    return empty_desk


def _evaluate(desk):
    return evaluation.evaluate_reference(desk, "LM-2026-0042", AS_OF)


def test_screen_dossier_finds_hits_and_changes_nothing(listed) -> None:
    result = screening.screen_dossier(listed, "LM-2026-0042")
    assert [(h.n, h.hit.list_id, h.hit.entry_name) for h in result.hits][:1] == [(1, "cn-mofcom-control-list", "Lockheed Martin Corporation")]
    assert all(h.decision is None for h in result.hits) and result.revision == 1
    assert load_dossier(listed, "LM-2026-0042").latest_revision == 1


def test_confirm_records_a_revision_with_reason_and_audit_and_gives_denial(listed) -> None:
    saved = screening.record_screening(listed, "LM-2026-0042", [screening.Decision(1, "confirmed", "same firm (Bethesda, MD)")])
    assert saved.revision == 2 and saved.changed
    user = load_dossier(listed, "LM-2026-0042").dossier.shipment.end_user
    record = user.extra["screening"]
    assert record["name"] == "Lockheed Martin Corp." and record["threshold"] == "88"
    assert {x["id"] for x in record["lists"]} == {"cn-mofcom-control-list", "cn-mofcom-watch-list", "cn-mofcom-unreliable-entity-list"}
    first = record["hits"][0]
    assert (first["decision"], first["reason"], first["decided_by"]) == ("confirmed", "same firm (Bethesda, MD)", "test-user")
    assert record["hits"][1]["decision"] is None
    with listed.db.unit_of_work() as session:
        events = session.exec(select(AuditEventRow).where(AuditEventRow.action == "screening")).all()
        assert len(events) == 1 and events[0].dossier_reference == "LM-2026-0042"
        assert "confirmed" in events[0].after
    assert _evaluate(listed).outcome == "license_required_presumption_of_denial"


def test_decisions_accumulate_one_hit_at_a_time(listed) -> None:
    screening.record_screening(listed, "LM-2026-0042", [screening.Decision(2, "cleared", "UEL: not III")])
    screening.record_screening(listed, "LM-2026-0042", [screening.Decision(1, "cleared", "different company")])
    result = screening.screen_dossier(listed, "LM-2026-0042")
    assert [h.decision for h in result.hits] == ["cleared", "cleared", None]
    assert _evaluate(listed).outcome == "license_required"


def test_recorded_but_undecided_control_list_hit_is_insufficient_data(listed) -> None:
    screening.record_screening(listed, "LM-2026-0042")
    det = _evaluate(listed)
    assert det.outcome == "insufficient_data"
    assert det.document["missing"][0]["field"] == "shipment.end_user.screening"


def test_an_unscreened_listed_end_user_is_insufficient_data(listed) -> None:
    """Issue 9 point 5 / RULES.md second review ("Parties"): evaluation always screens; an end user matching a list
    entry in force with no recorded decision cannot come out better than insufficient data (0.1.0: licence required)."""
    det = _evaluate(listed)
    assert det.outcome == "insufficient_data"
    assert "shipment.end_user.screening" in [m["field"] for m in det.document["missing"]]
    assert det.document["screening"]["parties"][0]["hits"][0]["entry_name"] == "Lockheed Martin Corporation"


def test_determination_reproduces_from_its_snapshot(listed) -> None:
    screening.record_screening(listed, "LM-2026-0042", [screening.Decision(1, "confirmed", "same firm")])
    det = _evaluate(listed)
    assert det.outcome == "license_required_presumption_of_denial"
    assert evaluation.reproduces(det.document, [p.source_text for p in evaluation.active_packs(listed)])


def test_screening_object_round_trips_in_the_dossier_file(listed) -> None:
    screening.record_screening(listed, "LM-2026-0042", [screening.Decision(1, "confirmed", "same firm")])
    from reedesk.domain.dossier_file import dossier_to_document

    doc = dossier_to_document(load_dossier(listed, "LM-2026-0042").dossier)
    text = json.dumps(doc, ensure_ascii=False)
    back = dossier_to_document(parse_dossier_json(text))
    assert canonical_bytes(back) == canonical_bytes(doc)
    assert back["shipment"]["end_user"]["screening"]["hits"][0]["decision"] == "confirmed"


@pytest.mark.parametrize("decision, message", [
    (screening.Decision(9, "confirmed", "x"), "Hit 9 does not exist"),
    (screening.Decision(1, "confirmed", "  "), "needs a reason"),
    (screening.Decision(1, "maybe", "x"), "must be confirmed or cleared"),
])
def test_bad_decisions_are_refused_and_nothing_is_written(listed, decision, message) -> None:
    with pytest.raises(ReedeskError, match=message):
        screening.record_screening(listed, "LM-2026-0042", [decision])
    assert load_dossier(listed, "LM-2026-0042").latest_revision == 1


def test_no_end_user_name_is_a_clear_error(empty_desk) -> None:
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["shipment"]["end_user"] = None
    save_dossier(empty_desk, parse_dossier(doc))
    with pytest.raises(ReedeskError, match=r"names no end user, so there is nothing to screen") as refused:
        screening.screen_dossier(empty_desk, "LM-2026-0042")
    from reedesk.vocabulary import error_text

    assert error_text(refused.value, "zh-Hant") == "卷宗 LM-2026-0042 未填寫最終用戶，因此沒有可篩查的對象。"
    assert error_text(refused.value, "zh-Hans") == "卷宗 LM-2026-0042 未填写最终用户，因此没有可筛查的对象。"


def test_import_csv_list_is_used_and_audited(listed, tmp_path: Path) -> None:
    path = tmp_path / "my partners.csv"
    path.write_text("name,country,announcement\nRhein Antriebe GmbH,DE,internal watch 2026-1\n", encoding="utf-8")
    lst = screening.import_list(listed, path, kind="watch_list", name="Internal watch")
    assert lst.id == "my-partners" and lst.source == "imported"
    assert "my-partners" in {x.id for x in screening.available_lists(listed)}
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "RA-1"
    save_dossier(listed, parse_dossier(doc))
    hits = screening.screen_dossier(listed, "RA-1").hits
    assert [(h.hit.list_id, h.hit.list_kind) for h in hits] == [("my-partners", "watch_list")]
    with listed.db.unit_of_work() as session:
        assert session.exec(select(AuditEventRow).where(AuditEventRow.entity_type == "screening_list")).first() is not None


def test_import_refuses_shipped_ids_and_unknown_types(listed, tmp_path: Path) -> None:
    from reedesk.resources import resource

    with pytest.raises(ReedeskError, match="is a shipped list"):
        screening.import_list(listed, resource("screening") / "cn-mofcom-watch-list.toml")
    other = tmp_path / "list.xlsx"
    other.write_bytes(b"x")
    with pytest.raises(ReedeskError, match=r"must be a \.toml, \.json or \.csv file"):
        screening.import_list(listed, other)
    with pytest.raises(ReedeskError, match="no such file"):
        screening.import_list(listed, tmp_path / "missing.csv")

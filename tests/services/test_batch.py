"""Portfolio re-evaluation (reedesk/services/batch.py) on real desks.

The batch path must store, for every dossier, exactly what ``evaluate_reference`` stores
(same canonical document, SHA-256, outcome note and audit record), because a consultant
signs and exports those determinations as if each had been evaluated on its own.
Legal basis of the outcomes compared: the shipped rule packs (MOFCOM/GAC Announcements
No. 18 and 61 of 2025 with No. 70's suspension), evaluated by the one engine.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from sqlmodel import select

from reedesk.audit.verify import verify_chain
from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import NotFound
from reedesk.paths import database_path
from reedesk.services import batch, evaluation
from reedesk.services.desk import open_desk
from reedesk.services.dossiers import list_dossiers, save_dossier
from reedesk.store.models import AuditEventRow, DeterminationRow, DossierRow
from tests.conftest import sample_document

AS_OF = date(2026, 11, 25)


def _stored(desk) -> dict[str, tuple[str, str, str, str | None]]:
    """reference -> (outcome, sha256, document, noted outcome) of every stored determination."""
    with desk.db.unit_of_work() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT d.reference, t.outcome, t.sha256, t.document, d.last_outcome FROM determination t "
            "JOIN dossier_revision r ON r.id = t.revision_id JOIN dossier d ON d.id = r.dossier_id").all()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _evaluate_events(desk) -> list[dict]:
    with desk.db.unit_of_work() as session:
        events = session.exec(select(AuditEventRow).where(AuditEventRow.action == "evaluate").order_by(AuditEventRow.seq)).all()
    out = []
    for e in events:
        after = json.loads(e.after)
        after.pop("determination_id")
        out.append({"reference": e.dossier_reference, "entity_type": e.entity_type, "after": after})
    return sorted(out, key=lambda e: e["reference"])


def test_batch_results_equal_single_dossier_evaluations(desk, tmp_path) -> None:
    """Same samples in two desks: evaluate_all in one, evaluate_reference per dossier in the other."""
    other = open_desk(tmp_path / "single")
    try:
        references = [s.reference for s in list_dossiers(other)]
        assert len(references) >= 4
        for reference in references:
            evaluation.evaluate_reference(other, reference, AS_OF)
        result = batch.evaluate_all(desk, AS_OF)
        assert result.total == len(references) and not result.failures and not result.cancelled
        assert result.stored == len(references)
        assert _stored(desk) == _stored(other)
        assert _evaluate_events(desk) == _evaluate_events(other)
        assert {i.reference: i.outcome for i in result.items} == {r: v[0] for r, v in _stored(other).items()}
        assert verify_chain(desk).ok
    finally:
        other.close()


def test_a_second_run_stores_nothing_new_and_progress_counts_every_dossier(desk) -> None:
    calls: list[tuple[int, int]] = []
    first = batch.evaluate_all(desk, AS_OF, progress=lambda done, total: calls.append((done, total)), batch_size=3)
    total = first.total
    assert calls[0] == (0, total) and calls[-1] == (total, total) and len(calls) == 1 + -(-total // 3)
    with desk.db.unit_of_work() as session:
        events_before = len(session.exec(select(AuditEventRow)).all())
    again = batch.evaluate_all(desk, AS_OF)
    assert again.stored == 0 and len(again.items) == total
    assert {i.determination_id for i in again.items} == {i.determination_id for i in first.items}
    with desk.db.unit_of_work() as session:
        assert len(session.exec(select(AuditEventRow)).all()) == events_before


def test_what_if_revisions_are_not_the_portfolio(desk) -> None:
    """A scenario revision beside the real one: the real (current) revision is evaluated, never the what-if."""
    doc = sample_document("smco-magnet-vietnam")
    doc["components"][0]["value"]["amount"] = "0.01"
    doc["scenario"] = True
    save_dossier(desk, parse_dossier(doc))
    result = batch.evaluate_all(desk, AS_OF)
    item = next(i for i in result.items if i.reference == "LM-2026-0042")
    single = evaluation.evaluate_reference(desk, "LM-2026-0042", AS_OF)
    assert item.revision == single.revision == 1
    assert item.sha256 == single.sha256 and item.outcome == single.outcome == "license_required"
    assert [d.revision for d in evaluation.list_determinations(desk, "LM-2026-0042")] == [1]


def test_a_what_if_left_as_current_revision_is_passed_over(desk) -> None:
    """Older data whose current revision is a what-if: the newest real revision is evaluated and the note left alone."""
    doc = sample_document("smco-magnet-vietnam")
    doc["components"][0]["value"]["amount"] = "0.01"
    doc["scenario"] = True
    save_dossier(desk, parse_dossier(doc))
    with sqlite3.connect(database_path(desk.home)) as con:
        con.execute("UPDATE dossier SET current_revision = 2 WHERE reference = 'LM-2026-0042'")
    result = batch.evaluate_all(desk, AS_OF)
    item = next(i for i in result.items if i.reference == "LM-2026-0042")
    assert item.revision == 1 and item.outcome == "license_required"
    with desk.db.unit_of_work() as session:
        row = session.exec(select(DossierRow).where(DossierRow.reference == "LM-2026-0042")).one()
        assert row.last_outcome is None  # revision 1 is not the current one: its outcome is not the dossier's


def test_client_filter_and_unknown_client(desk) -> None:
    clients = {s.client_name for s in list_dossiers(desk)}
    client = sorted(clients)[0]
    result = batch.evaluate_all(desk, AS_OF, client=client, store=False)
    expected = {s.reference for s in list_dossiers(desk) if s.client_name == client}
    assert {i.reference for i in result.items} == expected and result.stored == 0
    assert _stored(desk) == {}
    with pytest.raises(NotFound, match="No client is named 'Nobody Ltd'"):
        batch.evaluate_all(desk, AS_OF, client="Nobody Ltd")


def alter_revision_outside_reedesk(desk, reference: str = "LM-2026-0042") -> None:
    """The attack: edit a stored revision's text in the SQLite file (dropping the guard trigger first), so it no
    longer matches its recorded SHA-256 (also tests/cli/test_evaluate_all_cli.py)."""
    with sqlite3.connect(database_path(desk.home)) as con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='dossier_revision'"
                                   " AND sql LIKE '%UPDATE%'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        con.execute("UPDATE dossier_revision SET document = replace(document, '\"VN\"', '\"JP\"') "
                    "WHERE dossier_id = (SELECT id FROM dossier WHERE reference = ?)", (reference,))


def test_a_revision_altered_outside_reedesk_is_reported_and_the_rest_evaluated(desk) -> None:
    """The attack: edit a stored revision's text in the SQLite file (dropping the guard trigger first)."""
    alter_revision_outside_reedesk(desk)
    result = batch.evaluate_all(desk, AS_OF)
    assert [ref for ref, _ in result.failures] == ["LM-2026-0042"]
    assert "altered outside reedesk" in result.failures[0][1]
    assert "LM-2026-0042" not in _stored(desk) and len(_stored(desk)) == result.total - 1


def test_a_bug_on_one_dossier_is_its_failure_and_the_rest_are_stored(desk, monkeypatch) -> None:
    """Session 14's bug hunt (F1): a dossier the engine raised on (decimal.InvalidOperation) ended `evaluate --all`
    for the whole desk, nothing stored. Fault injection (the engine itself has no known failure left): the real
    engine, made to raise for one reference; that dossier is reported as a reedesk bug, every other one is stored."""
    real = batch.evaluate

    def failing(snapshot, *args, **kwargs):
        if snapshot.get("reference") == "LM-2026-0042":
            raise ArithmeticError("[<class 'decimal.InvalidOperation'>]")
        return real(snapshot, *args, **kwargs)

    monkeypatch.setattr(batch, "evaluate", failing)
    result = batch.evaluate_all(desk, AS_OF)
    assert [ref for ref, _ in result.failures] == ["LM-2026-0042"]
    message = result.failures[0][1]
    assert "ArithmeticError" in message and "a bug in reedesk" in message and "other dossiers were evaluated" in message
    stored = _stored(desk)
    assert "LM-2026-0042" not in stored and len(stored) == result.total - 1 > 0


def test_cancel_keeps_whole_batches_only(desk) -> None:
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # let the first batch through, then cancel

    result = batch.evaluate_all(desk, AS_OF, batch_size=1, is_cancelled=cancelled)
    assert result.cancelled and len(result.items) == 1
    assert len(_stored(desk)) == 1
    with desk.db.unit_of_work() as session:
        assert len(session.exec(select(DeterminationRow)).all()) == 1
        assert len(session.exec(select(AuditEventRow).where(AuditEventRow.action == "evaluate")).all()) == 1


def test_two_worker_processes_give_the_same_determinations(desk, tmp_path) -> None:
    other = open_desk(tmp_path / "serial")
    try:
        parallel = batch.evaluate_all(desk, AS_OF, workers=2, batch_size=1)
        serial = batch.evaluate_all(other, AS_OF, workers=1)
        assert [(i.reference, i.sha256) for i in parallel.items] == [(i.reference, i.sha256) for i in serial.items]
        assert _stored(desk) == _stored(other)
    finally:
        other.close()

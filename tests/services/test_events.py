"""Desk changes (C3, issue 14): services say what they changed once it is stored, never before, never for a rollback."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from sqlalchemy import text

from reedesk.services import dossiers, events
from reedesk.services.events import DeskChange, UnknownChangeKind, change_from_events
from reedesk.services.samples import sample_dossiers


def _edited(dossier, suffix: str):
    product = dataclasses.replace(dossier.product, description=(dossier.product.description or "") + suffix)
    return dataclasses.replace(dossier, product=product)


@pytest.fixture
def heard():
    """Every change published while the test runs, with the thread it was published on."""
    changes: list[tuple[DeskChange, str]] = []
    unsubscribe = events.subscribe(lambda change: changes.append((change, threading.current_thread().name)))
    yield changes
    unsubscribe()


def test_saving_a_dossier_publishes_a_dossier_change_naming_it_after_the_commit(empty_desk, heard):
    sample = sample_dossiers()[0]
    seen_in_database: list[int] = []

    def look(change: DeskChange) -> None:  # a subscriber sees the stored revision: the commit has happened
        seen_in_database.append(dossiers.load_dossier(empty_desk, sample.reference).revision)

    unsubscribe = events.subscribe(look)
    try:
        dossiers.save_dossier(empty_desk, sample)
    finally:
        unsubscribe()
    assert [c for c, _ in heard] == [DeskChange(frozenset({"dossier"}), (sample.reference,), "local")]
    assert seen_in_database == [1]


def test_an_import_of_several_dossiers_is_one_change_naming_each(empty_desk, heard):
    batch = sample_dossiers()[:3]
    dossiers.import_dossiers(empty_desk, batch, source="samples")
    assert len(heard) == 1
    change = heard[0][0]
    assert change.kinds == {"dossier"}
    assert change.references == tuple(d.reference for d in batch)


def test_a_rolled_back_unit_of_work_publishes_nothing(empty_desk, heard):
    with pytest.raises(RuntimeError):
        with empty_desk.db.unit_of_work() as session:
            dossiers.save_in_session(session, sample_dossiers()[0])
            raise RuntimeError("abandon")
    assert heard == []
    with empty_desk.db.read() as session:  # and indeed nothing was stored
        assert session.connection().execute(text("SELECT count(*) FROM dossier")).scalar_one() == 0


def test_a_refused_save_publishes_nothing(empty_desk, heard):
    """A conflicting save (issue 12 point 7) is refused; no view may refresh for it."""
    sample = sample_dossiers()[0]
    dossiers.save_dossier(empty_desk, sample)
    heard.clear()
    changed = _edited(sample, " (edited)")
    dossiers.save_dossier(empty_desk, changed, base_revision=1)
    assert len(heard) == 1
    again = _edited(sample, " (edited elsewhere)")
    with pytest.raises(dossiers.DossierConflict):
        dossiers.save_dossier(empty_desk, again, base_revision=1)
    assert len(heard) == 1


def test_archiving_and_deleting_name_the_dossier(empty_desk, heard):
    sample = sample_dossiers()[0]
    dossiers.save_dossier(empty_desk, sample)
    dossiers.set_archived(empty_desk, sample.reference, True)
    dossiers.delete_dossier(empty_desk, sample.reference)
    assert [c.kinds for c, _ in heard][1:] == [{"dossier"}, {"dossier", "determination"}]
    assert all(c.references == (sample.reference,) for c, _ in heard)


def test_a_failing_subscriber_neither_fails_the_save_nor_silences_the_others(empty_desk, heard):
    def broken(change: DeskChange) -> None:
        raise ValueError("a view that cannot refresh")

    unsubscribe = events.subscribe(broken)
    try:
        result = dossiers.save_dossier(empty_desk, sample_dossiers()[0])
    finally:
        unsubscribe()
    assert result.revision == 1
    assert len(heard) == 1


def test_a_change_made_on_a_worker_thread_is_published_on_that_thread(empty_desk, heard):
    worker = threading.Thread(target=dossiers.save_dossier, args=(empty_desk, sample_dossiers()[0]), name="worker-1")
    worker.start()
    worker.join(30)
    assert [name for _, name in heard] == ["worker-1"]


def test_unsubscribed_callbacks_hear_nothing_more(empty_desk):
    got: list[DeskChange] = []
    unsubscribe = events.subscribe(got.append)
    events.publish(DeskChange(frozenset({"lists"})))
    unsubscribe()
    unsubscribe()  # twice is harmless
    events.publish(DeskChange(frozenset({"lists"})))
    assert len(got) == 1


def test_unknown_kinds_and_origins_are_refused():
    with pytest.raises(UnknownChangeKind, match="dossiers"):
        DeskChange(frozenset({"dossiers"}))
    with pytest.raises(UnknownChangeKind, match="elsewhere"):
        DeskChange(frozenset({"dossier"}), origin="elsewhere")  # type: ignore[arg-type]


def test_merging_keeps_the_references_unless_one_change_means_any_dossier():
    a = DeskChange(frozenset({"dossier"}), ("LM-1",))
    b = DeskChange(frozenset({"determination"}), ("LM-2", "LM-1"))
    assert a.merged(b) == DeskChange(frozenset({"dossier", "determination"}), ("LM-1", "LM-2"))
    anything = DeskChange(frozenset({"dossier"}))
    assert a.merged(anything).references == ()
    assert a.merged(anything).concerns("LM-9")
    assert not a.concerns("LM-9") and a.concerns("LM-1")
    assert a.merged(DeskChange(frozenset({"lists"}), origin="remote")).origin == "remote"
    assert DeskChange(frozenset({"desk"})).names("licences")


def test_the_audit_trail_of_a_commit_says_what_it_changed(empty_desk):
    """Other people's commits (team desk) are known by their audit events: read back the real ones."""
    dossiers.import_dossiers(empty_desk, sample_dossiers()[:2], source="samples")
    with empty_desk.db.read() as session:
        rows = session.connection().execute(
            text("SELECT seq, entity_type, entity_id, dossier_reference FROM audit_event ORDER BY seq")).mappings().all()
    change = change_from_events(rows)
    assert change is not None and change.origin == "remote"
    assert "dossier" in change.kinds
    assert set(change.references) == {d.reference for d in sample_dossiers()[:2]}
    assert change_from_events([{"entity_type": "desk_key", "entity_id": "k", "dossier_reference": None}]) is None
    assert change_from_events([{"entity_type": "something_new", "entity_id": "x", "dossier_reference": None}]).kinds == {"desk"}

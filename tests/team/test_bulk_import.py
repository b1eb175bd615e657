"""A batch of new dossiers is written in bulk, and stores exactly what saving them one by one stores
(issue 12, "Done when": single-writer import speed on PostgreSQL), on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from reedesk.domain.dossier_file import parse_dossier_json
from reedesk.services import audit, dossiers
from reedesk.services.bulk_import import import_new_dossiers
from reedesk.services.samples import sample_dossiers, sample_files

_EVENT = "SELECT seq, actor, action, entity_type, entity_id, dossier_reference, before, after, reason FROM audit_event ORDER BY seq"
_ROWS = (
    "SELECT d.reference, c.name, c.country, d.product_name, d.current_revision, d.archived, d.signed, "
    "r.number, r.document, r.sha256, r.created_by, r.reason FROM dossier d JOIN client c ON c.id = d.client_id "
    "JOIN dossier_revision r ON r.dossier_id = d.id ORDER BY d.reference"
)


def _batch() -> list:
    base = json.loads(sample_files()[0].read_text(encoding="utf-8"))
    out = list(sample_dossiers())
    for n in range(6):  # three clients shared by several dossiers, two of them new
        base["reference"] = f"BULK-{n}"
        base["client"] = {"name": f"Bulk Client {n % 3}", "country": "JP"}
        out.append(parse_dossier_json(json.dumps(base).encode(), f"bulk-{n}.json"))
    return out


def _stored(desk) -> tuple[list, list]:
    with desk.db.read() as session:
        connection = session.connection()
        events = [tuple(r) for r in connection.execute(sa.text(_EVENT))]
        rows = [tuple(r) for r in connection.execute(sa.text(_ROWS))]
    return events, rows


@pytest.fixture(params=["sqlite", "postgresql"])
def two_desks(request, tmp_path, monkeypatch):
    """Two empty desks of the same kind: one for the bulk path, one for the one-by-one path."""
    from reedesk.services.desk import open_desk

    if request.param == "postgresql":
        server = request.getfixturevalue("pg_server")
        urls = [server.url(server.new_database()) for _ in range(2)]
    else:
        urls = [None, None]
    opened = []
    for n, url in enumerate(urls):
        if url:
            monkeypatch.setenv("REEDESK_DATABASE_URL", url)
        else:
            monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
        opened.append(open_desk(tmp_path / f"home{n}", seed_samples=False))
    yield opened
    for desk in opened:
        desk.close()


def test_bulk_import_stores_what_one_by_one_saving_stores(two_desks):
    bulk_desk, single_desk = two_desks
    with single_desk.db.unit_of_work() as session:  # first, one client both desks already know
        dossiers.save_in_session(session, _batch()[0], reason="first", action="import")
    with bulk_desk.db.unit_of_work() as session:
        dossiers.save_in_session(session, _batch()[0], reason="first", action="import")
    batch = _batch()[1:]
    with bulk_desk.db.unit_of_work() as session:
        results = import_new_dossiers(session, batch, reason="imported from test")
    assert results is not None and [r.reference for r in results] == [d.reference for d in batch]
    with single_desk.db.unit_of_work() as session:
        for dossier in batch:
            dossiers.save_in_session(session, dossier, reason="imported from test", action="import")
    bulk_events, bulk_rows = _stored(bulk_desk)
    single_events, single_rows = _stored(single_desk)
    assert bulk_rows == single_rows
    assert bulk_events[0][3] == "desk_key"  # each desk has its own key; everything after is the same
    assert bulk_events[1:] == single_events[1:]  # same order, actors, entities, references and recorded hashes
    assert any(e[2:4] == ("create", "client") for e in bulk_events[2:])  # new clients were announced in the chain
    assert audit.verify_audit(bulk_desk).ok


def test_a_batch_with_a_stored_dossier_is_left_to_the_one_by_one_path(two_desks):
    desk, _other = two_desks
    dossiers.import_dossiers(desk, sample_dossiers()[:1], source="first")
    with desk.db.read() as session:
        before = session.connection().execute(sa.text("SELECT count(*) FROM audit_event")).scalar_one()
    with desk.db.unit_of_work() as session:
        assert import_new_dossiers(session, sample_dossiers(), reason="again") is None
        assert session.connection().execute(sa.text("SELECT count(*) FROM audit_event")).scalar_one() == before
    results = dossiers.import_dossiers(desk, sample_dossiers(), source="again")  # revisions where changed, as before
    assert [r.changed for r in results][0] is False
    assert audit.verify_audit(desk).ok


def test_importing_files_uses_the_bulk_path_with_each_files_reason_and_progress(two_desks, tmp_path):
    """`reedesk import FILE…` (services.imports.import_files): all new → bulk, each revision's
    reason names its own file, progress is told per dossier, and a cancel stores nothing."""
    from reedesk.services.imports import import_files

    desk, _other = two_desks
    paths = sample_files()
    told: list[tuple[int, int]] = []

    def cancel(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_files(desk, paths, progress=cancel)
    assert dossiers.list_dossiers(desk) == []
    results = import_files(desk, paths, progress=lambda done, total: told.append((done, total)))
    assert len(results) == len(paths) and told[-1] == (len(paths), len(paths))
    with desk.db.read() as session:
        reasons = {ref: why for ref, why in session.connection().execute(sa.text(
            "SELECT d.reference, r.reason FROM dossier d JOIN dossier_revision r ON r.dossier_id = d.id"))}
    for path, result in zip(paths, results):
        assert path.name in reasons[result.reference]
    assert audit.verify_audit(desk).ok

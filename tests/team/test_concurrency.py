"""One audit chain under many writers on a team desk (issue 12, point 3 and "Done when").

Real ``reedesk import`` processes against one real PostgreSQL database, at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

REEDESK = str(Path(sys.executable).with_name("reedesk"))
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "smco-magnet-vietnam.json"


def _cli(home: Path, url: str, *argv: str) -> subprocess.Popen:
    env = {**os.environ, "REEDESK_HOME": str(home), "REEDESK_DATABASE_URL": url, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([REEDESK, *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _dossier_files(folder: Path, writer: int, count: int) -> list[Path]:
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    files = []
    for n in range(count):
        document = json.loads(json.dumps(base))
        document["reference"] = f"TEAM-{writer}-{n:03d}"
        # Four clients shared by all writers: each new client is created by exactly one of them.
        document["client"] = {"name": f"Shared Client {n % 4}", "country": "JP"}
        path = folder / f"w{writer}-{n:03d}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        files.append(path)
    return files


def test_four_import_processes_at_once_store_all_400_dossiers_and_the_chain_verifies(team_url, _isolated_home, tmp_path):
    """Done when: four `reedesk import` processes at once with REEDESK_DATABASE_URL store all 400
    dossiers, `audit verify` passes, and no SQLite desk appears in REEDESK_HOME."""
    _cli(_isolated_home, team_url, "list").wait(timeout=120)  # the schema and desk key exist before the race
    runs = []
    for writer in range(4):
        folder = tmp_path / f"writer{writer}"
        folder.mkdir()
        runs.append(_cli(_isolated_home, team_url, "import", *map(str, _dossier_files(folder, writer, 100))))
    outcomes = [(run.wait(timeout=400), *run.communicate()) for run in runs]
    for code, _out, err in outcomes:
        assert "Traceback" not in err, err
        assert code == 0, err
    verify = _cli(_isolated_home, team_url, "audit", "verify")
    out, err = verify.communicate(timeout=300)
    assert verify.returncode == 0, out + err
    engine = sa.create_engine(team_url)
    try:
        with engine.connect() as connection:
            references = {r for (r,) in connection.execute(sa.text("SELECT reference FROM dossier"))}
            clients = connection.execute(sa.text("SELECT count(*) FROM client")).scalar_one()
            seqs = [s for (s,) in connection.execute(sa.text("SELECT seq FROM audit_event ORDER BY seq"))]
    finally:
        engine.dispose()
    assert references == {f"TEAM-{w}-{n:03d}" for w in range(4) for n in range(100)}
    assert clients == 4
    assert seqs == list(range(1, len(seqs) + 1))  # one chain, no gaps
    assert not [p for p in _isolated_home.rglob("*") if "sqlite" in p.name]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET actor = 'mallory' WHERE seq = 1",
    "DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)",
    "UPDATE tree_head SET root_hash = 'forged'",
    "DELETE FROM tree_head",
])
def test_a_plain_update_or_delete_on_the_trail_through_psycopg_is_refused(team_desk, pg_server, statement):
    """Issue 12 point 2: the append-only guards are PL/pgSQL triggers; a psycopg session of the
    desk's own database owner (here even a superuser) cannot edit or delete the trail."""
    from reedesk.services import dossiers
    from reedesk.services.samples import sample_dossiers

    dossiers.import_dossiers(team_desk, sample_dossiers()[:1], source="samples")
    database = sa.engine.make_url(team_desk.db.url).database
    with pg_server.connect(database) as connection:
        before = connection.execute("SELECT count(*), max(hash) FROM audit_event").fetchone()
        with pytest.raises(psycopg.errors.IntegrityError, match="append-only"):
            connection.execute(statement)
        assert connection.execute("SELECT count(*), max(hash) FROM audit_event").fetchone() == before


def test_a_dropped_guard_is_reported_by_audit_verify(team_desk, pg_server):
    """`audit verify` names a protecting trigger dropped outside reedesk on PostgreSQL too."""
    from reedesk.services import audit

    assert audit.verify_audit(team_desk).ok
    database = sa.engine.make_url(team_desk.db.url).database
    with pg_server.connect(database) as connection:
        connection.execute("DROP TRIGGER audit_event_no_update ON audit_event")
    report = audit.verify_audit(team_desk)
    assert not report.ok
    assert "audit_event_no_update" in " ".join(str(p) for p in report.problems)

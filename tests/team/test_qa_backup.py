"""Backups of a team desk as docs/team.md says (issue 12, "Done when": backups with `pg_dump`, checkpoints kept
outside the server), against the real test server: the auditor takes the `pg_dump -Fc` backup (before, her
dump stopped at "permission denied for sequence attachment_id_seq"), it restores into a new database whose
`audit verify` passes against a checkpoint kept outside, and a backup older than a later checkpoint is
reported as rolled back."""

from __future__ import annotations

import glob
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa

from reedesk.services import audit, dossiers, evaluation
from reedesk.services.samples import sample_dossiers
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401  (fixture)


def _tool(pg_server, name: str) -> str:
    """pg_dump/pg_restore beside the server's binaries, else the Debian folder's, else PATH's."""
    for candidate in (pg_server.bin_dir / name, *sorted(Path(p) for p in glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install -y postgresql"
    return found


def _dump(pg_server, team, person: str, out) -> None:
    database = sa.engine.make_url(team["urls"][person]).database
    subprocess.run([_tool(pg_server, "pg_dump"), "-h", "127.0.0.1", "-p", str(pg_server.port), "-U",
                    team["people"][person], "-Fc", "-f", str(out), database], check=True, capture_output=True, timeout=120)


def _restore(pg_server, dump) -> str:
    name = pg_server.new_database()
    subprocess.run([_tool(pg_server, "pg_restore"), "-h", "127.0.0.1", "-p", str(pg_server.port), "-U", "reedesk_test",
                    "-d", name, str(dump)], check=True, capture_output=True, timeout=120)
    return name


def test_the_auditors_pg_dump_restores_into_a_desk_that_verifies_against_the_outside_checkpoints(desk_team, pg_server, tmp_path, monkeypatch):  # noqa: F811
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers(), source="samples")
        evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-12-01")
        early = audit.write_latest_checkpoint(desk, tmp_path / "early.txt")
    _dump(pg_server, team, "carol", tmp_path / "desk.dump")  # carol: reedesk_auditor
    with team["open"]("alice") as desk:  # work after the backup, and a checkpoint of it kept outside
        evaluation.evaluate_reference(desk, "TK-NDFEB-7", "2026-12-01")
        late = audit.write_latest_checkpoint(desk, tmp_path / "late.txt")
    restored = _restore(pg_server, tmp_path / "desk.dump")
    url = pg_server.url(restored, user=team["people"]["carol"])
    monkeypatch.setenv("REEDESK_DATABASE_URL", url)
    from reedesk.services.desk import open_desk

    with open_desk(team["homes"]["carol"], seed_samples=False) as desk:
        report = audit.verify_audit(desk, against=[early])
        assert report.ok, report.problems
        rolled = audit.verify_audit(desk, against=[late], rerun=False)
    assert not rolled.ok and "rolled back or truncated" in rolled.problem, rolled.problem

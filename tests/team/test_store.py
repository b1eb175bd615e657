"""The store on a real PostgreSQL server (issue 12, points 1 and 2)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa


def test_open_desk_migrates_an_empty_postgresql_database_and_creates_no_sqlite_file(team_desk, _isolated_home: Path):
    assert team_desk.db.dialect == "postgresql"
    with team_desk.db.read() as session:
        tables = set(sa.inspect(session.connection()).get_table_names())
        version = session.connection().execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert {"audit_event", "dossier", "dossier_revision", "determination", "signature", "tree_head", "licence"} <= tables
    assert version == "0006"
    assert not list(_isolated_home.glob("*.sqlite3*"))

"""Start-up cost of opening a desk (reedesk/store/database.py): no Alembic import and no
migration run when the stored schema revision is the code's head (issue 13, point 5).
The database must still be migrated, or refused, whenever it is not."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reedesk.store.database import DatabaseUnreadable, alembic_config, code_schema_heads, open_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_heads_read_as_text_are_alembics():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert code_schema_heads() == frozenset(script.get_heads())


def test_opening_a_current_desk_imports_no_alembic(tmp_path: Path):
    path = tmp_path / "reedesk.sqlite3"
    open_database(path).dispose()  # created and migrated: it is at head now
    code = ("import sys; from pathlib import Path; from reedesk.store.database import open_database; "
            f"db = open_database(Path({str(path)!r})); db.dispose(); "
            "print('alembic' in sys.modules, any(m.startswith('alembic') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_a_desk_behind_the_code_is_still_migrated(tmp_path: Path):
    """A desk at revision 0001 (as 0.1 desks before later migrations were): opening it upgrades it."""
    from alembic import command

    path = tmp_path / "reedesk.sqlite3"
    open_database(path).dispose()
    config = alembic_config(f"sqlite:///{path}")
    command.downgrade(config, "0001")
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    open_database(path).dispose()
    with sqlite3.connect(path) as con:
        assert {r[0] for r in con.execute("SELECT version_num FROM alembic_version")} == set(code_schema_heads())


def test_a_desk_of_a_newer_reedesk_is_still_refused(tmp_path: Path):
    path = tmp_path / "reedesk.sqlite3"
    open_database(path).dispose()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseUnreadable, match="newer reedesk"):
        open_database(path)

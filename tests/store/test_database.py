"""Opening the desk's database: never a new desk over a file that is not one, and private files
(integrity issue 10, points 11, 12 and 14; reedesk/store/database.py, reedesk/paths.py)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reedesk.paths import database_path
from reedesk.services.desk import open_desk
from reedesk.store.database import DatabaseUnreadable, open_database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_zero_byte_file_is_an_error_and_stays_zero_bytes(tmp_path):
    """Point 14: SQLite would treat an empty file as an empty database; reedesk must not turn a
    truncated desk into a silently new, empty one."""
    path = tmp_path / "reedesk.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(DatabaseUnreadable, match=r"empty \(0-byte\) file, not a reedesk database; it was left as it is"):
        open_database(path)
    assert path.stat().st_size == 0


@pytest.mark.parametrize("content", [b"%PDF-1.7\n...", b"hello, world\n" * 100, bytes(range(256)) * 8])
def test_a_foreign_file_is_an_error_and_is_left_untouched(tmp_path, content):
    path = tmp_path / "reedesk.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseUnreadable, match="not a SQLite database, so it is not a reedesk desk"):
        open_database(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_not_migrated_into_a_desk(tmp_path):
    path = tmp_path / "reedesk.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseUnreadable, match="SQLite database of another program"):
        open_database(path)
    assert path.read_bytes() == before


def test_the_command_line_says_so_in_one_sentence(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "reedesk.sqlite3").write_bytes(b"")
    run = subprocess.run([str(Path(sys.executable).with_name("reedesk")), "list"], capture_output=True, text=True,
                         env={**os.environ, "REEDESK_HOME": str(home)}, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "is an empty (0-byte) file, not a reedesk database" in run.stderr
    assert (home / "reedesk.sqlite3").stat().st_size == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_data_folder_and_database_are_private(tmp_path, monkeypatch):
    """Point 12: created 0700 / 0600 whatever the umask; the WAL files too."""
    old = os.umask(0o022)
    try:
        home = tmp_path / "new" / "home"
        with open_desk(home, seed_samples=False) as desk:
            with desk.db.unit_of_work() as session:
                session.connection().exec_driver_sql("INSERT INTO client (name, created_at) VALUES ('x', 'now')")
            assert _mode(home) == 0o700
            assert _mode(database_path(home)) == 0o600
            for suffix in ("-wal", "-shm"):
                companion = database_path(home).with_name(database_path(home).name + suffix)
                if companion.exists():
                    assert _mode(companion) == 0o600
            assert _mode(home / "keys") == 0o700 if (home / "keys").exists() else True
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_0_1_0_database_readable_by_others_is_made_private_on_open(tmp_path):
    path = tmp_path / "reedesk.sqlite3"
    open_database(path).dispose()
    path.chmod(0o644)
    open_database(path).dispose()
    assert _mode(path) == 0o600


def test_a_first_start_killed_mid_creation_leaves_no_half_made_desk(tmp_path):
    """A new database is migrated under a staging name and linked into place complete: a kill
    during the migration leaves only the staging file, and the next start makes a fresh desk."""
    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import os, signal, sys\n"
        "from alembic import command\n"
        "real = command.upgrade\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "command.upgrade = die\n"
        "from reedesk.store.database import open_database\n"
        f"open_database({str(home / 'reedesk.sqlite3')!r})\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == -9, run.stderr
    assert not (home / "reedesk.sqlite3").exists()
    open_database(home / "reedesk.sqlite3").dispose()  # not refused: there was no desk yet
    assert (home / "reedesk.sqlite3").read_bytes()[:16] == b"SQLite format 3\x00"

"""Is a SQLite desk's schema the one this code expects? Answered with the stdlib only.

Opening a desk runs Alembic only when the stored ``alembic_version`` differs from the
heads of the migrations shipped in ``db/versions``; the desktop app asks the same
question before it has imported SQLAlchemy at all (it paints the window from a
read-only first page, reedesk/services/first_page.py). So neither the question nor
the answer may import the database stack: the migration heads are read as text and
the stored version with :mod:`sqlite3`.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from reedesk.resources import data_folder

# SQLite's busy handler waits this long (ms) for a writer before a read-only look gives up.
READ_TIMEOUT_MS = 2_000

_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*(?:#.*)?$""", re.MULTILINE)


@lru_cache(maxsize=1)
def code_schema_heads() -> frozenset[str] | None:
    """The head revision ids of the migrations in ``db/versions`` (what ``alembic heads`` says), read as text.

    Cheap (a few small files, no Alembic import); None when a file is not in the plain
    ``revision = '…'`` / ``down_revision = …`` form, so the caller falls back to Alembic.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for script in sorted((data_folder("db") / "versions").glob("*.py")):
            found = dict((name, value) for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")))
            if "revision" not in found or "down_revision" not in found:
                return None
            revision, down = ast.literal_eval(found["revision"]), ast.literal_eval(found["down_revision"])
            if not isinstance(revision, str):
                return None
            revisions.add(revision)
            parents.update([down] if isinstance(down, str) else (down or ()))
    except (OSError, ValueError, SyntaxError):
        return None
    heads = frozenset(revisions - parents)
    return heads or None


def read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path`` (it is never created or written)."""
    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=READ_TIMEOUT_MS / 1000)
    connection.execute("PRAGMA query_only=ON")
    return connection


def schema_is_current(path: Path) -> bool:
    """True when the database's ``alembic_version`` holds exactly the code's heads (no migration to run)."""
    heads = code_schema_heads()
    if heads is None:
        return False
    try:
        connection = read_only(path)
        try:
            stored = frozenset(row[0] for row in connection.execute("SELECT version_num FROM alembic_version"))
        finally:
            connection.close()
    except sqlite3.Error:
        return False  # let the full check say what is wrong
    return stored == heads

"""A desk whose database stack is loaded after the desktop app's window is painted.

Why: opening a desk imports SQLAlchemy, SQLModel and the audit machinery and attaches
the head signer — about half of the desktop app's start (issue 13 point 5) — while the
first picture only needs the first page of the dossier list, the clients and the
language. :func:`deferred_desk` hands out a :class:`DeferredDesk` when the fast way is
safe (a SQLite desk, schema current, first-start samples already seeded: nothing would
be written on opening but the desk key record); the window is built on it, reading those
few things through :mod:`reedesk.services.first_page`, and :meth:`DeferredDesk.open`
opens the real desk right after the first paint (reedesk/gui/app.py).

A service handed the deferred desk before that works unchanged: the first use of
``desk.db`` (other than asking its ``path``) or of any other :class:`Desk` attribute
opens the desk there and then, so nothing ever reads a half-open desk. No Qt here.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reedesk.paths import database_path, private_folder, reedesk_home
from reedesk.services import first_page
from reedesk.store.schema_version import code_schema_heads

if TYPE_CHECKING:
    from reedesk.services.desk import Desk

SAMPLES_SEEDED = "samples_seeded"  # reedesk.services.samples.SEEDED_SETTING (tests keep them in step)


class _PendingDatabase:
    """``desk.db`` before the desk is open: knows its file; anything else opens the desk."""

    def __init__(self, owner: "DeferredDesk"):
        self._owner = owner
        self.path: Path | None = owner.path  # a SQLite desk (team desks never start deferred)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._owner.open_now().db, name)


class DeferredDesk:
    """Stands for the :class:`~reedesk.services.desk.Desk` in ``home`` until :meth:`open` is called."""

    def __init__(self, home: Path, path: Path):
        self.home = home
        self.path = path
        self._desk: Desk | None = None
        self._lock = threading.Lock()
        self.db: Any = _PendingDatabase(self)
        self.opened_early = False  # a service needed the desk before the window asked for it (for tests)

    @property
    def is_open(self) -> bool:
        return self._desk is not None

    @property
    def pending_path(self) -> Path | None:
        """The SQLite file to read with :mod:`~reedesk.services.first_page` while the desk is not open, else None."""
        return None if self._desk is not None else self.path

    def open(self) -> "Desk":
        """Open the real desk (once; thread-safe) and become a view of it."""
        with self._lock:
            if self._desk is None:
                from reedesk.services.desk import open_desk

                desk = open_desk(self.home)
                from reedesk.services.dossiers import first_page_sql

                first_page_sql()  # rendered here, as the desk opens after the paint, not on the first search keystroke
                self.db = desk.db
                self._desk = desk
            return self._desk

    def open_now(self) -> "Desk":
        """:meth:`open` because a service needs the desk before the window asked for it."""
        if self._desk is None:
            self.opened_early = True
        return self.open()

    def setting(self, key: str) -> str:
        """A start-up setting (language, unlock minutes), read without opening the desk when it is not open."""
        if self._desk is not None:
            from reedesk.services.settings import get_setting

            return get_setting(self._desk, key)
        return first_page.get_setting(self.path, key)

    def close(self) -> None:
        with self._lock:
            if self._desk is not None:
                self._desk.close()

    def __enter__(self) -> "DeferredDesk":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:  # any other Desk attribute (notices, …): the real desk's
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.open_now(), name)


def deferred_desk(home: Path | None = None) -> DeferredDesk | None:
    """A :class:`DeferredDesk` on ``home`` (default: ``REEDESK_HOME`` or the platform folder) when opening
    it later is safe and the window can be painted from the file; None otherwise (a team desk, a new, old or
    unreadable database, samples not yet seeded): then open the desk the usual way, which says what is wrong."""
    from reedesk.desk_choice import database_url

    if database_url():  # a team desk (REEDESK_DATABASE_URL or Settings → Desk)
        return None
    home = private_folder(Path(home)) if home is not None else reedesk_home()
    path = database_path(home)
    heads = code_schema_heads()
    if heads is None or not path.is_file():
        return None
    try:
        with first_page.reading(path) as connection:  # one short read-only look: schema and first-start seeding
            stored = frozenset(row[0] for row in connection.execute("SELECT version_num FROM alembic_version"))
            seeded = connection.execute("SELECT 1 FROM setting WHERE key = ?", (SAMPLES_SEEDED,)).fetchone() is not None
    except sqlite3.Error:
        return None
    if stored != heads or not seeded:
        return None
    return DeferredDesk(home, path)

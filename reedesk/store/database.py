"""Open the SQLite database, bring its schema up to date, and hand out units of work.

A use case opens one unit of work, does its reads and writes, and commits once:
either everything it wrote is stored or nothing is (DESIGN.md). The GUI never
holds a session across events.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from reedesk.errors import ReedeskError
from reedesk.resources import data_folder


class DatabaseUnreadable(ReedeskError):
    """The database file is damaged or not a reedesk database."""


class DatabaseUnavailable(ReedeskError):
    """The database could not be written or read just now (locked, full disk, I/O error)."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(data_folder("db")))
    config.set_main_option("sqlalchemy.url", url)
    return config


class Database:
    """One SQLite file with its engine; cheap to keep for the life of the process."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self.engine: Engine = create_engine(self.url, connect_args={"check_same_thread": False})
        event.listen(self.engine, "connect", _set_pragmas)

    def upgrade(self) -> None:
        """Apply every migration in ``db/`` (``alembic upgrade head``)."""
        config = alembic_config(self.url)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                # Locked by another writer, disk full, I/O error, read-only file: the user can
                # act on these, so they get a sentence rather than a traceback.
                session.rollback()
                raise DatabaseUnavailable(
                    f"The database {self.path} could not be used ({exc.orig if exc.orig is not None else exc}); "
                    "nothing was stored. Close other reedesk windows or free disk space, then try again."
                ) from None
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    A damaged file is reported as :class:`DatabaseUnreadable` and left untouched.
    """
    database = Database(path)
    try:
        database.upgrade()
    except (SQLAlchemyDatabaseError, sqlite3.DatabaseError) as exc:
        database.dispose()
        raise DatabaseUnreadable(
            f"The database {path} cannot be read ({exc.orig if hasattr(exc, 'orig') else exc}); "
            "it was left as it is. Restore a backup or point REEDESK_HOME at another folder."
        ) from None
    return database

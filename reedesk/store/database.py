"""Open the SQLite database, bring its schema up to date, and hand out units of work.

A use case opens one unit of work, does its reads and writes, and commits once:
either everything it wrote is stored or nothing is (DESIGN.md). The GUI never
holds a session across events.

Writers never race (integrity issue, points 7 and 8): every writing unit of work
starts with ``BEGIN IMMEDIATE``, so it holds SQLite's write lock from its first
read — two signers of one determination are serialised, and the second one reads
(and countersigns) the first one's envelope; two imports of one new client are
serialised, and the second finds the client. A busy database is waited for by
SQLite's busy handler and then retried here, within :data:`WRITE_LOCK_WAIT_SECONDS`
in all; only after that does the user get one sentence. pysqlite's own transaction
handling is switched off (``isolation_level = None``) because it would issue a
deferred ``BEGIN`` only before the first write — too late to take the lock.

Read-only use cases may use :meth:`Database.read`: a deferred transaction (a
consistent snapshot in WAL mode that never waits for writers) with SQLite's
``query_only`` switched on, so a write slipped into one fails loudly instead of
racing.

Every commit is ``synchronous=FULL``: nearly every commit appends to the audit
trail, and a power cut must not lose a commit that a signed tree head or an
outside checkpoint already covers (measured cost: docs/backup.md).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError
from sqlmodel import Session, create_engine

from reedesk.errors import ReedeskError
from reedesk.resources import data_folder
from reedesk.store.schema_version import code_schema_heads, schema_is_current  # noqa: F401 (re-exported)

if TYPE_CHECKING:
    from alembic.config import Config


class DatabaseUnreadable(ReedeskError):
    """The database file is damaged or not a reedesk database."""


class DatabaseUnavailable(ReedeskError):
    """The database could not be written or read just now (locked, full disk, I/O error)."""


class WriteRefused(ReedeskError):
    """The database refused a change (a constraint or a protecting trigger); nothing was stored."""


# SQLite's own busy handler waits this long per statement before reporting "database is locked";
# taking the write lock at BEGIN is then retried as a whole, below.
BUSY_TIMEOUT_MS = 2_000
# Taking the write lock is retried (with jitter) until this much time has passed in all.
WRITE_LOCK_WAIT_SECONDS = 60.0

SQLITE_HEADER = b"SQLite format 3\x00"

_BEGIN_OPTION = "reedesk_begin"  # execution option: "IMMEDIATE" (write) or "DEFERRED" (read)


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # We issue BEGIN ourselves (see _begin); pysqlite must not issue its own.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    _retry_busy(lambda: cursor.execute("PRAGMA journal_mode=WAL"))
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _retry_busy(call, wait: float | None = None):  # type: ignore[no-untyped-def]
    """Run ``call`` again while SQLite says the database is locked, up to ``wait`` seconds in all."""
    deadline = time.monotonic() + (WRITE_LOCK_WAIT_SECONDS if wait is None else wait)
    delay = 0.01
    while True:
        try:
            return call()
        except (OperationalError, sqlite3.OperationalError) as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 0.25)


def _begin(connection: Connection) -> None:
    """Start every transaction explicitly: ``BEGIN IMMEDIATE`` for writers, a query-only deferred one for readers."""
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        if mode == "DEFERRED":
            cursor.execute("PRAGMA query_only=1")
            cursor.execute("BEGIN DEFERRED")
        else:
            cursor.execute("PRAGMA query_only=0")
            try:
                _retry_busy(lambda: cursor.execute("BEGIN IMMEDIATE"))
            except sqlite3.OperationalError as exc:
                raise _unavailable(Path(connection.engine.url.database or "?"), exc) from None
    finally:
        cursor.close()


def _unavailable(path: Path, exc: BaseException) -> DatabaseUnavailable:
    reason = getattr(exc, "orig", None) or exc
    if _is_busy(exc):
        return DatabaseUnavailable(
            f"The database {path} stayed busy with another reedesk writer for over {WRITE_LOCK_WAIT_SECONDS:.0f} s "
            f"({reason}); nothing was stored. Wait for the other import or export to finish, then try again."
        )
    return DatabaseUnavailable(
        f"The database {path} could not be used ({reason}); "
        "nothing was stored. Close other reedesk windows or free disk space, then try again."
    )


def _permission_refused(database: "Database", reason: object) -> "WriteRefused":
    """A team desk's grants refused a statement ("permission denied for table determination"): say
    whose role may not do it in reedesk's words (three languages), not the server's English."""
    import re

    line = _first_line(reason)
    found = re.match(r"permission denied for (?:table|relation|sequence|view) (\S+)", line)
    if found is None:  # a trigger's own sentence (four eyes, identities): shown as the server says it
        return WriteRefused.coded("database_database_refused_change_stored", where=database.where, first_line=line)
    from sqlalchemy.engine import make_url

    role = make_url(database.url).username or os.environ.get("PGUSER") or "?"
    return WriteRefused.coded("database_role_may_not_change", role=role, table=found.group(1), where=database.where)


def _first_line(reason: object) -> str:
    """PostgreSQL adds DETAIL/CONTEXT lines to its messages; the sentence keeps the first."""
    return (str(reason).strip().splitlines() or [""])[0]


def alembic_config(url: str) -> "Config":
    from alembic.config import Config  # Alembic is imported only when a migration may be needed

    config = Config()
    config.set_main_option("script_location", str(data_folder("db")))
    config.set_main_option("sqlalchemy.url", url)
    return config


class Database:
    """One SQLite file with its engine; cheap to keep for the life of the process.

    ``url`` (a ``postgresql+psycopg://`` URL, from ``REEDESK_DATABASE_URL``) makes it a
    team desk on a PostgreSQL server instead (issue 12; reedesk.store.team): ``path`` is
    then None and ``where`` names the server for messages.
    """

    def __init__(self, path: Path | None = None, *, url: str | None = None):
        if url is not None:
            from reedesk.store import team

            self.path = None  # type: ignore[assignment]
            self.url = url
            self.where = team.display_url(url)
            self.engine = team.create_team_engine(url)
            self._reader = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
            return
        assert path is not None
        self.path = Path(path)
        self.where = str(self.path)
        self.url = f"sqlite:///{self.path}"
        self.engine: Engine = create_engine(
            self.url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(self.engine, "connect", _set_pragmas)
        event.listen(self.engine, "begin", _begin)
        self._reader: Engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def upgrade(self) -> None:
        """Apply every migration in ``db/`` (``alembic upgrade head``), under the write lock."""
        from alembic import command

        config = alembic_config(self.url)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _unavailable(self, exc: OperationalError) -> DatabaseUnavailable:
        return _unavailable(self.path if self.path is not None else self.where, exc)  # type: ignore[arg-type]

    @contextmanager
    def unit_of_work(self, *, write: bool = True) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise.

        ``write=True`` (the default) takes the write lock at the start (``BEGIN IMMEDIATE``);
        ``write=False`` is :meth:`read`.
        """
        with Session(self.engine if write else self._reader, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                # Locked by another writer, disk full, I/O error, read-only file: the user can
                # act on these, so they get a sentence rather than a traceback.
                session.rollback()
                raise self._unavailable(exc) from None
            except ProgrammingError as exc:
                session.rollback()
                if getattr(exc.orig, "sqlstate", None) != "42501":
                    raise
                # A team desk (issue 12): the person's PostgreSQL role may not do this (grants, four eyes).
                raise _permission_refused(self, exc.orig) from None
            except IntegrityError as exc:
                session.rollback()
                raise WriteRefused.coded("database_database_refused_change_stored", where=self.where, first_line=_first_line(exc.orig)) from None
            except BaseException:
                session.rollback()
                raise

    def read(self) -> AbstractContextManager[Session]:
        """A read-only unit of work: a consistent snapshot that never waits for writers; writing in it fails."""
        return self.unit_of_work(write=False)

    def read_rows(self, sql: str, params: dict[str, object]) -> list[tuple]:
        """Every row of one SELECT, as :meth:`read_row` reads one (the browser's first page of a search)."""
        return self._read(sql, params, all_rows=True)  # type: ignore[return-value]

    def read_row(self, sql: str, params: dict[str, object]) -> tuple | None:
        """The first row of one SELECT (``:name`` parameters), or None: a hot read with no ORM session.

        Why (issue 13): around a 10 µs indexed SELECT the Session, its transaction events and the
        result machinery cost ~250 µs, half of opening a dossier. On SQLite a pooled DBAPI cursor
        runs the statement alone (``query_only`` on): one statement is its own consistent snapshot (SQLite's implicit
        read transaction), takes no write lock and commits nothing. On a team desk it goes through
        :meth:`read` as before. A busy or unusable file is the same sentence as in :meth:`read`.
        """
        return self._read(sql, params, all_rows=False)  # type: ignore[return-value]

    def _read(self, sql: str, params: dict[str, object], *, all_rows: bool) -> tuple | list[tuple] | None:
        if self.path is None:
            from sqlalchemy import text

            with self.read() as session:
                result = session.connection().execute(text(sql), params)
                if all_rows:
                    return [tuple(r) for r in result]
                found = result.first()
                return None if found is None else tuple(found)
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute("PRAGMA query_only=1")  # as in read(): a write slipped in fails (writers switch it off at BEGIN)
                cursor.execute(sql, params)
                return cursor.fetchall() if all_rows else cursor.fetchone()
            finally:
                cursor.close()  # resets the statement: no read snapshot stays open on the pooled connection
        except sqlite3.OperationalError as exc:
            raise self._unavailable(exc) from None  # type: ignore[arg-type]
        finally:
            connection.close()  # back to the pool

    def dispose(self) -> None:
        self.engine.dispose()


def _refuse_foreign_file(path: Path) -> None:
    """A file where the database should be that is not a reedesk database is an error, never a new desk."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnreadable.coded("database_database_read_left", path=path, strerror=exc.strerror) from None
    if not header:
        raise DatabaseUnreadable.coded("database_database_empty_byte_file", path=path)
    if header != SQLITE_HEADER:
        raise DatabaseUnreadable.coded("database_file_sqlite_database_so", path=path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadable.coded("database_database_read_left_restore", path=path, exc=exc) from None
    if "alembic_version" not in tables:
        raise DatabaseUnreadable.coded("database_file_sqlite_database_another", path=path)


def _create_new(path: Path) -> None:
    """Create and migrate a brand-new database beside ``path`` and move it into place in one rename.

    So a killed first start leaves either no database or a complete one, never a
    half-made file that the next start would take for a foreign one. The file is
    created readable by its owner only (0600); SQLite gives its ``-wal`` and ``-shm``
    files the same mode.
    """
    for stale in path.parent.glob(f"{path.name}.creating-*"):  # left by a start killed over an hour ago
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
        except OSError:
            pass
    staging = path.with_name(f"{path.name}.creating-{os.getpid()}-{os.urandom(4).hex()}")
    os.close(os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    database = Database(staging)
    try:
        database.upgrade()
    finally:
        database.dispose()  # the last connection checkpoints the WAL into the file and removes it
    try:
        os.link(staging, path)  # fails if another process created the desk meanwhile: theirs wins
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.rename(staging, path)
    for leftover in (staging, staging.with_name(staging.name + "-wal"), staging.with_name(staging.name + "-shm")):
        leftover.unlink(missing_ok=True)


def _tighten(path: Path) -> None:
    """Make an existing database (and its WAL files) readable by its owner only, if we may."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except OSError:
            pass


def open_database(path: Path, *, url: str | None = None) -> Database:
    """Open (creating if absent) and migrate the database at ``path``.

    A damaged, empty or foreign file is reported as :class:`DatabaseUnreadable` and left untouched.
    ``url`` (or, when absent, ``REEDESK_DATABASE_URL``) opens a team desk on PostgreSQL
    instead; ``path`` is then not touched (no SQLite file is created).
    """
    if url is None:
        from reedesk.desk_choice import database_url  # REEDESK_DATABASE_URL, else Settings → Desk (issue 12, point 1)

        url = database_url()
    if url:
        from reedesk.store.team import open_team_database

        return open_team_database(url)
    path = Path(path)
    if not path.exists():
        try:
            _create_new(path)
        except (SQLAlchemyDatabaseError, sqlite3.DatabaseError) as exc:
            raise DatabaseUnreadable.coded("database_new_database_could_created", path=path, getattr=getattr(exc, 'orig', exc)) from None
    _refuse_foreign_file(path)
    _tighten(path)
    database = Database(path)
    if schema_is_current(path):  # the usual start: no Alembic import, no migration check
        return database
    from alembic.util.exc import CommandError

    try:
        database.upgrade()
    except OperationalError as exc:
        database.dispose()
        if _is_busy(exc):
            raise database._unavailable(exc) from None
        raise DatabaseUnreadable.coded("database_database_read_left_restore_2", path=path, orig=exc.orig) from None
    except (SQLAlchemyDatabaseError, sqlite3.DatabaseError) as exc:
        database.dispose()
        raise DatabaseUnreadable.coded("database_database_read_left_restore_3", path=path, value=exc.orig if hasattr(exc, 'orig') else exc) from None
    except CommandError as exc:
        database.dispose()
        raise DatabaseUnreadable.coded("database_database_schema_version_reedesk", path=path, exc=exc) from None
    return database

"""The team desk's database: one PostgreSQL database shared by several people (issue 12).

``REEDESK_DATABASE_URL`` (``postgresql+psycopg://alice@db.example.internal/desk``)
selects it; absent, the desk is the local SQLite file as before. The same SQLModel
tables and the same Alembic migrations (dialect-aware where SQLite and PostgreSQL
differ) make the schema.

Writers are serialised per desk the way SQLite's ``BEGIN IMMEDIATE`` serialises them:
every writing unit of work first takes the transaction-scoped advisory lock
:data:`DESK_WRITE_LOCK` (``pg_advisory_xact_lock``), so two imports of one new client,
two signers of one determination, and every append to the audit chain see each other's
committed work, and the chain's sequence numbers are given inside that transaction
(no gaps from rolled-back sequences). READ COMMITTED isolation is what makes this
right: each statement after the lock sees everything committed before it.

Read-only units of work are ``REPEATABLE READ, READ ONLY`` (one consistent snapshot;
a write inside one fails, as SQLite's ``query_only`` does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlmodel import create_engine

from reedesk.errors import ReedeskError

if TYPE_CHECKING:
    from reedesk.store.database import Database

# One fixed key for "the desk's write lock": a database is one desk.
# (0x7265656465736b = "reedesk" in ASCII.)
DESK_WRITE_LOCK = 0x7265656465736B

_BEGIN_OPTION = "reedesk_begin"  # the same execution option as reedesk.store.database


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable database URL)"


def _check_url(url: str) -> None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ReedeskError.coded("team_reedesk_database_url_database") from None
    if parsed.get_backend_name() != "postgresql":
        raise ReedeskError.coded("team_reedesk_database_url_names", get_backend_name=parsed.get_backend_name(), display_url=display_url(url))


def _engine_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _begin(connection: Connection) -> None:
    """Writers take the desk's write lock first; readers get a read-only snapshot."""
    mode = connection.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        if mode == "DEFERRED":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        else:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (DESK_WRITE_LOCK,))
    finally:
        cursor.close()


def create_team_engine(url: str) -> Engine:
    """An engine for the team database (psycopg 3), with the write lock taken at every writer's start."""
    _check_url(url)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ReedeskError.coded("team_team_desk_reedesk_database") from None
    engine = create_engine(_engine_url(url), pool_pre_ping=True)
    event.listen(engine, "begin", _begin)
    # Every writing transaction of this engine holds the desk's write lock from its start, so
    # reedesk.audit.trail need not take it again per event (one round trip less per event).
    engine.reedesk_locks_at_begin = True  # type: ignore[attr-defined]
    return engine


def open_team_database(url: str) -> "Database":
    """Connect to the team database and bring its schema up to date (``alembic upgrade head``).

    Migrations run under the desk's write lock, so two people starting reedesk on a new
    team database at once do not both create the tables.
    """
    from reedesk.store.database import Database, DatabaseUnavailable, DatabaseUnreadable

    database = Database(url=url)
    if _schema_is_current(database):
        return database
    from alembic.util.exc import CommandError

    try:
        database.upgrade()
    except OperationalError as exc:
        database.dispose()
        raise DatabaseUnavailable.coded("team_team_database_could_reached", where=database.where, first=_first(exc)) from None
    except DBAPIError as exc:
        database.dispose()
        if getattr(exc.orig, "sqlstate", None) == "42501":  # a person's login on a database nobody has set up yet
            raise DatabaseUnreadable.coded("team_schema_needs_owner", where=database.where,
                                           role=make_url(url).username or "?") from None
        raise DatabaseUnreadable.coded("team_team_database_could_prepared", where=database.where, first=_first(exc)) from None
    except CommandError as exc:
        database.dispose()
        raise DatabaseUnreadable.coded("team_team_database_schema_version", where=database.where, exc=exc) from None
    return database


def _schema_is_current(database: "Database") -> bool:
    """True when the server's ``alembic_version`` holds exactly the code's heads, read in a
    read-only snapshot (no write lock): then opening the desk runs no Alembic at all, which
    cost a second and a half of every command's start (as ``schema_version`` spares SQLite desks)."""
    from reedesk.store.schema_version import code_schema_heads

    heads = code_schema_heads()
    if heads is None:
        return False
    try:
        with database.engine.connect().execution_options(**{_BEGIN_OPTION: "DEFERRED"}) as connection:
            stored = frozenset(r for (r,) in connection.exec_driver_sql("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return False  # no schema yet, or unreachable: the full path says what is wrong
    return stored == heads


def _first(exc: DBAPIError) -> "str":
    return connection_reason((str(exc.orig).strip().splitlines() or [""])[0])


_CONNECTION_REASONS = (  # libpq's and the server's usual refusals, said in reedesk's words (three languages)
    (r'password authentication failed for user "([^"]+)"', "connection_password_refused", "user"),
    (r"no password supplied", "connection_no_password", None),
    (r'role "([^"]+)" is not permitted to log in', "connection_login_disabled", "user"),
    (r'role "([^"]+)" does not exist', "connection_no_role", "user"),
    (r'database "([^"]+)" does not exist', "connection_no_database", "database"),
    (r"Connection refused|could not translate host name|timeout expired|No route to host|Network is unreachable",
     "connection_no_server", None),
)


def connection_reason(line: str) -> str:
    """Why a connection failed, from psycopg's first line: a :class:`reedesk.vocabulary.Coded` clause for the
    usual causes (wrong password, no password, login disabled, no such login or database, no server), so a
    Chinese sentence is not left with the server's English; the line as it is otherwise (with a
    three-language fallback for the Chinese sentence)."""
    import re

    from reedesk.vocabulary import Coded

    for pattern, code, name in _CONNECTION_REASONS:
        found = re.search(pattern, line)
        if found is not None:
            return Coded("error", code, **({name: found.group(1)} if name else {}))
    return Coded("error", "connection_other", line=line)


CHANGE_CHANNEL = "reedesk_desk_changed"  # reedesk.store.pg_guards.CHANGE_CHANNEL


class ChangeListener:
    """Told when another person commits a change to the team desk (PostgreSQL LISTEN/NOTIFY).

    A front end keeps one open (on a worker thread) and refreshes its views when
    :meth:`wait` returns a sequence number: the newest audit event after that commit.
    One connection of its own, in autocommit mode, outside every unit of work.
    """

    def __init__(self, url: str):
        import psycopg

        parsed = make_url(_engine_url(url))
        self._connection = psycopg.connect(
            host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
            dbname=parsed.database, autocommit=True,
        )
        self._connection.execute(f"LISTEN {CHANGE_CHANNEL}")

    def wait(self, timeout: float) -> int | None:
        """The newest audit sequence number announced within ``timeout`` seconds, or None."""
        newest: int | None = None
        for notice in self._connection.notifies(timeout=timeout, stop_after=1):
            newest = int(notice.payload)
        # Several commits may have arrived together: take them all, keep the newest.
        for notice in self._connection.notifies(timeout=0.01):
            newest = max(newest or 0, int(notice.payload))
        return newest

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "ChangeListener":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

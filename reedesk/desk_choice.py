"""Which desk reedesk opens: the local SQLite desk, or a team database named by URL (issue 12, point 1).

``REEDESK_DATABASE_URL`` wins (scripts, CI, an administrator's setup); otherwise the URL
saved in Settings → Desk, kept in the user's config folder (``desk.json``, readable by
the owner only: a URL may hold a password); otherwise the local SQLite desk in the data
folder. The choice is read when a desk is opened, so a new setting takes effect at the
next start. The setting cannot live in the desk's own database: it says which database
to open. No Qt here: the command line honours the same setting.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reedesk.errors import ReedeskError
from reedesk.paths import config_home, database_path, reedesk_home

ENVIRONMENT = "REEDESK_DATABASE_URL"
SETTINGS_FILE = "desk.json"

Source = Literal["environment", "settings", "local"]


def settings_path(create: bool = False) -> Path:
    """Where the saved choice lives; the config folder is made only to save one (``create``)."""
    return config_home(create=create) / SETTINGS_FILE


def configured_url() -> str | None:
    """The team database URL saved in Settings → Desk, or None (an unreadable file counts as none)."""
    path = settings_path()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    url = stored.get("database_url") if isinstance(stored, dict) else None
    return url.strip() or None if isinstance(url, str) else None


def check_url(url: str) -> None:
    """Refuse anything but a PostgreSQL URL with one sentence (the same check as opening the desk)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ReedeskError(
            f"{url!r} is not a database URL; write it as postgresql+psycopg://USER@HOST[:PORT]/DATABASE.",
            code="desk_url_unreadable", params={"url": url},
        ) from None
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        raise ReedeskError(
            f"A team desk is a PostgreSQL database named like postgresql+psycopg://USER@HOST[:PORT]/DATABASE, "
            f"not {display_url(url)}; leave the field empty for the local desk.",
            code="desk_url_not_postgresql", params={"url": display_url(url)},
        )


def save_configured_url(url: str | None) -> None:
    """Save (or, with None or "", remove) the team database URL; used from the next start."""
    from reedesk.files import replace_file

    url = (url or "").strip()
    path = settings_path(create=bool(url))
    if not url:
        path.unlink(missing_ok=True)
        return
    check_url(url)
    replace_file(path, json.dumps({"database_url": url}, indent=2).encode("utf-8"), mode=0o600)


def database_url() -> str | None:
    """The team database to open: ``REEDESK_DATABASE_URL``, else the saved setting, else None (local desk)."""
    return os.environ.get(ENVIRONMENT) or configured_url() or None


def display_url(url: str) -> str:
    """``url`` without its password, for the window and messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable database URL)"


@dataclass(frozen=True)
class DeskInUse:
    """What Settings → Desk shows: the desk opened now and where that choice came from."""

    kind: Literal["sqlite", "postgresql"]
    where: str  # the SQLite file, or the URL without its password
    source: Source
    data_folder: Path
    configured: str | None  # the saved URL (without password), whether or not it is in use


def desk_in_use(desk=None) -> DeskInUse:  # type: ignore[no-untyped-def]
    """The desk ``desk`` is (or, without one, the desk the next start opens)."""
    home = Path(desk.home) if desk is not None else reedesk_home()
    saved = configured_url()
    if desk is not None and getattr(desk.db, "path", None) is not None:
        return DeskInUse("sqlite", str(desk.db.path), "local", home, display_url(saved) if saved else None)
    url = (getattr(desk.db, "url", None) if desk is not None else None) or database_url()
    if not url:
        return DeskInUse("sqlite", str(database_path(home)), "local", home, None)
    source: Source = "environment" if os.environ.get(ENVIRONMENT) else "settings"
    return DeskInUse("postgresql", display_url(url), source, home, display_url(saved) if saved else None)


@dataclass(frozen=True)
class ConnectionCheck:
    """What "Test connection" found (the window words it in its language; ``sentence`` is the English)."""

    url: str  # without password
    version: str
    user: str
    has_desk: bool

    @property
    def sentence(self) -> str:
        if self.has_desk:
            return f"Connected to PostgreSQL {self.version} at {self.url} as {self.user}; the team desk is there."
        return (f"Connected to PostgreSQL {self.version} at {self.url} as {self.user}, but there is no reedesk desk in "
                f"this database yet: an administrator creates it with reedesk team init {self.url}.")


def check_connection(url: str, *, timeout: int = 5) -> ConnectionCheck:
    """Connect to ``url`` and see what is there; raise :class:`ReedeskError` (one sentence) if it cannot.

    Reads only: the server version, who we are, and whether the desk's schema exists.
    """
    check_url(url)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ReedeskError("A team desk needs the PostgreSQL driver psycopg: pip install 'reedesk[team]'.",
                           code="desk_driver_missing") from None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, connect_args={"connect_timeout": timeout})
    shown = display_url(url)
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar_one()
            user = connection.execute(text("SELECT current_user")).scalar_one()
            has_schema = connection.execute(text("SELECT to_regclass('public.audit_event') IS NOT NULL")).scalar_one()
    except DBAPIError as exc:
        from reedesk.store.team import connection_reason

        reason = connection_reason((str(exc.orig).strip().splitlines() or ["no reason given"])[0])  # Coded: said in any language
        raise ReedeskError(f"Could not connect to {shown}: {reason}.", code="desk_connection_failed",
                           params={"url": shown, "reason": reason}) from None
    finally:
        engine.dispose()
    return ConnectionCheck(shown, str(version), str(user), bool(has_schema))

"""The bundled sample dossiers (``resources/samples``).

They are loaded into a desk in two ways only: once, when the desktop app starts on a
brand-new desk (so a new user has something to look at), and on demand with
``reedesk import --samples``. The first start is remembered in the ``setting`` table
(``samples_seeded``), so samples the user deleted never come back, and a desk that
was first used from the command line or holds real work is never seeded.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from reedesk.audit.trail import append_event
from reedesk.clock import utc_timestamp
from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import parse_dossier_json
from reedesk.errors import ReedeskError
from reedesk.resources import resource
from reedesk.services.desk import Desk
from reedesk.store.models import SettingRow

SEEDED_SETTING = "samples_seeded"
SAMPLES_SOURCE = "the bundled samples"


def sample_files() -> list[Path]:
    return sorted(resource("samples").glob("*.json"))


def sample_dossiers() -> list[Dossier]:
    return [parse_dossier_json(p.read_bytes(), p.name) for p in sample_files()]


def samples_seeded(desk: Desk) -> bool:
    """Whether this desk has already had its one chance at the samples."""
    with desk.db.unit_of_work() as session:
        return session.get(SettingRow, SEEDED_SETTING) is not None


def seed_samples_once(desk: Desk) -> bool:
    """On the desktop app's first start on a new desk, import the samples; True when it did.

    A desk is new when nothing was ever recorded in it (no audit event at all). Either
    way the first call is remembered, so later starts do nothing: samples the user
    deleted stay deleted. The import and the remembered flag are one unit of work.
    """
    from reedesk.services.dossiers import save_in_session

    with desk.db.unit_of_work() as session:
        if session.get(SettingRow, SEEDED_SETTING) is not None:
            return False
        is_new = session.connection().execute(text("SELECT 1 FROM audit_event WHERE entity_type NOT IN ('desk_key', 'head_key') LIMIT 1")).first() is None
        if not _settings_writable(session) and _holds_dossiers(session):
            return False  # a team desk in use, opened by a non-admin: nothing would be loaded, so nothing to say
        _refuse_unless_settings_writable(session)
        seeded = False
        if is_new:
            for dossier in sample_dossiers():
                save_in_session(session, dossier, reason=f"imported from {SAMPLES_SOURCE}", action="import")
            seeded = True
        value = utc_timestamp() if seeded else "no (the desk was not new)"
        session.add(SettingRow(key=SEEDED_SETTING, value=value))
        append_event(
            session, action="update", entity_type="setting", entity_id=SEEDED_SETTING,
            before={"value": None}, after={"value": value},
        )
        return seeded


class SamplesNeedAdmin(ReedeskError):
    """On a team desk, the first-start seeding writes a desk setting, which only an admin may."""


def _holds_dossiers(session) -> bool:  # type: ignore[no-untyped-def]
    """Whether the desk is in use: a non-admin's notice about samples matters only on a desk with no dossier
    yet (an admin may already have set the language or certified head keys; that is not "in use")."""
    return session.connection().execute(text("SELECT 1 FROM dossier LIMIT 1")).first() is not None


def _settings_writable(session) -> bool:  # type: ignore[no-untyped-def]
    connection = session.connection()
    return connection.dialect.name != "postgresql" or bool(connection.execute(text("SELECT has_table_privilege('setting', 'INSERT')")).scalar())


def _refuse_unless_settings_writable(session) -> None:  # type: ignore[no-untyped-def]
    """On a team desk (PostgreSQL), only ``reedesk_admin`` may write ``setting`` (issue 12,
    point 4): say so in one sentence instead of letting the server refuse the INSERT."""
    if _settings_writable(session):
        return
    connection = session.connection()
    role = connection.execute(text("SELECT session_user")).scalar_one()
    raise SamplesNeedAdmin.coded("samples_need_admin", role=str(role))


def seed_samples_if_empty(desk: Desk) -> bool:
    """Kept for callers of the first version: same as :func:`seed_samples_once`."""
    return seed_samples_once(desk)


__all__ = ["SamplesNeedAdmin", "SEEDED_SETTING", "SAMPLES_SOURCE", "sample_files", "sample_dossiers", "samples_seeded", "seed_samples_once"]

"""Small user preferences (language, default currency, current identity) kept in the desk.

They live in the ``setting`` table so that they travel with the desk folder, not
with one operating-system account. Changing a preference is audited like any
other change, because the default identity and currency influence what is signed.
"""

from __future__ import annotations

from sqlmodel import select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.domain.codes import is_currency
from reedesk.errors import ReedeskError
from reedesk.services.desk import Desk
from reedesk.store.models import SettingRow

from reedesk.vocabulary import LANGUAGES  # noqa: E402  (one definition of the languages)

# Known keys and how a value is checked; unknown keys are refused so typos do not
# silently create preferences nobody reads.
_CHECKS = {
    "language": lambda v: v in LANGUAGES,
    "default_currency": is_currency,
    "default_identity": lambda v: bool(v.strip()),
    # Years records are kept before they may be deleted (Dual-Use Regulations Art. 27: at least 5). H7.
    "retention_years": lambda v: v.isdigit() and 5 <= int(v) <= 100,
    # RFC 3161 timestamp authority for the PAdES signature of evidence packs ("" = none: the pack says the
    # signing time is the signer's own clock). H5.
    "timestamp_url": lambda v: v == "" or (v.startswith(("http://", "https://")) and len(v) < 2000 and not any(c.isspace() for c in v)),
    # Minutes the desktop app keeps an unlocked signing key in memory, never on disk (0: ask every time). H4.
    "unlock_minutes": lambda v: v.isdigit() and 0 <= int(v) <= 480,
}
DEFAULTS = {"language": "en", "default_currency": "USD", "default_identity": "", "timestamp_url": "", "retention_years": "5",
            "unlock_minutes": "15"}


def get_setting(desk: Desk, key: str) -> str:
    """The stored value of ``key``, or its default."""
    if key not in _CHECKS:
        raise ReedeskError.coded("settings_there_setting_called_known", key=key, join=', '.join(_CHECKS))
    with desk.db.read() as session:
        row = session.get(SettingRow, key)
        return row.value if row is not None else DEFAULTS[key]


def all_settings(desk: Desk) -> dict[str, str]:
    with desk.db.read() as session:
        stored = {row.key: row.value for row in session.exec(select(SettingRow))}
    return {key: stored.get(key, default) for key, default in DEFAULTS.items()}


def may_change_settings(desk: Desk) -> bool:
    """Whether this person may write desk settings: always on a SQLite desk; on a team desk only a
    member of ``reedesk_admin`` (the grants of issue 12, point 4), so a preparer's window does not
    ask the server for a change it refuses (e.g. marking her new identity the desk's default)."""
    from sqlalchemy import text

    with desk.db.read() as session:
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            return True
        return bool(connection.execute(text(
            "SELECT has_table_privilege('setting', 'INSERT') AND has_table_privilege('setting', 'UPDATE')")).scalar())


def set_setting(desk: Desk, key: str, value: str) -> None:
    """Store ``key = value`` after checking it; an unchanged value writes nothing."""
    if key not in _CHECKS:
        raise ReedeskError.coded("settings_there_setting_called_known", key=key, join=', '.join(_CHECKS))
    if not isinstance(value, str) or not _CHECKS[key](value):
        raise ReedeskError.coded("settings_valid_value_setting", value=value, key=key)
    with desk.db.unit_of_work() as session:
        row = session.get(SettingRow, key)
        before = row.value if row is not None else None
        if before == value:
            return
        if row is None:
            row = SettingRow(key=key, value=value)
        else:
            row.value = value
        session.add(row)
        desk_changed(session, "settings")  # published once this unit of work commits (C3)
        append_event(session, action="update", entity_type="setting", entity_id=key, before={"value": before}, after={"value": value})

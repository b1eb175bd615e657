"""Which databases sign a tree head at every write batch, with which data folder.

Kept apart from ``reedesk.audit.heads`` (which needs the cryptography stack) so that
opening a desk — every command, every start of the app — registers the desk and checks
that its desk key is recorded without importing any of it; the hook module is imported
by the first write that appends an audit event (``reedesk.audit.trail``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DeskSigner:
    """What the hook needs to sign heads for one database: the data folder and its cached key."""

    home: Path
    key: Any = None  # reedesk.audit.desk_key.DeskKey, unlocked, once read
    # A team desk whose writer does not hold the desk key signs with their own certified
    # head key (reedesk.audit.team_heads, issue 12 point 6): None until first checked.
    team: bool | None = None
    writer: Any = None  # reedesk.audit.team_heads.WriterKey, once certified
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def checkpoint_path(self) -> Path:
        return Path(self.home) / "audit-checkpoints.txt"  # reedesk.audit.note.CHECKPOINT_FILE


_signers: dict[str, DeskSigner] = {}


def _database_key(bind: Any) -> str | None:
    url = getattr(bind, "url", None)
    if url is not None and url.get_backend_name() == "postgresql":  # a team desk (issue 12): the server's database
        return url.render_as_string(hide_password=True)
    return str(Path(url.database).resolve()) if url is not None and url.database else None


def _registry_key(database: Any) -> str:
    if getattr(database, "path", None) is None:  # a team desk on PostgreSQL
        return str(_database_key(database.engine))
    return str(Path(database.path).resolve())


def attach(database: Any, home: Path) -> DeskSigner:
    """Sign a head over every write batch of ``database`` with the desk key in ``home``."""
    signer = DeskSigner(Path(home))
    _signers[_registry_key(database)] = signer
    return signer


def detach(database: Any) -> None:
    _signers.pop(_registry_key(database), None)


def signer_for(session: Any) -> DeskSigner | None:
    key = _database_key(session.get_bind())
    return _signers.get(key) if key else None


def desk_key_recorded(database: Any) -> bool:
    """Whether the trail records a desk key (a cheap indexed query in a read-only snapshot)."""
    from sqlalchemy import text

    read = getattr(database, "read", None)
    with (read() if read is not None else database.unit_of_work()) as session:
        row = session.connection().execute(
            text("SELECT 1 FROM audit_event WHERE entity_type = 'desk_key' AND action = 'create' LIMIT 1")
        ).first()
    return row is not None

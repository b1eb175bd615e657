"""The open desk: one user's data folder and database, shared by every use case.

Both front ends start by calling :func:`open_desk`; every service function takes
the :class:`Desk` as its first argument and opens its own unit of work on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reedesk.paths import database_path, private_folder, reedesk_home

if TYPE_CHECKING:  # the class is importable without the database stack (the window paints first, issue 13)
    from reedesk.store.database import Database
    from reedesk.vocabulary import Coded


@dataclass
class Desk:
    home: Path
    db: Database
    # Sentences for the front end to show once after opening (e.g. samples not loaded on a team desk):
    # each a reedesk.vocabulary.Coded — its str() is the English sentence, ``.text(language)`` the same
    # in the window's language, ``.code``/``.params`` what it says (resources/vocabulary/messages.toml).
    notices: "list[Coded]" = field(default_factory=list)

    def close(self) -> None:
        if self.db.path is None:  # a team desk: the actor was its database role
            from reedesk.clock import set_database_role

            set_database_role(None)
        self.db.dispose()

    def __enter__(self) -> "Desk":
        return self

    def __exit__(self, *_exc: object) -> None:
        """``with open_desk() as desk:`` closes the desk however the block ends."""
        self.close()


def attach_head_signer(desk: Desk) -> None:
    """Every write batch of this desk ends with a tree head signed by the desk key, and a
    brand-new (or 0.1.0) desk records its desk key now (issue 10, point 2)."""
    from reedesk.audit.head_registry import attach, desk_key_recorded

    attach(desk.db, desk.home)
    if not desk_key_recorded(desk.db):  # only then is the cryptography stack needed at open
        from reedesk.audit.heads import ensure_desk_key

        ensure_desk_key(desk.db)


def _act_as_database_role(desk: Desk) -> None:
    from sqlalchemy import text

    from reedesk.clock import set_database_role

    with desk.db.read() as session:
        set_database_role(session.connection().execute(text("SELECT session_user")).scalar_one())


def open_desk(home: Path | None = None, *, seed_samples: bool = True) -> Desk:
    """Open (and migrate) the desk in ``home`` (default: ``REEDESK_HOME`` or the platform folder).

    ``seed_samples`` is for the desktop app: on its first start on a brand-new desk the
    bundled sample dossiers are imported once, so a new user has something to look at;
    the desk remembers that it happened and never seeds again (see
    ``reedesk.services.samples``). The command line passes ``seed_samples=False``:
    it loads samples only when asked (``reedesk import --samples``).
    """
    from reedesk.store.database import open_database

    home = private_folder(Path(home)) if home is not None else reedesk_home()
    desk = Desk(home=home, db=open_database(database_path(home)))
    if desk.db.path is None:  # a team desk on PostgreSQL: the audit actor is the person's database role
        _act_as_database_role(desk)
    attach_head_signer(desk)
    if seed_samples:
        from reedesk.services.samples import SamplesNeedAdmin, seed_samples_once

        try:
            seed_samples_once(desk)
        except SamplesNeedAdmin as exc:  # a team desk opened first by a non-admin (issue 12)
            from reedesk.vocabulary import Coded

            desk.notices.append(Coded("error", exc.code, **exc.params))
    return desk

"""The main window's status-bar note of a team desk: which server and database, and who the person is there
("Team desk db.example.internal:5432/desk · alice (reedesk_preparer)"); empty on a single-user desk.

Why: on a team desk what a person may do follows from their database role, and two desks look alike; the
status bar says which one is open and as whom, without the password (issue 12 QA walk).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel


class DeskStatus(QLabel):
    """A permanent status-bar label; :meth:`refresh` reads the role once per desk, then only re-words it."""

    def __init__(self, desk: Any):
        super().__init__()
        self.setObjectName("deskStatus")
        self.desk = desk
        self._member: tuple[str, str, str] | None = None
        self._read = False

    def refresh(self) -> None:
        if not getattr(self.desk, "is_open", True):  # a deferred desk: app.finish_start opens it, then show_notices
            return
        if not self._read and getattr(getattr(self.desk, "db", None), "dialect", "sqlite") != "postgresql":
            self._read = True  # a single-user desk: nothing to read, nothing more to import
        if not self._read:
            from sqlalchemy.exc import SQLAlchemyError

            from reedesk.errors import ReedeskError
            from reedesk.services.team_enrol import desk_member

            try:
                self._member = desk_member(self.desk)
            except (ReedeskError, SQLAlchemyError):  # the server went away: the bar stays quiet, the next action says why
                self._member = None
            self._read = True
        if self._member is None:
            self.setText("")
            self.setVisible(False)
            return
        from reedesk import vocabulary
        from reedesk.gui.i18n import current_language

        where, role, group = self._member
        language = current_language()
        said = vocabulary.message("team", "status_bar", {"where": where, "role": role,
                                                         "group": group or vocabulary.message("team", "status_no_group", {}, language)},
                                  language)
        self.setText(said or where)
        self.setVisible(True)

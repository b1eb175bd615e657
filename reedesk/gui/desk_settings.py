"""Settings → Desk (issue 12, point 1): which desk is open, where the data folder is, and a team database to use.

Shows the desk in use (the SQLite file, or the PostgreSQL URL without its password) and
where that choice came from; lets the user save a team database URL (used from the next
start; ``REEDESK_DATABASE_URL`` overrides it and the tab says so) and test a connection
off the GUI thread. The choice itself lives in reedesk.desk_choice (the CLI reads it too).

On a team desk the tab also shows the desk's four-eyes setting (issue 12, point 5): on or
OFF (said in red, with who changed it last), changeable by an admin only — others see it
read-only, and the database refuses their change anyway (reedesk.services.team.set_four_eyes).
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reedesk import desk_choice
from reedesk.errors import ReedeskError
from reedesk.gui.i18n import LanguageAware, Message, render, tr

PLACEHOLDER = "postgresql+psycopg://USER@HOST/DATABASE"


def _platform_folder_note() -> str:
    """Where the data folder is by default on this platform (README names the same folders)."""
    if os.environ.get("REEDESK_HOME"):
        return tr("REEDESK_HOME chooses this folder.")
    if sys.platform == "win32":
        return tr("The usual folder on Windows (%LOCALAPPDATA%\\reedesk\\reedesk).")
    if sys.platform == "darwin":
        return tr("The usual folder on macOS (~/Library/Application Support/reedesk).")
    return tr("The usual folder on Linux (~/.local/share/reedesk, or $XDG_DATA_HOME/reedesk).")


def connection_sentence(check: desk_choice.ConnectionCheck) -> str:
    if check.has_desk:
        return tr("Connected to PostgreSQL {version} at {url} as {user}; the team desk is there.").format(
            version=check.version, url=check.url, user=check.user)
    return tr("Connected to PostgreSQL {version} at {url} as {user}, but there is no reedesk desk in this database yet: "
              "an administrator creates it with reedesk team init.").format(version=check.version, url=check.url, user=check.user)


def refusal_sentence(error: BaseException, url: str) -> str:
    code = getattr(error, "code", "")
    params = getattr(error, "params", {}) or {}
    if code == "desk_connection_failed":
        from reedesk.gui.i18n import current_language
        from reedesk.vocabulary import text_in

        reason = text_in(params.get("reason", ""), current_language())  # reedesk's words, not psycopg's English
        return tr("Could not connect to {url}: {reason}.").format(url=params.get("url", url), reason=reason)
    if code in ("desk_url_unreadable", "desk_url_not_postgresql"):
        return tr("A team desk is a PostgreSQL database named like {example}; leave the field empty for the local desk.").format(
            example=PLACEHOLDER)
    if code == "desk_driver_missing":
        return tr("A team desk needs the PostgreSQL driver psycopg: pip install 'reedesk[team]'.")
    return str(error)


class DeskTab(LanguageAware, QWidget):
    """The Desk tab of the settings dialog."""

    def __init__(self, desk, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("deskTab")
        self.desk = desk
        self.operation = None  # the running or last connection test (reedesk.gui.ops.Operation)
        self.said: Message = ""
        self.in_use = QLabel()
        self.in_use.setObjectName("deskInUse")
        self.in_use.setWordWrap(True)
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source = QLabel()
        self.source.setObjectName("deskSource")
        self.source.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setObjectName("deskDataFolder")
        self.folder.setWordWrap(True)
        self.folder_note = QLabel()
        self.folder_note.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setObjectName("deskUrl")
        self.url.setPlaceholderText(PLACEHOLDER)
        self.test_button = QPushButton()
        self.test_button.setObjectName("deskTest")
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton()
        self.save_button.setObjectName("deskSave")
        self.save_button.clicked.connect(self.save)
        self.result = QLabel()
        self.result.setObjectName("deskResult")
        self.result.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.four_eyes = QCheckBox()
        self.four_eyes.setObjectName("deskFourEyes")
        self.four_eyes.clicked.connect(self.change_four_eyes)
        self.four_eyes_state = QLabel()
        self.four_eyes_state.setObjectName("deskFourEyesState")
        self.four_eyes_state.setWordWrap(True)
        self.four_eyes_said: Message = ""
        form = QFormLayout()
        self.labels = [QLabel(), QLabel(), QLabel()]
        form.addRow(self.labels[0], self.in_use)
        form.addRow("", self.source)
        form.addRow(self.labels[1], self.folder)
        form.addRow("", self.folder_note)
        form.addRow(self.labels[2], self.url)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.note)
        layout.addWidget(self.four_eyes)
        layout.addWidget(self.four_eyes_state)
        layout.addStretch(1)
        self.url.setText(desk_choice.configured_url() or "")
        self.retranslate()

    def say(self, message: Message, ok: bool = True) -> None:
        self.said = message
        self.result.setStyleSheet("color:#1b5e20" if ok else "color:#a11")
        self.result.setText(render(message))

    def show_desk(self) -> None:
        used = desk_choice.desk_in_use(self.desk)
        self.in_use.setText(tr("Local desk (SQLite): {path}").format(path=used.where) if used.kind == "sqlite"
                            else tr("Team desk (PostgreSQL): {url}").format(url=used.where))
        if used.source == "environment":
            self.source.setText(tr("Chosen by REEDESK_DATABASE_URL, which overrides the setting below."))
        elif used.source == "settings":
            self.source.setText(tr("Chosen by the team database URL below."))
        else:
            self.source.setText(tr("No team database is chosen: this is the desk of this computer's user."))
        self.folder.setText(str(used.data_folder))
        self.folder_note.setText(_platform_folder_note())

    def show_four_eyes(self) -> None:
        """The desk's four-eyes setting; hidden where there is none (a local desk, no ``team init``)."""
        from reedesk.services.team import four_eyes

        try:
            state = four_eyes(self.desk)
        except Exception:  # noqa: BLE001 - a desk that cannot be read now shows no setting rather than failing the tab
            state = None
        self.four_eyes.setVisible(state is not None)
        self.four_eyes_state.setVisible(state is not None)
        if state is None:
            return
        self.four_eyes.setChecked(state.on)
        self.four_eyes.setEnabled(state.may_change)
        lines = [tr("Four eyes is on: an approval must come from another person than the determination's preparer.")
                 if state.on else
                 tr("Four eyes is OFF on this team desk: a person may approve a determination they prepared.")]
        if state.changed_by:
            lines.append(tr("Last changed by {role} at {when}.").format(role=state.changed_by, when=state.changed_at))
        if state.outside_reedesk:
            lines.append(tr("{count} change(s) of it were made outside reedesk (an admin's psql UPDATE) and have no audit event.").format(
                count=state.outside_reedesk))
        if not state.may_change:
            lines.append(tr("Only an admin (reedesk_admin) may change it; you are connected as {role}.").format(role=state.role))
        said = render(self.four_eyes_said)
        if said:
            lines.append(said)
        self.four_eyes_state.setStyleSheet("" if state.on else "color:#a11; font-weight:bold")
        self.four_eyes_state.setText("\n".join(lines))

    def change_four_eyes(self, checked: bool) -> bool:
        """Turn four eyes on or off for the whole desk (an admin; an audit event); a refusal is shown."""
        from reedesk.gui.errors import error_text
        from reedesk.services.team import set_four_eyes

        try:
            set_four_eyes(self.desk, bool(checked))
        except ReedeskError as exc:
            text = error_text(exc)
            self.four_eyes_said = text
            self.show_four_eyes()
            return False
        self.four_eyes_said = ""
        self.show_four_eyes()
        return True

    def save(self) -> bool:
        url = self.url.text().strip()
        try:
            desk_choice.save_configured_url(url or None)
        except ReedeskError as exc:
            self.say(refusal_sentence(exc, url), ok=False)
            return False
        overridden = bool(os.environ.get(desk_choice.ENVIRONMENT))
        if url:
            shown = desk_choice.display_url(url)
            self.say((lambda: tr("Saved: reedesk opens {url} from the next start, but REEDESK_DATABASE_URL overrides it while it is set.").format(url=shown))
                     if overridden else (lambda: tr("Saved: reedesk opens {url} from the next start.").format(url=shown)))
        else:
            self.say(lambda: tr("Cleared: from the next start reedesk opens the local desk."))
        return True

    def test_connection(self):  # -> reedesk.gui.ops.Operation | None
        from reedesk.gui.ops import run_in_background

        url = self.url.text().strip() or os.environ.get(desk_choice.ENVIRONMENT, "")
        if not url:
            self.say(lambda: tr("Type a team database URL first; without one reedesk uses the local desk."), ok=False)
            return None
        self.test_button.setEnabled(False)
        self.say(lambda: tr("Connecting to {url}…").format(url=desk_choice.display_url(url)))

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            try:
                return desk_choice.check_connection(url), None
            except ReedeskError as exc:
                return None, exc

        def done(result) -> None:  # type: ignore[no-untyped-def]
            self.test_button.setEnabled(True)
            check, error = result
            if error is not None:
                self.say(refusal_sentence(error, url), ok=False)
            else:
                self.say(lambda: connection_sentence(check), ok=check.has_desk)

        def failed(message: str) -> None:
            self.test_button.setEnabled(True)
            self.say(message, ok=False)

        self.operation = run_in_background(self, tr("Test connection"), work, done, failed, show_progress=False)
        return self.operation

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (tr("Desk in use"), tr("Data folder"), tr("Team database URL"))):
            label.setText(text)
        self.url.setAccessibleName(tr("Team database URL"))
        self.test_button.setText(tr("Test connection"))
        self.save_button.setText(tr("Save"))
        self.note.setText(tr("A new team database takes effect at the next start. The password, if any, is kept in your "
                             "config folder, readable by you only; the server's own authentication (a password file, "
                             "Kerberos) avoids keeping it there."))
        self.four_eyes.setText(tr("Four eyes: an approval must come from another person than the preparer"))
        self.four_eyes.setAccessibleName(tr("Four eyes"))
        self.show_desk()
        self.show_four_eyes()
        self.result.setText(render(self.said))

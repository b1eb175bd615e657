"""Settings: language and default currency, identities and keys, trusted keys, rule packs,
screening lists.

Preferences are stored in the desk through ``services.settings``; the language
switch applies at once to every open window. Key and rule-pack actions call
``services.keys``, ``services.rulepacks`` and ``services.screening``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from reedesk.domain.codes import is_currency
from reedesk.gui.errors import error_text
from reedesk.gui.i18n import LANGUAGES, LanguageAware, Message, render, current_language, set_language, tr
from reedesk.gui.table_model import Column, RecordTableModel, attr, make_table_view, minutes
from reedesk.services import keys, rulepacks, screening
from reedesk.services.settings import get_setting, set_setting

_DEFAULT_KEY = [""]  # the desk's default identity, read by reload() (marked in the table, issue 14)
IDENTITY_COLUMNS = (  # capped so the columns fit beside the new-identity form; full text in the tooltip
    Column("Default", lambda i: "★" if i.key_id == _DEFAULT_KEY[0] else "", tooltip=lambda i: tr("The default signing identity") if i.key_id == _DEFAULT_KEY[0] else ""),
    Column("Name", lambda i: i.name, max_chars=14),
    Column("Role", lambda i: i.role, max_chars=26),
    Column("Organisation", lambda i: i.organisation, max_chars=16),
    Column("Key", lambda i: i.fingerprint),
    Column("Created (UTC)", lambda i: minutes(i.created_at), tooltip=lambda i: i.created_at),
    Column("Retired (UTC)", lambda i: minutes(i.retired_at), tooltip=lambda i: i.retired_at),
)
TRUSTED_COLUMNS = (
    Column("Label", lambda k: k.label, max_chars=30),
    Column("Key", lambda k: k.fingerprint),
    Column("Added (UTC)", lambda k: minutes(k.added_at), tooltip=lambda k: k.added_at),
)


_FAILED = object()  # what SettingsDialog._attempt gives when the service refused


def pack_text(pack: Any, field: str) -> str:
    """A pack's title or announcement in the window's language: the packs carry English and the
    Simplified text as published; a Traditional window shows that text in Traditional script."""
    language = current_language()
    if language == "en":
        return str(attr(pack, f"{field}_en" if field == "title" else field, default="") or "")
    if language == "zh-Hant" and attr(pack, f"{field}_zh_hant", default=None):
        return str(attr(pack, f"{field}_zh_hant"))
    text = str(attr(pack, f"{field}_zh", default="") or attr(pack, f"{field}_en" if field == "title" else field, default="") or "")
    if language == "zh-Hant":
        from reedesk.screening.normalise import to_traditional

        return to_traditional(text)
    return text


def _pack(info: Any) -> Any:
    """``PackInfo.pack`` (the parsed RulePack) or the record itself."""
    return getattr(info, "pack", info)


PACK_COLUMNS = (  # the long title last: it takes the room left and is elided, in full in its tooltip
    Column("Pack", lambda p: attr(_pack(p), "id", "pack_id")),
    Column("Version", lambda p: attr(_pack(p), "version")),
    Column("Effective from", lambda p: attr(_pack(p), "effective_from")),
    Column("Source", lambda p: tr(str(attr(p, "origin", "source")))),  # "shipped" / "imported", in the window's words
    Column("Title", lambda p: pack_text(_pack(p), "title")),
)


def _list_kind(kind: str) -> str:
    from reedesk.gui.screening_panel import kind_label

    return kind_label(kind)


LIST_COLUMNS = (  # ScreeningList records; the long name last, in full in its tooltip
    Column("List", lambda s: s.id, max_chars=30),
    Column("Kind", lambda s: _list_kind(s.kind), max_chars=18),
    Column("Entries", lambda s: len(s.entries), align=Qt.AlignmentFlag.AlignRight),
    Column("Version date", lambda s: s.version_date),
    Column("Source", lambda s: tr("shipped") if s.source == "shipped" else tr("imported")),
    # The shipped lists' names are in the catalogues (Traditional script too; the files carry the Simplified
    # official title); an imported list shows its own name.
    Column("List name", lambda s: tr(s.name_en),
           tooltip=lambda s: "\n".join(x for x in (s.name_en, s.name_zh, s.authority, f"SHA-256: {s.sha256}") if x)),
)


class SettingsDialog(LanguageAware, QDialog):
    changes_requested = Signal(str, object)  # "pack" | "list", Path: show what importing it would change (portfolio)

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.desk = desk
        self.setMinimumSize(860, 560)
        self.tabs = QTabWidget()
        self.message = QLabel()
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.said: Message = ""
        self.tabs.addTab(self._general_tab(), "")
        self.tabs.addTab(self._keys_tab(), "")
        self.tabs.addTab(self._packs_tab(), "")
        self.tabs.addTab(self._lists_tab(), "")
        from reedesk.gui.desk_settings import DeskTab  # Settings → Desk (issue 12, point 1)

        self.desk_tab = DeskTab(desk)
        self.tabs.addTab(self.desk_tab, "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.retranslate()
        self.reload()

    def say(self, message: Message, ok: bool = True) -> None:
        """Show ``message`` under the tabs; a callable is asked again after a language switch."""
        self.said = message
        self.message.setStyleSheet("color:#1b5e20" if ok else "color:#a11")
        self.message.setText(render(message))

    def _attempt(self, action: Callable[[], Any]) -> Any:
        """Run one service call; a refusal is said in the message line and gives ``_FAILED``."""
        try:
            return action()
        except Exception as exc:
            self.say(error_text(exc), ok=False)
            return _FAILED

    # -- general --------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        page = QWidget()
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(get_setting(self.desk, "language")), 0))
        self.language.activated.connect(lambda _: self.choose_language(self.language.currentData()))
        self.currency = QLineEdit(get_setting(self.desk, "default_currency"))
        self.currency.setObjectName("currencyEdit")
        self.currency.setMaxLength(3)
        self.currency.editingFinished.connect(self._currency_changed)
        self.language_label, self.currency_label = QLabel(), QLabel()
        form = QFormLayout(page)
        form.addRow(self.language_label, self.language)
        form.addRow(self.currency_label, self.currency)
        return page

    def choose_language(self, code: str) -> None:
        try:
            set_setting(self.desk, "language", code)
        except Exception as exc:
            self.say(error_text(exc), ok=False)
            return
        set_language(code)

    def _currency_changed(self) -> None:
        value = self.currency.text().strip().upper()
        if not is_currency(value):
            self.say(lambda: tr("{value} is not an ISO 4217 currency code such as USD").format(value=value), ok=False)
            return
        set_setting(self.desk, "default_currency", value)
        self.currency.setText(value)
        self.say(lambda: tr("Default currency set to {value}.").format(value=value))

    # -- identities and keys --------------------------------------------------
    def _keys_tab(self) -> QWidget:
        page = QWidget()
        self.identities = RecordTableModel(IDENTITY_COLUMNS, parent=self)
        self.identity_view = make_table_view("identityTable", self.identities)
        self.trusted = RecordTableModel(TRUSTED_COLUMNS, parent=self)
        self.trusted_view = make_table_view("trustedTable", self.trusted)
        self.new_name, self.new_role, self.new_org = QLineEdit(), QLineEdit(), QLineEdit()
        self.new_pass, self.new_pass2 = QLineEdit(), QLineEdit()
        for w, name in ((self.new_name, "newName"), (self.new_role, "newRole"), (self.new_org, "newOrganisation"),
                        (self.new_pass, "newPassphrase"), (self.new_pass2, "newPassphrase2")):
            w.setObjectName(name)
        for w in (self.new_pass, self.new_pass2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        for w in (self.new_name, self.new_role, self.new_org, self.new_pass, self.new_pass2):
            w.setMinimumWidth(230)  # "Export compliance officer" and an organisation's name fit (issue 14)
        self.create_button = QPushButton()
        self.create_button.setObjectName("createIdentity")
        self.create_button.clicked.connect(self.create_identity)
        self.rotate_button = QPushButton()
        self.rotate_button.setObjectName("rotateIdentity")
        self.rotate_button.clicked.connect(self.rotate_identity)
        self.retire_button = QPushButton()
        self.retire_button.setObjectName("retireIdentity")
        self.retire_button.clicked.connect(self.retire_identity)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportPublicKey")
        self.export_button.clicked.connect(lambda: self.export_public_key())
        self.default_button = QPushButton()
        self.default_button.setObjectName("defaultIdentity")
        self.default_button.clicked.connect(self.make_default)
        self.trust_button = QPushButton()
        self.trust_button.setObjectName("trustKey")
        self.trust_button.clicked.connect(lambda: self.trust_key())
        self.trust_label = QLineEdit()
        self.trust_label.setObjectName("trustLabel")
        self.create_box = QGroupBox()
        form = QFormLayout(self.create_box)
        self.create_labels = [QLabel() for _ in range(5)]
        for label, w in zip(self.create_labels, (self.new_name, self.new_role, self.new_org, self.new_pass, self.new_pass2)):
            form.addRow(label, w)
        form.addRow(self.create_button)
        actions = QHBoxLayout()
        for b in (self.default_button, self.rotate_button, self.retire_button, self.export_button):
            actions.addWidget(b)
        actions.addStretch(1)
        trust_row = QHBoxLayout()
        self.trust_label_label = QLabel()
        trust_row.addWidget(self.trust_label_label)
        trust_row.addWidget(self.trust_label, 1)
        trust_row.addWidget(self.trust_button)
        self.identities_label, self.trusted_label = QLabel(), QLabel()
        left = QVBoxLayout()
        left.addWidget(self.identities_label)
        left.addWidget(self.identity_view, 2)
        left.addLayout(actions)
        left.addWidget(self.trusted_label)
        left.addWidget(self.trusted_view, 1)
        left.addLayout(trust_row)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 3)
        layout.addWidget(self.create_box, 1)
        return page

    def _selected_identity(self) -> Any:
        index = self.identity_view.currentIndex()
        return self.identities.records[index.row()] if index.isValid() else None

    def create_identity(self) -> Any:
        if self.new_pass.text() != self.new_pass2.text():
            self.say(lambda: tr("The two passphrases differ; no key was created."), ok=False)
            return None
        info = self._attempt(lambda: keys.create_identity(
            self.desk, self.new_name.text(), self.new_role.text(), self.new_org.text(), self.new_pass.text()))
        if info is _FAILED:
            return None
        self.new_pass.clear()
        self.new_pass2.clear()
        self.reload()
        self.say(lambda: tr("Created identity {name} with key {key}.").format(name=info.name, key=info.fingerprint))
        return info

    def rotate_identity(self) -> Any:
        """Rotation: the selected person's key is replaced by a new one (passphrase from the form) in ONE
        step of the keys service (``rotate_identity``), so a refusal or a crash never leaves no active key."""
        old = self._selected_identity()
        if old is None:
            self.say(lambda: tr("Select the identity to rotate first."), ok=False)
            return None
        for w, v in ((self.new_name, old.name), (self.new_role, old.role), (self.new_org, old.organisation)):
            if not w.text().strip():
                w.setText(v)
        passphrase = self.new_pass.text()
        if not passphrase:
            self.say(lambda: tr("Type a passphrase for the new key (twice), then press Rotate again."), ok=False)
            return None
        if passphrase != self.new_pass2.text():
            self.say(lambda: tr("The two passphrases differ; no key was created."), ok=False)
            return None
        minimum = keys.MIN_PASSPHRASE_LENGTH
        if len(passphrase) < minimum:
            self.say(lambda: tr("A new key needs a passphrase of at least {count} characters; nothing was changed.").format(count=minimum), ok=False)
            return None
        rotated = self._attempt(lambda: keys.rotate_identity(
            self.desk, old.key_id, passphrase, name=self.new_name.text(), role=self.new_role.text(),
            organisation=self.new_org.text(), reason="rotated in the desktop app"))
        if rotated is _FAILED:
            return None
        info = rotated[1]
        self.new_pass.clear()
        self.new_pass2.clear()
        self.reload()
        self.say(lambda: tr("Key {old} retired; {new} signs from now on.").format(old=old.fingerprint, new=info.fingerprint))
        return info

    def retire_identity(self) -> None:
        old = self._selected_identity()
        if old is None:
            self.say(lambda: tr("Select the identity to retire first."), ok=False)
            return
        if self._attempt(lambda: keys.retire_identity(self.desk, old.key_id)) is _FAILED:
            return
        self.reload()
        self.say(lambda: tr("Key {key} retired; it can no longer sign, its public key stays.").format(key=old.fingerprint))

    def make_default(self) -> None:
        ident = self._selected_identity()
        if ident is not None:
            set_setting(self.desk, "default_identity", ident.key_id)
            self.reload()  # the star moves to it
            self.say(lambda: tr("{name} is now the default signing identity.").format(name=ident.name))

    def export_public_key(self, path: Path | None = None) -> Path | None:
        ident = self._selected_identity()
        if ident is None:
            self.say(lambda: tr("Select the identity whose public key to export."), ok=False)
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, tr("Export public key"), f"{ident.fingerprint}.pem", "PEM (*.pem)")
            if not chosen:
                return None
            path = Path(chosen)
        target = Path(path)
        if self._attempt(lambda: target.write_text(keys.export_public_key(self.desk, ident.key_id), encoding="ascii")) is _FAILED:
            return None
        self.say(lambda: tr("Public key written to {path}.").format(path=path))
        return Path(path)

    def trust_key(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("Trust a public key"), "", "PEM (*.pem)")
            if not chosen:
                return
            path = Path(chosen)
        source = Path(path)
        info = self._attempt(lambda: keys.trust_key(self.desk, self.trust_label.text() or source.stem, source))
        if info is _FAILED:
            return
        self.reload()
        self.say(lambda: tr("Trusted {label} ({key}).").format(label=info.label, key=info.fingerprint))

    # -- rule packs -----------------------------------------------------------
    def _packs_tab(self) -> QWidget:
        page = QWidget()
        self.packs = RecordTableModel(PACK_COLUMNS, parent=self)
        self.pack_view = make_table_view("packTable", self.packs)
        self.pack_view.selectionModel().currentRowChanged.connect(lambda cur, _: self.show_pack(cur.row()))
        self.pack_details = QTextBrowser()
        self.pack_details.setObjectName("packDetails")
        self.import_pack_button = QPushButton()
        self.import_pack_button.setObjectName("importPack")
        self.import_pack_button.clicked.connect(lambda: self.import_pack())
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.pack_view, 1)
        ll.addWidget(self.import_pack_button)
        self.pack_changes_button = QPushButton()
        self.pack_changes_button.setObjectName("packShowChanges")
        self.pack_changes_button.clicked.connect(lambda: self.show_changes("pack"))
        ll.addWidget(self.pack_changes_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.pack_details)
        split.setSizes([560, 380])
        layout = QVBoxLayout(page)
        layout.addWidget(split)
        return page

    def show_pack(self, row: int) -> None:
        if not (0 <= row < len(self.packs.records)):
            self.pack_details.clear()
            return
        pack = self.packs.records[row]
        try:
            details = rulepacks.show_pack(self.desk, attr(_pack(pack), "id", "pack_id"), attr(_pack(pack), "version"))
        except Exception as exc:
            self.pack_details.setPlainText(error_text(exc))
            return
        p = _pack(details)
        colon = tr(": ")
        head = [f"{attr(p, 'id', default='')} {attr(p, 'version', default='')}", pack_text(p, "title"), pack_text(p, "announcement"),
                f"SHA-256{colon}{attr(p, 'sha256', default='')}",
                f"{tr('Effective from')}{colon}{attr(p, 'effective_from', default='')}", ""]  # then the pack file as written
        text = "\n".join(head) + str(attr(p, "source_text", default="") or details)
        if isinstance(text, dict):
            import json

            text = json.dumps(text, ensure_ascii=False, indent=2, default=str)
        self.pack_details.setPlainText(str(text))

    def import_pack(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("Import a rule pack"), "", tr("Rule packs (*.toml)"))
            if not chosen:
                return
            path = Path(chosen)
        source = Path(path)
        if self._attempt(lambda: rulepacks.import_pack(self.desk, source)) is _FAILED:
            return
        self.reload()
        self.say(lambda: tr("Imported rule pack {name}.").format(name=Path(path).name))

    def show_changes(self, kind: str, path: Path | None = None) -> None:
        """Before importing: ask the portfolio page what the pack or list would change (nothing is imported)."""
        if path is None:
            title, pattern = ((tr("Import a rule pack"), tr("Rule packs (*.toml)")) if kind == "pack"
                              else (tr("Import a screening list"), tr("Screening lists (*.toml *.json *.csv)")))
            chosen, _ = QFileDialog.getOpenFileName(self, title, "", pattern)
            if not chosen:
                return
            path = Path(chosen)
        self.changes_requested.emit(kind, Path(path))
        self.accept()

    # -- screening lists ---------------------------------------------------------
    def _lists_tab(self) -> QWidget:
        page = QWidget()
        self.lists = RecordTableModel(LIST_COLUMNS, parent=self)
        self.list_view = make_table_view("screeningListTable", self.lists)
        self.lists_note = QLabel()
        self.lists_note.setWordWrap(True)
        self.import_list_button = QPushButton()
        self.import_list_button.setObjectName("importScreeningList")
        self.import_list_button.clicked.connect(lambda: self.import_list())
        layout = QVBoxLayout(page)
        layout.addWidget(self.lists_note)
        layout.addWidget(self.list_view, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.import_list_button)
        self.list_changes_button = QPushButton()
        self.list_changes_button.setObjectName("listShowChanges")
        self.list_changes_button.clicked.connect(lambda: self.show_changes("list"))
        bar.addWidget(self.list_changes_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        return page

    def import_list(self, path: Path | None = None) -> Any:
        """Import a screening list file (``.toml``/``.json`` name themselves; a ``.csv`` gets the defaults)."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, tr("Import a screening list"), "", tr("Screening lists (*.toml *.json *.csv)"))
            if not chosen:
                return None
            path = Path(chosen)
        source = Path(path)
        imported = self._attempt(lambda: screening.import_list(self.desk, source))
        if imported is _FAILED:
            return None
        self.reload()
        self.say(lambda: tr("Imported screening list {name} ({entries} entries).").format(name=imported.id, entries=len(imported.entries)))
        return imported

    # -- common ---------------------------------------------------------------
    def reload(self) -> None:
        _DEFAULT_KEY[0] = get_setting(self.desk, "default_identity")
        self.identities.set_records(keys.list_identities(self.desk))
        self.trusted.set_records(keys.list_trusted(self.desk))
        try:
            self.packs.set_records(rulepacks.list_packs(self.desk))
        except Exception as exc:
            self.say(error_text(exc), ok=False)
        try:
            self.lists.set_records(screening.available_lists(self.desk))
        except Exception as exc:
            self.say(error_text(exc), ok=False)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Settings"))
        for i, text in enumerate((tr("General"), tr("Identities and keys"), tr("Rule packs"), tr("Screening lists"))):
            self.tabs.setTabText(i, text)
        self.tabs.setTabText(self.tabs.indexOf(self.desk_tab), tr("Desk"))
        self.desk_tab.retranslate()
        self.language_label.setText(tr("&Language"))
        self.language_label.setBuddy(self.language)
        self.language.setAccessibleName(tr("Language"))
        self.currency_label.setText(tr("Default &currency"))
        self.currency_label.setBuddy(self.currency)
        self.currency.setAccessibleName(tr("Default currency"))
        self.identities_label.setText(tr("Signing identities on this machine"))
        self.trusted_label.setText(tr("Trusted public keys of other people"))
        self.create_box.setTitle(tr("New identity"))
        for label, text in zip(self.create_labels, (tr("Name"), tr("Role"), tr("Organisation"), tr("Passphrase"), tr("Repeat passphrase"))):
            label.setText(text)
        for w, text in ((self.new_name, tr("Name")), (self.new_role, tr("Role")), (self.new_org, tr("Organisation")),
                        (self.new_pass, tr("Passphrase")), (self.new_pass2, tr("Repeat passphrase")),
                        (self.trust_label, tr("Label for the trusted key"))):
            w.setAccessibleName(text)
        for b, text in ((self.create_button, tr("Create identity")), (self.rotate_button, tr("Rotate key")),
                        (self.retire_button, tr("Retire key")), (self.export_button, tr("Export public key…")),
                        (self.default_button, tr("Use as default")), (self.trust_button, tr("Trust key file…")),
                        (self.import_pack_button, tr("Import rule pack…")), (self.import_list_button, tr("Import screening list…")),
                        (self.pack_changes_button, tr("Show what changes…")), (self.list_changes_button, tr("Show what changes…"))):
            b.setText(text)
            b.setAccessibleName(text.rstrip("…"))
        self.trust_label_label.setText(tr("Label"))
        self.identity_view.setAccessibleName(tr("Signing identities"))
        self.trusted_view.setAccessibleName(tr("Trusted keys"))
        self.pack_view.setAccessibleName(tr("Rule packs"))
        self.list_view.setAccessibleName(tr("Screening lists"))
        self.lists_note.setText(tr("End users are screened against these lists. The shipped lists are cited selections, not complete copies; "
                                   "import the complete lists (TOML, JSON, or CSV such as the US Consolidated Screening List) when you have them."))
        for m in (self.identities, self.trusted, self.packs, self.lists):
            m.retranslate()
        self.message.setText(render(self.said))

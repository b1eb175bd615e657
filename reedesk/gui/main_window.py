"""The main window: browser on the left, dossier editor on the right, audit and
reviewer views one click away; every action calls a service.

Nothing typed is lost on an error: a refused save leaves the form as it was and
shows the service's sentence. Services are imported inside the actions that call
them, so the window paints before the database stack is imported (issue 13).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QToolBar, QVBoxLayout, QWidget,
)

from reedesk.errors import ReedeskError
from reedesk.gui import backup_actions
from reedesk.gui.browser import Browser
from reedesk.gui.dossier_panels import DeterminationsTab, HistoryTab
from reedesk.gui.editor import DossierEditor, empty_document
from reedesk.gui.errors import show_error
from reedesk.gui.i18n import LanguageAware, Message, plain, render, tr, with_shortcut
from reedesk.gui.live import DeskChangeRelay
from reedesk.gui.icons import icon
from reedesk.gui.models import outcome_label
from reedesk.gui.ops import Operation, run_in_background
from reedesk.gui.screening_panel import ScreeningPanel
from reedesk.services.desk import Desk
from reedesk.services.events import DeskChange
from reedesk.domain.dossier_file import dossier_to_document

if TYPE_CHECKING:  # services are imported where they are called: the window paints before the store loads
    from reedesk.services.dossiers import DossierConflict

IMPORTABLE = (".json", ".csv", ".xlsx")


class MainWindow(LanguageAware, QMainWindow):
    """reedesk's main window over one open :class:`Desk`."""

    def __init__(self, desk: Desk, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.desk = desk
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.confirm: Callable[[str], bool] = self._ask  # tests replace this to avoid a blocking question
        # Unsaved edits: "save" | "discard" | "cancel" (issue 14); tests replace this too.
        self.ask_unsaved: Callable[[str], str] = self._ask_unsaved
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text  # likewise (title, label, suggested)
        self.last_operation: Operation | None = None
        self.dialogs: list[QWidget] = []

        self.browser = Browser(desk)
        self.browser.opened.connect(self.open_dossier)
        self.editor = DossierEditor()
        self.editor.changed.connect(self._update_actions)
        self.determinations = DeterminationsTab(desk)
        self.history = HistoryTab(desk)
        self._embed(self.editor.determinations_tab, self.determinations)
        self._embed(self.editor.history_tab, self.history)
        self.screening = ScreeningPanel(desk, self._screening_state)
        self._embed(self.editor.screening_host, self.screening)
        self.screening.recorded.connect(self._after_screening)
        self.determinations.evaluate_requested.connect(self.evaluate)
        self.determinations.sign_requested.connect(self.sign)
        self.determinations.export_requested.connect(self.export_pack)
        from reedesk.gui.timeline_strip import mount_timeline

        self.timeline_strip = mount_timeline(self.determinations, desk)  # outcome bands over time (reedesk/gui/timeline_strip.py)

        self.workspace = QSplitter(Qt.Orientation.Horizontal)
        self.workspace.setObjectName("workspace")
        self.workspace.addWidget(self.browser)
        self.workspace.addWidget(self.editor)
        self.workspace.setStretchFactor(0, 2)
        self.workspace.setStretchFactor(1, 3)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.workspace)
        self._audit_view: QWidget | None = None
        self._reviewer: QWidget | None = None
        self.setCentralWidget(self.pages)
        self.status = QLabel()
        self.status.setObjectName("statusText")
        self.message: Message = ""
        self.statusBar().addWidget(self.status, 1)
        from reedesk.gui.desk_status import DeskStatus

        self.desk_status = DeskStatus(desk)  # a team desk: server/database and the person's role (no password)
        self.statusBar().addPermanentWidget(self.desk_status)

        self._build_actions()
        # One subscription refreshes what a desk change names (C3), whoever made it (this window,
        # a background operation, another person on a team desk): see on_desk_changed.
        self.desk_changes = DeskChangeRelay(desk, self)
        self.desk_changes.changed.connect(self.on_desk_changed)
        self.new_dossier(ask=False)
        self.retranslate()
        self._restore_layout()
        self.notice_box: QMessageBox | None = None
        if getattr(desk, "is_open", True):  # a deferred desk shows its notices once app.finish_start opened it
            self.show_notices()

    @staticmethod
    def _embed(host: QWidget, child: QWidget) -> None:
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(child)

    # -- actions ----------------------------------------------------------
    def _action(self, key: str, icon_name: str | None, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(icon(icon_name) if icon_name else icon("app"), "", self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(lambda checked=False: slot())
        self.actions_by_key[key] = action
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.actions_by_key: dict[str, QAction] = {}
        A, K = self._action, QKeySequence.StandardKey
        A("new", "new", lambda: self.new_dossier(), K.New)
        A("import", "import", self.import_dialog, "Ctrl+I")
        A("save", "save", self.save, K.Save)
        undo = self.editor.undo_stack.createUndoAction(self)
        undo.setIcon(icon("undo"))
        undo.setShortcuts(K.Undo)
        undo.setObjectName("action_undo")
        redo = self.editor.undo_stack.createRedoAction(self)
        redo.setIcon(icon("redo"))
        redo.setShortcuts([QKeySequence(K.Redo), QKeySequence("Ctrl+Y")])
        redo.setObjectName("action_redo")
        self.actions_by_key["undo"], self.actions_by_key["redo"] = undo, redo
        self.addAction(undo)
        self.addAction(redo)
        # QUndoStack renames its actions after each command ("Undo Edit Value"); keep the
        # toolbar short and translated, and put the command in the tooltip instead.
        self.editor.undo_stack.undoTextChanged.connect(self._undo_texts)
        self.editor.undo_stack.redoTextChanged.connect(self._undo_texts)
        A("evaluate", "evaluate", self.evaluate, "Ctrl+E")
        A("evaluate_client", "evaluate", self.evaluate_client, "Ctrl+Shift+E")
        A("sign", "sign", self.sign, "Ctrl+Shift+S")
        A("export", "export", self.export_pack, "Ctrl+Shift+X")
        A("application", "licence", self.prepare_application, None)
        A("archive", "archive", self.archive, None)
        A("archived", "archive", self.archived_dossiers, None)
        A("about", "app", self.about, None)
        A("documentation", "help", self.documentation, K.HelpContents)
        A("whatif", "whatif", self.what_if, "Ctrl+Shift+W")
        A("browse", "browse", lambda: self.show_page("browse"), "Ctrl+1")
        A("audit", "audit", lambda: self.show_page("audit"), "Ctrl+2")
        A("reviewer", "reviewer", lambda: self.show_page("reviewer"), "Ctrl+3")
        A("licences", "licence", lambda: self.show_page("licences"), "Ctrl+4")
        A("portfolio", "portfolio", lambda: self.show_page("portfolio"), "Ctrl+5")
        A("verify_pack", "verify", self.open_pack_dialog, "Ctrl+O")
        A("backup", "save", lambda: backup_actions.back_up(self), None)
        A("restore", "import", lambda: backup_actions.restore(self), None)
        A("settings", "settings", self.open_settings, K.Preferences if not QKeySequence(K.Preferences).isEmpty() else "Ctrl+,")
        A("find", "find", self._focus_search, K.Find)
        A("quit", "quit", self.close, K.Quit)

        bar = QToolBar()
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        for key in ("new", "import", "save", "undo", "redo", None, "evaluate", "sign", "export", None,
                    "browse", "portfolio", "audit", "reviewer", "licences", "settings"):
            bar.addSeparator() if key is None else bar.addAction(self.actions_by_key[key])
        self.addToolBar(bar)
        self.toolbar = bar
        self.menus: dict[str, Any] = {}
        for name, keys in (
            ("file", ("new", "import", "save", None, "archive", "archived", None, "backup", "restore", None, "settings", None, "quit")),
            ("edit", ("undo", "redo", None, "find")),
            ("dossier", ("evaluate", "evaluate_client", "whatif", "sign", "export", "application")),
            ("view", ("browse", "portfolio", "audit", "reviewer", "licences", "verify_pack")),
            ("help", ("documentation", None, "about")),
        ):
            menu = self.menuBar().addMenu("")
            menu.setObjectName(f"menu_{name}")
            for key in keys:
                menu.addSeparator() if key is None else menu.addAction(self.actions_by_key[key])
            self.menus[name] = menu

    def _undo_texts(self, *_: Any) -> None:
        stack = self.editor.undo_stack
        for key, text, what, shortcut in (("undo", tr("Undo"), stack.undoText(), "Ctrl+Z"), ("redo", tr("Redo"), stack.redoText(), "Ctrl+Shift+Z")):
            action = self.actions_by_key[key]
            # The menu names the action ("Undo Edit Value"); the toolbar keeps the short word under the icon.
            action.setText(tr("{action}: {what}").format(action=text, what=what) if what else text)
            action.setIconText(text)
            action.setToolTip(with_shortcut(f"{text} {what}".strip(), shortcut))

    def _update_actions(self) -> None:
        stored = not self.editor.is_new
        def enable(key: str, on: bool) -> None:
            self.actions_by_key[key].setEnabled(on)
        enable("save", self.editor.is_dirty() or self.editor.is_new)
        enable("evaluate", stored or self.editor.is_dirty())
        enable("sign", stored)
        enable("export", stored)
        enable("application", stored)
        enable("archive", stored)
        enable("whatif", stored)
        enable("evaluate_client", True)
        for button, key in ((self.determinations.evaluate_button, "evaluate"), (self.determinations.sign_button, "sign"),
                            (self.determinations.export_button, "export")):
            action = self.actions_by_key[key]
            button.setEnabled(action.isEnabled())
            button.setToolTip(action.toolTip())
        if hasattr(self, "screening"):
            self.screening.refresh()
        title = self.editor.reference() or tr("New dossier")
        self.setWindowTitle(f"{title}{' *' if self.editor.is_dirty() else ''} — reedesk")

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, "reedesk", question)
        return answer == QMessageBox.StandardButton.Yes

    def _focus_search(self) -> None:
        self.show_page("browse")
        self.browser.search.setFocus()
        self.browser.search.selectAll()

    def say(self, message: Message) -> None:
        """Show ``message`` in the status bar; a callable is asked again after a language switch."""
        self.message = message
        self.status.setText(render(message))

    # -- desk changes ---------------------------------------------------------
    def on_desk_changed(self, change: DeskChange) -> None:
        """Refresh the views that show what ``change`` names: the one place instead of a
        hand-written refresh after every action (issue 14). Runs on the GUI thread."""
        if change.names("dossier", "determination"):
            self.browser.refresh(select=self.browser.current_reference())
            if getattr(self, "_portfolio_view", None) is not None:
                self._portfolio_view.reload_clients()
        reference = None if self.editor.is_new else (self.editor.reference() or None)  # a new dossier shows nothing stored
        if change.concerns(reference):
            if change.names("dossier"):
                self._open_dossier_changed(reference, change)  # type: ignore[arg-type]
            if change.names("dossier", "determination"):
                shown = self.determinations.current()
                self.determinations.load(reference, select_id=shown.id if shown is not None else None)
                if not change.names("dossier"):
                    self.history.load(reference)  # evaluations, signatures and exports are in the dossier's history
        for view in (getattr(self, "_licences_view", None), self._audit_view):
            if view is not None and self.pages.currentWidget() is view and (view is self._audit_view or change.names("licences")):
                view.reload()  # a hidden view reloads when it is shown (show_page)
        self._update_actions()

    def _open_dossier_changed(self, reference: str, change: DeskChange) -> None:
        """The dossier in the editor changed: show the new revision unless something is typed."""
        from reedesk.services.dossiers import load_dossier

        try:
            stored = load_dossier(self.desk, reference)
        except ReedeskError:  # deleted meanwhile
            if not self.editor.is_new and not self.editor.is_dirty():
                self.new_dossier(ask=False)
            return
        self.history.load(reference)
        if self.editor.is_new or stored.revision == self.editor.revision:
            return
        if not self.editor.is_dirty():
            self.editor.load(dossier_to_document(stored.dossier), is_new=False, revision=stored.revision)
            if change.origin == "remote":
                self.say(lambda: tr("{reference} was changed by someone else; showing revision {revision}.").format(
                    reference=reference, revision=stored.revision))
        elif change.origin == "remote":
            self.say(lambda: tr("{reference} was changed by someone else (revision {revision}); your unsaved changes are kept, and saving will ask what to do.").format(
                reference=reference, revision=stored.revision))

    # -- dossiers -------------------------------------------------------------
    def _may_discard(self) -> bool:
        """Unsaved edits are saved, discarded or kept (Cancel) — never dropped without asking. On Cancel
        (or a refused save) the browser goes back to the dossier being edited."""
        if not self.editor.is_dirty():
            return True
        reference = self.editor.reference()
        answer = self.ask_unsaved(tr("{reference} has unsaved changes. Save them first?").format(
            reference=reference or tr("the new dossier")))
        if answer == "discard":
            return True
        if answer == "save" and self.save():
            return True
        if reference and not self.editor.is_new:
            self.browser.select_reference(reference)
        return False

    def _ask_unsaved(self, question: str) -> str:
        from reedesk.gui.help_menu import ask_save_discard_cancel

        return ask_save_discard_cancel(self, question)

    def new_dossier(self, ask: bool = True) -> None:
        if ask and not self._may_discard():
            return
        self.editor.load(empty_document(), is_new=True)
        self.determinations.load(None)
        self.history.load(None)
        self.editor.tabs.setCurrentIndex(0)
        self._update_actions()
        if ask:
            self.editor.field["reference"].widget.setFocus()

    def open_dossier(self, reference: str) -> None:
        if reference == self.editor.reference() and not self.editor.is_new:
            return
        if not self._may_discard():
            return
        from reedesk.services.dossiers import load_dossier

        try:
            stored = load_dossier(self.desk, reference)
            self.editor.load(dossier_to_document(stored.dossier), is_new=False, revision=stored.revision)
            self.determinations.load(reference)
            self.history.load(reference)
        except ReedeskError as exc:
            show_error(self, exc)
            return
        self.show_page("browse")
        self._update_actions()
        self.say(lambda: tr("Opened {reference} revision {revision}.").format(reference=reference, revision=stored.revision))

    def save(self) -> bool:
        """Save the form as a new revision; on a refusal the form is left untouched."""
        from reedesk.services.dossiers import DossierConflict, save_dossier

        try:
            dossier = self.editor.dossier()
            # the revision the editor loaded: a save over someone else's newer one is refused (issue 12, point 7)
            result = save_dossier(self.desk, dossier, base_revision=None if self.editor.is_new else self.editor.revision,
                                  reason=self.editor.change_reason())
        except DossierConflict as exc:
            return self._resolve_conflict(exc)
        except Exception as exc:
            show_error(self, exc, tr("Not saved"))
            return False
        self.editor.mark_saved(result.revision)
        self.browser.select_reference(result.reference)  # the browser and history were refreshed by the desk change
        self.history.load(result.reference)  # a new dossier had no history shown yet
        self._update_actions()
        self.say(lambda: tr("Saved {reference} as revision {revision}.").format(reference=result.reference, revision=result.revision)
                 if result.changed else tr("Nothing changed; {reference} was not saved again.").format(reference=result.reference))
        return True

    def _ask_text(self, title: str, label: str, suggested: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, title, label, text=suggested)
        return text.strip() if ok and text.strip() else None

    def _resolve_conflict(self, exc: DossierConflict) -> bool:
        """Someone else saved first: the user reloads, saves as a new dossier or cancels; nothing typed is lost."""
        from reedesk.gui.conflict_dialog import RELOAD, SAVE_AS_NEW, ConflictDialog
        from reedesk.services.dossiers import load_dossier

        typed = self.editor.document()
        reference = self.editor.reference()
        dialog = ConflictDialog(exc.params or {"reference": reference}, self)
        self.last_conflict = dialog
        dialog.exec()
        choice = dialog.choice
        if choice == RELOAD:
            try:
                stored = load_dossier(self.desk, reference)
            except ReedeskError as error:
                show_error(self, error)
                return False
            self.editor.reload_keeping(dossier_to_document(stored.dossier), stored.revision, typed)
            self.history.load(reference)
            self._update_actions()
            self.say(lambda: tr("Showing {reference} revision {revision}; Edit → Redo brings back your changes.").format(
                reference=reference, revision=stored.revision))
        elif choice == SAVE_AS_NEW:
            from reedesk.services.dossiers import list_dossiers

            taken = {s.reference for s in list_dossiers(self.desk, include_archived=True)}
            suggested = next(f"{reference}-{n}" for n in range(2, 10_000) if f"{reference}-{n}" not in taken)
            new_reference = self.ask_text(tr("Save as a new dossier"), tr("Reference of the new dossier:"), suggested)
            if not new_reference:
                return False
            if new_reference in taken:
                show_error(self, tr("A dossier {reference} exists already; choose another reference.").format(reference=new_reference))
                return False
            self.editor.load({**typed, "reference": new_reference}, is_new=True)
            self.editor.undo_stack.resetClean()  # what was typed is not stored yet
            return self.save()
        return False

    def _screening_state(self) -> tuple[str | None, dict[str, Any], bool]:
        """What the screening panel needs of the editor: stored reference, the form, unsaved edits."""
        return (None if self.editor.is_new else self.editor.reference()), self.editor.document(), self.editor.is_dirty()

    def _after_screening(self, reference: str, revision: int) -> None:
        """A recorded screening is a new revision, shown by on_desk_changed (the form had no unsaved edits)."""
        self._update_actions()
        self.say(lambda: tr("Recorded the screening of {reference} as revision {revision}.").format(reference=reference, revision=revision))

    def archive(self) -> None:
        reference = self.editor.reference()
        if self.editor.is_new or not reference:
            return
        if not self._may_discard():  # archiving never drops unsaved edits (issue 14)
            return
        if not self.confirm(tr("Archive {reference}? It stays readable and can be restored.").format(reference=reference)):
            return
        from reedesk.services.dossiers import set_archived
        try:
            set_archived(self.desk, reference, True, reason="archived in the desktop app")
        except ReedeskError as exc:
            show_error(self, exc)
            return
        self.new_dossier(ask=False)

    def archived_dossiers(self):
        """Archived dossiers: list, restore, delete (reedesk/gui/archive_dialog.py)."""
        from reedesk.gui.archive_dialog import ArchiveDialog

        dialog = ArchiveDialog(self.desk, self)
        dialog.restored.connect(lambda reference: self.browser.refresh(select=reference))
        dialog.deleted.connect(lambda reference: self.browser.refresh())
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def show_notices(self) -> QMessageBox | None:
        """What the desk said when it opened (``Desk.notices``; e.g. the samples were not loaded on a
        team desk for a non-admin), once, in the window's language, in a box that does not block."""
        self.desk_status.refresh()  # the desk is open now (also a deferred one)
        if self.notice_box is not None:
            return self.notice_box
        from reedesk.gui.i18n import current_language

        notices = list(getattr(self.desk, "notices", None) or ())
        if not notices:
            return None
        language = current_language()
        # coded notices (reedesk.vocabulary.Coded and the like) say themselves in a language; a plain sentence as it is
        texts = [notice.text(language) if callable(getattr(notice, "text", None)) else str(notice) for notice in notices]
        box = QMessageBox(QMessageBox.Icon.Information, tr("reedesk"), "\n\n".join(texts),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("noticeBox")
        box.setAccessibleName(tr("Notice"))
        self.notice_box = box
        self.dialogs.append(box)
        box.open()
        return box

    def about(self):
        from reedesk.gui.help_menu import AboutDialog

        dialog = AboutDialog(self.desk, self)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def documentation(self) -> Path | None:
        from reedesk.gui.help_menu import open_documentation

        return open_documentation()

    # -- import ---------------------------------------------------------------
    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Import dossiers or a bill of materials"), "",
                                                tr("Dossiers and BOMs (*.json *.csv *.xlsx)"))
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path], dossier_ref: str | None = None):
        """Show what importing ``paths`` would do (problems first); store only on confirmation."""
        from reedesk.gui.import_dialog import ImportPreviewDialog

        if dossier_ref is None and any(p.suffix.lower() != ".json" for p in paths) and not self.editor.is_new:
            dossier_ref = self.editor.reference()
        dialog = ImportPreviewDialog(self.desk, paths, dossier_ref, self)
        dialog.imported.connect(self._after_import)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def _after_import(self, references: list[str]) -> None:
        """The import's desk change refreshed the browser (and the open dossier, if it was clean)."""
        if references:
            self.browser.select_reference(references[0])
            if self.editor.reference() not in references:
                self.open_dossier(references[0])
        self.say(lambda: tr("Imported {count} dossier(s).").format(count=len(references)))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(Path(u.toLocalFile()).suffix.lower() in IMPORTABLE + (".pdf",) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls()]
        event.acceptProposedAction()
        self.handle_drop(paths)

    def handle_drop(self, paths: list[Path]) -> None:
        packs = [p for p in paths if p.suffix.lower() == ".pdf"]
        if packs:
            self.show_page("reviewer")
            self.reviewer().open_pack(packs[0])
        else:
            self.import_paths(paths)

    # -- evaluate, sign, export ------------------------------------------------
    def _ensure_saved(self) -> bool:
        if self.editor.is_dirty() or self.editor.is_new:
            return self.save()
        return True

    def evaluate(self) -> None:
        from reedesk.services.evaluation import evaluate_reference

        if not self._ensure_saved():
            return
        reference = self.editor.reference()
        as_of = self.determinations.as_of_date()
        try:
            result = evaluate_reference(self.desk, reference, as_of)
        except Exception as exc:
            show_error(self, exc, tr("Not evaluated"))
            return
        self.editor.tabs.setCurrentWidget(self.editor.determinations_tab)
        self.determinations.load(reference, select_id=result.id)  # the new one selected (the desk change refreshed the rest)
        self.say(lambda: tr("{reference} as of {as_of}: {outcome}.").format(reference=reference, as_of=as_of.isoformat(),
                                                                     outcome=outcome_label(result.outcome)))

    def evaluate_client(self) -> Operation | None:
        """Evaluate every dossier of the selected client (or all shown) off the GUI thread."""
        from reedesk.services.dossiers import list_dossiers

        client = self.browser.selected_client()
        search = self.browser.model.search
        as_of = self.determinations.as_of_date()
        desk = self.desk
        from reedesk.services import batch  # one transaction per batch (reedesk/services/batch.py)

        kept = [0]

        def work(progress, cancelled) -> int:
            refs = [s.reference for s in list_dossiers(desk, client=client, search=search)] if search else None

            def report(done: int, total: int) -> None:
                kept[0] = done
                progress(int(100 * done / max(total, 1)), tr("Evaluating dossiers ({n} of {total})").format(n=done, total=total))

            return len(batch.evaluate_all(desk, as_of, client=client, references=refs, progress=report, is_cancelled=cancelled).items)

        def stopped() -> None:
            if op.was_cancelled:  # whole batches before the cancel are stored (and refreshed), the rest not evaluated
                self.say(lambda: tr("Cancelled: {count} dossiers were evaluated and kept; the others were not evaluated.").format(count=kept[0]))

        def finished(count: int) -> None:  # each stored batch's desk change refreshed the views
            self.say(lambda: tr("Evaluated {count} dossiers as of {as_of}.").format(count=count, as_of=as_of.isoformat()))

        self.last_operation = op = run_in_background(self, tr("Evaluating dossiers"), work, finished)
        op.finished.connect(stopped)
        return self.last_operation

    def what_if(self):
        """The what-if editor on a copy of the form (reedesk/gui/whatif.py); nothing is saved unless asked."""
        from reedesk.gui.whatif import WhatIfDialog

        if self.editor.is_new:
            return None
        try:
            dialog = WhatIfDialog(self.desk, self.editor.document(), self.determinations.as_of_date(), self)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def sign(self):
        from reedesk.gui.sign_dialog import SignDialog

        record = self.determinations.current()
        if record is None:
            show_error(self, tr("There is no determination to sign yet; evaluate the dossier first (Ctrl+E)."))
            return None
        dialog = SignDialog(self.desk, record, self)
        dialog.signed.connect(lambda _: self.determinations.load(self.editor.reference(), select_id=record.id))
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def export_pack(self):
        from reedesk.gui.export_dialog import ExportDialog

        if not self._ensure_saved():
            return None
        dialog = ExportDialog(self.desk, self.editor.reference(), self.determinations.as_of_date(), self)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def prepare_application(self):
        from reedesk.gui.application_dialog import ApplicationDialog

        if not self._ensure_saved():
            return None
        dialog = ApplicationDialog(self.desk, self.editor.reference(), self.determinations.as_of_date(), self)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    # -- other views ----------------------------------------------------------
    def audit_view(self):
        if self._audit_view is None:
            from reedesk.gui.audit_view import AuditView

            self._audit_view = AuditView(self.desk)
            self._audit_view.opened.connect(self.open_dossier)  # a verification note's dossier
            self.pages.addWidget(self._audit_view)
        return self._audit_view

    def reviewer(self):
        if self._reviewer is None:
            from reedesk.gui.reviewer import ReviewerView

            self._reviewer = ReviewerView(self.desk)
            self.pages.addWidget(self._reviewer)
        return self._reviewer

    def licences_view(self):
        if getattr(self, "_licences_view", None) is None:
            from reedesk.gui.licences_view import LicencesView

            self._licences_view = LicencesView(self.desk)
            self.pages.addWidget(self._licences_view)
        return self._licences_view

    def portfolio_view(self):
        """The portfolio page (reedesk/gui/portfolio_view.py), made on first use."""
        if getattr(self, "_portfolio_view", None) is None:
            from reedesk.gui.portfolio_view import PortfolioView

            self._portfolio_view = PortfolioView(self.desk)
            self._portfolio_view.opened.connect(self.open_dossier)
            self.pages.addWidget(self._portfolio_view)
        return self._portfolio_view

    def show_changes(self, kind: str, path: Path):
        """What importing a rule pack or screening list would change: the portfolio page compares, nothing is imported."""
        view = self.portfolio_view()
        view.set_kind(kind, path)
        self.show_page("portfolio")
        return view.compare()

    def show_page(self, name: str) -> None:
        if name == "portfolio":
            self.pages.setCurrentWidget(self.portfolio_view())
            return
        if name == "licences":
            view = self.licences_view()
            view.reload()
            self.pages.setCurrentWidget(view)
        elif name == "audit":
            view = self.audit_view()
            view.reload()
            self.pages.setCurrentWidget(view)
        elif name == "reviewer":
            self.pages.setCurrentWidget(self.reviewer())
        else:
            self.pages.setCurrentWidget(self.workspace)

    def open_pack_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open an evidence pack"), "", tr("Evidence packs (*.pdf)"))
        if path:
            self.show_page("reviewer")
            self.reviewer().open_pack(Path(path))

    def open_settings(self):
        from reedesk.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.desk, self)
        dialog.changes_requested.connect(self.show_changes)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    # -- layout memory -------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
            self.workspace.setSizes([470, 810])  # the determination area gets the room (issue 14)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        split = self.settings.value("window/workspace")
        if isinstance(split, QByteArray):
            self.workspace.restoreState(split)
        columns = self.settings.value("window/dossierColumns")
        if isinstance(columns, QByteArray) and not columns.isEmpty():
            self.browser.table.horizontalHeader().restoreState(columns)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/workspace", self.workspace.saveState())
        self.settings.setValue("window/dossierColumns", self.browser.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self.save_layout()
        self.desk_changes.close()  # stop hearing the desk (and the team desk's live view)
        event.accept()

    # -- language -------------------------------------------------------------
    def retranslate(self) -> None:
        if hasattr(self, "desk_status"):
            self.desk_status.refresh()
        texts = {
            "new": (tr("&New dossier"), tr("Start a new dossier")),
            "import": (tr("&Import…"), tr("Import dossiers (JSON) or a bill of materials (CSV, XLSX); you see problems before anything is stored")),
            "save": (tr("&Save"), tr("Save the dossier as a new revision")),
            "evaluate": (tr("&Evaluate"), tr("Evaluate the dossier as of the chosen date")),
            "evaluate_client": (tr("Evaluate &all shown dossiers"), tr("Evaluate every dossier of the selected client in the background")),
            "sign": (tr("S&ign…"), tr("Sign the selected determination")),
            "export": (tr("E&xport pack…"), tr("Write a signed PDF evidence pack")),
            "whatif": (tr("&What if…"), tr("Change a line's origin or value and see the outcome and ratio live, without saving")),
            "archive": (tr("&Archive dossier"), tr("Archive the dossier (signed dossiers are never deleted)")),
            "browse": (tr("&Dossiers"), tr("Clients and dossiers")),
            "audit": (tr("&Audit trail"), tr("Audit events and chain status")),
            "reviewer": (tr("&Reviewer"), tr("Verify evidence packs")),
            "portfolio": (tr("&Portfolio"), tr("Which dossiers change outcome under a change of the law")),
            "licences": (tr("&Licences"), tr("Licence register: balances and expiry")),
            "application": (tr("&Prepare application…"), tr("Write the licence application pack (Simplified Chinese, checklist, attachments)")),
            "verify_pack": (tr("&Open pack…"), tr("Open an evidence pack and verify it")),
            "backup": (tr("&Back up desk…"), tr("Write a consistent copy of the desk (database, keys, checkpoints) to one file")),
            "restore": (tr("&Restore desk…"), tr("Replace the desk with a backup; a backup older than a known checkpoint is refused unless you confirm")),
            "settings": (tr("Se&ttings…"), tr("Identities, keys, rule packs, language")),
            "find": (tr("&Find"), tr("Search dossiers")),
            "quit": (tr("&Quit"), tr("Close reedesk")),
            "archived": (tr("Archi&ved dossiers…"), tr("List archived dossiers; restore one, or delete one never signed")),
            "about": (tr("&About reedesk"), tr("Version, rule packs, data folder and licences")),
            "documentation": (tr("&Documentation"), tr("Open the user guide")),
        }
        for key, (text, tip) in texts.items():
            action = self.actions_by_key[key]
            action.setText(text)
            action.setIconText(plain(text))
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(with_shortcut(tip, shortcut))
        self._undo_texts()
        for name, text in (("file", tr("&File")), ("edit", tr("&Edit")), ("dossier", tr("&Dossier")), ("view", tr("&View")),
                           ("help", tr("&Help"))):
            self.menus[name].setTitle(text)
        self.toolbar.setWindowTitle(tr("Main toolbar"))
        self.status.setText(render(self.message))
        self._update_actions()

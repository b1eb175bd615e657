"""Import preview: what would be stored and every problem, before anything is stored.

``preview_import`` parses and checks the files without writing; the Import
button is enabled only when there are no problems, and ``import_files`` then
stores everything in one unit of work (all or nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListView, QTableView, QVBoxLayout, QWidget

from reedesk.gui.errors import error_text
from reedesk import vocabulary
from reedesk.gui.i18n import current_language, tr
from reedesk.gui.table_model import Column, RecordTableModel, make_table_view
from reedesk.services.imports import import_files, preview_import

PLAN_COLUMNS = (
    Column("Reference", lambda p: p.reference),
    Column("Product", lambda p: (p.dossier.product.name if p.dossier.product else "") or ""),
    Column("BOM lines", lambda p: len(p.dossier.components)),
    Column("Result", lambda p: tr("new dossier") if p.is_new else (
        tr("revision {n}").format(n=p.next_revision) if p.changed else tr("unchanged"))),
    Column("Source files", lambda p: ", ".join(p.sources)),
)


class ImportPreviewDialog(QDialog):
    """Emits ``imported(references)`` after a successful import."""

    imported = Signal(list)

    def __init__(self, desk, paths: list[Path], dossier_ref: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.desk = desk
        self.paths = [Path(p) for p in paths]
        self.dossier_ref = dossier_ref
        self.setWindowTitle(tr("Import preview"))
        self.setMinimumSize(720, 420)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.problems = QStringListModel(self)
        self.problem_list = QListView()
        self.problem_list.setModel(self.problems)
        self.problem_list.setWordWrap(True)
        self.problem_list.setObjectName("importProblems")
        self.problem_list.setAccessibleName(tr("Problems found"))
        self.plan = RecordTableModel(PLAN_COLUMNS, parent=self)
        self.plan_view: QTableView = make_table_view("importPlan", self.plan)
        self.plan_view.setAccessibleName(tr("What would be stored"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        self.problems_label = QLabel(tr("Problems (nothing is stored while there are any):"))
        self.plan_label = QLabel(tr("What would be stored:"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problem_list, 1)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.plan_view, 1)
        layout.addWidget(self.buttons)
        self.preview: Any = None
        self.results: list[Any] = []
        self.operation: Any = None  # the running or last import (reedesk.gui.ops.Operation)
        self.refresh()

    def refresh(self) -> None:
        self.problems.setStringList([])
        try:
            self.preview = preview_import(self.desk, self.paths, self.dossier_ref)
        except Exception as exc:
            self.preview = None
            self.problems.setStringList(self.problems.stringList() + [error_text(exc)])
            self.plan.set_records([])
            self.import_button.setEnabled(False)
            self.summary.setText(tr("These files cannot be imported."))
            return
        language = current_language()  # each problem by its code, in the window's language (reedesk.vocabulary)
        self.problems.setStringList([vocabulary.problem_text(p, language) for p in self.preview.problems])
        self.plan.set_records(self.preview.dossiers)
        ok = self.preview.ok and bool(self.preview.dossiers)
        self.import_button.setEnabled(ok)
        names = ", ".join(p.name for p in self.paths)
        if ok:
            self.summary.setText(tr("{files}: no problems; {count} dossier(s) would be stored.").format(files=names, count=len(self.preview.dossiers)))
            self.problems_label.hide()
            self.problem_list.hide()
        else:
            self.summary.setText(tr("{files}: {count} problem(s); nothing will be stored until they are fixed in the file.").format(
                files=names, count=len(self.preview.problems)))

    def do_import(self):  # -> reedesk.gui.ops.Operation
        """Store everything off the GUI thread with progress; cancelling (or a refusal) stores nothing."""
        from reedesk.gui.ops import Cancelled, run_in_background

        desk, paths, dossier_ref = self.desk, list(self.paths), self.dossier_ref
        self.import_button.setEnabled(False)

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            def step(done: int, total: int) -> None:
                if cancelled():  # before the commit: the one unit of work rolls back
                    raise Cancelled(tr("The operation was cancelled; nothing was written."))
                progress(int(100 * done / max(total, 1)), tr("Importing dossiers ({n} of {total})").format(n=done, total=total))

            return import_files(desk, paths, dossier_ref, progress=step)

        def done(results: list[Any]) -> None:
            self.results = results
            self.imported.emit([r.reference for r in self.results])

        def refused(message: str) -> None:
            self.problem_list.show()
            self.problems_label.show()
            self.problems.setStringList(self.problems.stringList() + [message])

        self.operation = operation = run_in_background(self, tr("Importing dossiers"), work, done, refused)
        operation.finished.connect(lambda: self.import_button.setEnabled(True) if operation.was_cancelled else None)
        return operation
        self.accept()

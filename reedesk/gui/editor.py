"""The dossier editor: tabs for product, bill of materials, technologies, shipment
and parties, determinations and history, with one undo stack for every edit.

The editor holds the dossier *document* (``reedesk.dossier/1``) it was loaded
with and writes the form back into a copy of it, so unknown fields round-trip.
Turning the form into a :class:`~reedesk.domain.dossier.Dossier` goes through
``parse_dossier(..., incoming=True)``: the same checks as a file import, naming every bad field.
Nothing here touches the database; the main window saves through the service.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QScrollArea, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from reedesk.domain.dossier import DOSSIER_FORMAT, Dossier
from reedesk.domain.dossier_file import parse_dossier
from reedesk.gui.editable_table import (
    BOM_FIELDS, CATEGORIES, END_USES, RATE_FIELDS, TECHNOLOGY_FIELDS, EditableTableModel, check_amount,
    check_country, check_currency, check_elements, choice_label, split_elements,
)
from reedesk.gui.i18n import LanguageAware, current_language, tr, with_shortcut
from reedesk.gui.icons import icon
from reedesk.gui import pickers


def empty_document(reference: str = "") -> dict[str, Any]:
    return {
        "format": DOSSIER_FORMAT, "reference": reference, "client": None, "exporter": None, "product": None,
        "components": [], "technologies": [], "shipment": None, "exchange_rates": [],
    }


class _SetField(QUndoCommand):
    """Undoable change of one form field."""

    def __init__(self, field: "FormField", old: str, new: str):
        super().__init__(tr("Edit {field}").format(field=field.label))
        self.field, self.old, self.new = field, old, new

    def redo(self) -> None:
        self.field.show_value(self.new)

    def undo(self) -> None:
        self.field.show_value(self.old)


class _ShowDocument(QUndoCommand):
    """Undoable swap of the whole form (the conflict path keeps what was typed one Redo away)."""

    def __init__(self, editor: "DossierEditor", old: dict[str, Any], new: dict[str, Any], text: str):
        super().__init__(text)
        self.editor, self.old, self.new = editor, copy.deepcopy(old), copy.deepcopy(new)

    def redo(self) -> None:
        self.editor.show_document(self.new)

    def undo(self) -> None:
        self.editor.show_document(self.old)


class FormField:
    """A line edit or combo box bound to a document path, with a check and undo."""

    def __init__(self, label: str, path: tuple[str, ...], stack: QUndoStack, *, choices: tuple[str, ...] | None = None,
                 check: Callable[[str], str | None] | None = None, kind: str = "text", vocab: str | None = None):
        self.label = label
        self.vocab = vocab  # a catalogue kind: a drop-down (category, end use) or a picker (country, currency)
        self.path = path
        self.stack = stack
        self.check = check
        self.kind = kind
        self.committed = ""
        self.widget: QLineEdit | QComboBox | QCheckBox
        name = "field_" + "_".join(path)
        if kind == "bool":
            self.widget = QCheckBox()
            self.widget.toggled.connect(lambda _: self._commit())
        elif vocab in pickers.CLOSED or vocab in pickers.OPEN:
            combo = pickers.make_combo(vocab)
            combo.activated.connect(lambda _: self._commit())
            if combo.isEditable():
                combo.lineEdit().editingFinished.connect(self._commit)
                combo.left.connect(self._commit)
                combo.editTextChanged.connect(self._validate)
            self.widget = combo
        elif choices is not None:
            combo = QComboBox()
            combo.addItem("", "")
            for c in choices:
                combo.addItem(choice_label(c), c)
            combo.activated.connect(lambda _: self._commit())
            self.widget = combo
        else:
            edit = QLineEdit()
            edit.editingFinished.connect(self._commit)
            edit.textChanged.connect(self._validate)
            self.widget = edit
        self.widget.setObjectName(name)
        self.widget.setAccessibleName(label)

    def current(self) -> str:
        w = self.widget
        if isinstance(w, QCheckBox):
            return "true" if w.isChecked() else ""
        if isinstance(w, QComboBox):
            return pickers.combo_code(w) if self.vocab else (w.currentData() or "")
        if self.kind == "elements":
            return pickers.normalise_elements(w.text())  # "sm co" is Sm Co, as in a CSV import
        return w.text().strip()

    def show_value(self, text: str) -> None:
        self.committed = text
        w = self.widget
        w.blockSignals(True)
        if isinstance(w, QCheckBox):
            w.setChecked(text == "true")
        elif isinstance(w, QComboBox) and self.vocab:
            pickers.show_code(w, text)
        elif isinstance(w, QComboBox):
            i = w.findData(text)
            w.setCurrentIndex(max(i, 0))
        else:
            w.setText(text)
        w.blockSignals(False)
        self._validate()

    def _commit(self) -> None:
        new = self.current()
        if new != self.committed:
            self.stack.push(_SetField(self, self.committed, new))

    def _validate(self, *_: Any) -> None:
        problem = self.check(self.current()) if self.check else None
        self.widget.setToolTip(problem or "")
        self.widget.setStyleSheet("background:#f8d7da" if problem else "")

    def problem(self) -> str | None:
        return self.check(self.current()) if self.check else None

    # document <-> text
    def read(self, document: dict[str, Any]) -> None:
        value: Any = document
        for key in self.path:
            value = value.get(key) if isinstance(value, dict) else None
        if self.kind == "bool":
            text = "true" if value is True else ""
        elif isinstance(value, list):
            text = " ".join(value)
        else:
            text = "" if value is None else str(value)
        self.show_value(text)

    def write(self, document: dict[str, Any]) -> None:
        text = self.current()
        if self.kind == "elements":
            value: Any = split_elements(text) or None
        elif self.kind == "bool":
            value = True if text == "true" else None
        else:
            value = text or None
        target = document
        for key in self.path[:-1]:
            if not isinstance(target.get(key), dict):
                if value is None:
                    return  # do not create an object just to hold a blank
                target[key] = {}
            target = target[key]
        if value is None and self.kind == "bool":
            target.pop(self.path[-1], None)
            return
        target[self.path[-1]] = value


class _FitLayout(QVBoxLayout):
    """A column that a resizable ``QScrollArea`` fits to its viewport.

    With word-wrapped labels inside, a layout reports height-for-width, and the
    scroll area then sizes the page to its *preferred* height (tables at full
    size) and scrolls; without it, the page fills the viewport and scrolls only
    below its minimum height.
    """

    def hasHeightForWidth(self) -> bool:
        return False


class TableEditor(QWidget):
    """An editable table with add / remove / move up / move down buttons and a problem line."""

    def __init__(self, model: EditableTableModel, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setObjectName(object_name)
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        T = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(T.DoubleClicked | T.EditKeyPressed | T.AnyKeyPressed | T.SelectedClicked)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        descriptions = [c for c, f in enumerate(model.fields) if f.path == ("description",)]
        if descriptions:  # the description takes the spare width, not the last column (a currency code)
            self.view.horizontalHeader().setStretchLastSection(False)
            self.view.horizontalHeader().setSectionResizeMode(descriptions[0], QHeaderView.ResizeMode.Stretch)
        self.delegates = []  # kept: a view does not own its delegates
        for column, f in enumerate(model.fields):
            if f.vocab in pickers.CLOSED or f.vocab in pickers.OPEN:
                delegate = pickers.ChoiceDelegate(f.vocab, self.view)
                self.view.setItemDelegateForColumn(column, delegate)
                self.delegates.append(delegate)
                if f.vocab in pickers.CLOSED:  # a category's name is read whole ("Rare-earth …" was elided)
                    self.view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, icon_name, slot in (
            ("add", "add", self.add), ("remove", "remove", self.remove),
            ("up", "up", lambda: self.move(-1)), ("down", "down", lambda: self.move(1)),
        ):
            b = QPushButton(icon(icon_name), "")
            b.setObjectName(f"{object_name}_{key}")
            b.clicked.connect(slot)
            self.buttons[key] = b
            bar.addWidget(b)
        for key, sequence in (("add", "Ctrl+Shift+N"), ("remove", "Ctrl+Shift+Delete"), ("up", "Alt+Up"), ("down", "Alt+Down")):
            shortcut = QShortcut(QKeySequence(sequence), self, self.buttons[key].click)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.buttons[key].shortcut_text = sequence  # type: ignore[attr-defined]
        bar.addStretch(1)
        self.problems = QLabel()
        self.problems.setObjectName(f"{object_name}_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color:#a11")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.problems)
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.refresh_problems)
        self.retranslate()

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add(self) -> None:
        row = self.model.add_row()
        self.view.setCurrentIndex(self.model.index(row, 0))

    def remove(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.remove_row(row)

    def move(self, delta: int) -> None:
        row = self.current_row()
        if row >= 0:
            target = self.model.move_row(row, delta)
            self.view.setCurrentIndex(self.model.index(target, max(self.view.currentIndex().column(), 0)))

    def refresh_problems(self, *_: Any) -> None:
        found = self.model.problems()
        self.problems.setText("\n".join(found[:8]) + (f"\n… (+{len(found) - 8})" if len(found) > 8 else ""))

    def retranslate(self) -> None:
        for key, text, tip in (
            ("add", tr("Add line"), tr("Add a line at the end (Ctrl+Shift+N)")),
            ("remove", tr("Remove line"), tr("Remove the selected line")),
            ("up", tr("Move up"), tr("Move the selected line up")),
            ("down", tr("Move down"), tr("Move the selected line down")),
        ):
            self.buttons[key].setText(text)
            sequence = getattr(self.buttons[key], "shortcut_text", "")
            self.buttons[key].setToolTip(tip if sequence in tip else with_shortcut(tip, sequence))
            self.buttons[key].setAccessibleName(text)
        self.view.setAccessibleName(tr("Bill of materials") if self.model.name == "components" else tr(self.model.name.replace("_", " ").capitalize()))
        self.refresh_problems()


class DossierEditor(LanguageAware, QWidget):
    """Edits one dossier document; emits ``changed`` whenever the undo stack moves."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self.base: dict[str, Any] = empty_document()
        self.is_new = True
        self.revision: int | None = None  # the stored revision shown (None: new, or not known)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorTabs")
        s = self.undo_stack
        F = FormField
        self.fields: list[FormField] = [
            F("Reference", ("reference",), s),
            F("Client name", ("client", "name"), s),
            F("Client country", ("client", "country"), s, check=check_country, vocab="country"),
            F("Exporter name", ("exporter", "name"), s),
            F("Exporter country", ("exporter", "country"), s, check=check_country, vocab="country"),
            F("Product name", ("product", "name"), s),
            F("Description", ("product", "description"), s),
            F("HS code", ("product", "hs_code"), s),
            F("Category", ("product", "category"), s, choices=CATEGORIES, vocab="item_category"),
            F("Elements", ("product", "elements"), s, check=check_elements, kind="elements"),
            F("Made in", ("product", "made_in"), s, check=check_country, vocab="country"),
            F("Unit value", ("product", "unit_value", "amount"), s, check=check_amount),
            F("Unit value currency", ("product", "unit_value", "currency"), s, check=check_currency, vocab="currency"),
            F("Export from", ("shipment", "export_from"), s, check=check_country, vocab="country"),
            F("Destination", ("shipment", "destination"), s, check=check_country, vocab="country"),
            F("End use", ("shipment", "end_use", "category"), s, choices=END_USES, vocab="end_use"),
            F("End-use description", ("shipment", "end_use", "description"), s),
            F("End user", ("shipment", "end_user", "name"), s),
            F("End-user country", ("shipment", "end_user", "country"), s, check=check_country, vocab="country"),
            F("End user is military", ("shipment", "end_user", "military"), s, kind="bool"),
        ]
        self.field = {".".join(f.path): f for f in self.fields}
        self.bom = EditableTableModel(BOM_FIELDS, s, "components", self)
        self.technologies = EditableTableModel(TECHNOLOGY_FIELDS, s, "technologies", self)
        self.rates = EditableTableModel(RATE_FIELDS, s, "exchange_rates", self)
        self.bom_editor = TableEditor(self.bom, "bomTable")
        self.tech_editor = TableEditor(self.technologies, "technologyTable")
        self.rate_editor = TableEditor(self.rates, "rateTable")

        self.product_tab = self._form_tab(["reference", "client.name", "client.country", "exporter.name", "exporter.country",
                                           "product.name", "product.description", "product.hs_code", "product.category",
                                           "product.elements", "product.made_in", "product.unit_value.amount",
                                           "product.unit_value.currency"])
        shipment_form = self._form_tab(["shipment.export_from", "shipment.destination", "shipment.end_use.category",
                                        "shipment.end_use.description", "shipment.end_user.name",
                                        "shipment.end_user.country", "shipment.end_user.military"])
        # Several exchange-rate rows visible at once (issue 14), not one and a half.
        rows = self.rate_editor.view.verticalHeader().defaultSectionSize()
        self.rate_editor.view.setMinimumHeight(self.rate_editor.view.horizontalHeader().sizeHint().height() + 5 * rows + 4)
        self.rates_label = QLabel()
        shipment_page = QWidget()
        sl = _FitLayout(shipment_page)
        sl.addWidget(shipment_form)
        sl.addWidget(self.rates_label)
        sl.addWidget(self.rate_editor, 1)
        # End-user screening is filled by the main window (it needs the screening service).
        self.screening_host = QWidget()
        self.screening_host.setObjectName("screeningHost")
        sl.addWidget(self.screening_host, 2)
        # Form, rates and screening are taller than a small window: scroll rather than
        # force a minimum height on the whole window.
        shipment_tab = QScrollArea()
        shipment_tab.setObjectName("shipmentTab")
        shipment_tab.setWidgetResizable(True)
        shipment_tab.setFrameShape(QFrame.Shape.NoFrame)
        shipment_tab.setWidget(shipment_page)
        self.shipment_tab = shipment_tab

        # Determinations and history are filled by the main window (they need services).
        self.determinations_tab = QWidget()
        self.determinations_tab.setObjectName("determinationsTab")
        self.history_tab = QWidget()
        self.history_tab.setObjectName("historyTab")
        self.tabs.addTab(self.product_tab, "")
        self.tabs.addTab(self.bom_editor, "")
        self.tabs.addTab(self.tech_editor, "")
        self.tabs.addTab(self.shipment_tab, "")
        self.tabs.addTab(self.determinations_tab, "")
        self.tabs.addTab(self.history_tab, "")
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setStyleSheet("font-weight:bold; font-size:14px")
        # A save can say why (kept with the revision and in the audit trail, issue 14).
        self.reason = QLineEdit()
        self.reason.setObjectName("saveReason")
        self.reason.setClearButtonEnabled(True)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.reason_label)
        top.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        s.indexChanged.connect(self._stack_moved)  # bound slots are disconnected when the editor goes
        s.cleanChanged.connect(self._stack_moved)
        self.retranslate()

    def _stack_moved(self, *_: Any) -> None:
        self.changed.emit()

    def _form_tab(self, keys: list[str]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in keys:
            f = self.field[key]
            label = QLabel()
            label.setBuddy(f.widget)
            label.setObjectName("label_" + key.replace(".", "_"))
            form.addRow(label, f.widget)
            f.form_label = label  # type: ignore[attr-defined]
        return page

    # -- loading and reading back ---------------------------------------
    def load(self, document: dict[str, Any], *, is_new: bool, revision: int | None = None) -> None:
        """Show ``document``; ``revision`` is the stored revision it is, so a save can say which
        revision it changes and is refused when someone else saved after it (issue 12, point 7)."""
        self.base = copy.deepcopy(document)
        self.is_new = is_new
        self.reason.clear()
        self.revision = None if is_new else revision
        for f in self.fields:
            f.read(document)
        self.field["reference"].widget.setReadOnly(not is_new)
        self.bom.load(document.get("components") or [])
        self.technologies.load(document.get("technologies") or [])
        self.rates.load(document.get("exchange_rates") or [])
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._update_title()
        self.changed.emit()

    def show_document(self, document: dict[str, Any]) -> None:
        """Put ``document`` in the form without touching the undo history or the loaded revision."""
        for f in self.fields:
            f.read(document)
        self.bom.load(document.get("components") or [])
        self.technologies.load(document.get("technologies") or [])
        self.rates.load(document.get("exchange_rates") or [])
        self._update_title()
        self.changed.emit()

    def reload_keeping(self, document: dict[str, Any], revision: int, typed: dict[str, Any]) -> None:
        """Show stored ``revision`` (another person's save) and keep ``typed`` one Redo away.

        The conflict path (issue 12, point 7): the user sees what is stored now and re-applies
        their changes by hand, or with Edit → Redo brings back everything they had typed
        (which then replaces the other person's version when saved). Nothing typed is lost.
        """
        self.load(document, is_new=False, revision=revision)
        self.undo_stack.push(_ShowDocument(self, document, typed, tr("Your unsaved changes")))
        self.undo_stack.undo()

    def reference(self) -> str:
        return self.field["reference"].current()

    def document(self) -> dict[str, Any]:
        """The form as a ``reedesk.dossier/1`` document (unknown fields of the loaded one kept)."""
        doc = copy.deepcopy(self.base)
        for f in self.fields:
            f.write(doc)
        for key in ("client", "exporter"):
            if isinstance(doc.get(key), dict) and not any(v for v in doc[key].values()):
                doc[key] = None
        doc["components"] = self.bom.documents()
        doc["technologies"] = self.technologies.documents()
        doc["exchange_rates"] = self.rates.documents()
        return doc

    def dossier(self) -> Dossier:
        """The edited dossier; raises ``ValidationFailed`` naming every bad field by its on-screen
        label and 1-based table row (``Bill of materials, row 2: Value``, not ``components[1].value``).

        What the user saves enters reedesk as an imported file does (``incoming=True``, docs/dossier-import.md):
        two BOM lines with one id, an exchange rate from a currency to itself, a decimal with spaces around it
        are refused here too, so the editor cannot store what ``reedesk import`` would refuse."""
        from reedesk.errors import Problem, ValidationFailed
        from reedesk.field_labels import label

        try:
            reference = self.reference()
            source = tr("Dossier {reference}").format(reference=reference) if reference else tr("This dossier")
            return parse_dossier(self.document(), source, incoming=True)
        except ValidationFailed as exc:
            language = current_language()
            shown = [Problem(label(p.where, language), p.message, p.code, p.params) for p in exc.problems]
            raise ValidationFailed(exc.source, shown) from exc

    def problems(self) -> list[str]:
        """Every bad field and cell, named by its label on screen (and 1-based table row)."""
        found = [f"{tr(f.label)} — {p}" for f in self.fields if (p := f.problem())]
        return found + self.bom.problems() + self.technologies.problems() + self.rates.problems()

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def change_reason(self) -> str | None:
        """Why the user is saving (None if they did not say)."""
        return self.reason.text().strip() or None

    def mark_saved(self, revision: int | None = None) -> None:
        self.base = self.document()
        self.is_new = False
        if revision is not None:
            self.revision = revision
        self.field["reference"].widget.setReadOnly(True)
        self.reason.clear()  # a reason is for one save
        self.undo_stack.setClean()
        self._update_title()

    def _update_title(self) -> None:
        ref = self.reference()
        self.title.setText(tr("New dossier") if self.is_new and not ref else (ref + ("  " + tr("(new)") if self.is_new else "")))

    # -- language -------------------------------------------------------
    def retranslate(self) -> None:
        for i, text in enumerate((tr("Product"), tr("Bill of materials"), tr("Technologies"),
                                  tr("Shipment and parties"), tr("Determinations"), tr("History"))):
            self.tabs.setTabText(i, text)
        for f in self.fields:
            label = getattr(f, "form_label", None)
            if label is not None:
                label.setText("&" + tr(f.label) if f.path == ("reference",) else tr(f.label))
            f.widget.setAccessibleName(tr(f.label))
            if isinstance(f.widget, QComboBox) and f.vocab:
                pickers.fill_combo(f.widget, f.vocab)
            elif isinstance(f.widget, QComboBox):
                for i in range(1, f.widget.count()):
                    f.widget.setItemText(i, choice_label(f.widget.itemData(i)))
        self.rates_label.setText(tr("Exchange rates"))
        self.reason_label.setText(tr("Reason for this change:"))
        self.reason.setPlaceholderText(tr("optional, kept in the history"))
        self.reason.setAccessibleName(tr("Reason for this change"))
        for editor in (self.bom_editor, self.tech_editor, self.rate_editor):
            editor.retranslate()
            editor.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(editor.model.fields) - 1)
        self._update_title()

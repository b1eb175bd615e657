"""An editable table of dossier list items (BOM lines, technologies, exchange rates).

Each row is the item's ``reedesk.dossier/1`` sub-document plus the text the user
typed per column; unknown fields in the sub-document are kept so they round-trip.
Every change goes through a ``QUndoStack`` command, so undo/redo covers edits,
added, removed and moved rows. Each cell is checked as it is typed: a bad cell is
tinted and its tooltip names the problem (``validate`` lists all of them).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QUndoCommand, QUndoStack

from reedesk.domain.codes import EndUseCategory, ItemCategory, TechnologyStage, is_country, is_currency, is_element
from reedesk.gui.i18n import tr

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_BAD = QBrush(QColor("#f8d7da"))


@dataclass(frozen=True)
class Field:
    """A column bound to a path in the item document, e.g. ``("value", "amount")``."""

    title: str
    path: tuple[str, ...]
    check: Callable[[str], str | None] = lambda text: None
    kind: str = "text"  # text | elements | choice
    choices: tuple[str, ...] = ()
    vocab: str = ""  # the catalogue kind shown and parsed (item_category, country, ...): see reedesk/gui/pickers.py


# -- cell checks: return a sentence naming the problem, or None ---------------
def check_country(text: str) -> str | None:
    return None if not text or is_country(text) else tr("{value} is not an ISO 3166 country code such as CN").format(value=text)


def check_currency(text: str) -> str | None:
    return None if not text or is_currency(text) else tr("{value} is not an ISO 4217 currency code such as USD").format(value=text)


def check_amount(text: str) -> str | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return tr("{value} is not a number such as 12.50").format(value=text)
    if not value.is_finite():
        return tr("{value} is not a number such as 12.50").format(value=text)
    if value < 0:
        return tr("{value} is negative; values must be zero or more").format(value=text)
    return None


def check_elements(text: str) -> str | None:
    bad = [s for s in split_elements(text) if not is_element(s)]
    return None if not bad else tr("{value} is not a chemical symbol").format(value=", ".join(bad))


def check_choice(allowed: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        return None if not text or text in allowed else tr("{value} is not one of {allowed}").format(value=text, allowed=", ".join(allowed))
    return check


def check_date(text: str) -> str | None:
    from datetime import date

    if not text:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return tr("{value} is not a date such as 2026-11-25").format(value=text)
    return None


def split_elements(text: str) -> list[str]:
    return [s for s in text.replace(",", " ").replace(";", " ").split() if s]


CATEGORIES = tuple(c.value for c in ItemCategory)
# What a choice code is called in a combo box (English source text of the catalogue); the code is stored.
CHOICE_LABELS = {
    "rare_earth_metal": "Rare-earth metal", "rare_earth_alloy": "Rare-earth alloy",
    "rare_earth_oxide": "Rare-earth oxide", "rare_earth_compound": "Rare-earth compound",
    "rare_earth_permanent_magnet": "Rare-earth permanent magnet", "rare_earth_target": "Rare-earth target",
    "other": "Other",
    "mining": "Mining", "smelting_separation": "Smelting and separation", "metal_smelting": "Metal smelting",
    "magnet_manufacturing": "Magnet manufacturing", "secondary_recycling": "Secondary recycling",
    "civil": "Civil", "military": "Military", "wmd": "Weapons of mass destruction", "terrorism": "Terrorism",
    "advanced_logic_14nm": "Advanced logic chips (14 nm or below)",
    "advanced_memory_256_layer": "Advanced memory chips (256 layers or more)",
    "military_ai": "Military artificial intelligence", "humanitarian": "Humanitarian",
}


def choice_label(code: str, kind: str | None = None) -> str:
    """The name of a choice code in the UI language (from the vocabulary catalogue); an unknown code as it is."""
    from reedesk.gui.pickers import label

    for k in ((kind,) if kind else ("item_category", "technology_stage", "end_use")):
        text = label(k, code)
        if text != code:
            return text
    return tr(CHOICE_LABELS[code]) if code in CHOICE_LABELS else code
STAGES = tuple(s.value for s in TechnologyStage)
END_USES = tuple(e.value for e in EndUseCategory)

BOM_FIELDS = (
    Field("Line", ("id",)),
    Field("Description", ("description",)),
    Field("Origin", ("origin",), check_country, vocab="country"),
    Field("Category", ("category",), check_choice(CATEGORIES), "choice", CATEGORIES, vocab="item_category"),
    Field("Elements", ("elements",), check_elements, "elements", vocab="elements"),
    Field("Value", ("value", "amount"), check_amount),
    Field("Currency", ("value", "currency"), check_currency, vocab="currency"),
)
TECHNOLOGY_FIELDS = (
    Field("Stage", ("stage",), check_choice(STAGES), "choice", STAGES, vocab="technology_stage"),
    Field("Origin", ("origin",), check_country, vocab="country"),
    Field("Description", ("description",)),
)
RATE_FIELDS = (
    Field("From", ("from",), check_currency, vocab="currency"),
    Field("To", ("to",), check_currency, vocab="currency"),
    Field("Rate", ("rate",), check_amount),
    Field("Date", ("date",), check_date),
    Field("Source", ("source",)),
)


def _get(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = doc
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = doc
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[path[-1]] = value


class EditableTableModel(QAbstractTableModel):
    """Rows of item documents, edited only through undoable commands."""

    def __init__(self, fields: tuple[Field, ...], undo_stack: QUndoStack, name: str, parent=None):
        super().__init__(parent)
        self.fields = fields
        self.undo_stack = undo_stack
        self.name = name  # e.g. "components", used in problem locations
        self.rows: list[dict[str, Any]] = []

    # -- documents -------------------------------------------------------
    def load(self, documents: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [copy.deepcopy(d) for d in documents]
        self.endResetModel()

    def documents(self) -> list[dict[str, Any]]:
        """Item documents with blanks as null, ready for ``parse_dossier``."""
        out = []
        for row in self.rows:
            doc = copy.deepcopy(row)
            for f in self.fields:
                text = self.text(row, f)
                if f.kind == "elements":
                    value: Any = split_elements(text) if text else None
                else:
                    value = text or None
                _set(doc, f.path, value)
            if "value" in doc and isinstance(doc["value"], dict) and not any(doc["value"].values()):
                doc["value"] = None
            out.append(doc)
        return out

    def text(self, row: dict[str, Any], f: Field) -> str:
        value = _get(row, f.path)
        if value is None:
            return ""
        if isinstance(value, list):
            return " ".join(str(v) for v in value)
        return str(value)

    def problems(self) -> list[str]:
        """Every bad cell, named as the table shows it: ``Bill of materials, row 3: Value — …``
        (the 1-based row number in the table's margin, the column title, in the UI language)."""
        from reedesk.field_labels import label
        from reedesk.gui.i18n import current_language

        found = []
        for r, row in enumerate(self.rows):
            for f in self.fields:
                problem = f.check(self.text(row, f))
                if problem:
                    where = label(f"{self.name}[{r}].{'.'.join(f.path)}", current_language())
                    found.append(f"{where} — {problem}")
        return found

    # -- Qt interface ----------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.fields[index.column()]
        text = self.text(self.rows[index.row()], f)
        if role == Qt.ItemDataRole.DisplayRole and f.kind == "choice" and f.vocab:
            return choice_label(text, f.vocab)  # the label in the UI language; the code is stored
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = f.check(text)
            if problem or not text or f.vocab not in ("country", "currency"):
                return problem
            from reedesk.gui.pickers import label

            return label(f.vocab, text)  # "CN" → "China" / "中國"
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BAD if f.check(text) else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self.fields[section].title) if orientation == Qt.Orientation.Horizontal else str(section + 1)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        f = self.fields[index.column()]
        new = "" if value is None else str(value).strip()
        if f.vocab and new:  # "RMB" → CNY, "China"/"中国" → CN, "sm co" → Sm Co, a label → its code
            from reedesk.gui.pickers import parse

            new = parse(f.vocab, new)
        old = self.text(self.rows[index.row()], f)
        if new == old:
            return False
        self.undo_stack.push(_SetCell(self, index.row(), index.column(), old, new))
        return True

    # -- raw operations used by the undo commands -----------------------
    def _set_text(self, row: int, column: int, text: str) -> None:
        f = self.fields[column]
        value: Any = (split_elements(text) or None) if f.kind == "elements" else (text or None)
        _set(self.rows[row], f.path, value)
        idx = self.index(row, column)
        self.dataChanged.emit(idx, idx)

    def _insert(self, row: int, doc: dict[str, Any]) -> None:
        self.beginInsertRows(_ROOT, row, row)
        self.rows.insert(row, copy.deepcopy(doc))
        self.endInsertRows()

    def _remove(self, row: int) -> dict[str, Any]:
        self.beginRemoveRows(_ROOT, row, row)
        doc = self.rows.pop(row)
        self.endRemoveRows()
        return doc

    def _move(self, src: int, dst: int) -> None:
        doc = self._remove(src)
        self._insert(dst, doc)

    # -- user actions (undoable) -----------------------------------------
    def add_row(self, at: int | None = None) -> int:
        at = len(self.rows) if at is None else at
        self.undo_stack.push(_InsertRow(self, at, {}))
        return at

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.undo_stack.push(_RemoveRow(self, row))

    def move_row(self, row: int, delta: int) -> int:
        target = row + delta
        if 0 <= row < len(self.rows) and 0 <= target < len(self.rows):
            self.undo_stack.push(_MoveRow(self, row, target))
            return target
        return row


class _SetCell(QUndoCommand):
    def __init__(self, model: EditableTableModel, row: int, column: int, old: str, new: str):
        super().__init__(tr("Edit {field}").format(field=tr(model.fields[column].title)))
        self.model, self.row, self.column, self.old, self.new = model, row, column, old, new

    def redo(self) -> None:
        self.model._set_text(self.row, self.column, self.new)

    def undo(self) -> None:
        self.model._set_text(self.row, self.column, self.old)


class _InsertRow(QUndoCommand):
    def __init__(self, model: EditableTableModel, row: int, doc: dict[str, Any]):
        super().__init__(tr("Add row"))
        self.model, self.row, self.doc = model, row, doc

    def redo(self) -> None:
        self.model._insert(self.row, self.doc)

    def undo(self) -> None:
        self.model._remove(self.row)


class _RemoveRow(QUndoCommand):
    def __init__(self, model: EditableTableModel, row: int):
        super().__init__(tr("Remove row"))
        self.model, self.row = model, row
        self.doc: dict[str, Any] = {}

    def redo(self) -> None:
        self.doc = self.model._remove(self.row)

    def undo(self) -> None:
        self.model._insert(self.row, self.doc)


class _MoveRow(QUndoCommand):
    def __init__(self, model: EditableTableModel, src: int, dst: int):
        super().__init__(tr("Move row"))
        self.model, self.src, self.dst = model, src, dst

    def redo(self) -> None:
        self.model._move(self.src, self.dst)

    def undo(self) -> None:
        self.model._move(self.dst, self.src)

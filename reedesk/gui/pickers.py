"""Drop-downs and pickers that show the user's words and store the codes.

Why: the BOM and technology tables used to make users type ``magnet_manufacturing``
and ``CN``. Item category, technology stage and end use are drop-downs of their
labels in the UI language; countries and currencies are editable combos with a
completer over their names in the UI language, and what is typed is read by the
vocabulary catalogue (``RMB`` → CNY, ``China``/``中国`` → CN, any case). Element
symbols are read case-insensitively, as the CSV import does (``sm co`` → Sm Co).
The document always holds the code.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reedesk.gui.i18n import current_language

# Kinds whose values are a closed list (a plain drop-down) and kinds typed with a completer.
CLOSED = ("item_category", "technology_stage", "end_use")
OPEN = ("country", "currency")


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, label) in the UI language, in the catalogue's display order."""
    from reedesk.vocabulary import choices as catalogue_choices

    return catalogue_choices(kind, current_language())


def label(kind: str, code: str) -> str:
    """The label of ``code`` in the UI language; an unknown code is shown as it is."""
    if not code:
        return ""
    from reedesk.vocabulary import known, label as catalogue_label

    return catalogue_label(kind, code, current_language()) if known(kind, code) else code


def parse(kind: str, typed: str) -> str:
    """The code for what was typed (code, label in any language, or a hint); the text as typed
    (stripped) when nothing matches, so the cell check names it."""
    text = (typed or "").strip()
    if not text:
        return ""
    if kind == "elements":
        return normalise_elements(text)
    from reedesk.vocabulary import parse_choice

    found = parse_choice(kind, text, current_language())
    return found if found else text


def normalise_elements(text: str) -> str:
    """``sm, CO;nd`` → ``Sm Co Nd``: each token capitalised as a chemical symbol (as the CSV import reads it)."""
    out: list[str] = []
    for token in text.replace(",", " ").replace(";", " ").split():
        symbol = token[:1].upper() + token[1:].lower()
        if symbol not in out:
            out.append(symbol)
    return " ".join(out)


def picker_text(kind: str, code: str, name: str) -> str:
    """What a picker line shows: ``China (CN)``; in Chinese with the catalogue's fullwidth parentheses, ``中國（CN）``."""
    from reedesk.gui.i18n import current_language

    return f"{name} ({code})" if current_language() == "en" else f"{name}（{code}）"


def fill_combo(combo: QComboBox, kind: str, *, blank: bool = True) -> None:
    """(Re)fill ``combo`` with the kind's choices (item data = code), keeping the chosen code.

    A country or currency picker nobody has used yet is only marked: it fills itself on first use
    (:meth:`PickerCombo.ensure_filled`). The names come from CLDR (~0.1 s the first time) and the editor
    holds nine pickers, filled again on each language change: a quarter of the window's start (issue 13).
    """
    show_hint(combo, kind)  # again on a language switch (the editor refills its pickers)
    if isinstance(combo, PickerCombo) and kind in OPEN and not combo.filled:
        combo.pending = (kind, blank)
        return
    _fill(combo, kind, blank=blank)


def show_hint(combo: QComboBox, kind: str) -> None:
    """The picker's hint in the UI language, as a placeholder and tooltip: what it accepts besides
    the names listed ("RMB → CNY", "China → CN"; issue 14)."""
    if kind not in OPEN or not combo.isEditable() or combo.lineEdit() is None:
        return
    from reedesk.gui.i18n import tr

    hint = (tr("Type a name or a code, e.g. RMB → CNY, 人民币 → CNY") if kind == "currency"
            else tr("Type a name or a code, e.g. China → CN, 中国 → CN"))
    combo.lineEdit().setPlaceholderText(hint)
    combo.setToolTip(hint)


def _fill(combo: QComboBox, kind: str, *, blank: bool = True) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if blank:
        combo.addItem("", "")
    for code, name in choices(kind):
        combo.addItem(picker_text(kind, code, name) if kind in OPEN else name, code)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class PickerCombo(QComboBox):
    """A combo box that, when editable, selects its text like a line edit does, and says when
    the user leaves it (``left``): a line edit does not finish editing while its completer's
    popup is open, so Tab out of a half-completed "FR" would otherwise keep nothing."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filled = True
        self.pending: tuple[str, bool] | None = None  # (kind, blank) to fill with on first use

    def watch_focus(self) -> None:
        """Say ``left`` when focus leaves this editable picker (drop-downs do not watch: one
        application-wide connection per picker, not per combo box)."""
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def ensure_filled(self) -> None:
        """Fill a picker marked by :func:`fill_combo` (the text shown is kept)."""
        if self.pending is None:
            return
        (kind, blank), self.pending, self.filled = self.pending, None, True
        text = self.currentText() if self.isEditable() else None
        _fill(self, kind, blank=blank)
        if text is not None and self.currentText() != text:
            self.setEditText(text)

    # Everything that looks at the items fills first; the view's own drawing needs only the current text.
    def findData(self, *args: Any, **kwargs: Any) -> int:
        self.ensure_filled()
        return super().findData(*args, **kwargs)

    def findText(self, *args: Any, **kwargs: Any) -> int:
        self.ensure_filled()
        return super().findText(*args, **kwargs)

    def count(self) -> int:
        self.ensure_filled()
        return super().count()

    def itemText(self, index: int) -> str:
        self.ensure_filled()
        return super().itemText(index)

    def itemData(self, *args: Any, **kwargs: Any) -> Any:
        self.ensure_filled()
        return super().itemData(*args, **kwargs)

    def showPopup(self) -> None:
        self.ensure_filled()
        super().showPopup()

    def focusInEvent(self, event: Any) -> None:
        self.ensure_filled()
        super().focusInEvent(event)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not self.isEditable() or old is None:
            return
        mine = (self, self.lineEdit())
        completer = self.completer()
        popup = completer.popup() if completer is not None else None
        if old in mine and new not in mine and new is not popup:
            if popup is not None and popup.isVisible():
                popup.hide()
            self.left.emit()

    def selectAll(self) -> None:
        if self.lineEdit() is not None:
            self.lineEdit().selectAll()

    def text(self) -> str:
        """The code chosen or typed (a line edit's ``text`` for code that reads a field)."""
        return combo_code(self)

    def setText(self, code: str) -> None:
        show_code(self, code)


def make_combo(kind: str, parent: QWidget | None = None) -> QComboBox:
    """A drop-down for a closed kind; an editable, completing picker for a country or currency."""
    combo = PickerCombo(parent)
    combo.kind = kind  # type: ignore[attr-defined]
    if kind in OPEN:  # the blank choice now, the names on first use (fill_combo)
        combo.filled = False
        combo.addItem("", "")
    fill_combo(combo, kind)
    if kind in OPEN:
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        combo.setMaxVisibleItems(15)
        combo.watch_focus()
        show_hint(combo, kind)
    return combo


def combo_code(combo: QComboBox) -> str:
    """The code chosen or typed in ``combo``."""
    kind = getattr(combo, "kind", "")
    if not combo.isEditable():
        return combo.currentData() or ""
    text = combo.currentText().strip()
    index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if index >= 0 and combo.itemData(index):
        return combo.itemData(index)
    for open_, close in (("(", ")"), ("（", "）")):  # "China (CN)" or, from a Chinese window, 「中國（CN）」 pasted in full
        if text.endswith(close) and open_ in text:
            inner = text[text.rindex(open_) + 1:-1].strip()
            if inner:
                text = inner
            break
    return parse(kind, text)


def show_code(combo: QComboBox, code: str) -> None:
    """Select ``code`` (an unknown code is shown as typed in an editable picker)."""
    index = combo.findData(code) if code else 0
    if index >= 0:
        combo.setCurrentIndex(index)
        if combo.isEditable():  # the same index again does not reset text typed over it
            combo.setEditText(combo.itemText(index))
    elif combo.isEditable():
        combo.setCurrentIndex(-1)
        combo.setEditText(code)
    else:
        combo.setCurrentIndex(0)


Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Cell editor for a table column of ``kind``: the drop-down or the picker; stores the code."""

    def __init__(self, kind: str, parent: Any = None):
        super().__init__(parent)
        self.kind = kind

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = make_combo(self.kind, parent)
        combo.setObjectName(f"cellPicker_{self.kind}")
        if not combo.isEditable():
            combo.activated.connect(lambda _=0, c=combo: (self.commitData.emit(c), self.closeEditor.emit(c)))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        show_code(editor, str(index.data(Qt.ItemDataRole.EditRole) or ""))  # type: ignore[arg-type]

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        model.setData(index, combo_code(editor), Qt.ItemDataRole.EditRole)  # type: ignore[arg-type]

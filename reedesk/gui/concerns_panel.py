"""The "points to note" box shown in the sign and export dialogs (contract C4).

Why: the officer who signs or exports should see, in the same dialog where they
go on (Sign / Export) or stop (Cancel / Close), what a careful reviewer would
ask about first: a party not screened, a hit nobody decided, data missing, rule
packs reviewed only up to a date, a reading of the law that changes the outcome.
The list comes from :func:`reedesk.concerns.concerns_for`, the same list the
evidence pack prints.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from reedesk.concerns import Concern, concerns_for
from reedesk.gui.i18n import current_language, tr
from reedesk.rules.render import expand


def document_concerns(document: dict[str, Any] | None, today: date | None = None) -> list[Concern]:
    """The concerns of a stored determination document (expanded first, as C1 asks)."""
    if not document:
        return []
    return concerns_for(expand(document), today=today or date.today())


class ConcernsPanel(QGroupBox):
    """A titled list of concerns, warnings first; says so when there is nothing to note."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.concerns: list[Concern] = []
        self.list = QListWidget()
        self.list.setObjectName(object_name + "List")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(140)  # two or three points readable without scrolling
        self.empty = QLabel()
        self.empty.setObjectName(object_name + "Empty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.retranslate()

    def set_concerns(self, concerns: Sequence[Concern]) -> None:
        self.concerns = sorted(concerns, key=lambda c: c.severity != "warning")
        self.retranslate()

    def texts(self) -> list[str]:
        """What the list shows, in the order shown."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def warnings(self) -> int:
        return sum(1 for c in self.concerns if c.severity == "warning")

    def retranslate(self) -> None:
        language = current_language()
        self.setTitle(tr("Points to note before relying on this determination"))
        self.list.clear()
        style = self.style()
        for c in self.concerns:
            item = QListWidgetItem(c.text(language))
            pixmap = QStyle.StandardPixmap.SP_MessageBoxWarning if c.severity == "warning" else QStyle.StandardPixmap.SP_MessageBoxInformation
            item.setIcon(style.standardIcon(pixmap))
            item.setData(256, c.code)  # Qt.UserRole: tests and screen readers can tell the kind
            item.setToolTip(tr("Needs attention") if c.severity == "warning" else tr("For information"))
            self.list.addItem(item)
        self.list.setVisible(bool(self.concerns))
        self.empty.setText(tr("Nothing to note: every party is screened and decided, no data is missing, and every reading gives the same outcome.")
                           if not self.concerns else
                           tr("You may go on; the evidence pack lists these points too."))
        self.list.setAccessibleName(self.title())

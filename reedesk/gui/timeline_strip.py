"""The timeline strip on the determinations tab: one row of coloured bands per reading.

Shows a ``reedesk.timeline/1`` document (``services.portfolio.timeline``): each interval a
band in its outcome's colour (the colours of the determination badge), the primary reading
on top, each declared alternative reading below it. Hovering a band shows the outcome, the
dates, the decisive rule with its citation and key phrase, the suspension, and what
happens on its first day. The document is computed only when the strip is shown (a few
engine runs), never while the user browses dossiers.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from reedesk.gui.determination_panel import BADGE_COLOURS
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.models import outcome_label

ROW = 26
AXIS = 18
LABEL_WIDTH = 250
PAD = 6


def _day(text: str) -> date:
    return date.fromisoformat(text)


class TimelineStrip(LanguageAware, QWidget):
    """Bands of outcomes over time; ``loader(reference) -> document`` fills it lazily."""

    def __init__(self, loader: Callable[[str], dict[str, Any]] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelineStrip")
        self.setMouseTracking(True)
        self.loader = loader
        self.reference: str | None = None
        self.document: dict[str, Any] | None = None
        self.error: str | None = None
        self._stale = False
        self.marker: date | None = None  # drawn as a thin line: the tab's as-of date
        self.retranslate()

    # -- data ---------------------------------------------------------------
    def set_reference(self, reference: str | None) -> None:
        """Remember the dossier; the timeline is computed when the strip is next shown."""
        self.reference = reference
        self.document = None
        self.error = None
        self._stale = reference is not None
        if self._stale and self.isVisible():
            self.refresh()
        self.update()

    def refresh(self) -> None:
        if self.reference is None or self.loader is None:
            return
        self._stale = False
        try:
            self.set_document(self.loader(self.reference))
        except Exception as exc:  # shown in the strip: a timeline is never worth a dialog
            self.document, self.error = None, str(exc)
            self.updateGeometry()
            self.update()

    def set_document(self, document: dict[str, Any] | None) -> None:
        self.document = document
        self.error = None
        self.updateGeometry()
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- geometry -----------------------------------------------------------
    def bands(self) -> list[dict[str, Any]]:
        """The primary band and each reading that gives another outcome somewhere in the range."""
        return [b for b in (self.document or {}).get("bands") or [] if b.get("primary") or b.get("differs", True)]

    def sizeHint(self) -> QSize:
        return QSize(600, AXIS + PAD * 2 + ROW * max(1, len(self.bands())))

    def _span(self) -> tuple[date, date]:
        d = self.document or {}
        return _day(d["from"]), _day(d["until"])

    def _x(self, day: date, *, end: bool = False) -> float:
        first, last = self._span()
        total = (last - first).days + 1
        offset = (day - first).days + (1 if end else 0)
        width = max(1, self.width() - LABEL_WIDTH - PAD * 2)
        return LABEL_WIDTH + PAD + width * offset / max(total, 1)

    def interval_rects(self) -> list[tuple[QRectF, dict[str, Any], dict[str, Any]]]:
        """(rectangle, band, interval) of every drawn band piece."""
        out = []
        for row, band in enumerate(self.bands()):
            top = PAD + row * ROW
            for iv in band["intervals"]:
                left, right = self._x(_day(iv["from"])), self._x(_day(iv["until"]), end=True)
                out.append((QRectF(left, top + 2, max(1.0, right - left), ROW - 4), band, iv))
        return out

    def interval_at(self, pos: QPoint) -> tuple[dict[str, Any], dict[str, Any]] | None:
        for rect, band, iv in self.interval_rects():
            if rect.contains(pos.x(), pos.y()):
                return band, iv
        return None

    # -- texts --------------------------------------------------------------
    def band_title(self, band: dict[str, Any]) -> str:
        if band.get("primary"):
            return tr("Text (primary reading)")
        desc = band.get("description") or {}
        return desc.get(current_language()) or desc.get("en") or band["id"]

    def tooltip_for(self, band: dict[str, Any], iv: dict[str, Any]) -> str:
        """What hovering a band shows: outcome, dates, rule and citation, suspension, events."""
        lang = current_language()
        lines = [f"<b>{outcome_label(iv['outcome'])}</b>", tr("{start} to {until} (inclusive)").format(start=iv["from"], until=iv["until"])]
        if not band.get("primary"):
            lines.append(tr("Reading: {name}").format(name=self.band_title(band)))
            lines += self._reading_facts(band)
        for rule in iv.get("rules") or []:
            lines.append(tr("Rule: {citation}").format(citation=rule["citation"].get(lang, rule["citation"]["en"])))
            phrase = {"en": rule.get("key_phrase_en"), "zh-Hans": rule.get("key_phrase_zh"),
                      "zh-Hant": rule.get("key_phrase_zh_hant") or rule.get("key_phrase_zh")}.get(lang)
            if phrase:
                lines.append(f"<i>{phrase}</i>")
            s = rule.get("suspension")
            if s:
                by = (s.get("by_zh_hant") or s.get("by_zh") or s["by"]) if lang == "zh-Hant" else ((s.get("by_zh") or s["by"]) if lang == "zh-Hans" else s["by"])
                lines.append(tr("Suspended from {start} until {until} by {by}.").format(start=s["from"], until=s["until"], by=by))
        if not iv.get("rules"):
            lines.append(tr("No rule in force applies."))
        summary = iv.get("summary") or {}
        if summary and not band.get("primary") and not iv.get("same_as_primary"):
            lines.append(summary.get(lang, summary.get("en", "")))
        for e in iv.get("events") or []:
            lines.append("· " + e["text"].get(lang, e["text"]["en"]))
        return "<br/>".join(lines)

    def band_at(self, pos: QPoint) -> dict[str, Any] | None:
        """The band whose title is under ``pos`` (the label column)."""
        row = (pos.y() - PAD) // ROW
        if pos.x() < LABEL_WIDTH and 0 <= row < len(self.bands()):
            return self.bands()[row]
        return None

    def _reading_facts(self, band: dict[str, Any]) -> list[str]:
        """Status (in the reader's language) and, in English, the source (packs give sources in English)."""
        lang = current_language()
        out = []
        status = (band.get("status_text") or {}).get(lang) or (band.get("status") if lang == "en" else None)
        if status:
            out.append(tr("Status: {status}").format(status=status))
        if band.get("source") and lang == "en":
            out.append(tr("Source: {source}").format(source=band["source"]))
        return out

    def band_tooltip(self, band: dict[str, Any]) -> str:
        lines = [f"<b>{self.band_title(band)}</b>"]
        if not band.get("primary"):
            point = (band.get("point_text") or {}).get(current_language())
            if point:
                lines.append(point)
            lines += self._reading_facts(band)
        return "<br/>".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        found = self.interval_at(pos)
        band = self.band_at(pos)
        if band is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.band_tooltip(band), self)
        elif found is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(*found), self)
        super().mouseMoveEvent(event)

    # -- painting -----------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        if self.document is None:
            p.setPen(self.palette().text().color())
            text = self.error or (tr("Computing the timeline…") if self.reference else tr("No dossier is open."))
            p.drawText(self.rect().adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            return
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        for row, band in enumerate(self.bands()):
            top = PAD + row * ROW
            p.setPen(self.palette().text().color())
            p.setFont(self.font())
            p.drawText(QRect(PAD, top, LABEL_WIDTH - PAD, ROW), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       p.fontMetrics().elidedText(self.band_title(band), Qt.TextElideMode.ElideRight, LABEL_WIDTH - PAD * 2))
        p.setFont(small)
        for rect, band, iv in self.interval_rects():
            colour = QColor(BADGE_COLOURS.get(iv["outcome"], "#455a64"))
            if not band.get("primary") and iv.get("same_as_primary"):
                colour.setAlpha(90)  # the reading gives the text's answer here
            p.fillRect(rect, colour)
            p.setPen(QPen(QColor("white"), 1))
            p.drawRect(rect)
            label = p.fontMetrics().elidedText(outcome_label(iv["outcome"]), Qt.TextElideMode.ElideRight, int(rect.width()) - 6)
            if rect.width() > 30:
                p.setPen(QColor("white"))
                p.drawText(rect.adjusted(3, 0, -3, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
        if self.marker is not None and self._span()[0] <= self.marker <= self._span()[1]:
            x = self._x(self.marker) + 0.5
            p.setPen(QPen(self.palette().text().color(), 1, Qt.PenStyle.DashLine))
            p.drawLine(int(x), PAD, int(x), PAD + ROW * len(self.bands()) + 4)
        # axis: the first day of every interval of the primary band, and the last day
        axis_top = PAD + ROW * len(self.bands())
        p.setPen(self.palette().text().color())
        marks = sorted({iv["from"] for band in self.bands() for iv in band["intervals"]} | {self.document["until"]})
        last_right = -1e9
        for m in marks:
            x = self._x(_day(m), end=m == self.document["until"])
            p.drawLine(int(x), axis_top, int(x), axis_top + 4)
            width = p.fontMetrics().horizontalAdvance(m)
            left = min(max(x - width / 2, LABEL_WIDTH), self.width() - width - 2)
            if left > last_right + 4:
                p.drawText(int(left), axis_top + AXIS - 3, m)
                last_right = left + width
        p.end()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Timeline of outcomes"))
        self.setToolTip("")
        self.update()


def timeline_range(as_of: date) -> tuple[date, date]:
    """The strip's range around the tab's as-of date: about fourteen months back, fifteen ahead."""
    from datetime import timedelta

    return as_of - timedelta(days=425), as_of + timedelta(days=455)


def mount_timeline(tab: Any, desk: Any) -> TimelineStrip:
    """Put a strip under the as-of bar of a ``DeterminationsTab`` and follow the dossier it shows.

    The strip reads the tab's as-of date for its range and recomputes when the tab loads
    another dossier or a new determination (the tab's ``load``)."""

    def loader(reference: str) -> dict[str, Any]:
        from reedesk.services import portfolio  # imported on first use, not at start-up (issue 13)

        strip.marker = tab.as_of_date()
        start, end = timeline_range(strip.marker)
        return portfolio.timeline(desk, reference, start, end)

    strip = TimelineStrip(loader)
    tab.layout().insertWidget(1, strip)
    original = tab.load

    def load(reference: str | None, select_id: int | None = None) -> None:
        original(reference, select_id=select_id)
        strip.set_reference(reference)

    tab.load = load
    return strip

"""End-user screening in the Shipment and parties tab.

Screening reads the *stored* dossier (``services.screening.screen_dossier``
screens the latest revision), so the button is disabled while the form has
unsaved edits: otherwise the hits shown would belong to a name the user no
longer sees. A decision is recorded with ``record_screening`` as a new
revision; the panel then says ``recorded`` and the main window reloads the
editor, so the record shown is always the one the next determination embeds.

The status line reads the record in the editor's document
(``shipment.end_user.screening``): "not screened", "screened on … for …", or,
flagged, screened for a name that is no longer the end user's.

reedesk 0.2 screens every named party: the Party box lists the end user, the
importer, the consignee and each one's owners (with their share); the record of
the chosen party (``<party>.screening``) is shown and decided. Hits are numbered
per party.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reedesk.gui import audit_text
from reedesk.gui.errors import error_text
from reedesk import vocabulary
from reedesk.gui.i18n import LanguageAware, Message, current_language, render, tr
from reedesk.gui.table_model import Column, RecordTableModel, make_table_view, minutes

LIST_KINDS = {code: vocabulary.label("list_kind", code, "en") for code in vocabulary.codes("list_kind")}  # reedesk.vocabulary
DECISION_LABELS = {"confirmed": "Confirmed", "cleared": "Cleared"}
SHIPPED_LIST_NAMES = ("Export Control Control List", "Watch List", "Unreliable Entity List")  # catalogue keys (name_en)


def kind_label(kind: str | None) -> str:
    """A list kind in the window's language (reedesk.vocabulary, as the CLI and the PDF name it)."""
    return vocabulary.label("list_kind", kind, current_language()) if kind else ""


def decision_label(decision: str | None) -> str:
    return tr(DECISION_LABELS[decision]) if decision in DECISION_LABELS else tr("Undecided")


def _who_when(h: Any) -> str:
    # the person as the audit view names them ("Mai Tran (account root)"), not the bare account
    return f"{audit_text.person(h.decided_by, audit_text.KNOWN_PEOPLE)} {minutes(h.decided_at)}" if h.decided_by else ""


HIT_COLUMNS = (  # ScreenedHit rows; long texts capped so the decision stays in view, in full in the tooltip
    Column("#", lambda h: h.n, align=Qt.AlignmentFlag.AlignRight),
    Column("Entry", lambda h: h.hit.entry_name, max_chars=40,
           tooltip=lambda h: f"{h.hit.entry_name}\n{tr('Matched spelling')}: {h.hit.matched_name}"),
    Column("List", lambda h: tr(h.hit.list_name) if h.hit.list_kind not in LIST_KINDS or h.hit.list_kind == "other"
           else kind_label(h.hit.list_kind), max_chars=16,
           tooltip=lambda h: f"{tr(h.hit.list_name)} ({kind_label(h.hit.list_kind)}, {h.hit.list_id})"),
    Column("Score", lambda h: format(h.hit.score, "f"), align=Qt.AlignmentFlag.AlignRight),
    Column("Source", lambda h: h.hit.source, max_chars=12),
    Column("Decision", lambda h: decision_label(h.decision), max_chars=10),
    Column("Decided by", _who_when, tooltip=lambda h: f"{h.decided_by or ''} {h.decided_at or ''}".strip()),
    Column("Reason", lambda h: h.reason or ""),  # last: it takes the room left
)


ROLE_LABELS = {"end_user": "End user", "importer": "Importer", "consignee": "Consignee"}  # catalogue keys


def party_object(document: dict[str, Any], party: str = "end_user") -> dict[str, Any]:
    """The party object at ``party`` (end_user, importer, consignee, or e.g. end_user.owners[0]), or {}."""
    role, _, rest = party.partition(".owners[")
    found = (document.get("shipment") or {}).get(role) or {}
    if rest and isinstance(found, dict):
        owners = found.get("owners") or []
        index = int(rest.rstrip("]")) if rest.rstrip("]").isdigit() else -1
        found = owners[index] if 0 <= index < len(owners) and isinstance(owners, list) else {}
    return found if isinstance(found, dict) else {}


def named_parties(document: dict[str, Any]) -> list[tuple[str, Message]]:
    """(party spec, label) for every named party and owner of the document, end user first."""
    out: list[tuple[str, Message]] = []
    for role in ROLE_LABELS:
        p = party_object(document, role)
        if str(p.get("name") or "").strip():
            out.append((role, lambda r=role, n=p.get("name"): tr("{role}: {name}").format(role=tr(ROLE_LABELS[r]), name=n)))
        for i, o in enumerate(p.get("owners") or [] if isinstance(p.get("owners"), list) else []):
            if isinstance(o, dict) and str(o.get("name") or "").strip():
                out.append((f"{role}.owners[{i}]", lambda r=role, o=o: tr("Owner of the {role} ({share}): {name}").format(
                    role=tr(ROLE_LABELS[r]).lower(), share=o.get("share") or "?", name=o.get("name"))))
    return out


def _record_of(document: dict[str, Any], party: str = "end_user") -> dict[str, Any] | None:
    record = party_object(document, party).get("screening")
    return record if isinstance(record, dict) else None


def end_user_name(document: dict[str, Any], party: str = "end_user") -> str:
    return str(party_object(document, party).get("name") or "").strip()


def screening_status(document: dict[str, Any], party: str = "end_user") -> tuple[Message, str]:
    """What the stored record says about the party now, and how much attention it needs:
    ``""`` (none), ``"open"`` (not screened, or hits undecided) or ``"stale"`` (screened for another name)."""
    record = _record_of(document, party)
    name = end_user_name(document, party)
    if record is None:
        if party != "end_user":
            return (lambda: tr("{name} not screened.").format(name=name)), ("open" if name else "")
        return (lambda: tr("End user not screened.")), ("open" if name else "")
    when = minutes(record.get("screened_at"))
    who = str(record.get("screened_by") or "")
    screened = str(record.get("name") or "")
    hits = [h for h in record.get("hits") or [] if isinstance(h, dict)]
    open_hits = sum(1 for h in hits if h.get("decision") is None)
    if screened != name:
        return (lambda: tr("Screened on {when} for the name {screened}, but the end user is now {name}: screen again.").format(
            when=when, screened=screened, name=name or "—")), "stale"
    return (lambda: tr("Screened on {when} by {who} for the name {name}: {hits} hit(s), {open} undecided.").format(
        when=when, who=audit_text.person(who, audit_text.KNOWN_PEOPLE), name=screened, hits=len(hits), open=open_hits)), ("open" if open_hits else "")


class ScreeningPanel(LanguageAware, QWidget):
    """Screen button, status line, hits table, reason and Confirm / Clear.

    ``state`` is a callable giving ``(reference or None, document, dirty)`` of the
    editor; :meth:`refresh` asks it again (the main window calls it when the
    editor changes). ``recorded(reference, revision)`` is emitted after a save.
    """

    recorded = Signal(str, int)

    def __init__(self, desk: Any, state: Callable[[], tuple[str | None, dict[str, Any], bool]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("screeningPanel")
        self.desk = desk
        self.state = state
        self.result: Any = None
        self.title = QLabel()
        self.title.setStyleSheet("font-weight:bold")
        self.status = QLabel()
        self.status.setObjectName("screeningStatus")
        self.status.setWordWrap(True)
        self.status_message: Message = ""
        self.party_box = QComboBox()
        self.party_box.setObjectName("screeningParty")
        self.party_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.party_box.setMinimumContentsLength(24)
        self.party_box.currentIndexChanged.connect(lambda _: self._party_changed())
        self.party_labels: list[Message] = []
        self.screen_button = QPushButton()
        self.screen_button.setObjectName("screenButton")
        self.screen_button.clicked.connect(self.screen)
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordScreeningButton")
        self.record_button.clicked.connect(lambda: self.decide(None))
        self.hits = RecordTableModel(HIT_COLUMNS, parent=self)
        self.hit_view = make_table_view("screeningHits", self.hits)
        # four hits readable without scrolling the table (the shipment tab scrolls instead), as the rate table shows five
        self.hit_view.setMinimumHeight(self.hit_view.horizontalHeader().sizeHint().height()
                                       + 4 * self.hit_view.verticalHeader().defaultSectionSize()
                                       + self.hit_view.horizontalScrollBar().sizeHint().height() + 4)
        self.hit_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.reason = QLineEdit()
        self.reason.setObjectName("screeningReason")
        self.reason.textChanged.connect(lambda _: self._clear_message_if_reason())
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmHitButton")
        self.confirm_button.clicked.connect(lambda: self.decide("confirmed"))
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearHitButton")
        self.clear_button.clicked.connect(lambda: self.decide("cleared"))
        self.message = QLabel()
        self.message.setObjectName("screeningMessage")
        self.message.setWordWrap(True)
        self.said: Message = ""
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.party_box)
        top.addWidget(self.screen_button)
        top.addWidget(self.record_button)
        top.addStretch(1)
        decide = QHBoxLayout()
        decide.addWidget(self.reason_label)
        decide.addWidget(self.reason, 1)
        decide.addWidget(self.confirm_button)
        decide.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.hit_view, 1)
        layout.addLayout(decide)
        layout.addWidget(self.message)
        self.retranslate()

    # -- state ------------------------------------------------------------
    @property
    def party(self) -> str:
        """The party chosen in the Party box (end_user when there is no other)."""
        return self.party_box.currentData() or "end_user"

    def _fill_parties(self, document: dict[str, Any]) -> None:
        parties = named_parties(document) or [("end_user", lambda: tr(ROLE_LABELS["end_user"]))]
        specs = [spec for spec, _ in parties]
        if specs == [self.party_box.itemData(i) for i in range(self.party_box.count())]:
            return
        keep = self.party
        self.party_box.blockSignals(True)
        self.party_box.clear()
        self.party_labels = [label for _, label in parties]
        for spec, label in parties:
            self.party_box.addItem(render(label), spec)
        self.party_box.setCurrentIndex(specs.index(keep) if keep in specs else 0)
        self.party_box.blockSignals(False)
        self.party_box.setVisible(len(parties) > 1)

    def _party_changed(self) -> None:
        self.retranslate()
        self.result = None
        self.hits.set_records([])
        self.say("")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the editor: status line, and hits shown only while they still belong to it."""
        reference, document, _dirty = self.state()
        self._fill_parties(document)
        if self.result is not None and (reference != self.result.reference or end_user_name(document, self.party) != self.result.name):
            self.result = None
            self.hits.set_records([])
        status, attention = screening_status(document, self.party) if reference else ("", "")
        self.status_message = status
        self.status.setStyleSheet({"stale": "color:#a11; font-weight:bold", "open": "color:#8a5a00"}.get(attention, ""))
        self.status.setText(render(status))
        self._update_buttons()

    def _why_not(self) -> str | None:
        """Why screening cannot run now (the button's tooltip), or None."""
        reference, document, dirty = self.state()
        if not reference:
            return tr("Save the dossier first: screening reads the stored dossier.")
        if dirty:
            return tr("Save or undo your edits first: screening reads the stored dossier.")
        if not end_user_name(document, self.party):
            return tr("Enter the end user's name first.")
        return None

    def _update_buttons(self) -> None:
        why = self._why_not()
        self.screen_button.setEnabled(why is None)
        self.screen_button.setToolTip(why or tr("Screen the end user's name against the screening lists (stores nothing)"))
        ready = why is None and self.result is not None
        self.record_button.setEnabled(ready)
        self.record_button.setToolTip(tr("Record this screening in the dossier as a new revision (also when there are no hits)"))
        selected = ready and self.hit_view.currentIndex().isValid()
        for b in (self.confirm_button, self.clear_button, self.reason):
            b.setEnabled(selected)

    def say(self, message: Message, ok: bool = True) -> None:
        self.said = message
        self.message.setStyleSheet("color:#1b5e20" if ok else "color:#a11")
        self.message.setText(render(message))

    def _clear_message_if_reason(self) -> None:
        if self.reason.text().strip() and self.message.styleSheet() == "color:#a11":
            self.say("")

    # -- actions ----------------------------------------------------------
    def screen(self) -> Any:
        if self._why_not() is not None:
            return None
        from reedesk.services.screening import screen_dossier  # the window paints before the store is imported

        reference = self.state()[0]
        try:
            result = screen_dossier(self.desk, reference, party=self.party)
        except Exception as exc:
            self.say(error_text(exc), ok=False)
            return None
        self.show_result(result)
        count = len(result.hits)
        self.say(lambda: tr("{name}: {hits} hit(s) on {lists} lists at threshold {threshold}; nothing recorded yet.").format(
            name=result.name, hits=count, lists=len(result.lists), threshold=format(result.threshold, "f")))
        return result

    def show_result(self, result: Any) -> None:
        self.result = result
        self.hits.set_records(result.hits)
        if result.hits:
            self.hit_view.selectRow(0)
        self._update_buttons()

    def selected_hit(self) -> Any:
        index = self.hit_view.currentIndex()
        return self.hits.records[index.row()] if index.isValid() and 0 <= index.row() < len(self.hits.records) else None

    def decide(self, decision: str | None) -> Any:
        """Record ``decision`` on the selected hit (None: record the screening as it stands)."""
        if self.result is None or self._why_not() is not None:
            return None
        from reedesk.services.screening import Decision, record_screening, screen_dossier

        decisions: list[Decision] = []
        if decision is not None:
            hit = self.selected_hit()
            if hit is None:
                self.say(lambda: tr("Select a hit first."), ok=False)
                return None
            reason = self.reason.text().strip()
            if not reason:
                self.say((lambda: tr("Give the reason why hit {n} is the end user.").format(n=hit.n)) if decision == "confirmed" else
                         (lambda: tr("Give the reason why hit {n} is not the end user.").format(n=hit.n)), ok=False)
                self.reason.setFocus()
                return None
            # record_screening numbers the hits afresh: find the selected entry's number now, so a
            # list imported meanwhile cannot put the decision on another entry
            try:
                fresh = screen_dossier(self.desk, self.result.reference, party=self.party)
            except Exception as exc:
                self.say(error_text(exc), ok=False)
                return None
            n = next((h.n for h in fresh.hits if (h.hit.list_id, h.hit.entry_id) == (hit.hit.list_id, hit.hit.entry_id)), None)
            if n is None or fresh.name != self.result.name:
                self.show_result(fresh)
                self.say(lambda: tr("The lists changed since this screening; check the hits again."), ok=False)
                return None
            decisions = [Decision(n, decision, reason)]
        reference = self.result.reference
        try:
            saved = record_screening(self.desk, reference, decisions, party=self.party)
        except Exception as exc:
            self.say(error_text(exc), ok=False)
            return None
        self.reason.clear()
        row = self.hit_view.currentIndex().row()
        self.recorded.emit(reference, saved.revision)  # the window reloads the editor (new revision)
        try:
            self.show_result(screen_dossier(self.desk, reference, party=self.party))
        except Exception as exc:
            self.say(error_text(exc), ok=False)
            return saved
        if 0 <= row < self.hits.rowCount():
            self.hit_view.selectRow(row)
        self.refresh()
        self.say(lambda: tr("Recorded the screening of {reference} as revision {revision}.").format(reference=reference, revision=saved.revision))
        return saved

    # -- language ---------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(tr("End-user screening"))
        screen = tr("Screen end user") if self.party == "end_user" else tr("Screen party")
        for b, text in ((self.screen_button, screen), (self.record_button, tr("Record screening")),
                        (self.confirm_button, tr("Confirm hit")), (self.clear_button, tr("Clear hit"))):
            b.setText(text)
            b.setAccessibleName(text)
        self.confirm_button.setToolTip(tr("The end user is this listed entity (needs a reason)"))
        self.clear_button.setToolTip(tr("The end user is not this listed entity (needs a reason)"))
        self.reason_label.setText(tr("Rea&son"))
        self.reason.setAccessibleName(tr("Reason for the decision"))
        self.reason.setPlaceholderText(tr("Why the selected hit is or is not the end user"))
        self.hit_view.setAccessibleName(tr("Screening hits"))
        self.party_box.setAccessibleName(tr("Party to screen"))
        self.party_box.setToolTip(tr("Every named party is screened: end user, importer, consignee and their owners"))
        for i, label in enumerate(self.party_labels):
            self.party_box.setItemText(i, render(label))
        self.status.setAccessibleName(tr("Screening status"))
        self.hits.retranslate()
        self.status.setText(render(self.status_message))
        self.message.setText(render(self.said))
        self._update_buttons()

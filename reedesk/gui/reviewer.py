"""Reviewer mode: open or drop an evidence pack, see each verification check with
its reason, the embedded determination, and the pages themselves (QtPdf).

Verification runs through ``services.evidence.verify_pack`` in the background
helper; a damaged or foreign file is reported as a readable sentence. Signers are
confirmed from the same trust-store file ``reedesk verify`` reads (plus this desk's
own identities); an unconfirmed signer is amber with its fingerprint and a "Trust
this signer…" action; an invalid pack's determination is only ever shown under a red
"INVALID — do not rely on this" banner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from reedesk.gui.determination_panel import DeterminationPanel
from reedesk import vocabulary
from reedesk.gui.i18n import LanguageAware, current_language, tr
from reedesk.gui.icons import icon
from reedesk.gui.table_model import Column, RecordTableModel, attr, make_table_view
from reedesk.gui.ops import Operation, run_in_background
from reedesk.services.keys import list_identities, list_trusted, trust_key


# English names of the verifier's checks (evidence.verifier.CHECK_NAMES), translated at display time.
CHECK_LABELS = {
    "pdf_signature_intact": "PDF signature intact",
    "pdf_signature_covers_file": "PDF signature covers the whole file",
    "no_active_content": "No active content",
    "embedded_files": "Embedded files match the manifest",
    "envelope_signatures": "Determination signatures",
    "pdf_signer_matches": "PDF signer matches the determination's signer",
    "key_trust": "Signer's key confirmed",
    "snapshot_hash": "Dossier snapshot hash",
    "audit_proofs": "Audit-trail proofs",
    "rules_reproduce": "Rules reproduce the outcome",
    "rule_packs_known": "Rule packs known",
    "cover_matches_data": "Cover matches the signed data",
}


def check_label(name: str | None) -> str:
    return tr(CHECK_LABELS[name]) if name in CHECK_LABELS else str(name or "")


# The note under the verdict for the rules check's reason (the words `reedesk verify` prints, [verify.*]).
READING_NOTES = {"rules_ok_superseded": "superseded_note", "rules_ok_current_unread": "current_unread_note"}


def reading_note(report: Any) -> str:
    """The note under the verdict when the rules reproduce but the determination's reading is superseded (the current
    engine answers otherwise on the same inputs) or the current engine could not be asked — as `reedesk verify`
    prints it, in the window's language, naming the check as the list names it; "" for any other pack."""
    from reedesk.evidence.verifier import printable

    rules = next((c for c in attr(report, "checks", default=[]) or [] if attr(c, "name") == "rules_reproduce"), None)
    reason = attr(rules, "reason") if rules is not None and attr(rules, "ok") else None
    code = READING_NOTES.get(str(getattr(reason, "code", "")))
    if code is None:
        return ""
    language = current_language()
    params = getattr(reason, "params", None) or {}
    label = check_label("rules_reproduce")  # the Chinese sentence puts it in 「」 itself
    text = vocabulary.message("verify", code, {"made_by": printable(str(params.get("made_by"))),
                                               "current": printable(str(params.get("current"))),
                                               "check": f"“{label}”" if language == "en" else label}, language)
    return (text or "").strip()


def _reason(check: Any) -> str:
    """A check's reason in the window's language (the verifier's coded reasons, reedesk.vocabulary)."""
    reason = attr(check, "reason") or ""
    language = current_language()
    # the verifier's cover check names the outcome with its code beside it: the name only in Chinese
    return vocabulary.without_codes(vocabulary.text_in(reason, language), language) if reason else ""


CHECK_COLUMNS = (
    Column("Check", lambda c: check_label(attr(c, "name"))),
    Column("Result", lambda c: tr("passed") if attr(c, "ok") else tr("FAILED")),
    Column("Reason", lambda c: _reason(c)),
)


def embedded_determination(report: Any) -> dict[str, Any] | None:
    """The determination the pack carries, in whichever attribute the report names it."""
    for name in ("determination", "embedded_determination"):
        value = attr(report, name)
        if isinstance(value, dict):
            return _with_snapshot(value, attr(report, "snapshot"))
    return None


def _with_snapshot(determination: dict[str, Any], snapshot: Any) -> dict[str, Any]:
    """A shape-4 determination (engine 3.3.0) with the pack's dossier-snapshot.json, which it does not carry, so
    the panel can show it. Checked against ``dossier.sha256``; a snapshot that does not match is still shown as
    what the file claims — only ever under the red banner, since ``snapshot_hash`` then fails."""
    from reedesk.errors import ReedeskError
    from reedesk.rules.shape4 import SHAPE, attach_snapshot, has_snapshot

    if determination.get("shape") != SHAPE or has_snapshot(determination) or not isinstance(snapshot, dict):
        return determination
    try:
        return attach_snapshot(determination, snapshot)
    except ReedeskError:
        dossier = determination.get("dossier") if isinstance(determination.get("dossier"), dict) else {}
        return {**determination, "dossier": {**dossier, "snapshot": snapshot}}


def summary_html(summary: dict[str, Any]) -> str:
    """Key figures and signers from the verifier's summary of the embedded determination."""
    import html

    e = lambda v: html.escape("" if v is None else str(v))  # noqa: E731
    language = current_language()
    outcome, pack_language = summary.get("outcome"), summary.get("language")
    rows = [(tr("Outcome"), vocabulary.label("outcome", outcome, language) if outcome else None), (tr("As of"), summary.get("as_of")),
            (tr("Reference"), summary.get("reference")), (tr("De minimis ratio"), summary.get("ratio")),
            (tr("Threshold"), summary.get("threshold")),
            (tr("Pack language"), vocabulary.label("language", pack_language, language) if pack_language else None),
            (tr("Document id"), summary.get("document_id"))]
    out = "<table cellpadding='3'>" + "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows if v) + "</table>"
    signers = summary.get("signers") or []
    if signers:
        out += f"<h3>{e(tr('Signatures'))}</h3><ul>" + "".join(
            f"<li>{e(vocabulary.label('signature_meaning', s.get('meaning'), current_language()))}{e(tr(': '))}<b>{e(s.get('name'))}</b>{e(tr(', '))}{e(s.get('role'))}{e(tr(', '))}{e(s.get('organisation'))} — "
            f"{e(s.get('signed_at'))} [{e(str(s.get('key_id', ''))[:16])}]</li>" for s in signers) + "</ul>"
    return out


def verify_with_known_keys(verify: Any, target: Path, known_key_ids: list[str], organisations: Any = None,
                           revocations: Any = ()) -> Any:
    """Verify a pack with the keys this desk has confirmed (trust store and own identities)
    and the organisation keys (and their revocations) in the trust store.

    An unconfirmed signer is not "valid with a warning" any more: the report says intact
    but unconfirmed (exit 3 on the command line) and names the fingerprints.
    """
    if organisations:
        return verify(target, trusted_key_ids=tuple(known_key_ids), trusted_organisations=organisations, revocations=revocations)
    return verify(target, trusted_key_ids=tuple(known_key_ids))


def confirmed_key_ids(desk: Any) -> list[str]:
    """Key ids this desk trusts: the trust-store file ``reedesk verify`` reads, and the desk's identities."""
    from reedesk.evidence.trust import load_trust_store

    ids = set(load_trust_store(getattr(desk, "home", None)).key_ids)
    ids |= {i.key_id for i in list_identities(desk)}
    ids |= {k.key_id for k in list_trusted(desk)}
    return sorted(ids)


class ReviewerView(LanguageAware, QWidget):
    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewerView")
        self.desk = desk
        self.setAcceptDrops(True)
        self.path: Path | None = None
        self.report: Any = None
        self.operation: Operation | None = None
        self.open_button = QPushButton(icon("open"), "")
        self.open_button.setObjectName("reviewerOpen")
        self.open_button.clicked.connect(self._choose)
        self.verdict = QLabel()
        self.verdict.setObjectName("reviewerVerdict")
        self.verdict.setWordWrap(True)
        self.trust_button = QPushButton("")
        self.trust_button.setObjectName("reviewerTrustSigner")
        self.trust_button.clicked.connect(self.trust_signer)
        self.trust_button.hide()
        self.banner = QLabel()
        self.banner.setObjectName("reviewerInvalidBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#b71c1c; color:white; font-weight:bold; font-size:15px; padding:8px")
        self.banner.hide()
        self.note = QLabel()  # under the verdict: the determination's reading is superseded (never a failed check)
        self.note.setObjectName("reviewerReadingNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # the engine versions come from the file
        self.note.setStyleSheet("background:#fff8e1; color:#5d4037; border:1px solid #ffcc80; padding:6px")
        self.note.hide()
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.verdict, 1)
        top.addWidget(self.trust_button)
        self.checks = RecordTableModel(CHECK_COLUMNS, parent=self,
                                       colour=lambda c: QColor("#1b5e20") if attr(c, "ok") else QColor("#b71c1c"))
        self.check_view = make_table_view("checkList", self.checks)
        self.check_view.setWordWrap(True)  # reasons are sentences: wrap them rather than cut them
        self.check_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.panel = DeterminationPanel()
        self.document = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setObjectName("pdfView")
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, "")
        self.tabs.addTab(self.pdf_view, "")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.check_view)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        self.retranslate()

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open an evidence pack"), "", tr("Evidence packs (*.pdf)"))
        if path:
            self.open_pack(Path(path))

    def open_pack(self, path: Path) -> Operation | None:
        """Show the pages at once and verify the pack in the background."""
        self.path = Path(path)
        self.report = None
        self.checks.set_records([])
        self.panel.show_document(None)
        self.banner.hide()
        self.note.hide()
        self.trust_button.hide()
        self.document.close()
        self.document.load(str(self.path))
        self.verdict.setStyleSheet("")
        self.verdict.setText(tr("Verifying {name}…").format(name=self.path.name))
        from reedesk.evidence.trust import load_trust_store
        from reedesk.services.evidence import verify_pack as verify  # the PDF stack is imported when a pack is opened

        trusted = confirmed_key_ids(self.desk)
        store = load_trust_store(getattr(self.desk, "home", None))
        target = self.path
        self.operation = run_in_background(
            self, tr("Verifying evidence pack"),
            lambda progress, cancelled: verify_with_known_keys(verify, target, trusted, store.organisations, store.revocations),
            self.show_report, self._failed, show_progress=False)
        return self.operation

    def _failed(self, text: str) -> None:
        self.verdict.setStyleSheet("color:#b71c1c; font-weight:bold")
        self.verdict.setText(tr("{name} could not be read: {reason}").format(name=self.path.name if self.path else "?", reason=text))

    def show_report(self, report: Any) -> None:
        self.report = report
        checks = list(attr(report, "checks", default=[]) or [])
        self.checks.set_records(checks)
        name = self.path.name if self.path else ""
        unreadable = attr(report, "unreadable")
        if unreadable:
            self.panel.show_document(None)
            self.banner.hide()
            self.note.hide()
            self.trust_button.hide()
            self._failed(str(unreadable))
            return
        intact = bool(attr(report, "intact", default=all(attr(c, "ok") for c in checks)))
        ok = bool(attr(report, "ok", default=intact)) and intact
        # Each failed check by its name in the window's language; in English with its code in parentheses (for
        # reports), in Chinese the name only (no codes in Chinese: a report quotes `reedesk verify --json`).
        english = current_language() == "en"
        failed = [f"{check_label(attr(c, 'name'))} ({attr(c, 'name')})" if english else check_label(attr(c, "name"))
                  for c in checks if not attr(c, "ok") and attr(c, "name") != "key_trust"]
        # The banner is set before the determination is shown: an invalid pack's figures never appear without it.
        if not intact:
            self.banner.setText(tr("INVALID — do not rely on this. The determination below is what the file claims; "
                                   "it failed: {checks}").format(checks=tr(", ").join(failed)))
            self.banner.show()
        else:
            self.banner.hide()
        determination = embedded_determination(report)
        summary = attr(report, "summary", default={}) or {}
        if determination is not None:
            signers = summary.get("signers")  # who signed, as the pack says, above the figures and the trace
            self.panel.show_document(determination, extra=(lambda: summary_html({"signers": signers})) if signers else None)
        elif summary.get("outcome") or summary.get("as_of") or summary.get("reference"):
            # the report carries a summary of the embedded determination: show that
            self.panel.show_document({"outcome": summary.get("outcome"), "as_of": summary.get("as_of"),
                                      "dossier": {"reference": summary.get("reference")}})
            self.panel.body.setHtml(summary_html(summary))
        else:  # nothing of the determination could be read (its files fail): say so, never "As of None"
            self.panel.show_document(None)
            self.panel.badge.setText(tr("No determination readable"))
            self.panel.header.setText(tr("The pack's determination cannot be read; see the failed checks above."))
        unconfirmed = list(attr(report, "unconfirmed", default=[]) or [])
        self.trust_button.setVisible(intact and not ok and bool(unconfirmed))
        if not intact:
            self.verdict.setStyleSheet("color:#b71c1c; font-weight:bold")
            self.verdict.setText(tr("{name}: INVALID — failed: {checks}").format(name=name, checks=tr(", ").join(failed)))
        elif not ok:
            self.verdict.setStyleSheet("color:#8a5a00; font-weight:bold")
            self.verdict.setText(tr("{name}: intact, but the signer is not confirmed (fingerprint {fingerprints}). "
                                    "Compare the fingerprint with the signer by phone or in person before relying on it.").format(
                name=name, fingerprints=", ".join(unconfirmed)))
        else:
            self.verdict.setStyleSheet("color:#1b5e20; font-weight:bold")
            self.verdict.setText(tr("{name}: VALID — every check passed and every signer is confirmed.").format(name=name))
        note = reading_note(report)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def unconfirmed_signers(self) -> list[dict[str, Any]]:
        """Signers of the open pack whose keys are not confirmed (name, key id, fingerprint, public key)."""
        if self.report is None or self.path is None:
            return []
        from reedesk.evidence.reader import open_pack
        from reedesk.signing.keys import fingerprint

        wanted = set(attr(self.report, "unconfirmed", default=[]) or [])
        summary = attr(self.report, "summary", default={}) or {}
        try:
            keys_doc = open_pack(self.path).json_file("public-keys.json") or {}
        except Exception:  # noqa: BLE001 — the file changed since it was verified
            return []
        keys = keys_doc.get("keys") if isinstance(keys_doc, dict) else {}
        out = []
        for signer in summary.get("signers") or []:
            key_id = str(signer.get("key_id") or "")
            entry = (keys or {}).get(key_id)
            if fingerprint(key_id) in wanted and isinstance(entry, dict) and key_id not in {o["key_id"] for o in out}:
                out.append({"key_id": key_id, "fingerprint": fingerprint(key_id), "public_key": str(entry.get("public_key_hex")),
                            "label": f"{signer.get('name')}, {signer.get('role')}, {signer.get('organisation')}"})
        return out

    def trust_signer(self, *, confirm: Any = None) -> list[str]:
        """"Trust this signer…": show the fingerprint to compare out of band, then record the key.

        ``confirm(signer) -> bool`` replaces the question box in tests. Returns the key ids trusted.
        """
        from reedesk.signing.keys import public_key_pem

        trusted: list[str] = []
        for signer in self.unconfirmed_signers():
            question = tr("Trust the key of {label}?\n\nFingerprint: {fingerprint}\n\nAsk the signer to read out their "
                          "fingerprint by phone or in person (not by replying to the message that brought the pack). "
                          "Trust it only if it is exactly the same.").format(**signer)
            if confirm is not None:
                agreed = bool(confirm(signer))
            else:
                answer = QMessageBox.question(self, tr("Trust this signer…"), question)
                agreed = answer == QMessageBox.StandardButton.Yes
            if not agreed:
                continue
            pem = public_key_pem(bytes.fromhex(signer["public_key"]))
            trust_key(self.desk, signer["label"], pem)
            trusted.append(signer["key_id"])
        if trusted and self.path is not None:
            self.open_pack(self.path)
        return trusted

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and urls[0].toLocalFile().lower().endswith(".pdf"):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        self.open_pack(Path(event.mimeData().urls()[0].toLocalFile()))

    def retranslate(self) -> None:
        self.open_button.setText(tr("Open pack…"))
        self.trust_button.setText(tr("Trust this signer…"))
        self.open_button.setAccessibleName(tr("Open an evidence pack"))
        self.check_view.setAccessibleName(tr("Verification checks"))
        self.pdf_view.setAccessibleName(tr("Pack pages"))
        self.tabs.setTabText(0, tr("Embedded determination"))
        self.tabs.setTabText(1, tr("Pages"))
        self.checks.retranslate()
        if self.path is None:
            self.verdict.setText(tr("Open or drop an evidence pack (PDF) to verify it."))
        elif self.report is not None:
            self.show_report(self.report)

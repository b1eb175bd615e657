"""A stored determination the current engine's code path did not write — a row an insider put in the SQLite file
(tests/signing/vectors.insert_fabricated_determination: citations as plain strings), an older build's document, a
facts document naming a pack this reedesk does not carry — is shown as far as it can be read, each part that cannot
be read marked where it stands, with a notice pointing to Verify chain; the window never raises over it and nothing
stored changes (ROBUST9; GUI9 found the AttributeError in determination_panel). Real widgets offscreen over a real
SQLite desk, in the three languages.
"""

from __future__ import annotations

import copy
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cli.strict_chinese import strict_problems
from tests.conftest import sample_document

REFERENCE = "LM-2026-0042"
NOTICE = ("This stored determination is not entirely in the form reedesk writes: {count} part(s) cannot be read and are "
          "marked “cannot be read” below; the rest is shown as stored. Nothing stored has been changed. Verify chain on "
          "the Audit trail page says whether this determination is genuine.")


def _stored(path: Path) -> tuple[list[tuple[Any, ...]], int]:
    """What the desk file holds of determinations and the trail (read with sqlite3 itself, beside the desk)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT id, document, sha256, outcome FROM determination ORDER BY id").fetchall()
        events = connection.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    finally:
        connection.close()
    return rows, events


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_a_fabricated_determination_opens_marked_as_unreadable(make_window, desk, qtbot, language):
    from reedesk.gui.i18n import set_language, tr
    from reedesk.gui.models import outcome_label
    from tests.signing.vectors import insert_fabricated_determination

    fabricated = insert_fabricated_determination(desk, REFERENCE)  # the dossier's newest determination
    before = _stored(desk.db.path)
    window = make_window(desk)
    set_language(language)
    window.open_dossier(REFERENCE)  # raised AttributeError ('str' object has no attribute 'get') in the event loop
    tab = window.determinations
    assert tab.current().id == fabricated
    panel = tab.panel
    assert panel.unread == ["citation"], panel.unread  # the one citation is a plain string, not reedesk's form
    body = panel.body.toPlainText()
    notice = tr(NOTICE).format(count=1)
    assert notice != NOTICE or language == "en"
    assert notice in body, body
    assert f"[{tr('cannot be read')}] “Art. 2”" in body  # the marker where it stands, with what the document says
    expected = outcome_label("not_controlled")
    assert panel.badge.text() == (expected.upper() if language == "en" else expected)  # what can be read is shown
    assert REFERENCE in panel.header.text() and "2026-11-25" in panel.header.text()
    pack = {"en": "cn-mofcom-2025-061 1", "zh-Hans": "「商务部公告2025年第61号」（1 版）", "zh-Hant": "「商務部公告2025年第61號」（1 版）"}
    assert "deminimis" in body and pack[language] in body  # its rule and its pack (in Chinese by its announcement)
    for text in (notice, tr("cannot be read"), panel.badge.text()):
        assert strict_problems(text, language) == [], (text, strict_problems(text, language))
    if language != "en":
        assert "cannot be read" not in body and "Verify chain" not in body
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    window.grab().save(f"/tmp/robust9-unreadable-{language}.png")
    # a language switch draws it again, the same way
    set_language("en" if language != "en" else "zh-Hans")
    assert len(panel.unread) == 1 and tr(NOTICE).format(count=1) in panel.body.toPlainText()
    assert _stored(desk.db.path) == before  # showing it changed nothing stored


def _genuine() -> dict[str, Any]:
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs

    return evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 11, 25))


def _old_shape(reference: str = REFERENCE) -> dict[str, Any]:
    from tests.signing.vectors import determination_document

    return determination_document(reference, "ab" * 32)


def _with(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc.update(changes)
    return doc


def _finding(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["findings"][0].update(changes)
    return doc


def _unknown_pack() -> dict[str, Any]:
    doc = _genuine()
    doc["packs"][0]["sha256"] = "cd" * 32  # a facts document naming a pack this reedesk does not carry
    return doc


MALFORMED: dict[str, Any] = {
    "not a document": lambda: ["a", "list"],
    "findings a text": lambda: _with(_old_shape(), findings="all rules apply"),
    "a finding a number": lambda: _with(_old_shape(), findings=[7]),
    "citation missing": lambda: _finding(_old_shape(), citation=None),
    "citation a list": lambda: _finding(_old_shape(), citation=["Art. 2"]),
    "result a number": lambda: _finding(_old_shape(), result=3),
    "steps a text": lambda: _finding(_old_shape(), steps="see above"),
    "figures not a table": lambda: _finding(_old_shape(), kind="value_content", figures={"components": "C1", "currency": ["x"]}),
    "unknown outcome": lambda: _with(_old_shape(), outcome="probably_fine"),
    "outcome a dict": lambda: _with(_old_shape(), outcome={"en": "fine"}),
    "dossier a text": lambda: _with(_old_shape(), dossier="LM-2026-0042"),
    "packs a text": lambda: _with(_old_shape(), packs="cn-mofcom-2025-061"),
    "missing a text": lambda: _with(_old_shape(), missing="the value"),
    "a missing entry a number": lambda: _with(_old_shape(), missing=[5]),
    "notes a number": lambda: _with(_old_shape(), notes=12),
    "readings a text": lambda: _with(_old_shape(), readings="none"),
    "a pack this reedesk does not carry": _unknown_pack,
    "a genuine document's finding without its rule texts": lambda: _finding(_genuine(), result=["applies"]),
}


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_no_stored_shape_takes_the_panel_down(qtbot, language, case):
    """Each shape the engine never writes: the panel shows the rest, marks what it cannot read and says so above."""
    from reedesk.gui.app import application
    from reedesk.gui.determination_panel import DeterminationPanel
    from reedesk.gui.i18n import set_language, tr

    application()
    set_language(language)
    try:
        document = MALFORMED[case]()
        kept = copy.deepcopy(document)
        panel = DeterminationPanel()
        qtbot.addWidget(panel)
        panel.show_document(document, "ef" * 32)
        body = panel.body.toPlainText()
        assert panel.unread, case
        assert tr(NOTICE).format(count=len(panel.unread)) in body, (case, panel.unread, body)
        marked = body.count(f"[{tr('cannot be read')}]") + (panel.badge.text() == tr("Outcome cannot be read"))
        assert marked >= 1, (case, body)
        assert "None" not in panel.header.text(), panel.header.text()
        assert ("ef" * 32) in panel.header.text()  # what the desk knows of it is still shown
        assert document == kept  # the stored document is not touched
        assert strict_problems(tr(NOTICE).format(count=len(panel.unread)), language) == []
    finally:
        set_language("en")


def test_reedesks_own_determinations_have_nothing_unread(qtbot):
    """The engine's own document, and a 0.1 one (the old shape, dict citations with their parts): no notice."""
    from reedesk.gui.app import application
    from reedesk.gui.determination_panel import DeterminationPanel
    from reedesk.gui.i18n import tr

    application()
    old = _finding(_old_shape(), citation={"announcement": "MOFCOM Announcement No. 61 of 2025", "article": "I(1)",
                                           "key_phrase_en": "shall apply", "key_phrase_zh": "应当申请"})
    for document in (_genuine(), old):
        panel = DeterminationPanel()
        qtbot.addWidget(panel)
        panel.show_document(document)
        assert panel.unread == [] and tr("cannot be read") not in panel.body.toPlainText()
    assert "MOFCOM Announcement No. 61 of 2025 Article I(1)" in panel.body.toPlainText()


def _not_json(desk, determination_id: int, text: str = "{outcome: not_controlled") -> str:
    """Replace a determination row's text by one that is not JSON, with a matching hash (an insider's edit)."""
    import hashlib

    from tests.signing.vectors import tamper

    tamper(desk, f"UPDATE determination SET document = '{text}', sha256 = '{hashlib.sha256(text.encode()).hexdigest()}' "
                 f"WHERE id = {determination_id}")
    return text


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_a_row_that_is_not_json_is_shown_as_stored_and_signing_it_is_refused(make_window, desk, qtbot, language):
    """The row's text is not JSON: the dossier still opens (it raised JSONDecodeError), the text is shown as stored
    under the notice, and signing it is refused with the reason instead of failing on the parse."""
    from reedesk.gui.i18n import set_language, tr
    from tests.evidence.helpers import PASSPHRASE, make_identity
    from tests.gui.conftest import wait_for
    from tests.signing.vectors import insert_fabricated_determination

    make_identity(desk)
    text = _not_json(desk, insert_fabricated_determination(desk, REFERENCE))
    before = _stored(desk.db.path)
    window = make_window(desk)
    set_language(language)
    window.open_dossier(REFERENCE)
    assert window.editor.reference() == REFERENCE
    panel = window.determinations.panel
    body = panel.body.toPlainText()
    assert panel.unread == ["document"] and tr(NOTICE).format(count=1) in body and text in body, body
    assert panel.badge.text() == tr("Outcome cannot be read")
    dialog = window.sign()
    assert dialog is not None and tr("Determination SHA-256: {sha}").split("{")[0] in dialog.findChild(type(panel.badge), "signedContent").text()
    dialog.passphrase.setText(PASSPHRASE)
    wait_for(qtbot, dialog.do_sign())
    refused = dialog.message.text()
    assert refused == ("Determination 1 does not reproduce, so it will not be signed: its document is not JSON." if language == "en"
                       else "判定 1 无法重现，因此不会签署。"), refused
    dialog.close()
    assert _stored(desk.db.path) == before  # nothing signed, nothing stored


def test_the_sign_dialog_of_a_fabricated_determination_refuses_it_with_the_reason(make_window, desk, qtbot):
    from tests.evidence.helpers import PASSPHRASE, make_identity
    from tests.gui.conftest import wait_for
    from tests.signing.vectors import insert_fabricated_determination

    make_identity(desk)
    fabricated = insert_fabricated_determination(desk, REFERENCE)
    before = _stored(desk.db.path)
    window = make_window(desk)
    window.open_dossier(REFERENCE)
    dialog = window.sign()
    shown = dialog.findChild(type(window.determinations.panel.badge), "signedContent").text()
    assert "Outcome: Not controlled" in shown and f"Dossier {REFERENCE} revision 1" in shown, shown
    dialog.passphrase.setText(PASSPHRASE)
    wait_for(qtbot, dialog.do_sign())
    assert dialog.message.text().startswith(f"Determination {fabricated} does not reproduce, so it will not be signed: "
                                            "the rule pack it names (cn-mofcom-2025-061 version 1"), dialog.message.text()
    dialog.close()
    assert _stored(desk.db.path) == before


def test_a_determination_whose_snapshot_does_not_match_keeps_the_dossier_open(make_window, desk, qtbot):
    """A shape-4 determination (engine 3.3.0 and later: no snapshot stored) whose dossier.sha256 an insider changed
    (its row's hash to match): the revision's snapshot no longer fits it. The dossier opens with its history and the
    determination listed and marked unreadable — it raised determination_snapshot_mismatch, the tab said "No
    determination yet" and the history stayed empty. `load_determination` still refuses it (tests/rules/test_shape4)."""
    import hashlib
    import json

    from reedesk.gui.i18n import tr
    from reedesk.services.evaluation import evaluate_reference
    from tests.signing.vectors import tamper

    stored = evaluate_reference(desk, REFERENCE, date(2026, 11, 25))
    connection = sqlite3.connect(desk.db.path)
    try:
        [text] = connection.execute("SELECT document FROM determination WHERE id = ?", (stored.id,)).fetchone()
    finally:
        connection.close()
    doc = json.loads(text)
    assert doc["shape"] == 4
    doc["dossier"]["sha256"] = "ee" * 32
    edited = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    quoted = edited.replace("'", "''")
    tamper(desk, f"UPDATE determination SET document = '{quoted}', sha256 = '{hashlib.sha256(edited.encode()).hexdigest()}' "
                 f"WHERE id = {stored.id}")
    before = _stored(desk.db.path)
    window = make_window(desk)
    window.open_dossier(REFERENCE)
    assert window.determinations.current().id == stored.id
    panel = window.determinations.panel
    assert "document" in panel.unread and tr(NOTICE).format(count=len(panel.unread)) in panel.body.toPlainText()
    assert panel.badge.text() == "LICENCE REQUIRED"  # the outcome it states is still shown, under the notice
    assert window.history.events.rowCount() > 0  # the rest of the dossier loaded
    assert panel.unread == ["document"] and "{'" not in panel.header.text()  # no unexpanded table shown as a sentence
    assert _stored(desk.db.path) == before


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_the_rule_packs_line_names_packs_by_their_announcements_in_chinese(qtbot, language):
    """The panel's rule-packs line (and the header's tooltip) in Chinese: each pack by its announcement and version,
    as the evidence pack's Chinese pages name them, no pack ids."""
    from reedesk.gui.app import application
    from reedesk.gui.determination_panel import DeterminationPanel
    from reedesk.gui.i18n import set_language, tr
    from reedesk.rules.packs import shipped_packs
    from tests.audit.test_not_rerun_chinese import codes_in

    application()
    set_language(language)
    try:
        document = _genuine()
        panel = DeterminationPanel()
        qtbot.addWidget(panel)
        panel.show_document(document)
        [line] = [ln for ln in panel.body.toPlainText().splitlines() if ln.startswith(tr("Rule packs: {packs}").split("{")[0])]
        assert line == panel.header.toolTip()
        assert codes_in(line, []) == [] and strict_problems(line, language) == [], line
        for pack in shipped_packs():
            name = pack.announcement_zh_hant or pack.announcement_zh if language == "zh-Hant" else pack.announcement_zh
            assert f"「{name}」（{pack.version} 版）" in line, (name, line)
        assert line.count("、") == len(document["packs"]) - 1
    finally:
        set_language("en")

"""The window says what `reedesk audit verify` and `reedesk verify` note beside their verdicts (REVIEW8b 2, VERIFY9):
a stored determination whose reading the current engine has since corrected (superseded), one not re-run because its
pack is no longer bundled — listed under the audit view's result, each opening its dossier — and, in the reviewer,
the superseded note under the verdict. Real widgets offscreen over a real SQLite desk: a determination stored by a
client labelled 3.4.0 (as that engine read an NdFeB-Dy magnet with an empty bill of materials: not controlled; the
current engine asks where the dysprosium came from), a genuine one, and one made with a pack of an earlier release.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.cli.strict_chinese import strict_problems
from tests.gui.conftest import wait_for
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco

OLD = "SUPERSEDED-1"  # stored by the client labelled 3.4.0
CURRENT = "CURRENT-1"  # evaluated by the current engine
EARLIER = "EARLIER-1"  # holds a determination made with a pack of an earlier release (stored as an insider could)
SHOTS = Path("/tmp")


def _dossier(reference: str, *, empty_bom: bool) -> dict[str, Any]:
    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["reference"] = reference
    if empty_bom:  # engine 1.1.0 to 3.4.0 read it "not controlled"; 3.5.0 and later ask where the Dy came from
        doc["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]
        doc["components"] = []
    return doc


@pytest.fixture
def old_desk(_isolated_home: Path):
    """A real desk whose trail holds a superseded determination (and its signed pack), a current one, and one made
    with a pack an earlier reedesk shipped and this one no longer bundles (not re-run)."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.evidence.known_packs import RELEASED_PACKS
    from reedesk.rules import engine
    from reedesk.services import evaluation
    from reedesk.services.desk import open_desk
    from reedesk.services.dossiers import import_dossiers
    from tests.evidence.helpers import export, make_identity
    from tests.signing.vectors import insert_fabricated_determination

    desk = open_desk(_isolated_home, seed_samples=False)
    try:
        identity = make_identity(desk)
        import_dossiers(desk, [parse_dossier(_dossier(OLD, empty_bom=True)), parse_dossier(_dossier(CURRENT, empty_bom=False)),
                               parse_dossier(_dossier(EARLIER, empty_bom=False))], source="notes.json")

        def as_3_4_0(*args: Any, **kwargs: Any) -> dict[str, Any]:  # the client labelling its documents 3.4.0
            made = engine.evaluate(*args, made_by="3.4.0", **kwargs)
            made["engine"] = {**made["engine"], "version": "3.4.0"}
            return made

        packs = {"old": _isolated_home / "old-label.pdf", "genuine": _isolated_home / "genuine.pdf"}
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(evaluation, "evaluate", as_3_4_0)
            assert evaluation.evaluate_reference(desk, OLD, AS_OF).outcome == "not_controlled"
            export(desk, OLD, packs["old"], as_of=AS_OF, key_id=identity.key_id)
        export(desk, CURRENT, packs["genuine"], as_of=AS_OF, key_id=identity.key_id)
        pack_id, version, sha = RELEASED_PACKS[0]
        insert_fabricated_determination(desk, EARLIER, outcome="license_required",
                                        packs=[{"id": pack_id, "version": version, "sha256": sha}])
    except BaseException:
        desk.close()
        raise
    yield desk, packs
    desk.close()


def _notes(view) -> list[tuple[str, str]]:
    """The notes as the table shows them: (dossier, sentence)."""
    model = view.notes_table.model()
    return [(model.data(model.index(r, 0)), model.data(model.index(r, 1))) for r in range(model.rowCount())]


def _verified(make_window, desk, qtbot):
    window = make_window(desk)
    view = window.audit_view()
    window.show_page("audit")
    assert view.notes_box.isHidden()  # nothing to say before a verification
    operation = view.verify()
    assert operation is not None and view.notes_box.isHidden()  # the re-run is the background helper's
    wait_for(qtbot, operation, timeout=120000)
    return window, view


def test_the_audit_view_lists_the_notes_and_opens_their_dossiers(make_window, old_desk, qtbot):
    from reedesk.rules.engine import ENGINE_VERSION

    desk, _ = old_desk
    window, view = _verified(make_window, desk, qtbot)
    report = view.report
    assert report.ok and report.superseded >= 1 and report.not_rerun == 1, (report.problems, report.notes)
    assert view.status.text().startswith("Chain verified"), view.status.text()  # a note is never a problem
    assert not view.notes_box.isHidden()
    header = view.notes_header.text()
    assert header.startswith(f"{len(report.notes)} notes — worth knowing, not problems."), header
    assert f"The current engine {ENGINE_VERSION} was asked about" in header and f"{report.superseded} superseded" in header
    shown = _notes(view)
    assert len(shown) == len(report.notes)
    superseded = [text for reference, text in shown if reference == OLD]
    assert superseded and all("was made by engine 3.4.0" in t and f"the current engine {ENGINE_VERSION} answers otherwise" in t
                              and "Insufficient data (insufficient_data), not Not controlled (not_controlled)" in t
                              and t.endswith("Its reading is superseded.") for t in superseded), superseded
    assert not any(reference == CURRENT for reference, _ in shown)  # the current engine's own: nothing to note
    [not_rerun] = [text for reference, text in shown if reference == EARLIER]
    assert "was not re-run" in not_rerun and "import that pack file to re-run it" in not_rerun, not_rerun
    view.grab().save(str(SHOTS / "gui9-audit-notes-en.png"))
    # no dossier chosen: nothing to open; a note chosen: its dossier, by the button or a double-click
    assert not view.open_note_button.isEnabled()
    row = next(r for r, (reference, _) in enumerate(shown) if reference == OLD)
    view.notes_table.selectRow(row)
    assert view.open_note_button.isEnabled()
    qtbot.mouseClick(view.open_note_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.workspace and window.editor.reference() == OLD
    window.open_dossier(CURRENT)
    window.show_page("audit")
    assert view.report is report and _notes(view) == shown  # coming back keeps the result and its notes
    cell = view.notes_table.visualRect(view.notes.index(row, 1)).center()
    qtbot.mouseClick(view.notes_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # as a user's first press
    qtbot.mouseDClick(view.notes_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert window.pages.currentWidget() is window.workspace and window.editor.reference() == OLD


@pytest.mark.parametrize("language, words", [
    ("zh-Hans", ("条附注", "并非问题", "由规则引擎 3.4.0 作成", "数据不足", "其解读已被取代", "未重新运行")),
    ("zh-Hant", ("則附註", "並非問題", "由規則引擎 3.4.0 作成", "資料不足", "其解讀已被取代", "未重新執行")),
])
def test_the_notes_are_said_in_the_windows_chinese(make_window, old_desk, qtbot, language, words):
    from reedesk.gui.i18n import set_language

    desk, _ = old_desk
    window, view = _verified(make_window, desk, qtbot)
    english = _notes(view)
    view.notes_table.selectRow(0)
    set_language(language)  # the notes follow the window's language at once, the chosen one stays chosen
    shown = _notes(view)
    assert [r for r, _ in shown] == [r for r, _ in english] and view.notes_table.currentIndex().row() == 0
    everything = view.notes_header.text() + "\n" + "\n".join(t for _, t in shown)
    assert all(w in everything for w in words), everything
    assert "superseded" not in everything and "not_controlled" not in everything and "engine" not in everything
    for text in [view.notes_header.text(), *(t for _, t in shown)]:
        assert strict_problems(text, language, [OLD, EARLIER]) == [], text
    assert view.open_note_button.text() in ("打开卷宗", "開啟卷宗")
    view.grab().save(str(SHOTS / f"gui9-audit-notes-{language}.png"))


@pytest.mark.parametrize("language, words", [
    ("en", ("Note: the determination was made by rules engine 3.4.0, and the current engine {current} answers otherwise",
            "(see “Rules reproduce the outcome”)", "its reading is superseded. Re-evaluate and re-sign")),
    ("zh-Hans", ("注意：本判定由规则引擎 3.4.0 作成，现行规则引擎 {current} 以同一输入得出的答案不同", "（见「规则重算结果一致」）",
                 "其解读已被取代")),
    ("zh-Hant", ("注意：本判定由規則引擎 3.4.0 作成，現行規則引擎 {current} 以同一輸入得出的答案不同", "（見「規則重算結果一致」）",
                 "其解讀已被取代")),
])
def test_the_reviewer_says_under_the_verdict_that_the_reading_is_superseded(make_window, old_desk, qtbot, language, words):
    from reedesk.gui.i18n import set_language
    from reedesk.rules.engine import ENGINE_VERSION

    desk, packs = old_desk
    window = make_window(desk)
    reviewer = window.reviewer()
    window.show_page("reviewer")
    set_language(language)
    reviewer.open_pack(packs["genuine"])  # the current engine's determination: no note
    wait_for(qtbot, reviewer.operation, timeout=120000)
    assert reviewer.report.exit_code == 0 and reviewer.note.isHidden() and reviewer.note.text() == ""
    reviewer.open_pack(packs["old"])
    assert reviewer.note.isHidden()  # the last pack's note is gone while the next one is verified
    wait_for(qtbot, reviewer.operation, timeout=120000)
    assert reviewer.report.exit_code == 0  # every check passes: the document is what engine 3.4.0 gives
    assert reviewer.verdict.text().startswith("old-label.pdf")
    note = reviewer.note.text()
    assert not reviewer.note.isHidden() and all(w.format(current=ENGINE_VERSION) in note for w in words), note
    assert strict_problems(note, language) == [], note
    assert reviewer.note.geometry().top() > reviewer.verdict.geometry().bottom()  # under the verdict
    window.grab().save(str(SHOTS / f"gui9-reviewer-note-{language}.png"))
    set_language("en" if language != "en" else "zh-Hans")  # and it follows a switch of the window's language
    assert reviewer.note.text() != note and ("its reading is superseded" in reviewer.note.text()
                                             or "其解读已被取代" in reviewer.note.text())

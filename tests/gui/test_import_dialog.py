"""Import by menu and drag-and-drop: a preview names every problem and nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from reedesk.services.audit import count_audit_events
from reedesk.services.dossiers import count_dossiers, list_revisions, load_dossier
from tests.conftest import sample_document
from tests.gui.conftest import wait_for

HEADER = "line_id,description,origin,category,elements,value,currency\n"


def _drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_bom_with_a_bad_row_is_refused_in_the_preview_and_nothing_is_stored(window, desk, qtbot, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text(HEADER + "C1,Sm metal,CN,rare_earth_metal,Sm,6.50,USD\nC2,Cobalt,CG,other,Co,-7.20,USD\n"
                   "C3,Iron,DE,other,Fe,1.00,QQQ\n", encoding="utf-8")
    window.open_dossier("LM-2026-0042")
    events_before = count_audit_events(desk)
    dialog = window.import_paths([bom])
    qtbot.waitExposed(dialog)
    problems = dialog.problems.stringList()
    assert any("row 3" in p and "value" in p for p in problems), problems
    assert any("row 4" in p and "QQQ" in p for p in problems), problems
    assert not dialog.import_button.isEnabled()
    assert "nothing will be stored" in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)  # disabled: does nothing
    dialog.reject()
    assert len(list_revisions(desk, "LM-2026-0042")) == 1
    assert count_audit_events(desk) == events_before


def test_good_bom_previews_then_imports_into_the_open_dossier(window, desk, qtbot, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_text(HEADER + "C1,Sm metal,CN,rare_earth_metal,Sm,6.50,USD\nC2,Cobalt,CG,other,Co,7.20,USD\n"
                   "C3,Copper,DE,other,Cu,0.40,USD\n", encoding="utf-8")
    window.open_dossier("LM-2026-0042")
    dialog = window.import_paths([bom])
    assert dialog.import_button.isEnabled()
    assert dialog.plan.rowCount() == 1
    assert dialog.plan.data(dialog.plan.index(0, 3)) == "revision 2"
    with qtbot.waitSignal(dialog.imported, timeout=5000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(load_dossier(desk, "LM-2026-0042").dossier.components) == 3
    assert window.editor.bom.rowCount() == 3  # the open editor shows the new revision


def test_dropping_a_dossier_json_on_the_window_previews_and_imports_it(window, desk, qtbot, tmp_path):
    document = sample_document("smco-magnet-vietnam")
    document["reference"] = "DROP-1"
    path = tmp_path / "drop.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = count_dossiers(desk)
    _drop(window, [path])
    dialog = window.dialogs[-1]
    assert dialog.plan.data(dialog.plan.index(0, 3)) == "new dossier"
    wait_for(qtbot, dialog.do_import())  # off the GUI thread (reedesk.gui.ops)
    assert count_dossiers(desk) == before + 1
    assert window.editor.reference() == "DROP-1"


def test_a_bad_dossier_file_names_the_field_and_its_json_path_in_the_windows_language(window, desk, qtbot, tmp_path):
    """The preview says what ``reedesk import`` says: the place as the window shows it, the field in the row, then
    the JSON path (FORMATS.md); in Chinese every word is Chinese and the path is quoted in 「」."""
    from reedesk.gui.i18n import set_language
    from tests.language_check import problems as language_problems

    document = sample_document("smco-magnet-vietnam")
    document["components"][0]["elements"] = ["Xx"]
    document["shipment"]["end_user"]["owners"] = [{"name": "Owner Ltd", "country": "US", "share": "1.2"}]
    bad = tmp_path / "bad_element.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    expected = {
        "en": ["bad_element.json, Bill of materials, row 1: Elements (components[0].elements[0]): 'Xx' is not a chemical symbol",
               "bad_element.json, End user, owner 1: Share (shipment.end_user.owners[0].share): '1.2' is more than 1 "
               '(a share is a fraction such as "0.60" for 60 %)'],
        "zh-Hans": ["bad_element.json，物料清单第1行：元素（「components[0].elements[0]」）：「Xx」不是化学元素符号",
                    "bad_element.json，最终用户第1个所有者：持股比例（「shipment.end_user.owners[0].share」）：「1.2」大于 1"
                    '（持股比例以小数表示，例如 "0.60" 表示 60 %）'],
        "zh-Hant": ["bad_element.json，物料清單第1行：元素（「components[0].elements[0]」）：「Xx」不是化學元素符號",
                    "bad_element.json，最終用戶第1個所有者：持股比例（「shipment.end_user.owners[0].share」）：「1.2」大於 1"
                    '（持股比例以小數表示，例如 "0.60" 表示 60 %）'],
    }
    before = count_dossiers(desk)
    try:
        for language, lines in expected.items():
            set_language(language)
            dialog = window.import_paths([bad])
            qtbot.waitExposed(dialog)
            assert dialog.problems.stringList() == lines
            assert not dialog.import_button.isEnabled()
            for line in lines:
                assert "None" not in line
                assert language_problems(line, language, {"bad_element.json"}) == [], line
            dialog.reject()
    finally:
        set_language("en")
    assert count_dossiers(desk) == before

"""Issue 14, structured errors in the window (added by ERRORS): a real bad dossier file previewed for import and
a real service error shown in an error box are said in the window's language — the place as the window names it
("匯率第2行：匯率"), then the file's JSON path as FORMATS.md has every problem name it, quoted in 「」 as a machine
path ("（「exchange_rates[1].rate」）"), and no English sentence (tests/language_check.py)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES_DIR
from tests.language_check import problems


@pytest.fixture
def chinese(qapp):
    from reedesk.gui.i18n import set_language

    yield set_language
    set_language("en")


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_bad_dossier_file_and_a_service_error_are_shown_in_the_windows_language(chinese, qtbot, desk, tmp_path, language) -> None:
    from PySide6.QtWidgets import QWidget

    from reedesk.gui.errors import show_error
    from reedesk.gui.import_dialog import ImportPreviewDialog
    from reedesk.services.dossiers import load_dossier
    from reedesk.services.imports import import_files

    document = json.loads((SAMPLES_DIR / "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    document["exchange_rates"] = [{"from": "USD", "to": "CNY", "rate": "7.10", "date": "2026-11-01", "source": "PBOC"},
                                  {"from": "EUR", "to": "CNY", "rate": "-1", "date": "2026-11-01", "source": "PBOC"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    chinese(language)
    hant = language == "zh-Hant"

    dialog = ImportPreviewDialog(desk, [bad], None)
    qtbot.addWidget(dialog)
    shown = dialog.problems.stringList()
    assert shown == [("bad.json，匯率第2行：匯率（「exchange_rates[1].rate」）：「-1」是負數" if hant
                      else "bad.json，汇率第2行：汇率（「exchange_rates[1].rate」）：「-1」是负数")]

    parent = QWidget()
    qtbot.addWidget(parent)
    with pytest.raises(Exception) as refused:
        import_files(desk, [bad], None)
    box = show_error(parent, refused.value)
    qtbot.addWidget(box)
    assert (("匯率第2行：匯率（「exchange_rates[1].rate」）：「-1」是負數" if hant
             else "汇率第2行：汇率（「exchange_rates[1].rate」）：「-1」是负数") in box.text())
    assert box.text().count("exchange_rates") == box.text().count("「exchange_rates[1].rate」") == 1  # only quoted
    assert "negative" not in box.text() and "None" not in box.text()
    assert problems(box.text(), language, {"bad.json"}) == [], box.text()

    with pytest.raises(Exception) as missing:
        load_dossier(desk, "NO-SUCH-9")
    box = show_error(parent, missing.value)
    qtbot.addWidget(box)
    assert box.text().startswith("沒有編號為「NO-SUCH-9」的卷宗" if hant else "没有编号为「NO-SUCH-9」的卷宗")
    assert problems(box.text(), language, {"NO-SUCH-9"}) == [], box.text()

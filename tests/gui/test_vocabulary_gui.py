"""Issue 14, one vocabulary and structured errors, as a user of the window meets them: a refused
bill of materials explained in Chinese (file, row, column as labelled in the window), the export's
progress in Chinese, and the same outcome name in the window, the printed pack and the CLI memo."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from reedesk import vocabulary
from tests.gui.conftest import wait_for
from tests.language_check import problems

BAD_BOM = (
    "dossier,line_id,description,origin,category,elements,value,currency\n"
    "LM-2026-0042,C1,SmCo magnet blocks,CN,rare_earth_permanent_magnet,Sm Co,\"12,5\",USD\n"
    "LM-2026-0042,C2,Steel housing,VN,other,Fe,3.10,XYZ\n"
)


@pytest.fixture
def chinese(qapp):
    from reedesk.gui.i18n import set_language

    yield set_language
    set_language("en")


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_refused_bom_is_explained_in_the_windows_language(chinese, qtbot, desk, tmp_path, language) -> None:
    """The import preview and the error box of a real refused CSV say what and where in Chinese: the file, the
    row as numbered in the file, the column as the bill-of-materials table labels it; no English sentence."""
    from PySide6.QtWidgets import QWidget

    from reedesk.gui.errors import show_error
    from reedesk.gui.import_dialog import ImportPreviewDialog
    from reedesk.services.imports import import_files

    bom = tmp_path / "bom.csv"
    bom.write_text(BAD_BOM, encoding="utf-8")
    chinese(language)
    dialog = ImportPreviewDialog(desk, [bom], None)
    qtbot.addWidget(dialog)
    shown = dialog.problems.stringList()
    assert len(shown) == 2 and not dialog.import_button.isEnabled()
    comma, currency = shown
    hant = language == "zh-Hant"
    assert comma.startswith("bom.csv 第 2 行，") and ("價值" if hant else "价值") in comma and "12.5" in comma
    assert currency.startswith("bom.csv 第 3 行，") and ("幣種" if hant else "币种") in currency and "XYZ" in currency
    assert ("不是 ISO 4217 貨幣代碼" if hant else "不是 ISO 4217 货币代码") in currency
    for line in shown:
        assert problems(line, language, {str(bom), "bom.csv"}) == [], line

    parent = QWidget()
    qtbot.addWidget(parent)
    with pytest.raises(Exception) as refused:
        import_files(desk, [bom], None)
    box = show_error(parent, refused.value)
    qtbot.addWidget(box)
    text = box.text()
    assert text.startswith("bom.csv 未被接受，共 2 ") and ("個問題" if hant else "个问题") in text
    assert "was refused" not in text and "decimal comma" not in text
    assert problems(text, language, {"bom.csv"}) == [], text


def test_the_export_reports_its_progress_in_the_windows_language(chinese, qtbot, desk, tmp_path) -> None:
    """A real export run off the GUI thread: every progress message the dialog shows is Traditional Chinese."""
    from PySide6.QtWidgets import QWidget

    from reedesk.gui.ops import run_in_background
    from tests.evidence.helpers import export, make_identity

    make_identity(desk)
    chinese("zh-Hant")
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def work(progress, cancelled):
        return export(desk, "LM-2026-0042", tmp_path / "pack.pdf", language="zh-Hant", progress=progress, cancelled=cancelled)

    op = run_in_background(parent, "匯出", work)
    op.progressed.connect(lambda _p, message: seen.append(message))
    wait_for(qtbot, op, timeout=120000)
    assert op.error is None, op.error
    assert "正在簽署判定" in seen and "正在繪製頁面並簽署 PDF" in seen and seen[-1] == "完成"
    for message in seen:
        assert problems(message, "zh-Hant") == [], message


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The Sm-Co sample as of 2026-11-25, exported as a real pack in each language, each cover read by pdftotext,
    and the CLI memo of the same dossier and date in each language."""
    from reedesk.cli.main import main
    from reedesk.services.desk import open_desk
    from tests.evidence.helpers import export, make_identity

    root = tmp_path_factory.mktemp("outcome-names")
    out: dict[str, dict[str, str]] = {"pdf": {}, "memo": {}}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REEDESK_HOME", str(root / "home"))
        mp.setenv("REEDESK_CONFIG_HOME", str(root / "config"))
        mp.setattr("reedesk.clock.os_account", lambda: "test-user")
        desk = open_desk(root / "home")
        try:
            make_identity(desk)
            for language in vocabulary.LANGUAGES:
                pdf = root / f"pack-{language}.pdf"
                result = export(desk, "LM-2026-0042", pdf, as_of=date(2026, 11, 25), language=language)
                out["outcome"] = {"code": result.outcome}
                text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                                      text=True, check=True).stdout
                out["pdf"][language] = " ".join(text.split())
        finally:
            desk.close()
        for language in vocabulary.LANGUAGES:
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                assert main(["evaluate", "LM-2026-0042", "--as-of", "2026-11-25", "--language", language]) == 0
            out["memo"][language] = buffer.getvalue()
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["evaluate", "LM-2026-0042", "--as-of", "2026-11-25", "--json"]) == 0
        out["document"] = json.loads(buffer.getvalue())
    return out


@pytest.mark.parametrize("language", vocabulary.LANGUAGES)
def test_window_pack_and_memo_name_the_outcome_alike(printed, qtbot, chinese, language) -> None:
    """The window's determination badge, the printed pack's cover (pdftotext) and the CLI memo show the
    catalogue's name of the outcome, in each language (issue 14: they used to disagree, 需要許可/須申請許可/需申請許可)."""
    from reedesk.gui.determination_panel import DeterminationPanel

    code = printed["outcome"]["code"]
    name = vocabulary.label("outcome", code, language)
    assert name in printed["pdf"][language]
    if language == "en":  # the English memo keeps the code after the name (scripts match it)
        memo_line = next(line for line in printed["memo"][language].splitlines() if f"({code})" in line)
        assert name.upper() in memo_line
    else:  # the Chinese memo names the outcome only, no code (the guide: no internal codes in Chinese output)
        outcome = {"zh-Hant": "結論：", "zh-Hans": "结论："}[language]
        assert f"{outcome}{name}" in printed["memo"][language].splitlines() and code not in printed["memo"][language]
    chinese(language)
    panel = DeterminationPanel()
    qtbot.addWidget(panel)
    panel.show_document(printed["document"])
    assert panel.badge.text() == (name.upper() if language == "en" else name)


@pytest.mark.parametrize("language", vocabulary.LANGUAGES)
def test_every_outcome_reads_the_same_in_the_browser_and_the_pack_texts(chinese, language) -> None:
    """For all eight FORMATS.md outcomes: the window's name (browser column, badges) and the evidence pack's
    name are the one catalogue entry, and no two outcomes share a name."""
    from reedesk.evidence.texts import load_texts
    from reedesk.gui.models import outcome_label

    chinese(language)
    names = [outcome_label(code) for code in vocabulary.codes("outcome")]
    assert names == [load_texts(language).outcome(code) for code in vocabulary.codes("outcome")]
    assert len(set(names)) == len(names)


def test_signature_meanings_are_offered_in_chinese_and_signed_in_the_recorded_words(chinese, qtbot) -> None:
    """The meaning drop-down of the sign/export dialogs names the usual meanings in the window's language
    (reedesk.vocabulary) while what is signed stays the statement's English words ("Prepared by")."""
    from reedesk.gui.sign_dialog import chosen_meaning, meaning_combo

    chinese("zh-Hant")
    combo = meaning_combo("signMeaning")
    qtbot.addWidget(combo)
    assert [combo.itemText(i) for i in range(combo.count())] == ["編製人", "審核人", "審核並批准人"]
    combo.setCurrentIndex(2)
    assert chosen_meaning(combo) == "Reviewed and approved by"
    combo.setEditText("Checked by the legal team")
    assert chosen_meaning(combo) == "Checked by the legal team"  # typed text is signed as typed

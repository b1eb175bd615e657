"""Portfolio view, timeline strip and what-if editor driven as a user would (pytest-qt, offscreen).

Legal basis of the figures shown: MOFCOM Announcement No. 61 of 2025 Art. I(1) (0.1 % value rule)
and I(2) (China-origin technology), suspended by MOFCOM/GAC Announcement No. 70 of 2025 from
2025-11-07 until 2026-11-10 inclusive.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt

from tests.gui.conftest import wait_for

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def _shot(widget, name: str) -> Path:
    """A screenshot of ``widget``: into docs/images only with REEDESK_WRITE_DOC_IMAGES=1 (to regenerate
    the documentation's pictures), else into a temporary folder, so a test run never changes the tree."""
    import os
    import tempfile

    folder = IMAGES if os.environ.get("REEDESK_WRITE_DOC_IMAGES") == "1" else Path(tempfile.mkdtemp(prefix="reedesk-shots-"))
    path = folder / name
    assert widget.grab().save(str(path)) and path.stat().st_size > 1000
    return path


def test_portfolio_compares_two_dates_filters_and_opens_the_dossier(qtbot, window) -> None:
    """No. 70 ends on 2026-11-10: between 2026-11-01 and 2026-11-25 the Sm-Co magnet (I(1)) and
    the NdFeB magnet made with Chinese technology (I(2)) change from suspended to licence required; the Taiwan
    target's only rate is dated 2026-11-18, not used as of 2026-11-01 (engine 3.6.0): insufficient data, then not
    controlled."""
    window.resize(1400, 820)
    window.actions_by_key["portfolio"].trigger()
    view = window.portfolio_view()
    assert window.pages.currentWidget() is view
    view.as_of.setDate(QDate(2026, 11, 1))
    view.set_kind("date")
    view.against.setDate(QDate(2026, 11, 25))
    assert view.against.isVisible() and not view.file_button.isVisible()
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, view.operation)
    refs = [r["reference"] for r in view.rows.records]
    assert refs == ["LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19"]
    assert view.rows.data(view.rows.index(0, 2)) == "Rule applies but is suspended" and view.rows.data(view.rows.index(0, 3)) == "Licence required"
    assert "Art. I(1)" in view.rows.data(view.rows.index(0, 4))
    assert "3 of 4 dossiers change outcome" in view.summary.text()
    assert len(view.chart.clients()) == 4
    assert view.chart.now["Lotus Magnetics Co., Ltd."] == {"suspended": 1}
    assert view.chart.changed["Lotus Magnetics Co., Ltd."] == {"license_required": 1}
    assert view.store_button.isEnabled()
    _shot(window, "gui-portfolio.png")
    qtbot.keyClicks(view.filter, "Takumi")
    assert [r["reference"] for r in view.rows.records] == ["TK-NDFEB-7"]
    rect = view.table.visualRect(view.rows.index(0, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.reference() == "TK-NDFEB-7" and window.pages.currentWidget() is window.workspace


def test_portfolio_store_is_asked_and_stores(qtbot, window) -> None:
    """Storing keeps the determinations as of the other date (and nothing before it is confirmed)."""
    from reedesk.services.evaluation import list_determinations

    view = window.portfolio_view()
    view.as_of.setDate(QDate(2026, 11, 1))
    view.set_kind("date")
    view.against.setDate(QDate(2026, 11, 25))
    wait_for(qtbot, view.compare())
    assert list_determinations(window.desk, "LM-2026-0042") == []
    view.confirm = lambda question: False
    assert view.store() is None
    view.confirm = lambda question: True
    wait_for(qtbot, view.store())
    assert [d.as_of for d in list_determinations(window.desk, "LM-2026-0042")] == ["2026-11-25"]
    assert "4 new determinations stored as of 2026-11-25" in view.summary.text() and not view.store_button.isEnabled()


def test_timeline_strip_shows_the_suspension_band_and_hover_names_rule(qtbot, window) -> None:
    """No. 61 I(1) suspended by No. 70 until 2026-11-10, then licence required: the strip on the
    determinations tab shows both bands; hovering the suspended band names the rule and No. 70."""
    window.resize(1400, 900)
    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 12, 1))
    window.determinations.load("LM-2026-0042")
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    strip = window.timeline_strip
    qtbot.waitUntil(lambda: strip.document is not None, timeout=20000)
    primary = strip.bands()[0]["intervals"]
    assert [i["outcome"] for i in primary][-2:] == ["suspended", "license_required"]
    assert primary[-1]["from"] == "2026-11-11"
    rect, band, iv = next(x for x in strip.interval_rects() if x[2]["outcome"] == "suspended")
    text = strip.tooltip_for(band, iv)
    assert "MOFCOM Announcement No. 61 of 2025, Art. I(1)" in text and "until 2026-11-10" in text
    assert strip.interval_at(QPoint(int(rect.center().x()), int(rect.center().y())))[1] is iv
    qtbot.mouseMove(strip, QPoint(int(rect.center().x()), int(rect.center().y())))
    window.evaluate()  # a stored determination below the strip; the strip follows the tab's load
    qtbot.waitUntil(lambda: strip.document is not None and window.determinations.determinations.rowCount() == 1, timeout=20000)
    extension = next(b for b in strip.bands() if b["point"] == "no70-end")
    drawn = strip.bands()
    assert drawn[0]["primary"] and extension in drawn
    assert all(b["differs"] for b in drawn[1:]) and len(drawn) < len(strip.document["bands"])  # readings that never differ are not drawn
    qtbot.wait(100)  # let the layout settle after the strip grew
    _shot(window.editor, "gui-timeline.png")


def test_what_if_editor_live_outcome_and_scenario_save(qtbot, window) -> None:
    """No. 61 I(1): the Sm-Co magnet's 6.50 USD of China-origin Sm metal is 13.5417 % of 48.00 USD
    (licence required as of 2026-11-25). Changing the line's origin to Japan takes the content to
    zero — not controlled — live, with nothing saved; 0.05 USD of Chinese Sm (0.1042 %) is still at or
    above 0.1 %, 0.04 USD (0.0833 %) is below. Saving keeps a what-if revision that is not current."""
    from reedesk.services.dossiers import list_revisions, load_dossier

    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    assert window.actions_by_key["whatif"].isEnabled()
    dialog = window.what_if()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert dialog.outcome() == "license_required" and "13.5417 %" in dialog.figures.text()
    assert [label for label, _ in dialog.chart.rows()] == ["C1", "All counted lines"]
    dialog.set_line(0, origin="JP")
    assert dialog.outcome() == "not_controlled" and dialog.model.is_changed(0, 2)
    dialog.set_line(0, origin="CN", value="0.05")
    assert dialog.outcome() == "license_required" and "0.1042 %" in dialog.figures.text()
    # typing in the table, as a user does: double-click the value cell, type, Enter
    index = dialog.model.index(0, 3)
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    from PySide6.QtWidgets import QLineEdit

    editor = dialog.table.viewport().findChild(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "0.04")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.components[0]["value"]["amount"] == "0.04")  # the delegate commits queued
    assert dialog.outcome() == "not_controlled" and "0.0833 %" in dialog.figures.text()
    assert len(list_revisions(window.desk, "LM-2026-0042")) == 1  # nothing saved while editing
    _shot(dialog, "gui-whatif.png")
    dialog.reason_asker = lambda: "Sm metal cut to 0.04 USD"
    assert dialog.save() == 2
    assert load_dossier(window.desk, "LM-2026-0042").revision == 1
    assert load_dossier(window.desk, "LM-2026-0042", 2).dossier.scenario is True
    assert window.history.revisions.rowCount() == 2


def test_portfolio_and_strip_in_traditional_chinese(qtbot, window) -> None:
    """Switching language re-labels the portfolio page and the strip; no English left in them."""
    from reedesk.gui.i18n import set_language

    view = window.portfolio_view()
    set_language("zh-Hant")
    assert view.compare_button.text() == "比較" and view.change.itemText(0) == "每種已聲明的解讀"
    assert window.actions_by_key["whatif"].text() == "假設分析(&W)…"
    assert window.timeline_strip.band_title({"primary": True}) == "文本（主要解讀）"


def test_show_what_changes_before_importing_a_pack(qtbot, window, tmp_path) -> None:
    """Settings → Rule packs → Show what changes…: a newer No. 70 pack (test) extending the suspension
    of No. 61 to 2027-11-10 would turn the two magnets from licence required to suspended as of
    2026-11-25; the portfolio page shows it and the pack is not imported."""
    import re

    from reedesk.services.evaluation import active_packs
    from tests.rules.builders import EXTENSION

    path = tmp_path / "no70-extended.toml"
    path.write_text(re.sub(r'(?m)^version = "[^"]+"', 'version = "2099.1"', EXTENSION, count=1), encoding="utf-8")
    dialog = window.open_settings()
    view = window.portfolio_view()
    view.as_of.setDate(QDate(2026, 11, 25))
    dialog.show_changes("pack", path)
    assert window.pages.currentWidget() is view and view.kind() == "pack" and view.file_button.text() == path.name
    wait_for(qtbot, view.operation)
    assert {(r["reference"], r["new"]) for r in view.rows.records} == {("LM-2026-0042", "suspended"), ("TK-NDFEB-7", "suspended")}
    assert not view.store_button.isEnabled()
    assert all(p.version != "2099.1" for p in active_packs(window.desk))


def test_portfolio_compare_can_be_cancelled(qtbot, window, monkeypatch) -> None:
    """Cancel between batches: the comparison stops, nothing is stored, the table is not filled."""
    import threading

    from reedesk.services import portfolio
    from reedesk.services.evaluation import list_determinations

    monkeypatch.setattr(portfolio, "CHUNK", 1)
    gate = threading.Event()
    real = portfolio.impact

    def slow_impact(*args, **kwargs):
        asked = kwargs["is_cancelled"]

        def cancelled() -> bool:
            gate.wait(5)  # the user presses Cancel while the first batch runs
            return asked()

        return real(*args, **{**kwargs, "is_cancelled": cancelled})

    monkeypatch.setattr(portfolio, "impact", slow_impact)
    view = window.portfolio_view()
    view.as_of.setDate(QDate(2026, 11, 1))
    view.set_kind("date")
    view.against.setDate(QDate(2026, 11, 25))
    op = view.compare(store=True)
    op.cancel()
    gate.set()
    wait_for(qtbot, op)
    assert op.was_cancelled and view.document is None and view.rows.rowCount() == 0
    assert list_determinations(window.desk, "LM-2026-0042") == []


def test_timeline_hover_in_traditional_chinese_quotes_the_traditional_key_phrase(qtbot, window) -> None:
    """No. 61 I(1) key phrase in the strip's hover: Traditional script in zh-Hant, never the Simplified text."""
    from reedesk.gui.i18n import set_language

    window.open_dossier("LM-2026-0042")
    window.determinations.as_of.setDate(QDate(2026, 12, 1))
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    strip = window.timeline_strip
    qtbot.waitUntil(lambda: strip.document is not None, timeout=20000)
    set_language("zh-Hant")
    band = strip.bands()[0]
    iv = next(i for i in band["intervals"] if i["outcome"] == "license_required")
    text = strip.tooltip_for(band, iv)
    assert "商務部公告2025年第61號" in text and "價值比例" in text and "价值比例" not in text

"""The determination panel shows the readings of the open points (issue 9, "The present is disputed"):
a real panel, offscreen, on a real determination made with the shipped packs, in each language."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest

from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document


@pytest.mark.parametrize(("language", "differs", "unconfirmed"), [
    ("en", "differs", "unconfirmed"),
    ("zh-Hant", "結論不同", "未經證實"),
    ("zh-Hans", "结论不同", "未经证实"),
])
def test_panel_shows_the_reported_extension_reading(qtbot, tmp_path, language, differs, unconfirmed) -> None:
    """No. 70 of 2025 ends on 2026-11-10 by its text; the reported extension to 2027-01-10 (unconfirmed) is a
    reading whose outcome is suspended: the panel names it, its outcome and its status, without English in Chinese."""
    from reedesk.gui.app import application
    from reedesk.gui.determination_panel import DeterminationPanel
    from reedesk.gui.i18n import set_language
    from reedesk.gui.models import outcome_label

    application()
    set_language(language)
    try:
        suspended = outcome_label("suspended")
        doc = evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 11, 25))
        panel = DeterminationPanel()
        qtbot.addWidget(panel)
        panel.resize(900, 700)
        panel.show_document(doc)
        panel.show()
        qtbot.waitExposed(panel)
        text = panel.body.toPlainText()
        assert differs in text and suspended in text and unconfirmed in text and "2027-01-10" in text
        assert "2027-01-10" in panel.header.text()  # the summary sentence is in the header too
        if language != "en":
            assert "Treasury" not in text and "differs" not in text
        image = panel.grab()
        assert image.width() > 0
        image.save(str(tmp_path / f"panel-{language}.png"))
    finally:
        set_language("en")

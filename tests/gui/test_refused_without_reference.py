"""A dossier saved with its reference left empty is refused in words, not as "Dossier ?" (issue 14, seen
in the error-box screenshot): the refusal names "This dossier" and the Reference field by its label."""

from __future__ import annotations

import pytest

from reedesk.errors import ValidationFailed
from reedesk.gui.i18n import set_language


def test_an_empty_reference_is_refused_as_this_dossier(window, qtbot):
    window.new_dossier(ask=False)  # File → New dossier; the reference left empty
    with pytest.raises(ValidationFailed) as refused:
        window.editor.dossier()
    text = str(refused.value)
    assert text.startswith("This dossier was refused") and "?" not in text.split(" was refused")[0], text
    assert "Reference" in text
    window.save()  # what the user does: the error box says the same
    from PySide6.QtWidgets import QMessageBox

    boxes = [b for b in window.findChildren(QMessageBox, "errorBox") if b.isVisible()]
    assert boxes and boxes[-1].text().startswith("This dossier was refused"), [b.text() for b in boxes]
    boxes[-1].close()


def test_in_traditional_chinese_the_refusal_says_this_dossier(window, qtbot):
    set_language("zh-Hant")
    try:
        window.new_dossier(ask=False)
        with pytest.raises(ValidationFailed) as refused:
            window.editor.dossier()
        assert refused.value.source == "此卷宗"
    finally:
        set_language("en")

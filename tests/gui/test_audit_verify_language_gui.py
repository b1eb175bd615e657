"""The audit view says the problem `audit verify` found in the window's language (the words of
`reedesk audit verify --language`, resources/vocabulary/messages.toml [audit_verify.*])."""

from __future__ import annotations

import sqlite3

from tests.gui.conftest import wait_for
from tests.language_check import problems


def test_audit_view_names_a_deleted_event_in_traditional_chinese(window, desk, qtbot):
    from reedesk.gui.i18n import set_language

    con = sqlite3.connect(desk.db.path)
    con.execute("DROP TRIGGER audit_event_no_delete")
    con.execute("DELETE FROM audit_event WHERE seq = 3")
    con.commit()
    con.close()
    set_language("zh-Hant")
    view = window.audit_view()
    window.show_page("audit")
    view.verify()
    wait_for(qtbot, view.operation)
    text = view.status.text()
    assert "稽核事件 3 不見了（下一個儲存的事件是 4）：有事件被刪除。" in text, text
    assert "Audit event" not in text
    problem = text.split("：", 1)[1]
    assert problems(problem, "zh-Hant") == [], problem

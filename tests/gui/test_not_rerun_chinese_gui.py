"""The audit view lists `audit verify`'s note on a determination it could not re-run (its pack an earlier reedesk
shipped, no longer bundled) in the window's Chinese with the pack named by its announcement, not its id (ROBUST9).
A real window offscreen over a real SQLite desk; the verification is the view's own background helper."""

from __future__ import annotations

import pytest

from tests.audit.test_not_rerun_chinese import codes_in
from tests.cli.strict_chinese import strict_problems
from tests.gui.conftest import wait_for

REF = "LM-2026-0042"


@pytest.mark.parametrize("language, named", [
    ("zh-Hans", "它以「商务部 海关总署公告2025年第55号」规则包（2026.1 版）作成"),
    ("zh-Hant", "它以「商務部 海關總署公告2025年第55號」規則包（2026.1 版）作成"),
])
def test_the_audit_view_names_the_pack_of_a_not_rerun_determination_in_chinese(make_window, desk, qtbot, language, named):
    from reedesk.evidence.known_packs import RELEASED_PACKS
    from reedesk.gui.i18n import set_language
    from tests.signing.vectors import insert_fabricated_determination

    [(pack_id, version, sha)] = [p for p in RELEASED_PACKS if p[:2] == ("cn-mofcom-2025-055", "2026.1")]
    insert_fabricated_determination(desk, REF, outcome="license_required", packs=[{"id": pack_id, "version": version, "sha256": sha}])
    window = make_window(desk)
    set_language(language)
    view = window.audit_view()
    window.show_page("audit")
    operation = view.verify()
    wait_for(qtbot, operation, timeout=120000)
    model = view.notes_table.model()
    shown = [(model.data(model.index(r, 0)), model.data(model.index(r, 1))) for r in range(model.rowCount())]
    [note] = [text for reference, text in shown if "作成" in text]
    assert named in note, note
    assert codes_in(note, [REF]) == [] and strict_problems(note, language, [REF]) == [], note
    set_language("en")  # English keeps the id and version
    [english] = [text for _, text in ((model.data(model.index(r, 0)), model.data(model.index(r, 1)))
                                      for r in range(model.rowCount())) if "was not re-run" in text]
    assert "cn-mofcom-2025-055 version 2026.1" in english, english

"""End-user screening in the Shipment and parties tab, driven through the widgets:
screen, confirm or clear a hit with a reason, and see what the determination makes of it."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from reedesk.services.dossiers import list_revisions, load_dossier

LISTED = "Lockheed Martin Corporation"  # resources/screening/cn-mofcom-control-list.toml
REF = "LM-2026-0042"  # the SmCo sample


def _rename_end_user(window, qtbot, name: str) -> None:
    window.open_dossier(REF)
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    edit = window.editor.field["shipment.end_user.name"].widget
    edit.selectAll()
    qtbot.keyClicks(edit, name)
    edit.editingFinished.emit()


def _screen_listed(window, qtbot):
    panel = window.screening
    _rename_end_user(window, qtbot, LISTED)
    assert not panel.screen_button.isEnabled()  # unsaved edits: screening reads the stored dossier
    assert "Save or undo your edits first" in panel.screen_button.toolTip()
    window.save()
    assert panel.screen_button.isEnabled()
    assert panel.status.text() == "End user not screened."
    qtbot.mouseClick(panel.screen_button, Qt.MouseButton.LeftButton)
    row = next(r for r, h in enumerate(panel.hits.records) if h.hit.entry_name == LISTED)
    assert panel.hits.records[row].hit.list_kind == "control_list"
    assert panel.hits.data(panel.hits.index(row, 3)) == "100.0"
    panel.hit_view.selectRow(row)
    return panel, row


def _decide(window, qtbot, panel, button, reason: str) -> None:
    panel.reason.clear()
    qtbot.keyClicks(panel.reason, reason)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _evaluate(window, qtbot) -> str:
    window.editor.tabs.setCurrentWidget(window.editor.determinations_tab)
    window.determinations.as_of.setDate(QDate(2026, 11, 25))
    qtbot.mouseClick(window.determinations.evaluate_button, Qt.MouseButton.LeftButton)
    return window.determinations.panel.outcome()


def test_confirmed_control_list_hit_gives_presumption_of_denial(window, desk, qtbot):
    panel, row = _screen_listed(window, qtbot)
    before = len(list_revisions(desk, REF))
    _decide(window, qtbot, panel, panel.confirm_button, "same firm, Bethesda MD")
    assert len(list_revisions(desk, REF)) == before + 1
    record = load_dossier(desk, REF).dossier.shipment.end_user.extra["screening"]
    hit = next(h for h in record["hits"] if h["entry_name"] == LISTED)
    assert (hit["decision"], hit["reason"]) == ("confirmed", "same firm, Bethesda MD")
    assert not window.editor.is_dirty()  # the editor shows the new revision
    assert window.editor.base["shipment"]["end_user"]["screening"]["name"] == LISTED
    shown = panel.hits.records[row]
    assert shown.decision == "confirmed" and panel.hits.data(panel.hits.index(row, 5)) == "Confirmed"
    assert panel.status.text().startswith("Screened on ") and f"for the name {LISTED}" in panel.status.text()
    assert _evaluate(window, qtbot) == "license_required_presumption_of_denial"
    assert window.determinations.panel.badge.text() == "LICENCE REQUIRED — PRESUMPTION OF DENIAL"
    assert LISTED in window.determinations.panel.body.toPlainText()


def test_cleared_hit_leaves_licence_required(window, desk, qtbot):
    panel, row = _screen_listed(window, qtbot)
    # clear every hit (a name can match several listed entities); undecided hits would make data insufficient
    for r in range(panel.hits.rowCount()):
        panel.hit_view.selectRow(r)
        _decide(window, qtbot, panel, panel.clear_button, "different firm: Rhein Antriebe's customer is a civil buyer")
        assert panel.hits.records[r].decision == "cleared", panel.message.text()
    assert _evaluate(window, qtbot) == "license_required"
    assert window.determinations.panel.badge.text() == "LICENCE REQUIRED"


def test_empty_reason_is_refused_and_nothing_is_recorded(window, desk, qtbot):
    panel, row = _screen_listed(window, qtbot)
    before = len(list_revisions(desk, REF))
    panel.reason.clear()
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == f"Give the reason why hit {panel.hits.records[row].n} is the end user."
    assert len(list_revisions(desk, REF)) == before
    assert "screening" not in load_dossier(desk, REF).dossier.shipment.end_user.extra
    _decide(window, qtbot, panel, panel.clear_button, "   ")
    assert panel.message.text().endswith("is not the end user.")
    assert len(list_revisions(desk, REF)) == before


def test_screen_button_needs_a_stored_dossier_with_an_end_user(window, qtbot):
    panel = window.screening
    assert not panel.screen_button.isEnabled()  # a new dossier
    assert "Save the dossier first" in panel.screen_button.toolTip()
    window.open_dossier(REF)
    assert panel.screen_button.isEnabled()
    edit = window.editor.field["shipment.end_user.name"].widget
    edit.clear()
    edit.editingFinished.emit()
    window.save()
    assert not panel.screen_button.isEnabled()
    assert panel.screen_button.toolTip() == "Enter the end user's name first."


def test_renaming_after_screening_is_flagged(window, desk, qtbot):
    panel, row = _screen_listed(window, qtbot)
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert "0 undecided" not in panel.status.text()  # the hits are recorded undecided
    edit = window.editor.field["shipment.end_user.name"].widget
    edit.selectAll()
    qtbot.keyClicks(edit, "Rhein Antriebe GmbH")
    edit.editingFinished.emit()
    assert "but the end user is now Rhein Antriebe GmbH: screen again." in panel.status.text()
    assert "a11" in panel.status.styleSheet()
    assert panel.hits.rowCount() == 0  # the hits were for the other name


def test_a_list_imported_after_screening_does_not_move_the_decision(window, desk, qtbot, tmp_path):
    from reedesk.services.screening import import_list

    panel, row = _screen_listed(window, qtbot)
    extra = tmp_path / "aaa-first.csv"  # sorts before the shipped lists: would take hit number 1 at the same score
    extra.write_text(f"name\n{LISTED}\n", encoding="utf-8")
    import_list(desk, extra)
    _decide(window, qtbot, panel, panel.confirm_button, "same firm")
    record = load_dossier(desk, REF).dossier.shipment.end_user.extra["screening"]
    decided = [(h["list"], h["entry_name"]) for h in record["hits"] if h["decision"] == "confirmed"]
    assert decided == [("cn-mofcom-control-list", LISTED)]


def test_status_and_refusal_follow_a_language_switch(window, qtbot):
    from reedesk.gui.i18n import set_language

    panel, row = _screen_listed(window, qtbot)
    panel.reason.clear()
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    set_language("zh-Hant")
    assert panel.status.text() == "最終用戶尚未篩查。"
    assert panel.message.text() == f"請說明命中 {panel.hits.records[row].n} 為何不是最終用戶。"
    assert panel.screen_button.text() == "篩查最終用戶"
    assert panel.hits.headerData(5, Qt.Orientation.Horizontal) == "決定"
    assert panel.hits.data(panel.hits.index(row, 5)) == "未決定"


def test_every_named_party_can_be_chosen_screened_and_decided(window, desk, qtbot, tmp_path):
    """reedesk 0.2: the importer, consignee and owners are screened too; the decision is recorded at the chosen
    party (shipment.importer.screening) and the end user's record is untouched. Screenshot for docs/screening.md."""
    import copy

    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.services.dossiers import import_dossiers
    from tests.conftest import sample_document

    document = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    document["reference"] = "LM-PARTIES-1"
    document["shipment"]["importer"] = {"name": "SUBARU Corp.", "country": "JP"}
    document["shipment"]["end_user"]["owners"] = [{"name": "三菱造船株式會社", "country": "JP", "share": "0.60"}]
    import_dossiers(desk, [parse_dossier(document)], source="parties.json")
    window.open_dossier("LM-PARTIES-1")
    window.editor.tabs.setCurrentWidget(window.editor.shipment_tab)
    panel = window.screening
    panel.refresh()
    specs = [panel.party_box.itemData(i) for i in range(panel.party_box.count())]
    assert specs == ["end_user", "end_user.owners[0]", "importer"]
    assert panel.party_box.isVisibleTo(panel)
    assert "(0.60)" in panel.party_box.itemText(1)
    panel.party_box.setCurrentIndex(2)
    assert panel.status.text() == "SUBARU Corp. not screened."
    qtbot.mouseClick(panel.screen_button, Qt.MouseButton.LeftButton)
    assert [h.hit.entry_name for h in panel.hits.records] == ["SUBARU Corporation"]
    panel.hit_view.selectRow(0)
    _decide(window, qtbot, panel, panel.confirm_button, "same firm, Tokyo")
    stored = load_dossier(desk, "LM-PARTIES-1").dossier
    assert stored.shipment.importer.extra["screening"]["hits"][0]["decision"] == "confirmed"
    assert "screening" not in stored.shipment.end_user.extra
    assert panel.party == "importer" and panel.status.text().startswith("Screened on ")
    panel.party_box.setCurrentIndex(1)
    qtbot.mouseClick(panel.screen_button, Qt.MouseButton.LeftButton)
    assert panel.hits.records[0].hit.entry_name == "Mitsubishi Heavy Industries Shipbuilding Co."
    image = window.editor.shipment_tab.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "gui-screening-parties.png"))

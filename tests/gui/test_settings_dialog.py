"""Settings → Screening lists: the shipped lists with their figures, importing one more."""

from __future__ import annotations

from pathlib import Path

from reedesk.services.screening import screen_dossier


def test_screening_lists_page_lists_and_imports(window, desk, tmp_path: Path):
    dialog = window.open_settings()
    dialog.tabs.setCurrentIndex(3)
    assert dialog.tabs.tabText(3) == "Screening lists"
    rows = {dialog.lists.data(dialog.lists.index(r, 0)): [dialog.lists.data(dialog.lists.index(r, c)) for c in range(6)]
            for r in range(dialog.lists.rowCount())}
    assert rows["cn-mofcom-control-list"][1:5] == ["Control list", "42", "2026-12-01", "shipped"]
    assert rows["cn-mofcom-watch-list"][1] == "Watch list"
    assert rows["cn-mofcom-unreliable-entity-list"][1] == "Unreliable entity list"

    csv = tmp_path / "Partner Watch.csv"
    csv.write_text("name,country,announcement,listed_on\nRhein Antriebe GmbH,DE,internal note 7,2026-10-01\n", encoding="utf-8")
    imported = dialog.import_list(csv)
    assert imported is not None and imported.id == "partner-watch"
    assert dialog.message.text() == "Imported screening list partner-watch (1 entries)."
    row = next(r for r in range(dialog.lists.rowCount()) if dialog.lists.data(dialog.lists.index(r, 0)) == "partner-watch")
    assert [dialog.lists.data(dialog.lists.index(row, c)) for c in (1, 2, 4)] == ["Other list", "1", "imported"]
    hits = screen_dossier(desk, "LM-2026-0042").hits  # the sample's end user is now on the imported list
    assert [h.hit.list_id for h in hits] == ["partner-watch"]


def test_importing_a_bad_list_says_why_and_adds_nothing(window, tmp_path: Path):
    dialog = window.open_settings()
    before = dialog.lists.rowCount()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nSomebody,ZZ\n", encoding="utf-8")
    assert dialog.import_list(bad) is None
    assert "'ZZ' is not an ISO 3166-1 alpha-2 country code" in dialog.message.text()
    assert dialog.lists.rowCount() == before


def test_screening_lists_speak_traditional_chinese(window):
    from reedesk.gui.i18n import set_language

    dialog = window.open_settings()
    set_language("zh-Hant")
    assert dialog.tabs.tabText(3) == "篩查名單"
    row = next(r for r in range(dialog.lists.rowCount()) if dialog.lists.data(dialog.lists.index(r, 0)) == "cn-mofcom-control-list")
    # the file's official title is Simplified; the Traditional window shows it in its own script
    assert [dialog.lists.data(dialog.lists.index(row, c)) for c in (1, 4, 5)] == ["管控名單", "隨附", "出口管制管控名單"]

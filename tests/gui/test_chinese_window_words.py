"""The window in Chinese names things without internal codes and with the catalogue's fullwidth marks (session 7 sweep
of the screenshots in zh-Hant and zh-Hans): the reviewer's checks and verdict, the country and currency pickers, the
person in the audit view, the margin to the threshold; and the application dialog offers the Traditional pages
``reedesk application --language zh-Hant`` writes. Real desk, real packs, the real window (offscreen)."""

from __future__ import annotations

import pytest

from reedesk import vocabulary
from tests.cli.strict_chinese import strict_problems

CHINESE = ("zh-Hant", "zh-Hans")


@pytest.mark.parametrize("language", CHINESE)
def test_reviewer_names_checks_and_outcome_without_codes(qtbot, make_window, desk, tmp_path, language):
    from reedesk.gui.i18n import set_language
    from reedesk.gui.reviewer import summary_html
    from tests.evidence.helpers import append_update, export, make_identity
    from tests.gui.conftest import wait_for

    make_identity(desk)
    pack = tmp_path / "lm.pdf"
    export(desk, "LM-2026-0042", pack)
    window = make_window(desk)
    set_language(language)
    reviewer = window.reviewer()
    window.show_page("reviewer")
    reviewer.open_pack(pack)
    wait_for(qtbot, reviewer.operation, timeout=120000)
    model = reviewer.checks
    reasons = [str(model.index(row, 2).data() or "") for row in range(model.rowCount())]
    cover = next(r for r in reasons if vocabulary.label("outcome", reviewer.report.summary["outcome"], language) in r)
    assert not any(code in cover for code in vocabulary.codes("outcome")), cover  # was "需申請許可（license_required）"
    html = summary_html({"outcome": "license_required", "language": "zh-Hant", "signers": [
        {"meaning": "Prepared by", "name": "Mai Tran", "role": "Officer", "organisation": "Lotus", "signed_at": "2026-11-25"}]})
    assert vocabulary.label("outcome", "license_required", language) in html and "license_required" not in html
    assert vocabulary.label("language", "zh-Hant", language) in html and "zh-Hant<" not in html
    assert "Mai Tran</b>，Officer，Lotus" in html
    # an invalid pack: the failed checks by name only (English keeps the code for reports, tests/gui/test_reviewer.py)
    broken = tmp_path / "appended.pdf"
    broken.write_bytes(append_update(pack.read_bytes()))
    reviewer.open_pack(broken)
    wait_for(qtbot, reviewer.operation, timeout=120000)
    assert reviewer.report.exit_code == 1
    shown = reviewer.verdict.text() + "\n" + reviewer.banner.text()
    assert "pdf_signature_covers_file" not in shown and "(" not in shown, shown
    set_language("en")


@pytest.mark.parametrize("language", CHINESE)
def test_pickers_person_and_margin_use_fullwidth_marks(make_window, desk, language):
    from reedesk.gui.audit_text import person
    from reedesk.gui.determination_panel import margin_text
    from reedesk.gui.i18n import set_language
    from reedesk.gui.pickers import picker_text

    make_window(desk)
    set_language(language)
    country = vocabulary.label("country", "VN", language)
    assert picker_text("country", "VN", country) == f"{country}（VN）"
    signed = person("Mai Tran 67D5-78C1-6781-0FCA (account root)", {})
    assert signed.startswith("Mai Tran（") and signed.endswith(" root）"), signed
    shown = person("root", {"root": "Mai Tran"})
    assert shown.startswith("Mai Tran（") and shown.endswith(" root）"), shown
    margin = margin_text({"margin": "6.452", "currency": "USD", "margin_percent_points_display": "13.4417"})
    assert margin is not None and margin.startswith("6.452美元（") and margin.endswith("）")  # the currency by name (session 11)
    for text in (picker_text("currency", "USD", vocabulary.label("currency", "USD", language)), shown, margin):
        assert strict_problems(text, language, ["Mai Tran", "root"]) == [], text
    set_language("en")
    assert picker_text("country", "VN", "Vietnam") == "Vietnam (VN)"  # English as before


@pytest.mark.parametrize("language", CHINESE)
def test_application_dialog_offers_the_traditional_pages(window, desk, language):
    from reedesk.gui.i18n import set_language
    from tests.evidence.helpers import make_identity

    make_identity(desk)
    set_language(language)
    window.open_dossier("CN-TB-880")
    dialog = window.prepare_application()
    choices = {dialog.language.itemData(i): dialog.language.itemText(i) for i in range(dialog.language.count())}
    assert set(choices) == {"zh-Hans", "zh-Hant", "en"}
    assert choices["zh-Hant"] == {"zh-Hant": "繁體中文", "zh-Hans": "繁体中文"}[language]
    dialog.close()

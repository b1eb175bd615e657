"""GUI Licences view (issue 15): the register with balances and a warning badge for licences
that expire within 30 days; adding a licence file through the same use case as the CLI.
Legal basis: Dual-Use Items Export Control Regulations (2024) Art. 17 (a licence is valid
only within its validity period; an exporter must know when one lapses)."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import reedesk.gui  # noqa: F401 — installs the refcount guard (PySide6 6.12 on CPython 3.11) before any widget
from reedesk.domain.dossier_file import parse_dossier
from reedesk.licences.record import parse_licence
from reedesk.services import dossiers, licences
from reedesk.gui.refcount_guard import guard_needed, guard_on
from tests.cli.strict_chinese import strict_problems
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def _image_folder(tmp_path_factory) -> Path:
    """docs/images only with REEDESK_WRITE_DOC_IMAGES=1 (regenerating the documentation's pictures),
    else a temporary folder, so a test run never changes the source tree."""
    import os

    return DOCS_IMAGES if os.environ.get("REEDESK_WRITE_DOC_IMAGES") == "1" else tmp_path_factory.mktemp("shots")


def _register(desk) -> None:
    later = copy.deepcopy(ISSUE_LICENCE)
    later.update(number="MOFCOM-2026-GEN-A-0003", type="general_a", valid_until="2027-11-30",
                 end_users=[{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"},
                            {"name": "Busan Motor Works", "country": "KR"}],
                 limits=[{"quantity": "2", "unit": "t"}])
    old = copy.deepcopy(ISSUE_LICENCE)
    old.update(number="MOFCOM-2025-LIC-0410", valid_from="2025-01-01", valid_until="2025-12-31")
    for doc in (ISSUE_LICENCE, later, old):
        licences.add_licence(desk, parse_licence(copy.deepcopy(doc)))
    dossiers.save_dossier(desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    licences.record_shipment(desk, TB_DOSSIER["reference"], ISSUE_LICENCE["number"], quantity=Decimal("40"),
                             value=Decimal("60000.00"), shipped_on=date(2026, 11, 26))


def test_view_lists_balances_and_badges_expiring_licence(qtbot, make_window, desk, tmp_path_factory):
    from reedesk.gui.licences_view import AMBER, LicencesView

    _register(desk)
    view = LicencesView(desk, today=date(2026, 12, 10))
    qtbot.addWidget(view)
    view.resize(1100, 520)
    view.reload()
    view.show()
    qtbot.waitExposed(view)
    table = view.table
    numbers = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert numbers == ["MOFCOM-2025-LIC-0410", "MOFCOM-2026-LIC-0001", "MOFCOM-2026-GEN-A-0003"]
    assert table.item(1, 4).text() == "⚠ Expires in 21 days"
    assert table.item(1, 4).background().color() == AMBER
    assert table.item(0, 4).text() == "Expired" and table.item(2, 4).text() == "Valid"
    assert table.item(1, 5).text() == "60 kg of 100 kg, USD 140000.00 of USD 200000.00"
    assert "1 licence(s) expire within 30 days: MOFCOM-2026-LIC-0001" in view.badge.text()
    table.selectRow(1)
    assert "GZ-TB-2026-0007" in view.details.toPlainText()
    view.only_expiring.setChecked(True)  # the GUI's `licence list --expiring 30`
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["MOFCOM-2026-LIC-0001"]
    view.only_expiring.setChecked(False)
    assert table.rowCount() == 3
    assert table.item(table.currentRow(), 0).text() == "MOFCOM-2026-LIC-0001"  # the selection is kept
    assert view.details.toPlainText().startswith("MOFCOM-2026-LIC-0001")
    folder = _image_folder(tmp_path_factory)
    assert view.grab().save(str(folder / "gui-licences.png")) and (folder / "gui-licences.png").stat().st_size > 1000


def test_no_badge_when_nothing_expires_and_chinese(qtbot, make_window, desk):
    from reedesk.gui.i18n import set_language
    from reedesk.gui.licences_view import LicencesView

    _register(desk)
    view = LicencesView(desk, today=date(2026, 6, 1))
    qtbot.addWidget(view)
    view.reload()
    assert view.expiring() == [] and view.badge.text() == "No licence expires within 30 days."
    set_language("zh-Hant")
    assert view.badge.text() == "30天內沒有到期的許可證。"
    assert view.table.horizontalHeaderItem(0).text() == "許可證編號"
    assert view.table.item(1, 1).text() == "單次許可"
    assert view.table.item(1, 5).text() == "60千克（限額100千克），140000.00美元（限額200000.00美元）"


def test_add_file_from_the_view_and_refusal_shown(qtbot, make_window, desk, tmp_path, monkeypatch):
    from reedesk.gui import licences_view
    from reedesk.gui.licences_view import LicencesView

    shown = []
    monkeypatch.setattr(licences_view, "show_error", lambda parent, text: shown.append(str(text)))
    view = LicencesView(desk, today=date(2026, 11, 1))
    qtbot.addWidget(view)
    good = tmp_path / "lic.json"
    good.write_text(json.dumps(ISSUE_LICENCE))
    assert view.add_file(good) == "Licence MOFCOM-2026-LIC-0001 added as revision 1."
    assert view.table.rowCount() == 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(ISSUE_LICENCE, type="general_c")))
    assert view.add_file(bad) is None and "type" in shown[0]


def test_window_has_licences_page(window, desk):
    window.show_page("licences")
    assert window.pages.currentWidget() is window.licences_view()
    assert window.actions_by_key["licences"].text() == "&Licences"


def test_prepare_application_from_the_dossier_menu(window, desk, qtbot, tmp_path):
    """Dossier → Prepare application… writes the same verified pack as `reedesk application`
    (Regulations Art. 14 application materials; issue 15)."""
    from reedesk.evidence.verifier import verify_path
    from tests.evidence.helpers import PASSPHRASE, export, make_identity
    from tests.gui.conftest import wait_for

    identity = make_identity(desk)
    export(desk, "CN-TB-880", tmp_path / "evidence.pdf")
    window.open_dossier("CN-TB-880")
    assert window.actions_by_key["application"].isEnabled()
    assert window.actions_by_key["application"] in window.menus["dossier"].actions()
    dialog = window.prepare_application()
    contract = tmp_path / "contract.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(contract))
    c.drawString(72, 720, "contract")
    c.save()
    dialog.add_attachment("contract", contract)
    assert dialog.attached.item(0).text() == "Copy of the contract or agreement: contract.pdf"
    dialog.out.setText(str(tmp_path / "application.pdf"))
    dialog.passphrase.setText(PASSPHRASE)
    operation = dialog.start()
    wait_for(qtbot, operation, timeout=60000)
    assert dialog.result_info is not None, dialog.message.text()
    assert "document(s) missing" in dialog.message.text()
    assert verify_path(tmp_path / "application.pdf", trusted_key_ids=[identity.key_id]).exit_code == 0


def test_record_shipment_from_the_view_draws_down_or_is_refused(qtbot, make_window, desk, monkeypatch):
    """The view's Record shipment… is `reedesk ship`: it draws down the selected licence, and a
    shipment past the limit is refused with the service's sentence (Regulations Art. 17)."""
    from reedesk.gui import licences_view
    from reedesk.gui.licences_view import LicencesView

    shown = []
    monkeypatch.setattr(licences_view, "show_error", lambda parent, text: shown.append(str(text)))
    _register(desk)
    view = LicencesView(desk, today=date(2026, 12, 10))
    qtbot.addWidget(view)
    view.reload()
    view.table.selectRow(1)
    assert view.selected_number() == "MOFCOM-2026-LIC-0001"
    message = view.record_shipment("GZ-TB-2026-0007", "20 kg", "30000.00 USD", date(2026, 12, 1))
    assert message == "Shipment of GZ-TB-2026-0007 recorded against licence MOFCOM-2026-LIC-0001."
    assert view.table.item(1, 5).text().startswith("40 kg of 100 kg")
    assert view.record_shipment("GZ-TB-2026-0007", "41 kg", "1.00", date(2026, 12, 2)) is None
    assert "41 kg exceeds the 40 kg left" in shown[0]
    assert view.table.item(1, 5).text().startswith("40 kg of 100 kg")


ISO_CODE = re.compile(r"(?<![A-Za-z])(?:KR|DE|CN|USD|CNY|EUR)(?![A-Za-z])")  # the register's countries and currency
TYPED = ["Ganzhou Rare Metals Trading Co.", "MOFCOM", "Hanseong Magnetics Co., Ltd.", "Busan Motor Works", "Terbium metal",
         "GZ-TB-2026-0007", "SHA-256"]  # as the user typed them (and the hash's name)
TWO_COUNTRIES = "MOFCOM-2026-GEN-A-0005"
TYPED += ["MOFCOM-2026-LIC-0001", "MOFCOM-2026-GEN-A-0003", "MOFCOM-2025-LIC-0410", TWO_COUNTRIES]  # licence numbers


def _register_two_countries(desk) -> None:
    _register(desk)
    lic = copy.deepcopy(ISSUE_LICENCE)
    lic.update(number=TWO_COUNTRIES, type="general_a", destinations=["KR", "DE"], valid_until="2027-06-30",
               end_users=[{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"}, {"name": "Busan Motor Works", "country": "KR"}])
    licences.add_licence(desk, parse_licence(lic))


def _texts(view) -> list[str]:
    """Every cell of the table and each licence's details, as the user reads them."""
    out = [view.badge.text()]
    for r in range(view.table.rowCount()):
        out += [view.table.item(r, c).text() for c in range(view.table.columnCount())]
        view.table.selectRow(r)
        out.append(view.details.toPlainText())
    return out


@pytest.mark.parametrize("language, expected", [
    ("zh-Hans", ["目的国：韩国、德国", "最终用户：Hanseong Magnetics Co., Ltd.（韩国）、Busan Motor Works（韩国）",
                 "剩余额度：60千克（限额100千克），140000.00美元（限额200000.00美元）", "GZ-TB-2026-0007：40千克，60000.00美元"]),
    ("zh-Hant", ["目的國：南韓、德國", "最終用戶：Hanseong Magnetics Co., Ltd.（南韓）、Busan Motor Works（南韓）",
                 "剩餘額度：60千克（限額100千克），140000.00美元（限額200000.00美元）", "GZ-TB-2026-0007：40千克，60000.00美元"]),
])
def test_chinese_view_names_countries_and_currencies(qtbot, make_window, desk, language, expected):
    """The Chinese Licences view names countries and currencies as the licence reasons and `licence show` do
    (matching.country_text/money_text/join_text/parties_text): 「韩国、德国」, 「Name（韩国）」, 「140000.00美元」 — no ISO
    code, no ASCII separator; names, control and HS codes as typed. Grabbed to /tmp/lic9b-<language>.png."""
    from reedesk.gui.i18n import set_language
    from reedesk.gui.licences_view import LicencesView

    assert not guard_needed() or guard_on()  # the guard is on, as for every GUI test
    _register_two_countries(desk)
    view = LicencesView(desk, today=date(2026, 12, 10))
    qtbot.addWidget(view)
    view.resize(1100, 560)
    set_language(language)
    try:
        view.reload()
        texts = _texts(view)
        joined = "\n".join(texts)
        for line in expected[:3]:
            assert any(line in t.splitlines() for t in texts), (line, joined)
        assert any(expected[3] in t for t in texts), joined
        assert ISO_CODE.search(joined) is None, ISO_CODE.search(joined)
        for text in texts:
            for line in text.splitlines():
                assert strict_problems(line, language, TYPED) == [], line
        view.table.selectRow([view.table.item(r, 0).text() for r in range(view.table.rowCount())].index(TWO_COUNTRIES))
        view.show()
        qtbot.waitExposed(view)
        assert view.grab().save(f"/tmp/lic9b-{language}.png")
    finally:
        set_language("en")


def test_english_view_keeps_the_codes(qtbot, make_window, desk):
    from reedesk.gui.licences_view import LicencesView

    _register_two_countries(desk)
    view = LicencesView(desk, today=date(2026, 12, 10))
    qtbot.addWidget(view)
    view.reload()
    numbers = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]
    view.table.selectRow(numbers.index(TWO_COUNTRIES))
    lines = view.details.toPlainText().splitlines()
    assert "Destinations: KR, DE" in lines
    assert "End users: Hanseong Magnetics Co., Ltd. (KR); Busan Motor Works (KR)" in lines
    assert "Remaining: 100 kg of 100 kg, USD 200000.00 of USD 200000.00" in lines
    view.table.selectRow(numbers.index(ISSUE_LICENCE["number"]))
    assert "GZ-TB-2026-0007: 40 kg, USD 60000.00" in view.details.toPlainText()
    assert view.table.item(numbers.index(ISSUE_LICENCE["number"]), 5).text() == "60 kg of 100 kg, USD 140000.00 of USD 200000.00"

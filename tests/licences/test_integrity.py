"""`reedesk audit verify` covers the licence register: attacks on the SQLite file that drop the
triggers and rewrite a licence, a draw-down or an attachment are found (issue 15 "every change
an audit event"; issue 10: triggers are a speed bump, the trail is the proof)."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from reedesk.domain.dossier_file import parse_dossier
from reedesk.licences.record import parse_licence
from reedesk.services import dossiers, licences
from reedesk.services.audit import verify_audit
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER


@pytest.fixture
def desk_with_register(empty_desk, tmp_path):
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    c.drawString(72, 720, "scan")
    c.save()
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)), source_pdf=scan)
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    licences.record_shipment(empty_desk, TB_DOSSIER["reference"], ISSUE_LICENCE["number"], quantity=Decimal("40"),
                             value=Decimal("60000.00"), shipped_on=date(2026, 11, 26))
    return empty_desk


def _tamper(desk, *statements):
    with sqlite3.connect(desk.db.path) as c:
        for name in ("licence_revision_no_update", "licence_shipment_no_update", "attachment_no_update",
                     "licence_shipment_no_silent_delete"):
            c.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement, params in statements:
            c.execute(statement, params)


def test_untouched_register_verifies(desk_with_register):
    report = verify_audit(desk_with_register, rerun=False)
    assert not any("icence" in p or "ttachment" in p or "hipment" in p for p in report.problems), report.problems


def test_raised_limit_with_rehashed_revision_is_found(desk_with_register):
    """Attack: raise the limit to 1000 kg and store the matching SHA-256 too; the trail still has the old hash."""
    import hashlib

    with sqlite3.connect(desk_with_register.db.path) as c:
        doc = json.loads(c.execute("SELECT document FROM licence_revision").fetchone()[0])
    doc["limits"][0]["quantity"] = "1000"
    text = json.dumps(doc, separators=(",", ":"), sort_keys=True)
    _tamper(desk_with_register, ("UPDATE licence_revision SET document = ?, sha256 = ?",
                                 (text, hashlib.sha256(text.encode()).hexdigest())))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("is not the document the audit trail recorded" in p for p in report.problems), report.problems


def test_shrunk_draw_down_is_found(desk_with_register):
    """Attack: make the 40 kg shipment a 4 kg one to free up the balance."""
    _tamper(desk_with_register, ("UPDATE licence_shipment SET quantity = '4', usage = ?",
                                 (json.dumps([{"limit": 0, "quantity": "4", "value": "60000.00"}]),)))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("a draw-down was changed" in p for p in report.problems), report.problems


def test_deleted_draw_down_is_found(desk_with_register):
    _tamper(desk_with_register, ("DELETE FROM licence_shipment", ()))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("is missing and no deletion was recorded" in p for p in report.problems), report.problems


def test_swapped_attachment_is_found(desk_with_register):
    _tamper(desk_with_register, ("UPDATE attachment SET content = ?", (b"%PDF-1.4 forged",)))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("its bytes no longer match" in p for p in report.problems), report.problems


def test_a_recorded_deletion_is_not_a_problem(desk_with_register):
    """After the retention period a licence is deleted with its tombstone: nothing is reported missing."""
    from reedesk.services.retention import delete_licence

    delete_licence(desk_with_register, ISSUE_LICENCE["number"], today=date(2032, 1, 1))
    report = verify_audit(desk_with_register, rerun=False)
    assert not any("icence" in p or "ttachment" in p or "hipment" in p for p in report.problems), report.problems


def test_a_dropped_licence_trigger_is_reported(desk_with_register):
    _tamper(desk_with_register)
    report = verify_audit(desk_with_register, rerun=False)
    assert any("licence_revision_no_update" in p and "dropped outside reedesk" in p for p in report.problems), report.problems


def _revise_to_30_kg(desk) -> None:
    """A second revision cuts the 100 kg cap to 30 kg (the licensing authority amended it)."""
    revised = copy.deepcopy(ISSUE_LICENCE)
    revised["limits"][0]["quantity"] = "30"
    licences.add_licence(desk, parse_licence(revised))


def test_a_licence_set_back_to_its_superseded_revision_is_found(desk_with_register):
    """Session 14's bug hunt F4. Attack: the licence row has no trigger; set its current revision back to 1 (the
    100 kg cap) after revision 2 cut it to 30 kg, so `ship` and evaluations use the larger cap again."""
    _revise_to_30_kg(desk_with_register)
    _tamper(desk_with_register, ("UPDATE licence SET current_revision = 1", ()))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("is listed at revision 1" in p and "newest stored revision 2" in p for p in report.problems), report.problems


def test_a_licence_expiry_changed_in_its_row_is_found(desk_with_register):
    """Attack: extend the expiry the register lists (and `licence list --expiring` reads) without a revision."""
    _tamper(desk_with_register, ("UPDATE licence SET valid_until = '2030-12-31'", ()))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("the licence's row was changed outside reedesk" in p for p in report.problems), report.problems


@pytest.mark.parametrize("statement", [
    "UPDATE licence_shipment SET dossier_reference = 'SOME-OTHER-DOSSIER'",
    "UPDATE licence_shipment SET unit = 't'",
    "UPDATE licence_shipment SET value_amount = '6.00'",
    "UPDATE licence_shipment SET licence_revision = 2",
])
def test_a_draw_down_moved_or_revalued_is_found(desk_with_register, statement):
    """Session 14's bug hunt F5. Attack: keep the date, quantity and usage the check compared, and change what else
    the draw-down says — the dossier it was for, its unit, its value, the licence revision it was drawn under."""
    _tamper(desk_with_register, (statement, ()))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("a draw-down was changed" in p for p in report.problems), report.problems


def test_a_draw_down_moved_to_another_licence_is_found(desk_with_register):
    """Attack: move the 40 kg draw-down onto a second licence, freeing the first's balance."""
    other = copy.deepcopy(ISSUE_LICENCE)
    other["number"] = "MOFCOM-2026-LIC-0002"
    licences.add_licence(desk_with_register, parse_licence(other))
    _tamper(desk_with_register, ("UPDATE licence_shipment SET licence_id = (SELECT id FROM licence WHERE number = ?)",
                                 (other["number"],)))
    report = verify_audit(desk_with_register, rerun=False)
    assert any("a draw-down was changed" in p for p in report.problems), report.problems


def test_a_revised_register_still_verifies(desk_with_register):
    """No attack: a licence revised through reedesk lists its newest revision, and the trail agrees."""
    _revise_to_30_kg(desk_with_register)
    report = verify_audit(desk_with_register, rerun=False)
    assert not any("icence" in p or "hipment" in p for p in report.problems), report.problems

"""Record retention (Dual-Use Items Export Control Regulations Art. 27: records of exports are
kept at least 5 years): deleting a dossier, licence or attachment younger than the desk's
retention period is refused with the date it becomes deletable; `reedesk retention report`
lists what may be deleted and when (issue 15, "Retention")."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from reedesk.cli.main import main
from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import ReedeskError
from reedesk.licences.record import parse_licence
from reedesk.services import dossiers, licences, retention
from reedesk.services.retention import RetentionRefused, add_years
from reedesk.services.settings import set_setting
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

REF = TB_DOSSIER["reference"]
OLD = dict(copy.deepcopy(ISSUE_LICENCE), number="MOFCOM-2020-LIC-0007", valid_from="2020-01-01", valid_until="2020-12-31")


def _pdf(path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "scan")
    c.save()
    return path


@pytest.fixture
def shipped(empty_desk):
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    licences.record_shipment(empty_desk, REF, ISSUE_LICENCE["number"], quantity=Decimal("10"), value=Decimal("15000.00"),
                             shipped_on=date(2026, 11, 26))
    return empty_desk


def test_dossier_with_recent_shipment_cannot_be_deleted(shipped):
    with pytest.raises(RetentionRefused, match=r"may not be deleted before 2031-11-26: records are kept 5 years from "
                                               r"the last shipment on 2026-11-26 \(Dual-Use Items Export Control Regulations Art. 27\)"):
        dossiers.delete_dossier(shipped, REF)
    assert dossiers.load_dossier(shipped, REF).revision == 1


def test_dossier_never_exported_or_shipped_can_still_be_deleted(empty_desk):
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    dossiers.delete_dossier(empty_desk, REF)
    assert dossiers.count_dossiers(empty_desk) == 0


def test_dossier_shipped_more_than_five_years_ago_can_be_deleted(empty_desk):
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(OLD)))
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    licences.record_shipment(empty_desk, REF, OLD["number"], quantity=Decimal("1"), value=Decimal("1.00"),
                             shipped_on=date(2020, 6, 1))
    dossiers.delete_dossier(empty_desk, REF)  # deletable since 2025-06-01
    assert dossiers.count_dossiers(empty_desk) == 0


def test_export_event_is_an_anchor(shipped):
    """An exported evidence pack is a record of the export too (its 'export' audit event)."""
    from tests.evidence.helpers import export, make_identity

    make_identity(shipped)
    export(shipped, REF, shipped.home / "pack.pdf", as_of=date(2026, 11, 25))
    with shipped.db.unit_of_work() as session:
        what, when = retention.dossier_anchor(session, REF)
    assert what == "last export" and when == date.today()  # the export happened now, after the 2026-11-26 shipment


def test_licence_delete_refused_then_allowed_after_the_period(shipped, tmp_path):
    number = ISSUE_LICENCE["number"]
    with pytest.raises(RetentionRefused, match="Licence MOFCOM-2026-LIC-0001 may not be deleted before 2031-12-31"):
        retention.delete_licence(shipped, number, today=date(2031, 12, 30))
    retention.delete_licence(shipped, number, reason="retention period over", today=date(2031, 12, 31))
    assert licences.list_licences(shipped) == []
    with sqlite3.connect(shipped.db.path) as c:
        assert c.execute("SELECT count(*) FROM licence_shipment").fetchone()[0] == 0
        action, before = c.execute("SELECT action, before FROM audit_event WHERE entity_type='licence' "
                                   "ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "delete" and json.loads(before)["shipments"][0]["quantity"] == "10"


def test_silent_delete_of_a_licence_is_refused_by_the_database(shipped):
    """Attack: delete the licence rows with SQL, bypassing reedesk; the triggers refuse it."""
    with sqlite3.connect(shipped.db.path) as c, pytest.raises(sqlite3.IntegrityError, match="recorded deletion"):
        c.execute("DELETE FROM licence_shipment")
    with sqlite3.connect(shipped.db.path) as c, pytest.raises(sqlite3.IntegrityError, match="recorded deletion"):
        c.execute("DELETE FROM licence")


def test_attachment_follows_its_owner(shipped, tmp_path):
    licences.add_licence(shipped, parse_licence(copy.deepcopy(ISSUE_LICENCE)), source_pdf=_pdf(tmp_path / "scan.pdf"))
    [attachment] = licences.show_licence(shipped, ISSUE_LICENCE["number"]).attachments
    with pytest.raises(RetentionRefused, match="before 2031-12-31"):
        retention.delete_attachment(shipped, attachment.id, today=date(2027, 1, 1))
    retention.delete_attachment(shipped, attachment.id, today=date(2032, 1, 1))
    assert licences.show_licence(shipped, ISSUE_LICENCE["number"]).attachments == ()


def test_longer_retention_setting_moves_the_date_and_less_than_five_is_refused(shipped):
    set_setting(shipped, "retention_years", "7")
    with pytest.raises(RetentionRefused, match="before 2033-11-26: records are kept 7 years"):
        dossiers.delete_dossier(shipped, REF)
    with pytest.raises(ReedeskError, match="not a valid value"):
        set_setting(shipped, "retention_years", "4")


def test_report_lists_every_record_with_its_date(shipped, capsys):
    rows = {(r.kind, r.key.split(" ")[0]): r for r in retention.retention_report(shipped, today=date(2027, 1, 1))}
    assert rows[("dossier", REF)].deletable_on == "2031-11-26" and not rows[("dossier", REF)].deletable_now
    assert rows[("licence", ISSUE_LICENCE["number"])].anchor == "end of validity"
    assert main(["retention", "report", "--today", "2032-01-01", "--language", "zh-Hant"]) == 0
    out = capsys.readouterr().out
    assert "卷宗" in out and "現可刪除" in out and "最後一次出口" in out


def test_cli_delete_refused_exit_2_with_date(shipped, capsys):
    assert main(["delete", REF]) == 2
    assert "2031-11-26" in capsys.readouterr().err
    assert main(["licence", "delete", ISSUE_LICENCE["number"]]) == 2
    assert "2031-12-31" in capsys.readouterr().err


def test_leap_day():
    assert add_years(date(2028, 2, 29), 5) == date(2033, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)

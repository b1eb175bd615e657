"""The licence register (reedesk/services/licences.py): revisions never edited, every change
an audit event, draw-downs in Decimal refused past the limit, allowed at it, safe when two
processes draw at once.

Legal basis: Dual-Use Items Export Control Regulations (2024) Arts. 14-17 (a licence covers
what it names, within its limits and validity) and Art. 27 (records kept; the register and
its draw-downs are such records). Issue 15, "Licence register".
"""

from __future__ import annotations

import copy
import hashlib
import json
import multiprocessing
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import NotFound, ReedeskError, ValidationFailed
from reedesk.licences.matching import DECIMAL
from reedesk.licences.record import parse_licence
from reedesk.services import dossiers, licences
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

REF = TB_DOSSIER["reference"]
NUMBER = ISSUE_LICENCE["number"]


def _events(desk, action=None):
    with sqlite3.connect(desk.db.path) as c:
        rows = c.execute("SELECT action, entity_type, entity_id, dossier_reference, after FROM audit_event ORDER BY seq").fetchall()
    return [r for r in rows if action is None or r[0] == action]


def _pdf(path: Path, text: str = "MOFCOM licence scan") -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.save()
    return path


@pytest.fixture
def register(empty_desk):
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    return empty_desk


def test_add_stores_revision_one_and_audits_it(empty_desk):
    result = licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    assert (result.revision, result.changed) == (1, True)
    view = licences.show_licence(empty_desk, NUMBER)
    assert view.document == ISSUE_LICENCE
    created = _events(empty_desk, "create")
    assert created[-1][1:3] == ("licence", NUMBER)
    assert json.loads(created[-1][4])["sha256"] == result.sha256


def test_adding_unchanged_stores_nothing_and_changed_makes_new_revision(empty_desk):
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    again = licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    assert again.changed is False and again.revision == 1
    changed = copy.deepcopy(ISSUE_LICENCE)
    changed["valid_until"] = "2027-06-30"
    second = licences.add_licence(empty_desk, parse_licence(changed), reason="MOFCOM extended validity")
    assert (second.revision, second.changed) == (2, True)
    assert licences.show_licence(empty_desk, NUMBER, revision=1).document["valid_until"] == "2026-12-31"
    assert licences.show_licence(empty_desk, NUMBER).document["valid_until"] == "2027-06-30"
    revise = _events(empty_desk, "revise")
    assert len(revise) == 1 and json.loads(revise[0][4])["revision"] == 2


def test_revision_cannot_be_edited_in_place(register):
    """Signed/audited records are never edited: the database itself refuses UPDATE (migration 0004)."""
    with sqlite3.connect(register.db.path) as c, pytest.raises(sqlite3.IntegrityError, match="immutable"):
        c.execute("UPDATE licence_revision SET document = '{}'")
    with sqlite3.connect(register.db.path) as c, pytest.raises(sqlite3.IntegrityError, match="recorded deletion"):
        c.execute("DELETE FROM licence_revision")


def test_tampered_revision_is_refused_on_read(register):
    """Attack: rewrite the stored document with the triggers dropped; the hash check catches it."""
    with sqlite3.connect(register.db.path) as c:
        c.execute("DROP TRIGGER licence_revision_no_update")
        doc = json.loads(c.execute("SELECT document FROM licence_revision").fetchone()[0])
        doc["limits"][0]["quantity"] = "1000"
        c.execute("UPDATE licence_revision SET document = ?", (json.dumps(doc),))
    with pytest.raises(ReedeskError, match="does not match its stored SHA-256"):
        licences.show_licence(register, NUMBER)


def test_add_file_malformed_refused_naming_path(empty_desk, tmp_path):
    bad = copy.deepcopy(ISSUE_LICENCE)
    bad["limits"][0]["value"]["amount"] = 200000.0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(ValidationFailed, match=r"limits\[0\]\.value\.amount"):
        licences.add_licence_file(empty_desk, path)
    assert licences.list_licences(empty_desk) == []


def test_source_pdf_is_hashed_stored_and_audited(empty_desk, tmp_path):
    scan = _pdf(tmp_path / "scan.pdf")
    path = tmp_path / "lic.json"
    path.write_text(json.dumps(ISSUE_LICENCE))
    licences.add_licence_file(empty_desk, path, source_pdf=scan)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    view = licences.show_licence(empty_desk, NUMBER)
    assert view.document["source_document"] == {"file": "scan.pdf", "sha256": digest, "media_type": "application/pdf"}
    assert [a.sha256 for a in view.attachments] == [digest]
    assert json.loads(_events(empty_desk, "attach")[-1][4])["sha256"] == digest


def test_source_pdf_that_is_not_a_pdf_or_differs_is_refused(empty_desk, tmp_path):
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"GIF89a not a pdf")
    with pytest.raises(ReedeskError, match="not a PDF"):
        licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)), source_pdf=fake)
    doc = copy.deepcopy(ISSUE_LICENCE)
    doc["source_document"] = {"sha256": "0" * 64}
    with pytest.raises(ValidationFailed, match="source_document.sha256"):
        licences.add_licence(empty_desk, parse_licence(doc), source_pdf=_pdf(tmp_path / "real.pdf"))
    assert licences.list_licences(empty_desk) == []


def test_list_expiring_and_status(empty_desk):
    later = copy.deepcopy(ISSUE_LICENCE)
    later.update(number="MOFCOM-2026-LIC-0002", valid_until="2027-12-31")
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    licences.add_licence(empty_desk, parse_licence(later))
    today = date(2026, 12, 10)
    rows = licences.list_licences(empty_desk, today=today)
    assert [(r.number, r.status, r.days_left) for r in rows] == [
        (NUMBER, "expiring", 21), ("MOFCOM-2026-LIC-0002", "valid", 386)]
    assert [r.number for r in licences.list_licences(empty_desk, expiring_within=30, today=today)] == [NUMBER]
    assert licences.list_licences(empty_desk, expiring_within=30, today=date(2027, 1, 5)) == []
    # more days than the calendar holds (`licence list --expiring 99999999999999` raised OverflowError): every valid one
    for days in (9_999_999, 99_999_999_999_999):
        assert [r.number for r in licences.list_licences(empty_desk, expiring_within=days, today=today)] == [
            NUMBER, "MOFCOM-2026-LIC-0002"]


def test_records_for_matching_carry_usage_and_revision(register):
    licences.record_shipment(register, REF, NUMBER, quantity=Decimal("40"), value=Decimal("60000.00"),
                             shipped_on=date(2026, 11, 26))
    with register.db.unit_of_work() as session:
        [record] = licences.licences_for_matching(session)
    assert record["revision"] == 1
    assert record["usage"] == {"shipments": 1, "limits": [{"quantity": "40", "value": "60000.00"}]}
    parse_licence(record)  # still a valid reedesk.licence/1 document (usage is an additive field)


def test_ship_draws_down_as_audit_event(register):
    r = licences.record_shipment(register, REF, NUMBER, quantity=Decimal("40"), value=Decimal("60000.00"),
                                 shipped_on=date(2026, 11, 26), reason="customs declaration 5301-2026-0001")
    [b] = r.balances
    assert (b.remaining_quantity, b.remaining_value) == (Decimal("60"), Decimal("140000.00"))
    ship = _events(register, "ship")
    assert len(ship) == 1 and ship[0][1:4] == ("licence", NUMBER, REF)
    after = json.loads(ship[0][4])
    assert after["usage"] == [{"limit": 0, "quantity": "40", "value": "60000.00"}]
    assert after["balances"][0]["remaining_quantity"] == "60"


def test_ship_exactly_to_the_limit_is_allowed_and_past_it_refused(register):
    """Regulations Art. 17: the licensed quantity may be used up, not exceeded."""
    licences.record_shipment(register, REF, NUMBER, quantity=Decimal("60"), value=Decimal("100000.00"),
                             shipped_on=date(2026, 11, 26))
    r = licences.record_shipment(register, REF, NUMBER, quantity=Decimal("40"), value=Decimal("100000.00"),
                                 shipped_on=date(2026, 11, 27))
    assert r.balances[0].remaining_quantity == 0 and r.balances[0].remaining_value == 0
    with pytest.raises(ReedeskError, match="exceeds the 0 kg left of the 100 kg limit; nothing was recorded"):
        licences.record_shipment(register, REF, NUMBER, quantity=Decimal("0.001"), value=Decimal("0.00"),
                                 shipped_on=date(2026, 11, 28))
    assert len(_events(register, "ship")) == 2


def test_ship_value_past_limit_refused(register):
    with pytest.raises(ReedeskError, match="USD 200000.01 exceeds the USD 200000.00 left"):
        licences.record_shipment(register, REF, NUMBER, quantity=Decimal("1"), value=Decimal("200000.01"),
                                 shipped_on=date(2026, 11, 26))


def test_ship_refused_in_chinese_names_the_currency_not_its_code(register):
    """The draw-down's refusal in Chinese says 「200000.01美元超出剩余额度200000.00美元」, not 「USD 200000.01」 (LIC9: the
    register matches with engine 3.6.0's Chinese texts)."""
    from reedesk.vocabulary import error_text

    with pytest.raises(ReedeskError) as raised:
        licences.record_shipment(register, REF, NUMBER, quantity=Decimal("1"), value=Decimal("200000.01"),
                                 shipped_on=date(2026, 11, 26))
    hans, hant = error_text(raised.value, "zh-Hans"), error_text(raised.value, "zh-Hant")
    assert "本批货值200000.01美元超出剩余额度200000.00美元（限额200000.00美元）" in hans, hans
    assert "本批貨值200000.01美元超出剩餘額度200000.00美元（限額200000.00美元）" in hant, hant
    assert "USD" not in hans + hant


def test_ship_in_tonnes_and_other_currency_converted(register):
    """0.01 t = 10 kg; CNY 10000 × 0.14 = USD 1400.00 with the dossier's own rate."""
    r = licences.record_shipment(register, REF, NUMBER, quantity=Decimal("0.01"), unit="t", value=Decimal("10000"),
                                 currency="CNY", shipped_on=date(2026, 11, 26))
    assert r.balances[0].used_quantity == Decimal("10") and r.balances[0].used_value == Decimal("1400.00")


def test_ship_after_expiry_or_wrong_licence_refused(register):
    with pytest.raises(ReedeskError, match="it expired"):
        licences.record_shipment(register, REF, NUMBER, quantity=Decimal("1"), value=Decimal("1.00"),
                                 shipped_on=date(2027, 1, 2))
    with pytest.raises(NotFound, match="MOFCOM-X"):
        licences.record_shipment(register, REF, "MOFCOM-X", quantity=Decimal("1"), value=Decimal("1.00"),
                                 shipped_on=date(2026, 11, 26))
    with pytest.raises(ReedeskError, match="give the shipment's value"):
        licences.record_shipment(register, REF, NUMBER, quantity=Decimal("1"), shipped_on=date(2026, 11, 26))
    assert _events(register, "ship") == []


def _worker(home: str, barrier, results, tries: int) -> None:
    import os

    os.environ["REEDESK_HOME"] = home
    from reedesk.services.desk import open_desk

    desk = open_desk(Path(home), seed_samples=False)
    barrier.wait()
    for _ in range(tries):
        try:
            licences.record_shipment(desk, REF, NUMBER, quantity=Decimal("12"), value=Decimal("1.00"),
                                     shipped_on=date(2026, 11, 26))
            results.put("ok")
        except ReedeskError as exc:
            results.put("refused" if "exceeds" in str(exc) else f"error: {exc}")
    desk.close()


def test_concurrent_draw_downs_never_exceed_the_limit(register):
    """Two processes each try five 12 kg draw-downs on a 100 kg limit at the same moment:
    exactly eight pass (96 kg), never nine; the rest are refused as over the limit."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    home = str(register.home)
    procs = [ctx.Process(target=_worker, args=(home, barrier, results, 5)) for _ in range(2)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in range(10)]
    for p in procs:
        p.join(timeout=60)
    assert sorted(outcomes) == ["ok"] * 8 + ["refused"] * 2, outcomes
    [summary] = licences.list_licences(register, today=date(2026, 11, 26))
    assert summary.balances[0].used_quantity == Decimal("96")
    assert len(_events(register, "ship")) == 8


def test_determination_names_the_covering_licence_and_reproduces_after_a_draw_down(register):
    """Issue 15: the licence record and balance a determination relied on are frozen in it, so it
    reproduces after later draw-downs; a later evaluation sees the smaller balance."""
    from reedesk.services.evaluation import evaluate_reference, reproduce
    from reedesk.services.evidence import _rule_pack_sources

    first = evaluate_reference(register, REF, date(2026, 11, 25))
    licence = first.document["licence"]
    assert (licence["number"], licence["covers"], licence["remaining"]["quantity"]) == (NUMBER, True, "60")
    licences.record_shipment(register, REF, NUMBER, quantity=Decimal("70"), value=Decimal("1.00"),
                             shipped_on=date(2026, 11, 26))
    texts = [p["source_text"] for p in _rule_pack_sources(register, first.document["packs"])]
    assert reproduce(first.document, texts)["licence"] == licence
    later = evaluate_reference(register, REF, date(2026, 11, 27)).document["licence"]
    assert later["covers"] is False and [f["code"] for f in later["failures"]] == ["quantity_limit"]
    assert "40 kg exceeds the 30 kg left" in later["reason"]


def test_watch_listed_end_user_general_licence_neither_covers_nor_takes_a_draw_down(empty_desk, tmp_path):
    """RULES.md 'Listings are measures of their own': a watch-listed party (MOFCOM No. 12 of 2026,
    SUBARU Corporation) has no general-licence route; only a single licence, with a risk-assessment
    report and a written undertaking (Regulations Art. 26). End to end: screening decision, engine,
    draw-down and the application checklist."""
    from reedesk.evidence.application import checklist
    from reedesk.services.evaluation import evaluate_reference
    from reedesk.services.screening import Decision, record_screening, screen_dossier

    doc = copy.deepcopy(TB_DOSSIER)
    doc["shipment"].update(destination="JP", end_user={"name": "SUBARU Corporation", "country": "JP"})
    dossiers.save_dossier(empty_desk, parse_dossier(doc))
    general = copy.deepcopy(ISSUE_LICENCE)
    general.update(number="MOFCOM-2026-GEN-A-0009", type="general_a", destinations=["JP"],
                   end_users=[{"name": "SUBARU Corporation", "country": "JP"}])
    licences.add_licence(empty_desk, parse_licence(general))
    hits = screen_dossier(empty_desk, REF).hits
    n = next(h.n for h in hits if h.hit.list_id == "cn-mofcom-watch-list")
    record_screening(empty_desk, REF, [Decision(n, "confirmed", "same company, same address")])
    determination = evaluate_reference(empty_desk, REF, date(2026, 11, 25)).document
    licence = determination["licence"]
    assert licence["number"] == general["number"] and licence["covers"] is False
    assert [f["code"] for f in licence["failures"]] == ["general_listed_party"]
    with pytest.raises(ReedeskError, match="general licence never covers a party on the watch list"):
        licences.record_shipment(empty_desk, REF, general["number"], quantity=Decimal("1"), value=Decimal("1.00"),
                                 shipped_on=date(2026, 11, 26))
    items = {i["item"]: i["status"] for i in checklist(determination, [])}
    assert items["risk_assessment_report"] == items["written_undertaking"] == "missing"


def test_ship_under_another_licence_than_the_dossier_names_is_refused(empty_desk):
    """shipment.licence (FORMATS.md 0.2) names the licence the shipment travels under."""
    doc = copy.deepcopy(TB_DOSSIER)
    doc["shipment"]["licence"] = {"number": "MOFCOM-2026-LIC-0002"}
    dossiers.save_dossier(empty_desk, parse_dossier(doc))
    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    with pytest.raises(ReedeskError, match="travels under licence MOFCOM-2026-LIC-0002"):
        licences.record_shipment(empty_desk, REF, NUMBER, quantity=Decimal("1"), value=Decimal("1.00"),
                                 shipped_on=date(2026, 11, 26))


@pytest.mark.parametrize(("code", "takes"), [("1C904.a", True), ("1C904", True), ("1C904.b", False)])
def test_ship_matches_a_licence_for_the_sub_entry_as_the_determination_does(empty_desk, code, takes):
    """No. 18 of 2025: 「（一）1C904.a金属铽、含铽的合金及相关制品」 — terbium metal is an item of 1C904.a, so a licence
    for that sub-entry (or for the whole entry 1C904) takes the draw-down, one for 1C904.b (oxides) does not. The
    register used to read the product as 1C904 only and refused a 1C904.a licence that the determination says covers."""
    from reedesk.services.evaluation import evaluate_reference

    doc = copy.deepcopy(ISSUE_LICENCE)
    doc["items"] = [{"control_code": code, "description": "Terbium metal", "hs_code": "2805301910"}]
    licences.add_licence(empty_desk, parse_licence(doc))
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    determination = evaluate_reference(empty_desk, REF, as_of=date(2026, 11, 26))
    covers = (determination.document.get("licence") or {}).get("covers")
    assert covers is takes  # the determination and the register agree
    ship = lambda: licences.record_shipment(empty_desk, REF, NUMBER, quantity=Decimal("1"), value=Decimal("1500.00"),
                                            shipped_on=date(2026, 11, 26))
    if takes:
        assert ship().balances[0].remaining_quantity == Decimal("99")
    else:
        with pytest.raises(ReedeskError, match="1C904"):
            ship()
        assert _events(empty_desk, "ship") == []


def _revised(**changes) -> dict:
    doc = copy.deepcopy(ISSUE_LICENCE)
    doc.update(changes)
    return doc


def _left(desk) -> list[tuple]:
    """(remaining quantity, unit, remaining value, currency) of each limit of the current revision."""
    return [(b.remaining_quantity, b.unit, None if b.value is None else DECIMAL.subtract(b.value, b.used_value), b.currency)
            for b in licences.show_licence(desk, NUMBER).summary.balances]


def test_a_revision_that_reorders_the_limits_keeps_the_draw_downs(register):
    """Session 14's bug hunt F2: draw-downs were matched to limits by position, so a revision that only swapped the
    kg limit and the USD limit reset both balances (and a shipment over the real balance was then accepted)."""
    two = [{"quantity": "100", "unit": "kg"}, {"value": {"amount": "200000.00", "currency": "USD"}}]
    licences.add_licence(register, parse_licence(_revised(limits=two)))
    licences.record_shipment(register, REF, NUMBER, quantity=Decimal("40"), value=Decimal("60000.00"),
                             shipped_on=date(2026, 11, 26))
    licences.add_licence(register, parse_licence(_revised(limits=[two[1], two[0]])))
    assert _left(register) == [(None, None, Decimal("140000.00"), "USD"), (Decimal("60"), "kg", None, None)]
    with pytest.raises(ReedeskError, match="exceeds"):  # 61 kg of the 60 kg really left
        licences.record_shipment(register, REF, NUMBER, quantity=Decimal("61"), value=Decimal("1000.00"),
                                 shipped_on=date(2026, 11, 27))


def test_a_revision_that_restates_the_unit_converts_the_draw_downs(register):
    """Session 14's bug hunt F1: the same 100 kg cap written as 0.1 t read an earlier 40 kg draw as 40 t (-39.9 t
    left). The draw converts into the new limit's unit: 0.06 t left."""
    licences.record_shipment(register, REF, NUMBER, quantity=Decimal("40"), value=Decimal("60000.00"),
                             shipped_on=date(2026, 11, 26))
    restated = [{"quantity": "0.1", "unit": "t", "value": {"amount": "200000.00", "currency": "USD"}}]
    licences.add_licence(register, parse_licence(_revised(limits=restated)))
    [(quantity, unit, value, currency)] = _left(register)
    assert (quantity, unit, value, currency) == (Decimal("0.06"), "t", Decimal("140000.00"), "USD")
    with register.db.unit_of_work() as session:
        [record] = licences.licences_for_matching(session)
    assert record["revision"] == 2 and Decimal(record["usage"]["limits"][0]["quantity"]) == Decimal("0.04")

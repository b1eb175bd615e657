"""Points to note before signing or exporting (reedesk/concerns.py, contract C4), computed from real
determinations of the bundled samples on a real desk."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from reedesk.concerns import concerns_for
from reedesk.domain.dossier_file import parse_dossier
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import parse_pack
from reedesk.rules.render import expand
from reedesk.screening.parties import screening_from_records
from reedesk.services import evaluation, screening
from reedesk.services.dossiers import save_dossier
from tests.conftest import sample_document
from tests.language_check import problems

AS_OF = date(2026, 12, 1)
RULES = Path(__file__).resolve().parents[1] / "resources" / "rules"


def _concerns(desk, reference: str, today: date = AS_OF):
    det = evaluation.evaluate_reference(desk, reference, AS_OF)
    return concerns_for(expand(det.document), today=today)


def _codes(found) -> list[str]:
    return [c.code for c in found]


def test_a_reported_extension_that_would_suspend_the_rule_is_named_with_both_outcomes(desk) -> None:
    """MOFCOM/GAC Announcement No. 70 of 2025 suspends No. 61 until 2026-11-10; a reported, unconfirmed
    extension to 2027-01-10 is a declared alternative reading: for the SmCo sample it gives "suspended"
    instead of "licence required", which the signer must see."""
    found = [c for c in _concerns(desk, "LM-2026-0042") if c.code == "reading_changes_outcome"]
    assert len(found) == 1
    c = found[0]
    assert (c.params["reading"], c.params["outcome"], c.params["primary_outcome"]) == (
        "extended-2027-01-10", "suspended", "license_required")
    assert "2027-01-10" in c.text("en") and "suspended" in c.text("en").lower() and "licence required" in c.text("en").lower()
    assert "暫停實施" in c.text("zh-Hant") and "需申請許可" in c.text("zh-Hant")
    assert "暂停实施" in c.text("zh-Hans")


def test_no_reading_concern_where_every_reading_agrees(desk) -> None:
    """Chinese terbium metal exported from China needs the No. 18 licence under every declared reading: no concern."""
    assert "reading_changes_outcome" not in _codes(_concerns(desk, "CN-TB-880"))


def test_the_taiwan_target_names_the_hk_mo_tw_reading(desk) -> None:
    """Engine 3.5.0: under the reading that treats Taiwan as China, the Taiwan-made target shipped from Taiwan is a
    re-export of a China-origin item (No. 61 I(3)), so that reading changes the outcome and the concern names it (it
    was "not controlled under every reading" while that reading looked at destinations only)."""
    found = [c for c in _concerns(desk, "TW-TGT-19") if c.code == "reading_changes_outcome"]
    assert [c.params["point"] for c in found] == ["hk-mo-tw"]
    assert found[0].params["reading"] == "treated-as-china"


def test_packs_reviewed_before_today_are_named_with_their_date_and_not_after(desk) -> None:
    """Each shipped pack states the date up to which it was checked against the published law
    (``reviewed_until``); anything announced later is not in it."""
    late = [c for c in _concerns(desk, "LM-2026-0042", today=date(2026, 12, 1)) if c.code == "rules_reviewed_until"]
    assert late and all(c.severity == "info" for c in late)
    assert late[0].params["date"] == "2026-10-05" and "cn-mofcom-2025-061" in late[0].params["packs"]
    assert "2026-10-05" in late[0].text("zh-Hant") and "個規則包" in late[0].text("zh-Hant")
    # in Chinese the packs are named by their announcements, as the coverage note names them, never by id
    assert "cn-mofcom-2025-061" in late[0].text("en")
    assert "「商务部公告2025年第61号」" in late[0].text("zh-Hans") and "「商務部公告2025年第61號」" in late[0].text("zh-Hant")
    assert not any("cn-" in late[0].text(lang) for lang in ("zh-Hans", "zh-Hant")), late[0].text("zh-Hans")
    early = _concerns(desk, "LM-2026-0042", today=date(2026, 10, 5))
    assert "rules_reviewed_until" not in _codes(early)


def test_an_undecided_hit_on_the_control_list_is_named_once_not_as_a_missing_path(empty_desk) -> None:
    """MOFCOM control list (Export Control Law Art. 18): an end user matching an entry that nobody has
    cleared or confirmed; the outcome is insufficient data and the concern names the party and the entry."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["shipment"]["end_user"]["name"] = "Lockheed Martin Corp."
    save_dossier(empty_desk, parse_dossier(doc))
    found = _concerns(empty_desk, "LM-2026-0042")
    hits = [c for c in found if c.code == "screening_hit_undecided"]
    assert hits and hits[0].params["name"] == "Lockheed Martin Corp." and hits[0].params["list"] == "cn-mofcom-control-list"
    assert "Lockheed Martin Corporation" in hits[0].text("en") and "end user" in hits[0].text("en")
    assert "最終用戶" in hits[0].text("zh-Hant")
    assert not [c for c in found if c.code == "data_missing" and c.params["field"] == "shipment.end_user.screening"]
    # Decide every hit: the screening concerns go away.
    result = screening.screen_dossier(empty_desk, "LM-2026-0042")
    screening.record_screening(empty_desk, "LM-2026-0042",
                               [screening.Decision(h.n, "cleared", "different company (Hanoi)") for h in result.hits])
    after = _concerns(empty_desk, "LM-2026-0042")
    assert not {"screening_hit_undecided", "party_not_screened"} & set(_codes(after))


def test_missing_data_is_named_by_its_on_screen_label_not_its_json_path(empty_desk) -> None:
    """The No. 61 value-content test needs each BOM line's origin (MOFCOM Announcement No. 61 of 2025, Art. I(1)):
    a line without one is data missing, named as the table row the user sees (row 1, not components[0])."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["components"][0]["origin"] = None
    save_dossier(empty_desk, parse_dossier(doc))
    found = [c for c in _concerns(empty_desk, "LM-2026-0042") if c.code == "data_missing"]
    assert found, "a BOM line without origin must be named"
    c = next(c for c in found if c.params["field"] == "components[0].origin")
    assert "Bill of materials, row 1: Origin" in c.text("en")
    assert "components[0]" not in c.text("en") and "components[0]" not in c.text("zh-Hant")
    assert "物料清單第1行" in c.text("zh-Hant") and "物料清单第1行" in c.text("zh-Hans")


def test_a_party_without_a_screening_record_is_not_screened() -> None:
    """A determination made from the records kept in the dossier (no lists) cannot say the end user is
    clear when nobody screened that name (Export Control Law Art. 18: the control list binds exporters)."""
    doc = sample_document("terbium-metal-export-from-china")
    packs = [parse_pack(p.read_text(encoding="utf-8"), p.name) for p in sorted(RULES.glob("*.toml"))]
    det = evaluate(doc, packs, AS_OF, screening=screening_from_records(parse_dossier(doc)))
    found = [c for c in concerns_for(expand(det), today=AS_OF) if c.code == "party_not_screened"]
    assert found and found[0].params["path"] == "shipment.end_user"
    assert doc["shipment"]["end_user"]["name"] in found[0].text("en")
    assert "未經名單篩查" in found[0].text("zh-Hant")


def test_a_determination_without_any_screening_says_no_party_was_screened(desk) -> None:
    """A 0.1 determination carried no screening document at all."""
    det = expand(evaluation.evaluate_reference(desk, "CN-TB-880", AS_OF).document)
    old = {k: v for k, v in det.items() if k != "screening"}
    found = [c for c in concerns_for(old, today=AS_OF) if c.code == "party_not_screened"]
    assert len(found) == 1 and found[0].params == {"party": None}


def test_every_concern_reads_in_each_language_without_english_or_simplified_in_traditional(desk) -> None:
    """Issue 14: no English words or snake_case codes in Chinese output; no Simplified-only characters in zh-Hant."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "LM-2026-0043"
    doc["shipment"]["end_user"]["name"] = "Lockheed Martin Corp."
    doc["product"]["made_in"] = None
    save_dossier(desk, parse_dossier(doc))
    found = _concerns(desk, "LM-2026-0043") + _concerns(desk, "LM-2026-0042")
    assert {"screening_hit_undecided", "data_missing", "reading_changes_outcome", "rules_reviewed_until"} <= set(_codes(found))
    names = {"Lockheed Martin Corp.", "Lockheed Martin Corporation", "Lockheed Martin"}
    for c in found:
        for lang in ("zh-Hant", "zh-Hans"):
            assert not problems(c.text(lang), lang, names), (c.code, lang, c.text(lang))

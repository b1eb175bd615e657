"""Rule kind ``listing`` (reedesk/rules/listing.py) with the shipped pack cn-mofcom-lists and the shipped
screening lists: listings are measures of their own (RULES.md, second review; issue 9 point 3)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from tests.rules.builders import evaluate  # expanded, as a reader sees it
from reedesk.rules.packs import parse_pack
from reedesk.screening import screen_parties
from reedesk.screening.lists import shipped_lists
from tests.conftest import sample_document

RULES = Path(__file__).resolve().parents[2] / "resources" / "rules"
AS_OF = date(2026, 11, 25)
LISTS = shipped_lists()


def _packs(*names: str):
    return [parse_pack((RULES / f"{n}.toml").read_text(encoding="utf-8"), f"{n}.toml") for n in names]


PACKS = _packs("cn-mofcom-lists", "cn-mofcom-gac-2025-018")


def _record(name: str, list_id: str, kind: str, entry: str, decision: str | None, *also: str) -> dict:
    """A screening record deciding ``entry`` (and the entries ``also``) of one list."""
    return {"name": name, "screened_at": "2026-11-24T09:00:00.000000Z", "screened_by": "tester", "lists": [],
            "hits": [{"n": n, "list": list_id, "list_kind": kind, "entry": e, "decision": decision,
                      "reason": None if decision is None else f"test: {decision}", "decided_by": "tester",
                      "decided_at": "2026-11-24T10:00:00.000000Z"} for n, e in enumerate((entry, *also), start=1)]}


def terbium(end_user: dict, **changes) -> dict:
    """The shipped sample: Tb metal 99.95 % (a No. 18 item) exported from China."""
    doc = copy.deepcopy(sample_document("terbium-metal-export-from-china"))
    doc["shipment"]["end_user"] = end_user
    for key, value in changes.items():
        section, field = key.split("__")
        doc[section][field] = value
    return doc


def _evaluate(doc: dict, as_of: date = AS_OF) -> dict:
    return evaluate(doc, PACKS, as_of, screening=screen_parties(doc, LISTS, as_of))


def _finding(det: dict, article: str) -> dict:
    return next(f for f in det["findings"] if f["rule"] == f"cn-mofcom-lists:{article}")


def test_a_no_18_item_exported_from_china_to_a_confirmed_no_11_entity_is_prohibited():
    """MOFCOM Announcement No. 11 of 2026, measure 1: 「禁止出口经营者向上述20家实体出口两用物项」; a licence only in
    exceptional cases (measure 2). The end user is written in Traditional script, the entry in Simplified."""
    name = "IHI宇航株式會社"
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed")})
    det = _evaluate(doc)
    assert det["outcome"] == "prohibited"
    f = _finding(det, "control-list")
    assert (f["result"], f["outcome"]) == ("applies", "prohibited")
    assert "MOFCOM Announcement No. 11 of 2026" in f["explanation"]["en"] and "exceptional cases" in f["explanation"]["en"]
    assert "商务部公告2026年第11号" in f["explanation"]["zh-Hans"] and "商務部公告2026年第11號" in f["explanation"]["zh-Hant"]
    assert "原产于中华人民共和国的两用物项转移或提供给" in f["citation"]["key_phrase_zh"]


def test_an_open_hit_on_the_control_list_makes_the_outcome_insufficient_data_naming_it():
    """Contracts, open hits: an undecided hit whose confirmation could change the outcome → insufficient_data."""
    doc = terbium({"name": "IHI Aerospace Co., Ltd.", "country": "JP"})
    det = _evaluate(doc)
    assert det["outcome"] == "insufficient_data"
    f = _finding(det, "control-list")
    assert f["result"] == "insufficient_data" and "IHI Aerospace Co., Ltd." in f["explanation"]["en"]
    assert any(m["field"] == "shipment.end_user.screening" and "cn-mofcom-lists:control-list" in m["needed_by"]
               for m in det["missing"])


def test_cleared_hits_leave_the_licence_rules_outcome():
    """"IHI Aerospace Co., Ltd." also matches entity 14 (IHI Aerospace Engineering): both must be decided."""
    name = "IHI Aerospace Co., Ltd."
    one = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "cleared")})
    assert _evaluate(one)["outcome"] == "insufficient_data"
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "cleared",
                                        "ihi-aerospace-engineering")})
    det = _evaluate(doc)
    assert det["outcome"] == "license_required"
    assert _finding(det, "control-list")["result"] == "does_not_apply"


def test_a_china_origin_dual_use_item_transferred_by_a_foreign_party_is_prohibited():
    """No. 11 of 2026: 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给上述20家实体」."""
    name = "IHI Aerospace Co., Ltd."
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed")},
                  shipment__export_from="SG")
    assert doc["product"]["made_in"] == "CN"
    f = _finding(_evaluate(doc), "control-list")
    assert f["outcome"] == "prohibited" and "China-origin" in f["explanation"]["en"]


def test_a_foreign_made_item_sent_by_a_foreign_party_is_not_caught_by_the_transfer_ban():
    """A foreign-made item is China-origin only if it is itself a China-origin item (RULES.md, No. 1 of 2026 note)."""
    name = "IHI Aerospace Co., Ltd."
    product = dict(sample_document("terbium-metal-export-from-china")["product"], made_in="VN")
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed")},
                  shipment__export_from="VN")
    doc["product"] = product
    assert _finding(_evaluate(doc), "control-list")["result"] == "does_not_apply"


def test_the_2025_04_09_entity_is_prohibited_before_2025_08_12_and_not_after():
    """No. 22 of 2025 listed Echodyne on 2025-04-09; MOFCOM stopped implementing the measures from 2025-08-12."""
    name = "Echodyne"
    doc = terbium({"name": name, "country": "US",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "echodyne", "confirmed")})
    assert _finding(_evaluate(doc, date(2025, 5, 1)), "control-list")["outcome"] == "prohibited"
    after = _finding(_evaluate(doc, date(2025, 9, 1)), "control-list")
    assert after["result"] == "does_not_apply"


def test_a_watch_list_listing_keeps_the_licence_outcome_and_states_its_conditions():
    """No. 12 of 2026 / Dual-Use Regulations Art. 26: no general licence, a risk-assessment report and a written
    undertaking; the outcome stays what the licence rules say."""
    name = "SUBARU Corporation"
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-watch-list", "watch_list", "subaru", "confirmed")})
    det = _evaluate(doc)
    assert det["outcome"] == "license_required"
    f = _finding(det, "watch-list")
    assert (f["result"], f["outcome"]) == ("applies", "license_required")
    texts = " ".join(c["en"] for c in f["conditions"])
    assert "general licence" in texts and "risk-assessment report" in texts and "written undertaking" in texts
    assert "风险评估报告" in " ".join(c["zh-Hans"] for c in f["conditions"])


def test_an_unreliable_entity_without_dual_use_item_is_still_prohibited_for_china_trade():
    """Unreliable-entity-list decision of 2025-10-09: no import or export related to China, whatever the item."""
    name = "Recorded Future, Inc."
    doc = terbium({"name": name, "country": "US",
                   "screening": _record(name, "cn-mofcom-unreliable-entity-list", "unreliable_entity_list",
                                        "recorded-future", "confirmed")})
    doc["product"]["category"] = "other"
    doc["product"]["elements"] = ["Fe"]
    det = _evaluate(doc)
    f = _finding(det, "unreliable-entity-list")
    assert f["outcome"] == "prohibited" and "China" in f["explanation"]["en"]
    assert det["outcome"] == "prohibited"


def test_a_control_listed_entity_buying_an_item_on_no_list_is_not_caught():
    """The control-list measures concern dual-use items only (「相关措施仅针对两用物项」)."""
    name = "IHI Aerospace Co., Ltd."
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed")})
    doc["product"].update(category="rare_earth_metal", elements=["Nd"], name="Neodymium metal")
    f = _finding(_evaluate(doc), "control-list")
    assert f["result"] == "does_not_apply" and "do not bite" in f["explanation"]["en"]


@pytest.mark.parametrize("party", ["importer", "consignee"])
def test_a_listed_importer_or_consignee_counts_like_the_end_user(party):
    doc = terbium({"name": "Rhein Antriebe GmbH", "country": "DE"})
    doc["shipment"][party] = {"name": "JMU Defense Systems Co., Ltd.", "country": "JP",
                              "screening": _record("JMU Defense Systems Co., Ltd.", "cn-mofcom-control-list", "control_list",
                                                   "jmu-defense-systems", "confirmed")}
    f = _finding(_evaluate(doc), "control-list")
    assert f["outcome"] == "prohibited" and f"shipment.{party}" in str(f["figures"]["parties"])


def test_without_a_screening_document_the_records_in_the_dossier_are_read():
    name = "IHI Aerospace Co., Ltd."
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed")})
    det = evaluate(doc, PACKS, AS_OF)
    f = _finding(det, "control-list")
    assert f["outcome"] == "prohibited" and f["figures"]["screening"] == "records"


def test_a_confirmed_listing_whose_effect_needs_a_missing_fact_names_the_fact_not_the_hit():
    name = "IHI Aerospace Co., Ltd."
    doc = terbium({"name": name, "country": "JP",
                   "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed",
                                        "ihi-aerospace-engineering")})
    doc["shipment"]["export_from"] = None
    det = _evaluate(doc)
    f = _finding(det, "control-list")
    assert f["result"] == "insufficient_data" and "lacks what decides the listing's effect" in f["explanation"]["en"]
    fields = [m["field"] for m in det["missing"] if "cn-mofcom-lists:control-list" in m["needed_by"]]
    assert fields == ["shipment.export_from"]


def test_a_screening_document_changed_in_place_between_two_evaluations_is_read_again():
    """MOFCOM Announcement No. 11 of 2026, measure 1 (as above). The listing rules share one reading of the screening
    document within an evaluation (issue 13: three listing rules read it); a caller that keeps the document and
    confirms the open hit in place before evaluating again gets the confirmed hit's outcome, not the open one's."""
    from reedesk.rules.engine import evaluate as engine_evaluate

    doc = terbium({"name": "IHI Aerospace Co., Ltd.", "country": "JP"})
    screening = screen_parties(doc, LISTS, AS_OF)
    first = engine_evaluate(doc, PACKS, AS_OF, screening=screening)
    assert first["outcome"] == "insufficient_data"
    hits = [h for p in screening["parties"] for h in p["hits"] if h.get("entry_id") == "ihi-aerospace"]
    assert hits
    for h in hits:
        h["decision"] = "confirmed"
    again = engine_evaluate(doc, PACKS, AS_OF, screening=screening)
    assert again["outcome"] == "prohibited"
    assert again == engine_evaluate(copy.deepcopy(doc), PACKS, AS_OF, screening=copy.deepcopy(screening))

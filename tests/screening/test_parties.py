"""Screening every party against the shipped lists as of a date (contract B; reedesk/screening/parties.py),
with list entries that have a life and names compared across scripts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import ValidationFailed
from reedesk.screening import MEASURES, party_listings, screen_parties
from reedesk.screening.lists import parse_toml_list, shipped_lists
from reedesk.screening.matching import screen_name
from reedesk.screening.normalise import to_traditional
from tests.conftest import sample_document

LISTS = shipped_lists()
BY_ID = {lst.id: lst for lst in LISTS}


def _dossier(end_user: dict, **parties: dict) -> dict:
    document = sample_document("terbium-metal-export-from-china")
    document["shipment"]["end_user"] = end_user
    document["shipment"].update(parties)
    return document


def _hits(doc: dict, path: str) -> list[dict]:
    return next(p for p in doc["parties"] if p["path"] == path)["hits"]


def test_a_traditional_script_name_finds_the_simplified_entry():
    """The annex of MOFCOM No. 11 of 2026 is reproduced in Traditional script (hk01) and reedesk's entry
    is in Simplified (IHI宇航株式会社): the same name in the other script must be found (a missed name is a
    false clearance once screening decides outcomes)."""
    doc = screen_parties(_dossier({"name": "IHI宇航株式會社", "country": "JP"}), LISTS, "2026-11-25")
    hits = _hits(doc, "shipment.end_user")
    assert [(h["entry_name"], h["score"], h["list_kind"]) for h in hits] == [("IHI Aerospace Co., Ltd.", "100.0", "control_list")]
    assert hits[0]["listed_by_zh"] == "商务部公告2026年第11号"
    assert hits[0]["measures"] == ["dual_use_export_ban", "foreign_transfer_ban"]


def test_a_simplified_name_finds_an_entry_given_in_traditional_script():
    traditional = parse_toml_list('''schema = "reedesk.screeninglist/1"
[list]
id = "t-list"
kind = "control_list"
name_en = "T"
authority = "test"
version_date = 2026-01-01
[[entries]]
name = "Fujitsu Defense & National Security, Ltd."
name_zh = "富士通防衛與國家安全株式會社"
''', "t.toml")
    assert [h.entry_id for h in screen_name("富士通防卫与国家安全株式会社", [traditional])] == ["fujitsu-defense-and-national-security"]


def test_a_pinyin_spelling_finds_the_chinese_entry_and_the_reverse():
    """三菱造船株式会社 (No. 11 of 2026) written in pinyin; and a Chinese name against a list that writes it in pinyin."""
    hits = screen_name("Sanling Zaochuan Zhushi Huishe", LISTS, as_of="2026-11-25")
    assert [(h.entry_name, h.via) for h in hits][0] == ("Mitsubishi Heavy Industries Shipbuilding Co.", "pinyin")
    pinyin_list = parse_toml_list('''schema = "reedesk.screeninglist/1"
[list]
id = "pinyin-list"
kind = "other"
name_en = "P"
authority = "test"
version_date = 2026-01-01
[[entries]]
name = "Zhongke Sanhuan Gaojishu Gufen Youxian Gongsi"
''', "p.toml")
    found = screen_name("中科三環高技術股份有限公司", [pinyin_list])
    assert [(h.entry_id, h.via, str(h.score)) for h in found] == [("zhongke-sanhuan-gaojishu-gufen-youxian-gongsi", "pinyin", "100.0")]


def test_an_unrelated_pinyin_name_is_not_a_hit():
    assert screen_name("Shanghai Lingang Logistics", LISTS, as_of="2026-11-25") == []


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([e for lst in LISTS for e in lst.entries if e.name_zh]), st.booleans())
def test_every_chinese_entry_name_is_found_in_either_script(entry, traditional):
    name = to_traditional(entry.name_zh) if traditional else entry.name_zh
    assert entry.id in {h.entry_id for h in screen_name(name, LISTS)}


def test_a_2025_04_09_us_entity_is_in_force_before_2025_08_12_and_not_after():
    """MOFCOM Announcement No. 22 of 2025 listed twelve US entities on 2025-04-09; MOFCOM stopped
    implementing the measures against them from 2025-08-12 (spokesperson, ettoday 20250812/3013384).
    Screening as of a date uses the entries in force on that date."""
    document = _dossier({"name": "Echodyne Corp.", "country": "US"})
    before = _hits(screen_parties(document, LISTS, "2025-05-01"), "shipment.end_user")
    after = _hits(screen_parties(document, LISTS, "2025-09-01"), "shipment.end_user")
    on_the_day = _hits(screen_parties(document, LISTS, "2025-08-12"), "shipment.end_user")
    assert [h["entry_name"] for h in before] == ["Echodyne"]
    assert before[0]["ended_on"] == "2025-08-12" and "停止执行相关措施" in before[0]["ended_by_zh"]
    assert after == [] and on_the_day == []
    assert _hits(screen_parties(document, LISTS, "2025-04-08"), "shipment.end_user") == []  # not yet listed


def test_the_twelve_entities_of_2025_04_09_all_end_on_2025_08_12():
    control = BY_ID["cn-mofcom-control-list"]
    april = [e for e in control.entries if e.listed_on == "2025-04-09"]
    assert len(april) == 12 and {e.ended_on for e in april} == {"2025-08-12"}
    assert all(e.ended_by and e.ended_source for e in april)
    assert all(e.in_force("2026-11-25") for e in control.entries if e.listed_on != "2025-04-09")


def test_no_11_of_2026_has_19_named_entities_and_says_the_missing_one_is_not_guessed():
    control = BY_ID["cn-mofcom-control-list"]
    no11 = [e for e in control.entries if e.announcement == "MOFCOM Announcement No. 11 of 2026"]
    assert len(no11) == 19 and not any(e.verified for e in no11)
    assert {"National Defense Academy of Japan", "Japan Aerospace Exploration Agency", "NEC Aerospace Systems, Ltd."} <= {e.name for e in no11}
    assert "entity 15" in control.document["list"]["note"] and "not found" in control.document["list"]["note"]
    watch = BY_ID["cn-mofcom-watch-list"]
    assert "left out rather than guessed" in watch.document["list"]["note"]


def test_every_measure_of_every_list_is_a_known_code_with_three_labels():
    for lst in LISTS:
        for entry in lst.entries:
            codes = lst.measures_of(entry)
            assert codes, (lst.id, entry.id)
            for code in codes:
                assert set(MEASURES[code]) == {"en", "zh-Hant", "zh-Hans"}
    assert BY_ID["cn-mofcom-watch-list"].measures == ("no_general_licence", "risk_assessment_report", "written_undertaking")


def test_every_party_and_owner_is_screened_and_recorded_decisions_are_merged():
    document = _dossier(
        {"name": "Osaka Trading KK", "country": "JP",
         "owners": [{"name": "IHI Jet Service Co., Ltd.", "country": "JP", "share": "0.60"},
                    {"name": "Rhein Antriebe GmbH", "country": "DE", "share": "0.40"}]},
        importer={"name": "SUBARU Corp.", "country": "JP",
                  "screening": {"name": "SUBARU Corp.", "screened_at": "2026-11-20T00:00:00Z", "lists": [],
                                "hits": [{"list": "cn-mofcom-watch-list", "list_kind": "watch_list", "entry": "subaru",
                                          "decision": "confirmed", "reason": "same firm", "decided_by": "ana"}]}},
        consignee={"name": "Nippon Express Warehouse", "country": "JP"},
    )
    doc = screen_parties(parse_dossier(document), LISTS, "2026-11-25")
    assert [(p["role"], p["path"], p["share"]) for p in doc["parties"]] == [
        ("end_user", "shipment.end_user", None),
        ("owner", "shipment.end_user.owners[0]", "0.60"),
        ("owner", "shipment.end_user.owners[1]", "0.40"),
        ("importer", "shipment.importer", None),
        ("consignee", "shipment.consignee", None),
    ]
    assert _hits(doc, "shipment.end_user") == []
    assert _hits(doc, "shipment.end_user.owners[0]")[0]["entry_name"] == "IHI Jet Service Co., Ltd."
    importer = _hits(doc, "shipment.importer")
    assert [(h["entry_id"], h["decision"], h["reason"]) for h in importer] == [("subaru", "confirmed", "same firm")]
    assert [x["id"] for x in doc["lists"]] == [lst.id for lst in LISTS] and all(len(x["sha256"]) == 64 for x in doc["lists"])


def test_a_60_percent_owner_that_is_listed_counts_for_the_party_and_a_40_percent_one_does_not():
    """No. 61 Art. II: subsidiaries and branches controlled at 50 % or more (「控股50%及以上的子公司、分公司等分支机构」)."""
    document = _dossier({"name": "Osaka Trading KK", "country": "JP",
                         "owners": [{"name": "IHI Jet Service Co., Ltd.", "country": "JP", "share": "0.60"},
                                    {"name": "SUBARU Corporation", "country": "JP", "share": "0.40"},
                                    {"name": "ENEOS Corporation", "country": "JP"}]})
    listing = party_listings(screen_parties(document, LISTS, "2026-11-25"))
    assert [p.path for p in listing] == ["shipment.end_user"]
    by_owner = {h.owner["name"]: (h.counts(), h.share) for h in listing[0].hits}
    assert by_owner == {"IHI Jet Service Co., Ltd.": (True, Decimal("0.60")), "SUBARU Corporation": (False, Decimal("0.40")),
                        "ENEOS Corporation": (None, None)}


def test_a_decision_for_another_name_is_not_carried_over():
    document = _dossier({"name": "SUBARU Corporation", "country": "JP",
                         "screening": {"name": "Subaru Old Name", "screened_at": "2026-11-20T00:00:00Z",
                                       "hits": [{"list": "cn-mofcom-watch-list", "list_kind": "watch_list", "entry": "subaru",
                                                 "decision": "cleared", "reason": "other firm"}]}})
    assert _hits(screen_parties(document, LISTS, "2026-11-25"), "shipment.end_user")[0]["decision"] is None


@pytest.mark.parametrize("entry, where, fragment", [
    ('name = "X Corp"\nended_on = 2025-08-12', "entries[0].ended_by", "announcement or notice"),
    ('name = "X Corp"\nlisted_on = 2025-09-01\nended_on = 2025-08-12\nended_by = "n"', "entries[0].ended_on", "before listed_on"),
    ('name = "X Corp"\nmeasures = ["embargo"]', "entries[0].measures", "not a known measure"),
])
def test_list_entry_life_and_measures_are_checked(entry, where, fragment):
    text = f'''schema = "reedesk.screeninglist/1"
[list]
id = "bad-list"
kind = "control_list"
name_en = "B"
authority = "test"
version_date = 2026-01-01
[[entries]]
{entry}
'''
    with pytest.raises(ValidationFailed) as caught:
        parse_toml_list(text, "bad.toml")
    problems = {p.where: p.message for p in caught.value.problems}
    assert fragment in problems[where]

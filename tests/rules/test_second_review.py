"""Issue 9 "Rules v2": each numbered point of the second legal review (RULES.md, "Second review
(2026-12-01)"), run through `reedesk evaluate` with the SHIPPED packs and screening lists.

Every test here fails on reedesk 0.1.0 (engine 1.1.0, packs of commit bca4165) and names the
legal basis, with the Chinese key phrase, in its docstring.
"""

from __future__ import annotations

import re

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from reedesk.cli.main import main
from tests.conftest import sample_document
from tests.rules.builders import CATCH_ALL_RULE, NO18_RULE, NO46_RULE, NO56_RULE, finding

BAN_RULE = "cn-mofcom-2026-001:1"
LISTED_ENTITY = "Mitsubishi Heavy Industries Aero Engines, Ltd."  # MOFCOM No. 11 of 2026, control list
LISTED_ENTITY_HANT = "三菱重工航空發動機株式會社"  # its name in Traditional script; the list has 三菱重工航空发动机株式会社


def evaluate_cli(capsys, tmp_path: Path, doc: dict[str, Any], as_of: str = "2026-11-25", *extra: str) -> dict[str, Any]:
    """`reedesk evaluate FILE --as-of DATE --json` on ``doc`` written to a file; the determination."""
    path = tmp_path / f"dossier-{abs(hash(json.dumps(doc, sort_keys=True)))}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code = main(["evaluate", str(path), "--as-of", as_of, "--json", *extra])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return json.loads(out)


def memo_cli(capsys, tmp_path: Path, doc: dict[str, Any], as_of: str, lang: str = "en") -> str:
    path = tmp_path / "memo.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code = main(["evaluate", str(path), "--as-of", as_of, "--lang", lang])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def terbium(**shipment: Any) -> dict[str, Any]:
    """Chinese terbium metal (No. 18, 1C904) exported from China, with the shipment changed."""
    doc = copy.deepcopy(sample_document("terbium-metal-export-from-china"))
    doc["shipment"].update(shipment)
    return doc


def neodymium(**shipment: Any) -> dict[str, Any]:
    """Chinese neodymium metal — on no control list — exported from China."""
    doc = terbium(**shipment)
    doc["product"].update(name="Neodymium metal 99.5%", elements=["Nd"], hs_code="2805301100")
    return doc


def reading(det: dict[str, Any], point: str) -> dict[str, Any]:
    return next(r for r in det["readings"] if r["point"] == point)


# ---------------------------------------------------------------- readings: the disputed present

def test_smco_sample_after_2026_11_10_is_licence_required_with_the_reported_extension_as_a_reading(capsys, tmp_path) -> None:
    """RULES.md second review, "What follows 2026-11-10 is disputed": No. 70 (「商务部 海关总署公告2025年第70号」)
    suspends No. 61 until 2026-11-10 by its text; the US Treasury Secretary reported on 2026-09-24 an extension to
    2027-01-10 that MOFCOM has not confirmed. Both readings must be visible: the outcome is the text's (licence
    required under No. 61 I(1)), and a reading says "suspended" naming 2027-01-10 and its unconfirmed status."""
    det = evaluate_cli(capsys, tmp_path, sample_document("smco-magnet-vietnam"), "2026-11-25")
    assert det["outcome"] == "license_required"
    first = det["readings"][0]
    assert first["primary"] is True and first["outcome"] == "license_required"
    assert any(p["point"] == "no70-end" and p["status"] == "text" for p in first["points"])
    ext = reading(det, "no70-end")
    assert ext["primary"] is False and ext["outcome"] == "suspended" and ext["differs"] is True
    assert ext["status"] == "reported_unconfirmed"
    assert "2027-01-10" in ext["description"]["en"] and "unconfirmed" in ext["description"]["en"]
    assert set(ext["description"]) == {"en", "zh-Hans", "zh-Hant"} and "未經證實" in ext["description"]["zh-Hant"]
    assert ext["source"].startswith("US Treasury Secretary, 2026-09-24")
    assert det["summary"]["en"].endswith("Licence required; suspended instead if the reported extension to 2027-01-10 holds (unconfirmed).")
    assert "如报道的延期至2027-01-10属实（未经证实），则为暂停实施" in det["summary"]["zh-Hans"]
    assert "如報道的延期至2027-01-10屬實（未經證實），則為暫停實施" in det["summary"]["zh-Hant"]
    for r in det["readings"][1:]:  # one open point at a time: every other alternative keeps the outcome here
        assert r["differs"] is (r["point"] == "no70-end")


def test_smco_sample_inside_the_window_is_suspended_with_no_differing_reading(capsys, tmp_path) -> None:
    """No. 70 of 2025 (「暂停实施」 2025-11-07 to 2026-11-10): on 2026-05-01 No. 61 is suspended under both readings of
    what follows 2026-11-10, so no reading differs and the summary adds nothing."""
    det = evaluate_cli(capsys, tmp_path, sample_document("smco-magnet-vietnam"), "2026-05-01")
    assert det["outcome"] == "suspended"
    assert reading(det, "no70-end")["outcome"] == "suspended"
    assert not any(r["differs"] for r in det["readings"])
    assert "instead if" not in det["summary"]["en"]


def test_memo_shows_the_differing_reading_in_english_and_chinese(capsys, tmp_path) -> None:
    """The CLI memo shows the readings (issue 9, "The present is disputed"), in each language without English."""
    doc = sample_document("smco-magnet-vietnam")
    en = memo_cli(capsys, tmp_path, doc, "2026-11-25")
    assert "Readings (open points" in en and "[DIFFERS]" in en and "2027-01-10" in en and "unconfirmed" in en
    hant = memo_cli(capsys, tmp_path, doc, "2026-11-25", "zh-Hant")
    assert "解讀" in hant and "結論不同" in hant and "未經證實" in hant and "Treasury" not in hant
    hans = memo_cli(capsys, tmp_path, doc, "2026-11-25", "zh-Hans")
    assert "结论不同" in hans and "未经证实" in hans


# ---------------------------------------------------------------- point 1: No. 61 articles

def test_no61_art_ii_is_the_end_user_policy_and_art_iii_the_end_use_policy(capsys, tmp_path) -> None:
    """Point 1. No. 61 Art. II: overseas military users, control/watch-list importers and end users incl.
    subsidiaries controlled at 50 % or more (「控股50%及以上的子公司、分公司等分支机构」), 「原则上不予许可」;
    Art. III: WMD, terrorism, military use. 0.1.0 cited them the other way round."""
    user = sample_document("smco-magnet-vietnam")
    user["shipment"]["end_user"]["military"] = True
    det = evaluate_cli(capsys, tmp_path, user)
    assert det["outcome"] == "license_required_presumption_of_denial"
    ii = finding(det, "cn-mofcom-2025-061:II")
    assert ii["kind"] == "end_user" and ii["result"] == "applies"
    assert "控股50%及以上的子公司、分公司等分支机构" in ii["citation"]["key_phrase_zh"]
    use = sample_document("smco-magnet-vietnam")
    use["shipment"]["end_use"] = {"category": "wmd", "description": "x"}
    det = evaluate_cli(capsys, tmp_path, use)
    iii = finding(det, "cn-mofcom-2025-061:III")
    assert iii["kind"] == "end_use" and iii["result"] == "applies"
    assert "大规模杀伤性武器" in iii["citation"]["key_phrase_zh"]


# ---------------------------------------------------------------- point 2: No. 46 of 2024

def test_no18_item_to_a_us_military_end_user_is_prohibited_wherever_shipped(capsys, tmp_path) -> None:
    """Point 2. MOFCOM No. 46 of 2024 Art. 1 (「禁止两用物项对美国军事用户或军事用途出口」), in force (No. 72 of 2025
    suspended only Art. 2): Chinese terbium metal (No. 18, 1C904) to a US military end user in Germany is
    prohibited. 0.1.0 said licence required."""
    det = evaluate_cli(capsys, tmp_path, terbium(destination="DE", end_user={"name": "US Army Garrison Ansbach", "country": "US", "military": True},
                                                 end_use={"category": "military", "description": "vehicle motors"}))
    assert det["outcome"] == "prohibited"
    assert det["decisive"] == [NO46_RULE]
    f = finding(det, NO46_RULE)
    assert f["citation"]["key_phrase_zh"] == "禁止两用物项对美国军事用户或军事用途出口"
    assert "1C904" in det["summary"]["en"]


def test_no46_art_2_is_suspended_until_2026_11_27_and_art_1_is_not(capsys, tmp_path) -> None:
    """Point 2. No. 72 of 2025 (「商务部公告2025年第72号」) suspended only Art. 2 of No. 46 of 2024 (superhard
    materials to the US) until 2026-11-27; Art. 1 stays in force."""
    doc = terbium(destination="US", end_user={"name": "Tooling Inc.", "country": "US"}, end_use={"category": "civil", "description": "x"})
    doc["product"].update(category="superhard_material", elements=None, name="Synthetic diamond micropowder")
    det = evaluate_cli(capsys, tmp_path, doc)
    art2 = finding(det, "cn-mofcom-2024-046:2")
    assert art2["result"] == "suspended" and art2["suspension"]["until"] == "2026-11-27"
    assert art2["outcome_if_in_force"] == "license_required_presumption_of_denial"
    later = evaluate_cli(capsys, tmp_path, doc, "2026-11-30")
    assert finding(later, "cn-mofcom-2024-046:2")["result"] == "applies"
    assert later["outcome"] == "license_required_presumption_of_denial"


# ---------------------------------------------------------------- points 6, 7: item scope

def test_chinese_ndfeb_magnet_with_gd_and_no_tb_or_dy_is_not_a_no18_item(capsys, tmp_path) -> None:
    """Point 6. No. 18's magnet materials are only Sm-Co and NdFeB **containing Tb or Dy** (「含铽或镝的钕铁硼磁材」):
    an NdFeB magnet with Gd and no Tb/Dy exported from China is not controlled; with Dy it is (1C905).
    0.1.0 took any item containing Gd as listed."""
    doc = terbium(destination="KR")
    doc["product"].update(name="NdFeB magnet N48 (Gd-doped)", category="rare_earth_permanent_magnet", elements=["Nd", "Fe", "B", "Gd"])
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "not_controlled"
    assert finding(det, NO18_RULE)["result"] == "does_not_apply"
    assert det["customs_remark"]["controlled"] is False and det["customs_remark"]["codes"] == []
    doc["product"]["elements"] = ["Nd", "Fe", "B", "Dy"]
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "license_required" and "1C905" in det["summary"]["en"]


def test_no18_alloys_are_named_per_element(capsys, tmp_path) -> None:
    """Point 6. No. 18 names alloys per element (Sm: Sm-Co, Sm-Fe, Sm-Ni, Sm-Al, Sm-Mg; Gd: Gd-Mg, Gd-Al;
    Tb: Tb-Co, Tb-Co-Fe — gtic.007swz.com): a Gd-Mg alloy is 1C903, a Gd-Cu alloy is not named."""
    doc = terbium(destination="KR")
    doc["product"].update(category="rare_earth_alloy", elements=["Gd", "Mg"])
    assert evaluate_cli(capsys, tmp_path, doc)["outcome"] == "license_required"
    doc["product"]["elements"] = ["Gd", "Cu"]
    assert evaluate_cli(capsys, tmp_path, doc)["outcome"] == "not_controlled"


def test_part1_alloy_family_by_principal_elements_and_the_wider_reading_declared(capsys, tmp_path) -> None:
    """Point 7. No. 61 Part 1 names alloy families (「钐钴、铽铁、镝铁、铽镝铁合金」): Sm2Co17 with Fe, Cu, Zr is Sm-Co;
    a Nd-Fe-B alloy with some Dy is not Dy-Fe (0.1.0 counted it). The wider reading is declared and stated
    where it changes the outcome."""
    doc = sample_document("smco-magnet-vietnam")
    doc["components"][0].update(category="rare_earth_alloy", elements=["Sm", "Co", "Fe", "Cu", "Zr"])
    assert evaluate_cli(capsys, tmp_path, doc)["outcome"] == "license_required"
    doc["product"].update(category="rare_earth_permanent_magnet", elements=["Nd", "Fe", "B", "Dy"])
    doc["components"][0].update(category="rare_earth_alloy", elements=["Nd", "Fe", "B", "Dy"], origin="CN")
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "not_controlled"
    wider = reading(det, "no61-part1-scope")
    assert wider["outcome"] == "license_required" and wider["differs"] is True
    assert "licence required instead if Part 1 reaches any alloy" in det["summary"]["en"]


# ---------------------------------------------------------------- point 8: No. 1 of 2026

def test_non_japanese_military_user_in_japan_is_a_declared_reading(capsys, tmp_path) -> None:
    """Point 8. No. 1 of 2026 bans dual-use exports to **Japanese** military users (「日本军事用户」): an Australian
    military user located in Japan is not one by the text (primary: licence required under No. 18); the
    enhancing-Japan's-military clause (「一切有助于提升日本军事实力的最终用户用途」) is the alternative: prohibited.
    0.1.0 banned any military user at a JP destination in code, whatever the pack said."""
    det = evaluate_cli(capsys, tmp_path, terbium(destination="JP", end_user={"name": "Australian Defence Force liaison office",
                                                                             "country": "AU", "military": True},
                                                 end_use={"category": "military", "description": "x"}))
    assert det["outcome"] == "license_required"
    assert finding(det, BAN_RULE)["result"] == "does_not_apply"
    alt = reading(det, "no1-located-users")
    assert alt["outcome"] == "prohibited" and alt["differs"] is True


def test_the_ban_follows_the_pack_not_code(capsys, tmp_path) -> None:
    """Point 8: no hard-coded JP logic — a pack naming another country bans that country's military users."""
    from reedesk.resources import resource

    text = (resource("rules") / "cn-mofcom-2026-001.toml").read_text(encoding="utf-8")
    other = (text.replace('destinations = ["JP"]', 'destinations = ["KR"]').replace('end_user_countries = ["JP"]', 'end_user_countries = ["KR"]')
             )
    other = re.sub(r'(?m)^version = "[^"]+"', 'version = "2027.1"', other, count=1)  # the shipped version is bumped in place
    pack = tmp_path / "kr.toml"
    pack.write_text(other, encoding="utf-8")
    assert main(["rules", "import", str(pack)]) == 0
    capsys.readouterr()
    kr = evaluate_cli(capsys, tmp_path, terbium(destination="KR", end_user={"name": "ROK unit", "country": "KR", "military": True}))
    assert kr["outcome"] == "prohibited" and kr["decisive"] == [BAN_RULE]
    jp = evaluate_cli(capsys, tmp_path, terbium(destination="JP", end_user={"name": "JSDF depot", "country": "JP", "military": True}))
    assert finding(jp, BAN_RULE)["result"] == "does_not_apply"


# ---------------------------------------------------------------- point 9: suspension wins

def test_inside_the_window_a_rule_that_would_start_later_is_suspended(capsys, tmp_path) -> None:
    """Point 9. No. 61 I(1) takes effect on 2025-12-01 but No. 70 suspends it from 2025-11-07: on 2025-11-20 it is
    "suspended" (0.1.0 said "not in force"), and the explanation names both dates."""
    det = evaluate_cli(capsys, tmp_path, sample_document("smco-magnet-vietnam"), "2025-11-20")
    assert det["outcome"] == "suspended"
    f = finding(det, "cn-mofcom-2025-061:I(1)")
    assert f["result"] == "suspended"
    assert "2025-12-01" in f["explanation"]["en"] and "2025-11-07" in f["explanation"]["en"]
    assert "2025-12-01" in f["explanation"]["zh-Hant"] and "暫停" in f["explanation"]["zh-Hant"]


# ---------------------------------------------------------------- point 10: Nos. 55, 56, 58, 62

def furnace(name: str = "Hydrogen decrepitation furnace HD-600", description: str = "HD furnace for sintered NdFeB powder") -> dict[str, Any]:
    doc = terbium(destination="VN", end_user={"name": "Hanoi Magnet Works", "country": "VN"})
    doc["product"].update(name=name, description=description, category="rare_earth_equipment", elements=None, hs_code="8417800000")
    return doc


def test_a_2b902_hydrogen_decrepitation_furnace_from_china_needs_a_licence(capsys, tmp_path) -> None:
    """Point 10. MOFCOM/GAC No. 56 of 2025 (「商务部 海关总署公告2025年第56号」) lists rare-earth production equipment
    2B902 (e.g. hydrogen-decrepitation furnaces), in force again after 2026-11-10 by the text: licence required,
    naming the instrument and what the packs do not evaluate. 0.1.0 said not controlled."""
    det = evaluate_cli(capsys, tmp_path, furnace())
    assert det["outcome"] == "license_required"
    assert det["decisive"] == [NO56_RULE]
    f = finding(det, NO56_RULE)
    assert "2B902" in f["explanation"]["en"] and "not evaluated" in f["explanation"]["en"] and "unverified" in f["explanation"]["en"]
    assert f["citation"]["announcement_zh"] == "商务部 海关总署公告2025年第56号"
    assert det["customs_remark"]["controlled"] is True and det["customs_remark"]["codes"] == ["2B902"]
    assert reading(det, "no70-end")["outcome"] == "suspended"


def test_a_furnace_on_2025_11_07_is_suspended_though_no56_only_takes_effect_on_2025_11_08(capsys, tmp_path) -> None:
    """Point 9 (RULES.md second review, "Suspensions and effective dates"): No. 56 takes effect on 2025-11-08,
    No. 70 suspends it from 2025-11-07; on 2025-11-07 the 2B902 rule is suspended, both dates named."""
    det = evaluate_cli(capsys, tmp_path, furnace(), "2025-11-07")
    f = finding(det, NO56_RULE)
    assert det["outcome"] == "suspended" and f["result"] == "suspended"
    assert "2025-11-08" in f["explanation"]["en"] and "2025-11-07" in f["explanation"]["en"]
    assert f["in_force"]["suspended_before_effective"] is True


def test_equipment_whose_classification_needs_facts_is_insufficient_data_not_not_controlled(capsys, tmp_path) -> None:
    """Point 10 (RULES.md: "An item of these kinds must never come out 'not controlled' just because no rule kind
    checks it"): every new category exported from China after 2026-11-10 is licence required or insufficient data."""
    det = evaluate_cli(capsys, tmp_path, furnace("Vacuum furnace VF-2", "industrial furnace"))
    assert det["outcome"] == "insufficient_data"
    assert [m["field"] for m in det["missing"]] == ["product.control_code"]
    for category in ("rare_earth_raw_material", "rare_earth_technology", "superhard_material", "battery_material"):
        doc = furnace("Item", "an item")
        doc["product"]["category"] = category
        assert evaluate_cli(capsys, tmp_path, doc)["outcome"] in ("license_required", "insufficient_data"), category
    coded = furnace("Vacuum furnace VF-2", "industrial furnace")
    coded["product"]["control_code"] = "2B902.c"
    assert evaluate_cli(capsys, tmp_path, coded)["outcome"] == "license_required"


# ---------------------------------------------------------------- point 11: the catch-all

def test_chinese_neodymium_metal_to_a_japanese_military_user_is_not_a_plain_not_controlled(capsys, tmp_path) -> None:
    """Point 11. Nd is on no control list, so No. 1 of 2026 (「两用物项」) does not reach it by the primary reading;
    the Export Control Law Art. 12 catch-all (「知道或者应当知道……可能存在……危害国家安全和利益」) does, given MOFCOM's
    measures against Japan's military: licence required, citing the article and the reason. No. 1's reach to
    unlisted items is the declared alternative (prohibited). 0.1.0 said prohibited for any rare earth."""
    det = evaluate_cli(capsys, tmp_path, neodymium(destination="JP", end_user={"name": "JSDF Central Depot", "country": "JP", "military": True},
                                                   end_use={"category": "military", "description": "x"}))
    assert det["outcome"] == "license_required"
    assert det["decisive"] == [CATCH_ALL_RULE]
    f = finding(det, CATCH_ALL_RULE)
    assert "Art. 12" in f["citation"]["text"]["en"] and "No. 1 of 2026" in f["explanation"]["en"]
    assert "第十二条" in f["citation"]["text"]["zh-Hans"]
    assert finding(det, BAN_RULE)["result"] == "does_not_apply"
    alt = reading(det, "no1-unlisted-items")
    assert alt["outcome"] == "prohibited" and alt["differs"] is True
    civil = evaluate_cli(capsys, tmp_path, neodymium(destination="JP", end_user={"name": "Tokyo Motors KK", "country": "JP"},
                                                     end_use={"category": "civil", "description": "x"}))
    assert civil["outcome"] == "not_controlled"


# ---------------------------------------------------------------- point 12: issuers

def test_nos_55_to_58_and_70_are_joint_mofcom_gac_announcements() -> None:
    """Point 12. Nos. 55–58 of 2025 and No. 70 are joint MOFCOM and GAC announcements (「商务部 海关总署公告」)."""
    from reedesk.rules.packs import shipped_packs

    packs = {p.id: p for p in shipped_packs()}
    for pid in ("cn-mofcom-2025-055", "cn-mofcom-2025-056", "cn-mofcom-2025-057", "cn-mofcom-2025-058", "cn-mofcom-gac-2025-070"):
        assert packs[pid].announcement.startswith("MOFCOM/GAC Announcement"), pid
        assert packs[pid].announcement_zh.startswith("商务部 海关总署公告"), pid
        assert packs[pid].announcement_zh_hant.startswith("商務部 海關總署公告"), pid
    assert packs["cn-mofcom-2025-061"].announcement_zh.startswith("商务部公告")  # No. 61 is MOFCOM's alone


# ---------------------------------------------------------------- point 13: other declared readings

def test_part2_assemblies_reading_is_declared_and_evaluated(capsys, tmp_path) -> None:
    """Point 13. Whether No. 61 Part 2 (「稀土永磁材料」「靶材」) reaches parts and assemblies containing a magnet:
    primary "materials only" (the text; MOFCOM's No. 18 FAQ treats rotor assemblies as deep-processed goods);
    the commentators' wider reading is evaluated as an alternative."""
    doc = sample_document("smco-magnet-vietnam")
    doc["product"].update(name="Servo rotor assembly", category="other", elements=["Sm", "Co", "Fe"], unit_value={"amount": "60.00", "currency": "USD"})
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "not_controlled"
    alt = reading(det, "no61-part2-assemblies")
    assert alt["status"] == "commentary" and alt["outcome"] == "license_required" and alt["differs"] is True
    primary = next(p for p in det["readings"][0]["points"] if p["point"] == "no61-part2-assemblies")
    assert primary["reading"] == "materials-only" and "FAQ" in primary["description"]["en"]


def test_hong_kong_macao_taiwan_treatment_is_stated(capsys, tmp_path) -> None:
    """Point 13. How exports to Hong Kong, Macao and Taiwan are treated: primary reading — they are outside the
    mainland customs territory, so a shipment there from the mainland is an export (the Export Control Law
    applies to exports from the PRC's customs territory), stated with its basis."""
    det = evaluate_cli(capsys, tmp_path, terbium(destination="HK", end_user={"name": "HK Trading Ltd", "country": "HK"}))
    assert det["outcome"] == "license_required"
    point = next(p for p in det["readings"][0]["points"] if p["point"] == "hk-mo-tw")
    assert "customs territory" in point["description"]["en"] and point["status"] == "reedesk_reading"
    alt = reading(det, "hk-mo-tw")  # the other reading is evaluated: no export, so not controlled
    assert alt["status"] == "commentary" and alt["outcome"] == "not_controlled" and alt["differs"] is True
    assert "not controlled instead if shipments to Hong Kong, Macao and Taiwan are read as staying in China" in det["summary"]["en"]


# ---------------------------------------------------------------- points 3, 5: screening decides outcomes

def test_unscreened_end_user_on_a_shipped_list_is_never_licence_required(capsys, tmp_path) -> None:
    """Points 3 and 5. Evaluation always screens every named party against the lists in force: Chinese terbium
    metal to an entity MOFCOM listed by No. 11 of 2026 (「禁止出口经营者向上述20家实体出口两用物项」), with no
    decision recorded, is insufficient data naming the hit to confirm or clear (0.1.0: licence required)."""
    det = evaluate_cli(capsys, tmp_path, terbium(destination="JP", end_user={"name": LISTED_ENTITY, "country": "JP"}))
    assert det["outcome"] == "insufficient_data"
    assert any("No. 11 of 2026" in m["en"] and LISTED_ENTITY in m["en"] for m in det["missing"])
    assert "confirm or clear the hit " + LISTED_ENTITY in det["summary"]["en"]  # the summary names the hit
    assert det["screening"]["lists"] and all(set(lst) >= {"id", "version", "sha256"} for lst in det["screening"]["lists"])


def test_traditional_script_name_is_found_against_a_simplified_entry(capsys, tmp_path) -> None:
    """Point 5 ("Names across scripts"): the dossier writes the No. 11 of 2026 entity in Traditional script
    (三菱重工航空發動機株式會社), the list in Simplified (三菱重工航空发动机株式会社): the hit is found."""
    det = evaluate_cli(capsys, tmp_path, terbium(destination="JP", end_user={"name": LISTED_ENTITY_HANT, "country": "JP"}))
    assert det["outcome"] == "insufficient_data"
    hits = [h for p in det["screening"]["parties"] for h in p["hits"]]
    assert any(h["entry_name"] == LISTED_ENTITY for h in hits)


def test_sixty_percent_subsidiary_of_a_listed_entity(capsys, tmp_path) -> None:
    """Point 5, the 50 % rule of No. 61 Art. II (「包括其控股50%及以上的子公司、分公司等分支机构」 — applications are in
    principle not approved): the Vietnamese Sm-Co magnet (No. 61 I(1)) for an end user 60 % owned by an entity on
    the control list (No. 11 of 2026). The owner is screened; its undecided hit could make denial presumed, so the
    outcome is insufficient data naming the owner and share (0.1.0: licence required)."""
    doc = sample_document("smco-magnet-vietnam")
    doc["shipment"].update(destination="JP", end_user={
        "name": "Sakura Precision KK", "country": "JP", "owners": [{"name": LISTED_ENTITY, "country": "JP", "share": "0.60"}]})
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "insufficient_data"
    owner = next(p for p in det["screening"]["parties"] if p["role"] == "owner")
    assert owner["share"] == "0.60" and any(h["entry_name"] == LISTED_ENTITY for h in owner["hits"])
    ii = finding(det, "cn-mofcom-2025-061:I(1)")
    assert ii["result"] == "applies" and "license_required_presumption_of_denial" in ii["policy"]["possible"]
    assert any(LISTED_ENTITY in m["en"] for m in det["missing"])


def test_no18_item_to_a_confirmed_no11_entity_is_prohibited(capsys, tmp_path, desk) -> None:
    """Point 3. A control-list listing is a measure of its own: MOFCOM No. 11 of 2026 prohibits exporting dual-use
    items to the listed entities (「禁止出口经营者向上述20家实体出口两用物项」): once the hit is confirmed, Chinese
    terbium metal to it is prohibited (a licence only in exceptional cases) — 0.1.0: licence required."""
    doc = terbium(destination="JP", end_user={"name": LISTED_ENTITY, "country": "JP"})
    doc["reference"] = "CN-TB-MHI"
    path = tmp_path / "mhi.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    assert main(["screening", "check", "CN-TB-MHI", "--as-of", "2026-11-25"]) == 0
    assert main(["screening", "decide", "CN-TB-MHI", "--as-of", "2026-11-25", "--hit", "1", "--confirm",
                 "--reason", "same legal entity as the No. 11 of 2026 listing"]) == 0
    capsys.readouterr()
    assert main(["evaluate", "CN-TB-MHI", "--as-of", "2026-11-25", "--json"]) == 0
    det = json.loads(capsys.readouterr().out)
    assert det["outcome"] == "prohibited"
    assert any(f["kind"] == "listing" and f["result"] == "applies" for f in det["findings"])
    assert "exceptional" in json.dumps(det, ensure_ascii=False)


# ---------------------------------------------------------------- customs remark and licence

def test_customs_remark_for_an_export_from_china(capsys, tmp_path) -> None:
    """RULES.md second review, "Customs remark (No. 18)": the declaration states whether the goods are controlled
    and the control code (Tb metal: 1C904); exports from elsewhere get none."""
    det = evaluate_cli(capsys, tmp_path, sample_document("terbium-metal-export-from-china"))
    remark = det["customs_remark"]
    assert remark["controlled"] is True and remark["codes"] == ["1C904"]
    assert "1C904" in remark["text"]["en"] and "管制编码 1C904" in remark["text"]["zh-Hans"] and "管制編碼 1C904" in remark["text"]["zh-Hant"]
    assert evaluate_cli(capsys, tmp_path, sample_document("smco-magnet-vietnam"))["customs_remark"] is None


def test_valid_covering_licence_is_named_in_the_summary(capsys, tmp_path) -> None:
    """General licences (RULES.md second review): a valid covering licence on file makes the outcome say
    "licence required — covered by licence N (valid until D)"."""
    doc = sample_document("terbium-metal-export-from-china")
    doc["shipment"]["quantity"] = {"amount": "10", "unit": "kg"}
    doc["shipment"]["licence"] = {
        "format": "reedesk.licence/1", "number": "GL-2026-0001", "authority": "MOFCOM", "type": "general_a",
        "holder": {"name": doc["exporter"]["name"], "country": "CN"}, "valid_from": "2026-01-05", "valid_until": "2026-12-31",
        "items": [{"control_code": "1C904", "description": "Terbium metal"}], "destinations": ["KR"], "consignees": [],
        "end_users": [{"name": doc["shipment"]["end_user"]["name"], "country": "KR"}],
        "limits": [{"quantity": "100", "unit": "kg"}]}
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "license_required"
    lic = det["licence"]
    assert lic["number"] == "GL-2026-0001", lic
    if lic["covers"]:
        assert "Licence required — covered by licence GL-2026-0001 (valid until 2026-12-31)." in det["summary"]["en"]
    else:
        pytest.fail(f"licence should cover: {lic['reason']}")


def test_expired_licence_on_file_is_named_as_such(capsys, tmp_path) -> None:
    """General licences (RULES.md second review): an expired licence on file does not cover the shipment and the
    determination says so, naming the licence."""
    doc = sample_document("terbium-metal-export-from-china")
    doc["shipment"]["licence"] = {
        "format": "reedesk.licence/1", "number": "GL-2025-0007", "authority": "MOFCOM", "type": "general_a",
        "holder": {"name": doc["exporter"]["name"], "country": "CN"}, "valid_from": "2025-12-01", "valid_until": "2026-06-30",
        "items": [{"control_code": "1C904", "description": "Terbium metal"}], "destinations": ["KR"], "consignees": [], "end_users": []}
    det = evaluate_cli(capsys, tmp_path, doc)
    assert det["outcome"] == "license_required"
    assert det["licence"]["number"] == "GL-2025-0007" and det["licence"]["covers"] is False
    assert "Licence on file:" in det["summary"]["en"] and "covered by licence" not in det["summary"]["en"]
    assert "在案许可证" in det["summary"]["zh-Hans"] and "在案許可證" in det["summary"]["zh-Hant"]


SETTLING = """
schema = "reedesk.rulepack/1"
[pack]
id = "test-no70-extension"
version = "2026.1"
version_date = 2026-11-20
announcement = "Hypothetical MOFCOM/GAC announcement extending No. 70 (test)"
announcement_zh = "假设的延长第70号公告的公告（测试）"
title_en = "Extension (test)"
title_zh = "延期（测试）"
authority = "MOFCOM"
published = 2026-11-20
effective_from = 2026-11-11
reviewed_until = 2026-11-30
scope_en = "test"
scope_zh = "测试"
settles = ["no70-end"]
[[suspends]]
pack = "cn-mofcom-2025-061"
from = 2026-11-11
until = 2027-01-10
"""


def test_a_newer_pack_settles_an_open_point_without_a_release(capsys, tmp_path) -> None:
    """Issue 9: "A newer pack that settles a point (e.g. a real announcement) replaces the reading by importing it,
    without a release": once imported, no70-end is no longer an open point and the pack's window governs."""
    pack = tmp_path / "extension.toml"
    pack.write_text(SETTLING, encoding="utf-8")
    assert main(["rules", "import", str(pack)]) == 0
    capsys.readouterr()
    det = evaluate_cli(capsys, tmp_path, sample_document("smco-magnet-vietnam"), "2026-11-25")
    assert det["outcome"] == "suspended"
    assert finding(det, "cn-mofcom-2025-061:I(1)")["suspension"]["until"] == "2027-01-10"
    assert not any(r["point"] == "no70-end" for r in det["readings"][1:])
    assert all(p["point"] != "no70-end" for p in det["readings"][0]["points"])

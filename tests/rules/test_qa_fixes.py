"""Regression tests for the QA findings fixed in H9 (each failed before the fix)."""

from __future__ import annotations

from datetime import date

from tests.rules.builders import evaluate  # expanded, as a reader sees it
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document
from tests.rules.builders import AFTER_SUSPENSION, BAN_RULE, NO18_RULE, VALUE_RULE, component, finding, magnet, rate, run


def test_alloy_with_additions_counts_as_its_family() -> None:
    doc = run(magnet(component("C1", "6.50", category="rare_earth_alloy", elements=["Sm", "Co", "Fe", "Cu", "Zr"]), value="48.00"))
    f = finding(doc, VALUE_RULE)
    assert f["figures"]["components"][0]["counted"] is True
    assert f["figures"]["components"][0]["alloy_family"] == ["Co", "Sm"]
    assert doc["outcome"] == "license_required"
    assert "alloy_match" in f["reading"]["en"]


def test_dy_fe_nd_alloy_does_not_count_as_dy_fe() -> None:
    """Issue 9 point 7 (RULES.md second review): No. 61 Part 1 names alloy families (「钐钴、铽铁、镝铁、铽镝铁合金」);
    a Nd-Fe-B alloy with some Dy is a Nd-Fe-B alloy, not a Dy-Fe alloy (0.1.0 counted it: the law did not change,
    the reading did; the wider reading is now the declared alternative no61-part1-scope)."""
    doc = run(magnet(component("C1", "6.50", category="rare_earth_alloy", elements=["Dy", "Fe", "Nd"]), value="48.00",
                     elements=["Nd", "Dy", "Fe", "B"]))  # an NdFeB-Dy magnet whose Dy the alloy line supplies
    assert finding(doc, VALUE_RULE)["figures"]["components"][0]["counted"] is False
    assert doc["outcome"] == "not_controlled"
    wider = next(r for r in doc["readings"] if r["id"] == "containing-elements")
    assert wider["outcome"] == "license_required" and wider["differs"] is True
    assert "not controlled; licence required instead if" in doc["summary"]["en"].lower()


def test_japanese_military_end_user_is_banned_wherever_shipped() -> None:
    doc = sample_document("terbium-metal-export-from-china")
    doc["shipment"]["destination"] = "US"
    doc["shipment"]["end_user"] = {"name": "JSDF depot", "country": "JP", "military": True}
    out = evaluate(doc, shipped_packs(), date(2026, 11, 25))
    assert out["outcome"] == "prohibited"
    assert "prohibited" in finding(out, BAN_RULE)["explanation"]["en"]


def test_foreign_made_item_with_china_origin_input_to_japanese_military_is_an_open_point() -> None:
    """Issue 9 point 8 (RULES.md second review): a foreign-made item is China-origin only if it is itself a
    China-origin item (No. 1 of 2026: 「原产于中国的两用物项」); Chinese content alone is an open point. 0.1.0
    banned it outright; now the primary reading does not, and the alternative (prohibited) is declared."""
    doc = magnet(component("C1", "6.50"), value="48.00", destination="JP", military_user=True)
    out = run(doc)
    f = finding(out, BAN_RULE)
    assert f["result"] == "does_not_apply"
    assert f["figures"]["foreign_made_content"] == "not_covered"
    alt = next(r for r in out["readings"] if r["point"] == "no1-foreign-made")
    assert alt["outcome"] == "prohibited" and alt["differs"] is True


def test_rate_selection_is_explained_and_late_rates_warned() -> None:
    doc = run(magnet(component("C1", "8.00", currency="CNY"), value="1000.00",
                     rates=[rate("CNY", "USD", "0.139", "2026-11-18"), rate("CNY", "USD", "0.5", "2026-11-19")]),
              date(2026, 11, 18))
    r = finding(doc, VALUE_RULE)["figures"]["components"][0]["rate"]
    assert r["rate"] == "0.139" and [n["rate"] for n in r["not_used"]] == ["0.5"]
    assert "latest" in r["selection"]["en"] and "not used" in r["selection"]["en"]
    late_doc = magnet(component("C1", "8.00", currency="CNY"), value="1000.00", rates=[rate("CNY", "USD", "0.5", "2026-11-30")])
    late = evaluate(late_doc, shipped_packs(), AFTER_SUSPENSION, made_by="3.5.0")  # engine 3.5.0 used a later rate, with a warning
    assert any("after the as-of date" in n["en"] for n in late["notes"])
    now = evaluate(late_doc, shipped_packs(), AFTER_SUSPENSION)  # engine 3.6.0 does not use it: a rate for the pair is asked for
    assert now["outcome"] == "insufficient_data" and [m["field"] for m in now["missing"]] == ["exchange_rates[CNY->USD]"]


def test_findings_without_effect_say_so() -> None:
    doc = evaluate(sample_document("gd-target-taiwan-memory-fab"), shipped_packs(), date(2026, 11, 25))
    f = finding(doc, VALUE_RULE)
    assert f["effect"] == "none" and f["outcome"] == "not_controlled"
    assert f["explanation"]["en"].startswith("No effect")
    assert "below the threshold by 2.388 USD" == f["figures"]["margin_text"]["en"]


def test_no18_names_the_specific_code() -> None:
    doc = evaluate(sample_document("terbium-metal-export-from-china"), shipped_packs(), date(2026, 11, 25))
    f = finding(doc, NO18_RULE)
    assert f["figures"]["codes"] == [{"element": "Tb", "code": "1C904"}]
    assert "1C904" in f["explanation"]["en"]


def test_chinese_texts_have_no_codes_and_hant_is_traditional() -> None:
    doc = evaluate(sample_document("gd-target-taiwan-memory-fab"), shipped_packs(), date(2026, 11, 25))
    hant = " ".join(n["zh-Hant"] for n in doc["notes"]) + " ".join(f["explanation"]["zh-Hant"] for f in doc["findings"])
    for simplified in ("商务部", "第61号", "许可", "价值", "Unverified", "advanced_memory_256_layer", "rare_earth_target"):
        assert simplified not in hant
    assert "商務部公告2025年第61號" in hant
    hans = " ".join(f["explanation"]["zh-Hans"] for f in doc["findings"])
    assert "civil" not in hans and "advanced_memory_256_layer" not in hans


def test_citation_reads_art_not_a_bare_number() -> None:
    doc = sample_document("terbium-metal-export-from-china")
    doc["shipment"]["destination"] = "JP"
    doc["shipment"]["end_user"] = {"name": "x", "country": "JP", "military": True}
    out = evaluate(doc, shipped_packs(), date(2026, 11, 25))
    assert "No. 1 of 2026, item 1" in out["summary"]["en"]


def test_technology_rule_names_only_the_item_class_matched() -> None:
    doc = evaluate(sample_document("ndfeb-magnet-chinese-technology"), shipped_packs(), date(2026, 11, 25))
    text = finding(doc, "cn-mofcom-2025-061:I(2)")["explanation"]["en"]
    assert "Annex 1 Part 2 item" in text
    assert "Part 1 metal" not in text and "Part 1 oxide" not in text


def test_display_texts_for_internal_figures() -> None:
    doc = evaluate(sample_document("terbium-metal-export-from-china"), shipped_packs(), date(2026, 11, 25))
    f = finding(doc, NO18_RULE)
    assert f["figures"]["scope"] == "export_from_home"  # machine field kept
    assert "export_from_home" not in f["figures"]["display"]["en"] and "CN" in f["figures"]["display"]["en"]
    smco = run(magnet(component("C1", "6.50"), value="48.00"))
    figures = finding(smco, VALUE_RULE)["figures"]
    assert figures["comparison"] == "at_or_above"
    assert figures["comparison_text"]["en"] == "at or above the threshold"
    assert figures["margin_text"]["en"] == "above the threshold by 6.452 USD"


def test_exact_equality_keeps_four_places() -> None:
    figures = finding(run(magnet(component("C1", "1.00"), value="1000.00")), VALUE_RULE)["figures"]
    assert figures["ratio_percent_display"] == "0.1000" and figures["display_places"] == 4
    assert figures["margin_text"]["en"] == "exactly at the threshold"


def test_pack_checker_rejects_unknown_alloy_match_and_unbalanced_translations() -> None:
    import pytest

    from reedesk.errors import ValidationFailed
    from reedesk.resources import resource
    from reedesk.rules.packs import parse_pack

    text = (resource("rules") / "cn-mofcom-2025-061.toml").read_text(encoding="utf-8")
    with pytest.raises(ValidationFailed, match="alloy_match"):
        parse_pack(text.replace('alloy_match = "principal"', 'alloy_match = "roughly"'))
    with pytest.raises(ValidationFailed, match="unverified_zh"):
        parse_pack(text.replace('unverified_zh_hant = ["人道', 'unverified_zh_hant = ["x", "人道'))


def test_exact_alloy_match_still_available() -> None:
    from dataclasses import replace

    from reedesk.rules.context import match_item

    pack = next(p for p in shipped_packs() if p.id == "cn-mofcom-2025-061")
    exact = replace(pack.items["part1_alloys"], alloy_match="exact")
    assert match_item(exact, "rare_earth_alloy", ["Sm", "Co", "Fe"]) is False
    assert match_item(pack.items["part1_alloys"], "rare_earth_alloy", ["Sm", "Co", "Fe"]) is True
    assert match_item(pack.items["part1_alloys"], "rare_earth_alloy", ["Sm", "Fe", "N"]) is False


def test_an_inverse_rate_known_on_the_date_beats_a_direct_rate_published_later() -> None:
    doc = run(magnet(component("C1", "8.00", currency="CNY"), value="1000.00",
                     rates=[rate("CNY", "USD", "0.5", "2026-11-30"), rate("USD", "CNY", "7.2", "2026-11-20")]))
    r = finding(doc, VALUE_RULE)["figures"]["components"][0]["rate"]
    assert (r["index"], r["applied"], r["after_as_of"]) == (1, "divide", False)
    assert [n["index"] for n in r["not_used"]] == [0]
    assert not any("after the as-of date" in n["en"] for n in doc["notes"])

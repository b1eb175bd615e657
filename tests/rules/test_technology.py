"""The technology (direct product) rule, No. 61 I(2) (reedesk/rules/technology.py)."""

from __future__ import annotations

from datetime import date

from tests.rules.builders import IN_SUSPENSION, TECH_RULE, component, finding, magnet, run


def with_tech(*techs: dict, **kw) -> dict:
    # the magnet's Sm from a non-Chinese line: I(1) decided (engine 3.5.0 asks where a Part 1 element no line supplies came from)
    doc = magnet(component("AU-SM", "6.50", origin="AU"), **kw)
    doc["technologies"] = list(techs)
    return doc


def tech(stage: str | None = "magnet_manufacturing", origin: str | None = "CN") -> dict:
    return {"stage": stage, "origin": origin, "description": "licensed process"}


def test_china_origin_magnet_technology_makes_a_foreign_magnet_controlled() -> None:
    doc = run(with_tech(tech()))
    f = finding(doc, TECH_RULE)
    assert f["result"] == "applies"
    assert doc["outcome"] == "license_required"
    assert f["figures"]["technologies"][0]["counts"] is True


def test_every_listed_stage_counts() -> None:
    for stage in ("mining", "smelting_separation", "metal_smelting", "magnet_manufacturing", "secondary_recycling"):
        assert finding(run(with_tech(tech(stage))), TECH_RULE)["result"] == "applies"


def test_non_chinese_technology_does_not_count() -> None:
    doc = run(with_tech(tech(origin="JP")))
    assert finding(doc, TECH_RULE)["result"] == "does_not_apply"
    assert doc["outcome"] == "not_controlled"


def test_unknown_technology_origin_is_named() -> None:
    doc = run(with_tech(tech(origin=None)))
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["technologies[0].origin"]


def test_products_outside_annex1_are_not_caught() -> None:
    doc = run(with_tech(tech(), category="other", elements=["Fe"]))
    assert finding(doc, TECH_RULE)["result"] == "does_not_apply"


def test_not_in_force_before_1_december_2025_and_suspended_inside_the_window() -> None:
    assert finding(run(with_tech(tech()), date(2025, 11, 1)), TECH_RULE)["result"] == "not_in_force"
    f = finding(run(with_tech(tech()), IN_SUSPENSION), TECH_RULE)
    assert f["result"] == "suspended"
    assert f["suspension"]["until"] == "2026-11-10"

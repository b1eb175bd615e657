"""Destination ban (reedesk/rules/destination.py): MOFCOM No. 1 of 2026, Japan's military users and uses."""

from __future__ import annotations

from datetime import date

from tests.rules.builders import BAN_RULE, finding, magnet, run


def tb_metal_to_japan(**kw) -> dict:
    return magnet(made_in="CN", export_from="CN", destination="JP", category="rare_earth_metal", elements=["Tb"], **kw)


def test_export_from_china_to_a_japanese_military_user_is_prohibited() -> None:
    doc = run(tb_metal_to_japan(military_user=True))
    assert doc["outcome"] == "prohibited"
    assert doc["decisive"] == [BAN_RULE]


def test_military_use_in_japan_is_prohibited() -> None:
    assert run(tb_metal_to_japan(end_use="military"))["outcome"] == "prohibited"


def test_civil_use_in_japan_only_needs_a_licence() -> None:
    doc = run(tb_metal_to_japan())
    assert doc["outcome"] == "license_required"
    assert finding(doc, BAN_RULE)["result"] == "does_not_apply"


def test_third_country_transfer_of_china_origin_items_is_caught_and_outranks_denial() -> None:
    doc = run(magnet(made_in="CN", export_from="DE", destination="JP", military_user=True))
    assert finding(doc, BAN_RULE)["result"] == "applies"
    assert finding(doc, "cn-mofcom-2025-061:I(3)")["outcome"] == "license_required_presumption_of_denial"
    assert doc["outcome"] == "prohibited"


def test_not_in_force_before_6_january_2026() -> None:
    doc = run(tb_metal_to_japan(military_user=True), date(2026, 1, 5))
    assert finding(doc, BAN_RULE)["result"] == "not_in_force"
    assert doc["outcome"] == "license_required"


def test_unknown_end_use_in_japan_is_named() -> None:
    doc = run(tb_metal_to_japan(end_use=None))
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["shipment.end_use.category"]
    assert BAN_RULE in doc["missing"][0]["needed_by"]

"""Origin rules (reedesk/rules/origin.py): No. 61 I(3) re-export of China-origin items,
No. 18 and No. 57 exports from China."""

from __future__ import annotations

from datetime import date

from tests.rules.builders import IN_SUSPENSION, NO18_RULE, NO57_RULE, ORIGIN_RULE, finding, magnet, run


def test_china_made_magnet_re_exported_from_germany_needs_a_licence() -> None:
    doc = run(magnet(made_in="CN", export_from="DE", destination="US"))
    assert finding(doc, ORIGIN_RULE)["result"] == "applies"
    assert doc["outcome"] == "license_required"


def test_origin_rule_is_in_force_from_publication_and_suspended_by_no70() -> None:
    # re-exported from Germany to Poland (engine 3.5.0: a sale inside Germany is no export, No. 61 Art. I)
    reexport = dict(made_in="CN", export_from="DE", destination="PL")
    assert finding(run(magnet(**reexport), date(2025, 10, 8)), ORIGIN_RULE)["result"] == "not_in_force"
    assert run(magnet(**reexport), date(2025, 10, 20))["outcome"] == "license_required"
    assert run(magnet(**reexport), IN_SUSPENSION)["outcome"] == "suspended"


def test_no18_terbium_metal_from_china() -> None:
    doc = run(magnet(made_in="CN", export_from="CN", destination="KR", category="rare_earth_metal", elements=["Tb"]))
    assert finding(doc, NO18_RULE)["result"] == "applies"
    assert doc["outcome"] == "license_required"


def test_no18_is_not_suspended_by_no70() -> None:
    doc = run(magnet(made_in="CN", export_from="CN", category="rare_earth_oxide", elements=["Dy"]), IN_SUSPENSION)
    assert doc["outcome"] == "license_required"


def test_no18_ndfeb_magnet_only_with_terbium_or_dysprosium() -> None:
    plain = run(magnet(made_in="CN", export_from="CN", elements=["Nd", "Fe", "B"]))
    assert finding(plain, NO18_RULE)["result"] == "does_not_apply"
    assert plain["outcome"] == "not_controlled"
    with_dy = run(magnet(made_in="CN", export_from="CN", elements=["Nd", "Fe", "B", "Dy"]))
    assert with_dy["outcome"] == "license_required"


def test_no18_deep_processed_goods_are_not_controlled() -> None:
    doc = run(magnet(made_in="CN", export_from="CN", category="other", elements=["Sm", "Co", "Fe"]))
    assert doc["outcome"] == "not_controlled"


def test_no57_holmium_is_suspended_then_in_force_again() -> None:
    doc = magnet(made_in="CN", export_from="CN", category="rare_earth_metal", elements=["Ho"])
    assert run(doc, date(2025, 11, 1))["outcome"] == "not_controlled"
    assert finding(run(doc, date(2025, 11, 1)), NO57_RULE)["result"] == "not_in_force"
    assert run(doc, IN_SUSPENSION)["outcome"] == "suspended"
    assert run(doc, date(2026, 11, 10))["outcome"] == "suspended"  # window end is inclusive
    assert run(doc, date(2026, 11, 11))["outcome"] == "license_required"


def test_unknown_export_origin_is_named_only_when_it_matters() -> None:
    doc = magnet(category="rare_earth_metal", elements=["Tb"])
    doc["shipment"]["export_from"] = None
    result = run(doc)
    assert result["outcome"] == "insufficient_data"
    assert "shipment.export_from" in [m["field"] for m in result["missing"]]

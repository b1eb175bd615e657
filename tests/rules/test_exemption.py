"""Humanitarian exemption (reedesk/rules/exemption.py): no licence, report within 10 working days."""

from __future__ import annotations

from tests.rules.builders import component, finding, magnet, run


def test_humanitarian_use_is_exempt_but_must_be_reported() -> None:
    doc = run(magnet(component("C1", "10.00"), end_use="humanitarian"))
    assert doc["outcome"] == "exempt_report_required"
    f = finding(doc, "cn-mofcom-2025-061:humanitarian exemption")
    assert f["result"] == "applies"
    assert f["figures"]["report_within_working_days"] == 10
    assert "10 working days" in f["explanation"]["en"]
    assert "10个工作日" in f["explanation"]["zh-Hans"]


def test_exemption_does_not_override_a_military_end_user() -> None:
    doc = run(magnet(component("C1", "10.00"), end_use="humanitarian", military_user=True))
    assert doc["outcome"] == "license_required_presumption_of_denial"


def test_exemption_needs_a_controlled_item() -> None:
    doc = run(magnet(component("C1", "0.10"), end_use="humanitarian"))
    assert doc["outcome"] == "not_controlled"

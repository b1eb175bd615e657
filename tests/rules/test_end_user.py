"""End-user policy (reedesk/rules/end_user.py): No. 61 III, overseas military users."""

from __future__ import annotations

from tests.rules.builders import IN_SUSPENSION, component, finding, magnet, run


def test_military_end_user_is_presumed_denied_even_for_civil_use() -> None:
    doc = run(magnet(component("C1", "10.00"), military_user=True))
    assert doc["outcome"] == "license_required_presumption_of_denial"
    f = finding(doc, "cn-mofcom-2025-061:III")
    assert f["result"] == "applies"
    assert f["figures"]["military"] is True


def test_end_user_not_marked_military_changes_nothing() -> None:
    assert run(magnet(component("C1", "10.00"), military_user=False))["outcome"] == "license_required"


def test_while_suspended_the_policy_is_reported_as_the_outcome_if_in_force() -> None:
    doc = run(magnet(component("C1", "10.00"), military_user=True), IN_SUSPENSION)
    assert doc["outcome"] == "suspended"
    assert finding(doc, "cn-mofcom-2025-061:I(1)")["outcome_if_in_force"] == "license_required_presumption_of_denial"

"""End-use policy (reedesk/rules/end_use.py): No. 61 III (denial) and IV (case by case).

Second review (2026-12-01): Art. III is the end-use policy (0.1.0 cited it as Art. II)."""

from __future__ import annotations

from tests.rules.builders import VALUE_RULE, component, finding, magnet, run
from tests.conftest import sample_document


def controlled(end_use: str | None) -> dict:
    return run(magnet(component("C1", "10.00"), end_use=end_use))


def test_civil_use_needs_a_licence() -> None:
    assert controlled("civil")["outcome"] == "license_required"


def test_military_wmd_and_terrorism_uses_are_presumed_denied() -> None:
    for use in ("military", "wmd", "terrorism"):
        doc = controlled(use)
        assert doc["outcome"] == "license_required_presumption_of_denial"
        assert finding(doc, "cn-mofcom-2025-061:III")["result"] == "applies"  # Art. III: 「军事用途或提升军事潜力」


def test_advanced_chips_and_military_ai_are_case_by_case() -> None:
    for use in ("advanced_logic_14nm", "advanced_memory_256_layer", "military_ai"):
        doc = controlled(use)
        assert doc["outcome"] == "case_by_case"
        assert finding(doc, VALUE_RULE)["policy"]["outcome"] == "case_by_case"


def test_unknown_end_use_of_a_controlled_item_is_named() -> None:
    doc = controlled(None)
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["shipment.end_use.category"]
    assert finding(doc, VALUE_RULE)["policy"]["possible"][0] == "exempt_report_required"


def test_end_use_does_not_matter_when_no_control_rule_applies() -> None:
    doc = sample_document("gd-target-taiwan-memory-fab")
    for use in ("military", None):
        doc["shipment"]["end_use"]["category"] = use
        result = run(doc)
        assert result["outcome"] == "not_controlled"
        assert finding(result, "cn-mofcom-2025-061:II")["result"] == "does_not_apply"
        assert result["missing"] == []

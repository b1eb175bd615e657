"""The engine (reedesk/rules/engine.py): precedence, suspension, coverage notes,
determinism, the document's shape and superseding pack versions."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ValidationFailed
from reedesk.resources import resource
from reedesk.rules.engine import PRECEDENCE
from tests.rules.builders import evaluate  # expanded, as a reader sees it
from reedesk.rules.packs import parse_pack, shipped_packs
from tests.conftest import sample_document
from tests.rules.builders import EXTENSION, IN_SUSPENSION, NO18_RULE, NO57_RULE, component, finding, magnet, run

import pytest


def test_precedence_is_documented_in_the_document() -> None:
    assert PRECEDENCE == ["prohibited", "license_required_presumption_of_denial", "case_by_case", "license_required",
                          "exempt_report_required", "suspended", "not_controlled"]


def test_suspended_only_when_every_applicable_rule_is_suspended() -> None:
    # Ho (No. 57, suspended) and Tb (No. 18, in force) in one mixed oxide exported from China. (0.1.0 used a
    # Ho-Tb-Fe alloy; No. 18 names its Tb alloys — Tb-Co, Tb-Co-Fe — so since the second review that alloy is not listed.)
    doc = magnet(made_in="CN", export_from="CN", category="rare_earth_oxide", elements=["Ho", "Tb"])
    result = run(doc, IN_SUSPENSION)
    assert finding(result, NO57_RULE)["result"] == "suspended"
    assert finding(result, NO18_RULE)["result"] == "applies"
    assert result["outcome"] == "license_required"
    assert result["decisive"] == [NO18_RULE]


def test_no70_window_is_inclusive_at_both_ends() -> None:
    doc = magnet(component("C1", "10.00"), made_in="VN")
    doc["technologies"] = [{"stage": "mining", "origin": "CN", "description": "x"}]
    assert run(doc, date(2025, 12, 1))["outcome"] == "suspended"
    assert run(doc, date(2026, 11, 10))["outcome"] == "suspended"
    assert run(doc, date(2026, 11, 11))["outcome"] == "license_required"


def test_coverage_note_when_as_of_is_after_review_date() -> None:
    late = run(sample_document("smco-magnet-vietnam"))
    assert "not covered" in late["notes"][0]["en"] and "2026-10-05" in late["notes"][0]["en"]  # packs reviewed up to 2026-10-05
    early = run(sample_document("smco-magnet-vietnam"), IN_SUSPENSION)
    assert not any("not covered" in n["en"] for n in early["notes"])


def test_document_shape_and_hashes() -> None:
    snapshot = sample_document("smco-magnet-vietnam")
    doc = evaluate(snapshot, shipped_packs(), date(2026, 11, 25), revision=3)
    assert doc["schema"] == "reedesk.determination/2"  # facts (issue 13); expand() gives the 0.1 shape
    assert doc["engine"]["name"] == "reedesk-rules"
    assert doc["as_of"] == "2026-11-25"
    assert doc["dossier"]["revision"] == 3
    assert doc["dossier"]["sha256"] == hashlib.sha256(canonical_bytes(doc["dossier"]["snapshot"])).hexdigest()
    assert {p["id"] for p in doc["packs"]} == {p.id for p in shipped_packs()}
    for f in doc["findings"]:
        assert set(f["explanation"]) == {"en", "zh-Hans", "zh-Hant"}
        assert f["citation"]["announcement"] and f["citation"]["article"]
        for n, step in enumerate(f["steps"], start=1):
            assert step["n"] == n and set(step) == {"n", "en", "zh-Hans", "zh-Hant"}
    # JSON all the way down: numbers are strings, no floats anywhere.
    text = json.dumps(doc)
    assert json.loads(text) == doc
    assert "0.001" in json.dumps(finding(doc, "cn-mofcom-2025-061:I(1)")["figures"]["threshold"])


def test_byte_identical_for_the_same_inputs_whatever_the_pack_order() -> None:
    snapshot = sample_document("gd-target-taiwan-memory-fab")
    packs = shipped_packs()
    a = canonical_bytes(evaluate(snapshot, packs, date(2026, 11, 25)))
    b = canonical_bytes(evaluate(snapshot, list(reversed(packs)), date(2026, 11, 25)))
    assert a == b


def test_malformed_snapshot_is_refused_with_its_path() -> None:
    doc = sample_document("smco-magnet-vietnam")
    doc["components"][0]["value"]["amount"] = 6.5
    with pytest.raises(ValidationFailed) as info:
        run(doc)
    assert "components[0].value.amount" in str(info.value)




def test_a_newer_pack_supersedes_for_later_dates_only() -> None:
    packs = shipped_packs() + [parse_pack(EXTENSION, "extension.toml")]
    snapshot = sample_document("smco-magnet-vietnam")
    later = evaluate(snapshot, packs, date(2026, 11, 25))
    assert later["outcome"] == "suspended"
    f = finding(later, "cn-mofcom-2025-061:I(1)")
    assert f["suspension"]["until"] == "2027-11-10"
    assert f["suspension"]["by"] == "Hypothetical extension announcement"
    assert {"id": "cn-mofcom-gac-2025-070", "version": "2027.1"}.items() <= next(
        p for p in later["packs"] if p["id"] == "cn-mofcom-gac-2025-070").items()
    earlier = evaluate(snapshot, packs, date(2026, 5, 1))
    assert next(p for p in earlier["packs"] if p["id"] == "cn-mofcom-gac-2025-070")["version"] == "2026.4"
    assert canonical_bytes(earlier) == canonical_bytes(evaluate(snapshot, shipped_packs(), date(2026, 5, 1)))

"""End-user policy (reedesk/rules/end_user.py): No. 61 III, overseas military users."""

from __future__ import annotations

from tests.rules.builders import AFTER_SUSPENSION, IN_SUSPENSION, component, finding, magnet, run


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


# ---- control list / watch list through the recorded screening (shipment.end_user.screening)

import copy  # noqa: E402

from reedesk.rules.engine import evaluate  # noqa: E402
from reedesk.rules.packs import shipped_packs  # noqa: E402
from reedesk.screening.lists import shipped_lists  # noqa: E402
from reedesk.screening.matching import screen_name  # noqa: E402
from reedesk.screening.record import build_record  # noqa: E402
from tests.conftest import sample_document  # noqa: E402

AS_OF = AFTER_SUSPENSION
III = "cn-mofcom-2025-061:III"


def screened_smco(name: str, decisions: dict[int, str] | None = None, *, record_name: str | None = None) -> dict:
    """The smco sample with end user ``name``, screened against the shipped lists."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["shipment"]["end_user"]["name"] = name
    lists = shipped_lists()
    hits = screen_name(name, lists)
    chosen = {n: {"decision": d, "reason": f"test: {d}", "decided_by": "tester", "decided_at": "2026-11-25T10:00:00.000000Z"}
              for n, d in (decisions or {}).items()}
    doc["shipment"]["end_user"]["screening"] = build_record(record_name or name, hits, lists, "88", "2026-11-25T09:00:00.000000Z",
                                                            "tester", chosen)
    return doc


def test_smco_sample_without_screening_stays_licence_required_and_says_not_screened() -> None:
    doc = evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required"
    f = finding(doc, III)
    assert "has not been screened" in f["explanation"]["en"] and "does not cover list membership" in f["explanation"]["en"]
    assert f["figures"]["screened"] is False
    assert "screening step, which records its result separately" not in f["reading"]["en"]
    assert "shipment.end_user.screening" in f["reading"]["en"]


def test_confirmed_control_list_hit_gives_presumption_of_denial_for_smco() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp.", {1: "confirmed", 2: "cleared", 3: "cleared"}), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required_presumption_of_denial"
    f = finding(doc, III)
    assert f["result"] == "applies"
    assert f["figures"]["hits_confirmed"] == ["Lockheed Martin Corporation"]
    assert "cn-mofcom-control-list" in f["explanation"]["en"] and "管控名单" in f["explanation"]["zh-Hans"]
    assert finding(doc, "cn-mofcom-2025-061:I(1)")["outcome"] == "license_required_presumption_of_denial"


def test_confirmed_watch_list_hit_gives_presumption_of_denial() -> None:
    doc = evaluate(screened_smco("SUBARU Corp", {1: "confirmed"}), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required_presumption_of_denial"


def test_cleared_hit_leaves_licence_required() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp.", {1: "cleared", 2: "cleared", 3: "cleared"}), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required"
    f = finding(doc, III)
    assert f["result"] == "does_not_apply" and "cleared" in f["explanation"]["en"]


def test_unresolved_control_list_hit_gives_insufficient_data_naming_it() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp."), shipped_packs(), AS_OF)
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["shipment.end_user.screening"]
    assert "#1 Lockheed Martin Corporation (cn-mofcom-control-list" in doc["missing"][0]["en"]
    assert finding(doc, III)["result"] == "insufficient_data"
    control = finding(doc, "cn-mofcom-2025-061:I(1)")
    assert control["policy"]["possible"] == ["license_required", "license_required_presumption_of_denial"]
    assert "cannot be decided yet" in control["explanation"]["en"]


def test_unresolved_hit_only_on_the_unreliable_entity_list_changes_nothing() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp.", {1: "cleared"}), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required"  # hits 2 and 3 are UEL hits: not a list No. 61 III names


def test_unresolved_hit_does_not_matter_when_denial_is_already_presumed() -> None:
    doc = screened_smco("Lockheed Martin Corp.")
    doc["shipment"]["end_use"]["category"] = "military"
    assert evaluate(doc, shipped_packs(), AS_OF)["outcome"] == "license_required_presumption_of_denial"


def test_screening_for_another_name_counts_as_not_screened() -> None:
    doc = screened_smco("Lockheed Martin Corp.", {1: "confirmed"}, record_name="Someone Else GmbH")
    out = evaluate(doc, shipped_packs(), AS_OF)
    assert out["outcome"] == "license_required"
    assert "screened under" not in finding(out, III)["explanation"]["en"]
    assert "the recorded screening was for 'Someone Else GmbH'" in finding(out, III)["explanation"]["en"]


def test_a_malformed_screening_record_is_insufficient_data_not_a_crash() -> None:
    doc = screened_smco("Lockheed Martin Corp.", {1: "confirmed"})
    doc["shipment"]["end_user"]["screening"]["hits"][0]["decision"] = "maybe"
    out = evaluate(doc, shipped_packs(), AS_OF)
    assert out["outcome"] == "insufficient_data"
    assert "decision 'maybe'" in out["missing"][0]["en"]


def test_screening_required_by_a_pack_makes_an_unscreened_end_user_insufficient_data() -> None:
    from reedesk.resources import resource
    from reedesk.rules.packs import parse_pack

    text = (resource("rules") / "cn-mofcom-2025-061.toml").read_text(encoding="utf-8")
    assert text.count("screening_required = false") == 1
    pack = parse_pack(text.replace("screening_required = false", "screening_required = true"), "strict.toml")
    packs = [p for p in shipped_packs() if p.id != pack.id] + [pack]
    out = evaluate(sample_document("smco-magnet-vietnam"), packs, AS_OF)
    assert out["outcome"] == "insufficient_data"
    assert out["missing"][0]["field"] == "shipment.end_user.screening" and "requires screening" in out["missing"][0]["en"]


def test_screened_determination_is_deterministic() -> None:
    from reedesk.domain.dossier_file import canonical_bytes

    doc = screened_smco("Lockheed Martin Corp.", {1: "confirmed"})
    assert canonical_bytes(evaluate(doc, shipped_packs(), AS_OF)) == canonical_bytes(evaluate(copy.deepcopy(doc), shipped_packs(), AS_OF))


def test_confirmed_hit_during_the_suspension_is_the_outcome_if_in_force() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp.", {1: "confirmed"}), shipped_packs(), IN_SUSPENSION)
    assert doc["outcome"] == "suspended"
    assert finding(doc, "cn-mofcom-2025-061:I(1)")["outcome_if_in_force"] == "license_required_presumption_of_denial"


def test_not_screened_is_said_in_all_three_languages() -> None:
    f = finding(evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), AS_OF), III)
    assert "尚未对照管控名单或关注名单进行筛查" in f["explanation"]["zh-Hans"]
    assert "尚未對照管控名單或關注名單進行篩查" in f["explanation"]["zh-Hant"]

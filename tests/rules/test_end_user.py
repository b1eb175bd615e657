"""End-user policy (reedesk/rules/end_user.py): No. 61 Art. II (0.1.0 called it III) — overseas military users,
control-list and watch-list importers and end users, and subsidiaries controlled at 50 % or more."""

from __future__ import annotations

from tests.rules.builders import AFTER_SUSPENSION, IN_SUSPENSION, component, finding, magnet, run


def end_user_finding(determination: dict) -> dict:
    """The No. 61 end-user policy finding, by kind (its article id moved from III to II in 0.2)."""
    return next(f for f in determination["findings"] if f["pack"] == "cn-mofcom-2025-061" and f["kind"] == "end_user")


def test_military_end_user_is_presumed_denied_even_for_civil_use() -> None:
    doc = run(magnet(component("C1", "10.00"), military_user=True))
    assert doc["outcome"] == "license_required_presumption_of_denial"
    f = end_user_finding(doc)
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

from tests.rules.builders import evaluate  # noqa: E402  (expanded, as a reader sees it)
from reedesk.rules.packs import shipped_packs  # noqa: E402
from reedesk.screening.lists import shipped_lists  # noqa: E402
from reedesk.screening.matching import screen_name  # noqa: E402
from reedesk.screening.record import build_record  # noqa: E402
from tests.conftest import sample_document  # noqa: E402

AS_OF = AFTER_SUSPENSION


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
    f = end_user_finding(doc)
    assert "has not been screened" in f["explanation"]["en"] and "does not cover list membership" in f["explanation"]["en"]
    assert f["figures"]["screened"] is False
    assert "screening step, which records its result separately" not in f["reading"]["en"]
    assert "importer" in f["reading"]["en"] and "50 %" in f["reading"]["en"]


def test_confirmed_control_list_hit_gives_presumption_of_denial_for_smco() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp.", {1: "confirmed", 2: "cleared", 3: "cleared"}), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required_presumption_of_denial"
    f = end_user_finding(doc)
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
    f = end_user_finding(doc)
    assert f["result"] == "does_not_apply" and "cleared" in f["explanation"]["en"]


def test_unresolved_control_list_hit_gives_insufficient_data_naming_it() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp."), shipped_packs(), AS_OF)
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["shipment.end_user.screening"]
    assert "#1 Lockheed Martin Corporation (cn-mofcom-control-list" in doc["missing"][0]["en"]
    assert end_user_finding(doc)["result"] == "insufficient_data"
    control = finding(doc, "cn-mofcom-2025-061:I(1)")
    assert control["policy"]["possible"] == ["license_required", "license_required_presumption_of_denial"]
    assert "cannot be decided yet" in control["explanation"]["en"]


def test_unresolved_hit_only_on_the_unreliable_entity_list_changes_nothing() -> None:
    doc = evaluate(screened_smco("Lockheed Martin Corp.", {1: "cleared"}), shipped_packs(), AS_OF)
    assert doc["outcome"] == "license_required"  # hits 2 and 3 are UEL hits: not a list No. 61 Art. II names


def test_an_unresolved_hit_is_asked_for_even_when_denial_is_already_presumed() -> None:
    """Engine 3.6.0 (REVIEW8 F9): an undecided control-list hit keeps the answer open although the military end use
    already presumes denial (RULES.md "Parties": a hit nobody has decided is named); engine 3.5.0 read it as not
    mattering, and its documents keep that answer."""
    doc = screened_smco("Lockheed Martin Corp.")
    doc["shipment"]["end_use"]["category"] = "military"
    now = evaluate(doc, shipped_packs(), AS_OF)
    assert now["outcome"] == "insufficient_data"
    assert "shipment.end_user.screening" in [m["field"] for m in now["missing"]]
    assert evaluate(doc, shipped_packs(), AS_OF, made_by="3.5.0")["outcome"] == "license_required_presumption_of_denial"


def test_screening_for_another_name_counts_as_not_screened() -> None:
    doc = screened_smco("Lockheed Martin Corp.", {1: "confirmed"}, record_name="Someone Else GmbH")
    out = evaluate(doc, shipped_packs(), AS_OF)
    assert out["outcome"] == "license_required"
    assert "screened under" not in end_user_finding(out)["explanation"]["en"]
    assert "the recorded screening was for 'Someone Else GmbH'" in end_user_finding(out)["explanation"]["en"]


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
    f = end_user_finding(evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), AS_OF))
    assert "尚未对照管控名单或关注名单进行筛查" in f["explanation"]["zh-Hans"]
    assert "尚未對照管控名單或關注名單進行篩查" in f["explanation"]["zh-Hant"]


# ---- with the screening document (contract B): every party, owners and the 50 % rule

from reedesk.screening import screen_parties  # noqa: E402


def _decided(name: str, entries: dict[str, str], list_id: str = "cn-mofcom-control-list", kind: str = "control_list") -> dict:
    return {"name": name, "screened_at": "2026-11-24T09:00:00.000000Z", "lists": [],
            "hits": [{"n": n, "list": list_id, "list_kind": kind, "entry": e, "decision": d, "reason": f"test: {d}",
                      "decided_by": "tester", "decided_at": "2026-11-24T10:00:00.000000Z"}
                     for n, (e, d) in enumerate(entries.items(), start=1)]}


def _smco(end_user: dict, **parties: dict) -> dict:
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["shipment"]["end_user"] = end_user
    doc["shipment"].update(parties)
    return doc


def _evaluate_screened(doc: dict) -> dict:
    return evaluate(doc, shipped_packs(), AS_OF, screening=screen_parties(doc, shipped_lists(), AS_OF))


LOCKHEED = {"lockheed-martin": "confirmed"}


def test_a_60_percent_owned_subsidiary_of_a_listed_entity_is_treated_as_listed() -> None:
    """No. 61 Art. II: importers and end users on the control list or watch list, 「包括其控股50%及以上的子公司、
    分公司等分支机构」, are in principle not approved (「原则上不予许可」). The finding names the owner and share."""
    owner = {"name": "Lockheed Martin Corp.", "country": "US", "share": "0.60", "screening": _decided("Lockheed Martin Corp.", LOCKHEED)}
    doc = _smco({"name": "Sunrise Servo Motors GmbH", "country": "DE", "owners": [owner]})
    out = _evaluate_screened(doc)
    assert out["outcome"] == "license_required_presumption_of_denial"
    f = end_user_finding(out)
    assert f["result"] == "applies"
    assert "Lockheed Martin Corp. holding 0.60" in f["explanation"]["en"] and "控股50%及以上" in f["explanation"]["zh-Hans"]
    assert f["figures"]["hits_confirmed"][0] == {"party": "shipment.end_user", "entry": "Lockheed Martin Corporation",
                                                 "owner": "Lockheed Martin Corp.", "share": "0.60"}


def test_a_40_percent_owner_that_is_listed_does_not_make_the_party_listed() -> None:
    owner = {"name": "Lockheed Martin Corp.", "country": "US", "share": "0.40", "screening": _decided("Lockheed Martin Corp.", LOCKHEED)}
    out = _evaluate_screened(_smco({"name": "Sunrise Servo Motors GmbH", "country": "DE", "owners": [owner]}))
    assert out["outcome"] == "license_required"
    assert "owners under 50 % are not counted" in end_user_finding(out)["explanation"]["en"]


def test_a_listed_owner_without_a_share_leaves_the_policy_undecided_naming_the_share() -> None:
    owner = {"name": "Lockheed Martin Corp.", "country": "US", "screening": _decided("Lockheed Martin Corp.", LOCKHEED)}
    out = _evaluate_screened(_smco({"name": "Sunrise Servo Motors GmbH", "country": "DE", "owners": [owner]}))
    assert out["outcome"] == "insufficient_data"
    assert "shipment.end_user.owners[0].share" in [m["field"] for m in out["missing"]]


def test_a_confirmed_watch_listed_importer_gives_presumption_of_denial() -> None:
    """No. 61 Art. II names importers as well as end users."""
    importer = {"name": "SUBARU Corporation", "country": "JP",
                "screening": _decided("SUBARU Corporation", {"subaru": "confirmed"}, "cn-mofcom-watch-list", "watch_list")}
    out = _evaluate_screened(_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}, importer=importer))
    assert out["outcome"] == "license_required_presumption_of_denial"
    assert "The importer SUBARU Corporation is treated as listed" in end_user_finding(out)["explanation"]["en"]


def test_an_unscreened_end_user_on_a_shipped_list_is_insufficient_data_with_the_screening_document() -> None:
    """Issue 9 point 5: an end user that matches a list entry in force and has no recorded decision cannot come out
    better than insufficient data."""
    out = _evaluate_screened(_smco({"name": "Lockheed Martin Corp.", "country": "US"}))
    assert out["outcome"] == "insufficient_data"
    assert any(m["field"] == "shipment.end_user.screening" for m in out["missing"])

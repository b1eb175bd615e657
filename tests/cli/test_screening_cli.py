"""`reedesk screening lists|check|decide|import` through the real entry point (reedesk/cli/screening.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from reedesk.cli.main import main
from tests.conftest import sample_document


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def listed_file(tmp_path: Path) -> Path:
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "SCR-1"
    doc["shipment"]["end_user"]["name"] = "Lockheed Martin Corp."
    path = tmp_path / "scr-1.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_lists_names_the_three_lists_with_sources(capsys) -> None:
    code, out, err = run(capsys, "screening", "lists")
    assert (code, err) == (0, "")
    assert "cn-mofcom-control-list  [control_list, shipped]" in out and "出口管制管控名单" in out
    code, out, err = run(capsys, "screening", "lists", "--json")
    assert {x["id"] for x in json.loads(out)} == {"cn-mofcom-control-list", "cn-mofcom-watch-list", "cn-mofcom-unreliable-entity-list"}


def test_check_decide_then_evaluate(capsys, listed_file: Path) -> None:
    assert run(capsys, "import", str(listed_file))[0] == 0
    code, out, err = run(capsys, "screening", "check", "SCR-1")
    assert (code, err) == (0, "")
    assert "1. Lockheed Martin Corporation  [cn-mofcom-control-list, control_list]  score 100.0  (undecided)" in out
    code, out, err = run(capsys, "screening", "decide", "SCR-1", "--hit", "1", "--confirm", "--reason", "same firm")
    assert (code, err) == (0, "")
    assert "Hit 1 confirmed; dossier SCR-1 is now at revision 2." in out
    code, out, err = run(capsys, "screening", "check", "SCR-1", "--json")
    assert json.loads(out)["hits"][0]["decision"] == "confirmed"
    code, out, err = run(capsys, "evaluate", "SCR-1", "--as-of", "2026-11-25", "--json")
    assert json.loads(out)["outcome"] == "license_required_presumption_of_denial"


def test_check_record_with_no_hits(capsys) -> None:
    from tests.conftest import SAMPLES_DIR

    assert run(capsys, "import", str(SAMPLES_DIR / "smco-magnet-vietnam.json"))[0] == 0
    code, out, err = run(capsys, "screening", "check", "LM-2026-0042", "--record")
    assert (code, err) == (0, "")
    assert "no hits" in out and "Recorded in revision 2." in out
    code, out, err = run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25", "--json")
    finding = next(f for f in json.loads(out)["findings"] if f["pack"] == "cn-mofcom-2025-061" and f["kind"] == "end_user")
    assert "found no confirmed hit" in finding["explanation"]["en"]


@pytest.mark.parametrize("argv, message", [
    (["screening", "decide", "SCR-1", "--hit", "7", "--clear", "--reason", "x"], "Hit 7 does not exist"),
    (["screening", "decide", "SCR-1", "--hit", "1", "--clear", "--reason", " "], "needs a reason"),
    (["screening", "check", "NOPE-1"], "No dossier has the reference 'NOPE-1'"),
    (["screening", "check", "SCR-1", "--threshold", "150"], "threshold 150"),
])
def test_errors_are_one_sentence_and_exit_2(capsys, listed_file: Path, argv, message) -> None:
    run(capsys, "import", str(listed_file))
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_import_csv_and_its_errors(capsys, tmp_path: Path) -> None:
    good = tmp_path / "csl.csv"
    good.write_text("name,alt_names,source,addresses\nExample Photonics Co.,EPC,Entity List,\"Wuhan, CN\"\n", encoding="utf-8")
    code, out, err = run(capsys, "screening", "import", str(good))
    assert (code, err) == (0, "")
    assert out.startswith("Imported list csl [other] with 1 entries")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nAcme,ZZ\n", encoding="utf-8")
    code, out, err = run(capsys, "screening", "import", str(bad))
    assert code == 2 and "bad.csv: row 2, column 'country'" in err


def test_check_and_decide_an_importer_and_an_owner_with_party(capsys, tmp_path: Path) -> None:
    """Issue 9 point 5: every named party is screened; decisions are recorded at the party (``<party>.screening``)."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "SCR-2"
    doc["shipment"]["importer"] = {"name": "SUBARU Corp.", "country": "JP"}
    doc["shipment"]["end_user"]["owners"] = [{"name": "三菱造船株式會社", "country": "JP", "share": "0.60"}]
    path = tmp_path / "scr-2.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    code, out, err = run(capsys, "screening", "check", "SCR-2", "--party", "importer")
    assert (code, err) == (0, "")
    assert "importer 'SUBARU Corp.'" in out and "1. SUBARU Corporation  [cn-mofcom-watch-list, watch_list]" in out
    assert "--party importer --hit N" in out
    code, out, err = run(capsys, "screening", "decide", "SCR-2", "--party", "importer", "--hit", "1", "--confirm", "--reason", "same firm")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "show", "SCR-2", "--json")
    stored = json.loads(out)
    assert stored["shipment"]["importer"]["screening"]["hits"][0]["decision"] == "confirmed"
    assert "screening" not in stored["shipment"]["end_user"]
    code, out, err = run(capsys, "screening", "check", "SCR-2", "--party", "end_user.owners[0]", "--json")
    result = json.loads(out)
    assert result["party"] == "end_user.owners[0]" and result["hits"][0]["entry_name"] == "Mitsubishi Heavy Industries Shipbuilding Co."
    code, out, err = run(capsys, "screening", "check", "SCR-2", "--party", "consignee")
    assert code == 2 and "names no consignee" in err
    code, out, err = run(capsys, "screening", "check", "SCR-2", "--party", "banker")
    assert code == 2 and "--party 'banker' is not end_user, importer, consignee" in err


def test_check_as_of_uses_the_entries_in_force(capsys, tmp_path: Path) -> None:
    """No. 22 of 2025 entities (listed 2025-04-09) ended 2025-08-12."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "SCR-3"
    doc["shipment"]["end_user"]["name"] = "Echodyne Corp."
    path = tmp_path / "scr-3.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    assert "1. Echodyne" in run(capsys, "screening", "check", "SCR-3", "--as-of", "2025-05-01")[1]
    assert "no hits" in run(capsys, "screening", "check", "SCR-3", "--as-of", "2025-09-01")[1]


# ---- end to end through `reedesk evaluate` (shipped packs and lists; evaluation always screens)


def _import(capsys, tmp_path: Path, sample: str, reference: str, **shipment) -> None:
    doc = copy.deepcopy(sample_document(sample))
    doc["reference"] = reference
    doc["shipment"].update(shipment)
    path = tmp_path / f"{reference}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0


def _evaluate(capsys, reference: str, as_of: str = "2026-11-25") -> dict:
    code, out, err = run(capsys, "evaluate", reference, "--as-of", as_of, "--json")
    assert code == 0, err
    return json.loads(out)


def test_evaluate_a_no_18_item_to_a_no_11_entity_in_traditional_script(capsys, tmp_path: Path) -> None:
    """MOFCOM No. 11 of 2026 lists IHI宇航株式会社 (control list): exporting dual-use items to it is prohibited
    (「禁止出口经营者向上述20家实体出口两用物项」; a licence only in exceptional cases). The dossier writes the name in
    Traditional script. Unscreened → insufficient data naming the hit; confirmed → prohibited."""
    _import(capsys, tmp_path, "terbium-metal-export-from-china", "E2E-TB-11", end_user={"name": "IHI宇航株式會社", "country": "JP"})
    before = _evaluate(capsys, "E2E-TB-11")
    assert before["outcome"] == "insufficient_data"
    assert any(m["field"] == "shipment.end_user.screening" and "IHI Aerospace Co., Ltd." in m["en"] for m in before["missing"])
    hit = before["screening"]["parties"][0]["hits"][0]
    assert (hit["entry_name"], hit["listed_by_zh"], hit["score"]) == ("IHI Aerospace Co., Ltd.", "商务部公告2026年第11号", "100.0")
    assert {x["id"] for x in before["screening"]["lists"]} >= {"cn-mofcom-control-list", "cn-mofcom-watch-list"}
    assert run(capsys, "screening", "decide", "E2E-TB-11", "--hit", "1", "--confirm", "--reason", "same company, Tomioka")[0] == 0
    after = _evaluate(capsys, "E2E-TB-11")
    assert after["outcome"] == "prohibited"
    finding = next(f for f in after["findings"] if f["rule"] == "cn-mofcom-lists:control-list")
    assert "exceptional cases" in finding["explanation"]["en"] and "1C904" in str(after.get("customs_remark"))


def test_evaluate_an_unscreened_end_user_on_a_shipped_list_is_never_licence_required(capsys, tmp_path: Path) -> None:
    """Issue 9 point 5: 0.1.0 gave "licence required" for an unscreened end user on reedesk's own control list."""
    _import(capsys, tmp_path, "smco-magnet-vietnam", "E2E-LM-1", end_user={"name": "Lockheed Martin Corp.", "country": "US"})
    out = _evaluate(capsys, "E2E-LM-1")
    assert out["outcome"] == "insufficient_data"
    assert any(m["field"] == "shipment.end_user.screening" for m in out["missing"])


def test_evaluate_a_subsidiary_60_percent_owned_by_a_listed_entity(capsys, tmp_path: Path) -> None:
    """No. 61 Art. II: 「包括其控股50%及以上的子公司、分公司等分支机构」 — the subsidiary is treated as listed and the
    finding names the owner and its share."""
    _import(capsys, tmp_path, "smco-magnet-vietnam", "E2E-SUB-1",
            end_user={"name": "Sunrise Servo Motors GmbH", "country": "DE",
                      "owners": [{"name": "Lockheed Martin Corp.", "country": "US", "share": "0.60"}]})
    assert _evaluate(capsys, "E2E-SUB-1")["outcome"] == "insufficient_data"  # the owner's hit is open
    code, out, err = run(capsys, "screening", "check", "E2E-SUB-1", "--party", "end_user.owners[0]")
    numbers = {line.split(".")[0].strip(): line for line in out.splitlines() if line.strip()[:1].isdigit()}
    for n, line in numbers.items():
        verdict = "--confirm" if "Lockheed Martin Corporation  [cn-mofcom-control-list" in line else "--clear"
        assert run(capsys, "screening", "decide", "E2E-SUB-1", "--party", "end_user.owners[0]", "--hit", n, verdict,
                   "--reason", "parent company per register extract")[0] == 0
    out = _evaluate(capsys, "E2E-SUB-1")
    assert out["outcome"] == "license_required_presumption_of_denial"
    policy = next(f for f in out["findings"] if f["pack"] == "cn-mofcom-2025-061" and f["kind"] == "end_user")
    assert "Lockheed Martin Corp. holding 0.60" in policy["explanation"]["en"]


def test_check_all_parties_lists_each_with_its_own_numbering(capsys, tmp_path: Path) -> None:
    _import(capsys, tmp_path, "smco-magnet-vietnam", "SCR-ALL",
            end_user={"name": "Rhein Antriebe GmbH", "country": "DE",
                      "owners": [{"name": "Echodyne", "country": "US", "share": "0.51"}]},
            importer={"name": "SUBARU Corp.", "country": "JP"})
    code, out, err = run(capsys, "screening", "check", "SCR-ALL", "--party", "all", "--as-of", "2025-05-01", "--json")
    assert code == 0, err
    results = json.loads(out)
    assert [(r["party"], [h["n"] for h in r["hits"]]) for r in results] == [
        ("end_user", []), ("end_user.owners[0]", [1]), ("importer", [])]  # SUBARU was listed only on 2026-02-24
    code, out, err = run(capsys, "screening", "check", "SCR-ALL", "--party", "all", "--record")
    assert code == 2 and "--record needs one party" in err

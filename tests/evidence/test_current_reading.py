"""REVIEW8b 1 and 3: the current engine is asked about every older engine's determination, engine 1.1.0 (reedesk
0.1.0, re-run by the frozen reedesk/rules/v1) included, and compared on the legal basis, not the outcome alone.

Real parts throughout: determinations made by the older engines themselves (the frozen 1.1.0 engine on the packs
reedesk 0.1.0 shipped, tests/rules/data/packs-0.1.0; the documents engine 3.2.0 recorded, tests/rules/data/
facts-3.2.0.json.xz; the 0.1.0 evidence pack fixture), a signed pack exported from a real desk by a client that
evaluates with the 1.1.0 engine, and `reedesk verify` run as a user runs it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.strict_chinese import strict_problems
from tests.evidence.helpers import export, make_identity
from tests.rules.recorded import Recorded
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco

DATA = Path(__file__).resolve().parents[1] / "rules" / "data"
OLD_PACKS = sorted((DATA / "packs-0.1.0").glob("*.toml"))
FIXTURE_010 = Path(__file__).parent / "fixtures" / "pack-0.1.0-en.pdf"
RECORDED_320 = Recorded(DATA / "facts-3.2.0.json.xz")
CHINESE = ("zh-Hant", "zh-Hans")


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in OLD_PACKS]


def _by_1_1_0(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` evaluated by the frozen 0.1.0 engine on the packs 0.1.0 shipped, as reedesk 0.1.0 stored it."""
    from reedesk.rules.v1 import engine as v1
    from reedesk.rules.v1.packs import parse_pack as v1_parse

    return v1.evaluate(doc, [v1_parse(t, p.name) for t, p in zip(_texts(), OLD_PACKS)], AS_OF)


def _current_packs() -> list[Any]:
    from reedesk.rules.packs import parse_pack

    return [parse_pack(t, p.name) for t, p in zip(_texts(), OLD_PACKS)]


def _empty_bom_ndfeb(reference: str = "OLD-ENGINE-1") -> dict[str, Any]:
    """An NdFeB-Dy magnet with no bill of materials: 1.1.0 read it "not controlled"; engine 3.5.0 and later ask where
    the dysprosium came from (No. 61 Art. I(1) undecided: insufficient data)."""
    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["reference"] = reference
    doc["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]
    doc["components"] = []
    return doc


# ------------------------------------------------------------------ engine 1.1.0 (REVIEW8b 1)

def test_a_1_1_0_determination_is_compared_with_the_current_engine() -> None:
    """The frozen engine's document re-runs to its own bytes, and the current engine, reading its 0.1 dossier and the
    0.1.0 packs, answers otherwise: outcome and decisive rule both said."""
    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.rules import reproduce_with_engine
    from reedesk.rules.current_reading import current_reading

    old = _by_1_1_0(_empty_bom_ndfeb())
    assert old["engine"]["version"] == "1.1.0" and old["outcome"] == "not_controlled" and old["decisive"] == []
    assert canonical_bytes(reproduce_with_engine(old, _texts())) == canonical_bytes(old)
    found = current_reading(old, _current_packs())
    assert found is not None and found.unread is None and found.made_by == "1.1.0"
    assert found.outcome == "insufficient_data" and found.kinds == ("outcome", "decisive")
    said = found.said()
    assert "Insufficient data (insufficient_data), not Not controlled (not_controlled)" in said["en"]
    assert "cn-mofcom-2025-061:I(1) (MOFCOM Announcement No. 61 of 2025" in said["en"]
    assert "資料不足，而非不受管制" in said["zh-Hant"] and "数据不足，而非不受管制" in said["zh-Hans"]
    assert "商務部公告2025年第61號" in said["zh-Hant"] and "商务部公告2025年第61号" in said["zh-Hans"]
    for language in CHINESE:
        assert strict_problems(said[language], language) == [], said[language]


def test_a_1_1_0_determination_the_current_engine_agrees_with_is_compared_and_passes() -> None:
    """The genuine 0.1.0 pack (exported by reedesk 0.1.0): compared — not skipped — and the same basis; the verifier
    says plainly that the rules reproduce."""
    from reedesk.evidence.reader import open_pack
    from reedesk.evidence.verifier import verify_path
    from reedesk.rules.current_reading import current_reading
    from reedesk.rules.packs import parse_pack

    pack = open_pack(FIXTURE_010)
    document = pack.json_file("determination.json")
    packs = [parse_pack(e.data.decode("utf-8"), n) for n, e in sorted(pack.files.items()) if n.startswith("rule-pack-")]
    found = current_reading(document, packs)
    assert found is not None and found.made_by == "1.1.0" and found.outcome == document["outcome"] == "license_required"
    assert found.differences == () and found.unread is None
    rules = verify_path(FIXTURE_010).check("rules_reproduce")
    assert rules is not None and rules.ok and "superseded" not in rules.reason_text("en")


def test_reedesk_verify_of_the_genuine_0_1_0_pack_adds_no_note(capsys) -> None:
    from reedesk.cli.main import main
    from reedesk.signing.keys import fingerprint

    key_id = (FIXTURE_010.parent / "pack-0.1.0-en.keyid").read_text().split()[0]
    assert main(["verify", str(FIXTURE_010), "--trust", fingerprint(key_id)]) == 0
    out = capsys.readouterr().out
    assert "Note: the determination was made by" not in out and "superseded" not in out and "Ed25519" in out


@pytest.fixture(scope="module")
def old_engine_pack(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real desk holding the 0.1.0 packs (imported as a user imports a pack file) and a client that evaluates as
    reedesk 0.1.0 did: its determination is engine 1.1.0's, signed and exported in a real pack."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules.v1 import engine as v1
    from reedesk.rules.v1.packs import parse_pack as v1_parse
    from reedesk.services import evaluation
    from reedesk.services.desk import open_desk
    from reedesk.services.dossiers import import_dossiers
    from reedesk.services.rulepacks import import_pack

    home = tmp_path_factory.mktemp("old-engine-home")
    desk = open_desk(home, seed_samples=False)
    try:
        identity = make_identity(desk)
        for path in OLD_PACKS:
            import_pack(desk, path)
        import_dossiers(desk, [parse_dossier(_empty_bom_ndfeb())], source="old-engine.json")
        texts = _texts()

        def as_1_1_0(snapshot: Any, packs: Any, as_of: Any, **kwargs: Any) -> dict[str, Any]:  # 0.1.0's evaluation
            return v1.evaluate(snapshot, [v1_parse(t, "0.1.0 pack") for t in texts], as_of, revision=kwargs.get("revision"))

        out = home / "old-engine.pdf"
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(evaluation, "evaluate", as_1_1_0)
            export(desk, "OLD-ENGINE-1", out, as_of=AS_OF, key_id=identity.key_id)
    finally:
        desk.close()
    return {"path": out, "key_id": identity.key_id}


def test_a_1_1_0_pack_verifies_and_says_its_reading_is_superseded(old_engine_pack: dict[str, Any]) -> None:
    from reedesk.evidence.verifier import verify_path

    report = verify_path(old_engine_pack["path"], trusted_key_ids=[old_engine_pack["key_id"]])
    assert report.determination["engine"]["version"] == "1.1.0" and report.ok, [(c.name, str(c.reason)) for c in report.failed]
    rules = report.check("rules_reproduce")
    english = rules.reason_text("en")
    assert "as engine 1.1.0 read the law" in english and "the current engine 3." in english
    assert "it gives Insufficient data (insufficient_data), not Not controlled (not_controlled)" in english
    assert "cn-mofcom-2025-061:I(1) (MOFCOM Announcement No. 61 of 2025, Art. I(1)) now decide(s)" in english
    assert english.endswith("The determination's reading is superseded")
    for language, words in (("zh-Hant", ("1.1.0", "資料不足", "商務部公告2025年第61號", "已被取代")),
                            ("zh-Hans", ("1.1.0", "数据不足", "商务部公告2025年第61号", "已被取代"))):
        said = rules.reason_text(language)
        assert all(w in said for w in words) and strict_problems(said, language) == [], (language, said)


@pytest.mark.parametrize("language", ["en", *CHINESE])
def test_reedesk_verify_prints_it_in_the_reader_s_language(old_engine_pack: dict[str, Any], capsys, language: str) -> None:
    """As a reviewer runs it: `reedesk verify --trust FINGERPRINT PACK --language L` exits 0 (the pack is genuine) and
    the rules line says the reading is superseded; --json keeps its fields, the English reason carrying the detail."""
    from reedesk.cli.main import main
    from reedesk.signing.keys import fingerprint

    trust = fingerprint(old_engine_pack["key_id"])
    code = main(["verify", "--trust", trust, str(old_engine_pack["path"]), "--language", language])
    out = capsys.readouterr().out
    assert code == 0, out
    word = {"en": "superseded", "zh-Hant": "已被取代", "zh-Hans": "已被取代"}[language]
    lines = out.splitlines()
    # a note under the verdict (the reader need not find it among the checks), and the rules check's reason
    note, rules = lines[1], [line for line in lines[2:] if word in line]
    assert word in note and "1.1.0" in note and len(rules) == 1 and "1.1.0" in rules[0], out
    assert {"en": "re-sign", "zh-Hant": "重新簽署", "zh-Hans": "重新签署"}[language] in note
    if language != "en":
        for line in (note, rules[0]):
            assert strict_problems(line, language) == [], line
    code = main(["verify", "--trust", trust, str(old_engine_pack["path"]), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and set(report) == {"source", "valid", "intact", "exit_code", "unconfirmed", "pdf_signature_kind",
                                          "unreadable", "trust", "summary", "checks", "failed"}
    [rules] = [c for c in report["checks"] if c["name"] == "rules_reproduce"]
    assert rules["ok"] is True and set(rules) == {"name", "ok", "reason"} and "superseded" in rules["reason"]


# ------------------------------------------------------------------ the legal basis (REVIEW8b 3)

def test_a_recorded_3_2_0_determination_with_the_same_outcome_but_another_reading_is_superseded() -> None:
    """Engine 3.2.0 recorded TW-TGT-19 (as of 2026-11-25) "not controlled"; the current engine says the same — but
    under the declared reading that Taiwan is China it gives another outcome. Same outcome, another legal basis:
    superseded, the reading named by its pack's words."""
    from reedesk.rules.current_reading import current_reading, superseded_outcome

    case = RECORDED_320.recorded()["cases"][3]["stored"]
    assert case["engine"]["version"] == "3.2.0" and case["dossier"]["reference"] == "TW-TGT-19"
    packs = [RECORDED_320.parsed(p["sha256"]) for p in case["packs"]]
    found = current_reading(case, packs)
    assert found is not None and found.outcome == case["outcome"] == "not_controlled"
    assert found.kinds == ("reading",)
    assert superseded_outcome(case, packs) is None  # the session-8 question (the outcome alone) missed it
    said = found.said()
    assert "under the declared reading treated-as-china of open point hk-mo-tw" in said["en"]
    assert said["en"].endswith(", not Not controlled")
    assert "在已聲明的解讀「" in said["zh-Hant"] and "而非不受管制" in said["zh-Hant"]
    assert "在已声明的解读「" in said["zh-Hans"] and "而非不受管制" in said["zh-Hans"]
    for language in CHINESE:
        assert strict_problems(said[language], language) == [], said[language]


def test_every_recorded_3_2_0_determination_is_compared_and_most_stand() -> None:
    """All 58 recorded documents are asked and the current engine reads every one; those it answers otherwise are
    among the TW-TGT-19 and TEST-1 cases engines 3.4.0–3.6.0 corrected (session 9: 5 of 58), the others stand."""
    from reedesk.rules.current_reading import current_reading

    cases = RECORDED_320.recorded()["cases"]
    found = [current_reading(c["stored"], [RECORDED_320.parsed(p["sha256"]) for p in c["stored"]["packs"]]) for c in cases]
    assert all(f is not None and f.made_by == "3.2.0" and f.unread is None for f in found)
    superseded = {cases[i]["stored"]["dossier"]["reference"] for i, f in enumerate(found) if f.superseded}
    assert "TW-TGT-19" in superseded and superseded <= {"TW-TGT-19", "TEST-1"}
    assert 0 < sum(f.superseded for f in found) < len(cases) // 4


@pytest.mark.parametrize("made_by", ["3.3.0", "3.4.0"])
def test_the_same_outcome_on_another_rule_asking_for_other_data_is_superseded(made_by: str) -> None:
    """LEGALQA6's foreign-made magnet with a technology of unknown origin (No. 61 Art. I(2)) and no bill of materials:
    engines 3.3.0 and 3.4.0 answered "insufficient data" on Art. I(2) alone, asking for the technology's origin;
    3.5.0 and later answer "insufficient data" too, but on Art. I(1) and I(2), asking for the bill of materials as
    well. The same outcome on another legal basis: superseded, both differences named."""
    from datetime import date

    from reedesk.rules.current_reading import current_reading, superseded_outcome
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from tests.rules.test_independent_cases_s6 import CASES

    [case] = [c for c in CASES if c.id == "i2-technology-origin-unknown"]
    packs = shipped_packs()
    old = evaluate(case.build(), packs, date.fromisoformat(case.as_of), made_by=made_by)
    old["engine"] = {**old["engine"], "version": made_by}
    assert old["outcome"] == "insufficient_data" and old["decisive"] == ["cn-mofcom-2025-061:I(2)"]
    found = current_reading(old, packs)
    assert found is not None and found.outcome == "insufficient_data" and found.kinds == ("decisive", "missing")
    assert superseded_outcome(old, packs) is None  # the outcome alone says nothing
    said = found.said()
    assert "the decisive rule(s) are cn-mofcom-2025-061:I(1) (MOFCOM Announcement No. 61 of 2025, Art. I(1)), " in said["en"]
    assert "not cn-mofcom-2025-061:I(2) (MOFCOM Announcement No. 61 of 2025, Art. I(2))" in said["en"]
    assert "it asks for components, technologies[0].origin, not technologies[0].origin" in said["en"]
    assert "而非商務部公告2025年第61號第一條第（二）項" in said["zh-Hant"] and "所需資料為物料清單、技術第1行：原產地" in said["zh-Hant"]
    assert "而非商务部公告2025年第61号第一条第（二）项" in said["zh-Hans"] and "所需数据为" in said["zh-Hans"]
    for language in CHINESE:
        assert strict_problems(said[language], language) == [], said[language]


def test_a_licence_check_that_differs_is_said_with_its_reasons() -> None:
    """LEGALQA8's licence naming a sub-entry (1C904.a) of the product's code: engine 3.5.0 found that it does not cover
    the export, 3.6.0 that it does — the same outcome (licence required), another licence finding: superseded, with
    the licence named and engine 3.5.0's reason in reedesk's own words for the licence check."""
    from datetime import date

    from reedesk.rules.current_reading import current_reading
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from tests.rules.test_independent_cases_s8 import CASES

    [case] = [c for c in CASES if c.id == "licence-subcode-covers"]
    packs = shipped_packs()
    old = evaluate(case.build(), packs, date.fromisoformat(case.as_of), made_by="3.5.0")
    old["engine"] = {**old["engine"], "version": "3.5.0"}
    assert old["outcome"] == "license_required" and old["licence"]["covers"] is False
    found = current_reading(old, packs)
    assert found is not None and found.outcome == "license_required" and found.kinds == ("licence",)
    said = found.said()
    number = "MOFCOM-2026-LQ8-SUBCODE"
    assert said["en"].startswith(f"the licence check finds that licence {number} covers the export, not that no licence covers the export (")
    assert f"許可證 {number} 涵蓋此次出口，而非沒有許可證涵蓋此次出口（" in said["zh-Hant"]
    assert f"许可证 {number} 涵盖此次出口，而非没有许可证涵盖此次出口（" in said["zh-Hans"]
    for language in CHINESE:
        # the licence's item as the register holds it (control code 1C904.a, typed description "licensed item")
        assert strict_problems(said[language], language, [number, "1C904.a", "licensed item"]) == [], said[language]


def test_the_current_engine_s_own_determination_is_not_asked() -> None:
    from reedesk.rules.current_reading import current_reading
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs

    packs = shipped_packs()
    assert current_reading(evaluate(_empty_bom_ndfeb(), packs, AS_OF), packs) is None


def test_what_the_current_engine_cannot_read_is_said_not_skipped() -> None:
    """A 1.1.0 document whose packs the current parser refuses (the audit re-run passes None for such a pack) or
    whose dossier the current engine refuses: `unread` says why, in the three languages, and nothing is compared."""
    from reedesk.rules.current_reading import current_reading

    old = _by_1_1_0(_empty_bom_ndfeb())
    found = current_reading(old, [None])
    assert found is not None and found.unread is not None and found.differences == ()
    assert "cannot read the rule packs" in found.unread.text("en") and "規則包" in found.unread.text("zh-Hant")
    broken = copy.deepcopy(old)
    broken["dossier"]["snapshot"]["shipment"]["destination"] = "de"  # a snapshot no reedesk reads
    found = current_reading(broken, _current_packs())
    assert found is not None and found.unread is not None and found.outcome is None
    for language in CHINESE:
        said = found.unread.text(language)
        assert "卷宗" in said and strict_problems(said, language) == [], said
    # as the verifier's rules check says it (reason.rules_ok_current_unread): the check passes, the question is open
    from reedesk.vocabulary import Coded, labels

    reason = Coded("reason", "rules_ok_current_unread", count=9, as_of="2026-11-25", outcome="not_controlled",
                   outcome_name=labels("outcome", "not_controlled"), made_by="1.1.0", current="3.6.0", problem=found.unread)
    assert "whether this reading still stands is not known" in reason and "the current engine refuses its dossier" in reason
    for language in CHINESE:
        said = reason.text(language)
        assert "不知此解讀是否仍然成立" in said or "不知此解读是否仍然成立" in said
        assert strict_problems(said, language) == [], said

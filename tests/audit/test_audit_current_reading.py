"""REVIEW8b 2: `reedesk audit verify` asks the current engine too, as the verifier does (reedesk.rules.current_reading).

A regulator checking a desk runs `audit verify`, not `reedesk verify` on each pack: a stored determination whose
reading the current engine corrected must be named there, beside the re-run of the rules (reported apart from the
hash and signature checks, whose speed target stands). It is a note, not a problem: the trail is intact and the
document is what its engine gave. Real desks throughout — the desk reedesk 0.1.0 made (four engine-1.1.0
determinations), the desk engine 3.2.0 made, and a desk whose client stored determinations labelled by older engines
(the session-8 attack, and a client evaluating as reedesk 0.1.0 did with the 0.1.0 packs imported) — and the real CLI.
"""

from __future__ import annotations

import copy
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from reedesk.cli.main import main
from tests.cli.strict_chinese import strict_problems
from tests.audit.test_upgrade_from_0_1 import old_home  # noqa: F401  (fixture)
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco

DATA = Path(__file__).resolve().parents[1] / "rules" / "data"
OLD_PACKS = sorted((DATA / "packs-0.1.0").glob("*.toml"))


def _empty_bom_ndfeb(reference: str) -> dict[str, Any]:
    """Engine 1.1.0 to 3.4.0 read it "not controlled"; 3.5.0 and later ask where the dysprosium came from."""
    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["reference"] = reference
    doc["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]
    doc["components"] = []
    return doc


def _plain(reference: str) -> dict[str, Any]:
    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["reference"] = reference
    return doc


@pytest.fixture
def mixed_desk(_isolated_home: Path) -> Path:
    """Determinations stored by four clients on one real desk: the genuine one, one labelling its documents 3.4.0
    (evaluating as that engine read the law), and one evaluating as reedesk 0.1.0 did (engine 1.1.0, the 0.1.0
    packs imported as a user imports pack files)."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules import engine
    from reedesk.rules.v1 import engine as v1
    from reedesk.rules.v1.packs import parse_pack as v1_parse
    from reedesk.services import evaluation
    from reedesk.services.desk import open_desk
    from reedesk.services.dossiers import import_dossiers
    from reedesk.services.rulepacks import import_pack

    desk = open_desk(_isolated_home, seed_samples=False)
    try:
        for path in OLD_PACKS:
            import_pack(desk, path)
        import_dossiers(desk, [parse_dossier(d) for d in (_empty_bom_ndfeb("EMPTY-BOM-1"), _plain("PLAIN-1"),
                                                           _empty_bom_ndfeb("EMPTY-BOM-2"), _empty_bom_ndfeb("CURRENT-1"))],
                        source="mixed.json")
        texts = [p.read_text(encoding="utf-8") for p in OLD_PACKS]

        def as_3_4_0(*args: Any, **kwargs: Any) -> dict[str, Any]:
            made = engine.evaluate(*args, made_by="3.4.0", **kwargs)
            made["engine"] = {**made["engine"], "version": "3.4.0"}
            return made

        def as_1_1_0(snapshot: Any, packs: Any, as_of: Any, **kwargs: Any) -> dict[str, Any]:
            return v1.evaluate(snapshot, [v1_parse(t, "0.1.0 pack") for t in texts], as_of, revision=kwargs.get("revision"))

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(evaluation, "evaluate", as_3_4_0)
            for reference in ("EMPTY-BOM-1", "PLAIN-1"):
                assert evaluation.evaluate_reference(desk, reference, AS_OF).document["engine"]["version"] == "3.4.0"
            patch.setattr(evaluation, "evaluate", as_1_1_0)
            assert evaluation.evaluate_reference(desk, "EMPTY-BOM-2", AS_OF).document["engine"]["version"] == "1.1.0"
        assert evaluation.evaluate_reference(desk, "CURRENT-1", AS_OF).outcome == "insufficient_data"
    finally:
        desk.close()
    return _isolated_home


def test_audit_verify_names_the_determinations_whose_reading_is_superseded(mixed_desk: Path) -> None:
    from reedesk.services import audit
    from reedesk.services.desk import open_desk

    desk = open_desk(mixed_desk, seed_samples=False)
    try:
        report = audit.verify_audit(desk)
        quick = audit.verify_audit(desk, rerun=False)
    finally:
        desk.close()
    assert report.ok, report.problems  # a note, never a problem: the trail is intact, each document its engine's
    assert (report.reproduced, report.not_reproduced) == (4, 0)
    assert (report.compared_current, report.superseded, report.current_unread) == (3, 2, 0)  # not the current one's
    assert 0 < report.current_seconds < report.reproduce_seconds
    notes = [n for n in report.notes if getattr(n, "code", None) == "superseded"]
    assert len(notes) == 2
    said = {("EMPTY-BOM-1" in n and "3.4.0" in n) or ("EMPTY-BOM-2" in n and "engine 1.1.0" in n) for n in notes}
    assert said == {True}, notes
    for note in notes:
        assert "Insufficient data (insufficient_data), not Not controlled (not_controlled)" in note
        for language in ("zh-Hant", "zh-Hans"):
            text = note.text(language)
            assert "已被取代" in text and strict_problems(text, language, ["EMPTY-BOM-1", "EMPTY-BOM-2"]) == [], text
    assert not any("PLAIN-1" in n or "CURRENT-1" in n for n in report.notes)
    # skipping the re-run skips the question too: the hash and signature checks do no rule work
    assert quick.ok and quick.compared_current is None and quick.reproduced is None and quick.notes == []


@pytest.mark.parametrize("language", ["en", "zh-Hant", "zh-Hans"])
def test_the_cli_says_it_in_the_reader_s_language_and_json_keeps_its_keys(mixed_desk: Path, capsys, language: str) -> None:
    code = main(["audit", "verify", "--language", language])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    summary = {"en": "was asked about the 3 determination(s) an older engine made: 2 superseded",
               "zh-Hant": "已就 3 個由較舊規則引擎作成的判定詢問現行規則引擎", "zh-Hans": "已就 3 个由较旧规则引擎作成的判定询问现行规则引擎"}
    assert any(summary[language] in line for line in lines), out
    named = [line for line in lines if "EMPTY-BOM-" in line]
    assert len(named) == 2, out
    if language != "en":
        for line in named:
            assert strict_problems(line, language, ["EMPTY-BOM-1", "EMPTY-BOM-2"]) == [], line
    code = main(["audit", "verify", "--json", "--language", language])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and set(report["rerun"]) == {"reproduced", "not_reproduced", "not_rerun", "seconds"}
    assert set(report) == {"ok", "events_checked", "heads_checked", "signatures_checked", "first_broken_seq", "truncated",
                           "problems", "revisions_checked", "determinations_checked", "root_hash", "checkpoints_checked",
                           "against", "rerun", "notes", "desk_key"}
    assert report["problems"] == [] and len([n for n in report["notes"] if "EMPTY-BOM-" in n]) == 2


def test_the_0_1_0_desk_s_determinations_are_all_asked_and_stand(old_home: Path) -> None:
    """The desk reedesk 0.1.0 made (tests/audit/fixtures, commit bca4165): its four engine-1.1.0 determinations re-run
    with the frozen engine and are each compared with the current engine — which reads their 0.1 dossiers and the
    0.1.0 packs and gives the same legal basis — none skipped."""
    from reedesk.services import audit
    from reedesk.services.desk import open_desk

    desk = open_desk(old_home, seed_samples=False)  # the 0.1.0 desk as test_upgrade_from_0_1 lays it out
    try:
        report = audit.verify_audit(desk)
    finally:
        desk.close()
    assert report.ok and (report.reproduced, report.not_reproduced) == (4, 0), report.problems
    assert (report.compared_current, report.superseded, report.current_unread) == (4, 0, 0)


def test_the_3_2_0_desk_s_determination_is_asked_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reedesk.services import audit
    from reedesk.services.desk import open_desk

    home = tmp_path / "desk-3.2.0"
    home.mkdir()
    with tarfile.open(DATA / "desk-engine-3.2.0.tar.xz") as tar:
        tar.extractall(home, filter="data")
    monkeypatch.setenv("REEDESK_HOME", str(home))
    monkeypatch.setenv("REEDESK_CONFIG_HOME", str(home / "config"))
    desk = open_desk(home, seed_samples=False)
    try:
        report = audit.verify_audit(desk)
    finally:
        desk.close()
    assert report.ok and report.reproduced == 1 and report.compared_current == 1 and report.current_unread == 0, report.problems

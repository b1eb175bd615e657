"""The attack of REVIEW8 F1: a determination made *today* under an older engine's label verifies "rules reproduce".

A determination re-runs with the engine it names, so an insider running a client patched to label its documents
"3.4.0" can pick a reading engine 3.5.0 corrected: an NdFeB-Dy magnet with an empty bill of materials is
insufficient data today (the BOM does not say where the dysprosium came from) and "not controlled" as 3.4.0 read it.
The pack is genuine in every other way (real desk, real key, real export), so every check passes — but the
reader must be told that the current engine answers otherwise (reedesk.rules.current_reading).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.evidence.helpers import export, make_identity
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco


def _empty_bom_ndfeb() -> dict[str, Any]:
    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["reference"] = "SUPERSEDED-1"
    doc["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]
    doc["components"] = []
    return doc


@pytest.fixture(scope="module")
def packs_of_both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two packs of the same dossier from one desk: one exported by the genuine client, one by a client patched to
    evaluate as engine 3.4.0 did and label the document so."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules import engine
    from reedesk.services import evaluation
    from reedesk.services.desk import open_desk
    from reedesk.services.dossiers import import_dossiers

    home = tmp_path_factory.mktemp("superseded-home")
    desk = open_desk(home, seed_samples=False)
    try:
        identity = make_identity(desk)
        import_dossiers(desk, [parse_dossier(_empty_bom_ndfeb())], source="superseded.json")
        out = {"genuine": home / "genuine.pdf", "old-label": home / "old-label.pdf"}
        export(desk, "SUPERSEDED-1", out["genuine"], as_of=AS_OF, key_id=identity.key_id)

        def as_3_4_0(*args: Any, **kwargs: Any) -> dict[str, Any]:  # the insider's patched client
            made = engine.evaluate(*args, made_by="3.4.0", **kwargs)
            made["engine"] = {**made["engine"], "version": "3.4.0"}
            return made

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(evaluation, "evaluate", as_3_4_0)
            export(desk, "SUPERSEDED-1", out["old-label"], as_of=AS_OF, key_id=identity.key_id)
    finally:
        desk.close()
    return out


def test_an_old_engine_label_reproduces_but_the_reader_is_told_it_is_superseded(packs_of_both: dict[str, Path]) -> None:
    from reedesk.evidence.verifier import verify_path

    report = verify_path(packs_of_both["old-label"])
    assert report.determination["engine"]["version"] == "3.4.0"
    assert report.determination["outcome"] == "not_controlled"  # 3.4.0's reading of the empty BOM
    rules = report.check("rules_reproduce")
    assert rules is not None and rules.ok, rules  # consistent: the document is what engine 3.4.0 gives
    # the legal basis, not the outcome alone (REVIEW8b 3): the rule that decides today is named, by citation in Chinese
    for language, words in (("en", ("engine 3.4.0", "Insufficient data", "cn-mofcom-2025-061:I(1) (MOFCOM Announcement No. 61 of 2025, Art. I(1)) now decide(s)", "superseded")),
                            ("zh-Hant", ("3.4.0", "資料不足", "現由商務部公告2025年第61號第一條第（一）項決定", "已被取代")),
                            ("zh-Hans", ("3.4.0", "数据不足", "现由商务部公告2025年第61号第一条第（一）项决定", "已被取代"))):
        said = rules.reason_text(language)
        assert all(w in said for w in words), (language, said)


def test_a_current_engine_determination_says_nothing_of_the_kind(packs_of_both: dict[str, Path]) -> None:
    from reedesk.evidence.verifier import verify_path

    report = verify_path(packs_of_both["genuine"])
    rules = report.check("rules_reproduce")
    assert rules is not None and rules.ok and report.determination["outcome"] == "insufficient_data"
    assert "superseded" not in rules.reason_text("en") and "已被取代" not in rules.reason_text("zh-Hans")


def test_the_current_engine_is_asked_only_for_older_documents() -> None:
    """superseded_outcome: None for the current engine's own document and for an old one whose outcome stands."""
    from reedesk.rules.current_reading import superseded_outcome
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs

    packs = shipped_packs()
    doc = _empty_bom_ndfeb()
    current = evaluate(doc, packs, AS_OF)
    assert superseded_outcome(current, packs) is None
    old = evaluate(doc, packs, AS_OF, made_by="3.4.0")
    old["engine"] = {**old["engine"], "version": "3.4.0"}
    assert superseded_outcome(old, packs) == ("3.4.0", current["outcome"])
    plain = foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"})  # the same answer under both engines
    same = evaluate(plain, packs, AS_OF, made_by="3.4.0")
    same["engine"] = {**same["engine"], "version": "3.4.0"}
    assert same["outcome"] == evaluate(plain, packs, AS_OF)["outcome"] and superseded_outcome(same, packs) is None
    assert date.fromisoformat(old["as_of"]) == AS_OF

"""Contracts C, E and F (/tmp/team/CONTRACTS.md) and the frozen 0.1.0 engine.

A determination is made from the dossier, the packs, the as-of date, the screening
document and the licence records; it must carry the last two so it reproduces after
the lists or the register change, and a determination of reedesk 0.1.0 (engine 1.1.0)
must still reproduce with the engine that made it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.rules import reproduce_with_engine
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.scope import dual_use_codes
from reedesk.services.evaluation import reproduce, reproduces
from tests.conftest import sample_document

OLD_PACKS = Path(__file__).parent / "data" / "packs-0.1.0"
SCREENING = {"as_of": "2026-11-25", "threshold": "88", "method": "test", "lists": [
    {"id": "cn-mofcom-control-list", "kind": "control_list", "version": "2026-02-24", "sha256": "ab" * 32,
     "name": {"en": "Control list", "zh-Hant": "管控名單", "zh-Hans": "管控名单"}}], "parties": []}
LICENCE = {"format": "reedesk.licence/1", "number": "LIC-1", "holder": "Test", "type": "single"}


def _texts() -> list[str]:
    return [p.source_text for p in shipped_packs()]


def test_screening_and_licence_records_are_stored_and_reproduced() -> None:
    """CONTRACTS C: the determination carries the screening document and the licence records
    it was made with, and reproduce() re-runs with exactly those (the lists may change later)."""
    doc = evaluate(sample_document("terbium-metal-export-from-china"), shipped_packs(), date(2026, 11, 25),
                   screening=SCREENING, licences=[LICENCE])
    assert doc["screening"] == SCREENING
    assert doc["licence_records"] == [LICENCE]
    assert doc["engine"]["version"] == ENGINE_VERSION
    assert reproduces(doc, _texts())
    changed = dict(doc, screening={**SCREENING, "threshold": "90"})
    assert canonical_bytes(reproduce(changed, _texts())) == canonical_bytes(changed)
    assert reproduce(changed, _texts())["screening"]["threshold"] == "90"


@pytest.mark.parametrize(("name", "codes"), [
    ("terbium-metal-export-from-china", ["1C904"]),  # No. 18: Tb 1C904 (confirmed code)
    ("smco-magnet-vietnam", ["1C902"]),  # No. 18 1C902.a: Sm-Co magnet material
    ("gd-target-taiwan-memory-fab", ["1C903"]),  # No. 18 1C903.a: Gd targets
])
def test_dual_use_codes_of_the_samples(name: str, codes: list[str]) -> None:
    """CONTRACTS F: the codes of China's dual-use lists the product itself is (MOFCOM/GAC
    No. 18 of 2025, 1C902 Sm, 1C903 Gd, 1C904 Tb — 「钐、钆、铽相关物项」)."""
    assert dual_use_codes(sample_document(name), shipped_packs(), date(2026, 11, 25)) == codes


def test_neodymium_metal_is_on_no_list() -> None:
    """RULES.md second review: Nd, Pr, La, Ce are on none of China's control lists, so Nd metal
    is not a listed dual-use item (No. 18 names Sm, Gd, Tb, Dy, Lu, Sc, Y: 「钐、钆、铽、镝、镥、钪、钇」)."""
    doc = sample_document("terbium-metal-export-from-china")
    doc["product"]["elements"] = ["Nd"]
    assert dual_use_codes(doc, shipped_packs(), date(2026, 11, 25)) == []


def _old_determination(name: str, as_of: date) -> tuple[dict, list[str]]:
    from reedesk.rules.v1.engine import evaluate as v1_evaluate
    from reedesk.rules.v1.packs import parse_pack as v1_parse

    texts = [p.read_text(encoding="utf-8") for p in sorted(OLD_PACKS.glob("*.toml"))]
    return v1_evaluate(sample_document(name), [v1_parse(t) for t in texts], as_of), texts


@pytest.mark.parametrize(("name", "as_of"), [("smco-magnet-vietnam", date(2026, 11, 25)),
                                             ("terbium-metal-export-from-china", date(2026, 11, 25))])
def test_a_0_1_0_determination_reproduces_with_the_engine_that_made_it(name: str, as_of: date) -> None:
    """Issue 9 "done when": a pack exported by 0.1.0 (engine 1.1.0, packs of commit bca4165)
    still verifies — its determination re-runs byte-identically with the frozen 0.1.0 engine,
    while the current engine gives a different document."""
    old, texts = _old_determination(name, as_of)
    assert old["engine"]["version"] == "1.1.0"
    assert canonical_bytes(reproduce_with_engine(old, texts)) == canonical_bytes(old)
    assert reproduces(old, texts)
    tampered = dict(old, outcome="not_controlled")
    assert not reproduces(tampered, texts)


def test_unknown_engine_version_is_named() -> None:
    old, texts = _old_determination("smco-magnet-vietnam", date(2026, 11, 25))
    with pytest.raises(ReedeskError, match="0.9.0"):
        reproduce_with_engine(dict(old, engine={"name": "reedesk-rules", "version": "0.9.0"}), texts)


def test_the_0_1_0_packs_are_known_by_hash() -> None:
    """A pack exported by 0.1.0 is recognised as one reedesk shipped (known_packs.RELEASED_PACKS),
    though 0.2.0 ships new versions of every pack."""
    from reedesk.evidence.known_packs import known_pack_hashes
    from reedesk.rules.v1.packs import parse_pack as v1_parse

    old = {v1_parse(p.read_text(encoding="utf-8")).sha256 for p in OLD_PACKS.glob("*.toml")}
    assert len(old) == 9 and old <= known_pack_hashes()


OLD_PACK_PDF = Path(__file__).parent / "data" / "evidence-pack-0.1.0.pdf"
# Made once with the sources of reedesk 0.1.0 (commit bca4165, `git archive bca4165`): `reedesk keys create`,
# `reedesk import --samples`, `reedesk export LM-2026-0042 --as-of 2026-11-25 --meaning "Prepared by"`.
OLD_SIGNER = "33E8-657D-377C-B65E"


def test_an_evidence_pack_exported_by_0_1_0_still_verifies(capsys) -> None:
    """Issue 9 "done when": a pack exported before this change (0.1.0) still verifies — its rule packs are
    recognised by hash and its determination (engine 1.1.0) is re-run with the engine that made it."""
    import json

    from reedesk.cli.main import main

    code = main(["verify", "--trust", OLD_SIGNER, str(OLD_PACK_PDF), "--json"])
    report = json.loads(capsys.readouterr().out)
    checks = {c["name"]: c["ok"] for c in report["checks"]}
    assert checks["rules_reproduce"] is True and checks["rule_packs_known"] is True
    assert report["summary"]["outcome"] == "license_required"
    assert code == 0 and report["valid"] is True


def test_a_tampered_0_1_0_determination_does_not_reproduce() -> None:
    """The frozen engine proves consistency: the 0.1.0 determination embedded in the pack, changed by one
    figure, no longer equals its re-run."""
    from reedesk.evidence.reader import open_pack

    pack = open_pack(OLD_PACK_PDF)
    determination = pack.json_file("determination.json")
    texts = [e.data.decode("utf-8") for name, e in sorted(pack.files.items()) if name.startswith("rule-pack-")]
    assert determination["engine"]["version"] == "1.1.0" and len(texts) == 9
    assert reproduces(determination, texts)
    assert not reproduces(dict(determination, as_of="2026-05-01"), texts)


def test_every_reading_is_reproduced() -> None:
    """Issue 9: "The verifier reproduces every reading" — re-running gives the readings too, so a determination
    whose alternative reading was edited (say, to hide the reported extension) no longer reproduces."""
    doc = evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 11, 25))
    assert reproduces(doc, _texts())
    edited = json.loads(json.dumps(doc))
    from reedesk.rules.render import expand

    # the stored readings are by position (compact shape 2): find the no70-end alternative in the expanded view
    at = next(i for i, r in enumerate(expand(doc)["readings"]) if r["point"] == "no70-end")
    alt = edited["readings"][at]
    assert alt["outcome"] == "suspended"
    alt["outcome"], alt["differs"] = "license_required", False
    assert not reproduces(edited, _texts())

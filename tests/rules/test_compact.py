"""The compact stored shape of facts determinations (``"shape": 2``, reedesk.rules.compact).

``data/facts-3.0.0.json.xz`` holds 58 determinations exactly as engine 3.0.0 stored them (shape 1,
every per-line figure and step written out; 57 golden cases and the 20-line benchmark dossier),
recorded from main before the compact shape, with the rule pack texts they name. Issue 13 point 1:
the stored document keeps every figure, step, citation id, reading and decision as data, and
determinations written earlier stay readable, verifiable and re-runnable.
"""

from __future__ import annotations

import copy
import json
import lzma
from functools import lru_cache
from pathlib import Path

import pytest

from reedesk.canonical import fast_path_applies
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import compact, reproduce_with_engine
from reedesk.rules.engine import ENGINE_VERSION
from reedesk.rules.packs import parse_pack
from reedesk.rules.render import expand
from tests.rules.recorded import old_pack_verifies

FIXTURE = Path(__file__).parent / "data" / "facts-3.0.0.json.xz"


@lru_cache(maxsize=1)
def recorded() -> dict:
    with lzma.open(FIXTURE, "rt", encoding="utf-8") as f:
        return json.load(f)


def _texts(doc: dict) -> list[str]:
    return [recorded()["packs"][p["sha256"]] for p in doc["packs"]]


@lru_cache(maxsize=None)
def _parsed(sha256: str):
    return parse_pack(recorded()["packs"][sha256], f"recorded pack {sha256[:12]}")


def _packs(doc: dict) -> dict:
    return {p["id"]: _parsed(p["sha256"]) for p in doc["packs"]}


def _now(doc: dict, current: bool = False) -> dict:
    """The same case made by this engine (from the old document's own snapshot, date and inputs)."""
    from reedesk.rules import engine
    from datetime import date

    made = engine.evaluate(doc["dossier"]["snapshot"], [_parsed(p["sha256"]) for p in doc["packs"]],
                           date.fromisoformat(doc["as_of"]), revision=doc["dossier"]["revision"],
                           screening=doc["screening"], licences=tuple(doc["licence_records"]),
                           made_by=None if current else doc["engine"]["version"])  # as that engine read the dossier (engine 3.4.0 corrected four readings)
    return json.loads(canonical_bytes(made))


CASES = range(len(recorded()["cases"]))


def test_the_recording_is_of_engine_3_0_0():
    """The fixture really is the older shape: no ``shape`` field, per-line rows written out."""
    cases = recorded()["cases"]
    assert recorded()["engine"] == "3.0.0" and len(cases) >= 50
    assert all(c["stored"]["engine"]["version"] == "3.0.0" and "shape" not in c["stored"] for c in cases)
    rows = [r for c in cases for f in c["stored"]["findings"] if f["kind"] == "value_content"
            for r in f["figures"]["components"]]
    assert rows and all(isinstance(r, dict) and "description" in r for r in rows)


@pytest.mark.parametrize("index", CASES)
def test_decoding_a_new_document_gives_the_old_bytes(index):
    """decode(shape 2) is engine 3.0.0's stored document byte for byte (bar the engine version):
    nothing the old shape held is lost by writing it once."""
    old = recorded()["cases"][index]["stored"]
    new = _now(old)
    assert new["engine"]["version"] == ENGINE_VERSION
    packs = _packs(new)
    back = compact.decode(new, dict(reversed(packs.items())))  # the packs in any order (an evidence pack's)
    back["engine"] = old["engine"]
    assert canonical_bytes(back) == canonical_bytes(old)


@pytest.mark.parametrize("index", CASES)
def test_old_documents_expand_and_re_run(index):
    """A determination stored by engine 3.0.0 expands to the same prose as today's for the same case,
    and re-running it (verifier, audit verify) gives its own bytes back."""
    old = recorded()["cases"][index]["stored"]
    new = _now(old)
    a, b = expand(copy.deepcopy(old)), expand(new)
    for key in set(a) | set(b):
        if key != "engine":
            assert canonical_bytes(a.get(key)) == canonical_bytes(b.get(key)), key
    again = reproduce_with_engine(old, _texts(old))
    assert canonical_bytes(again) == canonical_bytes(old)


def test_new_documents_re_run_to_their_own_bytes():
    """services.evaluation.reproduce on a shape-2 document gives the same bytes (what the verifier compares)."""
    old = recorded()["cases"][-1]["stored"]
    new = _now(old, current=True)  # a new document: this engine's own readings (labelled so)
    assert canonical_bytes(reproduce_with_engine(new, _texts(new))) == canonical_bytes(new)


def test_the_20_line_document_writes_each_line_once():
    """Issue 13 point 1 (the 20-line benchmark dossier): rows are arrays over the embedded snapshot's
    lines, reasons and rate records written once, the working steps references; the document takes
    the C-speed canonical path and is less than half the engine-3.0.0 size."""
    old = recorded()["cases"][-1]["stored"]
    assert old["dossier"]["reference"] == "BENCH-20"
    new = json.loads(canonical_bytes(compact.encode(_now(old), _packs(old), shape=2)))  # shape 3: test_compact_shape3.py
    value = next(f for f in new["findings"] if f["kind"] == "value_content")
    table = value["figures"]["components"]
    assert table["cols"] == compact.COLS and len(table["rows"]) == 20
    assert all(isinstance(r, list) for r in table["rows"])
    assert len(table["reasons"]) < 20 and len(table["rates"]) == 1
    assert value["steps"][0] == ["scope"] and value["steps"][1] == ["line", 0] and value["steps"][-1] == ["ratio"]
    assert "method" not in value["figures"] and value["figures"]["ratio"] == "0.0001475488"  # figures stay in place
    assert new["readings"][0] == "primary" and len(new["readings"]) > 5  # the declared readings, by position
    assert all(isinstance(r, dict) and "id" not in r and "outcome" in r for r in new["readings"][1:])
    assert new["shape"] == 2
    assert fast_path_applies(new)
    assert len(canonical_bytes(new)) * 2 < len(canonical_bytes(old))


def test_a_value_that_does_not_follow_is_written_as_it_is():
    """The encoder leaves a value out only when re-deriving gives it back: a row whose description
    differs from its dossier line (or a step that differs from its row) stays literal and decodes unchanged."""
    old = copy.deepcopy(recorded()["cases"][-1]["stored"])
    value = next(f for f in old["findings"] if f["kind"] == "value_content")
    value["figures"]["components"][3]["description"] = "not the dossier's words"
    value["steps"][5]["p"]["verdict"] = "changed by hand"
    value["figures"]["method"] = {"en": "another method", "zh": "另一方法", "zh-Hant": "另一方法"}
    packs = _packs(old)
    encoded = json.loads(canonical_bytes(compact.encode(old, packs, shape=3)))  # shape 4 over it: test_shape4.py
    table = next(f for f in encoded["findings"] if f["kind"] == "value_content")["figures"]["components"]
    assert isinstance(table["rows"][3], dict) and isinstance(table["rows"][2], list)
    steps = next(f for f in encoded["findings"] if f["kind"] == "value_content")["steps"]
    assert isinstance(steps[5], dict) and isinstance(steps[4], dict) and steps[3] == ["line", 2]  # row 3 no longer matches its step
    back = compact.decode(encoded, packs)
    assert canonical_bytes(back) == canonical_bytes({k: v for k, v in old.items()})


def test_a_rule_the_packs_do_not_have_is_refused_in_one_sentence():
    """A shape-2 document whose left-out texts cannot be restored (its pack lacks the rule) fails
    with a ReedeskError naming the rule, never a KeyError or a half-restored document."""
    from reedesk.errors import ReedeskError

    new = _now(recorded()["cases"][-1]["stored"])
    packs = {k: v for k, v in _packs(new).items() if k != "cn-mofcom-2025-061"}
    with pytest.raises(ReedeskError, match="cn-mofcom-2025-061"):
        compact.decode(new, packs)


OLD_PACK_PDF = Path(__file__).parent / "data" / "evidence-pack-engine-3.0.0.pdf"
# Made once with the sources of main before the compact shape (commit 14306cd, `git archive 14306cd`, engine 3.0.0):
# `reedesk keys create --name "Old Signer" --role Compliance --org "Test Co"`, `reedesk import --samples`,
# `reedesk export LM-2026-0042 --as-of 2026-11-25 --meaning "Prepared by" --out …`.
OLD_SIGNER = "4A4E-F7C2-5D42-2FAC"


def test_an_evidence_pack_exported_by_engine_3_0_0_still_verifies(capsys):
    """Issue 13 "done when" (earlier packs still verify): a pack whose determination engine 3.0.0 stored in
    shape 1 verifies with this reedesk, its determination re-run to the same bytes in its own shape."""
    from reedesk.services.evaluation import reproduces

    determination, texts = old_pack_verifies(capsys, OLD_SIGNER, OLD_PACK_PDF)
    assert determination["engine"]["version"] == "3.0.0" and "shape" not in determination
    assert reproduces(determination, texts)
    assert not reproduces(dict(determination, notes=determination["notes"][1:]), texts)

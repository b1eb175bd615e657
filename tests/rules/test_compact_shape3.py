"""Stored shape 3 of facts determinations (engine 3.2.0, reedesk.rules.compact), and the shape-2 documents
of engine 3.1.0 written before it.

``data/facts-3.1.0.json.xz`` holds the 58 cases of ``facts-3.0.0.json.xz`` (57 golden cases and the 20-line
benchmark dossier) exactly as engine 3.1.0 stored them in shape 2, recorded from main at 4d15511
(``git archive 4d15511``) with the rule pack texts they name. Issue 13 point 1: the stored document keeps
every figure, step, citation id, reading and decision as data — shape 3 leaves out what the rule's own pack
parameters (named by SHA-256) or a message's other params already say — and determinations written earlier
stay readable, verifiable and re-runnable in their own shape.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from reedesk.canonical import fast_path_applies
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import compact, reproduce_with_engine
# Shape 3 is what engine 3.2.0 wrote; engine 3.3.0 writes shape 4 (tests/rules/test_shape4.py). Here today's engine's
# documents are written in shape 3 (``compact.encode(..., shape=3)``, as a re-run of a 3.2.0 document is).
ENGINE_VERSION = "3.2.0"
from reedesk.rules.render import expand
from tests.rules.recorded import Recorded, old_pack_verifies

FIXTURE = Path(__file__).parent / "data" / "facts-3.1.0.json.xz"


_RECORDED = Recorded(FIXTURE)
recorded, _parsed, _packs, _texts = _RECORDED.recorded, _RECORDED.parsed, _RECORDED.packs, _RECORDED.texts


def _now(doc: dict) -> dict:
    """The same case made by this engine, from the old document's own snapshot, date and inputs."""
    from reedesk.rules import engine

    made = engine.evaluate(doc["dossier"]["snapshot"], [_parsed(p["sha256"]) for p in doc["packs"]],
                           date.fromisoformat(doc["as_of"]), revision=doc["dossier"]["revision"],
                           screening=doc["screening"], licences=tuple(doc["licence_records"]),
                           made_by=doc["engine"]["version"])  # as that engine read the dossier (engine 3.4.0 corrected four readings)
    three = compact.encode(made, [_parsed(p["sha256"]) for p in doc["packs"]], shape=3)
    three["engine"] = {**three["engine"], "version": ENGINE_VERSION}
    return json.loads(canonical_bytes(three))


def _bench() -> tuple[dict, dict]:
    old = recorded()["cases"][-1]["stored"]
    assert old["dossier"]["reference"] == "BENCH-20"
    return old, _now(old)


CASES = range(len(recorded()["cases"]))


def test_the_recording_is_of_engine_3_1_0_in_shape_2():
    cases = recorded()["cases"]
    assert recorded()["engine"] == "3.1.0" and len(cases) >= 50
    assert all(c["stored"]["engine"]["version"] == "3.1.0" and c["stored"]["shape"] == 2 for c in cases)
    assert compact.ENGINE_SHAPES[ENGINE_VERSION] == 3 and compact.ENGINE_SHAPES["3.3.0"] == compact.SHAPE == 4


@pytest.mark.parametrize("index", CASES)
def test_shape_3_holds_the_same_facts_as_shape_2(index):
    """Today's document is shape 3, and writing it in shape 2 gives engine 3.1.0's bytes exactly (bar the
    engine version): shape 3 leaves nothing out that cannot be given back."""
    old = recorded()["cases"][index]["stored"]
    new = _now(old)
    assert new["shape"] == 3 and new["engine"]["version"] == ENGINE_VERSION
    packs = _packs(new)
    two = compact.encode(new, dict(reversed(packs.items())), shape=2)  # the packs in any order (an evidence pack's)
    two["engine"] = old["engine"]
    assert canonical_bytes(two) == canonical_bytes(old)
    assert len(canonical_bytes(new)) <= len(canonical_bytes(old))
    assert fast_path_applies(new)


@pytest.mark.parametrize("index", CASES)
def test_shape_2_documents_expand_the_same_and_re_run_to_their_own_bytes(index):
    """A determination stored by engine 3.1.0 expands to the same prose as today's for the same case, and
    re-running it (evidence verifier, audit verify) gives its own shape-2 bytes back."""
    old = recorded()["cases"][index]["stored"]
    new = _now(old)
    a, b = expand(copy.deepcopy(old)), expand(new)
    for key in set(a) | set(b):
        if key != "engine":
            assert canonical_bytes(a.get(key)) == canonical_bytes(b.get(key)), key
    assert canonical_bytes(reproduce_with_engine(old, _texts(old))) == canonical_bytes(old)


def test_shape_3_documents_re_run_to_their_own_bytes():
    _, new = _bench()
    assert canonical_bytes(reproduce_with_engine(new, _texts(new))) == canonical_bytes(new)


def test_the_20_line_document_leaves_out_what_the_packs_say():
    """Issue 13 point 1, the 20-line benchmark dossier: the pack parameters a rule kind copies into its
    figures (destinations, scopes, codes, stages, thresholds), the Chinese duplicates of a message's params
    (``codes2``, ``else_v``, ``hans``/``hant``), the value rule's column names and its usual step order, and
    alternative readings that found what the primary found are not written; figures that are findings stay."""
    old, new = _bench()
    by_kind: dict = {}
    for f in new["findings"]:
        by_kind.setdefault(f["kind"], []).append(f)
    value = by_kind["value_content"][0]
    table = value["figures"]["components"]
    assert "cols" not in table and len(table["rows"]) == 20 and table["rows"][0] == [False, 0]
    assert value["steps"] == "rows"
    assert value["figures"]["ratio"] == "0.0001475488" and value["figures"]["threshold"] == "0.001"  # the cover reads them
    assert all("destinations" not in f["figures"] for f in by_kind["destination_ban"])
    assert all(set(f["figures"]) <= {"foreign_made_content", "codes"} for f in by_kind["destination_ban"])
    assert all(set(f["figures"]) == {"codes"} for f in by_kind["origin"])
    assert all("figures" not in f for f in by_kind["item_list"] + by_kind["end_use"])  # none left: not written
    assert all("p" not in f["explanation"] for f in by_kind["item_list"])  # code, its Chinese names, the category: all known
    assert "same" in new["readings"] and "unmodelled" in new["readings"]
    size = len(canonical_bytes(new))
    assert size <= 11_650 < len(canonical_bytes(old)), size  # 11,603 B; 17,897 B in shape 2


def test_a_value_that_does_not_follow_is_written_as_it_is():
    """Shape 3 leaves a value out only when re-deriving it gives it back: a figure that is not its rule's
    pack parameter, or a Chinese param that is not the English one re-punctuated, stays and decodes unchanged."""
    _, new = _bench()
    packs = _packs(new)
    one = compact.decode(new, packs)
    dest = next(f for f in one["findings"] if f["kind"] == "destination_ban")
    dest["figures"]["destinations"] = ["US", "KP"]
    item = next(f for f in one["findings"] if f["kind"] == "item_list")
    assert item["explanation"]["t"] == "engine.no_effect"  # shape 1 wraps a rule without effect
    item["explanation"]["p"]["text"]["p"]["hant"] = "另一個代碼"
    three = json.loads(canonical_bytes(compact.encode(one, packs, shape=3)))
    assert three["shape"] == 3
    back_dest = next(f for f in three["findings"] if f["rule"] == dest["rule"])
    assert back_dest["figures"]["destinations"] == ["US", "KP"]
    back_item = next(f for f in three["findings"] if f["rule"] == item["rule"])
    assert back_item["explanation"]["p"]["hant"] == "另一個代碼" and "hans" not in back_item["explanation"]["p"]
    assert canonical_bytes(compact.decode(three, packs)) == canonical_bytes(one)


def test_what_shape_3_cannot_write_is_written_in_shape_2():
    """A message lacking a param shape 3 would give back on reading (its decoder would add it) cannot be
    written in shape 3: the document is stored in shape 2, which decodes to it exactly."""
    _, new = _bench()
    packs = _packs(new)
    one = compact.decode(new, packs)
    item = next(f for f in one["findings"] if f["kind"] == "item_list")
    del item["explanation"]["p"]["text"]["p"]["hans"]
    written = json.loads(canonical_bytes(compact.encode(one, packs)))  # shape 4 is written over shape 3 only
    assert written["shape"] == 2
    assert canonical_bytes(compact.decode(written, packs)) == canonical_bytes(one)


def test_a_rule_the_packs_do_not_have_is_refused_in_one_sentence():
    from reedesk.errors import ReedeskError

    _, new = _bench()
    packs = {k: v for k, v in _packs(new).items() if k != "cn-mofcom-2025-056"}
    with pytest.raises(ReedeskError, match="cn-mofcom-2025-056"):
        compact.decode(new, packs)


OLD_PACK_PDF = Path(__file__).parent / "data" / "evidence-pack-engine-3.1.0.pdf"
# Made once with the sources of main before shape 3 (`git archive 4d15511`, engine 3.1.0):
# `reedesk keys create --name "Old Signer" --role Compliance --org "Test Co"`, `reedesk import --samples`,
# `reedesk export LM-2026-0042 --as-of 2026-11-25 --meaning "Prepared by" --out …`.
OLD_SIGNER = "F856-B042-610C-4FAA"


def test_an_evidence_pack_exported_by_engine_3_1_0_still_verifies(capsys):
    """Issue 13 "done when" (earlier packs still verify): a pack whose determination engine 3.1.0 stored in
    shape 2 verifies, its determination re-run to the same bytes in its own shape; a changed one does not."""
    from reedesk.services.evaluation import reproduces

    determination, texts = old_pack_verifies(capsys, OLD_SIGNER, OLD_PACK_PDF)
    assert determination["engine"]["version"] == "3.1.0" and determination["shape"] == 2
    assert reproduces(determination, texts)
    assert not reproduces(dict(determination, notes=determination["notes"][1:]), texts)

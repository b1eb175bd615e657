"""Facts determinations (reedesk.determination/2) render to exactly the prose of before.

``data/golden-determinations.json.xz`` holds every determination the rules tests made with
the 2.0.0 engine (reedesk.determination/1, all prose inline), recorded before the engine
stored facts: inputs (snapshot, pack texts, as-of date, screening, licences) and output.
Each is re-made now and :func:`reedesk.rules.render.expand` must give back every field
byte for byte (only ``schema``, ``engine`` and the new ``texts`` field may differ), so the
readers of a determination — evidence pack, GUI, CLI memo — show the same text.
"""

from __future__ import annotations

import json
import lzma
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import parse_pack
from reedesk.rules.render import expand

GOLDEN = Path(__file__).parent / "data" / "golden-determinations.json.xz"
VOLATILE = ("schema", "engine", "texts")


@lru_cache(maxsize=1)
def golden() -> dict:
    with lzma.open(GOLDEN, "rt", encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def pack(sha256: str):
    return parse_pack(golden()["packs"][sha256], f"golden pack {sha256[:12]}")


def _without(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in VOLATILE}


def _remake(call: dict) -> dict:
    """The recorded call made again by this engine with the readings the recording was made under: engine 3.4.0
    corrected four (docs/determination.md "Engine 3.4.0", tests/rules/test_engine_3_4.py), which changes some of
    these cases' answers; what this file proves is that storing facts loses no prose, so it compares like with like."""
    i = call["input"]
    return evaluate(i["snapshot"], [pack(s) for s in i["packs"]], date.fromisoformat(i["as_of"]), revision=i["revision"],
                    screening=i["screening"], licences=i["licences"], made_by="3.3.0")


def test_golden_has_the_cases():
    """The recording covers the rules tests' determinations (hundreds, with readings and screening)."""
    calls = golden()["calls"]
    assert len(calls) > 300
    assert any(c["input"]["screening"] for c in calls)
    assert any(len(c["output"]["readings"]) > 1 for c in calls)


@pytest.mark.parametrize("index", range(len(golden()["calls"])))
def test_expand_reproduces_the_recorded_prose(index, monkeypatch):
    """FORMATS.md determination section: every 0.1 field, prose in en/zh-Hans/zh-Hant, unchanged by
    storing facts (issue 13 point 1: "the same outcomes and the same PDF text"). The stored document is
    written in the current shape (4: its stored bytes without the dossier snapshot, which the revision holds) and,
    given its snapshot, decodes to exactly the facts the engine had before writing it."""
    from reedesk.rules import compact
    from reedesk.rules.shape4 import attach_snapshot, stored_bytes

    call = golden()["calls"][index]
    made: list = []
    encode = compact.encode
    monkeypatch.setattr(compact, "encode", lambda doc, packs, **kw: (made.append((canonical_bytes(doc), packs)), encode(doc, packs, **kw))[1])
    attached = _remake(call)
    monkeypatch.undo()
    stored = json.loads(stored_bytes(attached))
    assert stored["shape"] == compact.SHAPE and "snapshot" not in stored["dossier"]
    stored = attach_snapshot(stored, attached["dossier"]["snapshot"])  # checked against dossier.sha256
    facts, packs = made[-1]
    assert canonical_bytes(compact.decode(stored, {p.id: p for p in packs})) == facts
    new = expand(stored)
    want = _without(call["output"])
    got = _without(new)
    for key in want:
        assert canonical_bytes(got.get(key)) == canonical_bytes(want[key]), key
    assert set(got) >= set(want)

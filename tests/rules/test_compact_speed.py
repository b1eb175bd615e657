"""The stored-shape encoder's faster comparisons write exactly the bytes the encoder of c302339 wrote (issue 13).

Why: ``reedesk.rules.compact.encode`` leaves a value out of the stored determination only when deriving it again
gives it back exactly (that is what makes ``decode`` lossless, so what makes signed determinations re-render and
re-run the same). Session 5 made those comparisons cheaper (rules found by article from a per-pack table, values
compared as Python values where their types are plain, derived values' bytes made once per pack object). A cheaper
comparison that is wrong in one odd case would write a document that decodes to something else; so the encoder as
it was (``test_compact_speed_oracle.py``, a verbatim copy) is the oracle: the same canonical bytes in shape 2 and
shape 3 for every document the engine makes in the golden cases and the benchmark dossiers, and for documents
changed at random places (a value swapped for another, its type twisted — ``True`` for ``1``, ``1.0`` for ``1``,
a list for a string — or a key dropped), where the two must also fail alike.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import lzma
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import compact
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.messages import Msg
from reedesk.rules.packs import parse_pack, shipped_packs
from tests.rules import test_compact_speed_oracle as oracle

GOLDEN = Path(__file__).parent / "data" / "golden-determinations.json.xz"
BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "rules_engine.py"


@lru_cache(maxsize=1)
def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_rules_engine", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def engine_documents() -> tuple[tuple[dict[str, Any], dict[str, Any]], ...]:
    """(shape-1 document, packs by id) as the engine hands them to ``compact.encode``: every golden case and the
    1-, 20- and 200-line benchmark dossiers (the values are the engine's own objects: ``Msg`` messages included)."""
    captured: list[tuple[dict[str, Any], dict[str, Any]]] = []
    real = compact.encode

    def capture(document: dict[str, Any], packs: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        captured.append((document, dict(packs) if isinstance(packs, Mapping) else {p.id: p for p in packs}))
        return real(document, packs, *args, **kwargs)

    with lzma.open(GOLDEN, "rt", encoding="utf-8") as f:
        golden = json.load(f)
    parsed: dict[str, Any] = {}

    def pack(sha256: str) -> Any:
        if sha256 not in parsed:
            parsed[sha256] = parse_pack(golden["packs"][sha256], f"golden pack {sha256[:12]}")
        return parsed[sha256]

    compact.encode = capture
    try:
        for call in golden["calls"]:
            i = call["input"]
            evaluate(i["snapshot"], [pack(s) for s in i["packs"]], date.fromisoformat(i["as_of"]), revision=i["revision"],
                     screening=i["screening"], licences=i["licences"])
        bench = _bench()
        for lines in (1, 20, 200):
            evaluate(bench.dossier(lines), shipped_packs(), bench.AS_OF)
    finally:
        compact.encode = real
    return tuple(captured)


def _outcome(encoder: Any, document: dict[str, Any], by_id: Mapping[str, Any], shape: int) -> tuple[str, Any]:
    """What ``encoder`` writes for ``document`` in ``shape``: its canonical bytes (orjson's, sorted: the oracle
    compared with them, and they take any JSON value), or the kind of error it stops with."""
    try:
        written = encoder(copy.deepcopy(document), by_id, shape)
        return "bytes", orjson.dumps(written, option=orjson.OPT_SORT_KEYS)
    except Exception as e:  # noqa: BLE001 — the two must fail alike, whatever the failure
        return "error", type(e).__name__


def test_the_engines_documents_are_written_as_the_oracle_wrote_them_in_shapes_2_and_3():
    documents = engine_documents()
    assert len(documents) >= 650  # 648 golden cases and 3 benchmark dossiers
    differing = []
    for n, (document, by_id) in enumerate(documents):
        for shape in (2, 3):
            mine = canonical_bytes(compact.encode(document, by_id, shape))
            theirs = canonical_bytes(oracle.encode(document, by_id, shape))
            if mine != theirs:
                differing.append((n, shape))
    assert differing == []
    # and the shapes really are written (a fast path that gave up everywhere would pass the comparison above)
    bench20, packs = next(x for x in documents if x[0]["dossier"]["reference"] == "BENCH-20")
    three = compact.encode(bench20, packs, 3)
    # the value rule's finding by its rule, not its position (No. 57 pack 2026.3 added rules before it)
    at = next(i for i, f in enumerate(bench20["findings"]) if f.get("rule") == "cn-mofcom-2025-061:I(1)")
    steps = three["findings"][at]["steps"]
    # every working step a reference ("rows": all of them) but, since engine 3.6.0, the rate rule's step, which states
    # No. 61's pack words (deminimis: known_only) and has no shape-3 reference, so it is written as it is
    assert three["shape"] == 3 and (steps == "rows" or (
        [s for s in steps if not isinstance(s, list)] == [s for s in bench20["findings"][at]["steps"] if s.get("t") == "deminimis.check.11"]
        and len(steps) > 20 and three["engine"]["version"] == ENGINE_VERSION))
    assert len(canonical_bytes(three)) < len(canonical_bytes(bench20)) / 3


def test_plain_dict_documents_are_written_as_the_oracle_wrote_them():
    """The same documents read back from JSON (plain dicts where the engine had ``Msg`` objects: the encoder
    reads both, e.g. a re-run of a stored document)."""
    differing = []
    for n, (document, by_id) in enumerate(engine_documents()[::7]):
        plain = json.loads(canonical_bytes(document))
        assert not isinstance(plain["outcome_name"], Msg)
        for shape in (2, 3):
            if canonical_bytes(compact.encode(plain, by_id, shape)) != canonical_bytes(oracle.encode(plain, by_id, shape)):
                differing.append((n, shape))
    assert differing == []


# -- documents changed at random places ---------------------------------------------------------------------
_WORDS = ["", "CN", "USD", "CNY", "0.1400", "not_controlled", "does_not_apply", "none", "control", "n", "t", "p",
          "deminimis.check.10", "label.civil", "rows", "primary", "same", "L1", "line 1", "Sm", "in", "outside"]
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-2, 40), st.sampled_from([0.0, -0.0, 1.0, 2.5]),
                    st.sampled_from(_WORDS), st.text(max_size=3))
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["t", "p", "n", "en", "id", "index", "text", "items", "sep"]), inner, max_size=3)),
    max_leaves=5)


def _twisted(value: Any) -> Any:
    """The same value as ``==`` sees it, of another JSON type where one exists (what ``==`` alone cannot tell)."""
    if value is True:
        return 1
    if value is False:
        return 0
    if type(value) is int:
        return float(value) if value not in (0, 1) else bool(value)
    if type(value) is float:
        return -value if value == 0 else int(value) if value == int(value) else value
    if type(value) is str:
        return [value]
    if type(value) is Msg:
        return dict(value)
    if type(value) is dict and isinstance(value.get("t"), str):
        return Msg(value)
    if type(value) is list:
        return tuple(value)
    return value


def _places(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in ``document``."""
    out: list[tuple[Any, Any]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            out.append((node, key))
            if isinstance(value, (dict, list)):
                stack.append(value)
    return out


@lru_cache(maxsize=1)
def _bases() -> tuple[tuple[dict[str, Any], dict[str, Any]], ...]:
    documents = engine_documents()
    bench20 = next(x for x in documents if x[0]["dossier"]["reference"] == "BENCH-20")
    with_value_rule = [x for x in documents if any(f.get("kind") == "value_content" and f.get("steps")
                                                   for f in x[0]["findings"])]
    return (bench20, *documents[::97], *with_value_rule[::25])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_changed_documents_are_written_as_the_oracle_wrote_them_or_refused_alike(data):
    base, by_id = data.draw(st.sampled_from(_bases()), label="base document")
    document = copy.deepcopy(base)
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        places = _places(document)
        how = data.draw(st.sampled_from(["twist a number", "twist alike", "twist", "replace", "drop", "copy"]), label="how")
        if how == "twist a number":  # where == alone cannot tell True from 1 or 1 from 1.0
            places = [(n, k) for n, k in places if type(n[k]) in (bool, int, float)] or places
        node, key = places[data.draw(st.integers(0, len(places) - 1), label="place")]
        if how == "twist alike":  # the same value twisted at several of its places (a row and its dossier line)
            value = node[key]
            for other, other_key in places:
                if type(other[other_key]) is type(value) and other[other_key] == value and data.draw(st.booleans()):
                    other[other_key] = _twisted(value)
        elif how.startswith("twist"):
            node[key] = _twisted(node[key])
        elif how == "replace":
            node[key] = data.draw(_VALUES, label="value")
        elif how == "drop" and isinstance(node, dict):
            del node[key]
        else:
            other_node, other_key = places[data.draw(st.integers(0, len(places) - 1), label="from")]
            node[key] = copy.deepcopy(other_node[other_key])
    for shape in (2, 3):
        assert _outcome(compact.encode, document, by_id, shape) == _outcome(oracle.encode, document, by_id, shape)

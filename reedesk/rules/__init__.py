"""The rules engine and its rule kinds.

:func:`reproduce_with_engine` re-runs a stored determination with the engine
version that made it: the current engine, or the frozen 0.1.0 engine
(``reedesk.rules.v1``, engine 1.1.0) for determinations exported by reedesk 0.1.0.
"""

from __future__ import annotations

from typing import Any, Sequence

V1_ENGINE_VERSIONS = ("1.0.0", "1.1.0")
# Engines whose documents the current engine remakes in their own stored shape (reedesk.rules.compact):
# 3.0.0 wrote shape 1 (no "shape" field); the same facts, every per-line figure and step written out.
SHAPE1_ENGINE_VERSIONS = ("3.0.0",)
# 3.1.0 wrote shape 2 (engine 3.2.0 writes shape 3: pack parameters and derivable params left out).
SHAPE2_ENGINE_VERSIONS = ("3.1.0",)
# 3.2.0 wrote shape 3 (engine 3.3.0 and later write shape 4: no dossier snapshot, no derivable reviewed_until).
SHAPE3_ENGINE_VERSIONS = ("3.2.0",)
# 3.3.0, 3.4.0, 3.5.0 and 3.6.0 wrote shape 4 as 3.7.0 does, with the readings their engines took (reedesk.rules.engine._BEFORE_3_4,
# _BEFORE_3_5, …): 3.3.0 left an unnamed party out of screening; 3.4.0 read a sale inside one foreign country as a No. 61 export.
# 3.5.0 read an exchange rate dated after the as-of date as usable (with a warning) when no earlier one was stated.
# 3.6.0 rounded the value rule's sums to 34 digits and read content valued 0 of an item valued 0 as below the threshold.
SHAPE4_ENGINE_VERSIONS = ("3.3.0", "3.4.0", "3.5.0", "3.6.0")
# Every older engine whose documents the current one re-runs exactly (in their own shape).
OTHER_SHAPE_ENGINE_VERSIONS = SHAPE1_ENGINE_VERSIONS + SHAPE2_ENGINE_VERSIONS + SHAPE3_ENGINE_VERSIONS + SHAPE4_ENGINE_VERSIONS


def engine_version_of(document: dict[str, Any]) -> str | None:
    """The engine version a determination document names, or None."""
    engine = document.get("engine") if isinstance(document, dict) else None
    version = engine.get("version") if isinstance(engine, dict) else None
    return version if isinstance(version, str) else None


def reproduce_with_engine(document: dict[str, Any], pack_texts: Sequence[str], parsed: Sequence[Any] | None = None) -> dict[str, Any]:
    """Re-run ``document`` (a determination) from its embedded snapshot, as-of date and
    inputs with the rule packs ``pack_texts`` (TOML texts, as embedded in an evidence
    pack), using the engine version the document names. A shape-4 document (engine 3.3.0) must come with its
    snapshot attached (:func:`reedesk.rules.shape4.attach_snapshot`); the result is in the attached form too:
    compare :func:`reedesk.rules.shape4.stored_bytes` of both.

    Engine 1.x (reedesk 0.1.0) → the frozen copy in :mod:`reedesk.rules.v1`, whose pack
    parser is the 0.1.0 one too; the current engine version → the current engine.
    Raises :class:`reedesk.errors.ReedeskError` for an engine version this reedesk does
    not carry, naming it, and for a document without snapshot or as-of date.
    Compare ``canonical_bytes`` of the result with the original to verify it.
    ``parsed``: the current engine's parse of ``pack_texts`` when the caller has it already
    (the verifier parses them to check their hashes), so the nine packs are not parsed twice.
    """
    from datetime import date

    from reedesk.errors import ReedeskError
    from reedesk.rules import engine

    from reedesk.rules.shape4 import SHAPE as SHAPE4, require_snapshot

    if isinstance(document, dict) and document.get("shape") == SHAPE4:
        require_snapshot(document)  # a shape-4 document is re-run with its attached snapshot (shape4.attach_snapshot)
    try:
        snapshot = document["dossier"]["snapshot"]
        revision = document["dossier"].get("revision")
        as_of = date.fromisoformat(document["as_of"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ReedeskError("The determination has no readable dossier snapshot or as-of date.") from None
    version = engine_version_of(document)
    if version in V1_ENGINE_VERSIONS:
        from reedesk.rules.v1 import engine as v1_engine
        from reedesk.rules.v1.packs import parse_pack as v1_parse

        packs = [v1_parse(text, f"embedded rule pack {i + 1}") for i, text in enumerate(pack_texts)]
        result = v1_engine.evaluate(snapshot, packs, as_of, revision=revision)
        if version != v1_engine.ENGINE_VERSION:
            raise ReedeskError(f"The determination was made by engine {version}; this reedesk carries engine 1.1.0 "
                               f"and {engine.ENGINE_VERSION}, so it cannot be re-run exactly.")
        return result
    if version != engine.ENGINE_VERSION and version not in OTHER_SHAPE_ENGINE_VERSIONS:
        raise ReedeskError(f"The determination was made by rules engine {version!r}; this reedesk carries engines "
                           f"1.1.0 and {engine.ENGINE_VERSION}, so it cannot be re-run with the engine that made it.")
    from reedesk.rules.packs import parse_pack

    packs = list(parsed) if parsed is not None else [parse_pack(text, f"embedded rule pack {i + 1}") for i, text in enumerate(pack_texts)]
    from reedesk.rules.messages import texts_by_sha256

    named = document.get("texts") if isinstance(document.get("texts"), dict) else {}
    texts = texts_by_sha256(named["sha256"]) if isinstance(named.get("sha256"), str) else None  # the one it names
    result = engine.evaluate(snapshot, packs, as_of, revision=revision, screening=document.get("screening"),
                             licences=tuple(document.get("licence_records") or ()), made_by=version, texts=texts)
    if version in SHAPE4_ENGINE_VERSIONS:  # the shape this engine writes; only the version differs
        result["engine"] = {**result["engine"], "version": version}
    elif version in OTHER_SHAPE_ENGINE_VERSIONS:  # the same facts, written in that engine's (longer) stored shape
        from reedesk.rules.compact import ENGINE_SHAPES, encode

        named = {p.get("sha256") for p in result.get("packs") or [] if isinstance(p, dict)}
        result = encode(result, {p.id: p for p in packs if p.sha256 in named}, shape=ENGINE_SHAPES[version])
        result["engine"] = {**result["engine"], "version": version}
    return result

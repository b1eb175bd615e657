"""What the current engine answers for a determination an older engine made.

A determination re-runs with the engine version it names (``reproduce_with_engine``), so a stored 3.4.0 document
keeps its bytes after an upgrade. The same property lets anyone who writes the document themselves pick an older
engine's reading — one the later engines corrected (docs/determination.md, "Engine 3.5.0" …) — and still have it
"reproduce". The verifier and ``audit verify`` therefore also ask the current engine, on the same snapshot, packs,
screening and licences, and say so when its outcome differs: the reader sees that the reading is superseded,
whether the document is an honest old one or a chosen one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence


def superseded_outcome(document: dict[str, Any], packs: Sequence[Any]) -> tuple[str, str] | None:
    """``(made_by, current outcome)`` when ``document`` was made by an older engine of the current line (3.x, whose
    packs the current engine reads) and the current engine gives another outcome on the same inputs; None when the
    engine is the current one, the outcome is the same, or the document cannot be re-read this way (engine 1.x
    documents embed 0.1.0 packs in the first pack format). ``document``: a determination with its snapshot attached,
    as :func:`reedesk.rules.reproduce_with_engine` takes it; ``packs``: the parsed packs it names."""
    from reedesk.rules import OTHER_SHAPE_ENGINE_VERSIONS, engine, engine_version_of

    made_by = engine_version_of(document)
    if made_by == engine.ENGINE_VERSION or made_by not in OTHER_SHAPE_ENGINE_VERSIONS:
        return None
    try:
        dossier = document["dossier"]
        now = engine.evaluate(dossier["snapshot"], list(packs), date.fromisoformat(document["as_of"]),
                              revision=dossier.get("revision"), screening=document.get("screening"),
                              licences=tuple(document.get("licence_records") or ()))
    except Exception:  # noqa: BLE001 — the document re-ran with its own engine; a question the current one cannot
        return None  # answer (a field it reads otherwise) is no finding against it
    outcome = now.get("outcome")
    if not isinstance(outcome, str) or outcome == document.get("outcome"):
        return None
    return made_by, outcome

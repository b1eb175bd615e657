"""The screening record kept in a dossier at each party: ``shipment.end_user.screening`` (0.1),
and since 0.2 also ``shipment.importer.screening``, ``shipment.consignee.screening`` and
``<party>.owners[i].screening``.

It is an additive extension of ``reedesk.dossier/1`` (unknown fields already
round-trip), so determinations embed it in their snapshot and the verifier,
re-running the engine, reproduces the same end-user finding without the lists.
This module builds the record (services) and reads it back leniently (the rule):
a hand-edited or hostile record yields a named problem, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from reedesk.screening.lists import LIST_KINDS, ScreeningList
from reedesk.screening.matching import METHOD, Hit

DECISIONS = ("confirmed", "cleared")
FIELD = "screening"


@dataclass(frozen=True)
class RecordedHit:
    n: int
    list_id: str
    list_kind: str
    entry_id: str
    entry_name: str
    score: str
    source: str
    decision: str | None
    reason: str | None
    decided_by: str | None
    decided_at: str | None


@dataclass(frozen=True)
class ScreeningRecord:
    name: str
    screened_at: str
    hits: tuple[RecordedHit, ...]
    list_ids: tuple[str, ...]


def build_record(
    name: str, hits: Sequence[Hit], lists: Sequence[ScreeningList], threshold: str, screened_at: str, screened_by: str,
    decisions: dict[int, dict[str, str]],
) -> dict[str, Any]:
    """The JSON object stored in the dossier; ``decisions`` maps hit number (1-based) to
    ``{"decision", "reason", "decided_by", "decided_at"}``."""
    out_hits = []
    for n, hit in enumerate(hits, start=1):
        d = decisions.get(n, {})
        out_hits.append({"n": n, **hit.document(), "decision": d.get("decision"), "reason": d.get("reason"),
                         "decided_by": d.get("decided_by"), "decided_at": d.get("decided_at")})
    return {
        "name": name, "screened_at": screened_at, "screened_by": screened_by, "threshold": threshold,
        "method": METHOD,
        "lists": [lst.summary() for lst in lists], "hits": out_hits,
    }


def read_record(value: Any, where: str = "shipment.end_user.screening") -> ScreeningRecord | str:
    """The record, or a sentence saying what is wrong with it (for the rule to report); ``where``
    is the record's JSON path (any party's ``<party>.screening`` since 0.2)."""
    if not isinstance(value, dict):
        return f"{where} must be an object"
    name, at = value.get("name"), value.get("screened_at")
    if not isinstance(name, str) or not name.strip():
        return f"{where}.name must name the party that was screened"
    if not isinstance(at, str) or not at.strip():
        return f"{where}.screened_at must be a timestamp"
    lists = value.get("lists", [])
    if not isinstance(lists, list) or not all(isinstance(x, dict) and isinstance(x.get("id"), str) for x in lists):
        return f"{where}.lists must be an array of objects with an id"
    raw = value.get("hits", [])
    if not isinstance(raw, list):
        return f"{where}.hits must be an array"
    hits = []
    for i, h in enumerate(raw):
        w = f"{where}.hits[{i}]"
        if not isinstance(h, dict):
            return f"{w} must be an object"
        for key in ("list", "list_kind", "entry"):
            if not isinstance(h.get(key), str):
                return f"{w}.{key} must be text"
        if h["list_kind"] not in LIST_KINDS:
            return f"{w}.list_kind {h['list_kind']!r} is not one of {', '.join(LIST_KINDS)}"
        decision = h.get("decision")
        if decision is not None and decision not in DECISIONS:
            return f"{w}.decision {decision!r} is not confirmed, cleared or null"
        reason = h.get("reason")
        if decision is not None and (not isinstance(reason, str) or not reason.strip()):
            return f"{w}.reason must say why the hit was {decision}"
        text = lambda k: h.get(k) if isinstance(h.get(k), str) else None  # noqa: E731
        hits.append(RecordedHit(
            n=h["n"] if isinstance(h.get("n"), int) and not isinstance(h.get("n"), bool) else i + 1,
            list_id=h["list"], list_kind=h["list_kind"], entry_id=h["entry"], entry_name=text("entry_name") or h["entry"],
            score=str(h.get("score", "")), source=text("source") or "", decision=decision, reason=reason if decision else None,
            decided_by=text("decided_by"), decided_at=text("decided_at"),
        ))
    return ScreeningRecord(name=name, screened_at=at, hits=tuple(hits), list_ids=tuple(x["id"] for x in lists))

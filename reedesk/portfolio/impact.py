"""Impact of a change on a portfolio: which dossiers change outcome (``reedesk impact``).

Pure: given each dossier's determination now and under the change, list those whose
outcome differs, with old → new outcome and the decisive rule (the rule that decides the
new outcome, or, when the new outcome rests on no rule, the one that decided the old).
With no change named, each declared reading of an open point is the change: a dossier is
listed once per reading whose outcome differs from the primary reading's.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from reedesk.rules.text import OUTCOME_NAMES, Text, tx

SCHEMA = "reedesk.impact/1"


def _decisive(det: Mapping[str, Any]) -> list[dict[str, Any]]:
    rules = set(det.get("decisive") or [])
    return [{"rule": f["rule"], "citation": f["citation"]["text"]} for f in det.get("findings", []) if f["rule"] in rules]


def _name(outcome: str) -> Text:
    return dict(OUTCOME_NAMES.get(outcome, tx(outcome, outcome, outcome)))


def change_row(reference: str, client: str, revision: int, old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any] | None:
    """The row of a dossier whose outcome differs between two determinations, else None."""
    if old["outcome"] == new["outcome"]:
        return None
    from reedesk.rules.render import expand  # prose and citations from the expanded view (contract C1)

    old, new = expand(dict(old)), expand(dict(new))
    decisive = _decisive(new) or _decisive(old)
    return {"reference": reference, "client": client, "revision": revision, "change": None,
            "old": old["outcome"], "new": new["outcome"], "old_name": _name(old["outcome"]), "new_name": _name(new["outcome"]),
            "old_decisive": list(old.get("decisive") or []), "new_decisive": list(new.get("decisive") or []),
            "decisive": decisive, "summary": new.get("summary")}


def reading_rows(reference: str, client: str, revision: int, det: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per declared reading whose outcome differs from the primary reading's."""
    from reedesk.rules.render import expand  # descriptions and citations from the expanded view (contract C1)

    det = expand(dict(det))
    out = []
    for r in det.get("readings") or []:
        if r.get("primary") or r.get("outcome") is None or r.get("outcome") == det["outcome"]:  # None: stated, not evaluated
            continue
        out.append({"reference": reference, "client": client, "revision": revision, "change": r["id"],
                    "old": det["outcome"], "new": r["outcome"], "old_name": _name(det["outcome"]), "new_name": _name(r["outcome"]),
                    "old_decisive": list(det.get("decisive") or []), "new_decisive": list(r.get("decisive") or []),
                    "decisive": _decisive({"decisive": r.get("decisive") or det.get("decisive"), "findings": det.get("findings", [])}),
                    "reading": {k: r.get(k) for k in ("id", "point", "description", "source", "status")},
                    "summary": r.get("summary")})
    return out


def by_client(rows: Iterable[Mapping[str, Any]], key: str) -> dict[str, dict[str, int]]:
    """Outcome counts per client (``key`` = "old" or "new"), for the chart."""
    counts: dict[str, Counter[str]] = {}
    for r in rows:
        counts.setdefault(r["client"], Counter())[r[key]] += 1
    return {c: dict(sorted(n.items())) for c, n in sorted(counts.items())}


def document(change: dict[str, Any], rows: list[dict[str, Any]], *, as_of: str, client: str | None, total: int,
             evaluated: list[dict[str, Any]], failures: list[tuple[str, str]], skipped: list[str], cancelled: bool) -> dict[str, Any]:
    """The ``reedesk.impact/1`` document. ``evaluated``: one {reference, client, old, new} per dossier."""
    return {
        "schema": SCHEMA, "as_of": as_of, "client": client, "change": change,
        "total": total, "evaluated": len(evaluated), "changed": len({r["reference"] for r in rows}),
        "rows": rows,
        "counts_now": by_client(evaluated, "old"), "counts_changed": by_client(evaluated, "new"),
        "failures": [{"reference": r, "message": m} for r, m in failures], "skipped_scenario": skipped,
        "cancelled": cancelled, "stored": None,
    }

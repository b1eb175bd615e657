"""What a determination rests on, read defensively for the cover and the reviewer.

A licence officer needs four things before trusting an outcome: was every party
screened, against which list versions, with which hits and decisions (the
determination's ``screening``, FORMATS.md 0.2); is any required data missing
(``missing``); are the rule packs reviewed up to the as-of date (the coverage caveat);
and would a declared alternative reading of an open point change the outcome
(``readings``). Determinations made by 0.1.0 have no ``screening`` or ``readings``:
every field is read as optional, and absence is reported as such, never guessed.
"""

from __future__ import annotations

from typing import Any

ROLES = ("end_user", "importer", "consignee", "owner")


def screening_status(determination: dict[str, Any]) -> dict[str, Any]:
    """``{"screened": bool, "lists": [{"id","version","name"}], "parties": [{"role","name","path","owner_of","share",
    "hits": [{"list_id","entry_name","decision"}], "open": n, "confirmed": n, "cleared": n}]}``."""
    doc = determination.get("screening")
    if not isinstance(doc, dict):
        return {"screened": False, "lists": [], "parties": [], "as_of": None}
    lists = [
        {"id": str(item.get("id") or "?"), "version": str(item.get("version") or "?"),
         "name": item.get("name") if isinstance(item.get("name"), dict) else {}}
        for item in doc.get("lists") or [] if isinstance(item, dict)
    ]
    parties = []
    for party in doc.get("parties") or []:
        if not isinstance(party, dict):
            continue
        hits = [h for h in party.get("hits") or [] if isinstance(h, dict)]
        decisions = [str(h.get("decision") or "") for h in hits]
        parties.append({
            "role": str(party.get("role") or "party"), "name": str(party.get("name") or "—"), "path": party.get("path"),
            "owner_of": party.get("owner_of"), "share": party.get("share"),
            "hits": [{"list_id": str(h.get("list_id") or "?"), "entry_name": str(h.get("entry_name") or h.get("entry_id") or "?"),
                      "decision": h.get("decision")} for h in hits],
            "open": sum(1 for d in decisions if d not in ("confirmed", "cleared")),
            "confirmed": decisions.count("confirmed"), "cleared": decisions.count("cleared"),
        })
    return {"screened": True, "lists": lists, "parties": parties, "as_of": doc.get("as_of")}


def missing_fields(determination: dict[str, Any]) -> list[str]:
    out = []
    for item in determination.get("missing") or []:
        if isinstance(item, dict):
            out.append(str(item.get("field") or item.get("path") or "?"))
        elif item is not None:
            out.append(str(item))
    return out


def outcome_changing_readings(determination: dict[str, Any]) -> list[dict[str, Any]]:
    """Declared alternative readings whose outcome differs from the determination's."""
    outcome = determination.get("outcome")
    out = []
    for reading in determination.get("readings") or []:
        if not isinstance(reading, dict) or reading.get("primary"):
            continue
        if reading.get("outcome") is not None and reading.get("outcome") != outcome:
            out.append({"id": str(reading.get("id") or "?"), "outcome": str(reading.get("outcome")),
                        "description": reading.get("description") if isinstance(reading.get("description"), dict) else {},
                        "status": reading.get("status"), "source": reading.get("source")})
    return out


def has_readings(determination: dict[str, Any]) -> bool:
    return isinstance(determination.get("readings"), list)

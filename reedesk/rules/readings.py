"""Readings: the open points of the law, evaluated under each declared reading.

A pack may declare ``[[open_points]]``, each with readings (one primary). The
determination's outcome is the primary readings'; then, one open point at a time
(never combined), each alternative is applied to the packs (its ``set``/``add``
patches, :func:`reedesk.rules.packs.patched_pack`) and the dossier evaluated again.
The determination carries every reading with its outcome (FORMATS.md 0.2
``readings``), and the summary says in one sentence where an alternative gives
another outcome ("Licence required; suspended instead if the reported extension to
2027-01-10 holds (unconfirmed)."). A pack that settles a point (``pack.settles``)
removes it from the packs that declared it, without a release.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from reedesk.rules.memo import remember
from reedesk.errors import ValidationFailed
from reedesk.rules.packs import OpenPoint, Patch, Reading, RulePack, patched_pack
from reedesk.rules.messages import Msg, join, msg
from reedesk.rules.text import Text, tx

# Short outcome names for the readings sentence.
SHORT: dict[str, Text] = {
    "not_controlled": msg("readings.module.1"),
    "license_required": msg("readings.module.2"),
    "license_required_presumption_of_denial": msg("readings.module.3"),
    "case_by_case": msg("readings.module.4"),
    "prohibited": msg("readings.module.5"),
    "exempt_report_required": msg("readings.module.6"),
    "suspended": msg("readings.module.7"),
    "insufficient_data": msg("readings.module.8"),
}
STATUS: dict[str, Text] = {
    "text": msg("readings.module.9"),
    "reported_unconfirmed": msg("readings.module.10"),
    "commentary": msg("readings.module.11"),
    "reedesk_reading": msg("readings.module.12"),
    "settled": msg("readings.module.13"),
    "primary": msg("readings.module.14"),
}

_CACHE: dict[tuple[str, str, str, str], RulePack] = {}


def open_points(chosen: Sequence[RulePack]) -> list[OpenPoint]:
    """The open points of the packs in use, minus those another pack in use settles."""
    settled = {pid for p in chosen for pid in p.settles}
    return [pt for p in chosen for pt in p.open_points if pt.id not in settled]


# variant_packs' answers by (the pack objects in use, open point, reading): a RulePack hashes by identity and the key
# holds its packs, so the same packs are never taken for others; every evaluation asks again for each reading (issue 13).
_VARIANTS: dict[tuple[Any, ...], "tuple[RulePack, ...] | str"] = {}


def variant_packs(chosen: Sequence[RulePack], point: OpenPoint, reading: Reading) -> list[RulePack] | str:
    """The packs as they read under ``reading``, or why the reading cannot be applied."""
    key = (tuple(chosen), point.pack, point.id, reading.id)
    found = _VARIANTS.get(key)
    if found is None:
        found = _variant_packs(chosen, point, reading)
        found = found if isinstance(found, str) else tuple(found)
        remember(_VARIANTS, key, found, 512)
    return found if isinstance(found, str) else list(found)


def _variant_packs(chosen: Sequence[RulePack], point: OpenPoint, reading: Reading) -> list[RulePack] | str:
    by_id = {p.id: p for p in chosen}
    groups: dict[str, list[Patch]] = {}
    for patch in reading.patches:
        groups.setdefault(patch.pack or point.pack, []).append(patch)
    absent = sorted(pid for pid in groups if pid not in by_id)
    if absent:
        return f"the reading changes pack {', '.join(absent)}, which is not in use"
    out: list[RulePack] = []
    for pack in chosen:
        if pack.id not in groups:
            out.append(pack)
            continue
        key = (pack.sha256, point.pack, point.id, reading.id)
        if key not in _CACHE:
            try:
                _CACHE[key] = patched_pack(pack, groups[pack.id], reading.id)
            except ValidationFailed as exc:
                return str(exc)
            if len(_CACHE) > 512:
                _CACHE.pop(next(iter(_CACHE)))
        out.append(_CACHE[key])
    return out


def evaluate_readings(chosen: Sequence[RulePack], primary_outcome: str,
                      determine: Callable[[list[RulePack]], dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``readings`` list: the primary first, then every alternative with its outcome."""
    points = open_points(chosen)
    out: list[dict[str, Any]] = [{
        "id": "primary", "point": None, "pack": None, "primary": True, "status": "primary", "source": "rule packs",
        "description": msg("readings.evaluate_readings.1"),
        # descriptions are the packs' texts: expand() adds them back from the open points (facts, issue 13)
        "points": [{"point": pt.id, "pack": pt.pack, "reading": pt.primary.id,
                    "source": pt.primary.source, "status": pt.primary.status} for pt in points],
        "outcome": primary_outcome, "differs": False,
    }]
    for pt in points:
        for reading in pt.alternatives:
            entry: dict[str, Any] = {
                "id": reading.id, "point": pt.id, "pack": pt.pack, "primary": False,
                "source": reading.source, "status": reading.status,
            }
            variant = variant_packs(chosen, pt, reading) if reading.evaluated else (
                "not evaluated by the packs: reedesk cannot model this reading; it is stated so the reader sees it")
            if isinstance(variant, str):
                entry.update(outcome=None, differs=False, error=variant)
            else:
                result = determine(variant)
                entry.update(outcome=result["outcome"], differs=result["outcome"] != primary_outcome,
                             decisive=[f["rule"] for f in result["decisive"]], summary=result["summary"])
            out.append(entry)
    return out


def readings_sentence(primary_outcome: str, readings: list[dict[str, Any]], conditions: dict[str, Text] | None = None) -> Msg | None:
    """One sentence naming every alternative reading that gives another outcome, or None."""
    differing = [r for r in readings if not r["primary"] and r.get("differs")]
    if not differing:
        return None
    parts = []
    for r in differing:
        cond = (conditions or {}).get(r["id"]) or Msg(t="@reading_if", p={"pack": r["pack"], "point": r["point"], "reading": r["id"]})
        st = STATUS.get(r["status"]) or tx(r["status"], r["status"], r["status"])
        parts.append(msg("readings.sentence.part", alt=SHORT[r["outcome"]], cond=cond, st=st))
    return msg("readings.sentence", first=Msg(t="@cap", p={"text": SHORT[primary_outcome]}), parts=join(parts, "semicolon"))


def with_readings_sentence(summary: Text, primary_outcome: str, readings: list[dict[str, Any]]) -> Text:
    sentence = readings_sentence(primary_outcome, readings)
    if sentence is None:
        return summary
    return msg("readings.with_sentence", summary=summary, sentence=sentence)


def with_licence_sentence(summary: Text, licence: dict[str, Any]) -> Text:
    """The licence on file, in the summary: covered by licence N (valid until D), or why not."""
    number = licence.get("number")
    until = licence.get("valid_until")
    if licence.get("covers"):
        tail = msg("readings.licence.covered_until", number=number, until=until) if until else msg("readings.licence.covered", number=number)
    else:
        reason = licence.get("reason_text") or tx(licence.get("reason", ""), licence.get("reason", ""), licence.get("reason", ""))
        tail = msg("readings.with_licence_sentence.1", reason=reason)
    return msg("readings.with_sentence", summary=summary, sentence=tail)

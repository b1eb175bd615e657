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

from reedesk.errors import ValidationFailed
from reedesk.rules.packs import OpenPoint, Patch, Reading, RulePack, patched_pack
from reedesk.rules.text import Text, tx

# Short outcome names for the readings sentence.
SHORT: dict[str, Text] = {
    "not_controlled": tx("not controlled", "不受管制", "不受管制"),
    "license_required": tx("licence required", "需申请许可", "需申請許可"),
    "license_required_presumption_of_denial": tx("licence required with denial presumed", "需申请许可（原则上不予许可）",
                                                 "需申請許可（原則上不予許可）"),
    "case_by_case": tx("licence reviewed case by case", "需申请许可（逐案审查）", "需申請許可（逐案審查）"),
    "prohibited": tx("prohibited", "禁止出口", "禁止出口"),
    "exempt_report_required": tx("no licence but a report", "免于许可，但须报告", "免於許可，但須報告"),
    "suspended": tx("suspended", "暂停实施", "暫停實施"),
    "insufficient_data": tx("insufficient data", "数据不足", "資料不足"),
}
STATUS: dict[str, Text] = {
    "text": tx("announcement text", "公告原文", "公告原文"),
    "reported_unconfirmed": tx("unconfirmed", "未经证实", "未經證實"),
    "commentary": tx("commentators' reading", "评论者观点", "評論者觀點"),
    "reedesk_reading": tx("reedesk's reading", "reedesk的解读", "reedesk的解讀"),
    "settled": tx("settled", "已确定", "已確定"),
    "primary": tx("primary readings", "主要解读", "主要解讀"),
}

_CACHE: dict[tuple[str, str, str, str], RulePack] = {}


def open_points(chosen: Sequence[RulePack]) -> list[OpenPoint]:
    """The open points of the packs in use, minus those another pack in use settles."""
    settled = {pid for p in chosen for pid in p.settles}
    return [pt for p in chosen for pt in p.open_points if pt.id not in settled]


def variant_packs(chosen: Sequence[RulePack], point: OpenPoint, reading: Reading) -> list[RulePack] | str:
    """The packs as they read under ``reading``, or why the reading cannot be applied."""
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
        "description": tx("The primary reading of every open point, as each pack states it.", "各规则包对每个未决问题所采用的主要解读。",
                          "各規則包對每個未決問題所採用的主要解讀。"),
        "points": [{"point": pt.id, "pack": pt.pack, "reading": pt.primary.id, "description": dict(pt.primary.description),
                    "source": pt.primary.source, "status": pt.primary.status} for pt in points],
        "outcome": primary_outcome, "differs": False,
    }]
    for pt in points:
        for reading in pt.alternatives:
            entry: dict[str, Any] = {
                "id": reading.id, "point": pt.id, "pack": pt.pack, "primary": False, "point_text": dict(pt.text),
                "description": dict(reading.description), "source": reading.source, "status": reading.status,
                "status_text": dict(STATUS.get(reading.status, tx(reading.status, reading.status, reading.status))),
                "if": dict(reading.condition) if reading.condition else dict(reading.description),
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


def _condition(reading: dict[str, Any]) -> Text:
    return {lang: reading["description"][lang] for lang in ("en", "zh-Hans", "zh-Hant")}


def readings_sentence(primary_outcome: str, readings: list[dict[str, Any]], conditions: dict[str, Text] | None = None) -> Text | None:
    """One sentence naming every alternative reading that gives another outcome, or None."""
    differing = [r for r in readings if not r["primary"] and r.get("differs")]
    if not differing:
        return None
    first = SHORT[primary_outcome]
    en_parts, hans_parts, hant_parts = [], [], []
    for r in differing:
        alt = SHORT[r["outcome"]]
        cond = (conditions or {}).get(r["id"]) or r.get("if") or _condition(r)
        st = r["status_text"]
        en_parts.append(f"{alt['en']} instead if {cond['en']} ({st['en']})")
        hans_parts.append(f"如{cond['zh-Hans']}（{st['zh-Hans']}），则为{alt['zh-Hans']}")
        hant_parts.append(f"如{cond['zh-Hant']}（{st['zh-Hant']}），則為{alt['zh-Hant']}")
    en = f"{first['en'][:1].upper()}{first['en'][1:]}; " + "; ".join(en_parts) + "."
    return tx(en, f"{first['zh-Hans']}；" + "；".join(hans_parts) + "。", f"{first['zh-Hant']}；" + "；".join(hant_parts) + "。")


def with_readings_sentence(summary: Text, primary_outcome: str, readings: list[dict[str, Any]]) -> Text:
    sentence = readings_sentence(primary_outcome, readings)
    if sentence is None:
        return summary
    return tx(f"{summary['en']} {sentence['en']}", summary["zh-Hans"] + sentence["zh-Hans"], summary["zh-Hant"] + sentence["zh-Hant"])


def with_licence_sentence(summary: Text, licence: dict[str, Any]) -> Text:
    """The licence on file, in the summary: covered by licence N (valid until D), or why not."""
    number = licence.get("number")
    until = licence.get("valid_until")
    if licence.get("covers"):
        tail = tx(f"Licence required — covered by licence {number}" + (f" (valid until {until})." if until else "."),
                  f"需申请许可——已由许可证 {number} 涵盖" + (f"（有效期至{until}）。" if until else "。"),
                  f"需申請許可——已由許可證 {number} 涵蓋" + (f"（有效期至{until}）。" if until else "。"))
    else:
        reason = licence.get("reason_text") or tx(licence.get("reason", ""), licence.get("reason", ""), licence.get("reason", ""))
        tail = tx(f"Licence on file: {reason['en']}", f"在案许可证：{reason['zh-Hans']}", f"在案許可證：{reason['zh-Hant']}")
    return tx(f"{summary['en']} {tail['en']}", summary["zh-Hans"] + tail["zh-Hans"], summary["zh-Hant"] + tail["zh-Hant"])

"""Rule kind ``exemption``: end uses that need no licence but must be reported
(No. 61, humanitarian exemption — Art. V, number unverified: emergency medical use,
public-health emergencies, disaster relief — report to MOFCOM by e-mail within 10
working days after export, with a written undertaking; the pack's ``condition_*``
texts say how).

An exemption replaces the licence requirement of the control rule it is attached
to; a denial or case-by-case policy that also matches (say, a military end user)
still ranks above it.
"""

from __future__ import annotations

from typing import Any

from reedesk.domain.dossier import Dossier
from reedesk.rules.context import PolicyResult
from reedesk.rules.packs import RuleSpec
from reedesk.rules.text import label, tx


def policy(d: Dossier, rule: RuleSpec, category: str | None, *, inputs: Any = None) -> PolicyResult:
    outcome = rule.params["outcome"]
    days = rule.params.get("report_within_working_days")
    if category is None:
        return PolicyResult(None, outcome, tx("The end use is not stated.", "未说明最终用途。", "未說明最終用途。"), report_within_working_days=days)
    if category in rule.params["categories"]:
        when_en = f" within {days} working days after export" if days is not None else ""
        when_hans = f"于出口后{days}个工作日内" if days is not None else ""
        when_hant = f"於出口後{days}個工作日內" if days is not None else ""
        cond = rule.params.get("condition_en")
        how_en = f", {cond}" if cond else ""
        how_hans = f"（{rule.params.get('condition_zh') or cond}）" if cond else ""
        how_hant = f"（{rule.params.get('condition_zh_hant') or rule.params.get('condition_zh') or cond}）" if cond else ""
        cat = label(category)
        return PolicyResult(True, outcome, tx(
            f"End use “{cat['en']}” is exempt: no licence is needed, but the export must be reported to MOFCOM{when_en}{how_en}.",
            f"最终用途“{cat['zh-Hans']}”豁免：无需许可，但须{when_hans}向商务部报告{how_hans}。",
            f"最終用途「{cat['zh-Hant']}」豁免：無需許可，但須{when_hant}向商務部報告{how_hant}。"),
            {"end_use": category, "report_within_working_days": days, **({"written_undertaking": True} if "undertaking" in (cond or "") else {})},
            report_within_working_days=days)
    cat = label(category)
    return PolicyResult(False, outcome, tx(f"End use “{cat['en']}” is not exempt.", f"最终用途“{cat['zh-Hans']}”不属于豁免情形。",
                                           f"最終用途「{cat['zh-Hant']}」不屬於豁免情形。"), {"end_use": category}, report_within_working_days=days)

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
from reedesk.rules.messages import msg
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import tx


def policy(d: Dossier, rule: RuleSpec, category: str | None, *, inputs: Any = None) -> PolicyResult:
    outcome = rule.params["outcome"]
    days = rule.params.get("report_within_working_days")
    if category is None:
        return PolicyResult(None, outcome, msg("exemption.policy.1"), report_within_working_days=days)
    if category in rule.params["categories"]:
        when_en = f" within {days} working days after export" if days is not None else ""
        when_hans = f"于出口后{days}个工作日内" if days is not None else ""
        when_hant = f"於出口後{days}個工作日內" if days is not None else ""
        cond = rule.params.get("condition_en")
        how_en = f", {cond}" if cond else ""
        how_hans = f"（{rule.params.get('condition_zh') or cond}）" if cond else ""
        how_hant = f"（{rule.params.get('condition_zh_hant') or rule.params.get('condition_zh') or cond}）" if cond else ""
        cat = label(category)
        return PolicyResult(True, outcome, msg("exemption.policy.2", cat=cat, when_en=when_en, how_en=how_en, when_hans=when_hans, how_hans=how_hans, when_hant=when_hant, how_hant=how_hant),
            {"end_use": category, "report_within_working_days": days, **({"written_undertaking": True} if "undertaking" in (cond or "") else {})},
            report_within_working_days=days)
    cat = label(category)
    return PolicyResult(False, outcome, msg("exemption.policy.3", cat=cat), {"end_use": category}, report_within_working_days=days)

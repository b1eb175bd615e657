"""Rule kind ``end_use``: the end-use policy of a licence (No. 61 Art. III, denial; Art. IV, case by case).

A policy rule only matters once a control rule of the same pack applies (an item
that needs no licence has no licence policy). It maps the dossier's end-use
category to an outcome: military, WMD and terrorism uses to a presumption of
denial, advanced chips and military AI to case-by-case review.
"""

from __future__ import annotations

from typing import Any

from reedesk.domain.dossier import Dossier
from reedesk.rules.context import PolicyResult
from reedesk.rules.packs import RuleSpec
from reedesk.rules.text import OUTCOME_NAMES, label, labels_of, tx


def policy(d: Dossier, rule: RuleSpec, category: str | None, *, inputs: Any = None) -> PolicyResult:
    """``category`` is the end-use category to judge (the engine passes each possible one when it is unknown)."""
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    listed = labels_of(rule.params["categories"])
    cat = label(category)
    if category is None:
        return PolicyResult(None, outcome, tx("The end use is not stated.", "未说明最终用途。", "未說明最終用途。"))
    if category in rule.params["categories"]:
        return PolicyResult(True, outcome, tx(
            f"End use “{cat['en']}” is one of: {listed['en']}: {name['en']}.",
            f"最终用途“{cat['zh-Hans']}”属于{listed['zh-Hans']}：{name['zh-Hans']}。",
            f"最終用途「{cat['zh-Hant']}」屬於{listed['zh-Hant']}：{name['zh-Hant']}。"), {"end_use": category})
    return PolicyResult(False, outcome, tx(
        f"End use “{cat['en']}” is not one of: {listed['en']}.", f"最终用途“{cat['zh-Hans']}”不属于{listed['zh-Hans']}。",
        f"最終用途「{cat['zh-Hant']}」不屬於{listed['zh-Hant']}。"), {"end_use": category})

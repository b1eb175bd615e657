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
from reedesk.rules.messages import msg
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import OUTCOME_NAMES, labels_of, tx


def policy(d: Dossier, rule: RuleSpec, category: str | None, *, inputs: Any = None) -> PolicyResult:
    """``category`` is the end-use category to judge (the engine passes each possible one when it is unknown)."""
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    listed = labels_of(rule.params["categories"])
    cat = label(category)
    if category is None:
        return PolicyResult(None, outcome, msg("end_use.policy.1"))
    if category in rule.params["categories"]:
        return PolicyResult(True, outcome, msg("end_use.policy.2", cat=cat, listed=listed, name=name), {"end_use": category})
    return PolicyResult(False, outcome, msg("end_use.policy.3", cat=cat, listed=listed), {"end_use": category})

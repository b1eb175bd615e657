"""Rule kind ``end_user``: the end-user policy of a licence (No. 61 III: overseas military users).

The dossier marks a military end user with ``shipment.end_user.military: true``;
absent means the exporter states no military user. Screening the end user's name
against the control and watch lists is done by the screening service, not here.
"""

from __future__ import annotations

from reedesk.domain.dossier import Dossier, Party, Shipment
from reedesk.rules.context import PolicyResult
from reedesk.rules.packs import RuleSpec
from reedesk.rules.text import OUTCOME_NAMES, tx


def policy(d: Dossier, rule: RuleSpec, category: str | None) -> PolicyResult:
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    user = (d.shipment or Shipment()).end_user or Party()
    who = user.name or "(unnamed)"
    if rule.params["military_user"] and user.military is True:
        return PolicyResult(True, outcome, tx(
            f"The end user {who} is a military user: {name['en']}.", f"最终用户 {who} 为军事用户：{name['zh-Hans']}。",
            f"最終用戶 {who} 為軍事用戶：{name['zh-Hant']}。"), {"end_user": user.name, "military": True})
    return PolicyResult(False, outcome, tx(
        f"The end user {who} is not marked as a military user.", f"最终用户 {who} 未标注为军事用户。",
        f"最終用戶 {who} 未標註為軍事用戶。"), {"end_user": user.name, "military": bool(user.military)})

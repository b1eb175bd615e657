"""Small builders for reedesk.dossier/1 documents used by the rule tests."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules.engine import evaluate as facts_evaluate
from reedesk.rules.render import expand
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document

AFTER_SUSPENSION = date(2026, 11, 25)
IN_SUSPENSION = date(2026, 5, 1)


def component(cid: str, amount: str | None, *, origin: str | None = "CN", category: str | None = "rare_earth_metal",
              elements: list[str] | None = None, currency: str | None = "USD") -> dict[str, Any]:
    return {"id": cid, "description": f"{cid} input", "origin": origin, "category": category,
            "elements": ["Sm"] if elements is None else elements,
            "value": {"amount": amount, "currency": currency}}


def magnet(*components: dict[str, Any], value: str | None = "1000.00", currency: str = "USD", made_in: str = "VN",
           export_from: str = "VN", destination: str = "DE", end_use: str | None = "civil",
           rates: list[dict[str, Any]] | None = None, military_user: bool | None = None,
           category: str = "rare_earth_permanent_magnet", elements: list[str] | None = None) -> dict[str, Any]:
    """A foreign-made Part 2 magnet (by default) with the given inputs."""
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "TEST-1"
    doc["product"].update({"made_in": made_in, "category": category, "elements": elements or ["Sm", "Co"],
                           "unit_value": {"amount": value, "currency": currency}})
    doc["components"] = list(components)
    doc["shipment"]["export_from"] = export_from
    doc["shipment"]["destination"] = destination
    doc["shipment"]["end_use"] = {"category": end_use, "description": "test use"}
    doc["shipment"]["end_user"] = {"name": "Test End User", "country": destination}
    if military_user is not None:
        doc["shipment"]["end_user"]["military"] = military_user
    doc["exchange_rates"] = rates or []
    return doc


def rate(frm: str, to: str, value: str, day: str = "2026-11-20", source: str = "test bank") -> dict[str, Any]:
    return {"from": frm, "to": to, "rate": value, "date": day, "source": source}


def evaluate(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The determination as a reader sees it: the stored (canonical JSON) facts document, expanded."""
    import json

    return expand(json.loads(canonical_bytes(facts_evaluate(*args, **kwargs))))


def run(doc: dict[str, Any], as_of: date = AFTER_SUSPENSION) -> dict[str, Any]:
    return evaluate(doc, shipped_packs(), as_of)


def finding(determination: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in determination["findings"] if f["rule"] == rule)


VALUE_RULE = "cn-mofcom-2025-061:I(1)"
TECH_RULE = "cn-mofcom-2025-061:I(2)"
ORIGIN_RULE = "cn-mofcom-2025-061:I(3)"
NO18_RULE = "cn-mofcom-gac-2025-018:1C902–1C908"
NO57_RULE = "cn-mofcom-2025-057:1C909–1C913"
BAN_RULE = "cn-mofcom-2026-001:1"
NO46_RULE = "cn-mofcom-2024-046:1"
CATCH_ALL_RULE = "cn-export-control-law-012:12"
NO56_RULE = "cn-mofcom-2025-056:2B902"


# A newer No. 70 pack extending the suspension of No. 61 (hypothetical, for tests).
EXTENSION = """
schema = "reedesk.rulepack/1"
[pack]
id = "cn-mofcom-gac-2025-070"
version = "2027.1"
version_date = 2026-11-01
announcement = "MOFCOM/GAC Announcement No. 70 of 2025"
announcement_zh = "商务部 海关总署公告2025年第70号"
title_en = "Suspension, extended (test)"
title_zh = "暂停实施（延长，测试）"
authority = "MOFCOM"
published = 2025-11-07
effective_from = 2025-11-07
reviewed_until = 2026-11-20
scope_en = "test"
scope_zh = "测试"
[[suspends]]
pack = "cn-mofcom-2025-061"
from = 2025-11-07
until = 2027-11-10
by = "Hypothetical extension announcement"
"""

"""Fixtures for licence tests: the licence of issue 15 and a dossier it covers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

ISSUE_LICENCE: dict[str, Any] = {
    "format": "reedesk.licence/1", "number": "MOFCOM-2026-LIC-0001", "authority": "MOFCOM",
    "type": "single", "holder": {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"},
    "valid_from": "2026-01-01", "valid_until": "2026-12-31",
    "items": [{"control_code": "1C904", "description": "Terbium metal", "hs_code": "2805301910"}],
    "destinations": ["KR"], "consignees": [], "end_users": [{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"}],
    "limits": [{"quantity": "100", "unit": "kg", "value": {"amount": "200000.00", "currency": "USD"}}],
}

TB_DOSSIER: dict[str, Any] = {
    "format": "reedesk.dossier/1",
    "reference": "GZ-TB-2026-0007",
    "client": {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"},
    "exporter": {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"},
    "product": {"name": "Terbium metal 99.99%", "description": "Tb ingot", "hs_code": "280530",
                "category": "rare_earth_metal", "elements": ["Tb"], "made_in": "CN",
                "unit_value": {"amount": "1500.00", "currency": "USD"}},
    "components": [],
    "technologies": [],
    "shipment": {"export_from": "CN", "destination": "KR",
                 "end_use": {"category": "civil", "description": "NdFeB magnet grain-boundary diffusion"},
                 "end_user": {"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"},
                 "quantity": {"amount": "40", "unit": "kg"}},
    "exchange_rates": [{"from": "CNY", "to": "USD", "rate": "0.1400", "date": "2026-11-20", "source": "bank daily rate"}],
}


@pytest.fixture
def licence_doc() -> dict[str, Any]:
    return copy.deepcopy(ISSUE_LICENCE)


@pytest.fixture
def tb_dossier() -> dict[str, Any]:
    return copy.deepcopy(TB_DOSSIER)

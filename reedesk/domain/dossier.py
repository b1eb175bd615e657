"""The product dossier: what an exporter knows about one item and one shipment.

Plain dataclasses. A value is ``None`` while it is still unknown (a dossier in
progress); the rules engine turns a needed unknown into ``insufficient_data``.
Each object keeps the fields it did not recognise in ``extra`` so that a
``reedesk.dossier/1`` file round-trips unchanged (FORMATS.md: "Unknown fields
are kept and round-trip").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

DOSSIER_FORMAT = "reedesk.dossier/1"


@dataclass
class Money:
    amount: Decimal | None = None
    currency: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Party:
    name: str | None = None
    country: str | None = None
    military: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Product:
    name: str | None = None
    description: str | None = None
    hs_code: str | None = None
    category: str | None = None
    elements: list[str] | None = None
    made_in: str | None = None
    unit_value: Money | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Component:
    """One bill-of-materials line; ``value`` is per unit of product, quantity applied."""

    id: str | None = None
    description: str | None = None
    origin: str | None = None
    category: str | None = None
    elements: list[str] | None = None
    value: Money | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Technology:
    stage: str | None = None
    origin: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class EndUse:
    category: str | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Shipment:
    export_from: str | None = None
    destination: str | None = None
    end_use: EndUse | None = None
    end_user: Party | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExchangeRate:
    """``1 from_currency = rate to_currency`` on ``date``, as stated by ``source``."""

    from_currency: str | None = None
    to_currency: str | None = None
    rate: Decimal | None = None
    date: date | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Dossier:
    reference: str
    client: Party | None = None
    exporter: Party | None = None
    product: Product | None = None
    components: list[Component] = field(default_factory=list)
    technologies: list[Technology] = field(default_factory=list)
    shipment: Shipment | None = None
    exchange_rates: list[ExchangeRate] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

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
class Owner:
    """Who owns or controls a party, and how much (reedesk 0.2, ``owners[]``).

    ``share`` is the decimal fraction of ownership or control in [0, 1] (``"0.60"``);
    an owner with 0.5 or more that is on a list makes the party treated as listed
    (No. 61 Art. II: 「控股50%及以上的子公司、分公司等分支机构」)."""

    name: str | None = None
    country: str | None = None
    share: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Party:
    name: str | None = None
    country: str | None = None
    military: bool | None = None
    owners: tuple[Owner, ...] = ()
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
class Quantity:
    """How much is shipped (reedesk 0.2, ``shipment.quantity``), for licence limits."""

    amount: Decimal | None = None
    unit: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Shipment:
    export_from: str | None = None
    destination: str | None = None
    end_use: EndUse | None = None
    end_user: Party | None = None
    # reedesk 0.2: further parties (screened like the end user; No. 61 Art. II names importers),
    # the quantity, and the licence the shipment travels under: ``{"number": ...}`` naming a
    # licence in the register, or an inline ``reedesk.licence/1`` object, kept as parsed JSON.
    importer: Party | None = None
    consignee: Party | None = None
    quantity: Quantity | None = None
    licence: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def parties(self) -> list[tuple[str, Party]]:
        """The named parties of the shipment by role, in screening order."""
        return [(role, p) for role, p in (("end_user", self.end_user), ("importer", self.importer),
                                          ("consignee", self.consignee)) if p is not None]


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
    # reedesk 0.2: a what-if revision — never the current one, never signed, ignored by
    # ``evaluate --all`` and ``impact``. Written only when true (0.1 documents unchanged).
    scenario: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

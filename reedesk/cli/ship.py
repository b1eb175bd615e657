"""CLI command ``reedesk ship REF --licence N --quantity Q --value V --date D`` (docs/licences.md).

Records that dossier REF was exported under licence N and draws down the licence's
limits, as an audit event. Refused (exit 2, nothing stored) when the licence does not
cover the shipment that day or a limit would be exceeded; reaching a limit exactly is
allowed. ``--quantity`` is ``40`` or ``40 kg``; ``--value`` is ``80000.00`` or
``80000.00 USD`` (default unit and currency: the dossier's and the licence's).
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

from reedesk.cli.common import desk_from_env, print_json
from reedesk.cli.licence import LABELS, add_language_option, balance_text
from reedesk.errors import ReedeskError
from reedesk.services import licences

SHIPPED: dict[str, str] = {
    "en": "Shipment #{id} of {ref} recorded against licence {number}; {remaining}.",
    "zh-Hans": "已登记{ref}按许可证{number}出口（第{id}号记录）；{remaining}。",
    "zh-Hant": "已登記{ref}按許可證{number}出口（第{id}號記錄）；{remaining}。",
}


def parse_amount(text: str, what: str) -> tuple[Decimal, str | None]:
    return licences.parse_amount_text(text, what)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ship", help="record an export against a licence (draws down its balance)",
                              description="Record that a stored dossier was exported under a licence.")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--licence", required=True, metavar="NUMBER")
    p.add_argument("--quantity", required=True, metavar="Q", help="e.g. 40 or \"40 kg\"")
    p.add_argument("--value", default=None, metavar="V", help="e.g. 80000.00 or \"80000.00 USD\"")
    p.add_argument("--date", required=True, metavar="D", help="the export date (ISO 8601)")
    p.add_argument("--reason", default=None, help="a note for the audit trail (e.g. the customs declaration number)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_language_option(p)
    p.set_defaults(handler=_ship)


def _ship(args: argparse.Namespace) -> int:
    quantity, unit = parse_amount(args.quantity, "--quantity")
    value = currency = None
    if args.value is not None:
        value, currency = parse_amount(args.value, "--value")
        if currency is not None:
            currency = currency.upper()
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise ReedeskError.coded("ship_date_iso_date_such", date=args.date) from None
    with desk_from_env() as desk:
        result = licences.record_shipment(desk, args.reference, args.licence, quantity=quantity, unit=unit, value=value,
                                          currency=currency, shipped_on=day, reason=args.reason)
    if args.json:
        print_json({"shipment_id": result.shipment_id, "licence": result.number, "reference": result.reference,
                    "audit_seq": result.event_seq, "balances": [b.document() for b in result.balances]})
        return 0
    lang = args.language
    remaining = ("; " if lang == "en" else "；").join(balance_text(b, lang) for b in result.balances) or LABELS[lang]["no_limit"]
    print(SHIPPED[lang].format(id=result.shipment_id, ref=result.reference, number=result.number,
                               remaining=LABELS[lang]['remaining'] + (": " if lang == "en" else "：") + remaining))
    return 0

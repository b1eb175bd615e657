"""Read and write the public ``reedesk.licence/1`` JSON document (docs/licences.md).

A licence record is what MOFCOM issued: number, authority, type (single, general
class A, general class B), holder, validity, items with control codes, destinations,
named consignees and end users, quantity and value limits, conditions and the
scanned source document. :func:`parse_licence` reports *every* problem with its JSON
path (``limits[0].value.currency``), like the dossier reader; :func:`licence_to_document`
writes the record back with its unknown fields, so a file round-trips unchanged.
Amounts are decimal strings, read as :class:`~decimal.Decimal`, never floats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from reedesk.domain.codes import is_country, is_currency
from reedesk.domain.dossier_file import (_no_duplicate_keys, _Reader, _refuse_constant, canonical_bytes, coded_problem,
                                         json_problem)
from reedesk.errors import ValidationFailed

LICENCE_FORMAT = "reedesk.licence/1"
LICENCE_TYPES = ("single", "general_a", "general_b")
GENERAL_TYPES = frozenset({"general_a", "general_b"})

# China's dual-use control codes: digit, category letter, three digits, optional sub-items
# (1C904, 2B902.a, 1E902.b.1). Checked loosely on purpose: the lists add codes.
_CONTROL_CODE = re.compile(r"[0-9][A-E][0-9]{3}(\.[0-9A-Za-z]+)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_NUMBER_BAD = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]")


@dataclass
class LicenceParty:
    name: str
    country: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LicenceItem:
    control_code: str
    description: str | None = None
    hs_code: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LicenceMoney:
    amount: Decimal
    currency: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class LicenceLimit:
    """One cap on the licence: a quantity in ``unit``, a value, or both (each checked)."""

    quantity: Decimal | None = None
    unit: str | None = None
    value: LicenceMoney | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourceDocument:
    """The scanned licence the record was typed from, identified by its SHA-256."""

    file: str | None
    sha256: str
    media_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Licence:
    number: str
    authority: str
    type: str
    holder: LicenceParty
    valid_from: date
    valid_until: date
    items: list[LicenceItem]
    destinations: list[str]
    consignees: list[LicenceParty] = field(default_factory=list)
    end_users: list[LicenceParty] = field(default_factory=list)
    limits: list[LicenceLimit] = field(default_factory=list)
    conditions: str | None = None
    source_document: SourceDocument | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Optional lists the file left out (written back left out while still empty, so a file round-trips exactly).
    absent: tuple[str, ...] = ()

    @property
    def general(self) -> bool:
        return self.type in GENERAL_TYPES


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _required_text(r: _Reader, data: dict[str, Any], key: str, path: str) -> str:
    value = r.text(data, key, path)
    if value is None:
        if key not in data or data.get(key) is None:
            r.coded(_join(path, key), "lic_required")
        return ""
    if not value.strip():
        r.coded(_join(path, key), "lic_not_empty")
    return value


def _date(r: _Reader, data: dict[str, Any], key: str, path: str) -> date | None:
    text = r.text(data, key, path)
    if text is None:
        if data.get(key) is None:
            r.coded(_join(path, key), "lic_date_required")
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        r.coded(_join(path, key), "not_iso_date", text=text)
        return None


def _party(r: _Reader, value: Any, path: str) -> LicenceParty | None:
    if value is None:
        r.coded(path, "lic_party_null")
        return None
    got = r.obj(value, path, ("name", "country"))
    if got is None:
        return None
    data, extra = got
    name = _required_text(r, data, "name", path)
    country = r.code(data, "country", path, is_country, "an ISO 3166-1 alpha-2 country code")
    return LicenceParty(name=name, country=country, extra=extra)


def _item(r: _Reader, value: Any, path: str) -> LicenceItem | None:
    if value is None:
        r.problem(path, "must be an object, not null")
        return None
    got = r.obj(value, path, ("control_code", "description", "hs_code"))
    if got is None:
        return None
    data, extra = got
    code = _required_text(r, data, "control_code", path)
    if code and not _CONTROL_CODE.fullmatch(code):
        r.coded(_join(path, "control_code"), "lic_not_control_code", text=code)
    hs_code = r.text(data, "hs_code", path)
    if hs_code is not None and not (hs_code.isdigit() and 4 <= len(hs_code) <= 12):
        r.coded(_join(path, "hs_code"), "not_hs_code", text=hs_code)
        hs_code = None
    return LicenceItem(control_code=code, description=r.text(data, "description", path), hs_code=hs_code, extra=extra)


def _money(r: _Reader, value: Any, path: str) -> LicenceMoney | None:
    got = r.obj(value, path, ("amount", "currency"))
    if got is None:
        return None
    data, extra = got
    amount = r.decimal(data, "amount", path, positive=True)
    if data.get("amount") is None:
        r.coded(_join(path, "amount"), "lic_amount_required")
    currency = r.code(data, "currency", path, is_currency, "an ISO 4217 currency code")
    if data.get("currency") is None:
        r.coded(_join(path, "currency"), "lic_currency_required")
    if amount is None or currency is None:
        return None
    return LicenceMoney(amount=amount, currency=currency, extra=extra)


def _limit(r: _Reader, value: Any, path: str) -> LicenceLimit | None:
    if value is None:
        r.problem(path, "must be an object, not null")
        return None
    got = r.obj(value, path, ("quantity", "unit", "value"))
    if got is None:
        return None
    data, extra = got
    quantity = r.decimal(data, "quantity", path, positive=True)
    unit = r.text(data, "unit", path)
    if data.get("quantity") is not None and not (unit or "").strip():
        r.coded(_join(path, "unit"), "lic_unit_required")
    money = _money(r, data.get("value"), _join(path, "value"))
    if data.get("quantity") is None and data.get("value") is None:
        r.coded(path, "lic_quantity_or_value")
    return LicenceLimit(quantity=quantity, unit=unit, value=money, extra=extra)


def _source(r: _Reader, value: Any, path: str) -> SourceDocument | None:
    got = r.obj(value, path, ("file", "sha256", "media_type"))
    if got is None:
        return None
    data, extra = got
    digest = r.text(data, "sha256", path)
    if digest is None or not _SHA256.fullmatch(digest):
        r.coded(_join(path, "sha256"), "lic_sha256_format")
        digest = ""
    return SourceDocument(file=r.text(data, "file", path), sha256=digest,
                          media_type=r.text(data, "media_type", path), extra=extra)


def _list(r: _Reader, data: dict[str, Any], key: str, *, required: bool) -> list[Any]:
    value = data.get(key)
    if value is None:
        if required:
            r.coded(key, "lic_list_required")
        return []
    if not isinstance(value, list):
        r.coded(key, "must_be_list")
        return []
    return value


_TOP_LEVEL = ("format", "number", "authority", "type", "holder", "valid_from", "valid_until", "items",
              "destinations", "consignees", "end_users", "limits", "conditions", "source_document")


def parse_licence(document: Any, source: str = "licence") -> Licence:
    """Check a decoded ``reedesk.licence/1`` document and build a :class:`Licence`.

    Raises :class:`ValidationFailed` listing every problem, each with its JSON path.
    """
    r = _Reader()
    if not isinstance(document, dict):
        raise ValidationFailed(source, [coded_problem("$", "lic_not_json_object")])
    fmt = document.get("format")
    if fmt is None:  # absent or null: say so, not "found None"
        r.coded("format", "format_missing", expected=LICENCE_FORMAT)
    elif not isinstance(fmt, str):  # 1, true, ["reedesk.licence/1"]: of the wrong type, not missing
        r.coded("format", "format_not_string", expected=LICENCE_FORMAT)
    elif fmt != LICENCE_FORMAT:
        r.coded("format", "wrong_format", expected=LICENCE_FORMAT, found=fmt)
    number = _required_text(r, document, "number", "")
    if number and (number != number.strip() or len(number) > 100 or _NUMBER_BAD.search(number) or ".." in number):
        r.coded("number", "lic_number_unsafe")
    authority = _required_text(r, document, "authority", "")
    kind = r.choice(document, "type", "", set(LICENCE_TYPES))
    if document.get("type") is None:
        r.coded("type", "lic_type_required", types=", ".join(LICENCE_TYPES))
    holder = None
    if document.get("holder") is None:
        r.coded("holder", "lic_holder_required")
    else:
        holder = _party(r, document.get("holder"), "holder")
    valid_from = _date(r, document, "valid_from", "")
    valid_until = _date(r, document, "valid_until", "")
    if valid_from and valid_until and valid_until < valid_from:
        r.coded("valid_until", "lic_until_before_from", until=valid_until.isoformat(), start=valid_from.isoformat())
    raw_items = _list(r, document, "items", required=True)
    if isinstance(document.get("items"), list) and not raw_items:
        r.coded("items", "lic_items_required")
    items = [i for n, v in enumerate(raw_items) if (i := _item(r, v, f"items[{n}]")) is not None]
    destinations: list[str] = []
    raw_dest = _list(r, document, "destinations", required=True)
    if isinstance(document.get("destinations"), list) and not raw_dest:
        r.coded("destinations", "lic_destinations_required")
    for n, code in enumerate(raw_dest):
        if not isinstance(code, str) or not is_country(code):
            r.coded(f"destinations[{n}]", "not_country_code", text=code)
        else:
            destinations.append(code)
    consignees = [p for n, v in enumerate(_list(r, document, "consignees", required=False))
                  if (p := _party(r, v, f"consignees[{n}]")) is not None]
    end_users = [p for n, v in enumerate(_list(r, document, "end_users", required=False))
                 if (p := _party(r, v, f"end_users[{n}]")) is not None]
    # 2009 measures (RULES.md "General licences"): class B is for repeated exports to a fixed end user,
    # and a general licence is valid for at most 3 years.
    if kind == "general_b" and isinstance(document.get("end_users"), list) and len(end_users) != 1:
        r.coded("end_users", "lic_general_b_end_user", count=len(end_users))
    if kind in GENERAL_TYPES and valid_from and valid_until and valid_until > _years_after(valid_from, 3):
        r.coded("valid_until", "lic_general_too_long", start=valid_from.isoformat(), until=valid_until.isoformat())
    limits = [lim for n, v in enumerate(_list(r, document, "limits", required=False))
              if (lim := _limit(r, v, f"limits[{n}]")) is not None]
    conditions = r.text(document, "conditions", "")
    source_document = _source(r, document.get("source_document"), "source_document")
    if not r.problems:
        try:
            canonical_bytes(document)
        except Exception as exc:  # noqa: BLE001 - rfc8785 raises several kinds
            r.coded("$", "not_canonical_json", detail=str(exc))
    if r.problems:
        raise ValidationFailed(source, r.problems)
    assert holder is not None and valid_from is not None and valid_until is not None and kind is not None
    return Licence(
        number=number, authority=authority, type=kind, holder=holder, valid_from=valid_from,
        valid_until=valid_until, items=items, destinations=destinations, consignees=consignees,
        end_users=end_users, limits=limits, conditions=conditions, source_document=source_document,
        extra={k: v for k, v in document.items() if k not in _TOP_LEVEL},
        absent=tuple(k for k in ("consignees", "end_users", "limits") if k not in document),
    )


def parse_licence_json(text: str | bytes, source: str = "licence") -> Licence:
    """Decode JSON text (duplicate keys and NaN refused; a UTF-8 byte-order mark, as Windows editors
    write, is allowed), then :func:`parse_licence`."""
    if isinstance(text, bytes) and text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    elif isinstance(text, str) and text.startswith("\ufeff"):
        text = text[1:]
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        code, params = json_problem(exc)
        raise ValidationFailed(source, [coded_problem("$", code, **params)]) from None
    return parse_licence(document, source)


# ---------------------------------------------------------------------------- writing


def _with_extra(known: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(known)
    for key, value in extra.items():
        out.setdefault(key, value)
    return out


def _party_doc(p: LicenceParty) -> dict[str, Any]:
    known: dict[str, Any] = {"name": p.name}
    if p.country is not None:
        known["country"] = p.country
    return _with_extra(known, p.extra)


def _limit_doc(lim: LicenceLimit) -> dict[str, Any]:
    known: dict[str, Any] = {}
    if lim.quantity is not None:
        known["quantity"] = format(lim.quantity, "f")
    if lim.unit is not None:
        known["unit"] = lim.unit
    if lim.value is not None:
        known["value"] = _with_extra({"amount": format(lim.value.amount, "f"), "currency": lim.value.currency},
                                     lim.value.extra)
    return _with_extra(known, lim.extra)


def licence_to_document(lic: Licence) -> dict[str, Any]:
    """The ``reedesk.licence/1`` document of a record; optional fields only when set."""
    items = []
    for item in lic.items:
        known: dict[str, Any] = {"control_code": item.control_code}
        if item.description is not None:
            known["description"] = item.description
        if item.hs_code is not None:
            known["hs_code"] = item.hs_code
        items.append(_with_extra(known, item.extra))
    doc: dict[str, Any] = {
        "format": LICENCE_FORMAT,
        "number": lic.number,
        "authority": lic.authority,
        "type": lic.type,
        "holder": _party_doc(lic.holder),
        "valid_from": lic.valid_from.isoformat(),
        "valid_until": lic.valid_until.isoformat(),
        "items": items,
        "destinations": list(lic.destinations),
        "consignees": [_party_doc(p) for p in lic.consignees],
        "end_users": [_party_doc(p) for p in lic.end_users],
        "limits": [_limit_doc(lim) for lim in lic.limits],
    }
    for key in lic.absent:
        if doc.get(key) == []:
            del doc[key]
    if lic.conditions is not None:
        doc["conditions"] = lic.conditions
    if lic.source_document is not None:
        s = lic.source_document
        src: dict[str, Any] = {"sha256": s.sha256}
        if s.file is not None:
            src["file"] = s.file
        if s.media_type is not None:
            src["media_type"] = s.media_type
        doc["source_document"] = _with_extra(src, s.extra)
    return _with_extra(doc, lic.extra)

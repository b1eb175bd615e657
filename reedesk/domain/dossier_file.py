"""Read and write the public ``reedesk.dossier/1`` JSON document (FORMATS.md).

:func:`parse_dossier` checks a decoded document and reports *every* problem with
its JSON path (``components[2].value.amount``); :func:`dossier_to_document` writes
it back, unknown fields included. The document written by
:func:`dossier_to_document` is also the dossier *snapshot* that determinations
hash and embed, so its shape is part of the public contract.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, TypeVar

import rfc8785

from reedesk.canonical import dumps as _canonical_dumps
from reedesk.domain.codes import (
    EndUseCategory,
    ItemCategory,
    TechnologyStage,
    is_country,
    is_currency,
    is_element,
)
from reedesk.domain.dossier import (
    DOSSIER_FORMAT,
    Component,
    Dossier,
    EndUse,
    ExchangeRate,
    Money,
    Owner,
    Party,
    Product,
    Quantity,
    Shipment,
    Technology,
)
from reedesk.errors import Problem, ValidationFailed

T = TypeVar("T")

_ITEM_CATEGORIES = {c.value for c in ItemCategory}
_STAGES = {s.value for s in TechnologyStage}
_END_USES = {e.value for e in EndUseCategory}


class _Reader:
    """Walks a decoded JSON document, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, value: Any, path: str, known: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Return (the object, its unknown fields), or None when the value is null/absent or wrong."""
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return None
        extra = {k: v for k, v in value.items() if k not in known}
        return value, extra

    def text(self, container: dict[str, Any], key: str, path: str) -> str | None:
        value = container.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(_join(path, key), "must be a string")
            return None
        return value

    def code(self, container: dict[str, Any], key: str, path: str, check: Callable[[str], bool], what: str) -> str | None:
        value = self.text(container, key, path)
        if value is None:
            return None
        if not check(value):
            self.problem(_join(path, key), f"{value!r} is not {what}")
            return None
        return value

    def choice(self, container: dict[str, Any], key: str, path: str, allowed: set[str]) -> str | None:
        value = self.text(container, key, path)
        if value is None:
            return None
        if value not in allowed:
            self.problem(_join(path, key), f"{value!r} is not one of {', '.join(sorted(allowed))}")
            return None
        return value

    def decimal(self, container: dict[str, Any], key: str, path: str, *, positive: bool) -> Decimal | None:
        value = container.get(key)
        if value is None:
            return None
        where = _join(path, key)
        if isinstance(value, bool) or not isinstance(value, str):
            self.problem(where, "must be a decimal string such as \"12.50\" (numbers are refused to avoid float rounding)")
            return None
        return parse_decimal_text(value, where, self, positive=positive)

    def elements(self, container: dict[str, Any], key: str, path: str) -> list[str] | None:
        value = container.get(key)
        if value is None:
            return None
        where = _join(path, key)
        if not isinstance(value, list):
            self.problem(where, "must be a list of chemical symbols")
            return None
        symbols: list[str] = []
        for index, symbol in enumerate(value):
            if not isinstance(symbol, str) or not is_element(symbol):
                self.problem(f"{where}[{index}]", f"{symbol!r} is not a chemical symbol")
            else:
                symbols.append(symbol)
        return symbols

    def items(self, container: dict[str, Any], key: str, path: str, read: Callable[[Any, str], T | None]) -> list[T]:
        value = container.get(key)
        if value is None:
            return []
        where = _join(path, key)
        if not isinstance(value, list):
            self.problem(where, "must be a list")
            return []
        out: list[T] = []
        for index, entry in enumerate(value):
            item = read(entry, f"{where}[{index}]")
            if item is not None:
                out.append(item)
        return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list) and not value)


def _known_if_set(data: dict[str, Any], known: tuple[str, ...], added: tuple[str, ...]) -> tuple[str, ...]:
    """The 0.1 keys plus those 0.2 keys that carry a value.

    Why: a 0.1 document that happened to write ``"importer": null`` (or ``"owners": []``)
    kept it as an unknown field and wrote it back; leaving an empty 0.2 key among the
    unknown fields keeps such a document's text, and so its snapshot hash, unchanged."""
    return known + tuple(k for k in added if k in data and not _empty(data[k]))


_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]{1,20})?")
MAX_INTEGER_DIGITS = 20


def parse_decimal_text(text: str, where: str, reader: _Reader, *, positive: bool) -> Decimal | None:
    """Parse a decimal string; negative (or, with ``positive``, zero) values are refused."""
    # Only plain ASCII decimals: Decimal() alone would also take "1E+999999999" (which
    # writing back expands to a billion digits), "1_000" and non-ASCII digits, none of
    # which round-trip to the same text.
    stripped = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(stripped):
        reader.problem(where, f"{text!r} is not a decimal number such as \"12.50\"")
        return None
    integer_part = stripped.lstrip("-").split(".")[0]
    if len(integer_part.lstrip("0")) > MAX_INTEGER_DIGITS:
        reader.problem(where, f"{text!r} has more than {MAX_INTEGER_DIGITS} digits before the decimal point")
        return None
    try:
        number = Decimal(stripped)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid decimals
        reader.problem(where, f"{text!r} is not a decimal number")
        return None
    if number < 0:
        reader.problem(where, f"{text} is negative")
        return None
    if positive and number == 0:
        reader.problem(where, "must be greater than zero")
        return None
    return number


def _money(r: _Reader, value: Any, path: str) -> Money | None:
    got = r.obj(value, path, ("amount", "currency"))
    if got is None:
        return None
    data, extra = got
    return Money(
        amount=r.decimal(data, "amount", path, positive=False),
        currency=r.code(data, "currency", path, is_currency, "an ISO 4217 currency code"),
        extra=extra,
    )


_ONE = Decimal(1)


def _owner(r: _Reader, value: Any, path: str) -> Owner | None:
    if value is None:
        r.problem(path, "must be an object, not null")
        return None
    got = r.obj(value, path, ("name", "country", "share"))
    if got is None:
        return None
    data, extra = got
    share = r.decimal(data, "share", path, positive=False)
    if share is not None and share > _ONE:
        r.problem(_join(path, "share"), f"{data['share']!r} is more than 1 (a share is a fraction such as \"0.60\" for 60 %)")
        share = None
    return Owner(
        name=r.text(data, "name", path),
        country=r.code(data, "country", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        share=share,
        extra=extra,
    )


def _party(r: _Reader, value: Any, path: str) -> Party | None:
    if isinstance(value, dict):
        known = _known_if_set(value, ("name", "country", "military"), ("owners",))
    else:
        known = ()
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    military = data.get("military")
    if military is not None and not isinstance(military, bool):
        r.problem(_join(path, "military"), "must be true or false")
        military = None
    owners: tuple[Owner, ...] = ()
    if "owners" in known:
        owners = tuple(r.items(data, "owners", path, lambda v, p: _owner(r, v, p)))
    return Party(
        name=r.text(data, "name", path),
        country=r.code(data, "country", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        military=military,
        owners=owners,
        extra=extra,
    )


def _quantity(r: _Reader, value: Any, path: str) -> Quantity | None:
    got = r.obj(value, path, ("amount", "unit"))
    if got is None:
        return None
    data, extra = got
    unit = r.text(data, "unit", path)
    if unit is not None and not unit.strip():
        r.problem(_join(path, "unit"), "must name the unit (e.g. \"kg\")")
        unit = None
    return Quantity(amount=r.decimal(data, "amount", path, positive=True), unit=unit, extra=extra)


LICENCE_FORMAT = "reedesk.licence/1"


def _licence(r: _Reader, value: Any, path: str) -> dict[str, Any] | None:
    """``{"number": ...}`` or an inline ``reedesk.licence/1`` object, kept as parsed JSON
    (the licence register, not the dossier, owns the licence format)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        r.problem(path, "must be an object such as {\"number\": \"...\"} or a reedesk.licence/1 object")
        return None
    number, fmt = value.get("number"), value.get("format")
    if number is not None and (not isinstance(number, str) or not number.strip()):
        r.problem(_join(path, "number"), "must be a non-empty string (the licence number)")
        return None
    if fmt is not None and fmt != LICENCE_FORMAT:
        r.problem(_join(path, "format"), f"must be {LICENCE_FORMAT!r}, found {fmt!r}")
        return None
    if number is None and fmt is None:
        r.problem(path, f"must name a licence (\"number\") or be an inline {LICENCE_FORMAT} object (\"format\")")
        return None
    return value


def _product(r: _Reader, value: Any, path: str) -> Product | None:
    known = ("name", "description", "hs_code", "category", "elements", "made_in", "unit_value")
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    hs_code = r.text(data, "hs_code", path)
    if hs_code is not None and not (hs_code.isdigit() and 4 <= len(hs_code) <= 12):
        r.problem(_join(path, "hs_code"), f"{hs_code!r} is not an HS code (4 to 12 digits)")
        hs_code = None
    return Product(
        name=r.text(data, "name", path),
        description=r.text(data, "description", path),
        hs_code=hs_code,
        category=r.choice(data, "category", path, _ITEM_CATEGORIES),
        elements=r.elements(data, "elements", path),
        made_in=r.code(data, "made_in", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        unit_value=_money(r, data.get("unit_value"), _join(path, "unit_value")),
        extra=extra,
    )


def _component(r: _Reader, value: Any, path: str) -> Component | None:
    known = ("id", "description", "origin", "category", "elements", "value")
    if value is None:
        r.problem(path, "must be an object, not null")
        return None
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    return Component(
        id=r.text(data, "id", path),
        description=r.text(data, "description", path),
        origin=r.code(data, "origin", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        category=r.choice(data, "category", path, _ITEM_CATEGORIES),
        elements=r.elements(data, "elements", path),
        value=_money(r, data.get("value"), _join(path, "value")),
        extra=extra,
    )


def _technology(r: _Reader, value: Any, path: str) -> Technology | None:
    if value is None:
        r.problem(path, "must be an object, not null")
        return None
    got = r.obj(value, path, ("stage", "origin", "description"))
    if got is None:
        return None
    data, extra = got
    return Technology(
        stage=r.choice(data, "stage", path, _STAGES),
        origin=r.code(data, "origin", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        description=r.text(data, "description", path),
        extra=extra,
    )


_SHIPMENT_ADDED = ("importer", "consignee", "quantity", "licence")


def _shipment(r: _Reader, value: Any, path: str) -> Shipment | None:
    known = ("export_from", "destination", "end_use", "end_user")
    if isinstance(value, dict):
        known = _known_if_set(value, known, _SHIPMENT_ADDED)
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    end_use = None
    use = r.obj(data.get("end_use"), _join(path, "end_use"), ("category", "description"))
    if use is not None:
        use_data, use_extra = use
        end_use = EndUse(
            category=r.choice(use_data, "category", _join(path, "end_use"), _END_USES),
            description=r.text(use_data, "description", _join(path, "end_use")),
            extra=use_extra,
        )
    return Shipment(
        export_from=r.code(data, "export_from", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        destination=r.code(data, "destination", path, is_country, "an ISO 3166-1 alpha-2 country code"),
        end_use=end_use,
        end_user=_party(r, data.get("end_user"), _join(path, "end_user")),
        importer=_party(r, data.get("importer"), _join(path, "importer")) if "importer" in known else None,
        consignee=_party(r, data.get("consignee"), _join(path, "consignee")) if "consignee" in known else None,
        quantity=_quantity(r, data.get("quantity"), _join(path, "quantity")) if "quantity" in known else None,
        licence=_licence(r, data.get("licence"), _join(path, "licence")) if "licence" in known else None,
        extra=extra,
    )


def _exchange_rate(r: _Reader, value: Any, path: str) -> ExchangeRate | None:
    if value is None:
        r.problem(path, "must be an object, not null")
        return None
    got = r.obj(value, path, ("from", "to", "rate", "date", "source"))
    if got is None:
        return None
    data, extra = got
    when = None
    date_text = r.text(data, "date", path)
    if date_text is not None:
        try:
            when = date.fromisoformat(date_text)
        except ValueError:
            r.problem(_join(path, "date"), f"{date_text!r} is not an ISO 8601 date (YYYY-MM-DD)")
    return ExchangeRate(
        from_currency=r.code(data, "from", path, is_currency, "an ISO 4217 currency code"),
        to_currency=r.code(data, "to", path, is_currency, "an ISO 4217 currency code"),
        rate=r.decimal(data, "rate", path, positive=True),
        date=when,
        source=r.text(data, "source", path),
        extra=extra,
    )


# A dossier holds at most this many BOM lines. An evidence pack lists every line, and its
# export time grows with them (measured 2026-12: ~13 ms per line on the reference machine,
# so 100,000 lines would export for over twenty minutes); a larger BOM (CSV/XLSX or a dossier
# file's components) is refused at import, up front, rather than accepted and found unexportable later (docs/dossier-import.md).
MAX_LINES_PER_DOSSIER = 10_000

_TOP_LEVEL = ("format", "reference", "client", "exporter", "product", "components", "technologies", "shipment", "exchange_rates")


def parse_dossier(document: Any, source: str = "dossier") -> Dossier:
    """Check a decoded ``reedesk.dossier/1`` document and build a :class:`Dossier`.

    Raises :class:`ValidationFailed` listing every problem, each with its JSON path.
    """
    r = _Reader()
    if not isinstance(document, dict):
        raise ValidationFailed(source, [Problem("$", "a dossier file must hold a JSON object")])
    fmt = document.get("format")
    if fmt != DOSSIER_FORMAT:
        r.problem("format", f"must be {DOSSIER_FORMAT!r}, found {fmt!r}")
    reference = document.get("reference")
    if not isinstance(reference, str) or not reference.strip():
        r.problem("reference", "is required: a non-empty string naming the dossier")
        reference = ""
    elif reference != reference.strip() or len(reference) > 100:
        r.problem("reference", "must have no leading or trailing spaces and at most 100 characters")
    else:
        unsafe = reference_problem(reference)
        if unsafe:
            r.problem("reference", unsafe)
    scenario = document.get("scenario")
    if scenario is not None and not isinstance(scenario, bool):
        r.problem("scenario", "must be true or false")
        scenario = None
    top_level = _TOP_LEVEL + (("scenario",) if scenario is True else ())
    listed = document.get("components")
    if isinstance(listed, list) and len(listed) > MAX_LINES_PER_DOSSIER:
        raise ValidationFailed(source, [Problem("components", f"has {len(listed):,} lines; a dossier holds at most "
                                                f"{MAX_LINES_PER_DOSSIER:,} bill-of-materials lines (docs/dossier-import.md)")])
    dossier = Dossier(
        reference=reference,
        client=_party(r, document.get("client"), "client"),
        exporter=_party(r, document.get("exporter"), "exporter"),
        product=_product(r, document.get("product"), "product"),
        components=r.items(document, "components", "", lambda v, p: _component(r, v, p)),
        technologies=r.items(document, "technologies", "", lambda v, p: _technology(r, v, p)),
        shipment=_shipment(r, document.get("shipment"), "shipment"),
        exchange_rates=r.items(document, "exchange_rates", "", lambda v, p: _exchange_rate(r, v, p)),
        scenario=scenario is True,
        extra={k: v for k, v in document.items() if k not in top_level},
    )
    if not r.problems:
        try:
            canonical_bytes(document)
        except (rfc8785.CanonicalizationError, ValueError, TypeError) as exc:
            # e.g. a lone surrogate in a string or an integer beyond 2**53 in an unknown
            # field: such a document could be read but never hashed, stored or signed.
            r.problem("$", f"cannot be written as canonical JSON ({exc})")
    if r.problems:
        raise ValidationFailed(source, r.problems)
    return dossier


# Characters that make a reference display as something else or act as a path: bidi
# embeddings/overrides/isolates and marks (a reference is shown in file names, PDFs and
# audit lines, where U+202E would reverse "LM-0042-fdp.exe"), and other invisible formatting.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def reference_problem(reference: str) -> str | None:
    """Why ``reference`` cannot name a dossier, or None. References end up in file names
    (export, backups), PDF covers and audit lines, so control and bidi characters and path
    parts are refused."""
    import unicodedata

    for ch in reference:
        if ch == "\x00":
            return "must not contain a NUL character"
        if ch in _BIDI:
            return f"must not contain the bidirectional control character U+{ord(ch):04X} (it makes the text display in another order)"
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            return f"must not contain the control or invisible character U+{ord(ch):04X}"
    if "/" in reference or "\\" in reference:
        return "must not contain / or \\ (a reference is used in file names)"
    if ".." in reference:
        return "must not contain '..' (a reference is used in file names)"
    return None


def parse_dossier_json(text: str | bytes, source: str = "dossier") -> Dossier:
    """Decode JSON text, refusing duplicate keys and non-standard constants, then parse it."""
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ValidationFailed(source, [Problem("$", f"is not valid JSON ({_json_error(exc)})")]) from None
    return parse_dossier(document, source)


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "the file is not UTF-8 text"
    return str(exc) or type(exc).__name__


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key!r}")
        seen[key] = value
    return seen


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


# ---------------------------------------------------------------------------- writing


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _with_extra(known: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(known)
    for key, value in extra.items():
        out.setdefault(key, value)
    return out


def _money_doc(m: Money | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return _with_extra({"amount": _decimal_text(m.amount), "currency": m.currency}, m.extra)


def _owner_doc(o: Owner) -> dict[str, Any]:
    return _with_extra({"name": o.name, "country": o.country, "share": _decimal_text(o.share)}, o.extra)


def _party_doc(p: Party | None) -> dict[str, Any] | None:
    if p is None:
        return None
    known: dict[str, Any] = {"name": p.name, "country": p.country}
    if p.military is not None:
        known["military"] = p.military
    if p.owners:
        known["owners"] = [_owner_doc(o) for o in p.owners]
    return _with_extra(known, p.extra)


def _shipment_added(s: Shipment) -> dict[str, Any]:
    """The 0.2 shipment fields that are set (absent ones are not written: 0.1 text unchanged)."""
    out: dict[str, Any] = {}
    if s.importer is not None:
        out["importer"] = _party_doc(s.importer)
    if s.consignee is not None:
        out["consignee"] = _party_doc(s.consignee)
    if s.quantity is not None:
        out["quantity"] = _with_extra({"amount": _decimal_text(s.quantity.amount), "unit": s.quantity.unit}, s.quantity.extra)
    if s.licence is not None:
        out["licence"] = s.licence
    return out


def dossier_to_document(d: Dossier) -> dict[str, Any]:
    """The ``reedesk.dossier/1`` document for a dossier (unknown values written as null)."""
    product = None
    if d.product is not None:
        p = d.product
        product = _with_extra(
            {
                "name": p.name,
                "description": p.description,
                "hs_code": p.hs_code,
                "category": p.category,
                "elements": p.elements,
                "made_in": p.made_in,
                "unit_value": _money_doc(p.unit_value),
            },
            p.extra,
        )
    shipment = None
    if d.shipment is not None:
        s = d.shipment
        end_use = None if s.end_use is None else _with_extra(
            {"category": s.end_use.category, "description": s.end_use.description}, s.end_use.extra
        )
        shipment = _with_extra(
            {
                "export_from": s.export_from,
                "destination": s.destination,
                "end_use": end_use,
                "end_user": _party_doc(s.end_user),
                **_shipment_added(s),
            },
            s.extra,
        )
    known = {
        "format": DOSSIER_FORMAT,
        "reference": d.reference,
        "client": _party_doc(d.client),
        "exporter": _party_doc(d.exporter),
        "product": product,
        "components": [
            _with_extra(
                {
                    "id": c.id,
                    "description": c.description,
                    "origin": c.origin,
                    "category": c.category,
                    "elements": c.elements,
                    "value": _money_doc(c.value),
                },
                c.extra,
            )
            for c in d.components
        ],
        "technologies": [
            _with_extra({"stage": t.stage, "origin": t.origin, "description": t.description}, t.extra)
            for t in d.technologies
        ],
        "shipment": shipment,
        **({"scenario": True} if d.scenario else {}),
        "exchange_rates": [
            _with_extra(
                {
                    "from": x.from_currency,
                    "to": x.to_currency,
                    "rate": _decimal_text(x.rate),
                    "date": None if x.date is None else x.date.isoformat(),
                    "source": x.source,
                },
                x.extra,
            )
            for x in d.exchange_rates
        ],
    }
    return _with_extra(known, d.extra)


def canonical_bytes(document: Any) -> bytes:
    """RFC 8785 canonical JSON: the only form reedesk ever hashes or signs (``reedesk.canonical``: C speed, same bytes)."""
    return _canonical_dumps(document)


def snapshot_sha256(d: Dossier) -> str:
    """SHA-256 (hex) of the canonical dossier document: the snapshot hash determinations carry."""
    import hashlib

    return hashlib.sha256(canonical_bytes(dossier_to_document(d))).hexdigest()

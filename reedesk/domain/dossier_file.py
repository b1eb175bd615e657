"""Read and write the public ``reedesk.dossier/1`` JSON document (FORMATS.md).

:func:`parse_dossier` checks a decoded document and reports *every* problem with
its JSON path (``components[2].value.amount``) and, for a front end, a ``code`` with
``params`` (resources/vocabulary/messages.toml ``[problem.<code>]``; ``params["path"]`` is the
JSON path, which :func:`reedesk.vocabulary.problem_text` names as the window does: "Exchange
rates, row 2: Rate"); :func:`dossier_to_document` writes
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
    COUNTRIES,
    CURRENCIES,
    EndUseCategory,
    ItemCategory,
    TechnologyStage,
    is_country,
    is_currency,
    is_element,
    _element_symbols,
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
    """Walks a decoded JSON document, collecting problems instead of stopping at the first.

    ``incoming``: the document is entering reedesk (a file imported or evaluated), so it is held to the checks
    added after documents were stored without them (:func:`parse_dossier`)."""

    def __init__(self, incoming: bool = False) -> None:
        self.problems: list[Problem] = []
        self.incoming = incoming

    def problem(self, path: str, message: str) -> None:
        """A problem with an English sentence only (readers of other formats that have no codes yet)."""
        self.problems.append(Problem(path, message))

    def coded(self, path: str, code: str, **params: Any) -> None:
        """A problem by its code: the English sentence is the catalogue's ``[problem.<code>]``, and the
        problem keeps ``code`` and ``params`` (with ``path``) so it can be said in the user's language."""
        self.problems.append(coded_problem(path, code, **params))

    def obj(self, value: Any, path: str, known: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Return (the object, its unknown fields), or None when the value is null/absent or wrong."""
        if value is None:
            return None
        if not isinstance(value, dict):
            self.coded(path, "must_be_object")
            return None
        extra = {k: v for k, v in value.items() if k not in known}
        return value, extra

    def text(self, container: dict[str, Any], key: str, path: str) -> str | None:
        value = container.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.coded(_join(path, key), "must_be_string")
            return None
        return value

    def code(self, container: dict[str, Any], key: str, path: str, check: Callable[[str], bool], what: str) -> str | None:
        """A code checked by ``check``; ``what`` is the problem's code (``not_country_code``, ``not_currency_code``)."""
        value = self.text(container, key, path)
        if value is None:
            return None
        if not check(value):
            code = _WHAT_CODES.get(what, what)
            if " " in code:  # an English description from a reader without codes
                self.problem(_join(path, key), f"{value!r} is not {what}")
            else:
                self.coded(_join(path, key), code, text=value)
            return None
        return value

    def choice(self, container: dict[str, Any], key: str, path: str, allowed: set[str], kind: str = "") -> str | None:
        """One of ``allowed``; ``kind`` is the vocabulary kind (``item_category``…) the problem names in Chinese."""
        value = self.text(container, key, path)
        if value is None:
            return None
        if value not in allowed:
            self.coded(_join(path, key), f"not_{kind}" if kind else "not_one_of", text=value, allowed=", ".join(sorted(allowed)))
            return None
        return value

    def decimal(self, container: dict[str, Any], key: str, path: str, *, positive: bool) -> Decimal | None:
        value = container.get(key)
        if value is None:
            return None
        where = _join(path, key)
        if isinstance(value, bool) or not isinstance(value, str):
            self.coded(where, "must_be_decimal_string")
            return None
        number = parse_decimal_text(value, where, self, positive=positive)
        if number is not None and self.incoming and len(value) != len(value.strip()):
            # " 6.50" was read as 6.50 and written back as "6.50": the document would not round-trip
            self.coded(where, "decimal_spaces", text=value, fixed=value.strip())
            return None
        return number

    def elements(self, container: dict[str, Any], key: str, path: str) -> list[str] | None:
        value = container.get(key)
        if value is None:
            return None
        where = _join(path, key)
        if not isinstance(value, list):
            self.coded(where, "must_be_symbol_list")
            return None
        symbols: list[str] = []
        for index, symbol in enumerate(value):
            if not isinstance(symbol, str):  # null, a number, a list: no symbol to quote (was "None is not a …")
                self.coded(f"{where}[{index}]", "element_not_string")
            elif not is_element(symbol):
                self.coded(f"{where}[{index}]", "not_element", text=symbol)
            else:
                symbols.append(symbol)
        return symbols

    def items(self, container: dict[str, Any], key: str, path: str, read: Callable[[Any, str], T | None]) -> list[T]:
        value = container.get(key)
        if value is None:
            return []
        where = _join(path, key)
        if not isinstance(value, list):
            self.coded(where, "must_be_list")
            return []
        out: list[T] = []
        for index, entry in enumerate(value):
            item = read(entry, f"{where}[{index}]")
            if item is not None:
                out.append(item)
        return out


_WHAT_CODES = {"an ISO 3166-1 alpha-2 country code": "not_country_code", "an ISO 4217 currency code": "not_currency_code"}


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


MAX_FRACTION_DIGITS = 20
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]{1,%d})?" % MAX_FRACTION_DIGITS)
_LONG_FRACTION = re.compile(r"-?[0-9]+\.[0-9]{%d,}" % (MAX_FRACTION_DIGITS + 1))
MAX_INTEGER_DIGITS = 20


def coded_problem(where: str, code: str, **params: Any) -> Problem:
    """The :class:`Problem` of ``code`` at ``where`` (a JSON path unless ``params`` say where it is as
    ``file``/``row``/``column``), its English sentence from the catalogue (``[problem.<code>]``)."""
    from reedesk.vocabulary import message

    located = params if "row" in params else {"path": where, **params}
    return Problem(where, message("problem", code, params, "en") or code, code, located)


def parse_decimal_text(text: str, where: str, reader: _Reader, *, positive: bool,
                       located: dict[str, Any] | None = None) -> Decimal | None:
    """Parse a decimal string; negative (or, with ``positive``, zero) values are refused.

    ``located``: where the text is as ``file``/``row``/``column`` (a CSV cell) instead of a JSON path."""

    def problem(code: str, **params: Any) -> None:
        reader.problems.append(coded_problem(where, code, **(located or {}), **params))

    # Only plain ASCII decimals: Decimal() alone would also take "1E+999999999" (which
    # writing back expands to a billion digits), "1_000" and non-ASCII digits, none of
    # which round-trip to the same text.
    stripped = text.strip()
    if not _PLAIN_DECIMAL.fullmatch(stripped):
        # A plain decimal with too many places is a decimal all the same: say which limit it passes, not that it
        # is no number (LEGALQA9: 21 decimal places read as "not a decimal number").
        if _LONG_FRACTION.fullmatch(stripped):
            problem("too_many_decimals", text=text, digits=MAX_FRACTION_DIGITS)
        else:
            problem("not_decimal", text=text)
        return None
    integer_part = stripped.lstrip("-").split(".")[0]
    if len(integer_part.lstrip("0")) > MAX_INTEGER_DIGITS:
        problem("too_many_digits", text=text, digits=MAX_INTEGER_DIGITS)
        return None
    try:
        number = Decimal(stripped)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid decimals
        problem("not_decimal_plain", text=text)
        return None
    if number < 0:
        problem("negative", text=text)
        return None
    if positive and number == 0:
        problem("not_positive")
        return None
    return number


def _money(r: _Reader, value: Any, path: str) -> Money | None:
    got = r.obj(value, path, ("amount", "currency"))
    if got is None:
        return None
    data, extra = got
    return Money(
        amount=r.decimal(data, "amount", path, positive=False),
        currency=r.code(data, "currency", path, is_currency, "not_currency_code"),
        extra=extra,
    )


_ONE = Decimal(1)


def _owner(r: _Reader, value: Any, path: str) -> Owner | None:
    if value is None:
        r.coded(path, "null_object")
        return None
    got = r.obj(value, path, ("name", "country", "share"))
    if got is None:
        return None
    data, extra = got
    share = r.decimal(data, "share", path, positive=False)
    if share is not None and share > _ONE:
        r.coded(_join(path, "share"), "share_above_one", text=data["share"])
        share = None
    return Owner(
        name=r.text(data, "name", path),
        country=r.code(data, "country", path, is_country, "not_country_code"),
        share=share,
        extra=extra,
    )


_PARTY_KNOWN = ("name", "country", "military")
_PARTY_KEYS = frozenset(_PARTY_KNOWN)
_PRODUCT_KNOWN = ("name", "description", "hs_code", "category", "elements", "made_in", "unit_value")
_PRODUCT_KEYS = frozenset(_PRODUCT_KNOWN)
ONE_PASS = True  # False: the full readers only (tests/domain compares the two over generated documents)


def _plain_party(value: dict[str, Any]) -> Party | None:
    """A party :func:`_party` would read without a problem and without owners, in one pass (as
    :func:`_plain_component` reads a BOM line); None whenever the full reader must decide (issue 13: three per parse)."""
    owners = value.get("owners")
    if owners is not None and not (isinstance(owners, list) and not owners):  # owners with a value: the full reader
        return None
    name, country, military = value.get("name"), value.get("country"), value.get("military")
    if name is not None and not isinstance(name, str):
        return None
    if country is not None and not (isinstance(country, str) and country in _COUNTRIES):
        return None
    if military is not None and not isinstance(military, bool):
        return None
    # Party(name, country, military, owners, extra); an empty owners value stays among the unknown fields
    return Party(name, country, military, (),
                 {} if value.keys() <= _PARTY_KEYS else {k: v for k, v in value.items() if k not in _PARTY_KNOWN})


def _plain_product(value: dict[str, Any], exact: bool = False) -> Product | None:
    """The product :func:`_product` would read without a problem, in one pass; None: the full reader decides.
    ``exact``: as read for an incoming document (:attr:`_Reader.incoming`)."""
    get = value.get
    if exact:
        code = get("control_code")
        if code is not None and not isinstance(code, str):
            return None
    name, description, hs_code, category = get("name"), get("description"), get("hs_code"), get("category")
    if name is not None and not isinstance(name, str):
        return None
    if description is not None and not isinstance(description, str):
        return None
    if hs_code is not None and not (isinstance(hs_code, str) and hs_code.isdigit() and 4 <= len(hs_code) <= 12):
        return None
    if category is not None and not (isinstance(category, str) and category in _ITEM_CATEGORIES):
        return None
    made_in = get("made_in")
    if made_in is not None and not (isinstance(made_in, str) and made_in in _COUNTRIES):
        return None
    elements, money = _plain_elements(get("elements")), _plain_money(get("unit_value"), exact)
    if elements is _NOT_READ or money is _NOT_READ:
        return None
    return Product(name, description, hs_code, category, elements, made_in, money,
                   {} if value.keys() <= _PRODUCT_KEYS else {k: v for k, v in value.items() if k not in _PRODUCT_KNOWN})


def _party(r: _Reader, value: Any, path: str) -> Party | None:
    if isinstance(value, dict):
        if ONE_PASS:
            plain = _plain_party(value)
            if plain is not None:
                return plain
        known = _known_if_set(value, ("name", "country", "military"), ("owners",))
    else:
        known = ()
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    military = data.get("military")
    if military is not None and not isinstance(military, bool):
        r.coded(_join(path, "military"), "must_be_boolean")
        military = None
    owners: tuple[Owner, ...] = ()
    if "owners" in known:
        owners = tuple(r.items(data, "owners", path, lambda v, p: _owner(r, v, p)))
    return Party(
        name=r.text(data, "name", path),
        country=r.code(data, "country", path, is_country, "not_country_code"),
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
        r.coded(_join(path, "unit"), "unit_missing")
        unit = None
    return Quantity(amount=r.decimal(data, "amount", path, positive=True), unit=unit, extra=extra)


LICENCE_FORMAT = "reedesk.licence/1"


def _licence(r: _Reader, value: Any, path: str) -> dict[str, Any] | None:
    """``{"number": ...}`` or an inline ``reedesk.licence/1`` object, kept as parsed JSON
    (the licence register, not the dossier, owns the licence format)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        r.coded(path, "licence_not_object")
        return None
    number, fmt = value.get("number"), value.get("format")
    if number is not None and (not isinstance(number, str) or not number.strip()):
        r.coded(_join(path, "number"), "licence_number_empty")
        return None
    if fmt is not None and not isinstance(fmt, str):
        r.coded(_join(path, "format"), "format_not_string", expected=LICENCE_FORMAT)
        return None
    if fmt is not None and fmt != LICENCE_FORMAT:
        r.coded(_join(path, "format"), "wrong_format", expected=LICENCE_FORMAT, found=fmt)
        return None
    if number is None and fmt is None:
        r.coded(path, "licence_unnamed", expected=LICENCE_FORMAT)
        return None
    return value


def _product(r: _Reader, value: Any, path: str) -> Product | None:
    if ONE_PASS and isinstance(value, dict):
        plain = _plain_product(value, r.incoming)
        if plain is not None:
            return plain
    known = ("name", "description", "hs_code", "category", "elements", "made_in", "unit_value")
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    code = data.get("control_code")  # kept among the unknown fields, as written; read by the item-list rules
    if r.incoming and code is not None and not isinstance(code, str):
        # 42, true, ["2B902.a"] were read as no code at all: the determination asked for the code it was given
        r.coded(_join(path, "control_code"), "control_code_not_string")
    hs_code = r.text(data, "hs_code", path)
    if hs_code is not None and not (hs_code.isdigit() and 4 <= len(hs_code) <= 12):
        r.coded(_join(path, "hs_code"), "not_hs_code", text=hs_code)
        hs_code = None
    return Product(
        name=r.text(data, "name", path),
        description=r.text(data, "description", path),
        hs_code=hs_code,
        category=r.choice(data, "category", path, _ITEM_CATEGORIES, "item_category"),
        elements=r.elements(data, "elements", path),
        made_in=r.code(data, "made_in", path, is_country, "not_country_code"),
        unit_value=_money(r, data.get("unit_value"), _join(path, "unit_value")),
        extra=extra,
    )


_COMPONENT_KNOWN = ("id", "description", "origin", "category", "elements", "value")
_MONEY_KNOWN = ("amount", "currency")
_COMPONENT_KEYS, _MONEY_KEYS = frozenset(_COMPONENT_KNOWN), frozenset(_MONEY_KNOWN)  # a line with no unknown field: no extra
_NOT_READ = object()


def _plain_amount(value: Any, exact: bool = False) -> Any:
    """A valid non-negative amount as :meth:`_Reader.decimal` reads it (``positive=False``), or _NOT_READ
    when that would report a problem (the full reader then says which). ``exact``: spaces around it are one."""
    if value is None:
        return None
    if not isinstance(value, str):  # a bool is no str either
        return _NOT_READ
    stripped = value.strip()
    if exact and len(stripped) != len(value):
        return _NOT_READ
    if not _PLAIN_DECIMAL.fullmatch(stripped) or (len(stripped) > MAX_INTEGER_DIGITS  # no more digits than characters
                                                   and len(stripped.lstrip("-").split(".")[0].lstrip("0")) > MAX_INTEGER_DIGITS):
        return _NOT_READ
    number = Decimal(stripped)
    return _NOT_READ if number < 0 else number


def _plain_elements(elements: Any) -> Any:
    """A product's or line's ``elements`` as the full reader would read them (a new list, or None), or ``_NOT_READ``
    when anything would be a problem (the full reader then reports it with its path)."""
    if elements is None:
        return None
    if not isinstance(elements, list):
        return _NOT_READ
    for symbol in elements:  # a loop, not all() over a generator (per line of every evaluation)
        if not (isinstance(symbol, str) and symbol in _ELEMENTS):  # is_element
            return _NOT_READ
    return list(elements)


def _plain_money(money: Any, exact: bool = False) -> Any:
    """A ``unit_value`` / ``value`` object as the full reader would read it (Money, or None), or ``_NOT_READ``."""
    if money is None:
        return None
    if not isinstance(money, dict):
        return _NOT_READ
    amount = _plain_amount(money.get("amount"), exact)
    currency = money.get("currency")
    if amount is _NOT_READ or (currency is not None and not (isinstance(currency, str) and currency in _CURRENCIES)):
        return _NOT_READ
    # positional: Money(amount, currency, extra) in its fields' order
    return Money(amount, currency, {} if money.keys() <= _MONEY_KEYS else {k: v for k, v in money.items() if k not in _MONEY_KNOWN})


def _plain_component(value: dict[str, Any], exact: bool = False) -> Component | None:
    """A BOM line that :func:`_component` would read without a problem, read in one pass (issue 13: parsing a
    20-line dossier was a tenth of an evaluation); None whenever anything would be a problem, so the full reader
    runs and reports it with its path. Same checks, same result as the full reader (``exact``: as it reads an
    incoming document)."""
    get = value.get
    line_id, description, origin, category = get("id"), get("description"), get("origin"), get("category")
    if line_id is not None and not isinstance(line_id, str):
        return None
    if description is not None and not isinstance(description, str):
        return None
    if origin is not None and not (isinstance(origin, str) and origin in _COUNTRIES):  # is_country, without a call
        return None
    if category is not None and not (isinstance(category, str) and category in _ITEM_CATEGORIES):
        return None
    elements, money = _plain_elements(get("elements")), _plain_money(get("value"), exact)
    if elements is _NOT_READ or money is _NOT_READ:
        return None
    # positional: Component(id, ..., value, extra) in its fields' order
    return Component(line_id, description, origin, category, elements, money,
                     {} if value.keys() <= _COMPONENT_KEYS else {k: v for k, v in value.items() if k not in _COMPONENT_KNOWN})


# The sets is_country, is_currency and is_element look in (the same frozensets: reedesk.domain.codes), for the one-pass reader.
_COUNTRIES, _CURRENCIES, _ELEMENTS = COUNTRIES, CURRENCIES, _element_symbols()


def _component(r: _Reader, value: Any, path: str) -> Component | None:
    known = _COMPONENT_KNOWN
    if isinstance(value, dict):
        plain = _plain_component(value, r.incoming)
        if plain is not None:
            return plain
    if value is None:
        r.coded(path, "null_object")
        return None
    got = r.obj(value, path, known)
    if got is None:
        return None
    data, extra = got
    return Component(
        id=r.text(data, "id", path),
        description=r.text(data, "description", path),
        origin=r.code(data, "origin", path, is_country, "not_country_code"),
        category=r.choice(data, "category", path, _ITEM_CATEGORIES, "item_category"),
        elements=r.elements(data, "elements", path),
        value=_money(r, data.get("value"), _join(path, "value")),
        extra=extra,
    )


def _components(r: _Reader, document: dict[str, Any]) -> list[Component]:
    """``r.items(document, "components", "", _component)``, with a valid line read by :func:`_plain_component`
    straight away (its path is only needed for a problem): the same lines, the same problems, in order."""
    listed = document.get("components")
    if type(listed) is not list:
        return r.items(document, "components", "", lambda v, p: _component(r, v, p))
    out: list[Component] = []
    exact = r.incoming
    for index, entry in enumerate(listed):
        item = _plain_component(entry, exact) if isinstance(entry, dict) else None
        if item is None:
            item = _component(r, entry, f"components[{index}]")
        if item is not None:
            out.append(item)
    if exact:
        _refuse_reused_ids(r, listed)
    return out


def _refuse_reused_ids(r: _Reader, listed: list[Any]) -> None:
    """An incoming document's BOM lines have ids of their own, as a BOM file's do (``bom_id_reused``): two lines
    "C1" leave a determination's "Input C1" naming either. The later line is named, with the earlier one."""
    first: dict[str, int] = {}
    for index, entry in enumerate(listed):
        line_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(line_id, str):  # null: not known yet; a wrong type is the line's own problem
            continue
        other = first.setdefault(line_id, index)
        if other != index:
            r.coded(f"components[{index}].id", "component_id_reused", id=line_id, other=other, other_row=other + 1)


def _technology(r: _Reader, value: Any, path: str) -> Technology | None:
    if value is None:
        r.coded(path, "null_object")
        return None
    got = r.obj(value, path, ("stage", "origin", "description"))
    if got is None:
        return None
    data, extra = got
    return Technology(
        stage=r.choice(data, "stage", path, _STAGES, "technology_stage"),
        origin=r.code(data, "origin", path, is_country, "not_country_code"),
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
            category=r.choice(use_data, "category", _join(path, "end_use"), _END_USES, "end_use"),
            description=r.text(use_data, "description", _join(path, "end_use")),
            extra=use_extra,
        )
    return Shipment(
        export_from=r.code(data, "export_from", path, is_country, "not_country_code"),
        destination=r.code(data, "destination", path, is_country, "not_country_code"),
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
        r.coded(path, "null_object")
        return None
    got = r.obj(value, path, ("from", "to", "rate", "date", "source"))
    if got is None:
        return None
    data, extra = got
    when = None
    date_text = r.text(data, "date", path)
    if date_text is not None:
        when = iso_date(date_text)
        if when is None:
            r.coded(_join(path, "date"), "not_iso_date", text=date_text)
    from_currency = r.code(data, "from", path, is_currency, "not_currency_code")
    to_currency = r.code(data, "to", path, is_currency, "not_currency_code")
    if r.incoming and from_currency is not None and from_currency == to_currency:
        # USD → USD at 2 would be a second price for the same money; a rate converts one currency into another
        r.coded(path, "rate_same_currency", currency=from_currency)
    return ExchangeRate(
        from_currency=from_currency,
        to_currency=to_currency,
        rate=r.decimal(data, "rate", path, positive=True),
        date=when,
        source=r.text(data, "source", path),
        extra=extra,
    )


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date | None:
    """The date ``text`` writes as YYYY-MM-DD, or None. Python 3.11's ``date.fromisoformat`` also takes the basic
    form "20261120" and week dates ("2026-W47-5"), which are written back as "2026-11-20": they do not round-trip."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


# A dossier holds at most this many BOM lines. An evidence pack lists every line, and its
# export time grows with them (measured 2026-12: ~13 ms per line on the reference machine,
# so 100,000 lines would export for over twenty minutes); a larger BOM (CSV/XLSX or a dossier
# file's components) is refused at import, up front, rather than accepted and found unexportable later (docs/dossier-import.md).
MAX_LINES_PER_DOSSIER = 10_000

_TOP_LEVEL = ("format", "reference", "client", "exporter", "product", "components", "technologies", "shipment", "exchange_rates")


def parse_dossier(document: Any, source: str = "dossier", *, check_canonical: bool = True,
                  incoming: bool = False) -> Dossier:
    """Check a decoded ``reedesk.dossier/1`` document and build a :class:`Dossier`.

    Raises :class:`ValidationFailed` listing every problem, each with its JSON path.
    ``check_canonical=False`` leaves out the last check (that the document has a canonical form) for a
    caller that canonicalises the dossier's snapshot right after, with :func:`snapshot_and_bytes`.

    ``incoming=True`` (a file being imported or evaluated: :func:`parse_dossier_json`) adds the checks made
    after documents had been stored without them: BOM line ids used twice, a decimal string with spaces around
    it (it is written back without them), an exchange rate from a currency to itself and a
    ``product.control_code`` that is not a string. A stored revision or a determination's snapshot is read
    without them, so that one stored before still opens and its determinations still re-run as they were made.
    """
    r = _Reader(incoming)
    if not isinstance(document, dict):
        raise ValidationFailed(source, [coded_problem("$", "not_json_object")])
    fmt = document.get("format")
    if fmt is None:  # absent or null: say so, not "found None"
        r.coded("format", "format_missing", expected=DOSSIER_FORMAT)
    elif not isinstance(fmt, str):
        r.coded("format", "format_not_string", expected=DOSSIER_FORMAT)
    elif fmt != DOSSIER_FORMAT:
        r.coded("format", "wrong_format", expected=DOSSIER_FORMAT, found=fmt)
    reference = document.get("reference")
    if reference is not None and not isinstance(reference, str):  # 42: not missing, of the wrong type
        r.coded("reference", "reference_not_string")
        reference = ""
    elif reference is None or not reference.strip():
        r.coded("reference", "reference_missing")
        reference = ""
    elif reference != reference.strip() or len(reference) > 100:
        r.coded("reference", "reference_spaces")
    else:
        unsafe = reference_problem_code(reference)
        if unsafe:
            r.coded("reference", unsafe[0], **unsafe[1])
    scenario = document.get("scenario")
    if scenario is not None and not isinstance(scenario, bool):
        r.coded("scenario", "must_be_boolean")
        scenario = None
    top_level = _TOP_LEVEL + (("scenario",) if scenario is True else ())
    listed = document.get("components")
    if isinstance(listed, list) and len(listed) > MAX_LINES_PER_DOSSIER:
        raise ValidationFailed(source, [coded_problem("components", "too_many_lines", count=len(listed),
                                                      limit=MAX_LINES_PER_DOSSIER)])
    dossier = Dossier(
        reference=reference,
        client=_party(r, document.get("client"), "client"),
        exporter=_party(r, document.get("exporter"), "exporter"),
        product=_product(r, document.get("product"), "product"),
        components=_components(r, document),
        technologies=r.items(document, "technologies", "", lambda v, p: _technology(r, v, p)),
        shipment=_shipment(r, document.get("shipment"), "shipment"),
        exchange_rates=r.items(document, "exchange_rates", "", lambda v, p: _exchange_rate(r, v, p)),
        scenario=scenario is True,
        extra={k: v for k, v in document.items() if k not in top_level},
    )
    if not r.problems and check_canonical:
        try:
            canonical_bytes(document)
        except _NOT_CANONICAL as exc:
            # e.g. a lone surrogate in a string or an integer beyond 2**53 in an unknown
            # field: such a document could be read but never hashed, stored or signed.
            r.coded("$", "not_canonical_json", detail=str(exc))
    if r.problems:
        raise ValidationFailed(source, r.problems)
    return dossier


_NOT_CANONICAL = (rfc8785.CanonicalizationError, ValueError, TypeError)


def snapshot_and_bytes(d: Dossier, source: str = "dossier") -> tuple[dict[str, Any], bytes]:
    """The snapshot document of ``d`` (:func:`dossier_to_document`) and its canonical bytes, refusing as
    :func:`parse_dossier` does a dossier whose document has no canonical form (issue 13: one canonical pass
    where evaluation made two, of the input and of its snapshot). The two refuse alike: the snapshot holds every
    value of the document it was read from — known values as read (a decimal or a date rewritten in ASCII),
    unknown fields as they were — and only adds nulls, so it canonicalises exactly when that document does."""
    snap = dossier_to_document(d)
    try:
        return snap, canonical_bytes(snap)
    except _NOT_CANONICAL as exc:
        raise ValidationFailed(source, [coded_problem("$", "not_canonical_json", detail=str(exc))]) from None


# Characters that make a reference display as something else or act as a path: bidi
# embeddings/overrides/isolates and marks (a reference is shown in file names, PDFs and
# audit lines, where U+202E would reverse "LM-0042-fdp.exe"), and other invisible formatting.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def reference_problem(reference: str) -> str | None:
    """Why ``reference`` cannot name a dossier (an English sentence), or None. References end up in file
    names (export, backups), PDF covers and audit lines, so control and bidi characters and path
    parts are refused."""
    found = reference_problem_code(reference)
    if found is None:
        return None
    from reedesk.vocabulary import message

    return message("problem", found[0], found[1], "en") or found[0]


def reference_problem_code(reference: str) -> tuple[str, dict[str, Any]] | None:
    """:func:`reference_problem` as a problem code and its params (``[problem.<code>]``)."""
    import unicodedata

    # printable ASCII holds no NUL, bidi mark or Cc/Cf/Zl/Zp/Cs character: the loop would find none (issue 13: per parse)
    for ch in (() if reference.isascii() and reference.isprintable() else reference):
        if ch == "\x00":
            return "reference_nul", {}
        if ch in _BIDI:
            return "reference_bidi", {"char": f"{ord(ch):04X}"}
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            return "reference_control", {"char": f"{ord(ch):04X}"}
    if "/" in reference or "\\" in reference:
        return "reference_slash", {}
    if ".." in reference:
        return "reference_dots", {}
    return None


def parse_dossier_json(text: str | bytes, source: str = "dossier", *, incoming: bool = True) -> Dossier:
    """Decode JSON text, refusing duplicate keys and non-standard constants, then parse it: a file entering
    reedesk (import, ``evaluate FILE``, the samples), so with :func:`parse_dossier`'s ``incoming`` checks."""
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        code, params = json_problem(exc)
        raise ValidationFailed(source, [coded_problem("$", code, **params)]) from None
    return parse_dossier(document, source, incoming=incoming)


def json_problem(exc: Exception) -> tuple[str, dict[str, Any]]:
    """Why a JSON text could not be decoded, as a problem code and params (English: ``is not valid JSON (…)``)."""
    if isinstance(exc, json.JSONDecodeError):
        return "json_syntax", {"msg": exc.msg, "line": exc.lineno, "column": exc.colno}
    if isinstance(exc, UnicodeDecodeError):
        return "json_not_utf8", {}
    if isinstance(exc, _DuplicateKey):
        return "json_duplicate_key", {"key": exc.key}
    if isinstance(exc, _RefusedConstant):
        return "json_constant", {"name": exc.name}
    if isinstance(exc, RecursionError):
        return "json_too_deep", {"detail": str(exc) or type(exc).__name__}
    return "json_other", {"detail": str(exc) or type(exc).__name__}


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(f"duplicate key {key!r}")
        self.key = key


class _RefusedConstant(ValueError):
    def __init__(self, name: str):
        super().__init__(f"{name} is not allowed in JSON")
        self.name = name


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
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _refuse_constant(name: str) -> Any:
    raise _RefusedConstant(name)


# ---------------------------------------------------------------------------- writing


def _decimal_text(value: Decimal | None) -> str | None:
    """``format(value, "f")``; a Decimal's ``str`` is exactly that when it shows no exponent, and cheaper (issue 13)."""
    if type(value) is Decimal:
        text = str(value)
        if "E" not in text and "e" not in text:
            return text
    return None if value is None else format(value, "f")


def _with_extra(known: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``known`` (a dict the caller has just built) with the unknown fields it lacks; ``known`` itself when there are
    none (no copy: ~50 per 20-line snapshot, made at every evaluation)."""
    if not extra:
        return known
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


def _component_docs(components: list[Any]) -> list[dict[str, Any]]:
    """The BOM lines as the document writes them: ``_with_extra`` of each line and ``_money_doc`` of its value,
    called only for a line or value with unknown fields (issue 13: two calls per line of every evaluation's snapshot)."""
    out = []
    for c in components:
        m = c.value
        if m is None:
            value = None
        elif m.extra:
            value = _money_doc(m)
        else:
            value = {"amount": _decimal_text(m.amount), "currency": m.currency}
        line = {"id": c.id, "description": c.description, "origin": c.origin, "category": c.category,
                "elements": c.elements, "value": value}
        out.append(_with_extra(line, c.extra) if c.extra else line)
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
        "components": _component_docs(d.components),
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

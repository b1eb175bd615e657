"""Rule packs: one TOML file per legal instrument, parsed and schema-checked.

A pack is *data*: dates, suspension windows, the items it covers, parameters
and the rule kinds it uses with their citations (DESIGN.md "Rule packs"). The
engine never hard-codes a threshold or a date; it reads them from here, so a
user can import a newer pack (say, when a suspension is extended) without a new
release. A pack's SHA-256 is taken over its canonical form (RFC 8785 JSON of the
parsed document, dates as ISO text), so whitespace and comments in the TOML do
not change it but any fact does.

Schema ``reedesk.rulepack/1`` is documented in ``docs/rule-packs.md``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Any, Callable, Sequence

from reedesk.rules.memo import remember
from reedesk.domain.codes import EndUseCategory, ItemCategory, Outcome, TechnologyStage, is_country, is_element
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import Problem, ValidationFailed

PACK_SCHEMA = "reedesk.rulepack/1"

CONTROL_KINDS = ("value_content", "direct_product", "origin", "destination_ban", "catch_all", "item_list", "listing")
POLICY_KINDS = ("end_use", "end_user", "exemption")
RULE_KINDS = CONTROL_KINDS + POLICY_KINDS

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_VERSION = re.compile(r"^\d+(\.\d+){0,3}$")
_CATEGORIES = {c.value for c in ItemCategory}
_END_USES = {e.value for e in EndUseCategory}
_STAGES = {s.value for s in TechnologyStage}
_OUTCOMES = {o.value for o in Outcome} - {"suspended", "insufficient_data", "not_controlled"}
_SCOPES = {"export_from_home", "reexport_home_origin"}
ALLOY_MATCHES = ("exact", "contains", "principal")
READING_STATUSES = ("text", "reported_unconfirmed", "commentary", "reedesk_reading", "settled")
FOREIGN_MADE_CONTENT = ("not_covered", "incorporated")


@dataclass(frozen=True)
class Window:
    """A suspension window, both ends inclusive, and the instrument that opened it."""

    start: date
    until: date
    by: str
    by_zh: str | None = None
    by_pack: str | None = None
    articles: tuple[str, ...] = ()  # empty: the whole pack
    by_zh_hant: str | None = None  # Traditional Chinese; falls back to by_zh


@dataclass(frozen=True)
class ItemSet:
    """Items named by a pack: a component or product matches when its category is
    listed and its elements meet one of the element tests."""

    name: str
    categories: tuple[str, ...]
    elements_any: tuple[str, ...] = ()
    element_sets: tuple[frozenset[str], ...] = ()
    any_elements: bool = False
    label_en: str = ""
    label_zh: str = ""
    label_zh_hant: str = ""  # Traditional Chinese; falls back to label_zh
    alloy_match: str = "exact"  # element_sets: "exact" (same elements), "contains" (additions allowed) or
    # "principal" (additions allowed, but the item's rare earths must be the family's: a Nd-Fe-B alloy with some Dy is
    # not a Dy-Fe alloy; a Sm2Co17 alloy with Fe, Cu and Zr is a Sm-Co alloy)
    with_any: tuple[str, ...] = ()  # also required: at least one of these elements (NdFeB containing Tb or Dy)
    control_code: str | None = None  # the dual-use list code the item set is (e.g. "1C902", "2B902")
    control_codes: tuple[tuple[str, str], ...] = ()  # per element: (("Tb", "1C904"), ("Dy", "1C905"))


@dataclass(frozen=True)
class RuleSpec:
    article: str
    kind: str
    key_phrase_en: str
    key_phrase_zh: str
    params: dict[str, Any]
    effective_from: date | None = None
    effective_until: date | None = None
    reading_en: str | None = None
    reading_zh: str | None = None
    unverified: tuple[str, ...] = ()
    reading_zh_hant: str | None = None
    unverified_zh: tuple[str, ...] = ()  # translations of ``unverified``, same order
    unverified_zh_hant: tuple[str, ...] = ()
    article_en: str | None = None  # how the article is cited in text ("Art. 1"); defaults to the article
    article_zh: str | None = None
    article_zh_hant: str | None = None
    key_phrase_zh_hant: str | None = None  # the key phrase in Traditional script; falls back to key_phrase_zh


@dataclass(frozen=True)
class Patch:
    """One change a reading makes to a pack's document: ``set`` a value at ``path`` or
    ``add`` a table to the array at ``path``. ``pack`` is the target pack id (None: the
    declaring pack). Paths address arrays of tables by a key: ``rules[article=I(1)].parameters.threshold``,
    ``items[name=part1_alloys].alloy_match``, ``suspends[pack=cn-mofcom-2025-055].until``."""

    op: str
    path: str
    value: Any
    pack: str | None = None


@dataclass(frozen=True)
class Reading:
    """One reading of an open point, with its texts, source and status."""

    id: str
    primary: bool
    description: dict[str, str]
    condition: dict[str, str]  # "the reported extension to 2027-01-10 holds": used in the summary sentence
    source: str
    status: str
    patches: tuple[Patch, ...] = ()
    evaluated: bool = True  # False: the packs cannot model this reading; it is stated, not evaluated


@dataclass(frozen=True)
class OpenPoint:
    """A point of the law the packs cannot settle: its readings, the primary one first."""

    id: str
    pack: str
    text: dict[str, str]
    readings: tuple[Reading, ...]

    # Worked out once per open point (every evaluation asks; issue 13). cached_property writes the instance's
    # __dict__ directly, which a frozen dataclass allows; the fields, and so equality and the hash, are untouched.
    @cached_property
    def primary(self) -> Reading:
        return next(r for r in self.readings if r.primary)

    @cached_property
    def alternatives(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if not r.primary)


@dataclass(frozen=True, eq=False)
class RulePack:
    """A parsed, validated rule pack. ``document`` is the canonical JSON-able form."""

    id: str
    version: str
    sha256: str
    source_text: str
    source: str
    document: dict[str, Any]
    announcement: str
    announcement_zh: str
    title_en: str
    title_zh: str
    authority: str
    published: date
    effective_from: date
    effective_until: date | None
    reviewed_until: date
    version_date: date
    suspensions: tuple[Window, ...]
    suspends: tuple[tuple[str, Window], ...]
    items: dict[str, ItemSet]
    rules: tuple[RuleSpec, ...]
    unverified: tuple[str, ...] = field(default=())
    announcement_zh_hant: str = ""
    unverified_zh: tuple[str, ...] = field(default=())
    unverified_zh_hant: tuple[str, ...] = field(default=())
    open_points: tuple[OpenPoint, ...] = field(default=())
    settles: tuple[str, ...] = field(default=())  # open-point ids of other packs this pack settles
    same_as_home: tuple[str, ...] = field(default=())  # country codes its rules read as their home_country (a reading)
    # A pack as read under a reading keeps the pack's ``sha256`` (the pack that was used); this is the SHA-256 of its
    # patched document, so caches of what depends only on the pack (reedesk.rules.engine's rule plans) tell them apart.
    reading_sha256: str = field(default="")
    # The sub-entries of the pack's control codes by item category (pack table ``[parameters.sub_entries]``): No. 18 of
    # 2025 lists each element's items as 「1C904.a金属铽、含铽的合金及相关制品」, 「1C904.b氧化铽及其混合物」,
    # 「1C904.c含铽的化合物及其混合物」, so terbium metal is an item of 1C904.a (a licence naming 1C904.a covers it).
    sub_entries: tuple[tuple[str, str], ...] = field(default=())

    def sub_entry(self, code: str, category: str | None) -> str | None:
        """The sub-entry of ``code`` an item of ``category`` is (``"1C904.a"`` for terbium metal), or None when the
        pack does not say."""
        letter = dict(self.sub_entries).get(category or "")
        return f"{code}.{letter}" if letter else None

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    def summary(self) -> dict[str, str]:
        """What a determination records about the pack it used."""
        return {"id": self.id, "version": self.version, "sha256": self.sha256, "reviewed_until": self.reviewed_until.isoformat()}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# ------------------------------------------------------------------------------ checker


class _Checker:
    """Collects every problem with the TOML key path, instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def bad(self, where: str, message: str) -> None:
        """Record a problem; only the first problem per key is kept, the rest follow from it."""
        if all(p.where != where for p in self.problems):
            self.problems.append(Problem(where, message))

    def table(self, parent: dict[str, Any], key: str, where: str, *, required: bool = True) -> dict[str, Any]:
        value = parent.get(key)
        if value is None:
            if required:
                self.bad(where, "is required (a TOML table)")
            return {}
        if not isinstance(value, dict):
            self.bad(where, "must be a TOML table")
            return {}
        return value

    def array_of_tables(self, parent: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.bad(where, f"must be an array of tables ([[{key}]])")
            return []
        return value

    def text(self, t: dict[str, Any], key: str, where: str, *, required: bool = True, pattern: re.Pattern[str] | None = None) -> str | None:
        value = t.get(key)
        if value is None:
            if required:
                self.bad(where, "is required (a string)")
            return None
        if not isinstance(value, str) or not value.strip():
            self.bad(where, "must be a non-empty string")
            return None
        if pattern is not None and not pattern.match(value):
            self.bad(where, f"{value!r} does not have the required form {pattern.pattern}")
            return None
        return value

    def day(self, t: dict[str, Any], key: str, where: str, *, required: bool = True) -> date | None:
        value = t.get(key)
        if value is None:
            if required:
                self.bad(where, "is required (a date such as 2025-10-09)")
            return None
        if isinstance(value, datetime):
            self.bad(where, "must be a date without a time")
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.bad(where, f"{value!r} is not a date such as 2025-10-09")
        return None

    def strings(self, t: dict[str, Any], key: str, where: str, *, allowed: set[str] | Callable[[str], bool] | None = None, required: bool = False) -> tuple[str, ...]:
        value = t.get(key)
        if value is None:
            if required:
                self.bad(where, "is required (an array of strings)")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(where, "must be an array of strings")
            return ()
        for index, item in enumerate(value):
            ok = True
            if isinstance(allowed, set):
                ok = item in allowed
            elif allowed is not None:
                ok = allowed(item)
            if not ok:
                self.bad(f"{where}[{index}]", f"{item!r} is not allowed here")
        return tuple(value)


def _jsonable(value: Any) -> Any:
    """The TOML document as JSON: dates become ISO text; floats are refused earlier."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _find_floats(value: Any, where: str, c: _Checker) -> None:
    if isinstance(value, float):
        c.bad(where, "must not be a TOML float; write decimals as strings such as \"0.001\"")
    elif isinstance(value, dict):
        for k, v in value.items():
            _find_floats(v, f"{where}.{k}" if where else k, c)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _find_floats(v, f"{where}[{i}]", c)


def _window(c: _Checker, t: dict[str, Any], where: str, by_key: str = "by") -> Window | None:
    start = c.day(t, "from", f"{where}.from")
    until = c.day(t, "until", f"{where}.until")
    by = c.text(t, by_key, f"{where}.{by_key}")
    by_zh = c.text(t, "by_zh", f"{where}.by_zh", required=False)
    by_pack = c.text(t, "by_pack", f"{where}.by_pack", required=False, pattern=_ID)
    articles = c.strings(t, "articles", f"{where}.articles")
    by_zh_hant = c.text(t, "by_zh_hant", f"{where}.by_zh_hant", required=False)
    if start and until and until < start:
        c.bad(f"{where}.until", f"{until} is before from ({start})")
    if start is None or until is None or by is None:
        return None
    return Window(start, until, by, by_zh, by_pack, articles, by_zh_hant)


def _item_set(c: _Checker, t: dict[str, Any], where: str) -> ItemSet | None:
    name = c.text(t, "name", f"{where}.name")
    categories = c.strings(t, "categories", f"{where}.categories", allowed=_CATEGORIES, required=True)
    elements_any = c.strings(t, "elements_any", f"{where}.elements_any", allowed=is_element)
    sets_raw = t.get("element_sets")
    sets: list[frozenset[str]] = []
    if sets_raw is not None:
        if not isinstance(sets_raw, list) or not all(isinstance(s, list) for s in sets_raw):
            c.bad(f"{where}.element_sets", "must be an array of arrays of chemical symbols")
        else:
            for i, s in enumerate(sets_raw):
                if not s or not all(isinstance(e, str) and is_element(e) for e in s):
                    c.bad(f"{where}.element_sets[{i}]", "must be a non-empty array of chemical symbols")
                else:
                    sets.append(frozenset(s))
    alloy_match = t.get("alloy_match", "exact")
    if alloy_match not in ALLOY_MATCHES:
        c.bad(f"{where}.alloy_match", f"{alloy_match!r} is not one of {', '.join(ALLOY_MATCHES)}")
        alloy_match = "exact"
    if not elements_any and not sets and t.get("any_elements") is not True:
        c.bad(where, "needs elements_any, element_sets, or any_elements = true")
    with_any = c.strings(t, "with_any", f"{where}.with_any", allowed=is_element)
    control_code = c.text(t, "control_code", f"{where}.control_code", required=False)
    codes_raw = t.get("control_codes")
    control_codes: list[tuple[str, str]] = []
    if codes_raw is not None:
        if not isinstance(codes_raw, dict) or not codes_raw:
            c.bad(f"{where}.control_codes", "must be a table of chemical symbol = control code")
        else:
            for k, v in codes_raw.items():
                if not is_element(k) or not isinstance(v, str) or not v.strip():
                    c.bad(f"{where}.control_codes.{k}", "must map a chemical symbol to a control code string")
                else:
                    control_codes.append((k, v))
    if name is None:
        return None
    return ItemSet(
        name=name, categories=categories, elements_any=elements_any, element_sets=tuple(sets),
        any_elements=t.get("any_elements") is True, alloy_match=alloy_match, with_any=with_any,
        control_code=control_code, control_codes=tuple(control_codes),
        label_en=str(t.get("label_en", name)), label_zh=str(t.get("label_zh", t.get("label_en", name))),
        label_zh_hant=str(t.get("label_zh_hant", t.get("label_zh", t.get("label_en", name)))),
    )


# Parameters each rule kind takes: name -> (type, required).
_KIND_PARAMS: dict[str, dict[str, tuple[str, bool]]] = {
    "value_content": {
        "threshold": ("ratio", True), "content_items": ("item_sets", True), "product_items": ("item_sets", True),
        "content_origin": ("country", True), "home_country": ("country", True), "method_en": ("text", False),
        "method_zh": ("text", False), "method_zh_hant": ("text", False),
        # engine 3.6.0's rate rule in the pack's words (deminimis.rate_rule_of; rendered from the pack: @rate_rule)
        "rate_rule_en": ("text", False), "rate_rule_zh": ("text", False), "rate_rule_zh_hant": ("text", False),
        "home_exporters": ("bool", False),  # engine 3.6.0: the reading that No. 61 reaches a Chinese exporter abroad too
    },
    "direct_product": {
        "product_items": ("item_sets", True), "technology_origin": ("country", True), "stages": ("stages", True),
        "home_country": ("country", True), "home_exporters": ("bool", False),
    },
    "origin": {"product_items": ("item_sets", True), "scope": ("scope", True), "home_country": ("country", True),
               "codes": ("code_table", False), "provision_in_home": ("provision_in_home", False),
               "provision_to": ("provision_to", False), "home_exporters": ("bool", False)},
    "destination_ban": {
        "destinations": ("countries", True), "end_use_categories": ("end_uses", False), "military_user": ("bool", False),
        "product_items": ("item_sets", True), "scopes": ("scopes", True), "home_country": ("country", True),
        "outcome": ("outcome", True), "end_user_countries": ("countries", False),
        "foreign_made_content": ("foreign_made_content", False),
        "dual_use_only": ("bool", False), "located_users": ("bool", False), "any_end_user": ("bool", False),
        # engine 3.6.0's open point suspended-listing (pack cn-mofcom-lists): false = an item whose listing No. 70 suspends
        # on the date is no 「两用物项」 for this measure (destination._dual_use); default true
        "suspended_dual_use": ("bool", False),
        "provision_in_home": ("provision_in_home", False),  # engine 3.6.0: the customs-exports-only reading (No. 46 Art. 1)
    },
    "catch_all": {
        "home_country": ("country", True), "end_use_categories": ("end_uses", True),
        "military_user_countries": ("countries", False), "outcome": ("outcome", True),
        "located_users": ("bool", False), "reason_en": ("text", False), "reason_zh": ("text", False),
        "reason_zh_hant": ("text", False), "provision_in_home": ("provision_in_home", False),
        "provision_to": ("provision_to", False),
    },
    "item_list": {
        "product_items": ("item_sets", True), "home_country": ("country", True), "code": ("text", True),
        "plain_terms": ("terms", False), "not_evaluated_en": ("text", True), "not_evaluated_zh": ("text", True),
        "not_evaluated_zh_hant": ("text", True), "code_zh": ("text", False), "code_zh_hant": ("text", False),
        "provision_in_home": ("provision_in_home", False), "provision_to": ("provision_to", False),
        # engine 3.6.0 (No. 57's other forms): a stated control code of another entry (or "none") classifies the item
        "stated_code_decides": ("bool", False),
        # engine 3.6.0: what the determination notes for an item of the kind before the rule takes effect (No. 62)
        "before_in_force_en": ("text", False), "before_in_force_zh": ("text", False), "before_in_force_zh_hant": ("text", False),
    },
    "listing": {
        "applies_to_kinds": ("list_kinds", False), "home_country": ("country", False), "outcome": ("outcome", False),
        "suspended_dual_use": ("bool", False),  # as destination_ban's (listing.check)
    },
    "end_use": {"applies_to": ("articles", True), "categories": ("end_uses", True), "outcome": ("outcome", True)},
    "end_user": {
        "applies_to": ("articles", True), "military_user": ("bool", True), "outcome": ("outcome", True),
        "screening_list_kinds": ("list_kinds", False), "screening_required": ("bool", False),
    },
    "exemption": {
        "applies_to": ("articles", True), "categories": ("end_uses", True), "outcome": ("outcome", True),
        "report_within_working_days": ("int", False), "condition_en": ("text", False), "condition_zh": ("text", False),
        "condition_zh_hant": ("text", False),
        # engine 3.6.0: the exempt export makes no licence application, so an end-user policy on applications (No. 61 II)
        # is not reached (engine._no_application)
        "no_application": ("bool", False),
    },
}


# Rule kinds whose module (owned by the screening work) may declare its own parameters as
# ``PARAMS: dict[str, tuple[type, required]]``; read at parse time so this module never
# imports them at import time.
_MODULE_KINDS = {"listing": "reedesk.rules.listing", "end_user": "reedesk.rules.end_user"}


def kind_params(kind: str) -> dict[str, tuple[str, bool]]:
    """Parameters of a rule kind: name -> (type, required)."""
    module = _MODULE_KINDS.get(kind)
    if module is not None:
        import importlib

        try:
            declared = getattr(importlib.import_module(module), "PARAMS", None)
        except ImportError:
            declared = None
        if isinstance(declared, dict):
            return declared
    return _KIND_PARAMS[kind]


def _param(c: _Checker, kind: str, value: Any, where: str, item_sets: set[str]) -> Any:
    def strings(allowed: set[str] | Callable[[str], bool]) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            c.bad(where, "must be an array of strings")
            return None
        for i, v in enumerate(value):
            if not (v in allowed if isinstance(allowed, set) else allowed(v)):
                c.bad(f"{where}[{i}]", f"{v!r} is not allowed here")
                return None
        return tuple(value)

    if kind == "ratio":
        if not isinstance(value, str):
            c.bad(where, "must be a decimal string such as \"0.001\"")
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            c.bad(where, f"{value!r} is not a decimal number")
            return None
        if not number.is_finite() or not (0 < number <= 1):
            c.bad(where, f"{value} must be above 0 and at most 1")
            return None
        return number
    if kind == "item_set":
        if value not in item_sets:
            c.bad(where, f"{value!r} names no [[items]] set of this pack")
            return None
        return value
    if kind == "item_sets":
        if isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, str) and v not in item_sets:
                    c.bad(f"{where}[{i}]", f"{v!r} names no [[items]] set of this pack")
                    return None
        return strings(item_sets)
    if kind == "country":
        if not isinstance(value, str) or not is_country(value):
            c.bad(where, f"{value!r} is not an ISO 3166-1 alpha-2 country code")
            return None
        return value
    if kind == "countries":
        return strings(is_country)
    if kind == "stages":
        return strings(_STAGES)
    if kind == "end_uses":
        return strings(_END_USES)
    if kind == "articles":
        return strings(lambda s: bool(s.strip()))
    if kind == "scope":
        if value not in _SCOPES:
            c.bad(where, f"{value!r} is not one of {', '.join(sorted(_SCOPES))}")
            return None
        return value
    if kind == "scopes":
        return strings(_SCOPES)
    if kind == "list_kinds":  # screening list kinds (reedesk.screening.lists.LIST_KINDS)
        return strings({"control_list", "watch_list", "unreliable_entity_list", "other"})
    if kind == "outcome":
        if value not in _OUTCOMES:
            c.bad(where, f"{value!r} is not one of {', '.join(sorted(_OUTCOMES))}")
            return None
        return value
    if kind == "foreign_made_content":
        if value not in FOREIGN_MADE_CONTENT:
            c.bad(where, f"{value!r} is not one of {', '.join(FOREIGN_MADE_CONTENT)}")
            return None
        return value
    if kind == "provision_in_home":  # engine 3.5.0: what provision in China to a foreign party reaches (scope.PROVISION_IN_HOME)
        if value not in ("all", "technology"):
            c.bad(where, f"{value!r} is not one of all, technology")
            return None
        return value
    if kind == "provision_to":  # engine 3.6.0 (session 9): whom provision in China reaches (scope.PROVISION_TO)
        if value not in ("foreign", "outside-mainland"):
            c.bad(where, f"{value!r} is not one of foreign, outside-mainland")
            return None
        return value
    if kind == "code_table":
        if not isinstance(value, dict) or not value:
            c.bad(where, "must be a table of chemical symbol = control code")
            return None
        for k, v in value.items():
            if not is_element(k) or not isinstance(v, str) or not v.strip():
                c.bad(f"{where}.{k}", "must map a chemical symbol to a control code string")
                return None
        return dict(value)
    if kind == "bool":
        if not isinstance(value, bool):
            c.bad(where, "must be true or false")
            return None
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            c.bad(where, "must be a whole number of 0 or more")
            return None
        return value
    if kind == "terms":
        return strings(lambda s: bool(s.strip()))
    if kind == "text":
        if not isinstance(value, str):
            c.bad(where, "must be a string")
            return None
        return value
    raise AssertionError(kind)  # pragma: no cover


def _rule(c: _Checker, t: dict[str, Any], where: str, item_sets: set[str]) -> RuleSpec | None:
    article = c.text(t, "article", f"{where}.article")
    kind = c.text(t, "kind", f"{where}.kind")
    if kind is not None and kind not in RULE_KINDS:
        c.bad(f"{where}.kind", f"{kind!r} is not one of {', '.join(RULE_KINDS)}")
        kind = None
    en = c.text(t, "key_phrase_en", f"{where}.key_phrase_en")
    zh = c.text(t, "key_phrase_zh", f"{where}.key_phrase_zh")
    start = c.day(t, "effective_from", f"{where}.effective_from", required=False)
    until = c.day(t, "effective_until", f"{where}.effective_until", required=False)
    raw = c.table(t, "parameters", f"{where}.parameters", required=False)
    params: dict[str, Any] = {}
    if kind is not None:
        spec = kind_params(kind)
        for name in raw:
            if name not in spec:
                c.bad(f"{where}.parameters.{name}", f"is not a parameter of rule kind {kind} (known: {', '.join(spec)})")
        for name, (ptype, required) in spec.items():
            if name not in raw:
                if required:
                    c.bad(f"{where}.parameters.{name}", f"is required for rule kind {kind}")
                continue
            params[name] = _param(c, ptype, raw[name], f"{where}.parameters.{name}", item_sets)
    unverified = c.strings(t, "unverified", f"{where}.unverified")
    unverified_zh = _translations(c, t, "unverified_zh", where, unverified)
    unverified_zh_hant = _translations(c, t, "unverified_zh_hant", where, unverified)
    if article is None or kind is None or en is None or zh is None:
        return None
    return RuleSpec(
        article=article, kind=kind, key_phrase_en=en, key_phrase_zh=zh, params=params,
        effective_from=start, effective_until=until,
        reading_en=c.text(t, "reading_en", f"{where}.reading_en", required=False),
        reading_zh=c.text(t, "reading_zh", f"{where}.reading_zh", required=False),
        unverified=unverified, unverified_zh=unverified_zh, unverified_zh_hant=unverified_zh_hant,
        reading_zh_hant=c.text(t, "reading_zh_hant", f"{where}.reading_zh_hant", required=False),
        article_en=c.text(t, "article_en", f"{where}.article_en", required=False),
        article_zh=c.text(t, "article_zh", f"{where}.article_zh", required=False),
        article_zh_hant=c.text(t, "article_zh_hant", f"{where}.article_zh_hant", required=False),
        key_phrase_zh_hant=c.text(t, "key_phrase_zh_hant", f"{where}.key_phrase_zh_hant", required=False),
    )


def _translations(c: _Checker, t: dict[str, Any], key: str, where: str, originals: tuple[str, ...]) -> tuple[str, ...]:
    """``unverified_zh``-style arrays: one translation per ``unverified`` entry, same order."""
    values = c.strings(t, key, f"{where}.{key}" if where else key)
    if values and len(values) != len(originals):
        c.bad(f"{where}.{key}" if where else key, f"has {len(values)} entries but unverified has {len(originals)}; give one translation per entry")
        return ()
    return values


_PATH_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([a-z_]+)=([^\]]+)\])?$")


def _split_path(path: str) -> list[tuple[str, str | None, str | None]] | None:
    parts = []
    for piece in re.split(r"\.(?![^\[]*\])", path):
        m = _PATH_PART.match(piece)
        if m is None:
            return None
        parts.append((m.group(1), m.group(2), m.group(3)))
    return parts


def apply_patch(document: dict[str, Any], patch: Patch) -> str | None:
    """Apply ``patch`` to ``document`` (a pack's parsed data, changed in place); the
    reason it cannot be applied, or None."""
    parts = _split_path(patch.path)
    if not parts:
        return f"path {patch.path!r} is not of the form a.b[key=value].c"
    node: Any = document
    for i, (name, key, value) in enumerate(parts):
        last = i == len(parts) - 1
        if not isinstance(node, dict):
            return f"path {patch.path!r}: {name} is not inside a table"
        if key is None:
            if last:
                if patch.op == "set":
                    node[name] = patch.value
                    return None
                target = node.setdefault(name, [])
                if not isinstance(target, list):
                    return f"path {patch.path!r} is not an array of tables"
                target.append(patch.value)
                return None
            if name not in node:
                node[name] = {}
            node = node[name]
            continue
        array = node.get(name)
        if not isinstance(array, list):
            return f"path {patch.path!r}: {name} is not an array of tables"
        hits = [t for t in array if isinstance(t, dict) and str(t.get(key)) == value]
        if len(hits) != 1:
            return f"path {patch.path!r}: {len(hits)} entries of {name} have {key} = {value!r} (need exactly one)"
        if last:
            return f"path {patch.path!r} names a table, not a value"
        node = hits[0]
    return None


def _texts(c: _Checker, t: dict[str, Any], stem: str, where: str, *, required: bool = True) -> dict[str, str]:
    en = c.text(t, f"{stem}_en", f"{where}.{stem}_en", required=required)
    zh = c.text(t, f"{stem}_zh", f"{where}.{stem}_zh", required=required)
    hant = c.text(t, f"{stem}_zh_hant", f"{where}.{stem}_zh_hant", required=required)
    if en is None:
        return {}
    return {"en": en, "zh-Hans": zh or en, "zh-Hant": hant or zh or en}


def _open_points(c: _Checker, data: dict[str, Any], pack_id: str | None) -> list[OpenPoint]:
    points: list[OpenPoint] = []
    seen: set[str] = set()
    for i, t in enumerate(c.array_of_tables(data, "open_points", "open_points")):
        where = f"open_points[{i}]"
        pid = c.text(t, "id", f"{where}.id", pattern=_ID)
        text = _texts(c, t, "point", where)
        readings: list[Reading] = []
        ids: set[str] = set()
        for j, r in enumerate(c.array_of_tables(t, "readings", f"{where}.readings")):
            rw = f"{where}.readings[{j}]"
            rid = c.text(r, "id", f"{rw}.id", pattern=_ID)
            desc = _texts(c, r, "description", rw)
            cond = _texts(c, r, "if", rw, required=False)
            source = c.text(r, "source", f"{rw}.source")
            status = c.text(r, "status", f"{rw}.status")
            if status is not None and status not in READING_STATUSES:
                c.bad(f"{rw}.status", f"{status!r} is not one of {', '.join(READING_STATUSES)}")
            primary = r.get("primary", False)
            if not isinstance(primary, bool):
                c.bad(f"{rw}.primary", "must be true or false")
                primary = False
            patches: list[Patch] = []
            for op in ("set", "add"):
                for k, pt in enumerate(c.array_of_tables(r, op, f"{rw}.{op}")):
                    path = c.text(pt, "path", f"{rw}.{op}[{k}].path")
                    target = c.text(pt, "pack", f"{rw}.{op}[{k}].pack", required=False, pattern=_ID)
                    if "value" not in pt:
                        c.bad(f"{rw}.{op}[{k}].value", "is required")
                    elif op == "add" and not isinstance(pt["value"], dict):
                        c.bad(f"{rw}.{op}[{k}].value", "must be a table (the entry to add)")
                    if path is not None and _split_path(path) is None:
                        c.bad(f"{rw}.{op}[{k}].path", f"{path!r} is not of the form a.b[key=value].c")
                    elif path is not None and "value" in pt:
                        patches.append(Patch(op, path, _jsonable(pt["value"]), None if target in (None, pack_id) else target))
            if primary and patches:
                c.bad(f"{rw}.set", "the primary reading is what the pack says; it changes nothing")
            if rid in ids:
                c.bad(f"{rw}.id", f"{rid!r} appears twice in this open point")
            if rid is not None:
                ids.add(rid)
            evaluated = r.get("evaluate", True)
            if not isinstance(evaluated, bool):
                c.bad(f"{rw}.evaluate", "must be true or false")
                evaluated = True
            if rid and desc and source and status:
                readings.append(Reading(rid, primary, desc, cond, source, status, tuple(patches), evaluated))
        if sum(1 for r in readings if r.primary) != 1:
            c.bad(f"{where}.readings", "needs exactly one reading with primary = true")
        elif len(readings) < 2:
            c.bad(f"{where}.readings", "needs the primary reading and at least one alternative")
        if pid in seen:
            c.bad(f"{where}.id", f"{pid!r} appears twice in this pack")
        if pid is not None:
            seen.add(pid)
        if pid and text and len(readings) >= 2 and sum(1 for r in readings if r.primary) == 1:
            points.append(OpenPoint(pid, pack_id or "", text, tuple(sorted(readings, key=lambda r: not r.primary))))
    return points


def parse_pack(text: str, source: str = "rule pack") -> RulePack:
    """Parse and schema-check a rule pack's TOML text.

    Raises :class:`ValidationFailed` listing every problem with its TOML key
    (``rules[2].parameters.threshold``), so a user fixing an imported pack sees
    all of them at once.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationFailed(source, [Problem("$", f"is not valid TOML ({exc})")]) from None
    pack = pack_from_data(data, text, source)
    for point in pack.open_points:  # a reading that changes its own pack must leave a valid pack
        for reading in point.alternatives:
            for patch in reading.patches:
                if patch.pack is None:
                    trial = _jsonable(data)
                    problem = apply_patch(trial, patch)
                    if problem is not None:
                        raise ValidationFailed(source, [Problem(f"open_points[{point.id}].readings[{reading.id}]", problem)])
            own = [pt for pt in reading.patches if pt.pack is None]
            if own:
                patched_pack(pack, own, reading.id)
    _KNOWN.setdefault(pack.sha256, pack)
    return pack


# Every pack parsed in this process, by SHA-256: a facts determination names its packs by hash and
# reedesk.rules.render.expand finds their texts (citations, readings) here.
_KNOWN: dict[str, RulePack] = {}


def remember_pack(pack: RulePack) -> None:
    """Make ``pack`` known to this process as if parsed here (a worker process receives packs pickled)."""
    _KNOWN.setdefault(pack.sha256, pack)


def known_pack(sha256: str) -> RulePack | None:
    """The pack with this SHA-256 if this process has parsed it (a desk's packs, embedded pack
    texts) or reedesk ships it; None otherwise."""
    if sha256 not in _KNOWN:
        for pack in _shipped():
            _KNOWN.setdefault(pack.sha256, pack)
    if sha256 not in _KNOWN:
        for pack in _development_builds():
            _KNOWN.setdefault(pack.sha256, pack)
    return _KNOWN.get(sha256)


_DEV_BUILDS: tuple[RulePack, ...] | None = None


def _development_builds() -> tuple[RulePack, ...]:
    """The rule packs of 0.2.0 development builds that were changed in place since (``resources/rules-released/
    0.2.0-dev/``, docs/rule-packs.md "Changing a pack"), each only if its hash is one of
    ``known_packs.RELEASED_PACKS``: a desk made with such a build (its determinations cite these packs by hash, its
    rule_pack table holds no shipped pack) still shows and re-runs them. Parsed with this parser (the 0.1.0 files
    beside them are read by the frozen engine's)."""
    global _DEV_BUILDS
    if _DEV_BUILDS is None:
        from reedesk.evidence.known_packs import released_pack_hashes
        from reedesk.resources import resource

        folder = resource("rules-released") / "0.2.0-dev"
        found = []
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
            try:
                pack = parse_pack(path.read_text(encoding="utf-8"), path.name)
            except ValidationFailed:  # a damaged bundled file is ignored, never fatal
                continue
            if pack.sha256 in released_pack_hashes():
                found.append(pack)
        _DEV_BUILDS = tuple(found)
    return _DEV_BUILDS


def patched_pack(pack: RulePack, patches: Sequence[Patch], reading_id: str) -> RulePack:
    """The pack as it reads under one reading: its document with ``patches`` applied,
    re-checked. Its ``sha256`` stays the pack's (the pack that was used), its
    ``open_points`` are dropped (one open point at a time)."""
    import copy

    document = copy.deepcopy(pack.document)
    for patch in patches:
        problem = apply_patch(document, patch)
        if problem is not None:
            raise ValidationFailed(f"{pack.id} under reading {reading_id}", [Problem(patch.path, problem)])
    document.pop("open_points", None)
    variant = pack_from_data(document, pack.source_text, f"{pack.source} (reading {reading_id})")
    from dataclasses import replace

    return replace(variant, sha256=pack.sha256, document=pack.document, reading_sha256=variant.sha256)


def pack_from_data(data: dict[str, Any], text: str, source: str) -> RulePack:
    """Check a pack's parsed data (from TOML, or a patched document) and build the pack."""
    c = _Checker()
    _find_floats(data, "", c)
    if data.get("schema") != PACK_SCHEMA:
        c.bad("schema", f"must be {PACK_SCHEMA!r}, found {data.get('schema')!r}")
    known_top = {"schema", "pack", "parameters", "suspensions", "suspends", "items", "rules", "open_points"}
    for key in data:
        if key not in known_top:
            c.bad(key, f"is not a key of a rule pack (known: {', '.join(sorted(known_top))})")
    p = c.table(data, "pack", "pack")
    pack_id = c.text(p, "id", "pack.id", pattern=_ID)
    version = c.text(p, "version", "pack.version", pattern=_VERSION)
    strings = {k: c.text(p, k, f"pack.{k}") for k in ("announcement", "announcement_zh", "title_en", "title_zh", "authority", "scope_en", "scope_zh")}
    published = c.day(p, "published", "pack.published")
    effective_from = c.day(p, "effective_from", "pack.effective_from")
    effective_until = c.day(p, "effective_until", "pack.effective_until", required=False)
    reviewed_until = c.day(p, "reviewed_until", "pack.reviewed_until")
    version_date = c.day(p, "version_date", "pack.version_date")
    c.strings(p, "sources", "pack.sources")
    unverified = c.strings(p, "unverified", "pack.unverified")
    unverified_zh = _translations(c, p, "unverified_zh", "pack", unverified)
    unverified_zh_hant = _translations(c, p, "unverified_zh_hant", "pack", unverified)
    announcement_zh_hant = c.text(p, "announcement_zh_hant", "pack.announcement_zh_hant", required=False)
    settles = c.strings(p, "settles", "pack.settles", allowed=lambda v: bool(_ID.match(v)))
    same_as_home = c.strings(p, "same_as_home", "pack.same_as_home", allowed=is_country)
    if effective_from and effective_until and effective_until < effective_from:
        c.bad("pack.effective_until", "is before pack.effective_from")

    suspensions = [w for i, t in enumerate(c.array_of_tables(data, "suspensions", "suspensions")) if (w := _window(c, t, f"suspensions[{i}]"))]
    suspends: list[tuple[str, Window]] = []
    for i, t in enumerate(c.array_of_tables(data, "suspends", "suspends")):
        target = c.text(t, "pack", f"suspends[{i}].pack", pattern=_ID)
        w = _window(c, {**t, "by": t.get("by", strings.get("announcement"))}, f"suspends[{i}]")
        if target and w:
            suspends.append((target, w))
    items: dict[str, ItemSet] = {}
    for i, t in enumerate(c.array_of_tables(data, "items", "items")):
        s = _item_set(c, t, f"items[{i}]")
        if s is not None:
            if s.name in items:
                c.bad(f"items[{i}].name", f"{s.name!r} is defined twice")
            items[s.name] = s
    rules: list[RuleSpec] = []
    seen_articles: set[str] = set()
    for i, t in enumerate(c.array_of_tables(data, "rules", "rules")):
        r = _rule(c, t, f"rules[{i}]", set(items))
        if r is not None:
            if r.article in seen_articles:
                c.bad(f"rules[{i}].article", f"{r.article!r} appears twice in this pack")
            seen_articles.add(r.article)
            rules.append(r)
    declared = {t.get("article") for t in c.array_of_tables(data, "rules", "rules")}
    for i, r in enumerate(rules):
        for target in r.params.get("applies_to") or ():
            if target not in declared:
                c.bad(f"rules[{i}].parameters.applies_to", f"{target!r} is no article of this pack")
    open_points = _open_points(c, data, pack_id)
    sub_entries = _sub_entries(c, c.table(data, "parameters", "parameters", required=False))
    if c.problems:
        raise ValidationFailed(source, c.problems)
    document = _jsonable(data)
    digest = hashlib.sha256(canonical_bytes(document)).hexdigest()
    assert pack_id and version and published and effective_from and reviewed_until and version_date
    return RulePack(
        id=pack_id, version=version, sha256=digest, source_text=text, source=source, document=document,
        announcement=strings["announcement"] or "", announcement_zh=strings["announcement_zh"] or "",
        title_en=strings["title_en"] or "", title_zh=strings["title_zh"] or "", authority=strings["authority"] or "",
        published=published, effective_from=effective_from, effective_until=effective_until,
        reviewed_until=reviewed_until, version_date=version_date,
        suspensions=tuple(suspensions), suspends=tuple(suspends), items=items, rules=tuple(rules),
        unverified=unverified, unverified_zh=unverified_zh, unverified_zh_hant=unverified_zh_hant,
        announcement_zh_hant=announcement_zh_hant or strings["announcement_zh"] or "",
        open_points=tuple(open_points), settles=settles, same_as_home=same_as_home, sub_entries=sub_entries,
    )


_SUB_ENTRY = re.compile(r"^[a-z]$")


def _sub_entries(c: _Checker, params: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """``[parameters.sub_entries]``: item category = the letter of the control code's sub-entry (``rare_earth_oxide =
    "b"``: an oxide is an item of 1C904.b)."""
    raw = params.get("sub_entries")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        c.bad("parameters.sub_entries", "must be a TOML table")  # of item category = sub-entry letter
        return ()
    out = []
    for category, letter in raw.items():
        if category not in _CATEGORIES:
            c.bad(f"parameters.sub_entries.{category}", f"{category!r} is not one of {', '.join(sorted(_CATEGORIES))}")
        elif not isinstance(letter, str):
            c.bad(f"parameters.sub_entries.{category}", "must be a string")
        elif not _SUB_ENTRY.match(letter):  # one lower-case letter: the sub-entry, as in 1C904.a
            c.bad(f"parameters.sub_entries.{category}", f"{letter!r} does not have the required form {_SUB_ENTRY.pattern}")
        else:
            out.append((category, letter))
    return tuple(sorted(out))


def version_date_problem(pack: RulePack) -> str | None:
    """Why a pack's dates contradict each other, or None. A version cannot govern from a
    date its own review does not reach; import refuses such a pack."""
    if pack.version_date > pack.reviewed_until:
        return (f"pack.version_date {pack.version_date} is later than pack.reviewed_until {pack.reviewed_until}: "
                f"a version cannot govern from a date its review does not reach")
    return None


@lru_cache(maxsize=1)
def _shipped() -> tuple[RulePack, ...]:
    from reedesk.resources import resource

    folder = resource("rules")
    return tuple(parse_pack(p.read_text(encoding="utf-8"), p.name) for p in sorted(folder.glob("*.toml")))


def shipped_packs() -> list[RulePack]:
    """The packs bundled in ``resources/rules`` (parsed once per process)."""
    return list(_shipped())


# select_packs' answers by (the pack objects given, date): a RulePack hashes and compares by identity (eq=False) and
# the key holds its packs, so no pack is ever taken for another; every evaluation asks again (issue 13).
_SELECTED: dict[tuple[tuple[RulePack, ...], date], tuple[RulePack, ...]] = {}


def select_packs(packs: Sequence[RulePack], as_of: date) -> list[RulePack]:
    """One version per pack id for ``as_of``: the newest version whose ``version_date``
    is on or before the date, else the oldest version. Later versions supersede older
    ones only for later dates, so old determinations stay reproducible."""
    key = (tuple(packs), as_of)
    found = _SELECTED.get(key)
    if found is None:
        found = tuple(_select_packs(key[0], as_of))
        remember(_SELECTED, key, found, 1024)
    return list(found)


def _select_packs(packs: Sequence[RulePack], as_of: date) -> list[RulePack]:
    by_id: dict[str, list[RulePack]] = {}
    for pack in packs:
        by_id.setdefault(pack.id, []).append(pack)
    chosen: list[RulePack] = []
    for pack_id in sorted(by_id):
        versions = sorted(by_id[pack_id], key=lambda p: (p.version_key, p.sha256))
        eligible = [p for p in versions if p.version_date <= as_of]
        chosen.append(eligible[-1] if eligible else versions[0])
    return chosen


def _quoted_title(name: str) -> str:
    """A name in 「」 unless it already carries its own title marks (「《中华人民共和国出口管制法》」 read doubled)."""
    return name if name.startswith("《") and name.endswith("》") else f"「{name}」"


def pack_name(pack_id: str) -> dict[str, str]:
    """A rule pack named for a reader without its version: its id in English; in Chinese by the name of the announcement
    it encodes, quoted (「商务部公告2025年第61号」: ``announcement_zh``, Traditional ``announcement_zh_hant``), as the
    evidence pack's Chinese pages name packs — never by its id (no internal codes in Chinese output). The name comes
    from the pack of that id this reedesk bundles (a note may be about an earlier version of the same announcement),
    else the newest one this process has parsed (an imported pack); an id none has is "a rule pack whose name is not
    known". The one naming of audit verify's notes (services.audit.pack_named) and the coverage note (reedesk-texts-3)."""
    pack = next((p for p in shipped_packs() if p.id == pack_id), None)
    if pack is None:
        parsed = [p for p in _KNOWN.values() if p.id == pack_id]
        pack = max(parsed, key=lambda p: p.version_key) if parsed else None
    if pack is not None and pack.announcement_zh:
        hant = pack.announcement_zh_hant or pack.announcement_zh
        return {"en": pack_id, "zh-Hans": _quoted_title(pack.announcement_zh), "zh-Hant": _quoted_title(hant)}
    return {"en": pack_id, "zh-Hans": "名称未知的规则包", "zh-Hant": "名稱未知的規則包"}

"""Which licence covers a shipment, or why none does (contract D; pure, no database).

A determination that needs a licence asks :func:`licence_effect` for the best match
among the register's records (``reedesk.licence/1`` documents, each with the
register's ``usage`` of its limits) and an inline licence in ``shipment.licence``.
Every field of the record is used: authority, holder, type, validity, items (control
code and HS code), destinations, consignees, end users and the quantity and value
limits. A general licence never covers a party on the control list or watch list
(RULES.md "Second review": a watch-listed party has no general-licence route; a
control-listed one may be licensed only in exceptional cases, by a single licence).

Arithmetic is :class:`~decimal.Decimal` with one explicit context; a currency
conversion uses the dossier's own exchange rates (the latest on or before the as-of
date, a direct rate before an inverse one) and rounds the converted amount to the
limit's cents, ROUND_HALF_EVEN, saying so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import MAX_PREC, ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from typing import Any, Collection, Mapping, Sequence

from reedesk.errors import ValidationFailed
from reedesk.licences.record import Licence, LicenceParty, parse_licence

DECIMAL = Context(prec=34, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999)
DISPLAY = Context(prec=MAX_PREC, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999)  # quantize at any size (reedesk.rules.context.DISPLAY)
LISTED_KINDS_BARRING_GENERAL = frozenset({"control_list", "watch_list"})
ROUNDING_NOTE = "converted amount rounded ROUND_HALF_EVEN to the limit's decimal places"

Text = dict[str, str]


def tx(en: str, hans: str, hant: str) -> Text:
    return {"en": en, "zh-Hans": hans, "zh-Hant": hant}


TYPE_NAMES: dict[str, Text] = {
    "single": tx("single licence", "单次许可", "單次許可"),
    "general_a": tx("general licence, class A", "甲类通用许可", "甲類通用許可"),
    "general_b": tx("general licence, class B", "乙类通用许可", "乙類通用許可"),
}

# Units a Chinese reader sees in Chinese; others are shown as written.
_UNIT_NAMES: dict[str, tuple[str, str]] = {
    "kg": ("千克", "千克"), "g": ("克", "克"), "t": ("吨", "噸"), "tonne": ("吨", "噸"),
    "piece": ("件", "件"), "pieces": ("件", "件"), "pcs": ("件", "件"), "set": ("套", "套"), "sets": ("套", "套"),
}
# Mass units are converted to each other exactly; any other pair must be the same unit.
_MASS_IN_KG = {"g": Decimal("0.001"), "kg": Decimal(1), "t": Decimal(1000), "tonne": Decimal(1000)}


def dstr(value: Decimal) -> str:
    return format(value, "f")


# How a Chinese text names what the user sees (engine 3.6.0, ``zh_names``): a country and a currency by its Chinese name
# from the vocabulary catalogue (CLDR: KR 「韩国」/「南韓」, USD 「美元」), a list joined with 、 — no ISO code, no ASCII
# separator. Without it, as engine 3.5.0 and earlier wrote them (stored determinations re-run byte for byte): the codes,
# joined with ", ". English is the same either way.

def _named(language: str, zh_names: bool) -> bool:
    return zh_names and language != "en"


def country_text(code: str, language: str, zh_names: bool) -> str:
    if not _named(language, zh_names):
        return code
    from reedesk.vocabulary import label

    return label("country", code, language)


def currency_text(code: str, language: str, zh_names: bool) -> str:
    if not _named(language, zh_names):
        return code
    from reedesk.vocabulary import label

    return label("currency", code, language)


def money_text(currency: str, amount: str, language: str, zh_names: bool) -> str:
    """``USD 200000.00`` in English (and in Chinese before 3.6.0); ``200000.00美元`` in Chinese."""
    if not _named(language, zh_names):
        return f"{currency} {amount}"
    return f"{amount}{currency_text(currency, language, zh_names)}"


def join_text(parts: Sequence[str], language: str, zh_names: bool, sep: str = ", ") -> str:
    return ("、" if _named(language, zh_names) else sep).join(parts)


def by_language(make: Any) -> Text:
    """``make(language)`` for the three languages, as a :func:`tx` text."""
    return tx(make("en"), make("zh-Hans"), make("zh-Hant"))


def unit_text(unit: str) -> Text:
    names = _UNIT_NAMES.get(unit.strip().lower())
    if names is None:
        return tx(unit, unit, unit)
    return tx(unit, names[0], names[1])


def amount_text(amount: Decimal, unit: str) -> Text:
    u = unit_text(unit)
    return tx(f"{dstr(amount)} {u['en']}", f"{dstr(amount)}{u['zh-Hans']}", f"{dstr(amount)}{u['zh-Hant']}")


def convert_quantity(amount: Decimal, unit: str, target: str) -> Decimal | None:
    """``amount`` in ``unit`` expressed in ``target`` (exact), or None if they cannot be compared."""
    a, b = unit.strip().lower(), target.strip().lower()
    if a == b:
        return amount
    if a in _MASS_IN_KG and b in _MASS_IN_KG:
        return DECIMAL.divide(DECIMAL.multiply(amount, _MASS_IN_KG[a]), _MASS_IN_KG[b])
    return None


def _rate_value(text: Any) -> Decimal | None:
    if isinstance(text, Decimal):
        return text if text > 0 else None
    if not isinstance(text, str):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def _rate_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Conversion:
    amount: Decimal
    note: str | None  # None when no conversion was needed


def convert_value(amount: Decimal, currency: str, target: str, rates: Sequence[Mapping[str, Any]],
                  as_of: date, places: int = 2, *, known_only: bool = False) -> Conversion | None:
    """``amount`` in ``currency`` expressed in ``target`` with the dossier's rates, or None.

    Rates are ``{"from", "to", "rate", "date", "source"}`` documents (dossier format).
    The latest rate dated on or before ``as_of`` (undated counts as before) wins, a
    direct one before an inverse one; only if none is, the earliest dated after it.
    ``known_only`` (engine 3.6.0, the value rule's rate rule; LEGALQA9 (10)): only a rate *dated* on or before ``as_of``,
    the newest in either direction (on the same date a direct one first); an undated rate or one dated later was not
    known on the day: None when there is no other.
    """
    if currency == target:
        return Conversion(amount, None)
    if known_only:
        known = [(_rate_date(r.get("date")), not inverse, -i, i, r, inverse)
                 for inverse in (False, True)
                 for i, r in enumerate(rates)
                 if (r.get("from"), r.get("to")) == ((target, currency) if inverse else (currency, target))
                 and _rate_value(r.get("rate")) is not None and _rate_date(r.get("date")) is not None
                 and _rate_date(r.get("date")) <= as_of]  # type: ignore[operator]
        if not known:
            return None
        best = max(known, key=lambda k: k[:3])
        return _apply(amount, currency, target, best[3], best[4], best[5], places)
    for inverse in (False, True):
        pair = (target, currency) if inverse else (currency, target)
        found = [(i, r) for i, r in enumerate(rates) if (r.get("from"), r.get("to")) == pair
                 and _rate_value(r.get("rate")) is not None]
        before = [(i, r) for i, r in found if _rate_date(r.get("date")) is None or _rate_date(r.get("date")) <= as_of]
        if before:
            return _apply(amount, currency, target, *max(before, key=lambda ir: (_rate_date(ir[1].get("date")) or date.min, -ir[0])), inverse, places)
    for inverse in (False, True):
        pair = (target, currency) if inverse else (currency, target)
        found = [(i, r) for i, r in enumerate(rates) if (r.get("from"), r.get("to")) == pair
                 and _rate_value(r.get("rate")) is not None]
        if found:
            return _apply(amount, currency, target, *min(found, key=lambda ir: (_rate_date(ir[1].get("date")) or date.min, ir[0])), inverse, places)
    return None


def _apply(amount: Decimal, currency: str, target: str, index: int, rate_doc: Mapping[str, Any], inverse: bool,
           places: int) -> Conversion:
    rate = _rate_value(rate_doc.get("rate"))
    assert rate is not None
    raw = DECIMAL.divide(amount, rate) if inverse else DECIMAL.multiply(amount, rate)
    converted = raw.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN, context=DISPLAY)
    how = "divided by" if inverse else "multiplied by"
    note = (f"{currency} {dstr(amount)} {how} exchange_rates[{index}] {rate_doc.get('from')}→{rate_doc.get('to')} "
            f"{dstr(rate)} ({rate_doc.get('date')}) = {target} {dstr(raw)}, {ROUNDING_NOTE} ({dstr(converted)})")
    return Conversion(converted, note)


# ---------------------------------------------------------------------------- the shipment's facts


def _norm_name(name: str | None) -> str:
    """Names compared as written, ignoring case, width, punctuation, spacing and Traditional vs
    Simplified script (the same Chinese name either way); legal forms are *not* dropped: a licence
    names one company, and "X GmbH" is not "X Co., Ltd."."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    try:
        from reedesk.screening.normalise import has_han, to_simplified

        if has_han(text):
            text = to_simplified(text)
    except ImportError:  # pragma: no cover - screening ships with reedesk 0.2
        pass
    text = re.sub(r"[\s.,;:()\[\]（）·'\"“”‘’、，。]+", " ", text)
    return text.strip()


def _get(obj: Any, key: str) -> Any:
    """A field of a dataclass or a mapping (the snapshot document), else None."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key)
    value = getattr(obj, key, None)
    if value is None:
        extra = getattr(obj, "extra", None)
        if isinstance(extra, Mapping):
            return extra.get(key)
    return value


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _party(obj: Any) -> LicenceParty | None:
    name = _get(obj, "name")
    if not isinstance(name, str) or not name.strip():
        return None
    country = _get(obj, "country")
    return LicenceParty(name=name, country=country if isinstance(country, str) else None)


def _rates(dossier: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in _get(dossier, "exchange_rates") or []:
        if isinstance(r, Mapping):
            out.append(dict(r))
        else:
            when = getattr(r, "date", None)
            rate = getattr(r, "rate", None)
            out.append({"from": getattr(r, "from_currency", None), "to": getattr(r, "to_currency", None),
                        "rate": None if rate is None else dstr(rate),
                        "date": None if when is None else when.isoformat(), "source": getattr(r, "source", None)})
    return out


@dataclass
class ShipmentFacts:
    """What matching needs from a dossier (a :class:`Dossier` or its snapshot document)."""

    exporter: LicenceParty | None
    destination: str | None
    end_user: LicenceParty | None
    consignee: LicenceParty | None
    consignee_path: str
    hs_code: str | None
    quantity: Decimal | None
    unit: str | None
    value: Decimal | None
    currency: str | None
    value_basis: str | None
    rates: list[dict[str, Any]] = field(default_factory=list)
    licence: Mapping[str, Any] | None = None


def shipment_facts(dossier: Any) -> ShipmentFacts:
    shipment = _get(dossier, "shipment")
    product = _get(dossier, "product")
    consignee = _party(_get(shipment, "consignee"))
    consignee_path = "shipment.consignee"
    if consignee is None and _party(_get(shipment, "importer")) is not None:
        consignee, consignee_path = _party(_get(shipment, "importer")), "shipment.importer"
    qty = _get(shipment, "quantity")
    amount, unit = _decimal(_get(qty, "amount")), _get(qty, "unit")
    unit = unit if isinstance(unit, str) and unit.strip() else None
    value = currency = basis = None
    explicit = _get(shipment, "value")  # an additive field some dossiers carry: the invoice value
    if _decimal(_get(explicit, "amount")) is not None and isinstance(_get(explicit, "currency"), str):
        value, currency, basis = _decimal(_get(explicit, "amount")), _get(explicit, "currency"), "shipment.value"
    else:
        unit_value = _get(product, "unit_value")
        per_unit, cur = _decimal(_get(unit_value, "amount")), _get(unit_value, "currency")
        if per_unit is not None and isinstance(cur, str) and amount is not None:
            value, currency = DECIMAL.multiply(per_unit, amount), cur
            basis = f"product.unit_value {cur} {dstr(per_unit)} × shipment.quantity {dstr(amount)}"
    licence = _get(shipment, "licence")
    hs = _get(product, "hs_code")
    dest = _get(shipment, "destination")
    return ShipmentFacts(
        exporter=_party(_get(dossier, "exporter")), destination=dest if isinstance(dest, str) else None,
        end_user=_party(_get(shipment, "end_user")), consignee=consignee, consignee_path=consignee_path,
        hs_code=hs if isinstance(hs, str) else None, quantity=amount, unit=unit, value=value, currency=currency,
        value_basis=basis, rates=_rates(dossier), licence=licence if isinstance(licence, Mapping) else None,
    )


# ---------------------------------------------------------------------------- checking one licence


@dataclass
class Check:
    licence: Licence
    source: str  # register | inline
    record: Mapping[str, Any]
    failures: list[tuple[str, Text]] = field(default_factory=list)
    remaining: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    known_rates: bool = False  # engine 3.6.0's rate rule for value limits (convert_value ``known_only``)
    zh_names: bool = False  # engine 3.6.0's Chinese texts: countries and currencies by name, lists with 、

    @property
    def covers(self) -> bool:
        return not self.failures


def parties_text(parties: Sequence[tuple[str, str | None]], language: str, zh_names: bool) -> str:
    """(name, country) pairs: ``Name (KR); Other (DE)``, in Chinese ``Name（韩国）、Other（德国）`` — names as typed."""
    if not _named(language, zh_names):
        return "; ".join(name + (f" ({country})" if country else "") for name, country in parties)
    return "、".join(name + (f"（{country_text(country, language, zh_names)}）" if country else "")
                    for name, country in parties)


def _names(parties: Sequence[LicenceParty], language: str = "en", zh_names: bool = False) -> str:
    return parties_text([(p.name, p.country) for p in parties], language, zh_names)


def _party_named(party: LicenceParty, named: Sequence[LicenceParty]) -> bool:
    key = _norm_name(party.name)
    for p in named:
        if _norm_name(p.name) == key and (p.country is None or party.country is None or p.country == party.country):
            return True
    return False


def _code_covered(code: str, licensed: str, sub_entry: str | None = None) -> bool:
    """Whether a licence item with control code ``licensed`` covers a product of control code ``code``.

    A licence for the entry covers its sub-entries (``2B902`` covers the product's ``2B902.a``; ``1C904`` covers terbium
    oxide, 1C904.b). A licence for a sub-entry covers the product when the product is an item of that sub-entry:
    ``sub_entry`` is the one the packs say the product is (No. 18 of 2025: terbium metal is an item of
    「1C904.a金属铽、含铽的合金及相关制品」, so ``1C904.a`` covers it and ``1C904.b``, 「氧化铽及其混合物」, does not). When the
    packs do not say (``sub_entry`` None), a sub-entry licence does not cover the entry: which sub-entry the product is
    cannot be told."""
    if code == licensed or code.startswith(licensed + "."):
        return True
    return sub_entry is not None and licensed.startswith(code + ".") and (
        sub_entry == licensed or sub_entry.startswith(licensed + "."))


def _hs_match(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _usage(record: Mapping[str, Any], index: int) -> tuple[Decimal, Decimal]:
    """Quantity and value already drawn against limit ``index`` (in the limit's unit and currency)."""
    usage = record.get("usage")
    limits = usage.get("limits") if isinstance(usage, Mapping) else None
    if not isinstance(limits, list) or index >= len(limits) or not isinstance(limits[index], Mapping):
        return Decimal(0), Decimal(0)
    entry = limits[index]
    return _decimal(entry.get("quantity")) or Decimal(0), _decimal(entry.get("value")) or Decimal(0)


def check_licence(lic: Licence, record: Mapping[str, Any], source: str, facts: ShipmentFacts, *,
                  control_codes: Sequence[str], listed_kinds: Collection[str], as_of: date,
                  sub_entries: Mapping[str, str] | None = None, known_rates: bool = False,
                  zh_names: bool = False) -> Check:
    """Every reason ``lic`` does not cover the shipment (none: it covers), and what remains after it.
    ``sub_entries``: the sub-entry the product is of each of its control codes, where the packs say
    (``{"1C904": "1C904.a"}`` for terbium metal); ``zh_names``: engine 3.6.0's Chinese texts (countries and currencies
    by their Chinese names, lists joined with 、)."""
    c = Check(lic, source, record, known_rates=known_rates, zh_names=zh_names)
    fail = c.failures.append

    if _norm_name(lic.authority) not in {"mofcom", "商务部", "商務部", "中华人民共和国商务部", "中華人民共和國商務部"}:
        fail(("authority", tx(f"it was issued by {lic.authority}, not by MOFCOM, which licenses China's dual-use exports",
                              f"签发机关为{lic.authority}，并非负责两用物项出口许可的商务部",
                              f"簽發機關為{lic.authority}，並非負責兩用物項出口許可的商務部")))
    if facts.exporter is None:
        fail(("holder", tx(f"the dossier names no exporter to compare with the holder {lic.holder.name}",
                           f"档案未载明出口经营者，无法与持证人{lic.holder.name}核对",
                           f"檔案未載明出口經營者，無法與持證人{lic.holder.name}核對")))
    elif not _party_named(facts.exporter, [lic.holder]):
        fail(("holder", tx(f"it was issued to {lic.holder.name}, not to the exporter {facts.exporter.name}",
                           f"持证人为{lic.holder.name}，并非出口经营者{facts.exporter.name}",
                           f"持證人為{lic.holder.name}，並非出口經營者{facts.exporter.name}")))
    listed = sorted(set(listed_kinds) & LISTED_KINDS_BARRING_GENERAL)
    if lic.general and listed:
        which = " and ".join(k.replace("_", " ") for k in listed)
        fail(("general_listed_party", tx(
            f"it is a general licence, and a general licence never covers a party on the {which} "
            "(a confirmed screening hit)",
            "该证为通用许可，而通用许可不适用于管控名单或关注名单所列当事方（已确认的筛查命中）",
            "該證為通用許可，而通用許可不適用於管控名單或關注名單所列當事方（已確認的篩查命中）")))
    f, u, d = lic.valid_from.isoformat(), lic.valid_until.isoformat(), as_of.isoformat()
    if as_of < lic.valid_from:
        fail(("not_yet_valid", tx(f"it is not valid yet on {d}: it is valid from {f}",
                                  f"截至{d}尚未生效（自{f}起有效）", f"截至{d}尚未生效（自{f}起有效）")))
    elif as_of > lic.valid_until:
        fail(("expired", tx(f"it expired: it was valid until {u}, and the date is {d}",
                            f"已过期：有效期至{u}，评估日期为{d}", f"已過期：有效期至{u}，評估日期為{d}")))
    dests = by_language(lambda lang: join_text([country_text(x, lang, zh_names) for x in lic.destinations], lang, zh_names))
    if facts.destination is None:
        fail(("destination", tx(f"the dossier names no destination to compare with its destinations ({dests['en']})",
                                f"档案未载明目的国，无法与许可目的国（{dests['zh-Hans']}）核对",
                                f"檔案未載明目的國，無法與許可目的國（{dests['zh-Hant']}）核對")))
    elif facts.destination not in lic.destinations:
        dest = by_language(lambda lang: country_text(facts.destination, lang, zh_names))  # type: ignore[arg-type]
        fail(("destination", tx(f"the destination {dest['en']} is not one of its destinations ({dests['en']})",
                                f"目的国{dest['zh-Hans']}不在许可目的国（{dests['zh-Hans']}）之列",
                                f"目的國{dest['zh-Hant']}不在許可目的國（{dests['zh-Hant']}）之列")))
    _check_items(c, facts, control_codes, sub_entries or {})
    _check_parties(c, facts)
    _check_limits(c, facts, as_of)
    return c


def _check_items(c: Check, facts: ShipmentFacts, control_codes: Sequence[str], sub_entries: Mapping[str, str]) -> None:
    lic, fail, z = c.licence, c.failures.append, c.zh_names
    codes = by_language(lambda lang: join_text(
        [f"{i.control_code} {i.description}" if i.description else i.control_code for i in lic.items], lang, z, "; "))
    matched = []
    if control_codes:
        for code in control_codes:
            sub = sub_entries.get(code)
            hits = [i for i in lic.items if _code_covered(code, i.control_code, sub)]
            if not hits:
                narrower = [i.control_code for i in lic.items if i.control_code.startswith(code + ".")]
                if narrower and sub is not None:
                    named = by_language(lambda lang: join_text(narrower, lang, z))
                    fail(("item", tx(f"it names {named['en']}, a sub-entry of the product's control code {code}, and the "
                                     f"product is an item of {sub} (it names {codes['en']})",
                                     f"许可物项（{codes['zh-Hans']}）为产品管制编码{code}的子目{named['zh-Hans']}，而产品属于{sub}",
                                     f"許可物項（{codes['zh-Hant']}）為產品管制編碼{code}的子目{named['zh-Hant']}，而產品屬於{sub}")))
                elif narrower:
                    named = by_language(lambda lang: join_text(narrower, lang, z))
                    fail(("item", tx(f"it names {named['en']}, a sub-entry of the product's control code {code}, and the rule "
                                     f"packs do not tell which sub-entry of {code} the product is: confirm the item "
                                     f"against the licence (it names {codes['en']})",
                                     f"许可物项（{codes['zh-Hans']}）为产品管制编码{code}的子目{named['zh-Hans']}，"
                                     f"规则包无法判断产品属于{code}的哪一子目，请对照许可证核实物项",
                                     f"許可物項（{codes['zh-Hant']}）為產品管制編碼{code}的子目{named['zh-Hant']}，"
                                     f"規則包無法判斷產品屬於{code}的哪一子目，請對照許可證核實物項")))
                else:
                    fail(("item", tx(f"it does not name the product's control code {code} (it names {codes['en']})",
                                     f"许可物项（{codes['zh-Hans']}）不含产品的管制编码{code}",
                                     f"許可物項（{codes['zh-Hant']}）不含產品的管制編碼{code}")))
            matched += hits
    else:
        matched = [i for i in lic.items if i.hs_code and facts.hs_code and _hs_match(i.hs_code, facts.hs_code)]
        if not matched:
            fail(("item", tx("no control code is known for the product and its HS code matches none of the licence's items "
                             f"({codes['en']})",
                             f"未能确定产品的管制编码，且其海关编码与许可物项（{codes['zh-Hans']}）均不相符",
                             f"未能確定產品的管制編碼，且其海關編碼與許可物項（{codes['zh-Hant']}）均不相符")))
            return
    with_hs = [i for i in matched if i.hs_code]
    if with_hs and facts.hs_code and not any(_hs_match(i.hs_code, facts.hs_code) for i in with_hs):  # type: ignore[arg-type]
        listed = by_language(lambda lang: join_text([i.hs_code for i in with_hs if i.hs_code], lang, z))
        fail(("item", tx(f"the product's HS code {facts.hs_code} differs from the licensed item's ({listed['en']})",
                         f"产品海关编码{facts.hs_code}与许可物项的海关编码（{listed['zh-Hans']}）不符",
                         f"產品海關編碼{facts.hs_code}與許可物項的海關編碼（{listed['zh-Hant']}）不符")))


def _check_parties(c: Check, facts: ShipmentFacts) -> None:
    lic, fail, z = c.licence, c.failures.append, c.zh_names
    if lic.end_users:
        names = by_language(lambda lang: _names(lic.end_users, lang, z))
        if facts.end_user is None:
            fail(("end_user", tx(f"it is restricted to named end users ({names['en']}) and the dossier names none",
                                 f"该证仅限所列最终用户（{names['zh-Hans']}），而档案未载明最终用户",
                                 f"該證僅限所列最終用戶（{names['zh-Hant']}），而檔案未載明最終用戶")))
        elif not _party_named(facts.end_user, lic.end_users):
            n = facts.end_user.name
            fail(("end_user", tx(f"the end user {n} is not named on it (it names {names['en']})",
                                 f"最终用户{n}不在许可所列最终用户（{names['zh-Hans']}）之列",
                                 f"最終用戶{n}不在許可所列最終用戶（{names['zh-Hant']}）之列")))
    if lic.consignees:
        names = by_language(lambda lang: _names(lic.consignees, lang, z))
        if facts.consignee is None:
            fail(("consignee", tx(f"it is restricted to named consignees ({names['en']}) and the dossier names none",
                                  f"该证仅限所列收货人（{names['zh-Hans']}），而档案未载明收货人",
                                  f"該證僅限所列收貨人（{names['zh-Hant']}），而檔案未載明收貨人")))
        elif not _party_named(facts.consignee, lic.consignees):
            n = facts.consignee.name
            fail(("consignee", tx(f"the consignee {n} ({facts.consignee_path}) is not named on it (it names {names['en']})",
                                  f"收货人{n}不在许可所列收货人（{names['zh-Hans']}）之列",
                                  f"收貨人{n}不在許可所列收貨人（{names['zh-Hant']}）之列")))


def _check_limits(c: Check, facts: ShipmentFacts, as_of: date) -> None:
    lic, fail, z = c.licence, c.failures.append, c.zh_names
    for index, limit in enumerate(lic.limits):
        used_q, used_v = _usage(c.record, index)
        left: dict[str, Any] = {"limit": index}
        if limit.quantity is not None and limit.unit is not None:
            cap = amount_text(limit.quantity, limit.unit)
            shipped = None
            if facts.quantity is None or facts.unit is None:
                fail(("quantity_limit", tx(f"it limits the quantity to {cap['en']} and the dossier gives no shipment.quantity",
                                           f"该证限定数量为{cap['zh-Hans']}，而档案未载明本批数量",
                                           f"該證限定數量為{cap['zh-Hant']}，而檔案未載明本批數量")))
            else:
                shipped = convert_quantity(facts.quantity, facts.unit, limit.unit)
                if shipped is None:
                    a, b = unit_text(facts.unit), unit_text(limit.unit)
                    fail(("quantity_limit", tx(f"the shipment's quantity is in {a['en']}, which cannot be compared with the limit in {b['en']}",
                                               f"本批数量单位{a['zh-Hans']}无法与许可限额单位{b['zh-Hans']}比较",
                                               f"本批數量單位{a['zh-Hant']}無法與許可限額單位{b['zh-Hant']}比較")))
            before = DECIMAL.subtract(limit.quantity, used_q)
            after = before if shipped is None else DECIMAL.subtract(before, shipped)
            if shipped is not None and after < 0:
                s, r = amount_text(shipped, limit.unit), amount_text(before, limit.unit)
                fail(("quantity_limit", tx(f"{s['en']} exceeds the {r['en']} left of the {cap['en']} limit",
                                           f"本批{s['zh-Hans']}超出剩余额度{r['zh-Hans']}（限额{cap['zh-Hans']}）",
                                           f"本批{s['zh-Hant']}超出剩餘額度{r['zh-Hant']}（限額{cap['zh-Hant']}）")))
            left.update({"quantity": dstr(after), "unit": limit.unit, "limit_quantity": dstr(limit.quantity),
                         "used_quantity": dstr(used_q), "shipment_quantity": None if shipped is None else dstr(shipped)})
        if limit.value is not None:
            cur, cap_v = limit.value.currency, limit.value.amount
            places = max(2, -cap_v.as_tuple().exponent) if isinstance(cap_v.as_tuple().exponent, int) else 2
            shipped_v = None
            cap_m = by_language(lambda lang: money_text(cur, dstr(cap_v), lang, z))
            cur_n = by_language(lambda lang: currency_text(cur, lang, z))
            if facts.value is None or facts.currency is None:
                fail(("value_limit", tx(f"it limits the value to {cap_m['en']} and the shipment's value is unknown "
                                        "(shipment.quantity × product.unit_value)",
                                        f"该证限定金额为{cap_m['zh-Hans']}，而本批货值未知",
                                        f"該證限定金額為{cap_m['zh-Hant']}，而本批貨值未知")))
            else:
                conv = convert_value(facts.value, facts.currency, cur, facts.rates, as_of, places, known_only=c.known_rates)
                if conv is None and c.known_rates and any({r.get("from"), r.get("to")} == {facts.currency, cur}
                                                          for r in facts.rates):
                    x = by_language(lambda lang: currency_text(facts.currency, lang, z))  # type: ignore[arg-type]
                    xs, xt = x["zh-Hans"], x["zh-Hant"]
                    fail(("currency", tx(f"the shipment's value is in {x['en']} and no {x['en']}/{cur} rate of the dossier is "
                                         f"dated on or before {as_of.isoformat()} (an undated rate or one dated later was not "
                                         f"known on that date), so it cannot be compared with the {cur} limit",
                                         f"本批货值以{xs}计，档案中没有日期在{as_of.isoformat()}当日或之前的{xs}与"
                                         f"{cur_n['zh-Hans']}汇率（未注明日期或日期较晚的汇率该日尚不可知），无法与"
                                         f"{cur_n['zh-Hans']}限额比较",
                                         f"本批貨值以{xt}計，檔案中沒有日期在{as_of.isoformat()}當日或之前的{xt}與"
                                         f"{cur_n['zh-Hant']}匯率（未註明日期或日期較晚的匯率該日尚不可知），無法與"
                                         f"{cur_n['zh-Hant']}限額比較")))
                elif conv is None:
                    x = by_language(lambda lang: currency_text(facts.currency, lang, z))  # type: ignore[arg-type]
                    fail(("currency", tx(f"the shipment's value is in {x['en']} and the dossier has no exchange rate between "
                                         f"{x['en']} and {cur}, the limit's currency",
                                         f"本批货值以{x['zh-Hans']}计，档案中没有{x['zh-Hans']}与{cur_n['zh-Hans']}（限额币种）"
                                         "之间的汇率",
                                         f"本批貨值以{x['zh-Hant']}計，檔案中沒有{x['zh-Hant']}與{cur_n['zh-Hant']}（限額幣種）"
                                         "之間的匯率")))
                else:
                    shipped_v = conv.amount
                    if conv.note:
                        c.notes.append(conv.note)
            before_v = DECIMAL.subtract(cap_v, used_v)
            after_v = before_v if shipped_v is None else DECIMAL.subtract(before_v, shipped_v)
            if shipped_v is not None and after_v < 0:
                sv, bv = shipped_v, before_v
                s_m = by_language(lambda lang: money_text(cur, dstr(sv), lang, z))
                b_m = by_language(lambda lang: money_text(cur, dstr(bv), lang, z))
                fail(("value_limit", tx(f"{s_m['en']} exceeds the {b_m['en']} left of the {cap_m['en']} limit",
                                        f"本批货值{s_m['zh-Hans']}超出剩余额度{b_m['zh-Hans']}（限额{cap_m['zh-Hans']}）",
                                        f"本批貨值{s_m['zh-Hant']}超出剩餘額度{b_m['zh-Hant']}（限額{cap_m['zh-Hant']}）")))
            left["value"] = {"amount": dstr(after_v), "currency": cur, "limit": dstr(cap_v), "used": dstr(used_v),
                             "shipment": None if shipped_v is None else dstr(shipped_v)}
        c.remaining.append(left)


# ---------------------------------------------------------------------------- the answer


def _remaining_text(remaining: Sequence[Mapping[str, Any]], zh_names: bool = False) -> Text:
    parts: list[Text] = []
    for left in remaining:
        if "quantity" in left:
            a, cap = amount_text(Decimal(left["quantity"]), left["unit"]), amount_text(Decimal(left["limit_quantity"]), left["unit"])
            parts.append(tx(f"{a['en']} of {cap['en']}", f"{a['zh-Hans']}（限额{cap['zh-Hans']}）",
                            f"{a['zh-Hant']}（限額{cap['zh-Hant']}）"))
        if "value" in left:
            v = left["value"]
            a_m = by_language(lambda lang: money_text(v["currency"], v["amount"], lang, zh_names))
            l_m = by_language(lambda lang: money_text(v["currency"], v["limit"], lang, zh_names))
            parts.append(tx(f"{a_m['en']} of {l_m['en']}", f"{a_m['zh-Hans']}（限额{l_m['zh-Hans']}）",
                            f"{a_m['zh-Hant']}（限額{l_m['zh-Hant']}）"))
    if not parts:
        return tx("it sets no quantity or value limit", "该证未设数量或金额限额", "該證未設數量或金額限額")
    return tx(", ".join(p["en"] for p in parts) + " left after this shipment",
              "本批之后剩余" + "，".join(p["zh-Hans"] for p in parts),
              "本批之後剩餘" + "，".join(p["zh-Hant"] for p in parts))


def _answer(c: Check, considered: int) -> dict[str, Any]:
    lic = c.licence
    kind = TYPE_NAMES[lic.type]
    u = lic.valid_until.isoformat()
    if c.covers:
        left = _remaining_text(c.remaining, c.zh_names)
        text = tx(f"Licence {lic.number} ({kind['en']}, valid until {u}) covers this shipment: {left['en']}.",
                  f"许可证{lic.number}（{kind['zh-Hans']}，有效期至{u}）涵盖本批出口：{left['zh-Hans']}。",
                  f"許可證{lic.number}（{kind['zh-Hant']}，有效期至{u}）涵蓋本批出口：{left['zh-Hant']}。")
    else:
        text = tx(f"Licence {lic.number} does not cover this shipment: " + "; ".join(t["en"] for _, t in c.failures) + ".",
                  f"许可证{lic.number}不涵盖本批出口：" + "；".join(t["zh-Hans"] for _, t in c.failures) + "。",
                  f"許可證{lic.number}不涵蓋本批出口：" + "；".join(t["zh-Hant"] for _, t in c.failures) + "。")
    remaining: dict[str, Any] | None = None
    if c.remaining:
        remaining = dict(c.remaining[0])
        remaining["limits"] = [dict(r) for r in c.remaining]
    out: dict[str, Any] = {
        "number": lic.number, "covers": c.covers, "reason": text["en"], "reason_text": text,
        "valid_until": u, "remaining": remaining,
        "type": lic.type, "authority": lic.authority, "source": c.source,
        "failures": [{"code": code, "text": t} for code, t in c.failures],
        "considered": considered,
    }
    if isinstance(c.record.get("revision"), int):
        out["revision"] = c.record["revision"]
    if lic.conditions:
        out["conditions"] = lic.conditions
    if c.notes:
        out["notes"] = list(c.notes)
    return out


def _none(number: str | None, text: Text, considered: int, code: str) -> dict[str, Any]:
    return {"number": number, "covers": False, "reason": text["en"], "reason_text": text, "valid_until": None,
            "remaining": None, "source": None, "failures": [{"code": code, "text": text}], "considered": considered}


def licence_effect(dossier: Any, *, needs_licence: bool, control_codes: Sequence[str], listed_kinds: Collection[str],
                   records: Sequence[Mapping[str, Any]], as_of: date,
                   sub_entries: Mapping[str, str] | None = None, known_rates: bool = False,
                   zh_names: bool = False, register_first: bool = False) -> dict[str, Any] | None:
    """The licence that covers the shipment, or the best candidate and why it does not (contract D).

    ``dossier`` is a :class:`~reedesk.domain.dossier.Dossier` or its snapshot document;
    ``records`` are ``reedesk.licence/1`` documents (with the register's ``usage``);
    ``listed_kinds`` the list kinds of confirmed screening hits; ``sub_entries`` the sub-entry
    the product is of each control code, where the packs say (``{"1C904": "1C904.a"}``: a
    licence naming 1C904.a covers terbium metal); ``known_rates`` engine 3.6.0's rate rule for a value limit in another
    currency (only a rate dated on or before ``as_of``, the newest either way); ``zh_names`` engine 3.6.0's Chinese
    texts (countries and currencies by their Chinese names, lists joined with 、; English unchanged).
    ``register_first`` (engine 3.7.0, session 14's bug hunt): a licence written into the dossier under a number the
    register holds is the register's licence — its revisions and draw-downs decide, not the dossier's copy (a copy with
    a 1,000 kg cap "covered" 50 kg of a registered 10 kg licence). Returns None when no licence is needed.
    """
    if not needs_licence:
        return None
    facts = shipment_facts(dossier)
    candidates: list[tuple[Licence, Mapping[str, Any], str]] = []
    for record in records:
        try:
            candidates.append((parse_licence(dict(record), "register record"), record, "register"))
        except ValidationFailed:
            continue  # the register only stores valid records; anything else is not a licence
    named: str | None = None
    inline = facts.licence
    if inline is not None and "format" in inline:
        try:
            candidates.append((parse_licence(dict(inline), "shipment.licence"), inline, "inline"))
        except ValidationFailed as exc:
            number = inline.get("number") if isinstance(inline.get("number"), str) else None
            return _none(number, tx(f"The licence written into the dossier (shipment.licence) cannot be used: {exc}",
                                    "档案内载的许可证格式有误，无法使用（详见英文说明）。",
                                    "檔案內載的許可證格式有誤，無法使用（詳見英文說明）。"), len(records), "inline_malformed")
        named = candidates[-1][0].number
        if register_first and any(src == "register" and lic.number == named for lic, _rec, src in candidates[:-1]):
            candidates.pop()  # the register's record of that number governs; the dossier's copy is set aside
    elif inline is not None and isinstance(inline.get("number"), str):
        named = inline["number"]
    considered = len(candidates)
    if named is not None:
        pool = [cand for cand in candidates if cand[0].number == named]
        if not pool:
            return _none(named, tx(f"Licence {named}, named by the dossier (shipment.licence), is not in the register.",
                                   f"档案所载许可证{named}不在许可证登记簿中。",
                                   f"檔案所載許可證{named}不在許可證登記簿中。"), considered, "not_in_register")
        candidates = pool
    if not candidates:
        return _none(None, tx("The register holds no licence, and the dossier names none (shipment.licence).",
                              "许可证登记簿中没有许可证，档案也未载明许可证。",
                              "許可證登記簿中沒有許可證，檔案也未載明許可證。"), 0, "no_licence")
    checks = [check_licence(lic, rec, src, facts, control_codes=control_codes, listed_kinds=listed_kinds, as_of=as_of,
                            sub_entries=sub_entries, known_rates=known_rates, zh_names=zh_names)
              for lic, rec, src in candidates]
    # Covering first; then the fewest reasons against; then the inline/named one; then the
    # licence that runs out first (use it before it lapses); then by number, so the pick is stable.
    best = min(checks, key=lambda c: (not c.covers, len(c.failures), c.source != "inline", c.licence.valid_until,
                                      c.licence.number))
    return _answer(best, considered)

"""Contract D: ``licence_effect`` says which licence covers a shipment or why none does.

Legal basis throughout: Export Control Law Art. 12 and the Dual-Use Items Export Control
Regulations (2024) Arts. 14-17 — an export of a listed dual-use item needs a licence, and a
licence covers only what it names (holder, items, destinations, end users, consignees,
quantities and values, validity). RULES.md "Second review", "General licences" and
"Listings are measures of their own".
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from reedesk.licences.matching import licence_effect

AS_OF = date(2026, 11, 25)


def effect(dossier, records, *, codes=("1C904",), listed=(), as_of=AS_OF):
    return licence_effect(dossier, needs_licence=True, control_codes=list(codes), listed_kinds=set(listed),
                          records=records, as_of=as_of)


def codes_of(result):
    return [f["code"] for f in result["failures"]]


def test_no_licence_needed_returns_none(tb_dossier, licence_doc):
    """Art. 12: without a licence requirement there is nothing to match."""
    assert licence_effect(tb_dossier, needs_licence=False, control_codes=["1C904"], listed_kinds=(),
                          records=[licence_doc], as_of=AS_OF) is None


def test_issue_licence_covers_and_shows_remaining_after_this_shipment(tb_dossier, licence_doc):
    """Arts. 14-17: a single licence naming the holder, item, destination and end user covers
    40 kg worth USD 60,000 within a 100 kg / USD 200,000 limit; 60 kg / USD 140,000 remain."""
    r = effect(tb_dossier, [licence_doc])
    assert r["covers"] is True, r["reason"]
    assert r["number"] == "MOFCOM-2026-LIC-0001"
    assert r["valid_until"] == "2026-12-31"
    assert r["remaining"]["quantity"] == "60" and r["remaining"]["unit"] == "kg"
    assert r["remaining"]["value"] == {"amount": "140000.00", "currency": "USD", "limit": "200000.00",
                                       "used": "0", "shipment": "60000.00"}
    assert "60 kg of 100 kg" in r["reason"]
    assert "60千克" in r["reason_text"]["zh-Hans"] and "限額" in r["reason_text"]["zh-Hant"]
    assert set(r["reason_text"]) == {"en", "zh-Hans", "zh-Hant"}


def test_expired(tb_dossier, licence_doc):
    """A licence is valid only within its validity period (Regulations Art. 17)."""
    r = effect(tb_dossier, [licence_doc], as_of=date(2027, 1, 1))
    assert r["covers"] is False and codes_of(r) == ["expired"]
    assert "valid until 2026-12-31" in r["reason"]
    assert "已过期" in r["reason_text"]["zh-Hans"] and "已過期" in r["reason_text"]["zh-Hant"]


def test_last_day_of_validity_still_covers(tb_dossier, licence_doc):
    """Validity 'until' includes that day (Regulations Art. 17)."""
    assert effect(tb_dossier, [licence_doc], as_of=date(2026, 12, 31))["covers"] is True


def test_not_yet_valid(tb_dossier, licence_doc):
    """A licence does not cover exports before its validity starts (Regulations Art. 17)."""
    licence_doc["valid_from"] = "2026-12-01"
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["not_yet_valid"] and "2026-12-01" in r["reason"]


def test_wrong_destination(tb_dossier, licence_doc):
    """The licence names its destination countries; Japan is not Korea (Regulations Art. 14)."""
    tb_dossier["shipment"]["destination"] = "JP"
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["destination"] and "JP is not one of its destinations (KR)" in r["reason"]


def test_end_user_not_named(tb_dossier, licence_doc):
    """A licence tied to named end users covers no other (Regulations Art. 14; general licences
    'each tied to named downstream customers', RULES.md)."""
    tb_dossier["shipment"]["end_user"] = {"name": "Busan Motor Works", "country": "KR"}
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["end_user"] and "Busan Motor Works" in r["reason"]


def test_end_user_name_compared_ignoring_case_and_punctuation(tb_dossier, licence_doc):
    """Same end user written with other case and punctuation is still the named end user."""
    tb_dossier["shipment"]["end_user"]["name"] = "HANSEONG MAGNETICS CO LTD"
    assert effect(tb_dossier, [licence_doc])["covers"] is True


def test_chinese_name_in_either_script_is_the_same_end_user(tb_dossier, licence_doc):
    """A licence written in Traditional script names the same company as the Simplified dossier;
    another legal form is another company."""
    licence_doc["end_users"] = [{"name": "韓城磁材株式會社", "country": "KR"}]
    tb_dossier["shipment"]["end_user"] = {"name": "韩城磁材株式会社", "country": "KR"}
    assert effect(tb_dossier, [licence_doc])["covers"] is True
    tb_dossier["shipment"]["end_user"] = {"name": "韩城磁材有限公司", "country": "KR"}
    assert codes_of(effect(tb_dossier, [licence_doc])) == ["end_user"]


def test_empty_end_user_list_means_not_restricted(tb_dossier, licence_doc):
    """Issue 15 contract: empty consignees/end_users lists mean not restricted."""
    licence_doc["end_users"] = []
    tb_dossier["shipment"]["end_user"] = {"name": "Anyone", "country": "KR"}
    assert effect(tb_dossier, [licence_doc])["covers"] is True


def test_consignee_not_named_and_missing(tb_dossier, licence_doc):
    """A licence naming consignees covers only those; a dossier with none cannot be matched."""
    licence_doc["consignees"] = [{"name": "Incheon Logistics", "country": "KR"}]
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["consignee"] and "names none" in r["reason"]
    tb_dossier["shipment"]["consignee"] = {"name": "Seoul Freight", "country": "KR"}
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["consignee"] and "Seoul Freight" in r["reason"]
    tb_dossier["shipment"]["consignee"] = {"name": "Incheon Logistics", "country": "KR"}
    assert effect(tb_dossier, [licence_doc])["covers"] is True


def test_importer_stands_for_missing_consignee(tb_dossier, licence_doc):
    """Where the dossier names only the importer, it is the receiving party checked."""
    licence_doc["consignees"] = [{"name": "Incheon Logistics", "country": "KR"}]
    tb_dossier["shipment"]["importer"] = {"name": "Incheon Logistics", "country": "KR"}
    assert effect(tb_dossier, [licence_doc])["covers"] is True


def test_item_control_code_not_on_licence(tb_dossier, licence_doc):
    """A licence covers the items (control codes) it names, not a Dy item (1C903)."""
    r = effect(tb_dossier, [licence_doc], codes=["1C903"])
    assert codes_of(r) == ["item"] and "1C903" in r["reason"]


def test_item_hs_code_mismatch(tb_dossier, licence_doc):
    """The licensed item's HS code must be the product's (customs declares it; No. 18 customs remark)."""
    tb_dossier["product"]["hs_code"] = "2846901000"
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["item"] and "2846901000" in r["reason"]


def test_sub_item_code_covered_by_parent_code(tb_dossier, licence_doc):
    """A licence for 2B902 covers the sub-item 2B902.a; the reverse does not hold."""
    licence_doc["items"] = [{"control_code": "2B902"}]
    assert effect(tb_dossier, [licence_doc], codes=["2B902.a"])["covers"] is True
    licence_doc["items"] = [{"control_code": "2B902.a"}]
    assert codes_of(effect(tb_dossier, [licence_doc], codes=["2B902"])) == ["item"]


def test_sub_entry_licence_covers_an_item_of_that_sub_entry(tb_dossier, licence_doc):
    """No. 18 of 2025 lists terbium metal under 「1C904.a金属铽、含铽的合金及相关制品」 (LEGALQA8 (3)): told that the product
    is an item of 1C904.a, a licence naming 1C904.a covers it; one naming 1C904.b (「氧化铽及其混合物」) does not, and says
    which sub-entry the product is; the entry 1C904 covers every sub-entry."""
    licence_doc["items"][0]["control_code"] = "1C904.a"
    assert effect(tb_dossier, [licence_doc])["covers"] is False  # not told: which sub-entry cannot be known
    said = effect(tb_dossier, [licence_doc])["reason_text"]
    assert "do not tell which sub-entry" in said["en"] and "哪一子目" in said["zh-Hans"] and "哪一子目" in said["zh-Hant"]
    r = licence_effect(tb_dossier, needs_licence=True, control_codes=["1C904"], listed_kinds=set(), records=[licence_doc],
                       as_of=AS_OF, sub_entries={"1C904": "1C904.a"})
    assert r["covers"] is True, r["reason"]
    licence_doc["items"][0]["control_code"] = "1C904.b"
    r = licence_effect(tb_dossier, needs_licence=True, control_codes=["1C904"], listed_kinds=set(), records=[licence_doc],
                       as_of=AS_OF, sub_entries={"1C904": "1C904.a"})
    assert codes_of(r) == ["item"] and "is an item of 1C904.a" in r["reason"] and "属于1C904.a" in r["reason_text"]["zh-Hans"]
    licence_doc["items"][0]["control_code"] = "1C904"
    r = licence_effect(tb_dossier, needs_licence=True, control_codes=["1C904"], listed_kinds=set(), records=[licence_doc],
                       as_of=AS_OF, sub_entries={"1C904": "1C904.b"})
    assert r["covers"] is True
    licence_doc["items"][0]["control_code"] = "1C904.a"  # another entry's sub-entry never covers
    r = licence_effect(tb_dossier, needs_licence=True, control_codes=["1C905"], listed_kinds=set(), records=[licence_doc],
                       as_of=AS_OF, sub_entries={"1C905": "1C905.a"})
    assert codes_of(r) == ["item"]


def test_value_limit_conversion_with_the_rate_known_on_the_day(tb_dossier, licence_doc):
    """LEGALQA9 (10), engine 3.6.0's rate rule for a value limit in another currency: the newest rate for the pair dated
    on or before the as-of date decides whichever way it is quoted; an undated rate or one dated later was not known on
    that day. 40 kg × 1,500.00 USD = 60,000.00 USD against a 427,000.00 CNY limit: at USD→CNY 7.1 (2026-11-01) it fits
    (426,000.00), at the newer CNY→USD 0.14 (2026-11-20: 428,571.43 CNY) it does not."""
    licence_doc["limits"] = [{"value": {"amount": "427000.00", "currency": "CNY"}}]
    tb_dossier["exchange_rates"] = [
        {"from": "USD", "to": "CNY", "rate": "7.1", "date": "2026-11-01", "source": "bank"},
        {"from": "CNY", "to": "USD", "rate": "0.14", "date": "2026-11-20", "source": "bank"}]

    def run(**kw):
        return licence_effect(tb_dossier, needs_licence=True, control_codes=["1C904"], listed_kinds=set(),
                              records=[licence_doc], as_of=AS_OF, **kw)

    assert run()["covers"] is True  # the released rule: a direct rate before any inverse one
    r = run(known_rates=True)
    assert codes_of(r) == ["value_limit"] and "428571.43" in r["reason"]
    tb_dossier["exchange_rates"] = [{"from": "USD", "to": "CNY", "rate": "7.1", "date": None, "source": "bank"}]
    assert run()["covers"] is True
    r = run(known_rates=True)
    assert codes_of(r) == ["currency"] and "dated on or before 2026-11-25" in r["reason"]
    assert "尚不可知" in r["reason_text"]["zh-Hans"] and "尚不可知" in r["reason_text"]["zh-Hant"]
    tb_dossier["exchange_rates"][0]["date"] = "2026-12-01"
    assert codes_of(run(known_rates=True)) == ["currency"]


def test_quantity_limit_exceeded_counting_earlier_draw_downs(tb_dossier, licence_doc):
    """Limits are cumulative: 70 kg drawn + 40 kg > 100 kg (Decimal arithmetic)."""
    record = dict(licence_doc, usage={"limits": [{"quantity": "70", "value": "1000.00"}]})
    r = effect(tb_dossier, [record])
    assert codes_of(r) == ["quantity_limit"] and "40 kg exceeds the 30 kg left of the 100 kg limit" in r["reason"]


def test_quantity_exactly_at_limit_covers(tb_dossier, licence_doc):
    """Reaching the limit exactly is within it: 60 + 40 = 100 kg leaves 0."""
    record = dict(licence_doc, usage={"limits": [{"quantity": "60", "value": "0"}]})
    r = effect(tb_dossier, [record])
    assert r["covers"] is True and r["remaining"]["quantity"] == "0"


def test_quantity_in_tonnes_converted_exactly(tb_dossier, licence_doc):
    """0.2 t is 200 kg: over a 100 kg limit (mass units converted exactly)."""
    tb_dossier["shipment"]["quantity"] = {"amount": "0.2", "unit": "t"}
    tb_dossier["shipment"]["value"] = {"amount": "1000.00", "currency": "USD"}
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["quantity_limit"] and "200.0 kg" in r["reason"]


def test_unit_that_cannot_be_compared(tb_dossier, licence_doc):
    """Pieces cannot be compared with kilograms: say so rather than guess."""
    tb_dossier["shipment"]["quantity"] = {"amount": "3", "unit": "pieces"}
    r = effect(tb_dossier, [licence_doc])
    assert "quantity_limit" in codes_of(r) and "cannot be compared" in r["reason"]
    assert "件" in r["reason_text"]["zh-Hans"]


def test_missing_quantity_cannot_be_checked_against_limit(tb_dossier, licence_doc):
    """FORMATS.md 0.2: the shipment's quantity is shipment.quantity; without it a limit cannot be checked."""
    del tb_dossier["shipment"]["quantity"]
    r = effect(tb_dossier, [licence_doc])
    assert r["covers"] is False and set(codes_of(r)) == {"quantity_limit", "value_limit"}
    assert "shipment.quantity" in r["reason"]


def test_value_limit_exceeded(tb_dossier, licence_doc):
    """Value limit in Decimal: 40 kg × USD 6,000 = USD 240,000 > USD 200,000."""
    tb_dossier["product"]["unit_value"]["amount"] = "6000.00"
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["value_limit"] and "USD 240000.00 exceeds the USD 200000.00 left" in r["reason"]


def test_value_in_other_currency_converted_with_dossier_rate(tb_dossier, licence_doc):
    """A CNY value is converted with the dossier's own rate: CNY 10,000 × 40 × 0.14 = USD 56,000;
    the conversion and its rounding are stated."""
    tb_dossier["product"]["unit_value"] = {"amount": "10000.00", "currency": "CNY"}
    r = effect(tb_dossier, [licence_doc])
    assert r["covers"] is True
    assert r["remaining"]["value"]["shipment"] == "56000.00"
    assert r["remaining"]["value"]["amount"] == "144000.00"
    assert any("exchange_rates[0]" in n and "ROUND_HALF_EVEN" in n for n in r["notes"])


def test_inverse_rate_divides_and_rounds_half_even(tb_dossier, licence_doc):
    """Only a USD→EUR rate is given: 40 kg × EUR 2.50 = EUR 100, ÷ 0.9 = USD 111.111…, shown as
    USD 111.11 (ROUND_HALF_EVEN to the limit's cents, stated in the notes)."""
    tb_dossier["product"]["unit_value"] = {"amount": "2.50", "currency": "EUR"}
    tb_dossier["exchange_rates"] = [{"from": "USD", "to": "EUR", "rate": "0.9", "date": "2026-11-01", "source": "x"}]
    r = effect(tb_dossier, [licence_doc])
    assert r["covers"] is True and r["remaining"]["value"]["shipment"] == "111.11"
    assert "divided by" in r["notes"][0]


def test_currency_without_rate_says_so(tb_dossier, licence_doc):
    """No rate between the shipment's currency and the limit's: the limit cannot be checked; say so."""
    tb_dossier["product"]["unit_value"] = {"amount": "10000.00", "currency": "JPY"}
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["currency"] and "no exchange rate between JPY and USD" in r["reason"]
    assert "匯率" in r["reason_text"]["zh-Hant"]


@pytest.mark.parametrize("kind", ["control_list", "watch_list"])
def test_general_licence_never_covers_listed_party(tb_dossier, licence_doc, kind):
    """RULES.md 'Listings are measures of their own': a watch-listed party has no general-licence
    route, a control-listed one only an exceptional single licence. So a general licence that
    would otherwise cover never covers a confirmed control- or watch-listed party."""
    licence_doc["type"] = "general_a"
    assert effect(tb_dossier, [licence_doc])["covers"] is True
    r = effect(tb_dossier, [licence_doc], listed=[kind])
    assert codes_of(r) == ["general_listed_party"] and kind.replace("_", " ") in r["reason"]


def test_single_licence_can_cover_watch_listed_party(tb_dossier, licence_doc):
    """A watch-listed party may be licensed by a single licence (with risk report and undertaking)."""
    assert effect(tb_dossier, [licence_doc], listed=["watch_list"])["covers"] is True


def test_holder_must_be_the_exporter(tb_dossier, licence_doc):
    """A licence is issued to one exporter and covers only its exports (Regulations Art. 14)."""
    tb_dossier["exporter"] = {"name": "Baotou Trading", "country": "CN"}
    r = effect(tb_dossier, [licence_doc])
    assert codes_of(r) == ["holder"] and "Baotou Trading" in r["reason"]


def test_authority_must_be_mofcom(tb_dossier, licence_doc):
    """China's dual-use export licences are issued by MOFCOM (Export Control Law Art. 5, 12)."""
    licence_doc["authority"] = "BAFA"
    assert codes_of(effect(tb_dossier, [licence_doc])) == ["authority"]


def test_several_reasons_all_listed(tb_dossier, licence_doc):
    """Every reason against is named, not only the first."""
    tb_dossier["shipment"]["destination"] = "JP"
    r = effect(tb_dossier, [licence_doc], as_of=date(2027, 2, 1))
    assert codes_of(r) == ["expired", "destination"]


def test_best_match_prefers_the_covering_licence(tb_dossier, licence_doc):
    """Among several records the covering one is the answer."""
    other = copy.deepcopy(licence_doc)
    other["number"] = "MOFCOM-2026-LIC-0002"
    other["destinations"] = ["JP"]
    r = effect(tb_dossier, [other, licence_doc])
    assert r["number"] == "MOFCOM-2026-LIC-0001" and r["covers"] and r["considered"] == 2


def test_empty_register_has_null_number(tb_dossier):
    """Issue 15: null number when the register has none."""
    r = effect(tb_dossier, [])
    assert r["number"] is None and r["covers"] is False and "holds no licence" in r["reason"]
    assert "登記簿" in r["reason_text"]["zh-Hant"]


def test_named_licence_not_in_register(tb_dossier, licence_doc):
    """shipment.licence {number} names a licence; if the register lacks it, say so."""
    tb_dossier["shipment"]["licence"] = {"number": "MOFCOM-2026-LIC-9999"}
    r = effect(tb_dossier, [licence_doc])
    assert r["number"] == "MOFCOM-2026-LIC-9999" and not r["covers"] and "not in the register" in r["reason"]


def test_named_licence_is_the_one_checked(tb_dossier, licence_doc):
    """The licence the dossier names is checked even if another record would cover."""
    expired = copy.deepcopy(licence_doc)
    expired.update(number="MOFCOM-2025-LIC-0100", valid_from="2025-01-01", valid_until="2025-12-31")
    tb_dossier["shipment"]["licence"] = {"number": "MOFCOM-2025-LIC-0100"}
    r = effect(tb_dossier, [licence_doc, expired])
    assert r["number"] == "MOFCOM-2025-LIC-0100" and codes_of(r) == ["expired"]


def test_inline_licence_object(tb_dossier, licence_doc):
    """FORMATS.md 0.2: shipment.licence may be an inline reedesk.licence/1 object."""
    tb_dossier["shipment"]["licence"] = licence_doc
    r = effect(tb_dossier, [])
    assert r["covers"] is True and r["source"] == "inline"


def test_inline_licence_malformed(tb_dossier, licence_doc):
    licence_doc["limits"][0]["quantity"] = 100
    tb_dossier["shipment"]["licence"] = licence_doc
    r = effect(tb_dossier, [])
    assert not r["covers"] and "limits[0].quantity" in r["reason"]


def test_dossier_dataclass_accepted(tb_dossier, licence_doc):
    """The engine may pass the parsed Dossier instead of the snapshot document."""
    from reedesk.domain.dossier_file import parse_dossier

    d = parse_dossier(tb_dossier)
    r = effect(d, [licence_doc])
    assert r["covers"] is True and r["remaining"]["quantity"] == "60"


def test_decimal_no_float_drift(tb_dossier, licence_doc):
    """0.1 + 0.2 kg style sums stay exact (Decimal)."""
    licence_doc["limits"] = [{"quantity": "0.3", "unit": "kg"}]
    record = dict(licence_doc, usage={"limits": [{"quantity": "0.1"}]})
    tb_dossier["shipment"]["quantity"] = {"amount": "0.2", "unit": "kg"}
    r = effect(tb_dossier, [record])
    assert r["covers"] is True and Decimal(r["remaining"]["quantity"]) == 0

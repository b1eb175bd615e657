"""Engine 3.6.0's corrected readings (docs/determination.md "Engine 3.6.0"), from the open discrepancies of the
independent cases (docs/independent-cases.md). Each test asserts an answer engine 3.5.0 did not give; the
``made_by="3.5.0"`` re-run (how a stored 3.5.0 document reproduces) still gives 3.5.0's.

1. Session 7 (4): an exchange rate dated after the as-of date was not known on that date, so it is not used for No. 61
   I(1)'s value line (3.5.0 used the earliest such rate with a warning); without a usable rate the line is undecided,
   naming the rate's date (``exchange_rates[j].date``); so is an undated rate (LEGALQA8 (2)), and the newest rate for the
   pair decides in either direction (LEGALQA8 (1)).
2. Pack texts: citations name the announcement once; Chinese pack texts carry no internal codes (tests/rules/test_packs.py).
3. Declared readings where the text is open: No. 46 Art. 1 on unlisted items, No. 1 of 2026's enhancing clause.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco, old_label_reruns_as_it_read

DE_USER = {"name": "Rhein Antriebe GmbH", "country": "DE"}
I1 = "cn-mofcom-2025-061:I(1)"


def _run(doc: dict[str, Any], made_by: str | None = None, as_of: date = AS_OF) -> dict[str, Any]:
    return expand(evaluate(doc, shipped_packs(), as_of, made_by=made_by))


def _finding(d: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in d["findings"] if f["rule"] == rule)


def _no_code(text: str) -> None:
    """Chinese output carries no English words or internal codes (ids, parameter names)."""
    assert not re.search(r"[A-Za-z]{3,}|[a-z]+[-_][a-z]+", text), text


def test_3_6_0_documents_still_re_run():
    """Engine 3.7.0 (tests/rules/test_engine_3_7.py) carries 3.6.0's readings: its documents re-run as 3.6.0 wrote them."""
    from reedesk.rules import SHAPE4_ENGINE_VERSIONS

    assert ENGINE_VERSION == "3.7.0" and "3.6.0" in SHAPE4_ENGINE_VERSIONS
    assert _run(foreign_smco(dict(DE_USER)))["engine"]["version"] == ENGINE_VERSION


# ---- 1. a rate dated after the as-of date -----------------------------------------------------------------


def _cny_smco(*rates: tuple[str, str | None]) -> dict[str, Any]:
    """The Vietnamese Sm-Co magnet with its Chinese samarium valued in CNY (46.43 CNY ≈ 6.50 USD at 0.14: 13.5 %)."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["value"] = {"amount": "46.43", "currency": "CNY"}
    doc["exchange_rates"] = [{"from": "CNY", "to": "USD", "rate": rate, "date": when, "source": "bank daily rate"}
                             for rate, when in rates]
    return doc


def test_a_rate_dated_after_the_as_of_date_is_not_used():
    """As of 2026-11-25 the only CNY→USD rate is dated 2026-12-15: not knowable on the as-of date. 3.5.0 used it (with
    a warning: licence required); 3.6.0 leaves the value line undecided, asking for a CNY→USD rate dated on or before it."""
    doc = _cny_smco(("0.1400", "2026-12-15"))
    d = _run(doc)
    assert d["outcome"] == "insufficient_data"
    fields = [m["field"] for m in d["missing"]]
    assert fields == ["exchange_rates[CNY->USD]"], fields
    assert d["missing"][0]["needed_by"] == I1
    f = _finding(d, I1)
    assert f["result"] == "insufficient_data"
    row = f["figures"]["components"][0]
    assert row["counted"] is True and row["converted"] is None and row["rate"] is None
    assert not f["figures"]["rate_notes"]  # no rate used, so no "used with a warning" note
    said = d["missing"][0]
    assert "2026-12-15" in said["en"] and "not known on that date" in said["en"] and "C1" in said["en"]
    assert "尚不可知" in said["zh-Hans"] and "「以所述汇率折算为同一币种」" in said["zh-Hans"]
    assert "尚不可知" in said["zh-Hant"] and "「以所述匯率折算為同一幣種」" in said["zh-Hant"]
    # the finding states the rate rule it applies (the pack's words): a later rate is not used
    rule = f["figures"]["rate_rule"]
    assert "not used" in rule["en"] and "不予采用" in rule["zh-Hans"] and "不予採用" in rule["zh-Hant"]
    assert any("不予采用" in s["zh-Hans"] for s in f["steps"])
    old = _run(doc, made_by="3.5.0")
    assert old["outcome"] == "license_required"
    assert _finding(old, I1)["figures"]["components"][0]["converted"] is not None
    assert _finding(old, I1)["figures"]["rate_notes"]  # 3.5.0: used, with a warning


def test_an_inverse_rate_dated_after_is_not_used_either():
    doc = _cny_smco()
    doc["exchange_rates"] = [{"from": "USD", "to": "CNY", "rate": "7.1430", "date": "2026-12-01", "source": "bank"}]
    d = _run(doc)
    assert d["outcome"] == "insufficient_data" and [m["field"] for m in d["missing"]] == ["exchange_rates[CNY->USD]"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"


def test_a_rate_known_on_the_as_of_date_is_used_and_the_later_one_listed_as_not_used():
    """A rate dated on or before the as-of date decides, as under 3.5.0; the later one is listed as not used."""
    doc = _cny_smco(("0.1400", "2026-12-15"), ("0.1390", "2026-11-20"))
    d = _run(doc)
    assert d["outcome"] == "license_required" and not d["missing"]
    rate = _finding(d, I1)["figures"]["components"][0]["rate"]
    assert rate["index"] == 1 and [r["index"] for r in rate["not_used"]] == [0]
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"


def test_a_rate_dated_after_that_cannot_change_the_outcome_is_asked_for_only_as_data():
    """When the content already known reaches the threshold, an unconvertible later line cannot lower it: licence."""
    doc = _cny_smco(("0.1400", "2026-12-15"))
    doc["components"].insert(0, {"id": "C0", "description": "Samarium metal 99.9%", "origin": "CN",
                                 "category": "rare_earth_metal", "elements": ["Sm"],
                                 "value": {"amount": "1.00", "currency": "USD"}})
    d = _run(doc)
    assert d["outcome"] == "license_required"
    assert _finding(d, I1)["result"] == "applies"


def test_an_undated_rate_is_not_used_and_its_date_is_asked_for():
    """LEGALQA8 (2): FORMATS.md — a value null while unknown; a determination that needs it is insufficient data naming it.
    An undated rate may be one published after the as-of date, which 3.6.0 does not use: its date is asked for
    (3.5.0 counted an undated rate as on or before the as-of date: licence required)."""
    doc = _cny_smco(("0.1400", None))
    d = _run(doc)
    assert d["outcome"] == "insufficient_data" and [m["field"] for m in d["missing"]] == ["exchange_rates[0].date"]
    assert "has no date" in d["missing"][0]["en"] and "未注明日期" in d["missing"][0]["zh-Hans"]
    assert "未註明日期" in d["missing"][0]["zh-Hant"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"
    dated = _cny_smco(("0.1400", None), ("0.1390", "2026-11-20"))  # a dated rate known on the day decides
    assert _run(dated)["outcome"] == "license_required"
    assert _finding(_run(dated), I1)["figures"]["components"][0]["rate"]["index"] == 1


def test_the_newest_rate_for_the_pair_decides_in_either_direction():
    """LEGALQA8 (1): the rate for the pair on the as-of date is the newest one, whichever way the bank quoted it; 3.5.0
    preferred any direct rate to a newer inverse one (here: 0.383 CNY at 0.125 (2026-11-01) = 0.0479 USD, below 0.1 %;
    at the newer USD→CNY 5.0 (2026-11-20): 0.0766 USD = 0.16 %, No. 61 一(一) 「价值比例达到0.1%及以上」)."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["value"] = {"amount": "0.383", "currency": "CNY"}
    doc["exchange_rates"] = [{"from": "CNY", "to": "USD", "rate": "0.125", "date": "2026-11-01", "source": "bank"},
                             {"from": "USD", "to": "CNY", "rate": "5.0", "date": "2026-11-20", "source": "bank"}]
    d = _run(doc)
    assert d["outcome"] == "license_required"
    rate = _finding(d, I1)["figures"]["components"][0]["rate"]
    assert (rate["index"], rate["applied"]) == (1, "divide") and [r["index"] for r in rate["not_used"]] == [0]
    assert _run(doc, made_by="3.5.0")["outcome"] == "not_controlled"
    # the same date: the two rates disagree (0.125 against 1/5.0) and the choice decides the line — no silent pick
    # (session 9; before, the direct rate first): insufficient data naming both rows
    doc["exchange_rates"][1]["date"] = "2026-11-01"
    same_day = _run(doc)
    assert same_day["outcome"] == "insufficient_data"
    assert [m["field"] for m in same_day["missing"]] == ["exchange_rates[0]", "exchange_rates[1]"]


def test_the_new_sentences_carry_no_codes_in_chinese():
    d = _run(_cny_smco(("0.1400", "2026-12-15")))
    f = _finding(d, I1)
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(f["figures"]["rate_rule"][lang])


def test_a_3_5_0_document_with_a_later_rate_re_runs_as_3_5_0_read_it():
    """Stored 3.5.0 documents reproduce to their own bytes (licence required with the later rate); relabelled 3.6.0
    they do not (insufficient data), so the label cannot be swapped."""
    old_label_reruns_as_it_read(_cny_smco(("0.1400", "2026-12-15")), "3.5.0", "license_required", "insufficient_data")


# ---- 3. declared readings where the text is open (packs 2026.5: the outcome stays the primary reading's) ------------


def _metal(element: str, user: dict[str, Any], destination: str, **end_use: Any) -> dict[str, Any]:
    from tests.rules.test_engine_3_4 import metal

    doc = metal(element, user)
    doc["shipment"]["destination"] = destination
    if end_use:
        doc["shipment"]["end_use"] = dict(end_use)
    return doc


def _reading(d: dict[str, Any], point: str) -> dict[str, Any]:
    return next(r for r in d["readings"] if r.get("point") == point)


def test_no46_art1_declares_the_unlisted_items_reading():
    """Session 6 (13): unlisted Nd metal to a US military user: the catch-all's licence (the text's 「两用物项」), and the
    reading that No. 46 Art. 1 reaches unlisted items (as No. 1 of 2026's no1-unlisted-items) is shown: prohibited."""
    d = _run(_metal("Nd", {"name": "US Army Materiel Depot", "country": "US", "military": True}, "US"))
    assert d["outcome"] == "license_required"
    alt = _reading(d, "no46-unlisted-items")
    assert alt["outcome"] == "prohibited" and alt["differs"] is True and alt["status"] == "reedesk_reading"
    primary = next(p for p in d["readings"][0]["points"] if p["point"] == "no46-unlisted-items")
    assert primary["reading"] == "listed-items-only" and "「两用物项」" in primary["description"]["zh-Hans"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(alt["description"][lang])
        _no_code(alt["if"][lang])
    assert _run(_metal("Nd", {"name": "US Army Materiel Depot", "country": "US", "military": True}, "US"),
                made_by="3.5.0")["outcome"] == "license_required"


def test_no1_declares_the_enhancing_clause_for_a_japanese_civil_military_ai_end_use():
    """Session 6 (12): terbium metal from China to a Japanese civil lab for military-AI R&D: No. 18's licence under the
    text (「日本军事用户、军事用途」); 「一切有助于提升日本军事实力的其他最终用户用途」 may reach it: that reading is prohibited."""
    doc = _metal("Tb", {"name": "Kyoto Vision Lab KK", "country": "JP", "military": False}, "JP",
                 category="military_ai", description="military AI research and development")
    d = _run(doc)
    assert d["outcome"] == "license_required"
    alt = _reading(d, "no1-enhancing-end-uses")
    assert alt["outcome"] == "prohibited" and alt["differs"] is True and alt["status"] == "reedesk_reading"
    assert "「一切有助于提升日本军事实力的其他最终用户用途」" in alt["description"]["zh-Hans"]
    assert "「一切有助於提升日本軍事實力的其他最終用戶用途」" in alt["description"]["zh-Hant"]
    assert "禁止出口" in d["summary"]["zh-Hans"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(alt["description"][lang])
        _no_code(alt["point_text"][lang])
    civil = _metal("Tb", {"name": "Kyoto Vision Lab KK", "country": "JP", "military": False}, "JP",
                   category="civil", description="motor magnets")
    assert _reading(_run(civil), "no1-enhancing-end-uses")["differs"] is False  # a civil use: the reading changes nothing
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"


def test_provision_in_china_of_goods_is_a_declared_reading():
    """Session 7's note on (11): the goods limb of provision in China (Export Control Law Art. 2 「向外国组织和个人提供管制
    物项」) was a rule parameter only; now an open point of the Export Control Law pack: terbium metal handed over in China
    to a German company needs No. 18's licence (the text), and under the narrower reading (customs exports only) it is not
    controlled; No. 62 technology stays an export under both (No. 62 Art. II names provision in China itself)."""
    from tests.rules.test_engine_3_5 import _tb_in_china, _tech

    d = _run(_tb_in_china("DE"))
    assert d["outcome"] == "license_required"
    alt = _reading(d, "provision-in-china")
    assert (alt["id"], alt["outcome"], alt["differs"], alt["status"]) == ("customs-exports-only", "not_controlled", True,
                                                                          "reedesk_reading")
    assert "「向外国组织和个人提供管制物项」" in next(p for p in d["readings"][0]["points"]
                                             if p["point"] == "provision-in-china")["description"]["zh-Hans"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(alt["description"][lang])
        _no_code(alt["if"][lang])
    tech = _run(_tech("DE"))
    assert tech["outcome"] == "license_required" and _reading(tech, "provision-in-china")["outcome"] == "license_required"
    assert _run(_tb_in_china("DE"), made_by="3.5.0")["outcome"] == "license_required"


@pytest.mark.parametrize("country, decisive", [("JP", "cn-mofcom-2026-001:1"), ("US", "cn-mofcom-2024-046:1")])
def test_an_item_whose_listing_no70_suspends_has_a_declared_reading_for_the_bans(country, decisive):
    """Session 6 (2): holmium metal (No. 57, suspended by No. 70 on 2026-05-01) to a Japanese or US military user is
    prohibited (the item stays listed: 「两用物项」); whether it is a dual-use item while the suspension runs is open: under
    the other reading the bans do not reach it and the catch-all asks for a licence."""
    from tests.rules.test_engine_3_4 import metal

    doc = metal("Ho", {"name": "Defence Depot", "country": country, "military": True})
    doc["shipment"]["destination"] = country
    d = _run(doc, as_of=date(2026, 5, 1))
    assert d["outcome"] == "prohibited" and d["decisive"] == [decisive]
    alt = _reading(d, "suspended-listing")
    assert (alt["id"], alt["outcome"], alt["differs"]) == ("not-dual-use-while-suspended", "license_required", True)
    assert "「暂停实施」" in next(p for p in d["readings"][0]["points"] if p["point"] == "suspended-listing")["description"]["zh-Hans"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(alt["description"][lang])
        _no_code(alt["if"][lang])
    assert _run(doc, made_by="3.5.0", as_of=date(2026, 5, 1))["outcome"] == "prohibited"
    doc["product"]["elements"] = ["Tb"]  # terbium metal (No. 18, never suspended): the reading changes nothing
    assert _reading(_run(doc, as_of=date(2026, 5, 1)), "suspended-listing")["differs"] is False


def test_a_control_listed_party_and_a_suspended_listing():
    """The same point for the listings: holmium metal to a confirmed No. 11 of 2026 entity on 2026-05-01 (「禁止出口经营者
    向上述20家实体出口两用物项」) is prohibited; under the other reading the list's ban does not reach the suspended item
    (No. 57 itself is suspended: the outcome is `suspended`)."""
    from reedesk.screening import screen_parties
    from tests.rules.test_engine_3_4 import metal
    from tests.rules.test_listing import LISTS, _record

    name = "IHI宇航株式會社"
    doc = metal("Ho", {"name": name, "country": "JP",
                       "screening": _record(name, "cn-mofcom-control-list", "control_list", "ihi-aerospace", "confirmed")})
    doc["shipment"]["destination"] = "JP"
    as_of = date(2026, 5, 1)
    d = expand(evaluate(doc, shipped_packs(), as_of, screening=screen_parties(doc, LISTS, as_of)))
    assert d["outcome"] == "prohibited" and "cn-mofcom-lists:control-list" in d["decisive"]
    alt = _reading(d, "suspended-listing")
    assert (alt["outcome"], alt["differs"]) == ("suspended", True)
    old = expand(evaluate(doc, shipped_packs(), as_of, screening=screen_parties(doc, LISTS, as_of), made_by="3.5.0"))
    assert old["outcome"] == "prohibited"


# ---- 4. technology exported before No. 62 took effect --------------------------------------------------------------


def test_technology_exported_before_no62_notes_the_2001_catalogue():
    """Session 7 (10): a rare-earth magnet-manufacturing technology exported from China to Germany on 2025-10-08, the day
    before No. 62 took effect: still not controlled by these packs (RULES.md gives No. 62 from 2025-10-09 and says nothing
    of the earlier regime), but the determination notes MOFCOM's spokesman: 「有关稀土技术也早在2001年就列入了《中国禁止出口
    限制出口技术目录》」, as an unverified point; 3.5.0 said nothing."""
    from tests.rules.test_engine_3_5 import _tech

    doc = _tech("DE")
    doc["shipment"]["destination"] = "DE"
    d = _run(doc, as_of=date(2025, 10, 8))
    assert d["outcome"] == "not_controlled"
    assert _finding(d, "cn-mofcom-2025-062:1E902")["result"] == "not_in_force"
    [note] = [n for n in d["notes"] if "2001" in n["en"]]
    assert "「有关稀土技术也早在2001年就列入了《中国禁止出口限制出口技术目录》」" in note["zh-Hans"] and "未经核实" in note["zh-Hans"]
    assert "「有關稀土技術也早在2001年就列入了《中國禁止出口限制出口技術目錄》」" in note["zh-Hant"] and "未經核實" in note["zh-Hant"]
    assert "unverified" in note["en"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(note[lang])
    assert not [n for n in _run(doc, made_by="3.5.0", as_of=date(2025, 10, 8))["notes"] if "2001" in n["en"]]
    assert not [n for n in _run(doc, as_of=date(2025, 10, 9))["notes"] if "2001" in n["en"]]  # in force: no such note
    doc["product"]["category"] = "rare_earth_metal"  # not a technology: nothing to say
    doc["product"]["elements"] = ["Nd"]
    assert not [n for n in _run(doc, as_of=date(2025, 10, 8))["notes"] if "2001" in n["en"]]


# ---- 5. REVIEW8's and LEGALQA8's further points (engine 3.6.0) ----------------------------------------------------


def test_a_dossier_without_a_shipment_reads_the_same_on_the_fast_and_the_plain_path():
    """REVIEW8 F6: with no shipment, the treated-as-china reading changes where the inputs come from (Hong Kong samarium is
    Chinese under it), so it cannot reuse the primary reading's results; 3.6.0's fast path gives the plain path's bytes.
    3.5.0 documents keep the fast path's bytes they were stored with."""
    from reedesk.rules import engine
    from reedesk.rules.shape4 import stored_bytes

    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["origin"] = "HK"
    doc["shipment"] = None
    packs = shipped_packs()
    fast = evaluate(doc, packs, AS_OF)
    old_fast = evaluate(doc, packs, AS_OF, made_by="3.5.0")
    engine.SHORTCUTS = False
    try:
        plain = evaluate(doc, packs, AS_OF)
        old_plain = evaluate(doc, packs, AS_OF, made_by="3.5.0")
    finally:
        engine.SHORTCUTS = True
    assert stored_bytes(fast) == stored_bytes(plain)
    alt = next(r for r in expand(fast)["readings"] if r.get("id") == "treated-as-china")
    assert I1 in alt["decisive"]
    assert stored_bytes(old_fast) != stored_bytes(old_plain)  # the 3.5.0 reuse, kept for its stored documents


def test_a_no55_item_is_not_said_to_be_on_no_list_by_the_catch_all():
    """REVIEW8 F3: diamond micropowder (No. 55) is a listed dual-use item for No. 46 Art. 1 since 3.5.0; the catch-all said
    「产品未列入任何管制清单」 in the same determination. 3.6.0: governed by its own instrument."""
    from tests.rules.test_engine_3_5 import _DIAMOND, TODAY_S7
    from tests.rules.test_engine_3_4 import _dossier

    doc = _dossier("S8-55", product=copy.deepcopy(_DIAMOND), components=[], export_from="CN", destination="US",
                   end_user={"name": "Defence Depot", "country": "US", "military": True})
    f = _finding(_run(doc, as_of=TODAY_S7), "cn-export-control-law-012:12")
    assert f["result"] == "does_not_apply"
    assert "产品为所列两用物项" in f["explanation"]["zh-Hans"] and "未列入任何管制清单" not in f["explanation"]["zh-Hans"]
    old = _finding(_run(doc, made_by="3.5.0", as_of=TODAY_S7), "cn-export-control-law-012:12")
    assert "未列入任何管制清单" in old["explanation"]["zh-Hans"]


@pytest.mark.parametrize("role", ["importer", "consignee"])
def test_a_military_importer_is_a_military_user_for_the_catch_all_too(role):
    """REVIEW8 F4: an unlisted NdFeB magnet from China to Japan with the Japan Ground Self-Defense Force as importer or
    consignee: the export goes to a Japanese military user, so the Export Control Law Art. 12 catch-all asks for a licence,
    as it does for a military end user (3.5.0: not controlled)."""
    from tests.rules.test_engine_3_4 import chinese_ndfeb

    doc = chinese_ndfeb({"name": "Osaka Motor Works KK", "country": "JP"},
                        **{role: {"name": "Japan Ground Self-Defense Force", "country": "JP", "military": True}})
    doc["shipment"]["destination"] = "JP"
    d = _run(doc)
    assert (d["outcome"], d["decisive"]) == ("license_required", ["cn-export-control-law-012:12"])
    assert ("进口商" if role == "importer" else "收货人") in _finding(d, "cn-export-control-law-012:12")["explanation"]["zh-Hans"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "not_controlled"


def test_a_zero_valued_line_needs_no_exchange_rate():
    """LEGALQA8 (6): a Chinese Sm line valued 0.00 EUR with no EUR rate: 0 converts to 0 at every rate, so the line adds
    nothing and the ratio is 0 (not controlled); 3.5.0 asked for the rate."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["value"] = {"amount": "0.00", "currency": "EUR"}
    d = _run(doc)
    assert d["outcome"] == "not_controlled" and not d["missing"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "insufficient_data"


def test_every_part1_element_no_line_supplies_is_named():
    """REVIEW8 F16: a Sm-Co magnet that also lists Dy, with only a cobalt line: both Sm and Dy are named (3.5.0 named Sm
    only), in one entry for `components`."""
    doc = foreign_smco(dict(DE_USER))
    doc["product"]["elements"] = ["Sm", "Co", "Dy"]
    doc["components"] = [{"id": "C9", "description": "Cobalt powder", "origin": "CG", "category": "other",
                          "elements": ["Co"], "value": {"amount": "7.20", "currency": "USD"}}]
    d = _run(doc)
    [entry] = [m for m in d["missing"] if m["field"] == "components"]
    assert "contains Sm, Dy (" in entry["en"] and "产品含Sm、Dy，" in entry["zh-Hans"] and "產品含Sm、Dy，" in entry["zh-Hant"]
    [old] = [m for m in _run(doc, made_by="3.5.0")["missing"] if m["field"] == "components"]
    assert "contains Sm (" in old["en"]


@pytest.mark.parametrize("product_name", ["_DIAMOND", "_ANODE"])
def test_no55_and_no58_names_are_no_control_codes_in_chinese_output(product_name):
    """LEGALQA8 (4): a No. 55/58 item's pack "code" is the instrument's name ("No. 55 superhard-material items"): no
    control code for the customs declaration and no English in Chinese sentences. 3.6.0: the summary cites the rule
    without it, the customs remark asks for the entry's code from the announcement's list, and 「…物项物项」 is gone."""
    import tests.rules.test_engine_3_5 as s35
    from tests.rules.test_engine_3_4 import _dossier

    doc = _dossier("S8-55", product=copy.deepcopy(getattr(s35, product_name)), components=[], export_from="CN",
                   destination="DE", end_user={"name": "Rhein Werke GmbH", "country": "DE"})
    d = _run(doc, as_of=s35.TODAY_S7)
    assert d["outcome"] == "license_required"
    remark = d["customs_remark"]
    assert remark["controlled"] is True and remark["codes"] == []
    for lang in ("zh-Hans", "zh-Hant"):
        for text in (d["summary"][lang], remark["text"][lang]):
            assert not re.search(r"[A-Za-z]{3,}", text), text
    assert "所附清单填报该物项条目的管制编码" in remark["text"]["zh-Hans"]
    [f] = [f for f in d["findings"] if f["kind"] == "item_list" and f["result"] == "applies"]
    assert "物项物项" not in f["explanation"]["zh-Hans"] and "物項物項" not in f["explanation"]["zh-Hant"]
    assert " items item" not in f["explanation"]["en"]
    old = _run(doc, made_by="3.5.0", as_of=s35.TODAY_S7)
    assert "items" in old["customs_remark"]["text"]["zh-Hans"]  # 3.5.0's words, kept for its documents
    doc["product"]["control_code"] = "1C999"  # a code the dossier states goes on the declaration
    stated = _run(doc, as_of=s35.TODAY_S7)["customs_remark"]
    assert stated["codes"] == ["1C999"]


def test_the_foreign_made_content_point_is_named_in_words_in_chinese():
    """LEGALQA8 (5): No. 1 of 2026's finding for a foreign-made item with Chinese content named the pack parameter
    「(foreign_made_content)」 in Chinese; 3.6.0 names the open point in words."""
    doc = foreign_smco({"name": "JGSDF Supply Depot", "country": "JP", "military": True})
    doc["shipment"]["destination"] = "JP"
    f = _finding(_run(doc), "cn-mofcom-2026-001:1")
    for lang in ("zh-Hans", "zh-Hant"):
        assert "foreign_made_content" not in f["explanation"][lang]
        _no_code(f["explanation"][lang].replace("CN", "").replace("JP", "").replace("VN", ""))
    assert "foreign_made_content" in _finding(_run(doc, made_by="3.5.0"), "cn-mofcom-2026-001:1")["explanation"]["zh-Hans"]


def test_the_treated_as_china_reading_says_it_reads_origin_too():
    """REVIEW8 F5: since 3.5.0 hk-mo-tw's treated-as-china reading reads origin (「原产于中国」) as well as shipments; its
    description (No. 18 pack 2026.4) says so, in the three languages."""
    no18 = next(p for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-018")
    point = next(p for p in no18.open_points if p.id == "hk-mo-tw")
    reading = next(r for r in point.readings if r.id == "treated-as-china")
    assert "Chinese origin" in reading.description["en"]
    assert "「原产于中国」" in reading.description["zh-Hans"] and "「原產於中國」" in reading.description["zh-Hant"]


def test_an_undecided_watch_list_hit_is_named_beside_a_presumption_of_denial(empty_desk):
    """REVIEW8 F9 (RULES.md second review, "Parties": such a dossier 「cannot come out better than "insufficient data:
    confirm or clear the hit"」): the Vietnamese Sm-Co magnet for a military end use to a name matching a watch-list entry
    with no decision: No. 61 III's presumption of denial is certain, and the watch list's conditions still hang on the hit,
    so the answer stays open naming it (3.5.0: the presumption of denial, nothing asked)."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.services.evaluation import evaluate_dossier

    doc = foreign_smco({"name": "富士航空航天技術株式會社", "country": "JP"})
    doc["shipment"]["destination"] = "JP"
    doc["shipment"]["end_use"] = {"category": "military", "description": "military"}
    made = evaluate_dossier(empty_desk, parse_dossier(doc), AS_OF)
    d = expand(made)
    assert d["outcome"] == "insufficient_data", (d["outcome"], d["decisive"])
    assert [m["field"] for m in d["missing"]] == ["shipment.end_user.screening"]
    old = expand(evaluate(doc, shipped_packs(), AS_OF, screening=made["screening"], made_by="3.5.0"))
    assert old["outcome"] == "license_required_presumption_of_denial" and not old["missing"]


def test_goods_handed_over_in_china_by_a_foreign_exporter_are_no_provision_export():
    """REVIEW8 F7: the Export Control Law Art. 2 limb 「中华人民共和国公民、法人和非法人组织向外国组织和个人提供管制物项」 has a
    subject: terbium metal a German trader hands over in China to a German company is not exported under it (3.5.0:
    licence required); a Chinese exporter's is (the licence, as before); an exporter of unknown country is asked for.
    No. 62 technology is unchanged (its Art. II names no provider)."""
    from tests.rules.test_engine_3_5 import _tb_in_china, _tech

    doc = _tb_in_china("DE")
    doc["exporter"] = {"name": "Hamburg Metals GmbH", "country": "DE"}
    d = _run(doc)
    assert d["outcome"] == "not_controlled"
    assert any("「中华人民共和国公民、法人和非法人组织向外国组织和个人提供」" in f["explanation"]["zh-Hans"] for f in d["findings"])
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"
    doc["exporter"] = {"name": "Baotou Rare Earth Co.", "country": "CN"}
    assert _run(doc)["outcome"] == "license_required"
    doc["exporter"] = {"name": "Someone", "country": None}
    unknown = _run(doc)
    assert unknown["outcome"] == "insufficient_data" and "exporter.country" in [m["field"] for m in unknown["missing"]]
    tech = _tech("DE")
    tech["exporter"] = {"name": "Hamburg Metals GmbH", "country": "DE"}
    assert _run(tech)["outcome"] == "license_required"


@pytest.mark.parametrize("product_name", ["_DIAMOND", "_ANODE", "tech"])
def test_the_all_rare_earth_items_reading_keeps_the_ban_on_dual_use_items(product_name):
    """LEGALQA8 (10): No. 1 of 2026's wider reading `all-rare-earth-items` ALSO reaches unlisted rare earths; it cannot lift
    the ban on a listed dual-use item that is not a rare earth (「禁止所有两用物项」): diamond micropowder, graphite anode or
    No. 62 technology to a Japanese Self-Defense Force depot is prohibited under both readings (3.5.0: licence required
    under that reading)."""
    import tests.rules.test_engine_3_5 as s35
    from tests.rules.test_engine_3_4 import _dossier

    user = {"name": "JGSDF Supply Depot", "country": "JP", "military": True}
    if product_name == "tech":
        doc = s35._tech("JP")
        doc["shipment"]["destination"] = "JP"
        doc["shipment"]["end_user"] = user
    else:
        doc = _dossier("S8-W", product=copy.deepcopy(getattr(s35, product_name)), components=[], export_from="CN",
                       destination="JP", end_user=user)
    d = _run(doc, as_of=s35.TODAY_S7)
    assert d["outcome"] == "prohibited"
    alt = _reading(d, "no1-unlisted-items")
    assert (alt["outcome"], alt["differs"]) == ("prohibited", False)
    assert _reading(_run(doc, made_by="3.5.0", as_of=s35.TODAY_S7), "no1-unlisted-items")["outcome"] != "prohibited"


def test_the_customs_exports_only_reading_reaches_no46_art1():
    """LEGALQA8 (9): terbium metal a Chinese exporter hands over in Shanghai to a US Navy purchasing office (military):
    prohibited under No. 46 Art. 1 by the provision limb (the text's reading); under `customs-exports-only` nothing is
    exported, and No. 46 Art. 1 is an export ban 「禁止两用物项对美国军事用户或军事用途出口」 without a transfer clause: not
    controlled under that reading (3.5.0's packs had no such reading)."""
    from tests.rules.test_engine_3_5 import _tb_in_china

    doc = _tb_in_china("US")
    doc["shipment"]["end_user"] = {"name": "US Navy Fleet Logistics Center", "country": "US", "military": True}
    d = _run(doc)
    assert d["outcome"] == "prohibited" and "cn-mofcom-2024-046:1" in d["decisive"]
    alt = _reading(d, "provision-in-china")
    assert alt["outcome"] == "not_controlled", alt


def test_no46_art2_reaches_only_its_own_items():
    """No. 46 Art. 2 (gallium, germanium, antimony, superhard materials to the US) has no dual-use-only parameter: terbium
    metal to a US military user is not an Art. 2 item (the widened item test is only for a ban on every dual-use item)."""
    from tests.rules.test_engine_3_4 import metal

    doc = metal("Tb", {"name": "US Army Materiel Depot", "country": "US", "military": True})
    assert _finding(_run(doc), "cn-mofcom-2024-046:2")["result"] == "does_not_apply"


def test_an_unnamed_military_importer_is_not_called_unnamed_in_english_in_chinese():
    """REVIEW8 F12: 「进口商(unnamed)为JP军事用户」 — no English inside a Chinese sentence."""
    from tests.rules.test_engine_3_4 import _dossier

    doc = _dossier("TB-JP", product={"name": "Terbium metal", "category": "rare_earth_metal", "elements": ["Tb"],
                                     "made_in": "CN", "unit_value": {"amount": "1250.00", "currency": "USD"}},
                   components=[], export_from="CN", destination="JP", end_user={"name": "Osaka Research Lab", "country": "JP"},
                   importer={"name": None, "country": "JP", "military": True})
    f = _finding(_run(doc), "cn-mofcom-2026-001:1")
    assert "（未具名）" in f["explanation"]["zh-Hans"] and "unnamed" not in f["explanation"]["zh-Hans"]
    assert "unnamed" not in f["explanation"]["zh-Hant"] and "(unnamed)" in f["explanation"]["en"]
    assert "(unnamed)" in _finding(_run(doc, made_by="3.5.0"), "cn-mofcom-2026-001:1")["explanation"]["zh-Hans"]


def test_goods_handed_over_in_china_get_no_customs_remark():
    """REVIEW8 F15: terbium metal handed over in China to a Korean company needs the licence (the provision limb) but
    passes no customs, so there is no declaration to remark on (3.5.0: 「报关单申报：属于管制物项，管制编码 1C904」)."""
    from tests.rules.test_engine_3_5 import _tb_in_china

    d = _run(_tb_in_china("KR"))
    assert d["outcome"] == "license_required" and d["customs_remark"] is None
    assert _run(_tb_in_china("KR"), made_by="3.5.0")["customs_remark"]["codes"] == ["1C904"]


def test_the_chinese_content_reading_reads_the_control_lists_transfer_clause_too():
    """LEGALQA8 (7): the Vietnamese Sm-Co magnet (13.5 % Chinese Sm) shipped from Vietnam to a confirmed No. 11 of 2026
    entity: No. 61 II's presumption of denial (primary). Under `chinese-content-covered` (a foreign-made item with a
    China-origin dual-use input transfers that input) the control list's 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或
    提供给上述……实体」 — the same words as No. 1 of 2026's — prohibits it, as that reading already reads No. 1 of 2026."""
    from reedesk.screening import screen_parties
    from tests.rules.test_listing import LISTS, _record

    name = "NEC Aerospace Systems, Ltd."
    doc = foreign_smco({"name": name, "country": "JP",
                        "screening": _record(name, "cn-mofcom-control-list", "control_list", "nec-aerospace-systems", "confirmed")})
    doc["shipment"]["destination"] = "JP"
    screening = screen_parties(doc, LISTS, AS_OF)
    hits = [h for p in screening["parties"] for h in p.get("hits") or [] if h.get("entry_id") == "nec-aerospace-systems"]
    assert hits and all(h.get("decision") == "confirmed" for h in hits), hits
    d = expand(evaluate(doc, shipped_packs(), AS_OF, screening=screening))
    assert d["outcome"] == "license_required_presumption_of_denial"
    alt = _reading(d, "no1-foreign-made")
    assert alt["outcome"] == "prohibited", alt
    old = expand(evaluate(doc, shipped_packs(), AS_OF, screening=screening, made_by="3.5.0"))
    assert _reading(old, "no1-foreign-made")["outcome"] == "license_required_presumption_of_denial"


def test_no_parameter_names_or_none_in_the_sentences_of_open_points_and_unknown_places():
    """LEGALQA8 (11): No. 1 of 2026's finding for a non-Japanese military user in Japan said 「规则包参数 located_users 为
    false」; the value rule's first step said "exported from VN to None" for an unknown destination. 3.6.0: words."""
    doc = foreign_smco(dict(DE_USER))
    doc["shipment"]["destination"] = None
    d = _run(doc)
    step = _finding(d, I1)["steps"][0]
    assert "None" not in step["en"] and "to unknown" in step["en"]
    assert "None" not in step["zh-Hans"] and "出口至 未知" in step["zh-Hans"] and "None" not in step["zh-Hant"]
    assert "None" in _finding(_run(doc, made_by="3.5.0"), I1)["steps"][0]["en"]
    from tests.rules.test_engine_3_4 import metal

    tb = metal("Tb", {"name": "US Army Camp Zama", "country": "US", "military": True})
    tb["shipment"]["destination"] = "JP"
    f = _finding(_run(tb), "cn-mofcom-2026-001:1")
    for lang in ("zh-Hans", "zh-Hant"):
        assert "located_users" not in f["explanation"][lang] and "false" not in f["explanation"][lang]
    assert "located_users" in _finding(_run(tb, made_by="3.5.0"), "cn-mofcom-2026-001:1")["explanation"]["zh-Hans"]


# ---- Session 9 (LEGAL9) -------------------------------------------------------------------------------------


def _tb_with_licence(code: str, category: str = "rare_earth_metal") -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

    doc, lic = copy.deepcopy(TB_DOSSIER), copy.deepcopy(ISSUE_LICENCE)
    doc["product"]["category"] = category
    lic["items"] = [{"control_code": code, "description": "terbium items", "hs_code": "2805301910"}]
    return doc, [lic]


@pytest.mark.parametrize("code, category, covers", [
    ("1C904.a", "rare_earth_metal", True), ("1C904.b", "rare_earth_metal", False), ("1C904", "rare_earth_metal", True),
    ("1C904.b", "rare_earth_oxide", True), ("1C904.a", "rare_earth_oxide", False), ("1C904.c", "rare_earth_compound", True),
    ("1C904.a", "rare_earth_target", True),
])
def test_a_licence_for_the_sub_entry_covers_its_items(code, category, covers):
    """LEGALQA8 (3): No. 18 of 2025 lists terbium metal under 「（一）1C904.a金属铽、含铽的合金及相关制品」, its oxide under
    「（二）1C904.b氧化铽及其混合物」 and its compounds under 「（三）1C904.c含铽的化合物及其混合物」 (pack 2026.5
    ``[parameters.sub_entries]``): a licence for the sub-entry covers the items of that sub-entry, and one for the entry
    1C904 covers all three. 3.5.0 compared 1C904 with 1C904.a as strings (never covering)."""
    doc, records = _tb_with_licence(code, category)
    d = expand(evaluate(doc, shipped_packs(), AS_OF, licences=records))
    assert d["outcome"] == "license_required"
    assert d["licence"]["covers"] is covers, d["licence"]["reason"]
    if not covers:
        assert "is an item of 1C904." in d["licence"]["reason"]
    if code != "1C904":
        old = expand(evaluate(doc, shipped_packs(), AS_OF, licences=records, made_by="3.5.0"))
        assert old["licence"]["covers"] is False


def _cny_line(amount: str, *rates: tuple[str, str, str, str]) -> dict[str, Any]:
    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["value"] = {"amount": amount, "currency": "CNY"}
    doc["exchange_rates"] = [{"from": f, "to": t, "rate": r, "date": when, "source": "bank daily rate"}
                             for f, t, r, when in rates]
    return doc


@pytest.mark.parametrize("rates", [
    [("CNY", "USD", "0.1400", "2026-11-20"), ("USD", "CNY", "7.0", "2026-11-20")],   # direct and inverse disagree
    [("CNY", "USD", "0.1400", "2026-11-20"), ("CNY", "USD", "0.1450", "2026-11-20")],  # two direct rates of one day
    [("USD", "CNY", "7.0", "2026-11-20"), ("CNY", "USD", "0.1400", "2026-11-20")],   # the inverse typed first
])
def test_disagreeing_rates_of_one_day_that_decide_the_line_are_not_picked_silently(rates):
    """0.34 CNY of Chinese Sm in the 48.00 USD magnet: at 0.1400 it is 0.0476 USD (below the 0.048 USD line), at 1/7.0 or
    0.1450 it is above. 3.5.0 (and 3.6.0 before session 9) took the first rate typed; now insufficient data naming both
    rows, exchange_rates[0] and exchange_rates[1], with the Chinese naming the rows as the window does (no JSON path)."""
    doc = _cny_line("0.34", *rates)
    d = _run(doc)
    assert d["outcome"] == "insufficient_data"
    assert [m["field"] for m in d["missing"]] == ["exchange_rates[0]", "exchange_rates[1]"]
    said = d["missing"][0]
    assert "disagree" in said["en"] and "exchange_rates[0]" in said["en"] and "exchange_rates[1]" in said["en"]
    assert "汇率第1行、汇率第2行" in said["zh-Hans"] and "不一致" in said["zh-Hans"]
    assert "匯率第1行、匯率第2行" in said["zh-Hant"] and "不一致" in said["zh-Hant"]
    for lang in ("zh-Hans", "zh-Hant"):
        assert "exchange_rates" not in said[lang] and "exchange_rates" not in d["summary"][lang]
    row = _finding(d, I1)["figures"]["components"][0]
    assert row["counted"] is True and row["converted"] is None and row["rate"] is None
    old = _run(doc, made_by="3.5.0")
    assert old["outcome"] in ("license_required", "not_controlled") and not old["missing"]


def test_equal_or_undeciding_rates_of_one_day_are_no_conflict():
    """CNY→USD 0.125 and USD→CNY 8 are the same rate (0.384 CNY = 0.048 USD either way): no conflict. Disagreeing rates
    that cannot change the answer (46.43 CNY is 6.50 or 6.63 USD, 13.5 % either way) are not asked about: the first
    rate decides as before, the other is listed as not used."""
    d = _run(_cny_line("0.384", ("CNY", "USD", "0.125", "2026-11-20"), ("USD", "CNY", "8", "2026-11-20")))
    assert d["outcome"] == "license_required" and not d["missing"]
    d = _run(_cny_line("46.43", ("CNY", "USD", "0.1400", "2026-11-20"), ("USD", "CNY", "7.0", "2026-11-20")))
    assert d["outcome"] == "license_required" and not d["missing"]
    rate = _finding(d, I1)["figures"]["components"][0]["rate"]
    assert rate["index"] == 0 and [r["index"] for r in rate["not_used"]] == [1]
    # a disagreeing rate of an older day is no conflict: the newest decides
    d = _run(_cny_line("0.34", ("CNY", "USD", "0.1450", "2026-11-01"), ("CNY", "USD", "0.1400", "2026-11-20")))
    assert d["outcome"] == "not_controlled" and not d["missing"]
    # the rate rule says so, in the pack's words
    rule = _finding(d, I1)["figures"]["rate_rule"]
    assert "disagree" in rule["en"] and "不予择一" in rule["zh-Hans"] and "不予擇一" in rule["zh-Hant"]


def _reading_of(d: dict[str, Any], reading: str) -> dict[str, Any]:
    return next(r for r in d["readings"] if r["id"] == reading)


@pytest.mark.parametrize("country", ["HK", "MO", "TW"])
def test_a_hong_kong_macao_or_taiwan_party_supplied_in_the_mainland_is_not_foreign(country):
    """REVIEW8 F8: the Export Control Law Art. 2 says 「……从中华人民共和国境内向境外转移管制物项，以及中华人民共和国公民、法人和
    非法人组织向外国组织和个人提供管制物项」 — 境外 for the transfer, 外国 for the provision. Terbium metal handed over in Ganzhou by
    a Chinese exporter to a Hong Kong, Macao or Taiwan company: no 「外国组织和个人」, no export (primary, `not_controlled`);
    the declared reading `outside-mainland-recipients` (pack cn-export-control-law-012 2026.6) gives No. 18's licence.
    3.5.0 read every non-CN recipient as foreign (licence required); a Korean recipient still makes it an export."""
    from tests.rules.test_engine_3_4 import metal

    doc = metal("Tb", {"name": "Pearl River Magnetics Ltd.", "country": country})
    doc["shipment"]["destination"] = "CN"
    doc["exporter"] = {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"}
    d = _run(doc)
    assert d["outcome"] == "not_controlled"
    f = _finding(d, "cn-mofcom-gac-2025-018:1C902–1C908")
    assert f["result"] == "does_not_apply" and "not a foreign one" in f["explanation"]["en"]
    assert "并非外国组织和个人" in f["explanation"]["zh-Hans"] and "並非外國組織和個人" in f["explanation"]["zh-Hant"]
    alt = _reading_of(d, "outside-mainland-recipients")
    assert alt["point"] == "provision-recipient-hk-mo-tw" and alt["outcome"] == "license_required" and alt["differs"]
    assert "Hong Kong, Macao or Taiwan party" in d["summary"]["en"] and "港澳台主体" in d["summary"]["zh-Hans"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"
    doc["shipment"]["end_user"]["country"] = "KR"
    assert _run(doc)["outcome"] == "license_required"


def test_no62_technology_handed_over_in_china_to_a_hong_kong_company_reads_the_same_words():
    """No. 62 of 2025 Art. II 「……或者在境内向外国组织和个人提供」 uses the same 外国: NdFeB process specifications handed over in
    China to a Hong Kong company are no export on the primary reading; the declared reading gives No. 62's licence."""
    from tests.rules.test_engine_3_5 import _tech

    d = _run(_tech("HK"))
    assert d["outcome"] == "not_controlled"
    assert _reading_of(d, "outside-mainland-recipients")["outcome"] == "license_required"
    assert _run(_tech("HK"), made_by="3.5.0")["outcome"] == "license_required"
    assert _run(_tech("DE"))["outcome"] == "license_required"


def test_no61_does_not_reach_a_chinese_exporter_selling_from_abroad():
    """Session 6 (9): No. 61 Art. I binds 「境外组织和个人（以下称“境外特定出口经营者”）在向中国以外的其他国家和地区出口以下物项前」.
    The Vietnamese Sm-Co magnet (13.5 % Chinese Sm) sold from Vietnam by a Chinese company (exporter.country CN): no 境外组织,
    so I(1) does not apply (`not_controlled`, the finding quotes the phrase); the declared reading `any-exporter-abroad`
    (No. 61 pack 2026.8, rule parameter home_exporters) gives the licence. A Vietnamese or unstated exporter: the licence as
    before; 3.5.0 applied No. 61 to the Chinese exporter."""
    doc = foreign_smco(dict(DE_USER))
    assert _run(doc)["outcome"] == "license_required"  # no exporter stated: the route's foreign party, as before
    doc["exporter"] = {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"}
    d = _run(doc)
    assert d["outcome"] == "not_controlled"
    f = _finding(d, I1)
    assert f["result"] == "does_not_apply" and "境外组织和个人" in f["explanation"]["zh-Hans"]
    assert "境外組織和個人" in f["explanation"]["zh-Hant"] and "outside China" in f["explanation"]["en"]
    alt = _reading_of(d, "any-exporter-abroad")
    assert alt["point"] == "no61-chinese-exporter" and alt["outcome"] == "license_required" and alt["differs"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"
    doc["exporter"]["country"] = "VN"
    assert _run(doc)["outcome"] == "license_required"
    doc["exporter"]["country"] = None  # a stated exporter of unknown country (LEGALQA9 (11)): it decides, so it is asked for
    d = _run(doc)
    assert d["outcome"] == "insufficient_data" and [m["field"] for m in d["missing"]] == ["exporter.country"]
    assert _reading_of(d, "any-exporter-abroad")["outcome"] == "license_required"
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required"


def test_no61_i2_and_i3_read_the_exporter_too():
    """The same words govern I(2) (「使用原产于中国的……技术在境外生产的」) and I(3) (「原产于中国的本公告附件1所列物项」): a Chinese
    exporter re-exporting China-made terbium metal from Germany is no 境外特定出口经营者 on the primary reading."""
    from tests.rules.test_engine_3_4 import metal

    doc = metal("Tb", dict(DE_USER))
    doc["shipment"]["export_from"] = "DE"
    doc["exporter"] = {"name": "Ganzhou Rare Metals Trading Co.", "country": "DE"}
    assert _finding(_run(doc), "cn-mofcom-2025-061:I(3)")["result"] == "applies"
    doc["exporter"]["country"] = "CN"
    d = _run(doc)
    assert _finding(d, "cn-mofcom-2025-061:I(3)")["result"] == "does_not_apply"
    assert _reading_of(d, "any-exporter-abroad")["outcome"] != "not_controlled"


def test_a_humanitarian_export_to_a_military_user_needs_no_application():
    """Session 6 (10): No. 61 Art. V exempts humanitarian exports 「免于申请许可」 (report within 10 working days); Art. II decides
    applications (「对境外军事用户……的出口申请，原则上不予许可」). The Vietnamese magnet for a German army field hospital after
    floods: no application, so Art. II is not reached → `exempt_report_required` (primary, No. 61 pack 2026.9
    ``no_application``); the declared reading `denial-prevails` keeps 3.5.0's precedence (presumption of denial), which
    the 3.5.0 re-run still gives. A civil end use for the same user: the presumption of denial."""
    user = {"name": "Bundeswehr Sanitaetsdienst", "country": "DE", "military": True}
    doc = foreign_smco(dict(user))
    doc["shipment"]["end_use"] = {"category": "humanitarian", "description": "field hospital after floods"}
    d = _run(doc)
    assert d["outcome"] == "exempt_report_required"
    alt = _reading_of(d, "denial-prevails")
    assert alt["point"] == "no61-humanitarian-military-user" and alt["differs"]
    assert alt["outcome"] == "license_required_presumption_of_denial"
    assert "prevails over the humanitarian exemption" in d["summary"]["en"]
    assert "优先于人道主义豁免" in d["summary"]["zh-Hans"] and "優先於人道主義豁免" in d["summary"]["zh-Hant"]
    assert _run(doc, made_by="3.5.0")["outcome"] == "license_required_presumption_of_denial"
    doc["shipment"]["end_use"] = {"category": "civil", "description": "servo motors"}
    assert _run(doc)["outcome"] == "license_required_presumption_of_denial"


def test_a_china_made_magnet_blank_inside_a_foreign_magnet_is_shown_as_an_open_point():
    """Session 6 (7): No. 61 一(一) counts 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项」. A Chinese Sm2Co17 magnet
    blank (30.00 of the 48.00 USD Vietnamese magnet) is a Part 2 item, not one of Part 1's metals, alloys or oxides: not
    counted, `not_controlled` (primary `part1-items-only`, unchanged); the declared reading `part2-input-counts` (No. 61
    pack 2026.10: the blank is Sm-Co alloy integrated into the product, at its whole value) gives the licence."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"] = [{"id": "B1", "description": "Sm2Co17 magnet blank (made in China)", "origin": "CN",
                          "category": "rare_earth_permanent_magnet", "elements": ["Sm", "Co"],
                          "value": {"amount": "30.00", "currency": "USD"}}]
    d = _run(doc)
    assert d["outcome"] == "not_controlled" and not d["missing"]
    assert _finding(d, I1)["figures"]["components"][0]["counted"] is False
    alt = _reading_of(d, "part2-input-counts")
    assert alt["point"] == "no61-part2-input" and alt["outcome"] == "license_required" and alt["differs"]
    assert "magnet or target input" in d["summary"]["en"] and "磁体或靶材投入物" in d["summary"]["zh-Hans"]
    doc["components"][0]["origin"] = "JP"  # a Japanese blank counts under neither reading
    assert _reading_of(_run(doc), "part2-input-counts")["outcome"] == "not_controlled"


def _no57_other(name: str, element: str, code: str | None = None) -> dict[str, Any]:
    from tests.rules.test_engine_3_4 import metal

    doc = metal("Tb", {"name": "Hanseong Photonics Co., Ltd.", "country": "KR"})
    doc["shipment"]["destination"] = "KR"
    doc["product"].update({"name": name, "description": name, "category": "other", "elements": [element]})
    doc["exporter"] = {"name": "Wuhan Fibre Co.", "country": "CN"}
    if code is not None:
        doc["product"]["control_code"] = code
    return doc


def test_no57_forms_without_a_dossier_category_are_classified_not_dropped():
    """Session 7 (9): No. 57 lists forms the dossier categories do not name — 「1C910.a……5. 含铒的光纤材料」, 「1C909.a……7. 含钬的
    磁致伸缩材料」, 「1C912.a……4. 含铕的发光材料」 (No. 57 pack 2026.5, rules 1C909.a–1C913.a of kind item_list for
    category 'other'). An erbium-doped optical fibre from China: the licence under 1C910 (3.5.0: not controlled); an
    item of category 'other' with europium that names no form: insufficient data asking for product.control_code; a
    stated code decides either way (1C912.a: the licence; another or none: not controlled); suspended inside No. 70's
    window; a listed form to a Japanese military user is a dual-use item for No. 1 of 2026."""
    d = _run(_no57_other("Erbium-doped optical fibre", "Er"))
    assert (d["outcome"], d["decisive"]) == ("license_required", ["cn-mofcom-2025-057:1C910.a"])
    assert d["customs_remark"]["codes"] == ["1C910"]
    assert _run(_no57_other("Terfenol-type magnetostrictive rod", "Ho"))["outcome"] == "license_required"
    lamp = _run(_no57_other("LED lamp", "Eu"))
    assert lamp["outcome"] == "insufficient_data" and [m["field"] for m in lamp["missing"]] == ["product.control_code"]
    assert _run(_no57_other("LED lamp", "Eu", "1C912.a"))["outcome"] == "license_required"
    stated = _run(_no57_other("LED lamp", "Eu", "none"))
    assert stated["outcome"] == "not_controlled"
    said = _finding(stated, "cn-mofcom-2025-057:1C912.a")["explanation"]
    assert "「none」" in said["zh-Hans"] and "不属于1C912所列形态" in said["zh-Hans"] and "所列形態" in said["zh-Hant"]
    assert _run(_no57_other("Erbium-doped optical fibre", "Er"), as_of=date(2026, 5, 1))["outcome"] == "suspended"
    jp = _no57_other("Erbium-doped optical fibre", "Er")
    jp["shipment"].update(destination="JP", end_user={"name": "JGSDF Camp Asaka", "country": "JP", "military": True})
    assert _run(jp)["outcome"] == "prohibited"
    assert _run(_no57_other("Stainless steel bolt", "Fe"))["outcome"] == "not_controlled"  # no No. 57 element


def test_a_zero_valued_line_of_unknown_origin_or_currency_is_not_asked_about():
    """LEGALQA9 (1), as LEGALQA8 (6) for its rate: No. 61 一(一) 「……价值比例」 — a second Sm line valued 0.00 adds nothing whatever
    its origin or currency: Chinese Sm of 0.0479 of 48.00 USD (0.0998 %) stays below the line, nothing asked (3.5.0 asked
    for components[1].origin / components[1].value.currency)."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["value"]["amount"] = "0.0479"
    zero = copy.deepcopy(doc["components"][0])
    zero.update(id="C2", origin=None, value={"amount": "0.00", "currency": "USD"})
    doc["components"].append(zero)
    d = _run(doc)
    assert d["outcome"] == "not_controlled" and not d["missing"]
    assert _finding(d, I1)["figures"]["comparison"] == "below"
    assert [m["field"] for m in _run(doc, made_by="3.5.0")["missing"]] == ["components[1].origin"]
    doc["components"][1].update(origin="CN", value={"amount": "0.00", "currency": None})
    d = _run(doc)
    assert d["outcome"] == "not_controlled" and not d["missing"]


def test_the_customs_remark_says_controlled_when_a_measure_of_its_own_needs_a_licence():
    """LEGALQA9 (8): No. 18's customs remark (「报关时应在备注栏中注明是否属于管制物项」) said "not controlled goods on this date"
    while No. 57 was suspended by No. 70, though the watch list (No. 12 of 2026, 「不得申请通用许可」) still asked for a licence
    for holmium metal (a listed dual-use item on the primary still-dual-use reading) and No. 46 Art. 1 banned it to a US
    military user. 3.6.0: controlled goods, code 1C909, citing the measure; a Korean civil user (only No. 57, suspended):
    not controlled on this date, as before."""
    from reedesk.screening import screen_parties
    from tests.rules.test_engine_3_4 import metal
    from tests.rules.test_listing import LISTS, _record

    day = date(2026, 11, 10)
    name = "SUBARU Corporation"
    doc = metal("Ho", {"name": name, "country": "JP",
                       "screening": _record(name, "cn-mofcom-watch-list", "watch_list", "subaru", "confirmed")})
    doc["shipment"]["destination"] = "JP"
    screening = screen_parties(doc, LISTS, day)
    d = expand(evaluate(doc, shipped_packs(), day, screening=screening))
    assert d["outcome"] == "license_required"
    remark = d["customs_remark"]
    assert remark["controlled"] is True and remark["codes"] == ["1C909"], remark
    assert "1C909" in remark["text"]["zh-Hans"] and "属于管制物项" in remark["text"]["zh-Hans"]
    old = expand(evaluate(doc, shipped_packs(), day, screening=screening, made_by="3.5.0"))
    assert old["customs_remark"]["controlled"] is False
    us = metal("Ho", {"name": "Ohio Army Depot", "country": "US", "military": True})
    us["shipment"]["destination"] = "US"
    d = _run(us, as_of=date(2026, 5, 1))
    assert d["outcome"] == "prohibited" and d["customs_remark"]["controlled"] is True
    kr = metal("Ho", {"name": "Busan Magnet Co.", "country": "KR"})
    kr["shipment"]["destination"] = "KR"
    d = _run(kr, as_of=date(2026, 5, 1))
    assert d["outcome"] == "suspended" and d["customs_remark"]["controlled"] is False
    from tests.rules.test_engine_3_4 import _dossier

    dia = _dossier("DIA", product={"name": "Synthetic diamond micropowder", "category": "superhard_material",
                                   "elements": [], "made_in": "CN", "unit_value": {"amount": "10.00", "currency": "USD"}},
                   components=[], export_from="CN", destination="US",
                   end_user={"name": "Ohio Precision Abrasives Inc.", "country": "US"})
    d = _run(dia, as_of=date(2025, 11, 7))  # No. 55 not yet in force, No. 46 Art. 2 「原则上不予许可」 on its own list
    assert d["outcome"] == "license_required_presumption_of_denial" and d["customs_remark"]["controlled"] is True
    assert "第二条所附清单" in d["customs_remark"]["text"]["zh-Hans"]


def test_no46_military_use_in_the_us_by_a_non_us_party_is_a_declared_reading():
    """LEGALQA9 (9): No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事用途出口」. Terbium metal from China to a Canadian
    contractor in the US for missile actuators: by the text not a US military user or a US party's military use — No. 18's
    licence (primary `us-parties-only`); the declared reading `military-uses-in-the-us` (No. 46 pack 2026.6, as No. 1 of
    2026's located-users point) gives `prohibited`."""
    from tests.rules.test_engine_3_4 import metal

    doc = metal("Tb", {"name": "Maple Defence Contracting Ltd.", "country": "CA"})
    doc["shipment"]["destination"] = "US"
    doc["shipment"]["end_use"] = {"category": "military", "description": "missile guidance actuators"}
    d = _run(doc)
    assert d["outcome"] == "license_required"
    alt = _reading_of(d, "military-uses-in-the-us")
    assert alt["point"] == "no46-located-users" and alt["outcome"] == "prohibited" and alt["differs"]
    doc["shipment"]["end_use"] = {"category": "civil", "description": "servo motors"}
    assert _reading_of(_run(doc), "military-uses-in-the-us")["outcome"] == "license_required"


# ---- Session 10: an unknown place of making split over its values (LEGALQA9 (3)) --------------------------------------


I3 = "cn-mofcom-2025-061:I(3)"


def _smco_made_unknown(sm_usd: str = "6.50") -> dict[str, Any]:
    """The Vietnamese-traded Sm-Co magnet (Chinese Sm worth ``sm_usd`` of 48.00 USD), shipped from VN to DE, its place of
    making not stated."""
    doc = foreign_smco(dict(DE_USER))
    doc["product"]["made_in"] = None
    doc["components"][0]["value"]["amount"] = sm_usd
    return doc


def test_an_unknown_place_of_making_is_not_asked_for_when_every_place_gives_the_same_outcome():
    """LEGALQA9 (3): No. 61 一(一) (made abroad, 13.5 % Chinese Sm 「价值比例达到0.1%及以上」) and 一(三) (made in China,
    「原产于中国的本公告附件1所列物项」, re-exported from Vietnam) both require a licence: where it was made cannot change the
    answer, so the outcome is `license_required` with both routes decisive, the split stated in the summary and a note
    (each route with its Chinese key phrase); 3.5.0's re-run still asks for product.made_in."""
    d = _run(_smco_made_unknown())
    assert d["outcome"] == "license_required" and d["missing"] == []
    assert d["decisive"] == [I1, I3]
    note = next(n for n in d["notes"] if n["en"].startswith("Where the item was made is not stated"))
    assert "made in China, MOFCOM Announcement No. 61 of 2025, Art. I(3) 「" in note["en"]
    assert "made outside China, MOFCOM Announcement No. 61 of 2025, Art. I(1) 「" in note["en"]
    assert "如在中国境内制造，适用商务部公告2025年第61号第一条第（三）项「中国原产的" in note["zh-Hans"]
    assert "如在中国境外制造，适用商务部公告2025年第61号第一条第（一）项「附件1第一部分所列物项" in note["zh-Hans"]
    assert "如在中國境內製造" in note["zh-Hant"] and "無論何者，結論均為" in note["zh-Hant"]
    assert "Either way: licence required." in d["summary"]["en"]
    assert "无论何者，结论均为需申请许可。" in d["summary"]["zh-Hans"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_code(note[lang].replace("MOFCOM", ""))
        assert "made_in" not in d["summary"][lang]
    # the reported extension (No. 70 to 2027-01-10): suspended whichever place (I(1) and I(3) both suspended)
    assert _reading_of(d, "extended-2027-01-10")["outcome"] == "suspended"
    # each decisive finding, undecided on the dossier's facts alone, says which place of making it decides — its
    # "insufficient data" is not the determination's answer
    i1, i3 = (next(f for f in d["findings"] if f["rule"] == r) for r in (I1, I3))
    assert i1["result"] == i3["result"] == "insufficient_data"
    assert i1["explanation"]["en"].endswith("The place of making, not stated, decides only which rule applies: made in "
                                            "China, other rules decide; made outside China, this rule decides (see the "
                                            "summary).")
    assert i3["explanation"]["zh-Hans"].endswith("未说明的制造地只决定适用哪条规则：如在中国境内制造，由本规则决定；"
                                                 "如在中国境外制造，由其他规则决定（见结论摘要）。")
    assert "未說明的製造地只決定適用哪條規則" in i1["explanation"]["zh-Hant"]
    assert not any("place of making" in f["explanation"]["en"] for f in d["findings"] if f["rule"] not in (I1, I3))
    old = _run(_smco_made_unknown(), made_by="3.5.0")
    assert old["outcome"] == "insufficient_data" and [m["field"] for m in old["missing"]] == ["product.made_in"]


def test_an_unknown_place_of_making_is_still_asked_for_when_the_places_differ():
    """0.02 USD of Chinese Sm in a 48.00 USD magnet (0.04 %, under I(1)'s 「0.1%」): made abroad it is not controlled, made in
    China I(3) requires a licence — the place decides, so `insufficient_data` naming product.made_in, no split stated."""
    d = _run(_smco_made_unknown("0.02"))
    assert d["outcome"] == "insufficient_data"
    assert [m["field"] for m in d["missing"]] == ["product.made_in"]
    assert d["decisive"] == [I3]
    assert not any(n["en"].startswith("Where the item was made") for n in d["notes"])
    assert "Where the item was made" not in d["summary"]["en"]
    assert not any("place of making" in f["explanation"]["en"] for f in d["findings"])


def test_the_split_is_gated_a_3_5_0_document_reruns_to_its_bytes():
    """A 3.5.0 document (made_in asked for) reproduces to its own bytes; relabelled 3.6.0 it re-runs to the split's
    licence; a 3.6.0 document with the split reproduces to its own bytes."""
    from reedesk.rules import reproduce_with_engine
    from reedesk.rules.shape4 import stored_bytes

    old_label_reruns_as_it_read(_smco_made_unknown(), "3.5.0", "insufficient_data", "license_required")
    packs = shipped_packs()
    new = evaluate(_smco_made_unknown(), packs, AS_OF)
    again = reproduce_with_engine(copy.deepcopy(new), [p.source_text for p in packs])
    assert stored_bytes(again) == stored_bytes(new) and expand(again)["outcome"] == "license_required"


def _chinese_texts(d: dict[str, Any]) -> str:
    """Every Chinese string of the document as read (templates expanded), one per line."""
    from tests.rules.test_independent_cases_s9 import _zh_texts

    return "\n".join(_zh_texts(expand(d)))


@pytest.mark.parametrize(("pack_id", "old_version", "doc_of", "old_words", "new_words"), [
    ("cn-mofcom-2025-061", "2026.10", "chinese_exporter", ("国别为CN", "國別為CN"),
     ("卷宗所载出口经营者国家/地区为中国", "卷宗所載出口經營者國家/地區為中國")),
    ("cn-mofcom-gac-2025-018", "2026.5", "hong_kong_recipient", ("卷宗国别代码 HK、MO、TW", "卷宗國別代碼 HK、MO、TW"),
     ("卷宗所载国家/地区为香港、澳门或台湾者", "卷宗所載國家/地區為香港、澳門或台灣者")),
    # session 14: No. 61 2026.12 names the US rule in Chinese (the valuation method, the value rule's reading, the
    # readings of no61-valuation); 2026.11 wrote the English abbreviations EAR and CFR into the Chinese
    ("cn-mofcom-2025-061", "2026.11", "value_rule", ("EAR微量规则", "EAR微量規則", "15 CFR 734.4"),
     ("采用美国《出口管理条例》微量规则方法（《美国联邦法规》第15编第734.4节", "按美国《出口管理条例》微量规则方法计值",
      "採用美國《出口管理條例》微量規則方法（《美國聯邦法規》第15編第734.4節", "按美國《出口管理條例》微量規則方法計值")),
])
def test_the_readings_name_the_dossier_places_in_chinese_and_the_old_packs_still_reproduce(
        pack_id, old_version, doc_of, old_words, new_words):
    """Session 13: two readings' Chinese descriptions told the user the code to type (No. 61 2026.10
    「（出口经营者国别为CN）」, No. 18 2026.5 「（卷宗国别代码 HK、MO、TW）」) where the rest of the determination names
    places (texts pack 4). No. 61 2026.11 and No. 18 2026.6 name 「中国」 and 「香港、澳门或台湾」; a document made with
    the old version still reads its own words and re-runs to its own bytes from the released file. Session 14: No. 61
    2026.12 names the valuation method's US rule 美国《出口管理条例》 and cites 《美国联邦法规》 where 2026.11 (and the
    engine's default, kept for packs that state no method) wrote EAR and 15 CFR into the Chinese."""
    from reedesk.resources import resource
    from reedesk.rules import reproduce_with_engine
    from reedesk.rules.packs import parse_pack
    from reedesk.rules.shape4 import stored_bytes
    from tests.rules.test_engine_3_4 import metal

    if doc_of == "value_rule":
        doc = foreign_smco(dict(DE_USER))
    elif doc_of == "chinese_exporter":
        doc = foreign_smco(dict(DE_USER))
        doc["exporter"] = {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"}
    else:
        doc = metal("Tb", {"name": "Pearl River Magnetics Ltd.", "country": "HK"})
        doc["exporter"] = {"name": "Ganzhou Rare Metals Trading Co.", "country": "CN"}
    packs = shipped_packs()
    new = evaluate(copy.deepcopy(doc), packs, AS_OF)
    text = _chinese_texts(new)
    assert all(w in text for w in new_words) and not any(w in text for w in old_words)
    assert not re.search(r"(?<![A-Za-z0-9])(?:CN|HK|MO|TW|EAR|CFR)(?![A-Za-z0-9])", text), text

    path = resource("rules-released") / "0.2.0-dev" / f"{pack_id}-{old_version}.toml"
    old_pack = parse_pack(path.read_text(encoding="utf-8"), path.name)
    assert (old_pack.id, old_pack.version) == (pack_id, old_version)
    old_packs = [old_pack if p.id == pack_id else p for p in packs]
    old = evaluate(copy.deepcopy(doc), old_packs, AS_OF)
    assert all(w in _chinese_texts(old) for w in old_words)
    again = reproduce_with_engine(copy.deepcopy(old), [p.source_text for p in old_packs])
    assert stored_bytes(again) == stored_bytes(old)
    assert expand(again)["outcome"] == expand(new)["outcome"]  # the words changed, not the answer

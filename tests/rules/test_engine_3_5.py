"""Engine 3.5.0's corrected readings (docs/determination.md "Engine 3.5.0"), found by the session-6 independent cases
(docs/independent-cases.md (14), (11), (1), (6)). Each test asserts an answer engine 3.4.0 did not give (the
``made_by="3.4.0"`` re-run, which is how a stored 3.4.0 document reproduces, still gives 3.4.0's).

1. No. 61 Art. I: a licence 「在向中国以外的其他国家和地区出口……前」: a sale inside one foreign country is no export.
2. Export Control Law Art. 2 / Dual-Use Items Export Control Regulations Art. 2 (「向外国组织和个人提供」) and No. 62 Art. II
   (「本公告所称出口，指……在境内向外国组织和个人提供」): provision in China to a foreign party is an export.
3. A party named only by a legal form ("Co., Ltd.", "GmbH", "有限公司", "株式会社") cannot be screened: it is unnamed.
4. No. 61 I(1) 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项」: a Part 1 element the product lists but no
   BOM line supplies leaves the content unknown; and an undecided rule raises the outcome only as far as it could go on
   this dossier (its own end use and parties), so it never hides another rule's certain licence requirement.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from reedesk.rules import reproduce_with_engine
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.rules.shape4 import stored_bytes
from tests.rules.test_engine_3_4 import AS_OF, _dossier, _needed_by, chinese_ndfeb, foreign_smco, old_label_reruns_as_it_read

DE_USER = {"name": "Rhein Antriebe GmbH", "country": "DE"}
CN_TECH = [{"stage": "magnet_manufacturing", "origin": "CN", "description": "sintering line"}]


def _run(doc: dict[str, Any], made_by: str | None = None, as_of: date = AS_OF) -> dict[str, Any]:
    return expand(evaluate(doc, shipped_packs(), as_of, made_by=made_by))


def _finding(d: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in d["findings"] if f["rule"] == rule)


def _no_english(text: str) -> None:
    assert not re.search(r"[A-Za-z]{3,}", text), text


def test_the_engine_is_3_5_0_or_later():
    """Engine 3.6.0 (tests/rules/test_engine_3_6.py) keeps these corrections."""
    assert tuple(int(n) for n in ENGINE_VERSION.split(".")) >= (3, 5, 0)
    assert _run(foreign_smco(dict(DE_USER)))["engine"]["version"] == ENGINE_VERSION


# ---- 1. a sale inside one foreign country ---------------------------------------------------------------


@pytest.mark.parametrize("tech", [False, True], ids=["I(1)", "I(1)+I(2)"])
def test_a_sale_inside_one_foreign_country_is_no_no61_export(tech):
    doc = foreign_smco({"name": "Saigon Servo Motors JSC", "country": "VN"})
    doc["shipment"]["destination"] = "VN"
    if tech:
        doc["technologies"] = copy.deepcopy(CN_TECH)
    d = _run(doc)
    assert d["outcome"] == "not_controlled" and not d["missing"]
    for rule in ("cn-mofcom-2025-061:I(1)", "cn-mofcom-2025-061:I(2)", "cn-mofcom-2025-061:I(3)"):
        f = _finding(d, rule)
        assert f["result"] == "does_not_apply", (rule, f["result"])
    i1 = _finding(d, "cn-mofcom-2025-061:I(1)")
    assert "no export to another country or region" in i1["explanation"]["en"]
    assert "「在向中国以外的其他国家和地区出口……前」" in i1["explanation"]["zh-Hans"]
    assert "「在向中國以外的其他國家和地區出口……前」" in i1["explanation"]["zh-Hant"]
    assert _run(doc, made_by="3.4.0")["outcome"] == "license_required"


def test_a_china_origin_item_re_exported_inside_germany_is_no_i3_export():
    """No. 61 I(3) (「中国原产的附件1所列物项自境外出口」) is an export to another country too."""
    doc = foreign_smco(dict(DE_USER))
    doc["product"]["made_in"] = "CN"
    doc["components"] = []
    doc["shipment"]["export_from"] = "DE"
    doc["shipment"]["destination"] = "DE"
    d = _run(doc)
    assert _finding(d, "cn-mofcom-2025-061:I(3)")["result"] == "does_not_apply"
    assert d["outcome"] == "not_controlled"
    assert _run(doc, made_by="3.4.0")["outcome"] == "license_required"
    doc["shipment"]["destination"] = "PL"  # leaving Germany: a re-export
    assert _run(doc)["outcome"] == "license_required"


def test_a_transfer_inside_japan_to_a_japanese_military_user_stays_banned():
    """No. 1 of 2026 reaches foreign parties' transfers of China-origin dual-use items 「转移或提供给」 Japanese military
    users: not only exports, so a transfer inside Japan stays prohibited (the closest reading of that text)."""
    doc = foreign_smco({"name": "Japan Ground Self-Defense Force Supply Depot", "country": "JP", "military": True})
    doc["product"]["made_in"] = "CN"
    doc["components"] = []
    doc["shipment"]["export_from"] = "JP"
    doc["shipment"]["destination"] = "JP"
    d = _run(doc)
    assert d["outcome"] == "prohibited" and d["decisive"] == ["cn-mofcom-2026-001:1"]
    assert _finding(d, "cn-mofcom-2025-061:I(3)")["result"] == "does_not_apply"


# ---- 2. provision in China to a foreign party ---------------------------------------------------------------


def _tech(country: str | None, **shipment: Any) -> dict[str, Any]:
    return _dossier("T62", product={"name": "NdFeB magnet manufacturing process specification",
                                    "category": "rare_earth_technology", "elements": [], "made_in": "CN"},
                    components=[], export_from="CN", destination="CN",
                    end_user={"name": "Rhein Antriebe GmbH", "country": country}, **shipment)


def test_no62_technology_provided_in_china_to_a_foreign_company_needs_a_licence():
    d = _run(_tech("DE"))
    assert (d["outcome"], d["decisive"]) == ("license_required", ["cn-mofcom-2025-062:1E902"])
    f = _finding(d, "cn-mofcom-2025-062:1E902")
    assert "在境内向外国组织和个人提供" in f["explanation"]["zh-Hans"]
    assert "在境內向外國組織和個人提供" in f["explanation"]["zh-Hant"]
    assert "provided there to a foreign party" in f["explanation"]["en"]
    assert _run(_tech("DE"), made_by="3.4.0")["outcome"] == "not_controlled"


def test_a_foreign_importer_or_consignee_in_china_makes_it_an_export_too():
    d = _run(_tech("CN", consignee={"name": "Osaka Magnet Engineering K.K.", "country": "JP"}))
    assert d["outcome"] == "license_required"
    assert "收货人（JP）" in _finding(d, "cn-mofcom-2025-062:1E902")["explanation"]["zh-Hans"]


def test_technology_provided_in_china_to_a_chinese_company_stays_outside():
    d = _run(_tech("CN"))
    assert d["outcome"] == "not_controlled" and not d["missing"]


def test_a_recipient_in_china_whose_country_is_not_given_is_asked_for():
    d = _run(_tech(None))
    assert d["outcome"] == "insufficient_data"
    assert _needed_by(d, "shipment.end_user.country") == ["cn-mofcom-2025-062:1E902"]
    text = next(m for m in d["missing"] if m["field"] == "shipment.end_user.country")
    for lang in ("zh-Hans", "zh-Hant"):
        _no_english(text[lang].replace("shipment.end_user.country", ""))
    assert _run(_tech(None), made_by="3.4.0")["outcome"] == "not_controlled"


def _tb_in_china(country: str) -> dict[str, Any]:
    """Terbium metal a Chinese exporter hands over in China (engine 3.6.0 reads the provider: the Export Control Law's
    limb covers Chinese providers, tests/rules/test_engine_3_6.py)."""
    doc = _dossier("TB-CN", product={"name": "Terbium metal", "category": "rare_earth_metal", "elements": ["Tb"],
                                     "made_in": "CN", "unit_value": {"amount": "1250.00", "currency": "USD"}},
                   components=[], export_from="CN", destination="CN",
                   end_user={"name": "Hanbit Magnetics Co., Ltd.", "country": country})
    doc["exporter"] = {"name": "Baotou Rare Earth Trading Co.", "country": "CN"}
    return doc


def test_listed_goods_provided_in_china_to_a_foreign_party_need_a_licence():
    """Export Control Law Art. 2 / Dual-Use Regulations Art. 2: 「……向外国组织和个人提供管制物项」, goods included: terbium
    metal (No. 18, 1C904) sold in China to a Korean company needs the licence; to a Chinese company it stays outside."""
    d = _run(_tb_in_china("KR"))
    assert (d["outcome"], d["decisive"]) == ("license_required", ["cn-mofcom-gac-2025-018:1C902–1C908"])
    f = _finding(d, "cn-mofcom-gac-2025-018:1C902–1C908")
    assert "《两用物项出口管制条例》第二条" in f["explanation"]["zh-Hans"] and "《兩用物項出口管制條例》第二條" in f["explanation"]["zh-Hant"]
    assert _run(_tb_in_china("KR"), made_by="3.4.0")["outcome"] == "not_controlled"
    assert _run(_tb_in_china("CN"))["outcome"] == "not_controlled"


def test_provision_in_home_technology_keeps_goods_to_exports_leaving_china():
    """The narrower reading (No. 18's 「出口」 declared at customs; only No. 62 Art. II adds provision inside China) is a
    rule parameter a pack can set (``provision_in_home = "technology"``): then the terbium metal stays outside, while
    No. 62 technology is still exported."""
    from reedesk.rules.packs import parse_pack

    def goods_leave(p: Any) -> Any:
        text = p.source_text.replace('scope = "export_from_home"\n', 'scope = "export_from_home"\nprovision_in_home = "technology"\n')
        assert text != p.source_text
        return parse_pack(text, "No. 18 with provision_in_home = technology")

    packs = [goods_leave(p) if p.id == "cn-mofcom-gac-2025-018" else p for p in shipped_packs()]
    assert expand(evaluate(_tb_in_china("KR"), packs, AS_OF))["outcome"] == "not_controlled"
    assert expand(evaluate(_tech("DE"), packs, AS_OF))["outcome"] == "license_required"


# ---- 3. a name that is only a legal form ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Co., Ltd.", "GmbH", "有限公司", "株式会社", "Inc.", "GmbH & Co. KG", "S.A. de C.V."])
def test_a_name_that_is_only_a_legal_form_is_no_name(name):
    d = _run(foreign_smco({"name": name, "country": "DE"}))
    assert d["outcome"] == "insufficient_data"
    assert _needed_by(d, "shipment.end_user.name") == ["cn-mofcom-2025-061:I(1)"]
    assert _run(foreign_smco({"name": name, "country": "DE"}), made_by="3.4.0")["outcome"] == "license_required"


@pytest.mark.parametrize("name", ["Rhein Antriebe GmbH", "Rhein Antriebe GmbH & Co. KG", "De Beers Group"])
def test_a_real_name_with_a_legal_form_is_screened_as_before(name):
    assert _run(foreign_smco({"name": name, "country": "DE"}))["outcome"] == "license_required"


def test_a_legal_form_importer_of_a_chinese_export_is_asked_for():
    d = _run(chinese_ndfeb({"name": "Acme Motors Inc.", "country": "US"}, importer={"name": "Ltd.", "country": "US"}))
    assert d["outcome"] == "insufficient_data" and [m["field"] for m in d["missing"]] == ["shipment.importer.name"]


# ---- 4. a BOM gap, and what an undecided rule can raise --------------------------------------------------------


def test_a_part_1_element_no_bom_line_supplies_leaves_i1_unknown():
    doc = foreign_smco(dict(DE_USER))
    doc["components"] = [{"id": "C1", "description": "Cobalt powder", "origin": "CG", "category": "other",
                          "elements": ["Co"], "value": {"amount": "7.20", "currency": "USD"}}]
    d = _run(doc)
    assert d["outcome"] == "insufficient_data"
    assert _needed_by(d, "components") == ["cn-mofcom-2025-061:I(1)"]
    text = next(m for m in d["missing"] if m["field"] == "components")
    assert "Sm" in text["en"] and "钐" in text["zh-Hans"] and "釤" in text["zh-Hant"]
    for lang in ("zh-Hans", "zh-Hant"):
        _no_english(text[lang])
    assert _run(doc, made_by="3.4.0")["outcome"] == "not_controlled"
    doc["components"].append({"id": "C2", "description": "Samarium metal", "origin": "AU", "category": "rare_earth_metal",
                              "elements": ["Sm"], "value": {"amount": "6.50", "currency": "USD"}})
    assert _run(doc)["outcome"] == "not_controlled"  # supplied (not Chinese): the content is known again


def test_an_ndfeb_dy_magnet_without_components_is_unknown():
    doc = foreign_smco(dict(DE_USER))
    doc["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]
    doc["components"] = []
    assert _run(doc)["outcome"] == "insufficient_data"
    assert _run(doc, made_by="3.4.0")["outcome"] == "not_controlled"


def test_a_china_made_magnet_out_of_i1_scope_is_not_asked_for_its_bom():
    doc = chinese_ndfeb({"name": "Acme Motors Inc.", "country": "US"})
    doc["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]
    d = _run(doc)
    assert "components" not in [m["field"] for m in d["missing"]]


def test_i2_s_certain_licence_is_not_hidden_by_i1_s_unknown_content():
    """The regression that took 3.4.0's BOM-gap reading back: Chinese magnet technology, no BOM entered, civil use."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"] = []
    doc["technologies"] = copy.deepcopy(CN_TECH)
    d = _run(doc)
    assert (d["outcome"], d["decisive"]) == ("license_required", ["cn-mofcom-2025-061:I(2)"])
    assert _finding(d, "cn-mofcom-2025-061:I(1)")["result"] == "insufficient_data"  # still shown, not decisive


def test_an_undecided_rule_beside_a_certain_licence_no_longer_counts_every_end_use():
    """Engine 3.4.0 took an undecided rule's ceiling over every end use, whatever the dossier said: a Sm line of unknown
    origin under I(1) next to I(2)'s certain licence, civil use stated, came out insufficient data (a military use could
    have given a denial). On this dossier the worst I(1) can give is the same licence."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"][0]["origin"] = None
    doc["technologies"] = copy.deepcopy(CN_TECH)
    assert _run(doc)["outcome"] == "license_required"
    assert _run(doc, made_by="3.4.0")["outcome"] == "insufficient_data"


@pytest.mark.parametrize("change, field", [
    (lambda doc: doc["shipment"]["end_use"].update(category=None), "shipment.end_use.category"),
    (lambda doc: doc["shipment"]["end_user"].update(name=None), "shipment.end_user.name"),
])
def test_an_unknown_that_could_give_a_denial_still_makes_it_insufficient(change, field):
    """No. 61 Art. III (military use) or Art. II (a listed end user) could presume denial, worse than I(2)'s licence."""
    doc = foreign_smco(dict(DE_USER))
    doc["components"] = []
    doc["technologies"] = copy.deepcopy(CN_TECH)
    change(doc)
    d = _run(doc)
    assert d["outcome"] == "insufficient_data" and field in [m["field"] for m in d["missing"]]


# ---- stored documents -------------------------------------------------------------------------------------------


def test_a_3_4_0_document_re_runs_as_3_4_0_read_it():
    """A determination engine 3.4.0 stored (the Vietnamese sale read as an export) reproduces to its own bytes; relabelled
    3.5.0 it does not (the re-run says no export), so the label cannot be swapped."""
    doc = foreign_smco({"name": "Saigon Servo Motors JSC", "country": "VN"})
    doc["shipment"]["destination"] = "VN"
    old_label_reruns_as_it_read(doc, "3.4.0", "license_required", "not_controlled")


# ---- 5. a military importer under the bans (LEGALQA7's session-7 case) ---------------------------------------------


@pytest.mark.parametrize("role", ["importer", "consignee"])
def test_a_japanese_military_importer_is_a_japanese_military_user_for_no1(role):
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」: terbium metal (1C904) from China to a civil Japanese lab, with the
    Acquisition, Technology & Logistics Agency (military) as importer or consignee: the export goes to a Japanese military
    user, so it is prohibited (engine 3.4.0 read the end user only: licence required under No. 18)."""
    doc = _dossier("TB-JP", product={"name": "Terbium metal", "category": "rare_earth_metal", "elements": ["Tb"],
                                     "made_in": "CN", "unit_value": {"amount": "1250.00", "currency": "USD"}},
                   components=[], export_from="CN", destination="JP", end_user={"name": "Osaka Research Lab", "country": "JP"},
                   **{role: {"name": "Acquisition, Technology & Logistics Agency", "country": "JP", "military": True}})
    d = _run(doc)
    assert (d["outcome"], d["decisive"]) == ("prohibited", ["cn-mofcom-2026-001:1"])
    assert ("进口商" if role == "importer" else "收货人") in _finding(d, "cn-mofcom-2026-001:1")["explanation"]["zh-Hans"]
    assert _run(doc, made_by="3.4.0")["outcome"] == "license_required"
    doc["shipment"][role]["military"] = False
    assert _run(doc)["outcome"] == "license_required"


# ---- 6. an undecided watch-list hit on an export already needing a licence (LEGALQA7's session-7 case) ----------------


def test_an_undecided_hit_keeps_the_answer_open_even_when_the_licence_is_certain(empty_desk):
    """RULES.md second review, "Parties": a party matching a list entry in force with no recorded decision 「cannot come out
    better than "insufficient data: confirm or clear the hit"」. Terbium metal (No. 18, licence required in any case) to a
    Japanese company whose name (in Traditional script) is a watch-list entry of MOFCOM No. 12 of 2026: the listing's
    conditions (no general licence, a risk-assessment report) hang on the hit, so the answer waits for the decision
    (engine 3.4.0 gave 'licence required' and left the hit unmentioned)."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules.render import expand
    from reedesk.services.evaluation import evaluate_dossier

    doc = _dossier("TB-WL", product={"name": "Terbium metal", "category": "rare_earth_metal", "elements": ["Tb"],
                                     "made_in": "CN", "unit_value": {"amount": "1250.00", "currency": "USD"}},
                   components=[], export_from="CN", destination="JP",
                   end_user={"name": "富士航空航天技術株式會社", "country": "JP"})
    made = evaluate_dossier(empty_desk, parse_dossier(doc), AS_OF)
    d = expand(made)
    assert d["outcome"] == "insufficient_data" and d["decisive"] == ["cn-mofcom-lists:watch-list"]
    assert [m["field"] for m in d["missing"]] == ["shipment.end_user.screening"]
    old = expand(evaluate(doc, shipped_packs(), AS_OF, screening=made["screening"], made_by="3.4.0"))
    assert old["outcome"] == "license_required"


# ---- 7. hk-mo-tw's treated-as-china reading reads origin too (session 6's independent case (3), LEGALQA7's 11) --------


def _hk_cases() -> dict[str, dict[str, Any]]:
    hk = foreign_smco(dict(DE_USER))
    hk["components"][0]["origin"] = "HK"  # Hong Kong samarium metal in the Vietnamese magnet
    tw = foreign_smco(dict(DE_USER))
    tw["components"][0]["origin"] = "AU"
    tw["technologies"] = [{"stage": "magnet_manufacturing", "origin": "TW", "description": "sintering line"}]
    mo = _dossier("MO-TB", product={"name": "Terbium metal", "category": "rare_earth_metal", "elements": ["Tb"],
                                    "made_in": "MO", "unit_value": {"amount": "1250.00", "currency": "USD"}},
                  components=[], export_from="MO", destination="KR", end_user={"name": "Hanbit Magnetics Co., Ltd.", "country": "KR"})
    return {"hk-content": hk, "tw-technology": tw, "macau-made-and-shipped": mo}


@pytest.mark.parametrize("case, decisive", [("hk-content", "cn-mofcom-2025-061:I(1)"),
                                            ("tw-technology", "cn-mofcom-2025-061:I(2)"),
                                            ("macau-made-and-shipped", "cn-mofcom-2025-061:I(3)")])
def test_the_treated_as_china_reading_reads_origin_too(case, decisive):
    """hk-mo-tw's primary reading: 「在该地制造的物项属于在内地以外制造」 (not China-origin: not controlled). Its other reading
    takes Hong Kong, Macao and Taiwan as China, so an input, a technology or an item of theirs is 「原产于中国」 (a Macau-made
    item shipped from Macau is then a re-export, I(3)): licence required under that reading (engine 3.4.0 changed only the
    destination). The plain path (every reading re-runs every rule) gives the same bytes."""
    from reedesk.rules import engine

    doc = _hk_cases()[case]
    fast = evaluate(doc, shipped_packs(), AS_OF)
    d = expand(fast)
    other = next(r for r in d["readings"] if r["id"] == "treated-as-china")
    assert (d["outcome"], other["outcome"], other["decisive"]) == ("not_controlled", "license_required", [decisive])
    old = next(r for r in _run(doc, made_by="3.4.0")["readings"] if r["id"] == "treated-as-china")
    assert old["outcome"] == "not_controlled"
    engine.SHORTCUTS = False
    try:
        assert stored_bytes(evaluate(doc, shipped_packs(), AS_OF)) == stored_bytes(fast)
    finally:
        engine.SHORTCUTS = True


# ---- 8. No. 55 / No. 58 items are dual-use items for the bans (LEGALQA7's session-7 discrepancy 1) ------------------

TODAY_S7 = date(2026, 12, 2)
_DIAMOND = {"name": "Synthetic diamond micropowder", "description": "diamond micropowder for polishing",
            "category": "superhard_material", "elements": [], "made_in": "CN", "unit_value": {"amount": "500.00", "currency": "USD"}}
_ANODE = {"name": "Artificial graphite anode material", "category": "battery_material", "elements": [], "made_in": "CN",
          "unit_value": {"amount": "20.00", "currency": "USD"}}


@pytest.mark.parametrize("product, country, decisive, old", [
    (_DIAMOND, "US", "cn-mofcom-2024-046:1", "license_required_presumption_of_denial"),
    (_ANODE, "US", "cn-mofcom-2024-046:1", "license_required"),
    (_DIAMOND, "JP", "cn-mofcom-2026-001:1", "license_required"),
    (_ANODE, "JP", "cn-mofcom-2026-001:1", "license_required"),
], ids=["diamond-us", "anode-us", "diamond-jp", "anode-jp"])
def test_no55_and_no58_items_are_dual_use_items_for_the_military_bans(product, country, decisive, old):
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事用途出口」 and No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」:
    a No. 55 superhard-material item or a No. 58 battery item (「应申请两用物项出口许可」; in force after No. 70's window) is a
    dual-use item like a No. 56 or No. 57 one, though its pack gives it no control code. Engine 3.4.0 did not see it."""
    doc = _dossier("S7-55-58", product=copy.deepcopy(product), components=[], export_from="CN", destination=country,
                   end_user={"name": "Defence Depot", "country": country, "military": True})
    d = _run(doc, as_of=TODAY_S7)
    assert d["outcome"] == "prohibited" and decisive in d["decisive"], (d["outcome"], d["decisive"])
    text = _finding(d, decisive)["explanation"]["zh-Hans"]
    assert ("第55号公告超硬材料物项" if product is _DIAMOND else "第58号公告电池物项") in text
    _no_english(text)
    _no_english(d["summary"]["zh-Hans"].replace("reedesk", ""))  # the product's own name in a reading's label
    assert _run(doc, made_by="3.4.0", as_of=TODAY_S7)["outcome"] == old
    doc["shipment"]["end_user"]["military"] = False  # a civil user: no ban
    assert _run(doc, as_of=TODAY_S7)["outcome"] != "prohibited"


def test_a_superhard_item_not_plainly_listed_is_not_named_a_dual_use_item():
    """Only an item plainly of No. 55's kind (a plain term or the stated code) is named: one whose listing is not shown stays
    as before (the item_list rule asks for product.control_code)."""
    product = {**copy.deepcopy(_DIAMOND), "name": "Abrasive powder", "description": "polishing powder"}
    doc = _dossier("S7-55-NP", product=product, components=[], export_from="CN", destination="JP",
                   end_user={"name": "Defence Depot", "country": "JP", "military": True})
    assert _run(doc, as_of=TODAY_S7)["outcome"] == _run(doc, made_by="3.4.0", as_of=TODAY_S7)["outcome"] != "prohibited"

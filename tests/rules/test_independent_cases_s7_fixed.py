"""Independent legal cases for the discrepancies engine 3.5.0 fixes (docs/independent-cases.md (14), (11), (1), (6)).

The dossiers are the session-6 independent cases' (LEGALQA6, tests/rules/test_independent_cases_s6.py builders),
written from the announcements' texts; engine 3.4.0 gave the answers noted per case ("3.4.0 gave …"). Each docstring
names the announcement, article and Chinese key phrase and the outcome expected (FORMATS.md outcome codes). They go
through the product's service API as tests/rules/test_independent_cases_s6_fixed.py does (every party screened
against the shipped lists as of the date), and the expanded determination is checked. Each case also re-runs as
engine 3.4.0 read it (``made_by="3.4.0"``), which must still give 3.4.0's answer: stored 3.4.0 documents reproduce.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

from reedesk.screening.normalise import to_traditional
from tests.rules.test_independent_cases_s6_fixed import assert_fixed_outcome, module_desk
from tests.rules.test_independent_cases_s6 import AFTER, _party, cobalt, dossier, ndfeb_magnet, smco_magnet, vn_smco


@dataclass
class Fixed:
    id: str
    as_of: str
    build: Callable[[], dict[str, Any]]
    outcome: str
    was: str  # what engine 3.4.0 gave (and gives still for its own documents' re-runs)
    decisive_prefix: str | None = None
    missing: list[str] = field(default_factory=list)
    says: tuple[str, ...] = ()  # Chinese key phrase the decisive or deciding finding quotes


FIXED: list[Fixed] = []


def fixed(id: str, as_of: str, outcome: str, was: str, **kw: Any) -> Callable[[Callable[[], dict[str, Any]]], Callable[[], dict[str, Any]]]:
    def register(fn: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
        doc = fn.__doc__ or ""
        assert f"`{outcome}`" in doc and ("No." in doc or "Law" in doc or "list" in doc), f"{id}: basis and outcome in the docstring"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in doc), f"{id}: the Chinese key phrase goes in the docstring"
        FIXED.append(Fixed(id, as_of, fn, outcome, was, **kw))
        return fn
    return register


TECH = {"name": "NdFeB magnet manufacturing process specification", "description": "Sintering and grain-boundary "
        "diffusion process parameters (magnet manufacturing)", "category": "rare_earth_technology", "elements": [],
        "made_in": "CN", "unit_value": {"amount": "80000.00", "currency": "USD"}}


# ---- (14) a sale inside one foreign country is no export ----------------------------------------------


@fixed("smco-sold-inside-vietnam", AFTER, "not_controlled", "license_required",
       says=("在向中国以外的其他国家和地区出口",))
def _inside_vn() -> dict[str, Any]:
    """No. 61 Art. I: a licence is needed 「在向中国以外的其他国家和地区出口……前」 — before an export to *another* country or
    region. A Vietnamese maker's Sm-Co magnet (13.5 % Chinese Sm, over I(1)'s 0.1 %) sold to a Vietnamese motor maker in
    Vietnam (export_from VN, destination VN) is no export → `not_controlled`, I(1) saying why."""
    return vn_smco("LQ7F-14A", destination="VN", end_user=_party("Saigon Servo Motors JSC", "VN"))


@fixed("smco-chinese-technology-sold-inside-vietnam", AFTER, "not_controlled", "license_required",
       says=("在向中国以外的其他国家和地区出口",))
def _inside_vn_tech() -> dict[str, Any]:
    """No. 61 Art. I(2) (「使用中国原产的……磁材制造……技术在境外制造」) is also a licence for an export to another country:
    the same magnet, made with Chinese magnet-manufacturing technology, sold inside Vietnam → `not_controlled`."""
    return vn_smco("LQ7F-14B", destination="VN", end_user=_party("Saigon Servo Motors JSC", "VN"),
                   technologies=[{"stage": "magnet_manufacturing", "origin": "CN", "description": "sintering line"}])


@fixed("smco-exported-from-vietnam-control", AFTER, "license_required", "license_required",
       decisive_prefix="cn-mofcom-2025-061")
def _vn_to_de() -> dict[str, Any]:
    """Control: the same magnet exported from Vietnam to Germany is an export to another country (No. 61 I(1)
    「达到0.1%及以上」) → `license_required`."""
    return vn_smco("LQ7F-14C")


# ---- (11) provision in China to a foreign party is an export -------------------------------------------


@fixed("no62-technology-to-foreign-party-in-china", AFTER, "license_required", "not_controlled",
       decisive_prefix="cn-mofcom-2025-062", says=("在境内向外国组织和个人提供",))
def _tech_in_cn() -> dict[str, Any]:
    """No. 62 Art. II: 「本公告所称出口，指……自中华人民共和国境内向境外转移，或者在境内向外国组织和个人提供」. NdFeB
    magnet-manufacturing technology (1E902.a) handed over in China to a German company → `license_required`."""
    return dossier("LQ7F-11A", product=copy.deepcopy(TECH), export_from="CN", destination="CN",
                   end_user=_party("Rhein Antriebe GmbH", "DE"))


@fixed("no62-technology-to-chinese-party-in-china", AFTER, "not_controlled", "not_controlled")
def _tech_cn_party() -> dict[str, Any]:
    """No. 62 Art. II (as above): the same technology handed to a Chinese company in China is neither 「向境外转移」 nor
    「向外国组织和个人提供」 → `not_controlled`."""
    return dossier("LQ7F-11B", product=copy.deepcopy(TECH), export_from="CN", destination="CN",
                   end_user=_party("Ningbo Magnet Works Co., Ltd.", "CN"))


@fixed("no62-technology-in-china-recipient-country-unknown", AFTER, "insufficient_data", "not_controlled",
       missing=["shipment.end_user.country"])
def _tech_unknown() -> dict[str, Any]:
    """No. 62 Art. II (「在境内向外国组织和个人提供」): whether the recipient in China is foreign decides it; its country is
    not given → `insufficient_data` naming shipment.end_user.country (FORMATS.md: null is unknown)."""
    return dossier("LQ7F-11C", product=copy.deepcopy(TECH), export_from="CN", destination="CN",
                   end_user={"name": "Rhein Antriebe GmbH", "country": None})


@fixed("no18-terbium-to-foreign-party-in-china", AFTER, "license_required", "not_controlled",
       decisive_prefix="cn-mofcom-gac-2025-018", says=("向外国组织和个人提供",))
def _tb_in_cn() -> dict[str, Any]:
    """Export Control Law Art. 2 and the Dual-Use Items Export Control Regulations Art. 2: export control covers transfers
    out of China 「以及中华人民共和国公民、法人和非法人组织向外国组织和个人提供」 controlled items, goods included; No. 18 of 2025
    (1C904 「金属铽」) is made under them. Terbium metal sold in China to a Korean company → `license_required` (LEGALQA7's
    goods-provided-inside-china-to-foreign-company reads it the same)."""
    return dossier("LQ7F-11D", product={"name": "Terbium metal 99.95%", "description": "Terbium metal ingots",
                                        "hs_code": "2805301910", "category": "rare_earth_metal", "elements": ["Tb"],
                                        "made_in": "CN", "unit_value": {"amount": "1250.00", "currency": "USD"}},
                   export_from="CN", destination="CN", end_user=_party("Hanbit Magnetics Co., Ltd.", "KR"))


# ---- (1) a name that is only a legal form -----------------------------------------------------------------


for _n, _name in enumerate(["Co., Ltd.", "GmbH", "有限公司", "株式会社"]):
    def _legal_form(name: str = _name, n: int = _n) -> dict[str, Any]:
        return vn_smco(f"LQ7F-1D{n}", end_user=_party(name, "DE"))
    _legal_form.__doc__ = (f"No. 61 Art. II 「列入出口管制管控名单、关注名单的进口商和最终用户……原则上不予许可」: an end user named only "
                           f"{_name!r}, a legal form screening cannot match, is not a party screened clear (RULES.md second "
                           f"review, \"Parties\") → `insufficient_data` naming shipment.end_user.name.")
    fixed(f"legal-form-only-end-user-{_n}", AFTER, "insufficient_data", "license_required",
          decisive_prefix="cn-mofcom-2025-061", missing=["shipment.end_user.name"])(_legal_form)


@fixed("legal-form-only-end-user-export-from-china", AFTER, "insufficient_data", "not_controlled",
       missing=["shipment.end_user.name"])
def _legal_form_cn() -> dict[str, Any]:
    """Unreliable entity list decisions (their measure 「禁止其从事与中国有关的进出口活动」, whatever the item): a Chinese NdFeB magnet on no list for an
    end user named only "GmbH" → `insufficient_data` naming shipment.end_user.name (engine 3.4.0's reading for an unnamed
    party, now also for a name that is only a legal form)."""
    return dossier("LQ7F-1E", product=ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), export_from="CN", destination="US",
                   end_user=_party("GmbH", "US"))


# ---- (6) a BOM that does not account for the product's Part 1 element --------------------------------------


@fixed("smco-bom-only-cobalt", AFTER, "insufficient_data", "not_controlled", decisive_prefix="cn-mofcom-2025-061",
       missing=["components"])
def _bom_cobalt() -> dict[str, Any]:
    """No. 61 I(1) counts 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项」; the Vietnamese Sm-Co magnet says it
    contains samarium but its BOM lists only cobalt, so where the samarium came from is not known →
    `insufficient_data` naming components."""
    return vn_smco("LQ7F-6A", components=[cobalt()])


@fixed("ndfeb-dy-no-components", AFTER, "insufficient_data", "not_controlled", decisive_prefix="cn-mofcom-2025-061",
       missing=["components"])
def _ndfeb_dy_empty() -> dict[str, Any]:
    """No. 61 I(1) (as above; Part 1 「镝」 metal, Dy-Fe alloy, dysprosium oxide): a Vietnamese NdFeB-Dy magnet with no
    components at all → `insufficient_data` naming components."""
    return dossier("LQ7F-6B", product=ndfeb_magnet(["Nd", "Dy", "Fe", "B"], "VN"), export_from="VN", destination="DE")


@fixed("chinese-technology-empty-bom-stays-licence", AFTER, "license_required", "license_required",
       decisive_prefix="cn-mofcom-2025-061:I(2)")
def _i2_empty_bom() -> dict[str, Any]:
    """No. 61 I(2) 「使用中国原产的……磁材制造……技术在境外制造的附件1物项」 applies whatever the content: a Vietnamese Sm-Co
    magnet made with Chinese magnet-manufacturing technology, no BOM entered, civil end use, end user screened clear →
    `license_required`. I(1)'s unknown content could at worst ask for the same licence, so it does not make the answer
    insufficient (the regression that took engine 3.4.0's BOM-gap reading back)."""
    return dossier("LQ7F-6C", product=smco_magnet(), export_from="VN", destination="DE",
                   technologies=[{"stage": "magnet_manufacturing", "origin": "CN", "description": "sintering line"}])


@fixed("chinese-technology-empty-bom-military-use-unknown", AFTER, "insufficient_data", "insufficient_data",
       missing=["shipment.end_use.category"])
def _i2_empty_bom_use_unknown() -> dict[str, Any]:
    """No. 61 Art. III (「用于……军事用途……的出口申请，原则上不予许可」): with the end use not stated the same magnet could be
    presumed denied, worse than I(2)'s licence → `insufficient_data` naming shipment.end_use.category."""
    return dossier("LQ7F-6D", product=smco_magnet(), export_from="VN", destination="DE", end_use=None,
                   technologies=[{"stage": "magnet_manufacturing", "origin": "CN", "description": "sintering line"}])


# ---- running them ------------------------------------------------------------------------------------------


def _evaluate(desk: Any, c: Fixed, made_by: str | None = None) -> dict[str, Any]:
    """The service's determination; with ``made_by``, the same dossier, packs and screening re-run as that engine read
    them (what reedesk.rules.reproduce_with_engine does for a stored document of that engine)."""
    from datetime import date

    from reedesk.domain.dossier_file import dossier_to_document, parse_dossier
    from reedesk.rules import engine
    from reedesk.rules.render import expand
    from reedesk.services.evaluation import active_packs, evaluate_dossier

    dossier = parse_dossier(copy.deepcopy(c.build()))
    made = evaluate_dossier(desk, dossier, c.as_of)
    if made_by is None:
        return expand(made)
    return expand(engine.evaluate(dossier_to_document(dossier), active_packs(desk), date.fromisoformat(c.as_of),
                                  screening=made["screening"], made_by=made_by))


lq7f_desk = module_desk("lq7f")


@pytest.mark.parametrize("c", FIXED, ids=[c.id for c in FIXED])
def test_fixed_case(c: Fixed, lq7f_desk: Any) -> None:
    """The outcome, decisive rules, missing fields and quoted key phrase written from the texts (docstring), on
    engine 3.5.0 or a later one (a later engine keeps these corrections)."""
    doc = _evaluate(lq7f_desk, c)
    assert tuple(int(n) for n in doc["engine"]["version"].split(".")) >= (3, 5, 0), doc["engine"]["version"]
    assert_fixed_outcome(doc, c)
    for phrase in c.says:  # the finding that decides says why, with the text's words, in both scripts
        said = [f for f in doc["findings"] if phrase in f["explanation"]["zh-Hans"]]
        assert said, (c.id, phrase)
        assert to_traditional(phrase) in said[0]["explanation"]["zh-Hant"], (c.id, said[0]["explanation"]["zh-Hant"])


@pytest.mark.parametrize("c", FIXED, ids=[c.id for c in FIXED])
def test_engine_3_4_0_documents_keep_their_answer(c: Fixed, lq7f_desk: Any) -> None:
    """Re-run as engine 3.4.0 read the dossier (as reproduce_with_engine does for a stored 3.4.0 document): 3.4.0's answer."""
    assert _evaluate(lq7f_desk, c, made_by="3.4.0")["outcome"] == c.was, c.id


def test_fixed_cases_registered() -> None:
    """Every discrepancy engine 3.5.0 fixes has cases here, with unique ids and references."""
    assert len(FIXED) >= 15 and len({c.id for c in FIXED}) == len(FIXED)
    assert len({c.build()["reference"] for c in FIXED}) == len(FIXED)
    assert sum(c.outcome != c.was for c in FIXED) >= 11  # each of those fails on engine 3.4.0

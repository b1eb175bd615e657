"""Independent legal cases, second round (session 7, LEGALQA7): dossiers written from the announcements' texts, not
from the engine's code, its rule packs' cited texts or its other tests, with the outcome, the decisive rule(s) and
the key figures written down BEFORE the engine was run.

Same method and harness as tests/rules/test_independent_cases_s6.py (which this file imports): every dossier goes
through ``services.evaluation.evaluate_dossier`` with every party screened as a user's file is (confirmed hits recorded
with ``services.screening.record_screening`` on the stored dossier, then ``evaluate_reference``), and the expanded
determination (``reedesk.rules.render.expand``) is checked. Each case's docstring names the announcement, the article,
the Chinese key phrase and the outcome expected (FORMATS.md outcome codes).

This round covers what session 6 covered thinly: the disputed present (2026-12-02) for every item of Nos. 55–58, 61
and 62 with both readings, the ends of the reported extension (2027-01-10/11); No. 46 of 2024 Art. 2 around No. 72's
end (2026-11-27); No. 1 of 2026 for goods and technology; No. 62 at every stage, its carriers and its deemed export
(「或者在境内向外国组织和个人提供」); No. 61 I(2) at every stage and for every kind of Annex 1 item; routes (a sale inside
one foreign country, re-exports, goods returning to China, HK/MO/TW as destination and as exporter); No. 61's value
line with several currencies, inverse and dated rates, exact comparisons, Part 1 forms, a BOM that does not account
for the Part 1 element; parties (watch-list end users and consignees, branches, names that are only a legal form,
Traditional/Simplified names, the unreliable entity list), licences (other item, not yet valid, destination, end
user, general licences vs watch list), Art. V humanitarian, Art. IV case by case.

Texts used (as reproduced; /work/shared/domain/RULES.md "Second review" supersedes older text):
- MOFCOM No. 61 of 2025 (politics.neamco.com/2025-10/09/content_38329670.htm; weishitang.cn/news/2703292.html;
  hk01.com 60283697): 一 「境外组织和个人（以下称“境外特定出口经营者”）在向中国以外的其他国家和地区出口以下物项前，必须获得
  中国商务部颁发的两用物项出口许可证件」; 一(一) 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项在境外制造的本公告
  附件1第二部分所列物项，且附件1第一部分所列物项占境外制造的附件1第二部分所列物项的价值比例达到0.1%及以上的」; 一(二)
  「使用原产于中国的稀土开采、冶炼分离、金属冶炼、磁材制造、稀土二次资源回收利用相关技术在境外生产的本公告附件1所列物项」;
  一(三) 「原产于中国的本公告附件1所列物项」; 二 「对向境外军事用户的出口申请，以及向出口管制管控名单和关注名单所列的进口商和
  最终用户（包括其控股50%及以上的子公司、分公司等分支机构）的出口申请，原则上不予许可」; 三 WMD / 恐怖主义目的 / 「军事用途
  或者提升军事潜力」; 四 「最终用途为研发、生产14纳米及以下逻辑芯片或者256层及以上存储芯片……或者研发具有潜在军事用途的人工智能
  的出口申请，逐案审批」; 五 humanitarian 免于申请许可 (report within 10 working days); Annex 1 (udn.com/news/story/7333/9059047):
  Part 1 「金属钐、金属镝、金属钆、金属铽、金属镥、金属钪、金属钇、钐钴合金、铽铁合金、镝铁合金、铽镝铁合金、氧化镝、氧化铽」, Part 2
  「稀土永磁材料，如钐钴永磁材料，以及稀土靶材，如钐靶、钆靶等」; 「前2項自2025年12月1日起實施，第3項自公布日起實施」.
- MOFCOM No. 62 of 2025 (hk.crntt.com/doc/1071/2/8/3/107128315.html; caiwennews 1401734): 一(一) 「稀土开采、冶炼分离、金属冶炼、
  磁材制造、稀土二次资源回收利用相关技术及其载体」 (1E902.a); 一(二) 「……相关生产线装配、调试、维护、维修、升级等技术」 (1E902.b);
  「“磁材制造”技术，是指钐钴、钕铁硼、铈磁体制造技术」; 「技术及其载体，包括技术相关资料等数据，例如设计图纸、工艺规范、工艺参数、
  加工程序、仿真数据等」; 二 「本公告所称出口，指将本公告所列管制物项自中华人民共和国境内向境外转移，或者在境内向外国组织和个人提供」.
- MOFCOM/GAC No. 70 of 2025: Nos. 55–58, 61, 62 「自即日起至2026年11月10日」暂停实施; the reported extension to 2027-01-10
  (RULES.md second review: "What follows 2026-11-10 is disputed").
- MOFCOM/GAC No. 18 of 2025; Nos. 55 (superhard), 56 (2B902, 1C914), 57 (Ho, Er, Tm, Eu, Yb), 58 (battery items).
- MOFCOM No. 46 of 2024: Art. 1 「禁止两用物项对美国军事用户或军事用途出口」; Art. 2 (superhard materials to the US,
  原则上不予许可) suspended by No. 72 of 2025 until 2026-11-27.
- MOFCOM No. 1 of 2026 (hk01.com 60310192; udn.com/news/story/7331/9248262): 「禁止所有两用物项对日本军事用户、军事用途，以及一切
  有助于提升日本军事实力的其他最终用户用途出口」; 「任何国家和地区的组织和个人，违反上述规定，将原产于中华人民共和国的相关两用物项转移或
  提供给日本的组织和个人，将依法追究法律责任」; 「公告自公布日起正式实施」 (2026-01-06). The Dual-Use Regulations define 两用物项 as
  「货物、技术和服务，包括相关的技术资料等数据」 — technology included.
- Listings: control list (No. 51 of 2025; No. 11 of 2026), watch list (No. 12 of 2026: no general licence), unreliable
  entity list (2025-10-09: Dedrone by Axon, 「不得从事与中国有关的进出口活动」).

Cases where the engine disagreed with the text are NOT here: their dossiers are in /tmp/team/lq7-discrepancies/ and they
are listed in /tmp/team/NOTES.md ("LEGALQA7 discrepancies") and docs/independent-cases.md ("Session 7").
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.rules.test_independent_cases_s6 import (
    written_case_registrar,
    AFTER, INSIDE, R61_1, R61_2, R61_3, Case, _finding, _party, check_case, cobalt, dossier, evaluate_case, metal,
    money, ndfeb_magnet, rate, sm_metal, smco_magnet, vn_smco, cn_tb,
)
from tests.rules.test_independent_cases_s6_fixed import module_desk

TODAY = "2026-12-02"        # the disputed present: No. 70's text ended 2026-11-10, an extension to 2027-01-10 reported
EXT_LAST = "2027-01-10"     # last day of the reported extension
EXT_AFTER = "2027-01-11"    # after both

EXT = "extended-2027-01-10"
P18, P55, P56, P57, P58, P62 = ("cn-mofcom-gac-2025-018", "cn-mofcom-2025-055", "cn-mofcom-2025-056",
                                "cn-mofcom-2025-057", "cn-mofcom-2025-058", "cn-mofcom-2025-062")
P46, P1, P61, PCA = "cn-mofcom-2024-046", "cn-mofcom-2026-001", "cn-mofcom-2025-061", "cn-export-control-law-012"
CL, WL, UEL = "cn-mofcom-control-list", "cn-mofcom-watch-list", "cn-mofcom-unreliable-entity-list"

CASES: list[Case] = []


case = written_case_registrar(CASES)


# --------------------------------------------------------------------------------------------
# Builders (reedesk.dossier/1)
# --------------------------------------------------------------------------------------------


def cn_product(name: str, category: str, *, code: str | None = None, elements: list[str] | None = None,
               hs: str = "3824999999", value: str = "100.00", made_in: str | None = "CN") -> dict[str, Any]:
    product: dict[str, Any] = {"name": name, "description": name, "hs_code": hs, "category": category,
                               "elements": elements or [], "made_in": made_in, "unit_value": money(value)}
    if code:
        product["control_code"] = code
    return product


def from_cn(ref: str, product: dict[str, Any], destination: str = "DE", **kw: Any) -> dict[str, Any]:
    return dossier(ref, product=product, export_from="CN", destination=destination, **kw)


def diamond() -> dict[str, Any]:
    """Synthetic diamond micropowder (No. 55 of 2025 superhard materials, 「人造金刚石微粉」)."""
    return cn_product("Synthetic diamond micropowder", "superhard_material", hs="7105100000", value="500.00")


def hd_furnace() -> dict[str, Any]:
    """No. 56 of 2025, 2B902 「永磁体氢破炉」."""
    return cn_product("Hydrogen decrepitation furnace for NdFeB magnets", "rare_earth_equipment", hs="8417809090",
                      value="250000.00")


def ore() -> dict[str, Any]:
    return cn_product("Rare-earth ore concentrate (ionic clay)", "rare_earth_raw_material", code="1C914.a")


def anode() -> dict[str, Any]:
    return cn_product("Artificial graphite anode material", "battery_material")


def oxide(symbol: str, name: str, made_in: str = "CN", value: str = "60.00") -> dict[str, Any]:
    return {"name": f"{name} oxide", "description": f"{name} oxide 99.9%", "hs_code": "2846909990",
            "category": "rare_earth_oxide", "elements": [symbol], "made_in": made_in, "unit_value": money(value)}


def eu_phosphor() -> dict[str, Any]:
    return {"name": "Eu-doped strontium aluminate phosphor", "description": "phosphor (荧光粉)", "hs_code": "3206500000",
            "category": "rare_earth_compound", "elements": ["Eu", "Sr", "Al"], "made_in": "CN",
            "unit_value": money("20.00")}


def tech(name: str, code: str | None = "1E902.a", elements: list[str] | None = None, hs: str = "4911990000") -> dict[str, Any]:
    """A No. 62 technology or carrier (1E902.a/.b) as the product of the dossier."""
    product: dict[str, Any] = {"name": name, "description": name, "hs_code": hs, "category": "rare_earth_technology",
                               "elements": elements or [], "made_in": "CN", "unit_value": money("150000.00")}
    if code:
        product["control_code"] = code
    return product


def target(symbol: str, made_in: str, value: str = "3500.00", elements: list[str] | None = None) -> dict[str, Any]:
    return {"name": f"{symbol} sputtering target", "description": "Planar target", "hs_code": "8486909110",
            "category": "rare_earth_target", "elements": elements or [symbol], "made_in": made_in,
            "unit_value": money(value)}


def line(cid: str, description: str, category: str, elements: list[str], amount: str | None, origin: str | None = "CN",
         currency: str = "USD") -> dict[str, Any]:
    return {"id": cid, "description": description, "origin": origin, "category": category, "elements": elements,
            "value": money(amount, currency)}


def techs(stage: str, origin: str | None = "CN") -> list[dict[str, Any]]:
    return [{"stage": stage, "origin": origin, "description": f"{stage} process"}]


# The standard cases of session 6: a Vietnamese Sm-Co magnet, 48.00 USD, with Chinese samarium metal (13.5 %), and
# terbium metal made in China (No. 18, 1C904 「金属铽」), exported from China unless said otherwise.
vn, tb = vn_smco, cn_tb


def reexport(ref: str, product: dict[str, Any], frm: str = "DE", to: str = "US", **kw: Any) -> dict[str, Any]:
    """A China-origin item re-exported by a foreign trader (No. 61 I(3))."""
    return dossier(ref, product=product, export_from=frm, exporter_country=frm, destination=to, **kw)


def i2(ref: str, product: dict[str, Any], stage: str, frm: str | None = None, to: str = "US", **kw: Any) -> dict[str, Any]:
    """An Annex 1 item made abroad with Chinese technology of the given stage (No. 61 I(2)); no Chinese content."""
    return dossier(ref, product=product, export_from=frm or product["made_in"], destination=to,
                   technologies=kw.pop("technologies", None) or techs(stage), **kw)


def _ext(outcome: str) -> dict[str, str]:
    return {EXT: outcome}


JSDF = _party("Japan Maritime Self-Defense Force Supply Depot", "JP", military=True)
US_MIL = _party("US Army Materiel Depot", "US", military=True)


# ============================================================================================
# A. The disputed present, 2026-12-02: every item of Nos. 55–58, 61, 62; both readings
# ============================================================================================


def _dispute(doc: dict[str, Any]) -> None:
    alt = next(r for r in doc["readings"] if r["id"] == EXT)
    assert alt["status"] == "reported_unconfirmed", alt
    assert doc["readings"][0]["primary"] is True and doc["readings"][0]["outcome"] == doc["outcome"]
    assert "2027-01-10" in doc["summary"]["en"] and "2027-01-10" in doc["summary"]["zh-Hans"]


@case("today-no55-diamond", TODAY, "license_required", decisive_prefix=P55, readings=_ext("suspended"), check=_dispute)
def _t55() -> dict[str, Any]:
    """No. 55 of 2025 (superhard materials, 「人造金刚石微粉」) and No. 70 (「自即日起至2026年11月10日」暂停实施): on 2026-12-02 the
    text puts No. 55 back in force → diamond micropowder from China to Germany `license_required`; the reported
    extension to 2027-01-10 shown as a reading giving `suspended`, named in the summary."""
    return from_cn("LQ7-T-55", diamond())


@case("today-no56-furnace", TODAY, "license_required", decisive_prefix=P56, readings=_ext("suspended"), check=_dispute)
def _t56() -> dict[str, Any]:
    """No. 56 of 2025, 2B902 「永磁体氢破炉」, No. 70's window over by its text on 2026-12-02 → `license_required`; the
    extension reading `suspended`."""
    return from_cn("LQ7-T-56", hd_furnace(), "VN")


@case("today-no56-ore", TODAY, "license_required", decisive_prefix=P56, readings=_ext("suspended"))
def _t56ore() -> dict[str, Any]:
    """No. 56 of 2025, 1C914.a rare-earth ore (「稀土原辅料」), on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-56ORE", ore(), "VN")


def _dispute_and_remark(doc: dict[str, Any]) -> None:
    _dispute(doc)
    remark = doc["customs_remark"]  # No. 18's 「报关时应在备注栏中注明是否属于管制物项」 on the text's reading
    assert remark["export_from_china"] is True and remark["controlled"] is True and "1C909" in remark["codes"], remark


@case("today-no57-holmium", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"), check=_dispute_and_remark)
def _t57ho() -> dict[str, Any]:
    """No. 57 of 2025, 1C909 「金属钬」, on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-57HO", metal("Ho", "Holmium"))


@case("today-no57-erbium-oxide", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _t57er() -> dict[str, Any]:
    """No. 57 of 2025, 1C910 「氧化铒及其混合物」, on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-57ER", oxide("Er", "Erbium"))


@case("today-no57-thulium", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _t57tm() -> dict[str, Any]:
    """No. 57 of 2025, 1C911 「金属铥」, on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-57TM", metal("Tm", "Thulium"))


@case("today-no57-europium-phosphor", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _t57eu() -> dict[str, Any]:
    """No. 57 of 2025, 1C912 含铕的发光材料 「荧光粉」, on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-57EU", eu_phosphor())


@case("today-no57-ytterbium", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _t57yb() -> dict[str, Any]:
    """No. 57 of 2025, ytterbium items (「金属镱」, code unverified), on 2026-12-02 → `license_required`; extension
    `suspended`."""
    return from_cn("LQ7-T-57YB", metal("Yb", "Ytterbium"))


@case("today-no58-anode", TODAY, "license_required", decisive_prefix=P58, readings=_ext("suspended"))
def _t58() -> dict[str, Any]:
    """No. 58 of 2025 (「人造石墨负极材料」), on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-58", anode())


@case("today-no62-1e902a", TODAY, "license_required", decisive_prefix=P62, readings=_ext("suspended"), check=_dispute)
def _t62a() -> dict[str, Any]:
    """No. 62 of 2025, 1E902.a 「磁材制造……相关技术及其载体」: NdFeB sintering process specifications provided from China to
    Vietnam on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-62A", tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]), "VN")


@case("today-no62-1e902b", TODAY, "license_required", decisive_prefix=P62, readings=_ext("suspended"))
def _t62b() -> dict[str, Any]:
    """No. 62 of 2025, 1E902.b 「相关生产线装配、调试、维护、维修、升级等技术」: commissioning know-how for a separation line
    provided from China to Malaysia on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-T-62B", tech("Commissioning and maintenance know-how for a solvent-extraction line", "1E902.b"), "MY")


@case("today-i2", TODAY, "license_required", decisive=[R61_2], readings=_ext("suspended"), check=_dispute)
def _ti2() -> dict[str, Any]:
    """No. 61 I(2) 「使用原产于中国的……磁材制造……相关技术在境外生产的」: a Japanese Sm-Co magnet made with Chinese magnet
    technology, to the US, 2026-12-02 → `license_required`; extension `suspended`."""
    return i2("LQ7-T-I2", smco_magnet(made_in="JP"), "magnet_manufacturing")


@case("today-i3", TODAY, "license_required", decisive=[R61_3], readings=_ext("suspended"), check=_dispute)
def _ti3() -> dict[str, Any]:
    """No. 61 I(3) 「原产于中国的本公告附件1所列物项」: Chinese samarium metal re-exported from Korea to the US on 2026-12-02 →
    `license_required`; extension `suspended`."""
    return reexport("LQ7-T-I3", metal("Sm", "Samarium"), "KR", "US")


@case("today-i1-dy-oxide", TODAY, "license_required", decisive=[R61_1], readings=_ext("suspended"),
      figures={R61_1: {"content_total": "0.90", "item_value": "12.40", "comparison": "at_or_above"}})
def _ti1() -> dict[str, Any]:
    """No. 61 I(1) 「氧化镝」 in a Thai NdFeB-Dy magnet (0.90 of 12.40 USD, 7.26 %), 2026-12-02 → `license_required`;
    extension `suspended`."""
    return dossier("LQ7-T-I1", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy"], "TH"),
                   components=[line("C1", "Dysprosium oxide", "rare_earth_oxide", ["Dy"], "0.90")], export_from="TH",
                   destination="DE")


@case("today-i1-military", TODAY, "license_required_presumption_of_denial", decisive=[R61_1], readings=_ext("suspended"))
def _ti1mil() -> dict[str, Any]:
    """No. 61 Art. III(3) 「军事用途或者提升军事潜力」 原则上不予许可, on 2026-12-02: primary (text) reading
    `license_required_presumption_of_denial`; under the reported extension the whole of No. 61 is suspended → `suspended`."""
    return vn("LQ7-T-I1MIL", end_use="military")


@case("today-i1-14nm", TODAY, "case_by_case", decisive=[R61_1], readings=_ext("suspended"))
def _ti1iv() -> dict[str, Any]:
    """No. 61 Art. IV 「14纳米及以下逻辑芯片……逐案审批」 on 2026-12-02 → `case_by_case`; extension `suspended`."""
    return vn("LQ7-T-I1IV", end_use="advanced_logic_14nm")


@case("today-i1-humanitarian", TODAY, "exempt_report_required", decisive=[R61_1], readings=_ext("suspended"))
def _ti1v() -> dict[str, Any]:
    """No. 61 Art. V (紧急医疗、突发公共卫生事件、自然灾害救助 免于申请许可, report in 10 working days) on 2026-12-02 →
    `exempt_report_required`; under the extension nothing of No. 61 applies → `suspended`."""
    return vn("LQ7-T-I1V", end_use="humanitarian")


@case("today-i1-to-china", TODAY, "not_controlled", results={R61_1: "does_not_apply"})
def _ti1cn() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」: the Vietnamese magnet shipped to China on 2026-12-02 → `not_controlled`
    under every reading."""
    return vn("LQ7-T-I1CN", destination="CN", end_user=_party("Ningbo Servo Drives Co., Ltd.", "CN"))


def _ext_same(outcome: str) -> Callable[[dict[str, Any]], None]:
    def check(doc: dict[str, Any]) -> None:
        for r in doc.get("readings", []):
            if r["id"] == EXT:
                assert r["outcome"] == outcome, r
    return check


@case("today-no18-unaffected", TODAY, "license_required", decisive_prefix=P18, check=_ext_same("license_required"))
def _t18() -> dict[str, Any]:
    """No. 18 of 2025 (1C904 「金属铽」) is not named by No. 70: on 2026-12-02 terbium metal from China to Korea →
    `license_required` whichever reading of No. 70's end is taken (an extension reading, if shown, gives the same)."""
    return tb("LQ7-T-18")


@case("today-no18-and-no57-both", TODAY, "license_required", decisive_prefix="cn-mofcom", check=_ext_same("license_required"))
def _t18_57() -> dict[str, Any]:
    """No. 18 (Dy: 「含镝的钕铁硼永磁材料」) and No. 57 (holmium) on a Chinese NdFeB magnet with Dy and Ho, 2026-12-02:
    No. 18 alone needs a licence, so the outcome is `license_required` under either reading of No. 70's end."""
    return from_cn("LQ7-T-18-57", ndfeb_magnet(["Nd", "Fe", "B", "Dy", "Ho"], "CN"))


@case("ext-last-day-no57", EXT_LAST, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _e57() -> dict[str, Any]:
    """The reported extension runs to 2027-01-10 inclusive: holmium metal (No. 57, 「金属钬」) from China that day →
    `license_required` on the text, `suspended` on the extension reading."""
    return from_cn("LQ7-E-57", metal("Ho", "Holmium"))


@case("ext-after-no57", EXT_AFTER, "license_required", decisive_prefix=P57, readings=_ext("license_required"))
def _e57b() -> dict[str, Any]:
    """On 2027-01-11 both ends have passed: holmium metal (No. 57 「金属钬」) → `license_required` under every reading."""
    return from_cn("LQ7-E-57B", metal("Ho", "Holmium"))


@case("ext-after-no56", EXT_AFTER, "license_required", decisive_prefix=P56, readings=_ext("license_required"))
def _e56() -> dict[str, Any]:
    """No. 56 (2B902 「永磁体氢破炉」) on 2027-01-11 → `license_required` under every reading."""
    return from_cn("LQ7-E-56", hd_furnace(), "VN")


@case("ext-after-no62", EXT_AFTER, "license_required", decisive_prefix=P62, readings=_ext("license_required"))
def _e62() -> dict[str, Any]:
    """No. 62 (1E902.a 「冶炼分离……相关技术及其载体」) on 2027-01-11 → `license_required` under every reading."""
    return from_cn("LQ7-E-62", tech("Solvent-extraction separation process parameters"), "MY")


@case("ext-after-no55", EXT_AFTER, "license_required", decisive_prefix=P55, readings=_ext("license_required"))
def _e55() -> dict[str, Any]:
    """No. 55 (「人造金刚石微粉」) to Germany on 2027-01-11 → `license_required` under every reading."""
    return from_cn("LQ7-E-55", diamond())


@case("ext-last-day-i3", EXT_LAST, "license_required", decisive=[R61_3], readings=_ext("suspended"))
def _ei3() -> dict[str, Any]:
    """No. 61 I(3) on 2027-01-10: Chinese Dy oxide (「氧化镝」) re-exported from Japan → `license_required`; extension
    `suspended`."""
    return reexport("LQ7-E-I3", oxide("Dy", "Dysprosium", value="300.00"), "JP", "US")


@case("window-last-day-no58", "2026-11-10", "suspended", decisive_prefix=P58)
def _w58() -> dict[str, Any]:
    """No. 70 「至2026年11月10日」: on 2026-11-10 the No. 58 graphite anode material from China → `suspended`."""
    return from_cn("LQ7-W-58", anode())


@case("window-first-day-after-no58", "2026-11-11", "license_required", decisive_prefix=P58, readings=_ext("suspended"))
def _w58b() -> dict[str, Any]:
    """No. 58 on 2026-11-11 (No. 70 「至2026年11月10日」 over by its text) → `license_required`; extension `suspended`."""
    return from_cn("LQ7-W-58B", anode())


@case("window-last-day-no62", "2026-11-10", "suspended", decisive_prefix=P62)
def _w62() -> dict[str, Any]:
    """No. 62 (1E902.a) suspended by No. 70 「至2026年11月10日」: on 2026-11-10 → `suspended`."""
    return from_cn("LQ7-W-62", tech("Sm-Co magnet sintering drawings", elements=["Sm", "Co"]), "VN")


@case("window-first-day-after-no56", "2026-11-11", "license_required", decisive_prefix=P56, readings=_ext("suspended"))
def _w56b() -> dict[str, Any]:
    """No. 56 (2B902 「永磁体氢破炉」) on 2026-11-11 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-W-56B", hd_furnace(), "VN")


@case("today-control-list-party", TODAY, "prohibited", decisive=["cn-mofcom-lists:control-list"],
      confirm={"end_user": [CL]})
def _tcl() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026 (control list, 「禁止出口经营者向上述20家实体出口两用物项」): terbium metal (No. 18, not suspended)
    from China to JMU Defense Systems Co., Ltd., hit confirmed, on 2026-12-02 → `prohibited`."""
    return tb("LQ7-T-CL", destination="JP", end_user=_party("JMU Defense Systems Co., Ltd.", "JP"))


# ============================================================================================
# B. No. 46 of 2024 Art. 2 (superhard materials to the US) around No. 72's end, 2026-11-27
# ============================================================================================


def us_diamond(ref: str, end_user: dict[str, Any] | None = None, dest: str = "US") -> dict[str, Any]:
    return from_cn(ref, diamond(), dest, end_user=end_user or _party(f"Buyer {ref} Inc.", dest))


@case("no46-art2-day-after-today", TODAY, "license_required_presumption_of_denial", decisive_prefix=P46)
def _n46a() -> dict[str, Any]:
    """No. 46 of 2024 Art. 2 「超硬材料相关两用物项对美国出口，原则上不予许可」, suspended by No. 72 「至2026年11月27日」: on 2026-12-02
    diamond micropowder from China to a US civil buyer → `license_required_presumption_of_denial`."""
    return us_diamond("LQ7-46-TODAY")


@case("no46-art2-2026-11-26", "2026-11-26", "license_required", decisive_prefix=P55, readings=_ext("suspended"))
def _n46b() -> dict[str, Any]:
    """No. 72 suspends No. 46 Art. 2 until 2026-11-27: on 2026-11-26 the diamond micropowder to the US needs only No. 55's
    licence (「人造金刚石微粉」, in force again by No. 70's text) → `license_required`; under the No. 70 extension reading
    No. 55 is suspended and Art. 2 too → `suspended`."""
    return us_diamond("LQ7-46-1126")


@case("no46-art2-inside-both-windows", INSIDE, "suspended", decisive=["cn-mofcom-2024-046:2", "cn-mofcom-2025-055:No. 55 superhard-material items"])
def _n46c() -> dict[str, Any]:
    """On 2026-05-01 No. 55 is suspended by No. 70 and No. 46 Art. 2 by No. 72 (「暂停实施」): diamond micropowder to the US →
    `suspended`."""
    return us_diamond("LQ7-46-IN")


@case("no46-art2-canada", TODAY, "license_required", decisive_prefix=P55)
def _n46d() -> dict[str, Any]:
    """No. 46 Art. 2 names exports 「对美国」 only: the same diamond micropowder to a Canadian buyer on 2026-12-02 → No. 55's
    `license_required`."""
    return us_diamond("LQ7-46-CA", dest="CA")


@case("no46-art2-not-rare-earth", TODAY, "license_required", decisive_prefix=P18)
def _n46f() -> dict[str, Any]:
    """No. 46 Art. 2 covers gallium, germanium, antimony and superhard materials (「超硬材料」), not rare earths: terbium metal
    (No. 18) from China to a US civil buyer on 2026-12-02 → `license_required`, not denial."""
    return tb("LQ7-46-TB", destination="US", end_user=_party("Ohio Motion Components Inc.", "US"))


@case("no46-art1-military-use-civil-user", TODAY, "prohibited", decisive_prefix=P46)
def _n46g() -> dict[str, Any]:
    """No. 46 Art. 1 「……或军事用途出口」: terbium metal from China to a US civil company for a military end use on 2026-12-02 →
    `prohibited`."""
    return tb("LQ7-46-USE", destination="US", end_use="military", end_user=_party("Ohio Motion Components Inc.", "US"))


# ============================================================================================
# C. No. 1 of 2026 (Japan): goods and technology
# ============================================================================================


@case("no1-on-publication-day-samarium", "2026-01-06", "prohibited", decisive_prefix=P1)
def _no1a() -> dict[str, Any]:
    """No. 1 of 2026 「公告自公布日起正式实施」 (2026-01-06): that day, samarium metal (No. 18 1C902) from China to a Japanese
    military user → `prohibited`."""
    return from_cn("LQ7-NO1-DAY", metal("Sm", "Samarium"), "JP", end_user=JSDF)


@case("no1-technology-military-user", TODAY, "prohibited", decisive_prefix=P1)
def _no1b() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」 — dual-use items are 「货物、技术和服务」: No. 62 1E902.a magnet
    technology (in force again by No. 70's text) provided from China to a Japanese military user on 2026-12-02 →
    `prohibited`."""
    return from_cn("LQ7-NO1-TECH", tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]), "JP",
                   end_user=JSDF)


@case("no1-technology-civil-user", TODAY, "license_required", decisive_prefix=P62, readings=_ext("suspended"))
def _no1c() -> dict[str, Any]:
    """No. 1 of 2026 bans military users and uses; a Japanese civil company receiving 1E902.a separation technology for a
    civil use on 2026-12-02 needs No. 62's licence (「未经许可不得出口」) → `license_required`; extension `suspended`."""
    return from_cn("LQ7-NO1-TECHCIV", tech("Rare-earth separation process parameters"), "JP",
                   end_user=_party("Kyushu Advanced Materials KK", "JP"))


@case("no1-humanitarian-military-user", "2026-03-01", "prohibited", decisive_prefix=P1)
def _no1d() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」 has no humanitarian exception (No. 61 Art. V is No. 61's): terbium
    metal from China to a Japanese military user for disaster relief → `prohibited`."""
    return tb("LQ7-NO1-HUM", destination="JP", end_use="humanitarian", end_user=JSDF)


@case("no1-transfer-china-made-magnet", "2026-03-01", "prohibited", decisive_prefix=P1)
def _no1e() -> dict[str, Any]:
    """No. 1 of 2026 「将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人」: a Chinese-made Sm-Co magnet (No. 18 1C902
    「钐钴永磁材料」, dual-use) transferred by a German trader from Germany to a Japanese military user on 2026-03-01 (No. 61
    suspended) → `prohibited`."""
    return reexport("LQ7-NO1-MAG", smco_magnet(made_in="CN"), "DE", "JP", end_user=JSDF)


@case("no1-transfer-civil-reexport-inside", "2026-03-01", "suspended", decisive=[R61_3])
def _no1f() -> dict[str, Any]:
    """No. 1 of 2026 reaches Japanese military users and uses only: Chinese terbium metal re-exported from Korea to a Japanese
    civil user for civil use on 2026-03-01 is No. 61 I(3) (「原产于中国的本公告附件1所列物项」), suspended by No. 70 →
    `suspended`."""
    return reexport("LQ7-NO1-CIVRE", metal("Tb", "Terbium"), "KR", "JP", end_user=_party("Osaka Precision Parts KK", "JP"))


@case("no1-transfer-civil-reexport-today", TODAY, "license_required", decisive=[R61_3], readings=_ext("suspended"))
def _no1g() -> dict[str, Any]:
    """The same re-export on 2026-12-02: No. 61 I(3) (「原产于中国的本公告附件1所列物项」) in force by No. 70's text →
    `license_required`; extension `suspended`."""
    return reexport("LQ7-NO1-CIVRE2", metal("Tb", "Terbium"), "KR", "JP", end_user=_party("Osaka Precision Parts KK", "JP"))


@case("no1-military-use-today", TODAY, "prohibited", decisive_prefix=P1)
def _no1h() -> dict[str, Any]:
    """No. 1 of 2026 「对日本……军事用途」: Chinese Dy oxide (No. 18 「氧化镝」) from China to a Japanese civil company for a
    military end use on 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-NO1-USE", oxide("Dy", "Dysprosium"), "JP", end_use="military",
                   end_user=_party("Kobe Alloy Works KK", "JP"))


@case("no1-control-listed-japanese-entity-civil", "2026-03-01", "prohibited", decisive=["cn-mofcom-lists:control-list"],
      confirm={"end_user": [CL]})
def _no1i() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026 (control list): 「禁止出口经营者向上述20家实体出口两用物项」 — Japan Aerospace Exploration Agency, hit
    confirmed, civil use stated: Chinese yttrium oxide (No. 18 「氧化钇」) → `prohibited`."""
    return from_cn("LQ7-NO1-JAXA", oxide("Y", "Yttrium"), "JP", end_user=_party("Japan Aerospace Exploration Agency", "JP"))


@case("no1-foreign-transfer-control-listed", "2026-03-01", "prohibited", confirm={"end_user": [CL]})
def _no1j() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026: 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给上述20家实体」 — Chinese terbium metal
    re-exported by a Korean trader from Korea to IHI Power Systems Co., Ltd., hit confirmed, 2026-03-01 (No. 61 suspended)
    → `prohibited`."""
    return reexport("LQ7-NO1-IHI", metal("Tb", "Terbium"), "KR", "JP", end_user=_party("IHI Power Systems Co., Ltd.", "JP"))


# ============================================================================================
# D. No. 62 technologies: every stage, carriers, deemed export; No. 61 I(2) at every stage
# ============================================================================================


@case("no62-mining", AFTER, "license_required", decisive_prefix=P62)
def _62mine() -> dict[str, Any]:
    """No. 62 一(一) 「稀土开采……相关技术及其载体」 (1E902.a): ionic-clay in-situ leaching technology from China to Laos on
    2026-11-25 → `license_required`."""
    return from_cn("LQ7-62-MINE", tech("Ionic clay in-situ leaching mining technology"), "LA")


@case("no62-separation", AFTER, "license_required", decisive_prefix=P62)
def _62sep() -> dict[str, Any]:
    """No. 62 一(一) 「冶炼分离……相关技术」: cascade solvent-extraction technology from China to Malaysia → `license_required`."""
    return from_cn("LQ7-62-SEP", tech("Cascade solvent extraction separation technology"), "MY")


@case("no62-metal-smelting", AFTER, "license_required", decisive_prefix=P62)
def _62met() -> dict[str, Any]:
    """No. 62 一(一) 「金属冶炼……相关技术」: molten-salt electrolysis technology for Nd-Pr metal from China to Vietnam →
    `license_required`."""
    return from_cn("LQ7-62-MET", tech("Molten salt electrolysis technology for NdPr metal", elements=["Nd", "Pr"]), "VN")


@case("no62-smco-magnet", AFTER, "license_required", decisive_prefix=P62)
def _62smco() -> dict[str, Any]:
    """No. 62 「“磁材制造”技术，是指钐钴、钕铁硼、铈磁体制造技术」: Sm-Co magnet making technology from China to Germany →
    `license_required`."""
    return from_cn("LQ7-62-SMCO", tech("Sm2Co17 magnet manufacturing technology", elements=["Sm", "Co"]))


@case("no62-cerium-magnet", AFTER, "license_required", decisive_prefix=P62)
def _62ce() -> dict[str, Any]:
    """No. 62 「铈磁体制造技术」 (cerium magnets are named): Ce-rich magnet technology from China to India →
    `license_required`."""
    return from_cn("LQ7-62-CE", tech("Cerium magnet manufacturing technology", elements=["Ce", "Fe", "B"]), "IN")


@case("no62-recycling", AFTER, "license_required", decisive_prefix=P62)
def _62rec() -> dict[str, Any]:
    """No. 62 「稀土二次资源回收利用相关技术」: magnet-scrap recycling technology from China to the US → `license_required`."""
    return from_cn("LQ7-62-REC", tech("NdFeB magnet scrap recycling technology"), "US")


@case("no62-carrier-drawings", AFTER, "license_required", decisive_prefix=P62)
def _62draw() -> dict[str, Any]:
    """No. 62 「技术及其载体，包括……设计图纸、工艺规范、工艺参数、加工程序、仿真数据等」: design drawings of a separation plant
    (the carrier, 1E902.a) sent from China to Indonesia → `license_required`."""
    return from_cn("LQ7-62-DRAW", tech("Design drawings of a rare-earth separation plant", hs="4906000000"), "ID")


@case("no62-carrier-simulation-data", AFTER, "license_required", decisive_prefix=P62)
def _62sim() -> dict[str, Any]:
    """No. 62 carriers include 「仿真数据」: simulation data of a magnet sintering furnace (1E902.a) from China to Korea →
    `license_required`."""
    return from_cn("LQ7-62-SIM", tech("Sintering furnace simulation data set", elements=["Nd", "Fe", "B"]), "KR")


@case("no62-1e902b-upgrade", AFTER, "license_required", decisive_prefix=P62)
def _62b() -> dict[str, Any]:
    """No. 62 一(二) 「……生产线装配、调试、维护、维修、升级等技术」 (1E902.b): upgrade services know-how for a magnet line in
    Thailand → `license_required`."""
    return from_cn("LQ7-62-UPG", tech("Magnet production line upgrade know-how", "1E902.b"), "TH")


@case("no62-unnamed-technology", AFTER, "insufficient_data", missing=["product.control_code"])
def _62unk() -> dict[str, Any]:
    """No. 62 and RULES.md second review (an item of these kinds must never come out "not controlled" just because no rule
    checks it): a rare-earth technology package (「稀土相关技术」) from China whose name does not say which stage or entry →
    `insufficient_data` naming the control code."""
    return from_cn("LQ7-62-UNK", tech("Know-how package KP-3", code=None), "VN")


@case("no62-domestic-chinese-recipient", AFTER, "not_controlled")
def _62dom() -> dict[str, Any]:
    """No. 62 二: an export is a transfer abroad or a provision 「向外国组织和个人」; the same specifications provided inside
    China to a Chinese company → no export → `not_controlled`."""
    return dossier("LQ7-62-DOM", product=tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]),
                   export_from="CN", destination="CN", end_user=_party("Ganzhou Magnet Works Co., Ltd.", "CN"))


@case("no62-publication-day", "2025-10-09", "license_required", decisive_prefix=P62)
def _62pub() -> dict[str, Any]:
    """No. 62 in force on publication (2025-10-09; 「未经许可不得出口」): recycling technology from China that day →
    `license_required`."""
    return from_cn("LQ7-62-PUBDAY", tech("NdFeB magnet scrap recycling technology"), "US")


@case("no62-last-day-before-window", "2025-11-06", "license_required", decisive_prefix=P62)
def _62pre70() -> dict[str, Any]:
    """No. 70 opens its window 「自即日起」 on 2025-11-07: on 2025-11-06 No. 62 1E902.a technology from China →
    `license_required`."""
    return from_cn("LQ7-62-1106", tech("Molten salt electrolysis technology", elements=["Nd", "Pr"]), "VN")


@case("no62-first-day-of-window", "2025-11-07", "suspended", decisive_prefix=P62)
def _62w70() -> dict[str, Any]:
    """No. 70 (2025-11-07) 「自即日起……暂停实施」 No. 62: on 2025-11-07 → `suspended`."""
    return from_cn("LQ7-62-1107", tech("Molten salt electrolysis technology", elements=["Nd", "Pr"]), "VN")


@case("no62-military-end-use-today", TODAY, "license_required", decisive_prefix=P62)
def _62mil() -> dict[str, Any]:
    """No. 62 has no end-use policy of its own and No. 1 / No. 46 name Japanese and US users only: 1E902.a technology to a
    Korean company for a military end use on 2026-12-02 → No. 62's `license_required` (「未经许可不得出口」)."""
    return from_cn("LQ7-62-MIL", tech("Sm-Co magnet sintering drawings", elements=["Sm", "Co"]), "KR", end_use="military")


@case("no62-us-military-user", TODAY, "prohibited", decisive_prefix=P46)
def _62us() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户……出口」 and No. 62 (technology a dual-use item, in force by No. 70's text):
    magnet technology from China to a US military user on 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-62-USMIL", tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]), "US",
                   end_user=US_MIL)


# ---- No. 61 I(2) at every stage --------------------------------------------------------------


@case("i2-metal-smelting-sm", AFTER, "license_required", decisive=[R61_2])
def _i2sm() -> dict[str, Any]:
    """No. 61 I(2) 「金属冶炼」 + Part 1 「金属钐」: Vietnamese samarium metal made with Chinese metal-smelting technology →
    `license_required`."""
    return i2("LQ7-I2-SM", metal("Sm", "Samarium", made_in="VN"), "metal_smelting", to="KR")


@case("i2-magnet-smco-de", AFTER, "license_required", decisive=[R61_2])
def _i2smco() -> dict[str, Any]:
    """No. 61 I(2) 「磁材制造」 + Part 2 「钐钴永磁材料」: a German Sm-Co magnet made with Chinese magnet technology, no Chinese
    content → `license_required` (no percentage test in I(2))."""
    return i2("LQ7-I2-SMCO", smco_magnet(made_in="DE"), "magnet_manufacturing",
              )


@case("i2-plain-ndfeb-part2", AFTER, "license_required", decisive=[R61_2])
def _i2nd() -> dict[str, Any]:
    """No. 61 Annex 1 Part 2 is 「稀土永磁材料」 (all rare-earth permanent-magnet materials, Sm-Co only an example): a Japanese
    Nd-Pr-Fe-B magnet with no Dy or Tb made with Chinese magnet technology → `license_required` under I(2) (No. 18's
    Tb/Dy limit is No. 18's, not No. 61's)."""
    return i2("LQ7-I2-NDPR", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "JP"), "magnet_manufacturing")


@case("i2-y-metal", AFTER, "license_required", decisive=[R61_2])
def _i2y() -> dict[str, Any]:
    """No. 61 I(2) 「金属冶炼」 + Part 1 「金属钇」: Malaysian yttrium metal made with Chinese metal-smelting technology →
    `license_required`."""
    return i2("LQ7-I2-Y", metal("Y", "Yttrium", made_in="MY"), "metal_smelting", to="KR")


@case("i2-tb-oxide-separation", AFTER, "license_required", decisive=[R61_2])
def _i2tbox() -> dict[str, Any]:
    """No. 61 I(2) 「冶炼分离」 + Part 1 「氧化铽」: Malaysian terbium oxide separated with Chinese technology →
    `license_required`."""
    return i2("LQ7-I2-TBOX", oxide("Tb", "Terbium", made_in="MY", value="900.00"), "smelting_separation", to="KR")


@case("i2-sm-target-recycling", AFTER, "license_required", decisive=[R61_2])
def _i2smt() -> dict[str, Any]:
    """No. 61 I(2) 「稀土二次资源回收利用」 + Part 2 「钐靶」: a Korean samarium target made from recycled Sm with Chinese recycling
    technology → `license_required`."""
    return i2("LQ7-I2-SMT", target("Sm", "KR"), "secondary_recycling")


@case("i2-chinese-and-japanese-technology", AFTER, "license_required", decisive=[R61_2])
def _i2mix() -> dict[str, Any]:
    """No. 61 I(2) 「使用原产于中国的……相关技术」: a Japanese Sm-Co magnet made with Japanese sintering and Chinese metal-smelting
    technology (for its own Sm) — one Chinese technology suffices → `license_required`."""
    return i2("LQ7-I2-MIX", smco_magnet(made_in="JP"), "magnet_manufacturing",
              technologies=[{"stage": "magnet_manufacturing", "origin": "JP", "description": "own sintering"},
                            {"stage": "metal_smelting", "origin": "CN", "description": "licensed Sm reduction"}])


@case("i2-to-china", AFTER, "not_controlled", results={R61_2: "does_not_apply"})
def _i2cn() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」: the Japanese Sm-Co magnet made with Chinese technology shipped to China →
    `not_controlled`."""
    return i2("LQ7-I2-CN", smco_magnet(made_in="JP"), "magnet_manufacturing", to="CN",
              end_user=_party("Suzhou Motor Co., Ltd.", "CN"))


@case("i2-after-extension", EXT_AFTER, "license_required", decisive=[R61_2], readings=_ext("license_required"))
def _i2ext() -> dict[str, Any]:
    """No. 61 I(2) (「磁材制造」) on 2027-01-11 → `license_required` under every reading."""
    return i2("LQ7-I2-2027", smco_magnet(made_in="JP"), "magnet_manufacturing")


@case("i2-wmd", AFTER, "license_required_presumption_of_denial", decisive=[R61_2])
def _i2wmd() -> dict[str, Any]:
    """No. 61 Art. III(1) 「设计、开发、生产、使用大规模杀伤性武器及其运载工具」 原则上不予许可 on an I(2) item (Japanese Sm-Co
    magnet, Chinese magnet technology) → `license_required_presumption_of_denial`."""
    return i2("LQ7-I2-WMD", smco_magnet(made_in="JP"), "magnet_manufacturing", end_use="wmd")


@case("i2-256-layer", AFTER, "case_by_case", decisive=[R61_2])
def _i2mem() -> dict[str, Any]:
    """No. 61 Art. IV 「256层及以上存储芯片……逐案审批」: a Korean Gd target made with Chinese recycling technology for a 256-layer
    memory fab → `case_by_case`."""
    return i2("LQ7-I2-MEM", target("Gd", "KR"), "secondary_recycling", end_use="advanced_memory_256_layer")


@case("i2-humanitarian", AFTER, "exempt_report_required", decisive=[R61_2])
def _i2hum() -> dict[str, Any]:
    """No. 61 Art. V 免于申请许可 (report within 10 working days) on an I(2) item: a Japanese Sm-Co magnet made with Chinese
    technology for emergency medical equipment → `exempt_report_required`."""
    return i2("LQ7-I2-HUM", smco_magnet(made_in="JP"), "magnet_manufacturing", end_use="humanitarian")


@case("i2-empty-bom-still-applies", AFTER, "license_required", decisive=[R61_2])
def _i2bom() -> dict[str, Any]:
    """No. 61 I(2) needs no Chinese content: a Vietnamese NdFeB-Dy magnet made with Chinese magnet technology and no BOM lines
    → `license_required` under I(2) whatever the Dy's origin (「使用原产于中国的……磁材制造……相关技术」)."""
    return i2("LQ7-I2-NOBOM", ndfeb_magnet(["Nd", "Fe", "B", "Dy"], "VN"), "magnet_manufacturing")


@case("i2-no-technology-stated", AFTER, "not_controlled")
def _i2none() -> dict[str, Any]:
    """No. 61 I(1)/I(2): a Japanese Nd-Pr-Fe-B magnet (Part 2 「稀土永磁材料」) with Japanese Nd metal only and no Part 1 element
    in it, and its own Japanese technology → nothing of No. 61 applies → `not_controlled`."""
    return dossier("LQ7-I2-NONE", product=ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "JP"),
                   components=[line("C1", "Neodymium metal", "rare_earth_metal", ["Nd"], "3.10", origin="JP")],
                   technologies=techs("magnet_manufacturing", "JP"), export_from="JP", destination="US")


# ============================================================================================
# E. Routes
# ============================================================================================


@case("export-from-third-country-warehouse", AFTER, "license_required", decisive=[R61_1])
def _sg() -> dict[str, Any]:
    """No. 61 一(一): the Vietnamese Sm-Co magnet (13.5 % Chinese Sm) shipped from a Singapore warehouse by a Singapore
    distributor to Germany — a 境外 exporter to a country other than China → `license_required`."""
    return vn("LQ7-R-SG", export_from="SG", exporter_country="SG")


@case("i3-sm-co-alloy-reexport", AFTER, "license_required", decisive=[R61_3])
def _i3smco() -> dict[str, Any]:
    """No. 61 I(3) + Part 1 「钐钴合金」: a Chinese SmCo5 alloy re-exported from Germany to the US → `license_required`."""
    alloy = {"name": "SmCo5 master alloy", "description": "Sm-Co alloy", "hs_code": "8112999000",
             "category": "rare_earth_alloy", "elements": ["Sm", "Co"], "made_in": "CN", "unit_value": money("80.00")}
    return reexport("LQ7-R-I3SMCO", alloy)


@case("i3-gd-target-reexport", AFTER, "license_required", decisive=[R61_3], readings={"treated-as-china": "not_controlled"})
def _i3gdt() -> dict[str, Any]:
    """No. 61 I(3) + Part 2 「钆靶」: a Chinese Gd target re-exported from Korea to Taiwan → `license_required` (primary
    reading, Taiwan a destination other than China) and the hk-mo-tw reading shown (`not_controlled`)."""
    return reexport("LQ7-R-I3GDT", target("Gd", "CN"), "KR", "TW", end_user=_party("Hsinchu Thin Film Ltd.", "TW"))


@case("i3-plain-ndfeb-magnet", AFTER, "license_required", decisive=[R61_3])
def _i3nd() -> dict[str, Any]:
    """No. 61 I(3) 「原产于中国的本公告附件1所列物项」 with Part 2 「稀土永磁材料」 (all rare-earth magnets): a Chinese Nd-Pr-Fe-B magnet
    with no Dy/Tb re-exported from Germany to the US → `license_required` (No. 61's Part 2 is not limited like No. 18's
    magnet entries)."""
    return reexport("LQ7-R-I3ND", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"))


@case("i3-lu-metal", AFTER, "license_required", decisive=[R61_3])
def _i3lu() -> dict[str, Any]:
    """No. 61 I(3) + Part 1 「金属镥」: Chinese lutetium metal re-exported from the Netherlands to the UK → `license_required`."""
    return reexport("LQ7-R-I3LU", metal("Lu", "Lutetium"), "NL", "GB")


@case("i3-ho-metal-not-annex", AFTER, "not_controlled")
def _i3ho() -> dict[str, Any]:
    """No. 61 Annex 1 has no holmium (a No. 57 element): Chinese holmium metal re-exported from Germany → `not_controlled`
    (No. 57 controls exports from China only: 「出口」 by Chinese exporters)."""
    return reexport("LQ7-R-I3HO", metal("Ho", "Holmium"))


@case("i3-sm-oxide-not-annex", AFTER, "not_controlled")
def _i3smox() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 oxides are 「氧化镝、氧化铽」 only: Chinese samarium oxide re-exported from Germany →
    `not_controlled`."""
    return reexport("LQ7-R-I3SMOX", oxide("Sm", "Samarium"))


@case("i3-returning-to-china", AFTER, "not_controlled", results={R61_3: "does_not_apply"})
def _i3back() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」: Chinese terbium metal returned by a German buyer to its Chinese supplier
    (destination CN) → `not_controlled`."""
    return reexport("LQ7-R-BACK", metal("Tb", "Terbium"), "DE", "CN", end_user=_party("Baotou Rare Metals Co., Ltd.", "CN"))


@case("i3-to-hong-kong-open", AFTER, "license_required", decisive=[R61_3], readings={"treated-as-china": "not_controlled"})
def _i3hk() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区」: Chinese terbium metal re-exported from Germany to Hong Kong — primary reading (a
    separate customs territory) `license_required`; the reading that HK is China shown, giving `not_controlled`."""
    return reexport("LQ7-R-I3HK", metal("Tb", "Terbium"), "DE", "HK", end_user=_party("Kowloon Metals Ltd.", "HK"))


@case("no18-to-macau-open", AFTER, "license_required", decisive_prefix=P18, readings={"treated-as-china": "not_controlled"})
def _mo18() -> dict[str, Any]:
    """No. 18 of 2025 (1C904 「金属铽」) from the mainland to Macau: an export on the primary reading (separate customs
    territory) → `license_required`; the reading that Macau stays in China shown (`not_controlled`)."""
    return tb("LQ7-R-MO18", destination="MO", end_user=_party("Macau Trading Co., Ltd.", "MO"))


@case("no18-to-taiwan-open", AFTER, "license_required", decisive_prefix=P18, readings={"treated-as-china": "not_controlled"})
def _tw18() -> dict[str, Any]:
    """No. 18 of 2025 (1C902 「金属钐」) from the mainland to Taiwan → `license_required`; `treated-as-china` shown
    (`not_controlled`)."""
    return from_cn("LQ7-R-TW18", metal("Sm", "Samarium"), "TW", end_user=_party("Taichung Magnet Ltd.", "TW"))


@case("i1-to-macau-open", AFTER, "license_required", decisive=[R61_1], readings={"treated-as-china": "not_controlled"})
def _mo61() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」 with Macau as destination: the Vietnamese magnet → primary `license_required`,
    `treated-as-china` shown (`not_controlled`)."""
    return vn("LQ7-R-MO61", destination="MO", end_user=_party("Macau Drives Ltd.", "MO"))


@case("i3-from-hong-kong", AFTER, "license_required")
def _hkfrom() -> dict[str, Any]:
    """Chinese terbium metal shipped from Hong Kong by a Hong Kong trader to the US: on the primary reading (HK a separate
    customs territory) a re-export of a China-origin Annex 1 item, No. 61 I(3) (「原产于中国的本公告附件1所列物项」); on the other an
    export from China under No. 18 — either way `license_required`."""
    return reexport("LQ7-R-HKFROM", metal("Tb", "Terbium"), "HK", "US")


@case("i1-from-taiwan-made-target", AFTER, "license_required", decisive=[R61_1])
def _twfrom() -> dict[str, Any]:
    """No. 61 I(1): a Taiwanese Y sputtering target (Part 2 「稀土靶材」) with Chinese yttrium metal (「金属钇」, 50.00 of
    2,000.00 USD, 2.5 %), shipped from Taiwan to Japan → `license_required` (primary reading)."""
    return dossier("LQ7-R-TWFROM", product=target("Y", "TW", "2000.00"),
                   components=[line("C1", "Yttrium metal", "rare_earth_metal", ["Y"], "50.00")], export_from="TW",
                   destination="JP")


# ============================================================================================
# F. No. 61 I(1): the value line — currencies, rates, exactness, forms, missing data
# ============================================================================================


@case("i1-three-currencies-exactly-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.040", "item_value": "40.00", "comparison": "at_or_above"}})
def _cur3() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」, RULES.md valuation step 4 (convert every value with a stated rate): a 40.00 EUR
    Sm-Co magnet with Chinese Sm 0.20 CNY (× 0.13 = 0.026 EUR) and Chinese Sm 0.014 USD (× 1.00 = 0.014 EUR): 0.040 EUR =
    exactly 0.1 % → `license_required`."""
    return vn("LQ7-V-CUR3", product=smco_magnet(value="40.00", currency="EUR"),
              components=[sm_metal("0.20", currency="CNY"), sm_metal("0.014", cid="C2"), cobalt()],
              rates=[rate("CNY", "EUR", "0.13"), rate("USD", "EUR", "1.00")])


@case("i1-inverse-rate-one-third", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.03", "comparison": "at_or_above"}})
def _inv3() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」 with a rate stated the other way (USD→EUR 3): 0.09 EUR ÷ 3 = 0.03 USD exactly in a 30.00 USD
    magnet = 0.1 % → `license_required` (the inverse must be exact, not 0.0299999…)."""
    return vn("LQ7-V-INV3", product=smco_magnet(value="30.00"), components=[sm_metal("0.09", currency="EUR"), cobalt()],
              rates=[rate("USD", "EUR", "3")])


@case("i1-jpy-product-usd-line", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "10.5", "comparison": "at_or_above"}})
def _jpy() -> dict[str, Any]:
    """No. 61 一(一): a 10,000 JPY magnet with Chinese Sm worth 0.07 USD at USD→JPY 150 = 10.5 JPY = 0.105 % →
    `license_required` (「达到0.1%及以上」)."""
    return vn("LQ7-V-JPY", product=smco_magnet(value="10000", currency="JPY"),
              components=[sm_metal("0.07"), cobalt("0")], rates=[rate("USD", "JPY", "150")])


def _display_below(doc: dict[str, Any]) -> None:
    shown = _finding(doc, R61_1)["figures"]["ratio_percent_display"]
    assert Decimal(shown) < Decimal("0.1"), shown  # a ratio below the line is never displayed as 0.1000 %


@case("i1-below-by-a-hair", AFTER, "not_controlled", figures={R61_1: {"content_total": "0.04799999999", "comparison": "below"}},
      check=_display_below)
def _hair_below() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」 compared exactly: 0.04799999999 USD of 48.00 USD is below → `not_controlled`."""
    return vn("LQ7-V-HAIRLO", sm="0.04799999999")


@case("i1-above-by-a-hair", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.04800000001", "comparison": "at_or_above"}})
def _hair_above() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: 0.04800000001 USD of 48.00 USD is above → `license_required`."""
    return vn("LQ7-V-HAIRHI", sm="0.04800000001")


@case("i1-two-part1-forms-sum", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.0124", "comparison": "at_or_above"}})
def _dy_tb_sum() -> dict[str, Any]:
    """No. 61 一(一) 「附件1第一部分所列物项占……价值比例」 (all Part 1 items together): Chinese Dy oxide 0.0062 + Chinese Tb oxide
    0.0062 USD in a 12.40 USD Thai NdFeB-Dy-Tb magnet = 0.0124 = exactly 0.1 % → `license_required`."""
    return dossier("LQ7-V-DYTB", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy", "Tb"], "TH"),
                   components=[line("C1", "Dysprosium oxide", "rare_earth_oxide", ["Dy"], "0.0062"),
                               line("C2", "Terbium oxide", "rare_earth_oxide", ["Tb"], "0.0062")],
                   export_from="TH", destination="DE")


@case("i1-chinese-below-japanese-above", AFTER, "not_controlled", figures={R61_1: {"content_total": "0.04", "comparison": "below"}})
def _cn_jp() -> dict[str, Any]:
    """No. 61 一(一) counts 「原产于中国的」 Part 1 items only: Chinese Sm 0.04 USD (0.083 %) + Japanese Sm 0.50 USD in a 48.00
    USD magnet → Chinese content below the line → `not_controlled`."""
    return vn("LQ7-V-CNJP", components=[sm_metal("0.04"), sm_metal("0.50", origin="JP", cid="C2"), cobalt()])


@case("i1-tb-fe-alloy", AFTER, "license_required", decisive=[R61_1], figures={R61_1: {"content_total": "0.50"}})
def _tbfe() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 「铽铁合金」: a Chinese Tb-Fe alloy (0.50 of 12.40 USD) in a Thai NdFeB-Tb magnet →
    `license_required`."""
    return dossier("LQ7-V-TBFE", product=ndfeb_magnet(["Nd", "Fe", "B", "Tb"], "TH"),
                   components=[line("C1", "Tb-Fe alloy", "rare_earth_alloy", ["Tb", "Fe"], "0.50")],
                   export_from="TH", destination="DE")


@case("i1-lu-metal-target", AFTER, "license_required", decisive=[R61_1])
def _lu_t() -> dict[str, Any]:
    """No. 61 Part 1 「金属镥」 in a Part 2 「稀土靶材」: a Japanese Lu target with Chinese Lu metal (40.00 of 2,000.00 USD) →
    `license_required`."""
    return dossier("LQ7-V-LU", product=target("Lu", "JP", "2000.00"),
                   components=[line("C1", "Lutetium metal", "rare_earth_metal", ["Lu"], "40.00")], export_from="JP",
                   destination="US")


@case("i1-sm-oxide-not-part1", AFTER, "not_controlled", results={R61_1: "does_not_apply"})
def _smox() -> dict[str, Any]:
    """No. 61 Part 1 oxides are 「氧化镝、氧化铽」 only: Chinese samarium oxide (2.00 of 3,500.00 USD) in a Korean Sm target →
    not Part 1 content → `not_controlled`."""
    return dossier("LQ7-V-SMOX", product=target("Sm", "KR"),
                   components=[line("C1", "Samarium oxide", "rare_earth_oxide", ["Sm"], "2.00")], export_from="KR",
                   destination="US")


@case("i1-dy-fluoride-not-part1", AFTER, "not_controlled", results={R61_1: "does_not_apply"})
def _dyf() -> dict[str, Any]:
    """No. 61 Part 1 has no compounds (「氧化镝」 is the only Dy form besides 「金属镝」 and 「镝铁合金」): Chinese Dy fluoride (0.90 of
    12.40 USD) in a Thai NdFeB-Dy magnet → `not_controlled`."""
    return dossier("LQ7-V-DYF", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy"], "TH"),
                   components=[line("C1", "Dysprosium fluoride", "rare_earth_compound", ["Dy", "F"], "0.90")],
                   export_from="TH", destination="DE")


@case("i1-tb-metal-just-below", AFTER, "not_controlled", figures={R61_1: {"content_total": "0.0123", "comparison": "below"}})
def _tb_below() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: Chinese Tb metal 0.0123 of 12.40 USD (0.0992 %) in a Thai NdFeB-Tb magnet → below →
    `not_controlled`."""
    return dossier("LQ7-V-TBLO", product=ndfeb_magnet(["Nd", "Fe", "B", "Tb"], "TH"),
                   components=[line("C1", "Terbium metal", "rare_earth_metal", ["Tb"], "0.0123")],
                   export_from="TH", destination="DE")


@case("i1-nd-line-unknown-origin-irrelevant", AFTER, "not_controlled")
def _nd_unk() -> dict[str, Any]:
    """No. 61 Part 1 has no neodymium: a Japanese Nd-Pr-Fe-B magnet (no Part 1 element) whose Nd metal line has an unknown
    origin — that origin cannot change the answer (「附件1第一部分所列物项」) → `not_controlled`, nothing missing asked."""
    return dossier("LQ7-V-NDUNK", product=ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "JP"),
                   components=[line("C1", "Neodymium metal", "rare_earth_metal", ["Nd"], "3.10", origin=None)],
                   export_from="JP", destination="US")


@case("i1-rotor-assembly-open", AFTER, "not_controlled", readings={"assemblies-included": "license_required"})
def _rotor() -> dict[str, Any]:
    """No. 61 一(一) denominator 「境外制造的附件1第二部分所列物项」 — the magnet, not the assembly: a Vietnamese rotor assembly
    (category other) with Chinese Dy oxide (0.90 of 80.00 USD) → `not_controlled` on the text's reading, the
    `assemblies-included` reading shown (`license_required`)."""
    rotor = {"name": "Rotor assembly with NdFeB-Dy magnets", "description": "EV motor rotor", "hs_code": "850390",
             "category": "other", "elements": ["Nd", "Fe", "B", "Dy"], "made_in": "VN", "unit_value": money("80.00")}
    return dossier("LQ7-V-ROTOR", product=rotor,
                   components=[line("C1", "Dysprosium oxide", "rare_earth_oxide", ["Dy"], "0.90")], export_from="VN",
                   destination="DE")


@case("i1-product-value-zero", AFTER, "insufficient_data", missing=["product.unit_value"])
def _zero_val() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例」 and RULES.md valuation step 3 (normal selling price or fair market value): a magnet declared at
    0.00 USD (a free sample) with Chinese Sm worth 6.50 USD — the ratio cannot be formed against zero; its fair market value
    is needed → `insufficient_data` naming product.unit_value."""
    return vn("LQ7-V-ZEROVAL", product=smco_magnet(value="0.00"))


@case("i1-line-value-currency-rate-missing-but-other-line-decides", AFTER, "license_required", decisive=[R61_1])
def _rate_irrelevant() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: Chinese Sm 6.50 USD alone is 13.5 %; a second Chinese Sm line in GBP without a rate cannot
    lower the sum → `license_required` (the missing rate does not decide)."""
    return vn("LQ7-V-GBP", components=[sm_metal("6.50"), sm_metal("0.10", currency="GBP", cid="C2"), cobalt()])


# ============================================================================================
# G. Parties: lists, owners, names, scripts
# ============================================================================================


@case("ii-watch-list-end-user-subaru", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [WL]})
def _subaru() -> dict[str, Any]:
    """No. 61 二 「向……关注名单所列的……最终用户……的出口申请，原则上不予许可」: SUBARU Corporation (watch list, No. 12 of 2026),
    hit confirmed, as end user of the Vietnamese magnet → `license_required_presumption_of_denial`."""
    return vn("LQ7-P-SUBARU", destination="JP", end_user=_party("SUBARU Corporation", "JP"))


@case("ii-watch-list-traditional-name", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [WL]})
def _subaru_trad() -> dict[str, Any]:
    """No. 12 of 2026 lists 斯巴鲁株式会社; the end user written in Traditional script 斯巴魯株式會社 is the same entity (hit
    confirmed) → No. 61 二 `license_required_presumption_of_denial`."""
    return vn("LQ7-P-SUBARU-T", destination="JP", end_user=_party("斯巴魯株式會社", "JP"))


@case("ii-watch-list-consignee", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"consignee": [WL]})
def _eneos() -> dict[str, Any]:
    """No. 61 二 names 「进口商和最终用户」; RULES.md second review: screen the importer/consignee too. ENEOS Corporation (watch
    list) as consignee, hit confirmed → `license_required_presumption_of_denial`."""
    return vn("LQ7-P-ENEOS", destination="JP", end_user=_party("Kansai Servo Works", "JP"),
              shipment_extra={"consignee": _party("ENEOS Corporation", "JP")})


@case("ii-branch-wholly-owned", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user.owners[0]": [CL]})
def _branch() -> dict[str, Any]:
    """No. 61 二 「（包括其控股50%及以上的子公司、分公司等分支机构）」: the end user is a branch wholly owned (share 1) by Huntington
    Ingalls Industries, Inc. (control list, No. 51 of 2025), confirmed → `license_required_presumption_of_denial`."""
    owner = {"name": "Huntington Ingalls Industries, Inc.", "country": "US", "share": "1"}
    return vn("LQ7-P-BRANCH", destination="US", end_user=_party("HII Gulf Coast Branch", "US", owners=[owner]))


@case("ii-two-owners-below-50-each", AFTER, "license_required", decisive=[R61_1],
      confirm={"end_user.owners[0]": [CL]})
def _two_owners() -> dict[str, Any]:
    """No. 61 二 「控股50%及以上」 is a listed party's own holding: 30 % held by Huntington Ingalls Industries (control list,
    confirmed) and 30 % by an unlisted fund — the listed party holds less than 50 % → `license_required`."""
    owners = [{"name": "Huntington Ingalls Industries, Inc.", "country": "US", "share": "0.30"},
              {"name": "Blue Harbor Capital Partners", "country": "US", "share": "0.30"}]
    return vn("LQ7-P-TWOOWN", destination="US", end_user=_party("Newport Coastal Drives LLC", "US", owners=owners))


@case("ii-owner-on-uel-only", AFTER, "license_required", decisive=[R61_1], confirm={"end_user": [UEL]})
def _uel_only() -> dict[str, Any]:
    """No. 61 二 names the control list and the watch list (「出口管制管控名单和关注名单」), not the unreliable entity list; the
    entity-list measure (「与中国有关的进出口」) does not reach a foreign-made magnet shipped between third countries. The
    Vietnamese magnet to Dedrone by Axon (unreliable entity list 2025-10-09 only, confirmed) → `license_required`."""
    return vn("LQ7-P-DEDRONE", destination="US", end_user=_party("Dedrone by Axon", "US"))


@case("uel-export-from-china-any-item", "2025-10-10", "prohibited", confirm={"end_user": [UEL]})
def _uel_cn() -> dict[str, Any]:
    """Unreliable entity list (2025-10-09, Dedrone by Axon, 「不得从事与中国有关的进出口活动」): a Chinese Nd-Pr-Fe-B magnet on no
    dual-use list exported from China to it on 2025-10-10, hit confirmed → `prohibited`."""
    return from_cn("LQ7-P-DEDRONE-CN", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "US",
                   end_user=_party("Dedrone by Axon", "US"))


@case("uel-day-before-listing", "2025-10-08", "not_controlled")
def _uel_pre() -> dict[str, Any]:
    """The unreliable-entity listing of Dedrone by Axon took effect 2025-10-09 (「自公布之日起」): on 2025-10-08 the same unlisted
    Nd-Pr-Fe-B magnet → `not_controlled`."""
    return from_cn("LQ7-P-DEDRONE-PRE", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "US",
                   end_user=_party("Dedrone by Axon", "US"))


@case("control-list-simplified-name-export-from-china", "2026-03-01", "prohibited",
      decisive=["cn-mofcom-lists:control-list"], confirm={"end_user": [CL]})
def _simp() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026 (control list) lists 三菱重工航空发动机株式会社 (Mitsubishi Heavy Industries Aero Engines, Ltd.): the end
    user written in Simplified script, hit confirmed, samarium metal (No. 18) from China → `prohibited`
    (「禁止出口经营者向上述20家实体出口两用物项」)."""
    return from_cn("LQ7-P-SIMP", metal("Sm", "Samarium"), "JP", end_user=_party("三菱重工航空发动机株式会社", "JP"))


@case("watch-list-cleared-hit", AFTER, "license_required", decisive=[R61_1], confirm={"end_user": [WL]}, decision="cleared")
def _wl_cleared() -> dict[str, Any]:
    """RULES.md second review ("a party matching a list entry … with no recorded decision"): a person cleared the watch-list
    hit on "TDK" (another company of that name) → No. 61 I(1)'s civil `license_required` (「原则上不予许可」 not reached)."""
    return vn("LQ7-P-TDKCLR", destination="JP", end_user=_party("TDK", "JP"))


@case("ii-military-consignee", AFTER, "license_required_presumption_of_denial", decisive=[R61_1])
def _mil_cons() -> dict[str, Any]:
    """No. 61 二 「对向境外军事用户的出口申请……原则上不予许可」: the consignee is a military depot (military: true), the end user a
    civil company → `license_required_presumption_of_denial`."""
    return vn("LQ7-P-MILCONS", shipment_extra={"consignee": _party("Bundeswehr Depot Nord", "DE", military=True)})


@case("no1-watch-list-civil-use-no18", "2026-03-01", "license_required",
      decisive=["cn-mofcom-gac-2025-018:1C902–1C908", "cn-mofcom-lists:watch-list"], confirm={"end_user": [WL]})
def _wl_no18() -> dict[str, Any]:
    """Watch list (No. 12 of 2026): no general licence, a single licence with a risk report (「不得申请通用许可」) — not a ban:
    terbium metal from China to SUBARU Corporation (confirmed) for civil use → No. 18's `license_required`."""
    return tb("LQ7-P-WLNO18", destination="JP", end_user=_party("SUBARU Corporation", "JP"))


# ============================================================================================
# H. Licences held
# ============================================================================================


def lic(number: str, holder: str, *, code: str = "1C904", kind: str = "single", valid_from: str = "2026-01-01",
        valid_until: str = "2026-12-31", destinations: list[str] | None = None,
        end_users: list[dict[str, Any]] | None = None, limits: list[dict[str, Any]] | None = None,
        holder_country: str = "CN", hs: str | None = "2805301910") -> dict[str, Any]:
    item: dict[str, Any] = {"control_code": code, "description": "licensed item"}
    if hs:
        item["hs_code"] = hs
    return {"format": "reedesk.licence/1", "number": number, "authority": "MOFCOM", "type": kind,
            "holder": {"name": holder, "country": holder_country}, "valid_from": valid_from, "valid_until": valid_until,
            "items": [item], "destinations": destinations or ["KR"], "consignees": [],
            "end_users": end_users if end_users is not None else [], "limits": limits or []}


def _not_covered(code: str) -> Callable[[dict[str, Any]], None]:
    def check(doc: dict[str, Any]) -> None:
        assert doc["licence"] is not None and doc["licence"]["covers"] is False, doc["licence"]
        assert code in [f["code"] for f in doc["licence"]["failures"]], doc["licence"]
    return check


def _covered(doc: dict[str, Any]) -> None:
    assert doc["licence"] is not None and doc["licence"]["covers"] is True, doc["licence"]


def tb_lic(ref: str, licence: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return tb(ref, end_user=kw.pop("end_user", None) or _party("Hanseong Magnetics Co., Ltd.", "KR"),
              shipment_extra={"licence": licence, "quantity": {"amount": "10", "unit": "kg"}}, **kw)


@case("licence-other-item", "2026-06-01", "license_required", decisive_prefix=P18, check=_not_covered("item"))
def _lic_item() -> dict[str, Any]:
    """No. 18 of 2025 (1C904 「金属铽」): the licence on file is for 1C902 (samarium) → it does not cover terbium metal →
    `license_required`, failure `item`."""
    return tb_lic("LQ7-L-ITEM", lic("MOFCOM-2026-LQ7-ITEM", "Client LQ7-L-ITEM Co., Ltd.", code="1C902"))


@case("licence-not-yet-valid", "2026-06-01", "license_required", decisive_prefix=P18, check=_not_covered("not_yet_valid"))
def _lic_future() -> dict[str, Any]:
    """No. 18 of 2025 with a MOFCOM licence valid from 2026-07-01: on 2026-06-01 it does not cover (「未经许可不得出口」) →
    `license_required`, failure `not_yet_valid`."""
    return tb_lic("LQ7-L-FUT", lic("MOFCOM-2026-LQ7-FUT", "Client LQ7-L-FUT Co., Ltd.", valid_from="2026-07-01"))


@case("licence-other-destination", "2026-06-01", "license_required", decisive_prefix=P18, check=_not_covered("destination"))
def _lic_dest() -> dict[str, Any]:
    """No. 18 of 2025: a terbium licence for Japan does not cover a shipment to Korea → `license_required`, failure
    `destination` (许可证件载明的目的国)."""
    return tb_lic("LQ7-L-DEST", lic("MOFCOM-2026-LQ7-DEST", "Client LQ7-L-DEST Co., Ltd.", destinations=["JP"]))


@case("licence-other-end-user", "2026-06-01", "license_required", decisive_prefix=P18, check=_not_covered("end_user"))
def _lic_eu() -> dict[str, Any]:
    """No. 18 of 2025: a licence naming end user Busan Motor Co. does not cover a shipment to Hanseong Magnetics →
    `license_required`, failure `end_user` (最终用户)."""
    return tb_lic("LQ7-L-EU", lic("MOFCOM-2026-LQ7-EU", "Client LQ7-L-EU Co., Ltd.",
                                  end_users=[{"name": "Busan Motor Co., Ltd.", "country": "KR"}]))


@case("licence-quantity-exceeded", "2026-06-01", "license_required", decisive_prefix=P18,
      check=_not_covered("quantity_limit"))
def _lic_qty() -> dict[str, Any]:
    """No. 18 of 2025: a licence for 5 kg of terbium metal does not cover a 10 kg shipment → `license_required`, failure
    `quantity_limit` (许可数量)."""
    return tb_lic("LQ7-L-QTY", lic("MOFCOM-2026-LQ7-QTY", "Client LQ7-L-QTY Co., Ltd.",
                                   limits=[{"quantity": "5", "unit": "kg"}]))


@case("licence-general-covers-civil", "2026-06-01", "license_required", decisive_prefix=P18, check=_covered)
def _lic_gen() -> dict[str, Any]:
    """General licences for civil rare-earth exports (MOFCOM spokesman 2025-12-18; class A 「通用许可」): a general_a licence for
    terbium metal to Korea held by the exporter covers the shipment to an unlisted Korean civil user → `license_required`,
    covers true."""
    return tb_lic("LQ7-L-GEN", lic("MOFCOM-2026-LQ7-GEN", "Client LQ7-L-GEN Co., Ltd.", kind="general_a"))


@case("licence-general-watch-listed", "2026-06-01", "license_required",
      decisive=["cn-mofcom-gac-2025-018:1C902–1C908", "cn-mofcom-lists:watch-list"],
      confirm={"end_user": [WL]}, check=_not_covered("general_listed_party"))
def _lic_gen_wl() -> dict[str, Any]:
    """Watch list (No. 12 of 2026, 「不得申请通用许可」): a general licence never covers a watch-listed end user — SUBARU
    Corporation (confirmed) receiving terbium metal from China under the exporter's general_a licence for Japan →
    `license_required`, failure `general_listed_party`."""
    return tb_lic("LQ7-L-GENWL", lic("MOFCOM-2026-LQ7-GENWL", "Client LQ7-L-GENWL Co., Ltd.", kind="general_a",
                                     destinations=["JP"]),
                  destination="JP", end_user=_party("SUBARU Corporation", "JP"))


@case("licence-no61-holder-other", AFTER, "license_required", decisive=[R61_1], check=_not_covered("holder"))
def _lic_holder() -> dict[str, Any]:
    """No. 61 一 「必须获得中国商务部颁发的两用物项出口许可证件」 — the exporter's own licence: a licence issued to another Vietnamese
    company does not cover this exporter's shipment → `license_required`, failure `holder`."""
    return vn("LQ7-L-HOLDER", shipment_extra={
        "licence": lic("MOFCOM-2026-LQ7-HOLDER", "Another Magnet JSC", code="1C902", holder_country="VN",
                       destinations=["DE"], valid_from="2026-11-11", valid_until="2027-11-10", hs="850511"),
        "quantity": {"amount": "100", "unit": "pcs"}})


# ============================================================================================
# I. Art. V humanitarian and Art. IV case by case
# ============================================================================================


@case("v-i3-today", TODAY, "exempt_report_required", decisive=[R61_3], readings=_ext("suspended"))
def _v_i3() -> dict[str, Any]:
    """No. 61 Art. V 「最终用途为紧急医疗、应对突发公共卫生事件、自然灾害救助等……免于申请许可」: Chinese Gd metal re-exported from
    Germany for emergency MRI equipment on 2026-12-02 → `exempt_report_required`; extension `suspended`."""
    return reexport("LQ7-H-I3", metal("Gd", "Gadolinium"), "DE", "UA", end_use="humanitarian")


@case("v-no57-from-china-no-exemption", AFTER, "license_required", decisive_prefix=P57)
def _v57() -> dict[str, Any]:
    """The humanitarian exemption is No. 61's (Art. V); No. 57 (「金属钬」) has none: holmium metal exported from China for
    disaster relief → `license_required`."""
    return from_cn("LQ7-H-57", metal("Ho", "Holmium"), end_use="humanitarian")


@case("v-no62-technology-no-exemption", AFTER, "license_required", decisive_prefix=P62)
def _v62() -> dict[str, Any]:
    """No. 62 (「未经许可不得出口」) has no humanitarian exemption: recycling technology from China for a disaster-relief project
    → `license_required`."""
    return from_cn("LQ7-H-62", tech("NdFeB magnet scrap recycling technology"), "TR", end_use="humanitarian")


@case("iv-i3-14nm", AFTER, "case_by_case", decisive=[R61_3])
def _iv_i3() -> dict[str, Any]:
    """No. 61 Art. IV 「研发、生产14纳米及以下逻辑芯片……逐案审批」: Chinese scandium metal (Part 1 「金属钪」) re-exported from Japan to a
    US 14 nm logic fab → `case_by_case`."""
    return reexport("LQ7-C-I3", metal("Sc", "Scandium"), "JP", "US", end_use="advanced_logic_14nm")


@case("iv-military-ai-target", AFTER, "case_by_case", decisive=[R61_1])
def _iv_ai() -> dict[str, Any]:
    """No. 61 Art. IV 「研发具有潜在军事用途的人工智能的出口申请，逐案审批」: a Japanese Sc target with Chinese Sc metal (10 %) for an
    AI-accelerator R&D lab → `case_by_case`."""
    return dossier("LQ7-C-AI", product=target("Sc", "JP", "1200.00", ["Al", "Sc"]),
                   components=[line("C1", "Scandium metal", "rare_earth_metal", ["Sc"], "120.00")], export_from="JP",
                   destination="US", end_use="military_ai")


@case("iv-14nm-watch-listed-importer", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"importer": [WL]})
def _iv_wl() -> dict[str, Any]:
    """No. 61 二 (关注名单所列的进口商 → 原则上不予许可) against 四 (14 nm → 逐案审批): a watch-listed importer (ITOCHU Aviation Co.,
    Ltd., confirmed) — denial in principle is the stricter → `license_required_presumption_of_denial`."""
    return vn("LQ7-C-WL", destination="JP", end_use="advanced_logic_14nm",
              shipment_extra={"importer": _party("ITOCHU Aviation Co., Ltd.", "JP")})


@case("iv-no18-from-china", AFTER, "license_required", decisive_prefix=P18)
def _iv18() -> dict[str, Any]:
    """No. 61 Art. IV (逐案审批) is No. 61's licensing policy, not No. 18's: terbium metal exported from China to a Korean 14 nm
    fab → No. 18's `license_required`."""
    return tb("LQ7-C-18", end_use="advanced_logic_14nm")


@case("iv-inside-window", INSIDE, "suspended", decisive=[R61_1])
def _iv_in() -> dict[str, Any]:
    """No. 61 suspended by No. 70 (「暂停实施」) on 2026-05-01: the 256-layer memory end use of the Vietnamese magnet →
    `suspended`."""
    return vn("LQ7-C-IN", end_use="advanced_memory_256_layer")


@case("iv-wmd-outranks-case-by-case-i2", AFTER, "license_required_presumption_of_denial", decisive=[R61_2])
def _iv_wmd() -> dict[str, Any]:
    """No. 61 三 WMD (原则上不予许可) is stricter than 四: an I(2) Korean Gd target for WMD → `license_required_presumption_of_denial`."""
    return i2("LQ7-C-WMD", target("Gd", "KR"), "secondary_recycling", end_use="wmd")


# ============================================================================================
# J. Second round: bans on every kind of item, transfers inside a foreign country, goods vs technology
# ============================================================================================


@case("no46-art1-holmium-us-military", TODAY, "prohibited", decisive_prefix=P46)
def _j46ho() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户……出口」: holmium metal (No. 57 「金属钬」, in force by No. 70's text) from
    China to a US military user on 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-J-46HO", metal("Ho", "Holmium"), "US", end_user=US_MIL)


@case("no46-art1-furnace-us-military-use", TODAY, "prohibited", decisive_prefix=P46)
def _j46hd() -> dict[str, Any]:
    """No. 46 Art. 1 「……或军事用途出口」: a No. 56 hydrogen-decrepitation furnace (2B902 「永磁体氢破炉」) from China to a US civil
    company for a military end use on 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-J-46HD", hd_furnace(), "US", end_use="military", end_user=_party("Ohio Motion Components Inc.", "US"))


@case("no1-ore-japanese-military-use", TODAY, "prohibited", decisive_prefix=P1)
def _j1ore() -> dict[str, Any]:
    """No. 1 of 2026 「……军事用途」: No. 56 1C914.a rare-earth ore from China to a Japanese civil importer for a military end use
    on 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-J-1ORE", ore(), "JP", end_use="military", end_user=_party("Kyushu Advanced Materials KK", "JP"))


@case("control-list-technology", TODAY, "prohibited", decisive=["cn-mofcom-lists:control-list"], confirm={"end_user": [CL]})
def _jcltech() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026 「禁止出口经营者向上述20家实体出口两用物项」 — technology is a dual-use item: No. 62 1E902.a magnet
    technology from China to NEC Aerospace Systems, Ltd. (hit confirmed) on 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-J-CLTECH", tech("Sm-Co magnet sintering drawings", elements=["Sm", "Co"]), "JP",
                   end_user=_party("NEC Aerospace Systems, Ltd.", "JP"))


@case("transfer-inside-japan-to-control-listed", "2026-03-01", "prohibited", confirm={"end_user": [CL]})
def _jin_jp_cl() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026: 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给上述20家实体」 — a transfer, not only an
    export: a Japanese trader selling Chinese terbium metal inside Japan (export_from JP, destination JP) to IHI Aerospace
    Co., Ltd. (hit confirmed) → `prohibited`."""
    return reexport("LQ7-J-INJPCL", metal("Tb", "Terbium"), "JP", "JP", end_user=_party("IHI Aerospace Co., Ltd.", "JP"))


@case("transfer-inside-japan-to-military-user", "2026-03-01", "prohibited", decisive_prefix=P1)
def _jin_jp_mil() -> dict[str, Any]:
    """MOFCOM No. 1 of 2026: 「任何国家和地区的组织和个人……将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人」 (users
    and uses the ban names): a Japanese trader selling Chinese terbium metal inside Japan to a Japanese military user →
    `prohibited`."""
    return reexport("LQ7-J-INJPMIL", metal("Tb", "Terbium"), "JP", "JP", end_user=JSDF)


@case("goods-provided-inside-china-to-foreign-company", AFTER, "license_required", decisive_prefix=P18)
def _jgoods_cn() -> dict[str, Any]:
    """Export Control Law Art. 2: 「本法所称出口管制，是指国家对从中华人民共和国境内向境外转移管制物项，以及中华人民共和国公民、法人和
    非法人组织向外国组织和个人提供管制物项，采取禁止或者限制性措施」 — goods included (「货物、技术、服务等物项」), as No. 62 二 says
    for its technologies. Terbium metal (No. 18, 1C904) handed over inside China by a Chinese company to a German company
    (export_from CN, destination CN) → `license_required`. (First written as `not_controlled` — "No. 18 controls goods
    leaving the customs territory" —; revised on reading Art. 2's second limb, which names no place: the reading closest
    to the text is that a provision to a foreign party is an export.)"""
    return tb("LQ7-J-GOODSCN", destination="CN", end_user=_party("Rhein Magnettechnik GmbH", "DE"))


@case("no62-technology-passed-on-abroad", AFTER, "not_controlled")
def _j62abroad() -> dict[str, Any]:
    """No. 62 二: 「出口，指……自中华人民共和国境内向境外转移，或者在境内向外国组织和个人提供」; No. 61 Annex 1 holds no technology. A
    Vietnamese company passing Chinese-origin separation know-how (1E902.a) from Vietnam to India → neither instrument reaches
    it → `not_controlled`."""
    product = tech("Solvent extraction process parameters")
    return dossier("LQ7-J-62ABROAD", product=product, export_from="VN", exporter_country="VN", destination="IN")


@case("i3-us-military-user-from-germany", AFTER, "license_required_presumption_of_denial", decisive=[R61_3])
def _ji3mil() -> dict[str, Any]:
    """No. 46 Art. 1 bans exports (from China) and has no third-country clause; No. 61 二 「对向境外军事用户的出口申请……原则上不予许可」:
    Chinese terbium metal re-exported from Germany to a US military user → `license_required_presumption_of_denial`."""
    return reexport("LQ7-J-I3MIL", metal("Tb", "Terbium"), "DE", "US", end_user=US_MIL)


@case("i3-control-listed-no-transfer-clause", AFTER, "license_required_presumption_of_denial", decisive=[R61_3],
      confirm={"end_user": [CL]})
def _ji3hii() -> dict[str, Any]:
    """No. 51 of 2025 lists Huntington Ingalls Industries with an export ban (no transfer clause found); No. 61 二 「向出口管制管控
    名单……所列的……最终用户……原则上不予许可」: Chinese terbium metal re-exported from Germany to it (confirmed) →
    `license_required_presumption_of_denial`."""
    return reexport("LQ7-J-I3HII", metal("Tb", "Terbium"), "DE", "US",
                    end_user=_party("Huntington Ingalls Industries, Inc.", "US"))


@case("no1-korean-made-no-chinese-content", "2026-03-01", "not_controlled")
def _j1kr() -> dict[str, Any]:
    """No. 1 of 2026 reaches 「原产于中华人民共和国的相关两用物项」 transferred by others: a Korean Sm-Co magnet with Korean samarium
    and Korean technology shipped from Korea to a Japanese military user → nothing of China's reaches it →
    `not_controlled`."""
    return dossier("LQ7-J-1KR", product=smco_magnet(made_in="KR"), components=[sm_metal("6.50", origin="KR"), cobalt()],
                   technologies=techs("magnet_manufacturing", "KR"), export_from="KR", destination="JP", end_user=JSDF)


@case("no18-terrorism-no-presumption", AFTER, "license_required", decisive_prefix=P18)
def _j18ter() -> dict[str, Any]:
    """No. 18 of 2025 (「未经许可不得出口」) has no end-use policy of its own (the presumptions are No. 61's, Arts. II–III): terbium
    metal from China to Korea for a stated terrorism end use → `license_required` (the licence is what the export needs;
    its review is MOFCOM's)."""
    return tb("LQ7-J-18TER", end_use="terrorism")


@case("i3-publication-day", "2025-10-09", "license_required", decisive=[R61_3])
def _ji3pub() -> dict[str, Any]:
    """No. 61 I(3) 「第3項自公布日起實施」: on 2025-10-09 Chinese Dy oxide (「氧化镝」) re-exported from Japan to the US →
    `license_required`."""
    return reexport("LQ7-J-I3PUB", oxide("Dy", "Dysprosium", value="300.00"), "JP", "US")


@case("i1-hong-kong-made-magnet", AFTER, "license_required", decisive=[R61_1])
def _jhkmade() -> dict[str, Any]:
    """No. 61 一(一) 「境外制造的……」 on the primary reading (HK outside the mainland customs territory): a Hong Kong-made Sm-Co magnet
    with 13.5 % Chinese Sm shipped from Hong Kong to Germany → `license_required`."""
    return vn("LQ7-J-HKMADE", product=smco_magnet(made_in="HK"), export_from="HK")


@case("i1-dy-metal-counts", AFTER, "license_required", decisive=[R61_1], figures={R61_1: {"content_total": "0.30"}})
def _jdy() -> dict[str, Any]:
    """No. 61 Part 1 「金属镝」: Chinese Dy metal 0.30 of 12.40 USD (2.4 %) in a Thai NdFeB-Dy magnet → `license_required`."""
    return dossier("LQ7-J-DYMET", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy"], "TH"),
                   components=[line("C1", "Dysprosium metal", "rare_earth_metal", ["Dy"], "0.30")],
                   export_from="TH", destination="DE")


@case("i1-rate-dated-as-of-day-wins", TODAY, "license_required", decisive=[R61_1], figures={R61_1: {"content_total": "0.0494"}})
def _jrate() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」 with RULES.md step 4 (a stated rate and date): CNY→USD 0.1250 of 2026-11-01 and 0.1300 of
    2026-12-02; as of 2026-12-02 the day's rate applies: 0.38 CNY × 0.13 = 0.0494 USD ≥ 0.048 → `license_required`
    (with the older rate, 0.0475, it would be below)."""
    return vn("LQ7-J-RATEDAY", components=[sm_metal("0.38", currency="CNY"), cobalt()],
              rates=[rate("CNY", "USD", "0.1250", "2026-11-01"), rate("CNY", "USD", "0.1300", "2026-12-02")])


@case("licence-last-valid-day", "2026-12-31", "license_required", decisive_prefix=P18, check=_covered)
def _jlic() -> dict[str, Any]:
    """No. 18 of 2025 with a MOFCOM licence valid to 2026-12-31 (「有效期」, both days included): on 2026-12-31 it covers →
    `license_required`, covers true."""
    return tb_lic("LQ7-J-LICLAST", lic("MOFCOM-2026-LQ7-LAST", "Client LQ7-J-LICLAST Co., Ltd."))


@case("ii-foreign-made-to-no11-entity", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [CL]})
def _jvnihi() -> dict[str, Any]:
    """No. 61 二 「向出口管制管控名单……所列的……最终用户……原则上不予许可」: the Vietnamese Sm-Co magnet (13.5 % Chinese Sm, I(1)) to IHI
    Aerospace Co., Ltd. (No. 11 of 2026, confirmed) → `license_required_presumption_of_denial` (the magnet itself is not
    「原产于中华人民共和国的两用物项」)."""
    return vn("LQ7-J-VNIHI", destination="JP", end_user=_party("IHI Aerospace Co., Ltd.", "JP"))


# ============================================================================================
# K. Third round: the closed item lists of Nos. 18 and 57 (gtic.007swz.com/xinxi/cmerpta.html; eastmoney 1608530642)
# ============================================================================================


def alloy(name: str, elements: list[str], made_in: str = "CN", category: str = "rare_earth_alloy") -> dict[str, Any]:
    return {"name": name, "description": name, "hs_code": "8112999000", "category": category, "elements": elements,
            "made_in": made_in, "unit_value": money("80.00")}


@case("no18-tb-fe-alloy-not-named", AFTER, "not_controlled")
def _k_tbfe() -> dict[str, Any]:
    """No. 18 of 2025, 1C904.a.2 含铽的合金 names only 「a. 铽钴合金；b. 铽钴铁合金」 (RULES.md second review: closed per element): a
    Tb-Fe master alloy (not a target) exported from China is not a listed No. 18 item → `not_controlled` (although No. 61
    Part 1 names 「铽铁合金」 for re-exports)."""
    return from_cn("LQ7-K-TBFE", alloy("Tb-Fe master alloy", ["Tb", "Fe"]), "KR")


@case("no18-sm-ni-alloy", AFTER, "license_required", decisive_prefix=P18)
def _k_smni() -> dict[str, Any]:
    """No. 18 of 2025, 1C902.a.2 「c. 钐镍合金」: a Sm-Ni alloy exported from China → `license_required`."""
    return from_cn("LQ7-K-SMNI", alloy("Sm-Ni alloy", ["Sm", "Ni"]), "KR")


@case("no18-tb-co-target", AFTER, "license_required", decisive_prefix=P18)
def _k_tbcot() -> dict[str, Any]:
    """No. 18 of 2025, 1C904.a.3 含铽的靶材 「b. 铽钴合金靶」: a Tb-Co alloy target exported from China → `license_required`."""
    return from_cn("LQ7-K-TBCOT", target("Tb", "CN", elements=["Tb", "Co"]), "KR")


@case("no18-gd-co-alloy-not-target", AFTER, "not_controlled")
def _k_gdco() -> dict[str, Any]:
    """No. 18 of 2025, 1C903.a: Gd-Co appears only as a target (「c. 钆钴合金靶」); the Gd alloys are 「钆镁合金、钆铝合金」: a Gd-Co
    master alloy (not a target) exported from China → `not_controlled`."""
    return from_cn("LQ7-K-GDCO", alloy("Gd-Co master alloy", ["Gd", "Co"]), "KR")


@case("no18-gd-co-target", AFTER, "license_required", decisive_prefix=P18)
def _k_gdcot() -> dict[str, Any]:
    """No. 18 of 2025, 1C903.a.3 「c. 钆钴合金靶」: a Gd-Co alloy target exported from China → `license_required`."""
    return from_cn("LQ7-K-GDCOT", target("Gd", "CN", elements=["Gd", "Co"]), "KR")


@case("no18-sc-al-alloy", AFTER, "license_required", decisive_prefix=P18)
def _k_scal() -> dict[str, Any]:
    """No. 18 of 2025, Sc items (含钪的合金: 「钪铝合金」, code 1C907 unverified): an Al-Sc master alloy exported from China →
    `license_required`."""
    return from_cn("LQ7-K-SCAL", alloy("Al-Sc master alloy", ["Al", "Sc"]), "KR")


@case("no18-dy-fluoride-compound", AFTER, "license_required", decisive_prefix=P18)
def _k_dyf() -> dict[str, Any]:
    """No. 18 of 2025, Dy items 「含镝的化合物及其混合物」 (.c): dysprosium fluoride exported from China → `license_required`
    (No. 18 lists compounds; No. 61 Part 1 does not)."""
    product = {"name": "Dysprosium fluoride", "description": "DyF3", "hs_code": "2846909920", "category": "rare_earth_compound",
               "elements": ["Dy", "F"], "made_in": "CN", "unit_value": money("250.00")}
    return from_cn("LQ7-K-DYF", product, "KR")


@case("no18-y-mixed-oxide", AFTER, "license_required", decisive=["cn-mofcom-2025-057:1C909–1C913", "cn-mofcom-gac-2025-018:1C902–1C908"])
def _k_yox() -> dict[str, Any]:
    """No. 18 of 2025, Y items 「氧化钇及其混合物」: a Y-Eu mixed oxide exported from China on 2026-11-25 → `license_required`
    (also a No. 57 Eu item; either needs a licence)."""
    product = {"name": "Y-Eu mixed oxide", "description": "(Y,Eu)2O3", "hs_code": "2846909990", "category": "rare_earth_oxide",
               "elements": ["Y", "Eu"], "made_in": "CN", "unit_value": money("90.00")}
    return from_cn("LQ7-K-YEUOX", product, "KR")


@case("no18-la-ce-oxide", AFTER, "not_controlled")
def _k_lace() -> dict[str, Any]:
    """Lanthanum and cerium are on none of the lists (No. 18: Sm, Gd, Tb, Dy, Lu, Sc, Y; No. 57: Ho, Er, Tm, Eu, Yb): a La-Ce
    mixed oxide (polishing powder raw material, 「氧化镧铈」) exported from China, civil → `not_controlled`."""
    product = {"name": "La-Ce mixed oxide", "description": "polishing powder feed", "hs_code": "2846909990",
               "category": "rare_earth_oxide", "elements": ["La", "Ce"], "made_in": "CN", "unit_value": money("5.00")}
    return from_cn("LQ7-K-LACE", product, "KR")


@case("no57-holmium-magnet", AFTER, "license_required", decisive_prefix=P57)
def _k_homag() -> dict[str, Any]:
    """No. 57 of 2025, 1C909.a.4 「含钬的永磁材料」 (any permanent magnet with Ho, unlike No. 18's Tb/Dy NdFeB entries): a Chinese
    NdFeB magnet with Ho and no Dy/Tb exported from China on 2026-11-25 → `license_required`."""
    return from_cn("LQ7-K-HOMAG", ndfeb_magnet(["Nd", "Fe", "B", "Ho"], "CN"))


@case("no57-holmium-magnet-inside", INSIDE, "suspended", decisive_prefix=P57)
def _k_homag_in() -> dict[str, Any]:
    """No. 57 「含钬的永磁材料」 suspended by No. 70 (「至2026年11月10日」): the Nd-Ho magnet on 2026-05-01 → `suspended`."""
    return from_cn("LQ7-K-HOMAGIN", ndfeb_magnet(["Nd", "Fe", "B", "Ho"], "CN"))


@case("no57-holmium-magnet-today", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _k_homag_t() -> dict[str, Any]:
    """No. 57 「含钬的永磁材料」 on 2026-12-02 → `license_required`; extension `suspended`."""
    return from_cn("LQ7-K-HOMAGT", ndfeb_magnet(["Nd", "Fe", "B", "Ho"], "CN"))


@case("no57-er-alloy", AFTER, "license_required", decisive_prefix=P57)
def _k_eral() -> dict[str, Any]:
    """No. 57 of 2025, 1C910.a.2 含铒的合金 「a. 铒铝合金」: an Er-Al alloy exported from China → `license_required`."""
    return from_cn("LQ7-K-ERAL", alloy("Er-Al alloy", ["Er", "Al"]))


@case("no57-eu-mg-alloy-inside", INSIDE, "suspended", decisive_prefix=P57)
def _k_eumg() -> dict[str, Any]:
    """No. 57 of 2025, 1C912.a.2 「a. 镁铕合金」, suspended by No. 70 on 2026-05-01 → `suspended`."""
    return from_cn("LQ7-K-EUMG", alloy("Mg-Eu alloy", ["Mg", "Eu"]))


@case("no57-ho-target", TODAY, "license_required", decisive_prefix=P57, readings=_ext("suspended"))
def _k_hot() -> dict[str, Any]:
    """No. 57 of 2025, 1C909.a.3 「a. 钬靶」: a holmium target exported from China on 2026-12-02 → `license_required`; extension
    `suspended`."""
    return from_cn("LQ7-K-HOT", target("Ho", "CN"), "KR")


# ---- more routes and parties on the disputed present --------------------------------------------


@case("i3-japanese-military-user-today", TODAY, "prohibited", decisive_prefix=P1)
def _k_i3jp() -> dict[str, Any]:
    """No. 1 of 2026 「将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人」 (the users the ban names) and No. 61 I(3): Chinese
    terbium metal re-exported from Korea to a Japanese military user on 2026-12-02 → `prohibited` (the ban is stricter than
    No. 61 二's denial in principle)."""
    return reexport("LQ7-K-I3JP", metal("Tb", "Terbium"), "KR", "JP", end_user=JSDF)


@case("i3-watch-listed-today", TODAY, "license_required_presumption_of_denial", decisive=[R61_3],
      readings=_ext("suspended"), confirm={"end_user": [WL]})
def _k_i3wl() -> dict[str, Any]:
    """No. 61 二 「向……关注名单所列的……最终用户……原则上不予许可」 on an I(3) re-export: Chinese Dy oxide re-exported from Korea to
    ITOCHU Aviation Co., Ltd. (watch list, confirmed) on 2026-12-02 → `license_required_presumption_of_denial`; extension
    `suspended`."""
    return reexport("LQ7-K-I3WL", oxide("Dy", "Dysprosium", value="300.00"), "KR", "JP",
                    end_user=_party("ITOCHU Aviation Co., Ltd.", "JP"))


@case("i2-cerium-magnet", AFTER, "license_required", decisive=[R61_2])
def _k_i2ce() -> dict[str, Any]:
    """No. 61 I(2) with Part 2 「稀土永磁材料」 and No. 62's 「铈磁体」 magnet making: a Vietnamese Ce-rich magnet made with Chinese
    magnet-manufacturing technology → `license_required`."""
    magnet = {"name": "Ce-rich sintered magnet", "description": "(Ce,Nd)FeB magnet", "hs_code": "850511",
              "category": "rare_earth_permanent_magnet", "elements": ["Ce", "Nd", "Fe", "B"], "made_in": "VN",
              "unit_value": money("6.00")}
    return i2("LQ7-K-I2CE", magnet, "magnet_manufacturing", to="DE")


@case("ii-owner-simplified-name-50pct", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user.owners[0]": [CL]})
def _k_own_zh() -> dict[str, Any]:
    """No. 61 二 「（包括其控股50%及以上的子公司……）」: the end user is held 50 % by 三菱造船株式会社 (Mitsubishi Heavy Industries
    Shipbuilding Co., control list, No. 11 of 2026), owner named in Simplified script, confirmed →
    `license_required_presumption_of_denial`."""
    owner = {"name": "三菱造船株式会社", "country": "JP", "share": "0.5"}
    return vn("LQ7-K-OWNZH", destination="JP", end_user=_party("Nagasaki Marine Drives KK", "JP", owners=[owner]))


# ============================================================================================
# L. Fourth round: Part 1 alloy names, Gd content in NdFeB, unknown end use and destination
# ============================================================================================


def th_magnet(ref: str, elements: list[str], comp: dict[str, Any], value: str = "12.40") -> dict[str, Any]:
    return dossier(ref, product=ndfeb_magnet(elements, "TH", value), components=[comp], export_from="TH", destination="DE")


@case("i1-sm-fe-alloy-not-named", AFTER, "not_controlled", results={R61_1: "does_not_apply"})
def _l_smfe() -> dict[str, Any]:
    """No. 61 Part 1 alloys are 「钐钴合金、铽铁合金、镝铁合金、铽镝铁合金」: a Chinese Sm-Fe alloy (2.00 of 20.00 USD) in a Thai Sm-Fe-N
    magnet is not a named Part 1 alloy → `not_controlled` on the text's reading (RULES.md second review)."""
    magnet = {"name": "Sm-Fe-N bonded magnet", "description": "bonded SmFeN", "hs_code": "850519",
              "category": "rare_earth_permanent_magnet", "elements": ["Sm", "Fe", "N"], "made_in": "TH",
              "unit_value": money("20.00")}
    return dossier("LQ7-L-SMFE", product=magnet, components=[line("C1", "Sm-Fe alloy", "rare_earth_alloy", ["Sm", "Fe"], "2.00")],
                   export_from="TH", destination="DE")


@case("i1-dy-fe-alloy-named", AFTER, "license_required", decisive=[R61_1], figures={R61_1: {"content_total": "0.60"}})
def _l_dyfe() -> dict[str, Any]:
    """No. 61 Part 1 「镝铁合金」: a Chinese Dy-Fe alloy (0.60 of 12.40 USD) in a Thai NdFeB-Dy magnet → `license_required`."""
    return th_magnet("LQ7-L-DYFE", ["Nd", "Fe", "B", "Dy"], line("C1", "Dy-Fe alloy", "rare_earth_alloy", ["Dy", "Fe"], "0.60"))


@case("i1-tb-co-alloy-not-part1", AFTER, "not_controlled")
def _l_tbco() -> dict[str, Any]:
    """No. 61 Part 1 names 「铽铁合金」 and 「铽镝铁合金」, not Tb-Co (a No. 18 alloy): a Chinese Tb-Co alloy (0.50 of 12.40 USD) in a
    Thai NdFeB-Tb magnet → `not_controlled` on the text's reading."""
    return th_magnet("LQ7-L-TBCO", ["Nd", "Fe", "B", "Tb"], line("C1", "Tb-Co alloy", "rare_earth_alloy", ["Tb", "Co"], "0.50"))


@case("i1-gd-metal-ndfeb-exactly-at-line", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.0124", "ratio": "0.001", "comparison": "at_or_above"}})
def _l_gd() -> dict[str, Any]:
    """No. 61 一(一) 「……价值比例达到0.1%及以上的」 with 「金属钆」 in a Part 2 「稀土永磁材料」: Chinese Gd metal 0.0124 of 12.40 USD
    (exactly 0.1 %) in a Thai NdFeB-Gd magnet → `license_required` (though No. 18 does not list NdFeB-Gd magnets)."""
    return th_magnet("LQ7-L-GD", ["Nd", "Fe", "B", "Gd"], line("C1", "Gadolinium metal", "rare_earth_metal", ["Gd"], "0.0124"))


@case("no62-end-use-unknown-japan", AFTER, "insufficient_data", missing=["shipment.end_use"])
def _l_62jp() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本……军事用途……出口」 reaches technology: 1E902.a magnet technology from China to a Japanese
    civil company with the end use not stated — a military use would make it prohibited → `insufficient_data` naming
    the end use."""
    return from_cn("LQ7-L-62JP", tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]), "JP",
                   end_use=None, end_user=_party("Kyushu Advanced Materials KK", "JP"))


@case("no62-end-use-unknown-us", AFTER, "insufficient_data", missing=["shipment.end_use"])
def _l_62us() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「……或军事用途出口」: 1E902.a separation technology to a US civil company, end use not stated →
    `insufficient_data` naming the end use."""
    return from_cn("LQ7-L-62US", tech("Cascade solvent extraction separation technology"), "US", end_use=None,
                   end_user=_party("Ohio Motion Components Inc.", "US"))


@case("no62-end-use-unknown-korea", AFTER, "license_required", decisive_prefix=P62)
def _l_62kr() -> dict[str, Any]:
    """No. 62 (「未经许可不得出口」) needs a licence whatever the end use, and no ban names Korean users: 1E902.a technology to
    Korea with the end use not stated → `license_required`."""
    return from_cn("LQ7-L-62KR", tech("Cascade solvent extraction separation technology"), "KR", end_use=None)


@case("no18-destination-unknown", AFTER, "insufficient_data", missing=["shipment.destination"])
def _l_18dest() -> dict[str, Any]:
    """No. 18 of 2025 controls the 「出口」 of terbium metal: from China to an unknown destination (could be a sale inside China,
    or Japan/US with their bans) → `insufficient_data` naming the destination."""
    return tb("LQ7-L-18DEST", destination=None)


@case("ii-owner-hit-undecided", AFTER, "insufficient_data", missing=["shipment.end_user.owners[0]"])
def _l_own_open() -> dict[str, Any]:
    """No. 61 二 「（包括其控股50%及以上的子公司……）」 and RULES.md second review ("Parties"): the end user's 60 % owner matches Huntington
    Ingalls Industries, Inc. (control list) and nobody has decided the hit → `insufficient_data` naming the owner's
    screening."""
    owner = {"name": "Huntington Ingalls Industries, Inc.", "country": "US", "share": "0.60"}
    return vn("LQ7-L-OWNOPEN", destination="US", end_user=_party("Newport Coastal Drives LLC", "US", owners=[owner]))


@case("no18-foreign-exporter-from-china", AFTER, "license_required", decisive_prefix=P18)
def _l_18foreign() -> dict[str, Any]:
    """No. 18 of 2025 controls the export of its items from China (「出口」 from the PRC's customs territory) whoever ships them:
    a German trading company exporting Chinese terbium metal from China (exporter DE, export_from CN) → `license_required`."""
    return tb("LQ7-L-18FOREIGN", exporter_country="DE")


@case("uel-traditional-name-export-from-china", AFTER, "prohibited", confirm={"end_user": [UEL]})
def _l_uel_trad() -> dict[str, Any]:
    """Unreliable entity list (2024-05-20: 通用原子航空系统公司, General Atomics Aeronautical Systems; 「禁止其从事与中国有关的进出口活动」):
    the end user written in Traditional script 通用原子航空系統公司, hit confirmed, a Chinese Nd-Pr-Fe-B magnet on no dual-use list
    exported from China → `prohibited`."""
    return from_cn("LQ7-L-UELTRAD", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "US",
                   end_user=_party("通用原子航空系統公司", "US"))


@case("watch-list-day-before-listing", "2026-02-23", "license_required", decisive=["cn-mofcom-gac-2025-018:1C902–1C908"])
def _l_wl_pre() -> dict[str, Any]:
    """No. 12 of 2026 (watch list) took effect on publication, 2026-02-24: on 2026-02-23 terbium metal from China to SUBARU
    Corporation is only No. 18's `license_required` (no list measure yet; 「自公布之日起」)."""
    return tb("LQ7-L-WLPRE", destination="JP", end_user=_party("SUBARU Corporation", "JP"))


@case("control-list-consignee-export-from-china", "2026-03-01", "prohibited", decisive=["cn-mofcom-lists:control-list"],
      confirm={"consignee": [CL]})
def _m_clcons() -> dict[str, Any]:
    """MOFCOM No. 11 of 2026 「禁止出口经营者向上述20家实体出口两用物项」: terbium metal from China to an unlisted Japanese end user,
    consigned to Fujitsu Defense & National Security, Ltd. (control list, confirmed) → `prohibited`."""
    return tb("LQ7-M-CLCONS", destination="JP", end_user=_party("Osaka Precision Parts KK", "JP"),
              shipment_extra={"consignee": _party("Fujitsu Defense & National Security, Ltd.", "JP")})


@case("uel-consignee-export-from-china", AFTER, "prohibited", confirm={"consignee": [UEL, CL]})
def _m_uelcons() -> dict[str, Any]:
    """Unreliable entity list (Lockheed Martin, 2023-02-16: 「禁止其从事与中国有关的进出口活动」): a Chinese Nd-Pr-Fe-B magnet (on no
    dual-use list) from China consigned to Lockheed Martin Corporation (hits confirmed), end user unlisted → `prohibited`."""
    return from_cn("LQ7-M-UELCONS", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "US",
                   end_user=_party("Ohio Motion Components Inc.", "US"),
                   shipment_extra={"consignee": _party("Lockheed Martin Corporation", "US")})


@case("i1-content-above-item-value", AFTER, "license_required", decisive=[R61_1])
def _m_over() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」: a Chinese Sm line of 60.00 USD in a 48.00 USD magnet (a ratio above 100 %, e.g. a
    loss-making sale) is still at or above the line → `license_required` (the ratio has no upper bound in the text)."""
    return vn("LQ7-M-OVER", sm="60.00")


@case("licence-value-limit-exceeded", "2026-06-01", "license_required", decisive_prefix=P18, check=_not_covered("value_limit"))
def _m_val() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's own limits (许可证件载明的数量、金额): 10 kg × 1,250.00 USD = 12,500.00 USD against a
    10,000.00 USD limit → not covered → `license_required`, failure `value_limit`."""
    return tb_lic("LQ7-M-VAL", lic("MOFCOM-2026-LQ7-VAL", "Client LQ7-M-VAL Co., Ltd.",
                                   limits=[{"value": {"amount": "10000.00", "currency": "USD"}}]))


@case("licence-quantity-exactly-reached-in-tonnes", "2026-06-01", "license_required", decisive_prefix=P18, check=_covered)
def _m_qty_t() -> dict[str, Any]:
    """No. 18 of 2025 with a licence limited to 0.01 t (许可数量): a 10 kg shipment reaches the limit exactly (mass units convert
    exactly) → covered → `license_required`, covers true."""
    return tb_lic("LQ7-M-QTYT", lic("MOFCOM-2026-LQ7-QTYT", "Client LQ7-M-QTYT Co., Ltd.",
                                    limits=[{"quantity": "0.01", "unit": "t"}]))


# ============================================================================================
# N. Cases first reported as discrepancies (engine 3.4.0) that engine 3.5.0 answers as the texts do
# ============================================================================================


@case("no62-deemed-export-foreign-company", AFTER, "license_required", decisive_prefix=P62)
def _62deem() -> dict[str, Any]:
    """No. 62 二 「本公告所称出口，指……自中华人民共和国境内向境外转移，或者在境内向外国组织和个人提供」: NdFeB sintering process
    specifications handed over in Ningbo to a German company (end user DE, delivery inside China) on 2026-11-25 →
    `license_required` (a deemed export). (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave not_controlled, 3.5.0 agrees.)"""
    return dossier("LQ7-62-DEEM", product=tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]),
                   export_from="CN", destination="CN", end_user=_party("Rhein Magnettechnik GmbH", "DE"))


@case("no62-deemed-export-foreign-individual", AFTER, "license_required", decisive_prefix=P62)
def _62deem2() -> dict[str, Any]:
    """No. 62 二 「在境内向外国组织和个人提供」: separation process parameters given in Baotou to a visiting Australian engineer
    (end user AU) → `license_required`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave not_controlled, 3.5.0 agrees.)"""
    return dossier("LQ7-62-DEEM2", product=tech("Solvent extraction process parameters"), export_from="CN", destination="CN",
                   end_user=_party("Dr. Jane Miller", "AU"))


@case("no62-deemed-export-inside-window", INSIDE, "suspended", decisive_prefix=P62)
def _62deem3() -> dict[str, Any]:
    """No. 62's deemed export (「在境内向外国组织和个人提供」) on 2026-05-01, inside No. 70's window (「暂停实施」) →
    `suspended`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave not_controlled, 3.5.0 agrees.)"""
    return dossier("LQ7-62-DEEM3", product=tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]),
                   export_from="CN", destination="CN", end_user=_party("Rhein Magnettechnik GmbH", "DE"))


@case("no62-deemed-export-today", TODAY, "license_required", decisive_prefix=P62, readings=_ext("suspended"))
def _62deem4() -> dict[str, Any]:
    """No. 62 二 deemed export (「在境内向外国组织和个人提供」) on 2026-12-02 → `license_required`; extension `suspended`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave not_controlled, 3.5.0 agrees.)"""
    return dossier("LQ7-62-DEEM4", product=tech("Sm-Co magnet sintering drawings", elements=["Sm", "Co"]),
                   export_from="CN", destination="CN", end_user=_party("Osaka Magnet Engineering KK", "JP"))


@case("sale-inside-vietnam", AFTER, "not_controlled")
def _dom_vn() -> dict[str, Any]:
    """No. 61 一 「在向中国以外的其他国家和地区出口以下物项前」: an export is to another country or region. A Vietnamese Sm-Co magnet
    (13.5 % Chinese Sm) sold by its Vietnamese maker to a motor maker in Vietnam (export_from VN, destination VN) is no
    export → `not_controlled`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave license_required, 3.5.0 agrees.)"""
    return vn("LQ7-R-DOMVN", destination="VN", end_user=_party("Saigon Motor JSC", "VN"))


@case("sale-inside-germany-i3", AFTER, "not_controlled")
def _dom_de() -> dict[str, Any]:
    """No. 61 一 (「出口」) and I(3): Chinese terbium metal resold by a German trader to a German magnet maker inside Germany →
    no export → `not_controlled`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave license_required, 3.5.0 agrees.)"""
    return reexport("LQ7-R-DOMDE", metal("Tb", "Terbium"), "DE", "DE", end_user=_party("Hanau Magnet GmbH", "DE"))


@case("sale-inside-japan-i2", AFTER, "not_controlled")
def _dom_jp() -> dict[str, Any]:
    """No. 61 一 (「出口」) and I(2): a Japanese Sm-Co magnet made with Chinese technology sold inside Japan → `not_controlled`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave license_required, 3.5.0 agrees.)"""
    return i2("LQ7-R-DOMJP", smco_magnet(made_in="JP"), "magnet_manufacturing", to="JP",
              end_user=_party("Nagoya Servo KK", "JP"))


@case("legal-form-only-name-kk", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _kk() -> dict[str, Any]:
    """No. 61 二 (listed end users → 原则上不予许可) and RULES.md second review ("screening is part of every determination"): an
    end user named only 「株式会社」 (a legal form) cannot be screened → `insufficient_data` naming the end user's name. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave license_required, 3.5.0 agrees.)"""
    return vn("LQ7-P-KK", destination="JP", end_user=_party("株式会社", "JP"))


@case("legal-form-only-name-ltd", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _ltd() -> dict[str, Any]:
    """No. 61 二 and RULES.md second review, as above: an end user named only "Co., Ltd." (「有限公司」 in English) → `insufficient_data` naming the end user's name. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave license_required, 3.5.0 agrees.)"""
    return vn("LQ7-P-LTD", end_user=_party("Co., Ltd.", "DE"))


@case("legal-form-only-importer", AFTER, "insufficient_data", missing=["shipment.importer.name"])
def _imp_form() -> dict[str, Any]:
    """No. 61 二 names 「进口商」 too: an importer named only "GmbH" cannot be screened → `insufficient_data` naming the
    importer's name. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave license_required, 3.5.0 agrees.)"""
    return vn("LQ7-P-IMPFORM", shipment_extra={"importer": _party("GmbH", "DE")})


# ---- edges of the 3.5.0 readings, written from the texts -----------------------------------------


def _form_only(ref: str, name: str, **kw: Any) -> dict[str, Any]:
    return vn(ref, end_user=_party(name, "DE"), **kw)


@case("legal-form-only-youxian-gongsi-no18", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _o_yx() -> dict[str, Any]:
    """Control list / unreliable entity list measures (「禁止……出口两用物项」, whatever the item for the latter) on an export from
    China: terbium metal to an end user named only 「有限公司」 → `insufficient_data` naming the end user's name."""
    return tb("LQ7-O-YX", end_user=_party("有限公司", "KR"))


@case("legal-form-only-sdn-bhd", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _o_sdn() -> dict[str, Any]:
    """No. 61 二 and RULES.md second review: an end user named only "Sdn. Bhd." (a Malaysian legal form) →
    `insufficient_data` naming the end user's name (「最终用户」 unknown)."""
    return vn("LQ7-O-SDN", destination="MY", end_user=_party("Sdn. Bhd.", "MY"))


@case("blank-end-user-name", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _o_blank() -> dict[str, Any]:
    """No. 61 二 「最终用户」 must be known to be screened: an end user whose name is only spaces → `insufficient_data` naming
    the end user's name."""
    return vn("LQ7-O-BLANK", end_user=_party("   ", "DE"))


@case("real-name-with-legal-form-screened", AFTER, "license_required", decisive=[R61_1])
def _o_real() -> dict[str, Any]:
    """No. 61 I(1) and 二: an end user with a real name and a legal form ("Rhein Antriebe GmbH & Co. KG") is screened (no hit)
    → the civil `license_required` (「原则上不予许可」 not reached)."""
    return vn("LQ7-O-REAL", end_user=_party("Rhein Antriebe GmbH & Co. KG", "DE"))


@case("deemed-export-recipient-country-unknown", AFTER, "insufficient_data", missing=["shipment.end_user.country"])
def _o_nocountry() -> dict[str, Any]:
    """No. 62 二 「或者在境内向外国组织和个人提供」: 1E902.a technology handed over inside China to a recipient whose country is not
    stated — whether it is a foreign party decides → `insufficient_data` naming the recipient's country."""
    return dossier("LQ7-O-NOCTRY", product=tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]),
                   export_from="CN", destination="CN", end_user={"name": "Rhein Magnettechnik GmbH", "country": None})


@case("sale-inside-vietnam-military-use", AFTER, "not_controlled")
def _o_vnmil() -> dict[str, Any]:
    """No. 61 一 「在向中国以外的其他国家和地区出口……前」 and 三 (a policy for export applications): a Vietnamese Sm-Co magnet sold
    inside Vietnam for a military end use is no export; No. 61's denial policy has nothing to apply to → `not_controlled`."""
    return vn("LQ7-O-VNMIL", destination="VN", end_use="military", end_user=_party("Saigon Motor JSC", "VN"))


# ---- a BOM that does account for the Part 1 element (guards beside discrepancy 5) ----------------


@case("bom-accounts-japanese-sm-alloy", AFTER, "not_controlled")
def _p_jpalloy() -> dict[str, Any]:
    """No. 61 一(一) 「含有……原产于中国的……第一部分所列物项」: a Vietnamese Sm-Co magnet whose only Sm-bearing line is a Japanese Sm-Co
    alloy (the BOM accounts for the samarium; no Chinese Part 1 content) → `not_controlled`."""
    jp = line("C1", "SmCo5 master alloy", "rare_earth_alloy", ["Sm", "Co"], "9.00", origin="JP")
    return vn("LQ7-P-JPALLOY", components=[jp])


@case("bom-empty-no-part1-element", AFTER, "not_controlled")
def _p_empty_nd() -> dict[str, Any]:
    """No. 61 一(一): a Japanese Nd-Pr-Fe-B magnet (no Sm, Dy, Gd, Tb, Lu, Sc or Y in it: nothing of 「附件1第一部分」 to account
    for) with no BOM lines and Japanese technology → `not_controlled`."""
    return dossier("LQ7-P-EMPTYND", product=ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "JP"),
                   technologies=techs("magnet_manufacturing", "JP"), export_from="JP", destination="US")


@case("bom-accounts-vietnamese-dy-oxide", AFTER, "not_controlled")
def _p_vndy() -> dict[str, Any]:
    """No. 61 一(一) counts 「原产于中国的」 Part 1 items: a Thai NdFeB-Dy magnet whose Dy comes from a Vietnamese Dy oxide line
    (0.90 USD) → no Chinese content → `not_controlled`."""
    return th_magnet("LQ7-P-VNDY", ["Nd", "Fe", "B", "Dy"], line("C1", "Dysprosium oxide", "rare_earth_oxide", ["Dy"], "0.90",
                                                                  origin="VN"))


# ---- missing data that cannot decide (a careful regulator asks only for what decides) ----------------


@case("item-value-missing-no-chinese-content", AFTER, "not_controlled")
def _r_noval() -> dict[str, Any]:
    """No. 61 一(一) 「原产于中国的……价值比例」: the magnet's value is unknown but its only Sm line is Japanese — the Chinese content is
    zero whatever the denominator → `not_controlled`, nothing asked."""
    return vn("LQ7-R-NOVAL", product=smco_magnet(value=None), components=[sm_metal("6.50", origin="JP"), cobalt()])


@case("item-value-missing-i2-decides", AFTER, "license_required", decisive=[R61_2])
def _r_noval_i2() -> dict[str, Any]:
    """No. 61 一(二) has no value test: a Japanese Sm-Co magnet of unknown value made with Chinese magnet technology →
    `license_required` (「使用原产于中国的……磁材制造……相关技术」)."""
    return i2("LQ7-R-NOVALI2", smco_magnet(made_in="JP", value=None), "magnet_manufacturing")


@case("non-part1-line-value-missing", AFTER, "license_required", decisive=[R61_1])
def _r_co_null() -> dict[str, Any]:
    """No. 61 一(一) counts only Part 1 items in the numerator: the cobalt line's value is unknown, the Chinese Sm line (6.50 of
    48.00 USD) decides → `license_required` (「附件1第一部分所列物项占……价值比例」)."""
    co = cobalt()
    co["value"] = money(None)
    return vn("LQ7-R-CONULL", components=[sm_metal("6.50"), co])


@case("non-part1-line-rate-missing", AFTER, "license_required", decisive=[R61_1])
def _r_co_eur() -> dict[str, Any]:
    """No. 61 一(一): the cobalt line is priced in EUR with no EUR rate — it is not Part 1 content, so the rate cannot decide;
    Chinese Sm 6.50 of 48.00 USD → `license_required` (「达到0.1%及以上」)."""
    co = cobalt()
    co["value"] = money("6.60", "EUR")
    return vn("LQ7-R-COEUR", components=[sm_metal("6.50"), co])


@case("i1-bom-omits-tb", AFTER, "insufficient_data", missing=["components"])
def _bom_tb() -> dict[str, Any]:
    """No. 61 一(一) 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项」: a Thai NdFeB-Tb magnet whose BOM lists only Nd metal
    and iron — no line says where the terbium (a Part 1 element) came from; its origin and form decide → `insufficient_data`
    naming the components. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave not_controlled, 3.5.0 agrees.)"""
    return dossier("LQ7-V-BOMTB", product=ndfeb_magnet(["Nd", "Fe", "B", "Tb"], "TH"),
                   components=[line("C1", "Neodymium metal", "rare_earth_metal", ["Nd"], "3.10", origin="AU"),
                               line("C2", "Iron", "other", ["Fe"], "0.40", origin="TH")],
                   export_from="TH", destination="DE")


@case("i1-target-no-bom", AFTER, "insufficient_data", missing=["components"])
def _bom_gd() -> dict[str, Any]:
    """No. 61 一(一): a Korean Gd target (Part 2 「钆靶」) with no BOM at all — the Gd metal's origin decides (「原产于中国的……金属钆」) →
    `insufficient_data` naming the components. (Reported as LEGALQA7 discrepancy; engine 3.4.0 gave not_controlled, 3.5.0 agrees.)"""
    return dossier("LQ7-V-BOMGD", product=target("Gd", "KR"), export_from="KR", destination="US")


@case("chinese-line-value-missing-i2-decides", AFTER, "license_required", decisive_prefix=P61)
def _r_sm_null_i2() -> dict[str, Any]:
    """No. 61 一(二) makes the value line moot: a Japanese Sm-Co magnet made with Chinese magnet technology whose Chinese Sm line
    has no value → `license_required` under I(2) (「使用原产于中国的……相关技术」) whatever I(1) would say. (Reported as LEGALQA7 discrepancy; main before 6bafc2b gave insufficient_data, 3.5.0 agrees.)"""
    return i2("LQ7-R-SMNULLI2", smco_magnet(made_in="JP"), "magnet_manufacturing", components=[sm_metal(None), cobalt()])


@case("uel-diamond-any-item", TODAY, "prohibited", confirm={"end_user": [UEL]})
def _s_ueldia() -> dict[str, Any]:
    """Unreliable entity list (Dedrone by Axon, 2025-10-09: 「不得从事与中国有关的进出口活动」, whatever the item): No. 55 diamond
    micropowder from China to it, hit confirmed, 2026-12-02 → `prohibited`."""
    return from_cn("LQ7-S-UELDIA", diamond(), "US", end_user=_party("Dedrone by Axon", "US"))


@case("watch-list-traditional-undecided", "2026-03-01", "insufficient_data", missing=["shipment.end_user.screening"])
def _wl_trad_open() -> dict[str, Any]:
    """No. 12 of 2026 lists 富士航空航天技术株式会社; the end user written 富士航空航天技術株式會社, nobody has decided the hit →
    terbium metal from China cannot come out better than `insufficient_data` (RULES.md second review, "Parties"). (Reported as LEGALQA7 discrepancy; engine 3.4.0 and early 3.5.0 gave license_required, 3.5.0 agrees.)"""
    return tb("LQ7-P-FUJI", destination="JP", end_user=_party("富士航空航天技術株式會社", "JP"))


@case("no1-military-importer", "2026-03-01", "prohibited", decisive_prefix=P1)
def _j1imp() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」: terbium metal from China to a Japanese civil end user, imported by the
    Japanese defence ministry's procurement agency (importer military: true) — the export goes to a Japanese military user
    → `prohibited`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 and early 3.5.0 gave license_required, 3.5.0 agrees.)"""
    return tb("LQ7-J-1IMP", destination="JP", end_user=_party("Osaka Precision Parts KK", "JP"),
              shipment_extra={"importer": _party("Acquisition, Technology & Logistics Agency", "JP", military=True)})


@case("no46-art1-military-importer", TODAY, "prohibited", decisive_prefix=P46)
def _l_46imp() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户……出口」: terbium metal from China to a US civil end user, imported by a US
    Army depot (importer military: true) — the export goes to a US military user → `prohibited`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 and early 3.5.0 gave license_required, 3.5.0 agrees.)"""
    return tb("LQ7-L-46IMP", destination="US", end_user=_party("Ohio Motion Components Inc.", "US"),
              shipment_extra={"importer": US_MIL})


@case("no1-military-consignee", "2026-03-01", "prohibited", decisive_prefix=P1)
def _m_1cons() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」: terbium metal from China consigned to a Japanese military depot
    (consignee military: true), end user a civil company → `prohibited`. (Reported as LEGALQA7 discrepancy; engine 3.4.0 and early 3.5.0 gave license_required, 3.5.0 agrees.)"""
    return tb("LQ7-M-1CONS", destination="JP", end_user=_party("Osaka Precision Parts KK", "JP"),
              shipment_extra={"consignee": JSDF})


@case("legal-form-only-gmbh-co-kg", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _o_kg() -> dict[str, Any]:
    """No. 61 二 (listed end users → 原则上不予许可) and RULES.md second review (screening in every determination): an end user
    named "GmbH & Co. KG" — legal forms only — cannot be screened → `insufficient_data` naming the end user's name. (Reported as LEGALQA7 discrepancy; engine 3.4.0 and early 3.5.0 gave license_required, 3.5.0 agrees.)"""
    return _form_only("LQ7-O-KG", "GmbH & Co. KG")


@case("hk-origin-sm-content-open", AFTER, "not_controlled", readings={"treated-as-china": "license_required"})
def _q_hksm() -> dict[str, Any]:
    """No. 61 一(一) 「原产于中国的……第一部分所列物项」 with Sm metal made in Hong Kong (13.5 %) in a Vietnamese magnet: on the primary
    reading (HK outside the mainland customs territory; 「在内地以外制造」 in the pack's own point) not Chinese origin →
    `not_controlled`; the reading that HK is China must reach origin too, giving `license_required`. (Reported as LEGALQA7 discrepancy; before 40079a2 the reading gave not_controlled, 3.5.0 agrees.)"""
    return vn("LQ7-Q-HKSM", components=[sm_metal("6.50", origin="HK"), cobalt()])


@case("tw-technology-open", AFTER, "not_controlled", readings={"treated-as-china": "license_required"})
def _q_twtech() -> dict[str, Any]:
    """No. 61 一(二) 「使用原产于中国的……磁材制造……相关技术」 with Taiwanese magnet technology: primary reading not Chinese →
    `not_controlled`; the reading that Taiwan is China gives `license_required`. (Reported as LEGALQA7 discrepancy; before 40079a2 the reading gave not_controlled, 3.5.0 agrees.)"""
    return i2("LQ7-Q-TWTECH", smco_magnet(made_in="JP"), "magnet_manufacturing",
              components=[sm_metal("6.50", origin="JP"), cobalt()], technologies=techs("magnet_manufacturing", "TW"))


@case("macau-made-metal-reexport-open", AFTER, "not_controlled", readings={"treated-as-china": "license_required"})
def _q_mo() -> dict[str, Any]:
    """No. 61 一(三) 「原产于中国的本公告附件1所列物项」: terbium metal made in Macau, shipped from Macau to the US: primary reading not
    China-origin → `not_controlled`; under the reading that Macau is China the item is China-origin (and the shipment an export
    from China under No. 18) → `license_required`. (Reported as LEGALQA7 discrepancy; before 40079a2 the reading gave not_controlled, 3.5.0 agrees.)"""
    return reexport("LQ7-Q-MO", metal("Tb", "Terbium", made_in="MO"), "MO", "US")


# --------------------------------------------------------------------------------------------
# Running a case through the product (the s6 harness, a desk of this module's own)
# --------------------------------------------------------------------------------------------


lq7_desk = module_desk("lq7")


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_independent_case_s7(c: Case, lq7_desk: Any) -> None:
    """Each case's expected outcome, decisive rules, key figures, readings and missing fields, as written from the
    announcements before the engine was run (the legal basis is in the case's docstring)."""
    check_case(evaluate_case(lq7_desk, c), c)


def test_s7_cases_are_new_and_well_formed() -> None:
    """At least 100 cases with unique ids and references (LQ7-…, none shared with session 6), every FORMATS.md outcome
    code exercised, and both readings of the disputed present asserted for every instrument No. 70 names."""
    from tests.rules import test_independent_cases_s6 as s6

    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)
    refs = [c.build()["reference"] for c in CASES]
    assert len(set(refs)) == len(refs) and all(r.startswith("LQ7-") for r in refs)
    assert not {c.id for c in CASES} & {c.id for c in s6.CASES}
    assert {c.outcome for c in CASES} >= {"not_controlled", "license_required", "license_required_presumption_of_denial",
                                          "case_by_case", "prohibited", "exempt_report_required", "suspended",
                                          "insufficient_data"}
    today = {c.decisive_prefix or (c.decisive or [""])[0] for c in CASES if c.as_of == TODAY and EXT in c.readings}
    for pack in (P55, P56, P57, P58, P62):
        assert pack in today, pack
    assert {R61_1, R61_2, R61_3} <= today


CLI_CASES = ["today-no57-holmium", "i1-three-currencies-exactly-at", "no62-carrier-drawings"]


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_s7_case_on_the_command_line(case_id: str, tmp_path: Path) -> None:
    """The same cases through `reedesk evaluate FILE --as-of DATE --json` (FORMATS.md command line) in a process of its own
    with its own desk: outcome, decisive rules and the readings' outcomes as expected from the texts."""
    import json
    import os
    import subprocess
    import sys

    c = next(x for x in CASES if x.id == case_id)
    path = tmp_path / f"{c.id}.json"
    path.write_text(json.dumps(c.build(), ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "REEDESK_HOME": str(tmp_path / "home"), "REEDESK_CONFIG_HOME": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-m", "reedesk", "evaluate", str(path), "--as-of", c.as_of, "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    check_case(json.loads(run.stdout), c)

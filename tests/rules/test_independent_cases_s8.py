"""Independent legal cases, third round (session 8, LEGALQA8): dossiers written from the announcements' texts, not
from the engine's code, its rule packs' cited texts or its other tests, with the outcome, the decisive rule(s) and
the key figures written down BEFORE the engine was run.

Same method and harness as tests/rules/test_independent_cases_s6.py and _s7.py (both imported, nothing copied): every
dossier goes through ``services.evaluation.evaluate_dossier`` with every party screened as a user's file is (confirmed
hits recorded with ``services.screening.record_screening`` on the stored dossier, then ``evaluate_reference``), and the
expanded determination (``reedesk.rules.render.expand``) is checked with ``check_case``. Each case's docstring names the
announcement, the article, the Chinese key phrase and the outcome expected (FORMATS.md outcome codes).

This round covers what rounds 1 and 2 covered thinly: the day before, the first day and the last day of every window
for Nos. 55, 56, 57, 58 (effective 2025-11-08, inside No. 70's window from 2025-11-07), No. 61 I(1)/I(2) the day before
the window, No. 1 of 2026's first day for a third-country transfer while No. 61 is suspended, the disputed present for
outcomes other than a plain licence (below the line, case by case, presumption of denial), the unreliable entity list's
older listings (2023-02-16, 2024-05-20); the value line with large amounts, KRW, a product priced in CNY or JPY, four
currencies summing to the line and a hair below, a rate dated after the as-of date beside one before it, mixed
Part 1 metals and oxides in one line; values refused as malformed (negative, zero rate, floats, commas) and a value
whose currency is unknown; No. 62 to Taiwan and Hong Kong, by a foreign company's Chinese branch, to a watch-listed or
US military end use, 1E902.b commissioning; No. 61 I(2) for Sc, Sm-Co alloy, Lu targets and holmium (not Annex 1);
Arts. III and IV on re-exports (I(3)) and on I(2); the catch-all for terrorism and for chips (not reached); parties
on each list in Latin, upper-case, alias, Simplified and Traditional script, as end user, importer, consignee and owner,
undecided and cleared hits; licences (first valid day, the day after expiry, several destinations, a named end user,
a value limit not reached, a class B licence for another end user, a ban a licence does not lift); re-exports of each
Annex 1 form (Dy oxide, Y metal, Tb-Fe alloy, Sm target, Ce and NdFeB-Dy magnets) and of forms outside it (Y oxide,
Gd oxide, Nd-Pr metal); HK/MO/TW destinations for No. 62, No. 55, I(2), I(3); items on no list (Ce, Pr-Nd oxide,
plain NdFeB and Ce magnets, cobalt) and No. 18's oxide entries (Gd, Sm, Sc, Lu oxides).

Texts used (as reproduced; /work/shared/domain/RULES.md "Second review" supersedes older text):
- MOFCOM No. 61 of 2025 (politics.neamco.com/2025-10/09/content_38329670.htm; weishitang.cn/news/2703292.html;
  hk01.com 60283697; udn.com/news/story/7333/9059047): 一 「境外组织和个人……在向中国以外的其他国家和地区出口以下物项前，必须获得
  中国商务部颁发的两用物项出口许可证件」; 一(一) 「……价值比例达到0.1%及以上的」; 一(二) 「使用原产于中国的稀土开采、冶炼分离、
  金属冶炼、磁材制造、稀土二次资源回收利用相关技术在境外生产的本公告附件1所列物项」; 一(三) 「原产于中国的本公告附件1所列物项」;
  二 「对向境外军事用户的出口申请，以及向出口管制管控名单和关注名单所列的进口商和最终用户（包括其控股50%及以上的子公司、分公司等
  分支机构）的出口申请，原则上不予许可」; 三 「用于或者可能用于以下最终用途的出口申请，原则上不予许可：（一）设计、开发、生产、
  使用大规模杀伤性武器及其运载工具；（二）恐怖主义目的；（三）军事用途或者提升军事潜力」; 四 「最终用途为研发、生产14纳米及以下
  逻辑芯片或者256层及以上存储芯片……或者研发具有潜在军事用途的人工智能的出口申请，逐案审批」; 五 紧急医疗……免于申请许可;
  Annex 1 Part 1 「金属钐、金属镝、金属钆、金属铽、金属镥、金属钪、金属钇、钐钴合金、铽铁合金、镝铁合金、铽镝铁合金、氧化镝、氧化铽」,
  Part 2 「稀土永磁材料，如钐钴永磁材料，以及稀土靶材，如钐靶、钆靶等」; 「前2項自2025年12月1日起實施，第3項自公布日起實施」.
- MOFCOM No. 62 of 2025 (hk.crntt.com/doc/1071/2/8/3/107128315.html; caiwennews 1401734): 一 「以下物项未经许可不得出口」
  1E902.a 「……相关技术及其载体」, 1E902.b 「……相关生产线装配、调试、维护、维修、升级等技术」; 二 「本公告所称出口经营者，包括中国
  公民、法人和非法人组织，以及在中国境内的所有自然人、法人和非法人组织」, 「本公告所称出口，指……自中华人民共和国境内向境外转移，
  或者在境内向外国组织和个人提供」.
- MOFCOM/GAC Nos. 55, 56, 57, 58 of 2025 (effective 2025-11-08) and No. 70 of 2025 (「自即日起至2026年11月10日」暂停实施,
  from 2025-11-07); the reported extension to 2027-01-10 (RULES.md second review, "What follows 2026-11-10 is disputed").
- MOFCOM/GAC No. 18 of 2025: each of the seven elements with .a metal, alloys and products, .b 「氧化物及其混合物」, .c
  compounds; magnets only Sm-Co and 「含铽」/「含镝」 NdFeB.
- MOFCOM No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事用途出口」; Art. 2 suspended by No. 72 to 2026-11-27.
- MOFCOM No. 1 of 2026 (hk01.com 60310192): 「禁止所有两用物项对日本军事用户、军事用途……出口」; 「任何国家和地区的组织和个人，违反
  上述规定，将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人，将依法追究法律责任」; 「公告自公布日起正式实施」.
- Export Control Law Art. 12 (catch-all: 「大规模杀伤性武器及其运载工具」, 「恐怖主义目的」).
- Listings: control list (announcement of 2025-01-02; No. 11 of 2026), watch list (No. 12 of 2026, 「不得申请通用许可」),
  unreliable entity list (2023-02-16, 2024-05-20, 2025-10-09 decisions: 「不得从事与中国有关的进出口活动」).

Cases where the engine disagreed with the text are NOT here (except strict xfails named as such): their dossiers are in
/tmp/team/lq8-discrepancies/ and they are listed in /tmp/team/NOTES.md ("LEGALQA8 discrepancies") and
docs/independent-cases.md ("Session 8").
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.rules.test_independent_cases_s6 import (
    written_case_registrar,
    AFTER, R61_1, R61_2, R61_3, Case, _party, check_case, cobalt, dossier, evaluate_case, metal, money,
    ndfeb_magnet, rate, sm_metal, smco_magnet,
)
from tests.rules.test_independent_cases_s7 import (
    CL, EXT, EXT_AFTER, EXT_LAST, JSDF, P18, P46, P55, P56, P57, P58, P62, TODAY, UEL, US_MIL, WL, anode, cn_product,
    diamond, from_cn, hd_furnace, i2, line, oxide, reexport, target, tech, techs, vn,
)
from tests.rules.test_independent_cases_s6_fixed import module_desk, xfail_params

P1 = "cn-mofcom-2026-001"
N18_WL = ["cn-mofcom-gac-2025-018:1C902–1C908", "cn-mofcom-lists:watch-list"]

CASES: list[Case] = []


case = written_case_registrar(CASES)


def _ext(outcome: str) -> dict[str, str]:
    return {EXT: outcome}


def tb(ref: str, **kw: Any) -> dict[str, Any]:
    """Terbium metal made in China (No. 18, 1C904 「金属铽」), exported from China unless said otherwise."""
    return dossier(ref, product=kw.pop("product", None) or metal("Tb", "Terbium"), export_from=kw.pop("export_from", "CN"),
                   destination=kw.pop("destination", "KR"), **kw)


def nd_metal() -> dict[str, Any]:
    return metal("Nd", "Neodymium", hs="2805301100")


def vn_tech_magnet(ref: str, **kw: Any) -> dict[str, Any]:
    """A Vietnamese Sm-Co magnet made with Chinese magnet-making technology and Japanese samarium (No. 61 I(2) only)."""
    return i2(ref, smco_magnet(), "magnet_manufacturing", components=[sm_metal("6.50", origin="JP"), cobalt()], **kw)


def cn_tb_reexport(ref: str, frm: str = "DE", to: str = "US", **kw: Any) -> dict[str, Any]:
    """Chinese terbium metal (Part 1 「金属铽」) re-exported by a foreign trader (No. 61 I(3))."""
    return reexport(ref, metal("Tb", "Terbium"), frm, to, **kw)


# ============================================================================================
# A. Dates: the day before, the first and the last day of each window; the disputed present
# ============================================================================================


@case("no55-day-before-window", "2025-11-06", "not_controlled")
def _a55pre() -> dict[str, Any]:
    """No. 55 of 2025 (superhard materials, 「人造金刚石微粉」) takes effect 2025-11-08 and No. 70 opens its window on
    2025-11-07: on 2025-11-06 no No. 55 rule is in force; diamond micropowder from China to a German civil user →
    `not_controlled`."""
    return from_cn("LQ8-A-55PRE", diamond())


@case("no56-furnace-day-before-window", "2025-11-06", "not_controlled")
def _a56pre() -> dict[str, Any]:
    """No. 56 of 2025 (2B902 「永磁体氢破炉」) effective 2025-11-08: on 2025-11-06 a hydrogen-decrepitation furnace from China
    to Vietnam for civil magnet making → `not_controlled`."""
    return from_cn("LQ8-A-56PRE", hd_furnace(), "VN")


@case("no58-anode-day-before-window", "2025-11-06", "not_controlled")
def _a58pre() -> dict[str, Any]:
    """No. 58 of 2025 (lithium-battery and 「人造石墨负极材料」 items) effective 2025-11-08: on 2025-11-06 graphite anode
    material from China to Germany → `not_controlled`."""
    return from_cn("LQ8-A-58PRE", anode())


@case("no55-first-day-of-window", "2025-11-07", "suspended", decisive_prefix=P55)
def _a55w1() -> dict[str, Any]:
    """No. 70 (「自即日起至2026年11月10日」暂停实施 No. 55, from 2025-11-07) with No. 55 effective only on 2025-11-08: on
    2025-11-07 the rule is suspended though not yet effective (RULES.md second review, "Suspensions and effective dates")
    → `suspended`."""
    return from_cn("LQ8-A-55W1", diamond())


@case("no58-effective-day-in-window", "2025-11-08", "suspended", decisive_prefix=P58)
def _a58w() -> dict[str, Any]:
    """No. 58 of 2025 takes effect 2025-11-08, inside No. 70's window (「暂停实施」): graphite anode material from China that
    day → `suspended`."""
    return from_cn("LQ8-A-58W", anode())


@case("no55-last-day-of-window", "2026-11-10", "suspended", decisive_prefix=P55)
def _a55last() -> dict[str, Any]:
    """No. 70 suspends No. 55 「至2026年11月10日」, both ends inclusive: diamond micropowder from China on 2026-11-10 →
    `suspended`."""
    return from_cn("LQ8-A-55LAST", diamond())


@case("no55-first-day-after-window", "2026-11-11", "license_required", decisive_prefix=P55, readings=_ext("suspended"))
def _a55after() -> dict[str, Any]:
    """No. 55 of 2025 in force again by No. 70's text on 2026-11-11 (「至2026年11月10日」): diamond micropowder from China
    to Germany → `license_required`; the reported extension to 2027-01-10 shown, giving `suspended`."""
    return from_cn("LQ8-A-55AFT", diamond())


@case("no57-er-oxide-first-day-after-window", "2026-11-11", "license_required", decisive_prefix=P57,
      readings=_ext("suspended"))
def _a57er() -> dict[str, Any]:
    """No. 57 of 2025, 1C910 「氧化铒」, on 2026-11-11 (No. 70's text ended 2026-11-10) → `license_required`; the extension
    reading `suspended`."""
    return from_cn("LQ8-A-57ER", oxide("Er", "Erbium"))


@case("no57-tm-last-day-of-window", "2026-11-10", "suspended", decisive_prefix=P57)
def _a57tm() -> dict[str, Any]:
    """No. 57 of 2025, 1C911 「金属铥」, on 2026-11-10 — still inside No. 70's 「至2026年11月10日」 → `suspended`."""
    return from_cn("LQ8-A-57TM", metal("Tm", "Thulium"))


@case("no58-last-day-of-extension", EXT_LAST, "license_required", decisive_prefix=P58, readings=_ext("suspended"))
def _a58ext() -> dict[str, Any]:
    """No. 58 of 2025 (「人造石墨负极材料」) on 2027-01-10: in force by No. 70's text → `license_required`; on the reported
    extension (to 2027-01-10 inclusive) still `suspended`."""
    return from_cn("LQ8-A-58EXT", anode())


@case("no62-last-day-of-extension", EXT_LAST, "license_required", decisive_prefix=P62, readings=_ext("suspended"))
def _a62ext() -> dict[str, Any]:
    """No. 62 of 2025 (1E902.a 「稀土……冶炼分离……相关技术及其载体」) on 2027-01-10: separation technology to Kazakhstan →
    `license_required`; the reported extension reading `suspended`."""
    return from_cn("LQ8-A-62EXT", tech("Solvent-extraction separation process package"), "KZ")


@case("no55-after-extension", EXT_AFTER, "license_required", decisive_prefix=P55, readings=_ext("license_required"))
def _a55ext2() -> dict[str, Any]:
    """No. 55 of 2025 on 2027-01-11, after the text's end and the reported extension's: diamond micropowder →
    `license_required` under every reading (「人造金刚石微粉」)."""
    return from_cn("LQ8-A-55EXT2", diamond())


@case("i2-day-before-window", "2025-11-06", "not_controlled", results={R61_2: "not_in_force"})
def _a_i2pre() -> dict[str, Any]:
    """No. 61 一(二) takes effect 2025-12-01 (「前2項自2025年12月1日起實施」) and No. 70's window opens 2025-11-07: on 2025-11-06
    a Vietnamese Sm-Co magnet made with Chinese magnet technology (Japanese Sm) is reached by nothing in force →
    `not_controlled`."""
    return vn_tech_magnet("LQ8-A-I2PRE", to="DE")


@case("i2-first-day-of-window", "2025-11-07", "suspended", decisive=[R61_2])
def _a_i2w1() -> dict[str, Any]:
    """No. 70 suspends No. 61 from 2025-11-07 (「自即日起」), I(2) included though it takes effect only 2025-12-01 → the same
    magnet on 2025-11-07 `suspended`."""
    return vn_tech_magnet("LQ8-A-I2W1", to="DE")


@case("i1-day-before-window", "2025-11-06", "not_controlled", results={R61_1: "not_in_force"})
def _a_i1pre() -> dict[str, Any]:
    """No. 61 一(一) from 2025-12-01 (「前2項自2025年12月1日起實施」): on 2025-11-06 a Vietnamese Sm-Co magnet with 13.5 %
    Chinese samarium is not yet reached → `not_controlled`."""
    return vn("LQ8-A-I1PRE")


@case("i1-first-day-of-window", "2025-11-07", "suspended", decisive=[R61_1])
def _a_i1w1() -> dict[str, Any]:
    """No. 70 (「自即日起至2026年11月10日」) from 2025-11-07: the same magnet that day → `suspended`."""
    return vn("LQ8-A-I1W1")


@case("today-i1-below-line", TODAY, "not_controlled", results={R61_1: "does_not_apply"}, readings=_ext("not_controlled"))
def _a_t_below() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」 on 2026-12-02: 0.0479 USD of Chinese Sm in a 48.00 USD Vietnamese magnet (0.0998 %) is
    below the line, so whether No. 70 still runs does not matter → `not_controlled` under both readings."""
    return vn("LQ8-A-TBELOW", sm="0.0479")


@case("today-i3-military-end-use", TODAY, "license_required_presumption_of_denial", decisive=[R61_3],
      readings=_ext("suspended"))
def _a_t_i3mil() -> dict[str, Any]:
    """No. 61 三(三) 「军事用途或者提升军事潜力」 原则上不予许可, on I(3) (「原产于中国的本公告附件1所列物项」): Chinese terbium metal
    re-exported from Germany to a Polish civil company for a military use on 2026-12-02 →
    `license_required_presumption_of_denial` on the text; the extension reading `suspended`."""
    return cn_tb_reexport("LQ8-A-TI3MIL", "DE", "PL", end_use="military")


@case("today-i2-256-layer", TODAY, "case_by_case", decisive=[R61_2], readings=_ext("suspended"))
def _a_t_i2mem() -> dict[str, Any]:
    """No. 61 四 「256层及以上存储芯片……逐案审批」 on I(2) on 2026-12-02: a Vietnamese Sm-Co magnet made with Chinese magnet
    technology for a memory-fab tool maker in Korea → `case_by_case`; extension `suspended`."""
    return vn_tech_magnet("LQ8-A-TI2MEM", to="KR", end_use="advanced_memory_256_layer")


@case("today-i1-control-listed-end-user", TODAY, "license_required_presumption_of_denial", decisive=[R61_1],
      readings=_ext("suspended"), confirm={"end_user": [CL]})
def _a_t_cl() -> dict[str, Any]:
    """No. 61 二 (「管控名单……所列的……最终用户」 原则上不予许可) on 2026-12-02: the Vietnamese magnet with 13.5 % Chinese Sm to
    NEC Aerospace Systems, Ltd. (control list, No. 11 of 2026, confirmed); the magnet is not itself China-origin, so
    the listing's transfer clause (「原产于中华人民共和国的两用物项」) does not reach it →
    `license_required_presumption_of_denial`; extension `suspended`."""
    return vn("LQ8-A-TCL", destination="JP", end_user=_party("NEC Aerospace Systems, Ltd.", "JP"))


@case("no1-transfer-day-before-publication", "2026-01-05", "suspended", decisive=[R61_3])
def _a_no1pre() -> dict[str, Any]:
    """No. 1 of 2026 took effect on publication, 2026-01-06 (「公告自公布日起正式实施」): on 2026-01-05 Chinese terbium metal
    re-exported from Germany to a Japanese military depot is reached only by No. 61 I(3), suspended by No. 70 →
    `suspended`."""
    return cn_tb_reexport("LQ8-A-NO1PRE", "DE", "JP", end_use="military", end_user=JSDF)


@case("no1-transfer-publication-day", "2026-01-06", "prohibited", decisive_prefix=P1)
def _a_no1day() -> dict[str, Any]:
    """No. 1 of 2026 on 2026-01-06: 「将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人，将依法追究法律责任」 — the
    same re-export of Chinese terbium metal to a Japanese military depot → `prohibited` (No. 70 does not suspend No. 1)."""
    return cn_tb_reexport("LQ8-A-NO1DAY", "DE", "JP", end_use="military", end_user=JSDF)


@case("watch-list-listing-day-no18", "2026-02-24", "license_required", decisive=N18_WL, confirm={"end_user": [WL]})
def _a_wlday() -> dict[str, Any]:
    """Watch list No. 12 of 2026, in effect on publication 2026-02-24 (「不得申请通用许可」 — a single licence with a risk
    report, not a ban): terbium metal from China to ENEOS Corporation (confirmed) that day → No. 18's
    `license_required`, the watch list among the decisive rules."""
    return tb("LQ8-A-WLDAY", destination="JP", end_user=_party("ENEOS Corporation", "JP"))


@case("uel-day-before-2024-listing", "2024-05-19", "not_controlled")
def _a_uel24pre() -> dict[str, Any]:
    """Unreliable entity list, General Atomics Aeronautical Systems listed 2024-05-20 (「不得从事与中国有关的进出口活动」): on
    2024-05-19 an Nd-Pr-Fe-B magnet (on no dual-use list; No. 46 of 2024 not yet published) from China to it →
    `not_controlled`."""
    return from_cn("LQ8-A-UEL24PRE", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "US",
                   end_user=_party("General Atomics Aeronautical Systems", "US"))


@case("uel-2024-listing-day", "2024-05-20", "prohibited", confirm={"end_user": [UEL]})
def _a_uel24() -> dict[str, Any]:
    """Unreliable entity list (2024-05-20: General Atomics Aeronautical Systems, 「不得从事与中国有关的进出口活动」): the same
    Nd-Pr-Fe-B magnet from China on the listing day, hit confirmed → `prohibited`, whatever the item."""
    return from_cn("LQ8-A-UEL24", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "US",
                   end_user=_party("General Atomics Aeronautical Systems", "US"))


@case("uel-2023-listing-day", "2023-02-16", "prohibited", confirm={"end_user": [UEL]})
def _a_uel23() -> dict[str, Any]:
    """Unreliable entity list (2023-02-16: Lockheed Martin Corporation, 「不得从事与中国有关的进出口活动」); the control list entry
    came only on 2025-01-02. Cerium metal (on no list) from China to it that day, hit confirmed → `prohibited`."""
    return from_cn("LQ8-A-UEL23", metal("Ce", "Cerium"), "US", end_user=_party("Lockheed Martin Corporation", "US"))


@case("uel-day-before-2023-listing", "2023-02-15", "not_controlled")
def _a_uel23pre() -> dict[str, Any]:
    """Unreliable entity list: Lockheed Martin Corporation listed 2023-02-16 (「自公布之日起」): cerium metal from China to it on
    2023-02-15 → `not_controlled` (no list entry in force, the item on no dual-use list)."""
    return from_cn("LQ8-A-UEL23PRE", metal("Ce", "Cerium"), "US", end_user=_party("Lockheed Martin Corporation", "US"))


# ============================================================================================
# B. The value line (No. 61 一(一) 「价值比例达到0.1%及以上」)
# ============================================================================================


@case("i1-large-amounts-exactly-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"ratio": "0.001", "item_value": "1234567.89", "content_total": "1234.56789",
                       "comparison": "at_or_above"}})
def _b_large_at() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」, computed in Decimal (RULES.md valuation step 5): 1,234.56789 USD of Chinese Sm metal in
    a 1,234,567.89 USD Sm-Co magnet lot is exactly 0.1 % → `license_required`, ratio 0.001."""
    return vn("LQ8-B-LARGE", product=smco_magnet(value="1234567.89"), components=[sm_metal("1234.56789"), cobalt()])


@case("i1-large-amounts-hair-below", AFTER, "not_controlled", figures={R61_1: {"comparison": "below"}},
      results={R61_1: "does_not_apply"})
def _b_large_below() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: 1,234.56788 USD of 1,234,567.89 USD is 0.000999999992 — below the line →
    `not_controlled`."""
    return vn("LQ8-B-LARGEB", product=smco_magnet(value="1234567.89"), components=[sm_metal("1234.56788"), cobalt()])


@case("i1-krw-exactly-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"ratio": "0.001", "content_total": "65", "comparison": "at_or_above"}})
def _b_krw() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」 in a currency without minor units: a Korean Sm-Co magnet at 65,000 KRW with Chinese Sm
    metal worth 65 KRW → exactly 0.1 % → `license_required`."""
    return dossier("LQ8-B-KRW", product=smco_magnet(made_in="KR", value="65000", currency="KRW"),
                   components=[sm_metal("65", currency="KRW"), cobalt("0")], export_from="KR", destination="US")


@case("i1-krw-fraction-below", AFTER, "not_controlled", figures={R61_1: {"comparison": "below"}})
def _b_krw_below() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: 64.99 KRW of 65,000 KRW (0.09998 %) — below → `not_controlled`; a fraction of a won is
    kept, not rounded up to 65."""
    return dossier("LQ8-B-KRWB", product=smco_magnet(made_in="KR", value="65000", currency="KRW"),
                   components=[sm_metal("64.99", currency="KRW"), cobalt("0")], export_from="KR", destination="US")


@case("i1-eur-line-usd-product-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.048", "ratio": "0.001", "comparison": "at_or_above"}})
def _b_eur() -> dict[str, Any]:
    """No. 61 一(一) and RULES.md valuation step 4 (「价值比例」 in one currency at a stated rate): Chinese Sm metal at 0.04 EUR ×
    1.2 USD/EUR = 0.048 USD in a 48.00 USD magnet → exactly 0.1 % → `license_required`."""
    return vn("LQ8-B-EUR", components=[sm_metal("0.04", currency="EUR"), cobalt()], rates=[rate("EUR", "USD", "1.2")])


@case("i1-cny-product-usd-line-at", AFTER, "license_required", decisive=[R61_1], figures={R61_1: {"ratio": "0.001"}})
def _b_cnyprod() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」 with the product priced in CNY: a 70.00 CNY Vietnamese Sm-Co magnet, Chinese Sm
    0.01 USD at 7.0 CNY/USD = 0.07 CNY → exactly 0.1 % → `license_required`."""
    return vn("LQ8-B-CNYP", product=smco_magnet(value="70.00", currency="CNY"),
              components=[sm_metal("0.01"), cobalt("1.00")], rates=[rate("USD", "CNY", "7.0")])


@case("i1-jpy-product-cny-line-at", AFTER, "license_required", decisive=[R61_1], figures={R61_1: {"ratio": "0.001"}})
def _b_jpy() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」: a Japanese Sm-Co magnet at 7,200 JPY with Chinese Sm at 0.36 CNY × 20 JPY/CNY =
    7.2 JPY → exactly 0.1 % → `license_required`."""
    return dossier("LQ8-B-JPY", product=smco_magnet(made_in="JP", value="7200", currency="JPY"),
                   components=[sm_metal("0.36", currency="CNY"), cobalt("0")], export_from="JP", destination="US",
                   rates=[rate("CNY", "JPY", "20")])


def _four_currencies(ref: str, jpy: str) -> dict[str, Any]:
    return vn(ref, product=smco_magnet(value="100.00"),
              components=[sm_metal("0.02", cid="C1"), sm_metal("0.025", currency="EUR", cid="C2"),
                          sm_metal("0.2", currency="CNY", cid="C3"), sm_metal(jpy, currency="JPY", cid="C4"), cobalt()],
              rates=[rate("EUR", "USD", "1.2"), rate("CNY", "USD", "0.125"), rate("JPY", "USD", "0.008")])


@case("i1-four-currencies-exactly-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.1", "ratio": "0.001", "comparison": "at_or_above"}})
def _b_four() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」, four Chinese Sm lines in four currencies into a 100.00 USD magnet: 0.02 USD +
    0.025 EUR × 1.2 (0.03) + 0.2 CNY × 0.125 (0.025) + 3.125 JPY × 0.008 (0.025) = 0.100 USD → exactly 0.1 % →
    `license_required`."""
    return _four_currencies("LQ8-B-FOUR", "3.125")


@case("i1-four-currencies-hair-below", AFTER, "not_controlled", figures={R61_1: {"comparison": "below"}})
def _b_four_below() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: the same four lines with 3.124 JPY (0.024992 USD): 0.099992 USD of 100.00 → below →
    `not_controlled`."""
    return _four_currencies("LQ8-B-FOURB", "3.124")


@case("i1-rate-after-as-of-ignored", TODAY, "not_controlled", figures={R61_1: {"comparison": "below"}},
      readings=_ext("not_controlled"))
def _b_rate_after() -> dict[str, Any]:
    """No. 61 一(一) and RULES.md valuation step 4 (「价值比例」 at a stated rate and date, the rate in force on the as-of date):
    Chinese Sm 0.383 CNY with a CNY/USD rate of 0.1250 dated 2026-11-20 and one of 0.2000 dated 2026-12-15 (after the
    as-of date 2026-12-02): the earlier rate decides, 0.047875 of 48.00 USD is below → `not_controlled` (the later rate
    would give 0.0766, above)."""
    return vn("LQ8-B-RATEAFT", components=[sm_metal("0.383", currency="CNY"), cobalt()],
              rates=[rate("CNY", "USD", "0.1250", "2026-11-20"), rate("CNY", "USD", "0.2000", "2026-12-15")])


@case("i1-only-rate-after-as-of", TODAY, "insufficient_data", missing=["exchange_rates"])
def _b_only_rate_after() -> dict[str, Any]:
    """No. 61 一(一) (「价值比例」) and FORMATS.md (a value in another currency needs a rate): the only CNY/USD rate is dated
    2026-12-15, after the as-of date 2026-12-02, so no rate in force converts the Chinese Sm line of 0.50 CNY →
    `insufficient_data` naming the exchange rate (session 7's point 4; engine 3.6.0)."""
    return vn("LQ8-B-RATEONLY", components=[sm_metal("0.50", currency="CNY"), cobalt()],
              rates=[rate("CNY", "USD", "0.1250", "2026-12-15")])


@case("i1-gd-target-exactly-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"ratio": "0.001", "content_total": "3.50"}})
def _b_gdtarget() -> dict[str, Any]:
    """No. 61 Annex 1 Part 2 「稀土靶材，如钐靶、钆靶」 and Part 1 「金属钆」: a Korean Gd target at 3,500.00 USD with Chinese
    Gd metal worth 3.50 USD → exactly 0.1 % → `license_required`."""
    return dossier("LQ8-B-GDT", product=target("Gd", "KR"),
                   components=[line("C1", "Gadolinium metal", "rare_earth_metal", ["Gd"], "3.50")], export_from="KR",
                   destination="US")


@case("i1-several-part1-lines-only-chinese-count", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.048"}})
def _b_mixed_origin() -> dict[str, Any]:
    """No. 61 一(一) counts 「原产于中国的」 Part 1 items only: a Japanese NdFeB-Dy magnet (12.40 USD → line 0.0124 USD) with
    Chinese Dy oxide 0.03 + Chinese Tb metal 0.018 (= 0.048) and Japanese Dy oxide 5.00: 0.048 / 12.40 = 0.387 % →
    `license_required`, content 0.048 (the Japanese line not counted)."""
    comps = [line("C1", "Dysprosium oxide", "rare_earth_oxide", ["Dy"], "0.03"),
             line("C2", "Terbium metal", "rare_earth_metal", ["Tb"], "0.018"),
             line("C3", "Dysprosium oxide (JP)", "rare_earth_oxide", ["Dy"], "5.00", origin="JP")]
    return dossier("LQ8-B-MIXORIG", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy", "Tb"], "JP"), components=comps,
                   export_from="JP", destination="US")


@case("i1-tb-dy-fe-alloy-line-two-elements", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.40"}})
def _b_terfenol() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 「铽镝铁合金」: one Chinese line carrying two Part 1 elements (Tb, Dy, Fe — Terfenol-D alloy) worth
    0.40 USD in a 12.40 USD Japanese NdFeB-Dy-Tb magnet counts once, in full → 3.2 % → `license_required`."""
    comps = [line("C1", "Tb-Dy-Fe alloy (Terfenol-D)", "rare_earth_alloy", ["Tb", "Dy", "Fe"], "0.40")]
    return dossier("LQ8-B-TERF", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy", "Tb"], "JP"), components=comps,
                   export_from="JP", destination="US")


@case("i1-mixed-dy-tb-oxide-line-open", AFTER, "not_controlled", readings={"containing-elements": "license_required"})
def _b_mixox() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 names 「氧化镝、氧化铽」, not their mixtures (No. 18 says 「及其混合物」, No. 61 does not; RULES.md
    second review: "a mixed metal or oxide that merely contains Dy/Tb/Sm is likewise not the listed metal or oxide"):
    a Chinese mixed Dy-Tb oxide line (0.90 USD) in a Japanese NdFeB magnet → `not_controlled` on the text's reading,
    the wider reading shown (`license_required`)."""
    comps = [line("C1", "Mixed dysprosium-terbium oxide", "rare_earth_oxide", ["Dy", "Tb"], "0.90")]
    return dossier("LQ8-B-MIXOX", product=ndfeb_magnet(["Nd", "Fe", "B", "Dy", "Tb"], "JP"), components=comps,
                   export_from="JP", destination="US")


@case("i1-pr-nd-dy-metal-line-open", AFTER, "not_controlled", readings={"containing-elements": "license_required"})
def _b_prnddy() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 「金属镝」 is dysprosium metal; a Chinese Pr-Nd-Dy mixed metal line (1.10 USD) is not that item on
    the text's reading (RULES.md second review) → `not_controlled`; the wider reading shown (`license_required`)."""
    comps = [line("C1", "Pr-Nd-Dy mixed metal", "rare_earth_metal", ["Pr", "Nd", "Dy"], "1.10")]
    return dossier("LQ8-B-PRNDDY", product=ndfeb_magnet(["Nd", "Pr", "Fe", "B", "Dy"], "JP"), components=comps,
                   export_from="JP", destination="US")


@case("i1-line-currency-unknown", AFTER, "insufficient_data", missing=["components[0].value"])
def _b_nocur() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例」 needs the Chinese Sm line in the product's currency; its currency is not yet known (FORMATS.md: a
    value may be null while unknown) and 6.50 could be USD (13.5 %) or JPY (0.09 %) → `insufficient_data` naming the
    line's value."""
    comp = sm_metal("6.50")
    comp["value"]["currency"] = None
    return vn("LQ8-B-NOCUR", components=[comp, cobalt()])


@case("i1-line-value-zero-and-second-at-line", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.048"}})
def _b_zero_plus() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: a Chinese Sm line valued 0.00 (scrap returned, no price) adds nothing; a second Chinese
    Sm line of 0.048 USD in the 48.00 USD magnet → exactly 0.1 % → `license_required`."""
    return vn("LQ8-B-ZEROPLUS", components=[sm_metal("0.00"), sm_metal("0.048", cid="C2"), cobalt()])


# ============================================================================================
# C. No. 62 technology (stages, recipients, places) and No. 61 I(2)
# ============================================================================================


@case("no62-to-taiwan-open", AFTER, "license_required", decisive_prefix=P62, readings={"treated-as-china": "not_controlled"})
def _c_tw() -> dict[str, Any]:
    """No. 62 一 「以下物项未经许可不得出口」, 1E902.a NdFeB magnet-making technology sent from the mainland to a Taiwanese maker:
    an export on the primary reading (separate customs territory) → `license_required`; the reading that Taiwan stays in
    China shown (`not_controlled`)."""
    return from_cn("LQ8-C-TW", tech("NdFeB sintering process parameters", elements=["Nd", "Fe", "B"]), "TW",
                   end_user=_party("Taoyuan Magnet Co., Ltd.", "TW"))


@case("no62-to-hong-kong-open", AFTER, "license_required", decisive_prefix=P62, readings={"treated-as-china": "not_controlled"})
def _c_hk() -> dict[str, Any]:
    """No. 62, 1E902.a separation technology (「冶炼分离……相关技术及其载体」) to a Hong Kong engineering firm →
    `license_required` on the primary reading; `treated-as-china` shown (`not_controlled`)."""
    return from_cn("LQ8-C-HK", tech("Rare-earth separation flowsheet"), "HK",
                   end_user=_party("Kowloon Process Engineering Ltd.", "HK"))


@case("no62-foreign-company-in-china-exports", AFTER, "license_required", decisive_prefix=P62)
def _c_foreign_exporter() -> dict[str, Any]:
    """No. 62 二 「本公告所称出口经营者，包括……在中国境内的所有自然人、法人和非法人组织」: a German-owned company established in
    China (exporter country DE in the dossier) sends Sm-Co magnet process specifications from China to Germany →
    `license_required`."""
    return dossier("LQ8-C-FEXP", product=tech("Sm-Co magnet process specification", elements=["Sm", "Co"]),
                   export_from="CN", destination="DE", exporter_country="DE")


@case("no62-watch-listed-recipient", AFTER, "license_required", confirm={"end_user": [WL]})
def _c_wl() -> dict[str, Any]:
    """No. 62 (「未经许可不得出口」) and the watch list (No. 12 of 2026: 「不得申请通用许可」 — a single licence with a risk
    report, no ban): rare-earth recycling technology to the Institute of Science Tokyo (confirmed) for civil research →
    `license_required`."""
    return from_cn("LQ8-C-WL", tech("NdFeB scrap recycling technology"), "JP",
                   end_user=_party("Institute of Science Tokyo", "JP"))


@case("no62-us-military-end-use", AFTER, "prohibited", decisive_prefix=P46)
def _c_usmil() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事用途出口」 reaches technology (两用物项 are 「货物、技术和服务」): Sm-Co
    magnet technology to a US civil company for a military end use → `prohibited`."""
    return from_cn("LQ8-C-USMIL", tech("Sm-Co magnet sintering technology", elements=["Sm", "Co"]), "US",
                   end_use="military", end_user=_party("Dayton Servo Systems Inc.", "US"))


@case("no62-1e902b-commissioning", AFTER, "license_required", decisive_prefix=P62)
def _c_b() -> dict[str, Any]:
    """No. 62 一(二) 1E902.b 「……冶炼分离……相关生产线装配、调试……等技术」: commissioning know-how for a solvent-extraction line
    supplied from China to Malaysia → `license_required`."""
    return from_cn("LQ8-C-1E902B", tech("Solvent-extraction line commissioning procedure", code="1E902.b"), "MY")


@case("no62-deemed-export-japanese-military-user", AFTER, "prohibited", decisive_prefix=P1)
def _c_deem_jp() -> dict[str, Any]:
    """No. 62 二 (「在境内向外国组织和个人提供」 is an export) with No. 1 of 2026 (「禁止所有两用物项对日本军事用户……出口」): metal
    smelting parameters handed over in Baotou to a Japanese defence-ministry delegation (military: true) → `prohibited`."""
    return dossier("LQ8-C-DEEMJP", product=tech("Rare-earth metal smelting parameters"), export_from="CN", destination="CN",
                   end_user=_party("Japan Ministry of Defense Technical Delegation", "JP", military=True))


@case("i2-sc-metal-separation", AFTER, "license_required", decisive=[R61_2])
def _c_sc() -> dict[str, Any]:
    """No. 61 一(二) 「使用原产于中国的……冶炼分离……相关技术在境外生产的本公告附件1所列物项」, Part 1 「金属钪」: Australian scandium
    metal produced with Chinese separation technology, exported to the US → `license_required`."""
    return i2("LQ8-C-SC", metal("Sc", "Scandium", made_in="AU"), "smelting_separation")


@case("i2-holmium-not-annex1", AFTER, "not_controlled")
def _c_ho() -> dict[str, Any]:
    """No. 61 一(二) reaches 「本公告附件1所列物项」 only; holmium metal (No. 57's 「金属钬」) is not in Annex 1: Vietnamese Ho metal
    made with Chinese metal-smelting technology, shipped from Vietnam → `not_controlled` (No. 57 governs exports from
    China only)."""
    return i2("LQ8-C-HO", metal("Ho", "Holmium", made_in="VN"), "metal_smelting")


@case("i2-smco-alloy-metal-smelting", AFTER, "license_required", decisive=[R61_2])
def _c_smco_alloy() -> dict[str, Any]:
    """No. 61 一(二), Part 1 「钐钴合金」: a Vietnamese Sm-Co alloy made with Chinese metal-smelting technology → `license_required`."""
    alloy = {"name": "Sm-Co alloy ingot", "description": "SmCo5 alloy", "hs_code": "7202999000",
             "category": "rare_earth_alloy", "elements": ["Sm", "Co"], "made_in": "VN", "unit_value": money("900.00")}
    return i2("LQ8-C-SMCOALLOY", alloy, "metal_smelting", to="DE")


@case("i2-lu-target-recycling", AFTER, "license_required", decisive=[R61_2])
def _c_lu() -> dict[str, Any]:
    """No. 61 一(二), Part 2 「稀土靶材」: a Korean lutetium target made from material recovered with Chinese secondary-resource
    recycling technology (「稀土二次资源回收利用相关技术」) → `license_required`."""
    return i2("LQ8-C-LU", target("Lu", "KR"), "secondary_recycling")


@case("i2-military-ai", AFTER, "case_by_case", decisive=[R61_2])
def _c_ai() -> dict[str, Any]:
    """No. 61 四 「研发具有潜在军事用途的人工智能的出口申请，逐案审批」 on I(2): the Vietnamese Sm-Co magnet made with Chinese magnet
    technology, for an AI-robotics R&D lab in the US → `case_by_case`."""
    return vn_tech_magnet("LQ8-C-AI", end_use="military_ai")


@case("i2-terrorism", AFTER, "license_required_presumption_of_denial", decisive=[R61_2])
def _c_terr() -> dict[str, Any]:
    """No. 61 三(二) 「恐怖主义目的」 原则上不予许可 on I(2): the same magnet where the end use is terrorism →
    `license_required_presumption_of_denial`."""
    return vn_tech_magnet("LQ8-C-TERR", to="DE", end_use="terrorism")


@case("i2-to-macau-open", AFTER, "license_required", decisive=[R61_2], readings={"treated-as-china": "not_controlled"})
def _c_mo() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」: the Vietnamese magnet made with Chinese technology shipped to Macau → on the
    primary reading (separate customs territory) `license_required`; the reading that Macau is China shown
    (`not_controlled`)."""
    return vn_tech_magnet("LQ8-C-MO", to="MO", end_user=_party("Macau Motion Ltd.", "MO"))


# ============================================================================================
# D. End uses: Arts. III and IV on re-exports (I(3)), the catch-all
# ============================================================================================


@case("i3-wmd", AFTER, "license_required_presumption_of_denial", decisive=[R61_3])
def _d_wmd() -> dict[str, Any]:
    """No. 61 三(一) 「设计、开发、生产、使用大规模杀伤性武器及其运载工具」 原则上不予许可 on I(3): Chinese terbium metal re-exported
    from Germany for a missile programme → `license_required_presumption_of_denial`."""
    return cn_tb_reexport("LQ8-D-WMD", "DE", "IN", end_use="wmd")


@case("i3-terrorism", AFTER, "license_required_presumption_of_denial", decisive=[R61_3])
def _d_terr() -> dict[str, Any]:
    """No. 61 三(二) 「恐怖主义目的」 on I(3): Chinese Sm metal (「金属钐」) re-exported from Singapore for a terrorist end use →
    `license_required_presumption_of_denial`."""
    return reexport("LQ8-D-TERR", metal("Sm", "Samarium"), "SG", "TR", end_use="terrorism")


@case("i3-256-layer", AFTER, "case_by_case", decisive=[R61_3])
def _d_mem() -> dict[str, Any]:
    """No. 61 四 「256层及以上存储芯片……逐案审批」 on I(3): a Chinese Gd target (Part 2 「钆靶」) re-exported from Japan to a Korean
    300-layer NAND fab → `case_by_case`."""
    return reexport("LQ8-D-MEM", target("Gd", "CN"), "JP", "KR", end_use="advanced_memory_256_layer")


@case("i3-military-ai", AFTER, "case_by_case", decisive=[R61_3])
def _d_ai() -> dict[str, Any]:
    """No. 61 四 「研发具有潜在军事用途的人工智能……逐案审批」 on I(3): Chinese Sc metal re-exported from Germany to a UK AI lab →
    `case_by_case`."""
    return reexport("LQ8-D-AI", metal("Sc", "Scandium"), "DE", "GB", end_use="military_ai")


@case("i3-14nm-logic-dy-oxide", AFTER, "case_by_case", decisive=[R61_3])
def _d_logic() -> dict[str, Any]:
    """No. 61 四 「研发、生产14纳米及以下逻辑芯片……逐案审批」 on I(3): Chinese Dy oxide (「氧化镝」) re-exported from Korea to a
    US 3 nm logic fab → `case_by_case`."""
    return reexport("LQ8-D-LOGIC", oxide("Dy", "Dysprosium"), "KR", "US", end_use="advanced_logic_14nm")


@case("i1-terrorism", AFTER, "license_required_presumption_of_denial", decisive=[R61_1])
def _d_i1terr() -> dict[str, Any]:
    """No. 61 三(二) 「恐怖主义目的」 on I(1): the Vietnamese magnet with 13.5 % Chinese Sm for a terrorist end use →
    `license_required_presumption_of_denial`."""
    return vn("LQ8-D-I1TERR", end_use="terrorism")


@case("i3-end-use-unknown", AFTER, "insufficient_data", missing=["shipment.end_use"])
def _d_i3unk() -> dict[str, Any]:
    """No. 61 三/四/五: on I(3) the end use decides between 原则上不予许可, 逐案审批, a licence and 免于申请许可 — Chinese Tb metal
    re-exported from Germany to the US with the end use not stated → `insufficient_data` naming the end use."""
    return cn_tb_reexport("LQ8-D-I3UNK", end_use=None)


@case("catch-all-terrorism-unlisted", AFTER, "license_required")
def _d_ca_terr() -> dict[str, Any]:
    """Export Control Law Art. 12 (catch-all: 「被用于恐怖主义目的」): neodymium metal (on no list) from China for a terrorist
    end use → `license_required`."""
    return dossier("LQ8-D-CATERR", product=nd_metal(), export_from="CN", destination="TR", end_use="terrorism")


@case("catch-all-chips-not-reached", AFTER, "not_controlled")
def _d_ca_chip() -> dict[str, Any]:
    """No. 61 四 (14 nm logic, 逐案审批) is a licensing policy for No. 61's items only, and the Export Control Law Art. 12
    catch-all names WMD and terrorism (「大规模杀伤性武器……恐怖主义目的」), not chips: neodymium metal from China to a US
    14 nm fab → `not_controlled`."""
    return dossier("LQ8-D-CACHIP", product=nd_metal(), export_from="CN", destination="US",
                   end_use="advanced_logic_14nm", end_user=_party("Arizona Logic Foundry Inc.", "US"))


@case("no55-end-use-unknown-germany", AFTER, "license_required", decisive_prefix=P55)
def _d_55unk_de() -> dict[str, Any]:
    """No. 55 of 2025 (「人造金刚石微粉」) needs a licence whatever the end use and no ban names Germany: diamond micropowder to
    Germany with the end use not stated → `license_required` (the end use cannot change it)."""
    return from_cn("LQ8-D-55UNKDE", diamond(), end_use=None)


@case("no55-end-use-unknown-us", AFTER, "insufficient_data", missing=["shipment.end_use"])
def _d_55unk_us() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国……军事用途出口」: diamond micropowder (a dual-use item, No. 55) from China to a US
    civil company with the end use not stated → a military use would make it prohibited → `insufficient_data` naming the
    end use."""
    return from_cn("LQ8-D-55UNKUS", diamond(), "US", end_use=None, end_user=_party("Ohio Abrasives Inc.", "US"))


@case("no55-us-military-user", TODAY, "prohibited", decisive_prefix=P46)
def _d_55mil() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户……出口」: diamond micropowder (No. 55) from China to a US Army depot
    (military: true) on 2026-12-02 → `prohibited`."""
    return from_cn("LQ8-D-55MIL", diamond(), "US", end_user=US_MIL)


@case("no58-japanese-military-user", AFTER, "prohibited", decisive_prefix=P1)
def _d_58jp() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」: graphite anode material (No. 58) from China to a Japanese Self-Defense
    Force depot → `prohibited`."""
    return from_cn("LQ8-D-58JP", anode(), "JP", end_user=JSDF)


# ============================================================================================
# E. Parties on each list: scripts, roles, owners, undecided and cleared hits
# ============================================================================================


@case("control-list-jaxa-traditional", "2026-03-01", "prohibited", confirm={"end_user": [CL]})
def _e_jaxa() -> dict[str, Any]:
    """Control list, No. 11 of 2026 (「禁止……两用物项出口」 to 日本宇宙航空研究开发机构): terbium metal from China to the end user
    written in Traditional script 日本宇宙航空研究開發機構, hit confirmed → `prohibited`."""
    return tb("LQ8-E-JAXA", destination="JP", end_user=_party("日本宇宙航空研究開發機構", "JP"))


@case("control-list-defense-academy-traditional", "2026-03-01", "prohibited", confirm={"end_user": [CL]})
def _e_nda() -> dict[str, Any]:
    """Control list, No. 11 of 2026 (防卫大学, National Defense Academy of Japan): samarium metal (No. 18 「金属钐」) from China to
    防衛大學 (Traditional script), hit confirmed → `prohibited`."""
    return from_cn("LQ8-E-NDA", metal("Sm", "Samarium"), "JP", end_user=_party("防衛大學", "JP"))


@case("control-list-alias-i1", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [CL, UEL]})
def _e_alias() -> dict[str, Any]:
    """No. 61 二 (「管控名单……所列的……最终用户」 原则上不予许可): the Vietnamese magnet (13.5 % Chinese Sm, not itself China-origin)
    to "Lockheed Martin Corp" — an alias of the control list's Lockheed Martin Corporation (also on the unreliable entity
    list), confirmed → `license_required_presumption_of_denial`."""
    return vn("LQ8-E-ALIAS", destination="US", end_user=_party("Lockheed Martin Corp", "US"))


@case("control-list-upper-case-no18", AFTER, "prohibited", confirm={"end_user": [CL, UEL]})
def _e_upper() -> dict[str, Any]:
    """Control list (2025-01-02: 「禁止向其出口两用物项」) and the unreliable entity list: terbium metal from China to "LOCKHEED
    MARTIN CORPORATION" (upper case), confirmed → `prohibited`."""
    return tb("LQ8-E-UPPER", destination="US", end_user=_party("LOCKHEED MARTIN CORPORATION", "US"))


@case("control-list-traditional-i1", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [CL]})
def _e_mhi() -> dict[str, Any]:
    """No. 61 二 (管控名单 → 原则上不予许可): the Vietnamese magnet to 三菱重工航空發動機株式會社 (Traditional script of 三菱重工航空发动机
    株式会社, control list No. 11 of 2026), confirmed → `license_required_presumption_of_denial`."""
    return vn("LQ8-E-MHI", destination="JP", end_user=_party("三菱重工航空發動機株式會社", "JP"))


@case("watch-list-importer-traditional-i1", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"importer": [WL]})
def _e_yusoki() -> dict[str, Any]:
    """No. 61 二 「关注名单所列的进口商」 原则上不予许可: the Vietnamese magnet imported into Japan by 運輸機工業株式會社 (Traditional
    script of 运输机工业株式会社, Yusoki, watch list No. 12 of 2026), confirmed → `license_required_presumption_of_denial`."""
    return vn("LQ8-E-YUSOKI", destination="JP", end_user=_party("Hamamatsu Drives KK", "JP"),
              shipment_extra={"importer": _party("運輸機工業株式會社", "JP")})


@case("watch-list-traditional-i3", AFTER, "license_required_presumption_of_denial", decisive=[R61_3],
      confirm={"end_user": [WL]})
def _e_tokyo() -> dict[str, Any]:
    """No. 61 二 (关注名单所列的最终用户) on I(3): Chinese gadolinium metal (「金属钆」) re-exported from Germany to 東京科學大學
    (Traditional script of 东京科学大学, watch list No. 12 of 2026), confirmed → `license_required_presumption_of_denial`."""
    return reexport("LQ8-E-TOKYO", metal("Gd", "Gadolinium"), "DE", "JP", end_user=_party("東京科學大學", "JP"))


@case("watch-list-tdk-no18", AFTER, "license_required", decisive=N18_WL, confirm={"end_user": [WL]})
def _e_tdk() -> dict[str, Any]:
    """Watch list No. 12 of 2026 (TDK; 「不得申请通用许可」): terbium metal from China to TDK (confirmed) for civil magnets →
    No. 18's `license_required`, the watch list among the decisive rules (no ban)."""
    return tb("LQ8-E-TDK", destination="JP", end_user=_party("TDK", "JP"))


@case("watch-list-consignee-traditional-i2", AFTER, "license_required_presumption_of_denial", decisive=[R61_2],
      confirm={"consignee": [WL]})
def _e_mitsui() -> dict[str, Any]:
    """No. 61 二 (关注名单所列的进口商: the consignee receiving the goods) on I(2): the Vietnamese magnet made with Chinese
    technology consigned to 三井物產航空航天株式會社 (Mitsui Bussan Aerospace, watch list), confirmed →
    `license_required_presumption_of_denial`."""
    return vn_tech_magnet("LQ8-E-MITSUI", to="JP", end_user=_party("Sendai Actuators KK", "JP"),
                          shipment_extra={"consignee": _party("三井物產航空航天株式會社", "JP")})


@case("watch-list-owner-50pct", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user.owners[0]": [WL]})
def _e_eneos_owner() -> dict[str, Any]:
    """No. 61 二 「（包括其控股50%及以上的子公司……）」: the end user is held 50 % ("0.50") by ENEOS Corporation (watch list,
    confirmed) → `license_required_presumption_of_denial`."""
    owner = {"name": "ENEOS Corporation", "country": "JP", "share": "0.50"}
    return vn("LQ8-E-ENEOSOWN", destination="JP", end_user=_party("Kawasaki Catalyst Motors KK", "JP", owners=[owner]))


@case("uel-epirus-unlisted-item", AFTER, "prohibited", confirm={"end_user": [UEL]})
def _e_epirus() -> dict[str, Any]:
    """Unreliable entity list (2025-10-09, Epirus, Inc.: 「不得从事与中国有关的进出口活动」): neodymium metal (on no list) from China
    to it, confirmed → `prohibited`."""
    return from_cn("LQ8-E-EPIRUS", nd_metal(), "US", end_user=_party("Epirus, Inc.", "US"))


@case("uel-importer", AFTER, "prohibited", confirm={"importer": [UEL]})
def _e_av() -> dict[str, Any]:
    """Unreliable entity list (AeroVironment, Inc., 「不得从事与中国有关的进出口活动」): samarium metal from China to a US civil end
    user, imported by AeroVironment (confirmed) → `prohibited`."""
    return from_cn("LQ8-E-AV", metal("Sm", "Samarium"), "US", end_user=_party("Ohio Motion Components Inc.", "US"),
                   shipment_extra={"importer": _party("AeroVironment, Inc.", "US")})


@case("uel-consignee-no58", AFTER, "prohibited", confirm={"consignee": [UEL]})
def _e_flir() -> dict[str, Any]:
    """Unreliable entity list (Teledyne FLIR, LLC; 「不得从事与中国有关的进出口活动」): graphite anode material (No. 58) from China
    consigned to it (confirmed) → `prohibited`."""
    return from_cn("LQ8-E-FLIR", anode(), "US", end_user=_party("Oregon Battery Works Inc.", "US"),
                   shipment_extra={"consignee": _party("Teledyne FLIR, LLC", "US")})


@case("uel-day-before-2025-listing-elbit", "2025-10-08", "not_controlled")
def _e_elbit_pre() -> dict[str, Any]:
    """Unreliable entity list: Elbit Systems of America, LLC listed 2025-10-09 (「不得从事与中国有关的进出口活动」): neodymium metal
    from China to it on 2025-10-08 → `not_controlled` (not listed yet, item on no list, No. 46 Art. 1 needs a military
    use or user stated)."""
    return from_cn("LQ8-E-ELBITPRE", nd_metal(), "US", end_user=_party("Elbit Systems of America, LLC", "US"))


@case("watch-list-importer-undecided", AFTER, "insufficient_data", missing=["shipment.importer"])
def _e_undecided() -> dict[str, Any]:
    """No. 61 二 (关注名单所列的进口商 → 原则上不予许可) and RULES.md second review ("Parties": a match with no recorded decision cannot
    come out better than insufficient data): the Vietnamese magnet imported by "ENEOS Corporation", hit undecided →
    `insufficient_data` naming the importer's screening."""
    return vn("LQ8-E-UNDEC", destination="JP", end_user=_party("Hamamatsu Drives KK", "JP"),
              shipment_extra={"importer": _party("ENEOS Corporation", "JP")})


@case("uel-hit-cleared", AFTER, "not_controlled", confirm={"end_user": [UEL]}, decision="cleared")
def _e_cleared() -> dict[str, Any]:
    """Unreliable entity list (「不得从事与中国有关的进出口活动」): an end user named "Epirus, Inc." whom a person cleared (another
    company of that name), neodymium metal (on no list) from China → `not_controlled`."""
    return from_cn("LQ8-E-CLEARED", nd_metal(), "US", end_user=_party("Epirus, Inc.", "US"))


@case("control-list-ended-entry-i3", AFTER, "license_required", decisive=[R61_3])
def _e_ended() -> dict[str, Any]:
    """Control list: MOFCOM stopped the measures on the twelve US entities of No. 22 of 2025 from 2025-08-12
    (「停止执行相关措施」); Chinese Tb metal re-exported from Germany to Echodyne (civil use) on 2026-11-25 → No. 61 I(3)'s
    `license_required`, no presumption of denial."""
    return cn_tb_reexport("LQ8-E-ENDED", end_user=_party("Echodyne", "US"))


# ============================================================================================
# F. Licences: validity, scope
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


def _covers(expected: bool, code: str | None = None) -> Callable[[dict[str, Any]], None]:
    def check(doc: dict[str, Any]) -> None:
        assert doc["licence"] is not None and doc["licence"]["covers"] is expected, doc["licence"]
        if code is not None:
            assert code in [f["code"] for f in doc["licence"]["failures"]], doc["licence"]
    return check


def tb_lic(ref: str, licence: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return tb(ref, end_user=kw.pop("end_user", None) or _party("Hanseong Magnetics Co., Ltd.", "KR"),
              shipment_extra={"licence": licence, "quantity": {"amount": "10", "unit": "kg"}}, **kw)


@case("licence-first-valid-day", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _f_first() -> dict[str, Any]:
    """No. 18 of 2025 (「未经许可不得出口」, 1C904 「金属铽」) with the exporter's own MOFCOM licence valid from 2026-06-01: on its
    first valid day it covers → `license_required`, covers true."""
    return tb_lic("LQ8-F-FIRST", lic("MOFCOM-2026-LQ8-FIRST", "Client LQ8-F-FIRST Co., Ltd.", valid_from="2026-06-01"))


@case("licence-day-after-expiry", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(False))
def _f_expired() -> dict[str, Any]:
    """No. 18 of 2025 with a licence valid until 2026-05-31: on 2026-06-01 it no longer covers (许可证件有效期) →
    `license_required`, covers false."""
    return tb_lic("LQ8-F-EXP", lic("MOFCOM-2026-LQ8-EXP", "Client LQ8-F-EXP Co., Ltd.", valid_until="2026-05-31"))


@case("licence-several-destinations", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _f_dests() -> dict[str, Any]:
    """No. 18 of 2025 with a licence naming Japan and Korea as destinations (许可证件载明的目的国): a shipment to Korea →
    covered → `license_required`, covers true."""
    return tb_lic("LQ8-F-DESTS", lic("MOFCOM-2026-LQ8-DESTS", "Client LQ8-F-DESTS Co., Ltd.", destinations=["JP", "KR"]))


@case("licence-named-end-user", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _f_eu() -> dict[str, Any]:
    """No. 18 of 2025 with a licence naming the end user Hanseong Magnetics (最终用户): the shipment to it is covered →
    `license_required`, covers true."""
    return tb_lic("LQ8-F-EU", lic("MOFCOM-2026-LQ8-EU", "Client LQ8-F-EU Co., Ltd.",
                                  end_users=[{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"}]))


@case("licence-value-limit-not-reached", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _f_val() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's limits (许可证件载明的金额): 10 kg × 1,250.00 USD = 12,500.00 USD against a 20,000.00 USD
    limit → covered → `license_required`, covers true."""
    return tb_lic("LQ8-F-VAL", lic("MOFCOM-2026-LQ8-VAL", "Client LQ8-F-VAL Co., Ltd.",
                                   limits=[{"value": {"amount": "20000.00", "currency": "USD"}}]))


@case("licence-class-b-other-end-user", "2026-06-01", "license_required", decisive_prefix=P18,
      check=_covers(False, "end_user"))
def _f_classb() -> dict[str, Any]:
    """No. 18 of 2025 and a general licence class B (「向固定的最终用户」 repeated exports of one item): a general_b licence tied to Busan Motor Co. does
    not cover terbium metal for Hanseong Magnetics → `license_required`, failure `end_user`."""
    return tb_lic("LQ8-F-CLASSB", lic("MOFCOM-2026-LQ8-CLASSB", "Client LQ8-F-CLASSB Co., Ltd.", kind="general_b",
                                      end_users=[{"name": "Busan Motor Co., Ltd.", "country": "KR"}]))


@case("licence-does-not-lift-control-list-ban", "2026-06-01", "prohibited", confirm={"end_user": [CL]})
def _f_ban() -> dict[str, Any]:
    """Control list No. 11 of 2026 (「禁止……出口」; a licence only in exceptional cases, by a decision on the listing, not by an
    ordinary licence): terbium metal from China to IHI Aerospace Co., Ltd. (confirmed) under a single licence for Japan
    → still `prohibited`."""
    return tb_lic("LQ8-F-BAN", lic("MOFCOM-2026-LQ8-BAN", "Client LQ8-F-BAN Co., Ltd.", destinations=["JP"]),
                  destination="JP", end_user=_party("IHI Aerospace Co., Ltd.", "JP"))


@case("licence-i3-foreign-holder-covers", AFTER, "license_required", decisive=[R61_3], check=_covers(True))
def _f_i3() -> dict[str, Any]:
    """No. 61 一 「境外特定出口经营者……必须获得中国商务部颁发的两用物项出口许可证件」: the German re-exporter of Chinese terbium metal
    holds its own MOFCOM licence for the US → covered → `license_required`, covers true."""
    return cn_tb_reexport("LQ8-F-I3", shipment_extra={
        "licence": lic("MOFCOM-2026-LQ8-I3", "Client LQ8-F-I3 Co., Ltd.", holder_country="DE", destinations=["US"],
                       valid_from="2026-11-11", valid_until="2027-11-10"),
        "quantity": {"amount": "10", "unit": "kg"}})


# ============================================================================================
# G. Re-exports (No. 61 一(三) 「原产于中国的本公告附件1所列物项」)
# ============================================================================================


@case("i3-dy-oxide", AFTER, "license_required", decisive=[R61_3])
def _g_dyox() -> dict[str, Any]:
    """No. 61 一(三), Part 1 「氧化镝」: Chinese Dy oxide re-exported from Korea to the US → `license_required`."""
    return reexport("LQ8-G-DYOX", oxide("Dy", "Dysprosium"), "KR", "US")


@case("i3-y-oxide-not-annex1", AFTER, "not_controlled")
def _g_yox() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 oxides are 「氧化镝、氧化铽」 only: Chinese yttrium oxide re-exported from Korea to the US →
    `not_controlled`."""
    return reexport("LQ8-G-YOX", oxide("Y", "Yttrium"), "KR", "US")


@case("i3-y-metal", AFTER, "license_required", decisive=[R61_3])
def _g_ymet() -> dict[str, Any]:
    """No. 61 一(三), Part 1 「金属钇」: Chinese yttrium metal re-exported from Singapore to India → `license_required`."""
    return reexport("LQ8-G-YMET", metal("Y", "Yttrium"), "SG", "IN")


@case("i3-tb-fe-alloy", AFTER, "license_required", decisive=[R61_3])
def _g_tbfe() -> dict[str, Any]:
    """No. 61 一(三), Part 1 「铽铁合金」: a Chinese Tb-Fe alloy re-exported from Germany to France → `license_required`."""
    alloy = {"name": "Tb-Fe alloy", "description": "Terbium-iron master alloy", "hs_code": "7202999000",
             "category": "rare_earth_alloy", "elements": ["Tb", "Fe"], "made_in": "CN", "unit_value": money("800.00")}
    return reexport("LQ8-G-TBFE", alloy, "DE", "FR")


@case("i3-sm-target", AFTER, "license_required", decisive=[R61_3])
def _g_smt() -> dict[str, Any]:
    """No. 61 一(三), Part 2 「稀土靶材，如钐靶」: a Chinese Sm target re-exported from Japan to the US → `license_required`."""
    return reexport("LQ8-G-SMT", target("Sm", "CN"), "JP", "US")


@case("i3-gd-oxide-not-annex1", AFTER, "not_controlled")
def _g_gdox() -> dict[str, Any]:
    """No. 61 Annex 1 has no 氧化钆 (Part 1 oxides: 「氧化镝、氧化铽」): Chinese Gd oxide re-exported from the Netherlands to the
    US → `not_controlled`."""
    return reexport("LQ8-G-GDOX", oxide("Gd", "Gadolinium"), "NL", "US")


@case("i3-ndfeb-dy-magnet-mexico", AFTER, "license_required", decisive=[R61_3])
def _g_ndfeb() -> dict[str, Any]:
    """No. 61 一(三), Part 2 「稀土永磁材料」: a Chinese NdFeB-Dy magnet re-exported from Mexico to the US → `license_required`."""
    return reexport("LQ8-G-NDFEB", ndfeb_magnet(["Nd", "Fe", "B", "Dy"], "CN"), "MX", "US")


@case("i3-ce-magnet", AFTER, "license_required", decisive=[R61_3])
def _g_ce() -> dict[str, Any]:
    """No. 61 一(三), Part 2 is every 「稀土永磁材料」 (Sm-Co is only an example: 「如钐钴永磁材料」): a Chinese Ce-Fe-B magnet
    re-exported from Thailand to India → `license_required`."""
    return reexport("LQ8-G-CE", ndfeb_magnet(["Ce", "Nd", "Fe", "B"], "CN"), "TH", "IN")


@case("i3-nd-pr-metal-not-annex1", AFTER, "not_controlled")
def _g_ndpr() -> dict[str, Any]:
    """No. 61 Annex 1 has no Nd or Pr items (Part 1: Sm, Dy, Gd, Tb, Lu, Sc, Y metals …): Chinese Pr-Nd metal re-exported from
    Germany → `not_controlled` (「本公告附件1所列物项」)."""
    prnd = {"name": "Praseodymium-neodymium metal", "description": "PrNd metal", "hs_code": "2805301900",
            "category": "rare_earth_metal", "elements": ["Pr", "Nd"], "made_in": "CN", "unit_value": money("90.00")}
    return reexport("LQ8-G-NDPR", prnd, "DE", "US")


@case("i3-to-taiwan-open", AFTER, "license_required", decisive=[R61_3], readings={"treated-as-china": "not_controlled"})
def _g_tw() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」 with I(3): Chinese terbium metal re-exported from Germany to Taiwan → on the primary
    reading `license_required`; the reading that Taiwan is China shown (`not_controlled`)."""
    return cn_tb_reexport("LQ8-G-TW", "DE", "TW", end_user=_party("Hsinchu Materials Co., Ltd.", "TW"))


# ============================================================================================
# H. HK / MO / TW for listed goods
# ============================================================================================


@case("no55-to-hong-kong-open", AFTER, "license_required", decisive_prefix=P55, readings={"treated-as-china": "not_controlled"})
def _h_55hk() -> dict[str, Any]:
    """No. 55 of 2025 (「人造金刚石微粉」) from the mainland to Hong Kong: an export on the primary reading →
    `license_required`; the reading that Hong Kong stays in China shown (`not_controlled`)."""
    return from_cn("LQ8-H-55HK", diamond(), "HK", end_user=_party("Kowloon Abrasives Ltd.", "HK"))


@case("no57-to-taiwan-open", AFTER, "license_required", decisive_prefix=P57, readings={"treated-as-china": "not_controlled"})
def _h_57tw() -> dict[str, Any]:
    """No. 57 of 2025 (1C909 「金属钬」) from the mainland to Taiwan → `license_required`; `treated-as-china` shown
    (`not_controlled`)."""
    return from_cn("LQ8-H-57TW", metal("Ho", "Holmium"), "TW", end_user=_party("Tainan Lasers Ltd.", "TW"))


# ============================================================================================
# I. Items on no list, and No. 18's oxide entries
# ============================================================================================


@case("no-list-cerium-metal", AFTER, "not_controlled")
def _i_ce() -> dict[str, Any]:
    """No. 18 of 2025 names Sm, Gd, Tb, Dy, Lu, Sc, Y (「钐、钆、铽、镝、镥、钪、钇」); No. 57 Ho, Er, Tm, Eu, Yb: cerium metal from
    China to Germany for civil use → `not_controlled`."""
    return from_cn("LQ8-I-CE", metal("Ce", "Cerium"))


@case("no-list-pr-nd-oxide", AFTER, "not_controlled")
def _i_prnd() -> dict[str, Any]:
    """Pr-Nd oxide is on no list (No. 18's seven elements 「钐、钆、铽、镝、镥、钪、钇」 exclude Pr and Nd) → from China to Japan for a
    civil user `not_controlled`."""
    prnd = {"name": "Praseodymium-neodymium oxide", "description": "PrNd oxide", "hs_code": "2846909990",
            "category": "rare_earth_oxide", "elements": ["Pr", "Nd"], "made_in": "CN", "unit_value": money("70.00")}
    return from_cn("LQ8-I-PRNDOX", prnd, "JP", end_user=_party("Osaka Precision Parts KK", "JP"))


@case("no-list-plain-ndfeb-magnet", AFTER, "not_controlled")
def _i_ndfeb() -> dict[str, Any]:
    """No. 18 of 2025 lists NdFeB magnet materials only 「含铽的」/「含镝的」: a plain Nd-Pr-Fe-B magnet from China to Germany →
    `not_controlled`."""
    return from_cn("LQ8-I-NDFEB", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"))


@case("no-list-ce-magnet", AFTER, "not_controlled")
def _i_cemag() -> dict[str, Any]:
    """No. 18's magnets are 「钐钴永磁材料」 and Tb/Dy-containing NdFeB: a Ce-Fe-B magnet from China to Germany →
    `not_controlled`."""
    return from_cn("LQ8-I-CEMAG", ndfeb_magnet(["Ce", "Nd", "Fe", "B"], "CN"))


@case("no-list-cobalt-powder", AFTER, "not_controlled")
def _i_co() -> dict[str, Any]:
    """No rare earth, no listed item (No. 18 「钐、钆、铽……」): cobalt powder (category other) from China to Germany →
    `not_controlled`."""
    return from_cn("LQ8-I-CO", cn_product("Cobalt powder", "other", elements=["Co"], hs="8105201000"))


@case("no18-gd-oxide", AFTER, "license_required", decisive_prefix=P18)
def _i_gdox() -> dict[str, Any]:
    """No. 18 of 2025, 1C903.b gadolinium 「氧化物及其混合物」 (氧化钆): Gd oxide from China to Germany → `license_required`."""
    return from_cn("LQ8-I-GDOX", oxide("Gd", "Gadolinium"))


@case("no18-sm-oxide", AFTER, "license_required", decisive_prefix=P18)
def _i_smox() -> dict[str, Any]:
    """No. 18 of 2025, 1C902.b samarium 「氧化物及其混合物」 (氧化钐): Sm oxide from China to Korea → `license_required`."""
    return from_cn("LQ8-I-SMOX", oxide("Sm", "Samarium"), "KR")


@case("no18-sc-oxide", AFTER, "license_required", decisive_prefix=P18)
def _i_scox() -> dict[str, Any]:
    """No. 18 of 2025, scandium (1C907 [code unverified]) .b 「氧化物及其混合物」 (氧化钪): Sc oxide from China to the UK →
    `license_required`."""
    return from_cn("LQ8-I-SCOX", oxide("Sc", "Scandium"), "GB")


@case("no18-lu-oxide", AFTER, "license_required", decisive_prefix=P18)
def _i_luox() -> dict[str, Any]:
    """No. 18 of 2025, lutetium (1C906 [code unverified]) .b 「氧化物及其混合物」 (氧化镥): Lu oxide from China to France →
    `license_required`."""
    return from_cn("LQ8-I-LUOX", oxide("Lu", "Lutetium"), "FR")


@case("no-list-nd-metal-japanese-civil", "2026-03-01", "not_controlled")
def _i_ndjp() -> dict[str, Any]:
    """No. 1 of 2026 bans 「所有两用物项」 to Japanese military users and uses only; neodymium metal (on no list) from China to a
    Japanese civil company for civil motors → `not_controlled`."""
    return from_cn("LQ8-I-NDJP", nd_metal(), "JP", end_user=_party("Osaka Precision Parts KK", "JP"))


# ============================================================================================
# J. Second batch: intermediate rounding, rate choice, data that cannot decide, deemed exports
# ============================================================================================


@case("i1-six-decimal-rate-not-rounded-up", AFTER, "not_controlled", figures={R61_1: {"comparison": "below"}},
      results={R61_1: "does_not_apply"})
def _j_rate6() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」 and RULES.md valuation step 5 (Decimal, every rounding shown): Chinese Sm 0.336 CNY at a stated
    0.142857 USD/CNY is 0.047999952 USD, below 0.048 of a 48.00 USD magnet → `not_controlled`; a converted amount rounded
    to cents or to 4 places (0.0480) would wrongly cross the line."""
    return vn("LQ8-J-RATE6", components=[sm_metal("0.336", currency="CNY"), cobalt()],
              rates=[rate("CNY", "USD", "0.142857")])


@case("i1-six-decimal-rate-product-converted", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"comparison": "at_or_above"}})
def _j_rate6p() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: a 336.00 CNY magnet (× 0.142857 = 47.999952 USD) with Chinese Sm 0.048 USD: the ratio is
    0.001000001 (at or above in whichever currency it is computed) → `license_required`."""
    return vn("LQ8-J-RATE6P", product=smco_magnet(value="336.00", currency="CNY"),
              components=[sm_metal("0.048"), cobalt("1.00", )], rates=[rate("CNY", "USD", "0.142857")])


@case("i1-and-i2-both-apply", AFTER, "license_required", decisive=[R61_1, R61_2])
def _j_both() -> dict[str, Any]:
    """No. 61 一(一) (13.5 % Chinese Sm, 「价值比例达到0.1%及以上」) and 一(二) (Chinese magnet technology, 「使用原产于中国的……磁材制造
    ……相关技术」) both reach the Vietnamese magnet → `license_required`, both rules decisive."""
    return vn("LQ8-J-BOTH", technologies=techs("magnet_manufacturing"))


@case("i2-technology-stage-unknown", AFTER, "insufficient_data", missing=["technologies[0].stage"])
def _j_stage_unknown() -> dict[str, Any]:
    """No. 61 一(二) names five stages (「开采、冶炼分离、金属冶炼、磁材制造、稀土二次资源回收利用」): a Chinese technology used on the
    Vietnamese magnet (Japanese Sm, below nothing else) whose stage is not yet known (a coating process would not count, a
    sintering process would) → `insufficient_data` naming the technology's stage."""
    return vn_tech_magnet("LQ8-J-STAGEUNK", to="DE", technologies=[{"stage": None, "origin": "CN",
                                                                     "description": "process supplied by a Chinese firm"}])


@case("no18-product-category-unknown", AFTER, "insufficient_data", missing=["product.category"])
def _j_cat_unknown() -> dict[str, Any]:
    """No. 18 of 2025 lists terbium forms (1C904 「金属铽」, oxides, compounds, 「含铽的钕铁硼永磁材料」) but not deep-processed goods
    (MOFCOM FAQ): a terbium-bearing product from China whose category is not yet known → `insufficient_data` naming the
    product's category."""
    product = metal("Tb", "Terbium")
    product["category"] = None
    return tb("LQ8-J-CATUNK", product=product)


@case("i1-shipped-into-china-foreign-end-user", AFTER, "not_controlled")
def _j_into_cn() -> dict[str, Any]:
    """No. 61 一 「在向中国以外的其他国家和地区出口以下物项前」: the Vietnamese magnet (13.5 % Chinese Sm) shipped from Vietnam into
    China to the Suzhou plant of a German company (end user country DE) — goods going to China, not to another country →
    `not_controlled` (provision to a foreign party in China is an export only for items leaving from inside China)."""
    return vn("LQ8-J-INTOCN", destination="CN", end_user=_party("Rhein Antriebe GmbH", "DE"))


@case("no62-deemed-export-us-military-user", AFTER, "prohibited", decisive_prefix=P46)
def _j_deem_us() -> dict[str, Any]:
    """No. 62 二 (「在境内向外国组织和个人提供」 is an export) and No. 46 of 2024 Art. 1 (「禁止两用物项对美国军事用户……出口」):
    separation technology handed over in Ganzhou to a US Army research office (military: true) → `prohibited`."""
    return dossier("LQ8-J-DEEMUS", product=tech("Rare-earth separation process parameters"), export_from="CN",
                   destination="CN", end_user=_party("US Army Research Office Liaison", "US", military=True))


@case("no62-deemed-export-control-listed", AFTER, "prohibited", confirm={"end_user": [CL]})
def _j_deem_cl() -> dict[str, Any]:
    """No. 62 二 (deemed export) and the control list (No. 11 of 2026: 「禁止……两用物项出口」): NdFeB process specifications given in
    Ningbo to engineers of IHI Aerospace Co., Ltd. (confirmed) → `prohibited`."""
    return dossier("LQ8-J-DEEMCL", product=tech("NdFeB process specification", elements=["Nd", "Fe", "B"]),
                   export_from="CN", destination="CN", end_user=_party("IHI Aerospace Co., Ltd.", "JP"))


@case("no62-deemed-export-uel", AFTER, "prohibited", confirm={"end_user": [UEL]})
def _j_deem_uel() -> dict[str, Any]:
    """No. 62 二 (deemed export) and the unreliable entity list (Epirus, Inc., 「不得从事与中国有关的进出口活动」): recycling
    technology given in Shanghai to Epirus (confirmed) → `prohibited`."""
    return dossier("LQ8-J-DEEMUEL", product=tech("Magnet scrap recycling technology"), export_from="CN",
                   destination="CN", end_user=_party("Epirus, Inc.", "US"))


@case("no18-provided-in-china-us-military-user", AFTER, "prohibited", decisive_prefix=P46)
def _j_goods_us() -> dict[str, Any]:
    """Export Control Law Art. 2 (「……向外国组织和个人提供管制物项」 is an export) with No. 46 of 2024 Art. 1 (「禁止两用物项对美国军事
    用户……出口」): terbium metal handed over in Shanghai to a US Navy purchasing office (military: true) → `prohibited`."""
    return tb("LQ8-J-GOODSUS", destination="CN", end_user=_party("US Navy Fleet Logistics Office", "US", military=True))


@case("catch-all-wmd-provided-in-china", AFTER, "license_required")
def _j_ca_deem() -> dict[str, Any]:
    """Export Control Law Art. 2 (provision in China to a foreign party is an export) and Art. 12 (catch-all, 「大规模杀伤性武器」):
    neodymium metal (on no list) handed over in Tianjin to a foreign company for a WMD programme → `license_required`."""
    return dossier("LQ8-J-CADEEM", product=nd_metal(), export_from="CN", destination="CN", end_use="wmd",
                   end_user=_party("Levant Propulsion Trading FZE", "AE"))


@case("today-i1-origin-unknown", TODAY, "insufficient_data", missing=["components[0].origin"],
      readings=_ext("insufficient_data"))
def _j_t_unk() -> dict[str, Any]:
    """On 2026-12-02 No. 61 一(一) is in force by No. 70's text and the Sm line's origin (「原产于中国的」) decides →
    `insufficient_data` naming it. First expected `suspended` on the reported extension; re-read: `suspended` means "a rule
    would apply, but it is suspended" (FORMATS.md), and whether I(1) would apply at all turns on the same origin (Chinese:
    suspended; not Chinese: not controlled), so that reading is `insufficient_data` too."""
    return vn("LQ8-J-TUNK", components=[sm_metal("6.50", origin=None), cobalt()])


@case("today-i3-control-listed-transfer", TODAY, "prohibited", confirm={"end_user": [CL]},
      readings=_ext("prohibited"))
def _j_t_i3cl() -> dict[str, Any]:
    """Control list No. 11 of 2026 (「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给上述……实体」, not suspended by No. 70):
    Chinese terbium metal (No. 18 「金属铽」, a dual-use item) re-exported from Germany to Kawasaki Heavy Industries Aerospace
    Systems Company (confirmed) on 2026-12-02 → `prohibited` under both readings of No. 70's end."""
    return cn_tb_reexport("LQ8-J-TI3CL", "DE", "JP", end_user=_party("Kawasaki Heavy Industries Aerospace Systems Company", "JP"))


@case("control-list-name-without-inc", "2025-10-01", "prohibited", confirm={"end_user": [CL]})
def _j_hii() -> dict[str, Any]:
    """Control list, No. 51 of 2025 (2025-09-25, Huntington Ingalls Industries, Inc.: 「禁止向其出口两用物项」): samarium metal (No. 18
    「金属钐」) from China to "Huntington Ingalls Industries" (without "Inc."), hit confirmed → `prohibited`."""
    return from_cn("LQ8-J-HII", metal("Sm", "Samarium"), "US", end_user=_party("Huntington Ingalls Industries", "US"))


@case("today-i1-licence-covers", TODAY, "license_required", decisive=[R61_1], readings=_ext("suspended"),
      check=_covers(True))
def _j_t_lic() -> dict[str, Any]:
    """No. 61 一 「必须获得中国商务部颁发的两用物项出口许可证件」: the Vietnamese exporter holds its own MOFCOM licence for Sm-Co magnets
    to Germany (valid 2026-11-11 to 2027-11-10) → on 2026-12-02 `license_required`, covered; the extension reading
    `suspended`."""
    return vn("LQ8-J-TLIC", shipment_extra={
        "licence": lic("MOFCOM-2026-LQ8-TLIC", "Client LQ8-J-TLIC Co., Ltd.", code="1C902", holder_country="VN",
                       destinations=["DE"], valid_from="2026-11-11", valid_until="2027-11-10", hs="850511"),
        "quantity": {"amount": "100", "unit": "pcs"}})


# ============================================================================================
# K. Third batch: No. 46 Art. 2 around No. 72's start, name variants, licence scope, items
# ============================================================================================


@case("no46-art2-day-before-no72", "2025-11-08", "license_required_presumption_of_denial", decisive_prefix=P46)
def _k_46pre72() -> dict[str, Any]:
    """No. 46 of 2024 Art. 2 (「超硬材料相关两用物项原则上不予许可对美国出口」) ran until No. 72 of 2025 suspended it from 2025-11-09:
    on 2025-11-08 (No. 55 itself effective but suspended by No. 70) diamond micropowder from China to a US civil buyer →
    `license_required_presumption_of_denial`."""
    return from_cn("LQ8-K-46PRE72", diamond(), "US", end_user=_party("Ohio Abrasives Inc.", "US"))


@case("no46-art2-no72-first-day", "2025-11-09", "suspended")
def _k_46no72() -> dict[str, Any]:
    """No. 72 of 2025 suspends No. 46 Art. 2 from 2025-11-09 (「暂停实施」 to 2026-11-27) and No. 70 suspends No. 55: diamond
    micropowder from China to a US civil buyer that day → `suspended`."""
    return from_cn("LQ8-K-46NO72", diamond(), "US", end_user=_party("Ohio Abrasives Inc.", "US"))


@case("control-list-before-no18-tb-not-dual-use", "2025-01-02", "not_controlled")
def _k_cl_pre18() -> dict[str, Any]:
    """Control list (announcement of 2025-01-02: 「禁止向其出口两用物项」, Intelligent Epitaxy Technology) reaches dual-use items;
    terbium metal became one only with No. 18 of 2025 (2025-04-04): on 2025-01-02 terbium metal from China to it for a
    civil use → `not_controlled`."""
    return tb("LQ8-K-CLPRE18", destination="US", end_user=_party("Intelligent Epitaxy Technology", "US"))


@case("watch-list-full-width-latin", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [WL]})
def _k_fullwidth() -> dict[str, Any]:
    """No. 61 二 (「关注名单所列的……最终用户」 原则上不予许可): the end user written in full-width Latin letters, 「ＳＵＢＡＲＵ
    Ｃｏｒｐｏｒａｔｉｏｎ」 — the same name as the watch list's SUBARU Corporation (No. 12 of 2026) — confirmed →
    `license_required_presumption_of_denial`."""
    return vn("LQ8-K-FULLW", destination="JP", end_user=_party("ＳＵＢＡＲＵ Ｃｏｒｐｏｒａｔｉｏｎ", "JP"))


@case("watch-list-traditional-subaru", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [WL]})
def _k_subaru_trad() -> dict[str, Any]:
    """No. 61 二 (关注名单): the end user written 斯巴魯株式會社 (Traditional script of the list's 斯巴鲁株式会社, SUBARU Corporation,
    No. 12 of 2026), confirmed → `license_required_presumption_of_denial`."""
    return vn("LQ8-K-SUBTRAD", destination="JP", end_user=_party("斯巴魯株式會社", "JP"))


@case("watch-list-no-space-legal-form", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"importer": [WL]})
def _k_nospace() -> dict[str, Any]:
    """No. 61 二 「关注名单所列的进口商」: the importer written "ITOCHU Aviation Co.,Ltd." (no space; the list's ITOCHU Aviation Co.,
    Ltd., No. 12 of 2026), confirmed → `license_required_presumption_of_denial`."""
    return vn("LQ8-K-NOSPACE", destination="JP", end_user=_party("Hamamatsu Drives KK", "JP"),
              shipment_extra={"importer": _party("ITOCHU Aviation Co.,Ltd.", "JP")})


@case("uel-simplified-name", AFTER, "prohibited", confirm={"end_user": [UEL]})
def _k_boeing_zh() -> dict[str, Any]:
    """Unreliable entity list (2024-05-20: 波音防务、空间与安全集团, Boeing Defense, Space & Security; 「不得从事与中国有关的进出口活动」):
    neodymium metal (on no dual-use list) from China to the end user named in Simplified script, confirmed → `prohibited`."""
    return from_cn("LQ8-K-BOEINGZH", nd_metal(), "US", end_user=_party("波音防务、空间与安全集团", "US"))


@case("uel-traditional-name", AFTER, "prohibited", confirm={"end_user": [UEL]})
def _k_boeing_hant() -> dict[str, Any]:
    """Unreliable entity list (波音防务、空间与安全集团): the same neodymium metal to 波音防務、空間與安全集團 (Traditional script),
    confirmed → `prohibited` (「不得从事与中国有关的进出口活动」)."""
    return from_cn("LQ8-K-BOEINGHANT", nd_metal(), "US", end_user=_party("波音防務、空間與安全集團", "US"))


@case("control-list-alias-l3", AFTER, "prohibited", confirm={"end_user": [CL]})
def _k_l3() -> dict[str, Any]:
    """Control list (2025-01-02, L3Harris Technologies, alias "L3 Harris Technologies"; 「禁止向其出口两用物项」): samarium metal
    (No. 18 「金属钐」) from China to "L3 Harris Technologies", confirmed → `prohibited`."""
    return from_cn("LQ8-K-L3", metal("Sm", "Samarium"), "US", end_user=_party("L3 Harris Technologies", "US"))


@case("licence-quantity-in-grams", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _k_grams() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's quantity (许可数量): a licence for 10 kg covers a shipment of 9,500 g (mass units convert
    exactly) → `license_required`, covers true."""
    doc = tb_lic("LQ8-K-GRAMS", lic("MOFCOM-2026-LQ8-GRAMS", "Client LQ8-K-GRAMS Co., Ltd.",
                                    limits=[{"quantity": "10", "unit": "kg"}]))
    doc["shipment"]["quantity"] = {"amount": "9500", "unit": "g"}
    return doc


@case("licence-quantity-grams-over", "2026-06-01", "license_required", decisive_prefix=P18,
      check=_covers(False, "quantity_limit"))
def _k_grams_over() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's quantity (许可数量): 10,001 g is more than the licensed 10 kg → not covered →
    `license_required`, failure `quantity_limit`."""
    doc = tb_lic("LQ8-K-GRAMSO", lic("MOFCOM-2026-LQ8-GRAMSO", "Client LQ8-K-GRAMSO Co., Ltd.",
                                     limits=[{"quantity": "10", "unit": "kg"}]))
    doc["shipment"]["quantity"] = {"amount": "10001", "unit": "g"}
    return doc


@case("no-list-sm-fe-n-magnet", AFTER, "not_controlled")
def _k_smfen() -> dict[str, Any]:
    """No. 18 of 2025's magnet entries are 「钐钴永磁材料」 and Tb/Dy-containing NdFeB only (RULES.md second review: the item scope
    is closed per element): a Sm-Fe-N bonded magnet from China to Germany → `not_controlled`."""
    magnet = {"name": "Sm-Fe-N bonded magnet", "description": "Bonded SmFeN ring magnet", "hs_code": "850519",
              "category": "rare_earth_permanent_magnet", "elements": ["Sm", "Fe", "N"], "made_in": "CN",
              "unit_value": money("3.20")}
    return from_cn("LQ8-K-SMFEN", magnet)


@case("no-list-ndfeb-with-y", AFTER, "not_controlled")
def _k_ndfeb_y() -> dict[str, Any]:
    """No. 18 of 2025: NdFeB magnet materials are listed only 「含铽的」/「含镝的」; an NdFeB magnet with some yttrium (no Tb, no Dy)
    from China to Germany → `not_controlled`."""
    return from_cn("LQ8-K-NDFEBY", ndfeb_magnet(["Nd", "Y", "Fe", "B"], "CN"))


@case("no56-unnamed-raw-material", AFTER, "license_required", decisive_prefix=P56, readings=_ext("suspended"))
def _k_56raw() -> dict[str, Any]:
    """No. 56 of 2025, 1C914 rare-earth raw and auxiliary materials (ores, flotation reagents, 「萃取剂」 extractants; RULES.md
    second review: such an item "must never come out not controlled just because no rule kind checks it"): an extractant
    from China with no control code stated. First expected `insufficient_data` (as for unnamed No. 56 equipment); re-read:
    1C914.c names extractants as such, so the kind alone places it, and the determination says the entry's specification
    is not checked → `license_required`; the extension reading `suspended`."""
    return from_cn("LQ8-K-56RAW", cn_product("Rare-earth extractant P507", "rare_earth_raw_material"), "VN")


@case("hk-reexport-to-japanese-military", "2026-03-01", "prohibited", decisive_prefix=P1,
      readings={"treated-as-china": "prohibited"})
def _k_hk_jsdf() -> dict[str, Any]:
    """No. 1 of 2026 (「将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人」 / 「禁止所有两用物项对日本军事用户……出口」):
    Chinese terbium metal re-exported from Hong Kong to a Japanese Self-Defense Force depot → `prohibited` on the primary
    reading (a transfer from outside the mainland) and under the reading that Hong Kong is China (an export to a
    Japanese military user)."""
    return reexport("LQ8-K-HKJSDF", metal("Tb", "Terbium"), "HK", "JP", end_user=JSDF, end_use="military")


@case("macau-reexport-chinese-tb", AFTER, "license_required", readings={"treated-as-china": "license_required"})
def _k_mo_tb() -> dict[str, Any]:
    """Chinese terbium metal re-exported from Macau to the US: No. 61 一(三) 「原产于中国的本公告附件1所列物项」 on the primary reading
    (a re-export from outside the mainland) and No. 18 (1C904 「金属铽」, an export from China) under the reading that Macau
    is China → `license_required` either way."""
    return reexport("LQ8-K-MOTB", metal("Tb", "Terbium"), "MO", "US")


@case("i3-dy-oxide-japanese-civil", "2026-03-01", "suspended", decisive=[R61_3])
def _k_dy_jp() -> dict[str, Any]:
    """No. 1 of 2026's transfer clause reaches 「日本的组织和个人」 only for the banned users and uses (「违反上述规定」): Chinese Dy
    oxide re-exported from Korea to a Japanese civil magnet maker on 2026-03-01 is reached by No. 61 一(三) alone, which No.
    70 suspends → `suspended`."""
    return reexport("LQ8-K-DYJP", oxide("Dy", "Dysprosium"), "KR", "JP", end_user=_party("Osaka Precision Parts KK", "JP"))


@case("today-no56-extractant", TODAY, "license_required", decisive_prefix=P56, readings=_ext("suspended"))
def _k_t56c() -> dict[str, Any]:
    """No. 56 of 2025, 1C914.c extractants (「萃取剂」) on 2026-12-02: in force by No. 70's text → `license_required`; the
    reported extension `suspended`."""
    return from_cn("LQ8-K-T56C", cn_product("Rare-earth extractant P507", "rare_earth_raw_material", code="1C914.c"), "VN")


@case("today-uel-foreign-made", TODAY, "license_required", decisive=[R61_1], confirm={"end_user": [UEL]},
      readings=_ext("suspended"))
def _k_t_uel() -> dict[str, Any]:
    """No. 61 一(一) on 2026-12-02 with the end user DZYNE Technologies (unreliable entity list 2025-10-09, 「不得从事与中国有关的进出口
    活动」; on neither the control nor the watch list). First expected a presumption of denial; re-read: No. 61 二 names only
    「出口管制管控名单和关注名单所列的进口商和最终用户」, and the magnet is made and shipped outside China → No. 61's
    `license_required`; extension `suspended`."""
    return vn("LQ8-K-TUEL", destination="US", end_user=_party("DZYNE Technologies", "US"))


# ============================================================================================
# L. Fourth batch: which of I(1)-I(3) reaches a China-made item, many lines, licence names, coverage
# ============================================================================================


@case("i3-china-made-with-bom-and-technology", AFTER, "license_required", decisive=[R61_3])
def _l_cnmade() -> dict[str, Any]:
    """No. 61 一(一) and 一(二) reach items 「在境外制造」/「在境外生产」 only; a China-made Sm-Co magnet re-exported from Vietnam, whose
    BOM shows Chinese Sm and whose technology is Chinese, is reached by 一(三) 「原产于中国的本公告附件1所列物项」 alone →
    `license_required`, I(3) the only decisive rule."""
    return dossier("LQ8-L-CNMADE", product=smco_magnet(made_in="CN"), components=[sm_metal("6.50"), cobalt()],
                   technologies=techs("magnet_manufacturing"), export_from="VN", destination="DE", exporter_country="VN")


def _many_lines(ref: str, each: str) -> dict[str, Any]:
    lines = [sm_metal(each, cid=f"C{n}") for n in range(1, 201)]
    return vn(ref, components=lines + [cobalt()])


@case("i1-two-hundred-lines-exactly-at", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"content_total": "0.048", "ratio": "0.001", "comparison": "at_or_above"}})
def _l_200() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」 summed over the BOM (RULES.md step 5: ratio = Σ content ÷ item value): 200 Chinese Sm
    lines of 0.00024 USD each = 0.048 USD in the 48.00 USD magnet → exactly 0.1 % → `license_required`."""
    return _many_lines("LQ8-L-200", "0.00024")


@case("i1-two-hundred-lines-hair-below", AFTER, "not_controlled", figures={R61_1: {"comparison": "below"}})
def _l_200b() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: 200 lines of 0.000239 USD = 0.0478 USD of 48.00 → below → `not_controlled`."""
    return _many_lines("LQ8-L-200B", "0.000239")


@case("i1-ended-owner-not-listed", AFTER, "license_required", decisive=[R61_1])
def _l_ended_owner() -> dict[str, Any]:
    """No. 61 二 「（包括其控股50%及以上的子公司……）」 counts owners on a list in force; Echodyne's control-list measures stopped on
    2025-08-12 (「停止执行相关措施」): an end user 60 % owned by Echodyne on 2026-11-25 → No. 61 一(一)'s `license_required`, no
    presumption of denial."""
    owner = {"name": "Echodyne", "country": "US", "share": "0.60"}
    return vn("LQ8-L-ENDOWN", destination="US", end_user=_party("Redmond Radar Parts LLC", "US", owners=[owner]))


@case("licence-end-user-other-script", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _l_lic_script() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's end user (最终用户): the licence names 東京精密磁材株式會社 (Traditional script), the dossier
    the same company as 东京精密磁材株式会社 (Simplified) — one end user → covered → `license_required`, covers true."""
    return tb_lic("LQ8-L-LICSCRIPT", lic("MOFCOM-2026-LQ8-LICSCRIPT", "Client LQ8-L-LICSCRIPT Co., Ltd.",
                                         destinations=["JP"], end_users=[{"name": "東京精密磁材株式會社", "country": "JP"}]),
                  destination="JP", end_user=_party("东京精密磁材株式会社", "JP"))


@case("licence-end-user-other-case", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _l_lic_case() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's end user (最终用户): the licence names "HANSEONG MAGNETICS CO., LTD.", the dossier
    "Hanseong Magnetics Co., Ltd." — one end user → covered → `license_required`, covers true."""
    return tb_lic("LQ8-L-LICCASE", lic("MOFCOM-2026-LQ8-LICCASE", "Client LQ8-L-LICCASE Co., Ltd.",
                                       end_users=[{"name": "HANSEONG MAGNETICS CO., LTD.", "country": "KR"}]))


@case("no1-goods-provided-in-china-to-japanese-military", "2026-03-01", "prohibited", decisive_prefix=P1)
def _l_no1_deem() -> dict[str, Any]:
    """Export Control Law Art. 2 (「……向外国组织和个人提供管制物项」 is an export) with No. 1 of 2026 (「禁止所有两用物项对日本军事用户……
    出口」): terbium metal handed over in Dalian to a Japanese Self-Defense Force purchasing office (military: true) →
    `prohibited`."""
    return tb("LQ8-L-NO1DEEM", destination="CN", end_user=_party("JSDF Procurement Liaison Office", "JP", military=True))


def _no_coverage_note(doc: dict[str, Any]) -> None:
    assert not any("2026-10-05" in n["en"] for n in doc["notes"]), [n["en"][:120] for n in doc["notes"]]


def _coverage_note(doc: dict[str, Any]) -> None:
    notes = [n for n in doc["notes"] if "2026-10-05" in n["en"]]
    assert notes and all("2026-10-05" in n["zh-Hans"] and "2026-10-05" in n["zh-Hant"] for n in notes), notes


@case("packs-reviewed-day-no-coverage-note", "2026-10-05", "suspended", decisive=[R61_1], check=_no_coverage_note)
def _l_cov0() -> dict[str, Any]:
    """RULES.md ("a determination whose as-of date is later than [the review date] says so plainly"): on 2026-10-05, the packs'
    review date, the Vietnamese magnet (No. 61 一(一), suspended 「至2026年11月10日」) → `suspended`, and no note that events are
    not covered."""
    return vn("LQ8-L-COV0")


@case("packs-review-day-after-coverage-note", "2026-10-06", "suspended", decisive=[R61_1], check=_coverage_note)
def _l_cov1() -> dict[str, Any]:
    """RULES.md (review date 2026-10-05; a later as-of date says events after it are not covered): on 2026-10-06 the same
    magnet (No. 61 一(一), No. 70 「至2026年11月10日」) → `suspended`, with the note in English and both Chinese scripts."""
    return vn("LQ8-L-COV1")


@case("i2-dy-oxide-recycling-estonia", AFTER, "license_required", decisive=[R61_2])
def _l_dyox_ee() -> dict[str, Any]:
    """No. 61 一(二), Part 1 「氧化镝」 made abroad with Chinese 「稀土二次资源回收利用相关技术」: Estonian Dy oxide recovered from magnet
    scrap with a Chinese recycling process, exported to the US → `license_required`."""
    return i2("LQ8-L-DYOXEE", oxide("Dy", "Dysprosium", made_in="EE"), "secondary_recycling")


# ============================================================================================
# M. Fifth batch: Part 2 beyond Sm-Co and NdFeB, Part 1 forms in targets, exporters, listed recipients of unlisted items
# ============================================================================================


@case("i1-sm-fe-n-magnet-is-part2", AFTER, "license_required", decisive=[R61_1])
def _m_smfen() -> dict[str, Any]:
    """No. 61 Annex 1 Part 2 is every 「稀土永磁材料」 (Sm-Co only an example: 「如钐钴永磁材料」): a Japanese Sm-Fe-N bonded magnet
    (5.00 USD) with Chinese Sm metal of 0.40 USD (8 %) → `license_required`."""
    magnet = {"name": "Sm-Fe-N bonded magnet", "description": "Bonded SmFeN ring magnet", "hs_code": "850519",
              "category": "rare_earth_permanent_magnet", "elements": ["Sm", "Fe", "N"], "made_in": "JP",
              "unit_value": money("5.00")}
    return dossier("LQ8-M-SMFEN", product=magnet, components=[sm_metal("0.40")], export_from="JP", destination="US")


@case("i1-nd-target-with-chinese-dy", AFTER, "license_required", decisive=[R61_1])
def _m_ndtarget() -> dict[str, Any]:
    """No. 61 Annex 1 Part 2 「稀土靶材」 (Sm and Gd targets only examples: 「如钐靶、钆靶等」): a Korean Nd-Dy sputtering target
    (2,000.00 USD) with Chinese Dy metal (「金属镝」) of 40.00 USD (2 %) → `license_required`."""
    return dossier("LQ8-M-NDTARGET", product=target("Nd", "KR", "2000.00", ["Nd", "Dy"]),
                   components=[line("C1", "Neodymium metal", "rare_earth_metal", ["Nd"], "900.00"),
                               line("C2", "Dysprosium metal", "rare_earth_metal", ["Dy"], "40.00")],
                   export_from="KR", destination="US")


@case("i1-sc-oxide-line-not-part1", AFTER, "not_controlled", results={R61_1: "does_not_apply"})
def _m_scox() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 lists 「金属钪」 but, of the oxides, only 「氧化镝、氧化铽」: a Japanese Al-Sc target (1,200.00 USD) whose
    scandium came in as Chinese Sc oxide (120.00 USD) has no Part 1 content → `not_controlled`."""
    return dossier("LQ8-M-SCOX", product=target("Sc", "JP", "1200.00", ["Al", "Sc"]),
                   components=[line("C1", "Scandium oxide", "rare_earth_oxide", ["Sc"], "120.00")], export_from="JP",
                   destination="US")


@case("i1-tb-oxide-in-smco-magnet-counts", AFTER, "license_required", decisive=[R61_1])
def _m_tbox_smco() -> dict[str, Any]:
    """No. 61 一(一) 「含有、集成或者混有原产于中国的本公告附件1第一部分所列物项」 — any Part 1 item, not only the magnet's own element:
    Chinese Tb oxide (「氧化铽」) of 0.90 USD mixed into the 48.00 USD Vietnamese Sm-Co magnet (1.9 %), the samarium Japanese
    → `license_required`."""
    return vn("LQ8-M-TBOXSMCO", components=[line("C1", "Terbium oxide", "rare_earth_oxide", ["Tb"], "0.90"),
                                            sm_metal("6.50", origin="JP", cid="C2"), cobalt()])


@case("i3-plain-ndfeb-to-control-listed", AFTER, "license_required_presumption_of_denial", decisive=[R61_3],
      confirm={"end_user": [CL]})
def _m_plain_cl() -> dict[str, Any]:
    """No. 61 一(三) (Part 2 「稀土永磁材料」) and 二 (管控名单所列的最终用户 → 原则上不予许可): a Chinese plain Nd-Pr-Fe-B magnet
    re-exported from Germany to IHI Aerospace Co., Ltd. (confirmed). The listing's transfer clause reaches 「原产于中华人民共和国
    的两用物项」, and a plain NdFeB magnet is on no dual-use list (No. 18 lists only Tb/Dy NdFeB) →
    `license_required_presumption_of_denial`, not a ban."""
    return reexport("LQ8-M-PLAINCL", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "DE", "JP",
                    end_user=_party("IHI Aerospace Co., Ltd.", "JP"))


@case("listed-exporter-not-a-recipient", AFTER, "license_required", decisive=[R61_1])
def _m_listed_exporter() -> dict[str, Any]:
    """No. 61 二 looks at 「进口商和最终用户」, and the control list's transfer clause at who receives (「转移或提供给上述……实体」): a
    Japanese Sm-Co magnet with 13.5 % Chinese Sm exported by IHI Master Metal Co., Ltd. (control list, as exporter) to a
    German civil user → No. 61 一(一)'s `license_required`."""
    doc = dossier("LQ8-M-LISTEDEXP", product=smco_magnet(made_in="JP"), components=[sm_metal("6.50"), cobalt()],
                  export_from="JP", destination="DE")
    doc["client"] = doc["exporter"] = {"name": "IHI Master Metal Co., Ltd.", "country": "JP"}
    return doc


def _not_covered_or_unknown(doc: dict[str, Any]) -> None:
    assert doc["licence"] is not None and doc["licence"]["covers"] is not True, doc["licence"]


@case("licence-quantity-unknown", "2026-06-01", "license_required", decisive_prefix=P18, check=_not_covered_or_unknown)
def _m_qty_unknown() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's quantity (许可数量): a licence limited to 5 kg, the shipment's quantity not stated — the
    licence cannot be said to cover → `license_required`, covers not true."""
    doc = tb_lic("LQ8-M-QTYUNK", lic("MOFCOM-2026-LQ8-QTYUNK", "Client LQ8-M-QTYUNK Co., Ltd.",
                                     limits=[{"quantity": "5", "unit": "kg"}]))
    del doc["shipment"]["quantity"]
    return doc


# ============================================================================================
# O. Sixth batch: the 3.6.0 rate rule where other content decides; the declared open texts of No. 46 and No. 1
# ============================================================================================


@case("i1-later-rate-line-but-usd-content-above", TODAY, "license_required", decisive=[R61_1],
      readings=_ext("suspended"))
def _o_later_but_above() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: a Chinese Sm line of 0.05 USD (0.104 % of 48.00) already reaches the line; a second Chinese
    Sm line in CNY whose only rate is dated after the as-of date (2026-12-15 for 2026-12-02) can only add to it →
    `license_required` without that rate; extension `suspended`."""
    return vn("LQ8-O-LATERABOVE", components=[sm_metal("0.05"), sm_metal("0.50", currency="CNY", cid="C2"), cobalt()],
              rates=[rate("CNY", "USD", "0.1250", "2026-12-15")])


@case("i1-undated-rate-line-but-usd-content-above", AFTER, "license_required", decisive=[R61_1])
def _o_undated_but_above() -> dict[str, Any]:
    """No. 61 一(一) 「达到0.1%及以上」: Chinese Sm 0.05 USD reaches the line by itself; a second Chinese line in CNY with only an
    undated rate cannot change that → `license_required`."""
    r = rate("CNY", "USD", "0.1250")
    r["date"] = None
    return vn("LQ8-O-UNDATEDABOVE", components=[sm_metal("0.05"), sm_metal("0.50", currency="CNY", cid="C2"), cobalt()],
              rates=[r])


@case("no46-unlisted-nd-us-military-open", AFTER, "license_required", readings={"all-items": "prohibited"})
def _o_46_unlisted() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户……出口」 names dual-use items; neodymium metal is on no list, so on the text the
    Export Control Law Art. 12 catch-all gives `license_required` to a US Army depot (military: true); whether the ban
    reaches all items is open: the reading `all-items` shown, giving `prohibited`."""
    return from_cn("LQ8-O-46UNL", nd_metal(), "US", end_user=US_MIL)


@case("no1-japanese-civil-military-ai-open", "2026-03-01", "license_required", decisive_prefix=P18,
      readings={"enhancing-end-uses": "prohibited"})
def _o_no1_ai() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户、军事用途，以及一切有助于提升日本军事实力的其他最终用户用途出口」: terbium metal
    from China to a Japanese civil university lab for military-AI R&D — not itself a military use or user, so No. 18's
    `license_required` on the text's narrower reading; the enhancing clause's reading shown, giving `prohibited`."""
    return tb("LQ8-O-NO1AI", destination="JP", end_use="military_ai", end_user=_party("Kansai Robotics Lab KK", "JP"))


@case("i3-japanese-civil-military-ai-open", AFTER, "case_by_case", decisive=[R61_3],
      readings={"enhancing-end-uses": "prohibited"})
def _o_i3_ai() -> dict[str, Any]:
    """No. 61 四 (military-AI R&D: 逐案审批) on I(3), and No. 1 of 2026's transfer clause (「将原产于中华人民共和国的相关两用物项转移或
    提供给日本的组织和个人」 against 「一切有助于提升日本军事实力的其他最终用户用途」): Chinese terbium metal re-exported from Germany to
    a Japanese civil lab for military-AI R&D → `case_by_case` on the narrower reading; the enhancing reading shown
    (`prohibited`)."""
    return cn_tb_reexport("LQ8-O-I3AI", "DE", "JP", end_use="military_ai", end_user=_party("Kansai Robotics Lab KK", "JP"))


def _no_prohibited_reading(doc: dict[str, Any]) -> None:
    assert all(r["outcome"] != "prohibited" for r in doc["readings"]), [(r["id"], r["outcome"]) for r in doc["readings"]]


@case("no46-us-civil-military-ai-no-ban", AFTER, "license_required", decisive_prefix=P18, check=_no_prohibited_reading)
def _o_46_ai() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 bans 「对美国军事用户或军事用途出口」 and has no enhancing clause like No. 1 of 2026's: terbium metal
    from China to a US civil lab for military-AI R&D → No. 18's `license_required`, and no reading makes it prohibited."""
    return tb("LQ8-O-46AI", destination="US", end_use="military_ai", end_user=_party("Boston Autonomy Lab Inc.", "US"))


@case("i1-line-elements-unknown", AFTER, "insufficient_data", missing=["components[0].elements"])
def _o_elements() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 names metals by element (「金属钐、金属镝……」; Nd, Pr, Ce, La metals are not there): a Chinese
    rare-earth metal line of 6.50 USD (13.5 % of the 48.00 USD Vietnamese magnet) whose element is not yet stated decides
    the answer → `insufficient_data` naming the line's elements."""
    comp = sm_metal("6.50")
    comp["elements"] = []
    comp["description"] = "Rare-earth metal (grade to be confirmed)"
    return vn("LQ8-O-ELEMENTS", components=[comp, cobalt()])


# ============================================================================================
# P. Seventh batch: transfers abroad of China-origin dual-use items other than No. 18 metals
# ============================================================================================


def cn_tech_passed_on(ref: str, to: str, end_user: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """Chinese No. 62 technology (1E902.a, made in China) passed on from Germany by a German company."""
    return reexport(ref, tech("NdFeB sintering process specification", elements=["Nd", "Fe", "B"]), "DE", to,
                    end_user=end_user, **kw)


@case("no62-technology-passed-on-to-control-listed", AFTER, "prohibited", confirm={"end_user": [CL]})
def _p_tech_cl() -> dict[str, Any]:
    """Control list No. 11 of 2026: 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给上述……实体」 — two-use items include
    technology (「货物、技术和服务」): Chinese NdFeB process specifications (No. 62, 1E902.a) passed on by a German company to
    IHI Aerospace Co., Ltd. (confirmed) → `prohibited`."""
    return cn_tech_passed_on("LQ8-P-TECHCL", "JP", _party("IHI Aerospace Co., Ltd.", "JP"))


@case("no62-technology-passed-on-to-japanese-military", AFTER, "prohibited", decisive_prefix=P1)
def _p_tech_jsdf() -> dict[str, Any]:
    """No. 1 of 2026 「将原产于中华人民共和国的相关两用物项转移或提供给日本的组织和个人，将依法追究法律责任」 (technology is a dual-use
    item): Chinese NdFeB process specifications (No. 62) passed on by a German company to a Japanese Self-Defense Force
    depot → `prohibited`."""
    return cn_tech_passed_on("LQ8-P-TECHJSDF", "JP", JSDF, end_use="military")


@case("no55-diamond-reexport-to-japanese-military", AFTER, "prohibited", decisive_prefix=P1)
def _p_dia_jsdf() -> dict[str, Any]:
    """No. 1 of 2026 (transfer clause, 「原产于中华人民共和国的相关两用物项」) with No. 55's diamond micropowder (a dual-use item since
    No. 55 is back in force after 2026-11-10): Chinese diamond micropowder re-exported from Germany to a Japanese
    Self-Defense Force depot → `prohibited`."""
    return reexport("LQ8-P-DIAJSDF", diamond(), "DE", "JP", end_user=JSDF, end_use="military")


@case("no57-holmium-reexport-to-japanese-military-today", TODAY, "prohibited", decisive_prefix=P1)
def _p_ho_jsdf() -> dict[str, Any]:
    """No. 1 of 2026 (transfer clause) with No. 57's 「金属钬」, in force again by No. 70's text on 2026-12-02: Chinese holmium
    metal re-exported from Germany to a Japanese Self-Defense Force depot → `prohibited` (on the text's reading of
    No. 70's end)."""
    return reexport("LQ8-P-HOJSDF", metal("Ho", "Holmium"), "DE", "JP", end_user=JSDF, end_use="military")


@case("i3-plain-ndfeb-to-japanese-military", AFTER, "license_required_presumption_of_denial", decisive=[R61_3])
def _p_plain_jsdf() -> dict[str, Any]:
    """No. 61 一(三) (Part 2 「稀土永磁材料」) and 二 (「境外军事用户」 → 原则上不予许可): a Chinese plain Nd-Pr-Fe-B magnet — on no
    dual-use list, so not reached by No. 1 of 2026's 「相关两用物项」 on its text — re-exported from Germany to a Japanese
    Self-Defense Force depot → `license_required_presumption_of_denial`."""
    return reexport("LQ8-P-PLAINJSDF", ndfeb_magnet(["Nd", "Pr", "Fe", "B"], "CN"), "DE", "JP", end_user=JSDF,
                    end_use="military")


@case("sale-inside-vietnam-to-japanese-company", AFTER, "not_controlled")
def _p_vn_jp() -> dict[str, Any]:
    """No. 61 一 「在向中国以外的其他国家和地区出口以下物项前」 — an export to another country or region; the Export Control Law's
    「向外国组织和个人提供」 limb is about 「中华人民共和国公民、法人和非法人组织」. A Vietnamese maker sells its magnet (13.5 % Chinese Sm)
    inside Vietnam to the Hanoi plant of a Japanese company (end user country JP, civil) → no export → `not_controlled`."""
    return vn("LQ8-P-VNJP", destination="VN", end_user=_party("Hanoi Plant of Osaka Precision Parts KK", "JP"))


@case("resale-inside-germany-to-us-company", AFTER, "not_controlled")
def _p_de_us() -> dict[str, Any]:
    """No. 61 一(三) needs an export 「向中国以外的其他国家和地区」: Chinese terbium metal resold inside Germany by a German trader to
    the German branch of a US company (end user country US, civil) → no export → `not_controlled`."""
    return cn_tb_reexport("LQ8-P-DEUS", "DE", "DE", end_user=_party("Ohio Motion Components Inc. Stuttgart Branch", "US"))


@case("no18-provided-in-china-to-us-embassy", AFTER, "license_required", decisive_prefix=P18)
def _p_embassy() -> dict[str, Any]:
    """Export Control Law Art. 2 (「……向外国组织和个人提供管制物项」) with No. 18 of 2025 (1C904 「金属铽」): terbium metal handed over in
    Beijing to a foreign government's civil procurement office (end user country US, not military) → `license_required`."""
    return tb("LQ8-P-EMBASSY", destination="CN", end_user=_party("US Embassy General Services Office", "US"))


# ============================================================================================
# R. Eighth batch: unknown data that cannot change the answer is not asked for
# ============================================================================================


@case("cobalt-line-category-unknown-irrelevant", AFTER, "not_controlled", results={R61_1: "does_not_apply"})
def _r_co_cat() -> dict[str, Any]:
    """No. 61 Annex 1 Part 1 items are rare-earth metals, named alloys and 「氧化镝、氧化铽」: a cobalt line (element Co only) can be
    none of them whatever its category, so its unknown category cannot matter; the Sm is Japanese → `not_controlled`."""
    co = cobalt()
    co["category"] = None
    return vn("LQ8-R-COCAT", components=[sm_metal("6.50", origin="JP"), co])


@case("no18-made-in-unknown-exported-from-china", AFTER, "license_required", decisive_prefix=P18)
def _r_made_unknown() -> dict[str, Any]:
    """No. 18 of 2025 (1C904 「金属铽」) reaches exports from China whatever the place of making: terbium metal shipped from China
    whose place of making is not stated → `license_required` (where it was made cannot change it)."""
    return tb("LQ8-R-MADEUNK", product=metal("Tb", "Terbium", made_in=None))


@case("no18-end-user-country-unknown-civil", AFTER, "license_required", decisive_prefix=P18)
def _r_eu_country() -> dict[str, Any]:
    """No. 18 of 2025 (「金属铽」) to Korea for a civil use by a non-military end user whose country is not stated: No. 1 of 2026
    and No. 46 Art. 1 turn on Japanese/US military users and uses, which a civil, non-military end user is not →
    `license_required`."""
    return tb("LQ8-R-EUCOUNTRY", end_user={"name": "Hanseong Magnetics Co., Ltd.", "country": None})


@case("china-made-technology-origin-unknown", AFTER, "license_required", decisive_prefix=P18)
def _r_tech_unknown() -> dict[str, Any]:
    """No. 61 一(二) reaches items produced 「在境外」 only: a China-made Sm-Co magnet exported from China whose technology's
    origin is unknown is reached by No. 18 (1C902 「钐钴永磁材料」) whatever that origin → `license_required`."""
    return from_cn("LQ8-R-TECHUNK", smco_magnet(made_in="CN"), technologies=techs("magnet_manufacturing", None))


@case("today-i2-humanitarian", TODAY, "exempt_report_required", decisive=[R61_2], readings=_ext("suspended"))
def _r_t_hum() -> dict[str, Any]:
    """No. 61 五 「最终用途为紧急医疗、应对突发公共卫生事件、自然灾害救助等……免于申请许可」 (report within 10 working days) on I(2), on
    2026-12-02: the Vietnamese Sm-Co magnet made with Chinese magnet technology for field MRI units in a disaster zone →
    `exempt_report_required` on the text; the extension reading `suspended`."""
    return vn_tech_magnet("LQ8-R-THUM", to="TR", end_use="humanitarian")


@case("i3-humanitarian-after-extension", EXT_AFTER, "exempt_report_required", decisive=[R61_3],
      readings=_ext("exempt_report_required"))
def _r_hum_after() -> dict[str, Any]:
    """No. 61 五 (humanitarian: 免于申请许可, report within 10 working days) on I(3) on 2027-01-11, after both ends of No. 70:
    Chinese Gd metal (「金属钆」) re-exported from Germany for emergency MRI equipment → `exempt_report_required` under every
    reading."""
    return reexport("LQ8-R-HUMAFT", metal("Gd", "Gadolinium"), "DE", "UA", end_use="humanitarian")


@case("licence-other-consignee", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(False))
def _r_lic_cons() -> dict[str, Any]:
    """No. 18 of 2025 and the licence's consignees (RULES.md second review: a licence record names 「收货人」 consignees and end
    users): a licence naming Busan Logistics Co., Ltd. as consignee does not cover a shipment consigned to Incheon Forwarding
    Co., Ltd. → `license_required`, covers false."""
    licence = lic("MOFCOM-2026-LQ8-CONS", "Client LQ8-R-CONS Co., Ltd.")
    licence["consignees"] = [{"name": "Busan Logistics Co., Ltd.", "country": "KR"}]
    return tb("LQ8-R-CONS", end_user=_party("Hanseong Magnetics Co., Ltd.", "KR"),
              shipment_extra={"licence": licence, "quantity": {"amount": "10", "unit": "kg"},
                              "consignee": _party("Incheon Forwarding Co., Ltd.", "KR")})


@case("licence-holder-name-other-case", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _r_lic_holder_case() -> dict[str, Any]:
    """No. 18 of 2025 (「未经许可不得出口」) with the exporter's own licence, its holder written in capitals ("CLIENT LQ8-R-HCASE CO.,
    LTD.") — the same company → covered → `license_required`, covers true."""
    return tb_lic("LQ8-R-HCASE", lic("MOFCOM-2026-LQ8-HCASE", "CLIENT LQ8-R-HCASE CO., LTD."))


@case("i1-part1-alloy-with-chinese-metal-not-reached", AFTER, "not_controlled")
def _r_part1_in_part1() -> dict[str, Any]:
    """No. 61 一(一) reaches 「在境外制造的本公告附件1第二部分所列物项」 only (magnets and targets): a Vietnamese Sm-Co alloy ingot — a
    Part 1 item itself (「钐钴合金」), made abroad without Chinese technology — containing Chinese Sm metal (40 %) is not a Part 2
    item, not China-origin (I(3)) and not made with Chinese technology (I(2)) → `not_controlled`."""
    alloy = {"name": "Sm-Co alloy ingot", "description": "SmCo5 alloy", "hs_code": "7202999000",
             "category": "rare_earth_alloy", "elements": ["Sm", "Co"], "made_in": "VN", "unit_value": money("900.00")}
    return dossier("LQ8-R-P1INP1", product=alloy, components=[sm_metal("360.00"), cobalt("300.00")], export_from="VN",
                   destination="DE")


def cn_motor() -> dict[str, Any]:
    return {"name": "Servo motor with Sm-Co rotor", "description": "Industrial servo motor", "hs_code": "850152",
            "category": "other", "elements": ["Sm", "Co"], "made_in": "CN", "unit_value": money("500.00")}


@case("i3-chinese-motor-assembly-open", AFTER, "not_controlled", readings={"assemblies-included": "license_required"})
def _r_motor_i3() -> dict[str, Any]:
    """No. 61 一(三) 「原产于中国的本公告附件1所列物项」: a China-made servo motor (its Sm-Co rotor magnets inside) re-exported from
    Germany to the US is not itself an Annex 1 item on the text's reading → `not_controlled`; whether an assembly counts is
    the open point, shown (`assemblies-included`: `license_required`)."""
    return reexport("LQ8-R-MOTORI3", cn_motor(), "DE", "US")


@case("no18-chinese-motor-deep-processed", AFTER, "not_controlled", readings={"assemblies-included": "not_controlled"})
def _r_motor_18() -> dict[str, Any]:
    """No. 18 of 2025 lists 「钐钴永磁材料」, not the motors they go into (MOFCOM's FAQ: deep-processed goods such as motor rotor and
    stator assemblies are generally not controlled): the same motor exported from China → `not_controlled`, and No. 61's
    assemblies reading does not reach an export from China."""
    return from_cn("LQ8-R-MOTOR18", cn_motor(), "US", end_user=_party("Ohio Motion Components Inc.", "US"))


@case("control-list-plant-of-listed-entity", "2026-03-01", "prohibited", confirm={"end_user": [CL]})
def _r_plant() -> dict[str, Any]:
    """Control list No. 11 of 2026 (IHI宇航株式会社, 「禁止……两用物项出口」): a plant of the listed company is the company (a branch is
    no separate person; No. 61 二 names 「分公司等分支机构」 too): terbium metal from China to 「IHI宇航株式会社 富冈工厂」, hit
    confirmed → `prohibited`."""
    return tb("LQ8-R-PLANT", destination="JP", end_user=_party("IHI宇航株式会社 富冈工厂", "JP"))


@case("no62-provided-in-china-by-foreign-company", AFTER, "license_required", decisive_prefix=P62)
def _r_62_foreign_provider() -> dict[str, Any]:
    """No. 62 二: 「本公告所称出口经营者，包括……在中国境内的所有自然人、法人和非法人组织」 and 「本公告所称出口，指……或者在境内向外国组织
    和个人提供」 — No. 62's own definitions, whoever the provider: a German company in Ningbo (exporter country DE) hands NdFeB
    process specifications to a Japanese company's engineers in Ningbo → `license_required`."""
    return dossier("LQ8-R-62FPROV", product=tech("NdFeB process specification", elements=["Nd", "Fe", "B"]),
                   export_from="CN", destination="CN", exporter_country="DE",
                   end_user=_party("Osaka Precision Parts KK", "JP"))


@case("inside-window-origin-unknown", "2026-05-01", "insufficient_data", missing=["components[0].origin"])
def _r_in_unk() -> dict[str, Any]:
    """No. 70 suspends No. 61 (「自即日起至2026年11月10日」暂停实施) on 2026-05-01, and `suspended` means a rule would apply
    (FORMATS.md); whether 一(一) would apply turns on the Sm line's origin (「原产于中国的」: suspended if Chinese, not controlled
    if not) → `insufficient_data` naming it (unlike an unknown end use, which cannot change a suspended rule)."""
    return vn("LQ8-R-INUNK", components=[sm_metal("6.50", origin=None), cobalt()])


@case("goods-provided-in-china-by-foreign-company", AFTER, "not_controlled")
def _r_goods_foreign_provider() -> dict[str, Any]:
    """Export Control Law Art. 2: 「……以及中华人民共和国公民、法人和非法人组织向外国组织和个人提供管制物项」 — the provision limb is for
    Chinese providers. A German company (exporter country DE) sells terbium metal it holds in a Shanghai bonded warehouse to a
    Korean company, handed over in Shanghai (export_from CN, destination CN) → no export under either limb, so No. 18 (1C904)
    is not reached → `not_controlled`."""
    return dossier("LQ8-R-GOODSFPROV", product=metal("Tb", "Terbium"), export_from="CN", destination="CN",
                   exporter_country="DE", end_user=_party("Hanseong Magnetics Co., Ltd.", "KR"))


@case("goods-provided-in-china-provider-unknown", AFTER, "insufficient_data", missing=["exporter.country"])
def _r_goods_provider_unknown() -> dict[str, Any]:
    """Export Control Law Art. 2's provision limb (「中华人民共和国公民、法人和非法人组织向外国组织和个人提供」) turns on who provides:
    terbium metal (No. 18, 1C904) handed over in Shanghai to a Korean company by an exporter whose country is not stated →
    `insufficient_data` naming the exporter's country."""
    doc = dossier("LQ8-R-GOODSPUNK", product=metal("Tb", "Terbium"), export_from="CN", destination="CN",
                  end_user=_party("Hanseong Magnetics Co., Ltd.", "KR"))
    doc["exporter"]["country"] = None
    doc["client"]["country"] = None
    return doc


# ============================================================================================
# Q. LEGALQA8 discrepancies 3, 4, 5, 10: 3 answered in session 9 (LEGAL9: No. 18 pack 2026.5's sub-entries, the licence
#    matcher); 4 and 5 answered in d8c9a36, 10 in c652beb
# ============================================================================================


def _no_latin_code_in_chinese(doc: dict[str, Any]) -> None:
    texts = [doc["summary"][lang] for lang in ("zh-Hans", "zh-Hant")]
    texts += [doc["customs_remark"]["text"][lang] for lang in ("zh-Hans", "zh-Hant")]
    for text in texts:
        assert "superhard-material items" not in text and "No. 55" not in text, text


@case("no55-chinese-texts-name-no-english-code", AFTER, "license_required", decisive_prefix=P55,
      check=_no_latin_code_in_chinese)
def _q_zh55() -> dict[str, Any]:
    """No. 55 of 2025 (「人造金刚石微粉」) and No. 18's customs remark (「报关时应在备注栏中注明是否属于管制物项」 and its code):
    diamond micropowder from China → `license_required`; the Chinese summary and customs remark must not give the English
    name "No. 55 superhard-material items" as the control code (standards: no English or internal codes in Chinese output;
    a name is no code for the declaration). (Reported as LEGALQA8 discrepancy 4; engine 3.6.0 before LEGAL8's remarks /
    item-list change of ~07:47 gave 「编码：No. 55 superhard-material items」.)"""
    return from_cn("LQ8-Q-ZH55", diamond())


def _no_pack_parameter_in_chinese(doc: dict[str, Any]) -> None:
    for finding in doc["findings"]:
        for lang in ("zh-Hans", "zh-Hant"):
            text = (finding.get("explanation") or {}).get(lang, "")
            assert "foreign_made_content" not in text, (finding["rule"], text)


@case("no1-chinese-explanation-names-no-parameter", AFTER, "license_required", decisive=[R61_1],
      check=_no_pack_parameter_in_chinese)
def _q_zh1() -> dict[str, Any]:
    """No. 61 一(一) for the Vietnamese magnet → `license_required`; No. 1 of 2026's finding (「原产于中华人民共和国的相关两用物项」, the
    open point on foreign-made items with Chinese content) must not show the pack parameter name foreign_made_content in
    its Chinese explanation (standards: no internal codes in Chinese output). (Reported as LEGALQA8 discrepancy 5; engine
    3.6.0 before LEGAL8's destination change of ~07:47 wrote 「规则包参数 (foreign_made_content) 为不涵盖」.)"""
    return vn("LQ8-Q-ZH1")


@case("licence-subcode-covers", "2026-06-01", "license_required", decisive_prefix=P18, check=_covers(True))
def _q_subcode() -> dict[str, Any]:
    """No. 18 of 2025 (1C904.a 「金属铽」): a licence for control code 1C904.a covers terbium metal (an item of 1C904.a) →
    `license_required`, covers true. (LEGALQA8 discrepancy 3: engine 3.6.0 before session 9 compared the product's code
    1C904 with 1C904.a as strings and said the licence does not cover.)"""
    return tb_lic("LQ8-Q-SUBCODE", lic("MOFCOM-2026-LQ8-SUBCODE", "Client LQ8-Q-SUBCODE Co., Ltd.", code="1C904.a"))


@case("no1-wider-reading-keeps-ban-on-diamond", AFTER, "prohibited", decisive_prefix=P1,
      readings={"all-rare-earth-items": "prohibited"})
def _q_wider_dia() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」 reaches No. 55's diamond micropowder (a dual-use item): from China to a
    Japanese Self-Defense Force depot → `prohibited`. The declared reading `all-rare-earth-items` ("the ban also reaches
    rare-earth items on no list") only widens the ban, so it must stay `prohibited` too. (Reported as LEGALQA8 discrepancy
    10; engine 3.6.0 before c652beb gave license_required under that reading, not_controlled for a re-export.)"""
    return from_cn("LQ8-Q-WIDERDIA", diamond(), "JP", end_user=JSDF, end_use="military")


@case("no1-wider-reading-keeps-ban-on-technology", AFTER, "prohibited", decisive_prefix=P1,
      readings={"all-rare-earth-items": "prohibited"})
def _q_wider_tech() -> dict[str, Any]:
    """No. 1 of 2026 (「所有两用物项」, technology included) with No. 62 (1E902.a 「……相关技术及其载体」): NdFeB process specifications
    from China to a Japanese Self-Defense Force depot → `prohibited`; under the wider `all-rare-earth-items` reading still
    `prohibited`. (Reported as LEGALQA8 discrepancy 10; before c652beb the reading gave license_required.)"""
    return from_cn("LQ8-Q-WIDERTECH", tech("NdFeB process specification", elements=["Nd", "Fe", "B"]), "JP",
                   end_user=JSDF, end_use="military")


XFAIL = {
}


# ============================================================================================
# N. Reported as LEGALQA8 discrepancies and answered as the texts do by engine 3.6.0 (a3d5b04)
# ============================================================================================


@case("i1-newest-rate-either-direction", AFTER, "license_required", decisive=[R61_1],
      figures={R61_1: {"comparison": "at_or_above"}})
def _n_rate_dir() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」 and RULES.md valuation step 4 (a stated rate and date; the rate in force on the as-of
    date): CNY→USD 0.125 dated 2026-11-01 and USD→CNY 5.0 dated 2026-11-20 are rates for one pair; the newer (0.2 USD per
    CNY) is in force on 2026-11-25: Chinese Sm 0.383 CNY = 0.0766 USD of 48.00 (0.16 %) → `license_required` (the older
    rate would give 0.047875, below). (Reported as LEGALQA8 discrepancy 1; engine 3.6.0 before a3d5b04 took the older
    rate stated in the line's direction, not_controlled.)"""
    return vn("LQ8-N-RATEDIR", components=[sm_metal("0.383", currency="CNY"), cobalt()],
              rates=[rate("CNY", "USD", "0.125", "2026-11-01"), rate("USD", "CNY", "5.0", "2026-11-20")])


@case("i1-rate-date-unknown", AFTER, "insufficient_data", missing=["exchange_rates[0].date"])
def _n_rate_nodate() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例」 and RULES.md valuation step 4 ("with a stated rate and date"): the only CNY/USD rate has no date
    (unknown yet; it may be dated after the as-of date), so the Chinese Sm line (0.50 CNY) cannot be converted →
    `insufficient_data` naming the rate's date (FORMATS.md: a value null while unknown). (Reported as LEGALQA8 discrepancy
    2; engine 3.6.0 before a3d5b04 used the undated rate, license_required.)"""
    r = rate("CNY", "USD", "0.1250")
    r["date"] = None
    return vn("LQ8-N-RATENODATE", components=[sm_metal("0.50", currency="CNY"), cobalt()], rates=[r])


@case("i1-zero-eur-line-no-rate-needed", AFTER, "not_controlled", results={R61_1: "does_not_apply"})
def _n_zero_eur() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」: the only Chinese Part 1 line (Sm metal) is valued 0.00 EUR (a free sample) and no EUR
    rate is stated — zero is zero in any currency, so no rate is needed: 0 % of the 48.00 USD magnet → `not_controlled`.
    (Reported as LEGALQA8 discrepancy 6; engine 3.6.0 before dc06db4 asked for the EUR rate, insufficient_data.)"""
    return vn("LQ8-N-ZEROEUR", components=[sm_metal("0.00", currency="EUR"), cobalt()])


@case("no46-provision-in-china-customs-reading", AFTER, "prohibited", decisive_prefix=P46,
      readings={"customs-exports-only": "not_controlled"})
def _n_46_customs() -> dict[str, Any]:
    """No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事用途出口」 with the Export Control Law Art. 2 provision limb: terbium metal
    handed over in Shanghai to a US Navy purchasing office (military: true) → `prohibited`; under the declared reading that
    goods handed over inside China are no export (`customs-exports-only`) nothing is exported and No. 46 has no transfer
    clause → `not_controlled` for that reading. (Reported as LEGALQA8 discrepancy 9; engine 3.6.0 before 02c3bda gave
    prohibited under that reading too.)"""
    return tb("LQ8-N-46CUSTOMS", destination="CN", end_user=_party("US Navy Fleet Logistics Office", "US", military=True))


@case("placeholder-end-user-tbd", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _n_tbd() -> dict[str, Any]:
    """No. 61 二 (「管控名单和关注名单所列的进口商和最终用户」 → 原则上不予许可) and RULES.md second review (screening is part of every
    determination): the Vietnamese magnet to an end user named "TBD" — a placeholder names nobody and cannot be screened →
    `insufficient_data` naming the end user's name. (Reported as LEGALQA8 discrepancy 8; engine 3.6.0 before 9069f24 screened
    it as a name, license_required.)"""
    return vn("LQ8-N-TBD", end_user=_party("TBD", "DE"))


@case("placeholder-end-user-daiding-uel", AFTER, "insufficient_data", missing=["shipment.end_user.name"])
def _n_daiding() -> dict[str, Any]:
    """Unreliable entity list (「不得从事与中国有关的进出口活动」, whatever the item): neodymium metal from China to an end user named
    「待定」 ("to be determined") — nobody to screen → `insufficient_data` naming the end user's name. (Reported as LEGALQA8
    discrepancy 8; before 9069f24 not_controlled.)"""
    return dossier("LQ8-N-DAIDING", product=nd_metal(), export_from="CN", destination="US", end_user=_party("待定", "US"))


@case("control-list-transfer-chinese-content-reading", AFTER, "license_required_presumption_of_denial", decisive=[R61_1],
      confirm={"end_user": [CL]}, readings={"chinese-content-covered": "prohibited"})
def _n_cl_reading() -> dict[str, Any]:
    """Control list No. 11 of 2026 「禁止境外组织和个人将原产于中华人民共和国的两用物项转移或提供给上述……实体」 uses No. 1 of 2026's words:
    the Vietnamese magnet (13.5 % Chinese Sm) to NEC Aerospace Systems, Ltd. (confirmed) → No. 61 二's
    `license_required_presumption_of_denial`; under the reading that a foreign-made item transfers its China-origin input
    (`chinese-content-covered`) the listing's ban bites → `prohibited`. (Reported as LEGALQA8 discrepancy 7; before 3c0a0d3
    the reading stopped at No. 1 of 2026.)"""
    return vn("LQ8-N-CLREADING", destination="JP", end_user=_party("NEC Aerospace Systems, Ltd.", "JP"))


def _no_internal_values(doc: dict[str, Any]) -> None:
    for finding in doc["findings"]:
        texts = [finding.get("explanation") or {}] + list(finding.get("steps") or [])
        for text in texts:
            for lang in ("en", "zh-Hans", "zh-Hant"):
                value = text.get(lang, "")
                assert "located_users" not in value or lang == "en", (finding["rule"], value)
                assert "None" not in value, (finding["rule"], value)


@case("located-military-user-no-internal-values", "2026-03-01", "license_required", decisive_prefix=P18,
      check=_no_internal_values)
def _n_located() -> dict[str, Any]:
    """No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」: terbium metal from China to an Australian military liaison unit in Japan —
    not a Japanese military user by the text → No. 18's `license_required`; the explanation says so without the pack
    parameter name (located_users) in Chinese. (Reported as LEGALQA8 discrepancy 11; before ceb81af it read 「规则包参数
    located_users 为 false」.)"""
    return tb("LQ8-N-LOCATED", destination="JP", end_user=_party("Australian Defence Force Liaison Office Tokyo", "AU",
                                                                   military=True))


@case("destination-unknown-no-none", AFTER, "insufficient_data", missing=["shipment.destination"],
      check=_no_internal_values)
def _n_dest_none() -> dict[str, Any]:
    """No. 61 一 「向中国以外的其他国家和地区出口」: the Vietnamese magnet with its destination not yet known →
    `insufficient_data` naming the destination; no step or explanation prints an unknown place as "None". (Reported as
    LEGALQA8 discrepancy 11: before ceb81af the value rule's step read 「自 VN 出口至 None」; discrepancy 12: the No. 46 / No. 1
    findings still read 「目的地None均非US」, "the destination None is US".)"""
    doc = vn("LQ8-N-DESTNONE")
    doc["shipment"]["destination"] = None
    return doc


# --------------------------------------------------------------------------------------------
# Running a case through the product (the s6 harness, a desk of this module's own)
# --------------------------------------------------------------------------------------------


lq8_desk = module_desk("lq8")


@pytest.mark.parametrize("c", xfail_params(CASES, XFAIL))
def test_independent_case_s8(c: Case, lq8_desk: Any) -> None:
    """Each case's expected outcome, decisive rules, key figures, readings and missing fields, as written from the
    announcements before the engine was run (the legal basis is in the case's docstring)."""
    check_case(evaluate_case(lq8_desk, c), c)



def test_s8_cases_are_new_and_well_formed() -> None:
    """At least 100 cases with unique ids and references (LQ8-…), none shared with sessions 6 and 7, every FORMATS.md
    outcome code exercised, at most 10 strict xfails (each naming a LEGALQA8 discrepancy), and the disputed present
    asserted with the extension reading for more outcomes than a plain licence."""
    from tests.rules import test_independent_cases_s6 as s6
    from tests.rules import test_independent_cases_s7 as s7

    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)
    refs = [c.build()["reference"] for c in CASES]
    assert len(set(refs)) == len(refs) and all(r.startswith("LQ8-") for r in refs)
    assert not {c.id for c in CASES} & ({c.id for c in s6.CASES} | {c.id for c in s7.CASES})
    assert {c.outcome for c in CASES} >= {"not_controlled", "license_required", "license_required_presumption_of_denial",
                                          "case_by_case", "prohibited", "exempt_report_required", "suspended",
                                          "insufficient_data"}
    assert set(XFAIL) <= {c.id for c in CASES} and len(XFAIL) <= 10
    assert all("LEGALQA8 discrepancy" in reason for reason in XFAIL.values())
    today = {c.outcome for c in CASES if c.as_of == TODAY and EXT in c.readings}
    assert today >= {"not_controlled", "license_required", "license_required_presumption_of_denial", "case_by_case",
                     "prohibited", "exempt_report_required", "insufficient_data"}


# the declared readings that only ever widen a measure (each says the measure ALSO reaches something)
WIDER_READINGS = {"all-items", "all-rare-earth-items", "enhancing-end-uses", "enhancing-clause", "chinese-content-covered",
                  "containing-elements", "assemblies-included"}
# the readings that only ever narrow one (a suspension runs longer; a suspended listing makes no dual-use item; goods
# handed over inside China are no export)
NARROWER_READINGS = {"extended-2027-01-10", "not-dual-use-while-suspended", "customs-exports-only"}
STRICTNESS = ["not_controlled", "suspended", "exempt_report_required", "license_required", "case_by_case",
              "license_required_presumption_of_denial", "prohibited"]


def test_wider_readings_never_lift_an_outcome(tmp_path: Path) -> None:
    """A reading that says a measure also reaches more items, end uses or content (No. 1 of 2026 「一切有助于提升日本军事实力的其他
    最终用户用途」, 「所有两用物项」; No. 61's alloy and assembly points) can make an outcome stricter, never milder: over every case of
    this round, no such reading gives a less strict outcome than the primary reading; and a reading that only narrows a
    measure (No. 70's reported extension, a suspended listing, customs exports only) never a stricter one. (LEGALQA8
    discrepancy 10:
    all-rare-earth-items lifted the ban on diamond, graphite, ore and technology before c652beb.)"""
    from reedesk.services.desk import open_desk

    desk = open_desk(tmp_path / "home", seed_samples=False)  # a desk of its own: the confirmed cases store their dossiers
    lifted = []
    try:
        docs = [(c, evaluate_case(desk, c)) for c in CASES]
    finally:
        desk.close()
    for c, doc in docs:
        primary = doc["outcome"]
        for reading in doc["readings"]:
            if (reading["id"] in WIDER_READINGS and reading["outcome"] in STRICTNESS and primary in STRICTNESS
                    and STRICTNESS.index(reading["outcome"]) < STRICTNESS.index(primary)):
                lifted.append((c.id, primary, reading["id"], reading["outcome"]))
            if (reading["id"] in NARROWER_READINGS and reading["outcome"] in STRICTNESS and primary in STRICTNESS
                    and STRICTNESS.index(reading["outcome"]) > STRICTNESS.index(primary)):
                lifted.append((c.id, primary, reading["id"], reading["outcome"]))
    assert not lifted, lifted

CLI_CASES = ["i1-four-currencies-exactly-at", "today-i2-256-layer", "i1-rate-date-unknown"]


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_s8_case_on_the_command_line(case_id: str, tmp_path: Path) -> None:
    """The same cases through `reedesk evaluate FILE --as-of DATE --json` (FORMATS.md command line) in a process of its own
    with its own desk: outcome, decisive rules, key figures, readings and missing fields as expected from the texts."""
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

# --------------------------------------------------------------------------------------------
# Values the format refuses (FORMATS.md: decimal strings; a malformed file is refused with the JSON path)
# --------------------------------------------------------------------------------------------


def _bad(path_fn: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = vn("LQ8-BAD")
    path_fn(document)
    return document


def _set(keys: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        target_obj: Any = document
        for key in keys[:-1]:
            target_obj = target_obj[key]
        target_obj[keys[-1]] = value
    return mutate


def _with_rate(value: str) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        document["exchange_rates"] = [rate("CNY", "USD", value)]
    return mutate


def _with_owner_share(share: str) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        document["shipment"]["end_user"]["owners"] = [{"name": "Holding AG", "country": "CH", "share": share}]
    return mutate


REFUSED = [
    ("negative-line-value", _set(["components", 0, "value", "amount"], "-6.50"), "components[0].value.amount"),
    ("negative-product-value", _set(["product", "unit_value", "amount"], "-48.00"), "product.unit_value.amount"),
    ("float-line-value", _set(["components", 0, "value", "amount"], 6.5), "components[0].value.amount"),
    ("comma-decimal-line-value", _set(["components", 0, "value", "amount"], "6,50"), "components[0].value.amount"),
    ("exponent-line-value", _set(["components", 0, "value", "amount"], "6.5E0"), "components[0].value.amount"),
    ("zero-rate", _with_rate("0"), "exchange_rates[0].rate"),
    ("negative-rate", _with_rate("-0.125"), "exchange_rates[0].rate"),
    ("owner-share-above-one", _with_owner_share("1.5"), "shipment.end_user.owners[0].share"),
    ("owner-share-negative", _with_owner_share("-0.1"), "shipment.end_user.owners[0].share"),
    ("owner-share-percent-sign", _with_owner_share("50%"), "shipment.end_user.owners[0].share"),
    ("currency-not-iso", _set(["components", 0, "value", "currency"], "usd"), "components[0].value.currency"),
    ("country-not-alpha2", _set(["product", "made_in"], "Vietnam"), "product.made_in"),
    ("rate-date-not-a-date", _set(["exchange_rates"], [rate("CNY", "USD", "0.125", "2026-13-01")]),
     "exchange_rates[0].date"),
]


@pytest.mark.parametrize("name,mutate,path", REFUSED, ids=[r[0] for r in REFUSED])
def test_bad_values_are_refused_with_their_path(name: str, mutate: Callable[[dict[str, Any]], None], path: str) -> None:
    """FORMATS.md: amounts and rates are decimal strings (never floats), countries ISO 3166-1 alpha-2, currencies ISO 4217,
    dates ISO 8601; "a malformed file is refused with the JSON path of the first problem". A negative value, a zero or
    negative rate (No. 61 一(一)'s 「价值比例」 cannot be computed from them) and an ownership share outside 0..1 (No. 61 二
    「控股50%及以上」) are bad input: refused, naming the field — never evaluated."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        parse_dossier(copy.deepcopy(_bad(mutate)))
    assert any(p.where == path for p in refused.value.problems), [str(p) for p in refused.value.problems]

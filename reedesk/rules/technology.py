"""Rule kind ``direct_product``: No. 61 I(2), items made abroad with China-origin technology.

An Annex 1 item made outside China using China-origin technology for one of the
listed stages (mining, smelting separation, metal smelting, magnet
manufacturing, secondary recycling) is controlled whatever its content; like
the EAR's foreign direct product rules there is no percentage test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier
from reedesk.rules.context import Missing, RuleResult, match_item, missing
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import Test, all_of, exported_from, item_is, made_in, not_to_home, reasons
from reedesk.rules.text import label, labels_of, tx


def _technology_test(d: Dossier, origin: str, stages: tuple[str, ...]) -> tuple[Test, list[dict]]:
    rows = []
    hits = []
    unknown: list[Missing] = []
    for i, t in enumerate(d.technologies):
        path = f"technologies[{i}]"
        stage_ok = None if t.stage is None else t.stage in stages
        origin_ok = None if t.origin is None else t.origin == origin
        used = False if (stage_ok is False or origin_ok is False) else (True if stage_ok and origin_ok else None)
        rows.append({"index": i, "stage": t.stage, "origin": t.origin, "description": t.description, "counts": used})
        if used:  # the stage named in the reader's language; the description is the user's own words
            stage = label(t.stage)
            hits.append({lang: f"{stage[lang]}（{t.description}）" if t.description and lang != "en" else
                         (f"{stage[lang]} ({t.description})" if t.description else stage[lang]) for lang in stage})
        elif used is None:
            if t.stage is None:
                unknown.append(missing(f"{path}.stage", "the stage decides whether the technology is a listed one",
                                       "技术环节决定其是否属于所列技术", "技術環節決定其是否屬於所列技術"))
            if t.origin is None:
                unknown.append(missing(f"{path}.origin", f"technology of {origin} origin makes the item controlled",
                                       f"使用{origin}原产技术将使物项受管制", f"使用{origin}原產技術將使物項受管制"))
    if hits:
        listed = {lang: ("; " if lang == "en" else "；").join(h[lang] for h in hits) for lang in ("en", "zh-Hans", "zh-Hant")}
        return Test(True, tx(f"made using {origin}-origin technology for {listed['en']}", f"使用{origin}原产技术：{listed['zh-Hans']}",
                             f"使用{origin}原產技術：{listed['zh-Hant']}")), rows
    if unknown:
        return Test(None, tx("", "", ""), unknown), rows
    return Test(False, tx(f"no {origin}-origin technology of a listed stage was used",
                          f"未使用所列环节的{origin}原产技术", f"未使用所列環節的{origin}原產技術")), rows


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    tech, rows = _technology_test(d, p["technology_origin"], tuple(p["stages"]))
    tests = [
        item_is(d, [pack.items[n] for n in p["product_items"]]),
        made_in(d, home, inside=False),
        exported_from(d, home, inside=False),
        not_to_home(d, home),
        tech,
    ]
    ok, why, miss = all_of(tests)
    if ok is True:  # name the item class matched, not every class the rule lists
        product = d.product
        hit = next((s for n in p["product_items"] if match_item(s := pack.items[n], product.category if product else None,
                                                                    product.elements if product else None)), None)
        if hit is not None:
            why = [tx(f"the product is: {hit.label_en}", f"产品属于{hit.label_zh}", f"產品屬於{hit.label_zh_hant}"), *why[1:]]
    figures = {"technologies": rows, "stages": list(p["stages"]), "technology_origin": p["technology_origin"]}
    st = labels_of(p["stages"])
    steps = [tx(f"Technologies used: {len(rows)}; listed stages: {st['en']}.",
                f"所用技术：{len(rows)} 项；所列环节：{st['zh-Hans']}。",
                f"所用技術：{len(rows)} 項；所列環節：{st['zh-Hant']}。")]
    for r in rows:
        verdict = {True: ("counts", "计入", "計入"), False: ("does not count", "不计入", "不計入"), None: ("undecided", "未定", "未定")}[r["counts"]]
        sl = label(r["stage"])
        steps.append(tx(f"technologies[{r['index']}]: {sl['en']}, origin {r['origin']}: {verdict[0]}.",
                        f"第{r['index'] + 1}项技术（technologies[{r['index']}]）：{sl['zh-Hans']}，来源 {r['origin']}：{verdict[1]}。",
                        f"第{r['index'] + 1}項技術（technologies[{r['index']}]）：{sl['zh-Hant']}，來源 {r['origin']}：{verdict[2]}。"))
    r = reasons(why)
    if ok is True:
        return RuleResult("applies", tx(f"The technology rule applies: {r['en']}.", f"技术规则适用：{r['zh-Hans']}。",
                                        f"技術規則適用：{r['zh-Hant']}。"), figures, steps)
    if ok is False:
        return RuleResult("does_not_apply", tx(f"The technology rule does not apply: {r['en']}.", f"技术规则不适用：{r['zh-Hans']}。",
                                               f"技術規則不適用：{r['zh-Hant']}。"), figures, steps)
    return RuleResult("insufficient_data", tx("Whether the technology rule applies depends on missing data.",
                                              "技术规则是否适用取决于缺失的数据。", "技術規則是否適用取決於缺失的資料。"), figures, steps, miss)

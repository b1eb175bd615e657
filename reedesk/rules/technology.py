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
from reedesk.rules.scope import Test, all_of, exported_from, home_exporter, item_is, made_in, not_to_home, reasons, sold_inside
from reedesk.rules.messages import Msg, msg, texts_major, zh_name
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import labels_of, tx


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
                         (f"{stage[lang]} ({t.description})" if t.description else stage[lang]) for lang in ("en", "zh-Hans", "zh-Hant")})
        elif used is None:
            if t.stage is None:
                unknown.append(missing(f"{path}.stage", "the stage decides whether the technology is a listed one",
                                       "技术环节决定其是否属于所列技术", "技術環節決定其是否屬於所列技術"))
            if t.origin is None:
                unknown.append(missing(f"{path}.origin", f"technology of {origin} origin makes the item controlled",
                                       f"使用{zh_name('country', origin, 'zh-Hans')}原产技术将使物项受管制", f"使用{zh_name('country', origin, 'zh-Hant')}原產技術將使物項受管制"))
    if hits:
        listed = {lang: ("; " if lang == "en" else "；").join(h[lang] for h in hits) for lang in ("en", "zh-Hans", "zh-Hant")}
        return Test(True, msg("technology._technology_test.1", origin=origin, listed=listed)), rows
    if unknown:
        return Test(None, msg("technology._technology_test.2"), unknown), rows
    return Test(False, msg("technology._technology_test.3", origin=origin)), rows


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
    inside = sold_inside(d) if getattr(inputs, "readings_3_5", False) else None
    if inside is not None:  # No. 61 Art. I: an export to another country (engine 3.5.0)
        tests.append(inside)
    chinese = home_exporter(d, home, p, inputs)
    if chinese is not None:  # No. 61 Art. I: 「境外组织和个人」 (engine 3.6.0)
        tests.append(chinese)
    ok, why, miss = all_of(tests)
    if ok is True:  # name the item class matched, not every class the rule lists
        product = d.product
        hit = next((s for n in p["product_items"] if match_item(s := pack.items[n], product.category if product else None,
                                                                    product.elements if product else None)), None)
        if hit is not None:
            why = [msg("technology.check.1", label_en=hit.label_en, label_zh=hit.label_zh, label_zh_hant=hit.label_zh_hant), *why[1:]]
    figures = {"technologies": rows, "stages": list(p["stages"]), "technology_origin": p["technology_origin"]}
    st = labels_of(p["stages"])
    steps = [msg("technology.check.2", rows=len(rows), st=st)]
    for r in rows:
        verdict = {True: ("counts", "计入", "計入"), False: ("does not count", "不计入", "不計入"), None: ("undecided", "未定", "未定")}[r["counts"]]
        sl = label(r["stage"])
        if r['origin'] is None and texts_major() >= 2:  # reedesk-texts-2: an unknown origin read as unknown, not None
            steps.append(msg("technology.check.7", index=r['index'], sl=sl, origin=Msg(t="unknown.origin"), verdict=verdict[0],
                             index2=r['index'] + 1, verdict2=verdict[1], verdict3=verdict[2]))
            continue
        steps.append(msg("technology.check.3", index=r['index'], sl=sl, origin=r['origin'], verdict=verdict[0], index2=r['index'] + 1, verdict2=verdict[1], verdict3=verdict[2]))
    r = reasons(why)
    if ok is True:
        return RuleResult("applies", msg("technology.check.4", r=r), figures, steps)
    if ok is False:
        return RuleResult("does_not_apply", msg("technology.check.5", r=r), figures, steps)
    return RuleResult("insufficient_data", msg("technology.check.6"), figures, steps, miss)

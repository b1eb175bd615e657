"""Rule kind ``origin``: listed items by where they come from.

Two scopes, chosen by the pack:

* ``export_from_home`` — exports from China of listed items (No. 18 of 2025,
  No. 57 of 2025), whoever made them;
* ``reexport_home_origin`` — China-origin listed items re-exported from outside
  China (No. 61 I(3)).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier
from reedesk.rules.context import RuleResult
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import (all_of, export_or_provision, exported_from, home_exporter, item_code_entries, item_is_and_answers, made_in,
                                 not_to_home, reasons, sold_inside)
from reedesk.rules.messages import msg
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import tx


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    item, answers = item_is_and_answers(d, [pack.items[n] for n in p["product_items"]])
    if p["scope"] == "export_from_home":
        # engine 3.5.0: provision in China to a foreign party is an export too (scope.export_or_provision)
        to = (export_or_provision(d, home, technology=False, reach=p.get("provision_in_home", "all"),
                              subject=getattr(inputs, "readings_3_6", False), to=p.get("provision_to", "foreign"))
              if getattr(inputs, "readings_3_5", False) else not_to_home(d, home))
        tests = [item, exported_from(d, home, inside=True), to]
        name = msg("origin.check.1")
    else:
        tests = [item, made_in(d, home, inside=True), exported_from(d, home, inside=False), not_to_home(d, home)]
        inside = sold_inside(d) if getattr(inputs, "readings_3_5", False) else None
        if inside is not None:  # No. 61 Art. I: a re-export is an export to another country (engine 3.5.0)
            tests.append(inside)
        chinese = home_exporter(d, home, p, inputs)
        if chinese is not None:  # No. 61 Art. I: 「境外组织和个人」 (engine 3.6.0)
            tests.append(chinese)
        name = msg("origin.check.2")
    ok, why, miss = all_of(tests)
    table = p.get("codes") or {}
    elements = (d.product.elements if d.product else None) or []
    # the sets' answers for the product, asked once (item_is_and_answers asked them with these elements)
    codes = item_code_entries(pack, p["product_items"], d.product.category if d.product else None, elements,
                              answers if elements else None)
    if not codes:  # packs of 0.1 give one table per rule
        codes = [{"element": e, "code": table[e]} for e in elements if e in table]
    if ok is True and codes:
        named = ", ".join(f"{c['code']} ({c['element']})" for c in codes)
        why = [*why, msg("origin.check.3", named=named)]
    r = reasons(why)
    sname = label(p["scope"])
    figures = {"scope": p["scope"], "home_country": home, "codes": codes,
               "display": msg("origin.check.4", sname=sname, home=home)}
    if ok is True:
        return RuleResult("applies", msg("origin.check.5", name=name, r=r), figures)
    if ok is False:
        return RuleResult("does_not_apply", msg("origin.check.6", name=name, r=r), figures)
    return RuleResult("insufficient_data", msg("origin.check.7", name=name),
                      figures, [], miss)

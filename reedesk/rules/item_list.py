"""Rule kind ``item_list``: an instrument whose item list the packs do not evaluate
entry by entry (MOFCOM Nos. 55, 56, 58 and 62 of 2025).

Such an item must never come out "not controlled" just because no rule kind checks
it (RULES.md second review). For an export from China of an item of the
instrument's kind (``product_items``, by category):

* **plainly of the kind** — the dossier gives the control code (``product.control_code``
  starting with the pack's ``code``), or the product's name or description contains
  one of the pack's ``plain_terms`` (e.g. "hydrogen decrepitation" for 2B902): the
  rule applies, ``license_required``;
* otherwise classification needs facts the dossier lacks: ``insufficient_data``
  naming ``product.control_code`` and the parts of the instrument the packs do not
  evaluate (``not_evaluated_*``).

Either way the finding names the instrument and code.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from reedesk.domain.dossier import Dossier, Product
from reedesk.rules.context import Missing, RuleResult, match_any, match_item
from reedesk.rules.packs import RulePack, RuleSpec
from reedesk.rules.scope import all_of, export_or_provision, exported_from, not_to_home, reasons
from reedesk.rules.messages import msg, msg_of
from reedesk.rules.messages import label_msg as label
from reedesk.rules.text import tx

CODE_FIELD = "product.control_code"


def declared_code(d: Dossier) -> str | None:
    """The control code the dossier states for the product (an additive field), if any."""
    value = (d.product or Product()).extra.get("control_code")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _plain(d: Dossier, code: str, terms: tuple[str, ...]) -> tuple[bool, str | None]:
    given = declared_code(d)
    if given is not None and given.upper().startswith(code.upper()):
        return True, f"control code {given} stated"
    product = d.product or Product()
    text = " ".join(t for t in (product.name, product.description) if t).casefold()
    for term in terms:
        if term.casefold() in text:
            return True, term
    return False, None


def check(d: Dossier, rule: RuleSpec, pack: RulePack, as_of: date, *, inputs: Any = None) -> RuleResult:
    p = rule.params
    home = p["home_country"]
    code = p["code"]
    product = d.product or Product()
    kind = match_any([pack.items[n] for n in p["product_items"]], product.category, product.elements or ["*"])
    not_eval = tx(p["not_evaluated_en"], p["not_evaluated_zh"], p["not_evaluated_zh_hant"])
    cat = label(product.category)
    figures: dict[str, Any] = {"code": code, "codes": [{"code": code}], "declared_code": declared_code(d)}
    # A code that is a name ("No. 55 superhard-material items") has its Chinese names in the pack.
    hans, hant = p.get("code_zh", code), p.get("code_zh_hant", p.get("code_zh", code))
    # The sentences that add "item" / 「物项」 to the code (check.2, check.6): engine 3.6.0 drops a name's own "items" /
    # 「物项」 there (「第55号公告超硬材料物项物项」, "a No. 55 superhard-material items item"; LEGALQA8 (4)).
    said = (code, hans, hant)
    if getattr(inputs, "readings_3_6", False):
        said = (code[:-len(" items")] if code.endswith(" items") else code,
                hans[:-2] if hans.endswith("物项") else hans, hant[:-2] if hant.endswith("物項") else hant)
    if kind is False:
        return RuleResult("does_not_apply", msg_of("item_list.check.1", {"cat": cat, "code": code, "hans": hans, "hant": hant}), figures)
    if kind is None:
        return RuleResult("insufficient_data", msg("item_list.check.2", code=said[0], hans=said[1], hant=said[2]), figures, [],
                          [Missing("product.category", msg("item_list.check.3"))])
    # engine 3.5.0: provision in China to a foreign party is an export too (No. 62 Art. II for its technologies)
    to = (export_or_provision(d, home, technology=product.category == "rare_earth_technology",
                              reach=p.get("provision_in_home", "all"),
                              subject=getattr(inputs, "readings_3_6", False), to=p.get("provision_to", "foreign"))
          if getattr(inputs, "readings_3_5", False) else not_to_home(d, home))
    ok, why, miss = all_of([exported_from(d, home, inside=True), to])
    r = reasons(why)
    if ok is False:
        return RuleResult("does_not_apply", msg("item_list.check.4", code=code, r=r, hans=hans, hant=hant), figures)
    if ok is None:
        return RuleResult("insufficient_data", msg("item_list.check.5", code=code, hans=hans, hant=hant),
                          figures, [], miss)
    plain, by = _plain(d, code, tuple(p.get("plain_terms", ())))
    given = declared_code(d)
    if not plain and given is not None and p.get("stated_code_decides") and getattr(inputs, "readings_3_6", False):
        # engine 3.6.0 (No. 57's other forms, category 'other'): the dossier classifies the item under another code (or
        # none), so it is not one of the forms this entry names; the stated code is the dossier's own statement
        return RuleResult("does_not_apply", tx(
            f"The dossier states the control code {given} for the item, not {code}: it is not one of the forms {code} names.",
            f"卷宗注明该物项的管制编码为「{given}」，而非{code}：不属于{hans}所列形态。",
            f"卷宗註明該物項的管制編碼為「{given}」，而非{code}：不屬於{hant}所列形態。"), figures)
    if plain:
        figures["plain_by"] = by
        given = declared_code(d)
        # Chinese: the stated code, or the term quoted as the dossier's own words (「…」).
        by_hans = f"卷宗注明管制编码{given}" if given and by == f"control code {given} stated" else f"产品名称或说明含「{by}」"
        by_hant = f"卷宗註明管制編碼{given}" if given and by == f"control code {given} stated" else f"產品名稱或說明含「{by}」"
        return RuleResult("applies", msg("item_list.check.6", cat=cat, code=said[0], by=by, r=r, not_eval=not_eval, hans=said[1], by_hans=by_hans, hant=said[2], by_hant=by_hant), figures,
            outcome="license_required")
    text = msg("item_list.check.7", CODE_FIELD=CODE_FIELD, cat=cat, code=code, not_eval=not_eval, hans=hans, hant=hant)
    return RuleResult("insufficient_data", msg("item_list.check.8", code=code, r=r, not_eval=not_eval, hans=hans, hant=hant), figures, [],
        [Missing(CODE_FIELD, text)], ceiling="license_required")


def dual_use_names(d: Dossier, chosen: "Sequence[RulePack]") -> tuple[tuple[str, str, str], ...]:
    """Engine 3.5.0: the (en, zh-Hans, zh-Hant) names of the ``item_list`` instruments among ``chosen`` (the packs whose
    listing is in effect on the date) that list the product without a control code and that it is plainly an item of.

    Why: MOFCOM/GAC Nos. 55 and 58 of 2025 put their superhard-material and battery items under dual-use export control
    (「应申请两用物项出口许可」) as Nos. 56 and 57 do theirs, but the packs give their item sets no control code, so
    :func:`reedesk.rules.scope.dual_use_codes` (control codes only: licences, applications and the customs remark read
    it) does not name them. The measures on every dual-use item — No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事
    用途出口」, No. 1 of 2026 「禁止所有两用物项对日本军事用户……出口」, the control list's 「禁止……两用物项」 — reach them
    all the same. "Plainly" as this rule kind reads it (the stated code or a plain term): an item of the kind not shown
    to be on the list stays what it was before (the item_list rule asks for ``product.control_code``). The names are
    the pack's ``code`` / ``code_zh`` / ``code_zh_hant``, so no English reaches a Chinese text."""
    product = d.product or Product()
    out: list[tuple[str, str, str]] = []
    for pack in chosen:
        for rule in pack.rules:
            if rule.kind != "item_list":
                continue
            p = rule.params
            sets = [pack.items[n] for n in p["product_items"]]
            if any(getattr(s, "control_code", None) or getattr(s, "control_codes", None) for s in sets):
                continue  # its codes are in dual_use_codes
            if not any(match_item(s, product.category, product.elements or ["*"]) is True for s in sets):
                continue
            code = p["code"]
            if not _plain(d, code, tuple(p.get("plain_terms", ())))[0]:
                continue
            name = (code, p.get("code_zh", code), p.get("code_zh_hant", p.get("code_zh", code)))
            if name not in out:
                out.append(name)
    return tuple(out)

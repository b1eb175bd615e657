"""What a determination adds for the paperwork of an export: the customs declaration
remark of MOFCOM/GAC No. 18 of 2025 and the effect of a licence on file.

* ``customs_remark`` (exports from China only): No. 18 requires the customs
  declaration to state whether the goods are controlled and, if so, the control code
  (「在报关单中注明是否属于管制物项及管制编码」 / 「在報關單中註明是否屬於管制物項及管制編碼」; reedesk's
  wording of the reported requirement). Controlled when a control of an
  export-from-China list instrument applies on the as-of date (a suspended one does
  not), undetermined when one cannot be decided yet.
* ``licence`` (contract D): when the outcome needs a licence, the best licence on
  file for the shipment (H7's :func:`reedesk.licences.matching.licence_effect`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Sequence

from reedesk.domain.dossier import Dossier, Shipment
from reedesk.rules.context import EvaluationInputs
from reedesk.rules.packs import RulePack
from reedesk.rules.messages import Msg, join, msg
from reedesk.rules.text import tx

# A control code of China's lists (1C904, 2B902.a, 1E902): what a customs declaration can state (engine 3.6.0).
CONTROL_CODE = re.compile(r"^\d[A-E]\d{3}")
LICENSABLE = ("license_required", "license_required_presumption_of_denial", "case_by_case")


def _relevant(f: dict[str, Any]) -> bool:
    if f.get("role") != "control":
        return False
    if f["kind"] == "item_list":
        return True
    return f["kind"] == "origin" and (f.get("figures") or {}).get("scope") == "export_from_home"


def cite(rule_id: str) -> Msg:
    return Msg(t="@cite", p={"rule": rule_id})


def customs_remark(d: Dossier, core: dict[str, Any], inputs: EvaluationInputs) -> dict[str, Any] | None:
    """Controlled or not, and the control code(s), for an export from China; else None."""
    if (d.shipment or Shipment()).export_from != "CN":
        return None
    if getattr(inputs, "readings_3_6", False) and (d.shipment or Shipment()).destination == "CN":
        return None  # engine 3.6.0 (REVIEW8 F15): goods handed over in China pass no customs: no declaration to remark on
    relevant = [f for f in core["findings"] if _relevant(f)]
    applies = [f for f in relevant if f["result"] == "applies"]
    undecided = [f for f in relevant if f["result"] == "insufficient_data"]
    suspended = [f for f in relevant if f["result"] == "suspended"]
    codes = sorted({c["code"] for f in applies for c in (f.get("figures") or {}).get("codes") or []})
    names_only: list[str] = []
    if getattr(inputs, "readings_3_6", False):
        # engine 3.6.0 (LEGALQA8 (4)): a "code" that is an instrument's name (No. 55/58: "No. 55 superhard-material items")
        # is no control code for the declaration: the code the dossier states, else the officer is told where to take it
        names_only = [c for c in codes if not CONTROL_CODE.match(c)]
        declared = {f["figures"]["declared_code"] for f in applies if (f.get("figures") or {}).get("declared_code")}
        codes = sorted({c for c in codes if CONTROL_CODE.match(c)} | (declared if names_only else set()))
    if (not applies and not undecided and getattr(inputs, "readings_3_6", False)
            and core["outcome"] in (*LICENSABLE, "prohibited")):
        # engine 3.6.0 (LEGALQA9 (8)): no list instrument applies on the date (No. 57 or No. 55 suspended by No. 70), but a
        # measure of its own on the listed dual-use item does (the watch list's licence, No. 46 Art. 2, a ban): the goods
        # are controlled goods for this export, so the declaration says so with the item's code, never "not controlled"
        # (a ban's own item list, No. 46 Art. 2's superhard materials, counts too: the export needs a licence application)
        deciding = [f for f in core["decisive"] if f.get("result") == "applies" and f.get("kind") != "catch_all"
                    and (inputs.dual_use_codes or inputs.dual_use_names or f.get("kind") == "destination_ban")]
        if deciding:
            applies = deciding
            codes = sorted(c for c in inputs.dual_use_codes if CONTROL_CODE.match(c))
            names_only = [] if codes else ([n[0] for n in inputs.dual_use_names] or ["(entry)"])
    if applies and names_only and not codes:
        controlled: bool | None = True
        text = join([tx("Customs declaration: controlled goods; state the control code of the item's entry in the list of ",
                        "报关单申报：属于管制物项；请按", "報關單申報：屬於管制物項；請按"),
                     join([cite(f["rule"]) for f in applies], "semicolon"),
                     tx(" (the packs do not evaluate that list entry by entry).", "所附清单填报该物项条目的管制编码（规则包未逐条判定该清单）。",
                        "所附清單填報該物項條目的管制編碼（規則包未逐條判定該清單）。")], "none")
    elif applies:
        controlled = True
        named = ", ".join(codes) if codes else "—"
        text = msg("remarks.controlled", named=named, basis=join([cite(f["rule"]) for f in applies], "semicolon"))
    elif undecided:
        controlled = None
        text = msg("remarks.undecided", basis=join([cite(f["rule"]) for f in undecided], "semicolon"))
    else:
        controlled = False
        catch_all = [f for f in core["findings"] if f.get("kind") == "catch_all" and f["result"] == "applies"]
        if catch_all:
            cited = cite(catch_all[0]["rule"])
            text = msg("remarks.customs_remark.2", cited=cited)
        elif suspended:
            s = suspended[0]["suspension"]
            text = msg("remarks.customs_remark.3", until=s['until'])
        else:
            text = msg("remarks.customs_remark.4")
    return {"export_from_china": True, "controlled": controlled, "codes": codes, "listed_codes": list(inputs.dual_use_codes),
            "basis": msg("remarks.customs_remark.5"),
            "text": text}


def listed_kinds(screening: dict[str, Any] | None) -> list[str]:
    """The list kinds of confirmed screening hits (a general licence never covers those)."""
    kinds: set[str] = set()
    for party in (screening or {}).get("parties") or []:
        for hit in party.get("hits") or []:
            if hit.get("decision") == "confirmed" and isinstance(hit.get("list_kind"), str):
                kinds.add(hit["list_kind"])
    return sorted(kinds)


def licence_effect(d: Dossier, core: dict[str, Any], inputs: EvaluationInputs, as_of: date,
                   packs: Sequence[RulePack] = ()) -> dict[str, Any] | None:
    """The licence field: None unless the outcome needs a licence; else contract D's answer. ``packs``: the packs in use,
    whose sub-entry tables say which sub-entry of its control code the product is (engine 3.6.0; none: as 3.5.0 read
    it, a licence naming a sub-entry never covers). Engine 3.6.0 also names countries and currencies in the Chinese
    reasons by their Chinese names (``zh_names``); older engines' documents keep their codes, byte for byte."""
    if core["outcome"] not in LICENSABLE:
        return None
    try:
        from reedesk.licences.matching import licence_effect as match
    except ImportError:  # pragma: no cover - the licences package ships with reedesk 0.2
        return None
    return match(d, needs_licence=True, control_codes=list(inputs.dual_use_codes), listed_kinds=listed_kinds(inputs.screening),
                 records=list(inputs.licences), as_of=as_of, sub_entries=product_sub_entries(d, packs, inputs.dual_use_codes),
                 known_rates=inputs.readings_3_6, zh_names=inputs.readings_3_6,
                 register_first=inputs.readings_3_7)


def product_sub_entries(d: Dossier, packs: Sequence[RulePack], codes: Sequence[str]) -> dict[str, str]:
    """The sub-entry of each of the product's control codes that the pack listing it gives its category (No. 18 of 2025:
    terbium metal → ``{"1C904": "1C904.a"}``, 「1C904.a金属铽、含铽的合金及相关制品」); a code no pack splits is left out."""
    from reedesk.rules.scope import pack_item_codes

    product = d.product
    if product is None or not packs or not codes:
        return {}
    out: dict[str, str] = {}
    for pack in packs:
        if not pack.sub_entries:
            continue
        for code in pack_item_codes(pack, product.category, list(product.elements or ())):
            sub = pack.sub_entry(code, product.category)
            if code in codes and sub is not None:
                out.setdefault(code, sub)
    return out

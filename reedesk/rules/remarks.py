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

from datetime import date
from typing import Any

from reedesk.domain.dossier import Dossier, Shipment
from reedesk.rules.context import EvaluationInputs
from reedesk.rules.text import tx

LICENSABLE = ("license_required", "license_required_presumption_of_denial", "case_by_case")


def _relevant(f: dict[str, Any]) -> bool:
    if f.get("role") != "control":
        return False
    if f["kind"] == "item_list":
        return True
    return f["kind"] == "origin" and (f.get("figures") or {}).get("scope") == "export_from_home"


def customs_remark(d: Dossier, core: dict[str, Any], inputs: EvaluationInputs) -> dict[str, Any] | None:
    """Controlled or not, and the control code(s), for an export from China; else None."""
    if (d.shipment or Shipment()).export_from != "CN":
        return None
    relevant = [f for f in core["findings"] if _relevant(f)]
    applies = [f for f in relevant if f["result"] == "applies"]
    undecided = [f for f in relevant if f["result"] == "insufficient_data"]
    suspended = [f for f in relevant if f["result"] == "suspended"]
    codes = sorted({c["code"] for f in applies for c in (f.get("figures") or {}).get("codes") or []})
    if applies:
        controlled: bool | None = True
        named = ", ".join(codes) if codes else "—"
        basis = "; ".join(f["citation"]["text"]["en"] for f in applies)
        basis_hans = "；".join(f["citation"]["text"]["zh-Hans"] for f in applies)
        basis_hant = "；".join(f["citation"]["text"]["zh-Hant"] for f in applies)
        text = tx(f"Customs declaration: controlled goods, control code {named} ({basis}).",
                  f"报关单申报：属于管制物项，管制编码 {named}（{basis_hans}）。",
                  f"報關單申報：屬於管制物項，管制編碼 {named}（{basis_hant}）。")
    elif undecided:
        controlled = None
        basis = "; ".join(f["citation"]["text"]["en"] for f in undecided)
        text = tx(f"Customs declaration: whether the goods are controlled cannot be stated until the missing data is supplied ({basis}).",
                  "报关单申报：在补充所缺数据之前，无法确定是否属于管制物项（" + "；".join(f["citation"]["text"]["zh-Hans"] for f in undecided) + "）。",
                  "報關單申報：在補充所缺資料之前，無法確定是否屬於管制物項（" + "；".join(f["citation"]["text"]["zh-Hant"] for f in undecided) + "）。")
    else:
        controlled = False
        catch_all = [f for f in core["findings"] if f.get("kind") == "catch_all" and f["result"] == "applies"]
        if catch_all:
            cited = catch_all[0]["citation"]["text"]
            text = tx(f"Customs declaration: not a listed controlled item (no control code); a licence is nevertheless required under {cited['en']}.",
                      f"报关单申报：不属于所列管制物项（无管制编码）；但依{cited['zh-Hans']}仍须申请许可。",
                      f"報關單申報：不屬於所列管制物項（無管制編碼）；但依{cited['zh-Hant']}仍須申請許可。")
        elif suspended:
            s = suspended[0]["suspension"]
            text = tx(f"Customs declaration: not controlled goods on this date (the control that lists them is suspended until {s['until']}).",
                      f"报关单申报：于判定日期不属于管制物项（所适用的管制暂停实施至{s['until']}）。",
                      f"報關單申報：於判定日期不屬於管制物項（所適用的管制暫停實施至{s['until']}）。")
        else:
            text = tx("Customs declaration: not controlled goods.", "报关单申报：不属于管制物项。", "報關單申報：不屬於管制物項。")
    return {"export_from_china": True, "controlled": controlled, "codes": codes, "listed_codes": list(inputs.dual_use_codes),
            "basis": tx("MOFCOM/GAC Announcement No. 18 of 2025 (customs declaration)", "商务部 海关总署公告2025年第18号（报关申报）",
                        "商務部 海關總署公告2025年第18號（報關申報）"),
            "text": text}


def listed_kinds(screening: dict[str, Any] | None) -> list[str]:
    """The list kinds of confirmed screening hits (a general licence never covers those)."""
    kinds: set[str] = set()
    for party in (screening or {}).get("parties") or []:
        for hit in party.get("hits") or []:
            if hit.get("decision") == "confirmed" and isinstance(hit.get("list_kind"), str):
                kinds.add(hit["list_kind"])
    return sorted(kinds)


def licence_effect(d: Dossier, core: dict[str, Any], inputs: EvaluationInputs, as_of: date) -> dict[str, Any] | None:
    """The licence field: None unless the outcome needs a licence; else contract D's answer."""
    if core["outcome"] not in LICENSABLE:
        return None
    try:
        from reedesk.licences.matching import licence_effect as match
    except ImportError:  # pragma: no cover - the licences package ships with reedesk 0.2
        return None
    return match(d, needs_licence=True, control_codes=list(inputs.dual_use_codes), listed_kinds=listed_kinds(inputs.screening),
                 records=list(inputs.licences), as_of=as_of)

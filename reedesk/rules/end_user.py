"""Rule kind ``end_user``: the end-user policy of a licence (No. 61 Art. II; reedesk 0.1.0
called it III, which is the end-use policy).

No. 61 Art. II: export applications for overseas **military users**, and for
**importers and end users on the control list or watch list, including subsidiaries
and branches they control at 50 % or more** (「控股50%及以上的子公司、分公司等分支机构」),
are in principle not approved (「原则上不予许可」).

With a screening document (``inputs.screening``, contract B, made by the evaluation
service for every determination) the policy reads every party's hits in force on the
as-of date: the end user's, importer's and consignee's own hits and those of their owners
holding 0.5 or more (the finding names the owner and its share). A confirmed hit
matches; an undecided one (or a confirmed owner whose share is not stated) leaves the
policy undecided, naming what to decide; cleared hits and owners under 0.5 are ignored.

Without one (a determination made before 0.2, or a caller that does not screen) the
policy falls back to the record kept in the dossier, as 0.1 did. Two facts from the
dossier snapshot then decide it:

* ``shipment.end_user.military: true`` — an overseas military user;
* ``shipment.end_user.screening`` — the screening record (``reedesk screening``,
  docs/screening.md): a hit a person **confirmed** on a list whose kind is in the
  pack's ``screening_list_kinds`` (control list, watch list) means the end user is
  listed. A hit nobody has decided yet makes the policy undecidable
  (``insufficient_data`` naming the hits); cleared hits are ignored.

An end user that was never screened (or was screened under another name) is
reported plainly as *not screened*. Whether that blocks a determination is the
pack's choice (``screening_required``): with ``false`` the outcome rests on the
other facts and the finding says the list check is not covered; with ``true`` it
is ``insufficient_data``. The engine stays pure: it reads the recorded screening,
never the lists themselves.
"""

from __future__ import annotations

from typing import Any

from reedesk.domain.dossier import Dossier, Party, Shipment
from reedesk.rules.context import Missing, PolicyResult, missing
from reedesk.rules.packs import RuleSpec
from reedesk.field_labels import label as field_label
from reedesk.rules.messages import msg, texts_major
from reedesk.rules.text import OUTCOME_NAMES, tx
from reedesk.screening.parties import ListedHit, PartyListing, party_listings, unnamed_parties
from reedesk.screening.record import FIELD, ScreeningRecord, read_record

DEFAULT_LIST_KINDS = ("control_list", "watch_list")
SCREENING_FIELD = "shipment.end_user.screening"
_KIND_NAMES = {
    "control_list": ("control list", "管控名单", "管控名單"),
    "watch_list": ("watch list", "关注名单", "關注名單"),
    "unreliable_entity_list": ("unreliable entity list", "不可靠实体清单", "不可靠實體清單"),
    "other": ("other list", "其他名单", "其他名單"),
}


def _kinds(kinds: tuple[str, ...], lang: int, joiner: str) -> str:
    return joiner.join(_KIND_NAMES[k][lang] for k in kinds)


def _list_kinds(rule: RuleSpec) -> tuple[str, ...]:
    """The list kinds whose listing the policy reads (the pack's ``screening_list_kinds``, else control and watch list)."""
    return tuple(rule.params.get("screening_list_kinds") or DEFAULT_LIST_KINDS)


def _not_screened(who: str, why_en: str, why_hans: str, why_hant: str, kinds: tuple[str, ...], required: bool,
                  outcome: str, figures: dict) -> PolicyResult:
    en_k, hans_k, hant_k = _kinds(kinds, 0, " or "), _kinds(kinds, 1, "或"), _kinds(kinds, 2, "或")
    if required:
        text = msg("end_user._not_screened.1", who=who, en_k=en_k, why_en=why_en, hans_k=hans_k, why_hans=why_hans, hant_k=hant_k, why_hant=why_hant)
        return PolicyResult(None, outcome, text, figures, [Missing(SCREENING_FIELD, text)])
    return PolicyResult(False, outcome, msg("end_user._not_screened.2", who=who, en_k=en_k, why_en=why_en, hans_k=hans_k, why_hans=why_hans, hant_k=hant_k, why_hant=why_hant), figures)


def _screening(user: Party, rule: RuleSpec, who: str) -> PolicyResult:
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    kinds = _list_kinds(rule)
    required = bool(rule.params.get("screening_required", False))
    base = {"end_user": user.name, "military": bool(user.military)}
    raw = user.extra.get(FIELD)
    if raw is None:
        return _not_screened(who, "no screening is recorded", "未记录筛查", "未記錄篩查", kinds, required, outcome,
                             {**base, "screened": False})
    record = read_record(raw)
    if isinstance(record, str):
        text = msg("end_user._screening.1", record=record)
        return PolicyResult(None, outcome, text, {**base, "screened": False}, [Missing(SCREENING_FIELD, text)])
    if (record.name or "").strip() != (user.name or "").strip():
        return _not_screened(who, f"the recorded screening was for {record.name!r}", f"记录的筛查针对 {record.name!r}",
                             f"記錄的篩查針對 {record.name!r}", kinds, required, outcome, {**base, "screened": False})
    return _decide(record, kinds, outcome, name, who, base)


def _hit_label(h) -> str:  # noqa: ANN001 - RecordedHit
    return f"#{h.n} {h.entry_name} ({h.list_id}, score {h.score})"


def _decide(record: ScreeningRecord, kinds: tuple[str, ...], outcome: str, name: dict, who: str, base: dict) -> PolicyResult:
    relevant = [h for h in record.hits if h.list_kind in kinds]
    confirmed = [h for h in relevant if h.decision == "confirmed"]
    open_hits = [h for h in relevant if h.decision is None]
    cleared = [h for h in relevant if h.decision == "cleared"]
    figures = {**base, "screened": True, "screened_at": record.screened_at, "lists": list(record.list_ids),
               "hits_confirmed": [h.entry_name for h in confirmed], "hits_undecided": [h.entry_name for h in open_hits],
               "hits_cleared": [h.entry_name for h in cleared]}
    en_k, hans_k, hant_k = _kinds(kinds, 0, " or "), _kinds(kinds, 1, "或"), _kinds(kinds, 2, "或")
    if confirmed:
        h = confirmed[0]
        what = "; ".join(f"{x.entry_name} on {_KIND_NAMES[x.list_kind][0]} {x.list_id} ({x.source}), reason: {x.reason}" for x in confirmed)
        what_hans = "；".join(f"{x.entry_name}（{_KIND_NAMES[x.list_kind][1]} {x.list_id}，{x.source}），理由：{x.reason}" for x in confirmed)
        what_hant = "；".join(f"{x.entry_name}（{_KIND_NAMES[x.list_kind][2]} {x.list_id}，{x.source}），理由：{x.reason}" for x in confirmed)
        return PolicyResult(True, outcome, msg("end_user._decide.1", who=who, screened_at=record.screened_at[:10], en_k=en_k, what=what, upper=name['en'][:1].upper(), en=name['en'][1:], hans_k=hans_k, what_hans=what_hans, name=name, hant_k=hant_k, what_hant=what_hant),
            {**figures, "listed": True, "entry": h.entry_name})
    if open_hits:
        labels = ", ".join(_hit_label(h) for h in open_hits)
        text = msg("end_user._decide.2", who=who, en_k=en_k, labels=labels, hans_k=hans_k, hant_k=hant_k)
        return PolicyResult(None, outcome, text, figures, [Missing(SCREENING_FIELD, msg("end_user._decide.3", SCREENING_FIELD=SCREENING_FIELD, labels=labels))])
    tail_en = f"; cleared: {', '.join(f'{h.entry_name} ({h.reason})' for h in cleared)}" if cleared else ""
    tail_zh = f"；已排除：{'、'.join(f'{h.entry_name}（{h.reason}）' for h in cleared)}" if cleared else ""
    return PolicyResult(False, outcome, msg("end_user._decide.4", who=who, screened_at=record.screened_at[:10], en_k=en_k, tail_en=tail_en, hans_k=hans_k, tail_zh=tail_zh, hant_k=hant_k), {**figures, "listed": False})


# No. 61 Art. II names importers and end users; the consignee receives the goods for the importer and is read
# with them (the pack's reading says so).
_ROLES = {"end_user": ("end user", "最终用户", "最終用戶"), "importer": ("importer", "进口商", "進口商"),
          "consignee": ("consignee", "收货人", "收貨人")}


def _label(h: ListedHit) -> tuple[str, str, str]:
    hit = h.hit
    kind = _KIND_NAMES.get(hit.get("list_kind") or "other", _KIND_NAMES["other"])
    by_en = hit.get("listed_by") or hit.get("source") or hit.get("list_id")
    by_zh = hit.get("listed_by_zh") or by_en
    zh_name = hit.get("entry_name_zh") or hit.get("entry_name")
    en = f"{hit.get('entry_name')} ({kind[0]} {hit.get('list_id')}, {by_en}, score {hit.get('score')})"
    hans = f"{zh_name}（{kind[1]}，{by_zh}，匹配分数 {hit.get('score')}）"
    from reedesk.screening.normalise import to_traditional

    hant = f"{to_traditional(zh_name or '')}（{kind[2]}，{to_traditional(by_zh or '')}，匹配分數 {hit.get('score')}）"
    if h.owner is not None and texts_major() >= 2 and (h.owner.get("share") is None or h.owner.get("name") is None):
        # reedesk-texts-2 (session 9): an unknown share is not printed as "?" (nor an unnamed owner as None)
        owner, share = h.owner.get("name"), h.owner.get("share")
        named = (owner, owner, owner) if owner is not None else ("(unnamed)", "（未具名）", "（未具名）")
        if share is None:  # (the sentences around it say the share is to be stated)
            return en + f", which is its owner {named[0]}", hans + f"，即其股东 {named[1]}", hant + f"，即其股東 {named[2]}"
        return (en + f", which is its owner {named[0]} holding {share}", hans + f"，即其持股 {share} 的股东 {named[1]}",
                hant + f"，即其持股 {share} 的股東 {named[2]}")
    if h.owner is not None:
        owner, share = h.owner.get("name"), h.owner.get("share") or "?"
        en += f", which is its owner {owner} holding {share}"
        hans += f"，即其持股 {share} 的股东 {owner}"
        hant += f"，即其持股 {share} 的股東 {owner}"
    return en, hans, hant


def _from_document(d: Dossier, rule: RuleSpec, document: dict) -> PolicyResult:
    """The No. 61 Art. II end-user policy from the screening document (every party, owners, as of the date)."""
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    kinds = _list_kinds(rule)
    user = (d.shipment or Shipment()).end_user or Party()
    parties = [p for p in party_listings(document) if p.role in _ROLES]
    listed: list[tuple[PartyListing, ListedHit]] = []
    undecided: list[tuple[PartyListing, ListedHit, str]] = []
    ignored: list[tuple[PartyListing, ListedHit]] = []
    for party in parties:
        for h in party.relevant(kinds):
            counts = h.counts()
            if h.decision == "cleared" or counts is False:
                if counts is False and h.decision != "cleared":
                    ignored.append((party, h))
                continue
            if h.decision == "confirmed" and counts:
                listed.append((party, h))
            elif h.decision == "confirmed":  # an owner whose share is unknown
                undecided.append((party, h, f"{h.owner.get('path')}.share"))
            else:
                undecided.append((party, h, f"{(h.owner or {}).get('path') or party.path}.screening"))
    figures = {"end_user": user.name, "military": bool(user.military), "screened": True, "as_of": document.get("as_of"),
               "lists": [x.get("id") for x in document.get("lists", [])],
               "parties": [p.path for p in parties],
               "hits_confirmed": [{"party": p.path, "entry": h.hit.get("entry_name"), "owner": (h.owner or {}).get("name"),
                                   "share": (h.owner or {}).get("share")} for p, h in listed],
               "hits_undecided": [{"party": p.path, "entry": h.hit.get("entry_name"), "field": f} for p, h, f in undecided]}
    en_k, hans_k, hant_k = _kinds(kinds, 0, " or "), _kinds(kinds, 1, "或"), _kinds(kinds, 2, "或")
    if listed:
        parts = [(_ROLES[p.role], p.name, _label(h), h.hit.get("reason")) for p, h in listed]
        return PolicyResult(True, outcome, tx(
            "; ".join(f"The {r[0]} {n} is treated as listed: confirmed hit on {lab[0]} (reason: {why})" for r, n, lab, why in parts)
            + f". No. 61 Art. II (control-list and watch-list importers and end users, including subsidiaries and branches controlled at 50 % or more): {name['en']}.",
            "；".join(f"{r[1]} {n} 视为已列入名单：确认命中{lab[1]}（理由：{why}）" for r, n, lab, why in parts)
            + f"。第61号公告第二条（列入管控名单、关注名单的进口商、最终用户，包括其控股50%及以上的子公司、分公司等分支机构）：{name['zh-Hans']}。",
            "；".join(f"{r[2]} {n} 視為已列入名單：確認命中{lab[2]}（理由：{why}）" for r, n, lab, why in parts)
            + f"。第61號公告第二條（列入管控名單、關注名單的進口商、最終用戶，包括其控股50%及以上的子公司、分公司等分支機構）：{name['zh-Hant']}。"),
            {**figures, "listed": True, "entry": listed[0][1].hit.get("entry_name")})
    if undecided:
        labels = [(_ROLES[p.role], p.name, _label(h), f) for p, h, f in undecided]
        text = tx("Screening found hits on the " + en_k + " that decide No. 61 Art. II but are not decided: "
                  + "; ".join(f"{r[0]} {n}: {lab[0]}" + (" — its share is not stated" if f.endswith(".share") else " — nobody has confirmed or cleared it")
                              for r, n, lab, f in labels) + ".",
                  "筛查命中" + hans_k + "，影响第61号公告第二条的适用，但尚未决定："
                  + "；".join(f"{r[1]} {n}：{lab[1]}" + ("——持股比例未填写" if f.endswith(".share") else "——尚无人确认或排除") for r, n, lab, f in labels) + "。",
                  "篩查命中" + hant_k + "，影響第61號公告第二條的適用，但尚未決定："
                  + "；".join(f"{r[2]} {n}：{lab[2]}" + ("——持股比例未填寫" if f.endswith(".share") else "——尚無人確認或排除") for r, n, lab, f in labels) + "。")
        # reedesk-texts-2 (session 9): the Chinese names the field as the window does, not by its JSON path
        # (the party or owner the field belongs to, without a "：" the summary would split at: reedesk.field_labels)
        hans_at, hant_at = ((lambda f: field_label(f.rsplit(".", 1)[0], "zh-Hans")),
                            (lambda f: field_label(f.rsplit(".", 1)[0], "zh-Hant"))) if texts_major() >= 2 \
            else ((lambda f: f), (lambda f: f))
        need = [Missing(f, tx(
            f"{f}: " + (f"state the share of {lab[0]}" if f.endswith(".share") else f"confirm or clear {lab[0]} (reedesk screening decide)") + ".",
            (f"请填写{lab[1]}的持股比例" if f.endswith(".share") else f"请确认或排除{lab[1]}") + f"（{hans_at(f)}）。",
            (f"請填寫{lab[2]}的持股比例" if f.endswith(".share") else f"請確認或排除{lab[2]}") + f"（{hant_at(f)}）。"))
            for r, n, lab, f in labels]
        return PolicyResult(None, outcome, text, figures, need)
    who = ", ".join(p.name for p in parties) or "(no party named)"
    tail_en = ("; owners under 50 % are not counted: " + ", ".join(_label(h)[0] for _, h in ignored)) if ignored else ""
    tail_zh = ("；持股不足50%的股东不计：" + "、".join(_label(h)[1] for _, h in ignored)) if ignored else ""
    tail_zht = ("；持股不足50%的股東不計：" + "、".join(_label(h)[2] for _, h in ignored)) if ignored else ""
    return PolicyResult(False, outcome, msg("end_user._from_document.1", as_of=document.get('as_of'), en_k=en_k, who=who, tail_en=tail_en, hans_k=hans_k, tail_zh=tail_zh, hant_k=hant_k, tail_zht=tail_zht), {**figures, "listed": False})


def policy(d: Dossier, rule: RuleSpec, category: str | None, *, inputs: Any = None) -> PolicyResult:
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    user = (d.shipment or Shipment()).end_user or Party()
    who = user.name or "(unnamed)"
    if rule.params["military_user"] and user.military is True:
        return PolicyResult(True, outcome, msg("end_user.policy.1", who=who, name=name), {"end_user": user.name, "military": True})
    if rule.params["military_user"] and getattr(inputs, "readings_3_4", False):
        # 「对向境外军事用户的出口申请」: the goods go to the importer and consignee too, so one marked military is an
        # overseas military user as an end user would be (FORMATS.md 0.2: they carry ``military`` like the end user).
        for role, party in (d.shipment or Shipment()).parties():
            if role != "end_user" and party.military is True:
                r = _ROLES[role]
                pname = party.name or "(unnamed)"
                return PolicyResult(True, outcome, tx(f"The {r[0]} {pname} is a military user: {name['en']}.",
                                                      f"{r[1]} {pname} 为军事用户：{name['zh-Hans']}。",
                                                      f"{r[2]} {pname} 為軍事用戶：{name['zh-Hant']}。"),
                                    {"end_user": user.name, "military": bool(user.military), "military_party": f"shipment.{role}"})
    document = getattr(inputs, "screening", None) if inputs is not None else None
    screened = _from_document(d, rule, document) if document else _screening(user, rule, who)
    unnamed = (unnamed_parties(d, legal_forms=getattr(inputs, "readings_3_5", False),  # 3.5.0: a legal form only is no name
                               placeholders=getattr(inputs, "readings_3_6", False))  # 3.6.0: nor ㈱, Sp. z o.o., "TBD"
               if getattr(inputs, "readings_3_4", False) and screened.matched is not True else [])
    if unnamed:
        # An unnamed importer or end user is not one screened clear (RULES.md second review, "Parties"): a listed
        # one makes the licence presumed denied (No. 61 Art. II), so the answer waits for its name.
        kinds = _list_kinds(rule)
        en_k, hans_k, hant_k = _kinds(kinds, 0, " or "), _kinds(kinds, 1, "或"), _kinds(kinds, 2, "或")
        need = [missing(f"{path}.name", f"the {_ROLES[role][0]} must be named to be screened against the {en_k}"
                        f" (No. 61 Art. II: a listed importer or end user means {name['en']})",
                        f"须写明{_ROLES[role][1]}，才能对照{hans_k}筛查（第61号公告第二条：列入名单的进口商、最终用户{name['zh-Hans']}）",
                        f"須寫明{_ROLES[role][2]}，才能對照{hant_k}篩查（第61號公告第二條：列入名單的進口商、最終用戶{name['zh-Hant']}）")
                for role, path in unnamed]
        text = tx(" ".join(m.text["en"] for m in need), "".join(m.text["zh-Hans"] for m in need),
                  "".join(m.text["zh-Hant"] for m in need))
        return PolicyResult(None, outcome, text, {**screened.figures, "unnamed": [path for _, path in unnamed]},
                            screened.missing + need if screened.matched is None else need)
    if screened.matched is False:
        military = msg("end_user.policy.2", who=who)
        return PolicyResult(False, outcome, tx(military["en"] + screened.explanation["en"],
                                               military["zh-Hans"] + screened.explanation["zh-Hans"],
                                               military["zh-Hant"] + screened.explanation["zh-Hant"]), screened.figures)
    return screened

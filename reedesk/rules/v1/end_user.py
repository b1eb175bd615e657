"""Rule kind ``end_user``: the end-user policy of a licence (No. 61 III).

Two facts from the dossier snapshot decide it:

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

from reedesk.domain.dossier import Dossier, Party, Shipment
from reedesk.rules.v1.context import Missing, PolicyResult
from reedesk.rules.v1.packs import RuleSpec
from reedesk.rules.v1.text import OUTCOME_NAMES, tx
from reedesk.rules.v1.record import FIELD, ScreeningRecord, read_record

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


def _not_screened(who: str, why_en: str, why_hans: str, why_hant: str, kinds: tuple[str, ...], required: bool,
                  outcome: str, figures: dict) -> PolicyResult:
    en_k, hans_k, hant_k = _kinds(kinds, 0, " or "), _kinds(kinds, 1, "或"), _kinds(kinds, 2, "或")
    if required:
        text = tx(f"The end user {who} has not been screened against the {en_k} ({why_en}); this pack requires screening.",
                  f"最终用户 {who} 尚未对照{hans_k}进行筛查（{why_hans}）；本规则包要求筛查。",
                  f"最終用戶 {who} 尚未對照{hant_k}進行篩查（{why_hant}）；本規則包要求篩查。")
        return PolicyResult(None, outcome, text, figures, [Missing(SCREENING_FIELD, text)])
    return PolicyResult(False, outcome, tx(
        f"The end user {who} has not been screened against the {en_k} ({why_en}); this determination does not cover list membership.",
        f"最终用户 {who} 尚未对照{hans_k}进行筛查（{why_hans}）；本判定不涵盖是否列入名单。",
        f"最終用戶 {who} 尚未對照{hant_k}進行篩查（{why_hant}）；本判定不涵蓋是否列入名單。"), figures)


def _screening(user: Party, rule: RuleSpec, who: str) -> PolicyResult:
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    kinds = tuple(rule.params.get("screening_list_kinds") or DEFAULT_LIST_KINDS)
    required = bool(rule.params.get("screening_required", False))
    base = {"end_user": user.name, "military": bool(user.military)}
    raw = user.extra.get(FIELD)
    if raw is None:
        return _not_screened(who, "no screening is recorded", "未记录筛查", "未記錄篩查", kinds, required, outcome,
                             {**base, "screened": False})
    record = read_record(raw)
    if isinstance(record, str):
        text = tx(f"The screening record cannot be read: {record}.", f"筛查记录无法读取：{record}。", f"篩查記錄無法讀取：{record}。")
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
        return PolicyResult(True, outcome, tx(
            f"The end user {who} is listed: screening on {record.screened_at[:10]} found a confirmed hit on the {en_k}: {what}. {name['en'][:1].upper()}{name['en'][1:]}.",
            f"最终用户 {who} 已列入名单：{record.screened_at[:10]}的筛查确认命中{hans_k}：{what_hans}。{name['zh-Hans']}。",
            f"最終用戶 {who} 已列入名單：{record.screened_at[:10]}的篩查確認命中{hant_k}：{what_hant}。{name['zh-Hant']}。"),
            {**figures, "listed": True, "entry": h.entry_name})
    if open_hits:
        labels = ", ".join(_hit_label(h) for h in open_hits)
        text = tx(f"Screening of the end user {who} found hits on the {en_k} that nobody has confirmed or cleared: {labels}.",
                  f"最终用户 {who} 的筛查命中{hans_k}，但尚无人确认或排除：{labels}。",
                  f"最終用戶 {who} 的篩查命中{hant_k}，但尚無人確認或排除：{labels}。")
        return PolicyResult(None, outcome, text, figures, [Missing(SCREENING_FIELD, tx(
            f"{SCREENING_FIELD} has undecided hits: confirm or clear {labels} (reedesk screening decide).",
            f"{SCREENING_FIELD} 有未决命中：请确认或排除 {labels}（reedesk screening decide）。",
            f"{SCREENING_FIELD} 有未決命中：請確認或排除 {labels}（reedesk screening decide）。"))])
    tail_en = f"; cleared: {', '.join(f'{h.entry_name} ({h.reason})' for h in cleared)}" if cleared else ""
    tail_zh = f"；已排除：{'、'.join(f'{h.entry_name}（{h.reason}）' for h in cleared)}" if cleared else ""
    return PolicyResult(False, outcome, tx(
        f"Screening of the end user {who} on {record.screened_at[:10]} found no confirmed hit on the {en_k}{tail_en}.",
        f"{record.screened_at[:10]}对最终用户 {who} 的筛查未确认命中{hans_k}{tail_zh}。",
        f"{record.screened_at[:10]}對最終用戶 {who} 的篩查未確認命中{hant_k}{tail_zh}。"), {**figures, "listed": False})


def policy(d: Dossier, rule: RuleSpec, category: str | None) -> PolicyResult:
    outcome = rule.params["outcome"]
    name = OUTCOME_NAMES[outcome]
    user = (d.shipment or Shipment()).end_user or Party()
    who = user.name or "(unnamed)"
    if rule.params["military_user"] and user.military is True:
        return PolicyResult(True, outcome, tx(
            f"The end user {who} is a military user: {name['en']}.", f"最终用户 {who} 为军事用户：{name['zh-Hans']}。",
            f"最終用戶 {who} 為軍事用戶：{name['zh-Hant']}。"), {"end_user": user.name, "military": True})
    screened = _screening(user, rule, who)
    if screened.matched is False:
        military = tx(f"The end user {who} is not marked as a military user. ", f"最终用户 {who} 未标注为军事用户。",
                      f"最終用戶 {who} 未標註為軍事用戶。")
        return PolicyResult(False, outcome, tx(military["en"] + screened.explanation["en"],
                                               military["zh-Hans"] + screened.explanation["zh-Hans"],
                                               military["zh-Hant"] + screened.explanation["zh-Hant"]), screened.figures)
    return screened

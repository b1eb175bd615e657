"""Points a careful officer wants to know before relying on a determination (contract C4).

Why: a determination can be correct by its own rules and still rest on something
the signer should see first — a party nobody screened, a list hit nobody decided,
a field left empty, rule packs last reviewed weeks ago, or an open point of law
whose other reading gives another outcome. The GUI lists these in one dialog
before signing and before exporting (the user may go on), and the evidence pack
prints the same list ("Points to note before relying on this determination"),
computed here from the document alone so both always agree.

Core module: no Qt, no database; the input is an EXPANDED determination
(``reedesk.rules.render.expand``), whose prose is trilingual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

from reedesk.field_labels import label as field_label, readable
from reedesk.rules.text import OUTCOME_NAMES, Text, tx

WARNING = "warning"
INFO = "info"

CODES = ("party_not_screened", "screening_hit_undecided", "data_missing", "rules_reviewed_until",
         "reading_changes_outcome")

_ROLES: dict[str, Text] = {
    "end_user": tx("end user", "最终用户", "最終用戶"),
    "importer": tx("importer", "进口商", "進口商"),
    "consignee": tx("consignee", "收货人", "收貨人"),
    "owner": tx("owner", "所有者", "所有者"),
}

_TEXTS: dict[str, Text] = {
    "party_not_screened": tx(
        "The {role} {name} was not screened against the lists: no screening result is recorded for this name.",
        "{role}{name}未经名单筛查：该名称没有筛查记录。",
        "{role}{name}未經名單篩查：該名稱沒有篩查記錄。"),
    "no_lists": tx(
        "No party was screened: the determination was made without any screening list.",
        "未对任何当事方进行筛查：作出本结论时未使用任何筛查名单。",
        "未對任何當事方進行篩查：作出本結論時未使用任何篩查名單。"),
    "screening_hit_undecided": tx(
        "The {role} {name} matches {entry} on {list} (score {score}), and nobody has decided yet whether it is the same party.",
        "{role}{name}与{list}中的{entry}相符（相似度{score}），尚未判定是否为同一当事方。",
        "{role}{name}與{list}中的{entry}相符（相似度{score}），尚未判定是否為同一當事方。"),
    "data_missing": tx(
        "Data needed: {field}. {why}",
        "缺少数据：{field}。{why}",
        "缺少資料：{field}。{why}"),
    "rules_reviewed_until": tx(
        "{count} rule packs ({packs}) were last reviewed against the published law on {date}; anything announced after that date is not in them.",
        "{count}个规则包（{packs}）最后一次依据已公布法规核对的日期为{date}；此后发布的内容未纳入。",
        "{count}個規則包（{packs}）最後一次依據已公佈法規核對的日期為{date}；此後發佈的內容未納入。"),
    "rules_reviewed_until_one": tx(
        "The rule pack {packs} was last reviewed against the published law on {date}; anything announced after that date is not in it.",
        "规则包（{packs}）最后一次依据已公布法规核对的日期为{date}；此后发布的内容未纳入。",
        "規則包（{packs}）最後一次依據已公佈法規核對的日期為{date}；此後發佈的內容未納入。"),
    "reading_changes_outcome": tx(
        "Under another reading of an open point ({reading}) the outcome would be “{outcome}” instead of “{primary}”.",
        "若对未决问题采用另一种解读（{reading}），结论将为「{outcome}」，而非「{primary}」。",
        "若對未決問題採用另一種解讀（{reading}），結論將為「{outcome}」，而非「{primary}」。"),
}

_OWNER_VIA = tx(" (owner of the {role})", "（{role}的所有者）", "（{role}的所有者）")


def _language(language: str) -> str:
    try:
        from reedesk.vocabulary import normalise_language  # type: ignore[import-not-found]

        return normalise_language(language)
    except Exception:  # catalogue not there yet, or a spelling it refuses: the plain form
        return language if language in ("en", "zh-Hans", "zh-Hant") else "en"


def _outcome_name(code: str | None, language: str) -> str:
    if code is None:
        return "?"
    try:
        from reedesk.vocabulary import label  # type: ignore[import-not-found]

        return label("outcome", code, language)
    except Exception:
        names = OUTCOME_NAMES.get(code)
        return names[language] if names else code


def _pick(text: Any, language: str) -> str:
    """One language of a trilingual dict (or a plain string as it is)."""
    if isinstance(text, Mapping):
        return str(text.get(language) or text.get("en") or "")
    return "" if text is None else str(text)


@dataclass(frozen=True)
class Concern:
    """One point to note. ``params`` are plain JSON values (so a pack or a log can keep them);
    ``texts`` holds the sentence in the three languages."""

    code: str
    params: dict[str, Any]
    severity: str = WARNING
    texts: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    def text(self, language: str = "en") -> str:
        lang = _language(language)
        return self.texts.get(lang) or self.texts.get("en") or self.code

    def __hash__(self) -> int:  # params is a dict: hash by what identifies the point
        return hash((self.code, repr(sorted(self.params.items()))))


def _party_label(party: Mapping[str, Any], by_path: Mapping[str, Mapping[str, Any]], lang: str) -> tuple[str, str]:
    """(role words, name) of a party of the screening document, naming whose owner it is."""
    role = _ROLES.get(str(party.get("role")), tx(str(party.get("role")), str(party.get("role")), str(party.get("role"))))[lang]
    owner_of = party.get("owner_of")
    if owner_of and owner_of in by_path:
        owned = by_path[owner_of]
        owned_role = _ROLES.get(str(owned.get("role")), _ROLES["end_user"])[lang]
        role = role + _OWNER_VIA[lang].format(role=owned_role)
    return role, str(party.get("name") or "")


def _pack_list(pack_ids: list[str], lang: str) -> str:
    """The packs by id in English; in Chinese by the announcement each encodes, joined with 、 — the one naming of the
    determination's coverage note and audit verify's notes (rules.packs.pack_name), never by id."""
    if lang == "en":
        return ", ".join(pack_ids)
    from reedesk.rules.packs import pack_name

    return "、".join(pack_name(i)[lang] for i in pack_ids)


def _quoted(name: str, lang: str) -> str:
    return f"“{name}”" if lang == "en" else f"「{name}」"


def _screening_concerns(document: Mapping[str, Any]) -> list[Concern]:
    screening = document.get("screening")
    if not isinstance(screening, Mapping):
        return [Concern("party_not_screened", {"party": None}, WARNING, {l: _TEXTS["no_lists"][l] for l in _TEXTS["no_lists"]})]
    parties = [p for p in screening.get("parties") or [] if isinstance(p, Mapping)]
    by_path = {str(p.get("path")): p for p in parties}
    out: list[Concern] = []
    from_records = bool(screening.get("from_records"))
    if not from_records and not screening.get("lists") and parties:
        out.append(Concern("party_not_screened", {"party": None}, WARNING, dict(_TEXTS["no_lists"])))
        return out
    for p in parties:
        if from_records and not p.get("screened", False):
            texts = {}
            for lang in ("en", "zh-Hans", "zh-Hant"):
                role, name = _party_label(p, by_path, lang)
                texts[lang] = _TEXTS["party_not_screened"][lang].format(role=role, name=_quoted(name, lang))
            out.append(Concern("party_not_screened", {"path": p.get("path"), "role": p.get("role"), "name": p.get("name")},
                               WARNING, texts))
        for h in p.get("hits") or []:
            if not isinstance(h, Mapping) or h.get("decision") is not None:
                continue
            params = {"path": p.get("path"), "role": p.get("role"), "name": p.get("name"),
                      "list": h.get("list_id"), "entry": h.get("entry_id"), "entry_name": h.get("entry_name"),
                      "score": None if h.get("score") is None else str(h.get("score"))}
            list_names = _list_names(screening, str(h.get("list_id")))
            texts = {}
            for lang in ("en", "zh-Hans", "zh-Hant"):
                role, name = _party_label(p, by_path, lang)
                entry = (h.get("entry_name_zh") if lang != "en" and h.get("entry_name_zh") else h.get("entry_name")) or h.get("entry_id")
                texts[lang] = _TEXTS["screening_hit_undecided"][lang].format(
                    role=role, name=_quoted(name, lang), entry=_quoted(str(entry), lang),
                    list=list_names.get(lang) or str(h.get("list_id")), score=params["score"] or "?")
            out.append(Concern("screening_hit_undecided", params, WARNING, texts))
    return out


def _list_names(screening: Mapping[str, Any], list_id: str) -> dict[str, str]:
    for lst in screening.get("lists") or []:
        if isinstance(lst, Mapping) and lst.get("id") == list_id and isinstance(lst.get("name"), Mapping):
            return {k: str(v) for k, v in lst["name"].items()}
    return {}


def _missing_concerns(document: Mapping[str, Any], covered_paths: set[str]) -> list[Concern]:
    out: list[Concern] = []
    seen: set[str] = set()
    for m in document.get("missing") or []:
        if not isinstance(m, Mapping):
            continue
        path = str(m.get("field") or "")
        if path in seen:
            continue
        if path.endswith(".screening") and path[: -len(".screening")] in covered_paths:
            continue  # the undecided hit is named on its own
        seen.add(path)
        texts = {lang: _TEXTS["data_missing"][lang].format(field=field_label(path, lang), why=readable(_pick(m, lang), lang)).strip()
                 for lang in ("en", "zh-Hans", "zh-Hant")}
        out.append(Concern("data_missing", {"field": path, "needed_by": m.get("needed_by")}, WARNING, texts))
    return out


def _review_concerns(document: Mapping[str, Any], today: date) -> list[Concern]:
    by_date: dict[str, list[str]] = {}
    for p in document.get("packs") or []:
        if not isinstance(p, Mapping) or not p.get("reviewed_until"):
            continue
        try:
            reviewed = date.fromisoformat(str(p["reviewed_until"]))
        except ValueError:
            continue
        if reviewed < today:
            by_date.setdefault(reviewed.isoformat(), []).append(str(p.get("id")))
    out = []
    for day in sorted(by_date):
        packs = sorted(by_date[day])
        template = _TEXTS["rules_reviewed_until" if len(packs) > 1 else "rules_reviewed_until_one"]
        texts = {lang: template[lang].format(count=len(packs), packs=_pack_list(packs, lang), date=day)
                 for lang in ("en", "zh-Hans", "zh-Hant")}
        out.append(Concern("rules_reviewed_until", {"date": day, "packs": packs, "today": today.isoformat()}, INFO, texts))
    return out


def _reading_concerns(document: Mapping[str, Any]) -> list[Concern]:
    readings = [r for r in document.get("readings") or [] if isinstance(r, Mapping)]
    primary = next((r for r in readings if r.get("primary")), None)
    primary_outcome = (primary or {}).get("outcome") or document.get("outcome")
    out = []
    for r in readings:
        if r.get("primary") or r.get("outcome") is None or r.get("outcome") == primary_outcome:
            continue
        texts = {lang: _TEXTS["reading_changes_outcome"][lang].format(
                     reading=_pick(r.get("description"), lang).rstrip("。. ") or str(r.get("id")),
                     outcome=_outcome_name(r.get("outcome"), lang), primary=_outcome_name(primary_outcome, lang))
                 for lang in ("en", "zh-Hans", "zh-Hant")}
        out.append(Concern("reading_changes_outcome",
                           {"reading": r.get("id"), "point": r.get("point"), "pack": r.get("pack"), "status": r.get("status"),
                            "outcome": r.get("outcome"), "primary_outcome": primary_outcome}, WARNING, texts))
    return out


def concerns_for(document: Mapping[str, Any], *, today: date | None = None) -> list[Concern]:
    """Every point to note in an expanded determination, most pressing first:
    screening, missing data, readings that change the outcome, then rule-pack review dates."""
    day = today or date.today()
    screening = _screening_concerns(document)
    covered = {str(c.params.get("path")) for c in screening if c.params.get("path")}
    return (screening + _missing_concerns(document, covered) + _reading_concerns(document)
            + _review_concerns(document, day))


def concerns_text(concerns: Iterable[Concern], language: str = "en") -> list[str]:
    """The sentences of ``concerns`` in ``language`` (for a dialog or a pack)."""
    return [c.text(language) for c in concerns]

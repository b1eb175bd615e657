"""What the current engine answers for a determination an older engine made.

A determination re-runs with the engine version it names (``reproduce_with_engine``), so a stored 3.4.0 document
keeps its bytes after an upgrade. The same property lets anyone who writes the document themselves pick an older
engine's reading — one the later engines corrected (docs/determination.md, "Engine 3.5.0" …) — and still have it
"reproduce". ``reedesk verify`` (the ``rules_reproduce`` check) and ``reedesk audit verify`` (beside the re-run of
every stored determination, reported apart from the hash and signature checks) therefore also ask the current
engine, on the same snapshot, packs, screening and licences, and say so when its answer differs: the reader sees
that the reading is superseded, whether the document is an honest old one or a chosen one.

"Its answer" is the legal basis, not the outcome alone (REVIEW8b 3): the outcome, the decisive rule(s), the outcome
under each declared reading, the data an insufficient-data answer asks for, and the licence check (whether one is
needed, whether a licence covers the export, the licence named and why one does not cover). A determination with the same outcome on another rule is superseded too.

Every older engine is asked, the frozen 0.1.0 engine (1.x, ``reedesk.rules.v1``) included (REVIEW8b 1): its
document embeds its dossier in the 0.1 form of ``reedesk.dossier/1`` (the 0.2 fields are additive, so the current
reader takes it as it is) and the 0.1.0 packs, which the current pack parser reads too (``resources/rules-released``,
``services.audit._parse_released``). That engine evaluated no declared readings and no licence register, so for its
documents the outcome and the decisive rules are compared. When the current engine cannot read a document's inputs
at all, :attr:`CurrentReading.unread` says why, and the reports say so rather than keep silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Sequence

from reedesk.vocabulary import LANGUAGES, Coded, coded_error, labels

SECTION = "current_reading"  # [current_reading.*] in resources/vocabulary/messages.toml: the clauses below


def _say(code: str, **params: Any) -> Coded:
    return Coded(SECTION, code, **params)


@dataclass(frozen=True)
class CurrentReading:
    """The current engine's answer beside an older engine's determination.

    ``differences``: one clause each (:class:`Coded`, in the three languages) for what the current engine answers
    otherwise; empty when it answers the same. ``unread``: why the current engine could not answer (then no
    differences are known); ``outcome``: the current engine's outcome, when it answered."""

    made_by: str
    current: str
    outcome: str | None = None
    differences: tuple[Coded, ...] = ()
    unread: Coded | None = None
    kinds: tuple[str, ...] = field(default=(), compare=False)  # "outcome", "decisive", "reading", "missing", "licence"

    @property
    def superseded(self) -> bool:
        return bool(self.differences)

    def said(self) -> dict[str, str]:
        """The differences as one clause in each language ("…; …" / "…；…")."""
        glue = {"en": "; ", "zh-Hant": "；", "zh-Hans": "；"}
        return {lang: glue[lang].join(d.text(lang) for d in self.differences) for lang in LANGUAGES}


def older_engine(document: Mapping[str, Any]) -> str | None:
    """The engine version ``document`` names when it is an older one this reedesk re-runs (1.x, 3.0.0–3.5.0);
    None for the current engine's documents (nothing to ask) and unknown versions (they do not re-run at all)."""
    from reedesk.rules import OTHER_SHAPE_ENGINE_VERSIONS, V1_ENGINE_VERSIONS, engine, engine_version_of

    made_by = engine_version_of(dict(document))
    if made_by is None or made_by == engine.ENGINE_VERSION:
        return None
    return made_by if made_by in OTHER_SHAPE_ENGINE_VERSIONS or made_by in V1_ENGINE_VERSIONS else None


def current_reading(document: dict[str, Any], packs: Sequence[Any]) -> CurrentReading | None:
    """The current engine's answer for ``document``, when an older engine made it (None for the current engine's
    own documents). ``document``: a determination with its snapshot attached, as
    :func:`reedesk.rules.reproduce_with_engine` takes it (it has reproduced: the caller checked it first);
    ``packs``: the rule packs it names, parsed by the current parser (:func:`reedesk.rules.packs.parse_pack`).

    Costs one evaluation by the current engine and two decodings (3–6 ms a document on the 58 documents engine
    3.2.0 recorded), for older documents only."""
    from reedesk.rules import V1_ENGINE_VERSIONS, engine

    made_by = older_engine(document)
    if made_by is None:
        return None
    current = engine.ENGINE_VERSION
    if any(p is None for p in packs):
        return CurrentReading(made_by, current, unread=_say("packs_unread"))
    try:
        dossier = document["dossier"]
        snapshot = dossier["snapshot"]
        as_of = date.fromisoformat(document["as_of"])
    except (KeyError, TypeError, ValueError):
        return CurrentReading(made_by, current, unread=_say("no_inputs"))
    try:
        now = engine.evaluate(snapshot, list(packs), as_of, revision=dossier.get("revision"),
                              screening=document.get("screening"), licences=tuple(document.get("licence_records") or ()))
    except Exception as exc:  # noqa: BLE001 — a dossier the current engine refuses is said, never a crash
        return CurrentReading(made_by, current, unread=_problem(exc))
    by_id = _named_packs(now, packs)
    try:
        then_full = _decoded(document, _named_packs(document, packs))
        now_full = _decoded(now, by_id)
        differences, kinds = _differences(then_full, now_full, by_id, first_engine=made_by in V1_ENGINE_VERSIONS)
    except Exception as exc:  # noqa: BLE001 — as above: the comparison could not be made; say why
        return CurrentReading(made_by, current, outcome=_str(now.get("outcome")), unread=_problem(exc))
    return CurrentReading(made_by, current, outcome=_str(now.get("outcome")), differences=tuple(differences),
                          kinds=tuple(kinds))


def superseded_outcome(document: dict[str, Any], packs: Sequence[Any]) -> tuple[str, str] | None:
    """``(made_by, current outcome)`` when an older engine made ``document`` and the current engine gives another
    outcome on the same inputs (the session-8 question; :func:`current_reading` compares the whole legal basis)."""
    found = current_reading(document, packs)
    if found is None or found.outcome is None or "outcome" not in found.kinds:
        return None
    return found.made_by, found.outcome


# --- the comparison ---------------------------------------------------------------------------------------------

def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _problem(exc: BaseException) -> Coded:
    """Why the current engine could not answer: the error's own coded sentence when it has one, else its kind."""
    from reedesk.errors import ValidationFailed
    from reedesk.vocabulary import problem_text

    said = coded_error(exc)
    if isinstance(said, Coded):
        return _say("refused", problem=said)
    if isinstance(exc, ValidationFailed) and exc.problems:  # a refused snapshot: its problems in the reader's language
        glue = {"en": "; ", "zh-Hant": "；", "zh-Hans": "；"}
        return _say("refused", problem={lang: glue[lang].join(problem_text(p, lang).rstrip("。.") for p in exc.problems[:5])
                                        for lang in LANGUAGES})
    return _say("crashed", kind=type(exc).__name__)


def _named_packs(document: Mapping[str, Any], packs: Sequence[Any]) -> dict[str, Any]:
    """pack id → parsed pack, for the packs ``document`` names (by SHA-256; any version of the id otherwise)."""
    named = {p.get("sha256") for p in document.get("packs") or [] if isinstance(p, dict)}
    found = {p.id: p for p in packs if p.sha256 in named}
    for p in packs:
        found.setdefault(p.id, p)
    return found


def _decoded(document: dict[str, Any], by_id: Mapping[str, Any]) -> dict[str, Any]:
    """The facts of ``document`` in one shape (shape 1: every reading with its id and outcome, the licence check
    written out); a 0.1.0 document (``reedesk.determination/1``) is already that."""
    from reedesk.rules.compact import decode
    from reedesk.rules.render import FACTS_SCHEMA

    if document.get("schema") != FACTS_SCHEMA:
        return document
    return decode(document, by_id)


def _readings(document: Mapping[str, Any]) -> dict[tuple[Any, Any, Any], dict[str, Any]] | None:
    """Each declared (alternative) reading by (pack, open point, reading id); None when the document lists none."""
    listed = document.get("readings")
    if not isinstance(listed, list):
        return None
    return {(r.get("pack"), r.get("point"), r.get("id")): r for r in listed if isinstance(r, dict) and not r.get("primary")}


def _licence(document: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What the licence check found: (covers, licence number, why not, sorted); None when no check was made."""
    licence = document.get("licence")
    if not isinstance(licence, dict):
        return None
    why = tuple(sorted(str(f.get("code")) for f in licence.get("failures") or [] if isinstance(f, dict)))
    return bool(licence.get("covers")), licence.get("number"), why


def _differences(then: Mapping[str, Any], now: Mapping[str, Any], by_id: Mapping[str, Any], *,
                 first_engine: bool) -> tuple[list[Coded], list[str]]:
    found: list[Coded] = []
    kinds: list[str] = []
    if then.get("outcome") != now.get("outcome"):
        found.append(_say("outcome", now=now.get("outcome"), now_name=labels("outcome", _str(now.get("outcome"))),
                          then=then.get("outcome"), then_name=labels("outcome", _str(then.get("outcome")))))
        kinds.append("outcome")
    then_rules, now_rules = _rule_list(then.get("decisive")), _rule_list(now.get("decisive"))
    if set(then_rules) != set(now_rules):
        code = "decisive" if then_rules and now_rules else "decisive_new" if now_rules else "decisive_none"
        found.append(_say(code, now_rules=_rules_said(now_rules, by_id), then_rules=_rules_said(then_rules, by_id)))
        kinds.append("decisive")
    if first_engine:  # engine 1.x evaluated no declared readings and no licence register: nothing of them to compare
        return found, kinds
    then_readings, now_readings = _readings(then) or {}, _readings(now) or {}
    for key in list(now_readings) + [k for k in then_readings if k not in now_readings]:
        was, is_now = then_readings.get(key, {}).get("outcome"), now_readings.get(key, {}).get("outcome")
        # A reading that gave the primary outcome then and gives it now moved with the outcome, already said.
        follows = "outcome" in kinds and was == then.get("outcome") and is_now == now.get("outcome")
        if was != is_now and not follows:
            found.append(_say("reading", pack=key[0], point=key[1], reading=key[2],
                              description=_reading_text(by_id, key, now_readings.get(key) or then_readings.get(key) or {}),
                              now=is_now, now_name=_outcome_said(is_now), then=was, then_name=_outcome_said(was)))
            kinds.append("reading")
    if then.get("outcome") == now.get("outcome") == "insufficient_data":  # the same answer asking for other data
        then_fields, now_fields = _fields(then), _fields(now)
        if set(then_fields) != set(now_fields):
            found.append(_say("missing", now_fields=_fields_said(now_fields), then_fields=_fields_said(then_fields)))
            kinds.append("missing")
    then_licence, now_licence = _licence(then), _licence(now)
    # A licence check is made when the outcome needs a licence: one made on one side only follows an outcome said above.
    both = then_licence is not None and now_licence is not None
    if then_licence != now_licence and (both or "outcome" not in kinds):
        found.append(_say("licence", now_licence=_licence_said(now), then_licence=_licence_said(then)))
        kinds.append("licence")
    return found, kinds


def _fields(document: Mapping[str, Any]) -> list[str]:
    """The fields an insufficient-data determination asks for (its missing-data list), in its order, once each."""
    listed = [str(m.get("field")) for m in document.get("missing") or [] if isinstance(m, dict) and m.get("field")]
    return list(dict.fromkeys(listed))


def _fields_said(fields: list[str]) -> dict[str, str]:
    """Fields as the reader knows them: in English by path (as scripts read them), in Chinese as the window names
    them (:func:`reedesk.vocabulary.path_place`)."""
    from reedesk.vocabulary import path_place

    if not fields:
        return {lang: _say("no_field").text(lang) for lang in LANGUAGES}
    return {"en": ", ".join(fields), "zh-Hant": "、".join(path_place(f, "zh-Hant") for f in fields),
            "zh-Hans": "、".join(path_place(f, "zh-Hans") for f in fields)}


def _rule_list(value: Any) -> list[str]:
    return [str(r) for r in value] if isinstance(value, list) else []


def _rules_said(rules: list[str], by_id: Mapping[str, Any]) -> dict[str, str]:
    """Rules as the reader knows them: in English by id and citation, in Chinese by the citation alone."""
    from reedesk.rules.render import PackTexts

    cite = PackTexts(dict(by_id))
    said: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for rule in rules:
        try:
            text = cite("@cite", {"rule": rule})
        except Exception:  # noqa: BLE001 — a rule of no pack here is named by its id (a rule id is no English word)
            text = {lang: rule for lang in LANGUAGES}
        said["en"].append(f"{rule} ({text['en']})")
        for lang in LANGUAGES[1:]:
            said[lang].append(text.get(lang) or rule)
    return {"en": ", ".join(said["en"]), "zh-Hant": "、".join(said["zh-Hant"]), "zh-Hans": "、".join(said["zh-Hans"])}


def _outcome_said(outcome: Any) -> dict[str, str]:
    if not isinstance(outcome, str):  # a reading the engine does not model has no outcome
        return {lang: _say("no_outcome").text(lang) for lang in LANGUAGES}
    return labels("outcome", outcome)


def _reading_text(by_id: Mapping[str, Any], key: tuple[Any, Any, Any], entry: Mapping[str, Any]) -> dict[str, str]:
    """A declared reading in its pack's words (the reading's description), the id when the pack is not here."""
    pack = by_id.get(key[0])
    for point in getattr(pack, "open_points", ()) or ():
        if point.id == key[1]:
            for reading in point.readings:
                if reading.id == key[2]:
                    return {lang: dict(reading.description).get(lang) or str(key[2]) for lang in LANGUAGES}
    described = entry.get("description")
    if isinstance(described, dict) and all(isinstance(described.get(lang), str) for lang in LANGUAGES):
        return {lang: described[lang] for lang in LANGUAGES}
    return {lang: str(key[2]) for lang in LANGUAGES}


def _licence_said(document: Mapping[str, Any]) -> Coded:
    licence = document.get("licence")
    if not isinstance(licence, dict):
        return _say("licence_not_checked")
    if licence.get("covers"):
        return _say("licence_covers", number=str(licence.get("number") or "?"))
    why: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for failure in licence.get("failures") or []:
        if not isinstance(failure, dict):
            continue
        text = failure.get("text") if isinstance(failure.get("text"), dict) else {}
        for lang in LANGUAGES:  # reedesk's own sentences of the licence check, in the three languages
            said = text.get(lang)
            if isinstance(said, str):
                why[lang].append(said.rstrip("。."))
    if not any(why.values()):
        return _say("licence_not_covering_plain")
    return _say("licence_not_covering", why={"en": "; ".join(why["en"]), "zh-Hant": "；".join(why["zh-Hant"]),
                                             "zh-Hans": "；".join(why["zh-Hans"])})

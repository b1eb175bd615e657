"""Render a stored determination into its full, readable 0.1-shaped form (contract C1).

Why: stored determinations are *facts* documents (``reedesk.determination/2``) whose
sentences are message references (:mod:`reedesk.rules.messages`) and whose citations name
the pack rule instead of copying its text. Every consumer that displays one calls
:func:`expand` first and reads prose only from its result. Hashes and signatures are
always over the stored bytes, never over the expanded view.
"""

from __future__ import annotations

from typing import Any

from reedesk.errors import ReedeskError
from reedesk.rules.messages import TextsPack, is_message, render, texts_by_sha256, using_texts

FACTS_SCHEMA = "reedesk.determination/2"
# Fields that are data, never prose: copied as they are.
_AS_IS = ("schema", "engine", "as_of", "dossier", "packs", "texts", "precedence", "decisive", "screening",
          "licence_records", "outcome")


def texts_of(document: dict[str, Any]) -> TextsPack:
    """The texts pack a facts determination names, found by its SHA-256 among the shipped ones."""
    named = document.get("texts") if isinstance(document.get("texts"), dict) else {}
    sha = named.get("sha256")
    pack = texts_by_sha256(sha) if isinstance(sha, str) else None
    if pack is None:
        raise ReedeskError(f"The determination's sentences come from texts pack {named.get('id')!r} "
                           f"{named.get('version')!r} (SHA-256 {sha}), which this reedesk does not carry unchanged, "
                           "so its prose cannot be shown exactly.")
    return pack


class PackTexts:
    """The rule packs a facts determination names (by SHA-256), as the answer to ``@``-messages:
    a rule's citation, reading and unverified points, a pack's, an open point's readings."""

    def __init__(self, packs: dict[str, Any]) -> None:
        self.packs = packs  # pack id -> RulePack

    @classmethod
    def of(cls, document: dict[str, Any]) -> "PackTexts":
        from reedesk.rules.packs import known_pack

        packs: dict[str, Any] = {}
        for named in document.get("packs") or []:
            pack = known_pack(named.get("sha256", ""))
            if pack is None:
                raise ReedeskError(f"The determination cites rule pack {named.get('id')!r} {named.get('version')!r} "
                                   f"(SHA-256 {named.get('sha256')}), which this reedesk has not loaded, so its "
                                   "citations cannot be shown; import the pack first.")
            packs[pack.id] = pack
        return cls(packs)

    def rule(self, rule_id: str) -> tuple[Any, Any]:
        pack_id, _, article = rule_id.partition(":")
        pack = self.packs.get(pack_id)
        if pack is None:
            raise ReedeskError(f"The determination names rule {rule_id!r} of a pack it does not list.")
        for spec in pack.rules:
            if spec.article == article:
                return pack, spec
        raise ReedeskError(f"Rule pack {pack_id} {pack.version} has no article {article!r} (named by the determination).")

    def reading(self, pack_id: str, point_id: str, reading_id: str) -> tuple[Any, Any]:
        pack = self.packs.get(pack_id)
        for point in (pack.open_points if pack is not None else ()):
            if point.id == point_id:
                for reading in point.readings:
                    if reading.id == reading_id:
                        return point, reading
        raise ReedeskError(f"Rule pack {pack_id!r} declares no reading {reading_id!r} of open point {point_id!r}.")

    def __call__(self, key: str, params: Any) -> dict[str, str]:
        from reedesk.rules import engine

        if key == "@cite":
            return _plain(engine._citation(*self.rule(params["rule"]))["text"])
        if key == "@reading":
            return engine._reading(self.rule(params["rule"])[1]) or {}
        if key == "@unverified":
            spec = self.rule(params["rule"])[1]
            return engine._unverified_text(spec.unverified, spec.unverified_zh, spec.unverified_zh_hant)[params["i"]]
        if key == "@pack_unverified":
            pack = self.packs[params["pack"]]
            return engine._unverified_text(pack.unverified, pack.unverified_zh, pack.unverified_zh_hant)[params["i"]]
        if key == "@items":
            pack = self.packs[params["pack"]]
            sets = [pack.items[name] for name in params["sets"]]
            return {"en": " or ".join(s.label_en for s in sets), "zh-Hans": "或".join(s.label_zh for s in sets),
                    "zh-Hant": "或".join(s.label_zh_hant for s in sets)}
        if key == "@rate_rule":  # engine 3.6.0: the value rule's rate rule, in its pack's words
            p = self.rule(params["rule"])[1].params
            return {"en": p["rate_rule_en"], "zh-Hans": p["rate_rule_zh"], "zh-Hant": p.get("rate_rule_zh_hant", p["rate_rule_zh"])}
        if key == "@articles":  # reedesk-texts-2: the articles a policy rule qualifies, as the pack names them
            pack, spec = self.rule(params["rule"])
            named = [engine.article_text(s) for a in spec.params["applies_to"] for s in pack.rules if s.article == a]
            return {"en": ", ".join(n["en"] for n in named), "zh-Hans": "、".join(n["zh-Hans"] for n in named),
                    "zh-Hant": "、".join(n["zh-Hant"] for n in named)}
        if key == "@field":  # reedesk-texts-2: a dossier field as the window names it (reedesk.field_labels)
            from reedesk.field_labels import label

            return {lang: label(params["path"], lang) for lang in ("en", "zh-Hans", "zh-Hant")}
        if key == "@reading_if":
            _, reading = self.reading(params["pack"], params["point"], params["reading"])
            return dict(reading.condition) if reading.condition else dict(reading.description)
        raise ReedeskError(f"Unknown message reference {key!r} in the determination.")


def _plain(text: Any) -> dict[str, str]:
    return render(text) if is_message(text) else text


def process_resolver(key: str, params: Any) -> dict[str, str]:
    """``@``-messages rendered while a determination is being made (engine code that composes
    prose): the packs this process has parsed, newest version per id."""
    from reedesk.rules.packs import _KNOWN

    # Newest version per id first; when a newer pack parsed in this process (an imported one) lacks the
    # rule or reading the message names, the older versions are asked in turn, newest first.
    by_age = sorted(_KNOWN.values(), key=lambda p: p.version_key, reverse=True)
    rounds: list[dict[str, Any]] = []
    for pack in by_age:
        for chosen in rounds:
            if pack.id not in chosen:
                chosen[pack.id] = pack
                break
        else:
            rounds.append({pack.id: pack})
    problem: ReedeskError | None = None
    seen: dict[str, Any] = {}
    for chosen in rounds:
        seen = {**seen, **chosen}
        try:
            return PackTexts(seen)(key, params)
        except ReedeskError as exc:
            problem = problem or exc
    raise problem or ReedeskError(f"No rule pack in this process answers the message reference {key!r}.")


def _walk(value: Any, pack: TextsPack, resolve: PackTexts) -> Any:
    if isinstance(value, dict):
        if is_message(value):
            extra = {k: _walk(v, pack, resolve) for k, v in value.items() if k not in ("t", "p")}
            return {**extra, **render(value, pack, resolve)}
        return {k: _walk(v, pack, resolve) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, pack, resolve) for v in value]
    return value


def _finding(f: dict[str, Any], packs: PackTexts, texts: TextsPack) -> dict[str, Any]:
    """A finding with its pack texts back: citation, reading, unverified points (0.1 fields)."""
    from reedesk.rules import engine

    pack, spec = packs.rule(f["rule"])
    out = dict(f)
    out["citation"] = _walk(engine._citation(pack, spec), texts, packs)
    out["reading"] = engine._reading(spec)
    out["unverified"] = list(spec.unverified)
    out["unverified_text"] = engine._unverified_text(spec.unverified, spec.unverified_zh, spec.unverified_zh_hant)
    return _walk(out, texts, packs)


def _reading_entry(r: dict[str, Any], packs: PackTexts, texts: TextsPack) -> dict[str, Any]:
    """A readings entry with its descriptions from the pack's open point (FORMATS.md 0.2)."""
    from reedesk.rules.readings import STATUS

    out = dict(r)
    if r.get("primary"):
        points = []
        for p in r.get("points", []):
            _, reading = packs.reading(p["pack"], p["point"], p["reading"])
            points.append({**p, "description": dict(reading.description)})
        out["points"] = points
    elif r.get("point") is not None:
        point, reading = packs.reading(r["pack"], r["point"], r["id"])
        out["point_text"] = dict(point.text)
        out["description"] = dict(reading.description)
        out["if"] = dict(reading.condition) if reading.condition else dict(reading.description)
        out["status_text"] = STATUS.get(reading.status) or {lang: reading.status for lang in ("en", "zh-Hans", "zh-Hant")}
    return _walk(out, texts, packs)


def expand(document: dict[str, Any], snapshot: dict[str, Any] | None = None) -> dict[str, Any]:
    """The 0.1-shaped determination for ``document`` (any stored schema version): every
    prose field as {"en", "zh-Hans", "zh-Hant"}, citations and readings' descriptions from
    the packs it names. ``reedesk.determination/1`` documents are returned unchanged.
    A stored shape-4 document (engine 3.3.0) has no dossier snapshot: give it (``snapshot``, checked
    against ``dossier.sha256``) or pass the attached form (:func:`reedesk.rules.shape4.attach_snapshot`);
    the result has ``dossier.snapshot`` as every 0.1 document.
    Raises :class:`ReedeskError` when a facts document names a texts pack or rule pack
    this reedesk does not carry or has not loaded, or is shape 4 without (or with another) snapshot."""
    if not isinstance(document, dict) or document.get("schema") != FACTS_SCHEMA:
        return document
    from reedesk.rules.compact import decode

    if snapshot is not None:
        from reedesk.rules.shape4 import attach_snapshot

        document = attach_snapshot(document, snapshot)

    texts = texts_of(document)
    packs = PackTexts.of(document)
    with using_texts(texts):  # a step decode derives again (deminimis.convert_step) is worded as the document's texts pack
        document = decode(document, packs.packs)  # shape 4, 3, 2 → shape 1; shape 1 as it is
    out: dict[str, Any] = {}
    for key, value in document.items():
        if key == "shape":
            continue
        if key in _AS_IS:
            out[key] = value
        elif key == "findings":
            out[key] = [_finding(f, packs, texts) for f in value]
        elif key == "readings":
            out[key] = [_reading_entry(r, packs, texts) for r in value]
        else:
            out[key] = _walk(value, texts, packs)
    return out

"""Stored shape 4 of a facts determination (engine 3.3.0): shape 3 without what the revision and the packs hold.

Why (issue 13, the stored 20-line determination ≤ 8 KB): shape 3 still copies the dossier snapshot
(its hash ``dossier.sha256`` already binds it, and the revision row / the evidence pack's
``dossier-snapshot.json`` hold it), each pack's ``reviewed_until`` (the pack named by SHA-256 gives it) and
each finding's ``kind`` (its rule gives it) and the commonest ``result``. Shape 4 leaves them out of the
**stored bytes**.

Two forms of a shape-4 document exist in memory:

- the *stored* form (:func:`stored_form`): exactly what is hashed, signed, stored and embedded
  (``determination.json``): ``dossier`` = ``{"reference", "revision", "sha256"}``;
- the *attached* form: the stored form plus ``dossier.snapshot``, the snapshot checked against
  ``dossier.sha256`` (:func:`attach_snapshot`) — what :func:`reedesk.rules.engine.evaluate` returns (it
  has the snapshot's bytes and hash already, so nothing is canonicalised again) and what the load
  boundaries (the store's read of a determination, the evidence reader/verifier, ``audit verify``'s
  re-runs) hand on. Decoding and ``expand`` need it; a shape-4 document without a snapshot is refused
  with a coded error (``determination_snapshot_not_given``), never a KeyError.

Hashes are always over the stored form: :func:`stored_bytes` / ``engine.determination_sha256``.
Shape 4's decoder (:func:`decode4`) gives back the shape-3 document exactly (the golden test checks it).
"""

from __future__ import annotations

import hashlib
import weakref
from typing import Any, Mapping

from reedesk.rules.memo import remember
from reedesk.errors import ReedeskError

SHAPE = 4
# The result a shape-4 finding without "result" had (the commonest: most rules of a pack do not apply).
DEFAULT_RESULT = "does_not_apply"
# Each finding's ``kind`` (its rule, found in the pack named by SHA-256, has it) and a ``result`` that is
# DEFAULT_RESULT are left out; readers of the stored bytes that use them read through decode or findings_of.
LEAN_FINDINGS = True


def _dossier(document: Mapping[str, Any]) -> dict[str, Any]:
    dossier = document.get("dossier") if isinstance(document, Mapping) else None
    return dossier if isinstance(dossier, dict) else {}


def has_snapshot(document: Mapping[str, Any]) -> bool:
    """True when ``document`` carries its dossier snapshot (every shape before 4; shape 4 attached)."""
    return isinstance(_dossier(document).get("snapshot"), dict)


def stored_form(document: dict[str, Any]) -> dict[str, Any]:
    """The stored (hashed, signed) form of ``document``: for shape 4, without ``dossier.snapshot``;
    any other document as it is. Never changes ``document``."""
    if not isinstance(document, dict) or document.get("shape") != SHAPE:
        return document
    dossier = _dossier(document)
    if "snapshot" not in dossier:
        return document
    out = dict(document)
    out["dossier"] = {k: v for k, v in dossier.items() if k != "snapshot"}
    return out


def stored_bytes(document: dict[str, Any]) -> bytes:
    """RFC 8785 bytes of :func:`stored_form` — what the store keeps and signatures bind."""
    from reedesk.domain.dossier_file import canonical_bytes

    return canonical_bytes(stored_form(document))


def _names(document: Mapping[str, Any]) -> dict[str, Any]:
    dossier = _dossier(document)
    return {"reference": dossier.get("reference") or "-", "revision": dossier.get("revision") if dossier.get("revision") is not None else "-"}


def attach_snapshot(document: dict[str, Any], snapshot: Any, *, snapshot_bytes: bytes | None = None) -> dict[str, Any]:
    """``document`` (a stored determination of any shape) with its dossier snapshot, for decoding and ``expand``.

    For shape 4: checks that the SHA-256 of the snapshot's canonical bytes (``snapshot_bytes`` when the
    caller has them — a revision row's text, a pack's ``dossier-snapshot.json`` — else computed) is the
    document's ``dossier.sha256``, and returns a new document with ``dossier.snapshot``; a mismatch is a
    coded :class:`ReedeskError` (``determination_snapshot_mismatch``) naming the dossier and revision. Older shapes carry
    their own snapshot and are returned as they are. Never changes ``document``."""
    if not isinstance(document, dict) or document.get("shape") != SHAPE:
        return document
    dossier = _dossier(document)
    if snapshot_bytes is None:
        from reedesk.domain.dossier_file import canonical_bytes

        if not isinstance(snapshot, dict):
            raise ReedeskError.coded("determination_snapshot_not_given", **_names(document))
        snapshot_bytes = canonical_bytes(snapshot)
    if not isinstance(snapshot, dict):
        import json

        try:
            snapshot = json.loads(snapshot_bytes)
        except ValueError:
            snapshot = None
        if not isinstance(snapshot, dict):
            raise ReedeskError.coded("determination_snapshot_not_given", **_names(document))
    actual = hashlib.sha256(snapshot_bytes).hexdigest()
    if actual != dossier.get("sha256"):
        raise ReedeskError.coded("determination_snapshot_mismatch", **_names(document), actual=actual[:16],
                                 recorded=str(dossier.get("sha256"))[:16])
    out = dict(document)
    out["dossier"] = {**dossier, "snapshot": snapshot}
    return out


def require_snapshot(document: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot of a determination, or a coded error for a shape-4 document given without it."""
    snapshot = _dossier(document).get("snapshot")
    if not isinstance(snapshot, dict):
        raise ReedeskError.coded("determination_snapshot_not_given", **_names(document))
    return snapshot


def _pack_of(packs: Mapping[str, Any], named: Mapping[str, Any]) -> Any:
    pack = packs.get(named.get("id")) if isinstance(named.get("id"), str) else None
    if pack is None or getattr(pack, "sha256", None) != named.get("sha256"):
        from reedesk.rules.packs import known_pack

        pack = known_pack(str(named.get("sha256")))
    return pack if pack is not None and pack.sha256 == named.get("sha256") else None


# Per pack object: its reviewed_until and its rules' kinds by article, found once — encode4 runs in every
# evaluation (it must add no CPU to it, issue 13). Keyed by id() with a weak reference that proves the object is
# still the same one (a patched pack of a reading keeps the SHA-256 of the pack it patches, so not by SHA-256).
_FACTS: dict[int, tuple[Any, Any, dict[str, str]]] = {}


def _facts(pack: Any) -> tuple[Any, dict[str, str]]:
    found = _FACTS.get(id(pack))
    if found is None or found[0]() is not pack:
        kinds: dict[str, str] = {}
        for spec in pack.rules:
            kinds.setdefault(spec.article, spec.kind)  # the first rule of an article, as a lookup by rule id finds it
        try:
            ref = weakref.ref(pack)
        except TypeError:
            return pack.summary().get("reviewed_until"), kinds
        found = remember(_FACTS, id(pack), (ref, pack.summary().get("reviewed_until"), kinds), 4096)
    return found[1], found[2]


def _reviewed_until(pack: Any) -> Any:
    return _facts(pack)[0]


def _kind(packs: Mapping[str, Any], rule_id: Any) -> str | None:
    """The kind of the rule ``rule_id`` ("pack:article") in ``packs`` (id -> RulePack), None when not there."""
    if not isinstance(rule_id, str):
        return None
    pack_id, _, article = rule_id.partition(":")
    pack = packs.get(pack_id)
    return _facts(pack)[1].get(article) if pack is not None else None


def encode4(three: dict[str, Any], by_id: Mapping[str, Any]) -> dict[str, Any]:
    """Shape 4 (attached form: the snapshot stays in memory, :func:`stored_form` drops it) of a shape-3
    document. Keys only dropped, each only where its reader derives exactly the same value again."""
    out = dict(three)
    out["shape"] = SHAPE
    packs = by_id
    if isinstance(three.get("packs"), list):
        out["packs"], packs = lean_packs(three["packs"], by_id)
    if LEAN_FINDINGS and isinstance(three.get("findings"), list):
        out["findings"] = [lean_finding(f, packs) for f in three["findings"]]
    return out


def lean_packs(named_packs: list[Any], by_id: Mapping[str, Any]) -> tuple[list[Any], Mapping[str, Any]]:
    """The ``packs`` list of a shape-4 document (each entry without a ``reviewed_until`` its pack gives) and the
    packs its findings' kinds are read from (``by_id`` with the packs the list names by SHA-256 over it)."""
    chosen: dict[str, Any] = {}
    out = []
    for named in named_packs:
        if isinstance(named, dict) and "reviewed_until" in named:
            pack = _pack_of(by_id, named)
            if pack is not None:
                chosen[pack.id] = pack
                if _reviewed_until(pack) == named["reviewed_until"]:
                    named = {k: v for k, v in named.items() if k != "reviewed_until"}
        out.append(named)
    return out, {**by_id, **chosen}


# reedesk-texts-2 (session 9): a policy rule none of whose control rules applies names them through its own rule
# (``@articles``); shape 4 writes that explanation without its params, which follow from the finding's rule.
POLICY_NONE = "engine._policy_finding.2"


def _policy_none(rule: Any) -> dict[str, Any]:
    return {"t": POLICY_NONE, "p": {"arts": {"t": "@articles", "p": {"rule": rule}}}}


def lean_finding(f: Any, packs: Mapping[str, Any]) -> Any:
    """A shape-3 finding as shape 4 stores it: no ``kind`` its rule (in ``packs``) has, no DEFAULT_RESULT, no params
    of a POLICY_NONE explanation that its rule gives, and the value rule's rate-rule working step of engine 3.6.0 as
    the reference ``["rate_rule", "figures"]`` (below)."""
    if isinstance(f, dict):
        kind = f.get("kind")
        drop = {"kind"} if kind is not None and _kind(packs, f.get("rule")) == kind else set()
        if f.get("result") == DEFAULT_RESULT:
            drop.add("result")
        explanation = f.get("explanation")
        lean_policy = (isinstance(explanation, dict) and explanation.get("t") == POLICY_NONE
                       and type(f.get("rule")) is str and explanation == _policy_none(f["rule"]))
        if drop or lean_policy:
            f = {k: v for k, v in f.items() if k not in drop}
            if lean_policy:
                f["explanation"] = {"t": POLICY_NONE}
        steps = f.get("steps")
        if type(steps) is list and steps:
            leaned = _lean_rate_rule_step(steps, f.get("figures"))
            if leaned is not steps:
                f = {**f, "steps": STANDARD_STEPS if leaned == _standard_steps(f["figures"]) else leaned}
    return f


# Engine 3.6.0 states the value rule's rate rule in No. 61's pack words: ``figures.rate_rule`` is ``@rate_rule`` (the
# pack's rate_rule_en/_zh/_zh_hant) and its working step says the same, ``{"n", "t": "deminimis.check.11", "p":
# {"RATE_RULE": <figures.rate_rule>}}``, which the shape-2 reference ``["rate_rule"]`` (the general rule,
# deminimis.RATE_RULE, of engines before 3.6.0) is not. Shape 4 writes that step as ``["rate_rule", "figures"]``:
# only a step of exactly those keys, its ``n`` its position, its RATE_RULE the same JSON as figures.rate_rule, so the
# decoder gives back the same bytes. Documents of earlier engines never have such a step (their rate rule is
# ``["rate_rule"]`` and figures.rate_rule left out in shape 3), so their bytes are unchanged.
# And when the value rule's steps are then all references in the usual order (the scope, every line, that rate rule,
# each counted and converted line's conversion, the ratio: shape 3's ``"rows"`` but for the rate rule), the whole list
# is the string ``STANDARD_STEPS``.
RATE_RULE_STEP = "deminimis.check.11"
STANDARD_STEPS = "rows_figures_rate_rule"
_STEP_KEYS = frozenset({"n", "t", "p"})


def _standard_steps(figures: Any) -> list[Any] | None:
    """Shape 3's standard steps of the value rule's table in ``figures`` with ``["rate_rule", "figures"]`` for the
    rate rule (None: no table)."""
    table = figures.get("components") if isinstance(figures, dict) else None
    if not isinstance(table, dict):
        return None
    from reedesk.rules.compact import _standard_steps as standard

    return [["rate_rule", "figures"] if step == ["rate_rule"] else step for step in standard(table)]


def _same_json(a: Any, b: Any) -> bool:
    import orjson

    try:
        return orjson.dumps(a, option=orjson.OPT_SORT_KEYS) == orjson.dumps(b, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return False


def _lean_rate_rule_step(steps: list[Any], figures: Any) -> list[Any]:
    """``steps`` with engine 3.6.0's rate-rule step as ``["rate_rule", "figures"]`` (``steps`` itself when none is)."""
    if not isinstance(figures, dict) or "rate_rule" not in figures:
        return steps
    for i, step in enumerate(steps):
        if (isinstance(step, dict) and step.get("t") == RATE_RULE_STEP and type(step["t"]) is str
                and step.keys() == _STEP_KEYS and type(step["n"]) is int and step["n"] == i + 1):
            p = step["p"]
            if isinstance(p, dict) and p.keys() == {"RATE_RULE"} and _same_json(p["RATE_RULE"], figures["rate_rule"]):
                out = list(steps)
                out[i] = ["rate_rule", "figures"]
                return out
    return steps


def _full_rate_rule_step(f: dict[str, Any]) -> dict[str, Any]:
    """``f`` with a ``["rate_rule", "figures"]`` step written out again (what :func:`lean_finding` left out)."""
    steps, figures = f.get("steps"), f.get("figures")
    if steps == STANDARD_STEPS:
        steps = _standard_steps(figures)
    if type(steps) is not list or not isinstance(figures, dict) or "rate_rule" not in figures:
        return f
    for i, step in enumerate(steps):
        if type(step) is list and step == ["rate_rule", "figures"]:
            import orjson

            out = list(steps)
            out[i] = {"n": i + 1, "p": {"RATE_RULE": orjson.loads(orjson.dumps(figures["rate_rule"]))}, "t": RATE_RULE_STEP}
            return {**f, "steps": out}
    return f


def decode4(four: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    """The shape-3 document of an attached shape-4 ``four`` (exactly what shape 3 stored).
    ``packs``: rule pack id -> RulePack. A document without its snapshot is a coded error."""
    require_snapshot(four)
    out = dict(four)
    out["shape"] = 3
    chosen: dict[str, Any] = {}
    if isinstance(four.get("packs"), list):
        full = []
        for named in four["packs"]:
            if isinstance(named, dict):
                pack = _pack_of(packs, named)
                if pack is not None:
                    chosen[pack.id] = pack
                    if "reviewed_until" not in named:
                        named = {**named, "reviewed_until": _reviewed_until(pack)}
            full.append(named)
        out["packs"] = full
    if isinstance(four.get("findings"), list):
        out["findings"] = _restored_findings(four["findings"], {**packs, **chosen})
    return out


def _restored_findings(findings: list[Any], packs: Mapping[str, Any]) -> list[Any]:
    """``findings`` with what shape 4 left out given back: DEFAULT_RESULT where there is no ``result``, the rule's
    kind (its pack in ``packs``) where there is no ``kind``."""
    out = []
    for f in findings:
        if isinstance(f, dict) and ("kind" not in f or "result" not in f):
            f = {**f}
            f.setdefault("result", DEFAULT_RESULT)
            kind = _kind(packs, f.get("rule")) if "kind" not in f else None
            if kind is not None:  # (an unknown rule: no kind; expand names the missing pack)
                f["kind"] = kind
        if isinstance(f, dict) and f.get("explanation") == {"t": POLICY_NONE} and type(f.get("rule")) is str:
            f = {**f, "explanation": _policy_none(f["rule"])}
        if isinstance(f, dict) and "steps" in f:
            f = _full_rate_rule_step(f)
        out.append(f)
    return out


def findings_of(document: Mapping[str, Any]) -> list[Any]:
    """The findings of a stored determination as shape 3 wrote them, for readers of the stored bytes that
    do not decode (the evidence cover's key figures, the verifier's difference report, the licence application):
    in shape 4 a finding without ``result`` has DEFAULT_RESULT and one without ``kind`` its rule's kind (from the
    pack named by SHA-256, when this process knows it). Other shapes: the findings as they are."""
    findings = document.get("findings") if isinstance(document, Mapping) else None
    if not isinstance(findings, list):
        return []
    if document.get("shape") != SHAPE or all(not isinstance(f, dict) or ("kind" in f and "result" in f
                                                                       and _full_rate_rule_step(f) is f) for f in findings):
        return findings
    packs: dict[str, Any] = {}
    for named in document.get("packs") or []:
        if isinstance(named, dict):
            pack = _pack_of({}, named)
            if pack is not None:
                packs[pack.id] = pack
    return _restored_findings(findings, packs)

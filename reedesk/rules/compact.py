"""The compact stored shape of a facts determination (``"shape": 2``, engine 3.1.0, issue 13 point 1).

Why: a 20-line facts determination of engine 3.0.0 (shape 1) was ~45 KB, most of it per-line
repetition: each bill-of-materials row copied the dossier line the document already embeds, each
row's reason was repeated in a working step, each conversion step repeated its rate record, and
pack texts (the valuation method, the readings' sources) were copied in. Shape 2 keeps every
figure, step, reading and decision as data but writes each fact once:

- the value rule's ``figures.components`` is a table ``{"cols", "rows", "reasons", "rates"}``:
  one array per row (``counted``, index into ``reasons``, index into ``rates``, ``converted``,
  ``alloy_family``); the row's ``index``/``id``/``description``/``origin``/``category``/
  ``elements``/``amount``/``currency`` are the embedded snapshot's line at that position;
- a working step that follows from those rows is a reference: ``["scope"]``, ``["line", i]``,
  ``["rate_rule"]``, ``["convert", i]``, ``["ratio"]`` (its number ``n`` is its position);
- texts that are the packs' own (``figures.method``, the readings' ``source``/``status``) or
  follow from figures (``display_rounding_text``, ``margin_text``) are left out and restored
  from the pack the document names by SHA-256, and the valuation-method note is ``["method_note", rule]``.

:func:`encode` only leaves a value out when re-deriving it gives exactly the same value, so
:func:`decode` (``decode(encode(doc)) == doc``) is lossless by construction; anything else is
written as it is. ``expand`` decodes first, so every reader sees the same 0.1-shaped document.
"""

from __future__ import annotations

import contextlib

import copy
import functools
import gc
import importlib
import itertools
import operator
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping

import orjson

_referents = gc.get_referents
_chain, _zip_longest, _compress = itertools.chain.from_iterable, itertools.zip_longest, itertools.compress

from reedesk.rules.memo import remember
from reedesk.rules.messages import Msg as _Msg
from reedesk.rules.messages import msg

SHAPE = 4  # what this engine writes (reedesk.rules.engine.ENGINE_VERSION; reedesk.rules.shape4); 3, 2 and 1 are still read
# The stored shape each engine version of the facts documents wrote: a re-run of an older document writes its shape.
ENGINE_SHAPES = {"3.0.0": 1, "3.1.0": 2, "3.2.0": 3, "3.3.0": 4, "3.4.0": 4, "3.5.0": 4, "3.6.0": 4, "3.7.0": 4}
COLS = ["counted", "reason", "rate", "converted", "alloy_family"]
_ROW_KEYS = frozenset({"index", "id", "description", "origin", "category", "elements", "amount", "currency",
                       "rate", "converted", "counted", "reason"})
# The outcome order every shape-2 document was made with (a later engine with another order writes it out).
PRECEDENCE = ['prohibited', 'license_required_presumption_of_denial', 'case_by_case', 'license_required', 'exempt_report_required', 'suspended', 'not_controlled']
_COPIED = ("id", "description", "origin", "category", "elements", "amount", "currency")
_LINE_COPIED = frozenset(_COPIED[:5])  # read from the line itself; amount and currency from its "value"
_ROW_KEYS_FAMILY = _ROW_KEYS | {"alloy_family"}


def shape_of(document: Mapping[str, Any]) -> int:
    """The stored shape of a facts determination: 4 (reedesk.rules.shape4), 3 or 2 (this module) or 1 (engine
    3.0.0, no ``shape`` field)."""
    shape = document.get("shape")
    return shape if isinstance(shape, int) else 1


def _key(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON: ``==`` (fast), and the same canonical bytes when ``==`` could be fooled
    (``True == 1``; checked only for the rare values where it matters)."""
    if a != b:
        return False
    if type(a) is str or a is None:
        return True
    return _dumps(a, option=_SORTED) == _dumps(b, option=_SORTED)  # _key's bytes, without two calls


_dumps, _SORTED = orjson.dumps, orjson.OPT_SORT_KEYS
_MODULES: dict[str, Any] = {}


def _rules_module(name: str) -> Any:
    """``reedesk.rules.<name>``, imported on first use (they import this module's users; an import statement in
    a function called ~80 times per encode cost ~40 µs of it)."""
    module = _MODULES.get(name)
    if module is None:
        module = _MODULES[name] = importlib.import_module(f"reedesk.rules.{name}")
    return module


class _Interned:
    """Distinct values in first-seen order; each written once and referred to by position."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._at: dict[bytes, int] = {}
        # id(value) -> (value, position): an object met again (a line kind's reason, a currency pair's rate record:
        # the value rule shares them between rows) takes its position without being written again; the entry holds
        # the object, so its id is not reused while the table lives (one document's rows)
        self._same: dict[int, tuple[Any, int]] = {}

    def id(self, value: Any) -> int:
        seen = self._same.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        key = _dumps(value, option=_SORTED)  # _key(value)
        at = self._at.get(key)
        if at is None:
            at = self._at[key] = len(self.values)
            self.values.append(value)
        self._same[id(value)] = (value, at)
        return at


def _copied(snapshot_line: Any) -> dict[str, Any] | None:
    """What a value-rule row copies from the dossier line it counts (None: not a readable line)."""
    if not isinstance(snapshot_line, dict):
        return None
    value = snapshot_line.get("value") if isinstance(snapshot_line.get("value"), dict) else None
    return {"id": snapshot_line.get("id"), "description": snapshot_line.get("description"),
            "origin": snapshot_line.get("origin"), "category": snapshot_line.get("category"),
            "elements": snapshot_line.get("elements"),
            "amount": None if value is None else value.get("amount"),
            "currency": None if value is None else value.get("currency")}


def _rule(packs: Mapping[str, Any], rule_id: str) -> tuple[Any, Any] | tuple[None, None]:
    pack_id, _, article = rule_id.partition(":")
    pack = packs.get(pack_id)
    if pack is None:
        return None, None
    spec = _articles(pack).get(article)
    return (None, None) if spec is None else (pack, spec)


_ARTICLES: dict[int, tuple[Any, Any, dict[str, Any]]] = {}
_BOUND = 4096  # entries of a per-pack/per-rule table before it starts again (the shipped packs have ~60 rules)


def _articles(pack: Any) -> dict[str, Any]:
    """article -> the pack's first rule with that article (what a scan of ``pack.rules`` finds), made once per pack
    object (the encoder looks a rule up ~60 times per document; the entry holds the pack, so its id is not reused)."""
    rules = pack.rules
    entry = _ARTICLES.get(id(pack))
    if entry is None or entry[0] is not pack or entry[1] is not rules:
        found: dict[str, Any] = {}
        for spec in rules:
            found.setdefault(spec.article, spec)
        # (packs parsed again and again, e.g. from many evidence packs, are not all kept alive)
        entry = remember(_ARTICLES, id(pack), (pack, rules, found), _BOUND)
    return entry[2]


# -- derivations (the same code the value rule writes with: reedesk.rules.deminimis) -----------------
def _derived_step(ref: list[Any], rows: list[dict[str, Any]], figures: dict[str, Any], snapshot: dict[str, Any],
                  pack: Any, spec: Any) -> dict[str, Any] | None:
    deminimis = _rules_module("deminimis")

    kind = ref[0] if ref else None
    if kind == "line" and len(ref) == 2 and isinstance(ref[1], int) and 0 <= ref[1] < len(rows):
        return deminimis.line_step(rows[ref[1]])
    if kind == "convert" and len(ref) == 2 and isinstance(ref[1], int) and 0 <= ref[1] < len(rows):
        return deminimis.convert_step(rows[ref[1]], figures.get("currency"))
    if kind == "rate_rule":
        return deminimis.rate_rule_step()
    if kind == "ratio":
        status = {"at_or_above": "above", "below": "below", None: "unknown"}.get(figures.get("comparison"), "unknown")
        return deminimis._ratio_step(figures, status, not figures.get("content_complete"))
    if kind == "scope" and spec is not None:
        return deminimis.scope_step(snapshot, pack, spec)
    return None


def _derived_figures(figures: dict[str, Any], spec: Any) -> dict[str, Any]:
    """The figures that follow from other figures or from the rule's pack parameters."""
    deminimis = _rules_module("deminimis")

    out: dict[str, Any] = {}
    if spec is not None:
        out["method"] = deminimis.method_text(spec.params)
    if isinstance(figures.get("display_rounding"), str):
        out["display_rounding_text"] = deminimis.rounding_text(figures["display_rounding"], figures.get("display_places", 4))
    if isinstance(figures.get("margin"), str):
        try:
            out["margin_text"] = deminimis._margin_text(Decimal(figures["margin"]), figures.get("currency"))
        except ArithmeticError:
            pass
    return out


# -- every finding: what follows from its rule id, its pack and its result ----------------------------
_NO_EFFECT = {"t": "no_effect"}
_NOT_APPLYING = ("does_not_apply", "not_in_force")


def _derived_common(f: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any] | None:
    """``pack``, ``role`` and ``in_force`` of a finding, from its rule in the packs (None: rule unknown)."""
    engine = _rules_module("engine")

    pack, spec = _rule(packs, str(f.get("rule")))
    if spec is None:
        return None
    out: dict[str, Any] = {"pack": pack.id}
    if spec.kind in engine.CONTROL:
        out["role"] = "control"
        start = spec.effective_from or pack.effective_from
        until = spec.effective_until or pack.effective_until
        out["in_force"] = {"from": start.isoformat(), "until": None if until is None else until.isoformat()}
    elif spec.kind in engine.POLICY:
        out["role"] = "policy"
        out["applies_to"] = [f"{pack.id}:{a}" for a in spec.params.get("applies_to") or ()]
    return out


_COMMON: dict[int, tuple[Any, Any, dict[str, Any]]] = {}
_NO_EFFECT_KEY = _key(_NO_EFFECT)
_COMMON_KEYS: dict[int, tuple[dict[str, Any], list[tuple[str, Any, bytes]]]] = {}


def _common_keys(derived: dict[str, Any]) -> list[tuple[str, Any, bytes]]:
    """``derived``'s (name, value, ``_key(value)``), made once per ``_common_of`` entry (which never changes)."""
    entry = _COMMON_KEYS.get(id(derived))
    if entry is None or entry[0] is not derived:
        entry = remember(_COMMON_KEYS, id(derived), (derived, [(k, v, _key(v)) for k, v in derived.items()]), _BOUND)
    return entry[1]


def _common_of(pack: Any, spec: Any) -> dict[str, Any]:
    """``_derived_common`` of a finding of rule ``spec`` in ``pack``, made once per rule object (read-only: the
    encoder only compares with it; the entry holds both objects, so their ids are not reused)."""
    entry = _COMMON.get(id(spec))
    if entry is None or entry[0] is not spec or entry[1] is not pack:
        derived = _derived_common({"rule": f"{pack.id}:{spec.article}"}, {pack.id: pack})
        assert derived is not None
        entry = _COMMON[id(spec)] = (spec, pack, derived)
    return entry[2]


def _encode_common(f: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    engine = _MODULES.get("engine") or _rules_module("engine")

    pack, spec = _rule(packs, str(f.get("rule")))
    if spec is None or f.get("kind") != spec.kind:
        return f
    entry = _COMMON.get(id(spec))  # _common_of(pack, spec), looked up in place
    derived = entry[2] if entry is not None and entry[0] is spec and entry[1] is pack else _common_of(pack, spec)
    out = dict(f)
    for name, value, raw in _common_keys(derived):
        if name in out:
            a = out[name]  # _same(a, value), with value's bytes made once
            if a == value and (type(a) is str or a is None or _dumps(a, option=_SORTED) == raw):
                del out[name]
    if "role" not in derived and "role" in out:
        return f  # a role the decoder would not restore: keep the finding as it is
    if out.get("suspension", 0) is None:
        del out["suspension"]
    if out.get("result") in _NOT_APPLYING and out.get("outcome") == "not_controlled":
        del out["outcome"]  # a rule that does not apply or is not in force says "not_controlled" (kept for old readers)
    if out.get("steps", 0) == []:
        del out["steps"]
    effect = out.get("effect")
    if effect is not None and effect == engine._EFFECT.get(out.get("result")):
        if effect != "none":
            del out["effect"]
        else:
            explanation = out.get("explanation")
            wrapped = isinstance(explanation, dict) and set(explanation) == {"t", "p"} and explanation["t"] == "engine.no_effect" \
                and isinstance(explanation["p"], dict) and set(explanation["p"]) == {"text"}
            effect_text = out.get("effect_text")
            if wrapped and effect_text == _NO_EFFECT and _dumps(effect_text, option=_SORTED) == _NO_EFFECT_KEY:
                del out["effect"], out["effect_text"]
                out["explanation"] = explanation["p"]["text"]
    return out


def _decode_common(f: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    from reedesk.errors import ReedeskError
    from reedesk.rules import engine
    from reedesk.rules.messages import msg

    out = dict(f)
    derived = _derived_common(f, packs)
    if derived is None:
        if "pack" in f and "role" in f and ("in_force" in f or f.get("role") != "control") and ("applies_to" in f or f.get("role") != "policy"):
            derived = {}
        else:
            raise ReedeskError(f"The determination names rule {f.get('rule')!r}, which the packs it names do not have.")
    for name, value in derived.items():
        out.setdefault(name, value)
    out.setdefault("suspension", None)
    if out.get("result") in _NOT_APPLYING:
        out.setdefault("outcome", "not_controlled")
    out.setdefault("steps", [])
    if "effect" not in out:
        effect = engine._EFFECT.get(out.get("result"))
        out["effect"] = effect
        if effect == "none":
            out["effect_text"] = msg("no_effect")
            out["explanation"] = msg("engine.no_effect", text=out.get("explanation"))
    return out


# -- encode -------------------------------------------------------------------------------------------
def _step_ref(step: Any, n: int, line: int, converts: list[int]) -> list[Any] | None:
    if not isinstance(step, dict) or step.get("n") != n:
        return None
    t = step.get("t")
    if t == "deminimis.check.5":
        return ["scope"]
    if t == "deminimis.check.10":
        return ["line", line]
    if t == "deminimis.check.11":
        return ["rate_rule"]
    if t in ("deminimis.check.12", "deminimis.check.13"):
        return ["convert", converts[0]] if converts else None
    if t is None and "en" in step:
        return ["ratio"]
    return None


def _all_str(values: tuple[Any, ...]) -> bool:
    """Every value an exact ``str`` (then ``==`` is the same canonical bytes)."""
    for v in values:
        if type(v) is not str:
            return False
    return True


def _same_step(n: int, again: Mapping[str, Any], step: Any) -> bool:
    """``_same({"n": n, **again}, step)`` without building the dict: the same keys, ``n`` an exact int, and each
    of ``again``'s values the same as the step's."""
    if "n" in again or not isinstance(step, dict) or len(step) != len(again) + 1 or "n" not in step:
        return _same({"n": n, **again}, step)
    s = step["n"]
    if not (type(s) is int and s == n) and not _same(n, s):
        return False
    for k, v in again.items():
        if k not in step:
            return False
        w = step[k]
        tv = type(v)
        if tv is str and type(w) is str:
            if v == w:
                continue
            return False  # (what _same says of two unequal values)
        if (tv is dict or tv is _Msg) and type(w) in _DICTS:
            if v != w:
                return False  # (compared once: this was == twice, once per test)
            for name, x in v.items():  # the params: == held for the whole, so a pair that is one object gives the
                y = w[name]            # same bytes (the dicts' == compared them by identity too)
                if not (x is y or (type(x) is str and type(y) is str)) and not _same(x, y):
                    return False
            continue
        if not _same(v, w):
            return False
    return True


_DICTS = (dict, _Msg)
_STR_NONE = frozenset({str, type(None)})


def _encode_value_finding(f: dict[str, Any], snapshot: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    figures = f.get("figures")
    if not isinstance(figures, dict):
        return f
    pack, spec = _rule(packs, str(f.get("rule")))
    rows = figures.get("components")
    out_figures = dict(figures)
    for name, value in _derived_figures(figures, spec).items():
        if name in figures and _same(figures[name], value):
            del out_figures[name]
    lines = snapshot.get("components") if isinstance(snapshot.get("components"), list) else []
    if isinstance(rows, list) and rows:
        reasons, rates = _Interned(), _Interned()
        packed: list[Any] = []
        n_lines = len(lines)
        for i, row in enumerate(rows):
            keys = row.keys() if isinstance(row, dict) else ()  # (a keys view compares with a set as set(row) does)
            plain = (keys == _ROW_KEYS or keys == _ROW_KEYS_FAMILY) and row["index"] == i and i < n_lines
            if plain:
                line = lines[i]  # what _copied(line) gives, read in place (no dict per row)
                plain = isinstance(line, dict)
                if plain:
                    value = line.get("value")
                    if not isinstance(value, dict):
                        value = None
                    ours = (row["id"], row["description"], row["origin"], row["category"], row["amount"], row["currency"])
                    theirs = (line.get("id"), line.get("description"), line.get("origin"), line.get("category"),
                              None if value is None else value.get("amount"), None if value is None else value.get("currency"))
                    if ours == theirs and _STR_NONE.issuperset(map(type, ours)) and _STR_NONE.issuperset(map(type, theirs)):
                        # (equal, and each an exact str or None on both sides: pairwise the same type, the same bytes)
                        a, b = row["elements"], line.get("elements")  # the one copied field that is not a string
                        plain = ((a is b and type(a) is list and _all_str(a))  # (the row copies the line's list itself)
                                 or (type(a) is list and type(b) is list and a == b and _all_str(a) and _all_str(b)) or _same(a, b))
                        ours = None
                    for k in (_COPIED if ours is not None else ()):  # (a loop, not all() over a generator)
                        a = row[k]
                        b = line.get(k) if k in _LINE_COPIED else None if value is None else value.get(k)
                        if not (a == b and type(a) is str and type(b) is str) and not _same(a, b):
                            plain = False
                            break
            if plain and "alloy_family" in row and not isinstance(row["alloy_family"], list):
                plain = False
            if not plain:
                packed.append(row)
                continue
            packed.append([row["counted"], reasons.id(row["reason"]),
                           None if row["rate"] is None else rates.id(row["rate"]), row["converted"], row.get("alloy_family")])
        out_figures["components"] = {"cols": COLS, "rows": packed, "reasons": reasons.values, "rates": rates.values}
    steps = f.get("steps")
    out_steps = steps
    if isinstance(steps, list) and steps:
        rows_list = rows if isinstance(rows, list) else []
        converts = [i for i, r in enumerate(rows_list) if isinstance(r, dict) and r.get("counted") is True and r.get("converted") is not None]
        out_steps = []
        line = 0
        line_step = _rules_module("deminimis").line_step
        n_rows = len(rows_list)
        for n, step in enumerate(steps, start=1):
            if (type(step) is dict or type(step) is _Msg) and dict.get(step, "t") == "deminimis.check.10" \
                    and dict.get(step, "n") == n:
                # a line's step (most of them): _step_ref and _derived_step's ["line", line] case, in place
                ref = ["line", line]
                try:
                    again = line_step(rows_list[line]) if line < n_rows else None
                except (KeyError, TypeError, ValueError, ArithmeticError, IndexError, AttributeError):
                    again = None
                if again is None or not _same_step(n, again, step):
                    ref = None
                out_steps.append(step if ref is None else ref)
                line += 1
                continue
            ref = _step_ref(step, n, line, converts)
            if ref is not None:
                try:
                    again = _derived_step(ref, rows_list, figures, snapshot, pack, spec)
                except (KeyError, TypeError, ValueError, ArithmeticError, IndexError, AttributeError):
                    again = None
                if again is None or not _same_step(n, again, step):
                    ref = None
            if ref is None:
                out_steps.append(step)
            else:
                out_steps.append(ref)
            if isinstance(step, dict) and step.get("t") == "deminimis.check.10":
                line += 1
            if ref is not None and ref[0] == "convert":
                converts.pop(0)
    return {**f, "figures": out_figures, "steps": out_steps}


def _coverage_note(document: dict[str, Any]) -> Any:
    """The note naming the packs reviewed only up to a date before the as-of date (engine._notes), from ``packs``."""
    as_of = document.get("as_of")
    stale = sorted((str(p.get("reviewed_until")), str(p.get("id"))) for p in document.get("packs") or []
                   if isinstance(p, dict) and isinstance(p.get("reviewed_until"), str) and isinstance(as_of, str)
                   and as_of > p["reviewed_until"])
    if not stale:
        return None
    return msg("engine._notes.1", ids=", ".join(i for _, i in stale), first=stale[0][0])


def _encode_notes(notes: Any, findings: list[dict[str, Any]], document: dict[str, Any] | None = None) -> Any:
    deminimis = _rules_module("deminimis")

    if not isinstance(notes, list):
        return notes
    coverage = _coverage_note(document) if document is not None else None
    methods = {f.get("rule"): (f.get("figures") or {}).get("method") for f in findings
               if isinstance(f, dict) and f.get("kind") == "value_content"}
    out = []
    for note in notes:
        rule = (((note.get("p") or {}).get("c") or {}).get("p") or {}).get("rule") if isinstance(note, dict) else None
        if (isinstance(note, dict) and note.get("t") == "engine._notes.4" and isinstance(methods.get(rule), dict)
                and _same(note, deminimis.method_note(rule, methods[rule]))):
            out.append(["method_note", rule])
        elif coverage is not None and _same(note, coverage):
            out.append(["coverage"])
        else:
            out.append(note)
    return out


def _reading_source(packs: Mapping[str, Any], pack_id: Any, point_id: Any, reading_id: Any) -> dict[str, Any] | None:
    """The pack's ``source``/``status`` of a reading (read-only: shared by every call for that pack)."""
    pack = packs.get(pack_id) if isinstance(pack_id, str) else None
    if pack is None:
        return None
    if type(point_id) is str and type(reading_id) is str:
        return _reading_sources(pack).get((point_id, reading_id))
    for point in pack.open_points:
        if point.id == point_id:
            for reading in point.readings:
                if reading.id == reading_id:
                    return {"source": reading.source, "status": reading.status}
    return None


_SOURCES: dict[int, tuple[Any, Any, dict[tuple[str, str], dict[str, Any]]]] = {}


def _reading_sources(pack: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """(point id, reading id) -> the first such reading's source and status, in the packs' order (what a scan of
    ``open_points`` finds first), made once per pack object (the entry holds the pack, so its id is not reused)."""
    points = pack.open_points
    entry = _SOURCES.get(id(pack))
    if entry is None or entry[0] is not pack or entry[1] is not points:
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for point in points:
            for reading in point.readings:
                found.setdefault((point.id, reading.id), {"source": reading.source, "status": reading.status})
        entry = _SOURCES[id(pack)] = (pack, points, found)
    return entry[2]


def _declared(packs: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The primary reading's ``points`` and each alternative's ``id``/``point``/``pack``, in the order the
    engine lists them (reedesk.rules.readings.evaluate_readings), from the packs in use (in the document's order)."""
    from reedesk.rules.readings import open_points

    points = open_points(list(packs.values()))
    primary = [{"point": pt.id, "pack": pt.pack, "reading": pt.primary.id} for pt in points]
    alternatives = [{"id": r.id, "point": pt.id, "pack": pt.pack} for pt in points for r in pt.alternatives]
    return primary, alternatives


def _primary_entry(outcome: Any) -> dict[str, Any]:
    return {"id": "primary", "point": None, "pack": None, "primary": True, "status": "primary", "source": "rule packs",
            "description": msg("readings.evaluate_readings.1"), "outcome": outcome, "differs": False}


def _readings_by_position(leaned: list[Any], packs: Mapping[str, Any], outcome: Any) -> list[Any]:
    """``["primary"]`` first and alternatives without ``id``/``point``/``pack`` when the readings are exactly
    the ones the packs declare, in their order (the primary entry then follows from the packs and ``outcome``)."""
    try:
        declared_points, declared, points_key = _declared_once(packs)
    except (AttributeError, TypeError):
        return leaned
    if not leaned or len(leaned) != 1 + len(declared) or not isinstance(leaned[0], dict):
        return leaned
    first = leaned[0]
    points = first.get("points")
    if not (points == declared_points and _dumps(points, option=_SORTED) == points_key  # _same, one side's bytes kept
            and _same({k: v for k, v in first.items() if k != "points"}, _primary_entry(outcome))):
        return leaned
    out: list[Any] = ["primary"]
    for entry, names in zip(leaned[1:], declared):
        if not isinstance(entry, dict):
            return leaned
        for k, v in names.items():
            if k not in entry:
                return leaned
            w = entry[k]
            if not (w == v and type(w) is str and type(v) is str) and not _same(w, v):
                return leaned
        out.append({k: v for k, v in entry.items() if k not in names})
    return out


_DECLARED: dict[tuple[Any, ...], tuple[list[dict[str, Any]], list[dict[str, Any]], bytes]] = {}


def _declared_once(packs: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bytes]:
    """``_declared(packs)`` and ``_key`` of its points, made once per tuple of pack objects (a RulePack hashes by
    identity; the key holds the packs). Read-only: the encoder only compares with them (the decoder, which puts
    them into the document it returns, makes its own)."""
    key = tuple(packs.values())
    found = _DECLARED.get(key)
    if found is None:
        points, alternatives = _declared(packs)
        found = remember(_DECLARED, key, (points, alternatives, _key(points)), 256)
    return found


def _encode_readings(readings: Any, packs: Mapping[str, Any], as_of: Any) -> Any:
    if not isinstance(readings, list):
        return readings
    primary = next((r.get("outcome") for r in readings if isinstance(r, dict) and r.get("primary")), None)

    def lean(entry: dict[str, Any], pack_id: Any, point_id: Any, reading_id: Any) -> dict[str, Any]:
        known = _reading_source(packs, pack_id, point_id, reading_id)
        if known is None:
            return entry
        return _without_same(entry, known)

    out = []
    for r in readings:
        if not isinstance(r, dict):
            out.append(r)
        elif r.get("primary"):
            points = r.get("points")
            if isinstance(points, list):
                r = {**r, "points": [lean(p, p.get("pack"), p.get("point"), p.get("reading")) if isinstance(p, dict) else p
                                     for p in points]}
            out.append(r)
        elif r.get("point") is not None:
            out.append(_lean_alternative(lean(r, r.get("pack"), r.get("point"), r.get("id")), primary, as_of))
        else:
            out.append(r)
    return out


def _alternative_defaults(r: dict[str, Any], primary: Any, as_of: Any) -> dict[str, Any]:
    """What an alternative reading's entry says that follows from the rest: not primary; differs when
    its outcome is another than the primary's; with no deciding rule, the plain not-controlled summary."""
    out: dict[str, Any] = {"primary": False, "differs": r.get("outcome") is not None and r.get("outcome") != primary}
    if r.get("decisive") == [] and r.get("outcome") not in (None, "insufficient_data"):
        out["summary"] = msg("engine._summary.2", as_of=as_of)
    return out


def _lean_alternative(r: dict[str, Any], primary: Any, as_of: Any) -> dict[str, Any]:
    if "decisive" not in r and "summary" in r:
        return r  # the decoder restores a summary only beside "decisive"
    return _without_same(r, _alternative_defaults(r, primary, as_of))


def _without_same(entry: dict[str, Any], known: Mapping[str, Any]) -> dict[str, Any]:
    """``entry`` without the keys whose value is ``_same`` as ``known``'s (in ``entry``'s order); strings and
    booleans of one type each compared with ``==`` (the same bytes), anything else with ``_same``."""
    out = dict(entry)
    for k, kv in known.items():
        if k in out:
            v = out[k]
            if v == kv and ((type(v) is str and type(kv) is str) or (type(v) is bool and type(kv) is bool) or _same(v, kv)):
                del out[k]
    return out


def _snapshot_of(document: Mapping[str, Any]) -> dict[str, Any]:
    """The dossier snapshot a stored determination embeds ({} when it has none: a malformed document is
    refused by its reader, not here)."""
    dossier = document.get("dossier") if isinstance(document.get("dossier"), dict) else {}
    return dossier.get("snapshot") if isinstance(dossier.get("snapshot"), dict) else {}


def _encode2(document: dict[str, Any], by_id: Mapping[str, Any]) -> dict[str, Any]:
    """The shape-2 stored form of ``document`` (a shape-1 facts determination as the engine builds it)."""
    snapshot = _snapshot_of(document)
    findings = [_encode_common(_encode_value_finding(f, snapshot, by_id) if f.get("kind") == "value_content" else f, by_id)
                if isinstance(f, dict) else f for f in document.get("findings") or []]
    out: dict[str, Any] = {}
    for key, value in document.items():
        out[key] = value
        if key == "engine":
            out["shape"] = 2
    out["shape"] = 2
    # constants of shape 2: the outcome order (engine 3.x) and the outcome's name
    if _same(out.get("precedence"), PRECEDENCE):
        del out["precedence"]
    if isinstance(out.get("outcome"), str) and _same(out.get("outcome_name"), {"t": f"outcome.{out['outcome']}"}):
        del out["outcome_name"]
    if "findings" in document:
        out["findings"] = findings
    if "notes" in document:
        out["notes"] = _encode_notes(document["notes"], document.get("findings") or [], document)
    if "readings" in document:
        leaned = _encode_readings(document["readings"], by_id, document.get("as_of"))
        out["readings"] = _readings_by_position(leaned, {p["id"]: by_id[p["id"]] for p in document.get("packs") or []
                                                          if isinstance(p, dict) and p.get("id") in by_id}, document.get("outcome"))
    return out


# -- decode -------------------------------------------------------------------------------------------
def _decode_value_finding(f: dict[str, Any], snapshot: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    from reedesk.errors import ReedeskError

    figures = f.get("figures")
    if not isinstance(figures, dict):
        return f
    pack, spec = _rule(packs, str(f.get("rule")))
    out_figures = dict(figures)
    table = figures.get("components")
    lines = snapshot.get("components") if isinstance(snapshot.get("components"), list) else []
    if isinstance(table, dict):
        reasons, rates = table.get("reasons") or [], table.get("rates") or []
        rows: list[Any] = []
        for i, row in enumerate(table.get("rows") or []):
            if not isinstance(row, list):
                rows.append(row)
                continue
            copied = _copied(lines[i]) if i < len(lines) else None
            if copied is None or len(row) != len(COLS):
                raise ReedeskError(f"The determination's value-rule row {i} names no line of its dossier snapshot.")
            counted, reason, rate, converted, family = row
            full = {"index": i, **copied, "rate": None if rate is None else rates[rate], "converted": converted,
                    "counted": counted, "reason": reasons[reason]}
            if family is not None:
                full["alloy_family"] = family
            rows.append(full)
        out_figures["components"] = rows
    for name, value in _derived_figures(figures, spec).items():  # every figure the encoder may leave out
        out_figures.setdefault(name, value)
    if "method" not in out_figures:
        raise ReedeskError(f"The determination's rule {f.get('rule')} is not in the packs it names, so its method cannot be shown.")
    steps = f.get("steps")
    if isinstance(steps, list):
        rows_list = out_figures.get("components") if isinstance(out_figures.get("components"), list) else []
        full_steps = []
        for n, step in enumerate(steps, start=1):
            if isinstance(step, list):
                again = _derived_step(step, rows_list, out_figures, snapshot, pack, spec)
                if again is None:
                    raise ReedeskError(f"The determination's working step {n} of rule {f.get('rule')} cannot be read.")
                step = {"n": n, **again}
            full_steps.append(step)
        steps = full_steps
    return {**f, "figures": out_figures, "steps": steps}


def _decode2(document: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    """The shape-1 facts document (engine 3.0.0's stored form) of a shape-2 ``document``."""
    from reedesk.rules import deminimis

    # the packs in the document's order (the readings follow the packs' open points in that order)
    packs = {**{p["id"]: packs[p["id"]] for p in document.get("packs") or [] if isinstance(p, dict) and p.get("id") in packs}, **packs}
    snapshot = _snapshot_of(document)
    findings = [_decode_common(f, packs) if isinstance(f, dict) else f for f in document.get("findings") or []]
    findings = [_decode_value_finding(f, snapshot, packs) if isinstance(f, dict) and f.get("kind") == "value_content" else f
                for f in findings]
    methods = {f.get("rule"): (f.get("figures") or {}).get("method") for f in findings
               if isinstance(f, dict) and f.get("kind") == "value_content"}
    out = {k: v for k, v in document.items() if k != "shape"}
    out.setdefault("precedence", list(PRECEDENCE))
    if isinstance(out.get("outcome"), str):
        out.setdefault("outcome_name", {"t": f"outcome.{out['outcome']}"})
    if "findings" in document:
        out["findings"] = findings
    if isinstance(document.get("notes"), list):
        coverage = _coverage_note(document)
        out["notes"] = [deminimis.method_note(n[1], methods[n[1]]) if isinstance(n, list) and len(n) == 2 and n[0] == "method_note"
                        and isinstance(methods.get(n[1]), dict) else coverage if n == ["coverage"] and coverage is not None
                        else n for n in document["notes"]]
    stored = document.get("readings")
    if isinstance(stored, list) and stored and stored[0] == "primary":
        from reedesk.errors import ReedeskError

        declared_points, declared = _declared(packs)
        if len(stored) != 1 + len(declared):
            raise ReedeskError("The determination's readings do not match the open points its packs declare.")
        stored = [{**_primary_entry(document.get("outcome")), "points": declared_points},
                  *({**names, **entry} for names, entry in zip(declared, stored[1:]))]
    if isinstance(stored, list):
        readings = []
        primary = next((r.get("outcome") for r in stored if isinstance(r, dict) and r.get("primary")), None)
        for r in stored:
            if isinstance(r, dict) and r.get("primary") and isinstance(r.get("points"), list):
                r = {**r, "points": [_restore(p, packs, p.get("pack"), p.get("point"), p.get("reading")) if isinstance(p, dict) else p
                                     for p in r["points"]]}
            elif isinstance(r, dict) and not r.get("primary") and r.get("point") is not None:
                r = _restore(r, packs, r.get("pack"), r.get("point"), r.get("id"))
                defaults = _alternative_defaults(r, primary, document.get("as_of"))
                if "decisive" not in r:
                    defaults.pop("summary", None)
                r = {**r, **{k: v for k, v in defaults.items() if k not in r}}
            readings.append(r)
        out["readings"] = readings
    return out


def _restore(entry: dict[str, Any], packs: Mapping[str, Any], pack_id: Any, point_id: Any, reading_id: Any) -> dict[str, Any]:
    if "source" in entry and "status" in entry:
        return entry
    known = _reading_source(packs, pack_id, point_id, reading_id)
    if known is None:
        from reedesk.errors import ReedeskError

        raise ReedeskError(f"The determination names reading {reading_id!r} of open point {point_id!r}, which pack "
                           f"{pack_id!r} does not declare.")
    return {**entry, **{k: v for k, v in known.items() if k not in entry}}



# == shape 3 (engine 3.2.0): what the rule's pack parameters and a message's own params already say ==
# Shape 3 is written over shape 2 (encode: shape 1 -> 2 -> 3; decode: 3 -> 2 -> 1), so shape 2 keeps its one
# reader. The values below are shape 3's own constants (frozen here, not read from the engine's modules, so a later
# engine that words them otherwise cannot change what an old document decodes to).
_PRECISION3 = "34 significant digits, ROUND_HALF_EVEN"
_RATE_RULE3 = {"t": "deminimis.module.1"}
_UNMODELLED3 = "not evaluated by the packs: reedesk cannot model this reading; it is stated so the reader sees it"


class _Unrepresentable(Exception):
    """A value shape 3 cannot write (its decoder would add something the document does not have): the
    document is written in shape 2 instead (never seen from the engine; the guard keeps decoding exact)."""


class _Ctx:
    """What a left-out value may follow from: the finding's rule and pack, and the document's own fields."""

    __slots__ = ("pack", "spec", "params", "doc")

    def __init__(self, pack: Any, spec: Any, doc: Mapping[str, Any]) -> None:
        self.pack, self.spec, self.doc = pack, spec, doc
        self.params = spec.params if spec is not None else {}


def _item_sets_label(p: Mapping[str, Any], c: _Ctx) -> dict[str, str]:
    """The product item sets' names, as the rule kinds copy them (reedesk.rules.context.labels), from the pack."""
    sets = [c.pack.items[n] for n in c.params["product_items"]]
    return {"en": " or ".join(s.label_en for s in sets), "zh-Hans": "或".join(s.label_zh for s in sets),
            "zh-Hant": "或".join(s.label_zh_hant for s in sets)}


def _code_labels(codes: Any, c: _Ctx) -> dict[str, str]:
    """Codes named in each language (as reedesk.rules.text.labels_of joins them), each name the document's
    texts pack's ``label.<code>`` (so a hashed file, never code, says what an old document reads)."""
    named = c.doc.get("texts")
    if not isinstance(codes, (list, tuple)) or not all(type(x) is str for x in codes) or not isinstance(named, dict):
        raise KeyError("codes")
    return dict(_labels_in(named.get("sha256"), tuple(codes)))


@lru_cache(maxsize=256)
def _labels_in(texts_sha256: Any, codes: tuple[str, ...]) -> dict[str, str]:
    from reedesk.rules.messages import render, texts_by_sha256

    texts = texts_by_sha256(texts_sha256) if isinstance(texts_sha256, str) else None
    if texts is None:
        raise KeyError("texts")
    names = [render({"t": f"label.{code}"}, texts) for code in codes]
    glue = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}
    return {lang: glue[lang].join(n[lang] for n in names) for lang in glue}


def _stage_labels(p: Mapping[str, Any], c: _Ctx) -> dict[str, str]:
    """The rule's listed stages named in each language."""
    return _code_labels(c.params["stages"], c)


def _snap(c: _Ctx, *path: str) -> Any:
    """A value of the document's dossier snapshot (KeyError when the path is not there)."""
    value: Any = c.doc["dossier"]["snapshot"]
    for name in path:
        value = value[name]
    return value


# The screening lists' names (reedesk.rules.listing.KIND_NAMES) as shape 3 reads them: templates of the texts pack.
_KIND_TEMPLATES3 = {"control_list": "listing.module.1", "watch_list": "listing.module.2",
                    "unreliable_entity_list": "listing.module.3", "other": "listing.module.4", "imported": "listing.module.5"}


def _kind_names(c: _Ctx, lang: str, glue: str) -> str:
    named = c.doc.get("texts")
    kinds = tuple(_KIND_TEMPLATES3[k] for k in c.params["applies_to_kinds"])
    return glue.join(_rendered_in(named["sha256"], kinds)[i][lang] for i in range(len(kinds)))


@lru_cache(maxsize=256)
def _rendered_in(texts_sha256: Any, keys: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    from reedesk.rules.messages import render, texts_by_sha256

    texts = texts_by_sha256(texts_sha256) if isinstance(texts_sha256, str) else None
    if texts is None:
        raise KeyError("texts")
    return tuple(render({"t": key}, texts) for key in keys)


def _use_label(p: Mapping[str, Any], c: _Ctx) -> dict[str, str]:
    use = _snap(c, "shipment", "end_use", "category")
    if not isinstance(use, str):
        raise KeyError("end_use")
    return {"t": f"label.{use}"}


def _elements(p: Mapping[str, Any], c: _Ctx) -> str:
    elements = _snap(c, "product", "elements")
    if not isinstance(elements, list) or not all(type(e) is str for e in elements):
        raise KeyError("elements")
    return ", ".join(elements)


def _category_label(p: Mapping[str, Any], c: _Ctx) -> dict[str, str]:
    category = _snap(c, "product", "category")
    if not isinstance(category, str):
        raise KeyError("category")
    return {"t": f"label.{category}"}


def _inside(p: Mapping[str, Any]) -> bool:
    return p["outside"] in ("in", "inside")


def _item_code(p: Mapping[str, Any], c: _Ctx, lang: str) -> str:
    code = c.params["code"]
    if lang == "hans":
        return c.params.get("code_zh", code)
    return c.params.get("code_zh_hant", c.params.get("code_zh", code))


_ELSE = (("else_v", lambda p, c: "境内" if _inside(p) else "境外"), ("else_v2", lambda p, c: "境內" if _inside(p) else "境外"))
_HOME = ("home", lambda p, c: c.params["home_country"])
_OR_V2 = ("or_v2", lambda p, c: p["or_v"].replace(", ", "、"))
_HANS_HANT = (("hans", lambda p, c: _item_code(p, c, "hans")), ("hant", lambda p, c: _item_code(p, c, "hant")),
              ("code", lambda p, c: c.params["code"]))
# template key -> (param, how it follows from the message's other params and the finding's rule); a param is left
# out only when that gives it exactly; a derivation reads only params left out before it in its tuple (decoding
# restores them in that order).
_PARAMS: dict[str, tuple[tuple[str, Any], ...]] = {
    "catch_all._unlisted.1": (("codes2", lambda p, c: p["codes"].replace(", ", "、")),),
    "scope.made_in.3": (*_ELSE, ("where", lambda p, c: _snap(c, "product", "made_in")), _HOME),
    "scope.exported_from.3": (*_ELSE, ("where", lambda p, c: _snap(c, "shipment", "export_from")), _HOME),
    "destination._route.4": (_HOME,),
    "destination._route.5": (_HOME,),
    "technology._technology_test.3": (("origin", lambda p, c: c.params["technology_origin"]),),
    "deminimis.check.6": (_OR_V2, ("content_label", lambda p, c: {"p": {"pack": c.pack.id, "sets": list(c.params["content_items"])},
                                                                  "t": "@items"})),
    "destination._content.1": (_OR_V2,),
    **{f"item_list.check.{n}": _HANS_HANT for n in (2, 4, 5, 8)},
    **{f"item_list.check.{n}": (*_HANS_HANT, ("cat", _category_label)) for n in (1, 6, 7)},
    "scope.item_is.3": (("label", _item_sets_label), ("cat", _category_label), ("els", _elements)),
    "scope.item_is.2": (("cat", _category_label), ("els", _elements)),
    "scope.item_is.1": (("cat", _category_label), ("els", _elements)),
    "destination._military.5": (("name", _use_label),),
    "listing._no_effect_text.2": (("en_names", lambda p, c: p["names"].replace("、", ", ")),
                                  ("kinds_en", lambda p, c: _kind_names(c, "en", ", ")),
                                  ("kinds_hans", lambda p, c: _kind_names(c, "zh-Hans", "、")),
                                  ("kinds_hant", lambda p, c: _kind_names(c, "zh-Hant", "、"))),
    "engine._policy_finding.1": (("arts", lambda p, c: ", ".join(c.params["applies_to"])),),
    "catch_all._reason.4": (("countries", lambda p, c: ", ".join(c.params["military_user_countries"])),  # before countries2
                            ("countries2", lambda p, c: p["countries"].replace(", ", "、")),
                            ("listed", lambda p, c: _code_labels(c.params["end_use_categories"], c))),
    "destination._who.6": (("country", lambda p, c: _snap(c, "shipment", "end_user", "country")),
                           ("dest", lambda p, c: _snap(c, "shipment", "destination")),
                           ("listed", lambda p, c: ", ".join(c.params.get("end_user_countries") or c.params["destinations"]))),
    "technology.check.2": (("st", _stage_labels),),
    "deminimis.check.7": (("content_origin", lambda p, c: c.params["content_origin"]),),
    "deminimis.check.9": (("content_origin", lambda p, c: c.params["content_origin"]),),
}
_RATE_COPIED = ("from", "to", "rate", "date", "source")


def _selection3(record: Mapping[str, Any], as_of: Any) -> dict[str, Any]:
    return {"p": {"as_of": as_of, "from_currency": record.get("from"), "to_currency": record.get("to")}, "t": "deminimis._convert.1"}


def _snapshot_rate(record: Any, snapshot: Mapping[str, Any]) -> Any:
    rates = snapshot.get("exchange_rates")
    i = record.get("index") if isinstance(record, dict) else None
    if type(i) is int and isinstance(rates, list) and 0 <= i < len(rates) and isinstance(rates[i], dict):
        return rates[i]
    return None


def _lean_rate(record: Any, snapshot: Mapping[str, Any], as_of: Any) -> Any:
    """A rate record without what its dossier line (``exchange_rates[index]``) says, and without the usual
    selection sentence ("the latest rate dated on or before the as-of date")."""
    src = _snapshot_rate(record, snapshot)
    if src is None:
        return record
    out = dict(record)
    for k in _RATE_COPIED:
        if k in src:
            if k not in record:
                raise _Unrepresentable
            if _same(record[k], src[k]):
                del out[k]
    if "selection" not in record:
        raise _Unrepresentable
    if _same(record["selection"], _selection3(record, as_of)):
        del out["selection"]
    return out


def _full_rate(record: Any, snapshot: Mapping[str, Any], as_of: Any) -> Any:
    src = _snapshot_rate(record, snapshot)
    if src is None:
        return record
    out = dict(record)
    for k in _RATE_COPIED:
        if k in src:
            out.setdefault(k, src[k])
    if "selection" not in out:
        out["selection"] = _selection3(out, as_of)
    return dict(sorted(out.items()))


def _derive(rule: Any, p: Mapping[str, Any], c: _Ctx) -> Any:
    try:
        return rule(p, c)
    except (KeyError, TypeError, AttributeError, ValueError):
        return _NOTHING


_NOTHING = object()


# Where shape 3 reads messages' params: a finding's sentences (and the value rule's reasons, in its table).
_SENTENCES = ("explanation", "steps")
_LEAF = (str, int, float, bool, type(None))
_NODE = (list, dict)  # what _lean_messages copies (anything else, a leaf or not, is kept as it is)


def _lean_messages(value: Any, c: _Ctx) -> Any:
    """``value`` with every message's params that follow (``_PARAMS``) left out; a new structure (lists and
    dicts copied, as plain ``list``/``dict``). Loops, not comprehensions: on Python 3.11 each comprehension is a
    call of its own, and this walks ~90 containers per document."""
    if isinstance(value, list):
        out_list = []
        for v in value:
            out_list.append(_lean_messages(v, c) if isinstance(v, _NODE) else v)
        return out_list
    if not isinstance(value, dict):
        return value
    if type(value) is dict or type(value) is _Msg:
        key = dict.get(value, "t")
        params = dict.get(value, "p")
    else:
        key = value.get("t")
        params = value.get("p")
    if type(key) is not str or not isinstance(params, dict):
        if type(key) is str and "p" not in value and key in _PARAMS:
            raise _Unrepresentable  # its decoder would read it as a message whose params were all left out
        copied = {}
        for k, v in value.items():
            copied[k] = _lean_messages(v, c) if isinstance(v, _NODE) else v
        return copied
    kept = {}
    for k, v in params.items():
        if not isinstance(v, _NODE):
            kept[k] = v
        elif type(v) in _DICTS and len(v) == 1 and type(dict.get(v, "t")) is str and v["t"] not in _PARAMS:
            kept[k] = {"t": v["t"]}  # a message without params (a label: most nested ones), as _lean_messages copies it
        else:
            kept[k] = _lean_messages(v, c)
    rules = _PARAMS.get(key)
    if rules:
        for name, rule in rules:
            try:  # _derive(rule, params, c), without a call of its own (~80 per document)
                again = rule(params, c)
            except (KeyError, TypeError, AttributeError, ValueError):
                continue
            if name not in params:
                raise _Unrepresentable
            given = params[name]
            if (given == again and type(given) is str and type(again) is str) or _same(given, again):
                del kept[name]
    if key[0] != "@":  # a semicolon-joined list of sentences as a param: the list alone
        for name, v in kept.items():
            if type(v) is list:
                raise _Unrepresentable
            if type(v) is dict and v.get("t") == "@join" and _is_join(v):
                kept[name] = v["p"]["items"]
    out = dict(value)
    if kept or not rules:
        out["p"] = kept
    else:
        del out["p"]  # every param follows: none written
    return out


def _is_join(v: Any) -> bool:
    return (isinstance(v, dict) and len(v) == 2 and v.get("t") == "@join" and isinstance(v.get("p"), dict)
            and len(v["p"]) == 2 and v["p"].get("sep") == "semicolon" and isinstance(v["p"].get("items"), list))


def _full_messages(value: Any, c: _Ctx) -> Any:
    if isinstance(value, _LEAF):
        return value
    if isinstance(value, list):
        return [v if isinstance(v, _LEAF) else _full_messages(v, c) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: v if isinstance(v, _LEAF) else _full_messages(v, c) for k, v in value.items()}
    key = out.get("t")
    params = out.get("p")
    if type(key) is str and "p" not in out and key in _PARAMS:
        params = {}  # every param left out
    if type(key) is not str or not isinstance(params, dict):
        return out
    full = dict(params)
    if not key.startswith("@"):
        for name, v in params.items():
            if isinstance(v, list):
                full[name] = {"p": {"items": v, "sep": "semicolon"}, "t": "@join"}
    rules = _PARAMS.get(key)
    if rules:
        for name, rule in rules:
            if name not in full:
                again = _derive(rule, full, c)
                if again is not _NOTHING:
                    full[name] = again
        full = dict(sorted(full.items()))
    out["p"] = full
    return out


def _declared_code(snapshot: Mapping[str, Any]) -> Any:
    product = snapshot.get("product") if isinstance(snapshot.get("product"), dict) else {}
    value = product.get("control_code")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _kind_figures(kind: Any, c: _Ctx, snapshot: Mapping[str, Any], figures: Mapping[str, Any]) -> dict[str, Any]:
    """The figures of a finding of rule kind ``kind`` that are its rule's pack parameters (or follow from them and
    the document), as the rule kinds write them; ``figures``' other values are read only where a figure depends on
    one the encoder never leaves out."""
    p = c.params
    try:
        if kind == "destination_ban":
            out = {"destinations": list(p["destinations"]), "end_use_categories": list(p.get("end_use_categories", ())),
                   "end_user_countries": list(p.get("end_user_countries", ())),
                   "located_users": bool(p.get("located_users", True)), "dual_use_only": bool(p.get("dual_use_only", False))}
            if not out["dual_use_only"]:
                out["codes"] = []
            return out
        if kind == "catch_all":
            return {"end_use_categories": list(p["end_use_categories"]),
                    "military_user_countries": list(p.get("military_user_countries", ()))}
        if kind == "origin":
            return {"scope": p["scope"], "home_country": p["home_country"],
                    "display": {"p": {"home": p["home_country"], "sname": {"t": f"label.{p['scope']}"}}, "t": "origin.check.4"}}
        if kind == "item_list":
            return {"code": p["code"], "codes": [{"code": p["code"]}], "declared_code": _declared_code(snapshot)}
        if kind == "direct_product":
            return {"stages": list(p["stages"]), "technology_origin": p["technology_origin"]}
        if kind == "value_content":
            # the key figures (ratio, threshold, rounding, margin …) stay in place: the evidence pack's cover, its
            # verifier and the licence application read them from the stored bytes (reedesk.evidence.contents.key_figures)
            out = {"rate_rule": _RATE_RULE3, "precision": _PRECISION3}
            if isinstance(figures.get("comparison"), str):
                out["comparison_text"] = {"t": f"label.{figures['comparison']}"}
            return out
        if kind == "listing":
            out = {"screening": "records" if c.doc.get("screening") is None else "screening"}
            if c.params.get("applies_to_kinds"):
                out["list_kinds"] = list(c.params["applies_to_kinds"])
            return out
    except (KeyError, TypeError, AttributeError, ValueError, ArithmeticError):
        return {}
    return {}


# The rule kinds whose derived figures (_kind_figures) read the rule's pack parameters only.
_PACK_ONLY_KINDS = frozenset({"destination_ban", "catch_all", "origin", "direct_product"})
_PACK_FIGURES: dict[int, tuple[Any, Any, dict[str, Any], dict[str, bytes]]] = {}


def _pack_figures(kind: Any, c: _Ctx, snapshot: Mapping[str, Any], figures: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """``_kind_figures`` of a rule of a kind in ``_PACK_ONLY_KINDS`` and each value's ``_key`` bytes, made once per
    rule object (read-only: only compared with; the entry holds the rule, so its id is not reused)."""
    spec = c.spec
    entry = _PACK_FIGURES.get(id(spec))
    if entry is None or entry[0] is not spec or entry[1] != kind:
        derived = _kind_figures(kind, c, snapshot, figures)
        entry = remember(_PACK_FIGURES, id(spec), (spec, kind, derived, {k: _key_or_none(v) for k, v in derived.items()}), _BOUND)
    return entry[2], entry[3]


def _key_or_none(value: Any) -> bytes | None:
    """``_key(value)``, or None for a value orjson refuses (then compared by ``_same``, which refuses it alike)."""
    try:
        return _key(value)
    except TypeError:
        return None


def _standard_steps(table: Mapping[str, Any]) -> list[list[Any]]:
    """The value rule's working steps when they are all references in the usual order: the scope, every line,
    the rate rule, each counted and converted line's conversion, the ratio."""
    rows = table.get("rows") or []
    converts = []
    for i, r in enumerate(rows):
        if isinstance(r, list):  # (r padded with None to len(COLS), read in place)
            counted, converted = (r[0] if len(r) > 0 else None), (r[3] if len(r) > 3 else None)
        else:
            counted, converted = (r.get("counted"), r.get("converted")) if isinstance(r, dict) else (None, None)
        if counted is True and converted is not None:
            converts.append(i)
    return [["scope"], *(["line", i] for i in range(len(rows))), ["rate_rule"], *(["convert", i] for i in converts), ["ratio"]]


def _encode3_finding(f: Any, packs: Mapping[str, Any], snapshot: Mapping[str, Any], doc: Mapping[str, Any],
                     lean_reason: Any = None) -> Any:
    """A shape-2 finding in shape 3; ``lean_reason(reason, c)``: ``_lean_messages`` of one value reason (the direct
    encoder's keeps them, ``_lean_reason``)."""
    if not isinstance(f, dict):
        return f
    pack, spec = _rule(packs, str(f.get("rule")))
    if spec is None or spec.kind != f.get("kind"):
        return f
    c = _Ctx(pack, spec, doc)
    out = dict(f)
    figures = out.get("figures")
    table = figures.get("components") if isinstance(figures, dict) else None
    rows = (f.get("kind") == "value_content" and isinstance(table, dict) and isinstance(out.get("steps"), list)
            and _same(out["steps"], _standard_steps(table)))  # all references: nothing in them to lean
    for name in _SENTENCES:
        if name in out and not (rows and name == "steps"):
            out[name] = _lean_messages(out[name], c)
    if isinstance(figures, dict):
        kind = f.get("kind")
        if kind in _PACK_ONLY_KINDS:
            derived, keys = _pack_figures(kind, c, snapshot, figures)
        else:
            derived, keys = _kind_figures(kind, c, snapshot, figures), None
        lean = {}
        for k, v in figures.items():
            if k in derived:
                dv = derived[k]
                if keys is None or keys[k] is None:
                    if _same(v, dv):
                        continue
                elif v == dv and (type(v) is str or v is None or _dumps(v, option=_SORTED) == keys[k]):
                    continue  # _same(v, dv), dv's bytes made once per rule
            lean[k] = v
        for k in derived:
            if k not in figures:
                raise _Unrepresentable
        table = lean.get("components")
        if f.get("kind") == "value_content" and isinstance(table, dict):
            if rows:
                out["steps"] = "rows"
            elif isinstance(out.get("steps"), str):
                raise _Unrepresentable
            table = dict(table)
            if _same(table.get("cols"), COLS):
                del table["cols"]
            elif "cols" not in table:
                raise _Unrepresentable
            rows = []
            for r in table.get("rows") or []:
                if isinstance(r, list) and len(r) == len(COLS):
                    while r and r[-1] is None:
                        r = r[:-1]
                rows.append(r)
            table["rows"] = rows
            if isinstance(table.get("rates"), list):
                table["rates"] = [_lean_rate(r, snapshot, doc.get("as_of")) for r in table["rates"]]
            if isinstance(table.get("reasons"), list):
                if lean_reason is None or type(table["reasons"]) is not list:
                    table["reasons"] = _lean_messages(table["reasons"], c)
                else:  # (_lean_messages of a list: a new list of each item leaned)
                    table["reasons"] = [lean_reason(r, c) if isinstance(r, _NODE) else r for r in table["reasons"]]
            lean["components"] = table
        out["figures"] = lean
        if not lean:
            del out["figures"]  # every finding has figures: none written = {} (or only what the rule gives)
    elif "figures" not in f:
        raise _Unrepresentable
    return out


def _decode3_finding(f: Any, packs: Mapping[str, Any], snapshot: Mapping[str, Any], doc: Mapping[str, Any]) -> Any:
    if not isinstance(f, dict):
        return f
    pack, spec = _rule(packs, str(f.get("rule")))
    if spec is None or spec.kind != f.get("kind"):
        return f  # written as it was (shape 2's decoder names an unknown rule)
    c = _Ctx(pack, spec, doc)
    out = dict(f)
    for name in _SENTENCES:
        if name in out:
            out[name] = _full_messages(out[name], c)
    figures = out.setdefault("figures", {})
    if isinstance(figures, dict):
        full = dict(figures)
        table = full.get("components")
        if f.get("kind") == "value_content" and isinstance(table, dict):
            table = {"cols": list(COLS), **table}
            table["rows"] = [r + [None] * (len(COLS) - len(r)) if isinstance(r, list) and len(r) < len(COLS) else r
                             for r in table.get("rows") or []]
            if isinstance(table.get("rates"), list):
                table["rates"] = [_full_rate(r, snapshot, doc.get("as_of")) for r in table["rates"]]
            if isinstance(table.get("reasons"), list):
                table["reasons"] = _full_messages(table["reasons"], c)
            full["components"] = table
            if out.get("steps") == "rows":
                out["steps"] = _standard_steps(table)
        for k, v in _kind_figures(f.get("kind"), c, snapshot, full).items():
            full.setdefault(k, v)
        # in the stored (canonical, sorted) order, as shape 2 held them: readers list figures in dict order
        out["figures"] = dict(sorted(full.items()))
    return out


def _leaned_readings3(readings: list[Any], document: Mapping[str, Any]) -> list[Any]:
    """Shape 3's readings after ``"primary"``: ``"same"`` for a reading with the document's outcome and decisive rules,
    ``"unmodelled"`` for one the packs cannot model, the entry itself otherwise (the chain and the direct encoder)."""
    same = {"decisive": document.get("decisive"), "outcome": document.get("outcome")}
    lean: list[Any] = ["primary"]
    for r in readings[1:]:
        if isinstance(r, str):
            raise _Unrepresentable
        lean.append("same" if _same(r, same) else "unmodelled" if _same(r, {"error": _UNMODELLED3, "outcome": None}) else r)
    return lean


def _encode3(two: dict[str, Any], by_id: Mapping[str, Any]) -> dict[str, Any]:
    """Shape 3 of a shape-2 document (shape 2 itself when something cannot be written in shape 3)."""
    snapshot = _snapshot_of(two)
    try:
        out = dict(two)
        out["shape"] = 3
        if isinstance(two.get("findings"), list):
            out["findings"] = [_encode3_finding(f, by_id, snapshot, two) for f in two["findings"]]
        readings = two.get("readings")
        if isinstance(readings, list) and readings and readings[0] == "primary":
            out["readings"] = _leaned_readings3(readings, two)
        return out
    except _Unrepresentable:
        return two


def _decode3(three: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    snapshot = _snapshot_of(three)
    out = dict(three)
    out["shape"] = 2
    if isinstance(three.get("findings"), list):
        out["findings"] = [_decode3_finding(f, packs, snapshot, three) for f in three["findings"]]
    readings = three.get("readings")
    if isinstance(readings, list) and readings and readings[0] == "primary":
        same = {"decisive": three.get("decisive"), "outcome": three.get("outcome")}
        out["readings"] = ["primary", *(copy.deepcopy(same) if r == "same" else {"error": _UNMODELLED3, "outcome": None}
                                        if r == "unmodelled" else r for r in readings[1:])]
    return out


# == the direct encoder (session 6, issue 13): shape 1 -> stored shape 4 in one pass ====================
# ``encode`` went shape 1 -> 2 -> 3 -> 4: three walks, each building a whole document only for the next one to
# compare with derived values and drop. ``_encode_direct`` writes shape 4 from the shape-1 document at once: the
# top-level fields, the notes, the readings and the packs list as the three steps do, and each finding through
# ``_findings4`` (shape 1 -> 3 for that finding alone, then shape 4's drop). A finding of a rule other than the value
# rule is a pure function of (its content, its pack and rule objects, the pack its kind is read from, the few
# document facts the shape-3 leaner reads: ``_FINDING_FACTS``), so its shape-4 form is kept per such key
# (``_FINDINGS3``, bounded; the readings likewise, ``_READINGS3``; the value rule's finding per the whole snapshot,
# ``_VALUES4``). The key is the finding's JSON (orjson, which tells True from 1 and 1 from 1.0 and refuses Decimal and
# non-str keys). orjson writes a Msg as the dict it is, an enum member as its value, a str subclass as its str, a tuple
# as a list: equal bytes are not the same value. So a kept answer also holds the types of the value it was kept for,
# level by level (``_types_of``: exact dict, Msg, list, str, int, float, bool and None only, else not kept), and a hit
# needs the value asked about to have exactly those types at each level (``_same_types``): the same bytes and the same
# type at every node is the same value, so a value of another type never takes another value's answer. The old chain
# stays: shapes 2 and 3, any document not of shape 1, DIRECT=False, and the oracle of tests/rules/test_encode6_direct.py.
DIRECT = True
# The snapshot paths the shape-3 leaner of a finding reads (``_snap`` in ``_PARAMS``, ``_declared_code``).
_FINDING_FACTS = (("product", "made_in"), ("shipment", "export_from"), ("shipment", "end_use", "category"),
                  ("product", "elements"), ("product", "category"), ("shipment", "end_user", "country"),
                  ("shipment", "destination"), ("product", "control_code"))
_FINDINGS3: dict[tuple[int, int, int, bytes, bytes], tuple[Any, Any, Any, bytes, Any]] = {}
_FINDINGS3_BOUND = 2048


def _exact_json(value: Any) -> bytes | None:
    """``value``'s key bytes: its JSON as orjson writes it (None: refused — a Decimal, a key not an exact str, an
    integer beyond 64 bits, a lone surrogate, a type orjson does not write). The bytes say nothing of a value's Python
    types (a Msg and its dict, an enum member and its value write alike): ``_same_types`` proves them."""
    try:
        return _dumps(value)
    except TypeError:
        return None


_LEAVES = frozenset({str, int, float, bool, type(None)})


def _exact(value: Any) -> bool:
    """Made only of exact dict, list, str, int, float, bool and None, and no dict with a ``t`` key (a message
    written as a plain dict: its template key's type is not in ``_exact_json``'s bytes) — walked only where a
    value is about to be kept (a miss), or over a few values."""
    t = type(value)
    if t is list:
        for v in value:
            if type(v) not in _LEAVES and not _exact(v):
                return False
        return True
    if t is dict or t is _Msg:
        if t is dict and "t" in value:
            return False
        for k, v in value.items():
            if type(k) is not str or (type(v) not in _LEAVES and not _exact(v)):
                return False
        return True
    return t in _LEAVES


_TYPES = frozenset({str, int, float, bool, type(None), dict, _Msg, list})
_NOT_MSG_CLASS = functools.partial(operator.is_not, _Msg)


def _types_of(value: Any) -> tuple[tuple[tuple[type, ...], tuple[bool, ...]], ...] | None:
    """The types of ``value``'s nodes, level by level (``value`` itself, its children, theirs …), when every one is in
    ``_TYPES`` (None otherwise, or deeper than orjson's 254 levels): what a kept answer holds beside its key bytes.
    Why: orjson writes an enum member as its value (even under OPT_PASSTHROUGH_SUBCLASS: its enum test comes first),
    a str subclass as its str, a Msg as its dict, a tuple as a list (test_encode6_direct: ``Word.inside`` took the
    answer kept for ``"inside"``). The walk is breadth first and in C: ``gc.get_referents`` gives a level's children
    in order (a dict's values — its keys are exact str, orjson refuses others —, a list's items; a Msg also gives its
    class) and ``map(type)`` their types. Each level is held as (the types of the nodes ``gc.get_referents`` gave, a
    Msg's class among them as ``type``; which of them are not that class): a proof compares the first and drops the
    classes by the second (``itertools.compress``, no call per node), then walks on."""
    if value is _Msg:
        return None
    out = []
    nodes = [value]
    exact = _TYPES.issuperset
    for _ in range(256):
        mask = tuple(map(_NOT_MSG_CLASS, nodes))
        level = list(_compress(nodes, mask))
        if not exact(map(type, level)):
            return None
        out.append((tuple(map(type, nodes)), mask))
        nodes = _referents(*level)
        if not nodes:
            return tuple(out)
    return None


def _same_types(values: list[Any], kept: list[tuple[tuple[tuple[type, ...], tuple[bool, ...]], ...]]) -> bool:
    """Each of ``values`` has the types ``kept`` holds for it (``_types_of``), node for node — all of them walked at
    once, level by level, the expected types of a level joined in C (``zip_longest``, once per list of kept answers:
    ``_levels``): with equal key bytes, each is the value kept, type for type. A node of another type (an enum member,
    a subclass, a tuple) is found on its own level, before anything below it is walked."""
    nodes = values
    for expected, mask in _levels(kept):
        if tuple(map(type, nodes)) != expected:
            return False
        nodes = _referents(*_compress(nodes, mask))
    return not nodes


# _levels' answers by the ids of the kept type tuples (the entry holds them, so no id is another's while it lives)
_LEVELS: dict[tuple[int, ...], tuple[tuple[Any, ...], list[tuple[tuple[type, ...], tuple[bool, ...]]]]] = {}
_NO_LEVEL: tuple[tuple[type, ...], tuple[bool, ...]] = ((), ())


def _levels(kept: list[tuple[tuple[tuple[type, ...], tuple[bool, ...]], ...]]) -> Any:
    """The expected types and class masks of each level of values whose kept types are ``kept`` (each value's level
    joined in order, as ``_referents(*level)`` gives them): one value's own levels; for several, joined once per list
    of kept answers (a document's hits are those of the last document like it: the join cost ~15 % of the proof)."""
    if len(kept) == 1:
        return kept[0]
    key = tuple(map(id, kept))
    found = _LEVELS.get(key)
    if found is None:
        joined = [(tuple(_chain(t for t, _ in level)), tuple(_chain(m for _, m in level)))
                  for level in _zip_longest(*kept, fillvalue=_NO_LEVEL)]
        found = remember(_LEVELS, key, (tuple(kept), joined), 256)
    return found[1]


def _fact(snapshot: Any, path: tuple[str, ...]) -> list[Any]:
    value = snapshot
    try:
        for name in path:
            value = value[name]
    except (KeyError, TypeError, AttributeError, ValueError, IndexError):
        return ["missing"]
    return ["is", value]


def _facts_key(document: Mapping[str, Any]) -> tuple[bytes, Any] | None:
    """What a non-value finding's shape-3 form reads of the document besides the finding and its rule: the texts
    pack named, whether there is a screening, the ``_FINDING_FACTS`` of the snapshot; as JSON bytes and as read
    back (None: not an exact-JSON document, so no finding of it is taken from ``_FINDINGS3``)."""
    dossier = document.get("dossier")
    snapshot = dossier.get("snapshot") if type(dossier) is dict else None
    if type(snapshot) is not dict:
        return None
    facts = [document.get("texts"), document.get("screening") is None, _declared_code(snapshot),
             *(_fact(snapshot, path) for path in _FINDING_FACTS)]
    if not _exact(facts):  # (an enum member or a tuple among them: the leaner reads e.g. type(element) is str)
        return None
    raw = _dumps(facts)
    return raw, orjson.loads(raw)


def _chain3(f: Any, by_id: Mapping[str, Any], snapshot: dict[str, Any], document: dict[str, Any],
            facts: tuple[bytes, Any] | None = None) -> Any:
    """A finding's shape-3 form as ``_encode2`` and ``_encode3`` write it (``_Unrepresentable`` as they raise it)."""
    if not isinstance(f, dict):
        return f
    if f.get("kind") == "value_content":
        f = _encode_value_finding(f, snapshot, by_id)
        if facts is not None:
            return _encode3_finding(_encode_common(f, by_id), by_id, snapshot, document,
                                    lambda reason, c: _lean_reason(reason, c, facts))
    return _encode3_finding(_encode_common(f, by_id), by_id, snapshot, document)


_REASONS3: dict[tuple[int, int, bytes, bytes], tuple[Any, Any, bytes, Any]] = {}


def _lean_reason(reason: Any, c: _Ctx, facts: tuple[bytes, Any]) -> Any:
    """``_lean_messages(reason, c)`` of a value rule's reason, kept per (its exact JSON, the rule and pack objects, the
    document facts the leaner reads) as a finding is (``_findings4``); ``_Unrepresentable`` as it raises."""
    raw = _exact_json(reason)
    if raw is None:
        return _lean_messages(reason, c)
    key = (id(c.pack), id(c.spec), facts[0], raw)
    found = _REASONS3.get(key)
    if found is not None and found[0] is c.pack and found[1] is c.spec and _same_types([reason], [found[3]]):
        return orjson.loads(found[2])  # (equal key bytes, the same types: the reason kept)
    lean = _lean_messages(reason, c)
    if _first_sight(key, found):
        return lean
    types = _types_of(reason)
    if types is not None:
        kept = _dumps(lean)
        if orjson.loads(raw) == reason and orjson.loads(kept) == lean:  # (NaN, ±inf: not kept)
            remember(_REASONS3, key, (c.pack, c.spec, kept, types), 1024)
    return lean


def _findings4(findings: list[Any], by_id: Mapping[str, Any], snapshot: dict[str, Any], document: dict[str, Any],
               facts: tuple[bytes, Any] | None, packs4: Mapping[str, Any]) -> list[Any]:
    """The findings as stored shape 4 writes them (each ``_chain3`` then ``shape4.lean_finding`` over ``packs4``), a
    finding of another rule than the value rule from ``_FINDINGS3`` when its key bytes are kept there and it is of
    the same types (``_same_types``, proved once for all such findings of the document: the walk's cost is per level)."""
    lean_finding = _shape4().lean_finding
    out: list[Any] = []
    hits: list[tuple[int, Any, bytes, Any]] = []
    for f in findings:
        if facts is None or type(f) is not dict:
            out.append(lean_finding(_chain3(f, by_id, snapshot, document, facts), packs4))
            continue
        if f.get("kind") == "value_content":
            out.append(_value4(f, by_id, snapshot, document, facts, packs4))
            continue
        pack_id, _, article = str(f.get("rule")).partition(":")  # _rule, in place
        pack = by_id.get(pack_id)
        spec = None if pack is None else _articles(pack).get(article)
        raw = _exact_json(f) if spec is not None else None
        if raw is None:
            out.append(lean_finding(_chain3(f, by_id, snapshot, document), packs4))
            continue
        kinds = packs4.get(pack_id)  # the pack lean_finding reads the rule's kind from
        key = (id(pack), id(spec), id(kinds), facts[0], raw)  # (the facts' bytes are in the key)
        found = _FINDINGS3.get(key)
        if found is not None and found[0] is pack and found[1] is spec and found[2] is kinds:
            hits.append((len(out), f, found[3], found[4]))
            out.append(None)
            continue
        four = lean_finding(_chain3(f, by_id, snapshot, document), packs4)
        out.append(four)
        if _first_sight(key, found):
            continue  # (kept only when seen again: a finding met once pays no checks for keeping it)
        types = _types_of(f)
        if types is not None:
            kept = _dumps(four)
            if orjson.loads(raw) == f and orjson.loads(kept) == four:  # (NaN, ±inf: not kept)
                remember(_FINDINGS3, key, (pack, spec, kinds, kept, types), _FINDINGS3_BOUND)
    if hits:
        loads = orjson.loads
        every = _same_types([h[1] for h in hits], [h[3] for h in hits])
        for at, f, kept, types in hits:
            out[at] = loads(kept) if every or _same_types([f], [types]) else \
                lean_finding(_chain3(f, by_id, snapshot, document), packs4)
    return out


# The value rule's finding in shape 4, kept per (its key bytes, its pack, rule and kinds objects, the document facts,
# the as-of date and the whole snapshot's key bytes: its rows copy the snapshot's lines, its scope step and rate
# records read the snapshot, its rate selection the as-of date). ~45 % of an encode (issue 13) for a dossier
# evaluated again; its keys are large (the finding's and the snapshot's JSON), so the table and its first sights
# are small and bounded (a desk of different dossiers pays the two keys, ~3 % of the finding's cost, and no more).
_VALUES4: dict[tuple[Any, ...], tuple[Any, Any, Any, bytes, Any]] = {}
_VALUES4_SEEN: dict[tuple[Any, ...], bool] = {}
_VALUES4_BOUND = 32


def _value4(f: dict[str, Any], by_id: Mapping[str, Any], snapshot: dict[str, Any], document: dict[str, Any],
            facts: tuple[bytes, Any], packs4: Mapping[str, Any]) -> Any:
    """The value rule's finding as stored shape 4 writes it (``_chain3`` then ``shape4.lean_finding``), from
    ``_VALUES4`` when the same finding of the same dossier was written before (equal key bytes and exact types, as
    ``_findings4``'s hits)."""
    lean_finding = _shape4().lean_finding
    pack_id, _, article = str(f.get("rule")).partition(":")  # _rule, in place
    pack = by_id.get(pack_id)
    spec = None if pack is None else _articles(pack).get(article)
    raw = _exact_json(f) if spec is not None else None
    read = None if raw is None else _exact_json([document.get("as_of"), snapshot])
    if read is None:
        return lean_finding(_chain3(f, by_id, snapshot, document, facts), packs4)
    kinds = packs4.get(pack_id)
    key = (id(pack), id(spec), id(kinds), facts[0], read, raw)
    found = _VALUES4.get(key)
    if found is not None and found[0] is pack and found[1] is spec and found[2] is kinds \
            and _same_types([f, document.get("as_of"), snapshot], found[4]):
        return orjson.loads(found[3])
    four = lean_finding(_chain3(f, by_id, snapshot, document, facts), packs4)
    if found is None and key not in _VALUES4_SEEN:
        remember(_VALUES4_SEEN, key, True, _VALUES4_BOUND)  # (first sight: noted, not kept)
        return four
    types = [_types_of(f), _types_of(document.get("as_of")), _types_of(snapshot)]
    if None not in types and orjson.loads(raw) == f and orjson.loads(read) == [document.get("as_of"), snapshot]:
        kept = _dumps(four)
        if orjson.loads(kept) == four:  # (NaN, ±inf: not kept)
            remember(_VALUES4, key, (pack, spec, kinds, kept, types), _VALUES4_BOUND)
    return four


_SEEN: dict[Any, bool] = {}


def _first_sight(key: Any, found: Any) -> bool:
    """True (and the key noted) the first time a key misses: what is met once (a portfolio of new dossiers) pays the
    key, not the checks and copies of keeping its answer; met again, it is kept (and from then on a hit)."""
    if found is not None or key in _SEEN:
        return False
    remember(_SEEN, key, True, 4096)
    return True


_SHAPE4: list[Any] = []


def _shape4() -> Any:
    if not _SHAPE4:
        from reedesk.rules import shape4

        _SHAPE4.append(shape4)
    return _SHAPE4[0]


_READINGS3: dict[tuple[Any, ...], tuple[bytes, Any]] = {}


def _readings3(document: dict[str, Any], by_id: Mapping[str, Any]) -> Any:
    """The readings as ``_encode2`` then ``_encode3`` write them, kept per (the readings, as-of date, outcome and
    decisive rules as exact JSON, the packs by id and in the document's order: ``_encode_readings`` and
    ``_readings_by_position`` read nothing else); ``_Unrepresentable`` as ``_encode3`` raises it."""
    ordered = {p["id"]: by_id[p["id"]] for p in document.get("packs") or [] if isinstance(p, dict) and p.get("id") in by_id}
    given = [document["readings"], document.get("as_of"), document.get("outcome"), document.get("decisive")]
    raw = _exact_json(given)
    key: Any = None
    if raw is not None:
        try:
            key = (tuple(by_id.items()), tuple(ordered.items()), raw)
            found = _READINGS3.get(key)
        except TypeError:  # (packs that do not hash: not kept)
            key = found = None
        if found is not None and _same_types([given], [found[1]]):
            return orjson.loads(found[0])  # (equal key bytes, the same types: the readings kept)
    leaned = _encode_readings(document["readings"], by_id, document.get("as_of"))
    readings = _readings_by_position(leaned, ordered, document.get("outcome"))
    if isinstance(readings, list) and readings and readings[0] == "primary":  # _encode3's readings
        readings = _leaned_readings3(readings, document)
    types = _types_of(given) if key is not None and not _first_sight(key, found) else None
    if types is not None:
        kept = _exact_json(readings)
        if kept is not None and orjson.loads(raw) == given and orjson.loads(kept) == readings:
            remember(_READINGS3, key, (kept, types), 256)
    return readings


def _encode_direct(document: dict[str, Any], by_id: Mapping[str, Any]) -> dict[str, Any]:
    """``encode(document, by_id, shape=4)`` of a shape-1 ``document``, written in one pass (see above)."""
    from reedesk.rules import shape4

    snapshot = _snapshot_of(document)
    facts = _facts_key(document)
    try:
        packs4 = by_id
        if isinstance(document.get("packs"), list):
            lean_packs, packs4 = shape4.lean_packs(document["packs"], by_id)
        if shape4.LEAN_FINDINGS:
            findings = _findings4(document.get("findings") or [], by_id, snapshot, document, facts, packs4)
        else:
            findings = [_chain3(f, by_id, snapshot, document) for f in document.get("findings") or []]
        readings = _readings3(document, by_id) if "readings" in document else None
    except _Unrepresentable:
        return _encode_chain(document, by_id, 4)  # (written in shape 2, as the chain does)
    out: dict[str, Any] = {}
    for key, value in document.items():
        out[key] = value
        if key == "engine":
            out["shape"] = shape4.SHAPE
    out["shape"] = shape4.SHAPE
    if _same(out.get("precedence"), PRECEDENCE):
        del out["precedence"]
    if isinstance(out.get("outcome"), str) and _same(out.get("outcome_name"), {"t": f"outcome.{out['outcome']}"}):
        del out["outcome_name"]
    if isinstance(document.get("packs"), list):
        out["packs"] = lean_packs
    if "findings" in document:
        out["findings"] = findings
    if "notes" in document:
        out["notes"] = _encode_notes(document["notes"], document.get("findings") or [], document)
    if "readings" in document:
        out["readings"] = readings
    return out


def encode(document: dict[str, Any], packs: Any, shape: int = SHAPE) -> dict[str, Any]:
    """The stored form of ``document`` (a shape-1 facts determination as the engine builds it) in ``shape``
    (4, what this engine writes — in its attached form, snapshot kept in memory: ``shape4.stored_form`` gives
    the bytes to store —, or 3, 2 for a re-run of an engine-3.2.0, 3.1.0 document); ``packs``: the rule packs it
    was made with (RulePack objects, or a mapping id -> RulePack). Never changes ``document`` or anything in it
    (findings are shared between readings' runs)."""
    by_id = packs if isinstance(packs, Mapping) else {p.id: p for p in packs}
    with _in_its_texts(document):
        if shape == SHAPE and DIRECT and shape_of(document) == 1:
            return _encode_direct(document, by_id)  # one pass, the same document as the chain below writes
        return _encode_chain(document, by_id, shape)


def _in_its_texts(document: Mapping[str, Any]) -> Any:
    """A block in which :func:`reedesk.rules.messages.current_texts` is the texts pack ``document`` names: a step or
    figure the coder derives again (deminimis._ratio_step, _margin_text, convert_step) is worded as the document was,
    whoever calls — a re-run writing an engine-3.0.0 document in shape 1 (reproduce_with_engine) decodes outside the
    evaluation's own block, and reedesk-texts-4 words those steps otherwise than 3.0.0 and older. A document naming no
    shipped texts pack leaves the caller's."""
    from reedesk.rules.messages import texts_by_sha256, using_texts

    named = document.get("texts") if isinstance(document, Mapping) else None
    sha = named.get("sha256") if isinstance(named, Mapping) else None
    pack = texts_by_sha256(sha) if isinstance(sha, str) else None
    return using_texts(pack) if pack is not None else contextlib.nullcontext()


def _encode_chain(document: dict[str, Any], by_id: Mapping[str, Any], shape: int) -> dict[str, Any]:
    """``encode`` by the chain shape 1 -> 2 -> 3 -> 4 (each shape's encoder over the one before)."""
    from reedesk.rules import shape4

    if shape_of(document) == shape:
        return document
    if shape_of(document) != 1:
        document = decode(document, by_id)
    if shape == 1:
        return document
    two = _encode2(document, by_id)
    if shape == 2:
        return two
    three = _encode3(two, by_id)
    if shape == 3 or shape_of(three) != 3:
        return three  # (a document shape 3 cannot write stays in shape 2)
    return shape4.encode4(three, by_id)


def decode(document: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    """The shape-1 facts document (engine 3.0.0's stored form) of a shape-4, 3 or 2 ``document``; a
    shape-1 document is returned as it is. ``packs``: rule pack id -> RulePack, the packs it names.
    A shape-4 document must carry its snapshot (``shape4.attach_snapshot``), else a coded ReedeskError."""
    with _in_its_texts(document):
        return _decode(document, packs)


def _decode(document: dict[str, Any], packs: Mapping[str, Any]) -> dict[str, Any]:
    shape = shape_of(document)
    if shape == 4:
        from reedesk.rules import shape4

        document = shape4.decode4(document, packs)
        shape = 3
    if shape == 3:
        packs = {**{p["id"]: packs[p["id"]] for p in document.get("packs") or [] if isinstance(p, dict) and p.get("id") in packs}, **packs}
        document = _decode3(document, packs)
        shape = 2
    if shape == 2:
        return _decode2(document, packs)
    return document

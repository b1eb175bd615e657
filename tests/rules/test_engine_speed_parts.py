"""The evaluation's per-pack-list caches and its message builder answer exactly as the code they replace.

Issue 13 (evaluation ≤ 20× the bare rule loop): ``select_packs`` and the engine's item-patched set are kept per
list of pack objects (a RulePack hashes by identity), and ``msg()`` fills its reference item by item. What is
stored must not change (tests/rules/test_engine_shortcut.py and test_facts_golden.py compare whole documents);
these tests pin the parts: the same choice of versions as the uncached selection for every golden pack list and
date, a list the caller may change without changing the next answer, and message references of the same keys,
order and normalised parameters.
"""

from __future__ import annotations

import json
import lzma
from datetime import date
from decimal import Decimal
from pathlib import Path

from reedesk.canonical import dumps
from reedesk.rules import engine
from reedesk.rules.messages import Msg, msg
from reedesk.rules.packs import _select_packs, parse_pack, select_packs, shipped_packs

GOLDEN = Path(__file__).parent / "data" / "golden-determinations.json.xz"


def _golden_pack_lists() -> list[tuple[list, date]]:
    with lzma.open(GOLDEN, "rt", encoding="utf-8") as f:
        data = json.load(f)
    packs = {sha: parse_pack(text, f"golden pack {sha[:12]}") for sha, text in data["packs"].items()}
    seen, out = set(), []
    for c in data["calls"]:
        key = (tuple(c["input"]["packs"]), c["input"]["as_of"])
        if key not in seen:
            seen.add(key)
            out.append(([packs[s] for s in c["input"]["packs"]], date.fromisoformat(c["input"]["as_of"])))
    return out


def test_cached_selection_is_the_uncached_one_for_every_golden_pack_list_and_date() -> None:
    """RULES.md (pack versions): the version in use on the as-of date; asked twice, the same packs, in a new list."""
    lists = _golden_pack_lists()
    assert len(lists) > 10
    for packs, as_of in lists:
        for when in (as_of, date(2025, 1, 1), date(2027, 6, 1)):
            first = select_packs(packs, when)
            assert first == _select_packs(packs, when)
            again = select_packs(list(packs), when)
            assert again == first and again is not first


def test_a_caller_changing_the_selected_list_does_not_change_the_next_answer() -> None:
    packs = shipped_packs()
    chosen = select_packs(packs, date(2026, 11, 25))
    expected = list(chosen)
    chosen.clear()
    assert select_packs(packs, date(2026, 11, 25)) == expected


def test_item_patched_packs_are_those_an_alternative_reading_patches_items_of() -> None:
    """No. 61's item-set readings (docs/determination.md, readings) patch its item sets; the cached answer is the
    uncached one and is the same object the second time."""
    chosen = select_packs(shipped_packs(), date(2026, 11, 25))
    found = engine._item_patched(chosen)
    assert found == engine._item_patched_now(chosen)
    assert engine._item_patched(list(chosen)) is found
    assert found  # the shipped packs declare item-set readings


def test_msg_builds_the_same_reference_as_a_plain_dict() -> None:
    """A message reference is ``{"t": key, "p": params}`` (docs/determination.md, facts): keys in that order,
    plain values kept, dicts (nested messages, trilingual texts) kept, anything else formatted as str()."""
    inner = msg("x.inner")
    m = msg("x.outer", a="s", b=3, c=True, d=None, e=inner, f={"en": "e", "zh": "z"}, g=date(2026, 1, 2), h=Decimal("1.50"))
    assert type(m) is Msg and list(m) == ["t", "p"]
    assert dict(m) == {"t": "x.outer", "p": {"a": "s", "b": 3, "c": True, "d": None, "e": {"t": "x.inner"},
                                               "f": {"en": "e", "zh": "z"}, "g": "2026-01-02", "h": "1.50"}}
    assert m["p"]["e"] is inner and type(m["p"]["c"]) is bool
    assert dict(msg("x.bare")) == {"t": "x.bare"} and list(msg("x.bare")) == ["t"]
    assert dumps(m) == dumps({"t": "x.outer", "p": dict(m["p"], e={"t": "x.inner"})})


def _value_rule_result(doc: dict, as_of: date):
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules import deminimis

    chosen = select_packs(shipped_packs(), as_of)
    pack, rule = next((p, r) for p in chosen for r in p.rules if r.kind == "value_content")
    return deminimis.check(parse_dossier(doc), rule, pack, as_of)


def test_rows_of_one_rate_pair_share_one_rate_record_and_each_line_keeps_its_warning() -> None:
    """MOFCOM No. 61 I(1) value rule, RULES.md rate rule: every CNY line converted with the one stated CNY→USD rate
    carries the same rate record (made once per pair) as a dossier with that line alone; a rate dated after the
    as-of date still warns once per line, naming it."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import dossier

    as_of = date(2026, 11, 25)
    doc = dossier(20)
    doc["exchange_rates"][0]["date"] = "2026-11-30"  # after the as-of date: the only CNY rate there is
    result = _value_rule_result(doc, as_of)
    rows = [r for r in result.figures["components"] if r["rate"] is not None]
    assert len(rows) >= 3
    assert all(r["rate"] is rows[0]["rate"] for r in rows) and rows[0]["rate"]["after_as_of"] is True
    warnings = [n for n in result.figures["rate_notes"] if n.get("t") == "deminimis._convert.3"]
    assert [w["p"]["label"] for w in warnings] == [r["id"] for r in rows]
    for r in rows:  # the same record and reason as the line evaluated alone
        alone = dict(doc, components=[c for c in doc["components"] if c["id"] == r["id"]])
        (row,) = _value_rule_result(alone, as_of).figures["components"]
        assert dumps(row["rate"]) == dumps(r["rate"]) and dumps(row["reason"]) == dumps(r["reason"])

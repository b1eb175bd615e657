"""No "None", "null", JSON paths or parameter names in what a reader of a determination with missing data reads.

Why (LEGALQA8 discrepancy 12, session 9): a dossier with a field not yet known is where a template meets a value it
was not written for — No. 46 Art. 1 and No. 1 of 2026 printed an unknown destination as 「目的地None均非US」, the
technology rule 「来源 None」, and the Chinese of every missing field named it by its JSON path
(「components[0].origin 为空」). The independent cases of sessions 6–9 (tests/rules/test_independent_cases_s6/s7/s8/s9.py)
are the dossiers written from the announcements with fields left out; each with missing data (an empty or null
field, or an `insufficient_data` answer) is evaluated as the product does (the s6 harness) and every text of its
expanded determination (findings, steps, notes, missing data, summary, readings) is scanned in the three languages:
- nowhere ``None`` or ``null``;
- in Chinese no ``name[…]`` path (``technologies[0]``, ``components[0].origin``), no bare dotted JSON path outside
  a parenthesised code span, and the language rules of tests/language_check.py (no English words, no snake_case
  parameter names outside a code span) — the names the user typed (the dossier's, the screening list entries' and
  the person's decision reasons) excepted, as the language test excepts them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from tests.language_check import CODE_SPAN, _s2t, _without, problems
from tests.language_check import names_in as typed_names
from tests.rules import test_independent_cases_s6 as s6
from tests.rules import test_independent_cases_s7 as s7
from tests.rules import test_independent_cases_s8 as s8
from tests.rules import test_independent_cases_s9 as s9
from tests.test_languages import trilingual

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
NONE = re.compile(r"(?<![A-Za-z_])(?:None|null)(?![A-Za-z_])")
INDEXED = re.compile(r"[A-Za-z_]+\[[^\]]*\]")  # technologies[0], exchange_rates[CNY->USD], technologies[{index}]
DOTTED = re.compile(r"(?<![A-Za-z0-9_.])(?:client|exporter|product|shipment|components|technologies|exchange_rates)"
                    r"(?:\.[a-z_]+)+")
# A control code's sub-item written after Chinese (「管制编码1E902.a」, 「子项结构（.a/.b/.c）」): language_check's
# CONTROL_CODE needs a word boundary a Chinese character does not give.
SUBITEM = re.compile(r"\d[A-E]\d{3}(?:\.[a-z0-9]+)*(?:[–-][a-z0-9])?|(?<![A-Za-z])\.[a-z](?![A-Za-z])")


def _has_missing(value: Any) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, dict):
        return any(_has_missing(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_missing(v) for v in value)
    return False


def _cases() -> list[Any]:
    out = []
    for module in (s6, s7, s8, s9):
        for c in module.CASES:
            if c.outcome == "insufficient_data" or c.missing or _has_missing(c.build()):
                out.append(pytest.param(c, id=f"{module.__name__.rsplit('_', 1)[-1]}-{c.id}"))
    return out


CASES = _cases()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory):
    from reedesk.services.desk import open_desk

    opened = open_desk(Path(tmp_path_factory.mktemp("missing-fields-home")), seed_samples=False)
    yield opened
    opened.close()


def _names(c: Any, doc: dict[str, Any]) -> set[str]:
    """What the user typed or chose to see verbatim: the dossier's strings, the screening list entries' names and the
    person's decision reasons (recorded as written), a licence's issuing authority."""
    names = typed_names(c.build()) | _strings(c.build())  # (the user's "TBD" too, which names_in takes for a code)
    for entry in doc.get("screening") or []:
        names |= typed_names(entry)
    names |= typed_names(doc.get("licence_records") or [])
    names |= {"confirmed: the announcement's entry is this party", "cleared: the announcement's entry is this party"}
    return {n for n in names if isinstance(n, str)} | _list_names()


@lru_cache(maxsize=1)
def _list_names() -> frozenset[str]:
    """The shipped screening lists' entry names and aliases in every script (「IHI宇航株式会社」, "Lockheed Martin
    Corporation"): quoted from the lists as published, like a name the user typed."""
    import tomllib

    from reedesk.resources import resource

    out: set[str] = set()
    for path in sorted(resource("screening").glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("entries", []):
            for key, value in entry.items():
                if key.startswith("name") or key.startswith("alias"):
                    out |= {value} if isinstance(value, str) else {v for v in value if isinstance(v, str)}
    return frozenset(out | {_s2t().convert(n) for n in out})  # (zh-Hant pages show the Simplified names converted)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if not re.fullmatch(r"[a-z0-9_]+", value) else set()
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def reader_problems(doc: dict[str, Any], names: set[str]) -> list[str]:
    """Every breach in the expanded determination ``doc`` (the dossier snapshot itself is the user's input)."""
    found = []
    for language in LANGUAGES:
        for path, text in trilingual(doc, language):
            if path.startswith(".dossier"):
                continue
            found += [f"{language} {path}: {m.group(0)!r} in {text!r}" for m in NONE.finditer(text)]
            if language == "en":
                continue
            found += [f"{language} {path}: path {m.group(0)!r} in {text!r}" for m in INDEXED.finditer(text)]
            plain = CODE_SPAN.sub(" ", text)
            found += [f"{language} {path}: path {m.group(0)!r} in {text!r}" for m in DOTTED.finditer(plain)]
            # (the user's names out first: a reference such as LQ8-C-1E902B is no control code)
            found += [f"{language} {path}: {p}" for p in problems(SUBITEM.sub(" ", _without(text, names)), language, names)]
    return found


def test_the_cases_with_missing_data_are_many_and_reach_the_bans() -> None:
    ids = {c.values[0].id for c in CASES}
    assert len(CASES) >= 40, len(CASES)
    assert {"destination-unknown-no-none", "i2-technology-origin-unknown", "i1-unknown-origin",
            "zero-line-unknown-currency-step-says-unknown"} <= ids


@pytest.mark.parametrize("c", CASES)
def test_no_none_path_or_code_where_data_is_missing(c: Any, desk: Any) -> None:
    doc = s6.evaluate_case(desk, c)
    assert reader_problems(doc, _names(c, doc)) == []


def test_the_scan_catches_what_it_is_for() -> None:
    """The scanner flags each kind it looks for (so an empty result above means something)."""
    doc = {"findings": [{"explanation": {"en": "the destination None is US", "zh-Hans": "第1项技术（technologies[0]）：来源 None",
                                         "zh-Hant": "shipment.destination 為空：規則包參數 foreign_made_content"}}]}
    found = reader_problems(doc, set())
    assert any("'None'" in f and f.startswith("en ") for f in found)
    assert any("technologies[0]" in f for f in found) and any("shipment.destination" in f for f in found)
    assert any("foreign_made_content" in f for f in found)
    assert reader_problems({"notes": [{"en": "ok", "zh-Hans": "管制编码1E902.a（product.control_code）", "zh-Hant": "子項結構（.a/.b/.c）"}]},
                           set()) == []

"""The memo and the dossier view of a dossier with missing data — exactly the one a user reads them for (REVIEW8
F2, F13, F14, F14b): no crash, no Python ``None``, and in Chinese no JSON path or rule id where the window and the
citations have names."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.cli.strict_chinese import strict_problems
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco

CHINESE = ("zh-Hant", "zh-Hans")


def _memo(doc: dict[str, Any], language: str) -> str:
    from reedesk.cli.evaluate import memo
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs

    return memo(evaluate(doc, shipped_packs(), AS_OF), language)


def _gappy() -> dict[str, Any]:
    """A Vietnamese Sm-Co magnet without an item value, end-use description or end user, and one input line without
    its origin."""
    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["product"]["unit_value"] = None
    doc["shipment"]["end_use"] = {"category": "civil", "description": None}
    doc["shipment"]["end_user"] = None
    doc["components"][0]["origin"] = None
    return doc


def _typed_texts(value: Any) -> list[str]:
    """The names and descriptions a dossier holds (the user's own words, shown as typed)."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (_typed_texts(v) if k not in ("name", "description") else [v] if isinstance(v, str) else [])]
    if isinstance(value, list):
        return [t for v in value for t in _typed_texts(v)]
    return []


@pytest.mark.parametrize("language", ("en", *CHINESE))
def test_the_memo_heading_shows_a_dash_for_what_the_dossier_does_not_give(language: str) -> None:
    head = "\n".join(_memo(_gappy(), language).split("\n")[:6])
    assert "None" not in head, head
    assert head.count(" -") >= 2 or head.count("-") >= 2, head  # the item value and the end user


@pytest.mark.parametrize("language", CHINESE)
def test_the_chinese_memo_names_fields_and_rules_as_the_window_and_citations_do(language: str) -> None:
    text = _memo(_gappy(), language)
    assert "components[0]" not in text and "cn-mofcom-2025-061:I(1)" not in text, text
    row = {"zh-Hant": "物料清單第1行", "zh-Hans": "物料清单第1行"}[language]
    cited = {"zh-Hant": "商務部公告2025年第61號第一條第（一）項", "zh-Hans": "商务部公告2025年第61号第一条第（一）项"}[language]
    missing = text.split({"zh-Hant": "所需資料：", "zh-Hans": "所需数据："}[language])[1]
    assert row in missing and cited in missing, missing
    assert row in text.split("\n")[text.split("\n").index(next(l for l in text.split("\n") if l.startswith("截至")))]
    empty_bom = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    empty_bom["components"] = []
    bom_text = _memo(empty_bom, language)
    assert "components" not in bom_text and {"zh-Hant": "物料清單", "zh-Hans": "物料清单"}[language] in bom_text
    typed = [t for d in (_gappy(), empty_bom) for t in _typed_texts(d)]  # what the user typed is theirs
    for memo_text in (text, bom_text):  # the lines the memo writes itself: its heading, the summary, the missing data
        lines = memo_text.split("\n")
        summary = next(l for l in lines if l.startswith("截至"))
        asked = memo_text.split({"zh-Hant": "所需資料：", "zh-Hans": "所需数据："}[language])[1].split("\n\n")[0]
        for line in [*lines[3:6], summary, *asked.split("\n")]:  # product, shipment, as-of (line 2 holds the hash)
            assert strict_problems(line, language, typed) == [], line


@pytest.mark.parametrize("language", CHINESE)
def test_show_in_chinese_does_not_crash_on_unknown_product_elements(capsys: Any, tmp_path: Any, monkeypatch: Any, language: str) -> None:
    import json

    from reedesk.cli.main import main

    doc = copy.deepcopy(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    doc["reference"] = "NO-ELEMENTS"
    doc["product"]["elements"] = None
    path = tmp_path / "no-elements.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("REEDESK_HOME", str(tmp_path / "home"))
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    assert main(["show", "NO-ELEMENTS", "--language", language]) == 0
    out = capsys.readouterr().out
    assert {"zh-Hant": "元素：-", "zh-Hans": "元素：-"}[language] in out, out

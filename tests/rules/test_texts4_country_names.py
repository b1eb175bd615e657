"""reedesk-texts-4 (session 11): the Chinese determination texts name the countries and currencies the engine writes
as ISO codes — 「自台湾出口，并非自中国境内出口」, 「计入成分合计 1.112000美元 ÷ 物项价值 3500.00美元」 — where 3.0.0 wrote
「自TW出口」 and 「3500.00 USD」 (the guide: no English or internal codes in Chinese output). English keeps the codes.

The names come from the texts pack's own ``[names.country]`` / ``[names.currency]`` tables (copied from the vocabulary
catalogue, which takes CLDR's), so a stored determination reads the same whatever Babel is installed. What the engine
stores is unchanged but for the texts pack's hash; a 3.0.0 document re-runs to its own bytes and reads as written.
Real engine, real shipped packs, the bundled samples.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from typing import Any, Iterator

import pytest

from reedesk import vocabulary
from reedesk.cli.evaluate import memo
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.resources import resource
from reedesk.rules import messages
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.services.evaluation import reproduces
from tests.conftest import SAMPLES_DIR, sample_document
from tests.language_check import names_in

AS_OF = date(2026, 11, 25)
SAMPLES = sorted(p.stem for p in SAMPLES_DIR.glob("*.json"))
TEXTS_4 = resource("rules") / "texts" / "reedesk-texts-4.toml"
ZH = ("zh-Hans", "zh-Hant")


def _texts() -> list[str]:
    return [p.source_text for p in shipped_packs()]


def _strings(node: Any) -> Iterator[dict[str, str]]:
    """Every trilingual text of an expanded document."""
    if isinstance(node, dict):
        if set(messages.LANGUAGES) <= node.keys() and all(isinstance(node[k], str) for k in messages.LANGUAGES):
            yield node
            return
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _codes(dossier: dict[str, Any]) -> set[str]:
    """The country and currency codes of a dossier (the ones its determination could print)."""
    text = json.dumps(dossier)
    found = {c for c in re.findall(r'"([A-Z]{2,3})"', text) if vocabulary.known("country", c) or vocabulary.known("currency", c)}
    return found | {"CN"}


def _typed(dossier: dict[str, Any]) -> list[str]:
    """What the user typed (party names, ids such as 「TW-TGT-19」): shown as written, not a code the engine wrote
    (tests.language_check.names_in, longest first)."""
    return sorted(names_in(dossier), key=len, reverse=True)


def _bare(code: str, text: str, typed: list[str] = []) -> bool:  # noqa: B006 (read only)
    for part in typed:
        text = text.replace(part, " ")
    return re.search(rf"(?<![A-Za-z]){code}(?![A-Za-z])", text) is not None


def _pack_authored() -> list[str]:
    """The rule packs' own Chinese sentences (a reading's description), cut out where a released pack's words are
    not what is checked, as tests/cli/strict_chinese.py's ``foreign``. Until session 13 two of them named a dossier's
    code on purpose (No. 61 2026.10 「出口经营者国别为CN」, No. 18 2026.5 「卷宗国别代码 HK、MO、TW」); their new versions
    name the places, and the texts are checked with the packs' sentences in."""
    found: list[str] = []
    for pack in shipped_packs():
        doc = tomllib.loads(pack.source_text)

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if isinstance(value, str) and key.endswith(("_zh", "_zh_hant")):
                        found.append(value)
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(doc)
    return sorted(set(found), key=len, reverse=True)


def _variants(name: str) -> list[dict[str, Any]]:
    """The sample, and a Taiwanese-made copy shipped from Hong Kong to Germany in euro (more codes on more paths)."""
    doc = sample_document(name)
    other = json.loads(json.dumps(doc))
    other["product"]["made_in"] = "TW"
    other["shipment"]["export_from"] = "HK"
    other["shipment"]["destination"] = "DE"
    return [doc, other]


def test_the_names_tables_are_the_vocabulary_catalogues() -> None:
    """The copy in the hashed file is the catalogue's names (one naming: the window's country list says the same)."""
    names = tomllib.loads(TEXTS_4.read_text(encoding="utf-8"))["names"]
    for kind in ("country", "currency"):
        assert set(names[kind]) == {code for code, _ in vocabulary._cldr_table(kind, "zh-Hans")}, kind
        for code, by_language in names[kind].items():
            for language in ZH:
                assert by_language[language] == vocabulary.label(kind, code, language), (kind, code, language)
    assert names["country"]["TW"] == {"zh-Hans": "台湾", "zh-Hant": "台灣"}
    assert names["currency"]["USD"] == {"zh-Hans": "美元", "zh-Hant": "美元"}


@pytest.mark.parametrize("name", SAMPLES)
def test_no_country_or_currency_code_in_the_chinese_texts(name: str) -> None:
    for dossier in _variants(name):
        document = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF)))
        assert document["texts"]["version"] == "4.0.0"
        texts = list(_strings(expand(document)))
        assert texts
        codes, typed = _codes(dossier), _typed(dossier)  # the packs' own sentences too (session 13: none names a code)
        for text in texts:
            for language in ZH:
                bare = [c for c in codes if _bare(c, text[language], typed)]
                assert bare == [], (language, bare, text[language])
        # each place of the shipment is named somewhere, in its Chinese name
        joined = {language: "\n".join(t[language] for t in texts) for language in ZH}
        for code in {dossier["product"]["made_in"], dossier["shipment"]["export_from"]}:
            for language in ZH:
                assert vocabulary.label("country", code, language) in joined[language], (code, language)
        assert reproduces(document, _texts())


def _without_chinese(node: Any) -> Any:
    """The document with every Chinese string of a trilingual text blanked (what a texts pack's Chinese words)."""
    if isinstance(node, dict):
        if set(messages.LANGUAGES) <= node.keys() and all(isinstance(node[k], str) for k in messages.LANGUAGES):
            return {**node, "zh-Hans": None, "zh-Hant": None}
        return {k: _without_chinese(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_chinese(v) for v in node]
    return node


def test_english_reads_as_before_and_only_chinese_words_and_the_texts_hash_are_stored_differently() -> None:
    """What the engine stores differs only in the texts pack named and in the Chinese of the literal sentences the
    engine writes (a template's stored params are the codes as before)."""
    three = messages.texts_of_version("3.0.0")
    for name in SAMPLES:
        for dossier in _variants(name):
            new = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF)))
            old = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF, texts=three)))
            assert old["texts"]["version"] == "3.0.0" and new["texts"]["version"] == "4.0.0"
            assert _without_chinese({**new, "texts": None}) == _without_chinese({**old, "texts": None}), name
            assert [t["en"] for t in _strings(expand(new))] == [t["en"] for t in _strings(expand(old))], name
            # the 3.0.0 document reads as it was written (codes and all), and re-runs to its own bytes
            assert reproduces(old, _texts())


def test_a_3_0_0_document_keeps_its_codes_when_read() -> None:
    dossier = _variants("gd-target-taiwan-memory-fab")[0]
    old = expand(json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF, texts=messages.texts_of_version("3.0.0")))))
    new = expand(json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF))))
    old_zh = "\n".join(t["zh-Hans"] for t in _strings(old))
    new_zh = "\n".join(t["zh-Hans"] for t in _strings(new))
    typed = _typed(dossier) + _pack_authored()
    assert _bare("TW", old_zh, typed) and not _bare("TW", new_zh, typed)
    assert "台湾" in new_zh


def test_the_value_rule_names_the_currency_in_chinese() -> None:
    """The ratio step (derived again when read) and the margin: 「… 3500.00美元」, never 「3500.00 USD」."""
    dossier = sample_document("smco-magnet-vietnam")
    steps = [s for f in expand(json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF))))["findings"]
             for s in (f.get("steps") or []) if isinstance(s, dict) and "÷" in s.get("en", "")]
    assert steps, "the value rule shows its ratio"
    for step in steps:
        assert "USD" in step["en"]
        assert "美元" in step["zh-Hans"] and "美元" in step["zh-Hant"], step
        assert not _bare("USD", step["zh-Hans"]) and not _bare("USD", step["zh-Hant"]), step


def test_the_formatter_names_codes_and_shows_what_it_does_not_know() -> None:
    four = messages.texts_of_version("4.0.0")
    reader = messages._reader(four)
    assert reader.vformat("{a:country-zh-Hans}", (), {"a": "TW"}) == "台湾"
    assert reader.vformat("{a:country-zh-Hant}", (), {"a": "TW, US"}) == "台灣、美國"
    assert reader.vformat("{a:currency-zh-Hans}", (), {"a": "EUR"}) == "欧元"
    assert reader.vformat("{a:country-zh-Hans}", (), {"a": "XQ"}) == "XQ"  # no such country: as it is
    assert reader.vformat("{a:country-zh-Hans}", (), {"a": None}) == "None"  # as a plain template shows it


@pytest.mark.parametrize("language", ZH)
def test_the_cli_memo_names_places_and_money(language: str) -> None:
    dossier = sample_document("gd-target-taiwan-memory-fab")
    document = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF)))
    text = memo(document, language)
    shipment = [line for line in text.splitlines() if "→" in line and ("运输" in line or "運輸" in line)]
    assert len(shipment) == 1, text
    taiwan, usa = vocabulary.label("country", "TW", language), vocabulary.label("country", "US", language)
    assert f"{taiwan} → {usa}" in shipment[0], shipment[0]
    typed = _typed(dossier)
    assert not _bare("TW", shipment[0], typed) and not _bare("US", shipment[0], typed), shipment[0]

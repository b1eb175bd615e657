"""The coverage note (engine._notes.1: the packs used were reviewed only up to a date before the as-of date) names the
rule packs in Chinese by the announcement each encodes — 「所用规则包（《中华人民共和国出口管制法》、「商务部公告2024年第46号」、…）
审阅至2026-10-05」 — as audit verify's notes do (reedesk.rules.packs.pack_name, the one naming), never by pack id; English
keeps the ids (reedesk-texts-3, TEXTS9b). The stored params are the ids as before (only the texts pack's hash differs),
and a document made with reedesk-texts-2 or -1 still re-runs byte for byte and reads as it was written.
Real engine, real shipped packs, the bundled samples.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from reedesk.cli.evaluate import memo
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import messages
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import pack_name, shipped_packs
from reedesk.rules.render import expand
from reedesk.services.evaluation import reproduces
from tests.cli.strict_chinese import strict_problems
from tests.conftest import SAMPLES_DIR, sample_document

AS_OF = date(2026, 11, 25)  # after every shipped pack's reviewed_until: the note names them all
SAMPLES = sorted(p.stem for p in SAMPLES_DIR.glob("*.json"))
PACK_ID = re.compile(r"\bcn-[a-z0-9-]+")
LATIN = re.compile(r"[A-Za-z]")


def _texts() -> list[str]:
    return [p.source_text for p in shipped_packs()]


def _coverage(document: dict) -> dict:
    notes = [n for n in expand(document)["notes"] if n["en"].startswith("Coverage:")]
    assert len(notes) == 1, notes
    return notes[0]


@pytest.mark.parametrize("name", SAMPLES)
def test_the_chinese_coverage_note_names_no_pack_id(name: str) -> None:
    document = json.loads(canonical_bytes(evaluate(sample_document(name), shipped_packs(), AS_OF)))
    assert document["texts"]["version"] == "4.0.0"
    note = _coverage(document)
    used = {p["id"] for p in document["packs"]}
    ids = sorted({p.id for p in shipped_packs() if p.id in used and AS_OF > p.reviewed_until})
    assert ids, document["packs"]
    for language, script in (("zh-Hans", "zh-Hans"), ("zh-Hant", "zh-Hant")):
        text = note[language]
        assert PACK_ID.search(text) is None, (language, text)
        assert not any(i in text for i in ids), (language, text)
        # every stale pack named by its announcement, in this script, joined by 、 (no ASCII list marks)
        names = [pack_name(i)[script] for i in ids]
        assert all(n[:1] in "「《" and "名称未知" not in n and "名稱未知" not in n for n in names), names
        assert "（" + "、".join(names) + "）" in text, (language, text)
        assert ", " not in text and LATIN.search(text) is None, (language, text)
        assert strict_problems(text, language, set()) == [], (language, strict_problems(text, language, set()))
    assert "「商务部公告2025年第61号」" in note["zh-Hans"] and "「商務部公告2025年第61號」" in note["zh-Hant"]
    assert f"({', '.join(ids)})" in note["en"]  # English keeps the ids
    assert reproduces(document, _texts())
    # the CLI memo (reedesk evaluate --lang zh-…) prints the same sentence (its rule-packs list, with hashes, is not
    # about this note)
    for language, start in (("zh-Hans", "覆盖范围："), ("zh-Hant", "覆蓋範圍：")):
        lines = [line for line in memo(document, language).splitlines() if start in line]
        assert len(lines) == 1 and note[language] in lines[0], (language, lines)
        assert PACK_ID.search(lines[0]) is None, (language, lines[0])


def test_the_stored_note_keeps_its_params_and_older_texts_packs_read_as_written() -> None:
    """Only the template changed (a new texts pack, 3.0.0): what the engine stores is the same message with the same
    ids, so a document made with 2.0.0 (or 1.0.0) re-runs to its own bytes and its note reads as it did (ids)."""
    dossier = sample_document("smco-magnet-vietnam")
    new = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF)))
    two = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF, texts=messages.texts_of_version("2.0.0"))))
    one = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF, texts=messages.texts_of_version("1.0.0"))))
    assert two["texts"]["version"] == "2.0.0" and one["texts"]["version"] == "1.0.0"
    three = json.loads(canonical_bytes(evaluate(dossier, shipped_packs(), AS_OF, texts=messages.texts_of_version("3.0.0"))))
    # the same stored document but for the texts pack it names (4.0.0 also names countries in the Chinese of the
    # engine's literal sentences: tests/rules/test_texts4_country_names.py)
    assert {k: v for k, v in three.items() if k != "texts"} == {k: v for k, v in two.items() if k != "texts"}
    for document in (new, three, two, one):
        assert reproduces(document, _texts())
    was2, was1 = _coverage(two), _coverage(one)
    assert "、cn-mofcom-2025-061、" in was2["zh-Hans"]  # reedesk-texts-2, as it was written
    assert "cn-mofcom-2025-061, " in was1["zh-Hans"]  # reedesk-texts-1, as it was written
    assert _coverage(new)["en"] == was2["en"] == was1["en"]


def test_audit_verify_and_the_coverage_note_name_a_pack_alike() -> None:
    """One naming: audit verify's 「…」规则包 is the coverage note's name of the pack with 规则包 after it."""
    from reedesk.services.audit import pack_named

    for pack in shipped_packs():
        named = pack_named(pack.id, str(pack.version))
        name = pack_name(pack.id)
        assert name["en"] == pack.id and pack.id in named.text("en")
        assert f"{name['zh-Hans']}规则包" in named.text("zh-Hans"), (named.text("zh-Hans"), name)
        assert f"{name['zh-Hant']}規則包" in named.text("zh-Hant"), (named.text("zh-Hant"), name)
    unknown = pack_name("cn-no-such-pack")
    assert unknown["zh-Hans"] == "名称未知的规则包" and unknown["zh-Hant"] == "名稱未知的規則包"

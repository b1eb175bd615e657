"""Facts determinations (issue 13 point 1): small, hash-covered texts, old documents still verify."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.resources import resource
from reedesk.rules import messages
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.services.evaluation import reproduces
from tests.conftest import sample_document
from tests.rules.test_inputs_contract import _old_determination

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from rules_engine import dossier as bench_dossier  # noqa: E402

AS_OF = date(2026, 11, 25)
TEXTS = resource("rules") / "texts" / "reedesk-texts-4.toml"  # the newest (session 11); reedesk-texts-1/-2.toml stay shipped
TEXTS_1 = resource("rules") / "texts" / "reedesk-texts-1.toml"


def _pack_texts() -> list[str]:
    return [p.source_text for p in shipped_packs()]


def test_the_20_line_determination_is_facts_not_prose() -> None:
    """Issue 13 point 1: the 20-line benchmark determination stores facts (message references), not
    prose; it is less than half the size of its rendered 0.1 form, and no sentence is stored in Chinese."""
    doc = evaluate(bench_dossier(20), shipped_packs(), AS_OF)
    stored = canonical_bytes(doc)
    shown = canonical_bytes(expand(json.loads(stored)))
    assert doc["schema"] == "reedesk.determination/2"
    assert len(stored) <= 64_000, len(stored)
    assert len(stored) * 2 < len(shown)
    findings = json.dumps(doc["findings"], ensure_ascii=False)
    assert "citation" not in findings and "不受管制" not in findings


def test_the_texts_pack_is_named_by_hash_in_the_determination() -> None:
    """The templates are covered by a hash: the determination names the texts pack by SHA-256 of the file's bytes."""
    import hashlib

    doc = evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), AS_OF)
    assert doc["texts"] == {"id": "reedesk-texts", "version": "4.0.0", "sha256": hashlib.sha256(TEXTS.read_bytes()).hexdigest()}


def test_a_rerun_writes_with_the_texts_pack_the_document_names() -> None:
    """Session 9: reedesk-texts-2 words some sentences otherwise (no codes, paths or "None" in Chinese), and a document
    made with reedesk-texts-1 (every document before it, a 3.6.0 one included) re-runs to its own bytes: the re-run
    writes with the texts pack the document names, and an engine before 3.6.0 with 1.0.0 by default."""
    import hashlib

    one = messages.texts_by_sha256(hashlib.sha256(TEXTS_1.read_bytes()).hexdigest())
    assert one is not None and one.version == "1.0.0"
    old = json.loads(canonical_bytes(evaluate(bench_dossier(20), shipped_packs(), AS_OF, texts=one)))
    new = json.loads(canonical_bytes(evaluate(bench_dossier(20), shipped_packs(), AS_OF)))
    assert old["texts"]["version"] == "1.0.0" and new["texts"]["version"] == "4.0.0"
    assert reproduces(old, _pack_texts()) and reproduces(new, _pack_texts())
    assert expand(old)["texts"]["version"] == "1.0.0"
    earlier = evaluate(bench_dossier(1), shipped_packs(), AS_OF, made_by="3.5.0")
    assert earlier["texts"]["version"] == "1.0.0"


def test_a_tampered_template_changes_the_hash_and_fails_verification(tmp_path, monkeypatch) -> None:
    """Attack: one word of a template is changed in the texts file. Its SHA-256 changes, so a
    determination made before no longer reproduces (the re-run names the other hash) and cannot be
    rendered from the changed file (expand refuses rather than show other words)."""
    original = json.loads(canonical_bytes(evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), AS_OF)))
    assert reproduces(original, _pack_texts())
    text = TEXTS.read_text(encoding="utf-8")
    assert "licence required" in text
    tampered_file = tmp_path / "reedesk-texts-1.toml"
    tampered_file.write_text(text.replace("licence required", "no licence required", 1), encoding="utf-8")
    tampered = messages.TextsPack(tampered_file.read_bytes(), tampered_file.name)
    assert tampered.sha256 != original["texts"]["sha256"]
    monkeypatch.setattr(messages, "_PACKS", {tampered.sha256: tampered})
    monkeypatch.setattr(messages, "_CURRENT", tampered)
    assert not reproduces(original, _pack_texts())
    with pytest.raises(ReedeskError, match="does not carry unchanged"):
        expand(original)


@pytest.mark.parametrize("name", ["smco-magnet-vietnam", "terbium-metal-export-from-china"])
def test_a_0_1_0_determination_still_verifies_and_expands_to_itself(name: str) -> None:
    """Issue 13 "done when": 0.1.0 determinations (reedesk.determination/1, engine 1.1.0) stay readable
    and verifiable — expand() returns them unchanged and the frozen engine re-runs them byte for byte."""
    old, texts = _old_determination(name, AS_OF)
    assert old["schema"] == "reedesk.determination/1"
    assert expand(old) is old
    assert reproduces(old, texts)


def test_expand_is_idempotent_and_keeps_the_facts() -> None:
    """Expanding twice gives the same view; outcome, decisive rules and figures are the stored ones."""
    from reedesk.rules.shape4 import findings_of

    doc = json.loads(canonical_bytes(evaluate(sample_document("terbium-metal-export-from-china"), shipped_packs(), AS_OF)))
    once = expand(doc)
    assert canonical_bytes(expand(once)) == canonical_bytes(once)
    assert once["outcome"] == doc["outcome"] and once["decisive"] == doc["decisive"]
    # (shape 4 leaves a finding's default result out of the stored bytes: shape4.findings_of gives it back)
    assert [(f["rule"], f["result"]) for f in once["findings"]] == [(f["rule"], f["result"]) for f in findings_of(doc)]
    assert set(once["outcome_name"]) == {"en", "zh-Hans", "zh-Hant"}


def test_canonical_bytes_of_a_facts_document_are_the_reference_encoders() -> None:
    """RFC 8785: the C fast path takes message references (a dict subclass without state) and writes
    exactly what the reference encoder writes for the same document."""
    import rfc8785

    from reedesk.canonical import fast_path_applies

    doc = evaluate(bench_dossier(20), shipped_packs(), AS_OF)
    assert fast_path_applies(doc)
    assert canonical_bytes(doc) == rfc8785.dumps(doc) == rfc8785.dumps(json.loads(canonical_bytes(doc)))


def test_a_stored_determination_with_an_imported_pack_expands_in_a_fresh_process(desk, tmp_path, monkeypatch) -> None:
    """A facts document names its packs by SHA-256 only; loading it from the desk makes the desk's
    imported packs known, so a reader that has parsed no pack yet (a fresh GUI) still sees the
    citations (the imported No. 70 pack 2027.1 moves the suspension's end; FORMATS.md determination ``packs``)."""
    from reedesk.rules import packs as packs_mod
    from reedesk.services import evaluation, rulepacks
    from tests.rules.builders import EXTENSION

    path = tmp_path / "ext.toml"
    path.write_text(EXTENSION, encoding="utf-8")
    imported = rulepacks.import_pack(desk, path).pack
    stored = evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-11-25")
    assert imported.sha256 in {p["sha256"] for p in stored.document["packs"]}
    monkeypatch.setattr(packs_mod, "_KNOWN", {})  # as in a process that has parsed nothing yet
    with pytest.raises(ReedeskError, match="has not loaded"):
        expand(json.loads(canonical_bytes(stored.document)))
    again = evaluation.load_determination(desk, stored.id)
    shown = expand(again.document)
    assert all(f["citation"]["text"]["en"] and f["citation"]["text"]["zh-Hant"] for f in shown["findings"])
    assert shown["summary"]["en"].startswith("As of 2026-11-25")


def test_chinese_texts_name_articles_and_packs_without_codes_or_ascii_lists() -> None:
    """Session 9 (reedesk-texts-2): a policy rule none of whose control rules applies names them as the pack does, joined
    with 、 (「第一条第（一）项、第一条第（二）项、第一条第（三）项均不适用」, not 「I(1), I(2), I(3) 均不适用」), the coverage note
    joins its pack ids with 、, and No. 1 of 2026's open point on foreign-made content is said in words, not as the
    parameter (foreign_made_content); a document made with reedesk-texts-1 still reads as it was written. In shape 4
    the policy sentence costs no more than before (its params follow from the finding's rule)."""
    import hashlib

    one = messages.texts_by_sha256(hashlib.sha256(TEXTS_1.read_bytes()).hexdigest())
    old = json.loads(canonical_bytes(evaluate(bench_dossier(20), shipped_packs(), AS_OF, texts=one)))
    new = json.loads(canonical_bytes(evaluate(bench_dossier(20), shipped_packs(), AS_OF)))
    assert [f["explanation"] for f in new["findings"] if f["rule"] == "cn-mofcom-2025-061:II"] == [{"t": "engine._policy_finding.2"}]
    assert [f["explanation"]["t"] for f in old["findings"] if f["rule"] == "cn-mofcom-2025-061:II"] == ["engine._policy_finding.1"]
    assert reproduces(new, _pack_texts()) and reproduces(old, _pack_texts())
    shown, was = expand(new), expand(old)
    policy = next(f for f in shown["findings"] if f["rule"] == "cn-mofcom-2025-061:II")["explanation"]
    assert "第一条第（一）项、第一条第（二）项、第一条第（三）项均不适用" in policy["zh-Hans"]
    assert "第一條第（一）項、第一條第（二）項、第一條第（三）項均不適用" in policy["zh-Hant"]
    assert "none of Art. I(1), Art. I(2), Art. I(3) applies" in policy["en"]
    assert any("I(1), I(2), I(3) 均不适用" in f["explanation"]["zh-Hans"] for f in was["findings"])  # as it was written
    coverage = next(n for n in shown["notes"] if n["en"].startswith("Coverage"))
    # reedesk-texts-3 names the packs by announcement (tests/rules/test_coverage_note_chinese.py; 2.0.0 joined ids with 、)
    assert ", " not in coverage["zh-Hans"] and "、「商务部公告2025年第61号」" in coverage["zh-Hans"] and ", cn-mofcom-" in coverage["en"]
    route = messages.render({"t": "destination._route.4", "p": {"home": "CN"}})
    assert "foreign_made_content" not in route["zh-Hans"] + route["zh-Hant"] + route["en"]
    assert "已列为解读" in route["zh-Hans"] and "已列為解讀" in route["zh-Hant"]


def test_chinese_control_codes_without_ascii_marks_or_field_paths() -> None:
    """reedesk-texts-2: the control codes a rule names are written with Chinese parentheses and 、 (「管制编码
    1C904（Tb）、1C905（Dy）」, not 「1C904 (Tb), 1C905 (Dy)」: tests/cli/strict_chinese's ASCII-beside-Chinese rule), and a
    missing control code is 「管制编码为空」 without （product.control_code）; English keeps its own punctuation."""
    named = messages.render({"t": "origin.check.3", "p": {"named": "1C904 (Tb), 1C905 (Dy)"}})
    assert named["zh-Hans"] == "管制编码 1C904（Tb）、1C905（Dy）" and named["zh-Hant"] == "管制編碼 1C904（Tb）、1C905（Dy）"
    assert named["en"] == "control code 1C904 (Tb), 1C905 (Dy)"
    empty = messages.render({"t": "item_list.check.7", "p": {
        "CODE_FIELD": "product.control_code", "cat": {"t": "label.rare_earth_equipment"}, "code": "2B902", "hans": "2B902",
        "hant": "2B902", "not_eval": {"en": "", "zh-Hans": "", "zh-Hant": ""}}})
    assert empty["zh-Hans"].startswith("管制编码为空：") and "product.control_code" not in empty["zh-Hans"] + empty["zh-Hant"]
    one = messages.texts_of_version("1.0.0")  # as reedesk-texts-1 wrote it
    assert messages.render({"t": "origin.check.3", "p": {"named": "1C904 (Tb)"}}, one)["zh-Hans"] == "管制编码 1C904 (Tb)"

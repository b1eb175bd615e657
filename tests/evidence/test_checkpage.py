"""The cover's completeness block and the "How to check this pack" page (issue 11, points 6 and 7):
real pages rendered by reportlab and read back with pypdf, in all three languages."""

from __future__ import annotations

import copy
import re
from datetime import date

import pytest

from reedesk.evidence.completeness import missing_fields, outcome_changing_readings, screening_status
from reedesk.evidence.layout import render_pages
from tests.evidence.test_layout import contents_for, page_texts

SCREENING = {
    "as_of": "2026-11-25", "threshold": "88", "method": "test",
    "lists": [{"id": "cn-mofcom-control-list", "kind": "control_list", "version": "2026-02-24", "sha256": "0" * 64,
               "name": {"en": "Export Control List", "zh-Hant": "出口管制管控名單", "zh-Hans": "出口管制管控名单"}}],
    "parties": [
        {"role": "end_user", "path": "shipment.end_user", "name": "Rhein Antriebe GmbH", "country": "DE", "owner_of": None,
         "share": None, "hits": []},
        {"role": "importer", "path": "shipment.importer", "name": "Nordic Import AB", "country": "SE", "owner_of": None, "share": None,
         "hits": [{"list_id": "cn-mofcom-control-list", "entry_id": "e1", "entry_name": "Nordic Imports Ltd", "decision": None}]},
        {"role": "owner", "path": "shipment.importer.owners[0]", "name": "Holding X", "country": "US",
         "owner_of": "shipment.importer", "share": "0.60",
         "hits": [{"list_id": "cn-mofcom-control-list", "entry_id": "e2", "entry_name": "Holding X Corp", "decision": "cleared"}]},
    ],
}
READINGS = [
    {"id": "primary", "primary": True, "outcome": "license_required", "description": {"en": "primary", "zh-Hant": "主要", "zh-Hans": "主要"}},
    {"id": "extended-2027", "primary": False, "outcome": "suspended", "status": "reported_unconfirmed",
     "description": {"en": "The suspension was extended", "zh-Hant": "暫停已延長", "zh-Hans": "暂停已延长"}},
    {"id": "same", "primary": False, "outcome": "license_required", "description": {"en": "no change", "zh-Hant": "無變化", "zh-Hans": "无变化"}},
]


def test_old_determinations_without_screening_or_readings_are_read_as_absent():
    """A 0.1.0 determination has neither field: reported as not screened / no readings, never guessed."""
    old = {"outcome": "license_required", "missing": []}
    assert screening_status(old) == {"screened": False, "lists": [], "parties": [], "as_of": None}
    assert outcome_changing_readings(old) == [] and missing_fields(old) == []
    assert missing_fields({"missing": [{"field": "components[0].value"}, "product.hs_code", None]}) == ["components[0].value", "product.hs_code"]


def test_screening_status_counts_open_confirmed_and_cleared_hits():
    status = screening_status({"screening": SCREENING})
    assert status["screened"] and [p["role"] for p in status["parties"]] == ["end_user", "importer", "owner"]
    assert [(p["open"], p["cleared"]) for p in status["parties"]] == [(0, 0), (1, 0), (0, 1)]
    changing = outcome_changing_readings({"outcome": "license_required", "readings": READINGS})
    assert [r["id"] for r in changing] == ["extended-2027"]  # the reading with the same outcome is not listed


def _cover_and_howto(language: str, **changes) -> tuple[str, str]:
    contents = contents_for("smco-magnet-vietnam", date(2026, 11, 25), language)
    contents.determination = copy.deepcopy(contents.determination)
    contents.determination.update(changes)
    texts = page_texts(render_pages(contents))
    return texts[0], texts[1]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("language", "open_word", "cleared_word", "role"), [
    ("en", "NOT DECIDED", "cleared", "Importer"), ("zh-Hant", "尚未決定", "已排除", "進口商"), ("zh-Hans", "尚未决定", "已排除", "进口商")])
def test_the_cover_names_each_partys_screening_and_the_changing_reading(language, open_word, cleared_word, role):
    cover, _ = _cover_and_howto(language, screening=SCREENING, readings=READINGS, missing=[{"field": "components[0].value"}])
    flat = _squash(cover)
    from reedesk.field_labels import label

    # the missing field is named as the editor shows it (issue 14), not by its JSON path
    # the reading that changes the outcome: English gives its id too, Chinese its description alone (the id is a code)
    reading = "extended-2027: The suspension was extended" if language == "en" else READINGS[1]["description"][language]
    for needle in ("Nordic Import AB", "Nordic Imports Ltd", "Holding X Corp", "2026-02-24", open_word, cleared_word, role,
                   label("components[0].value", language), reading):
        assert _squash(needle) in flat, (language, needle)
    assert language == "en" or "extended-2027" not in flat
    assert "REEDESK-COVER" in cover  # the machine line stays on the cover


@pytest.mark.parametrize(("language", "phrase"), [
    ("en", "Not screened"), ("zh-Hant", "未篩查"), ("zh-Hans", "未筛查")])
def test_an_unscreened_determination_says_so_on_the_cover(language, phrase):
    cover, _ = _cover_and_howto(language, screening=None)
    assert _squash(phrase) in _squash(cover)


@pytest.mark.parametrize(("language", "title", "own_clock"), [
    ("en", "How to check this pack", "signer's own computer clock"),
    ("zh-Hant", "如何查核本證據包", "簽署人自己電腦的時鐘"),
    ("zh-Hans", "如何核查本证据包", "签名人自己电脑的时钟")])
def test_page_two_tells_a_stranger_how_to_check_the_pack(language, title, own_clock):
    _, howto = _cover_and_howto(language)
    flat = _squash(howto)
    for needle in (title, own_clock, "pip install reedesk", COMMANDS[language], "pdfsig", "ECDSA P-256", "pdfdetach"):
        assert _squash(needle) in flat, (language, needle)
    if language != "en":  # Chinese pages: no English sentences, only names of tools and commands
        words = set(re.findall(r"[A-Za-z]{4,}", howto.replace("RD-TEST-0001", "")))
        # (session 9: the command's placeholders are Chinese words, not PACK.pdf and FINGERPRINT)
        assert words <= {"reedesk", "verify", "trust", "install", "Python", "remember", "Adobe", "Acrobat",
                         "poppler", "pdfsig", "ECDSA", "DSSE", "pdfdetach"}, words


# The command the How-to page gives, its placeholders in the page's language.
COMMANDS = {"en": "reedesk verify PACK.pdf --trust FINGERPRINT", "zh-Hans": "reedesk verify 证据包文件 --trust 指纹",
            "zh-Hant": "reedesk verify 證據包檔案 --trust 指紋"}


def test_the_fingerprints_to_confirm_are_printed_on_page_two(exported):
    from pypdf import PdfReader
    import io

    from reedesk.signing.keys import fingerprint

    text = PdfReader(io.BytesIO(exported["bytes"])).pages[1].extract_text()
    assert fingerprint(exported["identity"].key_id) in text and "Mai Tran" in text


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_chinese_cover_with_screening_hits_keeps_the_strict_rule(language):
    """The completeness block with an open hit, a cleared owner's hit and a changing reading (session 8): the
    party lines, the hit details and the reading in fullwidth marks, no code, no reading id — what the parties are
    called and the list entries' names are what was typed (strict_chinese's names)."""
    from tests.cli.strict_chinese import strict_problems

    cover, _ = _cover_and_howto(language, screening=SCREENING, readings=READINGS)
    lines = cover[: cover.index("REEDESK-COVER")].splitlines()  # the machine line is FORMATS.md's (test_chinese_pages)
    names = ["Nordic Import AB", "Nordic Imports Ltd", "Holding X Corp", "Holding X", "Rhein Antriebe GmbH",
             "Sintered Sm2Co17 permanent magnet, grade 28", "Mai Tran", "Compliance officer", "Lotus Magnetics Co., Ltd."]
    names += [word for name in names for word in name.split()]
    block = [line for line in lines if "Nordic" in line or "Holding" in line or "Rhein" in line or "暫停" in line or "暂停" in line]
    assert len(block) >= 3, lines
    assert [p for line in block for p in strict_problems(line, language, names)] == []
    assert not any("extended-2027" in line for line in lines)

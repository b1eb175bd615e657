"""A Chinese evidence pack's pages, as ``pdftotext`` extracts them, pass the guide's strict rule for Chinese output
(tests/cli/strict_chinese.py: no English word, no internal code in or out of parentheses, no field path, no ASCII
``: ; , ( )`` beside a Chinese character), and so do the verifier's reasons in Chinese; the English pack keeps the
outcome's machine name under its name, small (FORMATS.md's name, what ``reedesk verify --json`` says).

Real signed packs of three bundled samples (Sm-Co magnet: value rule decisive, a reading that changes the outcome, the
headroom page; NdFeB magnet: technology rule decisive, a Chinese technology stage; terbium metal from China: listed
item) exported on a real desk in en / zh-Hant / zh-Hans, and the terbium dossier's licence application in Chinese.

What is not checked, explicitly:
- what the user typed (dossier names, descriptions, the signer's name, role and organisation; as whole strings and,
  since a table cell wraps them, word by word) and what files are called (strict_chinese's own allowance);
- hashes, fingerprints, document ids, timestamps, rule ids and control codes (tests/language_check's allowances);
- the cover's machine line (``REEDESK-COVER outcome=… ratio=… threshold=… as_of=… determination=…``): FORMATS.md's
  identifiers, read back by ``reedesk verify``;
- the command the How-to page gives to type literally (``reedesk verify 证据包文件 --trust 指纹``: its placeholders in
  Chinese since session 9, no longer PACK.pdf and FINGERPRINT);
- text the rule packs wrote (resources/rules/*.toml, hashed; LEGAL's): every string of the packs the evidence pack
  embeds, cut out of a line wherever a run of four or more of its characters, one Chinese at least, appears there.
  The sentences of the rule texts pack (reedesk-texts-2, session 9) are no longer cut out: they are checked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable

import pytest

from reedesk.evidence.reader import contents_from_pack, parse_pack
from tests.cli.strict_chinese import strict_problems
from tests.conftest import sample_document
from tests.evidence.helpers import append_update, export, make_identity
from tests.language_check import names_in

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
CHINESE = ("zh-Hant", "zh-Hans")
SAMPLES = {"LM-2026-0042": "smco-magnet-vietnam", "TK-NDFEB-7": "ndfeb-magnet-chinese-technology",
           "CN-TB-880": "terbium-metal-export-from-china"}
APPLICATION = "CN-TB-880"  # also a licence application (the application pack's pages), in zh-Hant and zh-Hans
# The packs' key of the application's pages: not (APPLICATION, language), which is the terbium evidence pack's own key
# (before session 9 the application overwrote it, so the terbium evidence pack was never checked in Chinese).
APPLIED = "application"
# The Sm-Co dossier with a EUR line and no EUR→USD rate: a pack with a missing-data table (「尚缺资料」)
MISSING = "LM-NORATE-LOW"
MISSING_RATE = {"zh-Hans": "汇率：欧元兑美元的汇率", "zh-Hant": "匯率：歐元兌美元的匯率"}  # currencies by name (session 11)
SIGNER = ("Mai Tran", "Compliance officer", "Lotus Magnetics Co., Ltd.")
MACHINE_LINE = ("REEDESK-COVER", "outcome=", "ratio=", "threshold=", "as_of=", "determination=")
# The commands the How-to page and the cover give, per script (longest first)
TYPED_COMMANDS = ("reedesk verify 证据包文件 --trust 指纹", "reedesk verify 證據包檔案 --trust 指紋", "reedesk verify 证据包文件",
                  "reedesk verify 證據包檔案")
MIN_RUN = 4  # characters of a rule text (one Chinese at least) that count as quoting it
STAND_IN = "文"  # what a cut rule text leaves in the line
TOKEN = re.compile(r"[A-Za-z0-9_.:-]")
SNAKE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The packs by (reference, language), and the signer's unlocked key (for the forgeries)."""
    from types import SimpleNamespace

    from datetime import date

    from reedesk.services.applications import prepare_application
    from reedesk.services.desk import open_desk
    from reedesk.services.keys import unlock
    from tests.evidence.helpers import PASSPHRASE

    root = tmp_path_factory.mktemp("chinese-pages")
    paths: dict[tuple[str, str], Path] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REEDESK_HOME", str(root / "home"))
        mp.setenv("REEDESK_CONFIG_HOME", str(root / "config"))
        mp.setattr("reedesk.clock.os_account", lambda: "test-user")
        desk = open_desk(root / "home")
        try:
            identity = make_identity(desk, *SIGNER)
            _store_missing_rate(desk)
            for language in LANGUAGES:
                paths[MISSING, language] = root / f"{MISSING}-{language}.pdf"
                export(desk, MISSING, paths[MISSING, language], language=language)
            for reference in SAMPLES:
                for language in LANGUAGES:
                    paths[reference, language] = root / f"{reference}-{language}.pdf"
                    # the Sm-Co pack with its headroom page (chart captions, figures, the statement)
                    export(desk, reference, paths[reference, language], language=language, headroom=reference == "LM-2026-0042")
            for language in CHINESE:  # the licence application's pages (reedesk.evidence.application)
                paths[APPLIED, language] = root / f"application-{language}.pdf"
                prepare_application(desk, APPLICATION, date(2026, 11, 25), paths[APPLIED, language], passphrase=PASSPHRASE,
                                    language=language)
            key = SimpleNamespace(key_id=identity.key_id, private_key=unlock(desk, identity.key_id, PASSPHRASE))
        finally:
            desk.close()
    return {"paths": paths, "key": key}


def _store_missing_rate(desk: Any) -> None:
    """MISSING: the Sm-Co sample with 0.01 USD of samarium known and a terbium-oxide line valued in EUR, no rate given
    (as tests/gui/test_issue14_incomplete: the value rule cannot decide, the rate is missing data)."""
    import json

    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.resources import resource
    from reedesk.services import dossiers

    document = json.loads(resource("samples", "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    document["reference"] = MISSING
    document["components"][0]["value"]["amount"] = "0.01"
    document["components"].append({"id": "C3", "description": "Terbium oxide", "origin": "CN", "category": "rare_earth_oxide",
                                   "elements": ["Tb"], "value": {"amount": "3.10", "currency": "EUR"}})
    dossiers.save_dossier(desk, parse_dossier(document))


@pytest.fixture(scope="module")
def packs(exported: dict[str, Any]) -> dict[tuple[str, str], Path]:
    return exported["paths"]


@pytest.fixture(scope="module")
def signing_key(exported: dict[str, Any]) -> Any:
    return exported["key"]


def pages_of(path: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (Debian: poppler-utils) is needed"
    done = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split("\f")


def user_names(reference: str) -> set[str]:
    """What the user typed into the sample's dossier and the signer's identity, not the dossier's codes (a category,
    an end-use code: the pages must name those, so they are no allowance)."""
    from reedesk import vocabulary

    coded = {code for kind in vocabulary.CATALOGUE_KINDS for code in vocabulary.codes(kind)}
    names = {n for n in names_in(sample_document(SAMPLES[reference])) if n not in coded and not SNAKE.fullmatch(n)}
    names |= set(SIGNER) | {"test-user"}
    return names | {word for name in names for word in name.split()}  # a name a table cell wraps over two lines


def rule_texts(path: Path, language: str) -> set[str]:
    """Every string of the rule packs the pack embeds (their TOML as signed: announcement names, key phrases, readings,
    item names, unverified points — LEGAL's, quoted as published), in any language. Since session 9 the sentences the
    texts pack (resources/rules/texts/reedesk-texts-2.toml) writes around them are checked like the pages' own words:
    only a run of a rule pack's own text is cut out of a line."""
    import tomllib

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for named in contents_from_pack(parse_pack(path.read_bytes())).rule_packs:
        walk(tomllib.loads(named["source_text"]))
    return found


def without_quotes_of(line: str, corpus: str) -> str:
    """``line`` with every run of MIN_RUN or more characters (spaces aside: a PDF line wraps at them) that appears
    in ``corpus`` replaced by STAND_IN."""
    where = [i for i, ch in enumerate(line) if not ch.isspace()]
    squashed = "".join(line[i] for i in where)
    cut = [False] * len(line)
    start = 0
    while start + MIN_RUN <= len(squashed):
        if squashed[start : start + MIN_RUN] not in corpus:
            start += 1
            continue
        end = start + MIN_RUN
        while end < len(squashed) and squashed[start : end + 1] in corpus:
            end += 1
        # Never half a word: "規則包（cn" of a rule text must not cut "cn-mofcom-lists" in two.
        while end < len(squashed) and end > start and _joined(line, where, end - 1) and TOKEN.match(squashed[end - 1]):
            end -= 1
        if not HAN.search(squashed[start:end]):  # a date or a number the rule texts also print is the pack's own
            start += 1
            continue
        for k in where[start:end]:
            cut[k] = True
        start = end
    # A cut run becomes one Chinese character, so an ASCII mark the pack put beside a rule text ("…名單 2026-12-01, 不可靠…")
    # is still beside a Chinese character.
    kept = "".join(STAND_IN if cut[i] else ch for i, ch in enumerate(line))
    return re.sub(f"{STAND_IN}[{STAND_IN}\\s]*{STAND_IN}|{STAND_IN}", f" {STAND_IN} ", kept)  # apart: a rule id stays a word


def without_names(line: str, names: Iterable[str]) -> str:
    """``line`` without what the user typed, as whole words."""
    # Numbers the user typed (28, 6.50) need no allowance and would cut timestamps apart (as tests/language_check).
    for name in sorted({n for n in names if n and not re.fullmatch(r"[\d.,:%\- ]+", n)}, key=len, reverse=True):
        line = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", " ", line)
    return line


def checked_line(line: str, names: Iterable[str], corpus: str) -> str:
    """What of a printed line the pack itself wrote: the typed command, the user's names and rule texts cut out."""
    for command in TYPED_COMMANDS:
        line = line.replace(command, " ")
    return without_names(without_quotes_of(line, corpus), names)


def _joined(line: str, where: list[int], k: int) -> bool:
    """Whether the k-th and (k+1)-th non-space characters of ``line`` touch and are both part of a Latin word."""
    return (k + 1 < len(where) and where[k + 1] == where[k] + 1
            and bool(TOKEN.match(line[where[k]])) and bool(TOKEN.match(line[where[k + 1]])))


def page_problems(path: Path, language: str, names: Iterable[str], foreign: Iterable[str]) -> list[str]:
    corpus = "\n".join(re.sub(r"\s+", "", text) for text in foreign)
    names = list(names)
    found = []
    for number, page in enumerate(pages_of(path), start=1):
        for line in page.splitlines():
            if not line.strip() or line.strip().startswith(MACHINE_LINE):
                continue
            found += [f"page {number}: {p}" for p in strict_problems(checked_line(line, names, corpus), language, names)]
    return found


@pytest.mark.parametrize("reference", list(SAMPLES))
@pytest.mark.parametrize("language", CHINESE)
def test_a_chinese_pack_s_pages_carry_no_code_english_word_or_ascii_mark(packs, reference, language) -> None:
    path = packs[reference, language]
    assert sum(len(page.splitlines()) for page in pages_of(path)) > 200
    if reference == "LM-2026-0042":
        assert any(("餘量" if language == "zh-Hant" else "余量") in page for page in pages_of(path)), "the headroom page"
    assert page_problems(path, language, user_names(reference), rule_texts(path, language)) == []


@pytest.mark.parametrize("reference", list(SAMPLES))
@pytest.mark.parametrize("language", CHINESE)
def test_chinese_finding_titles_name_the_rule_by_its_citation_not_its_id(packs, reference, language) -> None:
    """Each finding of the rule trace is titled by the citation it carries (「商务部公告2025年第61号第一条第（一）项 —
    适用」, the CLI memo's and the window's name of the rule), and no title is a rule id (「cn-mofcom-2025-061:I(1) —
    适用」, what the pages printed before session 9; tests/language_check lets rule ids through elsewhere)."""
    from reedesk.evidence.texts import load_texts
    from reedesk.rules.render import expand

    path = packs[reference, language]
    flat = re.sub(r"\s+", "", "".join(pages_of(path)))
    texts = load_texts(language)
    findings = expand(contents_from_pack(parse_pack(path.read_bytes())).attached())["findings"]
    assert len(findings) > 10
    for finding in findings:
        title = re.sub(r"\s+", "", f"{finding['citation']['text'][language]} — {texts.result(str(finding['result']))}")
        assert title in flat, title
    results = "|".join(re.escape(texts.result(code)) for code in {str(f["result"]) for f in findings})
    # (an id with a Chinese article too: 「cn-mofcom-2025-055:超硬材料物项 — 不适用」)
    assert re.findall(rf"cn-[a-z0-9-]+:[^—]{{1,40}}—(?:{results})", flat) == []


@pytest.mark.parametrize("language", CHINESE)
def test_a_chinese_licence_application_s_pages_carry_no_code_english_word_or_ascii_mark(packs, language) -> None:
    path = packs[APPLIED, language]
    assert sum(len(page.splitlines()) for page in pages_of(path)) > 60
    assert page_problems(path, language, user_names(APPLICATION), rule_texts(path, language)) == []


@pytest.mark.parametrize("language", CHINESE)
def test_the_chinese_cover_names_the_outcome_without_its_code(packs, language) -> None:
    cover = pages_of(packs["LM-2026-0042", language])[0]
    name = "需申請許可" if language == "zh-Hant" else "需申请许可"
    assert name in cover
    # The code is on the machine line only (the verifier reads it there), nowhere else on the cover.
    assert [line for line in cover.splitlines() if "license_required" in line] == ["REEDESK-COVER outcome=license_required"]
    assert "文件編號：RD-" in cover if language == "zh-Hant" else "文件编号：RD-" in cover
    assert not re.search(r"[\u4e00-\u9fff] *: ", cover)  # no ASCII colon after a Chinese label


def test_the_document_properties_say_the_outcome_in_the_pack_s_language(packs) -> None:
    """The subject a PDF viewer shows (Info and XMP): English as before, Chinese without the code."""
    from pypdf import PdfReader

    subject = {language: PdfReader(str(packs["LM-2026-0042", language])).metadata.subject for language in LANGUAGES}
    assert subject == {"en": "Licence required (license_required), As of 2026-11-25", "zh-Hant": "需申請許可，基準日期 2026-11-25",
                       "zh-Hans": "需申请许可，基准日期 2026-11-25"}
    applications = {language: PdfReader(str(packs[APPLIED, language])).metadata.subject for language in CHINESE}
    assert applications == {"zh-Hant": f"兩用物項出口許可申請材料 {APPLICATION}，基準日期 2026-11-25",
                            "zh-Hans": f"两用物项出口许可申请材料 {APPLICATION}，基准日期 2026-11-25"}


def test_the_english_cover_keeps_the_machine_name_under_the_outcome(packs) -> None:
    """English keeps FORMATS.md's name, small, under "Licence required" (a regulator matches it to --json)."""
    lines = [line.strip() for line in pages_of(packs["LM-2026-0042", "en"])[0].splitlines() if line.strip()]
    at = lines.index("Licence required")
    assert lines[at + 1] == "license_required"
    assert "Document id: RD-" in "\n".join(lines)


@pytest.mark.parametrize("language", CHINESE)
def test_catalogue_names_stand_alone_in_chinese_tables(packs, language) -> None:
    """Product category, BOM categories, technology stage and audit actions: the catalogue's name, no code under it."""
    from reedesk import vocabulary

    text = "\f".join(pages_of(packs["TK-NDFEB-7", language]))
    for kind, code in (("item_category", "rare_earth_permanent_magnet"), ("item_category", "rare_earth_metal"),
                       ("technology_stage", "magnet_manufacturing"), ("audit_action", "export")):
        assert vocabulary.label(kind, code, language) in text, code
    for code in ("rare_earth_permanent_magnet", "rare_earth_metal", "rare_earth_oxide", "magnet_manufacturing"):
        assert code not in text


@pytest.mark.parametrize("language", CHINESE)
def test_countries_and_currencies_by_name_in_chinese_pages(packs, language) -> None:
    """Session 11 (reedesk-texts-4's naming on the pages too): the Sm-Co magnet made in Viet Nam, shipped to Germany,
    valued in USD reads 「越南」「德国」「美元」 on a Chinese pack's dossier, end-use, BOM and calculation pages and in its
    rule texts, not VN / DE / USD; the English pack keeps the codes. Allowed: what the user typed (word by word) and
    the rule packs' own sentences (pages_of / user_names / rule_texts, as the strict check)."""
    from reedesk import vocabulary

    path = packs["LM-2026-0042", language]
    text = "\f".join(pages_of(path))
    for kind, code in (("country", "VN"), ("country", "DE"), ("currency", "USD")):
        assert vocabulary.label(kind, code, language) in text, (kind, code)
    assert bare_codes(path, "LM-2026-0042", language, ("VN", "DE", "USD", "CN")) == []
    english = "\f".join(pages_of(packs["LM-2026-0042", "en"]))
    assert re.search(r"\bVN\b", english) and re.search(r"\d USD\b", english)


def bare_codes(path: Path, reference: str, language: str, codes: Iterable[str]) -> list[tuple[list[str], str]]:
    """The lines of ``path`` that print one of ``codes`` as a word outside what the user typed and the rule packs' own
    Chinese sentences (a pack's bare strings include codes such as "VN", which would hide the codes checked) and
    outside the machine line."""
    said = {text for text in rule_texts(path, language) if HAN.search(text)}
    allowed = sorted(user_names(reference) | said, key=len, reverse=True)
    found = []
    for line in "\f".join(pages_of(path)).splitlines():
        body = line
        for name in allowed:
            if name:
                body = body.replace(name, " ")
        bare = [c for c in codes if re.search(rf"(?<![A-Za-z0-9]){c}(?![A-Za-z0-9])", body)]
        if bare and not any(m in line for m in MACHINE_LINE):
            found.append((bare, line))
    return found


@pytest.mark.parametrize("language", CHINESE)
def test_the_chinese_licence_application_names_countries_currencies_and_rules(packs, language) -> None:
    """Session 12: the terbium application's pages named the exporter's country 「CN」, the end user 「Hanseong
    Magnetics Co., Ltd.（KR）」, the values 「USD 1250.00」, the figures' currency 「USD」 and each decisive rule by its
    id (「认定：cn-mofcom-gac-2025-018:…」); they now read 「中国」「韩国」「1250.00美元」 and the rule's citation."""
    from reedesk import vocabulary

    path = packs[APPLIED, language]
    text = "\f".join(pages_of(path))
    flat = re.sub(r"\s+", "", text)
    for kind, code in (("country", "CN"), ("country", "KR")):
        assert vocabulary.label(kind, code, language) in text, (kind, code)
    assert f"1250.00{vocabulary.label('currency', 'USD', language)}" in flat
    assert bare_codes(path, APPLICATION, language, ("CN", "KR", "USD")) == []
    assert re.findall(r"cn-[a-z0-9-]+:", flat) == []


def test_the_checker_catches_what_the_pages_used_to_print(packs) -> None:
    """The lines of a session-7 zh-Hant pack, as printed: each is caught with the exceptions above in force."""
    path = packs["LM-2026-0042", "zh-Hant"]
    names, foreign = user_names("LM-2026-0042"), rule_texts(path, "zh-Hant")
    corpus = "\n".join(re.sub(r"\s+", "", text) for text in foreign)
    old = ["(license_required)", "(rare_earth_permanent_magnet)", "文件編號: RD-D086-E6F6-7CC1-279B",
           "於2026-11-25對照以下名單篩查：出口管制管控名單 2026-12-01, 不可靠實體清單 2026-12-01",
           "最終用戶 Rhein Antriebe GmbH: 無命中", "規則引擎: reedesk-rules 3.5.0",
           "cn-mofcom-2025-061:II (不符合): 最終用戶 Rhein Antriebe GmbH 未標註為軍事用戶。"]
    for line in old:
        assert strict_problems(checked_line(line, names, corpus), "zh-Hant", names), line


# ---------------------------------------------------------------- the verifier's reasons in Chinese

def _forgeries(path: Path, key: Any) -> dict[str, bytes]:
    """The pack as exported, with an appended update, with another outcome on its cover, and with a determination
    whose outcome the rules do not reproduce (re-signed by the same key, as a dishonest signer would)."""
    import hashlib
    from datetime import datetime, timezone

    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.evidence.builder import build_pack
    from reedesk.signing.dsse import sign_envelope
    from reedesk.signing.statement import Signer, build_payload

    data = path.read_bytes()
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    signer = dict(zip(("name", "role", "organisation"), SIGNER))
    contents = contents_from_pack(parse_pack(data))
    cover = build_pack(contents, key.private_key, signer=signer, now=now, cover_override={"outcome": "not_controlled"})
    contents = contents_from_pack(parse_pack(data))
    determination = dict(contents.determination, outcome="not_controlled")
    contents.determination = determination
    contents.determination_sha256 = hashlib.sha256(canonical_bytes(determination)).hexdigest()
    contents.envelopes = [sign_envelope(build_payload(determination, Signer(*SIGNER, key.key_id), "Prepared by",
                                                      "2026-11-25T12:00:00.000000Z"), key.private_key, key.key_id)]
    rerun = build_pack(contents, key.private_key, signer=signer, now=now)
    return {"exported": data, "appended": append_update(data), "cover": cover, "rerun": rerun}


@pytest.mark.parametrize("language", CHINESE)
def test_the_verifier_s_chinese_reasons_carry_no_code(packs, signing_key, language) -> None:
    """Every check's reason in Chinese, on a good pack and on three forgeries, is code-free (the English reason, which
    ``--json`` prints, keeps FORMATS.md's names: ``license_required``, ``not_controlled``, ``outcome``)."""
    from reedesk.evidence.verifier import verify_bytes

    names = [*SIGNER, "LM-2026-0042", "REEDESK-COVER"]
    seen: dict[str, list[str]] = {}
    for case, data in _forgeries(packs["LM-2026-0042", language], signing_key).items():
        report = verify_bytes(data, trusted_key_ids=[signing_key.key_id])
        seen[case] = [check.name for check in report.checks if not check.ok]
        for check in report.checks:
            said = check.reason_text(language)
            assert strict_problems(said, language, names) == [], (case, check.name, said)
            assert not re.search(r"\b(?:license_required|not_controlled)\b", said), (case, check.name, said)
        english = {check.name: check.reason_text("en") for check in report.checks}
        if case == "cover":
            assert "outcome 'not_controlled'" in english["cover_matches_data"]
            said = report.check("cover_matches_data").reason_text(language)
            assert ("「不受管制」" in said and "「需申請許可」" in said) if language == "zh-Hant" else ("「不受管制」" in said and "「需申请许可」" in said)
        if case == "rerun":
            assert "outcome license_required instead of not_controlled" in english["rules_reproduce"]
        if case == "exported":
            assert "需申請許可" in report.check("cover_matches_data").reason_text("zh-Hant")
    assert seen["exported"] == [] and "pdf_signature_covers_file" in seen["appended"]
    assert seen["cover"] == ["cover_matches_data"] and "rules_reproduce" in seen["rerun"]


# ---------------------------------------------------------------- the missing-data table

def _missing_table(path: Path, language: str) -> str:
    """The missing-data table's text (column heads to the next section's title), as pdftotext extracts it."""
    from reedesk.evidence.texts import load_texts

    texts = load_texts(language)
    text = "\n".join(pages_of(path))
    start = text.index(str(texts.get("labels", "missing_field")))
    return text[start : text.index(str(texts.get("sections", "notes")), start)]


@pytest.mark.parametrize("language", CHINESE)
def test_the_chinese_missing_data_table_names_each_field_as_the_window_does(packs, language) -> None:
    """缺少字段 reads 「汇率：欧元兑美元的汇率」 (reedesk.vocabulary.path_place, what the window and the CLI memo say), not the
    JSON path ``exchange_rates[EUR->USD]``; no bracket, arrow or dotted path anywhere in the table; the whole pack passes
    the strict rule. English keeps the path (scripts and ``--json`` read it)."""
    table = _missing_table(packs[MISSING, language], language)
    assert MISSING_RATE[language] in re.sub(r"\s+", "", table)
    assert "[" not in table and "->" not in table and "exchange_rates" not in table, table
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", table), table  # no ``product.hs_code``-style path
    path = packs[MISSING, language]
    assert page_problems(path, language, user_names("LM-2026-0042") | {MISSING, "C3", "Terbium", "oxide"}, rule_texts(path, language)) == []
    english = _missing_table(packs[MISSING, "en"], "en")
    assert "exchange_rates[EUR->USD]" in english.splitlines()


# ---------------------------------------------------------------- the cover's decisive rule

@pytest.mark.parametrize("language", CHINESE)
def test_the_chinese_cover_names_the_decisive_rule_by_its_citation_and_the_verifier_binds_it(packs, signing_key, language) -> None:
    """决定性规则 reads 「商务部公告2025年第61号第一条第（一）项」 alone (was 「cn-mofcom-2025-061:I(1) — 商务部公告…」): the
    signed finding's citation in the pack's language, which the verifier's cover check now accepts in place of the id.
    A cover naming another citation (drawn with a wrong one, re-signed by the same key) is still refused."""
    from datetime import datetime, timezone

    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.verifier import verify_bytes
    from reedesk.rules.render import expand

    path = packs["LM-2026-0042", language]
    contents = contents_from_pack(parse_pack(path.read_bytes()))
    determination = expand(contents.attached())
    cover = re.sub(r"\s+", "", pages_of(path)[0])
    for rule in determination["decisive"]:
        finding = next(f for f in determination["findings"] if f["rule"] == rule)
        assert re.sub(r"\s+", "", finding["citation"]["text"][language]) in cover, rule
        assert rule not in cover, rule
    assert verify_bytes(path.read_bytes(), trusted_key_ids=[signing_key.key_id]).check("cover_matches_data").ok
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("reedesk.evidence.layout.cover_rule_citation", lambda finding, lang: "商务部公告2025年第62号第二条")
        forged = build_pack(contents_from_pack(parse_pack(path.read_bytes())), signing_key.private_key,
                            signer=dict(zip(("name", "role", "organisation"), SIGNER)), now=datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc))
    check = verify_bytes(forged, trusted_key_ids=[signing_key.key_id]).check("cover_matches_data")
    rule = determination["decisive"][0]
    assert not check.ok and rule in check.reason_text("en")  # English (and --json) name the id, as before
    said = check.reason_text(language)  # Chinese: by the citation, no id
    cited = next(f for f in determination["findings"] if f["rule"] == rule)["citation"]["text"][language]
    assert f"「{cited}」" in said and rule not in said and strict_problems(said, language, []) == [], said

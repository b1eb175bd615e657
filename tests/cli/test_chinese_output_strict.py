"""Every CLI command's human output in zh-Hant and zh-Hans carries no internal code, no bare field path, no English
word and no ASCII ``: ; , ( )`` beside a Chinese character (the guide: "no English or internal codes in Chinese
output"; ``--json`` is the machine form and keeps its codes, FORMATS.md).

Real commands on a real SQLite desk made from the bundled samples and the licence of issue 15. What the user typed
and what files are called are allowed (tests/cli/strict_chinese.py); the sentences the rule texts pack writes
(resources/rules/texts, released, not edited here) are taken from each command's own ``--json`` document and cut out
first, so what is checked is what the CLI itself prints around them: labels, separators, outcome and category names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from reedesk.cli.main import main
from tests.cli.strict_chinese import lines_problems
from tests.conftest import sample_document
from tests.language_check import names_in
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

PASSPHRASE = "correct horse battery staple 42"
SIGNER = ("Mei Lin", "Export-control consultant", "Lotus Compliance")
SAMPLES = ("smco-magnet-vietnam", "ndfeb-magnet-chinese-technology", "gd-target-taiwan-memory-fab", "terbium-metal-export-from-china")
NAMES = (set().union(*(names_in(sample_document(n)) for n in SAMPLES)) | names_in(ISSUE_LICENCE) | names_in(TB_DOSSIER)
         | set(SIGNER) | {"test-user", ISSUE_LICENCE["number"]})


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def said_by_packs(document: Any, language: str) -> set[str]:
    """Every text in ``language`` inside a command's JSON document (``{"en": …, "zh-Hans": …}``): the rule texts."""
    found: set[str] = set()
    if isinstance(document, dict):
        if isinstance(document.get(language), str) and "en" in document:
            found.add(document[language])
        for value in document.values():
            found |= said_by_packs(value, language)
    elif isinstance(document, list):
        for value in document:
            found |= said_by_packs(value, language)
    return found


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_every_command_s_chinese_lines_carry_no_code_path_english_word_or_ascii_mark(capsys, monkeypatch, tmp_path, language):
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    licence, dossier = tmp_path / "licence.json", tmp_path / "tb.json"
    licence.write_text(json.dumps(ISSUE_LICENCE), encoding="utf-8")
    dossier.write_text(json.dumps(TB_DOSSIER), encoding="utf-8")
    lang = ("--language", language)
    pack, app = tmp_path / "lm.pdf", tmp_path / "app.pdf"
    commands: list[tuple[str, ...]] = [
        ("import", "--samples"), ("import", str(dossier)),
        ("keys", "create", "--name", SIGNER[0], "--role", SIGNER[1], "--org", SIGNER[2]), ("keys", "list"),
        *[("evaluate", ref, "--as-of", "2026-11-25") for ref in ("LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19", "CN-TB-880")],
        ("evaluate", "TK-NDFEB-7", "--as-of", "2026-01-15"),  # suspended: the suspension and the outcome if in force
        ("list", "--wide"), ("show", "LM-2026-0042"), ("show", "TK-NDFEB-7"),
        ("evaluate", "--all", "--as-of", "2026-11-25"),
        ("sign", "LM-2026-0042", "--meaning", "Prepared by", "--as-of", "2026-11-25"),
        ("export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(pack), "--headroom"),
        ("verify", str(pack)),
        ("headroom", "LM-2026-0042", "--as-of", "2026-11-25"), ("timeline", "LM-2026-0042"), ("impact", "--as-of", "2026-11-25"),
        ("screening", "lists"), ("screening", "check", "LM-2026-0042", "--as-of", "2026-11-25"),
        ("licence", "add", str(licence)), ("licence", "list", "--today", "2026-12-10"),
        ("ship", TB_DOSSIER["reference"], "--licence", ISSUE_LICENCE["number"], "--quantity", "40 kg", "--value", "60000.00 USD",
         "--date", "2026-11-26"),
        ("licence", "show", ISSUE_LICENCE["number"]),
        ("application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(app)),
        ("audit", "log"), ("audit", "verify"), ("audit", "checkpoint", "--out", str(tmp_path / "checkpoint.txt")),
        ("retention", "report"), ("backup", str(tmp_path / "desk.zip")),
    ]
    found: list[str] = []
    for command in commands:
        code, out, err = run(capsys, *command, *lang)
        assert code == 0, (command, err)
        foreign: set[str] = set()
        if command[0] in ("evaluate", "headroom", "timeline") and "--all" not in command:
            json_code, document, _ = run(capsys, *command, "--json")
            assert json_code == 0
            foreign = said_by_packs(json.loads(document), language)
        found += [f"{' '.join(command[:2])}: {p}" for p in lines_problems(out + err, language, NAMES, foreign)]
    assert found == []


def test_the_checker_finds_what_the_desk_used_to_print() -> None:
    """The lines fixed in session 7, as they were printed: each is caught (so the test above could fail)."""
    old = {
        "结论: 需申请许可 (license_required)": "code",
        "已写入 a.pdf（1 字节）：LM-2026-0042，判定日期 2026-11-25 — 需申请许可（license_required）；文件 RD-1": "code",
        "结论：需申请许可（license_required）4、不受管制（not_controlled）1。": "code",
        "  HS 编码： 850511　类别： 稀土永磁体（rare_earth_permanent_magnet）": "code",
        "cn-mofcom-watch-list  [关注名单（watch_list）]  「关注名单」": "code",
        "  通过 PDF 签名完整（pdf_signature_intact）：PAdES 签名完好": "code",
        "  - exchange_rates[CNY->USD] 为空：须提供CNY→USD汇率。": "field path",
        "档案: LM-2026-0042 (版本 1), 快照 SHA-256 0e4b": "ASCII",
        "  最终用途： 民用 (Servo motors)": "ASCII",
        "    3  2026-12-02T03:55:52Z  root  已导入  卷宗 TW-TGT-19  原因：imported from gd.json": "english",
    }
    for line, kind in old.items():
        problems = lines_problems(line, "zh-Hans", {"Servo motors", "root"})
        assert any(kind in p for p in problems), (line, problems)


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_rerun_that_crashes_quotes_the_program_s_error_name(language) -> None:
    """`audit verify` when re-running a determination raises: the exception's class is the program's own word,
    quoted as written (「NameError」), not an English word loose in the sentence ([audit_verify.rerun_crashes])."""
    from reedesk.vocabulary import message

    said = message("audit_verify", "rerun_crashes", {"kind": "NameError"}, language)
    assert said is not None and "「NameError」" in said and lines_problems(said, language) == []


# ---------------------------------------------------------------- a team desk's own audit reasons (a real PostgreSQL trail)

from tests.team.conftest import pg_server, team_url  # noqa: E402,F401  (fixtures: the team tests' throwaway server)
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: E402,F401  (fixture)


def test_a_team_desk_s_head_key_reasons_are_said_in_chinese_and_stored_as_ever(desk_team) -> None:  # noqa: F811
    """`reedesk audit log` on a team desk: the reasons reedesk wrote when the admin certified and revoked Alice's
    head-signing key are stored byte for byte as before (the hashed trail is never rewritten, so `audit verify`
    still passes, the old events included), English prints them as stored, and Chinese says them through the
    catalogue ([audit_reason.*]) — no English sentence in a Chinese line."""
    from reedesk.services.team_revoke import revoke
    from tests.team.test_qa_walkthrough import _cli

    team = desk_team
    alice = team["people"]["alice"]
    _enrol_and_certify(team, "alice")
    with team["open"]("admin") as admin:
        revoke(admin, alice)
    stored = {f"head-signing key of {alice} certified by the desk key", f"head-signing key of {alice} revoked by the desk key"}
    listed = _cli(team, "carol", "audit", "log", "--json")
    assert listed.returncode == 0, listed.stderr
    assert stored <= {e["reason"] for e in json.loads(listed.stdout)}  # the bytes session 7 wrote, unchanged
    english = _cli(team, "carol", "audit", "log")
    assert all(f"reason: {reason}" in english.stdout for reason in stored), english.stdout
    verified = _cli(team, "carol", "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for language, certified, revoked in (
            ("zh-Hant", f"原因：資料庫角色 {alice} 的樹頭金鑰已由案頭金鑰認證", f"原因：資料庫角色 {alice} 的樹頭金鑰已由案頭金鑰撤銷"),
            ("zh-Hans", f"原因：数据库角色 {alice} 的树头密钥已由案头密钥认证", f"原因：数据库角色 {alice} 的树头密钥已由案头密钥撤销")):
        said = _cli(team, "carol", "audit", "log", "--language", language)
        assert said.returncode == 0, said.stderr
        assert certified in said.stdout and revoked in said.stdout, said.stdout
        assert "head-signing key" not in said.stdout and "desk key" not in said.stdout
        people = [*team["people"].values(), "test-user", "reedesk_test"]
        lines = [line for line in said.stdout.splitlines() if "原因" in line and alice in line]
        assert len(lines) == 2 and lines_problems("\n".join(lines), language, people) == [], lines


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_key_rotation_s_reasons_are_said_in_chinese_and_stored_as_ever(capsys, monkeypatch, language) -> None:
    """`keys rotate` records "key rotation: replaced by key …" / "…: replaces key …" (and a typed reason in their place
    when one is given): the trail keeps those English bytes, `audit verify` passes, and the Chinese audit log says them
    through [audit_reason.*], the typed reason as typed."""
    from reedesk.signing.keys import fingerprint

    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "keys", "create", "--name", SIGNER[0], "--role", SIGNER[1], "--org", SIGNER[2])[0] == 0
    code, out, _ = run(capsys, "keys", "list", "--json")
    first = json.loads(out)["identities"][0]["key_id"]
    assert run(capsys, "keys", "rotate", first)[0] == 0
    code, out, _ = run(capsys, "keys", "list", "--json")
    second = next(i["key_id"] for i in json.loads(out)["identities"] if i["key_id"] != first)
    assert run(capsys, "keys", "rotate", second, "--reason", "laptop stolen")[0] == 0
    code, out, _ = run(capsys, "audit", "log", "--json")
    stored = [e["reason"] for e in json.loads(out) if e["reason"] and " key " in e["reason"]]
    assert {f"key rotation: replaced by key {fingerprint(second)}", f"key rotation: replaces key {fingerprint(first)}",
            f"laptop stolen: replaces key {fingerprint(second)}"} <= set(stored), stored
    assert run(capsys, "audit", "verify")[0] == 0
    code, out, _ = run(capsys, "audit", "log", "--language", language)
    assert code == 0
    hant = language == "zh-Hant"
    assert (f"更換金鑰：由金鑰 {fingerprint(second)} 取代" if hant else f"更换密钥：由密钥 {fingerprint(second)} 取代") in out, out
    assert (f"更換金鑰：取代金鑰 {fingerprint(first)}" if hant else f"更换密钥：取代密钥 {fingerprint(first)}") in out, out
    assert (f"laptop stolen：取代金鑰 {fingerprint(second)}" if hant else f"laptop stolen：取代密钥 {fingerprint(second)}") in out, out
    assert "key rotation" not in out and "replaced by key" not in out
    assert lines_problems(out, language, [*SIGNER, "test-user", "laptop stolen", "root"]) == []


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_chinese_output_names_countries_and_currencies(capsys, monkeypatch, language) -> None:
    """Session 11: ``show``, ``evaluate`` and ``headroom`` in Chinese name the places and currencies (「越南」, 「德国」,
    「美元」, 「台湾」) — the CLI's own lines and the rule texts alike (reedesk-texts-4) — never VN, DE, USD or TW; what the
    user typed (「Consignee TW-TGT-19」) and the rule packs' own sentences are as written. English keeps the codes."""
    from reedesk import vocabulary
    from tests.rules.test_texts4_country_names import _pack_authored

    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "import", "--samples")[0] == 0
    allowed = sorted(NAMES | set(_pack_authored()), key=len, reverse=True)
    for command, codes in ((("show", "LM-2026-0042"), {"VN": "country", "DE": "country", "USD": "currency"}),
                           (("evaluate", "LM-2026-0042", "--as-of", "2026-11-25"), {"VN": "country", "USD": "currency"}),
                           (("headroom", "LM-2026-0042", "--as-of", "2026-11-25"), {"USD": "currency"}),
                           (("show", "TW-TGT-19"), {"TW": "country", "US": "country"}),
                           (("evaluate", "TW-TGT-19", "--as-of", "2026-11-25"), {"TW": "country", "US": "country"})):
        code, out, err = run(capsys, *command, "--language", language)
        assert code == 0, (command, err)
        for code_, kind in codes.items():
            assert vocabulary.label(kind, code_, language) in out, (command, code_)
        for line in out.splitlines():
            body = line
            for name in allowed:
                if name:
                    body = body.replace(name, " ")
            bare = [c for c in ("VN", "DE", "USD", "TW", "US", "CN", "CNY") if re.search(rf"(?<![A-Za-z0-9]){c}(?![A-Za-z0-9])", body)]
            assert bare == [], (command, bare, line)
        english = run(capsys, *command, "--language", "en")[1]
        assert any(re.search(rf"\b{c}\b", english) for c in codes), (command, english[:400])

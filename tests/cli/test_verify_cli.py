"""`reedesk verify` through the real entry point: exit 0 / 1 / 2 / 3, --json, --trust, the trust store,
and the attacks of issue 11 (imposter, forged reviewer) and issue 10 point 14 (devices, control characters)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reedesk.cli.main import main
from reedesk.evidence.verifier import CHECK_NAMES
from reedesk.signing.keys import fingerprint
from tests.evidence.helpers import append_update, exported  # noqa: F401  (fixture)

FIXTURES = Path(__file__).resolve().parents[1] / "evidence" / "fixtures"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def use_exporters_desk(monkeypatch, exported) -> None:
    """Verify on the exporter's own machine: REEDESK_HOME is the desk that made the pack."""
    monkeypatch.setenv("REEDESK_HOME", str(exported["root"] / "home"))


def test_without_a_confirmed_signer_an_intact_pack_exits_3_naming_the_fingerprint(capsys, exported):
    code, out, err = run(capsys, "verify", str(exported["path"]))
    assert (code, err) == (3, "")
    assert "INTACT BUT SIGNER NOT CONFIRMED" in out and "VALID" not in out.replace("INVALID", "")
    assert fingerprint(exported["identity"].key_id) in out
    assert "--trust FINGERPRINT --remember" in out and "reedesk keys trust" in out
    assert out.count("ok   ") == len(CHECK_NAMES) - 1 and "WAIT key_trust" in out


def test_the_desks_trust_store_confirms_its_own_signer(capsys, exported, monkeypatch):
    """`reedesk verify` reads REEDESK_HOME/trusted-keys.json (written by keys create / keys trust): exit 0."""
    use_exporters_desk(monkeypatch, exported)
    code, out, err = run(capsys, "verify", str(exported["path"]))
    assert (code, err) == (0, ""), out
    assert "VALID (intact; every signer's key confirmed)" in out
    assert out.count("ok   ") == len(CHECK_NAMES)
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--no-trust-store")
    assert code == 3


def test_remember_records_a_confirmed_signer_in_the_trust_store(capsys, exported, tmp_path, monkeypatch):
    """A regulator confirms the fingerprint once (--trust FP --remember); later checks need no --trust."""
    from reedesk.evidence.trust import load_trust_store

    home = tmp_path / "regulator"
    monkeypatch.setenv("REEDESK_HOME", str(home))
    printed = fingerprint(exported["identity"].key_id)
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--remember")
    assert code == 3 and "Nothing was recorded" in out
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--trust", printed, "--remember")
    assert code == 0 and f"Recorded {printed}" in out
    assert exported["identity"].key_id in load_trust_store(home).key_ids
    assert run(capsys, "verify", str(exported["path"]))[0] == 0


def test_json_report(capsys, exported, monkeypatch):
    use_exporters_desk(monkeypatch, exported)
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--json")
    report = json.loads(out)
    assert code == 0 and report["valid"] is True and report["intact"] is True and report["exit_code"] == 0
    assert report["pdf_signature_kind"] == "p256"
    assert [c["name"] for c in report["checks"]][0] == "pdf_signature_intact"
    assert report["summary"]["reference"] == "LM-2026-0042"


def test_trust_by_key_id_fingerprint_and_public_key_file(capsys, exported, tmp_path):
    from reedesk.signing.keys import public_key_pem, raw_public_key

    key_id = exported["identity"].key_id
    assert run(capsys, "verify", str(exported["path"]), "--trust", key_id)[0] == 0
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--trust", fingerprint(key_id))  # as printed in the pack
    assert code == 0 and "VALID" in out
    pem = tmp_path / "mai.pem"
    pem.write_text(public_key_pem(raw_public_key(exported["private_key"])), encoding="ascii")
    assert run(capsys, "verify", str(exported["path"]), "--trust", str(pem))[0] == 0
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--trust", "ab" * 32)
    assert code == 3 and fingerprint(key_id) in out


def test_an_imposter_under_the_real_signers_name_is_not_valid(capsys, exported, tmp_path, monkeypatch):
    """Attack (issue 11): a new key on another desk under the real signer's name, role and
    organisation exports a genuine-looking pack. The regulator's desk trusts the real Mai Tran."""
    from reedesk.services.desk import open_desk
    from reedesk.services.keys import trust_key
    from reedesk.signing.keys import public_key_pem, raw_public_key
    from tests.evidence.helpers import export, make_identity

    regulator = open_desk(tmp_path / "regulator", seed_samples=False)
    try:
        trust_key(regulator, "Mai Tran, Lotus Magnetics", public_key_pem(raw_public_key(exported["private_key"])))
    finally:
        regulator.close()
    imposter_desk = open_desk(tmp_path / "imposter")
    try:
        imposter = make_identity(imposter_desk)  # same name, role and organisation as the real one
        forged = tmp_path / "imposter.pdf"
        export(imposter_desk, "LM-2026-0042", forged)
    finally:
        imposter_desk.close()
    monkeypatch.setenv("REEDESK_HOME", str(tmp_path / "regulator"))
    assert run(capsys, "verify", str(exported["path"]))[0] == 0  # the genuine pack is confirmed
    code, out, _ = run(capsys, "verify", str(forged))
    assert code == 3, out
    assert fingerprint(imposter.key_id) in out and "VALID (" not in out


def test_a_genuine_pack_with_a_forged_reviewer_signature_added_is_not_valid(capsys, exported, tmp_path, monkeypatch):
    """Attack (issue 11): take a genuine pack, add a "Reviewed and approved by" envelope by a key
    of the forger's making under a reviewer's name, rebuild and re-sign the PDF with that key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.reader import contents_from_pack, parse_pack
    from reedesk.signing.dsse import sign_envelope
    from reedesk.signing.keys import key_id_of, raw_public_key
    from reedesk.signing.statement import Signer, build_payload, envelope_sha256

    contents = contents_from_pack(parse_pack(exported["bytes"]))
    forger = Ed25519PrivateKey.generate()
    forger_id = key_id_of(raw_public_key(forger))
    payload = build_payload(contents.determination, Signer("Lin Wei", "Export-control reviewer", "Lotus Magnetics Co., Ltd.", forger_id),
                            "Reviewed and approved by", "2026-11-25T12:00:00.000000Z",
                            countersigns=[envelope_sha256(e) for e in contents.envelopes])
    contents.envelopes = contents.envelopes + [sign_envelope(payload, forger, forger_id)]
    contents.public_keys = dict(contents.public_keys, **{forger_id: raw_public_key(forger).hex()})
    contents.key_labels = dict(contents.key_labels or {}, **{forger_id: {"name": "Lin Wei", "role": "Export-control reviewer",
                                                                         "organisation": "Lotus Magnetics Co., Ltd."}})
    path = tmp_path / "forged-review.pdf"
    path.write_bytes(build_pack(contents, forger, signer={"name": "Lin Wei", "role": "Export-control reviewer",
                                                          "organisation": "Lotus Magnetics Co., Ltd."}, now=NOW))
    use_exporters_desk(monkeypatch, exported)
    code, out, _ = run(capsys, "verify", str(path))
    assert code not in (0, 3) or fingerprint(forger_id) in out
    assert code != 0, out
    assert "VALID (" not in out


def test_a_tampered_pack_exits_1_naming_the_check(capsys, exported, tmp_path):
    path = tmp_path / "appended.pdf"
    path.write_bytes(append_update(exported["bytes"]))
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 1
    assert "INVALID — do not rely on this pack; failed checks: pdf_signature_covers_file" in out


def test_unreadable_files_exit_2_with_one_sentence(capsys, tmp_path):
    for name, data in {"random.pdf": bytes(range(256)) * 4, "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<<", "empty.pdf": b""}.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = run(capsys, "verify", str(path))
        assert code == 2, name
        assert err.startswith("reedesk: ") and err.count("\n") == 1 and "Traceback" not in err
    code, _, err = run(capsys, "verify", str(tmp_path / "missing.pdf"))
    assert code == 2 and "missing.pdf" in err


def test_dev_zero_and_a_fifo_exit_2_at_once(tmp_path):
    """Issue 10, 14: /dev/zero would be read forever and a FIFO blocks on open; both are refused
    from their file type, in a separate process with a hard time limit and a memory cap."""
    fifo = tmp_path / "pack.fifo"
    os.mkfifo(fifo)
    for target in ("/dev/zero", str(fifo)):
        code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31)); "
                "from reedesk.cli.main import main; sys.exit(main(['verify', sys.argv[1]]))")
        done = subprocess.run([sys.executable, "-c", code, target], capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, REEDESK_HOME=str(tmp_path / "none")))
        assert done.returncode == 2, (target, done.stderr)
        assert "not a PDF file" in done.stderr and "Traceback" not in done.stderr


def test_terminal_control_characters_from_the_file_are_never_printed(capsys, exported, tmp_path):
    """A hostile pack must not print its own "VALID" over the verdict (issue 10, 14): a signer
    name with escape sequences and carriage returns is printed with them replaced."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.reader import contents_from_pack, parse_pack
    from reedesk.signing.dsse import sign_envelope
    from reedesk.signing.keys import key_id_of, raw_public_key
    from reedesk.signing.statement import Signer, build_payload

    contents = contents_from_pack(parse_pack(exported["bytes"]))
    mallory = Ed25519PrivateKey.generate()
    mallory_id = key_id_of(raw_public_key(mallory))
    evil = "Mai\x1b[2K\rpack.pdf: VALID (intact; every signer's key confirmed)\x1b[8m"
    payload = build_payload(contents.determination, Signer(evil, "x", "y", mallory_id), "Prepared by", "2026-11-25T12:00:00.000000Z")
    contents.envelopes = [sign_envelope(payload, mallory, mallory_id)]
    contents.public_keys = {mallory_id: raw_public_key(mallory).hex()}
    path = tmp_path / "evil.pdf"
    path.write_bytes(build_pack(contents, mallory, signer={"name": "Mai", "role": "x", "organisation": "y"}, now=NOW))
    code, out, err = run(capsys, "verify", str(path))
    assert code != 0
    assert "\x1b" not in out + err and "\r" not in out + err
    assert not any(line.startswith(("pack.pdf: VALID", "VALID")) for line in out.splitlines())


def test_a_010_pack_still_verifies_and_says_its_pdf_signature_is_ed25519(capsys):
    """Packs made by reedesk 0.1.0 (fixture made once with commit bca4165) keep verifying."""
    pack = FIXTURES / "pack-0.1.0-en.pdf"
    key_id = (FIXTURES / "pack-0.1.0-en.keyid").read_text().split()[0]
    code, out, _ = run(capsys, "verify", str(pack), "--trust", fingerprint(key_id))
    assert code == 0, out
    assert "Ed25519" in out and "other PDF readers cannot check" in out


def test_a_bad_trust_argument_is_a_user_error(capsys, exported):
    code, _, err = run(capsys, "verify", str(exported["path"]), "--trust", "not-a-key")
    assert code == 2 and "--trust" in err


def test_verify_needs_no_desk(capsys, exported, _isolated_home):
    """A reviewer's machine has no reedesk data: verify must not create any."""
    assert run(capsys, "verify", str(exported["path"]))[0] == 3
    assert not _isolated_home.exists()


def test_verify_imports_nothing_of_the_store(exported, tmp_path):
    """Issue 13, 5: `reedesk verify` never opens the database, so it must not pay for importing its stack."""
    code = ("import sys; from reedesk.cli.main import main; rc = main(['verify', sys.argv[1]]); "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic') "
            "or m.startswith(('reedesk.store', 'reedesk.services.desk', 'PySide6'))); print(repr(bad)); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code, str(exported["path"])], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, REEDESK_HOME=str(tmp_path / "none")))
    assert done.returncode == 3, done.stdout[-1500:] + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-500:]


def test_reedesk_verify_as_a_user_runs_it_imports_no_store_gui_or_other_command(exported, tmp_path):
    """Issue 13, 5: `python -m reedesk verify` (the real entry point, reedesk/__main__.py and cli/main.py)
    imports neither the database stack nor Qt, fuzzy matching, the PDF writer nor another command's module;
    the trust store it reads is a JSON file. Checked from the interpreter's own import log (-X importtime)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "reedesk", "verify", str(exported["path"])],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ, REEDESK_HOME=str(tmp_path / "none")))
    assert done.returncode == 3, done.stdout[-1500:] + done.stderr[-1500:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "reedesk.evidence.verifier" in imported  # the log is there and the verifier ran
    forbidden = ("sqlalchemy", "sqlmodel", "alembic", "PySide6", "rapidfuzz", "reportlab", "pycountry", "reedesk.store", "reedesk.services",
                 "reedesk.audit.trail")
    assert sorted(m for m in imported if m.startswith(forbidden)) == []
    assert sorted(m for m in imported if m.startswith("reedesk.cli.") and m not in ("reedesk.cli.main", "reedesk.cli.verify",
                                                                                   "reedesk.cli.common",
                                                                                   "reedesk.cli.columns",  # the help's widths
                                                                                   "reedesk.cli.parser")) == []  # --language


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_language_names_the_outcome_and_gives_every_reason_in_chinese(capsys, exported, monkeypatch, language):
    """`reedesk verify --language` prints the outcome name and each check's reason in that language, with
    the same verdict and exit code as in English (issue 14: --language on every command that renders text)."""
    from tests.language_check import problems

    use_exporters_desk(monkeypatch, exported)
    code, english, _ = run(capsys, "verify", str(exported["path"]))
    code_zh, out, err = run(capsys, "verify", str(exported["path"]), "--language", language)
    assert (code, code_zh, err) == (0, 0, "")
    assert ("需申請許可" if language == "zh-Hant" else "需申请许可") in out.splitlines()[0]
    passed = "  通過 " if language == "zh-Hant" else "  通过 "
    reasons = [line.split("：", 1)[1] for line in out.splitlines() if line.startswith(passed)]
    assert len(reasons) == len([line for line in english.splitlines() if line.startswith("  ok   ")]) >= 10
    # the whole output (verdict, check names and reasons) follows the language rules (tests/test_verify_language_cli.py)
    found = [p for line in out.splitlines() for p in problems(line, language, names=["Mai Tran", str(exported["path"])])]
    assert not found, found

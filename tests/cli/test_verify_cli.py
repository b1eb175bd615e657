"""`reedesk verify` through the real entry point: exit 0 / 1 / 2, --json, --trust."""

from __future__ import annotations

import json

from reedesk.cli.main import main
from reedesk.evidence.verifier import CHECK_NAMES
from tests.evidence.helpers import append_update, exported  # noqa: F401  (fixture)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_pack_exits_0_and_lists_every_check(capsys, exported):
    code, out, err = run(capsys, "verify", str(exported["path"]))
    assert (code, err) == (0, "")
    assert "VALID" in out and "self-asserted" in out
    assert out.count("ok   ") == len(CHECK_NAMES)


def test_json_report(capsys, exported):
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--json")
    report = json.loads(out)
    assert code == 0 and report["valid"] is True and report["exit_code"] == 0
    assert [c["name"] for c in report["checks"]][0] == "pdf_signature_intact"
    assert report["summary"]["reference"] == "LM-2026-0042"


def test_trust_by_key_id_and_by_public_key_file(capsys, exported, tmp_path):
    from reedesk.signing.keys import public_key_pem, raw_public_key

    key_id = exported["identity"].key_id
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--trust", key_id)
    assert code == 0 and "signer key trusted" in out
    pem = tmp_path / "mai.pem"
    pem.write_text(public_key_pem(raw_public_key(exported["private_key"])), encoding="ascii")
    assert run(capsys, "verify", str(exported["path"]), "--trust", str(pem))[0] == 0
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--trust", "ab" * 32)
    assert code == 1 and "key_trust" in out


def test_a_tampered_pack_exits_1_naming_the_check(capsys, exported, tmp_path):
    path = tmp_path / "appended.pdf"
    path.write_bytes(append_update(exported["bytes"]))
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 1
    assert "INVALID — failed checks: pdf_signature_covers_file" in out


def test_unreadable_files_exit_2_with_one_sentence(capsys, tmp_path):
    for name, data in {"random.pdf": bytes(range(256)) * 4, "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<<", "empty.pdf": b""}.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = run(capsys, "verify", str(path))
        assert code == 2, name
        assert err.startswith("reedesk: ") and err.count("\n") == 1 and "Traceback" not in err
    code, _, err = run(capsys, "verify", str(tmp_path / "missing.pdf"))
    assert code == 2 and "missing.pdf" in err


def test_a_bad_trust_argument_is_a_user_error(capsys, exported):
    code, _, err = run(capsys, "verify", str(exported["path"]), "--trust", "not-a-key")
    assert code == 2 and "--trust" in err


def test_verify_needs_no_desk(capsys, exported, _isolated_home):
    """A reviewer's machine has no reedesk data: verify must not create any."""
    assert run(capsys, "verify", str(exported["path"]))[0] == 0
    assert not _isolated_home.exists()

"""`reedesk keys create/list/retire/export/trust` through the real entry point (reedesk/cli/keys.py)."""

from __future__ import annotations

import json

import pytest

from reedesk.cli.main import main
from reedesk.paths import keys_dir
from reedesk.signing.keys import public_key_from_pem


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def passphrase(monkeypatch):
    monkeypatch.setenv("REEDESK_PASSPHRASE", "cli pass")
    return "cli pass"


def _create(capsys, name="Mei Lin", role="Consultant", org="Lotus Compliance"):
    code, out, err = run(capsys, "keys", "create", "--name", name, "--role", role, "--org", org)
    assert code == 0, err
    return out.split("key id")[1].split()[0]


def test_create_then_list_shows_the_identity(capsys, passphrase, _isolated_home):
    key_id = _create(capsys)
    assert (keys_dir(_isolated_home) / f"{key_id}.pem").exists()
    code, out, _ = run(capsys, "keys", "list")
    assert code == 0 and "Mei Lin — Consultant, Lotus Compliance" in out and "active" in out
    code, out, _ = run(capsys, "keys", "list", "--json")
    listed = json.loads(out)
    assert listed["identities"][0]["key_id"] == key_id and listed["trusted"] == []


def test_create_without_a_passphrase_and_no_terminal_exits_2(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "keys", "create", "--name", "A", "--role", "B", "--org", "C")
    assert code == 2 and "REEDESK_PASSPHRASE" in err


def test_missing_options_exit_2(capsys, passphrase):
    with pytest.raises(SystemExit) as exit_info:
        main(["keys", "create", "--name", "A"])
    assert exit_info.value.code == 2


def test_retire_export_and_trust(capsys, passphrase, tmp_path):
    key_id = _create(capsys)
    code, pem, _ = run(capsys, "keys", "export", key_id[:12])
    assert code == 0 and public_key_from_pem(pem)
    out_file = tmp_path / "mei.pem"
    assert run(capsys, "keys", "export", key_id, "--out", str(out_file))[0] == 0
    assert out_file.read_text() == pem
    code, out, _ = run(capsys, "keys", "retire", key_id, "--reason", "rotation")
    assert code == 0 and "still verify" in out
    code, _, err = run(capsys, "keys", "retire", key_id)
    assert code == 2 and "already retired" in err
    code, out, _ = run(capsys, "keys", "list")
    assert "retired" in out

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = tmp_path / "hans.pem"
    other.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    code, out, _ = run(capsys, "keys", "trust", str(other), "--label", "Hans Vogel, Rhein")
    assert code == 0 and "Trusting Hans Vogel, Rhein" in out
    assert "trusted" in run(capsys, "keys", "list")[1]


def test_unknown_key_and_bad_trust_file_are_one_sentence(capsys, tmp_path):
    code, _, err = run(capsys, "keys", "export", "deadbeefdeadbeef")
    assert code == 2 and err.startswith("reedesk: No signing identity has the key id deadbeefdeadbeef")
    code, _, err = run(capsys, "keys", "trust", str(tmp_path / "nope.pem"), "--label", "x")
    assert code == 2 and "nope.pem" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv, fragments",
    [
        (["keys", "create"], ["--name NAME", "full name", "--role ROLE", "role", "--org ORG", "organisation", "at least 8"]),
        (["keys", "export"], ["key id, fingerprint or unique prefix", "PEM"]),
        (["sign"], ["the dossier reference", "once per meaning", "what the signature means"]),
    ],
)
def test_key_and_sign_commands_explain_their_arguments(capsys, argv, fragments):
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert exited.value.code == 0
    for fragment in fragments:
        assert fragment in text


def test_a_short_passphrase_is_refused_and_nothing_is_written(capsys, monkeypatch, _isolated_home):
    monkeypatch.setenv("REEDESK_PASSPHRASE", "x")
    code, out, err = run(capsys, "keys", "create", "--name", "A", "--role", "B", "--org", "C")
    assert code == 2 and "at least 8" in err
    assert not list(keys_dir(_isolated_home).glob("*.pem"))


def test_an_identical_active_identity_is_refused(capsys, passphrase):
    _create(capsys)
    code, _, err = run(capsys, "keys", "create", "--name", "Mei Lin", "--role", "Consultant", "--org", "Lotus Compliance")
    assert code == 2 and "already exists" in err

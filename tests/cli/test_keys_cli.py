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
    code, out, _ = run(capsys, "keys", "retire", key_id, "--reason", "rotation", "--yes")
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


def test_rotate_replaces_the_key_in_one_command(capsys, passphrase, _isolated_home):
    """Integrity issue point 10: `keys rotate` creates the new identity and retires the old together."""
    old_id = _create(capsys)
    code, out, err = run(capsys, "keys", "rotate", old_id[:12], "--reason", "yearly rotation")
    assert code == 0, err
    assert "Rotated the key of Mei Lin (Consultant, Lotus Compliance) in one step" in out
    new_id = out.split("new key id")[1].split()[0]
    code, out, _ = run(capsys, "keys", "list", "--json")
    listed = {i["key_id"]: i["retired_at"] for i in json.loads(out)["identities"]}
    assert listed[new_id] is None and listed[old_id] is not None


KILL_DURING_ROTATION = """
import os, signal, sys
from reedesk.services import keys
real = keys._store_identity
def store_then_die(*args, **kwargs):
    info = real(*args, **kwargs)  # the new key file and rows are written, nothing is committed
    os.kill(os.getpid(), signal.SIGKILL)
keys._store_identity = store_then_die
from reedesk.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_rotation_killed_before_its_commit_keeps_the_old_key_active(capsys, passphrase, _isolated_home):
    """Point 10 with a real kill -9: the process dies after writing the new key file, before the
    commit. The old key is still the active one (never no active key), the new file is an orphan
    that `keys list` notes and ignores, and the next rotation sets it aside and succeeds."""
    import os
    import signal
    import subprocess
    import sys

    old_id = _create(capsys)
    env = {**os.environ, "REEDESK_HOME": str(_isolated_home), "REEDESK_PASSPHRASE": "another pass"}
    killed = subprocess.run([sys.executable, "-c", KILL_DURING_ROTATION, "keys", "rotate", old_id],
                            env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    code, out, err = run(capsys, "keys", "list", "--json")
    identities = json.loads(out)["identities"]
    assert [(i["key_id"], i["retired_at"]) for i in identities] == [(old_id, None)]
    [orphan] = [p for p in keys_dir(_isolated_home).iterdir() if p.is_file() and not p.name.startswith(old_id)]
    code, out, err = run(capsys, "keys", "list")
    assert code == 0 and f"the key file {orphan} belongs to no identity" in err and "ignored" in err
    code, out, err = run(capsys, "keys", "rotate", old_id)
    assert code == 0, err
    assert not orphan.exists() and (keys_dir(_isolated_home) / "orphaned" / orphan.name).exists()
    code, out, _ = run(capsys, "keys", "list", "--json")
    assert sum(i["retired_at"] is None for i in json.loads(out)["identities"]) == 1


def test_a_name_with_terminal_controls_is_printed_escaped(capsys, passphrase):
    """Integrity issue point 14: text from the desk never reaches the terminal as escape sequences."""
    _create(capsys, name="Mei\x1b[2K\rLin\u202e")
    code, out, _ = run(capsys, "keys", "list")
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "Mei\\x1b[2K\\x0dLin\\u202e" in out


def test_a_common_passphrase_is_refused_by_the_command(capsys, monkeypatch):
    monkeypatch.setenv("REEDESK_PASSPHRASE", "password123")
    code, _, err = run(capsys, "keys", "create", "--name", "Mei", "--role", "R", "--org", "O")
    assert code == 2 and "first that anyone guessing would try" in err


def test_an_error_quoting_a_hostile_file_cannot_steer_the_terminal(capsys, tmp_path):
    """Point 14: a refused file whose name carries an escape sequence (it would erase the line and
    print a green "VALID") is named escaped in the one-sentence error."""
    bad = tmp_path / "x\x1b[2K\r\x1b[32mVALID\x1b[0m.json"
    bad.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "import", str(bad))
    assert code == 2
    assert "\x1b" not in err and "\r" not in err
    assert "\\x1b[32mVALID" in err

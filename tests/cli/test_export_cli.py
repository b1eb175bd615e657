"""`reedesk export` through the real entry point (reedesk/cli/export.py)."""

from __future__ import annotations

import pytest

from reedesk.cli.main import main
from tests.evidence.helpers import PASSPHRASE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def identity(capsys, monkeypatch):
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    code, out, err = run(capsys, "keys", "create", "--name", "Mai Tran", "--role", "Compliance officer", "--org", "Lotus Magnetics")
    assert code == 0, err
    code, out, err = run(capsys, "import", "--samples")  # the CLI no longer seeds the samples by itself
    assert code == 0, err


def test_export_writes_a_pack_and_says_what_it_did(capsys, tmp_path, identity):
    out = tmp_path / "pack.pdf"
    code, stdout, err = run(capsys, "export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(out))
    assert (code, err) == (0, "")
    assert out.read_bytes().startswith(b"%PDF-")
    assert "LM-2026-0042" in stdout and "license_required" in stdout and "RD-" in stdout


def test_export_in_chinese(capsys, tmp_path, identity):
    out = tmp_path / "pack.pdf"
    code, _, err = run(capsys, "export", "TW-TGT-19", "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(out), "--language", "zh-Hans")
    assert (code, err) == (0, "")
    assert run(capsys, "verify", str(out))[0] == 0


def test_export_errors_are_one_sentence_and_exit_2(capsys, tmp_path, identity, monkeypatch):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "LM-2026-0042", "--as-of", "25/11/2026", "--meaning", "M", "--out", str(tmp_path / "p.pdf")])
    assert exit_info.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err
    code, _, err = run(capsys, "export", "NOPE-1", "--as-of", "2026-11-25", "--meaning", "M", "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and "NOPE-1" in err and "Traceback" not in err
    monkeypatch.setenv("REEDESK_PASSPHRASE", "wrong")
    code, _, err = run(capsys, "export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "M", "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and "passphrase" in err.lower()
    assert not (tmp_path / "p.pdf").exists()


def test_export_without_an_identity_tells_how_to_make_one(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    code, _, err = run(capsys, "export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "M", "--out", str(tmp_path / "p.pdf"))
    assert code == 2 and "keys create" in err


def test_export_refuses_an_existing_file_without_force(capsys, tmp_path, identity):
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"%PDF- someone else's pack")
    argv = ["export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(out)]
    code, stdout, err = run(capsys, *argv)
    assert code == 2 and "already exists" in err and "--force" in err
    assert out.read_bytes() == b"%PDF- someone else's pack"
    code, stdout, err = run(capsys, *argv, "--force")
    assert (code, err) == (0, "")
    assert stdout.startswith("Replaced ") and "Licence required (license_required)" in stdout


def test_export_of_a_file_says_it_was_stored(capsys, tmp_path, identity):
    import json

    from tests.conftest import SAMPLES_DIR

    document = json.loads((SAMPLES_DIR / "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    document["reference"] = "LM-CLI-7"
    source = tmp_path / "d.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    code, stdout, err = run(capsys, "export", str(source), "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(tmp_path / "p.pdf"))
    assert (code, err) == (0, "")
    assert "stored as a new dossier LM-CLI-7" in stdout

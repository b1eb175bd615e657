"""The command line over a stored determination the current engine's code path did not write (ROBUST9): `reedesk sign`
refuses it with the reason — a row whose text is not JSON raised JSONDecodeError with a traceback — and
`reedesk export` never puts it in a pack: the pack signs what the rules give now, and the stored row is left as it is.
(`reedesk show` prints the dossier, not a determination; the memo is only ever printed for the engine's own document.)
Real SQLite desk, `reedesk` in this process (main) and, for the traceback, in a process of its own."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reedesk.cli.main import main
from reedesk.services import keys
from reedesk.services.desk import open_desk
from tests.signing.vectors import PASSPHRASE, insert_fabricated_determination, tamper

REF = "LM-2026-0042"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(home: Path) -> list[tuple]:
    from reedesk.paths import database_path

    connection = sqlite3.connect(database_path(home))
    try:
        return connection.execute("SELECT id, document, sha256, outcome FROM determination ORDER BY id").fetchall()
    finally:
        connection.close()


@pytest.fixture
def fabricated(_isolated_home, monkeypatch):
    """A desk with an identity whose dossier's newest determination is hand-made (citations as plain strings)."""
    desk = open_desk(_isolated_home)
    try:
        keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
        made = insert_fabricated_determination(desk, REF)
    finally:
        desk.close()
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    return _isolated_home, made


def _not_json(home: Path, determination_id: int, text: str = "{outcome: not_controlled") -> None:
    desk = open_desk(home, seed_samples=False)
    try:
        tamper(desk, f"UPDATE determination SET document = '{text}', sha256 = '{hashlib.sha256(text.encode()).hexdigest()}' "
                     f"WHERE id = {determination_id}")
    finally:
        desk.close()


def test_sign_refuses_a_fabricated_determination_with_the_reason(capsys, fabricated):
    home, made = fabricated
    before = _rows(home)
    code, out, err = run(capsys, "sign", REF, "--meaning", "Prepared by")
    assert code == 2 and out == "", (code, out, err)
    assert f"Determination {made} does not reproduce, so it will not be signed: the rule pack it names (cn-mofcom-2025-061 version 1" in err
    assert _rows(home) == before


@pytest.mark.parametrize("language, said", [
    ("en", "Determination {id} does not reproduce, so it will not be signed: its document is not JSON."),
    ("zh-Hans", "判定 {id} 无法重现，因此不会签署。"),
])
def test_sign_refuses_a_row_that_is_not_json_without_a_traceback(capsys, fabricated, language, said):
    home, made = fabricated
    _not_json(home, made)
    before = _rows(home)
    code, out, err = run(capsys, "sign", REF, "--meaning", "Prepared by", "--language", language)
    assert code == 2 and said.format(id=made) in err, (code, err)
    assert _rows(home) == before
    done = subprocess.run([sys.executable, "-m", "reedesk", "sign", REF, "--meaning", "Prepared by"],
                          capture_output=True, text=True, env={**os.environ}, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "JSONDecodeError" not in done.stderr, done.stderr


def test_export_signs_what_the_rules_give_now_never_the_stored_fabrication(capsys, fabricated, tmp_path):
    home, made = fabricated
    [(_, text, fabricated_sha, fabricated_outcome)] = [r for r in _rows(home) if r[0] == made]
    out_file = tmp_path / "pack.pdf"
    code, out, err = run(capsys, "export", REF, "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(out_file))
    assert code == 0, err
    assert fabricated_outcome == "not_controlled" and "Licence required (license_required)" in out, out  # the rules' answer
    kept = [r for r in _rows(home) if r[0] == made]
    assert kept == [(made, text, fabricated_sha, fabricated_outcome)]  # the stored row is as it was
    from reedesk.paths import database_path

    connection = sqlite3.connect(database_path(home))
    try:
        [after] = [json.loads(a) for (a,) in connection.execute("SELECT after FROM audit_event WHERE action = 'export'")]
    finally:
        connection.close()
    assert after["determination_sha256"] != fabricated_sha and after["outcome"] == "license_required"
    code, out, err = run(capsys, "verify", str(out_file))
    assert code == 0 and out.startswith(f"{out_file}: VALID"), (code, out, err)  # the engine's own determination, intact

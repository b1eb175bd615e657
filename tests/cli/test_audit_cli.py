"""`reedesk audit log` and `reedesk audit verify` against a tampered SQLite file (reedesk/cli/audit.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reedesk.cli.main import main
from reedesk.services.desk import open_desk
from tests.signing.vectors import signed_desk, tamper


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def signed_home(_isolated_home):
    desk = open_desk(_isolated_home)
    signed_desk(desk)
    yield desk
    desk.close()


def test_log_lists_events_and_filters_by_dossier(capsys, signed_home):
    code, out, _ = run(capsys, "audit", "log")
    assert code == 0 and "identity" in out and "sign" in out
    code, out, _ = run(capsys, "audit", "log", "--dossier", "LM-2026-0042")
    lines = out.strip().splitlines()
    assert code == 0 and lines and all("LM-2026-0042" in line or "determination" in line for line in lines)
    assert "sign" in lines[-1]
    code, out, _ = run(capsys, "audit", "log", "--dossier", "LM-2026-0042", "--json")
    events = json.loads(out)
    assert {e["dossier_reference"] for e in events} == {"LM-2026-0042"}
    code, out, _ = run(capsys, "audit", "log", "--limit", "2")
    assert len(out.strip().splitlines()) == 2


def test_verify_intact_exits_0(capsys, signed_home):
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("Audit trail intact")
    code, out, _ = run(capsys, "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["signatures_checked"] == 1


def test_verify_names_the_changed_event_and_exits_1(capsys, signed_home):
    tamper(signed_home, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 2")
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1
    assert err.startswith("Audit event 2 ") and "was changed" in err
    code, out, _ = run(capsys, "audit", "verify", "--json")
    report = json.loads(out)
    assert code == 1 and report["first_broken_seq"] == 2 and not report["ok"]


def test_verify_names_a_truncation_and_exits_1(capsys, signed_home):
    total = json.loads(run(capsys, "audit", "verify", "--json")[1])["events_checked"]
    tamper(signed_home, f"DELETE FROM audit_event WHERE seq >= {total - 1}")
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1
    assert "truncated" in err and f"covers {total} events, but only {total - 2} remain" in err


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--dossier", "NOPE"], "'NOPE'"),
        (["--action", "bogus"], "no audit action 'bogus'"),
    ],
)
def test_log_filters_naming_nothing_exit_2_with_a_sentence(capsys, signed_home, argv, fragment):
    code, out, err = run(capsys, "audit", "log", *argv)
    assert code == 2 and out == "" and fragment in err and err.startswith("reedesk: ")


def test_log_of_a_deleted_dossier_still_lists_its_events(capsys, signed_home):
    from reedesk.services.dossiers import delete_dossier

    delete_dossier(signed_home, "TW-TGT-19")
    code, out, _ = run(capsys, "audit", "log", "--dossier", "TW-TGT-19", "--action", "delete")
    assert code == 0 and "delete" in out


@pytest.mark.parametrize("limit", ["-1", "0", "x"])
def test_log_refuses_a_limit_that_is_not_positive(capsys, signed_home, limit):
    with pytest.raises(SystemExit) as exited:
        main(["audit", "log", "--limit", limit])
    assert exited.value.code == 2 and "--limit" in capsys.readouterr().err


def test_verify_names_a_revision_changed_in_the_file(capsys, signed_home):
    tamper(signed_home, "UPDATE dossier_revision SET document = replace(document, '7.20', '0.72')")
    code, out, err = run(capsys, "audit", "verify")
    assert code == 1 and "Revision 1 of LM-2026-0042 was altered outside reedesk" in err


def test_checkpoint_and_verify_against_on_the_command_line(capsys, signed_home, tmp_path):
    kept = tmp_path / "kept.txt"
    code, out, _ = run(capsys, "audit", "checkpoint", "--out", str(kept))
    assert code == 0 and f"Wrote the latest checkpoint to {kept}" in out
    assert kept.read_text(encoding="utf-8").splitlines()[0].startswith("reedesk.desk/")
    code, out, _ = run(capsys, "audit", "verify", "--against", str(kept))
    assert code == 0 and "the trail extends it (consistency proof checked)" in out
    assert "Desk key: " in out and "Re-run of the rules: 1 of 1 determinations reproduce" in out


@pytest.mark.parametrize("make, expected", [
    (lambda p: p, "does not exist"),
    (lambda p: (p.write_text("hello\n"), p)[1], "no checkpoint note"),
    (lambda p: (p.write_text("origin\nx\nroot\n\n\u2014 k AAAA\n"), p)[1], "is not a decimal number"),
    (lambda p: Path("/dev/zero"), "is not a regular file"),
])
def test_verify_against_an_unreadable_file_is_one_sentence_and_exit_2(capsys, signed_home, tmp_path, make, expected):
    path = make(tmp_path / "given.txt")
    code, out, err = run(capsys, "audit", "verify", "--against", str(path))
    assert code == 2 and expected in err and "Traceback" not in err


def test_checkpoint_into_a_missing_folder_is_refused(capsys, signed_home, tmp_path):
    code, _, err = run(capsys, "audit", "checkpoint", "--out", str(tmp_path / "nowhere" / "c.txt"))
    assert code == 2 and "does not exist" in err

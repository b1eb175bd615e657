"""`reedesk import/list/show/archive/restore/delete` through the real entry point (reedesk/cli/dossiers.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reedesk.cli.main import main
from reedesk.paths import database_path
from tests.conftest import SAMPLES_DIR

SAMPLE_FILES = sorted(str(p) for p in SAMPLES_DIR.glob("*.json"))
HEADER = "line_id,description,origin,category,elements,value,currency"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def db_counts(home: Path) -> tuple[int, int, int]:
    with sqlite3.connect(database_path(home)) as connection:
        return tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("dossier", "dossier_revision", "audit_event")
        )  # type: ignore[return-value]


@pytest.fixture
def samples(capsys):
    """The four bundled samples, imported on demand (the CLI never seeds a desk)."""
    code, out, err = run(capsys, "import", "--samples")
    assert (code, err) == (0, "")
    return out


def test_import_samples_then_list_shows_four(capsys):
    code, out, err = run(capsys, "import", *SAMPLE_FILES)
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "list")
    assert code == 0
    for reference in ("LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19", "CN-TB-880"):
        assert reference in out
    assert "4 dossiers" in out
    assert out.splitlines()[0].split()[:3] == ["reference", "client", "product"]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: Path(p).stem)
def test_show_json_round_trips_to_an_equal_document(capsys, path):
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    assert run(capsys, "import", path)[0] == 0
    code, out, err = run(capsys, "show", document["reference"], "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == document


def test_show_json_keeps_unknown_fields_and_nulls(capsys, tmp_path):
    document = json.loads((SAMPLES_DIR / "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    document["reference"] = "X-UNKNOWN-1"
    document["x_internal"] = {"ticket": 42}
    document["components"][1]["value"] = None
    path = tmp_path / "x.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    assert json.loads(run(capsys, "show", "X-UNKNOWN-1", "--json")[1]) == document


def test_a_bom_import_makes_revision_2_and_show_reads_both(capsys, tmp_path, _isolated_home, samples):
    bom = tmp_path / "bom.csv"
    bom.write_text(HEADER + "\nC1,Samarium,CN,rare_earth_metal,Sm,9.99,USD\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(bom), "--dossier", "LM-2026-0042")
    assert code == 0 and "LM-2026-0042: stored as revision 2" in out
    latest = json.loads(run(capsys, "show", "LM-2026-0042", "--json")[1])
    first = json.loads(run(capsys, "show", "LM-2026-0042", "--json", "--revision", "1")[1])
    assert [c["value"]["amount"] for c in latest["components"]] == ["9.99"]
    assert len(first["components"]) == 2
    code, out, _ = run(capsys, "show", "LM-2026-0042")
    assert "revision 2 of 2" in out and "9.99 USD" in out


def test_a_bad_csv_is_refused_naming_both_rows_and_the_database_is_unchanged(capsys, tmp_path, _isolated_home, samples):
    rows = [
        "C1,Samarium,CN,rare_earth_metal,Sm,6.50,USD",
        "C2,Cobalt,CG,other,Co,-1.00,USD",
        "C3,Copper,CL,other,Cu,0.40,USD",
        "C4,Iron,AU,other,Fe,0.10,USD",
        "C5,Binder,DE,other,-,0.05,EUR",
        "C6,Coating,JP,other,Ni,0.30,ABC",
    ]
    bom = tmp_path / "bom.csv"
    bom.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    before = db_counts(_isolated_home)
    code, out, err = run(capsys, "import", str(bom), "--dossier", "LM-2026-0042")
    assert code == 2 and out == ""
    assert "bom.csv row 3, value" in err and "bom.csv row 7, currency" in err and "'ABC'" in err
    # one sentence, then one problem per line
    assert err.strip().splitlines() == [
        "reedesk: bom.csv was refused, 2 problems; nothing was stored:",
        "  - bom.csv row 3, value: -1.00 is negative",
        "  - bom.csv row 7, currency: 'ABC' is not an ISO 4217 currency code",
    ]
    assert db_counts(_isolated_home) == before


def test_dry_run_stores_nothing(capsys, tmp_path, _isolated_home, samples):
    run(capsys, "list")
    before = db_counts(_isolated_home)
    bom = tmp_path / "bom.csv"
    bom.write_text(HEADER + "\nC1,,CN,rare_earth_metal,Sm,1,USD\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(bom), "--dossier", "LM-2026-0042", "--dry-run")
    assert code == 0 and "would become revision 2" in out and "nothing was stored" in out
    assert db_counts(_isolated_home) == before


def test_list_filters_and_archive_restore(capsys, samples):
    assert "CN-TB-880" in run(capsys, "list", "--search", "terbium")[1]
    assert "LM-2026-0042" not in run(capsys, "list", "--search", "terbium")[1]
    assert run(capsys, "list", "--client", "Takumi Motors K.K.")[1].count("\n") == 4  # header, rule, row, count
    assert run(capsys, "archive", "CN-TB-880", "--reason", "cancelled")[0] == 0
    assert "CN-TB-880" not in run(capsys, "list")[1]
    assert "CN-TB-880 (archived)" in run(capsys, "list", "--archived")[1]
    assert run(capsys, "restore", "CN-TB-880")[0] == 0
    assert "CN-TB-880" in run(capsys, "list")[1]
    assert "No dossiers match" in run(capsys, "list", "--search", "zzz-nothing")[1]


def test_delete_removes_an_unsigned_dossier(capsys, samples):
    code, out, _ = run(capsys, "delete", "TW-TGT-19", "--reason", "duplicate", "--yes")
    assert code == 0 and "deleted" in out
    code, _, err = run(capsys, "show", "TW-TGT-19")
    assert code == 2 and "TW-TGT-19" in err


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["show", "NOPE"], "'NOPE'"),
        (["show", "LM-2026-0042", "--revision", "9"], "no revision 9"),
        (["delete", "NOPE"], "'NOPE'"),
        (["archive", "NOPE"], "'NOPE'"),
    ],
)
def test_errors_are_one_sentence_on_stderr_with_exit_2(capsys, argv, fragment, samples):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert fragment in err and err.startswith("reedesk: ") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["import", "list", "show", "archive", "restore", "delete"])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert f"usage: reedesk {command}" in capsys.readouterr().out


def test_the_installed_entry_point_runs_in_a_subprocess(tmp_path):
    env = dict(os.environ, REEDESK_HOME=str(tmp_path / "sub-home"), QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parents[2]
    imported = subprocess.run(
        [sys.executable, "-m", "reedesk", "import", *SAMPLE_FILES], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert imported.returncode == 0, imported.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "reedesk", "show", "TK-NDFEB-7", "--json"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0
    assert json.loads(shown.stdout) == json.loads((SAMPLES_DIR / "ndfeb-magnet-chinese-technology.json").read_text(encoding="utf-8"))
    failed = subprocess.run(
        [sys.executable, "-m", "reedesk", "show", "NOPE"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert failed.returncode == 2 and "Traceback" not in failed.stderr and "NOPE" in failed.stderr


def test_an_unusable_data_folder_is_one_sentence(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("REEDESK_HOME", str(blocker / "home"))
    code, out, err = run(capsys, "list")
    assert code == 2 and out == "" and "data folder cannot be opened" in err


def test_a_nearly_empty_dossier_can_be_imported_and_shown(capsys, tmp_path):
    path = tmp_path / "bare.json"
    path.write_text('{"format": "reedesk.dossier/1", "reference": "BARE-1"}', encoding="utf-8")
    assert run(capsys, "import", str(path))[0] == 0
    code, out, err = run(capsys, "show", "BARE-1")
    assert (code, err) == (0, "") and "bill of materials: (none)" in out
    assert "(no client)" in run(capsys, "list", "--search", "BARE")[1]


def test_import_samples_loads_the_four_on_demand_and_again_changes_nothing(capsys, samples):
    assert "Imported 4 files; 4 dossiers changed." in samples
    code, out, err = run(capsys, "import", "--samples")
    assert (code, err) == (0, "") and "Imported 4 files; 0 dossiers changed." in out


def test_import_without_files_or_samples_says_what_to_give(capsys):
    code, out, err = run(capsys, "import")
    assert code == 2 and out == "" and "--samples" in err


def test_import_problems_come_one_per_line_under_one_sentence(capsys, tmp_path):
    code, out, err = run(capsys, "import", "missing.json", str(tmp_path / "other.txt"))
    lines = err.strip().splitlines()
    assert code == 2 and out == ""
    assert lines[0].startswith("reedesk: the import of 2 files") and lines[0].endswith("2 problems; nothing was stored:")
    assert lines[1] == "  - missing.json: does not exist" and lines[2].startswith("  - ") and "other.txt" in lines[2]


def test_dry_run_counts_one_component_in_the_singular(capsys, tmp_path, samples):
    bom = tmp_path / "bom.csv"
    bom.write_text(HEADER + "\nC1,Samarium,CN,rare_earth_metal,Sm,9.99,USD\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(bom), "--dossier", "LM-2026-0042", "--dry-run")
    assert code == 0 and "would become revision 2, 1 component, from bom.csv" in out


def test_a_reference_of_another_client_is_refused_naming_both(capsys, tmp_path, samples):
    document = json.loads((SAMPLES_DIR / "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    stored_client = document["client"]["name"]
    document["client"]["name"] = "Another Client Ltd"
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = db_counts(Path(os.environ["REEDESK_HOME"]))
    code, out, err = run(capsys, "import", str(path))
    assert code == 2 and out == ""
    assert repr(stored_client) in err and "'Another Client Ltd'" in err and "reference of its own" in err
    assert db_counts(Path(os.environ["REEDESK_HOME"])) == before

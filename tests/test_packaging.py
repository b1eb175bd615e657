"""The wheel maps resources/, db/ and reports/ into reedesk/_data/ (pyproject.toml, reedesk/resources.py),
and an installed copy finds them without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_FOLDERS = ("resources", "db", "reports")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    [built] = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return Path(built)


def _source_files(folder: str) -> set[str]:
    base = ROOT / folder
    return {
        p.relative_to(ROOT).as_posix()
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith((".pyc", ".pyo"))
    }


def test_the_wheel_carries_every_data_file_under_reedesk_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in DATA_FOLDERS:
        expected = {f"reedesk/_data/{name}" for name in _source_files(folder)}
        assert expected, f"{folder}/ is empty in the source tree"
        assert expected <= names, f"missing from the wheel: {sorted(expected - names)[:5]}"


def test_the_wheel_has_migrations_samples_templates_and_rule_packs_dir(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reedesk/_data/db/env.py" in names
    assert "reedesk/_data/db/versions/0001_initial_schema.py" in names
    samples = {n for n in names if n.startswith("reedesk/_data/resources/samples/") and n.endswith(".json")}
    assert len(samples) == 4
    assert {"reedesk/_data/resources/templates/bom-template.csv", "reedesk/_data/resources/templates/bom-template.xlsx"} <= names
    source_packs = {f"reedesk/_data/{n}" for n in _source_files("resources") if n.startswith("resources/rules/")}
    wheel_packs = {n for n in names if n.startswith("reedesk/_data/resources/rules/")}
    assert wheel_packs == source_packs  # every rule pack, and nothing else, ships
    assert not any(n.startswith(("resources/", "db/", "reports/")) for n in names)  # only under the package


def test_an_unpacked_wheel_finds_its_data_and_seeds_the_samples(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "from reedesk.resources import data_folder; from reedesk.services.desk import open_desk; "
        "from reedesk.services.dossiers import count_dossiers; "
        "print(data_folder('db')); print(data_folder('reports')); print(count_dossiers(open_desk()))"
    )
    env = dict(os.environ, PYTHONPATH=str(site), REEDESK_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    db_dir, reports_dir, count = done.stdout.split()
    assert Path(db_dir) == site / "reedesk" / "_data" / "db"
    assert Path(reports_dir) == site / "reedesk" / "_data" / "reports"
    assert count == "4"

"""Shared fixtures: a real desk (SQLite file, migrations, samples) in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own REEDESK_HOME so nothing touches the user's data."""
    home = tmp_path / "home"
    monkeypatch.setenv("REEDESK_HOME", str(home))
    # The audit actor is the OS account (issue 10, point 13): tests name it "test-user" by
    # replacing the account lookup, not through an environment variable.
    monkeypatch.setattr("reedesk.clock.os_account", lambda: "test-user")
    monkeypatch.delenv("REEDESK_PASSPHRASE", raising=False)
    return home


@pytest.fixture
def desk(_isolated_home: Path):
    """An opened desk with the bundled samples loaded."""
    from reedesk.services.desk import open_desk

    opened = open_desk(_isolated_home)
    yield opened
    opened.close()


@pytest.fixture
def empty_desk(_isolated_home: Path):
    from reedesk.services.desk import open_desk

    opened = open_desk(_isolated_home, seed_samples=False)
    yield opened
    opened.close()


def sample_document(name: str) -> dict:
    """A sample dossier document by file stem, e.g. ``smco-magnet-vietnam``."""
    return json.loads((SAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))

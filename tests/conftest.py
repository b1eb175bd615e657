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
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)  # a team desk only where a test asks (tests/team)
    monkeypatch.setenv("REEDESK_CONFIG_HOME", str(tmp_path / "config"))  # the outside checkpoint copy, per test
    return home


@pytest.fixture(autouse=True)
def _cheap_scrypt(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys made in tests use a low scrypt cost (the cost is stored in each key file, so they
    open as usual); a test marked ``production_scrypt`` gets the real one. Processes that
    tests start (`reedesk ...`) always use the production cost for new keys."""
    if request.node.get_closest_marker("production_scrypt") is None:
        from reedesk.signing import pkcs8

        monkeypatch.setattr(pkcs8, "SCRYPT_N", 2**10)
        monkeypatch.setattr(pkcs8, "SCRYPT_P", 1)
    from reedesk.services import keys

    monkeypatch.setattr(keys, "_app_cache", None)  # the desktop app's unlocked-key cache never outlives a test


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

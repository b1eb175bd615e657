"""Where reedesk keeps the user's data.

``REEDESK_HOME`` wins (scripts, tests, several independent desks on one machine);
otherwise the platform's user data folder (platformdirs) is used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def reedesk_home() -> Path:
    """The data folder (database, keys, settings, imported rule packs), created if absent."""
    configured = os.environ.get("REEDESK_HOME")
    home = Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("reedesk", "reedesk"))
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_path(home: Path | None = None) -> Path:
    return (home or reedesk_home()) / "reedesk.sqlite3"


def keys_dir(home: Path | None = None) -> Path:
    path = (home or reedesk_home()) / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def imported_rules_dir(home: Path | None = None) -> Path:
    path = (home or reedesk_home()) / "rules"
    path.mkdir(parents=True, exist_ok=True)
    return path

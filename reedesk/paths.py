"""Where reedesk keeps the user's data.

``REEDESK_HOME`` wins (scripts, tests, several independent desks on one machine);
otherwise the platform's user data folder (platformdirs) is used. Folders reedesk
creates are readable by their owner only (0700): they hold the database and the
private keys.

Apart from the desk, the user's config folder (``REEDESK_CONFIG_HOME``, otherwise
platformdirs' user config folder) keeps a copy of each desk's latest checkpoint, so a
restore or a rollback of the whole data folder can be compared against something the
data folder does not contain (integrity issue point 11).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs


def private_folder(path: Path) -> Path:
    """``path`` as a folder, created (with its parents) readable by the owner only if absent."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            path.chmod(0o700)  # mkdir's mode is reduced by the umask only, never widened; be exact
        except OSError:
            pass
    return path


def reedesk_home() -> Path:
    """The data folder (database, keys, settings, imported rule packs), created 0700 if absent."""
    configured = os.environ.get("REEDESK_HOME")
    home = Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("reedesk", "reedesk"))
    return private_folder(home)


def config_home(create: bool = True) -> Path:
    """The user's reedesk config folder, apart from every desk (created 0700 if absent, unless
    ``create`` is false: reading a setting never makes a folder)."""
    configured = os.environ.get("REEDESK_CONFIG_HOME")
    folder = Path(configured).expanduser() if configured else Path(platformdirs.user_config_dir("reedesk", "reedesk"))
    return private_folder(folder) if create else folder


def outside_checkpoint_path(home: Path) -> Path:
    """Where the copy of the latest checkpoint of the desk in ``home`` is kept, outside that desk:
    ``<config_home>/checkpoints/<first 16 hex of SHA-256 of the desk folder's absolute path>.checkpoint``."""
    digest = hashlib.sha256(str(Path(home).expanduser().resolve()).encode("utf-8")).hexdigest()[:16]
    return private_folder(config_home() / "checkpoints") / f"{digest}.checkpoint"


def database_path(home: Path | None = None) -> Path:
    return (home or reedesk_home()) / "reedesk.sqlite3"


def keys_dir(home: Path | None = None) -> Path:
    return private_folder((home or reedesk_home()) / "keys")


def imported_rules_dir(home: Path | None = None) -> Path:
    return private_folder((home or reedesk_home()) / "rules")

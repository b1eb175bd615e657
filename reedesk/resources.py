"""Find the shipped data folders: ``resources/``, ``db/`` and ``reports/``.

In the source tree they sit beside the package; in an installed wheel hatchling
maps them to ``reedesk/_data/`` (see ``pyproject.toml``). Callers ask for a
folder by name and never care which of the two they got.
"""

from __future__ import annotations

from pathlib import Path

_FOLDERS = ("resources", "db", "reports")


def data_folder(name: str) -> Path:
    """Return the real directory for one of the shipped data folders."""
    if name not in _FOLDERS:
        raise ValueError(f"unknown data folder {name!r}; expected one of {_FOLDERS}")
    # The package's own folder (what importlib.resources.files("reedesk") is for an installed, unzipped
    # package), without importing importlib.resources and zipfile (~20 ms of every start, issue 13).
    packaged = Path(__file__).resolve().parent / "_data" / name
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / name
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(f"reedesk's {name}/ folder is missing from this installation")


def resource(*parts: str) -> Path:
    """A path inside ``resources/``, e.g. ``resource("rules")``."""
    return data_folder("resources").joinpath(*parts)

"""SVG icons drawn for reedesk (``resources/icons/*.svg``); SVG stays sharp at any DPI."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from reedesk.resources import resource


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon ``name`` (an empty icon if the file is missing, never an error)."""
    path = resource("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()

"""Which optional services this installation has.

The window is built around the dossier services that always exist; evaluation,
signing, evidence packs, audit and imports come from modules that may be absent
in a partial build. An action whose service is missing stays visible but
disabled, with a tooltip saying why, instead of failing when clicked.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=None)
def service(name: str) -> ModuleType | None:
    """``reedesk.services.<name>`` or None when it is missing or cannot be imported."""
    try:
        return importlib.import_module(f"reedesk.services.{name}")
    except Exception:  # a missing or broken optional module must not stop the window
        return None


@lru_cache(maxsize=None)
def available(name: str) -> bool:
    """Whether ``reedesk.services.<name>`` is installed, without importing it.

    Used while the window is built, so start-up does not pay for importing the
    PDF and signing stacks; the module is imported when an action first needs it.
    """
    try:
        return importlib.util.find_spec(f"reedesk.services.{name}") is not None
    except (ImportError, ValueError):
        return False


def has(name: str, *functions: str) -> bool:
    module = service(name)
    return module is not None and all(hasattr(module, f) for f in functions)

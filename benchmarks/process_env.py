"""The environment the benchmarks start child processes in: with cached bytecode, as an installed app runs.

Why: a shell with ``PYTHONDONTWRITEBYTECODE=1`` (this project's CI and work machines set it) makes every
child process compile every module it imports from source — reedesk's and the floors' (PySide6's,
pyHanko's) alike — which is neither what a user of an installed reedesk pays (pip writes the ``.pyc``
files at install) nor stable from run to run. Children get ``PYTHONPYCACHEPREFIX`` pointing at one
cache folder outside the source tree, so the warm-up run compiles once and the measured runs read
bytecode; floors and figures are measured under the same condition.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "reedesk-bench-pycache"


def child_env(**extra: str) -> dict[str, str]:
    """``os.environ`` plus ``extra``, with bytecode written to and read from :data:`CACHE`."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(CACHE)
    env.update(extra)
    return env

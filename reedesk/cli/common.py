"""Helpers shared by CLI modules: opening the desk, reading passphrases, printing JSON."""

from __future__ import annotations

import getpass
import json
import os
import sys
from typing import Any

from reedesk.errors import ReedeskError
from reedesk.services.desk import Desk, open_desk


def desk_from_env() -> Desk:
    """The desk in ``REEDESK_HOME`` (or the platform folder).

    Never seeded with the samples: a command (even ``audit verify``) must not put
    data into a desk; ``reedesk import --samples`` loads them when asked. A data folder
    that cannot be opened (read-only or missing drive) is one sentence, for every command.
    """
    try:
        return open_desk(seed_samples=False)
    except OSError as exc:
        raise ReedeskError(
            f"The reedesk data folder cannot be opened ({exc.strerror or exc}: {exc.filename or 'REEDESK_HOME'})."
        ) from None


def read_passphrase(prompt: str = "Passphrase: ", *, confirm: bool = False) -> str:
    """``REEDESK_PASSPHRASE`` for scripts, otherwise a prompt that does not echo."""
    from_env = os.environ.get("REEDESK_PASSPHRASE")
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise ReedeskError("A passphrase is needed: set REEDESK_PASSPHRASE or run in a terminal.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat passphrase: ") != first:
        raise ReedeskError("The two passphrases differ; nothing was written.")
    return first


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

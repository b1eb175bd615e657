"""The one place that reads the wall clock and says who is acting, so services can be
given a fixed time in tests and the audit trail names a real account.

The rules engine never calls this: determinations depend on the as-of date only.
"""

from __future__ import annotations

import getpass
import os
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def utc_timestamp(moment: datetime | None = None) -> str:
    """ISO 8601 UTC text with microseconds and a ``Z``: the stored and hashed form."""
    moment = (moment or utc_now()).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def os_account() -> str:
    """The operating-system account running reedesk, read from the account database.

    Not ``getpass.getuser()``: that returns ``$LOGNAME``/``$USER``/``%USERNAME%`` first, and
    an environment variable is anyone's to set (issue 10, point 13). POSIX: the account
    database entry of the real user id; Windows: ``os.getlogin()`` (GetUserNameW, the
    process's own token). ``getpass`` is only the last resort when neither answers.
    """
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, AttributeError):
        pass
    if os.name == "nt":
        try:
            return os.getlogin()
        except OSError:
            pass
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still record something honest
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown-user"


_signed_in = threading.local()
_signed_in_global: list[str] = []


def sign_in(label: str | None) -> None:
    """Make ``label`` (an identity, e.g. ``"Mei Lin 8732-930A-422F-2D68"``) the actor for
    this process until :func:`sign_out`; the GUI calls it when a person unlocks their key.
    ``None`` signs out."""
    _signed_in_global.clear()
    if label:
        _signed_in_global.append(label)


def sign_out() -> None:
    _signed_in_global.clear()


@contextmanager
def acting_as(label: str) -> Iterator[None]:
    """The actor is ``label`` inside the block, in this thread only (e.g. the signer of a
    signature, whose key was just unlocked)."""
    previous = getattr(_signed_in, "label", None)
    _signed_in.label = label
    try:
        yield
    finally:
        _signed_in.label = previous


_database_role: list[str] = []


def set_database_role(role: str | None) -> None:
    """On a team desk (issue 12, point 4) the person is their PostgreSQL login: the audit
    actor names that role instead of the operating-system account. None: back to the account."""
    _database_role.clear()
    if role:
        _database_role.append(role)


def current_actor() -> str:
    """Who is acting, for the audit trail: the signed-in identity (with the OS account it
    runs under), otherwise the operating-system account.

    ``REEDESK_ACTOR`` is no longer read: an environment variable would let anyone record
    any name (issue 10, point 13).
    """
    if _database_role:
        label = getattr(_signed_in, "label", None) or (_signed_in_global[0] if _signed_in_global else None)
        return f"{label} (database role {_database_role[0]})" if label else _database_role[0]
    account = os_account()
    label = getattr(_signed_in, "label", None) or (_signed_in_global[0] if _signed_in_global else None)
    if label:
        return f"{label} (account {account})"
    return account

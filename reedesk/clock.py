"""The one place that reads the wall clock, so services can be given a fixed time in tests.

The rules engine never calls this: determinations depend on the as-of date only.
"""

from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def utc_timestamp(moment: datetime | None = None) -> str:
    """ISO 8601 UTC text with microseconds and a ``Z``: the stored and hashed form."""
    moment = (moment or utc_now()).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def current_actor() -> str:
    """Who is acting, for the audit trail: ``REEDESK_ACTOR`` or the operating-system user."""
    actor = os.environ.get("REEDESK_ACTOR")
    if actor:
        return actor
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still record something honest
        return "unknown-user"

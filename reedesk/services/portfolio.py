"""Use cases of the portfolio analyses: headroom, timeline and impact on stored dossiers.

Thin: each reads what it needs from the desk in one unit of work and hands it to the
pure functions in :mod:`reedesk.portfolio`. Nothing here stores anything unless the
caller asks (``impact(..., store=True)``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.portfolio.headroom import headroom as headroom_document
from reedesk.services import evaluation
from reedesk.services.desk import Desk


def as_date(value: date | str) -> date:
    """An ISO date from the user, or a one-sentence error."""
    return evaluation._as_date(value)


def headroom(desk: Desk, reference: str, as_of: date | str, *, revision: int | None = None) -> dict[str, Any]:
    """The ``reedesk.headroom/1`` document of a stored dossier as of a date; stores nothing."""
    stored = evaluation.evaluate_reference(desk, reference, as_date(as_of), revision=revision, store=False)
    return headroom_document(stored.document)

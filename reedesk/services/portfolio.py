"""Use cases of the portfolio analyses: headroom, timeline and impact on stored dossiers.

Thin: each reads what it needs from the desk in one unit of work and hands it to the
pure functions in :mod:`reedesk.portfolio`. Nothing here stores anything unless the
caller asks (``impact(..., store=True)``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reedesk.domain.dossier_file import dossier_to_document
from reedesk.portfolio.headroom import headroom as headroom_document
from reedesk.portfolio.timeline import change_dates
from reedesk.portfolio.timeline import timeline as timeline_document
from reedesk.services import evaluation
from reedesk.services.desk import Desk
from reedesk.services.dossiers import load_dossier


def as_date(value: date | str) -> date:
    """An ISO date from the user, or a one-sentence error."""
    return evaluation._as_date(value)


def headroom(desk: Desk, reference: str, as_of: date | str, *, revision: int | None = None) -> dict[str, Any]:
    """The ``reedesk.headroom/1`` document of a stored dossier as of a date; stores nothing."""
    stored = evaluation.evaluate_reference(desk, reference, as_date(as_of), revision=revision, store=False)
    return headroom_document(stored.document)


def timeline(desk: Desk, reference: str, start: date | str | None = None, end: date | str | None = None, *,
             revision: int | None = None) -> dict[str, Any]:
    """The ``reedesk.timeline/1`` document of a stored dossier; stores nothing.

    Each date is evaluated as ``reedesk evaluate`` would (same packs, same screening and
    licence inputs), so an interval's outcome is what a determination on that day says.
    Without ``start``/``end`` the range runs from the first to the day after the last
    date the packs name."""
    packs = evaluation.active_packs(desk)
    stored = load_dossier(desk, reference, revision)
    snapshot = dossier_to_document(stored.dossier)
    dates = change_dates(packs, snapshot)
    first = as_date(start) if start is not None else (dates[0] if dates else date(2025, 1, 1))
    last = as_date(end) if end is not None else (dates[-1] if dates else first)

    def at(day: date) -> dict[str, Any]:
        return evaluation.evaluate_reference(desk, reference, day, revision=stored.revision, store=False).document

    return timeline_document(at, dates, first, last, packs=packs, reference=reference, revision=stored.revision)

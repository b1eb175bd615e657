"""Fuzzy matching of a party's name against screening lists (rapidfuzz token-set ratio).

Why token-set ratio: list entries and dossiers order and pad names differently
("Boeing Defense, Space & Security" vs "Boeing Defense Space and Security Inc");
token-set ratio scores 100 when one name's words are all in the other, which is
what a screener wants flagged for a person to decide. Scores are rounded
half-even to one decimal and compared as ``Decimal`` against the threshold, so
the boundary is exact and the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterable

from rapidfuzz import fuzz, process

from reedesk.errors import ReedeskError
from reedesk.screening.lists import Entry, ScreeningList
from reedesk.screening.normalise import normalise_name

DEFAULT_THRESHOLD = Decimal("88")
_TENTH = Decimal("0.1")
# Normalised spellings per list version: (spellings, (entry index, spelling index) per spelling).
_PREPARED: dict[tuple[str, str], tuple[list[str], list[tuple[int, int]]]] = {}


@dataclass(frozen=True)
class Hit:
    """One entry a name matched: which list, which entry, how well and on which spelling."""

    list_id: str
    list_kind: str
    list_name: str
    entry_id: str
    entry_name: str
    matched_name: str
    score: Decimal
    source: str
    verified: bool

    def document(self) -> dict[str, object]:
        """The hit as recorded in ``shipment.end_user.screening.hits`` (without a decision)."""
        return {
            "list": self.list_id, "list_kind": self.list_kind, "list_name": self.list_name, "entry": self.entry_id,
            "entry_name": self.entry_name, "matched_name": self.matched_name, "score": format(self.score, "f"),
            "source": self.source, "verified": self.verified,
        }


def check_threshold(threshold: Decimal | str | int) -> Decimal:
    try:
        value = Decimal(str(threshold))
    except Exception:
        raise ReedeskError(f"The screening threshold {threshold!r} is not a number from 0 to 100.") from None
    if not value.is_finite() or not (0 < value <= 100):
        raise ReedeskError(f"The screening threshold {threshold} must be above 0 and at most 100.")
    return value


def score(a: str, b: str) -> Decimal:
    """Token-set ratio of the two normalised names, 0–100, one decimal; 0 when either is empty."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return Decimal(0)
    return Decimal(repr(fuzz.token_set_ratio(na, nb))).quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def _source(entry: Entry, lst: ScreeningList) -> str:
    parts = [p for p in (entry.announcement, entry.listed_on, entry.source) if p]
    return "; ".join(parts) if parts else lst.name_en


def _prepared(lst: ScreeningList) -> tuple[list[str], list[tuple[int, int]]]:
    """Every entry spelling normalised once per list version (a full US CSL has ~15,000 entries)."""
    key = (lst.id, lst.sha256)
    if key not in _PREPARED:
        spellings: list[str] = []
        where: list[tuple[int, int]] = []
        for i, entry in enumerate(lst.entries):
            for j, candidate in enumerate(entry.names):
                normal = normalise_name(candidate)
                if normal:
                    spellings.append(normal)
                    where.append((i, j))
        _PREPARED[key] = (spellings, where)
    return _PREPARED[key]


def _round(raw: float) -> Decimal:
    return Decimal(repr(raw)).quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def screen_name(name: str, lists: Iterable[ScreeningList], threshold: Decimal | str | int = DEFAULT_THRESHOLD) -> list[Hit]:
    """Every entry whose best-matching spelling scores at or above ``threshold``.

    Ordered by score (highest first), then list id and entry id, so the hit
    numbers a person sees are stable for the same name and lists. rapidfuzz
    pre-filters with a cut-off just below the threshold; the exact test is the
    rounded ``Decimal`` score (same result as :func:`score` per spelling)."""
    limit = check_threshold(threshold)
    query = normalise_name(name)
    if not query:
        raise ReedeskError(f"The name {name!r} has nothing to screen once legal forms and punctuation are removed.")
    cutoff = max(float(limit) - 0.1, 0.0)
    hits: list[Hit] = []
    for lst in lists:
        spellings, where = _prepared(lst)
        best: dict[int, tuple[Decimal, int]] = {}
        for _, raw, k in process.extract(query, spellings, scorer=fuzz.token_set_ratio, processor=None,
                                          score_cutoff=cutoff, limit=None):
            value = _round(raw)
            i, j = where[k]
            if value >= limit and (i not in best or (value, -j) > (best[i][0], -best[i][1])):
                best[i] = (value, j)
        for i, (value, j) in best.items():
            entry = lst.entries[i]
            hits.append(Hit(lst.id, lst.kind, lst.name_en, entry.id, entry.name, entry.names[j], value, _source(entry, lst), entry.verified))
    hits.sort(key=lambda h: (-h.score, h.list_id, h.entry_id))
    return hits

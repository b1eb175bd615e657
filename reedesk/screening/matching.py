"""Fuzzy matching of a party's name against screening lists (rapidfuzz token-set ratio).

Why token-set ratio: list entries and dossiers order and pad names differently
("Boeing Defense, Space & Security" vs "Boeing Defense Space and Security Inc");
token-set ratio scores 100 when one name's words are all in the other, which is
what a screener wants flagged for a person to decide. Scores are rounded
half-even to one decimal and compared as ``Decimal`` against the threshold, so
the boundary is exact and the same on every machine.

Across scripts (normalise.py): names are compared in Simplified Chinese, so a
Traditional spelling finds a Simplified entry and the reverse; and through their
pinyin keys (``sanlingzaochuan``), scored with the plain ratio of the two keys, so
a Chinese entry is found when a dossier writes it in pinyin and a Chinese name in
a dossier finds a list entry written in pinyin. A key shorter than
``MIN_KEY`` letters is not compared (too many chance matches).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterable

from reedesk.errors import ReedeskError
from reedesk.screening.lists import Entry, ScreeningList
from reedesk.screening.normalise import has_han, normalise_name, pinyin_key

DEFAULT_THRESHOLD = Decimal("88")
METHOD = ("rapidfuzz token_set_ratio on normalised names (legal forms and abbreviations normalised, Traditional "
          "Chinese read as Simplified via OpenCC t2s), and the ratio of pinyin keys (pypinyin) between Chinese and "
          "Latin spellings (reedesk.screening)")
MIN_KEY = 6
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class _Prepared:
    """Every spelling of a list version, normalised once: ``normal`` (all spellings),
    ``pinyin`` (pinyin keys of the Chinese spellings), ``latin`` (keys of the Latin
    ones); each with the (entry index, spelling index) of every item."""

    normal: list[str]
    normal_at: list[tuple[int, int]]
    pinyin: list[str]
    pinyin_at: list[tuple[int, int]]
    latin: list[str]
    latin_at: list[tuple[int, int]]


_PREPARED: dict[tuple[str, str], _Prepared] = {}


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
    via: str = "name"  # "name" (same script after Traditional→Simplified) or "pinyin" (pinyin keys)

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


def _key_pair(a: str, b: str) -> bool:
    """Keys are compared when exactly one of the names is Chinese (pinyin against Latin)."""
    return has_han(a) != has_han(b)


def score(a: str, b: str) -> Decimal:
    """The match score of two names, 0–100, one decimal; 0 when either is empty: the
    token-set ratio of the normalised names, or — when one is Chinese and the other
    Latin — the ratio of their pinyin keys if that is higher."""
    from rapidfuzz import fuzz  # on first use: `reedesk verify` and the window's start never screen

    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return Decimal(0)
    best = fuzz.token_set_ratio(na, nb)
    if _key_pair(na, nb):
        ka, kb = pinyin_key(a), pinyin_key(b)
        if len(ka) >= MIN_KEY and len(kb) >= MIN_KEY:
            best = max(best, fuzz.ratio(ka, kb))
    return Decimal(repr(best)).quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def _source(entry: Entry, lst: ScreeningList) -> str:
    parts = [p for p in (entry.announcement, entry.listed_on, entry.source) if p]
    return "; ".join(parts) if parts else lst.name_en


def _prepared(lst: ScreeningList) -> _Prepared:
    """Every entry spelling normalised once per list version (a full US CSL has ~15,000 entries)."""
    key = (lst.id, lst.sha256)
    if key not in _PREPARED:
        p = _Prepared([], [], [], [], [], [])
        for i, entry in enumerate(lst.entries):
            for j, candidate in enumerate(entry.names):
                normal = normalise_name(candidate)
                if not normal:
                    continue
                p.normal.append(normal)
                p.normal_at.append((i, j))
                k = pinyin_key(candidate)
                if len(k) >= MIN_KEY:
                    (p.pinyin if has_han(normal) else p.latin).append(k)
                    (p.pinyin_at if has_han(normal) else p.latin_at).append((i, j))
        _PREPARED[key] = p
    return _PREPARED[key]


def _round(raw: float) -> Decimal:
    return Decimal(repr(raw)).quantize(_TENTH, rounding=ROUND_HALF_EVEN)


def screen_name(name: str, lists: Iterable[ScreeningList], threshold: Decimal | str | int = DEFAULT_THRESHOLD,
                *, as_of: date | str | None = None) -> list[Hit]:
    """Every entry whose best-matching spelling scores at or above ``threshold``
    (with ``as_of``: only entries in force on that date, see ``Entry.in_force``).

    Ordered by score (highest first), then list id and entry id, so the hit
    numbers a person sees are stable for the same name and lists. rapidfuzz
    pre-filters with a cut-off just below the threshold; the exact test is the
    rounded ``Decimal`` score (same result as :func:`score` per spelling)."""
    from rapidfuzz import fuzz, process

    limit = check_threshold(threshold)
    query = normalise_name(name)
    if not query:
        raise ReedeskError(f"The name {name!r} has nothing to screen once legal forms and punctuation are removed.")
    key = pinyin_key(name)
    chinese = has_han(query)
    cutoff = max(float(limit) - 0.1, 0.0)
    hits: list[Hit] = []
    for lst in lists:
        p = _prepared(lst)
        best: dict[int, tuple[Decimal, int, str]] = {}

        def take(found, at: list[tuple[int, int]], via: str) -> None:  # noqa: ANN001 - rapidfuzz result rows
            for _, raw, k in found:
                value = _round(raw)
                i, j = at[k]
                if value >= limit and (i not in best or (value, -j) > (best[i][0], -best[i][1])):
                    if lst.entries[i].in_force(as_of):
                        best[i] = (value, j, via)

        take(process.extract(query, p.normal, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=cutoff,
                             limit=None), p.normal_at, "name")
        if len(key) >= MIN_KEY:
            # pinyin against Latin: a Latin query against the Chinese spellings' keys, a Chinese one against the Latin keys
            keys, at = (p.latin, p.latin_at) if chinese else (p.pinyin, p.pinyin_at)
            if keys:
                take(process.extract(key, keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None),
                     at, "pinyin")
        for i, (value, j, via) in best.items():
            entry = lst.entries[i]
            hits.append(Hit(lst.id, lst.kind, lst.name_en, entry.id, entry.name, entry.names[j], value, _source(entry, lst),
                            entry.verified, via))
    hits.sort(key=lambda h: (-h.score, h.list_id, h.entry_id))
    return hits

"""Terminal columns of text, for the command line's aligned tables and headings.

A wide (CJK) character or fullwidth mark takes two columns on a terminal, so a Chinese header, column or ``====``
rule measured with ``len`` comes out short; every command measures with :func:`display_width` (one helper, where
six copies of it grew up beside each table)."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: two for a wide or fullwidth character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, left: bool = True) -> str:
    """``text`` filled with spaces to ``width`` columns (aligned left, or right with ``left=False``); never cut."""
    gap = " " * max(0, width - display_width(text))
    return text + gap if left else gap + text

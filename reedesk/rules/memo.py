"""One way to keep the rules' per-pack look-up tables bounded (issue 13).

The engine, the encoder and the rule modules keep many small tables keyed by pack objects, lists of pack
objects or pack contents, so that work done for a set of packs is done once per process. A desk that parses
packs again and again (an audit re-run over many evidence packs, imported packs) would keep every one of them
alive, so each table starts again once it holds more than its bound. One function for that, instead of the
same three lines beside every table.
"""

from __future__ import annotations

from typing import Any, TypeVar

V = TypeVar("V")


def remember(table: dict[Any, Any], key: Any, value: V, bound: int) -> V:
    """Store ``value`` under ``key`` in ``table`` and give it back; the table is emptied first when it already holds
    more than ``bound`` entries (a look-up table, never the only copy of anything)."""
    if len(table) > bound:
        table.clear()
    table[key] = value
    return value

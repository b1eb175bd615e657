"""Render a stored determination into its full, readable 0.1-shaped form (contract C1).

Why: stored determinations become *facts* documents (``reedesk.determination/2``)
whose sentences are message references; every consumer that displays one calls
:func:`expand` first and reads prose only from its result. Hashes and signatures
are always over the stored bytes, never over the expanded view.
"""

from __future__ import annotations

from typing import Any


def expand(document: dict[str, Any]) -> dict[str, Any]:
    """The 0.1-shaped determination for ``document`` (any stored schema version).

    ``reedesk.determination/1`` documents are returned unchanged.
    """
    return document

"""Short human form of a key id for printed pages.

Uses :func:`reedesk.signing.keys.fingerprint` when the signing package provides it,
so the pack prints the same fingerprint the rest of the app shows.
"""

from __future__ import annotations


def short_fingerprint(key_id: str) -> str:
    try:
        from reedesk.signing.keys import fingerprint
    except ImportError:  # signing package not available: fall back to grouped hex
        fingerprint = None
    if fingerprint is not None:
        try:
            return str(fingerprint(key_id))
        except Exception:  # a malformed id must not stop a page from printing
            pass
    head = key_id[:16]
    return ":".join(head[i : i + 4] for i in range(0, len(head), 4))

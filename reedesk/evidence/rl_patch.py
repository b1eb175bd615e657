"""One way to replace a library method once per process (reportlab's and pyHanko's, issue 13).

The evidence pack changes a handful of reportlab and pyHanko methods — the PDF/A end-of-stream rule,
the subset-code look-up, the remembered subset programs and their Flate streams, the remembered string
widths, pyHanko's stream EOL guard. Each had its own copy of the same steps (look for a marker on the
current method, wrap the original, mark the wrapper, set it on the class), each with its own marker
and its own attribute for the original. :func:`install_once` is those steps once: the wrapper carries
the method it replaced (:func:`original`), which both marks it as installed and lets a test put the
library's own code back to compare the bytes.
"""

from __future__ import annotations

from typing import Any, Callable

_ORIGINAL = "_reedesk_original"


def install_once(owner: Any, name: str, make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> Callable[..., Any]:
    """Set ``owner.<name>`` to ``make(current)`` unless reedesk already did; return the library's method.

    ``make`` receives the method being replaced and returns its replacement (which calls it when it
    needs the library's answer). Called again — every drawing registers its fonts first — it finds
    its own wrapper and changes nothing, so the method is never wrapped twice."""
    current = getattr(owner, name)
    replaced = getattr(current, _ORIGINAL, None)
    if replaced is not None:
        return replaced
    replacement = make(current)
    setattr(replacement, _ORIGINAL, current)
    setattr(owner, name, replacement)
    return current


def original(method: Callable[..., Any]) -> Callable[..., Any]:
    """The library's own method behind a replacement made by :func:`install_once` (itself otherwise)."""
    return getattr(method, _ORIGINAL, method)

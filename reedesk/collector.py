"""One pause of Python's cyclic garbage collector, shared by every kind of work that takes it (issue 13).

Evaluating, drawing an evidence pack and checking the audit trail each build many containers that stay
alive until the work ends; the collections they set off find nothing to free and promote them, so that a
desk process with a large heap runs its full collections sooner. Reference counting still frees everything
while the collector is paused. The pause is counted across threads and kinds of work — a GUI worker
evaluating while another exports, an evaluation inside an export — so the collector comes back on when the
LAST of them ends, and only if it was on when the first began (a caller that turned it off keeps it off).
One counter for all of them: separate ones would each restore what they saw, and the collector would come
back on while other paused work still runs.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_LOCK = threading.Lock()
_STATE = [0, False]  # paused pieces of work running, and whether the collector was on when the first began


def pause() -> None:
    """Begin a pause (pair with :func:`resume` in a ``finally``); the collector goes off at the first."""
    with _LOCK:
        if _STATE[0] == 0:
            _STATE[1] = gc.isenabled()
            gc.disable()
        _STATE[0] += 1


def resume() -> None:
    """End a pause; the collector comes back on after the last, if it was on before the first."""
    with _LOCK:
        _STATE[0] -= 1
        if _STATE[0] == 0 and _STATE[1]:
            gc.enable()


def running() -> int:
    """How many paused pieces of work are running (0 when none: the tests check that nothing leaks)."""
    return _STATE[0]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused for the ``with`` body (see the module's docstring)."""
    pause()
    try:
        yield
    finally:
        resume()


_SETTLED = [False]  # the process's long-lived objects frozen once (settle_long_lived)


def settle_long_lived() -> bool:
    """Once per process, after its first piece of heavy work (an export): the objects alive now go to the
    permanent generation, which later collections do not scan (``gc.freeze``; issue 13, EXPORT6).

    Why: a desk process holds ~400,000 tracked objects that live as long as it does (modules, classes,
    fonts, rule packs, the SQLAlchemy metadata, the GUI). Every full collection walks all of them (~150 ms),
    and one comes whenever the objects promoted since the last reach a quarter of them: every ~6–20
    exports, or sooner when other work runs between them. Frozen, a full collection walks only what was
    made since (a few ms). A young collection first frees the cyclic garbage of the work just done, so
    it is not frozen with them. Frozen objects are still freed by reference counting; only a cycle among
    objects alive at this moment that becomes garbage later stays — once, never again: this runs once
    per process, so repeated exports freeze nothing more (tests/evidence/test_export_heap.py)."""
    with _LOCK:
        if _SETTLED[0]:
            return False
        _SETTLED[0] = True
    gc.collect(1)
    gc.freeze()
    return True

"""Keep a PySide6 reference-counting bug from aborting the desktop app.

Measured here with PySide6 6.12.0 on CPython 3.11: every call of a Qt method that
returns ``void`` (``QLabel.setText``, ``QWidget.hide``, ``beginResetModel`` …) hands
back ``None`` without taking a new reference to it, so each call lowers ``None``'s
reference count by one. After some tens of thousands of calls — a few minutes of
ordinary use, or a hundred dossiers opened — the count reaches zero and CPython
aborts the whole process with "Fatal Python error: none_dealloc", losing whatever
the user was typing. (The same bug is why the GUI never uses
``QStandardItemModel``.)

Some bool conversions do the same to ``True``/``False`` ("bool_dealloc").

CPython 3.12 made these singletons immortal, which is the fix upstream. On older CPython we
do the same by hand: ``None`` is a static object that is never freed, so raising its
count far out of reach changes nothing but the abort (likewise ``True`` and ``False``). The guard runs when
:mod:`reedesk.gui` is imported, before any widget exists.
"""

from __future__ import annotations

import ctypes
import sys

# Far more void calls than any session makes (2**40 ≈ 10**12), far below the
# ssize_t limit so the count can never overflow either.
_HEADROOM = 1 << 40


def guard_needed() -> bool:
    """True where ``None`` can be deallocated: CPython before 3.12."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


# Static singletons PySide6 was seen to release without owning: None from void methods;
# True/False from some bool conversions (an abort "bool_dealloc" after many language switches).
_SINGLETONS = (None, True, False)


def guard_on() -> bool:
    """True once :func:`protect_none` has run in this process.

    The raised count is not a fixed mark: every unowned release PySide6 makes still lowers it,
    so after a long session (or the whole test suite, ~15,000 net releases) it sits a little
    below ``_HEADROOM``. Half the headroom is still ~10**7 times any natural count."""
    return sys.getrefcount(None) >= _HEADROOM // 2


def protect_none() -> bool:
    """Raise the reference counts of ``None``, ``True`` and ``False`` out of reach once;
    True when it did."""
    if not guard_needed() or guard_on():
        return False
    for singleton in _SINGLETONS:
        # In CPython the first field of every object is its reference count (ob_refcnt).
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    return True

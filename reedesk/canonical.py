"""RFC 8785 canonical JSON at C speed, byte for byte the output of the reference encoder.

Why: every stored, hashed or signed document goes through canonicalisation, and the pure
Python ``rfc8785`` package spent ~2 ms on a 20-line determination (more than the engine
itself). ``orjson`` writes the same bytes ~60x faster *for the documents reedesk makes*, and
this module uses it only where that equality holds, proven case by case:

- **Values**: exact ``dict``, ``list``, ``tuple``, ``str``, ``int``, ``bool`` and ``None``.
  Anything else (floats, whose ES6 number form orjson does not write; ``Decimal``; enums;
  UUIDs; subclasses, which orjson would serialise by their base or value) goes to the
  reference encoder, which writes or refuses it exactly as before.
- **Strings**: both escape only ``"``, ``\\`` and U+0000–U+001F, with the short forms
  ``\\b \\t \\n \\f \\r`` and lowercase ``\\u00xx`` otherwise, and write everything else
  (U+007F, U+2028, non-BMP characters) as raw UTF-8. A lone surrogate makes orjson raise;
  the reference encoder then raises its own ``CanonicalizationError``.
- **Integers**: ``OPT_STRICT_INTEGER`` limits orjson to ±(2**53 − 1), the reference's
  domain; outside it orjson raises and the reference raises ``IntegerDomainError``.
- **Key order**: RFC 8785 sorts by UTF-16 code units, orjson by code points. The two orders
  differ only when a key holds a character above U+FFFF (a surrogate pair sorts before
  U+E000–U+FFFF in UTF-16), so such objects go to the reference encoder.
- **Depth**: orjson refuses nesting deeper than 254 levels; the reference encoder then decides.

The values are walked in Python (exact types); the keys are not: orjson refuses any key that is not an exact
``str``, and a key above U+FFFF can only be where orjson's output holds a 4-byte UTF-8 sequence, in which case
the keys are walked too (:func:`fast_path_applies`).

``tests/signing/test_canonical.py`` checks this against ``rfc8785.dumps`` over generated
documents (hypothesis) and on the RFC's own examples.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import operator
from typing import Any

import rfc8785

try:  # orjson is a declared dependency; without it reedesk stays correct, only slower
    import orjson

    _OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER
    _fast_dumps = orjson.dumps
    _FastError: type[Exception] = orjson.JSONEncodeError
except ImportError:  # pragma: no cover - exercised only on a broken install
    orjson = None  # type: ignore[assignment]
    _fast_dumps = None  # type: ignore[assignment]
    _FastError = TypeError

CanonicalizationError = rfc8785.CanonicalizationError

_LEAF_TYPES = frozenset({str, int, bool, type(None)})
# dict subclasses that add no state and no items of their own (reedesk.rules.messages.Msg, a message
# reference that renders on demand): orjson writes them as the dict they are, byte for byte.
_DICT_TYPES: set[type] = {dict}


def register_plain_dict(kind: type) -> None:
    """Let the fast path take ``kind`` (a ``dict`` subclass with ``__slots__ = ()``) as a plain dict."""
    global _PLAIN_TYPES, _NOT_A_CLASS
    assert issubclass(kind, dict) and getattr(kind, "__slots__", None) == ()
    _DICT_TYPES.add(kind)
    _PLAIN_TYPES = frozenset(_LEAF_TYPES | {list, tuple} | _DICT_TYPES)
    classes = [k for k in _DICT_TYPES if k is not dict]
    _NOT_A_CLASS = functools.partial(operator.is_not, classes[0]) if len(classes) == 1 else _not_a_class


# What _values_plain walks with: the exact types of the proof, and a filter that drops the class an instance of a
# registered dict subclass gives among its referents (a heap type's instance visits its type); None: none registered.
_PLAIN_TYPES = frozenset(_LEAF_TYPES | {list, tuple} | _DICT_TYPES)
_referents = gc.get_referents


def _not_a_class(value: Any) -> bool:
    return type(value) is not type


_NOT_A_CLASS: Any = None


def fast_path_applies(value: Any) -> bool:
    """True when orjson's sorted output is provably the RFC 8785 form of ``value`` (see module doc).

    An iterative walk with exact type checks: leaves are skipped without being pushed, so a
    73 KB determination is checked in ~0.1 ms.
    """
    leaf = _LEAF_TYPES
    dicts = _DICT_TYPES
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        kind = type(node)
        if kind in dicts:
            for key, item in node.items():
                if type(key) is not str or (not key.isascii() and max(key) > "\uffff"):
                    return False
                if type(item) not in leaf:
                    push(item)
        elif kind is list or kind is tuple:
            for item in node:
                if type(item) not in leaf:
                    push(item)
        elif kind not in leaf:
            return False
    return True


def _values_plain(value: Any) -> bool:
    """:func:`fast_path_applies` less its test of the keys: every value is of an exact type in the proof.

    What the keys need is proven on orjson's side instead (see :func:`dumps`): without ``OPT_NON_STR_KEYS`` it
    refuses any key that is not an exact ``str`` (a ``str`` subclass too; tests/signing/test_canonical.py pins
    it), and a key above U+FFFF shows as a 4-byte UTF-8 sequence in its output, which orjson writes raw.

    Breadth first and in C (issue 13: the Python walk was ~60 % of a stored determination's canonical bytes): a
    level's children from ``gc.get_referents`` (a dict's values — and its keys when not all are exact str, which
    the proof may then refuse, as orjson would —, a list's or tuple's items; an instance of a registered dict
    subclass also gives its class, dropped: a class as a value is refused by orjson all the same), their types by
    ``map(type)``. Deeper than orjson's 254 levels (or a cycle): not proven, the reference encoder decides."""
    types = _PLAIN_TYPES
    level = [value]
    for _ in range(256):
        if not types.issuperset(map(type, level)):
            return False
        level = _referents(*level)
        if not level:
            return True
        if _NOT_A_CLASS is not None:
            level = list(filter(_NOT_A_CLASS, level))
    return False


_ABOVE_BMP = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")  # lead bytes of UTF-8's 4-byte sequences (U+10000 up)


def _no_char_above_bmp(data: bytes) -> bool:
    return data.isascii() or not any(lead in data for lead in _ABOVE_BMP)


def dumps(value: Any) -> bytes:
    """RFC 8785 canonical JSON of ``value`` (UTF-8 bytes); raises ``CanonicalizationError`` as ``rfc8785`` does.

    orjson's output is taken when every value is of an exact type in the proof (:func:`_values_plain`), orjson
    accepts every key (exact ``str`` only) and the output holds no character above U+FFFF — or, when it does
    (in a key or anywhere else), when the full :func:`fast_path_applies` finds none in a key. Issue 13: the keys
    were tested one by one in Python, ~a quarter of the walk over a determination."""
    if _fast_dumps is not None and _values_plain(value):
        try:
            data = _fast_dumps(value, option=_OPTIONS)
        except _FastError:
            pass  # a key not a str, lone surrogate, integer beyond 2**53, too deep: the reference encoder decides
        else:
            if _no_char_above_bmp(data) or fast_path_applies(value):
                return data
    return rfc8785.dumps(value)


def sha256_hex(value: Any) -> str:
    """SHA-256 (hex) of the canonical form: what reedesk stores beside every document."""
    return hashlib.sha256(dumps(value)).hexdigest()

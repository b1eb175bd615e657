"""reedesk.canonical: the fast canonical JSON writes exactly the bytes of the RFC 8785
reference encoder (``rfc8785.dumps``), or refuses exactly what it refuses.

Legal/technical basis: RFC 8785 (JSON Canonicalization Scheme) §3.2 — serialization of
literals, strings (§3.2.2.2), numbers (§3.2.2.3, ES6 Number.toString) and the property
sorting by UTF-16 code units (§3.2.3). Every hash and signature in reedesk is over this form,
so one differing byte would break verification of every stored record.
"""

from __future__ import annotations

import json

import pytest
import rfc8785
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reedesk import canonical
from reedesk.domain.dossier_file import canonical_bytes

# Every code point, lone surrogates and control characters included; plus a bias towards the
# characters where UTF-16 and code-point order differ and the escaping edge cases.
_edge = st.sampled_from(["\x00", "\x1f", "\x7f", '"', "\\", "\b", "\t", "\n", "\f", "\r", "/", "\u2028",
                         "\ue000", "\uffff", "\U0001f600", "\U00010000", "\U0010ffff", "\ud800", "é", "漢"])
_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF) | _edge
_text = st.text(_char, max_size=12)
_ints = st.integers(-(2**53) + 1, 2**53 - 1) | st.sampled_from([2**53 - 1, 2**53, -(2**53) + 1, -(2**53), 2**64, -(2**70)])
_leaves = st.none() | st.booleans() | _ints | _text | st.floats(allow_nan=True, allow_infinity=True)
_documents = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(_text, inner, max_size=6),
    max_leaves=40,
)
# The shapes reedesk writes (no floats: amounts are decimal strings), so nearly all take the fast path.
_reedesk_like = st.recursive(
    st.none() | st.booleans() | _ints | _text,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_text, inner, max_size=6),
    max_leaves=60,
)


def _reference(value):
    try:
        return ("ok", rfc8785.dumps(value))
    except Exception as exc:  # noqa: BLE001 - the exact exception type is compared
        return ("error", type(exc))


def _fast(value):
    try:
        return ("ok", canonical.dumps(value))
    except Exception as exc:  # noqa: BLE001
        return ("error", type(exc))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_documents)
def test_generated_documents_canonicalise_exactly_as_the_reference(document):
    assert _fast(document) == _reference(document)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_reedesk_like)
def test_float_free_documents_canonicalise_exactly_as_the_reference(document):
    assert _fast(document) == _reference(document)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.text(st.sampled_from(["a", "\ue000", "\uffff", "\U0001f600", "\U00010000", "é", "1"]),
                             min_size=1, max_size=3), min_size=2, max_size=6, unique=True))
def test_key_order_is_utf16_even_where_code_point_order_differs(keys):
    """RFC 8785 §3.2.3: '\\U0001f600' (UTF-16 D83D DE00) sorts before '\\ue000', although its code point is higher."""
    document = {k: i for i, k in enumerate(keys)}
    assert canonical.dumps(document) == rfc8785.dumps(document)


def test_non_bmp_keys_take_the_reference_path_and_bmp_documents_the_fast_one():
    assert canonical.fast_path_applies({"a": ["x", {"é": None, "漢字": True}], "n": 2**60})
    assert not canonical.fast_path_applies({"\U0001f600": 1})
    assert not canonical.fast_path_applies({"a": [1.0]})
    assert not canonical.fast_path_applies({1: "x"})
    # The walk must not be fooled by a float nested where a reference encoder would write "1".
    assert canonical.dumps({"a": [{"b": 1.0}]}) == b'{"a":[{"b":1}]}'


def test_rfc8785_sorting_example():
    """RFC 8785 §3.2.3: the property-sorting example, in the RFC's stated order."""
    document = json.loads('{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh",'
                          '"1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control",'
                          '"\\u00f6":"Latin Small Letter O With Diaeresis"}')
    expected = ('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",'
                '"\u20ac":"Euro Sign","\U0001f600":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}')
    assert canonical.dumps(document) == expected.encode("utf-8")


def test_rfc8785_serialization_example_and_its_utf8_bytes():
    """RFC 8785 §3.2.2 and §3.2.4: the numbers/string/literals example and its UTF-8 hex."""
    document = json.loads('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
                          '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
                          '"literals": [null, true, false]}')
    expected = ('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
                '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}')
    assert canonical.dumps(document) == expected.encode("utf-8")
    hex_bytes = canonical.dumps(document).hex()
    assert hex_bytes.startswith("7b226c6974657261")  # {"litera
    assert "22737472696e67223a22e282ac245c7530303066" in hex_bytes  # "string":"€$\u000f


def test_string_escapes_of_every_control_character():
    """RFC 8785 §3.2.2.2: short escapes for \\b \\t \\n \\f \\r, lowercase \\u00xx for the other controls, nothing else."""
    text = "".join(chr(i) for i in range(0x20)) + '"\\/\x7f\u2028\u2029\ufeff'
    assert canonical.dumps(text) == rfc8785.dumps(text)
    assert canonical.dumps(text).startswith(b'"\\u0000\\u0001')
    assert b"\\b\\t\\n\\u000b\\f\\r" in canonical.dumps(text)


def test_refusals_are_the_reference_encoders():
    with pytest.raises(rfc8785.IntegerDomainError):
        canonical.dumps({"n": 2**53})
    with pytest.raises(rfc8785.CanonicalizationError):
        canonical.dumps(["lone \ud800 surrogate"])
    with pytest.raises(rfc8785.FloatDomainError):
        canonical.dumps([float("nan")])
    deep: list = []
    node = deep
    for _ in range(400):  # deeper than orjson accepts: the reference writes it
        node.append([])
        node = node[0]
    assert canonical.dumps(deep) == rfc8785.dumps(deep)


def test_canonical_bytes_is_the_fast_encoder():
    """Every caller of ``dossier_file.canonical_bytes`` gets the same bytes through the fast path."""
    document = {"format": "reedesk.dossier/1", "reference": "X", "components": [{"value": {"amount": "1.50"}}]}
    assert canonical_bytes(document) == rfc8785.dumps(document) == canonical.dumps(document)


class _Key(str):
    """A str subclass: the proof takes exact types only."""


def test_orjson_refuses_keys_that_are_not_exact_str_so_the_reference_decides():
    """reedesk.canonical leaves the keys' type to orjson (no OPT_NON_STR_KEYS): it must refuse a str subclass as
    it refuses an int; the reference encoder then writes or refuses it (RFC 8785 §3.2.3 sorts str keys only)."""
    import orjson

    for key in (_Key("a"), 1, None, ("t",)):
        with pytest.raises(orjson.JSONEncodeError):
            orjson.dumps({key: 1}, option=canonical._OPTIONS)
        assert _fast({"x": [{key: 1}]}) == _reference({"x": [{key: 1}]})


def test_a_character_above_u_ffff_only_in_a_value_keeps_the_fast_bytes_and_in_a_key_goes_to_the_reference():
    """RFC 8785 §3.2.2.2 and §3.2.3: a non-BMP character in a string value is written raw UTF-8 by both encoders;
    in a key it orders by UTF-16 code units, which orjson does not, so that document is the reference encoder's."""
    import orjson

    value_only = {"b": "\U0001f600", "\ue000": 1, "a": ["\U00010000"]}
    assert canonical.dumps(value_only) == rfc8785.dumps(value_only) == orjson.dumps(value_only, option=canonical._OPTIONS)
    in_key = {"\U0001f600": 1, "\ue000": 2}
    assert canonical.dumps(in_key) == rfc8785.dumps(in_key) != orjson.dumps(in_key, option=canonical._OPTIONS)


_keys = _text | _text.map(_Key)
_with_subclass_keys = st.recursive(
    st.none() | st.booleans() | _ints | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_with_subclass_keys)
def test_documents_with_str_subclass_and_non_bmp_keys_canonicalise_exactly_as_the_reference(document):
    assert _fast(document) == _reference(document)

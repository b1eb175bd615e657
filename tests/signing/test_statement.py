"""The signed-determination statement binds record, signer, meaning and time (reedesk/signing/statement.py)."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.signing.dsse import EnvelopeInvalid, add_signature, envelope_payload, sign_envelope
from reedesk.signing.keys import key_id_of, raw_public_key
from reedesk.signing.statement import (
    STATEMENT_SCHEMA,
    Signer,
    build_payload,
    document_sha256,
    envelope_sha256,
    verify_statement,
)
from tests.signing.vectors import RFC8032_1_SECRET, RFC8032_2_SECRET, determination_document, vector_key

K1, K2 = vector_key(RFC8032_1_SECRET), vector_key(RFC8032_2_SECRET)
ID1, ID2 = key_id_of(raw_public_key(K1)), key_id_of(raw_public_key(K2))
KEYS = {ID1: raw_public_key(K1), ID2: raw_public_key(K2)}
PREPARER = Signer("Mei Lin", "Export-control consultant", "Lotus Compliance", ID1)
REVIEWER = Signer("Hans Vogel", "Trade compliance officer", "Rhein Antriebe GmbH", ID2)
DET_A = determination_document("LM-2026-0042", "11" * 32, "license_required")
DET_B = determination_document("LM-2026-0042", "22" * 32, "not_controlled")
SIGNED_AT = "2026-11-25T09:30:00.000000Z"


def _signed(det=DET_A, signer=PREPARER, key=K1, meaning="Prepared by", signed_at=SIGNED_AT, countersigns=()):
    return sign_envelope(build_payload(det, signer, meaning, signed_at, countersigns), key, signer.key_id)


def _repacked(envelope, change):
    """The envelope with its payload decoded, changed, re-encoded canonically, signature kept."""
    statement = envelope_payload(envelope)
    change(statement)
    forged = copy.deepcopy(envelope)
    forged["payload"] = base64.b64encode(canonical_bytes(statement)).decode()
    return forged


def test_the_payload_binds_every_field_in_canonical_form():
    payload = build_payload(DET_A, PREPARER, "  Prepared by ", SIGNED_AT)
    statement = json.loads(payload)
    assert payload == canonical_bytes(statement)
    assert statement == {
        "schema": STATEMENT_SCHEMA,
        "determination": DET_A,
        "determination_sha256": document_sha256(DET_A),
        "signer": {"name": "Mei Lin", "role": "Export-control consultant", "organisation": "Lotus Compliance", "key_id": ID1},
        "meaning": "Prepared by",
        "signed_at": SIGNED_AT,
        "countersigns": [],
    }


def test_a_statement_signed_with_a_fixed_key_verifies():
    verified = verify_statement(_signed(), KEYS, expected_determination_sha256=document_sha256(DET_A))
    assert (verified.signer, verified.meaning, verified.signed_at) == (PREPARER, "Prepared by", SIGNED_AT)
    # Ed25519 is deterministic: the same statement by the same RFC 8032 key gives the same envelope.
    assert _signed() == _signed()


def test_a_signature_moved_onto_another_determination_fails():
    with pytest.raises(EnvelopeInvalid, match="is about determination"):
        verify_statement(_signed(DET_A), KEYS, expected_determination_sha256=document_sha256(DET_B))
    moved = _repacked(_signed(DET_A), lambda s: s.update(determination=DET_B, determination_sha256=document_sha256(DET_B)))
    with pytest.raises(EnvelopeInvalid, match="does not match the payload"):
        verify_statement(moved, KEYS, expected_determination_sha256=document_sha256(DET_B))


def test_a_signature_copied_into_another_records_envelope_fails():
    other = _signed(DET_B)
    other["signatures"] = _signed(DET_A)["signatures"]
    with pytest.raises(EnvelopeInvalid, match="does not match the payload"):
        verify_statement(other, KEYS)


def test_a_changed_meaning_fails():
    with pytest.raises(EnvelopeInvalid, match="does not match the payload"):
        verify_statement(_repacked(_signed(), lambda s: s.update(meaning="Reviewed and approved by")), KEYS)


def test_a_changed_time_fails():
    with pytest.raises(EnvelopeInvalid, match="does not match the payload"):
        verify_statement(_repacked(_signed(), lambda s: s.update(signed_at="2026-11-24T09:30:00.000000Z")), KEYS)


def test_a_changed_signer_name_fails():
    with pytest.raises(EnvelopeInvalid, match="does not match the payload"):
        verify_statement(_repacked(_signed(), lambda s: s["signer"].update(name="Someone Else")), KEYS)


@pytest.mark.parametrize("position", [0, 57, 200, -3])
def test_any_changed_payload_byte_fails(position):
    envelope = _signed()
    raw = bytearray(base64.b64decode(envelope["payload"]))
    raw[position] ^= 0x01
    envelope["payload"] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(EnvelopeInvalid):
        verify_statement(envelope, KEYS)


def test_a_hash_that_does_not_match_the_embedded_determination_fails_even_if_signed():
    payload = json.loads(build_payload(DET_A, PREPARER, "Prepared by", SIGNED_AT))
    payload["determination_sha256"] = document_sha256(DET_B)
    envelope = sign_envelope(canonical_bytes(payload), K1, ID1)
    with pytest.raises(EnvelopeInvalid, match="does not match its determination"):
        verify_statement(envelope, KEYS)


def test_a_statement_naming_another_signer_than_the_key_fails():
    envelope = _signed(signer=REVIEWER, key=K1)  # says Hans, signed with Mei's key under Hans's key id
    with pytest.raises(EnvelopeInvalid):
        verify_statement(envelope, KEYS)
    envelope = sign_envelope(build_payload(DET_A, REVIEWER, "Prepared by", SIGNED_AT), K1, ID1)
    with pytest.raises(EnvelopeInvalid, match="names a signer key other"):
        verify_statement(envelope, KEYS)


def test_a_non_canonical_payload_fails():
    statement = json.loads(build_payload(DET_A, PREPARER, "Prepared by", SIGNED_AT))
    envelope = sign_envelope(json.dumps(statement, indent=1).encode(), K1, ID1)
    with pytest.raises(EnvelopeInvalid, match="canonical"):
        verify_statement(envelope, KEYS)


def test_a_second_signature_in_the_same_envelope_is_refused_for_statements():
    envelope = add_signature(_signed(), K2, ID2)
    with pytest.raises(EnvelopeInvalid, match="names a signer key other"):
        verify_statement(envelope, KEYS)


def test_the_reviewer_binds_the_preparers_envelope():
    first = _signed()
    review = _signed(signer=REVIEWER, key=K2, meaning="Reviewed and approved by", countersigns=[envelope_sha256(first)])
    verified = verify_statement(review, KEYS, expected_determination_sha256=document_sha256(DET_A))
    assert verified.countersigns == (envelope_sha256(first),)
    assert envelope_sha256(first) != envelope_sha256(_signed(signed_at="2026-11-25T09:31:00.000000Z"))


def test_a_meaning_is_required():
    with pytest.raises(ValueError, match="meaning"):
        build_payload(DET_A, PREPARER, "  ", SIGNED_AT)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_single_bit_flip_in_payload_or_signature_fails(data):
    envelope = _signed()
    field = data.draw(st.sampled_from(["payload", "sig"]))
    raw = bytearray(base64.b64decode(envelope["payload"] if field == "payload" else envelope["signatures"][0]["sig"]))
    position = data.draw(st.integers(0, len(raw) - 1))
    raw[position] ^= 1 << data.draw(st.integers(0, 7))
    encoded = base64.b64encode(bytes(raw)).decode()
    if field == "payload":
        envelope["payload"] = encoded
    else:
        envelope["signatures"][0]["sig"] = encoded
    with pytest.raises(EnvelopeInvalid):
        verify_statement(envelope, KEYS, expected_determination_sha256=document_sha256(DET_A))


# The canonical check assembles the payload's canonical form from one encoding of the determination
# (statement._determination_bytes_if_canonical). These tests attack that assembly directly.


def _payload_with_members(members: list[tuple[str, bytes]]) -> bytes:
    return b"{" + b",".join(json.dumps(key).encode() + b":" + value for key, value in members) + b"}"


def test_a_payload_with_two_determination_members_fails():
    """A payload naming a determination twice (JSON parsers keep the last) is not canonical: the signer's
    tool could show one determination and reedesk read the other."""
    statement = json.loads(build_payload(DET_A, PREPARER, "Prepared by", SIGNED_AT))
    members = [(k, canonical_bytes(statement[k])) for k in sorted(statement)]
    at = [k for k, _ in members].index("determination")
    members.insert(at, ("determination", canonical_bytes(DET_B)))
    envelope = sign_envelope(_payload_with_members(members), K1, ID1)
    assert envelope_payload(envelope)["determination"] == DET_A
    with pytest.raises(EnvelopeInvalid, match="canonical"):
        verify_statement(envelope, KEYS)


def test_a_payload_whose_members_are_out_of_order_fails():
    """Canonical members but top-level keys not in RFC 8785 order: refused."""
    statement = json.loads(build_payload(DET_A, PREPARER, "Prepared by", SIGNED_AT))
    members = [(k, canonical_bytes(statement[k])) for k in sorted(statement, reverse=True)]
    envelope = sign_envelope(_payload_with_members(members), K1, ID1)
    with pytest.raises(EnvelopeInvalid, match="canonical"):
        verify_statement(envelope, KEYS)


def test_a_payload_whose_determination_alone_is_not_canonical_fails():
    """Every other member canonical, the embedded determination written with spaces: refused before any hash."""
    statement = json.loads(build_payload(DET_A, PREPARER, "Prepared by", SIGNED_AT))
    members = [(k, json.dumps(statement[k]).encode() if k == "determination" else canonical_bytes(statement[k]))
               for k in sorted(statement)]
    envelope = sign_envelope(_payload_with_members(members), K1, ID1)
    with pytest.raises(EnvelopeInvalid, match="canonical"):
        verify_statement(envelope, KEYS)


from reedesk.signing.statement import _determination_bytes_if_canonical  # noqa: E402

_keys = st.sampled_from(["determination", "schema"]) | st.text(st.sampled_from(["a", "b", "é", "\ue000", "\uffff", "\U0001f600"]), max_size=4)
_values = st.recursive(st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(max_size=6)
                       | st.floats(-1e15, 1e15) | st.sampled_from([1e-7, 1e21, 5e-324, 1.5e300, -0.0]),
                       # (no integral float >= 2**53: it reads back as an int beyond RFC 8785's domain)
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(statement=st.dictionaries(_keys, _values, max_size=6), determination=_values, data=st.data())
def test_the_assembled_form_is_the_reference_encoders(statement, determination, data):
    """Over generated statements (non-BMP keys, floats and all): the check accepts exactly the bytes the
    reference RFC 8785 encoder writes, returns the determination's reference bytes, and refuses the
    same statement written any other way (sorted by code point, or with whitespace)."""
    import rfc8785

    if data.draw(st.booleans()):
        statement["determination"] = determination
    reference = rfc8785.dumps(statement)
    got = _determination_bytes_if_canonical(json.loads(reference), reference)
    assert got == (rfc8785.dumps(statement["determination"]) if "determination" in statement else b"")
    spaced = json.dumps(statement, ensure_ascii=False, indent=1).encode()
    by_code_point = json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    for other in (spaced, by_code_point):
        if other != reference:
            assert _determination_bytes_if_canonical(json.loads(other), other) is None


@settings(max_examples=200, deadline=None)
@given(statement=st.dictionaries(_keys, _values, max_size=6), determination=_values, data=st.data())
def test_the_shorter_encoder_for_parsed_payloads_decides_as_the_walk_does(statement, determination, data):
    """statement._exact_encoder (orjson without reedesk.canonical's walk, for values json.loads read from a
    payload without non-integer numbers or characters above U+FFFF) gives the same bytes and the same
    verdicts as the full encoder, over generated statements written canonically, by code point, with
    whitespace and with escaped non-ASCII (issue 13)."""
    import rfc8785

    from reedesk.signing.dsse import payload_document
    from reedesk.signing.statement import _exact_encoder

    if data.draw(st.booleans()):
        statement["determination"] = determination
    reference = rfc8785.dumps(statement)
    escaped = json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()  # \\uXXXX for non-ASCII
    by_code_point = json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    spaced = json.dumps(statement, ensure_ascii=False, indent=1).encode()
    for payload in (reference, escaped, by_code_point, spaced):
        floats: list[str] = []
        parsed = payload_document(payload, floats)
        assert parsed == payload_document(payload)
        assert _determination_bytes_if_canonical(parsed, payload, _exact_encoder(payload, floats)) == \
            _determination_bytes_if_canonical(payload_document(payload), payload)

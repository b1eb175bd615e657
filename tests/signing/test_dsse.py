"""DSSE envelopes: PAE, signing, several signatures, verification (reedesk/signing/dsse.py)."""

from __future__ import annotations

import base64
import copy

import pytest

from reedesk.signing.dsse import (
    PAYLOAD_TYPE,
    EnvelopeInvalid,
    add_signature,
    check_signatures,
    envelope_payload,
    pae,
    sign_envelope,
    verify_envelope,
)
from reedesk.signing.keys import key_id_of, raw_public_key
from tests.signing.vectors import RFC8032_1_SECRET, RFC8032_2_SECRET, vector_key

K1, K2 = vector_key(RFC8032_1_SECRET), vector_key(RFC8032_2_SECRET)
ID1, ID2 = key_id_of(raw_public_key(K1)), key_id_of(raw_public_key(K2))
KEYS = {ID1: raw_public_key(K1), ID2: raw_public_key(K2)}


def test_pae_matches_the_dsse_specification_example():
    # From the DSSE v1 protocol document: PAE("http://example.com/HelloWorld", "hello world").
    assert pae("http://example.com/HelloWorld", b"hello world") == b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    assert pae("", b"") == b"DSSEv1 0  0 "


def test_pae_counts_bytes_not_characters():
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 \xc3\xa9"


def test_a_signed_envelope_verifies_and_is_deterministic_with_a_fixed_key():
    env = sign_envelope(b'{"a":1}', K1, ID1)
    assert env["payloadType"] == PAYLOAD_TYPE
    assert base64.b64decode(env["payload"]) == b'{"a":1}'
    assert env == sign_envelope(b'{"a":1}', K1, ID1)  # Ed25519 is deterministic
    assert [v.key_id for v in verify_envelope(env, KEYS)] == [ID1]
    assert envelope_payload(env) == {"a": 1}


def test_the_signature_is_over_pae_of_the_exact_bytes():
    env = sign_envelope(b'{"a":1}', K1, ID1)
    sig = base64.b64decode(env["signatures"][0]["sig"])
    raw = raw_public_key(K1)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    Ed25519PublicKey.from_public_bytes(raw).verify(sig, pae(PAYLOAD_TYPE, b'{"a":1}'))


def test_add_signature_keeps_the_first_and_both_verify():
    env = add_signature(sign_envelope(b"payload", K1, ID1), K2, ID2)
    assert [v.key_id for v in verify_envelope(env, KEYS)] == [ID1, ID2]


def test_one_changed_payload_byte_fails_and_names_the_signature():
    env = add_signature(sign_envelope(b"payload", K1, ID1), K2, ID2)
    bad = copy.deepcopy(env)
    bad["payload"] = base64.b64encode(b"paylaad").decode()  # one byte changed
    with pytest.raises(EnvelopeInvalid, match="signature 1 by key") as err:
        verify_envelope(bad, KEYS)
    assert err.value.index == 0 and err.value.key_id == ID1


def test_a_changed_payload_type_fails():
    env = sign_envelope(b"payload", K1, ID1)
    env["payloadType"] = "application/vnd.in-toto+json"
    with pytest.raises(EnvelopeInvalid):
        verify_envelope(env, KEYS)


def test_check_signatures_reports_each_signature_separately():
    env = add_signature(sign_envelope(b"payload", K1, ID1), K2, ID2)
    env["signatures"][1]["sig"] = env["signatures"][0]["sig"]  # second signature swapped for the first's
    checks = check_signatures(env, KEYS)
    assert [c.ok for c in checks] == [True, False]
    assert "signature 2" in (checks[1].reason or "")


def test_an_unknown_key_is_named_not_trusted():
    env = sign_envelope(b"payload", K1, ID1)
    with pytest.raises(EnvelopeInvalid, match="not known or trusted"):
        verify_envelope(env, {ID2: KEYS[ID2]})


def test_a_key_id_pointing_at_another_key_fails():
    env = sign_envelope(b"payload", K1, ID2)  # claims K2's id
    with pytest.raises(EnvelopeInvalid, match="does not match"):
        verify_envelope(env, KEYS)


@pytest.mark.parametrize(
    "envelope, message",
    [
        ([], "not a JSON object"),
        ({"payload": "cGF5bG9hZA=="}, "no payloadType"),
        ({"payloadType": PAYLOAD_TYPE, "payload": "***"}, "not valid base64"),
        ({"payloadType": PAYLOAD_TYPE, "payload": "cGF5bG9hZA==", "signatures": []}, "no signatures"),
    ],
)
def test_malformed_envelopes_are_refused_clearly(envelope, message):
    with pytest.raises(EnvelopeInvalid, match=message):
        verify_envelope(envelope, KEYS)


def test_a_payload_that_is_not_a_json_object_is_refused():
    with pytest.raises(EnvelopeInvalid, match="not JSON"):
        envelope_payload(sign_envelope(b"\xff", K1, ID1))
    with pytest.raises(EnvelopeInvalid, match="not a JSON object"):
        envelope_payload(sign_envelope(b"[1]", K1, ID1))

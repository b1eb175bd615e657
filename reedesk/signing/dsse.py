"""DSSE envelopes (in-toto's "Dead Simple Signing Envelope", v1).

An envelope is ``{"payloadType", "payload" (base64), "signatures": [{"keyid", "sig"}]}``
and each signature is Ed25519 over ``PAE(payloadType, payload)``: the exact payload
bytes, length-prefixed, so nothing can be re-interpreted or re-serialised between
signing and verifying. Any DSSE tool can check a reedesk envelope given the public key.
"""

from __future__ import annotations

import base64
import hashlib
import binascii
import json
from dataclasses import dataclass
from typing import Any, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reedesk.errors import ReedeskError
from reedesk.vocabulary import Coded

PAYLOAD_TYPE = "application/vnd.reedesk.signed-determination+json"


class EnvelopeInvalid(ReedeskError):
    """An envelope is malformed, or one of its signatures does not verify."""

    def __init__(self, message: str, *, index: int | None = None, key_id: str | None = None):
        super().__init__(message)
        self.index = index
        self.key_id = key_id


@dataclass(frozen=True)
class VerifiedSignature:
    index: int
    key_id: str


@dataclass(frozen=True)
class SignatureCheck:
    """The result for one signature of an envelope: ``ok`` or the reason it failed."""

    index: int
    key_id: str
    ok: bool
    reason: str | None = None


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE pre-authentication encoding: ``DSSEv1 SP len(type) SP type SP len(body) SP body``."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise EnvelopeInvalid.coded("dsse_envelope_s_base_text", what=what)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeInvalid.coded("dsse_envelope_s_valid_base", what=what) from None


def sign_envelope(payload: bytes, private_key: Ed25519PrivateKey, key_id: str, payload_type: str = PAYLOAD_TYPE) -> dict[str, Any]:
    """A new envelope over ``payload`` with one signature."""
    return {
        "payloadType": payload_type,
        "payload": _b64(payload),
        "signatures": [{"keyid": key_id, "sig": _b64(private_key.sign(pae(payload_type, payload)))}],
    }


def add_signature(envelope: Mapping[str, Any], private_key: Ed25519PrivateKey, key_id: str) -> dict[str, Any]:
    """A copy of ``envelope`` with one more signature over the same payload."""
    payload_type, payload = _parts(envelope)
    signatures = list(envelope.get("signatures") or [])
    signatures.append({"keyid": key_id, "sig": _b64(private_key.sign(pae(payload_type, payload)))})
    return {"payloadType": payload_type, "payload": _b64(payload), "signatures": signatures}


def _parts(envelope: Mapping[str, Any]) -> tuple[str, bytes]:
    if not isinstance(envelope, Mapping):
        raise EnvelopeInvalid.coded("dsse_envelope_json_object")
    payload_type = envelope.get("payloadType")
    if not isinstance(payload_type, str) or not payload_type:
        raise EnvelopeInvalid.coded("dsse_envelope_payloadtype")
    return payload_type, _unb64(envelope.get("payload"), "payload")


def check_signatures(envelope: Mapping[str, Any], public_keys: Mapping[str, bytes]) -> list[SignatureCheck]:
    """Check every signature; never raises for a bad signature, only for a malformed envelope."""
    payload_type, payload = _parts(envelope)
    signatures = envelope.get("signatures")
    if not isinstance(signatures, list) or not signatures:
        raise EnvelopeInvalid.coded("dsse_envelope_carries_signatures")
    message = pae(payload_type, payload)
    results: list[SignatureCheck] = []
    for index, entry in enumerate(signatures):
        key_id = entry.get("keyid") if isinstance(entry, Mapping) else None
        if not isinstance(key_id, str):
            results.append(SignatureCheck(index, "", False, Coded("reason", "dsse_signature_no_keyid", number=index + 1)))
            continue
        raw = public_keys.get(key_id)
        if raw is None:
            results.append(SignatureCheck(index, key_id, False, Coded("reason", "dsse_signature_key_unknown", number=index + 1, key=key_id[:16])))
            continue
        if not key_matches_id(raw, key_id):
            # reedesk key ids are the SHA-256 of the key: a key filed under another key's id is a swap (issue 10, point 1)
            results.append(SignatureCheck(index, key_id, False, Coded("reason", "dsse_signature_key_swapped", number=index + 1, key=key_id[:16])))
            continue
        try:
            sig = _unb64(entry.get("sig"), f"signature {index + 1}")
            Ed25519PublicKey.from_public_bytes(raw).verify(sig, message)
        except (InvalidSignature, EnvelopeInvalid, ValueError):
            results.append(SignatureCheck(index, key_id, False, Coded("reason", "dsse_signature_mismatch", number=index + 1, key=key_id[:16])))
            continue
        results.append(SignatureCheck(index, key_id, True))
    return results


def key_matches_id(raw: bytes, key_id: str) -> bool:
    """Whether ``key_id`` is the hex SHA-256 of the raw public key ``raw`` (how reedesk names keys)."""
    try:
        return hashlib.sha256(bytes(raw)).hexdigest() == key_id
    except TypeError:
        return False


def verify_envelope(envelope: Mapping[str, Any], public_keys: Mapping[str, bytes]) -> list[VerifiedSignature]:
    """Every signature verified, or :class:`EnvelopeInvalid` naming the first that fails."""
    verified: list[VerifiedSignature] = []
    for check in check_signatures(envelope, public_keys):
        if not check.ok:
            invalid = EnvelopeInvalid.coded("dsse_envelope_not_valid", reason=check.reason)
            invalid.index, invalid.key_id = check.index, check.key_id  # type: ignore[attr-defined]
            raise invalid
        verified.append(VerifiedSignature(check.index, check.key_id))
    return verified


def envelope_payload_bytes(envelope: Mapping[str, Any]) -> bytes:
    return _parts(envelope)[1]


def envelope_payload(envelope: Mapping[str, Any]) -> dict[str, Any]:
    """The decoded JSON payload (not verified: call :func:`verify_envelope` first)."""
    return payload_document(envelope_payload_bytes(envelope))


def payload_document(payload: bytes, floats: list[str] | None = None) -> dict[str, Any]:
    """The JSON object in payload bytes already taken out of an envelope (one base64 decode, not two).

    ``floats``, when given, receives the text of every non-integer number parsed, NaN and Infinity too (the statement check
    encodes a payload without any by a shorter path, ``statement._exact_encoder``)."""
    try:
        text = payload.decode("utf-8")
        if floats is None:
            document = json.loads(text)
        else:
            def number(literal: str) -> float:  # a fraction or exponent, or NaN/Infinity (json.loads takes those too)
                floats.append(literal)
                return float(literal)

            document = json.loads(text, parse_float=number, parse_constant=number)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeInvalid.coded("dsse_envelope_s_payload_json_2") from None
    if not isinstance(document, dict):
        raise EnvelopeInvalid.coded("dsse_envelope_s_payload_json")
    return document

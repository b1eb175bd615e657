"""Strict reading of the PAdES signature container (the CMS blob in ``/Contents``).

pyHanko checks the signed digest and the signature value; that leaves bytes it never
looks at: the certificate's own signature (a self-signed certificate used as its own
trust root is never re-checked), unsigned attributes, redundant length encodings and
the zero padding after the blob. An attacker (or a bit flip) can change those and the
signature still "validates". A reedesk verifier accepts exactly one form:

* ``/Contents`` is one hex string filling the gap between the two signed byte ranges;
* the decoded bytes are one DER ``ContentInfo`` — re-encoding it gives the same bytes —
  followed by nothing but zero bytes;
* SignedData with one SignerInfo, no CRLs, and only the signer's own certificate
  (0.1.0 packs list it twice); the certificate's own (self-)signature verifies;
* the signed attributes are exactly content-type, message-digest and an ESS
  signing-certificate-v2 whose SHA-256 is that of the signer certificate;
* unsigned attributes: none, or one RFC 3161 signature timestamp token, itself DER.

Each rule returns one sentence; :func:`check_signature_container` returns the first
problem or None.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
SIGNED_ATTRIBUTES = {"content_type", "message_digest", "signing_certificate_v2"}
SIGNATURE_TIMESTAMP = "signature_time_stamp_token"


def contents_blob(data: bytes, byte_range: Any) -> tuple[bytes | None, str | None]:
    """The decoded ``/Contents`` between the signed ranges, or a sentence why not."""
    try:
        start, first, second, _length = (int(x) for x in byte_range)
    except Exception:  # noqa: BLE001 — hostile /ByteRange
        return None, "the signature's /ByteRange cannot be read"
    gap = data[start + first : second]
    match = _HEX.fullmatch(gap)
    if match is None:
        return None, "the bytes between the signed ranges are not exactly one hex string (/Contents)"
    hex_digits = match.group(1)
    if len(hex_digits) % 2:
        return None, "the signature's /Contents has an odd number of hex digits"
    return bytes.fromhex(hex_digits.decode("ascii")), None


def _der_length(blob: bytes) -> int | None:
    """Total length of the DER element at the start of ``blob`` (definite, minimal length), or None."""
    if len(blob) < 2 or blob[0] != 0x30:
        return None
    first = blob[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(blob) < 2 + count:
        return None
    value = int.from_bytes(blob[2 : 2 + count], "big")
    if value < 0x80 or blob[2] == 0:  # not the minimal encoding
        return None
    return 2 + count + value


# Universal types DER writes only in primitive form (X.690 10.2): strings, bit strings, times.
_PRIMITIVE_ONLY = frozenset({3, 4, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 30})


def is_canonical_der(der: bytes) -> bool:
    """True when ``der`` is one element in the one DER form: every tag and length minimal and
    definite, constructed contents exactly a run of such elements, and the primitive values
    reedesk's containers hold in canonical form (BOOLEAN, INTEGER, BIT STRING, NULL, OBJECT
    IDENTIFIER, UTC/GeneralizedTime ending in Z).

    Why not ``asn1crypto``'s ``dump(force=True)``: it re-encodes the tree once per level of
    nesting (90 ms for a 1.1 KB container, a fifth of an export); this walk reads each byte
    once (well under a millisecond) and refuses at least what the re-encoding refuses
    (tests/evidence/test_export_speed.py compares both on mutated containers).
    """
    try:
        return _canonical_run(der, top=True)
    except Exception:  # noqa: BLE001 — hostile bytes: any parser failure means "not canonical"
        return False


def _parse_everything(node: Any) -> None:
    """Parse every element of an asn1crypto value against its schema (a wrong tag or an
    undecodable value raises), without asn1crypto's costly re-encoding."""
    from asn1crypto import core

    if isinstance(node, core.Choice):
        _parse_everything(node.chosen)
    elif isinstance(node, (core.Sequence, core.Set, core.SequenceOf, core.SetOf)):
        if node.children is None:
            node._parse_children()
        for index in range(len(node.children)):
            _parse_everything(node._lazy_child(index))
    elif isinstance(node, (core.ParsableOctetString, core.ParsableOctetBitString)):
        if node.parsed is not None:
            _parse_everything(node.parsed)
    elif not isinstance(node, (core.Any, core.Void)):
        node.native  # noqa: B018 — decoding the value is the check


def _canonical_run(data: bytes, *, top: bool = False) -> bool:
    from asn1crypto import parser

    pointer, end = 0, len(data)
    if top and end == 0:
        return False
    while pointer < end:
        length = parser.peek(data[pointer:])
        element = data[pointer : pointer + length]
        class_, method, tag, header, contents, trailer = parser.parse(element, strict=True)
        if trailer or header != parser._dump_header(class_, method, tag, contents):
            return False
        if method == 1:
            if class_ == 0 and tag in _PRIMITIVE_ONLY:
                return False
            if not _canonical_run(contents):
                return False
        elif class_ == 0 and not _canonical_primitive(tag, contents):
            return False
        pointer += length
        if top and pointer != end:
            return False
    return True


def _canonical_primitive(tag: int, value: bytes) -> bool:
    if tag == 1:  # BOOLEAN
        return value in (b"\x00", b"\xff")
    if tag in (2, 10):  # INTEGER, ENUMERATED: minimal two's complement
        return bool(value) and not (len(value) > 1 and ((value[0] == 0 and value[1] < 0x80) or (value[0] == 0xFF and value[1] >= 0x80)))
    if tag == 3:  # BIT STRING: unused-bit count < 8, those bits zero
        if not value or value[0] > 7 or (len(value) == 1 and value[0] != 0):
            return False
        return len(value) == 1 or value[-1] & ((1 << value[0]) - 1) == 0
    if tag == 5:  # NULL
        return value == b""
    if tag == 6:  # OBJECT IDENTIFIER: no arc padded with 0x80, last octet ends an arc
        if not value or value[-1] & 0x80:
            return False
        previous_ended = True
        for octet in value:
            if previous_ended and octet == 0x80:
                return False
            previous_ended = not octet & 0x80
        return True
    if tag in (23, 24):  # UTCTime, GeneralizedTime: DER wants UTC with a Z
        return value.endswith(b"Z") and b"," not in value
    return True


def check_signature_container(signature: Any, data: bytes, kind: str | None) -> str | None:
    """The first way the signature container departs from the one form reedesk writes, or None."""
    blob, problem = contents_blob(data, signature.byte_range)
    if problem:
        return problem
    assert blob is not None
    total = _der_length(blob)
    if total is None or total > len(blob):
        return "the signature container is not one DER element"
    padding = blob[total:]
    if padding.strip(b"\x00"):
        return f"{sum(1 for b in padding if b)} byte(s) after the signature container are not zero padding"
    return container_problem(blob[:total], kind)


def container_problem(der: bytes, kind: str | None) -> str | None:
    """The first way one DER-encoded ``ContentInfo`` departs from the form reedesk writes, or None."""
    from asn1crypto import cms

    try:
        if not is_canonical_der(der):
            return "the signature container is not in DER form (re-encoding it changes its bytes)"
        info = cms.ContentInfo.load(der, strict=True)
        _parse_everything(info)  # every tag where the CMS schema expects it, every value decodable
        signed = info["content"]
        if info["content_type"].native != "signed_data":
            return "the signature container is not CMS SignedData"
        return _signed_data_problem(signed, kind)
    except Exception as exc:  # noqa: BLE001 — any parser failure on hostile bytes is a refusal
        return f"the signature container cannot be parsed strictly ({type(exc).__name__})"


def _signed_data_problem(signed: Any, kind: str | None) -> str | None:
    from cryptography import x509

    infos = signed["signer_infos"]
    if len(infos) != 1:
        return f"the signature container has {len(infos)} signer infos; a reedesk pack has one"
    if signed["crls"].native:
        return "the signature container carries revocation lists that reedesk packs never carry"
    certs = list(signed["certificates"] or [])
    if not certs:
        return "the signature container carries no certificate"
    first = certs[0].chosen.dump()
    if any(c.chosen.dump() != first for c in certs):
        return "the signature container carries certificates other than the signer's"
    info = infos[0]
    sid = info["sid"]
    cert = certs[0].chosen
    if sid.name != "issuer_and_serial_number" or sid.chosen["serial_number"].native != cert.serial_number or \
            sid.chosen["issuer"].dump() != cert.issuer.dump():
        return "the signer info does not name the certificate in the container"
    parsed = x509.load_der_x509_certificate(first)
    try:
        parsed.verify_directly_issued_by(parsed)
    except Exception:  # noqa: BLE001 — InvalidSignature, ValueError, TypeError on odd keys
        return "the signer certificate's own signature does not verify (the certificate was altered)"
    attributes = info["signed_attrs"]
    names = [a["type"].native for a in attributes]
    if len(names) != len(set(names)) or set(names) != SIGNED_ATTRIBUTES:
        return f"the signed attributes are {sorted(map(str, names))}, not exactly {sorted(SIGNED_ATTRIBUTES)}"
    ess = next(a for a in attributes if a["type"].native == "signing_certificate_v2")["values"]
    if len(ess) != 1:
        return "the ESS signing-certificate-v2 attribute has more than one value"
    ids = ess[0]["certs"]
    if len(ids) < 1:
        return "the ESS signing-certificate-v2 attribute names no certificate"
    cert_id = ids[0]
    algorithm = cert_id["hash_algorithm"]["algorithm"].native
    if algorithm != "sha256":
        return f"the ESS signing-certificate-v2 attribute hashes with {algorithm}, reedesk packs use SHA-256"
    if cert_id["cert_hash"].native != hashlib.sha256(first).digest():
        return "the ESS signing-certificate-v2 attribute does not match the signer certificate"
    serial = cert_id["issuer_serial"]
    if serial.native is not None and serial["serial_number"].native != cert.serial_number:
        return "the ESS signing-certificate-v2 attribute names another certificate's serial number"
    unsigned = info["unsigned_attrs"]
    if unsigned.native:
        kinds = [a["type"].native for a in unsigned]
        if kinds != [SIGNATURE_TIMESTAMP] or len(unsigned[0]["values"]) != 1:
            return f"the signature carries unsigned attributes {kinds} that reedesk packs never carry"
    expected = {"p256": ("sha256", "sha256_ecdsa"), "ed25519": ("sha512", "ed25519")}.get(kind or "")
    if expected is not None:
        got = (info["digest_algorithm"]["algorithm"].native, info["signature_algorithm"]["algorithm"].native)
        if got != expected:
            return f"the signature uses {got[1]} with {got[0]}, not {expected[1]} with {expected[0]}"
    return None

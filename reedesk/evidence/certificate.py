"""The X.509 certificate of a pack's PAdES signature.

Since 0.2 the PDF is signed with the identity's ECDSA P-256 key
(:mod:`reedesk.signing.pades_key`) so that any PDF reader can check it. The
certificate is **self-signed** by that P-256 key: reedesk has no certificate
authority, and a CA-issued certificate would only move the question of trust
elsewhere. It names the person (CN), organisation (O) and role (title), names the
Ed25519 identity in a subjectAltName URI ``reedesk:key:<key id>``, and carries the
*binding* extension (OID :data:`BINDING_OID`): an Ed25519 signature by the identity
over the P-256 public key. ``reedesk verify`` checks the binding with the key that
signed the determination envelopes; trust in that key comes from the trust store
or ``--trust`` (a fingerprint or key file), never from this certificate.

0.1.0 packs carry an Ed25519 self-signed certificate (:func:`ed25519_certificate`,
kept for tests that rebuild old packs).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

# 2.25.<UUID>: an OID anyone may mint without registration (ITU-T X.667).
BINDING_OID = x509.ObjectIdentifier("2.25.18337592601518921632501836419038812184")
KEY_URI_PREFIX = "reedesk:key:"


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _subject(name: str, organisation: str, role: str) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, (name or "reedesk signer")[:64])]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if role:
        attributes.append(x509.NameAttribute(NameOID.TITLE, role[:64]))
    return x509.Name(attributes)


def _der_octets(data: bytes) -> bytes:
    return bytes([0x04, len(data)]) + data if len(data) < 0x80 else bytes([0x04, 0x81, len(data)]) + data


def pades_certificate(
    p256_key: ec.EllipticCurvePrivateKey, *, key_id: str, binding: bytes, name: str, organisation: str, role: str, now: datetime,
) -> x509.Certificate:
    """Self-signed P-256 certificate naming the signer and binding the Ed25519 key ``key_id``."""
    subject = _subject(name, organisation, role)
    spki = p256_key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    serial = int.from_bytes(hashlib.sha256(spki + now.isoformat().encode()).digest()[:16], "big") >> 1
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(p256_key.public_key())
        .serial_number(serial or 1)
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(KEY_URI_PREFIX + key_id)]), critical=False)
        .add_extension(x509.UnrecognizedExtension(BINDING_OID, _der_octets(binding)), critical=False)
        .sign(p256_key, hashes.SHA256())
    )


def ed25519_certificate(private_key: Ed25519PrivateKey, *, name: str, organisation: str, role: str, now: datetime) -> x509.Certificate:
    """The 0.1.0 form: a CA-less, self-signed Ed25519 certificate naming the signer."""
    subject = _subject(name, organisation, role)
    public = private_key.public_key()
    serial = int.from_bytes(hashlib.sha256(raw_public_key(public) + now.isoformat().encode()).digest()[:16], "big") >> 1
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=True, crl_sign=False, encipher_only=False, decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(serial or 1)
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(private_key, None)
    )


# 0.1.0 name, kept for callers that imported it.
self_signed_certificate = ed25519_certificate

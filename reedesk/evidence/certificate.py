"""A self-signed X.509 certificate for a signer's Ed25519 key, for the PAdES signature.

PAdES needs a certificate; reedesk identities are bare Ed25519 keys. The pack's
trust does not come from this certificate (it is self-signed): the verifier checks
that its public key is one of the keys that signed the determination envelopes, and
trust in that key comes from ``--trust`` (a pinned key id or public key file).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def self_signed_certificate(private_key: Ed25519PrivateKey, *, name: str, organisation: str, role: str, now: datetime) -> x509.Certificate:
    """A CA-less, self-signed certificate naming the signer (valid ten years from ``now``)."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, (name or "reedesk signer")[:64])]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    if role:
        attributes.append(x509.NameAttribute(NameOID.TITLE, role[:64]))
    subject = x509.Name(attributes)
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

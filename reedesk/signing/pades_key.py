"""The ECDSA P-256 key an identity signs PDFs with (PAdES), bound to its Ed25519 key.

Why a second key: common PDF readers (poppler's ``pdfsig``, Acrobat, OpenSSL) do not
check Ed25519 CMS signatures, so a pack signed with the identity's Ed25519 key could
only be checked by reedesk. The determination envelopes (DSSE) stay Ed25519; the
PDF signature uses P-256 with SHA-256, which every reader supports.

How the key is kept: it is *derived* from the identity's Ed25519 private key with
HKDF-SHA-256 under a fixed, versioned label. So it lives inside the same encrypted
key file and opens with the same passphrase (nothing else to store, back up or
lose), it exists for every identity — including those created by reedesk 0.1.0 —
the moment that identity is unlocked, and it cannot be swapped on its own. Knowing
the P-256 key does not reveal the Ed25519 key (HKDF is one-way).

How a reader knows whose it is: the PAdES certificate (see
:mod:`reedesk.evidence.certificate`) names the person, role and organisation, names
the Ed25519 key id in a ``reedesk:key:<id>`` subjectAltName URI, and carries an
Ed25519 signature by that identity over the P-256 public key (the *binding*), which
``reedesk verify`` checks against the determination signers' keys.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DERIVATION_LABEL = b"reedesk/pades-p256/1"
BINDING_CONTEXT = b"reedesk.pades-binding/1"
# P-256 group order.
_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def pades_private_key(identity_key: Ed25519PrivateKey) -> ec.EllipticCurvePrivateKey:
    """The identity's P-256 key: HKDF-SHA-256 of the Ed25519 seed, 48 bytes reduced mod n (bias < 2^-128)."""
    seed = identity_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    material = HKDF(algorithm=SHA256(), length=48, salt=None, info=DERIVATION_LABEL).derive(seed)
    scalar = int.from_bytes(material, "big") % (_N - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def spki_der(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def binding_message(key_id: str, p256_public: ec.EllipticCurvePublicKey) -> bytes:
    """What the Ed25519 identity signs to vouch for its P-256 key."""
    return BINDING_CONTEXT + b"\n" + key_id.encode("ascii") + b"\n" + hashlib.sha256(spki_der(p256_public)).hexdigest().encode("ascii")


def sign_binding(identity_key: Ed25519PrivateKey, key_id: str, p256_public: ec.EllipticCurvePublicKey) -> bytes:
    return identity_key.sign(binding_message(key_id, p256_public))


def binding_valid(ed25519_raw: bytes, key_id: str, p256_public: ec.EllipticCurvePublicKey, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        Ed25519PublicKey.from_public_bytes(ed25519_raw).verify(signature, binding_message(key_id, p256_public))
        return True
    except (InvalidSignature, ValueError):
        return False

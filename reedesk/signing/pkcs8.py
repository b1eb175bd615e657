"""Encrypted PKCS#8 with scrypt (RFC 8018 PBES2 + RFC 7914 scrypt + AES-256-CBC).

Why by hand: ``cryptography``'s ``BestAvailableEncryption`` writes PKCS#8 with
PBKDF2-HMAC-SHA256 at only 2,048 iterations, and its ``encryption_builder`` does
not offer PKCS#8. scrypt makes each passphrase guess cost memory as well as time.
The file is standard: ``openssl pkey`` and ``cryptography``'s own
``load_pem_private_key`` read it (that is how :mod:`reedesk.signing.keys` loads it),
so nothing here needs to *parse* ASN.1 — only write a few DER elements.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

# scrypt cost. Memory stays at N=2^14, r=8 (16 MiB): above that (2^15 needs 32 MiB plus
# overhead) `openssl pkey` refuses the file under its built-in memory limit, and the file
# should stay readable by standard tools. Time is raised with the parallelisation factor
# instead: p=12 runs the 16 MiB mix twelve times, so one passphrase guess costs ~0.3-0.4 s
# on the 2026 reference machine (measured in docs/backup.md; integrity issue point 12:
# >= 250 ms). The cost is written into every key file (RFC 7914 parameters), so keys
# made with an older or lower cost still open. Tests make keys cheaply by passing a low
# ``ScryptCost`` (or through the fixture in tests/conftest.py that lowers these defaults); nothing in
# production reads the cost from the environment.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 12

_OID_PBES2 = "1.2.840.113549.1.5.13"
_OID_SCRYPT = "1.3.6.1.4.1.11591.4.11"
_OID_AES256_CBC = "2.16.840.1.101.3.4.1.42"


def _der(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        header = bytes([length])
    else:
        raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
        header = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + header + content


def _seq(*parts: bytes) -> bytes:
    return _der(0x30, b"".join(parts))


def _octets(data: bytes) -> bytes:
    return _der(0x04, data)


def _int(value: int) -> bytes:
    raw = value.to_bytes(value.bit_length() // 8 + 1, "big")  # leading 0 keeps it positive
    while len(raw) > 1 and raw[0] == 0 and raw[1] < 0x80:
        raw = raw[1:]
    return _der(0x02, raw)


def _oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(reversed(chunk))
    return _der(0x06, body)


@dataclass(frozen=True)
class ScryptCost:
    """RFC 7914 scrypt parameters: memory ``128 * n * r`` bytes, time proportional to ``n * r * p``."""

    n: int
    r: int
    p: int

    @classmethod
    def default(cls) -> "ScryptCost":
        """The production cost (the module constants, read at call time)."""
        return cls(SCRYPT_N, SCRYPT_R, SCRYPT_P)


def encrypt_private_key(private_key: Ed25519PrivateKey, passphrase: str, cost: ScryptCost | None = None) -> bytes:
    """PEM ``ENCRYPTED PRIVATE KEY`` protected by ``passphrase`` (scrypt, AES-256-CBC).

    ``cost`` defaults to :meth:`ScryptCost.default`; a lower one is for tests only. The cost
    used is recorded in the file, so reading it back needs no parameter.
    """
    cost = cost or ScryptCost.default()
    n, r, p = cost.n, cost.r, cost.p
    if not passphrase:
        raise ValueError("an empty passphrase would leave the key unprotected")
    plain = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    salt = os.urandom(16)
    iv = os.urandom(16)
    key = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padded) + encryptor.finalize()
    scrypt_params = _seq(_octets(salt), _int(n), _int(r), _int(p), _int(32))
    algorithm = _seq(
        _oid(_OID_PBES2),
        _seq(_seq(_oid(_OID_SCRYPT), scrypt_params), _seq(_oid(_OID_AES256_CBC), _octets(iv))),
    )
    der = _seq(algorithm, _octets(encrypted))
    b64 = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [b64[i : i + 64] for i in range(0, len(b64), 64)]
    return ("-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END ENCRYPTED PRIVATE KEY-----\n").encode("ascii")

"""Ed25519 identities: key ids, fingerprints, encrypted storage, loading with a passphrase.

A key id is the hex SHA-256 of the raw 32-byte public key, so anyone holding the
public key can recompute it; the fingerprint is its first 16 hex digits in groups
of four, short enough to read out over the phone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reedesk.errors import ReedeskError
from reedesk.signing.pkcs8 import ScryptCost, encrypt_private_key


class WrongPassphrase(ReedeskError):
    """The passphrase does not open the private key."""


class KeyFileProblem(ReedeskError):
    """A key file is missing, unreadable or not an Ed25519 key."""


@dataclass(frozen=True)
class GeneratedIdentity:
    """A fresh key pair with its encrypted private key, ready to be stored."""

    private_key: Ed25519PrivateKey
    public_key: bytes  # raw 32 bytes
    key_id: str
    encrypted_pem: bytes


def raw_public_key(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public_key_bytes: bytes) -> str:
    """Hex SHA-256 of the raw Ed25519 public key."""
    if len(public_key_bytes) != 32:
        raise ValueError(f"an Ed25519 public key has 32 bytes, not {len(public_key_bytes)}")
    return hashlib.sha256(public_key_bytes).hexdigest()


def fingerprint(key_id: str) -> str:
    """The short human form of a key id: ``3F2A-91C0-77B4-0D1E``."""
    head = key_id[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def generate_identity(
    passphrase: str, private_key: Ed25519PrivateKey | None = None, *, cost: ScryptCost | None = None
) -> GeneratedIdentity:
    """A new key pair (or ``private_key``, e.g. a test vector) encrypted with ``passphrase``.

    ``cost`` is the scrypt cost (default: the production cost; tests pass a low one).
    """
    if not passphrase:
        raise ReedeskError.coded("keys_passphrase_empty_choose_one")
    key = private_key or Ed25519PrivateKey.generate()
    public = raw_public_key(key)
    return GeneratedIdentity(key, public, key_id_of(public), encrypt_private_key(key, passphrase, cost))


def write_private_key(path: Path, encrypted_pem: bytes) -> None:
    """Write the encrypted key readable by the owner only; never overwrite an existing key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(encrypted_pem)


def _is_encrypted_pkcs8(pem: bytes) -> bool:
    """True if ``pem`` is a well-formed ``ENCRYPTED PRIVATE KEY`` block (its content unread)."""
    begin, end = b"-----BEGIN ENCRYPTED PRIVATE KEY-----", b"-----END ENCRYPTED PRIVATE KEY-----"
    start, stop = pem.find(begin), pem.find(end)
    if start < 0 or stop < start:
        return False
    try:
        der = base64.b64decode(b"".join(pem[start + len(begin) : stop].split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(der) > 2 and der[0] == 0x30


def load_private_key_pem(pem: bytes, passphrase: str, source: str = "the private key") -> Ed25519PrivateKey:
    """Decrypt an encrypted PKCS#8 key.

    AES-CBC has no integrity check: about one wrong passphrase in 200 decrypts to
    bytes with valid padding, which then fail as malformed ASN.1 rather than as a bad
    password. So any failure to open a well-formed encrypted block is reported as a
    wrong passphrase — what the user can act on.
    """
    try:
        key = serialization.load_pem_private_key(pem, passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        if _is_encrypted_pkcs8(pem):
            raise WrongPassphrase.coded("keys_passphrase_does_open_changed", source=source) from None
        raise KeyFileProblem.coded("keys_readable_encrypted_private_key", source=source, exc=exc) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileProblem.coded("keys_ed_key", source=source)
    return key


def refuse_shared_key_file(path: Path) -> None:
    """A private key file that other accounts may read is refused, with the command that fixes it.

    Encrypted or not, a key file readable by the group or by others lets anyone on the
    machine copy it and guess passphrases offline. (POSIX only: Windows has no mode bits.)
    """
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise KeyFileProblem.coded("keys_key_file_read", path=path, strerror=exc.strerror) from None
    if mode & 0o077:
        raise KeyFileProblem.coded("keys_key_file_read_other", path=path, value=mode & 0o777)


def load_private_key(path: Path | str, passphrase: str) -> Ed25519PrivateKey:
    """Open an encrypted key file; :class:`WrongPassphrase` if the passphrase does not fit.

    A file readable by group or others is refused before it is read (:func:`refuse_shared_key_file`).
    """
    path = Path(path)
    refuse_shared_key_file(path)
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise KeyFileProblem.coded("keys_key_file_read", path=path, strerror=exc.strerror) from None
    return load_private_key_pem(pem, passphrase, f"the key file {path}")


def public_key_pem(public_key_bytes: bytes) -> str:
    """SubjectPublicKeyInfo PEM of a raw public key (what ``keys export`` prints)."""
    public = Ed25519PublicKey.from_public_bytes(public_key_bytes)
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_key_from_pem(pem: str | bytes, source: str = "the public key") -> bytes:
    """Raw public key bytes from a PEM; a clear error if it is not an Ed25519 public key."""
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    try:
        public = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise KeyFileProblem.coded("keys_pem_public_key", source=source, exc=exc) from None
    if not isinstance(public, Ed25519PublicKey):
        raise KeyFileProblem.coded("keys_ed_public_key", source=source)
    return raw_public_key(public)

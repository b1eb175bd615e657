"""The desk's own head-signing key (issue 10, point 2).

One Ed25519 key per desk signs every tree head — not whichever person signed or
exported last. It is created with the desk; its public key is recorded in the desk's
first audit event (``create`` of ``desk_key``), or, on a desk made by reedesk 0.1.0,
in the one event that introduces it over the existing heads. From that event on a
head signed by any other key is an error.

**Why the file is not encrypted.** A head is signed at the end of every write batch
(each unit of work that appended events), including imports and saves nobody would
type a passphrase for, so the key must sign unattended. It is an unencrypted PKCS#8
file, mode 0600, in the data folder (``REEDESK_HOME/desk-head-key.pem``), beside the
database. What a head signed by it proves is therefore limited: that the head was made
by this desk's software; someone who can read the file can sign heads too and so can
rewrite the trail *and* re-sign it. What they cannot do is agree with a checkpoint
already kept elsewhere — the outside checkpoints (``reedesk.audit.note``) are what stop
that. docs/signatures-and-audit.md says so.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.errors import ReedeskError
from reedesk.signing.keys import fingerprint, key_id_of, raw_public_key

DESK_KEY_FILE = "desk-head-key.pem"
DESK_KEY_ENTITY = "desk_key"


class DeskKeyProblem(ReedeskError):
    """The desk's head-signing key file is missing, unreadable or not the recorded one."""


@dataclass(frozen=True)
class DeskKey:
    """The desk key as recorded in the trail (``private_key`` is None when only the record is known)."""

    key_id: str
    public_key: bytes
    event_seq: int
    created_at: str
    introduced_over: dict[str, Any] | None = None  # the latest 0.1.0 head it was introduced over
    private_key: Ed25519PrivateKey | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)

    @property
    def origin(self) -> str:
        return checkpoint_origin(self.key_id)


def checkpoint_origin(key_id: str) -> str:
    """The checkpoint origin line (C2SP tlog-checkpoint) naming this desk's log."""
    return f"reedesk.desk/{key_id[:32]}"


def desk_key_path(home: Path) -> Path:
    return Path(home) / DESK_KEY_FILE


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def read_desk_key_file(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DeskKeyProblem.coded("desk_key_desk_s_head_signing_3", path=path) from None
    except OSError as exc:
        raise DeskKeyProblem.coded("desk_key_desk_s_head_signing_4", path=path, value=exc.strerror or exc) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise DeskKeyProblem.coded("desk_key_desk_s_head_signing_5", path=path) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DeskKeyProblem.coded("desk_key_desk_s_head_signing", path=path)
    return key


def create_desk_key_file(path: Path) -> Ed25519PrivateKey:
    """Write a new key to ``path`` (0600) unless a file is already there, which is then used.

    The file is written to a temporary name and linked into place, so two processes
    creating a desk at once end up with the same key and never a half-written file.
    A file left by a creation that was killed before its event was recorded is simply
    used (it was never recorded, so nothing depends on it being new).
    """
    return create_key_file_once(path, read_desk_key_file)[0]


def create_key_file_once(path: Path, read: Callable[[Path], Ed25519PrivateKey]) -> tuple[Ed25519PrivateKey, bool]:
    """A new unencrypted Ed25519 key written to ``path`` (0600), or the one already there (read with
    ``read``, which raises the caller's own problem); True when it was made now.

    Written to a temporary name, fsynced and linked into place, so two processes creating it at once
    end up with the same key and never a half-written file (the desk key and a team writer's head key)."""
    if path.exists():
        return read(path), False
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".part")
    try:
        os.chmod(temp, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_pem(key))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return read(path), False
    finally:
        Path(temp).unlink(missing_ok=True)
    return key, True


_DESK_KEY_EVENTS = sa.text(
    "SELECT seq, occurred_at, after FROM audit_event WHERE entity_type = :entity AND action = 'create' ORDER BY seq"
)


def recorded_desk_keys(connection: Any) -> list[DeskKey]:
    """Every desk-key event in the trail, oldest first (a sound trail has exactly one)."""
    import json

    found: list[DeskKey] = []
    for seq, occurred_at, after in connection.execute(_DESK_KEY_EVENTS, {"entity": DESK_KEY_ENTITY}):
        try:
            body = json.loads(after or "{}")
            raw = bytes.fromhex(body["public_key"])
            key_id = str(body["key_id"])
        except (ValueError, KeyError, TypeError):
            continue
        over = body.get("introduced_over") if isinstance(body.get("introduced_over"), dict) else None
        found.append(DeskKey(key_id, raw, seq, occurred_at, over))
    return found


def recorded_desk_key(connection: Any) -> DeskKey | None:
    keys = recorded_desk_keys(connection)
    return keys[0] if keys else None


def unlock_desk_key(home: Path, recorded: DeskKey) -> DeskKey:
    """The recorded desk key with its private half read from the data folder, checked to match."""
    key = read_desk_key_file(desk_key_path(home))
    if raw_public_key(key) != recorded.public_key:
        raise DeskKeyProblem.coded("desk_key_desk_s_head_signing_2", desk_key_path=desk_key_path(home), fingerprint=recorded.fingerprint)
    return DeskKey(recorded.key_id, recorded.public_key, recorded.event_seq, recorded.created_at, recorded.introduced_over, key)


def new_desk_key_event(key: Ed25519PrivateKey, introduced_over: dict[str, Any] | None) -> dict[str, Any]:
    raw = raw_public_key(key)
    key_id = key_id_of(raw)
    return {
        "key_id": key_id, "public_key": raw.hex(), "algorithm": "Ed25519", "purpose": "tree heads",
        "origin": checkpoint_origin(key_id), "introduced_over": introduced_over,
    }

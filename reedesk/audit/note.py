"""Checkpoints outside the database, in the C2SP ``tlog-checkpoint`` signed-note format.

A checkpoint (https://c2sp.org/tlog-checkpoint) is a signed note
(https://c2sp.org/signed-note)::

    reedesk.desk/3f1c…            ← origin: names this desk's log
    1204                          ← tree size (decimal)
    q0Bm…=                        ← base64 RFC 6962 root hash
                                  ← blank line
    — reedesk-desk-3f1c… AbCdEf…  ← "— " name, base64(4-byte key hash ‖ Ed25519 signature)

The key hash is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key) and the
signature is Ed25519 over the note text (the three lines with their newlines), as the
note spec defines for Ed25519, so Go's ``golang.org/x/mod/sumdb/note`` and other
transparency-log tools read and verify it given :func:`verifier_key`.

Every signed head is also appended to the desk's checkpoint file (``REEDESK_HOME/
audit-checkpoints.txt``, notes separated by a blank line) after its commit, and
``reedesk audit checkpoint --out FILE`` writes the latest one to hand out.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from reedesk.errors import ReedeskError

CHECKPOINT_FILE = "audit-checkpoints.txt"
SIGNATURE_PREFIX = "\u2014 "  # EM DASH, space
ED25519_TYPE = 0x01
# A checkpoint note is small; anything bigger is not one (bounded reading of hostile files).
MAX_NOTE_BYTES = 64 * 1024
MAX_FILE_BYTES = 512 * 1024 * 1024


class CheckpointUnreadable(ReedeskError):
    """A file given as a checkpoint is not a readable checkpoint note."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    signatures: tuple[tuple[str, bytes, bytes], ...]  # (name, 4-byte key hash, signature)
    text: str  # the signed note text
    source: str = "the checkpoint"

    @property
    def root_hex(self) -> str:
        return self.root_hash.hex()


def key_name(key_id: str) -> str:
    return f"reedesk-desk-{key_id[:32]}"


def key_hash(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519_TYPE]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes) -> str:
    """The note verifier key string ``name+hex(keyhash)+base64(0x01‖key)`` other tools take."""
    return f"{name}+{key_hash(name, public_key).hex()}+{base64.b64encode(bytes([ED25519_TYPE]) + public_key).decode('ascii')}"


def checkpoint_text(origin: str, size: int, root_hash: bytes) -> str:
    return f"{origin}\n{size}\n{base64.b64encode(root_hash).decode('ascii')}\n"


def sign_checkpoint(origin: str, size: int, root_hash: bytes, private_key: Ed25519PrivateKey, name: str, public_key: bytes) -> str:
    """The whole signed note (text, blank line, one signature line)."""
    text = checkpoint_text(origin, size, root_hash)
    signature = private_key.sign(text.encode("utf-8"))
    blob = base64.b64encode(key_hash(name, public_key) + signature).decode("ascii")
    return f"{text}\n{SIGNATURE_PREFIX}{name} {blob}\n"


def parse_checkpoint(note: str, source: str = "the checkpoint") -> Checkpoint:
    """Parse one signed checkpoint note; :class:`CheckpointUnreadable` names what is wrong."""
    if len(note.encode("utf-8", errors="replace")) > MAX_NOTE_BYTES:
        raise CheckpointUnreadable.coded("note_too_large_checkpoint_note", source=source)
    text, sep, sigs = note.partition("\n\n")
    if not sep:
        raise CheckpointUnreadable.coded("note_signature_block_checkpoint_note", source=source)
    text += "\n"
    lines = text.split("\n")[:-1]
    if len(lines) < 3:
        raise CheckpointUnreadable.coded("note_lines_before_signatures_checkpoint", source=source, count=len(lines))
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not origin:
        raise CheckpointUnreadable.coded("note_empty_origin_line", source=source)
    if not size_text.isdigit() or (size_text.startswith("0") and size_text != "0"):
        raise CheckpointUnreadable.coded("note_tree_size_decimal_number", source=source, value=size_text[:40])
    try:
        root = base64.b64decode(root_text, validate=True)
    except ValueError:
        root = b""
    if len(root) != 32:
        raise CheckpointUnreadable.coded("note_root_hash_line_base", source=source)
    signatures = []
    for line in sigs.split("\n"):
        if not line:
            continue
        if not line.startswith(SIGNATURE_PREFIX):
            raise CheckpointUnreadable.coded("note_signature_line_does_start", source=source)
        name, _, blob = line[len(SIGNATURE_PREFIX):].partition(" ")
        try:
            raw = base64.b64decode(blob, validate=True)
        except ValueError:
            raw = b""
        if not name or len(raw) < 5:
            raise CheckpointUnreadable.coded("note_signature_line_malformed", source=source)
        signatures.append((name, raw[:4], raw[4:]))
    if not signatures:
        raise CheckpointUnreadable.coded("note_carries_signature", source=source)
    return Checkpoint(origin, int(size_text), root, tuple(signatures), text, source)


def verify_checkpoint(checkpoint: Checkpoint, name: str, public_key: bytes) -> bool:
    """True when a signature by ``name`` with ``public_key`` covers the note text."""
    wanted = key_hash(name, public_key)
    verifier = Ed25519PublicKey.from_public_bytes(public_key)
    for sig_name, hash4, signature in checkpoint.signatures:
        if sig_name == name and hash4 == wanted:
            try:
                verifier.verify(signature, checkpoint.text.encode("utf-8"))
                return True
            except InvalidSignature:
                continue
    return False


def verify_with_any(checkpoint: Checkpoint, keys: Mapping[str, bytes]) -> str | None:
    """The key id (among ``keys``: key id → raw) whose desk-key signature covers the note, or None."""
    for key_id, raw in keys.items():
        if verify_checkpoint(checkpoint, key_name(key_id), raw):
            return key_id
    return None


# ----------------------------------------------------------------------------- the desk's file

def checkpoint_file(home: Path) -> Path:
    return Path(home) / CHECKPOINT_FILE


def append_checkpoint(path: Path, note: str) -> None:
    """Append one note (and the blank separator line) and make it durable."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (note + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def split_notes(text: str) -> Iterator[str]:
    """The notes of a checkpoint file in order (a torn last note is left out)."""
    lines = text.split("\n")
    current: list[str] = []
    in_signatures = False
    for line in lines:
        if line == "":
            if in_signatures and current:
                yield "\n".join(current) + "\n"
                current, in_signatures = [], False
            elif current:
                current.append("")
                in_signatures = True
            continue
        current.append(line)
    if in_signatures and current and current[-1].startswith(SIGNATURE_PREFIX) and text.endswith("\n"):
        yield "\n".join(current) + "\n"


def read_checkpoint_file(path: Path) -> list[Checkpoint]:
    """Every checkpoint in a file of notes (the desk's own file, or a handed-out one)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise CheckpointUnreadable.coded("note_regular_file", path=path)
        if size > MAX_FILE_BYTES:
            raise CheckpointUnreadable.coded("note_larger_than_mib_checkpoint", path=path, value=MAX_FILE_BYTES // (1024 * 1024))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CheckpointUnreadable.coded("note_checkpoint_file_does_exist", path=path) from None
    except UnicodeDecodeError:
        raise CheckpointUnreadable.coded("note_utf_text_so_checkpoint", path=path) from None
    except OSError as exc:
        raise CheckpointUnreadable.coded("note_checkpoint_file_read", path=path, value=exc.strerror or exc) from None
    notes = list(split_notes(text))
    if not notes:
        raise CheckpointUnreadable.coded("note_holds_checkpoint_note", path=path)
    return [parse_checkpoint(n, f"{path} (checkpoint {i + 1})") for i, n in enumerate(notes)]

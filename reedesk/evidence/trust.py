"""The trust store: the signer keys this desk has confirmed, as a plain file.

``REEDESK_HOME/trusted-keys.json`` (format ``reedesk.trust-store/1``, FORMATS.md 0.2)::

    {"format": "reedesk.trust-store/1",
     "keys": [{"key_id": "<64 hex: SHA-256 of the raw Ed25519 key>",
               "public_key": "<64 hex: the raw Ed25519 key>",
               "label": "Mai Tran, Lotus Magnetics", "kind": "own|trusted|organisation",
               "added_at": "2026-12-01T10:20:00Z"}],
     "revocations": [<reedesk.org-revocation/1 DSSE envelopes>]}

``kind: organisation`` entries are organisation keys (:mod:`reedesk.evidence.organisation`):
they confirm the signers they certify, not signatures of their own; ``revocations`` are
the organisations' revocation statements the reader has received (each is checked
against a trusted organisation key when used).

Why a file and not the database: ``reedesk verify`` must be able to honour the keys a
desk trusts without opening (or importing) the database stack, and the CLI and the GUI
reviewer must read the *same* answer. The desk writes the file whenever it creates an
identity (``kind: own``) or trusts a key (``reedesk keys trust``, the reviewer's "Trust
this signer…"); each such change is also an audit event in the desk. Every entry is
checked on reading: an entry whose key id is not the SHA-256 of its public key is
ignored (and reported), so a hand-edited file cannot make a different key trusted under
a known id.

The file is only as safe as the folder it lives in: anyone who can write to
``REEDESK_HOME`` can add a key to it, just as they could to the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from reedesk.errors import ReedeskError
from reedesk.files import replace_file
from reedesk.vocabulary import Coded

TRUST_STORE_FORMAT = "reedesk.trust-store/1"
TRUST_STORE_NAME = "trusted-keys.json"
MAX_TRUST_STORE_BYTES = 4 * 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class TrustedEntry:
    key_id: str
    public_key: str
    label: str
    kind: str
    added_at: str

    def as_dict(self) -> dict[str, str]:
        return {"key_id": self.key_id, "public_key": self.public_key, "label": self.label, "kind": self.kind, "added_at": self.added_at}


@dataclass
class TrustStore:
    path: Path
    entries: list[TrustedEntry] = field(default_factory=list)
    # Why entries (or the whole file) were not read: English sentences that carry their code
    # (reedesk.vocabulary.Coded, ``[trust.<code>]``), so ``.text(language)`` says them in Chinese.
    problems: list[str] = field(default_factory=list)
    revocations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key_ids(self) -> set[str]:
        """Signer keys confirmed directly (organisation keys excluded)."""
        return {e.key_id for e in self.entries if e.kind != "organisation"}

    @property
    def organisations(self) -> dict[str, bytes]:
        """Trusted organisation keys: key id → raw public key."""
        return {e.key_id: bytes.fromhex(e.public_key) for e in self.entries if e.kind == "organisation"}


def home_folder() -> Path:
    """``REEDESK_HOME`` or the platform's data folder — without creating it (verify writes nothing)."""
    configured = os.environ.get("REEDESK_HOME")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("reedesk", "reedesk"))


def trust_store_path(home: Path | None = None) -> Path:
    return (home or home_folder()) / TRUST_STORE_NAME


def load_trust_store(home: Path | None = None) -> TrustStore:
    """The trust store of ``home`` (empty when there is none); bad entries are skipped and named."""
    path = trust_store_path(home)
    store = TrustStore(path)
    try:
        if not path.is_file():
            return store
        if path.stat().st_size > MAX_TRUST_STORE_BYTES:
            store.problems.append(Coded("trust", "store_too_large", path=str(path)))
            return store
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        store.problems.append(Coded("trust", "store_unreadable", path=str(path), kind=type(exc).__name__))
        return store
    if not isinstance(document, dict) or document.get("format") != TRUST_STORE_FORMAT or not isinstance(document.get("keys"), list):
        store.problems.append(Coded("trust", "store_wrong_format", path=str(path), format=TRUST_STORE_FORMAT))
        return store
    store.revocations = [r for r in document.get("revocations") or [] if isinstance(r, dict)][:10_000]
    for index, item in enumerate(document["keys"]):
        entry = _entry(item)
        if entry is None:
            store.problems.append(Coded("trust", "entry_malformed", path=str(path), index=index))
            continue
        store.entries.append(entry)
    return store


def _entry(item: Any) -> TrustedEntry | None:
    if not isinstance(item, dict):
        return None
    key_id = str(item.get("key_id") or "").lower()
    public = str(item.get("public_key") or "").lower()
    if not _HEX64.fullmatch(key_id) or not _HEX64.fullmatch(public):
        return None
    if hashlib.sha256(bytes.fromhex(public)).hexdigest() != key_id:
        return None
    return TrustedEntry(key_id, public, str(item.get("label") or "")[:200], str(item.get("kind") or "trusted"), str(item.get("added_at") or ""))


def add_entries(home: Path, entries: Iterable[TrustedEntry]) -> TrustStore:
    """Add ``entries`` (by key id; an existing entry is kept) and rewrite the file atomically."""
    store = load_trust_store(home)
    known = {e.key_id for e in store.entries}
    added = False
    for entry in entries:
        if hashlib.sha256(bytes.fromhex(entry.public_key)).hexdigest() != entry.key_id:
            raise ReedeskError.coded("key_id_not_hash", key=entry.key_id[:16])
        if entry.key_id not in known:
            store.entries.append(entry)
            known.add(entry.key_id)
            added = True
    if added or not store.path.exists():
        _write(store)
    return store


def _write(store: TrustStore) -> None:
    document: dict[str, Any] = {"format": TRUST_STORE_FORMAT, "keys": [e.as_dict() for e in store.entries]}
    if store.revocations:
        document["revocations"] = store.revocations
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(store.path, data)


def add_revocation(home: Path, envelope: dict[str, Any]) -> TrustStore:
    """Keep an organisation's revocation statement (checked by the caller) in the trust store."""
    store = load_trust_store(home)
    if envelope not in store.revocations:
        store.revocations.append(envelope)
        _write(store)
    return store


def normalise_fingerprint(value: str) -> str | None:
    """``3F2A-91C0-77B4-0D1E`` / ``3f2a91c0…`` / a full key id → lower hex (≥ 16 digits), or None."""
    text = re.sub(r"[\s:\-]", "", str(value or "")).lower()
    if 16 <= len(text) <= 64 and re.fullmatch(r"[0-9a-f]+", text):
        return text
    return None

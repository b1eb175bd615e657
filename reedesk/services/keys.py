"""Use cases on signing identities and trusted public keys.

The private key of an identity lives only in ``REEDESK_HOME/keys/<key id>.pem``,
encrypted with the user's passphrase (scrypt PKCS#8, see ``reedesk.signing.pkcs8``);
the database holds the public half with the name, role and organisation. A retired
identity can no longer sign, but its public key stays so its signatures still verify.
Passphrases are parameters only: never logged, never stored, never audited.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.audit.verify import known_public_keys
from reedesk.clock import utc_timestamp
from reedesk.errors import NotFound, ReedeskError
from reedesk.paths import keys_dir
from reedesk.services.desk import Desk
from reedesk.signing.keys import (
    GeneratedIdentity,
    WrongPassphrase,
    fingerprint,
    generate_identity,
    key_id_of,
    load_private_key,
    raw_public_key,
    public_key_from_pem,
    public_key_pem,
    write_private_key,
)
from reedesk.signing.pkcs8 import ScryptCost
from reedesk.store.models import IdentityRow, TrustedKeyRow

__all__ = [
    "IdentityInfo", "TrustedKeyInfo", "WrongPassphrase", "MIN_PASSPHRASE_LENGTH", "create_identity", "list_identities", "get_identity",
    "retire_identity", "rotate_identity", "check_new_passphrase", "UnlockedKeyCache", "enable_unlock_cache", "orphan_key_files", "list_orphan_key_files", "export_public_key", "trust_key", "list_trusted", "unlock", "public_keys", "default_identity",
]


@dataclass(frozen=True)
class IdentityInfo:
    key_id: str
    fingerprint: str
    name: str
    role: str
    organisation: str
    public_key: str  # raw Ed25519 public key, hex
    created_at: str
    retired_at: str | None

    @property
    def active(self) -> bool:
        return self.retired_at is None


@dataclass(frozen=True)
class TrustedKeyInfo:
    key_id: str
    fingerprint: str
    label: str
    public_key: str
    added_at: str


def _info(row: IdentityRow) -> IdentityInfo:
    return IdentityInfo(
        row.key_id, fingerprint(row.key_id), row.name, row.role, row.organisation,
        row.public_key, row.created_at, row.retired_at,
    )


def _trusted_info(row: TrustedKeyRow) -> TrustedKeyInfo:
    return TrustedKeyInfo(row.key_id, fingerprint(row.key_id), row.label, row.public_key, row.added_at)


def _normalise(key_ref: str) -> str:
    return key_ref.replace("-", "").replace(":", "").strip().lower()


def resolve_identity(session: Session, key_ref: str) -> IdentityRow:
    """An identity by full key id, fingerprint or unique key-id prefix (at least 8 hex digits)."""
    wanted = _normalise(key_ref)
    if len(wanted) < 8 or any(c not in "0123456789abcdef" for c in wanted):
        raise NotFound.coded("keys_key_id_fingerprint_reedesk", key_ref=key_ref)
    rows = [r for r in session.exec(select(IdentityRow)) if r.key_id.startswith(wanted)]
    if not rows:
        raise NotFound.coded("keys_signing_identity_key_id", key_ref=key_ref)
    if len(rows) > 1:
        raise ReedeskError.coded("keys_key_id_matches_identities", key_ref=key_ref, count=len(rows))
    return rows[0]


# The identity's fields as the identity dialog names them, for the sentence saying one is empty.
_FIELD_WORDS = {
    "name": {"en": "name", "zh-Hant": "姓名", "zh-Hans": "姓名"},
    "role": {"en": "role", "zh-Hant": "職務", "zh-Hans": "职务"},
    "organisation": {"en": "organisation", "zh-Hant": "組織", "zh-Hans": "组织"},
}


def _clean(value: str, what: str) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        flag = "org" if what == "organisation" else what
        raise ReedeskError.coded("identity_field_empty", what=_FIELD_WORDS[what], flag=flag)
    return cleaned


# The private key file is protected by nothing else: refuse trivially short passphrases.
MIN_PASSPHRASE_LENGTH = 8

# The commonest passphrases of at least 8 characters in public breach lists (and their
# obvious variants); checked case-insensitively, ignoring spaces at either end. A
# short built-in list on purpose: it stops the guesses an attacker tries first, and
# the scrypt cost (reedesk.signing.pkcs8) makes every further guess slow.
COMMON_PASSPHRASES = frozenset({
    "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword",
    "12345678", "123456789", "1234567890", "0123456789", "87654321", "987654321", "11111111", "00000000",
    "12341234", "12121212", "11223344", "123123123", "1q2w3e4r", "1qaz2wsx", "qwertyui", "qwertyuiop",
    "qwerty123", "qwerty12", "asdfghjk", "asdfasdf", "zxcvbnm1", "abcd1234", "abc12345", "abcdefgh",
    "iloveyou", "sunshine", "princess", "football", "baseball", "superman", "starwars", "whatever",
    "trustno1", "letmein1", "welcome1", "welcome123", "admin123", "administrator", "changeme", "passphrase",
    "secret123", "reedesk1", "reedesk123", "88888888", "66666666", "woaini1314", "5201314520", "a1234567",
})


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase that protects a new key too little (empty, blank, short or common)."""
    if not passphrase:
        raise ReedeskError.coded("keys_passphrase_empty_choose_one")
    if not passphrase.strip():
        raise ReedeskError.coded("passphrase_blank")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ReedeskError.coded("keys_passphrase_characters_long_new", count=len(passphrase), min_passphrase_length=MIN_PASSPHRASE_LENGTH)
    folded = passphrase.strip().casefold()
    if folded in COMMON_PASSPHRASES or len(set(folded)) == 1:
        raise ReedeskError.coded("passphrase_common")


def _refuse_duplicate(session: Session, name: str, role: str, organisation: str) -> None:
    """Two active identities that read the same would be indistinguishable on a cover page."""
    for row in session.exec(select(IdentityRow).where(IdentityRow.retired_at == None)):  # noqa: E711
        if (row.name, row.role, row.organisation) == (name, role, organisation):
            raise ReedeskError.coded("keys_active_signing_identity_already", name=name, role=role, organisation=organisation, fingerprint=fingerprint(row.key_id))


def orphan_key_files(session: Session, desk: Desk) -> list[Path]:
    """Files in the keys folder that belong to no identity: left by a key creation that was killed
    between writing the file and committing. They are never used (unlocking goes through the
    identity); a file belongs to an identity when its name starts with that identity's key id."""
    folder = keys_dir(desk.home)
    owners = [r.key_id for r in session.exec(select(IdentityRow))]
    return sorted(
        path for path in folder.iterdir()
        if path.is_file() and not any(path.name.startswith(key_id) for key_id in owners)
    )


def list_orphan_key_files(desk: Desk) -> list[Path]:
    """:func:`orphan_key_files` in a read-only unit of work (``reedesk keys list`` notes them)."""
    with desk.db.read() as session:
        return orphan_key_files(session, desk)


def set_aside_orphans(session: Session, desk: Desk) -> list[Path]:
    """Move orphan key files to ``keys/orphaned/`` (inside a writing unit of work, so no other
    process is between writing its key file and committing); returns their new paths."""
    moved = []
    for path in orphan_key_files(session, desk):
        target_dir = path.parent / "orphaned"
        target_dir.mkdir(mode=0o700, exist_ok=True)
        target = target_dir / path.name
        os.replace(path, target)
        moved.append(target)
    return moved


def _store_identity(session: Session, desk: Desk, generated: GeneratedIdentity, name: str, role: str, organisation: str,
                    reason: str | None = None) -> IdentityInfo:
    """Inside a writing unit of work (which holds the write lock): write the key file, then the
    identity row and its ``create`` event. The caller deletes the file if the unit of work fails."""
    file_name = f"{generated.key_id}.pem"
    write_private_key(keys_dir(desk.home) / file_name, generated.encrypted_pem)
    row = IdentityRow(
        key_id=generated.key_id, name=name, role=role, organisation=organisation,
        public_key=generated.public_key.hex(), private_key_file=file_name, created_at=utc_timestamp(),
    )
    session.add(row)
    session.flush()
    desk_changed(session, "identity")  # published once this unit of work commits (C3)
    append_event(
        session, action="create", entity_type="identity", entity_id=generated.key_id,
        after={"name": name, "role": role, "organisation": organisation, "key_id": generated.key_id,
               "public_key": generated.public_key.hex()},
        reason=reason,
    )
    return _info(row)


def create_identity(
    desk: Desk, name: str, role: str, organisation: str, passphrase: str, *, cost: ScryptCost | None = None
) -> IdentityInfo:
    """Make an Ed25519 key pair, store the private key encrypted and the identity in the database.

    The passphrase must pass :func:`check_new_passphrase`, and an active identity with
    the same name, role and organisation must not exist already. ``cost`` is the scrypt
    cost (tests pass a low one). The key is encrypted before the unit of work (it takes
    a while); the file is written inside it, before the commit, and removed if the
    commit fails; a kill in between leaves an orphan file that the next key creation
    sets aside (:func:`set_aside_orphans`).
    """
    name, role, organisation = _clean(name, "name"), _clean(role, "role"), _clean(organisation, "organisation")
    check_new_passphrase(passphrase)
    with desk.db.read() as session:
        _refuse_duplicate(session, name, role, organisation)
    generated = generate_identity(passphrase, cost=cost)
    path = keys_dir(desk.home) / f"{generated.key_id}.pem"
    try:
        with desk.db.unit_of_work() as session:
            _refuse_duplicate(session, name, role, organisation)  # again, under the write lock
            set_aside_orphans(session, desk)
            info = _store_identity(session, desk, generated, name, role, organisation)
    except BaseException:
        path.unlink(missing_ok=True)  # nothing half-written: no key file without its identity
        raise
    _record_trust(desk, info.key_id, info.public_key, f"{name}, {role}, {organisation}", "own")  # H5: trust-store file
    return info


def list_identities(desk: Desk, *, include_retired: bool = True) -> list[IdentityInfo]:
    with desk.db.read() as session:
        rows = session.exec(select(IdentityRow).order_by(IdentityRow.created_at, IdentityRow.id))  # type: ignore[arg-type]
        return [_info(r) for r in rows if include_retired or r.retired_at is None]


def get_identity(desk: Desk, key_ref: str) -> IdentityInfo:
    with desk.db.read() as session:
        return _info(resolve_identity(session, key_ref))


def local_identity_ids(desk: Desk) -> set[str]:
    """The active identities whose private key file is in this ``REEDESK_HOME``. On a team desk the
    database holds everyone's identities but each private key only on its owner's machine (issue 12)."""
    folder = keys_dir(desk.home)
    with desk.db.read() as session:
        rows = session.exec(select(IdentityRow).where(IdentityRow.retired_at.is_(None)))  # type: ignore[union-attr]
        return {r.key_id for r in rows if r.private_key_file and (folder / r.private_key_file).is_file()}


def default_identity(desk: Desk) -> IdentityInfo:
    """The only active identity — on a desk where several are active, the only one whose private key is
    here (a team desk: every person's identity is in the database, her key only on her machine); an
    error that says what to do if there are none or several."""
    active = list_identities(desk, include_retired=False)
    if not active:
        raise ReedeskError.coded("keys_there_active_signing_identity")
    if len(active) > 1:
        local = local_identity_ids(desk)
        mine = [i for i in active if i.key_id in local]
        if len(mine) == 1:
            return mine[0]
        if mine:
            active = mine
        names = ", ".join(f"{i.name} ({i.fingerprint})" for i in active)
        raise ReedeskError.coded("keys_several_signing_identities_active", names=names)
    return active[0]


def retire_identity(desk: Desk, key_id: str, *, reason: str | None = None) -> IdentityInfo:
    """Stop a key from signing; its public key stays so its signatures still verify."""
    with desk.db.unit_of_work() as session:
        row = resolve_identity(session, key_id)
        if row.retired_at is not None:
            raise ReedeskError.coded("key_already_retired", key=fingerprint(row.key_id), name=row.name, when=row.retired_at)
        row.retired_at = utc_timestamp()
        session.add(row)
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(
            session, action="retire", entity_type="identity", entity_id=row.key_id,
            before={"retired_at": None}, after={"retired_at": row.retired_at}, reason=reason,
        )
        session.flush()
        return _info(row)


def rotate_identity(
    desk: Desk, key_ref: str, passphrase: str, *, name: str | None = None, role: str | None = None,
    organisation: str | None = None, reason: str | None = None, cost: ScryptCost | None = None,
) -> tuple[IdentityInfo, IdentityInfo]:
    """Replace an active identity's key with a new one in ONE unit of work: the new identity is
    created and the old one retired together, so a kill at any moment leaves exactly one of the
    two active (integrity issue point 10). Name, role and organisation default to the old ones.
    Returns ``(retired old identity, new identity)``.
    """
    check_new_passphrase(passphrase)
    with desk.db.read() as session:
        old = resolve_identity(session, key_ref)
    if old.retired_at is not None:
        raise ReedeskError.coded("keys_key_already_retired_rotate", fingerprint=fingerprint(old.key_id), name=old.name, retired_at=old.retired_at)
    name = _clean(name if name is not None else old.name, "name")
    role = _clean(role if role is not None else old.role, "role")
    organisation = _clean(organisation if organisation is not None else old.organisation, "organisation")
    generated = generate_identity(passphrase, cost=cost)
    path = keys_dir(desk.home) / f"{generated.key_id}.pem"
    why = reason or "key rotation"
    try:
        with desk.db.unit_of_work() as session:
            row = resolve_identity(session, old.key_id)  # again, under the write lock
            if row.retired_at is not None:
                raise ReedeskError.coded("keys_key_retired_meanwhile_changed", fingerprint=fingerprint(row.key_id), name=row.name, retired_at=row.retired_at)
            set_aside_orphans(session, desk)
            row.retired_at = utc_timestamp()
            session.add(row)
            desk_changed(session, "identity")  # published once this unit of work commits (C3)
            append_event(
                session, action="retire", entity_type="identity", entity_id=row.key_id,
                before={"retired_at": None}, after={"retired_at": row.retired_at},
                reason=f"{why}: replaced by key {fingerprint(generated.key_id)}",
            )
            session.flush()
            retired = _info(row)
            _refuse_duplicate(session, name, role, organisation)
            info = _store_identity(
                session, desk, generated, name, role, organisation, reason=f"{why}: replaces key {fingerprint(row.key_id)}"
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    _record_trust(desk, info.key_id, info.public_key, f"{name}, {role}, {organisation}", "own")  # H5: trust-store file
    return retired, info


def export_public_key(desk: Desk, key_id: str) -> str:
    """The identity's public key as PEM, for others to trust."""
    with desk.db.read() as session:
        return public_key_pem(bytes.fromhex(resolve_identity(session, key_id).public_key))


def trust_key(desk: Desk, label: str, pem_or_path: str | Path) -> TrustedKeyInfo:
    """Trust someone else's public key (PEM text, or a path to a PEM file)."""
    label = (label or "").strip()
    if not label:
        raise ReedeskError.coded("keys_trusted_key_needs_label")
    text = str(pem_or_path)
    source = "the public key"
    if "-----BEGIN" not in text:
        path = Path(text)
        try:
            text = path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReedeskError.coded("public_key_unreadable", path=path, reason=getattr(exc, "strerror", None) or exc) from None
        source = f"the file {path}"
    raw = public_key_from_pem(text, source)
    key_id = key_id_of(raw)
    with desk.db.unit_of_work() as session:
        if session.exec(select(TrustedKeyRow).where(TrustedKeyRow.key_id == key_id)).first() is not None:
            raise ReedeskError.coded("key_already_trusted", key=fingerprint(key_id))
        if session.exec(select(IdentityRow).where(IdentityRow.key_id == key_id)).first() is not None:
            raise ReedeskError.coded("key_is_own", key=fingerprint(key_id))
        row = TrustedKeyRow(key_id=key_id, label=label, public_key=raw.hex(), added_at=utc_timestamp())
        session.add(row)
        session.flush()
        desk_changed(session, "identity")  # published once this unit of work commits (C3)
        append_event(session, action="trust", entity_type="trusted_key", entity_id=key_id, after={"label": label, "public_key": raw.hex()})
        info = _trusted_info(row)
    _record_trust(desk, key_id, raw.hex(), label, "trusted")  # H5: the file `reedesk verify` reads
    return info


def _record_trust(desk: Desk, key_id: str, public_hex: str, label: str, kind: str) -> None:
    """Add the key to the trust-store file (``reedesk.evidence.trust``) that verify and the reviewer read."""
    from reedesk.evidence.trust import TrustedEntry, add_entries

    add_entries(desk.home, [TrustedEntry(key_id, public_hex, label, kind, utc_timestamp())])


def sync_trust_store(desk: Desk) -> None:
    """Write every identity and trusted key of the desk into the trust-store file (desks made by 0.1.0)."""
    from reedesk.evidence.trust import TrustedEntry, add_entries

    now = utc_timestamp()
    with desk.db.unit_of_work() as session:
        entries = [TrustedEntry(r.key_id, r.public_key, f"{r.name}, {r.role}, {r.organisation}", "own", now)
                   for r in session.exec(select(IdentityRow))]
        entries += [TrustedEntry(r.key_id, r.public_key, r.label, "trusted", now) for r in session.exec(select(TrustedKeyRow))]
    add_entries(desk.home, entries)


def list_trusted(desk: Desk) -> list[TrustedKeyInfo]:
    with desk.db.read() as session:
        return [_trusted_info(r) for r in session.exec(select(TrustedKeyRow).order_by(TrustedKeyRow.id))]  # type: ignore[arg-type]


def private_key_path(desk: Desk, row: IdentityRow) -> Path:
    if not row.private_key_file:
        raise ReedeskError.coded("no_private_key", name=row.name, key=fingerprint(row.key_id))
    return keys_dir(desk.home) / row.private_key_file


class UnlockedKeyCache:
    """Unlocked private keys kept in memory for a bounded time, so a desktop user signing a series
    of dossiers types the passphrase once (integrity issue point 12).

    Memory only — never written anywhere; each key is forgotten ``minutes`` after it was
    unlocked (not after its last use) and when the process ends. A cached key is handed out
    without a passphrase, or for the same passphrase (compared through an HMAC under a
    random per-process key, so the passphrase itself is not kept); any other passphrase
    goes through scrypt again. The CLI never uses one.
    """

    def __init__(self, minutes: float = 15.0, clock: Callable[[], float] = time.monotonic):
        self.minutes = minutes
        self._clock = clock
        self._secret = os.urandom(32)
        self._keys: dict[str, tuple[float, Ed25519PrivateKey, bytes]] = {}

    def _tag(self, passphrase: str) -> bytes:
        return hmac.new(self._secret, passphrase.encode("utf-8"), hashlib.sha256).digest()

    def get(self, key_id: str, passphrase: str | None = None) -> Ed25519PrivateKey | None:
        """The cached key, if still fresh and (when ``passphrase`` is given) unlocked with that passphrase."""
        entry = self._keys.get(key_id)
        if entry is None:
            return None
        if self._clock() - entry[0] >= self.minutes * 60:
            del self._keys[key_id]
            return None
        if passphrase and not hmac.compare_digest(entry[2], self._tag(passphrase)):
            return None
        return entry[1]

    def put(self, key_id: str, key: Ed25519PrivateKey, passphrase: str = "") -> None:
        if self.minutes > 0:
            self._keys[key_id] = (self._clock(), key, self._tag(passphrase))

    def forget(self, key_id: str | None = None) -> None:
        """Forget one key, or all of them (on sign-out, when the setting changes)."""
        if key_id is None:
            self._keys.clear()
        else:
            self._keys.pop(key_id, None)


_app_cache: UnlockedKeyCache | None = None


def enable_unlock_cache(minutes: float) -> UnlockedKeyCache | None:
    """Keep unlocked keys of this process for ``minutes`` (0: never); the desktop app calls this
    at start with the ``unlock_minutes`` setting. Every :func:`unlock` without its own cache uses it."""
    global _app_cache
    if _app_cache is not None:
        _app_cache.forget()
    _app_cache = UnlockedKeyCache(minutes) if minutes > 0 else None
    return _app_cache


def _record_failed_unlock(desk: Desk, row: IdentityRow) -> None:
    """A passphrase that does not fit is recorded in the audit trail (never the passphrase itself)."""
    with desk.db.unit_of_work() as session:
        append_event(
            session, action="key_unlock_failed", entity_type="identity", entity_id=row.key_id,
            after={"key_id": row.key_id, "name": row.name},
        )


def unlock(desk: Desk, key_id: str, passphrase: str | None, *, cache: UnlockedKeyCache | None = None) -> Ed25519PrivateKey:
    """The private key of an active identity; :class:`WrongPassphrase` if the passphrase does not fit.

    A wrong passphrase is recorded as a ``key_unlock_failed`` audit event. With ``cache``
    (default: the process's cache if :func:`enable_unlock_cache` made one), a key unlocked
    within the cache's time is returned without a passphrase (``None`` or empty) or for the
    same passphrase, and a freshly unlocked one is kept there.
    """
    cache = cache if cache is not None else _app_cache
    with desk.db.read() as session:
        row = resolve_identity(session, key_id)
    if row.retired_at is not None:
        if cache is not None:
            cache.forget(row.key_id)
        raise ReedeskError.coded("key_retired", key=fingerprint(row.key_id), name=row.name, when=row.retired_at)
    if cache is not None:
        cached = cache.get(row.key_id, passphrase or None)
        if cached is not None:
            return cached
    if not passphrase:
        raise ReedeskError.coded("passphrase_needed", name=row.name, key=fingerprint(row.key_id))
    try:
        key = load_private_key(private_key_path(desk, row), passphrase)
    except WrongPassphrase:
        _record_failed_unlock(desk, row)
        raise WrongPassphrase.coded("wrong_passphrase", name=row.name, key=fingerprint(row.key_id)) from None
    if raw_public_key(key).hex() != row.public_key:
        raise ReedeskError.coded("keys_key_file_does_belong", private_key_file=row.private_key_file, name=row.name, fingerprint=fingerprint(row.key_id))
    if cache is not None:
        cache.put(row.key_id, key, passphrase)
    return key


def public_keys(desk: Desk) -> dict[str, bytes]:
    """key id → raw public key for every identity (retired too) and every trusted key."""
    with desk.db.read() as session:
        return known_public_keys(session)

"""Each writer's own head key on a team desk, certified by the desk key (issue 12, point 6).

On a single-user (SQLite) desk one desk key signs every tree head (``reedesk.audit.desk_key``).
On a team desk that would mean every person holds a copy of the desk key, and anyone
holding it can sign any head. Instead:

- each person has their **own head key** (``REEDESK_HOME/head-key.pem``, unencrypted and
  0600 for the same reason as the desk key: heads are signed unattended at every write
  batch), made by ``reedesk team enrol``;
- the **admin**, who alone holds the desk key, certifies its public key for that person's
  PostgreSQL role (``reedesk team certify ROLE --public-key HEX``): a certificate is the
  desk key's Ed25519 signature over the canonical document
  ``{schema, role, key_id, public_key, not_before, purpose, desk_key_id}``;
- certificates live in ``team_head_certificate``, which only ``reedesk_admin`` (and the
  database's owner) may INSERT into and nobody may UPDATE or DELETE (grants and triggers);
- every tree head row gets, from a ``SECURITY DEFINER`` trigger, the database role that
  inserted it (``session_user`` — never a value the client sends) and the SHA-256 of the
  previous head's signature (the heads are chained), in ``team_head_role``;
- ``audit verify`` accepts a head not signed by the desk key only if its key is certified,
  by a certificate that verifies under the desk key, for exactly the role that wrote it,
  and the head was signed after ``not_before``.

Why not a ``SECURITY DEFINER`` function that signs with a key the roles cannot read:
PostgreSQL's core has no Ed25519 (``pgcrypto`` has none either), so such a function needs
an untrusted language extension (plpython3u) and a private key readable by the server's
operating-system account — whoever administers the server then holds the desk key, and
the key would sit on the machine the checkpoints are meant to be checked against.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.audit.desk_key import create_key_file_once
from reedesk.audit.head_cert import CERTIFICATE_PAYLOAD_TYPE, CERTIFICATE_SCHEMA, PURPOSE  # noqa: F401 — the pure part
from reedesk.audit.head_cert import certificate_document, desk_signature, signed_by
from reedesk.audit.head_revocation import head_after_revocation, load_revocations, revocation_problems, revoked_key
from reedesk.errors import ReedeskError
from reedesk.signing.keys import fingerprint, key_id_of, raw_public_key

HEAD_KEY_FILE = "head-key.pem"
CERTIFICATE_TABLE = "team_head_certificate"
ROLE_TABLE = "team_head_role"


class HeadKeyProblem(ReedeskError):
    """A team desk writer's own head key is missing, unreadable or not certified."""


# ----------------------------------------------------------------------------- the person's key file

def head_key_path(home: Path) -> Path:
    return Path(home) / HEAD_KEY_FILE


def read_head_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HeadKeyProblem.coded("team_heads_your_head_signing_key_3", path=path) from None
    except OSError as exc:
        raise HeadKeyProblem.coded("team_heads_your_head_signing_key_4", path=path, value=exc.strerror or exc) from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise HeadKeyProblem.coded("team_heads_your_head_signing_key_2", path=path)
    return key


def create_head_key(home: Path) -> tuple[Ed25519PrivateKey, bool]:
    """The person's head key in ``home`` (made now, 0600, if there is none); True if it was new."""
    return create_key_file_once(head_key_path(home), read_head_key)


# ----------------------------------------------------------------------------- certificates

def sign_certificate(desk_private: Ed25519PrivateKey, document: Mapping[str, Any]) -> str:
    return desk_signature(desk_private, CERTIFICATE_PAYLOAD_TYPE, document)


@dataclass(frozen=True)
class Certificate:
    id: int
    role: str
    key_id: str
    public_key: bytes
    not_before: str
    desk_key_id: str
    signature: str
    certified_by: str

    def document(self) -> dict[str, Any]:
        return certificate_document(self.role, self.public_key, self.not_before, self.desk_key_id)

    def problem(self, desk_key_id: str, desk_public: bytes) -> str | None:
        """Why this certificate does not count (None if it does)."""
        if key_id_of(self.public_key) != self.key_id:
            return _say("certificate_key_id")
        if self.desk_key_id != desk_key_id:
            return _say("certificate_other_desk", key=self.desk_key_id[:16])
        if not signed_by(desk_public, self.document(), self.signature):
            return _say("certificate_not_signed")
        return None


def postgresql_table_present(connection: Any, table: str) -> bool:
    """Whether ``table`` exists on a PostgreSQL desk (False on SQLite, where the team tables never exist)."""
    if connection.dialect.name != "postgresql":
        return False
    return connection.execute(sa.text(f"SELECT to_regclass('{table}') IS NOT NULL")).scalar() is True


def team_tables_present(connection: Any) -> bool:
    """Whether ``reedesk team init`` made this database a team desk (PostgreSQL only)."""
    return postgresql_table_present(connection, CERTIFICATE_TABLE)


def load_certificates(connection: Any) -> list[Certificate]:
    rows = connection.execute(sa.text(
        f"SELECT id, db_role, key_id, public_key, not_before, desk_key_id, signature, certified_by "
        f"FROM {CERTIFICATE_TABLE} ORDER BY id"
    ))
    found = []
    for id_, role, key_id, public_hex, not_before, desk_key_id, signature, by in rows:
        try:
            public = bytes.fromhex(public_hex)
        except ValueError:
            public = b""
        found.append(Certificate(id_, role, key_id, public, not_before, desk_key_id, signature, by))
    return found


# ----------------------------------------------------------------------------- writing: the signer's key

@dataclass
class WriterKey:
    """A writer's own head key, with the certificate that lets it sign this desk's heads."""

    key_id: str
    public_key: bytes
    private_key: Ed25519PrivateKey
    origin: str  # the desk's checkpoint origin: the log is the desk's, whoever signs a head
    role: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def writer_key(connection: Any, home: Path, desk: Any) -> WriterKey:
    """The session user's own certified head key (``desk``: the recorded DeskKey), or a sentence why not."""
    private = read_head_key(head_key_path(home))
    public = raw_public_key(private)
    key_id = key_id_of(public)
    role = connection.execute(sa.text("SELECT session_user")).scalar_one()
    revocation = revoked_key(load_revocations(connection), key_id)
    if revocation is not None:  # a head she signed now would be refused by `audit verify`
        raise HeadKeyProblem.coded("head_revocation_your_key_revoked", fingerprint=fingerprint(key_id),
                                   head_key_path=head_key_path(home), role=role, id=revocation.id,
                                   revoked_at=revocation.revoked_at)
    for certificate in load_certificates(connection):
        if certificate.key_id == key_id and certificate.role == role and certificate.problem(desk.key_id, desk.public_key) is None:
            return WriterKey(key_id, public, private, desk.origin, role)
    raise HeadKeyProblem.coded("team_heads_your_head_signing_key", fingerprint=fingerprint(key_id), head_key_path=head_key_path(home), role=role, hex=public.hex())


# ----------------------------------------------------------------------------- verifying heads

def signature_sha256(signature: str) -> str:
    """What ``team_head_role.previous_sha256`` holds for the head before: SHA-256 of its signature text."""
    return hashlib.sha256(signature.encode("utf-8")).hexdigest()


class TeamHeadChecker:
    """Judges, for ``audit verify``, the heads of a team desk that the desk key did not sign.

    ``rows`` are (head id, signature, db role, previous_sha256, key id, size, signed_at) in head-id order — the order
    of ``checkpoints.all_tree_heads`` — so ``check(index, head)`` can name the role that
    wrote head number ``index``.
    """

    def __init__(self, connection: Any, desk: Any):
        self.desk = desk
        self.rows = connection.execute(sa.text(
            f"SELECT h.id, h.signature, r.db_role, r.previous_sha256, h.key_id, h.size, h.signed_at FROM tree_head h "
            f"LEFT JOIN {ROLE_TABLE} r ON r.head_id = h.id ORDER BY h.id"
        )).all()
        self.problems: list[str] = []
        # Revoked head keys (reedesk.audit.head_revocation): the point is a head the server stored.
        self.revocations = load_revocations(connection)
        self.revoked_heads: set[int] = set()  # head ids already named as signed after their key's revocation
        if self.revocations:
            self.problems.extend(revocation_problems(self.revocations, desk, {r[0]: r[1] for r in self.rows}))
            self._revoked_heads()
        self.certified: dict[str, Certificate] = {}
        for certificate in load_certificates(connection):
            why = certificate.problem(desk.key_id, desk.public_key)
            if why:
                self.problems.append(_say("certificate_does_not_count", id=certificate.id, role=certificate.role, why=why))
            else:
                self.certified.setdefault(certificate.key_id, certificate)
        for index, (head_id, _signature, role, previous, *_rest) in enumerate(self.rows):
            if role is None:
                continue  # written before `team init` (a moved or owner-only desk)
            expected = signature_sha256(self.rows[index - 1][1]) if index > 0 else ""
            if (previous or "") != expected:
                self.problems.append(_say("head_chain_broken", id=head_id))

    def _revoked_heads(self) -> None:
        """Name, in :attr:`problems`, every head signed by a revoked key that the server stored
        after the revocation point (a larger ``tree_head.id``; never judged by its ``signed_at``)."""
        for head_id, _signature, role, _previous, key_id, size, signed_at in self.rows:
            revocation = revoked_key(self.revocations, key_id)
            if revocation is not None and head_id > revocation.after_head_id:
                self.revoked_heads.add(head_id)
                self.problems.append(head_after_revocation(revocation, head_id, size, signed_at, role))

    @property
    def newest_head_revoked(self) -> bool:
        """The newest head was signed by a revoked key after its revocation (no checkpoint may vouch for it)."""
        return bool(self.rows) and self.rows[-1][0] in self.revoked_heads

    def certified_keys(self) -> dict[str, bytes]:
        return {k: c.public_key for k, c in self.certified.items()}

    def check(self, index: int, head: Any) -> str | None:
        """Why ``head`` (the index-th head, not signed by the desk key) is not acceptable, or None.

        A head its key's revocation refuses is named in :attr:`problems` as a whole sentence
        (role, key and head) by :meth:`_revoked_heads`; here it then counts as judged."""
        from reedesk.audit.checkpoints import verify_tree_head

        head_id = self.rows[index][0] if index < len(self.rows) else None
        if head_id in self.revoked_heads:
            return None
        certificate = self.certified.get(head.key_id)
        if certificate is None:
            return _say("head_key_uncertified", key=head.key_id[:16], fingerprint=self.desk.fingerprint)
        role = self.rows[index][2] if index < len(self.rows) else None
        if role is None:
            return _say("head_no_role")
        if role != certificate.role:
            return _say("head_other_role", certified=certificate.role, role=role)
        if head.signed_at < certificate.not_before:
            return _say("head_before_certificate", signed_at=head.signed_at, not_before=certificate.not_before)
        return verify_tree_head(head, {head.key_id: certificate.public_key})


def team_head_checker(connection: Any, desk: Any) -> TeamHeadChecker | None:
    """The checker for a team desk (None on SQLite or a PostgreSQL desk without ``team init``)."""
    if desk is None or not team_tables_present(connection):
        return None
    return TeamHeadChecker(connection, desk)


def _say(code: str, **params: Any) -> str:
    """A problem or reason coded ``[audit_verify.<code>]`` (reedesk.vocabulary.Coded): English as text,
    `audit verify --language` in Chinese."""
    from reedesk.vocabulary import Coded

    return Coded("audit_verify", code, **params)

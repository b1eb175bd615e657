"""Recompute the whole audit trail and say whether, and where, it was changed.

Three checks, in one pass over the events in sequence order:
1. sequence numbers run 1, 2, 3… without gaps (a deleted event in the middle);
2. each event's ``prev_hash`` is its predecessor's ``hash`` and its ``hash`` is
   SHA-256(prev_hash ‖ RFC 8785 canonical(event)) — the first event that fails is named;
3. every signed tree head: its signature verifies, and the RFC 6962 root of the first
   ``size`` events equals its ``root_hash``; a head larger than the trail means the
   trail was cut off after it was signed (truncation).

:func:`verify_records` then checks the stored records against the trail: every
revision, determination and signature is re-hashed and compared with the hash its
creating event recorded, so an edit made directly in the SQLite file is found.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from sqlalchemy import text
from sqlmodel import Session, select

from reedesk.audit.checkpoints import TreeHead, all_tree_heads, event_leaf_hash, heads_by_size, verify_tree_head
from reedesk.audit.merkle import EMPTY_ROOT, Frontier
from reedesk.audit.trail import GENESIS_HASH
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.store.models import IdentityRow, TrustedKeyRow

Progress = Callable[[int, int], Any]

_EVENT_COLUMNS = (
    "seq", "occurred_at", "actor", "action", "entity_type", "entity_id",
    "dossier_reference", "before", "after", "reason", "prev_hash", "hash",
)


@dataclass
class ChainReport:
    """The verdict on the audit trail. ``problem`` is one sentence for the user."""

    ok: bool
    events_checked: int
    heads_checked: int
    first_broken_seq: int | None = None
    truncated: bool = False
    problem: str | None = None
    latest_head: TreeHead | None = None
    problems: list[str] = field(default_factory=list)
    signatures_checked: int | None = None  # set by services.audit.verify_audit
    revisions_checked: int | None = None  # set by verify_records
    determinations_checked: int | None = None

    def add_problem(self, message: str, seq: int | None = None) -> None:
        """Record a problem; the first one becomes the headline."""
        self.problems.append(message)
        if self.ok:
            self.ok = False
            self.problem = message
            self.first_broken_seq = seq

    def summary(self) -> str:
        if self.ok:
            anchor = (
                f"; the latest signed tree head covers {_count(self.latest_head.size, 'event')} (signed {self.latest_head.signed_at})"
                if self.latest_head else "; no signed tree head yet"
            )
            parts = [_count(self.events_checked, "event")]
            if self.revisions_checked is not None:
                parts.append(_count(self.revisions_checked, "revision"))
            if self.determinations_checked is not None:
                parts.append(_count(self.determinations_checked, "determination"))
            if self.signatures_checked is not None:
                parts.append(_count(self.signatures_checked, "signature"))
            listed = ", ".join(parts)
            return f"Audit trail intact: {listed} and {_count(self.heads_checked, 'signed tree head')} check out{anchor}."
        return self.problem or "Audit trail broken."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def known_public_keys(session: Session) -> dict[str, bytes]:
    """Every public key this desk knows: its identities (retired ones too) and trusted keys."""
    keys = {row.key_id: bytes.fromhex(row.public_key) for row in session.exec(select(IdentityRow))}
    for row in session.exec(select(TrustedKeyRow)):
        keys.setdefault(row.key_id, bytes.fromhex(row.public_key))
    return keys


def body_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The hashed fields of an event given as a mapping (see ``trail.event_body``)."""
    return {name: row[name] for name in _EVENT_COLUMNS if name != "hash"}


def recompute_hash(body: Mapping[str, Any]) -> str:
    """SHA-256(prev_hash ‖ RFC 8785 canonical(body)), exactly as ``trail.event_hash``."""
    return hashlib.sha256(bytes.fromhex(body["prev_hash"]) + canonical_bytes(dict(body))).hexdigest()


_fast_encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _checked_hash(body: Mapping[str, Any], stored: str) -> str:
    """The event's true hash, computed quickly when possible.

    An event body holds only ASCII keys, strings, one integer and nulls; for such values
    Python's sorted compact JSON is byte-for-byte RFC 8785 in practice, and is ~10x
    faster than the ``rfc8785`` package. It is used only as a shortcut: if its hash equals
    the stored one, the bytes hashed were the canonical ones (short of a SHA-256
    collision); otherwise the exact RFC 8785 form decides. So the verdict never depends
    on the shortcut.
    """
    prefix = bytes.fromhex(body["prev_hash"])
    quick = hashlib.sha256(prefix + _fast_encoder.encode(body).encode("utf-8")).hexdigest()
    if quick == stored:
        return quick
    return recompute_hash(body)


def _verify(session: Session, progress: Progress | None, public_keys: Mapping[str, bytes] | None) -> ChainReport:
    keys = dict(public_keys) if public_keys is not None else known_public_keys(session)
    heads = all_tree_heads(session)
    by_size = heads_by_size(heads)
    total = int(session.connection().execute(text("SELECT count(*) FROM audit_event")).scalar() or 0)
    report = ChainReport(ok=True, events_checked=0, heads_checked=0, latest_head=heads[-1] if heads else None)

    fail = report.add_problem

    for head in heads:
        reason = verify_tree_head(head, keys)
        if reason:
            fail(f"The signed tree head of {head.signed_at} (size {head.size}) is not valid: {reason}.")
    for head in by_size.get(0, ()):
        report.heads_checked += 1
        if head.root_hash != EMPTY_ROOT.hex():
            fail(f"The tree head signed {head.signed_at} claims an empty trail but not the empty root.")

    frontier = Frontier()
    expected_seq, prev_hash, chain_broken = 1, GENESIS_HASH, False
    columns = ", ".join(f'"{c}"' for c in _EVENT_COLUMNS)
    result = session.connection().execute(text(f"SELECT {columns} FROM audit_event ORDER BY seq"))
    for values in result:
        row = dict(zip(_EVENT_COLUMNS, values))
        seq = row["seq"]
        try:
            recomputed = _checked_hash(body_of(row), row["hash"])
        except (ValueError, TypeError):
            recomputed = ""
        if not chain_broken:
            if seq != expected_seq:
                fail(f"Audit event {expected_seq} is missing (the next stored event is {seq}): events were deleted.", expected_seq)
                chain_broken = True
            elif row["prev_hash"] != prev_hash:
                fail(f"Audit event {seq} does not follow event {seq - 1}: its prev_hash was changed or an event before it was altered.", seq)
                chain_broken = True
            elif recomputed != row["hash"]:
                fail(f"Audit event {seq} ({row['action']} {row['entity_type']} {row['entity_id']}) was changed after it was recorded: its hash does not match its content.", seq)
                chain_broken = True
        prev_hash = row["hash"]
        expected_seq = seq + 1
        # The leaf is the hash the content *has*, not the one stored beside it, so a head
        # also catches an edited event whose stored hash was left alone.
        frontier.append(event_leaf_hash(recomputed) if recomputed else b"\x00" * 32)
        report.events_checked += 1
        for head in by_size.get(frontier.size, ()):
            report.heads_checked += 1
            if frontier.root().hex() != head.root_hash:
                fail(
                    f"The first {head.size} audit events no longer match the tree head signed {head.signed_at}: "
                    "history up to that point was rewritten.",
                    None,
                )
        if progress is not None and report.events_checked % 1000 == 0:
            progress(report.events_checked, total)

    if heads:
        largest = max(heads, key=lambda h: h.size)
        if largest.size > report.events_checked:
            report.truncated = True
            fail(
                f"The audit trail was truncated: the tree head signed {largest.signed_at} covers {largest.size} events, "
                f"but only {report.events_checked} remain (events {report.events_checked + 1}–{largest.size} were removed).",
                report.events_checked + 1,
            )
    if progress is not None:
        progress(report.events_checked, total)
    return report


def verify_chain(source: Any, progress: Progress | None = None, public_keys: Mapping[str, bytes] | None = None) -> ChainReport:
    """Verify the trail of a :class:`~sqlmodel.Session` or of a desk (anything with ``.db``)."""
    if isinstance(source, Session):
        return _verify(source, progress, public_keys)
    with source.db.unit_of_work() as session:
        return _verify(session, progress, public_keys)


# ----------------------------------------------------------------------------- stored records
#
# The chain proves the *events* were not changed; the records they describe live in
# other tables, which a person with the SQLite file can edit (drop the trigger, run an
# UPDATE). So every revision, determination and signature is re-hashed and compared
# with the hash the audit event that created it recorded. Record ids can be reused
# after a delete, so the latest event for an id is the one that counts.

_REVISION_TAIL = re.compile(r',"revision":(\d+),"sha256":"([0-9a-f]{64})"\}$')
_REVISION_ACTIONS = ("create", "update", "import")


def _sha256_text(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _json_object(value: str | None) -> dict[str, Any]:
    try:
        decoded = json.loads(value) if value else None
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def recorded_revisions(connection: Any) -> dict[tuple[str, int], tuple[int, str]]:
    """(reference, revision) → (seq, sha256) from the events that stored revisions.

    A save event's ``after`` is canonical JSON ending in ``,"revision":N,"sha256":"…"}``
    (members sorted, the document first), so the two values are read from the tail
    without parsing a whole dossier document per event.
    """
    found: dict[tuple[str, int], tuple[int, str]] = {}
    rows = connection.execute(text(
        "SELECT seq, entity_id, after FROM audit_event WHERE entity_type = 'dossier' "
        "AND action IN ('create', 'update', 'import') AND after IS NOT NULL ORDER BY seq"
    ))
    for seq, reference, after in rows:
        match = _REVISION_TAIL.search(after)
        if match:
            found[(reference, int(match.group(1)))] = (seq, match.group(2))
            continue
        body = _json_object(after)
        if isinstance(body.get("revision"), int) and isinstance(body.get("sha256"), str):
            found[(reference, body["revision"])] = (seq, body["sha256"])
    return found


def _recorded_by_id(connection: Any, action: str, id_field: str) -> dict[int, tuple[int, dict[str, Any]]]:
    """Record id → (seq, after) for the determination events of ``action`` (evaluate, sign)."""
    found: dict[int, tuple[int, dict[str, Any]]] = {}
    rows = connection.execute(
        text("SELECT seq, after FROM audit_event WHERE entity_type = 'determination' AND action = :action ORDER BY seq"),
        {"action": action},
    )
    for seq, after in rows:
        body = _json_object(after)
        if isinstance(body.get(id_field), int):
            found[body[id_field]] = (seq, body)
    return found


def verify_records(session: Session, report: ChainReport) -> None:
    """Re-hash every revision, determination and signature and compare with the audit trail.

    Adds one problem per inconsistent record to ``report``, naming it; the first one
    found (revisions first, then determinations, then signatures, each in id order) is
    the headline unless the chain itself was already broken.
    """
    connection = session.connection()
    fail = report.add_problem

    revisions = recorded_revisions(connection)
    checked = 0
    rows = connection.execute(text(
        "SELECT r.number, r.document, r.sha256, d.reference FROM dossier_revision r "
        "JOIN dossier d ON d.id = r.dossier_id ORDER BY r.id"
    ))
    for number, document, digest, reference in rows:
        checked += 1
        recorded = revisions.get((reference, number))
        if _sha256_text(document) != digest:
            fail(f"Revision {number} of {reference} was altered outside reedesk: its document no longer matches its recorded SHA-256.")
        elif recorded is None:
            fail(f"Revision {number} of {reference} was added outside reedesk: no audit event records it.")
        elif recorded[1] != digest:
            fail(
                f"Revision {number} of {reference} was altered outside reedesk: its SHA-256 differs from the one "
                f"audit event {recorded[0]} recorded."
            )
    report.revisions_checked = checked

    evaluations = _recorded_by_id(connection, "evaluate", "determination_id")
    checked = 0
    rows = connection.execute(text(
        "SELECT t.id, t.document, t.sha256, r.number, d.reference FROM determination t "
        "JOIN dossier_revision r ON r.id = t.revision_id JOIN dossier d ON d.id = r.dossier_id ORDER BY t.id"
    ))
    for determination_id, document, digest, number, reference in rows:
        checked += 1
        recorded = evaluations.get(determination_id)
        name = f"Determination {determination_id} (revision {number} of {reference})"
        if _sha256_text(document) != digest:
            fail(f"{name} was altered outside reedesk: its document no longer matches its recorded SHA-256.")
        elif recorded is None:
            fail(f"{name} was added outside reedesk: no audit event records it.")
        elif recorded[1].get("sha256") != digest:
            fail(f"{name} was altered outside reedesk: its SHA-256 differs from the one audit event {recorded[0]} recorded.")
        elif recorded[1].get("revision") not in (None, number):
            fail(f"{name} was moved outside reedesk: audit event {recorded[0]} recorded it for revision {recorded[1].get('revision')}.")
    report.determinations_checked = checked

    signings = _recorded_by_id(connection, "sign", "signature_id")
    rows = connection.execute(text("SELECT id, determination_id, envelope FROM signature ORDER BY id"))
    for signature_id, determination_id, envelope in rows:
        recorded = signings.get(signature_id)
        name = f"Signature {signature_id} on determination {determination_id}"
        if recorded is None:
            fail(f"{name} was added outside reedesk: no audit event records it.")
            continue
        expected = recorded[1].get("envelope_sha256")
        digest = _sha256_text(envelope)
        if digest != expected:
            try:
                digest = hashlib.sha256(canonical_bytes(json.loads(envelope))).hexdigest()
            except (ValueError, TypeError):
                digest = ""
        if digest != expected:
            fail(f"{name} was altered outside reedesk: its envelope differs from the one audit event {recorded[0]} recorded.")

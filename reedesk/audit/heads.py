"""A signed tree head at the end of every write batch, by the desk key (issue 10, points 2 and 6).

On a team desk (PostgreSQL after ``reedesk team init``) a person without the desk key
signs with their own head key, certified by the desk key for their database role
(``reedesk.audit.team_heads``, issue 12 point 6); SQLite desks are unchanged.

Every unit of work that appended audit events ends, just before its commit, with a
tree head over the whole trail signed by the desk's head-signing key, stored in
``tree_head`` in the same transaction; after the commit the same head is appended,
as a C2SP checkpoint note, to the desk's checkpoint file outside the database. So
the trail never has unsigned events for long, and a copy of the newest head always
lives outside the SQLite file.

It is fast: the head stores the Merkle tree's right edge (``frontier``), so the next
head needs only the events appended since, not the whole trail (an O(log n) step
plus two Ed25519 signatures, ~0.2 ms, and one ``fsync`` of the checkpoint file).

The hook is attached per database by :func:`attach` (``open_desk`` calls it). A
database without it (a bare ``Database`` in a test, a benchmark) writes no heads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

from reedesk.audit.checkpoints import TreeHead, event_leaf_hash, sign_tree_head
from reedesk.audit.desk_key import (
    DESK_KEY_ENTITY,
    DeskKey,
    DeskKeyProblem,
    create_desk_key_file,
    desk_key_path,
    new_desk_key_event,
    recorded_desk_key,
    unlock_desk_key,
)
from reedesk.audit.merkle import EMPTY_ROOT, Frontier, node_hash
from reedesk.audit.note import append_checkpoint, checkpoint_file, key_name, sign_checkpoint
from reedesk.files import replace_file

PENDING = "reedesk_events_pending"  # session.info: events appended since the last head
NOTES = "reedesk_checkpoint_notes"  # session.info: notes to append after the commit


from reedesk.audit.head_registry import DeskSigner, _database_key, _signers, attach, detach, signer_for  # noqa: F401,E402


def mark_pending(session: Session) -> None:
    """Called by ``trail.record_event``: this session owes a head at its commit."""
    session.info[PENDING] = True


# ----------------------------------------------------------------------------- the desk key

def _key_for(session: Session, signer: DeskSigner) -> DeskKey:
    """The unlocked desk key, introducing one (a recorded event) if the trail has none yet."""
    connection = session.connection()
    recorded = recorded_desk_key(connection)
    if recorded is None:
        return introduce_desk_key(session, signer)
    if signer.key is None or signer.key.key_id != recorded.key_id or signer.key.event_seq != recorded.event_seq:
        signer.key = unlock_desk_key(signer.home, recorded)
    return signer.key


def introduce_desk_key(session: Session, signer: DeskSigner) -> DeskKey:
    """Create the desk key (or adopt an unrecorded key file) and record it in the trail.

    On a new desk this is the first event. On a desk made by reedesk 0.1.0 it is the one
    event that introduces the key over the existing heads: ``introduced_over`` names the
    newest of them, and the head this batch writes (by the desk key) covers them all.
    """
    from reedesk.audit.trail import record_event

    private = create_desk_key_file(desk_key_path(signer.home))
    last = session.connection().execute(
        sa.text("SELECT size, root_hash, signed_at, key_id FROM tree_head ORDER BY id DESC LIMIT 1")
    ).first()
    over = {"size": last[0], "root_hash": last[1], "signed_at": last[2], "key_id": last[3]} if last is not None else None
    body = new_desk_key_event(private, over)
    fields = record_event(
        session, action="create", entity_type=DESK_KEY_ENTITY, entity_id=body["key_id"], after=body,
        reason="desk head-signing key created with the desk" if over is None and _event_count(session) == 0
        else "desk head-signing key introduced over the existing trail (upgrade from reedesk 0.1)",
    )
    signer.key = DeskKey(body["key_id"], bytes.fromhex(body["public_key"]), fields["seq"], fields["occurred_at"], over, private)
    return signer.key


def _signing_key(session: Session, signer: DeskSigner) -> Any:
    """The key that signs this batch's head: the desk key, or — on a team desk, for a person
    who does not hold the desk key file — their own head key certified for their database
    role (``reedesk.audit.team_heads``). SQLite desks always use the desk key."""
    connection = session.connection()
    if signer.team is None:
        from reedesk.audit.team_heads import team_tables_present

        signer.team = team_tables_present(connection) and not desk_key_path(signer.home).exists()
    if not signer.team:
        return _key_for(session, signer)
    if signer.writer is None:
        from reedesk.audit.team_heads import writer_key

        recorded = recorded_desk_key(connection)
        if recorded is None:
            raise DeskKeyProblem.coded("heads_team_desk_records_desk")
        signer.writer = writer_key(connection, signer.home, recorded)
    return signer.writer


def _event_count(session: Session) -> int:
    return int(session.connection().execute(sa.text("SELECT count(*) FROM audit_event")).scalar() or 0)


def ensure_desk_key(database: Any) -> None:
    """Open-time step: make sure the trail records a desk key (a new desk: as its first event).

    Checked in a read-only snapshot first, so opening a desk never waits for another
    process's long import; only a desk without a desk key takes the write lock."""
    read = getattr(database, "read", None)
    if read is not None:
        with read() as session:
            if recorded_desk_key(session.connection()) is not None:
                return
    with database.unit_of_work() as session:
        signer = signer_for(session)
        if signer is not None and recorded_desk_key(session.connection()) is None:
            introduce_desk_key(session, signer)  # the commit hook signs the head over it


# ----------------------------------------------------------------------------- heads

def _frontier_from(stack_json: str | None, size: int, root_hex: str) -> Frontier | None:
    """The stored right edge of a head, if it is well formed and gives the head's root."""
    if not stack_json:
        return None
    try:
        entries = json.loads(stack_json)
        stack = [(int(h), bytes.fromhex(v)) for h, v in entries]
    except (ValueError, TypeError):
        return None
    frontier = Frontier()
    frontier._stack = stack  # noqa: SLF001 — restoring a saved edge
    frontier.size = size
    if sum(1 << h for h, _ in stack) != size or frontier.root().hex() != root_hex:
        return None
    return frontier


def frontier_json(frontier: Frontier) -> str:
    return json.dumps([[h, v.hex()] for h, v in frontier._stack], separators=(",", ":"))  # noqa: SLF001


def current_frontier(connection: Any) -> Frontier:
    """The Merkle right edge over every event now stored: from the newest head plus the
    events after it, or (no usable head) from all events."""
    last = connection.execute(sa.text("SELECT size, root_hash, frontier FROM tree_head ORDER BY id DESC LIMIT 1")).first()
    frontier = _frontier_from(last[2], last[0], last[1]) if last is not None else None
    if frontier is None:
        frontier, after = Frontier(), 0
    else:
        after = frontier.size
    rows = connection.execute(sa.text("SELECT seq, hash FROM audit_event WHERE seq > :after ORDER BY seq"), {"after": after})
    for seq, digest in rows:
        if seq != frontier.size + 1:  # a gap: do not build on it; verify will name it
            frontier, rebuilt = Frontier(), connection.execute(sa.text("SELECT hash FROM audit_event ORDER BY seq"))
            for (h,) in rebuilt:
                frontier.append(event_leaf_hash(h))
            return frontier
        frontier.append(event_leaf_hash(digest))
    return frontier


def write_desk_head(session: Session, signer: DeskSigner | None = None, *, signed_at: str | None = None) -> TreeHead | None:
    """Sign and store a head over every event so far with the desk key; the note is kept for after the commit."""
    signer = signer or signer_for(session)
    if signer is None:
        return None
    session.flush()
    key = _signing_key(session, signer)
    connection = session.connection()
    frontier = current_frontier(connection)
    root = frontier.root() if frontier.size else EMPTY_ROOT
    assert key.private_key is not None
    head = sign_tree_head(key.private_key, key.key_id, frontier.size, root.hex(), signed_at)
    connection.execute(
        sa.text(
            "INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature, frontier) "
            "VALUES (:size, :root, :at, :key, :sig, :frontier)"
        ),
        {"size": head.size, "root": head.root_hash, "at": head.signed_at, "key": head.key_id, "sig": head.signature,
         "frontier": frontier_json(frontier)},
    )
    note = sign_checkpoint(key.origin, head.size, root, key.private_key, key_name(key.key_id), key.public_key)
    session.info.setdefault(NOTES, []).append(note)
    session.info[PENDING] = False
    return head


@event.listens_for(Session, "before_commit")
def _sign_batch(session: Session) -> None:
    if not session.info.get(PENDING):
        return
    signer = signer_for(session)
    session.info[PENDING] = False
    if signer is None:
        return
    connection = session.connection()
    newest = connection.execute(sa.text("SELECT max(seq) FROM audit_event")).scalar() or 0
    covered = connection.execute(sa.text("SELECT size FROM tree_head ORDER BY id DESC LIMIT 1")).scalar()
    if covered is not None and newest <= covered:
        return  # e.g. the events were in a savepoint that rolled back, or a head was written already
    write_desk_head(session, signer)


@event.listens_for(Session, "after_commit")
def _append_notes(session: Session) -> None:
    notes = session.info.pop(NOTES, None)
    session.info.pop(PENDING, None)
    if not notes:
        return
    signer = signer_for(session)
    if signer is None:
        return
    with signer.lock:
        for note in notes:
            try:
                append_checkpoint(signer.checkpoint_path, note)
            except OSError:
                # The head is committed in the database; a checkpoint file that cannot be
                # written (full disk, read-only folder) must not make that commit look
                # failed. The next batch appends its own head, which covers this one.
                break
        _write_outside_copy(signer.home, notes[-1])


def outside_copy_path(home: Path) -> Path | None:
    """The copy of the latest checkpoint kept in the user's config folder, apart from the desk
    (``reedesk.paths.outside_checkpoint_path``; `reedesk restore` and `audit verify` read it)."""
    try:
        from reedesk.paths import outside_checkpoint_path
    except ImportError:  # pragma: no cover - older paths module
        return None
    try:
        return outside_checkpoint_path(home)
    except OSError:
        return None


def _write_outside_copy(home: Path, note: str) -> None:
    path = outside_copy_path(home)
    if path is None:
        return
    try:
        replace_file(path, note.encode("utf-8"))
    except OSError:
        pass  # like the desk's own file: never fail a committed batch over a copy


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    # Notes of a rolled-back head must never reach the file. PENDING stays: a savepoint
    # rollback leaves the outer transaction's events, and before_commit re-checks anyway.
    session.info.pop(NOTES, None)

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
from contextlib import contextmanager
from json.encoder import encode_basestring as _encode_string  # the C encoder (trail.canonical_body uses it too)
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

from sqlalchemy import text

try:  # a declared dependency (reedesk.canonical uses it too); without it only slower
    from orjson import dumps as _orjson_dumps
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - a broken install
    _fast_loads, _orjson_dumps = json.loads, None
from sqlmodel import Session, select

from reedesk import collector
from reedesk.audit.checkpoints import TreeHead, event_leaf_hash, heads_by_size, verify_tree_head
from reedesk.audit.desk_key import DeskKey, recorded_desk_keys
from reedesk.audit.merkle import EMPTY_ROOT, Frontier
from reedesk.audit.team_heads import team_head_checker
from reedesk.audit.trail import GENESIS_HASH
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.signing.keys import fingerprint, key_id_of
from reedesk.vocabulary import Coded

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
    desk_key: DeskKey | None = None
    checkpoints_checked: int = 0  # notes in the desk's checkpoint file and --against anchors that matched
    anchors: list[dict[str, Any]] = field(default_factory=list)  # --against results (source, size, ok, consistency proof)
    root_hash: str | None = None  # RFC 6962 root of every event read
    reproduced: int | None = None  # determinations whose re-run gives the same document
    not_reproduced: int | None = None
    not_rerun: int | None = None  # made with packs of an earlier release no longer bundled (see notes)
    reproduce_seconds: float | None = None
    # Of the reproduced determinations an older engine made: how many the current engine was asked about, answered
    # otherwise (superseded) and could not be asked; each of the last two is named in ``notes`` (REVIEW8b 2). Their
    # time is part of reproduce_seconds (the re-run), ``current_seconds`` apart; None when the re-run was skipped.
    compared_current: int | None = None
    superseded: int | None = None
    current_unread: int | None = None
    current_seconds: float | None = None
    notes: list[str] = field(default_factory=list)  # worth saying, not a problem
    # The events verify_records needs, gathered by the chain pass in the same session (see _Gathered).
    gathered: "_Gathered | None" = field(default=None, repr=False, compare=False)

    def add_problem(self, message: str, seq: int | None = None) -> None:
        """Record a problem; the first one becomes the headline."""
        self.problems.append(message)
        if self.ok:
            self.ok = False
            self.problem = message
            self.first_broken_seq = seq

    def summary(self) -> str:
        """The headline, :class:`Coded` (its English text is the sentence; ``.text(language)`` in another)."""
        if self.ok:
            anchor = (
                say("intact_latest_head", events=_counted(self.latest_head.size, "event"), signed_at=self.latest_head.signed_at)
                if self.latest_head else say("intact_no_head")
            )
            parts = [_counted(self.events_checked, "event")]
            if self.revisions_checked is not None:
                parts.append(_counted(self.revisions_checked, "revision"))
            if self.determinations_checked is not None:
                parts.append(_counted(self.determinations_checked, "determination"))
            if self.signatures_checked is not None:
                parts.append(_counted(self.signatures_checked, "signature"))
            listed = {language: ("、" if language != "en" else ", ").join(part[language] for part in parts) for language in _LANGUAGES}
            return say("intact", listed=listed, heads=_counted(self.heads_checked, "signed tree head"), anchor=anchor)
        return self.problem or say("broken")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


_LANGUAGES = ("en", "zh-Hant", "zh-Hans")
# A count in the three languages: "3 events", "3 個事件", "3 个事件" (a parameter of a Coded sentence).
_NOUNS = {
    "event": ("個事件", "个事件"), "revision": ("個版本", "个版本"), "determination": ("個判定", "个判定"),
    "signature": ("個簽名", "个签名"), "signed tree head": ("個已簽署的樹頭", "个已签署的树头"),
}


def _counted(number: int, noun: str) -> dict[str, str]:
    hant, hans = _NOUNS[noun]
    return {"en": _count(number, noun), "zh-Hant": f"{number} {hant}", "zh-Hans": f"{number} {hans}"}


def say(code: str, **params: Any) -> Coded:
    """A sentence of the audit report, ``[audit_verify.<code>]`` in resources/vocabulary/messages.toml: its English
    text is what the report always printed, and ``reedesk audit verify --language`` says it in the reader's language."""
    return Coded("audit_verify", code, **params)


def _event_what(action: str, entity_type: str, entity_id: object = None) -> dict[str, str]:
    """"update dossier ACME-1" in English; the action and the record's kind in the reader's words otherwise."""
    from reedesk.services.audit_words import entity_label  # words only (no desk access)
    from reedesk.vocabulary import known, label

    english = f"{action} {entity_type}" if entity_id is None else f"{action} {entity_type} {entity_id}"
    said = {"en": english}
    for language in _LANGUAGES[1:]:
        verb = label("audit_action", action, language) if known("audit_action", action) else "?"
        said[language] = f"{verb}{entity_label(entity_type, language)}" + ("" if entity_id is None else f" {entity_id}")
    return said


# ----------------------------------------------------------------------------- keys bound by the trail
#
# A public key counts only as the audit event that introduced it recorded it, and only
# if its key id is the SHA-256 of the key (issue 10, points 1 and 5). The identity and
# trusted_key rows are a copy for display; verify_keys() checks the copy.

_KEY_EVENTS = (
    "SELECT seq, action, entity_type, entity_id, after FROM audit_event "
    "WHERE entity_type IN ('identity', 'trusted_key', 'desk_key') AND action IN ('create', 'trust') ORDER BY seq"
)


@dataclass
class BoundKey:
    key_id: str
    public_key: bytes
    seq: int
    kind: str  # identity | trusted_key | desk_key
    labels: dict[str, str]


def bound_keys(connection: Any) -> tuple[dict[str, BoundKey], list[str]]:
    """key id → key as its introducing event recorded it, and the problems found on the way."""
    keys: dict[str, BoundKey] = {}
    problems: list[str] = []
    for seq, action, entity_type, entity_id, after in _raw_rows(connection, _KEY_EVENTS):
        body = _json_object(after)
        key_id = str(body.get("key_id") or entity_id)
        try:
            raw = bytes.fromhex(str(body.get("public_key")))
        except ValueError:
            raw = b""
        if len(raw) != 32 or key_id_of(raw) != key_id or entity_id != key_id:
            problems.append(say("key_id_not_sha", seq=seq, what=_event_what(action, entity_type)))
            continue
        if key_id in keys:
            continue  # the first introduction counts
        if entity_type == "identity":
            labels = {name: str(body.get(name)) for name in ("name", "role", "organisation")}
        elif entity_type == "trusted_key":
            labels = {"label": str(body.get("label"))}
        else:
            labels = {}
        keys[key_id] = BoundKey(key_id, raw, seq, entity_type, labels)
    return keys, problems


def known_public_keys(session: Session) -> dict[str, bytes]:
    """Every public key this desk knows, as the audit trail bound it: its identities (retired
    ones too), trusted keys and the desk key. A key whose creation event is missing or was
    altered is not known, so its signatures fail (issue 10, point 1)."""
    keys, _ = bound_keys(session.connection())
    return {k: v.public_key for k, v in keys.items()}


def verify_keys(session: Session, report: ChainReport) -> None:
    """Every identity and trusted-key row against the event that introduced it."""
    connection = session.connection()
    keys, problems = bound_keys(connection)
    for message in problems:
        report.add_problem(message)
    for key_id, name, role, organisation, public_key in connection.execute(
        text("SELECT key_id, name, role, organisation, public_key FROM identity ORDER BY id")
    ):
        bound = keys.get(key_id)
        label = say("identity_label", name=name, fingerprint=fingerprint(key_id) if _is_hex64(key_id) else key_id[:16])
        if not _is_hex64(public_key) or key_id_of(bytes.fromhex(public_key)) != key_id:
            report.add_problem(say("key_id_altered", label=label))
        elif bound is None or bound.kind != "identity":
            report.add_problem(say("identity_added", label=label))
        elif bound.public_key.hex() != public_key:
            report.add_problem(say("identity_key_changed", label=label, seq=bound.seq))
        elif bound.labels != {"name": name, "role": role, "organisation": organisation}:
            report.add_problem(say("identity_labels_changed", label=label, seq=bound.seq, name=bound.labels["name"],
                                   role=bound.labels["role"], organisation=bound.labels["organisation"]))
    for key_id, label_text, public_key in connection.execute(text("SELECT key_id, label, public_key FROM trusted_key ORDER BY id")):
        bound = keys.get(key_id)
        label = say("trusted_key_label", quoted=repr(label_text), label=label_text)
        if not _is_hex64(public_key) or key_id_of(bytes.fromhex(public_key)) != key_id:
            report.add_problem(say("key_id_altered", label=label))
        elif bound is None or bound.kind != "trusted_key":
            report.add_problem(say("trusted_key_added", label=label))
        elif bound.public_key.hex() != public_key or bound.labels.get("label") != label_text:
            report.add_problem(say("trusted_key_changed", label=label, seq=bound.seq))
    # Every identity an event created must still be there (identities are never deleted).
    present = {row[0] for row in connection.execute(text("SELECT key_id FROM identity"))}
    present |= {row[0] for row in connection.execute(text("SELECT key_id FROM trusted_key"))}
    for key_id, bound in keys.items():
        if bound.kind in ("identity", "trusted_key") and key_id not in present:
            kind = {"en": bound.kind.replace("_", " "), "zh-Hant": "身分" if bound.kind == "identity" else "受信任的金鑰",
                    "zh-Hans": "身份" if bound.kind == "identity" else "受信任的密钥"}
            report.add_problem(say("key_deleted", kind=kind, fingerprint=fingerprint(key_id), seq=bound.seq))


def _is_hex64(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


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


_SELECT_EVENTS = "SELECT " + ", ".join(f'"{c}"' for c in _EVENT_COLUMNS) + " FROM audit_event ORDER BY seq"


def _raw_rows(connection: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    """Rows of ``sql`` as plain tuples from the driver's own cursor, one at a time.

    `audit verify` reads every event and record once; SQLAlchemy's result rows cost more
    than hashing a small event, so the pass reads through the DBAPI cursor of the session's
    connection (the same transaction and snapshot). Row by row, not in chunks: a chunk of
    2,000 determinations (~37 MB) was allocated and freed as a whole, and the page faults of
    that memory cost a third of hashing them (issue 13); one row at a time reuses it.
    ``params`` are positional, in the driver's own style (see :func:`_placeholder`)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, tuple(params)) if params else cursor.execute(sql)
        yield from cursor
    finally:
        cursor.close()


def _placeholder(connection: Any) -> str:
    """The DBAPI driver's positional parameter marker (sqlite3: ``?``; psycopg: ``%s``)."""
    return "%s" if connection.dialect.name == "postgresql" else "?"


def _quick_body(values: Sequence[Any]) -> bytes:
    """RFC 8785 of an event body in the common shape (ASCII keys; strings, nulls, one integer),
    as ``trail.canonical_body`` writes it: members in key order, strings escaped by the C
    encoder. Raises TypeError for any other shape (the caller then uses the reference encoder)."""
    seq, occurred_at, actor, action, entity_type, entity_id, reference, before, after, reason, prev_hash = values[:11]
    if type(seq) is not int:
        raise TypeError("seq")
    e = _encode_string
    return (
        f'{{"action":{e(action)},"actor":{e(actor)},"after":{"null" if after is None else e(after)},'
        f'"before":{"null" if before is None else e(before)},'
        f'"dossier_reference":{"null" if reference is None else e(reference)},"entity_id":{e(entity_id)},'
        f'"entity_type":{e(entity_type)},"occurred_at":{e(occurred_at)},"prev_hash":{e(prev_hash)},'
        f'"reason":{"null" if reason is None else e(reason)},"seq":{seq}}}'
    ).encode("utf-8")


def _orjson_body(values: Sequence[Any]) -> bytes:
    """The same bytes as :func:`_quick_body`, written by orjson in one C call (~2.5x faster on a
    realistic trail, whose evaluation events carry ~2 KB of ``after``).

    The members are given in RFC 8785 order (the keys are ASCII), so no sorting is asked for;
    for ``str``, ``int`` and ``None`` orjson writes what the C string encoder writes (escaping
    only ``"``, ``\\`` and U+0000–U+001F, short forms where JSON has them; see
    ``reedesk.canonical``). It raises (a TypeError) on a lone surrogate or an integer beyond
    64 bits; the caller then takes the exact path. Either way the shortcut only decides when its
    hash equals the stored one."""
    seq, occurred_at, actor, action, entity_type, entity_id, reference, before, after, reason, prev_hash = values[:11]
    if type(seq) is not int:
        raise TypeError("seq")
    return _orjson_dumps({
        "action": action, "actor": actor, "after": after, "before": before, "dossier_reference": reference,
        "entity_id": entity_id, "entity_type": entity_type, "occurred_at": occurred_at, "prev_hash": prev_hash,
        "reason": reason, "seq": seq,
    })


@dataclass
class Anchor:
    """A head known from outside the database: a note in a checkpoint file, or a pack's head."""

    source: str
    size: int
    root_hash: str  # hex
    signature_ok: bool | None = None  # None: not checked yet (notes are checked only when they disagree)
    signed_by: str | None = None
    kind: str = "checkpoint"
    checkpoint: Any = None  # the parsed note, for a late signature check
    result: str | None = None


def _head_rule(head: TreeHead, desk: DeskKey | None, keys: Mapping[str, bytes]) -> str | None:
    """Why ``head`` is not acceptable (None if it is): from the desk-key event on, only the desk key signs heads."""
    if desk is not None and head.size >= desk.event_seq:
        if head.key_id != desk.key_id:
            return say("head_not_desk_key", key=head.key_id[:16], fingerprint=desk.fingerprint, seq=desk.event_seq)
        return verify_tree_head(head, {desk.key_id: desk.public_key})
    return verify_tree_head(head, keys)  # a head from before the desk key (reedesk 0.1): any key the trail bound


def _anchor_signature(anchor: Anchor, desk_keys: Sequence[DeskKey], certified: Mapping[str, bytes] | None = None) -> bool:
    if anchor.signature_ok is None and anchor.checkpoint is not None:
        from reedesk.audit.note import verify_with_any

        # On a team desk a writer's note is signed by their certified head key (TEAM, issue 12 point 6).
        signer = verify_with_any(anchor.checkpoint, {**(certified or {}), **{d.key_id: d.public_key for d in desk_keys}})
        anchor.signature_ok, anchor.signed_by = signer is not None, signer
    return bool(anchor.signature_ok)


_SELECT_HEADS = "SELECT size, root_hash, signed_at, key_id, signature FROM tree_head ORDER BY id"


def _verify(
    session: Session, progress: Progress | None, public_keys: Mapping[str, bytes] | None, anchors: Sequence[Anchor] = (),
    gather_records: bool = False,
) -> ChainReport:
    connection = session.connection()
    bound, _ = bound_keys(connection)
    keys = dict(public_keys) if public_keys is not None else {k: v.public_key for k, v in bound.items()}
    desk_keys = recorded_desk_keys(connection)
    desk = desk_keys[0] if desk_keys else None
    heads = [TreeHead(*row) for row in _raw_rows(connection, _SELECT_HEADS)]  # all_tree_heads, without ORM rows
    by_size = heads_by_size(heads)
    anchors_by_size: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        anchors_by_size.setdefault(anchor.size, []).append(anchor)
    total = int(connection.execute(text("SELECT count(*) FROM audit_event")).scalar() or 0)
    report = ChainReport(ok=True, events_checked=0, heads_checked=0, latest_head=heads[-1] if heads else None, desk_key=desk)

    fail = report.add_problem

    # A team desk (issue 12 point 6, reedesk.audit.team_heads — TEAM's edit): a head not
    # signed by the desk key counts only with the key certified for the role that wrote it.
    team = team_head_checker(connection, desk)
    for problem in team.problems if team is not None else ():
        fail(problem)
    for index, head in enumerate(heads):
        if team is not None and head.key_id != desk.key_id and head.size >= desk.event_seq:
            reason = team.check(index, head)
        else:
            reason = _head_rule(head, desk, keys)
        if reason:
            fail(say("head_invalid", signed_at=head.signed_at, size=head.size, reason=reason))
    for extra in desk_keys[1:]:
        fail(say("second_desk_key", seq=extra.event_seq, fingerprint=extra.fingerprint, first=desk.event_seq if desk else "?"),
             extra.event_seq)
    for head in by_size.get(0, ()):
        report.heads_checked += 1
        if head.root_hash != EMPTY_ROOT.hex():
            fail(say("empty_head", signed_at=head.signed_at))
    for anchor in anchors_by_size.get(0, ()):
        anchor.result = "ok" if anchor.root_hash == EMPTY_ROOT.hex() else "rewritten"

    frontier = Frontier()
    stack = frontier._stack  # noqa: SLF001 — appended inline below: the loop runs once per event
    expected_seq, prev_hash, chain_broken = 1, GENESIS_HASH, False
    sha256, zero_leaf = hashlib.sha256, b"\x00" * 32
    quick_body = _orjson_body if _orjson_dumps is not None else _quick_body
    heads_at, anchors_at, checked = by_size.get, anchors_by_size.get, 0
    gathered = _Gathered(session) if gather_records else None
    gather = gathered.add if gathered is not None else None
    for values in _raw_rows(connection, _SELECT_EVENTS):
        seq, stored = values[0], values[11]
        digest, recomputed = None, ""
        try:
            quick = sha256(bytes.fromhex(values[10]) + quick_body(values)).digest()
            if quick.hex() == stored:
                digest, recomputed = quick, stored
        except (ValueError, TypeError, UnicodeEncodeError):
            pass
        if digest is None:  # not the fast shape, or changed: the exact RFC 8785 form decides
            try:
                recomputed = recompute_hash(body_of(dict(zip(_EVENT_COLUMNS, values))))
                digest = bytes.fromhex(recomputed)
            except (ValueError, TypeError):
                digest, recomputed = None, ""
        if not chain_broken:
            if seq != expected_seq:
                fail(say("event_missing", seq=expected_seq, next=seq), expected_seq)
                chain_broken = True
            elif values[10] != prev_hash:
                fail(say("event_unlinked", seq=seq, previous=seq - 1), seq)
                chain_broken = True
            elif recomputed != stored:
                fail(say("event_changed", seq=seq, what=_event_what(values[3], values[4], values[5])), seq)
                chain_broken = True
        prev_hash = stored
        expected_seq = seq + 1
        if gathered is not None:
            kind = values[4]
            if kind == "dossier" or kind == "determination":
                gather(values)
        # The leaf is the hash the content *has*, not the one stored beside it, so a head
        # also catches an edited event whose stored hash was left alone (Frontier.append, inline).
        height, h = 0, sha256(b"\x00" + digest).digest() if digest is not None else zero_leaf
        while stack and stack[-1][0] == height:
            h = sha256(b"\x01" + stack.pop()[1] + h).digest()
            height += 1
        stack.append((height, h))
        checked += 1
        frontier.size = checked
        size_heads = heads_at(checked)
        size_anchors = anchors_at(checked)
        if size_heads or size_anchors:
            root_hex = frontier.root().hex()
            for head in size_heads or ():
                report.heads_checked += 1
                if root_hex != head.root_hash:
                    fail(say("head_rewritten", size=head.size, signed_at=head.signed_at), None)
            for anchor in size_anchors or ():
                anchor.result = "ok" if root_hex == anchor.root_hash else "rewritten"
        if progress is not None and checked % 1000 == 0:
            report.events_checked = checked
            progress(checked, total)
    report.events_checked = checked
    report.gathered = gathered

    report.root_hash = frontier.root().hex()
    if heads:
        largest = max(heads, key=lambda h: h.size)
        if largest.size > report.events_checked:
            report.truncated = True
            fail(say("truncated", signed_at=largest.signed_at, size=largest.size, remain=report.events_checked,
                     first=report.events_checked + 1), report.events_checked + 1)
    if desk is None and report.events_checked:
        fail(say("no_desk_key"))
    elif desk is not None and not report.truncated:
        covered = max((h.size for h in heads), default=0)
        if covered < report.events_checked:
            # Every write batch ends with a head in the same transaction, so events after the
            # newest head were written by something other than reedesk (issue 10, point 6).
            fail(say("uncovered", first=covered + 1, last=report.events_checked), covered + 1)
    _judge_anchors(report, anchors, desk_keys, team.certified_keys() if team is not None else None)
    if progress is not None:
        progress(report.events_checked, total)
    return report


def _judge_anchors(
    report: ChainReport, anchors: Sequence[Anchor], desk_keys: Sequence[DeskKey], certified: Mapping[str, bytes] | None = None
) -> None:
    """Turn each outside anchor's comparison into a verdict and, for a bad one, a sentence."""
    size = report.events_checked
    for anchor in anchors:
        if anchor.result is None:  # larger than the trail
            anchor.result = "rolled_back"
        if anchor.result == "ok":
            report.checkpoints_checked += 1
            continue
        if not _anchor_signature(anchor, desk_keys, certified):
            anchor.result = "not_this_desk"
            report.add_problem(say("anchor_not_this_desk", source=anchor.source, events=_counted(anchor.size, "event")))
        elif anchor.result == "rolled_back":
            report.truncated = True
            report.add_problem(say("anchor_rolled_back", source=anchor.source, events=_counted(anchor.size, "event"), size=size,
                                   missing=_counted(anchor.size - size, "event")), size + 1)
        else:
            report.add_problem(say("anchor_rewritten", size=anchor.size, source=anchor.source))


def verify_chain(
    source: Any, progress: Progress | None = None, public_keys: Mapping[str, bytes] | None = None, anchors: Sequence[Anchor] = (),
    *, gather_records: bool = False,
) -> ChainReport:
    """Verify the trail of a :class:`~sqlmodel.Session` or of a desk (anything with ``.db``).

    ``anchors`` are heads known from outside the database (checkpoint notes, packs): each
    must be a prefix of the trail; one larger than the trail is a rollback.
    ``gather_records`` (with a Session): keep, from the same pass, the events that
    :func:`verify_records` compares the records with, so it need not query them again
    in that session.
    """
    if isinstance(source, Session):
        return _verify(source, progress, public_keys, anchors, gather_records)
    read = getattr(source.db, "read", None)  # a snapshot that does not hold the write lock
    with (read() if read is not None else source.db.unit_of_work()) as session:
        return _verify(session, progress, public_keys, anchors)


# ----------------------------------------------------------------------------- stored records
#
# The chain proves the *events* were not changed; the records they describe live in
# other tables, which a person with the SQLite file can edit (drop the trigger, run an
# UPDATE). So every revision, determination and signature is re-hashed and compared
# with the hash the audit event that created it recorded. Record ids can be reused
# after a delete, so the latest event for an id is the one that counts.

_REVISION_TAIL = re.compile(r'[{,]"revision":(\d+),"sha256":"([0-9a-f]{64})"\}$')
_REVISION_ACTIONS = ("create", "update", "import")


def _sha256_text(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _utf8(connection: Any, column: str) -> str:
    """SQL giving a text column's UTF-8 bytes, so a document is hashed as stored without
    decoding it into a Python string and encoding it again."""
    if connection.dialect.name == "postgresql":
        return f"convert_to({column}, 'UTF8')"
    return f"CAST({column} AS BLOB)"


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value) if value is not None else b""


def _json_object(value: str | None) -> dict[str, Any]:
    """The JSON object ``value`` holds, or {} (not JSON, or not an object).

    orjson parses an event body ~3x faster than ``json`` (4,000 evaluation events of ~2 KB were
    a fifth of `audit verify` on a realistic desk, issue 13); on anything it refuses (a lone
    surrogate escape, an integer beyond 64 bits, NaN) ``json.loads`` decides, as before."""
    if not value:
        return {}
    try:
        decoded = _fast_loads(value)
    except ValueError:
        try:
            decoded = json.loads(value)
        except ValueError:
            return {}
    return decoded if isinstance(decoded, dict) else {}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the trail and the records are checked (reference counting
    still frees everything they drop).

    The pass keeps a few hundred thousand short-lived containers alive at a time (rows, parsed event
    bodies, the indexes it compares with); on a 6,606-event desk they set off one full collection of the
    whole process heap and ~130 young ones, ~70 ms of a ~500 ms verify (issue 13), more in the window's
    process. Turned back on only if it was on; ``services.evidence.collector_paused`` pauses it for an export
    the same way, and whichever of the two ends last leaves it on."""
    with collector.collector_paused():  # one counter with evaluations and exports (reedesk.collector)
        yield


class _Gathered:
    """The dossier and determination events, collected by the chain pass (one read of the trail, issue 13)
    for :func:`verify_records` in the same session: what :func:`recorded_revisions`,
    :func:`_recorded_by_id`, :func:`_deletions` and the summaries' event queries select, in seq order."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.saves: list[tuple[int, str, str]] = []  # (seq, reference, after) of create/update/import with an after
        self.evaluations: list[tuple[int, str | None, str | None]] = []  # (seq, after, dossier reference)
        self.signings: list[tuple[int, str | None, str | None]] = []
        self.deletions: dict[str, list[int]] = {}
        self.first_created: dict[str, int] = {}  # reference -> min seq of its create/import events
        self.last_saved: dict[str, int] = {}  # reference -> max seq of its create/import/update events

    def add(self, values: Sequence[Any]) -> None:
        seq, action, kind, entity_id, after = values[0], values[3], values[4], values[5], values[8]
        if kind == "dossier":
            if action == "create" or action == "import" or action == "update":
                if after is not None:
                    self.saves.append((seq, entity_id, after))
                if action != "update" and entity_id not in self.first_created:
                    self.first_created[entity_id] = seq
                self.last_saved[entity_id] = seq
            elif action == "delete":
                self.deletions.setdefault(entity_id, []).append(seq)
        elif action == "evaluate":
            self.evaluations.append((seq, after, values[6]))
        elif action == "sign":
            self.signings.append((seq, after, values[6]))

    def usable_in(self, session: Any) -> bool:
        return self.session is session


def _gathered_for(session: Any, report: ChainReport) -> _Gathered | None:
    gathered = report.gathered
    return gathered if gathered is not None and gathered.usable_in(session) else None


def recorded_revisions(connection: Any, rows: Any = None) -> dict[tuple[str, int], tuple[int, str]]:
    """(reference, revision) → (seq, sha256) from the events that stored revisions.

    A save event's ``after`` is canonical JSON ending in ``,"revision":N,"sha256":"…"}``
    (members sorted, the document first), so the two values are read from the tail
    without parsing a whole dossier document per event.
    """
    found: dict[tuple[str, int], tuple[int, str]] = {}
    if rows is None:
        rows = _raw_rows(connection, (
            "SELECT seq, entity_id, after FROM audit_event WHERE entity_type = 'dossier' "
            "AND action IN ('create', 'update', 'import') AND after IS NOT NULL ORDER BY seq"
        ))
    tail = _REVISION_TAIL.search
    for seq, reference, after in rows:
        match = tail(after)
        if match:
            found[(reference, int(match.group(1)))] = (seq, match.group(2))
            continue
        body = _json_object(after)
        if isinstance(body.get("revision"), int) and isinstance(body.get("sha256"), str):
            found[(reference, body["revision"])] = (seq, body["sha256"])
    return found


# The members of a determination event's ``after`` that verify_records compares: the rest of a parsed body
# (an evaluation's twelve packs, say) is dropped at once, so 4,000 bodies do not stay alive as ~60,000
# containers that set off a full collection of the process heap (issue 13).
_KEPT = {
    "evaluate": ("determination_id", "sha256", "revision", "outcome", "as_of"),
    "sign": ("signature_id", "envelope_sha256", "signer"),
}


def _recorded_by_id(
    connection: Any, action: str, id_field: str, rows: Any = None
) -> dict[int, tuple[int, dict[str, Any], str | None]]:
    """Record id → (seq, after, dossier reference) for the determination events of ``action`` (evaluate, sign);
    ``after`` holds only the members verify_records compares (``_KEPT``)."""
    found: dict[int, tuple[int, dict[str, Any], str | None]] = {}
    if rows is None:
        rows = _raw_rows(
            connection,
            "SELECT seq, after, dossier_reference FROM audit_event WHERE entity_type = 'determination' "
            f"AND action = {_placeholder(connection)} ORDER BY seq",
            (action,),
        )
    kept = _KEPT.get(action)
    for seq, after, reference in rows:
        body = _json_object(after)
        if isinstance(body.get(id_field), int):
            if kept is not None:
                body = {name: body[name] for name in kept if name in body}
            found[body[id_field]] = (seq, body, reference)
    return found


def _deletions(connection: Any) -> dict[str, list[int]]:
    """Dossier reference → seqs of its recorded deletions (tombstones)."""
    found: dict[str, list[int]] = {}
    for seq, reference in _raw_rows(connection, (
        "SELECT seq, entity_id FROM audit_event WHERE action = 'delete' AND entity_type = 'dossier' ORDER BY seq"
    )):
        found.setdefault(reference, []).append(seq)
    return found


def _deleted_after(deletions: Mapping[str, list[int]], reference: str | None, seq: int) -> bool:
    return reference is not None and any(d > seq for d in deletions.get(reference, ()))


def verify_records(session: Session, report: ChainReport) -> None:
    """Re-hash every revision, determination and signature and compare with the audit trail.

    Adds one problem per inconsistent record to ``report``, naming it; the first one
    found (revisions first, then determinations, then signatures, each in id order) is
    the headline unless the chain itself was already broken. Then the other way round:
    every record an event created must still exist, unless a later deletion event
    (tombstone) of its dossier says why it is gone; and the summary columns of each
    dossier (current revision, last outcome, signed flag) must be what the records say.
    """
    connection = session.connection()
    fail = report.add_problem
    gathered = _gathered_for(session, report)
    report.gathered = None  # used once: a later call reads the events itself
    deletions = gathered.deletions if gathered is not None else _deletions(connection)

    revisions = recorded_revisions(connection, gathered.saves if gathered is not None else None)
    present_revisions: set[tuple[str, int]] = set()
    checked = 0
    rows = _raw_rows(connection, (
        f"SELECT r.number, {_utf8(connection, 'r.document')}, r.sha256, d.reference, r.id, r.dossier_id FROM dossier_revision r "
        "JOIN dossier d ON d.id = r.dossier_id ORDER BY r.id"
    ))
    sha256 = hashlib.sha256
    # What the dossier summaries are checked against, gathered on the way (verify_dossier_summaries):
    # revision id -> (number, reference); (dossier id, number) -> revision ids; the newest determination
    # of each revision; which revisions have a signed determination.
    revision_of: dict[int, tuple[int, str]] = {}
    derived = _Derived()
    for number, document, digest, reference, revision_id, dossier_id in rows:
        checked += 1
        present_revisions.add((reference, number))
        revision_of[revision_id] = (number, reference)
        derived.add_revision(revision_id, dossier_id, number)
        recorded = revisions.get((reference, number))
        if sha256(_as_bytes(document)).hexdigest() != digest:
            if recorded is not None and recorded[1] == digest:
                fail(say("revision_altered_recorded", number=number, reference=reference, seq=recorded[0]))
            else:
                fail(say("revision_altered", number=number, reference=reference))
        elif recorded is None:
            fail(say("revision_added", number=number, reference=reference))
        elif recorded[1] != digest:
            fail(say("revision_hash_changed", number=number, reference=reference, seq=recorded[0]))
    report.revisions_checked = checked
    for (reference, number), (seq, _digest) in revisions.items():
        if (reference, number) not in present_revisions and not _deleted_after(deletions, reference, seq):
            fail(say("revision_deleted", number=number, reference=reference, seq=seq))

    evaluations = _recorded_by_id(connection, "evaluate", "determination_id", gathered.evaluations if gathered is not None else None)
    present_determinations: set[int] = set()
    checked = 0
    # No JOIN: each row's revision is looked up in the revisions just read (the JOIN cost ~15 % of
    # reading the determinations). A determination whose revision (or that revision's dossier) is
    # not stored is left out, as the JOIN left it out.
    rows = _raw_rows(connection, (
        f"SELECT t.id, {_utf8(connection, 't.document')}, t.sha256, t.revision_id, t.outcome, t.as_of FROM determination t ORDER BY t.id"
    ))
    for determination_id, document, digest, revision_id, outcome, as_of in rows:
        found = revision_of.get(revision_id)
        if found is None:
            continue
        number, reference = found
        derived.add_determination(determination_id, revision_id, outcome, as_of)
        checked += 1
        present_determinations.add(determination_id)
        recorded = evaluations.get(determination_id)
        if sha256(_as_bytes(document)).hexdigest() != digest:
            name = say("determination_name", id=determination_id, number=number, reference=reference)
            if recorded is not None and recorded[1].get("sha256") == digest:
                fail(say("determination_altered_recorded", name=name, seq=recorded[0]))
            else:
                fail(say("determination_altered", name=name))
        elif recorded is None:
            fail(say("record_added", name=say("determination_name", id=determination_id, number=number, reference=reference)))
        elif recorded[1].get("sha256") != digest:
            fail(say("determination_hash_changed", name=say("determination_name", id=determination_id, number=number, reference=reference),
                     seq=recorded[0]))
        elif recorded[1].get("revision") not in (None, number):
            fail(say("determination_moved", name=say("determination_name", id=determination_id, number=number, reference=reference),
                     seq=recorded[0], revision=recorded[1].get("revision")))
        elif (recorded[1].get("outcome"), recorded[1].get("as_of")) != (outcome, as_of):
            # The event recorded the outcome and date of exactly this document (its SHA-256 matched
            # above), so the columns agree with it without parsing the document; when they do not,
            # the document decides which was edited.
            body = _json_object(_as_bytes(document).decode("utf-8", "replace"))
            if (body.get("outcome"), body.get("as_of")) != (outcome, as_of):
                fail(say("determination_columns", name=say("determination_name", id=determination_id, number=number, reference=reference)))
            elif "outcome" in recorded[1]:
                fail(say("determination_outcome_changed", seq=recorded[0],
                         name=say("determination_name", id=determination_id, number=number, reference=reference)))
    report.determinations_checked = checked
    for determination_id, (seq, body, reference) in evaluations.items():
        if determination_id not in present_determinations and not _deleted_after(deletions, reference, seq):
            of = ({"en": reference, "zh-Hant": f"卷宗 {reference} 的", "zh-Hans": f"卷宗 {reference} 的"} if reference else
                  {"en": "an unknown dossier", "zh-Hant": "未知卷宗的", "zh-Hans": "未知卷宗的"})
            fail(say("determination_deleted", id=determination_id, reference=of, seq=seq))

    signings = _recorded_by_id(connection, "sign", "signature_id", gathered.signings if gathered is not None else None)
    present_signatures: set[int] = set()
    rows = _raw_rows(connection, (
        f"SELECT id, determination_id, {_utf8(connection, 'envelope')}, key_id, signer_name, signer_role, signer_organisation "
        "FROM signature ORDER BY id"
    ))
    for signature_id, determination_id, envelope, key_id, signer_name, signer_role, signer_organisation in rows:
        present_signatures.add(signature_id)
        derived.add_signature(determination_id)
        recorded = signings.get(signature_id)
        name = say("signature_name", id=signature_id, determination=determination_id)
        if recorded is None:
            fail(say("record_added", name=name))
            continue
        expected = recorded[1].get("envelope_sha256")
        digest = sha256(_as_bytes(envelope)).hexdigest()
        if digest != expected:
            try:
                digest = hashlib.sha256(canonical_bytes(json.loads(_as_bytes(envelope)))).hexdigest()
            except (ValueError, TypeError):
                digest = ""
        if digest != expected:
            fail(say("signature_envelope_changed", name=name, seq=recorded[0]))
            continue
        signer = recorded[1].get("signer") if isinstance(recorded[1].get("signer"), dict) else {}
        shown = {"name": signer_name, "role": signer_role, "organisation": signer_organisation, "key_id": key_id}
        if any(signer.get(k) != v for k, v in shown.items()):
            fail(say("signature_signer_changed", name=name, seq=recorded[0]))
    for signature_id, (seq, _body, reference) in signings.items():
        if signature_id not in present_signatures:
            fail(say("signature_deleted_of", id=signature_id, reference=reference, seq=seq) if reference else
                 say("signature_deleted", id=signature_id, seq=seq))

    verify_dossier_summaries(connection, report, deletions, derived, gathered)


class _Derived:
    """The records behind each dossier's summary columns, gathered while verify_records reads them, so the
    summaries need not be recomputed by four correlated subqueries per dossier (issue 13). It answers what
    the SQL in :func:`verify_dossier_summaries` answers, over the same rows: revisions whose dossier is
    stored, determinations whose revision is, signatures whose determination is."""

    def __init__(self) -> None:
        self.highest: dict[int, int] = {}  # dossier id -> highest revision number
        self.revisions: dict[tuple[int, int], list[int]] = {}  # (dossier id, number) -> revision ids
        self.newest: dict[int, tuple[int, str | None, str | None]] = {}  # revision id -> newest (id, outcome, as_of)
        self.determination_revision: dict[int, int] = {}  # determination id -> revision id
        self.signed: set[int] = set()  # revision ids with a signed determination

    def add_revision(self, revision_id: int, dossier_id: int, number: int) -> None:
        if number is not None and (dossier_id not in self.highest or number > self.highest[dossier_id]):
            self.highest[dossier_id] = number
        self.revisions.setdefault((dossier_id, number), []).append(revision_id)

    def add_determination(self, determination_id: int, revision_id: int, outcome: str | None, as_of: str | None) -> None:
        self.determination_revision[determination_id] = revision_id
        newest = self.newest.get(revision_id)
        if newest is None or determination_id > newest[0]:
            self.newest[revision_id] = (determination_id, outcome, as_of)

    def add_signature(self, determination_id: int) -> None:
        revision_id = self.determination_revision.get(determination_id)
        if revision_id is not None:
            self.signed.add(revision_id)

    def summary(self, dossier_id: int, current: int) -> tuple[int | None, str | None, str | None, bool]:
        """(highest revision, outcome and as-of of the current revision's newest determination, signed?)."""
        ids = self.revisions.get((dossier_id, current), ())
        newest = max((self.newest[r] for r in ids if r in self.newest), default=None)
        outcome, as_of = (newest[1], newest[2]) if newest is not None else (None, None)
        return self.highest.get(dossier_id), outcome, as_of, any(r in self.signed for r in ids)


def _only_scenarios_after(connection: Any, dossier_id: int, current: int) -> bool:
    """True when every revision numbered after ``current`` is a what-if (scenario) revision,
    which never becomes the current one (FORMATS 0.2), and ``current`` itself exists."""
    rows = connection.execute(
        text("SELECT number, document FROM dossier_revision WHERE dossier_id = :d AND number >= :n"), {"d": dossier_id, "n": current}
    ).all()
    if not any(number == current for number, _ in rows):
        return False
    return all(_json_object(document).get("scenario") is True for number, document in rows if number > current)


def verify_dossier_summaries(
    connection: Any, report: ChainReport, deletions: Mapping[str, list[int]] | None = None, derived: _Derived | None = None,
    gathered: _Gathered | None = None,
) -> None:
    """The dossier row's summary columns are derived data: check each against the records.

    ``current_revision`` is the highest revision; ``last_outcome``/``last_as_of`` are those of
    the newest determination of that revision (none yet: empty); ``signed`` is whether any
    determination of that revision is signed. A dossier an event created must exist unless
    deleted by a recorded event.
    """
    if derived is not None:  # verify_records read every record already
        rows = [
            (reference, current, last_outcome, last_as_of, signed, *derived.summary(dossier_id, current), dossier_id)
            for reference, current, last_outcome, last_as_of, signed, dossier_id in _raw_rows(connection, (
                "SELECT reference, current_revision, last_outcome, last_as_of, signed, id FROM dossier ORDER BY id"
            ))
        ]
    else:
        rows = _summary_rows(connection)
    _judge_summaries(connection, report, rows, deletions, gathered)


def _summary_rows(connection: Any) -> list[Any]:
    return connection.execute(text(
        "SELECT d.reference, d.current_revision, d.last_outcome, d.last_as_of, d.signed, "
        "(SELECT max(number) FROM dossier_revision WHERE dossier_id = d.id), "
        "(SELECT t.outcome FROM determination t JOIN dossier_revision r ON r.id = t.revision_id "
        "  WHERE r.dossier_id = d.id AND r.number = d.current_revision ORDER BY t.id DESC LIMIT 1), "
        "(SELECT t.as_of FROM determination t JOIN dossier_revision r ON r.id = t.revision_id "
        "  WHERE r.dossier_id = d.id AND r.number = d.current_revision ORDER BY t.id DESC LIMIT 1), "
        "EXISTS (SELECT 1 FROM signature s JOIN determination t ON t.id = s.determination_id "
        "  JOIN dossier_revision r ON r.id = t.revision_id WHERE r.dossier_id = d.id AND r.number = d.current_revision), "
        "d.id "
        "FROM dossier d ORDER BY d.id"
    )).all()


def _judge_summaries(
    connection: Any, report: ChainReport, rows: Sequence[Any], deletions: Mapping[str, list[int]] | None,
    gathered: _Gathered | None = None,
) -> None:
    present: set[str] = set()
    for reference, current, last_outcome, last_as_of, signed, highest, outcome, as_of, is_signed, dossier_id in rows:
        present.add(reference)
        if highest is not None and current != highest and not _only_scenarios_after(connection, dossier_id, current):
            report.add_problem(say("dossier_current", reference=reference, current=current, highest=highest))
            continue
        if (last_outcome, last_as_of) != (outcome, as_of):
            report.add_problem(say("dossier_outcome", reference=reference, shown=_outcome_words(last_outcome), shown_as_of=last_as_of or "-",
                                   outcome=_outcome_words(outcome), as_of=as_of or "-"))
        if bool(signed) != bool(is_signed):
            report.add_problem(say("dossier_marked_signed" if signed else "dossier_marked_unsigned", reference=reference))
    deletions = deletions if deletions is not None else _deletions(connection)
    # (by reference, the order SQLite's GROUP BY gives)
    created = sorted(gathered.first_created.items()) if gathered is not None else connection.execute(text(
        "SELECT min(seq), entity_id FROM audit_event WHERE entity_type = 'dossier' AND action IN ('create', 'import') GROUP BY entity_id"
    ))
    for item in created:
        reference, seq = item if gathered is not None else (item[1], item[0])
        if reference not in present:
            latest = gathered.last_saved.get(reference) if gathered is not None else connection.execute(text(
                "SELECT max(seq) FROM audit_event WHERE entity_type = 'dossier' AND entity_id = :r AND action IN ('create', 'import', 'update')"
            ), {"r": reference}).scalar()
            if not _deleted_after(deletions, reference, latest or seq):
                report.add_problem(say("dossier_deleted", reference=reference, seq=seq))


def _outcome_words(outcome: str | None) -> dict[str, str]:
    """An outcome code as the report names it: the code in English ("none" when empty); in Chinese its name (a known
    outcome: no internal code in Chinese output, session 14), or the stored text itself in brackets when it is no
    outcome reedesk knows (what the attacker wrote is the evidence)."""
    from reedesk.vocabulary import known, label

    said = {"en": outcome or "none"}
    for language, nothing in (("zh-Hant", "無"), ("zh-Hans", "无")):
        if not outcome:
            said[language] = nothing
        elif known("outcome", outcome):
            said[language] = label("outcome", outcome, language)
        else:
            said[language] = f"（{outcome}）"
    return said

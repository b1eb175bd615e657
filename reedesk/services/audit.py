"""Use cases on the audit trail: list events, verify the trail, prove a dossier's events.

Reading only: nothing here writes. Services that change data append events themselves
(``reedesk.audit.trail.append_event``) in their own unit of work.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from sqlalchemy import func
from sqlalchemy import text as sa_text
from sqlmodel import select

from reedesk import vocabulary
from reedesk.audit.checkpoints import event_leaf_hashes, latest_tree_head
from reedesk.audit.merkle import MerkleTree, consistency_proof_hashes, root_of_hashes
from reedesk.audit.proofs import ProofsResult, build_dossier_proofs
from reedesk.audit.proofs import verify_dossier_proofs as _verify_dossier_proofs
from reedesk.audit.trail import decode_value
from reedesk.audit.verify import ChainReport, Progress, _outcome_words, known_public_keys, say, verify_chain
from reedesk.errors import NotFound, ReedeskError
from reedesk.services.desk import Desk
from reedesk.store.models import AuditEventRow, DossierRow

if TYPE_CHECKING:
    from reedesk.audit.verify import Anchor

__all__ = [
    "AuditEntry", "ChainReport", "ProofsResult", "KNOWN_ACTIONS", "audit_log", "audit_actors", "check_log_filter", "count_audit_events", "verify_audit",
    "proofs_for_dossier", "verify_dossier_proofs", "inclusion_proof_for_event", "consistency_between",
    "DeskKeyInfo", "desk_key_info", "desk_checkpoint_path", "latest_checkpoint", "write_latest_checkpoint", "anchors_from_path",
    "rerun_determinations", "trail_extends", "checkpoints_in_file", "KnownCheckpoint",
]


def _reading(desk: Desk) -> Any:
    """A read-only unit of work (a snapshot that never waits for writers) where the store has one.

    Everything here only reads; `audit verify` of a big desk takes seconds and must not hold
    the write lock meanwhile."""
    read = getattr(desk.db, "read", None)
    return read() if read is not None else desk.db.unit_of_work()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: str
    actor: str
    action: str
    entity_type: str
    entity_id: str
    dossier_reference: str | None
    before: Any
    after: Any
    reason: str | None
    hash: str


def _entry(row: AuditEventRow) -> AuditEntry:
    return AuditEntry(
        row.seq, row.occurred_at, row.actor, row.action, row.entity_type, row.entity_id,  # type: ignore[arg-type]
        row.dossier_reference, decode_value(row.before), decode_value(row.after), row.reason, row.hash,
    )


# Key events are recorded with verbs like every other event (``create``/``retire`` of an
# ``identity``, ``trust`` of a ``trusted_key``); the filter ``action="key"`` selects them all.
KEY_ENTITY_TYPES = ("identity", "trusted_key", "desk_key")


# Every action reedesk records (plus "key", the filter for all key events): the one list of the
# vocabulary (resources/vocabulary/catalogue.toml, kind "audit_action"), named there in three languages.
KNOWN_ACTIONS: tuple[str, ...] = vocabulary.codes("audit_action")


def check_log_filter(desk: Desk, dossier_reference: str | None = None, action: str | None = None) -> None:
    """Refuse a filter that cannot match because it names nothing that exists.

    A misspelt reference or action would otherwise print "no events" and exit 0, which
    reads like "nothing happened". A deleted dossier still has events, so a reference
    is accepted when the dossier exists or the trail mentions it.
    """
    with _reading(desk) as session:
        if action is not None:
            recorded = set(session.exec(select(AuditEventRow.action).distinct()))
            if action not in KNOWN_ACTIONS and action not in recorded:
                raise ReedeskError.coded("audit_there_audit_action_choose", action=action, join=', '.join(KNOWN_ACTIONS))
        if dossier_reference is not None:
            exists = session.exec(select(DossierRow.id).where(DossierRow.reference == dossier_reference)).first()
            mentioned = session.exec(
                select(AuditEventRow.seq).where(AuditEventRow.dossier_reference == dossier_reference).limit(1)
            ).first()
            if exists is None and mentioned is None:
                raise NotFound.coded("audit_dossier_reference_audit_trail", dossier_reference=dossier_reference)


def _filtered(query: Any, dossier_reference: str | None, action: str | None, actor: str | None = None) -> Any:
    if actor is not None:
        query = query.where(AuditEventRow.actor == actor)
    if dossier_reference is not None:
        query = query.where(AuditEventRow.dossier_reference == dossier_reference)
    if action == "key":
        query = query.where(AuditEventRow.entity_type.in_(KEY_ENTITY_TYPES))  # type: ignore[attr-defined]
    elif action is not None:
        query = query.where(AuditEventRow.action == action)
    return query


def audit_log(
    desk: Desk,
    dossier_reference: str | None = None,
    action: str | None = None,
    offset: int = 0,
    limit: int | None = None,
    *,
    newest_first: bool = False,
    actor: str | None = None,
) -> list[AuditEntry]:
    """One page of events, oldest first unless ``newest_first`` (the GUI pages lazily); ``actor``
    keeps only the events of one recorded actor."""
    query = _filtered(select(AuditEventRow), dossier_reference, action, actor)
    query = query.order_by(AuditEventRow.seq.desc() if newest_first else AuditEventRow.seq).offset(offset)  # type: ignore[union-attr]
    if limit is not None:
        query = query.limit(limit)
    with _reading(desk) as session:
        return [_entry(r) for r in session.exec(query)]


def audit_actors(desk: Desk) -> list[str]:
    """Every actor the trail records, for the GUI's person filter."""
    with _reading(desk) as session:
        return sorted(a for a in session.exec(select(AuditEventRow.actor).distinct()) if a)


def count_audit_events(desk: Desk, dossier_reference: str | None = None, action: str | None = None, *,
                       actor: str | None = None) -> int:
    query = _filtered(select(func.count()).select_from(AuditEventRow), dossier_reference, action, actor)
    with _reading(desk) as session:
        return int(session.exec(query).one())


@dataclass(frozen=True)
class DeskKeyInfo:
    """The desk's head-signing key as its audit event recorded it (for `audit verify` and packs)."""

    key_id: str
    fingerprint: str
    public_key: str  # raw Ed25519, hex
    created_at: str
    event_seq: int
    origin: str  # the checkpoint origin line
    note_key_name: str  # the signed-note key name
    verifier_key: str  # the signed-note verifier key string (other tools take it)
    introduced_over: dict[str, Any] | None  # on a desk upgraded from 0.1: the newest head it was introduced over

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def desk_key_info(desk: Desk) -> DeskKeyInfo | None:
    """The desk key recorded in the trail (None on a desk that has none yet)."""
    from reedesk.audit.desk_key import recorded_desk_key
    from reedesk.audit.note import key_name, verifier_key

    with _reading(desk) as session:
        key = recorded_desk_key(session.connection())
    if key is None:
        return None
    name = key_name(key.key_id)
    return DeskKeyInfo(
        key.key_id, key.fingerprint, key.public_key.hex(), key.created_at, key.event_seq, key.origin, name,
        verifier_key(name, key.public_key), key.introduced_over,
    )


def desk_checkpoint_path(desk: Desk) -> Path:
    """The desk's checkpoint file (outside the database): every signed head as a C2SP note."""
    from reedesk.audit.note import checkpoint_file

    return checkpoint_file(desk.home)


def latest_checkpoint(desk: Desk) -> str:
    """The newest signed head as a C2SP ``tlog-checkpoint`` note, signed by the desk key now.

    Signed afresh (the same size and root as the newest head in the database, which a
    write batch signed) so the note is always available, even if the desk's checkpoint
    file was lost. Refuses when the trail's newest head does not match its events.
    On a team desk, a person without the desk key file signs it with her own certified
    head key (as her write batches' notes are; ``audit verify --against`` accepts it).
    """
    from reedesk.audit.desk_key import desk_key_path, recorded_desk_key, unlock_desk_key
    from reedesk.audit.heads import current_frontier
    from reedesk.audit.note import key_name, sign_checkpoint

    key = None
    with _reading(desk) as session:
        connection = session.connection()
        recorded = recorded_desk_key(connection)
        if recorded is None:
            raise ReedeskError.coded("audit_desk_desk_key_yet")
        head = latest_tree_head(session)
        if head is None:
            raise ReedeskError.coded("audit_signed_tree_head_exists")
        frontier = current_frontier(connection)
        certified: dict[str, bytes] = {}
        from reedesk.audit.team_heads import team_head_checker, team_tables_present, writer_key

        team = team_tables_present(connection)
        if team and not desk_key_path(desk.home).exists():  # issue 12 point 6: the desk key stays with the admin
            key = writer_key(connection, desk.home, recorded)
        if head.key_id != recorded.key_id:  # a team desk: a writer's certified head key (issue 12 point 6)
            checker = team_head_checker(connection, recorded)
            # A head a revoked key signed after its revocation gets no checkpoint (reedesk.audit.head_revocation).
            certified = checker.certified_keys() if checker is not None and not checker.newest_head_revoked else {}
    if key is None:
        key = unlock_desk_key(desk.home, recorded)
    if frontier.size != head.size or frontier.root().hex() != head.root_hash or (
        head.key_id not in (key.key_id, recorded.key_id) and head.key_id not in certified
    ):
        raise ReedeskError.coded("audit_newest_signed_tree_head")
    assert key.private_key is not None
    return sign_checkpoint(key.origin, head.size, bytes.fromhex(head.root_hash), key.private_key, key_name(key.key_id), key.public_key)


def write_latest_checkpoint(desk: Desk, out: Path | str) -> Path:
    """``reedesk audit checkpoint --out FILE``: write the newest checkpoint note to ``out``."""
    out = Path(out)
    if out.is_dir():
        raise ReedeskError.coded("audit_folder_give_file_name", out=out, value=out / 'checkpoint.txt')
    if not out.parent.exists():
        raise ReedeskError.coded("applications_folder_does_exist_create", parent=out.parent)
    note = latest_checkpoint(desk)
    temp = out.with_name(f".{out.name}.part")
    temp.write_text(note, encoding="utf-8")
    os.replace(temp, out)
    return out


def anchors_from_path(path: Path | str) -> list["Anchor"]:
    """The outside heads a file holds: every note of a checkpoint file, or the head embedded in an evidence pack."""
    from reedesk.audit.note import CheckpointUnreadable, read_checkpoint_file
    from reedesk.audit.verify import Anchor

    path = Path(path)
    try:
        if not path.is_file() and path.exists():  # a FIFO or a device would block or never end
            raise ReedeskError.coded("audit_given_against_regular_file", path=path)
        with open(path, "rb") as handle:
            magic = handle.read(5)
    except FileNotFoundError:
        raise ReedeskError.coded("audit_file_given_against_does", path=path) from None
    except OSError as exc:
        raise ReedeskError.coded("audit_file_given_against_read", path=path, value=exc.strerror or exc) from None
    if magic == b"%PDF-":
        return [_pack_anchor(path)]
    try:
        notes = read_checkpoint_file(path)
    except CheckpointUnreadable as exc:
        raise ReedeskError.coded("audit_against_checkpoint_unreadable", detail=vocabulary.coded_error(exc)) from None
    return [
        Anchor(say("source_checkpoint", path=path) if len(notes) == 1 else say("source_checkpoint_n", n=i + 1, path=path),
               n.size, n.root_hex, checkpoint=n)
        for i, n in enumerate(notes)
    ]


@dataclass(frozen=True)
class KnownCheckpoint:
    """A head known from a file: its size, RFC 6962 root (hex) and where it came from."""

    size: int
    root_hex: str
    source: str


def checkpoints_in_file(path: Path | str) -> list[KnownCheckpoint]:
    """Every head a checkpoint file or an evidence pack holds (for `reedesk restore --against`);
    :class:`ReedeskError` with one sentence when the file is neither."""
    return [KnownCheckpoint(a.size, a.root_hash, a.source) for a in anchors_from_path(path)]


def _pack_anchor(path: Path) -> "Anchor":
    from reedesk.audit.checkpoints import TreeHead
    from reedesk.audit.verify import Anchor
    from reedesk.evidence.contents import AUDIT_PROOFS_NAME
    from reedesk.evidence.reader import open_pack

    pack = open_pack(path)
    proofs = pack.json_file(AUDIT_PROOFS_NAME)
    head_data = proofs.get("tree_head") if isinstance(proofs, dict) else None
    if not isinstance(head_data, dict):
        raise ReedeskError.coded("audit_evidence_pack_carries_signed", path=path)
    try:
        head = TreeHead.from_dict(head_data)
        bytes.fromhex(head.root_hash)
    except (KeyError, ValueError, TypeError):
        raise ReedeskError.coded("audit_signed_tree_head_evidence", path=path) from None
    return Anchor(say("source_pack", name=path.name), head.size, head.root_hash, kind="pack", checkpoint=head)


def _check_pack_heads(desk: Desk, anchors: list["Anchor"]) -> None:
    """A pack's head counts only if this desk's key (or, for a 0.1 head, a key the trail bound) signed it."""
    from reedesk.audit.checkpoints import verify_tree_head

    with _reading(desk) as session:
        keys = known_public_keys(session)
    for anchor in anchors:
        if anchor.kind == "pack" and anchor.signature_ok is None:
            ok = verify_tree_head(anchor.checkpoint, keys) is None
            anchor.signature_ok, anchor.signed_by = ok, anchor.checkpoint.key_id if ok else None


def _desk_file_anchors(desk: Desk, report_problems: list[str]) -> list["Anchor"]:
    """The desk's own checkpoint file and the copy of the latest checkpoint kept in the
    user's config folder: both outside the database, so a restored older database or a cut
    trail disagrees with them."""
    from reedesk.audit.heads import outside_copy_path
    from reedesk.audit.note import CheckpointUnreadable, read_checkpoint_file
    from reedesk.audit.verify import Anchor

    anchors: list[Anchor] = []
    path = desk_checkpoint_path(desk)
    if path.exists():
        try:
            notes = read_checkpoint_file(path)
        except CheckpointUnreadable as exc:
            report_problems.append(say("checkpoint_file_damaged", problem=vocabulary.coded_error(exc)))
            notes = []
        anchors += [Anchor(say("source_desk_file", n=i + 1, name=path.name), n.size, n.root_hex,
                           kind="desk-file", checkpoint=n) for i, n in enumerate(notes)]
    copy = outside_copy_path(desk.home)
    if copy is not None and copy.exists():
        try:
            notes = read_checkpoint_file(copy)
        except CheckpointUnreadable as exc:
            report_problems.append(say("checkpoint_copy_damaged", problem=vocabulary.coded_error(exc)))
            notes = []
        anchors += [Anchor(say("source_copy", path=copy), n.size, n.root_hex, kind="outside-copy", checkpoint=n)
                    for n in notes[-1:]]
    return anchors


def trail_extends(desk: Desk, size: int, root_hex: str) -> tuple[bool, int]:
    """Whether the desk's trail extends a checkpoint of ``size`` events and root ``root_hex``:
    ``(True, 0)`` if its first ``size`` events have that root; ``(False, n)`` if the trail is
    ``n`` events shorter (rolled back or truncated); ``(False, 0)`` if it was rewritten.
    For `reedesk restore` (H4): read the size and root with ``reedesk.audit.note.parse_checkpoint``."""
    with _reading(desk) as session:
        leaves = event_leaf_hashes(session)
    if size > len(leaves):
        return False, size - len(leaves)
    return root_of_hashes(leaves[:size]).hex() == root_hex, 0


def verify_audit(
    desk: Desk, progress: Progress | None = None, *, against: Sequence[Path | str] = (), rerun: bool = True
) -> ChainReport:
    """Recompute the whole trail, re-hash every stored record against it, check every
    signature, re-run the rules for every determination, and check the trail against the
    desk's checkpoint file and every ``against`` file (checkpoint notes or packs)
    (``reedesk audit verify [--against FILE…]``).

    ``progress(done, total)`` reports events read, for the GUI's progress dialog. A
    signature that no longer verifies (its determination was changed in the file, say)
    makes the report fail too, after any chain problem. The re-run's count and rate are
    reported apart (``reproduced``, ``not_reproduced``, ``reproduce_seconds``).
    """
    from reedesk.audit.integrity import missing_triggers, trigger_problem
    from reedesk.audit.verify import collector_paused, verify_keys, verify_records
    from reedesk.services.signing import verify_all_signatures

    with collector_paused():  # not around the re-runs: they allocate for seconds (verify.collector_paused)
        outside = [a for path in against for a in anchors_from_path(path)]
        _check_pack_heads(desk, outside)
        late: list[str] = []
        own = _desk_file_anchors(desk, late)
        with _reading(desk) as session:  # one snapshot: the records are compared with the events just read
            report = verify_chain(session, progress, anchors=outside + own, gather_records=True)
            for message in late:
                report.add_problem(message)
            verify_keys(session, report)
            verify_records(session, report)
            from reedesk.licences.integrity import verify_licence_records  # the licence register (migration 0004)

            verify_licence_records(session.connection(), report.add_problem)
        verdicts = verify_all_signatures(desk)
        report.signatures_checked = len(verdicts)
        for verdict in verdicts:
            if not verdict.ok:
                sig = verdict.signature
                report.add_problem(say("signature_invalid", id=sig.id, determination=sig.determination_id, signer=sig.signer_name,
                                       meaning=sig.meaning, reason=verdict.reason))
    if rerun:
        rerun_determinations(desk, report)
    with _reading(desk) as session:
        problem = trigger_problem(missing_triggers(session.connection()))
    if problem:
        report.add_problem(problem)
    _prove_consistency(desk, report, outside)
    return report


def _prove_consistency(desk: Desk, report: ChainReport, anchors: Sequence["Anchor"]) -> None:
    """For each outside checkpoint the trail extends: an RFC 6962 consistency proof from it to the trail, checked."""
    from reedesk.audit.merkle import verify_consistency

    if not anchors:
        return
    with _reading(desk) as session:
        leaves = event_leaf_hashes(session)
    size = len(leaves)
    new_root = root_of_hashes(leaves)
    for anchor in anchors:
        entry: dict[str, Any] = {"source": anchor.source, "size": anchor.size, "root_hash": anchor.root_hash,
                                 "result": anchor.result, "trail_size": size, "trail_root": new_root.hex()}
        if anchor.result == "ok" and anchor.size <= size:
            proof = consistency_proof_hashes(anchor.size, size, leaves)
            proved = verify_consistency(anchor.size, size, bytes.fromhex(anchor.root_hash), new_root, proof)
            entry["consistency_proof"] = [p.hex() for p in proof]
            entry["proved"] = proved
            if not proved:
                report.add_problem(say("no_consistency", source=anchor.source))
        elif anchor.result == "rolled_back":
            entry["missing_events"] = anchor.size - size
        report.anchors.append(entry)


def rerun_determinations(desk: Desk, report: ChainReport) -> None:
    """Re-run the rules for every stored determination with its recorded packs, engine and frozen inputs.

    A determination that does not reproduce byte for byte is named (issue 10, point 4):
    someone stored an outcome the rules did not give. The count and time are kept apart
    from the hash and signature checks (``report.reproduced``, ``reproduce_seconds``).
    """
    import time

    started = time.perf_counter()
    reproduce = _reproduce_with_parsed_packs
    texts = pack_texts_by_hash(desk)
    reproduced = failed = 0
    with _reading(desk) as session:
        rows = session.connection().execute(sa_text(
            "SELECT t.id, t.document, r.number, d.reference, r.document FROM determination t "
            "JOIN dossier_revision r ON r.id = t.revision_id JOIN dossier d ON d.id = r.dossier_id ORDER BY t.id"
        )).all()
    released = _released_pack_keys()
    skipped = 0
    current_seconds = 0.0
    report.compared_current = report.superseded = report.current_unread = 0
    for determination_id, document_text, number, reference, snapshot_text in rows:
        name = say("determination_name", id=determination_id, number=number, reference=reference)
        missing = _missing_released_packs(document_text, texts, released)
        if missing:
            # Made with a pack an earlier reedesk shipped whose text this installation no longer
            # bundles: it cannot be re-run here, which is not evidence of a forgery (the pack is
            # known by its hash). Importing that pack file (`reedesk rules import`) lets it re-run.
            skipped += 1
            packs = {language: ("、" if language != "en" else ", ").join(m.text(language) for m in missing)
                     for language in ("en", "zh-Hant", "zh-Hans")}
            report.notes.append(say("not_rerun", name=name, packs=packs))
            continue
        rerun: list[Any] = []
        problem = reproduction_problem(document_text, texts, reproduce, snapshot_text, rerun=rerun)
        if problem is None:
            reproduced += 1
            if rerun:  # made by an older engine: what the current engine answers (REVIEW8b 2)
                asked = time.perf_counter()
                _ask_current_engine(name, *rerun, report)
                current_seconds += time.perf_counter() - asked
        else:
            failed += 1
            report.add_problem(say("not_reproduced", name=name, problem=problem))
    report.reproduced, report.not_reproduced, report.not_rerun = reproduced, failed, skipped
    report.current_seconds = current_seconds
    report.reproduce_seconds = time.perf_counter() - started


def _ask_current_engine(name: Any, document: dict[str, Any], pack_texts: Sequence[str], report: ChainReport) -> None:
    """The current engine's answer for a stored determination an older engine made and that reproduced: a note
    when it answers otherwise (its reading is superseded) or cannot be asked — never a problem, the trail is intact and
    the document is what its engine gave (reedesk.rules.current_reading; the verifier's rules_reproduce says the same)."""
    from reedesk.rules.current_reading import current_reading

    try:
        packs = [parsed_pack(text, f"embedded rule pack {i + 1}") for i, text in enumerate(pack_texts)]
    except Exception:  # noqa: BLE001 — a pack the current parser refuses (a first-format one it cannot read)
        packs = [None]
    found = current_reading(document, packs)
    if found is None:
        return
    report.compared_current = (report.compared_current or 0) + 1
    if found.unread is not None:
        report.current_unread = (report.current_unread or 0) + 1
        report.notes.append(say("current_unread", name=name, made_by=found.made_by, current=found.current, problem=found.unread))
    elif found.superseded:
        report.superseded = (report.superseded or 0) + 1
        report.notes.append(say("superseded", name=name, made_by=found.made_by, current=found.current, differences=found.said()))


# Parsed rule packs by the SHA-256 of their text (issue 13): re-running a desk's
# determinations parsed the same dozen TOML texts once per determination, 80 % of a
# re-run. A parsed pack is a frozen dataclass nothing mutates and parsing is a pure
# function of the text, so each text is parsed once per process (a text that fails to
# parse is not kept: its error is raised every time, as before).
_PARSED_MAX = 64
_parsed_packs: "OrderedDict[tuple[str, str], Any]" = OrderedDict()
_parsed_lock = threading.Lock()


def parsed_pack(text: str, source: str) -> Any:
    """``reedesk.rules.packs.parse_pack(text, source)``, parsed once per text and source."""
    import hashlib

    from reedesk.rules.packs import parse_pack

    key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), source)
    with _parsed_lock:
        found = _parsed_packs.get(key)
        if found is not None:
            _parsed_packs.move_to_end(key)
            return found
    pack = parse_pack(text, source)
    with _parsed_lock:
        _parsed_packs[key] = pack
        while len(_parsed_packs) > _PARSED_MAX:
            _parsed_packs.popitem(last=False)
    return pack


def _reproduce_with_parsed_packs(document: dict[str, Any], pack_texts: Sequence[str]) -> dict[str, Any]:
    """``services.evaluation.reproduce`` with the current engine's packs from :func:`parsed_pack`
    (a determination of another engine version goes the usual way, parsing as it needs)."""
    from reedesk.rules import OTHER_SHAPE_ENGINE_VERSIONS, engine, engine_version_of, reproduce_with_engine

    parsed = None
    if engine_version_of(document) in (engine.ENGINE_VERSION, *OTHER_SHAPE_ENGINE_VERSIONS):  # same engine, other shape
        parsed = [parsed_pack(text, f"embedded rule pack {i + 1}") for i, text in enumerate(pack_texts)]
    return reproduce_with_engine(document, pack_texts, parsed=parsed)


def _released_pack_keys() -> set[tuple[str, str, str]]:
    try:
        from reedesk.evidence.known_packs import RELEASED_PACKS
    except ImportError:  # pragma: no cover
        return set()
    return {(i, str(v), h) for i, v, h in RELEASED_PACKS}


def _missing_released_packs(
    document_text: str, texts: Mapping[tuple[str, str, str], str], released: set[tuple[str, str, str]]
) -> list[str]:
    """The packs a determination names that are not on this desk but were shipped by an
    earlier reedesk (empty when every pack is here, or when any missing one is unknown —
    then the re-run itself reports it)."""
    import json as _json

    try:
        refs = _json.loads(document_text).get("packs") or []
    except (ValueError, AttributeError):
        return []
    keys = [(str(r.get("id")), str(r.get("version")), str(r.get("sha256"))) for r in refs if isinstance(r, dict)]
    absent = [k for k in keys if k not in texts]
    if not absent or any(k not in released for k in absent):
        return []
    return [pack_named(i, v) for i, v, _h in absent]


def pack_named(pack_id: str, version: str) -> Any:
    """A rule pack in the audit report (a note, a re-run problem): ``{id} version {version}`` in English; in Chinese by the name of the
    announcement it encodes, as the evidence pack's Chinese pages name packs (``announcement_zh``, Traditional
    ``announcement_zh_hant``), never by its id (no internal codes in Chinese output). The name comes from the pack of
    that id this reedesk bundles — the one the note is about is an earlier version no longer bundled, of the same
    announcement; an id no bundled pack has is "a rule pack whose name is not known" in Chinese."""
    from reedesk.rules.packs import pack_name

    name = pack_name(pack_id)  # the one naming (the coverage note's too)
    if name["zh-Hans"].startswith(("「", "《")):  # named (not "a rule pack whose name is not known")
        name = {**name, "zh-Hans": name["zh-Hans"] + "规则包", "zh-Hant": name["zh-Hant"] + "規則包"}
    return say("pack_named", id=pack_id, version=version, name=name)


def pack_texts_by_hash(desk: Desk) -> dict[tuple[str, str, str], str]:
    """(pack id, version, sha256) → source text, for every pack on the desk (shipped, imported, all versions)."""
    with _reading(desk) as session:
        return pack_texts_in_session(session)


def pack_texts_in_session(session: Any) -> dict[tuple[str, str, str], str]:
    """:func:`pack_texts_by_hash` inside an open unit of work."""
    from reedesk.services.rulepacks import packs_in_session

    found: dict[tuple[str, str, str], str] = {}
    for info in packs_in_session(session):
        pack = info.pack
        found.setdefault((pack.id, str(pack.version), pack.sha256), pack.source_text)
    try:
        from reedesk.rules.packs import shipped_packs

        for pack in shipped_packs():
            found.setdefault((pack.id, str(pack.version), pack.sha256), pack.source_text)
    except ImportError:  # pragma: no cover
        pass
    for key, text in released_pack_texts().items():
        found.setdefault(key, text)
    return found


def released_pack_texts() -> dict[tuple[str, str, str], str]:
    """The pack files earlier releases shipped (``resources/rules-released/<version>/``), each
    used only if its hash is one of ``known_packs.RELEASED_PACKS`` — so a determination made
    by reedesk 0.1.0 re-runs on an upgraded desk."""
    from reedesk.resources import resource

    global _RELEASED_CACHE
    if _RELEASED_CACHE is not None:
        return _RELEASED_CACHE
    released = _released_pack_keys()
    found: dict[tuple[str, str, str], str] = {}
    try:
        from reedesk.rules.v1.packs import parse_pack as parse_v1
    except ImportError:  # pragma: no cover
        _RELEASED_CACHE = found
        return found
    folder = resource("rules-released")
    for path in sorted(folder.rglob("*.toml")) if folder.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8")
        except Exception:  # noqa: BLE001 — a damaged bundled file is ignored, never fatal
            continue
        pack = _parse_released(text, path.name, parse_v1)
        if pack is None:
            continue
        key = (pack.id, str(pack.version), pack.sha256)
        if key in released:
            found[key] = text
    _RELEASED_CACHE = found
    return found


_RELEASED_CACHE: dict[tuple[str, str, str], str] | None = None


def _parse_released(text: str, name: str, parse_v1: Any) -> Any | None:
    """A kept pack file parsed as its release wrote it: 0.1.0's files (``rules-released/0.1.0``) in the first pack
    format, the 0.2.0 development builds' (``rules-released/0.2.0-dev``: open points, alloy matching …) in the
    current one, which the first parser refuses; None when neither reads it (a damaged copy is ignored)."""
    try:
        return parse_v1(text, name)
    except Exception:  # noqa: BLE001 — not a first-format pack: try the current format
        pass
    try:
        from reedesk.rules.packs import parse_pack

        return parse_pack(text, name)
    except Exception:  # noqa: BLE001 — a damaged bundled file is ignored, never fatal
        return None


def reproduction_problem(document_text: str, texts: Mapping[tuple[str, str, str], str], reproduce: Any,
                         snapshot_text: str | None = None, *, rerun: list[Any] | None = None) -> str | None:
    """Why a stored determination does not reproduce (None when it does). ``snapshot_text``: its revision row's
    snapshot, which a shape-4 determination (engine 3.3.0) does not carry; checked against ``dossier.sha256``.
    ``rerun``: when given and the determination reproduces but names an older engine, it receives the document with
    its snapshot attached and the pack texts it re-ran with (for :func:`reedesk.rules.current_reading`)."""
    import json as _json

    from reedesk.domain.dossier_file import canonical_bytes

    try:
        document = _json.loads(document_text)
    except ValueError:
        return say("rerun_not_json")
    if not isinstance(document, dict):
        return say("rerun_not_determination")
    used = []
    for ref in document.get("packs") or []:
        key = (str(ref.get("id")), str(ref.get("version")), str(ref.get("sha256"))) if isinstance(ref, dict) else None
        if key is None or key not in texts:
            shown = pack_named(str(ref.get("id")), str(ref.get("version"))) if isinstance(ref, dict) else "?"
            return say("rerun_pack_absent", pack=shown, sha=str(ref.get("sha256") if isinstance(ref, dict) else "")[:16])
        used.append(texts[key])
    from reedesk.rules.shape4 import attach_snapshot, stored_bytes

    try:
        attached = attach_snapshot(document, None, snapshot_bytes=snapshot_text.encode("utf-8") if snapshot_text is not None else None)
        again = reproduce(attached, used)
    except ReedeskError as exc:
        return say("rerun_fails", problem=vocabulary.coded_error(exc))
    except Exception as exc:  # noqa: BLE001 — a hostile document must give a sentence, not a traceback
        return say("rerun_crashes", kind=type(exc).__name__)
    if stored_bytes(again) == canonical_bytes(document):  # as stored: shape 4 without the attached snapshot
        if rerun is not None:
            from reedesk.rules.current_reading import older_engine

            if older_engine(document) is not None:
                rerun[:] = [attached, used]
        return None
    if again.get("outcome") != document.get("outcome"):
        return say("rerun_other_outcome", again=_outcome_words(str(again.get("outcome"))), outcome=_outcome_words(str(document.get("outcome"))))
    return say("rerun_differs")


def proofs_for_dossier(desk: Desk, reference: str) -> dict[str, Any]:
    """The dossier's events with inclusion proofs against the latest signed tree head.

    The evidence pack embeds this document together with the head signer's public key;
    :func:`verify_dossier_proofs` checks it offline. Events newer than the head are
    listed under ``events_after_head`` (their hashes are still checked).
    """
    with _reading(desk) as session:
        return proofs_for_dossier_in(session, reference, persist=False)


def proofs_for_dossier_in(session: Any, reference: str, *, persist: bool = True) -> dict[str, Any]:
    """:func:`proofs_for_dossier` inside the caller's unit of work (export builds the pack
    in the same transaction that records its export event and head).

    Flat in trail size (issue 13): the proofs come from the stored Merkle nodes
    (``reedesk.audit.merkle_store``), which this call brings up to date for the events since
    the last export (``persist``: store them; a read-only caller passes False)."""
    from reedesk.audit.merkle_store import TrailGap, inclusion_proofs

    if session.exec(select(DossierRow.id).where(DossierRow.reference == reference)).first() is None:
        raise NotFound.coded("no_dossier", reference=reference)
    events = list(
        session.exec(select(AuditEventRow).where(AuditEventRow.dossier_reference == reference).order_by(AuditEventRow.seq))  # type: ignore[arg-type]
    )
    head = latest_tree_head(session)
    key = known_public_keys(session).get(head.key_id) if head is not None else None
    if head is None:
        return build_dossier_proofs(reference, events, [], head, key)
    covered = [row.seq - 1 for row in events if row.seq <= head.size]
    try:
        proofs = inclusion_proofs(session.connection(), covered, head.size, bytes.fromhex(head.root_hash), persist=persist)
    except (TrailGap, ValueError):  # a damaged trail: the whole-trail way, whose proofs then fail to verify as before
        return build_dossier_proofs(reference, events, event_leaf_hashes(session, head.size), head, key)
    return build_dossier_proofs(reference, events, [], head, key, inclusion=proofs)


def inclusion_proof_for_event(desk: Desk, seq: int, size: int | None = None) -> dict[str, Any]:
    """Inclusion proof of event ``seq`` in the tree of the first ``size`` events (default: the latest head).

    Returns ``{"seq", "leaf_index", "tree_size", "root_hash", "leaf_hash", "inclusion_proof": [hex]}``.
    """
    with _reading(desk) as session:
        if size is None:
            head = latest_tree_head(session)
            if head is None:
                raise ReedeskError.coded("audit_signed_tree_head_exists_2")
            size = head.size
        leaves = event_leaf_hashes(session, size)
    if not 1 <= seq <= len(leaves) or size > len(leaves):
        raise NotFound.coded("audit_audit_event_among_first", seq=seq, size=size, count=len(leaves))
    tree = MerkleTree(leaves)
    return {
        "seq": seq, "leaf_index": seq - 1, "tree_size": size, "root_hash": tree.root().hex(),
        "leaf_hash": leaves[seq - 1].hex(), "inclusion_proof": [p.hex() for p in tree.inclusion_proof(seq - 1)],
    }


def consistency_between(desk: Desk, old_size: int, new_size: int | None = None) -> dict[str, Any]:
    """RFC 6962 consistency proof that the first ``old_size`` events are a prefix of the first ``new_size``.

    A reviewer holding an older tree head (from an earlier pack) checks it against a newer
    one with :func:`reedesk.audit.merkle.verify_consistency`.
    """
    with _reading(desk) as session:
        leaves = event_leaf_hashes(session, new_size)
    new_size = len(leaves) if new_size is None else new_size
    if not 0 <= old_size <= new_size <= len(leaves):
        raise ReedeskError.coded("audit_prove_events_consistent_trail", old_size=old_size, new_size=new_size, count=len(leaves))
    return {
        "old_size": old_size, "new_size": new_size,
        "old_root": root_of_hashes(leaves[:old_size]).hex(), "new_root": root_of_hashes(leaves).hex(),
        "consistency_proof": [p.hex() for p in consistency_proof_hashes(old_size, new_size, leaves)],
    }


def verify_dossier_proofs(proofs: Mapping[str, Any], public_keys: Mapping[str, bytes] | None = None) -> ProofsResult:
    """Pure offline check of :func:`proofs_for_dossier` output (see ``reedesk.audit.proofs``)."""
    return _verify_dossier_proofs(proofs, public_keys)

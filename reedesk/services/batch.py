"""Portfolio re-evaluation: every dossier of the desk (or of one client) as of one date.

Why a use case of its own: when a rule pack or a screening list changes, a consultant
re-evaluates the whole desk. Calling ``evaluation.evaluate_reference`` ten thousand times
parses the packs, opens a transaction, and runs three lookups per dossier; here the packs are
read once, dossiers are read and determinations written in bulk, one transaction per batch,
and the pure engine may run in a second process (``workers=2``) while this one writes.

Each dossier gets exactly the determination ``evaluate_reference`` would store — same
document, same SHA-256, same audit event — which ``tests/services/test_batch.py`` checks.
A dossier whose latest revision is a what-if (``scenario``) is evaluated at its newest
real revision (as ``evaluate_reference`` with that revision would), or skipped when it has
none. A dossier that cannot be evaluated (altered outside reedesk, malformed) is listed
in ``failures`` and does not stop the run. Cancelling stops after the batch being written:
the batches already committed stay (each is whole), nothing half-written remains.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator, Sequence

from sqlalchemy import insert, text
from sqlmodel import Session

from reedesk.audit.trail import record_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import current_actor, utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules.shape4 import stored_bytes
from reedesk.errors import NotFound, ReedeskError
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import RulePack
from reedesk.services.desk import Desk
from reedesk.services.rulepacks import packs_in_session
from reedesk.store.models import DeterminationRow

Progress = Callable[[int, int], Any]
"""``progress(done, total)``: dossiers handled so far and in all."""

BATCH_SIZE = 250


@dataclass(frozen=True)
class BatchItem:
    """One dossier's result in a portfolio run."""

    reference: str
    revision: int
    outcome: str
    previous_outcome: str | None  # the dossier's noted outcome before this run
    sha256: str
    determination_id: int | None  # None when not stored (``store=False``)
    new: bool  # a determination was stored by this run (False: the same one existed)


@dataclass
class BatchResult:
    """What a portfolio run did; ``items`` in reference order."""

    as_of: str
    client: str | None
    total: int = 0
    items: list[BatchItem] = field(default_factory=list)
    skipped_scenario: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def outcomes(self) -> dict[str, int]:
        return dict(sorted(Counter(i.outcome for i in self.items).items()))

    @property
    def changed(self) -> list[BatchItem]:
        """Dossiers whose outcome differs from the one noted before the run."""
        return [i for i in self.items if i.previous_outcome is not None and i.previous_outcome != i.outcome]

    @property
    def stored(self) -> int:
        return sum(1 for i in self.items if i.new)


@dataclass(frozen=True)
class _Job:
    """One dossier to evaluate (plain data: it may cross to a worker process)."""

    dossier_id: int
    reference: str
    revision_id: int
    revision: int
    latest_revision: int
    document: str
    sha256: str
    previous_outcome: str | None


def _reading(desk: Desk) -> AbstractContextManager[Session]:
    """A read-only transaction (``Database.read``: never takes the write lock) where the store has one."""
    read = getattr(desk.db, "read", None)
    return read() if read is not None else desk.db.unit_of_work()


_SELECT = """
SELECT d.id, d.reference, d.current_revision, d.last_outcome, r.id, r.number, r.document, r.sha256
FROM dossier d JOIN dossier_revision r ON r.dossier_id = d.id AND r.number = d.current_revision
JOIN client c ON c.id = d.client_id
WHERE d.archived = 0 {client} ORDER BY d.reference
"""
_EARLIER = text("SELECT id, number, document, sha256 FROM dossier_revision WHERE dossier_id = :d AND number < :n ORDER BY number DESC")


def _jobs(session: Session, client: str | None) -> list[_Job]:
    """Every dossier to evaluate (not archived; of ``client`` if given), latest revision first-hand."""
    sql = _SELECT.format(client="AND c.name = :client" if client is not None else "")
    rows = session.connection().execute(text(sql), {"client": client} if client is not None else {}).all()
    if client is not None and not rows:
        exists = session.connection().execute(text("SELECT 1 FROM client WHERE name = :c"), {"c": client}).first()
        if exists is None:
            raise NotFound.coded("batch_client_named_reedesk_list", client=client)
    return [_Job(r[0], r[1], r[4], r[5], r[2], r[6], r[7], r[3]) for r in rows]


def _is_scenario(document_text: str) -> bool:
    """A what-if revision (``"scenario": true`` at the top level of its document)."""
    return '"scenario"' in document_text and json.loads(document_text).get("scenario") is True


def _real_revision(session: Session, job: _Job) -> _Job | None:
    """The newest revision of the dossier that is not a what-if, or None."""
    if not _is_scenario(job.document):
        return job
    for rid, number, document, sha in session.connection().execute(_EARLIER, {"d": job.dossier_id, "n": job.revision}):
        if not _is_scenario(document):
            return _Job(job.dossier_id, job.reference, rid, number, job.latest_revision, document, sha, job.previous_outcome)
    return None


def _inputs_provider() -> Callable[..., Any] | None:
    """``reedesk.services.evaluation.evaluation_inputs`` when the evaluation service provides it.

    It gives the engine's further inputs for one dossier (screening, licence records) exactly as
    ``evaluate_reference`` uses them; without it the engine runs on the snapshot alone, as
    ``evaluate_reference`` then does too.
    """
    from reedesk.services import evaluation

    return getattr(evaluation, "evaluation_inputs", None)


_Output = tuple[str, str, str, Any, Any]  # outcome, canonical text, SHA-256, packs, engine


def _determine(job: _Job, packs: Sequence[RulePack], day: date, inputs: Callable[[dict[str, Any]], dict[str, Any]] | dict[str, Any]) -> _Output:
    """One dossier's determination; pure when ``inputs`` is a mapping, so it may run in a worker."""
    if hashlib.sha256(job.document.encode("utf-8")).hexdigest() != job.sha256:
        raise ReedeskError.coded("batch_revision_altered_outside_reedesk", revision=job.revision, reference=job.reference)
    # The stored text is the canonical document of the dossier (its hash says so), so it is the
    # snapshot evaluate_reference would build by parsing and writing it back; the engine parses it
    # once, and the snapshot hash check below proves the two are the same.
    snapshot = json.loads(job.document)
    extra = inputs(snapshot) if callable(inputs) else inputs
    document = evaluate(snapshot, packs, day, revision=job.revision, **extra)
    if document["dossier"]["sha256"] != job.sha256:
        raise ReedeskError.coded("evaluation_dossier_revision_does_match", reference=job.reference, revision=job.revision)
    body = stored_bytes(document)  # shape 4: the stored form, without the attached snapshot
    return document["outcome"], body.decode("utf-8"), hashlib.sha256(body).hexdigest(), document["packs"], document["engine"]


def _safe_determine(job: _Job, packs: Sequence[RulePack], day: date, inputs: Any) -> _Output | str:
    """One dossier's determination, or why it has none. A failure inside reedesk itself (a bug: session 14's bug hunt
    F1 found a ratio the engine could not show) is that dossier's failure, named as a bug, not the end of the run: the
    other dossiers of the desk are still evaluated and stored (the run reports it and exits non-zero)."""
    try:
        return _determine(job, packs, day, inputs)
    except ReedeskError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one dossier's bug must not lose the portfolio's run
        return _internal_failure(exc)


def _internal_failure(exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:200] or "-"
    return str(ReedeskError.coded("batch_internal_error", kind=type(exc).__name__, detail=detail))


# --- worker processes (spawned: safe beside Qt; they get the parsed packs once) ----------
_worker_packs: Sequence[RulePack] = ()


def _worker_init(packs: Sequence[RulePack]) -> None:
    from reedesk.rules.packs import remember_pack

    global _worker_packs
    _worker_packs = packs
    for pack in packs:  # unpickled packs are not "parsed in this process": the engine's prose looks them up by hash
        remember_pack(pack)


def _worker_determine(args: tuple[_Job, date, dict[str, Any]]) -> _Output | str:
    job, day, inputs = args
    return _safe_determine(job, _worker_packs, day, inputs)


def _chunks(items: list[_Job], size: int) -> Iterator[list[_Job]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


_INSERT = insert(DeterminationRow.__table__).returning(DeterminationRow.__table__.c.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
_NOTE = text("UPDATE dossier SET last_outcome = :outcome, last_as_of = :as_of WHERE id = :did AND current_revision = :rev")


def _store_batch(session: Session, rows: list[tuple[_Job, _Output]], day: date, result: BatchResult) -> None:
    """Determinations, outcome notes and audit events of one batch (inside its transaction)."""
    connection = session.connection()
    ids = sorted({job.revision_id for job, _ in rows})
    existing: dict[tuple[int, str], int] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        marks = ",".join("?" * len(part))
        for rid, sha, did in connection.exec_driver_sql(
                f"SELECT revision_id, sha256, id FROM determination WHERE revision_id IN ({marks}) ORDER BY id", tuple(part)):
            existing.setdefault((rid, sha), did)
    now, actor = utc_timestamp(), current_actor()
    fresh = [(job, out) for job, out in rows if (job.revision_id, out[2]) not in existing]
    new_ids: list[int] = []
    if fresh:
        params = [{"revision_id": job.revision_id, "as_of": day.isoformat(), "outcome": out[0], "document": out[1],
                   "sha256": out[2], "engine_version": ENGINE_VERSION, "created_at": now, "created_by": actor}
                  for job, out in fresh]
        new_ids = [r[0] for r in connection.execute(_INSERT, params)]
        notes = [{"did": job.dossier_id, "outcome": out[0], "as_of": day.isoformat(), "rev": job.revision}
                 for job, out in fresh if job.revision == job.latest_revision]
        if notes:
            connection.execute(_NOTE, notes)
    stored = {job.revision_id: did for (job, _), did in zip(fresh, new_ids)}
    for job, (outcome, _body, digest, packs, engine) in rows:
        did = stored.get(job.revision_id)
        if did is None:
            result.items.append(BatchItem(job.reference, job.revision, outcome, job.previous_outcome, digest,
                                          existing[(job.revision_id, digest)], False))
            continue
        desk_changed(session, "determination", job.reference)  # published once this unit of work commits (C3)
        record_event(
            session, action="evaluate", entity_type="determination", entity_id=str(did), dossier_reference=job.reference,
            after={"determination_id": did, "sha256": digest, "outcome": outcome, "as_of": day.isoformat(),
                   "revision": job.revision, "snapshot_sha256": job.sha256, "packs": packs, "engine": engine},
            actor=actor, occurred_at=now,
        )
        result.items.append(BatchItem(job.reference, job.revision, outcome, job.previous_outcome, digest, did, True))


def evaluate_all(
    desk: Desk,
    as_of: date | str,
    *,
    client: str | None = None,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    store: bool = True,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    references: Sequence[str] | None = None,
) -> BatchResult:
    """Re-evaluate every non-archived dossier (of ``client`` if given) as of ``as_of``.

    ``store``: keep each determination, note the outcome on the dossier and audit it, as
    ``evaluate_reference`` does (one write transaction per batch of ``batch_size`` dossiers,
    taken only after the batch is evaluated, so other writers wait milliseconds, not seconds).
    ``workers`` > 1 runs the pure engine in that many spawned processes while this one
    writes (see docs/performance.md for when that pays). ``progress(done, total)`` is called
    after each batch; ``is_cancelled()`` is asked before each batch. ``references`` narrows
    the run to those dossiers (e.g. the ones a filtered browser shows).
    """
    from reedesk.services.evaluation import as_date

    day = as_date(as_of)
    started = time.perf_counter()
    result = BatchResult(as_of=day.isoformat(), client=client)
    with _reading(desk) as session:
        packs = [info.pack for info in packs_in_session(session)]
        jobs: list[_Job] = []
        wanted = None if references is None else set(references)
        for job in _jobs(session, client):
            if wanted is not None and job.reference not in wanted:
                continue
            real = _real_revision(session, job)
            if real is None:
                result.skipped_scenario.append(job.reference)
            else:
                jobs.append(real)
    result.total = len(jobs)
    provider = _inputs_provider()
    shared: dict[str, Any] = {}
    if provider is not None:  # what evaluate_reference reads per dossier, read once per run
        from reedesk.services.screening import available_lists

        shared["lists"] = available_lists(desk)
        try:
            from reedesk.services.licences import licences_for_matching
        except ImportError:  # pragma: no cover - the register ships with 0.2
            shared["licences"] = []
        else:
            with _reading(desk) as session:
                shared["licences"] = licences_for_matching(session)
    pool = None
    if workers > 1 and len(jobs) > batch_size:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, initargs=(packs,))

    def evaluated(chunk: list[_Job]) -> Callable[[], list[_Output | str]]:
        """Start evaluating ``chunk``; the returned call waits for (or computes) its outputs."""
        if provider is not None:
            with _reading(desk) as s:
                inputs = [_safe_inputs(provider, s, job, day, shared) for job in chunk]
        else:
            inputs = [{} for _ in chunk]
        if pool is not None:
            futures = [pool.submit(_worker_determine, (job, day, extra)) for job, extra in zip(chunk, inputs)]
            return lambda: [f.result() for f in futures]
        return lambda: [extra if isinstance(extra, str) else _safe_determine(job, packs, day, extra)
                        for job, extra in zip(chunk, inputs)]

    done = 0
    try:
        if progress is not None:
            progress(0, len(jobs))
        chunks = list(_chunks(jobs, batch_size))
        pending = evaluated(chunks[0]) if chunks else None
        for index, chunk in enumerate(chunks):
            if is_cancelled is not None and is_cancelled():
                result.cancelled = True
                break
            outputs = pending() if pending is not None else []
            # with workers, the next batch is evaluated while this one is written
            pending = evaluated(chunks[index + 1]) if index + 1 < len(chunks) else None
            rows: list[tuple[_Job, _Output]] = []
            for job, out in zip(chunk, outputs):
                if isinstance(out, str):
                    result.failures.append((job.reference, out))
                else:
                    rows.append((job, out))
            if store:
                with desk.db.unit_of_work() as session:
                    _store_batch(session, rows, day, result)
            else:
                result.items.extend(BatchItem(job.reference, job.revision, out[0], job.previous_outcome, out[2], None, False)
                                    for job, out in rows)
            done += len(chunk)
            if progress is not None:
                progress(done, len(jobs))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    result.seconds = time.perf_counter() - started
    return result


def _safe_inputs(provider: Callable[..., Any], session: Session, job: _Job, day: date, shared: dict[str, Any]) -> dict[str, Any] | str:
    try:
        return dict(provider(session, json.loads(job.document), day, **shared))
    except ReedeskError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - as _safe_determine
        return _internal_failure(exc)


def summary(result: BatchResult) -> str:
    """One paragraph a consultant reads after the run (English; the GUI translates its parts)."""
    scope = f"client {result.client}" if result.client else "the desk"
    parts = [f"{len(result.items)} of {result.total} dossiers of {scope} evaluated as of {result.as_of} "
             f"in {result.seconds:.1f} s; {result.stored} new determinations stored."]
    if result.outcomes:
        parts.append("Outcomes: " + ", ".join(f"{k} {v}" for k, v in result.outcomes.items()) + ".")
    if result.changed:
        parts.append(f"{len(result.changed)} outcomes changed: "
                     + ", ".join(f"{i.reference} {i.previous_outcome} → {i.outcome}" for i in result.changed[:20])
                     + (" …" if len(result.changed) > 20 else "") + ".")
    if result.skipped_scenario:
        parts.append(f"{len(result.skipped_scenario)} what-if dossiers without a real revision skipped.")
    if result.failures:
        parts.append(f"{len(result.failures)} could not be evaluated: "
                     + "; ".join(f"{ref}: {msg}" for ref, msg in result.failures[:5]) + ".")
    if result.cancelled:
        parts.append("Cancelled: the batches finished before the cancel are kept; the rest were not evaluated.")
    return " ".join(parts)

"""Use cases of the portfolio analyses: headroom, timeline and impact on stored dossiers.

Thin: each reads what it needs from the desk in one unit of work and hands it to the
pure functions in :mod:`reedesk.portfolio`. Nothing here stores anything unless the
caller asks (``impact(..., store=True)``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from reedesk.audit.trail import append_event
from reedesk.domain.dossier_file import canonical_bytes, dossier_to_document, parse_dossier
from reedesk.rules.shape4 import stored_bytes
from reedesk.errors import ReedeskError
from reedesk.portfolio.impact import change_row, reading_rows
from reedesk.portfolio.impact import document as impact_document
from reedesk.portfolio.headroom import headroom as headroom_document
from reedesk.portfolio.timeline import change_dates
from reedesk.portfolio.timeline import timeline as timeline_document
from reedesk.rules.engine import evaluate
from reedesk.rules.pack_errors import parse_pack_coded
from reedesk.rules.packs import RulePack, version_date_problem
from reedesk.services import evaluation
from reedesk.services.desk import Desk
from reedesk.services.dossiers import SaveResult, load_dossier, save_dossier


def as_date(value: date | str) -> date:
    """An ISO date from the user, or a one-sentence error."""
    return evaluation.as_date(value)


def headroom(desk: Desk, reference: str, as_of: date | str, *, revision: int | None = None) -> dict[str, Any]:
    """The ``reedesk.headroom/1`` document of a stored dossier as of a date; stores nothing."""
    stored = evaluation.evaluate_reference(desk, reference, as_date(as_of), revision=revision, store=False)
    return headroom_document(stored.document)


def timeline(desk: Desk, reference: str, start: date | str | None = None, end: date | str | None = None, *,
             revision: int | None = None) -> dict[str, Any]:
    """The ``reedesk.timeline/1`` document of a stored dossier; stores nothing.

    Each date is evaluated as ``reedesk evaluate`` would (same packs, same screening and
    licence inputs), so an interval's outcome is what a determination on that day says.
    Without ``start``/``end`` the range runs from the first to the day after the last
    date the packs name."""
    packs = evaluation.active_packs(desk)
    stored = load_dossier(desk, reference, revision)
    snapshot = dossier_to_document(stored.dossier)
    dates = change_dates(packs, snapshot)
    first = as_date(start) if start is not None else (dates[0] if dates else date(2025, 1, 1))
    last = as_date(end) if end is not None else (dates[-1] if dates else first)

    def at(day: date) -> dict[str, Any]:
        return evaluation.evaluate_reference(desk, reference, day, revision=stored.revision, store=False).document

    return timeline_document(at, dates, first, last, packs=packs, reference=reference, revision=stored.revision)


# ---------------------------------------------------------------------------- impact

Progress = Callable[[int, int], Any]
CHUNK = 250


def _change_packs(desk: Desk, pack_path: Path) -> tuple[list[RulePack], dict[str, Any]]:
    """The desk's packs plus a pack file not yet imported (refused as ``rules import`` would)."""
    try:
        text = pack_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReedeskError.coded("portfolio_read", pack_path=pack_path, strerror=exc.strerror) from None
    except UnicodeDecodeError:
        raise ReedeskError.coded("portfolio_utf_text_rule_pack", pack_path=pack_path) from None
    pack = parse_pack_coded(text, pack_path.name)  # refused as `rules import` refuses it, in the reader's language
    problem = version_date_problem(pack)
    if problem:
        raise ReedeskError.coded("pack_version_date_after_review", name=pack_path.name, version_date=pack.version_date,
                                 reviewed_until=pack.reviewed_until)
    packs = evaluation.active_packs(desk)
    for p in packs:
        if p.id == pack.id and p.version == pack.version and p.sha256 != pack.sha256:
            raise ReedeskError.coded("portfolio_pack_version_already_use", name=pack_path.name, id=pack.id, version=pack.version)
    if not any(p.sha256 == pack.sha256 for p in packs):
        packs = packs + [pack]
    return packs, {"kind": "pack", "file": pack_path.name, "pack": pack.summary(), "version_date": pack.version_date.isoformat()}


def _change_list(desk: Desk, list_path: Path) -> tuple[list[Any], dict[str, Any]]:
    """The desk's screening lists with a list file not yet imported (a newer version of a list replaces it)."""
    from reedesk.screening.lists import load_list_file
    from reedesk.services.screening import available_lists

    if not list_path.is_file():
        raise ReedeskError.coded("portfolio_file_list_takes_screening", list_path=list_path)
    new = load_list_file(list_path, origin="imported")
    lists = [lst for lst in available_lists(desk) if lst.id != new.id] + [new]
    return lists, {"kind": "list", "file": list_path.name, "list": {"id": new.id, "kind": new.kind, "version": new.version_date,
                                                                    "sha256": new.sha256}}


def _inputs_function(desk: Desk, lists: list[Any] | None = None) -> Callable[[Any, dict[str, Any], date], dict[str, Any]]:
    """``(session, snapshot, day) -> engine inputs`` as ``evaluate_reference`` builds them
    (``evaluation.evaluation_inputs``: screening against the lists in force, licence records),
    with the lists and licence records read once per run; ``lists`` replaces the desk's lists
    (a list not imported). Without ``evaluation_inputs`` the engine runs on the snapshot alone,
    screening only when ``lists`` is given."""
    import inspect

    from reedesk.screening import screen_parties
    from reedesk.services.screening import available_lists

    provider = getattr(evaluation, "evaluation_inputs", None)
    chosen = lists if lists is not None else None
    if provider is None:
        if chosen is None:
            return lambda session, snapshot, day: {}
        return lambda session, snapshot, day: {"screening": screen_parties(snapshot, chosen, day)}
    params = inspect.signature(provider).parameters
    fixed: dict[str, Any] = {}
    if "lists" in params:
        fixed["lists"] = chosen if chosen is not None else available_lists(desk)
    elif "desk" in params:
        fixed["desk"] = desk
    cache: dict[str, Any] = {}

    def inputs(session: Any, snapshot: dict[str, Any], day: date) -> dict[str, Any]:
        kwargs = dict(fixed)
        if "licences" in params and "licences" in cache:
            kwargs["licences"] = cache["licences"]
        out = dict(provider(session, snapshot, day, **kwargs))
        if "licences" in params and "licences" in out:
            cache.setdefault("licences", out["licences"])
        if chosen is not None and "lists" not in params:
            out["screening"] = screen_parties(snapshot, chosen, day)
        return out

    return inputs


def impact(desk: Desk, as_of: date | str, *, against: date | str | None = None, pack: Path | str | None = None,
           screening_list: Path | str | None = None, client: str | None = None, progress: Progress | None = None,
           is_cancelled: Callable[[], bool] | None = None, store: bool = False) -> dict[str, Any]:
    """The ``reedesk.impact/1`` document: every stored dossier (not archived; latest revision
    that is not a what-if) under the desk's packs as of ``as_of`` and under the change —
    ``against`` (another date), ``pack`` (a pack file not imported), ``screening_list`` (a list
    file not imported), or none of them: each declared reading.

    Nothing is stored unless ``store``; then the determinations of the changed side (exactly
    those compared) are stored batch by batch as ``evaluate --all`` stores them (only for a date
    or the readings: a pack or list that is not imported cannot be stored against — import it
    first), and one ``impact`` audit event records the comparison. ``progress(done, total)``
    after each batch; ``is_cancelled()`` before each batch: a cancelled run lists what it
    compared; with ``store`` the whole batches before the cancel stay stored (and the impact
    event says it was cancelled), the rest is not evaluated."""
    from reedesk.services import batch

    chosen = [x is not None for x in (against, pack, screening_list)]
    if sum(chosen) > 1:
        raise ReedeskError.coded("portfolio_name_one_change_time")
    day = as_date(as_of)
    other_day = as_date(against) if against is not None else day
    packs = evaluation.active_packs(desk)
    new_packs = packs
    lists = None
    if against is not None:
        change: dict[str, Any] = {"kind": "date", "as_of": other_day.isoformat()}
    elif pack is not None:
        new_packs, change = _change_packs(desk, Path(pack))
    elif screening_list is not None:
        lists, change = _change_list(desk, Path(screening_list))
    else:
        change = {"kind": "readings"}
    if store and change["kind"] in ("pack", "list"):
        if change["kind"] == "pack":
            raise ReedeskError.coded("portfolio_store_needs_imported_pack", file=change["file"])
        raise ReedeskError.coded("portfolio_store_needs_imported_list", file=change["file"])
    inputs_for = _inputs_function(desk)
    new_inputs_for = _inputs_function(desk, lists) if lists is not None else inputs_for
    with batch._reading(desk) as session:
        jobs, skipped = [], []
        for job in batch._jobs(session, client):
            real = batch._real_revision(session, job)
            (jobs.append(real) if real is not None else skipped.append(job.reference))
        clients = dict(session.connection().exec_driver_sql(
            "SELECT d.reference, c.name FROM dossier d JOIN client c ON c.id = d.client_id").all())
    rows: list[dict[str, Any]] = []
    evaluated: list[dict[str, Any]] = []
    failures: list[tuple[str, str]] = []
    cancelled = False
    done = 0
    store_day = other_day  # readings: the determinations as of the as-of date (they carry every reading)
    kept = batch.BatchResult(as_of=store_day.isoformat(), client=client)
    if progress is not None:
        progress(0, len(jobs))
    for start in range(0, len(jobs), CHUNK):
        if is_cancelled is not None and is_cancelled():
            cancelled = True
            break
        chunk = jobs[start:start + CHUNK]
        to_store: list[tuple[Any, tuple[str, str, str, Any, Any]]] = []
        with batch._reading(desk) as session:
            for job in chunk:
                try:
                    snapshot = dossier_to_document(parse_dossier(json.loads(job.document), f"{job.reference} revision {job.revision}"))
                    if hashlib.sha256(job.document.encode("utf-8")).hexdigest() != job.sha256:
                        raise ReedeskError.coded("portfolio_revision_altered_outside_reedesk", revision=job.revision, reference=job.reference)
                    inputs = inputs_for(session, snapshot, day)
                    old = evaluate(snapshot, packs, day, revision=job.revision, **inputs)
                    if change["kind"] == "readings":
                        new = None
                    else:
                        other = inputs
                        if change["kind"] == "list" or other_day != day:
                            other = new_inputs_for(session, snapshot, other_day)
                        new = evaluate(snapshot, new_packs, other_day, revision=job.revision, **other)
                except ReedeskError as exc:
                    failures.append((job.reference, str(exc)))
                    continue
                if store:
                    kept_doc = old if new is None else new
                    body = stored_bytes(kept_doc)  # shape 4: the stored form, without the attached snapshot
                    to_store.append((job, (kept_doc["outcome"], body.decode("utf-8"), hashlib.sha256(body).hexdigest(),
                                           kept_doc["packs"], kept_doc["engine"])))
                name = clients.get(job.reference, "")
                if new is None:
                    found = reading_rows(job.reference, name, job.revision, old)
                    rows.extend(found)
                    evaluated.append({"reference": job.reference, "client": name, "old": old["outcome"],
                                      "new": found[0]["new"] if found else old["outcome"]})
                else:
                    row = change_row(job.reference, name, job.revision, old, new)
                    if row is not None:
                        rows.append(row)
                    evaluated.append({"reference": job.reference, "client": name, "old": old["outcome"], "new": new["outcome"]})
        if to_store:  # one write transaction per batch, taken after the batch is evaluated (as evaluate --all does)
            with desk.db.unit_of_work() as session:
                batch._store_batch(session, to_store, store_day, kept)
        done += len(chunk)
        if progress is not None:
            progress(done, len(jobs))
    doc = impact_document(change, rows, as_of=day.isoformat(), client=client, total=len(jobs), evaluated=evaluated,
                          failures=failures, skipped=skipped, cancelled=cancelled)
    if store and (kept.items or not cancelled):
        with desk.db.unit_of_work() as session:
            append_event(session, action="impact", entity_type="portfolio", entity_id=f"{day.isoformat()}:{change['kind']}",
                         after={"as_of": day.isoformat(), "change": change, "client": client, "total": len(jobs),
                                "evaluated": len(evaluated), "cancelled": cancelled,
                                "changed": [{"reference": r["reference"], "old": r["old"], "new": r["new"], "change": r["change"]}
                                            for r in rows], "stored": kept.stored})
        doc["stored"] = {"as_of": store_day.isoformat(), "determinations": kept.stored, "evaluated": len(kept.items)}
    return doc


# ---------------------------------------------------------------------------- what-if

@dataclass(frozen=True)
class WhatIfContext:
    """What a what-if needs that does not change while the user edits lines: the packs and the
    engine's further inputs (screening, licence records) for the dossier's parties."""

    packs: list[RulePack]
    inputs: dict[str, Any]
    as_of: date


def what_if_context(desk: Desk, document: dict[str, Any], as_of: date | str) -> WhatIfContext:
    day = as_date(as_of)
    with desk.db.unit_of_work() as session:
        inputs = _inputs_function(desk)(session, dossier_to_document(parse_dossier(document, "what-if")), day)
    return WhatIfContext(evaluation.active_packs(desk), inputs, day)


def what_if(context: WhatIfContext, document: dict[str, Any]) -> dict[str, Any]:
    """The outcome and headroom of an edited, unsaved dossier document (pure given the context):
    ``{"determination", "headroom" (or None), "headroom_problem" (a sentence or None)}``.
    A malformed document raises ValidationFailed naming the field."""
    snapshot = dossier_to_document(parse_dossier(document, "what-if"))
    det = evaluate(snapshot, context.packs, context.as_of, **context.inputs)
    try:
        room, problem = headroom_document(det), None
    except ReedeskError as exc:
        room, problem = None, str(exc)
    return {"determination": det, "headroom": room, "headroom_problem": problem}


def save_what_if(desk: Desk, document: dict[str, Any], reason: str) -> SaveResult:
    """Store the edited document as a what-if revision (``"scenario": true``): never current,
    never signed, ignored by ``evaluate --all`` and ``impact``."""
    if not reason.strip():
        raise ReedeskError.coded("portfolio_say_what_what_if")
    doc = dict(document)
    doc["scenario"] = True
    return save_dossier(desk, parse_dossier(doc, f"what-if of {document.get('reference')}"), reason=f"what-if: {reason.strip()}")

"""Use cases around determinations: evaluate a stored dossier (and keep the result),
evaluate a file without storing it, list and load stored determinations, and
reproduce a determination offline from its embedded snapshot and pack texts.

A stored determination is the exact canonical (RFC 8785) text that was hashed;
its SHA-256 is what signatures and evidence packs refer to. Since engine 3.0.0 that
text is the facts document (``reedesk.determination/2``): what is stored, hashed,
signed and re-run (:func:`reproduce`) is the facts; readers render prose with
:func:`reedesk.rules.render.expand`, which finds the packs by SHA-256 — so loading a
determination makes sure the desk's packs (imported ones too) are known.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Sequence

from sqlmodel import Session, select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import current_actor, utc_timestamp
from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import dossier_to_document
from reedesk.errors import NotFound, ReedeskError
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import RulePack
from reedesk.rules.shape4 import stored_bytes
from reedesk.services.desk import Desk
from reedesk.services.dossiers import load_in_session
from reedesk.services.rulepacks import packs_in_session
from reedesk.store.models import DeterminationRow, DossierRevisionRow, DossierRow


@dataclass(frozen=True)
class StoredDetermination:
    """A determination and where it is kept (``id`` is None when it was not stored)."""

    id: int | None
    document: dict[str, Any]
    sha256: str
    outcome: str
    revision: int | None
    reference: str = ""
    as_of: str = ""
    created_at: str | None = None
    created_by: str | None = None


def _dossier_row(session: Session, reference: str) -> DossierRow:
    row = session.exec(select(DossierRow).where(DossierRow.reference == reference)).first()
    if row is None:
        raise NotFound.coded("no_dossier", reference=reference)
    return row


def _active_in_session(session: Session) -> list[RulePack]:
    return [info.pack for info in packs_in_session(session)]


def active_packs(desk: Desk) -> list[RulePack]:
    """Shipped and imported packs, all versions; the engine picks, per pack id, the
    newest version whose ``version_date`` is on or before the as-of date."""
    with desk.db.unit_of_work() as session:
        return _active_in_session(session)


def as_date(as_of: date | str) -> date:
    """An as-of date given as a date or ISO 8601 text; other text is a one-sentence error."""
    if isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        raise ReedeskError.coded("evaluation_date_iso_date_such", as_of=as_of) from None


def evaluation_inputs(session: Session, snapshot: dict[str, Any] | Dossier, day: date, *, desk: Desk | None = None,
                      lists: Sequence[Any] | None = None, licences: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The engine's inputs besides snapshot, packs and date for one dossier (CONTRACTS C):
    ``{"screening": <screening document>, "licences": <register records>}``.

    Every named party (end user, importer, consignee and their owners) is screened against
    the lists in force on ``day``: ``lists`` when given (a batch loads them once), else the
    desk's shipped and imported lists (``desk`` needed then). ``licences`` default to the
    register's records (:func:`reedesk.services.licences.licences_for_matching`).
    ``evaluate_reference``, ``evaluate_dossier``, export and ``evaluate --all`` all use this,
    so they give the same determination."""
    from reedesk.services.screening import available_lists
    from reedesk.screening import screen_parties

    if lists is None:
        if desk is None:
            # a caller's mistake, not the user's: no sentence for the user to act on
            raise TypeError("Screening needs the desk's lists: pass desk= or lists= to evaluation_inputs.")
        lists = available_lists(desk)
    screening = screen_parties(snapshot, list(lists), day)
    if licences is None:
        try:
            from reedesk.services.licences import licences_for_matching
        except ImportError:  # pragma: no cover - the register ships with 0.2
            licences = []
        else:
            licences = licences_for_matching(session)
    return {"screening": screening, "licences": list(licences)}


def _know_packs(session: Session, document: dict[str, Any]) -> None:
    """Parse the desk's packs once when a facts document names one this process has not seen
    (an imported pack), so :func:`reedesk.rules.render.expand` can render its citations."""
    from reedesk.rules.packs import known_pack

    named = document.get("packs") if isinstance(document, dict) else None
    if isinstance(named, list) and any(isinstance(p, dict) and known_pack(str(p.get("sha256"))) is None for p in named):
        _active_in_session(session)


def _from_row(row: DeterminationRow, revision: int, reference: str, session: Session | None = None,
              snapshot_text: str | None = None, *, strict: bool = True) -> StoredDetermination:
    """A stored determination as readers get it (a row whose text is not JSON: that text, never an exception, so the
    window can say it cannot read it): a shape-4 document (engine 3.3.0) stores no dossier snapshot,
    so the revision row's snapshot text (``snapshot_text``, read here when not given) is attached, checked
    against the document's ``dossier.sha256`` (a swapped revision is a coded error, not a silent other dossier)."""
    from reedesk.rules.shape4 import SHAPE as SHAPE4, attach_snapshot

    try:
        document: Any = json.loads(row.document)
    except ValueError:  # not JSON (the file was edited outside reedesk): readers get the text and show it as unreadable
        document = row.document
    if isinstance(document, dict) and document.get("shape") == SHAPE4:
        if snapshot_text is None and session is not None:
            rev = session.get(DossierRevisionRow, row.revision_id)
            snapshot_text = rev.document if rev is not None else None
        try:
            document = attach_snapshot(document, None, snapshot_bytes=snapshot_text.encode("utf-8") if snapshot_text is not None else None)
        except ReedeskError:
            if strict:
                raise
            # ``strict=False`` (a list the window shows): the document as stored, which readers mark as unreadable
            # (rules.render.expand refuses it) instead of one bad row hiding the dossier's other determinations
    if session is not None:
        _know_packs(session, document)
    return StoredDetermination(
        id=row.id, document=document, sha256=row.sha256, outcome=row.outcome, revision=revision,
        reference=reference, as_of=row.as_of, created_at=row.created_at, created_by=row.created_by,
    )


def evaluate_reference(desk: Desk, reference: str, as_of: date | str, *, revision: int | None = None, store: bool = True) -> StoredDetermination:
    """Evaluate a stored dossier (latest revision unless given) and, with ``store``, keep
    the determination, note the outcome on the dossier and audit it — all in one unit
    of work. Evaluating the same revision to the same result again stores nothing new."""
    day = as_date(as_of)
    with desk.db.unit_of_work() as session:
        stored = load_in_session(session, reference, revision)
        snapshot = dossier_to_document(stored.dossier)
        document = evaluate(snapshot, _active_in_session(session), day, revision=stored.revision,
                            **evaluation_inputs(session, snapshot, day, desk=desk))
        text = stored_bytes(document).decode("utf-8")  # shape 4: the stored form, without the attached snapshot
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if document["dossier"]["sha256"] != stored.sha256:
            raise ReedeskError.coded("evaluation_dossier_revision_does_match", reference=reference, revision=stored.revision)
        if not store:
            return StoredDetermination(None, document, digest, document["outcome"], stored.revision, reference, day.isoformat())
        existing = session.exec(
            select(DeterminationRow).where(DeterminationRow.revision_id == stored.revision_id, DeterminationRow.sha256 == digest)
        ).first()
        if existing is not None:
            return StoredDetermination(existing.id, document, existing.sha256, existing.outcome, stored.revision, reference,
                                       existing.as_of, existing.created_at, existing.created_by)  # the same bytes, attached
        now = utc_timestamp()
        actor = current_actor()
        row = DeterminationRow(
            revision_id=stored.revision_id, as_of=day.isoformat(), outcome=document["outcome"], document=text,
            sha256=digest, engine_version=ENGINE_VERSION, created_at=now, created_by=actor,
        )
        session.add(row)
        session.flush()
        if stored.revision == stored.latest_revision:
            dossier_row = _dossier_row(session, reference)
            dossier_row.last_outcome = document["outcome"]
            dossier_row.last_as_of = day.isoformat()
            session.add(dossier_row)
        desk_changed(session, "determination", reference)  # published once this unit of work commits (C3)
        append_event(
            session, action="evaluate", entity_type="determination", entity_id=str(row.id), dossier_reference=reference,
            after={"determination_id": row.id, "sha256": digest, "outcome": document["outcome"], "as_of": day.isoformat(),
                   "revision": stored.revision, "snapshot_sha256": stored.sha256, "packs": document["packs"],
                   "engine": document["engine"]},
            actor=actor, occurred_at=now,
        )
        return StoredDetermination(row.id, document, digest, row.outcome, stored.revision, reference, row.as_of,
                                   row.created_at, row.created_by)  # evaluate's attached form: the snapshot it was given


def evaluate_dossier(desk: Desk, dossier: Dossier, as_of: date | str) -> dict[str, Any]:
    """The determination of a dossier that is not stored (a file), screened and matched against
    the register like a stored one; nothing is written."""
    day = as_date(as_of)
    snapshot = dossier_to_document(dossier)
    with desk.db.unit_of_work() as session:
        packs = _active_in_session(session)
        extra = evaluation_inputs(session, snapshot, day, desk=desk)
    return evaluate(snapshot, packs, day, **extra)


def list_determinations(desk: Desk, reference: str) -> list[StoredDetermination]:
    """Every stored determination of a dossier, all revisions, oldest first; a shape-4 one whose revision's snapshot
    does not match its ``dossier.sha256`` is listed as stored (without the snapshot), not raised (see ``_from_row``)."""
    with desk.db.unit_of_work() as session:
        dossier = _dossier_row(session, reference)
        rows = session.exec(
            select(DeterminationRow, DossierRevisionRow.number, DossierRevisionRow.document)
            .join(DossierRevisionRow, DossierRevisionRow.id == DeterminationRow.revision_id)
            .where(DossierRevisionRow.dossier_id == dossier.id)
            .order_by(DeterminationRow.id)
        )
        return [_from_row(row, number, reference, session, snapshot_text, strict=False) for row, number, snapshot_text in rows]


def load_determination(desk: Desk, determination_id: int) -> StoredDetermination:
    with desk.db.unit_of_work() as session:
        row = session.get(DeterminationRow, determination_id)
        if row is None:
            raise NotFound.coded("evaluation_there_determination", determination_id=determination_id)
        revision = session.get(DossierRevisionRow, row.revision_id)
        dossier = session.get(DossierRow, revision.dossier_id) if revision else None
        return _from_row(row, revision.number if revision else 0, dossier.reference if dossier else "", session,
                         revision.document if revision else None)


def reproduce(determination: dict[str, Any], pack_texts: Sequence[str]) -> dict[str, Any]:
    """Re-run the engine on the determination's embedded snapshot, as-of date, screening
    document and licence records with the given pack sources (as embedded in an evidence
    pack), with the engine version that made it (:func:`reedesk.rules.reproduce_with_engine`:
    the frozen 0.1.0 engine for a determination of engine 1.1.0). Needs no desk and no
    network; the result's canonical bytes equal the original's when nothing was changed."""
    from reedesk.rules import reproduce_with_engine

    return reproduce_with_engine(determination, pack_texts)


def reproduces(determination: dict[str, Any], pack_texts: Sequence[str]) -> bool:
    """True when re-running gives byte-identical canonical JSON (of the stored forms: shape 4 without its snapshot)."""
    return stored_bytes(reproduce(determination, pack_texts)) == stored_bytes(determination)

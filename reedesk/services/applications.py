"""Use case: prepare the licence application pack for a stored dossier (``reedesk application``).

Like exporting an evidence pack (``reedesk.services.evidence.export_pack``, whose
public pieces it reuses): evaluate, sign the determination, record an ``export`` audit
event (``kind: licence_application``) with a signed tree head over it, embed the
proofs, build and sign the PDF, check it with the same verifier a reviewer uses, and
only then write the file (through a temporary file) and commit. The application refers
to the evidence pack already exported for the same determination by its document id.
Documents attached with it are stored on the desk (hashed, audited) and embedded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from sqlmodel import Session, select

from reedesk.audit.checkpoints import write_checkpoint
from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import utc_now, utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.evidence.application import (
    CHECKLIST_ITEMS, HUMANITARIAN_OUTCOMES, LICENCE_OUTCOMES, MAIN_LANGUAGE, PACK_KIND, Attachment,
    application_document, build_application_pack,
)
from reedesk.evidence.contents import PackContents
from reedesk.rules.shape4 import require_snapshot, stored_bytes, stored_form
from reedesk.services.attachments import attachment_content, attachments_of, read_attachment_file, store_attachment
from reedesk.services.desk import Desk
from reedesk.store.models import AuditEventRow


@dataclass(frozen=True)
class ApplicationResult:
    path: Path
    document_id: str
    reference: str
    outcome: str
    determination_sha256: str
    evidence_document_id: str | None
    attached: int
    missing: list[str]
    size: int


def _application_id(determination_sha256: str, key_id: str, moment: str) -> str:
    digest = hashlib.sha256(f"application|{determination_sha256}|{key_id}|{moment}".encode()).hexdigest()[:16].upper()
    return "RA-" + "-".join(digest[i: i + 4] for i in range(0, 16, 4))


def evidence_pack_for(session: Session, reference: str, determination_sha256: str) -> dict[str, Any] | None:
    """The latest evidence pack exported for this determination (else for this dossier), or None."""
    rows = session.exec(select(AuditEventRow).where(AuditEventRow.action == "export",
                                                    AuditEventRow.dossier_reference == reference)
                        .order_by(AuditEventRow.seq.desc())).all()  # type: ignore[union-attr]
    fallback = None
    for row in rows:
        after = json.loads(row.after) if row.after else {}
        if not isinstance(after, dict) or after.get("kind") == PACK_KIND or not after.get("document_id"):
            continue
        found = {"document_id": after["document_id"], "determination_sha256": after.get("determination_sha256"),
                 "as_of": after.get("as_of"), "file_name": after.get("file_name"), "audit_seq": row.seq}
        if after.get("determination_sha256") == determination_sha256:
            return found
        fallback = fallback or found
    return fallback


def prepare_application(
    desk: Desk, reference: str, as_of: date, out: Path, *, passphrase: str, key_id: str | None = None,
    language: str = MAIN_LANGUAGE, attach: Sequence[tuple[str, Path]] = (), meaning: str = "Prepared by",
    overwrite: bool = False,
) -> ApplicationResult:
    """Write the signed application pack for ``reference`` as of ``as_of`` to ``out``.

    ``language`` ``zh-Hans`` (the default: MOFCOM works in Simplified Chinese), ``zh-Hant`` (the same pages in
    Traditional script, for a reader of Traditional Chinese) or ``en`` (Simplified Chinese with English beside it). ``attach``: (checklist item, file) pairs.
    """
    from reedesk.audit.verify import known_public_keys
    from reedesk.services import evidence as ev
    from reedesk.services.audit import proofs_for_dossier_in
    from reedesk.services.evaluation import evaluate_reference
    from reedesk.services.keys import default_identity, get_identity, unlock
    from reedesk.services.signing import sign_determination, signatures_for

    if language not in ("zh-Hans", "zh-Hant", "en"):
        raise ReedeskError.coded("applications_application_pack_simplified_chinese", language=language)
    main = "zh-Hant" if language == "zh-Hant" else MAIN_LANGUAGE  # the pages' Chinese script
    out = Path(out)
    if out.exists() and out.is_dir():
        raise ReedeskError.coded("applications_folder_give_file_name", out=out, value=out / 'application.pdf')
    if not out.parent.exists():
        raise ReedeskError.coded("applications_folder_does_exist_create", parent=out.parent)
    if out.exists() and not overwrite:
        raise ReedeskError.coded("applications_already_exists_choose_another", out=out)
    files: list[tuple[str, Path, bytes, str]] = []
    for kind, path in attach:
        if kind not in CHECKLIST_ITEMS:
            raise ReedeskError.coded("applications_attach_checklist_item_use", kind=kind, join=', '.join(CHECKLIST_ITEMS))
        data, media = read_attachment_file(Path(path))
        files.append((kind, Path(path), data, media))

    from reedesk.services.signing import check_export_approval

    check_export_approval(desk, reference, as_of, meaning)  # four eyes on a team desk: refused before the key is unlocked
    identity = get_identity(desk, key_id) if key_id else default_identity(desk)
    private_key = unlock(desk, identity.key_id, passphrase)
    stored = evaluate_reference(desk, reference, as_of)
    outcome = stored.outcome
    if outcome not in LICENCE_OUTCOMES | HUMANITARIAN_OUTCOMES:
        raise ReedeskError.coded("applications_dossier_licence_needed_applied", reference=reference, isoformat=as_of.isoformat(), outcome=outcome)
    if not any(s.key_id == identity.key_id and s.meaning == meaning for s in signatures_for(desk, stored.id)):
        sign_determination(desk, stored.id, identity.key_id, passphrase, meaning)
    signatures = signatures_for(desk, stored.id)
    rule_packs = ev._rule_pack_sources(desk, list(stored.document.get("packs") or []))
    labels = {s.key_id: {"name": s.signer_name, "role": s.signer_role, "organisation": s.signer_organisation} for s in signatures}
    control_codes = _control_codes(desk, stored.document, as_of)
    timestamp_url = ev._timestamp_url(desk)
    created_at = utc_timestamp()
    document_id = _application_id(stored.sha256, identity.key_id, created_at)
    determination_sha = hashlib.sha256(stored_bytes(stored.document)).hexdigest()  # shape 4: without the attached snapshot
    written = False
    try:
        with desk.db.unit_of_work() as session:
            for kind, path, data, media in files:
                store_attachment(session, owner_type="dossier", owner_key=reference, kind=kind, file_name=path.name,
                                 media_type=media, content=data, dossier_reference=reference)
            attachments = [Attachment(a.kind, a.file_name, a.media_type, a.sha256, attachment_content(session, a.id))
                           for a in attachments_of(session, "dossier", reference) if a.kind in CHECKLIST_ITEMS]
            evidence = evidence_pack_for(session, reference, stored.sha256)
            contents = PackContents(
                document_id=document_id, language=main, created_at=created_at, determination=stored_form(stored.document),
                snapshot=require_snapshot(stored.document),
                determination_sha256=determination_sha, envelopes=[s.envelope for s in signatures], public_keys={},
                rule_packs=rule_packs, audit_proofs=None, key_labels=labels,
            )
            signer = {"name": identity.name, "role": identity.role, "organisation": identity.organisation}
            languages = [main] + (["en"] if language == "en" else [])
            application = application_document(contents, control_codes=control_codes, evidence=evidence,
                                               attachments=attachments, languages=languages, prepared_by=signer)
            missing = [i["item"] for i in application["checklist"] if i["status"] == "missing"]
            desk_changed(session, "determination", reference)  # published once this unit of work commits (C3)
            append_event(
                session, action="export", entity_type="determination", entity_id=str(stored.id), dossier_reference=reference,
                after={"document_id": document_id, "kind": PACK_KIND, "determination_sha256": stored.sha256,
                       "as_of": as_of.isoformat(), "outcome": outcome, "language": language, "file_name": out.name,
                       "signatures": [s.id for s in signatures],
                       "evidence_document_id": (evidence or {}).get("document_id"),
                       "application_sha256": hashlib.sha256(canonical_bytes(application)).hexdigest(),
                       "attachments": [{"kind": a.kind, "sha256": a.sha256} for a in attachments], "missing": missing},
            )
            write_checkpoint(session, private_key, identity.key_id)
            proofs = proofs_for_dossier_in(session, reference)
            known = dict(known_public_keys(session))
            known.update(ev._desk_keys(session))
            needed = {s.key_id for s in signatures} | {identity.key_id}
            head = proofs.get("tree_head") or {}
            if head.get("key_id"):
                needed.add(head["key_id"])
            contents.public_keys = {k: known[k].hex() for k in needed if k in known}
            contents.audit_proofs = proofs
            data = build_application_pack(contents, application, attachments, private_key, signer=signer, now=utc_now(),
                                          timestamp_url=timestamp_url)
            ev.check_finished_pack(data, out.name, signer_keys=needed, pack_hashes=[p["sha256"] for p in rule_packs])
            ev._write_atomically(out, data, lambda: False, overwrite=overwrite)
            written = True
    except BaseException:
        if written:
            out.unlink(missing_ok=True)
        raise
    return ApplicationResult(out, document_id, reference, outcome, stored.sha256, (evidence or {}).get("document_id"),
                             sum(1 for i in application["checklist"] if i["status"] == "attached"), missing, len(data))


def _control_codes(desk: Desk, determination: dict[str, Any], day: date) -> list[str]:
    remark = determination.get("customs_remark")
    if isinstance(remark, dict):
        codes = remark.get("control_codes") or remark.get("codes")
        if isinstance(codes, list) and codes:
            return [str(c) for c in codes]
    try:
        from reedesk.rules.scope import dual_use_codes
        from reedesk.services.evaluation import active_packs

        snapshot = (determination.get("dossier") or {}).get("snapshot") or {}
        return list(dual_use_codes(snapshot, active_packs(desk), day))
    except Exception:  # noqa: BLE001 - no packs readable: the pack says the codes are not known
        return []

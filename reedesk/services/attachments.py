"""Documents attached to a licence or a dossier: stored whole in the database and named
by their SHA-256, so a backup of the desk carries them and an application pack can
embed exactly what was attached (issue 15).

Attaching is an audit event in the same unit of work; an attachment is never edited
(the table refuses UPDATE; migration 0004), and deleting one is a retention-checked use
case (``reedesk.services.retention``).
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import current_actor, utc_timestamp
from reedesk.errors import ReedeskError
from reedesk.store.licence_models import AttachmentRow

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    owner_type: str
    owner_key: str
    kind: str
    file_name: str
    media_type: str
    sha256: str
    size: int
    created_at: str


def _info(row: AttachmentRow) -> AttachmentInfo:
    assert row.id is not None
    return AttachmentInfo(row.id, row.owner_type, row.owner_key, row.kind, row.file_name, row.media_type, row.sha256,
                          row.size, row.created_at)


def read_attachment_file(path: Path, *, pdf_only: bool = False) -> tuple[bytes, str]:
    """The bytes and media type of a file to attach; a PDF must start like one."""
    path = Path(path)
    data = path.read_bytes()
    if not data:
        raise ReedeskError.coded("attachments_empty_attached", path=path)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ReedeskError.coded("attachments_larger_than_mb_attached", path=path, value=MAX_ATTACHMENT_BYTES // (1024 * 1024))
    is_pdf = data[:1024].lstrip().startswith(b"%PDF-")
    if pdf_only and not is_pdf:
        raise ReedeskError.coded("attachments_pdf_file_does_start", path=path)
    if is_pdf:
        return data, "application/pdf"
    guessed = mimetypes.guess_type(path.name)[0]
    return data, guessed or "application/octet-stream"


def store_attachment(session: Session, *, owner_type: str, owner_key: str, kind: str, file_name: str,
                     media_type: str, content: bytes, dossier_reference: str | None = None) -> AttachmentInfo:
    """Store one document (inside the caller's unit of work) and record the event.

    The same bytes attached again as the same kind to the same owner are stored once.
    """
    digest = hashlib.sha256(content).hexdigest()
    existing = session.exec(select(AttachmentRow).where(
        AttachmentRow.owner_type == owner_type, AttachmentRow.owner_key == owner_key,
        AttachmentRow.kind == kind, AttachmentRow.sha256 == digest)).first()
    if existing is not None:
        return _info(existing)
    row = AttachmentRow(owner_type=owner_type, owner_key=owner_key, kind=kind, file_name=Path(file_name).name,
                        media_type=media_type, sha256=digest, size=len(content), content=content,
                        created_at=utc_timestamp(), created_by=current_actor())
    session.add(row)
    session.flush()
    info = _info(row)
    desk_changed(session, "dossier", dossier_reference)  # published once this unit of work commits (C3)
    append_event(session, action="attach", entity_type="attachment", entity_id=str(info.id),
                 dossier_reference=dossier_reference,
                 after={"owner_type": owner_type, "owner_key": owner_key, "kind": kind, "file_name": info.file_name,
                        "media_type": media_type, "sha256": digest, "size": info.size})
    return info


def attachments_of(session: Session, owner_type: str, owner_key: str) -> list[AttachmentInfo]:
    rows = session.exec(select(AttachmentRow).where(AttachmentRow.owner_type == owner_type,
                                                    AttachmentRow.owner_key == owner_key)
                        .order_by(AttachmentRow.id)).all()  # type: ignore[arg-type]
    return [_info(r) for r in rows]


def attachment_content(session: Session, attachment_id: int) -> bytes:
    """The stored bytes, checked against the stored SHA-256 (a changed file is refused)."""
    row = session.get(AttachmentRow, attachment_id)
    if row is None:
        raise ReedeskError.coded("attachments_attachment_id", attachment_id=attachment_id)
    if hashlib.sha256(row.content).hexdigest() != row.sha256:
        raise ReedeskError.coded("attachments_attachment_longer_matches_sha", attachment_id=attachment_id, file_name=row.file_name, sha256=row.sha256)
    return bytes(row.content)

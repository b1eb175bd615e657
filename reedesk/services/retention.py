"""Record retention (Dual-Use Items Export Control Regulations Art. 27: records of exports —
certificates, contracts, invoices, correspondence — are kept at least 5 years).

A dossier (with its determinations), a licence or an attached document may be deleted
only once the desk's retention period (setting ``retention_years``, default and minimum
5) has passed since its *anchor*:

- dossier: its last export (an evidence or application pack, ``export`` audit event) or
  its last shipment recorded against a licence, whichever is later;
- licence: its last shipment, or the end of its validity if that is later (an unused
  licence is still a record of what was authorised);
- attachment: the anchor of the dossier or licence it belongs to, or its own attaching
  if that is later.

A record without an anchor (a dossier never exported or shipped) is not under the
retention rule. A refusal names the date the record becomes deletable.
:func:`retention_report` lists every record with that date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import utc_now
from reedesk.errors import NotFound, ReedeskError
from reedesk.services.desk import Desk
from reedesk.store.licence_models import AttachmentRow, LicenceRevisionRow, LicenceRow, LicenceShipmentRow
from reedesk.store.models import AuditEventRow, DossierRow, SettingRow

DEFAULT_RETENTION_YEARS = 5
MINIMUM_RETENTION_YEARS = 5
LEGAL_BASIS = "Dual-Use Items Export Control Regulations Art. 27"


class RetentionRefused(ReedeskError):
    """The record is younger than the retention period; it says when it becomes deletable."""


@dataclass(frozen=True)
class RetentionRow:
    kind: str  # dossier | licence | attachment
    key: str
    anchor: str | None  # what the period runs from ("last export", "last shipment", "validity end", ...)
    anchor_date: str | None
    deletable_on: str | None  # None: not under the retention rule (deletable now)
    deletable_now: bool

    def document(self) -> dict[str, Any]:
        return dict(self.__dict__)


def retention_years(session: Session) -> int:
    row = session.get(SettingRow, "retention_years")
    try:
        years = int(row.value) if row is not None else DEFAULT_RETENTION_YEARS
    except ValueError:
        years = DEFAULT_RETENTION_YEARS
    return max(years, MINIMUM_RETENTION_YEARS)


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _day(text: str | None) -> date | None:
    return None if not text else date.fromisoformat(text[:10])


def _later(*pairs: tuple[str, date | None]) -> tuple[str | None, date | None]:
    found = [(what, when) for what, when in pairs if when is not None]
    if not found:
        return None, None
    return max(found, key=lambda p: p[1])


def dossier_anchor(session: Session, reference: str) -> tuple[str | None, date | None]:
    export = session.exec(select(func.max(AuditEventRow.occurred_at)).where(
        AuditEventRow.action == "export", AuditEventRow.dossier_reference == reference)).one()
    shipped = session.exec(select(func.max(LicenceShipmentRow.shipped_on)).where(
        LicenceShipmentRow.dossier_reference == reference)).one()
    return _later(("last export", _day(export)), ("last shipment", _day(shipped)))


def licence_anchor(session: Session, row: LicenceRow) -> tuple[str | None, date | None]:
    shipped = session.exec(select(func.max(LicenceShipmentRow.shipped_on)).where(
        LicenceShipmentRow.licence_id == row.id)).one()
    return _later(("last shipment", _day(shipped)), ("end of validity", _day(row.valid_until)))


def attachment_anchor(session: Session, row: AttachmentRow) -> tuple[str | None, date | None]:
    owner: tuple[str | None, date | None] = (None, None)
    if row.owner_type == "dossier":
        owner = dossier_anchor(session, row.owner_key)
    elif row.owner_type == "licence":
        licence = session.exec(select(LicenceRow).where(LicenceRow.number == row.owner_key)).first()
        if licence is not None:
            owner = licence_anchor(session, licence)
    if owner[1] is None:
        return None, None
    return _later((f"{row.owner_type} {row.owner_key}: {owner[0]}", owner[1]), ("attached", _day(row.created_at)))


def _row(session: Session, kind: str, key: str, anchor: tuple[str | None, date | None], today: date) -> RetentionRow:
    what, when = anchor
    if when is None:
        return RetentionRow(kind, key, None, None, None, True)
    until = add_years(when, retention_years(session))
    return RetentionRow(kind, key, what, when.isoformat(), until.isoformat(), today >= until)


# The legal basis and what a period runs from, in the three languages (the refusal is said in the reader's).
_LEGAL_BASIS = {"en": LEGAL_BASIS, "zh-Hant": "《兩用物項出口管制條例》第二十七條", "zh-Hans": "《两用物项出口管制条例》第二十七条"}
_ANCHORS = {"last export": ("最後一次匯出", "最后一次导出"), "last shipment": ("最後一次出貨", "最后一次出货"),
            "end of validity": ("有效期屆滿", "有效期届满"), "attached": ("附加文件", "附加文件")}
_OWNERS = {"dossier": ("卷宗", "卷宗"), "licence": ("許可證", "许可证")}


def _anchor_words(anchor: str | None) -> dict[str, str]:
    """``last shipment`` or ``dossier LM-1: last export`` (an attachment's owner's anchor) in three languages."""
    text = str(anchor or "")
    owner, _, inner = text.partition(": ") if ": " in text else ("", "", text)
    hant, hans = _ANCHORS.get(inner, (inner, inner))
    kind, _, key = owner.partition(" ")
    if owner and kind in _OWNERS:
        hant, hans = f"{_OWNERS[kind][0]} {key} 的{hant}", f"{_OWNERS[kind][1]} {key} 的{hans}"
    return {"en": text, "zh-Hant": hant, "zh-Hans": hans}


def _refuse_if_kept(session: Session, row: RetentionRow, what: dict[str, str]) -> None:
    """``what`` is the record in the three languages ("Dossier LM-1", "卷宗 LM-1 ", …)."""
    if not row.deletable_now:
        raise RetentionRefused.coded("retention_refused", what=what, deletable_on=row.deletable_on,
                                     years=retention_years(session), anchor=_anchor_words(row.anchor),
                                     anchor_date=row.anchor_date, legal_basis=_LEGAL_BASIS)


def check_dossier_deletable(session: Session, reference: str, today: date | None = None) -> None:
    """Raise :class:`RetentionRefused` if the dossier is still within its retention period."""
    row = _row(session, "dossier", reference, dossier_anchor(session, reference), today or utc_now().date())
    _refuse_if_kept(session, row, {"en": f"Dossier {reference}", "zh-Hant": f"卷宗 {reference} ", "zh-Hans": f"卷宗 {reference} "})


def retention_report(desk: Desk, today: date | None = None) -> list[RetentionRow]:
    """Every dossier, licence and attachment with the date it may be deleted, soonest first."""
    day = today or utc_now().date()
    out: list[RetentionRow] = []
    with desk.db.read() as session:
        for reference in session.exec(select(DossierRow.reference).order_by(DossierRow.reference)).all():
            out.append(_row(session, "dossier", reference, dossier_anchor(session, reference), day))
        for licence in session.exec(select(LicenceRow).order_by(LicenceRow.number)).all():  # type: ignore[arg-type]
            out.append(_row(session, "licence", licence.number, licence_anchor(session, licence), day))
        for attachment in session.exec(select(AttachmentRow).order_by(AttachmentRow.id)).all():  # type: ignore[arg-type]
            key = f"{attachment.id} ({attachment.owner_type} {attachment.owner_key}, {attachment.kind}, {attachment.file_name})"
            out.append(_row(session, "attachment", key, attachment_anchor(session, attachment), day))
    return sorted(out, key=lambda r: (r.deletable_on or "", r.kind, r.key))


def _delete_attachment_row(session: Session, row: AttachmentRow, reason: str | None) -> None:
    desk_changed(session, "dossier" if row.owner_type == "dossier" else "licences", row.owner_key if row.owner_type == "dossier" else None)  # published once this unit of work commits (C3)
    append_event(session, action="delete", entity_type="attachment", entity_id=str(row.id),
                 dossier_reference=row.owner_key if row.owner_type == "dossier" else None,
                 before={"owner_type": row.owner_type, "owner_key": row.owner_key, "kind": row.kind,
                         "file_name": row.file_name, "sha256": row.sha256, "size": row.size}, reason=reason)
    session.delete(row)
    session.flush()


def delete_attachment(desk: Desk, attachment_id: int, *, reason: str | None = None, today: date | None = None) -> None:
    """Delete one stored document once its retention period has passed (audited; the hash stays in the trail)."""
    with desk.db.unit_of_work() as session:
        row = session.get(AttachmentRow, attachment_id)
        if row is None:
            raise NotFound.coded("retention_attachment_id_reedesk_retention", attachment_id=attachment_id)
        check = _row(session, "attachment", str(attachment_id), attachment_anchor(session, row), today or utc_now().date())
        _refuse_if_kept(session, check, {"en": f"Attachment {attachment_id} ({row.file_name})",
                                         "zh-Hant": f"附件 {attachment_id}（{row.file_name}）", "zh-Hans": f"附件 {attachment_id}（{row.file_name}）"})
        _delete_attachment_row(session, row, reason)


def delete_licence(desk: Desk, number: str, *, reason: str | None = None, today: date | None = None) -> None:
    """Delete a licence with its revisions, shipments and scanned source once its retention period has passed.

    The audit trail keeps a ``delete`` event whose ``before`` holds the last revision and
    every shipment, so what was deleted can still be read.
    """
    with desk.db.unit_of_work() as session:
        row = session.exec(select(LicenceRow).where(LicenceRow.number == number)).first()
        if row is None:
            raise NotFound.coded("retention_licence_number_reedesk_licence", number=number)
        check = _row(session, "licence", number, licence_anchor(session, row), today or utc_now().date())
        _refuse_if_kept(session, check, {"en": f"Licence {number}", "zh-Hant": f"許可證 {number} ", "zh-Hans": f"许可证 {number} "})
        for attachment in session.exec(select(AttachmentRow).where(AttachmentRow.owner_type == "licence",
                                                                   AttachmentRow.owner_key == number)).all():
            _delete_attachment_row(session, attachment, reason)
        revisions = session.exec(select(LicenceRevisionRow).where(LicenceRevisionRow.licence_id == row.id)).all()
        shipments = session.exec(select(LicenceShipmentRow).where(LicenceShipmentRow.licence_id == row.id)).all()
        current = next(r for r in revisions if r.number == row.current_revision)
        desk_changed(session, "licences")  # published once this unit of work commits (C3)
        append_event(session, action="delete", entity_type="licence", entity_id=number, reason=reason, before={
            "revision": current.number, "sha256": current.sha256, "document": json.loads(current.document),
            "revisions": len(revisions),
            "shipments": [{"dossier_reference": s.dossier_reference, "shipped_on": s.shipped_on, "quantity": s.quantity,
                           "unit": s.unit, "value_amount": s.value_amount, "value_currency": s.value_currency}
                          for s in shipments]})
        for item in list(shipments) + list(revisions):
            session.delete(item)
        session.flush()
        session.delete(row)
        session.flush()

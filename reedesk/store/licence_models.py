"""Tables of the licence register, the shipments drawn against licences, and stored
attachments (migration ``db/versions/0004_licences.py``; ``tests/store/test_migrations.py``
proves they agree).

A licence is never edited: each change appends a revision holding the
``reedesk.licence/1`` document as the canonical JSON it was hashed as. Quantities and
amounts are stored as decimal text, so what was drawn is exactly what is summed.
Attachments (a licence's scanned source, an application's supporting documents) are
stored in the database itself, so a backup of the desk carries them, and are found by
their SHA-256.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class LicenceRow(SQLModel, table=True):
    """One licence number; its content lives in revisions. ``valid_until`` and
    ``holder_name`` are copied from the current revision for listing."""

    __tablename__ = "licence"
    id: Optional[int] = Field(default=None, primary_key=True)
    number: str = Field(index=True, unique=True)
    current_revision: int = 1
    holder_name: str
    licence_type: str
    valid_until: str = Field(index=True)
    created_at: str
    updated_at: str


class LicenceRevisionRow(SQLModel, table=True):
    """An immutable revision: the ``reedesk.licence/1`` document as canonical JSON."""

    __tablename__ = "licence_revision"
    __table_args__ = (UniqueConstraint("licence_id", "number", name="uq_licence_revision_number"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    licence_id: int = Field(foreign_key="licence.id", index=True)
    number: int
    document: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str
    created_at: str
    created_by: str
    reason: Optional[str] = None


class LicenceShipmentRow(SQLModel, table=True):
    """One export recorded against a licence (``reedesk ship``): the draw-down.

    ``usage`` is the JSON list, per limit of the licence revision, of what this shipment
    drew in the limit's unit and currency (``[{"quantity": "40", "value": "80000.00"}]``).
    """

    __tablename__ = "licence_shipment"
    id: Optional[int] = Field(default=None, primary_key=True)
    licence_id: int = Field(foreign_key="licence.id", index=True)
    licence_revision: int
    dossier_reference: str = Field(index=True)
    shipped_on: str
    quantity: Optional[str] = None
    unit: Optional[str] = None
    value_amount: Optional[str] = None
    value_currency: Optional[str] = None
    usage: str = Field(sa_column=Column(Text, nullable=False))
    created_at: str
    created_by: str


class AttachmentRow(SQLModel, table=True):
    """A document attached to a licence or a dossier, stored whole and named by its SHA-256.

    ``owner_type`` is ``licence`` or ``dossier``, ``owner_key`` the licence number or
    dossier reference, ``kind`` what the document is (``source_document``,
    ``end_user_certificate``, ``contract`` …).
    """

    __tablename__ = "attachment"
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_type: str = Field(index=True)
    owner_key: str = Field(index=True)
    kind: str
    file_name: str
    media_type: str
    sha256: str = Field(index=True)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: str
    created_by: str

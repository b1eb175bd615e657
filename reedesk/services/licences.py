"""The licence register: add a licence (or a new revision of one), list, show, and record
shipments against it (draw-downs), each in one unit of work with its audit event.

A licence is never edited in place: adding a changed ``reedesk.licence/1`` file with a
number already in the register appends revision N+1 and keeps N readable; adding an
unchanged one stores nothing. A draw-down is refused when it would take a limit past
zero; reaching zero exactly is allowed. Two draw-downs at the same moment (two
processes) cannot both pass: the unit of work takes SQLite's write lock before it
reads the balance (``BEGIN IMMEDIATE`` in ``Database.unit_of_work``; this module also
writes the licence row first, so even a deferred transaction holds the lock before the
read). :func:`licences_for_matching` gives the engine the records with their usage, which
the determination freezes so that it reproduces after later draw-downs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import update
from sqlmodel import Session, select

from reedesk.audit.trail import append_event
from reedesk.services.events import after_commit as desk_changed
from reedesk.clock import current_actor, utc_now, utc_timestamp
from reedesk.domain.dossier_file import canonical_bytes, dossier_to_document
from reedesk.errors import NotFound, Problem, ReedeskError, ValidationFailed
from reedesk.licences.matching import DECIMAL, check_licence, convert_quantity, dstr, shipment_facts
from reedesk.licences.record import Licence, LicenceLimit, SourceDocument, licence_to_document, parse_licence, parse_licence_json
from reedesk.services.attachments import AttachmentInfo, attachments_of, read_attachment_file, store_attachment
from reedesk.services.desk import Desk
from reedesk.store.licence_models import LicenceRevisionRow, LicenceRow, LicenceShipmentRow

EXPIRY_WARNING_DAYS = 30

_AMOUNT = re.compile(r"\s*(?:([A-Za-z]{3})\s+)?([0-9]+(?:\.[0-9]+)?)\s*([^\s0-9.][^\s]*)?\s*")


def parse_amount_text(text: str, what: str) -> tuple[Decimal, str | None]:
    """``"40"``, ``"40 kg"``, ``"80000.00 USD"`` or ``"USD 80000.00"`` → (Decimal, unit or currency).

    Shared by ``reedesk ship`` and the GUI, so both read a typed amount the same way."""
    m = _AMOUNT.fullmatch(text)
    if m is None or (m.group(1) and m.group(3)):
        raise ReedeskError.coded("licences_amount_such_kg_usd", what=what, text=text)
    return Decimal(m.group(2)), m.group(1) or m.group(3)


@dataclass(frozen=True)
class AddResult:
    number: str
    revision: int
    changed: bool
    sha256: str


@dataclass(frozen=True)
class LimitBalance:
    """One limit of a licence: the cap, what was drawn, what is left (Decimal)."""

    index: int
    quantity: Decimal | None
    unit: str | None
    used_quantity: Decimal
    value: Decimal | None
    currency: str | None
    used_value: Decimal

    @property
    def remaining_quantity(self) -> Decimal | None:
        return None if self.quantity is None else DECIMAL.subtract(self.quantity, self.used_quantity)

    @property
    def remaining_value(self) -> Decimal | None:
        return None if self.value is None else DECIMAL.subtract(self.value, self.used_value)

    def document(self) -> dict[str, Any]:
        out: dict[str, Any] = {"limit": self.index}
        if self.quantity is not None:
            out.update(quantity=dstr(self.quantity), unit=self.unit, used_quantity=dstr(self.used_quantity),
                       remaining_quantity=dstr(self.remaining_quantity))  # type: ignore[arg-type]
        if self.value is not None:
            out.update(value={"amount": dstr(self.value), "currency": self.currency}, used_value=dstr(self.used_value),
                       remaining_value=dstr(self.remaining_value))  # type: ignore[arg-type]
        return out


@dataclass(frozen=True)
class LicenceSummary:
    number: str
    type: str
    holder: str
    valid_from: str
    valid_until: str
    revision: int
    status: str  # valid | expiring | expired | not_yet_valid
    days_left: int
    balances: tuple[LimitBalance, ...]
    shipments: int

    @property
    def expiring(self) -> bool:
        return self.status == "expiring"


@dataclass(frozen=True)
class ShipmentInfo:
    id: int
    dossier_reference: str
    shipped_on: str
    quantity: str | None
    unit: str | None
    value_amount: str | None
    value_currency: str | None
    licence_revision: int
    usage: list[dict[str, Any]]
    created_at: str
    created_by: str


@dataclass(frozen=True)
class RevisionInfo:
    number: int
    sha256: str
    created_at: str
    created_by: str
    reason: str | None


@dataclass(frozen=True)
class LicenceView:
    number: str
    revision: int
    latest_revision: int
    document: dict[str, Any]
    sha256: str
    summary: LicenceSummary
    revisions: tuple[RevisionInfo, ...]
    shipments: tuple[ShipmentInfo, ...]
    attachments: tuple[AttachmentInfo, ...]


@dataclass(frozen=True)
class ShipResult:
    number: str
    reference: str
    shipment_id: int
    balances: tuple[LimitBalance, ...]
    event_seq: int | None


# ---------------------------------------------------------------------------- reading


def _licence_row(session: Session, number: str) -> LicenceRow:
    row = session.exec(select(LicenceRow).where(LicenceRow.number == number)).first()
    if row is None:
        raise NotFound.coded("retention_licence_number_reedesk_licence", number=number)
    return row


def _revision(session: Session, row: LicenceRow, number: int | None = None) -> LicenceRevisionRow:
    wanted = row.current_revision if number is None else number
    rev = session.exec(select(LicenceRevisionRow).where(LicenceRevisionRow.licence_id == row.id,
                                                        LicenceRevisionRow.number == wanted)).first()
    if rev is None:
        raise NotFound.coded("licences_licence_revision_latest", number=row.number, wanted=wanted, current_revision=row.current_revision)
    if hashlib.sha256(rev.document.encode("utf-8")).hexdigest() != rev.sha256:
        raise ReedeskError.coded("licences_licence_revision_does_match", number=row.number, wanted=wanted)
    return rev


def _shipments(session: Session, row: LicenceRow) -> list[LicenceShipmentRow]:
    return list(session.exec(select(LicenceShipmentRow).where(LicenceShipmentRow.licence_id == row.id)
                             .order_by(LicenceShipmentRow.id)).all())  # type: ignore[arg-type]


def _used(shipments: list[LicenceShipmentRow], lic: Licence, current: int | None = None,
          limits_of: Callable[[int], list[LicenceLimit] | None] | None = None) -> list[tuple[Decimal, Decimal]]:
    """What the shipments drew from each of ``lic``'s limits (quantity in the limit's unit, value in its currency).

    A shipment's ``usage`` names limits by position in the revision it was drawn under (``licence_revision``). Drawn
    under ``current``: taken by position. Drawn under an earlier revision (``limits_of`` gives its limits), each draw
    goes to the current limit it is of, whatever its position: the quantity to the first limit whose unit it converts
    into (the same unit first), converted; the value to the first limit of the same currency. Session 14's bug hunt:
    a revision that only reordered the limits wiped every draw-down, and one that wrote 100 kg as 0.1 t read a 40 kg
    draw as 40 t."""
    count = len(lic.limits)
    used = [(Decimal(0), Decimal(0)) for _ in range(count)]
    for s in shipments:
        older = None if current is None or limits_of is None or s.licence_revision == current else limits_of(s.licence_revision)
        for entry in json.loads(s.usage):
            i = entry.get("limit")
            quantity, value = Decimal(entry.get("quantity") or "0"), Decimal(entry.get("value") or "0")
            if older is None:
                if isinstance(i, int) and 0 <= i < count:
                    q, v = used[i]
                    used[i] = (DECIMAL.add(q, quantity), DECIMAL.add(v, value))
                continue
            was = older[i] if isinstance(i, int) and 0 <= i < len(older) else None
            if was is None:
                continue
            if quantity and was.unit is not None:
                for j in _same_unit_first(lic.limits, was.unit):
                    converted = convert_quantity(quantity, was.unit, lic.limits[j].unit or "")
                    if lic.limits[j].quantity is not None and converted is not None:
                        used[j] = (DECIMAL.add(used[j][0], converted), used[j][1])
                        break
            if value and was.value is not None:
                for j, lim in enumerate(lic.limits):
                    if lim.value is not None and lim.value.currency == was.value.currency:
                        used[j] = (used[j][0], DECIMAL.add(used[j][1], value))
                        break
    return used


def _same_unit_first(limits: list[LicenceLimit], unit: str) -> list[int]:
    same = [j for j, lim in enumerate(limits) if (lim.unit or "").strip().lower() == unit.strip().lower()]
    return same + [j for j in range(len(limits)) if j not in same]


def _limits_of(session: Session, row: LicenceRow) -> Callable[[int], list[LicenceLimit] | None]:
    """The limits of ``row``'s revision ``n`` (read by :func:`_revision`, parsed once each), or None when it is not
    stored."""
    parsed: dict[int, list[LicenceLimit] | None] = {}

    def limits(n: int) -> list[LicenceLimit] | None:
        if n not in parsed:
            try:
                rev = _revision(session, row, n)
            except NotFound:
                parsed[n] = None
            else:
                parsed[n] = parse_licence(json.loads(rev.document), f"licence {row.number} revision {n}").limits
        return parsed[n]

    return limits


def _balances(lic: Licence, shipments: list[LicenceShipmentRow], current: int | None = None,
              limits_of: Callable[[int], list[LicenceLimit] | None] | None = None) -> tuple[LimitBalance, ...]:
    used = _used(shipments, lic, current, limits_of)
    return tuple(
        LimitBalance(i, lim.quantity, lim.unit, used[i][0], None if lim.value is None else lim.value.amount,
                     None if lim.value is None else lim.value.currency, used[i][1])
        for i, lim in enumerate(lic.limits)
    )


def licence_status(lic: Licence, today: date) -> tuple[str, int]:
    """``valid``, ``expiring`` (within 30 days), ``expired`` or ``not_yet_valid``, and days left."""
    days = (lic.valid_until - today).days
    if today < lic.valid_from:
        return "not_yet_valid", days
    if days < 0:
        return "expired", days
    if days <= EXPIRY_WARNING_DAYS:
        return "expiring", days
    return "valid", days


def _summary(session: Session, row: LicenceRow, today: date) -> tuple[LicenceSummary, Licence, LicenceRevisionRow, list[LicenceShipmentRow]]:
    rev = _revision(session, row)
    lic = parse_licence(json.loads(rev.document), f"licence {row.number} revision {rev.number}")
    shipments = _shipments(session, row)
    status, days = licence_status(lic, today)
    summary = LicenceSummary(lic.number, lic.type, lic.holder.name, lic.valid_from.isoformat(),
                             lic.valid_until.isoformat(), rev.number, status, days,
                             _balances(lic, shipments, rev.number, _limits_of(session, row)),
                             len(shipments))
    return summary, lic, rev, shipments


def list_licences(desk: Desk, *, expiring_within: int | None = None, today: date | None = None) -> list[LicenceSummary]:
    """The register, soonest expiry first; ``expiring_within`` keeps those still valid that
    expire within that many days."""
    day = today or utc_now().date()
    with desk.db.read() as session:
        rows = session.exec(select(LicenceRow).order_by(LicenceRow.valid_until, LicenceRow.number)).all()  # type: ignore[arg-type]
        out = [_summary(session, row, day)[0] for row in rows]
    if expiring_within is not None:
        if expiring_within < 0:
            raise ReedeskError.coded("licences_expiring_takes_number_days")
        try:
            limit = (day + timedelta(days=expiring_within)).isoformat()
        except OverflowError:  # more days than the calendar holds (--expiring 99999999999999): every valid licence
            limit = date.max.isoformat()
        out = [s for s in out if s.status != "expired" and s.valid_until <= limit]
    return out


def show_licence(desk: Desk, number: str, *, revision: int | None = None, today: date | None = None) -> LicenceView:
    day = today or utc_now().date()
    with desk.db.read() as session:
        row = _licence_row(session, number)
        summary, _lic, current, shipments = _summary(session, row, day)
        rev = current if revision is None else _revision(session, row, revision)
        revisions = session.exec(select(LicenceRevisionRow).where(LicenceRevisionRow.licence_id == row.id)
                                 .order_by(LicenceRevisionRow.number)).all()  # type: ignore[arg-type]
        return LicenceView(
            number=row.number, revision=rev.number, latest_revision=row.current_revision,
            document=json.loads(rev.document), sha256=rev.sha256, summary=summary,
            revisions=tuple(RevisionInfo(r.number, r.sha256, r.created_at, r.created_by, r.reason) for r in revisions),
            shipments=tuple(_shipment_info(s) for s in shipments),
            attachments=tuple(attachments_of(session, "licence", row.number)),
        )


def _shipment_info(s: LicenceShipmentRow) -> ShipmentInfo:
    assert s.id is not None
    return ShipmentInfo(s.id, s.dossier_reference, s.shipped_on, s.quantity, s.unit, s.value_amount, s.value_currency,
                        s.licence_revision, json.loads(s.usage), s.created_at, s.created_by)


def licences_for_matching(session: Session) -> list[dict[str, Any]]:
    """Every licence's current ``reedesk.licence/1`` document plus ``revision``, ``sha256``
    and ``usage`` (what was drawn per limit so far): the records contract D matches and a
    determination freezes."""
    out: list[dict[str, Any]] = []
    rows = session.exec(select(LicenceRow).order_by(LicenceRow.number)).all()  # type: ignore[arg-type]
    for row in rows:
        rev = _revision(session, row)
        document = json.loads(rev.document)
        lic = parse_licence(document, f"licence {row.number}")
        shipments = _shipments(session, row)
        used = _used(shipments, lic, rev.number, _limits_of(session, row))
        record = dict(document)
        record["revision"] = rev.number
        record["sha256"] = rev.sha256
        record["usage"] = {"shipments": len(shipments),
                           "limits": [{"quantity": dstr(q), "value": dstr(v)} for q, v in used]}
        out.append(record)
    return out


def licence_records(desk: Desk) -> list[dict[str, Any]]:
    with desk.db.read() as session:
        return licences_for_matching(session)


# ---------------------------------------------------------------------------- writing


def add_licence_file(desk: Desk, path: Path, *, source_pdf: Path | None = None, reason: str | None = None) -> AddResult:
    """Read a ``reedesk.licence/1`` file (refused whole, naming the JSON path, if malformed) and add it."""
    path = Path(path)
    lic = parse_licence_json(path.read_bytes(), str(path))
    return add_licence(desk, lic, source_pdf=source_pdf, reason=reason)


def add_licence(desk: Desk, lic: Licence, *, source_pdf: Path | None = None, reason: str | None = None) -> AddResult:
    """Add a licence, or a new revision of one already registered (never an edit)."""
    pdf: tuple[bytes, str] | None = None
    if source_pdf is not None:
        content, _media = read_attachment_file(Path(source_pdf), pdf_only=True)
        digest = hashlib.sha256(content).hexdigest()
        if lic.source_document is not None and lic.source_document.sha256 and lic.source_document.sha256 != digest:
            raise ValidationFailed(str(source_pdf), [Problem(
                "source_document.sha256",
                f"the licence file names {lic.source_document.sha256} but {Path(source_pdf).name} has SHA-256 {digest}")])
        extra = lic.source_document.extra if lic.source_document else {}
        lic = dataclasses.replace(lic, source_document=SourceDocument(Path(source_pdf).name, digest, "application/pdf", extra))
        pdf = (content, Path(source_pdf).name)
    document = licence_to_document(lic)
    text = canonical_bytes(document).decode("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    now, actor = utc_timestamp(), current_actor()
    with desk.db.unit_of_work() as session:
        row = session.exec(select(LicenceRow).where(LicenceRow.number == lic.number)).first()
        if row is not None:
            current = _revision(session, row)
            if current.sha256 == digest:
                if pdf is not None:
                    store_attachment(session, owner_type="licence", owner_key=lic.number, kind="source_document",
                                     file_name=pdf[1], media_type="application/pdf", content=pdf[0])
                return AddResult(lic.number, current.number, False, digest)
            number = row.current_revision + 1
            before: dict[str, Any] | None = {"revision": current.number, "sha256": current.sha256}
            row.current_revision = number
            row.holder_name, row.licence_type, row.valid_until = lic.holder.name, lic.type, lic.valid_until.isoformat()
            row.updated_at = now
            session.add(row)
            action = "revise"
        else:
            number, before, action = 1, None, "create"
            row = LicenceRow(number=lic.number, current_revision=1, holder_name=lic.holder.name, licence_type=lic.type,
                             valid_until=lic.valid_until.isoformat(), created_at=now, updated_at=now)
            session.add(row)
        session.flush()
        assert row.id is not None
        session.add(LicenceRevisionRow(licence_id=row.id, number=number, document=text, sha256=digest, created_at=now,
                                       created_by=actor, reason=reason))
        session.flush()
        desk_changed(session, "licences")  # published once this unit of work commits (C3)
        append_event(session, action=action, entity_type="licence", entity_id=lic.number, before=before,
                     after={"revision": number, "sha256": digest, "document": document}, reason=reason,
                     actor=actor, occurred_at=now)
        if pdf is not None:
            store_attachment(session, owner_type="licence", owner_key=lic.number, kind="source_document",
                             file_name=pdf[1], media_type="application/pdf", content=pdf[0])
        return AddResult(lic.number, number, True, digest)


def _single_unit(lic: Licence) -> str | None:
    units = {lim.unit for lim in lic.limits if lim.quantity is not None and lim.unit}
    return units.pop() if len(units) == 1 else None


def _single_currency(lic: Licence) -> str | None:
    currencies = {lim.value.currency for lim in lic.limits if lim.value is not None}
    return currencies.pop() if len(currencies) == 1 else None


def record_shipment(desk: Desk, reference: str, number: str, *, quantity: Decimal, unit: str | None = None,
                    value: Decimal | None = None, currency: str | None = None, shipped_on: date,
                    reason: str | None = None) -> ShipResult:
    """Record an export of dossier ``reference`` under licence ``number`` and draw down its limits.

    Refused (nothing stored) if the licence does not cover the shipment on ``shipped_on``:
    not valid that day, another destination, end user or consignee, or a limit it would
    exceed. The quantity's unit defaults to the dossier's ``shipment.quantity.unit``,
    then the licence's; the value's currency to the licence's limit currency.
    """
    from reedesk.services.dossiers import load_in_session

    if quantity <= 0:
        raise ReedeskError.coded("licences_quantity_must_greater_than")
    if value is not None and value < 0:
        raise ReedeskError.coded("licences_value_must_negative")
    codes, sub_entries = _control_codes(desk, reference, shipped_on)
    listed = _listed_kinds(desk, reference, shipped_on)
    now, actor = utc_timestamp(), current_actor()
    with desk.db.unit_of_work() as session:
        # Take the write lock before reading the balance: a concurrent draw-down waits here.
        taken = session.connection().execute(
            update(LicenceRow).where(LicenceRow.number == number).values(updated_at=now))  # type: ignore[arg-type]
        if taken.rowcount == 0:
            raise NotFound.coded("retention_licence_number_reedesk_licence", number=number)
        row = _licence_row(session, number)
        session.refresh(row)
        stored = load_in_session(session, reference)
        snapshot = dossier_to_document(stored.dossier)
        rev = _revision(session, row)
        lic = parse_licence(json.loads(rev.document), f"licence {number}")
        shipments = _shipments(session, row)
        facts = shipment_facts(snapshot)
        named = facts.licence.get("number") if facts.licence is not None else None
        if isinstance(named, str) and named != number:
            raise ReedeskError.coded("licences_dossier_travels_under_licence", reference=reference, named=named, number=number)
        unit = unit or facts.unit or _single_unit(lic)
        currency = currency or _single_currency(lic) or facts.currency
        if value is not None and currency is None:
            raise ReedeskError.coded("licences_give_value_s_currency")
        facts = dataclasses.replace(facts, quantity=quantity, unit=unit, value=value, currency=currency,
                                    value_basis="reedesk ship --value")
        limits_of = _limits_of(session, row)
        used = _used(shipments, lic, rev.number, limits_of)
        record = dict(json.loads(rev.document))
        record["usage"] = {"limits": [{"quantity": dstr(q), "value": dstr(v)} for q, v in used]}
        check = check_licence(lic, record, "register", facts, control_codes=codes or [], listed_kinds=listed,
                              as_of=shipped_on, sub_entries=sub_entries, known_rates=True, zh_names=True)
        if value is None and any(lim.value is not None for lim in lic.limits):
            raise ReedeskError.coded("licences_licence_limits_value_give", number=number)
        # Without the packs' control codes the item cannot be checked here (the determination checks it).
        failures = [(code, t) for code, t in check.failures if not (code == "item" and not codes)]
        if failures:
            raise ReedeskError.coded(  # coded: the licences view says it in the window's language (issue 14)
                "licence_cannot_take", number=number, reference=reference, day=shipped_on.isoformat(),
                reasons_en="; ".join(t["en"] for _, t in failures),
                reasons_zh_hant="；".join(t["zh-Hant"] for _, t in failures),
                reasons_zh_hans="；".join(t["zh-Hans"] for _, t in failures))
        usage = []
        for left in check.remaining:
            entry: dict[str, Any] = {"limit": left["limit"]}
            if left.get("shipment_quantity") is not None:
                entry["quantity"] = left["shipment_quantity"]
            if isinstance(left.get("value"), dict) and left["value"].get("shipment") is not None:
                entry["value"] = left["value"]["shipment"]
            usage.append(entry)
        ship = LicenceShipmentRow(
            licence_id=row.id, licence_revision=rev.number, dossier_reference=reference,  # type: ignore[arg-type]
            shipped_on=shipped_on.isoformat(), quantity=dstr(quantity), unit=unit,
            value_amount=None if value is None else dstr(value), value_currency=currency if value is not None else None,
            usage=json.dumps(usage, separators=(",", ":")), created_at=now, created_by=actor)
        session.add(ship)
        session.flush()
        assert ship.id is not None
        balances = _balances(lic, shipments + [ship], rev.number, limits_of)
        desk_changed(session, "licences", reference)  # published once this unit of work commits (C3)
        event = append_event(
            session, action="ship", entity_type="licence", entity_id=number, dossier_reference=reference,
            before={"licence_revision": rev.number, "balances": [b.document() for b in _balances(lic, shipments, rev.number, limits_of)]},
            after={"shipment_id": ship.id, "licence_revision": rev.number, "shipped_on": shipped_on.isoformat(),
                   "quantity": dstr(quantity), "unit": unit,
                   "value": None if value is None else {"amount": dstr(value), "currency": currency},
                   "usage": usage, "notes": check.notes, "balances": [b.document() for b in balances],
                   "dossier_revision": stored.revision, "dossier_sha256": stored.sha256},
            reason=reason, actor=actor, occurred_at=now)
        return ShipResult(number, reference, ship.id, balances, event.seq)


def _control_codes(desk: Desk, reference: str, day: date) -> tuple[list[str] | None, dict[str, str]]:
    """The product's control codes from the rule packs (contract F), or None if unknown, and the sub-entry of each
    that the packs in use give the product (``{"1C904": "1C904.a"}`` for terbium metal): a draw-down matches a
    licence for a sub-entry as the determination does (engine 3.6.0, No. 18 「1C904.a金属铽……」), not only the entry."""
    try:
        from reedesk.domain.dossier_file import parse_dossier
        from reedesk.rules.packs import select_packs
        from reedesk.rules.remarks import product_sub_entries
        from reedesk.rules.scope import dual_use_codes
        from reedesk.services.dossiers import load_dossier
        from reedesk.services.evaluation import active_packs

        snapshot = dossier_to_document(load_dossier(desk, reference).dossier)
        packs = active_packs(desk)
        codes = list(dual_use_codes(snapshot, packs, day))
        subs = product_sub_entries(parse_dossier(snapshot, "dossier snapshot"), select_packs(packs, day), codes)
        return codes or None, subs
    except NotFound:
        raise
    except Exception:  # noqa: BLE001 - packs unreadable: the item is then not checked here, and the event says so
        return None, {}


def _listed_kinds(desk: Desk, reference: str, day: date) -> list[str]:
    """List kinds of the dossier's confirmed screening hits on ``day`` (contract B), as the engine sees them:
    a general licence never covers a control- or watch-listed party, so it takes no draw-down for one."""
    from reedesk.services.dossiers import load_dossier
    from reedesk.services.screening import screening_document

    document = screening_document(desk, load_dossier(desk, reference).dossier, day)
    kinds: set[str] = set()
    for party in document.get("parties") or []:
        for hit in party.get("hits") or []:
            if hit.get("decision") == "confirmed" and isinstance(hit.get("list_kind"), str):
                kinds.add(hit["list_kind"])
    return sorted(kinds)

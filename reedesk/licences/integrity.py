"""``reedesk audit verify`` for the licence register: every stored licence revision,
shipment and attachment must still be what the audit trail recorded.

The triggers of migration 0004 refuse UPDATE and silent DELETE, but whoever can write
the file can drop them (issue 10: "a speed bump"). So, like the dossier records in
:func:`reedesk.audit.verify.verify_records`, each record is re-hashed and compared with
its event: a revision with its ``create``/``revise`` event (``after.sha256`` and the
document's own hash), a shipment with its ``ship`` event (``after.shipment_id``: the licence
and dossier it was drawn for, the licence revision, date, quantity, unit, value and what it
drew — session 14's bug hunt moved a draw-down to another licence unseen when only the date,
quantity and usage were compared), an attachment with its ``attach`` event (``after.sha256``
and the stored bytes). A record an event created must still exist unless a later
``delete`` event of that licence or attachment says why it is gone. A licence's own row
(its current revision, and the holder, type and expiry copied from it for listing) must be
its newest stored revision's: the row has no trigger, and setting ``current_revision`` back
brought a superseded, larger limit back into use.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Callable

from sqlalchemy import text


def _json(value: str | None) -> dict[str, Any]:
    try:
        found = json.loads(value) if value else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def verify_licence_records(connection: Any, fail: Callable[..., None]) -> int:
    """Check the register against the trail; call ``fail(message, seq)`` per problem. Returns the records checked."""
    events = connection.execute(text(
        "SELECT seq, action, entity_type, entity_id, after, dossier_reference FROM audit_event "
        "WHERE entity_type IN ('licence', 'attachment') ORDER BY seq")).all()
    deleted: dict[tuple[str, str], int] = {}
    revisions: dict[tuple[str, int], tuple[int, str]] = {}
    shipments: dict[int, tuple[int, dict[str, Any], str, str | None]] = {}
    attached: dict[int, tuple[int, str]] = {}
    for seq, action, entity_type, entity_id, after_text, event_reference in events:
        after = _json(after_text)
        if action == "delete":
            deleted[(entity_type, entity_id)] = seq
        elif entity_type == "licence" and action in ("create", "revise") and isinstance(after.get("revision"), int):
            revisions[(entity_id, after["revision"])] = (seq, str(after.get("sha256")))
        elif entity_type == "licence" and action == "ship" and isinstance(after.get("shipment_id"), int):
            shipments[after["shipment_id"]] = (seq, after, entity_id, event_reference)
        elif entity_type == "attachment" and action == "attach" and entity_id.isdigit():
            attached[int(entity_id)] = (seq, str(after.get("sha256")))
    checked = 0

    def gone(kind: str, key: str, seq: int) -> bool:
        return deleted.get((kind, key), -1) > seq

    stored_revisions = connection.execute(text(
        "SELECT l.number, r.number, r.document, r.sha256 FROM licence_revision r JOIN licence l ON l.id = r.licence_id "
        "ORDER BY r.id")).all()
    seen: set[tuple[str, int]] = set()
    for number, revision, document, sha in stored_revisions:
        checked += 1
        seen.add((number, revision))
        actual = hashlib.sha256(document.encode("utf-8")).hexdigest()
        recorded = revisions.get((number, revision))
        if actual != sha:
            fail(_say("licence_changed", number=number, revision=revision, sha=sha[:16]))
        elif recorded is None:
            fail(_say("licence_unrecorded", number=number, revision=revision))
        elif recorded[1] != actual:
            fail(_say("licence_not_recorded_document", number=number, revision=revision, seq=recorded[0]), recorded[0])
    for (number, revision), (seq, _sha) in revisions.items():
        if (number, revision) not in seen and not gone("licence", number, seq):
            fail(_say("licence_missing", number=number, revision=revision, seq=seq), seq)
    newest: dict[str, tuple[int, str]] = {}
    for number, revision, document, _sha in stored_revisions:
        if revision > newest.get(number, (0, ""))[0]:
            newest[number] = (revision, document)
    for number, current, holder, kind, valid_until in connection.execute(text(
            "SELECT number, current_revision, holder_name, licence_type, valid_until FROM licence ORDER BY id")).all():
        revision, document = newest.get(number, (None, ""))
        if revision is None:
            continue  # a licence without revisions: its revisions' own checks above say what is missing
        checked += 1
        doc = _json(document)
        holder_doc = doc.get("holder") if isinstance(doc.get("holder"), dict) else {}
        if current != revision or (holder, kind, valid_until) != (holder_doc.get("name"), doc.get("type"), doc.get("valid_until")):
            fail(_say("licence_row_changed", number=number, current=current, revision=revision))

    stored_shipments = {row[0]: row for row in connection.execute(text(
        "SELECT s.id, l.number, s.dossier_reference, s.shipped_on, s.quantity, s.usage, s.licence_revision, s.unit, "
        "s.value_amount, s.value_currency FROM licence_shipment s "
        "LEFT JOIN licence l ON l.id = s.licence_id ORDER BY s.id")).all()}
    for shipment_id, (seq, after, event_number, event_reference) in shipments.items():
        row = stored_shipments.get(shipment_id)
        if row is None:
            continue  # checked below against deletions
        checked += 1
        _, number, reference, shipped_on, quantity, usage, revision, unit, amount, currency = row
        value = after.get("value") if isinstance(after.get("value"), dict) else {}
        recorded = (event_number, event_reference, after.get("licence_revision"), after.get("shipped_on"), after.get("quantity"),
                    after.get("unit"), value.get("amount"), value.get("currency"), after.get("usage"))
        if (number, reference, revision, shipped_on, quantity, unit, amount, currency, _json_list(usage)) != recorded:
            fail(_say("shipment_changed", id=shipment_id, number=number or event_number, reference=reference, seq=seq), seq)
    for shipment_id, row in stored_shipments.items():
        if shipment_id not in shipments:
            fail(_say("shipment_unrecorded", id=shipment_id, number=row[1]))
    for shipment_id, (seq, _after, number, _reference) in shipments.items():
        if shipment_id not in stored_shipments and not gone("licence", number, seq):
            fail(_say("shipment_missing", id=shipment_id, number=number, seq=seq), seq)

    stored_attachments = {row[0]: row for row in connection.execute(text(
        "SELECT id, sha256, content, file_name FROM attachment ORDER BY id")).all()}
    for attachment_id, (_id, sha, content, name) in stored_attachments.items():
        checked += 1
        recorded = attached.get(attachment_id)
        if hashlib.sha256(bytes(content)).hexdigest() != sha:
            fail(_say("attachment_changed", id=attachment_id, name=name))
        elif recorded is None:
            fail(_say("attachment_unrecorded", id=attachment_id, name=name))
        elif recorded[1] != sha:
            fail(_say("attachment_not_recorded_document", id=attachment_id, name=name, seq=recorded[0]), recorded[0])
    for attachment_id, (seq, _sha) in attached.items():
        if attachment_id not in stored_attachments and not gone("attachment", str(attachment_id), seq):
            fail(_say("attachment_missing", id=attachment_id, seq=seq), seq)
    return checked


def _json_list(value: str | None) -> Any:
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None


def _say(code: str, **params: Any) -> str:
    """A problem coded ``[audit_verify.<code>]`` (reedesk.vocabulary.Coded): English as text, `audit verify --language` in Chinese."""
    from reedesk.vocabulary import Coded

    return Coded("audit_verify", code, **params)

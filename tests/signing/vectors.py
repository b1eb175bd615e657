"""Fixed key material for tests: RFC 8032 §7.1 Ed25519 test vectors 1 and 2, and helpers
to put a real determination row in a real desk (until the rules engine stores them)."""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from reedesk.audit.trail import append_event
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.store.models import DeterminationRow, DossierRevisionRow, DossierRow

RFC8032_1_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
RFC8032_1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
RFC8032_1_SIG_EMPTY = (
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
    "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
RFC8032_2_SECRET = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
RFC8032_2_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
RFC8032_2_SIG_72 = (
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
)


def vector_key(secret_hex: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret_hex))


def determination_document(reference: str, revision_sha256: str, outcome: str = "license_required", as_of: str = "2026-11-25") -> dict[str, Any]:
    """A realistic determination document (shape of DESIGN.md "Determination")."""
    return {
        "schema": "reedesk.determination/1",
        "dossier": {"reference": reference, "revision": 1, "snapshot_sha256": revision_sha256},
        "packs": [{"id": "cn-mofcom-2025-061", "version": "1", "sha256": "ab" * 32}],
        "as_of": as_of,
        "outcome": outcome,
        "findings": [{"rule": "deminimis", "citation": "Art. 2", "result": "applies", "figures": {"ratio": "0.135"}}],
        "missing": [],
        "engine_version": "test",
    }


def insert_determination(desk: Any, reference: str = "LM-2026-0042", outcome: str | None = None, as_of: str = "2026-11-25") -> int:
    """Evaluate the dossier's current revision as of ``as_of`` for real and return the
    stored determination's id.

    Until 0.2 this stored a hand-made document; since `audit verify` and signing re-run
    the rules for every determination (issue 10, point 4) a made-up one is exactly the
    forgery they must refuse, so tests sign real evaluations. ``outcome`` is accepted
    for old callers and must match if given.
    """
    from datetime import date

    from reedesk.services.evaluation import evaluate_reference

    stored = evaluate_reference(desk, reference, date.fromisoformat(as_of))
    assert outcome is None or stored.outcome == outcome, (stored.outcome, outcome)
    return stored.id  # type: ignore[return-value]


def insert_fabricated_determination(
    desk: Any, reference: str = "LM-2026-0042", outcome: str = "not_controlled", as_of: str = "2026-11-25",
    packs: list[dict[str, str]] | None = None,
) -> int:
    """Store a hand-made determination of the current revision *with* its evaluate event, as
    an insider with the SQLite file could (the issue-10 point-4 attack); returns its id."""
    with desk.db.unit_of_work() as session:
        dossier = session.exec(select(DossierRow).where(DossierRow.reference == reference)).one()
        revision = session.exec(
            select(DossierRevisionRow).where(
                DossierRevisionRow.dossier_id == dossier.id, DossierRevisionRow.number == dossier.current_revision
            )
        ).one()
        document = determination_document(reference, revision.sha256, outcome, as_of)
        document["dossier"]["revision"] = revision.number
        if packs is not None:
            document["packs"] = packs
        text = canonical_bytes(document).decode("utf-8")
        row = DeterminationRow(
            revision_id=revision.id, as_of=as_of, outcome=outcome, document=text,  # type: ignore[arg-type]
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), engine_version="test",
            created_at="2026-11-25T10:00:00.000000Z", created_by="test-user",
        )
        session.add(row)
        session.flush()
        dossier.last_outcome, dossier.last_as_of = outcome, as_of
        session.add(dossier)
        append_event(
            session, action="evaluate", entity_type="determination", entity_id=str(row.id), dossier_reference=reference,
            after={"determination_id": row.id, "sha256": row.sha256, "outcome": outcome, "as_of": as_of,
                   "revision": revision.number, "snapshot_sha256": revision.sha256},
        )
        return row.id  # type: ignore[return-value]


PASSPHRASE = "correct horse battery staple"


def signed_desk(desk: Any, reference: str = "LM-2026-0042", signatures: int = 1) -> tuple[Any, int, list[Any]]:
    """Create an identity (two if ``signatures`` is 2), store a determination and sign it."""
    from reedesk.services.keys import create_identity
    from reedesk.services.signing import sign_determination

    preparer = create_identity(desk, "Mei Lin", "Export-control consultant", "Lotus Compliance", PASSPHRASE)
    determination_id = insert_determination(desk, reference)
    infos = [sign_determination(desk, determination_id, preparer.key_id, PASSPHRASE, "Prepared by")]
    if signatures > 1:
        reviewer = create_identity(desk, "Hans Vogel", "Trade compliance officer", "Rhein Antriebe GmbH", PASSPHRASE)
        infos.append(sign_determination(desk, determination_id, reviewer.key_id, PASSPHRASE, "Reviewed and approved by"))
    return desk, determination_id, infos


def tamper(desk: Any, *statements: str) -> None:
    """Open the SQLite file directly, drop every trigger (append-only, signed records), run ``statements``."""
    import sqlite3

    desk.db.dispose()
    connection = sqlite3.connect(desk.db.path)
    try:
        triggers = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        for name in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()

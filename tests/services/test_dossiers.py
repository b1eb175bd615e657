"""Saving, revising and listing dossiers (reedesk/services/dossiers.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import NotFound
from reedesk.services import dossiers
from tests.conftest import sample_document


def test_a_new_desk_holds_the_four_samples(desk):
    assert dossiers.count_dossiers(desk) == 4
    refs = {s.reference for s in dossiers.list_dossiers(desk)}
    assert refs == {"LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19", "CN-TB-880"}


def test_saving_a_change_makes_a_new_revision_and_keeps_the_old(desk):
    first = dossiers.load_dossier(desk, "LM-2026-0042")
    changed = copy.deepcopy(first.dossier)
    changed.components[0].value.amount = Decimal("7.00")
    result = dossiers.save_dossier(desk, changed, reason="supplier price update")
    assert (result.revision, result.changed) == (2, True)
    assert dossiers.load_dossier(desk, "LM-2026-0042").dossier.components[0].value.amount == Decimal("7.00")
    old = dossiers.load_dossier(desk, "LM-2026-0042", revision=1)
    assert old.dossier.components[0].value.amount == Decimal("6.50")
    assert old.sha256 == first.sha256


def test_saving_an_unchanged_dossier_stores_nothing(desk):
    stored = dossiers.load_dossier(desk, "TK-NDFEB-7")
    assert dossiers.save_dossier(desk, stored.dossier).changed is False
    assert len(dossiers.list_revisions(desk, "TK-NDFEB-7")) == 1


def test_a_failing_bulk_import_stores_nothing(empty_desk):
    good = parse_dossier(sample_document("smco-magnet-vietnam"))
    with pytest.raises(Exception):
        dossiers.import_dossiers(empty_desk, [good, good], source="twice.json")
    assert dossiers.count_dossiers(empty_desk) == 0


def test_search_matches_reference_product_and_client(desk):
    assert dossiers.references(dossiers.list_dossiers(desk, search="terbium")) == ["CN-TB-880"]
    assert dossiers.references(dossiers.list_dossiers(desk, search="lotus")) == ["LM-2026-0042"]


def test_unknown_reference_is_a_clear_error(desk):
    with pytest.raises(NotFound, match="NOPE"):
        dossiers.load_dossier(desk, "NOPE")


# ---------------------------------------------------------------- delete_dossier

import sqlite3  # noqa: E402

from reedesk.errors import ReedeskError  # noqa: E402
from reedesk.paths import database_path  # noqa: E402
from reedesk.store.models import DeterminationRow, SignatureRow  # noqa: E402


def _add_determination(desk, reference: str, *, signed: bool) -> None:
    """A real determination row (and optionally a signature row) on the dossier's latest revision."""
    stored = dossiers.load_dossier(desk, reference)
    with desk.db.unit_of_work() as session:
        determination = DeterminationRow(
            revision_id=stored.revision_id, as_of="2026-11-25", outcome="license_required", document="{}",
            sha256="0" * 64, engine_version="test", created_at="2026-11-25T00:00:00.000000Z", created_by="test-user",
        )
        session.add(determination)
        session.flush()
        if signed:
            session.add(
                SignatureRow(
                    determination_id=determination.id, envelope="{}", key_id="k" * 64, signer_name="A. Signer",
                    signer_role="compliance officer", signer_organisation="Desk Ltd", meaning="approved",
                    signed_at="2026-11-25T00:00:00.000000Z",
                )
            )


def _count(desk, sql: str, *args) -> int:
    with sqlite3.connect(database_path(desk.home)) as connection:
        return connection.execute(sql, args).fetchone()[0]


def test_delete_removes_revisions_and_determinations_and_audits_the_last_document(desk):
    stored = dossiers.load_dossier(desk, "TK-NDFEB-7")
    changed = copy.deepcopy(stored.dossier)
    changed.product.name = "renamed"
    dossiers.save_dossier(desk, changed)
    _add_determination(desk, "TK-NDFEB-7", signed=False)
    dossiers.delete_dossier(desk, "TK-NDFEB-7", reason="created by mistake")
    assert dossiers.count_dossiers(desk, include_archived=True) == 3
    assert _count(desk, "SELECT count(*) FROM dossier_revision WHERE dossier_id = ?", stored.dossier_id) == 0
    assert _count(desk, "SELECT count(*) FROM determination") == 0
    with sqlite3.connect(database_path(desk.home)) as connection:
        action, before, after, reason = connection.execute(
            "SELECT action, before, after, reason FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    assert (action, after, reason) == ("delete", None, "created by mistake")
    assert json.loads(before)["document"]["product"]["name"] == "renamed"
    assert json.loads(before)["revisions"] == 2
    with pytest.raises(NotFound):
        dossiers.load_dossier(desk, "TK-NDFEB-7")


def test_a_dossier_with_a_signed_determination_cannot_be_deleted(desk):
    _add_determination(desk, "LM-2026-0042", signed=True)
    events = _count(desk, "SELECT count(*) FROM audit_event")
    with pytest.raises(ReedeskError, match="archive it instead"):
        dossiers.delete_dossier(desk, "LM-2026-0042")
    assert dossiers.load_dossier(desk, "LM-2026-0042").revision == 1
    assert _count(desk, "SELECT count(*) FROM determination") == 1
    assert _count(desk, "SELECT count(*) FROM audit_event") == events


def test_a_signature_on_an_old_revision_also_blocks_deletion(desk):
    _add_determination(desk, "LM-2026-0042", signed=True)
    changed = copy.deepcopy(dossiers.load_dossier(desk, "LM-2026-0042").dossier)
    changed.product.name = "new name"
    dossiers.save_dossier(desk, changed)
    with pytest.raises(ReedeskError, match="signed"):
        dossiers.delete_dossier(desk, "LM-2026-0042")


def test_deleting_an_unknown_dossier_is_not_found(desk):
    with pytest.raises(NotFound, match="NOPE"):
        dossiers.delete_dossier(desk, "NOPE")


def test_archive_and_restore_are_audited_and_hide_the_dossier(desk):
    dossiers.set_archived(desk, "CN-TB-880", True, reason="shipment cancelled")
    assert "CN-TB-880" not in dossiers.references(dossiers.list_dossiers(desk))
    assert "CN-TB-880" in dossiers.references(dossiers.list_dossiers(desk, include_archived=True))
    dossiers.set_archived(desk, "CN-TB-880", False)
    assert _count(desk, "SELECT count(*) FROM audit_event WHERE action IN ('archive', 'restore')") == 2

"""Evaluation use cases (reedesk/services/evaluation.py) on a real desk."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from sqlmodel import select

from reedesk.domain.dossier_file import canonical_bytes, parse_dossier
from reedesk.errors import NotFound, ReedeskError
from reedesk.rules.packs import shipped_packs
from reedesk.rules.shape4 import stored_bytes
from reedesk.services import evaluation
from reedesk.services.dossiers import load_dossier, save_dossier
from reedesk.store.models import AuditEventRow, DeterminationRow, DossierRow
from tests.conftest import sample_document


def test_evaluate_reference_stores_the_canonical_document_and_audits_it(desk) -> None:
    stored = evaluation.evaluate_reference(desk, "LM-2026-0042", date(2026, 11, 25))
    assert stored.id is not None and stored.outcome == "license_required" and stored.revision == 1
    with desk.db.unit_of_work() as session:
        row = session.get(DeterminationRow, stored.id)
        assert row.document == stored_bytes(stored.document).decode("utf-8")  # shape 4: without the attached snapshot
        assert "snapshot" not in json.loads(row.document)["dossier"] and "snapshot" in stored.document["dossier"]
        assert row.sha256 == hashlib.sha256(row.document.encode("utf-8")).hexdigest() == stored.sha256
        assert row.as_of == "2026-11-25" and row.created_by == "test-user"
        dossier = session.exec(select(DossierRow).where(DossierRow.reference == "LM-2026-0042")).one()
        assert (dossier.last_outcome, dossier.last_as_of) == ("license_required", "2026-11-25")
        event = session.exec(select(AuditEventRow).where(AuditEventRow.action == "evaluate")).one()
        after = json.loads(event.after)
        assert event.dossier_reference == "LM-2026-0042"
        assert after["sha256"] == stored.sha256 and after["outcome"] == "license_required"
    assert stored.document["dossier"]["sha256"] == load_dossier(desk, "LM-2026-0042").sha256


def test_same_evaluation_twice_stores_one_determination(desk) -> None:
    a = evaluation.evaluate_reference(desk, "TW-TGT-19", "2026-11-25")
    b = evaluation.evaluate_reference(desk, "TW-TGT-19", "2026-11-25")
    assert a.id == b.id
    assert len(evaluation.list_determinations(desk, "TW-TGT-19")) == 1


def test_determinations_keep_revision_and_as_of(desk) -> None:
    evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-05-01")
    doc = sample_document("smco-magnet-vietnam")
    doc["components"][0]["value"]["amount"] = "0.01"
    save_dossier(desk, parse_dossier(doc))
    evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-11-25")
    old = evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-11-25", revision=1)
    listed = evaluation.list_determinations(desk, "LM-2026-0042")
    assert [(d.revision, d.as_of, d.outcome) for d in listed] == [
        (1, "2026-05-01", "suspended"), (2, "2026-11-25", "not_controlled"), (1, "2026-11-25", "license_required")]
    assert old.document["dossier"]["revision"] == 1
    # The dossier row shows the latest revision's outcome, not the older revision's.
    with desk.db.unit_of_work() as session:
        row = session.exec(select(DossierRow).where(DossierRow.reference == "LM-2026-0042")).one()
        assert row.last_outcome == "not_controlled"


def test_store_false_writes_nothing(desk) -> None:
    stored = evaluation.evaluate_reference(desk, "CN-TB-880", "2026-11-25", store=False)
    assert stored.id is None and stored.outcome == "license_required"
    assert evaluation.list_determinations(desk, "CN-TB-880") == []


def test_load_determination(desk) -> None:
    stored = evaluation.evaluate_reference(desk, "TK-NDFEB-7", "2026-01-15")
    loaded = evaluation.load_determination(desk, stored.id)
    assert (loaded.sha256, loaded.outcome, loaded.reference, loaded.revision) == (stored.sha256, "suspended", "TK-NDFEB-7", 1)
    with pytest.raises(NotFound):
        evaluation.load_determination(desk, 9999)


def test_unknown_reference_and_bad_date(desk) -> None:
    with pytest.raises(NotFound, match="NOPE"):
        evaluation.evaluate_reference(desk, "NOPE", "2026-11-25")
    with pytest.raises(ReedeskError, match="2026-13-01"):
        evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-13-01")


def test_evaluate_dossier_is_not_stored(empty_desk) -> None:
    doc = evaluation.evaluate_dossier(empty_desk, parse_dossier(sample_document("terbium-metal-export-from-china")), "2026-11-25")
    assert doc["outcome"] == "license_required" and doc["dossier"]["revision"] is None
    with empty_desk.db.unit_of_work() as session:
        assert session.exec(select(DeterminationRow)).first() is None


def test_reproduce_from_embedded_snapshot_and_pack_texts(desk) -> None:
    stored = evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-11-25")
    texts = [p.source_text for p in shipped_packs()]
    assert canonical_bytes(evaluation.reproduce(stored.document, texts)) == canonical_bytes(stored.document)
    assert evaluation.reproduces(stored.document, texts)
    tampered = [t.replace('threshold = "0.001"', 'threshold = "0.5"') for t in texts]
    assert evaluation.reproduce(stored.document, tampered)["outcome"] == "not_controlled"
    assert not evaluation.reproduces(stored.document, tampered)


def test_active_packs_include_imported_versions(desk, tmp_path) -> None:
    from reedesk.services.rulepacks import import_pack
    from tests.rules.builders import EXTENSION

    path = tmp_path / "ext.toml"
    path.write_text(EXTENSION, encoding="utf-8")
    import_pack(desk, path)
    versions = [(p.id, p.version) for p in evaluation.active_packs(desk) if p.id == "cn-mofcom-gac-2025-070"]
    assert versions == [("cn-mofcom-gac-2025-070", next(str(p.version) for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")), ("cn-mofcom-gac-2025-070", "2027.1")]  # the shipped one (bumped in place)
    assert evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-11-25").outcome == "suspended"

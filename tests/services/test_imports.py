"""Importing dossier files and bills of materials (reedesk/services/imports.py)."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from reedesk.errors import ReedeskError, ValidationFailed
from reedesk.paths import database_path
from reedesk.services import dossiers
from reedesk.services.imports import import_files, preview_import
from tests.conftest import SAMPLES_DIR, sample_document

HEADER = "line_id,description,origin,category,elements,value,currency"


def table_counts(desk) -> dict[str, int]:
    """Row counts read straight from the SQLite file, not through the service under test."""
    with sqlite3.connect(database_path(desk.home)) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("dossier", "dossier_revision", "audit_event", "client")
        }


def write_csv(path: Path, *rows: str, header: str = HEADER) -> Path:
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


GOOD_ROWS = (
    "C1,Samarium metal,CN,rare_earth_metal,Sm,6.80,USD",
    "C2,Cobalt,CG,other,Co,7.20,USD",
    "C3,Copper,CL,other,Cu,0.40,USD",
)


def test_importing_the_samples_into_an_empty_desk_stores_four(empty_desk):
    results = import_files(empty_desk, sorted(SAMPLES_DIR.glob("*.json")))
    assert sorted(r.reference for r in results) == ["CN-TB-880", "LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19"]
    assert dossiers.count_dossiers(empty_desk) == 4


def test_a_bom_replaces_the_components_as_a_new_revision(desk, tmp_path):
    before = dossiers.load_dossier(desk, "LM-2026-0042")
    [result] = import_files(desk, [write_csv(tmp_path / "bom.csv", *GOOD_ROWS)], dossier_ref="LM-2026-0042")
    assert (result.revision, result.changed) == (2, True)
    after = dossiers.load_dossier(desk, "LM-2026-0042")
    assert [c.id for c in after.dossier.components] == ["C1", "C2", "C3"]
    assert after.dossier.components[0].value.amount == Decimal("6.80")
    assert after.dossier.shipment == before.dossier.shipment  # the rest of the dossier is kept
    assert len(dossiers.load_dossier(desk, "LM-2026-0042", revision=1).dossier.components) == 2


def test_negative_value_on_row_3_and_unknown_currency_on_row_7_are_both_named_and_nothing_changes(desk, tmp_path):
    rows = [
        "C1,Samarium metal,CN,rare_earth_metal,Sm,6.50,USD",
        "C2,Cobalt,CG,other,Co,-7.20,USD",           # row 3
        "C3,Copper,CL,other,Cu,0.40,USD",
        "C4,Iron,AU,other,Fe,0.10,USD",
        "C5,Binder,DE,other,-,0.05,EUR",
        "C6,Coating,JP,other,Ni,0.30,QQQ",           # row 7
    ]
    path = write_csv(tmp_path / "bom.csv", *rows)
    counts = table_counts(desk)
    with pytest.raises(ValidationFailed) as caught:
        import_files(desk, [path], dossier_ref="LM-2026-0042")
    where = {p.where for p in caught.value.problems}
    assert where == {"bom.csv row 3, value", "bom.csv row 7, currency"}
    message = str(caught.value)
    assert "row 3, value" in message and "-7.20 is negative" in message and "'QQQ'" in message
    assert table_counts(desk) == counts


def test_several_files_are_one_unit_of_work(empty_desk, tmp_path):
    good = SAMPLES_DIR / "smco-magnet-vietnam.json"
    bad = tmp_path / "bad.json"
    document = sample_document("terbium-metal-export-from-china")
    document["shipment"]["destination"] = "Atlantis"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        import_files(empty_desk, [good, bad])
    assert [p.where for p in caught.value.problems] == ["bad.json shipment.destination"]
    assert table_counts(empty_desk)["dossier"] == 0


def test_a_bom_for_an_unknown_dossier_refuses_the_good_files_too(empty_desk, tmp_path):
    good = SAMPLES_DIR / "smco-magnet-vietnam.json"
    bom = write_csv(tmp_path / "bom.csv", *GOOD_ROWS)
    counts = table_counts(empty_desk)
    # the BOM targets a dossier that neither the store nor the import holds
    with pytest.raises(ValidationFailed, match="does not exist"):
        import_files(empty_desk, [good, bom], dossier_ref="NOPE-1")
    assert table_counts(empty_desk) == counts


def test_a_dossier_file_and_its_bom_in_one_import(empty_desk, tmp_path):
    # BOM first on the command line: dossier files are still applied first
    bom = write_csv(tmp_path / "bom.csv", *GOOD_ROWS)
    results = import_files(empty_desk, [bom, SAMPLES_DIR / "smco-magnet-vietnam.json"], dossier_ref="LM-2026-0042")
    assert [(r.reference, r.revision) for r in results] == [("LM-2026-0042", 1)]
    assert len(dossiers.load_dossier(empty_desk, "LM-2026-0042").dossier.components) == 3


def test_preview_lists_what_would_be_stored_and_stores_nothing(desk, tmp_path):
    counts = table_counts(desk)
    bom = write_csv(tmp_path / "bom.csv", *GOOD_ROWS)
    new = tmp_path / "new.json"
    document = sample_document("smco-magnet-vietnam")
    document["reference"] = "NEW-1"
    new.write_text(json.dumps(document), encoding="utf-8")
    preview = preview_import(desk, [bom, new], dossier_ref="LM-2026-0042")
    assert preview.ok
    planned = {p.reference: p for p in preview.dossiers}
    assert planned["NEW-1"].is_new and planned["NEW-1"].next_revision == 1
    assert planned["LM-2026-0042"].changed and planned["LM-2026-0042"].next_revision == 2
    assert len(planned["LM-2026-0042"].dossier.components) == 3
    assert table_counts(desk) == counts


def test_preview_returns_problems_instead_of_raising(desk, tmp_path):
    bom = write_csv(tmp_path / "bom.csv", "C1,,CN,other,Co,abc,USD")
    preview = preview_import(desk, [bom], dossier_ref="LM-2026-0042")
    assert not preview.ok and preview.dossiers == []
    assert [p.where for p in preview.problems] == ["bom.csv row 2, value"]


def test_reimporting_an_unchanged_dossier_stores_no_revision(desk):
    [result] = import_files(desk, [SAMPLES_DIR / "smco-magnet-vietnam.json"])
    assert (result.revision, result.changed) == (1, False)


def test_unsupported_missing_and_duplicate_files_are_named(desk, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    sample = SAMPLES_DIR / "smco-magnet-vietnam.json"
    copy = tmp_path / "copy.json"
    copy.write_bytes(sample.read_bytes())
    preview = preview_import(desk, [notes, tmp_path / "gone.csv", sample, copy])
    messages = [str(p) for p in preview.problems]
    assert any(m.startswith("notes.txt:") and ".csv/.xlsx" in m for m in messages)
    assert any("gone.csv" in m and "does not exist" in m for m in messages)
    assert any(m.startswith("copy.json:") and "smco-magnet-vietnam.json also holds" in m for m in messages)


def test_two_boms_for_one_dossier_are_refused(desk, tmp_path):
    a = write_csv(tmp_path / "a.csv", *GOOD_ROWS)
    b = write_csv(tmp_path / "b.csv", *GOOD_ROWS)
    with pytest.raises(ValidationFailed, match="a.csv also does"):
        import_files(desk, [a, b], dossier_ref="LM-2026-0042")


def test_an_archived_dossier_is_not_changed_by_an_import(desk, tmp_path):
    dossiers.set_archived(desk, "LM-2026-0042", True)
    with pytest.raises(ValidationFailed, match="archived"):
        import_files(desk, [write_csv(tmp_path / "bom.csv", *GOOD_ROWS)], dossier_ref="LM-2026-0042")


def test_no_files_is_an_error(desk):
    with pytest.raises(ReedeskError, match="No file"):
        import_files(desk, [])


def test_import_writes_audit_events_naming_the_source(desk, tmp_path):
    before = table_counts(desk)["audit_event"]
    import_files(desk, [write_csv(tmp_path / "bom.csv", *GOOD_ROWS)], dossier_ref="LM-2026-0042")
    with sqlite3.connect(database_path(desk.home)) as connection:
        rows = connection.execute("SELECT action, entity_id, reason FROM audit_event WHERE seq > ?", (before,)).fetchall()
    assert rows == [("import", "LM-2026-0042", "imported from bom.csv")]


# ---------------------------------------------------------------- fuzzing the whole import path

import tempfile  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([".json", ".csv", ".xlsx", ".txt", ".xls"]))
def test_any_file_content_gives_problems_or_a_plan_never_a_traceback(empty_desk, data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        preview = preview_import(empty_desk, [path], dossier_ref="LM-2026-0042")
    assert preview.problems, "random bytes were accepted"
    assert all(str(p).startswith(("fuzz", folder)) for p in preview.problems)
    assert dossiers.count_dossiers(empty_desk, include_archived=True) == 0


def test_a_bom_whose_dossier_file_was_refused_says_so(empty_desk, tmp_path):
    bad = tmp_path / "new.json"
    document = sample_document("smco-magnet-vietnam")
    document["reference"] = "NEW-1"
    document["product"]["made_in"] = "Vietnam"
    bad.write_text(json.dumps(document), encoding="utf-8")
    bom = write_csv(tmp_path / "bom.csv", *GOOD_ROWS)
    preview = preview_import(empty_desk, [bad, bom], dossier_ref="NEW-1")
    assert [str(p) for p in preview.problems][0].startswith("new.json product.made_in")
    assert "refused above" in str(preview.problems[1])


def _clashing_file(tmp_path: Path) -> tuple[Path, str]:
    document = sample_document("smco-magnet-vietnam")
    stored_client = document["client"]["name"]
    document["client"]["name"] = "Other Client GmbH"
    document["product"]["name"] = "Something else"
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, stored_client


def test_a_reference_stored_for_another_client_is_a_problem_in_preview_and_import(desk, tmp_path):
    path, stored_client = _clashing_file(tmp_path)
    preview = preview_import(desk, [path])
    assert not preview.ok and len(preview.problems) == 1
    problem = preview.problems[0]
    assert problem.where == "clash.json"
    assert f"belongs to the client {stored_client!r}" in problem.message and "'Other Client GmbH'" in problem.message
    assert "give it a reference of its own" in problem.message
    before = table_counts(desk)
    with pytest.raises(ValidationFailed, match="Other Client GmbH"):
        import_files(desk, [path])
    assert table_counts(desk) == before
    assert dossiers.load_dossier(desk, "LM-2026-0042").revision == 1


def test_a_signed_dossier_is_not_merged_into_another_clients_either(desk, tmp_path):
    from tests.signing.vectors import signed_desk

    signed_desk(desk)
    path, _ = _clashing_file(tmp_path)
    with pytest.raises(ValidationFailed, match="belongs to the client"):
        import_files(desk, [path])
    # the lower-level bulk import refuses it too, all or nothing
    from reedesk.domain.dossier_file import parse_dossier_json

    clash = parse_dossier_json(path.read_bytes(), "clash.json")
    with pytest.raises(ReedeskError, match="Dossier LM-2026-0042 belongs to the client .*nothing was imported"):
        dossiers.import_dossiers(desk, [clash], source="a test")
    assert dossiers.load_dossier(desk, "LM-2026-0042").client_name != "Other Client GmbH"


def test_a_deliberate_client_change_in_the_editor_is_still_saved(desk):
    stored = dossiers.load_dossier(desk, "LM-2026-0042")
    changed = stored.dossier
    changed.client.name = "Renamed Client Ltd"
    assert dossiers.save_dossier(desk, changed).revision == 2
    assert dossiers.load_dossier(desk, "LM-2026-0042").client_name == "Renamed Client Ltd"

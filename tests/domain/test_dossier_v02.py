"""The reedesk 0.2 dossier fields (FORMATS.md "Additions for reedesk 0.2"): importer, consignee,
owners with a decimal share, quantity, licence, scenario, the five new item categories, and the
reference checks — parsed with JSON-path errors, written back, 0.1 documents unchanged."""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.domain.codes import ItemCategory
from reedesk.domain.dossier_file import (
    canonical_bytes,
    dossier_to_document,
    parse_dossier,
    reference_problem,
    snapshot_sha256,
)
from reedesk.errors import ValidationFailed
from tests.conftest import SAMPLES_DIR, sample_document


def _v02() -> dict:
    document = sample_document("terbium-metal-export-from-china")
    document["shipment"]["importer"] = {"name": "Nihon Trading KK", "country": "JP",
                                        "owners": [{"name": "IHI Corporation", "country": "JP", "share": "0.60"}]}
    document["shipment"]["consignee"] = {"name": "Osaka Warehouse Co., Ltd.", "country": "JP", "military": False}
    document["shipment"]["end_user"]["owners"] = [{"name": "Parent A", "country": "JP", "share": "0.5", "note": "kept"},
                                                  {"name": "Parent B", "country": "US", "share": "0.25"}]
    document["shipment"]["quantity"] = {"amount": "100.5", "unit": "kg"}
    document["shipment"]["licence"] = {"number": "LIC-2026-001"}
    document["scenario"] = True
    return document


def _problems(document: dict) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        parse_dossier(document)
    return {p.where: p.message for p in caught.value.problems}


# SHA-256 of the canonical documents of the four public samples as 0.1.0 wrote them: adding the
# 0.2 fields must not change the snapshot hash of any 0.1 document.
_SAMPLE_SNAPSHOTS_0_1 = {
    path.stem: hashlib.sha256(canonical_bytes(json.loads(path.read_text(encoding="utf-8")))).hexdigest()
    for path in sorted(SAMPLES_DIR.glob("*.json"))
}


@pytest.mark.parametrize("path", sorted(SAMPLES_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_a_0_1_document_writes_back_byte_identical(path):
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    dossier = parse_dossier(document)
    written = dossier_to_document(dossier)
    assert json.dumps(written, ensure_ascii=False) == json.dumps(document, ensure_ascii=False)  # same keys, same order
    assert snapshot_sha256(dossier) == _SAMPLE_SNAPSHOTS_0_1[path.stem]
    assert dossier.scenario is False and dossier.shipment.importer is None and dossier.shipment.end_user.owners == ()


def test_a_0_1_document_with_null_or_empty_0_2_keys_keeps_them_as_it_did():
    """0.1 kept these as unknown fields; a null importer or an empty owners list round-trips as written."""
    document = sample_document("smco-magnet-vietnam")
    document["shipment"]["importer"] = None
    document["shipment"]["licence"] = None
    document["shipment"]["end_user"]["owners"] = []
    document["scenario"] = False
    before = canonical_bytes(document)
    assert canonical_bytes(dossier_to_document(parse_dossier(document))) == before


def test_the_0_2_fields_are_read_as_typed_values_and_written_back():
    document = _v02()
    dossier = parse_dossier(document)
    s = dossier.shipment
    assert s.importer.name == "Nihon Trading KK" and s.importer.owners[0].share == Decimal("0.60")
    assert s.consignee.military is False
    assert [o.share for o in s.end_user.owners] == [Decimal("0.5"), Decimal("0.25")]
    assert s.end_user.owners[0].extra == {"note": "kept"}
    assert s.quantity.amount == Decimal("100.5") and s.quantity.unit == "kg"
    assert s.licence == {"number": "LIC-2026-001"}
    assert dossier.scenario is True
    assert [role for role, _ in s.parties()] == ["end_user", "importer", "consignee"]
    assert dossier_to_document(dossier) == document
    assert canonical_bytes(dossier_to_document(parse_dossier(dossier_to_document(dossier)))) == canonical_bytes(document)


def test_an_inline_licence_object_is_kept_as_parsed_json():
    document = _v02()
    inline = {"format": "reedesk.licence/1", "number": "G-A-7", "type": "general_a", "valid_until": "2027-06-30",
              "items": [{"control_code": "1C904"}]}
    document["shipment"]["licence"] = inline
    assert parse_dossier(document).shipment.licence == inline
    assert dossier_to_document(parse_dossier(document))["shipment"]["licence"] == inline


@pytest.mark.parametrize("category", ["rare_earth_equipment", "rare_earth_raw_material", "rare_earth_technology",
                                      "superhard_material", "battery_material"])
def test_the_five_new_item_categories_are_accepted(category):
    document = sample_document("smco-magnet-vietnam")
    document["product"]["category"] = category
    document["components"][0]["category"] = category
    dossier = parse_dossier(document)
    assert dossier.product.category == category == ItemCategory(category).value


def test_bad_0_2_values_are_named_by_their_json_path():
    document = _v02()
    document["shipment"]["end_user"]["owners"][0]["share"] = "1.20"
    document["shipment"]["end_user"]["owners"][1]["share"] = 0.25
    document["shipment"]["importer"]["owners"][0]["country"] = "Japan"
    document["shipment"]["consignee"]["military"] = "no"
    document["shipment"]["quantity"]["amount"] = "0"
    document["shipment"]["licence"] = {"number": ""}
    document["scenario"] = "yes"
    problems = _problems(document)
    assert "more than 1" in problems["shipment.end_user.owners[0].share"]
    assert "decimal string" in problems["shipment.end_user.owners[1].share"]
    assert "country code" in problems["shipment.importer.owners[0].country"]
    assert problems["shipment.consignee.military"] == "must be true or false"
    assert "greater than zero" in problems["shipment.quantity.amount"]
    assert "licence number" in problems["shipment.licence.number"]
    assert problems["scenario"] == "must be true or false"


def test_owners_must_be_a_list_of_objects_and_a_licence_must_name_one():
    document = _v02()
    document["shipment"]["end_user"]["owners"] = [None, "Parent"]
    document["shipment"]["licence"] = {"holder": "someone"}
    document["shipment"]["importer"]["owners"] = "IHI"
    problems = _problems(document)
    assert problems["shipment.end_user.owners[0]"] == "must be an object, not null"
    assert problems["shipment.end_user.owners[1]"] == "must be an object"
    assert problems["shipment.importer.owners"] == "must be a list"
    assert "must name a licence" in problems["shipment.licence"]


@pytest.mark.parametrize("reference, fragment", [
    ("LM\x00-1", "NUL"),
    ("LM-\u202efdp.exe", "U+202E"),
    ("LM-\u2066x\u2069", "U+2066"),
    ("LM-1\n2", "U+000A"),
    ("LM-\u200b1", "U+200B"),
    ("../etc/passwd", "/"),
    ("LM\\2026", "\\"),
    ("LM..2026", "'..'"),
])
def test_references_refuse_control_bidi_and_path_characters(reference, fragment):
    """Integrity: a reference becomes part of file names, PDF covers and audit lines; a bidi
    override would display "LM-exe.pdf" for "LM-\u202efdp.exe", "../" would leave the folder."""
    document = sample_document("smco-magnet-vietnam")
    document["reference"] = reference
    problems = _problems(document)
    assert fragment in problems["reference"]


def test_ordinary_references_pass():
    for reference in ("LM-2026-0042", "CN-TB-880", "磁铁-7 #3", "A.B_C (v2)"):
        assert reference_problem(reference) is None


@settings(max_examples=200, deadline=None)
@given(share=st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False),
       amount=st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e9"), places=3, allow_nan=False, allow_infinity=False))
def test_any_valid_share_and_quantity_round_trip_exactly(share, amount):
    document = _v02()
    document["shipment"]["end_user"]["owners"][0]["share"] = format(share, "f")
    document["shipment"]["quantity"]["amount"] = format(amount, "f")
    again = dossier_to_document(parse_dossier(copy.deepcopy(document)))
    assert canonical_bytes(again) == canonical_bytes(document)

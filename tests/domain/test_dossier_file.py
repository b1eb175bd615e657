"""The reedesk.dossier/1 reader and writer (reedesk/domain/dossier_file.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from reedesk.domain.dossier_file import dossier_to_document, parse_dossier, parse_dossier_json, snapshot_sha256
from reedesk.errors import ValidationFailed
from tests.conftest import SAMPLES_DIR, sample_document


@pytest.mark.parametrize("path", sorted(SAMPLES_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_samples_round_trip_to_an_equal_document(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert dossier_to_document(parse_dossier(document)) == document


def test_amounts_are_decimals_not_floats():
    dossier = parse_dossier(sample_document("smco-magnet-vietnam"))
    assert dossier.product.unit_value.amount == Decimal("48.00")
    assert isinstance(dossier.components[0].value.amount, Decimal)


def test_unknown_fields_are_kept_at_every_level():
    document = sample_document("smco-magnet-vietnam")
    document["x_top"] = {"a": [1, 2]}
    document["components"][0]["supplier_lot"] = "L-77"
    document["product"]["unit_value"]["incoterm"] = "FOB"
    assert dossier_to_document(parse_dossier(document)) == document


def test_every_problem_is_named_with_its_json_path():
    document = sample_document("smco-magnet-vietnam")
    document["components"][1]["value"]["amount"] = "-3.00"
    document["components"][0]["value"]["currency"] = "XYZ"
    document["shipment"]["destination"] = "Germany"
    with pytest.raises(ValidationFailed) as caught:
        parse_dossier(document, "lm.json")
    where = {p.where for p in caught.value.problems}
    assert where == {"components[1].value.amount", "components[0].value.currency", "shipment.destination"}
    assert "lm.json" in str(caught.value)


def test_float_amounts_are_refused():
    document = sample_document("smco-magnet-vietnam")
    document["product"]["unit_value"]["amount"] = 48.0
    with pytest.raises(ValidationFailed, match=r"product\.unit_value\.amount"):
        parse_dossier(document)


def test_unknown_values_may_be_null_while_the_dossier_is_in_progress():
    document = sample_document("smco-magnet-vietnam")
    document["components"][0]["value"] = None
    document["shipment"]["end_use"]["category"] = None
    dossier = parse_dossier(document)
    assert dossier.components[0].value is None


def test_invalid_json_names_line_and_column():
    with pytest.raises(ValidationFailed, match="line 1, column"):
        parse_dossier_json('{"format": ', "broken.json")


def test_duplicate_keys_are_refused():
    with pytest.raises(ValidationFailed, match="duplicate key 'reference'"):
        parse_dossier_json('{"reference": "A", "reference": "B"}')


def test_snapshot_hash_changes_with_any_value_and_not_with_key_order():
    document = sample_document("smco-magnet-vietnam")
    reordered = dict(reversed(list(copy.deepcopy(document).items())))
    assert snapshot_sha256(parse_dossier(document)) == snapshot_sha256(parse_dossier(reordered))
    document["components"][0]["value"]["amount"] = "6.51"
    assert snapshot_sha256(parse_dossier(document)) != snapshot_sha256(parse_dossier(reordered))


@pytest.mark.parametrize("text", ["1E+999999999", "1_000", "١٢", ".5", "5.", "0x10", "NaN", "1" * 25])
def test_only_plain_decimal_strings_are_accepted(text):
    document = sample_document("smco-magnet-vietnam")
    document["components"][0]["value"]["amount"] = text
    with pytest.raises(ValidationFailed, match=r"components\[0\]\.value\.amount"):
        parse_dossier(document)


def test_too_many_decimal_places_says_which_limit_not_that_it_is_no_number():
    """20 places after the point are read; 21 are refused naming the field and the limit (it said "is not a decimal
    number", which sent the user looking for a typo), in the reader's language too."""
    from reedesk.vocabulary import message

    document = sample_document("smco-magnet-vietnam")
    document["components"][0]["value"]["amount"] = "0." + "0" * 19 + "1"
    assert parse_dossier(document).components[0].value.amount == Decimal("1E-20")
    document["components"][0]["value"]["amount"] = "0." + "0" * 20 + "1"
    with pytest.raises(ValidationFailed) as caught:
        parse_dossier(document)
    [problem] = caught.value.problems
    assert problem.where == "components[0].value.amount" and problem.code == "too_many_decimals"
    assert "more than 20 digits after the decimal point" in str(caught.value)
    assert "not a decimal number" not in str(caught.value)
    assert message("problem", "too_many_decimals", {"text": "1.5", "digits": 20}, "zh-Hans") == "「1.5」的小数部分超过 20 位"


def test_a_document_that_cannot_be_canonicalised_is_refused():
    document = sample_document("smco-magnet-vietnam")
    document["x_big"] = 2**60  # beyond the JSON safe-integer range RFC 8785 allows
    with pytest.raises(ValidationFailed, match="canonical JSON"):
        parse_dossier(document)


def test_absent_values_are_written_back_as_null():
    document = {"format": "reedesk.dossier/1", "reference": "MIN-1", "product": {"name": "bare"}}
    written = dossier_to_document(parse_dossier(document))
    assert written["product"]["description"] is None and written["product"]["unit_value"] is None
    assert written["client"] is None and written["components"] == []
    assert dossier_to_document(parse_dossier(written)) == written  # and that form round-trips exactly

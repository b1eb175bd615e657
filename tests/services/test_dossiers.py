"""Saving, revising and listing dossiers (reedesk/services/dossiers.py)."""

from __future__ import annotations

import copy
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

"""Engine 3.6.0 (REVIEW8 F10, LEGALQA8 discrepancy 8): a party "named" only by a legal form of another script or
country, or by a placeholder typed before the name is known, cannot be screened — it is unnamed, not a party
screened clear (RULES.md second review, "Parties"; No. 61 Art. II's lists can only be checked against a name).
Engine 3.5.0 read these as names, and its documents keep that answer."""

from __future__ import annotations

import pytest

from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco

NO_ONE = ["주식회사", "ООО", "(株)", "㈱", "Sp. z o.o.", "s.r.o.", "A/S", "PT Tbk", "TBD", "TBD GmbH", "N/A", "unknown",
          "待定", "未知"]
SOMEONE = ["Rhein Antriebe GmbH", "A.S. Magnets", "PT Indo Magnet Tbk", "ООО Ромашка", "Samsung 주식회사", "Unknown Pleasures Ltd"]


@pytest.mark.parametrize("name", NO_ONE)
def test_a_name_that_names_no_one_is_asked_for(name: str) -> None:
    doc = foreign_smco({"name": name, "country": "DE"})
    now = evaluate(doc, shipped_packs(), AS_OF)
    assert now["outcome"] == "insufficient_data" and "shipment.end_user.name" in [m["field"] for m in now["missing"]], name
    assert evaluate(doc, shipped_packs(), AS_OF, made_by="3.5.0")["outcome"] == "license_required"


@pytest.mark.parametrize("name", SOMEONE)
def test_a_real_name_with_those_words_is_still_screened(name: str) -> None:
    now = evaluate(foreign_smco({"name": name, "country": "DE"}), shipped_packs(), AS_OF)
    assert now["outcome"] == "license_required" and not now["missing"], name

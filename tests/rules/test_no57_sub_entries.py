"""No. 57 of 2025's sub-entries for licence matching (pack 2026.6 ``[parameters.sub_entries]``, as No. 18 pack 2026.5).

The announcement lists each element's items in three sub-entries (gubaposthk.eastmoney.com/news,cjpl,1608530642.html, as
reproduced): 「（一）1C909.a.金属钬、含钬的合金及相关制品」 (metal, alloys, targets, 「4. 含钬的永磁材料」),
「（二）1C909.b.氧化钬及其混合物」, 「（三）1C909.c.含钬的化合物及其混合物」; the same for erbium 1C910, thulium 1C911 and
europium 1C912 (「1C910.b.氧化铒及其混合物」, 「1C911.c.含铥的化合物及其混合物」, 「1C912.a.金属铕、含铕的合金及相关制品」);
ytterbium's part (1C913) was not seen and is assumed the same (the pack's unverified). A licence for the sub-entry covers
the items of that sub-entry, one for a sibling does not (its reason names the product's sub-entry), one for the entry
covers all three. Engine 3.5.0's re-run keeps its reading: a sub-entry licence never covers.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

AS_OF = date(2026, 11, 25)  # after No. 70's suspension of No. 57 (until 2026-11-10)


def _case(element: str, category: str, code: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    doc, lic = copy.deepcopy(TB_DOSSIER), copy.deepcopy(ISSUE_LICENCE)
    doc["product"].update(name=f"{element} item", description=f"{element} item", category=category, elements=[element],
                          hs_code="2805")
    lic["items"] = [{"control_code": code, "description": f"{element} items"}]
    return doc, [lic]


def test_the_no57_pack_splits_its_codes_as_no18():
    pack = next(p for p in shipped_packs() if p.id == "cn-mofcom-2025-057")
    assert pack.version == "2026.7"
    assert pack.sub_entry("1C910", "rare_earth_oxide") == "1C910.b"
    assert pack.sub_entry("1C909", "rare_earth_permanent_magnet") == "1C909.a"
    assert pack.sub_entry("1C911", "rare_earth_compound") == "1C911.c"
    assert pack.sub_entry("1C912", "other") is None  # the other forms' item-list rules: no sub-entry said


@pytest.mark.parametrize("element, category, code, covers", [
    ("Ho", "rare_earth_metal", "1C909.a", True), ("Ho", "rare_earth_metal", "1C909.b", False),
    ("Er", "rare_earth_oxide", "1C910.b", True), ("Er", "rare_earth_oxide", "1C910.a", False),
    ("Tm", "rare_earth_compound", "1C911.c", True), ("Tm", "rare_earth_compound", "1C911.b", False),
    ("Eu", "rare_earth_alloy", "1C912.a", True), ("Eu", "rare_earth_alloy", "1C912.c", False),
    ("Yb", "rare_earth_target", "1C913.a", True), ("Yb", "rare_earth_oxide", "1C913.a", False),
    ("Er", "rare_earth_compound", "1C910", True),
])
def test_a_licence_for_the_no57_sub_entry_covers_its_items(element, category, code, covers):
    doc, records = _case(element, category, code)
    d = expand(evaluate(doc, shipped_packs(), AS_OF, licences=records))
    assert d["outcome"] == "license_required", d["summary"]
    assert d["licence"]["covers"] is covers, d["licence"]["reason"]
    entry = code.split(".")[0]
    if not covers:
        letter = {"rare_earth_oxide": "b", "rare_earth_compound": "c"}.get(category, "a")
        assert d["licence"]["failures"][0]["code"] == "item"
        assert f"is an item of {entry}.{letter} (it names" in d["licence"]["reason"]
        assert f"而产品属于{entry}.{letter}" in d["licence"]["reason_text"]["zh-Hans"]
    if code != entry:
        old = expand(evaluate(doc, shipped_packs(), AS_OF, licences=records, made_by="3.5.0"))
        assert old["licence"]["covers"] is False

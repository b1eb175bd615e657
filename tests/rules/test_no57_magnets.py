"""No. 57 of 2025 lists permanent-magnet materials for holmium only (pack 2026.7).

The reproduced list (gubaposthk.eastmoney.com/news,cjpl,1608530642.html) gives holmium
「（一）1C909.a.金属钬、含钬的合金及相关制品：1. 金属钬 … 2. 含钬的合金 … 3. 含钬的靶材 … 4. 含钬的永磁材料 … 5. 含钬的晶体材料」;
erbium's 1C910.a goes from its targets straight to 「4. 含铒的晶体材料」, thulium's 1C911.a to 「3. 含铥的晶体材料」, europium's
1C912.a to 「4. 含铕的发光材料」 — no 「含铒的永磁材料」 (nor thulium's, europium's); ytterbium's 1C913 list was not seen and
is not taken to name one. Packs 2026.6 and earlier took a magnet of any of the five elements: an erbium-bearing NdFeB
magnet exported from China was "licence required" with code 1C910; it is not a No. 57 item. A holmium magnet still is
(1C909, sub-entry 1C909.a), and a holmium magnet that also contains erbium names 1C909 alone. Documents made with pack
2026.6 re-run with the pack they embed (rules-released/0.2.0-dev, RELEASED_PACKS).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reedesk.evidence.known_packs import RELEASED_PACKS
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import parse_pack, shipped_packs
from reedesk.rules.render import expand
from tests.licences.conftest import TB_DOSSIER

AS_OF = date(2026, 11, 25)  # after No. 70's suspension of No. 57 (until 2026-11-10)
RULE = "cn-mofcom-2025-057:1C909–1C913"
RELEASED = Path(__file__).resolve().parents[2] / "resources" / "rules-released" / "0.2.0-dev"


def _magnet(elements: list[str], category: str = "rare_earth_permanent_magnet") -> dict[str, Any]:
    doc = copy.deepcopy(TB_DOSSIER)
    doc["product"].update(name="Sintered NdFeB magnet", description="magnet for servo motors", hs_code="850511",
                          category=category, elements=elements)
    return doc


def _no57(d: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in d["findings"] if f["rule"] == RULE)


def _pack():
    return next(p for p in shipped_packs() if p.id == "cn-mofcom-2025-057")


def test_the_pack_lists_magnets_for_holmium_only():
    pack = _pack()
    assert pack.version == "2026.7"
    magnets = [s for s in pack.items.values() if "rare_earth_permanent_magnet" in s.categories]
    assert [(s.name, s.elements_any, s.label_zh) for s in magnets] == [("holmium_magnets", ("Ho",), "含钬的永磁材料（1C909）")]  # no Latin "a" in Chinese text (tests/test_languages)
    assert "含钬的永磁材料" in " ".join(pack.unverified_zh)
    assert pack.sub_entry("1C909", "rare_earth_permanent_magnet") == "1C909.a"


@pytest.mark.parametrize("element", ["Er", "Tm", "Eu", "Yb"])
def test_a_magnet_of_another_no57_element_is_no_no57_item(element):
    d = expand(evaluate(_magnet(["Nd", element, "Fe", "B"]), shipped_packs(), AS_OF))
    f = _no57(d)
    assert f["result"] == "does_not_apply", f["explanation"]["en"]
    assert f["figures"]["codes"] == []
    assert d["outcome"] == "not_controlled", d["summary"]["en"]
    assert "1C91" not in d["summary"]["en"]


def test_an_erbium_magnet_was_an_item_under_pack_2026_6():
    path = RELEASED / "cn-mofcom-2025-057-2026.6.toml"
    old = parse_pack(path.read_text(encoding="utf-8"), path.name)
    assert old.version == "2026.6"
    assert ("cn-mofcom-2025-057", "2026.6", old.sha256) in RELEASED_PACKS
    packs = [old if p.id == old.id else p for p in shipped_packs()]
    d = expand(evaluate(_magnet(["Nd", "Er", "Fe", "B"]), packs, AS_OF))
    assert _no57(d)["result"] == "applies"
    assert _no57(d)["figures"]["codes"] == [{"element": "Er", "code": "1C910"}]


def test_a_holmium_magnet_still_is_an_item_of_1c909():
    d = expand(evaluate(_magnet(["Nd", "Ho", "Fe", "B"]), shipped_packs(), AS_OF))
    f = _no57(d)
    assert f["result"] == "applies", f["explanation"]["en"]
    assert f["figures"]["codes"] == [{"element": "Ho", "code": "1C909"}]
    assert d["outcome"] == "license_required", d["summary"]["en"]


def test_a_holmium_magnet_with_erbium_names_holmium_s_code_alone():
    d = expand(evaluate(_magnet(["Nd", "Ho", "Er", "Fe", "B"]), shipped_packs(), AS_OF))
    assert _no57(d)["figures"]["codes"] == [{"element": "Ho", "code": "1C909"}]
    assert "1C910" not in d["summary"]["zh-Hans"]


@pytest.mark.parametrize("category", ["rare_earth_metal", "rare_earth_alloy", "rare_earth_target", "rare_earth_oxide",
                                      "rare_earth_compound"])
def test_erbium_metals_alloys_targets_oxides_compounds_stay_listed(category):
    d = expand(evaluate(_magnet(["Er"], category), shipped_packs(), AS_OF))
    assert _no57(d)["result"] == "applies"
    assert _no57(d)["figures"]["codes"] == [{"element": "Er", "code": "1C910"}]

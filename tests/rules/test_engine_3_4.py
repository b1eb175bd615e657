"""Engine 3.4.0's four corrected readings, found by the session-6 independent cases (docs/determination.md "Engine
3.4.0"): an unnamed party is unknown; an item is a listed dual-use item only once the announcement listing it is in
effect; an importer or consignee marked military is an overseas military user; the catch-all reaches an item whose
listing is suspended.

1. An unnamed end user (or importer, consignee) is unknown, not a party screened clear.

Legal basis: RULES.md, second review, "Parties": 「screening is part of every determination, not an optional
extra」; MOFCOM No. 61 of 2025 Art. II: export applications for importers and end users on the control list or
watch list 「原则上不予许可」; the unreliable entity list's measure 「禁止其从事与中国有关的进出口活动」 (whatever the
item); FORMATS.md: a value that is null or absent is still unknown, and a determination that needs it is
``insufficient_data`` and names it. Found by the session-6 independent cases (docs/independent-cases.md).

Engines up to 3.3.0 left such a party out of screening; their stored documents re-run as they read it, so they
still reproduce to their own bytes (``reedesk.rules.reproduce_with_engine``).
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from reedesk.rules import reproduce_with_engine
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.rules.shape4 import stored_bytes

AS_OF = date(2026, 11, 25)


def _dossier(ref: str, *, product: dict[str, Any], components: list[dict[str, Any]], export_from: str,
             destination: str, end_user: dict[str, Any] | None, **shipment: Any) -> dict[str, Any]:
    ship: dict[str, Any] = {"export_from": export_from, "destination": destination,
                            "end_use": {"category": "civil", "description": "servo motors"}, **shipment}
    if end_user is not None:
        ship["end_user"] = end_user
    return {"format": "reedesk.dossier/1", "reference": ref, "product": product, "components": components,
            "technologies": [], "shipment": ship, "exchange_rates": []}


def foreign_smco(end_user: dict[str, Any] | None) -> dict[str, Any]:
    """A VN-made Sm-Co magnet with 6.50 of 48.00 USD of Chinese samarium metal (13.5 %, over No. 61's 0.1 %)."""
    return _dossier("UN-SMCO", product={"name": "Sm-Co magnet", "category": "rare_earth_permanent_magnet",
                                        "elements": ["Sm", "Co"], "made_in": "VN",
                                        "unit_value": {"amount": "48.00", "currency": "USD"}},
                    components=[{"id": "C1", "description": "Samarium metal 99.9%", "origin": "CN",
                                 "category": "rare_earth_metal", "elements": ["Sm"],
                                 "value": {"amount": "6.50", "currency": "USD"}}],
                    export_from="VN", destination="DE", end_user=end_user)


def chinese_ndfeb(end_user: dict[str, Any] | None, **shipment: Any) -> dict[str, Any]:
    """A CN-made NdFeB magnet without Tb or Dy (on no list: No. 18's magnets need Tb or Dy), exported from China."""
    return _dossier("UN-NDFEB", product={"name": "NdFeB magnet", "category": "rare_earth_permanent_magnet",
                                         "elements": ["Nd", "Pr", "Fe", "B"], "made_in": "CN",
                                         "unit_value": {"amount": "10.00", "currency": "USD"}},
                    components=[], export_from="CN", destination="US", end_user=end_user, **shipment)


def _run(doc: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return expand(evaluate(doc, shipped_packs(), AS_OF, **kw))


def _needed_by(d: dict[str, Any], field: str) -> list[str]:
    return [r for m in d["missing"] if m["field"] == field for r in m["needed_by"].split(", ")]


@pytest.mark.parametrize("end_user", [{"name": None, "country": "DE"}, {"name": "  ", "country": "DE"}, None],
                         ids=["null-name", "blank-name", "no-end-user"])
def test_foreign_item_needing_a_licence_asks_who_the_end_user_is(end_user):
    """No. 61 Art. II: a listed end user makes the licence presumed denied, so an unnamed one leaves the answer open."""
    d = _run(foreign_smco(end_user))
    assert d["outcome"] == "insufficient_data"
    assert _needed_by(d, "shipment.end_user.name") == ["cn-mofcom-2025-061:I(1)"]  # the rule Art. II's policy applies to
    policy = next(f for f in d["findings"] if f["rule"] == "cn-mofcom-2025-061:II")
    assert policy["result"] == "insufficient_data" and "shipment.end_user.name" in policy["explanation"]["en"]
    named = _run(foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"}))
    assert named["outcome"] == "license_required" and not named["missing"]


def test_chinese_export_of_an_unlisted_item_asks_who_the_end_user_is():
    """The unreliable entity list bars a listed entity's China-related import and export whatever the item, so an item
    on no list, leaving China for an unnamed end user, is not 'not controlled' until the end user is named."""
    d = _run(chinese_ndfeb({"name": None, "country": "US"}))
    assert d["outcome"] == "insufficient_data"
    assert _needed_by(d, "shipment.end_user.name") == ["cn-mofcom-lists:unreliable-entity-list"]
    text = next(m for m in d["missing"] if m["field"] == "shipment.end_user.name")
    assert "prohibited" in text["en"] and "禁止出口" in text["zh-Hans"] and "禁止出口" in text["zh-Hant"]
    for lang in ("zh-Hans", "zh-Hant"):  # no English words in the Chinese sentence (the field's path aside)
        assert not re.search(r"[A-Za-z]{3,}", text[lang].replace("shipment.end_user.name", "")), text[lang]
    assert _run(chinese_ndfeb({"name": "Acme Motors Inc.", "country": "US"}))["outcome"] == "not_controlled"


def test_a_party_no_listing_could_reach_needs_no_name():
    """A foreign-made item that is no dual-use item, leaving VN for DE: no listing's measure reaches the shipment
    (the UEL's measure needs China-related trade, the control list's a dual-use item), so nothing is asked."""
    doc = chinese_ndfeb({"name": None, "country": "DE"})
    doc["product"]["made_in"], doc["shipment"]["export_from"], doc["shipment"]["destination"] = "VN", "VN", "DE"
    d = _run(doc)
    assert d["outcome"] == "not_controlled" and not d["missing"]


def test_an_unnamed_importer_is_asked_for_too():
    """No. 61 Art. II names importers as well as end users (RULES.md second review): an importer the dossier has
    but does not name is asked for; an importer the dossier does not have is not."""
    d = _run(chinese_ndfeb({"name": "Acme Motors Inc.", "country": "US"}, importer={"name": None, "country": "US"}))
    assert d["outcome"] == "insufficient_data"
    assert [m["field"] for m in d["missing"]] == ["shipment.importer.name"]


def old_label_reruns_as_it_read(doc: dict, made_by: str, then: str, now: str) -> None:
    """A determination engine ``made_by`` stored (outcome ``then``) reproduces to its own bytes; relabelled as the
    current engine it does not (the re-run gives ``now``), so the label cannot be swapped."""
    packs = shipped_packs()
    old = evaluate(doc, packs, AS_OF, made_by=made_by)
    old["engine"] = {**old["engine"], "version": made_by}
    assert expand(old)["outcome"] == then
    texts = [p.source_text for p in packs]
    assert stored_bytes(reproduce_with_engine(copy.deepcopy(old), texts)) == stored_bytes(old)
    relabelled = copy.deepcopy(old)
    relabelled["engine"]["version"] = ENGINE_VERSION
    again = reproduce_with_engine(relabelled, texts)
    assert stored_bytes(again) != stored_bytes(relabelled) and expand(again)["outcome"] == now


def test_a_3_3_0_document_re_runs_as_3_3_0_read_it():
    """A determination engine 3.3.0 stored (the unnamed end user left out of screening) still reproduces to its own
    bytes; relabelled as 3.4.0 it no longer does (the re-run asks for the name), so the label cannot be swapped."""
    old_label_reruns_as_it_read(foreign_smco({"name": None, "country": "DE"}), "3.3.0", "license_required",
                                "insufficient_data")


def test_the_service_path_asks_too(empty_desk):
    """Through the evaluation service (every party screened against the shipped lists): the same answer."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.services.evaluation import evaluate_dossier

    d = expand(evaluate_dossier(empty_desk, parse_dossier(chinese_ndfeb({"name": None, "country": "US"})), AS_OF))
    assert d["outcome"] == "insufficient_data" and _needed_by(d, "shipment.end_user.name")


def metal(element: str, user: dict[str, Any]) -> dict[str, Any]:
    return _dossier(f"M-{element}", product={"name": f"{element} metal 99.95%", "category": "rare_earth_metal",
                                             "elements": [element], "made_in": "CN",
                                             "unit_value": {"amount": "1250.00", "currency": "USD"}},
                    components=[], export_from="CN", destination="US", end_user=user)


US_MILITARY = {"name": "US Army Materiel Depot", "country": "US", "military": True}


@pytest.mark.parametrize("element, as_of, outcome, decisive", [
    ("Tb", date(2025, 3, 1), "license_required", ["cn-export-control-law-012:12"]),
    ("Tb", date(2025, 4, 4), "prohibited", ["cn-mofcom-2024-046:1"]),
    ("Ho", date(2025, 10, 20), "license_required", ["cn-export-control-law-012:12"]),
    ("Ho", date(2025, 11, 8), "prohibited", ["cn-mofcom-2024-046:1"]),
])
def test_an_item_is_a_listed_dual_use_item_only_once_its_listing_is_in_effect(element, as_of, outcome, decisive):
    """2. No. 46 of 2024 Art. 1 「禁止两用物项对美国军事用户或军事用途出口」 reaches listed dual-use items. Terbium metal is
    listed (1C904) by MOFCOM/GAC No. 18 of 2025 「决定对下列物项实施出口管制」 in force on publication, 2025-04-04; holmium
    metal (1C909) by No. 57 of 2025 from 2025-11-08. Before those dates the metal is an unlisted item: for a US
    military end user the catch-all (Export Control Law Art. 12) asks for a licence; from them on, No. 46 bans it."""
    d = expand(evaluate(metal(element, US_MILITARY), shipped_packs(), as_of))
    assert (d["outcome"], d["decisive"]) == (outcome, decisive)
    old = expand(evaluate(metal(element, US_MILITARY), shipped_packs(), as_of, made_by="3.3.0"))
    assert old["outcome"] == "prohibited"  # what engine 3.3.0 said on every date, and its documents re-run to


def test_a_military_importer_is_an_overseas_military_user():
    """3. No. 61 Art. II 「对向境外军事用户的出口申请……原则上不予许可」: the goods are exported to the importer, so an importer
    marked military (FORMATS.md 0.2: importer and consignee carry ``military`` like the end user) makes the licence
    presumed denied, as a military end user would."""
    doc = foreign_smco({"name": "Rhein Antriebe GmbH", "country": "DE"})
    doc["shipment"]["importer"] = {"name": "Bundeswehr Beschaffungsamt", "country": "DE", "military": True}
    d = _run(doc)
    assert d["outcome"] == "license_required_presumption_of_denial"
    policy = next(f for f in d["findings"] if f["rule"] == "cn-mofcom-2025-061:II")
    assert policy["result"] == "applies" and "Bundeswehr Beschaffungsamt" in policy["explanation"]["en"]
    assert "進口商" in policy["explanation"]["zh-Hant"] and "进口商" in policy["explanation"]["zh-Hans"]
    doc["shipment"]["importer"]["military"] = False
    assert _run(doc)["outcome"] == "license_required"


@pytest.mark.parametrize("as_of, end_use, outcome, decisive", [
    (date(2026, 5, 1), "wmd", "license_required", ["cn-export-control-law-012:12"]),
    (date(2026, 5, 1), "civil", "suspended", ["cn-mofcom-2025-057:1C909–1C913"]),
    (date(2025, 10, 20), "wmd", "license_required", ["cn-export-control-law-012:12"]),
])
def test_the_catch_all_reaches_an_item_whose_listing_is_suspended(as_of, end_use, outcome, decisive):
    """5. No. 70 「暂停实施」 No. 57 until 2026-11-10: inside the window holmium metal is controlled by no list, so the
    Export Control Law Art. 12 catch-all (「被用于设计、开发、生产或者使用大规模杀伤性武器及其运载工具」, not suspended) asks
    for a licence for a WMD end use instead of the determination saying 'suspended' (no licence). Before No. 57's
    effective date (2025-11-08) the item is unlisted, so the same. A civil end use stays suspended."""
    doc = metal("Ho", {"name": "Rhein Chemie GmbH", "country": "DE"})
    doc["shipment"]["destination"] = "DE"
    doc["shipment"]["end_use"]["category"] = end_use
    d = expand(evaluate(doc, shipped_packs(), as_of))
    assert (d["outcome"], d["decisive"]) == (outcome, decisive)
    if end_use == "wmd":
        catch_all = next(f for f in d["findings"] if f["rule"] == "cn-export-control-law-012:12")
        assert catch_all["result"] == "applies"
        assert expand(evaluate(doc, shipped_packs(), as_of, made_by="3.3.0"))["outcome"] != "license_required"


def test_a_reading_that_moves_the_window_moves_the_catch_all_too(monkeypatch):
    """As of 2026-11-25 No. 57 is back in force by the text, and suspended until 2027-01-10 by the reported extension
    (the ``extended-2027-01-10`` reading). For a WMD end use the catch-all reaches the item under that reading only:
    the readings' reuse of the primary run's results must not carry the primary's 'listed' answer into it. The plain
    path (every reading re-runs every rule, ``engine.SHORTCUTS = False``) gives the same document."""
    from reedesk.rules import engine

    doc = metal("Ho", {"name": "Rhein Chemie GmbH", "country": "DE"})
    doc["shipment"]["destination"] = "DE"
    doc["shipment"]["end_use"]["category"] = "wmd"
    fast = evaluate(doc, shipped_packs(), AS_OF)
    extended = next(r for r in expand(fast)["readings"] if r["id"] == "extended-2027-01-10")
    assert extended["outcome"] == "license_required"  # not "suspended": the catch-all, not No. 57, decides there
    monkeypatch.setattr(engine, "SHORTCUTS", False)
    assert stored_bytes(evaluate(doc, shipped_packs(), AS_OF)) == stored_bytes(fast)

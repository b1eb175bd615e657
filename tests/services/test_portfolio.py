"""Portfolio use cases on a real desk (SQLite file with the samples): headroom, timeline, impact.

Legal basis used by the cases: MOFCOM Announcement No. 61 of 2025 Art. I(1) (0.1 % value rule)
and I(2) (China-origin technology), suspended by MOFCOM/GAC Announcement No. 70 of 2025 from
2025-11-07 until 2026-11-10 inclusive; back in force from 2026-11-11 unless a newer pack says otherwise.
"""

from __future__ import annotations

import re

import dataclasses
import json

import pytest
from sqlmodel import select

from reedesk.errors import ReedeskError
from reedesk.services import portfolio
from reedesk.services.dossiers import load_dossier, save_dossier
from reedesk.services.evaluation import list_determinations
from reedesk.store.models import AuditEventRow, DeterminationRow
from tests.rules.builders import EXTENSION


def _events(desk, action: str) -> list[AuditEventRow]:
    with desk.db.unit_of_work() as s:
        return list(s.exec(select(AuditEventRow).where(AuditEventRow.action == action)))


def _determinations(desk) -> int:
    with desk.db.unit_of_work() as s:
        return len(list(s.exec(select(DeterminationRow))))


def test_impact_of_the_end_of_the_suspension(desk) -> None:
    """No. 70 ends on 2026-11-10: the Sm-Co magnet (I(1)) and the NdFeB magnet made with Chinese
    technology (I(2)) go from suspended to licence required; nothing is stored."""
    doc = portfolio.impact(desk, "2026-11-01", against="2026-11-25")
    changed = {r["reference"]: (r["old"], r["new"], [d["rule"] for d in r["decisive"]]) for r in doc["rows"]}
    assert changed == {
        "LM-2026-0042": ("suspended", "license_required", ["cn-mofcom-2025-061:I(1)"]),
        "TK-NDFEB-7": ("suspended", "license_required", ["cn-mofcom-2025-061:I(2)"]),
        # the Taiwan target's only CNY→USD rate is dated 2026-11-18: not used as of 2026-11-01 (engine 3.6.0)
        "TW-TGT-19": ("insufficient_data", "not_controlled", ["cn-mofcom-2025-061:I(1)"]),
    }
    assert doc["total"] == doc["evaluated"] == 4 and doc["stored"] is None
    assert _determinations(desk) == 0 and _events(desk, "impact") == []
    assert doc["counts_changed"]["Lotus Magnetics Co., Ltd."] == {"license_required": 1}


def test_impact_of_a_pack_not_imported(desk, tmp_path) -> None:
    """A newer No. 70 pack (test pack) extending the suspension of No. 61 to 2027-11-10: as of
    2026-11-25 the two magnets would be suspended instead of licence required. The pack is not
    imported by the comparison."""
    path = tmp_path / "no70-extended.toml"
    path.write_text(re.sub(r'(?m)^version = "[^"]+"', 'version = "2099.1"', EXTENSION, count=1), encoding="utf-8")
    doc = portfolio.impact(desk, "2026-11-25", pack=path)
    assert {(r["reference"], r["old"], r["new"]) for r in doc["rows"]} == {
        ("LM-2026-0042", "license_required", "suspended"), ("TK-NDFEB-7", "license_required", "suspended")}
    assert doc["change"]["pack"]["version"] == "2099.1"
    from reedesk.services.evaluation import active_packs

    assert all(p.version != "2099.1" or p.id != "cn-mofcom-gac-2025-070" for p in active_packs(desk))
    with pytest.raises(ReedeskError, match="cannot be stored against"):
        portfolio.impact(desk, "2026-11-25", pack=path, store=True)


def test_impact_store_keeps_determinations_and_one_impact_event(desk) -> None:
    """With --store the determinations as of the other date are stored as evaluate --all stores them
    and one impact audit event records the comparison."""
    seen: list[tuple[int, int]] = []
    doc = portfolio.impact(desk, "2026-11-01", against="2026-11-25", store=True, progress=lambda d, t: seen.append((d, t)))
    assert doc["stored"] == {"as_of": "2026-11-25", "determinations": 4, "evaluated": 4}
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    events = _events(desk, "impact")
    assert len(events) == 1
    after = json.loads(events[0].after)
    assert {c["reference"] for c in after["changed"]} == {"LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19"}  # TW: its rate is dated after 2026-11-01
    assert [d.as_of for d in list_determinations(desk, "LM-2026-0042")] == ["2026-11-25"]


def test_impact_cancel_stops_between_batches(desk, monkeypatch) -> None:
    """A cancel is asked before each batch: the batches before it are compared (and, with store,
    kept whole, the impact event saying it was cancelled); the rest is not evaluated."""
    monkeypatch.setattr(portfolio, "CHUNK", 1)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    doc = portfolio.impact(desk, "2026-11-01", against="2026-11-25", is_cancelled=cancelled)
    assert doc["cancelled"] is True and doc["evaluated"] == 2 and doc["stored"] is None
    assert _determinations(desk) == 0 and _events(desk, "impact") == []
    asked.clear()
    doc = portfolio.impact(desk, "2026-11-01", against="2026-11-25", is_cancelled=cancelled, store=True)
    assert doc["stored"] == {"as_of": "2026-11-25", "determinations": 2, "evaluated": 2}
    assert _determinations(desk) == 2
    events = _events(desk, "impact")
    assert len(events) == 1 and json.loads(events[0].after)["cancelled"] is True


def test_impact_stores_exactly_what_evaluate_reference_would(desk) -> None:
    """The stored determination of a compared dossier is byte for byte the one `reedesk evaluate`
    stores for the same revision and date (so evaluating again stores nothing new)."""
    from reedesk.services.evaluation import evaluate_reference

    portfolio.impact(desk, "2026-11-01", against="2026-11-25", store=True)
    stored = list_determinations(desk, "LM-2026-0042")
    again = evaluate_reference(desk, "LM-2026-0042", "2026-11-25")
    assert [d.sha256 for d in stored] == [again.sha256] and again.id == stored[0].id


def test_impact_ignores_a_scenario_revision(desk) -> None:
    """A what-if revision (scenario: true) re-sourcing the Sm metal from Japan is never what impact
    compares: the real revision's No. 61 I(1) content stays, so the dossier still changes."""
    stored = load_dossier(desk, "LM-2026-0042")
    comps = [dataclasses.replace(c, origin="JP") for c in stored.dossier.components]
    save_dossier(desk, dataclasses.replace(stored.dossier, components=comps, scenario=True), reason="what-if")
    doc = portfolio.impact(desk, "2026-11-01", against="2026-11-25")
    row = next(r for r in doc["rows"] if r["reference"] == "LM-2026-0042")
    assert row["revision"] == 1 and row["new"] == "license_required"


def test_impact_names_one_change_at_a_time(desk, tmp_path) -> None:
    with pytest.raises(ReedeskError, match="one change at a time"):
        portfolio.impact(desk, "2026-11-01", against="2026-11-25", pack=tmp_path / "x.toml")


def test_timeline_and_headroom_store_nothing(desk) -> None:
    """No. 61 I(1): both analyses evaluate without keeping determinations."""
    t = portfolio.timeline(desk, "LM-2026-0042", "2025-10-01", "2027-03-01")
    assert t["bands"][0]["intervals"][-1]["outcome"] == "license_required"
    h = portfolio.headroom(desk, "LM-2026-0042", "2026-11-25")
    assert h["resourcing"]["lines"] == ["C1"]
    assert _determinations(desk) == 0


def test_scenario_revision_is_stored_beside_never_current(desk) -> None:
    """FORMATS 0.2: a what-if revision ("scenario": true) is kept, but never becomes the current
    revision; the next real save numbers after it and is current."""
    from reedesk.services.dossiers import list_revisions

    stored = load_dossier(desk, "LM-2026-0042")
    what_if = dataclasses.replace(stored.dossier, components=[dataclasses.replace(c, origin="JP") for c in stored.dossier.components],
                                  scenario=True)
    result = save_dossier(desk, what_if, reason="what-if: Sm metal from Japan")
    assert (result.revision, result.changed) == (2, True)
    current = load_dossier(desk, "LM-2026-0042")
    assert current.revision == 1 and current.latest_revision == 1 and current.dossier.scenario is False
    assert load_dossier(desk, "LM-2026-0042", 2).dossier.scenario is True
    real = dataclasses.replace(stored.dossier, product=dataclasses.replace(stored.dossier.product, name="renamed magnet"))
    assert save_dossier(desk, real).revision == 3
    assert load_dossier(desk, "LM-2026-0042").revision == 3
    assert [r.number for r in list_revisions(desk, "LM-2026-0042")] == [1, 2, 3]


def test_scenario_of_an_unsaved_dossier_is_refused(desk) -> None:
    stored = load_dossier(desk, "LM-2026-0042")
    with pytest.raises(ReedeskError, match="not stored yet"):
        save_dossier(desk, dataclasses.replace(stored.dossier, reference="NEW-1", scenario=True))


def test_impact_under_each_declared_reading(desk) -> None:
    """No option: each declared reading is the change. As of 2026-11-25 the text has No. 61 back in
    force (licence required for the two magnets); the reported extension of No. 70 to 2027-01-10
    (open point no70-end, unconfirmed) would keep them suspended — listed as that reading's rows."""
    doc = portfolio.impact(desk, "2026-11-25")
    assert doc["change"] == {"kind": "readings"}
    rows = {(r["reference"], r["old"], r["new"], r["reading"]["point"]) for r in doc["rows"]}
    assert ("LM-2026-0042", "license_required", "suspended", "no70-end") in rows
    assert ("TK-NDFEB-7", "license_required", "suspended", "no70-end") in rows
    lm = next(r for r in doc["rows"] if r["reference"] == "LM-2026-0042" and r["reading"]["point"] == "no70-end")
    assert [d["rule"] for d in lm["decisive"]] == ["cn-mofcom-2025-061:I(1)"] and lm["change"] == lm["reading"]["id"]


WATCH_LIST = """
schema = "reedesk.screeninglist/1"

[list]
id = "test-watch-list"
kind = "watch_list"
name_en = "Watch List (test addition)"
name_zh = "关注名单（测试）"
name_zh_hant = "關注名單（測試）"
authority = "test"
reference = "test"
url = "https://example.invalid"
version_date = 2026-11-20
reviewed_until = 2026-11-20
complete = false
measures = ["no_general_licence", "risk_assessment_report", "written_undertaking"]
note = "test list, not a MOFCOM list"
sources = ["test"]

[[entries]]
name = "Rhein Antriebe GmbH"
country = "DE"
announcement = "Hypothetical announcement (test)"
announcement_zh = "假设公告（测试）"
listed_on = 2026-11-20
source = "test"
"""


def test_impact_of_a_screening_list_not_imported(desk, tmp_path) -> None:
    """No. 61 Art. II and the open-hit rule (CONTRACTS, "Open hits"): a watch list not yet imported
    that names the Sm-Co magnet's end user (Rhein Antriebe GmbH) gives an undecided hit, so the
    licence-required outcome becomes insufficient data until a person confirms or clears it. The
    list is not imported by the comparison."""
    from reedesk.services.screening import available_lists

    path = tmp_path / "watch.toml"
    path.write_text(WATCH_LIST, encoding="utf-8")
    doc = portfolio.impact(desk, "2026-11-25", screening_list=path)
    assert [(r["reference"], r["old"], r["new"]) for r in doc["rows"]] == [("LM-2026-0042", "license_required", "insufficient_data")]
    assert doc["change"]["list"]["id"] == "test-watch-list"
    assert all(lst.id != "test-watch-list" for lst in available_lists(desk))

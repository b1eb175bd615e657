"""Timeline of one dossier: the outcome as intervals between the dates the packs name.

Legal basis: MOFCOM Announcement No. 61 of 2025 (published and in force 2025-10-09; I(1) value
rule from 2025-12-01) and MOFCOM/GAC Announcement No. 70 of 2025 (suspends No. 61 from
2025-11-07 until 2026-11-10, both ends inclusive, RULES.md "Suspensions and effective dates").
"""

from __future__ import annotations

import re

from datetime import date

from reedesk.portfolio.timeline import change_dates, timeline
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import parse_pack, shipped_packs
from tests.conftest import sample_document
from tests.rules.builders import EXTENSION


def _run(doc: dict, packs: list, start: date, end: date) -> dict:
    return timeline(lambda d: evaluate(doc, packs, d), change_dates(packs, doc), start, end, packs=packs, reference=doc["reference"])


def _primary(t: dict) -> list[tuple[str, str, str]]:
    return [(i["from"], i["until"], i["outcome"]) for i in t["bands"][0]["intervals"]]


def test_change_dates_hold_suspension_ends_and_the_day_after() -> None:
    """No. 70: the window 2025-11-07 … 2026-11-10 is inclusive, so 2026-11-11 is a change date."""
    dates = change_dates(shipped_packs())
    assert {date(2025, 11, 7), date(2026, 11, 10), date(2026, 11, 11), date(2025, 12, 1)} <= set(dates)
    assert dates == sorted(dates)


def test_smco_sample_suspension_band_and_return_to_force() -> None:
    """No. 61 I(1) with No. 70: the Sm-Co magnet (13.5 % China-origin Sm content) is suspended
    inside the window and licence required from 2026-11-11, with the end of the suspension
    named as the interval's event; the intervals tile the range without gaps."""
    t = _run(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2025, 10, 1), date(2027, 3, 1))
    iv = t["bands"][0]["intervals"]
    assert iv[0]["from"] == "2025-10-01" and iv[-1]["until"] == "2027-03-01"
    for a, b in zip(iv, iv[1:]):
        assert date.fromisoformat(a["until"]).toordinal() + 1 == date.fromisoformat(b["from"]).toordinal()
        assert (a["outcome"], a["decisive"]) != (b["outcome"], b["decisive"])
    suspended = [i for i in iv if i["outcome"] == "suspended"]
    assert suspended and suspended[-1]["until"] == "2026-11-10"
    assert suspended[0]["rules"][0]["suspension"]["until"] == "2026-11-10"
    last = iv[-1]
    assert (last["from"], last["outcome"]) == ("2026-11-11", "license_required")
    assert last["decisive"] == ["cn-mofcom-2025-061:I(1)"]
    assert [e["pack"] for e in last["events"]] == ["cn-mofcom-2025-061"]
    assert "suspension of MOFCOM Announcement No. 61 of 2025" in last["events"][0]["text"]["en"]
    assert _primary(t)[0][2] == "not_controlled"  # before No. 61 was published


def test_newer_pack_version_moves_the_boundary() -> None:
    """A newer No. 70 pack extending the suspension (test pack, version date 2026-11-01) governs from
    its version date: the suspension runs on to 2027-11-10 and the return to force moves to 2027-11-11."""
    packs = shipped_packs() + [parse_pack(re.sub(r'(?m)^version = "[^"]+"', 'version = "2099.1"', EXTENSION, count=1), "extension.toml")]
    t = _run(sample_document("smco-magnet-vietnam"), packs, date(2026, 10, 1), date(2028, 1, 1))
    iv = _primary(t)
    back = next(i for i in iv if i[2] == "license_required")
    assert back[0] == "2027-11-11"
    assert ("2026-10-01", "2027-11-10", "suspended") in iv


def test_range_inside_one_state_is_one_interval() -> None:
    t = _run(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 1, 1), date(2026, 2, 1))
    assert _primary(t) == [("2026-01-01", "2026-02-01", "suspended")]


def test_smco_sample_reported_extension_is_a_separate_band() -> None:
    """RULES.md second review, "What follows 2026-11-10 is disputed": the text (back in force from
    2026-11-11) and the reported extension of the No. 70 suspension to 2027-01-10 (US Treasury
    Secretary, 2026-09-24, unconfirmed) are both shown; the extension reading is its own band,
    suspended until 2027-01-10 and licence required from 2027-01-11."""
    packs = shipped_packs()
    t = _run(sample_document("smco-magnet-vietnam"), packs, date(2025, 10, 1), date(2027, 3, 1))
    band = next(b for b in t["bands"] if b["point"] == "no70-end")
    assert band["differs"] is True and band["status"] == "reported_unconfirmed"
    iv = [(i["from"], i["until"], i["outcome"], i["same_as_primary"]) for i in band["intervals"]]
    assert ("2026-11-11", "2027-01-10", "suspended", False) in iv
    assert iv[-1] == ("2027-01-11", "2027-03-01", "license_required", True)
    extended = next(i for i in band["intervals"] if i["from"] == "2026-11-11")
    assert "2027-01-10" in extended["summary"]["en"] and extended["rules"][0]["suspension"] is None
    assert all(not b["differs"] for b in t["bands"][1:] if b["point"] != "no70-end")
    assert {"2026-11-11", "2027-01-11"} <= set(t["evaluated_on"])


def test_a_reading_stated_but_not_evaluated_gives_no_band_of_its_own() -> None:
    """A pack may state a reading it cannot evaluate (outcome null, e.g. No. 18's Hong Kong / Macao /
    Taiwan point): the timeline gives it the primary answer, marks it not evaluated, and impact lists
    no change for it."""
    from reedesk.portfolio.impact import reading_rows

    t = _run(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 11, 1), date(2026, 12, 31))
    stated = [b for b in t["bands"] if not b["primary"] and not b["evaluated"]]
    assert stated and all(b["not_evaluated_note"] for b in stated)
    for b in stated:
        assert b["differs"] is False and all(i["outcome"] is not None for i in b["intervals"])
    det = evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 12, 1))
    assert all(r["new"] is not None for r in reading_rows("LM", "c", 1, det))
    assert all(b["evaluated"] or b in stated for b in t["bands"][1:])

"""`reedesk headroom|timeline|impact` through the real entry point on a real desk (reedesk/cli/portfolio.py)."""

from __future__ import annotations

import json
from decimal import Decimal

from reedesk.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_headroom_json_of_the_smco_sample(capsys, desk) -> None:
    """No. 61 I(1) (0.1 % of the Part 2 item's value): the Sm-Co sample's 6.50 USD of China-origin
    Sm metal in a 48.00 USD magnet is 13.5417 %, 6.452 USD above the 0.048 USD bar."""
    code, out, err = run(capsys, "headroom", "LM-2026-0042", "--as-of", "2026-11-25", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["schema"] == "reedesk.headroom/1" and doc["revision"] == 1
    assert Decimal(doc["margin"]) == Decimal("6.452") and doc["resourcing"]["lines"] == ["C1"]


def test_headroom_text_in_traditional_chinese_and_stores_nothing(capsys, desk) -> None:
    """No. 61 I(1): the text names the threshold and the margin in percentage points; nothing is stored."""
    code, out, err = run(capsys, "headroom", "LM-2026-0042", "--as-of", "2026-11-25", "--language", "zh-Hant")
    assert code == 0 and "13.4417 個百分點" in out and "門檻 0.1000 %" in out and "revision" not in out
    from reedesk.services.evaluation import list_determinations

    assert list_determinations(desk, "LM-2026-0042") == []


def test_headroom_unknown_reference_is_one_sentence(capsys, desk) -> None:
    code, out, err = run(capsys, "headroom", "NO-SUCH", "--as-of", "2026-11-25")
    assert code == 2 and out == "" and "NO-SUCH" in err and err.count("\n") == 1


def test_timeline_json_of_the_smco_sample(capsys, desk) -> None:
    """No. 61 I(1) suspended by No. 70 until 2026-11-10 (inclusive): licence required from 2026-11-11."""
    code, out, err = run(capsys, "timeline", "LM-2026-0042", "--from", "2025-10-01", "--to", "2027-03-01", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["schema"] == "reedesk.timeline/1" and doc["bands"][0]["primary"] is True
    last = doc["bands"][0]["intervals"][-1]
    assert (last["from"], last["until"], last["outcome"]) == ("2026-11-11", "2027-03-01", "license_required")


def test_timeline_text_in_simplified_chinese(capsys, desk) -> None:
    """No. 70: the end of the suspension is named on the day the rule is back in force."""
    code, out, err = run(capsys, "timeline", "LM-2026-0042", "--from", "2026-11-01", "--to", "2026-12-01", "--language", "zh-Hans")
    assert code == 0
    assert "2026-11-11 … 2026-12-01  需申请许可" in out and "暂停实施期满（至2026-11-10止）" in out


def test_timeline_reversed_range_is_one_sentence(capsys, desk) -> None:
    code, out, err = run(capsys, "timeline", "LM-2026-0042", "--from", "2027-01-01", "--to", "2026-01-01")
    assert code == 2 and "before it starts" in err and err.count("\n") == 1


def test_impact_against_a_date_text_and_json(capsys, desk) -> None:
    """No. 70 ends 2026-11-10: two dossiers go from suspended to licence required; the Taiwan target's only CNY→USD rate
    is dated 2026-11-18, after 2026-11-01, so engine 3.6.0 does not use it then (insufficient data) and on 2026-11-25 it does
    (not controlled); nothing stored."""
    code, out, err = run(capsys, "impact", "--as-of", "2026-11-01", "--against", "2026-11-25")
    assert code == 0 and "3 of 4 dossiers change outcome" in out and "Nothing was stored" in out
    assert "LM-2026-0042" in out and "MOFCOM Announcement No. 61 of 2025, Art. I(2)" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and "-" in line.split()[0]}
    assert "insufficient data" in rows["TW-TGT-19"]
    assert rows["TW-TGT-19"].index("insufficient data") < rows["TW-TGT-19"].index("not controlled")
    code, out, err = run(capsys, "impact", "--as-of", "2026-11-01", "--against", "2026-11-25", "--json", "--client", "Takumi Motors K.K.")
    doc = json.loads(out)
    assert doc["schema"] == "reedesk.impact/1" and [r["reference"] for r in doc["rows"]] == ["TK-NDFEB-7"]


def test_impact_readings_in_traditional_chinese(capsys, desk) -> None:
    """The reported No. 70 extension (unconfirmed) keeps the magnets suspended as of 2026-11-25."""
    code, out, err = run(capsys, "impact", "--as-of", "2026-11-25", "--language", "zh-Hant")
    assert code == 0 and "按每種已聲明的解讀" in out and "規則適用但暫停實施［解讀1］" in out
    assert "解讀1：暫停實施已延期至2027-01-10" in out and "extended-2027-01-10" not in out


def test_impact_two_changes_at_once_is_refused_by_the_parser(capsys, desk) -> None:
    import pytest

    with pytest.raises(SystemExit) as exit_:
        main(["impact", "--as-of", "2026-11-01", "--against", "2026-11-25", "--pack", "x.toml"])
    assert exit_.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_impact_store_then_audit_verify_is_intact(capsys, desk) -> None:
    """The determinations impact --store keeps, and its impact event, pass `reedesk audit verify`
    (each determination re-run reproduces; the trail and its signed heads check out)."""
    code, out, err = run(capsys, "impact", "--as-of", "2026-11-01", "--against", "2026-11-25", "--store")
    assert code == 0 and "Stored: 4 new determinations as of 2026-11-25" in out
    code, out, err = run(capsys, "audit", "verify")
    assert code == 0 and "4 of 4 determinations reproduce" in out


def test_audit_log_accepts_the_impact_action(capsys, desk) -> None:
    """`audit log --action impact` is a known action before any comparison was stored, and lists it after."""
    code, out, err = run(capsys, "audit", "log", "--action", "impact")
    assert code == 0
    run(capsys, "impact", "--as-of", "2026-11-01", "--against", "2026-11-25", "--store")
    code, out, err = run(capsys, "audit", "log", "--action", "impact")
    assert code == 0 and "impact" in out and "portfolio" in out

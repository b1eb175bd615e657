"""`reedesk evaluate FILE_OR_REF --as-of DATE [--json]` through the real entry point (reedesk/cli/evaluate.py)."""

from __future__ import annotations

import json

from reedesk.cli.main import main
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules.engine import determination_sha256
from tests.conftest import SAMPLES_DIR


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_of_a_file_is_the_determination_and_nothing_is_stored(capsys) -> None:
    path = str(SAMPLES_DIR / "gd-target-taiwan-memory-fab.json")
    code, out, err = run(capsys, "evaluate", path, "--as-of", "2026-11-25", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["outcome"] == "not_controlled" and doc["dossier"]["revision"] is None
    code, out, err = run(capsys, "evaluate", path, "--as-of", "2026-11-25", "--json")
    assert canonical_bytes(json.loads(out)) == canonical_bytes(doc)


def test_reference_is_evaluated_stored_and_reads_like_a_memo(capsys, desk) -> None:
    code, out, err = run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25")
    assert (code, err) == (0, "")
    assert out.startswith("MEMORANDUM")
    assert "Outcome: LICENCE REQUIRED (license_required)" in out
    assert "MOFCOM Announcement No. 61 of 2025, Art. I(1)" in out
    assert "6.50 USD ÷ item value 48.00 USD" in out
    assert "stored as determination #1" in out
    code, out, err = run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25", "--json")
    doc = json.loads(out)
    assert doc["dossier"]["revision"] == 1


def test_suspended_rule_says_until_when_and_by_which_announcement(capsys, desk) -> None:
    code, out, err = run(capsys, "evaluate", "TK-NDFEB-7", "--as-of", "2026-01-15")
    assert code == 0
    assert "Outcome: RULE APPLIES BUT IS SUSPENDED (suspended)" in out
    assert "Suspended from 2025-11-07 until 2026-11-10 by MOFCOM/GAC Announcement No. 70 of 2025." in out
    code, out, err = run(capsys, "evaluate", "TK-NDFEB-7", "--as-of", "2026-01-15", "--lang", "zh-Hans")
    assert "自2025-11-07起至2026-11-10由商务部 海关总署公告2025年第70号暂停实施" in out


def test_memo_hash_is_the_hash_of_the_json(capsys, desk) -> None:
    code, out, _ = run(capsys, "evaluate", "CN-TB-880", "--as-of", "2026-11-25", "--json")
    shown = json.loads(out)  # the expanded view; the hash is over the stored facts document (issue 13)
    digest = shown["stored_sha256"]
    assert determination_sha256(shown) != digest and shown["schema"] == "reedesk.determination/2"
    code, memo, _ = run(capsys, "evaluate", "CN-TB-880", "--as-of", "2026-11-25")
    assert f"Determination SHA-256: {digest}" in memo


def test_insufficient_data_lists_the_missing_fields(capsys, tmp_path) -> None:
    doc = json.loads((SAMPLES_DIR / "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    doc["components"][0]["value"] = {"amount": "45.00", "currency": "CNY"}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(path), "--as-of", "2026-11-25")
    assert code == 0
    assert "Outcome: INSUFFICIENT DATA" in out
    assert "exchange_rates[CNY->USD]" in out


def test_errors_exit_2_with_one_sentence(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "evaluate", "NO-SUCH-REF", "--as-of", "2026-11-25")
    assert code == 2 and "NO-SUCH-REF" in err and err.count("\n") == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "reedesk.dossier/1"}', encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(bad), "--as-of", "2026-11-25")
    assert code == 2 and "bad.json" in err and "reference" in err
    code, out, err = run(capsys, "evaluate", str(tmp_path / "gone.json"), "--as-of", "2026-11-25")
    assert code == 2 and "gone.json" in err


def test_memo_shows_the_working_of_a_value_rule_that_does_not_apply(capsys) -> None:
    path = str(SAMPLES_DIR / "gd-target-taiwan-memory-fab.json")
    code, out, _ = run(capsys, "evaluate", path, "--as-of", "2026-11-25")
    assert code == 0
    assert "8.00 CNY × 0.1390" in out and "1.112000 USD ÷ item value 3500.00 USD" in out
    assert "Below the threshold by 2.388 USD" in out


def test_chinese_memo_has_no_english_result_words(capsys) -> None:
    path = str(SAMPLES_DIR / "smco-magnet-vietnam.json")
    code, out, _ = run(capsys, "evaluate", path, "--as-of", "2026-11-25", "--lang", "zh-Hant")
    assert code == 0
    for english in ("applies →", "license_required\n", "made in", "商务部"):
        assert english not in out
    assert "適用 → 需申請許可" in out

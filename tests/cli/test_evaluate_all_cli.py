"""`reedesk evaluate --all --as-of D [--client C] [--json]` through the real entry point
(reedesk/cli/evaluate_all.py over reedesk/services/batch.py).

Legal basis of the outcomes: the shipped rule packs (MOFCOM Announcements No. 18 and 61 of
2025, No. 70's suspension) as the single-dossier command applies them.
"""

from __future__ import annotations

import json

from reedesk.cli.main import main
from reedesk.services import evaluation
from reedesk.services.dossiers import list_dossiers
from tests.services.test_batch import alter_revision_outside_reedesk


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_all_stores_every_dossier_and_prints_a_summary(capsys, desk) -> None:
    references = {s.reference for s in list_dossiers(desk)}
    code, out, err = run(capsys, "evaluate", "--all", "--as-of", "2026-11-25")
    assert (code, err) == (0, "")
    assert f"{len(references)} of {len(references)} dossiers of the desk evaluated as of 2026-11-25" in out
    assert f"{len(references)} new determinations stored" in out
    for reference in references:
        assert len(evaluation.list_determinations(desk, reference)) == 1


def test_all_json_with_progress_bar_on_stderr(capsys, desk) -> None:
    client = sorted({s.client_name for s in list_dossiers(desk)})[0]
    expected = {s.reference for s in list_dossiers(desk) if s.client_name == client}
    code, out, err = run(capsys, "evaluate", "--all", "--as-of", "2026-11-25", "--client", client, "--json", "--progress")
    assert code == 0
    doc = json.loads(out)  # stdout holds the JSON only
    assert {d["reference"] for d in doc["dossiers"]} == expected and doc["stored"] == len(expected)
    single = evaluation.evaluate_reference(desk, doc["dossiers"][0]["reference"], "2026-11-25")
    assert single.sha256 == doc["dossiers"][0]["sha256"] and single.id == doc["dossiers"][0]["determination_id"]
    assert err.startswith("\r[") and f"] {len(expected)}/{len(expected)} 100.0 %" in err and err.endswith("\n")


def test_all_refuses_a_target_too_and_a_missing_target_is_explained(capsys, desk) -> None:
    code, out, err = run(capsys, "evaluate", "LM-2026-0042", "--all", "--as-of", "2026-11-25")
    assert code != 0 and "either a dossier (FILE_OR_REF) or --all" in err
    code, out, err = run(capsys, "evaluate", "--as-of", "2026-11-25")
    assert code != 0 and "or give --all" in err
    code, out, err = run(capsys, "evaluate", "--all", "--as-of", "2026-11-25", "--client", "Nobody Ltd")
    assert code != 0 and "No client is named 'Nobody Ltd'" in err


def test_a_dossier_that_cannot_be_evaluated_exits_2_and_the_rest_are_stored(capsys, desk) -> None:
    """FORMATS.md gives `evaluate --all` the exits 0 / 2: a revision altered in the SQLite file (the attack: its text
    no longer matches its SHA-256) is named, the run exits 2, and every other dossier is evaluated and stored."""
    alter_revision_outside_reedesk(desk)
    references = {s.reference for s in list_dossiers(desk)}
    code, out, err = run(capsys, "evaluate", "--all", "--as-of", "2026-11-25", "--json")
    doc = json.loads(out)
    assert code == 2
    assert [f["reference"] for f in doc["failures"]] == ["LM-2026-0042"] and "altered outside reedesk" in doc["failures"][0]["message"]
    assert {d["reference"] for d in doc["dossiers"]} == references - {"LM-2026-0042"} and doc["stored"] == len(references) - 1

"""Determination re-runs in `audit verify` parse each rule pack text once, not once per
determination (issue 13; reedesk/services/audit.py ``parsed_pack``), and give the same
verdicts as re-running with freshly parsed packs — a determination whose stored outcome
does not follow from its inputs is still named."""

from __future__ import annotations

import json
from datetime import date

import reedesk.rules.packs
from reedesk.audit.verify import ChainReport
from reedesk.services import audit, dossiers
from reedesk.services.evaluation import evaluate_reference


def _evaluate_all_samples(desk) -> int:
    count = 0
    for summary in dossiers.list_dossiers(desk):
        for day in (date(2026, 11, 20), date(2026, 11, 25)):
            evaluate_reference(desk, summary.reference, day)
            count += 1
    return count


def test_each_pack_text_is_parsed_once_for_all_re_runs_with_the_same_verdicts(desk, monkeypatch):
    made = _evaluate_all_samples(desk)
    assert made >= 8
    calls: list[str] = []
    real = reedesk.rules.packs.parse_pack

    def counting(text, source="rule pack"):
        calls.append(text)
        return real(text, source)

    monkeypatch.setattr(reedesk.rules.packs, "parse_pack", counting)
    audit._parsed_packs.clear()
    cached = ChainReport(ok=True, events_checked=0, heads_checked=0)
    audit.rerun_determinations(desk, cached)
    assert cached.reproduced == made and cached.not_reproduced == 0, cached.problems
    assert calls and len(calls) == len(set(calls))  # every text parsed once, for all the determinations

    # the same verdicts as the uncached path (services.evaluation.reproduce parses every time)
    from reedesk.services.evaluation import reproduce

    texts = audit.pack_texts_by_hash(desk)
    with desk.db.read() as session:
        documents = list(session.connection().exec_driver_sql(  # shape 4 is re-run with its revision's snapshot
            "SELECT t.document, r.document FROM determination t JOIN dossier_revision r ON r.id = t.revision_id ORDER BY t.id"))
    assert [audit.reproduction_problem(d, texts, reproduce, s) for d, s in documents] == [None] * made


def test_a_stored_outcome_the_rules_did_not_give_is_still_named(desk):
    _evaluate_all_samples(desk)
    with desk.db.read() as session:
        determination_id, text, snapshot = session.connection().exec_driver_sql(
            "SELECT t.id, t.document, r.document FROM determination t JOIN dossier_revision r ON r.id = t.revision_id "
            "ORDER BY t.id LIMIT 1").one()
    document = json.loads(text)
    forged = dict(document, outcome="not_controlled" if document["outcome"] != "not_controlled" else "licence_required")
    texts = audit.pack_texts_by_hash(desk)
    audit._parsed_packs.clear()
    assert audit.reproduction_problem(text, texts, audit._reproduce_with_parsed_packs, snapshot) is None
    problem = audit.reproduction_problem(json.dumps(forged), texts, audit._reproduce_with_parsed_packs, snapshot)
    assert problem is not None and "gives the outcome" in problem, (determination_id, problem)

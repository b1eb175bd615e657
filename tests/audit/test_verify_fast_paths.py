"""`audit verify`'s faster paths (issue 13) give the verdicts the exact paths give.

- The event body written by orjson in one call (``_orjson_body``) is byte for byte the body the C
  string encoder assembles (``_quick_body``), which tests/audit/test_verify.py holds to RFC 8785.
- The dossier summaries judged from the records ``verify_records`` read (``_Derived``) say what the
  four correlated subqueries say, on an intact desk and on one whose summary columns, revisions,
  determinations and signatures were edited in the file.
"""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.audit import verify
from reedesk.audit.verify import ChainReport, _orjson_body, _quick_body, verify_dossier_summaries, verify_records
from tests.signing.vectors import signed_desk, tamper

REF = "LM-2026-0042"

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_maybe = st.none() | _text


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=2**53 - 1), _text, _text, _text, _text, _text, _maybe, _maybe, _maybe, _maybe, _text)
def test_orjson_body_is_the_c_encoder_body(seq, occurred_at, actor, action, entity_type, entity_id, reference, before, after, reason, prev):
    values = (seq, occurred_at, actor, action, entity_type, entity_id, reference, before, after, reason, prev, "hash")
    assert _orjson_body(values) == _quick_body(values)


def test_orjson_body_refuses_what_the_exact_path_must_decide():
    """A lone surrogate or a non-integer seq raises TypeError, so the loop takes the exact RFC 8785 path."""
    base = [1, "t", "a", "update", "dossier", "X", None, None, None, None, "00" * 32, "h"]
    for index, value in ((8, "lone \ud800"), (0, "1"), (0, 1.0)):
        values = list(base)
        values[index] = value
        with pytest.raises(TypeError):
            _orjson_body(values)


def _summary_problems(desk) -> tuple[list[str], list[str]]:
    """The summaries' problems judged by the SQL subqueries, and by verify_records' gathered records."""
    with desk.db.read() as session:
        connection = session.connection()
        by_sql = ChainReport(ok=True, events_checked=0, heads_checked=0)
        verify_dossier_summaries(connection, by_sql)
        by_records = ChainReport(ok=True, events_checked=0, heads_checked=0)
        verify_records(session, by_records)
    return by_sql.problems, by_records.problems


def test_summaries_from_the_records_equal_the_sql_on_an_intact_desk(desk):
    signed_desk(desk, signatures=2)
    by_sql, by_records = _summary_problems(desk)
    assert by_sql == by_records == []


@pytest.mark.parametrize(
    "statements",
    [
        (f"UPDATE dossier SET last_outcome = 'not_controlled' WHERE reference = '{REF}'",),
        (f"UPDATE dossier SET last_as_of = '2020-01-01' WHERE reference = '{REF}'",),
        (f"UPDATE dossier SET signed = 0 WHERE reference = '{REF}'",),
        ("UPDATE dossier SET signed = 1 WHERE reference = 'TW-TGT-19'",),
        (f"UPDATE dossier SET current_revision = 7 WHERE reference = '{REF}'",),
        ("DELETE FROM signature",),
        ("UPDATE determination SET outcome = 'not_controlled'",),
        ("UPDATE determination SET revision_id = (SELECT min(id) FROM dossier_revision)",),
    ],
)
def test_summaries_from_the_records_equal_the_sql_after_edits(desk, statements):
    """Every summary problem the SQL finds, the gathered records find, in the same words and order."""
    signed_desk(desk)
    tamper(desk, *statements)
    from reedesk.services.desk import open_desk

    reopened = open_desk(desk.home, seed_samples=False)
    try:
        by_sql, by_records = _summary_problems(reopened)
        assert by_sql, "the edit must show in the summaries"
        summary = [p for p in by_records if p.startswith("Dossier ")]
        assert summary == by_sql
    finally:
        reopened.close()

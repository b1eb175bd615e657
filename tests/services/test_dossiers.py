"""Saving, revising and listing dossiers (reedesk/services/dossiers.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import parse_dossier
from reedesk.errors import NotFound
from reedesk.services import dossiers
from tests.conftest import sample_document


def test_a_new_desk_holds_the_four_samples(desk):
    assert dossiers.count_dossiers(desk) == 4
    refs = {s.reference for s in dossiers.list_dossiers(desk)}
    assert refs == {"LM-2026-0042", "TK-NDFEB-7", "TW-TGT-19", "CN-TB-880"}


def test_saving_a_change_makes_a_new_revision_and_keeps_the_old(desk):
    first = dossiers.load_dossier(desk, "LM-2026-0042")
    changed = copy.deepcopy(first.dossier)
    changed.components[0].value.amount = Decimal("7.00")
    result = dossiers.save_dossier(desk, changed, reason="supplier price update")
    assert (result.revision, result.changed) == (2, True)
    assert dossiers.load_dossier(desk, "LM-2026-0042").dossier.components[0].value.amount == Decimal("7.00")
    old = dossiers.load_dossier(desk, "LM-2026-0042", revision=1)
    assert old.dossier.components[0].value.amount == Decimal("6.50")
    assert old.sha256 == first.sha256


def test_saving_an_unchanged_dossier_stores_nothing(desk):
    stored = dossiers.load_dossier(desk, "TK-NDFEB-7")
    assert dossiers.save_dossier(desk, stored.dossier).changed is False
    assert len(dossiers.list_revisions(desk, "TK-NDFEB-7")) == 1


def test_a_failing_bulk_import_stores_nothing(empty_desk):
    good = parse_dossier(sample_document("smco-magnet-vietnam"))
    with pytest.raises(Exception):
        dossiers.import_dossiers(empty_desk, [good, good], source="twice.json")
    assert dossiers.count_dossiers(empty_desk) == 0


def test_search_matches_reference_product_and_client(desk):
    assert dossiers.references(dossiers.list_dossiers(desk, search="terbium")) == ["CN-TB-880"]
    assert dossiers.references(dossiers.list_dossiers(desk, search="lotus")) == ["LM-2026-0042"]


def test_unknown_reference_is_a_clear_error(desk):
    with pytest.raises(NotFound, match="NOPE"):
        dossiers.load_dossier(desk, "NOPE")


# ---------------------------------------------------------------- delete_dossier

import sqlite3  # noqa: E402

from reedesk.errors import ReedeskError  # noqa: E402
from reedesk.paths import database_path  # noqa: E402
from reedesk.store.models import DeterminationRow, SignatureRow  # noqa: E402


def _add_determination(desk, reference: str, *, signed: bool) -> None:
    """A real determination row (and optionally a signature row) on the dossier's latest revision."""
    stored = dossiers.load_dossier(desk, reference)
    with desk.db.unit_of_work() as session:
        determination = DeterminationRow(
            revision_id=stored.revision_id, as_of="2026-11-25", outcome="license_required", document="{}",
            sha256="0" * 64, engine_version="test", created_at="2026-11-25T00:00:00.000000Z", created_by="test-user",
        )
        session.add(determination)
        session.flush()
        if signed:
            session.add(
                SignatureRow(
                    determination_id=determination.id, envelope="{}", key_id="k" * 64, signer_name="A. Signer",
                    signer_role="compliance officer", signer_organisation="Desk Ltd", meaning="approved",
                    signed_at="2026-11-25T00:00:00.000000Z",
                )
            )


def _count(desk, sql: str, *args) -> int:
    with sqlite3.connect(database_path(desk.home)) as connection:
        return connection.execute(sql, args).fetchone()[0]


def test_delete_removes_revisions_and_determinations_and_audits_the_last_document(desk):
    stored = dossiers.load_dossier(desk, "TK-NDFEB-7")
    changed = copy.deepcopy(stored.dossier)
    changed.product.name = "renamed"
    dossiers.save_dossier(desk, changed)
    _add_determination(desk, "TK-NDFEB-7", signed=False)
    dossiers.delete_dossier(desk, "TK-NDFEB-7", reason="created by mistake")
    assert dossiers.count_dossiers(desk, include_archived=True) == 3
    assert _count(desk, "SELECT count(*) FROM dossier_revision WHERE dossier_id = ?", stored.dossier_id) == 0
    assert _count(desk, "SELECT count(*) FROM determination") == 0
    with sqlite3.connect(database_path(desk.home)) as connection:
        action, before, after, reason = connection.execute(
            "SELECT action, before, after, reason FROM audit_event ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    assert (action, after, reason) == ("delete", None, "created by mistake")
    assert json.loads(before)["document"]["product"]["name"] == "renamed"
    assert json.loads(before)["revisions"] == 2
    with pytest.raises(NotFound):
        dossiers.load_dossier(desk, "TK-NDFEB-7")


def test_a_dossier_with_a_signed_determination_cannot_be_deleted(desk):
    _add_determination(desk, "LM-2026-0042", signed=True)
    events = _count(desk, "SELECT count(*) FROM audit_event")
    with pytest.raises(ReedeskError, match="archive it instead"):
        dossiers.delete_dossier(desk, "LM-2026-0042")
    assert dossiers.load_dossier(desk, "LM-2026-0042").revision == 1
    assert _count(desk, "SELECT count(*) FROM determination") == 1
    assert _count(desk, "SELECT count(*) FROM audit_event") == events


def test_a_signature_on_an_old_revision_also_blocks_deletion(desk):
    _add_determination(desk, "LM-2026-0042", signed=True)
    changed = copy.deepcopy(dossiers.load_dossier(desk, "LM-2026-0042").dossier)
    changed.product.name = "new name"
    dossiers.save_dossier(desk, changed)
    with pytest.raises(ReedeskError, match="signed"):
        dossiers.delete_dossier(desk, "LM-2026-0042")


def test_deleting_an_unknown_dossier_is_not_found(desk):
    with pytest.raises(NotFound, match="NOPE"):
        dossiers.delete_dossier(desk, "NOPE")


def test_archive_and_restore_are_audited_and_hide_the_dossier(desk):
    dossiers.set_archived(desk, "CN-TB-880", True, reason="shipment cancelled")
    assert "CN-TB-880" not in dossiers.references(dossiers.list_dossiers(desk))
    assert "CN-TB-880" in dossiers.references(dossiers.list_dossiers(desk, include_archived=True))
    dossiers.set_archived(desk, "CN-TB-880", False)
    assert _count(desk, "SELECT count(*) FROM audit_event WHERE action IN ('archive', 'restore')") == 2


# ---------------------------------------------------------------- search (FTS5 trigram, LIKE semantics)

import random  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reedesk.store.search import normalise_search  # noqa: E402

# Characters that stress both the FTS5 query syntax and LIKE: quotes, operators,
# LIKE wildcards and its escape character, and letters whose case SQLite's LIKE does
# not fold (the trigram tokenizer does) — the index may over-select, never differ.
_ALPHABET = "abcXYZ09 -_%/\\\"'*^:().+ÄäßÉéİıKσΣς磁铁🙂"


def _ascii_lower(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _random_text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(low, high))).strip() or "x"


@pytest.fixture
def generated_desk(empty_desk):
    """60 dossiers with odd names (fixed seed), a few sharing a client, one archived."""
    rng = random.Random(20261125)
    base = sample_document("smco-magnet-vietnam")
    rows = []
    batch = []
    for i in range(60):
        document = copy.deepcopy(base)
        # References refuse path parts since 0.2 (dossier_file.reference_problem): same draws, / \\ .. swapped.
        document["reference"] = f"{_random_text(rng, 1, 6)}#{i}".replace("/", "|").replace("\\", "¦").replace("..", ".,")
        document["product"]["name"] = _random_text(rng, 0, 14)
        document["client"]["name"] = f"{_random_text(rng, 1, 8)}" if i % 3 else "Shared Client Ltd"
        parsed = parse_dossier(document)
        batch.append(parsed)
    dossiers.import_dossiers(empty_desk, batch, source="generated.json")
    dossiers.set_archived(empty_desk, batch[7].reference, True)
    for summary in dossiers.list_dossiers(empty_desk, include_archived=True):
        rows.append(summary)
    return empty_desk, rows


def _oracle(rows, text: str | None, include_archived: bool = False) -> list[str]:
    needle = (text or "").strip()
    result = []
    for s in rows:
        if s.archived and not include_archived:
            continue
        fields = (s.reference, s.product_name or "", s.client_name)
        if not needle or any(_ascii_lower(needle) in _ascii_lower(f) for f in fields):
            result.append(s.reference)
    return sorted(result)


def _queries(rows):
    values = [v for s in rows for v in (s.reference, s.product_name, s.client_name) if v]

    def cut(draw_value):
        value, start, length, flips = draw_value
        piece = value[start % len(value):][: length]
        return "".join(c.swapcase() if (i in flips) else c for i, c in enumerate(piece))

    substring = st.tuples(
        st.sampled_from(values), st.integers(0, 20), st.integers(1, 8), st.sets(st.integers(0, 8), max_size=4)
    ).map(cut)
    return st.one_of(substring, st.text(alphabet=_ALPHABET, max_size=8), st.text(max_size=10))


def test_search_finds_substrings_of_each_field_ignoring_ascii_case(desk):
    assert dossiers.references(dossiers.list_dossiers(desk, search="cn-tb")) == ["CN-TB-880"]
    assert dossiers.references(dossiers.list_dossiers(desk, search="TERBIUM")) == ["CN-TB-880"]
    assert dossiers.references(dossiers.list_dossiers(desk, search="Formosa")) == ["TW-TGT-19"]
    assert dossiers.count_dossiers(desk, search="  lotus  ") == 1


def test_a_short_search_falls_back_to_like_and_still_matches(desk):
    assert dossiers.references(dossiers.list_dossiers(desk, search="TB")) == ["CN-TB-880"]
    assert dossiers.count_dossiers(desk, search="t") == len(_oracle(dossiers.list_dossiers(desk), "t"))


def test_like_wildcards_in_the_search_are_literal(desk):
    assert dossiers.references(dossiers.list_dossiers(desk, search="%")) == ["CN-TB-880"]  # "Terbium metal 99.95%"
    assert dossiers.references(dossiers.list_dossiers(desk, search="99.95%")) == ["CN-TB-880"]
    assert dossiers.count_dossiers(desk, search="9_.95") == 0
    assert dossiers.count_dossiers(desk, search="_") == 0
    assert dossiers.count_dossiers(desk, search="C_-TB") == 0
    assert dossiers.count_dossiers(desk, search="CN-TB") == 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_search_results_equal_the_like_results(generated_desk, data):
    desk, rows = generated_desk
    text = data.draw(_queries(rows), label="search")
    include_archived = data.draw(st.booleans(), label="include_archived")
    expected = _oracle(rows, normalise_search(text), include_archived)
    found = dossiers.references(dossiers.list_dossiers(desk, search=text, include_archived=include_archived))
    assert sorted(found) == expected
    assert dossiers.count_dossiers(desk, search=text, include_archived=include_archived) == len(expected)
    page = dossiers.browse_dossiers(desk, search=text, include_archived=include_archived, sort="product", offset=2, limit=9)
    assert page.total == len(expected)
    assert page.rows == dossiers.list_dossiers(desk, search=text, include_archived=include_archived, sort="product", offset=2, limit=9)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_broad_searches_scan_the_desk_and_give_the_same_results(generated_desk, monkeypatch, data):
    """Searches matching "much of the desk" take one pass instead of the indexes: same rows."""
    import reedesk.store.search

    monkeypatch.setattr(reedesk.store.search, "BROAD_MINIMUM", 0)
    monkeypatch.setattr(reedesk.store.search, "BROAD_SHARE", 10**9)  # any match at all counts as broad
    desk, rows = generated_desk
    text = data.draw(_queries(rows), label="search")
    expected = _oracle(rows, normalise_search(text))
    assert sorted(dossiers.references(dossiers.list_dossiers(desk, search=text))) == expected
    page = dossiers.browse_dossiers(desk, search=text, limit=7)
    assert page.total == dossiers.count_dossiers(desk, search=text) == len(expected)
    assert dossiers.references(page.rows) == dossiers.references(dossiers.list_dossiers(desk, search=text, limit=7))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=12) | st.text(alphabet='"*^:()-+ NEARANDORNOT{}[]', max_size=12))
def test_any_typed_search_text_is_answered_never_raises(desk, text):
    page = dossiers.list_dossiers(desk, search=text, limit=5)
    assert len(page) <= dossiers.count_dossiers(desk, search=text) <= 4


def test_searches_with_fts_syntax_are_taken_literally(generated_desk):
    desk, rows = generated_desk
    for text in ('"', '""', 'a OR b', 'NEAR(a b)', '*', 'abc*', 'reference:abc', '^abc', '"a" "b"', "'; DROP TABLE dossier; --"):
        assert sorted(dossiers.references(dossiers.list_dossiers(desk, search=text))) == _oracle(rows, text)


def test_browse_gives_the_count_and_the_page_of_list_and_count(desk):
    for search, client in ((None, None), ("magnet", None), (None, "Lotus Magnetics Co., Ltd."), ("magnet", "Lotus Magnetics Co., Ltd."), ("xyz-none", None), ("TB", None)):
        page = dossiers.browse_dossiers(desk, search=search, client=client, limit=2)
        assert page.total == dossiers.count_dossiers(desk, search=search, client=client)
        assert page.rows == dossiers.list_dossiers(desk, search=search, client=client, limit=2)
    beyond = dossiers.browse_dossiers(desk, search="magnet", offset=50)
    assert (beyond.total, beyond.rows) == (dossiers.count_dossiers(desk, search="magnet"), [])
    with pytest.raises(ReedeskError, match="Cannot sort"):
        dossiers.browse_dossiers(desk, sort="colour")


def test_search_uses_the_index_for_three_characters_or_more(desk):
    """The FTS table is really consulted: with the index emptied, an indexed search finds nothing
    while a two-character search (LIKE fallback) still does."""
    with desk.db.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM dossier_search")
    assert dossiers.count_dossiers(desk, search="CN-TB") == 0
    assert dossiers.count_dossiers(desk, search="CN") >= 1


# ---------------------------------------------------------------- bulk writes store and hash exactly as before

import hashlib  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

from reedesk.domain.dossier_file import canonical_bytes, dossier_to_document  # noqa: E402
from tests.conftest import SAMPLES_DIR  # noqa: E402

# SHA-256 over every client, dossier, revision and audit row after importing the four samples and
# saving one changed dossier at a fixed time, as stored by the ORM-per-event code before the bulk
# write path (commit 9972ae1). Any change to what is stored or hashed changes it. The samples are the
# texts bundled then (tests/services/data/samples-0.1.0), since the bundled ones now match shared/samples.
_PINNED_SAMPLES_DIR = Path(__file__).resolve().parent / "data" / "samples-0.1.0"
_STORED_BEFORE_BULK_PATH = "5f01b4fc7b7b83cf4cec3e1d43224ce3ba8a1583c57e481d30b571f286800783"  # documents inline in events
# The same, since save events record the revision's SHA-256 instead of its document (issue 13, point 4).
_STORED_WITH_DOCUMENT_REFERENCES = "a63fd843e7b26e6011875ff18fe838b8e4cb3af25ac2b3841fc2d76a1d14ef30"


def test_the_bulk_write_path_stores_and_hashes_exactly_what_the_orm_path_did(tmp_path, monkeypatch):
    import reedesk.clock
    from reedesk.services.desk import Desk
    from reedesk.store.database import open_database

    # A desk without its head signer (issue 10): a real desk's first event records a freshly
    # generated desk key, which no pinned digest could include.
    home = tmp_path / "bare-desk"
    home.mkdir()
    empty_desk = Desk(home=home, db=open_database(database_path(home)))
    monkeypatch.setattr(reedesk.clock, "utc_now", lambda: datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=timezone.utc))
    docs = [parse_dossier(json.loads(p.read_text())) for p in sorted(_PINNED_SAMPLES_DIR.glob("*.json"))]
    dossiers.import_dossiers(empty_desk, docs, source="samples.json")
    changed = copy.deepcopy(dossiers.load_dossier(empty_desk, "LM-2026-0042").dossier)
    changed.product.name = 'renamed "quoted" é'
    changed.client.name = "A New Client"
    dossiers.save_dossier(empty_desk, changed, reason="rename")
    digest = hashlib.sha256()
    with sqlite3.connect(database_path(empty_desk.home)) as connection:
        for table, order in (("client", "id"), ("dossier", "id"), ("dossier_revision", "id"), ("audit_event", "seq")):
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                digest.update(repr(row).encode())
        assert connection.execute("SELECT count(*) FROM audit_event").fetchone()[0] == 10
        # Since issue 13 point 4 a save event records the revision's SHA-256, not its document:
        # each one names exactly the stored row (the document lives only there).
        revisions = {(ref, n): sha for ref, n, sha in connection.execute(
            "SELECT d.reference, r.number, r.sha256 FROM dossier_revision r JOIN dossier d ON d.id = r.dossier_id")}
        for ref, after in connection.execute("SELECT entity_id, after FROM audit_event WHERE entity_type = 'dossier'"):
            recorded = json.loads(after)
            assert set(recorded) == {"document_in", "revision", "sha256"}
            assert revisions[(ref, recorded["revision"])] == recorded["sha256"]
    assert digest.hexdigest() == _STORED_WITH_DOCUMENT_REFERENCES


def test_revision_json_is_the_canonical_form_of_the_revision_record():
    for path in sorted(SAMPLES_DIR.glob("*.json")):
        document = dossier_to_document(parse_dossier(json.loads(path.read_text())))
        text = canonical_bytes(document).decode("utf-8")
        for number in (1, 2, 12345):
            record = {"revision": number, "sha256": "ab" * 32, "document": document}
            assert dossiers.revision_json(number, "ab" * 32, text) == canonical_bytes(record).decode("utf-8")


def test_an_import_of_new_and_changed_dossiers_keeps_the_chain_and_the_search_index(desk):
    from reedesk.audit.verify import verify_chain

    first = dossiers.load_dossier(desk, "LM-2026-0042").dossier
    batch = []
    for i in range(30):
        d = copy.deepcopy(first)
        d.reference = f"BULK-{i:03d}"
        d.product.name = f"bulk product {i}"
        d.client.name = f"Bulk Client {i % 4}"
        batch.append(d)
    renamed = copy.deepcopy(first)
    renamed.product.name = "renamed in bulk"
    results = dossiers.import_dossiers(desk, [*batch, renamed], source="bulk.json")
    assert [r.revision for r in results] == [1] * 30 + [2]
    assert dossiers.count_dossiers(desk, search="bulk product") == 30
    assert dossiers.count_dossiers(desk, search="Bulk Client 3") == 7
    assert dossiers.references(dossiers.list_dossiers(desk, search="renamed in bulk")) == ["LM-2026-0042"]
    assert verify_chain(desk).ok

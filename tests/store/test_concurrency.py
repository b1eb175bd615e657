"""Writers that never race (integrity issue 10, points 7 and 8; reedesk/store/database.py).

Real processes on one real SQLite file. Where the race window of a real run is a few
milliseconds, the child process widens it by sleeping between the unit of work's first
reads and its writes (as a slow disk or a busy laptop would); nothing else is replaced.
On 0.1.0 (deferred transactions) these runs lost the countersignature chain, or ended
with "database is locked" / an ``IntegrityError`` traceback.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reedesk.services import keys, signing
from reedesk.services.desk import open_desk
from reedesk.signing.statement import envelope_sha256, verify_statement
from tests.signing.vectors import PASSPHRASE

REEDESK = str(Path(sys.executable).with_name("reedesk"))
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "smco-magnet-vietnam.json"


def _as_in_0_1_0() -> None:
    """Make this process open databases as reedesk 0.1.0 did: pysqlite's own deferred
    transactions (reads outside any transaction, BEGIN only before the first write)."""
    from reedesk.store import database

    original = database._set_pragmas

    def pragmas_0_1_0(dbapi_connection, record):
        original(dbapi_connection, record)
        dbapi_connection.isolation_level = ""

    database._set_pragmas = pragmas_0_1_0
    database._begin = lambda connection: None


def _sign_in_child(home: str, determination_id: int, key_id: str, meaning: str, delay: float, legacy: bool, barrier, results) -> None:
    """One signer in its own process: unlock, meet the other at the barrier, sign."""
    os.environ["REEDESK_HOME"] = home
    if legacy:
        _as_in_0_1_0()
    import reedesk.services.signing as signing_module

    original = signing_module.build_payload

    def slow_build_payload(*args, **kwargs):  # runs after the earlier signatures were read
        time.sleep(delay)
        return original(*args, **kwargs)

    signing_module.build_payload = slow_build_payload
    try:
        with open_desk(Path(home), seed_samples=False) as desk:
            barrier.wait(timeout=60)
            info = signing_module.sign_determination(desk, determination_id, key_id, PASSPHRASE, meaning)
        results.put(("ok", meaning, info.id))
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put(("error", meaning, f"{type(exc).__name__}: {exc}"))


def _import_in_child(home: str, path: str, delay: float, legacy: bool, barrier, results) -> None:
    os.environ["REEDESK_HOME"] = home
    if legacy:
        _as_in_0_1_0()
    import reedesk.services.imports as imports_module

    original = imports_module._plan

    def slow_plan(*args, **kwargs):  # the plan has read the client and dossier tables
        preview = original(*args, **kwargs)
        time.sleep(delay)
        return preview

    imports_module._plan = slow_plan
    import reedesk.services.bulk_import as bulk_module

    original_actor = bulk_module.current_actor

    def slow_actor(*args, **kwargs):  # the bulk path has looked up which clients exist and not yet inserted
        time.sleep(delay)
        return original_actor(*args, **kwargs)

    bulk_module.current_actor = slow_actor
    try:
        with open_desk(Path(home), seed_samples=False) as desk:
            barrier.wait(timeout=60)
            imports_module.import_files(desk, [Path(path)])
        results.put(("ok", path, None))
    except Exception as exc:
        results.put(("error", path, f"{type(exc).__name__}: {exc}"))


def _run_children(target, argument_lists) -> list[tuple]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(argument_lists))
    results = context.Queue()
    processes = [context.Process(target=target, args=(*arguments, barrier, results)) for arguments in argument_lists]
    for process in processes:
        process.start()
    collected = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return collected


@pytest.fixture
def evaluated(_isolated_home):
    """A desk with the samples, one real stored determination, and two signers (preparer, reviewer)."""
    from reedesk.services.evaluation import evaluate_reference

    with open_desk(_isolated_home) as desk:
        determination_id = evaluate_reference(desk, "LM-2026-0042", "2026-11-25").id
        mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
        hans = keys.create_identity(desk, "Hans Vogel", "Reviewer", "Lotus Compliance", PASSPHRASE)
    return _isolated_home, determination_id, mei, hans


def test_two_processes_signing_one_determination_keep_the_countersignature_chain(evaluated):
    """Point 7: both signatures are stored and the later one binds the earlier (BEGIN IMMEDIATE
    serialises the two units of work, so the second reads the first's envelope before it signs)."""
    home, determination_id, mei, hans = evaluated
    results = _run_children(
        _sign_in_child,
        [(str(home), determination_id, mei.key_id, "Prepared by", 0.5, False),
         (str(home), determination_id, hans.key_id, "Reviewed and approved by", 0.5, False)],
    )
    assert sorted(r[0] for r in results) == ["ok", "ok"], results
    with open_desk(home, seed_samples=False) as desk:
        verdicts = signing.verify_determination_signatures(desk, determination_id)
        envelopes = [s.envelope for s in signing.signatures_for(desk, determination_id)]
        public = keys.public_keys(desk)
    assert [v.ok for v in verdicts] == [True, True], [v.reason for v in verdicts]
    first, second = (verify_statement(e, public) for e in envelopes)
    assert first.countersigns == ()
    assert second.countersigns == (envelope_sha256(envelopes[0]),)


def test_the_signing_race_is_real_without_the_write_lock(evaluated):
    """The test above is not vacuous: the same run with 0.1.0's deferred transactions stores
    two signatures that both bind nothing, so the reviewer's no longer verifies."""
    home, determination_id, mei, hans = evaluated
    results = _run_children(
        _sign_in_child,
        # 3 s between reading the earlier signatures and writing: wider than the time the two
        # processes' re-runs of the rules may differ by on a busy machine.
        [(str(home), determination_id, mei.key_id, "Prepared by", 3.0, True),
         (str(home), determination_id, hans.key_id, "Reviewed and approved by", 3.0, True)],
    )
    assert sorted(r[0] for r in results) == ["ok", "ok"], results
    with open_desk(home, seed_samples=False) as desk:
        verdicts = signing.verify_determination_signatures(desk, determination_id)
    assert [v.ok for v in verdicts] == [True, False]
    assert "does not bind the signatures made before it" in verdicts[1].reason


@pytest.mark.parametrize("legacy", [False, True], ids=["now", "as-0.1.0"])
def test_two_imports_of_one_new_client_at_once_both_succeed(_isolated_home, tmp_path, legacy):
    """Point 8: two imports creating the same new client at the same moment: both stored, one client row."""
    open_desk(_isolated_home, seed_samples=False).close()
    files = []
    for number in (1, 2):
        document = json.loads(SAMPLE.read_text(encoding="utf-8"))
        document["reference"] = f"RACE-{number}"
        document["client"] = {"name": "Neue Kunde GmbH", "country": "DE"}
        path = tmp_path / f"race-{number}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        files.append(path)
    # Each child sleeps after its plan and again between the bulk path's lookup of existing clients and
    # its INSERT (where a new dossier's client is created): 0.1.0's run needs that second window, wide
    # (3 s, as the signing race), or a loaded machine may serialise the two children by accident.
    delay = 3.0 if legacy else 0.5
    results = _run_children(_import_in_child, [(str(_isolated_home), str(path), delay, legacy) for path in files])
    if legacy:  # the test is not vacuous: 0.1.0's transactions lose one of the two imports
        assert sorted(r[0] for r in results) == ["error", "ok"], results
        return
    assert [r[0] for r in results] == ["ok", "ok"], results
    connection = sqlite3.connect(_isolated_home / "reedesk.sqlite3")
    try:
        clients = connection.execute("SELECT count(*) FROM client WHERE name = 'Neue Kunde GmbH'").fetchone()[0]
        stored = {r for (r,) in connection.execute("SELECT reference FROM dossier")}
    finally:
        connection.close()
    assert clients == 1 and stored == {"RACE-1", "RACE-2"}


def _cli(home: Path, *argv: str, env_extra: dict | None = None, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "REEDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.Popen([REEDESK, *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_parallel_cli_imports_never_print_a_traceback(_isolated_home, tmp_path):
    """Point 8 through the real command: four `reedesk import` processes at once into one new desk
    (same new client, same dossier twice): every one exits 0; no IntegrityError, no traceback."""
    path = tmp_path / "same.json"
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["client"] = {"name": "Parallel Client Ltd", "country": "JP"}
    path.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.json"
    document["reference"] = "PAR-2"
    other.write_text(json.dumps(document), encoding="utf-8")
    runs = [_cli(_isolated_home, "import", str(p)) for p in (path, other, path, other)]
    outcomes = [(run.wait(timeout=120), *run.communicate()) for run in runs]
    for code, _out, err in outcomes:
        assert "Traceback" not in err and "IntegrityError" not in err
        assert code == 0, err
    with open_desk(_isolated_home, seed_samples=False) as desk:
        from reedesk.services import audit, dossiers

        assert {d.reference for d in dossiers.list_dossiers(desk)} == {"LM-2026-0042", "PAR-2"}
        report = audit.verify_audit(desk)
        assert report.first_broken_seq is None and not report.truncated  # one unbroken hash chain


def test_a_busy_database_is_waited_for_and_the_import_then_succeeds(_isolated_home, tmp_path):
    """Point 8: another writer holds the write lock for 3 s (longer than SQLite's per-statement busy
    timeout): `reedesk import` retries by itself and succeeds once the lock is released."""
    open_desk(_isolated_home, seed_samples=False).close()
    holder = sqlite3.connect(_isolated_home / "reedesk.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    run = _cli(_isolated_home, "import", str(SAMPLE))
    time.sleep(3.0)
    holder.execute("ROLLBACK")
    holder.close()
    code = run.wait(timeout=120)
    _out, err = run.communicate()
    assert code == 0, err
    assert time.monotonic() - started >= 3.0
    connection = sqlite3.connect(_isolated_home / "reedesk.sqlite3")
    try:
        assert connection.execute("SELECT count(*) FROM dossier").fetchone()[0] == 1
    finally:
        connection.close()


def test_a_read_unit_of_work_refuses_to_write(empty_desk):
    """`Database.read()` is query-only: a write slipped into a read unit of work fails instead of racing."""
    from reedesk.store.database import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable, match="readonly"):
        with empty_desk.db.read() as session:
            session.connection().exec_driver_sql("INSERT INTO client (name, created_at) VALUES ('x', 'now')")
    with empty_desk.db.unit_of_work() as session:  # the pooled connection is a writer again
        session.connection().exec_driver_sql("INSERT INTO client (name, created_at) VALUES ('y', 'now')")


def test_parallel_exports_and_an_import_all_succeed_and_every_pack_verifies(_isolated_home, tmp_path):
    """Point 8 (and 7): three `reedesk export` processes and one `reedesk import` into one desk at
    the same moment: each exits 0, no traceback, and every pack reported written passes
    `reedesk verify` (0.1.0: 5 of 12 parallel packs were reported written but failed verify)."""
    with open_desk(_isolated_home) as desk:  # the four samples
        keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
    env_extra = {"REEDESK_PASSPHRASE": PASSPHRASE}
    with open_desk(_isolated_home, seed_samples=False) as desk:
        from reedesk.services import dossiers

        stored = [d.reference for d in dossiers.list_dossiers(desk)]
    references = stored[:3]
    extra = tmp_path / "extra.json"
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["reference"] = "PAR-EXTRA"
    extra.write_text(json.dumps(document), encoding="utf-8")
    runs = [
        _cli(_isolated_home, "export", reference, "--as-of", "2026-11-25", "--meaning", "Prepared by",
             "--out", str(tmp_path / f"{reference}.pdf"), env_extra=env_extra)
        for reference in references
    ] + [_cli(_isolated_home, "import", str(extra))]
    outcomes = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    for code, _out, err in outcomes:
        assert "Traceback" not in err
        assert code == 0, err
    for reference in references:
        verified = _cli(_isolated_home, "verify", str(tmp_path / f"{reference}.pdf"))
        code = verified.wait(timeout=300)
        out, err = verified.communicate()
        assert code == 0, (reference, out, err)

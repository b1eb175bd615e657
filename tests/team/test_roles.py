"""People, roles and four eyes on a team desk, enforced by the database (issue 12, points 4-5).

Each person connects as their own PostgreSQL login; what they may not do is refused by
the server itself, through reedesk and through a plain psycopg (psql) session alike.
"""

from __future__ import annotations

import itertools
import os

import psycopg
import pytest
import sqlalchemy as sa

from reedesk.services import audit, dossiers, evaluation, keys, signing
from reedesk.services.desk import open_desk
from reedesk.services.samples import sample_dossiers
from reedesk.services.team import ROLES, add_user, init_team
from reedesk.store.database import WriteRefused
from tests.signing.vectors import PASSPHRASE

_people = itertools.count(1)


@pytest.fixture
def team(team_url, pg_server):
    """A team desk set up by its owner, with a preparer, an approver and an auditor."""
    result = init_team(team_url)
    assert set(result.created_roles) <= {"reedesk_auditor", "reedesk_preparer", "reedesk_approver", "reedesk_admin"}
    database = sa.engine.make_url(team_url).database
    n = f"{os.getpid()}_{next(_people)}"
    people = {"alice": f"alice_{n}", "bob": f"bob_{n}", "carol": f"carol_{n}"}
    add_user(team_url, people["alice"], "preparer")
    add_user(team_url, people["bob"], "approver")
    add_user(team_url, people["carol"], "auditor")
    return pg_server, database, people


def _url(server, database: str, user: str) -> str:
    return server.url(database, user=user)


def _as(server, database: str, user: str):
    return psycopg.connect(host="127.0.0.1", port=server.port, user=user, dbname=database, autocommit=True)


def test_init_creates_the_four_roles_and_a_second_init_is_harmless(team, team_url):
    server, database, _people_ = team
    again = init_team(team_url)
    assert again.created_roles == ()
    with server.connect(database) as admin:
        roles = {r for (r,) in admin.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLES),))}
    assert roles == {"reedesk_auditor", "reedesk_preparer", "reedesk_approver", "reedesk_admin"}


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET actor = 'mallory'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
    "DROP TRIGGER audit_event_no_update ON audit_event",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "DELETE FROM team_signature_role",
    "INSERT INTO rule_pack (pack_id, version, sha256, source_text, imported_at, imported_by) VALUES ('x','1','x','x','x','x')",
])
def test_a_preparer_in_psql_cannot_edit_the_trail_or_drop_its_guards(team, statement, _isolated_home):
    """Issue 12 point 4: a preparer connecting with psql cannot edit the trail (or the rule packs)."""
    server, database, people = team
    with open_desk(_isolated_home, seed_samples=False) as desk:  # the owner opens first: desk key recorded
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    with _as(server, database, people["alice"]) as alice:
        before = alice.execute("SELECT count(*) FROM audit_event").fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute(statement)
        assert alice.execute("SELECT count(*) FROM audit_event").fetchone() == before


def test_an_auditor_reads_but_cannot_write(team, _isolated_home):
    server, database, people = team
    with open_desk(_isolated_home, seed_samples=False) as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    with _as(server, database, people["carol"]) as carol:
        assert carol.execute("SELECT count(*) FROM dossier").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            carol.execute("INSERT INTO client (name, created_at) VALUES ('x', 'now')")


def test_four_eyes_through_reedesk_and_through_psql(team, _isolated_home, monkeypatch):
    """Issue 12 point 5: the approval must come from another person than the preparer, and only an
    approver approves — refused by the database whichever way the signature arrives."""
    server, database, people = team
    monkeypatch.setenv("REEDESK_DATABASE_URL", _url(server, database, people["alice"]))
    with open_desk(_isolated_home, seed_samples=False) as desk:  # alice, a preparer
        dossiers.import_dossiers(desk, sample_dossiers(), source="samples")
        first = evaluation.evaluate_reference(desk, "LM-2026-0042", "2026-12-01")
        other = sample_dossiers()[1].reference
        second = evaluation.evaluate_reference(desk, other, "2026-12-01")
        mei = keys.create_identity(desk, "Mei Lin", "Export-control consultant", "Lotus Compliance", PASSPHRASE)
        signing.sign_determination(desk, first.id, mei.key_id, PASSPHRASE, "Prepared by")
        with pytest.raises(WriteRefused, match="may not approve"):
            signing.sign_determination(desk, first.id, mei.key_id, PASSPHRASE, "Reviewed and approved by")
    monkeypatch.setenv("REEDESK_DATABASE_URL", _url(server, database, people["bob"]))
    with open_desk(_isolated_home, seed_samples=False) as desk:  # bob, an approver
        hans = keys.create_identity(desk, "Hans Vogel", "Trade compliance officer", "Rhein Antriebe GmbH", PASSPHRASE)
        signing.sign_determination(desk, first.id, hans.key_id, PASSPHRASE, "Reviewed and approved by")  # four eyes: fine
        signing.sign_determination(desk, second.id, hans.key_id, PASSPHRASE, "Prepared by")
        with pytest.raises(WriteRefused, match="four eyes"):
            signing.sign_determination(desk, second.id, hans.key_id, PASSPHRASE, "Reviewed and approved by")
        verdicts = signing.verify_determination_signatures(desk, first.id)
        assert [(v.signature.meaning, v.ok) for v in verdicts] == [("Prepared by", True), ("Reviewed and approved by", True)]
        assert audit.verify_audit(desk).ok
    with _as(server, database, people["alice"]) as alice:  # the same refusal without reedesk
        row = alice.execute("SELECT determination_id, key_id, envelope, signer_name, signer_role, signer_organisation, "
                            "signed_at FROM signature WHERE determination_id = %s", (first.id,)).fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not approve"):
            alice.execute("INSERT INTO signature (determination_id, key_id, envelope, signer_name, signer_role, "
                          "signer_organisation, meaning, signed_at) VALUES (%s, %s, %s, %s, %s, %s, "
                          "'Reviewed and approved by', %s)", row)


def test_the_audit_actor_on_a_team_desk_is_the_persons_database_role(team, _isolated_home, monkeypatch):
    """Issue 12 point 4: each person connects as their own PostgreSQL role, and the audit actor
    is that role, not the operating-system account (here "test-user")."""
    server, database, people = team
    monkeypatch.setenv("REEDESK_DATABASE_URL", _url(server, database, people["alice"]))
    with open_desk(_isolated_home, seed_samples=False) as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
        [entry] = [e for e in audit.audit_log(desk) if e.entity_type == "dossier"]
    assert entry.actor == people["alice"]
    from reedesk.clock import current_actor

    assert current_actor() == "test-user"  # closing the team desk gives the account back


def test_reedesk_team_init_and_add_user_through_the_command(pg_server, _isolated_home):
    """The real commands: `reedesk team init URL`, `reedesk team add-user NAME --role R`; a bad role is one sentence."""
    import subprocess
    import sys
    from pathlib import Path

    reedesk = str(Path(sys.executable).with_name("reedesk"))
    url = pg_server.url(pg_server.new_database())
    env = {**os.environ, "REEDESK_HOME": str(_isolated_home), "REEDESK_DATABASE_URL": url}
    init = subprocess.run([reedesk, "team", "init", url], capture_output=True, text=True, env=env, timeout=120)
    assert init.returncode == 0, init.stderr
    assert "is ready" in init.stdout
    name = f"dora_{os.getpid()}_{next(_people)}"
    added = subprocess.run([reedesk, "team", "add-user", name, "--role", "auditor"], capture_output=True, text=True,
                           env=env, timeout=120)
    assert added.returncode == 0, added.stderr
    again = subprocess.run([reedesk, "team", "add-user", name, "--role", "auditor"], capture_output=True, text=True,
                           env=env, timeout=120)
    assert again.returncode != 0 and "already exists" in again.stderr and "Traceback" not in again.stderr
    with pg_server.connect() as admin:
        member = admin.execute("SELECT pg_has_role(%s, 'reedesk_auditor', 'MEMBER')", (name,)).fetchone()[0]
    assert member is True


def _sign_as(url: str, home: str, determination_id: int, key_id: str, meaning: str, barrier, results) -> None:
    """One person in their own process, connected as their own role: unlock, meet the other, sign.
    The signing widens its race window by 0.5 s after reading the earlier signatures."""
    import time

    os.environ["REEDESK_HOME"] = home
    os.environ["REEDESK_DATABASE_URL"] = url
    import reedesk.services.signing as signing_module
    from pathlib import Path

    original = signing_module.build_payload

    def slow_build_payload(*args, **kwargs):
        time.sleep(0.5)
        return original(*args, **kwargs)

    signing_module.build_payload = slow_build_payload
    try:
        with open_desk(Path(home), seed_samples=False) as desk:
            barrier.wait(timeout=60)
            info = signing_module.sign_determination(desk, determination_id, key_id, PASSPHRASE, meaning)
        results.put(("ok", meaning, info.id))
    except Exception as exc:  # reported to the parent
        results.put(("error", meaning, f"{type(exc).__name__}: {exc}"))


def test_two_people_preparing_and_approving_one_determination_at_once_both_succeed_in_order(team, _isolated_home, monkeypatch):
    """Done when: two people signing and approving the same determination at the same moment both
    succeed, their signatures bind in a consistent order (the later countersigns the earlier) and
    `audit verify` passes — each connected as their own PostgreSQL role."""
    import multiprocessing

    from reedesk.signing.statement import envelope_sha256, verify_statement

    server, database, people = team
    alice, bob = (_url(server, database, people[p]) for p in ("alice", "bob"))
    monkeypatch.setenv("REEDESK_DATABASE_URL", alice)
    with open_desk(_isolated_home, seed_samples=False) as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
        determination_id = evaluation.evaluate_reference(desk, sample_dossiers()[0].reference, "2026-12-01").id
        mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
    monkeypatch.setenv("REEDESK_DATABASE_URL", bob)
    with open_desk(_isolated_home, seed_samples=False) as desk:
        hans = keys.create_identity(desk, "Hans Vogel", "Reviewer", "Lotus Compliance", PASSPHRASE)
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [
        context.Process(target=_sign_as, args=(alice, str(_isolated_home), determination_id, mei.key_id, "Prepared by", barrier, results)),
        context.Process(target=_sign_as, args=(bob, str(_isolated_home), determination_id, hans.key_id, "Reviewed and approved by", barrier, results)),
    ]
    for process in processes:
        process.start()
    collected = [results.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert sorted(r[0] for r in collected) == ["ok", "ok"], collected
    with open_desk(_isolated_home, seed_samples=False) as desk:
        verdicts = signing.verify_determination_signatures(desk, determination_id)
        envelopes = [s.envelope for s in signing.signatures_for(desk, determination_id)]
        public = keys.public_keys(desk)
        assert audit.verify_audit(desk).ok
    assert [v.ok for v in verdicts] == [True, True], [v.reason for v in verdicts]
    first, second = (verify_statement(e, public) for e in envelopes)
    assert first.countersigns == ()
    assert second.countersigns == (envelope_sha256(envelopes[0]),)

"""Each writer's own head key, certified by the desk key that only the admin holds (issue 12, point 6).

A team desk's tree heads are signed by the person who wrote the batch, with their own
head key; the admin certifies that key for the person's PostgreSQL role with the desk
key. The attacks are performed against the real server: an uncertified key, a
certificate inserted through psql, a certified key used by another role.
"""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from reedesk.audit.checkpoints import sign_tree_head
from reedesk.audit.desk_key import DESK_KEY_FILE
from reedesk.audit.heads import current_frontier
from reedesk.audit.team_heads import HEAD_KEY_FILE, HeadKeyProblem, read_head_key
from reedesk.services import audit, dossiers
from reedesk.services.desk import open_desk
from reedesk.services.samples import sample_dossiers
from reedesk.services.team import add_user, certify, enrol, init_team
from reedesk.signing.keys import key_id_of, raw_public_key

_people = itertools.count(1)


@pytest.fixture
def desk_team(team_url, pg_server, tmp_path, monkeypatch):
    """A team desk whose desk key is in the admin's folder only; a preparer, an approver, an admin, an auditor."""
    homes = {p: tmp_path / p for p in ("admin", "alice", "bob", "carol")}
    init_team(team_url, home=homes["admin"])
    database = sa.engine.make_url(team_url).database
    n = f"hk{next(_people)}_{os.getpid()}"  # roles are server-wide: names apart from test_roles.py's
    people = {"alice": f"alice_{n}", "bob": f"bob_{n}", "carol": f"carol_{n}", "admin": f"dana_{n}"}
    add_user(team_url, people["alice"], "preparer")
    add_user(team_url, people["bob"], "approver")
    add_user(team_url, people["carol"], "auditor")
    add_user(team_url, people["admin"], "admin")
    urls = {p: pg_server.url(database, user=people[p]) for p in people}

    def as_person(person: str, *, seed_samples: bool = False):
        monkeypatch.setenv("REEDESK_DATABASE_URL", urls[person])
        return open_desk(homes[person], seed_samples=seed_samples)

    def psql(person: str):
        return psycopg.connect(host="127.0.0.1", port=pg_server.port, user=people[person], dbname=database, autocommit=True)

    return {"homes": homes, "people": people, "urls": urls, "open": as_person, "psql": psql}


def _enrol_and_certify(team, person: str) -> str:
    enrolment = enrol(team["homes"][person])
    with team["open"]("admin") as admin:
        certify(admin, team["people"][person], enrolment.public_key)
    return enrolment.key_id


def _forged_head(team, person_key_home: Path, writer: str) -> None:
    """Sign a head over the trail as it stands with the key in ``person_key_home`` and insert it as ``writer`` via psql."""
    private = read_head_key(person_key_home / HEAD_KEY_FILE)
    with team["open"]("carol") as desk, desk.db.read() as session:
        frontier = current_frontier(session.connection())
    head = sign_tree_head(private, key_id_of(raw_public_key(private)), frontier.size, frontier.root().hex())
    with team["psql"](writer) as connection:
        connection.execute(
            "INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature) VALUES (%s, %s, %s, %s, %s)",
            (head.size, head.root_hash, head.signed_at, head.key_id, head.signature),
        )


def test_a_preparer_writes_with_her_own_certified_head_key_and_never_needs_the_desk_key(desk_team):
    """Issue 12 point 6: the desk key stays with the admin; Alice's heads are signed by her own key,
    certified for her database role, and `audit verify` accepts them."""
    team = desk_team
    assert (team["homes"]["admin"] / DESK_KEY_FILE).exists()
    with team["open"]("alice") as desk:
        with pytest.raises(HeadKeyProblem, match=r"head-key.pem is missing.*reedesk team enrol"):
            dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    enrol(team["homes"]["alice"])
    with team["open"]("alice") as desk:
        with pytest.raises(HeadKeyProblem, match=r"not certified for the database role alice_.*reedesk team certify"):
            dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
        assert dossiers.list_dossiers(desk) == []  # nothing stored half-written
    key_id = _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:2], source="samples")
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
        assert report.ok, report.problems
        with desk.db.read() as session:
            rows = session.connection().execute(sa.text(
                "SELECT h.key_id, r.db_role FROM tree_head h JOIN team_head_role r ON r.head_id = h.id ORDER BY h.id"
            )).all()
    assert rows[-1] == (key_id, team["people"]["alice"])  # the head of her batch: her key, her role (from the server)
    assert not (team["homes"]["alice"] / DESK_KEY_FILE).exists()


def test_a_head_signed_with_an_uncertified_key_fails_audit_verify(desk_team):
    """Attack: a preparer signs a head with a key nobody certified and inserts it with psql."""
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    rogue = team["homes"]["alice"].parent / "rogue"
    enrol(rogue)  # a second key of Alice's, never certified
    _forged_head(team, rogue, "alice")
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert not report.ok
    assert any("nor has a head-key certificate signed by it" in p for p in report.problems), report.problems


def test_a_preparer_cannot_insert_update_or_delete_a_certificate_through_psql(desk_team):
    """Attack: Alice copies a real certificate row for her own key via psql; the server refuses.
    Nobody, not even the admin, may UPDATE or DELETE a certificate."""
    team = desk_team
    _enrol_and_certify(team, "bob")
    with team["psql"]("alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute(
                "INSERT INTO team_head_certificate (db_role, key_id, public_key, not_before, desk_key_id, signature, certified_by) "
                "VALUES (%s, 'k', 'p', '2026-01-01T00:00:00Z', 'd', 's', 'x')", (team["people"]["alice"],)
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("UPDATE team_head_certificate SET db_role = %s", (team["people"]["alice"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("DELETE FROM team_head_role")
    with team["psql"]("admin") as admin:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute("UPDATE team_head_certificate SET db_role = 'x'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute("DELETE FROM team_head_certificate")
        assert admin.execute("SELECT count(*) FROM team_head_certificate").fetchone() == (1,)


def test_a_head_signed_with_alices_key_but_written_by_bobs_role_fails(desk_team):
    """Attack: Bob holds a copy of Alice's certified head key. reedesk refuses to use it under his
    role; a head he signs with it and inserts through psql fails `audit verify`."""
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    team["homes"]["bob"].mkdir(parents=True, exist_ok=True)
    shutil.copy(team["homes"]["alice"] / HEAD_KEY_FILE, team["homes"]["bob"] / HEAD_KEY_FILE)
    with team["open"]("bob") as desk:
        with pytest.raises(HeadKeyProblem, match=r"not certified for the database role bob_"):
            dossiers.import_dossiers(desk, sample_dossiers()[1:2], source="samples")
    _forged_head(team, team["homes"]["alice"], "bob")
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert not report.ok
    assert any(f"certified for the database role {team['people']['alice']}, but the database role "
               f"{team['people']['bob']} wrote it" in p for p in report.problems), report.problems


def test_only_the_admin_certifies_and_a_certificate_not_signed_by_the_desk_key_is_named(desk_team, pg_server):
    """Bob (an approver, no desk key) cannot certify; a certificate row signed by another key
    (inserted by the database's owner, bypassing reedesk) is reported by `audit verify`."""
    from reedesk.errors import ReedeskError

    team = desk_team
    enrolment = enrol(team["homes"]["alice"])
    with team["open"]("bob") as bob:
        with pytest.raises(ReedeskError, match="Only the desk's admin"):
            certify(bob, team["people"]["alice"], enrolment.public_key)
    database = sa.engine.make_url(team["urls"]["alice"]).database
    with pg_server.connect(database) as owner:
        owner.execute(
            "INSERT INTO team_head_certificate (db_role, key_id, public_key, not_before, desk_key_id, signature, certified_by) "
            "VALUES (%s, %s, %s, '2026-01-01T00:00:00Z', 'x', 'AAAA', 'x')",
            (team["people"]["alice"], enrolment.key_id, enrolment.public_key),
        )
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert any("does not count" in p for p in report.problems), report.problems


def test_enrol_and_certify_through_the_commands(desk_team):
    """The real commands: the person runs `reedesk team enrol`, the admin `reedesk team certify`."""
    import subprocess
    import sys

    team = desk_team
    reedesk = str(Path(sys.executable).with_name("reedesk"))
    base = {k: v for k, v in os.environ.items() if k != "REEDESK_DATABASE_URL"}
    alice_env = {**base, "REEDESK_HOME": str(team["homes"]["alice"]), "REEDESK_DATABASE_URL": team["urls"]["alice"]}
    enrolled = subprocess.run([reedesk, "team", "enrol"], capture_output=True, text=True, env=alice_env, timeout=120)
    assert enrolled.returncode == 0, enrolled.stderr
    command = enrolled.stdout.strip().splitlines()[-1].split()
    assert command[:3] == ["reedesk", "team", "certify"] and command[3] == team["people"]["alice"]
    admin_env = {**base, "REEDESK_HOME": str(team["homes"]["admin"]), "REEDESK_DATABASE_URL": team["urls"]["admin"]}
    certified = subprocess.run([reedesk, *command[1:]], capture_output=True, text=True, env=admin_env, timeout=120)
    assert certified.returncode == 0, certified.stderr
    assert "Certified" in certified.stdout
    imported = subprocess.run([reedesk, "import", "--samples"], capture_output=True, text=True, env=alice_env, timeout=300)
    assert imported.returncode == 0, imported.stderr
    carol_env = {**base, "REEDESK_HOME": str(team["homes"]["carol"]), "REEDESK_DATABASE_URL": team["urls"]["carol"]}
    verified = subprocess.run([reedesk, "audit", "verify"], capture_output=True, text=True, env=carol_env, timeout=300)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_preparer_retires_only_her_own_identity_through_reedesk_and_through_psql(desk_team):
    """Issue 12 point 4, where grants are not enough: Alice may retire the identity she created,
    not Bob's — refused by the server through reedesk and through psql; the admin may retire any."""
    from reedesk.services import keys
    from reedesk.store.database import WriteRefused
    from tests.signing.vectors import PASSPHRASE

    team = desk_team
    _enrol_and_certify(team, "alice")
    _enrol_and_certify(team, "bob")
    with team["open"]("alice") as desk:
        mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
    with team["open"]("bob") as desk:
        hans = keys.create_identity(desk, "Hans Vogel", "Reviewer", "Lotus Compliance", PASSPHRASE)
    with team["psql"]("alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to bob_"):
            alice.execute("UPDATE identity SET retired_at = '2026-12-01T10:00:00Z' WHERE key_id = %s", (hans.key_id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("UPDATE team_identity_owner SET db_role = %s", (team["people"]["alice"],))
    with team["open"]("alice") as desk:
        with pytest.raises(WriteRefused, match="may not change the identity Hans Vogel"):
            keys.retire_identity(desk, hans.key_id)
        assert keys.retire_identity(desk, mei.key_id).retired_at is not None
        assert {i.key_id: i.retired_at is None for i in keys.list_identities(desk)} == {mei.key_id: False, hans.key_id: True}
    with team["open"]("admin") as desk:
        assert keys.retire_identity(desk, hans.key_id).retired_at is not None
        assert audit.verify_audit(desk).ok


def test_first_start_seeding_on_a_team_desk_tells_a_non_admin_and_is_done_by_the_admin(desk_team):
    """Issue 12 point 4: only reedesk_admin writes desk settings, so the desktop app's first-start
    sample seeding is the admin's; a preparer opening first gets one sentence and an open desk."""
    from reedesk.services.samples import SamplesNeedAdmin, seed_samples_once

    team = desk_team
    _enrol_and_certify(team, "alice")  # a certificate event is no "real work": the desk is still new
    with team["open"]("alice") as desk:
        with pytest.raises(SamplesNeedAdmin, match=r"only its admin \(reedesk_admin\) loads them.*alice_"):
            seed_samples_once(desk)
    with team["open"]("alice", seed_samples=True) as desk:  # as the desktop app opens it
        assert dossiers.list_dossiers(desk) == []
        assert len(desk.notices) == 1 and "sample dossiers were not loaded" in desk.notices[0]
    with team["open"]("admin", seed_samples=True) as desk:
        assert desk.notices == []
        assert len(dossiers.list_dossiers(desk)) == len(sample_dossiers())


def test_checkpoints_outside_the_server_on_a_team_desk(desk_team, tmp_path):
    """The admin exports a checkpoint (signed by the desk key) after Alice's batch, headed by her
    key; `audit verify --against` it passes. A note by Alice's certified key claiming more events
    than the database holds is reported as a rollback, not as a stranger's note."""
    from reedesk.audit.note import key_name, sign_checkpoint
    from reedesk.audit.team_heads import head_key_path

    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:2], source="samples")
    with team["open"]("admin") as admin:
        saved = audit.write_latest_checkpoint(admin, tmp_path / "checkpoint.txt")
        origin = audit.desk_key_info(admin).origin
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk, against=[saved])
        assert report.ok, report.problems
        size = audit.count_audit_events(desk)
    private = read_head_key(head_key_path(team["homes"]["alice"]))
    public = raw_public_key(private)
    note = sign_checkpoint(origin, size + 3, bytes(32), private, key_name(key_id_of(public)), public)
    (tmp_path / "later.txt").write_text(note, encoding="utf-8")
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk, against=[tmp_path / "later.txt"])
    assert not report.ok
    assert any("rolled back or truncated" in p for p in report.problems), report.problems

"""Revoking a head-key certificate on a team desk (issue 12, point 6; migration 0006).

The attacks are performed against the real PostgreSQL server the team tests start: a revoked
person who still has her head-key file signs a new head (even backdating it before the
revocation) and inserts it with psql → `audit verify` fails naming the role, the key and the
head, while her earlier heads stay valid; reedesk itself refuses her writes; a non-admin
cannot insert or delete revocations, and nobody can move the revocation point.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from reedesk.audit.checkpoints import sign_tree_head
from reedesk.audit.head_revocation import REVOCATION_TABLE
from reedesk.audit.heads import current_frontier
from reedesk.audit.team_heads import HEAD_KEY_FILE, HeadKeyProblem, read_head_key
from reedesk.errors import ReedeskError
from reedesk.services import audit, dossiers
from reedesk.services.samples import sample_dossiers
from reedesk.services.team_revoke import revoke
from reedesk.signing.keys import fingerprint, key_id_of, raw_public_key
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401 — the fixture, shared


def _heads(team) -> list[tuple[int, str, str]]:
    """(head id, key id, db role) of every head, as the server recorded them."""
    with team["open"]("carol") as desk, desk.db.read() as session:
        return [tuple(r) for r in session.connection().execute(sa.text(
            "SELECT h.id, h.key_id, r.db_role FROM tree_head h LEFT JOIN team_head_role r ON r.head_id = h.id ORDER BY h.id"
        ))]


def _psql_head(team, writer: str, *, signed_at: str | None = None) -> int:
    """Alice's head key signs a head over the trail as it stands; ``writer`` inserts it via psql. Its id."""
    private = read_head_key(team["homes"]["alice"] / HEAD_KEY_FILE)
    with team["open"]("carol") as desk, desk.db.read() as session:
        frontier = current_frontier(session.connection())
    head = sign_tree_head(private, key_id_of(raw_public_key(private)), frontier.size, frontier.root().hex(), signed_at)
    with team["psql"](writer) as connection:
        return connection.execute(
            "INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature) VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (head.size, head.root_hash, head.signed_at, head.key_id, head.signature),
        ).fetchone()[0]


@pytest.fixture
def revoked_alice(desk_team):
    """Alice certified, writes two batches, then the admin revokes her key. (team, her key id, her heads, revocation)."""
    team = desk_team
    key_id = _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[1:2], source="samples")
    hers = [h for h, k, _r in _heads(team) if k == key_id]
    assert len(hers) >= 2
    with team["open"]("admin") as admin:
        done = revoke(admin, team["people"]["alice"])
    assert len(done) == 1 and done[0].key_id == key_id and done[0].after_head_id >= max(hers)
    return team, key_id, hers, done[0]


def test_a_revoked_persons_new_head_fails_audit_verify_naming_role_key_and_head(revoked_alice):
    """Attack: Alice left; she still has head-key.pem and her database login, signs a head over the
    trail and inserts it with psql. `audit verify` refuses it in one sentence naming her role, her
    key and the head; her heads from before the revocation still verify."""
    team, key_id, hers, revocation = revoked_alice
    with team["open"]("carol") as desk:
        assert audit.verify_audit(desk).ok  # before the attack: her old heads count, the revocation is sound
    forged = _psql_head(team, "alice")
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert not report.ok
    named = [p for p in report.problems if f"tree head {forged} " in p]
    assert len(named) == 1, report.problems
    sentence = named[0]
    assert f"head key {fingerprint(key_id)} of the database role {team['people']['alice']}" in sentence
    assert f"revoked after head {revocation.after_head_id}" in sentence
    assert sentence.code == "head_revocation_head_after"
    assert "樹頭" in sentence.text("zh-Hant") and "树头" in sentence.text("zh-Hans")
    assert not any(f"tree head {h} " in p for h in hers for p in report.problems), report.problems
    assert len(report.problems) == 1, report.problems  # nothing else is wrong: only the head after the point


def test_backdating_the_forged_head_before_the_revocation_does_not_help(revoked_alice):
    """The revocation point is the server's newest head when it was stored, not a time: a head whose
    signed_at Alice sets to a day before the revocation is still one the server stored after it."""
    team, key_id, _hers, revocation = revoked_alice
    assert revocation.revoked_at > "2026-01-01T00:00:00Z"
    forged = _psql_head(team, "alice", signed_at="2026-01-01T00:00:00Z")
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert any(f"tree head {forged} " in p and "revoked" in p for p in report.problems), report.problems


def test_reedesk_refuses_a_revoked_persons_writes_and_stores_nothing(revoked_alice):
    team, key_id, _hers, _revocation = revoked_alice
    with team["open"]("alice") as desk:
        before = len(dossiers.list_dossiers(desk))
        with pytest.raises(HeadKeyProblem, match=rf"{fingerprint(key_id)}.*was revoked on this team desk"):
            dossiers.import_dossiers(desk, sample_dossiers()[2:3], source="samples")
        assert len(dossiers.list_dossiers(desk)) == before
    _enrol_and_certify(team, "bob")  # others keep working, and the desk still verifies
    with team["open"]("bob") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[2:3], source="samples")
    with team["open"]("carol") as desk:
        assert audit.verify_audit(desk).ok


def test_a_non_admin_cannot_insert_or_delete_a_revocation_and_nobody_moves_the_point(revoked_alice, pg_server):
    """Attack through plain SQL: Bob (an approver) inserts a revocation of Alice's key with an early
    point, or deletes her revocation; the admin herself cannot UPDATE/DELETE one nor store a point
    other than the server's newest head and time; the database owner's DELETE is refused by the trigger."""
    team, key_id, hers, revocation = revoked_alice
    row = (revocation.certificate_id, team["people"]["alice"], key_id, "d", hers[0], "x", revocation.revoked_at, "s")
    insert = (f"INSERT INTO {REVOCATION_TABLE} (certificate_id, db_role, key_id, desk_key_id, after_head_id, "
              "after_head_sha256, revoked_at, signature, revoked_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'x')")
    for person in ("alice", "bob"):
        with team["psql"](person) as connection:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(insert, row)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(f"DELETE FROM {REVOCATION_TABLE}")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(f"UPDATE {REVOCATION_TABLE} SET after_head_id = 999999")
    with team["psql"]("admin") as admin:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="point must be the server's"):
            admin.execute(insert, row)  # an earlier head as the point: refused by the trigger
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute(f"UPDATE {REVOCATION_TABLE} SET after_head_id = 999999")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            admin.execute(f"DELETE FROM {REVOCATION_TABLE}")
    database = sa.engine.make_url(team["urls"]["alice"]).database
    with pg_server.connect(database) as owner:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
            owner.execute(f"DELETE FROM {REVOCATION_TABLE}")
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
            owner.execute(f"UPDATE {REVOCATION_TABLE} SET after_head_id = 999999")
        assert owner.execute(f"SELECT count(*), max(revoked_by) FROM {REVOCATION_TABLE}").fetchone() == (1, team["people"]["admin"])


def test_a_revocation_forged_by_the_owner_is_named_and_only_the_admin_revokes(desk_team, pg_server):
    """Bob (no desk key) cannot revoke through reedesk; a revocation row the database owner stores
    (with the server's real point, so the trigger lets it in) but not signed by the desk key is named."""
    from reedesk.audit.head_revocation import SERVER_TIME_SQL
    from reedesk.audit.team_heads import signature_sha256

    team = desk_team
    key_id = _enrol_and_certify(team, "alice")
    with team["open"]("bob") as bob:
        with pytest.raises(ReedeskError, match="Only the desk's admin"):
            revoke(bob, team["people"]["alice"])
    with team["open"]("admin") as admin:
        with pytest.raises(ReedeskError, match="no certified head key 0000000000000000"):
            revoke(admin, team["people"]["alice"], "0000000000000000")
        with pytest.raises(ReedeskError, match="no certified head key that is not revoked"):
            revoke(admin, team["people"]["bob"])
    database = sa.engine.make_url(team["urls"]["alice"]).database
    with pg_server.connect(database) as owner:
        newest_id, newest_signature = owner.execute("SELECT id, signature FROM tree_head ORDER BY id DESC LIMIT 1").fetchone()
        with owner.transaction():
            at = owner.execute(f"SELECT {SERVER_TIME_SQL}").fetchone()[0]
            owner.execute(
                f"INSERT INTO {REVOCATION_TABLE} (certificate_id, db_role, key_id, desk_key_id, after_head_id, "
                "after_head_sha256, revoked_at, signature, revoked_by) VALUES (1, %s, %s, 'x', %s, %s, %s, 'AAAA', 'x')",
                (team["people"]["alice"], key_id, newest_id, signature_sha256(newest_signature), at),
            )
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert any("is not signed by this desk's key" in p and team["people"]["alice"] in p for p in report.problems), report.problems


def test_revoke_through_the_command(revoked_alice, desk_team):
    """`reedesk team revoke ROLE --key-id FINGERPRINT` as the admin: a second key of Alice's is revoked, the first
    (already revoked) is refused as nothing to do; a preparer running it is refused."""
    from reedesk.services.team import certify, enrol

    team, first_key, _hers, _revocation = revoked_alice
    spare = team["homes"]["alice"].parent / "alice-new"
    enrolment = enrol(spare)
    with team["open"]("admin") as admin:
        certify(admin, team["people"]["alice"], enrolment.public_key)
    reedesk = str(Path(sys.executable).with_name("reedesk"))
    base = {k: v for k, v in os.environ.items() if k != "REEDESK_DATABASE_URL"}
    admin_env = {**base, "REEDESK_HOME": str(team["homes"]["admin"]), "REEDESK_DATABASE_URL": team["urls"]["admin"]}
    done = subprocess.run([reedesk, "team", "revoke", team["people"]["alice"], "--key-id", enrolment.fingerprint],
                          capture_output=True, text=True, env=admin_env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Revoked the head-signing key {enrolment.fingerprint} of {team['people']['alice']}" in done.stdout
    again = subprocess.run([reedesk, "team", "revoke", team["people"]["alice"]], capture_output=True, text=True, env=admin_env, timeout=120)
    assert again.returncode != 0 and "not revoked already" in again.stderr
    alice_env = {**base, "REEDESK_HOME": str(team["homes"]["alice"]), "REEDESK_DATABASE_URL": team["urls"]["alice"]}
    refused = subprocess.run([reedesk, "team", "revoke", team["people"]["bob"]], capture_output=True, text=True, env=alice_env, timeout=120)
    assert refused.returncode != 0 and "Only the desk's admin" in refused.stderr
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
        assert report.ok, report.problems
        with desk.db.read() as session:
            events = session.connection().execute(sa.text(
                "SELECT entity_id FROM audit_event WHERE action = 'revoke' AND entity_type = 'head_key' ORDER BY seq"
            )).scalars().all()
    assert events == [first_key, enrolment.key_id]


def test_a_head_slipped_in_below_the_revocation_point_breaks_the_chain_of_heads(desk_team):
    """Attack: Alice makes a gap in the head ids before she leaves (an INSERT she rolls back uses up an id);
    after the revocation she inserts a head with that early id, below the point. The server's chain of
    heads (team_head_role) then breaks at the head after it, and `audit verify` names that."""
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    with team["psql"]("alice") as connection:
        with pytest.raises(RuntimeError):
            with connection.transaction():
                connection.execute("INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature) "
                                   "VALUES (0, 'x', 'x', 'x', 'x')")
                raise RuntimeError("rolled back: the id is used up")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[1:2], source="samples")
    ids = [h for h, _k, _r in _heads(team)]
    gap = next(i for i in range(ids[0], ids[-1]) if i not in ids)
    with team["open"]("admin") as admin:
        revocation = revoke(admin, team["people"]["alice"])[0]
    assert gap < revocation.after_head_id
    private = read_head_key(team["homes"]["alice"] / HEAD_KEY_FILE)
    with team["open"]("carol") as desk, desk.db.read() as session:
        frontier = current_frontier(session.connection())
    head = sign_tree_head(private, key_id_of(raw_public_key(private)), frontier.size, frontier.root().hex())
    with team["psql"]("alice") as connection:
        connection.execute("INSERT INTO tree_head (id, size, root_hash, signed_at, key_id, signature) VALUES (%s, %s, %s, %s, %s, %s)",
                           (gap, head.size, head.root_hash, head.signed_at, head.key_id, head.signature))
    with team["open"]("carol") as desk:
        report = audit.verify_audit(desk)
    assert not report.ok
    assert any("chain of tree heads is broken" in p for p in report.problems), report.problems


def test_the_admin_writes_no_checkpoint_over_a_revoked_persons_later_head(revoked_alice, tmp_path):
    """A checkpoint kept outside the server must not vouch for the forged head: the admin's
    `audit checkpoint` refuses while it is the newest head."""
    team, _key_id, _hers, _revocation = revoked_alice
    with team["open"]("admin") as admin:
        audit.write_latest_checkpoint(admin, tmp_path / "before.txt")  # the desk as it stands is fine
    _psql_head(team, "alice")
    with team["open"]("admin") as admin:
        with pytest.raises(ReedeskError, match="newest signed tree head does not match"):
            audit.write_latest_checkpoint(admin, tmp_path / "after.txt")
    assert not (tmp_path / "after.txt").exists()

"""Four eyes, checked by reedesk itself before a passphrase is asked (issue 12, point 5).

On a team desk an approval ("Reviewed and approved by") comes only from a member of
``reedesk_approver`` and, while the desk's four-eyes setting is on, never from the database
role that prepared the same determination. The PL/pgSQL trigger refuses such a signature
anyway; these tests show that reedesk refuses it first, with its own coded sentence, without
unlocking a key or reading a passphrase — against the real server tests/team/conftest.py
starts, each person connected as their own PostgreSQL role.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from reedesk import vocabulary
from reedesk.services import audit, dossiers, evaluation, keys, signing
from reedesk.services.desk import open_desk
from reedesk.services.samples import sample_dossiers
from reedesk.services.team import add_user, init_team
from reedesk.store.database import WriteRefused
from tests.signing.vectors import PASSPHRASE

_people = itertools.count(1)
REFERENCE = "LM-2026-0042"
APPROVAL = "Reviewed and approved by"
REEDESK = str(Path(sys.executable).with_name("reedesk"))


@pytest.fixture
def four_eyes_team(team_url, pg_server, _isolated_home, monkeypatch):
    """A team desk with a preparer (alice), an approver (bob) and an admin (dana); bob has evaluated
    and signed "Prepared by" on LM-2026-0042's determination; alice and bob each have an identity."""
    init_team(team_url)
    database = sa.engine.make_url(team_url).database
    n = f"fe{next(_people)}_{os.getpid()}"  # roles are server-wide: names apart from the other team tests'
    people = {"alice": f"alice_{n}", "bob": f"bob_{n}", "dana": f"dana_{n}"}
    add_user(team_url, people["alice"], "preparer")
    add_user(team_url, people["bob"], "approver")
    add_user(team_url, people["dana"], "admin")
    urls = {p: pg_server.url(database, user=people[p]) for p in people}

    def as_person(person: str):
        monkeypatch.setenv("REEDESK_DATABASE_URL", urls[person])
        return open_desk(_isolated_home, seed_samples=False)

    def psql(person: str):
        return psycopg.connect(host="127.0.0.1", port=pg_server.port, user=people[person], dbname=database, autocommit=True)

    identities = {}
    with as_person("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers(), source="samples")
        identities["alice"] = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE).key_id
    with as_person("bob") as desk:
        identities["bob"] = keys.create_identity(desk, "Hans Vogel", "Reviewer", "Lotus Compliance", PASSPHRASE).key_id
        determination = evaluation.evaluate_reference(desk, REFERENCE, "2026-12-01").id
        signing.sign_determination(desk, determination, identities["bob"], PASSPHRASE, "Prepared by")
    env = {**os.environ, "REEDESK_HOME": str(_isolated_home)}
    env.pop("REEDESK_PASSPHRASE", None)
    return {"people": people, "urls": urls, "open": as_person, "psql": psql, "keys": identities,
            "determination": determination, "env": env, "home": _isolated_home}


def _counts(desk, determination_id: int) -> tuple[int, int]:
    return len(signing.signatures_for(desk, determination_id)), audit.count_audit_events(desk)


def _run(team, person: str, *argv: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**team["env"], "REEDESK_DATABASE_URL": team["urls"][person]}
    return subprocess.run([REEDESK, *argv], capture_output=True, text=True, env=env, timeout=180,
                          stdin=subprocess.DEVNULL, **kwargs)


def test_the_preparer_approving_her_own_determination_is_refused_before_the_key_is_unlocked(four_eyes_team):
    """Issue 12 point 5: the approval must come from another person than the preparer. reedesk refuses
    it itself — a wrong passphrase is not even tried (it would be a different refusal, and a
    key-unlock-failed event in the trail) — and nothing is stored."""
    team = four_eyes_team
    with team["open"]("bob") as desk:
        before = _counts(desk, team["determination"])
        with pytest.raises(WriteRefused) as refused:
            signing.sign_determination(desk, team["determination"], team["keys"]["bob"], "not the passphrase", APPROVAL)
        assert refused.value.code == "team_four_eyes_same_person"
        assert str(refused.value) == (
            f"{team['people']['bob']} prepared determination {team['determination']} and may not also approve it "
            "(four eyes): another person must approve it. Nothing was signed and the key was not unlocked.")
        assert vocabulary.error_text(refused.value, "zh-Hant").startswith(f"「{team['people']['bob']}」編製了判定")
        assert "四眼原则" in vocabulary.error_text(refused.value, "zh-Hans")
        assert _counts(desk, team["determination"]) == before
        assert not [e for e in audit.audit_log(desk) if e.action == "key_unlock_failed"]
        # another person (an approver who did not prepare it) may approve, with the right passphrase only
        assert signing.sign_determination(desk, team["determination"], team["keys"]["bob"], PASSPHRASE, "Reviewed by").meaning == "Reviewed by"


def test_a_preparer_asking_for_an_approval_meaning_is_refused_early(four_eyes_team):
    """Issue 12 point 4-5: only reedesk_approver signs an approval; a preparer asking for it is refused
    by reedesk before the key is unlocked (wrong passphrase given, not tried), whatever the determination."""
    team = four_eyes_team
    with team["open"]("alice") as desk:
        before = _counts(desk, team["determination"])
        with pytest.raises(WriteRefused) as refused:
            signing.sign_determination(desk, team["determination"], team["keys"]["alice"], "wrong", "Reviewed and APPROVED by")
        assert refused.value.code == "team_approval_needs_approver"
        assert "only a member of reedesk_approver signs an approval" in str(refused.value)
        assert _counts(desk, team["determination"]) == before
        with pytest.raises(WriteRefused) as again:
            signing.check_approval(desk, None, APPROVAL)  # the role alone (an export before it evaluates)
        assert again.value.code == "team_approval_needs_approver"
        signing.check_approval(desk, team["determination"], "Prepared by")  # not an approval: nothing to refuse


def test_reedesk_sign_refuses_the_same_persons_approval_without_reading_a_passphrase(four_eyes_team):
    """`reedesk sign` with no REEDESK_PASSPHRASE and no terminal: had reedesk asked for the passphrase, it would
    have stopped with "a passphrase is needed"; it stops with the four-eyes sentence instead, storing nothing."""
    team = four_eyes_team
    with team["open"]("bob") as desk:
        before = _counts(desk, team["determination"])
    result = _run(team, "bob", "sign", REFERENCE, "--meaning", APPROVAL)
    assert result.returncode != 0
    assert "may not also approve it (four eyes)" in result.stderr, result.stderr
    assert "assphrase" not in result.stderr and "Traceback" not in result.stderr
    preparer = _run(team, "alice", "sign", REFERENCE, "--meaning", APPROVAL)
    assert preparer.returncode != 0 and "only a member of reedesk_approver" in preparer.stderr, preparer.stderr
    assert "assphrase" not in preparer.stderr
    without = _run(team, "alice", "sign", REFERENCE, "--meaning", "Reviewed by")  # no approval: the passphrase is asked for
    assert without.returncode != 0 and "assphrase" in without.stderr
    with team["open"]("bob") as desk:
        assert _counts(desk, team["determination"]) == before


def test_reedesk_export_with_an_approval_meaning_is_refused_before_the_passphrase(four_eyes_team, tmp_path):
    """`reedesk export REF --meaning "Reviewed and approved by"` by the determination's preparer: the export
    would sign the stored determination it evaluates to again, so it is refused before the passphrase
    is read; no pack is written and nothing is recorded."""
    team = four_eyes_team
    out = tmp_path / "pack.pdf"
    with team["open"]("bob") as desk:
        before = _counts(desk, team["determination"])
    result = _run(team, "bob", "export", REFERENCE, "--as-of", "2026-12-01", "--meaning", APPROVAL, "--out", str(out))
    assert result.returncode != 0
    assert f"prepared determination {team['determination']} and may not also approve it" in result.stderr, result.stderr
    assert "assphrase" not in result.stderr and not out.exists()
    preparer = _run(team, "alice", "export", REFERENCE, "--as-of", "2026-12-01", "--meaning", APPROVAL, "--out", str(out))
    assert preparer.returncode != 0 and "only a member of reedesk_approver" in preparer.stderr, preparer.stderr
    assert not out.exists()
    with team["open"]("bob") as desk:
        assert _counts(desk, team["determination"]) == before
    # the export service itself checks too, before it unlocks the key (a wrong passphrase is not tried)
    from reedesk.services.evidence import export_pack

    with team["open"]("bob") as desk, pytest.raises(WriteRefused, match="four eyes"):
        export_pack(desk, REFERENCE, __import__("datetime").date(2026, 12, 1), APPROVAL, out,
                    key_id=team["keys"]["bob"], passphrase="wrong")
    assert not out.exists()


def test_reedesk_application_with_an_approval_meaning_is_refused_before_the_passphrase(four_eyes_team, tmp_path):
    """`reedesk application REF --meaning "Reviewed and approved by"` signs the determination too: the same
    refusal, before the passphrase is read, and no application pack is written."""
    team = four_eyes_team
    out = tmp_path / "application.pdf"
    result = _run(team, "bob", "application", REFERENCE, "--as-of", "2026-12-01", "--meaning", APPROVAL, "--out", str(out))
    assert result.returncode != 0
    assert "may not also approve it (four eyes)" in result.stderr, result.stderr
    assert "assphrase" not in result.stderr and not out.exists()


def test_the_database_still_refuses_what_reedesk_would_not_ask_for(four_eyes_team):
    """The second line: the same person's approval inserted with psql (no reedesk) is refused by the trigger."""
    team = four_eyes_team
    with team["psql"]("bob") as bob:
        row = bob.execute("SELECT determination_id, key_id, envelope, signer_name, signer_role, signer_organisation, "
                          "signed_at FROM signature WHERE determination_id = %s", (team["determination"],)).fetchone()
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="four eyes"):
            bob.execute("INSERT INTO signature (determination_id, key_id, envelope, signer_name, signer_role, "
                        "signer_organisation, meaning, signed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        (*row[:6], APPROVAL, row[6]))

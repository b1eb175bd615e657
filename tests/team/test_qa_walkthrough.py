"""Defects found by following docs/team.md step by step as an admin and two staff, each with their own
REEDESK_HOME, against the real server tests/team/conftest.py starts (issue 12, "Done when").

Each test failed before its fix:
- with two people's identities on the desk, `reedesk sign REF --meaning …` (no --key, as the doc shows)
  refused with "Several signing identities are active" although only one private key is on the machine;
- `reedesk audit checkpoint --out FILE` by a preparer said the desk key was "missing … restore it from a
  backup" — on a team desk the desk key stays with the admin, by design;
- a preparer's first start of the app on a desk in use said the samples were not loaded "at the first start";
- an auditor's refused write showed psycopg's English ("permission denied for table determination"), and
  `reedesk evaluate --language zh-Hant` printed every error in English (its option is kept as args.lang);
- `reedesk team add-user … --password-prompt` with no input ended in a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from reedesk.services import audit, dossiers, keys
from reedesk.services.samples import sample_dossiers
from tests.language_check import problems
from tests.signing.vectors import PASSPHRASE
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401  (fixture)

REEDESK = str(Path(sys.executable).with_name("reedesk"))


def _cli(team, person: str, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REEDESK_HOME": str(team["homes"][person]), "REEDESK_DATABASE_URL": team["urls"][person]}
    env.pop("REEDESK_PASSPHRASE", None)
    return subprocess.run([REEDESK, *argv], capture_output=True, text=True, env=env, timeout=180, stdin=subprocess.DEVNULL)


def test_each_person_signs_with_the_one_identity_whose_key_is_on_her_machine(desk_team) -> None:  # noqa: F811
    """docs/team.md: `reedesk sign REF --meaning …` without --key. The database holds every person's identity;
    the private key only its owner's REEDESK_HOME: the default is the one identity that can sign here."""
    team = desk_team
    made = {}
    for person, name in (("alice", "Mei Lin"), ("bob", "Hans Vogel")):
        _enrol_and_certify(team, person)
        with team["open"](person) as desk:
            made[person] = keys.create_identity(desk, name, "Consultant", "Lotus Compliance", PASSPHRASE).key_id
    for person in ("alice", "bob"):
        with team["open"](person) as desk:
            assert len(keys.list_identities(desk, include_retired=False)) == 2
            assert keys.default_identity(desk).key_id == made[person]
            assert keys.local_identity_ids(desk) == {made[person]}


def test_a_preparer_writes_an_outside_checkpoint_signed_by_her_certified_head_key(desk_team, tmp_path) -> None:  # noqa: F811
    """docs/team.md: keep checkpoints outside the server (`reedesk audit checkpoint --out FILE`). A preparer has
    no desk key (it stays with the admin): her note is signed by her certified head key, under the desk's
    origin, and `audit verify --against` accepts it."""
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:2], source="samples")
        out = audit.write_latest_checkpoint(desk, tmp_path / "alice-checkpoint.txt")
        size = audit.count_audit_events(desk)
    note = out.read_text(encoding="utf-8")
    lines = note.splitlines()
    with team["open"]("admin") as admin:
        origin = audit.desk_key_info(admin).origin
    assert lines[0] == origin and lines[1] == str(size)
    with team["open"]("carol") as auditor:  # the auditor checks the desk against the preparer's note
        report = audit.verify_audit(auditor, against=[out], rerun=False)
    assert report.ok, report.problems
    assert report.anchors and all(anchor.get("result") == "ok" for anchor in report.anchors), report.anchors


def test_a_non_admins_first_start_on_a_desk_in_use_says_nothing_about_samples(desk_team) -> None:  # noqa: F811
    """Samples are loaded only into a brand-new desk; on a desk that holds work there is nothing to load,
    so a preparer's window must not say they were not loaded because she is no admin."""
    team = desk_team
    _enrol_and_certify(team, "alice")
    _enrol_and_certify(team, "bob")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
    with team["open"]("bob", seed_samples=True) as desk:
        assert desk.notices == []
        assert len(dossiers.list_dossiers(desk)) == 1


def test_an_auditors_refused_write_is_said_in_reedesks_words_in_the_asked_language(desk_team) -> None:  # noqa: F811
    """An auditor (reedesk_auditor) only reads: `reedesk evaluate REF` stores a determination, which the
    grants refuse. The sentence names her role and the table, not the server's words, and follows --language."""
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
        reference = dossiers.list_dossiers(desk)[0].reference
    role = team["people"]["carol"]
    english = _cli(team, "carol", "evaluate", reference, "--as-of", "2026-12-01")
    assert english.returncode == 2
    assert f"The database role {role} may not change the table determination" in english.stderr
    assert "permission denied" not in english.stderr
    for language, words in (("zh-Hant", "無權在團隊案頭"), ("zh-Hans", "无权在团队案头")):
        said = _cli(team, "carol", "evaluate", reference, "--as-of", "2026-12-01", "--language", language)
        assert said.returncode == 2 and words in said.stderr and f"「{role}」" in said.stderr, said.stderr
        sentence = said.stderr.strip().removeprefix("reedesk: ")
        assert problems(re.sub(r"postgresql\S+", " ", sentence), language, names=[role]) == [], sentence


def test_add_user_without_a_typed_password_says_so_and_creates_nobody(desk_team) -> None:  # noqa: F811
    team = desk_team
    env = {**os.environ, "REEDESK_HOME": str(team["homes"]["admin"])}
    owner_url = team["urls"]["admin"].replace(team["people"]["admin"], "reedesk_test")
    result = subprocess.run([REEDESK, "team", "add-user", "zed_qa", "--role", "preparer", "--password-prompt", "--url", owner_url],
                            capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "No password was typed for zed_qa" in result.stderr
    with team["psql"]("admin") as connection:
        assert connection.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'zed_qa'").fetchone()[0] == 0


def test_a_preparer_creates_her_identity_in_the_window_without_a_refused_desk_setting(desk_team, qtbot) -> None:  # noqa: F811
    """The identity dialog made the desk's first identity the desk-wide default, a setting only reedesk_admin
    may write: for a preparer the identity was stored, then the server's refusal was shown and the dialog
    stayed open (a second try: "already exists"). Now a non-admin's identity is simply created."""
    from reedesk.gui.app import application
    from reedesk.gui.identity_dialog import IdentityDialog
    from reedesk.services.settings import get_setting, may_change_settings

    application()
    team = desk_team
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        assert may_change_settings(desk) is False
        dialog = IdentityDialog(desk)
        qtbot.addWidget(dialog)
        dialog.name.setText("Mei Lin")
        dialog.role.setText("Consultant")
        dialog.organisation.setText("Lotus Compliance")
        dialog.passphrase.setText(PASSPHRASE)
        dialog.passphrase2.setText(PASSPHRASE)
        info = dialog.create()
        assert info is not None, dialog.message.text()
        assert dialog.message.text() == ""
        assert [i.key_id for i in keys.list_identities(desk)] == [info.key_id]
        assert get_setting(desk, "default_identity") == ""  # the desk-wide default is the admin's to set
    with team["open"]("admin") as admin:
        assert may_change_settings(admin) is True


def test_an_admin_running_team_init_is_told_it_is_the_owners_without_a_traceback(desk_team) -> None:  # noqa: F811
    """docs/team.md: `team init` is run by the database's owner. An admin (reedesk_admin, no ownership) running it
    ended in a psycopg traceback ("permission denied for schema public") from the raw cursor's statements."""
    from reedesk.errors import ReedeskError
    from reedesk.services.team import init_team

    team = desk_team
    try:
        init_team(team["urls"]["admin"], home=team["homes"]["admin"])
    except ReedeskError as refused:
        assert refused.code == "team_init_needs_owner", str(refused)
        assert team["people"]["admin"] in str(refused) and "permission denied" not in str(refused)
    else:
        raise AssertionError("an admin who is not the owner ran team init")
    result = _cli(team, "admin", "team", "init", team["urls"]["admin"])
    assert result.returncode == 2 and "Traceback" not in result.stderr and "database owner's to run" in result.stderr

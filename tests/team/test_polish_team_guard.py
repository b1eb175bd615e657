"""`reedesk team …` asks "is this a team desk?" in one place (reedesk/cli/team.py ``_team_desk``): every command
that runs on the team desk (enrol, certify, revoke, status, four-eyes) finds it the same way — REEDESK_DATABASE_URL,
else the desk chosen in Settings → Desk — and without one refuses with its own sentence, exit 2, in the asked
language. Before, certify and revoke looked at the environment variable only, so a person whose desk is chosen in
Settings → Desk was told to set a variable for a desk reedesk itself opens."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from reedesk.cli.main import main
from tests.team.test_head_keys import desk_team  # noqa: F401  (fixture)
from tests.team.test_qa_walkthrough import REEDESK

KEY = "ab" * 32
OFF = {  # each command's own refusal off a team desk (English exactly as before)
    ("certify", "alice", "--public-key", KEY): "Certifying head keys is for a team desk: set REEDESK_DATABASE_URL to it (as the admin).",
    ("revoke", "alice"): "This desk is not a team desk (`reedesk team init` has not run on it), so it has no head keys to revoke; nothing was revoked.",
    ("status",): "Four eyes is a setting of a team desk (PostgreSQL, after reedesk team init); this desk is not one, so nothing was changed.",
    ("four-eyes", "on"): "Four eyes is a setting of a team desk (PostgreSQL, after reedesk team init); this desk is not one, so nothing was changed.",
}


def test_off_a_team_desk_each_command_refuses_with_its_own_sentence(capsys, monkeypatch) -> None:
    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    for argv, sentence in OFF.items():
        assert main(["team", *argv]) == 2, argv
        out, err = capsys.readouterr()
        assert (out, err.strip()) == ("", f"reedesk: {sentence}"), argv
        assert main(["team", *argv, "--language", "zh-Hant"]) == 2
        _, said = capsys.readouterr()
        assert re.search(r"[\u4e00-\u9fff]", said) and sentence not in said, said


def test_certify_and_revoke_find_the_desk_chosen_in_settings(desk_team, tmp_path, monkeypatch) -> None:  # noqa: F811
    """No REEDESK_DATABASE_URL: the admin's desk is the one saved in Settings → Desk (desk.json in her config
    folder). certify and revoke reach it, as status and four-eyes always did."""
    team = desk_team
    config = tmp_path / "admin-config"
    env = {**os.environ, "REEDESK_HOME": str(team["homes"]["admin"]), "REEDESK_CONFIG_HOME": str(config)}
    env.pop("REEDESK_DATABASE_URL", None)
    env.pop("REEDESK_PASSPHRASE", None)

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([REEDESK, "team", *argv], capture_output=True, text=True, env=env, timeout=180,
                              stdin=subprocess.DEVNULL)

    refused = run("certify", team["people"]["alice"], "--public-key", KEY)  # nothing chosen yet: refused as ever
    assert refused.returncode == 2 and "set REEDESK_DATABASE_URL" in refused.stderr, refused.stderr
    from reedesk.desk_choice import save_configured_url

    monkeypatch.setenv("REEDESK_CONFIG_HOME", str(config))  # saved where the admin's reedesk reads it (Settings → Desk)
    save_configured_url(team["urls"]["admin"])
    assert (config / "desk.json").is_file()
    from reedesk.services.team import enrol

    alice = enrol(team["homes"]["alice"])
    certified = run("certify", team["people"]["alice"], "--public-key", alice.public_key)
    assert certified.returncode == 0, certified.stderr
    assert alice.fingerprint in certified.stdout
    status = run("status")
    assert status.returncode == 0 and team["people"]["admin"] in status.stdout, status.stderr
    revoked = run("revoke", team["people"]["alice"])
    assert revoked.returncode == 0 and alice.fingerprint in revoked.stdout, revoked.stderr


@pytest.mark.parametrize("argv", [("status",), ("four-eyes",)])
def test_a_url_that_is_no_team_desk_is_refused_as_no_url_is(argv, tmp_path, pg_server, capsys, monkeypatch) -> None:
    """A PostgreSQL database reedesk opens but `team init` never ran on: the four-eyes refusal, exit 2."""
    from reedesk.services.desk import open_desk

    url = pg_server.url(pg_server.new_database())
    monkeypatch.setenv("REEDESK_DATABASE_URL", url)
    open_desk(tmp_path / "home", seed_samples=False).close()  # the schema, but no team roles
    assert main(["team", *argv]) == 2
    _, err = capsys.readouterr()
    assert err.strip() == f"reedesk: {OFF[('status',)]}", err

"""`reedesk team enrol` / `team certify` say where a head key stands (issue 12 QA walk of docs/team.md), against
the real server: certifying a key that already has a valid certificate for that role is refused with a sentence
and stores no second row; `enrol` of an already certified key says so instead of "ask the admin to certify it";
an auditor's `enrol` is refused (auditors write nothing, so they sign no heads) and makes no key file."""

from __future__ import annotations

import re

from reedesk.audit.team_heads import HEAD_KEY_FILE
from tests.team.test_head_keys import desk_team  # noqa: F401  (fixture)
from tests.team.test_polish_language import _chinese_ok
from tests.team.test_qa_walkthrough import _cli


def _certificates(team, role: str) -> int:
    with team["psql"]("admin") as connection:
        return connection.execute("SELECT count(*) FROM team_head_certificate WHERE db_role = %s", (role,)).fetchone()[0]


def test_a_second_certify_of_a_certified_key_is_refused_and_enrol_says_it_is_done(desk_team) -> None:  # noqa: F811
    team = desk_team
    alice = team["people"]["alice"]
    enrolled = _cli(team, "alice", "team", "enrol")
    assert enrolled.returncode == 0 and "Ask the desk's admin to certify it" in enrolled.stdout, enrolled.stderr
    public = re.search(r"--public-key ([0-9a-f]{64})", enrolled.stdout).group(1)
    first = _cli(team, "admin", "team", "certify", alice, "--public-key", public)
    assert first.returncode == 0, first.stderr
    assert _certificates(team, alice) == 1
    again = _cli(team, "admin", "team", "certify", alice, "--public-key", public)
    assert again.returncode == 2 and "is already certified for" in again.stderr and "Traceback" not in again.stderr, again.stderr
    assert _certificates(team, alice) == 1  # no duplicate row
    for language in ("zh-Hant", "zh-Hans"):
        said = _cli(team, "admin", "team", "certify", alice, "--public-key", public, "--language", language)
        assert said.returncode == 2 and ("已獲認證" in said.stderr or "已获认证" in said.stderr), said.stderr
        _chinese_ok(said.stderr, language, [alice])
    done = _cli(team, "alice", "team", "enrol")
    assert done.returncode == 0, done.stderr
    assert "already certified" in done.stdout and "Ask the desk's admin" not in done.stdout and "team certify" not in done.stdout
    zh = _cli(team, "alice", "team", "enrol", "--language", "zh-Hant")
    assert zh.returncode == 0 and "已在此案頭獲認證" in zh.stdout, zh.stderr
    _chinese_ok(zh.stdout, "zh-Hant", [alice])
    assert _certificates(team, alice) == 1


def test_an_auditors_enrol_is_refused_and_makes_no_key(desk_team) -> None:  # noqa: F811
    team = desk_team
    carol = team["people"]["carol"]
    refused = _cli(team, "carol", "team", "enrol")
    assert refused.returncode == 2 and "is an auditor" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
    assert carol in refused.stderr
    assert not (team["homes"]["carol"] / HEAD_KEY_FILE).exists()
    zh = _cli(team, "carol", "team", "enrol", "--language", "zh-Hans")
    assert zh.returncode == 2 and "审计员" in zh.stderr, zh.stderr
    _chinese_ok(zh.stderr, "zh-Hans", [carol])
    assert _certificates(team, carol) == 0

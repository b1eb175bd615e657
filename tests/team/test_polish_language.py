"""`reedesk team …` takes --language like every command that renders text (FORMATS.md "--language on every
command that renders text"; issue 12 QA walk): its messages and its errors in en, zh-Hant, zh-Hans, against the
real server tests/team/conftest.py starts. Before, every sub-command refused --language (argparse exit 2) and
printed English only."""

from __future__ import annotations

import re

from tests.language_check import problems
from tests.team.test_head_keys import desk_team  # noqa: F401  (fixture)
from tests.team.test_qa_walkthrough import _cli

_SAID = {"zh-Hant": ("團隊案頭", "樹頭簽署金鑰", "四眼原則"), "zh-Hans": ("团队案头", "树头签署密钥", "四眼原则")}


def _chinese_ok(text: str, language: str, names: list[str]) -> None:
    """No English (other than commands, paths, keys and the people's role names) in the Chinese output."""
    for line in text.splitlines():
        line = re.sub(r"postgresql\S+|/\S+|\S+\.pem", " ", line.removeprefix("reedesk: "))
        assert problems(line, language, names=names) == [], line


def test_every_team_sub_command_speaks_the_asked_language(desk_team) -> None:  # noqa: F811
    team = desk_team
    alice, admin = team["people"]["alice"], team["people"]["admin"]
    names = [alice, admin, team["people"]["carol"], "reedesk_preparer", "reedesk_admin"]
    for language in ("zh-Hant", "zh-Hans"):
        desk_word, key_word, eyes_word = _SAID[language]
        enrolled = _cli(team, "alice", "team", "enrol", "--language", language)
        assert enrolled.returncode == 0, enrolled.stderr
        assert key_word in enrolled.stdout and "Ask the desk" not in enrolled.stdout
        _chinese_ok(enrolled.stdout, language, names)
        public = re.search(r"--public-key ([0-9a-f]{64})", enrolled.stdout).group(1)
        # an error of a team sub-command, in the asked language: alice holds no desk key
        refused = _cli(team, "alice", "team", "certify", alice, "--public-key", public, "--language", language)
        assert refused.returncode == 2 and "Only the desk" not in refused.stderr, refused.stderr
        _chinese_ok(refused.stderr, language, names)
        status = _cli(team, "alice", "team", "status", "--language", language)
        assert status.returncode == 0, status.stderr
        assert desk_word in status.stdout and eyes_word in status.stdout and "connected as" not in status.stdout
        _chinese_ok(status.stdout, language, names)
        eyes = _cli(team, "admin", "team", "four-eyes", "on", "--language", language)
        assert eyes.returncode == 0 and eyes_word in eyes.stdout and "already" not in eyes.stdout, eyes.stderr
        _chinese_ok(eyes.stdout, language, names)
    certified = _cli(team, "admin", "team", "certify", alice, "--public-key", public, "--language", "zh-Hans")
    assert certified.returncode == 0 and "已为" in certified.stdout, certified.stderr
    _chinese_ok(certified.stdout, "zh-Hans", names)
    english = _cli(team, "alice", "team", "status", "--language", "en")
    assert english.returncode == 0 and f"connected as {alice} (reedesk_preparer)" in english.stdout, english.stderr


def test_a_team_command_off_a_team_desk_refuses_in_the_asked_language(tmp_path) -> None:
    import os
    import subprocess

    from tests.team.test_qa_walkthrough import REEDESK

    env = {**os.environ, "REEDESK_HOME": str(tmp_path)}
    env.pop("REEDESK_DATABASE_URL", None)
    for language, word in (("zh-Hant", "團隊案頭"), ("zh-Hans", "团队案头")):
        said = subprocess.run([REEDESK, "team", "status", "--language", language], capture_output=True, text=True,
                              env=env, timeout=120, stdin=subprocess.DEVNULL)
        assert said.returncode == 2 and word in said.stderr, said.stderr
        _chinese_ok(said.stderr, language, [])

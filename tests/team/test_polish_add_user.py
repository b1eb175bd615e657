"""`reedesk team add-user … --password-prompt` asks for the password twice, on a real terminal (a pty), and
refuses a mismatch with a sentence, creating nobody (issue 12 QA walk of docs/team.md: one typo locked the
person out); the same password twice creates the login. Against the real server tests/team/conftest.py starts."""

from __future__ import annotations

import os
import pty
import select
import time

from tests.team.test_head_keys import desk_team  # noqa: F401  (fixture)
from tests.team.test_qa_walkthrough import REEDESK


def _on_a_terminal(argv: list[str], env: dict[str, str], answers: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run ``argv`` with a pty as its controlling terminal (getpass reads /dev/tty), typing each answer when a
    prompt ending in ": " appears; (exit code, everything it wrote)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its own session, the pty its terminal
        os.execve(argv[0], argv, env)
    seen, pending, deadline = b"", list(answers), time.monotonic() + timeout
    asked = 0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        text = seen.decode("utf-8", "replace")
        if pending and text.count(": ") + text.count("：") > asked:
            asked += 1
            os.write(fd, pending.pop(0).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def _exists(team, name: str) -> bool:
    with team["psql"]("admin") as connection:
        return connection.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (name,)).fetchone()[0] == 1


def test_add_user_asks_twice_and_refuses_two_different_passwords(desk_team) -> None:  # noqa: F811
    team = desk_team
    env = {**os.environ, "REEDESK_HOME": str(team["homes"]["admin"])}
    env.pop("REEDESK_DATABASE_URL", None)
    owner_url = team["urls"]["admin"].replace(team["people"]["admin"], "reedesk_test")
    name = f"zed_pw_{os.getpid()}"
    argv = [REEDESK, "team", "add-user", name, "--role", "preparer", "--password-prompt", "--url", owner_url]
    code, said = _on_a_terminal(argv, env, ["first-Secret-1", "other-Secret-2"])
    assert code == 2, said
    assert "The two passwords typed for" in said and "nobody was created" in said and "Traceback" not in said, said
    assert "Repeat the password" in said
    assert not _exists(team, name)
    code, said = _on_a_terminal([*argv, "--language", "zh-Hant"], env, ["first-Secret-1", "other-Secret-2"])
    assert code == 2 and "兩次密碼不一致" in said and "再次輸入" in said, said
    assert not _exists(team, name)
    code, said = _on_a_terminal(argv, env, ["same-Secret-3", "same-Secret-3"])
    assert code == 0 and f"Created the database user {name}" in said, said
    assert _exists(team, name)  # roles are server-wide: the name carries the test process's id

"""A team desk that cannot be reached says why in reedesk's words, in the reader's language (issue 12, found
by following docs/team.md): before, the command line and Settings -> Desk -> Test connection showed psycopg's
first line as it is ("connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL: role
"carol" is not permitted to log in"), English inside a Chinese sentence. Against the real test server."""

from __future__ import annotations

import socket

import pytest

from reedesk import vocabulary
from reedesk.desk_choice import check_connection
from reedesk.errors import ReedeskError
from reedesk.services.desk import open_desk
from tests.language_check import problems


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cases(pg_server):
    database = pg_server.new_database()
    with pg_server.connect() as admin:
        admin.execute("DROP ROLE IF EXISTS qa_left_the_firm")
        admin.execute("CREATE ROLE qa_left_the_firm NOLOGIN")
    return [
        (pg_server.url(database, user="qa_left_the_firm"), "connection_login_disabled", "「qa_left_the_firm」"),
        (pg_server.url(database, user="qa_nobody_here"), "connection_no_role", "「qa_nobody_here」"),
        (pg_server.url("qa_no_such_db"), "connection_no_database", "「qa_no_such_db」"),
        (f"postgresql+psycopg://reedesk_test@127.0.0.1:{_closed_port()}/desk", "connection_no_server", "PostgreSQL"),
    ]


def test_the_command_lines_sentence_names_the_cause_in_each_language(pg_server, _isolated_home, monkeypatch):
    for url, code, named in _cases(pg_server):
        monkeypatch.setenv("REEDESK_DATABASE_URL", url)
        with pytest.raises(ReedeskError) as refused:
            open_desk(_isolated_home, seed_samples=False)
        error = refused.value
        assert error.code == "team_team_database_could_reached"
        assert error.params["first"].code == code and "FATAL" not in str(error) and "connection failed" not in str(error)
        for language in ("zh-Hant", "zh-Hans"):
            said = vocabulary.error_text(error, language)
            assert named in said, said
            assert problems(said.replace(error.params["where"], " "), language, names=[named.strip("「」")]) == [], said


def test_test_connection_in_settings_says_the_cause_in_the_windows_language(pg_server, qapp):
    from reedesk.gui.desk_settings import refusal_sentence
    from reedesk.gui.i18n import set_language

    url, code, named = _cases(pg_server)[0]  # a disabled login: `ALTER ROLE … NOLOGIN`, as docs/team.md says
    with pytest.raises(ReedeskError) as refused:
        check_connection(url)
    assert refused.value.code == "desk_connection_failed" and refused.value.params["reason"].code == code
    try:
        set_language("zh-Hant")
        said = refusal_sentence(refused.value, url)
    finally:
        set_language("en")
    assert "伺服器不允許「qa_left_the_firm」登入" in said and "not permitted" not in said, said


def test_a_person_opening_a_database_nobody_set_up_is_told_the_owner_runs_team_init(pg_server, _isolated_home, monkeypatch):
    """docs/team.md: `team init` is the owner's, once. A preparer's `reedesk list` on a database without the
    schema said "could not be prepared (permission denied for schema public)"; now it says who does what."""
    from reedesk.services.team import add_user

    owner_url = pg_server.url(pg_server.new_database())
    database = owner_url.rsplit("/", 1)[1]
    from reedesk.services.team import init_team

    init_team(pg_server.url(pg_server.new_database()), home=_isolated_home / "admin")  # the four group roles
    add_user(owner_url, "qa_early_bird", "preparer")
    with pg_server.connect(database) as admin:  # PostgreSQL 15: only the owner creates in schema public
        admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    monkeypatch.setenv("REEDESK_DATABASE_URL", pg_server.url(database, user="qa_early_bird"))
    with pytest.raises(ReedeskError) as refused:
        open_desk(_isolated_home, seed_samples=False)
    assert refused.value.code == "team_schema_needs_owner", str(refused.value)
    assert "reedesk team init URL" in str(refused.value) and "permission denied" not in str(refused.value)
    said = vocabulary.error_text(refused.value, "zh-Hant")
    assert "「qa_early_bird」不能" in said
    assert problems(said.replace(refused.value.params["where"], " "), "zh-Hant", names=["qa_early_bird"]) == [], said

"""``reedesk team …``: set up a team desk on PostgreSQL (issue 12; docs/team.md).

    reedesk team init URL                               (the database's owner, once)
    reedesk team add-user NAME --role preparer|approver|admin|auditor [--url URL] [--password-prompt]
    reedesk team migrate --from SQLITE_FILE --to URL        (before team init, into a new database)
    reedesk team enrol                                  (each person: make their own head-signing key)
    reedesk team certify ROLE --public-key HEX          (the admin, who holds the desk key)
    reedesk team revoke ROLE [--key-id ID]              (the admin: a person's head key stops counting)
    reedesk team status                                 (who you are on the desk; four eyes on or off)
    reedesk team four-eyes [on|off] [--reason TEXT]     (show it; the admin turns it on or off)
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def _say(args: argparse.Namespace, code: str, **params: Any) -> str:
    """A sentence of ``reedesk team …`` in the command's ``--language`` ([team.<code>] in messages.toml)."""
    from reedesk.vocabulary import message

    return message("team", code, params, getattr(args, "language", "en") or "en") or code


def _init(args: argparse.Namespace) -> int:
    from reedesk.services.team import init_team

    result = init_team(args.url)
    if getattr(args, "language", "en") == "en":
        made = ", ".join(result.created_roles) or _say(args, "roles_none")
    else:  # database role names are what the admin types: quoted, not read as words
        made = "、".join(f"「{role}」" for role in result.created_roles) or _say(args, "roles_none")
    from reedesk.audit.desk_key import desk_key_path
    from reedesk.paths import reedesk_home

    print(_say(args, "init_ready", url=result.url, made=made, desk_key=desk_key_path(reedesk_home())))
    return 0


def _add_user(args: argparse.Namespace) -> int:
    from reedesk.errors import ReedeskError
    from reedesk.services.team import add_user

    url = args.url or os.environ.get("REEDESK_DATABASE_URL")
    if not url:
        raise ReedeskError.coded("team_name_team_database_url")
    password = None
    if args.password_prompt:
        import getpass

        try:
            password = getpass.getpass(_say(args, "password_for", name=args.name))
            again = getpass.getpass(_say(args, "password_again", name=args.name))  # a typo would lock the person out
        except EOFError:  # Ctrl-D, or no terminal and nothing on stdin: a sentence, not a traceback
            raise ReedeskError.coded("team_add_user_no_password", name=args.name) from None
        if again != password:
            raise ReedeskError.coded("team_add_user_passwords_differ", name=args.name)
    add_user(url, args.name, args.role, password=password)
    print(_say(args, "user_created", name=args.name, group=f"reedesk_{args.role.removeprefix('reedesk_')}"))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from reedesk.services.team import migrate_desk

    result = migrate_desk(args.source, args.to)
    copied = sum(result.rows.values())
    print(_say(args, "migrated", source=args.source, url=result.url, rows=copied, events=result.events))
    return 0


def _enrol(args: argparse.Namespace) -> int:
    from reedesk.paths import reedesk_home
    from reedesk.services.team import enrol

    if _team_url():  # on the team desk: an auditor needs no head key; a certified key needs nothing more
        from reedesk.errors import ReedeskError
        from reedesk.services.team_enrol import is_auditor_only, valid_certificate

        with _team_desk() as desk, desk.db.read() as session:
            role, auditor = is_auditor_only(session.connection())
            if auditor:
                raise ReedeskError.coded("team_enrol_auditor", role=role)
            result = enrol(reedesk_home())
            certificate = valid_certificate(session.connection(), role, result.key_id)
        if certificate is not None:
            print(_say(args, "enrol_certified", path=result.path, fingerprint=result.fingerprint, role=role,
                       id=certificate.id, not_before=certificate.not_before))
            return 0
    else:
        result = enrol(reedesk_home())
    role = os.environ.get("REEDESK_DATABASE_URL", "")
    from sqlalchemy.engine import make_url

    try:
        name = make_url(role).username or "YOUR_DATABASE_ROLE"
    except Exception:  # noqa: BLE001 - only a hint in the printed command
        name = "YOUR_DATABASE_ROLE"
    said = _say(args, "enrol_created" if result.created else "enrol_exists", path=result.path, fingerprint=result.fingerprint)
    print(f"{said}\n  reedesk team certify {name} --public-key {result.public_key}")
    return 0


def _certify(args: argparse.Namespace) -> int:
    from reedesk.services.team import certify

    with _team_desk("team_certifying_head_keys_team") as desk:
        result = certify(desk, args.role, args.public_key)
    print(_say(args, "certified", fingerprint=result.fingerprint, role=result.role, id=result.id, not_before=result.not_before))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from reedesk.services.team_revoke import revoke

    with _team_desk("head_revocation_not_team_desk") as desk:
        done = revoke(desk, args.role, args.key_id)
    for r in done:
        print(_say(args, "revoked", fingerprint=r.fingerprint, role=r.role, id=r.id, certificate_id=r.certificate_id,
                   after=r.after_head_id, revoked_at=r.revoked_at))
    return 0


def _four_eyes_sentence(args: argparse.Namespace, state) -> str:  # type: ignore[no-untyped-def]
    said = _say(args, "four_eyes_on" if state.on else "four_eyes_off")
    if state.changed_by:
        said += _say(args, "four_eyes_changed_by", role=state.changed_by, at=state.changed_at)
    if state.outside_reedesk:
        said += _say(args, "four_eyes_outside", count=state.outside_reedesk)
    return said


def _team_url() -> str | None:
    """The team database this command runs on: REEDESK_DATABASE_URL, else the one saved in Settings → Desk."""
    from reedesk.desk_choice import database_url

    return database_url()


def _team_desk(refusal: str = "team_four_eyes_team_desk_only"):  # type: ignore[no-untyped-def]
    """The team desk, opened — the one guard of every ``team`` command that runs on it (enrol, certify, revoke,
    status, four-eyes). Without a team database: ``refusal`` (the command's own [error.<code>] sentence), exit 2.
    A URL that opens a desk which is no team desk (no ``team init``) is each service's to refuse, as before."""
    from reedesk.errors import ReedeskError
    from reedesk.services.desk import open_desk

    if not _team_url():
        raise ReedeskError.coded(refusal)
    return open_desk(seed_samples=False)


def _four_eyes_state(desk):  # type: ignore[no-untyped-def]
    """The desk's four-eyes setting; a desk opened from a URL that is no team desk is refused as no URL is."""
    from reedesk.errors import ReedeskError
    from reedesk.services.team import four_eyes

    state = four_eyes(desk)
    if state is None:
        raise ReedeskError.coded("team_four_eyes_team_desk_only")
    return state


def _status(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    with _team_desk() as desk:
        state = _four_eyes_state(desk)
        where = desk.db.where
        with desk.db.read() as session:  # which of the four roles this login is in: what it may do follows from it
            groups: list[str] = list(session.connection().execute(sa.text(
                "SELECT r FROM unnest(ARRAY['reedesk_admin', 'reedesk_approver', 'reedesk_preparer', 'reedesk_auditor']) "
                "WITH ORDINALITY AS g(r, n) WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) "
                "AND pg_has_role(session_user, r, 'MEMBER') ORDER BY n")).scalars())
    print(_say(args, "status", where=where, role=state.role, group=", ".join(groups[:1]) or _say(args, "status_no_group"),
               may=_say(args, "status_may_change") if state.may_change else ""))
    print(_four_eyes_sentence(args, state))
    return 0


def _four_eyes(args: argparse.Namespace) -> int:
    from reedesk.services.team import set_four_eyes

    with _team_desk() as desk:
        if args.state is None:
            state, changed = _four_eyes_state(desk), False
        else:
            state, changed = set_four_eyes(desk, args.state == "on", reason=args.reason)
    if args.state is not None and not changed:
        print(_say(args, "four_eyes_already", state=_say(args, f"state_{args.state}")))
    print(_four_eyes_sentence(args, state))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from reedesk.cli.common import add_language_option

    team = subparsers.add_parser("team", help="set up a team desk on PostgreSQL (init, add-user)")
    commands = team.add_subparsers(dest="team_command", metavar="COMMAND", parser_class=type(team))
    p = commands.add_parser("init", help="create the schema, the four roles and the four-eyes guards")
    p.add_argument("url", metavar="URL", help="postgresql+psycopg://OWNER@HOST[:PORT]/DATABASE")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_init)
    p = commands.add_parser("add-user", help="create a person's PostgreSQL login in one of the roles")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=["preparer", "approver", "admin", "auditor"])
    p.add_argument("--url", metavar="URL", help="the team database (default: REEDESK_DATABASE_URL)")
    p.add_argument("--password-prompt", action="store_true", help="ask for a password (else the server's other auth)")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_add_user)
    p = commands.add_parser("migrate", help="copy a single-user SQLite desk into a new team database, verified")
    p.add_argument("--from", dest="source", required=True, type=Path, metavar="SQLITE_FILE")
    p.add_argument("--to", required=True, metavar="URL")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_migrate)
    p = commands.add_parser("enrol", help="make your own head-signing key and print the command the admin runs")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_enrol)
    p = commands.add_parser("certify", help="(admin) certify a person's head-signing key with the desk key")
    p.add_argument("role", metavar="ROLE", help="the person's database role (login name)")
    p.add_argument("--public-key", required=True, metavar="HEX", help="the public key `reedesk team enrol` printed")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_certify)
    p = commands.add_parser("revoke", help="(admin) revoke a person's head-key certificate with the desk key")
    p.add_argument("role", metavar="ROLE", help="the person's database role (login name)")
    p.add_argument("--key-id", metavar="ID", help="only this key (key id or fingerprint; default: all of ROLE's keys)")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_revoke)
    p = commands.add_parser("status", help="who you are on the team desk, and whether four eyes is on")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_status)
    p = commands.add_parser("four-eyes", help="show four eyes, or (admin) turn it on or off for the desk")
    p.add_argument("state", nargs="?", choices=["on", "off"], help="on: approvals only by another person (the default)")
    p.add_argument("--reason", metavar="TEXT", help="why, recorded with the audit event")
    add_language_option(p, hidden_lang=False)
    p.set_defaults(handler=_four_eyes)

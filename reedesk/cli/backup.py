"""``reedesk backup OUT`` and ``reedesk restore IN [--against FILE...] [--force]`` (FORMATS.md 0.2).

A backup is one file holding a consistent copy of the desk (database, keys, checkpoints);
a restore refuses a copy older than a checkpoint known from outside it unless forced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reedesk.cli.common import add_language_option, clean, desk_from_env, say
from reedesk.errors import ReedeskError


def _backup(args: argparse.Namespace) -> int:
    from reedesk.services.backup import create_backup

    with desk_from_env() as desk:
        info = create_backup(desk, args.out, force=args.force)
    print(say(args, "backed_up", path=clean(info.path), events=info.audit_events, dossiers=info.dossiers,
              identities=info.identities, files=info.files, bytes=f"{info.bytes:,}"))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from reedesk.paths import reedesk_home
    from reedesk.services.backup import restore_backup

    result = restore_backup(args.source, reedesk_home(), against=args.against, force=args.force)
    info = result.info
    print(say(args, "restored_backup", path=clean(info.path), created_at=info.created_at, home=clean(result.home),
              events=info.audit_events, dossiers=info.dossiers, identities=info.identities))
    if result.moved_aside is not None:
        print(say(args, "restore_moved_aside", path=clean(result.moved_aside)))
    for finding in result.findings:
        source = clean(_source(finding.source, args.language))
        if finding.extends:
            print(say(args, "restore_extends", size=finding.size, source=source))
        else:
            print(say(args, "restore_forced", size=finding.size, source=source, missing=finding.missing_events), file=sys.stderr)
    return 0


def _source(source: str, language: str) -> str:
    """Where a checkpoint came from (reedesk.services.backup: a vocabulary.Coded sentence of the audit verifier, or
    "the desk in HOME"), in ``language``."""
    from reedesk.vocabulary import text_in

    if language != "en" and not hasattr(source, "code") and str(source).startswith("the desk in "):
        return say(language, "restore_source_desk", home=str(source)[len("the desk in "):])
    return text_in(source, language)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``backup`` and ``restore``."""
    backup = subparsers.add_parser(
        "backup", help="write a consistent copy of the desk (database, keys, checkpoints) to one file",
        description="Copy the desk into one file while the app may go on writing: the database (SQLite online "
        "backup), the encrypted private keys, the desk key, the checkpoint file and every other file of the "
        "data folder. Refuses to replace an existing file unless --force.",
    )
    backup.add_argument("out", metavar="OUT", type=Path, help="the backup file to write, e.g. desk-2026-12-01.reedesk-backup")
    backup.add_argument("--force", action="store_true", help="replace OUT if it exists")
    add_language_option(backup)
    backup.set_defaults(handler=_backup)

    # `reedesk restore REF` (0.1) brings back an archived dossier; `reedesk restore IN` (0.2) restores a
    # backup. One command: an argument naming an existing file is a backup, anything else a reference
    # (a reference never contains a path separator).
    restore = subparsers.choices.get("restore")
    if restore is None:
        restore = subparsers.add_parser("restore")
        restore.add_argument("reference", metavar="IN")
        add_language_option(restore)  # (the dossiers' `restore` has it already)
        dossier_handler = None
    else:
        dossier_handler = restore.get_default("handler")
    restore.description = (
        "With a backup file IN (made by `reedesk backup`): restore it into REEDESK_HOME. It is refused if its audit "
        "trail does not extend the desk's latest checkpoint kept in your config folder, a checkpoint given with "
        "--against, or the desk it would replace — unless --force; the replaced desk is moved aside, never deleted. "
        "With a dossier reference instead: restore that archived dossier."
    )
    restore.help = "restore a backup file (or an archived dossier by reference)"
    restore.add_argument("--against", metavar="FILE", type=Path, action="append", default=[],
                         help="(backups) a checkpoint file (`reedesk audit checkpoint --out`) or evidence pack the backup must extend; repeatable")
    restore.add_argument("--force", action="store_true", help="(backups) restore even if history would be lost (says what)")

    def dispatch(args: argparse.Namespace) -> int:
        if Path(args.reference).is_file() or dossier_handler is None:
            args.source = Path(args.reference)
            return _restore(args)
        if args.against or args.force:
            raise ReedeskError.coded("backup_backup_file_such_file", reference=args.reference)
        return dossier_handler(args)

    restore.set_defaults(handler=dispatch)

"""Entry point of the ``reedesk`` command (FORMATS.md, "Command line").

With no arguments it starts the desktop app. Each group of sub-commands lives in
its own module exposing ``register(subparsers)``; handlers return an exit code.
Errors meant for users (:class:`ReedeskError`) become one sentence on stderr and
exit 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Mapping, Sequence

from reedesk import __version__
from reedesk.errors import ReedeskError

# Modules under reedesk.cli that add sub-commands, in the order --help lists them.
COMMAND_MODULES = (
    "dossiers",   # import, list, show
    "rules",      # rules list/show/import
    "evaluate",   # evaluate
    "keys",       # keys create/list/retire/export
    "signing",    # sign
    "export",     # export
    "verify",     # verify
    "org",        # org certify/revoke/add-certificate/trust/add-revocation (organisation keys)
    "audit",      # audit log/verify
    "screening",  # screening lists/check/decide/import
    "portfolio",  # headroom, timeline, impact
    "licence",    # licence add/list/show
    "ship",       # ship (draw-down against a licence)
    "backup",     # backup, restore
    "application",  # application (licence application pack)
    "retention",  # retention report / delete-attachment
    "team",       # team init / add-user (PostgreSQL team desk, docs/team.md)
)

# The module that registers each command, so `reedesk COMMAND` imports that module only (a command's
# start pays for its own stack, not for every other command's; issue 13). A name registered by two
# modules ("restore": dossiers and backup, the later wins) is left out: it builds the whole parser,
# as --help does. tests/cli/test_lazy_commands.py keeps this table in step with the register() functions.
COMMAND_OWNERS = {
    "import": "dossiers", "list": "dossiers", "show": "dossiers", "archive": "dossiers", "delete": "dossiers",
    "rules": "rules", "evaluate": "evaluate", "keys": "keys", "sign": "signing", "export": "export",
    "verify": "verify", "org": "org", "audit": "audit", "screening": "screening",
    "headroom": "portfolio", "timeline": "portfolio", "impact": "portfolio", "licence": "licence",
    "ship": "ship", "backup": "backup", "application": "application", "retention": "retention", "team": "team",
}


# argparse that exits 2 with one sentence and no usage dump on stdout, in the --language asked for (usage errors, --help)
from reedesk.cli.parser import Parser as _Parser, language_last, speaking  # noqa: E402


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser; ``only`` registers one command module (:data:`COMMAND_OWNERS`: e.g.
    ``reedesk verify`` imports nothing of the store it does not use)."""
    parser = _Parser(
        prog="reedesk",
        description="Export-control compliance desk for China's 2025 rare-earth controls. "
        "Without a command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"reedesk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"reedesk.cli.{name}")
        module.register(subparsers)
    return parser


# Libraries Qt 6.5+'s xcb platform plugin loads that desktop distributions do not always
# install; without them Qt aborts the process. (library name for find_library, Debian package)
_XCB_LIBRARIES = (
    ("xcb-cursor", "libxcb-cursor0"),
    ("xcb-icccm", "libxcb-icccm4"),
    ("xcb-keysyms", "libxcb-keysyms1"),
)


def missing_display_reason(environ: Mapping[str, str], platform: str) -> str | None:
    """Why the window cannot open here, or None.

    On Linux without X11 or Wayland, Qt aborts the whole process with a long message
    about platform plugins; say plainly what is wrong and what still works instead.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("WAYLAND_DISPLAY"):
        return None
    if environ.get("DISPLAY"):
        from ctypes.util import find_library

        missing = [package for library, package in _XCB_LIBRARIES if find_library(library) is None]
        if missing:
            return (
                "Qt's X11 plugin needs system libraries that are not installed "
                f"(Debian/Ubuntu: sudo apt-get install {' '.join(missing)}); "
                "the command line works without them (`reedesk --help`)."
            )
        return None
    return (
        "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop app cannot open; "
        "start it from a desktop session, or use the command line (`reedesk --help`)."
    )


def _skip_last_collection() -> None:
    """Why: as the interpreter exits it runs one last cyclic garbage collection over every object
    still alive — pyHanko's, pypdf's, cryptography's and reedesk's modules, classes and data — only to
    hand the memory back, which the operating system does anyway: 0.1–0.3 s of CPU for ``reedesk
    verify`` (more than half of what the verification itself costs; issue 13). By then the command has
    closed its files and databases and printed its output (atexit runs after that). ``gc.freeze()``
    moves the survivors to the permanent generation, which that collection skips; objects are still
    released by reference count, module by module, as before."""
    import gc

    gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        problem = missing_display_reason(os.environ, sys.platform)
        if problem:
            print(f"reedesk: {problem}", file=sys.stderr)
            return 2
        from reedesk.gui.app import run_app  # Qt is imported only when the window is wanted

        return run_app()
    with speaking(args_list):  # argparse's own sentences and --help in the reader's language (reedesk/cli/parser.py)
        return _run(args_list, real_process=argv is None)


def _run(args_list: list[str], *, real_process: bool) -> int:
    args_list = language_last(args_list)  # `reedesk --language zh-Hant audit checkpoint …`: the command reads it
    parser = build_parser(only=COMMAND_OWNERS.get(args_list[0]))
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    if real_process:  # the real process (console script, python -m reedesk): it ends when the command does
        import atexit

        atexit.register(_skip_last_collection)
    try:
        return int(handler(args) or 0)
    except ReedeskError as exc:
        from reedesk.cli.common import error_sentence  # messages quote file contents: never let them steer the terminal

        # in the language the user asked for with --language (a command's default, e.g. the application pack's
        # zh-Hans, is the document's language, not the reader's)
        asked = any(a.split("=")[0] in ("--language", "--lang") for a in args_list)
        language = getattr(args, "language", None) or getattr(args, "lang", None) or "en"  # `evaluate` keeps it in args.lang
        print(f"reedesk: {error_sentence(exc, language if asked else 'en')}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`reedesk evaluate … | head`): stop quietly, as other
        # Unix tools do, and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 2
    except OSError as exc:  # unreadable file, unusable data folder, full disk
        from reedesk.cli.common import os_error_sentence

        print(f"reedesk: {os_error_sentence(exc, _language(args, args_list))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        from reedesk.cli.common import say

        print(f"reedesk: {say(_language(args, args_list), 'interrupted')}", file=sys.stderr)
        return 2


def _language(args: argparse.Namespace, args_list: list[str]) -> str:
    """The language the person asked for with --language (English if none; see the ReedeskError branch above)."""
    asked = any(a.split("=")[0] in ("--language", "--lang") for a in args_list)
    language = getattr(args, "language", None) or getattr(args, "lang", None) or "en"
    return language if asked and language in ("en", "zh-Hant", "zh-Hans") else "en"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Helpers shared by CLI modules: opening the desk, reading passphrases, printing JSON."""

from __future__ import annotations

import getpass
import json
import os
import re
import sys
from typing import TYPE_CHECKING, Any

from reedesk.errors import ReedeskError

if TYPE_CHECKING:  # the store is imported only by commands that open the desk (keeps `verify` light)
    from reedesk.services.desk import Desk


def desk_from_env() -> "Desk":
    """The desk in ``REEDESK_HOME`` (or the platform folder).

    Never seeded with the samples: a command (even ``audit verify``) must not put
    data into a desk; ``reedesk import --samples`` loads them when asked. A data folder
    that cannot be opened (read-only or missing drive) is one sentence, for every command.
    """
    from reedesk.services.desk import open_desk

    try:
        return open_desk(seed_samples=False)
    except OSError as exc:
        raise ReedeskError.coded("common_reedesk_data_folder_opened", value=exc.strerror or exc, value2=exc.filename or 'REEDESK_HOME') from None


def read_passphrase(prompt: str = "Passphrase: ", *, confirm: bool = False) -> str:
    """``REEDESK_PASSPHRASE`` for scripts, otherwise a prompt that does not echo."""
    from_env = os.environ.get("REEDESK_PASSPHRASE")
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise ReedeskError.coded("common_passphrase_needed_set_reedesk")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat passphrase: ") != first:
        raise ReedeskError.coded("common_two_passphrases_differ_written")
    return first


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# C0 and C1 control characters (ESC starts terminal escape sequences; CR and BS overwrite
# what was printed), DEL, and the Unicode bidirectional controls that reorder text on screen.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNPRINTABLE_KEEP_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` made safe to print on a terminal: every control character is shown escaped
    (``\\x1b``, ``\\u202e``) instead of being obeyed.

    Anything printed that came from a file (names, labels, references, problems found in
    a pack) goes through this, so a crafted file can neither move the cursor, recolour
    or erase what was printed (e.g. print "VALID" over an invalid verdict), nor reorder
    text with bidi overrides (integrity issue point 14). Newlines are escaped too unless
    ``keep_newlines`` (multi-line text whose lines are all from the same source).
    """
    pattern = _UNPRINTABLE_KEEP_LINES if keep_newlines else _UNPRINTABLE
    return pattern.sub(_escape, str(text))


def error_sentence(exc: BaseException, language: object = "en") -> str:
    """A :class:`ReedeskError`'s sentence in the command's ``--language`` (by its code and params,
    reedesk.vocabulary.error_text; English when it has no translation yet), safe to print."""
    from reedesk.vocabulary import error_text

    try:
        text = error_text(exc, language if isinstance(language, str) else "en")
    except ReedeskError:  # an unusable language value never hides the error itself
        text = str(exc)
    return clean(text, keep_newlines=True)


def language_type(text: str) -> str:
    """argparse type of ``--language``: en, zh-Hant, zh-Hans or a tag such as zh-TW / zh_CN (reedesk.vocabulary)."""
    import argparse

    from reedesk.vocabulary import normalise_language

    try:
        return normalise_language(text)
    except ReedeskError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_language_option(parser: Any, *, dest: str = "language", default: str = "en", hidden_lang: bool = True,
                        help: str = "language of the text: en, zh-Hant or zh-Hans (default en)") -> None:
    """``--language`` on a command that renders text; ``--lang`` stays accepted (hidden) where it was."""
    import argparse

    parser.add_argument("--language", dest=dest, type=language_type, default=default, metavar="LANG", help=help)
    if hidden_lang:
        parser.add_argument("--lang", dest=dest, type=language_type, default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def confirm(question: str, *, yes: bool) -> None:
    """Ask ``question`` on the terminal before something that cannot be undone; ``--yes`` answers for scripts.

    Without a terminal on stdin and without ``--yes`` the command is refused with a sentence, never
    answered by guessing (a script that pipes input must say --yes)."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise ReedeskError.coded("common_refused_stdin_terminal_add", question=question)
    answer = input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise ReedeskError.coded("common_confirmed_changed")

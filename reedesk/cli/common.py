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


def read_passphrase(prompt: str | None = None, *, confirm: bool = False, language: str = "en") -> str:
    """``REEDESK_PASSPHRASE`` for scripts, otherwise a prompt that does not echo (``prompt`` default: "Passphrase: "),
    said in ``language``."""
    if prompt is None:
        prompt = say(language, "passphrase_prompt")
    from_env = os.environ.get("REEDESK_PASSPHRASE")
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise ReedeskError.coded("common_passphrase_needed_set_reedesk")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(say(language, "passphrase_repeat")) != first:
        raise ReedeskError.coded("common_two_passphrases_differ_written")
    return first


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# C0 and C1 control characters (ESC starts terminal escape sequences; CR and BS overwrite
# what was printed), DEL, and the Unicode bidirectional controls that reorder text on screen.
# What a command shows for a value the dossier does not give (the dossier view, the memo): the same dash everywhere.
NONE_SHOWN = "-"

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
    if isinstance(language, str) and language != "en":
        text = system_words(text, language)  # an OS failure quoted inside the sentence ("No such file or directory")
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


def say(args_or_language: Any, code: str, /, **params: Any) -> str:
    """A line a command prints, ``[cli.<code>]`` in messages.toml, in the command's ``--language`` (English when
    the command has none). Values from files are cleaned by the caller (:func:`clean`), as the English lines were."""
    from reedesk.vocabulary import message

    language = args_or_language if isinstance(args_or_language, str) else (
        getattr(args_or_language, "language", None) or getattr(args_or_language, "lang", None) or "en")
    text = message("cli", code, params, language)
    if text is None:  # a code with no entry is a programming error the tests catch; never hide the line
        text = message("cli", code, params, "en") or code
    return text


# What the operating system says (os.strerror) for the failures a person meets, by errno: named in Chinese by
# [cli.errno_<NAME>] (the English is the system's own words, left as they are).
_ERRNO_NAMES = ("ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "EEXIST", "ENOSPC", "EROFS", "ENOTEMPTY", "EBUSY")


def system_words(text: str, language: str) -> str:
    """``text`` with the system's English failure words (``No such file or directory``) in ``language``."""
    if language == "en" or not text:
        return text
    import errno as errno_module

    for name in _ERRNO_NAMES:
        number = getattr(errno_module, name, None)
        if number is None:
            continue
        english = os.strerror(number)
        if english in text:
            text = text.replace(english, say(language, f"errno_{name}"))
    return text


def os_error_sentence(exc: OSError, language: str = "en") -> str:
    """An unreadable file, unusable data folder or full disk, in one sentence: what failed, where, and that
    nothing was half-written."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    if language == "en":
        return f"{exc.strerror or exc}{where}; nothing was half-written."
    said = system_words(str(exc.strerror or exc), language)
    return say(language, "os_error", what=said, where=f"（{exc.filename}）" if where else "")

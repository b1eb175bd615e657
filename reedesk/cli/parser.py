"""The ``reedesk`` command's argparse parser, speaking the language asked for with ``--language``.

Why: argparse writes its own sentences (a missing required argument, an invalid choice, ``--help``)
in English only, so a reader who typed ``--language zh-Hant`` got a Chinese report and an English
usage error. Rather than patching argparse's internals, :class:`Parser` (an ``ArgumentParser``
subclass, used for every sub-command) and :class:`HelpFormatter` (a ``HelpFormatter`` subclass)
say these in the reader's language through the vocabulary catalogue
(resources/vocabulary/messages.toml):

- ``[argparse.<code>]``: argparse's own words (usage, headings, the error sentences). An error
  reaches :meth:`Parser.error` as argparse's English sentence; :func:`translate_error` reads its
  parts back by the English templates of Python 3.11's argparse and of reedesk's own argument
  types, and says it with the catalogue's entry (a sentence that matches none stays English);
- ``[cli_help.<command>]`` / ``[cli_help.<command>--<dest>]`` / ``[cli_help.description--<command>]``:
  each command's and option's help and each command's description (``<command>`` is the command's
  words joined with ``-``: ``audit-checkpoint--out``), or the entry whose ``en`` is the same text. Its
  ``en`` is the ``help=`` the module gives (tests/cli/test_cli_language_argparse.py keeps them in step).

The language is found in the command line before parsing (:func:`language_in`: ``--language X``,
``--language=X``, ``--lang X``, anywhere; the last one wins, as argparse's own reading; a value
reedesk does not know is English, and argparse then refuses it); :func:`language_last` moves it to
the end so the command itself reads it. English output is argparse's own, byte for byte.
"""

from __future__ import annotations

import argparse
import contextvars
import re
import sys
from typing import Any, Iterator, Sequence

from contextlib import contextmanager
from reedesk.cli.columns import display_width as _columns

_LANGUAGE: contextvars.ContextVar[str] = contextvars.ContextVar("reedesk_cli_language", default="en")
_OPTIONS = ("--language", "--lang")


def language_in(argv: Sequence[str]) -> str | None:
    """The language a command line asks for (``en``, ``zh-Hant``, ``zh-Hans``), or None when it asks none
    (or names one reedesk does not know: argparse refuses that value itself, in English)."""
    items = [str(item) for item in argv]
    if not any(item.startswith("--lang") for item in items):
        return None  # (most command lines: nothing imported)
    from reedesk.errors import ReedeskError
    from reedesk.vocabulary import normalise_language

    found: str | None = None
    for n, item in enumerate(items):
        if item == "--":
            break
        name, sep, value = str(item).partition("=")
        if name not in _OPTIONS:
            continue
        if not sep:
            if n + 1 >= len(items):
                continue
            value = str(items[n + 1])
        try:
            found = normalise_language(value)
        except ReedeskError:
            found = None
    return found


def language_last(argv: Sequence[str]) -> list[str]:
    """``argv`` with each ``--language X`` (``--language=X``, ``--lang X``) moved to the end, in order.

    Why: argparse gives an option to the parser it is typed under, so in ``reedesk --language zh-Hant audit
    checkpoint --out F`` the command itself would never see it (only ``reedesk``'s unlisted ``--language`` would).
    Every command and group of reedesk takes ``--language``, so at the end it reaches the deepest one: the command
    that prints. Nothing moves without a command word (``reedesk --language zh-Hant --help``), nor past ``--``."""
    items = [str(a) for a in argv]
    if not any(item.startswith("--lang") for item in items):
        return items
    end = items.index("--") if "--" in items else len(items)
    kept: list[str] = []
    moved: list[str] = []
    n = 0
    while n < end:
        item = items[n]
        name = item.partition("=")[0]
        if name in _OPTIONS:
            if "=" in item or n + 1 >= end:
                moved.append(item)
                n += 1
            else:
                moved += [item, items[n + 1]]
                n += 2
            continue
        kept.append(item)
        n += 1
    if not moved or not any(not k.startswith("-") for k in kept):
        return items
    return kept + moved + items[end:]


@contextmanager
def speaking(argv: Sequence[str]) -> Iterator[str]:
    """Within the block, the parser speaks the language ``argv`` asks for (also for help printed by a handler)."""
    token = _LANGUAGE.set(language_in(argv) or _LANGUAGE.get())
    try:
        yield _LANGUAGE.get()
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def _say(code: str, language: str, **params: Any) -> str | None:
    from reedesk.vocabulary import message

    return message("argparse", code, params, language)


def _quoted(text: str) -> str:
    """A value or argument name as the reader typed it: 「…」 in Chinese (a quotation, never translated)."""
    return f"「{text}」"


def _names(text: str) -> str:
    """``REF, --as-of`` → 「REF」、「--as-of」."""
    return "、".join(_quoted(part.strip()) for part in text.split(", ") if part.strip())


def _choices(text: str) -> str:
    """``'on', 'off'`` (argparse's repr list) → 「on」、「off」."""
    return "、".join(_quoted(m.group(2)) for m in re.finditer(r"(['\"])(.*?)\1(?:, |$)", text)) or _quoted(text)


def _unrepr(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


# argparse's (Python 3.11) and reedesk's own argument-type sentences: (pattern, code, how each group is shown).
_INNER: tuple[tuple[re.Pattern[str], str, dict[str, Any]], ...] = tuple(
    (re.compile(pattern), code, shown) for pattern, code, shown in (
        (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)", "invalid_choice",
         {"value": lambda v: _quoted(_unrepr(v)), "choices": _choices}),
        (r"invalid (?P<type>int|float) value: (?P<value>.+)", "invalid_number",
         {"value": lambda v: _quoted(_unrepr(v))}),
        (r"invalid (?P<type>\S+) value: (?P<value>.+)", "invalid_value", {"value": lambda v: _quoted(_unrepr(v))}),
        (r"expected one argument", "expected_one", {}),
        (r"expected at most one argument", "expected_at_most_one", {}),
        (r"expected at least one argument", "expected_at_least_one", {}),
        (r"expected (?P<count>\d+) arguments?", "expected_count", {}),
        (r"not allowed with argument (?P<other>.+)", "not_allowed_with", {"other": _names}),
        (r"ignored explicit argument (?P<value>.+)", "ignored_explicit", {"value": lambda v: _quoted(_unrepr(v))}),
        (r"(?P<value>.+) is not a date in the form YYYY-MM-DD", "not_a_date", {"value": lambda v: _quoted(_unrepr(v))}),
        (r"(?P<value>.+) is not an ISO 8601 date such as 2026-11-25", "not_an_iso_date",
         {"value": lambda v: _quoted(_unrepr(v))}),
        (r"(?P<value>.+) is not KIND=FILE, e\.g\. contract=contract\.pdf", "not_kind_file",
         {"value": lambda v: _quoted(_unrepr(v))}),
        (r"(?P<value>.+) is not a whole number", "not_whole_number", {"value": lambda v: _quoted(_unrepr(v))}),
        (r"(?P<value>-?\d+) is not a positive number of events", "not_positive_events", {}),
        (r"revisions are numbered from 1", "revisions_from_one", {}),
        (r"Language (?P<value>.+) is not available; use one of (?P<choices>.+)\.", "unknown_language",
         {"value": lambda v: _quoted(_unrepr(v)), "choices": _names}),
    )
)
_OUTER: tuple[tuple[re.Pattern[str], str, dict[str, Any]], ...] = tuple(
    (re.compile(pattern), code, shown) for pattern, code, shown in (
        (r"the following arguments are required: (?P<names>.+)", "required", {"names": _names}),
        (r"unrecognized arguments: (?P<names>.+)", "unrecognized", {"names": lambda v: _names(v.replace(" ", ", "))}),
        (r"one of the arguments (?P<names>.+) is required", "one_of_required",
         {"names": lambda v: _names(v.replace(" ", ", "))}),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "ambiguous",
         {"option": lambda v: _quoted(v.partition("=")[0]), "matches": _names}),
    )
)


def _match(table: Any, text: str, language: str) -> str | None:
    for pattern, code, shown in table:
        found = pattern.fullmatch(text)
        if found:
            params = {k: shown.get(k, lambda v: v)(v) for k, v in found.groupdict().items()}
            return _say(code, language, **params)
    return None


def translate_error(message: str, language: str) -> str:
    """argparse's English error sentence in ``language`` (as it is in English, or when no template fits)."""
    if language == "en":
        return message
    found = _match(_OUTER, message, language)
    if found is not None:
        return found
    argument = re.fullmatch(r"argument (?P<name>[^:]+): (?P<inner>.*)", message, re.S)
    if argument:
        inner = _match(_INNER, argument.group("inner"), language)
        if inner is not None:
            return _say("argument", language, name=_names(argument.group("name").replace("/", ", ")), message=inner) or message
    return message


def _command_key(prog: str) -> str:
    """``reedesk audit checkpoint`` → ``audit-checkpoint``; the bare ``reedesk`` → ``reedesk``."""
    words = prog.split()[1:]
    return "-".join(words) if words else "reedesk"


def help_key(prog: str, dest: str | None = None) -> str:
    """The ``[cli_help.*]`` code of a command (``dest`` None) or of one of its arguments."""
    key = _command_key(prog)
    return key if dest is None else f"{key}--{dest.replace('_', '-')}"


def description_key(prog: str) -> str:
    """The ``[cli_help.*]`` code of a command's description (the paragraph its own --help starts with)."""
    return f"description--{_command_key(prog)}"


def _help(key: str, language: str, english: str | None = None) -> str | None:
    """The help text of ``key`` in ``language``: its own entry when that entry's ``en`` is still the help given
    (``english``; a reworded English help is not shown with an old translation), else the entry whose ``en`` is that
    text (one entry for the many options that say "print JSON"); None when there is none (argparse's English)."""
    from reedesk.vocabulary import _entry

    entry = _entry("cli_help", key)
    if entry is not None and (english is None or entry.get("en") == english):
        return str(entry.get(language) or entry["en"])
    if english is None:
        return None
    entry = _help_by_english().get(english)
    return None if entry is None else str(entry.get(language) or entry["en"])


def _help_by_english() -> dict[str, dict[str, str]]:
    """``[cli_help.*]`` by English text (the whole file is parsed: only for --help in Chinese)."""
    from reedesk.vocabulary import _messages

    return {str(e.get("en")): e for e in _messages().get("cli_help", {}).values()}


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the headings, the usage prefix and each help text in the reader's language.

    English is argparse's own output (no override runs)."""

    language = "en"

    def __init__(self, prog: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(prog, *args, **kwargs)
        self._prog_key = prog

    def start_section(self, heading: str | None) -> None:
        if self.language != "en" and heading:
            code = {"positional arguments": "positional_arguments", "options": "options"}.get(heading)
            if code:
                heading = _say(code, self.language) or heading
            else:  # an argument group's title: the catalogue's words for it, if any
                heading = _help(f"group--{re.sub('[^a-z0-9]+', '-', heading.lower()).strip('-')}", self.language) or heading
        super().start_section(heading)

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        if self.language != "en" and prefix is None:
            prefix = _say("usage", self.language)
        super().add_usage(usage, actions, groups, prefix)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None) -> str:
        """argparse indents the usage's continuation lines by the prefix's length; "用法：" is three characters but six
        columns, so they are moved right by the difference, under the command again."""
        text = super()._format_usage(usage, actions, groups, prefix)
        extra = _columns(prefix) - len(prefix) if self.language != "en" and prefix else 0
        if extra <= 0:
            return text
        first, *rest = text.split("\n")
        return "\n".join([first] + [" " * extra + line if line.strip() else line for line in rest])

    def _split_lines(self, text: str, width: int) -> list[str]:
        if self.language == "en":
            return super()._split_lines(text, width)
        return _wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if self.language == "en":
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap(text, width - len(indent)))

    def _expand_help(self, action: argparse.Action) -> str:
        if self.language != "en":
            if action.option_strings == ["-h", "--help"]:
                return _say("help_option", self.language) or super()._expand_help(action)
            if action.option_strings == ["--version"]:
                return _say("version_option", self.language) or super()._expand_help(action)
            if action.help and action.help is not argparse.SUPPRESS and "%" not in action.help:
                said = _help(_action_key(self._prog_key, action), self.language, action.help)
                if said is not None:
                    return said
        return super()._expand_help(action)




# a short 「quotation」 (kept on one line), a run of ASCII (a word, an option, a path), a space, one character
# and a command given literally (reedesk keys trust, reedesk evaluate REF --as-of DATE), kept whole
_PIECES = re.compile(r"reedesk(?: (?:[a-z][a-z-]*|--[a-z][a-z-]*|[A-Z][A-Z_.]*))+|「[^」\n]{0,24}」[，。；：、）]?|[\x21-\x7e]+|\s+|.",
                     re.S)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (argparse's textwrap counts characters, so a Chinese line would
    be twice as wide as the terminal); a line breaks between Chinese characters or at spaces, never inside a word,
    inside a short 「quotation」 or before closing punctuation."""
    width = max(width, 11)
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(" ".join(text.split())):
        if piece.isspace():
            if line:
                line += " "
            continue
        if line and _columns(line + piece) > width and piece not in "，。；：、）」』？！…":
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _action_key(prog: str, action: argparse.Action) -> str:
    """A sub-command's line in its parent's list is the sub-command's own key (``audit-checkpoint``)."""
    if type(action).__name__ == "_ChoicesPseudoAction":
        return help_key(f"{prog} {action.dest}")
    return help_key(prog, action.dest)


class Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one sentence (it already does) and no usage dump on stdout, in the reader's
    language (:func:`language_in`)."""

    def parse_known_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        given = list(sys.argv[1:] if args is None else args)
        with speaking(given):
            return super().parse_known_args(given, namespace)

    def add_subparsers(self, **kwargs: Any) -> Any:
        """A command with sub-commands (``reedesk``, ``reedesk audit``…) takes ``--language`` too, unlisted, for its
        own help and errors (``reedesk audit --language zh-Hant``); a sub-command's own ``--language`` is the one
        its handler reads."""
        if not any("--language" in action.option_strings for action in self._actions):
            self.add_argument("--language", "--lang", dest="_help_language", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return super().add_subparsers(**kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        language = current_language()
        if language != "en":
            formatter = HelpFormatter(prog=self.prog)
            formatter.language = language
        return formatter

    def format_help(self) -> str:
        language = current_language()
        if language == "en":
            return super().format_help()
        description = self.description
        said = _help(description_key(self.prog), language, description) if description else None
        self.description = said or description
        try:
            text = super().format_help()
        finally:
            self.description = description
        # argparse ends a heading with ":"; a Chinese heading ends with the full-width "："
        return re.sub(r"^(\S[^\n]*[^\x00-\x7f]):$", r"\1：", text, flags=re.M)

    def error(self, message: str) -> None:  # type: ignore[override]
        language = current_language()
        self.print_usage(sys.stderr)
        if language == "en":
            self.exit(2, f"reedesk: error: {message}\n")
        said = translate_error(message, language)
        self.exit(2, (_say("error", language, message=said) or f"reedesk: error: {said}") + "\n")

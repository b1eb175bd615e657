"""Errors users see.

Every error that reaches a user is a :class:`ReedeskError` whose message is one
clear sentence naming the file, row or field concerned; the CLI prints it on
stderr and exits 2, the GUI shows it in a message box. Anything else is a bug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ReedeskError(Exception):
    """A problem the user can act on, with a message written for them.

    Besides its English sentence an error carries a ``code`` (by default its class name in
    snake_case, ``validation_failed``) and ``params`` (the names, paths and numbers in the
    sentence), so a front end shows it in the user's language through
    :func:`reedesk.vocabulary.error_text` instead of matching English sentences.
    """

    code: str = "reedesk_error"
    params: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = _snake(cls.__name__)

    def __init__(self, *args: Any, code: str | None = None, params: Mapping[str, Any] | None = None):
        super().__init__(*args)
        if code is not None:
            self.code = code
        self.params = dict(params or {})

    @classmethod
    def coded(cls, code: str, **params: Any) -> "ReedeskError":
        """The error whose English sentence is the catalogue's ``[error.<code>]`` (resources/vocabulary/
        messages.toml), so the sentence is written once and every front end can translate it."""
        from reedesk.vocabulary import message

        error = cls(message("error", code, params, "en") or code)
        error.code, error.params = code, dict(params)
        return error


@dataclass(frozen=True)
class Problem:
    """One problem found in input, located by a path such as ``components[2].value.amount``
    or ``bom.csv row 7, currency``."""

    where: str
    message: str
    # Optional, for translation (reedesk.vocabulary.problem_text): what is wrong as a code with its
    # values, and where as parts (``file``, ``row``, ``column``) so the row reads as on screen.
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @classmethod
    def coded(cls, where: str, code: str, **params: Any) -> "Problem":
        """The problem whose English sentence is the catalogue's ``[problem.<code>]`` (messages.toml), keeping
        ``code`` and ``params`` so :func:`reedesk.vocabulary.problem_text` says it in the reader's language."""
        from reedesk.vocabulary import message

        return cls(where, message("problem", code, params, "en") or code, code, dict(params))


class ValidationFailed(ReedeskError):
    """Input was refused; carries every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        first = "; ".join(str(p) for p in self.problems[:20])
        more = f" (and {count - 20} more)" if count > 20 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source} was refused, {count} {noun}: {first}{more}.", params={"source": source, "count": count})


class NotFound(ReedeskError):
    """A dossier, pack, key or record named by the user does not exist."""

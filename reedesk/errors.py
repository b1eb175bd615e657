"""Errors users see.

Every error that reaches a user is a :class:`ReedeskError` whose message is one
clear sentence naming the file, row or field concerned; the CLI prints it on
stderr and exits 2, the GUI shows it in a message box. Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class ReedeskError(Exception):
    """A problem the user can act on, with a message written for them."""


@dataclass(frozen=True)
class Problem:
    """One problem found in input, located by a path such as ``components[2].value.amount``
    or ``bom.csv row 7, currency``."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class ValidationFailed(ReedeskError):
    """Input was refused; carries every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        first = "; ".join(str(p) for p in self.problems[:20])
        more = f" (and {count - 20} more)" if count > 20 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source} was refused, {count} {noun}: {first}{more}.")


class NotFound(ReedeskError):
    """A dossier, pack, key or record named by the user does not exist."""

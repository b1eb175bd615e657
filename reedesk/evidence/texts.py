"""Texts and layout constants of the evidence pack, read from ``reports/``.

Wording lives in ``reports/texts/<language>.toml`` so a translator edits TOML, not
Python; page geometry lives in ``reports/layout.toml``. The three languages share
one set of keys (a test checks they agree).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reedesk.resources import data_folder

from reedesk import vocabulary
from reedesk.vocabulary import LANGUAGES  # noqa: F401  (re-exported; one definition, reedesk.vocabulary)


def normalise_language(language: str) -> str:
    """``en``, ``zh-Hant`` or ``zh-Hans`` (reedesk.vocabulary.normalise_language: ``zh`` means Traditional);
    anything else is refused."""
    return vocabulary.normalise_language(language)


# The pack's ``[codes.<kind>]`` tables that are vocabulary kinds, and whether a name stands alone
# (a label) or inside a sentence or figure value (in_sentence: "magnet manufacturing").
_VOCABULARY_KINDS = {"action": ("audit_action", False), "stage": ("technology_stage", True)}
_VALUE_KINDS = ("comparison", "scope", "end_use")


@dataclass(frozen=True)
class Texts:
    """The wording of one language; ``get("cover", "title")`` or ``fmt(... , page=1)``."""

    language: str
    table: dict[str, dict[str, Any]]

    def get(self, section: str, key: str) -> Any:
        try:
            return self.table[section][key]
        except KeyError:
            return key  # a missing text shows its key rather than crashing the export

    def fmt(self, section: str, key: str, **values: Any) -> str:
        text = self.get(section, key)
        try:
            return str(text).format(**values)
        except (KeyError, IndexError, ValueError):
            return str(text)

    def outcome(self, outcome: str) -> str:
        """The outcome's name (reedesk.vocabulary): the same words as the window and the CLI."""
        return vocabulary.label("outcome", str(outcome), self.language)

    def result(self, result: str) -> str:
        return str(self.table.get("result", {}).get(result, result))

    def code(self, kind: str, value: str) -> str:
        """A human label for a machine code (``[codes.<kind>]``): "magnet_manufacturing" →
        "magnet manufacturing"; unknown codes keep their text with spaces for underscores."""
        if kind in _VOCABULARY_KINDS:
            vocab, in_sentence = _VOCABULARY_KINDS[kind]
            if vocabulary.known(vocab, value):
                return (vocabulary.in_sentence if in_sentence else vocabulary.label)(vocab, value, self.language)
        if kind == "value":
            for vocab in _VALUE_KINDS:
                if vocabulary.known(vocab, value):
                    return vocabulary.in_sentence(vocab, value, self.language)
        table = self.table.get("codes", {}).get(kind, {})
        return str(table.get(value, value.replace("_", " ")))


@lru_cache(maxsize=8)
def load_texts(language: str) -> Texts:
    language = normalise_language(language)
    path = data_folder("reports") / "texts" / f"{language}.toml"
    with path.open("rb") as handle:
        return Texts(language=language, table=tomllib.load(handle))


@lru_cache(maxsize=1)
def load_layout() -> dict[str, dict[str, Any]]:
    with (data_folder("reports") / "layout.toml").open("rb") as handle:
        return tomllib.load(handle)


def outcome_label(outcome: str, language: str = "en") -> str:
    """The display name of an outcome ("Licence required"): one spelling for PDF and CLI.

    FORMATS.md's machine names stay ``license_*``; the English display uses British
    "Licence", as the packs cite Chinese law in British English.
    """
    return load_texts(language).outcome(str(outcome))

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

from reedesk.errors import ReedeskError
from reedesk.resources import data_folder

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
# "zh" alone means Traditional Chinese (the product's default Chinese).
_ALIASES = {"zh": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-cn": "zh-Hans", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


def normalise_language(language: str) -> str:
    """``en``, ``zh-Hant`` or ``zh-Hans`` (``zh`` means Traditional); anything else is refused."""
    if language in LANGUAGES:
        return language
    alias = _ALIASES.get(language.lower())
    if alias:
        return alias
    raise ReedeskError(f"Language {language!r} is not available for evidence packs; use one of {', '.join(LANGUAGES)}.")


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
        return str(self.table.get("outcome", {}).get(outcome, outcome))

    def result(self, result: str) -> str:
        return str(self.table.get("result", {}).get(result, result))

    def code(self, kind: str, value: str) -> str:
        """A human label for a machine code (``[codes.<kind>]``): "magnet_manufacturing" →
        "magnet manufacturing"; unknown codes keep their text with spaces for underscores."""
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

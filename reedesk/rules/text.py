"""Trilingual text for determinations: English, Simplified and Traditional Chinese.

Every explanation, step and note in a determination is a dict with the keys
``en``, ``zh-Hans`` and ``zh-Hant`` so the evidence pack and the GUI can show the
reader's language without re-running the engine. Kept as plain dicts because the
determination must be JSON.
"""

from __future__ import annotations

from typing import Mapping

from reedesk.vocabulary import LANGUAGES, codes as vocabulary_codes, sentence_labels  # noqa: F401  (re-exported)

Text = dict[str, str]


def tx(en: str, hans: str, hant: str) -> Text:
    """One message in the three languages."""
    return {"en": en, "zh-Hans": hans, "zh-Hant": hant}


def join(parts: list[Mapping[str, str]], sep: Mapping[str, str] | None = None) -> Text:
    """Concatenate several messages language by language."""
    glue = sep or {"en": " ", "zh-Hans": "", "zh-Hant": ""}
    return {lang: glue[lang].join(p[lang] for p in parts) for lang in LANGUAGES}


# Outcome names and the names of the dossier's machine codes, as they read inside a sentence, so a
# Chinese sentence never carries ``rare_earth_permanent_magnet`` or ``civil``. Defined once, in
# reedesk/vocabulary.py (resources/vocabulary/catalogue.toml); these dicts are views onto it.
# (The machine values stay the FORMATS.md strings; the code itself stays in the figures.)
OUTCOME_NAMES: dict[str, Text] = {code: sentence_labels("outcome", code) for code in vocabulary_codes("outcome")}
CODE_LABELS: dict[str, Text] = {
    code: sentence_labels(kind, code)
    for kind in ("item_category", "end_use", "technology_stage", "scope", "comparison")
    for code in vocabulary_codes(kind)
}

_UNKNOWN = tx("(not stated)", "（未说明）", "（未說明）")


def label(code: str | None) -> Text:
    """The reader's name for a machine code (the code itself when none is known)."""
    if code is None:
        return dict(_UNKNOWN)
    return dict(CODE_LABELS.get(code, tx(code, code, code)))


def labels_of(codes: list[str] | tuple[str, ...], sep: Text | None = None) -> Text:
    """Several codes named in each language (``military use, weapons of …`` / ``军事用途、…``)."""
    glue = sep or {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}
    return {lang: glue[lang].join(label(c)[lang] for c in codes) for lang in LANGUAGES}


# "made in", "no effect" and similar fragments used in several rule kinds.
NO_EFFECT = tx(
    "No effect: this rule does not apply, so it neither requires nor relaxes anything.",
    "不产生效果：该规则不适用，既不要求也不放宽任何事项。",
    "不產生效果：該規則不適用，既不要求也不放寬任何事項。",
)

"""The wording files: same keys in every language, every outcome named, languages resolved."""

from __future__ import annotations

import pytest

from reedesk.errors import ReedeskError
from reedesk.evidence.texts import LANGUAGES, load_layout, load_texts, normalise_language

OUTCOMES = (
    "not_controlled", "license_required", "license_required_presumption_of_denial", "case_by_case",
    "prohibited", "exempt_report_required", "suspended", "insufficient_data",
)


def _keys(table, prefix=""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def test_all_languages_have_the_same_keys():
    english = set(_keys(load_texts("en").table))
    for language in LANGUAGES:
        assert set(_keys(load_texts(language).table)) == english, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_has_a_label(language):
    texts = load_texts(language)
    labels = [texts.outcome(o) for o in OUTCOMES]
    assert all(label != code for label, code in zip(labels, OUTCOMES))
    assert len(set(labels)) == len(OUTCOMES)  # no two outcomes read the same


def test_traditional_is_the_default_chinese_and_unknown_languages_are_refused():
    assert normalise_language("zh") == "zh-Hant"
    assert normalise_language("zh-CN") == "zh-Hans"
    assert load_texts("zh").get("cover", "title") == "出口管制證據包"
    with pytest.raises(ReedeskError, match="fr"):
        normalise_language("fr")


def test_placeholders_are_filled_and_layout_has_a_colour_per_outcome():
    assert load_texts("en").fmt("footer", "page", page=2, pages=9) == "Page 2 of 9"
    assert load_texts("zh-Hans").fmt("footer", "page", page=2, pages=9) == "第 2 页，共 9 页"
    assert set(load_layout()["outcome_colours"]) == set(OUTCOMES)

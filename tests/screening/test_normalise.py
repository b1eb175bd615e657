"""Name normalisation (reedesk/screening/normalise.py)."""

from __future__ import annotations

import pytest

from reedesk.screening.normalise import name_tokens, normalise_name


@pytest.mark.parametrize("a, b", [
    ("Lockheed Martin Corp.", "LOCKHEED MARTIN CORPORATION"),
    ("Boeing Defense, Space & Security", "Boeing Defense Space and Security"),
    ("Ｓｕｂａｒｕ　Ｃｏｒｐ．", "Subaru Corp"),            # full-width forms
    ("Acme Widgets Co., Ltd.", "acme widgets"),             # stacked suffixes
    ("Elbit Systems of America, L.L.C.", "Elbit Systems of America LLC"),
    ("Rhein Antriebe GmbH", "rhein antriebe"),
    ("The Insitu Company", "Insitu"),
    ("Lowe’s Inc.", "lowes"),
])
def test_spellings_of_one_name_normalise_alike(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_chinese_and_japanese_legal_forms_are_removed_at_either_end() -> None:
    assert normalise_name("稀土磁材有限公司") == "稀土磁材"
    assert normalise_name("斯巴鲁株式会社") == "斯巴鲁"
    assert normalise_name("株式会社SUBARU") == "subaru"
    assert normalise_name("某某股份有限公司") == "某某"


def test_suffix_words_inside_a_name_stay() -> None:
    assert name_tokens("Co Industries Ltd") == ["co", "industries"]
    assert name_tokens("AB Volvo") == ["ab", "volvo"]  # only trailing legal forms go


def test_a_name_that_is_only_a_legal_form_is_empty() -> None:
    assert normalise_name("Ltd.") == ""
    assert normalise_name(" ,.; ") == ""
    assert normalise_name("有限公司") == ""

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


# ---- across scripts (reedesk 0.2): Traditional/Simplified, pinyin, abbreviations

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reedesk.screening.lists import shipped_lists  # noqa: E402
from reedesk.screening.normalise import CJK_SUFFIXES, LATIN_SUFFIXES, pinyin_key, to_simplified, to_traditional  # noqa: E402

_HAN = sorted({ch for lst in shipped_lists() for e in lst.entries for ch in (e.name_zh or "") if "\u4e00" <= ch <= "\u9fff"})
_WORDS = ("aero", "pacific", "orbit", "delta", "marine", "meridian", "vector", "summit", "harbor", "titan")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_HAN, min_size=2, max_size=10), st.sampled_from(("", *CJK_SUFFIXES)))
def test_a_chinese_name_normalises_alike_in_both_scripts(core, suffix) -> None:
    """A Chinese list name must be found when the dossier writes it in the other script (issue 9 point 5)."""
    simplified = to_simplified(core + suffix)
    assert normalise_name(to_traditional(simplified)) == normalise_name(simplified)
    assert pinyin_key(to_traditional(simplified)) == pinyin_key(simplified)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
       st.lists(st.sampled_from(sorted(LATIN_SUFFIXES - {"the"})), max_size=3))
def test_trailing_legal_forms_never_change_a_name(words, forms) -> None:
    name = " ".join(w.title() for w in words)
    assert normalise_name(name + " " + " ".join(f.upper() + "." for f in forms)) == normalise_name(name)


@pytest.mark.parametrize("a, b", [
    ("Acme Intl Grp", "ACME International Group"),
    ("Orbit Tech Co., Ltd.", "Orbit Technology Limited"),
    ("Pacific Mfg Hldgs", "Pacific Manufacturing Holdings"),
    ("三菱重工海事系統株式會社", "三菱重工海事系统株式会社"),
    ("北京中科三環集團", "北京中科三环集团有限公司"),
])
def test_abbreviations_legal_forms_and_scripts_normalise_alike(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_a_pinyin_key_ignores_spaces_tones_and_pinyin_legal_forms() -> None:
    assert pinyin_key("三菱造船株式會社") == pinyin_key("Sanling Zaochuan Zhushi Huishe") == "sanlingzaochuan"
    assert pinyin_key("中科三环高技术股份有限公司") == pinyin_key("Zhongke Sanhuan Gaojishu Gufen Youxian Gongsi")
    assert pinyin_key("Zhōngkē Sānhuán") == "zhongkesanhuan"

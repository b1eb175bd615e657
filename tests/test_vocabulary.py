"""The one vocabulary (issue 14, "One vocabulary, defined once"; contract C2): every kind of code
named in English, Traditional and Simplified Chinese in resources/vocabulary/catalogue.toml,
countries and currencies by CLDR, and errors that carry a code and parameters."""

from __future__ import annotations

import pytest

from reedesk import vocabulary as v
from reedesk.domain.codes import EndUseCategory, ItemCategory, Outcome, TechnologyStage
from reedesk.errors import NotFound, Problem, ReedeskError, ValidationFailed
from tests.language_check import problems


def test_each_kind_names_every_code_in_three_languages() -> None:
    """Every catalogue kind has codes, each with a non-empty name in each language, and the Chinese names are
    Chinese (the language rules of tests/language_check.py: no English, no snake_case, no Simplified-only
    characters in zh-Hant — OpenCC's s2t table decides)."""
    for kind in v.CATALOGUE_KINDS:
        assert v.codes(kind), kind
        for code in v.codes(kind):
            names = v.labels(kind, code)
            assert set(names) == set(v.LANGUAGES)
            assert all(names.values()), (kind, code, names)
            for language in ("zh-Hant", "zh-Hans"):
                assert problems(names[language], language) == [], (kind, code, language, names[language])
            assert names["en"] != code or kind == "language", (kind, code)


def test_the_format_enums_and_the_catalogue_agree() -> None:
    """The catalogue names exactly the FORMATS.md values (reedesk.domain.codes), in the enums' order."""
    assert v.codes("outcome") == tuple(o.value for o in Outcome)
    assert v.codes("item_category") == tuple(c.value for c in ItemCategory)
    assert v.codes("technology_stage") == tuple(s.value for s in TechnologyStage)
    assert v.codes("end_use") == tuple(e.value for e in EndUseCategory)
    from reedesk.screening.lists import LIST_KINDS
    from reedesk.screening.measures import MEASURES

    assert set(v.codes("list_kind")) == set(LIST_KINDS)
    assert set(v.codes("list_measure")) == set(MEASURES)
    assert v.codes("language") == v.LANGUAGES


def test_traditional_names_are_the_rule_packs_names() -> None:
    """The outcome names are those the rule engine writes into determinations (需申請許可, not 需要許可 or 須申請許可)."""
    assert v.label("outcome", "license_required", "zh-Hant") == "需申請許可"
    assert v.label("outcome", "license_required", "zh-Hans") == "需申请许可"
    assert v.label("outcome", "license_required", "en") == "Licence required"
    assert v.in_sentence("outcome", "license_required_presumption_of_denial") == "licence required, denial presumed"
    assert v.in_sentence("outcome", "prohibited") == "prohibited"
    assert v.in_sentence("end_use", "military_ai") == "AI R&D with potential military use"  # an acronym keeps its case
    assert v.label("outcome", "no_such_outcome", "zh-Hant") == "no_such_outcome"  # shown as recorded, never hidden
    assert v.label("outcome", None, "zh-Hant") == "（未說明）"


def test_language_tags_are_normalised_in_one_place() -> None:
    """zh-TW, zh_HK → zh-Hant; zh-CN, zh_SG → zh-Hans; a bare zh is Traditional (stated, not guessed); fr refused."""
    assert [v.normalise_language(t) for t in ("en", "en-GB", "zh-TW", "zh_HK", "zh-Hant", "zh-CN", "zh_sg", "ZH-HANS", "zh")] == [
        "en", "en", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hant"]
    with pytest.raises(ReedeskError, match="'fr' is not available") as caught:
        v.normalise_language("fr")
    assert caught.value.code == "unknown_language"
    assert v.error_text(caught.value, "zh-Hans").startswith("没有「fr」这种语言")
    assert v.autonym("zh-Hant") == "繁體中文" and v.autonym("zh-Hans") == "简体中文" and v.autonym("en") == "English"


def test_countries_and_currencies_come_from_cldr() -> None:
    """CLDR names in the UI language (Babel): 中國/中国/China, 人民幣/人民币; drop-downs list every ISO code."""
    assert v.labels("country", "CN") == {"en": "China", "zh-Hant": "中國", "zh-Hans": "中国"}
    assert v.label("currency", "CNY", "zh-Hant") == "人民幣"
    assert v.label("currency", "TWD", "zh-Hans") == "新台币"
    countries = dict(v.choices("country", "zh-Hans"))
    assert countries["JP"] == "日本" and len(countries) > 240
    assert "USD" in dict(v.choices("currency", "en"))
    for code in ("CN", "TW", "HK", "JP", "KR", "VN", "US", "DE", "GB", "MY", "TH", "IN"):  # the desk's usual partners
        assert problems(v.label("country", code, "zh-Hant"), "zh-Hant") == [], code


@pytest.mark.parametrize(("kind", "typed", "code"), [
    ("currency", "RMB", "CNY"), ("currency", "rmb", "CNY"), ("currency", "人民币", "CNY"), ("currency", "usd", "USD"),
    ("currency", "Euro", "EUR"), ("country", "China", "CN"), ("country", "中国", "CN"), ("country", "中國", "CN"),
    ("country", "jp", "JP"), ("country", "Japan", "JP"), ("country", "越南", "VN"), ("country", "Vietnam", "VN"),
    ("item_category", "RARE_EARTH_METAL", "rare_earth_metal"), ("item_category", "rare-earth metal", "rare_earth_metal"),
    ("item_category", "稀土永磁體", "rare_earth_permanent_magnet"), ("technology_stage", "Magnet manufacturing", "magnet_manufacturing"),
    ("technology_stage", "磁材制造", "magnet_manufacturing"), ("end_use", "民用", "civil"), ("end_use", "WMD", "wmd"),
    ("signature_meaning", "Prepared by", "prepared_by"), ("outcome", "需申請許可", "license_required"),
])
def test_parse_choice_accepts_codes_names_and_hints(kind, typed, code) -> None:
    """What a user types into a picker: the code in any case, a name in any of the three languages, or a hint."""
    assert v.parse_choice(kind, typed, "en") == code


def test_parse_choice_refuses_what_fits_nothing() -> None:
    assert v.parse_choice("country", "Atlantis") is None
    assert v.parse_choice("currency", "") is None
    assert v.parse_choice("item_category", "banana") is None


def test_errors_carry_a_code_and_parameters_and_keep_their_english_sentence() -> None:
    """ReedeskError's code defaults to its class name in snake_case; the English message is unchanged."""
    assert ReedeskError("x").code == "reedesk_error" and ReedeskError("x").params == {}
    assert NotFound("No dossier X.").code == "not_found" and str(NotFound("No dossier X.")) == "No dossier X."
    err = ReedeskError("The thing broke.", code="custom", params={"name": "A"})
    assert (err.code, err.params, str(err)) == ("custom", {"name": "A"}, "The thing broke.")
    refused = ValidationFailed("bom.csv", [Problem("bom.csv row 3, currency", "'XYZ' is not a currency code")])
    assert str(refused) == "bom.csv was refused, 1 problem: bom.csv row 3, currency: 'XYZ' is not a currency code."
    assert refused.code == "validation_failed" and refused.params["source"] == "bom.csv"
    assert v.error_text(refused, "en") == str(refused)
    # an uncoded problem is shown in English rather than hidden; the frame around it is Chinese
    assert v.error_text(refused, "zh-Hant").startswith("bom.csv 未被接受，共 1 個問題：")


def test_codes_in_text_are_named_in_chinese_and_kept_in_english() -> None:
    """Session 11: the one naming of countries and currencies in readers' texts (evidence pack, window, CLI)."""
    from reedesk.vocabulary import amount_text, code_in_text

    assert code_in_text("country", "TW", "zh-Hans") == "台湾" and code_in_text("country", "TW", "zh-Hant") == "台灣"
    assert code_in_text("country", "TW", "en") == "TW"
    assert code_in_text("country", "XQ", "zh-Hans") == "XQ" and code_in_text("country", None, "zh-Hans") is None
    assert amount_text("3500.00", "USD", "zh-Hans") == "3500.00美元"
    assert amount_text("3500.00", "USD", "en") == "3500.00 USD"
    assert amount_text("3.10", "EUR", "zh-Hant") == "3.10歐元"
    assert amount_text("1", "XYZ", "zh-Hans") == "1 XYZ"  # no such currency: the code, after a space

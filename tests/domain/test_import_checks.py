"""What a dossier file entering reedesk is refused for (docs/dossier-import.md, FORMATS.md ``reedesk.dossier/1``),
each problem named by its JSON path and said in the three languages; the bug hunt's findings F3-F6:

- F4: a missing ``format`` is "missing", not "found None"; a ``reference`` or ``format`` of the wrong type says so
  (it was "is required"); an ``elements`` entry that is no string is not quoted as Python's ``None``;
- F5: two BOM lines with one id are refused, naming both (the CSV/XLSX reader's ``bom_id_reused`` already did);
- F6: values that would not round-trip (``show --json`` returns the document imported): a decimal string with
  spaces around it, a date not written YYYY-MM-DD, and an exchange rate from a currency to itself;
- F3: a ``product.control_code`` that is no string (the item-list rules read only a string, and took 42 as none).

The checks of F3, F5 and the spaces of F6 are an incoming file's (``parse_dossier_json``, ``incoming=True``): a
revision stored before them, or a determination's snapshot, is read as it was, so it still opens and re-runs.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from reedesk.cli.main import main
from reedesk.domain.dossier_file import dossier_to_document, parse_dossier, parse_dossier_json
from reedesk.errors import ValidationFailed
from reedesk.vocabulary import problem_text
from tests.conftest import SAMPLES_DIR, sample_document
from tests.language_check import problems as language_problems


def _doc(**changes) -> dict:
    document = sample_document("smco-magnet-vietnam")
    for path, value in changes.items():
        _set(document, path, value)
    return document


def _set(document: dict, path: str, value) -> None:
    *parents, last = path.split("/")
    here = document
    for part in parents:
        here = here[int(part)] if isinstance(here, list) else here[part]
    if value is _ABSENT:
        del here[last]
    elif isinstance(here, list):
        here[int(last)] = value
    else:
        here[last] = value


_ABSENT = object()


def _file(tmp_path: Path, name: str, document: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _problems(path: Path) -> list[tuple[str, str, str]]:
    """(JSON path, code, English sentence) of every problem of the file, as import and ``evaluate FILE`` read it."""
    with pytest.raises(ValidationFailed) as caught:
        parse_dossier_json(path.read_bytes(), path.name)
    return [(p.where, p.code, p.message) for p in caught.value.problems]


def _said(path: Path, language: str) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        parse_dossier_json(path.read_bytes(), path.name)
    return [problem_text(p, language) for p in caught.value.problems]


# ---------------------------------------------------------------------------------------------------- F4


def test_a_missing_format_is_said_to_be_missing_not_found_none(tmp_path):
    for name, value in (("absent.json", _ABSENT), ("null.json", None)):
        path = _file(tmp_path, name, _doc(format=value))
        assert _problems(path) == [("format", "format_missing", "is missing; it must be 'reedesk.dossier/1'")]
        assert _said(path, "zh-Hant") == ["格式（「format」）：未填寫；必須是「reedesk.dossier/1」"]
        assert _said(path, "zh-Hans") == ["格式（「format」）：未填写；必须是「reedesk.dossier/1」"]
        assert _said(path, "en") == ["Format (format): is missing; it must be 'reedesk.dossier/1'"]


def test_a_format_of_the_wrong_type_or_value_says_which(tmp_path):
    for value in (1, True, ["reedesk.dossier/1"], {}):
        path = _file(tmp_path, "typed.json", _doc(format=value))
        assert _problems(path) == [("format", "format_not_string", "must be the string 'reedesk.dossier/1'")]
        assert _said(path, "zh-Hans") == ["格式（「format」）：必须是文本「reedesk.dossier/1」"]
    path = _file(tmp_path, "other.json", _doc(format="reedesk.dossier/2"))
    assert _problems(path) == [("format", "wrong_format", "must be 'reedesk.dossier/1', found 'reedesk.dossier/2'")]
    assert _said(path, "zh-Hant") == ["格式（「format」）：必須是「reedesk.dossier/1」，實際為「reedesk.dossier/2」"]


def test_a_reference_that_is_no_string_is_not_called_missing(tmp_path):
    for value in (42, True, ["LM-1"], {"id": "LM-1"}):
        path = _file(tmp_path, "ref.json", _doc(reference=value))
        assert _problems(path) == [("reference", "reference_not_string",
                                    'must be a string naming the dossier, such as "LM-2026-0042"')]
        assert _said(path, "zh-Hant") == ["編號（「reference」）：必須是命名卷宗的文字，例如「LM-2026-0042」"]
        assert _said(path, "zh-Hans") == ["编号（「reference」）：必须是命名卷宗的文本，例如「LM-2026-0042」"]
    for value in (_ABSENT, None, "", "   "):
        path = _file(tmp_path, "noref.json", _doc(reference=value))
        assert _problems(path) == [("reference", "reference_missing", "is required: a non-empty string naming the dossier")]


def test_an_element_that_is_no_string_is_not_quoted_as_none(tmp_path):
    path = _file(tmp_path, "el.json", _doc(**{"components/0/elements": [None, "Xx", 3, "Sm"]}))
    assert _problems(path) == [
        ("components[0].elements[0]", "element_not_string", 'must be a chemical symbol written as a string, such as "Nd"'),
        ("components[0].elements[1]", "not_element", "'Xx' is not a chemical symbol"),
        ("components[0].elements[2]", "element_not_string", 'must be a chemical symbol written as a string, such as "Nd"'),
    ]
    assert _said(path, "zh-Hans")[0] == '物料清单第1行：元素（「components[0].elements[0]」）：必须是以文本写成的化学元素符号，例如 "Nd"'
    assert _said(path, "zh-Hant")[1] == "物料清單第1行：元素（「components[0].elements[1]」）：「Xx」不是化學元素符號"
    assert _said(path, "en")[1] == "Bill of materials, row 1: Elements (components[0].elements[1]): 'Xx' is not a chemical symbol"
    assert all("None" not in text for language in ("en", "zh-Hant", "zh-Hans") for text in _said(path, language))


def test_the_problems_of_the_bug_report_keep_their_json_paths(tmp_path):
    """``evaluate FILE`` and every caller of the domain see the JSON path itself (``Problem.where``)."""
    path = _file(tmp_path, "share.json", _doc(**{"shipment/end_user/owners": [{"name": "O", "country": "US", "share": "1.2"}]}))
    assert [p[:2] for p in _problems(path)] == [("shipment.end_user.owners[0].share", "share_above_one")]
    path = _file(tmp_path, "xx.json", _doc(**{"components/0/elements": ["Xx"]}))
    assert _problems(path) == [("components[0].elements[0]", "not_element", "'Xx' is not a chemical symbol")]


def test_the_import_text_names_the_field_and_its_json_path(tmp_path):
    """``reedesk import`` and the import window: the place as the window shows it, the field in the row, then the
    JSON path (FORMATS.md), in the three languages; in Chinese the path is quoted in 「」 and every word is Chinese."""
    path = _file(tmp_path, "xx.json", _doc(**{"components/0/elements": ["Xx"]}))
    assert _said(path, "en") == ["Bill of materials, row 1: Elements (components[0].elements[0]): 'Xx' is not a chemical symbol"]
    assert _said(path, "zh-Hans") == ["物料清单第1行：元素（「components[0].elements[0]」）：「Xx」不是化学元素符号"]
    assert _said(path, "zh-Hant") == ["物料清單第1行：元素（「components[0].elements[0]」）：「Xx」不是化學元素符號"]
    path = _file(tmp_path, "share.json", _doc(**{"shipment/end_user/owners": [{"name": "O", "country": "US", "share": "1.2"}]}))
    assert _said(path, "en") == ["End user, owner 1: Share (shipment.end_user.owners[0].share): '1.2' is more than 1 "
                                 '(a share is a fraction such as "0.60" for 60 %)']
    assert _said(path, "zh-Hans") == ["最终用户第1个所有者：持股比例（「shipment.end_user.owners[0].share」）：「1.2」大于 1"
                                      '（持股比例以小数表示，例如 "0.60" 表示 60 %）']
    assert _said(path, "zh-Hant") == ["最終用戶第1個所有者：持股比例（「shipment.end_user.owners[0].share」）：「1.2」大於 1"
                                      '（持股比例以小數表示，例如 "0.60" 表示 60 %）']
    path = _file(tmp_path, "owner.json", _doc(**{"shipment/end_user/owners": [{"name": "O", "country": "Utopia", "share": "0.5"}]}))
    assert _said(path, "en")[0].startswith("End user, owner 1: Country (shipment.end_user.owners[0].country): 'Utopia' ")
    for language in ("zh-Hans", "zh-Hant"):
        for text in _said(path, language):
            assert "None" not in text and language_problems(text, language, {"Utopia", "O"}) == [], text


# ---------------------------------------------------------------------------------------------------- F5


def test_two_lines_with_one_id_are_refused_naming_both(tmp_path):
    document = _doc()
    document["components"][1]["id"] = "C1"
    path = _file(tmp_path, "dup.json", document)
    assert _problems(path) == [("components[1].id", "component_id_reused",
                                "'C1' is already the id of row 1 (components[0]); each line needs an id of its own")]
    assert _said(path, "en") == ["Bill of materials, row 2: Line (components[1].id): 'C1' is already the id of row 1 "
                                 "(components[0]); each line needs an id of its own"]
    assert _said(path, "zh-Hans") == ["物料清单第2行：行号（「components[1].id」）：「C1」已是第 1 行（「components[0]」）的行号；"
                                      "每一行都需要自己的行号"]
    assert _said(path, "zh-Hant") == ["物料清單第2行：行號（「components[1].id」）：「C1」已是第 1 行（「components[0]」）的行號；"
                                      "每一行都需要自己的行號"]


def test_every_reuse_names_the_first_line_and_unknown_ids_are_not_reuses(tmp_path):
    document = _doc()
    base = document["components"][0]
    document["components"] = [
        {**base, "id": "C1"}, {**base, "id": None}, {**base, "id": "C2"}, {**base, "id": "C1"},
        {**base, "id": None}, {**base, "id": "c1"}, {**base, "id": "C1"},
    ]
    path = _file(tmp_path, "dups.json", document)
    assert [(where, code) for where, code, _ in _problems(path)] == [
        ("components[3].id", "component_id_reused"), ("components[6].id", "component_id_reused")]
    assert all("row 1 (components[0])" in message for _, _, message in _problems(path))


def test_a_stored_revision_with_reused_ids_still_opens():
    """A revision stored before the check (and its determinations' snapshots) is read as it was."""
    document = _doc()
    document["components"][1]["id"] = "C1"
    assert [c.id for c in parse_dossier(copy.deepcopy(document)).components] == ["C1", "C1"]


# ---------------------------------------------------------------------------------------------------- F6


@pytest.mark.parametrize("where, field, value", [
    ("components/0/value/amount", "components[0].value.amount", " 6.50"),
    ("components/1/value/amount", "components[1].value.amount", "7.20 "),
    ("product/unit_value/amount", "product.unit_value.amount", "\t48.00"),
    ("shipment/quantity", "shipment.quantity.amount", {"amount": " 100", "unit": "kg"}),
    ("shipment/end_user/owners", "shipment.end_user.owners[0].share", [{"name": "O", "country": "US", "share": "0.5\n"}]),
    ("exchange_rates", "exchange_rates[0].rate", [{"from": "CNY", "to": "USD", "rate": " 0.14", "date": "2026-11-20"}]),
])
def test_a_decimal_with_spaces_around_it_is_refused_as_it_would_not_round_trip(tmp_path, where, field, value):
    path = _file(tmp_path, "spaces.json", _doc(**{where: value}))
    problems = _problems(path)
    assert [(p[0], p[1]) for p in problems] == [(field, "decimal_spaces")]
    text = value if isinstance(value, str) else (value.get("amount") if isinstance(value, dict) else
                                                 value[0].get("share") or value[0].get("rate"))
    assert problems[0][2] == f'{text!r} has spaces before or after the number; write it as "{text.strip()}"'
    assert _said(path, "zh-Hans")[0].endswith(f'「{text}」的数字前后有空格；请写成 "{text.strip()}"')


def test_the_amount_of_the_bug_report_is_said_in_three_languages(tmp_path):
    path = _file(tmp_path, "amount.json", _doc(**{"components/0/value/amount": " 6.50"}))
    assert _said(path, "en") == ["Bill of materials, row 1: Value (components[0].value.amount): ' 6.50' has spaces "
                                 'before or after the number; write it as "6.50"']
    assert _said(path, "zh-Hant") == ['物料清單第1行：價值（「components[0].value.amount」）：「 6.50」的數字前後有空格；請寫成 "6.50"']
    assert _said(path, "zh-Hans") == ['物料清单第1行：价值（「components[0].value.amount」）：「 6.50」的数字前后有空格；请写成 "6.50"']


def test_a_stored_document_with_a_padded_amount_is_read_as_before():
    document = _doc(**{"components/0/value/amount": " 6.50 "})
    assert str(parse_dossier(document).components[0].value.amount) == "6.50"


@pytest.mark.parametrize("text", ["20261120", "2026-W47-5", "2026-324", "2026-11-2", "2026-11-20T00:00", "２０２６-11-20",
                                  "2026-02-30", " 2026-11-20"])
def test_an_exchange_rate_date_must_be_written_yyyy_mm_dd(tmp_path, text):
    rate = {"from": "CNY", "to": "USD", "rate": "0.14", "date": text, "source": "bank"}
    path = _file(tmp_path, "date.json", _doc(exchange_rates=[rate]))
    assert _problems(path) == [("exchange_rates[0].date", "not_iso_date", f"{text!r} is not an ISO 8601 date (YYYY-MM-DD)")]
    assert _said(path, "zh-Hant") == [f"匯率第1行：日期（「exchange_rates[0].date」）：「{text}」不是 ISO 8601 日期（「YYYY-MM-DD」）"]
    with pytest.raises(ValidationFailed):  # a stored document has only ever held YYYY-MM-DD (written by isoformat)
        parse_dossier(_doc(exchange_rates=[rate]))


def test_a_yyyy_mm_dd_date_round_trips(tmp_path):
    rate = {"from": "CNY", "to": "USD", "rate": "0.14", "date": "2024-02-29", "source": "bank"}
    path = _file(tmp_path, "date.json", _doc(exchange_rates=[rate]))
    assert dossier_to_document(parse_dossier_json(path.read_bytes()))["exchange_rates"] == [rate]


def test_an_exchange_rate_from_a_currency_to_itself_is_refused_naming_the_row(tmp_path):
    rates = [{"from": "CNY", "to": "USD", "rate": "0.14", "date": "2026-11-20", "source": "bank"},
             {"from": "USD", "to": "USD", "rate": "2", "date": "2026-11-20", "source": "x"}]
    path = _file(tmp_path, "same.json", _doc(exchange_rates=rates))
    assert _problems(path) == [("exchange_rates[1]", "rate_same_currency",
                                "is a rate from USD to USD itself; a rate converts one currency into another (delete the row)")]
    assert _said(path, "en") == ["Exchange rates, row 2 (exchange_rates[1]): is a rate from USD to USD itself; a rate "
                                 "converts one currency into another (delete the row)"]
    assert _said(path, "zh-Hans") == ["汇率第2行（「exchange_rates[1]」）：是从「USD」换算成「USD」本身的汇率；"
                                      "汇率是两种不同货币之间的换算（请删除此行）"]
    assert _said(path, "zh-Hant") == ["匯率第2行（「exchange_rates[1]」）：是從「USD」換算成「USD」本身的匯率；"
                                      "匯率是兩種不同貨幣之間的換算（請刪除此行）"]
    assert len(parse_dossier(_doc(exchange_rates=rates)).exchange_rates) == 2  # stored before the check: read as it was


# ---------------------------------------------------------------------------------------------------- F3


@pytest.mark.parametrize("value", [42, True, False, 0, ["2B902.a"], {}, {"code": "2B902.a"}])
def test_a_control_code_that_is_no_string_is_refused_naming_the_field(tmp_path, value):
    path = _file(tmp_path, "code.json", _doc(**{"product/control_code": value}))
    sentence = ('must be a string such as "2B902.a" (the control code the product is listed under), '
                "or null while it is not known")
    assert _problems(path) == [("product.control_code", "control_code_not_string", sentence)]
    assert _said(path, "en") == [f"Control code (product.control_code): {sentence}"]
    assert _said(path, "zh-Hans") == ['管制编码（「product.control_code」）：必须是文本，例如 "2B902.a"（产品所属的管制编码）；'
                                      '尚不知道时写「null」']
    assert _said(path, "zh-Hant") == ['管制編碼（「product.control_code」）：必須是文字，例如 "2B902.a"（產品所屬的管制編碼）；'
                                      '尚不知道時寫「null」']


@pytest.mark.parametrize("value", ["2B902.a", "1C904", "", None])
def test_a_control_code_string_or_null_is_kept_as_written(tmp_path, value):
    document = _doc(**{"product/control_code": value})
    path = _file(tmp_path, "code.json", document)
    dossier = parse_dossier_json(path.read_bytes())
    assert dossier.product.extra == {"control_code": value}
    assert dossier_to_document(dossier) == document


def test_the_control_code_is_checked_on_the_full_reader_too(tmp_path, monkeypatch):
    """The one-pass product reader steps aside for a control code that is no string (the full reader names it)."""
    from reedesk.domain import dossier_file

    monkeypatch.setattr(dossier_file, "ONE_PASS", False)
    path = _file(tmp_path, "code.json", _doc(**{"product/control_code": 42}))
    assert [p[:2] for p in _problems(path)] == [("product.control_code", "control_code_not_string")]
    assert parse_dossier(_doc(**{"product/control_code": 42})).product.extra == {"control_code": 42}  # stored: as before


# ---------------------------------------------------------------------------------------------------- valid data


@pytest.mark.parametrize("path", sorted(SAMPLES_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_the_samples_pass_the_incoming_checks_and_round_trip(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert dossier_to_document(parse_dossier_json(path.read_bytes(), path.name)) == document


# ---------------------------------------------------------------------------------------------------- the command line


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _bad_files(tmp_path: Path) -> list[str]:
    dup = _doc(reference="BAD-dup")
    dup["components"][1]["id"] = "C1"
    files = {
        "no_format.json": _doc(reference="BAD-no_format", format=_ABSENT),
        "ref_int.json": _doc(reference=42),
        "dup_ids.json": dup,
        "amount_space.json": _doc(reference="BAD-amount", **{"components/0/value/amount": " 6.50"}),
        "rate_compact.json": _doc(reference="BAD-date", exchange_rates=[
            {"from": "CNY", "to": "USD", "rate": "0.14", "date": "20261120", "source": "x"}]),
        "rate_same.json": _doc(reference="BAD-same", exchange_rates=[
            {"from": "USD", "to": "USD", "rate": "2", "date": "2026-11-20", "source": "x"}]),
        "code_int.json": _doc(reference="BAD-code", **{"product/control_code": 42}),
    }
    return [str(_file(tmp_path, name, document)) for name, document in files.items()]


def test_reedesk_import_refuses_them_all_and_stores_nothing(capsys, tmp_path):
    files = _bad_files(tmp_path)
    code, out, err = _run(capsys, "import", *files)
    assert code == 2 and out == ""
    assert err.splitlines()[1:] == [
        "  - no_format.json, Format (format): is missing; it must be 'reedesk.dossier/1'",
        '  - ref_int.json, Reference (reference): must be a string naming the dossier, such as "LM-2026-0042"',
        "  - dup_ids.json, Bill of materials, row 2: Line (components[1].id): 'C1' is already the id of row 1 "
        "(components[0]); each line needs an id of its own",
        "  - amount_space.json, Bill of materials, row 1: Value (components[0].value.amount): ' 6.50' has spaces "
        'before or after the number; write it as "6.50"',
        "  - rate_compact.json, Exchange rates, row 1: Date (exchange_rates[0].date): '20261120' is not an ISO 8601 "
        "date (YYYY-MM-DD)",
        "  - rate_same.json, Exchange rates, row 1 (exchange_rates[0]): is a rate from USD to USD itself; a rate "
        "converts one currency into another (delete the row)",
        '  - code_int.json, Control code (product.control_code): must be a string such as "2B902.a" (the control code '
        "the product is listed under), or null while it is not known",
    ]
    assert "7 problems; nothing was stored" in err.splitlines()[0]
    code, out, err = _run(capsys, "list")
    assert code == 0 and "BAD-" not in out and "LM-2026-0042" not in out


def test_reedesk_import_says_them_in_chinese(capsys, tmp_path):
    files = _bad_files(tmp_path)
    code, out, err = _run(capsys, "import", "--language", "zh-Hant", *files)
    assert code == 2
    assert err.splitlines()[1:] == [
        "  - no_format.json，格式（「format」）：未填寫；必須是「reedesk.dossier/1」",
        "  - ref_int.json，編號（「reference」）：必須是命名卷宗的文字，例如「LM-2026-0042」",
        "  - dup_ids.json，物料清單第2行：行號（「components[1].id」）：「C1」已是第 1 行（「components[0]」）的行號；"
        "每一行都需要自己的行號",
        '  - amount_space.json，物料清單第1行：價值（「components[0].value.amount」）：「 6.50」的數字前後有空格；請寫成 "6.50"',
        "  - rate_compact.json，匯率第1行：日期（「exchange_rates[0].date」）：「20261120」不是 ISO 8601 日期（「YYYY-MM-DD」）",
        "  - rate_same.json，匯率第1行（「exchange_rates[0]」）：是從「USD」換算成「USD」本身的匯率；"
        "匯率是兩種不同貨幣之間的換算（請刪除此行）",
        '  - code_int.json，管制編碼（「product.control_code」）：必須是文字，例如 "2B902.a"（產品所屬的管制編碼）；'
        "尚不知道時寫「null」",
    ]
    assert "None" not in err
    for line in err.splitlines():  # every word Chinese but the JSON paths and values in 「」 (tests/language_check.py)
        assert language_problems(line.removeprefix("reedesk: ").removeprefix("  - "), "zh-Hant",
                                 {Path(f).name for f in files}) == [], line


def test_reedesk_evaluate_file_names_the_json_path(capsys, tmp_path):
    path = _file(tmp_path, "code.json", _doc(**{"product/control_code": 42}))
    code, out, err = _run(capsys, "evaluate", str(path), "--as-of", "2026-11-25")
    assert code == 2
    assert err == ('reedesk: code.json was refused, 1 problem: product.control_code: must be a string such as "2B902.a" '
                   "(the control code the product is listed under), or null while it is not known.\n")

"""Issue 14, "Structured errors from services": an error is a code with parameters, said in the reader's
language. Real bad dossier files imported through the real CLI with ``--language``; the problem lines name the
place as the window shows it ("Exchange rates, row 2: Rate") and then its JSON path, as FORMATS.md has every
problem name it ("(exchange_rates[1].rate)"; in Chinese quoted in 「」), and the Chinese lines pass the language
rules (tests/language_check.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reedesk.cli.main import main
from tests.conftest import SAMPLES_DIR
from tests.language_check import problems

CHINESE = ["zh-Hant", "zh-Hans"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _bad_dossier(tmp_path: Path) -> Path:
    """A real sample with a bad rate in the second exchange-rate row, a bad destination and a bad category."""
    doc = json.loads((SAMPLES_DIR / "smco-magnet-vietnam.json").read_text(encoding="utf-8"))
    doc["exchange_rates"] = [
        {"from": "USD", "to": "CNY", "rate": "7.10", "date": "2026-11-01", "source": "PBOC"},
        {"from": "EUR", "to": "CNY", "rate": "seven", "date": "2026-13-01", "source": "PBOC"},
    ]
    doc["shipment"]["destination"] = "ZZ"
    doc["components"][0]["category"] = "magnet_stuff"
    doc["components"][0]["value"]["amount"] = 12.5  # a JSON number, refused (float rounding)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_english_problem_lines_name_the_row_and_the_label_on_screen(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "import", str(_bad_dossier(tmp_path)))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == "reedesk: bad.json was refused, 5 problems; nothing was stored:"
    assert lines[1:] == [
        "  - bad.json, Bill of materials, row 1: Category (components[0].category): 'magnet_stuff' is not one of "
        "battery_material, other, rare_earth_alloy, rare_earth_compound, rare_earth_equipment, rare_earth_metal, "
        "rare_earth_oxide, rare_earth_permanent_magnet, rare_earth_raw_material, rare_earth_target, "
        "rare_earth_technology, superhard_material",
        '  - bad.json, Bill of materials, row 1: Value (components[0].value.amount): must be a decimal string such as '
        '"12.50" (numbers are refused to avoid float rounding)',
        "  - bad.json, Destination (shipment.destination): 'ZZ' is not an ISO 3166-1 alpha-2 country code",
        "  - bad.json, Exchange rates, row 2: Date (exchange_rates[1].date): '2026-13-01' is not an ISO 8601 date "
        "(YYYY-MM-DD)",
        "  - bad.json, Exchange rates, row 2: Rate (exchange_rates[1].rate): 'seven' is not a decimal number such as "
        '"12.50"',
    ]


@pytest.mark.parametrize("language", CHINESE)
def test_a_bad_dossier_file_is_refused_in_chinese_naming_row_and_field(capsys, tmp_path, language) -> None:
    code, out, err = run(capsys, "import", str(_bad_dossier(tmp_path)), "--language", language)
    assert code == 2 and out == ""
    hant = language == "zh-Hant"
    lines = err.splitlines()
    assert lines[0] == ("reedesk: bad.json 未被接受，共 5 個問題；未儲存任何內容：" if hant
                        else "reedesk: bad.json 未被接受，共 5 个问题；未保存任何内容：")
    rate = next(line for line in lines if "seven" in line)
    assert rate == ("  - bad.json，匯率第2行：匯率（「exchange_rates[1].rate」）：「seven」不是十進位數字（例如 \"12.50\"）" if hant
                    else "  - bad.json，汇率第2行：汇率（「exchange_rates[1].rate」）：「seven」不是十进制数字（例如 \"12.50\"）")
    destination = next(line for line in lines if "ZZ" in line)
    assert destination == ("  - bad.json，目的地（「shipment.destination」）：「ZZ」不是 ISO 3166-1 兩位字母國家代碼" if hant
                           else "  - bad.json，目的地（「shipment.destination」）：「ZZ」不是 ISO 3166-1 两位字母国家代码")
    category = next(line for line in lines if "magnet_stuff" in line)
    assert category == ("  - bad.json，物料清單第1行：類別（「components[0].category」）：「magnet_stuff」不是可選的物項類別" if hant
                        else "  - bad.json，物料清单第1行：类别（「components[0].category」）：「magnet_stuff」不是可选的物项类别")
    assert "was refused" not in err and "is not" not in err
    # the JSON paths are machine paths quoted in 「」, never bare in the Chinese sentence
    assert err.count("exchange_rates[") == err.count("「exchange_rates[") == 2
    for line in lines:
        assert problems(line.removeprefix("reedesk: ").removeprefix("  - "), language, {"bad.json"}) == [], line


@pytest.mark.parametrize("language", CHINESE)
def test_a_file_that_is_not_json_is_refused_in_chinese(capsys, tmp_path, language) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "reedesk.dossier/1", "reference": "X-1",}')
    duplicate = tmp_path / "twice.json"
    duplicate.write_bytes(b'{"format": "reedesk.dossier/1", "reference": "X-1", "reference": "X-2"}')
    code, _, err = run(capsys, "import", str(broken), str(duplicate), "--language", language)
    assert code == 2
    hant = language == "zh-Hant"
    assert err.splitlines()[0].startswith("reedesk: 2 個檔案的匯入（broken.json, twice.json）" if hant
                                          else "reedesk: 2 个文件的导入（broken.json, twice.json）")
    assert ("broken.json：不是有效的 JSON（第 1 行第 52 列有語法錯誤）" if hant
            else "broken.json：不是有效的 JSON（第 1 行第 52 列有语法错误）") in err
    assert ("twice.json：不是有效的 JSON（鍵「reference」重複）" if hant else "twice.json：不是有效的 JSON（键「reference」重复）") in err
    assert "Expecting" not in err and "duplicate" not in err
    for line in err.splitlines():
        assert problems(line.removeprefix("reedesk: ").removeprefix("  - "), language, {"broken.json", "twice.json"}) == [], line


@pytest.mark.parametrize("language", CHINESE)
def test_a_service_error_is_said_in_the_commands_language(capsys, language) -> None:
    """A coded service error (ReedeskError.coded) reaches the terminal in --language, not in English."""
    code, out, err = run(capsys, "show", "NO-SUCH-REF", "--language", language)
    assert code == 2 and out == ""
    text = err.strip().removeprefix("reedesk: ")
    assert "NO-SUCH-REF" in text and "No dossier" not in text
    assert problems(text, language, {"NO-SUCH-REF"}) == [], text


@pytest.mark.parametrize("language", CHINESE)
def test_show_in_chinese_has_no_english_label_on_any_sample(capsys, language) -> None:
    """`reedesk show --language` reads its labels from the vocabulary catalogue ([show.*]); every line of every
    bundled sample (heading, parties, product, BOM table, technologies, rates) follows the language rules."""
    from reedesk.cli.dossiers import SHOW_TEXTS
    from reedesk import vocabulary
    from tests.language_check import names_in

    assert run(capsys, "import", "--samples")[0] == 0
    assert SHOW_TEXTS[language]["client"] == vocabulary.message("show", "client", {}, language)
    for sample in sorted(SAMPLES_DIR.glob("*.json")):
        document = json.loads(sample.read_text(encoding="utf-8"))
        code, out, err = run(capsys, "show", document["reference"], "--language", language)
        assert (code, err) == (0, "")
        assert out.splitlines()[2].startswith("客戶：" if language == "zh-Hant" else "客户：")
        user = names_in(document) | {document["reference"], "root", "test-user"}
        for line in out.splitlines():
            assert problems(line, language, user) == [], line
    code, english, _ = run(capsys, "show", "LM-2026-0042")
    assert english.splitlines()[2].startswith("client:      ") and "revision 1 of 1, saved" in english.splitlines()[0]


@pytest.mark.parametrize("language", CHINESE)
def test_problems_of_the_import_as_a_whole_are_said_in_chinese(capsys, tmp_path, language) -> None:
    """A missing file, a file of another kind and a BOM for a dossier that does not exist, in one real import."""
    bom = tmp_path / "bom.csv"
    bom.write_text("dossier,line_id,description,origin,category,elements,value,currency\n"
                   "NOPE-1,C1,Magnet,CN,rare_earth_permanent_magnet,Nd,1.00,USD\n", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    missing = tmp_path / "gone.json"
    code, _, err = run(capsys, "import", str(bom), str(notes), str(missing), "--language", language)
    assert code == 2
    hant = language == "zh-Hant"
    assert f"{missing}：不存在" in err
    assert ("notes.txt：不是 reedesk 可匯入的檔案" if hant else "notes.txt：不是 reedesk 可导入的文件") in err
    assert ("bom.csv：指向不存在的卷宗「NOPE-1」" if hant else "bom.csv：指向不存在的卷宗「NOPE-1」") in err
    for line in err.splitlines():
        assert problems(line.removeprefix("reedesk: ").removeprefix("  - "), language,
                        {str(missing), str(tmp_path), "bom.csv", "notes.txt", "gone.json"}) == [], line


@pytest.mark.parametrize("language", CHINESE)
def test_a_bad_bill_of_materials_is_refused_in_chinese(capsys, tmp_path, language) -> None:
    """A real CSV with a line id used twice and a cell under no header; and one whose header lacks columns."""
    assert run(capsys, "import", "--samples")[0] == 0
    bom = tmp_path / "bom.csv"
    bom.write_text("dossier,line_id,description,origin,category,elements,value,currency\n"
                   "LM-2026-0042,C1,Magnet,CN,rare_earth_permanent_magnet,Sm Co,1.00,USD\n"
                   "LM-2026-0042,C1,Housing,VN,other,Fe,2.00,USD,stray\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(bom), "--language", language)
    assert code == 2
    hant = language == "zh-Hant"
    assert ("bom.csv 第 3 行第 9 欄：有「stray」，但該欄沒有標題" if hant else "bom.csv 第 3 行第 9 列：有「stray」，但该列没有标题") in err
    assert "「C1」已用於卷宗 LM-2026-0042 的第 2 行" in err if hant else "「C1」已用于卷宗 LM-2026-0042 的第 2 行" in err
    short = tmp_path / "short.csv"
    short.write_text("dossier,line_id,value\nLM-2026-0042,C1,1.00\n", encoding="utf-8")
    code, _, err2 = run(capsys, "import", str(short), "--language", language)
    assert code == 2 and ("short.csv 第 1 行：標題列缺少以下欄" if hant else "short.csv 第 1 行：标题行缺少以下列") in err2
    for line in (err + err2).splitlines():
        assert problems(line.removeprefix("reedesk: ").removeprefix("  - "), language, {"bom.csv", "short.csv", "stray"}) == [], line

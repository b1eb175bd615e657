"""argparse's own sentences in the reader's language (FORMATS.md: "--language on every command that renders text"):
usage errors (a missing required argument, an invalid choice, a bad date…) and ``--help`` of every command, in
Traditional and Simplified Chinese through resources/vocabulary/messages.toml ``[argparse.*]`` and ``[cli_help.*]``
(reedesk/cli/parser.py), the language taken from ``--language`` anywhere on the command line. English stays
argparse's own output, the exit codes stay 2 (errors) and 0 (help); no English word, code or Simplified-only character
is left in the Chinese (tests/language_check.py), apart from what the reader types: option names, metavars, values."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from reedesk.cli.main import build_parser, main
from reedesk.cli.parser import _action_key, _help, description_key
from tests.language_check import problems

CHINESE = ("zh-Hant", "zh-Hans")


def _exit(capsys, *argv: str) -> tuple[int, str, str]:
    """A command that argparse ends (SystemExit), or that returns; its exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def _chinese_lines(text: str, language: str, names: set[str] = frozenset()) -> None:
    """Every line but the usage block and the syntax column (options, metavars, sub-command names: what the reader
    types) says nothing but Chinese, quotations and commands given literally."""
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith("用法：reedesk"), text
    lines = [line for line in rest.splitlines() if line.strip()]
    assert lines, "nothing was printed after the usage"
    for line in lines:
        syntax = re.match(r"^\s+([^\u3000-\u9fff\uff00-\uffef]+?)(?:\s{2,}|$)", line)
        said = line[syntax.end():] if syntax and re.match(r"\s+[-\w{\[]", line) and "：" not in syntax.group(1) else line
        if said.strip():
            assert problems(said, language, names) == [], line


def _parsers() -> list[tuple[list[str], argparse.ArgumentParser]]:
    """Every parser of the command tree with the words that reach it (``[]`` for ``reedesk`` itself)."""
    found: list[tuple[list[str], argparse.ArgumentParser]] = []

    def walk(words: list[str], parser: argparse.ArgumentParser) -> None:
        found.append((words, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                seen: set[int] = set()
                for name, sub in action.choices.items():
                    if id(sub) not in seen:
                        seen.add(id(sub))
                        walk(words + [name], sub)

    walk([], build_parser())
    return found


# (command line, what zh-Hant says, what zh-Hans says, what English says)
ERRORS = [
    (["audit", "checkpoint"], "缺少必填的參數：「--out」", "缺少必填的参数：「--out」",
     "reedesk: error: the following arguments are required: --out"),
    (["team", "four-eyes", "maybe"], "「maybe」不是可用的選擇（可選：「on」、「off」）", "「maybe」不是可用的选择（可选：「on」、「off」）",
     "invalid choice: 'maybe' (choose from 'on', 'off')"),
    (["nosuch"], "參數「COMMAND」：「nosuch」不是可用的選擇", "参数「COMMAND」：「nosuch」不是可用的选择",
     "argument COMMAND: invalid choice: 'nosuch'"),
    (["evaluate", "LM-2026-0042", "--as-of", "2026-13-01"], "參數「--as-of」：「2026-13-01」不是 ISO 8601 日期（例如 2026-11-25）",
     "参数「--as-of」：「2026-13-01」不是 ISO 8601 日期（例如 2026-11-25）", "'2026-13-01' is not an ISO 8601 date such as 2026-11-25"),
    (["export", "X", "--as-of", "soon", "--meaning", "M", "--out", "x.pdf"], "「soon」不是「YYYY-MM-DD」格式的日期",
     "「soon」不是「YYYY-MM-DD」格式的日期", "'soon' is not a date in the form YYYY-MM-DD"),
    (["screening", "decide", "X", "--hit", "1", "--confirm", "--clear", "--reason", "r"],
     "參數「--clear」：不能與參數「--confirm」同時使用", "参数「--clear」：不能与参数「--confirm」同时使用",
     "argument --clear: not allowed with argument --confirm"),
    (["licence", "list", "--expiring", "soon"], "「soon」不是有效的數字", "「soon」不是有效的数字", "invalid int value: 'soon'"),
    (["audit", "log", "--limit", "0"], "事件數必須是正整數，0 不是", "事件数必须是正整数，0 不是", "0 is not a positive number of events"),
    (["audit", "log", "--limit", "many"], "「many」不是整數", "「many」不是整数", "'many' is not a whole number"),
    (["show", "X", "--revision", "0"], "版本從 1 開始編號", "版本从 1 开始编号", "revisions are numbered from 1"),
    (["import", "--dossier"], "參數「--dossier」：需要一個值", "参数「--dossier」：需要一个值", "argument --dossier: expected one argument"),
    (["audit", "verify", "--limit", "3"], "無法辨識的參數：「--limit」、「3」", "无法识别的参数：「--limit」、「3」",
     "unrecognized arguments: --limit 3"),
    (["application", "X", "--as-of", "2026-11-25", "--out", "a.pdf", "--attach", "contract"],
     "「contract」不是「KIND=FILE」的形式", "「contract」不是「KIND=FILE」的形式", "'contract' is not KIND=FILE"),
]


@pytest.mark.parametrize("argv,hant,hans,english", ERRORS, ids=[" ".join(e[0]) for e in ERRORS])
def test_a_usage_error_is_said_in_both_scripts_and_exits_2(capsys, argv, hant, hans, english):
    code, out, err = _exit(capsys, *argv)
    assert (code, out) == (2, "") and english in err and err.startswith("usage: reedesk")
    assert re.search(r"[\u4e00-\u9fff]", err) is None
    for language, said in (("zh-Hant", hant), ("zh-Hans", hans)):
        code, out, err = _exit(capsys, *argv, "--language", language)
        assert (code, out) == (2, ""), err
        usage, _, sentence = err.partition("reedesk: ")
        assert usage.startswith("用法：reedesk") and said in sentence, err
        assert sentence.startswith({"zh-Hant": "錯誤：", "zh-Hans": "错误："}[language])
        assert problems(sentence, language) == [], sentence
        assert "usage" not in err and "error" not in err and "argument" not in err


def test_the_language_is_found_anywhere_on_the_line_the_last_one_wins_and_lang_is_an_alias(capsys):
    for argv in (["--language", "zh-Hant", "audit", "checkpoint"], ["audit", "--language=zh-Hant", "checkpoint"],
                 ["audit", "checkpoint", "--lang", "zh-Hant"], ["audit", "checkpoint", "--language", "zh-Hans", "--language", "zh-TW"]):
        code, _, err = _exit(capsys, *argv)
        assert code == 2 and "錯誤：缺少必填的參數：「--out」" in err, (argv, err)
    code, _, err = _exit(capsys, "audit", "checkpoint", "--language", "zh-CN")  # a tag, normalised (docs/languages.md)
    assert code == 2 and "错误：缺少必填的参数：「--out」" in err
    # a language reedesk does not have: argparse refuses it in English, as before
    code, _, err = _exit(capsys, "audit", "checkpoint", "--out", "x.txt", "--language", "fr")
    assert code == 2 and "argument --language: Language 'fr' is not available" in err


@pytest.mark.parametrize("language", CHINESE)
def test_help_of_every_command_is_in_the_reader_s_language(capsys, language):
    """`reedesk … --help --language L` for each of the command tree's parsers (reedesk, each group, each command):
    headings, each option's help and the description in L; only the syntax (options, metavars, choices) as typed."""
    checked = 0
    for words, parser in _parsers():
        code, out, err = _exit(capsys, *words, "--help", "--language", language)
        assert (code, err) == (0, ""), words
        assert out.startswith("用法：reedesk"), words
        heading = {"zh-Hant": "選項：", "zh-Hans": "选项："}[language]
        assert heading in out and "options:" not in out and "show this help" not in out, words
        _chinese_lines(out, language)
        checked += 1
    assert checked >= 55  # the whole tree was walked: reedesk, its 24 commands, 8 groups' sub-commands


def test_every_help_text_has_its_two_chinese_texts_and_they_follow_the_english(capsys):
    """Each option's help, each command's line and description has a [cli_help.*] entry whose en is the help the module
    gives now (a reworded English help without a new translation fails here, instead of showing a stale Chinese)."""
    missing: list[str] = []
    for _words, parser in _parsers():
        texts = [(description_key(parser.prog), parser.description)] if parser.description else []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                texts += [(_action_key(parser.prog, choice), choice.help) for choice in action._choices_actions if choice.help]
            elif action.help not in (None, argparse.SUPPRESS) and action.option_strings not in (["-h", "--help"], ["--version"]):
                texts.append((_action_key(parser.prog, action), action.help))
        for key, english in texts:
            for language in CHINESE:
                said = _help(key, language, english)
                if said is None or said == english:
                    missing.append(f"{key} ({language}): {english}")
    assert missing == []


def test_english_help_and_errors_stay_argparse_s_own(capsys):
    """Without --language nothing changes: the hidden --language of a command group is not listed, no Chinese."""
    code, out, _ = _exit(capsys, "--help")
    assert code == 0 and out.startswith("usage: reedesk [-h] [--version] COMMAND ...\n")
    assert "positional arguments:" in out and "show this help message and exit" in out and "--language" not in out
    assert re.search(r"[\u4e00-\u9fff]", out) is None
    code, out, _ = _exit(capsys, "audit", "--help")
    assert code == 0 and out.startswith("usage: reedesk audit [-h] ACTION ...\n")
    code, out, _ = _exit(capsys, "audit", "checkpoint", "--help", "--language", "en")
    assert code == 0 and "  --out FILE       where to write the checkpoint note\n" in out
    assert re.search(r"[\u4e00-\u9fff]", out) is None


@pytest.mark.parametrize("language", CHINESE)
def test_a_group_without_its_action_prints_its_help_in_chinese_and_exits_2(capsys, language):
    code, out, err = _exit(capsys, "audit", "--language", language)
    assert code == 2 and out.startswith("用法：reedesk audit")
    assert {"zh-Hant": "防篡改", "zh-Hans": "防篡改"}[language] not in out  # (the group's line is in its parent's list)
    assert {"zh-Hant": "寫出最新的已簽署檢查點", "zh-Hans": "写出最新的已签署检查点"}[language] in out
    _chinese_lines(out, language)


def test_chinese_lines_are_wrapped_to_the_terminal_s_columns(capsys, monkeypatch):
    """argparse counts characters; a Chinese character takes two columns, so the help is wrapped by columns."""
    import unicodedata

    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = _exit(capsys, "export", "--help", "--language", "zh-Hant")
    assert code == 0
    widths = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in out.splitlines()]
    assert max(widths) <= 60, out
    assert "沒有價值成分比例時不新增" in out.replace("\n", "").replace(" ", "")


def test_json_stays_machine_readable_and_the_same_with_language(capsys):
    code, english, _ = _exit(capsys, "rules", "list", "--json")
    code2, chinese, _ = _exit(capsys, "rules", "list", "--json", "--language", "zh-Hant")
    assert code == code2 == 0 and json.loads(english) == json.loads(chinese) and english == chinese


def test_every_cli_entry_of_the_catalogue_has_three_texts_the_same_placeholders_and_clean_chinese():
    """[cli.*], [argparse.*], [cli_help.*]: en, zh-Hant and zh-Hans each, one line, the same {placeholders} in all three
    (a Chinese text never drops or invents a value; argparse's {type} excepted), and Chinese that passes the language
    rules on its own."""
    import string
    import tomllib

    from reedesk.resources import resource

    with resource("vocabulary", "messages.toml").open("rb") as handle:
        catalogue = tomllib.load(handle)
    checked = 0
    for section in ("cli", "argparse", "cli_help"):
        for code, entry in catalogue[section].items():
            assert set(entry) == {"en", "zh-Hant", "zh-Hans"}, (section, code)
            fields = [{name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name} for lang in ("en", "zh-Hant", "zh-Hans")]
            # the same values; only argparse's {type} (a Python function's name, e.g. "int") and an outcome's {code}
            # (the English line prints it beside the name; Chinese names it only: no internal codes) are left out
            assert fields[1] == fields[2] and fields[0] - fields[1] <= {"type", "code"} and fields[1] <= fields[0], (section, code, fields)
            for language in CHINESE:
                text = entry[language]
                assert "\n" not in text and text != entry["en"], (section, code)  # said, not left in English
                assert problems(text, language) == [], (section, code, language, text)
            checked += 1
    assert checked > 300

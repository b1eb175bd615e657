"""The guide's rule for Chinese output, without the code-span allowance of tests/language_check.py.

tests/language_check.py lets a parenthesised snake_case code through (``需申请许可（license_required）``): the
desk once printed outcome codes beside their names. The guide says "no English or internal codes in Chinese
output", so here a human line in Chinese fails on
- anything :func:`tests.language_check.problems` finds (English words, bare snake_case, Simplified characters
  in zh-Hant);
- a code in parentheses (``（license_required）``, ``(pdf_signature_intact)``, ``（rare_earth_metal）``);
- a bare field path (``shipment.end_user.country``, ``components[0].value``, ``exchange_rates[CNY->USD]``);
- ASCII ``: ; , ( )`` beside a Chinese character (the catalogue writes ``：；，（）`` in Chinese sentences).

What the user typed or a file is called is passed as ``names``; texts that come from elsewhere (the rule texts
pack, which is released and not edited here) are passed as ``foreign`` and cut out before checking.
"""

from __future__ import annotations

import re
from typing import Iterable

from tests.language_check import problems

HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
CODE_IN_PARENS = re.compile(r"[(（]\s*[a-z][a-z0-9]*(?:_[a-z0-9]+)+\s*[)）]")
FIELD_PATH = re.compile(r"(?<![\w./-])[a-z][a-z_]*(?:\[[^\]\s]*\])?(?:\.[a-z][a-z_]*(?:\[[^\]\s]*\])?)+(?![\w/-])"
                        r"|(?<![\w./-])[a-z][a-z_]*\[(?:\d+|[A-Z]{3}->[A-Z]{3})\]")
ASCII_BESIDE_HAN = re.compile(rf"{HAN}\s*[:;,()]|[;,()]\s*{HAN}|(?<!\d)[:]\s*{HAN}")
FILE_NAME = re.compile(r"[\w./~-]+\.(?:pdf|json|toml|csv|xlsx|txt|zip|pem)\b|/[\w./-]+")


def strict_problems(text: str, language: str, names: Iterable[str] = (), foreign: Iterable[str] = ()) -> list[str]:
    """Every breach in one Chinese ``text``; [] for English."""
    if language == "en":
        return []
    text = re.sub(r"\(&[A-Z]\)", " ", text)  # a menu mnemonic, "檔案(&F)", as Qt writes it
    for part in sorted({f for f in foreign if f}, key=len, reverse=True):
        text = text.replace(part, " ")
    names = [n for n in names if n]
    text = FILE_NAME.sub(" ", text)  # paths and file names are as the file system spells them
    found = [str(p) for p in problems(text, language, names)]
    body = text
    for name in sorted(set(names), key=len, reverse=True):  # whole words: "magnet" is no allowance for "(rare_earth_…_magnet)"
        body = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", " ", body)
    body = re.sub(r"「[^」]*」", " ", body)  # quoted as written
    found += [f"code: {m.group(0)!r} in {text!r}" for m in CODE_IN_PARENS.finditer(body)]
    found += [f"field path: {m.group(0)!r} in {text!r}" for m in FIELD_PATH.finditer(body)]
    found += [f"ASCII punctuation: {m.group(0)!r} in {text!r}" for m in ASCII_BESIDE_HAN.finditer(body)]
    return found


def lines_problems(output: str, language: str, names: Iterable[str] = (), foreign: Iterable[str] = ()) -> list[str]:
    """:func:`strict_problems` of every non-empty line of ``output``."""
    names, foreign = list(names), list(foreign)
    return [p for line in output.splitlines() if line.strip() for p in strict_problems(line, language, names, foreign)]

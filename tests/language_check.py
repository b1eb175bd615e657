"""The language rules of reedesk's Chinese output, as a checker the language test applies.

A Chinese text (zh-Hant or zh-Hans) breaks the rules when it carries
- an English word outside a short allow-list: units, ISO currency and country codes,
  control codes (1C904, 2B902.c), chemical element symbols, rule identifiers
  (cn-mofcom-2025-061:I(1)), a few names of standards (PDF, SHA-256, UTC), of cited
  foreign law (EAR, 15 CFR) and of software the reader is told to use (pdfsig), hex
  digests, commands given literally (reedesk verify PACK.pdf --trust FINGERPRINT),
  keyboard shortcuts, and the names the user typed (passed in as ``names``; a 「quoted」
  part of one counts too);
- a snake_case code outside a parenthesised code span such as ``(license_required)``;
- (zh-Hant only) a Simplified-only character outside a quotation of the legal text in
  「」 — the Chinese legal texts are quoted as published, in Simplified script.

A character is Simplified-only when OpenCC's Simplified→Traditional table changes it
(``s2t(c) != c``), except the few whose Simplified form is also the standard Traditional
one (台灣, 公里, 核准, 若干: Taiwan's Ministry of Education standard forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

# Units and symbols (lower and upper case as written).
UNITS = {"kg", "g", "t", "mg", "nm", "mm", "cm", "m", "km", "ppm", "wt", "h", "min", "s"}
# ISO 4217 codes the desk shows.
CURRENCIES = {"CNY", "USD", "EUR", "JPY", "HKD", "TWD", "KRW", "VND", "GBP", "CHF", "SGD", "AUD", "CAD", "RMB", "MYR", "THB", "INR"}
# ISO 3166-1 alpha-2: any two capitals are accepted as a country code (JP, US, CN, VN...).
COUNTRY = re.compile(r"^[A-Z]{2}$")
# Names of standards and formats a Chinese reader sees verbatim in official texts too.
# Names of cited foreign law (the US Export Administration Regulations, 15 CFR) are cited as published.
LAW = {"EAR", "CFR", "de", "minimis"}  # and the Latin "de minimis", glossed after its Chinese name
# Software a reader is told to use, by its own name.
SOFTWARE = {"Adobe", "Acrobat", "poppler", "pdfsig", "pdfdetach", "Python", "pip",
            "SQLite", "PostgreSQL", "psycopg", "Windows", "macOS", "Linux", "Kerberos", "MIT"}  # product and licence names
STANDARDS = {"PDF", "SHA", "JSON", "PAdES", "CMS", "RFC", "ECDSA", "Ed25519", "Ed", "P", "X", "HS", "ID", "CSV", "XLSX",
             "AI", "PDF/A", "reedesk", "reedesk-rules", "OK",
             "UTC", "ISO", "TOML", "MIME", "DSSE"}
ELEMENTS = set(
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr "
    "Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir "
    "Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U".split()
)
# Characters s2t changes although they are standard Traditional forms.
TRADITIONAL_TOO = set("台里准干占余征云于")

CONTROL_CODE = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*(?:[–-][a-z0-9](?![A-Za-z0-9]))?")  # 1C904, 2B902.c, 2B902.a–z
RULE_ID = re.compile(r"\bcn-[a-z0-9-]+(?::[A-Za-z0-9().\-]+)?")
# A parenthesised machine code: snake_case, or a field path such as (product.control_code).
# An open point's id in parentheses, e.g. (no61-part1-scope), is a code span too.
CODE_SPAN = re.compile(r"[(（][a-z0-9]+(?:[_.\-][a-z0-9]+|\[\d+\])+[)）]")
# One-word machine values (outcomes such as "suspended") are code spans too when parenthesised.
ONE_WORD_CODES = {"suspended", "prohibited"}
ONE_WORD_SPAN = re.compile(r"[(（](" + "|".join(sorted(ONE_WORD_CODES)) + r")[)）]")
SNAKE = re.compile(r"\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")
HEX = re.compile(r"\b[0-9a-fA-F]{8,}\b")
# Key fingerprints (947B-E9F6-FF74-63C6) and document ids (RD-3865-6759-A657-8138).
FINGERPRINT = re.compile(r"\b(?:RD-)?[0-9A-F]{4}(?:-[0-9A-F]{4}){3,}\b")
TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
QUOTE = re.compile(r"「[^」]*」")
# A command the reader types, given literally: reedesk verify PACK.pdf --trust FINGERPRINT; pip install reedesk.
COMMAND = re.compile(r"\b(?:reedesk|pip)(?: [a-z][a-z-]*)+(?: [A-Z][A-Za-z.]*| --[a-z-]+(?: [A-Z]+)?)*|(?<![\w-])--[a-z][a-z-]*")
# Keyboard shortcuts (Ctrl+Shift+Z), mnemonics ("(&S)"), file patterns (*.pdf) and {placeholders} of a template.
SHORTCUT = re.compile(r"\b(?:Ctrl|Shift|Alt|Meta)(?:\+(?:Ctrl|Shift|Alt|Meta))*\+(?:[A-Z0-9]\b|(?:Delete|Del|Up|Down|Left|Right|"
                      r"Home|End|PgUp|PgDown|Return|Enter|Esc|Tab|Backspace|F\d{1,2})\b|[,.;/])")  # keys as printed on keys
# What the reader types or reads literally: environment variables (REEDESK_HOME, %LOCALAPPDATA%, $XDG_DATA_HOME),
# folder paths (~/.local/share/reedesk) and an extra's install spec ('reedesk[team]').
LITERAL = re.compile(r"~/Library/Application Support/[^\s，。；：）)]*|%[A-Z_]+%[^\s，。；：）)]*|\$[A-Z_]+[^\s，。；：）)]*"
                     r"|~/[^\s，。；：）)（]*|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|'reedesk\[[a-z]+\]'"
                     r"|\b\d+\.\d+\.\d+(?:\.dev\d+|a\d+|b\d+|rc\d+)?\b")  # a version number (PEP 440), e.g. 0.2.0.dev0
TEMPLATE = re.compile(r"\{[a-z_0-9]*\}|\(&[A-Z]\)|\*\.[a-z][a-z.-]*")


@dataclass(frozen=True)
class Problem:
    kind: str  # "english", "snake_case", "simplified"
    found: str
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.found!r} in {self.text!r}"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4096)
def simplified_only(ch: str) -> bool:
    """True when OpenCC's s2t table changes ``ch`` and it is not also a standard Traditional form."""
    return ch not in TRADITIONAL_TOO and _s2t().convert(ch) != ch


def _without(text: str, names: Iterable[str]) -> str:
    """``text`` without the user's own words: whole names, and 「quotations」 of part of one."""
    # Numbers the user typed (28, 6.50) need no allowance and would cut timestamps apart.
    names = sorted({n for n in names if n and len(n) > 1 and not re.fullmatch(r"[\d.,:%\- ]+", n)}, key=len, reverse=True)
    for name in names:  # whole words only: the component id "C2" is not inside a document id RD-C2E0-…
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", " ", text)
    folded = [n.casefold() for n in names]
    return QUOTE.sub(lambda m: " " if any(m.group(0)[1:-1].casefold() in n for n in folded) else m.group(0), text)


def _allowed_word(word: str) -> bool:
    w = word.strip("'-")
    if not w:
        return True
    if w in UNITS or w in CURRENCIES or w in STANDARDS or w in LAW or w in SOFTWARE or w in ELEMENTS or COUNTRY.match(w):
        return True
    # element pairs like Sm-Co, Nd-Fe-B
    return all(part in ELEMENTS for part in w.split("-") if part)


def problems(text: str, language: str, names: Iterable[str] = ()) -> list[Problem]:
    """Every breach of the language rules in one Chinese ``text`` (``names``: user-entered strings)."""
    if language == "en" or not text:
        return []
    found: list[Problem] = []
    body = _without(text, names)
    if language == "zh-Hant":
        plain = QUOTE.sub(lambda m: " " * len(m.group(0)), body)
        # In context (OpenCC's phrase tables): 下游 stays 下游 though 游 alone would become 遊.
        converted = _s2t().convert(plain)
        same_length = len(converted) == len(plain)
        for i, ch in enumerate(plain):
            if "\u4e00" <= ch <= "\u9fff" and simplified_only(ch) and (not same_length or converted[i] != ch):
                found.append(Problem("simplified", ch, text))
    rest = QUOTE.sub(" ", body)
    rest = TEMPLATE.sub(" ", SHORTCUT.sub(" ", COMMAND.sub(" ", LITERAL.sub(" ", rest))))
    rest = TIMESTAMP.sub(" ", rest)
    rest = CODE_SPAN.sub(" ", rest)  # before rule ids: (rule-pack-cn-mofcom-2025-061-2026.3.toml) is one code span
    rest = RULE_ID.sub(" ", rest)
    rest = ONE_WORD_SPAN.sub(" ", rest)
    for m in SNAKE.finditer(rest):
        found.append(Problem("snake_case", m.group(0), text))
    rest = SNAKE.sub(" ", rest)
    rest = HEX.sub(" ", FINGERPRINT.sub(" ", rest))
    rest = CONTROL_CODE.sub(" ", rest)
    for m in WORD.finditer(rest):
        if not _allowed_word(m.group(0)):
            found.append(Problem("english", m.group(0), text))
    return found


def names_in(value: object) -> set[str]:
    """Every string inside a dossier document (the names and descriptions the user typed)."""
    out: set[str] = set()
    if isinstance(value, str):
        if not re.fullmatch(r"[a-z0-9_]+|[A-Z]{2,3}", value):  # codes (categories, countries) are not names
            out.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            out |= names_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            out |= names_in(v)
    return out

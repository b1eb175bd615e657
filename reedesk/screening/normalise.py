"""Name normalisation for screening: two spellings of one company compare equal.

Why each step: lists and dossiers write the same firm as ``Lockheed Martin Corp.``,
``LOCKHEED MARTIN CORPORATION`` or with full-width letters pasted from a Chinese
document; legal-form suffixes (Inc., Co., Ltd., GmbH, 有限公司, 株式会社) say
nothing about *who* the party is and would otherwise dominate short names.
Traditional↔Simplified Chinese is not converted (lists may carry both as aliases).
"""

from __future__ import annotations

import re
import unicodedata

# Legal-form words, removed at the end (and "the" at the start) of a Latin name.
LATIN_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited", "llc", "lc",
    "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "kk", "pte", "pty", "oy", "ab", "as", "asa", "jsc", "pjsc", "ojsc", "ooo", "zao", "sdn", "bhd",
})
# Legal forms in Chinese and Japanese names (longest first), removed at either end of a token.
CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "株式會社", "集团公司", "集團公司", "公司")
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^\w]+|_+")


def _strip_cjk(token: str) -> str:
    if token.isascii():  # the CJK legal forms are not ASCII: skip the loop for Latin words
        return token
    changed = True
    while changed and token:
        changed = False
        for suffix in CJK_SUFFIXES:
            if token.endswith(suffix):
                token, changed = token[: -len(suffix)], True
            elif token.startswith(suffix):
                token, changed = token[len(suffix):], True
    return token


def name_tokens(name: str) -> list[str]:
    """The significant words of ``name``: NFKC (full-width → ASCII), case-folded,
    ``&`` read as ``and``, dots and apostrophes dropped (``L.L.C.`` → ``llc``),
    other punctuation as spaces, legal-form words removed from the end."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("&", " and ").replace(".", "")
    text = _APOSTROPHES.sub("", text)
    tokens = [_strip_cjk(t) for t in _NOT_WORD.sub(" ", text).split()]
    tokens = [t for t in tokens if t]
    while len(tokens) > 1 and tokens[-1] in LATIN_SUFFIXES:
        tokens.pop()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens.pop(0)
    if len(tokens) == 1 and tokens[0] in LATIN_SUFFIXES:
        return []
    return tokens


def normalise_name(name: str) -> str:
    """``name_tokens`` joined by single spaces; empty when nothing significant is left."""
    return " ".join(name_tokens(name))

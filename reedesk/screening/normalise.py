"""Name normalisation for screening: two spellings of one company compare equal.

Why each step: lists and dossiers write the same firm as ``Lockheed Martin Corp.``,
``LOCKHEED MARTIN CORPORATION`` or with full-width letters pasted from a Chinese
document; legal-form suffixes (Inc., Co., Ltd., GmbH, 有限公司, 株式会社) say
nothing about *who* the party is and would otherwise dominate short names.

Once screening decides outcomes, a missed name is a false clearance, so names are
also compared across scripts:

* Traditional and Simplified Chinese are the same name: every Han character is
  converted to Simplified (OpenCC ``t2s``) before comparing, so 三菱重工海事系統
  and 三菱重工海事系统 normalise alike;
* a Chinese name written in pinyin (``Sanling Zaochuan``) is found through the
  *pinyin key* (:func:`pinyin_key`): the toneless pinyin of the Chinese name with
  spaces, punctuation and legal forms removed, compared against the Latin name
  with the same treatment — in both directions;
* common English abbreviations are read as the word (``Intl`` → international,
  ``Tech`` → technology, ``Grp`` → group) and "group" is a legal-form word at the
  end, as 集团 is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Legal-form words, removed at the end (and "the" at the start) of a Latin name.
LATIN_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited", "llc", "lc",
    "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "kk", "pte", "pty", "oy", "ab", "as", "asa", "jsc", "pjsc", "ojsc", "ooo", "zao", "sdn", "bhd",
    "group", "holdings",
})
# Abbreviations read as the word they stand for (applied to every token before the suffixes).
ABBREVIATIONS = {
    "intl": "international", "tech": "technology", "techs": "technologies",
    "technol": "technology", "grp": "group", "mfg": "manufacturing", "engg": "engineering",
    "sys": "systems", "hldgs": "holdings", "hldg": "holdings", "holding": "holdings", "natl": "national",
    "svcs": "services", "svc": "services", "mgmt": "management", "assoc": "associates", "bros": "brothers",
    "dept": "department", "univ": "university", "inst": "institute", "inds": "industries",
    "industry": "industries", "chem": "chemical", "pharm": "pharmaceutical",
}
# Legal forms in Chinese and Japanese names (longest first), removed at either end of a token;
# Simplified only, because names are converted to Simplified first.
CJK_SUFFIXES = (
    "股份有限公司", "有限责任公司", "集团有限公司", "控股有限公司", "集团股份公司", "有限公司", "株式会社",
    "集团公司", "股份公司", "合同会社", "有限会社", "集团", "公司",
)
# The same legal forms in toneless pinyin (a pinyin key has no spaces), longest first.
PINYIN_SUFFIXES = (
    "jituanyouxiangongsi", "kongguyouxiangongsi", "gufenyouxiangongsi", "youxianzerengongsi",
    "jituangufengongsi", "youxiangongsi", "zhushihuishe", "jituangongsi", "gufengongsi", "hetonghuishe",
    "youxianhuishe", "jituan", "gongsi",
)
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^\w]+|_+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def has_han(text: str) -> bool:
    """True when ``text`` contains a Chinese (Han) character."""
    return bool(_HAN.search(text))


def to_simplified(text: str) -> str:
    """Traditional → Simplified (OpenCC ``t2s``); ASCII text is returned as is."""
    return text if text.isascii() else _t2s().convert(text)


def to_traditional(text: str) -> str:
    """Simplified → Traditional (OpenCC ``s2t``), for zh-Hant display of list names."""
    return text if text.isascii() else _s2t().convert(text)


def _strip_cjk(token: str) -> str:
    if token.isascii():  # the CJK legal forms are not ASCII: skip the loop for Latin words
        return token
    changed = True
    while changed and token:
        changed = False
        if token in CJK_SUFFIXES:
            return ""
        for suffix in CJK_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix):
                token, changed = token[: -len(suffix)], True
            elif token.startswith(suffix) and len(token) > len(suffix):
                token, changed = token[len(suffix):], True
    return "" if token in CJK_SUFFIXES else token


def _expand(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        out.extend(ABBREVIATIONS.get(t, t).split())
    return out


def name_tokens(name: str) -> list[str]:
    """The significant words of ``name``: NFKC (full-width → ASCII), case-folded,
    Traditional Chinese as Simplified, ``&`` read as ``and``, dots and apostrophes
    dropped (``L.L.C.`` → ``llc``), other punctuation as spaces, abbreviations
    expanded, legal-form words removed from the end (Chinese ones at either end)."""
    text = to_simplified(unicodedata.normalize("NFKC", name).casefold())
    text = text.replace("&", " and ").replace(".", "")
    text = _APOSTROPHES.sub("", text)
    tokens = _expand(_NOT_WORD.sub(" ", text).split())
    tokens = [_strip_cjk(t) for t in tokens]
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


def _strip_pinyin(key: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in PINYIN_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 3:
                key, changed = key[: -len(suffix)], True
    return key


def pinyin_key(name: str) -> str:
    """The name as one run of toneless pinyin/Latin letters: Han characters as pinyin
    (pypinyin), everything else as :func:`normalise_name` leaves it, spaces removed,
    pinyin legal forms (youxiangongsi, jituan, zhushihuishe …) removed from the end.

    ``三菱造船株式會社`` and ``Sanling Zaochuan Zhushi Huishe`` both give ``sanlingzaochuan``."""
    normal = normalise_name(name)
    if not normal:
        return ""
    if has_han(normal):
        from pypinyin import Style, lazy_pinyin

        normal = "".join(lazy_pinyin(normal, style=Style.NORMAL, errors="default"))
    key = re.sub(r"[^0-9a-z]+", "", unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode().lower())
    return _strip_pinyin(key)

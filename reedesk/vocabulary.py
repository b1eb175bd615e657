"""reedesk's vocabulary: every code the desk shows, named once, in three languages.

Why one module: the same outcome used to be named three ways (GUI, PDF, CLI), the
languages were defined five times and ``zh`` meant Traditional in one module and
Simplified in another. Here each kind of code (outcomes, item categories, technology
stages, end uses, list kinds, list measures, languages, audit actions, signature
meanings) has ONE table in ``resources/vocabulary/catalogue.toml`` with its English,
Traditional and Simplified names; countries and currencies are named by CLDR (Babel).
The GUI, the CLI, the evidence pack and the rule engine's sentences read from here.

Core module: no Qt. Contract C2 (``/tmp/team/CONTRACTS.md``).
"""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Mapping

from reedesk.resources import resource

if TYPE_CHECKING:  # pragma: no cover
    from reedesk.errors import ReedeskError

LANGUAGES: tuple[str, ...] = ("en", "zh-Hant", "zh-Hans")
"""The languages of every user-visible text: English, Traditional Chinese, Simplified Chinese."""

Text = dict[str, str]

# Kinds kept in the catalogue file, and the two named by CLDR.
CATALOGUE_KINDS = ("outcome", "item_category", "technology_stage", "end_use", "scope", "comparison", "list_kind",
                   "list_measure", "language", "audit_action", "signature_meaning", "audit_entity", "audit_actor")
CLDR_KINDS = ("country", "currency")
KINDS = CATALOGUE_KINDS + CLDR_KINDS

# Language tags people and systems write, folded (lower case, "-" for "_") → our tag.
# A bare "zh" is mapped explicitly, here only: Traditional Chinese, the desk's default Chinese
# (the evidence pack has always read it so). Every module normalises through this table.
_LANGUAGE_ALIASES = {
    "en": "en", "en-gb": "en", "en-us": "en", "english": "en",
    "zh": "zh-Hant",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "zh-hant-tw": "zh-Hant",
    "zh-hant-hk": "zh-Hant", "zht": "zh-Hant", "traditional": "zh-Hant",
    "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-hans-cn": "zh-Hans", "zh-hans-sg": "zh-Hans",
    "zhs": "zh-Hans", "simplified": "zh-Hans",
}
_BABEL_LOCALE = {"en": "en", "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans"}


class UnknownLanguage(ValueError):
    """A language tag reedesk has no texts for (a ValueError so argparse and Qt callers can catch it)."""


def normalise_language(language: str) -> str:
    """``en``, ``zh-Hant`` or ``zh-Hans`` for a tag such as ``zh-TW``, ``zh_CN``, ``en-GB``, ``zh-Hant``.

    A bare ``zh`` means Traditional Chinese (documented in docs/languages.md); anything
    else is refused with a sentence naming the three languages.
    """
    if language in LANGUAGES:
        return language
    folded = str(language).strip().replace("_", "-").lower()
    found = _LANGUAGE_ALIASES.get(folded)
    if found is None:
        from reedesk.errors import ReedeskError

        err = ReedeskError(f"Language {language!r} is not available; use one of {', '.join(LANGUAGES)}.")
        err.code, err.params = "unknown_language", {"language": str(language), "languages": ", ".join(LANGUAGES)}
        raise err
    return found


# ---------------------------------------------------------------- the catalogue

@lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, dict[str, Any]]]:
    with resource("vocabulary", "catalogue.toml").open("rb") as handle:
        return tomllib.load(handle)


def codes(kind: str) -> tuple[str, ...]:
    """Every code of a catalogue ``kind``, in display order."""
    if kind in CLDR_KINDS:
        return tuple(code for code, _ in _cldr_table(kind, "en"))
    return tuple(_kind(kind))


def _kind(kind: str) -> dict[str, dict[str, Any]]:
    try:
        return _catalogue()[kind]
    except KeyError:
        raise KeyError(f"no vocabulary kind {kind!r}; known kinds: {', '.join(KINDS)}") from None


def _signature_code(code: str) -> str:
    """Signature meanings are recorded as their English words ("Prepared by"); accept those as codes."""
    table = _kind("signature_meaning")
    if code in table:
        return code
    for key, entry in table.items():
        if entry["en"].casefold() == code.strip().casefold():
            return key
    return code


def known(kind: str, code: str | None) -> bool:
    """Whether ``code`` is in the vocabulary of ``kind``."""
    if code is None:
        return False
    if kind in CLDR_KINDS:
        return _cldr_name(kind, code, "en") is not None
    if kind == "signature_meaning":
        code = _signature_code(code)
    return code in _kind(kind)


def label(kind: str, code: str | None, language: str = "en") -> str:
    """The display name of ``code`` in ``language`` ("Licence required", "需申請許可", "需申请许可").

    An unknown code is shown as recorded (so nothing is ever hidden); ``None`` is "(not stated)".
    """
    language = normalise_language(language)
    if code is None or code == "":
        return _NOT_STATED[language]
    code = str(code)
    if kind in CLDR_KINDS:
        return _cldr_name(kind, code, language) or code
    if kind == "signature_meaning":
        code = _signature_code(code)
    entry = _kind(kind).get(code)
    return str(entry[language]) if entry else code


def code_in_text(kind: str, code: Any, language: str = "en") -> Any:
    """A country or currency code as a reader's text in ``language`` writes it: in Chinese by its catalogue name
    (「台湾」, 「美元」: the guide's "no codes in Chinese output"), in English the ISO code the user typed. A value that
    is no known code (None, a typo) is returned as it is, so the caller shows it as recorded. The one naming of the
    evidence pack's pages, the window's determination panel and the CLI (the rule texts carry their own copy of
    these names: reedesk-texts-4's ``[names]``, so a stored text cannot change)."""
    language = normalise_language(language)
    if language == "en" or not isinstance(code, str) or not known(kind, code):
        return code
    return label(kind, code, language)


def amount_text(amount: Any, currency: Any, language: str = "en") -> str:
    """An amount with its currency: "3500.00 USD" in English, 「3500.00美元」 in Chinese (the amount as stored,
    never re-rounded); a currency the catalogue does not know stays a code after a space."""
    named = code_in_text("currency", currency, language)
    if named != currency:
        return f"{amount}{named}"
    return f"{amount} {currency or ''}".strip()


def labels(kind: str, code: str | None) -> Text:
    """The display names of ``code`` in the three languages."""
    return {lang: label(kind, code, lang) for lang in LANGUAGES}


def in_sentence(kind: str, code: str | None, language: str = "en") -> str:
    """The name used inside a sentence: in English lower-case ("Outcome: licence required.") unless the
    catalogue gives a ``sentence`` form, or the name starts with an acronym ("AI R&D …"); Chinese as displayed."""
    language = normalise_language(language)
    if code is None or code == "":
        return _NOT_STATED[language]
    text = label(kind, code, language)
    if language != "en" or kind in CLDR_KINDS:
        return text
    entry = _kind(kind).get(str(code))
    if entry and "sentence" in entry:
        return str(entry["sentence"])
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def sentence_labels(kind: str, code: str | None) -> Text:
    """:func:`in_sentence` in the three languages (the rule engine's ``Text`` dicts)."""
    return {lang: in_sentence(kind, code, lang) for lang in LANGUAGES}


def choices(kind: str, language: str = "en") -> list[tuple[str, str]]:
    """``(code, label)`` pairs in display order, for drop-downs (countries and currencies sorted by name)."""
    language = normalise_language(language)
    if kind in CLDR_KINDS:
        return _cldr_table(kind, language)
    return [(code, str(entry[language])) for code, entry in _kind(kind).items()]


def autonym(language: str) -> str:
    """A language's name in its own script ("English", "繁體中文", "简体中文"), for a language switcher."""
    language = normalise_language(language)
    return label("language", language, language)


def _fold(text: str) -> str:
    """Case, width and punctuation folded, so "RARE EARTH METAL", "rare-earth metal" and "rare_earth_metal" meet."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().strip()
    return re.sub(r"[\s_\-—–,.，、()（）]+", " ", text).strip()


# Hints a user may type for a country or currency that CLDR does not give as a name.
_CLDR_HINTS = {
    "currency": {"rmb": "CNY", "yuan": "CNY", "renminbi": "CNY", "元": "CNY", "人民币": "CNY", "人民幣": "CNY",
                 "ntd": "TWD", "nt$": "TWD", "us$": "USD", "dollar": "USD", "美元": "USD", "美金": "USD",
                 "euro": "EUR", "欧元": "EUR", "歐元": "EUR", "yen": "JPY", "日元": "JPY", "日圓": "JPY", "円": "JPY",
                 "港币": "HKD", "港幣": "HKD", "hk$": "HKD", "won": "KRW", "韩元": "KRW", "韓元": "KRW", "dong": "VND"},
    "country": {"china": "CN", "prc": "CN", "mainland china": "CN", "中国": "CN", "中國": "CN", "中国大陆": "CN",
                "usa": "US", "united states of america": "US", "america": "US", "美国": "US", "美國": "US",
                "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "korea": "KR", "south korea": "KR",
                "台湾": "TW", "臺灣": "TW", "taiwan": "TW", "hong kong": "HK", "香港": "HK", "macau": "MO", "澳门": "MO",
                "澳門": "MO", "viet nam": "VN", "holland": "NL", "russia": "RU"},
}


def parse_choice(kind: str, typed: str | None, language: str = "en") -> str | None:
    """The code a user means by ``typed``: the code itself (any case), its name in any language, or a hint
    ("RMB" → "CNY", "China"/"中国" → "CN", "magnet" → "rare_earth_permanent_magnet"); None if nothing fits."""
    if typed is None or not str(typed).strip():
        return None
    raw = str(typed).strip()
    folded = _fold(raw)
    if kind in CLDR_KINDS:
        upper = raw.upper()
        if _cldr_name(kind, upper, "en") is not None and re.fullmatch(r"[A-Z]{2,3}", upper):
            return upper
        hint = _CLDR_HINTS[kind].get(raw.casefold()) or _CLDR_HINTS[kind].get(folded)
        if hint:
            return hint
        for lang in (normalise_language(language), *LANGUAGES):
            for code, name in _cldr_table(kind, lang):
                if _fold(name) == folded:
                    return code
        return None
    table = _kind(kind)
    for code, entry in table.items():
        if _fold(code) == folded:
            return code
    for code, entry in table.items():
        names = [entry[lang] for lang in LANGUAGES] + [entry.get("sentence", "")] + list(entry.get("hints", ()))
        if any(name and _fold(name) == folded for name in names):
            return code
    return None


# ---------------------------------------------------------------- countries and currencies (CLDR via Babel)

@lru_cache(maxsize=8)
def _cldr_table(kind: str, language: str) -> list[tuple[str, str]]:
    """(code, name) of every ISO country (alpha-2) or active currency, sorted by name in ``language``."""
    from babel import Locale

    locale = Locale.parse(_BABEL_LOCALE[normalise_language(language)])
    if kind == "country":
        names = {c: n for c, n in locale.territories.items() if re.fullmatch(r"[A-Z]{2}", c) and c not in ("ZZ", "XA", "XB")}
        from reedesk.domain.codes import is_country

        names = {c: n for c, n in names.items() if is_country(c)}
    else:
        from reedesk.domain.codes import is_currency

        names = {c: n for c, n in locale.currencies.items() if is_currency(c)}
    if language == "en":
        key = lambda item: _fold(item[1])  # noqa: E731
    else:
        from pypinyin import lazy_pinyin

        key = lambda item: " ".join(lazy_pinyin(item[1]))  # noqa: E731  (Chinese sorted by pinyin)
    return sorted(names.items(), key=key)


@lru_cache(maxsize=2048)
def _cldr_name(kind: str, code: str, language: str) -> str | None:
    from babel import Locale

    locale = Locale.parse(_BABEL_LOCALE[normalise_language(language)])
    table = locale.territories if kind == "country" else locale.currencies
    return table.get(str(code).upper()) if re.fullmatch(r"[A-Za-z]{2,3}", str(code)) else None


_NOT_STATED = {"en": "(not stated)", "zh-Hant": "（未說明）", "zh-Hans": "（未说明）"}


def without_codes(text: str, language: str, kinds: tuple[str, ...] = ("outcome",)) -> str:
    """``text`` without a code in parentheses after its name ("需申请许可（license_required）" → "需申请许可") in
    Chinese, for sentences written elsewhere that still carry one (the evidence verifier's cover check); English
    as it is. Only the codes of ``kinds`` are removed, so a name or a file in parentheses stays."""
    if normalise_language(language) == "en" or not text:
        return text
    known_codes = "|".join(sorted((re.escape(c) for kind in kinds for c in codes(kind)), key=len, reverse=True))
    return re.sub(rf"\s*[（(](?:{known_codes})[）)]", "", text)


# ---------------------------------------------------------------- reasons reedesk writes into the audit trail

# Reasons reedesk itself records (English, as stored: the trail is never rewritten), said in the reader's language by
# the window's catalogue (resources/translations/<language>.json), so the CLI's audit log and the window's audit view
# name them alike; a reason a person typed is shown as typed.
SYSTEM_REASONS = frozenset({"desk head-signing key created with the desk", "archived in the desktop app",
                            "restored in the desktop app", "rotated in the desktop app", "deleted in the desktop app"})
_IMPORTED = re.compile(r"^imported from (?P<source>.+)$")
_SCREENED = re.compile(r"^screened (?P<q>['\"])(?P<name>.*)(?P=q) against (?P<lists>\d+) lists: (?P<hits>\d+) hits, "
                       r"(?P<decided>\d+) decided now, (?P<open>\d+) undecided$")


@lru_cache(maxsize=3)
def _window_texts(language: str) -> dict[str, str]:
    import json

    if language == "en":
        return {}
    return json.loads(resource("translations", f"{language}.json").read_text(encoding="utf-8"))


def recorded_reason(reason: Any, language: str = "en") -> str:
    """An audit event's recorded reason in ``language`` when reedesk wrote it ("imported from a.json" →
    "导入自a.json"); a reason a person typed, as typed."""
    language = normalise_language(language)
    text = "" if reason is None else str(reason)
    said = _window_texts(language)

    def tr(english: str) -> str:
        return said.get(english) or english

    if text in SYSTEM_REASONS:
        return tr(text)
    from reedesk.audit.reasons import said_in  # a team desk's reasons, by messages.toml's [audit_reason.*] (EVID8)

    team = said_in(text, language)
    if team is not None:
        return team
    m = _IMPORTED.match(text)
    if m:
        source = m.group("source")
        return tr("imported from {source}").format(source=tr(source) if source == "the bundled samples" else source)
    m = _SCREENED.match(text)
    if m:
        return tr("screened {name} against {lists} lists: {hits} hits, {decided} decided now, {open} undecided").format(
            name=tr("“{name}”").format(name=m.group("name")), lists=m.group("lists"), hits=m.group("hits"),
            decided=m.group("decided"), open=m.group("open"))
    return text


# ---------------------------------------------------------------- errors and progress messages

@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, dict[str, str]]]:
    """The whole of messages.toml, parsed at once: for code that walks whole sections (tests, language
    checks). Saying one message goes through :func:`_entry`, which parses only that entry."""
    with resource("vocabulary", "messages.toml").open("rb") as handle:
        return tomllib.load(handle)


class MessageEntryError(ValueError):
    """An entry of messages.toml that does not parse: the sentence names the file, the entry and its line."""


# messages.toml is ~150 KB of ~600 ``[section.code]`` tables and a process says a few dozen of them: tomllib over
# the whole file cost 16-19 ms CPU in every process that said one message (issue 13). So the file is indexed by
# its table headers in one regex pass (over the bytes: the text is mostly Chinese, which makes str patterns
# ~3x slower) and an entry is parsed from its own slice on first use. Slicing at header lines is exact only for
# the file's layout, which :meth:`_MessageIndex._spans` checks first: every line starting with "[" is such a
# header (no [[array]], [a], [a.b.c], quoted key or header comment the pattern would miss), no multi-line string
# (whose text could hold a "[x.y]" line), nothing but comments before the first header, no header twice.
# Otherwise the whole file is parsed, as before (always right, only slower).
_LINE_BRACKET = re.compile(rb"\n[ \t]*\[(?:([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\][ \t]*\r?$)?", re.M)
_PREAMBLE = re.compile(rb"(?:[ \t]*(?:#[^\n]*)?\r?\n)*")  # blank and comment lines only
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


class _MessageIndex:
    """``(section, code)`` → that entry's slice of the file, parsed on first use and kept."""

    def __init__(self, data: bytes, name: str = "resources/vocabulary/messages.toml"):
        self.data, self.name = b"\n" + data, name  # a newline first: the first line is found like the others
        self.spans: dict[tuple[bytes, bytes], int] | None = None  # header → its position in ``starts``
        self.starts: list[int] = []  # where each header's line starts, then the end of the data
        self._parsed: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._whole: dict[str, dict[str, dict[str, Any]]] | None = None
        self._index()

    def _index(self) -> None:
        """The headers' positions, or ``spans`` None when the layout does not make slicing exact."""
        data, spans, starts = self.data, {}, self.starts
        if b'"""' in data or b"'''" in data:
            return
        for match in _LINE_BRACKET.finditer(data):  # one pass; no match objects kept (fewer collections)
            key = match.group(1, 2)
            if key[0] is None or key in spans:
                return  # a "[" line that is no [section.code] header, or a header twice (the whole parse refuses it)
            spans[key] = len(starts)
            starts.append(match.start() + 1)
        if not starts or _PREAMBLE.fullmatch(data, 1, starts[0]) is None:
            return
        starts.append(len(data))
        self.spans = spans

    def keys(self) -> list[tuple[str, str]]:
        """Every ``(section, code)`` the index found, in the file's order."""
        return [(section.decode(), code.decode()) for section, code in self.spans or ()]

    def whole(self) -> dict[str, dict[str, dict[str, Any]]]:
        if self._whole is None:
            self._whole = tomllib.loads(self.data.decode("utf-8"))
        return self._whole

    def entry(self, section: str, code: str) -> dict[str, Any] | None:
        """The entry ``[section.code]`` ({"en": …, "zh-Hant": …, "zh-Hans": …}), or None if the file has none."""
        if self.spans is None:
            return self.whole().get(section, {}).get(code)
        if not isinstance(section, str) or not isinstance(code, str):
            return None  # as the whole parse's dict lookup gave for a code that is no string
        key = (section, code)
        if key not in self._parsed:
            at = self.spans.get((section.encode(), code.encode()))
            self._parsed[key] = None if at is None else self._parse(section, code, *self.starts[at:at + 2])
        return self._parsed[key]

    def _parse(self, section: str, code: str, start: int, end: int) -> dict[str, Any]:
        try:
            return tomllib.loads(self.data[start:end].decode("utf-8"))[section][code]
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            first = self.data.count(b"\n", 0, start)  # the header's line in the file (the data starts with "\n")
            said = _TOML_LINE.sub(lambda m: f"(line {first + int(m.group(1)) - 1}, column {m.group(2)})", str(exc))
            raise MessageEntryError(f"{self.name}: entry [{section}.{code}] at line {first} does not parse: "
                                    f"{said}.") from None


@lru_cache(maxsize=1)
def _message_index() -> _MessageIndex:
    return _MessageIndex(resource("vocabulary", "messages.toml").read_bytes())


def _entry(section: str, code: str) -> dict[str, Any] | None:
    """One entry of messages.toml, parsed on first use (:class:`_MessageIndex`)."""
    return _message_index().entry(section, code)


class _Lenient(dict):
    """Format values: a missing parameter shows as its {name} rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(template: str, params: Mapping[str, Any]) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format_map(_Lenient({k: v for k, v in params.items() if k in names}))


def message(section: str, code: str, params: Mapping[str, Any], language: str = "en") -> str | None:
    """The text of ``code`` in ``section`` ("error", "progress", "reason") in ``language``, or None if unknown."""
    language = normalise_language(language)
    entry = _entry(section, code)
    if not entry:
        return None
    # a parameter may itself be said in three languages ({"en": …, "zh-Hant": …, "zh-Hans": …}) or be Coded
    return _format(str(entry.get(language) or entry["en"]), _params_in(params, language))


# Bill-of-materials CSV columns → the bill-of-materials table's columns in the window (reedesk.field_labels).
_BOM_COLUMNS = {"line_id": "id", "value": "value.amount", "currency": "value.currency", "origin": "origin",
                "category": "category", "elements": "elements", "description": "description"}


def field_label(name: str, language: str = "en") -> str:
    """A field or BOM column as the window labels it ("Currency", "幣種"); an unknown name as written."""
    own = message("field", name, {}, language)
    if own:
        return own
    from reedesk import field_labels

    if name in _BOM_COLUMNS:
        columns = field_labels.TABLES["components"][1]
        text = columns.get(_BOM_COLUMNS[name])
        if text:
            return text[normalise_language(language)]
    return field_labels.label(name, language)


_ITEM = {"en": "{place}, item {number}", "zh-Hant": "{place}第 {number} 項", "zh-Hans": "{place}第 {number} 项"}


def path_place(path: str, language: str = "en", *, detail: bool = False) -> str:
    """A dossier document's JSON path as the window names it: ``exchange_rates[1].rate`` → "Exchange rates,
    row 2: Rate" (rows counted from 1, as in the table's margin); "" for the whole document (``$``). A path
    with no name on screen is shown as written (in Chinese inside 「」, as a quotation of the file). ``detail``: as
    :func:`reedesk.field_labels.label` (a file problem's place; never a stored determination's words)."""
    from reedesk import field_labels

    language = normalise_language(language)
    if path in ("", "$"):
        return ""
    shown = field_labels.label(path, language, detail=detail)
    if shown != path:
        return shown
    own = message("field", path, {}, language)
    if own:
        return own
    nested = re.fullmatch(r"([a-z_]+)\[(\d+)\]\.([a-z_.]+)", path)  # entries[2].country, items[0].control_code
    if nested:
        table, inner = path_place(nested.group(1), language, detail=detail), path_place(nested.group(3), language, detail=detail)
        if "「" not in table + inner and table != nested.group(1) and inner != nested.group(3):
            row = _ITEM[language].format(place=table, number=int(nested.group(2)) + 1)
            return f"{row}: {inner}" if language == "en" else f"{row}：{inner}"
    item = re.fullmatch(r"(.+)\[(\d+)\]", path)
    if item:
        parent = path_place(item.group(1), language, detail=detail)
        if parent and parent != item.group(1) and "「" not in parent:
            return _ITEM[language].format(place=parent, number=int(item.group(2)) + 1)
    return path if language == "en" else f"「{path}」"


def problem_text(problem: Any, language: str = "en") -> str:
    """One problem of a refused input in ``language``: where (file, row as numbered on screen, field label)
    and what (its ``code`` and ``params``); the English ``where: message`` when it carries no code."""
    language = normalise_language(language)
    params = dict(getattr(problem, "params", None) or {})
    code = getattr(problem, "code", "")
    what = message("problem", code, params, language) if code else None
    if what is not None and "path" in params and "row" not in params:
        # a dossier (or licence) file's problem: the place as the window shows it, then its JSON path, as
        # FORMATS.md has every problem name it ("Bill of materials, row 3: Value (components[2].value.amount)").
        # Only when the problem is located by that path (``where`` is it, or ``a.json`` and it): the editor's
        # problems are located by their label on screen (reedesk.gui.editor), where no JSON is in sight.
        if language == "en":
            what = problem.message
        where = ", " if language == "en" else "，"
        path = str(params["path"])
        place = path_place(path, language, detail=True)
        if str(getattr(problem, "where", path)).endswith(path) and place not in ("", path, f"「{path}」"):
            place = message("where", "path_named", {"place": place, "path": path}, language) or f"{place} ({path})"
        parts = [str(p) for p in (params.get("file"), place) if p]
        sep = ": " if language == "en" else "："
        return f"{where.join(parts)}{sep}{what}" if parts else what
    if language == "en" or what is None:
        return str(problem)
    if "row" in params and "file" in params and "column_number" in params:
        where = message("where", "row_column", params, language) or problem.where
    elif "row" in params and "file" in params and not params.get("column"):
        where = message("where", "row_only", params, language) or problem.where
    elif "row" in params and "file" in params:
        column = str(params.get("column", ""))
        field = f"{field_label(column, language)}（「{column}」）" if column and field_label(column, language) != column else column
        where = message("where", "row", {**params, "field": field}, language) or problem.where
    elif "key" in params:  # a rule pack's TOML key path (reedesk.rules.pack_errors), quoted as the file writes it
        where = "" if params["key"] in ("", "$") else f"「{params['key']}」"
    else:
        where = problem.where
    sep = "：" if language != "en" else ": "
    return f"{where}{sep}{what}" if where else what


def refused_source(files: list[str], language: str = "en") -> str:
    """How a refused import of several files is named ("the import of 2 files (a.json, b.csv)")."""
    names = ", ".join(files[:5]) + (", …" if len(files) > 5 else "")
    return message("where", "files", {"count": len(files), "names": names}, language) or names


def error_text(err: "ReedeskError | BaseException", language: str = "en") -> str:
    """The sentence of ``err`` in ``language``: the catalogue's text for its ``code`` and ``params``, else
    its English message (a code without a translation yet is never hidden, only left in English)."""
    language = normalise_language(language)
    code = getattr(err, "code", None)
    params = dict(getattr(err, "params", None) or {})
    problems = getattr(err, "problems", None)
    files = params.get("files")
    if language != "en" and isinstance(files, list) and len(files) > 1:
        params["source"] = refused_source(files, language)
    if problems is not None and language != "en":
        sep = "；"
        shown = sep.join(problem_text(p, language) for p in problems[:20])
        more = len(problems) - 20
        if more > 0:
            shown += message("error", "and_more", {"count": more}, language) or f" (+{more})"
        params["problems"] = shown
    if language != "en" and code:
        entry = _entry("error", code) or {}
        wanted = {name for _, name, _, _ in string.Formatter().parse(str(entry.get("en", ""))) if name}
        # an error made by hand with only its English sentence (no params) is shown as written, not with holes
        if entry and wanted <= set(params):
            text = message("error", code, params, language)
            if text is not None:
                return text
    return str(err)


def progress_text(code: str, params: Mapping[str, Any] | None = None, language: str = "en") -> str:
    """A service's progress message ("Evaluating dossiers (3 of 12)") in ``language``."""
    text = message("progress", code, params or {}, language)
    return text if text is not None else code


class ProgressMessage(str):
    """A progress message as services report it: the English text (what the CLI prints, so existing
    ``progress(percent, message)`` callbacks keep working) that also carries its ``code`` and ``params``,
    so the window shows it in its own language (:func:`localise_progress`)."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> "ProgressMessage":
        text = super().__new__(cls, progress_text(code, params, "en"))
        text.code, text.params = code, dict(params)
        return text


class Coded(str):
    """A sentence as the core writes it: its English text (so it prints, compares and joins as before),
    carrying ``section``/``code``/``params`` so :meth:`text` says it in another language.

    A parameter may itself be :class:`Coded` (a clause inside a sentence) or a dict with the three
    languages as keys; both are rendered in the language asked for."""

    section: str
    code: str
    params: dict[str, Any]

    def __new__(cls, section: str, code: str, **params: Any) -> "Coded":
        english = message(section, code, _params_in(params, "en"), "en")
        text = super().__new__(cls, english if english is not None else code)
        text.section, text.code, text.params = section, code, dict(params)
        return text

    def text(self, language: str) -> str:
        language = normalise_language(language)
        found = message(self.section, self.code, _params_in(self.params, language), language)
        return found if found is not None else str(self)


def _params_in(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    def one(value: Any) -> Any:
        if isinstance(value, Coded):
            return value.text(language)
        if isinstance(value, dict) and set(LANGUAGES) <= set(value):
            return value[language]
        return value

    return {key: one(value) for key, value in params.items()}


def text_in(value: Any, language: str) -> str:
    """``value`` in ``language`` when it is :class:`Coded`; as it is otherwise."""
    return value.text(language) if isinstance(value, Coded) else str(value)


def progress(code: str, **params: Any) -> ProgressMessage:
    """``progress("export_signing")``: a coded progress message (English as text)."""
    return ProgressMessage(code, **params)


def localise_progress(text: str, language: str) -> str:
    """A progress message in ``language`` when it carries a code; a plain string as it is."""
    code = getattr(text, "code", None)
    return progress_text(code, getattr(text, "params", {}), language) if code else text


def coded_error(err: BaseException) -> str:
    """An error's sentence kept with its code: a :class:`Coded` (English as text, ``.text(language)``) when the
    catalogue has its ``[error.<code>]`` and the error carries the parameters it uses; else its English text.
    For results that keep an error as a string (``VerificationReport.unreadable``)."""
    code = getattr(err, "code", None)
    params = dict(getattr(err, "params", None) or {})
    entry = _entry("error", code or "") or {}
    wanted = {name for _, name, _, _ in string.Formatter().parse(str(entry.get("en", ""))) if name}
    if entry and wanted <= set(params):
        said = Coded("error", str(code), **params)
        if str(said) == str(err):
            return said
    return str(err)

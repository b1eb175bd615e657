"""Message references: the sentences of a facts determination (``reedesk.determination/2``).

Why: a determination used to carry every sentence in three languages (~135 KiB for a
20-line dossier). Now each sentence is a reference ``{"t": key, "p": {params}}`` to a
template of the ``reedesk-texts`` pack (``resources/rules/texts/*.toml``, identified by
its SHA-256 in the determination's ``texts`` field), rendered only when a reader needs
prose (:func:`reedesk.rules.render.expand`). Params are plain strings or numbers, or
nested messages / trilingual texts; templates are :meth:`str.format` strings, one per
language, where ``{name[en]}`` picks a nested text's language.

:class:`Msg` is a ``dict`` holding exactly the stored form, so it serialises as such,
and it still answers ``m["en"]`` (rendered on demand) for code that composes prose.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import re
import string
import tomllib
from typing import Any, Callable, Iterator, Mapping

from reedesk.errors import ReedeskError  # render's refusal (imported once, not at each render: issue 13)

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
_ALIAS = {"en": "en", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "zh": "zh-Hans"}
TEXTS_ID = "reedesk-texts"


class TextsPack:
    """One parsed templates file: id, version, SHA-256 of its bytes and the templates."""

    def __init__(self, data: bytes, source: str) -> None:
        from reedesk.errors import Problem, ValidationFailed

        try:
            doc = tomllib.loads(data.decode("utf-8"))
            self.id = doc["pack"]["id"]
            self.version = doc["pack"]["version"]
            self.templates: dict[str, dict[str, str]] = doc["texts"]
            # reedesk-texts-4: the Chinese names of the country and currency codes the engine writes as params, in the
            # hashed file itself (not read from CLDR at render time: a Babel upgrade must not change a stored text)
            self.names: dict[str, dict[str, dict[str, str]]] = doc.get("names", {})
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
            raise ValidationFailed(source, [Problem("$", f"is not a readable texts pack ({exc})")]) from None
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.source = source
        self.major = int(str(self.version).split(".")[0]) if str(self.version).split(".")[0].isdigit() else 0

    def summary(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "sha256": self.sha256}

    def named(self, kind: str, codes: str, language: str) -> str:
        """``codes`` (an ISO ``kind`` code, or a ", "-list of them) by this pack's ``[names]`` table in ``language``,
        joined by 、; a code the table lacks is kept as it is. The one naming of the templates' ``{x:country-…}``
        specs and of :func:`zh_name`."""
        table = self.names.get(kind, {})
        return "、".join(table.get(code, {}).get(language, code) for code in codes.split(", "))

    @functools.cached_property
    def reader(self) -> "_ReaderFormatter":
        """The formatter of this pack's templates (it names codes from this pack's ``names`` tables)."""
        return _ReaderFormatter(self) if self.names else _READER


_PACKS: dict[str, TextsPack] | None = None
_CURRENT: TextsPack | None = None


def _load() -> None:
    global _PACKS, _CURRENT
    from reedesk.resources import resource

    folder = resource("rules") / "texts"
    packs = {}
    newest: TextsPack | None = None
    for path in sorted(folder.glob("*.toml")):
        pack = TextsPack(path.read_bytes(), path.name)
        packs[pack.sha256] = pack
        if newest is None or tuple(int(x) for x in pack.version.split(".")) > tuple(int(x) for x in newest.version.split(".")):
            newest = pack
    _PACKS, _CURRENT = packs, newest


def current_texts() -> TextsPack:
    """The texts pack new determinations are made with (the newest shipped version), or the one an evaluation
    in progress was given (:func:`using_texts`: a re-run of a stored document uses the texts pack it names)."""
    using = _USING.get()
    if using is not None:
        return using
    if _CURRENT is None:
        _load()
    assert _CURRENT is not None
    return _CURRENT


def newest_texts() -> TextsPack:
    """The newest shipped texts pack, whatever an evaluation in progress uses."""
    if _CURRENT is None:
        _load()
    assert _CURRENT is not None
    return _CURRENT


def texts_major(pack: TextsPack | None = None) -> int:
    """The major version of ``pack`` (default: the texts pack in use): which sentences an evaluation may write
    (``reedesk-texts-2`` has templates ``reedesk-texts-1`` has not; engine code asks before writing one)."""
    return (pack or current_texts()).major


def zh_name(kind: str, code: Any, language: str) -> Any:
    """An ISO ``kind`` code ("country" or "currency"), or a ", "-list of them, as a literal engine text in ``language``
    writes it: from reedesk-texts-4 on, a Chinese text names it by the texts pack's own ``[names]`` table (「台湾」,
    「美元」, joined by 、) — the same names as the templates' ``{x:country-zh-Hans}`` specs; with an older texts pack
    (a re-run of a stored document), or in English, the code as it was written. A code the table lacks, or a value
    that is no str, is returned as it is."""
    pack = current_texts()
    if language == "en" or pack.major < 4 or not isinstance(code, str) or not pack.names:
        return code
    return pack.named(kind, code, language)


def texts_of_version(version: str) -> TextsPack:
    """The shipped texts pack of ``version`` (the engines before 3.6.0 wrote their sentences with 1.0.0)."""
    if _PACKS is None:
        _load()
    assert _PACKS is not None
    for pack in _PACKS.values():
        if pack.version == version:
            return pack
    raise ReedeskError(f"This reedesk carries no texts pack {TEXTS_ID} {version}.")


_USING: contextvars.ContextVar[TextsPack | None] = contextvars.ContextVar("reedesk_texts_in_use", default=None)


@contextlib.contextmanager
def using_texts(pack: TextsPack | None) -> Iterator[None]:
    """Within the block (this thread or task), :func:`current_texts` is ``pack`` (None: the newest)."""
    token = _USING.set(pack)
    try:
        yield
    finally:
        _USING.reset(token)


def texts_by_sha256(sha256: str) -> TextsPack | None:
    """The shipped texts pack with these bytes, or None (the file was changed or is not shipped)."""
    if _PACKS is None:
        _load()
    assert _PACKS is not None
    return _PACKS.get(sha256)


def _labelled() -> frozenset[str]:
    return frozenset(k[len("label."):] for k in current_texts().templates if k.startswith("label."))


def _norm(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, dict)):
        return value
    return format(value, "")


class Msg(dict):
    """A message reference ``{"t": key, "p": params}``; ``m[lang]`` renders it (current templates)."""

    __slots__ = ()

    def __missing__(self, key: str) -> str:
        lang = _ALIAS.get(key)
        if lang is None:
            raise KeyError(key)
        return render(self)[lang]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in _ALIAS:
            return self[key]
        return dict.get(self, key, default)


def _register() -> None:
    from reedesk.canonical import register_plain_dict

    register_plain_dict(Msg)


_register()


_KEPT = frozenset({str, int, bool, type(None), dict, Msg})  # param types msg() keeps as they are (other dicts too)


def msg(key: str, **params: Any) -> Msg:
    """A reference to template ``key`` with ``params``."""
    # ~240 per evaluation (issue 13): filled by item, not by keywords (one dict built, not two)
    m = Msg()
    m["t"] = key
    if params:
        for name, value in params.items():  # a fresh dict from **params: normalised in place (hot path)
            if type(value) not in _KEPT and not isinstance(value, dict):
                params[name] = format(value, "")
        m["p"] = params
    return m


def msg_of(key: str, params: dict[str, Any]) -> Msg:
    """:func:`msg` ``(key, **params)`` for a params dict the caller has just built and hands over (it becomes the
    message's ``p``): the same message, without a keyword call building a second dict (issue 13: the value rule's
    working steps, ~50 per 20-line evaluation, each with 6–12 params)."""
    m = Msg()
    m["t"] = key
    if params:
        for name, value in params.items():
            if type(value) not in _KEPT and not isinstance(value, dict):
                params[name] = format(value, "")
        m["p"] = params
    return m


def is_message(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("t") if not isinstance(value, Msg) else dict.get(value, "t"), str)


Resolver = Callable[[str, Mapping[str, Any]], Mapping[str, str]]


def render(message: Mapping[str, Any], texts: TextsPack | None = None, resolve: Resolver | None = None) -> dict[str, str]:
    """The message in the three languages, from ``texts`` (default: the current pack).

    Keys starting with ``@`` are not templates: ``@join`` (``items`` joined by the
    separator template ``sep.<sep>``), ``@cap`` (``text`` with its English first letter
    upper-cased), and references into the rule packs (``@cite`` a rule's citation,
    ``@reading``, ``@unverified`` …) answered by ``resolve`` — the packs a determination
    names (:func:`reedesk.rules.render.expand`)."""
    pack = texts or current_texts()
    key = dict.get(message, "t")  # type: ignore[arg-type]
    params = dict.get(message, "p") or {}  # type: ignore[arg-type]
    if key.startswith("@"):
        if key == "@join":
            sep = pack.templates[f"sep.{params['sep']}"]
            items = [render(i, pack, resolve) if is_message(i) else i for i in params["items"]]
            return {lang: sep[lang].join(i[lang] for i in items if i[lang]) for lang in LANGUAGES}
        if key == "@cap":
            inner = render(params["text"], pack, resolve) if is_message(params["text"]) else params["text"]
            return {"en": inner["en"][:1].upper() + inner["en"][1:], "zh-Hans": inner["zh-Hans"], "zh-Hant": inner["zh-Hant"]}
        if resolve is None:
            from reedesk.rules.render import process_resolver

            resolve = process_resolver
        found = resolve(key, params)
        return {lang: found[lang] for lang in LANGUAGES}
    template = pack.templates.get(key)
    if template is None:
        raise ReedeskError(f"The texts pack {pack.id} {pack.version} has no message {key!r}.")
    values = {k: (render(v, pack, resolve) if is_message(v) else v) for k, v in params.items()}
    return {lang: (_reader(pack).vformat(template[lang], (), values) if _reader_specs(template[lang]) else template[lang].format(**values))
            for lang in LANGUAGES}


def _reader_specs(template: str) -> bool:
    """Whether ``template`` uses a :class:`_ReaderFormatter` spec (asked once per template string)."""
    found = _HAS_SPECS.get(template)
    if found is None:
        found = _HAS_SPECS[template] = _SPECS.search(template) is not None
    return found


_HAS_SPECS: dict[str, bool] = {}


class _ReaderFormatter(string.Formatter):
    """Specs a ``reedesk-texts-2`` template gives a str param, in the reader's words (none of them is a valid spec
    of a str, so no template of an older texts pack reads differently); several are joined by ``|``, applied in turn:

    - ``{name:、}``: a list joined by ", " (as the engine writes codes and ids), joined by 、 — the Chinese
      enumeration comma;
    - ``{path:place-zh-Hans}``: a dossier path (``shipment.end_user``) as the window names it (「最终用户」);
    - ``{text:readable-zh-Hans}``: each dossier path inside the text so named (``exchange_rates[0]`` → 「汇率第1行」);
    - ``{codes:fullwidth}``: ASCII parentheses as the Chinese ones (``1C904 (Tb)`` → 「1C904（Tb）」);
    - ``{ids:packs-zh-Hans}`` (reedesk-texts-3): rule pack ids (", "-list) each named by the announcement it encodes
      (「商务部公告2024年第46号」, :func:`reedesk.rules.packs.pack_name`, as audit verify's notes), joined by 、
      — :mod:`reedesk.field_labels`, the one mapping the window, the evidence pack and the concerns use;
    - ``{where:country-zh-Hans}`` / ``{cur:currency-zh-Hans}`` (reedesk-texts-4): an ISO country or currency code, or a
      ", "-list of them, each by its Chinese name (「台湾」, 「美元」) joined by 、 — the names are the texts pack's own
      ``[names.country]`` / ``[names.currency]`` tables (copied from the vocabulary catalogue, which takes them from
      CLDR; tests/rules/test_texts4_country_names.py checks they are the catalogue's), so a stored determination reads
      the same whatever Babel is installed; a code the table lacks (or a value that is no str) is shown as it is."""

    def __init__(self, pack: TextsPack | None = None) -> None:
        super().__init__()
        self.pack = pack

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec and not isinstance(value, str) and _NAMED.fullmatch(format_spec):
            return format(value, "")  # None or a number where a code was expected: as a plain template shows it
        if not isinstance(value, str) or not format_spec or not all(_SPEC.fullmatch(x) for x in format_spec.split("|")):
            return super().format_field(value, format_spec)
        from reedesk import field_labels

        for spec in format_spec.split("|"):
            if spec == "、":
                value = "、".join(value.split(", "))
            elif spec == "fullwidth":
                value = value.replace(" (", "（").replace("(", "（").replace(")", "）")
            elif spec.startswith(("country-", "currency-")):
                kind, lang = spec.split("-", 1)
                value = self.pack.named(kind, value, lang) if self.pack is not None else "、".join(value.split(", "))
            elif spec.startswith("packs-"):
                from reedesk.rules.packs import pack_name

                value = "、".join(pack_name(i)[spec[len("packs-"):]] for i in value.split(", "))
            elif spec.startswith("place-"):
                value = field_labels.label(value, spec[len("place-"):])
            else:
                value = field_labels.readable(value, spec[len("readable-"):])
        return value


_READER = _ReaderFormatter()
_SPEC = re.compile(r"、|fullwidth|(?:place|readable|packs|country|currency)-(?:en|zh-Hans|zh-Hant)")
_SPECS = re.compile(r"\{[a-z_0-9]+:(?:、|fullwidth|place-|readable-|packs-|country-|currency-)")
_NAMED = re.compile(r"(?:country|currency)-(?:en|zh-Hans|zh-Hant)")


def _reader(pack: TextsPack) -> _ReaderFormatter:
    """The formatter of ``pack``'s templates (:attr:`TextsPack.reader`)."""
    return pack.reader


def join(items: list[Any], sep: str) -> Msg:
    """Messages joined by the separator ``sep`` ("semicolon", "comma", "space", "none"); in each
    language an item that renders empty is left out."""
    return Msg(t="@join", p={"sep": sep, "items": list(items)})


def label_msg(code: str | None) -> Msg:
    """A dossier code's reader name (the texts pack's ``label.<code>``), the code itself when unknown."""
    if code is None:
        return Msg(t="label.not_stated")
    global _LABELLED
    if not _LABELLED:
        _LABELLED = _labelled()
    if code in _LABELLED:
        return Msg(t=f"label.{code}")
    return Msg(t="label.unknown", p={"code": code})


def outcome_msg(outcome: str) -> Msg:
    return Msg(t=f"outcome.{outcome}")


_LABELLED = frozenset(k[len("label."):] for k in ())  # filled on first use below

"""Screening lists as data: one file per list, with its source, parsed and checked.

A list is a ``reedesk.screeninglist/1`` document (TOML when shipped in
``resources/screening/``, canonical JSON when imported into the desk). Its
SHA-256 is taken over the canonical JSON of the parsed document, so a screening
record can name exactly which version of a list it used. Users can also import a
CSV (reedesk's own columns, or an export of the US Consolidated Screening List),
see :func:`parse_csv` and ``docs/screening.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from reedesk.domain.codes import is_country
from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import Problem, ReedeskError, ValidationFailed
from reedesk.screening.normalise import normalise_name

LIST_SCHEMA = "reedesk.screeninglist/1"
# control_list and watch_list are the lists No. 61 Art. II names (end-user policy); each listing is
# also a measure of its own (reedesk.rules.listing); the others are screened and shown.
LIST_KINDS = ("control_list", "watch_list", "unreliable_entity_list", "other")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_LIST_TEXT = ("name_en", "name_zh", "authority", "reference", "url", "note")
_ENTRY_KEYS = {"id", "name", "name_zh", "aliases", "country", "announcement", "announcement_zh", "listed_on", "source",
               "verified", "note", "ended_on", "ended_by", "ended_by_zh", "ended_source", "measures"}


@dataclass(frozen=True)
class Entry:
    """One listed party. ``names`` are every spelling to match (name, Chinese name, aliases).

    An entry has a life (RULES.md, second review): it is listed by an announcement
    (``announcement`` in English, ``announcement_zh`` as issued) on ``listed_on``
    and may end on ``ended_on`` by the announcement or notice ``ended_by`` (e.g.
    MOFCOM stopped implementing the measures against the twelve US entities of
    2025-04-09 from 2025-08-12). ``measures`` are the codes of what the listing
    does (``reedesk.screening.measures.MEASURES``); empty means the list's default."""

    id: str
    name: str
    name_zh: str | None
    aliases: tuple[str, ...]
    country: str | None
    announcement: str | None
    listed_on: str | None
    source: str | None
    verified: bool
    announcement_zh: str | None = None
    ended_on: str | None = None
    ended_by: str | None = None
    ended_by_zh: str | None = None
    ended_source: str | None = None
    measures: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.name, self.name_zh, *self.aliases) if n)

    def in_force(self, as_of: date | str | None) -> bool:
        """Listed on or before ``as_of`` and not ended on or before it (None: always)."""
        if as_of is None:
            return True
        day = as_of if isinstance(as_of, str) else as_of.isoformat()
        if self.listed_on is not None and self.listed_on > day:
            return False
        return self.ended_on is None or self.ended_on > day


@dataclass(frozen=True)
class ScreeningList:
    id: str
    kind: str
    name_en: str
    name_zh: str | None
    authority: str
    version_date: str
    reviewed_until: str | None
    entries: tuple[Entry, ...]
    document: dict[str, Any]
    sha256: str
    source: str  # "shipped" or "imported"
    measures: tuple[str, ...] = ()  # the list's default measures (an entry's own ``measures`` replace them)
    name_zh_hant: str | None = None

    def summary(self) -> dict[str, str]:
        """What a screening record keeps about the list it used."""
        return {"id": self.id, "kind": self.kind, "name_en": self.name_en, "version_date": self.version_date, "sha256": self.sha256}

    def measures_of(self, entry: Entry) -> tuple[str, ...]:
        """The entry's measures, else the list's, else what a list of this kind does."""
        from reedesk.screening.measures import KIND_DEFAULTS

        return entry.measures or self.measures or KIND_DEFAULTS.get(self.kind, ())

    def names(self) -> dict[str, str]:
        """The list's name in the three languages (zh-Hant from OpenCC when the file gives none)."""
        from reedesk.screening.normalise import to_traditional

        hans = self.name_zh or self.name_en
        return {"en": self.name_en, "zh-Hant": self.name_zh_hant or to_traditional(hans), "zh-Hans": hans}


def _day(value: Any) -> str | None:
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _plain(value: Any) -> Any:
    """TOML values as JSON-able ones (dates as ISO text), for hashing and storing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _plain_json(value: Any) -> bool:
    """True when ``value`` has no floats and only ASCII keys: then sorted-key compact JSON
    is byte-for-byte RFC 8785 (same key order, same string escapes), and the C encoder
    hashes a 15,000-entry list in milliseconds instead of seconds."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and k.isascii() and _plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_json(v) for v in value)
    return value is None or isinstance(value, (str, bool, int))


def list_sha256(document: dict[str, Any]) -> str:
    """SHA-256 of the list document's canonical (RFC 8785) JSON."""
    if _plain_json(document):
        data = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    else:
        data = canonical_bytes(document)
    return hashlib.sha256(data).hexdigest()


# The legal-form words of reedesk 0.1's normalisation: entry ids derived from names must stay what
# 0.1 derived, or decisions recorded in dossiers (matched by list id + entry id) would be lost when
# the matching normalisation learns new words ("group", abbreviations).
_ID_SUFFIXES_0_1 = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited", "llc", "lc",
    "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "kk", "pte", "pty", "oy", "ab", "as", "asa", "jsc", "pjsc", "ojsc", "ooo", "zao", "sdn", "bhd",
})


def _id_tokens(name: str) -> list[str]:
    """The ASCII words of a name as reedesk 0.1 normalised them (for ids only, never for matching)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ").replace(".", "")
    text = re.sub(r"['’`´]", "", text)
    tokens = [t for t in re.sub(r"[^\w]+|_+", " ", text).split() if t]
    tokens = [t.encode("ascii", "ignore").decode() for t in tokens]
    tokens = [t for t in tokens if t]
    while len(tokens) > 1 and tokens[-1] in _ID_SUFFIXES_0_1:
        tokens.pop()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens.pop(0)
    if len(tokens) == 1 and tokens[0] in _ID_SUFFIXES_0_1:
        return []
    return tokens


def _entry_id(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(_id_tokens(name))).strip("-")
    return slug[:60] or "entry-" + hashlib.sha256(name.encode()).hexdigest()[:12]


def _measures(value: Any, where: str, bad: Any) -> tuple[str, ...]:
    from reedesk.screening.measures import MEASURES

    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        bad(where, "must be an array of measure codes", "list_measures_array")
        return ()
    unknown = [m for m in value if m not in MEASURES]
    if unknown:
        bad(where, f"{unknown[0]!r} is not a known measure (known: {', '.join(sorted(MEASURES))})", "list_unknown_measure", text=unknown[0])
        return ()
    return tuple(value)


def parse_list_document(data: Any, source: str, *, origin: str = "shipped") -> ScreeningList:
    """Check a parsed list document; every problem is named (``entries[3].country``)."""
    problems: list[Problem] = []

    def bad(where: str, message: str, code: str = "", **params: object) -> None:
        # code/params ([problem.<code>] in messages.toml) say it in the reader's language; English as written here
        problems.append(Problem(where, message, code, {"path": where, **params} if code else {}))

    if not isinstance(data, dict):
        raise ValidationFailed(source, [Problem("$", "must be a table/object")])
    data = _plain(data)
    schema = data.get("schema")
    if schema is None:  # absent (or null in a JSON list): say so, not "found None"
        bad("schema", f"is missing; it must be {LIST_SCHEMA!r}", "format_missing", expected=LIST_SCHEMA)
    elif not isinstance(schema, str):  # schema = 1: of the wrong type, not missing
        bad("schema", f"must be the string {LIST_SCHEMA!r}", "format_not_string", expected=LIST_SCHEMA)
    elif schema != LIST_SCHEMA:
        bad("schema", f"must be {LIST_SCHEMA!r}, found {schema!r}", "wrong_format", expected=LIST_SCHEMA, found=schema)
    head = data.get("list")
    if not isinstance(head, dict):
        bad("list", "is required (a [list] table)", "list_table_required")
        head = {}
    list_id = head.get("id")
    if not isinstance(list_id, str) or not _ID.match(list_id):
        bad("list.id", f"{list_id!r} must be lower-case letters, digits and hyphens (2–63 characters)", "list_id_format", text=list_id)
    kind = head.get("kind")
    if kind not in LIST_KINDS:
        bad("list.kind", f"{kind!r} is not one of {', '.join(LIST_KINDS)}", "list_kind_unknown", text=kind)
    for key in ("name_en", "authority"):
        if _text(head.get(key)) is None:
            bad(f"list.{key}", "is required (a non-empty string)", "list_text_required")
    version_date = _day(head.get("version_date"))
    if version_date is None:
        bad("list.version_date", f"{head.get('version_date')!r} is not a date such as 2025-10-09", "list_not_date", text=head.get("version_date"))
    reviewed = head.get("reviewed_until")
    if reviewed is not None and _day(reviewed) is None:
        bad("list.reviewed_until", f"{reviewed!r} is not a date such as 2025-10-09", "list_not_date", text=reviewed)
    list_measures = _measures(head.get("measures"), "list.measures", bad)
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        bad("entries", "must be a non-empty array of tables ([[entries]])", "list_entries_required")
        raw_entries = []
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for i, e in enumerate(raw_entries):
        where = f"entries[{i}]"
        if not isinstance(e, dict):
            bad(where, "must be a table", "list_entry_table")
            continue
        for key in e:
            if key not in _ENTRY_KEYS:
                bad(f"{where}.{key}", f"is not a known entry field (known: {', '.join(sorted(_ENTRY_KEYS))})", "list_unknown_field",
                    known=", ".join(sorted(_ENTRY_KEYS)))
        name = _text(e.get("name"))
        if name is None or not normalise_name(name):
            bad(f"{where}.name", "is required and must contain a name, not only a legal form", "list_name_required")
            continue
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(_text(a) for a in aliases):
            bad(f"{where}.aliases", "must be an array of non-empty strings", "list_aliases_array")
            aliases = []
        country = e.get("country")
        if country is not None and not (isinstance(country, str) and is_country(country)):
            bad(f"{where}.country", f"{country!r} is not an ISO 3166-1 alpha-2 country code", "not_country_code", text=country)
        listed_on = e.get("listed_on")
        if listed_on is not None and _day(listed_on) is None:
            bad(f"{where}.listed_on", f"{listed_on!r} is not a date such as 2025-10-09", "list_not_date", text=listed_on)
        verified = e.get("verified", False)
        if not isinstance(verified, bool):
            bad(f"{where}.verified", "must be true or false", "must_be_boolean")
        ended_on = e.get("ended_on")
        if ended_on is not None and _day(ended_on) is None:
            bad(f"{where}.ended_on", f"{ended_on!r} is not a date such as 2025-08-12", "list_not_date", text=ended_on)
            ended_on = None
        elif ended_on is not None:
            ended_on = _day(ended_on)
            if _text(e.get("ended_by")) is None:
                bad(f"{where}.ended_by", "is required with ended_on: name the announcement or notice that ended the listing", "list_ended_by_required")
            if listed_on is not None and _day(listed_on) is not None and ended_on < _day(listed_on):
                bad(f"{where}.ended_on", f"{ended_on} is before listed_on {_day(listed_on)}", "list_ended_before_listed", ended=ended_on, listed=_day(listed_on))
        entry_measures = _measures(e.get("measures"), f"{where}.measures", bad)
        entry_id = _text(e.get("id")) or _entry_id(name)
        if entry_id in seen:
            bad(f"{where}.id", f"{entry_id!r} repeats entries[{seen[entry_id]}] (give one of them an explicit id)", "list_id_repeated", text=entry_id, other=seen[entry_id] + 1)
        seen[entry_id] = i
        entries.append(Entry(
            id=entry_id, name=name, name_zh=_text(e.get("name_zh")), aliases=tuple(a.strip() for a in aliases),
            country=country if isinstance(country, str) else None, announcement=_text(e.get("announcement")),
            listed_on=_day(listed_on) if listed_on is not None else None, source=_text(e.get("source")),
            verified=verified is True, announcement_zh=_text(e.get("announcement_zh")), ended_on=ended_on,
            ended_by=_text(e.get("ended_by")), ended_by_zh=_text(e.get("ended_by_zh")),
            ended_source=_text(e.get("ended_source")), measures=entry_measures,
        ))
    if problems:
        raise ValidationFailed(source, problems)
    sha = list_sha256(data)
    return ScreeningList(
        id=list_id, kind=kind, name_en=head["name_en"].strip(), name_zh=_text(head.get("name_zh")),
        authority=head["authority"].strip(), version_date=version_date or "", reviewed_until=_day(reviewed) if reviewed else None,
        entries=tuple(entries), document=data, sha256=sha, source=origin, measures=list_measures,
        name_zh_hant=_text(head.get("name_zh_hant")),
    )


def parse_toml_list(text: str, source: str, *, origin: str = "shipped") -> ScreeningList:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationFailed(source, [Problem("$", f"is not valid TOML ({exc})")]) from None
    return parse_list_document(data, source, origin=origin)


# ------------------------------------------------------------------------------ CSV import

# reedesk's own columns; "name" is required.
OWN_COLUMNS = ("name", "name_zh", "aliases", "country", "announcement", "announcement_zh", "listed_on", "ended_on",
               "ended_by", "ended_by_zh", "measures", "source")
# Columns of the US Consolidated Screening List CSV export that are read (others ignored).
CSL_COLUMNS = ("name", "alt_names", "source", "start_date", "federal_register_notice", "source_list_url", "addresses")
_CSL_COUNTRY = re.compile(r",\s*([A-Z]{2})\s*$")


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def parse_csv(text: str, source: str, *, list_id: str, kind: str, name_en: str, authority: str, version_date: str) -> ScreeningList:
    """A CSV list: reedesk columns (``name``, ``name_zh``, ``aliases`` separated by ``;``,
    ``country``, ``announcement``, ``announcement_zh``, ``listed_on``, ``ended_on``, ``ended_by``,
    ``ended_by_zh``, ``measures`` separated by ``;``, ``source``) or a US Consolidated Screening
    List export (recognised by its ``alt_names`` or ``federal_register_notice`` column).
    Rows are numbered as in a spreadsheet (header = row 1)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "name" not in header:
        raise ReedeskError(f"{source}: the header has no 'name' column (found: {', '.join(header) or 'nothing'}).")
    reader.fieldnames = header
    is_csl = "alt_names" in header or "federal_register_notice" in header
    entries: list[dict[str, Any]] = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise ReedeskError(f"{source}: row {number} has more cells than the header.")
        get = lambda k: (row.get(k) or "").strip()  # noqa: E731
        if not any(get(k) for k in header):
            continue
        if not get("name"):
            raise ReedeskError(f"{source}: row {number} has an empty 'name'.")
        if is_csl:
            country = _CSL_COUNTRY.search(get("addresses"))
            entry: dict[str, Any] = {"name": get("name"), "aliases": _split(get("alt_names"))}
            if country and is_country(country.group(1)):
                entry["country"] = country.group(1)
            notice = " ".join(p for p in (get("source"), get("federal_register_notice")) if p)
            if notice:
                entry["announcement"] = notice
            if _day(get("start_date")):
                entry["listed_on"] = _day(get("start_date"))
            if get("source_list_url"):
                entry["source"] = get("source_list_url")
        else:
            entry = {"name": get("name"), "aliases": _split(get("aliases"))}
            for key in ("name_zh", "country", "announcement", "announcement_zh", "listed_on", "ended_on", "ended_by",
                        "ended_by_zh", "source"):
                if get(key):
                    entry[key] = get(key).upper() if key == "country" else get(key)
            if get("measures"):
                entry["measures"] = _split(get("measures"))
        entry["id"] = f"r{number}"
        entries.append(entry)
    document = {
        "schema": LIST_SCHEMA,
        "list": {"id": list_id, "kind": kind, "name_en": name_en, "authority": authority, "version_date": version_date,
                 "reference": f"imported from {Path(source).name}"},
        "entries": entries,
    }
    try:
        return parse_list_document(document, source, origin="imported")
    except ValidationFailed as exc:
        first = exc.problems[0]
        where = first.where
        m = re.match(r"entries\[(\d+)\]\.?(.*)", where)
        if m:
            row = entries[int(m.group(1))]["id"][1:]
            field = m.group(2) or "row"
            raise ReedeskError(f"{source}: row {row}, column {field!r}: {first.message}.") from None
        raise ReedeskError(f"{source}: {where} {first.message}.") from None


def load_list_file(path: Path, *, origin: str = "shipped") -> ScreeningList:
    """A list file: ``.toml`` (reedesk format) or ``.json`` (the same document as JSON)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        try:
            return parse_list_document(json.loads(text), str(path), origin=origin)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(str(path), [Problem("$", f"is not valid JSON ({exc.msg} at line {exc.lineno})")]) from None
    return parse_toml_list(text, str(path), origin=origin)


def shipped_lists() -> list[ScreeningList]:
    from reedesk.resources import resource

    folder = resource("screening")
    return [load_list_file(p) for p in sorted(folder.glob("*.toml"))]


def check_unique(lists: Iterable[ScreeningList]) -> None:
    seen: dict[str, ScreeningList] = {}
    for lst in lists:
        if lst.id in seen:
            raise ReedeskError(f"Two screening lists have the id {lst.id!r} ({seen[lst.id].source} and {lst.source}).")
        seen[lst.id] = lst

"""Read a bill of materials (BOM) from a CSV or XLSX file into dossier components.

Why a separate reader: consultants receive BOMs as spreadsheets from their
clients' purchasing systems, not as ``reedesk.dossier/1`` JSON. The layout is
documented in ``docs/dossier-import.md`` and shipped as templates in
``resources/templates/``:

=========== ==========================================================
column      meaning
=========== ==========================================================
line_id     the line's id (unique per dossier), e.g. ``C1``
description free text; may be empty
origin      ISO 3166-1 alpha-2 country of origin, e.g. ``CN``
category    ``rare_earth_metal`` … ``other`` (FORMATS.md)
elements    chemical symbols separated by spaces, ``;`` or ``,``; ``-`` = none
value       decimal value per unit of product (quantity applied), e.g. ``6.50``
currency    ISO 4217 code, e.g. ``USD``
dossier     optional: the dossier reference the line belongs to
x_…         optional: any column whose name starts with ``x_`` is kept as is
=========== ==========================================================

Every cell except ``description`` must be filled: an empty cell is reported as
missing, and ``?`` says "still unknown" (stored as null; the rules engine then
answers ``insufficient_data``). Rows are numbered as a spreadsheet shows them
(the header is row 1). Every problem of every row is collected, then the whole
file is refused with :class:`ValidationFailed`; nothing is returned half-read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from reedesk.domain.codes import ItemCategory, is_country, is_currency, is_element
from reedesk.domain.dossier import Component, Money
from reedesk.domain.dossier_file import MAX_LINES_PER_DOSSIER, _Reader, parse_decimal_text
from reedesk.errors import Problem, ValidationFailed

REQUIRED_COLUMNS = ("line_id", "description", "origin", "category", "elements", "value", "currency")
DOSSIER_COLUMN = "dossier"
EXTRA_PREFIX = "x_"
UNKNOWN = "?"
NO_ELEMENTS = "-"
BOM_SUFFIXES = (".csv", ".xlsx")
# Bills of materials are small; anything larger is almost surely the wrong file
# (and a compressed XLSX could expand without bound).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_LINE_ID = 100
# An XLSX workbook is a zip archive whose members are inflated before parsing: a 2 MB
# "zip bomb" can declare gigabytes. Python's zipfile never inflates a member past its
# declared size, so checking the declared sizes bounds memory and time: a 100,000-row
# BOM sheet is ~40 MB unpacked, so 64 MiB in all is ample for a real BOM.
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_XLSX_MEMBERS = 1_000
MAX_COLUMNS = 200

_CATEGORIES = {c.value for c in ItemCategory}
_ELEMENT_SEPARATORS = re.compile(r"[\s;,]+")


@dataclass(frozen=True)
class BomLine:
    """One data row: where it came from, the dossier it belongs to, and the component."""

    row: int
    dossier: str
    component: Component


@dataclass(frozen=True)
class Bom:
    """A fully validated bill of materials (possibly for several dossiers)."""

    source: str
    lines: list[BomLine] = field(default_factory=list)

    def references(self) -> list[str]:
        """Target dossiers in order of first appearance."""
        return list(dict.fromkeys(line.dossier for line in self.lines))

    def components_for(self, reference: str) -> list[Component]:
        return [line.component for line in self.lines if line.dossier == reference]


# ----------------------------------------------------------------------------- raw rows


def csv_rows(data: bytes, source: str) -> list[list[Any]]:
    """Decode CSV bytes (UTF-8, optional BOM; comma, semicolon or tab separated)."""
    if data.startswith(b"PK\x03\x04"):
        raise ValidationFailed(source, [Problem.coded(source, "bom_zip")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            source, [Problem.coded(source, "bom_not_utf8", byte=exc.start)]
        ) from None
    if "\x00" in text:
        raise ValidationFailed(source, [Problem.coded(source, "bom_nul")])
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error as exc:
        raise ValidationFailed(source, [Problem.coded(source, "bom_bad_csv", detail=str(exc))]) from None


def xlsx_rows(data: bytes, source: str) -> list[list[Any]]:
    """The cells of the ``BOM`` sheet (or the first sheet) of an XLSX workbook.

    openpyxl raises many kinds of exception on damaged workbooks (zip, XML, key and
    value errors); at this boundary every one of them means "cannot be read".
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationFailed(source, [Problem.coded(source, "bom_not_xlsx")])
    _refuse_zip_bomb(data, source)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book["BOM"] if "BOM" in book.sheetnames else book.worksheets[0]
            rows: list[list[Any]] = []
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
                if len(row) > MAX_COLUMNS and not _blank(row[MAX_COLUMNS]):
                    raise ValidationFailed(
                        source, [Problem(f"{source} row {len(rows) + 1}", f"has more than {MAX_COLUMNS} columns; a BOM has {len(REQUIRED_COLUMNS)} to a few dozen")]
                    )
                rows.append(list(row[:MAX_COLUMNS]))
                if len(rows) > MAX_ROWS + 1:
                    break
        finally:
            book.close()
    except ValidationFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - third-party parser boundary, see docstring
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise ValidationFailed(source, [Problem.coded(source, "bom_xlsx_unreadable", detail=detail)]) from None
    return rows


def _refuse_zip_bomb(data: bytes, source: str) -> None:
    """Refuse a workbook whose members would unpack to more than :data:`MAX_XLSX_UNPACKED_BYTES`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationFailed(source, [Problem.coded(source, "bom_xlsx_unreadable", detail=str(exc))]) from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise ValidationFailed(source, [Problem(source, f"holds {len(members):,} archive members; an XLSX bill of materials has a few dozen")])
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ValidationFailed(source, [Problem(
            source,
            f"would unpack to {unpacked:,} bytes from {len(data):,}; a bill of materials workbook unpacks to at most "
            f"{MAX_XLSX_UNPACKED_BYTES:,} bytes (about {MAX_ROWS:,} rows), so it was not opened (a zip bomb?)",
        )])


# ----------------------------------------------------------------------------- validation


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str | None:
    """A cell as text: spreadsheets type ``C1`` as text but ``7`` as a number."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time, timedelta)):
        return value.isoformat() if not isinstance(value, timedelta) else str(value)
    return str(value).strip()


def _normalise_header(value: Any) -> str:
    text = _cell_text(value) or ""
    return re.sub(r"\s+", "_", text.strip().lower())


class _RowReader:
    """Reads one data row's cells by column name, collecting problems."""

    def __init__(self, reader: _Reader, source: str, row: int, cells: dict[str, Any]):
        self.reader = reader
        self.source = source
        self.row = row
        self.cells = cells

    def where(self, column: str) -> str:
        return f"{self.source} row {self.row}, {column}"

    def problem(self, column: str, message: str, code: str = "", **params: Any) -> None:
        """One problem in this row's ``column``; ``code``/``params`` let a front end say it in the user's
        language (reedesk.vocabulary.problem_text), naming the file, row and column as here."""
        self.reader.problems.append(Problem(self.where(column), message, code,
                                            {"file": self.source, "row": self.row, "column": column, **params}))

    def required(self, column: str) -> str | None:
        """The cell's text; a blank cell is a problem. ``?`` comes back as ``UNKNOWN``."""
        text = _cell_text(self.cells.get(column))
        if text is None:
            self.problem(column, f"is missing (write {UNKNOWN} if it is not known yet)", "cell_missing", unknown=UNKNOWN)
        return text

    def code(self, column: str, check: Any, what: str) -> str | None:
        text = self.required(column)
        if text is None or text == UNKNOWN:
            return None
        code = text.upper()
        if not check(code):
            self.problem(column, f"{text!r} is not {what}", f"not_{column}_code", text=text)
            return None
        return code

    def category(self) -> str | None:
        text = self.required("category")
        if text is None or text == UNKNOWN:
            return None
        value = text.lower()
        if value not in _CATEGORIES:
            self.problem("category", f"{text!r} is not one of {', '.join(sorted(_CATEGORIES))}", "not_category", text=text)
            return None
        return value

    def elements(self) -> list[str] | None:
        text = self.required("elements")
        if text is None or text == UNKNOWN:
            return None
        if text == NO_ELEMENTS:
            return []
        symbols: list[str] = []
        for token in _ELEMENT_SEPARATORS.split(text):
            if not token:
                continue
            symbol = token[:1].upper() + token[1:].lower()
            if not is_element(symbol):
                self.problem("elements", f"{token!r} is not a chemical symbol", "not_element", text=token)
            elif symbol not in symbols:
                symbols.append(symbol)
        return symbols

    def amount(self) -> Decimal | None:
        raw = self.cells.get("value")
        if isinstance(raw, bool) or isinstance(raw, (datetime, date, time, timedelta)):
            self.problem("value", f"{_cell_text(raw)!r} is not a number", "not_number", text=_cell_text(raw))
            return None
        if isinstance(raw, (int, float)):
            if isinstance(raw, float) and (raw != raw or raw in (float("inf"), float("-inf"))):
                self.problem("value", "is not a finite number", "not_finite")
                return None
            # A number cell: its shortest decimal form (6.5 stays 6.5, never 6.4999…).
            raw = repr(raw) if isinstance(raw, float) else str(raw)
            if "e" in raw.lower():
                raw = format(Decimal(raw), "f")
        text = self.required("value") if not isinstance(raw, str) or _blank(raw) else raw.strip()
        if text is None or text == UNKNOWN:
            return None
        if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
            self.problem("value", f"{text!r} uses a decimal comma; write it with a point, e.g. {text.replace(',', '.')}",
                         "decimal_comma", text=text, fixed=text.replace(",", "."))
            return None
        return parse_decimal_text(text, self.where("value"), self.reader, positive=False,
                                  located={"file": self.source, "row": self.row, "column": "value"})


def parse_bom_rows(rows: Sequence[Sequence[Any]], source: str, dossier_ref: str | None = None) -> Bom:
    """Validate raw rows (header first) into a :class:`Bom`, or raise listing every problem.

    ``dossier_ref`` is the target dossier when the file has no ``dossier`` column
    (``reedesk import bom.csv --dossier REF``); when it has one, every row must name
    that dossier or leave the cell empty.
    """
    reader = _Reader()
    indexed = [(number, list(row)) for number, row in enumerate(rows, start=1)]
    non_blank = [(n, row) for n, row in indexed if not all(_blank(c) for c in row)]
    if not non_blank:
        raise ValidationFailed(
            source, [Problem.coded(source, "bom_empty", columns=", ".join(REQUIRED_COLUMNS))]
        )
    header_row, header = non_blank[0]
    data_rows = non_blank[1:]
    if len(data_rows) > MAX_ROWS:
        raise ValidationFailed(source, [Problem.coded(source, "bom_too_many_rows", limit=MAX_ROWS)])

    columns: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = _normalise_header(cell)
        if not name:
            continue
        if name not in REQUIRED_COLUMNS and name != DOSSIER_COLUMN and not name.startswith(EXTRA_PREFIX):
            reader.problems.append(Problem.coded(
                f"{source} row {header_row}, column {index + 1}", "bom_unknown_column", file=source, row=header_row,
                column_number=index + 1, text=_cell_text(cell), columns=", ".join(REQUIRED_COLUMNS),
                dossier=DOSSIER_COLUMN, prefix=EXTRA_PREFIX))
            continue
        if name in seen:
            reader.problems.append(Problem.coded(f"{source} row {header_row}, column {index + 1}", "bom_column_twice",
                                                 file=source, row=header_row, column_number=index + 1, name=name))
            continue
        seen.add(name)
        columns[index] = name
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        reader.problems.append(Problem.coded(f"{source} row {header_row}", "bom_header_lacks", file=source, row=header_row,
                                             missing=", ".join(missing)))
    if reader.problems:  # without a sound header the rows cannot be read meaningfully
        raise ValidationFailed(source, reader.problems)
    if not data_rows:
        reader.problems.append(Problem.coded(source, "bom_no_rows"))
        raise ValidationFailed(source, reader.problems)
    if dossier_ref is None and DOSSIER_COLUMN not in seen:
        raise ValidationFailed(
            source,
            [Problem.coded(source, "bom_no_dossier", column=DOSSIER_COLUMN)],
        )
    _refuse_too_many_lines(source, data_rows, columns, dossier_ref)

    lines: list[BomLine] = []
    ids: dict[tuple[str, str], int] = {}
    for number, row in data_rows:
        cells: dict[str, Any] = {}
        for index, value in enumerate(row):
            name = columns.get(index)
            if name is not None:
                cells[name] = value
            elif not _blank(value):
                reader.problems.append(Problem.coded(f"{source} row {number}, column {index + 1}", "bom_cell_no_header",
                                                     file=source, row=number, column_number=index + 1, text=_cell_text(value)))
        line = _parse_line(reader, source, number, cells, dossier_ref)
        if line is None:
            continue
        key = (line.dossier, line.component.id or "")
        if key in ids:
            reader.problems.append(Problem.coded(f"{source} row {number}, line_id", "bom_id_reused", file=source, row=number,
                                                 column="line_id", id=line.component.id, other=ids[key], dossier=line.dossier))
            continue
        ids[key] = number
        lines.append(line)
    if reader.problems:
        raise ValidationFailed(source, reader.problems)
    return Bom(source=source, lines=lines)


def _refuse_too_many_lines(
    source: str, data_rows: Sequence[tuple[int, Sequence[Any]]], columns: dict[int, str], dossier_ref: str | None
) -> None:
    """Refuse, before any row is validated, a file with more than :data:`MAX_LINES_PER_DOSSIER` lines for one dossier."""
    dossier_index = next((index for index, name in columns.items() if name == DOSSIER_COLUMN), None)
    counts: dict[str | None, int] = {}
    for _number, row in data_rows:
        named = _cell_text(row[dossier_index]) if dossier_index is not None and dossier_index < len(row) else None
        key = named or dossier_ref
        counts[key] = counts.get(key, 0) + 1
    for reference, count in counts.items():
        if count > MAX_LINES_PER_DOSSIER:
            raise ValidationFailed(source, [Problem(
                source,
                f"has {count:,} lines for dossier {reference}; a dossier holds at most {MAX_LINES_PER_DOSSIER:,} "
                "bill-of-materials lines (its evidence pack lists every line, and a larger one would take many "
                "minutes to export), so the file was refused before its rows were read",
            )])


def _parse_line(reader: _Reader, source: str, number: int, cells: dict[str, Any], dossier_ref: str | None) -> BomLine | None:
    before = len(reader.problems)
    r = _RowReader(reader, source, number, cells)
    dossier = _cell_text(cells.get(DOSSIER_COLUMN))
    if dossier is None:
        dossier = dossier_ref
        if dossier is None:
            r.problem(DOSSIER_COLUMN, "is missing (name the dossier reference, or use --dossier REF)", "bom_dossier_missing")
    elif dossier_ref is not None and dossier != dossier_ref:
        r.problem(DOSSIER_COLUMN, f"names {dossier!r} but the import targets {dossier_ref!r}", "bom_dossier_other",
                  named=dossier, target=dossier_ref)
    line_id = r.required("line_id")
    if line_id == UNKNOWN:
        r.problem("line_id", f"cannot be {UNKNOWN}; every line needs an id such as C1", "bom_line_id_unknown", unknown=UNKNOWN)
    elif line_id is not None and len(line_id) > MAX_LINE_ID:
        r.problem("line_id", f"is longer than {MAX_LINE_ID} characters", "bom_line_id_long", limit=MAX_LINE_ID)
    description = _cell_text(cells.get("description"))
    origin = r.code("origin", is_country, "an ISO 3166-1 alpha-2 country code")
    category = r.category()
    elements = r.elements()
    amount = r.amount()
    currency = r.code("currency", is_currency, "an ISO 4217 currency code")
    extra = {
        name: text
        for name, value in cells.items()
        if name.startswith(EXTRA_PREFIX) and (text := _cell_text(value)) is not None
    }
    if len(reader.problems) > before or dossier is None:
        return None
    value = None if amount is None and currency is None else Money(amount=amount, currency=currency)
    component = Component(
        id=line_id, description=description, origin=origin, category=category,
        elements=elements, value=value, extra=extra,
    )
    return BomLine(row=number, dossier=dossier, component=component)


# ----------------------------------------------------------------------------- entry points


def parse_bom_csv(data: bytes, source: str, dossier_ref: str | None = None) -> Bom:
    return parse_bom_rows(csv_rows(data, source), source, dossier_ref)


def parse_bom_xlsx(data: bytes, source: str, dossier_ref: str | None = None) -> Bom:
    return parse_bom_rows(xlsx_rows(data, source), source, dossier_ref)


def parse_bom_bytes(data: bytes, source: str, suffix: str, dossier_ref: str | None = None) -> Bom:
    """Dispatch on the file type (``.csv`` or ``.xlsx``)."""
    suffix = suffix.lower()
    if suffix == ".csv":
        return parse_bom_csv(data, source, dossier_ref)
    if suffix == ".xlsx":
        return parse_bom_xlsx(data, source, dossier_ref)
    if suffix in (".xls", ".xlsm", ".ods"):
        raise ValidationFailed(source, [Problem.coded(source, "bom_old_format", suffix=suffix)])
    raise ValidationFailed(source, [Problem.coded(source, "bom_not_bom")])


def bom_to_rows(components: Iterable[Component], dossier: str | None = None) -> list[list[str]]:
    """Rows (header first) in the documented layout: the inverse of :func:`parse_bom_rows`.

    Used to write templates and to export a dossier's BOM for editing in a spreadsheet.
    """
    header = list(REQUIRED_COLUMNS) + ([DOSSIER_COLUMN] if dossier is not None else [])
    rows = [header]
    for c in components:
        def known(value: str | None) -> str:
            return UNKNOWN if value is None else value

        value = c.value
        elements = UNKNOWN if c.elements is None else (" ".join(c.elements) or NO_ELEMENTS)
        row = [
            known(c.id), c.description or "", known(c.origin), known(c.category), elements,
            UNKNOWN if value is None or value.amount is None else format(value.amount, "f"),
            UNKNOWN if value is None or value.currency is None else value.currency,
        ]
        if dossier is not None:
            row.append(dossier)
        rows.append(row)
    return rows


def read_bom_file(path: Path, dossier_ref: str | None = None) -> Bom:
    """Read and validate one BOM file from disk (size-checked)."""
    source = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationFailed(source, [Problem.coded(source, "bom_too_large", size=size, limit=MAX_FILE_BYTES)])
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(source, [Problem.coded(str(path), "file_unreadable", reason=str(exc.strerror or exc))]) from None
    return parse_bom_bytes(data, source, path.suffix, dossier_ref)

"""Hypothesis feeds malformed JSON, CSV and XLSX bytes to the importers
(reedesk/domain/dossier_file.py, reedesk/domain/bom.py): never a traceback, only
ValidationFailed, and always at least one named problem."""

from __future__ import annotations

import copy
import io
import json
from datetime import date, datetime

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reedesk.domain.bom import REQUIRED_COLUMNS, Bom, parse_bom_csv, parse_bom_xlsx
from reedesk.domain.dossier import Dossier
from reedesk.domain.dossier_file import dossier_to_document, parse_dossier, parse_dossier_json
from reedesk.errors import ValidationFailed
from tests.conftest import sample_document

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLE = sample_document("smco-magnet-vietnam")


def assert_refused_cleanly(call, source: str) -> object | None:
    """Run a parser; it may succeed, or fail with ValidationFailed naming every problem."""
    try:
        return call()
    except ValidationFailed as failed:
        assert failed.problems, "refused without naming a problem"
        for problem in failed.problems:
            assert problem.where and problem.message
        assert str(failed).startswith(source)
        return None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _paths(document, prefix=()):
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, prefix + (index,))


SAMPLE_PATHS = [p for p in _paths(SAMPLE) if p]


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_a_dossier_file(data):
    assert_refused_cleanly(lambda: parse_dossier_json(data, "fuzz.json"), "fuzz.json")


@FUZZ
@given(json_values)
def test_random_json_documents(document):
    text = json.dumps(document)
    assert_refused_cleanly(lambda: parse_dossier_json(text, "fuzz.json"), "fuzz.json")


@FUZZ
@given(st.sampled_from(SAMPLE_PATHS), json_values)
def test_a_sample_with_one_value_replaced(path, value):
    document = copy.deepcopy(SAMPLE)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    parsed = assert_refused_cleanly(lambda: parse_dossier(document, "fuzz.json"), "fuzz.json")
    if isinstance(parsed, Dossier):  # whatever is accepted can be written back and read again
        again = dossier_to_document(parsed)
        assert dossier_to_document(parse_dossier(json.loads(json.dumps(again)))) == again


# ----------------------------------------------------------------------------- CSV

good_cells = {
    "line_id": st.sampled_from(["C1", "C2", "7", "?", ""]),
    "description": st.text(max_size=12),
    "origin": st.sampled_from(["CN", "vn", "XX", "?", "", "China"]),
    "category": st.sampled_from(["rare_earth_metal", "other", "RARE_EARTH_OXIDE", "metal", "?", ""]),
    "elements": st.sampled_from(["Sm", "Nd;Dy", "nd dy", "-", "?", "Qq", ""]),
    "value": st.sampled_from(["6.50", "-1", "0", "1E+9", "6,50", "abc", "?", "", "１２"]),
    "currency": st.sampled_from(["USD", "eur", "ZZZ", "?", ""]),
}
cell_text = st.one_of(st.text(max_size=15), st.sampled_from(["", "?", "-", '"', ",", "\n", "\r", "\x00"]))


def _row(columns):
    return st.tuples(*[st.one_of(good_cells.get(c, cell_text), cell_text) for c in columns])


@st.composite
def csv_documents(draw):
    columns = list(REQUIRED_COLUMNS)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns + ["dossier", "x_note", "bogus"]))[: draw(st.integers(0, 10))]
    rows = draw(st.lists(_row(columns), max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))

    def quote(cell: str) -> str:
        if draw(st.booleans()):
            return cell  # unquoted, maybe broken on purpose
        return '"' + cell.replace('"', '""') + '"'

    lines = [delimiter.join(columns)] + [delimiter.join(quote(c) for c in row) for row in rows]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return "\n".join(lines).encode(encoding, errors="replace")


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_a_bom_csv(data):
    assert_refused_cleanly(lambda: parse_bom_csv(data, "fuzz.csv", "REF"), "fuzz.csv")


@FUZZ
@given(csv_documents(), st.sampled_from([None, "REF"]))
def test_plausible_but_malformed_bom_csv(data, target):
    bom = assert_refused_cleanly(lambda: parse_bom_csv(data, "fuzz.csv", target), "fuzz.csv")
    if isinstance(bom, Bom):
        for line in bom.lines:
            assert line.dossier and line.component.id
            if line.component.value and line.component.value.amount is not None:
                assert line.component.value.amount >= 0


# ----------------------------------------------------------------------------- XLSX

xlsx_cells = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs",)), max_size=12),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    st.builds(datetime, st.integers(1990, 2100), st.integers(1, 12), st.integers(1, 28)),
)


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "BOM"
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_XLSX = _workbook([REQUIRED_COLUMNS, ["C1", "x", "CN", "other", "Co", "1.00", "USD"]])


@FUZZ
@given(st.lists(st.tuples(*[xlsx_cells] * 7), max_size=5), st.booleans())
def test_random_cells_in_a_bom_xlsx(rows, with_header):
    data = _workbook(([REQUIRED_COLUMNS] if with_header else []) + rows)
    assert_refused_cleanly(lambda: parse_bom_xlsx(data, "fuzz.xlsx", "REF"), "fuzz.xlsx")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD_XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8), st.integers(0, len(GOOD_XLSX)))
def test_damaged_xlsx_bytes(flips, cut):
    data = bytearray(GOOD_XLSX)
    for position, value in flips:
        data[position] = value
    assert_refused_cleanly(lambda: parse_bom_xlsx(bytes(data[:cut] if cut else data), "fuzz.xlsx", "REF"), "fuzz.xlsx")


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_a_bom_xlsx(data):
    assert_refused_cleanly(lambda: parse_bom_xlsx(b"PK\x03\x04" + data, "fuzz.xlsx", "REF"), "fuzz.xlsx")

"""Bill-of-materials CSV/XLSX reader (reedesk/domain/bom.py)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reedesk.domain.bom import bom_to_rows, parse_bom_csv, parse_bom_rows, parse_bom_xlsx, read_bom_file
from reedesk.errors import ValidationFailed
from reedesk.resources import resource

HEADER = "line_id,description,origin,category,elements,value,currency"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


def xlsx_bytes(rows: list[list[object]], sheet: str = "BOM") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems_of(call) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return {p.where: p.message for p in caught.value.problems}


def test_a_good_csv_becomes_components_with_decimal_values():
    bom = parse_bom_csv(csv_bytes("C1,Samarium metal,cn,rare_earth_metal,sm,6.50,usd", "C2,Cobalt,CG,other,Co;Fe,7.20,USD"), "bom.csv", "LM-1")
    first, second = (line.component for line in bom.lines)
    assert (first.id, first.origin, first.elements, first.value.amount, first.value.currency) == ("C1", "CN", ["Sm"], Decimal("6.50"), "USD")
    assert second.elements == ["Co", "Fe"]
    assert bom.references() == ["LM-1"] and [line.row for line in bom.lines] == [2, 3]


def test_every_problem_names_file_row_and_field():
    rows = [
        "C1,ok,CN,rare_earth_metal,Sm,6.50,USD",
        "C2,negative,CN,rare_earth_metal,Sm,-3.00,USD",      # row 3
        "C3,,,rare_earth_metal,Sm,1.00,USD",                  # row 4: origin missing
        "C4,bad,XX,metal,Qq,abc,USD",                         # row 5: four problems
        "C5,ok,CN,other,-,1,USD",
        "C6,bad currency,CN,other,Co,2.00,ZZZ",               # row 7
    ]
    found = problems_of(lambda: parse_bom_csv(csv_bytes(*rows), "bom.csv", "LM-1"))
    assert set(found) == {
        "bom.csv row 3, value", "bom.csv row 4, origin", "bom.csv row 5, origin", "bom.csv row 5, category",
        "bom.csv row 5, elements", "bom.csv row 5, value", "bom.csv row 7, currency",
    }
    assert "negative" in found["bom.csv row 3, value"]
    assert "'ZZZ'" in found["bom.csv row 7, currency"]
    assert "missing" in found["bom.csv row 4, origin"]


def test_question_mark_means_unknown_and_dash_means_no_elements():
    bom = parse_bom_csv(csv_bytes("C1,,?,?,?,?,?", "C2,,DE,other,-,?,EUR"), "b.csv", "R")
    unknown, partial = (line.component for line in bom.lines)
    assert (unknown.origin, unknown.category, unknown.elements, unknown.value) == (None, None, None, None)
    assert partial.elements == [] and partial.value.amount is None and partial.value.currency == "EUR"


def test_header_problems_are_reported_before_rows():
    found = problems_of(lambda: parse_bom_csv(csv_bytes("1,2", header="line_id,valeu"), "b.csv", "R"))
    assert "b.csv row 1, column 2" in found
    assert "description, origin, category, elements, value, currency" in found["b.csv row 1"]


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (csv_bytes(), "no bill-of-materials rows"),
        (b"\xff\xfeline_id", "not UTF-8"),
        (b"PK\x03\x04rest", "zip archive"),
        (csv_bytes('C1,"unterminated'), "not well-formed CSV"),
    ],
)
def test_unusable_csv_files_are_refused_with_a_reason(data, fragment):
    with pytest.raises(ValidationFailed, match=fragment):
        parse_bom_csv(data, "b.csv", "R")


def test_decimal_commas_and_exponents_are_refused():
    found = problems_of(lambda: parse_bom_csv(csv_bytes('C1,,CN,other,Co,"6,50",USD', "C2,,CN,other,Co,1E+9,USD"), "b.csv", "R"))
    assert "6.50" in found["b.csv row 2, value"]
    assert "b.csv row 3, value" in found


def test_duplicate_line_ids_are_refused():
    found = problems_of(lambda: parse_bom_csv(csv_bytes("C1,,CN,other,Co,1,USD", "C1,,CN,other,Co,2,USD"), "b.csv", "R"))
    assert "row 2" in found["b.csv row 3, line_id"]


def test_a_dossier_column_may_target_several_dossiers():
    data = csv_bytes("C1,,CN,other,Co,1,USD,A", "C1,,CN,other,Co,2,USD,B", header=HEADER + ",dossier")
    bom = parse_bom_csv(data, "b.csv")
    assert bom.references() == ["A", "B"]
    assert bom.components_for("B")[0].value.amount == Decimal("2")


def test_without_target_the_file_is_refused():
    with pytest.raises(ValidationFailed, match="--dossier"):
        parse_bom_csv(csv_bytes("C1,,CN,other,Co,1,USD"), "b.csv")


def test_a_dossier_column_that_contradicts_the_target_is_a_problem():
    data = csv_bytes("C1,,CN,other,Co,1,USD,B", header=HEADER + ",dossier")
    found = problems_of(lambda: parse_bom_csv(data, "b.csv", "A"))
    assert "'B'" in found["b.csv row 2, dossier"]


def test_extra_columns_are_kept_and_unknown_columns_refused():
    bom = parse_bom_csv(csv_bytes("C1,,CN,other,Co,1,USD,LOT-7", header=HEADER + ",x_supplier_lot"), "b.csv", "R")
    assert bom.lines[0].component.extra == {"x_supplier_lot": "LOT-7"}
    found = problems_of(lambda: parse_bom_csv(csv_bytes("C1,,CN,other,Co,1,USD,LOT-7", header=HEADER + ",lot"), "b.csv", "R"))
    assert "unknown column 'lot'" in found["b.csv row 1, column 8"]


def test_semicolon_separated_csv_is_understood():
    data = "line_id;description;origin;category;elements;value;currency\nC1;x;CN;other;Co;1.5;USD\n".encode()
    assert parse_bom_csv(data, "b.csv", "R").lines[0].component.value.amount == Decimal("1.5")


def test_xlsx_number_cells_keep_their_decimal_value():
    data = xlsx_bytes([HEADER.split(","), [1, "x", "CN", "other", "Co", 6.5, "USD"], ["C2", None, "CN", "other", "Co", 7, "USD"]])
    bom = parse_bom_xlsx(data, "b.xlsx", "R")
    assert bom.lines[0].component.id == "1"
    assert [line.component.value.amount for line in bom.lines] == [Decimal("6.5"), Decimal("7")]


def test_xlsx_problems_name_rows_like_the_spreadsheet():
    data = xlsx_bytes([HEADER.split(","), ["C1", "x", "CN", "other", "Co", -1, "USD"], ["C2", "x", "CN", "other", "Co", True, "USD"]])
    found = problems_of(lambda: parse_bom_xlsx(data, "b.xlsx", "R"))
    assert set(found) == {"b.xlsx row 2, value", "b.xlsx row 3, value"}


def test_broken_xlsx_is_refused():
    good = xlsx_bytes([HEADER.split(",")])
    for broken in (b"not a zip", good[: len(good) // 2], good.replace(b"worksheets", b"worksheetz")):
        with pytest.raises(ValidationFailed, match="b.xlsx"):
            parse_bom_xlsx(broken, "b.xlsx", "R")


def test_wrong_file_type_is_refused(tmp_path: Path):
    path = tmp_path / "bom.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationFailed, match="save it as .xlsx"):
        read_bom_file(path, "R")


@pytest.mark.parametrize("name", ["bom-template.csv", "bom-template.xlsx"])
def test_the_templates_are_valid_boms(name):
    bom = read_bom_file(resource("templates", name), "ANY")
    assert [c.id for c in bom.components_for("ANY")] == ["C1", "C2", "C3"]


def test_rows_written_by_bom_to_rows_read_back_equal():
    bom = read_bom_file(resource("templates", "bom-template.csv"), "R")
    components = bom.components_for("R")
    again = parse_bom_rows(bom_to_rows(components), "again", "R")
    assert again.components_for("R") == components

"""Hostile bill-of-materials workbooks are refused in bounded memory and time, and the BOM line
limit is stated and enforced at import (integrity issue 10, point 14; reedesk/domain/bom.py)."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest

from reedesk.domain.bom import MAX_COLUMNS, MAX_ROWS, MAX_XLSX_UNPACKED_BYTES, REQUIRED_COLUMNS, parse_bom_xlsx
from reedesk.errors import ValidationFailed

BLOCK = b" " * (1 << 20)


def _small_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(REQUIRED_COLUMNS))
    book.active.append(["C1", "magnet", "CN", "rare_earth_metal", "Nd", "6.50", "USD"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip file from (name, raw deflate data, crc32, unpacked size) members, written by hand so a
    member can be a pre-built deflate stream far smaller than what it unpacks to."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                  len(encoded), 0, 0, 0, 0, 0, offset))
        central.write(encoded)
    start = out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central.getvalue()), start, 0))
    return out.getvalue()


def zip_bomb_workbook(megabytes: int = 2048) -> bytes:
    """A real workbook whose sheet is replaced by ~``megabytes`` MB of whitespace inside <sheetData>,
    deflated to about a thousandth of that (full flushes make every 1 MiB block compress alike)."""
    source = zipfile.ZipFile(io.BytesIO(_small_workbook()))
    members = []
    for info in source.infolist():
        content = source.read(info)
        if info.filename == "xl/worksheets/sheet1.xml":
            head, _, tail = content.partition(b"<sheetData>")
            head += b"<sheetData>"
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
            block = compressor.compress(BLOCK) + compressor.flush(zlib.Z_FULL_FLUSH)
            repeats = megabytes
            last = compressor.compress(tail) + compressor.flush()
            crc = zlib.crc32(head)
            for _ in range(repeats):
                crc = zlib.crc32(BLOCK, crc)
            crc = zlib.crc32(tail, crc)
            members.append((info.filename, first + block * repeats + last, crc, len(head) + repeats * len(BLOCK) + len(tail)))
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            members.append((info.filename, compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content)))
    return _zip(members)


def test_a_2_mb_zip_bomb_is_refused_in_bounded_memory_and_time():
    """Point 14: about 2 MB on disk, 2 GB unpacked: refused before anything is inflated, with a
    sentence naming the file, in well under a second and a few MB of memory."""
    bomb = zip_bomb_workbook(2048)
    assert len(bomb) < 2.5 * 2**20
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 2 * 2**30
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationFailed, match=r"bomb\.xlsx was refused.*would unpack to [\d,]+ bytes.*zip bomb"):
            parse_bom_xlsx(bomb, "bomb.xlsx", "R-1")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0 and peak < 32 * 2**20, (elapsed, peak)


def test_the_bomb_is_a_valid_zip_that_really_inflates():
    """The test above is not vacuous: the archive is sound (the same construction, smaller, inflates
    to every declared byte and its CRC checks); it is just enormous."""
    archive = zipfile.ZipFile(io.BytesIO(zip_bomb_workbook(200)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    with archive.open(info) as member:
        read = sum(len(chunk) for chunk in iter(lambda: member.read(64 << 20), b""))
    assert read == info.file_size > 200 * 2**20


def test_a_real_100000_row_workbook_is_within_the_unpacked_limit():
    """The limit leaves room for the largest BOM reedesk accepts (MAX_ROWS rows)."""
    row = ["C100000", "part 100000", "CN", "rare_earth_metal", "Nd Dy", "96.99", "USD"]
    book = openpyxl.Workbook()
    book.active.append(list(REQUIRED_COLUMNS))
    for _ in range(2_000):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(buffer.getvalue())).infolist())
    assert unpacked / 2_000 * MAX_ROWS < MAX_XLSX_UNPACKED_BYTES


def test_a_row_with_thousands_of_columns_is_refused_naming_the_row():
    book = openpyxl.Workbook()
    book.active.append(list(REQUIRED_COLUMNS))
    book.active.append(["C1", "magnet", "CN", "rare_earth_metal", "Nd", "6.50", "USD"] + ["x"] * (MAX_COLUMNS + 10))
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationFailed, match=rf"wide\.xlsx row 2: has more than {MAX_COLUMNS} columns"):
        parse_bom_xlsx(buffer.getvalue(), "wide.xlsx", "R-1")


def test_a_100000_line_bom_is_refused_up_front_with_the_stated_limit():
    """Point 14: the BOM line limit (MAX_LINES_PER_DOSSIER) is stated in the sentence and enforced
    before 100,000 rows are validated, so the refusal is quick."""
    from reedesk.domain.bom import MAX_LINES_PER_DOSSIER, parse_bom_csv

    lines = [",".join(REQUIRED_COLUMNS)] + [f"C{i},part,CN,other,-,1.00,USD" for i in range(100_000)]
    data = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    with pytest.raises(ValidationFailed, match=r"big\.csv was refused.*has 100,000 lines for dossier R-1; a dossier holds at most 10,000"):
        parse_bom_csv(data, "big.csv", "R-1")
    assert time.perf_counter() - started < 10.0  # no row is validated (~1 s of CSV decoding on a busy machine)
    assert MAX_LINES_PER_DOSSIER == 10_000 <= MAX_ROWS
    ok = ("\n".join(lines[: MAX_LINES_PER_DOSSIER + 1]) + "\n").encode()
    assert len(parse_bom_csv(ok, "ok.csv", "R-1").lines) == MAX_LINES_PER_DOSSIER


def test_the_limit_counts_lines_per_dossier_in_a_multi_dossier_file():
    from reedesk.domain.bom import MAX_LINES_PER_DOSSIER, parse_bom_csv

    header = ",".join((*REQUIRED_COLUMNS, "dossier"))
    rows = [f"C{i},part,CN,other,-,1.00,USD,{'A' if i % 2 else 'B'}" for i in range(MAX_LINES_PER_DOSSIER + 2)]
    assert len(parse_bom_csv(("\n".join([header, *rows]) + "\n").encode(), "two.csv").lines) == MAX_LINES_PER_DOSSIER + 2
    rows += [f"X{i},part,CN,other,-,1.00,USD,A" for i in range(MAX_LINES_PER_DOSSIER)]
    with pytest.raises(ValidationFailed, match="lines for dossier A; a dossier holds at most"):
        parse_bom_csv(("\n".join([header, *rows]) + "\n").encode(), "two.csv")


def test_a_dossier_file_cannot_bypass_the_bom_line_limit():
    """Issue 10 point 14: the 10,000-line limit holds for a dossier JSON's components too, not only for
    CSV/XLSX, refused up front with the field named (so no export runs for minutes on 100,000 lines)."""
    import pytest

    from reedesk.domain.dossier_file import MAX_LINES_PER_DOSSIER, parse_dossier
    from reedesk.errors import ValidationFailed
    from tests.conftest import sample_document

    document = sample_document("smco-magnet-vietnam")
    line = document["components"][0]
    document["components"] = [dict(line, id=f"C{i}") for i in range(MAX_LINES_PER_DOSSIER + 1)]
    with pytest.raises(ValidationFailed) as caught:
        parse_dossier(document, source="big.json")
    assert "components" in str(caught.value) and "10,000" in str(caught.value)
    document["components"] = document["components"][:MAX_LINES_PER_DOSSIER]
    assert len(parse_dossier(document).components) == MAX_LINES_PER_DOSSIER

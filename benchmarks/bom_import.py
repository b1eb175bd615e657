"""How long BOM import takes: parse a large CSV and XLSX, then store it as a revision.

Run on demand: ``python benchmarks/bom_import.py [ROWS]`` (default 10,000 rows).
Prints seconds and rows per second; no pass/fail.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from reedesk.domain.bom import REQUIRED_COLUMNS, parse_bom_csv, parse_bom_xlsx
from reedesk.services.desk import open_desk
from reedesk.services.imports import import_files, preview_import


def rows(count: int) -> list[list[str]]:
    elements = ["Nd Dy", "Sm", "Co", "Fe B", "-"]
    origins = ["CN", "VN", "JP", "DE", "US"]
    return [
        [f"C{i}", f"part {i}", origins[i % 5], "other" if i % 3 else "rare_earth_metal", elements[i % 5], f"{i % 97}.{i % 100:02d}", "USD"]
        for i in range(1, count + 1)
    ]


def timed(label: str, count: int, call) -> float:
    start = time.perf_counter()
    call()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.3f} s   {count / seconds:10,.0f} rows/s")
    return seconds


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data_rows = rows(count)
    csv_bytes = ("\n".join(",".join(r) for r in [list(REQUIRED_COLUMNS), *data_rows]) + "\n").encode()
    book = openpyxl.Workbook()
    for r in [list(REQUIRED_COLUMNS), *data_rows]:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx_bytes = buffer.getvalue()
    print(f"BOM of {count:,} rows: CSV {len(csv_bytes):,} bytes, XLSX {len(xlsx_bytes):,} bytes")
    csv_s = timed("parse CSV", count, lambda: parse_bom_csv(csv_bytes, "b.csv", "R"))
    xlsx_s = timed("parse XLSX", count, lambda: parse_bom_xlsx(xlsx_bytes, "b.xlsx", "R"))
    print(f"XLSX / CSV parse time ratio: {xlsx_s / csv_s:.1f}x")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bom.csv"
        path.write_bytes(csv_bytes)
        desk = open_desk(Path(folder) / "home")
        try:
            preview_s = timed("preview (parse + plan, no write)", count, lambda: preview_import(desk, [path], "LM-2026-0042"))
            import_s = timed("import (one unit of work)", count, lambda: import_files(desk, [path], "LM-2026-0042"))
            print(f"import / preview ratio: {import_s / preview_s:.1f}x")
        finally:
            desk.close()


if __name__ == "__main__":
    main()

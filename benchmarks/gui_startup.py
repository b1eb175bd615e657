"""GUI start-up and browser latency with a 100,000-dossier desk (run on demand).

    python benchmarks/gui_startup.py [--dossiers 100000]

1. Builds a temporary REEDESK_HOME: the schema through ``open_desk`` (migrations),
   then clients, dossiers and one revision each with raw ``executemany`` (a benchmark
   shortcut; the app itself always writes through services and the audit trail).
2. Starts a fresh Python process that opens the desk and shows the main window
   offscreen; reports wall time from process start to the window painted, split
   into imports, opening the desk and building the window. Same for a desk with
   only the four samples, and prints the ratio.
3. In that process, measures scroll latency (jump to a random row and repaint,
   which fetches one page) and filter/sort latency (search text, client, sort
   column) on the 100,000 rows.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bulk_desk import fill_desk

ROOT = Path(__file__).resolve().parent.parent


def build_home(home: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from reedesk.services.desk import open_desk

    desk = open_desk(home, seed_samples=False)
    path = desk.db.path
    desk.close()
    fill_desk(path, count, archived_every=None)


CHILD = r'''
import os, sys, time, json, random, statistics
T0 = float(sys.argv[1]); HOME = sys.argv[2]; MEASURE = sys.argv[3] == "1"
os.environ["QT_QPA_PLATFORM"] = "offscreen"; os.environ["REEDESK_HOME"] = HOME
sys.path.insert(0, sys.argv[4])
t_start = time.time()
from PySide6.QtCore import QSettings
from reedesk.gui.app import application, create_main_window
from reedesk.services.desk import open_desk
app = application()
t_import = time.time()
desk = open_desk()
t_desk = time.time()
window = create_main_window(desk, QSettings(os.path.join(HOME, "gui.ini"), QSettings.Format.IniFormat))
window.show(); app.processEvents(); window.repaint(); app.processEvents()
t_shown = time.time()
out = {"interpreter": t_start - T0, "imports": t_import - t_start, "open_desk": t_desk - t_import,
       "window": t_shown - t_desk, "total": t_shown - T0, "rows": window.browser.model.rowCount()}
if MEASURE:
    table, model = window.browser.table, window.browser.model
    rng = random.Random(7)
    def timed(action):
        t = time.perf_counter(); action(); table.viewport().repaint(); app.processEvents(); return time.perf_counter() - t
    def jump(row):
        table.scrollTo(model.index(row, 0)); table.selectRow(row)
    out["scroll_jump"] = [timed(lambda r=rng.randrange(model.rowCount()): jump(r)) for _ in range(30)]
    sb = table.verticalScrollBar()
    def step():
        sb.setValue(sb.value() + sb.pageStep())
    sb.setValue(sb.maximum() // 2)
    out["scroll_page"] = [timed(step) for _ in range(60)]
    out["filter_search"] = [timed(lambda s=s: window.browser.model.set_filter(s, None)) for s in ("BM-0999", "grade 42", "Client 0123", "")]
    out["filter_client"] = [timed(lambda: window.browser.model.set_filter("", "Client 0042 Trading Co.")), timed(lambda: window.browser.model.set_filter("", None))]
    out["sort"] = [timed(lambda c=c: model.sort(c, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.DescendingOrder)) for c in (2, 3, 5, 0)]
    out["page_loads"] = model.page_loads
window.close(); desk.close()
print("RESULT " + json.dumps(out))
'''


def run_child(home: Path, measure: bool) -> dict:
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", CHILD, repr(t0), str(home), "1" if measure else "0", str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"child failed:\n{proc.stderr[-3000:]}")
    return json.loads(line[7:])


def ms(values) -> str:
    values = values if isinstance(values, list) else [values]
    return f"median {statistics.median(values) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reedesk-bench-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        t = time.perf_counter()
        build_home(big, args.dossiers)
        print(f"built a {args.dossiers:,}-dossier desk in {time.perf_counter() - t:.1f} s "
              f"({(big / 'reedesk.sqlite3').stat().st_size / 1e6:.0f} MB)")
        sys.path.insert(0, str(ROOT))
        from reedesk.services.desk import open_desk

        open_desk(small).close()  # the four samples
        run_child(small, False)  # warm the OS file cache for the interpreter and Qt libraries
        smalls = [run_child(small, False) for _ in range(3)]
        bigs = [run_child(big, False) for _ in range(3)]
        measured = run_child(big, True)
    s = min(smalls, key=lambda r: r["total"])
    b = min(bigs, key=lambda r: r["total"])
    print("\nstart-up, process start -> main window painted (best of 3, offscreen):")
    for label, r in (("4 samples", s), (f"{b['rows']:,} dossiers", b)):
        print(f"  {label:>16}: total {r['total'] * 1000:7.0f} ms  (interpreter {r['interpreter'] * 1000:.0f}, imports "
              f"{r['imports'] * 1000:.0f}, open desk {r['open_desk'] * 1000:.0f}, window {r['window'] * 1000:.0f})")
    print(f"  ratio 100k / samples: {b['total'] / s['total']:.2f}x")
    print(f"\nbrowser latency on {measured['rows']:,} dossiers (action + repaint):")
    print(f"  jump to a random row : {ms(measured['scroll_jump'])}")
    print(f"  page down            : {ms(measured['scroll_page'])}")
    print(f"  search filter        : {ms(measured['filter_search'])}")
    print(f"  client filter        : {ms(measured['filter_client'])}")
    print(f"  sort by a column     : {ms(measured['sort'])}")
    print(f"  pages read from the database: {measured['page_loads']} (200 rows each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""GUI start-up and browser latency with a 100,000-dossier desk (run on demand).

    python benchmarks/gui_startup.py [--dossiers 100000]

1. Builds a temporary REEDESK_HOME: the schema through ``open_desk`` (migrations),
   then clients, dossiers and one revision each with raw ``executemany`` (a benchmark
   shortcut; the app itself always writes through services and the audit trail).
2. Starts a fresh Python process that starts the window as ``reedesk`` does
   (``reedesk.gui.app.open_window``) offscreen; reports wall time from process start
   to the window painted with its first page (the database stack is imported after
   that paint, see reedesk/gui/app.py) and to the desk open with the whole stack
   loaded. Same for a desk with only the four samples and for a bare PySide6 window
   (the floor), and prints the ratios. The first start of each desk (it seeds the
   samples, so it opens the desk first) is a warm-up and not counted. Children run
   with cached bytecode (benchmarks/process_env.py), as an installed app does.
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
from process_env import child_env

ROOT = Path(__file__).resolve().parent.parent


def build_home(home: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from reedesk.services.desk import open_desk

    desk = open_desk(home, seed_samples=False)
    path = desk.db.path
    desk.close()
    fill_desk(path, count, archived_every=None)


BARE_CHILD = r'''
import os, sys, time
T0 = float(sys.argv[1]); os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1200, 800)
w.show(); app.processEvents(); w.repaint(); app.processEvents()
import json; print("RESULT " + json.dumps({"total": time.time() - T0, "cpu": time.process_time()}))
'''

CHILD = r'''
import os, sys, time, json, random, statistics
T0 = float(sys.argv[1]); HOME = sys.argv[2]; MEASURE = sys.argv[3] == "1"
os.environ["QT_QPA_PLATFORM"] = "offscreen"; os.environ["REEDESK_HOME"] = HOME
sys.path.insert(0, sys.argv[4])
t_start = time.time()
CLOCK = time.time() - time.perf_counter()  # perf_counter -> wall time
from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from reedesk.gui import app as gapp
app = gapp.application()
t_app = time.time()
window = gapp.open_window(settings=QSettings(os.path.join(HOME, "gui.ini"), QSettings.Format.IniFormat))
t_built = time.time()
deadline = time.monotonic() + 120
while "ready" not in gapp.STARTED and time.monotonic() < deadline:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
painted, ready = gapp.STARTED["painted"] + CLOCK, gapp.STARTED["ready"] + CLOCK
out = {"interpreter": t_start - T0, "qt_app": t_app - t_start, "build": t_built - t_app, "paint": painted - t_built,
       "total": painted - T0, "ready": ready - T0, "deferred": type(window.desk).__name__ == "DeferredDesk",
       "cpu": gapp.STARTED["painted_cpu"],
       "rows": window.browser.model.rowCount()}
desk = window.desk
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


def run_child(home: Path | None, measure: bool) -> dict:
    t0 = time.time()
    argv = [sys.executable, "-c", BARE_CHILD, repr(t0)] if home is None else \
        [sys.executable, "-c", CHILD, repr(t0), str(home), "1" if measure else "0", str(ROOT)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=child_env())
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
        run_child(None, False)  # warm the OS file cache and the bytecode cache
        run_child(small, False), run_child(big, False)  # first starts: they seed (the desk opens first); not counted
        bares = [run_child(None, False) for _ in range(3)]
        smalls = [run_child(small, False) for _ in range(3)]
        bigs = [run_child(big, False) for _ in range(3)]
        measured = run_child(big, True)
    bare = min(r["total"] for r in bares)
    bare_cpu = min(r["cpu"] for r in bares)
    s = min(smalls, key=lambda r: r["total"])
    b = min(bigs, key=lambda r: r["total"])
    print("\nstart-up, process start -> main window painted with its first page (best of 3, offscreen):")
    print(f"  {'bare PySide6 window':>20}: total {bare * 1000:7.0f} ms, CPU {bare_cpu * 1000:.0f} ms  (the floor)")
    for label, r in (("4 samples", s), (f"{b['rows']:,} dossiers", b)):
        print(f"  {label:>20}: total {r['total'] * 1000:7.0f} ms = {r['total'] / bare:.1f}x floor  (interpreter "
              f"{r['interpreter'] * 1000:.0f}, Qt app {r['qt_app'] * 1000:.0f}, build {r['build'] * 1000:.0f}, first paint "
              f"{r['paint'] * 1000:.0f}); CPU {r['cpu'] * 1000:.0f} ms = {r['cpu'] / bare_cpu:.1f}x floor; desk open, "
              f"whole stack loaded at {r['ready'] * 1000:.0f} ms"
              f"{'' if r['deferred'] else ' (NOT deferred)'}")
    print(f"  ratio 100k / samples: {b['total'] / s['total']:.2f}x  (target: <= 600 ms at 100k)")
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

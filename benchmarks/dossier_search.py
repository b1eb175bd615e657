"""Dossier search and bulk import at 100,000 dossiers (run on demand).

    python benchmarks/dossier_search.py [--dossiers 100000] [--import 2000] [--baseline ec93367]

1. Search. Builds a temporary desk with ``--dossiers`` dossiers (schema through
   ``open_desk``; clients, dossiers and revisions with raw ``executemany`` — a
   benchmark shortcut; the FTS triggers of migration 0002 index them as they go in).
   For a few queries it times what the browser does on a filter change, the count
   plus the first page of 200 rows, two ways: *before*, the plain ``LIKE '%…%'``
   scan over reference, product and client (``use_index=False``), and *after*, the
   public ``count_dossiers`` + ``list_dossiers`` (FTS5 trigram index, then the same
   LIKE on the candidates), and ``browse_dossiers`` (count and page in one go).
   Both ways must return the same rows; the script checks it.
2. Bulk import. In a fresh process per code version, builds a desk holding
   ``--dossiers`` dossiers and as many audit events, then times ``import_dossiers``
   of ``--import`` new dossiers (one unit of work, one audit event per dossier and
   per new client). *Before* runs the code of ``--baseline`` (extracted with
   ``git archive``); *after* runs this working tree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bulk_desk import fill_desk

ROOT = Path(__file__).resolve().parent.parent
# Queries without % or _ (the old filter took them as wildcards, so results would differ).
QUERIES = ("BM-0999", "grade 42 ", "Client 0123", "batch 99999", "Trading", "magnet", "no such thing", "42", "")


def timed(fn, repeat: int = 5):
    """Median seconds of ``repeat`` runs (after one warm-up) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def search_benchmark(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, or_
    from sqlmodel import select

    from reedesk.services import dossiers
    from reedesk.services.desk import open_desk
    from reedesk.store.models import ClientRow, DossierRow

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        desk = open_desk(home, seed_samples=False)
        t = time.perf_counter()
        fill_desk(desk.db.path, count, events=False)
        print(f"built a {count:,}-dossier desk in {time.perf_counter() - t:.1f} s (FTS triggers on)")

        def original(search: str):
            """The filter as it was before migration 0002 (``ilike`` on the three columns of the join)."""
            pattern = f"%{search.strip()}%"
            query = (
                select(DossierRow.reference).join(ClientRow, ClientRow.id == DossierRow.client_id)
                .where(DossierRow.archived == False)  # noqa: E712
            )
            if search:
                query = query.where(
                    or_(DossierRow.reference.ilike(pattern), DossierRow.product_name.ilike(pattern), ClientRow.name.ilike(pattern))
                )
            with desk.db.unit_of_work() as session:
                total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
                page = list(session.exec(query.order_by(DossierRow.reference, DossierRow.id).limit(200)))
            return total, page

        def like(search: str):
            with desk.db.unit_of_work() as session:
                query = dossiers._summary_query(session, search, False, None, use_index=False)
                total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
                page = [row[1] for row in session.exec(query.order_by(DossierRow.reference, DossierRow.id).limit(200))]
            return total, page

        def fts(search: str):
            total = dossiers.count_dossiers(desk, search=search)
            return total, [s.reference for s in dossiers.list_dossiers(desk, search=search, limit=200)]

        def browse(search: str):
            page = dossiers.browse_dossiers(desk, search=search, limit=200)
            return page.total, [s.reference for s in page.rows]

        print(f"\nsearch: count + first page of 200 rows (median of 5), {count:,} dossiers, sorted by reference")
        print("  before = the ilike filter as it was; LIKE = plain LIKE scan, same semantics as now (no index);")
        print("  after = count_dossiers + list_dossiers (FTS5 trigram + client table); browse = browse_dossiers (one pass)")
        print(f"{'query':>16} {'matches':>8} {'before':>10} {'LIKE':>10} {'after':>10} {'ratio':>7} {'browse':>10} {'ratio':>7}")
        for query in QUERIES:
            t_orig, r_orig = timed(lambda: original(query))
            t_like, r_like = timed(lambda: like(query))
            t_fts, r_fts = timed(lambda: fts(query))
            t_browse, r_browse = timed(lambda: browse(query))
            if not (r_orig == r_like == r_fts == r_browse):
                raise SystemExit(f"results differ for {query!r}: before {r_orig[0]}, LIKE {r_like[0]}, FTS {r_fts[0]}, browse {r_browse[0]}")
            print(f"{query!r:>16} {r_like[0]:>8,} {t_orig * 1000:>8.1f}ms {t_like * 1000:>8.1f}ms {t_fts * 1000:>8.1f}ms "
                  f"{t_orig / t_fts:>6.1f}x {t_browse * 1000:>8.1f}ms {t_orig / t_browse:>6.1f}x")
        desk.close()


IMPORT_CHILD = r'''
import copy, json, os, sys, tempfile, time
from pathlib import Path
root, bench, existing, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, root); sys.path.insert(0, bench)
home = Path(tempfile.mkdtemp()); os.environ["REEDESK_HOME"] = str(home); os.environ.setdefault("REEDESK_ACTOR", "benchmark")
from reedesk.services.desk import open_desk
from reedesk.services import dossiers
from reedesk.domain.dossier_file import parse_dossier
from bulk_desk import fill_desk
desk = open_desk(home, seed_samples=False)
fill_desk(desk.db.path, existing, events=True)
base = json.loads(Path(root, "resources", "samples", "smco-magnet-vietnam.json").read_text())
batch = []
for i in range(n):
    d = copy.deepcopy(base); d["reference"] = f"IMP-{i:06d}"; d["client"]["name"] = f"Import Client {i % 50}"
    d["product"]["name"] = f"SmCo ring {i}"
    batch.append(parse_dossier(d))
t = time.perf_counter()
dossiers.import_dossiers(desk, batch, source="benchmark.json")
elapsed = time.perf_counter() - t
with desk.db.unit_of_work() as s:
    events = s.connection().exec_driver_sql("select count(*) from audit_event").scalar() - existing
desk.close()
print("RESULT " + json.dumps({"seconds": elapsed, "dossiers": n, "events": events}))
'''


def import_once(root: Path, existing: int, n: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(root), str(Path(__file__).resolve().parent), str(existing), str(n)],
                          capture_output=True, text=True, timeout=3600)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"import run failed for {root}:\n{proc.stderr[-3000:]}")
    return json.loads(line[7:])


def baseline_tree(revision: str, into: Path) -> Path:
    data = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into


def import_benchmark(existing: int, n: int, baseline: str) -> None:
    print(f"\nbulk import: {n:,} new dossiers in one import_dossiers call, into a desk of {existing:,} dossiers and events")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, root in (("before", baseline_tree(baseline, Path(tmp))), ("after", ROOT)):
            r = import_once(root, existing, n)
            results[label] = r
            print(f"{label:>7} ({baseline if label == 'before' else 'working tree'}): {r['seconds']:6.2f} s  "
                  f"{r['dossiers'] / r['seconds']:7.0f} dossiers/s  {r['events'] / r['seconds']:7.0f} events/s")
        print(f"  ratio: {results['before']['seconds'] / results['after']['seconds']:.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--import", dest="imports", type=int, default=2000)
    parser.add_argument("--baseline", default="ec93367", help="git revision whose code is 'before' for the import (default: before this work)")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("REEDESK_ACTOR", "benchmark")
    if not args.skip_search:
        search_benchmark(args.dossiers)
    if not args.skip_import:
        import_benchmark(args.dossiers, args.imports, args.baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

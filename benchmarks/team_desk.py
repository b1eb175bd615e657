"""Team desk figures (issue 12, "Done when"): PostgreSQL next to SQLite, in one run.

Run on demand: ``python benchmarks/team_desk.py [DOSSIERS_PER_WRITER]`` (default 100).
Needs the Debian ``postgresql`` package (initdb/pg_ctl) and psycopg: it starts its own
throwaway server exactly as tests/team/conftest.py does (fsync off there, so compare
ratios, not absolute rates). Prints, for SQLite and for PostgreSQL:

- single-writer import rate (one ``reedesk import`` process, N dossiers),
- 4-writer import rate (four processes at once, N dossiers each),
- the same single-writer import in process (one ``import_dossiers`` of 4N dossiers on an
  open desk: the storage work without the process start-up),
- ``audit verify`` events per second (in process).

Targets: 4 writers together at least as fast as one; PostgreSQL single-writer within 2x of SQLite's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from tests.team.conftest import MISSING, Server, find_pg_bin  # noqa: E402

REEDESK = str(Path(sys.executable).with_name("reedesk"))
SAMPLE = ROOT / "resources" / "samples" / "smco-magnet-vietnam.json"


def files(folder: Path, writer: int, count: int) -> list[str]:
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    out = []
    for n in range(count):
        base["reference"] = f"BENCH-{writer}-{n:04d}"
        base["client"] = {"name": f"Bench Client {n % 8}", "country": "JP"}
        path = folder / f"w{writer}-{n:04d}.json"
        path.write_text(json.dumps(base), encoding="utf-8")
        out.append(str(path))
    return out


def run_imports(home: Path, url: str | None, batches: list[list[str]]) -> float:
    env = {**os.environ, "REEDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("REEDESK_DATABASE_URL", None)
    if url:
        env["REEDESK_DATABASE_URL"] = url
    subprocess.run([REEDESK, "list"], env=env, check=True, capture_output=True)  # schema + desk key first
    start = time.perf_counter()
    runs = [subprocess.Popen([REEDESK, "import", *batch], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for batch in batches]
    for run in runs:
        if run.wait() != 0:
            raise SystemExit(run.stderr.read().decode() if run.stderr else "import failed")
    return time.perf_counter() - start


def verify_rate(home: Path, url: str | None) -> tuple[int, float]:
    if url:
        os.environ["REEDESK_DATABASE_URL"] = url
    else:
        os.environ.pop("REEDESK_DATABASE_URL", None)
    from reedesk.services import audit
    from reedesk.services.desk import open_desk

    with open_desk(home, seed_samples=False) as desk:
        start = time.perf_counter()
        report = audit.verify_audit(desk)
        seconds = time.perf_counter() - start
        assert report.ok, report
        events = audit.count_audit_events(desk)
    return events, seconds


def in_process_rate(home: Path, url: str | None, count: int) -> float:
    """Dossiers/s of one ``import_dossiers`` call on an open desk: the storage work alone,
    without a process's start-up (which is most of a short ``reedesk import`` run)."""
    if url:
        os.environ["REEDESK_DATABASE_URL"] = url
    else:
        os.environ.pop("REEDESK_DATABASE_URL", None)
    from reedesk.domain.dossier_file import parse_dossier_json
    from reedesk.services import dossiers
    from reedesk.services.desk import open_desk

    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    batch = []
    for n in range(count):
        base["reference"] = f"WARM-{n:05d}"
        base["client"] = {"name": f"Warm Client {n % 8}", "country": "JP"}
        batch.append(parse_dossier_json(json.dumps(base).encode("utf-8"), f"warm-{n}.json"))
    with open_desk(home, seed_samples=False) as desk:
        start = time.perf_counter()
        dossiers.import_dossiers(desk, batch, source="benchmark")
        return count / (time.perf_counter() - start)


def measure(label: str, url_for, per_writer: int, scratch: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    one_home, four_home = scratch / f"{label}-one", scratch / f"{label}-four"
    inputs = scratch / f"{label}-in"
    inputs.mkdir()
    batches = [files(inputs, w, per_writer) for w in range(4)]
    seconds = run_imports(one_home, url_for("one"), batches[:1])
    results["single"] = per_writer / seconds
    seconds = run_imports(four_home, url_for("four"), batches)
    results["four"] = 4 * per_writer / seconds
    results["warm"] = in_process_rate(scratch / f"{label}-warm", url_for("warm"), 4 * per_writer)
    events, seconds = verify_rate(four_home, url_for("four"))
    results["verify"] = events / seconds
    print(f"{label:<11} single writer {results['single']:8.1f} dossiers/s   4 writers {results['four']:8.1f} dossiers/s   "
          f"in process {results['warm']:8.1f} dossiers/s   audit verify {results['verify']:10,.0f} events/s ({events} events)")
    return results


def main() -> None:
    per_writer = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise SystemExit(MISSING)
    server = Server(bin_dir)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder)
            os.environ["REEDESK_CONFIG_HOME"] = str(scratch / "config")
            sqlite = measure("SQLite", lambda _name: None, per_writer, scratch)
            names = {"one": server.new_database(), "four": server.new_database(), "warm": server.new_database()}
            pg = measure("PostgreSQL", lambda name: server.url(names[name]), per_writer, scratch)
    finally:
        server.stop()
    print(f"PostgreSQL single writer / SQLite single writer: {pg['single'] / sqlite['single']:.2f} (target >= 0.5); "
          f"in process: {pg['warm'] / sqlite['warm']:.2f}")
    print(f"PostgreSQL 4 writers / 1 writer: {pg['four'] / pg['single']:.2f} (target >= 1.0)")


if __name__ == "__main__":
    main()

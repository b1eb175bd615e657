"""Speed at portfolio scale (issue 13): every row of the issue's table, each against a floor
measured in the same run, on this machine. Run on demand:

    python benchmarks/portfolio_scale.py [--quick] [--import 2000] [--events 100000] [--dossiers 100000]

For each figure it prints: the floor (the least any implementation must spend, measured
here and now), the figure, the ratio figure/floor, the target, and whether it is met.
Extra lines show the reference RFC 8785 encoder (the 0.1.0 code path) beside the C one,
and the portfolio re-evaluation (``reedesk evaluate --all``) against one-by-one evaluation.
The machine (cores, CPU model) heads the output; the machine is shared, so figures vary —
compare ratios, which share the run's conditions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rules_engine import bare, cpu_time, dossier  # noqa: E402

AS_OF = date(2026, 11, 25)
ROWS: list[tuple[str, str, str, str, str, str]] = []


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, load average {load:.1f} at start"


def row(figure: str, floor: str, now: str, ratio: float | None, target: str, met: bool | None) -> None:
    ROWS.append((figure, floor, now, "—" if ratio is None else f"{ratio:.1f}×", target,
                 "—" if met is None else ("met" if met else "NOT met")))
    print(f"  {figure}: floor {floor}; now {now}; {'' if ratio is None else f'{ratio:.1f}× floor; '}target {target}"
          f"{'' if met is None else (' — met' if met else ' — NOT met')}", flush=True)


def rate(fn: Callable[[], Any], seconds: float) -> float:
    fn()
    count, start = 0, time.perf_counter()
    while True:
        fn()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def reference_encoder():
    """Context: canonical JSON through the pure-Python rfc8785 package, as in 0.1.0."""
    import contextlib

    import rfc8785

    from reedesk.domain import dossier_file

    @contextlib.contextmanager
    def patched():
        fast = dossier_file._canonical_dumps
        dossier_file._canonical_dumps = rfc8785.dumps
        try:
            yield
        finally:
            dossier_file._canonical_dumps = fast

    return patched()


# --- 1. evaluation -------------------------------------------------------------------------
def bench_evaluation(seconds: float) -> None:
    from reedesk.rules.shape4 import stored_bytes  # the stored form: shape 4 without the attached snapshot
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs

    packs = shipped_packs()
    doc = dossier(20)
    stored = lambda: hashlib.sha256(stored_bytes(evaluate(doc, packs, AS_OF))).hexdigest()  # noqa: E731
    floor = rate(lambda: bare(doc), seconds)
    now = rate(stored, seconds)
    engine = rate(lambda: evaluate(doc, packs, AS_OF), seconds)
    with reference_encoder():
        before = rate(stored, seconds)
    size = len(stored_bytes(evaluate(doc, packs, AS_OF)))
    row("evaluate + canonical JSON + hash, 20-line dossier", f"bare Decimal rule loop {floor:,.0f}/s", f"{now:,.0f}/s",
        floor / now, "≤ 20× the bare loop", floor / now <= 20)
    print(f"    (engine alone {engine:,.0f}/s = {floor / engine:.0f}× floor; with the reference RFC 8785 encoder "
          f"{before:,.0f}/s; determination {size / 1024:.0f} KiB)")
    # CPU time (time.process_time), which other people's load on a shared machine moves far less than wall time
    cpu_floor, cpu_now = cpu_time(lambda: bare(doc), 2000), cpu_time(stored, 50)
    print(f"    (CPU time: {cpu_now * 1e3:.2f} ms per evaluation + canonical JSON + hash, bare loop {cpu_floor * 1e6:.1f} µs: "
          f"{cpu_now / cpu_floor:.0f}× floor)")


# --- 2./3. import and open -----------------------------------------------------------------
def _dossier_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        doc = dossier(20)
        doc["reference"] = f"IMP-{i:06d}"
        doc["client"] = {"name": f"Client {i % 50:02d}", "country": "VN"}
        path = folder / f"d{i:06d}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def bench_import_and_open(count: int, folder: Path):
    from reedesk.domain.dossier_file import canonical_bytes, dossier_to_document, parse_dossier_json
    from reedesk.services.desk import open_desk
    from reedesk.services.dossiers import load_dossier
    from reedesk.services.imports import import_files

    files = folder / "files"
    files.mkdir()
    paths = _dossier_files(files, count)

    def floor_import() -> None:
        con = sqlite3.connect(folder / "floor.sqlite3")
        con.execute("CREATE TABLE IF NOT EXISTS d (reference TEXT PRIMARY KEY, document TEXT, sha256 TEXT)")
        con.execute("DELETE FROM d")
        rows = []
        for path in paths:
            d = parse_dossier_json(path.read_bytes(), path.name)
            text = canonical_bytes(dossier_to_document(d))
            rows.append((d.reference, text.decode("utf-8"), hashlib.sha256(text).hexdigest()))
        con.executemany("INSERT INTO d VALUES (?, ?, ?)", rows)
        con.commit()
        con.close()

    start = time.perf_counter()
    floor_import()
    floor = time.perf_counter() - start
    desk = open_desk(folder / "desk", seed_samples=False)
    start = time.perf_counter()
    import_files(desk, paths)
    now = time.perf_counter() - start
    with reference_encoder():
        old = open_desk(folder / "desk-ref", seed_samples=False)
        start = time.perf_counter()
        import_files(old, paths)
        before = time.perf_counter() - start
        old.close()
    row(f"import {count:,} dossier files ({count * 20:,} BOM lines)", f"read + parse + canonical + executemany {floor:.2f} s",
        f"{now:.2f} s", now / floor, "≤ 3×", now / floor <= 3)
    print(f"    (with the reference RFC 8785 encoder {before:.2f} s)")

    con = sqlite3.connect(desk.db.path)
    raw = median_time(lambda: con.execute(
        "SELECT r.document FROM dossier d JOIN dossier_revision r ON r.dossier_id = d.id AND r.number = d.current_revision "
        "WHERE d.reference = ?", ("IMP-000123",)).fetchone(), 200)
    con.close()
    opened = median_time(lambda: load_dossier(desk, "IMP-000123"), 100)
    row("open a dossier with its BOM (service call)", f"raw SQL {raw * 1e6:.0f} µs", f"{opened * 1e3:.2f} ms",
        opened / raw, "≤ 0.5 ms", opened <= 0.0005)
    return desk


# --- re-evaluation of the portfolio ----------------------------------------------------------
def bench_portfolio(desk, count: int) -> None:
    from reedesk.services import batch, evaluation

    sample = min(50, count)
    start = time.perf_counter()
    for i in range(sample):
        evaluation.evaluate_reference(desk, f"IMP-{i:06d}", "2026-11-24")
    single = (time.perf_counter() - start) / sample
    result = batch.evaluate_all(desk, AS_OF)
    per = result.seconds / max(result.total, 1)
    row(f"re-evaluate the portfolio ({result.total:,} dossiers, evaluate --all)",
        f"one-by-one evaluate_reference {single * 1e3:.2f} ms/dossier", f"{per * 1e3:.2f} ms/dossier ({result.seconds:.1f} s)",
        per / single, "(no target; batch path of point 3)", None)
    if os.cpu_count() and os.cpu_count() > 1:
        result2 = batch.evaluate_all(desk, "2026-11-23", workers=2)
        print(f"    (workers=2: {result2.seconds / max(result2.total, 1) * 1e3:.2f} ms/dossier)")


# --- 4./5. export and verify -----------------------------------------------------------------
def bench_export_verify(folder: Path, repeat: int, trail_events: int = 0) -> None:
    """Export: the whole service call with the signing key already unlocked (the unlock cache the
    window keeps, services.keys.enable_unlock_cache), against the floor of an equivalent pack
    (``evidence.floor_pack``: the same pages, lines and characters in the same embedded fonts drawn
    straight onto a reportlab canvas, the PDF/A-3b parts, the associated files and one PAdES
    signature — no layout, no check). Until 16:00 UTC on 2026-12-01 the "floor" was reedesk's own
    ``build_pack`` (its whole layout): 388 ms where the floor is ~65–90 ms; it is printed apart
    now as "reedesk pages + PDF/A + PAdES". Then again after ``trail_events`` earlier audit events ("flat in trail size"). The
    scrypt unlock of a key file is a deliberate cost (>= 250 ms per passphrase guess, integrity
    issue point 12) and is printed apart: an export that asks for the passphrase adds it once."""
    from datetime import datetime, timezone

    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.reader import contents_from_pack, open_pack
    from reedesk.services.desk import open_desk
    from reedesk.services.evidence import export_pack
    from reedesk.services.keys import create_identity, enable_unlock_cache, unlock

    from evidence import PASSPHRASE, floor_pack, floor_signer, pack_text
    from evidence import dossier as evidence_dossier

    desk = open_desk(folder / "export-desk", seed_samples=False)
    identity = create_identity(desk, "Bench Signer", "Compliance officer", "Bench Magnetics", PASSPHRASE)
    start = time.perf_counter()
    key = unlock(desk, identity.key_id, PASSPHRASE)
    unlock_s = time.perf_counter() - start
    enable_unlock_cache(10)
    source = folder / "bench-20.json"
    source.write_text(json.dumps(evidence_dossier(20)), encoding="utf-8")
    out = folder / "bench-20.pdf"

    signer = floor_signer(key)
    builds: list[float] = []

    cpu: dict[str, list[float]] = {}  # CPU time of each export (time.process_time), printed beside the wall medians

    def runs(label: str, count: int) -> tuple[list[float], list[float]]:
        exports, floors = [], []
        for run in range(count):
            path = folder / f"bench-20-{label}-{run}.pdf"
            start, start_cpu = time.perf_counter(), time.process_time()
            export_pack(desk, str(source) if not path.parent.joinpath("bench-20-idle-0.pdf").exists() else "BENCH-20",
                        AS_OF, "Prepared by", path, passphrase=PASSPHRASE)
            exports.append(time.perf_counter() - start)
            cpu.setdefault(label, []).append(time.process_time() - start_cpu)
            contents = contents_from_pack(open_pack(path))
            text, files = pack_text(path), contents.files()  # the floor's input, read outside its timing
            start = time.perf_counter()
            floor_pack(text, files, signer)
            floors.append(time.perf_counter() - start)
            start = time.perf_counter()
            build_pack(contents, key, signer={"name": "Bench Signer"}, now=datetime.now(timezone.utc))
            builds.append(time.perf_counter() - start)
        return exports, floors

    try:
        exports, floors = runs("idle", max(repeat, 2) + 2)
        out = folder / "bench-20-idle-0.pdf"
        export, floor = statistics.median(exports[1:]), statistics.median(floors)
        row("export a signed 20-line pack (key unlocked)", f"equivalent pack on a reportlab canvas + PDF/A-3b + PAdES {floor * 1e3:.0f} ms",
            f"{export * 1e3:.0f} ms (CPU {statistics.median(cpu['idle'][1:]) * 1e3:.0f} ms)", export / floor,
            "≤ 250 ms, flat in trail size", export <= 0.25)
        print(f"    (of which reedesk pages + PDF/A + PAdES, build_pack: {statistics.median(builds) * 1e3:.0f} ms — the old, inflated floor)")
        print(f"    (unlocking the key file once: {unlock_s * 1e3:.0f} ms of scrypt, by design; "
              f"export with that unlock: {(export + unlock_s) * 1e3:.0f} ms)")
        if trail_events:
            from signing_audit import build_trail

            build_trail(desk, trail_events)
            # As for the idle row, the first export is printed apart and the median taken over the rest: the
            # first after a bulk write of ``trail_events`` events fills the stored Merkle nodes for all of them
            # (merkle_store.sync_nodes, once; O(events written since the last export), not O(trail)).
            big, big_floors = runs("trail", max(repeat, 2) + 2)
            grown = statistics.median(big[1:])
            row(f"export a signed 20-line pack after {trail_events:,} earlier audit events",
                f"equivalent pack on a reportlab canvas + PDF/A-3b + PAdES {statistics.median(big_floors) * 1e3:.0f} ms",
                f"{grown * 1e3:.0f} ms (CPU {statistics.median(cpu['trail'][1:]) * 1e3:.0f} ms)",
                grown / statistics.median(big_floors), f"≤ 250 ms and ≤ 1.2× the idle {export * 1e3:.0f} ms",
                grown <= 0.25 and grown <= 1.2 * export)
            print(f"    (first export of each: idle {exports[0] * 1e3:.0f} ms — the process's first, imports and fonts —; "
                  f"after the trail {big[0] * 1e3:.0f} ms (CPU {cpu['trail'][0] * 1e3:.0f} ms) — the Merkle nodes of the "
                  f"{trail_events:,} new events filled once)")
    finally:
        enable_unlock_cache(0)
        desk.close()

    from process_env import child_env  # cached bytecode for floor and figure alike, as an installed app runs

    def process(args: list[str]) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(args, capture_output=True, timeout=300, env=child_env(REEDESK_HOME=str(folder / "verify-home")))
            times.append(time.perf_counter() - start)
        return min(times)

    floor_p = process([sys.executable, "-c", "import pyhanko.sign.validation, pypdf"])
    verify_p = process([sys.executable, "-m", "reedesk", "verify", str(out)])
    row("`reedesk verify` process, 20 lines", f"python -c 'import pyhanko.sign.validation, pypdf' {floor_p:.2f} s",
        f"{verify_p:.2f} s", verify_p / floor_p, "≤ 1.5×", verify_p / floor_p <= 1.5)


# --- 6. audit verify -------------------------------------------------------------------------
def bench_audit(folder: Path, events: int) -> None:
    from reedesk.audit.verify import verify_chain
    from reedesk.services.desk import open_desk

    from signing_audit import build_trail

    desk = open_desk(folder / "audit-desk", seed_samples=False)
    try:
        build_trail(desk, events)
        con = sqlite3.connect(desk.db.path)
        start = time.perf_counter()
        n = 0
        for values in con.execute("SELECT * FROM audit_event ORDER BY seq"):
            hashlib.sha256("\x1f".join("" if v is None else str(v) for v in values).encode("utf-8")).digest()
            n += 1
        floor = n / (time.perf_counter() - start)
        con.close()
        start = time.perf_counter()
        report = verify_chain(desk)
        now = report.events_checked / (time.perf_counter() - start)
        status = "" if report.ok else f" (report not ok: {report.problems[0] if getattr(report, 'problems', None) else '?'})"
        row(f"`audit verify`, {n:,} events (synthetic trail)", f"rows + SHA-256 {floor:,.0f}/s", f"{now:,.0f}/s{status}",
            floor / now, "≥ 1/2 of the floor (i.e. ≤ 2×)", floor / now <= 2)
    finally:
        desk.close()


# --- 6b. audit verify on a realistic mix ----------------------------------------------------
def build_mix(desk, folder: Path, dossiers: int, signatures: int, exports: int) -> None:
    """A desk made the way a consultancy makes one: imports (in files of 200), two portfolio
    re-evaluations, a quarter of the dossiers edited and re-evaluated, some determinations
    signed and a few packs exported — every event written by the services themselves."""
    import copy as _copy

    from reedesk.services import batch
    from reedesk.services.dossiers import load_dossier, save_dossier
    from reedesk.services.evidence import export_pack
    from reedesk.services.keys import create_identity
    from reedesk.services.signing import latest_determination_id, sign_determination

    from evidence import PASSPHRASE

    files = folder / "mix-files"
    files.mkdir()
    paths = _dossier_files(files, dossiers)
    from reedesk.services.imports import import_files

    for first in range(0, len(paths), 200):
        import_files(desk, paths[first:first + 200])
    batch.evaluate_all(desk, "2026-11-20")
    for i in range(0, dossiers, 4):
        stored = load_dossier(desk, f"IMP-{i:06d}")
        changed = _copy.deepcopy(stored.dossier)
        changed.product.name = f"{changed.product.name} (rev 2)"
        save_dossier(desk, changed, reason="bench edit")
    batch.evaluate_all(desk, AS_OF)
    identity = create_identity(desk, "Mix Signer", "Compliance officer", "Mix Magnetics", PASSPHRASE)
    for i in range(signatures):
        did = latest_determination_id(desk, f"IMP-{i:06d}")
        sign_determination(desk, did, identity.key_id, PASSPHRASE, "Prepared by")
    for i in range(exports):
        export_pack(desk, f"IMP-{dossiers - 1 - i:06d}", AS_OF, "Reviewed by", folder / f"mix-{i}.pdf", passphrase=PASSPHRASE)


def mix_floor(path: Path) -> tuple[float, int]:
    """The least `audit verify` must do on a desk: read every event, revision, determination and
    signature row and SHA-256 what must be hashed — each event, its RFC 6962 leaf and one tree node
    per event (a tree of n leaves has n - 1), each stored document as its stored bytes — and verify
    one Ed25519 signature per signed record and tree head.

    Until 18:45 UTC on 2026-12-01 the documents were read as Python strings and encoded back to UTF-8
    before hashing: a decode and an encode no verifier needs (the stored bytes are what is hashed),
    ~140 ms of a ~390 ms floor on the 2,000-import mix, mostly on the determinations' Chinese text;
    the floor looked 1.5× slower than it is."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    con = sqlite3.connect(path)
    key = Ed25519PrivateKey.generate()
    public, message = key.public_key(), b"x" * 200
    signature = key.sign(message)
    sha256 = hashlib.sha256
    start = time.perf_counter()
    n = 0
    for values in con.execute("SELECT * FROM audit_event ORDER BY seq"):
        digest = sha256("\x1f".join("" if v is None else str(v) for v in values).encode("utf-8")).digest()
        leaf = sha256(b"\x00" + digest).digest()
        if n:
            sha256(b"\x01" + leaf + digest).digest()  # one interior node per event after the first
        n += 1
    for table, column in (("dossier_revision", "document"), ("determination", "document"), ("signature", "envelope")):
        for (value,) in con.execute(f"SELECT CAST({column} AS BLOB) FROM {table}"):
            sha256(value).digest()
    signed = con.execute("SELECT (SELECT count(*) FROM signature) + (SELECT count(*) FROM tree_head)").fetchone()[0]
    for _ in range(signed):
        public.verify(signature, message)
    seconds = time.perf_counter() - start
    con.close()
    return seconds, n


def bench_audit_mix(folder: Path, dossiers: int) -> None:
    from reedesk.services.audit import verify_audit
    from reedesk.services.desk import open_desk

    desk = open_desk(folder / "mix-desk", seed_samples=False)
    try:
        start = time.perf_counter()
        build_mix(desk, folder, dossiers, signatures=max(5, dossiers // 40), exports=2)
        built = time.perf_counter() - start
        # Floor and figure alternate, three times each, and each is the median of its three: one sample of
        # each, seconds apart on a shared machine, moved the ratio by ±0.5 (1.6x and 2.2x in two runs half an hour apart).
        floors, nows, cpu_floors, cpu_nows = [], [], [], []
        for _ in range(3):
            cpu = time.process_time()
            floor_s, n = mix_floor(desk.db.path)
            floors.append(floor_s)
            cpu_floors.append(time.process_time() - cpu)
            start, cpu = time.perf_counter(), time.process_time()
            report = verify_audit(desk, rerun=False)
            nows.append(time.perf_counter() - start)
            cpu_nows.append(time.process_time() - cpu)
        floor_s, now_s = statistics.median(floors), statistics.median(nows)
        start = time.perf_counter()
        rerun = verify_audit(desk, rerun=True)
        status = "" if report.ok else f" (report not ok: {report.problems[0]})"
        row(f"`audit verify`, realistic mix of {n:,} events ({dossiers:,} imports, evaluations, edits, "
            f"{report.signatures_checked} signatures, exports)", f"rows + SHA-256 + Ed25519 {n / floor_s:,.0f}/s",
            f"{n / now_s:,.0f}/s{status}", now_s / floor_s, "≥ 1/2 of the floor (i.e. ≤ 2×)", now_s / floor_s <= 2)
        with sqlite3.connect(desk.db.path) as con:
            saves = con.execute("SELECT count(*), sum(instr(after, '\"document_in\":') > 0), sum(length(after)) FROM audit_event "
                                "WHERE entity_type = 'dossier' AND action IN ('create', 'update', 'import')").fetchone()
        print(f"    (save events recording the document's SHA-256, not the document: {saves[1] or 0:,} of {saves[0]:,}; "
              f"{(saves[2] or 0) / max(saves[0], 1):,.0f} bytes of `after` per save event)")
        print(f"    (samples, alternating: floor {', '.join(f'{x * 1e3:.0f}' for x in floors)} ms, verify "
              f"{', '.join(f'{x * 1e3:.0f}' for x in nows)} ms; CPU time, medians: floor {statistics.median(cpu_floors) * 1e3:.0f} ms, "
              f"verify {statistics.median(cpu_nows) * 1e3:.0f} ms = {statistics.median(cpu_nows) / statistics.median(cpu_floors):.1f}×)")
        print(f"    (built in {built:.0f} s; {floor_s * 1e3:.0f} ms floor vs {now_s * 1e3:.0f} ms; rule re-runs reported apart: "
              f"{rerun.reproduced or 0} determinations in {rerun.reproduce_seconds or 0:.1f} s = "
              f"{(rerun.reproduced or 0) / max(rerun.reproduce_seconds or 1e-9, 1e-9):,.0f}/s)")
    finally:
        desk.close()


# --- 7./8. GUI start-up and browser ----------------------------------------------------------
BARE_CHILD = r'''
import os, sys, time
T0 = float(sys.argv[1]); os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
w = QMainWindow(); w.setCentralWidget(QTableView()); w.resize(1200, 800)
w.show(); app.processEvents(); w.repaint(); app.processEvents()
print("RESULT", time.time() - T0)
'''

GUI_CHILD = r'''
import os, sys, time, json, statistics
T0 = float(sys.argv[1]); HOME = sys.argv[2]
os.environ["QT_QPA_PLATFORM"] = "offscreen"; os.environ["REEDESK_HOME"] = HOME
sys.path.insert(0, sys.argv[3])
CLOCK = time.time() - time.perf_counter()
from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from reedesk.gui import app as gapp
app = gapp.application()
window = gapp.open_window(settings=QSettings(os.path.join(HOME, "gui.ini"), QSettings.Format.IniFormat))  # as `reedesk` starts
deadline = time.monotonic() + 120
while "ready" not in gapp.STARTED and time.monotonic() < deadline:  # painted, then the desk opens (reedesk/gui/app.py)
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
desk = window.desk
out = {"total": gapp.STARTED["painted"] + CLOCK - T0, "ready": gapp.STARTED["ready"] + CLOCK - T0,
       "deferred": type(desk).__name__ == "DeferredDesk", "first_pages_at_start": window.browser.model.browse_calls}
model, table = window.browser.model, window.browser.table
table.viewport()  # the process's first viewport() call makes PySide6 build ~37 enum types (~20 ms): the benchmark's own call, not the app's
firsts, counts = [], []
for query in ("Trading", "magnet", "Trading Co", "grade"):
    t = time.perf_counter()
    model.set_filter(query, None); table.viewport().repaint()  # the first page read and painted
    firsts.append(time.perf_counter() - t)
    app.processEvents(); model.wait_for_count()  # then the count arrives from the worker thread
    counts.append(time.perf_counter() - t)
    model.set_filter("", None); model.wait_for_count()
out["first_page"] = firsts; out["count"] = counts; out["rows"] = model.rowCount()
window.close(); desk.close()
print("RESULT " + json.dumps(out))
'''


def _child(code: str, *args: str) -> str:
    from process_env import child_env

    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code, repr(t0), *args], capture_output=True, text=True, timeout=600,
                          env=child_env())
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"child failed:\n{proc.stderr[-3000:]}")
    return line[7:]


def bench_open_large(home: Path, count: int) -> None:
    """Opening a dossier on the start-up benchmark's desk of ``count`` dossiers (issue 13 asks for ≤ 0.5 ms on
    the large desks too): one real 20-line dossier saved among them through the services, then opened."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.services.desk import open_desk
    from reedesk.services.dossiers import load_dossier, save_dossier

    doc = dossier(20)
    doc["reference"] = "OPEN-LARGE-1"
    desk = open_desk(home, seed_samples=False)
    try:
        save_dossier(desk, parse_dossier(doc, "benchmark"))
        con = sqlite3.connect(desk.db.path)
        raw = median_time(lambda: con.execute(
            "SELECT r.document FROM dossier d JOIN dossier_revision r ON r.dossier_id = d.id AND r.number = d.current_revision "
            "WHERE d.reference = ?", ("OPEN-LARGE-1",)).fetchone(), 200)
        con.close()
        opened = median_time(lambda: load_dossier(desk, "OPEN-LARGE-1"), 200)
        bulk = median_time(lambda: load_dossier(desk, f"BM-{count // 2:06d}"), 200)
    finally:
        desk.close()
    row(f"open a dossier with its BOM (service call), desk of {count:,} dossiers", f"raw SQL {raw * 1e6:.0f} µs",
        f"{opened * 1e3:.2f} ms", opened / raw, "≤ 0.5 ms", opened <= 0.0005)
    print(f"    (a bulk-filled dossier without BOM lines among them: {bulk * 1e3:.2f} ms)")


def bench_gui(folder: Path, count: int) -> None:
    from gui_startup import build_home

    home = folder / "gui-home"
    build_home(home, count)
    _child(BARE_CHILD)  # warm the file and bytecode caches
    _child(GUI_CHILD, str(home), str(ROOT))  # the desk's first start seeds the samples (it opens first): not counted
    bare_s = min(float(_child(BARE_CHILD)) for _ in range(3))
    runs = [json.loads(_child(GUI_CHILD, str(home), str(ROOT))) for _ in range(3)]
    best = min(runs, key=lambda r: r["total"])
    row(f"start to main window, {count:,} dossiers", f"bare PySide6 window {bare_s * 1e3:.0f} ms",
        f"{best['total'] * 1e3:.0f} ms to the painted first page", best["total"] / bare_s, "≤ 600 ms", best["total"] <= 0.6)
    print(f"    (first pages read at start: {best['first_pages_at_start']}; desk opened after the paint: {best['deferred']}; "
          f"whole stack loaded at {best['ready'] * 1e3:.0f} ms)")

    con = sqlite3.connect(home / "reedesk.sqlite3")
    pattern = "%Trading%"
    floor = median_time(lambda: con.execute(
        "SELECT d.id, d.reference, c.name, d.product_name FROM dossier d JOIN client c ON c.id = d.client_id "
        "WHERE d.archived = 0 AND (d.reference LIKE ? OR d.product_name LIKE ? OR c.name LIKE ?) "
        "ORDER BY d.reference, d.id LIMIT 200", (pattern, pattern, pattern)).fetchall(), 20)
    con.close()
    first = statistics.median(x for r in runs for x in r["first_page"])
    counted = statistics.median(x for r in runs for x in r["count"])
    row(f"browser filter, {count:,} dossiers, broad query", f"first page alone (raw SQL) {floor * 1e3:.1f} ms",
        f"{first * 1e3:.1f} ms to first page painted (exact count after {counted * 1e3:.0f} ms, off the GUI thread)",
        first / floor, "≤ 20 ms to first page", first <= 0.020)
    bench_open_large(home, count)  # after the start-up runs, which it would change by a dossier


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a minute or so): 500 imports, 20k events, 20k dossiers")
    parser.add_argument("--import", dest="imports", type=int, default=None, help="dossier files to import (default 2000)")
    parser.add_argument("--events", type=int, default=None, help="audit events (default 100000)")
    parser.add_argument("--mix", type=int, default=None, help="dossiers in the realistic audit mix (default 2000; --quick 300)")
    parser.add_argument("--dossiers", type=int, default=None, help="dossiers for the GUI rows (default 100000)")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per rate figure")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: evaluation,import,export,audit,gui")
    args = parser.parse_args()
    imports = args.imports or (500 if args.quick else 2000)
    events = args.events or (20_000 if args.quick else 100_000)
    dossiers = args.dossiers or (20_000 if args.quick else 100_000)
    mix = args.mix or (300 if args.quick else 2000)
    skip = set(filter(None, args.skip.split(",")))
    print(f"reedesk portfolio-scale benchmark — {machine()}", flush=True)
    def part(name: str, call: Callable[[], Any]) -> None:
        """One part; a failure (e.g. a feature mid-change) is printed and the others still run."""
        if name in skip:
            return
        try:
            call()
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            print(f"  {name}: not measured ({type(exc).__name__}: {exc})", flush=True)
            ROWS.append((name, "—", f"not measured ({type(exc).__name__})", "—", "—", "—"))

    with tempfile.TemporaryDirectory(prefix="reedesk-scale-") as tmp:
        folder = Path(tmp)
        part("evaluation", lambda: bench_evaluation(args.seconds))

        def imports_and_portfolio() -> None:
            desk = bench_import_and_open(imports, folder)
            try:
                bench_portfolio(desk, imports)
            finally:
                desk.close()

        part("import", imports_and_portfolio)
        part("export", lambda: bench_export_verify(folder, 3, events))
        part("audit", lambda: bench_audit(folder, events))
        part("audit", lambda: bench_audit_mix(folder, mix))
        part("gui", lambda: bench_gui(folder, dossiers))
    print("\n| figure | floor (same run) | now | × floor | target | |")
    print("|---|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `reedesk impact` per dossier against the bare engine loop and `evaluate --all`.

Run on demand:  python benchmarks/portfolio_impact.py [--count 1000]

Builds a real desk (migrations, audit trail) of ``count`` dossiers — the four samples under
distinct references — and prints seconds per dossier for: the bare engine loop (the pure
``evaluate`` on each snapshot, packs parsed once), ``batch.evaluate_all(store=False)``, and
``services.portfolio.impact`` against another date (two evaluations per dossier, screening
included) — and each side of the comparison as a multiple of the bare loop (issue 16:
at most 20× per side).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reedesk.domain.dossier_file import dossier_to_document, parse_dossier  # noqa: E402
from reedesk.rules.engine import evaluate  # noqa: E402
from reedesk.services import portfolio  # noqa: E402
from reedesk.services.desk import open_desk  # noqa: E402
from reedesk.services.dossiers import import_dossiers  # noqa: E402
from reedesk.services.evaluation import active_packs  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args(argv)
    samples = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.json"))]
    with tempfile.TemporaryDirectory() as home:
        desk = open_desk(Path(home), seed_samples=False)
        docs = []
        for i in range(args.count):
            d = copy.deepcopy(samples[i % len(samples)])
            d["reference"] = f"BM-{i:06d}"
            docs.append(parse_dossier(d))
        import_dossiers(desk, docs, source="benchmark")
        packs = active_packs(desk)
        snapshots = [dossier_to_document(d) for d in docs]
        start = time.perf_counter()
        for s in snapshots:
            evaluate(s, packs, date(2026, 11, 25))
        bare = (time.perf_counter() - start) / args.count
        from benchmarks.rules_engine import bare as decimal_loop

        start = time.perf_counter()
        for s in snapshots:
            decimal_loop(s)
        loop = (time.perf_counter() - start) / args.count
        from reedesk.services import batch

        start = time.perf_counter()
        result = batch.evaluate_all(desk, date(2026, 11, 25), store=False)
        per_all = (time.perf_counter() - start) / args.count
        start = time.perf_counter()
        doc = portfolio.impact(desk, date(2026, 11, 1), against=date(2026, 11, 25))
        per_impact = (time.perf_counter() - start) / args.count
        desk.close()
    print(f"{args.count} dossiers: bare Decimal loop {loop * 1000:.3f} ms/dossier; engine loop {bare * 1000:.2f} ms; evaluate --all (not stored) "
          f"{per_all * 1000:.2f} ms ({len(result.items)} evaluated, {len(result.failures)} failed); impact {per_impact * 1000:.2f} ms "
          f"for both sides = {per_impact / 2 / bare:.1f}× the engine loop and {per_impact / 2 / loop:.0f}× the bare Decimal loop per side ({doc['changed']} changed, {len(doc['failures'])} failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

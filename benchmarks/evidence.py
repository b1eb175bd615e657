"""Benchmark: evidence-pack export and verify time for 20- and 200-line dossiers.

Run on demand: ``python benchmarks/evidence.py [--repeat N]``. Uses a throw-away desk
in a temporary folder (real SQLite, real keys, real PDFs) and prints, per size, the
median wall time of: the whole export (unlock key, evaluate, sign, audit, proofs,
pages, PAdES), the pages + embedding + PAdES part alone, and verify; then the
200/20 ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSPHRASE = "benchmark passphrase"


def dossier(lines: int) -> dict:
    """An Sm-Co magnet with ``lines`` BOM lines: every 10th is CN samarium metal, some in CNY."""
    components = []
    for i in range(lines):
        cn = i % 10 == 0
        components.append({
            "id": f"C{i + 1}",
            "description": "Samarium metal 99.9%" if cn else f"Cobalt part {i + 1}",
            "origin": "CN" if cn else "DE",
            "category": "rare_earth_metal" if cn else "other",
            "elements": ["Sm"] if cn else ["Co"],
            "value": {"amount": f"{0.05 + (i % 7) * 0.01:.2f}", "currency": "CNY" if i % 3 == 0 else "USD"},
        })
    return {
        "format": "reedesk.dossier/1",
        "reference": f"BENCH-{lines}",
        "client": {"name": "Bench Magnetics", "country": "VN"},
        "exporter": {"name": "Bench Magnetics", "country": "VN"},
        "product": {"name": f"Sm2Co17 magnet, {lines}-line BOM", "description": "benchmark", "hs_code": "850511",
                    "category": "rare_earth_permanent_magnet", "elements": ["Sm", "Co"], "made_in": "VN",
                    "unit_value": {"amount": "480.00", "currency": "USD"}},
        "components": components,
        "technologies": [],
        "shipment": {"export_from": "VN", "destination": "DE",
                     "end_use": {"category": "civil", "description": "servo motors"},
                     "end_user": {"name": "Rhein Antriebe GmbH", "country": "DE"}},
        "exchange_rates": [{"from": "CNY", "to": "USD", "rate": "0.1400", "date": "2026-11-20", "source": "bank daily rate"}],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.reader import contents_from_pack, open_pack
    from reedesk.services.desk import open_desk
    from reedesk.services.evidence import export_pack, verify_pack
    from reedesk.services.keys import create_identity, unlock

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        desk = open_desk(root / "home", seed_samples=False)
        identity = create_identity(desk, "Bench Signer", "Compliance officer", "Bench Magnetics", PASSPHRASE)
        key = unlock(desk, identity.key_id, PASSPHRASE)
        for lines in (20, 200):
            source = root / f"bench-{lines}.json"
            source.write_text(json.dumps(dossier(lines)), encoding="utf-8")
            exports, builds, verifies, sizes, pages = [], [], [], [], []
            for run in range(args.repeat):
                out = root / f"bench-{lines}-{run}.pdf"
                start = time.perf_counter()
                export_pack(desk, str(source) if run == 0 else f"BENCH-{lines}", date(2026, 11, 25), "Prepared by", out, passphrase=PASSPHRASE)
                exports.append(time.perf_counter() - start)
                sizes.append(out.stat().st_size)
                contents = contents_from_pack(open_pack(out))
                start = time.perf_counter()
                build_pack(contents, key, signer={"name": "Bench Signer"}, now=datetime.now(timezone.utc))
                builds.append(time.perf_counter() - start)
                start = time.perf_counter()
                report = verify_pack(out, trusted_key_ids=[identity.key_id])  # exit 0 needs the signer confirmed (0.2)
                verifies.append(time.perf_counter() - start)
                if report.exit_code != 0:
                    print(f"verification failed for {lines} lines: {[c.name for c in report.failed]}", file=sys.stderr)
                    return 1
                from pypdf import PdfReader

                pages.append(len(PdfReader(str(out)).pages))
            results[lines] = {
                "export": statistics.median(exports), "build": statistics.median(builds),
                "verify": statistics.median(verifies), "size": statistics.median(sizes), "pages": pages[0],
            }
        desk.close()

    print(f"evidence pack benchmark (median of {args.repeat} runs)")
    print(f"{'lines':>6} {'pages':>6} {'KiB':>8} {'export s':>10} {'pages+PAdES s':>14} {'verify s':>10}")
    for lines, r in results.items():
        print(f"{lines:>6} {r['pages']:>6} {r['size'] / 1024:>8.0f} {r['export']:>10.3f} {r['build']:>14.3f} {r['verify']:>10.3f}")
    a, b = results[20], results[200]
    print(f"ratios 200/20: export {b['export'] / a['export']:.2f}x, pages+PAdES {b['build'] / a['build']:.2f}x, "
          f"verify {b['verify'] / a['verify']:.2f}x, size {b['size'] / a['size']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

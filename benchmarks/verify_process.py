"""Benchmark: `reedesk verify` as a process against the floor of importing what it must use.

Run on demand: ``python benchmarks/verify_process.py [--repeat N]``. Exports a 20-line pack
from a throw-away desk, then times, alternately and in the same run, (a) the floor
``python -c "import pyhanko.sign.validation, pypdf"`` and (b) the whole
``python -m reedesk verify PACK.pdf --trust FINGERPRINT`` (exit 0 expected), and prints
both medians and the ratio (issue 13 target ≤ 1.5×, issue 11 ≤ 3×). Verify re-runs the
rule packs and checks everything but imports nothing of the database stack.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSPHRASE = "benchmark passphrase"


def timed(argv: list[str], env: dict[str, str], expect: int) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{' '.join(argv[:4])}… exited {done.returncode}: {done.stdout[-400:]} {done.stderr[-400:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from benchmarks.evidence import dossier
    from reedesk.services.desk import open_desk
    from reedesk.services.evidence import export_pack
    from reedesk.services.keys import create_identity
    from reedesk.signing.keys import fingerprint

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        desk = open_desk(root / "home", seed_samples=False)
        try:
            identity = create_identity(desk, "Bench Signer", "Compliance officer", "Bench Magnetics", PASSPHRASE)
            source = root / "bench-20.json"
            source.write_text(json.dumps(dossier(20)), encoding="utf-8")
            pack = root / "bench-20.pdf"
            export_pack(desk, str(source), date(2026, 11, 25), "Prepared by", pack, passphrase=PASSPHRASE)
        finally:
            desk.close()
        from benchmarks.process_env import child_env  # cached bytecode, as an installed reedesk runs

        env = child_env(REEDESK_HOME=str(root / "reviewer"), PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        floor_argv = [sys.executable, "-c", "import pyhanko.sign.validation, pypdf"]
        verify_argv = [sys.executable, "-m", "reedesk", "verify", str(pack), "--trust", fingerprint(identity.key_id)]
        timed(floor_argv, env, 0), timed(verify_argv, env, 0)  # warm the OS file cache and .pyc files
        floors, verifies = [], []
        for _ in range(args.repeat):
            floors.append(timed(floor_argv, env, 0))
            verifies.append(timed(verify_argv, env, 0))
    floor, verify = statistics.median(floors), statistics.median(verifies)
    print(f"reedesk verify process benchmark (median of {args.repeat} alternating runs, 20-line pack)")
    print(f"  floor: python -c 'import pyhanko.sign.validation, pypdf'  {floor:.3f} s")
    print(f"  reedesk verify PACK.pdf --trust FINGERPRINT               {verify:.3f} s")
    print(f"  ratio {verify / floor:.2f}x  (targets: <= 1.5x issue 13, <= 3x issue 11; both with cached bytecode)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

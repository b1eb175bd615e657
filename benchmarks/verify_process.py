"""Benchmark: `reedesk verify` as a process against the floor of importing what it must use.

Run on demand: ``python benchmarks/verify_process.py [--repeat N]``. Exports a 20-line pack
from a throw-away desk, then times, alternately and in the same run, (a) the floor
``python -c "import pyhanko.sign.validation, pypdf"`` and (b) the whole
``python -m reedesk verify PACK.pdf --trust FINGERPRINT`` (exit 0 expected), and prints
both medians and the ratio (issue 13 target ≤ 1.5×, issue 11 ≤ 3×), in wall time and in CPU
time of the child (user + system, which the shared machine's load hardly moves). Verify re-runs
the rule packs and checks everything but imports nothing of the database stack. It also times
(c) the floor without the interpreter's last garbage collection at exit, which ``reedesk``
skips: the like-for-like ratio of the verifier's own work. ``--keep FOLDER`` keeps the pack.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSPHRASE = "benchmark passphrase"


def timed(argv: list[str], env: dict[str, str], expect: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child: user + system, which the machine's load hardly moves)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != expect:
        raise SystemExit(f"{' '.join(argv[:4])}… exited {done.returncode}: {done.stdout[-400:]} {done.stderr[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", metavar="FOLDER", help="copy the pack there and print its --trust fingerprint (for profiling)")
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
        if args.keep:
            import shutil

            Path(args.keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(pack, Path(args.keep) / pack.name)
            print(f"pack kept: {Path(args.keep) / pack.name} --trust {fingerprint(identity.key_id)}")
        from benchmarks.process_env import child_env  # cached bytecode, as an installed reedesk runs

        env = child_env(REEDESK_HOME=str(root / "reviewer"), PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        floor_argv = [sys.executable, "-c", "import pyhanko.sign.validation, pypdf"]
        verify_argv = [sys.executable, "-m", "reedesk", "verify", str(pack), "--trust", fingerprint(identity.key_id)]
        # The same floor without the interpreter's last garbage collection at exit, which `reedesk COMMAND`
        # skips (reedesk.cli.main._skip_last_collection): the like-for-like floor for the verifier's own work.
        frozen_argv = [sys.executable, "-c", "import pyhanko.sign.validation, pypdf, gc; gc.freeze()"]
        timed(floor_argv, env, 0), timed(verify_argv, env, 0)  # warm the OS file cache and .pyc files
        floors, frozens, verifies = [], [], []
        for _ in range(args.repeat):
            floors.append(timed(floor_argv, env, 0))
            frozens.append(timed(frozen_argv, env, 0))
            verifies.append(timed(verify_argv, env, 0))
    floor, verify = statistics.median(f[0] for f in floors), statistics.median(v[0] for v in verifies)
    floor_cpu, verify_cpu = statistics.median(f[1] for f in floors), statistics.median(v[1] for v in verifies)
    frozen, frozen_cpu = statistics.median(f[0] for f in frozens), statistics.median(f[1] for f in frozens)
    print(f"reedesk verify process benchmark (median of {args.repeat} alternating runs, 20-line pack; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    print(f"                                                            wall      CPU")
    print(f"  floor: python -c 'import pyhanko.sign.validation, pypdf'  {floor:.3f} s   {floor_cpu:.3f} s")
    print(f"  reedesk verify PACK.pdf --trust FINGERPRINT               {verify:.3f} s   {verify_cpu:.3f} s")
    print(f"  floor without the last collection at exit (gc.freeze())   {frozen:.3f} s   {frozen_cpu:.3f} s")
    print(f"  ratio {verify / floor:.2f}x wall, {verify_cpu / floor_cpu:.2f}x CPU  "
          f"(targets: <= 1.5x issue 13, <= 3x issue 11; both with cached bytecode)")
    print(f"  like for like (both skip the last collection): {verify / frozen:.2f}x wall, {verify_cpu / frozen_cpu:.2f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Instructions per 20-line evaluation + stored bytes + SHA-256, counted by callgrind (deterministic where wall and
CPU time on a shared machine are not).

Run:  python benchmarks/callgrind_evaluation.py [--lines 20] [--n 20] [--engine-only]

Runs this file twice under ``PYTHONHASHSEED=0 valgrind --tool=callgrind`` (N evaluations after two warm-up ones, and
none), and prints (total(N) − total(0)) / N: what one warm evaluation costs, the process's start and the warm-up left
out. The cyclic collector is frozen and off in the counted loop (a full collection landing inside or outside it moved
the total by ~1 M instructions). ``--engine-only``: ``evaluate`` alone, without ``stored_bytes`` and SHA-256.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _inner(lines: int, n: int, engine_only: bool) -> None:
    import gc
    import hashlib

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from rules_engine import AS_OF, dossier

    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from reedesk.rules.shape4 import stored_bytes

    packs, doc = shipped_packs(), dossier(lines)
    if engine_only:
        def one() -> None:
            evaluate(doc, packs, AS_OF)
    else:
        def one() -> None:
            hashlib.sha256(stored_bytes(evaluate(doc, packs, AS_OF))).hexdigest()
    setup = os.environ.get("CALLGRIND_EVALUATION_SETUP")  # Python run before the warm-up (what-if measurements)
    if setup:
        exec(setup, {"packs": packs, "doc": doc})
    one()
    one()
    gc.collect()
    gc.freeze()
    gc.disable()
    for _ in range(n):
        one()


def _count(lines: int, n: int, engine_only: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cg.out"
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__, "--inner",
               "--lines", str(lines), "--n", str(n)] + (["--engine-only"] if engine_only else [])
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        text = out.read_text()
        match = re.search(r"^summary:\s+(\d+)", text, re.M) or re.search(r"^totals:\s+(\d+)", text, re.M)
        assert match, "no callgrind summary"
        return int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--engine-only", action="store_true")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        _inner(args.lines, args.n, args.engine_only)
        return 0
    with_n, without = _count(args.lines, args.n, args.engine_only), _count(args.lines, 0, args.engine_only)
    what = "evaluate" if args.engine_only else "evaluate + stored bytes + SHA-256"
    print(f"{what}, {args.lines}-line dossier: {(with_n - without) / args.n / 1e6:.3f} M instructions per evaluation "
          f"((N={args.n}: {with_n:,} − N=0: {without:,}) / {args.n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

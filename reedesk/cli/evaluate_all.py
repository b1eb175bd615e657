"""``reedesk evaluate --all --as-of D [--client C] [--json] [--workers N]``: re-evaluate the portfolio.

Kept apart from ``cli/evaluate.py`` (one dossier) so each stays small; ``evaluate.py`` hands
over when ``--all`` is given. The progress bar goes to stderr (only on a terminal, or when
``--progress`` asks), so ``--json`` output on stdout stays machine-readable.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import TextIO

from reedesk.cli.common import desk_from_env
from reedesk.errors import ReedeskError
from reedesk.services import batch


class ProgressBar:
    """A one-line bar on ``stream``: ``[#####.....] 512/10000  5.1 %  12.3 s``."""

    def __init__(self, stream: TextIO, width: int = 30):
        self.stream = stream
        self.width = width
        self.started = time.perf_counter()
        self._last = -1.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if done != total and now - self._last < 0.1:
            return
        self._last = now
        share = done / total if total else 1.0
        filled = int(round(share * self.width))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {share * 100:5.1f} % {now - self.started:6.1f} s")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    if args.target is not None:
        raise ReedeskError.coded("evaluate_all_give_either_dossier_file")
    workers = args.workers if args.workers is not None else 1
    if workers < 1:
        raise ReedeskError.coded("evaluate_all_workers_must_more")
    show = args.progress or (sys.stderr.isatty() and not os.environ.get("CI"))
    with desk_from_env() as desk:
        result = batch.evaluate_all(desk, args.as_of, client=args.client, workers=workers,
                                    progress=ProgressBar(sys.stderr) if show else None)
    if args.json:
        json.dump({
            "as_of": result.as_of, "client": result.client, "total": result.total, "stored": result.stored,
            "seconds": round(result.seconds, 3), "outcomes": result.outcomes,
            "dossiers": [{"reference": i.reference, "revision": i.revision, "outcome": i.outcome,
                          "previous_outcome": i.previous_outcome, "sha256": i.sha256,
                          "determination_id": i.determination_id, "new": i.new} for i in result.items],
            "skipped_scenario": result.skipped_scenario,
            "failures": [{"reference": r, "message": m} for r, m in result.failures],
        }, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(batch.summary(result))
    return 1 if result.failures else 0

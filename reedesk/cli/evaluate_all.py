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

from reedesk.cli.common import clean, desk_from_env, say
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
    elif (args.lang or "en") == "en":
        print(batch.summary(result))
    else:
        print(summary_in(result, args.lang))
    return 2 if result.failures else 0  # FORMATS.md: `evaluate --all` exits 0 / 2 (the others are stored all the same)


def summary_in(result: batch.BatchResult, language: str) -> str:
    """:func:`reedesk.services.batch.summary` in Chinese ([cli.evaluate_all_*]): the counts, the outcomes by name, the
    changes, the skipped what-ifs and which dossiers failed (their reasons are in ``--json``, as the engine wrote them).
    Outcomes by their names only: the codes are ``--json``'s."""
    from reedesk.vocabulary import label

    sep = "、"
    scope = say(language, "evaluate_all_client", client=clean(result.client)) if result.client else say(language, "evaluate_all_desk")
    parts = [say(language, "evaluate_all_done", done=len(result.items), total=result.total, scope=scope, as_of=result.as_of,
                 seconds=f"{result.seconds:.1f}", stored=result.stored)]
    if result.outcomes:
        parts.append(say(language, "evaluate_all_outcomes", outcomes=sep.join(
            f"{label('outcome', k, language)} {v}" for k, v in result.outcomes.items())))
    if result.changed:
        changes = sep.join(f"{i.reference} {label('outcome', i.previous_outcome, language)} → {label('outcome', i.outcome, language)}"
                           for i in result.changed[:20]) + (" …" if len(result.changed) > 20 else "")
        parts.append(say(language, "evaluate_all_changed", count=len(result.changed), changes=changes))
    if result.skipped_scenario:
        parts.append(say(language, "evaluate_all_skipped", count=len(result.skipped_scenario)))
    if result.failures:
        parts.append(say(language, "evaluate_all_failed", count=len(result.failures),
                         references=sep.join(clean(ref) for ref, _ in result.failures[:5]) + (" …" if len(result.failures) > 5 else "")))
    if result.cancelled:
        parts.append(say(language, "evaluate_all_cancelled"))
    return "".join(parts)

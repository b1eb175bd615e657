"""Stored-bytes corpus: SHA-256 of every stored determination a set of known inputs gives, to prove a speed change
writes not one byte differently (issue 13: "the same outcomes").

Run:  python benchmarks/stored_bytes_corpus.py --write /tmp/before.json   (on the code before the change)
      python benchmarks/stored_bytes_corpus.py --check /tmp/before.json   (on the code after it; exit 1 on a difference)

The corpus (each document's ``shape4.stored_bytes``, or the canonical bytes of a re-run in an older engine's shape):
- every call of tests/rules/data/golden-determinations.json.xz (the rules tests' inputs with readings, screening and
  licences) as this engine writes it, and as engines 3.3.0, 3.4.0, 3.5.0 and 3.6.0 re-run it (their readings, their version
  in the document: what ``reproduce_with_engine`` writes for a stored document of theirs);
- every recorded document of facts-3.0.0/3.1.0/3.2.0.json.xz re-run in its own shape 1/2/3 (``reproduce_with_engine``);
- the dossiers of tests/rules/test_independent_cases_s6/s7/s8.py at their dates with the shipped packs (no screening
  records: the engine's own answer), as this engine and as 3.6.0 and 3.5.0 write them;
- the four samples (as given, to Hong Kong, with gaps) at seven dates; the benchmark's 1/20/200-line dossiers and
  30 of its rotating dossiers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import sys
from datetime import date
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "tests" / "rules" / "data"
OLDER_SHAPE4 = ("3.3.0", "3.4.0", "3.5.0", "3.6.0")


def _golden() -> Iterator[tuple[str, bytes]]:
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import parse_pack
    from reedesk.rules.shape4 import stored_bytes

    with lzma.open(DATA / "golden-determinations.json.xz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    packs = {sha: parse_pack(text, f"golden pack {sha[:12]}") for sha, text in data["packs"].items()}
    for n, call in enumerate(data["calls"]):
        i = call["input"]
        for made_by in (None, *OLDER_SHAPE4):
            doc = evaluate(i["snapshot"], [packs[s] for s in i["packs"]], date.fromisoformat(i["as_of"]),
                           revision=i["revision"], screening=i["screening"], licences=i["licences"], made_by=made_by)
            if made_by is not None:
                doc["engine"] = {**doc["engine"], "version": made_by}
            yield f"golden/{n}/{made_by or 'current'}", stored_bytes(doc)


def _recorded() -> Iterator[tuple[str, bytes]]:
    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.rules import reproduce_with_engine
    from tests.rules.recorded import Recorded

    for version in ("3.0.0", "3.1.0", "3.2.0"):
        rec = Recorded(DATA / f"facts-{version}.json.xz")
        for n, case in enumerate(rec.recorded()["cases"]):
            old = case["stored"]
            again = reproduce_with_engine(old, rec.texts(old), [rec.parsed(p["sha256"]) for p in old["packs"]])
            yield f"recorded-{version}/{n}", canonical_bytes(again)


def _independent() -> Iterator[tuple[str, bytes]]:
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from reedesk.rules.shape4 import stored_bytes

    packs = shipped_packs()
    for name in ("s6", "s7", "s8"):
        module = __import__(f"tests.rules.test_independent_cases_{name}", fromlist=["CASES"])
        for c in module.CASES:
            for made_by in (None, "3.6.0", "3.5.0"):
                try:
                    doc = evaluate(c.build(), packs, date.fromisoformat(c.as_of), made_by=made_by)
                except Exception as exc:  # a malformed dossier the case expects refused: its refusal is the fact
                    yield f"independent-{name}/{c.id}/{made_by or 'current'}", repr(type(exc)).encode() + str(exc).encode()
                    continue
                if made_by is not None:
                    doc["engine"] = {**doc["engine"], "version": made_by}
                yield f"independent-{name}/{c.id}/{made_by or 'current'}", stored_bytes(doc)


def _samples_and_bench() -> Iterator[tuple[str, bytes]]:
    from rules_engine import AS_OF, dossier, rotating_dossiers

    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from reedesk.rules.shape4 import stored_bytes
    from tests.rules.test_engine_shortcut import DATES, SAMPLES, _variants
    from tests.conftest import sample_document

    packs = shipped_packs()
    for name in SAMPLES:
        for v, doc in enumerate(_variants(sample_document(name))):
            for as_of in DATES:
                yield f"sample/{name}/{v}/{as_of}", stored_bytes(evaluate(doc, packs, date.fromisoformat(as_of)))
    for lines in (1, 20, 200):
        yield f"bench/{lines}", stored_bytes(evaluate(dossier(lines), packs, AS_OF))
    for k, doc in enumerate(rotating_dossiers(20, 30)):
        yield f"bench-rotating/{k}", stored_bytes(evaluate(doc, packs, AS_OF))


def corpus() -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (_golden, _recorded, _independent, _samples_and_bench):
        for name, data in part():
            out[name] = hashlib.sha256(data).hexdigest()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the corpus's hashes to this file")
    group.add_argument("--check", type=Path, help="compare with the hashes in this file")
    args = parser.parse_args()
    hashes = corpus()
    if args.write:
        args.write.write_text(json.dumps(hashes, indent=0, sort_keys=True))
        print(f"{len(hashes)} stored documents hashed into {args.write}")
        return 0
    before = json.loads(args.check.read_text())
    differ = sorted(k for k in before.keys() | hashes.keys() if before.get(k) != hashes.get(k))
    for k in differ[:40]:
        print(f"differs: {k}")
    print(f"{len(hashes)} stored documents, {len(before)} before: {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

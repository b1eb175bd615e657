"""Screening speed against a large list (on demand: ``python benchmarks/screening.py``).

A full US Consolidated Screening List has roughly 10,000–15,000 entries with aliases;
this builds a synthetic list of that size (deterministic names) and times screening
one name against it, plus parsing the list. Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reedesk.screening.lists import parse_list_document, shipped_lists  # noqa: E402
from reedesk.screening.matching import score, screen_name  # noqa: E402

WORDS = ("advanced aero alpha applied atlas beacon bright central coastal delta digital dynamic eagle eastern electro "
         "frontier global golden harbor horizon imperial integrated keystone liberty marine meridian metro national "
         "northern ocean orbit pacific pioneer precision prime quantum radiant summit superior systems tech titan "
         "united vector vertex western").split()
FORMS = ("Inc.", "Ltd.", "Co., Ltd.", "LLC", "GmbH", "Corporation", "S.A.", "有限公司")


def synthetic(n: int) -> dict:
    rnd = random.Random(42)
    entries = []
    for i in range(n):
        name = " ".join(rnd.choice(WORDS).title() for _ in range(rnd.randint(2, 4))) + f" {i} " + rnd.choice(FORMS)
        entries.append({"id": f"e{i}", "name": name, "aliases": [name.split(" ")[0] + f" Group {i}"] if i % 3 == 0 else []})
    return {"schema": "reedesk.screeninglist/1",
            "list": {"id": "bench", "kind": "other", "name_en": "bench", "authority": "bench", "version_date": "2026-01-01"},
            "entries": entries}


def brute(name: str, lists: list) -> int:
    """The naive way (normalise and score every spelling per call), for the ratio."""
    return sum(1 for lst in lists for e in lst.entries if max(score(name, n) for n in e.names) >= 88)


def main() -> None:
    for n in (1_000, 15_000):
        doc = synthetic(n)
        t0 = time.perf_counter()
        lst = parse_list_document(doc, "bench")
        parse = time.perf_counter() - t0
        lists = shipped_lists() + [lst]
        names = ["Lockheed Martin Corp.", "Rhein Antriebe GmbH", "Pacific Orbit Systems 12 Ltd", "斯巴鲁株式会社",
                 "三菱造船株式會社", "Sanling Zaochuan"]  # Traditional script and pinyin (cross-script keys)
        screen_name(names[0], lists)  # warm-up
        t0 = time.perf_counter()
        rounds = 5
        for _ in range(rounds):
            for name in names:
                screen_name(name, lists)
        per = (time.perf_counter() - t0) / (rounds * len(names))
        total = sum(len(x.entries) for x in lists)
        t0 = time.perf_counter()
        for name in names:
            brute(name, lists)
        naive = (time.perf_counter() - t0) / len(names)
        print(f"{total:>6} entries: parse {parse * 1000:8.1f} ms; screen one name {per * 1000:8.1f} ms "
              f"({per / total * 1e6:.2f} µs per entry); naive per-spelling scoring {naive * 1000:8.1f} ms "
              f"(x{naive / per:.0f} slower)")


if __name__ == "__main__":
    main()

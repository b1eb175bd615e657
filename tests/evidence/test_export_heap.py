"""The export's heap: the process's long-lived objects frozen once, nothing kept across many exports (issue 13).

After its first export a desk process moves the objects alive then to Python's permanent generation
(``reedesk.collector.settle_long_lived``), so later full collections walk only what was made since
instead of the whole warm heap (~400,000 objects, ~150 ms each). These tests run real exports on a
real desk and check what that must not cost: nothing frozen a second time, no objects piling up
from one export to the next, cycles made after the freeze still collected, the memory flat.
"""

from __future__ import annotations

import gc
import weakref

from reedesk import collector
from tests.evidence.helpers import export, make_identity


def _rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096


def test_the_warm_heap_is_frozen_once_and_nothing_piles_up_across_exports(desk, tmp_path):
    make_identity(desk)
    languages = ("en", "zh-Hant", "zh-Hans")
    for index in range(3):  # warm-up: the first export settles the heap; every language's fonts loaded
        export(desk, "LM-2026-0042", tmp_path / f"warm-{index}.pdf", language=languages[index])
    assert collector._SETTLED[0]
    frozen = gc.get_freeze_count()
    assert frozen > 50_000  # the modules, fonts, rule packs, desk: what full collections no longer walk

    gc.collect()
    tracked_before, rss_before = len(gc.get_objects()), _rss_bytes()
    for index in range(9):
        out = tmp_path / f"pack-{index}.pdf"
        export(desk, "LM-2026-0042", out, language=languages[index % 3])
        out.unlink()
    gc.collect()
    tracked_after, rss_after = len(gc.get_objects()), _rss_bytes()

    # (<=, not ==: a frozen object may still die by its reference count — e.g. an entry a bounded cache drops —,
    # which lowers the count; freezing more would raise it)
    assert gc.get_freeze_count() <= frozen, "a later export froze more objects (they would never be collected)"
    # Nine exports leave what the bounded caches hold (string widths, subsets, QR codes), not their pages:
    # one export alone allocates ~100,000 tracked objects.
    assert tracked_after - tracked_before < 3_000, (tracked_before, tracked_after)
    assert rss_after - rss_before < 40 * 2**20, (rss_before, rss_after)


def test_cycles_made_after_the_freeze_are_still_collected(desk, tmp_path):
    make_identity(desk)
    export(desk, "LM-2026-0042", tmp_path / "pack.pdf")
    assert collector._SETTLED[0] and gc.isenabled()

    class Node:
        pass

    node = Node()
    node.itself = node  # a cycle: only the cyclic collector frees it
    alive = weakref.ref(node)
    del node
    gc.collect()
    assert alive() is None


def test_settling_twice_freezes_nothing_more(desk, tmp_path):
    make_identity(desk)
    export(desk, "LM-2026-0042", tmp_path / "pack.pdf")
    frozen = gc.get_freeze_count()
    keep = [object() for _ in range(10)] + [[i] for i in range(1000)]  # new tracked objects, alive
    assert collector.settle_long_lived() is False
    assert gc.get_freeze_count() == frozen
    assert len(keep) == 1010

"""The engine's shortcuts change no byte of a determination.

Issue 13 (evaluation ≤ 20× the bare rule loop): a reading's run reuses the primary run's results for
every rule the reading does not change (``reedesk.rules.engine`` keys them on the pack's content, the
suspension window over the rule, the territory view and, where the rule kind reads them, the dual-use
codes), and what depends only on a pack is worked out once per pack. ``engine.SHORTCUTS = False`` is the
plain path: every reading re-runs every rule and no pack plan is cached. For every golden determination
(tests/rules/data/golden-determinations.json.xz: the rules tests' inputs, with readings, screening and
licences) and every sample at each README date, both paths must give the same canonical bytes (RFC 8785),
so the stored document, its hash and every signature over it are those of the plain engine.
"""

from __future__ import annotations

import json
import lzma
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import engine
from reedesk.rules.packs import parse_pack, shipped_packs
from tests.conftest import sample_document

GOLDEN = Path(__file__).parent / "data" / "golden-determinations.json.xz"
SAMPLES = ("smco-magnet-vietnam", "ndfeb-magnet-chinese-technology", "gd-target-taiwan-memory-fab",
           "terbium-metal-export-from-china")
DATES = ("2025-10-01", "2026-01-15", "2026-05-01", "2026-11-10", "2026-11-11", "2026-11-25", "2027-02-01")


@lru_cache(maxsize=1)
def _calls() -> list[dict]:
    with lzma.open(GOLDEN, "rt", encoding="utf-8") as f:
        data = json.load(f)
    packs = {sha: parse_pack(text, f"golden pack {sha[:12]}") for sha, text in data["packs"].items()}
    return [{**c["input"], "packs": [packs[s] for s in c["input"]["packs"]]} for c in data["calls"]]


def _both(snapshot: dict, packs: list, as_of: date, **kw) -> tuple[bytes, bytes]:
    fast = canonical_bytes(engine.evaluate(snapshot, packs, as_of, **kw))
    engine.SHORTCUTS = False
    try:
        plain = canonical_bytes(engine.evaluate(snapshot, packs, as_of, **kw))
    finally:
        engine.SHORTCUTS = True
    return fast, plain


@pytest.mark.parametrize("chunk", range(8))
def test_shortcut_gives_the_plain_engines_bytes_for_every_golden_case(chunk: int) -> None:
    """Issue 13 "same outcomes and the same PDF text": the canonical determination (what is hashed and
    signed, FORMATS.md determination section) made with the shortcuts equals the full re-run's, byte for byte."""
    calls = _calls()
    for n in range(chunk, len(calls), 8):
        i = calls[n]
        fast, plain = _both(i["snapshot"], i["packs"], date.fromisoformat(i["as_of"]), revision=i["revision"],
                            screening=i["screening"], licences=i["licences"])
        assert fast == plain, f"golden call {n} ({i['snapshot'].get('reference')}, {i['as_of']})"


def _variants(doc: dict) -> list[dict]:
    """The sample as given, shipped to Hong Kong (the hk-mo-tw reading turns it into no export), and
    with its end use and a line's origin left out (insufficient data under some readings)."""
    hk = json.loads(json.dumps(doc))
    hk["shipment"]["destination"] = "HK"
    gaps = json.loads(json.dumps(doc))
    gaps["shipment"].pop("end_use", None)
    for comp in gaps.get("components", [])[:1]:
        comp.pop("origin", None)
    return [doc, hk, gaps]


@pytest.mark.parametrize("name", SAMPLES)
def test_shortcut_gives_the_plain_engines_bytes_for_every_sample(name: str) -> None:
    """The four samples (and variants that make the territory and data-gap readings matter) at the README
    dates and around No. 70's end (2026-11-10/11): byte-identical determinations on both paths."""
    packs = shipped_packs()
    for doc in _variants(sample_document(name)):
        for as_of in DATES:
            fast, plain = _both(doc, packs, date.fromisoformat(as_of))
            assert fast == plain, f"{name} ({doc['shipment']['destination']}) as of {as_of}"


def test_shortcut_gives_the_plain_engines_bytes_for_the_benchmark_dossiers() -> None:
    """benchmarks/rules_engine.py's dossiers (20 and 200 lines, mixed origins and currencies)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import AS_OF, dossier

    for lines in (20, 200):
        fast, plain = _both(dossier(lines), shipped_packs(), AS_OF)
        assert fast == plain


def test_readings_reuse_the_primary_runs_checks() -> None:
    """The shortcut is taken: under the shipped packs a 20-line dossier's value rule (No. 61 I(1), the costliest
    check) runs once — not once per reading (7 are evaluated): the two readings that change No. 61's item sets
    (containing elements, assemblies included) give every item-set answer the primary run was given for this
    dossier's lines (context.trace_matches), so its result stands."""
    import sys

    from reedesk.rules import deminimis

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import AS_OF, dossier

    calls = []
    original = engine.CONTROL["value_content"]
    engine.CONTROL["value_content"] = lambda *a, **k: calls.append(1) or original(*a, **k)
    try:
        doc = engine.evaluate(dossier(20), shipped_packs(), AS_OF)
    finally:
        engine.CONTROL["value_content"] = original
    assert original is deminimis.check
    from reedesk.rules.render import expand

    evaluated = [r for r in expand(doc)["readings"] if not r["primary"] and "error" not in r]
    assert len(evaluated) >= 6
    assert len(calls) == 1


def test_a_reading_that_changes_an_item_set_answer_re_runs_the_check() -> None:
    """No. 61 Part 1 alloys (RULES.md second review, open point no61-part1-scope): a China-origin Nd-Fe-B alloy with
    Dy is no Dy-Fe alloy under the primary "principal" reading but is one under "containing elements". The value
    rule's noted answers differ under that reading, so its check runs again: the reading gives licence required
    where the primary gives not controlled, and the document equals the plain path's byte for byte."""
    from reedesk.rules.render import expand

    d = sample_document("smco-magnet-vietnam")
    d["components"] = [{"id": "A1", "description": "NdFeB alloy with Dy", "origin": "CN", "category": "rare_earth_alloy",
                        "elements": ["Nd", "Fe", "B", "Dy"], "value": {"amount": "10.00", "currency": "USD"}}]
    d["product"]["elements"] = ["Nd", "Dy", "Fe", "B"]  # an NdFeB-Dy magnet whose Dy that line supplies (engine 3.5.0)
    day = date(2026, 11, 25)
    fast, plain = _both(d, shipped_packs(), day)
    assert fast == plain
    doc = expand(engine.evaluate(d, shipped_packs(), day))
    outcomes = {r["id"]: r["outcome"] for r in doc["readings"]}
    assert doc["outcome"] == outcomes["primary"] == "not_controlled"
    assert outcomes["containing-elements"] == "license_required"


def test_the_provision_readings_re_run_a_rule_only_for_goods_that_stay_in_china() -> None:
    """customs-exports-only and outside-mainland-recipients set ``provision_in_home`` / ``provision_to`` on eight to
    thirteen rules; a check reads them only when the goods stay in the rule's home country (scope.export_or_provision,
    destination.check), so for a dossier shipped abroad (the 20-line benchmark, to DE) no check runs again under them
    (SPEED9: ~14 % of an evaluation), while for goods handed over in China to a foreign party the readings re-run the
    rules and give their own answer — both byte for byte the plain path's."""
    import sys

    from reedesk.rules import readings as readings_mod
    from reedesk.rules.render import expand

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import AS_OF, dossier

    provision = ("customs-exports-only", "outside-mainland-recipients")
    checks: list[str] = []
    originals = dict(engine.CONTROL)
    current: list[str] = [""]
    for kind, fn in originals.items():
        engine.CONTROL[kind] = (lambda fn: lambda *a, **k: checks.append(current[0]) or fn(*a, **k))(fn)
    real = readings_mod.evaluate_readings

    def naming(chosen, primary, determine):
        points = [r.id for pt in readings_mod.open_points(chosen) for r in pt.alternatives if r.evaluated]
        order = iter(points)

        def each(variant):
            current[0] = next(order)
            return determine(variant)
        return real(chosen, primary, each)

    engine.readings_mod.evaluate_readings = naming
    try:
        abroad = dossier(20)
        engine.evaluate(abroad, shipped_packs(), AS_OF)
        assert not [c for c in checks if c in provision]
        checks.clear()
        home = dossier(20)
        home["shipment"]["destination"] = "CN"  # handed over in China to a German end user (a foreign party)
        home["product"]["made_in"] = home["exporter"]["country"] = home["client"]["country"] = "CN"
        home["shipment"]["export_from"] = "CN"
        doc = expand(engine.evaluate(home, shipped_packs(), AS_OF))
        assert [c for c in checks if c == "customs-exports-only"]
    finally:
        engine.CONTROL.update(originals)
        engine.readings_mod.evaluate_readings = real
    outcomes = {r["id"]: r["outcome"] for r in doc["readings"]}
    assert outcomes["customs-exports-only"] != outcomes["primary"]  # goods that stay in China are not exported there
    for d in (abroad, home):
        fast, plain = _both(d, shipped_packs(), AS_OF)
        assert fast == plain



def test_a_reading_that_sets_an_unread_gated_parameter_reuses_the_primarys_pack_answers() -> None:
    """A pack that sets ``provision_in_home`` explicitly (the customs-exports-only reading's patched packs) and the
    primary pack that leaves it to its default read the same when no check reads it (goods shipped abroad): SPEED10
    made their run keys equal ((None,) gate answers and none are one key), so the reading's run takes the primary's
    answer for every pack instead of walking each patched pack's rules again (~45 µs of ~95 µs for that reading) —
    the same bytes as the plain path."""
    import sys

    from reedesk.rules import readings as readings_mod

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import AS_OF, dossier

    walked: list[str] = []
    current: list[str] = [""]
    real_walk, real_readings = engine._pack_findings, readings_mod.evaluate_readings

    def walk(*a, **k):
        walked.append(current[0])
        return real_walk(*a, **k)

    def naming(chosen, primary, determine):
        order = iter([r.id for pt in readings_mod.open_points(chosen) for r in pt.alternatives if r.evaluated])

        def each(variant):
            current[0] = next(order)
            return determine(variant)
        return real_readings(chosen, primary, each)

    engine._pack_findings, engine.readings_mod.evaluate_readings = walk, naming
    try:
        engine.evaluate(dossier(20), shipped_packs(), AS_OF)
    finally:
        engine._pack_findings, engine.readings_mod.evaluate_readings = real_walk, real_readings
    assert walked.count("") >= 10  # the primary run walks every pack
    for reading in ("customs-exports-only", "outside-mainland-recipients", "not-dual-use-while-suspended"):
        assert reading not in walked, (reading, walked.count(reading))
    fast, plain = _both(dossier(20), shipped_packs(), AS_OF)
    assert fast == plain


CODES_READING = '''
[[open_points]]
id = "test-magnets-listed"
point_en = "Whether a NdFeB magnet is an item of 1C904 (a point made up for this test)"
point_zh = "钕铁硼磁体是否属于1C904物项（本测试虚构的问题）"
point_zh_hant = "釹鐵硼磁體是否屬於1C904物項（本測試虛構的問題）"
[[open_points.readings]]
id = "not-listed"
primary = true
description_en = "Not listed"
description_zh = "不属于"
description_zh_hant = "不屬於"
source = "test"
status = "text"
[[open_points.readings]]
id = "listed"
description_en = "Listed"
description_zh = "属于"
description_zh_hant = "屬於"
if_en = "a NdFeB magnet is a 1C904 item"
if_zh = "钕铁硼磁体属于1C904物项"
if_zh_hant = "釹鐵硼磁體屬於1C904物項"
source = "test"
status = "commentary"
[[open_points.readings.set]]
path = "items[name=tb_metal_oxide_compound].categories"
value = ["rare_earth_metal", "rare_earth_oxide", "rare_earth_compound", "rare_earth_permanent_magnet"]
[[open_points.readings.set]]
path = "items[name=tb_metal_oxide_compound].elements_any"
value = ["Tb", "Nd"]
'''


def test_shortcut_keys_the_rules_that_read_dual_use_codes_on_them() -> None:
    """A reading that changes which dual-use list codes the product is (here: a No. 18 item set made to take
    NdFeB magnets) changes what the code-reading rule kinds find (No. 1's dual-use ban for Japan, the catch-all
    of Export Control Law Art. 12, the lists); their findings under that reading are re-made, not reused, and
    the determination equals the plain path's byte for byte."""
    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.rules import readings
    from reedesk.rules.packs import select_packs

    shipped = shipped_packs()
    text = next(p for p in shipped if p.id == "cn-mofcom-gac-2025-018").source_text
    packs = [p for p in shipped if p.id != "cn-mofcom-gac-2025-018"] + [parse_pack(text + CODES_READING, "test-018.toml")]
    doc = sample_document("smco-magnet-vietnam")
    for dest, made, end_use in (("JP", "CN", "military"), ("JP", "VN", "military"), ("DE", "CN", "civil")):
        d = json.loads(json.dumps(doc))
        d["product"]["made_in"] = d["shipment"]["export_from"] = made
        d["product"]["elements"] = ["Nd", "Fe", "B"]
        d["shipment"]["destination"] = dest
        d["shipment"]["end_use"] = {"category": end_use, "description": "test"}
        d["shipment"]["end_user"] = {"name": "Test KK", "country": dest}
        for as_of in ("2026-05-01", "2026-11-25"):
            day = date.fromisoformat(as_of)
            chosen = select_packs(packs, day)
            point = next(pt for pt in readings.open_points(chosen) if pt.id == "test-magnets-listed")
            variant = readings.variant_packs(chosen, point, point.alternatives[0])
            dossier = parse_dossier(d)
            assert engine._inputs(dossier, variant, day, None, ()).dual_use_codes == ("1C904",)
            assert engine._inputs(dossier, chosen, day, None, ()).dual_use_codes == ()
            fast, plain = _both(d, packs, day)
            assert fast == plain, (dest, made, as_of)


def test_evaluations_on_two_threads_give_the_sequential_bytes() -> None:
    """The engine's caches and check traces are shared by the process, the traces kept per thread
    (context.trace_matches): two threads evaluating at once, switching every 10 µs — one a dossier whose No. 61
    reading re-runs the value rule, one the 20-line benchmark dossier — each get the bytes they get alone. (A race
    on the traces needs a narrow interleaving, so this guards the caches more than it proves the traces.)"""
    import sys
    import threading

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from rules_engine import AS_OF, dossier

    alloy = sample_document("smco-magnet-vietnam")
    alloy["components"] = [{"id": "A1", "description": "NdFeB alloy with Dy", "origin": "CN", "category": "rare_earth_alloy",
                            "elements": ["Nd", "Fe", "B", "Dy"], "value": {"amount": "10.00", "currency": "USD"}}]
    cases = [(alloy, date(2026, 11, 25)), (dossier(20), AS_OF)]
    alone = [canonical_bytes(engine.evaluate(doc, shipped_packs(), day)) for doc, day in cases]
    got: dict[int, list[bytes]] = {0: [], 1: []}

    def work(n: int) -> None:
        doc, day = cases[n]
        for _ in range(15):
            got[n].append(canonical_bytes(engine.evaluate(doc, shipped_packs(), day)))

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, inside the traced checks too
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert got[0] == [alone[0]] * 15 and got[1] == [alone[1]] * 15


def test_an_unknown_place_of_making_splits_under_every_reading_as_the_plain_path_does() -> None:
    """Engine 3.6.0 splits an unknown ``product.made_in`` over the places the rules tell apart (engine._made_in_split):
    its answer follows from the packs' answers for each place, not from this dossier's pack answers alone, so a
    reading's run must not take an earlier run's split because its own pack answers are that run's (SPEED10's reuse of
    whole answers first did, and four of these dossiers came out otherwise than the plain path, e.g. a reading whose
    change reaches only a China-made item). Every one of them gives the plain path's bytes."""
    import copy

    from tests.rules.test_engine_3_6 import AS_OF as AS_OF_3_6, _smco_made_unknown

    for base in (_smco_made_unknown("6.50"), _smco_made_unknown("0.02")):
        for category in ("rare_earth_permanent_magnet", "rare_earth_alloy", "rare_earth_metal", "other"):
            for destination in ("DE", "US", "HK", "CN"):
                for export_from in ("VN", "CN", "HK"):
                    doc = copy.deepcopy(base)
                    doc["product"]["category"] = category
                    doc["shipment"]["destination"], doc["shipment"]["export_from"] = destination, export_from
                    fast, plain = _both(doc, shipped_packs(), AS_OF_3_6)
                    assert fast == plain, (category, destination, export_from, base["components"][0]["value"])

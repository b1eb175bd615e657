"""Headroom to the 0.1 % value rule and the smallest re-sourcing set.

Legal basis of every case: MOFCOM Announcement No. 61 of 2025, Art. I(1) — a foreign-made
Annex 1 Part 2 item is controlled when China-origin Part 1 content is 0.1 % or more of its
value (「价值比例达到0.1%及以上」), valued by the EAR de minimis method (RULES.md); so the content
must end strictly below 0.1 % of the item value for the rule not to apply.
"""

from __future__ import annotations

import copy
import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reedesk.errors import ReedeskError
from reedesk.portfolio.headroom import headroom, smallest_set
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document
from tests.rules.builders import AFTER_SUSPENSION, VALUE_RULE, component, finding, magnet, run


def _brute(values: list[Decimal], margin: Decimal) -> tuple[int, ...] | None:
    """Every subset, smallest first: fewest, then least sum, then first positions."""
    if margin < 0:
        return ()
    for k in range(1, len(values) + 1):
        ok = [c for c in itertools.combinations(range(len(values)), k) if sum(values[i] for i in c) > margin]
        if ok:
            return min(ok, key=lambda c: (sum(values[i] for i in c), c))
    return None


def test_sample_smco_magnet_headroom_figures() -> None:
    """No. 61 I(1): the Sm-Co sample's 6.50 USD of China-origin Sm metal in a 48.00 USD magnet
    is 13.5417 %, above 0.1 % by 6.452 USD; re-sourcing that one line brings it to zero."""
    h = headroom(run(sample_document("smco-magnet-vietnam")))
    assert h["rule"] == VALUE_RULE and h["rule_result"] == "applies"
    assert (h["ratio_percent_display"], h["threshold_percent_display"], h["threshold_value"]) == ("13.5417", "0.1000", "0.04800")
    assert Decimal(h["margin"]) == Decimal("6.452") and h["margin_percent_points_display"] == "13.4417"
    assert [line["id"] for line in h["lines"]] == ["C1"]  # C2 (Co, other) is not Part 1 content
    assert h["resourcing"]["status"] == "found" and h["resourcing"]["lines"] == ["C1"]
    assert Decimal(h["resourcing"]["content_after"]) == 0
    assert "6.452 USD" in h["statement"]["en"] and "13.4417 個百分點" in h["statement"]["zh-Hant"]


def test_equal_shares_fewest_lines_then_ranking_order() -> None:
    """No. 61 I(1), content must end below 0.1 %: four equal lines of 0.05 in a 100.00 item
    (bar 0.1, content 0.20): two lines leave exactly 0.10 — at the threshold, still controlled —
    so three are needed; every three-line set moves 0.15, and the first three in the
    bill of materials are named."""
    doc = magnet(*(component(f"L{i}", "0.05") for i in range(1, 5)), value="100.00")
    h = headroom(run(doc))
    assert [line["share_percent_display"] for line in h["lines"]] == ["25.0000"] * 4
    r = h["resourcing"]
    assert r["count"] == 3 and r["lines"] == ["L1", "L2", "L3"]
    assert Decimal(r["value_moved"]) == Decimal("0.15") and Decimal(r["content_after"]) == Decimal("0.05")


def test_tie_on_count_broken_by_least_value_moved() -> None:
    """No. 61 I(1): lines 0.10, 0.07, 0.04 in a 100.00 item (content 0.21, bar 0.1, excess 0.11).
    No single line is enough (0.10 leaves 0.11); of the two-line sets, {0.10, 0.07} and
    {0.10, 0.04} both work — the tie-break takes the one that moves less value (0.14), not the
    two largest; {0.07, 0.04} leaves exactly 0.10, at the threshold, so it does not work."""
    doc = magnet(component("A", "0.10"), component("B", "0.07"), component("C", "0.04"), value="100.00")
    h = headroom(run(doc))
    assert [line["id"] for line in h["lines"]] == ["A", "B", "C"]
    r = h["resourcing"]
    assert r["lines"] == ["A", "C"] and Decimal(r["value_moved"]) == Decimal("0.14")
    assert Decimal(r["margin_after"]) == Decimal("-0.03")


def test_other_currency_ranked_by_converted_value() -> None:
    """No. 61 I(1), EAR method step 4 (one currency at a stated rate): 1.00 CNY at 0.14 is
    0.14 USD and ranks below a 0.20 USD line; in a 200.00 USD item (bar 0.2, content 0.34,
    excess 0.14) the CNY line alone would leave exactly 0.20 — at the threshold — so the USD
    line is the one named."""
    doc = magnet(component("CNY1", "1.00", currency="CNY"), component("USD1", "0.20"), value="200.00",
                 rates=[{"from": "CNY", "to": "USD", "rate": "0.14", "date": "2026-11-20", "source": "bank"}])
    h = headroom(run(doc))
    assert [(line["id"], Decimal(line["value"])) for line in h["lines"]] == [("USD1", Decimal("0.20")), ("CNY1", Decimal("0.14"))]
    assert h["resourcing"]["lines"] == ["USD1"] and Decimal(h["resourcing"]["content_after"]) == Decimal("0.14")


def test_already_below_names_no_line() -> None:
    """No. 61 I(1): 0.05 of China-origin content in a 100.00 item is 0.05 %, below 0.1 %."""
    h = headroom(run(magnet(component("A", "0.05"), value="100.00")))
    assert h["comparison"] == "below" and h["resourcing"]["status"] == "already_below" and h["resourcing"]["lines"] == []
    assert Decimal(h["margin"]) == Decimal("-0.05") and "Below the threshold by 0.05 USD" in h["statement"]["en"]


def test_exact_threshold_is_at_or_above_and_shows_more_places() -> None:
    """No. 61 I(1) 「达到0.1%及以上」: exactly 0.1 % is controlled; one line of exactly the bar must move."""
    h = headroom(run(magnet(component("A", "1.00"), value="1000.00")))
    assert h["comparison"] == "at_or_above" and Decimal(h["margin"]) == 0
    assert h["resourcing"]["lines"] == ["A"] and h["lines"][0]["alone_reaches_threshold"] is True


def test_content_a_hair_below_the_threshold_at_format_sizes_is_below_and_shown_so() -> None:
    """Engine 3.7.0 (session 14's F2): 9999999999999999.99999999999999999999 of 10^19 is 10^-20 below 0.1 %. The
    headroom's sums are exact too, and its percentages carry the places the ratio needs: never "0.1000… %" beside
    "0.1000… %" and "below"."""
    h = headroom(run(magnet(component("A", "4999999999999999.99999999999999999999"), component("B", "5000000000000000"),
                            value="10000000000000000000")))
    assert h["comparison"] == "below" and h["resourcing"]["status"] == "already_below"
    assert Decimal(h["margin"]) == Decimal("-1E-20")
    assert Decimal(h["ratio_percent_display"]) < Decimal(h["threshold_percent_display"]) == Decimal("0.1")
    assert "sums and differences exact" in h["rounding"]["en"] and "加减精确计算" in h["rounding"]["zh-Hans"]


def test_no_value_rule_ratio_is_one_sentence() -> None:
    """Without the item value (the ratio's denominator) there is no headroom to state."""
    with pytest.raises(ReedeskError, match="cannot be computed"):
        headroom(run(magnet(component("A", "1.00"), value=None)))


def test_suspended_rule_still_measured_and_said() -> None:
    """No. 70 of 2025 suspends No. 61 until 2026-11-10: the ratio is the same figure, and the
    statement says the rule is suspended on that date."""
    h = headroom(evaluate(sample_document("smco-magnet-vietnam"), shipped_packs(), date(2026, 5, 1)))
    assert h["rule_result"] == "suspended" and "suspended" in h["statement"]["en"] and "暫停實施" in h["statement"]["zh-Hant"]


amounts = st.integers(min_value=1, max_value=400).map(lambda n: Decimal(n).scaleb(-2))


@settings(max_examples=300, deadline=None)
@given(st.lists(amounts, min_size=0, max_size=8), st.integers(min_value=-50, max_value=1500).map(lambda n: Decimal(n).scaleb(-2)))
def test_smallest_set_matches_brute_force(values: list[Decimal], margin: Decimal) -> None:
    """The branch-and-bound search gives exactly what trying every subset gives."""
    ranked = sorted(values, reverse=True)
    assert smallest_set(ranked, margin) == _brute(ranked, margin)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(amounts, st.booleans()), min_size=1, max_size=6),
       st.integers(min_value=50, max_value=3000).map(lambda n: Decimal(n).scaleb(-1)))
def test_generated_dossiers_against_engine_brute_force(lines: list[tuple[Decimal, bool]], item_value: Decimal) -> None:
    """On generated dossiers, re-sourcing the named lines (origin CN → JP) makes the engine's
    No. 61 I(1) finding stop applying, and no set with fewer lines — or as many lines and
    less value — does; found by re-running the engine on every subset."""
    comps = [component(f"L{i}", str(v), origin="CN" if china else "JP") for i, (v, china) in enumerate(lines)]
    doc = magnet(*comps, value=str(item_value))
    h = headroom(run(doc))

    def below_after(subset: tuple[int, ...]) -> bool:
        changed = copy.deepcopy(doc)
        for i in subset:
            changed["components"][i]["origin"] = "JP"
        return finding(run(changed), VALUE_RULE)["figures"]["comparison"] == "below"

    china_lines = [i for i, (_, china) in enumerate(lines) if china]
    value = {i: lines[i][0] for i in china_lines}
    best = None
    for k in range(0, len(china_lines) + 1):
        ok = [c for c in itertools.combinations(china_lines, k) if below_after(c)]
        if ok:
            best = min(ok, key=lambda c: sum(value[i] for i in c))
            break
    r = h["resourcing"]
    assert best is not None  # re-sourcing every China-origin line leaves no content
    assert r["count"] == len(best)
    assert Decimal(r["value_moved"] or 0) == sum((value[i] for i in best), Decimal(0))
    assert below_after(tuple(r["indexes"]))

"""The 0.1 % value rule (reedesk/rules/deminimis.py): boundary, summing, Part 1 scope,
conversion, missing data, and hypothesis properties."""

from __future__ import annotations

from decimal import Decimal, getcontext, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules.engine import RANK
from tests.rules.builders import VALUE_RULE, component, finding, magnet, rate, run


def test_exactly_one_tenth_of_a_percent_is_controlled() -> None:
    doc = run(magnet(component("C1", "1.000"), value="1000.00"))
    f = finding(doc, VALUE_RULE)
    assert f["result"] == "applies"
    assert f["figures"]["comparison"] == "at_or_above"
    assert Decimal(f["figures"]["ratio"]) == Decimal("0.001")
    assert Decimal(f["figures"]["margin"]) == 0
    assert doc["outcome"] == "license_required"


def test_just_below_one_tenth_of_a_percent_is_not_controlled() -> None:
    doc = run(magnet(component("C1", "0.9999999"), value="1000.00"))
    f = finding(doc, VALUE_RULE)
    assert f["result"] == "does_not_apply"
    assert f["figures"]["comparison"] == "below"
    assert Decimal(f["figures"]["margin"]) == Decimal("-0.0000001")
    assert doc["outcome"] == "not_controlled"
    # At 4 places the percentage would read 0.1000 % like the threshold: more places are shown, and said.
    assert f["figures"]["ratio_percent_display"] == "0.09999999"
    assert f["figures"]["threshold_percent"] == "0.10000000"
    assert "8 decimal places" in f["explanation"]["en"]


def test_content_is_summed_across_components() -> None:
    parts = [component(f"C{i}", "0.30", elements=[el]) for i, el in enumerate(["Sm", "Dy", "Tb", "Gd"])]
    doc = run(magnet(*parts, value="1000.00"))  # 4 × 0.30 = 1.20 ≥ 1.00, each alone is below
    f = finding(doc, VALUE_RULE)
    assert f["figures"]["content_total"] == "1.20"
    assert f["result"] == "applies"
    alone = run(magnet(parts[0], value="1000.00"))
    assert finding(alone, VALUE_RULE)["result"] == "does_not_apply"


def test_nd_and_pr_do_not_count() -> None:
    doc = run(magnet(component("ND", "500.00", elements=["Nd"]), component("PR", "200.00", elements=["Pr"]),
                     component("NDFEB", "100.00", category="rare_earth_alloy", elements=["Nd", "Fe", "B"]), value="1000.00",
                     elements=["Nd", "Pr", "Fe", "B"]))  # an NdFeB magnet: engine 3.5.0 asks where a Sm-Co magnet's Sm came from
    f = finding(doc, VALUE_RULE)
    assert [c["counted"] for c in f["figures"]["components"]] == [False, False, False]
    assert "not:" in f["figures"]["components"][0]["reason"]["en"]
    assert f["figures"]["content_total"] == "0"
    assert doc["outcome"] == "not_controlled"


def test_non_chinese_origin_and_other_categories_do_not_count() -> None:
    doc = run(magnet(component("VN", "500.00", origin="VN"), component("CO", "500.00", category="other", elements=["Co"])))
    rows = finding(doc, VALUE_RULE)["figures"]["components"]
    assert [r["counted"] for r in rows] == [False, False]
    assert "origin VN" in rows[0]["reason"]["en"]


def test_part1_alloys_and_oxides_count_by_their_listed_forms() -> None:
    doc = run(magnet(component("SMCO", "1.00", category="rare_earth_alloy", elements=["Sm", "Co"]),
                     component("DYO", "1.00", category="rare_earth_oxide", elements=["Dy"]),
                     component("NDO", "1.00", category="rare_earth_oxide", elements=["Nd"])))
    assert [r["counted"] for r in finding(doc, VALUE_RULE)["figures"]["components"]] == [True, True, False]


def test_currency_conversion_is_applied_and_shown() -> None:
    doc = run(magnet(component("C1", "8.00", currency="CNY"), value="1000.00", rates=[rate("CNY", "USD", "0.1400")]))
    f = finding(doc, VALUE_RULE)
    row = f["figures"]["components"][0]
    assert row["converted"] == "1.120000"
    assert {k: v for k, v in row["rate"].items() if k not in ("selection", "not_used", "after_as_of")} == {"index": 0, "from": "CNY", "to": "USD", "rate": "0.1400", "date": "2026-11-20",
                           "source": "test bank", "applied": "multiply"}
    assert f["result"] == "applies"  # 1.12 ≥ 1.00; unconverted 8.00 CNY would also pass, so check a failing one:
    low = run(magnet(component("C1", "7.00", currency="CNY"), value="1000.00", rates=[rate("CNY", "USD", "0.1400")]))
    assert finding(low, VALUE_RULE)["figures"]["content_total"] == "0.980000"
    assert low["outcome"] == "not_controlled"
    assert any("× 0.1400" in s["en"] for s in finding(low, VALUE_RULE)["steps"])


def test_inverse_rate_is_used_when_only_the_reverse_pair_is_stated() -> None:
    doc = run(magnet(component("C1", "10.00", currency="CNY"), rates=[rate("USD", "CNY", "8")]))
    row = finding(doc, VALUE_RULE)["figures"]["components"][0]
    assert row["rate"]["applied"] == "divide"
    assert Decimal(row["converted"]) == Decimal("1.25")


def test_latest_rate_on_or_before_the_as_of_date_is_used() -> None:
    rates = [rate("CNY", "USD", "0.1300", "2026-10-01"), rate("CNY", "USD", "0.1400", "2026-11-20"),
             rate("CNY", "USD", "0.9000", "2026-12-31")]
    row = finding(run(magnet(component("C1", "10", currency="CNY"), rates=rates)), VALUE_RULE)["figures"]["components"][0]
    assert row["rate"]["date"] == "2026-11-20"


def test_missing_rate_gives_insufficient_data_naming_it() -> None:
    doc = run(magnet(component("C1", "0.50", currency="CNY"), value="1000.00"))
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["exchange_rates[CNY->USD]"]
    assert doc["missing"][0]["needed_by"] == VALUE_RULE
    assert "CNY→USD" in doc["missing"][0]["en"]


def test_missing_value_gives_insufficient_data_naming_it() -> None:
    doc = run(magnet(component("C1", None), value="1000.00"))
    assert doc["outcome"] == "insufficient_data"
    assert [m["field"] for m in doc["missing"]] == ["components[0].value.amount"]


def test_missing_item_value_and_unknown_origin_are_named() -> None:
    doc = run(magnet(component("C1", "0.10"), component("C2", "0.10", origin=None), value=None))
    assert doc["outcome"] == "insufficient_data"
    assert {m["field"] for m in doc["missing"]} == {"components[1].origin", "product.unit_value.amount"}


def test_missing_data_does_not_matter_once_the_threshold_is_reached() -> None:
    doc = run(magnet(component("C1", "5.00"), component("C2", None), component("C3", "1.00", origin=None), value="1000.00"))
    assert finding(doc, VALUE_RULE)["result"] == "applies"
    assert doc["outcome"] == "license_required"
    assert doc["missing"] == []


def test_missing_data_of_inputs_that_cannot_count_is_not_asked_for() -> None:
    doc = run(magnet(component("C1", None, origin="AU"), component("C2", None, elements=["Nd"])))
    assert doc["outcome"] == "not_controlled"
    assert doc["missing"] == []


def test_items_made_or_exported_in_china_are_outside_the_value_rule() -> None:
    doc = run(magnet(component("C1", "500.00"), made_in="CN", export_from="CN"))
    f = finding(doc, VALUE_RULE)
    assert f["result"] == "does_not_apply"
    assert "made in CN" in f["explanation"]["en"]


def test_ratio_is_full_precision_and_display_rounding_is_stated() -> None:
    f = finding(run(magnet(component("C1", "1"), value="3")), VALUE_RULE)["figures"]
    assert f["ratio"] == "0.3333333333333333333333333333333333"
    assert f["ratio_percent_display"] == "33.3333"
    assert "ROUND_HALF_EVEN" in f["display_rounding"] and "ROUND_HALF_EVEN" in f["precision"]


def test_result_ignores_the_callers_decimal_context() -> None:
    doc = magnet(component("C1", "1"), value="3")
    baseline = canonical_bytes(run(doc))
    with localcontext() as ctx:
        ctx.prec = 5
        assert getcontext().prec == 5
        assert canonical_bytes(run(doc)) == baseline


# ------------------------------------------------------------------------- properties

amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(content=st.lists(amounts, min_size=0, max_size=4), extra=positive, value=positive,
       end_use=st.sampled_from(["civil", "military", "advanced_logic_14nm", "humanitarian"]))
def test_more_china_origin_part1_content_never_lowers_the_outcome(content, extra, value, end_use) -> None:
    # a non-Chinese Sm line supplies the magnet's Sm (engine 3.5.0: a Part 1 element no line supplies is unknown)
    parts = [component("AU", "0.00", origin="AU"), *(component(f"C{i}", str(a)) for i, a in enumerate(content))]
    before = run(magnet(*parts, value=str(value), end_use=end_use))
    after = run(magnet(*parts, component("MORE", str(extra)), value=str(value), end_use=end_use))
    assert RANK[after["outcome"]] >= RANK[before["outcome"]]


@settings(max_examples=60, deadline=None)
@given(cny=st.lists(positive, min_size=1, max_size=3), usd=st.lists(amounts, max_size=2), value=positive,
       fx=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=4),
       k=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2))
def test_scaling_all_values_and_rates_consistently_never_changes_the_outcome(cny, usd, value, fx, k) -> None:
    """Multiply every USD value by k and the CNY→USD rate by k: the ratio is the same."""
    def build(scale: Decimal) -> dict:
        parts = [component(f"Y{i}", str(a), currency="CNY") for i, a in enumerate(cny)]
        parts += [component(f"U{i}", str(a * scale)) for i, a in enumerate(usd)]
        return magnet(*parts, value=str(value * scale), rates=[rate("CNY", "USD", str(fx * scale))])
    a, b = run(build(Decimal(1))), run(build(k))
    assert a["outcome"] == b["outcome"]
    assert finding(a, VALUE_RULE)["result"] == finding(b, VALUE_RULE)["result"]


@settings(max_examples=30, deadline=None)
@given(content=st.lists(amounts, min_size=1, max_size=5), value=positive)
def test_evaluation_is_deterministic_byte_for_byte(content, value) -> None:
    doc = magnet(*[component(f"C{i}", str(a)) for i, a in enumerate(content)], value=str(value))
    assert canonical_bytes(run(doc)) == canonical_bytes(run(doc))

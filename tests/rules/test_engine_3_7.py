"""Engine 3.7.0: the value rule's arithmetic at the sizes the dossier format allows (session 14's bug hunt).

A dossier may state 20 digits before the point and 20 after it (docs/dossier-import.md). Engine 3.6.0 added and
multiplied those values in a 34-digit context, so

- F1: a ratio of 10^29 (1,000,000,000 USD of content in an item valued 10^-20 USD) could not be shown to 4 places:
  ``decimal.InvalidOperation``, a traceback from ``reedesk evaluate`` and every ``evaluate --all`` of the desk;
- F2: 9999999999999999.99999999999999999999 USD of China-origin content in an item of 10^19 USD — 10^-20 USD below
  No. 61's 0.1 % — was rounded up to the threshold and read "at or above" it (licence required);
- F8: content valued 0 in an item valued 0 read as "below the threshold" (not controlled), where 0 of 0 is no share.

3.7.0 adds and multiplies exactly (``context.EXACT``), carries the ratio past 34 digits when 34 would round it onto
the threshold, and asks for the item's value when counted content sits in an item valued 0. A document 3.6.0 stored
re-runs as 3.6.0 read it, to its own bytes; relabelled 3.7.0 it does not.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from reedesk.rules import reproduce_with_engine
from reedesk.rules.engine import ENGINE_VERSION, evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.rules.shape4 import stored_bytes
from tests.rules.test_engine_3_4 import AS_OF, foreign_smco, old_label_reruns_as_it_read

DE_USER = {"name": "Rhein Antriebe GmbH", "country": "DE"}
RULE = "cn-mofcom-2025-061:I(1)"


def smco(content: str | list[str], item: str) -> dict:
    """The Vietnamese Sm-Co magnet with China-origin samarium lines of ``content`` USD in an item of ``item`` USD."""
    doc = foreign_smco(dict(DE_USER))
    line = doc["components"][0]
    amounts = [content] if isinstance(content, str) else content
    doc["components"] = [{**copy.deepcopy(line), "id": f"C{i + 1}", "value": {"amount": a, "currency": "USD"}}
                         for i, a in enumerate(amounts)]
    doc["product"]["unit_value"]["amount"] = item
    return doc


def value_finding(document: dict) -> dict:
    return next(f for f in expand(document)["findings"] if f["rule"] == RULE)


def test_the_engine_is_3_7_0():
    assert ENGINE_VERSION == "3.7.0"


@pytest.mark.parametrize("content", ["9999999999999999.99999999999999999999",
                                     ["4999999999999999.99999999999999999999", "5000000000000000"]])
def test_content_just_below_the_threshold_is_below_it_at_any_size(content):
    """F2: 10^-20 USD below 0.1 % of 10^19 USD is below — in one line or split over two (the sum is exact) — and the
    figures say so: the exact total, a ratio that is not the threshold, and a percentage that differs from 0.1 %."""
    d = evaluate(smco(content, "10000000000000000000"), shipped_packs(), AS_OF)
    f = value_finding(d)
    figures = f["figures"]
    assert f["result"] == "does_not_apply" and figures["comparison"] == "below"
    assert figures["content_total"] == "9999999999999999.99999999999999999999"
    assert figures["margin"] == "-0.00000000000000000001"
    assert Decimal(figures["ratio"]) < Decimal(figures["threshold"])
    assert figures["ratio_percent_display"] != figures["threshold_percent"]
    assert Decimal(figures["ratio_percent_display"]) < Decimal("0.1")
    assert expand(d)["outcome"] == "not_controlled"


def test_content_exactly_at_the_threshold_is_still_at_it():
    """The comparison stays inclusive (「达到0.1%及以上」): 10^16 USD of 10^19 USD is at the threshold."""
    f = value_finding(evaluate(smco("10000000000000000", "10000000000000000000"), shipped_packs(), AS_OF))
    assert f["result"] == "applies" and f["figures"]["comparison"] == "at_or_above"
    assert Decimal(f["figures"]["margin"]) == 0


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_a_ratio_of_ten_to_the_29_is_shown_not_raised(language):
    """F1: the percentage of a ratio of 10^29 is shown to 4 places (34 digits and more), in every language's memo."""
    from reedesk.cli.evaluate import memo

    d = evaluate(smco("1000000000", "0.00000000000000000001"), shipped_packs(), AS_OF)
    f = value_finding(d)
    assert f["result"] == "applies"
    assert f["figures"]["ratio"] == "100000000000000000000000000000"
    assert f["figures"]["ratio_percent_display"] == "10000000000000000000000000000000.0000"
    assert "10000000000000000000000000000000.0000" in memo(d, language)


def test_counted_content_in_an_item_valued_zero_asks_for_the_value():
    """F8: China-origin samarium valued 0 in a magnet valued 0: no share can be measured, so I(1) is undecided and the
    item's value is asked for (as it is when the content is above 0); content of an item valued above 0 is unchanged."""
    d = expand(evaluate(smco("0", "0"), shipped_packs(), AS_OF))
    f = next(f for f in d["findings"] if f["rule"] == RULE)
    assert f["result"] == "insufficient_data" and d["outcome"] == "insufficient_data"
    assert [m["field"] for m in d["missing"]] == ["product.unit_value.amount"]
    below = value_finding(evaluate(smco("0", "48.00"), shipped_packs(), AS_OF))
    assert below["result"] == "does_not_apply" and below["figures"]["comparison"] == "below"


def test_an_item_valued_zero_without_chinese_content_is_still_outside_the_rule():
    """No counted line (the samarium is Japanese): nothing to measure, I(1) does not apply whatever the value."""
    doc = smco("0", "0")
    doc["components"][0]["origin"] = "JP"
    f = value_finding(evaluate(doc, shipped_packs(), AS_OF))
    assert f["result"] == "does_not_apply"


@pytest.mark.parametrize(("doc", "then", "now"), [
    (lambda: smco("9999999999999999.99999999999999999999", "10000000000000000000"), "license_required", "not_controlled"),
    (lambda: smco("0", "0"), "not_controlled", "insufficient_data"),
])
def test_a_3_6_0_document_re_runs_as_3_6_0_read_it(doc, then, now):
    """A determination engine 3.6.0 stored re-runs to its own bytes (its rounding, its reading of 0 of 0); relabelled
    3.7.0 it does not, so the label cannot be swapped."""
    old_label_reruns_as_it_read(doc(), "3.6.0", then, now)


def test_a_3_7_0_document_of_the_sizes_re_runs_to_its_bytes():
    """The exact sums reproduce: a 3.7.0 document of the F2 dossier re-runs from its pack texts to the same bytes."""
    packs = shipped_packs()
    new = evaluate(smco(["4999999999999999.99999999999999999999", "5000000000000000"], "10000000000000000000"), packs, AS_OF)
    again = reproduce_with_engine(copy.deepcopy(new), [p.source_text for p in packs])
    assert stored_bytes(again) == stored_bytes(new)


def _inline_and_register():
    """A registered licence of 10 kg, and a dossier of 50 kg carrying its own copy of that number with 1,000 kg."""
    from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

    registered = copy.deepcopy(ISSUE_LICENCE)
    registered["limits"] = [{"quantity": "10", "unit": "kg"}]
    record = {**registered, "revision": 1, "sha256": "0" * 64, "usage": {"shipments": 0, "limits": [{"quantity": "0", "value": "0"}]}}
    copy_in_dossier = copy.deepcopy(ISSUE_LICENCE)
    copy_in_dossier["limits"] = [{"quantity": "1000", "unit": "kg"}]
    doc = copy.deepcopy(TB_DOSSIER)
    doc["shipment"]["quantity"] = {"amount": "50", "unit": "kg"}
    doc["shipment"]["licence"] = copy_in_dossier
    return doc, record


def test_a_dossiers_copy_of_a_registered_licence_does_not_cover_for_it():
    """Session 14's bug hunt (licences F3): the register's licence of that number decides (10 kg: 50 kg is not
    covered), not the dossier's own bigger copy; 3.6.0's document re-runs as 3.6.0 read it (covered by the copy)."""
    from datetime import date as day

    doc, record = _inline_and_register()
    packs = shipped_packs()
    new = expand(evaluate(copy.deepcopy(doc), packs, day(2026, 11, 25), licences=[record]))
    assert new["outcome"] == "license_required"
    assert new["licence"]["source"] == "register" and new["licence"]["covers"] is False
    old = evaluate(copy.deepcopy(doc), packs, day(2026, 11, 25), licences=[record], made_by="3.6.0")
    old["engine"] = {**old["engine"], "version": "3.6.0"}
    assert expand(old)["licence"]["source"] == "inline" and expand(old)["licence"]["covers"] is True
    again = reproduce_with_engine(copy.deepcopy(old), [p.source_text for p in packs])
    assert stored_bytes(again) == stored_bytes(old)

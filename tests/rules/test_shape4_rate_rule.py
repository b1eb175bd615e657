"""Shape 4's short reference for engine 3.6.0's rate-rule working step (``["rate_rule", "figures"]``, session 9).

Engine 3.6.0 states the value rule's rate rule in No. 61's pack words (``figures.rate_rule`` = ``@rate_rule``) and its
working step says the same; shape 2's ``["rate_rule"]`` is the general rule of earlier engines, so the step was written
out in full (7,860 B for the 20-line benchmark document). Shape 4 now refers to ``figures.rate_rule``, and a value rule
whose steps are then all references in the usual order writes them as the string ``"rows_figures_rate_rule"`` (as shape
3 writes ``"rows"``): 7,407 B. Documents of earlier engines keep their bytes (benchmarks/stored_bytes_corpus.py: only
documents of this engine with such a step changed)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.rules import compact
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.rules.shape4 import STANDARD_STEPS, attach_snapshot, decode4, findings_of, lean_finding, stored_bytes

FIGURES_REF = ["rate_rule", "figures"]


def _bench() -> tuple[dict, list, object]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from rules_engine import AS_OF, dossier
    finally:
        sys.path.pop(0)
    return dossier(20), shipped_packs(), AS_OF


def _value(findings: list) -> dict:
    return next(f for f in findings if f.get("rule") == "cn-mofcom-2025-061:I(1)")


def _standard(value: dict) -> list:
    return compact._standard_steps(value["figures"]["components"])


def test_the_20_line_documents_rate_rule_step_is_a_reference_and_decodes_to_shape_3_exactly():
    doc, packs, as_of = _bench()
    made = evaluate(doc, packs, as_of)
    stored = json.loads(stored_bytes(made))
    # every step a reference in the usual order, the rate rule's the new one: the whole list is one string
    assert _value(stored["findings"])["steps"] == STANDARD_STEPS
    three = compact.encode(made, packs, shape=3)
    steps = _value(three["findings"])["steps"]
    # what the string saves: the steps as shape 3 writes them (the step in full) cost ~450 B more; the document stays
    # within issue 13's 8,000 B (7,407 B at 1c7472d, against 7,860 B; packs that gain rules add findings)
    written_out = copy.deepcopy(stored)
    _value(written_out["findings"])["steps"] = steps
    assert len(canonical_bytes(written_out)) - len(stored_bytes(made)) > 400
    assert len(stored_bytes(made)) <= 8_000
    at = next(i for i, s in enumerate(steps) if isinstance(s, dict))
    full = steps[at]
    assert [s for i, s in enumerate(steps) if i != at] == [s for s in _standard(_value(three["findings"])) if s != ["rate_rule"]]
    assert full["t"] == "deminimis.check.11" and full["p"]["RATE_RULE"] == _value(three["findings"])["figures"]["rate_rule"]
    attached = attach_snapshot(stored, doc)
    by_id = {p.id: p for p in packs}
    assert canonical_bytes(decode4(attached, by_id)) == canonical_bytes(three)
    assert canonical_bytes(expand(copy.deepcopy(stored), snapshot=doc)) == canonical_bytes(expand(copy.deepcopy(three)))
    # the readers of the stored bytes that do not decode see the step as shape 3 wrote it
    assert _value(findings_of(stored))["steps"] == _value(three["findings"])["steps"]


def test_an_engine_3_5_0_document_keeps_the_general_reference():
    doc, packs, as_of = _bench()
    made = evaluate(doc, packs, as_of, made_by="3.5.0")
    assert _value(json.loads(stored_bytes(made))["findings"])["steps"] == "rows"  # shape 3's: ["rate_rule"] among them
    assert ["rate_rule"] in _value(compact.encode(made, packs, shape=2)["findings"])["steps"]


def test_only_a_step_that_is_exactly_figures_rate_rule_is_left_out():
    doc, packs, as_of = _bench()
    three = compact.encode(evaluate(doc, packs, as_of), packs, shape=3)
    value = _value(three["findings"])
    at = next(i for i, s in enumerate(value["steps"]) if isinstance(s, dict) and s.get("t") == "deminimis.check.11")
    kinds = {p.id: p for p in packs}
    assert lean_finding(value, kinds)["steps"] == STANDARD_STEPS
    unusual = copy.deepcopy(value)  # another step order: the reference alone, in a list
    unusual["steps"][0], unusual["steps"][1] = unusual["steps"][1], unusual["steps"][0]
    assert lean_finding(unusual, kinds)["steps"][at] == FIGURES_REF and lean_finding(unusual, kinds)["steps"][1] == ["scope"]
    assert findings_of({"shape": 4, "findings": [lean_finding(unusual, kinds)]})[0]["steps"] == unusual["steps"]
    for twist in ({"p": {"RATE_RULE": {"t": "deminimis.module.1"}}}, {"n": at + 2}, {"extra": 1},
                  {"p": {"RATE_RULE": value["figures"]["rate_rule"], "other": 1}}):
        twisted = copy.deepcopy(value)
        twisted["steps"][at] = {**twisted["steps"][at], **twist}
        assert lean_finding(twisted, kinds)["steps"][at] == twisted["steps"][at], twist
    no_figure = copy.deepcopy(value)
    del no_figure["figures"]["rate_rule"]
    assert lean_finding(no_figure, kinds)["steps"][at] == no_figure["steps"][at]
    assert lean_finding(value, kinds) is not value and value["steps"][at]["t"] == "deminimis.check.11"  # not changed in place

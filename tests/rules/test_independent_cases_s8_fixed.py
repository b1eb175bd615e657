"""Independent legal cases for the discrepancies engine 3.6.0 fixes (docs/independent-cases.md, session 7's (4) and
LEGALQA8's session-8 rate cases (1) and (2) in /tmp/team/NOTES.md).

The dossiers are built with the session-6 independent cases' builders (tests/rules/test_independent_cases_s6.py), written
from the texts; engine 3.5.0 gave the answers noted per case ("was"). Each docstring names the basis and the Chinese key
phrase and the outcome expected. They go through the product's service API (every party screened against the shipped
lists as of the date), as the session-6 and session-7 fixed cases do; each also re-runs as engine 3.5.0 read it
(``made_by="3.5.0"``), which must still give 3.5.0's answer: stored 3.5.0 documents reproduce.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import pytest

from reedesk.screening.normalise import to_traditional
from tests.rules.test_independent_cases_s6 import AFTER, cobalt, sm_metal, vn_smco
from tests.rules.test_independent_cases_s6_fixed import assert_fixed_outcome, module_desk

R61_1 = "cn-mofcom-2025-061:I(1)"


@dataclass
class Fixed:
    id: str
    as_of: str
    build: Callable[[], dict[str, Any]]
    outcome: str
    was: str  # what engine 3.5.0 gave (and gives still for its own documents' re-runs)
    decisive_prefix: str | None = None
    missing: list[str] = field(default_factory=list)
    says: tuple[str, ...] = ()  # Chinese words the deciding finding or missing entry quotes


FIXED: list[Fixed] = []


def fixed(id: str, as_of: str, outcome: str, was: str, **kw: Any) -> Callable[[Callable[[], dict[str, Any]]], Callable[[], dict[str, Any]]]:
    def register(fn: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
        doc = fn.__doc__ or ""
        assert f"`{outcome}`" in doc and "No." in doc, f"{id}: basis and outcome in the docstring"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in doc), f"{id}: the Chinese key phrase goes in the docstring"
        FIXED.append(Fixed(id, as_of, fn, outcome, was, **kw))
        return fn
    return register


def _rate(frm: str, to: str, rate: str, when: str | None) -> dict[str, Any]:
    return {"from": frm, "to": to, "rate": rate, "date": when, "source": "bank daily rate"}


@fixed("i1-rate-dated-after-the-as-of-date", "2026-12-02", "insufficient_data", "license_required",
       decisive_prefix=R61_1, missing=["exchange_rates[CNY->USD]"], says=("尚不可知",))
def _late_rate() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」 and RULES.md valuation step 4 ("one currency with a stated rate and date"):
    a Vietnamese Sm-Co magnet (48.00 USD) with Chinese Sm metal of 46.43 CNY; the only CNY→USD rate is dated 2026-12-15,
    after the as-of date 2026-12-02. Not knowable on that date → `insufficient_data` naming a CNY→USD rate (exchange_rates[CNY->USD]; REVIEW8b: not the late rate's date)
    (session 7's case (4); 3.5.0 used it with a warning)."""
    return vn_smco("LQ7-RATE-LATE", components=[sm_metal("46.43", currency="CNY"), cobalt()],
                   rates=[_rate("CNY", "USD", "0.1400", "2026-12-15")])


@fixed("i1-rate-date-unknown", AFTER, "insufficient_data", "license_required",
       decisive_prefix=R61_1, missing=["exchange_rates[0].date"], says=("未注明日期",))
def _undated_rate() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」; FORMATS.md (a value null while unknown: a determination that needs it is
    insufficient data naming it): the only CNY→USD rate has no date, so whether it was known on the as-of date is unknown
    → `insufficient_data` naming exchange_rates[0].date (LEGALQA8 (2); 3.5.0 counted it as dated on or before)."""
    return vn_smco("LQ8-J-RATENODATE", components=[sm_metal("0.50", currency="CNY"), cobalt()],
                   rates=[_rate("CNY", "USD", "0.1250", None)])


@fixed("i1-newest-rate-either-direction", AFTER, "license_required", "not_controlled", decisive_prefix=R61_1,
       says=("价值比例达到0.1%及以上",))
def _newest_rate() -> dict[str, Any]:
    """No. 61 一(一) 「价值比例达到0.1%及以上」: Chinese Sm metal of 0.383 CNY in a 48.00 USD magnet; CNY→USD 0.125 dated
    2026-11-01 and USD→CNY 5.0 dated 2026-11-20. The rate for the pair on the as-of date is the newest, whichever way it is
    quoted: 0.383 / 5.0 = 0.0766 USD = 0.16 % → `license_required` (LEGALQA8 (1); 3.5.0 took the older direct rate:
    0.0479 USD, below)."""
    return vn_smco("LQ8-I-NEWEST", components=[sm_metal("0.383", currency="CNY"), cobalt()],
                   rates=[_rate("CNY", "USD", "0.125", "2026-11-01"), _rate("USD", "CNY", "5.0", "2026-11-20")])


def _evaluate(desk: Any, c: Fixed, made_by: str | None = None) -> dict[str, Any]:
    from reedesk.domain.dossier_file import dossier_to_document, parse_dossier
    from reedesk.rules import engine
    from reedesk.rules.render import expand
    from reedesk.services.evaluation import active_packs, evaluate_dossier

    dossier = parse_dossier(copy.deepcopy(c.build()))
    made = evaluate_dossier(desk, dossier, c.as_of)
    if made_by is None:
        return expand(made)
    return expand(engine.evaluate(dossier_to_document(dossier), active_packs(desk), date.fromisoformat(c.as_of),
                                  screening=made["screening"], made_by=made_by))


lq8f_desk = module_desk("lq8f")


@pytest.mark.parametrize("c", FIXED, ids=[c.id for c in FIXED])
def test_fixed_case(c: Fixed, lq8f_desk: Any) -> None:
    """The outcome, decisive rules, missing fields and quoted words written from the texts (docstring), on engine 3.6.0 or
    a later one: in a finding's explanation, a missing entry, or the decisive rule's key phrase."""
    doc = _evaluate(lq8f_desk, c)
    assert tuple(int(n) for n in doc["engine"]["version"].split(".")) >= (3, 6, 0), doc["engine"]["version"]
    assert_fixed_outcome(doc, c)
    for phrase in c.says:  # said in both scripts: in the deciding finding, or in the missing entry that names the field
        quoted = [{"zh-Hans": f["citation"]["key_phrase_zh"], "zh-Hant": f["citation"]["key_phrase_zh_hant"]}
                  for f in doc["findings"] if f["rule"] in doc["decisive"]]
        said = [t for t in [*(f["explanation"] for f in doc["findings"]), *doc["missing"], *quoted] if phrase in t["zh-Hans"]]
        assert said, (c.id, phrase)
        assert to_traditional(phrase) in said[0]["zh-Hant"], (c.id, said[0]["zh-Hant"])


@pytest.mark.parametrize("c", FIXED, ids=[c.id for c in FIXED])
def test_engine_3_5_0_documents_keep_their_answer(c: Fixed, lq8f_desk: Any) -> None:
    """Re-run as engine 3.5.0 read the dossier (as reproduce_with_engine does for a stored 3.5.0 document): 3.5.0's answer."""
    assert _evaluate(lq8f_desk, c, made_by="3.5.0")["outcome"] == c.was, c.id

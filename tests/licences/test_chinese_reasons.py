"""The licence's reasons in Chinese carry no internal code and no English (the developers' guide: "No English or
internal codes in Chinese output; every user-visible name through the vocabulary catalogue").

Engine 3.6.0 (``zh_names``, passed by reedesk.rules.remarks.licence_effect as ``inputs.readings_3_6`` and by the
register's draw-down): a country is named by its Chinese name (CLDR through reedesk.vocabulary: KR 「韩国」/「南韓」), a
currency too (USD 「美元」, an amount written 「200000.00美元」), and lists are joined with 、. Every failure reason is built
here and its zh-Hans and zh-Hant text must hold no ASCII letter except what the user typed (party names, the licence
number, the issuing authority, item descriptions) and the control codes of China's control list (1C904, 1C904.a: the
official list numbers, printed so in the announcements), nor any ASCII ``, ; : ( )``; and it must pass the strict
checker of the Chinese pages (tests/cli/strict_chinese.py). Engine 3.5.0's documents keep their codes, byte for byte
(stored determinations re-run to their own bytes); English is the same under both.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any, Callable

import pytest

from reedesk.licences.matching import licence_effect
from tests.cli.strict_chinese import strict_problems
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

AS_OF = date(2026, 11, 25)
CHINESE = ("zh-Hans", "zh-Hant")
# A control code of the list (tests/language_check's CONTROL_CODE, without its \b: 「管制编码1C904」 has none before it).
CONTROL_CODE = re.compile(r"(?<![A-Za-z0-9])\d[A-E]\d{3}(?:\.[a-z0-9]+)*")


def _typed(lic: dict[str, Any], dossier: dict[str, Any]) -> list[str]:
    """What the user typed and a reason may print as typed."""
    out = [lic["number"], lic["authority"], lic["holder"]["name"]]
    out += [p["name"] for key in ("end_users", "consignees") for p in lic.get(key, [])]
    out += [i["description"] for i in lic["items"] if i.get("description")]
    for role in ("exporter",):
        if isinstance(dossier.get(role), dict):
            out.append(dossier[role]["name"])
    for role in ("end_user", "consignee", "importer"):
        if isinstance(dossier["shipment"].get(role), dict):
            out.append(dossier["shipment"][role]["name"])
    return [t for t in out if t]


def leftovers(text: str, typed: list[str]) -> list[str]:
    """ASCII letters and ASCII ``, ; : ( )`` left once the typed names and the control codes are cut out."""
    rest = text
    for name in sorted(set(typed), key=len, reverse=True):
        rest = rest.replace(name, " ")
    rest = CONTROL_CODE.sub(" ", rest)
    return re.findall(r"[A-Za-z]+|[,;:()]", rest)


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        if value is None:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return apply


def _none(doc: dict[str, Any]) -> None:
    return None


# (failure code, what changes in the licence, what changes in the dossier, arguments)
CASES: dict[str, tuple[str, Callable, Callable, dict[str, Any]]] = {
    "expired": ("expired", _set(("valid_until",), "2026-01-31"), _none, {}),
    "not_yet_valid": ("not_yet_valid", _set(("valid_from",), "2026-12-01"), _none, {}),
    "destination": ("destination", _set(("destinations",), ["DE", "FR"]), _none, {}),
    "no_destination": ("destination", _none, _set(("shipment", "destination"), None), {}),
    "end_user": ("end_user", _none, _set(("shipment", "end_user"), {"name": "Busan Motor Works", "country": "KR"}), {}),
    "no_end_user": ("end_user", _none, _set(("shipment", "end_user"), None), {}),
    "consignee": ("consignee", _set(("consignees",), [{"name": "Incheon Logistics", "country": "KR"},
                                                       {"name": "仁川物流", "country": "KR"}]),
                  _set(("shipment", "consignee"), {"name": "Seoul Freight", "country": "KR"}), {}),
    "no_consignee": ("consignee", _set(("consignees",), [{"name": "Incheon Logistics", "country": "KR"}]), _none, {}),
    "holder": ("holder", _set(("holder",), {"name": "Baotou Steel Rare Earth", "country": "CN"}), _none, {}),
    "no_exporter": ("holder", _none, _set(("exporter",), None), {}),
    "authority": ("authority", _set(("authority",), "Ganzhou Customs"), _none, {}),
    "quantity_over": ("quantity_limit", _none, _set(("shipment", "quantity"), {"amount": "120", "unit": "kg"}), {}),
    "quantity_unknown": ("quantity_limit", _none, _set(("shipment", "quantity"), None), {}),
    "quantity_units": ("quantity_limit", _none, _set(("shipment", "quantity"), {"amount": "4", "unit": "pieces"}), {}),
    "value_over": ("value_limit", _none, _set(("product", "unit_value"), {"amount": "6000.00", "currency": "USD"}), {}),
    "no_rate": ("currency", _none, _set(("product", "unit_value"), {"amount": "10.00", "currency": "EUR"}), {}),
    "no_known_rate": ("currency", _none, _set(("product", "unit_value"), {"amount": "1000.00", "currency": "CNY"}),
                      {"as_of": date(2026, 11, 1)}),
    "general_listed_party": ("general_listed_party", _set(("type",), "general_a"), _none,
                             {"listed": {"control_list", "watch_list"}}),
    "item": ("item", _set(("items",), [{"control_code": "1C903", "description": "Dysprosium metal"},
                                       {"control_code": "2B902"}]), _none, {}),
    "item_sibling": ("item", _set(("items",), [{"control_code": "1C904.b", "description": "terbium oxide"}]), _none,
                     {"sub": {"1C904": "1C904.a"}}),
    "item_sub_unknown": ("item", _set(("items",), [{"control_code": "1C904.a"}, {"control_code": "1C904.b"}]), _none, {}),
    "item_hs": ("item", _none, _set(("product", "hs_code"), "2846901000"), {}),
    "item_hs_only": ("item", _set(("items",), [{"control_code": "1C904", "hs_code": "2805301910"},
                                               {"control_code": "1C903", "hs_code": "2805301990"}]),
                     _set(("product", "hs_code"), "2846901000"), {"codes": []}),
}


def _effect(case: str, zh_names: bool) -> tuple[dict[str, Any], list[str]]:
    _, on_licence, on_dossier, args = CASES[case]
    lic, dossier = copy.deepcopy(ISSUE_LICENCE), copy.deepcopy(TB_DOSSIER)
    on_licence(lic)
    on_dossier(dossier)
    result = licence_effect(dossier, needs_licence=True, control_codes=args.get("codes", ["1C904"]),
                            listed_kinds=args.get("listed", set()), records=[lic], as_of=args.get("as_of", AS_OF),
                            sub_entries=args.get("sub"), known_rates=True, zh_names=zh_names)
    assert result is not None
    return result, _typed(lic, dossier)


def _texts(result: dict[str, Any], language: str) -> list[str]:
    return [result["reason_text"][language]] + [f["text"][language] for f in result["failures"]]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_failure_reason_in_chinese_has_no_code_and_no_english(case):
    result, typed = _effect(case, zh_names=True)
    assert CASES[case][0] in [f["code"] for f in result["failures"]], result["reason"]
    for language in CHINESE:
        for text in _texts(result, language):
            assert leftovers(text, typed) == [], (language, text)
            # strict_chinese's control codes need a word boundary (none in 「子目1C904.b」): a digit stands in for them
            assert strict_problems(CONTROL_CODE.sub("0", text), language, names=typed) == [], (language, text)
    old, _ = _effect(case, zh_names=False)
    assert old["reason"] == result["reason"]  # English as it was
    assert [f["text"]["en"] for f in old["failures"]] == [f["text"]["en"] for f in result["failures"]]


def test_a_covering_licence_says_what_is_left_in_chinese():
    lic, dossier = copy.deepcopy(ISSUE_LICENCE), copy.deepcopy(TB_DOSSIER)
    result = licence_effect(dossier, needs_licence=True, control_codes=["1C904"], listed_kinds=set(), records=[lic],
                            as_of=AS_OF, zh_names=True)
    assert result["covers"] is True
    assert result["reason_text"]["zh-Hans"].endswith("本批之后剩余60千克（限额100千克），140000.00美元（限额200000.00美元）。")
    assert result["reason_text"]["zh-Hant"].endswith("本批之後剩餘60千克（限額100千克），140000.00美元（限額200000.00美元）。")
    for language in CHINESE:
        assert leftovers(result["reason_text"][language], _typed(lic, dossier)) == []


def test_countries_and_currencies_by_their_chinese_names():
    """The destination reason names 韩国/南韓 and 德国、法国 (CLDR, as the window and the CLI name them); the currency
    reason names 人民币 and 美元; the end user's country is named after the name, in fullwidth parentheses."""
    r, _ = _effect("destination", zh_names=True)
    assert "目的国韩国不在许可目的国（德国、法国）之列" in r["reason_text"]["zh-Hans"]
    assert "目的國南韓不在許可目的國（德國、法國）之列" in r["reason_text"]["zh-Hant"]
    r, _ = _effect("no_known_rate", zh_names=True)
    assert "人民币与美元汇率" in r["reason_text"]["zh-Hans"] and "無法與美元限額比較" in r["reason_text"]["zh-Hant"]
    r, _ = _effect("end_user", zh_names=True)
    assert "（Hanseong Magnetics Co., Ltd.（韩国））" in r["reason_text"]["zh-Hans"]
    r, _ = _effect("consignee", zh_names=True)
    assert "（Incheon Logistics（南韓）、仁川物流（南韓））" in r["reason_text"]["zh-Hant"]


def test_before_3_6_the_chinese_reasons_keep_their_bytes():
    """What engine 3.5.0 wrote (the codes, ", "): a stored document re-runs to its own bytes."""
    r, _ = _effect("destination", zh_names=False)
    assert r["reason_text"]["zh-Hans"] == "许可证MOFCOM-2026-LIC-0001不涵盖本批出口：目的国KR不在许可目的国（DE, FR）之列。"
    r, _ = _effect("value_over", zh_names=False)
    assert "本批货值USD 240000.00超出剩余额度USD 200000.00（限额USD 200000.00）" in r["reason_text"]["zh-Hans"]


def test_the_engine_gates_the_names_on_3_6():
    """The determination's licence field: engine 3.6.0 names the countries; a 3.5.0 re-run keeps the codes."""
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from reedesk.rules.render import expand

    doc, lic = copy.deepcopy(TB_DOSSIER), copy.deepcopy(ISSUE_LICENCE)
    lic["destinations"] = ["DE", "FR"]
    new = expand(evaluate(doc, shipped_packs(), AS_OF, licences=[lic]))
    old = expand(evaluate(doc, shipped_packs(), AS_OF, licences=[lic], made_by="3.5.0"))
    assert new["outcome"] == old["outcome"] == "license_required"
    assert "目的国韩国不在许可目的国（德国、法国）之列" in new["licence"]["reason_text"]["zh-Hans"]
    assert "目的国KR不在许可目的国（DE, FR）之列" in old["licence"]["reason_text"]["zh-Hans"]
    assert new["licence"]["reason"] == old["licence"]["reason"]

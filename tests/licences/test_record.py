"""The ``reedesk.licence/1`` record: round-trip, unknown fields kept, malformed files refused
naming the JSON path (issue 15 "Public contract"; FORMATS.md conventions: decimal strings,
ISO codes and dates)."""

from __future__ import annotations

import copy
import json

import pytest

from reedesk.errors import ValidationFailed
from reedesk.licences.record import licence_to_document, parse_licence, parse_licence_json
from tests.licences.conftest import ISSUE_LICENCE


def test_issue_licence_round_trips_exactly():
    doc = copy.deepcopy(ISSUE_LICENCE)
    lic = parse_licence(doc)
    assert licence_to_document(lic) == ISSUE_LICENCE
    assert lic.limits[0].value.amount.as_tuple().exponent == -2  # Decimal, cents kept


def test_optional_lists_left_out_stay_left_out():
    doc = copy.deepcopy(ISSUE_LICENCE)
    del doc["consignees"], doc["limits"]
    lic = parse_licence(doc)
    assert lic.consignees == [] and lic.limits == []
    assert licence_to_document(lic) == doc


def test_unknown_fields_round_trip_at_every_level():
    doc = copy.deepcopy(ISSUE_LICENCE)
    doc["x_note"] = {"k": [1, 2]}
    doc["holder"]["uscc"] = "91360700MA35XXXX"
    doc["items"][0]["x_grade"] = "4N"
    doc["limits"][0]["value"]["x_basis"] = "FOB"
    doc["conditions"] = "Re-export to third countries requires MOFCOM consent."
    doc["source_document"] = {"file": "licence.pdf", "sha256": "a" * 64, "media_type": "application/pdf"}
    assert licence_to_document(parse_licence(doc)) == doc


@pytest.mark.parametrize(("mutate", "path"), [
    (lambda d: d.update(format="reedesk.licence/2"), "format"),
    (lambda d: d.pop("number"), "number"),
    (lambda d: d.update(type="general_c"), "type"),
    (lambda d: d.update(valid_until="2026-13-01"), "valid_until"),
    (lambda d: d.update(valid_until="2025-12-31"), "valid_until"),
    (lambda d: d["items"][0].update(control_code="terbium"), "items[0].control_code"),
    (lambda d: d["items"][0].update(hs_code="28.05"), "items[0].hs_code"),
    (lambda d: d.update(destinations=["Korea"]), "destinations[0]"),
    (lambda d: d.update(destinations=[]), "destinations"),
    (lambda d: d["end_users"][0].pop("name"), "end_users[0].name"),
    (lambda d: d["limits"][0].update(quantity=100), "limits[0].quantity"),
    (lambda d: d["limits"][0].update(quantity="-1"), "limits[0].quantity"),
    (lambda d: d["limits"][0].pop("unit"), "limits[0].unit"),
    (lambda d: d["limits"][0]["value"].update(currency="usd"), "limits[0].value.currency"),
    (lambda d: d.update(limits=[{}]), "limits[0]"),
    (lambda d: d.update(number="../etc/passwd"), "number"),
    (lambda d: d.update(number="LIC\u202e0001"), "number"),
    (lambda d: d.update(holder="Ganzhou"), "holder"),
    (lambda d: d.update(type="general_b", end_users=[]), "end_users"),
    (lambda d: d.update(type="general_a", valid_until="2029-01-02"), "valid_until"),
])
def test_malformed_refused_with_json_path(mutate, path):
    doc = copy.deepcopy(ISSUE_LICENCE)
    mutate(doc)
    with pytest.raises(ValidationFailed) as err:
        parse_licence(doc, "bad.json")
    assert path in [p.where for p in err.value.problems], err.value.problems
    assert str(err.value).startswith("bad.json was refused")


def test_json_text_duplicate_keys_and_floats():
    with pytest.raises(ValidationFailed, match="duplicate key"):
        parse_licence_json('{"number": "a", "number": "b"}', "dup.json")
    with pytest.raises(ValidationFailed, match="NaN"):
        parse_licence_json('{"x": NaN}', "nan.json")
    lic = parse_licence_json(json.dumps(ISSUE_LICENCE), "ok.json")
    assert lic.number == "MOFCOM-2026-LIC-0001"


def test_general_licence_limits_of_the_2009_measures():
    """RULES.md 'General licences' (2009 measures): class B = repeated exports to a fixed end user;
    general licences valid up to 3 years (exactly 3 years is accepted)."""
    doc = copy.deepcopy(ISSUE_LICENCE)
    doc.update(type="general_b", valid_until="2028-12-31")
    assert parse_licence(doc).general
    doc.update(valid_until="2029-01-01")
    assert parse_licence(doc).valid_until.isoformat() == "2029-01-01"


def test_utf8_byte_order_mark_is_accepted():
    data = "\ufeff".encode("utf-8") + json.dumps(ISSUE_LICENCE).encode("utf-8")
    assert parse_licence_json(data, "bom.json").number == "MOFCOM-2026-LIC-0001"


_ABSENT = object()


@pytest.mark.parametrize(("value", "code", "english", "hans", "hant"), [
    (_ABSENT, "format_missing", "is missing; it must be 'reedesk.licence/1'",
     "未填写；必须是「reedesk.licence/1」", "未填寫；必須是「reedesk.licence/1」"),
    (None, "format_missing", "is missing; it must be 'reedesk.licence/1'",
     "未填写；必须是「reedesk.licence/1」", "未填寫；必須是「reedesk.licence/1」"),
    (1, "format_not_string", "must be the string 'reedesk.licence/1'",
     "必须是文本「reedesk.licence/1」", "必須是文字「reedesk.licence/1」"),
    (["reedesk.licence/1"], "format_not_string", "must be the string 'reedesk.licence/1'",
     "必须是文本「reedesk.licence/1」", "必須是文字「reedesk.licence/1」"),
    ("reedesk.licence/2", "wrong_format", "must be 'reedesk.licence/1', found 'reedesk.licence/2'",
     "必须是「reedesk.licence/1」，实际为「reedesk.licence/2」", "必須是「reedesk.licence/1」，實際為「reedesk.licence/2」"),
])
def test_a_missing_format_is_said_to_be_missing_not_found_none(tmp_path, value, code, english, hans, hant):
    """A licence file without ``format`` (or with ``null``) says it is missing, as a dossier file does, and one of
    the wrong JSON type says which type it must be: never "found None" (zh 「None」)."""
    from reedesk.vocabulary import error_text, problem_text
    from tests.language_check import problems as language_problems

    doc = copy.deepcopy(ISSUE_LICENCE)
    if value is _ABSENT:
        del doc["format"]
    else:
        doc["format"] = value
    path = tmp_path / "licence.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValidationFailed) as err:
        parse_licence_json(path.read_bytes(), "licence.json")
    assert [(p.where, p.code, p.message) for p in err.value.problems] == [("format", code, english)]
    assert str(err.value) == f"licence.json was refused, 1 problem: format: {english}."
    problem = err.value.problems[0]
    assert problem_text(problem, "en") == f"Format (format): {english}"
    assert problem_text(problem, "zh-Hans") == f"格式（「format」）：{hans}"
    assert problem_text(problem, "zh-Hant") == f"格式（「format」）：{hant}"
    for language in ("en", "zh-Hans", "zh-Hant"):
        said = error_text(err.value, language)
        assert "None" not in said
        assert language_problems(said, language, {"licence.json"}) == [], said

"""Lists as data, their checks, and CSV import (reedesk/screening/lists.py)."""

from __future__ import annotations

import pytest

from reedesk.errors import ReedeskError, ValidationFailed
from reedesk.screening.lists import parse_csv, parse_toml_list, shipped_lists

GOOD = """
schema = "reedesk.screeninglist/1"
[list]
id = "my-list"
kind = "watch_list"
name_en = "My list"
authority = "me"
version_date = 2026-01-01
[[entries]]
name = "Alpha Ltd"
"""


def test_shipped_lists_are_the_three_mofcom_lists_with_sources() -> None:
    lists = {lst.id: lst for lst in shipped_lists()}
    assert {lst.kind for lst in lists.values()} == {"control_list", "watch_list", "unreliable_entity_list"}
    assert lists["cn-mofcom-control-list"].name_zh == "出口管制管控名单"
    assert lists["cn-mofcom-watch-list"].name_zh == "关注名单"
    assert lists["cn-mofcom-unreliable-entity-list"].name_zh == "不可靠实体清单"
    for lst in lists.values():
        assert lst.document["list"]["sources"] and lst.reviewed_until
        for e in lst.entries:
            assert e.announcement and e.listed_on and e.source, e.name
            assert e.verified is False  # names come from press reproductions, not MOFCOM's list text


def test_hash_ignores_layout_but_not_facts() -> None:
    base = parse_toml_list(GOOD, "a")
    assert parse_toml_list("# comment\n" + GOOD.replace(" = ", "="), "b").sha256 == base.sha256
    assert parse_toml_list(GOOD.replace("Alpha Ltd", "Alpha Inc"), "c").sha256 != base.sha256


def test_every_problem_is_named_with_its_key() -> None:
    bad = GOOD.replace('kind = "watch_list"', 'kind = "blacklist"').replace("Alpha Ltd", "Ltd.") + '\ncountry = "XX"\nfoo = 1\n'
    with pytest.raises(ValidationFailed) as info:
        parse_toml_list(bad, "bad.toml")
    where = {p.where for p in info.value.problems}
    assert {"list.kind", "entries[0].name", "entries[0].foo"} <= where
    assert "bad.toml" in str(info.value)


def test_duplicate_entry_ids_are_refused() -> None:
    with pytest.raises(ValidationFailed, match=r"entries\[1\]\.id"):
        parse_toml_list(GOOD + '[[entries]]\nname = "Alpha Limited"\n', "dup.toml")


def test_invalid_toml_is_named() -> None:
    with pytest.raises(ValidationFailed, match="not valid TOML"):
        parse_toml_list("schema = ", "x.toml")


OPTS = dict(list_id="csv-list", kind="other", name_en="CSV", authority="me", version_date="2026-01-01")


def test_own_csv_columns() -> None:
    lst = parse_csv("name,name_zh,aliases,country,announcement,listed_on\nAlpha Ltd,阿尔法,Alpha; ALF,us,No. 1,2026-01-02\n", "l.csv", **OPTS)
    e = lst.entries[0]
    assert (e.name, e.name_zh, e.aliases, e.country, e.listed_on) == ("Alpha Ltd", "阿尔法", ("Alpha", "ALF"), "US", "2026-01-02")


def test_us_consolidated_screening_list_csv() -> None:
    text = ("_id,source,entity_number,type,name,alt_names,addresses,federal_register_notice,start_date,source_list_url\n"
            "1,Entity List (EL) - Bureau of Industry and Security,,Entity,Example Photonics Co.,Ex Photonics; EPC,\"1 Road, Wuhan, CN\",89 FR 1234,2024-05-01,https://example.gov/el\n")
    lst = parse_csv(text, "csl.csv", **OPTS)
    e = lst.entries[0]
    assert e.aliases == ("Ex Photonics", "EPC") and e.country == "CN" and e.listed_on == "2024-05-01"
    assert e.announcement == "Entity List (EL) - Bureau of Industry and Security 89 FR 1234"


@pytest.mark.parametrize("text, message", [
    ("title,country\nAlpha,US\n", "no 'name' column"),
    ("name,country\nAlpha,US\n,US\n", "row 3 has an empty 'name'"),
    ("name,country\nAlpha,XX\n", "row 2, column 'country'"),
    ("name,listed_on\nAlpha,yesterday\n", "row 2, column 'listed_on'"),
    ("name,country\nAlpha,US,extra\n", "row 2 has more cells"),
    ("name\nInc.\n", "row 2, column 'name'"),
])
def test_csv_errors_name_row_and_column(text: str, message: str) -> None:
    with pytest.raises(ReedeskError, match=message) as info:
        parse_csv(text, "bad.csv", **OPTS)
    assert str(info.value).startswith("bad.csv")


def test_fast_hash_is_the_rfc8785_hash() -> None:
    import hashlib

    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.screening.lists import list_sha256

    for lst in shipped_lists():
        assert lst.sha256 == hashlib.sha256(canonical_bytes(lst.document)).hexdigest()
    odd = {"a\u0001\"\\": ["é", "\u2028", True, None, 10], "b": {"x": 1.5}}  # a float: the slow path
    assert list_sha256(odd) == hashlib.sha256(canonical_bytes(odd)).hexdigest()
    odd.pop("b")
    assert list_sha256(odd) == hashlib.sha256(canonical_bytes(odd)).hexdigest()


def test_a_csv_list_carries_entry_lives_and_measures() -> None:
    """reedesk 0.2: list entries have a life and measures, in CSV too."""
    from reedesk.screening.lists import parse_csv

    text = ("name,announcement,listed_on,ended_on,ended_by,measures\n"
            "Acme Drones Inc.,Notice 1,2025-04-09,2025-08-12,Notice 2,dual_use_export_ban;foreign_transfer_ban\n"
            "Beta Optics,Notice 1,2025-04-09,,,\n")
    lst = parse_csv(text, "l.csv", list_id="csv-life", kind="control_list", name_en="L", authority="a", version_date="2026-01-01")
    acme, beta = lst.entries
    assert (acme.ended_on, acme.ended_by, acme.measures) == ("2025-08-12", "Notice 2", ("dual_use_export_ban", "foreign_transfer_ban"))
    assert not acme.in_force("2025-09-01") and acme.in_force("2025-05-01") and beta.in_force("2025-09-01")
    assert lst.measures_of(beta) == ("dual_use_export_ban",)  # the control list's default
    with pytest.raises(ReedeskError, match="row 2, column 'ended_by'"):
        parse_csv("name,ended_on\nAcme,2025-08-12\n", "m.csv", list_id="m-list", kind="other", name_en="M", authority="a",
                  version_date="2026-01-01")


@pytest.mark.parametrize(("schema_line", "code", "english", "hans", "hant"), [
    ("", "format_missing", "is missing; it must be 'reedesk.screeninglist/1'",
     "未填写；必须是「reedesk.screeninglist/1」", "未填寫；必須是「reedesk.screeninglist/1」"),
    ("schema = 1\n", "format_not_string", "must be the string 'reedesk.screeninglist/1'",
     "必须是文本「reedesk.screeninglist/1」", "必須是文字「reedesk.screeninglist/1」"),
    ('schema = ["reedesk.screeninglist/1"]\n', "format_not_string", "must be the string 'reedesk.screeninglist/1'",
     "必须是文本「reedesk.screeninglist/1」", "必須是文字「reedesk.screeninglist/1」"),
    ('schema = "reedesk.screeninglist/2"\n', "wrong_format",
     "must be 'reedesk.screeninglist/1', found 'reedesk.screeninglist/2'",
     "必须是「reedesk.screeninglist/1」，实际为「reedesk.screeninglist/2」",
     "必須是「reedesk.screeninglist/1」，實際為「reedesk.screeninglist/2」"),
])
def test_a_missing_schema_is_said_to_be_missing_not_found_none(schema_line, code, english, hans, hant) -> None:
    """A list without ``schema`` says it is missing (as a dossier's ``format`` does), one of the wrong type says
    which type it must be: never "found None" (zh 「None」)."""
    from reedesk.vocabulary import error_text, problem_text
    from tests.language_check import problems as language_problems

    text = GOOD.replace('schema = "reedesk.screeninglist/1"\n', schema_line)
    with pytest.raises(ValidationFailed) as info:
        parse_toml_list(text, "mine.toml", origin="imported")
    assert [(p.where, p.code, p.message) for p in info.value.problems] == [("schema", code, english)]
    assert str(info.value) == f"mine.toml was refused, 1 problem: schema: {english}."
    problem = info.value.problems[0]
    assert problem_text(problem, "en") == f"schema: {english}"
    assert problem_text(problem, "zh-Hans") == f"「schema」：{hans}"
    assert problem_text(problem, "zh-Hant") == f"「schema」：{hant}"
    for language in ("en", "zh-Hans", "zh-Hant"):
        said = error_text(info.value, language)
        assert "None" not in said
        assert language_problems(said, language, {"mine.toml"}) == [], said


def test_a_json_list_with_a_null_schema_is_said_to_be_missing(tmp_path) -> None:
    import json

    from reedesk.screening.lists import load_list_file

    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"schema": None, "list": {"id": "my-list", "kind": "watch_list", "name_en": "My list",
                                                         "authority": "me", "version_date": "2026-01-01"},
                                "entries": [{"name": "Alpha Ltd"}]}), encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_list_file(path, origin="imported")
    assert [(p.where, p.code) for p in info.value.problems] == [("schema", "format_missing")]
    assert "None" not in str(info.value)

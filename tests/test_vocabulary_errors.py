"""Issue 14, "Structured errors from services": an error that reaches a user is a code with parameters (and its
English sentence), translated by the catalogue (resources/vocabulary/messages.toml).

The walk below reads the core's source (services, domain, store, signing, audit, evidence) and the command
line's, and finds every
``raise SomeReedeskError("plain sentence")`` — an error a user sees only in English. Those not coded yet are
counted per file in ``UNCODED``: a file may only lose entries (code them: ``ReedeskError.coded(code, **params)``
with an ``[error.<code>]`` entry in three languages), never gain one. Every coded raise must name a code the
catalogue has, with the parameters its sentence uses, and every entry of the catalogue passes the language rules."""

from __future__ import annotations

import ast
import collections
import importlib
import re
import string
import tomllib
from pathlib import Path

import pytest

from reedesk import vocabulary
from reedesk.errors import ReedeskError
from reedesk.resources import resource
from tests.language_check import problems

ROOT = Path(__file__).resolve().parents[1] / "reedesk"
CORE = ("services", "domain", "store", "signing", "audit", "evidence", "cli")  # and the command line's own errors

# Raises still carrying only an English sentence, by file (2026-12-01, session 5: none left). Only ever lower
# these; a file that reaches 0 leaves the table. Their coded forms are tried for real in tests/test_coded_raises.py.
UNCODED: dict[str, int] = {}


def _error_classes() -> set[str]:
    for folder in CORE:
        for path in (ROOT / folder).rglob("*.py"):
            importlib.import_module("reedesk." + ".".join(path.relative_to(ROOT).with_suffix("").parts))

    def below(cls: type) -> set[type]:
        return {cls}.union(*(below(sub) for sub in cls.__subclasses__()))

    return {cls.__name__ for cls in below(ReedeskError)}


def _plain(node: ast.expr) -> bool:
    """A sentence written in place: a string literal or f-string (not a variable holding a coded text)."""
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _raises() -> tuple[collections.Counter, list[tuple[str, int, str, set[str]]]]:
    """(uncoded raises per file, every ``X.coded("code", ...)`` raise as (file, line, code, keyword names))."""
    names = _error_classes()
    uncoded: collections.Counter = collections.Counter()
    coded: list[tuple[str, int, str, set[str]]] = []
    for folder in CORE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT.parent))
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                    continue
                call, func = node.exc, node.exc.func
                if isinstance(func, ast.Attribute) and func.attr == "coded" and call.args and isinstance(call.args[0], ast.Constant):
                    coded.append((where, node.lineno, str(call.args[0].value), {k.arg for k in call.keywords if k.arg}))
                elif (isinstance(func, ast.Name) and func.id in names and call.args and _plain(call.args[0])
                      and not any(k.arg in ("code", "params") for k in call.keywords)):  # params=: coded by its class
                    uncoded[where] += 1
    return uncoded, coded


def _catalogue() -> dict:
    with resource("vocabulary", "messages.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_no_file_gains_an_error_that_only_speaks_english() -> None:
    uncoded, _ = _raises()
    grown = {f: (n, UNCODED.get(f, 0)) for f, n in uncoded.items() if n > UNCODED.get(f, 0)}
    assert not grown, f"raises with a plain English sentence (found, allowed); code them with ReedeskError.coded: {grown}"


def test_every_coded_raise_names_a_catalogue_entry_with_the_parameters_it_uses() -> None:
    errors = _catalogue()["error"]
    _, coded = _raises()
    assert len(coded) >= 40  # the walk finds them (dossiers, evaluation, settings, attachments, trust, samples …)
    for where, line, code, given in coded:
        assert code in errors, f"{where}:{line}: no [error.{code}] in messages.toml"
        wanted = {name for _, name, _, _ in string.Formatter().parse(errors[code]["en"]) if name}
        assert wanted <= given, f"{where}:{line}: [error.{code}] uses {wanted - given} that the raise does not pass"


def test_every_message_has_three_languages_that_keep_the_language_rules() -> None:
    """Each entry (errors, problems, verify lines, check names, show labels…) in en, zh-Hant and zh-Hans; the
    Chinese ones with no English words or codes outside commands, quotations and code spans, and zh-Hant with
    no Simplified-only characters."""
    for section, entries in _catalogue().items():
        for code, entry in entries.items():
            assert set(entry) >= {"en", "zh-Hant", "zh-Hans"}, f"[{section}.{code}]"
            for language in ("zh-Hant", "zh-Hans"):
                found = problems(re.sub(r"\{[^{}]*\}", " ", entry[language]), language)  # {placeholders} are values
                assert not found, f"[{section}.{code}] {language}: {found}"


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_coded_service_errors_raised_for_real_are_said_in_chinese(desk, tmp_path, language) -> None:
    """Real service calls that fail, each error said through the one function the GUI and the CLI use."""
    from reedesk.services import attachments, dossiers, evaluation, organisation, settings

    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    listing = tmp_path / "cert.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    cases = [
        (lambda: dossiers.load_dossier(desk, "NO-SUCH-7"), {"NO-SUCH-7"}),
        (lambda: dossiers.load_dossier(desk, "LM-2026-0042", 99), {"LM-2026-0042"}),
        (lambda: evaluation.as_date("25/11/2026"), {"25/11/2026"}),
        (lambda: settings.set_setting(desk, "no_such_setting", "x"), set()),
        (lambda: attachments.read_attachment_file(empty), {str(empty)}),
        (lambda: organisation.add_certificate(desk, listing), {str(listing)}),  # {what} said in three languages
    ]
    for call, names in cases:
        with pytest.raises(ReedeskError) as raised:
            call()
        error = raised.value
        said = vocabulary.error_text(error, language)
        assert error.code in _catalogue()["error"] and said != str(error), (error.code, said)
        assert problems(said, language, names) == [], said
        assert vocabulary.error_text(error, "en") == str(error)


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_broken_envelope_is_explained_in_the_reviewers_language(language) -> None:
    """A real DSSE envelope whose payload was replaced by text that is not base64: the error is coded, and the
    reviewer's reason that quotes it (reason.envelope_invalid) is Chinese through and through."""
    from reedesk.signing.dsse import EnvelopeInvalid, envelope_payload_bytes

    with pytest.raises(EnvelopeInvalid) as broken:
        envelope_payload_bytes({"payloadType": "application/vnd.reedesk.signed-determination+json", "payload": "@@not base64@@",
                                "signatures": []})
    assert broken.value.code.startswith("dsse_") and str(broken.value) == "The envelope's payload is not valid base64."
    reason = vocabulary.Coded("reason", "envelope_invalid", name="determination.dsse.json",
                              detail=vocabulary.coded_error(broken.value))
    assert str(reason) == "determination.dsse.json: The envelope's payload is not valid base64."
    said = reason.text(language)
    assert "base64" in said and "not valid" not in said
    assert problems(said, language, {"determination.dsse.json"}) == [], said


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_bad_licence_file_names_its_fields_in_chinese(tmp_path, language) -> None:
    """A real licence file with its dates the wrong way round and a bad destination, read as an import reads it."""
    import json

    from reedesk.errors import ValidationFailed
    from reedesk.licences.record import parse_licence_json

    bad = tmp_path / "licence.json"
    bad.write_text(json.dumps({"format": "reedesk.licence/1", "number": "L-1", "type": "single", "authority": "MOFCOM",
                               "holder": {"name": "Lotus Magnetics"}, "items": [{"control_code": "1C904"}],
                               "destinations": ["ZZ"], "valid_from": "2026-01-01", "valid_until": "2025-01-01"}),
                   encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        parse_licence_json(bad.read_bytes(), "licence.json")
    said = vocabulary.error_text(refused.value, language)
    hant = language == "zh-Hant"
    assert ("目的地第 1 項（「destinations[0]」）：「ZZ」不是 ISO 3166-1 兩位字母國家代碼" if hant
            else "目的地第 1 项（「destinations[0]」）：「ZZ」不是 ISO 3166-1 两位字母国家代码") in said
    assert ("有效期至（「valid_until」）：2025-01-01 早於生效日期" if hant else "有效期至（「valid_until」）：2025-01-01 早于生效日期") in said
    assert problems(said, language, {"licence.json", "MOFCOM", "Lotus Magnetics", "L-1"}) == [], said


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_a_bad_screening_list_is_refused_in_chinese(language) -> None:
    """A real TOML screening list with a bad kind, a bad date and an entry with a bad country."""
    from reedesk.errors import ValidationFailed
    from reedesk.screening.lists import parse_toml_list

    text = ('schema = "reedesk.screening-list/1"\n[list]\nid = "my-list"\nkind = "wanted"\nname = "Mine"\n'
            'authority = "Me"\nversion_date = "9 Oct 2025"\n[[entries]]\nname = "Acme Trading"\ncountry = "XX"\n')
    with pytest.raises(ValidationFailed) as refused:
        parse_toml_list(text, "mine.toml", origin="imported")
    said = vocabulary.error_text(refused.value, language)
    assert ("「wanted」不是可選的清單類別" if language == "zh-Hant" else "「wanted」不是可选的清单类别") in said
    assert "「9 Oct 2025」" in said and "「XX」" in said and "is not" not in said
    assert problems(said, language, {"mine.toml", "my-list"}) == [], said

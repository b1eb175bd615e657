"""A refused rule pack's problems, coded so the reader is told them in her language.

Why here and not in :mod:`reedesk.rules.packs`: its checker writes each problem as an English sentence at some
fifty places (``_Checker.bad``), and those sentences are what scripts and the English window have always shown.
This module reads those sentences back into codes with their values (``[problem.pack_*]`` in
resources/vocabulary/messages.toml) — the English text stays exactly as the checker wrote it — and the import
boundaries (services/rulepacks.import_pack, impact --pack, the verifier's trusted packs) hand on the coded
refusal, so :func:`reedesk.vocabulary.error_text` says every problem in Chinese. A sentence with no pattern here
(a new check) is still shown, in English, never hidden. Core module: no Qt."""

from __future__ import annotations

import re
from typing import Any

from reedesk.errors import Problem, ValidationFailed

_Q = r"(?P<q>['\"])(?P<value>.*)(?P=q)"  # a value as repr() writes it: 'text' or "text"

# (pattern of the checker's English sentence, code of its [problem.<code>] entry). First match wins.
_PATTERNS: tuple[tuple[str, str], ...] = (
    # a reading's patch that cannot be applied (packs.apply_patch)
    (r"path " + _Q + r" is not of the form a\.b\[key=value\]\.c", "pack_patch_not_path"),
    (r"path " + _Q + r": (?P<name>\S+) is not inside a table", "pack_patch_not_inside_table"),
    (r"path " + _Q + r" is not an array of tables", "pack_patch_not_array"),
    (r"path " + _Q + r": (?P<name>\S+) is not an array of tables", "pack_patch_part_not_array"),
    (r"path " + _Q + r": (?P<count>\d+) entries of (?P<name>\S+) have (?P<field>\S+) = (?P<q2>['\"])(?P<wanted>.*)(?P=q2) "
     r"\(need exactly one\)", "pack_patch_not_one_entry"),
    (r"path " + _Q + r" names a table, not a value", "pack_patch_names_table"),
    (r"is not valid TOML \((?P<detail>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)\)", "pack_not_toml_at"),
    (r"is not valid TOML \((?P<detail>.*)\)", "pack_not_toml"),
    (r"is required \(a TOML table\)", "pack_required_table"),
    (r"must be a TOML table", "pack_must_be_table"),
    (r"must be an array of tables \(\[\[(?P<key>.+)\]\]\)", "pack_must_be_array_of_tables"),
    (r"is required \(a string\)", "pack_required_string"),
    (r"must be a non-empty string", "pack_must_be_non_empty_string"),
    (_Q + r" does not have the required form (?P<pattern>.+)", "pack_bad_form"),
    (r"is required \(a date such as 2025-10-09\)", "pack_required_date"),
    (r"must be a date without a time", "pack_date_without_time"),
    (_Q + r" is not a date such as 2025-10-09", "pack_not_a_date"),
    (r"is required \(an array of strings\)", "pack_required_strings"),
    (r"must be an array of strings", "pack_must_be_strings"),
    (_Q + r" is not allowed here", "pack_not_allowed_here"),
    (r"must not be a TOML float; write decimals as strings such as \"0\.001\"", "pack_no_float"),
    (r"(?P<until>\S+) is before from \((?P<start>\S+)\)", "pack_until_before_from"),
    (r"is before pack\.effective_from", "pack_until_before_effective_from"),
    (_Q + r" is not one of (?P<choices>.+)", "pack_not_one_of"),
    (r"must be true or false", "pack_must_be_boolean"),
    (r"must be a whole number of 0 or more", "pack_must_be_count"),
    (r"must be a string", "pack_must_be_string"),
    (r"must be a decimal string such as \"0\.001\"", "pack_must_be_decimal_string"),
    (_Q + r" is not a decimal number", "pack_not_decimal"),
    (r"(?P<value>\S+) must be above 0 and at most 1", "pack_share_out_of_range"),
    (_Q + r" names no \[\[items\]\] set of this pack", "pack_no_such_item_set"),
    (_Q + r" is not an ISO 3166-1 alpha-2 country code", "pack_not_country"),
    (r"is not a parameter of rule kind (?P<kind>\S+) \(known: (?P<known>.+)\)", "pack_not_a_parameter"),
    (r"is required for rule kind (?P<kind>\S+)", "pack_parameter_required"),
    (r"has (?P<count>\d+) entries but unverified has (?P<originals>\d+); give one translation per entry", "pack_translations_count"),
    (r"is required", "pack_required"),
    (r"must be a table \(the entry to add\)", "pack_patch_value_table"),
    (_Q + r" is not of the form a\.b\[key=value\]\.c", "pack_patch_path_form"),
    (r"the primary reading is what the pack says; it changes nothing", "pack_primary_reading_changes"),
    (_Q + r" appears twice in this open point", "pack_twice_in_open_point"),
    (r"needs exactly one reading with primary = true", "pack_one_primary_reading"),
    (r"needs the primary reading and at least one alternative", "pack_needs_alternative"),
    (_Q + r" appears twice in this pack", "pack_twice_in_pack"),
    (r"must be '(?P<wanted>[^']*)', found (?P<found>.+)", "pack_wrong_schema"),
    (r"is not a key of a rule pack \(known: (?P<known>.+)\)", "pack_unknown_key"),
    (_Q + r" is defined twice", "pack_defined_twice"),
    (_Q + r" is no article of this pack", "pack_no_such_article"),
    (r"must be an array of arrays of chemical symbols", "pack_element_sets"),
    (r"must be a non-empty array of chemical symbols", "pack_element_set"),
    (r"needs elements_any, element_sets, or any_elements = true", "pack_needs_elements"),
    (r"must be a table of chemical symbol = control code", "pack_control_codes"),
    (r"must map a chemical symbol to a control code string", "pack_control_code"),
)
_COMPILED = tuple((re.compile(pattern + r"\Z", re.S), code) for pattern, code in _PATTERNS)


def coded_problem(problem: Problem) -> Problem:
    """``problem`` with its code and values (``key``: the TOML key path, shown quoted in Chinese); the same
    English sentence. A problem already coded, or one this module has no pattern for, is returned as it is."""
    if problem.code:
        return problem
    for pattern, code in _COMPILED:
        found = pattern.match(problem.message)
        if found:
            params: dict[str, Any] = {k: v for k, v in found.groupdict().items() if k not in ("q", "q2") and v is not None}
            params["key"] = problem.where
            return Problem(problem.where, problem.message, code, params)
    return problem


def coded_refusal(refused: ValidationFailed) -> ValidationFailed:
    """The same refusal (same source, same English sentence) with every problem coded."""
    again = ValidationFailed(refused.source, [coded_problem(p) for p in refused.problems])
    again.params.update(refused.params)
    return again


def pack_problems(error: BaseException) -> dict[str, str]:
    """A refused pack's problems joined, in each of the three languages (for a sentence that quotes them)."""
    from reedesk.vocabulary import LANGUAGES, error_text, problem_text

    if not isinstance(error, ValidationFailed):
        return {language: error_text(error, language) for language in LANGUAGES}
    problems = [coded_problem(p) for p in error.problems[:20]]
    return {language: ("; " if language == "en" else "；").join(problem_text(p, language) for p in problems)
            for language in LANGUAGES}


def parse_pack_coded(text: str, source: str) -> Any:
    """:func:`reedesk.rules.packs.parse_pack`, its refusal coded (the import boundaries call this)."""
    from reedesk.rules.packs import parse_pack

    try:
        return parse_pack(text, source)
    except ValidationFailed as refused:
        raise coded_refusal(refused) from None

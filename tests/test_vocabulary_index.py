"""messages.toml read lazily (issue 13): reedesk.vocabulary indexes the ``[section.code]`` headers in one pass
and parses an entry's slice of the file on first use, instead of tomllib over the whole 150 KB file in every
process that says one message (16-19 ms CPU). These tests hold the index to the whole parse, entry by entry,
and show that a layout which would make slicing wrong (a "[x.y]" line inside a multi-line string, a header the
pattern does not know) makes it parse the whole file instead."""

from __future__ import annotations

import tomllib

import pytest

from reedesk import vocabulary as v
from reedesk.errors import ReedeskError
from reedesk.resources import resource

SHIPPED = resource("vocabulary", "messages.toml").read_bytes()


def _by_section(index: v._MessageIndex) -> dict:
    """The index's entries as tomllib's nesting, {section: {code: entry}}."""
    found: dict = {}
    for section, code in index.keys():
        found.setdefault(section, {})[code] = index.entry(section, code)
    return found


def test_the_shipped_file_is_indexed_and_every_entry_is_exactly_the_whole_parse() -> None:
    """Every (section, code) of the whole tomllib parse is in the index and nowhere else, and each entry parsed
    from its slice is equal to the whole parse's value (dict equality over all sections and keys)."""
    whole = tomllib.loads(SHIPPED.decode("utf-8"))
    index = v._MessageIndex(SHIPPED)
    assert index.spans is not None, "the shipped file's layout must allow the index (else every process parses it all)"
    keys = index.keys()
    assert len(keys) == len(set(keys)) == sum(len(entries) for entries in whole.values()) > 500
    assert _by_section(index) == whole
    for section, entries in whole.items():
        for code, entry in entries.items():
            assert index.entry(section, code) == entry, f"[{section}.{code}]"


def test_the_file_with_windows_line_ends_gives_the_same_entries() -> None:
    """A checkout with CRLF line ends (git autocrlf on Windows) is indexed too, and gives the same entries."""
    crlf = SHIPPED.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    index = v._MessageIndex(crlf)
    assert index.spans is not None
    assert _by_section(index) == tomllib.loads(SHIPPED.decode("utf-8"))


def test_saying_messages_parses_only_the_entries_said() -> None:
    """error_text, progress_text, problem-free messages and Coded go through the index: after them the whole file
    has not been parsed, and only the entries said are."""
    v._message_index.cache_clear()
    v._messages.cache_clear()
    try:
        err = ReedeskError.coded("unknown_language", language="xx", languages="en, zh-Hant, zh-Hans")
        assert v.error_text(err, "zh-Hant") == "沒有「xx」這種語言；請使用 en, zh-Hant, zh-Hans 之一。"
        assert v.progress_text("done", {}, "zh-Hans") == "完成"
        assert v.message("error", "no_such_code", {}, "en") is None
        assert v.message("no_such_section", "done", {}, "en") is None
        index = v._message_index()
        assert index._whole is None and v._messages.cache_info().currsize == 0
        said = {key for key, entry in index._parsed.items() if entry is not None}
        assert said == {("error", "unknown_language"), ("progress", "done")}
    finally:
        v._message_index.cache_clear()


def test_a_malformed_entry_is_named_with_its_line_and_the_others_still_read() -> None:
    """A broken entry raises a sentence naming the file, the entry and its line in the file (not in the slice);
    the entries around it are read as written."""
    data = (b"# comment\n\n[error.good]\nen = \"fine\"\nzh-Hant = \"\xe5\xa5\xbd\"\nzh-Hans = \"\xe5\xa5\xbd\"\n\n"
            b"[error.broken]\nen = \"fine\"\nzh-Hant = \"unterminated\nzh-Hans = \"x\"\n\n"
            b"[progress.after]\nen = \"after\"\n")
    index = v._MessageIndex(data, "messages.toml")
    assert index.spans is not None
    assert index.entry("error", "good") == {"en": "fine", "zh-Hant": "好", "zh-Hans": "好"}
    assert index.entry("progress", "after") == {"en": "after"}
    with pytest.raises(v.MessageEntryError) as caught:
        index.entry("error", "broken")
    said = str(caught.value)
    assert said.startswith("messages.toml: entry [error.broken] at line 8 does not parse: ")
    assert "(line 10, column" in said  # the line of the unterminated string in the file
    with pytest.raises(tomllib.TOMLDecodeError):  # the whole parse refuses the same file
        tomllib.loads(data.decode("utf-8"))


def test_an_entry_that_is_not_utf8_is_named() -> None:
    data = b"[error.good]\nen = \"fine\"\n\n[error.latin]\nen = \"caf\xe9\"\n"
    index = v._MessageIndex(data, "messages.toml")
    assert index.entry("error", "good") == {"en": "fine"}
    with pytest.raises(v.MessageEntryError, match=r"^messages\.toml: entry \[error\.latin\] at line 4 does not parse"):
        index.entry("error", "latin")


# Layouts where slicing at "[section.code]" lines would be wrong: the index gives way to the whole parse.
UNSAFE = {
    "a [x.y] line inside a multi-line string": b'[error.a]\nen = """first\n[error.fake]\nen = "no"\n"""\n\n[error.b]\nen = "b"\n',
    "the same in a literal multi-line string": b"[error.a]\nen = '''first\n[error.fake]\n'''\n\n[error.b]\nen = 'b'\n",
    "a header with a comment after it": b'[error.a]  # the first\nen = "a"\n\n[error.b]\nen = "b"\n',
    "an array of tables": b'[error.a]\nen = "a"\n\n[[error.list]]\nen = "one"\n',
    "a table three levels deep": b'[error.a]\nen = "a"\n\n[error.b.c]\nen = "c"\n',
    "a section table": b'[error]\nc.en = "c"\n\n[error.a]\nen = "a"\n',
    "a quoted code": b'[error.a]\nen = "a"\n\n[error."b c"]\nen = "bc"\n',
    "a key before the first header": b'error.z.en = "z"\n\n[error.a]\nen = "a"\n',
    "an array whose rows start with [": b'[error.a]\nen = "a"\nhints = [\n["x"],\n]\n',
}


@pytest.mark.parametrize("name", list(UNSAFE))
def test_a_layout_that_would_mis_split_makes_the_whole_file_parsed(name: str) -> None:
    data = UNSAFE[name]
    index = v._MessageIndex(data)
    assert index.spans is None, name
    whole = tomllib.loads(data.decode("utf-8"))
    assert index.entry("error", "a") == whole["error"]["a"]
    assert index.entry("error", "fake") is None  # text inside a string is never taken for an entry


def test_a_header_written_twice_is_refused_as_the_whole_parse_refuses_it() -> None:
    data = b'[error.a]\nen = "a"\n\n[error.a]\nen = "again"\n'
    index = v._MessageIndex(data)
    assert index.spans is None
    with pytest.raises(tomllib.TOMLDecodeError):
        index.entry("error", "a")


def test_indented_headers_comments_and_a_file_without_a_last_newline_are_indexed() -> None:
    data = b'# top\n  # indented comment\n\n  [error.a]\nen = "a"  # why\n# [error.not_a_header]\n[where.b]\nen = "b"'
    index = v._MessageIndex(data)
    assert index.spans is not None
    assert _by_section(index) == tomllib.loads(data.decode("utf-8"))
    assert index.entry("error", "not_a_header") is None
    assert index.entry("error", None) is None  # type: ignore[arg-type]  (an error without a code)

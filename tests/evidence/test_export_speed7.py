"""Session 7's export work (issue 13, EXPORT7): the library methods reedesk replaces are replaced once,
by one helper, with the library's own method kept; the Flate wrapper knows a remembered subset program by
a look-up that forgets it with the subset."""

from __future__ import annotations

from reedesk.evidence.rl_patch import install_once, original


class _Library:
    def method(self, x):  # noqa: ANN001, ANN201
        return x + 1


def test_install_once_wraps_once_and_keeps_the_librarys_method():
    own = _Library.method
    made: list[object] = []

    def make(previous):  # noqa: ANN001, ANN202
        made.append(previous)
        return lambda self, x: previous(self, x) * 10

    assert install_once(_Library, "method", make) is own
    assert install_once(_Library, "method", make) is own  # again: nothing changes
    assert made == [own] and _Library().method(1) == 20
    assert original(_Library.method) is own and original(own) is own


def test_reedesks_replacements_of_reportlab_and_pyhanko_are_installed_once():
    from pyhanko.pdf_utils import generic
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFile
    from reportlab.platypus import paragraph

    import reedesk.evidence.pdfsign  # noqa: F401 — installs the stream guards at import
    from reedesk.evidence import layout
    from reedesk.evidence.fonts import install_text_speedups, register_fonts
    from reedesk.evidence.para_frags import memoise_paragraph_string_widths
    from reedesk.evidence.rl_streams import patch_reportlab_streams

    register_fonts()
    memoise_paragraph_string_widths()
    layout._extend_kinsoku()
    slots = [(TTFont, "splitString"), (TTFontFile, "makeSubset"), (type(pdfdoc.PDFZCompress), "encode"),
             (pdfdoc.PDFStream, "format"), (paragraph, "stringWidth"), (paragraph, "cjkFragSplit"),
             (generic.StreamObject, "write_to_stream")]
    before = [getattr(owner, name) for owner, name in slots]
    for method in before:
        assert original(method) is not method  # each is reedesk's wrapper over the library's method
        assert original(original(method)) is original(method)  # over the library's own, not over another wrapper
    install_text_speedups(), patch_reportlab_streams(), memoise_paragraph_string_widths(), layout._extend_kinsoku()
    assert [getattr(owner, name) for owner, name in slots] == before


def test_the_flate_wrapper_remembers_only_programs_still_remembered_as_subsets(monkeypatch):
    import zlib

    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.pdfmetrics import getFont

    from reedesk.evidence import fonts

    fonts.register_fonts()
    face = getFont(fonts.LATIN).face
    for table in ("_SUBSETS", "_PROGRAMS", "_COMPRESSED"):  # this test's own, empty (other packs filled the process's)
        monkeypatch.setattr(fonts, table, {})
    monkeypatch.setattr(fonts, "_MAX_SUBSETS", 3)
    programs = [face.makeSubset([0, 32, 65 + i]) for i in range(5)]  # the first two are forgotten again
    assert set(fonts._PROGRAMS.values()) >= set(programs[2:]) and len(fonts._SUBSETS) <= 3
    assert all(fonts._PROGRAMS.get(id(p)) is not p for p in programs[:2])
    assert {id(p) for p in fonts._PROGRAMS.values()} == {id(entry[1]) for entry in fonts._SUBSETS.values()}
    for program in programs:
        assert pdfdoc.PDFZCompress.encode(program) == zlib.compress(program)
    assert all(id(p) in fonts._COMPRESSED for p in programs[2:])
    assert all(id(p) not in fonts._COMPRESSED for p in programs[:2])

"""The fonts the evidence pack embeds, and how mixed Latin/Chinese text is set.

reportlab embeds TrueType (glyf) fonts only, and has no per-glyph fallback, so a
paragraph mixing English and Chinese must name a font for every run of text. We
ship DejaVu Sans (Latin, Greek, symbols such as ≥ and ×) and Droid Sans Fallback
Full (Traditional and Simplified Chinese), both free licences, in
``resources/fonts/``. :func:`mixed` wraps the characters DejaVu lacks in the CJK font.

Nothing here imports reportlab at module level: the GUI calls :func:`cjk_font_path`
to load the same file into Qt without paying for reportlab.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reedesk.resources import resource

CJK_FONT_FILE = "DroidSansFallbackFull.ttf"
LATIN_FONT_FILE = "DejaVuSans.ttf"
LATIN_BOLD_FONT_FILE = "DejaVuSans-Bold.ttf"
MONO_FONT_FILE = "DejaVuSansMono.ttf"


def escape(text: str) -> str:
    """``xml.sax.saxutils.escape``, imported on first use: it pulls in urllib.request (~40 ms of the GUI's start)."""
    from xml.sax.saxutils import escape as sax_escape

    return sax_escape(text)


# reportlab names of the registered fonts.
LATIN = "ReedeskSans"
LATIN_BOLD = "ReedeskSans-Bold"
MONO = "ReedeskMono"
CJK = "ReedeskCJK"


def cjk_font_path() -> Path:
    """Path of the shipped Chinese (Traditional + Simplified) TrueType font."""
    return resource("fonts", CJK_FONT_FILE)


def latin_font_path(*, bold: bool = False) -> Path:
    return resource("fonts", LATIN_BOLD_FONT_FILE if bold else LATIN_FONT_FILE)


def mono_font_path() -> Path:
    return resource("fonts", MONO_FONT_FILE)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the four fonts with reportlab once per process (subset-embedded on use).

    Every reedesk drawing registers its fonts first, so this is also where reportlab learns
    to end its streams as PDF/A asks (:mod:`reedesk.evidence.rl_streams`)."""
    from reedesk.evidence.rl_streams import patch_reportlab_streams

    patch_reportlab_streams()
    install_text_speedups()
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in ((LATIN, latin_font_path()), (LATIN_BOLD, latin_font_path(bold=True)), (MONO, mono_font_path()),
                       (CJK, cjk_font_path())):
        font = TTFont(name, str(path))
        _repair_hmetrics(font.face)
        pdfmetrics.registerFont(font)
    # <b> inside a paragraph set in LATIN switches to LATIN_BOLD.
    addMapping(LATIN, 0, 0, LATIN)
    addMapping(LATIN, 1, 0, LATIN_BOLD)
    addMapping(LATIN, 0, 1, LATIN)
    addMapping(LATIN, 1, 1, LATIN_BOLD)
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)


# (id of the font face, code points in subset order) → (that face, its subset font file): the face is held so
# that its id cannot name another face later.
_SUBSETS: dict[tuple[int, tuple[int, ...]], tuple[object, bytes]] = {}
_PROGRAMS: dict[int, bytes] = {}  # id of each subset font program in _SUBSETS → it (the Flate wrapper's look-up)
_COMPRESSED: dict[int, tuple[bytes, bytes]] = {}  # id of a remembered subset font program → (it, its Flate stream)
_MAX_SUBSETS = 48  # a few packs' worth (a Chinese pack has ~10 subsets of up to 256 glyphs, ~10–60 KB each)


def install_text_speedups() -> None:
    """Two of reportlab's per-export costs made cheaper, the same bytes out (issue 13, export; once per process).

    ``TTFont.splitString`` maps every character of every text run to its subset code in a Python loop
    with a branch per character (~1,800 runs per English pack). Once a character has its code
    (``state.assignments``), the answer is a look-up: when every character of the run has one, the
    codes are looked up in one comprehension and grouped by subset — exactly what the loop returns;
    a run with any character not yet assigned (or U+00A0, which the loop maps to a space first) goes
    through reportlab's own loop, which assigns it.

    ``TTFontFile.makeSubset`` builds each embedded subset font program (~7 ms per English pack) from
    the code points of the subset, in their order, and nothing else: the same list gives the same
    bytes, and packs of the same dossier (another language, another signature) use the same lists.
    The last few are remembered by (font face, code points), and so is the Flate stream of each (reportlab
    compresses the font program again for every pack). Each replacement is installed by
    :func:`reedesk.evidence.rl_patch.install_once`, which also keeps reportlab's own method for the tests."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

    from reedesk.evidence.rl_patch import install_once

    install_once(TTFont, "splitString", _split_string_by_lookup)
    install_once(TTFontFile, "makeSubset", _remembered_subsets)
    install_once(type(pdfdoc.PDFZCompress), "encode", _remembered_flate)


def _split_string_by_lookup(loop):  # noqa: ANN001, ANN202 — reportlab's method in, its replacement out
    def split_string(self, text, doc, encoding="utf-8"):  # noqa: ANN001 — reportlab's signature
        state = self.state.get(doc)
        if state is None or not isinstance(text, str):
            return loop(self, text, doc, encoding)
        assignments = state.assignments
        try:
            codes = [assignments[code] for code in map(ord, text)]
        except KeyError:  # a character without its code yet: reportlab assigns it
            return loop(self, text, doc, encoding)
        if not codes:
            return []
        if max(codes) < 256:
            return [(0, bytes(codes))]
        results, current, current_set = [], [], -1
        for n in codes:
            if n >> 8 != current_set:
                if current:
                    results.append((current_set, bytes(current)))
                current_set, current = n >> 8, []
            current.append(n & 0xFF)
        if current:
            results.append((current_set, bytes(current)))
        return results

    return split_string


def _remembered_subsets(make):  # noqa: ANN001, ANN202
    def make_subset(self, subset):  # noqa: ANN001
        key = (id(self), tuple(subset))
        known = _SUBSETS.get(key)
        if known is not None and known[0] is self:
            return known[1]
        data = make(self, subset)
        if len(_SUBSETS) >= _MAX_SUBSETS:
            _, old = _SUBSETS.pop(next(iter(_SUBSETS)))  # the oldest first
            _PROGRAMS.pop(id(old), None)
            _COMPRESSED.pop(id(old), None)
        _SUBSETS[key] = (self, data)
        _PROGRAMS[id(data)] = data
        return data

    return make_subset


def _remembered_flate(compress):  # noqa: ANN001, ANN202
    def encode(self, text):  # noqa: ANN001
        """A remembered subset font program is compressed once (~0.5 ms each; the same zlib call). Which
        streams are such programs is one look-up by object (``_PROGRAMS``), not a scan of the subsets per
        stream (a pack writes ~40 streams)."""
        key = id(text)
        known = _COMPRESSED.get(key)
        if known is not None and known[0] is text:
            return known[1]
        out = compress(self, text)
        if _PROGRAMS.get(key) is text:
            _COMPRESSED[key] = (text, out)
        return out

    return encode


def _repair_hmetrics(face: object) -> None:
    """Work around a reportlab bug that made the embedded widths of DejaVu Sans Mono wrong.

    A font whose ``hmtx`` lists fewer advance widths than glyphs (``numberOfHMetrics`` <
    ``numGlyphs``, as monospace fonts do) gives every later glyph the last listed advance.
    reportlab (5.1) stores that advance *after* scaling it to 1/1000 em, so the subset it
    embeds carries 602 font units where the font has 1233: the program's widths then
    disagree with the PDF's /Widths, which PDF/A forbids (ISO 19005-3, 6.2.11.5) and which
    page-validation reports. Put the font-unit advance back before any subset is made.
    """
    import struct

    try:
        hhea = face.get_table("hhea")  # type: ignore[attr-defined]
        listed = struct.unpack(">H", hhea[34:36])[0]
        metrics = face.hmetrics  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 — another reportlab version: leave it alone
        return
    if 0 < listed < len(metrics):
        advance = metrics[listed - 1][0]
        face.hmetrics = [m if i < listed else (advance, m[1]) for i, m in enumerate(metrics)]  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _latin_coverage() -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    font = pdfmetrics.getFont(LATIN)
    return frozenset(font.face.charToGlyph.keys())


def needs_cjk(char: str) -> bool:
    """True when the Latin font has no glyph for ``char`` (so the CJK font must draw it)."""
    return ord(char) not in _latin_coverage() and not char.isspace()


@lru_cache(maxsize=1)
def _runs_pattern() -> "re.Pattern[str]":
    """Runs of characters the Latin font draws (or white space) | runs it lacks — ``needs_cjk`` as a regex.

    ``\\s`` in a str pattern is exactly ``str.isspace``; the class lists the Latin font's code
    points as ranges (a few hundred), so one C-level scan replaces a Python loop per character."""
    import re

    points = sorted(_latin_coverage())
    ranges: list[str] = []
    start = previous = points[0]
    for point in points[1:] + [-2]:
        if point != previous + 1:
            ranges.append(re.escape(chr(start)) if start == previous else f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = point
        previous = point
    covered = "".join(ranges)
    return re.compile(f"([{covered}\\s]+)|([^{covered}\\s]+)")


def mixed(text: str) -> str:
    """Escape ``text`` for a reportlab Paragraph, switching runs DejaVu lacks to the CJK font."""
    if text.isascii() and text.isprintable():  # DejaVu has every printable ASCII character
        return escape(text)
    return "".join(escape(latin) if latin else _run([cjk], True) for latin, cjk in _runs_pattern().findall(text))


def mixed_by_character(text: str) -> str:
    """:func:`mixed` one character at a time (the definition; kept as the oracle of its test)."""
    out: list[str] = []
    run: list[str] = []
    run_is_cjk = False
    for char in text:
        is_cjk = needs_cjk(char)
        if run and is_cjk != run_is_cjk:
            out.append(_run(run, run_is_cjk))
            run = []
        run.append(char)
        run_is_cjk = is_cjk
    if run:
        out.append(_run(run, run_is_cjk))
    return "".join(out)


def _run(chars: list[str], is_cjk: bool) -> str:
    body = escape("".join(chars))
    return f'<font name="{CJK}">{body}</font>' if is_cjk else body

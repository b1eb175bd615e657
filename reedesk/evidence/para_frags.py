"""reportlab paragraph fragments for the markup reedesk writes, without ``html.parser``.

A reportlab :class:`Paragraph` parses its text with ``ParaParser`` (an ``html.parser``
subclass) into *fragments*: runs of text with a font, size and colour. That parse was the
largest single cost of drawing an evidence pack (~1,000 paragraphs per pack, ~0.2 ms each;
issue 13, export). reedesk's paragraphs hold only what :func:`reedesk.evidence.fonts.mixed`
writes: text, the entities ``&amp; &lt; &gt;``, ``<font name="…">`` runs, ``<b>`` and
``<br/>``. :func:`fast_frags` builds the fragments for exactly that markup by the same steps
``ParaParser`` takes (the same attribute copies, one fragment per data and entity event, as
``html.parser`` reports them) and returns None for anything else, which then goes through the
real parser. ``tests/evidence/test_para_frags.py`` compares both, fragment by fragment, and the
packs drawn with and without it are byte for byte the same.
"""

from __future__ import annotations

import re
from typing import Any

# One token per html.parser event for the markup reedesk writes (text already cleaned by
# reportlab's cleanBlockQuotedText). A "<" or "&" that starts none of these: give up.
_TOKEN = re.compile(r'<font name="([^"<>&]*)">|(</font>)|(<b>)|(</b>)|(<br/>)|&(amp|lt|gt);|([^<&]+)')
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}


def fast_frags(text: str, style: Any) -> list[Any] | None:
    """The fragments ``ParaParser().parse(text, style)`` would return, or None (use the parser)."""
    from reportlab.lib.fonts import ps2tt, tt2ps
    from reportlab.platypus.paraparser import ParaFrag

    if text.startswith("<para"):  # reportlab reads a leading <para …> tag's attributes: not ours
        return None
    # start_para: the initial fragment from the style (no attributes: the style is not copied).
    root = ParaFrag()
    root.rise = 0
    root.greek = 0
    root.link = []
    root.fontName, root.bold, root.italic = ps2tt(style.fontName)
    root.fontSize = style.fontSize
    root.textColor = style.textColor
    root.us_lines = []
    root.__tag__ = "para"
    stack = [root]
    frags: list[Any] = []

    def copy(frag: Any) -> Any:  # copy.copy of a ParaFrag (a plain attribute bag), without copy's generic machinery
        new = ParaFrag.__new__(ParaFrag)
        new.__dict__.update(frag.__dict__)
        return new

    def data(value: str) -> None:  # handle_data
        frag = copy(stack[-1])
        frag.fontName = tt2ps(frag.fontName, frag.bold, frag.italic)
        frag.text = value
        frags.append(frag)

    def push(tag: str, **attrs: Any) -> None:
        frag = copy(stack[-1])
        frag.__tag__ = tag
        for key, value in attrs.items():
            setattr(frag, key, value)
        stack.append(frag)

    position, end = 0, len(text)
    while position < end:
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        position = match.end()
        font, close_font, bold, close_bold, br, entity, chunk = match.groups()
        if chunk is not None:
            data(chunk)
        elif entity is not None:
            data(_ENTITIES[entity])
        elif font is not None:
            try:
                name, is_bold, is_italic = ps2tt(font)
            except ValueError:
                return None  # the parser raises its own error for an unknown font
            push("font", fontName=name, bold=is_bold, italic=is_italic)
        elif close_font or close_bold:
            if stack[-1].__tag__ != ("font" if close_font else "b"):
                return None  # badly nested: let the parser say so
            stack.pop()
        elif bold:
            push("b", bold=1)
        elif br:
            push("br", _selfClosingTag="br", lineBreak=True, text="")
            del stack[-1]._selfClosingTag
            data("")
            stack.pop()
    if len(stack) != 1:
        return None
    return frags


_WIDTHS: dict[tuple[str, str, float, str], float] = {}
_MAX_WIDTHS = 200_000  # entries (a pack needs ~10,000); the cache starts again beyond


def memoise_paragraph_string_widths() -> None:
    """Give reportlab's paragraph module a remembering ``stringWidth``.

    Line breaking asks for the width of every word — and, for Chinese (``wordWrap="CJK"``),
    of every character — each time a paragraph is wrapped: ~16,000 calls per English pack
    and ~50,000 per Chinese one, each through three Python layers to reportlab's C code
    (a fifth of drawing a Chinese pack; issue 13). A width depends only on the text, the
    registered font's name, the size and the encoding, and reedesk registers its fonts
    once per process under names of its own, so the remembered value is the value."""
    from reportlab.platypus import paragraph

    from reedesk.evidence.rl_patch import install_once

    install_once(paragraph, "stringWidth", _remembered_widths)


def _remembered_widths(_paragraphs_own):  # noqa: ANN001, ANN202 — the width is computed by pdfmetrics, as before
    from reportlab.pdfbase import pdfmetrics

    compute = pdfmetrics.stringWidth

    def string_width(text: str, fontName: str, fontSize: float, encoding: str = "utf8") -> float:  # noqa: N803
        key = (text, fontName, fontSize, encoding)
        width = _WIDTHS.get(key)
        if width is None:
            if len(_WIDTHS) >= _MAX_WIDTHS:
                _WIDTHS.clear()
            width = _WIDTHS[key] = compute(text, fontName, fontSize, encoding)
        return width

    return string_width

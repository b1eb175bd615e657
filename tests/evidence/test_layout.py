"""The pages: every language renders, fonts are embedded, every page is numbered and identified."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.evidence.contents import PackContents
from reedesk.evidence.layout import COVER_MARK, render_pages
from reedesk.rules.engine import evaluate
from reedesk.rules.packs import shipped_packs
from tests.conftest import sample_document


def contents_for(sample: str, as_of: date, language: str) -> PackContents:
    determination = evaluate(sample_document(sample), shipped_packs(), as_of, revision=1)
    packs = {p.id: p for p in shipped_packs()}
    return PackContents(
        document_id="RD-TEST-0001", language=language, created_at="2026-11-25T12:00:00.000000Z",
        determination=determination, determination_sha256=hashlib.sha256(canonical_bytes(determination)).hexdigest(),
        envelopes=[], public_keys={},
        rule_packs=[{"id": r["id"], "version": r["version"], "sha256": r["sha256"], "source_text": packs[r["id"]].source_text} for r in determination["packs"]],
    )


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """BaseFont → embedded? for every font on every page."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


@pytest.mark.parametrize(
    ("language", "page_word", "outcome_label"),
    [("en", "Page {i} of {n}", "Licence required"), ("zh-Hant", "第 {i} 頁，共 {n} 頁", "需申請許可"), ("zh-Hans", "第 {i} 页，共 {n} 页", "需申请许可")],
)
def test_every_page_is_numbered_and_identified(language, page_word, outcome_label):
    pdf = render_pages(contents_for("smco-magnet-vietnam", date(2026, 11, 25), language))
    texts = page_texts(pdf)
    assert len(texts) >= 4
    for i, text in enumerate(texts, start=1):
        flat = " ".join(text.split())
        assert page_word.format(i=i, n=len(texts)) in flat, (i, flat[-200:])
        assert "RD-TEST-0001" in flat and "LM-2026-0042" in flat
    cover = " ".join(texts[0].split())
    assert outcome_label in cover and COVER_MARK in cover and "13.5417" in cover
    assert all(fonts_of(pdf).values()), fonts_of(pdf)  # every font is embedded


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_chinese_text_is_set_in_the_embedded_cjk_font(language):
    pdf = render_pages(contents_for("smco-magnet-vietnam", date(2026, 11, 25), language))
    fonts = fonts_of(pdf)
    assert any("Droid" in name for name in fonts), fonts
    assert all(fonts.values())
    body = " ".join(" ".join(page_texts(pdf)).split()).replace(" ", "")
    phrase = {"zh-Hans": "附件1第一部分所列物项占境外制造的附件1第二部分所列物项的价值比例达到0.1%及以上",  # key phrase, as cited
              "zh-Hant": "附件1第一部分所列物項佔境外製造的附件1第二部分所列物項的價值比例達到0.1%及以上"}  # in Traditional script
    assert phrase[language] in body


def test_bom_section_shows_every_step_and_the_conversion():
    pdf = render_pages(contents_for("gd-target-taiwan-memory-fab", date(2026, 11, 25), "en"))
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "8.00 CNY" in text and "0.1390" in text and "1.112000 USD" in text and "3500.00 USD" in text
    assert "Not controlled" in text and "ROUND_HALF_EVEN" in text
    assert "Appendix A. Rule packs used" in text and "cn-mofcom-2025-061" in text


def test_a_suspended_rule_names_the_suspending_announcement():
    pdf = render_pages(contents_for("smco-magnet-vietnam", date(2026, 5, 1), "en"))
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Rule applies but is suspended" in text
    assert "2026-11-10" in text and "Announcement No. 70 of 2025" in text


def test_rendering_is_deterministic_for_the_same_contents():
    contents = contents_for("terbium-metal-export-from-china", date(2026, 11, 25), "en")
    assert render_pages(contents) == render_pages(contents)


def test_missing_data_is_listed():
    document = sample_document("smco-magnet-vietnam")
    document["components"][0]["value"] = None
    determination = evaluate(document, shipped_packs(), date(2026, 11, 25), revision=1)
    contents = contents_for("smco-magnet-vietnam", date(2026, 11, 25), "en")
    contents.determination = determination
    text = " ".join(" ".join(page_texts(render_pages(contents))).split())
    assert determination["outcome"] == "insufficient_data"
    assert "Insufficient data" in text and "components[0].value" in text
    assert json.dumps(determination["missing"])  # the list printed is the determination's own


# -- QA fixes: what the cover and the trace show ------------------------------------------
def cover_text(sample: str, as_of: date, language: str = "en") -> str:
    return page_texts(render_pages(contents_for(sample, as_of, language)))[0]


def test_technology_decided_cover_shows_the_technology_not_a_margin():
    text = cover_text("ndfeb-magnet-chinese-technology", date(2026, 11, 25))
    squashed = " ".join(text.split())
    assert "Decisive rule" in squashed and "cn-mofcom-2025-061:I(2)" in squashed
    assert "magnet manufacturing" in squashed and "grain-boundary diffusion" in squashed
    assert "(not decisive)" in squashed  # the value rule was evaluated with data, but did not decide
    assert "Margin to the threshold" not in squashed


def test_value_decided_cover_keeps_ratio_and_margin():
    squashed = " ".join(cover_text("smco-magnet-vietnam", date(2026, 11, 25)).split())
    assert "cn-mofcom-2025-061:I(1)" in squashed and "Margin to the threshold" in squashed
    assert "(not decisive)" not in squashed


@pytest.mark.parametrize("language, phrase", [("en", "Coverage caveat"), ("zh-Hant", "覆蓋範圍提示"), ("zh-Hans", "覆盖范围提示")])
def test_cover_warns_when_as_of_is_after_reviewed_until(language, phrase):
    text = "".join(cover_text("smco-magnet-vietnam", date(2026, 11, 25), language).split())
    assert phrase.replace(" ", "") in text and "2026-10-05" in text and "2026-11-10" in text  # the end of No. 70's suspension


def test_no_coverage_caveat_within_the_reviewed_period():
    text = cover_text("smco-magnet-vietnam", date(2026, 5, 1))
    assert "Coverage caveat" not in text


def test_rules_that_do_not_apply_read_no_effect_in_a_licence_required_pack():
    pages = page_texts(render_pages(contents_for("smco-magnet-vietnam", date(2026, 11, 25), "en")))
    trace = " ".join(" ".join(pages[1:]).split())
    assert "no effect (the rule does not apply)" in trace
    assert "Outcome Not controlled" not in trace and "Outcome: Not controlled" not in trace
    assert "home_country" not in trace and "export_from_home" not in trace


def test_appendices_say_which_sha256_is_which():
    text = " ".join(" ".join(page_texts(render_pages(contents_for("smco-magnet-vietnam", date(2026, 11, 25), "en")))).split())
    assert "SHA-256 (canonical form" in text and "SHA-256 (file bytes)" in text


def test_long_tokens_shrink_instead_of_breaking_mid_word():
    from reedesk.evidence.layout import MIN_CELL_FONT, _Builder
    from reedesk.evidence.texts import load_layout, load_texts

    builder = _Builder(contents_for("smco-magnet-vietnam", date(2026, 11, 25), "en"), load_texts("en"), load_layout(), {})
    cell = builder.cell("cn-mofcom-gac-2025-018:1C902–1C908")
    fitted = builder.fit(cell, 110)
    assert MIN_CELL_FONT <= fitted.style.fontSize < cell.style.fontSize
    fitted.wrap(110, 1000)
    assert len(fitted.blPara.lines) == 1  # one line: the token was not split
    assert builder.fit(builder.cell("short"), 60) is not None


def test_chinese_punctuation_never_starts_a_line():
    import reportlab.platypus.paragraph as rl_paragraph

    from reedesk.evidence.layout import _extend_kinsoku

    _extend_kinsoku()
    assert all(ch in rl_paragraph.ALL_CANNOT_START for ch in "，；：。）")
    pdf = render_pages(contents_for("smco-magnet-vietnam", date(2026, 11, 25), "zh-Hant"))
    for page in page_texts(pdf):
        for line in page.splitlines():
            assert not line.strip().startswith(("，", "；", "。", "：")), line


@pytest.mark.parametrize("text", [
    "此規則需要產品的管制編碼(product.control_code)。請補齊後再判定，否則結果不完整。",
    "結果為需申請許可 (license_required)，依據 1C904。下一步請提交申請 cn-mofcom-2025-061:I(1)，並附上文件。",
    "未经证实的内容见 (no61-part1-scope)。其余 2B902.c，以及 Sm-Co，均已核对。",
])
def test_no_line_starts_with_closing_punctuation_after_a_latin_code_span(text):
    """Kinsoku (JIS X 4051 / GB/T 15834 practice): "。" and "，" close the text before them and stay on
    its line, also when that text is a Latin code span set in the Latin font. Every width from 30 to
    400 pt; without reedesk's extension of reportlab's breaker, "。" starts a line after "control_code)"."""
    from reportlab.lib.styles import ParagraphStyle

    from reedesk.evidence.fonts import LATIN, mixed, register_fonts
    from reedesk.evidence.layout import _extend_kinsoku, _Paragraph

    register_fonts()
    _extend_kinsoku()
    style = ParagraphStyle("kinsoku", fontName=LATIN, fontSize=9, leading=12, wordWrap="CJK")
    for width in range(30, 401):
        paragraph = _Paragraph(mixed(text), style)
        paragraph.wrap(width, 10_000)
        lines = ["".join(str(w.text) for w in line.words) for line in paragraph.blPara.lines]
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width  # nothing lost or doubled
        for previous, line in zip(lines, lines[1:]):
            assert not line.startswith(("。", "，", "；", "：")), (width, previous, line)


def test_ratio_on_the_cover_only_where_it_means_something():
    from reedesk.evidence.contents import cover_ratio_role

    terbium = contents_for("terbium-metal-export-from-china", date(2026, 11, 25), "en")
    assert cover_ratio_role(terbium.determination) is None  # no bill of materials: a 0 % ratio would mislead
    assert "content ÷ item" not in page_texts(render_pages(terbium))[0]
    target = contents_for("gd-target-taiwan-memory-fab", date(2026, 11, 25), "en")
    assert cover_ratio_role(target.determination) == "decisive"  # nothing decided: the ratio is the key figure
    squashed = " ".join(page_texts(render_pages(target))[0].split())
    assert "(not decisive)" not in squashed and "Margin to the threshold" in squashed


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Points to note before relying on this determination"),
    ("zh-Hant", "依賴本判定前應注意的事項"),
    ("zh-Hans", "依赖本判定前应注意的事项"),
])
def test_pack_prints_the_points_to_note(language, heading):
    """Contract C4: the pack prints the concerns reedesk.concerns computes from the expanded
    determination, as of the day the pack was made. The Sm-Co sample has three: no party screened
    (MOFCOM Announcement No. 61 (2025) II names end users and importers; RULES.md second review,
    "Parties": screening is part of every determination), the reported extension of the No. 70
    suspension (the open point whose other reading changes the outcome: RULES.md, "both readings
    must be visible"), and rule packs reviewed only up to 2026-10-05."""
    from reedesk.concerns import concerns_for
    from reedesk.rules.render import expand

    contents = contents_for("smco-magnet-vietnam", date(2026, 11, 25), language)
    expected = concerns_for(expand(contents.determination), today=date(2026, 11, 25))
    assert {c.code for c in expected} >= {"party_not_screened", "reading_changes_outcome", "rules_reviewed_until"}
    pages = [" ".join(p.split()).replace(" ", "") for p in page_texts(render_pages(contents))]
    page = next(p for p in pages if heading.replace(" ", "") in p)
    assert pages.index(page) == 2  # right after the cover and the how-to page
    for concern in expected:
        assert concern.text(language).replace(" ", "") in page, concern.code

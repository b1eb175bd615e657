"""The optional headroom page of the evidence pack (issue 16, "Headroom and re-sourcing":
"a bar chart of each line's contribution against the threshold line appears … when the
user chooses, as a page in the evidence pack").

Legal basis of the figures: MOFCOM Announcement No. 61 (2025) Art. I(1) — Part 1 items of
Chinese origin at or above 0.1 % of the item's value bring a foreign-made item under
control; the page restates the determination's ratio, threshold (0.1 %), margin and the
smallest set of lines whose non-Chinese origin would bring the content below 0.1 %.

The packs with the page must stay valid for tools that are not reedesk: poppler's
``pdfsig``, the PyPI ``page-validation`` PDF/A-3b profile, and ``reedesk verify`` (exit 0
with the signer trusted). A dossier without a usable value-content ratio (the terbium
metal exported from China, decided by No. 18) gets no page, and the export says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.evidence.helpers import PASSPHRASE, export, make_identity

LANGUAGES = ("en", "zh-Hant")
# The Sm-Co sample (LM-2026-0042): one China-origin line C1, 6.50 USD of an item value of 48.00 USD.
EXPECTED = {
    "en": ["Headroom to the value threshold", "13.5417 % (6.50 USD ÷ 48.00 USD)", "0.1000 % (0.04800 USD)",
           "6.45200 USD at or above (13.4417 percentage points)", "1 line(s): C1", "ratio 0.0000 %"],
    # the currency by its Chinese name (reedesk-texts-4's naming, session 11), not 「6.50 USD」
    "zh-Hant": ["距價值門檻的餘量", "13.5417 %（6.50美元 ÷ 48.00美元）", "0.1000 %（0.04800美元）",
                "達到或超過門檻 6.45200美元（13.4417 個百分點）", "1 行：C1", "比例 0.0000 %",
                "中國原產第一部分物項成分 6.50美元，物項價值 48.00美元"],
}


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from reedesk.services.desk import open_desk

    root = tmp_path_factory.mktemp("headroom-page")
    home = root / "home"
    desk = open_desk(home)
    try:
        identity = make_identity(desk)
        results = {lang: export(desk, "LM-2026-0042", root / f"pack-{lang}.pdf", language=lang, headroom=True) for lang in LANGUAGES}
        plain = export(desk, "LM-2026-0042", root / "pack-plain.pdf")
    finally:
        desk.close()
    return {"root": root, "home": home, "identity": identity, "results": results, "plain": plain}


def _page_texts(path: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (Debian: poppler-utils) is needed"
    done = subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split("\f")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_headroom_page_states_the_figures_and_the_pack_stays_valid(packs, language):
    """One page carries the chart title and the figures; reedesk verify, pdfsig and PDF/A-3b all pass."""
    import page as page_validation

    result = packs["results"][language]
    assert result.headroom_page is True and result.headroom_omitted is None
    path = result.path
    pages = _page_texts(path)
    title = EXPECTED[language][0]
    with_title = [n for n, text in enumerate(pages) if title in text]
    assert len(with_title) == 1, f"the headroom title is on pages {with_title}"
    text = _squash(pages[with_title[0]])
    for figure in EXPECTED[language][1:]:
        assert _squash(figure) in text, f"{figure!r} missing from the headroom page: {text[:600]}"
    # The chart is on the page: its title names the threshold.
    assert ("against the 0.1000 % threshold" if language == "en" else "0.1000% 門檻") in text
    # No page without the choice.
    assert not any(title in t for t in _page_texts(packs["plain"].path))
    if language == "zh-Hant":
        from tests.language_check import problems

        # No English and no Simplified-only characters outside 「」 on the page (issue 14's rules).
        assert not problems(pages[with_title[0]], "zh-Hant"), problems(pages[with_title[0]], "zh-Hant")

    # reedesk verify, in its own process as a reviewer would run it, with the signer trusted.
    env = {**os.environ, "REEDESK_HOME": str(packs["home"])}
    done = subprocess.run([sys.executable, "-m", "reedesk", "verify", str(path)], capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr

    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (Debian: poppler-utils) is needed; .ci/run installs it"
    sig = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, timeout=60)
    assert "Signature Validation: Signature is Valid." in sig.stdout, sig.stdout + sig.stderr

    report = page_validation.validate_pdf(str(path), profile="3b")
    findings = sorted({f"{f.rule_id}: {f.message[:160]}" for f in report.failures})
    assert report.is_compliant and not findings, "\n".join(findings)


def test_no_headroom_page_without_a_value_ratio_and_the_export_says_so(packs, tmp_path):
    """The terbium metal exported from China (CN-TB-880) is decided by No. 18 (1C902–1C908);
    its No. 61 I(1) ratio is computed from no bill-of-materials lines, so there is nothing to
    chart. Choice (documented in docs/evidence-pack.md): a stated omission, not an error —
    the pack is written without the page, and the CLI prints the one-sentence reason."""
    from reedesk.services.desk import open_desk
    from reedesk.rules.render import expand
    from reedesk.services.evidence import pack_headroom

    desk = open_desk(packs["home"])
    try:
        result = export(desk, "CN-TB-880", tmp_path / "tb.pdf", headroom=True)
    finally:
        desk.close()
    assert result.headroom_page is False
    assert result.headroom_omitted and result.headroom_omitted.startswith("Dossier CN-TB-880:")
    assert "no bill-of-materials lines" in result.headroom_omitted
    assert not any("Headroom to the value threshold" in t for t in _page_texts(result.path))

    # A determination with no value-content rule at all: the reason names the missing threshold.
    doc, reason = pack_headroom({"dossier": {"reference": "X-1"}, "as_of": "2026-11-25", "findings": []})
    assert doc is None and reason.startswith("Dossier X-1:") and "no value-content rule" in reason

    # The command line tells the user.
    env = {**os.environ, "REEDESK_HOME": str(packs["home"]), "REEDESK_PASSPHRASE": PASSPHRASE}
    done = subprocess.run([sys.executable, "-m", "reedesk", "export", "CN-TB-880", "--as-of", "2026-11-25", "--meaning", "Prepared by",
                           "--out", str(tmp_path / "tb-cli.pdf"), "--headroom"], capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No headroom page: Dossier CN-TB-880:" in done.stdout
    done = subprocess.run([sys.executable, "-m", "reedesk", "export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "Prepared by",
                           "--out", str(tmp_path / "lm-cli.pdf"), "--headroom"], capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "headroom page" in done.stdout
    assert any("Headroom to the value threshold" in t for t in _page_texts(tmp_path / "lm-cli.pdf"))


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Deciding rule: cn-mofcom-2025-061:I(2)"),
    ("zh-Hant", "決定結果的規則：cn-mofcom-2025-061:I(2)"),
    ("zh-Hans", "决定结果的规则：cn-mofcom-2025-061:I(2)"),
])
def test_headroom_page_names_the_deciding_rule_when_another_rule_decided(language, expected):
    """TK-NDFEB-7 (NdFeB magnets made with Chinese technology): licence required under MOFCOM
    Announcement No. 61 (2025) Art. I(2) (the technology rule), while its value ratio is 0 % —
    below the 0.1 % threshold of Art. I(1). The headroom page names the deciding rule and says
    the value headroom does not change the outcome; a value-decided pack (LM-2026-0042) has no such line."""
    import hashlib
    from datetime import date

    from reedesk.domain.dossier_file import canonical_bytes
    from reedesk.evidence.contents import PackContents
    from reedesk.evidence.layout import render_pages
    from reedesk.evidence.texts import load_texts
    from reedesk.rules.engine import evaluate
    from reedesk.rules.packs import shipped_packs
    from reedesk.rules.render import expand
    from reedesk.services.evidence import pack_headroom
    from tests.conftest import sample_document
    from tests.evidence.test_layout import page_texts

    def pages(sample: str) -> tuple[dict, list[str]]:
        determination = evaluate(sample_document(sample), shipped_packs(), date(2026, 11, 25), revision=1)
        headroom, omitted = pack_headroom(expand(determination))
        assert headroom is not None, omitted
        packs = {p.id: p for p in shipped_packs()}
        contents = PackContents(
            document_id="RD-TEST-0001", language=language, created_at="2026-11-25T12:00:00.000000Z",
            determination=determination, determination_sha256=hashlib.sha256(canonical_bytes(determination)).hexdigest(),
            envelopes=[], public_keys={}, headroom=headroom,
            rule_packs=[{"id": r["id"], "version": r["version"], "sha256": r["sha256"], "source_text": packs[r["id"]].source_text}
                        for r in determination["packs"]])
        return determination, [t.replace("\n", "").replace(" ", "") for t in page_texts(render_pages(contents))]  # wrapping aside

    determination, texts = pages("ndfeb-magnet-chinese-technology")
    assert determination["outcome"] == "license_required"
    assert determination["decisive"] == ["cn-mofcom-2025-061:I(2)"]
    title = load_texts(language).get("headroom", "title")
    title = title.replace(" ", "")
    expected = expected.replace(" ", "")
    page = next(t for t in texts if title in t)
    assert expected in page, page[:800]
    assert load_texts(language).outcome("license_required").replace(" ", "") in page.split(expected[:6], 1)[1]
    _, value_decided = pages("smco-magnet-vietnam")
    assert not any(expected[:6] in t for t in value_decided if title in t)

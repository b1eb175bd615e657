"""The printed audit page of a team pack names the desk key as the one to trust (issue 12, point 6).

On a team desk the signed tree head is signed by the exporting person's own head key, which
the desk key certified (``head-key-certificate.json``). ``reedesk verify`` names the desk key;
the printed page (section 7, the audit excerpt) must say the same to a reader who only has
the paper: the head was signed by the person's head key <fingerprint>, certified by the desk
key <fingerprint>, the one to trust — in the pack's language. A single-user pack's page is
unchanged (its head is the desk key's own). Packs are exported against the real PostgreSQL
server the team tests start, and checked with poppler (pdftotext, pdfsig) and page-validation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reedesk.evidence.reader import open_pack
from reedesk.evidence.texts import load_texts
from reedesk.evidence.verifier import verify_path
from reedesk.services import audit, dossiers
from reedesk.services.samples import sample_dossiers
from reedesk.signing.keys import fingerprint
from tests.evidence.helpers import export, make_identity
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401 — the fixture, shared

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
# The sentence's fixed words in each language (reports/texts/*.toml labels.head_certified).
SENTENCE = {"en": "The desk key is the one to trust", "zh-Hant": "應信任的是案頭金鑰", "zh-Hans": "应信任的是案头密钥"}
ROLE_WORDS = {"en": "database role", "zh-Hant": "資料庫角色", "zh-Hans": "数据库角色"}


def _pages(path: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (Debian: poppler-utils) is needed; .ci/run installs it"
    done = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.split("\f")


def _audit_page(path: Path, language: str) -> str:
    """The text of the page that holds section 7's signed tree head."""
    heading = load_texts(language).get("labels", "tree_head")
    pages = [page for page in _pages(path) if heading in page]
    assert len(pages) == 1, f"{path.name}: {len(pages)} pages carry {heading!r}"
    return pages[0]


def _flat(text: str) -> str:
    """Line breaks and spaces out (a CJK line may wrap anywhere; fingerprints have none)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def team_packs(desk_team, tmp_path):
    """Alice (a preparer with a certified head key) exports LM-2026-0042 in each language."""
    team = desk_team
    alice_key = _enrol_and_certify(team, "alice")
    paths = {}
    with team["open"]("alice") as desk:
        dossiers.import_dossiers(desk, sample_dossiers(), source="samples")
        identity = make_identity(desk)
        for language in LANGUAGES:
            paths[language] = tmp_path / f"team-{language}.pdf"
            export(desk, "LM-2026-0042", paths[language], language=language)
    with team["open"]("admin") as admin:
        desk_key = audit.desk_key_info(admin)
    return {"team": team, "paths": paths, "alice_key": alice_key, "desk_key": desk_key, "identity": identity}


def test_the_team_packs_audit_page_names_the_head_key_and_the_desk_key_to_trust(team_packs):
    """Each language's audit page says whose head key signed the head (Mai Tran, Alice's database
    role) and that the desk key certified it and is the one to trust, with both fingerprints — the
    same desk fingerprint `reedesk verify` names; a Chinese page says it in Chinese."""
    alice_role = team_packs["team"]["people"]["alice"]
    head_fp, desk_fp = fingerprint(team_packs["alice_key"]), fingerprint(team_packs["desk_key"].key_id)
    for language, path in team_packs["paths"].items():
        page = _audit_page(path, language)
        flat = _flat(page)
        assert head_fp in flat and desk_fp in flat, (language, page)
        assert team_packs["alice_key"] in flat and team_packs["desk_key"].key_id in flat  # the full key ids in the table
        assert _flat(SENTENCE[language]) in flat, (language, page)
        # The person as the pack names people elsewhere: her name and her database role.
        assert _flat("Mai Tran") in flat and alice_role in flat and _flat(ROLE_WORDS[language]) in flat
        # The head key comes before the desk key in the sentence: "signed by … head key H, certified by the desk key D".
        opening = str(load_texts(language).get("labels", "head_certified")).split("{")[0]  # "The head was signed by …"
        sentence = flat[flat.index(_flat(opening)):]
        assert sentence.index(head_fp) < sentence.index(desk_fp), (language, sentence)
        if language != "en":
            assert "database role" not in page and "desk key" not in page, page  # no English in the Chinese page
        else:
            assert load_texts("en").get("labels", "head_key") not in page  # the old "Signed with key" row is gone
        report = verify_path(path, trusted_key_ids=[fingerprint(team_packs["identity"].key_id)])
        assert report.exit_code == 0, [(c.name, str(c.reason)) for c in report.checks if not c.ok]
        assert fingerprint(report.summary["head_key_certificate"]["desk_key_id"]) == desk_fp
        assert open_pack(path).json_file("head-key-certificate.json")["head_role"] == alice_role


def test_standard_tools_accept_the_team_packs_with_the_new_page(team_packs):
    """poppler's pdfsig calls each language's PAdES signature valid over the whole document and
    page-validation finds nothing for PDF/A-3b: the new rows and sentence break neither."""
    import page as page_validation

    pdfsig = shutil.which("pdfsig")
    assert pdfsig, "pdfsig (Debian: poppler-utils) is needed; .ci/run installs it"
    for language, path in team_packs["paths"].items():
        checked = subprocess.run([pdfsig, str(path)], capture_output=True, text=True, timeout=60)
        assert "Signature Validation: Signature is Valid." in checked.stdout, (language, checked.stdout + checked.stderr)
        assert "Total document signed" in checked.stdout, language
        report = page_validation.validate_pdf(str(path), profile="3b")
        findings = sorted({f"{f.rule_id}: {f.message[:160]}" for f in report.failures})
        assert report.is_compliant and not findings, (language, "\n".join(findings))


def test_a_single_user_packs_audit_page_is_unchanged(tmp_path, monkeypatch):
    """A single-user pack (no head-key certificate; the head is the desk key's) still prints the
    head's key on the "Signed with key" row and none of the team sentence, in each language."""
    from reedesk.services.desk import open_desk

    monkeypatch.delenv("REEDESK_DATABASE_URL", raising=False)
    desk = open_desk(tmp_path / "home")
    try:
        make_identity(desk)
        for language in LANGUAGES:
            path = tmp_path / f"single-{language}.pdf"
            export(desk, "LM-2026-0042", path, language=language)
            texts = load_texts(language)
            head_key = open_pack(path).json_file("audit-proofs.json")["tree_head"]["key_id"]
            assert "head-key-certificate.json" not in open_pack(path).files
            page = _audit_page(path, language)
            flat = _flat(page)
            assert _flat(texts.get("labels", "head_key")) in flat and head_key in flat
            for key in ("head_key_team", "desk_key"):
                assert _flat(texts.get("labels", key)) not in flat, (language, key)
            assert _flat(SENTENCE[language]) not in flat and fingerprint(head_key) not in flat, (language, page)
    finally:
        desk.close()

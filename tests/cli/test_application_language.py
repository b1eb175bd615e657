"""``reedesk application … --language zh-Hant`` (the licence application documents in Traditional script).

FORMATS.md: ``--language {en,zh-Hant,zh-Hans}`` on every command that renders text; the application used to refuse
zh-Hant. The Simplified pages stay the default (MOFCOM works in Simplified Chinese); zh-Hant gives the same pages in
Traditional script (the wording through OpenCC s2t, the determination's own zh-Hant texts), signed and verified as
the Simplified ones are. Real desk, real PDF, read back with poppler's pdftotext and pdfdetach.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from reedesk.cli.main import main
from tests.cli.strict_chinese import lines_problems
from tests.language_check import names_in, problems
from tests.licences.conftest import TB_DOSSIER

PASSPHRASE = "correct horse battery staple 42"


@pytest.fixture
def desk(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    dossier = tmp_path / "tb.json"
    dossier.write_text(json.dumps(TB_DOSSIER), encoding="utf-8")
    assert main(["keys", "create", "--name", "Mei Lin", "--role", "Compliance officer", "--org", "Ganzhou"]) == 0
    assert main(["import", str(dossier)]) == 0
    capsys.readouterr()


def _pages(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _facts(pdf: Path, tmp_path: Path) -> dict:
    folder = tmp_path / "detached"
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdfdetach", "-saveall", "-o", str(folder), str(pdf)], check=True, capture_output=True)
    return json.loads((folder / "licence-application.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("typed", ["zh-Hant", "zh-TW"])
def test_the_application_is_written_in_traditional_chinese(desk, tmp_path, capsys, typed):
    out = tmp_path / "app.pdf"
    code = main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(out), "--language", typed])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    # the confirmation and the note in Traditional script
    assert captured.out.startswith(f"已寫入{out}（") and "缺少：法定代表人" in captured.out
    assert "尚未匯出證據包" in captured.err
    names = names_in(TB_DOSSIER) | {"Mei Lin", "Compliance officer", "Ganzhou"}
    assert lines_problems(captured.out + captured.err, "zh-Hant", names) == []
    # the pack verifies like the Simplified one (the signer is this desk's own key)
    assert main(["verify", str(out)]) == 0
    capsys.readouterr()
    pages = _pages(out)
    assert "兩用物項出口許可申請材料" in pages and "两用物项" not in pages
    assert "需申請許可" in pages and "最終用戶證明" in pages
    simplified = {p.found for line in pages.splitlines() for p in problems(line, "zh-Hant", names) if p.kind == "simplified"}
    assert simplified == set(), simplified
    assert _facts(out, tmp_path)["languages"] == ["zh-Hant"]


def test_simplified_stays_the_default_and_english_stands_beside_it(desk, tmp_path, capsys):
    plain, both = tmp_path / "hans.pdf", tmp_path / "en.pdf"
    assert main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(plain)]) == 0
    assert main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(both), "--language", "en"]) == 0
    capsys.readouterr()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert "两用物项出口许可申请材料" in _pages(plain) and _facts(plain, tmp_path / "a")["languages"] == ["zh-Hans"]
    assert "Licence required" in _pages(both) and _facts(both, tmp_path / "b")["languages"] == ["zh-Hans", "en"]


def test_a_language_the_pack_has_no_pages_in_is_refused_in_one_sentence(desk, tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:  # argparse's usage error (exit 2), naming the three languages
        main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(tmp_path / "x.pdf"),
              "--language", "fr"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "'fr'" in err and "zh-Hant" in err and not (tmp_path / "x.pdf").exists()


def test_a_missing_attachment_is_named_and_nothing_is_written(desk, tmp_path, capsys):
    """Session 14's bug hunt: `--attach end_user_certificate=/nonexistent.pdf` said "The application APP.pdf could not
    be written": the missing file is the attachment. Named now, in the language asked for, and no pack is written."""
    out = tmp_path / "app.pdf"
    missing = tmp_path / "nowhere" / "certificate.pdf"
    code = main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(out),
                 "--attach", f"end_user_certificate={missing}", "--language", "zh-Hans"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert f"附件 end_user_certificate={missing}" in err and "app.pdf" not in err, err

"""Issue 14: `reedesk verify --language zh-Hant|zh-Hans` says the whole verdict in the reader's language —
the VALID / INVALID / not-confirmed headline, "do not rely on this pack", the failed checks' names, the advice on
confirming a signer, a broken trust store's note and a bad argument — on a real exported pack (tests/evidence/helpers),
while English stays exactly what scripts match."""

from __future__ import annotations

import pytest

from reedesk.cli.main import main
from reedesk.signing.keys import fingerprint
from tests.evidence.helpers import append_update, exported  # noqa: F401  (fixture)
from tests.cli.strict_chinese import lines_problems
from tests.language_check import problems

CHINESE = ["zh-Hant", "zh-Hans"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _clean(text: str, language: str, *names: str) -> None:
    for line in text.splitlines():
        found = problems(line, language, names=["Mai Tran", "LM-2026-0042", *names])
        assert not found, (line, found)


@pytest.mark.parametrize("language", CHINESE)
def test_a_valid_pack_is_said_valid_in_chinese(capsys, exported, monkeypatch, language) -> None:
    monkeypatch.setenv("REEDESK_HOME", str(exported["root"] / "home"))  # the exporter's desk trusts its own key
    code, out, err = run(capsys, "verify", str(exported["path"]), "--language", language)
    assert (code, err) == (0, "")
    first = out.splitlines()[0]
    hant = language == "zh-Hant"
    assert first.startswith(f"{exported['path']}：有效（完好；每位簽署人的金鑰均已確認）" if hant
                            else f"{exported['path']}：有效（完好；每位签署人的密钥均已确认）")
    assert "VALID" not in out and " ok " not in out and "pdf_signature_intact:" not in out
    assert ("PDF 簽名完整：" if hant else "PDF 签名完整：") in out
    assert "pdf_signature_intact" not in out and "license_required" not in out  # no codes in Chinese: --json has them
    assert lines_problems(out, language, ["Mai Tran", "LM-2026-0042", str(exported["path"])]) == []
    _clean(out, language, str(exported["path"]))


@pytest.mark.parametrize("language", CHINESE)
def test_an_unconfirmed_signer_gets_the_advice_in_chinese(capsys, exported, language) -> None:
    code, out, err = run(capsys, "verify", str(exported["path"]), "--language", language)
    assert (code, err) == (3, "")
    hant = language == "zh-Hant"
    lines = out.splitlines()
    assert lines[0].startswith(f"{exported['path']}：{'完好，但簽署人未經確認' if hant else '完好，但签署人未经确认'} — ")
    assert lines[1].startswith("  未經確認：" if hant else "  未经确认：") and fingerprint(exported["identity"].key_id) in lines[1]
    assert "reedesk verify PACK.pdf --trust FINGERPRINT --remember" in lines[1] and "reedesk keys trust" in lines[1]
    assert ("待確認 簽署人金鑰已確認：" if hant else "待确认 签署人密钥已确认：") in out and "key_trust" not in out
    assert "Anyone can make a key" not in out and "INTACT" not in out
    _clean(out, language, str(exported["path"]))
    code, out, _ = run(capsys, "verify", str(exported["path"]), "--language", language, "--remember")
    assert code == 3 and ("未記錄任何內容" if hant else "未记录任何内容") in out


@pytest.mark.parametrize("language", CHINESE)
def test_a_tampered_pack_is_invalid_naming_the_failed_check_in_chinese(capsys, exported, tmp_path, language) -> None:
    path = tmp_path / "appended.pdf"
    path.write_bytes(append_update(exported["bytes"]))
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 1 and "INVALID — do not rely on this pack; failed checks: pdf_signature_covers_file" in out
    code, out, _ = run(capsys, "verify", str(path), "--language", language)
    assert code == 1
    hant = language == "zh-Hant"
    assert out.splitlines()[0] == (
        f"{path}：無效 — 請勿依賴此證據包；未通過的檢查：PDF 簽名涵蓋整個檔案" if hant
        else f"{path}：无效 — 请勿依赖此证据包；未通过的检查：PDF 签名覆盖整个文件")
    assert ("未通過 PDF 簽名涵蓋整個檔案" if hant else "未通过 PDF 签名覆盖整个文件") in out
    _clean(out, language, str(path))


@pytest.mark.parametrize("language", CHINESE)
def test_a_broken_trust_store_and_a_bad_argument_are_said_in_chinese(capsys, exported, tmp_path, monkeypatch, language) -> None:
    home = tmp_path / "reader"
    home.mkdir()
    (home / "trusted-keys.json").write_text('{"format": "something-else", "keys": []}', encoding="utf-8")
    monkeypatch.setenv("REEDESK_HOME", str(home))
    code, out, err = run(capsys, "verify", str(exported["path"]), "--language", language)
    assert code == 3
    store = str(home / "trusted-keys.json")
    assert err.startswith("reedesk：注意：") and store in err and "no key is trusted" not in err
    _clean(err, language, store)
    code, _, err = run(capsys, "verify", str(exported["path"]), "--trust", "not-a-key", "--language", language)
    assert code == 2 and "「not-a-key」" in err and "is neither" not in err
    _clean(err.removeprefix("reedesk: "), language)


@pytest.mark.parametrize("language", CHINESE)
def test_a_file_that_is_no_pack_is_said_in_chinese(capsys, tmp_path, language) -> None:
    """Exit 2 with one sentence in the reader's language: not a PDF, and a PDF that is not a reedesk pack."""
    from reportlab.pdfgen import canvas

    text = tmp_path / "notes.pdf"
    text.write_bytes(b"hello, this is no PDF at all")
    plain = tmp_path / "plain.pdf"
    page = canvas.Canvas(str(plain))
    page.drawString(72, 720, "An ordinary PDF")
    page.save()
    hant = language == "zh-Hant"
    code, out, err = run(capsys, "verify", str(text), "--language", language)
    assert (code, out) == (2, "") and err == (f"reedesk: {text} 不是 PDF 檔案（沒有「%PDF」標頭）。\n" if hant
                                          else f"reedesk: {text} 不是 PDF 文件（没有「%PDF」标头）。\n")
    code, _, err = run(capsys, "verify", str(plain), "--language", language)
    assert code == 2 and ("不是 reedesk 證據包" if hant else "不是 reedesk 证据包") in err and "not a reedesk" not in err
    _clean(err.removeprefix("reedesk: "), language, str(plain))
    code, _, err = run(capsys, "verify", str(text))
    assert err == f"reedesk: {text} is not a PDF file (no %PDF header).\n"

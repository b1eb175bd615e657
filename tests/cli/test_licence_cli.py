"""``reedesk licence add|list|show`` and ``reedesk ship`` (FORMATS.md 0.2 "New commands"):
exit 0 on success, 2 with one sentence on stderr otherwise; output in the chosen language.
Legal basis: Dual-Use Items Export Control Regulations (2024) Arts. 14-17 (licence scope and
limits); issue 15."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from reedesk.cli.main import main
from tests.cli.strict_chinese import lines_problems
from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER


def _files(tmp_path: Path) -> tuple[Path, Path]:
    lic = tmp_path / "licence.json"
    lic.write_text(json.dumps(ISSUE_LICENCE), encoding="utf-8")
    dossier = tmp_path / "dossier.json"
    dossier.write_text(json.dumps(TB_DOSSIER), encoding="utf-8")
    return lic, dossier


def test_add_list_show_ship(tmp_path, capsys):
    lic, dossier = _files(tmp_path)
    assert main(["import", str(dossier)]) == 0
    assert main(["licence", "add", str(lic)]) == 0
    assert "added as revision 1" in capsys.readouterr().out
    assert main(["licence", "add", str(lic)]) == 0
    assert "unchanged" in capsys.readouterr().out

    assert main(["licence", "list", "--today", "2026-12-10"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("⚠ MOFCOM-2026-LIC-0001") and "EXPIRING SOON" in out and "100 kg / 100 kg" in out

    assert main(["ship", TB_DOSSIER["reference"], "--licence", ISSUE_LICENCE["number"], "--quantity", "40 kg",
                 "--value", "60000.00 USD", "--date", "2026-11-26"]) == 0
    assert "60 kg / 100 kg" in capsys.readouterr().out

    assert main(["licence", "show", ISSUE_LICENCE["number"], "--language", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "单次许可" in out and "剩余额度：60千克 / 100千克" in out and "140000.00美元 / 200000.00美元" in out

    assert main(["licence", "show", ISSUE_LICENCE["number"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["licence"] == ISSUE_LICENCE and shown["summary"]["balances"][0]["remaining_quantity"] == "60"


def test_ship_past_limit_exit_2_one_sentence(tmp_path, capsys):
    lic, dossier = _files(tmp_path)
    main(["import", str(dossier)])
    main(["licence", "add", str(lic)])
    capsys.readouterr()
    code = main(["ship", TB_DOSSIER["reference"], "--licence", ISSUE_LICENCE["number"], "--quantity", "101",
                 "--value", "1.00", "--date", "2026-11-26"])
    err = capsys.readouterr().err
    assert code == 2 and "101 kg exceeds the 100 kg left" in err and err.count("\n") == 1


def test_add_malformed_exit_2_names_path(tmp_path, capsys):
    bad = copy.deepcopy(ISSUE_LICENCE)
    bad["destinations"] = ["Korea"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    assert main(["licence", "add", str(path)]) == 2
    assert "destinations[0]" in capsys.readouterr().err


def test_list_expiring_none_in_traditional_chinese(tmp_path, capsys):
    lic, _ = _files(tmp_path)
    main(["licence", "add", str(lic)])
    capsys.readouterr()
    assert main(["licence", "list", "--expiring", "5", "--today", "2026-11-01", "--language", "zh-Hant"]) == 0
    assert capsys.readouterr().out.strip() == "5天內沒有到期的許可證。"


def test_application_cli_writes_a_verified_pack_and_says_what_is_missing(tmp_path, capsys, monkeypatch):
    """`reedesk application` (FORMATS.md 0.2): exit 0, the pack verifies (exit 0 with the signer
    trusted), the missing checklist items are named in Chinese; without an evidence pack it says so."""
    from tests.evidence.helpers import PASSPHRASE

    _, dossier = _files(tmp_path)
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    assert main(["keys", "create", "--name", "Mei Lin", "--role", "Compliance officer", "--org", "Ganzhou"]) == 0
    assert main(["import", str(dossier)]) == 0
    capsys.readouterr()
    out = tmp_path / "app.pdf"
    assert main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "缺失：法定代表人" in captured.out and "尚未导出证据包" in captured.err
    assert main(["verify", str(out)]) == 0
    assert main(["application", TB_DOSSIER["reference"], "--as-of", "2026-11-25", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err


ISO_CODE = re.compile(r"(?<![A-Za-z])(?:KR|DE|CN|USD|CNY|EUR)(?![A-Za-z])")  # the licence's countries and currency


def _two_country_licence(tmp_path: Path) -> dict:
    lic = copy.deepcopy(ISSUE_LICENCE)
    lic.update(destinations=["KR", "DE"],
               end_users=[{"name": "Hanseong Magnetics Co., Ltd.", "country": "KR"}, {"name": "Busan Motor Works", "country": "KR"}],
               limits=[{"quantity": "100", "unit": "kg", "value": {"amount": "200000.00", "currency": "USD"}}])
    (tmp_path / "licence.json").write_text(json.dumps(lic), encoding="utf-8")
    (tmp_path / "dossier.json").write_text(json.dumps(TB_DOSSIER), encoding="utf-8")
    assert main(["import", str(tmp_path / "dossier.json")]) == 0
    from reportlab.pdfgen import canvas

    scan = canvas.Canvas(str(tmp_path / "scan.pdf"))
    scan.drawString(72, 720, lic["number"])
    scan.save()
    assert main(["licence", "add", str(tmp_path / "licence.json"), "--pdf", str(tmp_path / "scan.pdf")]) == 0
    assert main(["ship", TB_DOSSIER["reference"], "--licence", lic["number"], "--quantity", "40 kg",
                 "--value", "60000.00 USD", "--date", "2026-11-26"]) == 0
    return lic


@pytest.mark.parametrize("language, names", [
    ("zh-Hans", {"holder": "持证人：Ganzhou Rare Metals Trading Co.（中国）；MOFCOM", "dest": "目的国：韩国、德国",
                 "left": "剩余额度：60千克 / 100千克，140000.00美元 / 200000.00美元",
                 "ship": "GZ-TB-2026-0007：40千克，60000.00美元"}),
    ("zh-Hant", {"holder": "持證人：Ganzhou Rare Metals Trading Co.（中國）；MOFCOM", "dest": "目的國：南韓、德國",
                 "left": "剩餘額度：60千克 / 100千克，140000.00美元 / 200000.00美元",
                 "ship": "GZ-TB-2026-0007：40千克，60000.00美元"}),
])
def test_chinese_show_and_list_name_countries_and_currencies(tmp_path, capsys, language, names):
    """Chinese `licence show`/`list` name countries and currencies as the licence reasons do (LIC9, matching.py's
    country_text/money_text/join_text): 「韩国、德国」, 「140000.00美元」 — no ISO code; what the user typed (names,
    authority, control and HS codes, the description) stays as typed."""
    lic = _two_country_licence(tmp_path)
    capsys.readouterr()
    assert main(["licence", "show", lic["number"], "--language", language]) == 0
    shown = capsys.readouterr().out
    assert main(["licence", "list", "--today", "2026-12-10", "--language", language]) == 0
    listed = capsys.readouterr().out
    for key in ("holder", "dest", "left"):
        assert names[key] in shown.splitlines(), (key, shown)
    assert "  #1 2026-11-26 " + names["ship"] in shown.splitlines(), shown
    assert names["left"].split("：", 1)[1] in listed, listed
    typed = ["Ganzhou Rare Metals Trading Co.", "MOFCOM", "Hanseong Magnetics Co., Ltd.", "Busan Motor Works",
             "Terbium metal", "MOFCOM-2026-LIC-0001", "GZ-TB-2026-0007", "root"]
    assert main(["licence", "show", lic["number"], "--json"]) == 0
    typed.append(json.loads(capsys.readouterr().out)["revisions"][0]["created_by"])  # the desk's user, as recorded
    assert any(line.startswith("原件：scan.pdf SHA-256 ") for line in shown.splitlines()), shown
    assert lines_problems(shown + listed, language, names=typed) == []  # the revisions line too (time, user, hash)
    assert ISO_CODE.search(shown + listed) is None, ISO_CODE.search(shown + listed)
    # `reedesk ship` says the balance left the same way (cli.licence.balance_text)
    assert main(["ship", TB_DOSSIER["reference"], "--licence", lic["number"], "--quantity", "10 kg", "--value", "15000.00 USD",
                 "--date", "2026-11-27", "--language", language]) == 0
    shipped = capsys.readouterr().out
    assert "50千克 / 100千克，125000.00美元 / 200000.00美元。" in shipped and ISO_CODE.search(shipped) is None, shipped
    assert lines_problems(shipped, language, names=typed) == []


def test_english_show_and_list_keep_the_codes(tmp_path, capsys):
    lic = _two_country_licence(tmp_path)
    capsys.readouterr()
    assert main(["licence", "show", lic["number"]]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[2].startswith("valid: 2026-01-01 .. 2026-12-31  ")  # the status follows the clock
    assert shown[1:2] + shown[3:8] == [
        "holder: Ganzhou Rare Metals Trading Co. (CN); MOFCOM",
        "items: 1C904 Terbium metal 2805301910", "destinations: KR, DE",
        "end users: Hanseong Magnetics Co., Ltd.; Busan Motor Works", "consignees: not restricted",
        "remaining: 60 kg / 100 kg, USD 140000.00 / USD 200000.00"]
    assert shown[8].startswith("source document: scan.pdf SHA-256 ") and shown[9] == "shipments:"
    assert shown[10] == "  #1 2026-11-26 GZ-TB-2026-0007: 40 kg, USD 60000.00"
    assert main(["licence", "list", "--today", "2026-12-10"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("remaining: 60 kg / 100 kg, USD 140000.00 / USD 200000.00")
    assert main(["licence", "show", lic["number"], "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["licence"]["destinations"] == ["KR", "DE"] and document["summary"]["balances"][0]["value"]["currency"] == "USD"

"""Every line a command prints for a person, in the language asked for with ``--language`` (FORMATS.md: "--language
{en,zh-Hant,zh-Hans} on every command that renders text"): confirmations of the commands that change the desk
(audit checkpoint, import, archive/restore/delete, keys, sign, export, org, backup/restore, screening decide/import,
rules) and the summaries of rules list/show and evaluate --all, each through resources/vocabulary/messages.toml
``[cli.*]``. Real commands on a real SQLite desk made from the bundled samples; the English lines stay exactly what
they were (scripts match them), the exit codes are the English ones, and no English word, snake_case code or
(in zh-Hant) Simplified-only character is left in the Chinese (tests/language_check.py)."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path

import pytest

from reedesk.cli.main import main
from tests.conftest import sample_document
from tests.language_check import names_in, problems

CHINESE = ("zh-Hant", "zh-Hans")
PASSPHRASE = "correct horse battery staple 42"
SIGNER = {"name": "Mei Lin", "role": "Export-control consultant", "org": "Lotus Compliance"}
SAMPLE_NAMES = set().union(*(names_in(sample_document(n)) for n in (
    "smco-magnet-vietnam", "ndfeb-magnet-chinese-technology", "gd-target-taiwan-memory-fab", "terbium-metal-export-from-china")))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def chinese(text: str, language: str, *names: object) -> None:
    """Each printed line breaks none of the language rules; ``names`` are what the user typed or files are called."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines, "nothing was printed"
    allowed = SAMPLE_NAMES | set(SIGNER.values()) | {str(n) for n in names}
    for line in lines:
        assert problems(line, language, allowed) == [], line
        assert re.search(r"[\u4e00-\u9fff]", line), line  # said in Chinese, not left in English


@pytest.fixture
def desk(monkeypatch, capsys):
    """The bundled samples imported, a signing identity, LM-2026-0042 evaluated as of 2026-11-25 (all in English)."""
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "import", "--samples")[0] == 0
    assert run(capsys, "keys", "create", "--name", SIGNER["name"], "--role", SIGNER["role"], "--org", SIGNER["org"])[0] == 0
    assert run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25")[0] == 0


def _someone_elses_key(path: Path) -> Path:
    """A reviewer's own Ed25519 public key (PEM), made with the cryptography library: not one of this desk's."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return path


def _key_id(capsys) -> str:
    return json.loads(run(capsys, "keys", "list", "--json")[1])["identities"][0]["key_id"]


def test_audit_checkpoint_confirms_in_english_as_before_and_in_both_scripts(capsys, desk, tmp_path):
    out_file = tmp_path / "kept.txt"
    code, out, err = run(capsys, "audit", "checkpoint", "--out", str(out_file))
    assert (code, err) == (0, "")
    assert out == (f"Wrote the latest checkpoint to {out_file}; keep it away from this desk (mail it, store it on another "
                   "machine) and check the trail against it later with `reedesk audit verify --against FILE`.\n")
    english = out_file.read_text(encoding="utf-8")
    for language, said in (("zh-Hant", f"已將最新的檢查點寫入 {out_file}；請把它存放在本案頭以外的地方"),
                           ("zh-Hans", f"已将最新的检查点写入 {out_file}；请把它存放在本案头以外的地方")):
        out_file.unlink()
        code, out, err = run(capsys, "audit", "checkpoint", "--out", str(out_file), "--language", language)
        assert (code, err) == (0, "") and out.startswith(said)
        assert {"zh-Hant": "reedesk audit verify --against FILE 核對稽核軌跡。", "zh-Hans": "reedesk audit verify --against FILE 核对审计轨迹。"}[
            language] in out
        chinese(out, language, out_file)
        assert out_file.read_text(encoding="utf-8") == english  # the note itself is the same (a C2SP checkpoint)
        out_file.unlink()  # --language before the command reaches the command too
        assert run(capsys, "--language", language, "audit", "checkpoint", "--out", str(out_file))[1].startswith(said)


@pytest.mark.parametrize("language", CHINESE)
def test_import_dry_run_archive_restore_delete(capsys, desk, language):
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples"
    files = sorted(sample.glob("*.json")) or sorted(Path("/work/shared/samples").glob("*.json"))
    code, out, err = run(capsys, "import", "--dry-run", str(files[0]), "--language", language)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == {"zh-Hant": "試行：未儲存任何內容。", "zh-Hans": "试运行：未存储任何内容。"}[language]
    chinese(out, language, files[0].name)
    code, out, _ = run(capsys, "import", "--samples", "--language", language)
    assert code == 0 and out.splitlines()[-1] == {"zh-Hant": "已匯入 4 個檔案；0 個卷宗有變更。", "zh-Hans": "已导入 4 个文件；0 个卷宗有变更。"}[language]
    assert "LM-2026-0042：未" in out
    chinese(out, language)
    code, out, _ = run(capsys, "archive", "TK-NDFEB-7", "--language", language)
    assert code == 0 and out.startswith("TK-NDFEB-7：") and "reedesk restore TK-NDFEB-7" in out
    chinese(out, language)
    code, out, _ = run(capsys, "restore", "TK-NDFEB-7", "--language", language)
    assert code == 0 and out == {"zh-Hant": "TK-NDFEB-7：已還原。\n", "zh-Hans": "TK-NDFEB-7：已还原。\n"}[language]
    code, out, _ = run(capsys, "delete", "TW-TGT-19", "--yes", "--language", language)
    assert code == 0 and out == {"zh-Hant": "TW-TGT-19：已刪除（稽核軌跡保留其最後版本）。\n",
                                 "zh-Hans": "TW-TGT-19：已删除（审计轨迹保留其最后版本）。\n"}[language]
    # without --yes and without a terminal it is refused, in the same language, exit 2 (nothing deleted)
    code, out, err = run(capsys, "delete", "CN-TB-880", "--language", language)
    assert code == 2 and out == "" and {"zh-Hant": "已拒絕", "zh-Hans": "已拒绝"}[language] in err
    chinese(err, language)


def test_the_english_lines_of_import_archive_restore_delete_are_what_they_were(capsys, desk):
    code, out, _ = run(capsys, "import", "--samples")
    assert code == 0 and out.splitlines()[-1] == "Imported 4 files; 0 dossiers changed."
    assert "LM-2026-0042: unchanged (revision 1)" in out
    assert run(capsys, "archive", "TK-NDFEB-7")[1] == (
        "TK-NDFEB-7: archived (it stays readable; `reedesk restore TK-NDFEB-7` brings it back).\n")
    assert run(capsys, "restore", "TK-NDFEB-7", "--language", "en")[1] == "TK-NDFEB-7: restored.\n"
    assert run(capsys, "delete", "TW-TGT-19", "--yes")[1] == "TW-TGT-19: deleted (the audit trail keeps its last version).\n"


@pytest.mark.parametrize("language", CHINESE)
def test_keys_create_list_export_trust_rotate_retire(capsys, desk, tmp_path, language):
    code, out, err = run(capsys, "keys", "create", "--name", "Hans Vogel", "--role", "Reviewer", "--org", "Rhein",
                         "--language", language)
    assert (code, err) == (0, "")
    assert out.startswith({"zh-Hant": "已建立簽署身分 Hans Vogel（Reviewer，Rhein）\n金鑰編號    ",
                           "zh-Hans": "已创建签署身份 Hans Vogel（Reviewer，Rhein）\n密钥编号    "}[language])
    chinese(out, language, "Hans Vogel", "Reviewer", "Rhein")
    key_id = _key_id(capsys)
    assert run(capsys, "keys", "export", key_id, "--out", str(tmp_path / "mei.pem"), "--language", language)[0] == 0
    pem = _someone_elses_key(tmp_path / "reviewer.pem")
    code, out, _ = run(capsys, "keys", "trust", str(pem), "--label", "Mei again", "--language", language)
    assert code == 0 and out.startswith({"zh-Hant": "已信任 Mei again：金鑰 ", "zh-Hans": "已信任 Mei again：密钥 "}[language])
    code, out, _ = run(capsys, "keys", "rotate", key_id, "--language", language)
    assert code == 0 and {"zh-Hant": "的金鑰輪替：", "zh-Hans": "的密钥轮换："}[language] in out.splitlines()[0]
    chinese(out, language)
    code, out, _ = run(capsys, "keys", "list", "--language", language)
    assert code == 0 and {"zh-Hant": " 停用 ", "zh-Hans": " 停用 "}[language] in out and "使用中" in out and "已信任" in out
    assert "active" not in out and "retired" not in out and "trusted" not in out
    chinese(out, language, "Hans Vogel", "Reviewer", "Rhein", "Mei again")
    other = json.loads(run(capsys, "keys", "list", "--json")[1])["identities"]
    active = [i["key_id"] for i in other if i["retired_at"] is None and i["name"] == "Hans Vogel"][0]
    code, out, _ = run(capsys, "keys", "retire", active, "--yes", "--language", language)
    assert code == 0 and out.startswith({"zh-Hant": "已停用 Hans Vogel 的金鑰 ", "zh-Hans": "已停用 Hans Vogel 的密钥 "}[language])
    assert out.rstrip().endswith({"zh-Hant": "它先前的簽名仍可驗證。", "zh-Hans": "它先前的签名仍可验证。"}[language])


def test_the_english_lines_of_keys_are_what_they_were(capsys, desk, tmp_path):
    key_id = _key_id(capsys)
    out = run(capsys, "keys", "list")[1]
    assert re.fullmatch(r"[0-9A-F-]{19}  active             Mei Lin — Export-control consultant, Lotus Compliance\n", out)
    pem = _someone_elses_key(tmp_path / "reviewer.pem")
    assert re.fullmatch(r"Trusting Mei again: key [0-9A-F-]{19}\.\n", run(capsys, "keys", "trust", str(pem), "--label", "Mei again")[1])
    out = run(capsys, "keys", "rotate", key_id)[1].splitlines()
    assert out[0] == "Rotated the key of Mei Lin (Export-control consultant, Lotus Compliance) in one step:"
    assert out[1].startswith("retired     ") and out[1].endswith("  (its earlier signatures still verify)")
    assert out[2].startswith("new key id  ") and out[3].startswith("fingerprint ")


@pytest.mark.parametrize("language", CHINESE)
def test_sign_and_export_confirm_in_chinese(capsys, desk, tmp_path, language):
    code, out, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by", "--as-of", "2026-11-25", "--language", language)
    assert (code, err) == (0, "")
    meaning = {"zh-Hant": "「編製人」", "zh-Hans": "「编制人」"}[language]
    assert out.startswith(f"{'已簽署' if language == 'zh-Hant' else '已签署'} LM-2026-0042 的判定 1：{meaning}Mei Lin")
    assert re.fullmatch({"zh-Hant": r"已簽署涵蓋 \d+ 個事件的稽核檢查點。", "zh-Hans": r"已签署涵盖 \d+ 个事件的审计检查点。"}[language],
                        out.splitlines()[1])
    chinese(out, language)
    pack = tmp_path / "lm.pdf"
    code, out, err = run(capsys, "export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "Reviewed by", "--out", str(pack),
                         "--headroom", "--language", language)
    assert (code, err) == (0, "") and pack.is_file()
    lines = out.splitlines()
    assert lines[0].startswith({"zh-Hant": f"已寫入 {pack}（", "zh-Hans": f"已写入 {pack}（"}[language])
    assert {"zh-Hant": "— 需申請許可；", "zh-Hans": "— 需申请许可；"}[language] in lines[0]  # the name only, no code
    assert "license_required" not in out
    assert lines[1] == {"zh-Hant": "此證據包附有餘量頁（在物料清單之後）。", "zh-Hans": "此证据包附有余量页（在物料清单之后）。"}[language]
    chinese(out, language, pack)
    # a dossier file exported as it is: stored first (said), and no value ratio charted (said why)
    doc = copy.deepcopy(sample_document("terbium-metal-export-from-china"))
    doc["reference"] = "TB-FILE-1"
    source = tmp_path / "tb.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run(capsys, "export", str(source), "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(tmp_path / "tb.pdf"),
                       "--headroom", "--language", language)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == {"zh-Hant": "此檔案已儲存為新卷宗 TB-FILE-1（第 1 版）。", "zh-Hans": "此文件已存储为新卷宗 TB-FILE-1（第 1 版）。"}[language]
    assert lines[2].startswith({"zh-Hant": "未附餘量頁：", "zh-Hans": "未附余量页："}[language])
    chinese(out, language, tmp_path / "tb.pdf", "TB-FILE-1")


def test_the_english_lines_of_export_are_what_they_were(capsys, desk, tmp_path):
    pack = tmp_path / "lm.pdf"
    code, out, _ = run(capsys, "export", "LM-2026-0042", "--as-of", "2026-11-25", "--meaning", "Prepared by", "--out", str(pack), "--headroom")
    assert code == 0
    assert re.fullmatch(rf"Wrote {re.escape(str(pack))} \(\d+ bytes\): LM-2026-0042 as of 2026-11-25 — Licence required "
                        r"\(license_required\); document RD-[0-9A-F-]+, 1 signature\(s\)\.\n"
                        r"The pack has the headroom page \(after the bill of materials\)\.\n", out)


@pytest.mark.parametrize("language", CHINESE)
def test_rules_list_show_and_import_in_chinese(capsys, desk, language):
    code, out, err = run(capsys, "rules", "list", "--language", language)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:3] == {"zh-Hant": ["編號", "版本", "來源"], "zh-Hans": ["编号", "版本", "来源"]}[language]
    assert {"zh-Hant": "商務部公告2025年第61號", "zh-Hans": "商务部公告2025年第61号"}[language] in out
    assert "shipped" not in out and "announcement" not in out
    chinese("\n".join(lines[:1] + lines[-1:]), language)
    code, out, _ = run(capsys, "rules", "show", "cn-mofcom-2025-061", "--language", language)
    assert code == 0 and {"zh-Hant": "未決問題（no61-part1-scope）：", "zh-Hans": "未决问题（no61-part1-scope）："}[language] in out
    assert {"zh-Hant": "［價值比例規則］", "zh-Hans": "［价值比例规则］"}[language] in out
    assert "Reading taken" not in out and "Open point" not in out and "Unverified" not in out
    for line in out.splitlines():
        if line.strip():
            assert problems(line, language, ()) == [], line
    pack = Path(__file__).resolve().parents[2] / "resources" / "rules" / "cn-mofcom-2025-061.toml"
    version = tomllib.loads(pack.read_text(encoding="utf-8"))["pack"]["version"]  # the shipped file's own (bumped in place)
    code, out, _ = run(capsys, "rules", "import", str(pack), "--language", language)
    assert code == 0 and out.startswith(f"cn-mofcom-2025-061 版本 {version} ") and out.rstrip().endswith(
        {"zh-Hant": "未做任何變更。", "zh-Hans": "未做任何变更。"}[language])


def test_rules_list_in_english_is_what_it_was(capsys, desk):
    out = run(capsys, "rules", "list")[1].splitlines()
    assert out[0].split("  ")[0] == "id" and "reviewed until" in out[0]
    assert out[-1] == "12 rule packs. For each id the newest version whose version date is on or before the as-of date is used."


@pytest.mark.parametrize("language", CHINESE)
def test_screening_decide_and_import_in_chinese(capsys, desk, tmp_path, language):
    doc = copy.deepcopy(sample_document("smco-magnet-vietnam"))
    doc["reference"] = "SCR-1"
    doc["shipment"]["end_user"]["name"] = "Lockheed Martin Corp."
    listed = tmp_path / "scr-1.json"
    listed.write_text(json.dumps(doc), encoding="utf-8")
    assert run(capsys, "import", str(listed))[0] == 0
    code, out, err = run(capsys, "screening", "check", "SCR-1", "--language", language)
    assert (code, err) == (0, "")
    assert {"zh-Hant": "分數 100.0（未決定）", "zh-Hans": "分数 100.0（未决定）"}[language] in out
    # where the entry was listed: the announcement as issued (in the reader's script), its date, the address
    assert {"zh-Hant": "來源：商務部2025年1月2日公告（將28家美國實體列入出口管制管控名單）；2025-01-02；https://",
            "zh-Hans": "来源：商务部2025年1月2日公告（将28家美国实体列入出口管制管控名单）；2025-01-02；https://"}[language] in out
    assert "announcement" not in out and "undecided" not in out
    typed = {"Lockheed Martin Corp.", "Lockheed Martin Corporation", "Lockheed Martin Missiles and Fire Control", "SCR-1",
             *re.findall(r"https://\S+", out)}
    chinese(out, language, *typed)
    code, _, err = run(capsys, "screening", "decide", "SCR-1", "--hit", "7", "--clear", "--reason", "x", "--language", language)
    assert code == 2 and re.search("找到 命中 1–\\d+；", err) and "hits" not in err
    code, out, err = run(capsys, "screening", "decide", "SCR-1", "--hit", "1", "--confirm", "--reason", "same firm", "--language", language)
    assert (code, err) == (0, "")
    assert out == {"zh-Hant": "命中 1 已確認；卷宗 SCR-1 現在是第 2 版。\n", "zh-Hans": "命中 1 已确认；卷宗 SCR-1 现在是第 2 版。\n"}[language]
    csv = tmp_path / "csl.csv"
    csv.write_text("name,alt_names,source,addresses\nExample Photonics Co.,EPC,Entity List,\"Wuhan, CN\"\n", encoding="utf-8")
    code, out, _ = run(capsys, "screening", "import", str(csv), "--language", language)
    assert code == 0 and out.startswith({"zh-Hant": "已匯入名單 csl［其他名單］，共 1 筆條目（SHA-256 ",
                                         "zh-Hans": "已导入名单 csl［其他名单］，共 1 条条目（SHA-256 "}[language]), out
    chinese(out, language, "csl")


@pytest.mark.parametrize("language", CHINESE)
def test_backup_and_restore_in_chinese(capsys, desk, tmp_path, language):
    copy_file = tmp_path / "desk.reedesk-backup"
    code, out, err = run(capsys, "backup", str(copy_file), "--language", language)
    assert (code, err) == (0, "")
    assert out.startswith({"zh-Hant": f"已將案頭備份到 {copy_file}：", "zh-Hans": f"已将案头备份到 {copy_file}："}[language])
    chinese(out, language, copy_file)
    code, out, err = run(capsys, "restore", str(copy_file), "--force", "--language", language)
    assert code == 0, err
    assert out.startswith({"zh-Hant": f"已將 {copy_file}（製作於 ", "zh-Hans": f"已将 {copy_file}（制作于 "}[language])
    assert {"zh-Hant": "被取代的案頭保留在 ", "zh-Hans": "被替换的案头保留在 "}[language] in out
    chinese(out + err, language, copy_file, tmp_path / "home", *tmp_path.glob("home*"))


@pytest.mark.parametrize("language", CHINESE)
def test_evaluate_all_summary_in_chinese(capsys, desk, language):
    code, english, _ = run(capsys, "evaluate", "--all", "--as-of", "2026-11-25")
    assert code == 0 and english.startswith("4 of 4 dossiers of the desk evaluated as of 2026-11-25 in ")
    code, out, err = run(capsys, "evaluate", "--all", "--as-of", "2026-11-25", "--language", language)
    assert (code, err) == (0, "")
    assert out.startswith({"zh-Hant": "本案頭的 4 個卷宗中已有 4 個以 2026-11-25 為判定日期完成判定",
                           "zh-Hans": "本案头的 4 个卷宗中已有 4 个以 2026-11-25 为判定日期完成判定"}[language])
    assert {"zh-Hant": "結論：需申請許可 ", "zh-Hans": "结论：需申请许可 "}[language] in out  # the name and its count
    assert "license_required" not in out and "not_controlled" not in out
    chinese(out, language)


@pytest.mark.parametrize("language", CHINESE)
def test_a_file_that_is_not_there_is_said_without_the_system_s_english(capsys, desk, tmp_path, language):
    missing = tmp_path / "nobody.pem"
    code, out, err = run(capsys, "keys", "trust", str(missing), "--label", "x")
    assert code == 2 and "No such file or directory" in err
    code, out, err = run(capsys, "keys", "trust", str(missing), "--label", "x", "--language", language)
    assert code == 2 and out == ""
    assert "No such file" not in err and {"zh-Hant": "沒有這個檔案或資料夾", "zh-Hans": "没有这个文件或文件夹"}[language] in err
    chinese(err, language, missing)


@pytest.mark.parametrize("language", CHINESE)
def test_org_trust_in_chinese(capsys, desk, tmp_path, language):
    pem = tmp_path / "org.pem"
    assert run(capsys, "keys", "export", _key_id(capsys), "--out", str(pem))[0] == 0
    code, out, err = run(capsys, "org", "trust", str(pem), "--label", "Lotus org", "--language", language)
    assert (code, err) == (0, "")
    assert out.startswith({"zh-Hant": "已信任組織金鑰 ", "zh-Hans": "已信任组织密钥 "}[language]) and "reedesk verify" in out
    chinese(out, language, "Lotus org")

"""Issue 14, the last plain-English raises of the core (session 5): each one made to happen for real — a real
desk, real packs and keys, a real folder given as a PDF, a real unreachable timestamp authority — and its
sentence said as the window and the command line say it (:func:`reedesk.vocabulary.error_text`, or the command
run with ``--language``), in Traditional and Simplified Chinese, keeping the language rules; English unchanged.

tests/test_vocabulary_errors.py counts what is left uncoded (nothing, now)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from reedesk import vocabulary
from reedesk.cli.main import main
from reedesk.errors import ReedeskError
from tests.evidence.helpers import exported  # noqa: F401  (fixture)
from tests.language_check import problems

CHINESE = ["zh-Hant", "zh-Hans"]


def _said(error: BaseException, language: str, *names: str) -> str:
    """The error in ``language``: coded, translated, clean of English words and codes (``names`` are the user's)."""
    assert getattr(error, "code", "") in _errors(), getattr(error, "code", None)
    said = vocabulary.error_text(error, language)
    assert said != str(error), said
    assert problems(said, language, set(names)) == [], said
    return said


def _errors() -> dict:
    import tomllib

    from reedesk.resources import resource

    with resource("vocabulary", "messages.toml").open("rb") as handle:
        return tomllib.load(handle)["error"]


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------------- rule packs


def _late_pack(tmp_path):
    """A real pack file whose version governs from a date (2026-12-01) its review (2026-11-20) does not reach."""
    from tests.rules.builders import EXTENSION

    path = tmp_path / "no70-late.toml"
    text = re.sub(r"(?m)^version_date = .*$", "version_date = 2026-12-01", EXTENSION, count=1)
    path.write_text(re.sub(r'(?m)^version = "[^"]+"', 'version = "2099.1"', text, count=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("language", CHINESE)
def test_importing_a_pack_whose_version_outruns_its_review_is_refused_in_chinese(desk, tmp_path, language) -> None:
    from reedesk.services import rulepacks

    path = _late_pack(tmp_path)
    with pytest.raises(ReedeskError) as refused:
        rulepacks.import_pack(desk, path)
    assert str(refused.value) == ("no70-late.toml: pack.version_date 2026-12-01 is later than pack.reviewed_until 2026-11-20: "
                                  "a version cannot govern from a date its review does not reach; nothing was imported.")
    said = _said(refused.value, language, "no70-late.toml")
    assert ("晚於審閱截止日（pack.reviewed_until）2026-11-20" if language == "zh-Hant" else "晚于审阅截止日（pack.reviewed_until）2026-11-20") in said
    assert all(info.pack.version != "2099.1" for info in rulepacks.list_packs(desk))  # nothing was imported


@pytest.mark.parametrize("language", CHINESE)
def test_impact_of_such_a_pack_is_refused_in_chinese_on_the_command_line(desk, tmp_path, capsys, monkeypatch, language) -> None:
    monkeypatch.setenv("REEDESK_HOME", str(desk.home))
    path = _late_pack(tmp_path)
    code, out, err = _cli(capsys, "impact", "--as-of", "2026-11-25", "--pack", str(path), "--language", language)
    assert code == 2 and out == ""
    line = err.removeprefix("reedesk: ").strip()
    assert line.startswith("no70-late.toml：版本日期（pack.version_date）2026-12-01 ")
    assert problems(line, language, {"no70-late.toml"}) == [], line


@pytest.mark.parametrize("language", CHINESE)
def test_storing_impact_against_a_pack_not_imported_is_refused_in_chinese(desk, tmp_path, language) -> None:
    from reedesk.services import portfolio
    from tests.rules.builders import EXTENSION

    path = tmp_path / "no70-extended.toml"
    path.write_text(re.sub(r'(?m)^version = "[^"]+"', 'version = "2099.1"', EXTENSION, count=1), encoding="utf-8")
    with pytest.raises(ReedeskError) as refused:
        portfolio.impact(desk, "2026-11-25", pack=path, store=True)
    assert "A pack that is not imported cannot be stored against; import no70-extended.toml first" in str(refused.value)
    said = _said(refused.value, language, "no70-extended.toml")
    assert "reedesk rules import" in said and "reedesk impact --store" in said


# ------------------------------------------------------------------------------------- signing


@pytest.mark.parametrize("language", CHINESE)
def test_signing_a_dossier_never_evaluated_is_refused_in_chinese(desk, language) -> None:
    from reedesk.services.signing import latest_determination_id

    with pytest.raises(ReedeskError) as refused:
        latest_determination_id(desk, "LM-2026-0042")
    assert str(refused.value) == ("Dossier LM-2026-0042 revision 1 has no determination to sign; "
                                  "run `reedesk evaluate LM-2026-0042 --as-of DATE` first.")
    said = _said(refused.value, language, "LM-2026-0042")
    assert said.startswith("卷宗 LM-2026-0042 第 1 版沒有可簽署的判定" if language == "zh-Hant" else "卷宗 LM-2026-0042 第 1 版没有可签署的判定")
    with pytest.raises(ReedeskError) as dated:
        latest_determination_id(desk, "LM-2026-0042", "2026-11-25")
    assert "as of 2026-11-25" in str(dated.value) and "2026-11-25" in _said(dated.value, language, "LM-2026-0042")


@pytest.mark.parametrize("language", CHINESE)
def test_a_signature_whose_shown_signer_was_edited_is_explained_in_chinese(desk, language) -> None:
    """The stored signer's role rewritten in the SQLite file: the verdict's reason is coded and said in Chinese."""
    from reedesk.services.signing import verify_determination_signatures
    from tests.signing.vectors import signed_desk, tamper

    _, determination_id, [info] = signed_desk(desk)
    tamper(desk, f"UPDATE signature SET signer_role = 'Managing director' WHERE id = {info.id}")
    [verdict] = verify_determination_signatures(desk, determination_id)
    assert not verdict.ok and verdict.reason == "the signer's name, role or organisation shown for it differs from what was signed"
    said = vocabulary.text_in(verdict.reason, language)
    assert said == ("此簽名所顯示的簽署人姓名、職務或機構與簽署時的內容不同" if language == "zh-Hant"
                    else "此签名所显示的签署人姓名、职务或机构与签署时的内容不同")


@pytest.mark.parametrize("language", CHINESE)
def test_an_envelope_signed_by_an_unknown_key_is_refused_in_chinese(language) -> None:
    """A real DSSE envelope checked against the wrong key set: which signature, which key, in the reader's language."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from reedesk.signing.dsse import EnvelopeInvalid, sign_envelope, verify_envelope
    from reedesk.signing.keys import key_id_of, raw_public_key

    key = Ed25519PrivateKey.generate()
    key_id = key_id_of(raw_public_key(key))
    envelope = sign_envelope(b'{"a": 1}', key, key_id, "application/vnd.reedesk.test+json")
    with pytest.raises(EnvelopeInvalid) as unknown:
        verify_envelope(envelope, {})
    assert unknown.value.index == 0 and unknown.value.key_id == key_id
    assert str(unknown.value) == f"The envelope is not valid: signature 1 is by key {key_id[:16]}…, which is not known or trusted."
    said = _said(unknown.value, language)
    assert said == (f"信封無效：第 1 個簽名出自金鑰 {key_id[:16]}…，該金鑰未知或未受信任。" if language == "zh-Hant"
                    else f"信封无效：第 1 个签名出自密钥 {key_id[:16]}…，该密钥未知或未受信任。")
    other = raw_public_key(Ed25519PrivateKey.generate())
    with pytest.raises(EnvelopeInvalid) as swapped:
        verify_envelope(envelope, {key_id: other})  # another key filed under this key's id
    assert "is not the key with that id" in str(swapped.value)
    assert ("並非該編號的金鑰" if language == "zh-Hant" else "并非该编号的密钥") in _said(swapped.value, language)


# ------------------------------------------------------------------------------------- evidence


@pytest.mark.parametrize("language", CHINESE)
def test_verifying_a_folder_says_it_is_no_pdf_in_chinese(tmp_path, capsys, language) -> None:
    folder = tmp_path / "not-a-pack"
    folder.mkdir()
    code, out, err = _cli(capsys, "verify", str(folder), "--language", language)
    assert code != 0
    shown = out + err
    assert f"{folder} 是資料夾，不是 PDF 檔案。" in shown if language == "zh-Hant" else f"{folder} 是文件夹，不是 PDF 文件。" in shown
    assert "is a folder" not in shown


@pytest.mark.parametrize("language", CHINESE)
def test_bad_trust_given_to_the_verifier_is_refused_in_chinese(exported, language) -> None:
    from reedesk.services.evidence import verify_pack

    path = exported["path"]
    cases = [
        (dict(trusted_pack_hashes=["abc123"]), "64"),
        (dict(trusted_pack_texts=["not = [toml"]), "TOML"),  # its problem said too (rules.pack_errors)
        (dict(trusted_key_ids=["zz-not-hex"]), "16"),
        (dict(trusted_public_keys=[b"short"]), "32"),
    ]
    for given, number in cases:
        with pytest.raises(ReedeskError) as refused:
            verify_pack(path, **given)
        said = _said(refused.value, language, "abc123", "zz-not-hex")
        assert number in said and ("受信任" in said), said


@pytest.mark.parametrize("language", CHINESE)
def test_an_unreachable_timestamp_authority_is_said_in_chinese(desk, tmp_path, language) -> None:
    from reedesk.services.settings import set_setting
    from tests.evidence.helpers import export, make_identity

    make_identity(desk)
    set_setting(desk, "timestamp_url", "http://127.0.0.1:9/tsa")  # discard port: nothing listens
    out = tmp_path / "never.pdf"
    with pytest.raises(ReedeskError) as refused:
        export(desk, "LM-2026-0042", out)
    assert not out.exists()
    assert str(refused.value).startswith("The timestamp authority http://127.0.0.1:9/tsa did not give a timestamp (")
    said = vocabulary.error_text(refused.value, language)
    assert said.startswith("時間戳記機構 http://127.0.0.1:9/tsa 未提供時間戳記（" if language == "zh-Hant"
                           else "时间戳机构 http://127.0.0.1:9/tsa 未提供时间戳（")
    # the library's own exception text is quoted as it came (it names the failure); the sentence around it is Chinese
    detail = refused.value.params["detail"]
    assert problems(said.replace(detail, ""), language, {"http://127.0.0.1:9/tsa"}) == [], said


# ------------------------------------------------------------------------------------- desk records


@pytest.mark.parametrize("language", CHINESE)
def test_deleting_a_dossier_still_kept_is_refused_in_chinese(empty_desk, language) -> None:
    """Dual-Use Items Export Control Regulations Art. 27: records are kept (at least) five years; a dossier
    shipped on 2026-11-26 may be deleted from 2031-11-26 only."""
    import copy

    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.licences.record import parse_licence
    from reedesk.services import dossiers, licences
    from reedesk.services.retention import RetentionRefused
    from tests.licences.conftest import ISSUE_LICENCE, TB_DOSSIER

    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    dossiers.save_dossier(empty_desk, parse_dossier(copy.deepcopy(TB_DOSSIER)))
    reference = TB_DOSSIER["reference"]
    licences.record_shipment(empty_desk, reference, ISSUE_LICENCE["number"], quantity=Decimal("10"), value=Decimal("15000.00"),
                             shipped_on=date(2026, 11, 26))
    with pytest.raises(RetentionRefused) as refused:
        dossiers.delete_dossier(empty_desk, reference)
    assert str(refused.value) == (f"Dossier {reference} may not be deleted before 2031-11-26: records are kept 5 years from the "
                                  "last shipment on 2026-11-26 (Dual-Use Items Export Control Regulations Art. 27); "
                                  "archive it instead, or wait until then.")
    said = _said(refused.value, language, reference)
    assert said == (f"卷宗 {reference} 在 2031-11-26 之前不得刪除：記錄自 2026-11-26 的最後一次出貨起保存 5 年"
                    "（《兩用物項出口管制條例》第二十七條）；請改為封存，或等到該日之後。" if language == "zh-Hant" else
                    f"卷宗 {reference} 在 2031-11-26 之前不得删除：记录自 2026-11-26 的最后一次出货起保存 5 年"
                    "（《两用物项出口管制条例》第二十七条）；请改为封存，或等到该日之后。")
    assert dossiers.count_dossiers(empty_desk) == 1


@pytest.mark.parametrize("language", CHINESE)
def test_a_certificate_without_the_persons_role_is_refused_in_chinese(desk, tmp_path, language) -> None:
    from reedesk.services.keys import export_public_key
    from reedesk.services.organisation import certify
    from tests.evidence.helpers import PASSPHRASE, make_identity

    org = make_identity(desk, "Lotus Magnetics", "Organisation key", "Lotus Magnetics Co., Ltd.")
    person = make_identity(desk, "Mai Tran")
    pem = tmp_path / "mai.pem"
    pem.write_text(export_public_key(desk, person.key_id), encoding="utf-8")
    with pytest.raises(ReedeskError) as refused:
        certify(desk, org.key_id, PASSPHRASE, pem, name="Mai Tran", role="  ", organisation="Lotus Magnetics Co., Ltd.")
    assert str(refused.value) == "The certificate needs the person's role exactly as their identity has it (--role)."
    said = _said(refused.value, language)
    assert ("憑證需要此人的職務" if language == "zh-Hant" else "证书需要此人的职务") in said and "--role" in said


@pytest.mark.parametrize("language", CHINESE)
def test_a_checkpoint_file_given_with_against_that_is_no_checkpoint_is_refused_in_chinese(desk, tmp_path, capsys,
                                                                                         monkeypatch, language) -> None:
    monkeypatch.setenv("REEDESK_HOME", str(desk.home))
    note = tmp_path / "checkpoint.txt"
    note.write_text("", encoding="utf-8")
    from reedesk.services.audit import anchors_from_path

    with pytest.raises(ReedeskError) as refused:
        anchors_from_path(note)
    assert str(refused.value).endswith(" (given with --against)")
    said = _said(refused.value, language, str(note))
    assert said.endswith("（以 --against 指定）") and str(note) in said


# ------------------------------------------------------------------------------------- rule-pack TOML problems


def _broken_packs(tmp_path):
    """Real pack files that ``rules import`` must refuse: not TOML; TOML with a wrong schema, an unknown key, a
    missing table, a float, a bad date and a rule naming no item set."""
    from tests.rules.builders import EXTENSION

    not_toml = tmp_path / "not-toml.toml"
    not_toml.write_text('schema = "reedesk.rulepack/1"\n[pack\nid = "x"\n', encoding="utf-8")
    invalid = tmp_path / "invalid.toml"
    text = EXTENSION.replace('schema = "reedesk.rulepack/1"', 'schema = "reedesk.rulepack/9"\nextra = 1')
    text = text.replace("published = 2025-11-07", 'published = "7 Nov 2025"')
    text += '[[rules]]\narticle = "1"\nkind = "no_such_kind"\nshare = 0.25\n'
    invalid.write_text(text, encoding="utf-8")
    return not_toml, invalid


@pytest.mark.parametrize("language", CHINESE)
def test_a_malformed_rule_pack_is_refused_in_chinese_by_rules_import(desk, tmp_path, capsys, monkeypatch, language) -> None:
    """`reedesk rules import FILE.toml --language …`: every problem of a refused pack in the reader's language,
    each at its TOML key (quoted as the file writes it); English exactly as before; nothing imported."""
    from reedesk.services import rulepacks

    monkeypatch.setenv("REEDESK_HOME", str(desk.home))
    before = [(i.pack.id, i.pack.version) for i in rulepacks.list_packs(desk)]
    not_toml, invalid = _broken_packs(tmp_path)
    hant = language == "zh-Hant"

    code, out, err = _cli(capsys, "rules", "import", str(not_toml), "--language", language)
    line = err.removeprefix("reedesk: ").strip()
    assert code == 2 and out == ""
    assert line == ("not-toml.toml 未被接受，共 1 個問題：不是有效的 TOML（第 2 行第 6 列）。" if hant
                    else "not-toml.toml 未被接受，共 1 个问题：不是有效的 TOML（第 2 行第 6 列）。"), line

    code, out, err = _cli(capsys, "rules", "import", str(invalid), "--language", language)
    line = err.removeprefix("reedesk: ").strip()
    assert code == 2 and out == ""
    assert problems(line, language, {"invalid.toml"}) == [], line
    assert ("「schema」：必須是「reedesk.rulepack/1」，實為「'reedesk.rulepack/9'」" if hant
            else "「schema」：必须是「reedesk.rulepack/1」，实为「'reedesk.rulepack/9'」") in line
    assert ("「extra」：不是規則包的鍵" if hant else "「extra」：不是规则包的键") in line
    assert ("「pack.published」：「7 Nov 2025」不是如 2025-10-09 的日期" if hant
            else "「pack.published」：「7 Nov 2025」不是如 2025-10-09 的日期") in line
    assert ("不得是 TOML 浮點數" if hant else "不得是 TOML 浮点数") in line
    assert "is not" not in line and "must be" not in line

    code, _, err = _cli(capsys, "rules", "import", str(invalid))  # English: the checker's sentences, as ever
    assert code == 2 and "schema: must be 'reedesk.rulepack/1', found 'reedesk.rulepack/9'" in err
    assert "pack.published: '7 Nov 2025' is not a date such as 2025-10-09" in err
    assert [(i.pack.id, i.pack.version) for i in rulepacks.list_packs(desk)] == before


def test_every_problem_the_pack_checker_writes_has_a_code() -> None:
    """Each English sentence the pack checker can write (read from reedesk/rules/packs.py's ``bad(…)`` calls, with
    sample values put in) is matched to a [problem.pack_*] entry, so no refusal falls back to English silently."""
    import ast
    import inspect

    from reedesk.errors import Problem
    from reedesk.rules import packs
    from reedesk.rules.pack_errors import coded_problem

    samples = {"value": "x", "item": "x", "v": "x", "key": "rules", "pattern": "^[a-z]+$", "until": "2026-01-01",
               "start": "2026-02-01", "kind": "value_share", "name": "share", "status": "open", "rid": "r", "pid": "p",
               "path": "a.b", "target": "9", "alloy_match": "x"}
    found = 0
    for node in ast.walk(ast.parse(inspect.getsource(packs))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "bad"
                and len(node.args) == 2 and isinstance(node.args[1], (ast.Constant, ast.JoinedStr))):
            continue
        message = node.args[1]
        if isinstance(message, ast.Constant):
            text = str(message.value)
        else:
            parts = []
            for part in message.values:
                if isinstance(part, ast.Constant):
                    parts.append(str(part.value))
                else:
                    src = ast.unparse(part.value)
                    value = "3" if src.startswith("len(") else samples.get(src.split(".")[-1], "x")
                    parts.append(repr(value) if part.conversion == ord("r") else value)
            text = "".join(parts)
        if text.startswith("{"):
            continue
        found += 1
        coded = coded_problem(Problem("pack.id", text))
        assert coded.code.startswith("pack_"), text
        said = vocabulary.problem_text(coded, "zh-Hant")
        assert said.startswith("「pack.id」：") and said != str(coded), said
    assert found >= 50


# ------------------------------------------------------------------------------------- the other variants


@pytest.mark.parametrize("language", CHINESE)
def test_a_signature_whose_stored_meaning_was_edited_is_explained_in_chinese(desk, language) -> None:
    """The stored meaning rewritten in the SQLite file: the statement says "Prepared by", the row says otherwise."""
    from reedesk.services.signing import verify_determination_signatures
    from tests.signing.vectors import signed_desk, tamper

    _, determination_id, [info] = signed_desk(desk)
    tamper(desk, f"UPDATE signature SET meaning = 'Approved by' WHERE id = {info.id}")
    [verdict] = verify_determination_signatures(desk, determination_id)
    assert not verdict.ok and verdict.reason == "the stored name, time or meaning differs from what was signed"
    assert vocabulary.text_in(verdict.reason, language) == ("儲存的姓名、時間或簽署含義與簽署時的內容不同" if language == "zh-Hant"
                                                            else "保存的姓名、时间或签署含义与签署时的内容不同")


@pytest.mark.parametrize("language", CHINESE)
def test_a_device_given_as_a_pack_is_refused_in_chinese(capsys, language) -> None:
    """/dev/null is a character device: never opened as a PDF (it would read for ever if it were /dev/zero)."""
    code, out, err = _cli(capsys, "verify", "/dev/null", "--language", language)
    shown = out + err
    assert code != 0 and ("/dev/null 是裝置、管道或通訊端，不是 PDF 檔案。" if language == "zh-Hant"
                          else "/dev/null 是设备、管道或套接字，不是 PDF 文件。") in shown, shown


@pytest.mark.parametrize("language", CHINESE)
def test_a_certificate_without_the_persons_name_or_organisation_is_refused_in_chinese(desk, tmp_path, language) -> None:
    from reedesk.services.keys import export_public_key
    from reedesk.services.organisation import certify
    from tests.evidence.helpers import PASSPHRASE, make_identity

    org = make_identity(desk, "Lotus Magnetics", "Organisation key", "Lotus Magnetics Co., Ltd.")
    pem = tmp_path / "mai.pem"
    pem.write_text(export_public_key(desk, make_identity(desk, "Mai Tran").key_id), encoding="utf-8")
    for given, option, word in ((dict(name="", organisation="Lotus"), "--name", ("姓名", "姓名")),
                                (dict(name="Mai Tran", organisation=" "), "--org", ("機構", "机构"))):
        with pytest.raises(ReedeskError) as refused:
            certify(desk, org.key_id, PASSPHRASE, pem, role="Compliance officer", **given)
        said = _said(refused.value, language)
        assert option in str(refused.value) and option in said and word[language == "zh-Hans"] in said, said


@pytest.mark.parametrize("language", CHINESE)
def test_deleting_a_licence_still_kept_is_refused_in_chinese(empty_desk, language) -> None:
    """Dual-Use Items Export Control Regulations Art. 27: a licence is kept five years from the end of its
    validity (or its last shipment, if later)."""
    import copy

    from reedesk.licences.record import parse_licence
    from reedesk.services import licences, retention
    from tests.licences.conftest import ISSUE_LICENCE

    licences.add_licence(empty_desk, parse_licence(copy.deepcopy(ISSUE_LICENCE)))
    number = ISSUE_LICENCE["number"]
    with pytest.raises(retention.RetentionRefused) as refused:
        retention.delete_licence(empty_desk, number)
    assert str(refused.value).startswith(f"Licence {number} may not be deleted before ")
    said = _said(refused.value, language, number)
    assert said.startswith(f"許可證 {number} 在 " if language == "zh-Hant" else f"许可证 {number} 在 ")
    assert ("有效期屆滿起保存 5 年" if language == "zh-Hant" else "有效期届满起保存 5 年") in said


def test_evaluation_inputs_without_lists_is_a_callers_mistake_not_a_users_error() -> None:
    """No desk and no lists: a programming error (TypeError), never shown to a user as if she could act on it."""
    from datetime import date as day

    from reedesk.domain.dossier_file import parse_dossier
    from reedesk.services.evaluation import evaluation_inputs
    from tests.conftest import sample_document

    snapshot = parse_dossier(sample_document("smco-magnet-vietnam"))
    with pytest.raises(TypeError, match="pass desk= or lists="):
        evaluation_inputs(None, snapshot, day(2026, 11, 25))  # type: ignore[arg-type]  (no session needed to refuse)


@pytest.mark.parametrize("message", [
    "path 'rules[article=9].parameters' is not of the form a.b[key=value].c",
    "path 'pack.id.x': id is not inside a table",
    "path 'pack' is not an array of tables",
    "path 'rules[article=9].x': rules is not an array of tables",
    "path 'rules[article=9].x': 0 entries of rules have article = '9' (need exactly one)",
    "path 'rules[article=1]' names a table, not a value",
])
def test_a_readings_patch_that_cannot_apply_is_coded(message) -> None:
    """The sentences packs.apply_patch writes for a reading whose patch does not fit the pack."""
    from reedesk.errors import Problem
    from reedesk.rules.pack_errors import coded_problem

    coded = coded_problem(Problem("open_points[p].readings[r]", message))
    assert coded.code.startswith("pack_patch_") and str(coded) == f"open_points[p].readings[r]: {message}"
    for language in CHINESE:
        said = vocabulary.problem_text(coded, language)
        assert said.startswith("「open_points[p].readings[r]」：路") and problems(said, language) == [], said

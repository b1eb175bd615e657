"""`reedesk audit log --language zh-Hant|zh-Hans` on a team desk says who acted and what the event is about in
the reader's words (issue 12 QA walk): a person is "Mei Lin（資料庫角色 alice）", not "(database role alice)", and
the entity is "判定 3" / "身份 …", not "determination 3" — rendered at output time from the vocabulary by the same
core function the window's audit view uses (reedesk.services.audit_words), against the real server."""

from __future__ import annotations

import re

from reedesk.services import dossiers, evaluation, keys, signing
from reedesk.services.samples import sample_dossiers
from tests.language_check import problems
from tests.signing.vectors import PASSPHRASE
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401  (fixture)
from tests.team.test_qa_walkthrough import _cli


def test_audit_log_in_chinese_names_people_and_entities_in_chinese(desk_team) -> None:  # noqa: F811
    team = desk_team
    alice = team["people"]["alice"]
    _enrol_and_certify(team, "alice")
    with team["open"]("alice") as desk:
        mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
        dossiers.import_dossiers(desk, sample_dossiers()[:1], source="samples")
        reference = dossiers.list_dossiers(desk)[0].reference
        determination = evaluation.evaluate_reference(desk, reference, "2026-12-01")
        signing.sign_determination(desk, determination.id, mei.key_id, PASSPHRASE, "Prepared by")
    english = _cli(team, "carol", "audit", "log")
    assert english.returncode == 0, english.stderr
    assert "identity " in english.stdout and "head_key " in english.stdout  # English keeps what the trail records
    for language, role_word, words in (("zh-Hant", "資料庫角色", ("身份", "樹頭金鑰", "卷宗", "判定")),
                                       ("zh-Hans", "数据库角色", ("身份", "树头密钥", "卷宗", "判定"))):
        said = _cli(team, "carol", "audit", "log", "--language", language)
        assert said.returncode == 0, said.stderr
        out = said.stdout
        assert "database role" not in out and "head_key " not in out and "identity " not in out, out
        assert all(word in out for word in words), out
        assert f"Mei Lin（{role_word} {alice}）" in out, out  # the signer, as the trail records her (fullwidth marks in Chinese)
        for line in out.splitlines():
            # what the trail recorded as written (reasons, ids, the recorded verb in （）) is not the rendering's
            shown = re.sub(r"（[a-z_]+）|  原因[:：] ?.*$", " ", line)
            assert problems(shown, language, names=[alice, "Mei Lin", team["people"]["admin"], reference, "test-user", "reedesk_test"]) == [], line
    assert f"(database role {alice})" in english.stdout, english.stdout

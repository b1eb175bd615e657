"""Issue 14: `Desk.notices` are coded sentences (reedesk.vocabulary.Coded): str() is the English sentence the
callers of 0.2 showed, ``.text(language)`` says the same in the window's language. Driven on a real team desk
(PostgreSQL) that a non-admin opens first, as the desktop app does (seed_samples=True)."""

from __future__ import annotations

import pytest

from reedesk import vocabulary
from tests.language_check import problems
from tests.team.test_head_keys import _enrol_and_certify, desk_team  # noqa: F401  (fixture)


def test_a_non_admins_first_start_notice_is_coded_and_said_in_each_language(desk_team) -> None:  # noqa: F811
    from reedesk.services.samples import SamplesNeedAdmin, seed_samples_once

    team = desk_team
    _enrol_and_certify(team, "bob")
    with team["open"]("bob") as desk:
        with pytest.raises(SamplesNeedAdmin) as refused:
            seed_samples_once(desk)
    assert refused.value.code == "samples_need_admin" and refused.value.params["role"].startswith("bob")
    with team["open"]("bob", seed_samples=True) as desk:
        assert len(desk.notices) == 1
        notice = desk.notices[0]
        assert isinstance(notice, vocabulary.Coded) and (notice.code, notice.params) == ("samples_need_admin", refused.value.params)
        assert str(notice) == str(refused.value) and "The sample dossiers were not loaded" in notice
        role = notice.params["role"]
        for language, words in (("zh-Hant", "未載入範例卷宗"), ("zh-Hans", "未载入示例卷宗")):
            said = notice.text(language)
            assert said.startswith(words) and f"「{role}」" in said
            assert problems(said, language) == [], said
        # the same error through the front ends' one translation function
        assert vocabulary.error_text(refused.value, "zh-Hant") == notice.text("zh-Hant")

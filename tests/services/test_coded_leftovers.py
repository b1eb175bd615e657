"""Issue 14, structured errors: refusals that spoke only English until the end of session 3 now carry a code,
so the window and `--language` say them in Chinese (an empty identity field, an unknown rule pack)."""

from __future__ import annotations

import pytest

from reedesk.errors import NotFound, ReedeskError
from reedesk.services import keys, rulepacks
from reedesk.vocabulary import error_text
from tests.language_check import problems


def test_an_identity_with_an_empty_role_is_refused_in_the_readers_language(empty_desk) -> None:
    with pytest.raises(ReedeskError) as refused:
        keys.create_identity(empty_desk, "Mai Tran", "   ", "Lotus Compliance", "correct horse battery")
    assert str(refused.value) == "The identity's role is empty; give --role."
    assert error_text(refused.value, "zh-Hant") == "簽署身分的職務為空；請以 --role 提供。"
    assert problems(error_text(refused.value, "zh-Hans"), "zh-Hans") == []
    assert keys.list_identities(empty_desk) == []  # nothing stored


@pytest.mark.parametrize("version", [None, "1999.1"])
def test_an_unknown_rule_pack_is_named_in_chinese(empty_desk, version) -> None:
    with pytest.raises(NotFound) as refused:
        rulepacks.show_pack(empty_desk, "cn-mofcom-2099-999", version)
    hant = error_text(refused.value, "zh-Hant")
    assert "「cn-mofcom-2099-999」" in hant and problems(hant, "zh-Hant") == []
    assert (version or "") in hant and "rule pack" in str(refused.value)

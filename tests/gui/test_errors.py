"""Error sentences: the services' frequent ones are shown in the user's language."""

from __future__ import annotations

from reedesk.errors import ReedeskError
from reedesk.gui.errors import error_text
from reedesk.gui.i18n import set_language
from reedesk.signing.keys import WrongPassphrase

WRONG = "The passphrase does not open the key of Mai Tran (74B1-C9AE-5402-D9D2); nothing was signed."


def test_a_known_service_sentence_is_translated_with_its_names_kept(qtbot):
    try:
        set_language("zh-Hant")
        assert error_text(WrongPassphrase(WRONG)) == "密碼無法開啟 Mai Tran（74B1-C9AE-5402-D9D2）的金鑰；未簽署任何內容。"
        set_language("zh-Hans")
        assert error_text(WrongPassphrase(WRONG)) == "密码无法打开 Mai Tran（74B1-C9AE-5402-D9D2）的密钥；未签署任何内容。"
        other = "No dossier has the reference 'X-1'; `reedesk list` shows the stored ones."
        assert error_text(ReedeskError(other)) == other  # not in the list: shown as the service wrote it
    finally:
        set_language("en")
    assert error_text(WrongPassphrase(WRONG)) == WRONG

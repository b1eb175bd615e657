"""Error sentences: the services' frequent ones are shown in the user's language."""

from __future__ import annotations

from reedesk.errors import ReedeskError
from reedesk.gui.errors import error_text
from reedesk.gui.i18n import set_language
from reedesk.signing.keys import WrongPassphrase

WRONG = "The passphrase does not open the key of Mai Tran (74B1-C9AE-5402-D9D2); nothing was signed."


def test_a_known_service_sentence_is_translated_with_its_names_kept(qtbot):
    """The service's error carries its code and names (reedesk.vocabulary): translated by code, not by pattern."""
    coded = WrongPassphrase.coded("wrong_passphrase", name="Mai Tran", key="74B1-C9AE-5402-D9D2")
    assert str(coded) == WRONG  # the English sentence the CLI prints is unchanged
    try:
        set_language("zh-Hant")
        assert error_text(coded) == "密碼無法開啟 Mai Tran（74B1-C9AE-5402-D9D2）的金鑰；未簽署任何內容。"
        set_language("zh-Hans")
        assert error_text(coded) == "密码无法打开 Mai Tran（74B1-C9AE-5402-D9D2）的密钥；未签署任何内容。"
        other = "No dossier has the reference 'X-1'; `reedesk list` shows the stored ones."
        assert error_text(ReedeskError(other)) == other  # no translated code: shown as the service wrote it
        assert error_text(WrongPassphrase(WRONG)) == WRONG  # made by hand without its names: as written, never with holes
    finally:
        set_language("en")
    assert error_text(coded) == WRONG


def test_a_wrong_passphrase_from_the_real_key_store_is_shown_in_chinese(qtbot, desk):
    """A real identity, unlocked with the wrong passphrase: the window's sentence names the person and the key."""
    from reedesk.services.keys import unlock
    from reedesk.signing.keys import fingerprint
    from tests.evidence.helpers import make_identity

    identity = make_identity(desk)
    try:
        unlock(desk, identity.key_id, "not the passphrase at all")
    except WrongPassphrase as exc:
        refused = exc
    set_language("zh-Hant")
    try:
        assert error_text(refused) == f"密碼無法開啟 Mai Tran（{fingerprint(identity.key_id)}）的金鑰；未簽署任何內容。"
    finally:
        set_language("en")

"""How the audit log and the window name a person (REVIEW8 F17): the fullwidth marks go around reedesk's own
"account …" part only, so a name or an account with parentheses of its own keeps them as typed."""

from __future__ import annotations

import pytest

from reedesk.services.audit_words import person


@pytest.mark.parametrize(("actor", "known", "language", "shown"), [
    ("Mei Lin (account root)", {}, "zh-Hans", "Mei Lin（账户 root）"),
    ("Mei Lin (Compliance) (account root)", {}, "zh-Hans", "Mei Lin (Compliance)（账户 root）"),
    ("Mei Lin (Compliance) (account root)", {}, "zh-Hant", "Mei Lin (Compliance)（帳戶 root）"),
    ("Mei Lin (Compliance) (account root)", {}, "en", "Mei Lin (Compliance) (account root)"),
    ("alice (Tran)", {}, "zh-Hans", "alice (Tran)"),  # a bare account is shown as recorded
    ("root", {"root": "Mai Tran"}, "zh-Hant", "Mai Tran（帳戶 root）"),
    ("root", {"root": "Mai Tran"}, "en", "Mai Tran (account root)"),
])
def test_person(actor: str, known: dict[str, str], language: str, shown: str) -> None:
    assert person(actor, known, language) == shown

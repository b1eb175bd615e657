"""A texts pack (the sentence templates a determination names by SHA-256) that cannot be read is refused
with one sentence naming the file, not a TypeError from a mis-built error."""

from __future__ import annotations

import pytest

from reedesk.errors import ValidationFailed
from reedesk.rules.messages import TextsPack


@pytest.mark.parametrize("data", [b"not = [toml", b"[pack]\nid = 'x'\n", "\udcff".encode("utf-8", "surrogatepass")])
def test_an_unreadable_texts_pack_is_refused_naming_its_file(data):
    with pytest.raises(ValidationFailed) as refused:
        TextsPack(data, "texts/broken.toml")
    assert refused.value.source == "texts/broken.toml"
    assert "not a readable texts pack" in str(refused.value)

"""The preferences service: checked values, defaults, audited changes."""

from __future__ import annotations

import pytest

from reedesk.errors import ReedeskError
from reedesk.services.audit import audit_log
from reedesk.services.settings import all_settings, get_setting, set_setting


def test_defaults_then_stored_values_and_an_audit_event(empty_desk):
    assert get_setting(empty_desk, "language") == "en"
    set_setting(empty_desk, "language", "zh-Hant")
    set_setting(empty_desk, "language", "zh-Hant")  # unchanged: nothing written
    assert get_setting(empty_desk, "language") == "zh-Hant"
    assert all_settings(empty_desk)["default_currency"] == "USD"
    events = [e for e in audit_log(empty_desk) if e.entity_type == "setting"]
    assert len(events) == 1 and events[0].after == {"value": "zh-Hant"} and events[0].before == {"value": None}


@pytest.mark.parametrize("key, value", [("language", "fr"), ("default_currency", "usd"), ("default_currency", "EURO"), ("colour", "red")])
def test_bad_values_and_unknown_keys_are_refused_with_a_sentence(empty_desk, key, value):
    with pytest.raises(ReedeskError) as caught:
        set_setting(empty_desk, key, value)
    assert key in str(caught.value)
    from reedesk.services.settings import DEFAULTS

    assert all_settings(empty_desk) == DEFAULTS  # nothing was stored

"""Reasons reedesk itself writes into the audit trail, defined once for writing them and for saying them.

An event's reason is part of what the trail hashes, so a stored reason is never rewritten: it stays the English
sentence reedesk has always written ("head-signing key of alice certified by the desk key", "key rotation: replaced by
key 3F2A-…", "what-if: …"), and old trails keep verifying. Each such sentence is an entry of resources/vocabulary/messages.toml, ``[audit_reason.<code>]``, whose
``en`` text is the stored form with ``{placeholders}``: :func:`recorded` writes it (the same bytes as before), and
:func:`said_in` recognises a stored reason by that template and says it in the reader's language at display time
(``reedesk audit log --language zh-Hant``), so a Chinese reader sees no English sentence. A reason a person typed
matches no template and is shown as typed.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

SECTION = "audit_reason"
# The entries of [audit_reason.*], by name: reading one entry is the catalogue's fast path (the whole file is ~150 KB).
CODES = ("head_key_certified", "head_key_revoked", "key_rotation", "key_replaced_by", "key_replaces", "what_if")
# Placeholders that hold a reason themselves (the why of a key rotation, a what-if's reason): said again, so a
# reason reedesk wrote inside one ("rotated in the desktop app") is in the reader's language too, a typed one as typed.
NESTED = ("why", "reason")


def recorded(code: str, **values: str) -> str:
    """The reason to store for ``code``: its English template filled in (``[audit_reason.<code>]``'s ``en``)."""
    from reedesk.vocabulary import message

    text = message(SECTION, code, values, "en")
    if text is None:
        raise KeyError(f"no [{SECTION}.{code}] in resources/vocabulary/messages.toml")
    return text


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each ``[audit_reason.*]`` entry's English template as a pattern that reads its values back."""
    from reedesk.vocabulary import _entry

    found = []
    for code in CODES:
        entry = _entry(SECTION, code)
        if not entry:
            raise KeyError(f"no [{SECTION}.{code}] in resources/vocabulary/messages.toml")
        pattern = ""
        for literal, field, _, _ in string.Formatter().parse(str(entry["en"])):
            pattern += re.escape(literal)
            if field:
                pattern += f"(?P<{field}>.+?)"
        found.append((code, re.compile(f"^{pattern}$", re.S)))
    return tuple(found)


def said_in(reason: str | None, language: str) -> str | None:
    """A stored reason that reedesk wrote, in ``language``; None for any other reason (typed by a person)."""
    if not reason or language == "en":  # English is the stored sentence itself
        return None
    from reedesk.vocabulary import message, recorded_reason

    for code, pattern in _patterns():
        match = pattern.match(reason)
        if match:
            values = {k: recorded_reason(v, language) if k in NESTED else v for k, v in match.groupdict().items()}
            return message(SECTION, code, values, language)
    return None

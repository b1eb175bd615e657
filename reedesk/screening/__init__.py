"""Screening of every party against offline lists (DESIGN.md "End-user screening"; docs/screening.md).

Lists are data (``resources/screening/*.toml`` shipped, more imported by the
user), whose entries have a life (listed on / ended on) and measures; a party's
name is normalised (across Chinese scripts and pinyin) and fuzzy-matched against
the entries in force on a date; a person then confirms or clears each hit with a
reason, recorded at the party in the dossier (``<party>.screening``).
:func:`screen_parties` builds the screening document every determination
carries, so the pure rules engine, and the verifier re-running it, reach the
same outcome. No Qt here.
"""

from reedesk.screening.measures import MEASURES  # noqa: E402
from reedesk.screening.parties import party_listings, screen_parties  # noqa: E402

__all__ = ["MEASURES", "party_listings", "screen_parties"]

"""End-user screening against offline lists (DESIGN.md "End-user screening").

Lists are data (``resources/screening/*.toml`` shipped, more imported by the
user); a party's name is normalised and fuzzy-matched against every entry; a
person then confirms or clears each hit with a reason, and that record travels
inside the dossier snapshot (``shipment.end_user.screening``) so the pure rules
engine, and the verifier re-running it, reach the same outcome. No Qt here.
"""

from reedesk.screening.measures import MEASURES  # noqa: E402
from reedesk.screening.parties import party_listings, screen_parties  # noqa: E402

__all__ = ["MEASURES", "party_listings", "screen_parties"]

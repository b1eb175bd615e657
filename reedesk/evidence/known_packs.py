"""Rule packs a reedesk verifier recognises without being told to trust them.

A determination is only as good as the rule pack it was made with: a pack whose
threshold was edited reproduces its own (wrong) outcome perfectly, so re-running
the embedded packs proves consistency, not correctness. The verifier therefore
also asks whether each embedded pack is one reedesk ships — the packs bundled with
this installation (any version in ``resources/rules``) or one of the versions
shipped by earlier releases, listed here by the SHA-256 of their canonical form
(``RulePack.sha256``, the hash a determination records). Anything else must be
trusted explicitly (``reedesk verify --trust-pack FILE.toml``).

When a release ships a changed pack, add the hashes of the versions it replaces
here so packs exported with them keep verifying.
"""

from __future__ import annotations

from functools import lru_cache

# (pack id, version, canonical SHA-256) of packs shipped by released versions of reedesk.
RELEASED_PACKS: tuple[tuple[str, str, str], ...] = (
    # reedesk 0.1.0
    ("cn-mofcom-2025-055", "2026.1", "879f7e86f7d0d8c91ab8a43b7ee49da2dc399704460d5b4daeb0e9de2f4c3a8e"),
    ("cn-mofcom-2025-056", "2026.1", "214f9de914c557aaf354711e588ba66ce1223486ce0d80883dc2307dcfa8272f"),
    ("cn-mofcom-2025-057", "2026.1", "9411d894b9561a5013e2c11fb7b6f8b6dd1d74a850a9cd2d59053fa93f23c409"),
    ("cn-mofcom-2025-058", "2026.1", "009e8e3fddec0c8f3a06211ee78cc6040048971025e208b9e55612af296ccfa2"),
    ("cn-mofcom-2025-061", "2026.1", "484107d10acfe542c5428d9d53ac637beafb31512e3247446c2517f0abedd66a"),
    ("cn-mofcom-2025-062", "2026.1", "feda99398d4bc251e78f1ec2d62d19f5d125b7ade5c8bcefd6763817ea5bff2b"),
    ("cn-mofcom-2026-001", "2026.1", "3370dbae7d35ec66353bde2760573438ae60cdba01bf9ab787c60c48350e353b"),
    ("cn-mofcom-gac-2025-018", "2026.1", "23020146a311479467653d0ed38b1f58776b69cbd46fdb56cd240ecc05379dfc"),
    ("cn-mofcom-gac-2025-070", "2026.1", "b51c3be285325c3112fd803de32838fb4decf410dc04d15508a2110855bfc2cb"),
)


@lru_cache(maxsize=1)
def known_pack_hashes() -> frozenset[str]:
    """Canonical SHA-256 of every pack this reedesk ships now or shipped before."""
    from reedesk.rules.packs import shipped_packs

    return frozenset({sha for _id, _version, sha in RELEASED_PACKS} | {p.sha256 for p in shipped_packs()})

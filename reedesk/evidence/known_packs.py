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
    # reedesk 0.1.0 as released (commit bca4165, engine 1.1.0; replaced in 0.2.0 by the second legal review)
    ("cn-mofcom-2025-055", "2026.1.1", "aec54e6435cad263faee3f98da71e2803b3f4428c461b6309ca128ed7a33963f"),
    ("cn-mofcom-2025-056", "2026.1.1", "3dee92be72daf92bfe5971218d705432dd832e7b306529c2278602b3f1ded3ba"),
    ("cn-mofcom-2025-057", "2026.1.1", "1c6708b22b92793a0901eb0d55b65f19d35236d6d65e9ad5b2fb3d44b7929bd0"),
    ("cn-mofcom-2025-058", "2026.1.1", "a9191eb4f3f5feeeaa9eb793a646cce9ea3bd278971f9eeaf536d9b704f40af0"),
    ("cn-mofcom-2025-061", "2026.2", "67f13c1f1bbc0b2405cc26a966570e569667dc4b27bea2042a4aeb22750d0411"),
    ("cn-mofcom-2025-062", "2026.1.1", "f565fe5d2fc83b7876fc3d071d009a7bb175a8fa1c2b36f896130056644d5b7d"),
    ("cn-mofcom-2026-001", "2026.2", "fcc13cb18ed4b2b89a0d201770fe5f76fb89fddbf671d2b9c51e3b3c18a69650"),
    ("cn-mofcom-gac-2025-018", "2026.2", "b97268939d16c8d2ec0363a39ce3a31f5ebd372a1b037117237e452b15abb8d5"),
    ("cn-mofcom-gac-2025-070", "2026.1.1", "1e72a1f9300323eeba1445d2f5223438097ea44bc7f55a52951b0dd1871aac52"),
    # 0.2.0 development builds (never released): packs changed in place in session 8 (docs/rule-packs.md "Changing a
    # pack"). Kept so the development evidence packs committed as test data (tests/rules/data/evidence-pack-engine-
    # 3.0.0/3.1.0/3.2.0.pdf, exported with these versions) and desks made with them keep verifying without --trust-pack.
    ("cn-mofcom-2025-061", "2026.3", "b11764186d66021ed1f3404fe3f4936720594436c58b1c680d57cbe289c0522a"),
    ("cn-mofcom-2025-055", "2026.3", "01021d3381ad6c20f7b2ef556404b57e642dc310bd264cbf002fa4296f95637a"),
    ("cn-mofcom-2025-058", "2026.3", "604eb661df29188606a0276edca6b090812a7d38113fb46cbb0955e193b63212"),
    ("cn-mofcom-2026-001", "2026.3", "6aa5d78d051af317a791c71b84c220f55c9b740d1f31fcccda56e80e2d98c693"),
    ("cn-mofcom-gac-2025-070", "2026.3", "c4f989507e003f3ba4505f44c25f8d5a3163bf12eea9b5f2ff53952d0e67a14d"),
    ("cn-mofcom-2024-046", "2026.3", "965918c46768487301f90c193e4fd36da2ee2da7d9f4cc92434f47edc7bec1a5"),
    ("cn-export-control-law-012", "2026.3", "dc5a8c151b625a7cbc1988a013068d1a3d0473fc981ebdc48baf2cf3c279c910"),
    ("cn-mofcom-lists", "2026.1", "e2d369ff7b898751e60c5b5bda24156ab19add0fb636edabe836fa50c35cb0eb"),
    ("cn-mofcom-2025-062", "2026.3", "0eb3da158b15e35cabd8633e79e6deef08c4653b26e5e0540a6ce21c80c9a863"),
    ("cn-mofcom-2025-056", "2026.3", "c6966e8ec68a831334919a1086a0b80b38cc29bb293985388d209ea53314de02"),
    ("cn-mofcom-gac-2025-018", "2026.3", "9b93d898fe1ea941811458d584d167a628e77a0d61e2e8bbc49390e0ddb6ddad"),
    # session 9 (LEGAL9): replaced in place by 2026.5 (the sub-entries 1C904.a/.b/.c for licence matching)
    ("cn-mofcom-gac-2025-018", "2026.4", "85a4a1b0b1800d0a0bc36730413a72539983c9ece47ede42cc4bcc3519f6e55d"),
    # session 9 (LEGAL9): No. 61 2026.6 replaced in place by 2026.7 (the rate rule states same-day conflicting rates)
    ("cn-mofcom-2025-061", "2026.6", "cb440b450b626be59aeeec52df804967f58a249061a8222a13dd8a59473f9b7c"),
    # session 9 (LEGAL9): Export Control Law pack 2026.5 replaced in place by 2026.6 (open point provision-recipient-hk-mo-tw)
    ("cn-export-control-law-012", "2026.5", "2135a99cf8a7c82e577a425c381ef7c3c1bd74c22e8282e0f5afe46e3fdeb8da"),
    # session 9 (LEGAL9): No. 61 2026.7 replaced in place by 2026.8 (open point no61-chinese-exporter)
    ("cn-mofcom-2025-061", "2026.7", "928bc94c02093612ff90618c9d1c0e9abefd3a08426c4d07b5ef4ee359fd3ae1"),
    # session 9 (LEGAL9): No. 61 2026.8 replaced in place by 2026.9 (open point no61-humanitarian-military-user)
    ("cn-mofcom-2025-061", "2026.8", "4045a6bbb0ce42566070d0dff6d27d53dda8407dfc725b71ce04e8a79e9d35b7"),
    # session 9 (LEGAL9): No. 61 2026.9 replaced in place by 2026.10 (open point no61-part2-input)
    ("cn-mofcom-2025-061", "2026.9", "3809bf632267329a5c448f374cc1e65d3beecab75f83ea78f7604ec9c4fbfa08"),
    # session 9 (LEGAL9): No. 57 2026.3 → 2026.4 (item_list rules for its other forms) and the Export Control Law pack
    # 2026.6 → 2026.7 (its readings reach them)
    ("cn-mofcom-2025-057", "2026.3", "e8a14bd1862ba9d7e42705ed29b695f7ec47ca14f0acf26f38ea083fb12df3c3"),
    # session 9 (LEGAL9): No. 46 2026.5 → 2026.6 (open point no46-located-users)
    ("cn-mofcom-2024-046", "2026.5", "39c6ceebc795367583e9f1829cdd2e09abc2383d8135b6d884a0f362d7e285e7"),
    # session 9 (LEGAL9): No. 57 2026.4 → 2026.5 (its Eu key phrase without the list marker 「a.」 in Chinese)
    ("cn-mofcom-2025-057", "2026.4", "8b55180dbc13ad41b18b2dc04a92aa673976ea82c18e39da7f88927671ece6f2"),
    ("cn-export-control-law-012", "2026.6", "febd760a7ebd8ebf140c768866b1dfca2f124ba22fb1d90389c0c0cddbed0702"),
    # session 9 (LIC9): No. 57 2026.5 → 2026.6 (the sub-entries 1C909.a/.b/.c … for licence matching, as No. 18's)
    ("cn-mofcom-2025-057", "2026.5", "6a093ed70c096dc6ba167a1fc95da66efc37dc71b78a11763c527a63046a90df"),
    # session 10: No. 57 2026.6 → 2026.7 (permanent-magnet materials for holmium only: 「4. 含钬的永磁材料」)
    ("cn-mofcom-2025-057", "2026.6", "9af1f29be9826018bceeca7c2ec57a8884d699d8ecdefe7e7ddef7789296cf20"),
    # session 13: No. 61 2026.10 → 2026.11 and No. 18 2026.5 → 2026.6 (two readings' Chinese descriptions name the
    # dossier's countries 「中国」「香港、澳门或台湾」, not the codes CN, HK, MO, TW)
    ("cn-mofcom-2025-061", "2026.10", "1b8074e425deb65b5dbf2c7cc01641730b7aec093a07ee4f28de19cee2cc5566"),
    ("cn-mofcom-gac-2025-018", "2026.5", "fcfc745647b82754a9bb141aa1ff308a811a976162eed8941f5873ed53e4b2b4"),
    # session 14: No. 61 2026.11 → 2026.12 (the valuation method in the pack's words: 美国《出口管理条例》, not EAR, in Chinese)
    ("cn-mofcom-2025-061", "2026.11", "6fe33164b146942d57c8c4652d2522b77b2b068bc6f3999a54322bc4acedd19a"),
)


@lru_cache(maxsize=1)
def released_pack_hashes() -> frozenset[str]:
    """Canonical SHA-256 of the packs earlier releases shipped (no parsing: the table above)."""
    return frozenset(sha for _id, _version, sha in RELEASED_PACKS)


@lru_cache(maxsize=1)
def shipped_files() -> dict[str, tuple[str, str]]:
    """SHA-256 of each bundled pack file's text (UTF-8, as a pack embeds it) → (file name, text).

    Why: an embedded pack that *is* a shipped file, byte for byte, is recognised by hashing it
    against these — reading and hashing the bundled files takes well under a millisecond, where
    parsing all of them (to compare canonical hashes) took 20-50 ms of every ``reedesk verify``;
    only the packs the pack embeds are then parsed, for the re-run (:func:`shipped_pack`)."""
    import hashlib

    from reedesk.resources import resource

    out: dict[str, tuple[str, str]] = {}
    for path in sorted(resource("rules").glob("*.toml")):
        text = path.read_text(encoding="utf-8")  # as reedesk.rules.packs reads them
        out[hashlib.sha256(text.encode("utf-8")).hexdigest()] = (path.name, text)
    return out


_SHIPPED_PARSED: dict[str, object] = {}


def shipped_pack(file_sha256: str) -> object | None:
    """The parsed shipped pack whose file text has this SHA-256, or None if no shipped file has it.

    Parses that one file (once per process), with the file name as its source exactly as
    :func:`reedesk.rules.packs.shipped_packs` does; reuses that function's parse when this
    process has already made it (the desktop app, an export's finished-pack check)."""
    entry = shipped_files().get(file_sha256)
    if entry is None:
        return None
    if file_sha256 not in _SHIPPED_PARSED:
        from reedesk.rules.packs import _shipped, parse_pack, shipped_packs

        name, text = entry
        if _shipped.cache_info().currsize:  # all shipped packs parsed already: take that parse
            pack = next((p for p in shipped_packs() if p.source_text == text), None) or parse_pack(text, name)
        else:
            pack = parse_pack(text, name)
        _SHIPPED_PARSED[file_sha256] = pack
    return _SHIPPED_PARSED[file_sha256]


@lru_cache(maxsize=1)
def known_pack_hashes() -> frozenset[str]:
    """Canonical SHA-256 of every pack this reedesk ships now or shipped before."""
    from reedesk.rules.packs import shipped_packs

    return frozenset({sha for _id, _version, sha in RELEASED_PACKS} | {p.sha256 for p in shipped_packs()})

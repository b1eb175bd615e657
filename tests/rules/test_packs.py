"""Rule packs (reedesk/rules/packs.py): every shipped pack validates; errors name the TOML key;
the hash is over the canonical form; versions are chosen by date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from reedesk.errors import ValidationFailed
from reedesk.resources import resource
from reedesk.rules.packs import parse_pack, select_packs, shipped_packs

SHIPPED = sorted(resource("rules").glob("*.toml"))
EXPECTED_IDS = {
    "cn-mofcom-gac-2025-018", "cn-mofcom-2025-055", "cn-mofcom-2025-056", "cn-mofcom-2025-057", "cn-mofcom-2025-058",
    "cn-mofcom-2025-061", "cn-mofcom-2025-062", "cn-mofcom-gac-2025-070", "cn-mofcom-2026-001",
    "cn-mofcom-2024-046", "cn-export-control-law-012",  # second review: No. 46 Art. 1 and the catch-all
    "cn-mofcom-lists",  # the listing announcements (screening work)
}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_pack_validates(path) -> None:
    pack = parse_pack(path.read_text(encoding="utf-8"), path.name)
    assert pack.id == path.stem
    assert len(pack.sha256) == 64
    assert pack.announcement and pack.announcement_zh and pack.title_en and pack.title_zh
    assert pack.reviewed_until >= pack.published
    for rule in pack.rules:
        assert rule.key_phrase_en and rule.key_phrase_zh


def test_all_instruments_are_shipped() -> None:
    assert {p.id for p in shipped_packs()} == EXPECTED_IDS


def test_no61_facts() -> None:
    pack = next(p for p in shipped_packs() if p.id == "cn-mofcom-2025-061")
    value = next(r for r in pack.rules if r.article == "I(1)")
    assert value.params["threshold"] == Decimal("0.001")
    assert value.effective_from == date(2025, 12, 1)
    assert value.key_phrase_zh.endswith("0.1%及以上")
    assert [(w.start, w.until) for w in pack.suspensions] == [(date(2025, 11, 7), date(2026, 11, 10))]
    assert "No. 70" in pack.suspensions[0].by
    exemption = next(r for r in pack.rules if r.kind == "exemption")
    assert exemption.params["report_within_working_days"] == 10
    # Second review (2026-12-01): Art. II is the end-user policy, Art. III the end-use policy, V the exemption.
    assert {r.article: r.kind for r in pack.rules if r.kind in ("end_use", "end_user", "exemption")} == {
        "II": "end_user", "III": "end_use", "IV": "end_use", "V": "exemption"}
    assert "控股50%及以上的子公司、分公司等分支机构" in next(r for r in pack.rules if r.article == "II").key_phrase_zh


def test_no70_suspends_the_six_announcements() -> None:
    pack = next(p for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")
    assert sorted(t for t, _ in pack.suspends) == sorted(
        f"cn-mofcom-2025-{n}" for n in ("055", "056", "057", "058", "061", "062"))


def test_hash_ignores_comments_and_layout_but_not_facts() -> None:
    text = (resource("rules") / "cn-mofcom-2025-061.toml").read_text(encoding="utf-8")
    base = parse_pack(text)
    assert parse_pack("# a new comment\n" + text.replace(" = ", "=")).sha256 == base.sha256
    assert parse_pack(text.replace('threshold = "0.001"', 'threshold = "0.0010"')).sha256 != base.sha256


def _problems(text: str) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        parse_pack(text, "bad.toml")
    assert "bad.toml" in str(info.value)
    return [p.where for p in info.value.problems]


def test_errors_name_the_toml_key() -> None:
    text = (resource("rules") / "cn-mofcom-2025-061.toml").read_text(encoding="utf-8")
    assert _problems(text.replace('threshold = "0.001"', "threshold = 0.001")) == ["rules[0].parameters.threshold"]
    assert _problems(text.replace('kind = "direct_product"', 'kind = "magic"')) == ["rules[1].kind"]
    assert _problems(text.replace('id = "cn-mofcom-2025-061"', 'id = "Bad Id"')) == ["pack.id"]
    assert _problems(text.replace('content_items = ["part1_metals"', 'content_items = ["nope"')) == ["rules[0].parameters.content_items[0]"]
    assert _problems(text.replace("reviewed_until = 2026-10-05\n", "")) == ["pack.reviewed_until"]
    assert _problems(text.replace('threshold = "0.001"', 'threshold = "2"')) == ["rules[0].parameters.threshold"]
    assert _problems("schema = [") == ["$"]


def test_newest_version_wins_only_from_its_version_date() -> None:
    old = next(p for p in shipped_packs() if p.id == "cn-mofcom-gac-2025-070")
    new = replace(old, version="2027.1", version_date=date(2026, 11, 1), sha256="f" * 64)
    assert select_packs([old, new], date(2026, 10, 31))[0] is old
    assert select_packs([old, new], date(2026, 11, 1))[0] is new
    assert select_packs([new, old], date(2020, 1, 1))[0] is old  # before any version date: the oldest


def test_every_key_phrase_is_given_in_both_chinese_scripts() -> None:
    """Issue 9: every encoded fact cites its announcement and article with the Chinese key phrase, Simplified and
    Traditional; the determination's citation carries both (key_phrase_zh, key_phrase_zh_hant)."""
    import opencc

    to_hant = opencc.OpenCC("s2t")
    for pack in shipped_packs():
        if pack.id == "cn-mofcom-lists":
            continue
        for rule in pack.rules:
            assert rule.key_phrase_zh_hant, f"{pack.id}:{rule.article}"
            # the Traditional text is the Simplified one in Traditional script (鎦 for Lu, as in Taiwan usage)
            assert to_hant.convert(rule.key_phrase_zh).replace("鑥", "鎦") == rule.key_phrase_zh_hant, f"{pack.id}:{rule.article}"


def _chinese_texts(value, path=""):
    """Every Chinese text of a pack document (keys ending in _zh / _zh_hant, lists of them), with its path."""
    if isinstance(value, dict):
        for key, v in value.items():
            yield from _chinese_texts(v, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _chinese_texts(v, f"{path}[{i}]")
    elif isinstance(value, str) and (path.rsplit(".", 1)[-1].split("[")[0].endswith(("_zh", "_zh_hant"))):
        yield path, value


def test_no_pack_text_in_chinese_carries_an_internal_code() -> None:
    """Chinese output carries no internal codes: no pack parameter or open point id (「(alloy_match)」, 「(located_users)」,
    「（no61-part1-scope）」, 「no70-end」) and no country code where the country's name is meant (「所在国为US」). The
    dossier's own field names and codes a user types (product.control_code, HK/MO/TW as dossier country codes) stay."""
    import re

    from reedesk.rules.packs import _KIND_PARAMS

    params = {name for kind in _KIND_PARAMS.values() for name in kind} | {"located_users", "foreign_made_content", "alloy_match"}
    for pack in shipped_packs():
        points = {p.id for p in pack.open_points} | {r.id for p in pack.open_points for r in p.readings}
        for path, text in _chinese_texts(pack.document):
            words = set(re.findall(r"[A-Za-z][A-Za-z0-9_\-]*", text))
            assert not words & (params | points | {"no70-end", "no61-part1-scope"}), (pack.id, path, text)
            assert not re.search(r"为US|為US|国为[A-Z]{2}\b", text), (pack.id, path, text)
            # nor a dossier field path or code value (「（shipment.end_user.military）」, 「product.category」, "rare_earth_technology")
            assert not re.search(r"[a-z_]+\.[a-z_]+|[a-z]+_[a-z_]+", text), (pack.id, path, text)


def test_citations_name_the_announcement_once() -> None:
    """A citation joins the announcement and the article (engine._citation): the article must not repeat the announcement's
    number (「商务部 海关总署公告2025年第55号第55号公告超硬材料物项」 before pack 2026.4)."""
    import re

    from reedesk.rules.engine import _citation
    from reedesk.rules.messages import render

    for pack in shipped_packs():
        for rule in pack.rules:
            text = render(_citation(pack, rule)["text"])
            for lang, pattern in (("zh-Hans", r"(第\d+号).*\1"), ("zh-Hant", r"(第\d+號).*\1"), ("en", r"(No\. \d+)\b.*\1\b")):
                assert not re.search(pattern, text[lang]), (pack.id, rule.article, text[lang])
    no55 = next(p for p in shipped_packs() if p.id == "cn-mofcom-2025-055")
    assert render(_citation(no55, no55.rules[0])["text"])["zh-Hans"] == "商务部 海关总署公告2025年第55号超硬材料物项"


def test_packs_changed_in_place_keep_their_development_hashes_known() -> None:
    """docs/rule-packs.md "Changing a pack": a 0.2.0 pack changed in place gets a new version; the version the committed
    development evidence packs embed stays recognised (known_packs' development block) and its text is kept
    (resources/rules-released/0.2.0-dev/, found by packs.known_pack)."""
    from reedesk.evidence.known_packs import RELEASED_PACKS
    from reedesk.rules.packs import known_pack

    shipped = {(p.id, p.version) for p in shipped_packs()}
    folder = resource("rules-released") / "0.2.0-dev"
    for path in sorted(folder.glob("*.toml")):
        old = parse_pack(path.read_text(encoding="utf-8"), path.name)
        assert (old.id, old.version, old.sha256) in RELEASED_PACKS, path.name
        assert (old.id, old.version) not in shipped  # changed in place: the shipped one has a newer version
        assert known_pack(old.sha256) is not None

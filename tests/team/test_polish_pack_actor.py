"""A team pack's audit page (section 7) names the person in the Actor column of every event, not only of the
signed ones: on a team desk the trail records an import, an evaluation or an export by the bare database role
("alice_…"), and a reader of the paper cannot tell who that is. The page now says "Mai Tran (database role
alice_…)" — in the pack's language, "Mai Tran（資料庫角色 alice_…）" — as the audit log names people
(reedesk.services.audit_words), taking the name from the role's own signed events in the pack. A real team desk
on the PostgreSQL server the team tests start; the page read back with pdftotext."""

from __future__ import annotations

import re

from reedesk.evidence.reader import open_pack
from reedesk.evidence.texts import load_texts
from tests.team.test_head_keys import desk_team  # noqa: F401  (fixture)
from tests.team.test_pack_certificate_page import ROLE_WORDS, _audit_page, _flat, team_packs  # noqa: F401  (fixture)


def _events(path) -> list[dict]:  # type: ignore[no-untyped-def]
    proofs = open_pack(path).json_file("audit-proofs.json")
    return [e.get("event", e) for e in proofs["events"]]


def test_every_event_on_a_team_packs_audit_page_names_the_person(team_packs) -> None:
    role = team_packs["team"]["people"]["alice"]
    for language, path in team_packs["paths"].items():
        events = _events(path)
        bare = [e for e in events if e.get("actor") == role]
        signed = [e for e in events if str(e.get("actor", "")).endswith(f"(database role {role})")]
        assert bare and signed, [e.get("actor") for e in events]  # imports, evaluations, exports; the signature
        page = _flat(_audit_page(path, language))
        # from section 7's heading on: section 6 (the signer's own row names Mai Tran too) may end on the same page
        page = page[page.index(_flat(load_texts(language).get("sections", "audit"))):]
        open_, close = ("(", ")") if language == "en" else ("（", "）")
        word = _flat(ROLE_WORDS[language])
        rows = len(bare) + len(signed) + 1  # every event's row, and the sentence on whose head key signed the head
        # (pdftotext may interleave a row's cells, so the name and the role are counted apart)
        assert page.count("MaiTran") == rows, (language, page)
        # the role appears nowhere on its own: every mention is "(database role …)"
        assert page.count(role) == page.count(f"{open_}{word}{role}{close}") == rows, (language, page)
        assert re.search(r"Mai Tran [0-9A-F]{4}-", str(signed[0]["actor"]))  # the signed row keeps its fingerprint


def test_a_single_user_packs_actor_column_is_as_recorded(desk, tmp_path) -> None:
    """An OS account (a single-user desk) is left as the trail records it: nothing to look up on paper."""
    import shutil
    import subprocess

    from tests.evidence.helpers import export, make_identity

    make_identity(desk)
    out = tmp_path / "single.pdf"
    export(desk, "LM-2026-0042", out)
    events = _events(out)
    accounts = {e["actor"] for e in events if "(" not in str(e.get("actor"))}
    assert accounts, [e.get("actor") for e in events]
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", str(out), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    assert "database role" not in text
    for account in accounts:
        assert re.search(rf"(?m)^{re.escape(account)}$", text), account  # a bare account cell, as recorded

"""Recognising embedded rule packs by the SHA-256 of their bytes (issue 13: `reedesk verify` no longer parses every
shipped pack to compare canonical hashes), with the same verdicts as before: a shipped file byte for byte is known,
a re-formatted shipped pack is known by its canonical hash, a doctored one is not."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from reedesk.evidence.builder import build_pack
from reedesk.evidence.reader import contents_from_pack, parse_pack
from reedesk.evidence.verifier import verify_bytes

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
SIGNER = {"name": "Mai Tran", "role": "Compliance officer", "organisation": "Lotus Magnetics Co., Ltd."}
FIXTURES = Path(__file__).parent / "fixtures"

_CHILD = """
import sys
from reedesk.evidence.verifier import verify_path
from reedesk.rules.packs import _shipped
report = verify_path(sys.argv[1])
print(report.check("rule_packs_known").ok, report.check("rules_reproduce").ok, report.intact, _shipped.cache_info().currsize)
"""


def _fresh_verify(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_fresh_verifier_knows_shipped_packs_without_parsing_all_of_them(exported):
    # known, reproduced, intact; and the bundled packs were never parsed as a whole set
    assert _fresh_verify(exported["path"]) == "True True True 0"


def test_a_010_pack_is_known_by_the_released_table_without_parsing_the_shipped_packs():
    assert _fresh_verify(FIXTURES / "pack-0.1.0-en.pdf") == "True True True 0"


def _repacked(exported, change) -> bytes:
    contents = contents_from_pack(parse_pack(exported["bytes"]))
    for pack in contents.rule_packs:
        if pack["id"] == "cn-mofcom-2025-061":
            pack["source_text"] = change(pack["source_text"])
            break
    else:  # pragma: no cover - the sample pack embeds No. 61
        raise AssertionError("No. 61 is not embedded")
    return build_pack(contents, exported["private_key"], signer=SIGNER, now=NOW)


def test_a_reformatted_shipped_pack_is_known_by_its_canonical_hash(exported):
    """Same rules, other bytes (a comment added): not a shipped file, but the same canonical pack as one."""
    report = verify_bytes(_repacked(exported, lambda text: "# re-saved by an editor\n" + text))
    assert report.check("rules_reproduce").ok, report.check("rules_reproduce").reason
    assert report.check("rule_packs_known").ok, report.check("rule_packs_known").reason


def test_a_doctored_shipped_pack_is_not_known(exported):
    """The attack: No. 61's 0.1 % threshold raised to 50 %, re-signed by the signer's own key."""
    import re

    def doctor(text: str) -> str:
        text, n = re.subn(r'threshold\s*=\s*"0\.001"', 'threshold = "0.5"', text)
        assert n == 1
        return text

    report = verify_bytes(_repacked(exported, doctor))
    assert not report.intact
    # its canonical hash is no longer the one the signed determination names, nor a shipped or released one
    assert not report.check("rules_reproduce").ok

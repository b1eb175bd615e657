"""Readers shared by the tests of determinations recorded from earlier engines (shape 3 from 3.1.0, shape 4 from 3.2.0).

Each such test holds a fixture (``{"engine", "packs": {sha256: text}, "cases": [...]}``, xz-compressed JSON) and an
evidence pack exported by that engine; these are the same readers for each, and one check that an old pack still
verifies with this reedesk and re-runs to its own bytes."""

from __future__ import annotations

import json
import lzma
from functools import lru_cache
from pathlib import Path
from typing import Any


class Recorded:
    """One recorded fixture: its documents, and its packs parsed once each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recorded = lru_cache(maxsize=1)(self._read)
        self.parsed = lru_cache(maxsize=None)(self._parse)

    def _read(self) -> dict:
        with lzma.open(self.path, "rt", encoding="utf-8") as f:
            return json.load(f)

    def _parse(self, sha256: str) -> Any:
        from reedesk.rules.packs import parse_pack

        return parse_pack(self.recorded()["packs"][sha256], f"recorded pack {sha256[:12]}")

    def packs(self, doc: dict) -> dict:
        """The document's packs by id, as the decoder takes them."""
        return {p["id"]: self.parsed(p["sha256"]) for p in doc["packs"]}

    def texts(self, doc: dict) -> list[str]:
        """The document's pack texts, as a re-run takes them."""
        return [self.recorded()["packs"][p["sha256"]] for p in doc["packs"]]


def old_pack_verifies(capsys: Any, signer: str, pdf: Path) -> tuple[dict, list[str]]:
    """``reedesk verify --trust SIGNER PDF`` says valid with the rules reproduced and the snapshot hash right;
    gives back the pack's determination and its rule-pack texts (the caller checks its engine and shape)."""
    from reedesk.cli.main import main
    from reedesk.evidence.reader import open_pack
    from reedesk.services.evaluation import reproduces

    code = main(["verify", "--trust", signer, str(pdf), "--json"])
    report = json.loads(capsys.readouterr().out)
    checks = {c["name"]: c["ok"] for c in report["checks"]}
    assert checks["rules_reproduce"] is True and checks["snapshot_hash"] is True
    assert code == 0 and report["valid"] is True
    pack = open_pack(pdf)
    determination = pack.json_file("determination.json")
    texts = [e.data.decode("utf-8") for name, e in sorted(pack.files.items()) if name.startswith("rule-pack-")]
    assert reproduces(determination, texts)
    return determination, texts

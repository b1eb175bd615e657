"""`reedesk sign REF --meaning M [--key ID] [--as-of DATE]` (reedesk/cli/signing.py)."""

from __future__ import annotations

import pytest

from reedesk.cli.main import main
from reedesk.services import keys, signing
from reedesk.services.desk import open_desk
from tests.signing.vectors import PASSPHRASE, insert_determination


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def prepared(_isolated_home, monkeypatch):
    desk = open_desk(_isolated_home)
    mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus Compliance", PASSPHRASE)
    determination_id = insert_determination(desk)
    desk.close()
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    return _isolated_home, mei, determination_id


def test_sign_signs_the_latest_determination(capsys, prepared):
    home, mei, determination_id = prepared
    code, out, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by")
    assert code == 0, err
    assert f"Signed determination {determination_id} of LM-2026-0042" in out and mei.fingerprint in out
    desk = open_desk(home, seed_samples=False)
    try:
        [verdict] = signing.verify_determination_signatures(desk, determination_id)
    finally:
        desk.close()
    assert verdict.ok and verdict.signature.meaning == "Prepared by"


def test_sign_with_a_chosen_key_among_several(capsys, prepared):
    home, mei, _ = prepared
    desk = open_desk(home, seed_samples=False)
    keys.create_identity(desk, "Hans Vogel", "Reviewer", "Rhein", PASSPHRASE)
    desk.close()
    code, _, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by")
    assert code == 2 and "--key" in err
    code, out, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by", "--key", mei.fingerprint)
    assert code == 0 and "Mei Lin" in out


def test_wrong_passphrase_exits_2_and_signs_nothing(capsys, prepared, monkeypatch):
    home, _, determination_id = prepared
    monkeypatch.setenv("REEDESK_PASSPHRASE", "nope")
    code, _, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by")
    assert code == 2 and "passphrase does not open the key of Mei Lin" in err
    desk = open_desk(home, seed_samples=False)
    try:
        assert signing.signatures_for(desk, determination_id) == []
    finally:
        desk.close()


def test_no_determination_tells_the_user_to_evaluate(capsys, prepared):
    code, _, err = run(capsys, "sign", "TK-NDFEB-7", "--meaning", "Prepared by")
    assert code == 2 and "run `reedesk evaluate TK-NDFEB-7 --as-of DATE` first" in err
    code, _, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by", "--as-of", "2020-01-01")
    assert code == 2 and "as of 2020-01-01" in err
    code, _, err = run(capsys, "sign", "NOPE", "--meaning", "Prepared by")
    assert code == 2 and "NOPE" in err


def test_evaluate_sign_review_and_verify_end_to_end(capsys, monkeypatch, _isolated_home):
    monkeypatch.setenv("REEDESK_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "import", "--samples")[0] == 0
    assert run(capsys, "evaluate", "LM-2026-0042", "--as-of", "2026-11-25")[0] == 0
    assert run(capsys, "keys", "create", "--name", "Mei Lin", "--role", "Consultant", "--org", "Lotus")[0] == 0
    assert run(capsys, "keys", "create", "--name", "Hans Vogel", "--role", "Reviewer", "--org", "Rhein")[0] == 0
    import json

    ids = [i["key_id"] for i in json.loads(run(capsys, "keys", "list", "--json")[1])["identities"]]
    code, out, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Prepared by", "--key", ids[0], "--as-of", "2026-11-25")
    assert code == 0, err
    code, out, err = run(capsys, "sign", "LM-2026-0042", "--meaning", "Reviewed and approved by", "--key", ids[1])
    assert code == 0 and "Hans Vogel" in out
    code, out, _ = run(capsys, "audit", "log", "--dossier", "LM-2026-0042", "--action", "sign")
    assert code == 0 and len(out.strip().splitlines()) == 2
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "2 signatures" in out

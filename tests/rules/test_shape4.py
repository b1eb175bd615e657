"""Stored shape 4 of facts determinations (engine 3.3.0, reedesk.rules.shape4), and the shape-3 documents
of engine 3.2.0 written before it.

``data/facts-3.2.0.json.xz`` holds the 58 cases of ``facts-3.1.0.json.xz`` (57 golden cases and the 20-line
benchmark dossier) exactly as engine 3.2.0 stored them in shape 3, recorded from main at c302339
(``git worktree add /tmp/wt-c302339 c302339``; each case's own snapshot, date, screening and licences) with the
rule pack texts they name. ``data/evidence-pack-engine-3.2.0.pdf`` and ``data/desk-engine-3.2.0.tar.xz`` (a desk
folder) were made with the same sources: `reedesk keys create --name "Old Signer" --role Compliance
--org "Test Co"` (passphrase ``old-signer-pass``), `reedesk import --samples`, `reedesk export LM-2026-0042
--as-of 2026-11-25 --meaning "Prepared by" --out …`.

Issue 13 point 1 (the 20-line determination ≤ 8 KB): the stored bytes no longer copy the dossier snapshot (its
hash ``dossier.sha256`` binds it; the revision row and the pack's ``dossier-snapshot.json`` hold it) nor a pack's
``reviewed_until`` the pack named by SHA-256 gives; determinations written earlier stay readable, verifiable and
re-runnable in their own shape.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
import sys
import tarfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.rules import OTHER_SHAPE_ENGINE_VERSIONS, compact, reproduce_with_engine
from reedesk.rules.engine import ENGINE_VERSION, determination_sha256, evaluate
from reedesk.rules.packs import shipped_packs
from reedesk.rules.render import expand
from reedesk.rules.shape4 import attach_snapshot, findings_of, stored_bytes
from tests.evidence.helpers import PASSPHRASE, exported, make_identity, replace_embedded  # noqa: F401 (fixture)
from tests.rules.recorded import Recorded, old_pack_verifies

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "facts-3.2.0.json.xz"
OLD_PACK_PDF = DATA / "evidence-pack-engine-3.2.0.pdf"
OLD_DESK = DATA / "desk-engine-3.2.0.tar.xz"
OLD_SIGNER = "552F-3358-F797-05E9"
OLD_PASSPHRASE = "old-signer-pass"


_RECORDED = Recorded(FIXTURE)
recorded, _parsed, _packs, _texts = _RECORDED.recorded, _RECORDED.parsed, _RECORDED.packs, _RECORDED.texts


def _now(old: dict, current: bool = False) -> dict:
    """The same case made by this engine (attached form), from the old document's own snapshot, date and inputs."""
    return evaluate(old["dossier"]["snapshot"], [_parsed(p["sha256"]) for p in old["packs"]],
                    date.fromisoformat(old["as_of"]), revision=old["dossier"]["revision"],
                    screening=old["screening"], licences=tuple(old["licence_records"]),
                    made_by=None if current else old["engine"]["version"])  # as that engine read the dossier (engine 3.4.0 corrected four readings)


CASES = range(len(recorded()["cases"]))


def test_the_recording_is_of_engine_3_2_0_in_shape_3():
    cases = recorded()["cases"]
    assert recorded()["engine"] == "3.2.0" and len(cases) == 58
    assert all(c["stored"]["engine"]["version"] == "3.2.0" and c["stored"]["shape"] == 3 for c in cases)
    assert all("snapshot" in c["stored"]["dossier"] for c in cases)
    assert compact.ENGINE_SHAPES[ENGINE_VERSION] == compact.ENGINE_SHAPES["3.3.0"] == compact.SHAPE == 4  # 3.4.0 writes shape 4 too
    assert "3.2.0" in OTHER_SHAPE_ENGINE_VERSIONS and compact.ENGINE_SHAPES["3.2.0"] == 3


@pytest.mark.parametrize("index", CASES)
def test_shape_4_holds_the_same_facts_as_shape_3(index):
    """Today's stored document is shape 4 without the snapshot; with its snapshot attached, writing it in shape 3
    gives engine 3.2.0's bytes exactly (bar the engine version): nothing shape 3 held is lost."""
    old = recorded()["cases"][index]["stored"]
    new = _now(old)
    assert new["shape"] == 4 and new["engine"]["version"] == ENGINE_VERSION
    stored = json.loads(stored_bytes(new))
    assert set(stored["dossier"]) == {"reference", "revision", "sha256"}
    assert all("reviewed_until" not in p for p in stored["packs"])  # every shipped pack gives it
    assert all("kind" not in f and f.get("result") != "does_not_apply" for f in stored["findings"])  # the rule has its kind
    assert [(f["kind"], f["result"]) for f in findings_of(stored)] == [(f["kind"], f["result"]) for f in old["findings"]]
    assert canonical_bytes(attach_snapshot(stored, old["dossier"]["snapshot"])) == canonical_bytes(new)
    packs = _packs(old)
    three = compact.encode(attach_snapshot(stored, old["dossier"]["snapshot"]), dict(reversed(packs.items())), shape=3)
    three["engine"] = old["engine"]
    assert canonical_bytes(three) == canonical_bytes(old)
    assert len(stored_bytes(new)) < len(canonical_bytes(old))
    assert determination_sha256(new) == hashlib.sha256(stored_bytes(new)).hexdigest()


@pytest.mark.parametrize("index", CASES)
def test_shape_3_documents_expand_the_same_and_re_run_to_their_own_bytes(index):
    """A determination stored by engine 3.2.0 expands to the same prose as today's stored one given its snapshot,
    and re-running it (evidence verifier, audit verify) gives its own shape-3 bytes back."""
    old = recorded()["cases"][index]["stored"]
    new = json.loads(stored_bytes(_now(old)))
    a, b = expand(copy.deepcopy(old)), expand(new, snapshot=old["dossier"]["snapshot"])
    assert set(a) == set(b)
    for key in a:
        if key != "engine":
            assert canonical_bytes(a[key]) == canonical_bytes(b[key]), key
    assert b["dossier"]["snapshot"] == old["dossier"]["snapshot"]  # the 0.1 field is back in the expanded view
    assert canonical_bytes(reproduce_with_engine(old, _texts(old))) == canonical_bytes(old)


def test_shape_4_documents_re_run_to_their_own_bytes_given_their_snapshot():
    old = recorded()["cases"][-1]["stored"]
    stored = json.loads(stored_bytes(_now(old, current=True)))  # a new document: this engine's own readings
    again = reproduce_with_engine(attach_snapshot(stored, old["dossier"]["snapshot"]), _texts(old))
    assert stored_bytes(again) == canonical_bytes(stored)
    with pytest.raises(ReedeskError) as caught:
        reproduce_with_engine(stored, _texts(old))
    assert caught.value.code == "determination_snapshot_not_given" and "BENCH-20" in str(caught.value)


def test_a_shape_4_document_without_or_with_another_snapshot_is_refused_in_one_sentence():
    """expand never reads a snapshot that is not there (no KeyError) and never one that is not the one the
    document's dossier.sha256 names (a swapped revision, an edited dossier-snapshot.json)."""
    cases = recorded()["cases"]
    old, other = cases[-1]["stored"], cases[0]["stored"]
    stored = json.loads(stored_bytes(_now(old)))
    with pytest.raises(ReedeskError) as caught:
        expand(stored)
    assert caught.value.code == "determination_snapshot_not_given"
    with pytest.raises(ReedeskError) as caught:
        compact.decode(stored, _packs(old))
    assert caught.value.code == "determination_snapshot_not_given"
    with pytest.raises(ReedeskError) as caught:
        expand(stored, snapshot=other["dossier"]["snapshot"])
    assert caught.value.code == "determination_snapshot_mismatch"
    assert stored["dossier"]["sha256"][:16] in str(caught.value) and "not the one the determination was made from" in str(caught.value)
    edited = copy.deepcopy(old["dossier"]["snapshot"])
    edited["components"][0]["value"]["amount"] = "0.01"
    with pytest.raises(ReedeskError) as caught:
        attach_snapshot(stored, edited)
    assert caught.value.code == "determination_snapshot_mismatch"
    from reedesk.vocabulary import message

    for language in ("zh-Hant", "zh-Hans"):
        text = message("error", "determination_snapshot_mismatch", caught.value.params, language)
        assert text and "BENCH-20" in text and "snapshot" not in text


def test_a_reviewed_until_the_pack_does_not_give_is_written():
    """reviewed_until is left out only when the pack named by SHA-256 gives exactly it back."""
    old = recorded()["cases"][-1]["stored"]
    packs = _packs(old)
    one = compact.decode(copy.deepcopy(old), packs)
    one["packs"][0]["reviewed_until"] = "2020-01-01"
    four = json.loads(stored_bytes(compact.encode(one, packs)))
    assert four["shape"] == 4 and four["packs"][0]["reviewed_until"] == "2020-01-01"
    assert all("reviewed_until" not in p for p in four["packs"][1:])
    back = compact.decode(attach_snapshot(four, old["dossier"]["snapshot"]), packs)
    assert canonical_bytes(back) == canonical_bytes(one)


def test_the_20_line_document_is_at_most_8000_bytes():
    """Issue 13 point 1's target: the stored 20-line benchmark dossier (all shipped packs, as of 2026-11-25)
    ≤ 8 KB (11,603 B in shape 3; 8,177 without the snapshot alone; 7,817 also without reviewed_until; 6,865 B in
    shape 4, also without each finding's kind and default result)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from rules_engine import AS_OF, dossier
    finally:
        sys.path.pop(0)
    packs = shipped_packs()
    made = evaluate(dossier(20), packs, AS_OF)
    three = compact.encode(made, packs, shape=3)
    size = len(stored_bytes(made))
    # ≤ 8,000 B, the target (7,860 B when engine 3.6.0 stated its rate rule in No. 61's pack words; 7,774 B since shape 4
    # refers to that step as ["rate_rule", "figures"], tests/rules/test_shape4_rate_rule.py); shape 3 stays above it
    assert size <= 8_000 and 8_000 < len(canonical_bytes(three)), size
    assert len(canonical_bytes(made)) > size  # the attached form (in memory) still has the snapshot


# ----------------------------------------------------------------------------- stored desks and packs

def test_evaluate_json_still_prints_every_0_1_field(desk, capsys):
    """`reedesk evaluate --json` prints the expanded document: the dossier snapshot (a 0.1 field) included,
    and stored_sha256 the hash of the stored bytes (which have no snapshot)."""
    from reedesk.cli.main import main
    from reedesk.services.evaluation import list_determinations

    assert main(["evaluate", "LM-2026-0042", "--as-of", "2026-11-25", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["dossier"]["snapshot"]["format"] == "reedesk.dossier/1"
    assert printed["packs"][0]["reviewed_until"]  # given back from the pack
    assert printed["findings"][0]["citation"]["text"]["en"]
    [stored] = list_determinations(desk, "LM-2026-0042")
    assert printed["stored_sha256"] == stored.sha256


def _old_desk(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "old-desk"
    with tarfile.open(OLD_DESK) as tar:
        tar.extractall(home, filter="data")
    monkeypatch.setenv("REEDESK_HOME", str(home))
    monkeypatch.setenv("REEDESK_CONFIG_HOME", str(home / "config"))
    return home


def test_a_desk_of_engine_3_2_0_reads_re_runs_and_exports_with_shape_4(tmp_path, monkeypatch, capsys):
    """A desk whose determination engine 3.2.0 stored (shape 3, signed, exported) opens with this reedesk: the
    stored document reads as it is, `audit verify` re-runs it to its own bytes; a new evaluation stores shape 4
    without the snapshot, and a pack exported now verifies, its dossier-snapshot.json the revision's."""
    from reedesk.cli.main import main
    from reedesk.evidence.reader import open_pack
    from reedesk.services import audit
    from reedesk.services.desk import open_desk
    from reedesk.services.evaluation import evaluate_reference, list_determinations, load_determination

    home = _old_desk(tmp_path, monkeypatch)
    desk = open_desk(home, seed_samples=False)
    try:
        [old] = list_determinations(desk, "LM-2026-0042")
        assert old.document["engine"]["version"] == "3.2.0" and old.document["shape"] == 3
        assert "snapshot" in old.document["dossier"] and expand(old.document)["summary"]["en"]
        report = audit.verify_audit(desk)
        assert report.ok and report.reproduced >= 1 and report.not_reproduced == 0, report.problems
        new = evaluate_reference(desk, "LM-2026-0042", "2026-11-26")
        assert new.document["shape"] == 4 and new.sha256 != old.sha256
        with sqlite3.connect(home / "reedesk.sqlite3") as connection:
            text = connection.execute("SELECT document FROM determination WHERE id = ?", (new.id,)).fetchone()[0]
        assert "snapshot" not in json.loads(text)["dossier"] and hashlib.sha256(text.encode()).hexdigest() == new.sha256
        again = load_determination(desk, new.id)
        assert again.document["dossier"]["snapshot"] == old.document["dossier"]["snapshot"]  # the revision's, attached
        assert expand(again.document)["summary"] == expand(new.document)["summary"]
        report = audit.verify_audit(desk)
        assert report.ok and report.reproduced >= 2 and report.not_reproduced == 0, report.problems
    finally:
        desk.close()
    monkeypatch.setenv("REEDESK_PASSPHRASE", OLD_PASSPHRASE)
    out = tmp_path / "new.pdf"
    assert main(["export", "LM-2026-0042", "--as-of", "2026-11-26", "--meaning", "Prepared by", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["verify", "--trust", OLD_SIGNER, str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True
    pack = open_pack(out)
    determination = pack.json_file("determination.json")
    assert determination["shape"] == 4 and "snapshot" not in determination["dossier"]
    assert hashlib.sha256(pack.files["dossier-snapshot.json"].data).hexdigest() == determination["dossier"]["sha256"]


def test_an_evidence_pack_exported_by_engine_3_2_0_still_verifies(capsys):
    """Issue 13 "done when" (earlier packs still verify): a pack whose determination engine 3.2.0 stored in
    shape 3 verifies, its determination re-run to the same bytes in its own shape; a changed one does not."""
    from reedesk.services.evaluation import reproduces

    determination, texts = old_pack_verifies(capsys, OLD_SIGNER, OLD_PACK_PDF)
    assert determination["engine"]["version"] == "3.2.0" and determination["shape"] == 3
    assert reproduces(determination, texts)
    assert not reproduces(dict(determination, notes=determination["notes"][1:]), texts)


def test_a_swapped_revision_snapshot_is_found_on_load_and_by_audit_verify(desk):
    """The attack shape 4 invites: the stored determination no longer carries its snapshot, so replace the
    revision's snapshot (document and hash, consistently, triggers dropped) with another dossier's. Reading the
    determination refuses it in one sentence; `audit verify` names it; nothing is shown as that determination."""
    from reedesk.services import audit
    from reedesk.services.desk import open_desk
    from reedesk.services.evaluation import evaluate_reference, load_determination
    from tests.signing.vectors import tamper

    stored = evaluate_reference(desk, "LM-2026-0042", "2026-11-25")
    assert audit.verify_audit(desk).ok
    with sqlite3.connect(desk.db.path) as connection:
        other_text, other_sha = connection.execute(
            "SELECT r.document, r.sha256 FROM dossier_revision r JOIN dossier d ON d.id = r.dossier_id "
            "WHERE d.reference != 'LM-2026-0042' LIMIT 1").fetchone()
    other_text = other_text.replace("'", "''")
    tamper(desk, f"UPDATE dossier_revision SET document = '{other_text}', sha256 = '{other_sha}' "
                 f"WHERE id = (SELECT revision_id FROM determination WHERE id = {stored.id})")
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        with pytest.raises(ReedeskError) as caught:
            load_determination(reopened, stored.id)
        assert caught.value.code == "determination_snapshot_mismatch" and "LM-2026-0042" in str(caught.value)
        report = audit.verify_audit(reopened)
        assert not report.ok
        assert any(f"Determination {stored.id}" in p for p in report.problems), report.problems
    finally:
        reopened.close()


def _manifest_with(pack, changes: dict[str, bytes]) -> bytes:
    manifest = dict(pack.manifest)
    manifest["files"] = [{**f, "sha256": hashlib.sha256(changes[f["name"]]).hexdigest()} if f["name"] in changes else f
                         for f in manifest["files"]]
    return canonical_bytes(manifest)


def test_a_pack_whose_dossier_snapshot_was_changed_is_invalid(exported):
    """A shape-4 pack's determination.json has no snapshot: the re-run takes dossier-snapshot.json. Changing that
    file (manifest made consistent, even re-signed by the desk's own key) makes the pack INVALID — the snapshot
    check and the re-run fail as checks, neither crashes."""
    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.contents import MANIFEST_NAME, SNAPSHOT_NAME
    from reedesk.evidence.reader import contents_from_pack, parse_pack as parse_pdf
    from reedesk.evidence.verifier import verify_bytes

    pack = parse_pdf(exported["bytes"])
    determination = pack.json_file("determination.json")
    assert determination["shape"] == 4 and "snapshot" not in determination["dossier"]
    assert verify_bytes(exported["bytes"]).check("rules_reproduce").ok
    snapshot = json.loads(pack.files["dossier-snapshot.json"].data)
    snapshot["components"][0]["value"]["amount"] = "0.01"
    edited = canonical_bytes(snapshot)
    contents = contents_from_pack(pack)
    assert contents.snapshot == json.loads(pack.files["dossier-snapshot.json"].data)
    signer = {"name": "Mai Tran", "role": "Compliance officer", "organisation": "Lotus Magnetics Co., Ltd."}
    rebuilt = parse_pdf(build_pack(contents, exported["private_key"], signer=signer, now=datetime(2026, 11, 25, 12, tzinfo=timezone.utc)))
    forged = replace_embedded(rebuilt.data, {SNAPSHOT_NAME: edited, MANIFEST_NAME: _manifest_with(rebuilt, {SNAPSHOT_NAME: edited})})
    report = verify_bytes(forged)
    assert report.exit_code == 1
    failed = {c.name for c in report.failed}
    assert {"snapshot_hash", "rules_reproduce"} <= failed, failed
    assert "dossier-snapshot.json" in report.check("rules_reproduce").reason


def test_a_pack_whose_dossier_snapshot_is_not_a_json_object_says_so(exported):
    """An embedded dossier-snapshot.json that is not a JSON object fails the re-run as "not a JSON object", not as
    "not embedded" (it is embedded: the reader must be told what is wrong with it)."""
    from reedesk.evidence.builder import build_pack
    from reedesk.evidence.contents import MANIFEST_NAME, SNAPSHOT_NAME
    from reedesk.evidence.reader import contents_from_pack, parse_pack as parse_pdf
    from reedesk.evidence.verifier import verify_bytes

    pack = parse_pdf(exported["bytes"])
    signer = {"name": "Mai Tran", "role": "Compliance officer", "organisation": "Lotus Magnetics Co., Ltd."}
    rebuilt = parse_pdf(build_pack(contents_from_pack(pack), exported["private_key"], signer=signer,
                                   now=datetime(2026, 11, 25, 12, tzinfo=timezone.utc)))
    listed = b'["not", "a", "snapshot"]'
    forged = replace_embedded(rebuilt.data, {SNAPSHOT_NAME: listed, MANIFEST_NAME: _manifest_with(rebuilt, {SNAPSHOT_NAME: listed})})
    report = verify_bytes(forged)
    assert report.exit_code == 1
    reason = report.check("rules_reproduce").reason
    assert "dossier-snapshot.json is not a JSON object" in reason and "not embedded" not in reason, reason

"""Issue 10, points 1–6: each attack an insider with the desk's files made on reedesk 0.1.0,
performed against real SQLite files (the sqlite3 module, dropped triggers, swapped keys),
and the check that now finds it. Every test here passes through `audit verify` or the
database itself and would have passed silently on 0.1.0."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reedesk.audit.checkpoints import sign_tree_head
from reedesk.audit.desk_key import desk_key_path, read_desk_key_file
from reedesk.audit.trail import append_event, event_hash
from reedesk.errors import ReedeskError
from reedesk.paths import database_path
from reedesk.services import audit, dossiers, keys, signing
from reedesk.services.desk import open_desk
from reedesk.signing.dsse import sign_envelope
from reedesk.signing.keys import key_id_of, raw_public_key
from reedesk.signing.statement import Signer, build_payload
from tests.signing.vectors import PASSPHRASE, insert_determination, insert_fabricated_determination, signed_desk, tamper

REF = "LM-2026-0042"


def _reverify(desk, **kwargs):
    """Reopen the desk after its file was changed behind its back and run `audit verify`."""
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        return audit.verify_audit(reopened, **kwargs)
    finally:
        reopened.close()


def _sql(desk, *statements: str) -> None:
    """Run statements on the SQLite file directly, triggers left in place."""
    desk.db.dispose()
    connection = sqlite3.connect(database_path(desk.home))
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def _one(desk, query: str):
    with sqlite3.connect(database_path(desk.home)) as connection:
        return connection.execute(query).fetchone()


# ----------------------------------------------------------------------------- 1, 5: keys and labels

def test_swapping_a_signers_public_key_and_re_signing_her_signature_is_found(desk):
    """0.1.0 took public keys from the rows it was checking: replace Mei's key with one's own,
    re-sign "her" statement with it, and the signature verified."""
    _, determination_id, [info] = signed_desk(desk)
    mallory = Ed25519PrivateKey.generate()
    raw = raw_public_key(mallory)
    fake_id = key_id_of(raw)
    document = json.loads(_one(desk, f"SELECT document FROM determination WHERE id = {determination_id}")[0])
    signer = Signer("Mei Lin", "Export-control consultant", "Lotus Compliance", fake_id)
    envelope = sign_envelope(build_payload(document, signer, "Prepared by", info.signed_at), mallory, fake_id)
    text = json.dumps(envelope, sort_keys=True, separators=(",", ":")).replace("'", "''")
    tamper(
        desk,
        f"UPDATE identity SET key_id = '{fake_id}', public_key = '{raw.hex()}' WHERE key_id = '{info.key_id}'",
        f"UPDATE signature SET key_id = '{fake_id}', envelope = '{text}' WHERE id = {info.id}",
    )
    report = _reverify(desk)
    assert not report.ok
    assert any("was added outside reedesk: no audit event created it" in p for p in report.problems), report.problems
    assert any(p.startswith(f"Signature {info.id} on determination {determination_id}") for p in report.problems)
    # The swapped key is not a key of this desk at all: it was never bound by a creation event.
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        assert fake_id not in keys.public_keys(reopened) and info.key_id in keys.public_keys(reopened)
    finally:
        reopened.close()


def test_a_public_key_that_is_not_the_hash_of_its_id_is_refused(desk):
    _, _, [info] = signed_desk(desk)
    other = raw_public_key(Ed25519PrivateKey.generate()).hex()
    tamper(desk, f"UPDATE identity SET public_key = '{other}' WHERE key_id = '{info.key_id}'")
    report = _reverify(desk)
    assert any("its key id is not the SHA-256 of its public key" in p for p in report.problems), report.problems


def test_a_signature_by_a_key_whose_creation_event_was_altered_fails(desk):
    """Rewrite the identity's creation event to name another key (and re-chain everything
    after it): the chain and every head that covered the event fail."""
    _, _, [info] = signed_desk(desk)
    seq = _one(desk, f"SELECT seq FROM audit_event WHERE entity_type = 'identity' AND entity_id = '{info.key_id}'")[0]
    tamper(desk, f"UPDATE audit_event SET after = replace(after, '{info.key_id[:8]}', 'ffffffff') WHERE seq = {seq}")
    report = _reverify(desk)
    assert not report.ok and report.first_broken_seq == seq
    assert any("no longer match the tree head" in p for p in report.problems)
    assert any(p.startswith(f"Signature {info.id}") and "not valid" in p for p in report.problems), report.problems


@pytest.mark.parametrize(
    "statement, found",
    [
        ("UPDATE identity SET organisation = 'Rhein Antriebe GmbH'", "name, role or organisation differs from what audit event"),
        ("UPDATE identity SET name = 'Hans Vogel'", "name, role or organisation differs from what audit event"),
        ("UPDATE signature SET signer_role = 'Managing director'", "the signer's name, role, organisation or key shown for it differs"),
    ],
)
def test_editing_signer_labels_is_detected(desk, statement, found):
    """Packs print name, role and organisation from these rows; 0.1.0 never checked them."""
    signed_desk(desk)
    tamper(desk, statement)
    report = _reverify(desk)
    assert not report.ok and any(found in p for p in report.problems), report.problems


def test_the_database_refuses_to_edit_an_identitys_labels_or_key(desk):
    signed_desk(desk)
    for statement in ("UPDATE identity SET organisation = 'X'", "UPDATE identity SET public_key = 'ab'", "DELETE FROM identity"):
        with pytest.raises(sqlite3.IntegrityError):
            _sql(desk, statement)
    _sql(desk, "UPDATE identity SET retired_at = '2026-12-01T00:00:00.000000Z'")  # retiring stays possible


# ----------------------------------------------------------------------------- 2: the desk key

def test_a_new_desk_records_its_desk_key_in_its_first_event_and_signs_every_head_with_it(empty_desk):
    info = audit.desk_key_info(empty_desk)
    assert info is not None and info.event_seq == 1 and info.introduced_over is None
    first = audit.audit_log(empty_desk, limit=1)[0]
    assert (first.action, first.entity_type, first.after["public_key"]) == ("create", "desk_key", info.public_key)
    assert hashlib.sha256(bytes.fromhex(info.public_key)).hexdigest() == info.key_id
    assert raw_public_key(read_desk_key_file(desk_key_path(empty_desk.home))).hex() == info.public_key
    assert desk_key_path(empty_desk.home).stat().st_mode & 0o777 == 0o600
    keys.create_identity(empty_desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    with sqlite3.connect(database_path(empty_desk.home)) as connection:
        heads = connection.execute("SELECT key_id FROM tree_head").fetchall()
    assert heads and {k for (k,) in heads} == {info.key_id}


def test_a_head_signed_by_a_persons_key_is_an_error_after_the_desk_key(desk):
    """0.1.0: any local identity could sign tree heads. Mei signs one with her own key."""
    _, _, [info] = signed_desk(desk)
    private = keys.unlock(desk, info.key_id, PASSPHRASE)
    size, root = _one(desk, "SELECT size, root_hash FROM tree_head ORDER BY id DESC LIMIT 1")
    head = sign_tree_head(private, info.key_id, size, root)
    _sql(desk, "INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature) VALUES "
               f"({head.size}, '{head.root_hash}', '{head.signed_at}', '{head.key_id}', '{head.signature}')")
    report = _reverify(desk)
    assert not report.ok
    assert "not by the desk key" in report.problem and "only the desk key signs tree heads" in report.problem


def test_a_0_1_desk_is_upgraded_by_one_event_introducing_the_desk_key_over_its_heads(_isolated_home):
    """A desk made by 0.1.0: identity-signed heads, no desk key. Opening it with 0.2 records
    one event introducing the desk key over them; old heads still verify; a new head by any
    other key is an error."""
    from reedesk.audit.checkpoints import write_checkpoint
    from reedesk.services.desk import Desk
    from reedesk.store.database import open_database

    home = _isolated_home
    home.mkdir(parents=True, exist_ok=True)
    old = Desk(home=home, db=open_database(database_path(home)))  # no head hook, no desk key: as 0.1.0 was
    mei = keys.create_identity(old, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    private = keys.unlock(old, mei.key_id, PASSPHRASE)
    with old.db.unit_of_work() as session:
        append_event(session, action="update", entity_type="setting", entity_id="language", after={"value": "en"})
        legacy = write_checkpoint(session, private, mei.key_id)  # a 0.1 head, by a person's key
    old.close()

    upgraded = open_desk(home, seed_samples=False)
    try:
        info = audit.desk_key_info(upgraded)
        assert info.event_seq == legacy.size + 1
        assert info.introduced_over == {"size": legacy.size, "root_hash": legacy.root_hash,
                                        "signed_at": legacy.signed_at, "key_id": mei.key_id}
        report = audit.verify_audit(upgraded)
        assert report.ok, report.problems
        assert report.heads_checked == 2 and report.latest_head.key_id == info.key_id
    finally:
        upgraded.close()
    with sqlite3.connect(database_path(home)) as connection:
        size, root = connection.execute("SELECT size, root_hash FROM tree_head ORDER BY id DESC LIMIT 1").fetchone()
    late = sign_tree_head(private, mei.key_id, size, root)
    with sqlite3.connect(database_path(home)) as connection:
        connection.execute("INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                           (late.size, late.root_hash, late.signed_at, late.key_id, late.signature))
    reopened = open_desk(home, seed_samples=False)
    try:
        report = audit.verify_audit(reopened)
    finally:
        reopened.close()
    assert not report.ok and "not by the desk key" in report.problem


def test_a_missing_or_swapped_desk_key_file_stops_writes_with_a_sentence(desk):
    before = audit.count_audit_events(desk)
    path = desk_key_path(desk.home)
    original = path.read_bytes()
    path.unlink()
    reopened = open_desk(desk.home, seed_samples=False)
    try:
        with pytest.raises(ReedeskError, match="head-signing key .* is missing"):
            dossiers.set_archived(reopened, REF, True)
        from cryptography.hazmat.primitives import serialization

        path.write_bytes(Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        with pytest.raises(ReedeskError, match="is not the one the audit trail recorded"):
            dossiers.set_archived(reopened, REF, True)
        assert audit.count_audit_events(reopened) == before  # nothing was stored
        path.write_bytes(original)
        dossiers.set_archived(reopened, REF, True)
        assert audit.verify_audit(reopened).ok
    finally:
        reopened.close()


# ----------------------------------------------------------------------------- 3: deletions

@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM determination",
        f"DELETE FROM dossier_revision WHERE dossier_id = (SELECT id FROM dossier WHERE reference = 'TW-TGT-19')",
        "DELETE FROM dossier WHERE reference = 'TW-TGT-19'",
        "DELETE FROM client",
        "DELETE FROM trusted_key",
    ],
)
def test_sqlite_refuses_a_plain_delete_of_audited_records(desk, statement):
    """0.1.0 allowed a plain DELETE of unsigned determinations and dossiers."""
    from cryptography.hazmat.primitives import serialization

    insert_determination(desk, "TW-TGT-19")
    keys.trust_key(desk, "Hans", Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())
    with pytest.raises(sqlite3.IntegrityError, match="DELETE refused"):
        _sql(desk, statement)


def test_reedesk_delete_records_a_tombstone_and_verifies(desk):
    insert_determination(desk, "TW-TGT-19")
    dossiers.delete_dossier(desk, "TW-TGT-19", reason="entered twice")
    report = audit.verify_audit(desk)
    assert report.ok, report.problems
    [tombstone] = audit.audit_log(desk, action="delete")
    assert tombstone.entity_id == "TW-TGT-19" and tombstone.before["determinations"] == 1


def test_deleting_a_determination_outside_reedesk_is_named(desk):
    determination_id = insert_determination(desk, "TW-TGT-19")
    tamper(desk, f"DELETE FROM determination WHERE id = {determination_id}")
    report = _reverify(desk)
    assert not report.ok
    assert report.problem.startswith(f"Determination {determination_id} of TW-TGT-19, stored by audit event")
    assert "was deleted outside reedesk: no deletion event records its removal" in report.problem
    assert "protecting triggers were dropped" in report.problems[-1]


def test_deleting_a_signature_outside_reedesk_is_named(desk):
    _, determination_id, [first, second] = signed_desk(desk, signatures=2)
    tamper(desk, f"DELETE FROM signature WHERE id = {second.id}")
    report = _reverify(desk)
    assert not report.ok
    assert any(p.startswith(f"Signature {second.id} of {REF}, recorded by audit event") and "deleted outside reedesk" in p
               for p in report.problems), report.problems


def test_deleting_a_whole_dossier_outside_reedesk_is_named(desk):
    tamper(
        desk,
        "DELETE FROM dossier_revision WHERE dossier_id = (SELECT id FROM dossier WHERE reference = 'TW-TGT-19')",
        "DELETE FROM dossier WHERE reference = 'TW-TGT-19'",
    )
    report = _reverify(desk)
    assert not report.ok
    assert report.problem.startswith("Revision 1 of TW-TGT-19, stored by audit event")
    assert any(p.startswith("Dossier TW-TGT-19, created by audit event") for p in report.problems)


def test_a_dropped_trigger_alone_is_reported(desk):
    _sql(desk, "DROP TRIGGER dossier_no_silent_delete")
    report = _reverify(desk)
    assert not report.ok
    assert report.problem.startswith("1 of the database's protecting triggers was dropped outside reedesk (dossier_no_silent_delete)")


@pytest.mark.parametrize(
    "statement, found",
    [
        (f"UPDATE dossier SET last_outcome = 'not_controlled' WHERE reference = '{REF}'", "its shown outcome (not_controlled"),
        (f"UPDATE dossier SET signed = 0 WHERE reference = '{REF}'", "it is marked unsigned, but its current revision has signed"),
        ("UPDATE dossier SET signed = 1 WHERE reference = 'TW-TGT-19'", "it is marked signed, but its current revision has no signed"),
        (f"UPDATE dossier SET current_revision = 7 WHERE reference = '{REF}'", "it says its current revision is 7"),
    ],
)
def test_editing_summary_columns_is_detected(desk, statement, found):
    """The browser shows last outcome and the signed flag from the dossier row; 0.1.0 let them be edited."""
    signed_desk(desk)
    _sql(desk, statement)  # no trigger guards these: verify is what finds it
    report = _reverify(desk)
    assert not report.ok and any(found in p for p in report.problems), report.problems


def test_an_edited_outcome_is_named_in_chinese_without_its_code(desk):
    """`audit verify --language zh-Hans` named the outcomes 「不受管制（not_controlled）」: an internal code in Chinese
    output (session 14's bug hunt). Now by name only."""
    from reedesk.vocabulary import text_in
    from tests.cli.strict_chinese import strict_problems

    signed_desk(desk)
    _sql(desk, f"UPDATE dossier SET last_outcome = 'not_controlled' WHERE reference = '{REF}'")
    report = _reverify(desk)
    [problem] = [p for p in report.problems if "its shown outcome" in p]
    for language, name in (("zh-Hans", "不受管制"), ("zh-Hant", "不受管制")):
        said = text_in(problem, language)
        assert name in said and strict_problems(said, language, names=[REF]) == [], said


# ----------------------------------------------------------------------------- 4: fabricated determinations

def test_a_fabricated_determination_is_named_by_verify_and_refused_by_signing(desk):
    """0.1.0: append a `not_controlled` determination with its evaluate event and it passed,
    and `reedesk sign` signed it."""
    real = insert_determination(desk)
    fake = insert_fabricated_determination(desk, outcome="not_controlled")
    report = audit.verify_audit(desk)
    assert not report.ok
    assert report.problem.startswith(f"Determination {fake} (revision 1 of {REF}) does not reproduce")
    assert report.reproduced == 1 and report.not_reproduced == 1 and report.reproduce_seconds > 0
    assert not any(p.startswith(f"Determination {real} ") for p in report.problems)
    mei = keys.create_identity(desk, "Mei Lin", "Consultant", "Lotus", PASSPHRASE)
    with pytest.raises(ReedeskError, match=f"Determination {fake} does not reproduce, so it will not be signed"):
        signing.sign_determination(desk, fake, mei.key_id, PASSPHRASE, "Prepared by")
    assert signing.signatures_for(desk, fake) == []
    signing.sign_determination(desk, real, mei.key_id, PASSPHRASE, "Prepared by")  # the real one signs


def test_a_determination_whose_outcome_was_edited_with_hashes_recomputed_does_not_reproduce(desk):
    """The attacker edits the outcome, fixes the row's hash *and* the evaluate event's recorded
    hash and re-chains nothing: the chain breaks — and the re-run names the determination too."""
    determination_id = insert_determination(desk)
    text = _one(desk, f"SELECT document FROM determination WHERE id = {determination_id}")[0]
    outcome = json.loads(text)["outcome"]
    changed = text.replace(f'"outcome":"{outcome}"', '"outcome":"not_controlled"')
    digest = hashlib.sha256(changed.encode()).hexdigest()
    tamper(desk, f"UPDATE determination SET document = '{changed.replace(chr(39), chr(39) * 2)}', sha256 = '{digest}', "
                 f"outcome = 'not_controlled' WHERE id = {determination_id}")
    report = _reverify(desk)
    assert any(f"Determination {determination_id} (revision 1 of {REF}) does not reproduce: re-running its rule packs "
               f"on its frozen inputs gives the outcome {outcome}, not not_controlled." == p for p in report.problems), report.problems


# ----------------------------------------------------------------------------- 6: outside checkpoints

def _notes(home: Path) -> list[str]:
    from reedesk.audit.note import checkpoint_file, split_notes

    return list(split_notes(checkpoint_file(home).read_text(encoding="utf-8")))


def test_every_write_batch_signs_a_head_and_appends_a_checkpoint_note(desk):
    from reedesk.domain.dossier_file import parse_dossier
    from tests.conftest import sample_document

    heads_before = _one(desk, "SELECT count(*) FROM tree_head")[0]
    notes_before = len(_notes(desk.home))
    document = sample_document("gd-target-taiwan-memory-fab")
    document["reference"] = "NEW-1"
    dossiers.save_dossier(desk, parse_dossier(document, "test"))
    size, root, key_id = _one(desk, "SELECT size, root_hash, key_id FROM tree_head ORDER BY id DESC LIMIT 1")
    assert _one(desk, "SELECT count(*) FROM tree_head")[0] == heads_before + 1
    assert size == audit.count_audit_events(desk) and key_id == audit.desk_key_info(desk).key_id
    notes = _notes(desk.home)
    assert len(notes) == notes_before + 1
    lines = notes[-1].split("\n")
    assert lines[1] == str(size) and base64.b64decode(lines[2]).hex() == root


def test_the_checkpoint_note_is_a_c2sp_signed_note_any_tool_can_check(desk, tmp_path):
    """c2sp.org/signed-note: key hash = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4], Ed25519 over the text."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    out = tmp_path / "checkpoint.txt"
    audit.write_latest_checkpoint(desk, out)
    note = out.read_text(encoding="utf-8")
    text, _, signatures = note.partition("\n\n")
    origin, size, root = text.split("\n")
    info = audit.desk_key_info(desk)
    assert origin == info.origin and int(size) == audit.count_audit_events(desk) and len(base64.b64decode(root)) == 32
    [line] = signatures.strip("\n").split("\n")
    assert line.startswith("\u2014 ")
    name, blob = line[2:].split(" ")
    raw = base64.b64decode(blob)
    public = bytes.fromhex(info.public_key)
    assert raw[:4] == hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4]
    Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], (text + "\n").encode())
    typed = base64.b64encode(bytes([1]) + public).decode()
    assert info.verifier_key == f"{name}+{raw[:4].hex()}+{typed}"


def test_truncating_the_trail_and_deleting_every_head_is_caught_by_the_checkpoint_file(desk):
    """0.1.0: cut the tail off and delete every tree head — the trail looked intact."""
    signed_desk(desk)
    total = audit.count_audit_events(desk)
    tamper(desk, f"DELETE FROM audit_event WHERE seq > {total - 3}", "DELETE FROM tree_head")
    report = _reverify(desk)
    assert not report.ok and report.truncated
    assert any(f"holds only {total - 3} — 3 events missing" in p for p in report.problems), report.problems
    assert any(p.startswith("The audit trail was rolled back or truncated: the copy of the latest checkpoint kept in")
               for p in report.problems)


def test_trail_extends_says_by_how_many_events_a_checkpoint_is_ahead(desk):
    from reedesk.audit.note import parse_checkpoint

    note = parse_checkpoint(audit.latest_checkpoint(desk))
    assert audit.trail_extends(desk, note.size, note.root_hex) == (True, 0)
    assert audit.trail_extends(desk, note.size + 4, note.root_hex) == (False, 4)
    assert audit.trail_extends(desk, note.size, "00" * 32) == (False, 0)


def _copy_database(home: Path, to: Path) -> None:
    with sqlite3.connect(database_path(home)) as source, sqlite3.connect(to) as target:
        source.backup(target)


def _put_back(home: Path, copy: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(database_path(home)) + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, database_path(home))


def test_restoring_an_older_copy_fails_against_a_kept_checkpoint_and_says_by_how_much(desk, tmp_path, capsys):
    """0.1.0: restoring an older copy of the database passed. The insider also removes the
    desk's own checkpoint file; the checkpoint the team kept elsewhere still catches it."""
    from reedesk.cli.main import main

    signed_desk(desk)
    old = tmp_path / "old.sqlite3"
    _copy_database(desk.home, old)
    old_size = audit.count_audit_events(desk)
    dossiers.set_archived(desk, "TW-TGT-19", True, reason="closed")
    insert_determination(desk, "TK-NDFEB-7")
    kept = tmp_path / "kept-checkpoint.txt"
    assert main(["audit", "checkpoint", "--out", str(kept)]) == 0
    new_size = audit.count_audit_events(desk)
    desk.close()
    _put_back(desk.home, old)
    assert main(["audit", "verify", "--json"]) == 1  # the desk's own checkpoint file still knows better
    (desk.home / "audit-checkpoints.txt").unlink()
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1  # the copy kept in the config folder, apart from the desk, still knows better
    assert "the copy of the latest checkpoint kept in" in capsys.readouterr().err
    from reedesk.paths import outside_checkpoint_path

    outside_checkpoint_path(desk.home).unlink()  # an insider with the user's account removes that too
    assert main(["audit", "verify"]) == 0  # the honest limit: alone, a consistent older copy looks intact
    out = capsys.readouterr().out
    assert "Without an outside checkpoint" in out
    code = main(["audit", "verify", "--against", str(kept)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"covers {new_size} events, but the database holds only {old_size} — {new_size - old_size} events missing" in err


def test_verify_against_a_kept_checkpoint_proves_consistency(desk, tmp_path, capsys):
    from reedesk.audit.merkle import verify_consistency
    from reedesk.cli.main import main

    kept = tmp_path / "kept.txt"
    audit.write_latest_checkpoint(desk, kept)
    signed_desk(desk)
    capsys.readouterr()
    assert main(["audit", "verify", "--json", "--against", str(kept)]) == 0
    report = json.loads(capsys.readouterr().out)
    [anchor] = report["against"]
    assert anchor["result"] == "ok" and anchor["proved"] and anchor["trail_size"] > anchor["size"]
    assert verify_consistency(anchor["size"], anchor["trail_size"], bytes.fromhex(anchor["root_hash"]),
                              bytes.fromhex(anchor["trail_root"]), [bytes.fromhex(p) for p in anchor["consistency_proof"]])
    assert report["desk_key"]["key_id"] == audit.desk_key_info(desk).key_id
    assert report["rerun"]["reproduced"] == 1


def test_a_full_rewrite_re_signed_with_the_stolen_desk_key_fails_only_against_outside_checkpoints(desk, tmp_path):
    """The honest limit of the desk key: an insider who reads its file rewrites history
    consistently and re-signs every head. The database alone then checks out; the desk's
    checkpoint file and a checkpoint kept elsewhere do not."""
    from reedesk.audit.checkpoints import event_leaf_hash
    from reedesk.audit.merkle import root_of_hashes

    signed_desk(desk)
    kept = tmp_path / "kept.txt"
    audit.write_latest_checkpoint(desk, kept)
    stolen = read_desk_key_file(desk_key_path(desk.home))
    desk_key_id = audit.desk_key_info(desk).key_id
    desk.close()
    connection = sqlite3.connect(database_path(desk.home))
    connection.row_factory = sqlite3.Row
    triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql_text in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    rows = [dict(r) for r in connection.execute("SELECT * FROM audit_event ORDER BY seq")]
    prev = "0" * 64
    for row in rows:  # rewrite one reason and re-chain every event
        if row["seq"] == 3:
            row["reason"] = "rewritten"
        row["prev_hash"] = prev
        row["hash"] = event_hash(prev, {k: v for k, v in row.items() if k != "hash"})
        prev = row["hash"]
        connection.execute("UPDATE audit_event SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                           (row["reason"], row["prev_hash"], row["hash"], row["seq"]))
    connection.execute("DELETE FROM tree_head")
    head = sign_tree_head(stolen, desk_key_id, len(rows), root_of_hashes([event_leaf_hash(r["hash"]) for r in rows]).hex())
    connection.execute("INSERT INTO tree_head (size, root_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                       (head.size, head.root_hash, head.signed_at, head.key_id, head.signature))
    for _name, sql_text in triggers:  # put the triggers back, so nothing looks dropped
        connection.execute(sql_text)
    connection.commit()
    connection.close()

    from reedesk.paths import outside_checkpoint_path

    outside_checkpoint_path(desk.home).unlink()  # the insider removes the config-folder copy
    own_file = desk.home / "audit-checkpoints.txt"
    kept_by_desk = own_file.read_bytes()
    own_file.unlink()
    assert _reverify(desk).ok  # the database alone: consistent, re-signed by "the desk"
    own_file.write_bytes(kept_by_desk)
    report = _reverify(desk)
    assert not report.ok and "no longer match checkpoint" in report.problem and "desk's checkpoint file" in report.problem
    own_file.unlink()
    report = _reverify(desk, against=[kept])
    assert not report.ok
    assert report.problem == (
        f"The first {json.loads(json.dumps(report.anchors))[0]['size']} audit events no longer match the checkpoint in {kept}: "
        "history up to that point was rewritten (the trail does not extend that checkpoint)."
    )


def test_a_packs_embedded_head_counts_as_a_checkpoint(desk, tmp_path):
    """`--against PACK.pdf`: the head an evidence pack carries; a rollback below it fails."""
    from tests.evidence.helpers import export, make_identity

    make_identity(desk)
    pack = tmp_path / "pack.pdf"
    export(desk, REF, pack)
    report = audit.verify_audit(desk, against=[pack])
    assert report.ok, report.problems
    [anchor] = report.anchors
    assert anchor["result"] == "ok" and anchor["proved"]
    pack_size = anchor["size"]
    desk.close()
    # roll back to a copy taken before the export's batch was committed: cut the trail below the pack's head
    tamper(desk, f"DELETE FROM audit_event WHERE seq > {pack_size - 2}", f"DELETE FROM tree_head WHERE size > {pack_size - 2}")
    (desk.home / "audit-checkpoints.txt").unlink()
    from reedesk.paths import outside_checkpoint_path

    outside_checkpoint_path(desk.home).unlink()
    report = _reverify(desk, against=[pack])
    assert not report.ok
    assert any(f"the tree head in the pack pack.pdf covers {pack_size} events, but the database holds only {pack_size - 2} — 2 events missing" in p
               for p in report.problems), report.problems


def test_an_event_appended_outside_reedesk_without_a_head_is_named(desk):
    """The attacker computes the chain hash (the algorithm is public) and appends a well-formed
    event — but cannot sign a head without the desk key file, and reedesk writes a head at
    the end of every batch."""
    seq, prev = _one(desk, "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
    body = {"seq": seq + 1, "occurred_at": "2026-12-01T09:00:00.000000Z", "actor": "test-user", "action": "archive",
            "entity_type": "dossier", "entity_id": REF, "dossier_reference": REF, "before": None, "after": None,
            "reason": "closed", "prev_hash": prev}
    digest = event_hash(prev, body)
    _sql(desk, "INSERT INTO audit_event (seq, occurred_at, actor, action, entity_type, entity_id, dossier_reference, "
               f"reason, prev_hash, hash) VALUES ({seq + 1}, '{body['occurred_at']}', 'test-user', 'archive', 'dossier', "
               f"'{REF}', '{REF}', 'closed', '{prev}', '{digest}')")
    report = _reverify(desk)
    assert not report.ok
    assert report.problem == f"Audit events {seq + 1}–{seq + 1} are covered by no signed tree head: they were appended outside reedesk (every reedesk write ends with a head)."


def test_a_determination_made_with_a_pack_of_an_earlier_release_is_noted_not_failed(desk):
    """An upgraded 0.1 desk holds determinations made with packs 0.2 no longer bundles: they
    cannot be re-run here, which is said, but is no sign of forgery — unlike a pack nobody shipped."""
    from reedesk.evidence.known_packs import RELEASED_PACKS

    pack_id, version, sha = RELEASED_PACKS[0]
    old = insert_fabricated_determination(desk, outcome="license_required", packs=[{"id": pack_id, "version": version, "sha256": sha}])
    report = audit.verify_audit(desk)
    assert report.ok, report.problems
    assert report.not_rerun == 1 and report.notes[0].startswith(f"Determination {old} (revision 1 of {REF}) was not re-run")
    made_up = insert_fabricated_determination(desk, as_of="2026-11-24", packs=[{"id": pack_id, "version": version, "sha256": "cd" * 32}])
    report = audit.verify_audit(desk)
    assert not report.ok and report.problem.startswith(f"Determination {made_up} (revision 1 of {REF}) does not reproduce: the rule pack it names")


def test_checkpoints_in_file_reads_notes_and_packs_heads_for_restore(desk, tmp_path):
    kept = tmp_path / "kept.txt"
    audit.write_latest_checkpoint(desk, kept)
    [known] = audit.checkpoints_in_file(kept)
    assert known.size == audit.count_audit_events(desk) and audit.trail_extends(desk, known.size, known.root_hex) == (True, 0)
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n%junk\n")
    with pytest.raises(ReedeskError):
        audit.checkpoints_in_file(tmp_path / "junk.pdf")


def test_a_key_filed_under_another_keys_id_verifies_nothing():
    """Key id = SHA-256 of the key, checked wherever a signature is checked (DSSE envelopes and
    tree heads), so a key map that files Mallory's key under Mei's id — as a doctored pack's
    public-keys.json could — proves nothing."""
    from reedesk.audit.checkpoints import verify_tree_head
    from reedesk.signing.dsse import verify_envelope
    from reedesk.signing.dsse import EnvelopeInvalid

    mallory = Ed25519PrivateKey.generate()
    mei_id = key_id_of(raw_public_key(Ed25519PrivateKey.generate()))
    envelope = sign_envelope(b"{}", mallory, mei_id)
    with pytest.raises(EnvelopeInvalid, match="is not the key with that id"):
        verify_envelope(envelope, {mei_id: raw_public_key(mallory)})
    head = sign_tree_head(mallory, mei_id, 3, "ab" * 32)
    assert "is not the key with that id" in verify_tree_head(head, {mei_id: raw_public_key(mallory)})
    own_id = key_id_of(raw_public_key(mallory))
    assert verify_envelope(sign_envelope(b"{}", mallory, own_id), {own_id: raw_public_key(mallory)})

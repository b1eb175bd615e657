"""CLI command: ``reedesk verify PACK.pdf [--json] [--trust KEYFILE_OR_FINGERPRINT]`` (FORMATS.md 0.2).

Needs nothing but the pack and the desk's trust store file (``REEDESK_HOME/trusted-keys.json``;
the database is never opened, nor its code imported). Exit 0 intact and every signer
confirmed, 1 invalid (the failed checks are named), 2 unreadable or not a reedesk pack,
3 intact but a signer's key not confirmed (the fingerprints to confirm are named).
Every string that came from the file is printed without terminal control characters.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from reedesk.errors import ReedeskError

_KEY_ID = re.compile(r"^[0-9a-fA-F]{64}$")


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``verify`` to the reedesk parser."""
    parser = subparsers.add_parser(
        "verify",
        help="check an evidence pack with nothing but the pack",
        description="Check a reedesk evidence pack: PDF signature, determination signatures, key trust, hashes, "
        "audit proofs, re-run of the embedded rule packs and the cover figures. Signer keys are confirmed from this "
        "desk's trust store (`reedesk keys trust`) or --trust. "
        "Exit 0 intact and every signer confirmed, 1 invalid, 2 unreadable, 3 intact but a signer not confirmed.",
    )
    parser.add_argument("pack", type=Path, metavar="PACK.pdf")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--trust", action="append", default=[], metavar="KEYFILE_OR_FINGERPRINT",
        help="a signer key you confirmed: a public key file (PEM or hex), a 64-hex key id, or the fingerprint "
        "printed in the pack (e.g. 3F2A-91C0-77B4-0D1E); may be repeated",
    )
    parser.add_argument("--no-trust-store", action="store_true",
                        help="ignore this desk's trust store; only --trust confirms a signer")
    parser.add_argument("--remember", action="store_true",
                        help="when the pack is VALID, record the signer keys confirmed with --trust in this desk's trust "
                        "store (an audit event each), so later checks need no --trust")
    parser.add_argument(
        "--trust-pack", action="append", default=[], metavar="FILE.toml",
        help="a rule pack you trust besides the ones reedesk ships (a rule-pack TOML file, or its 64-hex SHA-256); may be repeated",
    )
    from reedesk.cli.common import add_language_option

    add_language_option(parser, hidden_lang=False,
                        help="language of the outcome name and of each check's reason: en, zh-Hant or zh-Hans (default en)")
    parser.set_defaults(handler=_verify)


def trusted_keys(values: list[str]) -> tuple[list[str], list[bytes]]:
    """Split ``--trust`` values into key ids and raw public keys (files are read)."""
    from reedesk.evidence.trust import normalise_fingerprint
    from reedesk.signing.keys import public_key_from_pem

    ids: list[str] = []
    raws: list[bytes] = []
    for value in values:
        path = Path(value)
        if path.is_file():
            try:
                text = path.read_text(encoding="ascii").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise ReedeskError(f"The key file {path} cannot be read ({getattr(exc, 'strerror', None) or exc}).") from None
            if "-----BEGIN" in text:
                raws.append(public_key_from_pem(text, f"the file {path}"))
            elif re.fullmatch(r"[0-9a-fA-F]{64}", text):
                raws.append(bytes.fromhex(text))
            else:
                raise ReedeskError(f"The key file {path} holds neither a PEM public key nor a 64-hex raw Ed25519 key.")
        elif normalise_fingerprint(value) is not None:
            ids.append(str(normalise_fingerprint(value)))
        else:
            raise ReedeskError(f"--trust {value!r} is neither a key file, a 64-hex key id nor a fingerprint such as 3F2A-91C0-77B4-0D1E.")
    return ids, raws


def trusted_packs(values: list[str]) -> tuple[list[str], list[str]]:
    """Split ``--trust-pack`` values into rule-pack texts (files are read) and SHA-256 values."""
    texts: list[str] = []
    hashes: list[str] = []
    for value in values:
        path = Path(value)
        if path.is_file():
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise ReedeskError(f"The rule pack {path} cannot be read ({getattr(exc, 'strerror', None) or exc}).") from None
        elif _KEY_ID.match(value):
            hashes.append(value.lower())
        else:
            raise ReedeskError(f"--trust-pack {value!r} is neither a rule-pack file nor a 64-hex SHA-256.")
    return texts, hashes


def _verify(args: argparse.Namespace) -> int:
    from reedesk.evidence.texts import outcome_label
    from reedesk.evidence.trust import load_trust_store
    from reedesk.evidence.verifier import printable as clean
    from reedesk.evidence.verifier import verify_path

    ids, raws = trusted_keys(args.trust)
    store_note = None
    organisations: dict[str, bytes] = {}
    revocations: list = []
    if not args.no_trust_store:
        store = load_trust_store()
        ids += sorted(store.key_ids)
        organisations, revocations = store.organisations, store.revocations
        if store.problems:
            store_note = "; ".join(store.problems)
    pack_texts, pack_hashes = trusted_packs(args.trust_pack)
    report = verify_path(args.pack, trusted_key_ids=ids, trusted_public_keys=raws,
                         trusted_pack_texts=pack_texts, trusted_pack_hashes=pack_hashes,
                         trusted_organisations=organisations, revocations=revocations)
    if args.json:
        import json

        print(json.dumps(report.as_dict(), ensure_ascii=True, indent=2, default=str))
        return report.exit_code
    if store_note:
        print(f"reedesk: note: {clean(store_note)}", file=sys.stderr)
    if report.unreadable is not None:
        print(f"reedesk: {clean(report.unreadable, 1000)}", file=sys.stderr)
        return 2
    summary = report.summary
    what = (f"{clean(summary.get('reference'))} as of {clean(summary.get('as_of'))}: "
            f"{outcome_label(str(summary.get('outcome')), args.language)} ({clean(summary.get('outcome'))})")
    code = report.exit_code
    if code == 0:
        print(f"{args.pack}: VALID (intact; every signer's key confirmed) — {what}")
    elif code == 3:
        print(f"{args.pack}: INTACT BUT SIGNER NOT CONFIRMED — {what}")
        print(f"  Not confirmed: {', '.join(report.unconfirmed)}. Anyone can make a key under any name: ask the signer "
              "(by phone or in person, not by replying to the mail that brought the pack) to read out their fingerprint. "
              "If it matches, run `reedesk verify PACK.pdf --trust FINGERPRINT --remember` (or `reedesk keys trust` with their public key).")
    else:
        print(f"{args.pack}: INVALID — do not rely on this pack; failed checks: {', '.join(c.name for c in report.failed)}")
    if report.pdf_signature_kind == "ed25519":
        print("  Note: this pack was made by reedesk 0.1.0; its PDF signature is Ed25519, which other PDF readers cannot check.")
    for check in report.checks:
        mark = "ok  " if check.ok else ("WAIT" if check.name == "key_trust" and code == 3 else "FAIL")
        print(f"  {mark} {check.name}: {clean(check.reason_text(args.language), 2000)}")
    if args.remember:
        if code != 0:
            print("  Nothing was recorded: only the keys of a VALID pack are remembered.")
        else:
            _remember(args.pack, set(ids) - (set(store.key_ids) if not args.no_trust_store else set()), raws, report)
    return code


def _remember(pack_path: Path, given_ids: set[str], raws: list[bytes], report: object) -> None:
    """Record the signer keys the user confirmed with --trust (opens the desk only now)."""
    from reedesk.cli.common import desk_from_env
    from reedesk.evidence.reader import open_pack
    from reedesk.evidence.trust import load_trust_store
    from reedesk.evidence.verifier import printable as clean
    from reedesk.services.keys import trust_key
    from reedesk.signing.keys import fingerprint, key_id_of, public_key_pem

    raw_ids = {key_id_of(r) for r in raws}
    keys = (open_pack(pack_path).json_file("public-keys.json") or {}).get("keys") or {}
    with desk_from_env() as desk:
        known = load_trust_store(desk.home).key_ids
        for signer in getattr(report, "summary", {}).get("signers") or []:
            key_id = str(signer.get("key_id") or "")
            if key_id in known or not (key_id in raw_ids or any(key_id.startswith(t) for t in given_ids)):
                continue
            entry = keys.get(key_id) if isinstance(keys, dict) else None
            if not isinstance(entry, dict) or key_id_of(bytes.fromhex(str(entry.get("public_key_hex")))) != key_id:
                continue
            label = f"{signer.get('name')}, {signer.get('role')}, {signer.get('organisation')}"
            trust_key(desk, label, public_key_pem(bytes.fromhex(str(entry["public_key_hex"]))))
            known.add(key_id)
            print(f"  Recorded {fingerprint(key_id)} ({clean(label)}) in this desk's trust store.")

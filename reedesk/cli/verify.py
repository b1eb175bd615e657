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
                        help="language of the verdict, the advice, each check's name and reason: en, zh-Hant or zh-Hans (default en)")
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
                raise ReedeskError.coded("key_file_unreadable", path=str(path), reason=str(getattr(exc, "strerror", None) or exc)) from None
            if "-----BEGIN" in text:
                raws.append(public_key_from_pem(text, f"the file {path}"))
            elif re.fullmatch(r"[0-9a-fA-F]{64}", text):
                raws.append(bytes.fromhex(text))
            else:
                raise ReedeskError.coded("key_file_not_a_key", path=str(path))
        elif normalise_fingerprint(value) is not None:
            ids.append(str(normalise_fingerprint(value)))
        else:
            raise ReedeskError.coded("trust_value_unknown", value=value)
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
                raise ReedeskError.coded("rule_pack_unreadable", path=str(path), reason=str(getattr(exc, "strerror", None) or exc)) from None
        elif _KEY_ID.match(value):
            hashes.append(value.lower())
        else:
            raise ReedeskError.coded("trust_pack_value_unknown", value=value)
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
            from reedesk.vocabulary import text_in

            store_note = ("; " if args.language == "en" else "；").join(text_in(p, args.language) for p in store.problems)
    pack_texts, pack_hashes = trusted_packs(args.trust_pack)
    report = verify_path(args.pack, trusted_key_ids=ids, trusted_public_keys=raws,
                         trusted_pack_texts=pack_texts, trusted_pack_hashes=pack_hashes,
                         trusted_organisations=organisations, revocations=revocations)
    if args.json:
        import json

        print(json.dumps(report.as_dict(), ensure_ascii=True, indent=2, default=str))
        return report.exit_code
    from reedesk.vocabulary import without_codes

    language = args.language
    if store_note:
        print(say("note", language, note=clean(store_note)), file=sys.stderr)
    if report.unreadable is not None:
        from reedesk.vocabulary import text_in

        print(f"reedesk: {clean(text_in(report.unreadable, language), 1000)}", file=sys.stderr)
        return 2
    summary = report.summary
    what = say("what", language, reference=clean(summary.get("reference")), as_of=clean(summary.get("as_of")),
               outcome_name=outcome_label(str(summary.get("outcome")), language), outcome=clean(summary.get("outcome")))
    code = report.exit_code
    if code == 0:
        print(say("valid", language, pack=args.pack, what=what))
    elif code == 3:
        print(say("unconfirmed", language, pack=args.pack, what=what))
        print(say("unconfirmed_advice", language, keys=", ".join(report.unconfirmed)))
    else:
        print(say("invalid", language, pack=args.pack, checks=_list([check_name(c.name, language) for c in report.failed], language)))
    if report.pdf_signature_kind == "ed25519":
        print(say("ed25519_note", language))
    rules = report.check("rules_reproduce")  # an older engine's reading the current one answers otherwise, or cannot
    noted = {"rules_ok_superseded": "superseded_note", "rules_ok_current_unread": "current_unread_note"}.get(
        str(getattr(rules.reason, "code", "")) if rules is not None and rules.ok else "")
    if noted:
        params = rules.reason.params
        print(say(noted, language, made_by=clean(params.get("made_by")), current=clean(params.get("current")),
                  check=check_name("rules_reproduce", language)))
    for check in report.checks:
        mark = say("mark_ok" if check.ok else ("mark_wait" if check.name == "key_trust" and code == 3 else "mark_fail"), language)
        if language == "en":
            print(f"  {mark} {check.name}: {clean(check.reason_text(language), 2000)}")
        else:
            reason = without_codes(check.reason_text(language), language)  # no outcome code beside its name
            print(f"  {mark} {check_name(check.name, language)}：{clean(reason, 2000)}")
    if args.remember:
        if code != 0:
            print(say("nothing_recorded", language))
        else:
            _remember(args.pack, set(ids) - (set(store.key_ids) if not args.no_trust_store else set()), raws, report, language)
    return code


def say(code: str, language: str, **params: object) -> str:
    """One line of the verdict in ``language`` (``[verify.<code>]`` in resources/vocabulary/messages.toml)."""
    from reedesk.vocabulary import message

    return message("verify", code, params, language) or code


def check_name(name: str, language: str) -> str:
    """A check as printed: its stable name in English (scripts match it); in Chinese its name only,
    "PDF 簽名涵蓋整個檔案" (the stable names are ``--json``'s: no codes in Chinese output)."""
    from reedesk.vocabulary import message

    if language == "en":
        return name
    return message("check", name, {}, language) or name


def _list(names: list[str], language: str) -> str:
    return ", ".join(names) if language == "en" else "、".join(names)


def _remember(pack_path: Path, given_ids: set[str], raws: list[bytes], report: object, language: str = "en") -> None:
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
            print(say("recorded", language, fingerprint=fingerprint(key_id), label=clean(label)))

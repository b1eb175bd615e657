"""CLI command: ``reedesk verify PACK.pdf [--json] [--trust KEYFILE_OR_ID]`` (FORMATS.md).

Needs nothing but the pack (the desk is not opened). Exit 0 valid, 1 invalid (the
failed checks are named), 2 unreadable or not a reedesk pack.
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
        "audit proofs, re-run of the embedded rule packs and the cover figures. "
        "Exit 0 valid, 1 invalid, 2 unreadable.",
    )
    parser.add_argument("pack", type=Path, metavar="PACK.pdf")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--trust", action="append", default=[], metavar="KEYFILE_OR_ID",
        help="a signer key you trust: a public key file (PEM or hex) or a 64-hex key id; may be repeated",
    )
    parser.add_argument(
        "--trust-pack", action="append", default=[], metavar="FILE.toml",
        help="a rule pack you trust besides the ones reedesk ships (a rule-pack TOML file, or its 64-hex SHA-256); may be repeated",
    )
    parser.set_defaults(handler=_verify)


def trusted_keys(values: list[str]) -> tuple[list[str], list[bytes]]:
    """Split ``--trust`` values into key ids and raw public keys (files are read)."""
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
        elif _KEY_ID.match(value):
            ids.append(value.lower())
        else:
            raise ReedeskError(f"--trust {value!r} is neither a key file nor a 64-hex key id (`reedesk keys list` shows key ids).")
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
    from reedesk.cli.common import print_json
    from reedesk.evidence.texts import outcome_label
    from reedesk.services.evidence import verify_pack

    ids, raws = trusted_keys(args.trust)
    pack_texts, pack_hashes = trusted_packs(args.trust_pack)
    report = verify_pack(args.pack, trusted_key_ids=ids, trusted_public_keys=raws,
                         trusted_pack_texts=pack_texts, trusted_pack_hashes=pack_hashes)
    if args.json:
        print_json(report.as_dict())
        return report.exit_code
    if report.unreadable is not None:
        print(f"reedesk: {report.unreadable}", file=sys.stderr)
        return 2
    summary = report.summary
    if report.ok:
        trust = {"trusted": "signer key trusted", "self_asserted": "signer key only self-asserted"}.get(report.trust, report.trust)
        print(f"{args.pack}: VALID ({trust}) — {summary.get('reference')} as of {summary.get('as_of')}: "
              f"{outcome_label(str(summary.get('outcome')))} ({summary.get('outcome')})")
    else:
        print(f"{args.pack}: INVALID — failed checks: {', '.join(c.name for c in report.failed)}")
    for check in report.checks:
        print(f"  {'ok  ' if check.ok else 'FAIL'} {check.name}: {check.reason}")
    return report.exit_code

"""``reedesk keys …``: create, list, retire, export and trust signing keys (FORMATS.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reedesk.cli.common import add_language_option, clean, confirm, desk_from_env, print_json, read_passphrase, say
from reedesk.errors import ReedeskError
from reedesk.services import keys as key_service


def _create(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(say(args, "passphrase_new_key"), confirm=True, language=args.language)
    with desk_from_env() as desk:
        info = key_service.create_identity(desk, args.name, args.role, args.org, passphrase)
    print(say(args, "key_created", name=clean(info.name), role=clean(info.role), organisation=clean(info.organisation)))
    print(say(args, "key_id_line", key_id=info.key_id))
    print(say(args, "fingerprint_line", fingerprint=info.fingerprint))
    return 0


def _list(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        identities = key_service.list_identities(desk)
        trusted = key_service.list_trusted(desk)
        orphans = key_service.list_orphan_key_files(desk)
    if args.json:
        print_json({
            "identities": [
                {"key_id": i.key_id, "fingerprint": i.fingerprint, "name": i.name, "role": i.role,
                 "organisation": i.organisation, "created_at": i.created_at, "retired_at": i.retired_at}
                for i in identities
            ],
            "trusted": [{"key_id": t.key_id, "fingerprint": t.fingerprint, "label": t.label, "added_at": t.added_at} for t in trusted],
        })
        return 0
    if not identities and not trusted:
        print(say(args, "keys_none"))
    width = 18 if args.language == "en" else 12  # a Chinese status is two columns a character
    for i in identities:
        status = say(args, "key_active") if i.active else say(args, "key_retired", date=i.retired_at[:10])
        print(f"{i.fingerprint}  {status:<{width}} {clean(i.name)} — {clean(i.role)}, {clean(i.organisation)}")
    for t in trusted:
        print(f"{t.fingerprint}  {say(args, 'key_trusted'):<{width}} {clean(t.label)}")
    for path in orphans:
        print(say(args, "key_orphan_file", path=clean(str(path))), file=sys.stderr)
    return 0


def _rotate(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(say(args, "passphrase_new_key"), confirm=True, language=args.language)
    with desk_from_env() as desk:
        old, new = key_service.rotate_identity(
            desk, args.key_id, passphrase, name=args.name, role=args.role, organisation=args.org, reason=args.reason,
        )
    print(say(args, "key_rotated", name=clean(new.name), role=clean(new.role), organisation=clean(new.organisation)))
    print(say(args, "rotated_retired_line", fingerprint=old.fingerprint))
    print(say(args, "rotated_new_key_line", key_id=new.key_id))
    print(say(args, "fingerprint_line", fingerprint=new.fingerprint))
    return 0


def _retire(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        current = key_service.get_identity(desk, args.key_id)  # an unknown key is refused before asking
        if current.active:  # an already retired key: the service says so, nothing to confirm
            confirm(say(args, "retire_question", fingerprint=current.fingerprint, name=clean(current.name)), yes=args.yes)
        info = key_service.retire_identity(desk, args.key_id, reason=args.reason)
    print(say(args, "key_retired_done", fingerprint=info.fingerprint, name=clean(info.name)))
    return 0


def _export(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        pem = key_service.export_public_key(desk, args.key_id)
    if args.out:
        try:
            Path(args.out).write_text(pem, encoding="ascii")
        except OSError as exc:
            raise ReedeskError.coded("keys_write", out=args.out, strerror=exc.strerror) from None
    else:
        print(pem, end="")
    return 0


def _trust(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        info = key_service.trust_key(desk, args.label, Path(args.file))
    print(say(args, "key_trusting", label=clean(info.label), fingerprint=info.fingerprint))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``keys create|list|rotate|retire|export|trust``."""
    keys = subparsers.add_parser("keys", help="signing identities and trusted public keys")
    sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", parser_class=type(keys))
    keys.set_defaults(handler=lambda _args: (keys.print_help(), 2)[1])

    create = sub.add_parser(
        "create", help="create a signing identity (passphrase from REEDESK_PASSPHRASE or a prompt)",
        description="Create an Ed25519 signing identity. The private key is stored encrypted with your passphrase "
        "(at least 8 characters, not one of the commonest) in REEDESK_HOME/keys; name, role and organisation appear on every signature.",
    )
    create.add_argument("--name", required=True, help="the signer's full name, as printed on signatures")
    create.add_argument("--role", required=True, help='the signer\'s role, e.g. "Export-control consultant"')
    create.add_argument("--org", required=True, help="the signer's organisation")
    add_language_option(create)
    create.set_defaults(handler=_create)

    listing = sub.add_parser("list", help="list identities and trusted keys")
    listing.add_argument("--json", action="store_true")
    add_language_option(listing)
    listing.set_defaults(handler=_list)

    rotate = sub.add_parser(
        "rotate", help="replace a key with a new one in one step (passphrase from REEDESK_PASSPHRASE or a prompt)",
        description="Create a new signing identity and retire the old one in one atomic step, so there is never a "
        "moment without an active key. Name, role and organisation stay unless given; the old key's signatures still verify.",
    )
    rotate.add_argument("key_id", metavar="ID", help="key id, fingerprint or unique prefix of the key to replace")
    rotate.add_argument("--name", help="a new name (default: the old identity's)")
    rotate.add_argument("--role", help="a new role (default: the old identity's)")
    rotate.add_argument("--org", help="a new organisation (default: the old identity's)")
    rotate.add_argument("--reason", help="why (recorded in the audit trail)")
    add_language_option(rotate)
    rotate.set_defaults(handler=_rotate)

    retire = sub.add_parser("retire", help="stop a key from signing (its signatures stay verifiable)")
    retire.add_argument("key_id", metavar="ID", help="key id, fingerprint or unique prefix")
    retire.add_argument("--reason", help="why (recorded in the audit trail)")
    retire.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts); without it a terminal is asked")
    add_language_option(retire)
    retire.set_defaults(handler=_retire)

    export = sub.add_parser(
        "export", help="print an identity's public key (PEM)",
        description="Print (or write with --out) the public key of one of your identities as PEM, "
        "for a reviewer to trust with `reedesk keys trust`.",
    )
    export.add_argument("key_id", metavar="ID", help="key id, fingerprint or unique prefix (see `reedesk keys list`)")
    export.add_argument("--out", help="write to this file instead of stdout")
    add_language_option(export)
    export.set_defaults(handler=_export)

    trust = sub.add_parser("trust", help="trust someone else's public key (PEM file)")
    trust.add_argument("file", metavar="FILE", help="the PEM file of the public key")
    trust.add_argument("--label", required=True, help="whose key it is, e.g. name and organisation")
    add_language_option(trust)
    trust.set_defaults(handler=_trust)

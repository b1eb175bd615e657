"""``reedesk org …``: organisation keys that certify their people's signing keys (issue 11, point 3).

    reedesk org certify PERSON.pem --name N --role R --org O --by ORG_KEY --out CERT.json   (organisation's desk)
    reedesk org revoke KEY_ID --from DATE --reason TEXT --by ORG_KEY --out REVOCATION.json (organisation's desk)
    reedesk org add-certificate CERT.json                                                  (the person's desk)
    reedesk org trust ORG.pem --label L                                                    (the reader's desk)
    reedesk org add-revocation REVOCATION.json                                             (the reader's desk)

The organisation key is an ordinary reedesk identity on the organisation's desk
(`reedesk keys create --name "Lotus Magnetics" --role "Organisation key" --org "Lotus Magnetics"`);
its public key is what readers trust (`reedesk keys export`).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _write(out: Path, envelope: dict) -> None:
    from reedesk.errors import ReedeskError

    if out.exists():
        raise ReedeskError.coded("org_already_exists_choose_another", out=out)
    try:
        out.write_text(json.dumps(envelope, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ReedeskError.coded("org_could_written", out=out, value=exc.strerror or exc) from None


def _certify(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env, read_passphrase
    from reedesk.services.organisation import certify

    with desk_from_env() as desk:
        envelope = certify(desk, args.by, read_passphrase(language=args.language), args.file, name=args.name, role=args.role, organisation=args.org,
                           valid_from=args.valid_from)
    _write(args.out, envelope)
    from reedesk.cli.common import say

    print(say(args, "org_certificate_written", out=args.out, name=args.name, file=args.out.name))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env, read_passphrase
    from reedesk.services.organisation import revoke

    with desk_from_env() as desk:
        envelope = revoke(desk, args.by, read_passphrase(language=args.language), args.key, revoked_from=args.from_date, reason=args.reason)
    _write(args.out, envelope)
    from reedesk.cli.common import say

    print(say(args, "org_revocation_written", out=args.out, file=args.out.name, date=args.from_date))
    return 0


def _add_certificate(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env
    from reedesk.services.organisation import add_certificate

    with desk_from_env() as desk:
        payload = add_certificate(desk, args.file)
    subject = payload.get("subject") or {}
    from reedesk.cli.common import say

    print(say(args, "org_certificate_kept", name=subject.get("name"), organisation=payload.get("organisation")))
    return 0


def _trust(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env
    from reedesk.services.organisation import trust_organisation

    with desk_from_env() as desk:
        printed = trust_organisation(desk, args.label, args.file)
    from reedesk.cli.common import say

    print(say(args, "org_trusted", fingerprint=printed, label=args.label))
    return 0


def _add_revocation(args: argparse.Namespace) -> int:
    from reedesk.cli.common import desk_from_env
    from reedesk.services.organisation import add_revocation

    with desk_from_env() as desk:
        payload = add_revocation(desk, args.file)
    from reedesk.cli.common import say

    print(say(args, "org_revocation_kept", key=str(payload.get("subject_key_id"))[:16], date=payload.get("revoked_from")))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``org certify|revoke|add-certificate|trust|add-revocation``."""
    from reedesk.cli.common import add_language_option

    org = subparsers.add_parser("org", help="organisation keys that certify their signers' keys")
    sub = org.add_subparsers(dest="org_command", metavar="COMMAND", parser_class=type(org))
    certify = sub.add_parser("certify", help="certify a person's public key with this desk's organisation key")
    certify.add_argument("file", metavar="PERSON.pem", help="the person's public key (`reedesk keys export` on their desk)")
    certify.add_argument("--name", required=True)
    certify.add_argument("--role", required=True)
    certify.add_argument("--org", required=True, help="the person's organisation, exactly as their identity names it")
    certify.add_argument("--by", required=True, metavar="ORG_KEY", help="the organisation identity (key id or fingerprint)")
    certify.add_argument("--valid-from", type=_date, default=None, metavar="DATE")
    certify.add_argument("--out", required=True, type=Path, metavar="CERT.json")
    add_language_option(certify)
    certify.set_defaults(handler=_certify)
    revoke = sub.add_parser("revoke", help="revoke a certified key from a date on")
    revoke.add_argument("key", metavar="KEY_ID", help="the full key id of the person's key")
    revoke.add_argument("--from", dest="from_date", required=True, type=_date, metavar="DATE")
    revoke.add_argument("--reason", required=True)
    revoke.add_argument("--by", required=True, metavar="ORG_KEY")
    revoke.add_argument("--out", required=True, type=Path, metavar="REVOCATION.json")
    add_language_option(revoke)
    revoke.set_defaults(handler=_revoke)
    add_cert = sub.add_parser("add-certificate", help="keep your organisation's certificate of your key (packs then carry it)")
    add_cert.add_argument("file", type=Path, metavar="CERT.json")
    add_language_option(add_cert)
    add_cert.set_defaults(handler=_add_certificate)
    trust = sub.add_parser("trust", help="trust an organisation key (confirm its fingerprint out of band first)")
    trust.add_argument("file", metavar="ORG.pem")
    trust.add_argument("--label", required=True)
    add_language_option(trust)
    trust.set_defaults(handler=_trust)
    add_rev = sub.add_parser("add-revocation", help="honour an organisation's revocation from its date on")
    add_rev.add_argument("file", type=Path, metavar="REVOCATION.json")
    add_language_option(add_rev)
    add_rev.set_defaults(handler=_add_revocation)

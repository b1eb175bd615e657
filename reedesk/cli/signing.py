"""``reedesk sign REF --meaning M [--key ID] [--as-of DATE]`` (FORMATS.md)."""

from __future__ import annotations

import argparse

from reedesk.cli.common import add_language_option, desk_from_env, read_passphrase, say
from reedesk.services import signing as signing_service


def _sign(args: argparse.Namespace) -> int:
    with desk_from_env() as desk:
        determination_id = signing_service.latest_determination_id(desk, args.reference, args.as_of)
        signing_service.check_approval(desk, determination_id, args.meaning)  # four eyes: refused before the passphrase
        passphrase = read_passphrase(language=args.language)
        info = signing_service.sign_determination(desk, determination_id, args.key, passphrase, args.meaning)
    meaning = info.meaning
    if args.language != "en":  # the recorded words ("Prepared by") named in the reader's language
        from reedesk.vocabulary import known, label

        meaning = label("signature_meaning", info.meaning, args.language) if known("signature_meaning", info.meaning) else meaning
    print(say(args, "signed", determination=info.determination_id, reference=args.reference, meaning=meaning,
              name=info.signer_name, role=info.signer_role, organisation=info.signer_organisation,
              fingerprint=info.fingerprint, signed_at=info.signed_at))
    if info.tree_head_size is not None:
        print(say(args, "signed_checkpoint", size=info.tree_head_size))
    return 0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``sign``."""
    sign = subparsers.add_parser(
        "sign", help="sign the latest determination of a stored dossier",
        description="Sign the latest determination of the dossier's latest revision with your Ed25519 key "
        "(passphrase from REEDESK_PASSPHRASE or a prompt). The signature and a signed audit checkpoint are "
        "stored; a reviewer signing later also binds the earlier signatures. One key signs a determination "
        "once per meaning. Run `reedesk evaluate REF --as-of DATE` first.",
    )
    sign.add_argument("reference", metavar="REF", help="the dossier reference")
    sign.add_argument("--meaning", required=True, help='what the signature means, printed on the cover: e.g. "Prepared by" or "Reviewed and approved by"')
    sign.add_argument("--key", help="key id or fingerprint (default: the only active identity)")
    sign.add_argument("--as-of", dest="as_of", help="sign the determination made as of this date (YYYY-MM-DD)")
    add_language_option(sign)
    sign.set_defaults(handler=_sign)

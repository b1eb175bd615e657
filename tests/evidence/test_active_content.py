"""Active content is refused whether or not the signature covers it (issue 11, point 4).

Each test builds a *correctly signed* pack whose pages carry one kind of active content
(injected into the pages before signing, as a malicious exporter's tool would), so only
the ``no_active_content`` check stands between it and "VALID".
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Callable

import pytest

from reedesk.evidence.verifier import verify_bytes

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
SIGNER = {"name": "Mai Tran", "role": "Compliance officer", "organisation": "Lotus Magnetics Co., Ltd."}


def signed_with(exported, inject: Callable) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from reedesk.evidence.builder import _metadata
    from reedesk.evidence.layout import render_pages
    from reedesk.evidence.pdfsign import embed_and_sign
    from reedesk.evidence.reader import contents_from_pack, parse_pack

    contents = contents_from_pack(parse_pack(exported["bytes"]))
    writer = IncrementalPdfFileWriter(io.BytesIO(render_pages(contents)))
    inject(writer, generic)
    pages = io.BytesIO()
    writer.write(pages)
    return embed_and_sign(pages.getvalue(), contents.files(), exported["private_key"], signer_name=SIGNER["name"],
                          organisation=SIGNER["organisation"], role=SIGNER["role"], reason="test", now=NOW,
                          metadata=_metadata(contents))


def _page(writer):
    ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    return ref, ref.get_object()


def _annotation(writer, generic, entries: dict) -> None:
    ref, page = _page(writer)
    annot = generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/Annot"),
                                      generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 600, 800)]),
                                      **entries})
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(annot)])
    writer.mark_update(ref)


def _action(generic, kind: str, **extra) -> object:
    return generic.DictionaryObject({generic.NameObject("/S"): generic.NameObject(kind), **{
        generic.NameObject("/" + k): v for k, v in extra.items()}})


def javascript(writer, generic):
    js = _action(generic, "/JavaScript", JS=generic.TextStringObject("app.alert('VALID')"))
    tree = generic.DictionaryObject({generic.NameObject("/Names"): generic.ArrayObject([generic.TextStringObject("a"), writer.add_object(js)])})
    names = writer.root.get("/Names")
    names = names.get_object() if names is not None else generic.DictionaryObject()
    names[generic.NameObject("/JavaScript")] = writer.add_object(tree)
    writer.root[generic.NameObject("/Names")] = names
    writer.update_root()


def launch(writer, generic):
    _annotation(writer, generic, {generic.NameObject("/Subtype"): generic.NameObject("/Link"),
                                  generic.NameObject("/A"): _action(generic, "/Launch", F=generic.TextStringObject("calc.exe"))})


def open_action(writer, generic):
    ref, _ = _page(writer)
    writer.root[generic.NameObject("/OpenAction")] = generic.ArrayObject([ref, generic.NameObject("/Fit")])
    writer.update_root()


def additional_actions(writer, generic):
    ref, page = _page(writer)
    page[generic.NameObject("/AA")] = generic.DictionaryObject({generic.NameObject("/O"): _action(generic, "/GoTo", D=generic.ArrayObject([ref, generic.NameObject("/Fit")]))})
    writer.mark_update(ref)


def rich_media(writer, generic):
    _annotation(writer, generic, {generic.NameObject("/Subtype"): generic.NameObject("/RichMedia")})


def uri(writer, generic):
    _annotation(writer, generic, {generic.NameObject("/Subtype"): generic.NameObject("/Link"),
                                  generic.NameObject("/A"): _action(generic, "/URI", URI=generic.TextStringObject("https://tracker.invalid/opened"))})


@pytest.mark.parametrize("inject", [javascript, launch, open_action, additional_actions, rich_media, uri],
                         ids=["javascript", "launch", "openaction", "aa", "richmedia", "uri"])
def test_a_signed_pack_with_active_content_is_invalid(exported, inject):
    data = signed_with(exported, inject)
    report = verify_bytes(data, trusted_key_ids=[exported["identity"].key_id])
    assert report.exit_code == 1, report.as_dict()
    assert [c.name for c in report.failed] == ["no_active_content"], report.as_dict()["failed"]
    assert report.check("pdf_signature_intact").ok  # the content is signed: the signature alone would accept it


def test_the_same_build_without_injection_is_valid(exported):
    """Control: the helper itself makes a valid pack, so each refusal above is the injection's."""
    report = verify_bytes(signed_with(exported, lambda writer, generic: None), trusted_key_ids=[exported["identity"].key_id])
    assert report.exit_code == 0, report.as_dict()
    assert report.check("no_active_content").ok

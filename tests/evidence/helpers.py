"""Shared test helpers: a signing identity, an exported pack, and ways to tamper with PDFs.

The tampering helpers act the way an attacker with a PDF library would: replace an
embedded file in an incremental update, append an update, flip a byte.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PASSPHRASE = "correct horse battery staple"
SAMPLE_REFERENCES = {
    "smco-magnet-vietnam": "LM-2026-0042",
}


def make_identity(desk: Any, name: str = "Mai Tran", role: str = "Compliance officer", organisation: str = "Lotus Magnetics Co., Ltd.") -> Any:
    from reedesk.services.keys import create_identity

    return create_identity(desk, name, role, organisation, PASSPHRASE)


def export(desk: Any, source: str, out: Path, *, as_of: date = date(2026, 11, 25), language: str = "en", key_id: str | None = None, **kwargs: Any) -> Any:
    from reedesk.services.evidence import export_pack

    return export_pack(desk, source, as_of, kwargs.pop("meaning", "Prepared by"), out, key_id=key_id, passphrase=PASSPHRASE, language=language, **kwargs)


def signed_ranges(pdf: bytes) -> list[tuple[int, int]]:
    """The byte ranges covered by the (last) signature, from its /ByteRange."""
    match = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf))[-1]
    a, b, c, d = (int(x) for x in match.groups())
    return [(a, a + b), (c, c + d)]


def flip(pdf: bytes, offset: int) -> bytes:
    data = bytearray(pdf)
    data[offset] ^= 0x01
    return bytes(data)


def _spec_for(writer: Any, name: str) -> tuple[Any, Any]:
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    for i in range(0, len(names), 2):
        if str(names[i]) == name:
            ref = names.raw_get(i + 1)
            return ref, ref.get_object()
    raise KeyError(name)


def replace_embedded(pdf: bytes, replacements: dict[str, bytes]) -> bytes:
    """Append an incremental update that swaps the data of embedded files (keeps names, MIME)."""
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for name, data in replacements.items():
        ref, spec = _spec_for(writer, name)
        old = spec["/EF"]["/F"]
        mime = str(old.get("/Subtype"))[1:] if old.get("/Subtype") is not None else None
        stream = embed.EmbeddedFileObject.from_file_data(writer, data, mime_type=mime)
        spec["/EF"]["/F"] = stream.ef_stream_ref
        spec["/EF"]["/UF"] = stream.ef_stream_ref
        writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def append_update(pdf: bytes) -> bytes:
    """Append an innocent-looking incremental update (a changed document title)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A real desk with an identity, and the pack of the Sm-Co sample exported from it (once per module)."""
    from reedesk.services.desk import open_desk
    from reedesk.services.keys import unlock

    root = tmp_path_factory.mktemp("evidence")
    desk = open_desk(root / "home")
    try:
        identity = make_identity(desk)
        out = root / "LM-2026-0042.pdf"
        result = export(desk, "LM-2026-0042", out)
        private_key = unlock(desk, identity.key_id, PASSPHRASE)
    finally:
        desk.close()
    return {"path": out, "bytes": out.read_bytes(), "result": result, "identity": identity, "private_key": private_key, "root": root}

"""Read an evidence pack back: its embedded files, its PDF signatures and its cover text.

Reviewers open files from strangers, so this module treats every byte as hostile:
size limits on the file and on every decompressed stream, bounded recursion in
name trees, and every parser failure becomes :class:`PackUnreadable` (exit 2),
never a traceback.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from reedesk.domain.dossier_file import canonical_bytes
from reedesk.errors import ReedeskError
from reedesk.evidence.contents import MANIFEST_NAME, PACK_FORMAT

if TYPE_CHECKING:
    from reedesk.evidence.contents import PackContents

MAX_PACK_BYTES = 200 * 1024 * 1024
MAX_EMBEDDED_BYTES = 64 * 1024 * 1024
MAX_NAME_TREE_DEPTH = 8
MAX_EMBEDDED_FILES = 2000


class PackUnreadable(ReedeskError):
    """The file is not a readable PDF, or not a reedesk evidence pack."""


@dataclass(frozen=True)
class EmbeddedEntry:
    name: str
    data: bytes | None  # None when the stream cannot be decoded (see ``error``)
    mime: str | None
    relationship: str | None
    associated: bool  # listed in the catalog's /AF array
    error: str | None = None


@dataclass
class PackFile:
    """A parsed pack; ``reader`` is pyHanko's reader over ``data``."""

    source: str
    data: bytes
    reader: Any
    files: dict[str, EmbeddedEntry]
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)  # oddities worth reporting but not fatal

    def json_file(self, name: str) -> Any:
        entry = self.files.get(name)
        if entry is None or entry.data is None:
            return None
        try:
            return json.loads(entry.data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


@contextmanager
def quiet_pdf_libraries() -> Iterator[None]:
    """pyHanko and pypdf log tracebacks for malformed input; the verifier reports instead."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator", "pypdf")]
    saved = [(lg, lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
        lg.propagate = False
    try:
        yield
    finally:
        for lg, level, propagate in saved:
            lg.setLevel(level)
            lg.propagate = propagate


def read_pack_bytes(path: Path) -> bytes:
    """The file's bytes, refusing anything but a regular file of bounded size.

    ``/dev/zero``, a FIFO or a socket would otherwise be read forever (or block on open):
    the type is checked with ``stat`` before opening, and at most ``MAX_PACK_BYTES + 1``
    bytes are read whatever the size claims (issue 10, point 14)."""
    import stat as stat_mod

    try:
        info = path.stat()
    except OSError as exc:
        raise PackUnreadable.coded("reader_read", path=path, value=exc.strerror or exc) from None
    if not stat_mod.S_ISREG(info.st_mode):
        if stat_mod.S_ISDIR(info.st_mode):
            raise PackUnreadable.coded("reader_folder_not_pdf", path=path)
        raise PackUnreadable.coded("reader_device_not_pdf", path=path)
    if info.st_size > MAX_PACK_BYTES:
        raise PackUnreadable.coded("reader_bytes_larger_than_evidence", path=path, st_size=info.st_size, max_pack_bytes=MAX_PACK_BYTES)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise PackUnreadable.coded("reader_read", path=path, value=exc.strerror or exc) from None
    if len(data) > MAX_PACK_BYTES:
        raise PackUnreadable.coded("reader_larger_than_evidence_pack", path=path, max_pack_bytes=MAX_PACK_BYTES)
    return data


def open_pack(path: Path | str) -> PackFile:
    """Read and parse ``path``; :class:`PackUnreadable` if it is not a reedesk pack."""
    path = Path(path)
    return parse_pack(read_pack_bytes(path), str(path))


def parse_pack(data: bytes, source: str = "the pack") -> PackFile:
    if not data.lstrip()[:5].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise PackUnreadable.coded("reader_pdf_file_pdf_header", source=source)
    with quiet_pdf_libraries():
        try:
            from pyhanko.pdf_utils.reader import PdfFileReader

            reader = PdfFileReader(io.BytesIO(data), strict=False)
            root = reader.root
            files = _embedded_files(reader, root)
        except PackUnreadable:
            raise
        except RecursionError:
            raise PackUnreadable.coded("reader_readable_pdf_object_structure", source=source) from None
        except Exception as exc:  # noqa: BLE001 — any parser failure on hostile input is "unreadable"
            raise PackUnreadable.coded("reader_readable_pdf", source=source, __name__=type(exc).__name__, short=_short(exc)) from None
    manifest_entry = files.get(MANIFEST_NAME)
    if manifest_entry is None:
        raise PackUnreadable.coded("reader_pdf_but_reedesk_evidence", source=source, manifest_name=MANIFEST_NAME)
    problems: list[str] = []
    manifest: Any = None
    if manifest_entry.data is None:
        problems.append(f"{MANIFEST_NAME}: {manifest_entry.error}")
    else:
        try:
            manifest = json.loads(manifest_entry.data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            problems.append(f"the embedded {MANIFEST_NAME} is not JSON")
    if manifest is not None and (not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT):
        raise PackUnreadable.coded("reader_embedded_manifest", source=source, manifest_name=MANIFEST_NAME, pack_format=PACK_FORMAT)
    return PackFile(source=source, data=data, reader=reader, files=files, manifest=manifest or {}, problems=problems)


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return text[:160] + ("…" if len(text) > 160 else "")


def _embedded_files(reader: Any, root: Any) -> dict[str, EmbeddedEntry]:
    from pyhanko.pdf_utils import generic

    associated: set[int] = set()
    af = root.get("/AF") if isinstance(root, generic.DictionaryObject) else None
    if af is not None:
        af = af.get_object()
        if isinstance(af, generic.ArrayObject):
            for i in range(len(af)):
                item = af.raw_get(i)
                if isinstance(item, generic.IndirectObject):
                    associated.add(item.idnum)
    names_dict = root.get("/Names")
    if names_dict is None:
        return {}
    names_dict = names_dict.get_object()
    if not isinstance(names_dict, generic.DictionaryObject) or "/EmbeddedFiles" not in names_dict:
        return {}
    pairs: list[tuple[str, Any]] = []
    _walk_name_tree(names_dict["/EmbeddedFiles"], pairs, 0)
    files: dict[str, EmbeddedEntry] = {}
    for key, spec_ref in pairs:
        spec = spec_ref.get_object()
        if not isinstance(spec, generic.DictionaryObject):
            continue
        ef = spec.get("/EF")
        ef = ef.get_object() if ef is not None else None
        if not isinstance(ef, generic.DictionaryObject):
            continue
        stream = (ef.get("/UF") or ef.get("/F"))
        stream = stream.get_object() if stream is not None else None
        if not isinstance(stream, generic.StreamObject):
            continue
        name = str(key)
        if name in files:
            raise PackUnreadable.coded("reader_pack_embeds_two_files", name=name)
        subtype = stream.get("/Subtype")
        relationship = spec.get("/AFRelationship")
        try:
            data, error = _stream_data(stream, name), None
        except PackUnreadable as exc:  # a damaged stream in a pack is evidence of tampering, not "unreadable"
            data, error = None, str(exc)
        files[name] = EmbeddedEntry(
            name=name,
            data=data,
            error=error,
            mime=str(subtype)[1:] if subtype is not None else None,
            relationship=str(relationship)[1:] if relationship is not None else None,
            associated=isinstance(spec_ref, generic.IndirectObject) and spec_ref.idnum in associated,
        )
        if len(files) > MAX_EMBEDDED_FILES:
            raise PackUnreadable.coded("reader_pack_embeds_more_files")
    return files


def _walk_name_tree(node_ref: Any, out: list[tuple[str, Any]], depth: int) -> None:
    from pyhanko.pdf_utils import generic

    if depth > MAX_NAME_TREE_DEPTH:
        raise PackUnreadable.coded("reader_embedded_files_name_tree")
    node = node_ref.get_object()
    if not isinstance(node, generic.DictionaryObject):
        return
    names = node.get("/Names")
    if names is not None:
        names = names.get_object()
        if isinstance(names, generic.ArrayObject):
            for i in range(0, len(names) - 1, 2):
                key = names[i].get_object()
                if isinstance(key, (generic.TextStringObject, generic.ByteStringObject)):
                    out.append((str(key) if isinstance(key, generic.TextStringObject) else key.original_bytes.decode("latin-1"), names.raw_get(i + 1)))
    kids = node.get("/Kids")
    if kids is not None:
        kids = kids.get_object()
        if isinstance(kids, generic.ArrayObject):
            for kid in kids[:MAX_EMBEDDED_FILES]:
                _walk_name_tree(kid, out, depth + 1)


def _stream_data(stream: Any, name: str) -> bytes:
    """Decode an embedded stream with a hard size limit (FlateDecode or no filter only)."""
    from pyhanko.pdf_utils import generic

    encoded = stream.encoded_data
    filters = stream.get("/Filter")
    if filters is None:
        chain: list[str] = []
    elif isinstance(filters, generic.NameObject):
        chain = [str(filters)]
    elif isinstance(filters, generic.ArrayObject):
        chain = [str(f) for f in filters]
    else:
        raise PackUnreadable.coded("reader_embedded_file_malformed_filter", name=name)
    if chain not in ([], ["/FlateDecode"]) or stream.get("/DecodeParms") not in (None, generic.NullObject()):
        raise PackUnreadable.coded("reader_embedded_file_uses_filters", name=name, chain=chain)
    if len(encoded) > MAX_EMBEDDED_BYTES:
        raise PackUnreadable.coded("reader_embedded_file_too_large", name=name)
    if not chain:
        return bytes(encoded)
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(bytes(encoded), MAX_EMBEDDED_BYTES)
    except zlib.error:
        raise PackUnreadable.coded("reader_embedded_file_valid_compressed", name=name) from None
    if inflater.unconsumed_tail:
        raise PackUnreadable.coded("reader_embedded_file_decompresses_more", name=name, max_embedded_bytes=MAX_EMBEDDED_BYTES)
    return data


def first_page_text(pack: PackFile) -> str | None:
    """Text of the cover as a reader's PDF viewer would extract it (pypdf): page 1, and
    page 2 too when the machine line is not on page 1; None if impossible."""
    from reedesk.evidence.layout_marks import COVER_MARK

    with quiet_pdf_libraries():
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(pack.data), strict=False)
            if len(reader.pages) < 1:
                return None
            text = reader.pages[0].extract_text() or ""
            if COVER_MARK not in text and len(reader.pages) > 1:  # a long cover runs onto page 2
                text += "\n" + (reader.pages[1].extract_text() or "")
            return text
        except RecursionError:
            return None
        except Exception:  # noqa: BLE001 — hostile content: report "cannot read the cover" instead
            return None


def contents_from_pack(pack: PackFile) -> "PackContents":
    """Rebuild :class:`PackContents` from a pack's embedded files (unverified!).

    Lets a reviewer view re-render a pack in another language, and lets tests make
    deliberately altered copies; call the verifier first when the contents matter.
    """
    from reedesk.evidence.contents import (
        AUDIT_PROOFS_NAME,
        DETERMINATION_NAME,
        ENVELOPE_PREFIX,
        ENVELOPE_SUFFIX,
        PACK_PREFIX,
        PUBLIC_KEYS_NAME,
        PackContents,
    )

    determination = pack.json_file(DETERMINATION_NAME)
    if not isinstance(determination, dict):
        raise PackUnreadable.coded("reader_readable", source=pack.source, determination_name=DETERMINATION_NAME)
    envelope_names = sorted(
        (n for n in pack.files if n.startswith(ENVELOPE_PREFIX) and n.endswith(ENVELOPE_SUFFIX)),
        key=lambda n: (len(n), n),
    )
    keys_doc = pack.json_file(PUBLIC_KEYS_NAME) or {}
    keys = keys_doc.get("keys") if isinstance(keys_doc, dict) else {}
    public_keys, labels = {}, {}
    for key_id, entry in (keys or {}).items():
        if isinstance(entry, dict):
            public_keys[key_id] = str(entry.get("public_key_hex"))
            labels[key_id] = {k: v for k, v in entry.items() if k != "public_key_hex"}
    rule_packs = []
    for ref in determination.get("packs") or []:
        for name, entry in pack.files.items():
            if name.startswith(PACK_PREFIX) and entry.data is not None and isinstance(ref, dict):
                if _pack_name_matches(name, ref):
                    text = entry.data.decode("utf-8", errors="replace")
                    rule_packs.append({"id": ref.get("id"), "version": ref.get("version"), "sha256": ref.get("sha256"), "source_text": text})
                    break
    return PackContents(
        document_id=str(pack.manifest.get("document_id") or ""),
        language=str(pack.manifest.get("language") or "en"),
        created_at=str(pack.manifest.get("created_at") or ""),
        determination=determination,
        determination_sha256=hashlib.sha256(canonical_bytes(determination)).hexdigest(),
        envelopes=[e for e in (pack.json_file(n) for n in envelope_names) if isinstance(e, dict)],
        public_keys=public_keys,
        rule_packs=rule_packs,
        audit_proofs=pack.json_file(AUDIT_PROOFS_NAME),
        key_labels=labels,
        org_certificates=[c for c in ((pack.json_file("org-certificates.json") or {}).get("certificates") or []) if isinstance(c, dict)],
        head_key_certificate=pack.json_file("head-key-certificate.json"),  # a team pack's (reedesk.evidence.head_certificate)
        snapshot=_pack_snapshot(pack),  # shape 4 determinations carry none: the pack's dossier-snapshot.json
    )


def _pack_snapshot(pack: Any) -> dict[str, Any] | None:
    from reedesk.evidence.contents import SNAPSHOT_NAME

    snapshot = pack.json_file(SNAPSHOT_NAME) if SNAPSHOT_NAME in pack.files else None
    return snapshot if isinstance(snapshot, dict) else None


def _pack_name_matches(name: str, ref: dict[str, Any]) -> bool:
    from reedesk.evidence.contents import pack_file_name

    return name == pack_file_name(ref)

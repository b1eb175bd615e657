"""Reading packs: hostile bytes never crash the reader (Hypothesis), limits hold, contents round-trip."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reedesk.evidence import reader
from reedesk.evidence.reader import PackUnreadable, contents_from_pack, parse_pack
from reedesk.evidence.verifier import verify_bytes

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_are_unreadable_not_a_crash(data):
    with pytest.raises(PackUnreadable):
        parse_pack(data, "random.bin")
    assert verify_bytes(data).exit_code == 2


@FUZZ
@given(st.binary(max_size=2048))
def test_pdf_header_followed_by_garbage_is_unreadable(data):
    report = verify_bytes(b"%PDF-1.7\n" + data + b"\n%%EOF\n")
    assert report.exit_code == 2
    assert report.unreadable


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_packs_give_a_verdict_never_a_traceback(exported, data):
    pdf = bytearray(exported["bytes"])
    for _ in range(data.draw(st.integers(1, 4))):
        offset = data.draw(st.integers(0, len(pdf) - 1))
        pdf[offset] = data.draw(st.integers(0, 255))
    report = verify_bytes(bytes(pdf))
    if bytes(pdf) != exported["bytes"]:
        assert report.exit_code in (1, 2)


def test_an_embedded_file_larger_than_the_limit_is_refused_not_inflated(exported, monkeypatch):
    monkeypatch.setattr(reader, "MAX_EMBEDDED_BYTES", 512)
    report = verify_bytes(exported["bytes"])
    assert report.exit_code == 1
    assert "embedded_files" in {c.name for c in report.failed}
    reason = report.check("embedded_files").reason
    assert "decompresses to more than 512 bytes" in reason or "is too large" in reason


def test_contents_round_trip_to_the_same_files(exported):
    pack = parse_pack(exported["bytes"])
    contents = contents_from_pack(pack)
    rebuilt = {f.name: f.data for f in contents.files()}
    assert set(rebuilt) == set(pack.files)
    for name, data in rebuilt.items():
        assert pack.files[name].data == data, name
    assert all(entry.associated for entry in pack.files.values())
    assert pack.files["determination.json"].mime == "application/json"
    assert pack.files["determination.json"].relationship == "Source"
    assert pack.files["signed-determination-1.dsse.json"].mime == "application/vnd.dsse.envelope+json"


def test_the_pdf_declares_associated_files_in_the_catalog(exported):
    pdf = exported["bytes"]
    assert b"/AF " in pdf or b"/AF[" in pdf
    assert b"/AFRelationship /Source" in pdf and b"/AFRelationship /Supplement" in pdf
    assert b"/Subtype /application#2Fjson" in pdf


def test_the_pack_names_itself_in_its_metadata(exported):
    pack = parse_pack(exported["bytes"])
    info = pack.reader.trailer["/Info"]
    result = exported["result"]
    assert str(info["/Title"]) == "Export-control evidence pack — LM-2026-0042"
    assert str(info["/Author"]) == "Mai Tran"
    assert result.document_id in str(info["/Keywords"]) and result.determination_sha256 in str(info["/Keywords"])
    xmp = pack.reader.root["/Metadata"].get_object().data.decode("utf-8")
    assert result.document_id in xmp and "Export-control evidence pack" in xmp


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["outcome", "dossier", "findings", "packs", "figures", "ratio", "snapshot", "sha256", "x"]), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_json)
def test_hostile_embedded_json_gives_failed_checks_not_a_crash(exported, document):
    """An attacker who rewrites the embedded determination, manifest or proofs with any JSON at all."""
    import json as _json_module

    from tests.evidence.helpers import replace_embedded

    data = _json_module.dumps(document).encode("utf-8")
    for name in ("determination.json", "audit-proofs.json", "public-keys.json"):
        report = verify_bytes(replace_embedded(exported["bytes"], {name: data}))
        assert report.exit_code == 1, (name, report.as_dict())

"""Find active content in a PDF: anything a viewer may run or open by itself.

A reedesk pack is a static document. JavaScript, Launch actions (start a program),
OpenAction and additional actions (/AA, run on open, page view, field focus…),
RichMedia (Flash/video players), URI actions (open a web page, which can leak that
and when the pack was opened), and the submit/import/remote-go-to actions could make a
genuine-looking, correctly signed pack do something its pages do not show — so the
verifier refuses them *whether or not they are covered by the signature*.

The walk starts at the trailer and at every object listed in any revision's
cross-reference table, and follows every reference (each object once, bounded in count
and depth), so nothing a viewer could reach is skipped — not even unreferenced objects.
"""

from __future__ import annotations

from typing import Any

MAX_OBJECTS = 200_000
MAX_DEPTH = 200

# Action types (/S) a pack never contains.
FORBIDDEN_ACTIONS = {
    "/JavaScript": "a JavaScript action",
    "/Launch": "a Launch action (starts a program or opens a file)",
    "/URI": "a URI action (opens a web address)",
    "/SubmitForm": "a SubmitForm action (sends data)",
    "/ImportData": "an ImportData action",
    "/GoToR": "a remote go-to action (opens another file)",
    "/GoToE": "an embedded go-to action",
    "/Rendition": "a Rendition action (plays media)",
    "/Movie": "a Movie action",
    "/Sound": "a Sound action",
    "/RichMediaExecute": "a RichMediaExecute action",
}
# Dictionary keys a pack never contains, whatever their value.
FORBIDDEN_KEYS = {
    "/JS": "JavaScript code (/JS)",
    "/JavaScript": "a JavaScript name tree or entry",
    "/OpenAction": "an action run when the document opens (/OpenAction)",
    "/AA": "additional actions run on events (/AA)",
    "/RichMediaContent": "RichMedia content",
    "/RichMediaSettings": "RichMedia settings",
    "/Launch": "a Launch entry",
}
FORBIDDEN_SUBTYPES = {"/RichMedia": "a RichMedia annotation", "/Movie": "a Movie annotation", "/Sound": "a Sound annotation",
                      "/Screen": "a Screen annotation (plays media)", "/3D": "a 3D annotation (may carry scripts)"}


def active_content(reader: Any) -> list[str]:
    """Sentences naming each kind of active content found (empty: none), first 10."""
    from pyhanko.pdf_utils import generic

    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, int, str]] = [(reader.trailer_view, 0, "trailer")]
    try:  # every object any revision lists, referenced or not
        for revision in range(min(int(reader.xrefs.total_revisions), 64)):
            for ref in list(reader.xrefs.explicit_refs_in_revision(revision))[:MAX_OBJECTS]:
                stack.append((generic.IndirectObject(ref.idnum, ref.generation, reader), 0, f"object {ref.idnum}"))
    except Exception:  # noqa: BLE001 — a damaged xref: the trailer walk still runs
        pass
    count = 0
    while stack and len(found) < 10:
        value, depth, where = stack.pop()
        if isinstance(value, generic.IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if count > MAX_OBJECTS:
                found.append("the PDF has more objects than any reedesk pack; it was not checked in full")
                break
            where = f"object {value.idnum}"
            try:
                value = value.get_object()
            except Exception:  # noqa: BLE001 — a dangling reference is not active content
                continue
        if depth > MAX_DEPTH:
            found.append(f"{where} nests deeper than any reedesk pack")
            break
        if isinstance(value, generic.DictionaryObject):  # StreamObject is one too
            _inspect(value, where, found)
            for name in list(value.keys()):
                try:
                    stack.append((value.raw_get(name), depth + 1, where))
                except Exception:  # noqa: BLE001
                    continue
        elif isinstance(value, generic.ArrayObject):
            for index in range(len(value)):
                try:
                    stack.append((value.raw_get(index), depth + 1, where))
                except Exception:  # noqa: BLE001
                    continue
    return found


def _inspect(value: Any, where: str, found: list[str]) -> None:
    for key, label in FORBIDDEN_KEYS.items():
        if key in value:
            found.append(f"{label} in {where}")
    action = value.get("/S") if "/S" in value else None
    if action is not None and str(action) in FORBIDDEN_ACTIONS:
        found.append(f"{FORBIDDEN_ACTIONS[str(action)]} in {where}")
    subtype = value.get("/Subtype") if "/Subtype" in value else None
    if subtype is not None and str(subtype) in FORBIDDEN_SUBTYPES and str(value.get("/Type", "/Annot")) == "/Annot":
        found.append(f"{FORBIDDEN_SUBTYPES[str(subtype)]} in {where}")

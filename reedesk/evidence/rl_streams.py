"""reportlab streams written the way PDF/A asks (ISO 19005-3, 6.1.7.1), so pyHanko need not rewrite them.

reportlab writes ``stream\\n<data>endstream``: no end-of-line marker before ``endstream``,
so a PDF/A validator finds /Length one byte off (or the EOL missing) for every compressed
stream. This writes ``<data>\\nendstream`` (``\\r\\n`` when the data itself ends with
``\\r``, so the EOL stays one marker and /Length exact — the same rule as
``pdfsign._EolGuard``). With it, reportlab's file can take the PDF/A parts and the signature
as incremental updates instead of being parsed and written out again (issue 13, export).
"""

from __future__ import annotations


def patch_reportlab_streams() -> None:
    """Install the EOL rule on reportlab's ``PDFStream.format`` (once per process)."""
    from reportlab.pdfbase import pdfdoc

    from reedesk.evidence.rl_patch import install_once

    install_once(pdfdoc.PDFStream, "format", _with_eol)


def _with_eol(original):  # noqa: ANN001, ANN202 — reportlab's method in, its replacement out
    def format(self, document):  # noqa: A001 — reportlab's method name
        out = original(self, document)
        if not out.endswith(b"endstream\n"):  # another reportlab version: leave it alone
            return out
        body = out[: -len(b"endstream\n")]
        eol = b"\r\n" if body.endswith(b"\r") else b"\n"
        return body + eol + b"endstream\n"

    return format

"""RFC 3161 signature timestamps for the PAdES signature, from the desk's own TSA.

A signature's time is otherwise the signer's own clock: anyone who can set their
computer's date can back-date a pack. A timestamp authority (a consultancy's own TSA
on its network, setting ``timestamp_url``) countersigns the signature value with its
time, so the pack then proves the signature existed at that moment — as far as the
reader trusts that TSA.

pyHanko's HTTP client needs ``aiohttp``; this one speaks the RFC 3161 HTTP transport
(``application/timestamp-query`` → ``application/timestamp-reply``) with the standard
library, so nothing is added to reedesk's dependencies.
"""

from __future__ import annotations

import asyncio
import urllib.request

from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper

MAX_RESPONSE_BYTES = 256 * 1024


class UrllibTimeStamper(TimeStamper):
    """An RFC 3161 client over ``urllib`` (HTTP POST, bounded response, no proxy from the environment)."""

    def __init__(self, url: str, *, timeout: float = 20.0):
        super().__init__()
        self.url = url
        self.timeout = timeout

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=self.timeout) as response:
            data = response.read(MAX_RESPONSE_BYTES + 1)
        if len(data) > MAX_RESPONSE_BYTES:
            raise OSError(f"the timestamp authority at {self.url} answered with more than {MAX_RESPONSE_BYTES} bytes")
        return data

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        data = await asyncio.to_thread(self._post, req.dump())
        return tsp.TimeStampResp.load(data)


def timestamp_summary(token: object) -> dict[str, str]:
    """``{"time", "tsa"}`` of a timestamp token (an asn1crypto ContentInfo), for the verifier's report."""
    signed = token["content"]  # type: ignore[index]
    info = signed["encap_content_info"]["content"].parsed
    certs = [c.chosen for c in signed["certificates"] or []]
    tsa = certs[0].subject.human_friendly if certs else "an unnamed timestamp authority"
    return {"time": info["gen_time"].native.isoformat(), "tsa": tsa}

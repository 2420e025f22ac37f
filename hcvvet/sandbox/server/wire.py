"""Wire-level helpers shared by the sandbox services: responses and MAST-style error bodies.

Every service handler returns a `Response`; the HTTP server only writes it out, so fault injection can
rewrite any response the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

CAS_NS = "http://Services.Cas.jhu.edu"
XML_TYPE = "text/xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"

# XML 1.0 cannot carry these characters at all, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Response:
    """An HTTP response. `body` is bytes, or an iterable of byte chunks for streamed results."""

    status: int = 200
    content_type: str = TEXT_TYPE
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)

    def materialize(self) -> bytes:
        """Return the whole body as bytes (consumes a streamed body)."""
        if isinstance(self.body, bytes):
            return self.body
        self.body = b"".join(self.body)
        return self.body

    def chunks(self) -> Iterator[bytes]:
        if isinstance(self.body, bytes):
            yield self.body
        else:
            yield from self.body


class ServiceError(Exception):
    """A client-visible error: the handler turns it into a response with `status` and `message`."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def xml_text(value: str) -> str:
    """Escape text for an XML element body, dropping characters XML cannot represent."""
    return escape(_XML_INVALID.sub("", value))


def xml_scalar(tag: str, value: str) -> Response:
    """ASMX HTTP-binding answer: one unprefixed element in the CasJobs namespace."""
    body = f'<?xml version="1.0" encoding="utf-8"?>\n<{tag} xmlns="{CAS_NS}">{xml_text(value)}</{tag}>'
    return Response(200, XML_TYPE, body.encode("utf-8"))


def casjobs_error(message: str, status: int = 500) -> Response:
    """The error body of an ASMX operation; `casjobs._parse_error` extracts `message` from it."""
    clean = message.replace("--->", "-->")
    body = (
        "System.Web.Services.Protocols.SoapException: Server was unable to process request. "
        f"---> System.Exception: {clean} ---> System.Data.SqlClient.SqlException: {clean}\n"
        "   at Cas.Services.Jobs.Execute()\n"
    )
    return Response(status, TEXT_TYPE, body.encode("utf-8"))


def text_error(message: str, status: int) -> Response:
    return Response(status, TEXT_TYPE, (message.rstrip("\n") + "\n").encode("utf-8"))


def parse_bool(value: str | None, default: bool = False) -> bool:
    """Parse the boolean spellings ASMX and fitscut accept (true/false, 1/0, yes/no, t/f)."""
    if value is None or value.strip() == "":
        return default
    v = value.strip().lower()
    if v in ("true", "1", "yes", "t", "y", "on"):
        return True
    if v in ("false", "0", "no", "f", "n", "off"):
        return False
    raise ServiceError(f"Invalid boolean value '{value}'")

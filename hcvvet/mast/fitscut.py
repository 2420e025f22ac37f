"""HLA fitscut.cgi: JPEG cutouts of one HLA image around a position."""

from __future__ import annotations

from . import http
from .errors import CutoutUnavailableError, MastError

SERVICE = "HLA fitscut"
JPEG_MAGIC = b"\xff\xd8\xff"


def fetch_cutout(
    image_name: str,
    ra_deg: float,
    dec_deg: float,
    *,
    size_px: int,
    zoom: float = 1.0,
    autoscale: float = 99.5,
    asinh: bool = True,
    url: str | None = None,
    timeout_seconds: float | None = None,
) -> bytes:
    """The JPEG bytes of the cutout; `CutoutUnavailableError` (with `retryable`) when none can be had."""
    from django.conf import settings

    params = {
        "ra": repr(float(ra_deg)),
        "dec": repr(float(dec_deg)),
        "size": int(size_px),
        "format": "jpeg",
        "red": image_name,
        "autoscale": autoscale,
        "asinh": asinh,
        "zoom": zoom,
    }
    try:
        response = http.request(
            "GET",
            url or settings.HCVVET_FITSCUT_URL,
            service=SERVICE,
            timeout_seconds=timeout_seconds or settings.HCVVET_MAST_TIMEOUT_SECONDS,
            params=params,
        )
        body = http.read_body(response, service=SERVICE)
    except MastError as e:
        raise CutoutUnavailableError(e.message, service=SERVICE, retryable=e.retryable) from e
    if not response.headers.get("Content-Type", "").startswith("image/jpeg") or not body.startswith(
        JPEG_MAGIC
    ):
        raise CutoutUnavailableError(
            f"{SERVICE} sent something other than a JPEG", service=SERVICE, retryable=True
        )
    return body

"""What the review page says about a candidate's place on the sky beyond hcvvet: the angular scale of its HLA
cutouts (for the scale bars), their orientation, and links to the archives' own viewers, built from the
candidate's coordinates and image names. The browser opens the links; hcvvet's server never fetches them.

Pure: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlencode

# Pixel scale (arcsec) of the HLA's drizzled images, by instrument and detector as HLA image names spell them
# (hst_<proposal>_<visit>_<instrument>_<detector>_<filter>; WFPC2 puts the detector last, and the HLA drizzles
# its four chips onto one 0.1" grid).
HLA_PIXEL_SCALE_ARCSEC = {
    ("acs", "wfc"): 0.05,
    ("acs", "hrc"): 0.025,
    ("acs", "sbc"): 0.025,
    ("wfc3", "uvis"): 0.04,
    ("wfc3", "ir"): 0.09,
    ("wfpc2", ""): 0.1,
}
# Lengths a scale bar may take (arcsec): the longest that fits in BAR_MAX_FRACTION of the cutout is drawn.
BAR_LENGTHS_ARCSEC = (0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0)
BAR_MAX_FRACTION = 0.4
ORIENTATION = (
    "Detector orientation: the HLA's JPEG cutouts carry no WCS and fitscut is asked for none, so north and "
    "east are not marked; the same sky may appear rotated between visits."
)
HLA = "https://hla.stsci.edu"
SIMBAD_RADIUS_ARCSEC = 5
ESASKY_FOV_DEG = 0.02
FITSCUT_LINK_SIZE_PX = 201
IMAGE_PLACEHOLDER = "IMAGE_NAME"  # HLA image names are lower case


def pixel_scale_arcsec(image_name: str) -> float | None:
    """The angular size of one pixel of an HLA image, from its name; None for a name of unknown form."""
    parts = image_name.lower().split("_")
    if len(parts) < 5 or parts[0] != "hst":
        return None
    instrument = parts[3]
    detector = "" if instrument == "wfpc2" else parts[4]
    return HLA_PIXEL_SCALE_ARCSEC.get((instrument, detector))


def scale_bar(size_px: int, scale_arcsec: float) -> dict[str, float]:
    """The scale bar of a cutout `size_px` image pixels wide: its length (arcsec) and the fraction of the
    cutout's width it spans."""
    width_arcsec = size_px * scale_arcsec
    fitting = [length for length in BAR_LENGTHS_ARCSEC if length <= BAR_MAX_FRACTION * width_arcsec]
    length = fitting[-1] if fitting else BAR_LENGTHS_ARCSEC[0]
    return {"arcsec": length, "fraction": round(length / width_arcsec, 4), "width_arcsec": width_arcsec}


def _position(ra_deg: float, dec_deg: float) -> str:
    return f"{ra_deg:.6f} {dec_deg:+.6f}"


def image_links(ra_deg: float, dec_deg: float) -> list[dict[str, str]]:
    """Links to one HLA image, with IMAGE_PLACEHOLDER where its name goes (the page fills it in, so a long
    light curve does not repeat them per epoch): the HLA's interactive display, and a larger fitscut cutout
    around the candidate."""
    fitscut = urlencode(
        {
            "red": IMAGE_PLACEHOLDER,
            "ra": f"{ra_deg:.6f}",
            "dec": f"{dec_deg:.6f}",
            "size": FITSCUT_LINK_SIZE_PX,
            "format": "jpeg",
            "autoscale": 99.5,
            "asinh": 1,
        }
    )
    return [
        {
            "name": "HLA display",
            "url": f"{HLA}/cgi-bin/display?image={IMAGE_PLACEHOLDER}",
            "title": f"{IMAGE_PLACEHOLDER} in the HLA's interactive display",
        },
        {
            "name": "fitscut",
            "url": f"{HLA}/cgi-bin/fitscut.cgi?{fitscut}",
            "title": f"a {FITSCUT_LINK_SIZE_PX} px HLA cutout of {IMAGE_PLACEHOLDER} around the candidate",
        },
    ]


def position_links(*, match_id: int, ra_deg: float, dec_deg: float) -> list[dict[str, str]]:
    """Links to the archives' viewers at the candidate's position."""
    position = _position(ra_deg, dec_deg)
    simbad = urlencode(
        {
            "Coord": position,
            "CooFrame": "ICRS",
            "CooEpoch": 2000,
            "CooEqui": 2000,
            "Radius": SIMBAD_RADIUS_ARCSEC,
            "Radius.unit": "arcsec",
        }
    )
    return [
        {
            "name": "HLA",
            "url": f"{HLA}/hlaview.html#Images|filterText%3D%24filterTypes%3D|query_string={quote(position)}",
            "title": "HST images at this position in the Hubble Legacy Archive",
        },
        {
            "name": "MAST portal",
            "url": "https://mast.stsci.edu/portal/Mashup/Clients/Mast/Portal.html?"
            + urlencode({"searchQuery": position}),
            "title": "observations at this position in the MAST portal",
        },
        {
            "name": "ESA HCV Explorer",
            "url": "https://hst.esac.esa.int/ehst/#/pages/hcv-explorer",
            "title": f"the ESA HCV Explorer (search for MatchID {match_id} or {position})",
        },
        {
            "name": "SIMBAD",
            "url": f"https://simbad.cds.unistra.fr/simbad/sim-coo?{simbad}",
            "title": f"known objects within {SIMBAD_RADIUS_ARCSEC} arcsec in SIMBAD",
        },
        {
            "name": "ESASky",
            "url": "https://sky.esa.int/esasky/?"
            + urlencode({"target": position, "fov": ESASKY_FOV_DEG, "sci": "true"}),
            "title": "this position in ESASky, with every mission's data",
        },
    ]


def candidate_sky(
    *, match_id: int, ra_deg: float, dec_deg: float, images: Iterable[str], sizes_px: dict[str, int]
) -> dict:
    """The page's `sky` data: position links, the image links (with IMAGE_PLACEHOLDER), each image's pixel
    scale (arcsec; null when its name is of unknown form), the scale bars of each pixel scale by cutout kind
    (`sizes_px`, e.g. {"inner": 19, "outer": 101} image pixels), and the orientation statement."""
    scales = {name: pixel_scale_arcsec(name) for name in dict.fromkeys(images)}
    return {
        "links": position_links(match_id=match_id, ra_deg=ra_deg, dec_deg=dec_deg),
        "image_links": image_links(ra_deg, dec_deg),
        "image_placeholder": IMAGE_PLACEHOLDER,
        "pixel_scales": scales,
        "bars": {
            str(scale): {kind: scale_bar(px, scale) for kind, px in sizes_px.items()}
            for scale in set(scales.values())
            if scale is not None
        },
        "orientation": ORIENTATION,
    }

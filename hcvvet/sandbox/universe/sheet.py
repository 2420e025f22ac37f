"""Contact sheet of sandbox cutouts: each artifact kind on the epoch at fault beside a normal epoch.

``python -m hcvvet.sandbox cutouts --db PATH --sheet out.png`` draws one row per artifact kind (cosmic ray,
diffraction spike, blend, chip edge, bad image) and one of a real variable, each with the 19 px (zoom 5) and
101 px cutouts HLA would serve of the epoch at fault and of a normal epoch, labelled with the hidden truth.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from .plans import FILTERS, NOVA_MATCH_ID
from .sky import bad_images, hit_images, image_info, render_cutout

KINDS = ("cosmic_ray", "diffraction_spike", "blend", "chip_edge", "bad_image")
CUTOUTS = ((19, 5.0), (101, 1.0))  # as hcvvet fetches them: zoomed on the source, and the context


@dataclass(frozen=True)
class Example:
    label: str
    match_id: int
    ra: float
    dec: float
    filter: str
    fault_image: str
    normal_image: str
    fault_note: str
    normal_note: str


def examples(conn: sqlite3.Connection) -> list[Example]:
    """One example per artifact kind found in the universe, then a real variable (the nova when present)."""
    found = [_artifact_example(conn, kind) for kind in KINDS]
    found.append(_variable_example(conn))
    return [e for e in found if e is not None]


def _epochs(conn: sqlite3.Connection, match_id: int, filt: str) -> list[tuple[str, float, float, float]]:
    """(image, MJD, CorrMag, D) of the object's measurements in ``filt``, in time order."""
    return conn.execute(
        "SELECT ImageName, MJD, CorrMag, D FROM HCVdetailed WHERE MatchID = ? AND Filter = ? ORDER BY MJD",
        (match_id, filt),
    ).fetchall()


def _artifact_example(conn: sqlite3.Connection, kind: str) -> Example | None:
    """The first (by MatchID) object with artifact ``kind``, a candidate if one qualifies, whose fault epoch
    and a clean epoch exist; on ACS/UVIS/WFPC2 images if any qualifies (WFC3/IR's large pixels crowd a
    neighbour into the 19 px cutout).

    Cosmic rays are taken on an image that can show them (a single exposure, not WFC3/IR); blends, which
    touch every epoch, show the epoch of largest D beside the one of smallest D.
    """
    rows = conn.execute(
        "SELECT t.MatchID, t.artifact_image, t.notes, m.RA, m.Dec, f.Filter FROM sandbox_truth t "
        "JOIN HCVmatch m USING (MatchID) JOIN HCVfilter f USING (MatchID) WHERE t.artifact = ? "
        "ORDER BY m.AutoClass > 0 DESC, t.MatchID, f.Filter",
        (kind,),
    ).fetchall()
    for allow_ir in (False, True):
        for match_id, image, notes, ra, dec, filt in rows:
            if FILTERS[filt].detector == "ir" and (not allow_ir or kind == "cosmic_ray"):
                continue
            found = _example(
                conn, kind, match_id, (ra, dec), filt, {image, *hit_images(notes)} - {None}, image
            )
            if found is not None:
                return found
    return None


def _example(
    conn: sqlite3.Connection,
    kind: str,
    match_id: int,
    position: tuple[float, float],
    filt: str,
    hits: set[str],
    image: str | None,
) -> Example | None:
    """The example of ``match_id`` in ``filt``, or None if it lacks the epochs to show."""
    epochs = _epochs(conn, match_id, filt)
    if kind == "blend":
        if len(epochs) < 2:
            return None
        worst = max(epochs, key=lambda e: e[3] or 0.0)
        best = min(epochs, key=lambda e: e[3] or 0.0)
        return Example(
            "blend", match_id, *position, filt, worst[0], best[0], f"D = {worst[3]:.0f} mas",
            f"D = {best[3]:.0f} mas",
        )  # fmt: skip
    names = [e[0] for e in epochs]
    if image not in names or (kind == "cosmic_ray" and not image_info(conn, image).single_exposure):
        return None
    group_id = conn.execute("SELECT GroupID FROM HCVmatch WHERE MatchID = ?", (match_id,)).fetchone()[0]
    clean = [e for e in epochs if e[0] not in hits | bad_images(conn, group_id)]
    if not clean:
        return None
    normal = min(clean, key=lambda e: abs(e[1] - epochs[names.index(image)][1]))
    return Example(
        kind.replace("_", " "), match_id, *position, filt, image, normal[0], "epoch at fault", "normal epoch"
    )


def _variable_example(conn: sqlite3.Connection) -> Example | None:
    """The nova (brightest beside faintest epoch), else the candidate variable of largest MAD."""
    select = (
        "SELECT m.MatchID, m.RA, m.Dec, f.Filter, t.nature FROM HCVmatch m JOIN HCVfilter f USING (MatchID) "
        "JOIN sandbox_truth t USING (MatchID) "
    )
    row = conn.execute(select + "WHERE m.MatchID = ? ORDER BY f.Filter", (NOVA_MATCH_ID,)).fetchone()
    if row is None:
        row = conn.execute(
            select + "WHERE m.AutoClass > 0 AND t.nature NOT IN ('constant', 'artifact') "
            "AND f.FilterDetFlag = 1 ORDER BY f.MAD DESC, m.MatchID LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    match_id, ra, dec, filt, nature = row
    epochs = sorted(_epochs(conn, match_id, filt), key=lambda e: e[2])
    bright, faint = epochs[0], epochs[-1]
    return Example(
        f"real variable ({nature.replace('_', ' ')})", match_id, ra, dec, filt, bright[0], faint[0],
        f"brightest, {bright[2]:.2f} mag", f"faintest, {faint[2]:.2f} mag",
    )  # fmt: skip


def _cutout(
    conn: sqlite3.Connection, image: str, ra: float, dec: float, size: int, zoom: float
) -> np.ndarray:
    jpeg = render_cutout(conn, image, ra, dec, size=size, zoom=zoom)
    return np.asarray(Image.open(io.BytesIO(jpeg)))


def contact_sheet(conn: sqlite3.Connection, out: Path) -> list[Example]:
    """Draw the sheet of ``examples(conn)`` into the PNG ``out`` (greyscale); returns the examples drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = examples(conn)
    if not rows:
        raise ValueError("the universe has no artifact or variable to show")
    fig, axes = plt.subplots(len(rows), 4, figsize=(8.4, 2.3 * len(rows) + 0.5), squeeze=False)
    titles = ("at fault, 19 px x5", "at fault, 101 px", "normal, 19 px x5", "normal, 101 px")
    for r, ex in enumerate(rows):
        for c, (image, note) in enumerate(
            ((ex.fault_image, ex.fault_note), (ex.normal_image, ex.normal_note))
        ):
            for k, (size, zoom) in enumerate(CUTOUTS):
                ax = axes[r][2 * c + k]
                ax.imshow(_cutout(conn, image, ex.ra, ex.dec, size, zoom), cmap="gray", vmin=0, vmax=255)
                ax.set_xticks([])
                ax.set_yticks([])
                if r == 0:
                    ax.set_title(titles[2 * c + k], fontsize=8)
                if k == 0:
                    ax.set_xlabel(f"{image}\n{note}", fontsize=6)
        spec = FILTERS[ex.filter]
        axes[r][0].set_ylabel(f"{ex.label}\n{ex.match_id} {spec.instrument}/{spec.band.upper()}", fontsize=8)
    fig.suptitle("Sandbox fitscut cutouts: artifacts on the epoch at fault beside a normal epoch", fontsize=9)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    buf.seek(0)
    Image.open(buf).convert("L").save(out, format="PNG", optimize=True)
    return rows

"""Evaluate the realism table on a universe file and render it as text or JSON."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from .measures import MadBin
from .quantities import QUANTITIES, Measured, Quantity, fmt


@dataclass(frozen=True)
class Line:
    """One evaluated quantity. ``within`` is None when it does not apply (scale) or could not be measured."""

    key: str
    quantity: str
    real: str
    source: str
    tolerance: str
    sandbox: float | int | None
    within: bool | None
    note: str


@dataclass(frozen=True)
class Report:
    """The realism table of one universe, and the notebook's artifact-fraction bins behind two lines."""

    db: Path
    scale: str | None
    lines: list[Line]
    mad_bins: list[MadBin]

    @property
    def out_of_tolerance(self) -> list[str]:
        return [line.key for line in self.lines if line.within is False]


def _line(q: Quantity, measured: Measured) -> Line:
    value = q.measure(measured)
    applies = measured.scale in q.scales
    within = q.within(value) if applies else None
    if not applies:
        scales = ", ".join(sorted(s for s in q.scales if s))
        note = f"judged at scale {scales} only"
    elif within is None:
        note = "nothing to measure"
    else:
        note = ""
    return Line(q.key, q.name, q.real, q.source, q.tolerance, value, within, note)


def evaluate(conn: sqlite3.Connection, db: Path, quantities: tuple[Quantity, ...] = QUANTITIES) -> Report:
    """The realism report of the open universe ``conn`` (read from ``db``)."""
    measured = Measured(conn)
    lines = [_line(q, measured) for q in quantities]
    return Report(db, measured.scale, lines, measured.mad_bins)


def evaluate_file(db: Path) -> Report:
    """``evaluate`` on the universe at ``db``, opened read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return evaluate(conn, db)
    finally:
        conn.close()


def _status(line: Line) -> str:
    if line.within is None:
        return "n/a"
    return "yes" if line.within else "NO"


def as_text(report: Report) -> str:
    header = ("quantity", "real", "source", "tolerance", "sandbox", "within")
    rows = [
        (line.quantity, line.real, line.source, line.tolerance, fmt(line.sandbox, 4), _status(line))
        for line in report.lines
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = [f"realism of {report.db} (scale {report.scale})", ""]
    out.extend(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, tuple("-" * w for w in widths), *rows]
    )
    bad = report.out_of_tolerance
    skipped = sum(line.within is None for line in report.lines)
    out.append("")
    out.append(
        f"{len(report.lines) - len(bad) - skipped} within tolerance, {len(bad)} out of tolerance"
        + (f" ({', '.join(bad)})" if bad else "")
        + f", {skipped} not applicable"
    )
    if report.mad_bins:
        out.append("")
        out.append("artifact fraction against MAD (notebook bins; variable rows of validated objects):")
        out.extend(
            f"  MAD {b.mad_lo:.4f}-{b.mad_hi:.4f}: {b.artifacts:5d} / {b.rows:5d} = {b.fraction:.3f}"
            for b in report.mad_bins
        )
    return "\n".join(out)


def as_json(report: Report) -> dict:
    return {
        "db": str(report.db),
        "scale": report.scale,
        "quantities": [asdict(line) for line in report.lines],
        "out_of_tolerance": report.out_of_tolerance,
        "artifact_fraction_by_mad": [{**asdict(b), "fraction": b.fraction} for b in report.mad_bins],
    }

"""The screenshot gallery: `make screenshots` runs the Chromium walk of every role (tests/e2e/
test_navigation_walk.py, which writes test-results/screenshots/<role>/<page>_<width>.png at 1280 and 1920 px),
then `python -m tests.e2e.gallery` writes test-results/screenshots/index.html, one section per role and one
row per page with both widths. Prints the path of the gallery; exits 1 when there is no screenshot."""

from __future__ import annotations

import html
import re
import sys
from collections import defaultdict
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SHOT = re.compile(r"^(?P<page>.+)_(?P<width>\d+)\.png$")
STYLE = (
    "body{font:14px system-ui,sans-serif;margin:1rem 2rem;color:#1b1f24}"
    "figure{display:inline-block;margin:0 1rem 1rem 0;vertical-align:top}"
    "img{width:420px;border:1px solid #d0d7de}figcaption{color:#5b6470}"
)


def pages_by_role(folder: Path) -> dict[str, dict[str, list[tuple[int, str]]]]:
    """role -> page -> [(width, path relative to `folder`)], widths ascending."""
    found: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for png in sorted(folder.glob("*/*.png")):
        match = SHOT.match(png.name)
        if match:
            found[png.parent.name][match["page"]].append(
                (int(match["width"]), f"{png.parent.name}/{png.name}")
            )
    return {
        role: {page: sorted(shots) for page, shots in pages.items()} for role, pages in sorted(found.items())
    }


def gallery_html(found: dict[str, dict[str, list[tuple[int, str]]]]) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>hcvvet screenshots</title>",
        f"<style>{STYLE}</style></head><body><h1>hcvvet screenshots</h1>",
        "<p>Written by <code>make screenshots</code>: each role's walk of hcvvet in Chromium, from the home "
        "page by its links, at 1280 and 1920 px.</p>",
    ]
    for role, pages in found.items():
        parts.append(f"<h2 id='{html.escape(role)}'>{html.escape(role)} ({len(pages)} pages)</h2>")
        for page, shots in pages.items():
            parts.append(f"<h3>{html.escape(page.replace('_', '/'))}</h3>")
            for width, path in shots:
                src = html.escape(path)
                parts.append(
                    f"<figure><a href='{src}'><img src='{src}' alt='{html.escape(page)} at {width} px' "
                    f"loading='lazy'></a><figcaption>{width} px</figcaption></figure>"
                )
    parts.append("</body></html>")
    return "\n".join(parts)


def main() -> int:
    found = pages_by_role(SCREENSHOTS)
    if not found:
        print(f"no screenshots in {SCREENSHOTS}: run the walk first (make screenshots)", file=sys.stderr)
        return 1
    index = SCREENSHOTS / "index.html"
    index.write_text(gallery_html(found), encoding="utf-8")
    print(index)
    return 0


if __name__ == "__main__":
    sys.exit(main())

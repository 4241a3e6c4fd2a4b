"""Make the README's picture of the HTML report (docs/img/report.png).

Screens a roster with ``laborscreen screen ROSTER --report`` (by default the
synthetic examples/roster_labour.csv, on which every labour rule fires, against
the lists in ``LABORSCREEN_HOME``),
opens the report in Debian's headless Chromium through Playwright and saves
the top of the page as a PNG. Arguments after ``--`` go to ``laborscreen
screen`` unchanged::

    .venv/bin/python scripts/screenshot_report.py
    .venv/bin/python scripts/screenshot_report.py --height 2400 -- --threshold 0.8
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from laborscreen.testing import CHROMIUM, launch_chromium

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roster", type=Path, default=ROOT / "examples" / "roster_labour.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "report.png")
    parser.add_argument("--width", type=int, default=1200, help="viewport width (CSS px)")
    parser.add_argument("--height", type=int, default=2000, help="how much of the page to keep")
    parser.add_argument("screen_args", nargs="*", help="after --: `laborscreen screen` options")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.html"
        # run from the checkout with a relative roster path: the report's header shows it
        roster = args.roster.resolve()
        shown = roster.relative_to(ROOT) if roster.is_relative_to(ROOT) else roster
        command = [sys.executable, "-m", "laborscreen", "screen", str(shown)]
        subprocess.run([*command, "--report", str(report), *args.screen_args], check=True, cwd=ROOT)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": args.width, "height": 900})
            page.goto(report.as_uri(), wait_until="load")
            full = int(page.evaluate("document.documentElement.scrollHeight"))
            # the page lays out the same at any height: show the top of it, up to --height
            page.set_viewport_size({"width": args.width, "height": min(args.height, full)})
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    # a page of flat colours loses nothing visible in a 256-colour palette, and the
    # committed picture shrinks to about a third
    from PIL import Image

    with Image.open(args.out) as shot:
        small = shot.convert("RGB").quantize(colors=256)
    small.save(args.out, optimize=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

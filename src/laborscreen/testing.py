"""Debian's Chromium, headless, for the browser tests and the README screenshots.

The report and web-UI tests, and the scripts that draw the pictures in the
README, all open pages in the same browser the same way: Debian's ``chromium``
package (never a browser Playwright downloads), driven by Playwright, without
the sandbox (tests run as root in CI) and without the background traffic that
a closed network refuses. Playwright is a development dependency, imported
only when a browser is launched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

#: Where Debian's chromium package puts the browser (``make setup`` installs it).
CHROMIUM = Path("/usr/bin/chromium")

#: Headless flags: no sandbox (root), no GPU, and no calls home on a closed network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch_chromium(playwright: Playwright) -> Browser:
    """A headless Chromium from Debian's package, started by ``playwright``."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))

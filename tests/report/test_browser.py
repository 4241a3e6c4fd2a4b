"""The HTML report in a real browser: Debian's headless Chromium, driven by Playwright.

The report is opened from a file:// URL as a reader would open it; the test
checks what shows (headings, tables, SVG charts, styles), that the page logs
no error, asks for nothing over the network and pops no dialog (the roster
holds a script in a name), and keeps a full-page screenshot that must show
the charts' colours.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from laborscreen.report import write_report
from laborscreen.testing import CHROMIUM, launch_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog

pytestmark = pytest.mark.slow

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WIDTH, HEIGHT = 1280, 900
CRITICAL_RGB = (143, 29, 29)  # --critical in report.css


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium; `make setup` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


class Visit:
    """One page opened on a report, with everything it logged, requested and popped up."""

    def __init__(self, browser: Browser, html: Path) -> None:
        self.url = html.resolve().as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(self.url, wait_until="load")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()


def test_report_in_chromium(
    browser: Browser,
    tmp_path: Path,
    ruled_result: dict[str, Any],
    list_versions: list[dict[str, Any]],
) -> None:
    from PIL import Image

    html, _, _ = write_report(ruled_result, tmp_path / "report.html", list_versions, WHEN)
    visit = Visit(browser, html)
    page = visit.page
    try:
        assert page.title() == "Screening report: roster.csv"
        assert page.locator("h1").inner_text() == "Screening report"
        headings = page.locator("h2")
        assert headings.count() == 10
        for i in range(headings.count()):
            assert headings.nth(i).is_visible()
        tables = ("lists", "rules", "crosstab", "matches", "organisations", "roster-finding")
        for table in (*tables, "unassessed", "problems"):
            assert page.locator(f"table.{table}").first.is_visible(), table
        assert page.locator("table.groups").count() == 2
        assert page.locator("table.findings").count() == 2
        charts = page.locator("figure.chart svg")
        assert charts.count() == 5
        for i in range(charts.count()):
            chart = charts.nth(i)
            assert chart.is_visible()
            box = chart.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 60
            assert chart.locator("rect").count() > 0
        # the inline stylesheet is in force: badges and bars take the severity colours
        badge = page.locator(".sev.sev-critical").first
        red = f"rgb({', '.join(map(str, CRITICAL_RGB))})"
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == red
        bar = page.locator("svg rect.sev-critical").first
        assert bar.evaluate("e => getComputedStyle(e).fill") == red
        # the name with a script in it is shown as text
        assert "<script>alert('name')</script> Пак" in page.locator("#roster-findings").inner_text()
        # printing hides the contents list
        page.emulate_media(media="print")
        assert not page.locator("nav.toc").is_visible()
        page.emulate_media(media="screen")

        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        visit.close()

    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.requests == [visit.url]  # the page itself and nothing else

    with Image.open(shot) as image:
        width, height = image.size
        assert width == WIDTH and height > 2 * HEIGHT
        rgb = image.convert("RGB")
        small = rgb.resize((width // 4, height // 4))
        colours = small.getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 50  # not blank, not one colour
        counts = {colour: n for n, colour in rgb.getcolors(maxcolors=1 << 24) or []}
        assert counts.get(CRITICAL_RGB, 0) > 1000  # the critical bars and badges were painted


def test_report_without_rules_in_chromium(
    browser: Browser, tmp_path: Path, plain_result: dict[str, Any]
) -> None:
    html, _, _ = write_report(plain_result, tmp_path / "plain.html", generated=WHEN)
    visit = Visit(browser, html)
    try:
        note = visit.page.locator("p.note")
        assert note.is_visible()
        assert "Labour rule packs were not run" in note.inner_text()
        assert visit.page.locator("figure.chart svg").count() == 1
        assert visit.page.locator("table.matches").is_visible()
    finally:
        visit.close()
    assert visit.errors == [] and visit.requests == [visit.url]

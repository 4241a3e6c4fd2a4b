"""The web UI end to end in Debian's headless Chromium, driven by Playwright.

``laborscreen serve`` runs in its own process (SQLite, the invented fixture
lists). A reviewer logs in, uploads a synthetic roster, watches the screening
complete, opens the listed person's alert from the queue with the keyboard,
decides it with a reason, and finds the decision in the audit trail. Each
step saves a screenshot in the test's temporary folder; the pages must log no
error and fetch nothing from another origin.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.sources import load_path
from laborscreen.store import ListStore
from laborscreen.testing import CHROMIUM, launch_chromium

from .conftest import FIXTURE_FILES, FIXTURE_LISTS, ROSTER, Server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage

pytestmark = pytest.mark.slow

EMAIL = "reviewer@example.org"
PASSWORD = "synthetic-password-1"
CREATE_USER = ["admin", "create-user", "--org", "Warehouse (synthetic)", "--role", "reviewer"]
CREATE_USER += ["--password", EMAIL]
REASON = "synthetic: born 1990 per passport, the listed person is older"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    home = tmp_path / "home"
    home.mkdir()
    parsed = [p for name in FIXTURE_FILES for p in load_path(FIXTURE_LISTS / name)]
    with ListStore(home / "laborscreen.db") as store:
        store.import_lists(parsed, origin="import")
    env = {
        **os.environ,
        "LABORSCREEN_HOME": str(home),
        "LABORSCREEN_DATABASE_URL": f"sqlite:///{tmp_path / 'service.db'}",
        # Slow enough that the progress view shows the job running first.
        "LABORSCREEN_WORKER_DELAY_MS": "300",
    }
    runner = CliRunner(env=env)
    assert runner.invoke(main, ["admin", "create-org", "Warehouse (synthetic)"]).exit_code == 0
    made = runner.invoke(
        main,
        CREATE_USER,
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    process = Server(env)
    process.start()
    try:
        yield process
    finally:
        process.stop()


def test_log_in_upload_decide_and_see_the_audit_entry(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    # Enough rows for the job to be seen running; the first three hold the listed people.
    extra = "".join(f"T-{n};Worker {n};01.01.1990;Россия;Site North\n" for n in range(4, 80))
    roster.write_text(ROSTER + extra, encoding="utf-8")
    errors: list[str] = []
    foreign: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    context.on(
        "request",
        lambda request: (
            None if request.url.startswith(server.base) else foreign.append(request.url)
        ),
    )
    from playwright.sync_api import expect

    shots = tmp_path / "screenshots"
    shots.mkdir()
    try:
        page.goto(f"{server.base}/ui/alerts")
        assert page.url.startswith(f"{server.base}/login")
        page.screenshot(path=str(shots / "1-login.png"))
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.base}/ui/alerts")
        assert "No alert matches" in page.inner_text("main")

        page.click("text=Screen a roster")
        page.set_input_files("input[type=file]", str(roster))
        page.click("text=Upload and screen")
        page.wait_for_url("**/ui/screenings/*")
        page.screenshot(path=str(shots / "2-screening-running.png"))
        expect(page.locator("#job-status")).to_have_text("completed", timeout=60_000)
        assert page.inner_text("#count-new") != "0"
        page.screenshot(path=str(shots / "3-screening-done.png"))

        page.click("#to-alerts")
        page.wait_for_selector("#queue")
        page.screenshot(path=str(shots / "4-queue.png"))
        rows = page.locator("#queue tbody tr")
        target = next(i for i in range(rows.count()) if "un:KPi.901" in rows.nth(i).inner_text())
        for _ in range(target):
            page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url("**/ui/alerts/*")
        assert page.locator("#side-by-side mark").count() > 0
        assert page.locator("#side-by-side .matched").count() == 1
        assert page.locator("#features tbody tr").count() >= 1
        page.screenshot(path=str(shots / "5-alert.png"), full_page=True)

        page.keyboard.press("2")  # false positive; the reason box takes the focus
        page.keyboard.type(REASON)
        page.keyboard.press("Control+Enter")
        page.wait_for_selector("text=Decision recorded")
        assert REASON in page.inner_text("#history")
        assert "false positive" in page.inner_text("#alert-status")
        page.screenshot(path=str(shots / "6-decided.png"), full_page=True)

        page.click("text=Audit trail")
        page.wait_for_selector("#audit")
        first = page.locator("#audit tbody tr").first.inner_text()
        assert "alert.decide" in first and REASON in first and f"user:{EMAIL}" in first
        page.screenshot(path=str(shots / "7-audit.png"), full_page=True)
    finally:
        context.close()
    assert errors == []
    assert foreign == []
    assert len(list(shots.glob("*.png"))) == 7


def test_media_page_draws_the_graph_without_breaking_the_policy(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    from laborscreen.media.ingest import ingest
    from laborscreen.media.known import load_known
    from laborscreen.media.linking import Linker
    from laborscreen.media.store import MediaStore

    from .test_media import ARTICLE, KNOWN_EXTRA

    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    with MediaStore(tmp_path / "home" / "media.db") as store:
        ingest([str(article)], store, Linker(load_known([KNOWN_EXTRA])))
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server.base}/login")
        page.fill("input[name=email]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.base}/ui/alerts")
        page.click("text=Adverse media")
        page.wait_for_selector("#provenance")
        assert page.locator("#provenance rect.document").count() == 1
        assert page.locator("#provenance rect.source").count() >= 2
        # the stylesheet reached the drawing: edges are strokes, not filled shapes
        fill = page.eval_on_selector("#provenance path.edge", "e => getComputedStyle(e).fill")
        assert fill == "none"
        page.screenshot(path=str(tmp_path / "media.png"), full_page=True)
        page.fill("input[name=entity]", "Kedrovy Staffing LLC")
        page.keyboard.press("Enter")
        page.wait_for_selector(".claims")
        page.click("text=trace")
        page.wait_for_selector("#trace")
        assert "Warehouse Watch" in page.inner_text("#trace")
    finally:
        context.close()
    assert errors == []

"""Write docs/img/alert-page.png: the web UI's alert page, for the README.

Runs ``laborscreen serve`` on a free loopback port with a throw-away data
folder: the invented test lists (tests/fixtures/lists), a synthetic
organisation and reviewer, and a synthetic roster. It screens the roster
through the UI in headless Chromium (Debian's ``chromium``, driven by
Playwright), opens the alert of the listed person and saves the page.

    .venv/bin/python scripts/screenshot_alert_page.py [--out docs/img/alert-page.png]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from laborscreen.service import accounts
from laborscreen.service.bench import free_port
from laborscreen.service.db import Database
from laborscreen.sources import load_path
from laborscreen.store import ListStore
from laborscreen.testing import launch_chromium

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "tests" / "fixtures" / "lists"
LIST_FILES = ("un_small.xml", "ftm_sample.jsonl", "custom_sample.csv")
EMAIL = "reviewer@example.org"
PASSWORD = "synthetic-password-1"
# Synthetic rows (invented people); the first is a rendering of an invented test list entry.
ROSTER = (
    "Таб. номер;ФИО;Дата рождения;Гражданство;Паспорт;Объект;Должность\n"
    "SYNTH-101;Hong Gil Dong;;КНДР;927123456;Склад Север;Грузчик\n"
    "SYNTH-102;Kim Chol Su;12.03.1985;КНДР;;Склад Юг;Кладовщик\n"
    "SYNTH-103;Петров Иван Сергеевич;04.02.1988;Россия;45 12 345678;Склад Север;Водитель\n"
)


def _serve(home: Path, url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "LABORSCREEN_HOME": str(home), "LABORSCREEN_DATABASE_URL": url}
    command = [sys.executable, "-m", "laborscreen", "serve", "--port", str(port)]
    command += ["--poll-seconds", "0", "--no-access-log", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "alert-page.png")
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    with tempfile.TemporaryDirectory(prefix="laborscreen-shot-") as folder:
        home = Path(folder)
        parsed = [p for name in LIST_FILES for p in load_path(LISTS / name)]
        with ListStore(home / "laborscreen.db") as store:
            store.import_lists(parsed, origin="import")
        url = f"sqlite:///{home / 'service.db'}"
        with Database(url) as db:
            db.upgrade()
            with db.transaction() as session:
                accounts.create_org(session, "Example Logistics (synthetic)", "script")
                accounts.create_user(
                    session, "Example Logistics (synthetic)", EMAIL, "reviewer", "script", PASSWORD
                )
        roster = home / "roster.csv"
        roster.write_text(ROSTER, encoding="utf-8")
        process, base = _serve(home, url)
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{base}/login")
                page.fill("input[name=email]", EMAIL)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.goto(f"{base}/ui/upload")
                page.set_input_files("input[type=file]", str(roster))
                page.click("text=Upload and screen")
                expect(page.locator("#job-status")).to_have_text("completed", timeout=60_000)
                page.click("#to-alerts")
                page.locator("#queue tbody tr", has_text="un:KPi.901").first.click()
                page.wait_for_selector("#side-by-side")
                page.fill("#reason", "Passport number on the roster is the listed one: escalate.")
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out), full_page=True)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=15)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

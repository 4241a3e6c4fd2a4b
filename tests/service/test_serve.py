"""``laborscreen serve`` in its own process, and the lists reloaded when the store changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from laborscreen.cli import main
from laborscreen.service.bench import free_port
from laborscreen.service.db import Database
from laborscreen.service.lists import Lists
from laborscreen.sources import load_path
from laborscreen.store import ListStore

from .conftest import FIXTURE_LISTS


def _home_with_un(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    with ListStore(home / "laborscreen.db") as store:
        store.import_lists(load_path(FIXTURE_LISTS / "un_small.xml"), origin="import")
    return home


def _add_opensanctions(home: Path) -> None:
    with ListStore(home / "laborscreen.db") as store:
        store.import_lists(load_path(FIXTURE_LISTS / "ftm_sample.jsonl"), origin="import")


def test_lists_are_rebuilt_when_the_store_changes(tmp_path: Path, db: Database) -> None:
    home = _home_with_un(tmp_path)
    lists = Lists(db, home / "laborscreen.db", poll_seconds=0)
    lists.load()
    first = lists.current()
    assert first.sources == {"un"}
    assert lists.reload_if_changed() is False
    assert lists.current() is first
    _add_opensanctions(home)
    assert lists.reload_if_changed() is True
    assert lists.current().sources == {"un", "opensanctions"}
    assert "opensanctions:ex-kp-ri-song-chol" in lists.current().entities


def test_without_lists_the_service_says_why(tmp_path: Path, db: Database) -> None:
    lists = Lists(db, tmp_path / "empty.db", poll_seconds=0)
    lists.load()
    assert lists.status["loaded"] is False
    assert "lists import" in str(lists.status["error"])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """``laborscreen serve`` on a free port; (base URL, an analyst key, the data home)."""
    home = _home_with_un(tmp_path)
    env = {
        **os.environ,
        "LABORSCREEN_HOME": str(home),
        "LABORSCREEN_DATABASE_URL": f"sqlite:///{tmp_path / 'service.db'}",
    }
    runner = CliRunner(env=env)
    assert runner.invoke(main, ["admin", "create-org", "Warehouse (synthetic)"]).exit_code == 0
    created = runner.invoke(
        main, ["admin", "create-key", "--org", "Warehouse (synthetic)", "--role", "analyst"]
    )
    key = created.stdout.strip()
    port = free_port()
    command = [sys.executable, "-m", "laborscreen", "serve", "--port", str(port)]
    command += ["--poll-seconds", "0.3", "--no-access-log"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "server did not start"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, key, home
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stderr:
            process.stderr.close()


def test_serve_answers_and_picks_up_new_lists(served: tuple[str, str, Path]) -> None:
    base, key, home = served
    headers = {"Authorization": f"ApiKey {key}"}
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ri Song Chol"]}}}}
    assert httpx.get(f"{base}/healthz").json()["lists"]["sources"] == ["un"]
    before = httpx.post(f"{base}/match/default", json=body, headers=headers).json()
    assert before["responses"]["q"]["results"] == []
    assert httpx.post(f"{base}/match/default", json=body).status_code == 401
    _add_opensanctions(home)
    deadline = time.monotonic() + 20
    while httpx.get(f"{base}/healthz").json()["lists"]["sources"] != ["opensanctions", "un"]:
        assert time.monotonic() < deadline, "new list version not picked up"
        time.sleep(0.2)
    after = httpx.post(f"{base}/match/default", json=body, headers=headers).json()
    assert after["responses"]["q"]["results"][0]["id"] == "opensanctions:ex-kp-ri-song-chol"


def test_worker_processes_starting_together_record_each_version_once(
    tmp_path: Path, db_url: str, db: Database
) -> None:
    import threading

    import sqlalchemy as sa

    from laborscreen.service import audit
    from laborscreen.service.lists import read_lists, record_versions
    from laborscreen.service.models import ListVersion

    home = _home_with_un(tmp_path)
    _add_opensanctions(home)
    versions = read_lists(home / "laborscreen.db").versions
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def worker() -> None:
        own = Database(db_url)  # each worker process has its own engine
        try:
            start.wait()
            record_versions(own, versions)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with db.session() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(ListVersion)).scalar() == 2
        assert audit.verify(session).entries == 2

"""``laborscreen lists …``: import, show, diff and update the sanctions lists.

A thin shell over :mod:`laborscreen.sources` (reading and downloading) and
:class:`laborscreen.store.ListStore` (versions). Every command works in
``LABORSCREEN_HOME``; errors are one ``error: …`` line on stderr and exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from laborscreen.cli import main
from laborscreen.cli.table import render
from laborscreen.errors import LaborscreenError
from laborscreen.model import ParsedList
from laborscreen.settings import data_home
from laborscreen.sources import load_path
from laborscreen.sources.download import (
    DEFAULT_SOURCES,
    DEFAULT_TIMEOUT,
    OFFICIAL,
    download,
)
from laborscreen.store import ListDiff, ListStore, ListVersion


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _short_date(value: str | None) -> str:
    return (value or "-")[:10]


def _describe(version: ListVersion) -> str:
    counts = (
        f"{version.entity_count} entities ({version.persons} persons, "
        f"{version.organisations} organisations)"
    )
    if version.unchanged:
        return f"{version.source}: unchanged, version {version.id} stays in force, {counts}"
    published = f", published {version.published}" if version.published else ""
    return f"{version.source}: version {version.id}, {counts}{published}"


@main.group("lists")
def lists() -> None:
    """Import, inspect, compare and update the sanctions lists."""


@lists.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_lists(paths: tuple[Path, ...], as_json: bool) -> None:
    """Import list files or folders (format detected by content) as new versions.

    All PATHS are read before anything is stored, and stored in one
    transaction: if one fails, nothing changes.
    """
    parsed: list[ParsedList] = []
    for path in paths:
        parsed.extend(load_path(path))
    with ListStore() as store:
        versions = store.import_lists(parsed, origin="import")
    if as_json:
        _emit_json({"versions": [version.to_dict() for version in versions]})
        return
    for version in versions:
        click.echo(_describe(version))


@lists.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the versions as JSON.")
def show(as_json: bool) -> None:
    """Show the list versions in force, one per source."""
    with ListStore() as store:
        current = store.current_versions()
        fingerprint = store.fingerprint()
    if as_json:
        _emit_json(
            {"versions": [version.to_dict() for version in current], "fingerprint": fingerprint}
        )
        return
    if not current:
        click.echo("no lists imported yet: run `laborscreen lists import PATH` or `lists update`")
        return
    header = (
        "source",
        "version",
        "published",
        "imported",
        "entities",
        "persons",
        "organisations",
        "checksum",
    )
    rows = [
        (
            v.source,
            str(v.id),
            _short_date(v.published),
            v.imported_at[:16].replace("T", " "),
            str(v.entity_count),
            str(v.persons),
            str(v.organisations),
            v.checksum.removeprefix("content:")[:12],
        )
        for v in current
    ]
    click.echo(render(header, rows, max_width=None, rule=False))
    click.echo(
        f"total: {len(current)} sources, {sum(v.entity_count for v in current)} entities "
        f"({sum(v.persons for v in current)} persons, "
        f"{sum(v.organisations for v in current)} organisations)"
    )


def _print_diff(diff: ListDiff, limit: int) -> None:
    click.echo(
        f"{diff.source}: version {diff.old_version_id} -> {diff.new_version_id}: "
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    )
    for label, ids in (("added", diff.added), ("removed", diff.removed)):
        if ids:
            more = f" … and {len(ids) - limit} more" if len(ids) > limit else ""
            click.echo(f"  {label}: {', '.join(ids[:limit])}{more}")
    if diff.changed:
        shown = [f"{i} ({', '.join(diff.changed_fields.get(i, ()))})" for i in diff.changed[:limit]]
        more = f" … and {len(diff.changed) - limit} more" if len(diff.changed) > limit else ""
        click.echo(f"  changed: {'; '.join(shown)}{more}")


@lists.command("diff")
@click.argument("old", required=False, type=int)
@click.argument("new", required=False, type=int)
@click.option("--source", help="Only this source (when OLD and NEW are not given).")
@click.option("--limit", default=10, show_default=True, help="Ids shown per category.")
@click.option("--json", "as_json", is_flag=True, help="Print every id, as JSON.")
def diff(old: int | None, new: int | None, source: str | None, limit: int, as_json: bool) -> None:
    """Compare two versions: entities added, removed and changed.

    Without OLD and NEW, compares the last two versions of every source that has two.
    """
    if (old is None) != (new is None):
        raise click.UsageError("give both OLD and NEW version ids, or neither")
    with ListStore() as store:
        if old is not None and new is not None:
            diffs = [store.diff(old, new)]
        else:
            diffs = []
            sources = [source] if source else [v.source for v in store.current_versions()]
            for name in sources:
                history = store.versions(name)
                if len(history) > 1:
                    diffs.append(store.diff(history[-2].id, history[-1].id))
    if as_json:
        _emit_json({"diffs": [item.to_dict() for item in diffs]})
        return
    if not diffs:
        click.echo("nothing to compare: no source has two versions yet")
    for item in diffs:
        _print_diff(item, limit)


def _previous(store: ListStore, source: str) -> str:
    history = store.versions(source)
    if not history:
        return f"no version of {source} is in the store yet"
    last = history[-1]
    return f"the previous version ({last.id}, imported {last.imported_at}) stays in force"


def _update_one(store: ListStore, source: str, timeout: float) -> dict[str, Any]:
    result = download(
        source,
        data_home() / "downloads" / source,
        store.download_validators(source),
        timeout=timeout,
    )
    if not result.changed and store.versions(source):
        current = store.versions(source)[-1]
        return {"source": source, "status": "not_modified", "version": current.to_dict()}
    parsed = load_path(result.folder)
    versions = store.import_lists(
        parsed, origin="update", downloads=[(source, item) for item in result.files]
    )
    status = "unchanged" if all(v.unchanged for v in versions) else "updated"
    return {"source": source, "status": status, "versions": [v.to_dict() for v in versions]}


@lists.command("update")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(sorted(OFFICIAL)),
    help=f"Source to fetch (repeatable; default: {', '.join(DEFAULT_SOURCES)}).",
)
@click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, help="Seconds per request.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def update(sources: tuple[str, ...], timeout: float, as_json: bool) -> None:
    """Download the official lists (only when changed) and import the new ones.

    Files go to <LABORSCREEN_HOME>/downloads/<source>/. A source that cannot
    be fetched keeps its previous version; the command then exits with 2.
    LABORSCREEN_LIST_URL_<SOURCE> overrides a source's URL.
    """
    results: list[dict[str, Any]] = []
    failed = False
    with ListStore() as store:
        for source in sources or DEFAULT_SOURCES:
            try:
                outcome = _update_one(store, source, timeout)
            except LaborscreenError as exc:  # download, format or store failure: others go on
                message = f"{exc}; {_previous(store, source)}"
                outcome = {"source": source, "status": "failed", "error": message}
            results.append(outcome)
            failed = failed or outcome["status"] == "failed"
            if not as_json:
                _print_update(outcome)
    if as_json:
        _emit_json({"results": results})
    if failed:
        sys.exit(2)


def _print_update(outcome: dict[str, Any]) -> None:
    source, status = outcome["source"], outcome["status"]
    if status == "failed":
        click.echo(f"error: {outcome['error']}", err=True)
    elif status == "not_modified":
        version = outcome["version"]
        click.echo(f"{source}: not modified since the last download (version {version['id']})")
    else:
        for data in outcome["versions"]:
            state = "unchanged" if data["unchanged"] else "new"
            click.echo(
                f"{data['source']}: {state} version {data['id']}, {data['entity_count']} entities "
                f"({data['persons']} persons, {data['organisations']} organisations)"
            )

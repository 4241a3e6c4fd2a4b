"""Fetch the official list files from their publishers, politely and safely.

Each source has its official URL(s) (see :data:`OFFICIAL`); the environment
variable ``LABORSCREEN_LIST_URL_<SOURCE>`` (e.g. ``LABORSCREEN_LIST_URL_UN``)
replaces them, for mirrors, proxies and tests. For a source of several files
(OFAC) the override is a base URL to which the file names are appended.

Requests are conditional (``If-None-Match`` / ``If-Modified-Since`` from the
previous download), bounded in time and size, and all-or-nothing per source:
files land under temporary hidden names and replace the old ones only when
every file of the source arrived. Any network or HTTP failure becomes a
:class:`DownloadError` (a :class:`ListUnavailableError`) naming source, URL and
reason, and the files already on disk are left as they were.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from laborscreen.errors import ListUnavailableError
from laborscreen.sources.base import MAX_FILE_BYTES

__all__ = [
    "DEFAULT_SOURCES",
    "OFFICIAL",
    "DownloadError",
    "DownloadResult",
    "FetchedFile",
    "RemoteFile",
    "Validators",
    "download",
    "remote_files",
]

DEFAULT_TIMEOUT = 60.0
_CHUNK = 1024 * 1024
_USER_AGENT = "laborscreen/0.1 (+sanctions list update)"


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One file of a source: the local name it is saved under and where it comes from."""

    name: str
    url: str


_OFAC_BASE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

#: Official download locations, as published by each authority on its list page.
OFFICIAL: dict[str, tuple[RemoteFile, ...]] = {
    # UN Security Council consolidated list (un.org/securitycouncil/content/un-sc-consolidated-list)
    "un": (
        RemoteFile(
            "consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
        ),
    ),
    # OFAC SDN legacy CSV set (home.treasury.gov, "SDN List - Data Formats")
    "us_ofac": tuple(
        RemoteFile(name, _OFAC_BASE + name.upper())
        for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
    ),
    # US Consolidated Screening List (trade.gov, "Consolidated Screening List" downloads)
    "us_csl": (
        RemoteFile(
            "consolidated.csv",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
        ),
    ),
    # EU Financial Sanctions Files, full list XML 1.1 (data.europa.eu dataset page; public token)
    "eu_fsf": (
        RemoteFile(
            "eu_fsf.xml",
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
            "?token=dG9rZW4tMjAxNw",
        ),
    ),
    # UK Sanctions List, CSV (gov.uk, "The UK Sanctions List")
    "gb_fcdo": (
        RemoteFile(
            "UK-Sanctions-List.csv", "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
        ),
    ),
    # OpenSanctions "sanctions" collection, FollowTheMoney JSON lines (opensanctions.org/datasets)
    "opensanctions": (
        RemoteFile(
            "sanctions.ftm.json",
            "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
        ),
    ),
}

#: Sources ``lists update`` fetches when none is named: the authorities' own
#: lists. OpenSanctions is opt-in (large, and under its own licence terms).
DEFAULT_SOURCES = ("un", "us_ofac", "eu_fsf", "gb_fcdo", "us_csl")


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP cache validators remembered from the previous download of one URL."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchedFile:
    """The outcome for one URL: 200 (new content saved) or 304 (the file on disk is current)."""

    name: str
    url: str
    path: Path
    status: int
    etag: str | None
    last_modified: str | None
    size: int

    @property
    def changed(self) -> bool:
        return self.status != 304


@dataclass(frozen=True, slots=True)
class DownloadResult:
    source: str
    folder: Path
    files: tuple[FetchedFile, ...]
    fetched_at: str  # UTC ISO

    @property
    def changed(self) -> bool:
        """True when at least one file has new content."""
        return any(item.changed for item in self.files)


class DownloadError(ListUnavailableError):
    """A list could not be fetched: which source, from where, and why."""

    def __init__(self, source: str, url: str, reason: str) -> None:
        self.source = source
        self.url = url
        self.reason = reason
        super().__init__(f"cannot download {source} from {url}: {reason}")


def remote_files(source: str) -> tuple[RemoteFile, ...]:
    """The files of a source, with the environment override applied."""
    if source not in OFFICIAL:
        known = ", ".join(sorted(OFFICIAL))
        raise ListUnavailableError(f"no download location for source {source!r} (known: {known})")
    files = OFFICIAL[source]
    override = os.environ.get(f"LABORSCREEN_LIST_URL_{source.upper()}")
    if not override:
        return files
    if len(files) == 1 and not override.endswith("/"):
        return (RemoteFile(files[0].name, override),)
    base = override if override.endswith("/") else override + "/"
    return tuple(RemoteFile(item.name, base + item.name) for item in files)


def _header(value: str | None) -> str | None:
    return value.strip() if value else None


def _fetch(
    source: str,
    remote: RemoteFile,
    target: Path,
    part: Path,
    previous: Validators | None,
    timeout: float,
    max_bytes: int,
) -> FetchedFile:
    if not remote.url.startswith(("http://", "https://")):
        raise DownloadError(source, remote.url, "only http and https URLs are fetched")
    request = urllib.request.Request(remote.url, headers={"User-Agent": _USER_AGENT})
    # Validators only make sense while the file they describe is still on disk.
    if previous is not None and target.is_file():
        if previous.etag:
            request.add_header("If-None-Match", previous.etag)
        if previous.last_modified:
            request.add_header("If-Modified-Since", previous.last_modified)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise DownloadError(
                    source, remote.url, f"file is {declared} bytes, over the {max_bytes} limit"
                )
            size = 0
            with part.open("wb") as out:
                while chunk := response.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadError(
                            source, remote.url, f"file is over the {max_bytes} byte limit"
                        )
                    out.write(chunk)
            return FetchedFile(
                name=remote.name,
                url=remote.url,
                path=target,
                status=response.status,
                etag=_header(response.headers.get("ETag")),
                last_modified=_header(response.headers.get("Last-Modified")),
                size=size,
            )
    except urllib.error.HTTPError as exc:
        exc.close()  # the error carries the open response; release its socket now
        if exc.code == 304 and previous is not None:
            return FetchedFile(
                name=remote.name,
                url=remote.url,
                path=target,
                status=304,
                etag=_header(exc.headers.get("ETag")) or previous.etag,
                last_modified=_header(exc.headers.get("Last-Modified")) or previous.last_modified,
                size=target.stat().st_size,
            )
        raise DownloadError(source, remote.url, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise DownloadError(source, remote.url, str(exc.reason)) from exc
    except TimeoutError as exc:
        raise DownloadError(source, remote.url, f"no answer within {timeout:g} s") from exc
    except OSError as exc:  # connection reset mid-body, disk full
        raise DownloadError(source, remote.url, str(exc) or type(exc).__name__) from exc


def _part(dest_dir: Path, remote: RemoteFile) -> Path:
    # A hidden name keeps half-written files out of load_path's folder walk.
    return dest_dir / f".{remote.name}.part"


def download(
    source: str,
    dest_dir: Path,
    previous: Mapping[str, Validators] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_FILE_BYTES,
) -> DownloadResult:
    """Fetch a source's files into ``dest_dir``; ``previous`` maps URL to its validators.

    Files answered with 304 are left untouched; new ones replace the old only
    once every file of the source has arrived.
    """
    remotes = remote_files(source)
    dest_dir.mkdir(parents=True, exist_ok=True)
    fetched: list[FetchedFile] = []
    try:
        for remote in remotes:
            fetched.append(
                _fetch(
                    source,
                    remote,
                    dest_dir / remote.name,
                    _part(dest_dir, remote),
                    (previous or {}).get(remote.url),
                    timeout,
                    max_bytes,
                )
            )
        for remote, item in zip(remotes, fetched, strict=True):
            if item.changed:
                os.replace(_part(dest_dir, remote), item.path)
    finally:
        for remote in remotes:
            _part(dest_dir, remote).unlink(missing_ok=True)
    return DownloadResult(
        source=source,
        folder=dest_dir,
        files=tuple(fetched),
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )

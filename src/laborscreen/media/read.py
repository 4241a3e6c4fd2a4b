"""Documents in: saved HTML pages, plain text or Markdown, Telegram Desktop exports, URLs.

Each reader turns raw bytes into :class:`SourceDocument` values: the main text
(markup stripped, links kept), the metadata the document gives (URL, title,
date, outlet, language, author) and the checksum of the raw bytes. A Telegram
export yields one document per post (see :mod:`laborscreen.media.telegram`).

Where a plain-text document carries no metadata, a few conventions of saved
articles are read from the text itself: the first ``# heading`` as title, a
date standing alone on one of the first lines as the publication date, and an
``Original url:`` (``Source:``, ``Источник:``) trailer as the URL.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from laborscreen.errors import MediaError
from laborscreen.media.markup import strip_markup
from laborscreen.media.model import SourceDocument

#: File endings read as each kind.
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
JSON_SUFFIXES = frozenset({".json"})

#: The most a fetched URL or a file may hold: news pages are far smaller.
MAX_BYTES = 20 * 1024 * 1024
FETCH_TIMEOUT = 20.0

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,2}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_TRAILER = re.compile(
    r"^[ \t]*(?:original url|original|source url|source|url|источник|оригинал|ссылка)[ \t]*:"
    r"\s*<?(https?://[^\s>]+)>?[ \t]*\s*\Z",
    re.IGNORECASE | re.MULTILINE,
)
_MONTHS_EN = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTHS_RU = {
    m: i + 1
    for i, m in enumerate(
        [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ]
    )
}
_DATE_EN = re.compile(r"^(?:\w+,\s+)?([A-Z][a-z]+)\.?\s+(\d{1,2}),\s+(\d{4})$")
_DATE_EN_DMY = re.compile(r"^(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})$")
_DATE_RU = re.compile(r"^(\d{1,2})\s+([а-яё]+)\s+(\d{4})(?:\s*г(?:ода|\.)?)?$", re.IGNORECASE)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _iso(value: Any) -> str | None:
    """A front-matter date (YAML may already have parsed it) as ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip() or None


def _date_line(line: str) -> str | None:
    """An ISO date for a line that is only a date ("April 15, 2025", "15 апреля 2025")."""
    line = line.strip().strip("*_ ")
    for pattern, order in ((_DATE_EN, "mdy"), (_DATE_EN_DMY, "dmy"), (_DATE_RU, "dmy")):
        found = pattern.match(line)
        if not found:
            continue
        if order == "mdy":
            month_name, day, year = found.groups()
        else:
            day, month_name, year = found.groups()
        month = _MONTHS_EN.get(month_name.lower()) or _MONTHS_RU.get(month_name.lower())
        if month is None:
            continue
        try:
            return date(int(year), month, int(day)).isoformat()
        except ValueError:
            return None
    found = _DATE_ISO.match(line)
    if found:
        try:
            return date(*(int(g) for g in found.groups())).isoformat()
        except ValueError:
            return None
    return None


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MediaError(f"{source}: not UTF-8 or Windows-1251 text")


def read_text(data: bytes, source: str) -> SourceDocument:
    """Plain text or Markdown, with optional YAML front matter.

    Front-matter keys: ``url``, ``outlet``, ``published``, ``language``,
    ``title`` (and ``author``); any may be missing.
    """
    raw = _decode(data, source)
    meta: dict[str, Any] = {}
    found = _FRONT_MATTER.match(raw)
    body = raw
    if found:
        try:
            loaded = yaml.safe_load(found.group(1))
        except yaml.YAMLError as exc:
            raise MediaError(f"{source}: front matter is not valid YAML: {exc}") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise MediaError(f"{source}: front matter must be a mapping of keys to values")
        meta = loaded or {}
        body = raw[found.end() :]
    url = meta.get("url")
    trailer = _TRAILER.search(body)
    if trailer:
        url = url or trailer.group(1)
        body = body[: trailer.start()]
    title = meta.get("title")
    if title is None:
        heading = _HEADING.search(body)
        title = heading.group(1).strip() if heading else None
    published = _iso(meta.get("published"))
    if published is None:
        for line in [ln for ln in body.splitlines() if ln.strip()][:4]:
            published = _date_line(line)
            if published:
                break
    text, links = strip_markup(body.strip())
    return SourceDocument(
        source=source,
        sha256=sha256(data),
        kind="text",
        text=text.rstrip(),
        url=str(url) if url else None,
        title=str(title) if title else None,
        published=published,
        outlet=str(meta["outlet"]) if meta.get("outlet") else None,
        language=str(meta["language"]).lower() if meta.get("language") else None,
        author=str(meta["author"]) if meta.get("author") else None,
        links=links,
    )


def read_html(data: bytes, source: str) -> SourceDocument:
    """A saved web page: trafilatura extracts the main text, metadata and in-text links."""
    import trafilatura  # imported here: lxml and its friends are slow to load

    html = _decode(data, source)
    extracted = trafilatura.bare_extraction(
        html, with_metadata=True, include_links=True, include_comments=False
    )
    if extracted is None:
        raise MediaError(f"{source}: no article text found in the HTML page")
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = str(meta.get("text") or "")
    title = meta.get("title")
    # trafilatura puts the headline first in the text: the title is metadata, not a sentence
    if title and body.startswith(str(title)):
        body = body[len(str(title)) :].lstrip("\n")
    text, links = strip_markup(body.strip())
    return SourceDocument(
        source=source,
        sha256=sha256(data),
        kind="html",
        text=text.rstrip(),
        url=meta.get("url") or None,
        title=title or None,
        published=meta.get("date") or None,
        outlet=meta.get("sitename") or None,
        language=(str(meta["language"]).lower() if meta.get("language") else None),
        author=meta.get("author") or None,
        links=links,
    )


def fetch(url: str) -> bytes:
    """The body at ``url``; offline or failing, a :class:`MediaError` naming URL and reason."""
    request = urllib.request.Request(url, headers={"User-Agent": "laborscreen-media/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        message = f"{url}: cannot fetch ({reason}); save the page and ingest the file"
        raise MediaError(message) from exc
    if len(data) > MAX_BYTES:
        raise MediaError(f"{url}: larger than {MAX_BYTES} bytes")
    return data


def read_bytes(data: bytes, source: str, suffix: str) -> list[SourceDocument]:
    """Documents in ``data`` read as the kind its suffix (or its content) says."""
    from laborscreen.media.telegram import read_telegram

    suffix = suffix.lower()
    head = data[:2048].lstrip().lower()
    if suffix in JSON_SUFFIXES or (not suffix and head.startswith(b"{")):
        return read_telegram(data, source)
    if suffix in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return [read_html(data, source)]
    return [read_text(data, source)]


def read_source(target: str) -> list[SourceDocument]:
    """Documents at a path or URL."""
    if re.match(r"https?://", target):
        data = fetch(target)
        documents = read_bytes(data, target, Path(target.split("?")[0]).suffix)
        return [d if d.url else _with_url(d, target) for d in documents]
    path = Path(target)
    if not path.is_file():
        raise MediaError(f"{target}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise MediaError(f"{target}: larger than {MAX_BYTES} bytes")
    return read_bytes(path.read_bytes(), target, path.suffix)


def _with_url(document: SourceDocument, url: str) -> SourceDocument:
    from dataclasses import replace

    return replace(document, url=url)


def expand(targets: list[str]) -> Iterator[str]:
    """Paths and URLs to read: folders are walked for the file kinds read here."""
    readable = HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES
    for target in targets:
        path = Path(target)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in readable:
                    yield str(child)
        else:
            yield target

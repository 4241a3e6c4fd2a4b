"""Markdown-ish text to plain text, keeping every hyperlink with its place.

Articles arrive as Markdown (saved by hand, or produced by trafilatura from
HTML with ``include_links``): ``[anchor](url)`` links, ``<url>`` autolinks,
``**bold**``, ``# headings``, ``> quotes`` and ``![images](url)``. The
analysis works on plain text, and provenance needs the links: this module
strips the markup and records each link's anchor, target and offsets in the
plain text. Placeholder targets (``#``, empty) are dropped: they link nowhere.
"""

from __future__ import annotations

import re

from laborscreen.media.model import Link

_MARKUP = re.compile(
    r"!\[(?P<alt>[^\]]*)\]\([^)]*\)"  # image: dropped
    r"|\[(?P<anchor>[^\]]+)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)"  # [anchor](url "title")
    r"|<(?P<auto>https?://[^>\s]+)>"  # <https://…>
    r"|(?P<emph>\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))"  # emphasis markers
)
_LINE_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", re.MULTILINE)


def _real_url(url: str) -> bool:
    return bool(url) and not url.startswith("#") and not url.lower().startswith("javascript:")


def strip_markup(text: str) -> tuple[str, tuple[Link, ...]]:
    """Plain text and its links (offsets into the plain text)."""
    text = _LINE_PREFIX.sub("", text.replace("\r\n", "\n"))
    out: list[str] = []
    links: list[Link] = []
    size = 0
    position = 0
    for found in _MARKUP.finditer(text):
        out.append(text[position : found.start()])
        size += found.start() - position
        position = found.end()
        if found.group("anchor") is not None:
            anchor = strip_markup(found.group("anchor"))[0]
            url = found.group("url")
            if _real_url(url):
                links.append(Link(anchor, url, size, size + len(anchor)))
            out.append(anchor)
            size += len(anchor)
        elif found.group("auto") is not None:
            url = found.group("auto")
            links.append(Link(url, url, size, size + len(url)))
            out.append(url)
            size += len(url)
    out.append(text[position:])
    return "".join(out), tuple(links)

"""Telegram Desktop exports (``result.json``): one document per post.

Reads a single chat's export (``{"name", "type", "id", "messages"}``) or a
whole-account export (``{"chats": {"list": [...]}}``). For each message with
text it keeps: the time from ``date_unixtime`` (UTC), ``forwarded_from`` (the
post is another channel's content: that channel is the next step of every
claim's chain), ``reply_to_message_id`` / ``reply_to_peer_id`` (a reply to
another post), and the links of ``text_entities``: ``link`` (the URL is the
text), ``text_link`` (the URL is ``href``) and ``mention`` (``@name`` links
to ``https://t.me/name``). Service messages and posts without text are
skipped. The export does not record the channel's public username, so a post
has no URL of its own; links to ``t.me/<username>/<id>`` are resolved through
the known channels' usernames (:mod:`laborscreen.media.known`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from laborscreen.errors import MediaError
from laborscreen.media.model import Link, SourceDocument
from laborscreen.media.read import sha256


def _chats(data: Any, source: str) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        raise MediaError(f"{source}: not a Telegram Desktop export (top level is not an object)")
    if isinstance(data.get("messages"), list):
        return [data]
    chats = data.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return [c for c in chats["list"] if isinstance(c, dict)]
    raise MediaError(f"{source}: not a Telegram Desktop export (no 'messages' or 'chats.list')")


def _text(message: dict[str, Any], where: str) -> tuple[str, tuple[Link, ...]]:
    """The post's text and links, from ``text_entities`` (or ``text`` in old exports)."""
    entities = message.get("text_entities")
    if entities is None:
        raw = message.get("text", "")
        entities = [raw] if isinstance(raw, str) else raw
    if not isinstance(entities, list):
        raise MediaError(f"{where}: field 'text_entities' is not a list")
    parts: list[str] = []
    links: list[Link] = []
    size = 0
    for entity in entities:
        if isinstance(entity, str):
            piece, kind, href = entity, "plain", None
        elif isinstance(entity, dict):
            piece = str(entity.get("text", ""))
            kind = str(entity.get("type", "plain"))
            href = entity.get("href")
        else:
            raise MediaError(f"{where}: field 'text_entities' holds a {type(entity).__name__}")
        url = None
        if kind == "link":
            url = piece if "://" in piece else f"https://{piece}"
        elif kind == "text_link" and href:
            url = str(href)
        elif kind == "mention" and piece.startswith("@"):
            url = f"https://t.me/{piece[1:]}"
        if url:
            links.append(Link(piece, url, size, size + len(piece)))
        parts.append(piece)
        size += len(piece)
    return "".join(parts), tuple(links)


def _published(message: dict[str, Any], where: str) -> str | None:
    stamp = message.get("date_unixtime")
    if stamp not in (None, ""):
        try:
            return datetime.fromtimestamp(int(str(stamp)), tz=UTC).isoformat()
        except (ValueError, OverflowError, OSError) as exc:
            raise MediaError(
                f"{where}: field 'date_unixtime' is not a Unix time ({stamp!r})"
            ) from exc
    date = message.get("date")
    return str(date) if date else None


def read_telegram(data: bytes, source: str) -> list[SourceDocument]:
    """One :class:`SourceDocument` per text post of every chat in the export."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MediaError(f"{source}: not valid JSON: {exc}") from exc
    documents: list[SourceDocument] = []
    for chat in _chats(parsed, source):
        chat_name = str(chat.get("name") or f"chat {chat.get('id')}")
        for position, message in enumerate(chat["messages"]):
            where = f"{source}: message {position + 1}"
            if not isinstance(message, dict):
                raise MediaError(f"{where}: not an object")
            if message.get("type", "message") != "message":
                continue
            if "id" not in message:
                raise MediaError(f"{where}: field 'id' is missing")
            text, links = _text(message, where)
            if not text.strip():
                continue
            # the post's own bytes: its JSON with the chat it belongs to, canonical
            canonical = json.dumps(
                {"chat": chat_name, "chat_id": chat.get("id"), "message": message},
                sort_keys=True,
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode("utf-8")
            reply = message.get("reply_to_message_id")
            peer = message.get("reply_to_peer_id")
            reply_to = None
            if reply is not None:
                reply_to = f"{peer or chat_name}#{reply}"
            forwarded = message.get("forwarded_from")
            documents.append(
                SourceDocument(
                    source=f"{source}#{message['id']}",
                    sha256=sha256(canonical),
                    kind="telegram",
                    text=text,
                    published=_published(message, where),
                    outlet=chat_name,
                    author=str(message["from"]) if message.get("from") else None,
                    links=links,
                    channel=chat_name,
                    message_id=int(message["id"]),
                    forwarded_from=str(forwarded) if forwarded else None,
                    reply_to=reply_to,
                )
            )
    return documents

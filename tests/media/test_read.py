"""Readers: text with front matter, saved HTML, Telegram exports; checksums and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.media.conftest import FIXTURES

from laborscreen.errors import MediaError
from laborscreen.media.markup import strip_markup
from laborscreen.media.read import read_bytes, read_source, read_text
from laborscreen.media.telegram import read_telegram


def test_markdown_links_are_kept_with_offsets() -> None:
    text, links = strip_markup("Wildberries [said](#) it, **per** [RTVI](https://rtvi.com/x).")
    assert text == "Wildberries said it, per RTVI."
    assert [(link.text, link.url) for link in links] == [("RTVI", "https://rtvi.com/x")]
    assert text[links[0].start : links[0].end] == "RTVI"


def test_front_matter_gives_metadata() -> None:
    doc = read_text((FIXTURES / "ru_warehouse.md").read_bytes(), "ru_warehouse.md")
    assert doc.url == "https://sklad-info.example/news/2025/04/16/warehouse-video"
    assert doc.outlet == "Склад-Инфо"
    assert doc.published == "2025-04-16"
    assert doc.language == "ru"
    assert doc.title and doc.title.startswith("Видео из чата")
    assert not doc.text.startswith("---")


def test_text_without_front_matter_reads_title_date_and_trailer(seed_path: Path) -> None:
    [doc] = read_source(str(seed_path))
    assert doc.title == "Wildberries Accused of Hiring North Koreans at Moscow Region Warehouse"
    assert doc.published == "2025-04-15"
    assert doc.url is not None and doc.url.startswith("https://www.themoscowtimes.com/2025/04/15/")
    assert doc.outlet is None  # no metadata names it: analysis decides
    assert "Original url" not in doc.text


def test_missing_front_matter_keys_are_none() -> None:
    doc = read_text(b"---\ntitle: Only a title\n---\nSome text.\n", "x.md")
    assert (doc.title, doc.url, doc.outlet, doc.published, doc.language) == (
        "Only a title",
        None,
        None,
        None,
        None,
    )


def test_bad_front_matter_names_the_file() -> None:
    with pytest.raises(MediaError, match=r"x\.md: front matter"):
        read_text(b"---\n- a list\n---\ntext\n", "x.md")


def test_same_bytes_same_id() -> None:
    data = (FIXTURES / "en_plain.txt").read_bytes()
    assert read_text(data, "a.txt").id == read_text(data, "b.txt").id
    assert read_text(data + b" ", "a.txt").id != read_text(data, "a.txt").id


def test_html_page_gives_text_metadata_and_links() -> None:
    [doc] = read_source(str(FIXTURES / "en_report.html"))
    assert doc.kind == "html"
    assert doc.title == "Retailer's warehouse video draws questions"
    assert doc.author == "Jane Example"
    assert doc.outlet == "Northern Courier"
    assert doc.published == "2025-04-17"
    assert doc.url == "https://northern-courier.example/2025/04/17/warehouse-video"
    assert "Home" not in doc.text and "All rights reserved" not in doc.text
    urls = [link.url for link in doc.links]
    assert "https://t.me/warehouse_watch_example/2" in urls
    link = next(link for link in doc.links if "t.me" in link.url)
    assert doc.text[link.start : link.end] == "reported"


def test_telegram_export_one_document_per_text_post() -> None:
    docs = read_source(str(FIXTURES / "telegram" / "result.json"))
    assert [d.message_id for d in docs] == [2, 3]  # service message and photo-only post skipped
    forwarded, reply = docs
    assert forwarded.forwarded_from == "Осторожно, новости"
    assert forwarded.channel == forwarded.outlet == "Warehouse Watch"
    assert forwarded.published == "2025-04-14T10:00:00+00:00"
    assert reply.reply_to == "Warehouse Watch#2"
    assert [(link.text, link.url) for link in reply.links] == [
        ("@sklad_info_example", "https://t.me/sklad_info_example"),
        ("the report", "https://sklad-info.example/news/2025/04/16/warehouse-video"),
        (
            "https://northern-courier.example/2025/04/17/warehouse-video",
            "https://northern-courier.example/2025/04/17/warehouse-video",
        ),
    ]
    assert reply.text.startswith("According to @sklad_info_example, unnamed sources")
    assert docs[0].source.endswith("result.json#2")


def test_telegram_full_account_export_and_errors() -> None:
    chat = {"name": "C", "id": 5, "messages": [{"id": 1, "type": "message", "text": "hi"}]}
    whole = json.dumps({"chats": {"list": [chat]}}).encode()
    assert [d.text for d in read_telegram(whole, "r.json")] == ["hi"]
    with pytest.raises(MediaError, match=r"r\.json: not a Telegram Desktop export"):
        read_telegram(b'{"x": 1}', "r.json")
    bad = json.dumps({"messages": [{"type": "message", "text": "no id"}]}).encode()
    with pytest.raises(MediaError, match="message 1: field 'id' is missing"):
        read_telegram(bad, "r.json")


def test_unreadable_source_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such file"):
        read_source(str(tmp_path / "missing.md"))
    with pytest.raises(MediaError, match="not UTF-8"):
        read_bytes(b"\x98\xff\xfe\x00" * 3 + "é".encode("latin-1"), "bad.txt", ".txt")

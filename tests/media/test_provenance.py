"""The provenance graph across documents, allegation groups, and the exports."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from followthemoney import model
from tests.media.conftest import FIXTURES

from laborscreen.media.analyze import analyse
from laborscreen.media.export import ftm_entities, graph_json, graphml
from laborscreen.media.linking import Linker
from laborscreen.media.model import MediaDocument
from laborscreen.media.provenance import build_provenance
from laborscreen.media.read import read_source


def _analysed(linker: Linker, *names: str) -> list[MediaDocument]:
    return [analyse(s, linker) for name in names for s in read_source(str(FIXTURES / name))]


@pytest.fixture(scope="module")
def english(linker: Linker) -> list[MediaDocument]:
    return _analysed(linker, "en_report.html", "en_plain.txt")


def test_document_and_chain_edges(english: list[MediaDocument], linker: Linker) -> None:
    graph = build_provenance(english, linker.known)
    report = english[0]
    kinds = {(e.source, e.target, e.kind) for e in graph.edges}
    assert (report.id, "source:known:northern_courier", "published_by") not in kinds
    assert any(e.kind == "published_by" and e.source == report.id for e in graph.edges)
    claim = next(c for c in report.claims if "Elektrostal" in c.text)
    steps = [
        (e.source, e.target) for e in graph.edges if e.claim_id == claim.id and e.kind == "cites"
    ]
    assert steps[0][1] == "source:known:warehouse_watch"


def test_ftm_export_is_valid_followthemoney(english: list[MediaDocument], linker: Linker) -> None:
    entities = list(ftm_entities(english, linker.known))
    schemata = {e["schema"] for e in entities}
    assert {"Article", "Mention", "Note"} <= schemata
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"]
        assert ":" not in str(proxy.id)
    article = next(e for e in entities if e["schema"] == "Article" and "Northern" in repr(e))
    assert article["properties"]["topics"] == ["forced.labor"]
    assert article["properties"]["language"] == ["eng"]
    wb = next(
        e
        for e in entities
        if e["schema"] == "Mention" and e["properties"]["name"] == ["Wildberries"]
    )
    assert wb["properties"]["resolved"] == ["known-wildberries"]


def test_graph_files(english: list[MediaDocument], linker: Linker) -> None:
    graph = build_provenance(english, linker.known)
    data = json.loads(graph_json(graph))
    assert {"nodes", "edges", "groups"} <= set(data)
    root = ET.fromstring(graphml(graph))
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}node")) == len(graph.nodes)
    assert len(root.findall(f"{ns}graph/{ns}edge")) == len(graph.edges)


@pytest.mark.slow  # natasha's Russian models
def test_forward_links_and_cross_language_group(linker: Linker) -> None:
    docs = _analysed(linker, "telegram/result.json", "ru_warehouse.md", "en_report.html")
    post, reply, article_ru, article_en = docs
    graph = build_provenance(docs, linker.known)
    edges = {(e.source, e.target, e.kind) for e in graph.edges}
    assert (reply.id, post.id, "replies_to") in edges
    assert (reply.id, article_ru.id, "links_to") in edges  # text_link to the article's URL
    assert (reply.id, article_en.id, "links_to") in edges  # plain link
    assert (article_en.id, post.id, "links_to") in edges  # t.me/<username>/2 via known usernames
    assert (article_en.id, article_ru.id, "names_outlet") in edges  # "According to Склад-Инфо"
    # "hundreds hired" is one allegation in three documents and two languages
    hundreds = graph.group_of(next(c.id for c in reply.claims if "hundreds" in c.text))
    assert hundreds is not None
    assert set(hundreds.document_ids) == {reply.id, article_ru.id, article_en.id}
    assert hundreds.earliest["document_id"] == reply.id  # the Telegram post came first
    assert all(not o["located"] for o in hundreds.origins)
    [forwarded] = post.claims
    assert forwarded.attribution_chain[:2] == ["Warehouse Watch", "Осторожно, новости"]
    assert forwarded.attribution[1].role == "forward"


def test_graph_page_draws_every_source_and_marks_unlocated_origins(
    english: list[MediaDocument], linker: Linker
) -> None:
    from html.parser import HTMLParser

    from laborscreen.media.graph_page import layout, render_graph_page

    graph = build_provenance(english, linker.known)
    nodes, edges, width, height = layout(graph)
    drawn = {n.id for n in nodes}
    wanted = {n.id for n in graph.nodes.values() if n.kind in ("document", "source")}
    assert drawn == wanted
    assert edges and width > 0 and height > 0
    # documents come first, and whom a claim cites lies to the right of who cites it
    column = {n.id: n.x for n in nodes}
    for edge in graph.edges:
        if edge.kind == "cites" and edge.source in column and edge.target in column:
            assert column[edge.target] > column[edge.source] or edge.source == edge.target
    unlocated = [
        c for d in english for c in d.claims if not c.origin_located and len(c.attribution) > 1
    ]
    if unlocated:
        assert any(n.unlocated for n in nodes)

    page = render_graph_page(graph)

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

    parser = Tags()
    parser.feed(page)
    assert parser.tags.count("rect") == len(nodes)
    assert "script" not in parser.tags and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )

"""``laborscreen media``: ingest articles and posts, trace claims, show an entity's claims.

A thin shell over :mod:`laborscreen.media`; the media store is ``media.db`` in
``LABORSCREEN_HOME``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from laborscreen.cli import main
from laborscreen.cli.table import render


@main.group("media")
def media() -> None:
    """Adverse media: ingest articles and channel posts, trace every claim to its origin."""


_KNOWN = click.option(
    "--known",
    "known_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="More known organisations (YAML, the shape of resources/media_known_entities.yml).",
)
_NO_LISTS = click.option(
    "--no-lists", is_flag=True, help="Link to known organisations only, not to list entries."
)


@media.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--outlet", help="The outlet that published these documents.")
@_KNOWN
@_NO_LISTS
def ingest_command(
    paths: tuple[str, ...],
    as_json: bool,
    outlet: str | None,
    known_files: tuple[Path, ...],
    no_lists: bool,
) -> None:
    """Read HTML pages, text or Markdown files, Telegram exports (result.json) or URLs."""
    from laborscreen.media.ingest import ingest, make_linker
    from laborscreen.media.store import MediaStore

    linker = make_linker(known_files, lists=not no_lists)
    with MediaStore() as store:
        results = ingest(list(paths), store, linker, outlet)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "documents": [
                        _public(r.document.to_dict()) | {"added": r.added} for r in results
                    ],
                },
                ensure_ascii=False,
            )
        )
        return
    added = sum(r.added for r in results)
    claims = sum(len(r.document.claims) for r in results)
    plural = "" if len(results) == 1 else "s"
    click.echo(
        f"Ingested {len(results)} document{plural} ({added} new, "
        f"{len(results) - added} unchanged): {claims} claims."
    )
    rows = [
        (
            r.document.id,
            r.document.language,
            r.document.outlet or "",
            (r.document.source.published or "")[:10],
            len(r.document.claims),
            r.document.source.source,
        )
        for r in results
    ]
    click.echo(render(["document", "lang", "outlet", "published", "claims", "source"], rows))


def _public(document: dict[str, object]) -> dict[str, object]:
    """The document without its full text and offsets: what `--json` promises, and links."""
    return {k: v for k, v in document.items() if k not in ("text", "mentions")}


@media.command("trace")
@click.argument("claim")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def trace_command(claim: str, as_json: bool) -> None:
    """Show a claim's attribution chain as a tree (CLAIM: its id, or words of its sentence)."""
    from laborscreen.errors import MediaError
    from laborscreen.media.api import find_claims, trace
    from laborscreen.media.render import tree
    from laborscreen.media.store import MediaStore

    with MediaStore() as store:
        found = find_claims(claim, store)
        views = [trace(c.id, store) for c in found]
    if not found:
        raise MediaError(f"no stored claim is {claim!r} or contains it")
    if as_json:
        click.echo(json.dumps({"claims": [v.to_dict() for v in views if v]}, ensure_ascii=False))
        return
    for number, view in enumerate(v for v in views if v is not None):
        if number:
            click.echo("")
        click.echo("\n".join(tree(view)))


@media.command("show")
@click.argument("entity")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show_command(entity: str, as_json: bool) -> None:
    """List an entity's claims (ENTITY: an id such as known:wildberries, or a name)."""
    from laborscreen.media.api import claims_for
    from laborscreen.media.render import chain_line

    views = claims_for(entity)
    if as_json:
        click.echo(
            json.dumps(
                {"entity": entity, "claims": [v.to_dict() for v in views]}, ensure_ascii=False
            )
        )
        return
    click.echo(f"{entity}: {len(views)} claims")
    for view in views:
        published = (view.document.source.published or "date unknown")[:10]
        click.echo(f"{view.claim.id}  {view.claim.category}  {published}")
        click.echo(f"  {view.claim.text}")
        click.echo(f"  {chain_line(view)}")


@media.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ftm", "graph", "graphml", "html"]),
    default="ftm",
    show_default=True,
    help="ftm: FollowTheMoney JSON lines; graph: JSON nodes and edges; graphml: GraphML; "
    "html: the provenance graph drawn on one self-contained page.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def export_command(fmt: str, out: Path | None) -> None:
    """Export every stored document, mention and claim, or the provenance graph."""
    from laborscreen.media.api import provenance
    from laborscreen.media.export import ftm_entities, graph_json, graphml
    from laborscreen.media.known import load_known
    from laborscreen.media.store import MediaStore

    known = load_known()
    if fmt == "ftm":
        with MediaStore() as store:
            documents = list(store.documents())
        text = "".join(
            json.dumps(e, ensure_ascii=False) + "\n" for e in ftm_entities(documents, known)
        )
    elif fmt == "html":
        from laborscreen.media.graph_page import render_graph_page

        text = render_graph_page(provenance(known=known))
    else:
        graph = provenance(known=known)
        text = graph_json(graph) + "\n" if fmt == "graph" else graphml(graph)
    if out is None:
        click.echo(text, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    click.echo(f"wrote {out}")


@media.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_KNOWN
@_NO_LISTS
def eval_command(gold: Path, as_json: bool, known_files: tuple[Path, ...], no_lists: bool) -> None:
    """Precision and recall of linked entities, claims and attribution edges on a gold set."""
    from laborscreen.media.evaluate import evaluate
    from laborscreen.media.ingest import make_linker

    result = evaluate(gold, make_linker(known_files, lists=not no_lists))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{gold}: {result['documents']} documents")
    rows = [
        (name, result[name]["precision"], result[name]["recall"], result[name]["f1"])
        for name in ("entities", "claims", "attribution_edges")
    ]
    click.echo(render(["", "precision", "recall", "f1"], rows))
    matched = result["matched_claims"]
    click.echo(
        f"matched claims {matched['n']}: category {matched['category_accuracy']}, "
        f"origin located {matched['origin_located_accuracy']}, chain exact {matched['chain_exact']}"
    )

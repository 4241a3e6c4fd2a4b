"""Plain-text views of claims: the attribution chain as a tree, a claim's one-line summary."""

from __future__ import annotations

from laborscreen.media.api import ClaimView


def _wrap(text: str, width: int = 96) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def chain_line(view: ClaimView) -> str:
    located = "origin located" if view.claim.origin_located else "origin NOT located"
    return " → ".join(view.claim.attribution_chain) + f"  ({located})"


def tree(view: ClaimView) -> list[str]:
    """The claim, then its chain from the outlet down to the origin, one level per step."""
    claim, document = view.claim, view.document
    lines = [
        f"{claim.id}  {claim.category}",
        f'  "{_wrap(claim.text)}"',
        f"  in {document.id} ({document.source.source}"
        + (f", {document.source.published}" if document.source.published else "")
        + ")",
    ]
    for depth, step in enumerate(claim.attribution):
        branch = "" if depth == 0 else "    " * (depth - 1) + "└── "
        last = depth == len(claim.attribution) - 1
        detail = [] if step.role == "origin" else [step.role]
        if step.cue:
            detail.append(f"'{step.cue}'")
        if step.entity_id:
            detail.append(step.entity_id)
        if last:
            detail.append("origin, located" if claim.origin_located else "origin NOT located")
        lines.append(f"  {branch}{step.name}  [{', '.join(detail)}]")
        documents = view.sources[depth] if depth < len(view.sources) else ()
        for doc_id in documents:
            lines.append(f"  {'    ' * depth}    stored: {doc_id}")
    if claim.origin_note and not claim.origin_located:
        lines.append(f"  note: {_wrap(claim.origin_note)}")
    if view.group is not None and len(view.group.claim_ids) > 1:
        earliest = view.group.earliest
        lines.append(
            f"  same allegation in {len(view.group.document_ids)} documents; earliest known: "
            f"{earliest['document_id']} ({earliest.get('outlet') or 'outlet unknown'}, "
            f"{earliest.get('published') or 'date unknown'})"
        )
    return lines

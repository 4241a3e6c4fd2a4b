"""Plain-text tables for the terminal (no dependency beyond click)."""

from __future__ import annotations

from collections.abc import Sequence


def render(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    max_width: int | None = 48,
    rule: bool = True,
) -> str:
    """Columns padded to their widest cell; cells over ``max_width`` are cut with "…"."""

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        if max_width is None or len(text) <= max_width:
            return text
        return text[: max_width - 1] + "…"

    body = [[cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    if rule:
        lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in body]
    return "\n".join(line.rstrip() for line in lines)

"""Rendering the UI's pages: the Jinja2 environment, its filters and the common context."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from laborscreen.service.auth import Principal

_WORD = re.compile(r"\w+", re.UNICODE)


def highlight(text: object, words: Iterable[str]) -> Markup:
    """``text`` escaped, with each word that is one of ``words`` (any case) in ``<mark>``."""
    wanted = {w.casefold() for word in words for w in _WORD.findall(str(word or ""))}
    source = "" if text is None else str(text)
    out: list[str] = []
    last = 0
    for found in _WORD.finditer(source):
        out.append(str(escape(source[last : found.start()])))
        token = escape(found.group(0))
        out.append(f"<mark>{token}</mark>" if found.group(0).casefold() in wanted else str(token))
        last = found.end()
    out.append(str(escape(source[last:])))
    return Markup("".join(out))


def shown(value: object) -> str:
    """A JSON value as a reviewer reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("laborscreen.service.ui", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    env.filters["shown"] = shown
    return env


def page(
    template: str,
    principal: Principal | None,
    csrf: str | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    html = (
        environment()
        .get_template(template)
        .render(me=principal, csrf=csrf or "", can_review=_reviews(principal), **context)
    )
    headers: Mapping[str, str] = {
        # Pages hold case data: never cached, never framed, scripts only from here.
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
        "Referrer-Policy": "same-origin",
    }
    return HTMLResponse(html, status_code=status_code, headers=dict(headers))


def _reviews(principal: Principal | None) -> bool:
    from laborscreen.service.models import Role

    return principal is not None and principal.role.allows(Role.REVIEWER)

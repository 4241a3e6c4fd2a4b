"""The web UI: server-rendered pages for reviewers, served by the same process as the API.

Pages are Jinja2 templates (autoescaped) over the same service functions as
the JSON routes; a little JavaScript adds keyboard shortcuts and polls a
screening's progress. Logging in starts a session in ``user_sessions``
(cookie ``laborscreen_session``: HttpOnly, SameSite=Lax); every form that
changes something carries the session's CSRF token.
"""

from fastapi import APIRouter

from laborscreen.service.ui import media, pages

router = APIRouter(include_in_schema=False)
router.include_router(pages.router)
router.include_router(media.router)

__all__ = ["router"]

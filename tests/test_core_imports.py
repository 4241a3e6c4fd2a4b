"""The library core must not pull in a CLI or web framework."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "laborscreen.engine",
    "laborscreen.screening",
    "laborscreen.results",
    "laborscreen.sources",
    "laborscreen.store",
    "laborscreen.roster",
    "laborscreen.evaluation.queries",
    "laborscreen.evaluation.pairs",
    "laborscreen.settings",
    "laborscreen.errors",
    "laborscreen.media",
]
FORBIDDEN = ["click", "fastapi", "typer", "starlette", "flask", "sqlalchemy"]
# The service's own dependencies: the web server, the database drivers and migrations,
# the HTTP client and pydantic stay in laborscreen.service and laborscreen.cli.
FORBIDDEN += ["alembic", "uvicorn", "psycopg", "httpx", "pydantic"]


def test_core_imports_no_framework() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

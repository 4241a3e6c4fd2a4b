"""Where laborscreen keeps its data, and the few settings read from the environment.

``LABORSCREEN_HOME`` names the data directory (default: the per-user data
directory, e.g. ``~/.local/share/laborscreen``); it holds the embedded store
``laborscreen.db`` and downloaded list files under ``downloads/``.

``LABORSCREEN_DATABASE_URL`` names the service database (organisations, users,
API keys, cases and the audit trail) as an SQLAlchemy URL, e.g.
``postgresql+psycopg://user@host:5432/db``; by default it is the SQLite file
``service.db`` in the data directory, which needs no set-up.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_home() -> Path:
    """The data directory, created on first use."""
    env = os.environ.get("LABORSCREEN_HOME")
    home = Path(env).expanduser() if env else Path(platformdirs.user_data_dir("laborscreen"))
    home.mkdir(parents=True, exist_ok=True)
    return home


def store_path(home: Path | None = None) -> Path:
    return (home or data_home()) / "laborscreen.db"


def database_url(home: Path | None = None) -> str:
    """The service database URL: ``LABORSCREEN_DATABASE_URL``, else SQLite in the data directory."""
    env = os.environ.get("LABORSCREEN_DATABASE_URL", "").strip()
    if env:
        return env
    return f"sqlite:///{(home or data_home()) / 'service.db'}"

"""Results kept: the embedded SQLite store (list versions now; cases and decisions later).

Free of click and web frameworks, so the library, the CLI and the service share it.
"""

from __future__ import annotations

from laborscreen.store.lists import SCHEMA_VERSION, ListDiff, ListStore, ListVersion

__all__ = ["SCHEMA_VERSION", "ListDiff", "ListStore", "ListVersion"]

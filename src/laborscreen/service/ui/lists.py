"""The list versions page: every imported version of each list, and what changed in it."""

from __future__ import annotations

from typing import Any

from laborscreen.store import ListStore

#: Entry ids shown per change kind; the counts are always complete.
SHOWN_IDS = 20


def list_history(store: ListStore) -> list[dict[str, Any]]:
    """Per source, newest first: each version with its counts and the diff from the one before."""
    by_source: dict[str, list[Any]] = {}
    for version in store.versions():
        by_source.setdefault(version.source, []).append(version)
    current = {v.id for v in store.current_versions()}
    history = []
    for source, versions in sorted(by_source.items()):
        shown = []
        for before, version in zip([None, *versions[:-1]], versions, strict=True):
            change = None
            if before is not None:
                diff = store.diff(before.id, version.id)
                change = {
                    "from": before.id,
                    "added": list(diff.added[:SHOWN_IDS]),
                    "removed": list(diff.removed[:SHOWN_IDS]),
                    "changed": [
                        (i, list(diff.changed_fields.get(i, ()))) for i in diff.changed[:SHOWN_IDS]
                    ],
                    "counts": {
                        "added": len(diff.added),
                        "removed": len(diff.removed),
                        "changed": len(diff.changed),
                    },
                }
            shown.append({**version.to_dict(), "current": version.id in current, "diff": change})
        history.append({"source": source, "versions": list(reversed(shown))})
    return history

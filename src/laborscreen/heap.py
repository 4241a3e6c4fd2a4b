"""Keeping the cyclic garbage collector away from large, long-lived, acyclic data.

CPython's collector walks every tracked object in a full collection. The list
index holds millions of objects that live as long as the process and form no
reference cycles, as do the records of a large roster: walking them over and
over slowed building the index, and each full collection during screening
paused it (about 0.3 s on the official lists: ``full_collection_seconds`` of
``scripts/profile_screening.py``). Objects left to reference counting are
still freed the moment nothing refers to them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while the block builds many acyclic objects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Exempt every object alive now from later collections (``gc.freeze``).

    For long-lived data such as the list index. It also keeps the collector
    from writing to those objects in forked worker processes, where each
    write would make the kernel copy the page the object is on.
    """
    gc.freeze()

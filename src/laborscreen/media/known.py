"""Known organisations and media sources: names in both scripts, sites, channels.

``resources/media_known_entities.yml`` ships the ones the project's examples
need (Wildberries and the outlets that reported on it); users add their own
files in the same shape. Each becomes a ``known:<id>`` entity: its names go
into a small :class:`~laborscreen.engine.Screener` so that mentions are
matched across scripts by the project's own name matcher, its domains say
which outlet published a web page, and its Telegram usernames resolve
``t.me`` links to channels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from laborscreen.errors import MediaError
from laborscreen.model import Entity, Name, NameKind, Schema
from laborscreen.names import analyze
from laborscreen.resources import load_yaml

KINDS = frozenset({"company", "outlet", "channel", "government", "other"})
#: Kinds whose members publish: a document from their site or channel is theirs.
PUBLISHERS = frozenset({"outlet", "channel"})


@dataclass(frozen=True, slots=True)
class KnownEntity:
    id: str  # known:<id>
    kind: str
    schema: str  # FollowTheMoney schema name
    names: tuple[str, ...]
    domains: tuple[str, ...] = ()
    telegram: tuple[str, ...] = ()
    source: str = ""

    @property
    def caption(self) -> str:
        return self.names[0]

    def entity(self) -> Entity:
        """The entity the name matcher screens mentions against."""
        schema = Schema.COMPANY if self.schema == "Company" else Schema.ORGANIZATION
        names = tuple(
            Name(name, NameKind.PRIMARY if i == 0 else NameKind.ALIAS)
            for i, name in enumerate(self.names)
        )
        return Entity(id=self.id, source="known", schema=schema, names=names)


def name_key(name: str) -> str:
    """A name reduced for comparison across scripts: Latin, lower case, legal form split off."""
    form = analyze(name, True)
    return form.text or re.sub(r"\W+", " ", name.lower()).strip()


def host_of(url: str) -> str:
    host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.")


def _parse(data: Any, where: str) -> list[KnownEntity]:
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise MediaError(f"{where}: expected a mapping with an 'entities' list")
    out: list[KnownEntity] = []
    for position, item in enumerate(data["entities"], start=1):
        at = f"{where}: entity {position}"
        if not isinstance(item, dict):
            raise MediaError(f"{at}: not a mapping")
        ident = str(item.get("id") or "").strip()
        if not ident:
            raise MediaError(f"{at}: field 'id' is missing")
        names = item.get("names")
        if not isinstance(names, list) or not names:
            raise MediaError(f"{at} ({ident}): field 'names' must be a non-empty list")
        kind = str(item.get("kind", "other"))
        if kind not in KINDS:
            raise MediaError(f"{at} ({ident}): field 'kind' must be one of {sorted(KINDS)}")
        out.append(
            KnownEntity(
                id=ident if ident.startswith("known:") else f"known:{ident}",
                kind=kind,
                schema=str(item.get("schema", "Organization")),
                names=tuple(str(n) for n in names),
                domains=tuple(str(d).lower() for d in item.get("domains") or ()),
                telegram=tuple(str(t).lower().lstrip("@") for t in item.get("telegram") or ()),
                source=str(item.get("source", "")),
            )
        )
    return out


@cache
def shipped() -> tuple[KnownEntity, ...]:
    return tuple(_parse(load_yaml("media_known_entities.yml"), "media_known_entities.yml"))


def load_known(paths: Sequence[str | Path] = ()) -> KnownRegistry:
    """The shipped known entities plus those in ``paths`` (a later file's id replaces)."""
    entries = {e.id: e for e in shipped()}
    for path in paths:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise MediaError(f"{path}: cannot read known entities: {exc}") from exc
        entries.update({e.id: e for e in _parse(data, str(path))})
    return KnownRegistry(entries.values())


class KnownRegistry:
    """Look-ups over the known entities: by id, name key, domain, Telegram username."""

    def __init__(self, entries: Iterable[KnownEntity]) -> None:
        self.entries = {e.id: e for e in entries}
        self._by_key: dict[str, KnownEntity] = {}
        self._by_domain: dict[str, KnownEntity] = {}
        self._by_handle: dict[str, KnownEntity] = {}
        for entry in self.entries.values():
            for name in entry.names:
                self._by_key.setdefault(name_key(name), entry)
            for domain in entry.domains:
                self._by_domain[domain.removeprefix("www.")] = entry
            for handle in entry.telegram:
                self._by_handle[handle] = entry

    def __iter__(self) -> Any:
        return iter(self.entries.values())

    def get(self, entity_id: str) -> KnownEntity | None:
        return self.entries.get(entity_id)

    def by_name(self, name: str) -> KnownEntity | None:
        """The entity one of whose names has the same key (exact, across scripts),
        or whose Telegram username ``@name`` is."""
        if name.startswith("@"):
            return self._by_handle.get(name[1:].lower())
        return self._by_key.get(name_key(name))

    def by_url(self, url: str) -> KnownEntity | None:
        """The publisher whose site or Telegram channel ``url`` is on."""
        host = host_of(url)
        if host == "t.me":
            path = urlsplit(url if "://" in url else f"https://{url}").path.strip("/")
            handle = path.split("/")[0].lower()
            return self._by_handle.get(handle)
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        return None

    def handles_of(self, name: str) -> tuple[str, ...]:
        entry = self.by_name(name)
        return entry.telegram if entry else ()

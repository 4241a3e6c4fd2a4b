"""What is screened: a person or organisation as a roster row or API call gives it."""

from __future__ import annotations

from dataclasses import dataclass, field

from laborscreen.model import Identifier, PartialDate, Schema


@dataclass(frozen=True, slots=True)
class Query:
    names: tuple[str, ...]  # every spelling the record holds (Cyrillic FIO, passport Latin…)
    schema: Schema = Schema.PERSON
    birth_date: PartialDate | None = None
    nationalities: tuple[str, ...] = ()  # ISO alpha-2
    gender: str | None = None
    identifiers: tuple[Identifier, ...] = field(default_factory=tuple)

    @property
    def is_org(self) -> bool:
        return not self.schema.is_person

"""The exception tree and the structured problem record.

::

    LaborscreenError            root: every error laborscreen raises on purpose
    ├── ListFormatError         a list file cannot be read (file, position)
    ├── ListUnavailableError    a list cannot be downloaded (offline, HTTP error)
    ├── RosterError             a roster cannot be read at all (file, reason)
    ├── StoreError              the embedded store is missing, locked or inconsistent
    ├── EvaluationFormatError   an evaluation or benchmark file is malformed
    ├── RulePackError           a labour rule pack is malformed (every problem listed)
    ├── ServiceError            a service request or admin command cannot be carried out
    │                           (HTTP status, machine-readable code, details)
    └── MediaError              an adverse-media document, gold file or known-entity
                                file cannot be read (file, position, reason)

A single bad roster row is *not* an exception: it becomes a :class:`Problem`
collected beside the results, so that the rest of the file is still screened.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


class LaborscreenError(Exception):
    """Root of every error laborscreen raises on purpose."""


class ListFormatError(LaborscreenError):
    """A list file is malformed, hostile or too large. The message names file and position."""

    def __init__(self, path: str, message: str, position: str | None = None) -> None:
        self.path = path
        self.position = position
        where = f"{path}" + (f" ({position})" if position else "")
        super().__init__(f"{where}: {message}")


class ListUnavailableError(LaborscreenError):
    """An official list could not be fetched; the previous version stays in force."""


class RosterError(LaborscreenError):
    """A roster file cannot be read at all (missing, unknown format, no name column)."""


class StoreError(LaborscreenError):
    """The embedded store is missing data or inconsistent."""


class EvaluationFormatError(LaborscreenError):
    """An evaluation or benchmark file does not have the documented shape."""


class RulePackError(LaborscreenError):
    """Rule packs that cannot be loaded; ``problems`` lists each one with file and rule id."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = "a rule pack is invalid" if count == 1 else f"rule packs have {count} problems"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class ServiceError(LaborscreenError):
    """A request to the service (HTTP or admin command) that cannot be carried out.

    ``status`` is the HTTP status the API answers with, ``code`` a stable
    machine-readable word (``unauthorized``, ``forbidden``, ``not_found``,
    ``invalid_query``…), ``details`` structured context such as the field at fault.
    """

    def __init__(
        self, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        super().__init__(message)


class MediaError(LaborscreenError):
    """An adverse-media input (document, URL, gold file, known entities) cannot be read."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input row: reported, never fatal to the run."""

    file: str
    row: int  # 1-based data row number (the header is row 0)
    field: str | None
    message: str
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.file}: row {self.row}" + (f", field {self.field!r}" if self.field else "")
        shown = f" ({self.value!r})" if self.value else ""
        return f"{where}: {self.message}{shown}"

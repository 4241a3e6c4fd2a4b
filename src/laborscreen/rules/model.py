"""What labour rules are made of: packs, rules, legal citations, and the findings they give.

A pack (one YAML file, see :mod:`laborscreen.rules.loader`) holds record rules, judged on
each roster row, and roster rules, judged on groups of rows. Applying them gives
:class:`Finding` values (one rule on one row) and :class:`RosterFinding` values (one rule
on a cluster of rows that share a value); both carry the rule's legal basis and the
evidence read, so that an auditor can follow each one back to the law and the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from laborscreen.rules.conditions import Condition


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe, for sorting."""
        return list(Severity).index(self)


class Status(StrEnum):
    HIT = "hit"  # the rule's condition holds
    NOT_ASSESSABLE = "not_assessable"  # the rule applies but the roster lacks what it needs


@dataclass(frozen=True, slots=True)
class Citation:
    """One legal source of a rule: the instrument, the paragraph within it, and a link."""

    instrument: str
    paragraph: str
    url: str

    def to_dict(self) -> dict[str, str]:
        return {"instrument": self.instrument, "paragraph": self.paragraph, "url": self.url}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What every rule says about itself, whatever its scope."""

    id: str
    pack: str
    title: str
    severity: Severity
    jurisdiction: str
    legal_basis: tuple[Citation, ...]
    explanation: str
    evidence: tuple[str, ...] = ()  # extra fields/facts shown with each finding

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.id,
            "pack": self.pack,
            "title": self.title,
            "severity": self.severity.value,
            "jurisdiction": self.jurisdiction,
            "legal_basis": [c.to_dict() for c in self.legal_basis],
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class RecordRule:
    """A rule judged on one roster row.

    ``applies_when`` says whether the rule concerns the row at all (only a true answer
    counts, so a rule about foreign workers stays silent on a row of unknown
    citizenship); ``requires`` lists what the row must hold; ``when`` is the breach.
    """

    info: RuleInfo
    when: Condition
    applies_when: Condition | None = None
    requires: tuple[str, ...] = ()  # field or fact names


@dataclass(frozen=True, slots=True)
class Window:
    """Rows of a group count together only when this date field lies within ``days``."""

    field: str
    days: int


@dataclass(frozen=True, slots=True)
class RosterRule:
    """A rule judged on groups of rows that share the values of ``group_by``."""

    info: RuleInfo
    group_by: tuple[str, ...]  # field or fact names
    min_size: int
    filter: Condition | None = None  # which rows take part
    window: Window | None = None
    require_member: Condition | None = None  # a group counts only if a member meets this


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    jurisdiction: str
    description: str
    path: Path
    record_rules: tuple[RecordRule, ...]
    roster_rules: tuple[RosterRule, ...]

    @property
    def rules(self) -> tuple[RuleInfo, ...]:
        return tuple(r.info for r in self.record_rules) + tuple(r.info for r in self.roster_rules)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The packs a screening applies, in the order given."""

    packs: tuple[Pack, ...] = ()

    @property
    def record_rules(self) -> tuple[RecordRule, ...]:
        return tuple(r for p in self.packs for r in p.record_rules)

    @property
    def roster_rules(self) -> tuple[RosterRule, ...]:
        return tuple(r for p in self.packs for r in p.roster_rules)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.packs)

    def __bool__(self) -> bool:
        return bool(self.packs)


@dataclass(frozen=True, slots=True)
class Finding:
    """One record rule on one row: a hit, or not assessable for want of ``missing``."""

    rule: RuleInfo
    status: Status
    evidence: dict[str, Any]  # field/fact -> the value read
    missing: dict[str, str] = field(default_factory=dict)  # field/fact -> why it is unknown

    def to_dict(self) -> dict[str, Any]:
        info = self.rule.to_dict()
        return {
            "rule_id": info.pop("rule_id"),
            "pack": info.pop("pack"),
            "severity": info.pop("severity"),
            "status": self.status.value,
            "legal_basis": info.pop("legal_basis"),
            "evidence": self.evidence,
            "missing": self.missing,
            **info,
        }


@dataclass(frozen=True, slots=True)
class RosterFinding:
    """One roster rule on one cluster of rows, named with the value that links them."""

    rule: RuleInfo
    status: Status
    rows: tuple[int, ...]
    shared_value: str | None  # e.g. "agency: ООО «Восток»; citizenship_code: KP"
    shared: dict[str, Any] = field(default_factory=dict)  # group_by name -> value
    evidence: dict[str, Any] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        info = self.rule.to_dict()
        return {
            "rule_id": info.pop("rule_id"),
            "pack": info.pop("pack"),
            "severity": info.pop("severity"),
            "status": self.status.value,
            "rows": list(self.rows),
            "shared_value": self.shared_value,
            "shared": self.shared,
            "legal_basis": info.pop("legal_basis"),
            "evidence": self.evidence,
            "missing": self.missing,
            **info,
        }

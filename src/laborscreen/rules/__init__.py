"""Labour rules: rule packs applied to every roster row and to the roster as a whole.

Pipeline position: after list screening. A rule pack (YAML, see docs/rules.md) holds
rules with a legal basis and a condition over roster fields and derived facts
(:mod:`~laborscreen.rules.facts`); :func:`load_rules` reads and checks packs,
:func:`apply_rules` judges a roster and returns :class:`Finding` and
:class:`RosterFinding` values. Shipped packs: ``un_dprk_labour``, ``us_caatsa``,
``ru_115fz``, ``red_flags``.
"""

from laborscreen.rules.apply import apply_rules
from laborscreen.rules.facts import FACTS, ListEvidence, RecordView
from laborscreen.rules.loader import load_pack, load_rules, shipped_packs
from laborscreen.rules.model import (
    Citation,
    Finding,
    Pack,
    RecordRule,
    RosterFinding,
    RosterRule,
    RuleInfo,
    RuleSet,
    Severity,
    Status,
)

__all__ = [
    "FACTS",
    "Citation",
    "Finding",
    "ListEvidence",
    "Pack",
    "RecordRule",
    "RecordView",
    "RosterFinding",
    "RosterRule",
    "RuleInfo",
    "RuleSet",
    "Severity",
    "Status",
    "apply_rules",
    "load_pack",
    "load_rules",
    "shipped_packs",
]

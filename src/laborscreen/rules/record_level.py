"""Judging one record rule on one roster row: a hit, not assessable, or nothing.

The order matters for what the user sees. ``applies_when`` first: only a definite yes
lets the rule speak, so a rule about foreign workers says nothing about a Russian citizen
(nor about a row whose citizenship is unknown: a rule that needs the citizenship says so
itself through ``requires``). Then ``requires``: a name the row lacks makes the finding
"not assessable". Then ``when``: true is a hit, unknown is "not assessable", false is no
finding. Evidence is every value the rule read, plus the rule's extra ``evidence`` names.
"""

from __future__ import annotations

from laborscreen.rules.conditions import Ref
from laborscreen.rules.facts import FACTS, RecordView
from laborscreen.rules.model import Finding, RecordRule, RuleInfo, Status


def ref(name: str) -> Ref:
    """A name of a rule pack as a reference: facts and fields never share a name."""
    return Ref("fact" if name in FACTS else "field", name)


def add_evidence(view: RecordView, info: RuleInfo) -> None:
    """Read the rule's extra evidence names into the view's evidence, when known."""
    for name in info.evidence:
        value, _ = view.lookup(ref(name))
        if value is not None and value != []:
            view.evidence.setdefault(name, value)


def judge(rule: RecordRule, view: RecordView) -> Finding | None:
    view.reset()
    if rule.applies_when is not None and rule.applies_when.evaluate(view) is not True:
        return None
    lacking = False
    for name in rule.requires:
        if view.value(ref(name)) is None:
            lacking = True
    outcome = rule.when.evaluate(view)
    if lacking or outcome is None:
        status = Status.NOT_ASSESSABLE
    elif outcome:
        status = Status.HIT
    else:
        return None
    add_evidence(view, rule.info)
    missing = dict(view.missing) if status is Status.NOT_ASSESSABLE else {}
    return Finding(rule.info, status, dict(view.evidence), missing)

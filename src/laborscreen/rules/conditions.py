"""The condition language of rule packs: parsed from YAML, checked, evaluated in three values.

A condition is a tree of plain nodes; no Python is ever evaluated. Leaves test one roster
field or derived fact (``{field: visa_purpose, present: true}``,
``{fact: purpose_category, in: [study, trainee]}``) or count the days between two dates
(``{working_days_between: {from: hire_date, to: notification_date, more_than: 3}}``);
``all``, ``any`` and ``not`` combine them.

Evaluation has three outcomes: true, false and unknown (``None``). A value the record
lacks, cannot be read (an unreadable date) or is ambiguous ("Корея") makes its test
unknown, and unknown spreads the way Kleene's logic says (``all`` is false as soon as one
part is false, ``any`` true as soon as one is true). A rule whose condition ends unknown
reports "not assessable" instead of passing silently. ``present`` is the one test that
reads a blank cell as an answer ("no work permit"), but only when the roster has the
column at all: without the column it is unknown too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

Truth = bool | None

#: Predicates of a field or fact test, and the kind of argument each takes.
PREDICATES: dict[str, str] = {
    "present": "bool",
    "equals": "scalar",
    "in": "list",
    "matches": "regex",
    "before": "date",
    "after": "date",
    "on_or_before": "date",
    "on_or_after": "date",
    "greater_than": "number",
    "less_than": "number",
    "at_least": "number",
    "at_most": "number",
}

#: Nodes that count days between two date fields.
INTERVALS = ("days_between", "working_days_between")
#: Comparisons an interval node may make with its count.
COMPARISONS = ("more_than", "less_than", "at_least", "at_most")


@dataclass(frozen=True, slots=True)
class Ref:
    """A name a condition reads: a roster field or a derived fact."""

    kind: str  # "field" or "fact"
    name: str


class Context(Protocol):
    """What a condition reads from one record (implemented by ``facts.RecordView``)."""

    def present(self, ref: Ref) -> bool | None:
        """Whether the record has a value; None when the roster lacks the column."""

    def value(self, ref: Ref) -> Any:
        """The value, or None when blank, unreadable or ambiguous (the view notes why)."""

    def date_value(self, ref: Ref) -> tuple[date, date] | None:
        """The earliest and latest day a date value can mean; None when unknown."""

    def number_value(self, ref: Ref) -> float | None: ...

    def working_days(self, start: date, end: date) -> int: ...


@dataclass(frozen=True, slots=True)
class Namespace:
    """The names conditions may use: roster fields, and facts with their possible values."""

    fields: frozenset[str]
    facts: Mapping[str, tuple[Any, ...] | None]  # fact -> its values, None when open-ended


class Condition(Protocol):
    def evaluate(self, ctx: Context) -> Truth: ...

    def refs(self) -> Iterator[Ref]: ...


def _combined(parts: tuple[Condition, ...], ctx: Context, decisive: bool) -> Truth:
    """Three-valued AND (``decisive`` False) or OR (True): a decisive part
    settles it, otherwise an unknown part leaves it unknown."""
    result: Truth = not decisive
    for part in parts:
        value = part.evaluate(ctx)
        if value is decisive:
            return decisive
        if value is None:
            result = None
    return result


def _refs(parts: tuple[Condition, ...]) -> Iterator[Ref]:
    for part in parts:
        yield from part.refs()


@dataclass(frozen=True, slots=True)
class All:
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context) -> Truth:
        return _combined(self.parts, ctx, False)

    def refs(self) -> Iterator[Ref]:
        return _refs(self.parts)


@dataclass(frozen=True, slots=True)
class Any_:
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context) -> Truth:
        return _combined(self.parts, ctx, True)

    def refs(self) -> Iterator[Ref]:
        return _refs(self.parts)


@dataclass(frozen=True, slots=True)
class Not:
    part: Condition

    def evaluate(self, ctx: Context) -> Truth:
        value = self.part.evaluate(ctx)
        return None if value is None else not value

    def refs(self) -> Iterator[Ref]:
        yield from self.part.refs()


def _same(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, bool) or isinstance(value, bool):
        return value is wanted
    if isinstance(wanted, str) and isinstance(value, str):
        return value.casefold() == wanted.casefold()
    return bool(value == wanted)


def _each(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass(frozen=True, slots=True)
class Check:
    """One predicate on one field or fact. List-valued facts pass when any element does."""

    ref: Ref
    predicate: str
    argument: Any

    def evaluate(self, ctx: Context) -> Truth:
        op, arg = self.predicate, self.argument
        if op == "present":
            found = ctx.present(self.ref)
            return None if found is None else found is arg
        kind = PREDICATES[op]
        if kind == "date":
            span = ctx.date_value(self.ref)
            return None if span is None else _compare_dates(op, span, arg)
        if kind == "number":
            number = ctx.number_value(self.ref)
            return None if number is None else _compare(op, number, float(arg))
        value = ctx.value(self.ref)
        if value is None:
            return None
        items = _each(value)
        if op == "equals":
            return any(_same(v, arg) for v in items)
        if op == "in":
            return any(_same(v, a) for v in items for a in arg)
        pattern = re.compile(str(arg), re.IGNORECASE)
        return any(pattern.search(str(v)) is not None for v in items)

    def refs(self) -> Iterator[Ref]:
        yield self.ref


@dataclass(frozen=True, slots=True)
class Interval:
    """Calendar or working days from one date field to another, compared with a number."""

    kind: str  # days_between / working_days_between
    start: Ref
    end: Ref
    comparison: str
    limit: int

    def evaluate(self, ctx: Context) -> Truth:
        start, end = ctx.date_value(self.start), ctx.date_value(self.end)
        if start is None or end is None:
            return None
        if start[0] != start[1] or end[0] != end[1]:
            return None  # a month or a year is not enough to count days
        if self.kind == "working_days_between":
            count = ctx.working_days(start[0], end[0])
        else:
            count = (end[0] - start[0]).days
        return _compare(self.comparison, float(count), float(self.limit))

    def refs(self) -> Iterator[Ref]:
        yield self.start
        yield self.end


def _compare(op: str, value: float, limit: float) -> bool:
    if op in ("greater_than", "more_than"):
        return value > limit
    if op == "less_than":
        return value < limit
    if op == "at_least":
        return value >= limit
    return value <= limit  # at_most


def _compare_dates(op: str, span: tuple[date, date], day: date) -> Truth:
    """A partial date (a month, a year) answers only when all its days agree."""
    earliest, latest = span
    if op == "before":
        return True if latest < day else False if earliest >= day else None
    if op == "on_or_before":
        return True if latest <= day else False if earliest > day else None
    if op == "after":
        return True if earliest > day else False if latest <= day else None
    return True if earliest >= day else False if latest < day else None  # on_or_after


# ---- parsing and checking --------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


class _Parser:
    def __init__(self, names: Namespace, where: str, problems: list[str]) -> None:
        self.names = names
        self.where = where
        self.problems = problems

    def fail(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")

    def ref(self, kind: str, name: Any) -> Ref | None:
        if not isinstance(name, str):
            self.fail(f"{kind} name must be text, not {name!r}")
            return None
        known = self.names.fields if kind == "field" else self.names.facts
        if name not in known:
            other = self.names.facts if kind == "field" else self.names.fields
            hint = f" (it is a {'fact' if kind == 'field' else 'field'})" if name in other else ""
            self.fail(f"unknown {kind} {name!r}{hint}")
            return None
        return Ref(kind, name)

    def node(self, data: Any) -> Condition | None:
        if not isinstance(data, dict) or not data:
            self.fail(f"a condition must be a mapping, not {data!r}")
            return None
        if len(data) == 1:
            ((key, value),) = data.items()
            if key in ("all", "any"):
                return self.group(key, value)
            if key == "not":
                part = self.node(value)
                return None if part is None else Not(part)
            if key in INTERVALS:
                return self.interval(key, value)
        if "field" in data or "fact" in data:
            return self.test(data)
        self.fail(
            f"unknown condition {sorted(map(str, data))}: expected all, any, not, "
            f"field, fact, {', '.join(INTERVALS)}"
        )
        return None

    def group(self, key: str, value: Any) -> Condition | None:
        if not isinstance(value, list) or not value:
            self.fail(f"'{key}' needs a non-empty list of conditions")
            return None
        parts = [self.node(item) for item in value]
        if any(p is None for p in parts):
            return None
        done = tuple(p for p in parts if p is not None)
        return All(done) if key == "all" else Any_(done)

    def test(self, data: dict[Any, Any]) -> Condition | None:
        kinds = [k for k in ("field", "fact") if k in data]
        if len(kinds) != 1:
            self.fail(f"a test names one field or one fact, not both: {data!r}")
            return None
        kind = kinds[0]
        ref = self.ref(kind, data[kind])
        predicates = [k for k in data if k != kind]
        unknown = [str(k) for k in predicates if k not in PREDICATES]
        if unknown:
            self.fail(f"unknown predicate {unknown} (known: {', '.join(PREDICATES)})")
            return None
        if len(predicates) != 1:
            self.fail(f"a test has exactly one predicate: {data!r}")
            return None
        op = str(predicates[0])
        arg = self.argument(op, data[op], ref)
        if ref is None or arg is _BAD:
            return None
        return Check(ref, op, arg)

    def argument(self, op: str, arg: Any, ref: Ref | None) -> Any:
        kind = PREDICATES[op]
        if kind == "bool" and isinstance(arg, bool):
            return arg
        if kind == "scalar" and _scalar(arg):
            return arg if self.allowed(ref, [arg]) else _BAD
        if kind == "list" and isinstance(arg, list) and arg and all(map(_scalar, arg)):
            return tuple(arg) if self.allowed(ref, arg) else _BAD
        if kind == "regex" and isinstance(arg, str):
            try:
                re.compile(arg)
            except re.error as exc:
                self.fail(f"'{op}': bad regular expression {arg!r}: {exc}")
                return _BAD
            return arg
        if kind == "date" and _as_date(arg) is not None:
            return _as_date(arg)
        if kind == "number" and isinstance(arg, int | float) and not isinstance(arg, bool):
            return arg
        wanted = {
            "bool": "true or false",
            "scalar": "one value",
            "list": "a non-empty list of values",
            "regex": "a regular expression",
            "date": "a date (YYYY-MM-DD)",
            "number": "a number",
        }[kind]
        self.fail(f"'{op}' needs {wanted}, not {arg!r}")
        return _BAD

    def allowed(self, ref: Ref | None, values: list[Any]) -> list[Any]:
        """The values, if the fact can take each of them; else notes a problem."""
        if ref is None or ref.kind != "fact":
            return values
        possible = self.names.facts.get(ref.name)
        if possible is None:
            return values
        wrong = [v for v in values if not any(_same(v, p) for p in possible)]
        if wrong:
            self.fail(
                f"fact {ref.name!r} is never {wrong} (its values: {', '.join(map(str, possible))})"
            )
            return []
        return values

    def interval(self, key: str, value: Any) -> Condition | None:
        if not isinstance(value, dict):
            self.fail(f"'{key}' needs a mapping with from, to and one comparison")
            return None
        unknown = sorted(str(k) for k in value if k not in ("from", "to", *COMPARISONS))
        if unknown:
            self.fail(f"'{key}': unknown keys {unknown}")
            return None
        comparisons = [k for k in COMPARISONS if k in value]
        start = self.ref("field", value.get("from"))
        end = self.ref("field", value.get("to"))
        if len(comparisons) != 1:
            self.fail(f"'{key}' needs exactly one of {', '.join(COMPARISONS)}")
            return None
        limit = value[comparisons[0]]
        if not isinstance(limit, int) or isinstance(limit, bool):
            self.fail(f"'{key}': {comparisons[0]} needs a whole number of days, not {limit!r}")
            return None
        if start is None or end is None:
            return None
        return Interval(key, start, end, comparisons[0], limit)


_BAD = object()


def parse_condition(
    data: Any, names: Namespace, where: str, problems: list[str]
) -> Condition | None:
    """The condition written in ``data``; problems are appended, prefixed with ``where``."""
    return _Parser(names, where, problems).node(data)

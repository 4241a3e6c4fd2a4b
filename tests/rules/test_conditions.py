"""The condition language: three-valued logic, and what "present" means without a column."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborscreen.model import Schema
from laborscreen.roster import RosterRecord
from laborscreen.roster.headers import canonical_fields
from laborscreen.rules.conditions import All, Any_, Condition, Not, Ref, parse_condition
from laborscreen.rules.facts import FACTS, ListEvidence, RecordView, namespace

NAMES = namespace(frozenset(canonical_fields()))


def view(fields: dict[str, str], columns: set[str] | None = None) -> RecordView:
    record = RosterRecord(
        row=1, schema=Schema.PERSON, name="Пак Сон Ир", first_name=None, last_name=None,
        middle_name=None, name_latin=None, birth_date=None, nationality=None, gender=None,
        passport=fields.get("passport"), identifiers=(), fields=fields, extra={},
    )  # fmt: skip
    return RecordView(record, frozenset(columns if columns is not None else fields))


def cond(data: Any) -> Condition:
    problems: list[str] = []
    found = parse_condition(data, NAMES, "test", problems)
    assert problems == [] and found is not None, problems
    return found


class Const:
    def __init__(self, value: bool | None) -> None:
        self.value = value

    def evaluate(self, ctx: object) -> bool | None:
        return self.value

    def refs(self) -> Any:
        return iter(())


TRUTH = st.sampled_from([True, False, None])


@given(st.lists(TRUTH, min_size=1, max_size=5))
def test_all_and_any_follow_kleene_logic(values: list[bool | None]) -> None:
    parts = tuple(Const(v) for v in values)
    everything = All(parts).evaluate(view({}))
    some = Any_(parts).evaluate(view({}))
    assert everything is (False if False in values else None if None in values else True)
    assert some is (True if True in values else None if None in values else False)


@given(TRUTH)
def test_not_keeps_unknown_unknown(value: bool | None) -> None:
    assert Not(Const(value)).evaluate(view({})) is (None if value is None else not value)


def test_present_reads_a_blank_cell_as_an_answer_only_when_the_column_exists() -> None:
    permit = cond({"field": "work_permit", "present": False})
    assert permit.evaluate(view({}, {"work_permit"})) is True
    assert permit.evaluate(view({"work_permit": "РНР 77 2500114"})) is False
    assert permit.evaluate(view({"work_permit": "н/д"}, {"work_permit"})) is True  # placeholder
    no_column = view({}, set())
    assert permit.evaluate(no_column) is None
    assert no_column.missing == {"work_permit": "the roster has no such column"}


def test_unknown_values_spread_and_are_explained() -> None:
    row = view({"citizenship": "Корея"})
    test = cond({"fact": "citizenship_dprk", "equals": True})
    assert test.evaluate(row) is None
    assert "names no single country" in row.missing["citizenship_dprk"]


def test_equals_in_and_matches_on_lists_pass_when_any_element_does() -> None:
    row = view({})
    row.lists["agency"] = ListEvidence(("un:KPe.050",), ("un:DPRK", "us_ofac:DPRK3"))
    assert cond({"fact": "agency_match_programs", "equals": "un:DPRK"}).evaluate(row) is True
    assert cond({"fact": "agency_match_programs", "in": ["x", "us_ofac:DPRK3"]}).evaluate(row)
    assert cond({"fact": "agency_match_programs", "matches": "(^|:)DPRK"}).evaluate(row) is True
    assert cond({"fact": "payee_match_programs", "matches": "DPRK"}).evaluate(row) is False


@pytest.mark.parametrize(
    ("text", "op", "expected"),
    [
        ("20.03.2023", "on_or_after", True),
        ("11.09.2017", "on_or_after", True),
        ("10.09.2017", "on_or_after", False),
        ("2017-09", "on_or_after", None),  # September 2017: either side of the 11th
        ("2018", "on_or_after", True),
        ("2016", "before", True),
        ("31.02.2020", "after", None),  # unreadable
    ],
)
def test_date_predicates_answer_only_when_the_whole_partial_date_agrees(
    text: str, op: str, expected: bool | None
) -> None:
    test = cond({"field": "work_permit_issue_date", op: "2017-09-11"})
    assert test.evaluate(view({"work_permit_issue_date": text})) is expected


def test_working_days_between_needs_two_exact_dates() -> None:
    late = cond({"working_days_between": {"from": "hire_date", "to": "notification_date",
                                          "more_than": 3}})  # fmt: skip
    assert late.evaluate(view({"hire_date": "07.04.2025", "notification_date": "11.04.2025"}))
    assert not late.evaluate(view({"hire_date": "07.04.2025", "notification_date": "10.04.2025"}))
    assert late.evaluate(view({"hire_date": "04.2025", "notification_date": "10.04.2025"})) is None
    calendar = cond({"days_between": {"from": "hire_date", "to": "notification_date",
                                      "at_least": 4}})  # fmt: skip
    assert calendar.evaluate(view({"hire_date": "07.04.2025", "notification_date": "11.04.2025"}))


def test_numbers() -> None:
    assert cond({"field": "salary", "greater_than": 0}).evaluate(view({"salary": "45 000,50"}))
    assert cond({"field": "salary", "at_most": 100}).evaluate(view({"salary": "нет"})) is None


def test_references_list_every_name_read() -> None:
    found = cond({"all": [{"fact": "paid_work", "equals": True},
                          {"not": {"field": "agency", "present": True}}]})  # fmt: skip
    assert list(found.refs()) == [Ref("fact", "paid_work"), Ref("field", "agency")]


def test_facts_and_fields_never_share_a_name() -> None:
    assert not set(FACTS) & set(canonical_fields())

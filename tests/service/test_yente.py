"""FtM queries to laborscreen queries, and list entries to FtM entities that FtM itself accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import model as ftm

from laborscreen.errors import ServiceError
from laborscreen.model import Entity, Identifier, PartialDate, Schema
from laborscreen.service.yente import entity_dict, entity_properties, example_queries
from laborscreen.sources import load_path

from .conftest import FIXTURE_FILES, FIXTURE_LISTS

SHARED_LISTS = (Path(__file__).parents[2] / ".." / "shared" / "data" / "lists").resolve()


def test_person_properties_become_one_query() -> None:
    [query] = example_queries(
        "q1",
        "Person",
        {
            "name": ["Ким Ён Чоль"],
            "alias": ["KIM Yong Chol", " ", "Ким Ён Чоль"],
            "firstName": ["Yong Chol"],
            "lastName": "Kim",
            "birthDate": ["1947"],
            "nationality": ["kp", "xk"],  # xk: an FtM code laborscreen cannot place, ignored
            "gender": ["male"],
            "passportNumber": ["PD 836 123 456"],
            "innCode": ["7811489970"],
            "address": ["Pyongyang"],  # accepted, not used
        },
    )
    assert query.schema is Schema.PERSON
    assert query.names == ("Ким Ён Чоль", "KIM Yong Chol", "Yong Chol Kim")
    assert query.birth_date == PartialDate(1947)
    assert query.nationalities == ("KP",)
    assert query.gender == "male"
    assert query.identifiers == (
        Identifier("passport", "PD 836 123 456"),
        Identifier("inn", "7811489970"),
    )


def test_country_stands_in_for_a_persons_nationality() -> None:
    [query] = example_queries("q", "Person", {"name": ["X"], "country": ["Russia"]})
    assert query.nationalities == ("RU",)
    [query] = example_queries(
        "q", "Person", {"name": ["X"], "country": ["ru"], "citizenship": ["kp"]}
    )
    assert query.nationalities == ("KP",)


def test_organisation_and_legal_entity_queries() -> None:
    [company] = example_queries(
        "q", "Company", {"name": ["ООО Мокран"], "jurisdiction": ["ru"], "ogrnCode": ["1"]}
    )
    assert company.is_org and company.nationalities == ("RU",)
    assert company.birth_date is None
    person, legal = example_queries("q", "LegalEntity", {"name": ["Mokran"], "birthDate": ["1960"]})
    assert (person.schema, legal.schema) == (Schema.PERSON, Schema.LEGAL_ENTITY)
    assert person.birth_date == PartialDate(1960) and legal.birth_date is None


@pytest.mark.parametrize(
    ("schema", "properties", "field"),
    [
        ("Person", {"name": ["X"], "birthDate": ["sometime"]}, "properties.birthDate"),
        ("Person", {"alias": ["  "]}, "properties.name"),
        ("Thing", {"name": ["X"]}, "schema"),
        ("Person", {"name": [f"name {i}" for i in range(51)]}, "properties.name"),
    ],
)
def test_unusable_queries_name_query_and_field(
    schema: str, properties: dict[str, list[str]], field: str
) -> None:
    with pytest.raises(ServiceError) as raised:
        example_queries("row-7", schema, properties)
    error = raised.value
    assert (error.status, error.code) == (400, "invalid_query")
    assert error.details[0]["query"] == "row-7" and error.details[0]["field"] == field
    assert error.message.startswith(f"query 'row-7', {field}: ")


def _assert_valid_ftm(entity: Entity) -> None:
    data = entity_dict(entity, None)
    schema = ftm.get(data["schema"])
    assert schema is not None, data["schema"]
    for name, values in data["properties"].items():
        prop = schema.get(name)
        assert prop is not None, f"{entity.id}: {schema.name} has no property {name}"
        for value in values:
            assert prop.type.clean(value) is not None, f"{entity.id}: {name}={value!r}"
    proxy = ftm.get_proxy(
        {"id": data["id"], "schema": data["schema"], "properties": data["properties"]},
        cleaned=False,
    )
    assert proxy.caption


def test_fixture_entries_are_valid_ftm_entities() -> None:
    entities = [
        e for name in FIXTURE_FILES for p in load_path(FIXTURE_LISTS / name) for e in p.entities
    ]
    assert len(entities) == 12
    for entity in entities:
        _assert_valid_ftm(entity)


def test_entry_properties_by_kind_of_name_and_document() -> None:
    [hong] = [
        e for e in load_path(FIXTURE_LISTS / "un_small.xml")[0].entities if e.id == "un:KPi.901"
    ]
    props = entity_properties(hong)
    assert props["name"] == ["HONG GIL-DONG"]
    assert "홍길동" in props["alias"] and "Hong Old" in props["previousName"]
    assert props["idNumber"] == ["0012345", "W334061"]
    assert props["nationality"] == ["kp"]
    assert props["gender"] == ["male"]


@pytest.mark.slow
def test_every_real_list_entry_is_a_valid_ftm_entity() -> None:
    if not SHARED_LISTS.is_dir():
        pytest.skip("official lists not available")
    count = 0
    for parsed in load_path(SHARED_LISTS):
        for entity in parsed.entities:
            _assert_valid_ftm(entity)
            count += 1
    assert count > 10_000

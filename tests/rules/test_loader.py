"""Rule packs load and are checked at start-up; every problem is reported with file and rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborscreen.errors import LaborscreenError, RulePackError
from laborscreen.rules import RuleSet, Severity, load_pack, load_rules, shipped_packs

SHIPPED = ("un_dprk_labour", "us_caatsa", "ru_115fz", "red_flags")

GOOD = """\
pack: acme_policy
title: ACME in-house labour policy
jurisdiction: ACME
rules:
  - id: acme_policy.no_agency_workers
    title: Worker supplied by an agency
    severity: low
    legal_basis:
      instrument: ACME supplier code
      paragraph: section 4.2
      url: https://example.org/acme/supplier-code
    applies_when:
      fact: record_type
      equals: Person
    when:
      field: agency
      present: true
    explanation: ACME hires directly; an agency worker needs the procurement team's approval.
"""


def write(tmp_path: Path, text: str, name: str = "pack.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(RulePackError) as caught:
        load_pack(path)
    return caught.value.problems


def test_shipped_packs_load_in_order_with_every_rule_cited() -> None:
    rules = load_rules()
    assert rules.ids == SHIPPED
    assert tuple(shipped_packs()) == SHIPPED
    infos = [info for pack in rules.packs for info in pack.rules]
    assert len(infos) == 18
    for info in infos:
        assert info.legal_basis, info.id
        assert all(c.url.startswith("https://") for c in info.legal_basis), info.id
        assert info.explanation and info.title
        assert info.id.startswith(info.pack + ".")


def test_un_citations_link_to_the_un_documents_site() -> None:
    urls = {
        c.url for p in load_rules(["un_dprk_labour"]).packs for r in p.rules for c in r.legal_basis
    }
    assert urls == {
        "https://undocs.org/S/RES/2397(2017)",
        "https://undocs.org/S/RES/2375(2017)",
        "https://undocs.org/S/RES/1718(2006)",
    }


def test_a_user_pack_needs_no_code(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, GOOD))
    assert pack.id == "acme_policy"
    rule = pack.record_rules[0]
    assert rule.info.severity is Severity.LOW
    assert rule.info.jurisdiction == "ACME"
    assert rule.info.legal_basis[0].paragraph == "section 4.2"


def test_selectors_name_packs_files_folders_all_and_none(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    path = write(folder, GOOD)
    assert load_rules(["red_flags"]).ids == ("red_flags",)
    assert load_rules(["un_dprk_labour,red_flags"]).ids == ("un_dprk_labour", "red_flags")
    assert load_rules([str(path)]).ids == ("acme_policy",)
    assert load_rules([str(folder), "us_caatsa"]).ids == ("acme_policy", "us_caatsa")
    assert load_rules(["all", "red_flags"]).ids == SHIPPED  # named twice, runs once
    assert load_rules(["none"]) == RuleSet()
    assert not load_rules(["none"])
    assert load_rules(None).ids == SHIPPED


def test_unknown_selector_names_the_choices() -> None:
    with pytest.raises(RulePackError, match="red_flag: neither a shipped rule pack") as caught:
        load_rules(["red_flag"])
    assert "un_dprk_labour" in str(caught.value)
    assert isinstance(caught.value, LaborscreenError)


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    severity: low\n", "    severity: [low\n"))
    found = problems(path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}: not valid YAML (line ")


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, GOOD.replace("    severity: low\n", "    severity: low\n    severity: high\n")
    )
    assert "key 'severity' is written twice" in problems(path)[0]


def test_every_problem_is_collected_with_file_and_rule_id(tmp_path: Path) -> None:
    broken = (
        GOOD.replace("    severity: low\n", "    severity: severe\n    owner: hr\n")
        .replace("      field: agency\n", "      field: agnecy\n")
        .replace("      present: true\n", "      present: true\n      looks_like: x\n")
        .replace("      equals: Person\n", "      equals: Robot\n")
        + """\
  - id: acme_policy.second
    title: A rule without a legal basis
    severity: info
    when:
      all:
        - fact: purpose_category
          in: [studdy]
        - field: hire_date
          after: not-a-date
        - working_days_between: {from: hire_date, to: notification_date, more_than: three}
        - fact: visa_purpose
          present: true
        - field: passport
          matches: "(unclosed"
    explanation: x
"""
    )
    path = write(tmp_path, broken)
    found = problems(path)
    first, second = (
        f"{path}: rule acme_policy.no_agency_workers",
        f"{path}: rule acme_policy.second",
    )
    expected = [
        f"{first}: unknown key 'owner' for a record rule",
        f"{first}: 'severity' must be one of critical, high, medium, low, info, not 'severe'",
        f"{first}: 'applies_when': fact 'record_type' is never ['Robot']",
        f"{first}: 'when': unknown field 'agnecy'",
        f"{first}: 'when': unknown predicate ['looks_like']",
        f"{second}: 'legal_basis' is required",
        f"{second}: 'when': fact 'purpose_category' is never ['studdy']",
        f"{second}: 'when': 'after' needs a date (YYYY-MM-DD), not 'not-a-date'",
        f"{second}: 'when': 'working_days_between': more_than needs a whole number of days",
        f"{second}: 'when': unknown fact 'visa_purpose' (it is a field)",
        f"{second}: 'when': 'matches': bad regular expression",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in found), (start, found)
    assert len(found) == len(expected)
    with pytest.raises(RulePackError) as caught:
        load_pack(path)
    assert str(caught.value).startswith(f"rule packs have {len(expected)} problems:\n  {path}: ")


def test_unknown_field_name_in_a_condition(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("      field: agency\n", "      field: agnecy\n"))
    assert problems(path) == [
        f"{path}: rule acme_policy.no_agency_workers: 'when': unknown field 'agnecy'"
    ]


def test_pack_level_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "pack: Bad Id\ntitle: ''\nrules: []\nversion: 2\n")
    found = problems(path)
    assert (
        f"{path}: unknown key 'version' (allowed: description, jurisdiction, pack, rules, title)"
        in found
    )
    assert f"{path}: missing 'jurisdiction'" in found
    assert f"{path}: 'pack' must be a lower-case id like red_flags, not 'Bad Id'" in found
    assert f"{path}: 'rules' must be a non-empty list" in found


def test_roster_rule_problems(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    applies_when:\n      fact: record_type\n      equals: Person\n    when:\n"
        "      field: agency\n      present: true\n",
        "    scope: roster\n    group_by: [agency, nowhere]\n    min_size: 0\n"
        "    window: {field: agency, days: 3}\n    when: {field: agency, present: true}\n",
    )
    found = problems(write(tmp_path, text))
    assert any("unknown key 'when' for a roster rule" in p for p in found)
    assert any("'group_by' names unknown field or fact 'nowhere'" in p for p in found)
    assert any("'min_size' must be a whole number of rows >= 1, not 0" in p for p in found)
    assert any(
        "'window' field must be a date field of the roster, not 'agency'" in p for p in found
    )


def test_rule_ids_are_unique_across_packs(tmp_path: Path) -> None:
    one = write(tmp_path, GOOD, "one.yml")
    two = write(tmp_path, GOOD, "two.yml")
    with pytest.raises(RulePackError) as caught:
        load_rules([str(one), str(two)])
    assert f"{two}: pack id 'acme_policy' is also used by {one}" in caught.value.problems
    assert f"{two}: rule acme_policy.no_agency_workers: the id is also used in {one}" in (
        caught.value.problems
    )


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert problems(path) == [f"{path}: the rule pack is empty"]

"""docs/rules.md cannot drift: every fact, predicate and shipped rule is documented, and the
worked example is a valid pack that behaves as the text says."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from laborscreen.rules import FACTS, load_pack, load_rules
from laborscreen.rules.conditions import COMPARISONS, INTERVALS, PREDICATES
from laborscreen.rules.model import Severity
from laborscreen.screening import ScreenResult

DOC = Path(__file__).parents[2] / "docs" / "rules.md"
TEXT = DOC.read_text(encoding="utf-8")


def test_every_fact_predicate_and_severity_is_documented() -> None:
    names = [*FACTS, *PREDICATES, *INTERVALS, *COMPARISONS, *(s.value for s in Severity)]
    missing = [n for n in names if f"`{n}`" not in TEXT]
    assert missing == []


def test_every_shipped_rule_is_listed_with_its_case() -> None:
    for pack in load_rules().packs:
        assert f"`{pack.id}`" in TEXT
        for info in pack.rules:
            assert f"`{info.id}`" in TEXT, info.id


def test_the_worked_example_loads_and_behaves_as_described(
    tmp_path: Path, screen: Callable[..., ScreenResult], clean: dict[str, str]
) -> None:
    block = re.search(r"Save as `acme.yml`:\n\n```yaml\n(.*?)```", TEXT, re.S)
    assert block is not None
    path = tmp_path / "acme.yml"
    path.write_text(block.group(1), encoding="utf-8")
    pack = load_pack(path)
    assert [r.id for r in pack.rules] == ["acme.agency_worker_without_work_purpose",
                                          "acme.agency_batch_at_one_site"]  # fmt: skip
    rules = load_rules([str(path)])
    worker = {**clean, "agency": "ООО «Альфа»", "purpose": "стажировка", "hire": "07.04.2025"}
    result = screen([worker, worker, {**worker, "hire": "10.04.2025"}], rules=rules)
    finding = result.rows[0].findings[0]
    assert finding.status.value == "hit"
    assert finding.evidence["purpose_category"] == "trainee"
    assert finding.evidence["agency"] == "ООО «Альфа»"
    assert [f.rows for f in result.roster_findings] == [(1, 2, 3)]
    columns = ["id", "name", "agency", "site", "hire", "job"]
    unknown = screen([worker], columns=columns, rules=rules).rows[0].findings[0]
    assert unknown.status.value == "not_assessable"
    assert unknown.missing == {
        "purpose_category": "the roster has no column it is read from (visa_purpose)"
    }

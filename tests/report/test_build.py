"""build_report: the screening result dict condensed into the report's tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from laborscreen.report import NOT_GIVEN, build_report

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_header_takes_file_threshold_time_and_lists(
    ruled_result: dict[str, Any], list_versions: list[dict[str, Any]]
) -> None:
    report = build_report(ruled_result, lists=list_versions, generated=WHEN)
    assert report.file == "roster.csv"
    assert report.threshold == 0.7
    assert report.generated == "2026-03-02 09:30 UTC"
    assert [(v.source, v.version, v.published, v.entries) for v in report.lists] == [
        ("un", "2", "2026-02-27", 1003),
        ("us_ofac", "4", None, 8976),
    ]


def test_lists_come_from_the_result_when_not_given(plain_result: dict[str, Any]) -> None:
    assert build_report(plain_result).lists == ()
    plain_result["lists"] = [{"source": "un", "id": 7}]
    assert [v.source for v in build_report(plain_result).lists] == ["un"]


def test_without_findings_the_rules_were_not_run(plain_result: dict[str, Any]) -> None:
    report = build_report(plain_result)
    assert not report.rules_run
    assert report.findings == [] and report.roster_findings == [] and report.rules == []
    assert report.totals["rows"] == 7 and report.totals["matches"] == 1


def test_empty_findings_mean_rules_run_with_nothing_found(plain_result: dict[str, Any]) -> None:
    for row in plain_result["rows"]:
        row["findings"] = []
    report = build_report(plain_result)
    assert report.rules_run
    assert report.findings == [] and sum(report.severity.values()) == 0


def test_findings_are_counted_by_severity_and_rule(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    assert report.rules_run
    # hits only: three critical row hits, one high row hit, one high and one medium roster finding
    assert report.severity == {"critical": 3, "high": 2, "medium": 1, "low": 0, "info": 0}
    assert report.not_assessable == 1
    rules = {r.rule_id: r for r in report.rules}
    assert [r.rule_id for r in report.rules] == [
        "UN-DPRK-NATIONAL-WORK",
        "SHARED-PAYEE",
        "VISA-PURPOSE-TOURISM",
        "SHARED-ADDRESS",
        "RU-STUDENT-WORK",  # not assessable only: after the rules that hit
    ]
    national = rules["UN-DPRK-NATIONAL-WORK"]
    assert (national.hits, national.not_assessable, national.rows) == (3, 0, (1, 2, 3))
    assert national.scope == "row" and national.jurisdiction == "UN"
    assert [c.instrument for c in national.legal] == ["UNSCR 2397 (2017)"]
    student = rules["RU-STUDENT-WORK"]
    assert (student.hits, student.not_assessable, student.pack) == (0, 1, "ru_115fz")
    payee = rules["SHARED-PAYEE"]
    assert (payee.scope, payee.hits, payee.rows) == ("roster", 1, (1, 2, 3))
    assert report.totals["rows_with_findings"] == 3
    assert report.totals["findings"] == 5 and report.totals["roster_findings"] == 2


def test_each_finding_keeps_its_evidence_and_citation(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    first = report.findings[0]
    assert (first.row, first.name, first.rule_id, first.severity) == (
        1,
        "Ра Кён Су",
        "UN-DPRK-NATIONAL-WORK",
        "critical",
    )
    # values that are not text read as JSON writes them
    assert first.evidence == {"citizenship": "КНДР", "job_title": "Грузчик", "paid_work": "true"}
    assert first.site == "Склад Электросталь" and first.agency == "ООО «Кадры Синтетик»"
    (legal,) = first.legal
    assert legal.citation == "UNSCR 2397 (2017), OP8"
    assert legal.link == "https://undocs.org/S/RES/2397(2017)"
    student = next(f for f in report.findings if f.status == "not_assessable")
    assert student.missing == {"study_mode": "no column for the form of study"}
    # severity order first, then rule, then row
    assert [(f.severity, f.row) for f in report.findings] == [
        ("critical", 1),
        ("critical", 2),
        ("critical", 3),
        ("high", 3),
        ("medium", 1),
    ]


def test_a_link_is_kept_only_for_web_addresses(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    tourism = next(f for f in report.findings if f.rule_id == "VISA-PURPOSE-TOURISM")
    (legal,) = tourism.legal
    assert legal.url == "javascript:alert('url')"
    assert legal.link is None


def test_roster_findings_name_their_rows(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    payee, address = report.roster_findings
    assert (payee.rule_id, payee.severity, payee.rows, payee.shared_value) == (
        "SHARED-PAYEE",
        "high",
        (1, 2, 3),
        "ИП Синтетик",
    )
    assert payee.row_names == ("Ра Кён Су", "Ли Сон Ми", "Ким Ён Хо")
    assert payee.evidence == {"workers": "3", "citizenship_codes": "KP"}
    assert [c.instrument for c in payee.legal] == [
        "US advisory of 23 July 2018",
        "UNSCR 2397 (2017)",
    ]
    assert (address.status, address.title) == ("hit", "")
    assert [c.citation for c in address.legal] == ["OFAC designation of a lodging facility"]
    assert address.row_names[2].startswith("<script>")  # as written: escaping is the page's job


def test_summary_per_site_and_agency(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    assert report.sites is not None and report.agencies is not None
    sites = {g.key: g for g in report.sites}
    # worst first: most critical findings, then high, ...; rows without a site last
    assert list(sites) == ["Склад Электросталь", "Склад Подольск", NOT_GIVEN]
    electrostal = sites["Склад Электросталь"]
    assert (electrostal.rows, electrostal.rows_with_matches, electrostal.matches) == (2, 1, 1)
    assert electrostal.rows_with_findings == 2
    assert electrostal.severity == {"critical": 2, "high": 0, "medium": 0, "low": 0, "info": 0}
    assert electrostal.not_assessable == 1
    assert electrostal.rows_in_roster_findings == 2
    podolsk = sites["Склад Подольск"]
    assert podolsk.rows == 3 and podolsk.severity["high"] == 1
    assert podolsk.rows_in_roster_findings == 2
    assert sites[NOT_GIVEN].rows == 2
    agencies = {g.key: g for g in report.agencies}
    assert agencies["ООО «Кадры Синтетик»"].rows == 3
    assert agencies["<b>ООО Жирный</b>"].rows == 1


def test_no_site_column_means_no_site_table(plain_result: dict[str, Any]) -> None:
    for row in plain_result["rows"]:
        row["input"].pop("site", None)
    report = build_report(plain_result)
    assert report.sites is None
    assert report.agencies is not None


def test_nationality_by_visa_purpose(ruled_result: dict[str, Any]) -> None:
    table = build_report(ruled_result).nationality_visa
    # КНДР and North Korea are one country; "учеба" and "Учеба" one purpose
    assert table.rows[0] == "KP · КНДР"
    assert table.count("KP · КНДР", "учеба") == 2
    assert table.count("KP · КНДР", "туризм") == 1
    assert table.flagged("KP · КНДР", "учеба") == 2
    # Россия and Российская Федерация are one country, shown as its first spelling
    assert table.count("RU · Россия", NOT_GIVEN) == 2
    assert table.count("RU · Российская Федерация", NOT_GIVEN) == 0
    assert table.count("TJ · Tajikistan", "работа") == 1
    # a bare "Korea" names no single country: shown as written
    assert table.count("Korea", NOT_GIVEN) == 1
    assert table.row_totals["KP · КНДР"] == 3 and table.total == 7
    assert NOT_GIVEN in table.columns and table.columns[-1] == NOT_GIVEN


def test_matches_carry_their_explanation(plain_result: dict[str, Any]) -> None:
    (match,) = build_report(plain_result).matches
    assert (match.row, match.name, match.entity_id, match.caption, match.score) == (
        1,
        "Ра Кён Су",
        "un:KPi.008",
        "RA KY'ONG-SU",
        1.0,
    )
    assert (match.query_name, match.list_name, match.list_name_kind, match.method) == (
        "Ра Кён Су",
        "Ra Kyung-Su",
        "alias",
        "korean",
    )
    assert match.pairs == (("ra", "ra", 1.0), ("kyon su", "kyung su", 0.93))
    assert match.features[0] == ("birth_date", 0.1, "same birth date 1954-06-04")
    assert match.source == "un"


def test_problems_of_rows_and_of_the_file(plain_result: dict[str, Any]) -> None:
    problems = build_report(plain_result).problems
    assert [(p.row, p.field, p.message, p.value) for p in problems] == [
        (5, "birth_date", "unreadable birth date", "31.02.1988"),
        (8, "name", "empty name", None),
    ]


def test_odd_and_missing_keys_do_not_break_it() -> None:
    result: dict[str, Any] = {
        "rows": [
            {
                "row": 1,
                "input": {"last_name": "Пак", "first_name": "Ен Су"},
                "matches": [{"entity_id": "us_ofac:1", "score": 0.8, "explanation": "old text"}],
                "findings": [
                    {"rule_id": "X", "severity": "severe", "evidence": ["not", "a", "dict"]},
                    {"severity": None},
                ],
            },
            {"row": 2},
        ],
        "roster_findings": [{"rule_id": "Y", "rows": "1"}],
    }
    report = build_report(result)
    assert report.file == "" and report.threshold is None
    assert report.totals["rows"] == 2
    assert report.matches[0].name == "Пак Ен Су"
    assert report.matches[0].summary == "old text" and report.matches[0].pairs == ()
    severities = [f.severity for f in report.findings]
    assert sorted(severities) == ["severe", "unknown"]
    odd = next(f for f in report.findings if f.rule_id == "X")
    assert odd.evidence == {"value": "not, a, dict"} and odd.legal == ()
    assert report.roster_findings[0].rows == ()
    assert report.nationality_visa.total == 2


def test_a_roster_finding_not_assessable_is_no_hit(ruled_result: dict[str, Any]) -> None:
    ruled_result["roster_findings"][0]["status"] = "not_assessable"
    report = build_report(ruled_result)
    assert report.severity["high"] == 1  # only the row finding on row 3 is left
    assert report.not_assessable == 2
    payee = next(r for r in report.rules if r.rule_id == "SHARED-PAYEE")
    assert (payee.hits, payee.not_assessable) == (0, 1)


def test_a_result_naming_no_rule_packs_ran_none(unruled_result: dict[str, Any]) -> None:
    report = build_report(unruled_result)
    assert not report.rules_run and report.rule_packs == ()
    assert "findings" not in report.totals


def test_rule_packs_are_named_from_the_summary(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    assert report.rule_packs == ("un_dprk", "ru_115fz", "red_flags")


def test_organisations_and_the_agency_on_a_list(ruled_result: dict[str, Any]) -> None:
    report = build_report(ruled_result)
    assert report.organisations is not None
    assert [(o.role, o.name, o.rows) for o in report.organisations] == [
        ("agency", "ООО «Кадры Синтетик»", (1, 2, 3)),
        ("agency", "<b>ООО Жирный</b>", (4,)),
        ("payee", "ИП Синтетик", (1, 2, 3)),
    ]
    mokran = report.organisations[1]
    assert mokran.identifiers == ("inn 7811489970",)
    (match,) = mokran.matches
    assert (match.entity_id, match.name, match.row) == ("us_ofac:30083", "<b>ООО Жирный</b>", 0)
    assert (report.totals["organisations"], report.totals["organisations_with_matches"]) == (3, 1)
    assert report.agencies is not None
    # the agency on a list comes first, whatever its rows hold
    assert [(g.key, g.list_matches) for g in report.agencies][:2] == [
        ("<b>ООО Жирный</b>", ["us_ofac:30083"]),
        ("ООО «Кадры Синтетик»", []),
    ]


def test_without_organisations_key_there_is_no_organisation_table(
    plain_result: dict[str, Any],
) -> None:
    report = build_report(plain_result)
    assert report.organisations is None and "organisations" not in report.totals

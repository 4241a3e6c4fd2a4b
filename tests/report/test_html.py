"""The HTML report: one self-contained, escaped page with every section, chart and citation."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from laborscreen.report import build_report, render_html
from laborscreen.report.render import MAX_ROWS_NAMED, MAX_SHOWN

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}
SECTIONS = [
    "Summary",
    "Findings by rule and severity",
    "Per site",
    "Per agency",
    "Nationality × visa purpose",
    "Sanctions matches",
    "Findings with evidence",
    "Roster-level findings",
    "Not assessable",
    "Problems",
]


class Page(HTMLParser):
    """The parts of a page the tests look at: tags, headings, links and table cells."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.unbalanced: list[str] = []
        self.headings: dict[str, list[str]] = {"h1": [], "h2": [], "h3": []}
        self.tables: dict[str, list[list[str]]] = {}  # table class -> rows of cell texts
        self._heading: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag in ("br", "li", "dt", "dd"):  # they separate words as a browser shows them
            self.handle_data(" ")
        if tag not in VOID:
            self.open.append(tag)
        if tag in self.headings:
            self._heading, self._text = tag, []
        if tag == "table":
            self._table = dict(attrs).get("class") or ""
            self.tables.setdefault(self._table, [])
        if tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        if tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.unbalanced.append(tag)
        else:
            self.open.pop()
        if tag == self._heading:
            self.headings[tag].append(" ".join("".join(self._text).split()))
            self._heading = None
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.starts if tag == name]


@pytest.fixture
def ruled_html(ruled_result: dict[str, Any], list_versions: list[dict[str, Any]]) -> str:
    return render_html(build_report(ruled_result, list_versions, WHEN), ["r.csv", "r.json"])


@pytest.fixture
def plain_html(plain_result: dict[str, Any]) -> str:
    return render_html(build_report(plain_result, generated=WHEN))


def test_page_is_well_formed_with_every_section(ruled_html: str) -> None:
    page = Page(ruled_html)
    assert page.unbalanced == [] and page.open == []
    assert page.headings["h1"] == ["Screening report"]
    assert page.headings["h2"] == SECTIONS
    assert ruled_html.startswith("<!DOCTYPE html>")


def test_header_names_roster_time_threshold_and_lists(ruled_html: str) -> None:
    page = Page(ruled_html)
    assert "<code>roster.csv</code>" in ruled_html
    assert "2026-03-02 09:30 UTC" in ruled_html
    assert "0.70 (a sanctions match at or above it is listed)" in ruled_html
    assert page.tables["lists"] == [
        ["source", "version", "published", "imported", "entries"],
        ["un", "2", "2026-02-27", "2026-03-01 10:00", "1003"],
        ["us_ofac", "4", "", "2026-03-01 10:00", "8976"],
    ]


def test_without_list_versions_the_lists_line_is_left_out(plain_html: str) -> None:
    assert "lists" not in Page(plain_html).tables
    assert "<dt>Lists</dt>" not in plain_html


def test_nothing_loads_from_outside_and_nothing_runs(ruled_html: str) -> None:
    page = Page(ruled_html)
    for tag in ("script", "img", "link", "iframe", "object", "embed", "base", "form"):
        assert page.tags(tag) == [], tag
    for _, attrs in page.starts:
        assert "src" not in attrs and not any(a.startswith("on") for a in attrs)
    assert "url(" not in ruled_html and "@import" not in ruled_html
    (policy,) = [a for a in page.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in (policy["content"] or "")
    links = [a["href"] or "" for a in page.tags("a")]
    assert all(h.startswith(("#", "https://", "http://")) for h in links)


def test_roster_values_are_escaped(ruled_html: str) -> None:
    assert "<script" not in ruled_html
    # the hostile name is one of the rows of a roster finding
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Пак" in ruled_html
    assert "<b>" not in ruled_html and "&lt;b&gt;ООО Жирный&lt;/b&gt;" in ruled_html
    assert "<img" not in ruled_html
    assert "&lt;img src=x onerror=alert(&#39;evidence&#39;)&gt;" in ruled_html
    # a javascript: address in a citation is shown as text, never linked
    assert 'href="javascript' not in ruled_html
    assert "javascript:alert(&#39;url&#39;)" in ruled_html


def test_each_finding_shows_evidence_and_citation(ruled_html: str) -> None:
    page = Page(ruled_html)
    header, *lines = page.tables["findings"]  # the two rules' tables, one after the other
    assert header == ["row", "name", "site / agency", "evidence", "legal basis"]
    rows = [r for r in lines if r != header]
    assert [r[0] for r in rows] == ["1", "2", "3", "3"]  # the hits, rule by rule
    national = rows[0]
    assert national[1:] == [
        "Ра Кён Су",
        "Склад Электросталь ООО «Кадры Синтетик»",
        "citizenship КНДР job_title Грузчик paid_work true",
        "UNSCR 2397 (2017), OP8",
    ]
    assert 'href="https://undocs.org/S/RES/2397(2017)"' in ruled_html
    assert page.headings["h3"][0] == "Organisations the rows name"
    assert page.headings["h3"][1] == (
        "critical UN-DPRK-NATIONAL-WORK Synthetic rule UN-DPRK-NATIONAL-WORK un_dprk · UN · 3 rows"
    )
    # the rule's explanation is said once, above its rows
    assert ruled_html.count("Explanation of UN-DPRK-NATIONAL-WORK for this row.") == 1


def test_rules_that_could_not_judge_say_what_is_missing(ruled_html: str) -> None:
    header, student = Page(ruled_html).tables["unassessed"]
    assert header == ["rule", "severity", "rows", "which rows", "what is missing"]
    assert student == [
        "RU-STUDENT-WORK Synthetic rule RU-STUDENT-WORK",
        "medium",
        "1",
        "1",
        "study_mode no column for the form of study",
    ]


def test_rules_table_and_roster_findings(ruled_html: str) -> None:
    page = Page(ruled_html)
    rules = page.tables["rules"]
    assert rules[0] == [
        "rule",
        "severity",
        "pack",
        "hits",
        "not assess\xadable",
        "rows",
        "legal basis",
    ]
    assert rules[1][:6] == [
        "UN-DPRK-NATIONAL-WORK Synthetic rule UN-DPRK-NATIONAL-WORK",
        "critical",
        "un_dprk UN",
        "3",
        "0",
        "3",
    ]
    # each roster finding: a heading, its explanation, then its facts
    assert page.headings["h3"][3:5] == [
        "high SHARED-PAYEE One payee for many workers red_flags · 3 rows",
        "medium SHARED-ADDRESS red_flags · 3 rows",
    ]
    facts = page.tables["roster-finding"]
    payee, address = facts[:4], facts[4:]
    assert payee == [
        ["shared value", "ИП Синтетик"],
        ["evidence", "workers 3 citizenship_codes KP"],
        ["rows", "1 Ра Кён Су, 2 Ли Сон Ми, 3 Ким Ён Хо"],
        [
            "legal basis",
            "US advisory of 23 July 2018, red flags: wages paid to a third party "
            "UNSCR 2397 (2017), OP8",
        ],
    ]
    assert address[-1] == ["legal basis", "OFAC designation of a lodging facility"]
    assert "Three workers&#39; wages go to one payee." in ruled_html


def test_site_agency_and_nationality_tables(ruled_html: str) -> None:
    page = Page(ruled_html)
    sites = page.tables["groups site"]
    assert sites[1][:5] == ["Склад Электросталь", "2", "1", "1", "2"]
    crosstab = page.tables["crosstab"]
    assert crosstab[0] == ["nationality", "учеба", "работа", "туризм", "(not given)", "total"]
    assert crosstab[1] == ["KP · КНДР", "2 (2 flagged)", "0", "1 (1 flagged)", "0", "3"]
    assert crosstab[-1] == ["total", "2", "1", "1", "3", "7"]


def test_matches_say_which_names_met(ruled_html: str) -> None:
    (_, match) = Page(ruled_html).tables["matches"]
    assert match[:4] == ["1", "Ра Кён Су", "un:KPi.008 RA KY'ONG-SU Person", "1.00"]
    assert match[4].startswith("“Ра Кён Су” ~ “Ra Kyung-Su” (alias): 1.00 by korean")
    assert "kyon su = kyung su 0.93" in match[4]
    assert match[5] == "same birth date 1954-06-04 (+0.10) same country KP (+0.05)"


def test_charts_are_inline_svg(ruled_html: str, plain_html: str) -> None:
    page = Page(ruled_html)
    titles = [a.get("class") for a in page.tags("figure")]
    assert len(page.tags("svg")) == len(titles) == 5
    widths = [float(a["width"] or 0) for a in page.tags("rect")]
    assert widths and all(w > 0 for w in widths)
    assert len(Page(plain_html).tags("svg")) == 1  # rows by nationality


def test_without_rule_packs_the_report_says_so(plain_html: str) -> None:
    page = Page(plain_html)
    assert page.headings["h2"] == SECTIONS
    assert "Labour rule packs were not run for this screening" in plain_html
    assert "not run: this report lists sanctions matches only" in plain_html
    assert "findings" not in page.tables and "rules" not in page.tables
    assert page.tables["problems"][1] == [
        "roster.csv",
        "5",
        "birth_date",
        "unreadable birth date",
        "31.02.1988",
    ]


def test_tables_files_are_named_in_the_footer(ruled_html: str) -> None:
    assert re.search(r"also in <code>r\.csv</code> and <code>r\.json</code>", ruled_html)


def test_a_finding_without_citation_says_so(ruled_result: dict[str, Any]) -> None:
    del ruled_result["rows"][1]["findings"][0]["legal_basis"]
    page = Page(render_html(build_report(ruled_result, generated=WHEN)))
    row_2 = next(r for r in page.tables["findings"] if r[0] == "2")
    assert row_2[4] == "no citation given"


def test_organisations_on_a_list(ruled_html: str) -> None:
    page = Page(ruled_html)
    (_, mokran) = page.tables["organisations"]
    assert mokran[:5] == [
        "agency",
        "<b>ООО Жирный</b> inn 7811489970",
        "4",
        "us_ofac:30083 MOKRAN LLC Organization",
        "0.90",
    ]
    assert mokran[6] == "inn 7811489970 matches the record's inn (+0.30)"
    agencies = page.tables["groups agency"]
    assert agencies[0][:2] == ["agency", "agency on a list"]
    assert agencies[1][:3] == ["<b>ООО Жирный</b>", "us_ofac:30083", "1"]


def test_screened_without_rules(unruled_result: dict[str, Any]) -> None:
    html = render_html(build_report(unruled_result, generated=WHEN))
    assert "Labour rule packs were not run for this screening" in html
    assert "findings" not in Page(html).tables
    assert "organisations" in Page(html).tables


def test_no_organisation_named(unruled_result: dict[str, Any]) -> None:
    unruled_result["organisations"] = []
    html = render_html(build_report(unruled_result, generated=WHEN))
    assert "The rows name no organisation" in html
    assert "organisations named on a list" not in html


def test_a_long_rule_lists_its_first_rows_and_counts_the_rest(
    ruled_result: dict[str, Any],
) -> None:
    first = ruled_result["rows"][0]
    finding = first["findings"][0]
    ruled_result["rows"] = [
        {**first, "row": n, "matches": [], "findings": [finding]} for n in range(1, MAX_SHOWN + 6)
    ]
    ruled_result["roster_findings"][0]["rows"] = list(range(1, MAX_ROWS_NAMED + 4))
    html = render_html(build_report(ruled_result, generated=WHEN), ["r.csv", "r.json"])
    rows = [r for r in Page(html).tables["findings"] if r[0] != "row"]
    assert len(rows) == MAX_SHOWN
    assert "… and 5 more rows: every finding is in <code>r.json</code>." in html
    assert f"{MAX_ROWS_NAMED} Ра Кён Су, … and 3 more" in html

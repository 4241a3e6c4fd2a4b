"""Derived facts: what the labour rules know about a roster row beyond its raw cells.

Rules read two kinds of names: roster fields (the canonical fields of
``roster_headers.yml``, as the cell text) and the facts below, computed here with clear
names and documented in docs/rules.md (a test keeps the two in step). Each fact names the
roster fields it is built from; when the roster has none of those columns the fact is
unknown, and a rule that needs it reports "not assessable". Nationality is read only from
citizenship and nationality cells, never from a name: a Korean-looking name says nothing.

:class:`RecordView` is the one object a condition reads; it remembers every value read
(the finding's evidence) and why a value was unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from laborscreen.countries import DPRK, is_ambiguous, to_iso
from laborscreen.dates import parse_date
from laborscreen.model import PartialDate
from laborscreen.names import analyze
from laborscreen.roster import RosterRecord
from laborscreen.roster.headers import header_table
from laborscreen.rules import vocabulary
from laborscreen.rules.calendar import working_days_between
from laborscreen.rules.conditions import Namespace, Ref

#: The host state whose law (115-FZ) the Russian pack applies; "foreign" means not of it.
HOST_COUNTRY = "RU"

#: Cells that show a row is paid work: an employee's hire date, post, pay or site.
PAID_WORK_FIELDS = (
    "hire_date",
    "job_title",
    "salary",
    "work_schedule",
    "contract_type",
    "site",
    "payee",
    "bank_account",
    "work_permit",
)
STUDY_FIELDS = ("study_institution", "study_programme", "study_mode", "study_certificate")

#: Names read by nearly every rule and left out of the evidence.
QUIET = frozenset({"record_type"})


@dataclass(frozen=True, slots=True)
class Unknown:
    """A fact that could not be established, and why."""

    reason: str


@dataclass(frozen=True, slots=True)
class ListEvidence:
    """Sanctions-list matches at the alert threshold: entity ids and their programmes."""

    ids: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()  # "source:program", e.g. "un:DPRK", "us_ofac:DPRK3"


Compute = Callable[["RecordView"], Any]


@dataclass(frozen=True, slots=True)
class FactSpec:
    name: str
    sources: tuple[str, ...]  # roster fields it is built from; () when always known
    values: tuple[Any, ...] | None  # the values it can take; None when open-ended
    description: str
    compute: Compute


FACTS: dict[str, FactSpec] = {}


def _fact(
    name: str, sources: tuple[str, ...], values: tuple[Any, ...] | None, description: str
) -> Callable[[Compute], Compute]:
    def register(compute: Compute) -> Compute:
        FACTS[name] = FactSpec(name, sources, values, description, compute)
        return compute

    return register


BOOL = (True, False)
CITIZENSHIP = ("citizenship", "nationality")


def namespace(fields: frozenset[str]) -> Namespace:
    """The names a rule pack may use: these roster fields and every fact."""
    return Namespace(fields, {name: spec.values for name, spec in FACTS.items()})


class RecordView:
    """One row as the rules see it: cells, derived facts and list matches."""

    def __init__(
        self,
        record: RosterRecord,
        columns: frozenset[str],
        lists: Mapping[str, ListEvidence] | None = None,
    ) -> None:
        self.record = record
        self.columns = columns
        self.lists = dict(lists or {})
        self.evidence: dict[str, Any] = {}
        self.missing: dict[str, str] = {}
        self._facts: dict[str, Any] = {}

    # ---- what a condition calls ------------------------------------------------

    def reset(self) -> None:
        """Start a new rule: forget the evidence the last one read."""
        self.evidence = {}
        self.missing = {}

    def text(self, name: str) -> str | None:
        """The field's cell text; None when blank or a placeholder such as "-" or "н/д"."""
        raw = self.record.fields.get(name)
        if raw is None:
            return None
        cleaned = " ".join(raw.split())
        return None if not cleaned or cleaned.lower() in header_table().empty else cleaned

    def has(self, ref: Ref) -> bool:
        if ref.kind == "field":
            return ref.name in self.columns
        return ref.name in _available_facts(self.columns)

    def lookup(self, ref: Ref) -> tuple[Any, str | None]:
        """(value, None) or (None, why it is unknown); records nothing."""
        if not self.has(ref):
            if ref.kind == "field":
                return None, "the roster has no such column"
            needs = ", ".join(FACTS[ref.name].sources)
            return None, f"the roster has no column it is read from ({needs})"
        if ref.kind == "field":
            value = self.text(ref.name)
            return (value, None) if value is not None else (None, "blank")
        if ref.name not in self._facts:
            self._facts[ref.name] = FACTS[ref.name].compute(self)
        found = self._facts[ref.name]
        if isinstance(found, Unknown):
            return None, found.reason
        if found is None:
            return None, "blank"
        return found, None

    def value(self, ref: Ref) -> Any:
        value, reason = self.lookup(ref)
        if reason is None:
            self._note(ref, value)
        else:
            self.missing.setdefault(ref.name, reason)
        return value

    def present(self, ref: Ref) -> bool | None:
        value, reason = self.lookup(ref)
        if not self.has(ref):
            self.missing.setdefault(ref.name, str(reason))
            return None
        self._note(ref, value)
        return value is not None and value != () and value != []

    def _note(self, ref: Ref, value: Any) -> None:
        # Every rule asks whether the row is a person; saying so in each finding is noise.
        if ref.name not in QUIET:
            self.evidence[ref.name] = value

    def date_value(self, ref: Ref) -> tuple[date, date] | None:
        text = self.value(ref)
        if text is None:
            return None
        parsed = text if isinstance(text, PartialDate) else parse_date(str(text))
        if parsed is None:
            self.missing.setdefault(ref.name, f"unreadable date {text!r}")
            return None
        return _span(parsed)

    def number_value(self, ref: Ref) -> float | None:
        value = self.value(ref)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        digits = "".join(ch for ch in str(value).replace(",", ".") if ch.isdigit() or ch == ".")
        try:
            return float(digits)
        except ValueError:
            self.missing.setdefault(ref.name, f"unreadable number {value!r}")
            return None

    def working_days(self, start: date, end: date) -> int:
        return working_days_between(start, end)

    # ---- helpers for the facts ---------------------------------------------------

    def fact(self, name: str) -> Any:
        """Another fact's value (None when unknown), for facts built on facts."""
        return self.lookup(Ref("fact", name))[0]

    def matches(self, role: str) -> ListEvidence:
        return self.lists.get(role, ListEvidence())


@lru_cache(maxsize=64)
def _available_facts(columns: frozenset[str]) -> frozenset[str]:
    """The facts a roster with these columns can tell (one of their sources is there)."""
    return frozenset(
        name
        for name, spec in FACTS.items()
        if not spec.sources or any(s in columns for s in spec.sources)
    )


def _span(found: PartialDate) -> tuple[date, date]:
    """The first and last day a partial date can mean."""
    if found.month is None or found.circa or found.year_to is not None:
        last_year = (found.year_to or found.year) + (1 if found.circa else 0)
        first_year = found.year - (1 if found.circa else 0)
        return date(first_year, 1, 1), date(last_year, 12, 31)
    if found.day is None:
        nxt = date(found.year + found.month // 12, found.month % 12 + 1, 1)
        return date(found.year, found.month, 1), date.fromordinal(nxt.toordinal() - 1)
    day = date(found.year, found.month, found.day)
    return day, day


# ---- the facts ------------------------------------------------------------------


@_fact(
    "record_type",
    (),
    ("Person", "Organization"),
    "Person or Organization: what the row is (the schema column, else the file's kind).",
)
def _record_type(view: RecordView) -> str:
    return "Person" if view.record.schema.is_person else "Organization"


@_fact(
    "citizenship_code",
    CITIZENSHIP,
    None,
    "ISO 3166 alpha-2 code of the citizenship cell (else the nationality cell). Unknown when "
    "blank, not a country (ethnicity such as 'кореец') or ambiguous (a bare 'Korea').",
)
def _citizenship_code(view: RecordView) -> str | Unknown | None:
    text = view.text("citizenship") or view.text("nationality")
    if text is None:
        return None
    code = to_iso(text)
    if code is not None:
        return code
    if is_ambiguous(text):
        return Unknown(f"{text!r} names no single country (North or South Korea?)")
    return Unknown(f"{text!r} is not a country the country table knows")


@_fact("citizenship_dprk", CITIZENSHIP, BOOL, "The citizenship is the DPRK (KP).")
def _citizenship_dprk(view: RecordView) -> bool | Unknown | None:
    return _from_code(view, lambda code: code == DPRK)


@_fact(
    "foreign_national",
    CITIZENSHIP,
    BOOL,
    f"The citizenship is not that of the host state ({HOST_COUNTRY}, whose 115-FZ applies).",
)
def _foreign(view: RecordView) -> bool | Unknown | None:
    return _from_code(view, lambda code: code != HOST_COUNTRY)


@_fact(
    "eaeu_national",
    CITIZENSHIP,
    BOOL,
    "A citizen of another Eurasian Economic Union state (AM, BY, KZ, KG): no work permit "
    "or patent needed in Russia.",
)
def _eaeu(view: RecordView) -> bool | Unknown | None:
    return _from_code(view, lambda code: code in vocabulary.eaeu_members())


def _from_code(view: RecordView, test: Callable[[str], bool]) -> bool | Unknown | None:
    code, reason = view.lookup(Ref("fact", "citizenship_code"))
    if code is None:
        return Unknown(reason) if reason and reason != "blank" else None
    return test(str(code))


@_fact(
    "passport_issuer_code",
    ("passport_country",),
    None,
    "ISO alpha-2 code of the passport's issuing state.",
)
def _issuer(view: RecordView) -> str | Unknown | None:
    text = view.text("passport_country")
    if text is None:
        return None
    return to_iso(text) or Unknown(f"{text!r} names no single country")


@_fact(
    "passport_dprk_shape",
    ("passport",),
    BOOL,
    "The passport number has the DPRK shape (nine digits beginning 108, 199, 290, ..., "
    "927, maybe after PS/PD/PO). False when there is no passport number.",
)
def _passport_shape(view: RecordView) -> bool:
    return vocabulary.passport_dprk_shape(view.record.passport or view.text("passport"))


@_fact(
    "purpose_category",
    ("visa_purpose",),
    vocabulary.categories("purpose").names,
    "The visa or entry purpose as a category (учеба/study, стажировка/trainee, "
    "туризм/tourist, работа/work, ...).",
)
def _purpose(view: RecordView) -> str | Unknown | None:
    return _classified(view, "visa_purpose", "purpose")


def _classified(view: RecordView, name: str, section: str) -> str | Unknown | None:
    text = view.text(name)
    if text is None:
        return None
    found = vocabulary.classify(section, text)
    return found if found is not None else Unknown(f"{text!r} is not a {section} word known")


@_fact(
    "paid_work",
    PAID_WORK_FIELDS,
    BOOL,
    "The row shows paid work: a hire date, job title, salary, schedule, contract, site, "
    "payee or work permit. False when the contract or salary says unpaid.",
)
def _paid_work(view: RecordView) -> bool | None:
    if any(vocabulary.says_unpaid(view.text(n)) for n in ("contract_type", "salary", "note")):
        return False
    return True if any(view.text(n) for n in PAID_WORK_FIELDS) else None


@_fact(
    "full_time_work",
    ("work_schedule",),
    BOOL,
    "The work schedule is full-time (full day, 5/2 or 2/2 shifts, >= 30 hours a week, "
    ">= 0.75 of a post).",
)
def _full_time_work(view: RecordView) -> bool | Unknown | None:
    text = view.text("work_schedule")
    if text is None:
        return None
    found = vocabulary.schedule_full_time(text)
    return found if found is not None else Unknown(f"{text!r} is not a schedule known")


@_fact(
    "study_full_time",
    ("study_mode",),
    BOOL,
    "The form of study is full-time (очная); false for очно-заочная, заочная, distance.",
)
def _study_full_time(view: RecordView) -> bool | Unknown | None:
    found = _classified(view, "study_mode", "study_mode")
    return found == "full_time" if isinstance(found, str) else found


@_fact(
    "study_programme_category",
    ("study_programme",),
    vocabulary.categories("study_programme").names,
    "main_professional (college, bachelor, specialist, master, residency, postgraduate), "
    "preparatory, language or additional.",
)
def _programme(view: RecordView) -> str | Unknown | None:
    return _classified(view, "study_programme", "study_programme")


@_fact(
    "student_claim",
    ("visa_purpose", *STUDY_FIELDS),
    BOOL,
    "The row presents the worker as a student: a study purpose or any study cell.",
)
def _student_claim(view: RecordView) -> bool:
    return view.fact("purpose_category") == "study" or any(view.text(n) for n in STUDY_FIELDS)


@_fact(
    "role_category",
    ("job_title",),
    ("oversight", "other"),
    "oversight for a minder's job title (interpreter, curator, group leader, a bare "
    "'manager'); other for any other title.",
)
def _role(view: RecordView) -> str | None:
    return vocabulary.role_category(view.text("job_title"))


def person_key(text: str) -> frozenset[str]:
    """Phonetic keys of a person's name, order-free: "Ри Мён Чоль" == "RI MYONG CHOL"."""
    return frozenset(t.key for t in analyze(text).tokens)


@_fact(
    "payee_is_worker",
    ("payee",),
    BOOL,
    "The wage payee is the worker (same name in any script); false for a third party.",
)
def _payee_is_worker(view: RecordView) -> bool | None:
    payee = view.text("payee")
    if payee is None:
        return None
    if analyze(payee, is_org=True).legal_form is not None:
        return False
    wanted = person_key(payee)
    return any(person_key(n) == wanted for n in view.record.names)


@_fact(
    "wage_destination",
    ("bank_account", "payee"),
    None,
    "Where the wages go: the bank account or card number, else the payee's name.",
)
def _wage_destination(view: RecordView) -> str | None:
    return view.text("bank_account") or view.text("payee")


def _list_facts(role: str, label: str) -> None:
    _fact(
        f"{role}_match_ids",
        (),
        None,
        f"Ids of the list entries {label} matched at the alert threshold (empty: none).",
    )(lambda view: list(view.matches(role).ids))
    _fact(
        f"{role}_match_programs",
        (),
        None,
        "Sanctions programmes of those entries as source:program (un:DPRK, us_ofac:DPRK3).",
    )(lambda view: list(view.matches(role).programs))


_list_facts("list", "the row's own name")
_list_facts("agency", "the row's staffing agency or contractor")
_list_facts("payee", "the row's wage payee")
_list_facts("employer", "the row's employer (organisation column)")

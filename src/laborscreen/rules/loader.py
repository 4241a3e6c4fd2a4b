"""Loading rule packs: YAML files read, every rule checked, all problems reported at once.

Rule packs ship inside the package (``rules/packs/*.yml``); users add their own as YAML
files or folders of them, without touching code. :func:`load_rules` resolves what
``laborscreen screen --rules`` names (a shipped pack id, ``all``, ``none``, a file, a
folder) and checks every pack before anything is screened: unknown keys, fields, facts and
predicates, bad severities, missing legal bases. Problems are collected, each with its file
and rule id, and raised together as one :class:`~laborscreen.errors.RulePackError`. The
format is documented in docs/rules.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from laborscreen.errors import RulePackError
from laborscreen.roster.headers import canonical_fields
from laborscreen.rules.conditions import Condition, Namespace, parse_condition
from laborscreen.rules.facts import namespace
from laborscreen.rules.model import (
    Citation,
    Pack,
    RecordRule,
    RosterRule,
    RuleInfo,
    RuleSet,
    Severity,
    Window,
)

PACK_KEYS = {"pack", "title", "jurisdiction", "description", "rules"}
PACK_REQUIRED = ("pack", "title", "jurisdiction", "rules")
COMMON_KEYS = {
    "id",
    "scope",
    "title",
    "severity",
    "jurisdiction",
    "legal_basis",
    "explanation",
    "evidence",
}
RECORD_KEYS = COMMON_KEYS | {"applies_when", "requires", "when"}
ROSTER_KEYS = COMMON_KEYS | {"filter", "group_by", "window", "min_size", "require_member"}
CITATION_KEYS = ("instrument", "paragraph", "url")
SCOPES = ("record", "roster")

_PACK_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice, which YAML would silently overwrite."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is written twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def shipped_packs() -> dict[str, Path]:
    """The packs that come with laborscreen: id -> file."""
    folder = resources.files("laborscreen.rules").joinpath("packs")
    found = sorted(
        (Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".yml")),
        key=lambda p: (
            SHIPPED_ORDER.index(p.stem) if p.stem in SHIPPED_ORDER else len(SHIPPED_ORDER)
        ),
    )
    return {path.stem: path for path in found}


#: The order in which shipped packs run and their findings are listed.
SHIPPED_ORDER = ("un_dprk_labour", "us_caatsa", "ru_115fz", "red_flags")


class _Checker:
    """Builds one pack from its YAML, collecting every problem on the way."""

    def __init__(self, path: Path, names: Namespace, problems: list[str]) -> None:
        self.path = path
        self.names = names
        self.problems = problems
        self.where = str(path)

    def fail(self, message: str, rule: str | None = None) -> None:
        where = f"{self.where}: rule {rule}" if rule else self.where
        self.problems.append(f"{where}: {message}")

    def text(self, data: dict[str, Any], key: str, rule: str | None) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be non-empty text", rule)
            return ""
        return " ".join(value.split())

    def pack(self, data: Any) -> Pack | None:
        if not isinstance(data, dict):
            self.fail("a rule pack is a mapping with pack, title, jurisdiction and rules")
            return None
        for key in sorted(map(str, set(data) - PACK_KEYS)):
            self.fail(f"unknown key {key!r} (allowed: {', '.join(sorted(PACK_KEYS))})")
        for key in PACK_REQUIRED:
            if key not in data:
                self.fail(f"missing '{key}'")
        pack_id = data.get("pack")
        if not isinstance(pack_id, str) or not _PACK_ID.match(pack_id):
            self.fail(f"'pack' must be a lower-case id like red_flags, not {pack_id!r}")
            pack_id = ""
        title = self.text(data, "title", None)
        jurisdiction = self.text(data, "jurisdiction", None)
        description = " ".join(str(data.get("description") or "").split())
        entries = data.get("rules")
        if not isinstance(entries, list) or not entries:
            self.fail("'rules' must be a non-empty list")
            entries = []
        record: list[RecordRule] = []
        roster: list[RosterRule] = []
        seen: set[str] = set()
        for index, entry in enumerate(entries, 1):
            built = self.rule(entry, index, pack_id, jurisdiction, seen)
            if isinstance(built, RecordRule):
                record.append(built)
            elif isinstance(built, RosterRule):
                roster.append(built)
        return Pack(
            pack_id, title, jurisdiction, description, self.path, tuple(record), tuple(roster)
        )

    def rule(
        self, data: Any, index: int, pack_id: str, jurisdiction: str, seen: set[str]
    ) -> RecordRule | RosterRule | None:
        if not isinstance(data, dict):
            self.fail(f"rule {index} is not a mapping")
            return None
        rule_id = data.get("id")
        label = str(rule_id) if isinstance(rule_id, str) and rule_id else f"#{index}"
        before = len(self.problems)
        if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
            self.fail(f"'id' must look like {pack_id or 'pack'}.rule_name, not {rule_id!r}", label)
        elif pack_id and not rule_id.startswith(pack_id + "."):
            self.fail(f"'id' must start with the pack id '{pack_id}.'", label)
        elif rule_id in seen:
            self.fail("the id is used twice in this pack", label)
        seen.add(str(rule_id))
        scope = data.get("scope", "record")
        if scope not in SCOPES:
            self.fail(f"'scope' must be record or roster, not {scope!r}", label)
            return None
        allowed = RECORD_KEYS if scope == "record" else ROSTER_KEYS
        known = ", ".join(sorted(allowed))
        for key in sorted(map(str, set(data) - allowed)):
            self.fail(f"unknown key {key!r} for a {scope} rule (allowed: {known})", label)
        info = self.info(data, label, pack_id, jurisdiction)
        if scope == "record":
            built: RecordRule | RosterRule | None = self.record_rule(data, label, info)
        else:
            built = self.roster_rule(data, label, info)
        return built if len(self.problems) == before else None

    def info(self, data: dict[str, Any], label: str, pack_id: str, jurisdiction: str) -> RuleInfo:
        severity_text = data.get("severity")
        try:
            severity = Severity(str(severity_text))
        except ValueError:
            scale = ", ".join(s.value for s in Severity)
            self.fail(f"'severity' must be one of {scale}, not {severity_text!r}", label)
            severity = Severity.INFO
        own = data.get("jurisdiction")
        if own is not None and (not isinstance(own, str) or not own.strip()):
            self.fail("'jurisdiction' must be non-empty text", label)
        return RuleInfo(
            id=label,
            pack=pack_id,
            title=self.text(data, "title", label),
            severity=severity,
            jurisdiction=str(own).strip() if isinstance(own, str) and own.strip() else jurisdiction,
            legal_basis=self.citations(data.get("legal_basis"), label),
            explanation=self.text(data, "explanation", label),
            evidence=self.names_list(data.get("evidence", []), "evidence", label),
        )

    def citations(self, data: Any, label: str) -> tuple[Citation, ...]:
        entries = [data] if isinstance(data, dict) else data
        if not isinstance(entries, list) or not entries:
            self.fail("'legal_basis' is required: instrument, paragraph and url", label)
            return ()
        found: list[Citation] = []
        for entry in entries:
            if not isinstance(entry, dict):
                self.fail(f"a legal_basis entry must be a mapping, not {entry!r}", label)
                continue
            allowed = ", ".join(CITATION_KEYS)
            for key in sorted(map(str, set(entry) - set(CITATION_KEYS))):
                self.fail(f"unknown key {key!r} in legal_basis (allowed: {allowed})", label)
            values = [self.text(entry, key, label) for key in CITATION_KEYS]
            if values[2] and not values[2].startswith(("https://", "http://")):
                self.fail(f"legal_basis url must be a web link, not {values[2]!r}", label)
            found.append(Citation(*values))
        return tuple(found)

    def names_list(self, data: Any, key: str, label: str) -> tuple[str, ...]:
        if not isinstance(data, list) or not all(isinstance(n, str) for n in data):
            self.fail(f"'{key}' must be a list of field or fact names", label)
            return ()
        for name in data:
            if name not in self.names.fields and name not in self.names.facts:
                self.fail(f"'{key}' names unknown field or fact {name!r}", label)
        return tuple(data)

    def condition(self, data: dict[str, Any], key: str, label: str) -> Condition | None:
        if key not in data:
            return None
        where = f"{self.where}: rule {label}: '{key}'"
        return parse_condition(data[key], self.names, where, self.problems)

    def record_rule(self, data: dict[str, Any], label: str, info: RuleInfo) -> RecordRule | None:
        if "when" not in data:
            self.fail("a record rule needs 'when'", label)
            return None
        when = self.condition(data, "when", label)
        applies = self.condition(data, "applies_when", label)
        requires = self.names_list(data.get("requires", []), "requires", label)
        return None if when is None else RecordRule(info, when, applies, requires)

    def roster_rule(self, data: dict[str, Any], label: str, info: RuleInfo) -> RosterRule | None:
        group_by = self.names_list(data.get("group_by"), "group_by", label)
        if not group_by:
            self.fail("a roster rule needs 'group_by': the fields or facts rows share", label)
        size = data.get("min_size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            self.fail(f"'min_size' must be a whole number of rows >= 1, not {size!r}", label)
            size = 1
        window = self.window(data.get("window"), label)
        return RosterRule(
            info,
            group_by,
            size,
            self.condition(data, "filter", label),
            window,
            self.condition(data, "require_member", label),
        )

    def window(self, data: Any, label: str) -> Window | None:
        if data is None:
            return None
        if not isinstance(data, dict) or set(data) != {"field", "days"}:
            self.fail("'window' needs exactly field (a date field) and days", label)
            return None
        name, days = data["field"], data["days"]
        if name not in self.names.fields or not str(name).endswith("_date"):
            self.fail(f"'window' field must be a date field of the roster, not {name!r}", label)
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            self.fail(f"'window' days must be a whole number >= 0, not {days!r}", label)
            return None
        return Window(str(name), days)


def _read(path: Path, problems: list[str]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read the rule pack: {exc}")
        return None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader: no Python objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{path}: not valid YAML{where}: {reason}")
        return None


def _names() -> Namespace:
    return namespace(frozenset(canonical_fields()))


def _build(path: Path, problems: list[str]) -> Pack | None:
    data = _read(path, problems)
    if data is None and not any(p.startswith(f"{path}:") for p in problems):
        problems.append(f"{path}: the rule pack is empty")
    if data is None:
        return None
    return _Checker(path, _names(), problems).pack(data)


def load_pack(path: Path) -> Pack:
    """One pack file, checked; raises :class:`RulePackError` listing every problem."""
    problems: list[str] = []
    pack = _build(Path(path), problems)
    if problems or pack is None:
        raise RulePackError(problems)
    return pack


def _resolve(selector: str, problems: list[str]) -> list[Path]:
    shipped = shipped_packs()
    if selector == "all":
        return list(shipped.values())
    if selector == "none":
        return []
    if selector in shipped:
        return [shipped[selector]]
    path = Path(selector)
    if path.is_dir():
        files = sorted([*path.glob("*.yml"), *path.glob("*.yaml")])
        if not files:
            problems.append(f"{path}: the folder holds no .yml rule pack")
        return files
    if path.is_file():
        return [path]
    problems.append(
        f"{selector}: neither a shipped rule pack ({', '.join(shipped)}, all, none) "
        "nor a rule pack file or folder"
    )
    return []


def _split(selectors: Iterable[str]) -> list[str]:
    return [part.strip() for s in selectors for part in s.split(",") if part.strip()]


def load_rules(selectors: Sequence[str] | None = None) -> RuleSet:
    """The packs named by ``--rules`` values (default: every shipped pack), all checked.

    Each value may list several names separated by commas. A pack named twice runs once;
    two different files with one pack id, or one rule id in two packs, are problems.
    """
    problems: list[str] = []
    paths: list[Path] = []
    for selector in _split(selectors if selectors else ["all"]):
        for path in _resolve(selector, problems):
            if path.resolve() not in {p.resolve() for p in paths}:
                paths.append(path)
    packs: list[Pack] = []
    for path in paths:
        pack = _build(path, problems)
        if pack is not None:
            packs.append(pack)
    by_id: dict[str, Pack] = {}
    rule_owner: dict[str, str] = {}
    for pack in packs:
        if pack.id in by_id:
            problems.append(
                f"{pack.path}: pack id {pack.id!r} is also used by {by_id[pack.id].path}"
            )
        by_id.setdefault(pack.id, pack)
        for info in pack.rules:
            owner = rule_owner.get(info.id)
            if owner is not None and owner != str(pack.path):
                problems.append(f"{pack.path}: rule {info.id}: the id is also used in {owner}")
            rule_owner.setdefault(info.id, str(pack.path))
    if problems:
        raise RulePackError(problems)
    return RuleSet(tuple(packs))

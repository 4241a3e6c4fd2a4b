"""docs/service.md cannot drift: every route, command, option and error code is in it."""

from __future__ import annotations

import re
from pathlib import Path

import click

from laborscreen.cli import main
from laborscreen.service.api import create_app
from laborscreen.service.api.errors import _HTTP_CODES
from laborscreen.service.db import Database

ROOT = Path(__file__).parents[2]
DOC = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
SOURCE = ROOT / "src" / "laborscreen" / "service"


def test_every_route_is_documented(tmp_path: Path) -> None:
    app = create_app(Database(f"sqlite:///{tmp_path / 'service.db'}"))
    for path, operations in app.openapi()["paths"].items():
        shown = path.replace("{entity_id}", "{id}").replace("{screening_id}", "{id}")
        shown = shown.replace("{alert_id}", "{id}")
        for method in operations:
            assert f"`{method.upper()} {shown}`" in DOC, f"{method.upper()} {shown}"


def test_every_service_command_and_option_is_documented() -> None:
    context = click.Context(main)
    for name in ("admin", "audit"):
        group = main.get_command(context, name)
        assert isinstance(group, click.Group)
        for sub in group.list_commands(context):
            assert f"laborscreen {name} {sub}" in DOC, f"laborscreen {name} {sub}"
    for name in ("serve", "bench-api"):
        command = main.get_command(context, name)
        assert command is not None
        for param in command.params:
            for option in param.opts:
                assert option in DOC, f"laborscreen {name} {option}"


def test_every_error_code_is_documented() -> None:
    raised = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        raised |= set(re.findall(r"ServiceError\(\s*\d{3},\s*\"([a-z_]+)\"", text))
        raised |= set(re.findall(r"error_body\(\"([a-z_]+)\"", text))
        raised |= set(re.findall(r"error_response\(\d{3}, \"([a-z_]+)\"", text))
    raised |= {code for status, code in _HTTP_CODES.items() if status in (404, 405, 422)}
    assert {"unauthorized", "forbidden", "invalid_query", "lists_not_loaded"} <= raised
    for code in raised:
        assert f"`{code}`" in DOC, code


def test_settings_are_documented() -> None:
    for variable in ("LABORSCREEN_HOME", "LABORSCREEN_DATABASE_URL"):
        assert f"`{variable}`" in DOC

"""Every `$ laborscreen ...` command shown in the README runs as shown."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from laborscreen.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED_LISTS = (ROOT / ".." / "shared" / "data" / "lists").resolve()


def readme_examples() -> list[tuple[list[str], list[str]]]:
    """(arguments, the output lines the README shows under the command)."""
    examples: list[tuple[list[str], list[str]]] = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("$ laborscreen "):
            examples.append((shlex.split(line[len("$ laborscreen ") :]), []))
        elif line.startswith("```") or line.startswith("$ "):
            if examples and examples[-1][1] is not None:
                examples.append(([], []))  # close the current example
        elif examples and examples[-1][0]:
            examples[-1][1].append(line)
    return [(args, shown) for args, shown in examples if args]


def readme_commands() -> list[list[str]]:
    return [args for args, _ in readme_examples()]


def test_readme_shows_commands() -> None:
    assert len(readme_commands()) >= 6


@pytest.mark.slow
def test_readme_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not SHARED_LISTS.is_dir():
        pytest.skip("official lists not available")
    monkeypatch.setenv("LABORSCREEN_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    for args, shown in readme_examples():
        args = [str(tmp_path / a) if a.startswith("out/") else a for a in args]
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, f"laborscreen {' '.join(args)}:\n{result.output}"
        printed = result.output.splitlines()
        for line in shown:  # the README's sample output is what the command prints
            assert line in printed, f"laborscreen {' '.join(args)} no longer prints {line!r}"

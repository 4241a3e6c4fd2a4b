"""The ``laborscreen`` command: a thin shell over the library.

Each sub-command module registers its commands on :data:`main`; nothing here
holds screening logic.
"""

from __future__ import annotations

import sys

import click

from laborscreen.errors import LaborscreenError


class _Group(click.Group):
    """Turns laborscreen's own errors into one clear line and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except LaborscreenError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="laborscreen")
def main() -> None:
    """Screen rosters and supplier files for sanctions and DPRK forced-labour exposure."""


def _register() -> None:
    # Imported for their side effect of adding commands to ``main``.
    from laborscreen.cli import admin, bench, evaluate, lists, media, screen, service  # noqa: F401


_register()

"""``laborscreen admin …`` and ``laborscreen audit …``: bootstrap a deployment, check its trail.

``admin migrate`` brings the service database to the newest layout (the
server also does this at start-up); ``create-org``, ``create-user`` and
``create-key`` set up organisations and credentials; ``create-key`` prints the
key once: only its hash is stored. Every change is written to the audit trail
with the actor ``cli:<user>``. ``audit verify`` walks the hash chain and exits
with status 1 naming the first entry that does not fit.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from laborscreen.cli import main
from laborscreen.cli.table import render
from laborscreen.service import accounts, audit
from laborscreen.service.db import Database, display_url
from laborscreen.service.models import Role

ROLES = click.Choice([r.value for r in Role], case_sensitive=False)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "cli"


@contextmanager
def _session(write: bool = True) -> Iterator[Session]:
    """A session on the service database, brought up to date first; closed afterwards."""
    with Database() as db:
        db.upgrade()
        with db.transaction() if write else db.session() as session:
            yield session


@main.group("admin")
def admin() -> None:
    """Set up the service: database layout, organisations, users and API keys."""


@admin.command("migrate")
def migrate() -> None:
    """Apply pending migrations to the service database (LABORSCREEN_DATABASE_URL)."""
    with Database() as db:
        revision = db.upgrade()
    click.echo(f"{display_url(db.url)}: at revision {revision}")


@admin.command("create-org")
@click.argument("name")
def create_org(name: str) -> None:
    """Create an organisation (a tenant)."""
    with _session() as session:
        org = accounts.create_org(session, name, _actor())
        click.echo(f"created organisation {org.name!r} (id {org.id})")


@admin.command("create-user")
@click.option("--org", "org_name", required=True, help="Organisation name.")
@click.option("--role", required=True, type=ROLES, help="analyst, reviewer or admin.")
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help="Ask for a password (typed twice, not echoed) so that the user can log in to the UI.",
)
@click.argument("email")
def create_user(org_name: str, role: str, ask_password: bool, email: str) -> None:
    """Create a user of an organisation with a role (and, with --password, a UI login)."""
    password = None
    if ask_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    with _session() as session:
        user = accounts.create_user(session, org_name, email, role, _actor(), password)
        click.echo(f"created {user.role.value} {user.email} in {org_name!r} (id {user.id})")


@admin.command("create-key")
@click.option("--org", "org_name", required=True, help="Organisation name.")
@click.option("--role", required=True, type=ROLES, help="analyst, reviewer or admin.")
@click.option("--label", help="What the key is for, shown in key lists.")
def create_key(org_name: str, role: str, label: str | None) -> None:
    """Create an API key and print it once (only its hash is kept)."""
    with _session() as session:
        key, plain = accounts.create_key(session, org_name, role, _actor(), label)
        prefix = key.prefix
    click.echo(plain)
    click.echo(
        f"API key {prefix} ({role} of {org_name!r}): store it now, it is not shown again",
        err=True,
    )


@admin.command("revoke-key")
@click.option("--org", "org_name", required=True, help="Organisation name.")
@click.argument("prefix")
def revoke_key(org_name: str, prefix: str) -> None:
    """Revoke an API key by its prefix (lsk_…); requests with it fail from then on."""
    with _session() as session:
        key = accounts.revoke_key(session, org_name, prefix, _actor())
        click.echo(f"revoked {key.prefix} at {key.revoked_at:%Y-%m-%d %H:%M:%S}")


@admin.command("list-keys")
@click.option("--org", "org_name", required=True, help="Organisation name.")
def list_keys(org_name: str) -> None:
    """The organisation's API keys (prefix, role, label, state): never the keys themselves."""
    with _session(write=False) as session:
        rows = [
            (
                k.prefix,
                k.role.value,
                k.label or "",
                f"{k.created_at:%Y-%m-%d}",
                "revoked" if k.revoked_at else "active",
            )
            for k in accounts.list_keys(session, org_name)
        ]
    if rows:
        click.echo(render(["prefix", "role", "label", "created", "state"], rows))
    else:
        click.echo(f"{org_name!r} has no API keys")


@main.group("audit")
def audit_group() -> None:
    """Check and read the audit trail."""


@audit_group.command("verify")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def verify(as_json: bool) -> None:
    """Check the hash chain of the whole trail; exit status 1 names the first broken entry."""
    with _session(write=False) as session:
        result = audit.verify(session)
    if as_json:
        click.echo(json.dumps(result.to_dict()))
    elif result.ok:
        click.echo(f"audit trail intact: {result.entries} entries, head {result.head_hash}")
    else:
        click.echo(
            f"audit trail broken at entry {result.broken_at}: {result.problem} "
            f"({result.entries} entries verified before it)",
            err=True,
        )
    if not result.ok:
        sys.exit(1)


@audit_group.command("list")
@click.option("--org", "org_name", required=True, help="Organisation name.")
@click.option("--after", type=int, default=0, show_default=True, help="Entries after this seq.")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON lines.")
def list_entries(org_name: str, after: int, limit: int, as_json: bool) -> None:
    """One organisation's audit entries, oldest first."""
    with _session(write=False) as session:
        org = accounts.find_org(session, org_name)
        found = [audit.entry_dict(e) for e in audit.entries(session, org.id, after, limit)]
    if as_json:
        for entry in found:
            click.echo(json.dumps(entry, ensure_ascii=False))
        return
    rows = [
        (e["seq"], e["at"][:19], e["actor"], e["action"], f"{e['object_type']}:{e['object_id']}")
        for e in found
    ]
    click.echo(render(["seq", "at", "actor", "action", "object"], rows))

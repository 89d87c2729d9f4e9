"""``flask --app factcheck create-user`` and ``set-password``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from factcheck.auth.models import Role
from factcheck.auth.operations import AccountError, create_user, reset_password
from factcheck.transactions import unit_of_work


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.REVIEWER.value,
    show_default=True,
    help="What the account may do.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--name", "display_name", help="The name reports and exports credit (e.g. 'Ana Ruiz').")
def create_user_command(email: str, role: str, password_stdin: bool, display_name: str | None) -> None:
    """Create an account for EMAIL (the password is asked on the terminal)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work():
            user = create_user(email, password, role, display_name)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role} {user.email}.")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("New password", hide_input=True, confirmation_prompt=True)


@click.command("set-password")
@with_appcontext
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(email: str, password_stdin: bool) -> None:
    """Set a new password for EMAIL's account and end all its sessions."""
    try:
        with unit_of_work():
            user = reset_password(email, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"New password set for {user.email}; every session of the account has ended.")

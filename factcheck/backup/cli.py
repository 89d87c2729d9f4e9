"""``flask --app factcheck dump FILE`` and ``flask --app factcheck restore FILE``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from factcheck.backup.operations import BackupError, dump_database, restore_database
from factcheck.transactions import unit_of_work


@click.command("dump")
@with_appcontext
@click.argument("file", type=click.File("w", encoding="utf-8", atomic=True))
@click.option(
    "--with-password-hashes",
    is_flag=True,
    help="Include the accounts' password hashes (keep such a file as safe as the database itself).",
)
def dump_command(file, with_password_hashes: bool) -> None:
    """Write the whole database to FILE as JSON ('-' for standard output)."""
    # atomic=True: FILE only appears once the dump is complete, so a failed dump leaves no half-file.
    summary = dump_database(file, include_password_hashes=with_password_hashes)
    tables = sum(1 for count in summary.rows.values() if count)
    message = f"Dumped {summary.total} rows from {tables} tables to {file.name}."
    if not with_password_hashes:
        message += (
            " Password hashes are not in it: accounts restored from it need a new password "
            "(--with-password-hashes keeps them)."
        )
    click.echo(message, err=file.name == "<stdout>")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.File("r", encoding="utf-8"))
def restore_command(file) -> None:
    """Load a dump FILE into this empty database, all of it or nothing."""
    try:
        with unit_of_work():
            summary = restore_database(file)
    except BackupError as error:
        raise click.ClickException(f"Nothing was restored. {error}") from None
    click.echo(f"Restored {summary.total} rows into {sum(1 for c in summary.rows.values() if c)} tables.")
    if summary.accounts_without_password:
        click.echo(
            f"{len(summary.accounts_without_password)} accounts were restored without a password hash and "
            "cannot log in until their password is reset: " + ", ".join(summary.accounts_without_password)
        )

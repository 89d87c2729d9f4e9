"""``flask --app factcheck dump FILE`` and ``flask --app factcheck restore FILE``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from factcheck.auth.models import Role
from factcheck.backup.dumpfile import BackupError
from factcheck.backup.operations import RestoreSummary, dump_database, restore_database
from factcheck.transactions import unit_of_work
from factcheck.vocabulary import counted


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
    try:
        summary = dump_database(file, include_password_hashes=with_password_hashes)
    except BackupError as error:
        raise click.ClickException(f"Nothing was dumped. {error}") from None
    tables = sum(1 for count in summary.rows.values() if count)
    message = f"Dumped {counted(summary.total, 'row')} from {counted(tables, 'table')} to {file.name}."
    if not with_password_hashes:
        message += (
            " Password hashes are not in it: accounts restored from it need a new password "
            "(--with-password-hashes keeps them)."
        )
    click.echo(message, err=file.name == "<stdout>")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--with-password-hashes",
    is_flag=True,
    help="Restore the password hashes of a dump made with them: every account in it then logs in with the "
    "password it had. A dump with hashes is refused without this flag.",
)
def restore_command(file, with_password_hashes: bool) -> None:
    """Load a dump FILE into this empty database, all of it or nothing."""
    try:
        with unit_of_work():
            summary = restore_database(file, with_password_hashes=with_password_hashes)
    except BackupError as error:
        raise click.ClickException(f"Nothing was restored. {error}") from None
    tables = sum(1 for count in summary.rows.values() if count)
    click.echo(f"Restored {counted(summary.total, 'row')} into {counted(tables, 'table')}.")
    click.echo(accounts_report(summary))


def accounts_report(summary: RestoreSummary) -> str:
    """Every account the restore created, with its role, and who can log in: an administrator checks that
    they know each one (an account added to the file would be here too)."""
    if not summary.accounts:
        return "No accounts were restored."
    count = len(summary.accounts)
    lines = [f"{count} account was created:" if count == 1 else f"{count} accounts were created:"]
    for account in summary.accounts:
        notes = [account.role]
        if not account.active:
            notes.append("deactivated")
        notes.append("logs in with its old password" if account.with_password else "no password yet")
        lines.append(f"  {account.email} ({', '.join(notes)})")
    admins = [
        account.email
        for account in summary.accounts
        if account.role == Role.ADMIN and account.active and account.with_password
    ]
    if admins:
        lines.append(
            "Administrators who can log in with the password they had (make sure you know each one): "
            + ", ".join(admins)
        )
    missing = len(summary.accounts_without_password)
    if missing:
        lines.append(
            f"{missing} {'account was' if missing == 1 else 'accounts were'} restored without a password hash and "
            "cannot log in until their password is reset (flask --app factcheck set-password EMAIL): "
            + ", ".join(summary.accounts_without_password)
        )
    return "\n".join(lines)

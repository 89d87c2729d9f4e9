"""``flask --app factcheck import-factchecks FILE|DIR|-...``: other fact-checkers' ClaimReviews, brought in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from factcheck.extensions import db
from factcheck.factchecks.operations import store_factchecks
from factcheck.factchecks.parse import MAX_BYTES, FactCheckInputError, parse_factchecks
from factcheck.vocabulary import counted


def _files(paths: tuple[str, ...]) -> Iterator[tuple[str, Path | None]]:
    """Each input as (its name, its path; None for standard input); a directory's files in name order, the
    files of its subdirectories too, hidden ones left out."""
    for given in paths:
        if given == "-":
            yield "-", None
            continue
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield str(found), found
        else:
            yield given, path


def _read(path: Path | None) -> bytes:
    """The input's bytes, refusing more than MAX_BYTES before reading them all."""
    if path is None:
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
    else:
        if not path.is_file():
            raise FactCheckInputError("no such file.")
        if path.stat().st_size > MAX_BYTES:
            raise FactCheckInputError(f"{path.stat().st_size:,} bytes, over the limit of {MAX_BYTES:,} bytes.")
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise FactCheckInputError(f"over the limit of {MAX_BYTES:,} bytes.")
    return data


@click.command("import-factchecks")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|DIR|-...")
@with_appcontext
def import_factchecks_command(paths: tuple[str, ...]) -> None:
    """Import other fact-checkers' ClaimReviews from HTML pages (their JSON-LD), JSON-LD files, DataFeeds and
    Fact Check Tools claims:search responses: a line per file (added, duplicates, skipped) and the reason for
    each item skipped. Each file is committed on its own. Exits with 1 only when no fact-check could be read
    from any file."""
    read_any = False
    for name, path in _files(paths):
        try:
            result = parse_factchecks(_read(path))
        except (FactCheckInputError, OSError) as error:
            click.echo(f"{name}: not read: {error}", err=True)
            continue
        try:
            counts = store_factchecks(result.items)
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            click.echo(f"{name}: not stored, nothing of it kept: {error.__class__.__name__}: {error}", err=True)
            continue
        read_any = read_any or bool(result.items)
        click.echo(
            f"{name}: {counts.added} added, {counted(counts.duplicates, 'duplicate')}, {len(result.skipped)} skipped"
        )
        for skipped in result.skipped:
            click.echo(f"  skipped {skipped.where}: {skipped.reason}")
    if not read_any:
        raise click.ClickException("No fact-check could be read.")

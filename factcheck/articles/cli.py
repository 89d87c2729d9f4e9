"""``flask --app factcheck import-article FILE...``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from factcheck.articles.extract import ArticleInputError, extract_file
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.extensions import db


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing a file over the configured size limit before reading it whole."""
    size = path.stat().st_size
    if size > limit:
        raise ArticleInputError(f"{path} is {size:,} bytes, over the limit of {limit:,} bytes.")
    return path.read_bytes()


def import_one(path: Path, outlet: str | None, url: str | None, published_on: date | None) -> tuple[str, str]:
    """Import one file in its own transaction; returns (outcome, message) with outcome added/skipped."""
    config = current_app.config
    data = _read_limited(path, config["MAX_CONTENT_LENGTH"])
    extracted = extract_file(path.name, data, config["ALLOWED_UPLOAD_EXTENSIONS"])
    result = ingest_article(
        ArticleData(
            text=extracted.text,
            title=extracted.title,
            outlet=outlet or extracted.outlet,
            url=url or extracted.url,
            published_on=published_on or extracted.published_on,
        )
    )
    if not result.created:
        db.session.rollback()
        return "skipped", f"{path}: already present as article {result.article.id}"
    db.session.commit()
    return "added", f"{path}: article {result.article.id}, {result.article.claim_count} claims"


@click.command("import-article")
@with_appcontext
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="The outlet that published the article(s).")
@click.option("--url", help="The article's address (only sensible with one file).")
@click.option(
    "--date", "published_on", type=click.DateTime(["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD."
)
def import_article_command(files: tuple[Path, ...], outlet, url, published_on) -> None:
    """Import articles from .txt, .md or .html FILES; each file is its own transaction."""
    if url and len(files) > 1:
        raise click.UsageError("--url names one article's address: give it with a single file.")
    if url and not url.lower().startswith(("http://", "https://")):
        raise click.UsageError("--url must be an http:// or https:// address.")
    day = published_on.date() if published_on else None
    counts = {"added": 0, "skipped": 0, "failed": 0}
    messages: list[str] = []

    def run(path: Path) -> None:
        try:
            if not path.is_file():
                raise ArticleInputError(f"{path}: no such file.")
            outcome, message = import_one(path, outlet, url, day)
        except (ArticleInputError, OSError) as error:
            db.session.rollback()
            outcome, message = "failed", str(error) if str(path) in str(error) else f"{path}: {error}"
        counts[outcome] += 1
        if outcome != "added" or len(files) == 1:
            messages.append(f"{outcome}: {message}")

    if len(files) > 1:
        with click.progressbar(files, label="Importing", show_pos=True, file=sys.stderr) as bar:
            for path in bar:
                run(path)
    else:
        run(files[0])
    for message in messages:
        click.echo(message)
    click.echo(
        f"{counts['added']} added, {counts['skipped']} skipped as already present, {counts['failed']} failed."
    )
    if counts["failed"]:
        raise SystemExit(1)

"""``flask --app factcheck import-article FILE...``."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, cast

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from factcheck.analysis import Analysis
from factcheck.articles.extract import OUTLET_MAX, URL_MAX, ArticleData, ArticleInputError, article_text, extract_file
from factcheck.articles.operations import IngestResult, ingest_articles
from factcheck.articles.parallel import analysed, default_jobs
from factcheck.extensions import db
from factcheck.links import is_http_url
from factcheck.vocabulary import counted


@dataclass(slots=True)
class Prepared:
    """One file read and extracted, its metadata merged with the command's options (or the reason it cannot
    be imported), then analysed."""

    path: Path
    data: ArticleData | None = None
    error: str | None = None
    analysis: Analysis | None = None


class Outcome(NamedTuple):
    """What became of one file: ``kind`` is added, skipped or failed; ``article_id`` the article it is
    (added or already present), else None."""

    kind: str
    message: str
    article_id: int | None = None


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing a file over the configured size limit before reading it whole."""
    size = path.stat().st_size
    if size > limit:
        raise ArticleInputError(f"{path} is {size:,} bytes, over the limit of {limit:,} bytes.")
    return path.read_bytes()


def _refusal(path: Path, error: Exception) -> str:
    return str(error) if str(path) in str(error) else f"{path}: {error}"


def read_file(path: Path, given: ArticleData, limit: int, allowed: tuple[str, ...]) -> Prepared:
    """Read and extract one file, refusing what cannot be an article before it is analysed; ``given`` holds
    the command's options, which win over the file's own metadata."""
    try:
        if not path.is_file():
            raise ArticleInputError(f"{path}: no such file.")
        data = given.or_else(extract_file(path.name, _read_limited(path, limit), allowed))
        data.text = article_text(data.text)
    except (ArticleInputError, OSError) as error:
        return Prepared(path, error=_refusal(path, error))
    return Prepared(path, data)


def _outcome(path: Path, result: IngestResult) -> Outcome:
    article = result.article
    if not result.created:
        return Outcome("skipped", f"{path}: already present as article {article.id}", article.id)
    return Outcome("added", f"{path} → article {article.id} ({counted(article.claim_count, 'claim')})", article.id)


def _store(batch: list[Prepared]) -> list[Outcome]:
    """Store the files in one SAVEPOINT; raises (the SAVEPOINT rolled back) if any of them fails."""
    pairs = []
    for prepared in batch:
        assert prepared.data is not None  # only files that were not refused are stored
        pairs.append((prepared.data, prepared.analysis))
    with db.session.begin_nested():
        results = ingest_articles(pairs)
    return [_outcome(prepared.path, result) for prepared, result in zip(batch, results, strict=True)]


def _write_lock_first() -> None:
    """On SQLite, take the database's write lock before the batch reads anything. In WAL mode a transaction
    that has read cannot write once another connection has committed ("database is locked" at once, without
    the busy timeout's wait), so a reviewer saving evidence at the wrong moment failed the whole batch. With
    the lock taken first, the reviewer's save waits for the batch instead (at most one batch's commit)."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    sqlite_connection = cast(sqlite3.Connection, connection.connection.dbapi_connection)
    if not sqlite_connection.in_transaction:  # nothing read yet in this transaction
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def import_batch(batch: list[Prepared]) -> list[Outcome]:
    """Store a batch of prepared files with a few statements; if that fails, file by file, so that one bad
    file loses no other. The caller commits."""
    _write_lock_first()
    outcomes = {id(prepared): Outcome("failed", prepared.error) for prepared in batch if prepared.error is not None}
    good = [prepared for prepared in batch if prepared.error is None]
    try:
        stored = _store(good) if good else []
    except SQLAlchemyError:
        stored = []
        for prepared in good:
            try:
                stored += _store([prepared])
            except SQLAlchemyError as error:
                stored.append(Outcome("failed", f"{prepared.path}: {error}"))
    outcomes.update((id(prepared), outcome) for prepared, outcome in zip(good, stored, strict=True))
    return [outcomes[id(prepared)] for prepared in batch]


@click.command("import-article")
@with_appcontext
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outlet", help="The outlet that published the article(s).")
@click.option("--url", help="The article's address (only sensible with one file).")
@click.option("--date", "published_on", type=click.DateTime(["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option(
    "--batch-size",
    default=100,
    show_default=True,
    type=click.IntRange(1),
    help="Articles stored together, one transaction (each file still succeeds or fails alone).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Processes parsing the articles with spaCy (default: the number of CPUs, for 16 files or more); "
    "the rules run in this one.",
)
def import_article_command(files: tuple[Path, ...], outlet, url, published_on, batch_size, jobs) -> None:
    """Import articles from .txt, .md or .html FILES, committing every --batch-size articles."""
    if url and len(files) > 1:
        raise click.UsageError("--url names one article's address: give it with a single file.")
    if url and not is_http_url(url):
        raise click.UsageError("--url must be an http:// or https:// address.")
    # The article columns' lengths: longer values were a database error (PostgreSQL) after the analysis.
    if outlet and len(outlet) > OUTLET_MAX:
        raise click.UsageError(f"--outlet is {len(outlet)} characters long; at most {OUTLET_MAX} fit.")
    if url and len(url) > URL_MAX:
        raise click.UsageError(f"--url is {len(url)} characters long; at most {URL_MAX} fit.")
    given = ArticleData(text="", outlet=outlet, url=url, published_on=published_on.date() if published_on else None)
    limit, allowed = current_app.config["MAX_CONTENT_LENGTH"], tuple(current_app.config["ALLOWED_UPLOAD_EXTENSIONS"])
    items = analysed(
        (read_file(path, given, limit, allowed) for path in files),
        lambda prepared: None if prepared.data is None else prepared.data.text,
        jobs or default_jobs(len(files)),
    )
    outcomes: list[Outcome] = []
    bar = click.progressbar(
        items, length=len(files), label="Importing", show_pos=True, file=sys.stderr, hidden=len(files) == 1
    )
    try:
        with bar:
            batch: list[Prepared] = []
            for prepared, analysis in bar:
                prepared.analysis = analysis
                batch.append(prepared)
                if len(batch) == batch_size:
                    outcomes += import_batch(batch)
                    db.session.commit()
                    batch = []
            if batch:
                outcomes += import_batch(batch)
                db.session.commit()
    except BaseException:
        db.session.rollback()
        items.close()
        raise
    counts = {kind: sum(outcome.kind == kind for outcome in outcomes) for kind in ("added", "skipped", "failed")}
    added = [outcome.article_id for outcome in outcomes if outcome.kind == "added" and outcome.article_id is not None]
    # Every file's line, in order: which article each new file became ("added: a.txt → article 12 (28 claims)"),
    # then the new ids at a glance.
    for outcome in outcomes:
        click.echo(f"{outcome.kind}: {outcome.message}")
    if added and len(files) > 1:
        click.echo(f"New articles: {id_ranges(added)}")
    click.echo(f"{counts['added']} added, {counts['skipped']} skipped as already present, {counts['failed']} failed.")
    if counts["failed"]:
        raise SystemExit(1)


def id_ranges(ids: list[int]) -> str:
    """Article ids as runs: "4-7, 9, 12-40"."""
    runs: list[list[int]] = []
    for article_id in sorted(ids):
        if runs and article_id == runs[-1][1] + 1:
            runs[-1][1] = article_id
        else:
            runs.append([article_id, article_id])
    return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in runs)

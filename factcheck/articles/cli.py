"""``flask --app factcheck import-article FILE...``."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from factcheck.analysis import analyze_many
from factcheck.articles.extract import (
    OUTLET_MAX,
    URL_MAX,
    ArticleInputError,
    check_text,
    extract_file,
    normalise_newlines,
)
from factcheck.articles.operations import (
    ArticleData,
    IngestResult,
    StoredAnalysis,
    ingest_article,
    ingest_articles,
    storable,
)
from factcheck.extensions import db
from factcheck.links import is_http_url

# Below this many files spaCy parses in this process: a few articles fill one or two of its batches, so a
# second process would wait for work while the paragraphs still pay the trip to it and back.
PARALLEL_FROM_FILES = 16


@dataclass(slots=True)
class Prepared:
    """One file read, extracted and analysed (or the reason it cannot be imported)."""

    path: Path
    data: ArticleData | None = None
    analysis: StoredAnalysis | None = None
    error: str | None = None


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing a file over the configured size limit before reading it whole."""
    size = path.stat().st_size
    if size > limit:
        raise ArticleInputError(f"{path} is {size:,} bytes, over the limit of {limit:,} bytes.")
    return path.read_bytes()


def _refusal(path: Path, error: Exception) -> str:
    return str(error) if str(path) in str(error) else f"{path}: {error}"


def read_file(path: Path, limit: int, allowed: tuple[str, ...]) -> Prepared:
    """Read and extract one file, refusing what cannot be an article before it is analysed."""
    try:
        if not path.is_file():
            raise ArticleInputError(f"{path}: no such file.")
        extracted = extract_file(path.name, _read_limited(path, limit), allowed)
        text = normalise_newlines(extracted.text)
        check_text(text)
    except (ArticleInputError, OSError) as error:
        return Prepared(path, error=_refusal(path, error))
    data = ArticleData(
        text=text,
        title=extracted.title,
        outlet=extracted.outlet,
        url=extracted.url,
        published_on=extracted.published_on,
    )
    return Prepared(path, data)


def prepared_files(files: Iterable[Path], jobs: int) -> Generator[Prepared, None, None]:
    """Each file read, extracted and analysed, in order.

    The readable files' texts stream through ``analyze_many``: spaCy parses their paragraphs in batches, in
    ``jobs`` processes when more than one, and the rules run here as each article comes back. Files are
    read only as far ahead as spaCy's batches need, so memory stays flat however many there are.
    """
    config = current_app.config
    limit, allowed = config["MAX_CONTENT_LENGTH"], tuple(config["ALLOWED_UPLOAD_EXTENSIONS"])
    waiting: deque[Prepared] = deque()  # read, not yet given back: the refused ones and those in the analysis
    reading = True

    def texts() -> Iterator[str]:
        for path in files:
            if not reading:
                return
            prepared = read_file(path, limit, allowed)
            waiting.append(prepared)
            if prepared.error is None:
                assert prepared.data is not None  # read_file gives a file's data or the error refusing it
                yield prepared.data.text

    analyses = analyze_many(texts(), n_process=jobs)
    try:
        for analysis in analyses:
            while waiting[0].error is not None:  # refused before this one: given back in their place
                yield waiting.popleft()
            prepared = waiting.popleft()
            try:
                prepared.analysis = storable(analysis)
            except ArticleInputError as error:
                prepared.error = _refusal(prepared.path, error)
            yield prepared
        yield from waiting  # files after the last readable one
    except GeneratorExit:
        # The import stopped early. Closing the analysis now would hang: spaCy's forked worker processes
        # block sending back the paragraphs they hold while spaCy waits for them to exit (spaCy 3.8). So
        # read no further file and let the analysis finish the few batches already handed to it.
        reading = False
        for _ in analyses:
            pass
        raise


def _with_options(prepared: Prepared, outlet: str | None, url: str | None, published_on: date | None) -> ArticleData:
    data = prepared.data
    assert data is not None  # only files that were not refused are stored
    data.outlet = outlet or data.outlet
    data.url = url or data.url
    data.published_on = published_on or data.published_on
    return data


class Outcome(NamedTuple):
    """What became of one file: ``kind`` is added, skipped or failed; ``article_id`` the article it is
    (added or already present), else None."""

    kind: str
    message: str
    article_id: int | None = None


def _outcome(path: Path, result: IngestResult) -> Outcome:
    article = result.article
    if not result.created:
        return Outcome("skipped", f"{path}: already present as article {article.id}", article.id)
    return Outcome("added", f"{path}: article {article.id}, {article.claim_count} claims", article.id)


def import_one(prepared: Prepared, outlet: str | None, url: str | None, published_on: date | None) -> Outcome:
    """Store one prepared file inside a SAVEPOINT. A failure rolls back this file alone; the caller commits."""
    if prepared.error is not None:
        return Outcome("failed", prepared.error)
    savepoint = db.session.begin_nested()
    try:
        result = ingest_article(_with_options(prepared, outlet, url, published_on), analysis=prepared.analysis)
    except (ArticleInputError, SQLAlchemyError) as error:
        savepoint.rollback()
        return Outcome("failed", f"{prepared.path}: {error}")
    savepoint.commit()
    return _outcome(prepared.path, result)


def import_batch(
    batch: list[Prepared], outlet: str | None, url: str | None, published_on: date | None
) -> list[Outcome]:
    """Store a batch of prepared files in one SAVEPOINT with a few statements (``ingest_articles``); if that
    fails, file by file, each in its own SAVEPOINT, so one bad file loses no other. The caller commits."""
    outcomes: list[Outcome | None] = [
        Outcome("failed", prepared.error) if prepared.error is not None else None for prepared in batch
    ]
    good = [index for index, outcome in enumerate(outcomes) if outcome is None]
    if not good:
        return _completed(outcomes)
    savepoint = db.session.begin_nested()
    try:
        results = ingest_articles(
            [(_with_options(batch[i], outlet, url, published_on), batch[i].analysis) for i in good]
        )
    except (ArticleInputError, SQLAlchemyError):
        savepoint.rollback()
        for index in good:
            outcomes[index] = import_one(batch[index], outlet, url, published_on)
        return _completed(outcomes)
    savepoint.commit()
    for index, result in zip(good, results, strict=True):
        outcomes[index] = _outcome(batch[index].path, result)
    return _completed(outcomes)


def _completed(outcomes: list[Outcome | None]) -> list[Outcome]:
    """The batch's outcomes, once every file has one."""
    completed = [outcome for outcome in outcomes if outcome is not None]
    assert len(completed) == len(outcomes), "a file of the batch has no outcome"
    return completed


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
    day = published_on.date() if published_on else None
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(files) >= PARALLEL_FROM_FILES else 1
    counts = {"added": 0, "skipped": 0, "failed": 0}
    messages: list[str] = []
    added: list[int] = []

    def store(batch: list[Prepared]) -> None:
        for outcome in import_batch(batch, outlet, url, day):
            counts[outcome.kind] += 1
            if outcome.kind == "added" and outcome.article_id is not None:  # an added file has its article
                added.append(outcome.article_id)
            if outcome.kind != "added" or len(files) == 1:
                messages.append(f"{outcome.kind}: {outcome.message}")
        db.session.commit()

    def run(items: Iterable[Prepared]) -> None:
        batch: list[Prepared] = []
        for prepared in items:
            batch.append(prepared)
            if len(batch) >= batch_size:
                store(batch)
                batch = []
        if batch:
            store(batch)

    items = prepared_files(files, jobs)
    try:
        if len(files) > 1:
            with click.progressbar(items, length=len(files), label="Importing", show_pos=True, file=sys.stderr) as bar:
                run(bar)
        else:
            run(items)
    except BaseException:
        db.session.rollback()
        items.close()
        raise
    if added and len(files) > 1:
        click.echo(f"New articles: {id_ranges(added)}")
    for message in messages:
        click.echo(message)
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

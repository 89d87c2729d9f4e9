"""``flask --app factcheck import-article FILE...``."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from factcheck.analysis import analyze
from factcheck.articles.extract import (
    OUTLET_MAX,
    URL_MAX,
    ArticleInputError,
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

# Below this many files the analysis runs in this process: starting workers costs more than it saves.
PARALLEL_FROM_FILES = 16
# Files a worker takes at a time; each chunk's results come back as one message. Smaller chunks cost the
# importing process more CPU (receiving 200 files took it 46 ms in chunks of 4, 36 ms in chunks of 8);
# larger ones leave a worker idle longer at the end.
CHUNK_SIZE = 8
# How much lower the analysing workers run than the importing process (os.nice). The importing process is
# the one writer, so the import goes as fast as it is fed and keeps storing: ahead of the workers it has the
# CPU as soon as it needs it (2,000 articles on two CPUs: 790 -> 836 articles/s, mean of four runs each),
# and so have the web workers of a server the import runs on.
WORKER_NICENESS = 10
# The smallest of the halving batches at the end of a parallel import (see batch_limit).
SMALLEST_LAST_BATCH = 8
# Container objects allocated (net of those freed) before the garbage collector's youngest generation runs,
# while importing (default 700). An article's rows are freed by reference counting as soon as they are
# stored, so at the default the collector ran hundreds of times per 2,000 articles, each time walking the
# batch in hand, and its full collections walked the whole app: 0.12-0.14 ms of the importing process's
# CPU per article. With what the process already held frozen (gc.freeze) and this threshold it does not
# run at all, and memory is still bounded: garbage cycles are still collected once this many objects
# accumulate.
IMPORT_GC_THRESHOLD = 50_000


@dataclass(slots=True)
class Prepared:
    """One file read, extracted and analysed (or the reason it cannot be imported). The analysis is in the
    form the database stores (``storable``): a fraction of the full Analysis's size to send from a worker."""

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


def prepare(path: Path, limit: int, allowed: tuple[str, ...]) -> Prepared:
    """Read, extract and analyse one file. Touches no database, so it can run in a worker process."""
    try:
        if not path.is_file():
            raise ArticleInputError(f"{path}: no such file.")
        extracted = extract_file(path.name, _read_limited(path, limit), allowed)
        text = normalise_newlines(extracted.text)
        data = ArticleData(
            text=text,
            title=extracted.title,
            outlet=extracted.outlet,
            url=extracted.url,
            published_on=extracted.published_on,
        )
        return Prepared(path, data, storable(analyze(text)))  # storable refuses a bad text (check_text)
    except (ArticleInputError, OSError) as error:
        return Prepared(path, error=str(error) if str(path) in str(error) else f"{path}: {error}")


def _prepare_star(arguments: tuple[Path, int, tuple[str, ...]]) -> Prepared:
    return prepare(*arguments)


def prepared_files(files: Iterable[Path], jobs: int, window: int) -> Iterator[Prepared]:
    """Each file prepared, in order; with ``jobs`` > 1 in worker processes, at most two windows ahead
    (so memory stays flat however many files there are)."""
    config = current_app.config
    arguments = [(path, config["MAX_CONTENT_LENGTH"], tuple(config["ALLOWED_UPLOAD_EXTENSIONS"])) for path in files]
    if jobs <= 1:
        yield from map(_prepare_star, arguments)
        return
    # fork: workers inherit the loaded lexicons; they never use the parent's database connections, locks or
    # threads (Python 3.12+ warns about forking a threaded process in general; not a hazard here).
    # concurrent.futures rather than multiprocessing.Pool: the Pool's worker-handler thread also wakes (and
    # polls the workers) for every result message, which cost this process 0.15 ms of CPU per file.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=worker_setup)
    try:
        windows = [arguments[i : i + window] for i in range(0, len(arguments), window)]
        with warnings.catch_warnings():  # the first map forks the workers
            warnings.simplefilter("ignore", DeprecationWarning)
            pending = pool.map(_prepare_star, windows[0], chunksize=CHUNK_SIZE) if windows else iter(())
        for following in [*windows[1:], None]:
            ahead = pool.map(_prepare_star, following, chunksize=CHUNK_SIZE) if following else None
            yield from pending
            pending = ahead
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on a failure, files not yet started are dropped


def worker_setup() -> None:
    """A worker's first step: run below the importing process and the web workers (``WORKER_NICENESS``),
    and collect garbage as the importing process does while it imports (``quiet_gc``), until it exits."""
    os.nice(WORKER_NICENESS)
    _quiet_gc_start()


@contextmanager
def quiet_gc() -> Iterator[None]:
    """Within the block, what the process holds already is frozen out of garbage collection and the
    youngest generation runs only every ``IMPORT_GC_THRESHOLD`` objects; both are restored after it."""
    thresholds = _quiet_gc_start()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _quiet_gc_start() -> tuple[int, int, int]:
    """Freeze what the process holds and raise the youngest generation's threshold; the old thresholds."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(IMPORT_GC_THRESHOLD, *thresholds[1:])
    return thresholds


def batch_limit(remaining: int, batch_size: int, jobs: int) -> int:
    """How many files the next stored batch takes, ``remaining`` files being left to store. With worker
    processes the last batch is stored after every file is analysed, the workers idle, so over the last
    2 × ``batch_size`` files the batches halve (100, 50, 25, 13, 8, ...): each is stored while the workers
    analyse the following ones, and the last is small."""
    if jobs <= 1:
        return batch_size
    return min(batch_size, max(SMALLEST_LAST_BATCH, (remaining + 1) // 2))


def _with_options(prepared: Prepared, outlet: str | None, url: str | None, published_on: date | None) -> ArticleData:
    data = prepared.data
    data.outlet = outlet or data.outlet
    data.url = url or data.url
    data.published_on = published_on or data.published_on
    return data


def _outcome(path: Path, result: IngestResult) -> tuple[str, str]:
    if not result.created:
        return "skipped", f"{path}: already present as article {result.article.id}"
    return "added", f"{path}: article {result.article.id}, {result.article.claim_count} claims"


def import_one(prepared: Prepared, outlet: str | None, url: str | None, published_on: date | None) -> tuple[str, str]:
    """Store one prepared file inside a SAVEPOINT; returns (outcome, message): added, skipped or failed.

    A failure rolls back this file alone; the caller commits.
    """
    if prepared.error is not None:
        return "failed", prepared.error
    savepoint = db.session.begin_nested()
    try:
        result = ingest_article(_with_options(prepared, outlet, url, published_on), analysis=prepared.analysis)
    except (ArticleInputError, SQLAlchemyError) as error:
        savepoint.rollback()
        return "failed", f"{prepared.path}: {error}"
    savepoint.commit()
    return _outcome(prepared.path, result)


def import_batch(
    batch: list[Prepared], outlet: str | None, url: str | None, published_on: date | None
) -> list[tuple[str, str]]:
    """Store a batch of prepared files in one SAVEPOINT with a few statements (``ingest_articles``); if that
    fails, file by file, each in its own SAVEPOINT, so one bad file loses no other. The caller commits."""
    outcomes: list[tuple[str, str] | None] = [
        ("failed", prepared.error) if prepared.error is not None else None for prepared in batch
    ]
    good = [index for index, outcome in enumerate(outcomes) if outcome is None]
    if not good:
        return outcomes
    savepoint = db.session.begin_nested()
    try:
        results = ingest_articles(
            [(_with_options(batch[i], outlet, url, published_on), batch[i].analysis) for i in good]
        )
    except (ArticleInputError, SQLAlchemyError):
        savepoint.rollback()
        for index in good:
            outcomes[index] = import_one(batch[index], outlet, url, published_on)
        return outcomes
    savepoint.commit()
    for index, result in zip(good, results, strict=True):
        outcomes[index] = _outcome(batch[index].path, result)
    return outcomes


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
    help="Processes analysing files (default: the number of CPUs, for 16 files or more).",
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

    def store(batch: list[Prepared]) -> None:
        for outcome, message in import_batch(batch, outlet, url, day):
            counts[outcome] += 1
            if outcome != "added" or len(files) == 1:
                messages.append(f"{outcome}: {message}")
        db.session.commit()

    def run(items: Iterable[Prepared]) -> None:
        batch: list[Prepared] = []
        remaining = len(files)
        limit = batch_limit(remaining, batch_size, jobs)
        for prepared in items:
            batch.append(prepared)
            if len(batch) >= limit:
                store(batch)
                remaining -= len(batch)
                limit = batch_limit(remaining, batch_size, jobs)
                batch = []
        if batch:
            store(batch)

    items = prepared_files(files, jobs, window=max(batch_size, 8))
    try:
        with quiet_gc():
            if len(files) > 1:
                with click.progressbar(
                    items, length=len(files), label="Importing", show_pos=True, file=sys.stderr
                ) as bar:
                    run(bar)
            else:
                run(items)
    except BaseException:
        db.session.rollback()
        raise
    for message in messages:
        click.echo(message)
    click.echo(f"{counts['added']} added, {counts['skipped']} skipped as already present, {counts['failed']} failed.")
    if counts["failed"]:
        raise SystemExit(1)

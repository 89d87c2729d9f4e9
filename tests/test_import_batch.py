"""import-article in batches: one transaction per batch, and still one file's failure touches no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from factcheck.articles import operations
from factcheck.articles.models import Article, Claim
from factcheck.extensions import db
from factcheck.sources.models import ArticleSource, Attribution


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_batches_and_worker_processes_import_every_file_in_order(app, runner, tmp_path: Path, demo_text: str):
    files = [write(tmp_path, f"a{n}.txt", f"Report {n}.\n\n{demo_text}") for n in range(4)]
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\x00\x01")
    files.insert(2, binary)
    files.append(files[0])  # the same file twice: the second is a duplicate of the first
    result = runner.invoke(args=["import-article", "--jobs", "2", "--batch-size", "2", *map(str, files)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "4 added, 1 skipped as already present, 1 failed."
    assert "looks like a binary file" in lines[-3] and lines[-2].startswith(f"skipped: {files[0]}")
    with app.app_context():
        titles = db.session.scalars(select(Article.title).order_by(Article.id)).all()
        assert titles == [f"Report {n}." for n in range(4)]
        per_article = db.session.scalars(select(Article.claim_count)).all()
        assert len(set(per_article)) == 1 and per_article[0] > 20
        assert db.session.scalar(select(func.count()).select_from(Claim)) == sum(per_article)


def test_a_failure_while_writing_one_file_leaves_the_others_whole(app, runner, tmp_path, monkeypatch, demo_text):
    original = operations.store_analyses

    def failing(pairs):
        original(pairs)  # rows written, then the database refuses
        if any(article.title == "Beta" for article, _ in pairs):
            raise SQLAlchemyError("simulated failure")

    monkeypatch.setattr(operations, "store_analyses", failing)
    files = [write(tmp_path, f"{name}.txt", f"{name}\n\n{demo_text}") for name in ("Alpha", "Beta", "Gamma")]
    result = runner.invoke(args=["import-article", "--batch-size", "10", *map(str, files)])
    assert result.exit_code == 1, result.output
    assert "1 failed" in result.output and "simulated failure" in result.output
    with app.app_context():
        articles = db.session.execute(select(Article.title, Article.claim_count).order_by(Article.id)).all()
        assert [title for title, _ in articles] == ["Alpha", "Gamma"]
        assert db.session.scalar(select(func.count()).select_from(Claim)) == sum(n for _, n in articles)
        orphans = select(func.count()).select_from(Attribution).where(~Attribution.claim_id.in_(select(Claim.id)))
        assert db.session.scalar(orphans) == 0
        assert db.session.scalar(select(func.count(func.distinct(ArticleSource.article_id)))) == 2


def test_a_file_the_database_refuses_fails_alone(app, runner, tmp_path, monkeypatch, demo_text):
    """A real refusal by the database (NOT NULL) in the middle of a batch's bulk insert: the batch is redone
    file by file and only the refused file fails."""
    from factcheck.articles import cli

    def broken(analysis):
        stored = operations.storable(analysis)
        if stored.text.startswith("Beta"):
            stored.claims[3] = (None, *stored.claims[3][1:])  # claim.start is NOT NULL
        return stored

    monkeypatch.setattr(cli, "storable", broken)
    files = [write(tmp_path, f"{name}.txt", f"{name}\n\n{demo_text}") for name in ("Alpha", "Beta", "Gamma")]
    result = runner.invoke(args=["import-article", "--jobs", "1", *map(str, files)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "2 added, 0 skipped as already present, 1 failed."
    assert f"failed: {files[1]}: (" in result.output, result.output
    assert re.search(r"not[- ]null", result.output, re.IGNORECASE), result.output
    assert str(files[0]) not in result.output and str(files[2]) not in result.output
    with app.app_context():
        articles = db.session.execute(select(Article.title, Article.claim_count).order_by(Article.id)).all()
        assert [title for title, _ in articles] == ["Alpha", "Gamma"]
        assert db.session.scalar(select(func.count()).select_from(Claim)) == sum(n for _, n in articles)
        assert db.session.scalar(select(func.count(func.distinct(ArticleSource.article_id)))) == 2


def test_sqlite_database_files_use_wal_with_foreign_keys(app):
    from sqlalchemy import text

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        with db.engine.connect() as connection:
            assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
            assert connection.scalar(text("PRAGMA busy_timeout")) == 5000


def test_content_hash_keeps_its_value_for_every_kind_of_whitespace():
    """content_hash must give the digests already stored: the reference is its first formula."""
    import sys
    import unicodedata
    from hashlib import sha256

    def reference(text: str) -> str:
        return sha256(re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().encode()).hexdigest()

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c)))
    texts = [
        f"{spaces}Caf\u00e9{spaces}said\u00a0so\ufb01.{spaces}",
        "Cafe\u0301  \u2028said",
        "ｆｕｌｌ width",
        "x",
        " ",
    ]
    for text in texts:
        assert operations.content_hash(text) == reference(text)


def test_the_stored_form_keeps_what_the_analysis_found(app):
    """storable: texts that are not the article's text[start:end] are kept, two sources of one name are one
    registry record (their claims added up), an unknown source id stores no source, not_a_claim is left out."""
    from factcheck.analysis.model import Analysis, AttributionKind, SourceType, Span, Status
    from factcheck.analysis.model import Attribution as Found
    from factcheck.analysis.model import Claim as FoundClaim
    from factcheck.analysis.model import Source as FoundSource

    text = "Heading\n\nThe mayor said taxes rise. Mayor Smith said so. Critics said no."
    one, two, three = text.index("The mayor"), text.index("Mayor Smith"), text.index("Critics")
    said = Span(one + 10, one + 14, "said")
    analysis = Analysis(
        text=text,
        blocks=[],
        claims=[
            FoundClaim(0, 7, 0, "Heading", Status.NOT_A_CLAIM, "a heading"),
            FoundClaim(
                one,
                two - 1,
                1,
                "THE MAYOR (edited)",
                Status.UNVERIFIED_NAMED,
                "named",
                [Found(AttributionKind.INDIRECT, said, Span(one, one + 9, "The mayor"), None, 0)],
            ),
            FoundClaim(
                two,
                three - 1,
                1,
                text[two : three - 1],
                Status.SOURCED,
                "sourced",
                [
                    Found(AttributionKind.INDIRECT, None, Span(two, two + 11, "not the slice"), None, 1),
                    Found(AttributionKind.INDIRECT, None, None, None, 1),
                ],
            ),
            FoundClaim(
                three,
                len(text),
                1,
                text[three:],
                Status.ANONYMOUS,
                "group",
                [Found(AttributionKind.HEDGE, None, None, None, 7)],
            ),
        ],
        sources=[
            FoundSource(0, "the Mayor", SourceType.PERSON, "mayor", None, False),
            FoundSource(1, "Mayor", SourceType.PERSON, None, "city hall", True),
            FoundSource(2, "critics", SourceType.GROUP, None, None, False),
        ],
    )
    stored = operations.storable(analysis)
    assert stored.sources[0][:2] == ("mayor", "person") and len(stored.sources) == 2
    with app.app_context():
        result = operations.ingest_article(operations.ArticleData(text=text), analysis=analysis)
        again = operations.ingest_article(operations.ArticleData(text=text), analysis=stored)
        assert result.created and not again.created
        with pytest.raises(ValueError, match="another text"):
            operations.ingest_article(operations.ArticleData(text=text + "\n"), analysis=stored)
        db.session.commit()
        claims = db.session.execute(
            select(Claim.position, Claim.text, Claim.status, Claim.priority).order_by(Claim.position)
        ).all()
        assert claims == [
            (0, "THE MAYOR (edited)", "unverified_named", 0),
            (1, text[two : three - 1], "sourced", 4),
            (2, text[three:], "anonymous", 1),
        ]
        attributions = db.session.execute(
            select(Attribution.cue_text, Attribution.source_text, Attribution.source_id, Attribution.kind).order_by(
                Attribution.id
            )
        ).all()
        record = attributions[0][2]
        assert attributions == [
            ("said", "The mayor", record, "indirect"),
            (None, "not the slice", record, "indirect"),
            (None, None, record, "indirect"),
            (None, None, None, "hedge"),
        ]
        appearances = db.session.execute(
            select(
                ArticleSource.source_id,
                ArticleSource.descriptor,
                ArticleSource.affiliation,
                ArticleSource.is_identifiable,
                ArticleSource.claim_count,
            ).order_by(ArticleSource.id)
        ).all()
        assert appearances[0] == (record, "mayor", "city hall", True, 2)
        assert appearances[1][1:] == (None, None, False, 0) and len(appearances) == 2


def test_parallel_imports_end_with_halving_batches():
    """The last batch is stored with the workers idle: over the last 2 x --batch-size files the batches halve."""
    from factcheck.articles.cli import batch_limit

    def batches(total: int, batch_size: int, jobs: int) -> list[int]:
        sizes, remaining = [], total
        while remaining:
            sizes.append(min(batch_limit(remaining, batch_size, jobs), remaining))
            remaining -= sizes[-1]
        return sizes

    assert batches(400, 100, 2) == [100, 100, 100, 50, 25, 13, 8, 4]
    assert batches(400, 100, 1) == [100] * 4
    assert batches(6, 2, 2) == [2, 2, 2]
    assert batches(30, 1, 2) == [1] * 30


def test_analysing_workers_run_below_the_importing_process():
    """The importing process is the one writer: the workers that feed it must not take the CPU from it."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from factcheck.articles.cli import WORKER_NICENESS, worker_setup

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context, initializer=worker_setup) as pool:
        worker = pool.submit(os.nice, 0).result()
    assert worker == min(19, os.nice(0) + WORKER_NICENESS) > os.nice(0)


def test_workers_and_the_import_collect_garbage_rarely_and_restore_it_after():
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from factcheck.articles.cli import IMPORT_GC_THRESHOLD, quiet_gc, worker_setup

    before = gc.get_threshold()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context, initializer=worker_setup) as pool:
        threshold, frozen = pool.submit(_gc_state).result()
    assert threshold == IMPORT_GC_THRESHOLD and frozen > 0
    with quiet_gc():
        assert gc.get_threshold()[0] == IMPORT_GC_THRESHOLD and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def _gc_state() -> tuple[int, int]:
    import gc

    return gc.get_threshold()[0], gc.get_freeze_count()

"""import-article in batches: one transaction per batch, and still one file's failure touches no other."""

from __future__ import annotations

from pathlib import Path

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


def test_sqlite_database_files_use_wal_with_foreign_keys(app):
    from sqlalchemy import text

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        with db.engine.connect() as connection:
            assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
            assert connection.scalar(text("PRAGMA foreign_keys")) == 1
            assert connection.scalar(text("PRAGMA busy_timeout")) == 5000

"""import-article in batches: one transaction per batch, and still one file's failure touches no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from factcheck.articles import operations
from factcheck.articles.models import Article
from factcheck.claims.models import Attribution, Claim
from factcheck.extensions import db
from factcheck.sources.models import ArticleSource


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
    per_file = [line for line in lines if line.startswith(("added: ", "skipped: ", "failed: "))]
    assert [line.split(": ")[0] for line in per_file] == ["added", "added", "failed", "added", "added", "skipped"]
    assert "looks like a binary file" in per_file[2] and per_file[5].startswith(f"skipped: {files[0]}")
    with app.app_context():
        titles = db.session.scalars(select(Article.title).order_by(Article.id)).all()
        assert titles == [f"Report {n}." for n in range(4)]
        per_article = db.session.scalars(select(Article.claim_count)).all()
        assert len(set(per_article)) == 1 and per_article[0] > 20
        assert db.session.scalar(select(func.count()).select_from(Claim)) == sum(per_article)


def edition(name: str, demo_text: str) -> str:
    """The demo article under the heading ``name``, with a sentence of its own (the content hash is over the
    paragraphs: a heading alone does not make it another article)."""
    return f"{name}\n\nThis is the {name} edition.\n\n{demo_text}"


def test_a_failure_while_writing_one_file_leaves_the_others_whole(app, runner, tmp_path, monkeypatch, demo_text):
    original = operations.store_analyses

    def failing(pairs):
        original(pairs)  # rows written, then the database refuses
        if any(article.title == "Beta" for article, _ in pairs):
            raise SQLAlchemyError("simulated failure")

    monkeypatch.setattr(operations, "store_analyses", failing)
    files = [write(tmp_path, f"{name}.txt", edition(name, demo_text)) for name in ("Alpha", "Beta", "Gamma")]
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
    original = operations.storable

    def broken(analysis, digest=None):
        stored = original(analysis, digest)
        if analysis.text.startswith("Beta"):
            stored.claims[3] = stored.claims[3]._replace(start=None)  # claim.start is NOT NULL
        return stored

    monkeypatch.setattr(operations, "storable", broken)
    files = [write(tmp_path, f"{name}.txt", edition(name, demo_text)) for name in ("Alpha", "Beta", "Gamma")]
    result = runner.invoke(args=["import-article", "--jobs", "1", *map(str, files)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "2 added, 0 skipped as already present, 1 failed."
    assert f"failed: {files[1]}: (" in result.output, result.output
    assert re.search(r"not[- ]null", result.output, re.IGNORECASE), result.output
    assert f"added: {files[0]} → article" in result.output and f"added: {files[2]} → article" in result.output
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


def test_the_whole_text_hash_keeps_its_value_for_every_kind_of_whitespace():
    """whole_text_hash must give the digests already stored (articles stored before the content hash was over
    the paragraphs are found by it): the reference is its first formula."""
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
        assert operations.whole_text_hash(text) == reference(text)


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
        again = operations.ingest_article(operations.ArticleData(text=text), analysis=analysis)
        assert result.created and not again.created
        with pytest.raises(ValueError, match="another text"):
            operations.ingest_article(operations.ArticleData(text=text + "\n"), analysis=analysis)
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


def test_a_source_described_at_length_is_stored_with_its_description_cut(app):
    """A descriptor or affiliation longer than its column (one PolNeAR article: 323 characters) is cut to
    fit; PostgreSQL refused the whole article before."""
    from factcheck.analysis.model import Analysis, AttributionKind, SourceType, Span, Status
    from factcheck.analysis.model import Attribution as Found
    from factcheck.analysis.model import Claim as FoundClaim
    from factcheck.analysis.model import Source as FoundSource

    text = "Morton Blackwell said the party would win."
    long = "the conservative icon who founded the Leadership Institute in 1979; " * 6
    analysis = Analysis(
        text=text,
        blocks=[],
        claims=[
            FoundClaim(
                0,
                len(text),
                0,
                text,
                Status.UNVERIFIED_NAMED,
                "named",
                [Found(AttributionKind.INDIRECT, Span(17, 21, "said"), Span(0, 16, "Morton Blackwell"), None, 0)],
            )
        ],
        sources=[FoundSource(0, "Morton Blackwell", SourceType.PERSON, long, long, True)],
    )
    with app.app_context():
        operations.ingest_article(operations.ArticleData(text=text), analysis=analysis)
        db.session.commit()
        descriptor, affiliation = db.session.execute(select(ArticleSource.descriptor, ArticleSource.affiliation)).one()
    assert len(descriptor) == len(affiliation) == operations.SOURCE_TEXT_MAX
    assert descriptor.endswith("…") and long.startswith(descriptor[:-1])


def test_refused_files_keep_their_place_around_the_analysed_ones(app, runner, tmp_path: Path, demo_text: str):
    """Files refused before the analysis (unreadable, empty) are reported in order, whether they come before,
    between or after the files spaCy parses, in this process or in two."""
    for jobs in ("1", "2"):
        folder = tmp_path / jobs
        folder.mkdir()
        files = [
            write(folder, "empty.txt", " \n"),
            write(folder, "one.txt", f"One {jobs}.\n\n{demo_text}"),
            folder / "missing.txt",
            write(folder, "two.txt", f"Two {jobs}.\n\n{demo_text}"),
            write(folder, "notes.pdf", "%PDF"),
        ]
        result = runner.invoke(args=["import-article", "--jobs", jobs, *map(str, files)])
        assert result.exit_code == 1, result.output
        failed = [line for line in result.output.splitlines() if line.startswith("failed: ")]
        assert [line.split(": ")[1] for line in failed] == [str(files[i]) for i in (0, 2, 4)], result.output
        assert result.output.strip().splitlines()[-1] == "2 added, 0 skipped as already present, 3 failed."
    with app.app_context():
        titles = db.session.scalars(select(Article.title).order_by(Article.id)).all()
        assert titles == ["One 1.", "Two 1.", "One 2.", "Two 2."]


def test_the_import_lists_the_new_articles_ids(app, runner, tmp_path: Path, demo_text: str):
    files = [write(tmp_path, f"a{n}.txt", f"Report {n}.\n\n{demo_text}") for n in range(3)]
    first = runner.invoke(args=["import-article", *map(str, files[:2])])
    second = runner.invoke(args=["import-article", *map(str, files)])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    with app.app_context():
        ids = db.session.scalars(select(Article.id).order_by(Article.id)).all()
    assert f"New articles: {ids[0]}-{ids[1]}" in first.output.splitlines()
    assert f"New articles: {ids[2]}" in second.output.splitlines()
    # Each new file with the article it became, each skipped one with the article it already is.
    with app.app_context():
        claims = {article.id: article.claim_count for article in db.session.scalars(select(Article))}
    for path, article_id in zip(files[:2], ids[:2], strict=True):
        assert f"added: {path} → article {article_id} ({claims[article_id]} claims)" in first.output.splitlines()
        assert f"skipped: {path}: already present as article {article_id}" in second.output.splitlines()
    assert f"added: {files[2]} → article {ids[2]} ({claims[ids[2]]} claims)" in second.output.splitlines()
    assert second.output.strip().splitlines()[-1] == "1 added, 2 skipped as already present, 0 failed."


def test_id_ranges():
    from factcheck.articles.cli import id_ranges

    assert id_ranges([9, 4, 5, 6, 7, 12, 13, 40]) == "4-7, 9, 12-13, 40"
    assert id_ranges([3]) == "3"


def test_an_import_that_stops_early_stops_its_spacy_processes(app, runner, tmp_path, monkeypatch, demo_text):
    """A failure the import cannot recover from ends the command (the batch in hand rolled back, the ones
    before it committed) and with it spaCy's worker processes, even with files still to parse."""
    import multiprocessing

    class Stop(Exception):
        pass

    def failing(pairs):
        raise Stop("the database went away")

    monkeypatch.setattr(operations, "store_analyses", failing)
    files = [write(tmp_path, f"a{n}.txt", f"Report {n}.\n\n{demo_text}") for n in range(6)]
    result = runner.invoke(args=["import-article", "--jobs", "2", "--batch-size", "1", *map(str, files)])
    assert isinstance(result.exception, Stop)
    assert multiprocessing.active_children() == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_a_save_from_another_connection_during_a_batch_does_not_fail_it(app, runner, tmp_path, monkeypatch, demo_text):
    """On SQLite in WAL mode, a transaction that read before another connection committed cannot write after
    it: a reviewer's save in the middle of an import batch used to fail every file of the batch."""
    import sqlite3
    import threading

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's snapshot rule; PostgreSQL's writers do not conflict here")
        database = db.engine.url.database
    store = operations.store_analyses
    saved: list[str] = []

    def save_elsewhere() -> None:  # another process's write, on its own connection (busy timeout 5 s)
        connection = sqlite3.connect(database, timeout=5)
        try:
            connection.execute("PRAGMA user_version = 7")
            saved.append("saved")
        except sqlite3.OperationalError as error:
            saved.append(str(error))
        finally:
            connection.close()

    writer = threading.Thread(target=save_elsewhere)

    def store_after_a_save(pairs):  # the batch has read (its duplicate check); a colleague saves now
        if writer.ident is None:  # once: a failed batch is stored again file by file
            writer.start()
            writer.join(0.5)  # done at once unless the batch holds the write lock
        return store(pairs)

    monkeypatch.setattr(operations, "store_analyses", store_after_a_save)
    result = runner.invoke(args=["import-article", str(write(tmp_path, "a.txt", f"Report.\n\n{demo_text}"))])
    writer.join()
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "1 added, 0 skipped as already present, 0 failed."
    assert saved == ["saved"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1

"""The Alembic revisions build the schema the models describe, and can be undone."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, inspect, select, text

from factcheck.extensions import db
from factcheck.search.index import include_object
from tests.conftest import drop_everything


def pending_changes() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True, "include_object": include_object}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_matches_the_models_and_downgrade_undoes_it(make_app):
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade()
        assert pending_changes() == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "article", "claim", "source", "article_source", "attribution"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert pending_changes() == []
        drop_everything(db.engine)


def reflected_rows() -> dict[str, dict]:
    """Every table as the database has it now (reflected): its column names and rows by primary key."""
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    result = {}
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
            result[table.name] = {"columns": set(table.columns.keys()), "rows": [dict(row) for row in rows]}
    return result


def test_each_downgrade_and_upgrade_keeps_the_rows_it_does_not_drop(make_app, demo_text):
    """With data in every table: step down one revision at a time and back up to head each time. What the
    lower revision still has (its tables and columns) comes back unchanged, on SQLite's batch table
    rebuilds as on PostgreSQL's ALTERs."""
    from factcheck.articles.operations import ArticleData, ingest_article
    from factcheck.auth.operations import create_user
    from factcheck.factchecks.models import ExternalFactCheck
    from factcheck.jobs.models import Job
    from factcheck.review import operations as ops
    from factcheck.sources.operations import record_identity_check
    from tests.review_helpers import chambers_claim, rating, some_evidence

    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade()
        reviewer = create_user("reviewer@example.org", "correct horse battery staple", "reviewer")
        article_id = ingest_article(ArticleData(text=demo_text, title="Demo"), created_by=reviewer).article.id
        claim = chambers_claim(article_id)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Analyst warns", "None found."))
        record_identity_check(
            claim.attributions[0].source,
            reviewer,
            result="nonexistent",
            evidence_url=None,
            note="No staff page anywhere.",
        )
        db.session.add(
            Job(
                kind="export_pdf",
                state="finished",
                created_by_id=reviewer.id,
                params={"article_ids": [article_id]},
                progress=100,
                result=b"%PDF-1.7 a report",
                result_filename="report.pdf",
                result_media_type="application/pdf",
            )
        )
        db.session.add(
            ExternalFactCheck(
                publisher_name="Another Desk",
                review_url="https://fact.example/checks/1",
                claim_text="The bridge cost twice its budget.",
                rating="False",
                score_per_mille=0,
            )
        )
        db.session.commit()
        db.session.remove()
        at_head = reflected_rows()
        script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        revisions = [revision.revision for revision in script.walk_revisions()]  # head first
        for lower in revisions[1:]:
            downgrade(revision=lower)
            kept = reflected_rows()
            upgrade()
            again = reflected_rows()
            for name, table in kept.items():
                if name not in at_head:
                    continue  # a table a later revision drops (data_version, 0010): none of its rows to keep
                columns = table["columns"]
                assert table["rows"], f"{name} is empty at {lower}: the check would prove nothing"
                expected = [{key: row[key] for key in columns} for row in at_head[name]["rows"]]
                assert [{key: row[key] for key in columns} for row in again[name]["rows"]] == expected, (
                    f"{name} changed by downgrade to {lower} and upgrade"
                )
                assert table["rows"] == expected, f"{name} changed by the downgrade to {lower}"
        drop_everything(db.engine)


def test_articles_stored_before_the_language_revision_are_english(make_app):
    """0009 adds article.language: the articles already stored were analysed as English, so they get "en"
    (``reanalyse`` finds their real language)."""
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade(revision="0008")
        article = Table("article", MetaData(), autoload_with=db.engine)
        with db.engine.begin() as connection:
            connection.execute(
                article.insert().values(
                    id=1,
                    title="Old",
                    text="An old article.",
                    content_hash="0" * 64,
                    claim_count=0,
                    created_at=datetime(2026, 1, 1, tzinfo=UTC),
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT language FROM article WHERE id = 1")).scalar_one() == "en"
        column = next(c for c in inspect(db.engine).get_columns("article") if c["name"] == "language")
        assert column["nullable"] is False
        downgrade(revision="0008")
        assert "language" not in {c["name"] for c in inspect(db.engine).get_columns("article")}
        drop_everything(db.engine)


def test_the_data_version_table_is_dropped_and_a_downgrade_makes_it_again(make_app):
    """0010 drops the page cache's counter (0008); downgrading makes it again as 0008 did, with its one row."""
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade(revision="0009")
        before = inspect(db.engine).get_columns("data_version")
        primary_key = inspect(db.engine).get_pk_constraint("data_version")
        upgrade()
        assert not inspect(db.engine).has_table("data_version")
        assert pending_changes() == []
        downgrade(revision="0009")
        inspector = inspect(db.engine)
        assert [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns("data_version")] == [
            (c["name"], str(c["type"]), c["nullable"]) for c in before
        ]
        assert inspector.get_pk_constraint("data_version") == primary_key
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, value FROM data_version")).all()
        assert len(rows) == 1 and rows[0][0] == 1
        drop_everything(db.engine)


def test_verdicts_published_before_the_content_revision_keep_what_they_show(make_app, demo_text):
    """0012 gives each verdict already published what it shows now, by the rule the approval uses
    (``reports.queries.published_content``); unpublished revisions get none."""
    from factcheck.articles.operations import ArticleData, ingest_article
    from factcheck.auth.operations import create_user
    from factcheck.reports.queries import published_content
    from factcheck.review import operations as ops
    from factcheck.review.models import Verdict
    from tests.review_helpers import chambers_claim, rating, some_evidence

    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade()
        reviewer = create_user("reviewer@example.org", "correct horse battery staple", "reviewer")
        editor = create_user("editor@example.org", "correct horse battery staple", "editor")
        article_id = ingest_article(ArticleData(text=demo_text, title="Demo"), created_by=reviewer).article.id
        claim = chambers_claim(article_id)
        ops.take_claim(claim, reviewer)
        some_evidence(claim, reviewer)
        some_evidence(claim, reviewer, stance="context").published_on = datetime(2026, 3, 1).date()
        verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating("False").id, "Analyst", "None found."))
        ops.propose_verdict(verdict, reviewer)
        ops.approve_verdict(verdict, editor)
        ops.open_revision(claim, reviewer)
        db.session.commit()
        expected = published_content(claim)
        assert len(expected["evidence"]) == 2 and expected["claimants"]
        db.session.remove()
        downgrade(revision="0011")
        upgrade()
        stored = dict(db.session.execute(select(Verdict.state, Verdict.published_content)).all())
        db.session.remove()
        assert stored == {"published": expected, "draft": None}
        drop_everything(db.engine)

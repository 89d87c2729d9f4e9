"""No N+1: the number of SQL statements a page runs does not grow with the rows it shows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Attribution, Claim
from factcheck.db import utcnow
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Rating, Verdict

SHORT_TEXT = "The council approved the budget on Tuesday, the mayor said.\n"


@contextmanager
def counted(app) -> Iterator[list[str]]:
    """Collect the statements the app's engine runs inside the block."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def statements_for(app, client, url: str) -> int:
    """Statements run by one GET of ``url`` (after a first request has warmed up the session)."""
    assert client.get(url).status_code == 200
    with counted(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def ingest(app, text: str, title: str) -> int:
    with app.app_context():
        article_id = ingest_article(ArticleData(text=text, title=title)).article.id
        db.session.commit()
        return article_id


def variants(demo_text: str, count: int) -> list[str]:
    """The demo article with a different first paragraph each time (so it is not a duplicate)."""
    return [f"Edition {n} of the wire report.\n\n{demo_text}" for n in range(count)]


def test_article_page_statements_do_not_grow_with_claims_and_sources(app, reviewer_client, demo_text):
    short = ingest(app, SHORT_TEXT, "Short")
    long = ingest(app, demo_text, "Long")
    with app.app_context():
        assert db.session.get(Claim, 1) is not None
        claims = {
            a: len(db.session.scalars(select(Claim.id).where(Claim.article_id == a)).all()) for a in (short, long)
        }
    assert claims[short] == 1 and claims[long] > 20
    assert statements_for(app, reviewer_client, f"/articles/{long}") == statements_for(
        app, reviewer_client, f"/articles/{short}"
    )


def test_article_page_counts_its_statuses_in_one_group_by_and_its_filter_adds_no_statement(
    app, reviewer_client, demo_article
):
    url = f"/articles/{demo_article}"
    assert reviewer_client.get(url).status_code == 200
    with counted(app) as statements:
        assert reviewer_client.get(url).status_code == 200
    grouped = [s for s in statements if "GROUP BY" in s.upper() and "effective_status" in s]
    assert len(grouped) == 1  # the filter row's counts: one query, not one per claim or per status
    # A filter adds no statement (one with no claims skips the eager loads of their attributions and sources).
    for status in ("anonymous", "sourced", "not_a_claim"):
        assert statements_for(app, reviewer_client, f"{url}?status={status}") <= len(statements)


def test_claim_page_statements_do_not_grow_with_evidence_verdicts_and_history(
    app, reviewer_client, demo_article, make_user
):
    author = make_user("reviewer")
    with app.app_context():
        # Two claims alike but for what is added below: each attributed to a registry source.
        one, many = db.session.scalars(
            select(Claim.id)
            .join(Attribution)
            .where(Claim.article_id == demo_article, Attribution.source_id.is_not(None))
            .group_by(Claim.id)
            .order_by(Claim.id)
            .limit(2)
        ).all()
        rating = db.session.scalar(select(Rating.id).limit(1))
        for claim_id, count in ((one, 1), (many, 12)):
            for n in range(count):
                db.session.add(
                    Evidence(
                        claim_id=claim_id,
                        url=f"https://example.org/{n}",
                        title=f"Record {n}",
                        stance="refutes",
                        kind="primary",
                        author_id=author.id,
                    )
                )
                db.session.add(
                    Verdict(
                        claim_id=claim_id,
                        revision=n + 1,
                        state="superseded",
                        rating_id=rating,
                        summary="Old",
                        rationale="Old.",
                        author_id=author.id,
                    )
                )
                db.session.add(
                    AuditEvent(
                        user_id=author.id, entity_type="claim", entity_id=claim_id, claim_id=claim_id, action="note"
                    )
                )
        db.session.commit()
    assert statements_for(app, reviewer_client, f"/claims/{many}") == statements_for(
        app, reviewer_client, f"/claims/{one}"
    )


@pytest.mark.parametrize("url", ["/queue/unassigned", "/queue/mine"])
def test_queue_page_statements_do_not_grow_with_claims(app, reviewer_client, demo_text, url):
    texts = variants(demo_text, 4)
    ingest(app, texts[0], "Copy 0")
    few = statements_for(app, reviewer_client, url)
    for n, text in enumerate(texts[1:], start=1):
        ingest(app, text, f"Copy {n}")
    many = statements_for(app, reviewer_client, url)
    # A page reads one key range per priority it reaches, then its rows at once: more claims, no more
    # statements (fewer, when the first priorities fill the page).
    assert many <= few <= 20, (few, many)


def test_source_registry_statements_do_not_grow_with_sources(app, reviewer_client, demo_text):
    ingest(app, SHORT_TEXT, "Short")
    few = statements_for(app, reviewer_client, "/sources/")
    for n, text in enumerate(variants(demo_text, 2)):
        ingest(app, text, f"Copy {n}")
    assert statements_for(app, reviewer_client, "/sources/") == few


def test_article_sourcing_report_statements_do_not_grow(app, reviewer_client, demo_text):
    if "reports.article_sourcing" not in app.view_functions:
        pytest.skip("no sourcing report in this build")
    short = ingest(app, SHORT_TEXT, "Short")
    long = ingest(app, demo_text, "Long")
    assert statements_for(app, reviewer_client, f"/articles/{long}/sourcing") <= statements_for(
        app, reviewer_client, f"/articles/{short}/sourcing"
    )


def test_public_lists_statements_do_not_grow_with_fact_checks(app, client, demo_article, make_user):
    """The archive, the feed and the API list run as many statements for one published fact-check as for
    twenty (each with evidence, sources and a correction)."""
    author_id = make_user("reviewer").id
    with app.app_context():
        rating_id = db.session.scalar(select(Rating.id).where(Rating.position.is_not(None)))
        claim_ids = db.session.scalars(select(Claim.id).where(Claim.article_id == demo_article).order_by(Claim.id))
        # the first one quotes a source, so the one-row page loads sources too
        quoting = db.session.scalar(select(func.min(Attribution.claim_id)).where(Attribution.source_id.is_not(None)))
        claims = [quoting, *(claim_id for claim_id in claim_ids if claim_id != quoting)][:20]

        def publish(claim_id: int, revision: int, state: str) -> None:
            db.session.add(
                Verdict(
                    claim_id=claim_id,
                    revision=revision,
                    state=state,
                    rating_id=rating_id,
                    summary=f"Summary {claim_id}.{revision}",
                    rationale="Checked.",
                    author_id=author_id,
                    published_at=utcnow(),
                )
            )
            db.session.add(
                Evidence(
                    claim_id=claim_id,
                    url="https://e.example/",
                    title="E",
                    stance="refutes",
                    kind="primary",
                    author_id=author_id,
                )
            )

        publish(claims[0], 1, "published")
        db.session.commit()
    one = {url: statements_for(app, client, url) for url in PUBLIC_LISTS}
    with app.app_context():
        for claim_id in claims[1:]:
            publish(claim_id, 1, "superseded")
            publish(claim_id, 2, "published")
        db.session.commit()
    many = {url: statements_for(app, client, url) for url in PUBLIC_LISTS}
    assert many == one


PUBLIC_LISTS = ("/fact-checks/", "/fact-checks/feed.atom", "/api/v1/fact-checks")

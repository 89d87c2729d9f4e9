"""Keyset pagination of the queue: following "Next" visits every claim once, in queue order, filters kept."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import func, select

from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review.queries import QueueFilters, claim_queue

NEXT = re.compile(r'<a rel="next" href="([^"]+)"')
CLAIM_LINK = re.compile(r'href="/claims/(\d+)"')


def walk(client, url: str) -> tuple[list[int], list[str]]:
    """Every claim id listed from ``url`` on, following the Next links; and the URLs visited."""
    ids: list[int] = []
    visited: list[str] = []
    while url:
        visited.append(url)
        page = client.get(url).get_data(as_text=True)
        ids.extend(int(found) for found in CLAIM_LINK.findall(page))
        following = NEXT.search(page)
        url = unescape(following.group(1)) if following else None
        assert len(visited) < 100
    return ids, visited


def test_following_next_lists_the_whole_queue_in_order(make_app, demo_text):
    from tests.conftest import log_in

    app = make_app(QUEUE_PER_PAGE=7)
    with app.app_context():
        db.create_all()
        for n in range(3):
            ingest_article(ArticleData(text=f"Edition {n} of the wire report.\n\n{demo_text}", title=f"Copy {n}"))
        db.session.commit()
        expected = list(db.session.scalars(claim_queue(QueueFilters(), unassigned=True).with_only_columns(Claim.id)))
        anonymous = list(
            db.session.scalars(
                claim_queue(QueueFilters(status="anonymous"), unassigned=True).with_only_columns(Claim.id)
            )
        )
        total = db.session.scalar(select(func.count()).select_from(Claim))
    assert len(expected) == total > 60
    client = app.test_client()
    with app.app_context():
        from factcheck.auth.operations import create_user

        create_user("walker@example.org", "a long enough password", "reviewer")
        db.session.commit()
    log_in(client, "walker@example.org", "a long enough password")

    ids, visited = walk(client, "/queue/unassigned")
    assert ids == expected
    assert all("after=" in url for url in visited[1:]) and "page=" not in "".join(visited)

    ids, visited = walk(client, "/queue/unassigned?status=anonymous")
    assert ids == anonymous and len(visited) > 1
    assert all("status=anonymous" in url for url in visited)
    # A malformed cursor is the first page, not an error.
    assert client.get("/queue/unassigned?after=nonsense").status_code == 200


def test_the_queue_order_is_priority_then_newest_article_then_the_articles_order(app, demo_text):
    from datetime import date

    from factcheck.articles.models import Article

    with app.app_context():
        # Added in this order, published in another: the publication date decides, not the import order.
        for n, day in enumerate([date(2024, 3, 1), date(2024, 5, 1), None, date(2024, 4, 1)]):
            ingest_article(
                ArticleData(text=f"Edition {n} of the wire report.\n\n{demo_text}", title=f"Copy {n}", published_on=day)
            )
        db.session.commit()
        rows = db.session.execute(
            claim_queue(QueueFilters(), unassigned=True)
            .join(Article, Article.id == Claim.article_id)
            .with_only_columns(
                Claim.priority, Article.published_on, Article.created_at, Claim.article_id, Claim.position
            )
        ).all()
    day = {row[3]: row[1] or row[2].date() for row in rows}
    assert rows == sorted(rows, key=lambda row: (row[0], -day[row[3]].toordinal(), -row[3], row[4]))
    first_titles = [row[3] for row in rows if row[0] == rows[0][0]]
    assert first_titles[0] == 3  # the undated article, added today, is the newest

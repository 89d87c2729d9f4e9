"""Adding articles from the browser, the article list, the article page and the claim page."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.test import encode_multipart

from factcheck.articles.models import Article
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.vocabulary import STATUS_NAMES
from tests.conftest import drop_everything

NEWS = (
    "Council approves budget\n\n"
    "The city council approved a budget of 12 million dollars on Tuesday, the mayor said.\n\n"
    "Critics argue that the plan cuts too deeply into library funding.\n"
)


def count_rows(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Article)),
            db.session.scalar(select(func.count()).select_from(Claim)),
        )


def post_article(client, **fields):
    data = {"title": "", "outlet": "", "url": "", "published_on": "", "text": "", **fields}
    return client.post("/articles/new", data=data, content_type="multipart/form-data")


def test_the_form_is_shown(reviewer_client):
    page = reviewer_client.get("/articles/new")
    assert page.status_code == 200
    for label in (b"Title", b"Outlet", b"URL", b"Publication date", b"Article text", b"upload"):
        assert label in page.data


def test_paste_an_article(app, reviewer_client):
    response = post_article(
        reviewer_client,
        title="Budget",
        outlet="Gazette",
        url="https://example.org/budget",
        published_on="2024-05-02",
        text=NEWS.replace("\n", "\r\n"),
    )
    assert response.status_code == 302
    article_page = reviewer_client.get(response.headers["Location"])
    assert "Added “Budget” with".encode() in article_page.data
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.text == NEWS  # CRLF from the browser stored as LF, nothing else changed
        assert article.outlet == "Gazette" and str(article.published_on) == "2024-05-02"
        assert article.created_by.email.startswith("reviewer")
        for claim in article.claims:
            assert article.text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize("filename", ["budget.txt", "budget.md"])
def test_upload_a_text_file(app, reviewer_client, filename):
    response = post_article(reviewer_client, upload=(io.BytesIO(NEWS.encode("utf-8")), filename))
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.text == NEWS
        assert article.title == "Council approves budget"


def test_upload_html(app, reviewer_client):
    html = (
        "<html><head><title>Budget passes</title></head><body><nav>Home | Sport | Weather</nav>"
        "<article><h1>Budget passes</h1><p>The city council approved a budget of 12 million dollars on "
        "Tuesday, the mayor said in a statement issued after the vote.</p></article></body></html>"
    )
    response = post_article(reviewer_client, upload=(io.BytesIO(html.encode()), "page.html"))
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert "approved a budget" in article.text and "<p>" not in article.text
        assert article.title == "Budget passes"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "   \n  "}, "Paste the article text or choose a file"),
        ({"upload": (io.BytesIO(b"\x00\x01\x02binary"), "x.txt")}, "looks like a binary file"),
        ({"upload": (io.BytesIO("Caf\xe9".encode("latin-1")), "x.txt")}, "is not UTF-8 text"),
        ({"upload": (io.BytesIO(b"%PDF-1.4"), "x.pdf")}, "is not a supported file"),
        ({"upload": (io.BytesIO(b""), "empty.txt")}, "The article text is empty"),
        ({"text": NEWS, "upload": (io.BytesIO(b"x"), "x.txt")}, "not both"),
        ({"text": NEWS, "url": "javascript:alert(1)"}, "full http:// or https:// address"),
        ({"text": NEWS, "url": "ftp://example.org/x"}, "Only http:// and https://"),
        ({"text": NEWS, "published_on": "yesterday"}, "Not a valid date value"),
        ({"text": NEWS, "title": "x" * 301}, "Field cannot be longer than 300 characters"),
        (
            {"upload": (io.BytesIO(b"<html><body><script>var a = 1;</script><img src=x></body></html>"), "x.html")},
            "No article text",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(app, reviewer_client, fields, message):
    response = post_article(reviewer_client, **fields)
    assert response.status_code == 422
    assert message.encode() in response.data, response.data.decode()[:3000]
    assert count_rows(app) == (0, 0)


def test_an_upload_over_the_limit_gets_a_readable_413(make_app, client):
    small = make_app(MAX_CONTENT_LENGTH=1024)
    with small.app_context():
        db.create_all()
    small_client = small.test_client()
    from factcheck.auth.operations import create_user

    with small.app_context():
        create_user("big@example.org", "a long enough password", "reviewer")
        db.session.commit()
    small_client.post("/login", data={"email": "big@example.org", "password": "a long enough password"})
    response = post_article(small_client, upload=(io.BytesIO(b"A sentence. " * 500), "big.txt"))
    assert response.status_code == 413
    assert b"larger than the limit of 1 KiB" in response.data
    assert b"Back button (it keeps what you typed)" in response.data
    assert count_rows(small) == (0, 0)


def small_limit_client(make_app, limit: int):
    """A logged-in client of an app whose article size limit is ``limit`` bytes, on an emptied database."""
    small = make_app(MAX_CONTENT_LENGTH=limit)
    with small.app_context():
        drop_everything(db.engine)
        db.create_all()
        from factcheck.auth.operations import create_user

        create_user("big@example.org", "a long enough password", "reviewer")
        db.session.commit()
    small_client = small.test_client()
    small_client.post("/login", data={"email": "big@example.org", "password": "a long enough password"})
    return small, small_client


TYPED = {"title": "Council budget", "outlet": "Gazette", "url": "https://example.org/b", "published_on": "2024-05-02"}


def test_a_file_over_the_limit_gives_the_form_back_with_what_was_typed(make_app):
    small, small_client = small_limit_client(make_app, 1024)
    response = post_article(small_client, **TYPED, upload=(io.BytesIO(b"A sentence. " * 200), "big.txt"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "big.txt is 2.3 KiB; files up to 1 KiB can be added. What you typed is kept" in page
    for value in TYPED.values():
        assert f'value="{value}"' in page
    assert count_rows(small) == (0, 0)


def test_pasted_text_over_the_limit_gives_the_form_back_with_the_text(make_app):
    small, small_client = small_limit_client(make_app, 1024)
    text = "The council approved the budget, the mayor said. " * 30
    response = post_article(small_client, **TYPED, text=text)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The pasted text is 1.4 KiB; articles up to 1 KiB can be added" in page
    assert text.strip() in page and 'value="Council budget"' in page
    assert count_rows(small) == (0, 0)


def test_pasted_text_as_long_as_a_file_may_be_is_accepted(app, reviewer_client):
    """Werkzeug's limit for a form field (500 kB) is not the article's: pasted text may be as long as a file."""
    text = "\n\n".join(f"Paragraph {n} says the council approved the budget, the mayor said." for n in range(9000))
    assert 500_000 < len(text.encode()) < app.config["MAX_CONTENT_LENGTH"]
    # Encoded here, in memory: the test client's own encoding spools a body this long to a temporary file it
    # never closes (a ResourceWarning).
    boundary, body = encode_multipart({"title": "Long", "outlet": "", "url": "", "published_on": "", "text": text})
    response = reviewer_client.post(
        "/articles/new", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert count_rows(app)[0] == 1


def test_the_same_text_twice_sends_the_user_to_the_existing_article(app, reviewer_client):
    first = post_article(reviewer_client, text=NEWS, title="First")
    again = post_article(reviewer_client, text="  " + NEWS.replace("\n\n", "\n \n") + "\n", title="Again")
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    page = reviewer_client.get(again.headers["Location"])
    assert "already in the workbench as “First”".encode() in page.data
    assert count_rows(app)[0] == 1


def test_article_list_newest_first_and_paginated(make_app, client):
    paged = make_app(ARTICLES_PER_PAGE=2)
    with paged.app_context():
        db.create_all()
        from factcheck.articles.operations import ArticleData, ingest_article
        from factcheck.auth.operations import create_user

        create_user("list@example.org", "a long enough password", "reviewer")
        for n in range(3):
            ingest_article(ArticleData(text=f"Report number {n} says the river rose {n} metres.", title=f"Report {n}"))
        db.session.commit()
    c = paged.test_client()
    c.post("/login", data={"email": "list@example.org", "password": "a long enough password"})
    first = c.get("/").data.decode()
    assert first.index("Report 2") < first.index("Report 1") and "Report 0" not in first
    assert "Page 1 of 2" in first
    second = c.get("/?page=2").data.decode()
    assert "Report 0" in second and "Report 2" not in second
    assert c.get("/?page=99").status_code == 200


def test_slash_articles_is_the_article_list(reviewer_client):
    """``/articles`` (the article pages are ``/articles/<id>``) leads to the article list, its page kept."""
    response = reviewer_client.get("/articles")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert reviewer_client.get("/articles", follow_redirects=True).request.path == "/"
    assert "<h1>Articles</h1>" in reviewer_client.get("/articles", follow_redirects=True).get_data(as_text=True)
    assert reviewer_client.get("/articles?page=2").headers["Location"] == "/?page=2"
    assert reviewer_client.get("/articles?page=x").headers["Location"] == "/"
    assert reviewer_client.get("/articles/").headers["Location"] == "/"  # the trailing slash too


def test_article_page_highlights_every_claim_in_place(app, reviewer_client, demo_article):
    page = reviewer_client.get(f"/articles/{demo_article}").data.decode()
    with app.app_context():
        article = db.session.get(Article, demo_article)
        assert article.claim_count == len(article.claims) > 0
        for claim in article.claims:
            assert f'id="claim-{claim.id}"' in page
    assert '<h2 class="block-heading">The Attack and Its Immediate Impact</h2>' in page
    assert "Robert Chambers" in page


def test_claim_page_shows_its_paragraph(app, reviewer_client, demo_article):
    with app.app_context():
        claim = db.session.scalar(
            select(Claim).where(Claim.article_id == demo_article, Claim.text.startswith("Critics, however"))
        )
        claim_id = claim.id
    page = reviewer_client.get(f"/claims/{claim_id}").data.decode()
    assert "Supporters argue that the advanced weapons" in page  # same paragraph, before the claim
    assert "<mark" in page and "Critics, however, warn" in page
    assert reviewer_client.get("/claims/999999").status_code == 404
    assert reviewer_client.get("/articles/999999").status_code == 404


def test_claim_page_says_whom_a_relative_pronoun_stands_for(app, reviewer_client):
    text = "The plan was drafted by Dana Whitlock, a hydrologist at Oregon State, who said the levee will hold.\n"
    response = post_article(reviewer_client, title="Levee", text=text)
    assert response.status_code == 302
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id).where(Claim.text.contains("levee")))
    page = reviewer_client.get(f"/claims/{claim_id}").data.decode()
    assert "source “who” (Dana Whitlock)" in page


def test_article_text_is_shown_as_text_not_markup(app, reviewer_client):
    payload = 'The mayor said "<script>alert(1)</script>" and <img src=x onerror=alert(2)> was posted.'
    response = post_article(reviewer_client, text=payload, title="<b>bold</b>")
    page = reviewer_client.get(response.headers["Location"]).data.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_count_of_one_is_one_claim_not_one_claims(app, reviewer_client):
    """Every count shown takes its noun in the right number: the message after adding, the article page (its
    header and its Sources panel) and the article's sourcing report (its header, group and warning)."""
    response = post_article(reviewer_client, title="Closure", text="The bridge will close in May for repairs.\n")
    added = reviewer_client.get(response.headers["Location"]).get_data(as_text=True)
    report = reviewer_client.get(response.headers["Location"] + "/sourcing").get_data(as_text=True)
    for page in (added, report):
        assert not re.search(r"\b1 (claim|article)s\b", page), page
    assert "with 1 claim." in added and re.search(r"· 1 claim\s*</p>", added)
    assert re.search(r"· 1 claim\. Reviewer corrections", report)
    assert re.search(r"1 claim</h2>", report)
    assert "1 of its 1 claim (100%) is not sourced." in report


def test_counted():
    from factcheck.vocabulary import counted

    assert [counted(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]
    assert counted(1, "status", "statuses") == "1 status" and counted(3, "status", "statuses") == "3 statuses"


LONG_HEADLINE = (
    "Ukraine strikes Russian airfield in Bryansk with US-supplied missiles for the first time, officials say"
)


def test_the_headline_of_pasted_text_is_not_a_claim(app, reviewer_client):
    """The headline on top of pasted text (here longer than other headings run) is shown as the article's
    heading, not highlighted and queued as a claim."""
    text = f"{LONG_HEADLINE}\n\n{NEWS}"
    response = post_article(reviewer_client, title="Strike on Bryansk", text=text)
    page = reviewer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'<h2 class="block-heading">{LONG_HEADLINE}</h2>' in page
    with app.app_context():
        claims = db.session.scalars(select(Claim.text)).all()
    assert claims and LONG_HEADLINE not in claims
    assert "The city council approved a budget of 12 million dollars on Tuesday, the mayor said." in claims


# A news page as it is served, and the same article as a fact-checker copies it from the browser: the copy
# has the headline and the byline, which the page's extraction leaves out (they stand outside its story).
PAGE = """<!doctype html><html><head><title>Council approves budget - Springfield Gazette</title></head><body>
<header><nav><a href="/">Home</a> | <a href="/sport">Sport</a></nav></header>
<main><div class="headline"><h1>Council approves budget</h1><p class="byline">By Ann Smith</p></div>
<div class="story">
<p>The city council approved a budget of 12&nbsp;million dollars on Tuesday, the mayor said in a statement.</p>
<p>Critics argue that the plan cuts too deeply into <a href="/lib">library funding</a>, and \u201cnobody asked us,\u201d
said Jane Roe, a librarian.</p>
<h2>What comes next</h2>
<p>The budget takes effect in July, according to the city clerk.</p>
</div></main><footer>\u00a9 2024 Springfield Gazette</footer></body></html>"""
COPIED = (
    "Council approves budget\n\nBy Ann Smith\n\n"
    "The city council approved a budget of 12\u00a0million dollars on Tuesday, the mayor said in a statement.\n\n"
    "Critics argue that the plan cuts too deeply into library funding, and \u201cnobody asked us,\u201d said Jane Roe, "
    "a librarian.\n\nAdvertisement\n\nWhat comes next\n\nThe budget takes effect in July, according to the city clerk."
)


@pytest.mark.parametrize("order", ["upload first", "paste first"])
def test_a_pasted_article_and_its_page_uploaded_as_html_are_one_article(app, reviewer_client, order):
    upload = {"upload": (io.BytesIO(PAGE.encode()), "budget.html")}
    paste = {"text": COPIED.replace("\n", "\r\n"), "title": "Council approves budget"}
    first, second = (upload, paste) if order == "upload first" else (paste, upload)
    created = post_article(reviewer_client, **first)
    again = post_article(reviewer_client, **second)
    assert created.status_code == again.status_code == 302
    assert again.headers["Location"] == created.headers["Location"]
    assert "already in the workbench" in reviewer_client.get(again.headers["Location"]).get_data(as_text=True)
    assert count_rows(app)[0] == 1


def status_filters(page: str) -> dict[str, tuple[str, bool]]:
    """The article page's status filter links: their text, by address, with whether each is the current one."""
    row = page[page.index('aria-label="Filter claims by status"') :]
    row = row[: row.index("</nav>")]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>(?:<span[^>]*></span>)?([^<]+)</a>', row)
    return {href.replace("&amp;", "&"): (text, bool(current)) for href, current, text in links}


def correct_status(app, claim_id: int, status: str, user) -> None:
    """A reviewer's sourcing correction of one claim, committed."""
    from factcheck.review.operations import correct_sourcing

    with app.app_context():
        reviewer = db.session.merge(user)
        correct_sourcing(db.session.get(Claim, claim_id), reviewer, status=status, source_id=None, reason="Read again.")
        db.session.commit()


def test_article_page_filters_its_claims_by_effective_status_with_counts(app, reviewer_client, demo_article, make_user):
    with app.app_context():
        first = db.session.scalar(select(Claim).where(Claim.article_id == demo_article).order_by(Claim.position))
        first_id, was = first.id, first.effective_status
    now = "hedged" if was != "hedged" else "anonymous"
    correct_status(
        app, first_id, now, make_user("reviewer")
    )  # the filter follows the correction, not the automatic status
    with app.app_context():
        claims = db.session.scalars(select(Claim).where(Claim.article_id == demo_article)).all()
        by_status: dict[str, set[int]] = {}
        for claim in claims:
            by_status.setdefault(claim.effective_status, set()).add(claim.id)
    assert first_id in by_status[now] and len(by_status) >= 3

    page = reviewer_client.get(f"/articles/{demo_article}").data.decode()
    filters = status_filters(page)
    base = f"/articles/{demo_article}"
    assert filters[base] == (f"All ({len(claims)})", True)
    for status, ids in by_status.items():
        name = STATUS_NAMES[status]
        assert filters[f"{base}?status={status}"] == (f"{name[0].upper()}{name[1:]} ({len(ids)})", False)
    assert len(filters) == len(by_status) + 1  # All, then only the statuses the article has

    response = reviewer_client.get(f"{base}?status={now}")
    assert response.status_code == 200
    page = response.data.decode()
    assert status_filters(page)[f"{base}?status={now}"][1] is True
    assert status_filters(page)[base][1] is False
    listed = {int(n) for n in re.findall(r'<li><a href="/claims/(\d+)"', page)}
    highlighted = {int(n) for n in re.findall(r'id="claim-(\d+)"', page)}
    assert listed == highlighted == by_status[now]
    assert "Robert Chambers" in page  # the whole text stays; only the emphasis is filtered


def test_article_page_refuses_an_unknown_status_and_says_when_none_has_a_known_one(app, reviewer_client):
    response = post_article(reviewer_client, title="Budget", text=NEWS)
    base = response.headers["Location"]
    response = reviewer_client.get(f"{base}?status=bogus")
    assert response.status_code == 400
    page = response.data.decode()
    assert "There is no sourcing status “bogus”" in page and 'role="alert"' in page
    assert "“anonymous” (anonymous)" in page  # the message names the statuses there are
    assert not any(current for _text, current in status_filters(page).values())

    with app.app_context():
        present = set(db.session.scalars(select(Claim.effective_status)).all())
    absent = next(status for status in STATUS_NAMES if status not in present)
    response = reviewer_client.get(f"{base}?status={absent}")
    assert response.status_code == 200
    page = response.data.decode()
    assert f"No claim of this article is {STATUS_NAMES[absent]}." in page
    assert status_filters(page)[f"{base}?status={absent}"][1] is True
    assert 'id="claim-' not in page


def test_the_articles_sources_panel_shows_a_reviewers_identity_check(app, reviewer_client, demo_article, make_user):
    """An identity check recorded on a source's page reaches the article's Sources panel too, with a link to
    the source."""
    from factcheck.sources.operations import record_identity_check
    from tests.review_helpers import chambers_claim, user

    checker = make_user("reviewer")
    with app.app_context():
        source = chambers_claim(demo_article).attributions[0].source
        source_id = source.id
        before = reviewer_client.get(f"/articles/{demo_article}").get_data(as_text=True)
        assert "identity checked:" not in before
        record_identity_check(source, user(checker.id), result="nonexistent", evidence_url=None, note="No trace.")
        db.session.commit()
    page = reviewer_client.get(f"/articles/{demo_article}").get_data(as_text=True)
    panel = page[page.index("<h2>Sources</h2>") :]
    entry = panel[panel.index(f'href="/sources/{source_id}"') :]
    assert "identity checked: does not appear to exist" in entry[: entry.index("</li>")]

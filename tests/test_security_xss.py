"""User text is shown as text: article text, claims, evidence, verdicts, notes and comments carrying
``<script>``, ``"><img onerror>`` and ``javascript:`` payloads, on every page that shows them.

(A browser test that no dialog opens belongs to tests/browser/; this one reads the HTML.)
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from factcheck.articles.models import Article
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Rating, Verdict
from factcheck.sources.models import Source
from tests.conftest import log_in

SCRIPT = "<script>alert('xss-script')</script>"
IMG = '"><img src=x onerror=alert("xss-img")>'
JS_URL = "javascript:alert('xss-url')"
PAYLOAD = f"{SCRIPT} {IMG} {JS_URL}"

ARTICLE_TEXT = f"""Bridge closed {IMG}

The bridge {IMG} was closed on Monday, officials said.

"{SCRIPT} is the plan," said John Smith, a spokesman for the ministry of {SCRIPT} works.

According to {JS_URL} analysts, the repairs will cost 40 million euros.
"""

LIVE = [
    re.compile(r"<script>alert", re.IGNORECASE),
    re.compile(r"<img src=x onerror", re.IGNORECASE),
    re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
]


def assert_inert(body: str, where: str) -> None:
    """No payload survives as markup: each is escaped text, or absent."""
    for pattern in LIVE:
        match = pattern.search(body)
        assert match is None, f"{where}: live payload {match.group(0)!r}"


@pytest.fixture
def hostile(app, client, make_user):
    """An article, claims, evidence, a sourcing correction, an identity check, a returned and then
    published verdict, and a withdrawn evidence item, all carrying the payloads, entered through the forms."""
    reviewer, editor, second = make_user("reviewer"), make_user("editor"), make_user("editor")
    log_in(client, reviewer.email)
    response = client.post(
        "/articles/new", data={"title": f"Title {SCRIPT}", "outlet": f"Outlet {IMG}", "url": "", "text": ARTICLE_TEXT}
    )
    assert response.status_code == 302, response.data
    with app.app_context():
        article = db.session.scalar(select(Article))
        claim = db.session.scalar(select(Claim).where(Claim.text.contains("John Smith")))
        source = db.session.scalar(select(Source).where(Source.name.contains("Smith")))
        rating_id = db.session.scalar(select(Rating.id).where(Rating.name == "False"))
        ids = {"article": article.id, "claim": claim.id, "source": source.id if source else None}
    claim_id = ids["claim"]
    assert client.post(f"/claims/{claim_id}/take").status_code == 302
    evidence = {
        "url": "https://example.org/a",
        "title": f"Evidence {SCRIPT}",
        "publisher": IMG,
        "published_on": "",
        "accessed_on": "",
        "excerpt": PAYLOAD,
        "note": PAYLOAD,
        "stance": "refutes",
        "kind": "primary",
    }
    assert client.post(f"/claims/{claim_id}/evidence/new", data=evidence).status_code == 302
    assert client.post(f"/claims/{claim_id}/evidence/new", data={**evidence, "title": "Second"}).status_code == 302
    with app.app_context():
        second_evidence = db.session.scalar(select(Evidence).where(Evidence.title == "Second"))
        ids["evidence"], version = second_evidence.id, second_evidence.version_id
    assert (
        client.post(f"/evidence/{ids['evidence']}/withdraw", data={"reason": PAYLOAD, "version": version}).status_code
        == 302
    )
    with app.app_context():
        claim_version = db.session.get(Claim, claim_id).version_id
    assert (
        client.post(
            f"/claims/{claim_id}/sourcing",
            data={"status": "anonymous", "source_id": "", "reason": PAYLOAD, "version": claim_version},
        ).status_code
        == 302
    )
    if ids["source"]:
        assert (
            client.post(
                f"/sources/{ids['source']}", data={"result": "unverifiable", "evidence_url": "", "note": PAYLOAD}
            ).status_code
            == 302
        )
    verdict = {"rating_id": str(rating_id), "summary": f"{IMG} {SCRIPT}"[:75], "rationale": PAYLOAD, "propose": "y"}
    assert client.post(f"/claims/{claim_id}/verdict", data=verdict).status_code == 302
    client.post("/logout")

    log_in(client, editor.email)
    with app.app_context():
        ids["verdict"] = db.session.scalar(select(Verdict.id).where(Verdict.claim_id == claim_id))
        version = db.session.get(Verdict, ids["verdict"]).version_id
    assert client.get("/queue/approval").status_code == 200
    pages = {"approval queue": client.get("/queue/approval").get_data(as_text=True)}
    assert (
        client.post(
            f"/verdicts/{ids['verdict']}/decide", data={"version": version, "send_back": "y", "comment": PAYLOAD}
        ).status_code
        == 302
    )
    client.post("/logout")

    log_in(client, reviewer.email)
    pages["returned claim"] = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    with app.app_context():
        version = db.session.get(Verdict, ids["verdict"]).version_id
    assert client.post(f"/claims/{claim_id}/verdict", data={**verdict, "version": version}).status_code == 302
    client.post("/logout")

    log_in(client, second.email)
    with app.app_context():
        version = db.session.get(Verdict, ids["verdict"]).version_id
    assert (
        client.post(f"/verdicts/{ids['verdict']}/decide", data={"version": version, "approve": "y"}).status_code == 302
    )
    return ids, pages


def test_every_page_that_shows_user_text_shows_it_as_text(app, client, hostile):
    ids, pages = hostile
    addresses = [
        "/",
        f"/articles/{ids['article']}",
        f"/claims/{ids['claim']}",
        f"/claims/{ids['claim']}/sourcing",
        f"/claims/{ids['claim']}/evidence/new",
        f"/evidence/{ids['evidence']}/edit",
        "/queue/mine",
        "/queue/unassigned",
        "/queue/approval",
        "/sources/",
        "/reports",
        f"/articles/{ids['article']}/sourcing",
        f"/reports/sourcing?article={ids['article']}",
        "/reports/verdicts",
        f"/reports/verdicts?internal=y&article={ids['article']}",
        "/reports/verdicts.html?view=1",
        "/account/password",
        "/search?q=script",
        "/search?q=alert+xss",
        "/search?q=onerror+img",
        "/search?q=evidence",
    ]
    if ids["source"]:
        addresses.append(f"/sources/{ids['source']}")
    with app.app_context():
        first_evidence = db.session.scalar(select(Evidence.id).where(Evidence.id != ids["evidence"]))
    addresses.append(f"/evidence/{first_evidence}/edit")
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (200, 409), (address, response.status_code)
        pages[address] = response.get_data(as_text=True)
        response.close()
    client.post("/logout")
    public = client.get(f"/verdicts/{ids['verdict']}", follow_redirects=True)
    assert public.status_code == 200
    pages["public verdict"] = public.get_data(as_text=True)
    for address in ("/fact-checks/", "/fact-checks/feed.atom", "/sitemap.xml"):
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address] = response.get_data(as_text=True)
    # The API gives the text as data, unchanged: JSON that a browser never reads as a page.
    api = client.get("/api/v1/fact-checks")
    assert api.mimetype == "application/json" and api.headers["X-Content-Type-Options"] == "nosniff"
    assert SCRIPT in api.get_data(as_text=True)

    for where, body in pages.items():
        assert_inert(body, where)
    # The text is there, escaped: shown, not dropped.
    escaped = "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;"
    for where in (
        f"/articles/{ids['article']}",
        f"/claims/{ids['claim']}",
        "public verdict",
        "/fact-checks/",
        "/fact-checks/feed.atom",
        "approval queue",
        "returned claim",
    ):
        assert escaped in pages[where] or "\\u003cscript\\u003e" in pages[where], where
    assert "onerror=alert(&#34;xss-img&#34;)" in pages[f"/claims/{ids['claim']}"]


def test_json_ld_on_the_public_page_cannot_close_its_script_element(app, client, hostile):
    ids, _ = hostile
    client.post("/logout")
    body = client.get(f"/verdicts/{ids['verdict']}", follow_redirects=True).get_data(as_text=True)
    blocks = re.findall(r"<script[^>]*>(.*?)</script>", body, re.DOTALL)
    assert blocks, "the ClaimReview JSON-LD block"
    for block in blocks:
        assert "<" not in block  # tojson escapes <, > and & inside the data block


@pytest.mark.parametrize("url", [JS_URL, "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x"])
def test_links_from_user_input_are_http_only(app, client, make_user, demo_article, url):
    user = make_user()
    log_in(client, user.email)
    refused = client.post("/articles/new", data={"title": "T", "url": url, "text": "Some text said Bob."})
    assert refused.status_code == 422
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id).where(Claim.article_id == demo_article))
    assert client.post(f"/claims/{claim_id}/take").status_code == 302
    evidence = client.post(
        f"/claims/{claim_id}/evidence/new", data={"url": url, "title": "T", "stance": "refutes", "kind": "primary"}
    )
    assert evidence.status_code == 422


def test_an_uploaded_html_page_cannot_smuggle_a_javascript_link(app, client, make_user):
    user = make_user()
    log_in(client, user.email)
    page = f"""<html><head><title>Smuggled</title>
    <meta property="og:url" content="{JS_URL}"><link rel="canonical" href="{JS_URL}"></head>
    <body><article><h1>Smuggled link</h1>
    <p>The minister said on Tuesday that the new budget would include more money for schools and
    hospitals, according to a statement published by the ministry of finance in the capital.</p>
    <p>Critics said the plan was not enough, and opposition leaders called for a vote in parliament
    before the end of the month, the statement added.</p></article></body></html>"""
    response = client.post(
        "/articles/new", data={"upload": (io.BytesIO(page.encode()), "page.html")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.data
    article_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert_inert(article_page, "article page from an uploaded HTML file")


def test_stored_javascript_links_are_not_rendered_as_links(app, client, make_user, demo_article):
    """Rows that bypassed the forms (a restored dump, older data, a script) still give no javascript: link."""
    from factcheck.sources.models import IdentityCheck

    reviewer = make_user()
    with app.app_context():
        claim = db.session.scalar(select(Claim).where(Claim.article_id == demo_article))
        evidence = Evidence(
            claim_id=claim.id, author_id=reviewer.id, url=JS_URL, title="Stored", stance="refutes", kind="primary"
        )
        db.session.add(evidence)
        claim.assignee_id, claim.review_state = reviewer.id, "in_review"  # the evidence forms are the assignee's
        db.session.get(Article, demo_article).url = JS_URL
        source = db.session.scalar(select(Source))
        db.session.add(
            IdentityCheck(
                source_id=source.id,
                result="unverifiable",
                evidence_url=JS_URL,
                note="stored directly",
                checked_by_id=reviewer.id,
            )
        )
        db.session.commit()
        ids = (claim.id, evidence.id, source.id)
    log_in(client, reviewer.email)
    for address in (
        f"/articles/{demo_article}",
        f"/claims/{ids[0]}",
        f"/evidence/{ids[1]}/withdraw",
        f"/sources/{ids[2]}",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert_inert(response.get_data(as_text=True), address)

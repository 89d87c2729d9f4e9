"""Reducing an uploaded HTML page: the outlet the page names (og:site_name, else its <title>), and pages built to
be expensive to parse refused before they are."""

from __future__ import annotations

import io

import pytest

from factcheck.articles.extract import MAX_ATTRIBUTES, ArticleInputError, reduce_html

BODY = (
    "<p>The city council approved a budget of 12 million dollars on Tuesday, the mayor said in a statement "
    "issued after the vote.</p><p>Critics argue that the plan cuts too deeply into library funding.</p>"
)


def page(head: str, headline: str | None = "Council approves budget") -> str:
    h1 = f"<h1>{headline}</h1>" if headline else ""
    return f"<html><head>{head}</head><body><nav>Home | Sport</nav><article>{h1}{BODY}</article></body></html>"


@pytest.mark.parametrize(
    ("html", "outlet"),
    [
        # og:site_name first, whether the page writes it as a property or as a name, and over <title>.
        (
            page('<meta property="og:site_name" content="Springfield Gazette"><title>Budget</title>'),
            "Springfield Gazette",
        ),
        (page('<meta name="og:site_name" content="Springfield Gazette"><title>Budget</title>'), "Springfield Gazette"),
        (
            page('<meta property="og:site_name" content="The Gazette"><title>Council approves budget | Other</title>'),
            "The Gazette",
        ),
        # <title> as "Headline | Site", "Headline - Site", "Headline — Site": the headline is the page's h1.
        (page("<title>Council approves budget | Springfield Gazette</title>"), "Springfield Gazette"),
        (page("<title>Council approves budget - Springfield Gazette</title>"), "Springfield Gazette"),
        (page("<title>Council approves budget — 7News Miami</title>"), "7News Miami"),
        # ... or its og:title; a section before the headline stays out of the outlet.
        (
            page(
                '<meta property="og:title" content="Council approves budget">'
                "<title>Opinion | Council approves budget - The Washington Post</title>",
                headline=None,
            ),
            "The Washington Post",
        ),
    ],
)
def test_the_outlet_is_the_site_name_the_page_gives(html, outlet):
    assert reduce_html(html).outlet == outlet


@pytest.mark.parametrize(
    "html",
    [
        page("<title>Council approves budget</title>"),  # a bare title names no site
        page("<title>Springfield Gazette: Council approves budget</title>"),  # no separator after the headline
        # A dash inside the headline itself, with nothing to show which part is the headline.
        page("<title>Budget - what it means for you</title>", headline=None),
        page("<title>Budget - What It Means</title>", headline="Budget - What It Means"),
        # What follows the headline is a phrase or a sentence, not a name.
        page("<title>Council approves budget | Read the full story on our site today.</title>"),
        page("<title>Council approves budget | Opinion pieces from our readers and the editors on it</title>"),
    ],
)
def test_no_outlet_is_made_up_from_a_title_that_names_no_site(html):
    assert reduce_html(html).outlet is None


def test_an_uploaded_page_shows_the_outlet_its_title_names(app, reviewer_client):
    """Uploaded through the form: the article page names the outlet, not "Unknown outlet"; an outlet the user
    typed still wins over the page's."""
    html = page("<title>Council approves budget | Springfield Gazette</title>").encode()
    data = {"title": "", "outlet": "", "url": "", "published_on": "", "text": ""}
    response = reviewer_client.post(
        "/articles/new", data={**data, "upload": (io.BytesIO(html), "page.html")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    shown = reviewer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Springfield Gazette" in shown and "Unknown outlet" not in shown
    typed = reviewer_client.post(
        "/articles/new",
        data={**data, "outlet": "Typed Outlet", "upload": (io.BytesIO(html.replace(b"12", b"13")), "page.html")},
        content_type="multipart/form-data",
    )
    assert "Typed Outlet" in reviewer_client.get(typed.headers["Location"]).get_data(as_text=True)


def crowded(count: int) -> str:
    """The test page with ``count`` attributes on one element (duplicates count too: libxml2 compares them all)."""
    attributes = " ".join(f'data-x{i % 1000}="1"' for i in range(count))
    return page("<title>Budget</title>").replace("<article>", f"<article><div {attributes}></div>")


def test_a_page_with_an_element_of_too_many_attributes_is_refused_before_it_is_parsed():
    assert "12 million dollars" in reduce_html(crowded(MAX_ATTRIBUTES)).text
    with pytest.raises(ArticleInputError, match=r"one <div> element has 40,000 attributes \(a page may have at most"):
        reduce_html(crowded(40_000), "page.html")


def test_the_upload_form_says_why_a_crowded_page_is_refused_and_keeps_what_was_typed(app, reviewer_client):
    data = {"title": "Typed title", "outlet": "", "url": "", "published_on": "", "text": ""}
    response = reviewer_client.post(
        "/articles/new",
        data={**data, "upload": (io.BytesIO(crowded(5_000).encode()), "page.html")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    shown = response.get_data(as_text=True)
    assert "one &lt;div&gt; element has 5,000 attributes" in shown and 'value="Typed title"' in shown

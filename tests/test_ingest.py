"""Ingestion: the stored text, claim offsets, what is not a claim, duplicates."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from factcheck.articles.extract import ArticleInputError
from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, content_hash, find_duplicate, ingest_article, whole_text_hash
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.sources.models import ArticleSource, Source

NOT_CLAIMS = (
    "Skip to main content",
    "The Attack and Its Immediate Impact",
    "Biden’s Decision Under Scrutiny",
    "What’s Next?",
    "Sources",
)


def test_demo_article_offsets(app, demo_article, demo_text):
    with app.app_context():
        article = db.session.get(Article, demo_article)
        assert article.text == demo_text
        previous_end = -1
        for position, claim in enumerate(article.claims):
            assert claim.position == position
            assert demo_text[claim.start : claim.end] == claim.text
            assert claim.start >= previous_end
            previous_end = claim.end
        # 36 sentences, 8 of which are headings, boilerplate or the empty Sources line.
        assert article.claim_count == 28
        starts = {claim.start for claim in article.claims}
        assert {22, 229, 1608, 2260, 2337, 3984} <= starts


def test_headings_and_boilerplate_are_kept_in_the_text_but_are_not_claims(app, demo_article):
    with app.app_context():
        article = db.session.get(Article, demo_article)
        texts = [claim.text for claim in article.claims]
        for line in NOT_CLAIMS:
            assert line in article.text
            assert line not in texts
            assert not any(text.startswith(line + "\n") for text in texts)


def test_claims_store_status_reason_and_attributions(app, demo_article):
    with app.app_context():
        chambers = db.session.scalar(
            select(Claim).where(Claim.article_id == demo_article, Claim.text.contains("Robert Chambers"))
        )
        assert chambers.status == "unverified_named"
        assert "Robert Chambers" in chambers.reason
        attribution = chambers.attributions[0]
        assert attribution.source.name == "Robert Chambers"
        article = db.session.get(Article, demo_article)
        assert article.text[attribution.cue_start : attribution.cue_end] == attribution.cue_text
        appearance = db.session.scalar(select(ArticleSource).where(ArticleSource.source_id == attribution.source_id))
        assert appearance.is_identifiable is False and appearance.descriptor == "defense analyst"


def test_sources_are_shared_across_articles(app):
    with app.app_context():
        one = ingest_article(ArticleData(text="The Kremlin said the talks had failed, the agency reported."))
        two = ingest_article(ArticleData(text="Prices rose sharply in May, the Kremlin said on Monday."))
        db.session.commit()
        kremlin = db.session.scalars(select(Source).where(Source.key == "kremlin")).all()
        assert len(kremlin) == 1
        linked = {appearance.article_id for appearance in kremlin[0].appearances}
        assert linked == {one.article.id, two.article.id}


def test_a_duplicate_is_not_stored_twice(app, demo_text):
    with app.app_context():
        first = ingest_article(ArticleData(text=demo_text))
        db.session.commit()
        again = ingest_article(ArticleData(text="\n" + demo_text.replace("  ", " ") + "\n\n"))
        assert again.created is False and again.article.id == first.article.id
        assert len(db.session.scalars(select(Article)).all()) == 1


def test_content_hash_ignores_whitespace_and_unicode_form():
    assert content_hash("Caf\u00e9  owners said so.\n\nThe mayor agreed.") == content_hash(
        " Cafe\u0301 owners said so.\nThe mayor  agreed. "
    )
    assert content_hash("The mayor said so.") != content_hash("The mayor said no.")


def test_content_hash_is_over_the_paragraphs_the_analysis_reads():
    body = "The council approved the budget on Tuesday.\n\nCritics said it cuts too deeply."
    same = content_hash(body)
    assert content_hash(f"Council Approves Budget\n\nBy Ann Smith\n\n{body}") == same  # headline, byline
    assert content_hash(body.replace("\n\nCritics", "\n\nAdvertisement\n\nCritics")) == same  # furniture
    assert content_hash(body.replace("\n\nCritics", "\n\nWhat Comes Next\n\nCritics")) == same  # subheading
    assert content_hash(body.replace("Tuesday", "Monday")) != same
    # A text without a paragraph is hashed whole: two different ones stay two articles.
    assert content_hash("Council Approves Budget\n\nWhat Comes Next") != content_hash("Mayor Resigns\n\nWhat Next")


def test_an_article_stored_with_the_whole_text_hash_is_still_found(app, demo_text):
    """Articles stored before the hash was over the paragraphs carry the hash of their whole text; the same
    text again is still that article, not a second one."""
    with app.app_context():
        first = ingest_article(ArticleData(text=demo_text)).article
        first.content_hash = whole_text_hash(demo_text)
        db.session.commit()
        assert content_hash(demo_text) != first.content_hash  # the demo article has headings
        again = ingest_article(ArticleData(text=demo_text))
        assert again.created is False and again.article.id == first.id
        assert find_duplicate(demo_text).id == first.id


def test_empty_text_is_refused(app):
    with app.app_context(), pytest.raises(ArticleInputError, match="empty"):
        ingest_article(ArticleData(text=" \n\t "))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=1, max_size=80),
            st.sampled_from(["U.S.", "Dr. Smith said.", "“Quote,” he said.", "\n\n", "\n", "Heading", "."]),
        ),
        min_size=1,
        max_size=12,
    ).map("".join)
)
def test_offsets_hold_for_random_text(app, text):
    with app.app_context():
        try:
            result = ingest_article(ArticleData(text=text))
        except ArticleInputError:
            normalised = text.replace("\r\n", "\n").replace("\r", "\n")
            assert not normalised.strip() or any((ord(c) < 32 and c not in "\t\n") or c == "\x7f" for c in normalised)
            return
        stored = result.article.text
        previous_end = -1
        for claim in result.article.claims:
            assert stored[claim.start : claim.end] == claim.text
            assert 0 <= claim.start < claim.end <= len(stored) and claim.start >= previous_end
            previous_end = claim.end
        db.session.rollback()

"""Claim matching ("Checked before?"): near-duplicates found with their similarity, claims whose numbers
differ or whose negation differs not, unpublished verdicts never, on the claim page as in the operation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.search.matching import MIN_SIMILARITY, is_negated, numbers, prior_checks, similarity
from tests.conftest import log_in
from tests.review_helpers import rating, some_evidence, user

CHECKED = (
    "Unemployment fell to 5 percent last year, the statistics office said.\n\n"
    "The minister did not resign after the scandal, her spokesman said.\n\n"
    "The city spent 40 million dollars on the new stadium, the mayor said.\n\n"
    "Rainfall in the region doubled over the past decade, scientists said."
)
NEW = (
    "Last year unemployment fell to 5 percent, according to the statistics office.\n\n"
    "Unemployment fell to 7 percent last year, the statistics office said.\n\n"
    "The minister resigned after the scandal, her spokesman said.\n\n"
    "The minister did not resign after the scandal, a spokesman said.\n\n"
    "Rainfall in the region doubled over the past decade, researchers said.\n\n"
    "The new stadium opened on Sunday with a concert, organisers said."
)


def claim_with(text: str) -> Claim:
    return db.session.scalar(select(Claim).where(Claim.text.startswith(text)))


def publish(claim: Claim, reviewer, editor, rating_name: str, summary: str):
    ops.take_claim(claim, reviewer)
    some_evidence(claim, reviewer)
    verdict = ops.save_verdict(claim, reviewer, ops.VerdictInput(rating(rating_name).id, summary, "Checked."))
    ops.propose_verdict(verdict, reviewer)
    return ops.approve_verdict(verdict, editor)


@pytest.fixture
def checked(app, make_user):
    """The first article's claims have published verdicts, but the rainfall one, which is only a draft."""
    reviewer, editor = make_user("reviewer"), make_user("editor")
    with app.app_context():
        ingest_article(ArticleData(text=CHECKED, title="Checked last month", outlet="Planet"))
        ingest_article(ArticleData(text=NEW, title="New today", outlet="Gazette"))
        author, approver = user(reviewer.id), user(editor.id)
        published = {
            "unemployment": publish(claim_with("Unemployment fell to 5"), author, approver, "False", "Jobless at 5%"),
            "minister": publish(claim_with("The minister did not"), author, approver, "True", "Minister stayed"),
            "stadium": publish(claim_with("The city spent"), author, approver, "Mostly true", "Stadium cost"),
        }
        rain = claim_with("Rainfall in the region doubled over the past decade, scientists")
        ops.take_claim(rain, author)
        ops.save_verdict(rain, author, ops.VerdictInput(rating("False").id, "Rain", "Draft only."))
        db.session.commit()
        return {name: verdict.id for name, verdict in published.items()}, reviewer


def matches(text: str) -> list[tuple[int, int]]:
    """(verdict id, similarity) of each prior check of the claim that starts with ``text``."""
    return [(prior.verdict.id, prior.similarity) for prior in prior_checks(claim_with(text))]


def test_a_reworded_claim_finds_the_verdict_on_the_same_claim(app, checked):
    verdicts, _ = checked
    with app.app_context():
        found = matches("Last year unemployment fell to 5 percent")
        assert [verdict_id for verdict_id, _ in found] == [verdicts["unemployment"]]
        assert MIN_SIMILARITY <= found[0][1] <= 100
        found = matches("The minister did not resign after the scandal, a spokesman")
        assert [verdict_id for verdict_id, _ in found] == [verdicts["minister"]]
        assert found[0][1] == 100  # "a spokesman" for "her spokesman": stop words do not count


def test_different_numbers_negation_or_claims_are_not_matches(app, checked):
    with app.app_context():
        assert matches("Unemployment fell to 7 percent") == []  # its number differs
        assert matches("The minister resigned after") == []  # not negated, the checked one is
        assert matches("The new stadium opened") == []  # same topic, another claim
        assert matches("Rainfall in the region doubled over the past decade, researchers") == []  # a draft only


def test_a_claim_is_not_its_own_prior_check(app, checked):
    with app.app_context():
        assert matches("Unemployment fell to 5 percent last year") == []


def test_the_claim_page_shows_prior_checks(app, client, checked):
    verdicts, reviewer = checked
    log_in(client, reviewer.email)
    with app.app_context():
        reworded, differs = claim_with("Last year unemployment").id, claim_with("Unemployment fell to 7").id
    page = client.get(f"/claims/{reworded}").get_data(as_text=True)
    assert "Checked before?" in page and "% alike" in page
    assert f'href="/verdicts/{verdicts["unemployment"]}"' in page and "False: Jobless at 5%" in page
    other = client.get(f"/claims/{differs}").get_data(as_text=True)
    assert "No published verdict on a claim that says the same thing." in other


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It cost 40,000 euros, or 2.5 percent.", {"40000", "2.5"}),
        ("It cost 40000 euros, or 2,5 percent.", {"40000", "2.5"}),
        ("No figure at all.", set()),
        ("In 2027, 3 lines.", {"2027", "3"}),
        ("One in four children, a third of them girls.", {"one", "four", "third"}),
    ],
)
def test_numbers_are_read_alike(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("The minister did not resign.", True),
        ("The minister didn't resign.", True),
        ("The minister didn’t resign.", True),
        ("Nobody was hurt.", True),
        ("The minister never resigned.", True),
        ("The minister resigned.", False),
        ("Notably, the minister resigned.", False),
    ],
)
def test_negation(text, negated):
    assert is_negated(text) is negated


def test_similarity_ignores_order_but_not_numbers_or_negation():
    assert similarity("The tram opens in 2027, the mayor said.", "The mayor said the tram opens in 2027.") == 100
    assert similarity("The tram opens in 2027.", "The tram opens in 2028.") == 0
    assert similarity("The tram will open.", "The tram will not open.") == 0
    assert similarity("The tram will open.", "Taxes rose sharply last year.") < 50

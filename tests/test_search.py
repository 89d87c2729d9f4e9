"""Search: the full-text index kept current in every write's transaction, the query syntax on both databases,
what each viewer may see, the filters, highlighting and pages."""

from __future__ import annotations

from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import MetaData, Table, delete, select, text, update

from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.search.queries import (
    NOTHING_TO_SEARCH,
    SearchError,
    SearchFilters,
    checked_query,
    fts5_query,
    highlighted,
    search,
)
from factcheck.sources.models import Source
from tests.conftest import drop_everything, log_in
from tests.review_helpers import rating, some_evidence, user

BUDGET = (
    "The city council approved a budget of 40 million dollars on Tuesday, the mayor said.\n\n"
    "Unemployment fell to 5 percent last year, according to the national statistics office.\n\n"
    "The new tramway will open in 2027, said Maria Olsen, the transport commissioner."
)
FLOODS = (
    "The river flooded three villages in the valley, the regional government said.\n\n"
    "Insurers expect claims of about 12 million euros after the floods, a spokesman said."
)


def found(query: str, viewer, **filters) -> set[tuple[str, int]]:
    """(kind, id) of every hit of the first page."""
    return {(hit.kind, hit.id) for hit in search(checked_query(query), SearchFilters(**filters), viewer).hits}


@pytest.fixture
def corpus(app, make_user):
    """Two articles (outlets Daily Planet and Valley News), a reviewer's draft verdict on the tramway claim, a
    published verdict on the flood claim with its evidence."""
    reviewer, other, editor = make_user("reviewer"), make_user("reviewer"), make_user("editor")
    with app.app_context():
        budget = ingest_article(
            ArticleData(text=BUDGET, title="Budget approved", outlet="Daily Planet", published_on=date(2026, 3, 2))
        ).article
        floods = ingest_article(
            ArticleData(text=FLOODS, title="Valley under water", outlet="Valley News", published_on=date(2026, 5, 9))
        ).article
        tram = next(c for c in budget.claims if "tramway" in c.text)
        flood = next(c for c in floods.claims if "flooded" in c.text)
        author = user(reviewer.id)
        ops.take_claim(tram, author)
        some_evidence(tram, author)
        ops.save_verdict(tram, author, ops.VerdictInput(rating("False").id, "Tram delayed", "Contracts slipped."))
        ops.take_claim(flood, author)
        evidence = some_evidence(flood, author, stance="supports")
        evidence.excerpt = "Three villages were evacuated, the hydrology bulletin says."
        published = ops.save_verdict(
            flood, author, ops.VerdictInput(rating("True").id, "Villages flooded", "The hydrology bulletin agrees.")
        )
        ops.propose_verdict(published, author)
        ops.approve_verdict(published, user(editor.id))
        db.session.commit()
        ids = {
            "budget": budget.id,
            "floods": floods.id,
            "tram": tram.id,
            "flood": flood.id,
            "draft": ops.working_verdict(tram).id,
            "published": published.id,
            "evidence": evidence.id,
        }
    return {"reviewer": reviewer, "other": other, "editor": editor, **ids}


def test_every_kind_is_found_by_its_searched_fields(app, corpus):
    with app.app_context():
        editor = user(corpus["editor"].id)
        assert ("claim", corpus["tram"]) in found("tramway", editor)
        assert ("verdict", corpus["published"]) in found("hydrology agrees", editor)  # rationale
        assert ("verdict", corpus["draft"]) in found("tram delayed", editor)  # summary
        assert ("evidence", corpus["evidence"]) in found("evacuated", editor)  # excerpt
        assert ("evidence", corpus["evidence"]) in found('"official report"', editor)  # title
        olsen = db.session.scalar(select(Source.id).where(Source.name.contains("Olsen")))
        assert ("source", olsen) in found("olsen", editor)
        assert ("article", corpus["floods"]) in found("valley news", editor)  # outlet
        assert ("article", corpus["budget"]) in found("budget approved", editor)  # title
        # Stemmed on both databases: "floods" finds "flooded".
        assert ("claim", corpus["flood"]) in found("floods", editor)


def test_the_index_follows_every_write_in_its_own_transaction(app, corpus):
    with app.app_context():
        editor = user(corpus["editor"].id)
        evidence = db.session.get(Evidence, corpus["evidence"])
        evidence.note = "Checked against the gauge readings."
        db.session.flush()
        assert ("evidence", evidence.id) in found("gauge readings", editor)  # before the commit
        db.session.rollback()
        assert found("gauge readings", editor) == set()  # rolled back with the row
        # A Core UPDATE and a cascaded delete, which no ORM event sees.
        olsen = db.session.scalar(select(Source.id).where(Source.name.contains("Olsen")))
        db.session.execute(update(Source).where(Source.id == olsen).values(name="Marta Olsson"))
        assert found("olsson", editor) == {("source", olsen)}
        assert ("source", olsen) not in found("maria", editor)
        db.session.execute(delete(Article).where(Article.id == corpus["budget"]))
        assert found("unemployment", editor, kind="claim") == set()
        assert found("tramway", editor) == set()
        db.session.commit()
        assert found("tramway", editor) == set()
        added = ingest_article(ArticleData(text="The tramway reopened on Friday, the operator said.", title="Tram"))
        db.session.commit()
        assert ("claim", added.article.claims[0].id) in found("tramway", editor)


def test_unpublished_verdicts_are_found_only_by_those_who_may_read_them(app, corpus):
    draft = ("verdict", corpus["draft"])
    with app.app_context():
        assert draft in found("contracts slipped", user(corpus["reviewer"].id))  # its author
        assert draft in found("contracts slipped", user(corpus["editor"].id))
        assert found("contracts slipped", user(corpus["other"].id)) == set()
        # Nor through the rating filter, nor the claim's other fields.
        assert draft not in found("tramway", user(corpus["other"].id), rating_id=rating("False").id)
        # The published one is for everyone.
        assert ("verdict", corpus["published"]) in found("hydrology", user(corpus["other"].id))


def test_superseded_revisions_are_not_searched(app, corpus):
    with app.app_context():
        editor = user(corpus["editor"].id)
        flood = db.session.get(Claim, corpus["flood"])
        author = user(corpus["reviewer"].id)
        correction = ops.open_revision(flood, author)
        ops.save_verdict(flood, author, ops.VerdictInput(rating("True").id, "Villages flooded", "Gauges agree."))
        ops.propose_verdict(correction, author)
        ops.approve_verdict(correction, editor)
        db.session.commit()
        assert found("hydrology", editor) == {("evidence", corpus["evidence"])}
        assert ("verdict", correction.id) in found("gauges", editor)


def test_filters(app, corpus):
    with app.app_context():
        editor = user(corpus["editor"].id)
        said = "said"
        assert {kind for kind, _ in found(said, editor, kind="claim")} == {"claim"}
        in_valley = found(said, editor, outlet="Valley News")
        assert in_valley and all(
            db.session.get(Claim, claim_id).article_id == corpus["floods"] for kind, claim_id in in_valley
        )
        assert found("million", editor, date_from=date(2026, 4, 1)) == {
            ("claim", c.id) for c in db.session.scalars(select(Claim).where(Claim.text.contains("12 million")))
        }
        assert found("million", editor, date_to=date(2026, 1, 1)) == set()
        assert found("flooded", editor, rating_id=rating("True").id) == {("verdict", corpus["published"])}
        assert found("flooded", editor, rating_id=rating("False").id) == set()
        in_review = found("tramway", editor, review_state="in_review")
        assert ("claim", corpus["tram"]) in in_review
        assert found("tramway", editor, review_state="new") == set()
        tram_status = db.session.get(Claim, corpus["tram"]).effective_status
        assert ("claim", corpus["tram"]) in found("tramway", editor, status=tram_status)
        # A filter sources do not have leaves them out.
        assert not any(kind == "source" for kind, _ in found("olsen", editor, status=tram_status))
        # Articles by their publication date.
        assert ("article", corpus["floods"]) in found("valley", editor, kind="article", date_from=date(2026, 5, 9))
        assert found("valley", editor, kind="article", date_to=date(2026, 5, 8)) == set()


def test_the_web_syntax_on_both_databases(app, corpus):
    with app.app_context():
        editor = user(corpus["editor"].id)
        tram, flood = ("claim", corpus["tram"]), ("claim", corpus["flood"])
        assert tram in found("tramway or villages", editor) and flood in found("tramway or villages", editor)
        assert flood not in found("villages -regional", editor)
        assert found('"villages flooded"', editor) == {("verdict", corpus["published"])}
        assert found('"flooded villages', editor) == set()  # an unbalanced quote: the phrase to the end
        assert ("claim", corpus["flood"]) in found('"flooded three', editor)


@pytest.mark.parametrize(
    "query",
    ['"', '""', '"unbalanced', "*", "tram*", "NEAR(a b)", "a NEAR b", "-", "--", "-tramway", "AND", "OR", "NOT",
     "tram -", "(", ")", "tramway)", "col:tramway", "text:tramway", "^tramway", "+", "'", "a'b", "\\", "%", "_",
     "the", "the of and", "über", "日本", "🙂", "x" * 400, "or or or", "tramway OR", "OR tramway", '"-" "*"'],
)  # fmt: skip
def test_no_query_is_an_error_page(app, client, corpus, query):
    log_in(client, corpus["reviewer"].email)
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200, query
    body = response.get_data(as_text=True)
    assert "Nothing matches" in body or "search-hit" in body or NOTHING_TO_SEARCH.split(":")[0] in body, query


def test_what_cannot_be_searched_says_why(app, corpus):
    with app.app_context():
        for query in ("the", "the of and", "-tramway", "*", '"', "   "):
            with pytest.raises(SearchError):
                checked_query(query)
        with pytest.raises(SearchError, match="keep it under"):
            checked_query("tram " * 200)


def test_fts5_translation_quotes_every_word():
    expected = '(("tram") AND ("NEAR a") AND ("b") AND ("open")) NOT ("bus stop")'
    assert fts5_query('tram* NEAR(a b) -"bus stop" "open') == expected
    assert fts5_query("tram or bus metro") == '("tram" OR "bus") AND ("metro")'
    assert fts5_query("U.S.-supplied") == '("U S supplied")'
    assert fts5_query("-tram") is None
    assert fts5_query("the") is None


def test_highlights_are_escaped_and_balanced():
    assert str(highlighted("a \ue000<b>\ue001 c")) == "a <mark>&lt;b&gt;</mark> c"
    assert str(highlighted("\ue001<x>\ue000y")) == "&lt;x&gt;<mark>y</mark>"


def test_the_page_highlights_escapes_and_pages(app, client, make_user):
    with app.app_context():
        text = "\n\n".join(
            f"Tramway line {n} carried <b>{n} thousand</b> riders, the operator said." for n in range(25)
        )
        ingest_article(ArticleData(text=text, title="Ridership", outlet="Metro <Times>"))
        db.session.commit()
    log_in(client, make_user("reviewer").email)
    first = client.get("/search?q=riders&kind=claim").get_data(as_text=True)
    assert first.count('class="search-hit') == 20
    assert "<mark>riders</mark>" in first
    main = first.split("<main>")[1]
    # Stored markup is text: escaped (SQLite's excerpt), or left out as a tag (PostgreSQL's parser skips tags).
    assert "<b>" not in main and "<Times>" not in main
    assert "Metro &lt;Times&gt;" in main and "thousand" in main
    assert 'rel="next"' in first
    second = client.get("/search?q=riders&kind=claim&page=2").get_data(as_text=True)
    assert second.count('class="search-hit') == 5 and 'rel="next"' not in second
    assert 'rel="prev"' in second


def test_the_header_has_a_search_box_and_the_form_refuses_bad_filters(app, client, make_user):
    log_in(client, make_user("reviewer").email)
    page = client.get("/").get_data(as_text=True)
    assert 'role="search"' in page and 'action="/search"' in page
    assert client.get("/search").status_code == 200
    bad = client.get("/search?q=tram&date_from=2026-13-45&kind=nonsense")
    assert bad.status_code == 200
    body = bad.get_data(as_text=True)
    assert "Not a valid date value" in body and "Not a valid choice" in body
    backwards = client.get("/search?q=tram&date_from=2026-05-01&date_to=2026-04-01").get_data(as_text=True)
    assert "The end date is before the start date." in backwards


def test_the_migration_indexes_what_is_already_stored(make_app, make_user):
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade(revision="0013")
        article = Table("article", MetaData(), autoload_with=db.engine)
        with db.engine.begin() as connection:
            connection.execute(
                article.insert().values(
                    id=1, title="Stored before search", outlet="Archive Gazette", text="Old.", content_hash="0" * 64,
                    claim_count=0, created_at=date(2026, 1, 1), language="en",
                )
            )  # fmt: skip
        upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM article")).scalar_one() == 1
        ops.ensure_default_ratings()
        db.session.commit()
        from factcheck.auth.operations import create_user

        viewer = create_user("reader@example.org", "correct horse battery staple", "reviewer")
        assert found("gazette", viewer) == {("article", 1)}
        assert found("stored", viewer) == {("article", 1)}
        db.session.rollback()
        drop_everything(db.engine)


def test_the_search_command(app, runner, corpus):
    result = runner.invoke(args=["search", "contracts slipped"])
    assert result.exit_code == 0, result.output
    # The command line reads unpublished verdicts too; the match in brackets.
    assert result.output.startswith(f"verdict\t{corpus['draft']}\t")
    assert "[Contracts] [slipped]" in result.output or "[Contracts slipped]" in result.output
    only_claims = runner.invoke(args=["search", "tramway", "--kind", "claim"])
    assert only_claims.exit_code == 0 and {line.split("\t")[0] for line in only_claims.output.splitlines()} == {"claim"}
    refused = runner.invoke(args=["search", "the"])
    assert refused.exit_code == 2 and "only very common words" in refused.output
    nothing = runner.invoke(args=["search", "zeppelin"])
    assert nothing.exit_code == 0 and "Nothing matches." in nothing.output

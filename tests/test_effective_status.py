"""One status: the effective status is stored on the claim, kept current by every operation that changes an
input, and every page, queue, report and export reads it, by one name per status."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, Table, select, true

from factcheck.analysis.model import Status
from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.articles.reanalysis import reanalyse_article
from factcheck.claims.models import Claim
from factcheck.claims.status import PRIORITY_BY_STATUS, refresh_statuses
from factcheck.extensions import db
from factcheck.reports.exports import json_schema
from factcheck.review import operations as ops
from factcheck.review.forms import FILTER_STATUS_CHOICES, STATE_CHOICES, STATUS_CHOICES
from factcheck.review.models import Verdict
from factcheck.review.queries import QueueFilters, claim_queue
from factcheck.sources.models import IdentityCheck, Source
from factcheck.sources.operations import record_identity_check
from factcheck.vocabulary import (
    CORRECTABLE_STATUSES,
    STATUS_MEANINGS,
    STATUS_NAMES,
    IdentityResult,
    ReviewState,
    VerdictState,
)
from tests.conftest import drop_everything
from tests.reports_fixtures import build_report_data
from tests.review_helpers import chambers_claim, user

ROOT = Path(__file__).resolve().parent.parent
# The names the interface used to give unverified_named (and not_analysed), retired for the one name each.
RETIRED_NAMES = ("unverified named", "not identifiable", "not identified by the text", "language not supported")


def first_claim(article_id: int, status: str) -> Claim:
    return db.session.scalars(
        select(Claim).where(Claim.article_id == article_id, Claim.status == status).order_by(Claim.position)
    ).first()


def verify(source: Source, reviewer) -> None:
    record_identity_check(
        source,
        reviewer,
        result="verified",
        evidence_url="https://example.org/staff",
        note="On the institute's staff page.",
    )


def test_a_correction_shows_on_the_article_page(app, reviewer_client, demo_article, make_user):
    reviewer = make_user("reviewer")
    with app.app_context():
        claim = first_claim(demo_article, "sourced")
        ops.correct_sourcing(
            claim,
            user(reviewer.id),
            status="hedged",
            source_id=None,
            reason="The source is only said to have 'indicated' it.",
        )
        db.session.commit()
        claim_id = claim.id
        assert (claim.status, claim.effective_status, claim.priority) == ("sourced", "hedged", 2)
    page = reviewer_client.get(f"/articles/{demo_article}").get_data(as_text=True)
    highlight = re.search(rf'<a class="claim status-(\w+)" id="claim-{claim_id}"[^>]*title="([^"]*)"', page)
    assert highlight is not None and highlight.group(1) == "hedged"
    assert highlight.group(2).startswith("hedged: Corrected by a reviewer: ")
    listed = re.search(rf'<a href="/claims/{claim_id}">\s*<span class="badge status-(\w+)">', page)
    assert listed is not None and listed.group(1) == "hedged"


def test_an_identity_check_moves_the_claim_to_the_sourced_filter_and_changes_its_priority(
    app, reviewer_client, demo_article, make_user
):
    reviewer = make_user("reviewer")
    with app.app_context():
        claim = chambers_claim(demo_article)
        claim_id, source = claim.id, claim.attributions[0].source
        source_id = source.id
        assert (claim.status, claim.effective_status, claim.priority) == ("unverified_named", "unverified_named", 0)
        assert claim_id not in [c.id for c in db.session.scalars(claim_queue(QueueFilters(status="sourced")))]
        verify(source, user(reviewer.id))
        db.session.commit()
    page = reviewer_client.get("/queue/unassigned?status=sourced").get_data(as_text=True)
    assert f'href="/claims/{claim_id}"' in page
    page = reviewer_client.get("/queue/unassigned?status=unverified_named").get_data(as_text=True)
    assert f'href="/claims/{claim_id}"' not in page
    with app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert (claim.effective_status, claim.priority) == ("sourced", PRIORITY_BY_STATUS["sourced"])
        assert claim_id in [c.id for c in db.session.scalars(claim_queue(QueueFilters(status="sourced")))]
        # A later check that cannot verify the person puts the claim back where it was.
        record_identity_check(
            db.session.get(Source, source_id),
            user(reviewer.id),
            result="unverifiable",
            evidence_url=None,
            note="The page is gone.",
        )
        db.session.commit()
        claim = db.session.get(Claim, claim_id)
        assert (claim.effective_status, claim.priority) == ("unverified_named", 0)


def test_an_article_quoting_a_person_already_verified_is_ingested_sourced(app, make_user):
    reviewer = make_user("reviewer")
    sentence = "“The strikes will continue,” said defense analyst Robert Chambers."
    with app.app_context():
        first = ingest_article(ArticleData(text=sentence, title="One")).article
        claim = first.claims[0]
        assert claim.effective_status == "unverified_named"
        verify(claim.attributions[0].source, user(reviewer.id))
        second = ingest_article(ArticleData(text=sentence + "\n\nA second paragraph says nothing.", title="Two"))
        db.session.commit()
        again = db.session.get(Article, second.article.id).claims[0]
        assert again.attributions[0].source_id == claim.attributions[0].source_id
        assert (again.status, again.effective_status, again.priority) == ("unverified_named", "sourced", 4)


def test_a_reanalysis_keeps_a_corrections_and_an_identity_checks_effect(app, demo_article, make_user):
    reviewer = make_user("reviewer")
    with app.app_context():
        corrected = first_claim(demo_article, "sourced")
        ops.correct_sourcing(
            corrected, user(reviewer.id), status="anonymous", source_id=None, reason="An unnamed official."
        )
        chambers = chambers_claim(demo_article)
        verify(chambers.attributions[0].source, user(reviewer.id))
        db.session.commit()
        ids = corrected.id, chambers.id
        # An older engine's results, written over the claims directly.
        for claim in db.session.get(Article, demo_article).claims:
            claim.status = "unattributed"
        db.session.commit()
        result = reanalyse_article(db.session.get(Article, demo_article))
        db.session.commit()
        assert result.changed
        corrected, chambers = (db.session.get(Claim, claim_id) for claim_id in ids)
        assert (corrected.status, corrected.effective_status, corrected.priority) == ("sourced", "anonymous", 1)
        assert (chambers.status, chambers.effective_status, chambers.priority) == ("unverified_named", "sourced", 4)
        # Nothing is left for the rule to change.
        assert refresh_statuses(true()) == 0


def test_the_migration_fills_the_effective_status_of_existing_rows(make_app):
    """0011 adds claim.effective_status by the same rule the application applies (and the priority follows)."""
    app = make_app()
    with app.app_context():
        drop_everything(db.engine)
        upgrade(revision="0010")
        metadata = MetaData()
        tables = {
            name: Table(name, metadata, autoload_with=db.engine)
            for name in ("article", "claim", "source", "attribution")
        }
        now = datetime(2026, 1, 1, tzinfo=UTC)
        day = date(2026, 1, 1)

        def claim(claim_id: int, status: str, priority: int, **corrected):
            values = {"corrected_status": None, "corrected_source_id": None, **corrected}
            return dict(
                id=claim_id,
                article_id=1,
                position=claim_id,
                start=claim_id,
                end=claim_id + 1,
                paragraph=0,
                text=f"Claim {claim_id}.",
                status=status,
                reason="",
                review_state="new",
                priority=priority,
                article_date=day,
                version_id=1,
                **values,
            )

        with db.engine.begin() as connection:
            connection.execute(
                tables["article"]
                .insert()
                .values(
                    id=1,
                    title="Old",
                    text="An old article.",
                    content_hash="0" * 64,
                    claim_count=5,
                    created_at=now,
                    language="en",
                )
            )
            connection.execute(
                tables["source"].insert(),
                [
                    dict(
                        id=1,
                        key="verified",
                        name="Verified",
                        type="person",
                        created_at=now,
                        identity_status="verified",
                        version_id=1,
                    ),
                    dict(
                        id=2,
                        key="unchecked",
                        name="Unchecked",
                        type="person",
                        created_at=now,
                        identity_status=None,
                        version_id=1,
                    ),
                ],
            )
            connection.execute(
                tables["claim"].insert(),
                [
                    claim(1, "unverified_named", 0),  # its one person verified: sourced
                    claim(2, "unverified_named", 0),  # one of its two people unchecked: stays flagged
                    claim(3, "hedged", 1, corrected_status="anonymous"),  # corrected: anonymous
                    claim(4, "unverified_named", 0, corrected_source_id=1),  # corrected to the verified person
                    claim(5, "unattributed", 3),
                ],
            )
            connection.execute(
                tables["attribution"].insert(),
                [
                    dict(id=1, claim_id=1, kind="direct_quote", source_id=1),
                    dict(id=2, claim_id=2, kind="direct_quote", source_id=1),
                    dict(id=3, claim_id=2, kind="indirect", source_id=2),
                    dict(id=4, claim_id=4, kind="direct_quote", source_id=2),
                ],
            )
        upgrade()
        rows = db.session.execute(select(Claim.id, Claim.effective_status, Claim.priority).order_by(Claim.id))
        assert [tuple(row) for row in rows] == [
            (1, "sourced", 4),
            (2, "unverified_named", 0),
            (3, "anonymous", 1),
            (4, "sourced", 4),
            (5, "unattributed", 3),
        ]
        assert refresh_statuses(true()) == 0  # the migration's rule is the application's
        db.session.rollback()
        db.session.remove()
        downgrade(revision="0010")
        drop_everything(db.engine)


def test_every_status_and_state_is_defined_once_and_named_once():
    assert set(STATUS_NAMES) == set(STATUS_MEANINGS) == set(PRIORITY_BY_STATUS) == set(Status)
    assert len(set(STATUS_NAMES.values())) == len(Status)
    assert [value for value, _name in STATUS_CHOICES] == list(CORRECTABLE_STATUSES)
    assert [value for value, _name in FILTER_STATUS_CHOICES] == list(Status)
    assert [value for value, _name in STATE_CHOICES] == list(ReviewState)
    assert dict(STATUS_CHOICES)["unverified_named"] == "named, identity not established"
    schema = json_schema()["$defs"]
    assert schema["status"]["enum"] == list(Status)
    assert schema["verdict_state"]["enum"] == list(VerdictState)
    constraints = {
        (table.name, str(constraint.sqltext))
        for table in (Claim.__table__, Verdict.__table__, IdentityCheck.__table__)
        for constraint in table.constraints
        if constraint.__class__.__name__ == "CheckConstraint"
    }
    assert constraints == {
        ("claim", "review_state IN ('new', 'in_review', 'submitted', 'published', 'returned')"),
        ("verdict", "state IN ('draft', 'submitted', 'published', 'returned', 'superseded', 'discarded')"),
        ("identity_check", "result IN ('verified', 'unverifiable', 'nonexistent')"),
    }
    assert list(IdentityResult) == ["verified", "unverifiable", "nonexistent"]


def test_no_template_or_module_writes_out_a_retired_name_or_the_status_list():
    for path in [*ROOT.joinpath("templates").rglob("*.html"), *ROOT.joinpath("factcheck").rglob("*.py")]:
        if "analysis" in path.relative_to(ROOT).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for name in RETIRED_NAMES:
            for written in (f"'{name}", f'"{name}', f">{name}"):  # as text, not as code ("not identifiable")
                assert written not in text, f"{path.relative_to(ROOT)} says {name!r}"
        assert "'sourced', 'unverified_named'" not in text and '"sourced", "unverified_named"' not in text, path


def test_every_page_and_report_shows_the_one_name(app, reviewer_client, demo_article):
    data = build_report_data(app, demo_article)
    with app.app_context():
        chambers = chambers_claim(demo_article)
        claim_id, source_id = chambers.id, chambers.attributions[0].source_id
    pages = {
        url: reviewer_client.get(url).get_data(as_text=True)
        for url in (
            f"/articles/{demo_article}",
            f"/claims/{claim_id}",
            f"/claims/{claim_id}/sourcing",
            "/queue/unassigned",
            f"/articles/{demo_article}/sourcing",
            "/reports/sourcing",
            f"/reports/verdicts?article={data.article_id}&internal=1",
            "/sources/",
            f"/sources/{source_id}",
        )
    }
    for url, page in pages.items():
        for name in RETIRED_NAMES:
            assert name not in page, f"{url} says {name!r}"
    named = [url for url, page in pages.items() if "named, identity not established" in page]
    assert f"/articles/{demo_article}" in named and f"/claims/{claim_id}" in named and "/queue/unassigned" in named
    assert f"/articles/{demo_article}/sourcing" in named
    assert (
        "identity not established" in pages["/sources/"]
        and "identity not established" in pages[f"/sources/{source_id}"]
    )

"""Access control: every route × every method × anonymous, reviewer, editor and admin against an explicit
table; other people's drafts stay private; the four-eyes rule holds against requests posted directly."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.jobs.models import Job, JobKind
from factcheck.jobs.operations import scope_params
from factcheck.reports.queries import ReportScope
from factcheck.review import operations as review
from factcheck.review.models import Verdict
from factcheck.sources.models import Source
from tests.conftest import PASSWORD, log_in
from tests.review_helpers import rating, some_evidence, user

ROLES = ("anonymous", "reviewer", "editor", "admin")
EVERYONE = frozenset(ROLES)
USERS = frozenset({"reviewer", "editor", "admin"})
EDITORS = frozenset({"editor", "admin"})

# Who may use each endpoint, per method. Anyone else gets a redirect to the login page (anonymous) or
# 403 (a logged-in user whose role, or relation to the item, does not allow it). The ids point at
# items of *another* reviewer (see ``world``): a draft verdict, a proposal, evidence.
# A new route fails ``test_every_route_is_in_the_table`` until it is added here.
ACCESS: dict[str, dict[str, frozenset[str]]] = {
    "static": {"GET": EVERYONE},
    "ops.healthz": {"GET": EVERYONE},  # "ok" for the load balancer; reads nothing
    "ops.readyz": {"GET": EVERYONE},  # what is ready, by part; no detail beyond an error's kind
    "auth.login": {"GET": EVERYONE, "POST": EVERYONE},
    "auth.logout": {"POST": USERS},
    "auth.password": {"GET": USERS, "POST": USERS},
    "public.verdict": {"GET": EVERYONE},  # a published revision's old address: to its fact-check; drafts are 404
    "public.fact_check": {"GET": EVERYONE},  # published fact-checks only; drafts are 404 (below)
    "public.archive": {"GET": EVERYONE},  # published fact-checks only
    "public.verdicts_index": {"GET": EVERYONE},  # /verdicts/: to the archive
    "public.feed": {"GET": EVERYONE},
    "public.sitemap": {"GET": EVERYONE},
    "api.fact_checks": {"GET": EVERYONE},  # the read-only API: published fact-checks only
    "api.fact_check": {"GET": EVERYONE},  # a draft's claim is 404 (below)
    "articles.index": {"GET": USERS},
    "articles.list_redirect": {"GET": USERS},  # /articles: to the article list
    "articles.new": {"GET": USERS, "POST": USERS},
    "articles.detail": {"GET": USERS},
    "claims.detail": {"GET": USERS},  # the page; another reviewer's draft text is hidden (below)
    "review.mine": {"GET": USERS},
    "review.unassigned": {"GET": USERS},
    "review.approval": {"GET": EDITORS},
    "review.claim_next": {"POST": USERS},
    "review.take": {"POST": USERS},
    "review.assign": {"POST": EDITORS},
    "review.verdict": {"GET": EDITORS, "POST": EDITORS},  # and the claim's assignee, not this reviewer
    "review.decide": {"POST": EDITORS},  # and never the proposer (four-eyes, below)
    "review.discard": {"POST": EDITORS},  # and the correction's assignee while it is a draft or returned
    "review.revise": {"POST": USERS},  # opens a correction; publishing it needs an editor
    "review.sourcing": {"GET": USERS, "POST": USERS},  # a correction with a reason, kept in the history
    "evidence.new": {"GET": EDITORS, "POST": EDITORS},  # and the claim's assignee, not this reviewer
    "evidence.edit": {"GET": EDITORS, "POST": EDITORS},  # and its author, not this reviewer
    "evidence.withdraw": {"GET": EDITORS, "POST": EDITORS},  # and its author
    "sources.index": {"GET": USERS},
    "sources.detail": {"GET": USERS, "POST": USERS},
    "search.index": {"GET": USERS},  # unpublished verdicts only for who may read them (tests/test_search.py)
    "factchecks.index": {"GET": USERS},
    "factchecks.upload": {"GET": EDITORS, "POST": EDITORS},
    "reports.index": {"GET": USERS},
    "reports.article_sourcing": {"GET": USERS},
    "reports.sourcing": {"GET": USERS},
    "reports.verdicts": {"GET": USERS},  # the internal one (unpublished work) is for editors (below)
    "reports.download": {"GET": USERS},  # the PDF: a page with the button that starts its job
    "reports.start_pdf": {"POST": USERS},  # starts a job; the internal report's is for editors
    "jobs.detail": {"GET": frozenset({"admin"})},  # and the job's owner (tests/test_jobs.py)
    "jobs.download": {"GET": frozenset({"admin"})},  # and the job's owner; a 409 until the file is made
}
IGNORED_METHODS = {"HEAD", "OPTIONS"}  # answered by Flask from GET, or without running the view
DRAFT_MARK = "Zanzibar-draft-rationale-7731"


@dataclass
class World:
    article_id: int
    new_claim_id: int  # nobody has taken it
    draft_claim_id: int  # the owner's, with a draft verdict and evidence
    draft_verdict_id: int
    submitted_verdict_id: int  # the owner's proposal on another claim
    published_claim_id: int
    published_verdict_id: int
    evidence_id: int  # the owner's
    source_id: int
    owner_email: str
    job_id: int  # the owner's PDF, queued


@pytest.fixture
def world(app, make_user, demo_article) -> World:
    """Items belonging to another reviewer ("owner"): a draft, a proposal, a published verdict, evidence."""
    owner, approver = make_user("reviewer", "owner@example.org"), make_user("editor", "approver@example.org")
    with app.app_context():
        claims = db.session.scalars(
            select(Claim).where(Claim.article_id == demo_article).order_by(Claim.position)
        ).all()
        draft_claim, submitted_claim, published_claim, new_claim = claims[:4]
        person, editor = user(owner.id), user(approver.id)
        refuted = rating("False")

        review.take_claim(draft_claim, person)
        evidence = some_evidence(draft_claim, person)
        draft = review.save_verdict(draft_claim, person, review.VerdictInput(refuted.id, "Draft", DRAFT_MARK))

        review.take_claim(submitted_claim, person)
        some_evidence(submitted_claim, person)
        proposal = review.save_verdict(
            submitted_claim, person, review.VerdictInput(refuted.id, "Proposed", "Proposal " + DRAFT_MARK)
        )
        review.propose_verdict(proposal, person, version=proposal.version_id)

        review.take_claim(published_claim, person)
        some_evidence(published_claim, person)
        published = review.save_verdict(published_claim, person, review.VerdictInput(refuted.id, "Out", "Public"))
        review.propose_verdict(published, person, version=published.version_id)
        review.approve_verdict(published, editor, version=published.version_id)
        job = Job(kind=JobKind.EXPORT_PDF.value, created_by_id=owner.id, params=scope_params(ReportScope()))
        db.session.add(job)
        db.session.commit()
        return World(
            article_id=demo_article,
            new_claim_id=new_claim.id,
            draft_claim_id=draft_claim.id,
            draft_verdict_id=draft.id,
            submitted_verdict_id=proposal.id,
            published_claim_id=published_claim.id,
            published_verdict_id=published.id,
            evidence_id=evidence.id,
            source_id=db.session.scalar(select(Source.id).limit(1)),
            owner_email=owner.email,
            job_id=job.id,
        )


def path_values(world: World) -> dict[str, dict[str, object]]:
    """The URL arguments each endpoint gets: the other reviewer's items."""
    return {
        "static": {"filename": "style.css"},
        "public.verdict": {"verdict_id": world.published_verdict_id},
        "public.fact_check": {"claim_id": world.published_claim_id},
        "api.fact_check": {"claim_id": world.published_claim_id},
        "articles.detail": {"article_id": world.article_id},
        "reports.article_sourcing": {"article_id": world.article_id},
        "claims.detail": {"claim_id": world.draft_claim_id},
        "review.take": {"claim_id": world.new_claim_id},
        "review.assign": {"claim_id": world.draft_claim_id},
        "review.verdict": {"claim_id": world.draft_claim_id},
        "review.decide": {"verdict_id": world.submitted_verdict_id},
        "review.discard": {"verdict_id": world.submitted_verdict_id},
        "review.revise": {"claim_id": world.published_claim_id},
        "review.sourcing": {"claim_id": world.draft_claim_id},
        "evidence.new": {"claim_id": world.draft_claim_id},
        "evidence.edit": {"evidence_id": world.evidence_id},
        "evidence.withdraw": {"evidence_id": world.evidence_id},
        "sources.detail": {"source_id": world.source_id},
        "reports.download": {"fmt": "csv"},
        "jobs.detail": {"job_id": world.job_id},
        "jobs.download": {"job_id": world.job_id},
    }


def client_as(app, make_user, role: str):
    """A fresh client: anonymous, or logged in as a new account of ``role``."""
    client = app.test_client()
    if role != "anonymous":
        account = make_user(role)
        assert log_in(client, account.email, PASSWORD).status_code == 302
    return client


def test_every_route_is_in_the_table(app):
    missing = []
    for rule in app.url_map.iter_rules():
        methods = rule.methods - IGNORED_METHODS
        table = ACCESS.get(rule.endpoint, {})
        missing += [f"{rule.endpoint} {method} ({rule.rule})" for method in methods if method not in table]
    assert not missing, "add these routes to ACCESS with who may use them: " + ", ".join(sorted(missing))


def test_every_route_and_method_answers_each_role_as_the_table_says(app, make_user, world):
    values = path_values(world)
    checked = []
    failures = []
    # Reviewers first: the editors' requests (approvals, reassignments) must not change what they face.
    for role in ROLES:
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            with app.test_request_context():
                from flask import url_for

                path = url_for(rule.endpoint, **values.get(rule.endpoint, {}))
            for method in sorted(rule.methods - IGNORED_METHODS):
                allowed = role in ACCESS[rule.endpoint][method]
                client = client_as(app, make_user, role)
                response = client.open(path, method=method, data={})
                status, location = response.status_code, response.headers.get("Location", "")
                response.close()
                to_login = status == 302 and location.startswith("/login")
                # /readyz is a 503 here: the test schema comes from the models, not from the migrations.
                failed = status >= 500 and not (rule.endpoint == "ops.readyz" and status == 503)
                if allowed:
                    ok = not failed and status != 403 and not (to_login and rule.endpoint != "auth.logout")
                elif role == "anonymous":
                    ok = to_login
                else:
                    ok = status == 403
                checked.append((role, rule.endpoint, method))
                if not ok:
                    failures.append(f"{role} {method} {path}: {status} {location} (allowed={allowed})")
    assert not failures, "\n".join(failures)
    assert len(checked) >= 150


def test_methods_a_route_does_not_accept_are_refused(app, make_user, world):
    client = client_as(app, make_user, "editor")
    for path in ("/", "/login", f"/claims/{world.draft_claim_id}", f"/verdicts/{world.submitted_verdict_id}/decide"):
        for method in ("PUT", "DELETE", "PATCH"):
            assert client.open(path, method=method).status_code == 405, (method, path)


# --- other people's drafts -------------------------------------------------------------------------


def test_another_reviewers_draft_cannot_be_read_by_guessing_ids(app, make_user, world):
    snoop = client_as(app, make_user, "reviewer")
    claim_page = snoop.get(f"/claims/{world.draft_claim_id}")
    assert claim_page.status_code == 200
    assert DRAFT_MARK not in claim_page.data.decode()  # neither the verdict nor its history
    assert "only its author, the assignee and editors" in claim_page.data.decode()
    assert snoop.get(f"/claims/{world.draft_claim_id}/verdict").status_code == 403
    for verdict_id in (world.draft_verdict_id, world.submitted_verdict_id):
        assert snoop.get(f"/verdicts/{verdict_id}").status_code == 404  # the public page's old address
    assert snoop.get(f"/fact-checks/{world.draft_claim_id}").status_code == 404  # the public page
    assert snoop.get(f"/api/v1/fact-checks/{world.draft_claim_id}").status_code == 404  # the API
    with app.app_context():
        submitted_claim = db.session.get(Verdict, world.submitted_verdict_id).claim_id
    assert DRAFT_MARK not in snoop.get(f"/claims/{submitted_claim}").data.decode()
    assert snoop.get("/reports/verdicts?internal=y").status_code == 403
    for address in (
        "/reports/verdicts",
        "/reports/verdicts.csv",
        "/reports/verdicts.json",
        "/queue/mine",
        "/queue/unassigned",
        f"/articles/{world.article_id}",
    ):
        response = snoop.get(address)
        assert DRAFT_MARK not in response.get_data(as_text=True), address
        response.close()


def test_the_author_and_editors_see_the_draft(app, make_user, world):
    owner = app.test_client()
    log_in(owner, world.owner_email)
    assert DRAFT_MARK in owner.get(f"/claims/{world.draft_claim_id}").data.decode()
    assert DRAFT_MARK in owner.get(f"/claims/{world.draft_claim_id}/verdict").data.decode()
    editor = client_as(app, make_user, "editor")
    assert DRAFT_MARK in editor.get(f"/claims/{world.draft_claim_id}").data.decode()


# --- four eyes ---------------------------------------------------------------------------------------


def test_the_four_eyes_rule_holds_against_direct_posts(app, make_user, world):
    """An editor who proposes a verdict cannot approve or return it, however the request is made."""
    proposer = make_user("editor")
    client = app.test_client()
    log_in(client, proposer.email)
    with app.app_context():
        claim = db.session.get(Claim, world.new_claim_id)
        some_evidence(claim, user(proposer.id))
        db.session.commit()
    assert client.post(f"/claims/{world.new_claim_id}/take").status_code == 302
    response = client.post(
        f"/claims/{world.new_claim_id}/verdict",
        data={"rating_id": str(rating_id(app, "False")), "summary": "Mine", "rationale": "Mine", "propose": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == world.new_claim_id))
        verdict_id, version = verdict.id, verdict.version_id
    for data in (
        {"version": version, "approve": "y"},
        {"version": version, "send_back": "y", "comment": "x"},
        {"version": version + 1, "approve": "y"},
        {"version": version, "approve": "y", "author_id": 1},
    ):
        assert client.post(f"/verdicts/{verdict_id}/decide", data=data).status_code == 403, data
    reviewer = client_as(app, make_user, "reviewer")
    assert reviewer.post(f"/verdicts/{verdict_id}/decide", data={"version": version, "approve": "y"}).status_code == 403
    with app.app_context():
        assert db.session.get(Verdict, verdict_id).state == "submitted"
    second = client_as(app, make_user, "admin")
    assert second.post(f"/verdicts/{verdict_id}/decide", data={"version": version, "approve": "y"}).status_code == 302
    with app.app_context():
        assert db.session.get(Verdict, verdict_id).state == "published"


def rating_id(app, name: str) -> int:
    with app.app_context():
        return rating(name).id


def test_an_editor_demoted_to_reviewer_is_refused_the_editors_queue_at_once(app, make_user):
    editor = make_user("editor")
    client = app.test_client()
    log_in(client, editor.email)
    assert client.get("/queue/approval").status_code == 200
    with app.app_context():
        user(editor.id).role = "reviewer"
        db.session.commit()
    assert client.get("/queue/approval").status_code == 403


def test_the_queue_rating_filter_does_not_tell_another_reviewer_what_a_hidden_draft_says(app, make_user, world):
    """An editor puts the claim with the owner's draft ("False") back into the unassigned pool: filtering that
    queue by each rating in turn must not single the claim out under the draft's rating."""
    editor = make_user("editor")
    with app.app_context():
        claim = db.session.get(Claim, world.draft_claim_id)
        review.reassign(claim, user(editor.id), None)
        db.session.commit()
        ratings = [r.id for r in db.session.scalars(review.active_ratings())]
    marker = f'/claims/{world.draft_claim_id}"'
    snoop = client_as(app, make_user, "reviewer")
    assert marker in snoop.get("/queue/unassigned").get_data(as_text=True)
    for rating_value in ratings:
        assert marker not in snoop.get(f"/queue/unassigned?rating={rating_value}").get_data(as_text=True), rating_value
    owner = app.test_client()
    log_in(owner, world.owner_email)
    assert marker in owner.get(f"/queue/unassigned?rating={rating_id(app, 'False')}").get_data(as_text=True)
    assert marker in client_as(app, make_user, "editor").get(
        f"/queue/unassigned?rating={rating_id(app, 'False')}"
    ).get_data(as_text=True)

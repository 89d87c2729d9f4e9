"""The review workflow through the browser's forms, including refusals posted directly."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Claim
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review.models import Verdict
from tests.conftest import log_in
from tests.review_helpers import chambers_claim, rating


def claim_id_of(app, article_id) -> int:
    with app.app_context():
        return chambers_claim(article_id).id


def rating_id(app, name) -> int:
    with app.app_context():
        return rating(name).id


def version_of(app, model, row_id) -> int:
    with app.app_context():
        return db.session.get(model, row_id).version_id


EVIDENCE = {
    "url": "https://example.org/profile",
    "title": "No record of an analyst by that name",
    "publisher": "Example Registry",
    "published_on": "",
    "accessed_on": "2024-11-20",
    "excerpt": "No matching entry.",
    "stance": "refutes",
    "kind": "primary",
    "note": "Searched think-tank staff lists.",
}


def test_queue_pages_render(reviewer_client, demo_article):
    unassigned = reviewer_client.get("/queue/unassigned")
    assert unassigned.status_code == 200 and b"Claim next" in unassigned.data
    page = unassigned.data.decode()
    # Unverified named people first.
    assert page.index("By crossing this threshold") < page.index("The Russian Defense Ministry confirmed")
    assert reviewer_client.get("/queue/mine").status_code == 200
    filtered = reviewer_client.get("/queue/unassigned?status=anonymous").data.decode()
    assert "Critics, however" in filtered and "By crossing this threshold" not in filtered
    # Reviewers are refused the editors' queue.
    assert reviewer_client.get("/queue/approval").status_code == 403


def test_a_fact_checker_takes_the_chambers_quote_to_a_published_verdict(app, client, make_user, demo_article):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, reviewer.email)
    # Claim next gives the most urgent claim: an unverified named source.
    response = client.post("/queue/claim-next")
    assert response.status_code == 302
    with app.app_context():
        first = db.session.get(Claim, int(response.headers["Location"].rsplit("/", 1)[1]))
        assert first.status == "unverified_named" and first.assignee_id == reviewer.id
    client.post(f"/claims/{claim_id}/take")
    assert client.post(f"/claims/{claim_id}/evidence/new", data=EVIDENCE).status_code == 302
    page = client.get(f"/claims/{claim_id}").data.decode()
    assert "No record of an analyst by that name" in page and "refutes" in page
    form = {
        "rating_id": rating_id(app, "False"),
        "summary": "Analyst warns U.S. move risks war with NATO",
        "rationale": "The quoted analyst cannot be found.",
        "version": "",
        "propose": "1",
    }
    assert client.post(f"/claims/{claim_id}/verdict", data=form).status_code == 302
    client.post("/logout")

    log_in(client, editor.email)
    queue = client.get("/queue/approval").data.decode()
    assert "Analyst warns U.S. move risks war with NATO" in queue
    with app.app_context():
        verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == claim_id))
        verdict_id, version = verdict.id, verdict.version_id
    response = client.post(f"/verdicts/{verdict_id}/decide", data={"version": version, "approve": "1"})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim_id}").data.decode()
    assert "Published:" in page and "approved by " + editor.email in page
    assert "verdict approved" in page  # the history
    assert f"assignee: — → {reviewer.email}" in page and "rating: False;" in page  # ids shown by name


def test_reviewers_cannot_approve_by_posting_directly(app, client, make_user, demo_article):
    reviewer, other = make_user("reviewer"), make_user("reviewer")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, reviewer.email)
    client.post(f"/claims/{claim_id}/take")
    client.post(
        f"/claims/{claim_id}/verdict",
        data={"rating_id": rating_id(app, "Unverifiable"), "summary": "s", "rationale": "r", "propose": "1"},
    )
    with app.app_context():
        verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == claim_id))
    response = client.post(f"/verdicts/{verdict.id}/decide", data={"version": verdict.version_id, "approve": "1"})
    assert response.status_code == 403 and b"Only editors" in response.data
    client.post("/logout")
    log_in(client, other.email)
    response = client.post(
        f"/claims/{claim_id}/verdict", data={"rating_id": "", "summary": "mine now", "rationale": "", "save": "1"}
    )
    assert response.status_code == 422 or response.status_code == 403
    with app.app_context():
        assert db.session.get(Verdict, verdict.id).state == "submitted"


def test_an_editor_cannot_approve_their_own_proposal(app, client, make_user, demo_article):
    editor = make_user("editor")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, editor.email)
    client.post(f"/claims/{claim_id}/take")
    client.post(
        f"/claims/{claim_id}/verdict",
        data={"rating_id": rating_id(app, "Unverifiable"), "summary": "s", "rationale": "r", "propose": "1"},
    )
    with app.app_context():
        verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == claim_id))
    response = client.post(f"/verdicts/{verdict.id}/decide", data={"version": verdict.version_id, "approve": "1"})
    assert response.status_code == 403 and b"four-eyes" in response.data


def test_proposing_without_evidence_says_so_and_keeps_the_text(app, reviewer_client, demo_article):
    claim_id = claim_id_of(app, demo_article)
    reviewer_client.post(f"/claims/{claim_id}/take")
    response = reviewer_client.post(
        f"/claims/{claim_id}/verdict",
        data={
            "rating_id": rating_id(app, "False"),
            "summary": "Short",
            "rationale": "My careful rationale.",
            "propose": "1",
        },
    )
    assert response.status_code == 422
    assert "needs at least one evidence item" in response.data.decode()
    assert "My careful rationale." in response.data.decode()


def test_a_stale_verdict_form_gets_a_409_that_keeps_the_users_text(app, client, make_user, demo_article):
    reviewer = make_user("reviewer")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, reviewer.email)
    client.post(f"/claims/{claim_id}/take")
    client.post(
        f"/claims/{claim_id}/verdict", data={"rating_id": "", "summary": "first", "rationale": "one", "save": "1"}
    )
    with app.app_context():
        verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == claim_id))
        stale = verdict.version_id
    client.post(
        f"/claims/{claim_id}/verdict",
        data={"rating_id": "", "summary": "second", "rationale": "two", "save": "1", "version": stale},
    )
    response = client.post(
        f"/claims/{claim_id}/verdict",
        data={"rating_id": "", "summary": "third", "rationale": "My stale text", "save": "1", "version": stale},
    )
    assert response.status_code == 409
    page = response.data.decode()
    assert "Someone else changed this" in page and "My stale text" in page and "two" in page
    with app.app_context():
        assert db.session.get(Verdict, verdict.id).rationale == "two"


def conflict_table(page: str) -> dict[str, str]:
    """The "Saved now" table of a 409 page: field → value, as the user reads them."""
    table = page[page.index('<section class="conflict"') : page.index("</section>")]
    return dict(re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", table))


def test_the_conflict_page_names_the_saved_rating_and_source(app, client, make_user, demo_article):
    """What is saved now is shown as a fact-checker reads it: the rating and the corrected source by their
    names, the corrected status by its name, never "rating id 7"."""
    reviewer = make_user("reviewer")
    claim_id = claim_id_of(app, demo_article)
    false = rating_id(app, "False")
    log_in(client, reviewer.email)
    client.post(f"/claims/{claim_id}/take")
    fields = {"rating_id": false, "summary": "Saved", "rationale": "Saved rationale", "save": "1"}
    client.post(f"/claims/{claim_id}/verdict", data=fields)
    with app.app_context():
        stale = db.session.scalar(select(Verdict.version_id).where(Verdict.claim_id == claim_id))
    client.post(f"/claims/{claim_id}/verdict", data={**fields, "rationale": "Newer", "version": stale})
    response = client.post(f"/claims/{claim_id}/verdict", data={**fields, "rationale": "Mine", "version": stale})
    assert response.status_code == 409
    saved = conflict_table(response.data.decode())
    assert saved == {"rating": "False", "summary": "Saved", "rationale": "Newer"}

    with app.app_context():
        source = chambers_claim(demo_article).attributions[0].source
        source_id, source_name = source.id, source.name
    version = version_of(app, Claim, claim_id)
    correction = {"status": "anonymous", "source_id": source_id, "reason": "Invented name", "version": version}
    assert client.post(f"/claims/{claim_id}/sourcing", data=correction).status_code == 302
    response = client.post(f"/claims/{claim_id}/sourcing", data={**correction, "reason": "Mine"})
    assert response.status_code == 409
    saved = conflict_table(response.data.decode())
    assert saved == {
        "corrected status": "anonymous",
        "corrected source": source_name,
        "correction reason": "Invented name",
    }


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi", "example.org"])
def test_evidence_links_must_be_http(app, reviewer_client, demo_article, url):
    claim_id = claim_id_of(app, demo_article)
    assert reviewer_client.post(f"/claims/{claim_id}/take").status_code == 302
    response = reviewer_client.post(f"/claims/{claim_id}/evidence/new", data={**EVIDENCE, "url": url})
    assert response.status_code == 422
    assert b"http:// or https://" in response.data
    with app.app_context():
        assert db.session.scalar(select(Evidence)) is None


def test_evidence_edit_rights_and_withdrawal_history(app, client, make_user, demo_article):
    author, other, editor = make_user("reviewer"), make_user("reviewer"), make_user("editor")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, author.email)
    assert client.post(f"/claims/{claim_id}/take").status_code == 302
    assert client.post(f"/claims/{claim_id}/evidence/new", data=EVIDENCE).status_code == 302
    with app.app_context():
        evidence_id = db.session.scalar(select(Evidence.id))
    client.post("/logout")
    log_in(client, other.email)
    version = version_of(app, Evidence, evidence_id)
    response = client.post(f"/evidence/{evidence_id}/edit", data={**EVIDENCE, "title": "Hijacked", "version": version})
    assert response.status_code == 403
    client.post("/logout")
    log_in(client, editor.email)
    response = client.post(f"/evidence/{evidence_id}/edit", data={**EVIDENCE, "title": "Edited", "version": version})
    assert response.status_code == 302
    stale = client.post(f"/evidence/{evidence_id}/edit", data={**EVIDENCE, "title": "Stale", "version": version})
    assert stale.status_code == 409 and b"Stale" in stale.data
    new_version = version_of(app, Evidence, evidence_id)
    missing_reason = client.post(f"/evidence/{evidence_id}/withdraw", data={"reason": "", "version": new_version})
    assert missing_reason.status_code == 422
    response = client.post(f"/evidence/{evidence_id}/withdraw", data={"reason": "Wrong person", "version": new_version})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim_id}").data.decode()
    assert "Withdrawn by " + editor.email in page and "Wrong person" in page
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "evidence").order_by(AuditEvent.id)
        ).all()
        assert actions == ["evidence.added", "evidence.edited", "evidence.withdrawn"]
        edited = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "evidence.edited"))
        assert edited.before == {"title": EVIDENCE["title"]} and edited.after == {"title": "Edited"}
        assert edited.user_id == editor.id


def test_sourcing_correction_through_the_form(app, reviewer_client, demo_article):
    claim_id = claim_id_of(app, demo_article)
    assert reviewer_client.get(f"/claims/{claim_id}/sourcing").status_code == 200
    version = version_of(app, Claim, claim_id)
    missing = reviewer_client.post(
        f"/claims/{claim_id}/sourcing", data={"status": "anonymous", "reason": "", "version": version}
    )
    assert missing.status_code == 422
    response = reviewer_client.post(
        f"/claims/{claim_id}/sourcing", data={"status": "anonymous", "reason": "Invented name", "version": version}
    )
    assert response.status_code == 302
    page = reviewer_client.get(f"/claims/{claim_id}").data.decode()
    assert "automatic:" in page and "Invented name" in page
    stale = reviewer_client.post(
        f"/claims/{claim_id}/sourcing", data={"status": "sourced", "reason": "Other view", "version": version}
    )
    assert stale.status_code == 409 and "Other view" in stale.data.decode()


def test_the_source_registry_and_identity_checks(app, reviewer_client, demo_article):
    page = reviewer_client.get("/sources/").data.decode()
    assert "Robert Chambers" in page and "identity not established" in page
    with app.app_context():
        claim = chambers_claim(demo_article)
        source_id = claim.attributions[0].source_id
        claim_id = claim.id
    no_link = reviewer_client.post(f"/sources/{source_id}", data={"result": "verified", "note": "Found him."})
    assert no_link.status_code == 422 and b"needs a link" in no_link.data
    response = reviewer_client.post(
        f"/sources/{source_id}",
        data={"result": "verified", "evidence_url": "https://example.org/staff/chambers", "note": "Staff page."},
    )
    assert response.status_code == 302
    claim_page = reviewer_client.get(f"/claims/{claim_id}").data.decode()
    assert "identity: verified" in claim_page
    assert re.search(r'badge status-sourced">sourced', claim_page)  # a verified analyst's quote counts as sourced
    reviewer_client.post(f"/sources/{source_id}", data={"result": "unverifiable", "note": "Page gone."})
    claim_page = reviewer_client.get(f"/claims/{claim_id}").data.decode()
    assert "could not be verified" in claim_page
    assert re.search(r'badge status-unverified_named">named, identity not established', claim_page)


def test_editors_reassign_and_reviewers_cannot(app, client, make_user, demo_article):
    reviewer, other, editor = make_user("reviewer"), make_user("reviewer"), make_user("editor")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, reviewer.email)
    client.post(f"/claims/{claim_id}/take")
    response = client.post(f"/claims/{claim_id}/assign", data={"assignee_id": other.id})
    assert response.status_code == 403
    client.post("/logout")
    log_in(client, editor.email)
    assert client.post(f"/claims/{claim_id}/assign", data={"assignee_id": other.id}).status_code == 302
    with app.app_context():
        assert db.session.get(Claim, claim_id).assignee_id == other.id


def test_audit_events_are_append_only(app, demo_article, make_user):
    from factcheck.review import operations as ops
    from tests.review_helpers import user

    reviewer_id = make_user("reviewer").id
    with app.app_context():
        ops.take_claim(chambers_claim(demo_article), user(reviewer_id))
        db.session.commit()
        event = db.session.scalar(select(AuditEvent))
        assert event.action == "claim.taken" and event.after["assignee_id"] == reviewer_id
        event.action = "tampered"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(AuditEvent)))
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.flush()


def test_a_form_without_a_version_cannot_overwrite_a_saved_draft(app, client, make_user, demo_article):
    reviewer = make_user("reviewer")
    claim_id = claim_id_of(app, demo_article)
    log_in(client, reviewer.email)
    client.post(f"/claims/{claim_id}/take")
    # Tab B saves a draft; tab A, opened before any draft existed, has no version to send.
    client.post(
        f"/claims/{claim_id}/verdict", data={"rating_id": "", "summary": "B", "rationale": "from tab B", "save": "1"}
    )
    response = client.post(
        f"/claims/{claim_id}/verdict", data={"rating_id": "", "summary": "A", "rationale": "from tab A", "save": "1"}
    )
    assert response.status_code == 409 and "from tab A" in response.data.decode()
    with app.app_context():
        assert db.session.scalar(select(Verdict.rationale).where(Verdict.claim_id == claim_id)) == "from tab B"
    version = version_of(app, Claim, claim_id)
    no_version = client.post(f"/claims/{claim_id}/sourcing", data={"status": "anonymous", "reason": "x"})
    assert no_version.status_code == 409
    assert version_of(app, Claim, claim_id) == version


# --- every page shows the data as it is now -----------------------------------------------------------


def first_new_claim(app, article_id: int) -> tuple[int, str]:
    """(id, text) of the article's first claim nobody has taken."""
    with app.app_context():
        claim = db.session.scalars(
            select(Claim).where(Claim.article_id == article_id, Claim.review_state == "new").order_by(Claim.id)
        ).first()
        return claim.id, claim.text


def test_a_claim_taken_by_someone_else_leaves_the_queue_at_once(app, make_user, demo_article):
    viewer, other = app.test_client(), app.test_client()
    log_in(viewer, make_user("reviewer").email)
    log_in(other, make_user("reviewer").email)
    claim_id, claim_text = first_new_claim(app, demo_article)
    assert claim_text.split()[0] in viewer.get("/queue/unassigned").get_data(as_text=True)
    queue_before = viewer.get("/queue/unassigned").get_data(as_text=True)
    assert f"/claims/{claim_id}" in queue_before

    assert other.post(f"/claims/{claim_id}/take").status_code == 302

    assert f'href="/claims/{claim_id}"' not in viewer.get("/queue/unassigned").get_data(as_text=True)


def test_a_claim_taken_in_another_worker_process_is_shown_taken_at_once(make_app, app, make_user, demo_article):
    """Two apps on one database stand for two gunicorn workers."""
    second_worker = make_app()
    reviewer = make_user("reviewer")
    here, there = app.test_client(), second_worker.test_client()
    log_in(here, reviewer.email)
    claim_id, _ = first_new_claim(app, demo_article)
    url = f"/claims/{claim_id}"
    assert "Take this claim" in here.get(url).get_data(as_text=True)

    log_in(there, reviewer.email)
    assert there.post(f"/claims/{claim_id}/take").status_code == 302

    assert "Take this claim" not in here.get(url).get_data(as_text=True)


def test_a_message_to_flash_is_shown_once_on_the_page_it_leads_to(app, reviewer_client):
    """Claim next on an empty queue writes nothing and sends the user back to the queue page, which must
    still say why, once."""
    queue = "/queue/unassigned"
    assert reviewer_client.get(queue).status_code == 200
    response = reviewer_client.post("/queue/claim-next")
    assert response.status_code == 302 and response.headers["Location"] == queue
    assert "No unassigned claims left." in reviewer_client.get(queue).get_data(as_text=True)
    assert "No unassigned claims left." not in reviewer_client.get(queue).get_data(as_text=True)


def test_the_queues_filter_by_words_of_an_articles_title_or_outlet(app, reviewer_client, demo_article):
    """The filter takes what a fact-checker remembers of an article (a word of its title or its outlet, any case),
    not its number; the newest titles are offered as type-ahead; % and _ are plain characters."""
    from factcheck.articles.operations import ArticleData, ingest_article

    with app.app_context():
        other = ingest_article(
            ArticleData(
                text="The council approved the budget, the mayor said on Tuesday.",
                title="Council budget",
                outlet="Springfield Gazette",
            )
        ).article
        db.session.commit()
        other_claims = {c.id for c in other.claims}
        demo_claims = set(db.session.scalars(select(Claim.id).where(Claim.article_id == demo_article)))

    def listed(query: str) -> set[int]:
        page = reviewer_client.get(f"/queue/unassigned?{query}").get_data(as_text=True)
        return {int(found) for found in re.findall(r'href="/claims/(\d+)"', page)}

    assert listed("article_text=GAZETTE") == other_claims
    assert listed("article_text=atacms") <= demo_claims and listed("article_text=atacms")
    assert listed("article_text=%25") == set()
    page = reviewer_client.get("/queue/unassigned").get_data(as_text=True)
    assert '<option value="Council budget"></option>' in page and 'list="article-titles"' in page


def test_the_source_registry_says_which_articles_each_source_appears_in(app, reviewer_client, demo_article):
    """Anonymous groups are one registry row per article that leaves them anonymous: each row names its
    articles, so two "Critics" rows are told apart; past three articles the rest are counted."""
    from factcheck.articles.operations import ArticleData, ingest_article

    text = (
        "Critics argue that the plan cuts too deeply into library funding, and the council disagreed. "
        "The Springfield Public Library said in a statement that three branches would close."
    )
    titles = [f"Library budget, part {n}" for n in range(1, 6)]
    with app.app_context():
        for n, title in enumerate(titles):
            ingest_article(ArticleData(text=f"{text} Meeting {n + 1} ended late.", title=title))
        db.session.commit()
    page = reviewer_client.get("/sources/?q=critics").get_data(as_text=True)
    rows = [row for row in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "<td>" in row]
    critics = [row for row in rows if ">Critics</a>" in row]
    assert len(critics) >= len(titles), rows
    for title in titles:  # each article's Critics row names that article
        assert sum(f">{title}</a>" in row for row in critics) == 1, title
    library = reviewer_client.get("/sources/?q=springfield").get_data(as_text=True)
    row = next(row for row in re.findall(r"<tr>(.*?)</tr>", library, re.S) if "Springfield Public Library" in row)
    named = [title for title in titles if f">{title}</a>" in row]
    assert set(named) == set(titles[-3:]) and "and 2 more articles" in row  # the newest three, then a count

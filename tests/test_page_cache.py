"""The page cache (factcheck/pagecache.py): a second read of an unchanged page is cheap, and no page is ever
served after the data behind it changed, whoever changed it, in whichever process."""

from __future__ import annotations

from sqlalchemy import select, text

from factcheck import pagecache, security
from factcheck.articles.models import Claim
from factcheck.articles.operations import ArticleData, ingest_article
from factcheck.auth.models import User
from factcheck.extensions import db
from factcheck.pagecache import DataVersion
from factcheck.review import operations as ops
from tests.conftest import log_in
from tests.test_query_counts import counted


def version(app) -> int:
    with app.app_context():
        value = db.session.scalar(select(DataVersion.value))
        db.session.remove()
        return value


def statements(app, client, url: str) -> tuple[int, str]:
    """(SQL statements run, body) for one GET."""
    seen, body = statement_list(app, client, url)
    return len(seen), body


def statement_list(app, client, url: str) -> tuple[list[str], str]:
    """(SQL statements run, body) for one GET."""
    with counted(app) as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return seen, response.get_data(as_text=True)


def first_claim(app, article_id: int) -> tuple[int, str]:
    with app.app_context():
        claim = db.session.scalars(
            select(Claim).where(Claim.article_id == article_id, Claim.review_state == "new").order_by(Claim.id)
        ).first()
        return claim.id, claim.text


def test_a_second_read_is_served_from_the_cache(app, reviewer_client, demo_article):
    url = f"/articles/{demo_article}"
    rendered, first = statements(app, reviewer_client, url)
    cached, second = statements(app, reviewer_client, url)
    assert second == first
    # One statement, the data version: not even the user is loaded (see the next tests for why that is safe).
    assert cached == 1 < rendered


def test_the_version_is_read_before_anything_the_page_shows(app, reviewer_client, demo_article):
    """Read after the user or the page's rows, a version could be newer than what the page shows."""
    url = f"/articles/{demo_article}"
    for _ in range(2):  # rendered, then cached
        seen, _ = statement_list(app, reviewer_client, url)
        assert "data_version" in seen[0] and all("data_version" not in statement for statement in seen[1:])


def test_a_logged_out_session_replayed_gets_no_cached_page(app, make_user, demo_article):
    url = f"/articles/{demo_article}"
    client = app.test_client()
    log_in(client, make_user().email)
    client.get(url)
    client.get(url)  # cached for this session
    stolen = client.get_cookie("session").value
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_page_cached_for_an_editor_is_refused_once_they_are_not_one(app, make_user):
    editor = make_user("editor")
    client = app.test_client()
    log_in(client, editor.email)
    assert client.get("/queue/approval").status_code == 200
    assert client.get("/queue/approval").status_code == 200  # cached
    with app.app_context():
        db.session.get(User, editor.id).role = "reviewer"
        db.session.commit()
    assert client.get("/queue/approval").status_code == 403


def test_an_expired_session_gets_no_cached_page(app, reviewer_client, demo_article):
    url = f"/articles/{demo_article}"
    reviewer_client.get(url)
    reviewer_client.get(url)  # cached
    with reviewer_client.session_transaction() as session:
        session[security.SEEN_AT] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 1
    response = reviewer_client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_session_due_its_idle_clock_update_still_gets_its_cached_page(app, reviewer_client, demo_article):
    url = f"/articles/{demo_article}"
    rendered, first = statements(app, reviewer_client, url)
    with reviewer_client.session_transaction() as session:
        session[security.SEEN_AT] -= security.SEEN_RESOLUTION_SECONDS
    with counted(app) as seen:
        response = reviewer_client.get(url)
    assert response.get_data(as_text=True) == first
    assert len(seen) == 2 < rendered  # the version, then the user (for the session's checks); no rendering
    assert "session=" in response.headers.get("Set-Cookie", "")  # the idle clock moved on


def test_every_kind_of_write_bumps_the_version_and_a_refused_one_does_not(app, make_user, demo_text):
    start = version(app)
    reviewer = make_user("reviewer")  # ORM flush
    assert version(app) == start + 1
    with app.app_context():
        ingest_article(ArticleData(text=demo_text))  # ORM flush plus Core executemany
        db.session.commit()
    assert version(app) == start + 2
    with app.app_context():
        db.session.execute(text("UPDATE claim SET priority = priority"))  # a statement the ORM cannot see into
        db.session.commit()
    assert version(app) == start + 3
    with app.app_context():
        db.session.execute(select(Claim.id)).all()  # reading only
        db.session.commit()
        ops.claim_next(db.session.get(type(reviewer), reviewer.id))
        db.session.rollback()  # a write that did not happen
        db.session.commit()
    assert version(app) == start + 3


def test_a_write_by_someone_else_is_seen_at_once(app, make_user, demo_article):
    viewer, other = app.test_client(), app.test_client()
    log_in(viewer, make_user("reviewer").email)
    log_in(other, make_user("reviewer").email)
    claim_id, claim_text = first_claim(app, demo_article)
    assert claim_text.split()[0] in viewer.get("/queue/unassigned").get_data(as_text=True)
    queue_before = viewer.get("/queue/unassigned").get_data(as_text=True)
    assert f"/claims/{claim_id}" in queue_before

    assert other.post(f"/claims/{claim_id}/take").status_code == 302

    assert f'href="/claims/{claim_id}"' not in viewer.get("/queue/unassigned").get_data(as_text=True)


def test_a_write_in_another_worker_process_is_seen_at_once(make_app, app, make_user, demo_article):
    """Two apps on one database stand for two gunicorn workers, each with its own cache."""
    second_worker = make_app()
    user = make_user("reviewer")
    here, there = app.test_client(), second_worker.test_client()
    log_in(here, user.email)
    claim_id, _ = first_claim(app, demo_article)
    url = f"/claims/{claim_id}"
    assert "Take this claim" in here.get(url).get_data(as_text=True)
    assert "Take this claim" in here.get(url).get_data(as_text=True)  # now cached in this worker

    log_in(there, user.email)
    assert there.post(f"/claims/{claim_id}/take").status_code == 302

    page = here.get(url).get_data(as_text=True)
    assert "Take this claim" not in page


def test_an_import_from_the_command_line_is_seen_at_once(app, reviewer_client, tmp_path, demo_text):
    assert "No articles yet" in reviewer_client.get("/").get_data(as_text=True)
    path = tmp_path / "wire.txt"
    path.write_text(demo_text, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-article", str(path)])
    assert result.exit_code == 0, result.output
    assert "No articles yet" not in reviewer_client.get("/").get_data(as_text=True)


def test_each_session_gets_its_own_page(app, make_user, demo_article):
    """Pages carry the user's name and the session's CSRF tokens: never served to another session."""
    url = f"/articles/{demo_article}"
    first, second = app.test_client(), app.test_client()
    anna = make_user("reviewer")
    log_in(first, anna.email)
    log_in(second, make_user("editor").email)
    first.get(url)
    assert anna.email not in second.get(url).get_data(as_text=True)
    # The same user in another browser: another session, another CSRF secret, another entry.
    third = app.test_client()
    log_in(third, anna.email)
    with app.app_context():
        cache = pagecache.page_cache()
        before = len(cache)
    third.get(url)
    assert len(cache) == before + 1


def test_a_message_to_flash_is_never_swallowed_by_a_cached_page(app, reviewer_client):
    """Claim next on an empty queue writes nothing and sends the user back to the (cached) queue page,
    which must still say why."""
    queue = "/queue/unassigned"
    reviewer_client.get(queue)
    reviewer_client.get(queue)  # cached
    response = reviewer_client.post("/queue/claim-next")
    assert response.status_code == 302 and response.headers["Location"] == queue
    assert "No unassigned claims left." in reviewer_client.get(queue).get_data(as_text=True)
    assert "No unassigned claims left." not in reviewer_client.get(queue).get_data(as_text=True)


def test_the_cache_can_be_turned_off(make_app):
    assert make_app(PAGE_CACHE_ENTRIES=0).extensions[pagecache.EXTENSION] is None


def test_without_the_version_row_nothing_is_cached(app, reviewer_client, demo_article):
    with app.app_context():
        db.session.execute(DataVersion.__table__.delete())
        db.session.commit()
        cache = pagecache.page_cache()
    url = f"/articles/{demo_article}"
    rendered, _ = statements(app, reviewer_client, url)
    assert statements(app, reviewer_client, url)[0] == rendered
    assert len(cache) == 0


def test_a_page_rendered_past_the_cache_reads_in_a_transaction(app, reviewer_client, demo_article):
    """With a message to flash the page renders without a cache key; on PostgreSQL the lookup's statement
    ran outside a transaction, and the report's streamed query needs one."""
    with reviewer_client.session_transaction() as session:
        session["_flashes"] = [("info", "Saved elsewhere.")]
    response = reviewer_client.get(f"/articles/{demo_article}/sourcing")
    assert response.status_code == 200
    assert "Saved elsewhere." in response.get_data(as_text=True)

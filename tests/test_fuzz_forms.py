"""Random values posted to every form: never a 500, every refusal says why, and a refused request leaves
the database exactly as it was.

The values are what a careless paste, a broken client or a hostile one sends: very long strings, control
characters and NUL (PostgreSQL refuses NUL in text), lone surrogates (sent as the invalid UTF-8 they
encode to), numbers and garbage where ids and dates are expected, dates out of range, missing fields, and
uploads of random bytes. A request counts as accepted when it redirects with a success message; anything
else is a refusal and must say why, in a field error, a form error, a flashed message or an error page.
"""

from __future__ import annotations

import html
import io
import re
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.models import Rating
from factcheck.sources.models import Source
from tests.conftest import PASSWORD, log_in
from tests.db_snapshot import snapshot
from tests.review_helpers import chambers_claim, rating, some_evidence, user

# Modest: the suite runs on two databases in CI, and each example is a request and two table snapshots.
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SPECIAL = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\t",
        "None",
        "null",
        "-1",
        "0",
        "1",
        "2",
        "3.5",
        "0x10",
        "1e309",
        "NaN",
        "99999999999999999999",
        "-99999999999999999999",
        "2024-02-30",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "-0001-01-01",
        "2024-13-01",
        "24-11-20",
        "2024-11-20T10:00",
        "http://",
        "https://",
        "https://example.org",
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "<script>alert(1)</script>",
        "'; DROP TABLE claim; --",
        "\ud800",
        "a\udfffb",
        "\u202e\u200b",
        "\ufeff",
    ]
)
CONTROL = st.text(
    alphabet=st.one_of(st.characters(min_codepoint=0, max_codepoint=0x1F), st.sampled_from("\x7f\ud800\udfff")),
    min_size=1,
    max_size=4,
)
LONG = st.builds(
    lambda unit, times: unit * times,
    st.sampled_from(["a", "é", "\U0001f600", "\x00", "https://x.org/", " ", "7"]),
    st.integers(min_value=60, max_value=6000),
)
VALUE = st.one_of(SPECIAL, st.text(max_size=40), CONTROL, LONG, st.integers().map(str))


def field(*good: str):
    """A form field: missing (None), a nasty value, a good value, or a good value with a control char in it."""
    if not good:
        return st.one_of(st.none(), VALUE)
    good_values = st.sampled_from(good)
    spiked = st.builds(
        lambda value, bad, at: value[:at] + bad + value[at:],
        good_values,
        CONTROL,
        st.integers(min_value=0, max_value=40),
    )
    return st.one_of(st.none(), VALUE, good_values, spiked, spiked)


def form(**good: tuple[str, ...]):
    """A valid form with up to three of its fields broken, so each bad value meets the code behind the
    validators it passes (a form with every field random is refused by the first check it meets)."""

    @st.composite
    def build(draw):
        values = {name: draw(st.sampled_from(choices)) for name, choices in good.items()}
        for name in draw(st.lists(st.sampled_from(sorted(good)), max_size=3, unique=True)):
            values[name] = draw(field(*good[name]))
        return values

    return build()


def as_form_body(fields: dict[str, str | None]) -> str:
    """URL-encoded body; lone surrogates become the invalid UTF-8 bytes they encode to."""
    pairs = [(key, value.encode("utf-8", "surrogatepass")) for key, value in fields.items() if value is not None]
    return urlencode(pairs)


def post(client, url: str, fields: dict[str, str | None]):
    return client.post(url, data=as_form_body(fields), content_type="application/x-www-form-urlencoded")


MESSAGE_PATTERNS = (
    re.compile(r'<p class="error"[^>]*>(.*?)</p>', re.S),
    re.compile(r'<p class="flash flash-\w+"[^>]*>(.*?)</p>', re.S),
    re.compile(r'<section class="narrow">\s*<h1>.*?</h1>\s*<p>(.*?)</p>', re.S),
    re.compile(r'role="alert"[^>]*>(.*?)</(?:p|section|div)>', re.S),
)


def readable(message: str) -> bool:
    """A sentence for people: a few words, no traceback or object repr."""
    text = html.unescape(re.sub(r"<[^>]+>", "", message)).strip()
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 2 and "Traceback" not in text and " object at 0x" not in text


def pop_flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return session.pop("_flashes", [])


def check(app, client, response, before, *, accepted: bool | None = None) -> bool:
    """Assert the properties; returns whether the request was accepted (it then may change things)."""
    body = response.get_data(as_text=True)
    assert response.status_code < 500, body[:2000]
    flashes = pop_flashes(client) if response.status_code in (302, 303) else []
    if accepted is None:
        accepted = response.status_code in (302, 303) and any(category == "success" for category, _ in flashes)
    if accepted:
        return True
    messages = [message for pattern in MESSAGE_PATTERNS for message in pattern.findall(body)]
    messages += [message for _, message in flashes]
    assert any(readable(message) for message in messages), (
        f"refused with {response.status_code} without saying why: {messages} {body[:1500]}"
    )
    assert snapshot(app) == before, "a refused request changed the database"
    return False


# --- the world the forms act on ---------------------------------------------------------------------


@pytest.fixture
def world(app, demo_article, make_user):
    """A reviewer and an editor logged in; a taken claim with evidence; a proposed verdict on another."""
    reviewer, editor = make_user("reviewer"), make_user("editor")
    reviewer_client, editor_client = app.test_client(), app.test_client()
    assert log_in(reviewer_client, reviewer.email).status_code == 302
    assert log_in(editor_client, editor.email).status_code == 302
    with app.app_context():
        author = user(reviewer.id)
        claim = chambers_claim(demo_article)
        ops.take_claim(claim, author)
        evidence = some_evidence(claim, author)
        from factcheck.claims.models import Claim

        proposed_claim = db.session.scalar(
            select(Claim).where(Claim.article_id == demo_article, Claim.text.contains("Rutherford"))
        )
        ops.take_claim(proposed_claim, author)
        proposed = ops.save_verdict(
            proposed_claim, author, ops.VerdictInput(rating("Unverifiable").id, "A general's warning", "None.")
        )
        ops.propose_verdict(proposed, author)
        db.session.commit()
        return SimpleNamespace(
            article=demo_article,
            claim=claim.id,
            claim_version=str(claim.version_id),
            evidence=evidence.id,
            evidence_version=str(evidence.version_id),
            proposed=proposed.id,
            proposed_version=str(proposed.version_id),
            source=db.session.scalar(select(Source.id).where(Source.name == "Robert Chambers")),
            sources=[str(i) for i in db.session.scalars(select(Source.id))],
            ratings=[str(i) for i in db.session.scalars(select(Rating.id))],
            users=[str(reviewer.id), str(editor.id)],
            reviewer=reviewer,
            editor=editor,
            reviewer_client=reviewer_client,
            editor_client=editor_client,
        )


EVIDENCE_FIELDS = {
    "url": ("https://example.org/report", "http://example.org/a?b=c"),
    "title": ("Official report",),
    "publisher": ("Example Registry",),
    "published_on": ("2024-11-19",),
    "accessed_on": ("2024-11-20",),
    "excerpt": ("No matching entry.",),
    "stance": ("supports", "refutes", "context"),
    "kind": ("primary", "secondary"),
    "note": ("Searched the staff lists.",),
}


# --- the forms -----------------------------------------------------------------------------------------


@pytest.fixture
def login_account(make_user):
    """The account the login examples sometimes get right."""
    return make_user("reviewer", email="login@example.org")


@FUZZ
@given(
    data=form(
        **{
            "email": ("login@example.org", "nobody@example.org"),
            "password": (PASSWORD, "wrong password here"),
            "remember": ("y",),
        }
    )
)
def test_login(app, login_account, data):
    client = app.test_client()
    before = snapshot(app)
    response = post(client, "/login", data)
    with client.session_transaction() as session:
        logged_in = "_user_id" in session
    check(app, client, response, before, accepted=response.status_code == 302 and logged_in)


ARTICLE_TEXT = (
    "The minister said the budget rose by 4 percent last year.\n\n"
    "Critics, however, warn that the figures are misleading."
)


@FUZZ
@given(
    data=form(
        **{
            "title": ("A budget story",),
            "outlet": ("The Example Times",),
            "url": ("https://example.org/budget",),
            "published_on": ("2024-11-19",),
            "text": (ARTICLE_TEXT, "Officials said the bridge will reopen in May."),
        }
    )
)
def test_new_article_from_text(app, reviewer_client, data):
    before = snapshot(app)
    check(app, reviewer_client, post(reviewer_client, "/articles/new", data), before)


def clean(value: str | None) -> str | None:
    """Multipart bodies are encoded strictly: a lone surrogate becomes the replacement character."""
    return None if value is None else value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


UPLOAD_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        lambda text, junk, at: text[:at].encode() + junk + text[at:].encode(),
        st.sampled_from(
            [ARTICLE_TEXT, f"<html><head><title>T</title></head><body><p>{ARTICLE_TEXT}</p></body></html>"]
        ),
        st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\x01", b"", b"\xef\xbb\xbf"]),
        st.integers(min_value=0, max_value=200),
    ),
)


@FUZZ
@given(
    content=UPLOAD_BYTES,
    filename=st.one_of(
        st.sampled_from(
            [
                "article.txt",
                "article.md",
                "page.html",
                "page.htm",
                "report.pdf",
                "noextension",
                ".txt",
                "a" * 300 + ".txt",
                "ü\u202e.txt",
            ]
        ),
        st.text(max_size=30).map(lambda name: name + ".txt"),
    ),
    extra=st.fixed_dictionaries(
        {
            "title": field("Uploaded"),
            "text": st.one_of(st.none(), st.just(""), VALUE),
            "published_on": field("2024-11-19"),
            "outlet": field("Outlet"),
        }
    ),
)
def test_new_article_from_an_upload(app, reviewer_client, content, filename, extra):
    before = snapshot(app)
    data = {key: clean(value) for key, value in extra.items() if value is not None}
    data["upload"] = (io.BytesIO(content), clean(filename).replace("\x00", "") or "x.txt")
    response = reviewer_client.post("/articles/new", data=data, content_type="multipart/form-data")
    check(app, reviewer_client, response, before)


@FUZZ
@given(data=form(**EVIDENCE_FIELDS))
def test_new_evidence(app, world, data):
    before = snapshot(app)
    client = world.reviewer_client
    if not check(app, client, post(client, f"/claims/{world.claim}/evidence/new", data), before):
        return
    # Accepted: what was stored is what was sent (trimmed), whatever characters it holds.
    from factcheck.evidence.models import Evidence

    with app.app_context():
        stored = db.session.scalar(select(Evidence).order_by(Evidence.id.desc()).limit(1))
        for name in ("url", "title", "publisher", "excerpt", "note"):
            sent = data.get(name) or ""
            if not sent.isascii() and clean(sent) != sent:
                continue  # a lone surrogate went as invalid UTF-8: what arrives is Werkzeug's reading of it
            assert getattr(stored, name) == (sent.strip() or None), name
        assert (stored.stance, stored.kind) == (data["stance"], data["kind"])


@FUZZ
@given(data=form(**EVIDENCE_FIELDS, version=("1", "2")))
def test_edit_evidence(app, world, data):
    before = snapshot(app)
    client = world.reviewer_client
    check(app, client, post(client, f"/evidence/{world.evidence}/edit", data), before)


@FUZZ
@given(data=form(reason=("Duplicate of the report.",), version=("1", "7")))
def test_withdraw_evidence(app, world, data):
    before = snapshot(app)
    client = world.reviewer_client
    check(app, client, post(client, f"/evidence/{world.evidence}/withdraw", data), before)


@FUZZ
@given(data=st.data())
def test_verdict_save_and_propose(app, world, data):
    fields = data.draw(
        form(
            **{
                "rating_id": tuple(world.ratings),
                "summary": ("Analyst warns of NATO confrontation",),
                "rationale": ("No such analyst appears anywhere.",),
                "version": ("1", "2", "3"),
                "save": ("Save draft",),
                "propose": ("Propose for approval",),
            }
        )
    )
    before = snapshot(app)
    client = world.reviewer_client
    check(app, client, post(client, f"/claims/{world.claim}/verdict", fields), before)


@FUZZ
@given(data=st.data())
def test_decide(app, world, data):
    fields = data.draw(
        form(
            **{
                "comment": ("Cite the Army's records.",),
                "version": (world.proposed_version, "1", "3"),
                "approve": ("Approve and publish",),
                "send_back": ("Return to reviewer",),
            }
        )
    )
    before = snapshot(app)
    client = world.editor_client
    check(app, client, post(client, f"/verdicts/{world.proposed}/decide", fields), before)


@FUZZ
@given(data=st.data())
def test_sourcing_correction(app, world, data):
    fields = data.draw(
        form(
            **{
                "status": ("", "anonymous", "unattributed", "sourced"),
                "source_id": ("", *world.sources),
                "reason": ("The named analyst cannot be found.",),
                "version": ("1", "2", "3", "4"),
            }
        )
    )
    before = snapshot(app)
    client = world.reviewer_client
    check(app, client, post(client, f"/claims/{world.claim}/sourcing", fields), before)


@FUZZ
@given(
    data=form(
        **{
            "result": ("verified", "unverifiable", "nonexistent"),
            "evidence_url": ("https://example.org/staff", ""),
            "note": ("Searched the think tank's staff pages.",),
        }
    )
)
def test_identity_check(app, world, data):
    before = snapshot(app)
    client = world.reviewer_client
    check(app, client, post(client, f"/sources/{world.source}", data), before)


@FUZZ
@given(data=st.data())
def test_assign(app, world, data):
    fields = data.draw(form(assignee_id=("", *world.users)))
    before = snapshot(app)
    client = world.editor_client
    check(app, client, post(client, f"/claims/{world.claim}/assign", fields), before)


@FUZZ
@given(
    action=st.sampled_from(["take", "claim-next", "revise"]),
    article=field("1", "2"),
    junk=st.dictionaries(st.sampled_from(["submit", "article", "claim_id", "version"]), VALUE, max_size=3),
)
def test_take_claim_next_and_revise(app, world, action, article, junk):
    target = {
        "take": f"/claims/{world.claim + 1}/take",
        "claim-next": "/queue/claim-next",
        "revise": f"/claims/{world.claim}/revise",
    }[action]
    if article is not None:
        target += "?" + urlencode({"article": article.encode("utf-8", "surrogatepass")})
    before = snapshot(app)
    client = world.reviewer_client
    check(app, client, post(client, target, junk), before)


@FUZZ
@given(
    data=form(
        **{
            "current_password": (PASSWORD, "not my password at all"),
            "new_password": ("a much longer new passphrase", "short"),
            "confirm": ("a much longer new passphrase",),
            "new_password_confirm": ("a much longer new passphrase",),
        }
    )
)
def test_change_password(app, make_user, data):
    if "auth.password" not in {rule.endpoint for rule in app.url_map.iter_rules()}:
        pytest.skip("no password form in this version")
    account = make_user("reviewer")  # its own account each time: an accepted example changes the password
    client = app.test_client()
    assert log_in(client, account.email).status_code == 302
    before = snapshot(app)
    response = post(client, "/account/password", data)
    assert response.status_code < 500
    if response.status_code != 302:
        check(app, client, response, before, accepted=False)


COVERED = {
    "auth.login",
    "auth.logout",
    "auth.password",
    "articles.new",
    "evidence.new",
    "evidence.edit",
    "evidence.withdraw",
    "review.verdict",
    "review.decide",
    "review.sourcing",
    "review.assign",
    "review.take",
    "review.claim_next",
    "review.revise",
    "sources.detail",
}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.dictionaries(
        st.sampled_from(["name", "value", "id", "q", "submit", "version", "text"]), VALUE, max_size=4
    )
)
def test_any_other_post_form(app, world, fields):
    """Forms added later get the basic guarantees too: random fields never cause a 500."""
    client = world.editor_client
    for rule in app.url_map.iter_rules():
        if "POST" not in (rule.methods or ()) or rule.endpoint in COVERED:
            continue
        url = rule.build({name: 1 for name in rule.arguments}, append_unknown=False)[1]
        before = snapshot(app)
        response = post(client, url, fields)
        assert response.status_code < 500, (url, response.get_data(as_text=True)[:1000])
        if response.status_code >= 400:
            check(app, client, response, before, accepted=False)


SUBMIT_BUTTONS = {"save", "propose", "approve", "send_back", "submit"}


def test_a_control_character_in_any_field_is_refused_with_a_reason(app, world, login_account):
    """The deterministic companion of the properties: NUL (which PostgreSQL refuses in text) and ESC in
    each field of each form, the rest of the form valid. Every one is refused with a message."""
    evidence = {key: values[0] for key, values in EVIDENCE_FIELDS.items()}
    with app.app_context():
        false_rating = str(rating("False").id)
    cases = [
        (
            "reviewer",
            "/articles/new",
            {
                "title": "T",
                "outlet": "O",
                "url": "https://example.org/x",
                "published_on": "2024-11-19",
                "text": ARTICLE_TEXT,
            },
        ),
        ("reviewer", f"/claims/{world.claim}/evidence/new", evidence),
        ("reviewer", f"/evidence/{world.evidence}/edit", {**evidence, "version": world.evidence_version}),
        (
            "reviewer",
            f"/evidence/{world.evidence}/withdraw",
            {"reason": "Duplicate.", "version": world.evidence_version},
        ),
        (
            "reviewer",
            f"/claims/{world.claim}/verdict",
            {
                "rating_id": false_rating,
                "summary": "Analyst warns",
                "rationale": "No such analyst.",
                "save": "Save draft",
            },
        ),
        (
            "editor",
            f"/verdicts/{world.proposed}/decide",
            {"comment": "Cite the records.", "version": world.proposed_version, "send_back": "Return"},
        ),
        (
            "reviewer",
            f"/claims/{world.claim}/sourcing",
            {"status": "anonymous", "reason": "Nobody named.", "version": world.claim_version},
        ),
        (
            "reviewer",
            f"/sources/{world.source}",
            {"result": "verified", "evidence_url": "https://example.org/s", "note": "Staff page."},
        ),
        ("anonymous", "/login", {"email": login_account.email, "password": PASSWORD}),
    ]
    clients = {"reviewer": world.reviewer_client, "editor": world.editor_client, "anonymous": app.test_client()}
    for who, url, valid in cases:
        for name in sorted(set(valid) - SUBMIT_BUTTONS):
            for bad in ("\x00", "\x1b"):
                value = valid[name][:1] + bad + valid[name][1:]
                before = snapshot(app)
                client = clients[who]
                response = post(client, url, {**valid, name: value})
                assert response.status_code < 500, (url, name, repr(bad))
                check(app, client, response, before, accepted=False)


GET_FORMS = {
    "/sources/": ("q", "type", "page"),
    "/queue/unassigned": ("article", "state", "status", "rating", "assignee", "page"),
    "/queue/mine": ("article", "state", "page"),
    "/queue/approval": ("article", "rating", "page"),
    "/": ("page",),
    "/reports/sourcing": ("article", "from", "to", "internal"),
    "/reports/verdicts": ("article", "from", "to", "internal"),
}


@FUZZ
@given(data=st.data())
def test_filter_and_search_forms(app, world, data):
    """The GET forms (filters, search, page numbers) change nothing; they must never fail either."""
    url = data.draw(st.sampled_from(sorted(GET_FORMS)))
    good = ("1", "2", "anonymous", "2024-11-19")
    args = data.draw(st.fixed_dictionaries({name: field(*good) for name in GET_FORMS[url]}))
    query = as_form_body(args)
    response = world.editor_client.get(f"{url}?{query}" if query else url)
    assert response.status_code < 500, (url, args, response.get_data(as_text=True)[:1000])
    if response.status_code >= 400 and response.status_code != 404:
        check(app, world.editor_client, response, snapshot(app), accepted=False)


NO_500_URLS = [
    "/claims/99999999999999999999",
    "/articles/2147483648",
    "/sources/?q=a%00b&type=%00",
    "/?page=99999999999999999999",
    "/sources/?page=99999999999999999999",
    "/queue/approval?page=99999999999999999999",
    "/queue/unassigned?article=99999999999999999999",
    "/queue/approval?article=" + "7" * 309,
    "/reports/sourcing?article=99999999999999999999",
    "/reports/sourcing?article=%C2%B2",
]


def test_numbers_beyond_a_database_integer_and_nul_in_queries_are_no_500(app, world):
    """Each of these was a 500 on PostgreSQL ("integer out of range", NUL in a query parameter) or on both."""
    has_reports = "reports.sourcing" in {rule.endpoint for rule in app.url_map.iter_rules()}
    for url in NO_500_URLS:
        if url.startswith("/reports") and not has_reports:
            continue
        response = world.editor_client.get(url)
        assert response.status_code in (200, 404, 422), (url, response.status_code)
    response = world.reviewer_client.post("/queue/claim-next?article=99999999999999999999")
    assert response.status_code == 302


def test_an_html_page_with_over_long_metadata_is_stored_within_the_columns(app, reviewer_client):
    """A page's site name, title and canonical address may be any length; PostgreSQL refused an outlet
    over 200 characters (a 500). They are cut to the columns (a too long address is dropped)."""
    page = (
        f'<html><head><title>{"T" * 500}</title><meta property="og:site_name" content="{"S" * 400}">'
        f'<link rel="canonical" href="https://example.org/{"a" * 2100}"></head><body><article>'
        "<p>The minister said the budget rose by 4 percent last year, officials confirmed on Monday.</p>"
        "<p>Critics, however, warn that the figures are misleading and incomplete.</p></article></body></html>"
    )
    response = reviewer_client.post(
        "/articles/new", data={"upload": (io.BytesIO(page.encode()), "page.html")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        from factcheck.articles.models import Article

        article = db.session.scalar(select(Article))
        assert article.outlet == "S" * 200 and len(article.title) <= 300 and article.url is None

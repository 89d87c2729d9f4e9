"""The create-user, import-article and seed-demo commands."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from factcheck.articles.models import Article
from factcheck.auth.models import User
from factcheck.extensions import db


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- create-user -------------------------------------------------------------------------------------


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-user", "Ed@Example.org", "--role", "editor", "--password-stdin", "--name", " Ed Itor "],
        input="a sufficiently long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created editor ed@example.org." in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "ed@example.org" and user.role == "editor"
        assert user.display_name == "Ed Itor" and user.public_name == "Ed Itor"
        assert user.check_password("a sufficiently long password")
        assert "a sufficiently long password" not in user.password_hash


def test_create_user_asks_twice_on_the_terminal(app, runner):
    result = runner.invoke(args=["create-user", "r@example.org"], input="prompted password 1\nprompted password 1\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User)).role == "reviewer"


def test_create_user_refuses_bad_input_and_stores_nothing(app, runner, make_user):
    make_user(email="taken@example.org")
    cases = [
        (["create-user", "taken@example.org", "--password-stdin"], "long enough password", "already exists"),
        (["create-user", "new@example.org", "--password-stdin"], "short", "at least 12 characters"),
        (["create-user", "not-an-email", "--password-stdin"], "long enough password", "not a valid email"),
        (["create-user", "x@example.org", "--role", "owner", "--password-stdin"], "long enough password", "owner"),
    ]
    for args, password, message in cases:
        result = runner.invoke(args=args, input=password + "\n")
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)
    assert count(app, User) == 1
    nameless = runner.invoke(
        args=["create-user", "anon@example.org", "--password-stdin"], input="long enough password\n"
    )
    assert nameless.exit_code == 0
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "anon@example.org"))
        assert user.public_name == f"Reviewer #{user.id}"  # never the email


# --- import-article ----------------------------------------------------------------------------------


def test_import_one_file(app, runner, tmp_path: Path, demo_text: str):
    path = tmp_path / "demo.txt"
    path.write_text(demo_text, encoding="utf-8")
    result = runner.invoke(args=["import-article", str(path), "--outlet", "Wire", "--url", "https://example.org/a"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "1 added, 0 skipped as already present, 0 failed."
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert f"added: {path} → article {article.id} ({article.claim_count} claims)" in result.output.splitlines()
        assert article.outlet == "Wire" and article.url == "https://example.org/a"
        assert article.text == demo_text
        assert article.claim_count > 20


def test_an_article_imported_from_the_command_line_is_on_the_index_at_once(
    app, runner, reviewer_client, tmp_path: Path, demo_text: str
):
    assert "No articles yet" in reviewer_client.get("/").get_data(as_text=True)
    path = tmp_path / "wire.txt"
    path.write_text(demo_text, encoding="utf-8")
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code == 0, result.output
    assert "No articles yet" not in reviewer_client.get("/").get_data(as_text=True)


def test_import_several_files_with_a_duplicate_and_bad_files(app, runner, tmp_path: Path, demo_text: str):
    good = tmp_path / "a.txt"
    good.write_text(demo_text, encoding="utf-8")
    again = tmp_path / "b.md"
    again.write_text(demo_text.replace("\n", "\r\n"), encoding="utf-8")  # same content, other line ends
    other = tmp_path / "c.txt"
    other.write_text("The council approved the budget on Tuesday, the mayor said.\n", encoding="utf-8")
    binary = tmp_path / "d.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    latin1 = tmp_path / "e.txt"
    latin1.write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "g.txt"
    result = runner.invoke(
        args=["import-article", *(str(p) for p in (good, again, other, binary, latin1, pdf, missing))]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "2 added, 1 skipped as already present, 4 failed."
    text = result.output
    assert f"skipped: {again}: already present" in text
    assert "looks like a binary file" in text
    assert "is not UTF-8 text" in text
    assert ".pdf files are not supported" in text
    assert f"{missing}: no such file" in text
    assert count(app, Article) == 2


def test_import_refuses_a_file_over_the_size_limit(make_app, runner, tmp_path: Path):
    from factcheck.extensions import db as database

    small = make_app(MAX_CONTENT_LENGTH=100)
    with small.app_context():
        database.create_all()
    path = tmp_path / "long.txt"
    path.write_text("A sentence that is long enough. " * 10, encoding="utf-8")
    result = small.test_cli_runner().invoke(args=["import-article", str(path)])
    assert result.exit_code == 1
    assert "over the limit of 100 bytes" in result.output


def test_import_html_reduces_it_to_the_article_text(app, runner, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        """<html><head><title>Council approves budget | Example Gazette</title>
        <meta property="og:site_name" content="Example Gazette"></head>
        <body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
        <h1>Council approves budget</h1>
        <p>The city council approved a budget of 12 million dollars on Tuesday, the mayor said in a statement.</p>
        <p>Critics argue that the plan cuts too deeply into library funding and will close two branches.</p>
        <script>document.title = "pwned"</script></article><footer>Copyright Example Gazette</footer></body></html>""",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-article", str(page)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.title == "Council approves budget"
        assert article.outlet == "Example Gazette"
        assert "approved a budget" in article.text and "pwned" not in article.text
        assert "Home" not in article.text


def test_the_headline_of_an_imported_text_file_is_its_title_not_a_claim(app, runner, tmp_path: Path):
    headline = "“We will not back down,” says mayor as the strike enters its second week"
    path = tmp_path / "strike.txt"
    path.write_text(f"{headline}\n\nThe strike closed every school on Monday, the union said.\n", encoding="utf-8")
    result = runner.invoke(args=["import-article", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.title == headline
        assert [claim.text for claim in article.claims] == ["The strike closed every school on Monday, the union said."]


def test_import_url_needs_a_single_file_and_http(runner, tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One.", encoding="utf-8")
    b.write_text("Two.", encoding="utf-8")
    assert "single file" in runner.invoke(args=["import-article", str(a), str(b), "--url", "https://x.org"]).output
    assert "http://" in runner.invoke(args=["import-article", str(a), "--url", "javascript:alert(1)"]).output


# --- seed-demo ---------------------------------------------------------------------------------------


def test_seed_demo_twice_duplicates_nothing(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Loaded the demo article" in first.output
    assert first.output.count("@example.org") == 3
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output and "exist already" in second.output
    assert count(app, Article) == 1 and count(app, User) == 3
    # The printed password works.
    line = next(line for line in first.output.splitlines() if "reviewer@example.org" in line)
    password = line.split()[-1]
    client = app.test_client()
    response = client.post("/login", data={"email": "reviewer@example.org", "password": password})
    assert response.status_code == 302


def test_set_password_replaces_it_and_ends_sessions(app, runner, make_user):
    user = make_user(email="forgot@example.org")
    with app.app_context():
        old_token = db.session.get(User, user.id).session_token
    result = runner.invoke(
        args=["set-password", "Forgot@example.org", "--password-stdin"], input="a brand new long password\n"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert stored.check_password("a brand new long password")
        assert stored.session_token != old_token
    assert (
        "no account"
        in runner.invoke(
            args=["set-password", "nobody@example.org", "--password-stdin"], input="a brand new long password\n"
        ).output
    )
    assert (
        "at least 12"
        in runner.invoke(args=["set-password", "forgot@example.org", "--password-stdin"], input="short\n").output
    )

"""``flask --app factcheck seed-demo``: the demo article and accounts, created once."""

from __future__ import annotations

import secrets
from datetime import date
from importlib import resources

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from factcheck.articles.operations import ArticleData, find_duplicate, ingest_article
from factcheck.auth.models import Role, User
from factcheck.auth.operations import create_user
from factcheck.extensions import db
from factcheck.review.operations import ensure_default_ratings
from factcheck.transactions import unit_of_work
from factcheck.vocabulary import counted

DEMO_ARTICLE = ArticleData(
    text="",
    title="Ukraine fires U.S.-supplied ATACMS missiles into Russia’s Bryansk region",
    outlet="Demo article",
    published_on=date(2024, 11, 19),
)
DEMO_ACCOUNTS = (
    ("admin@example.org", Role.ADMIN, "Demo Admin"),
    ("editor@example.org", Role.EDITOR, "Demo Editor"),
    ("reviewer@example.org", Role.REVIEWER, "Demo Reviewer"),
)


def demo_text() -> str:
    """The demo article shipped with the package."""
    return resources.files("factcheck.demo").joinpath("atacms-bryansk.txt").read_text(encoding="utf-8")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the demo article and create the demo accounts, unless they exist already."""
    text = demo_text()
    if find_duplicate(text) is None:
        with unit_of_work():
            result = ingest_article(
                ArticleData(
                    text=text,
                    title=DEMO_ARTICLE.title,
                    outlet=DEMO_ARTICLE.outlet,
                    published_on=DEMO_ARTICLE.published_on,
                )
            )
        click.echo(f"Loaded the demo article ({counted(result.article.claim_count, 'claim')}).")
    else:
        click.echo("The demo article is already loaded.")

    created = []
    with unit_of_work():
        ensure_default_ratings()
        for email, role, name in DEMO_ACCOUNTS:
            if db.session.scalar(select(User).where(User.email == email)) is None:
                password = secrets.token_urlsafe(12)
                create_user(email, password, role.value, name)
                created.append((email, role.value, password))
    if created:
        click.echo("Demo accounts (these passwords are shown once; note them now):")
        for email, role_name, password in created:
            click.echo(f"  {role_name:<9} {email:<22} {password}")
    else:
        click.echo("Demo accounts exist already (admin@, editor@, reviewer@example.org).")

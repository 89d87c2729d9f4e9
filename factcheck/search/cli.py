"""``flask --app factcheck search QUERY``: the search page's results on the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from factcheck.search.queries import KINDS, MARK_END, MARK_START, SearchError, SearchFilters, checked_query, search


@click.command("search")
@click.argument("query")
@click.option("--kind", type=click.Choice(KINDS), help="Only claims, verdicts, evidence, sources or articles.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Results to print.")
@with_appcontext
def search_command(query: str, kind: str | None, limit: int) -> None:
    """Search claims, verdicts, evidence, sources and articles, best match first: one line per result
    (kind, id, score, the excerpt with [matches] in brackets). Unpublished verdicts are included."""
    try:
        query = checked_query(query)
    except SearchError as refused:
        raise click.UsageError(str(refused)) from None
    results = search(query, SearchFilters(kind=kind), None, per_page=limit)
    for hit in results.hits:
        excerpt = " ".join(hit.passage.replace(MARK_START, "[").replace(MARK_END, "]").split())
        click.echo(f"{hit.kind}\t{hit.id}\t{hit.score:.3f}\t{excerpt}")
    if not results.hits:
        click.echo("Nothing matches.", err=True)

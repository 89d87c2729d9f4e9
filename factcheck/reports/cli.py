"""``flask --app factcheck export``: the verdict exports from the command line (the same writers as the web)."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click
from flask.cli import with_appcontext

from factcheck.reports.exports import FORMATS, INTERNAL_FORMATS
from factcheck.reports.operations import ExportTooLarge, export_chunks, export_pdf
from factcheck.reports.queries import ReportScope


def _date(_ctx, _param, value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option("--article", "article_ids", type=int, multiple=True, help="An article id (repeat for several).")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), callback=_date, help="YYYY-MM-DD")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), callback=_date, help="YYYY-MM-DD")
@click.option("--internal", is_flag=True, help="The editors' internal report: unpublished work included.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: stdout).")
@with_appcontext
def export_command(fmt, article_ids, date_from, date_to, internal, output):
    """Export verdicts as CSV, JSON, ClaimReview JSON-LD, printable HTML or PDF.

    Publication formats carry published verdicts only; --internal (not with claimreview) adds each
    claim's newest unpublished revision. Dates select verdicts by their publication date.
    """
    if internal and fmt not in INTERNAL_FORMATS:
        raise click.UsageError("claimreview carries published verdicts only; leave out --internal")
    if date_from and date_to and date_to < date_from:
        raise click.UsageError("--to is before --from")
    scope = ReportScope(tuple(dict.fromkeys(article_ids)), date_from, date_to, internal)
    if fmt == "pdf":
        try:
            data = export_pdf(scope)
        except ExportTooLarge as error:
            raise click.ClickException(str(error)) from None
        if output:
            with open(output, "wb") as stream:
                stream.write(data)
        else:
            sys.stdout.buffer.write(data)
        return
    chunks = export_chunks(fmt, scope)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
    if output:
        click.echo(f"Wrote {output}", err=True)

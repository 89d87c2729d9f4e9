"""Exports as the web and the CLI both ask for them: one format, one scope, a stream of chunks.

Reads only; nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from flask import current_app

from factcheck.reports.chart import status_chart
from factcheck.reports.exports import (
    Organisation,
    claimreview_chunks,
    csv_chunks,
    json_chunks,
    render_pdf,
)
from factcheck.reports.published import fact_check_url
from factcheck.reports.queries import ReportScope, VerdictRecord, count_verdicts, iter_verdict_records
from factcheck.vocabulary import ANALYSED_STATUSES, counted


class ExportTooLarge(ValueError):
    """The report is over the PDF size limit; the streaming formats have no limit."""


def organisation() -> Organisation:
    """The fact-checking organisation named in ClaimReviews (config ``CLAIMREVIEW_ORG_*``)."""
    config = current_app.config
    return Organisation(name=config["CLAIMREVIEW_ORG_NAME"], url=config["CLAIMREVIEW_ORG_URL"])


def verdict_records(scope: ReportScope) -> Iterator[VerdictRecord]:
    """The scope's records with their public addresses, streamed."""
    return iter_verdict_records(
        scope, public_url_for=fact_check_url, batch_size=current_app.config["EXPORT_BATCH_SIZE"]
    )


def html_report_chunks(scope: ReportScope, records: Iterator[VerdictRecord], counts: dict[str, int]) -> Iterator[str]:
    """The printable verdict report as HTML, streamed from the template."""
    template = current_app.jinja_env.get_template("reports/verdict_document.html")
    return template.generate(
        scope=scope,
        records=records,
        chart=status_chart(counts, "Claims in this report by sourcing status"),
        counts=counts,
        total=sum(counts.values()),
        organisation=organisation(),
        generated_at=datetime.now(UTC),
    )


def _counts_pass(scope: ReportScope) -> dict[str, int]:
    """Sourcing counts of the claims in scope: a first streaming pass, so the chart can lead the document."""
    counts: dict[str, int] = dict.fromkeys(ANALYSED_STATUSES, 0)
    for record in verdict_records(scope):
        counts[record.sourcing_status] = counts.get(record.sourcing_status, 0) + 1
    return counts


def export_chunks(fmt: str, scope: ReportScope) -> Iterator[str]:
    """The export in ``fmt`` (csv, json, claimreview, html) as text chunks; ClaimReview is published-only."""
    if fmt == "csv":
        return csv_chunks(verdict_records(scope))
    if fmt == "json":
        return json_chunks(verdict_records(scope), scope, organisation())
    if fmt == "claimreview":
        public = ReportScope(scope.article_ids, scope.date_from, scope.date_to, internal=False)
        return claimreview_chunks(verdict_records(public), organisation())
    if fmt == "html":
        return html_report_chunks(scope, verdict_records(scope), _counts_pass(scope))
    raise ValueError(f"unknown streaming format {fmt!r}")


def check_pdf_claim_limit(scope: ReportScope) -> int:
    """The number of claims in the report; ExportTooLarge over ``REPORT_PDF_MAX_CLAIMS``."""
    limit = current_app.config["REPORT_PDF_MAX_CLAIMS"]
    total = count_verdicts(scope)
    if total > limit:
        raise ExportTooLarge(
            f"The report has {total} claims; a PDF is limited to {limit}. "
            "Narrow the articles or dates, or download CSV or JSON."
        )
    return total


def export_pdf(scope: ReportScope, progress: Callable[[int, str], None] | None = None) -> bytes:
    """The verdict report as a PDF (the HTML report, laid out), refused over ``REPORT_PDF_MAX_CLAIMS`` claims or
    ``REPORT_PDF_MAX_BYTES`` of HTML; the HTML is read only as far as the limit. ``progress(percent, step)`` is
    told when each stage begins."""
    report = progress or (lambda _percent, _step: None)
    report(5, "Counting the claims")
    total = check_pdf_claim_limit(scope)
    report(10, f"Writing the report ({counted(total, 'claim')})")
    max_bytes = current_app.config["REPORT_PDF_MAX_BYTES"]
    chunks, size = [], 0
    for chunk in html_report_chunks(scope, verdict_records(scope), _counts_pass(scope)):
        size += len(chunk.encode())
        if size > max_bytes:
            most = f"{max_bytes / 2**20:.1f} MiB" if max_bytes >= 2**20 else f"{max_bytes / 1024:,.0f} KiB"
            raise ExportTooLarge(
                f"The report ({counted(total, 'claim')}) is longer than a PDF is laid out from (at most "
                f"{most} of text). Narrow the articles or dates, or download CSV or JSON."
            )
        chunks.append(chunk)
    report(50, "Laying out the PDF")
    return render_pdf("".join(chunks), base_url=current_app.config["PUBLIC_BASE_URL"])

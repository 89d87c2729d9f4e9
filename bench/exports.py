"""Benchmark the verdict exports: rows per second and peak memory, at two sizes, in a temporary SQLite DB.

    python bench/exports.py [--scale small|full]     (or BENCH_SCALE=small|full)

small: 1,000 and 10,000 claims (well under a minute); full: 1,000 and 100,000 claims. Each export is run
twice per size: once untraced for its speed, once under tracemalloc for its peak Python memory. Streaming
shows as a peak that stays flat while the number of claims grows (the ratio line). The PDF is laid out
whole (WeasyPrint, tens of milliseconds a claim) and capped by REPORT_PDF_MAX_CLAIMS, so it is measured
on its own at 50 claims.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from config import TestConfig
from factcheck import create_app
from factcheck.articles.models import Article
from factcheck.auth.models import User
from factcheck.claims.models import Attribution, Claim
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.reports.operations import export_chunks, export_pdf
from factcheck.reports.queries import ReportScope
from factcheck.review.models import Rating, Verdict
from factcheck.sources.models import Source

SCALES = {"small": (1_000, 10_000), "full": (1_000, 100_000)}
PDF_CLAIMS = 50
STREAMING_FORMATS = ("csv", "json", "claimreview", "html")
CLAIMS_PER_ARTICLE = 50
STATUSES = ("sourced", "unverified_named", "anonymous", "hedged", "unattributed")
SCALE = [("True", 5), ("Mostly true", 4), ("Mixed", 3), ("Mostly false", 2), ("False", 1), ("Misleading", None)]


def populate(claims: int) -> None:
    """Articles of 50 claims each, every claim with a published verdict, one evidence item, most a source."""
    rng = random.Random(claims)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    db.session.execute(
        insert(User),
        [
            {"email": "bench-reviewer@example.org", "password_hash": "x", "role": "reviewer"},
            {"email": "bench-editor@example.org", "password_hash": "x", "role": "editor"},
        ],
    )
    if db.session.scalar(select(Rating.id).limit(1)) is None:
        db.session.execute(
            insert(Rating), [{"name": n, "position": p, "sort_order": i} for i, (n, p) in enumerate(SCALE)]
        )
    reviewer, editor = db.session.scalars(select(User.id).order_by(User.id)).all()
    rating_ids = db.session.scalars(select(Rating.id)).all()
    db.session.execute(
        insert(Source),
        [
            {"key": f"source {i}", "name": f"Source Person {i}", "type": "person" if i % 2 else "government"}
            for i in range(500)
        ],
    )
    source_ids = db.session.scalars(select(Source.id)).all()
    articles = claims // CLAIMS_PER_ARTICLE
    db.session.execute(
        insert(Article),
        [
            {
                "title": f"Bench article {a}",
                "outlet": "Bench Gazette",
                "url": f"https://news.example/bench/{a}",
                "published_on": (now - timedelta(days=a % 30)).date(),
                "text": f"Bench article {a}.",
                "content_hash": f"{a:064d}",
                "claim_count": CLAIMS_PER_ARTICLE,
                "created_at": now,
            }
            for a in range(articles)
        ],
    )
    articles = db.session.execute(select(Article.id, Article.published_on).order_by(Article.id)).all()
    sentence = "The council approved a budget of {n} million dollars on Tuesday, a spokesperson said in a statement."
    claim_rows = []
    for article_id, published_on in articles:
        for position in range(CLAIMS_PER_ARTICLE):
            claim_rows.append(
                {
                    "article_id": article_id,
                    "position": position,
                    "start": position * 100,
                    "end": position * 100 + 99,
                    "paragraph": position,
                    "text": sentence.format(n=rng.randint(1, 999)),
                    "status": STATUSES[position % len(STATUSES)],
                    "reason": "Benchmark claim.",
                    "review_state": "published",
                    "article_date": published_on,  # the queue's order key (migration 0006)
                }
            )
    db.session.execute(insert(Claim), claim_rows)
    claim_ids = db.session.scalars(select(Claim.id).order_by(Claim.id)).all()
    db.session.execute(
        insert(Attribution),
        [
            {
                "claim_id": c,
                "kind": "direct",
                "source_id": rng.choice(source_ids),
                "cue_text": "said",
                "source_text": "a spokesperson",
            }
            for c in claim_ids
            if c % 5
        ],
    )
    published = now + timedelta(days=1)
    db.session.execute(
        insert(Verdict),
        [
            {
                "claim_id": c,
                "revision": 1,
                "state": "published",
                "rating_id": rng.choice(rating_ids),
                "summary": f"Budget claim {c}",
                "rationale": "Checked against the council minutes. " * 4,
                "author_id": reviewer,
                "decided_by_id": editor,
                "created_at": now,
                "submitted_at": now,
                "decided_at": published,
                "published_at": published,
            }
            for c in claim_ids
        ],
    )
    db.session.execute(
        insert(Evidence),
        [
            {
                "claim_id": c,
                "url": f"https://records.example/minutes/{c}",
                "title": "Council minutes",
                "publisher": "City council",
                "stance": "refutes",
                "kind": "primary",
                "author_id": reviewer,
                "created_at": now,
            }
            for c in claim_ids
        ],
    )
    db.session.commit()


def run(fmt: str) -> int:
    """Produce the export, discarding the text; the number of characters written."""
    if fmt == "pdf":
        return len(export_pdf(ReportScope()))
    return sum(len(chunk) for chunk in export_chunks(fmt, ReportScope()))


def measure(fmt: str, repeats: int) -> tuple[float, float, int]:
    """Seconds (untraced, the median of ``repeats`` runs), peak traced memory in MiB, characters written."""
    timings = []
    for _ in range(repeats):
        db.session.expunge_all()
        started = time.perf_counter()
        size = run(fmt)
        timings.append(time.perf_counter() - started)
    seconds = statistics.median(timings)
    db.session.expunge_all()
    tracemalloc.start()
    run(fmt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, size


def bench(claims: int, formats: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Rows per second and peak MiB per format, for a fresh database of ``claims`` claims."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        config = type(
            "BenchConfig",
            (TestConfig,),
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite'}", "REPORT_PDF_MAX_CLAIMS": claims},
        )
        app = create_app(config, instance_path=str(Path(folder) / "instance"))
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            populate(claims)
            print(f"\n{claims:,} claims (data generated in {time.perf_counter() - started:.1f} s)")
            print(f"  {'format':<12} {'rows/s':>10} {'seconds':>8} {'peak MiB':>9} {'output MiB':>11}")
            for fmt in formats:
                # A small export takes a fraction of a second: the median of a few runs steadies its figure.
                seconds, peak, size = measure(fmt, repeats=3 if claims <= 1_000 else 1)
                results[fmt] = (claims / seconds, peak)
                print(f"  {fmt:<12} {claims / seconds:>10,.0f} {seconds:>8.2f} {peak:>9.1f} {size / 2**20:>11.1f}")
            db.session.remove()
            db.engine.dispose()
    return results


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark at the chosen scale and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default=os.environ.get("BENCH_SCALE", "small"))
    args = parser.parse_args(argv)
    small, large = SCALES[args.scale]
    print(f"Verdict exports, scale {args.scale}: {small:,} and {large:,} claims (SQLite, temporary database)")
    bench(PDF_CLAIMS, ("pdf",))
    first = bench(small, STREAMING_FORMATS)
    second = bench(large, STREAMING_FORMATS)
    print(f"\nratio {large:,} / {small:,} claims ({large // small}x the rows):")
    print(f"  {'format':<12} {'rows/s':>10} {'peak MiB':>9}")
    for fmt in STREAMING_FORMATS:
        speed = second[fmt][0] / first[fmt][0]
        memory = second[fmt][1] / first[fmt][1]
        print(f"  {fmt:<12} {speed:>9.2f}x {memory:>8.2f}x")


if __name__ == "__main__":
    main()

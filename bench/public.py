"""The public site and the JSON API at scale: p50/p95 of each public address, and the sitemap's memory
(read as it streams: its peak should not grow with the number of fact-checks).

    python bench/public.py            # 10,000 published fact-checks (BENCH_SCALE=full: 100,000)
    BENCH_PUBLIC_CLAIMS=N BENCH_PUBLIC_DATABASES=sqlite python bench/public.py

A generated database (bench/exports.py's ``populate``: every claim with a published verdict and evidence),
one in ten fact-checks corrected (its first revision superseded, a second published a week later). Each
address is timed with the test client over 30 requests, every one rendered (target p95 under 50 ms).
Runs on SQLite and, when it answers, PostgreSQL.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bench_app, emit, fresh_postgres, full_scale, percentile, postgres_available
from exports import populate
from sqlalchemy import func, insert, select, update

from factcheck.extensions import db
from factcheck.review.models import Rating, Verdict

REQUESTS = 30
TARGET_P95_MS = 50


def correct_one_in_ten() -> int:
    """Every tenth fact-check corrected: revision 1 superseded, revision 2 published a week later."""
    rows = db.session.execute(select(Verdict).where(Verdict.claim_id % 10 == 0)).scalars().all()
    rating_id = db.session.scalar(select(func.min(Rating.id)))
    corrections = [
        {
            "claim_id": v.claim_id,
            "revision": 2,
            "state": "published",
            "rating_id": rating_id,
            "summary": v.summary,
            "rationale": v.rationale + " Corrected.",
            "author_id": v.author_id,
            "decided_by_id": v.decided_by_id,
            "created_at": v.created_at,
            "submitted_at": v.published_at + timedelta(days=7),
            "decided_at": v.published_at + timedelta(days=7),
            "published_at": v.published_at + timedelta(days=7, seconds=v.claim_id),
        }
        for v in rows
    ]
    db.session.execute(update(Verdict).where(Verdict.claim_id % 10 == 0).values(state="superseded"))
    db.session.execute(insert(Verdict), corrections)
    db.session.commit()
    return len(corrections)


def time_get(client, path: str) -> tuple[float, float]:
    """p50 and p95 in ms of GET ``path`` (after one warm-up request)."""
    assert client.get(path).status_code == 200, path
    seconds = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(path)
        response.get_data()
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, path
    return percentile(seconds, 50) * 1000, percentile(seconds, 95) * 1000


def bench(kind: str, url: str, instance: str, claims: int) -> dict:
    """Populate one database and time every public address on it."""
    app = bench_app(url, instance)
    with app.app_context():
        db.create_all()
        populate(claims)
        corrected = correct_one_in_ten()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:  # what autovacuum does after a bulk load
                connection.exec_driver_sql("ANALYZE")
        rating_id = db.session.scalar(select(func.min(Rating.id)))
        some_claim = db.session.scalar(select(func.max(Verdict.claim_id)))
        since = db.session.scalar(select(func.max(Verdict.published_at))) - timedelta(days=1)
    client = app.test_client()
    last_page = -(-claims // app.config["ARCHIVE_PER_PAGE"])
    paths = {
        "fact-check page": f"/fact-checks/{some_claim}",
        "archive, page 1": "/fact-checks/",
        f"archive, page {last_page}": f"/fact-checks/?page={last_page}",
        "archive by rating": f"/fact-checks/?rating={rating_id}",
        "archive by dates": "/fact-checks/?from=2026-11-01&to=2026-11-03",
        "Atom feed": "/fact-checks/feed.atom",
        "API list": "/api/v1/fact-checks",
        "API list, per_page=100": "/api/v1/fact-checks?per_page=100",
        "API since a day ago": f"/api/v1/fact-checks?since={since.date().isoformat()}",
        "API one fact-check": f"/api/v1/fact-checks/{some_claim}",
    }
    figures = {}
    print(f"{kind}: {claims:,} published fact-checks, {corrected:,} of them corrected")
    for name, path in paths.items():
        p50, p95 = time_get(client, path)
        figures[name] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
        verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
        print(f"  {name:28} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({verdict} {TARGET_P95_MS} ms)")
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/sitemap.xml", buffered=False)  # read as it streams, as a crawler would
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    figures["sitemap"] = {"seconds": round(seconds, 2), "bytes": size, "peak_mib": round(peak, 1)}
    print(f"  sitemap.xml: {size:,} bytes in {seconds:.2f} s, peak Python memory {peak:.1f} MiB")
    return figures


def main() -> None:
    """Run on SQLite and, when it answers, PostgreSQL."""
    claims = int(os.environ.get("BENCH_PUBLIC_CLAIMS", 100_000 if full_scale() else 10_000))
    databases = os.environ.get("BENCH_PUBLIC_DATABASES", "sqlite,postgresql").split(",")
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        if "sqlite" in databases:
            results["sqlite"] = bench("SQLite", f"sqlite:///{workdir}/public.sqlite", workdir, claims)
        if "postgresql" in databases and postgres_available():
            url = fresh_postgres("factcheck_bench_public")
            results["postgresql"] = bench("PostgreSQL", url, workdir, claims)
    emit("public", {"claims": claims, "results": results})


if __name__ == "__main__":
    main()

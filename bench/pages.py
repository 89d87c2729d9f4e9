"""Page latency at newsroom scale: the queue, an article page and its sourcing report, a claim page, the registry.

    python bench/pages.py          # 250 articles / 10,000 claims (BENCH_SCALE=full: 2,500 / 100,000)

A generated database (Core inserts, no analysis): articles of 40 claims with attributions, shared sources,
verdicts in every state, evidence and audit rows. Each page is timed with the test client (p50/p95 over
N requests, every one rendered); then, when gunicorn and wrk are installed, under load over loopback
(gunicorn, 2 workers): requests per second and p50/p95 against the trivial ``/healthz`` of the same app on
the same server.
Runs on SQLite and, when it answers, PostgreSQL (BENCH_PAGES_DATABASES=sqlite to skip it).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    REPO_ROOT,
    bench_app,
    demo_sentences,
    emit,
    fresh_postgres,
    full_scale,
    percentile,
    postgres_available,
)
from sqlalchemy import func, insert, select

SECRET = "bench-only-secret"  # noqa: S105 - the throwaway benchmark app's key
CLAIMS_PER_ARTICLE = 40
STATUSES = ["unverified_named", "anonymous", "hedged", "unattributed", "sourced", "sourced", "sourced"]
PRIORITY = {"unverified_named": 0, "anonymous": 1, "hedged": 2, "unattributed": 3, "sourced": 4}
SOURCE_TYPES = ["person", "person", "person", "organisation", "government", "outlet", "document"]


def populate(articles: int) -> dict:
    """Fill the empty schema; returns the ids the pages need."""
    from factcheck.articles.models import Article, Claim
    from factcheck.audit.models import AuditEvent
    from factcheck.auth.operations import create_user
    from factcheck.evidence.models import Evidence
    from factcheck.extensions import db
    from factcheck.review.models import Rating, Verdict
    from factcheck.review.operations import ensure_default_ratings
    from factcheck.sources.models import ArticleSource, Attribution, Source

    rng = random.Random(7)
    ensure_default_ratings()
    reviewer = create_user("reviewer@bench.example.org", "bench password 1", "reviewer")
    editor = create_user("editor@bench.example.org", "bench password 1", "editor")
    db.session.flush()
    rating_ids = list(db.session.scalars(select(Rating.id)))
    sentences = [s for s in demo_sentences() if len(s) > 30]
    source_count = max(50, articles * 2)
    db.session.execute(
        insert(Source),
        [
            {"key": f"bench source {n}", "name": f"Bench Source {n}", "type": SOURCE_TYPES[n % len(SOURCE_TYPES)]}
            for n in range(source_count)
        ],
    )
    source_ids = list(db.session.scalars(select(Source.id).order_by(Source.id)))
    now = datetime(2026, 11, 1, tzinfo=UTC)
    article_rows, claim_rows = [], []
    claim_id = 0
    for number in range(1, articles + 1):
        picked = [rng.choice(sentences) for _ in range(CLAIMS_PER_ARTICLE)]
        paragraphs, offsets, cursor = [], [], 0
        for index in range(0, CLAIMS_PER_ARTICLE, 4):
            parts = []
            for sentence in picked[index : index + 4]:
                offsets.append((cursor, cursor + len(sentence), len(paragraphs), sentence))
                parts.append(sentence)
                cursor += len(sentence) + 1
            paragraphs.append(" ".join(parts))
            cursor += 1  # the paragraph break: "\n\n" replaces the last sentence's " " plus one
        text = "\n\n".join(paragraphs) + "\n"
        published_on = date(2024, 1, 1) + timedelta(days=number % 700)
        article_rows.append({
            "id": number, "title": f"Bench article {number}", "outlet": "Bench Wire", "text": text,
            "published_on": published_on, "content_hash": f"{number:064d}",
            "claim_count": CLAIMS_PER_ARTICLE, "created_at": now - timedelta(minutes=articles - number),
        })
        for position, (start, end, paragraph, sentence) in enumerate(offsets):
            assert text[start:end] == sentence
            claim_id += 1
            status = rng.choice(STATUSES)
            roll = rng.random()
            state = "new" if roll < 0.7 else "in_review" if roll < 0.8 else "submitted" if roll < 0.85 else "published"
            claim_rows.append({
                "id": claim_id, "article_id": number, "position": position, "start": start, "end": end,
                "paragraph": paragraph, "text": sentence, "status": status, "reason": "generated",
                "priority": PRIORITY[status], "article_date": published_on, "review_state": state,
                "assignee_id": None if state == "new" else reviewer.id,
            })
    db.session.execute(insert(Article), article_rows)
    for offset in range(0, len(claim_rows), 5000):
        db.session.execute(insert(Claim), claim_rows[offset : offset + 5000])

    attributions, appearances, verdicts, evidence, audit = [], {}, [], [], []
    for claim in claim_rows:
        if claim["status"] != "unattributed" and rng.random() < 0.8:
            source_id = source_ids[(claim["article_id"] * 7 + rng.randrange(6)) % len(source_ids)]
            attributions.append({"claim_id": claim["id"], "kind": "direct", "source_id": source_id,
                                 "source_text": "Bench Source", "cue_text": "said"})
            key = (claim["article_id"], source_id)
            appearances[key] = appearances.get(key, 0) + 1
        if claim["review_state"] != "new":
            audit.append({"entity_type": "claim", "entity_id": claim["id"], "claim_id": claim["id"],
                          "action": "take", "user_id": reviewer.id, "at": now, "before": None, "after": None})
        if claim["review_state"] in ("submitted", "published"):
            published = claim["review_state"] == "published"
            verdicts.append({
                "claim_id": claim["id"], "revision": 1, "state": claim["review_state"],
                "rating_id": rng.choice(rating_ids), "summary": "Generated verdict", "rationale": "Generated.",
                "author_id": reviewer.id, "created_at": now, "submitted_at": now - timedelta(seconds=claim["id"]),
                "decided_by_id": editor.id if published else None, "decided_at": now if published else None,
                "published_at": now if published else None,
            })
            evidence.append({"claim_id": claim["id"], "url": "https://example.org/evidence", "title": "A record",
                             "stance": "refutes", "kind": "primary", "author_id": reviewer.id, "created_at": now})
            for action in ("add_evidence", "propose") + (("approve",) if published else ()):
                audit.append({"entity_type": "claim", "entity_id": claim["id"], "claim_id": claim["id"],
                              "action": action, "user_id": reviewer.id, "at": now, "before": None, "after": None})
    appearance_rows = [
        {"article_id": a, "source_id": s, "descriptor": None, "affiliation": None,
         "is_identifiable": bool(s % 5), "claim_count": n}
        for (a, s), n in appearances.items()
    ]
    for model, rows in ((Attribution, attributions), (ArticleSource, appearance_rows), (Verdict, verdicts),
                        (Evidence, evidence), (AuditEvent, audit)):
        for offset in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[offset : offset + 5000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in ("article", "claim", "source", "verdict", "evidence", "audit_event", "attribution"):
            db.session.execute(
                func.setval(func.pg_get_serial_sequence(table, "id"), select(func.max(db.metadata.tables[table].c.id))
                            .scalar_subquery()).select()
            )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(func.count().select())  # keep the connection warm
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    article = articles // 2
    claim = db.session.scalar(select(Claim.id).where(Claim.article_id == article).order_by(Claim.position).limit(1))
    return {"article": article, "claim": claim, "claims": len(claim_rows), "reviewer": reviewer.email}


NEXT_LINK = re.compile(r'<a[^>]*href="([^"]+)"[^>]*>(?:Older|Next)\b')


def next_url(html: str) -> str | None:
    """The pager's link to the following page, if any."""
    found = NEXT_LINK.search(html)
    return unescape(found.group(1)) if found else None


def page_urls(client, article_id: int, claim_id: int) -> dict[str, str]:
    """The pages to time; page 200 of the queue is reached by following the pager."""
    url = "/queue/unassigned"
    for _ in range(199):
        url = next_url(client.get(url).get_data(as_text=True))
        if url is None:
            raise SystemExit("the unassigned queue has fewer than 200 pages")
    return {
        "healthz (trivial)": "/healthz",
        "queue, page 1": "/queue/unassigned",
        "queue, page 200": url,
        "article page": f"/articles/{article_id}",
        "claim page": f"/claims/{claim_id}",
        "article sourcing report": f"/articles/{article_id}/sourcing",
        "source registry": "/sources/",
    }


def time_pages(client, urls: dict[str, str], requests: int) -> dict[str, dict]:
    """p50/p95 (ms) of each page over ``requests`` test-client requests (after two warm-ups), each one
    running the page's queries and its template."""
    results = {}
    for name, url in urls.items():
        for _ in range(2):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
        results[name] = {"p50_ms": round(percentile(samples, 50), 1), "p95_ms": round(percentile(samples, 95), 1)}
    return results


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.1f\\n", summary.requests, summary.duration,
                         latency:percentile(50), latency:percentile(95)))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_test(database_url: str, cookie: Callable[[str], str], urls: dict[str, str], seconds: int,
              workdir: Path) -> dict | None:
    """gunicorn (2 workers) on a free loopback port, wrk against each page for ``seconds``. ``cookie(url)``
    is the session cookie as a browser holds it when it asks for ``url``: wrk sends one cookie for a
    whole run, and a browser's moves on with the session's idle clock (once a minute)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    wrk = shutil.which("wrk")
    if not gunicorn.exists() or wrk is None:
        print("  load: gunicorn or wrk not installed, skipped")
        return None
    port = free_port()
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)
    env = {**os.environ, "FACTCHECK_CONFIG": "production", "SECRET_KEY": SECRET, "DATABASE_URL": database_url,
           "FACTCHECK_INSECURE_COOKIES": "1", "FACTCHECK_RATELIMIT_STORAGE_URI": "memory://"}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "factcheck:create_app()"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310 - http on loopback
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("  load: gunicorn did not start:", server.stderr.read().decode()[-500:] if server.poll()
                          is not None else "timeout")
                    return None
                time.sleep(0.3)
        results = {}
        for name, url in urls.items():
            output = subprocess.run(  # noqa: S603 - wrk on loopback, fixed arguments
                [wrk, "-t2", "-c8", f"-d{seconds}s", "--timeout", "5s", "-s", str(script),
                 # The trivial page is asked as a load balancer asks it: no session, so no user lookup.
                 *([] if url == "/healthz" else ["-H", f"Cookie: session={cookie(url)}"]), base + url],
                capture_output=True, text=True, timeout=seconds + 30, check=False,
            ).stdout
            found = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+)", output)
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
            if found is None or non2xx:
                raise SystemExit(f"wrk on {url} failed or got errors:\n{output}")
            count, micros, p50, p95 = found.groups()
            results[name] = {"rps": round(int(count) / (int(micros) / 1e6), 1), "p50_ms": round(float(p50) / 1000, 1),
                             "p95_ms": round(float(p95) / 1000, 1)}
        return results
    finally:
        server.terminate()
        server.wait(timeout=20)


def bench_database(kind: str, articles: int, requests: int, seconds: int, workdir: Path) -> dict:
    """Generate, time with the test client, then under load."""
    from factcheck.extensions import db

    url = (f"sqlite:///{workdir / 'pages.sqlite'}" if kind == "sqlite"
           else fresh_postgres("factcheck_bench_pages"))
    app = bench_app(url, str(workdir / f"instance-{kind}"), SECRET_KEY=SECRET)
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        ids = populate(articles)
    print(f"{kind}: generated {articles} articles, {ids['claims']} claims in {time.perf_counter() - started:.1f} s")
    client = app.test_client()
    response = client.post("/login", data={"email": ids["reviewer"], "password": "bench password 1"})
    assert response.status_code == 302, response.status_code
    urls = page_urls(client, ids["article"], ids["claim"])
    timed = time_pages(client, urls, requests)
    def cookie(page: str) -> str:
        client.get(page)  # the visit moves the idle clock on when it is due, as a browser's would
        return client.get_cookie("session").value

    load = load_test(url, cookie, urls, seconds, workdir)
    rows = []
    for name in urls:
        row = {"page": name, **{f"client_{k}": v for k, v in timed[name].items()}}
        if load:
            row.update({f"load_{k}": v for k, v in load[name].items()})
            row["load_rps_ratio"] = round(load[name]["rps"] / load["healthz (trivial)"]["rps"], 2)
        rows.append(row)
        print(f"  {name:25s} client p50 {row['client_p50_ms']:5.1f} ms p95 {row['client_p95_ms']:5.1f} ms"
              + (f" | gunicorn {row['load_rps']:7.1f} req/s ({row['load_rps_ratio']:.2f} of trivial)"
                 f"  p50 {row['load_p50_ms']:.1f} ms  p95 {row['load_p95_ms']:.1f} ms" if load else ""))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return {"database": kind, "articles": articles, "claims": ids["claims"], "pages": rows}


def main() -> None:
    articles = int(os.environ.get("BENCH_PAGES_ARTICLES", 2500 if full_scale() else 250))
    requests = 100 if full_scale() else 30
    seconds = 10 if full_scale() else 1  # small: a load run of 7 pages on 2 databases within make bench's 2 minutes
    wanted = os.environ.get("BENCH_PAGES_DATABASES", "sqlite,postgresql").split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-pages-") as tmp:
        for kind in wanted:
            if kind == "postgresql" and not postgres_available():
                print("PostgreSQL: not reachable, skipped")
                continue
            results.append(bench_database(kind, articles, requests, seconds, Path(tmp)))
    emit("pages", {"results": results})


if __name__ == "__main__":
    main()

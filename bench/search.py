"""Search and "Checked before?" latency on a generated database.

    python bench/search.py      # 250 articles / 10,000 claims (BENCH_SCALE=full: 2,500 / 100,000)
    BENCH_SEARCH_DATABASES=sqlite python bench/search.py

The database is bench/pages.py's (Core inserts, no analysis: verdicts in every state, evidence), with each
claim's text then replaced by a sentence of the PolNeAR news texts (../shared/polnear, when present: the demo
article's 60-odd sentences repeated would make every word match thousands of claims); the index is filled by
the same triggers and generated columns as every write. Each search
page is asked for N times with the test client as a reviewer (rendered, p50/p95); "Checked before?" is timed
as the operation (``prior_checks``) on N claims picked at random. Target: p95 under 100 ms. Runs on SQLite
and, when it answers, PostgreSQL.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import _SENTENCE_END, POLNEAR, bench_app, emit, fresh_postgres, full_scale, percentile, postgres_available
from pages import SECRET, populate

TARGET_P95_MS = 100
QUERIES = {
    "one word": "q=election",
    "two words": "q=health+insurance",
    "a phrase": "q=%22white+house%22",
    "a word left out": "q=president+-obama",
    "or": "q=senate+or+congress",
    "a common word": "q=said",
    "claims, sourced": "q=election&kind=claim&status=sourced",
    "verdicts, a rating": "q=generated&kind=verdict&rating=1",
    "page 5": "q=president&page=5",
}


def news_sentences() -> list[str]:
    """PolNeAR's sentences of 40 to 300 characters, each once, in file order (empty without PolNeAR)."""
    sentences: dict[str, None] = {}
    for path in sorted(POLNEAR.glob("*/text/*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            for sentence in _SENTENCE_END.split(paragraph.strip()):
                if 40 <= len(sentence) <= 300:
                    sentences[sentence] = None
    return list(sentences)


def use_news_sentences(claim_count: int) -> str:
    """Give the claims PolNeAR's sentences (cycled when there are fewer); says what the claims are."""
    from sqlalchemy import bindparam, update

    from factcheck.claims.models import Claim
    from factcheck.extensions import db

    sentences = news_sentences()
    if not sentences:
        return "the demo article's sentences (no PolNeAR beside the project)"
    rows = [{"b_id": n, "b_text": sentences[(n - 1) % len(sentences)]} for n in range(1, claim_count + 1)]
    statement = update(Claim).where(Claim.id == bindparam("b_id")).values(text=bindparam("b_text"))
    connection = db.session.connection()
    for offset in range(0, len(rows), 5000):
        connection.execute(statement, rows[offset : offset + 5000])
    return f"{min(len(sentences), claim_count)} distinct PolNeAR sentences"


def timings(run, requests: int) -> dict[str, float]:
    spent = []
    for _ in range(requests):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(percentile(spent, 50), 1), "p95_ms": round(percentile(spent, 95), 1)}


def bench_database(kind: str, articles: int, requests: int, workdir: Path) -> dict:
    from sqlalchemy import select

    from factcheck.claims.models import Claim
    from factcheck.extensions import db
    from factcheck.search.matching import prior_checks

    url = f"sqlite:///{workdir / 'search.sqlite'}" if kind == "sqlite" else fresh_postgres("factcheck_bench_search")
    app = bench_app(url, str(workdir / f"instance-{kind}"), SECRET_KEY=SECRET)
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        ids = populate(articles)
        texts = use_news_sentences(ids["claims"])
        db.session.commit()
        if kind == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
    print(
        f"{kind}: generated {articles} articles, {ids['claims']} claims ({texts}) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    client = app.test_client()
    response = client.post("/login", data={"email": ids["reviewer"], "password": "bench password 1"})
    assert response.status_code == 302, response.status_code
    rows = []
    for name, query in QUERIES.items():

        def ask(query=query):
            answer = client.get(f"/search?{query}")
            assert answer.status_code == 200, (query, answer.status_code)
            answer.close()

        rows.append({"what": f"search: {name}", **timings(ask, requests)})
    with app.app_context():
        claim_ids = list(db.session.scalars(select(Claim.id)))
        rng = random.Random(11)
        picked = iter([rng.choice(claim_ids) for _ in range(requests)])
        found = []

        def match():
            claim = db.session.get(Claim, next(picked))
            found.append(len(prior_checks(claim)))
            db.session.expunge_all()

        rows.append({"what": "checked before? (prior_checks)", **timings(match, requests)})
        print(f"  checked before? listed {sum(found) / len(found):.1f} verdicts on average")
        db.session.remove()
        db.engine.dispose()
    for row in rows:
        verdict = "meets" if row["p95_ms"] < TARGET_P95_MS else "misses"
        print(f"  {row['what']:34s} p50 {row['p50_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms ({verdict})")
    return {"database": kind, "articles": articles, "claims": ids["claims"], "rows": rows}


def main() -> None:
    articles = int(os.environ.get("BENCH_SEARCH_ARTICLES", 2500 if full_scale() else 250))
    requests = int(os.environ.get("BENCH_SEARCH_REQUESTS", 40))
    databases = os.environ.get("BENCH_SEARCH_DATABASES", "sqlite,postgresql").split(",")
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for kind in databases:
            if kind == "postgresql" and not postgres_available():
                print("postgresql: not available, skipped")
                continue
            results.append(bench_database(kind, articles, requests, Path(workdir)))
    emit("search", {"target_p95_ms": TARGET_P95_MS, "results": results})


if __name__ == "__main__":
    main()

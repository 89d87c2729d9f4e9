"""Bulk import benchmark: ``import-article`` on many articles vs a plain executemany of the same rows.

    python bench/imports.py            # 200 articles (BENCH_SCALE=full: 2,000), SQLite and PostgreSQL
    BENCH_IMPORT_ARTICLES=N BENCH_IMPORT_RUNS=R python bench/imports.py   # N articles, R runs (full scale: 3)

The baseline is the database's own ceiling on this machine: the rows the import wrote (article, source,
article_source, claim, attribution) inserted again into an empty schema by Core ``insert()`` executemany
in one transaction. The import runs the real command in this process, analysis included. Import, baseline
and writes alone run in turn, three times over at full scale (once at the small scale, a quick check); the
ratio is the median of the runs' ratios and the rates the best of their runs: on a shared machine a
neighbour's burst slows one run by a quarter or more.
"""

from __future__ import annotations

import functools
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    bench_app,
    corpus_paths,
    emit,
    fresh_postgres,
    full_scale,
    postgres_available,
    rss_mib,
)
from sqlalchemy import func, insert, select

TABLES = ("article", "source", "article_source", "claim", "attribution")


def run_import(app, paths: list[Path]) -> tuple[float, list[float], int]:
    """Import ``paths`` with the CLI in two halves: the seconds, the memory after each half, files refused."""
    runner = app.test_cli_runner()
    half = len(paths) // 2
    memory: list[float] = []
    started = time.perf_counter()
    failed = 0
    for part in (paths[:half], paths[half:]):
        result = runner.invoke(args=["import-article", *map(str, part)])
        summary = re.search(r"(\d+) added, (\d+) skipped as already present, (\d+) failed", result.output)
        if summary is None:  # a crash, not a refused file (some corpus files are refused: control characters)
            raise SystemExit(f"import-article failed:\n{result.output[-2000:]}")
        failed += int(summary.group(3))
        memory.append(rss_mib())
    return time.perf_counter() - started, memory, failed


def analysis_rate(paths: list[Path]) -> float:
    """Articles per second that ``analyze`` alone manages in one process on this corpus."""
    from factcheck.analysis import analyze

    texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
    started = time.perf_counter()
    for text in texts:
        analyze(text)
    return len(texts) / (time.perf_counter() - started)


def writes_only(paths: list[Path], app) -> float:
    """Seconds for the import's database side alone, the analysis done beforehand: ``import_batch`` on
    batches of 100 prepared files (one SAVEPOINT and a few statements per batch), a commit per batch."""
    from factcheck.articles.cli import import_batch, prepare
    from factcheck.extensions import db

    with app.app_context():
        db.create_all()
        limit, allowed = app.config["MAX_CONTENT_LENGTH"], tuple(app.config["ALLOWED_UPLOAD_EXTENSIONS"])
        prepared = [prepare(path, limit, allowed) for path in paths]
        started = time.perf_counter()
        for offset in range(0, len(prepared), 100):
            import_batch(prepared[offset : offset + 100], None, None, None)
            db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return seconds


def baseline(app_rows: dict[str, list[dict]], make) -> float:
    """Seconds to insert the same rows with executemany into an empty schema (one transaction)."""
    from factcheck.extensions import db

    app = make()
    with app.app_context():
        db.create_all()
        tables = db.metadata.tables
        started = time.perf_counter()
        with db.engine.begin() as connection:
            for name in TABLES:
                rows = app_rows[name]
                for offset in range(0, len(rows), 2000):
                    connection.execute(insert(tables[name]), rows[offset : offset + 2000])
        seconds = time.perf_counter() - started
        db.engine.dispose()
    return seconds


def bench_backend(kind: str, paths: list[Path], workdir: Path, runs: int) -> dict:
    """Import into one database kind and measure against its executemany ceiling, ``runs`` times.

    Each run imports into an empty database, then times the baseline and the writes alone right after, so
    that each run's ratio compares two measurements taken under the same conditions. The ratio is the
    median of the runs' ratios (one run slowed by a neighbour's burst does not move it); the rates are
    each the best of the runs (noise only ever adds time).
    """
    from factcheck.extensions import db

    def make(suffix: str, run: int):
        if kind == "sqlite":
            url = f"sqlite:///{workdir / f'import-{suffix}-{run}.sqlite'}"
        else:
            url = fresh_postgres(f"factcheck_bench_import_{suffix}")
        return bench_app(url, str(workdir / f"instance-{kind}-{suffix}-{run}"))

    rows: dict[str, list[dict]] = {}
    measured: list[dict] = []
    for run in range(runs):
        app = make("cli", run)
        with app.app_context():
            db.create_all()
        seconds, memory, failed = run_import(app, paths)
        if not rows:
            with app.app_context():
                tables = db.metadata.tables
                rows = {name: [dict(r._mapping) for r in db.session.execute(select(tables[name]))] for name in TABLES}
                articles = db.session.scalar(select(func.count()).select_from(tables["article"]))
                claims = db.session.scalar(select(func.count()).select_from(tables["claim"]))
                db.session.remove()
        with app.app_context():
            db.engine.dispose()
        base_seconds = baseline(rows, functools.partial(make, "base", run))
        write_seconds = writes_only(paths, make("writes", run))
        measured.append({"seconds": seconds, "baseline": base_seconds, "writes": write_seconds, "memory": memory})
        print(
            f"{kind:10s} run {run + 1}/{runs}: import {seconds:.2f} s, executemany {base_seconds:.2f} s, "
            f"writes alone {write_seconds:.2f} s: ratio {base_seconds / seconds:.3f}",
            flush=True,
        )
    seconds = min(m["seconds"] for m in measured)
    base_seconds = min(m["baseline"] for m in measured)
    write_seconds = min(m["writes"] for m in measured)
    memory = measured[0]["memory"]  # the first run: the process has imported nothing before it
    ratios = [m["baseline"] / m["seconds"] for m in measured]
    result = {
        "database": kind,
        "articles": articles,
        "claims": claims,
        "refused_files": failed,
        "runs": runs,
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 1),
        "claims_per_s": round(claims / seconds, 0),
        "baseline_seconds": round(base_seconds, 3),
        "baseline_articles_per_s": round(articles / base_seconds, 1),
        "baseline_claims_per_s": round(claims / base_seconds, 0),
        "ratio": round(statistics.median(ratios), 3),
        "run_ratios": [round(ratio, 3) for ratio in ratios],
        "writes_only_articles_per_s": round(articles / write_seconds, 1),
        "writes_only_ratio": round(statistics.median(m["baseline"] / m["writes"] for m in measured), 3),
        "rss_mib_half": round(memory[0], 1),
        "rss_mib_end": round(memory[1], 1),
    }
    print(
        f"{kind:10s} {articles} articles ({failed} files refused), {claims} claims, best of {runs} runs: "
        f"{seconds:.1f} s, {result['articles_per_s']} articles/s, {result['claims_per_s']:.0f} claims/s | "
        f"executemany {base_seconds:.2f} s: {result['baseline_articles_per_s']} articles/s | ratio "
        f"{result['ratio']:.3f} (median of the runs: {', '.join(f'{r:.3f}' for r in result['run_ratios'])}) | RSS "
        f"{memory[0]:.0f} MiB at half, {memory[1]:.0f} MiB at the end"
    )
    print(
        f"{'':10s} writes alone (analysis done beforehand): {result['writes_only_articles_per_s']} articles/s, "
        f"ratio {result['writes_only_ratio']:.3f}"
    )
    return result


def main() -> None:
    from factcheck.analysis import BUILD

    count = int(os.environ.get("BENCH_IMPORT_ARTICLES", 2000 if full_scale() else 200))
    runs = int(os.environ.get("BENCH_IMPORT_RUNS", 3 if full_scale() else 1))
    results = []
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-import-") as tmp:
        workdir = Path(tmp)
        paths, mix = corpus_paths(count, workdir / "corpus")
        print(f"import-article on {count} articles ({mix})")
        analysis_per_s = analysis_rate(paths)
        print(f"analysis alone, one process: {analysis_per_s:.1f} articles/s (the import's CPU floor; {BUILD})")
        kinds = ["sqlite"] + (["postgresql"] if postgres_available() else [])
        for kind in kinds:
            results.append(bench_backend(kind, paths, workdir, runs))
    if "postgresql" not in kinds:
        print("PostgreSQL: not reachable, skipped")
    emit(
        "imports",
        {"corpus": mix, "analysis": BUILD, "analysis_articles_per_s": round(analysis_per_s, 1), "results": results},
    )


if __name__ == "__main__":
    main()

"""Bulk import benchmark: ``import-article --jobs 2`` end to end against the same pipeline's ``nlp.pipe`` alone.

    python bench/imports.py            # 100 articles (BENCH_SCALE=full: 2,000), SQLite and PostgreSQL
    BENCH_IMPORT_ARTICLES=N BENCH_IMPORT_RUNS=R BENCH_IMPORT_JOBS=J python bench/imports.py

The articles are PolNeAR's train and dev texts (924), read in place from ``../shared/polnear``; past 924 the
benchmark writes copies of them to a temporary folder, each with its copy number at the start of its first
line, so that every file is a new article (without PolNeAR, articles recombined from the demo article's
sentences). Each run parses the same paragraphs with ``nlp.pipe(n_process=J)`` alone (the floor: spaCy's own
time at the same parallelism, files read beforehand), then runs the real command, in this process, into an
empty SQLite database and an empty PostgreSQL one. While the command runs, the memory of the importing
process and of spaCy's worker processes is sampled twice a second. The pipeline's load time is measured in
a fresh interpreter.

Targets: at least 10 articles per second end to end with ``--jobs 2`` on the 2-CPU machine, memory per
process under 600 MB and flat (the second half of the import no higher than the first), the pipeline loaded
in under 3 s. The ratio (import time over ``nlp.pipe`` time, median of the runs) says what the import adds
to spaCy's own work, and moves much less than the rates when a neighbour takes the CPU.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    POLNEAR,
    REPO_ROOT,
    bench_app,
    demo_sentences,
    emit,
    fresh_postgres,
    full_scale,
    generated_article,
    postgres_available,
)
from sqlalchemy import func, select

TARGET_ARTICLES_PER_S = 10.0
TARGET_MIB = 600
TARGET_LOAD_S = 3.0


def corpus(count: int, workdir: Path) -> tuple[list[Path], str]:
    """``count`` article files: PolNeAR's texts in place, then copies of them (copy number k >= 2 written in a
    last paragraph of its own: the content hash is over the paragraphs) in ``workdir``; generated from the demo
    article when PolNeAR is absent."""
    originals: list[Path] = []
    for split in ("train", "dev"):
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            originals.extend(sorted(folder.glob("*.txt")))
    workdir.mkdir(parents=True, exist_ok=True)
    if not originals:
        sentences = demo_sentences()
        paths = []
        for number in range(count):
            path = workdir / f"generated-{number:05d}.txt"
            path.write_text(generated_article(number, sentences), encoding="utf-8")
            paths.append(path)
        return paths, f"{count} articles generated from the demo article (no PolNeAR found)"
    paths = originals[:count]
    copy = 1
    while len(paths) < count:
        copy += 1
        for original in originals[: count - len(paths)]:
            path = workdir / f"copy{copy}-{original.name}"
            path.write_text(
                original.read_text(encoding="utf-8").rstrip() + f"\n\nCopy {copy} of this text.\n", encoding="utf-8"
            )
            paths.append(path)
    copies = count - min(count, len(originals))
    return paths, f"{min(count, len(originals))} PolNeAR texts" + (f" + {copies} copies of them" if copies else "")


def load_seconds() -> dict:
    """Seconds a fresh interpreter takes to import the pipeline module (spaCy with it) and to load the pipeline."""
    code = (
        "import time; t = time.perf_counter(); from factcheck.analysis import pipeline; "
        "i = time.perf_counter(); pipeline.load(); l = time.perf_counter(); "
        "print(round(i - t, 2), round(l - i, 2))"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    ).stdout.split()
    return {"import_s": float(out[0]), "load_s": float(out[1])}


def _rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _children() -> list[int]:
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


class MemorySampler:
    """RSS of this process and of its child processes (spaCy's workers), sampled every ``interval`` s."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float, float | None]] = []  # (seconds, this process, largest child)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.perf_counter()
        while not self._stop.wait(self.interval):
            children = [rss for rss in map(_rss_mib, _children()) if rss is not None]
            self.samples.append((time.perf_counter() - started, _rss_mib(os.getpid()), max(children, default=None)))

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict:
        """Peak, and the highest figure of the first and of the second half, for each kind of process."""
        out = {}
        half = self.samples[-1][0] / 2 if self.samples else 0
        for index, name in ((1, "main"), (2, "worker")):
            values = [(sample[0], sample[index]) for sample in self.samples if sample[index] is not None]
            if not values:
                continue
            first = [v for t, v in values if t <= half] or [values[0][1]]
            second = [v for t, v in values if t > half] or [values[-1][1]]
            out[name] = {
                "peak": round(max(v for _, v in values)),
                "first_half": round(max(first)),
                "second_half": round(max(second)),
            }
        return out


def spacy_alone(paths: list[Path], jobs: int) -> float:
    """Seconds of ``nlp.pipe(n_process=jobs)`` over the paragraphs the analysis would give spaCy."""
    from factcheck.analysis import document, pipeline, split_blocks

    nlp = pipeline.load()
    texts = [path.read_text(encoding="utf-8") for path in paths]
    pieces = [text[p.start : p.end] for text in texts for p in document.pieces(text, split_blocks(text))]
    started = time.perf_counter()
    for _doc in nlp.pipe(pieces, n_process=jobs, batch_size=64):
        pass
    return time.perf_counter() - started


def run_import(app, paths: list[Path], jobs: int) -> tuple[float, dict, dict]:
    """The real command over ``paths``: seconds, its summary's counts and the memory it took."""
    runner = app.test_cli_runner()
    with MemorySampler() as memory:
        started = time.perf_counter()
        result = runner.invoke(args=["import-article", "--jobs", str(jobs), *map(str, paths)])
        seconds = time.perf_counter() - started
    summary = re.search(r"(\d+) added, (\d+) skipped as already present, (\d+) failed", result.output)
    if summary is None:  # a crash, not a refused file (some corpus files are refused: control characters)
        raise SystemExit(f"import-article failed:\n{result.output[-2000:]}")
    added, skipped, failed = map(int, summary.groups())
    return seconds, {"added": added, "skipped": skipped, "failed": failed}, memory.summary()


def fresh_app(kind: str, workdir: Path, run: int):
    """The app on an empty database of ``kind`` (sqlite or postgresql), schema created."""
    from factcheck.extensions import db

    if kind == "sqlite":
        url = f"sqlite:///{workdir / f'import-{run}.sqlite'}"
    else:
        url = fresh_postgres("factcheck_bench_import")
    app = bench_app(url, str(workdir / f"instance-{kind}-{run}"))
    with app.app_context():
        db.create_all()
    return app


def claims_stored(app) -> int:
    from factcheck.claims.models import Claim
    from factcheck.extensions import db

    with app.app_context():
        claims = db.session.scalar(select(func.count()).select_from(Claim))
        db.session.remove()
        db.engine.dispose()
    return claims


def main() -> None:
    count = int(os.environ.get("BENCH_IMPORT_ARTICLES", 2000 if full_scale() else 100))
    runs = int(os.environ.get("BENCH_IMPORT_RUNS", 3 if full_scale() else 1))
    jobs = int(os.environ.get("BENCH_IMPORT_JOBS", 2))
    kinds = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    load = load_seconds()
    with tempfile.TemporaryDirectory(prefix="factcheck-bench-import-") as tmp:
        workdir = Path(tmp)
        paths, mix = corpus(count, workdir / "corpus")
        print(f"import-article --jobs {jobs} on {count} articles ({mix}), {os.cpu_count()} CPUs")
        print(
            f"pipeline in a fresh interpreter: import {load['import_s']:.2f} s, load {load['load_s']:.2f} s "
            f"(target: under {TARGET_LOAD_S:.0f} s)",
            flush=True,
        )
        measured: dict[str, list[dict]] = {kind: [] for kind in kinds}
        for run in range(runs):
            floor = spacy_alone(paths, jobs)
            line = f"run {run + 1}/{runs}: nlp.pipe(n_process={jobs}) alone {floor:.1f} s"
            for kind in kinds:
                app = fresh_app(kind, workdir, run)
                seconds, outcome, memory = run_import(app, paths, jobs)
                measured[kind].append(
                    {
                        "seconds": seconds,
                        "floor": floor,
                        "outcome": outcome,
                        "memory": memory,
                        "claims": claims_stored(app),
                    }
                )
                line += f"; {kind} {seconds:.1f} s ({outcome['added'] / seconds:.1f} articles/s, "
                line += f"ratio {seconds / floor:.2f})"
            print(line, flush=True)

    results = []
    for kind in kinds:
        rows = measured[kind]
        best = min(rows, key=lambda r: r["seconds"])
        added = best["outcome"]["added"]
        ratios = [r["seconds"] / r["floor"] for r in rows]
        rates = sorted(r["outcome"]["added"] / r["seconds"] for r in rows)
        memory = rows[0]["memory"]  # the first run: nothing imported in this process before it
        result = {
            "database": kind,
            "articles": added,
            "refused_files": best["outcome"]["failed"],
            "claims": best["claims"],
            "runs": runs,
            "seconds": round(best["seconds"], 1),
            "articles_per_s": round(added / best["seconds"], 2),
            "articles_per_s_median": round(statistics.median(rates), 2),
            "spacy_alone_articles_per_s": round(added / min(r["floor"] for r in rows), 2),
            "ratio": round(statistics.median(ratios), 3),
            "run_ratios": [round(r, 3) for r in ratios],
            "memory_mib": memory,
        }
        results.append(result)
        main_mem, worker_mem = memory.get("main", {}), memory.get("worker", {})
        print(
            f"{kind:10s} {added} articles ({result['refused_files']} files refused), {result['claims']} claims: "
            f"best {result['seconds']} s = {result['articles_per_s']} articles/s (median "
            f"{result['articles_per_s_median']}; target {TARGET_ARTICLES_PER_S:.0f}); nlp.pipe alone "
            f"{result['spacy_alone_articles_per_s']} articles/s; import / nlp.pipe {result['ratio']:.3f} (runs: "
            f"{', '.join(f'{r:.3f}' for r in result['run_ratios'])})"
        )
        print(
            f"{'':10s} RSS MiB, first half -> second half (peak): importing process "
            f"{main_mem.get('first_half')} -> {main_mem.get('second_half')} ({main_mem.get('peak')}), largest "
            f"spaCy worker {worker_mem.get('first_half')} -> {worker_mem.get('second_half')} "
            f"({worker_mem.get('peak')}); target under {TARGET_MIB} and flat"
        )
    if "postgresql" not in kinds:
        print("PostgreSQL: not reachable, skipped")
    emit("imports", {"corpus": mix, "jobs": jobs, "cpus": os.cpu_count(), "pipeline": load, "results": results})


if __name__ == "__main__":
    main()

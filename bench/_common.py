"""Shared helpers of the benchmark scripts: scale, corpus, databases, and the machine-readable result line.

Each benchmark prints its figures for people, then one line ``BENCH_JSON {...}`` that ``bench/report.py``
collects into docs/performance.md.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import secrets
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
# The app logs a JSON line per request at INFO: a benchmark's thousands of requests would bury its figures, and
# a server whose standard error a benchmark reads through a pipe would block once the pipe is full. A benchmark
# run (a script of this folder) logs warnings and errors only; set before config.py is imported (its classes read
# the environment once). Imported by the tests, this changes nothing.
if Path(sys.argv[0]).resolve().parent == Path(__file__).resolve().parent:
    os.environ.setdefault("FACTCHECK_LOG_LEVEL", "WARNING")
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

POLNEAR = REPO_ROOT.parent / "shared" / "polnear"
DEMO_TEXT = REPO_ROOT / "factcheck" / "demo" / "atacms-bryansk.txt"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def full_scale() -> bool:
    """True when ``BENCH_SCALE=full`` asks for the newsroom-size runs."""
    return os.environ.get("BENCH_SCALE", "small").strip().lower() == "full"


def emit(name: str, payload: dict) -> None:
    """Print the machine-readable result line that bench/report.py reads."""
    print("BENCH_JSON " + json.dumps({"bench": name, "scale": "full" if full_scale() else "small", **payload}))


def rss_mib() -> float:
    """The process's current resident memory in MiB (Linux), else its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def postgres_available() -> bool:
    """Whether the benchmark PostgreSQL server answers."""
    try:
        engine = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def fresh_postgres(name: str) -> str:
    """(Re)create an empty PostgreSQL database ``name`` and return its URL."""
    engine = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)


def bench_app(database_url: str, instance_path: str, **overrides):
    """The workbench app on ``database_url`` with a fixed secret and no rate limits."""
    from config import Config
    from factcheck import create_app

    config = type(
        "BenchConfig",
        (Config,),
        {
            "ENV_NAME": "bench",
            "SECRET_KEY": secrets.token_hex(32),  # production refuses a weak key
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            **overrides,
        },
    )
    return create_app(config, instance_path=instance_path)


_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])")


def demo_sentences() -> list[str]:
    """The demo article's sentences (its paragraphs cut at sentence ends)."""
    sentences: list[str] = []
    for paragraph in DEMO_TEXT.read_text(encoding="utf-8").split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if len(paragraph) > 40:
            sentences.extend(s for s in _SENTENCE_END.split(paragraph) if s)
    return sentences


def generated_article(number: int, sentences: list[str]) -> str:
    """An article made by recombining the demo article's sentences (deterministic per number)."""
    rng = random.Random(number)
    paragraphs = [f"Desk report {number}: missiles, officials and what they said"]
    for _ in range(rng.randint(8, 14)):
        paragraphs.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3))))
    return "\n\n".join(paragraphs) + "\n"


def corpus_paths(count: int, workdir: Path) -> tuple[list[Path], str]:
    """``count`` article files: PolNeAR's train and dev texts read in place when present, topped up with
    generated articles written to ``workdir``. Returns the paths and a description of the mix."""
    paths: list[Path] = []
    for split in ("train", "dev"):
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            paths.extend(sorted(folder.glob("*.txt")))
    paths = paths[:count]
    polnear = len(paths)
    sentences = demo_sentences()
    workdir.mkdir(parents=True, exist_ok=True)
    number = 0
    while len(paths) < count:
        path = workdir / f"generated-{number:05d}.txt"
        path.write_text(generated_article(number, sentences), encoding="utf-8")
        paths.append(path)
        number += 1
    return paths, f"{polnear} PolNeAR texts + {count - polnear} generated from the demo article"

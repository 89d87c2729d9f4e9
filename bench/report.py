"""Run the five benchmarks and write their figures into docs/performance.md.

    python bench/report.py           # small scale (BENCH_SCALE=full: newsroom scale)

Each benchmark runs as its own process (bench/imports.py, bench/pages.py, bench/exports.py,
bench/analysis.py, bench/hostile.py). A script's ``BENCH_JSON {...}`` line becomes a table; its printed lines are kept
below it. Only the section of this scale is replaced in docs/performance.md (between its markers), so
the small and full runs and the hand-written parts of the page live side by side.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PG_SERVER, REPO_ROOT, full_scale, postgres_available
from sqlalchemy import create_engine, text

BENCHES = ("imports", "pages", "exports", "analysis", "hostile")
DOC = REPO_ROOT / "docs" / "performance.md"


def machine() -> str:
    """One line: CPUs, memory, Python, SQLite, PostgreSQL."""
    memory = "?"
    with contextlib.suppress(OSError, AttributeError):
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 2**20:.0f} GiB"
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, AttributeError):
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1).strip()
    postgres = "not reachable"
    if postgres_available():
        engine = create_engine(PG_SERVER)
        with engine.connect() as connection:
            postgres = connection.scalar(text("SHOW server_version")).split()[0]
        engine.dispose()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL {postgres}"
    )


def run(name: str) -> tuple[dict | None, str, float]:
    """Run bench/<name>.py; its JSON result (if it prints one), its other output, and the seconds it took."""
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, str(REPO_ROOT / "bench" / f"{name}.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
        env=os.environ.copy(),
    )
    seconds = time.perf_counter() - started
    result, lines = None, []
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
        else:
            lines.append(line)
    if completed.returncode != 0:
        lines.append(f"(exit status {completed.returncode})")
        lines.extend(completed.stderr.strip().splitlines()[-15:])
    sys.stdout.write(completed.stdout)
    return result, "\n".join(lines).strip(), seconds


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def imports_table(result: dict) -> str:
    def memory(r: dict, kind: str) -> str:
        m = r["memory_mib"].get(kind)
        return f"{m['first_half']} → {m['second_half']} ({m['peak']})" if m else ""

    rows = [
        [
            r["database"],
            r["articles"],
            r["claims"],
            r["seconds"],
            f"**{r['articles_per_s']}**",
            r["articles_per_s_median"],
            r["spacy_alone_articles_per_s"],
            f"**{r['ratio']:.3f}**",
            ", ".join(map(str, r["run_ratios"])),
            memory(r, "main"),
            memory(r, "worker"),
        ]
        for r in result["results"]
    ]
    load = result["pipeline"]
    return (
        f"Corpus: {result['corpus']}; `--jobs {result['jobs']}` on {result['cpus']} CPUs. Pipeline in a fresh "
        f"interpreter: import (spaCy with it) {load['import_s']} s, `load()` {load['load_s']} s "
        f"(target under 3 s).\n\n"
        + table(
            [
                "database",
                "articles",
                "claims",
                "s (best run)",
                "articles/s (target ≥ 10)",
                "articles/s, median run",
                "nlp.pipe alone articles/s",
                "import / nlp.pipe (median)",
                "each run's ratio",
                "importing process RSS MiB, 1st → 2nd half (peak)",
                "largest spaCy worker RSS MiB, 1st → 2nd half (peak)",
            ],
            rows,
        )
    )


def hostile_table(result: dict) -> str:
    sizes = [f"{size / 1024:,.0f} KiB" for size in result["sizes"]]

    def seconds(m: dict) -> str:
        return m["error"] if "error" in m else f"{m['cpu_s']} ({m['wall_s']})"

    rows = []
    for r in result["results"]:
        analysis, first = r["analysis"], r["analysis"][0]
        spacy = r.get("spacy", [])
        rows.append(
            [
                r["pattern"],
                first.get("language", ""),
                *[seconds(m) for m in analysis],
                ", ".join("-" if g is None else f"×{g}" for g in r["analysis_growth"]),
                seconds(spacy[-1]) if spacy else "",
                analysis[-1].get("peak_mib", ""),
                analysis[-1].get("cut", ""),
                "; ".join(r["problems"]) or "meets",
            ]
        )
    return table(
        [
            "pattern",
            "language",
            *[f"{s}: CPU s (wall s)" for s in sizes],
            f"growth per doubling (target ≤ {result['max_growth']})",
            f"spaCy alone at {sizes[-1]}",
            f"peak MiB at {sizes[-1]}",
            "sentences cut short",
            f"verdict (≤ {result['max_seconds']:.0f} s)",
        ],
        rows,
    )


def pages_table(result: dict) -> str:
    parts = []
    for database in result["results"]:
        rows = [
            [
                p["page"],
                p["client_p50_ms"],
                f"**{p['client_p95_ms']}**",
                p.get("statements"),
                p.get("sql_ms"),
                p.get("render_ms"),
                p.get("load_p50_ms"),
                p.get("load_p95_ms"),
                p.get("import_p50_ms"),
                f"**{p['import_p95_ms']}**" if "import_p95_ms" in p else None,
            ]
            for p in database["pages"]
        ]
        text = f"{database['database']}, {database['articles']:,} articles, {database['claims']:,} claims:\n\n" + table(
            [
                "page",
                "p50 ms",
                "p95 ms (target < 50)",
                "statements",
                "ms executing them",
                "ms rendering",
                f"{database.get('readers', 20)} readers p50 ms",
                "p95 ms",
                "with the import p50 ms",
                "p95 ms (target < 150)",
            ],
            rows,
        )
        if "writes" in database:
            quiet, busy, batches = database["writes"]["quiet"], database["writes"]["import"], database["import"]
            text += (
                f"\n\nWriter (evidence every 100 ms): longest save {quiet['longest_ms']} ms without the import, "
                f"**{busy['longest_ms']} ms** with it (median {quiet['median_ms']} / {busy['median_ms']} ms; "
                f"{busy['failed']} failed); the import's {batches['transactions']} transactions: longest "
                f"{batches['longest_transaction_ms']} ms. Target: {database['write_target']}: "
                f"**{'meets' if database['write_target_met'] else 'misses'}**."
            )
        parts.append(text)
    return "\n\n".join(parts)


def generic_table(result: dict) -> str:
    rows = [
        [key, value]
        for key, value in result.items()
        if key not in ("bench", "scale") and isinstance(value, int | float | str)
    ]
    return table(["figure", "value"], rows) if rows else ""


FAILED: list[str] = []


def section(scale: str) -> str:
    out = [f"### {scale.capitalize()} scale — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "", f"Machine: {machine()}.", ""]
    for name in BENCHES:
        if not (REPO_ROOT / "bench" / f"{name}.py").exists():
            out += [f"#### {name}", "", f"bench/{name}.py is not in this checkout.", ""]
            continue
        print(f"== bench/{name}.py", flush=True)
        result, printed, seconds = run(name)
        if "(exit status" in printed:
            FAILED.append(name)
        out += [f"#### {name} ({seconds:.0f} s)", ""]
        if result is not None:
            render = {"imports": imports_table, "pages": pages_table, "hostile": hostile_table}.get(name, generic_table)
            out += [render(result), ""]
        out += ["<details><summary>printed</summary>", "", "```", printed, "```", "", "</details>", ""]
    return "\n".join(out)


def main() -> None:
    scale = "full" if full_scale() else "small"
    body = section(scale)
    start, end = f"<!-- bench:{scale}:start -->", f"<!-- bench:{scale}:end -->"
    document = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\n"
    if start in document and end in document:
        before, rest = document.split(start, 1)
        document = before + start + "\n" + body + "\n" + end + rest.split(end, 1)[1]
    else:
        document = document.rstrip("\n") + f"\n\n{start}\n{body}\n{end}\n"
    DOC.write_text(document, encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO_ROOT)} ({scale} scale)")
    if FAILED:
        raise SystemExit(f"benchmarks that failed (their output is in the page): {', '.join(FAILED)}")


if __name__ == "__main__":
    main()

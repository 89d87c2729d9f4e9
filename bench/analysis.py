"""Attribution-analysis throughput: the full ``analyze_many`` against the same pipeline's ``nlp.pipe`` alone.

    python bench/analysis.py                  # small: 30 PolNeAR dev texts, 5 runs (about a minute)
    BENCH_SCALE=full python bench/analysis.py # PolNeAR dev + train (924 texts), 3 runs
    python bench/analysis.py --runs 5 --texts 84 --profile-top 20

The corpus is PolNeAR's texts read in place from ``../shared/polnear`` next to the repository (the demo
article repeated when they are absent). Both contenders run in this process, one after the other in each
run, over the same paragraphs: ``nlp.pipe`` of the project's pipeline on the pieces the analysis gives
spaCy (``document.pieces``), and ``analyze_many`` of the texts (blocks, language, the same parse, then the
rules: attributions, sources, quotations, turns, statuses). Each run's ratio is the analysis's CPU time
over spaCy's (one process, so its CPU time is the work done, which a neighbour's burst on a shared machine
moves much less than the wall clock); the figure is the median of the runs' ratios, the rates the best
runs. Target: the rules add at most 30 % to spaCy's own time (ratio <= 1.30). A cProfile of the analysis
follows, the rules' own functions first.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEMO_TEXT, POLNEAR, REPO_ROOT, emit, full_scale

TARGET = 1.30
# Paragraphs per spaCy batch, for both (analyze_many's default; the pipeline's own default, 1000, is
# another figure).
BATCH_SIZE = 64


def corpus(full: bool, limit: int | None) -> tuple[list[str], str]:
    """The texts to analyse and a one-line description of them."""
    texts: list[str] = []
    parts = []
    for split in ("dev", "train") if full else ("dev",):
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            found = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
            texts += found
            parts.append(f"PolNeAR {split} ({len(found)} texts)")
    if limit is None and not full:
        limit = 30
    if limit is not None and len(texts) > limit:
        texts, parts = texts[:limit], [f"PolNeAR dev, first {limit} texts"]
    if not texts:
        texts, parts = [DEMO_TEXT.read_text(encoding="utf-8")] * 40, ["demo article x 40 (no PolNeAR found)"]
    return texts, " + ".join(parts)


def paragraphs(texts: list[str]) -> list[str]:
    """The pieces of the texts that the analysis gives spaCy, in order."""
    from factcheck.analysis import document, split_blocks

    return [text[p.start : p.end] for text in texts for p in document.pieces(text, split_blocks(text))]


def time_spacy(pieces: list[str]) -> tuple[float, float, int]:
    """CPU seconds, wall seconds and sentences of the pipeline's ``nlp.pipe`` alone over ``pieces``."""
    from factcheck.analysis import pipeline

    nlp = pipeline.load()
    cpu, wall = time.process_time(), time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(pieces, batch_size=BATCH_SIZE))
    return time.process_time() - cpu, time.perf_counter() - wall, sentences


def time_analysis(texts: list[str]) -> tuple[float, float, int]:
    """CPU seconds, wall seconds and sentences (claims) of ``analyze_many`` over ``texts``."""
    from factcheck.analysis import analyze_many

    cpu, wall = time.process_time(), time.perf_counter()
    sentences = sum(len(analysis.claims) for analysis in analyze_many(texts, batch_size=BATCH_SIZE))
    return time.process_time() - cpu, time.perf_counter() - wall, sentences


def profile(texts: list[str], top: int) -> list[str]:
    """cProfile of ``analyze_many`` over ``texts``: the rules' own functions (factcheck/analysis) by own time,
    then everything."""
    from factcheck.analysis import analyze_many

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in analyze_many(texts):
        pass
    profiler.disable()
    lines = []
    for title, restriction in (("the rules (factcheck/analysis)", ["factcheck/analysis"]), ("everything", [])):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(*restriction, top)
        printed = buffer.getvalue().splitlines()
        start = next((i for i, line in enumerate(printed) if line.lstrip().startswith("ncalls")), 0)
        lines.append(f"  top {top} by own time, {title}:")
        lines += ["  " + line.replace(str(REPO_ROOT) + "/", "") for line in printed[start : start + top + 1]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="runs of both contenders (default 5, full scale 3)")
    parser.add_argument("--texts", type=int, help="use only the first N texts")
    parser.add_argument("--profile-top", type=int, default=12, help="functions listed by the profile")
    args = parser.parse_args(argv)

    from factcheck.analysis import analyze, pipeline

    runs_wanted = args.runs or (3 if full_scale() else 5)
    texts, description = corpus(full_scale(), args.texts)
    pieces = paragraphs(texts)
    started = time.perf_counter()
    pipeline.load()
    analyze(texts[0])  # lexicons, the language model and the first batch outside the timings
    print(
        f"Corpus: {description}; {sum(map(len, texts)):,} characters, {len(pieces):,} paragraphs "
        f"(pieces given to spaCy, {BATCH_SIZE} a batch); pipeline {pipeline.version()} loaded and warmed in "
        f"{time.perf_counter() - started:.1f} s"
    )

    # Both run in this one process, so their CPU time is the work each did; the wall clock is shown too (on a
    # shared machine it also counts the neighbours' bursts).
    runs = []
    for run in range(runs_wanted):
        spacy_cpu, spacy_wall, spacy_n = time_spacy(pieces)
        full_cpu, full_wall, full_n = time_analysis(texts)
        runs.append((spacy_cpu, full_cpu))
        print(
            f"run {run + 1}/{runs_wanted}: nlp.pipe {spacy_cpu:6.2f} s CPU ({spacy_wall:6.2f} s wall), analyze_many "
            f"{full_cpu:6.2f} s CPU ({full_wall:6.2f} s wall): ratio {full_cpu / spacy_cpu:.3f}",
            flush=True,
        )
    spacy_s = min(r[0] for r in runs)
    full_s = min(r[1] for r in runs)
    ratios = [r[1] / r[0] for r in runs]
    ratio = statistics.median(ratios)
    print(f"nlp.pipe alone:  {spacy_n:8,} sentences, best {spacy_s:6.2f} s CPU = {spacy_n / spacy_s:7,.0f} sentences/s")
    print(f"analyze_many:    {full_n:8,} sentences, best {full_s:6.2f} s CPU = {full_n / full_s:7,.0f} sentences/s")
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(
        f"analysis / spaCy time: {ratio:.3f} (median of {', '.join(f'{r:.3f}' for r in ratios)}); "
        f"the rules add {100 * (ratio - 1):.0f} % ({verdict} the {100 * (TARGET - 1):.0f} % target)"
    )

    print(f"\ncProfile of analyze_many on a quarter of the corpus ({max(1, len(texts) // 4)} texts):")
    for line in profile(texts[: max(1, len(texts) // 4)], args.profile_top):
        print(line)
    emit(
        "analysis",
        {
            "corpus": description,
            "pipeline": pipeline.version(),
            "runs": runs_wanted,
            "spacy_sentences_per_s": round(spacy_n / spacy_s),
            "analysis_sentences_per_s": round(full_n / full_s),
            "ratio": round(ratio, 3),
            "run_ratios": ", ".join(f"{r:.3f}" for r in ratios),
            "target": f"<= {TARGET}",
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Attribution-analysis throughput: the full ``analyze`` against pysbd sentence segmentation alone.

    python bench/analysis.py                 # small: demo x 40 + PolNeAR dev (about 15 s)
    python bench/analysis.py --scale full    # or BENCH_SCALE=full: demo x 400 + dev + train
    python bench/analysis.py --error-categories ../shared/polnear/dev   # cue errors by category

The corpus is the demo article repeated N times plus the PolNeAR texts found at ``../shared/polnear``
next to the repository (read in place; skipped when absent). Both contenders run in this process on one
core: the full analysis (blocks, sentences, attributions, sources, statuses) and
``pysbd.Segmenter(language="en", clean=False)`` applied to the same paragraph blocks. The target is a
full analysis at least 3x the throughput (sentences per second) of pysbd segmentation alone.

The breakdown times each pipeline stage on its own (block split, blingfire sentences, per-sentence
attribution rules, the rest: quote continuation, sources and statuses) and lists cProfile's top
functions of the full analysis.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from factcheck.analysis.sentences import split_sentences  # noqa: E402

from factcheck.analysis import BUILD, analyze, split_blocks  # noqa: E402
from factcheck.analysis.attribution import SentenceAnalyzer  # noqa: E402
from factcheck.analysis.model import BlockKind  # noqa: E402

POLNEAR = REPO_ROOT.parent / "shared" / "polnear"
DEMO = REPO_ROOT / "factcheck" / "demo" / "atacms-bryansk.txt"


def corpus(scale: str) -> tuple[list[str], str]:
    """The texts to analyse and a one-line description of them."""
    demo = DEMO.read_text(encoding="utf-8")
    repeats = 400 if scale == "full" else 40
    texts = [demo] * repeats
    parts = [f"demo article x {repeats}"]
    splits = ("dev", "train") if scale == "full" else ("dev",)
    for split in splits:
        folder = POLNEAR / split / "text"
        if folder.is_dir():
            found = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
            texts += found
            parts.append(f"PolNeAR {split} ({len(found)} texts)")
    return texts, " + ".join(parts)


def run_full(texts: list[str]) -> tuple[float, int]:
    """Seconds and sentences (claims) of the full analysis over ``texts``."""
    t0 = time.perf_counter()
    n = 0
    for text in texts:
        n += len(analyze(text).claims)
    return time.perf_counter() - t0, n


def run_pysbd(texts: list[str]) -> tuple[float, int] | None:
    """Seconds and sentences of pysbd segmentation alone over the same blocks (None without pysbd)."""
    try:
        import pysbd
    except ImportError:
        return None
    seg = pysbd.Segmenter(language="en", clean=False)
    blocks = [[text[b.start : b.end] for b in split_blocks(text)] for text in texts]
    t0 = time.perf_counter()
    n = 0
    for text_blocks in blocks:
        for block in text_blocks:
            n += len(seg.segment(block))
    return time.perf_counter() - t0, n


def stage_times(texts: list[str]) -> dict[str, float]:
    """Seconds of each pipeline stage run on its own over the corpus."""
    out = {}
    t0 = time.perf_counter()
    all_blocks = [split_blocks(t) for t in texts]
    out["blocks (split_blocks)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    spans = []
    for text, blocks in zip(texts, all_blocks, strict=True):
        spans.append(
            [s for b in blocks if b.kind == BlockKind.PARAGRAPH for s in split_sentences(text, b.start, b.end)]
        )
    out["sentences (blingfire + fixes)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text, sents in zip(texts, spans, strict=True):
        analyzer = SentenceAnalyzer(text)
        for s, e in sents:
            analyzer.find(s, e)
    out["attribution rules (per sentence)"] = time.perf_counter() - t0
    return out


def error_categories(directory: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Missed and false cue spans of a PolNeAR split (overlap matching), counted by likely cause."""
    from collections import Counter

    from factcheck.analysis import words
    from factcheck.analysis.evaluate import find_documents

    verbs = words.verb_forms()
    nouns = words.cue_nouns()
    preps = {"in", "of", "about", "on", "for", "to", "against", "with", "as", "by", "at", "over", "from"}
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    for doc in find_documents(directory):
        text, gold = doc.read_text(), doc.read_gold()
        atts = [a for c in analyze(text).claims for a in c.attributions]
        cues = gold.by_role("cue")
        for g in cues:
            if any(a.cue and a.cue.start < g.end and g.start < a.cue.end for a in atts):
                continue
            toks = " ".join(text[s:e] for s, e in g.fragments).lower().split()
            if any(a.content and a.content.start <= g.start and g.end <= a.content.end for a in atts):
                missed["inside another predicted content (nesting, content too long)"] += 1
            elif not any(ch.isalnum() for ch in "".join(toks)):
                missed["punctuation cue (colon, dash)"] += 1
            elif any(t in verbs for t in toks):
                missed["reporting verb in the lexicon, pattern not matched"] += 1
            elif toks[-1] in preps or toks[0] in ("in", "according"):
                missed["prepositional or nominal phrase"] += 1
            elif any(t in nouns for t in toks):
                missed["nominal cue from the lexicon"] += 1
            else:
                missed["verb or phrase not in the lexicons"] += 1
        for a in atts:
            if a.cue is None or any(a.cue.start < g.end and g.start < a.cue.end for g in cues):
                continue
            toks = a.cue.text.lower().split()
            category = verbs.get(toks[-1], ("", ""))[1] if toks else ""
            if a.kind == "hedge":
                false["sourceless hedge not annotated"] += 1
            elif any(t in ("said", "says", "say", "told", "tells", "tell", "added", "wrote", "asked") for t in toks):
                false["say/tell not in the gold (annotator omission, quote nesting)"] += 1
            elif category in ("belief", "intention", "stance", "factive"):
                false[f"{category} verb"] += 1
            else:
                false["other (noun/verb ambiguity, phrases, colons)"] += 1
    return dict(missed.most_common()), dict(false.most_common())


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("small", "full"), default=os.environ.get("BENCH_SCALE", "small"))
    parser.add_argument("--profile-top", type=int, default=12, help="cProfile functions to list")
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender; the best is reported")
    parser.add_argument(
        "--error-categories", type=Path, metavar="DIR", help="print cue errors on a PolNeAR split by category"
    )
    args = parser.parse_args(argv)
    if args.error_categories is not None:
        missed, false = error_categories(args.error_categories)
        print(f"Missed gold cues: {sum(missed.values())}")
        for name, count in missed.items():
            print(f"  {count:6}  {name}")
        print(f"False cues: {sum(false.values())}")
        for name, count in false.items():
            print(f"  {count:6}  {name}")
        return 0

    texts, description = corpus(args.scale)
    analyze(texts[0])  # warm the lexicon caches outside the timings
    print(f"Corpus: {description}; {sum(len(t) for t in texts):,} characters")
    print(f"Analysis build: {BUILD} (FACTCHECK_PURE_ANALYSIS=1 runs the Python sources)")

    # Best of three runs each: the machine may be shared, and the minimum is the least disturbed figure.
    full_s, full_n = min(run_full(texts) for _ in range(args.repeat))
    full_rate = full_n / full_s
    print(f"full analyze():        {full_n:8,} sentences in {full_s:6.2f} s = {full_rate:9,.0f} sentences/s")
    result = {"bench": "analysis", "scale": args.scale, "build": BUILD, "full_sentences_per_s": round(full_rate)}
    sbd = run_pysbd(texts)
    if sbd is not None:
        sbd = min([sbd] + [run_pysbd(texts) for _ in range(args.repeat - 1)])
    if sbd is None:
        print("pysbd is not installed (pip install -e '.[dev]'): no comparison")
    else:
        sbd_s, sbd_n = sbd
        sbd_rate = sbd_n / sbd_s
        ratio = full_rate / sbd_rate
        print(f"pysbd segmentation:    {sbd_n:8,} sentences in {sbd_s:6.2f} s = {sbd_rate:9,.0f} sentences/s")
        verdict = "meets" if ratio >= 3 else "MISSES"
        print(f"ratio full / pysbd:    {ratio:.1f}x  ({verdict} the 3x target)")
        result.update(pysbd_sentences_per_s=round(sbd_rate), ratio=round(ratio, 2))

    print("\nWhere the time goes (each stage run on its own):")
    runs = [stage_times(texts) for _ in range(args.repeat)]
    stages = {name: min(r[name] for r in runs) for name in runs[0]}
    for name, seconds in stages.items():
        print(f"  {name:36} {seconds:6.2f} s  {100 * seconds / full_s:5.1f} %")
    rest = max(0.0, full_s - sum(stages.values()))
    print(f"  {'rest (quotes, sources, statuses)':36} {rest:6.2f} s  {100 * rest / full_s:5.1f} %")

    profile = cProfile.Profile()
    profile.enable()
    for text in texts[: max(1, len(texts) // 4)]:
        analyze(text)
    profile.disable()
    buf = io.StringIO()
    pstats.Stats(profile, stream=buf).sort_stats("tottime").print_stats(args.profile_top)
    print(f"\ncProfile of analyze() on a quarter of the corpus, top {args.profile_top} by own time:")
    if BUILD == "compiled":
        print("  (compiled: cProfile sees analyze() as one call; FACTCHECK_PURE_ANALYSIS=1 shows its functions)")
    lines = buf.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    for line in lines[start : start + args.profile_top + 1]:
        print("  " + line.replace(str(REPO_ROOT) + os.sep, ""))
    print("BENCH_JSON " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hostile input: does the analysis stay linear in the text, up to the upload limit?

    python bench/hostile.py                      # 16, 32 and 64 KiB of each pattern (about a minute)
    BENCH_SCALE=full python bench/hostile.py     # 512 KiB, 1 MiB and 2 MiB (the upload limit)
    python bench/hostile.py --pattern "quote marks" --sizes 65536,131072 --spacy   # one pattern, any sizes

Each pattern (a reviewer's upload built to be expensive: one speaker turn repeated, thousands of distinct
names, quotations and cues that never end a sentence, 100,000 quote marks, ...) is analysed by
``analyze()`` at 1x, 2x and 4x its size, each in a fresh process forked from this one (the pipeline loaded
once before; a measurement under a second is repeated and the fastest kept), under a time limit and a
memory limit. The figures are the child's CPU seconds (a neighbour on a shared machine slows the clock,
much less the CPU time), its wall seconds and its peak memory. Targets:
each doubling at most 2.2x the time, and the largest size (the upload limit) analysed in under 30 s. The
same pieces also go through the pipeline's ``nlp.pipe`` alone (64 a batch, as in ``analyze``), at the
largest size at full scale and at every size with ``--spacy``, so that the rules' share can be told from
spaCy's own.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from itertools import count, pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEMO_TEXT, emit, full_scale

from config import Config

LIMIT = Config.MAX_CONTENT_LENGTH  # the upload limit, in bytes
MAX_GROWTH = 2.2  # per doubling of the input
MAX_SECONDS_AT_LIMIT = 30.0
MEMORY_LIMIT = 6 * 2**30  # address space of one measurement's process: a runaway is stopped, not the machine
SHORT = 1.0  # CPU seconds: a measurement shorter than this is repeated and the fastest kept (as timeit does)
REPEATS = 5


def _names() -> Callable[[int], tuple[str, str]]:
    """The i-th of distinct (first name, surname) pairs from the analysis's own name lists (distinct for
    i below the product of the lists' lengths, some fifty million)."""
    from factcheck.analysis.lexicons import read_entries

    firsts = [entry[0] for entry in read_entries("first_names.txt")]
    lasts = [entry[0] for entry in read_entries("surnames.txt")]
    return lambda i: (firsts[i % len(firsts)], lasts[(i * 7) % len(lasts)])


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit.encode()) + 1)


def _each(make: Callable[[int], str]) -> Callable[[int], str]:
    """Units that differ each time (``make(i)``), as many as fill ``size`` bytes."""

    def build(size: int) -> str:
        parts, total = [], 0
        for i in count():
            if total >= size:
                return "".join(parts)
            part = make(i)
            parts.append(part)
            total += len(part.encode())

    return build


def patterns() -> dict[str, Callable[[int], str]]:
    """Name: a function giving at least ``size`` bytes of that pattern (cut to the size by ``text_of``)."""
    names = _names()
    demo = DEMO_TEXT.read_text(encoding="utf-8")
    return {
        "an article (the demo article repeated; the control)": _repeat(demo + "\n\n"),
        "one speaker turn repeated ('\"Yes,\" said Robert Chambers. ')": _repeat('"Yes," said Robert Chambers. '),
        "distinct names, each saying something": _each(
            lambda i: "{} {} said the budget would pass. ".format(*names(i))
        ),
        "quotations and cues, no sentence end": _repeat("“we agree” said the officials and "),
        "one endless sentence": _repeat("the minister said that the plan would work and "),
        "quote marks (100,000 in 100 KB)": _repeat('"'),
        "a name list (one paragraph)": _each(lambda i: "{} {} of the city council, ".format(*names(i))),
        "a table flattened to text": _each(
            lambda i: f"| {names(i)[1]} | said on Monday | {i * 37 % 10_000:,} votes | {i % 97}.{i % 10} % |\n"
        ),
        "short paragraphs": _each(lambda i: "{} {} said the budget would pass.\n\n".format(*names(i))),
        "speaker turns with a colon": _each(lambda i: f"{names(i)[1].upper()}: We will see about that.\n"),
        "a paragraph in German (not analysed, only split)": _repeat(
            "Der Minister sagte, dass der Plan funktionieren werde, und die Opposition widersprach. "
        ),
    }


def text_of(make: Callable[[int], str], size: int) -> str:
    """The pattern cut to at most ``size`` bytes of UTF-8 (the upload limit counts bytes)."""
    return make(size).encode()[:size].decode(errors="ignore")


def _measure(conn, make: Callable[[int], str], size: int, spacy_alone: bool) -> None:
    """In the child: analyse (or only parse) the text and send back the figures."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from factcheck.analysis import analyze, document, pipeline, split_blocks

    try:
        text = text_of(make, size)
        cpu, wall = time.process_time(), time.perf_counter()
        if spacy_alone:
            pieces = document.pieces(text, split_blocks(text))
            for _doc in pipeline.load().pipe((text[p.start : p.end] for p in pieces), batch_size=64):
                pass
            found = {"pieces": len(pieces)}
        else:
            analysis = analyze(text)
            cut = [claim.reason for claim in analysis.claims if "were searched for attributions" in claim.reason]
            found = {
                "language": analysis.language,
                "claims": len(analysis.claims),
                "cut": len(cut),
                "cut_reason": cut[0][-90:] if cut else None,
            }
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    except MemoryError:
        conn.send({"error": f"out of memory (over {MEMORY_LIMIT / 2**30:.0f} GiB)"})
        return
    except Exception as error:  # a crash is a finding: report it, go on with the other patterns
        conn.send({"error": f"{type(error).__name__}: {str(error)[:160]}"})
        return
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.send({"cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "peak_mib": round(peak), **found})


def measure(make: Callable[[int], str], size: int, spacy_alone: bool, timeout: float) -> dict:
    """One measurement in a forked child, stopped after ``timeout`` seconds."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_measure, args=(send, make, size, spacy_alone))
    child.start()
    send.close()
    try:
        if receive.poll(timeout):
            return receive.recv()
        return {"error": f"stopped after {timeout:.0f} s"}
    except EOFError:
        return {"error": f"the process died (exit status {child.exitcode})"}
    finally:
        child.kill()
        child.join()


def measure_best(make: Callable[[int], str], size: int, spacy_alone: bool, timeout: float) -> dict:
    """``measure``, repeated while it is short: a tenth of a second in a fresh process is mostly the
    machine's noise (page faults, a neighbour), and a ratio of two such figures says nothing of growth."""
    best = measure(make, size, spacy_alone, timeout)
    for _ in range(REPEATS - 1):
        if "error" in best or best["cpu_s"] >= SHORT:
            break
        again = measure(make, size, spacy_alone, timeout)
        if "error" not in again and again["cpu_s"] < best["cpu_s"]:
            best = again
    return best


def growth(seconds: list[float | None]) -> list[float | None]:
    """Time ratio of each size to the one before it (the sizes double)."""
    return [None if a is None or b is None or a <= 0 else round(b / a, 2) for a, b in pairwise(seconds)]


def cell(result: dict) -> str:
    if "error" in result:
        return result["error"]
    return f"{result['cpu_s']:7.2f} s cpu {result['wall_s']:7.2f} s wall {result['peak_mib']:6.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pattern", help="only the patterns whose name contains this")
    parser.add_argument("--sizes", help="comma-separated sizes in bytes (default: the scale's three)")
    parser.add_argument("--spacy", action="store_true", help="also time nlp.pipe alone at every size")
    parser.add_argument("--timeout", type=float, help="seconds per measurement (default 60, full scale 300)")
    args = parser.parse_args(argv)
    full = full_scale()
    top = LIMIT if full else 64 * 1024
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [top // 4, top // 2, top]
    # spaCy alone: at every size when asked, else at the largest one at full scale (the rules' share there)
    spacy_sizes = sizes if args.spacy else sizes[-1:] if full else []
    timeout = args.timeout or (300.0 if full else 60.0)
    chosen = {name: make for name, make in patterns().items() if not args.pattern or args.pattern in name}

    from factcheck.analysis import analyze, pipeline

    started = time.perf_counter()
    pipeline.load()
    # Lexicons, the language model and the sentencizer loaded before the children fork.
    analyze(DEMO_TEXT.read_text(encoding="utf-8"))
    analyze("Der Minister sagte, dass der Plan funktionieren werde, und die Opposition widersprach.")
    # What is loaded so far is moved out of the collector's sight (the gc module's advice before a fork):
    # else each child's full collections walk, and copy, this process's heap, and the figures measure it.
    gc.freeze()
    print(
        f"Hostile input at {', '.join(f'{s / 1024:,.0f} KiB' for s in sizes)}; each measurement in a fresh "
        f"process (the fastest of {REPEATS} when under {SHORT:.0f} s), at most {timeout:.0f} s and "
        f"{MEMORY_LIMIT / 2**30:.0f} GiB; pipeline loaded in "
        f"{time.perf_counter() - started:.1f} s. Targets: x{MAX_GROWTH} per doubling at most, the "
        f"{sizes[-1] / 2**20:.2f} MiB size in under {MAX_SECONDS_AT_LIMIT:.0f} s.\n",
        flush=True,
    )
    results, failing = [], []
    for name, make in chosen.items():
        row = {"pattern": name}
        for kind, kind_sizes in (("analysis", sizes), ("spacy", spacy_sizes)):
            if not kind_sizes:
                continue
            measured = []
            for size in kind_sizes:
                # After a stop or a crash, the larger sizes would only take longer.
                result = (
                    measure_best(make, size, kind == "spacy", timeout)
                    if not measured or "error" not in measured[-1]
                    else {"error": "not run (smaller size failed)"}
                )
                measured.append({"bytes": size, **result})
            seconds = [m.get("cpu_s") for m in measured]
            row[kind] = measured
            row[f"{kind}_growth"] = growth(seconds)
        print(f"{name}")
        first = row["analysis"][0]
        if "language" in first:
            claims = ", ".join(str(m.get("claims", "-")) for m in row["analysis"])
            cut = ", ".join(str(m.get("cut", "-")) for m in row["analysis"])
            print(f"  language {first['language']}; claims {claims}; sentences cut short {cut}")
        reason = next((m["cut_reason"] for m in row["analysis"] if m.get("cut_reason")), None)
        if reason:
            print(f"  reason given: '...{reason}'")
        for kind in ("analysis", "spacy"):
            if kind not in row:
                continue
            for m in row[kind]:
                print(f"  {kind:8} {m['bytes'] / 1024:7,.0f} KiB: {cell(m)}")
            ratios = ", ".join("-" if g is None else f"x{g}" for g in row[f"{kind}_growth"])
            print(f"  {kind:8} growth per doubling: {ratios}")
        last = row["analysis"][-1]
        problems = [f"x{g} per doubling" for g in row["analysis_growth"] if g is not None and g > MAX_GROWTH]
        if "error" in last:
            problems.append(last["error"])
        elif last["cpu_s"] > MAX_SECONDS_AT_LIMIT or last["wall_s"] > MAX_SECONDS_AT_LIMIT:
            problems.append(f"{max(last['cpu_s'], last['wall_s']):.0f} s at {last['bytes'] / 1024:,.0f} KiB")
        row["problems"] = problems
        if problems:
            failing.append(f"{name}: {'; '.join(problems)}")
        print(f"  -> {'MISSES: ' + '; '.join(problems) if problems else 'meets both targets'}\n", flush=True)
        results.append(row)
    print(f"{len(failing)} of {len(results)} patterns miss a target" + (":" if failing else "."))
    for line in failing:
        print(f"  {line}")
    emit(
        "hostile",
        {
            "sizes": sizes,
            "max_growth": MAX_GROWTH,
            "max_seconds": MAX_SECONDS_AT_LIMIT,
            "patterns_missing": len(failing),
            "patterns": len(results),
            "results": results,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Print candidate entries for the attribution lexicons from an annotated corpus.

Usage::

    python scripts/derive_lexicons.py PATH_TO_POLNEAR_TRAIN [--min-count N] [--top N] [--check]

PATH_TO_POLNEAR_TRAIN is a PolNeAR split directory holding ``text/NAME.txt`` and
``attributions/NAME_ANNOTATOR.ann`` (brat standoff). The corpus is read in place and nothing from it is
written anywhere: the script prints, for each lexicon of ``factcheck/analysis/lexicons/``, candidate
entries with their counts. The shipped lists are a curated result of this output (entries above a
frequency threshold, checked by hand, completed with full inflection paradigms and with the words that
style guides name), not a copy of it. Use the train split only; dev is held out for evaluation.

Sections printed:

* ``cue-verbs``: single words of cue spans grouped by a naive verb lemma (reporting_verbs.txt).
* ``cue-phrases``: multiword cue spans, lowercased (cue_phrases.txt).
* ``cue-nouns``: cue words that look nominal (after a determiner or with a noun suffix) (cue_nouns.txt).
* ``hedge-cues``: cue spans of attributions without a source, and ``-ly`` adverbs in them (hedges.txt).
* ``anonymous-heads``: head nouns of source spans without any capitalised word, i.e. unnamed people or
  groups (anonymous_sources.txt; document and organisation heads also show up here).
* ``name-titles``: capitalised words before the last two words of a capitalised run in a source span
  ("Sen.", "Secretary") (titles_offices.txt).
* ``name-descriptors``: lowercase words right before a capitalised run in a source span ("analyst",
  "spokesman") (generic_descriptors.txt vs titles_offices.txt, split by hand).
* ``capitalised-sources``: whole source spans made only of capitalised words (outlets, organisations,
  places used for governments).

With ``--check`` it also prints what the shipped lists do not cover yet: the share of cue-word tokens
covered by reporting verbs, cue nouns and cue phrases, and the frequent cue words, source heads and
name descriptors missing from every list (the to-do list of the last curation round).

The shipped lists were made with the defaults (``--min-count 3``), reading the candidates top-down,
keeping what is a reporting cue / source type in general news English (not what is specific to the 2016
campaign) and adding full paradigms and style-guide words. Only one annotation per article is read (the
first annotator in file-name order), as the corpus README asks.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
E_LINE = re.compile(r"^(E\d+)\t(.*)$")
WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z.]|[A-Za-z]")

DETERMINERS = {"a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "this", "that", "in"}
NOUN_SUFFIXES = ("ment", "tion", "sion", "ance", "ence", "ies", "ism", "ure", "view", "port")
STOP_HEADS = {"who", "which", "that", "of", "with", "at", "from", "in", "on", "for", "and", "or", ",", "to"}
FUNCTION_WORDS = {
    "a",
    "an",
    "the",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "and",
    "or",
    "but",
    "that",
    "it",
    "is",
    "was",
    "be",
    "been",
    "has",
    "have",
    "had",
    "not",
    "n't",
    "do",
    "did",
    "does",
    "as",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "also",
    "would",
    "will",
    "could",
}

IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "thought": "think",
    "spoke": "speak",
    "spoken": "speak",
    "knew": "know",
    "known": "know",
    "felt": "feel",
    "saw": "see",
    "seen": "see",
    "heard": "hear",
    "made": "make",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "found": "find",
    "meant": "mean",
    "held": "hold",
    "taught": "teach",
    "became": "become",
    "began": "begin",
    "begun": "begin",
    "forgot": "forget",
    "forgotten": "forget",
    "understood": "understand",
    "swore": "swear",
    "sworn": "swear",
    "foresaw": "foresee",
    "foreseen": "foresee",
    "forecast": "forecast",
    "broke": "break",
    "broken": "break",
    "went": "go",
    "gone": "go",
    "put": "put",
    "read": "read",
    "let": "let",
    "set": "set",
    "hit": "hit",
    "bet": "bet",
    "cast": "cast",
    "is": "be",
    "was": "be",
    "were": "be",
    "been": "be",
    "am": "be",
    "are": "be",
    "has": "have",
    "had": "have",
    "did": "do",
    "does": "do",
    "done": "do",
    "lied": "lie",
    "lies": "lie",
    "denied": "deny",
    "replied": "reply",
    "implied": "imply",
    "testified": "testify",
    "clarified": "clarify",
    "sang": "sing",
    "sung": "sing",
    "sought": "seek",
    "bought": "buy",
    "brought": "bring",
    "stood": "stand",
}


def lemma(word: str, vocab: Counter[str] | None = None) -> str:
    """A naive English verb lemma, good enough to group corpus counts (not shipped).

    With ``vocab`` (corpus word counts), the stem of an -ed/-ing/-s form is chosen among the candidates
    (``noted`` -> note/not, ``admitted`` -> admit/admitt) by which is the most frequent word.
    """
    w = word.lower().replace("’", "'")
    if w in IRREGULAR:
        return IRREGULAR[w]
    for suffix, repl in (("ies", "y"), ("ied", "y")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            return w[: -len(suffix)] + repl
    for suffix in ("ing", "ed", "es", "s"):
        if not w.endswith(suffix) or len(w) <= len(suffix) + 2 or (suffix == "s" and w.endswith("ss")):
            continue
        stem = w[: -len(suffix)]
        candidates = [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
        candidates = [c for c in candidates if len(c) > 2 and c not in FUNCTION_WORDS] or [stem]
        if vocab:
            best = max(candidates, key=lambda c: vocab.get(c, 0))
            if vocab.get(best, 0):
                return best
        if suffix in {"ing", "ed"} and stem.endswith(("at", "ot", "ut", "iv", "av", "ov", "uc", "ud", "ib")):
            return stem + "e"
        return stem
    return w


@dataclass
class Span:
    kind: str
    text: str


@dataclass
class Relation:
    cue: Span | None
    source: Span | None
    has_source_role: bool


def read_article(ann: Path, text: str) -> Iterator[Relation]:
    spans: dict[str, Span] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        m = T_LINE.match(line)
        if m:
            parts = []
            for piece in m.group(3).split(";"):
                start, end = (int(x) for x in piece.split())
                parts.append(text[start:end])
            spans[m.group(1)] = Span(m.group(2), " ".join(parts))
            continue
        m = E_LINE.match(line)
        if m:
            roles = dict(arg.split(":", 1) for arg in m.group(2).split() if ":" in arg)
            relations.append(roles)
    for roles in relations:
        cue = spans.get(roles.get("Cue", ""))
        source = spans.get(roles.get("Source", ""))
        yield Relation(cue, source, "Source" in roles)


def one_annotation_per_article(root: Path) -> Iterator[tuple[Path, Path]]:
    seen: set[str] = set()
    for ann in sorted((root / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name in seen:
            continue
        seen.add(name)
        txt = root / "text" / f"{name}.txt"
        if txt.exists():
            yield ann, txt


def words(s: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(" ".join(s.split()))]


def is_cap(w: str) -> bool:
    return w[:1].isupper()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--top", type=int, default=300)
    parser.add_argument(
        "--check",
        action="store_true",
        help="also print frequent candidates that the shipped lists do not cover (for curation)",
    )
    args = parser.parse_args(argv)

    articles = [(ann, txt.read_text(encoding="utf-8")) for ann, txt in one_annotation_per_article(args.train_dir)]
    vocab: Counter[str] = Counter()
    for _, text in articles:
        vocab.update(w.lower() for w in words(text))

    cue_lemmas: dict[str, Counter[str]] = defaultdict(Counter)
    cue_phrases: Counter[str] = Counter()
    cue_nouns: Counter[str] = Counter()
    hedge_cues: Counter[str] = Counter()
    hedge_adverbs: Counter[str] = Counter()
    anon_heads: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    descriptors: Counter[str] = Counter()
    cap_sources: Counter[str] = Counter()
    n_articles = n_relations = 0

    for ann, text in articles:
        n_articles += 1
        for rel in read_article(ann, text):
            n_relations += 1
            if rel.cue is not None:
                cw = words(rel.cue.text)
                low = [w.lower() for w in cw]
                for i, w in enumerate(low):
                    if w in FUNCTION_WORDS or not w.isalpha():
                        continue
                    cue_lemmas[lemma(w, vocab)][w] += 1
                    prev = low[i - 1] if i else ""
                    if prev in DETERMINERS or w.endswith(NOUN_SUFFIXES):
                        cue_nouns[w] += 1
                if len(low) > 1:
                    cue_phrases[" ".join(low)] += 1
                if not rel.has_source_role:
                    hedge_cues[" ".join(low)] += 1
                    for w in low:
                        if w.endswith("ly"):
                            hedge_adverbs[w] += 1
            if rel.source is not None:
                sw = words(rel.source.text)
                if not sw:
                    continue
                if (not any(is_cap(w) for w in sw[1:]) and not is_cap(sw[0])) or (
                    len(sw) > 1
                    and sw[0].lower() in DETERMINERS | {"some", "many", "several"}
                    and not any(is_cap(w) for w in sw[1:])
                ):
                    head = None
                    for w in sw:
                        if w.lower() in STOP_HEADS:
                            break
                        head = w.lower()
                    if head:
                        anon_heads[head] += 1
                if all(is_cap(w) or w.lower() in {"of", "the", "for", "and"} for w in sw):
                    cap_sources[" ".join(sw)] += 1
                # capitalised runs: titles before names, lowercase descriptors right before a run
                i = 0
                while i < len(sw):
                    if is_cap(sw[i]):
                        j = i
                        while j < len(sw) and (is_cap(sw[j]) or sw[j] in {"of", "for"}):
                            j += 1
                        run = sw[i:j]
                        if i > 0 and not is_cap(sw[i - 1]):
                            descriptors[sw[i - 1].lower()] += 1
                        if len(run) >= 3:
                            for w in run[:-2]:
                                if w not in {"of", "for"}:
                                    titles[w] += 1
                        i = j
                    else:
                        i += 1

    out = sys.stdout
    print(f"# {n_articles} articles, {n_relations} attribution relations", file=out)

    def section(name: str, counter: Counter[str]) -> None:
        print(f"\n== {name}", file=out)
        for key, count in counter.most_common(args.top):
            if count < args.min_count:
                break
            print(f"{count:6d}  {key}", file=out)

    print("\n== cue-verbs (lemma: total  forms)", file=out)
    ranked = sorted(cue_lemmas.items(), key=lambda kv: -sum(kv[1].values()))
    for lem, forms in ranked[: args.top]:
        total = sum(forms.values())
        if total < args.min_count:
            break
        print(f"{total:6d}  {lem}: {' '.join(f for f, _ in forms.most_common())}", file=out)
    section("cue-phrases", cue_phrases)
    section("cue-nouns", cue_nouns)
    section("hedge-cues (attributions without source)", hedge_cues)
    section("hedge-adverbs", hedge_adverbs)
    section("anonymous-heads", anon_heads)
    section("name-titles", titles)
    section("name-descriptors", descriptors)
    section("capitalised-sources", cap_sources)
    if args.check:
        check(args, cue_lemmas, anon_heads, descriptors, cap_sources)
    return 0


def check(
    args: argparse.Namespace,
    cue_lemmas: dict[str, Counter[str]],
    anon_heads: Counter[str],
    descriptors: Counter[str],
    cap_sources: Counter[str],
) -> None:
    """Print frequent corpus candidates missing from the shipped lists, and token coverage rates."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from factcheck.analysis import lexicons as lx

    cue_words: Counter[str] = Counter()
    for forms in cue_lemmas.values():
        cue_words.update(forms)
    phrases = [p for group in lx.SOURCE_AFTER_PHRASES.values() for p in group]
    known_cue = set(lx.REPORTING_VERBS) | lx.CUE_NOUNS | {w for p in phrases for w in p.split()}
    total = sum(cue_words.values())
    covered = sum(c for w, c in cue_words.items() if w in known_cue)
    print(f"\n== check: cue word tokens covered {covered}/{total} ({covered / max(total, 1):.1%})")
    for w, c in cue_words.most_common():
        if c < args.min_count:
            break
        if w not in known_cue:
            print(f"{c:6d}  {w}")

    known_src = (
        lx.ANONYMOUS_HEADS
        | lx.ANONYMOUS_QUANTIFIERS
        | lx.ORG_HEADS
        | lx.GOVERNMENT_BODIES
        | lx.ORGANISATIONS
        | lx.DOCUMENT_NOUNS
        | lx.OUTLET_HEADS
        | lx.TITLES_OFFICES
        | lx.GENERIC_DESCRIPTORS
    )
    print("\n== check: anonymous-heads not in any source list")
    for w, c in anon_heads.most_common():
        if c < args.min_count:
            break
        if w not in known_src:
            print(f"{c:6d}  {w}")
    print("\n== check: name-descriptors not in titles_offices / generic_descriptors")
    for w, c in descriptors.most_common():
        if c < args.min_count:
            break
        if w not in lx.TITLES_OFFICES | lx.GENERIC_DESCRIPTORS and w not in FUNCTION_WORDS | DETERMINERS:
            print(f"{c:6d}  {w}")
    names = set(lx.OUTLETS) | set(lx.PLACES) | {n.lower() for n in lx.GOVERNMENT_BODIES | lx.ORGANISATIONS}
    print("\n== check: capitalised sources found in outlets / places / bodies")
    for span, c in cap_sources.most_common():
        if c < args.min_count:
            break
        bare = span.removeprefix("the ").removeprefix("The ")
        if span in names or bare in names or span.lower() in names or bare.lower() in names:
            print(f"{c:6d}  {span}")


if __name__ == "__main__":
    raise SystemExit(main())

"""Evaluate the attribution analysis against a PolNeAR split in brat standoff format.

Usage::

    python -m factcheck.analysis.evaluate DIR [--limit N] [--json] [--errors FILE]

``DIR`` holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann`` (read by
:mod:`factcheck.analysis.polnear`). The texts and annotations are read in place; nothing is copied.

Scores
------
*Spans* (cue, source, content), micro-averaged over the corpus:

- **overlap**: a predicted span is correct if it overlaps (shares at least one character with) a gold
  span of the same role; a gold span is found if any predicted span of that role overlaps it. For a
  discontinuous gold span, overlap with any of its fragments counts.
- **exact**: same start and end. A discontinuous gold span is matched exactly by a predicted span equal
  to any one of its fragments *or* to its hull (first start, last end): analysers produce contiguous
  spans, and either reading is a defensible "exact" answer.
- **trimmed**: exact after trimming quotes, punctuation and whitespace (:data:`TRIM_CHARS`) off both
  ends of both spans, so that ``“Taxes rise,”`` and ``Taxes rise`` match: annotators and analysers
  disagree mostly on whether the quotation marks and the comma belong to the content.

Matching is not one-to-one: precision counts predicted spans that match some gold span, recall counts
gold spans matched by some predicted span, so ``tp_pred`` and ``tp_gold`` may differ. Identical spans
(same role and offsets) are counted once on each side.

*Sentences*: the analysis's own claims, except those with status ``not_a_claim``. A sentence is
attributed in the gold data when it overlaps a gold cue or at least half of its characters lie inside
gold content; it is predicted attributed when the claim has an attribution or its status is one of
sourced, unverified_named, anonymous, hedged. Attributed is the positive class.

*Annotators*: a few articles carry several annotations; exactly one is scored per article, the first
annotation file in sorted file-name order.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.analysis.model import Analysis, Claim, Span, Status
from factcheck.analysis.polnear import Document, EvaluationError, GoldAnnotation, GoldSpan, find_documents

ROLES = ("cue", "source", "content")
MATCHES = ("overlap", "exact", "trimmed")
# Characters the "trimmed" match ignores at either end of a span (quotes, punctuation, whitespace).
TRIM_CHARS = " \t\r\n\"'“”‘’«»,.;:!?()[]{}—–-…"

_ATTRIBUTED_STATUSES = frozenset({Status.SOURCED, Status.UNVERIFIED_NAMED, Status.ANONYMOUS, Status.HEDGED})

AnalyzeFn = Callable[[str], Analysis]


# ---------------------------------------------------------------------------------------------------
# Matching


def _overlaps(start: int, end: int, fragments: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in fragments)


def _exact(start: int, end: int, gold: GoldSpan) -> bool:
    return (start, end) == (gold.start, gold.end) or (start, end) in gold.fragments


def trim(start: int, end: int, text: str) -> tuple[int, int]:
    """``(start, end)`` shrunk past any :data:`TRIM_CHARS` at either end (empty spans stay empty)."""
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    return start, end


def _trimmed(start: int, end: int, gold: GoldSpan, text: str) -> bool:
    pred = trim(start, end, text)
    candidates = [(gold.start, gold.end), *gold.fragments]
    return any(pred == trim(s, e, text) for s, e in candidates)


def span_matches(pred: tuple[int, int], gold: GoldSpan, match: str, text: str | None = None) -> bool:
    """Whether a predicted ``(start, end)`` matches a gold span under ``match``.

    ``match`` is "overlap", "exact", or "trimmed" (exact after trimming quotes, punctuation and
    whitespace off both ends of both spans; needs ``text``).
    """
    if match == "overlap":
        return _overlaps(pred[0], pred[1], gold.fragments)
    if match == "exact":
        return _exact(pred[0], pred[1], gold)
    if match == "trimmed":
        if text is None:
            raise ValueError("the trimmed match needs the text")
        return _trimmed(pred[0], pred[1], gold, text)
    raise ValueError(f"unknown match {match!r}")


@dataclass(slots=True)
class Counts:
    """Counts for one role and match type; see the module docstring for the non-one-to-one matching."""

    pred: int = 0
    gold: int = 0
    tp_pred: int = 0  # predicted spans that match some gold span
    tp_gold: int = 0  # gold spans matched by some predicted span

    @property
    def fp(self) -> int:
        """Predicted spans that match no gold span."""
        return self.pred - self.tp_pred

    @property
    def fn(self) -> int:
        """Gold spans that no predicted span matches."""
        return self.gold - self.tp_gold

    @property
    def precision(self) -> float:
        """tp_pred / pred (0 when nothing is predicted)."""
        return self.tp_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        """tp_gold / gold (0 when there is no gold span)."""
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        """Add another count in place (micro-averaging)."""
        self.pred += other.pred
        self.gold += other.gold
        self.tp_pred += other.tp_pred
        self.tp_gold += other.tp_gold

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as a JSON-ready dict."""
        return {
            "pred": self.pred,
            "gold": self.gold,
            "tp_pred": self.tp_pred,
            "fp": self.fp,
            "tp_gold": self.tp_gold,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(slots=True)
class RoleResult:
    """Matching result for one role in one document."""

    counts: Counts
    false_positives: list[tuple[int, int]]
    false_negatives: list[GoldSpan]


def match_role(
    preds: Iterable[tuple[int, int]], golds: Sequence[GoldSpan], match: str, text: str | None = None
) -> RoleResult:
    """Match the predicted spans of one role against the gold spans of that role.

    Predicted spans are deduplicated by offsets; empty spans are dropped. ``text`` is needed for the
    "trimmed" match only.
    """
    unique = sorted({(s, e) for s, e in preds if e > s})
    counts = Counts(pred=len(unique), gold=len(golds))
    fps = []
    for p in unique:
        if any(span_matches(p, g, match, text) for g in golds):
            counts.tp_pred += 1
        else:
            fps.append(p)
    fns = []
    for g in golds:
        if any(span_matches(p, g, match, text) for p in unique):
            counts.tp_gold += 1
        else:
            fns.append(g)
    return RoleResult(counts, fps, fns)


def predicted_spans(analysis: Analysis) -> dict[str, list[tuple[int, int]]]:
    """The ``(start, end)`` of every cue, source and content span of every attribution, by role."""
    out: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
    for claim in analysis.claims:
        for attribution in claim.attributions:
            for role in ROLES:
                span: Span | None = getattr(attribution, role)
                if span is not None:
                    out[role].append((span.start, span.end))
    return out


# ---------------------------------------------------------------------------------------------------
# Sentences


def _union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _covered(start: int, end: int, union: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(end, e) - max(start, s)) for s, e in union)


def gold_attributed(
    start: int, end: int, gold: GoldAnnotation, content_union: Sequence[tuple[int, int]] | None = None
) -> bool:
    """Gold label of a sentence: it overlaps a gold cue or at least half its characters are gold content."""
    if end <= start:
        return False
    if any(_overlaps(start, end, g.fragments) for g in gold.by_role("cue")):
        return True
    if content_union is None:
        content_union = _union(f for g in gold.by_role("content") for f in g.fragments)
    return 2 * _covered(start, end, content_union) >= end - start


def predicted_attributed(claim: Claim) -> bool:
    """Predicted label of a sentence: it has an attribution or an attributed status."""
    return bool(claim.attributions) or claim.status in _ATTRIBUTED_STATUSES


@dataclass(slots=True)
class SentenceCounts:
    """Confusion counts for the sentence-level attributed-vs-not decision."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: SentenceCounts) -> None:
        """Add another count in place."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    def to_dict(self) -> dict[str, Any]:
        """Counts and scores as a JSON-ready dict."""
        return {
            "sentences": self.tp + self.fp + self.fn + self.tn,
            "gold_attributed": self.tp + self.fn,
            "pred_attributed": self.tp + self.fp,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def label_sentences(analysis: Analysis, gold: GoldAnnotation) -> list[tuple[Claim, bool, bool]]:
    """``(claim, gold_attributed, predicted_attributed)`` for every claim that is not ``not_a_claim``."""
    content_union = _union(f for g in gold.by_role("content") for f in g.fragments)
    return [
        (c, gold_attributed(c.start, c.end, gold, content_union), predicted_attributed(c))
        for c in analysis.claims
        if c.status != Status.NOT_A_CLAIM
    ]


# ---------------------------------------------------------------------------------------------------
# Documents and corpus


@dataclass(slots=True)
class DocumentResult:
    """All results for one document."""

    roles: dict[str, dict[str, RoleResult]]  # match -> role -> result
    sentences: SentenceCounts
    sentence_errors: dict[str, list[Claim]]  # "fp" / "fn" -> claims


def score_document(analysis: Analysis, gold: GoldAnnotation) -> DocumentResult:
    """Score one analysis against one gold annotation."""
    preds = predicted_spans(analysis)
    roles = {
        match: {role: match_role(preds[role], gold.by_role(role), match, analysis.text) for role in ROLES}
        for match in MATCHES
    }
    counts = SentenceCounts()
    errors: dict[str, list[Claim]] = {"fp": [], "fn": []}
    for claim, g, p in label_sentences(analysis, gold):
        if g and p:
            counts.tp += 1
        elif p:
            counts.fp += 1
            errors["fp"].append(claim)
        elif g:
            counts.fn += 1
            errors["fn"].append(claim)
        else:
            counts.tn += 1
    return DocumentResult(roles, counts, errors)


def _sentence_of(analysis: Analysis, start: int, end: int) -> str:
    for claim in analysis.claims:
        if claim.start <= start < claim.end:
            return claim.text
    text = analysis.text
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left : right if right >= 0 else len(text)]


def error_record(doc: Document, analysis: Analysis, result: DocumentResult, match: str) -> dict[str, Any]:
    """One JSONL record of a document's false positives and negatives per role (and per sentence)."""
    text = analysis.text
    record: dict[str, Any] = {"document": doc.name, "annotator": doc.annotator, "match": match}
    for role in ROLES:
        rr = result.roles[match][role]
        record[role] = {
            "fp": [
                {"start": s, "end": e, "text": text[s:e], "sentence": _sentence_of(analysis, s, e)}
                for s, e in rr.false_positives
            ],
            "fn": [
                {
                    "start": g.start,
                    "end": g.end,
                    "fragments": [list(f) for f in g.fragments],
                    "text": " … ".join(text[s:e] for s, e in g.fragments),
                    "sentence": _sentence_of(analysis, g.start, g.end),
                }
                for g in rr.false_negatives
            ],
        }
    record["sentences"] = {
        kind: [{"start": c.start, "end": c.end, "status": str(c.status), "text": c.text} for c in claims]
        for kind, claims in result.sentence_errors.items()
    }
    return record


@dataclass(slots=True)
class CorpusResult:
    """Micro-averaged results over a corpus."""

    directory: str
    documents: int
    multi_annotated: dict[str, dict[str, Any]]
    spans: dict[str, dict[str, Counts]]  # match -> role -> counts
    sentences: SentenceCounts
    skipped_ann_lines: int
    seconds: float
    analysis_seconds: float

    @property
    def annotator_note(self) -> str:
        """A sentence saying how articles with several annotations were scored."""
        n = len(self.multi_annotated)
        if not n:
            return "one annotation per article"
        return (
            f"{n} article(s) have several annotations; scored one per article: "
            "the first annotation file in sorted order"
        )

    def to_dict(self) -> dict[str, Any]:
        """The whole result as a JSON-ready dict."""
        return {
            "directory": self.directory,
            "documents": self.documents,
            "annotator_note": self.annotator_note,
            "multi_annotated": self.multi_annotated,
            "spans": {match: {role: c.to_dict() for role, c in roles.items()} for match, roles in self.spans.items()},
            "sentences": self.sentences.to_dict(),
            "skipped_ann_lines": self.skipped_ann_lines,
            "seconds": round(self.seconds, 3),
            "analysis_seconds": round(self.analysis_seconds, 3),
        }


def evaluate(
    directory: Path,
    analyze: AnalyzeFn,
    *,
    limit: int | None = None,
    on_document: Callable[[Document, Analysis, DocumentResult], None] | None = None,
) -> CorpusResult:
    """Run ``analyze`` on every document of ``directory`` (the first ``limit``) and score it.

    ``on_document`` is called with each document, its analysis and its result (used for ``--errors``).
    """
    started = time.perf_counter()
    documents = find_documents(directory)
    if limit is not None:
        documents = documents[:limit]
    spans = {match: {role: Counts() for role in ROLES} for match in MATCHES}
    sentences = SentenceCounts()
    skipped = 0
    analysis_seconds = 0.0
    for doc in documents:
        text = doc.read_text()
        gold = doc.read_gold()
        skipped += gold.skipped_lines
        t0 = time.perf_counter()
        try:
            analysis = analyze(text)
        except Exception as exc:
            exc.add_note(f"while analysing {doc.text_path}")
            raise
        analysis_seconds += time.perf_counter() - t0
        result = score_document(analysis, gold)
        for match in MATCHES:
            for role in ROLES:
                spans[match][role].add(result.roles[match][role].counts)
        sentences.add(result.sentences)
        if on_document is not None:
            on_document(doc, analysis, result)
    multi = {d.name: {"annotators": d.annotators, "scored": d.annotator} for d in documents if len(d.annotators) > 1}
    return CorpusResult(
        directory=str(directory),
        documents=len(documents),
        multi_annotated=multi,
        spans=spans,
        sentences=sentences,
        skipped_ann_lines=skipped,
        seconds=time.perf_counter() - started,
        analysis_seconds=analysis_seconds,
    )


# ---------------------------------------------------------------------------------------------------
# Output and CLI


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for r in [header, *rows]:
        cells = [str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return lines


def format_report(result: CorpusResult) -> str:
    """The plain-text report: span table, sentence table, documents, annotator note and timing."""
    lines = [
        f"PolNeAR evaluation of {result.directory}: {result.documents} documents",
        f"Annotators: {result.annotator_note}",
    ]
    for name, info in sorted(result.multi_annotated.items()):
        lines.append(f"  {name}: scored {info['scored']} of {', '.join(info['annotators'])}")
    lines.append("")
    rows = []
    for match in MATCHES:
        for role in ROLES:
            c = result.spans[match][role]
            rows.append(
                [role, match, c.pred, c.gold, c.tp_pred, c.fp, c.tp_gold, c.fn]
                + [f"{x:.3f}" for x in (c.precision, c.recall, c.f1)]
            )
    header = ["role", "match", "pred", "gold", "tp_pred", "fp", "tp_gold", "fn", "P", "R", "F1"]
    lines += _table(header, rows)
    lines.append("tp_pred: predicted spans matching a gold span; tp_gold: gold spans found. overlap: any shared")
    lines.append("character (any fragment of a discontinuous gold span); exact: same start and end as the gold")
    lines.append("span's hull or one of its fragments; trimmed: exact after trimming quotes, punctuation and")
    lines.append("whitespace off both ends. Micro-averaged over all documents.")
    lines.append("")
    s = result.sentences
    lines.append("Sentence level (attributed vs not; claims except not_a_claim):")
    lines += _table(
        ["", "", "sentences", "tp", "fp", "fn", "tn", "P", "R", "F1"],
        [
            ["attributed", "", s.tp + s.fp + s.fn + s.tn, s.tp, s.fp, s.fn, s.tn]
            + [f"{x:.3f}" for x in (s.precision, s.recall, s.f1)]
        ],
    )
    lines.append("")
    if result.skipped_ann_lines:
        lines.append(f"Skipped {result.skipped_ann_lines} non-T/E lines in the annotation files")
    per_doc = result.analysis_seconds / result.documents * 1000 if result.documents else 0.0
    lines.append(
        f"Time: {result.seconds:.2f} s total, {result.analysis_seconds:.2f} s in analyze() "
        f"({per_doc:.1f} ms per document)"
    )
    return "\n".join(lines)


def load_analyzer() -> AnalyzeFn:
    """The real analyser, ``factcheck.analysis.analyze`` (imported lazily)."""
    from factcheck.analysis import analyze

    return analyze


def main(argv: Sequence[str] | None = None, analyze: AnalyzeFn | None = None) -> int:
    """Command-line entry point; returns the exit code (2 for an unusable directory)."""
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.analysis.evaluate",
        description="Score the attribution analysis against a PolNeAR split (brat standoff), or with --status "
        "the sourcing statuses against articles labelled sentence by sentence (statusgold format).",
    )
    parser.add_argument(
        "directory",
        type=Path,
        help="split folder with text/ and attributions/ (or, with --status, "
        "a folder of labelled *.json articles or one of them)",
    )
    parser.add_argument("--status", action="store_true", help="score statuses against labelled articles")
    parser.add_argument("--show-errors", action="store_true", help="with --status: list every unit scored wrong")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="score only the first N documents")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--errors", type=Path, default=None, metavar="FILE", help="write per-document errors as JSONL")
    parser.add_argument(
        "--errors-match",
        choices=MATCHES,
        default="overlap",
        help="which span matching the --errors file reports (default: overlap)",
    )
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.status:
        from factcheck.analysis.status_eval import status_command

        return status_command(args.directory, as_json=args.json, show_errors=args.show_errors)

    try:
        find_documents(args.directory)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if analyze is None:
        try:
            analyze = load_analyzer()
        except ImportError as exc:
            print(f"error: cannot import factcheck.analysis.analyze: {exc}", file=sys.stderr)
            return 1

    errors_file = args.errors.open("w", encoding="utf-8") if args.errors else None
    try:

        def on_document(doc: Document, analysis: Analysis, result: DocumentResult) -> None:
            """Append the document's error record to the ``--errors`` file, if any."""
            if errors_file is not None:
                record = error_record(doc, analysis, result, args.errors_match)
                errors_file.write(json.dumps(record, ensure_ascii=False) + "\n")

        result = evaluate(args.directory, analyze, limit=args.limit, on_document=on_document)
    finally:
        if errors_file is not None:
            errors_file.close()

    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

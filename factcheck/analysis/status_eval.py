"""Score the sourcing statuses against articles labelled sentence by sentence (``--status`` of ``evaluate``).

The gold files follow the format of the shared statusgold ``GUIDELINES.md``: one JSON file per article with
``text``, ``units`` (``start``, ``end``, ``status``) and ``people`` (``name``, ``identifiable``). Scoring is
the one the guidelines describe ("How to score against it"): each unit is matched with the claim that
covers most of its characters (no claim: ``not_a_claim`` predicted); accuracy over units; precision,
recall and F1 per status; the confusion table; and, over all articles, precision and recall of the named
people flagged as not identifiable (a name matches on the full name or the surname).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.analysis.model import Analysis, Claim, SourceType

STATUSES = ("sourced", "unverified_named", "anonymous", "hedged", "unattributed", "not_a_claim", "not_analysed")


@dataclass
class StatusResult:
    """Counts over all units and articles."""

    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> units
    people: Counter = field(default_factory=Counter)  # tp, fp, fn of the people flagged not identifiable
    errors: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # article, gold, pred, text, reason
    articles: int = 0

    @property
    def units(self) -> int:
        return sum(self.confusion.values())

    @property
    def accuracy(self) -> float:
        correct = sum(n for (gold, pred), n in self.confusion.items() if gold == pred)
        return correct / self.units if self.units else 0.0

    def scores(self, status: str) -> tuple[float, float, float, int, int]:
        """(precision, recall, F1, gold units, predicted units) of one status."""
        tp = self.confusion[(status, status)]
        gold = sum(n for (g, _p), n in self.confusion.items() if g == status)
        pred = sum(n for (_g, p), n in self.confusion.items() if p == status)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0, gold, pred

    def people_scores(self) -> tuple[float, float]:
        tp, fp, fn = self.people["tp"], self.people["fp"], self.people["fn"]
        return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)

    def to_dict(self) -> dict:
        people_p, people_r = self.people_scores()
        return {
            "articles": self.articles,
            "units": self.units,
            "accuracy": round(self.accuracy, 4),
            "statuses": {
                s: dict(zip(("precision", "recall", "f1", "gold", "predicted"), self.scores(s), strict=True))
                for s in STATUSES
            },
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())},
            "people_not_identifiable": {"precision": people_p, "recall": people_r, **self.people},
        }


def gold_files(path: Path) -> list[Path]:
    """The gold files of a folder (``*.json``), or the one file given."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no labelled articles (*.json)")
    return files


def best_claim(start: int, end: int, claims: list[Claim]) -> Claim | None:
    """The claim covering most of text[start:end], or None."""
    best, cover = None, 0
    for claim in claims:
        overlap = min(end, claim.end) - max(start, claim.start)
        if overlap > cover:
            best, cover = claim, overlap
    return best


def _flagged_match(name: str, pool: set[str]) -> bool:
    last = name.split()[-1]
    return any(name == other or last == other.split()[-1] for other in pool)


def score(golds: list[dict], analyses: Iterable[Analysis]) -> StatusResult:
    """Score each gold article against its analysis (same order)."""
    result = StatusResult()
    for gold, analysis in zip(golds, analyses, strict=True):
        result.articles += 1
        for unit in gold["units"]:
            claim = best_claim(unit["start"], unit["end"], analysis.claims)
            predicted = str(claim.status) if claim is not None else "not_a_claim"
            result.confusion[(unit["status"], predicted)] += 1
            if predicted != unit["status"]:
                text = gold["text"][unit["start"] : unit["end"]]
                result.errors.append(
                    (gold.get("id", "?"), unit["status"], predicted, text, claim.reason if claim else "")
                )
        flagged_gold = {p["name"].lower() for p in gold.get("people", []) if not p["identifiable"]}
        flagged = {s.name.lower() for s in analysis.sources if s.type == SourceType.PERSON and not s.identifiable}
        result.people["tp"] += sum(_flagged_match(name, flagged_gold) for name in flagged)
        result.people["fp"] += sum(not _flagged_match(name, flagged_gold) for name in flagged)
        result.people["fn"] += sum(not _flagged_match(name, flagged) for name in flagged_gold)
    return result


def evaluate_status(path: Path, analyze_many: Callable[[Iterable[str]], Iterable[Analysis]]) -> StatusResult:
    """Analyse every labelled article under ``path`` and score it."""
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in gold_files(path)]
    return score(golds, analyze_many(g["text"] for g in golds))


def format_status_report(result: StatusResult, *, errors: bool = False) -> str:
    """The report as text: per-status scores, the confusion table, the people flags, a summary line."""
    lines = [f"{'status':18s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>5s} {'pred':>5s}"]
    shown = [s for s in STATUSES if s != "not_analysed" or result.scores(s)[3] or result.scores(s)[4]]
    for status in shown:
        p, r, f, gold_count, pred_count = result.scores(status)
        lines.append(f"{status:18s} {p:6.3f} {r:6.3f} {f:6.3f} {gold_count:5d} {pred_count:5d}")
    lines.append("confusion (rows gold, columns predicted):")
    lines.append(" " * 18 + "".join(f"{s[:6]:>8s}" for s in shown))
    for gold in shown:
        lines.append(f"{gold:18s}" + "".join(f"{result.confusion[(gold, pred)]:8d}" for pred in shown))
    people_p, people_r = result.people_scores()
    tp, fp, fn = result.people["tp"], result.people["fp"], result.people["fn"]
    lines.append(
        f"named people flagged as not identifiable: precision {people_p:.3f} ({tp}/{tp + fp}), "
        f"recall {people_r:.3f} ({tp}/{tp + fn})"
    )
    if errors:
        for article, gold, pred, text, reason in result.errors:
            lines.append(f"[{article}] gold {gold} / predicted {pred}: {text[:160]!r} -- {reason[:120]}")
    sourced_p = result.scores("sourced")[0]
    unverified_p, unverified_r = result.scores("unverified_named")[:2]
    lines.append(
        f"SUMMARY articles={result.articles} units={result.units} accuracy={result.accuracy:.3f} "
        f"unverifiedP={unverified_p:.3f} unverifiedR={unverified_r:.3f} sourcedP={sourced_p:.3f} "
        f"notAClaimR={result.scores('not_a_claim')[1]:.3f} peopleP={people_p:.3f} peopleR={people_r:.3f}"
    )
    return "\n".join(lines)


def status_command(directory: Path, *, as_json: bool = False, show_errors: bool = False) -> int:
    """The ``--status`` command of ``evaluate``: score the labelled articles under ``directory`` with the real
    analyser and print the report (or JSON); returns the exit code (2 for unusable gold data)."""
    from factcheck.analysis import analyze_many

    try:
        result = evaluate_status(directory, analyze_many)
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(format_status_report(result, errors=show_errors))
    return 0

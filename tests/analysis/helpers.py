"""Small helpers for the analysis tests: find a claim by its words, the sources it names, a readable dump."""

from __future__ import annotations

from pathlib import Path

from factcheck.analysis import Analysis, Claim, Source, Status, analyze

# ../shared beside the repository (research data and tools every developer and CI run has); tests that
# read it skip when it is not there.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def dump(analysis: Analysis) -> str:
    """The claims and sources of an analysis, one per line, for assertion messages."""
    lines = [f"[{c.status}] {c.text!r}: {c.reason}" for c in analysis.claims]
    lines += [
        f"source {s.id}: {s.name!r} {s.type} identifiable={s.identifiable} descriptor={s.descriptor!r}"
        for s in analysis.sources
    ]
    return "\n".join(lines)


def claim_with(analysis: Analysis, words: str) -> Claim:
    """The one claim whose text contains ``words``."""
    found = [c for c in analysis.claims if words in c.text]
    assert len(found) == 1, f"{len(found)} claims contain {words!r}:\n{dump(analysis)}"
    return found[0]


def only_claim(text: str) -> tuple[Analysis, Claim]:
    """Analyse a one-sentence text; the analysis and its one claim."""
    analysis = analyze(text)
    assert len(analysis.claims) == 1, dump(analysis)
    return analysis, analysis.claims[0]


def sources_of(analysis: Analysis, claim: Claim) -> list[Source]:
    """The registry entries of a claim's attributions, in order, without repeats."""
    ids = dict.fromkeys(a.source_id for a in claim.attributions if a.source_id is not None)
    return [analysis.sources[i] for i in ids]


def deciding_source(analysis: Analysis, claim: Claim) -> Source:
    """The source the claim's status was given for: the one whose name its reason names."""
    candidates = [s for s in sources_of(analysis, claim) if s.name in claim.reason]
    assert candidates, f"no source of {claim.text!r} is named in its reason:\n{dump(analysis)}"
    return candidates[0]


def statuses(analysis: Analysis) -> list[Status]:
    """The status of every claim, in order."""
    return [c.status for c in analysis.claims]

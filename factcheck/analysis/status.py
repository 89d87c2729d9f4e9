"""A sentence's sourcing status and the reason shown for it, by the rules of the shared GUIDELINES.md.

The status of a sentence is that of its best-sourced attribution (sourced > unverified_named > anonymous
> hedged); with none it is unattributed, or not_a_claim for page furniture and for a question that asserts
nothing. The reason names the source and says what makes it checkable, or what is missing.
"""

from __future__ import annotations

from factcheck.analysis.model import Attribution, AttributionKind, SourceType, Status
from factcheck.analysis.sources import Entry

OUTLET_KNOWS = frozenset({"understands", "understood", "learnt", "learned", "learns", "has learned", "has learnt"})
RANK = {Status.SOURCED: 0, Status.UNVERIFIED_NAMED: 1, Status.ANONYMOUS: 2, Status.HEDGED: 3}
KIND_NAMES = {
    SourceType.ORGANISATION: "organisation",
    SourceType.GOVERNMENT: "government body",
    SourceType.OUTLET: "news outlet",
    SourceType.DOCUMENT: "document",
}


QUESTION_OPENERS = frozenset(
    [
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "whom",
        "whose",
        "which",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "is",
        "are",
        "was",
        "were",
        "am",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "won't",
        "can't",
        "couldn't",
        "shouldn't",
    ]
)


def is_question(text: str) -> bool:
    """A question that asserts nothing: it ends with a question mark and opens with a question word or an
    inverted auxiliary ("Will the generators stop?", "What is their fate?"), inside a quotation or not;
    "The dilemma is: do we ...?" states what the choice is and is not one."""
    stripped = text.rstrip("”\"’' )")
    if not stripped.endswith("?"):
        return False
    words = text.lstrip("“\"‘'-–— ").split()
    if not words:
        return False
    first = words[0].lower().strip(",").replace("’", "'").removesuffix("'s")
    return first in QUESTION_OPENERS or len(words) <= 6  # "The reason for that decline?"


def counts(attribution: Attribution, entry: Entry | None) -> bool:
    """Whether an attribution decides its sentence's status: a hedge, or one whose source is known."""
    return entry is not None or attribution.kind == AttributionKind.HEDGE


def of_attribution(attribution: Attribution, entry: Entry | None, carried: bool) -> tuple[Status, str]:
    """The status one attribution gives its sentence, with the reason."""
    if attribution.kind == AttributionKind.HEDGE:
        cue = attribution.cue.text if attribution.cue is not None else "a hedge"
        return Status.HEDGED, f"hedged: '{cue}' relays a report or belief without naming its source"
    assert entry is not None
    prefix = "inside a quotation by " if carried else ""
    source = entry.source
    if source.type == SourceType.PERSON:
        if entry.pseudonym:
            return Status.ANONYMOUS, f"anonymous: {prefix}{source.name}, {entry.why}"
        if source.identifiable:
            return Status.SOURCED, f"sourced: {prefix}{source.name} ({entry.why})"
        who = f"{prefix}{source.name}, who" if carried else source.name  # "inside a quotation by X, who is named"
        return Status.UNVERIFIED_NAMED, f"unverified_named: {who} is named but {entry.why}"
    if source.type == SourceType.GROUP:
        return Status.ANONYMOUS, f"anonymous: {prefix}'{source.name}', {entry.why or 'unnamed'}"
    if (
        source.type == SourceType.OUTLET
        and attribution.cue is not None
        and attribution.cue.text.lower() in OUTLET_KNOWS
    ):
        # "Kaieteur News learnt / understands that ...": an outlet's unnamed sources
        return (
            Status.HEDGED,
            f"hedged: {source.name} relays what it '{attribution.cue.text}' from sources it does not name",
        )
    if source.type == SourceType.DOCUMENT and not entry.identified:
        return Status.HEDGED, f"hedged: {prefix}'{source.name}', a document the text does not identify"
    return Status.SOURCED, f"sourced: {prefix}{source.name} (a named {KIND_NAMES.get(source.type, 'source')})"


def of_sentence(
    text: str, rows: list[tuple[Attribution, Entry | None, bool]], furniture: str | None, note: str = ""
) -> tuple[Status, str]:
    """The status of a sentence from its attributions ``(attribution, entry, carried)``."""
    if furniture is not None:
        return Status.NOT_A_CLAIM, f"page furniture: {furniture}"
    if is_question(text):
        return Status.NOT_A_CLAIM, "a question: it asserts nothing"
    best: tuple[int, Status, str] | None = None
    for attribution, entry, carried in rows:
        if not counts(attribution, entry):
            continue
        status, reason = of_attribution(attribution, entry, carried)
        if best is None or RANK[status] < best[0]:
            best = (RANK[status], status, reason)
    if best is not None:
        return best[1], best[2] + note
    return Status.UNATTRIBUTED, "no attribution: the text asserts this itself" + note

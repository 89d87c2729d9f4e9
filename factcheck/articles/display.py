"""Laying out an article for its page: blocks of text with the claims highlighted in place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factcheck.analysis import split_blocks

if TYPE_CHECKING:
    from factcheck.articles.models import Article
    from factcheck.claims.models import Claim


@dataclass(slots=True)
class Segment:
    """A piece of a block's text, inside a claim or between claims."""

    text: str
    claim: Claim | None = None


@dataclass(slots=True)
class DisplayBlock:
    """A paragraph, heading or boilerplate line, cut into segments."""

    index: int
    kind: str
    segments: list[Segment] = field(default_factory=list)


def layout(text: str, claims: list[Claim]) -> list[DisplayBlock]:
    """Cut ``text`` into its blocks and each block at the claims' offsets (claims sorted by start)."""
    ordered = sorted(claims, key=lambda c: c.start)
    blocks: list[DisplayBlock] = []
    i = 0
    for block in split_blocks(text):
        shown = DisplayBlock(index=block.index, kind=str(block.kind))
        cursor = block.start
        while i < len(ordered) and ordered[i].end <= block.start:
            i += 1
        j = i
        while j < len(ordered) and ordered[j].start < block.end:
            claim = ordered[j]
            start, end = max(claim.start, cursor), min(claim.end, block.end)
            if start > cursor:
                shown.segments.append(Segment(text[cursor:start]))
            if end > start:
                shown.segments.append(Segment(text[start:end], claim))
                cursor = end
            if claim.end > block.end:
                break  # the claim runs on into the next block
            j += 1
        i = j
        if cursor < block.end:
            shown.segments.append(Segment(text[cursor : block.end]))
        blocks.append(shown)
    return blocks


def paragraph_of(text: str, claim: Claim) -> tuple[str, str, str]:
    """The claim's paragraph split around the claim: (before, claim, after)."""
    for block in split_blocks(text):
        if block.start <= claim.start < block.end or block.index == claim.paragraph:
            start, end = min(block.start, claim.start), max(block.end, claim.end)
            return text[start : claim.start], text[claim.start : claim.end], text[claim.end : end]
    return "", text[claim.start : claim.end], ""


def language_notice(article: Article) -> str | None:
    """What the article page and the sourcing report say first about an article in a language the analysis
    does not support (its claims are all not_analysed); None for an article that was analysed."""
    if article.is_analysed:
        return None
    count = article.claim_count
    claims = (
        "its 1 claim is listed but was not analysed"
        if count == 1
        else (f"its {count} claims are listed but were not analysed")
    )
    # The analysis supports English alone (factcheck.analysis.language.SUPPORTED), as its reasons say too.
    return f"This article is in {article.language_name}. The sourcing analysis supports English only: {claims}."

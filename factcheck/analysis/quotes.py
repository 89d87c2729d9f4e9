"""Quotations that run over several sentences and paragraphs, found in one pass over the text.

Double quotation marks are paired: typographic ones by their shape (“ ” „ « »), straight ones by turns.
A quotation still open at the end of a paragraph continues when the next paragraph opens with a quotation
mark (the newspaper convention for a quote over several paragraphs); otherwise it ends with the paragraph.
Single quotation marks are left alone: they are apostrophes as often as quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.analysis.model import Block, BlockKind

OPENING = frozenset("“„«")
CLOSING = frozenset("”»")
STRAIGHT = '"'


@dataclass(slots=True)
class Quotation:
    """One quotation: its character range and the paragraphs (block indices) it spans."""

    start: int
    end: int
    first_block: int
    last_block: int


def _opens(text: str, start: int, end: int) -> bool:
    """Whether the paragraph text[start:end] begins with an opening quotation mark (after a dash or bullet)."""
    k = start
    while k < end and text[k] in " \t-–—•*":
        k += 1
    return k < end and (text[k] in OPENING or text[k] == STRAIGHT)


def find_quotations(text: str, blocks: list[Block]) -> list[Quotation]:
    """Every quotation of the paragraphs, in text order (linear in the length of the text)."""
    paragraphs = [b for b in blocks if b.kind == BlockKind.PARAGRAPH]
    out: list[Quotation] = []
    open_at: int | None = None
    open_block = 0
    for block in paragraphs:
        for k in range(block.start, block.end):
            ch = text[k]
            if ch in OPENING:
                if open_at is None:
                    open_at, open_block = k, block.index
                # a second opening mark inside an open quotation (a stray or nested one) keeps it open
            elif ch in CLOSING:
                if open_at is not None:
                    out.append(Quotation(open_at, k + 1, open_block, block.index))
                    open_at = None
            elif ch == STRAIGHT:
                if open_at is None:
                    open_at, open_block = k, block.index
                else:
                    out.append(Quotation(open_at, k + 1, open_block, block.index))
                    open_at = None
        if open_at is not None:
            # Still open at the paragraph's end: it ends here, and is joined with the next paragraph's
            # quotation if that paragraph opens with one (``_join_continued``).
            out.append(Quotation(open_at, block.end, open_block, block.index))
            open_at = None
    return _join_continued(text, out, paragraphs)


def _join_continued(text: str, quotes: list[Quotation], paragraphs: list[Block]) -> list[Quotation]:
    """Join a quotation left open at a paragraph's end with the one opening the next paragraph."""
    next_of = {p.index: paragraphs[i + 1] for i, p in enumerate(paragraphs[:-1])}
    joined: list[Quotation] = []
    for q in quotes:
        if joined:
            prev = joined[-1]
            nxt = next_of.get(prev.last_block)
            unclosed = text[prev.end - 1] not in CLOSING and text[prev.end - 1] != STRAIGHT
            if (
                unclosed
                and nxt is not None
                and nxt.index == q.first_block
                and q.start - nxt.start <= 3
                and _opens(text, nxt.start, nxt.end)
            ):
                joined[-1] = Quotation(prev.start, q.end, prev.first_block, q.last_block)
                continue
        joined.append(q)
    return joined


def inside(quotes: list[Quotation], start: int, end: int, at: int = 0) -> tuple[Quotation | None, int]:
    """The quotation holding most of text[start:end] (None if less than half of it is quoted), and the
    index to start the next search at (sentences are asked about in text order)."""
    k = at
    while k < len(quotes) and quotes[k].end <= start:
        k += 1
    j = k
    best, cover = None, 0
    while j < len(quotes) and quotes[j].start < end:
        overlap = min(end, quotes[j].end) - max(start, quotes[j].start)
        if overlap > cover:
            best, cover = quotes[j], overlap
        j += 1
    if best is None or cover * 2 < end - start:
        return None, k
    return best, k

"""Quotations that run over several sentences and paragraphs, found in one pass over the text.

Double quotation marks are paired: typographic ones by their shape (“ ” „ « »), straight ones by turns.
A quotation still open at the end of a paragraph continues when the next paragraph opens with a quotation
mark (the newspaper convention for a quote over several paragraphs); otherwise it ends with the paragraph.
Two apostrophes (``''``) count as a straight double mark and two backticks (````` `` `````) as an opening one:
the typewriter convention of wire and archive texts. Single quotation marks are left alone: they are
apostrophes as often as quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from factcheck.analysis.model import Block, BlockKind

OPENING = frozenset("“„«")
CLOSING = frozenset("”»")
STRAIGHT = '"'
TYPEWRITER_STRAIGHT = "''"
TYPEWRITER_OPENING = "``"


def mark_at(text: str, k: int) -> tuple[str, int]:
    """The double quotation mark starting at text[k]: its kind ("open", "close", "straight" or "") and
    length (two for the typewriter marks)."""
    ch = text[k]
    if ch in OPENING:
        return "open", 1
    if ch in CLOSING:
        return "close", 1
    if ch == STRAIGHT:
        return "straight", 1
    pair = text[k : k + 2]
    if pair == TYPEWRITER_STRAIGHT and text[k + 2 : k + 3] != "'" and text[k - 1 : k] != "'":
        return "straight", 2
    if pair == TYPEWRITER_OPENING:
        return "open", 2
    return "", 1


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
    return k < end and mark_at(text, k)[0] in ("open", "straight")


def find_quotations(text: str, blocks: list[Block]) -> list[Quotation]:
    """Every quotation of the paragraphs, in text order (linear in the length of the text)."""
    paragraphs = [b for b in blocks if b.kind == BlockKind.PARAGRAPH]
    out: list[Quotation] = []
    open_at: int | None = None
    open_block = 0
    for block in paragraphs:
        k = block.start
        while k < block.end:
            kind, size = mark_at(text, k)
            if kind == "open":
                if open_at is None:
                    open_at, open_block = k, block.index
                # a second opening mark inside an open quotation (a stray or nested one) keeps it open
            elif kind == "close":
                if open_at is not None:
                    out.append(Quotation(open_at, k + size, open_block, block.index))
                    open_at = None
            elif kind == "straight":
                if open_at is None:
                    open_at, open_block = k, block.index
                else:
                    out.append(Quotation(open_at, k + size, open_block, block.index))
                    open_at = None
            k += size
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
            unclosed = text[prev.end - 1] not in CLOSING and text[prev.end - 1] not in (STRAIGHT, "'")
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

"""The pieces of an article that spaCy parses, and the sentences read back from them.

A paragraph is one Doc (a paragraph longer than ``pipeline.MAX_PIECE_CHARS`` is cut at a sentence end or
whitespace into several); its sentences are the parser's, with a stray closing quotation mark or bracket
put back on the sentence it closes. All offsets are article offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from factcheck.analysis import pipeline
from factcheck.analysis.model import Block, BlockKind
from factcheck.analysis.sentence_view import QUOTE_CHARS, Found


@dataclass(slots=True)
class Piece:
    """A stretch of one paragraph given to spaCy as one Doc."""

    block: Block
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    """A sentence of a paragraph, with what the rules found in it."""

    start: int
    end: int
    block: Block
    doc: Doc
    base: int  # the article offset of the Doc's first character
    tokens: tuple[int, int]  # token range in the Doc
    found: list[Found] = field(default_factory=list)
    truncated: int = 0  # the sentence's length in tokens when it was searched only in part
    furniture: str | None = None  # what kind of page furniture it is, if it is
    heading: bool = False  # a heading's line: its attributions are listed, but it is no claim

    @property
    def span(self):
        return self.doc[self.tokens[0] : self.tokens[1]]


def pieces(text: str, blocks: list[Block]) -> list[Piece]:
    """The paragraphs and headings of the text as pieces of at most ``MAX_PIECE_CHARS`` characters (a
    heading is parsed too: "Pence: Gennifer Flowers won't be at the debate" attributes, though it is no
    claim)."""
    out = []
    for block in blocks:
        if block.kind == BlockKind.BOILERPLATE:
            continue
        start = block.start
        while block.end - start > pipeline.MAX_PIECE_CHARS:
            cut = _cut(text, start, start + pipeline.MAX_PIECE_CHARS)
            out.append(Piece(block, start, cut))
            start = cut
            while start < block.end and text[start].isspace():
                start += 1
        if start < block.end:
            out.append(Piece(block, start, block.end))
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """Where to cut a long paragraph before ``limit``: after the last sentence end, else at whitespace."""
    window = text[start:limit]
    for mark in (". ", "? ", "! ", "\n", "; ", ", ", " "):
        k = window.rfind(mark)
        if k > len(window) // 2:
            return start + k + 1
    return limit


def sentences(text: str, piece: Piece, doc: Doc) -> list[Sentence]:
    """The sentences of one parsed piece."""
    out: list[Sentence] = []
    base = piece.start
    for sent in doc.sents:
        s, e = trim(text, base + sent.start_char, base + sent.end_char)
        if e <= s:
            continue
        words = [t for t in sent if not t.is_punct and not t.is_space]
        if out and (
            not words
            or (len(words) <= 2 and all(t.text in QUOTE_CHARS or t.text[:1] in QUOTE_CHARS or t.is_punct for t in sent))
        ):
            # a stray closing quotation mark or bracket split off: it belongs to the sentence before
            out[-1].end = e
            out[-1].tokens = (out[-1].tokens[0], sent.end)
            continue
        out.append(Sentence(s, e, piece.block, doc, base, (sent.start, sent.end)))
    return out


def lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of text[start:end], stripped, as offset pairs."""
    out = []
    at = start
    for line in text[start:end].splitlines(keepends=True):
        s, e = trim(text, at, at + len(line))
        at += len(line)
        if e > s:
            out.append((s, e))
    return out or [(start, end)]


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """text[s:e] without whitespace at either end, as offsets."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e

"""The analysis of whole articles: blocks -> language -> parse -> sentences -> attributions -> quotations
-> sources -> statuses.

``analyze_many`` streams articles through spaCy's ``nlp.pipe`` (one Doc per paragraph, batched across
articles, optionally in several processes) and applies the rules to each article as its paragraphs come
back. ``analyze(text)`` is the one-article case.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

import spacy
from spacy.tokens import Doc

from factcheck.analysis import language, pipeline
from factcheck.analysis.attribution import QUOTE_CHARS, Found, find_attributions
from factcheck.analysis.blocks import split_blocks
from factcheck.analysis.furniture import furniture
from factcheck.analysis.model import (
    Analysis,
    Attribution,
    AttributionKind,
    Block,
    BlockKind,
    Claim,
    SourceType,
    Span,
    Status,
)
from factcheck.analysis.quotes import Quotation, find_quotations, inside
from factcheck.analysis.sources import Cast, Entry, Registry, source_head

FIRST_AND_SECOND_PERSON = frozenset({"i", "we", "you", "me", "us"})
RANK = {Status.SOURCED: 0, Status.UNVERIFIED_NAMED: 1, Status.ANONYMOUS: 2, Status.HEDGED: 3}


@dataclass(slots=True)
class Piece:
    """A stretch of one paragraph given to spaCy as one Doc (long paragraphs are cut into pieces)."""

    block: Block
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    """A sentence of a paragraph, with what the rules found in it."""

    start: int
    end: int
    block: Block
    doc_id: int
    doc: Doc | None
    tokens: tuple[int, int]
    found: list[Found] = field(default_factory=list)
    truncated: int = 0  # the sentence's length in tokens when it was analysed only in part
    furniture: str | None = None


def _pieces(text: str, blocks: list[Block]) -> list[Piece]:
    out = []
    for block in blocks:
        if block.kind != BlockKind.PARAGRAPH:
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


def analyze(text: str) -> Analysis:
    """Analyse ``text``: blocks, one claim per sentence with status, reason and attributions, sources."""
    return next(analyze_many([text]))


def analyze_many(texts: Iterable[str], *, n_process: int = 1, batch_size: int = 64) -> Iterator[Analysis]:
    """Analyse each text, in order, with the paragraphs of all of them batched through spaCy."""
    nlp = pipeline.load()
    pending: list[tuple[str, list[Block], str, list[Piece]]] = []

    def pieces_of() -> Iterator[tuple[str, int]]:
        for number, text in enumerate(texts):
            blocks = split_blocks(text)
            code = language.detect(_prose(text, blocks))
            pieces = _pieces(text, blocks) if code in language.SUPPORTED else []
            pending.append((text, blocks, code, pieces))
            for piece in pieces:
                yield text[piece.start : piece.end], number
            if not pieces:
                yield "", number  # a marker, so that every article comes back through the stream

    current = -1
    docs: list[Doc] = []
    for doc, number in nlp.pipe(pieces_of(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        if number != current:
            if current >= 0:
                yield _finish(pending.pop(0), docs)
            current, docs = number, []
        if doc.text or pending[0][3]:
            docs.append(doc)
    if current >= 0:
        yield _finish(pending.pop(0), docs)


def _prose(text: str, blocks: list[Block]) -> str:
    return "\n".join(text[b.start : b.end] for b in blocks if b.kind == BlockKind.PARAGRAPH)


def _finish(item: tuple[str, list[Block], str, list[Piece]], docs: list[Doc]) -> Analysis:
    text, blocks, code, pieces = item
    if code not in language.SUPPORTED:
        return _not_analysed(text, blocks, code)
    return Article(text, blocks, list(zip(pieces, docs, strict=True))).analyse()


# ---------------------------------------------------------------------------------------------------


@cache
def _sentencizer():
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _not_analysed(text: str, blocks: list[Block], code: str) -> Analysis:
    """Claims of an article in a language the analysis does not support: split, each ``not_analysed``."""
    reason = (f"written in {language.name(code)}: the sourcing analysis supports English only, so this "
              "sentence was not analysed")
    claims = []
    for block in blocks:
        if block.kind != BlockKind.PARAGRAPH:
            for s, e in _lines(text, block.start, block.end):
                claims.append(Claim(s, e, block.index, text[s:e], Status.NOT_A_CLAIM, _block_reason(block, text)))
            continue
        doc = _sentencizer()(text[block.start : block.end])
        for sent in doc.sents:
            s, e = _trim(text, block.start + sent.start_char, block.start + sent.end_char)
            if e > s:
                claims.append(Claim(s, e, block.index, text[s:e], Status.NOT_ANALYSED, reason))
    return Analysis(text=text, blocks=blocks, claims=claims, sources=[], language=code)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    at = start
    for piece in text[start:end].splitlines(keepends=True):
        s, e = _trim(text, at, at + len(piece))
        at += len(piece)
        if e > s:
            out.append((s, e))
    return out or [(start, end)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _block_reason(block: Block, text: str) -> str:
    line = " ".join(text[block.start : block.end].split())
    if block.kind == BlockKind.BOILERPLATE:
        return f"page furniture ('{line[:40]}'), not part of the article"
    return f"heading ('{line[:60]}'), not an assertion"


class Article:
    """The rules over one parsed English article."""

    def __init__(self, text: str, blocks: list[Block], parsed: list[tuple[Piece, Doc]]) -> None:
        self.text = text
        self.blocks = blocks
        self.parsed = parsed
        self.sentences: list[Sentence] = []
        self.cast = Cast()

    def analyse(self) -> Analysis:
        text = self.text
        by_block: dict[int, list[tuple[int, Piece, Doc]]] = {}
        for doc_id, (piece, doc) in enumerate(self.parsed):
            by_block.setdefault(piece.block.index, []).append((doc_id, piece, doc))
            self.cast.collect(doc, piece.start, doc_id)
        self.cast.link()
        claims: list[Claim] = []
        sentence_of_claim: list[Sentence | None] = []
        for block in self.blocks:
            if block.kind != BlockKind.PARAGRAPH:
                for s, e in _lines(text, block.start, block.end):
                    claims.append(Claim(s, e, block.index, text[s:e], Status.NOT_A_CLAIM, _block_reason(block, text)))
                    sentence_of_claim.append(None)
                continue
            standalone = furniture(text[block.start : block.end], standalone=True)
            for doc_id, piece, doc in by_block.get(block.index, []):
                for sentence in self._sentences(doc_id, piece, doc):
                    if standalone is not None:
                        sentence.furniture = standalone
                    self.sentences.append(sentence)
                    claims.append(Claim(sentence.start, sentence.end, block.index, text[sentence.start : sentence.end],
                                        Status.UNATTRIBUTED, ""))
                    sentence_of_claim.append(sentence)
        self._find()
        registry = Registry(self.cast)
        quotes = find_quotations(text, self.blocks)
        attributions = self._register(registry, quotes)
        carried = self._carry(quotes, attributions)
        index_of = {id(s): i for i, s in enumerate(self.sentences)}
        for ci, claim in enumerate(claims):
            sentence = sentence_of_claim[ci]
            if sentence is None:
                continue
            si = index_of[id(sentence)]
            own = attributions[si]
            extra = carried.get(si, [])
            claim.attributions = [a for a, _e in own + extra]
            claim.status, claim.reason = self._status(sentence, own, extra)
            for _a, entry in own + extra:
                if entry is not None and ci not in entry.source.claims:
                    entry.source.claims.append(ci)
        sources = [e.source for e in registry.entries]
        for source in sources:
            source.mentions = [Span(m.start, m.end, text[m.start : m.end]) for m in source.mentions]
        return Analysis(text=text, blocks=self.blocks, claims=claims, sources=sources, language="en")

    # --- sentences ----------------------------------------------------------------------------------

    def _sentences(self, doc_id: int, piece: Piece, doc: Doc) -> list[Sentence]:
        out: list[Sentence] = []
        base = piece.start
        for sent in doc.sents:
            s, e = _trim(self.text, base + sent.start_char, base + sent.end_char)
            if e <= s:
                continue
            words = [t for t in sent if not t.is_punct and not t.is_space]
            if out and (not words or (len(words) <= 2 and all(t.text[:1] in QUOTE_CHARS or t.is_punct for t in sent))):
                # a stray closing quote or bracket split off: it belongs to the sentence before
                prev = out[-1]
                prev.end = e
                prev.tokens = (prev.tokens[0], sent.end)
                continue
            out.append(Sentence(s, e, piece.block, doc_id, doc, (sent.start, sent.end)))
        return out

    def _find(self) -> None:
        for sentence in self.sentences:
            if sentence.furniture is not None:
                continue
            line = self.text[sentence.start : sentence.end]
            sentence.furniture = furniture(line, standalone=False)
            if sentence.furniture is not None:
                continue
            doc = sentence.doc
            span = doc[sentence.tokens[0] : sentence.tokens[1]]
            if len(span) > pipeline.MAX_SENTENCE_TOKENS:
                sentence.truncated = len(span)
            base = self.parsed[sentence.doc_id][0].start
            sentence.found = find_attributions(span, base, pipeline.MAX_SENTENCE_TOKENS)

    # --- sources ------------------------------------------------------------------------------------

    def _register(self, registry: Registry, quotes: list[Quotation]) -> list[list[tuple[Attribution, Entry | None]]]:
        """Each sentence's attributions with the registry entry of their source (None: it does not count
        for the status: a quoted speaker's own "we know that", the author's "I", a cue with no source)."""
        out: list[list[tuple[Attribution, Entry | None]]] = []
        text = self.text
        starts = [q.start for q in quotes]
        for si, sentence in enumerate(self.sentences):
            row: list[tuple[Attribution, Entry | None]] = []
            base = self.parsed[sentence.doc_id][0].start
            doc = sentence.doc
            registry.note_names(si, doc, sentence.tokens[0], sentence.tokens[1], base)
            for f in sentence.found:
                entry = None
                source_span = None
                if f.source is not None and f.source_span is not None:
                    lo, hi = f.source_span
                    s, e = base + doc[lo].idx, base + doc[hi - 1].idx + len(doc[hi - 1].text)
                    source_span = Span(s, e, text[s:e])
                    nested = f.cue is not None and _in_quotation(quotes, starts, f.cue[0])
                    personal = f.source.lower_ in FIRST_AND_SECOND_PERSON
                    if not personal and not (nested and f.source.pos_ == "PRON"):
                        entry = registry.resolve(source_head(doc, f.source_span, f.source), f.source_span, base, si)
                att = Attribution(
                    f.kind,
                    None if f.cue is None else Span(f.cue[0], f.cue[1], text[f.cue[0] : f.cue[1]]),
                    source_span,
                    None if f.content is None else Span(f.content[0], f.content[1], text[f.content[0] : f.content[1]]),
                    None if entry is None else entry.source.id,
                )
                row.append((att, entry))
            out.append(row)
        return out

    def _carry(self, quotes: list[Quotation], attributions) -> dict[int, list[tuple[Attribution, Entry | None]]]:
        """Quoted sentences without a cue of their own take the speaker of their quotation (named in an
        earlier or a later sentence of it); a quotation that opens a paragraph with no speaker continues
        the last speaker of the paragraph before."""
        speaker: dict[int, Entry] = {}  # id(quotation) -> entry
        quote_of: list[Quotation | None] = []
        at = 0
        for si, sentence in enumerate(self.sentences):
            q, at = inside(quotes, sentence.start, sentence.end, at)
            if q is None:
                # a sentence that opens or closes a quotation ("...,” he said.") speaks for it too
                q = self._touching(quotes, sentence)
            quote_of.append(q)
            if q is None:
                continue
            for _att, entry in attributions[si]:
                if entry is not None and id(q) not in speaker:
                    speaker[id(q)] = entry
        # "He said:" -- the next sentences (to the paragraph's end, or the next paragraph) are the quotation
        colon: dict[int, Entry] = {}
        for si, sentence in enumerate(self.sentences):
            for f, (_att, entry) in zip(sentence.found, attributions[si], strict=True):
                if f.content_after_colon and entry is not None:
                    colon[si + 1] = entry
        last_speaker_of_block: dict[int, Entry] = {}
        carried: dict[int, list[tuple[Attribution, Entry | None]]] = {}
        for si, sentence in enumerate(self.sentences):
            block = sentence.block
            if any(_counts(att, entry) for att, entry in attributions[si]):
                for _att, entry in attributions[si]:
                    if entry is not None:
                        last_speaker_of_block[block.index] = entry
                continue
            q = quote_of[si]
            entry = None
            if si in colon:
                entry = colon[si]
            elif q is not None:
                entry = speaker.get(id(q))
                if entry is None:
                    entry = self._previous_speaker(si, q, last_speaker_of_block)
                    if entry is not None:
                        speaker[id(q)] = entry
            if entry is None:
                continue
            if si in colon and si + 1 < len(self.sentences) and self.sentences[si + 1].block is block:
                colon.setdefault(si + 1, entry)
            att = Attribution(AttributionKind.DIRECT_QUOTE, None, None,
                              Span(sentence.start, sentence.end, self.text[sentence.start : sentence.end]),
                              entry.source.id)
            carried[si] = [(att, entry)]
            last_speaker_of_block[block.index] = entry
        return carried

    def _touching(self, quotes: list[Quotation], sentence: Sentence) -> Quotation | None:
        for q in quotes:
            if q.start >= sentence.end:
                break
            if q.end > sentence.start and (q.start >= sentence.start or q.end <= sentence.end):
                return q
        return None

    def _previous_speaker(self, si: int, q: Quotation, last_of_block: dict[int, Entry]) -> Entry | None:
        """The speaker a quotation with no cue of its own continues: the last speaker earlier in its
        paragraph, or (for a quotation opening a paragraph) the last speaker of the paragraph before."""
        sentence = self.sentences[si]
        block = sentence.block
        if block.index in last_of_block:
            return last_of_block[block.index]
        if q.start - block.start > 3:
            return None
        previous = self._previous_paragraph(block)
        if previous is not None:
            return last_of_block.get(previous.index)
        return None

    def _previous_paragraph(self, block: Block) -> Block | None:
        for b in reversed(self.blocks[: block.index]):
            if b.kind == BlockKind.PARAGRAPH:
                return b
            return None  # a heading between: a new section
        return None

    # --- statuses -----------------------------------------------------------------------------------

    def _status(self, sentence: Sentence, own, extra) -> tuple[Status, str]:
        text = self.text[sentence.start : sentence.end]
        if sentence.furniture is not None:
            return Status.NOT_A_CLAIM, f"page furniture: {sentence.furniture}"
        best: tuple[int, Status, str] | None = None
        for att, entry in own + extra:
            if not _counts(att, entry):
                continue
            status, reason = _attribution_status(att, entry, carried=att.cue is None and att.source is None)
            rank = RANK[status]
            if best is None or rank < best[0]:
                best = (rank, status, reason)
        note = ""
        if sentence.truncated:
            note = (f" (a sentence of {sentence.truncated} tokens: only its first {pipeline.MAX_SENTENCE_TOKENS} "
                    "were searched for attributions)")
        if best is not None:
            return best[1], best[2] + note
        stripped = text.rstrip("”\"’' )")
        if stripped.endswith("?") and not any(ch in text[:2] for ch in QUOTE_CHARS):
            return Status.NOT_A_CLAIM, "a question: it asserts nothing"
        return Status.UNATTRIBUTED, "no attribution: the text asserts this itself" + note


def _counts(att: Attribution, entry: Entry | None) -> bool:
    """Whether an attribution decides its sentence's status: a hedge, or one whose source is known."""
    return entry is not None or att.kind == AttributionKind.HEDGE


def _in_quotation(quotes: list[Quotation], starts: list[int], at: int) -> bool:
    k = bisect.bisect_right(starts, at) - 1
    return k >= 0 and quotes[k].start < at < quotes[k].end


def _attribution_status(att: Attribution, entry: Entry | None, carried: bool) -> tuple[Status, str]:
    if att.kind == AttributionKind.HEDGE:
        cue = att.cue.text if att.cue is not None else "a hedge"
        return Status.HEDGED, f"hedged: '{cue}' relays a report or belief without naming its source"
    prefix = "inside a quotation by " if carried else ""
    assert entry is not None
    source = entry.source
    if source.type == SourceType.PERSON:
        if entry.pseudonym:
            return Status.ANONYMOUS, f"anonymous: {prefix}{source.name}, {entry.why}"
        if source.identifiable:
            return Status.SOURCED, f"sourced: {prefix}{source.name} ({entry.why})"
        return Status.UNVERIFIED_NAMED, f"unverified_named: {prefix}{source.name} is named but {entry.why}"
    if source.type == SourceType.GROUP:
        return Status.ANONYMOUS, f"anonymous: {prefix}'{source.name}', {entry.why or 'unnamed'}"
    if source.type == SourceType.DOCUMENT and not entry.identified:
        return Status.HEDGED, f"hedged: {prefix}'{source.name}', a document the text does not identify"
    kind = {SourceType.ORGANISATION: "organisation", SourceType.GOVERNMENT: "government body",
            SourceType.OUTLET: "news outlet", SourceType.DOCUMENT: "document"}.get(source.type, "source")
    return Status.SOURCED, f"sourced: {prefix}{source.name} (a named {kind})"

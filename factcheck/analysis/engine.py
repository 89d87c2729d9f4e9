"""The analysis of whole articles: blocks -> language -> parse -> sentences -> attributions -> sources ->
quotations and turns -> statuses.

``analyze_many`` streams articles through spaCy's ``nlp.pipe`` (one Doc per paragraph, batched across
articles, optionally in several processes) and applies the rules to each article as its paragraphs come
back; ``analyze(text)`` is the one-article case.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.tokens import Doc

from factcheck.analysis import document, language, pipeline, status, turns
from factcheck.analysis.attribution import find_attributions
from factcheck.analysis.blocks import split_blocks
from factcheck.analysis.cast import Cast
from factcheck.analysis.document import Piece, Sentence
from factcheck.analysis.furniture import furniture
from factcheck.analysis.model import Analysis, Attribution, AttributionKind, Block, BlockKind, Claim, Span, Status
from factcheck.analysis.quotes import Quotation, find_quotations, inside
from factcheck.analysis.sentence_view import Found
from factcheck.analysis.sources import Entry, Registry, source_head

FIRST_AND_SECOND_PERSON = frozenset({"i", "we", "you", "me", "us"})
# words that open a second statement set against the first ("..., though she noted ...")
CONTRAST = frozenset({"but", "though", "although", "while", "yet", "whereas"})
Row = tuple[Attribution, Entry | None, bool]  # an attribution, its source's entry, carried from another sentence


def analyze(text: str) -> Analysis:
    """Analyse ``text``: blocks, one claim per sentence with status, reason and attributions, sources."""
    return next(analyze_many([text]))


def analyze_many(texts: Iterable[str], *, n_process: int = 1, batch_size: int = 64) -> Iterator[Analysis]:
    """Analyse each text, in order, with the paragraphs of all of them batched through spaCy."""
    nlp = pipeline.load()
    pending: list[tuple[str, list[Block], str, list[Piece]]] = []

    def stream() -> Iterator[tuple[str, int]]:
        for number, text in enumerate(texts):
            blocks = split_blocks(text)
            code = language.detect(_prose(text, blocks))
            pieces = document.pieces(text, blocks) if code in language.SUPPORTED else []
            parsed = _within_budget(pieces)
            pending.append((text, blocks, code, pieces))
            for piece in pieces[:parsed]:
                yield pipeline.readable(text[piece.start : piece.end]), number
            if not parsed:
                yield "", number  # a marker, so that every article comes back through the stream

    docs: list[Doc]
    current, docs = -1, []
    for doc, number in nlp.pipe(stream(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        if number != current:
            if current >= 0:
                yield _finish(pending.pop(0), docs)
            current, docs = number, []
        if pending[0][3]:
            docs.append(doc)
    if current >= 0:
        yield _finish(pending.pop(0), docs)


def _prose(text: str, blocks: list[Block]) -> str:
    return "\n".join(text[b.start : b.end] for b in blocks if b.kind == BlockKind.PARAGRAPH)


def _within_budget(pieces: list[Piece]) -> int:
    """How many of an article's pieces are parsed: those within ``pipeline.MAX_PARSED_CHARS``."""
    total = 0
    for k, piece in enumerate(pieces):
        total += piece.end - piece.start
        if total > pipeline.MAX_PARSED_CHARS:
            return k
    return len(pieces)


def _finish(item: tuple[str, list[Block], str, list[Piece]], docs: list[Doc]) -> Analysis:
    text, blocks, code, pieces = item
    if code not in language.SUPPORTED:
        return _not_analysed(text, blocks, code)
    return Article(text, blocks, list(zip(pieces, docs, strict=False)), pieces[len(docs) :]).analyse()


@cache
def _sentencizer():
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


TOO_LONG = (
    f"past the first {pipeline.MAX_PARSED_CHARS:,} characters of the article: the analysis reads no further, so "
    "this sentence was not analysed"
)


def _sentencizer_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end], one piece (``document.pieces``), by punctuation alone (spaCy's rule
    sentencizer), trimmed."""
    out = []
    for sent in _sentencizer()(text[start:end]).sents:
        s, e = document.trim(text, start + sent.start_char, start + sent.end_char)
        if e > s:
            out.append((s, e))
    return out


def _not_analysed(text: str, blocks: list[Block], code: str) -> Analysis:
    """Claims of an article in a language the analysis does not support: split, each ``not_analysed``."""
    reason = (
        f"written in {language.name(code)}: the sourcing analysis supports English only, so this "
        "sentence was not analysed"
    )
    claims = []
    for block in blocks:
        if block.kind != BlockKind.PARAGRAPH:
            claims.extend(_block_claims(text, block))
            continue
        # in pieces, as English is parsed: each Doc stays small, under spaCy's length guard (E088)
        for piece in document.pieces(text, [block]):
            for s, e in _sentencizer_spans(text, piece.start, piece.end):
                claims.append(Claim(s, e, block.index, text[s:e], Status.NOT_ANALYSED, reason))
    return Analysis(text=text, blocks=blocks, claims=claims, sources=[], language=code)


def _block_claims(text: str, block: Block) -> list[Claim]:
    """The lines of a heading or boilerplate block, each not a claim."""
    line = " ".join(text[block.start : block.end].split())
    if block.kind == BlockKind.BOILERPLATE:
        reason = f"page furniture ('{line[:40]}'), not part of the article"
    else:
        reason = f"heading ('{line[:60]}'), not an assertion"
    return [
        Claim(s, e, block.index, text[s:e], Status.NOT_A_CLAIM, reason)
        for s, e in document.lines(text, block.start, block.end)
    ]


class Article:
    """The rules over one parsed English article."""

    def __init__(self, text: str, blocks: list[Block], parsed: list[tuple[Piece, Doc]], unparsed: list[Piece]) -> None:
        self.text = text
        self.blocks = blocks
        self.parsed = parsed
        self.unparsed = unparsed  # pieces past the parse budget: split into sentences, not analysed
        self.sentences: list[Sentence] = []
        self.cast = Cast()

    def analyse(self) -> Analysis:
        text = self.text
        by_block: dict[int, list[tuple[Piece, Doc]]] = {}
        for piece, doc in self.parsed:
            by_block.setdefault(piece.block.index, []).append((piece, doc))
            self.cast.collect(doc, piece.start)
        self.cast.link()
        claims: list[Claim] = []
        sentence_of_claim: list[int | None] = []
        unparsed_of: dict[int, list[Piece]] = {}
        for piece in self.unparsed:
            unparsed_of.setdefault(piece.block.index, []).append(piece)
        for block in self.blocks:
            if block.kind == BlockKind.BOILERPLATE:
                for claim in _block_claims(text, block):
                    claims.append(claim)
                    sentence_of_claim.append(None)
                continue
            heading = block.kind == BlockKind.HEADING
            whole = None if heading else furniture(text[block.start : block.end], standalone=True)
            for piece, doc in by_block.get(block.index, []):
                for sentence in document.sentences(text, piece, doc):
                    line = text[sentence.start : sentence.end]
                    opening = sentence.start == block.start and len(line) <= 80  # "By Aaron Humes:" before the lead
                    sentence.heading = heading
                    sentence.furniture = whole or (None if heading else furniture(line, standalone=opening))
                    sentence_of_claim.append(len(self.sentences))
                    self.sentences.append(sentence)
                    claims.append(
                        Claim(
                            sentence.start,
                            sentence.end,
                            block.index,
                            text[sentence.start : sentence.end],
                            Status.UNATTRIBUTED,
                            "",
                        )
                    )
            for piece in unparsed_of.get(block.index, []):
                # past the parse budget: sentences by punctuation, not analysed, and the reason says why
                for start, end in _sentencizer_spans(text, piece.start, piece.end):
                    claims.append(Claim(start, end, block.index, text[start:end], Status.NOT_ANALYSED, TOO_LONG))
                    sentence_of_claim.append(None)
        _mark_repeats(text, self.sentences)
        for sentence in self.sentences:
            if sentence.furniture is None:
                span = sentence.span
                if len(span) > pipeline.MAX_SENTENCE_TOKENS:
                    sentence.truncated = len(span)
                sentence.found = find_attributions(span, sentence.base, pipeline.MAX_SENTENCE_TOKENS)
                if not sentence.found and _imperative(text, sentence):
                    sentence.furniture = "an instruction to the reader, not an assertion"
        continues: dict[int, int] = {}
        for found in (
            turns.speaker_turns(text, self.sentences),
            turns.signatures(text, self.sentences),
            turns.standalone_clauses(text, self.sentences),
            turns.colon_introductions(self.sentences),
        ):
            for k, v in found.items():
                continues.setdefault(k, v)
        quotes = find_quotations(text, self.blocks)
        registry = Registry(self.cast)
        registry.paragraphs = [s.block.index for s in self.sentences]
        rows = self._register(registry, quotes)
        self._carry(quotes, rows, continues, registry)
        _residence_in_own_words(text, self.sentences, rows)
        for ci, claim in enumerate(claims):
            si = sentence_of_claim[ci]
            if si is None:
                continue
            sentence = self.sentences[si]
            claim.attributions = [a for a, _e, _c in rows[si]]
            note = ""
            if sentence.truncated:
                note = (
                    f" (a sentence of {sentence.truncated} tokens: only its first "
                    f"{pipeline.MAX_SENTENCE_TOKENS} were searched for attributions)"
                )
            if sentence.heading:
                claim.status, claim.reason = Status.NOT_A_CLAIM, _block_claims(text, sentence.block)[0].reason
            else:
                claim.status, claim.reason = status.of_sentence(claim.text, rows[si], sentence.furniture, note)
            for _a, entry, _c in rows[si]:
                if entry is not None and ci not in entry.source.claims:
                    entry.source.claims.append(ci)
        sources = [e.source for e in registry.entries]
        for source in sources:
            source.mentions = [Span(m.start, m.end, text[m.start : m.end]) for m in source.mentions]
        return Analysis(text=text, blocks=self.blocks, claims=claims, sources=sources, language="en")

    # --- sources ------------------------------------------------------------------------------------

    def _register(self, registry: Registry, quotes: list[Quotation]) -> list[list[Row]]:
        """Each sentence's attributions with the registry entry of their source. The entry is None where the
        attribution does not decide the status: the author's "I", an intention, a cue with no source."""
        text = self.text
        starts = [q.start for q in quotes]
        out: list[list[Row]] = []
        for si, sentence in enumerate(self.sentences):
            doc, base = sentence.doc, sentence.base
            registry.note_names(si, doc, sentence.tokens[0], sentence.tokens[1], base)
            row: list[Row] = []
            kept = [
                f
                for f in sentence.found
                if not (f.cue is not None and f.lemma not in (":", "dash") and _in_quotation(quotes, starts, f.cue[0]))
            ]
            for f in sentence.found:
                if f.cue is not None and f.lemma not in (":", "dash") and _in_quotation(quotes, starts, f.cue[0]):
                    # A cue inside a quotation is the quoted speaker's own words ("we know that", "residents
                    # complained"): no attribution of the article's; the sentence takes the speaker's.
                    continue
                if _within_content(f, [k for k in kept if k.counts]) and (
                    not f.counts or f.source is None or (f.source.pos_ == "PRON" and not _beside(doc, base, f))
                ):
                    # "She said she believes ...", "He said Trump did not address it": inside what someone is
                    # reported to say, a pronoun's report or an act is the speaker's own account, not another
                    # attribution of the article's.
                    continue
                entry, source = None, None
                if f.source is not None and f.source_span is not None:
                    lo, hi = f.shown or f.source_span
                    s, e = base + doc[lo].idx, base + doc[hi - 1].idx + len(doc[hi - 1].text)
                    source = Span(s, e, text[s:e])
                    if f.counts and f.source.lower_ not in FIRST_AND_SECOND_PERSON:
                        entry = registry.resolve(source_head(doc, f.source_span, f.source), f.source_span, base, si)
                attribution = Attribution(
                    f.kind,
                    _span(text, f.cue),
                    source,
                    _span(text, f.content),
                    None if entry is None else entry.source.id,
                )
                row.append((attribution, entry, False))
            out.append(row)
        return out

    def _carry(
        self, quotes: list[Quotation], rows: list[list[Row]], continues: dict[int, int], registry: Registry
    ) -> None:
        """Give sentences with no attribution of their own the speaker they continue: a speaker turn, a
        signed quotation, "He said:", a standalone "X said.", then the quotation they are in (its speaker
        named in an earlier or a later sentence of it), then, for a quotation with no speaker, the last
        speaker earlier in its paragraph or, if it opens the paragraph, of the paragraph before."""
        sentences, text = self.sentences, self.text

        def speaker(si: int) -> Entry | None:
            return next((e for a, e, _c in rows[si] if e is not None and status.counts(a, e)), None)

        def carry(si: int, entry: Entry) -> None:
            sentence = sentences[si]
            content = Span(sentence.start, sentence.end, text[sentence.start : sentence.end])
            rows[si].append(
                (Attribution(AttributionKind.DIRECT_QUOTE, None, None, content, entry.source.id), entry, True)
            )

        for _ in range(2):  # a continuation of a continuation
            for si, owner in sorted(continues.items()):
                if speaker(si) is None and (entry := speaker(owner)) is not None:
                    carry(si, entry)
        quote_of: list[Quotation | None] = []
        at = 0
        ends = [q.end for q in quotes]
        by_quote: dict[int, Entry] = {}
        for si, sentence in enumerate(sentences):
            q, at = inside(quotes, sentence.start, sentence.end, at)
            if q is None:
                q = _touching(quotes, ends, sentence)
            quote_of.append(q)
            if q is not None and id(q) not in by_quote and (entry := speaker(si)) is not None:
                by_quote[id(q)] = entry
        last_of_block: dict[int, Entry] = {}
        for si, sentence in enumerate(sentences):
            block = sentence.block
            entry = speaker(si)
            if (
                entry is None
                and (q := quote_of[si]) is not None
                and sentence.furniture is None
                and not sentence.heading
            ):
                entry = by_quote.get(id(q))
                if entry is None:
                    entry = self._previous_speaker(sentence, q, last_of_block) or self._introduced(si, q, registry)
                    if entry is not None:
                        by_quote[id(q)] = entry
                if entry is not None:
                    carry(si, entry)
            if entry is not None:
                last_of_block[block.index] = entry

    def _introduced(self, si: int, q: Quotation, registry: Registry) -> Entry | None:
        """A quotation with no speaker anywhere, after sentences that introduce one person and no other
        ("Dan, a 19-year-old student, has just returned home. He doesn't plan to go back. “I was living in a
        flat ...”"): that person is the speaker. The introduction is the paragraph's earlier sentences, or
        for a quotation that opens its paragraph, the paragraph before."""
        sentence = self.sentences[si]
        block = sentence.block.index
        if q.start - sentence.block.start > 3:
            earlier = [k for k in range(si - 1, -1, -1) if self.sentences[k].block.index == block]
        else:
            earlier = [k for k in range(si - 1, -1, -1) if self.sentences[k].block.index == block - 1]
        if not earlier:
            return None
        people = {id(m): m for m in registry.named_in(earlier[-1], earlier[0])}
        if len(people) != 1:
            return None
        return registry.entry_of(next(iter(people.values())))

    def _previous_speaker(self, sentence: Sentence, q: Quotation, last_of_block: dict[int, Entry]) -> Entry | None:
        block = sentence.block
        if block.index in last_of_block:
            return last_of_block[block.index]
        if q.start - block.start > 3:
            return None
        previous = self.blocks[block.index - 1] if block.index > 0 else None
        if previous is not None and previous.kind == BlockKind.PARAGRAPH:
            return last_of_block.get(previous.index)
        return None  # a heading between: a new section


IMPERATIVE_OPENERS = frozenset({"only", "please", "do", "don't", "never", "always", "just", "now"})


def _mark_repeats(text: str, sentences: list[Sentence]) -> None:
    """Not claims: a pull quote (a short, quoted paragraph that repeats a sentence of the article)."""

    def key(sentence: Sentence) -> str:
        return "".join(ch for ch in text[sentence.start : sentence.end].lower() if ch.isalnum())

    blocks: dict[int, list[Sentence]] = {}
    seen: dict[str, int] = {}
    for sentence in sentences:
        blocks.setdefault(sentence.block.index, []).append(sentence)
        k = key(sentence)
        if len(k) >= 20:
            seen[k] = seen.get(k, 0) + 1
    for members in blocks.values():
        block = members[0].block
        quoted = text[block.start] in "“\"‘'"
        if quoted and len(members) <= 3 and all(seen.get(key(s), 0) > 1 for s in members):
            for s in members:
                s.furniture = s.furniture or "a pull quote repeating the article's own text"


def _imperative(text: str, sentence: Sentence) -> bool:
    """An instruction to the reader ("Stay alert ...", "Only call NHS 111 if ...", "Download the app"): the
    sentence's root is a verb in its base form with no subject, first or after "only", "please", an if-clause."""
    span = sentence.span
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words or text[sentence.start] in "“\"‘'" or words[0].text[:1].islower():
        return False
    root = span.root
    if root.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubj:pass", "expl", "aux", "mark") for c in root.children):
        return False
    first = words[0]
    return first.i == root.i or first.lower_ in IMPERATIVE_OPENERS or (first.lower_ == "if" and root.i > first.i + 2)


_RESIDENCE = re.compile(
    r"\bI(?:'m|’m| am| live| have lived| grew up| was born)\s+(?:in|from)\s+((?:[A-Z][\w'’-]+\s?){1,4})"
)


def _residence_in_own_words(text: str, sentences: list[Sentence], rows: list[list[Row]]) -> None:
    """A person quoted saying where they live ("“I am from Gaza City,” she said") is a resident of a named
    place: identified by a concrete tie, in their own words."""
    for sentence, row in zip(sentences, rows, strict=True):
        m = _RESIDENCE.search(text, sentence.start, sentence.end)
        if m is None:
            continue
        for _a, entry, _c in row:
            if entry is not None and entry.kind == "person" and not entry.source.identifiable and not entry.pseudonym:
                entry.source.identifiable = True
                entry.why = f"from {m.group(1).strip()}, in their own words"


def _beside(doc: Doc, base: int, found: Found) -> bool:
    """Whether a report inside another's content is a second statement set beside the first rather than
    part of what the first reports: a coordinated or new main clause ("..., but she noted that ..."), a
    participle ("..., adding that ..."), a clause opened by a contrast ("though she noted ...")."""
    if found.cue is None:
        return False
    cue = doc.char_span(found.cue[0] - base, found.cue[1] - base, alignment_mode="expand")
    if cue is None:
        return False
    verb = cue.root
    return (
        verb.dep_ in ("conj", "ROOT")
        or (verb.tag_ == "VBG" and verb.dep_ == "advcl")
        or any(c.dep_ in ("mark", "cc") and c.lower_ in CONTRAST for c in verb.children)
    )


def _within_content(found: Found, others: list[Found]) -> bool:
    """Whether a cue stands inside the reported content of another attribution of its sentence, one whose
    own cue is not inside this one's content (two such reports, '"...," he said, adding ...' with each
    content over the other's cue, are side by side, not one inside the other)."""
    if found.cue is None:
        return False

    def inside(cue: tuple[int, int] | None, content: tuple[int, int] | None) -> bool:
        return cue is not None and content is not None and content[0] <= cue[0] and cue[1] <= content[1]

    return any(o is not found and inside(found.cue, o.content) and not inside(o.cue, found.content) for o in others)


def _span(text: str, offsets: tuple[int, int] | None) -> Span | None:
    return None if offsets is None else Span(offsets[0], offsets[1], text[offsets[0] : offsets[1]])


def _touching(quotes: list[Quotation], ends: list[int], sentence: Sentence) -> Quotation | None:
    """A quotation that a sentence opens or closes ('...,” he said.'), though most of it is not quoted."""
    k = bisect.bisect_left(ends, sentence.start + 1)
    while k < len(quotes) and quotes[k].start < sentence.end:
        q = quotes[k]
        if q.start >= sentence.start or q.end <= sentence.end:
            return q
        k += 1
    return None


def _in_quotation(quotes: list[Quotation], starts: list[int], at: int) -> bool:
    k = bisect.bisect_right(starts, at) - 1
    return k >= 0 and quotes[k].start < at < quotes[k].end


__all__ = ["Found", "analyze", "analyze_many"]

"""The analysis pipeline: blocks -> sentences -> attributions -> quote continuations -> sources -> statuses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from factcheck.analysis import words
from factcheck.analysis.attribution import CLOSE_QUOTES, OPEN_QUOTES, Found, SentenceAnalyzer, quote_regions
from factcheck.analysis.blocks import split_blocks
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
from factcheck.analysis.sentences import split_sentences
from factcheck.analysis.sources import (
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    THING_PRONOUNS,
    Described,
    Entry,
    Registry,
    describe,
)
from factcheck.analysis.words import wordset as _words

# "WALLACE: ..." / "Sen. Warren: ..." at the start of a paragraph (transcripts, Q&A).
_SPEAKER = re.compile(r"[\"“]?((?:[A-Z][\w.'’-]*\.?\s){0,3}[A-Z][\w.'’-]*)(?=:\s+\S)")
# A quotation signed with a dash: "― Sonya Herridge" under the quote, or "...”―" with the name below.
_DASH_NAME = re.compile(r"([―—–]{1,2})\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)\.?$")
_INLINE_DASH = re.compile(r"[”\"]\s*([―—–]{1,2})\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)\.?$")
_NAME_LINE = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}$")
_INVERTED_OPENERS = _words("said says added asked wrote continued explained replied")
_NOT_SPEAKERS = _words(
    "look breaking exclusive photos update note editor's note photo video watch read related source sources "
    "correction contributing twitter poll pledged revealed bombshell "
    "disclosure warning breaking live q a transcript"
)


def _span(text: str, se: tuple[int, int] | None) -> Span | None:
    if se is None:
        return None
    s, e = se
    return Span(s, e, text[s:e])


def _quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of a block (see :func:`attribution.quote_regions`)."""
    return quote_regions(text, start, end)


def analyze(text: str) -> Analysis:
    """Analyse ``text``: blocks, one claim per sentence with status, reason and attributions, sources."""
    blocks = split_blocks(text)
    analyzer = SentenceAnalyzer(text)
    claims: list[Claim] = []
    found_by_claim: list[list[Found]] = []
    pending: tuple[int, Found] | None = None  # "He said:" at a paragraph end, waiting for the quotation
    # 1. Sentences and their own attributions.
    for block in blocks:
        if block.kind != BlockKind.PARAGRAPH:
            for s, e in _lines(text, block):
                claims.append(Claim(s, e, block.index, text[s:e], Status.NOT_A_CLAIM, _nac_reason(block, text)))
                found_by_claim.append([])
            continue
        sentences = split_sentences(text, block.start, block.end)
        if pending is not None:
            owner, f = pending
            f.content = _trim(text, block.start, block.end)
            if f.content is not None:
                found_by_claim[owner].append(f)
        for k, (s, e) in enumerate(sentences):
            claims.append(Claim(s, e, block.index, text[s:e], Status.UNATTRIBUTED, ""))
            found = analyzer.find(s, e)
            for f in found:
                if f.content is None and f.lemma == ":next":
                    # "He said:" -- the quotation is the rest of the paragraph or the next paragraph.
                    f.content = _trim(text, sentences[k + 1][0], block.end) if k + 1 < len(sentences) else None
                    if f.content is None:
                        pending = (len(claims) - 1, f)
                elif f.content is None:
                    # "Clinton said." after the quote: the previous sentence of the paragraph is the content,
                    # and that sentence is attributed to the same speaker.
                    prev_text = text[sentences[k - 1][0] : sentences[k - 1][1]] if k > 0 else ""
                    last = prev_text.rstrip()[-1:]
                    quoted = k > 0 and bool(last) and (last in CLOSE_QUOTES or prev_text.rstrip().endswith("''"))
                    f.content = _trim(text, *sentences[k - 1]) if quoted else None
                    if f.content is not None and not found_by_claim[-1]:
                        here = len(claims) - 1
                        found_by_claim[-1].append(
                            Found(AttributionKind.DIRECT_QUOTE, None, None, f.content, lemma=f"colon:{here}")
                        )
            found_by_claim.append([f for f in found if f.content is not None])
            if pending is not None and pending[1].content is not None and sentences and not found_by_claim[-1]:
                # The quotation's sentences continue the "He said:" attribution.
                found_by_claim[-1].append(
                    Found(AttributionKind.DIRECT_QUOTE, None, None, (s, e), lemma=f"colon:{pending[0]}")
                )
        if pending is not None and (pending[1].content is not None or not sentences):
            pending = None if pending[1].content is not None else pending
        _speaker_turn(text, block, claims, found_by_claim, len(sentences))

    _dash_bylines(text, blocks, claims, found_by_claim)

    # 2. Quotes that continue over sentences and paragraphs keep their speaker.
    continuation = _continuations(text, blocks, claims, found_by_claim)

    # 3. Sources, in text order (pronouns resolve to the nearest earlier source); continued quotes take
    #    the source of the attribution they continue, which may come later in the text.
    registry = Registry()
    entry_of_claim: dict[int, Entry] = {}
    atts_of: list[list[tuple[Found, Attribution, tuple | None]]] = []
    for ci, claim in enumerate(claims):
        row = []
        for f in found_by_claim[ci]:
            att = Attribution(f.kind, _span(text, f.cue), _span(text, f.source), _span(text, f.content))
            verdict = _register(text, registry, f, att, claim) if f.source is not None else None
            if att.source_id is not None:
                entry_of_claim.setdefault(ci, registry.entries[att.source_id])
            row.append((f, att, verdict))
        atts_of.append(row)
    for ci in sorted(continuation, key=lambda c: (abs(continuation[c] - c), c)):
        entry = entry_of_claim.get(continuation[ci])
        if entry is None:
            continue
        for k, (f, att, _verdict) in enumerate(atts_of[ci]):
            if f.source is None and f.cue is None:
                att.source_id = entry.source.id
                atts_of[ci][k] = (f, att, _verdict_of(entry, None))
                entry_of_claim.setdefault(ci, entry)

    _identify_elsewhere(text, registry)

    # 4. Statuses and reasons.
    for ci, claim in enumerate(claims):
        if claim.status == Status.NOT_A_CLAIM:
            claim.reason = claim.reason or "not a claim"
            continue
        for _f, att, _v in atts_of[ci]:
            if att.source_id is not None:
                src = registry.entries[att.source_id].source
                if ci not in src.claims:
                    src.claims.append(ci)
        claim.attributions = [att for _f, att, _v in atts_of[ci]]
        claim.status, claim.reason = _status(text, [(f, v) for f, _a, v in atts_of[ci]])
    return Analysis(text=text, blocks=blocks, claims=claims, sources=[e.source for e in registry.entries])


def _lines(text: str, block: Block) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n\r]+", text[block.start : block.end]):
        s, e = block.start + m.start(), block.start + m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out or [(block.start, block.end)]


def _nac_reason(block: Block, text: str) -> str:
    line = text[block.start : block.end].strip()
    if block.kind == BlockKind.BOILERPLATE:
        return f"page boilerplate ('{line[:40]}'), not part of the article"
    if block.start >= len(text.rstrip()) - len(line) - 1 and line.lower().rstrip(":.") in (
        "sources",
        "source",
        "references",
        "reference",
        "notes",
        "further reading",
        "see also",
        "links",
        "bibliography",
        "footnotes",
        "related links",
        "external links",
    ):
        return f"empty '{line}' section at the end of the article: no sources are listed"
    return f"heading ('{line[:60]}'), not an assertion"


def _speaker_turn(text: str, block: Block, claims: list[Claim], found: list[list[Found]], n: int) -> None:
    """A paragraph opening with 'NAME:' is that speaker's turn: the colon is the cue."""
    if text.find(":", block.start, block.end) < 0:
        return  # most paragraphs: no colon, so no match (the pattern's backtracking costs more than this)
    m = _SPEAKER.match(text, block.start, block.end)
    if m is None:
        return
    name = m.group(1)
    words_ = name.split()
    if name in ("Q", "A"):
        pass  # an interview: question and answer turns
    elif name.lower().rstrip(".") in _NOT_SPEAKERS or len(words_) > 4 or words_[0] in ("The", "A", "An"):
        return  # "The Latest: ...": a headline, not a speaker
    elif not (name.isupper() or all(w[:1].isupper() for w in words_)):
        return
    elif name in words.places() or (len(words_) == 1 and not name.isupper() and not _named_elsewhere(text, name)):
        return  # "New Hampshire: ...", "Poll: ...", "Bombshell: ...": a label, not a speaker
    after = text[m.end() + 1 : block.end].split()
    if len(after) < 3:
        return  # "Clinton: 547.", "Twitter: @Milbank.": a list entry
    colon = m.end()
    first = len(claims) - n
    if n == 0:
        return
    if found[first] and not (len(words_) >= 2 and all(w[:1].isupper() for w in words_)):
        return  # a speaker turn wins over cues in a headline-like first sentence only for a full name
    e = claims[first].end
    content_start = colon + 1
    while content_start < e and text[content_start].isspace():
        content_start += 1
    if content_start >= e:
        return
    cend = e
    if text[cend - 1] == "." and text[cend - 2 : cend] != "..":
        cend -= 1
    cue, source = (colon, colon + 1), (m.start(1), m.end(1))
    if len(words_) > 1 and words_[0].lower() in _INVERTED_OPENERS:
        # "Said Ellis: ...": the verb is the cue, the name after it the source.
        cue = (m.start(1), m.start(1) + len(words_[0]))
        source = (m.start(1) + len(words_[0]) + 1, m.end(1))
    found[first] = [Found(AttributionKind.DIRECT_QUOTE, cue, source, (content_start, cend), lemma=":")]
    # The rest of the paragraph is the same turn.
    for k in range(first + 1, first + n):
        if not found[k]:
            cs, ce = claims[k].start, claims[k].end
            found[k] = [Found(AttributionKind.DIRECT_QUOTE, None, None, (cs, ce), lemma="turn")]


def _named_elsewhere(text: str, name: str) -> bool:
    """Whether a capitalised word is used as a name in running text ("... said Trump", "with Clinton")."""
    return len(re.findall(rf"\b[a-z]+[,]? {re.escape(name)}\b", text)) >= 2


def _dash_bylines(text: str, blocks: list[Block], claims: list[Claim], found: list[list[Found]]) -> None:
    """Quotations signed with a dash: the dash is the cue, the name the source, the quote the content."""
    by_block: dict[int, list[int]] = {}
    for ci, c in enumerate(claims):
        by_block.setdefault(c.paragraph, []).append(ci)
    for i, block in enumerate(blocks):
        if (
            not any(c in text[max(block.start, block.end - 80) : block.end] for c in "―—–")
            and text[block.start] not in "―—–"
        ):
            continue  # no dash byline: skip the regexes
        btext = text[block.start : block.end]
        cue = source = None
        quote_block = None
        if btext[:1] in "―—–" and (m := _DASH_NAME.fullmatch(btext)) and i > 0:
            cue = (block.start + m.start(1), block.start + m.end(1))
            source = (block.start + m.start(2), block.start + m.end(2))
            quote_block = blocks[i - 1]
            own = by_block.get(block.index, [])
        elif (m := _INLINE_DASH.search(btext)) and m.start() > 0:
            # '"QUOTE" ― Name' on one line: the quote is this block up to its closing mark.
            cue = (block.start + m.start(1), block.start + m.end(1))
            source = (block.start + m.start(2), block.start + m.end(2))
            quote_block = block
            own = []
            qe = block.start + m.start() + 1
            for ci in by_block.get(block.index, []):
                c = claims[ci]
                if c.start >= qe:
                    found[ci] = [Found(AttributionKind.DIRECT_QUOTE, cue, source, _trim(text, block.start, qe), "dash")]
                    continue
                content = _trim(text, c.start, min(c.end, qe))
                if content and not any(f.cue is not None for f in found[ci]):
                    found[ci] = [Found(AttributionKind.DIRECT_QUOTE, cue, source, content, lemma="dash")]
            continue
        elif btext[-1:] in "―—–" and btext[-2:-1] in CLOSE_QUOTES and i + 1 < len(blocks):
            nb = blocks[i + 1]
            ntext = text[nb.start : nb.end]
            if not _NAME_LINE.fullmatch(ntext):
                continue
            cue = (block.end - 1, block.end)
            source = (nb.start, nb.end)
            quote_block = block
            own = []
        else:
            continue
        qe = quote_block.end if quote_block is not block else block.end - 1
        for ci in by_block.get(quote_block.index, []):
            c = claims[ci]
            content = _trim(text, c.start, min(c.end, qe))
            if content and not any(f.cue is not None for f in found[ci]):
                found[ci] = [Found(AttributionKind.DIRECT_QUOTE, cue, source, content, lemma="dash")]
        whole = _trim(text, quote_block.start, qe)
        for ci in own:
            if whole:
                found[ci] = [Found(AttributionKind.DIRECT_QUOTE, cue, source, whole, lemma="dash")]
                claims[ci].status = Status.UNATTRIBUTED


def _quoted_fraction(text: str, s: int, e: int, regions: list[tuple[int, int]]) -> float:
    inside = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in regions)
    return inside / max(1, e - s)


def _continuations(text: str, blocks: list[Block], claims: list[Claim], found: list[list[Found]]) -> dict[int, int]:
    """Add content-only attributions to quoted sentences without a cue; returns claim -> donor claim.

    PolNeAR's rule, and the reader's: a quotation keeps its speaker over several sentences and
    paragraphs. Within a paragraph, the sentences of one quoted stretch share the attribution of the
    sentence that has its cue, and a fully quoted sentence right after a quote continues it. A quoted
    paragraph with no cue of its own continues the last quote of the previous paragraph, or else the
    quote attributed at the start of the next paragraph (the quote sometimes comes first). A quotation
    with no speaker anywhere near is still marked, with no source.
    """
    by_block: dict[int, list[int]] = {}
    for ci, c in enumerate(claims):
        by_block.setdefault(c.paragraph, []).append(ci)
    donors: dict[int, int] = {}
    paragraphs = [b for b in blocks if b.kind == BlockKind.PARAGRAPH]

    def cue_atts(ci: int) -> list[Found]:
        """The attributions of claim ``ci`` that have both a cue and a source."""
        return [f for f in found[ci] if f.cue is not None and f.source is not None]

    def add(ci: int, s: int, e: int, donor: int | None) -> None:
        """Give claim ``ci`` a content-only quote attribution continuing ``donor`` (if it has none)."""
        content = _trim(text, s, e)
        if content is None or found[ci]:
            return
        found[ci].append(Found(AttributionKind.DIRECT_QUOTE, None, None, content, lemma="continued"))
        if donor is not None:
            donors[ci] = donors.get(donor, donor)

    regions_of = {b.index: _quote_regions(text, b.start, b.end) for b in paragraphs}
    for block in paragraphs:
        cis = by_block.get(block.index, [])
        regions = regions_of[block.index]
        # Sentences inside one quoted stretch share the stretch's attribution.
        for qs, qe in regions:
            inside = [ci for ci in cis if claims[ci].start < qe and qs < claims[ci].end]
            if len(inside) < 2:
                continue
            donor = next(
                (
                    ci
                    for ci in inside
                    if any(f.content and f.content[0] < qe and qs < f.content[1] for f in cue_atts(ci))
                ),
                None,
            )
            if donor is None:
                # A quotation over several sentences with no cue of its own: cues inside it are the
                # quoted speaker's words ("... and I think that's what they want"), not attributions.
                for ci in inside:
                    found[ci] = [
                        f
                        for f in found[ci]
                        if f.cue is None or not (qs <= f.cue[0] < qe and f.source and qs <= f.source[0] < qe)
                    ]
                continue
            for ci in inside:
                if ci == donor:
                    continue
                c = claims[ci]
                # Attributions with a cue inside the quote are the speaker's words, not the author's.
                found[ci] = [f for f in found[ci] if f.cue is None or not (qs <= f.cue[0] < qe)]
                add(ci, max(qs, c.start), min(qe, c.end), donor)
        # A (mostly) quoted sentence right after a quote continues it.
        for k in range(1, len(cis)):
            ci, prev = cis[k], cis[k - 1]
            c = claims[ci]
            if found[ci] or _quoted_fraction(text, c.start, c.end, regions) < 0.6:
                continue
            if cue_atts(prev) and any(f.kind == AttributionKind.DIRECT_QUOTE for f in found[prev]):
                add(ci, c.start, c.end, prev)
            elif prev in donors:
                add(ci, c.start, c.end, donors[prev])

    # Quoted paragraphs without a cue: continue the previous paragraph's quote or take the next one's.
    for n, block in enumerate(paragraphs):
        cis = by_block.get(block.index, [])
        if not cis or any(f.cue is not None for ci in cis for f in found[ci]):
            continue
        regions = regions_of[block.index]
        quoted = text[block.start] in OPEN_QUOTES or text[block.start : block.start + 2] == "''"
        if not quoted and _quoted_fraction(text, block.start, block.end, regions) < 0.6:
            continue
        donor = None
        if n > 0 and paragraphs[n - 1].index == block.index - 1:
            for ci in reversed(by_block.get(paragraphs[n - 1].index, [])):
                if any(
                    f.kind == AttributionKind.DIRECT_QUOTE and (f.source is not None or ci in donors) for f in found[ci]
                ):
                    donor = donors.get(ci, ci)
                    break
        if donor is None and n + 1 < len(paragraphs) and paragraphs[n + 1].index == block.index + 1:
            nxt = by_block.get(paragraphs[n + 1].index, [])
            if nxt and cue_atts(nxt[0]):
                donor = nxt[0]
        for ci in cis:
            c = claims[ci]
            if _quoted_fraction(text, c.start, c.end, regions) < 0.3 and ci != cis[0]:
                break  # the author's own words after the quote
            found[ci] = [f for f in found[ci] if f.cue is not None]
            add(ci, c.start, c.end, donor)

    # Any other sentence that is (almost) all quotation: the nearest quote with a speaker, a few sentences
    # before or after, is the donor; without one it is still a quotation, of an unnamed speaker.
    para_ids = [ci for b in paragraphs for ci in by_block.get(b.index, [])]
    position = {ci: k for k, ci in enumerate(para_ids)}
    for block in paragraphs:
        regions = regions_of[block.index]
        if not regions:
            continue
        for ci in by_block.get(block.index, []):
            c = claims[ci]
            if found[ci] or _quoted_fraction(text, c.start, c.end, regions) < 0.8:
                continue
            k = position[ci]
            donor = None
            for other in [*reversed(para_ids[max(0, k - 3) : k]), *para_ids[k + 1 : k + 3]]:
                if any(f.kind == AttributionKind.DIRECT_QUOTE for f in found[other]) and (
                    cue_atts(other) or other in donors
                ):
                    donor = donors.get(other, other)
                    break
            add(ci, c.start, c.end, donor)

    # Turn continuations (speaker paragraphs): the donor is the paragraph's first claim; the quotation
    # after "He said:" continues the claim with the colon.
    for block in paragraphs:
        cis = by_block.get(block.index, [])
        for ci in cis:
            if any(f.lemma == "turn" for f in found[ci]) and ci not in donors:
                donors[ci] = cis[0]
            for f in found[ci]:
                if f.lemma.startswith("colon:"):
                    donors[ci] = int(f.lemma[6:])
    return donors


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e - s >= 2 else None


def _register(text: str, registry: Registry, f: Found, att: Attribution, claim: Claim):
    """Describe and register the source of ``f``; sets ``att.source_id``; returns a verdict tuple."""
    s, e = f.source  # type: ignore[misc]
    span_text = text[s:e]
    low = span_text.strip().lower()
    entry = None
    if f.resolve_to is not None and low in ("who", "which", "that"):
        rs, re_ = f.resolve_to
        d = describe(text[rs:re_])
        entry = registry.add(d, Span(rs, re_, text[rs:re_]))
        registry.touch(entry, att.source)
    elif low in PERSON_PRONOUNS or low in PLURAL_PRONOUNS or low in THING_PRONOUNS or low in ("who", "which"):
        entry = registry.resolve_pronoun(low)
        if entry is not None:
            registry.touch(entry, att.source)
        else:
            entry = _unresolved_pronoun(text, registry, low, att, f)
    else:
        d = describe(span_text)
        if d.kind == "pronoun":
            entry = registry.resolve_pronoun(low)
            if entry is None:
                entry = _unresolved_pronoun(text, registry, low, att, f)
            else:
                registry.touch(entry, att.source)
        else:
            entry = registry.add(d, att.source)
    if entry is None:
        return None
    att.source_id = entry.source.id
    return _verdict_of(entry, att.source)


_APPOSITIVE = re.compile(r",[^,.;“”\"]{3,80},")


def _is_word_char(c: str) -> bool:
    """Whether ``c`` is a ``\\w`` character of ``re`` (Unicode letters and digits, and the underscore)."""
    return c.isalnum() or c == "_"


def _whole_words(text: str, word: str) -> Iterator[int]:
    """Start offsets of the matches of ``\\bWORD\\b`` in ``text``, as ``re.finditer`` would find them.

    ``str.find`` jumps to each occurrence and only the word boundaries are checked there (``\\b`` as
    ``re`` defines it): many times faster than scanning the article with a new regex for every name.
    """
    n = len(word)  # a surname: never empty
    first, last = _is_word_char(word[0]), _is_word_char(word[-1])
    pos = 0
    while (at := text.find(word, pos)) >= 0:
        end = at + n
        if (at > 0 and _is_word_char(text[at - 1])) != first and (end < len(text) and _is_word_char(text[end])) != last:
            yield at
            pos = end
        else:
            pos = at + 1


def _identify_elsewhere(text: str, registry: Registry) -> None:
    """A person described only in another sentence ("Senator Maria Gomez met ...") is identifiable too.

    For each named person not yet identifiable, every capitalised run of the text that ends with their
    surname is described with the four words before it; an office or employer found there upgrades the
    source. A bare surname that the text never introduces is a public figure known by name ("Trump").
    """
    for entry in registry.entries:
        src, d = entry.source, entry.described
        if src.type != SourceType.PERSON or src.identifiable or d.kind != "person" or not d.surname:
            continue
        upgraded = False
        introduced = False
        surname = d.surname
        for at in _whole_words(text, surname):
            # The capitalised run ending with the surname, the four words before it and an appositive.
            before = text[max(0, at - 80) : at].split()[-6:]
            run = [w for w in before[::-1]]
            k = 0
            while k < len(run) and run[k][:1].isupper():
                k += 1
            if k:
                introduced = True
            words_ = before[max(0, len(before) - k - 4) :]
            appositive = _APPOSITIVE.match(text, at + len(surname))
            phrase = " ".join([*words_, surname]) + (appositive.group() if appositive else "")
            desc = describe(phrase.strip().strip(","))
            if desc.kind == "person" and desc.identifiable and desc.surname == d.surname:
                src.identifiable = True
                src.descriptor = src.descriptor or desc.descriptor
                src.affiliation = src.affiliation or desc.affiliation
                entry.described = desc
                upgraded = True
                break
        if not upgraded and not introduced and " " not in src.name and not src.descriptor:
            src.identifiable = True
            entry.described = Described(
                src.name, SourceType.PERSON, None, None, True, "person", "a public figure known by name", src.name
            )


def _unresolved_pronoun(text, registry, low, att, f):
    """A pronoun with no earlier source: look back in the text for the nearest person name."""
    if low in ("i", "we", "you"):
        return None
    if low in PERSON_PRONOUNS:
        before = text[max(0, f.source[0] - 1500) : f.source[0]]
        names = list(re.finditer(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)+", before))
        for m in reversed(names):
            d = describe(m.group())
            if d.kind == "person" and " " in d.name:
                base = f.source[0] - len(before)
                return registry.add(d, Span(base + m.start(), base + m.end(), m.group()))
    return None


def _verdict_of(entry, span):
    src = entry.source
    return (src, entry.described)


_STATUS_RANK = {
    Status.SOURCED: 0,
    Status.UNVERIFIED_NAMED: 1,
    Status.ANONYMOUS: 2,
    Status.HEDGED: 3,
}


def _status(text: str, verdicts) -> tuple[Status, str]:
    """The sentence's status from its attributions: the best-sourced attribution decides."""
    if not verdicts:
        return Status.UNATTRIBUTED, "no attribution: the sentence asserts this on the author's own authority"
    best: tuple[Status, str] | None = None
    for f, verdict in verdicts:
        cue = text[f.cue[0] : f.cue[1]] if f.cue else None
        if verdict is None:
            if f.kind == AttributionKind.DIRECT_QUOTE and f.cue is None and f.source is None:
                st = Status.ANONYMOUS
                reason = "a quotation whose speaker the text does not name nearby"
            elif f.kind == AttributionKind.HEDGE or f.source is None:
                st = Status.HEDGED
                reason = (
                    f"reporting hedge '{cue}' with no source: who reported it is not said"
                    if cue
                    else "attributed without a source: who says so is not said"
                )
            else:
                src_text = text[f.source[0] : f.source[1]]
                st = Status.ANONYMOUS
                reason = f"attributed to '{src_text}', who is not named"
        else:
            src, d = verdict
            via = f" (cue '{cue}')" if cue else " (the quote continues)"
            if src.identifiable:
                st = Status.SOURCED
                why = d.why or "identifiable"
                reason = f"attributed to {src.type} '{src.name}'{via}: {why}"
            elif src.type == SourceType.PERSON:
                st = Status.UNVERIFIED_NAMED
                if src.descriptor:
                    reason = (
                        f"quoted person '{src.name}' is described only as '{src.descriptor}': "
                        "no employer, office or link"
                    )
                else:
                    reason = f"quoted person '{src.name}'{via} is not described: no employer, office or link"
            else:
                st = Status.ANONYMOUS
                reason = f"attributed to an unnamed {src.type} '{src.name}'{via}: no name a reader could check"
        if best is None or _STATUS_RANK[st] < _STATUS_RANK[best[0]]:
            best = (st, reason)
    assert best is not None
    return best

"""The analysis pipeline: blocks -> sentences -> attributions -> quote continuations -> sources -> statuses."""

from __future__ import annotations

import re

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
from factcheck.analysis.sources import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS, Registry, describe
from factcheck.analysis.words import wordset as _words

# "WALLACE: ..." / "Sen. Warren: ..." at the start of a paragraph (transcripts, Q&A).
_SPEAKER = re.compile(r"[\"“]?((?:[A-Z][\w.'’-]*\.?\s){0,3}[A-Z][\w.'’-]*)(?=:\s+\S)")
# A quotation signed with a dash: "― Sonya Herridge" under the quote, or "...”―" with the name below.
_DASH_NAME = re.compile(r"([―—–]{1,2})\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)\.?$")
_INLINE_DASH = re.compile(r"[”\"]\s*([―—–]{1,2})\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)\.?$")
_NAME_LINE = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}$")
_NOT_SPEAKERS = _words(
    "update note editor's note photo video watch read related source sources correction "
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
    # 1. Sentences and their own attributions.
    for block in blocks:
        if block.kind != BlockKind.PARAGRAPH:
            for s, e in _lines(text, block):
                claims.append(Claim(s, e, block.index, text[s:e], Status.NOT_A_CLAIM, _nac_reason(block, text)))
                found_by_claim.append([])
            continue
        sentences = split_sentences(text, block.start, block.end)
        for k, (s, e) in enumerate(sentences):
            claims.append(Claim(s, e, block.index, text[s:e], Status.UNATTRIBUTED, ""))
            found = analyzer.find(s, e)
            for f in found:
                if f.content is None:
                    # "Clinton said." after the quote: the previous sentence of the paragraph is the content.
                    f.content = _trim(text, *sentences[k - 1]) if k > 0 else None
            found_by_claim.append([f for f in found if f.content is not None])
        _speaker_turn(text, block, claims, found_by_claim, len(sentences))

    _dash_bylines(text, blocks, claims, found_by_claim)

    # 2. Quotes that continue over sentences and paragraphs keep their speaker.
    continuation = _continuations(text, blocks, claims, found_by_claim)

    # 3. Sources and statuses, in text order (pronouns resolve to the nearest earlier source).
    registry = Registry()
    entry_of_claim: dict[int, object] = {}
    for ci, claim in enumerate(claims):
        if claim.status == Status.NOT_A_CLAIM:
            claim.reason = claim.reason or "not a claim"
            continue
        atts: list[Attribution] = []
        verdicts = []
        for f in found_by_claim[ci]:
            att = Attribution(f.kind, _span(text, f.cue), _span(text, f.source), _span(text, f.content))
            verdict = None
            if f.source is not None:
                verdict = _register(text, registry, f, att, claim)
            elif ci in continuation and f.cue is None:
                entry = entry_of_claim.get(continuation[ci])
                if entry is not None:
                    att.source_id = entry.source.id
                    verdict = _verdict_of(entry, None)
            if att.source_id is not None:
                entry_of_claim.setdefault(ci, registry.entries[att.source_id])
                src = registry.entries[att.source_id].source
                if ci not in src.claims:
                    src.claims.append(ci)
            atts.append(att)
            verdicts.append((f, verdict))
        claim.attributions = atts
        claim.status, claim.reason = _status(text, verdicts)
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
    m = _SPEAKER.match(text, block.start, block.end)
    if m is None:
        return
    name = m.group(1)
    words_ = name.split()
    if name.lower().rstrip(".") in _NOT_SPEAKERS or len(words_) > 4:
        return
    if not (name.isupper() or all(w[:1].isupper() for w in words_)):
        return
    colon = m.end()
    first = len(claims) - n
    if n == 0 or found[first]:
        return
    e = claims[first].end
    content_start = colon + 1
    while content_start < e and text[content_start].isspace():
        content_start += 1
    if content_start >= e:
        return
    cend = e
    if text[cend - 1] == "." and text[cend - 2 : cend] != "..":
        cend -= 1
    found[first] = [
        Found(
            AttributionKind.DIRECT_QUOTE,
            (colon, colon + 1),
            (m.start(1), m.end(1)),
            (content_start, cend),
            lemma=":",
        )
    ]
    # The rest of the paragraph is the same turn.
    for k in range(first + 1, first + n):
        if not found[k]:
            cs, ce = claims[k].start, claims[k].end
            found[k] = [Found(AttributionKind.DIRECT_QUOTE, None, None, (cs, ce), lemma="turn")]


def _dash_bylines(text: str, blocks: list[Block], claims: list[Claim], found: list[list[Found]]) -> None:
    """Quotations signed with a dash: the dash is the cue, the name the source, the quote the content."""
    by_block: dict[int, list[int]] = {}
    for ci, c in enumerate(claims):
        by_block.setdefault(c.paragraph, []).append(ci)
    for i, block in enumerate(blocks):
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


def _continuations(text: str, blocks: list[Block], claims: list[Claim], found: list[list[Found]]) -> dict[int, int]:
    """Add content-only attributions to sentences that continue a quote; returns claim -> donor claim.

    The returned dict maps a claim index to the claim index whose first sourced attribution it
    continues (resolved to a registry entry later). Within a paragraph, a quoted stretch that spans
    sentences belongs to the attribution of the sentence that has its cue. A paragraph that opens with a
    quotation mark and has no cue of its own continues the last direct quote of the previous paragraph.
    """
    by_block: dict[int, list[int]] = {}
    for ci, c in enumerate(claims):
        by_block.setdefault(c.paragraph, []).append(ci)
    donors: dict[int, int] = {}
    last_quote: int | None = None  # claim index of the last direct quote with a source
    prev_block_index = None
    for block in blocks:
        cis = by_block.get(block.index, [])
        if block.kind != BlockKind.PARAGRAPH:
            if block.kind == BlockKind.HEADING:
                last_quote = None
            continue
        regions = _quote_regions(text, block.start, block.end)
        # Sentences inside one quoted stretch share the stretch's attribution.
        for qs, qe in regions:
            inside = [ci for ci in cis if claims[ci].start < qe and qs < claims[ci].end]
            if len(inside) < 2:
                continue
            donor = next(
                (
                    ci
                    for ci in inside
                    if any(f.cue is not None and f.kind == AttributionKind.DIRECT_QUOTE for f in found[ci])
                    and any(
                        f.content and f.content[0] < qe and qs < f.content[1] for f in found[ci] if f.cue is not None
                    )
                ),
                None,
            )
            if donor is None:
                continue
            for ci in inside:
                if ci == donor:
                    continue
                c = claims[ci]
                # Attributions with a cue inside the quote are the speaker's words, not the author's.
                found[ci] = [f for f in found[ci] if f.cue is None or not (qs <= f.cue[0] < qe)]
                if found[ci]:
                    continue
                s, e = max(qs, c.start), min(qe, c.end)
                content = _trim(text, s, e)
                if content:
                    found[ci].append(Found(AttributionKind.DIRECT_QUOTE, None, None, content, lemma="continued"))
                    donors[ci] = donor
        # A fully quoted sentence right after a sourced quote in the same paragraph continues it.
        for k in range(1, len(cis)):
            ci, prev = cis[k], cis[k - 1]
            c = claims[ci]
            if found[ci] or c.text[:1] not in OPEN_QUOTES:
                continue
            if not any(
                f.kind == AttributionKind.DIRECT_QUOTE and (f.source is not None or prev in donors) for f in found[prev]
            ):
                continue
            qs = [r for r in regions if r[0] == c.start]
            e = min(qs[0][1], c.end) if qs else c.end
            content = _trim(text, c.start, e)
            if content:
                found[ci].append(Found(AttributionKind.DIRECT_QUOTE, None, None, content, lemma="continued"))
                donors[ci] = donors.get(prev, prev)
        # A paragraph that opens with a quote and has no cue continues the previous paragraph's quote.
        starts_quote = text[block.start] in OPEN_QUOTES
        has_cue = any(f.cue is not None for ci in cis for f in found[ci])
        if (
            starts_quote
            and not has_cue
            and last_quote is not None
            and prev_block_index is not None
            and block.index == prev_block_index + 1
        ):
            for ci in cis:
                c = claims[ci]
                found[ci] = [f for f in found[ci] if f.cue is not None]
                qs = [r for r in regions if r[0] < c.end and c.start < r[1]]
                if not qs and ci != cis[0]:
                    break  # the author's own words after the quote
                s = max(qs[0][0], c.start) if qs else c.start
                e = min(qs[-1][1], c.end) if qs else c.end
                content = _trim(text, s, e)
                if content and not found[ci]:
                    found[ci].append(Found(AttributionKind.DIRECT_QUOTE, None, None, content, lemma="continued"))
                    donors[ci] = last_quote
        # Remember the last sourced direct quote of this paragraph.
        lq = None
        for ci in cis:
            for f in found[ci]:
                if f.kind == AttributionKind.DIRECT_QUOTE and (f.source is not None or ci in donors):
                    lq = ci if f.source is not None else donors[ci]
        last_quote = lq
        prev_block_index = block.index
        # Turn continuations (speaker paragraphs): donor is the paragraph's first claim.
        for ci in cis:
            for f in found[ci]:
                if f.lemma == "turn" and ci not in donors:
                    donors[ci] = cis[0]
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


def _unresolved_pronoun(text, registry, low, att, f):
    """A pronoun with no earlier source: look back in the text for the nearest person name."""
    if low in ("i", "we", "you"):
        return None
    if low in PERSON_PRONOUNS:
        before = text[max(0, f.source[0] - 1500) : f.source[0]]
        names = list(
            re.finditer(
                r"(?:(?:[A-Z][a-z]+\.?|[a-z]+)\s){0,3}?\b(?:Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Gov\.|Rep\.)?\s?"
                r"[A-Z][a-z]+(?:\s[A-Z]\.)?\s[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b",
                before,
            )
        )
        for m in reversed(names):
            d = describe(m.group())
            if d.kind == "person":
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
            if f.kind == AttributionKind.HEDGE or f.source is None:
                st = Status.HEDGED
                reason = (
                    f"reporting hedge '{cue}' with no source: who reported it is not said"
                    if cue
                    else "continues a quote whose speaker could not be identified"
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

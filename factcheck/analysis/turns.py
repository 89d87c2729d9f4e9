"""Attributions that span sentences: speaker turns, signed quotations, and reporting clauses standing alone.

- **Speaker turns**: a paragraph that opens with a name and a colon ("WALLACE: ...", "Sen. Warren: ...",
  "Poll: ...") is that speaker's; the colon is the cue, and the paragraph's other sentences continue it.
- **Signed quotations**: a quotation followed by a dash and a name ("... ” ― Sonya Herridge", or the
  name on a line of its own) is that person's; the dash is the cue.
- **A reporting clause standing alone** ("Mr. Rosenthal said.") reports the quotation just before it.
- **"He said:"** at a sentence's end introduces the sentences that follow in the paragraph (or the next
  paragraph, when it ends its own).

Each finder adds ``Found`` attributions to the sentences that carry the cue and returns continuations:
``{sentence index: index of the sentence whose speaker it takes}``.
"""

from __future__ import annotations

import re

from factcheck.analysis import lexicons as lx
from factcheck.analysis.document import Sentence
from factcheck.analysis.model import AttributionKind
from factcheck.analysis.sentence_view import QUOTE_CHARS, Found

_TURN = re.compile(r"[\"“]?\s*((?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*):\s+\S")
_NAME = r"([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}?)"
_SIGNATURE = re.compile(r"([―—–]{1,2})\s*" + _NAME + r"\.?")
_INLINE_SIGNATURE = re.compile(r"[”\"]\s*([―—–]{1,2})\s*" + _NAME + r"\.?$")
_NAME_LINE = re.compile(_NAME + r"\.?")
DASHES = "―—–"


def _found(
    sentence: Sentence, cue: tuple[int, int], name: tuple[int, int], content: tuple[int, int] | None, lemma: str
) -> Found | None:
    """A Found whose source is the name at article offsets ``name`` (in the sentence's Doc)."""
    doc = sentence.doc
    span = doc.char_span(name[0] - sentence.base, name[1] - sentence.base, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return Found(AttributionKind.DIRECT_QUOTE, cue, span.root, (span.start, span.end), content, lemma, "speech")


def speaker_turns(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """Paragraphs that open with 'NAME:'."""
    continues: dict[int, int] = {}
    first_of_block: dict[int, int] = {}
    for si, sentence in enumerate(sentences):
        block = sentence.block
        if block.index in first_of_block:
            owner = first_of_block[block.index]
            if owner >= 0:
                continues[si] = owner
            continue
        first_of_block[block.index] = -1
        if sentence.start - block.start > 2 or text.find(":", sentence.start, sentence.end) < 0:
            continue
        m = _TURN.match(text, sentence.start, sentence.end)
        if m is None or not _speaker_name(m.group(1)):
            continue
        colon = m.end(1)
        content_start = colon + 1
        while content_start < sentence.end and text[content_start].isspace():
            content_start += 1
        if len(text[content_start : sentence.end].split()) < 3:
            continue  # "Clinton: 547." -- a list entry, not a turn
        found = _found(sentence, (colon, colon + 1), (m.start(1), m.end(1)), (content_start, sentence.end), ":")
        if found is not None:
            sentence.found.insert(0, found)
            first_of_block[block.index] = si
    return continues


def _speaker_name(name: str) -> bool:
    words = name.split()
    if name.lower().rstrip(".") in lx.RUN_IN_LABELS or words[0] in ("The", "A", "An", "In", "On", "At", "For"):
        return False
    if name in lx.PLACES or name in lx.OUTLETS:
        return False
    if name.isupper() or len(words) >= 2:
        return True
    return name.lower() in lx.DOCUMENT_NOUNS or name.lower() in lx.FIRST_NAMES or name.lower() in lx.SURNAMES


def signatures(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """Quotations signed with a dash and a name: '... shame.” ― Sonya Herridge' on one line, the
    signature '― Jorge Falcon' as a sentence or paragraph of its own after the quotation, or the dash
    ending the quotation ('... a bully.” ―') and the name on the next line."""
    continues: dict[int, int] = {}
    for si, sentence in enumerate(sentences):
        line = text[sentence.start : sentence.end]
        m = _SIGNATURE.fullmatch(line) if DASHES.find(line[:1]) >= 0 else None
        if m is not None and si > 0:
            # the signature alone: the quotation is what precedes it in its paragraph, or the paragraph before
            block = sentence.block if sentence.start > sentence.block.start else sentences[si - 1].block
            quoted = [k for k in range(si - 1, -1, -1) if sentences[k].block is block]
            if quoted and _quoted(text, sentences[quoted[-1]].start, sentences[si - 1].end):
                _sign(
                    sentence,
                    quoted,
                    si,
                    (sentence.start + m.start(1), sentence.start + m.end(1)),
                    (sentence.start + m.start(2), sentence.start + m.end(2)),
                    (sentences[quoted[-1]].start, sentences[si - 1].end),
                    continues,
                )
                sentence.furniture = "the signature of the quotation before it"
            continue
        m = _INLINE_SIGNATURE.search(line)
        if m is not None and m.start() > 0:
            quote_end = sentence.start + m.start() + 1
            quoted = [k for k in range(si - 1, -1, -1) if sentences[k].block is sentence.block]
            start = sentences[quoted[-1]].start if quoted else sentence.start
            _sign(
                sentence,
                quoted,
                si,
                (sentence.start + m.start(1), sentence.start + m.end(1)),
                (sentence.start + m.start(2), sentence.start + m.end(2)),
                (start, quote_end),
                continues,
            )
            continue
        stripped = line.rstrip()
        if stripped[-1:] in DASHES and stripped[:-1].rstrip()[-1:] in QUOTE_CHARS and si + 1 < len(sentences):
            # '... a bully.” ―' and the name on the next line
            name_sentence = sentences[si + 1]
            name_line = text[name_sentence.start : name_sentence.end]
            if _NAME_LINE.fullmatch(name_line) and len(name_line.split()) <= 5:
                quoted = [k for k in range(si - 1, -1, -1) if sentences[k].block is sentence.block]
                start = sentences[quoted[-1]].start if quoted else sentence.start
                dash = sentence.start + len(stripped) - 1
                name_end = name_sentence.end - (1 if name_line.endswith(".") else 0)
                found = _found(name_sentence, (dash, dash + 1), (name_sentence.start, name_end), (start, dash), "dash")
                if found is not None:
                    name_sentence.found.insert(0, found)
                    name_sentence.furniture = "the signature of the quotation before it"
                    for k in [si, *quoted]:
                        continues.setdefault(k, si + 1)
    return continues


def _sign(
    sentence: Sentence,
    quoted: list[int],
    si: int,
    cue: tuple[int, int],
    name: tuple[int, int],
    content: tuple[int, int],
    continues: dict[int, int],
) -> None:
    found = _found(sentence, cue, name, content, "dash")
    if found is not None:
        sentence.found.insert(0, found)
        for k in quoted:
            continues.setdefault(k, si)


def _quoted(text: str, start: int, end: int) -> bool:
    inner = text[start:end].rstrip(" " + DASHES)
    return any(ch in QUOTE_CHARS for ch in inner[:2]) or any(ch in QUOTE_CHARS for ch in inner[-2:])


def standalone_clauses(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """'Mr. Rosenthal said.' after a quotation: the quotation is its content and takes its speaker."""
    continues: dict[int, int] = {}
    for si, sentence in enumerate(sentences):
        for found in sentence.found:
            if not found.content_before or si == 0:
                continue
            previous = sentences[si - 1]
            tail = text[previous.start : previous.end].rstrip()
            if tail[-1:] in QUOTE_CHARS or tail.endswith("''"):
                found.content = (previous.start, previous.end)
                continues[si - 1] = si
    return continues


def colon_introductions(sentences: list[Sentence]) -> dict[int, int]:
    """'He said:' ending a sentence: the rest of the paragraph, or the next paragraph, is what he said."""
    continues: dict[int, int] = {}
    for si, sentence in enumerate(sentences):
        if not any(f.content_after_colon for f in sentence.found) or si + 1 >= len(sentences):
            continue
        following = sentences[si + 1]
        block = following.block
        k = si + 1
        while k < len(sentences) and sentences[k].block is block:
            continues.setdefault(k, si)
            k += 1
        for f in sentence.found:
            if f.content_after_colon:
                f.content = (following.start, sentences[k - 1].end)
    return continues

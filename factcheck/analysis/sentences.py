"""Sentence segmentation: blingfire per block, with small fixes for news text.

blingfire is a compiled finite-state segmenter (fast, maintained by Microsoft). On news text it gets
"U.S.", "Dr." and closing quotes after a sentence end right, but it does not split before a sentence
that opens with a title abbreviation ("... came. Mr. Obama agreed."), and it splits after an
abbreviated title inside a name ("Lt. Gen. Flynn" is fine, but "met Sen. Warren" can be split at
"Sen."). The fixes below are regexes on its output; offsets are recovered by the segmenter itself.
"""

from __future__ import annotations

import re
from ctypes import Array, byref, c_char, c_char_p, c_int
from functools import cache
from typing import Any

import blingfire

# A sentence ends (lowercase word or digit or closing bracket + . ! ?, optional closing quote) and the next
# starts with a title abbreviation followed by a capitalised name: split there.
_MISSED_SPLIT = re.compile(
    r"(?<=[a-z0-9)\]][.!?])([\"”’']?)\s+(?=(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev|Sens|Reps)\.\s+[A-Z])"
)
# The lookahead of _MISSED_SPLIT on its own: a sentence without it has no missed split (and this literal-led
# pattern finds that several times faster than trying the lookbehind at every character).
_TITLE_NAME = re.compile(r"(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev|Sens|Reps)\.\s+[A-Z]")
# blingfire split right after one of these: the next piece continues the same sentence. A match is at most
# six characters long and ends the string, so only the last _NO_SPLIT_TAIL characters need searching.
_NO_SPLIT_AFTER = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|Rev|St|Jr|Sr|No|vs|Gens|Sens|Reps|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Ft|Mt|Adm|Maj|Cmdr|Supt|Insp|Det|Atty|Gov|Pres)\.|"
    r"\b[A-Z]\.)$"
)
_NO_SPLIT_TAIL = 10


@cache
def _buffer_type(size: int) -> type[Array[c_char]]:
    return c_char * size


def _text_to_sentences(chunk: str) -> str:
    """``blingfire.text_to_sentences(chunk)``, without its per-call cost of a new ctypes buffer type.

    blingfire's wrapper allocates ``create_string_buffer(2 * n)`` for an input of n UTF-8 bytes, and every
    new length makes ctypes build a new array type, which costs more than the segmentation itself. Here
    the (zero-filled) buffer is allocated with its size rounded up to a power of two, so that a few types
    serve every call; the capacity passed to the segmenter, and so the result, are the wrapper's own.
    """
    data = chunk.encode("utf-8")
    capacity = len(data) * 2
    out = _buffer_type(max(64, 1 << capacity.bit_length()))()
    n = _TEXT_TO_SENTENCES(c_char_p(data), c_int(len(data)), byref(out), c_int(capacity))
    if n == -1 or n > capacity:
        return ""
    return out.value.decode("utf-8")


_TEXT_TO_SENTENCES: Any = getattr(getattr(blingfire, "blingfire", None), "TextToSentences", None)
if _TEXT_TO_SENTENCES is None:  # pragma: no cover - another blingfire build: use its own wrapper
    _text_to_sentences = blingfire.text_to_sentences


def _raw(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """blingfire's sentences of ``text[start:end]`` as absolute (start, end) offsets.

    ``text_to_sentences`` keeps every character of a sentence except that line breaks become spaces, so
    each sentence is located by length from the next non-space character, and checked. That is several
    times faster than ``text_to_sentences_and_offsets``, which maps UTF-8 byte offsets in Python; the
    latter is the fallback whenever the check fails.
    """
    chunk = text[start:end]
    out: list[tuple[int, int]] = []
    pos = 0
    for sentence in _text_to_sentences(chunk).split("\n"):
        if not sentence:
            continue
        while pos < len(chunk) and chunk[pos].isspace():
            pos += 1
        stop = pos + len(sentence)
        if chunk[pos:stop].replace("\n", " ").replace("\r", " ") != sentence:
            return _raw_with_offsets(chunk, start)
        out.append((start + pos, start + stop))
        pos = stop
    return out


def _raw_with_offsets(chunk: str, start: int) -> list[tuple[int, int]]:
    try:
        _, offsets = blingfire.text_to_sentences_and_offsets(chunk)
    except (UnicodeError, ValueError):  # pragma: no cover - blingfire copes with any str we have seen
        offsets = [(0, len(chunk))]
    # blingfire works on UTF-8 internally but returns character offsets into the str it was given.
    return [(start + s, start + e) for s, e in offsets if e > s]


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one block): ordered, non-overlapping, stripped.

    Everything of the block that is not whitespace belongs to some sentence, so the claims of a block
    cover all of its text.
    """
    pieces = _raw(text, start, end)
    if not pieces:
        return []
    # Re-join pieces wrongly split after an abbreviation that is followed by a lowercase word or a name.
    joined: list[list[int]] = []
    for s, e in pieces:
        if joined:
            prev = text[joined[-1][0] : joined[-1][1]]
            nxt = text[s : min(e, s + 2)]
            ends_abbreviation = _NO_SPLIT_AFTER.search(prev, max(0, len(prev) - _NO_SPLIT_TAIL))
            if ends_abbreviation and nxt[:1].isalnum() and not _single_initial_end(prev):
                joined[-1][1] = e
                continue
        joined.append([s, e])
    # Split where blingfire missed a sentence start that is a title + name.
    out: list[tuple[int, int]] = []
    for s, e in joined:
        cut = s
        # A title needs a period with a space and a capital after it: most sentences have no period before
        # their last two characters, and str.find says so faster than the pattern.
        if text.find(".", s, e - 2) < 0 or not _TITLE_NAME.search(text, s, e):
            out.append((cut, e))
            continue
        for m in _MISSED_SPLIT.finditer(text, s, e):
            if _NO_SPLIT_AFTER.search(text, max(s, m.start() - 8), m.start()):
                continue  # "Lt. Gen. Flynn": the period ends an abbreviation, not a sentence
            if m.start() > cut:
                out.append((cut, m.start() + len(m.group(1))))
            cut = m.end()
        out.append((cut, e))
    # Cover the whole block: glue any stray non-space between pieces onto the previous piece and strip.
    result: list[tuple[int, int]] = []
    pos = start
    for s, e in out:
        if result and text[result[-1][1] : s].strip():
            result[-1] = (result[-1][0], s)
        elif not result and text[pos:s].strip():
            s = pos
        s, e = _strip(text, s, e)
        if e > s:
            result.append((s, e))
    if result and text[result[-1][1] : end].strip():
        s, _ = result[-1]
        result[-1] = _strip(text, s, end)
    return result


def _single_initial_end(prev: str) -> bool:
    """'... World War I.' or 'Plan B.' ends a sentence: a lone capital after a word is not an initial."""
    return bool(re.search(r"\b(?:I|II|III|IV|V|B)\.$", prev)) and not re.search(r"\b[A-Z]\.\s*[A-Z]\.$", prev)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e

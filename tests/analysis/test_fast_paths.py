"""The analysis's fast paths give exactly what the plain regex or library call they replace gives."""

from __future__ import annotations

import itertools
import re
import sys

import blingfire
import pytest

from factcheck.analysis.attribution import _TOKEN, _quote_marks, _tokens_and_lows
from factcheck.analysis.blocks import _is_break, _lines
from factcheck.analysis.engine import _whole_words
from factcheck.analysis.sentences import _NO_SPLIT_AFTER, _NO_SPLIT_TAIL, _text_to_sentences

TEXT = (
    "Smith said. Smithson and O'Smith met Smith_2 and 2Smith; Jr. Smith Jr. spoke, Jr.s and x.Jr. "
    "“Smith,” said Smith. Smith Smith. Émile Smith, Şmith, Smithé, _Smith, Smith’s aide. Jr."
)


@pytest.mark.parametrize("word", ["Smith", "Jr.", "O'Smith", "Smith’s", "S", "Émile", ".", "_Smith", "Smith Smith"])
def test_whole_words_is_the_boundary_regex(word):
    expected = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", TEXT)]
    assert list(_whole_words(TEXT, word)) == expected


@pytest.mark.parametrize(
    "chunk",
    ["", " ", "One.", "Mr. Smith came. He said: “Go.” Then he left!", "é" * 999 + ". Next one.", TEXT * 20],
)
def test_text_to_sentences_is_blingfires(chunk):
    assert _text_to_sentences(chunk) == blingfire.text_to_sentences(chunk)


ABBREVIATION_ENDINGS = [
    "He met Mr.",
    "See Sept.",
    "Sept.\n",
    "the U.S.",
    "World War I.",
    "x.Gen.",
    "Gens.",
    "A.",
    "It ended.",
    "",
    "Mr",
    "with Lt. Col.",
    "Atty.\n",
]


@pytest.mark.parametrize("prev", ABBREVIATION_ENDINGS)
def test_no_split_tail_search_is_the_full_search(prev):
    full = _NO_SPLIT_AFTER.search(prev)
    tail = _NO_SPLIT_AFTER.search(prev, max(0, len(prev) - _NO_SPLIT_TAIL))
    assert bool(full) == bool(tail)


def test_split_and_isalnum_agree_with_the_token_pattern_on_every_code_point():
    # _tokens_and_lows splits at what str.split() calls whitespace and takes an isalnum() piece as one
    # word: both must be what the pattern's \s and \w (without "_") are, for every character.
    space, word = re.compile(r"\s"), re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert bool(space.match(ch)) == ch.isspace(), hex(code)
        assert bool(word.match(ch)) == (ch.isalnum() or ch == "_"), hex(code)


def test_token_pattern_is_the_plain_one():
    plain = re.compile(r"\w+(?:[’'&.\-]\w+)*|[^\w\s]")
    for text in [TEXT, "U.S.-based A&M's rock-'n'-roll ... e.g. x.y.z. --a-- it’s 3.5% _a_ ’tis", "é'ç-ñ. 1,000.5"]:
        assert [m.span() for m in _TOKEN.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        " \t U.S.-based A&M's  rock-'n'-roll ... e.g.\n\nx.y.z. --a-- it’s 3.5% ’tis",
        "",
        "   ",
        "İstanbul ẞ x",
        "said, Kyiv. x_ _x a_b, “We ‘no’ 3,000. ٣٤ ²³ x² Ⅻ. 2024? $5 (AP) — end.' 'a' a- -a a-. a.. "
        "\u00a0b\u2003c\x1cd",
        "word\u2028next\u0085x.\u200bzero-width",
    ],
)
def test_tokens_are_the_pattern_matches(text):
    # Whole text, and windows whose ends fall inside words and inside runs of spaces.
    for start, end in [(0, len(text)), (1, len(text) - 1), (3, len(text) // 2), (len(text) // 2, len(text))]:
        start, end = max(0, start), max(0, end)
        toks, lows = _tokens_and_lows(text, start, end)
        expected = [(m.start(), m.end(), m.group(), m.group().lower()) for m in _TOKEN.finditer(text, start, end)]
        assert [(t.start, t.end, t.text, t.low) for t in toks] == expected
        assert lows == [t.low for t in toks]


def test_is_break_counts_line_breaks_as_before():
    def plain(gap: str) -> bool:
        return sum(gap.count(c) for c in "\n\u2028\u2029\v\f\x85") + gap.count("\r") - gap.count("\r\n") >= 2

    pieces = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\v", "\f", "\x85", " ", "\t", "é"]
    for k in range(4):
        for combo in itertools.product(pieces, repeat=k):
            gap = "".join(combo)
            assert _is_break(f"x{gap}y", 1, 1 + len(gap)) == plain(gap), repr(gap)


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "",
        "'''''' ''' x'' \"a\" “b” «c» ‘d’ '' ''x",
        "“He said ''no'' and \"yes\",” she wrote. «Oui» »",
        "é" * 50 + "\"'",
    ],
)
def test_quote_marks_are_the_quote_regex_matches(text):
    # The regex quote_regions scanned with before; windows cut through marks and through '' pairs.
    plain = re.compile(r"''|[\"“”«»]")
    for start, end in [(0, len(text)), (1, len(text) - 1), (2, len(text) // 2), (len(text) // 3, len(text))]:
        start, end = max(0, start), max(0, end)
        assert _quote_marks(text, start, end) == [(m.start(), m.group()) for m in plain.finditer(text, start, end)]


def test_lines_are_the_runs_between_line_breaks_stripped():
    # The regex _lines used before: runs of characters that are not line breaks (as str.splitlines has them).
    line = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")

    def plain(text: str, start: int, end: int) -> list[tuple[int, int]]:
        out = []
        for m in line.finditer(text, start, end):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
        return out

    pieces = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\v", "\f", "\x85", "\x1c", "\x1e", " ", "\t", "é", "ab"]
    for k in range(5):
        for combo in itertools.product(pieces, repeat=k):
            text = "x" + "".join(combo) + "y"
            for start, end in [(0, len(text)), (1, len(text)), (0, len(text) - 1)]:
                assert _lines(text, start, end) == plain(text, start, end), repr(text)

"""The analysis's fast paths give exactly what the plain regex or library call they replace gives."""

from __future__ import annotations

import re

import blingfire
import pytest

from factcheck.analysis.engine import _whole_words
from factcheck.analysis.sentences import _text_to_sentences

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

"""Sentence segmentation (blingfire + fixes) and block splitting."""

from __future__ import annotations

import pytest

from factcheck.analysis import BlockKind, split_blocks
from factcheck.analysis.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. said so. Then it left.", ["The U.S. said so.", "Then it left."]),
        ("Officials in the U.S. Army said no.", ["Officials in the U.S. Army said no."]),
        ("Then Dr. Smith came. Gen. Mills left.", ["Then Dr. Smith came.", "Gen. Mills left."]),
        ("He met Lt. Gen. Flynn on Monday.", ["He met Lt. Gen. Flynn on Monday."]),
        ("Sen. Warren, D-Mass., said no. Mr. Obama agreed.", ["Sen. Warren, D-Mass., said no.", "Mr. Obama agreed."]),
        (
            "He said risks grow “exponentially.” Then he left.",
            ["He said risks grow “exponentially.”", "Then he left."],
        ),
        ("“Yes,” he said. “No.”", ["“Yes,” he said.", "“No.”"]),
        ("We fought World War I. Then it ended.", ["We fought World War I.", "Then it ended."]),
    ],
)
def test_sentence_fixes(text, expected):
    assert sentences(text) == expected


def test_sentences_cover_the_block():
    text = "  One. Two!  Three?  "
    spans = split_sentences(text, 0, len(text))
    assert [text[s:e] for s, e in spans] == ["One.", "Two!", "Three?"]


def test_heading_followed_by_paragraph_on_next_line():
    text = "Markets Rally After Vote\nShares rose 3% on Tuesday. Bonds fell."
    blocks = split_blocks(text)
    assert [(text[b.start : b.end], b.kind) for b in blocks] == [
        ("Markets Rally After Vote", BlockKind.HEADING),
        ("Shares rose 3% on Tuesday. Bonds fell.", BlockKind.PARAGRAPH),
    ]


def test_hard_wrapped_prose_stays_one_block():
    text = "The council voted on the plan\nafter a long debate in the chamber.\n\nNext paragraph."
    blocks = split_blocks(text)
    assert len(blocks) == 2
    assert blocks[0].kind == BlockKind.PARAGRAPH


def test_question_heading_and_boilerplate():
    text = "Share this article\n\nWhy Does It Matter?\n\nBecause prices rose.\n\nAdvertisement\n\nMore text here."
    kinds = [b.kind for b in split_blocks(text)]
    assert kinds == [
        BlockKind.BOILERPLATE,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.BOILERPLATE,
        BlockKind.PARAGRAPH,
    ]


def test_short_sentence_paragraph_is_not_a_heading():
    text = "The vote failed.\n\nNobody expected it."
    assert all(b.kind == BlockKind.PARAGRAPH for b in split_blocks(text))


def test_block_offsets_have_no_edge_whitespace():
    text = "\n\n  Title Here  \r\n\r\n  Body text goes here.  \n"
    for b in split_blocks(text):
        chunk = text[b.start : b.end]
        assert chunk == chunk.strip() and chunk

"""split_blocks: paragraphs, headings and page boilerplate, with exact offsets and no edge whitespace."""

from __future__ import annotations

import pytest

from factcheck.analysis import BlockKind, split_blocks

H, P, B = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.BOILERPLATE


def blocks(text: str) -> list[tuple[str, BlockKind]]:
    out = []
    for i, b in enumerate(split_blocks(text)):
        assert b.index == i
        chunk = text[b.start : b.end]
        assert chunk and chunk == chunk.strip(), repr(chunk)
        out.append((chunk, b.kind))
    return out


def test_title_paragraphs_and_a_subheading():
    text = (
        "Flood Waters Rise Across the Valley\n\n"
        "The river rose four metres overnight. Hundreds left their homes.\n\n"
        "What Comes Next\n\n"
        "The council will meet on Friday."
    )
    assert blocks(text) == [
        ("Flood Waters Rise Across the Valley", H),
        ("The river rose four metres overnight. Hundreds left their homes.", P),
        ("What Comes Next", H),
        ("The council will meet on Friday.", P),
    ]


def test_heading_on_the_line_above_its_paragraph():
    text = "Markets Rally After Vote\nShares rose 3% on Tuesday. Bonds fell."
    assert blocks(text) == [("Markets Rally After Vote", H), ("Shares rose 3% on Tuesday. Bonds fell.", P)]


def test_question_heading():
    text = "Why Does It Matter?\n\nBecause prices rose for the third month in a row."
    assert [k for _, k in blocks(text)] == [H, P]


def test_boilerplate_lines():
    text = (
        "Skip to main content\n\nThe river rose four metres overnight.\n\nAdvertisement\n\n"
        "Share this article\n\nThe council will meet on Friday.\n\n© 2024 Example Media. All rights reserved."
    )
    assert [k for _, k in blocks(text)] == [B, P, B, B, P, B]


def test_a_trailing_sources_heading_with_nothing_under_it():
    text = "The river rose four metres overnight.\n\nSources"
    assert blocks(text) == [("The river rose four metres overnight.", P), ("Sources", H)]


def test_short_sentences_are_paragraphs_not_headings():
    text = "The vote failed.\n\nNobody expected it."
    assert [k for _, k in blocks(text)] == [P, P]


def test_a_sentence_mentioning_advertisement_is_a_paragraph():
    text = "The advertisement ran in three newspapers on Sunday."
    assert blocks(text) == [(text, P)]


def test_hard_wrapped_prose_stays_one_paragraph():
    text = "The council voted on the plan\nafter a long debate in the chamber.\n\nThe mayor left early."
    assert blocks(text) == [
        ("The council voted on the plan\nafter a long debate in the chamber.", P),
        ("The mayor left early.", P),
    ]


def test_a_line_break_after_a_finished_sentence_separates_paragraphs():
    text = "The river rose four metres overnight.\nThe council will meet on Friday."
    assert [k for _, k in blocks(text)] == [P, P]


@pytest.mark.parametrize("gap", ["\n\n", "\r\n\r\n", "\r\r", "\n \t\n", "\u2029\u2029", "\u2028\u2028", "\x85\x85"])
def test_every_kind_of_blank_line_separates_blocks(gap):
    text = f"The river rose four metres overnight{gap}and the council met on Friday."
    assert [c for c, _ in blocks(text)] == ["The river rose four metres overnight", "and the council met on Friday."]


def test_offsets_are_exact_with_surrounding_whitespace():
    text = "\n\n  Title Here  \r\n\r\n  \tBody text goes here.  \n\n\u00a0 Second paragraph, indented.\u00a0\n"
    found = split_blocks(text)
    assert [(text[b.start : b.end], b.kind) for b in found] == [
        ("Title Here", H),
        ("Body text goes here.", P),
        ("Second paragraph, indented.", P),
    ]
    assert found[1].start == text.index("Body")
    assert found[2].end == text.index("indented.") + len("indented.")


def test_empty_and_blank_texts_have_no_blocks():
    for text in ("", "   ", "\n\n\r\n", "\u2028\u2029"):
        assert split_blocks(text) == []


@pytest.mark.parametrize(
    "headline",
    [
        "Ukraine strikes Russian airfield in Bryansk with US-supplied missiles for the first time, officials say",
        "“We will not back down,” says mayor as the strike enters its second week",
        "'Nobody asked us': librarians protest budget cuts",
        "15-year-old driver killed, 14-year-old passenger critical in overnight crash",
        "Mayor: ‘We will not back down’",
    ],
)
def test_the_headline_on_top_of_an_article_is_a_heading(headline):
    """Headlines run longer than other headings, open with a quotation or a number and end in a quotation
    mark; standing alone above the article, with no sentence end, the top line is its headline."""
    text = f"{headline}\n\nThe council approved the budget on Tuesday, the mayor said.\n\nCritics disagreed."
    assert blocks(text) == [
        (headline, H),
        ("The council approved the budget on Tuesday, the mayor said.", P),
        ("Critics disagreed.", P),
    ]


@pytest.mark.parametrize(
    "top",
    [
        "The council approved the budget on Tuesday after a long debate, the mayor said.",
        "“We will not back down,” the mayor said.",
        "“We will not back down.”",
        "• The council approved the budget and the libraries lost their funding for a year",
        "The council approved a budget on Tuesday after a debate that ran past midnight and left the libraries, "
        "the bus network and the schools with less money than last year and with no plan",
    ],
)
def test_a_top_line_that_is_prose_or_a_list_item_stays_a_paragraph(top):
    assert blocks(f"{top}\n\nCritics disagreed.")[0] == (top, P)


def test_a_lone_line_is_the_article_not_its_headline():
    text = "Ukraine strikes Russian airfield in Bryansk with US-supplied missiles for the first time, officials say"
    assert blocks(text) == [(text, P)]

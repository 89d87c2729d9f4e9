"""Page furniture: the lines of a scraped page that are not the article's assertions are not_a_claim, and
sentences of the article that merely look like them are not caught."""

from __future__ import annotations

import pytest

from factcheck.analysis import Status, analyze
from factcheck.analysis.furniture import furniture

BODY = "The river rose four metres overnight, forcing hundreds of families from their homes."

FURNITURE = [
    ("By Jane Smith", "byline"),
    ("By Jane Smith and Tom Lee", "byline"),
    ("By Jane Smith | Example Media", "byline"),
    ("Published: March 3, 2024", "dateline or timestamp"),
    ("Updated 10:42 a.m. ET, Tue March 5, 2024", "dateline or timestamp"),
    ("Share this", "share or navigation"),
    ("Share on Facebook", "share or navigation"),
    ("Tweet", "share or navigation"),
    ("Subscribe to our newsletter", "share or navigation"),
    ("Tags: floods, weather", "share or navigation"),
    ("Read more: Ten ways to prepare for a flood", "related-article"),
    ("© 2024 Example Media", "copyright"),
    ("Copyright 2024 Example Media. All rights reserved.", "copyright"),
    ("Contact: news@example.invalid", "contact"),
    ("www.example.invalid/news", "web address"),
    ("-----", "separator"),
    ("JANE SMITH", "byline or credit"),
]


@pytest.mark.parametrize(("line", "kind"), FURNITURE, ids=[f[0] for f in FURNITURE])
def test_a_furniture_line_is_not_a_claim(line, kind):
    assert kind in (furniture(line, standalone=True) or "")
    analysis = analyze(f"{BODY}\n\n{line}\n\n{BODY}")
    first, middle, last = analysis.claims
    assert middle.text == line
    assert middle.status == Status.NOT_A_CLAIM, middle.reason
    assert first.status == last.status == Status.UNATTRIBUTED


def test_a_bare_dateline_above_the_story_is_not_a_claim():
    analysis = analyze(f"MILLBROOK, Ore. —\n\n{BODY}")
    assert [c.status for c in analysis.claims] == [Status.NOT_A_CLAIM, Status.UNATTRIBUTED]


ARTICLE_SENTENCES = [
    "By Tuesday, the river had fallen two metres.",
    "Share prices fell on Monday after the report.",
    "Photos of the flood spread quickly online.",
    "Related costs rose by 4 percent last year.",
    "More than 200 people were evacuated.",
    "Home prices rose 5 percent last year.",
    "News of the closure spread fast.",
    "Close to 300 homes were flooded.",
    "Next year the council will vote again.",
]


@pytest.mark.parametrize("sentence", ARTICLE_SENTENCES)
def test_an_article_sentence_that_looks_like_furniture_is_not_caught(sentence):
    assert furniture(sentence, standalone=True) is None
    analysis = analyze(f"{BODY}\n\n{sentence}")
    assert analysis.claims[1].text == sentence
    assert analysis.claims[1].status == Status.UNATTRIBUTED, analysis.claims[1].reason


def test_inside_a_paragraph_only_unmistakable_furniture_counts():
    assert furniture("By Jane Smith", standalone=False) is None  # a byline is a line of its own
    assert furniture("© 2024 Example Media", standalone=False) == "a copyright notice"
    text = f"{BODY} Share this story with your neighbours, the mayor urged."
    assert analyze(text).claims[1].status != Status.NOT_A_CLAIM

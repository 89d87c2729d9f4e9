"""Furniture and act-versus-speech cases by the shared GUIDELINES.md: a timestamp needs a date, a view
counter is furniture."""

from __future__ import annotations

import pytest

from factcheck.analysis import Status, analyze

BODY = "The river rose four metres overnight, forcing hundreds of families from their homes."


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Published reports said the mayor knew.", Status.HEDGED),
        ("Posted guards stood at every door of the city hall in May.", Status.UNATTRIBUTED),
    ],
)
def test_a_one_sentence_paragraph_starting_like_a_timestamp_is_not_furniture(sentence, status):
    claim = analyze(f"{BODY}\n\n{sentence}").claims[1]
    assert claim.status == status, claim.reason


def test_a_view_counter_is_furniture():
    claim = analyze(f"{BODY}\n\n1,204 views").claims[1]
    assert claim.status == Status.NOT_A_CLAIM, claim.reason

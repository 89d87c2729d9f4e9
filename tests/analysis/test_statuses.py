"""Synthetic sentences (not from the demo article) for each status and attribution pattern."""

from __future__ import annotations

import pytest

from factcheck.analysis import AttributionKind, SourceType, Status, analyze


def only_claim(text: str):
    analysis = analyze(text)
    claims = [c for c in analysis.claims if c.status != Status.NOT_A_CLAIM]
    assert len(claims) == 1, [c.text for c in analysis.claims]
    return analysis, claims[0]


def source_name(analysis, claim) -> str:
    ids = [a.source_id for a in claim.attributions if a.source_id is not None]
    assert ids, claim.attributions
    return analysis.sources[ids[0]].name


@pytest.mark.parametrize(
    ("text", "status", "source"),
    [
        ("The Treasury Department said on Monday that tariffs would rise.", Status.SOURCED, "Treasury Department"),
        ("Tariffs will rise next year, the European Commission said.", Status.SOURCED, "European Commission"),
        ("Prices fell sharply, according to the Office for National Statistics.", Status.SOURCED, "Office"),
        (
            "“We will not back down,” said John Kirby, the White House national security spokesman.",
            Status.SOURCED,
            "John Kirby",
        ),
        ("Sen. Elizabeth Warren said the bank had misled its customers.", Status.SOURCED, "Elizabeth Warren"),
        ("Clinton campaign manager Robby Mook told reporters that the polls were tightening.", Status.SOURCED, "Mook"),
        ("Reuters reported that the talks had stalled.", Status.SOURCED, "Reuters"),
        ("“The plan is reckless,” said energy consultant Maria Lopez.", Status.UNVERIFIED_NAMED, "Maria Lopez"),
        ("Political commentator Dan Fisher argued that the vote was rigged.", Status.UNVERIFIED_NAMED, "Dan Fisher"),
        ("Officials said the bridge would reopen in May.", Status.ANONYMOUS, "Officials"),
        ("Economists warn that the bubble could burst.", Status.ANONYMOUS, "Economists"),
        (
            "A senior official, who spoke on condition of anonymity, said the deal was close.",
            Status.ANONYMOUS,
            "official",
        ),
    ],
)
def test_sourced_statuses(text, status, source):
    analysis, claim = only_claim(text)
    assert claim.status == status, claim.reason
    assert source.lower() in source_name(analysis, claim).lower()
    assert claim.reason


@pytest.mark.parametrize(
    "text",
    [
        "The mayor reportedly ordered the closure of three schools.",
        "The minister allegedly accepted gifts from a contractor.",
        "It is said that the factory will close before winter.",
        "The company is believed to have lost millions last year.",
    ],
)
def test_hedged(text):
    _analysis, claim = only_claim(text)
    assert claim.status == Status.HEDGED, claim.reason
    assert any(a.kind == AttributionKind.HEDGE and a.source is None for a in claim.attributions)
    assert "hedge" in claim.reason


@pytest.mark.parametrize(
    "text",
    [
        "The river rose four metres overnight.",
        "Wages have stagnated for a decade while rents doubled.",
        "The new stadium will seat 60,000 people.",
    ],
)
def test_unattributed(text):
    _analysis, claim = only_claim(text)
    assert claim.status == Status.UNATTRIBUTED
    assert claim.attributions == []
    assert "no attribution" in claim.reason


def test_not_a_claim_heading_and_boilerplate():
    text = (
        "Advertisement\n\nFloods Hit the Valley\n\nThe river rose four metres overnight.\n\n"
        "Share this article\n\nReferences"
    )
    analysis = analyze(text)
    statuses = [(c.text, c.status) for c in analysis.claims]
    assert statuses == [
        ("Advertisement", Status.NOT_A_CLAIM),
        ("Floods Hit the Valley", Status.NOT_A_CLAIM),
        ("The river rose four metres overnight.", Status.UNATTRIBUTED),
        ("Share this article", Status.NOT_A_CLAIM),
        ("References", Status.NOT_A_CLAIM),
    ]
    assert "empty 'References' section" in analysis.claims[-1].reason


def test_spans_of_said_that():
    text = "The Interior Ministry said that 40 people were detained."
    _analysis, claim = only_claim(text)
    (att,) = claim.attributions
    assert att.cue.text == "said"
    assert att.source.text == "The Interior Ministry"
    assert att.content.text == "that 40 people were detained"
    assert att.kind == AttributionKind.INDIRECT


def test_spans_of_inverted_quote():
    text = "“Nobody saw it coming,” said Ana Ruiz, a spokeswoman for the Red Cross."
    analysis, claim = only_claim(text)
    (att,) = claim.attributions
    assert att.kind == AttributionKind.DIRECT_QUOTE
    assert att.cue.text == "said"
    assert att.source.text.startswith("Ana Ruiz")
    assert att.content.text.startswith("“Nobody saw it coming")
    assert claim.status == Status.SOURCED
    assert analysis.sources[att.source_id].type == SourceType.PERSON


def test_according_to():
    text = "According to the state auditor, the agency overspent by $4 million."
    _analysis, claim = only_claim(text)
    (att,) = claim.attributions
    assert att.kind == AttributionKind.ACCORDING_TO
    assert att.cue.text == "According to"
    assert att.source.text == "the state auditor"
    assert att.content.text == "the agency overspent by $4 million"


def test_told_reporter():
    text = "The governor told reporters on Friday that the budget was balanced."
    _analysis, claim = only_claim(text)
    (att,) = claim.attributions
    assert att.source.text == "The governor"
    assert att.content.text == "that the budget was balanced"
    assert claim.status == Status.SOURCED

"""The demo article (the project's own): its essential statuses and sources, and, where ../shared is
there, every sentence's expected status from the shared expectations file."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from factcheck.analysis import BlockKind, SourceType, Status, analyze, split_blocks
from tests.analysis.helpers import SHARED, claim_with, deciding_source, dump, sources_of

EXPECTED_FILE = SHARED / "articles" / "atacms-bryansk.expected.json"

# The named people the text never identifies: a generic descriptor, no office, employer or affiliation.
UNVERIFIED = [
    ("“By crossing this threshold", "Robert Chambers", "defense analyst"),
    ("“This is a dangerous precedent,”", "James Rutherford", "retired"),
    ("“When nuclear powers begin altering", "James Rutherford", "retired"),
    ("“The combination of advanced weaponry", "Elena Kovalenko", "scholar"),
]


@pytest.fixture(scope="module")
def demo_text() -> str:
    return resources.files("factcheck.demo").joinpath("atacms-bryansk.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo(demo_text):
    return analyze(demo_text)


@pytest.mark.parametrize(("words", "name", "descriptor"), UNVERIFIED, ids=[u[0][1:25] for u in UNVERIFIED])
def test_named_people_the_text_does_not_identify(demo, words, name, descriptor):
    claim = claim_with(demo, words)
    assert claim.status == Status.UNVERIFIED_NAMED, claim.reason
    source = deciding_source(demo, claim)
    assert source.name == name
    assert source.type == SourceType.PERSON
    assert source.identifiable is False
    assert descriptor in (source.descriptor or "").lower()
    assert name in claim.reason and "no office, employer or affiliation" in claim.reason


def test_the_three_people_are_in_the_sources_table(demo):
    people = {s.name: s for s in demo.sources if s.type == SourceType.PERSON}
    assert set(people) == {"Robert Chambers", "James Rutherford", "Elena Kovalenko"}
    assert not any(s.identifiable for s in people.values())
    assert len(people["James Rutherford"].claims) == 2  # his quotation runs over two sentences


def test_the_defense_ministry_confirming_is_sourced(demo):
    claim = claim_with(demo, "The Russian Defense Ministry confirmed")
    assert claim.status == Status.SOURCED, claim.reason
    source = deciding_source(demo, claim)
    assert source.name == "Russian Defense Ministry"
    assert source.type == SourceType.GOVERNMENT and source.identifiable


def test_critics_warning_are_anonymous(demo):
    claim = claim_with(demo, "Critics, however, warn")
    assert claim.status == Status.ANONYMOUS, claim.reason
    (critics,) = sources_of(demo, claim)
    assert critics.type == SourceType.GROUP and not critics.identifiable
    assert critics.name.lower() == "critics"


def test_navigation_and_headings_are_not_claims(demo, demo_text):
    first = demo.claims[0]
    assert first.text == "Skip to main content"
    assert first.status == Status.NOT_A_CLAIM
    for heading in ("The Attack and Its Immediate Impact", "Global Implications", "What’s Next?", "Sources"):
        claim = next(c for c in demo.claims if c.text == heading)
        assert claim.status == Status.NOT_A_CLAIM, heading


def test_blocks(demo_text):
    blocks = split_blocks(demo_text)
    kinds = {demo_text[b.start : b.end]: b.kind for b in blocks}
    assert kinds["Skip to main content"] == BlockKind.BOILERPLATE
    headings = ("The Attack and Its Immediate Impact", "Biden’s Decision Under Scrutiny", "What’s Next?", "Sources")
    for heading in headings:
        assert kinds[heading] == BlockKind.HEADING, heading
    for b in blocks:
        chunk = demo_text[b.start : b.end]
        assert chunk and chunk == chunk.strip()


def test_offsets_and_paragraphs(demo, demo_text):
    blocks = {b.index: b for b in demo.blocks}
    for c in demo.claims:
        assert demo_text[c.start : c.end] == c.text
        b = blocks[c.paragraph]
        assert b.start <= c.start < c.end <= b.end
        for a in c.attributions:
            for span in (a.cue, a.source, a.content):
                if span is not None:
                    assert demo_text[span.start : span.end] == span.text


def _expected() -> list[dict]:
    if not EXPECTED_FILE.is_file():
        return []
    return json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))["sentences"]


@pytest.mark.skipif(not EXPECTED_FILE.is_file(), reason="the shared expectations (../shared/articles) are not here")
def test_every_sentence_is_found_where_expected(demo):
    assert [c.start for c in demo.claims] == [e["offset"] for e in _expected()], dump(demo)


@pytest.mark.skipif(not EXPECTED_FILE.is_file(), reason="the shared expectations (../shared/articles) are not here")
@pytest.mark.parametrize("expected", _expected(), ids=[e["starts_with"][:30] for e in _expected()])
def test_expected_status(demo, expected):
    claim = next((c for c in demo.claims if c.start == expected["offset"]), None)
    assert claim is not None, dump(demo)
    assert claim.text.startswith(expected["starts_with"])
    assert str(claim.status) in expected["status"], claim.reason
    assert claim.reason

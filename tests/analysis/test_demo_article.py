"""The demo article: every sentence gets one of its expected statuses, and its sources are found."""

from __future__ import annotations

from importlib import resources

import pytest

from factcheck.analysis import BlockKind, SourceType, Status, analyze, split_blocks

# (offset, starts_with, allowed statuses, the source span or registry name must contain this)
EXPECTED = [
    (0, "Skip to main content", ("not_a_claim",), None),
    (22, "In a dramatic escalation", ("hedged",), None),
    (229, "The missiles targeted a military installation", ("sourced",), "the Kremlin"),
    (345, "This move marks a significant shift", ("unattributed",), None),
    (497, "The Attack and Its Immediate Impact", ("not_a_claim",), None),
    (534, "The Russian Defense Ministry confirmed", ("sourced",), "Russian Defense Ministry"),
    (650, "Debris from the remaining missile", ("unattributed", "hedged"), None),
    (758, "Ukraine, while confirming an attack", ("sourced",), "Ukraine"),
    (856, "These advanced missile systems", ("unattributed",), None),
    (1033, "This marks the first deployment", ("unattributed",), None),
    (1158, "Biden’s Decision Under Scrutiny", ("not_a_claim",), None),
    (1191, "President Biden’s decision to supply", ("unattributed",), None),
    (1284, "Supporters argue that", ("anonymous",), "Supporters"),
    (1414, "Critics, however, warn", ("anonymous",), "Critics"),
    (1608, "“By crossing this threshold", ("unverified_named",), "Robert Chambers"),
    (1802, "Russia’s Nuclear Doctrine Update", ("not_a_claim",), None),
    (1836, "In response to the attack, Russian President Vladimir Putin has reportedly", ("hedged",), None),
    (1994, "The updated policy now includes", ("unattributed",), None),
    (2174, "This policy shift has heightened fears", ("unattributed",), None),
    (2260, "“This is a dangerous precedent,”", ("unverified_named",), "James Rutherford"),
    (2337, "“When nuclear powers begin altering", ("unverified_named",), "James Rutherford"),
    (2490, "Global Implications", ("not_a_claim",), None),
    (2511, "The use of U.S.-supplied missiles in this context", ("unattributed",), None),
    (2644, "NATO member states are closely monitoring", ("unattributed",), None),
    (2762, "Additionally, experts warn", ("anonymous",), "experts"),
    (2877, "“The combination of advanced weaponry", ("unverified_named",), "Elena Kovalenko"),
    (3081, "Calls for Diplomacy Amid Rising Tensions", ("not_a_claim",), None),
    (3123, "While Ukraine maintains that the strike", ("sourced", "unattributed"), None),
    (3279, "The United Nations has urged", ("sourced",), "United Nations"),
    (3421, "China and India, both major global players", ("sourced",), "China and India"),
    (3544, "Beijing has reiterated its calls", ("sourced",), "Beijing"),
    (3690, "What’s Next?", ("not_a_claim",), None),
    (3704, "As tensions rise, all eyes", ("unattributed",), None),
    (3778, "While the Biden administration continues", ("anonymous",), "critics"),
    (3984, "The coming weeks will likely determine", ("unattributed",), None),
    (4157, "Sources", ("not_a_claim",), None),
]


@pytest.fixture(scope="module")
def demo_text() -> str:
    return resources.files("factcheck.demo").joinpath("atacms-bryansk.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo(demo_text):
    return analyze(demo_text)


def test_36_sentences_in_order(demo):
    assert len(demo.claims) == 36
    assert [c.start for c in demo.claims] == [e[0] for e in EXPECTED]


@pytest.mark.parametrize(("offset", "starts_with", "statuses", "source"), EXPECTED, ids=[e[1][:30] for e in EXPECTED])
def test_sentence_status(demo, offset, starts_with, statuses, source):
    claim = next(c for c in demo.claims if c.start == offset)
    assert claim.text.startswith(starts_with)
    assert str(claim.status) in statuses, claim.reason
    assert claim.reason
    if source is not None:
        names = []
        for a in claim.attributions:
            if a.source is not None:
                names.append(a.source.text)
            if a.source_id is not None:
                names.append(demo.sources[a.source_id].name)
        assert any(source.lower() in n.lower() for n in names), names


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


def test_blocks_headings_and_boilerplate(demo_text):
    blocks = split_blocks(demo_text)
    kinds = {demo_text[b.start : b.end]: b.kind for b in blocks}
    assert kinds["Skip to main content"] == BlockKind.BOILERPLATE
    for heading in (
        "The Attack and Its Immediate Impact",
        "Biden’s Decision Under Scrutiny",
        "Russia’s Nuclear Doctrine Update",
        "Global Implications",
        "Calls for Diplomacy Amid Rising Tensions",
        "What’s Next?",
        "Sources",
    ):
        assert kinds[heading] == BlockKind.HEADING, heading
    assert sum(1 for b in blocks if b.kind == BlockKind.PARAGRAPH) == 13
    for b in blocks:
        chunk = demo_text[b.start : b.end]
        assert chunk == chunk.strip()


def test_sources_registry(demo):
    by_name = {s.name: s for s in demo.sources}
    chambers = by_name["Robert Chambers"]
    assert chambers.type == SourceType.PERSON
    assert chambers.identifiable is False
    assert chambers.descriptor == "defense analyst"
    rutherford = by_name["James Rutherford"]
    assert rutherford.identifiable is False
    assert "retired" in (rutherford.descriptor or "")
    assert len(rutherford.claims) == 2  # the quote continues into the next sentence
    assert by_name["Elena Kovalenko"].identifiable is False
    for name in ("the Kremlin", "Russian Defense Ministry", "United Nations", "Beijing", "Ukraine"):
        assert by_name[name].identifiable, name
        assert by_name[name].type == SourceType.GOVERNMENT
    assert by_name["Critics"].identifiable is False
    assert by_name["Critics"].type == SourceType.GROUP
    assert len(by_name["Critics"].claims) == 2  # "Critics ... warn" and "critics argue"


def test_chambers_reason(demo):
    claim = next(c for c in demo.claims if c.start == 1608)
    assert claim.status == Status.UNVERIFIED_NAMED
    assert "'Robert Chambers'" in claim.reason and "'defense analyst'" in claim.reason
    assert "no employer, office or link" in claim.reason

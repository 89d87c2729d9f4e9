"""Robustness: whatever the text, the analysis returns and its offsets, spans and references hold.

The spaCy pipeline is slower than a regular expression, so the example counts are modest; the texts are
built from news-like pieces as well as arbitrary characters so that the rules actually fire.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.analysis import Analysis, BlockKind, Status, analyze, analyze_many

PIECES = st.sampled_from(
    [
        " said ",
        "“",
        "”",
        '"',
        "'",
        ", ",
        ". ",
        "\n\n",
        "\n",
        "\r\n",
        "\u2028",
        "according to ",
        "reportedly ",
        "Critics ",
        "He ",
        "she said:",
        "Mr. ",
        "U.S. ",
        "John Smith",
        " told reporters that ",
        ":",
        "―",
        "— ",
        "Sources",
        "?",
        "Acme Corp",
        "the company",
        "Share this",
        "By ",
        "REYES: ",
        "(not his real name)",
        "Der Stadtrat hat beschlossen. ",
        "\t",
        "\u00a0",
        "🙂",
        "\u200b",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)
STATUSES = set(Status)


def check_invariants(text: str, analysis: Analysis) -> None:
    """What every analysis promises about its offsets, spans and references."""
    assert analysis.text == text
    last_end = 0
    for block in analysis.blocks:
        assert last_end <= block.start < block.end <= len(text)
        chunk = text[block.start : block.end]
        assert chunk == chunk.strip()
        last_end = block.end
    blocks = {b.index: b for b in analysis.blocks}
    assert sorted(blocks) == list(range(len(analysis.blocks)))
    last_end = 0
    for claim in analysis.claims:
        assert last_end <= claim.start < claim.end <= len(text), "claims ordered, not overlapping, inside"
        last_end = claim.end
        assert text[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        block = blocks[claim.paragraph]
        assert block.start <= claim.start and claim.end <= block.end
        if block.kind != BlockKind.PARAGRAPH:
            assert claim.status == Status.NOT_A_CLAIM
        assert claim.status in STATUSES
        assert claim.reason
        for att in claim.attributions:
            for span in (att.cue, att.source, att.content):
                if span is not None:
                    assert 0 <= span.start <= span.end <= len(text)
                    assert text[span.start : span.end] == span.text
            if att.source_id is not None:
                assert 0 <= att.source_id < len(analysis.sources)
    for i, source in enumerate(analysis.sources):
        assert source.id == i
        assert source.name
        for k in source.claims:
            assert 0 <= k < len(analysis.claims)
        for span in source.mentions:
            assert text[span.start : span.end] == span.text
    json.dumps(analysis.to_contract("x"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_news_like_text_keeps_the_invariants(text):
    check_invariants(text, analyze(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    check_invariants(text, analyze(text))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, max_size=4))
def test_analyze_many_is_analyze_of_each(texts):
    many = list(analyze_many(texts, batch_size=3))
    assert len(many) == len(texts)
    for text, analysis in zip(texts, many, strict=True):
        one = analyze(text)
        assert analysis.to_contract("x") == one.to_contract("x")
        assert analysis.language == one.language


def test_empty_and_blank_texts():
    for text in ("", " ", "\n\n\n", "\t \r\n \u2028 "):
        analysis = analyze(text)
        assert analysis.claims == [] and analysis.sources == [] and analysis.blocks == []
        assert analysis.language == "en"

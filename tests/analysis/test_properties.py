"""Robustness: arbitrary Unicode never breaks the analysis or its offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.analysis import analyze

# Text built from news-like pieces as well as arbitrary characters, so that the rules actually fire.
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
        "according to ",
        "reportedly ",
        "Critics ",
        "He ",
        "Mr. ",
        "U.S. ",
        "John Smith",
        " told reporters that ",
        ":",
        "―",
        "Sources",
        "?",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_analysis_invariants(text):
    analysis = analyze(text)
    last_end = 0
    block_ids = {b.index for b in analysis.blocks}
    for claim in analysis.claims:
        assert last_end <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert claim.paragraph in block_ids
        assert claim.reason
        last_end = claim.end
        for att in claim.attributions:
            for span in (att.cue, att.source, att.content):
                if span is not None:
                    assert 0 <= span.start <= span.end <= len(text)
                    assert text[span.start : span.end] == span.text
            if att.source_id is not None:
                assert 0 <= att.source_id < len(analysis.sources)
    for i, source in enumerate(analysis.sources):
        assert source.id == i
    assert analysis.to_contract("x")["path"] == "x"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text):
    analysis = analyze(text)
    ends = [(c.start, c.end) for c in analysis.claims]
    assert ends == sorted(ends)
    for b in analysis.blocks:
        assert text[b.start : b.end] == text[b.start : b.end].strip()

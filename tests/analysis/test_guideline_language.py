"""Language cases: a language name is no person, an English results roundup is English."""

from __future__ import annotations

from factcheck.analysis import SourceType, analyze
from tests.analysis.helpers import dump


def test_in_german_is_not_a_person():
    text = (
        "The city council approved a new budget on Tuesday. The mayor said schools would get more money. "
        "“Wir schaffen das,” she told the crowd in German, before switching back to English for the rest of her speech."
    )
    analysis = analyze(text)
    assert not [s for s in analysis.sources if s.type == SourceType.PERSON], dump(analysis)
    assert analysis.claims[2].status == analysis.claims[1].status, dump(analysis)


def test_a_long_english_results_roundup_is_english():
    text = "\n\n".join(f"Results: Team {i} beat Team {i + 1} 3-1 on Saturday." for i in range(400))
    analysis = analyze(text)
    assert analysis.language == "en", analysis.claims[0].reason


def test_many_numbered_english_paragraphs_are_english():
    text = "\n\n".join(f"Officials said bridge {i} would reopen." for i in range(1500))
    analysis = analyze(text)
    assert analysis.language == "en", analysis.claims[0].reason

"""The engine's bounds: a very long sentence is searched only in part and says so, a paragraph longer than
MAX_PIECE_CHARS is cut and still fully covered, and repetitive input finishes. Behaviour, not timings."""

from __future__ import annotations

import re

from factcheck.analysis import SourceType, Status, analyze, pipeline
from tests.analysis.helpers import dump

PART = re.compile(rf"a sentence of (\d+) tokens: only its first {pipeline.MAX_SENTENCE_TOKENS} were searched")


def _tokens(text: str) -> int:
    return len(pipeline.load().tokenizer(text))


def _covered(text: str, claims) -> str:
    """The non-space characters of ``text`` outside every claim."""
    mask = [False] * len(text)
    for c in claims:
        mask[c.start : c.end] = [True] * (c.end - c.start)
    return "".join(ch for ch, inside in zip(text, mask, strict=True) if not inside and not ch.isspace())


def test_a_300_token_sentence_is_analysed_and_the_reason_says_it_was_searched_in_part():
    text = "Officials said that the shipment included " + ", ".join(f"crate {i}" for i in range(1, 99)) + "."
    assert 300 <= _tokens(text) < 320
    analysis = analyze(text)
    (claim,) = analysis.claims
    assert claim.text == text
    assert claim.status == Status.ANONYMOUS, claim.reason  # the cue is within the part searched
    found = PART.search(claim.reason)
    assert found is not None, claim.reason
    assert int(found.group(1)) > pipeline.MAX_SENTENCE_TOKENS


def test_an_attribution_past_the_bound_is_not_found_and_the_reason_still_says_why():
    text = "The shipment included " + ", ".join(f"crate {i}" for i in range(1, 99)) + ", officials said."
    (claim,) = analyze(text).claims
    assert claim.status == Status.UNATTRIBUTED
    assert PART.search(claim.reason), claim.reason


def test_a_short_sentence_says_nothing_about_bounds():
    (claim,) = analyze("Officials said the road would reopen.").claims
    assert "tokens" not in claim.reason


def test_a_paragraph_longer_than_a_piece_is_cut_and_fully_covered():
    sentences = [f"The council met on day {i} and approved a plan for road number {i}." for i in range(1, 200)]
    sentences[3] = "Senator Tom Reyes said the roads would be finished by June."
    sentences[-3] = "Reyes said the money had been found."
    text = " ".join(sentences)
    assert len(text) > 2 * pipeline.MAX_PIECE_CHARS
    analysis = analyze(text)
    assert len(analysis.blocks) == 1
    assert [c.text for c in analysis.claims] == sentences
    assert {c.paragraph for c in analysis.claims} == {0}
    assert _covered(text, analysis.claims) == ""
    # the pieces are one article: the senator named in the first piece speaks again in the last
    assert analysis.claims[3].status == analysis.claims[-3].status == Status.SOURCED
    (reyes,) = analysis.sources
    assert reyes.claims == [3, len(sentences) - 3]


def test_a_paragraph_with_no_sentence_ends_is_cut_at_whitespace_and_covered():
    text = " ".join(f"cell{i} value{i}" for i in range(1500))  # a table flattened to text
    assert len(text) > 3 * pipeline.MAX_PIECE_CHARS
    analysis = analyze(text)
    assert analysis.claims
    assert _covered(text, analysis.claims) == ""
    for claim in analysis.claims:
        assert not claim.text.startswith(("ell", "alue"))  # never cut inside a word


def test_a_long_run_with_no_whitespace_finishes():
    text = "x" * (3 * pipeline.MAX_PIECE_CHARS + 17)
    analysis = analyze(text)
    assert _covered(text, analysis.claims) == ""


def test_a_reporting_clause_repeated_two_thousand_times_finishes_with_one_source():
    text = '"Yes," said Robert Chambers. ' * 2000
    analysis = analyze(text)
    assert len(analysis.claims) == 2000
    (chambers,) = analysis.sources
    assert chambers.name == "Robert Chambers" and chambers.type == SourceType.PERSON
    assert chambers.claims == list(range(2000))
    assert {c.status for c in analysis.claims} == {Status.UNVERIFIED_NAMED}, dump(analysis)[:2000]


POOL = [
    "Officials said the bridge over the river would reopen before the winter.",
    "The council met again on Tuesday evening to discuss the budget for the schools.",
    "Residents complained that the buses were late and the roads were full of holes.",
    "Farmers in the valley have struggled with the drought for three summers in a row.",
]


def test_many_short_paragraphs():
    text = "\n\n".join(POOL[i % len(POOL)] for i in range(1500))
    analysis = analyze(text)
    assert analysis.language == "en"
    assert len(analysis.blocks) == len(analysis.claims) == 1500
    assert [c.paragraph for c in analysis.claims] == list(range(1500))
    assert {c.status for c in analysis.claims[0::4]} == {Status.ANONYMOUS}
    assert {c.status for c in analysis.claims[1::4]} == {Status.UNATTRIBUTED}
    officials = next(s for s in analysis.sources if s.name == "Officials")
    assert officials.claims == list(range(0, 1500, 4))


def test_past_the_parse_budget_sentences_are_not_analysed_and_say_why(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_PARSED_CHARS", 400)
    paragraph = "Acme Corp said on Monday that the plant would close. The workers were told on Friday."
    text = "\n\n".join([paragraph] * 12)
    analysis = analyze(text)
    statuses = [c.status for c in analysis.claims]
    assert statuses[0] == Status.SOURCED  # the first paragraphs are analysed
    assert statuses[-1] == Status.NOT_ANALYSED
    assert "analysis reads no further" in analysis.claims[-1].reason
    analysed = [c for c in analysis.claims if c.status != Status.NOT_ANALYSED]
    assert sum(len(c.text) for c in analysed) <= 400 + len(paragraph)
    starts = [c.start for c in analysis.claims]
    assert starts == sorted(starts) and len(analysis.claims) == 24  # every sentence is still a claim


def test_a_long_run_of_marks_is_read_as_its_first_few_and_offsets_do_not_move():
    text = 'He said "' + '"' * 5000 + " it was late." + "!" * 40 + " Then he left!!!"
    read = pipeline.readable(text)
    assert len(read) == len(text)
    assert read.split() == ["He", "said", '""""""""', "it", "was", "late.!!!!!!!", "Then", "he", "left!!!"]
    assert _tokens(read) < 30  # not one token per mark


def test_an_article_of_quote_marks_finishes_with_its_text_covered():
    text = "The mayor said the bridge was safe. " + '"' * 20000 + " Engineers disagreed."
    analysis = analyze(text)
    assert analysis.claims[0].text.startswith("The mayor said the bridge was safe.")
    assert _covered(text, analysis.claims) == ""


def test_a_paragraph_of_an_unsupported_language_over_a_million_characters_is_split():
    text = "Der Minister sagte, dass der Plan funktionieren werde, und die Opposition widersprach. " * 12_000
    analysis = analyze(text)
    assert len(text) > 1_000_000 and analysis.language == "de"
    assert len(analysis.claims) == 12_000 and _covered(text, analysis.claims) == ""

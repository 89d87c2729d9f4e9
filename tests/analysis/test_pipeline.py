"""The shipped spaCy pipeline: loaded once, with the sentence hints before the parser; a clear error when it
is missing."""

from __future__ import annotations

import pytest

from factcheck.analysis import pipeline


def test_loaded_once_with_the_sentence_hints_before_the_parser():
    nlp = pipeline.load()
    assert pipeline.load() is nlp
    names = nlp.pipe_names
    assert "parser" in names and "ner" in names
    assert names.index("factcheck_sentence_hints") < names.index("parser")
    assert pipeline.version().startswith("en_")


def test_a_missing_pipeline_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PIPELINE_DIR", tmp_path / "pipeline")
    with pytest.raises(pipeline.PipelineMissing, match="make model"):
        pipeline.load.__wrapped__()  # the uncached function: the loaded pipeline stays cached


@pytest.mark.parametrize(
    "text",
    [
        "“We will rebuild,” said Mayor Tom Alvarez.",
        "“Prices will fall,” Acme Corp said on Monday.",
        "The river rose, said Ana Ruiz, a spokeswoman for the Harbor Relief Fund.",
    ],
)
def test_a_reporting_clause_stays_with_its_quotation(text):
    assert len(list(pipeline.load()(text).sents)) == 1

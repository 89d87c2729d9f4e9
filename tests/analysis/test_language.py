"""The article's language: English is analysed; another language is split into claims, each not_analysed
with a reason naming the language."""

from __future__ import annotations

import pytest

from factcheck.analysis import Status, analyze, language

GERMAN = (
    "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Bürgermeisterin sagte, die Schulen "
    "würden mehr Geld bekommen. Die Opposition kritisierte den Plan scharf."
)
SPANISH = (
    "El ayuntamiento aprobó el martes un nuevo presupuesto. La alcaldesa dijo que las escuelas recibirían más "
    "dinero. La oposición criticó duramente el plan."
)
FRENCH = (
    "Le conseil municipal a adopté mardi un nouveau budget. La maire a déclaré que les écoles recevraient plus "
    "d'argent. L'opposition a vivement critiqué le plan."
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(GERMAN, "de", "German"), (SPANISH, "es", "Spanish"), (FRENCH, "fr", "French")],
    ids=["de", "es", "fr"],
)
def test_another_language_is_split_and_not_analysed(text, code, name):
    analysis = analyze(text)
    assert analysis.language == code
    assert len(analysis.claims) == 3
    for claim in analysis.claims:
        assert claim.status == Status.NOT_ANALYSED
        assert name in claim.reason and "English" in claim.reason
        assert claim.attributions == []
        assert text[claim.start : claim.end] == claim.text == claim.text.strip()
    assert [c.text[:3] for c in analysis.claims] == [s[:3] for s in text.split(". ")]
    assert analysis.sources == []
    assert analysis.to_contract("x")["language"] == code


def test_every_paragraph_of_a_german_article_is_covered():
    text = f"{GERMAN}\n\nDer Haushalt tritt im Januar in Kraft. Die Schulen freuen sich.\n"
    analysis = analyze(text)
    assert analysis.language == "de"
    assert {c.paragraph for c in analysis.claims} == {0, 1}
    assert len(analysis.claims) == 5
    assert {c.status for c in analysis.claims} == {Status.NOT_ANALYSED}


def test_english_is_analysed():
    analysis = analyze("The city council approved a new budget on Tuesday. Officials said schools would get more.")
    assert analysis.language == "en"
    assert [c.status for c in analysis.claims] == [Status.UNATTRIBUTED, Status.ANONYMOUS]


def test_an_english_article_with_a_foreign_quotation_is_english():
    text = (
        "The city council approved a new budget on Tuesday after a long debate. Officials said schools "
        "would get more money next year. “Wir schaffen das,” the visiting delegation said in German."
    )
    analysis = analyze(text)
    assert analysis.language == "en"
    assert Status.NOT_ANALYSED not in {c.status for c in analysis.claims}


def test_too_little_text_to_tell_is_taken_as_english():
    assert language.detect("Ja.") == "en"
    assert analyze("Danke schön!").language == "en"


def test_language_names():
    assert language.name("de") == "German" and language.name("es") == "Spanish"
    assert language.name("xx") == "xx"
    assert "en" in language.SUPPORTED and "de" not in language.SUPPORTED

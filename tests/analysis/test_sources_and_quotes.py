"""Source registry: surname re-mentions, pronouns, continuing quotes, anonymous groups."""

from __future__ import annotations

from factcheck.analysis import AttributionKind, SourceType, Status, analyze


def sources_of(analysis, claim):
    return [analysis.sources[a.source_id] for a in claim.attributions if a.source_id is not None]


def test_surname_only_remention_is_the_same_source():
    text = (
        "“The dam is safe,” said hydrologist Karen Whitfield.\n\n"
        "The reservoir is at half capacity.\n\n"
        "Whitfield added that inspections would continue."
    )
    analysis = analyze(text)
    people = [s for s in analysis.sources if s.type == SourceType.PERSON]
    assert len(people) == 1
    assert people[0].name == "Karen Whitfield"
    assert people[0].descriptor == "hydrologist"
    assert people[0].identifiable is False
    assert len(people[0].mentions) == 2
    last = analysis.claims[-1]
    assert last.status == Status.UNVERIFIED_NAMED
    assert sources_of(analysis, last)[0].id == people[0].id


def test_chambers_surname_links():
    text = (
        "“Escalation is likely,” said defense analyst Robert Chambers.\n\n"
        "Chambers added that the window for talks was closing."
    )
    analysis = analyze(text)
    (chambers,) = [s for s in analysis.sources if s.name == "Robert Chambers"]
    assert chambers.claims == [0, 1]
    assert analysis.claims[1].status == Status.UNVERIFIED_NAMED


def test_pronoun_resolves_to_nearest_person():
    text = "Mayor Linda Park opened the bridge on Sunday. She said the project had come in under budget."
    analysis = analyze(text)
    claim = analysis.claims[1]
    (src,) = sources_of(analysis, claim)
    assert claim.attributions[0].source.text == "She"
    assert src.name == "Linda Park"
    assert claim.status == Status.SOURCED


def test_pronoun_resolves_to_earlier_source():
    text = "Finance Minister Omar Haddad said the deficit would shrink. He added that taxes would not rise."
    analysis = analyze(text)
    ids = {a.source_id for c in analysis.claims for a in c.attributions}
    assert len(ids) == 1
    (src,) = analysis.sources
    assert src.claims == [0, 1]


def test_continuing_quote_across_sentences_and_paragraphs():
    text = (
        "“We were not warned,” said Tomas Berg, a spokesman for the port authority. “Nobody called us.”\n\n"
        "“The first we heard of it was on the radio.”\n\n"
        "The port reopened on Tuesday."
    )
    analysis = analyze(text)
    statuses = [c.status for c in analysis.claims]
    assert statuses == [Status.SOURCED, Status.SOURCED, Status.SOURCED, Status.UNATTRIBUTED]
    ids = {a.source_id for c in analysis.claims[:3] for a in c.attributions}
    assert len(ids) == 1
    cont = analysis.claims[2].attributions[0]
    assert cont.kind == AttributionKind.DIRECT_QUOTE
    assert cont.cue is None and cont.content is not None


def test_quote_before_its_cue_in_one_sentence_split():
    text = "“Prices will fall. Wages will rise,” Lena Ortiz, the central bank governor, said."
    analysis = analyze(text)
    assert all(c.status == Status.SOURCED for c in analysis.claims)


def test_anonymous_groups():
    text = (
        "Critics argue that the law is too vague. "
        "Sources familiar with the talks said a deal was near. "
        "Some experts warn that the costs are underestimated."
    )
    analysis = analyze(text)
    assert [c.status for c in analysis.claims] == [Status.ANONYMOUS] * 3
    assert all(not s.identifiable for s in analysis.sources)
    assert {s.type for s in analysis.sources} == {SourceType.GROUP}


def test_retired_rank_is_not_an_office():
    text = "“This is reckless,” said retired Army Colonel Jane Doyle."
    analysis = analyze(text)
    claim = analysis.claims[0]
    assert claim.status == Status.UNVERIFIED_NAMED
    assert "Jane Doyle" in claim.reason


def test_office_elsewhere_makes_person_identifiable():
    text = "Senator Maria Gomez met farmers on Monday.\n\nGomez said the drought relief bill would pass."
    analysis = analyze(text)
    assert analysis.claims[1].status == Status.SOURCED


def test_bare_cue_after_a_quoted_sentence():
    text = "“How many times must this happen?” Obama asked. Nobody answered."
    analysis = analyze(text)
    quote, cue, after = analysis.claims
    assert cue.attributions[0].content.text == quote.text
    assert quote.status == Status.SOURCED  # the quotation keeps the speaker named after it
    assert quote.attributions[0].source_id == cue.attributions[0].source_id
    assert after.status == Status.UNATTRIBUTED


def test_quoted_sentence_near_a_quote_keeps_the_speaker():
    text = (
        "“We will rebuild,” said Mayor Ana Silva. The storm destroyed 40 homes. "
        "“Every family will have a roof by winter.”\n\n"
        "“Nobody knows who said this.”"
    )
    analysis = analyze(text)
    by_start = {c.text[:10]: c for c in analysis.claims}
    later = by_start["“Every fam"]
    assert later.status == Status.SOURCED
    assert analysis.sources[later.attributions[0].source_id].name == "Ana Silva"
    assert by_start["The storm "].status == Status.UNATTRIBUTED

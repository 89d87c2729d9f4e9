"""Who a source is across an article: identity carried to later mentions, quotations over sentences and
paragraphs, speaker turns and reporting clauses standing alone (shared GUIDELINES.md: "sourced",
"Carry-over", "The sources")."""

from __future__ import annotations

from factcheck.analysis import AttributionKind, SourceType, Status, analyze
from tests.analysis.helpers import claim_with, deciding_source, dump, statuses

SOURCED, UNVERIFIED, UNATTRIBUTED, NOT_A_CLAIM = (
    Status.SOURCED,
    Status.UNVERIFIED_NAMED,
    Status.UNATTRIBUTED,
    Status.NOT_A_CLAIM,
)


def the_person(analysis):
    people = [s for s in analysis.sources if s.type == SourceType.PERSON]
    assert len(people) == 1, dump(analysis)
    return people[0]


# --- identity carried to later mentions ------------------------------------------------------------


def test_a_relative_pronoun_is_the_source_shown_and_its_antecedent_the_source():
    # the words that stand for the source in the reporting clause are "who"; who it is, Dana Whitlock
    text = "The plan was drafted by Dana Whitlock, a hydrologist at Oregon State, who said that the levee will hold."
    analysis = analyze(text)
    claim = claim_with(analysis, "levee")
    (att,) = [a for a in claim.attributions if a.cue is not None and a.cue.text == "said"]
    assert att.source.text == "who"
    assert deciding_source(analysis, claim).name == "Dana Whitlock", dump(analysis)
    assert claim.status == SOURCED


def test_an_affiliation_carries_to_the_surname_and_to_she():
    text = (
        "Maria Gonzalez, a hydrologist at the University of Utah, said that the lake was shrinking.\n\n"
        "The lake has lost a third of its water since 2000.\n\n"
        "Gonzalez said the drought would last. She said farmers should prepare."
    )
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED, UNATTRIBUTED, SOURCED, SOURCED], dump(analysis)
    gonzalez = the_person(analysis)
    assert gonzalez.name == "Maria Gonzalez" and gonzalez.identifiable
    assert gonzalez.claims == [0, 2, 3]
    for words in ("Gonzalez said", "She said"):
        claim = claim_with(analysis, words)
        assert deciding_source(analysis, claim) is gonzalez
        assert "University of Utah" in claim.reason
    assert claim_with(analysis, "She said").attributions[0].source.text == "She"


def test_an_office_carries_to_the_surname():
    analysis = analyze("Senator Tom Reyes said the bill would pass. Reyes said he had the votes.")
    assert statuses(analysis) == [SOURCED, SOURCED]
    reyes = the_person(analysis)
    assert reyes.name == "Tom Reyes" and "Senator" in (reyes.descriptor or "")
    assert reyes.claims == [0, 1]


def test_he_added_takes_the_minister():
    analysis = analyze("Finance Minister Omar Haddad said the deficit would shrink. He added that taxes would stay.")
    assert statuses(analysis) == [SOURCED, SOURCED]
    assert the_person(analysis).claims == [0, 1]


def test_an_identity_given_later_in_the_article_counts():
    text = (
        "Gonzalez said the drought would last another year.\n\n"
        "Maria Gonzalez, a hydrologist at the University of Utah, has studied the lake for two decades."
    )
    analysis = analyze(text)
    claim = analysis.claims[0]
    assert claim.status == SOURCED, claim.reason
    assert deciding_source(analysis, claim).name == "Maria Gonzalez"


def test_a_generic_descriptor_carries_too():
    text = "“The dam is safe,” said hydrologist Karen Whitfield.\n\nWhitfield added that inspections would continue."
    analysis = analyze(text)
    assert statuses(analysis) == [UNVERIFIED, UNVERIFIED]
    whitfield = the_person(analysis)
    assert whitfield.name == "Karen Whitfield" and not whitfield.identifiable
    assert whitfield.claims == [0, 1]


# --- quotations over sentences and paragraphs ------------------------------------------------------


def test_a_quotation_takes_the_speaker_named_in_its_last_sentence():
    text = "“We are not leaving. The town is our home. We will rebuild,” said Mayor Tom Alvarez."
    analysis = analyze(text)
    assert len(analysis.claims) == 3
    assert statuses(analysis) == [SOURCED] * 3, dump(analysis)
    alvarez = the_person(analysis)
    assert alvarez.name == "Tom Alvarez" and alvarez.claims == [0, 1, 2]
    for claim in analysis.claims[:2]:
        (att,) = claim.attributions
        assert att.kind == AttributionKind.DIRECT_QUOTE and att.source_id == alvarez.id
        assert att.cue is None and att.content.text == claim.text
        assert "inside a quotation by Tom Alvarez" in claim.reason


def test_an_unverified_speaker_named_last_is_carried_the_same_way():
    analysis = analyze("“We found out from the radio. Nobody called us.” Reyes said.")
    assert statuses(analysis) == [UNVERIFIED] * 3, dump(analysis)
    assert the_person(analysis).claims == [0, 1, 2]
    assert analysis.claims[0].reason.startswith("unverified_named: inside a quotation by Reyes, who is named but")


def test_a_quotation_takes_the_speaker_named_in_its_first_sentence():
    text = "“Is this the end of the town?” asked Carla Mendes, the owner of the Riverside Bakery. “I hope not.”"
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED, SOURCED]
    assert the_person(analysis).claims == [0, 1]


def test_a_quote_paragraph_continues_the_previous_paragraph_s_speaker():
    text = (
        "“The water came up so fast,” said Carla Mendes, the owner of the Riverside Bakery in Millbrook. "
        "“We lost everything.”\n\n"
        "“We will open again by the summer, I promise you.”\n\n"
        "The bakery opened in 1962."
    )
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED, SOURCED, SOURCED, UNATTRIBUTED], dump(analysis)
    mendes = the_person(analysis)
    assert mendes.claims == [0, 1, 2]
    assert "inside a quotation by Carla Mendes" in analysis.claims[2].reason


def test_a_quotation_open_across_paragraphs_takes_the_speaker_named_at_its_end():
    text = (
        "“The river has never been this high. We moved the cattle on Sunday.\n\n"
        "“We will stay until the water goes down,” said Mayor Tom Alvarez."
    )
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED] * 3, dump(analysis)
    assert the_person(analysis).claims == [0, 1, 2]


def test_typewriter_quotation_marks_are_quotation_marks():
    """Archive and wire texts write double quotation marks as two apostrophes (or two backticks to open)."""
    text = (
        "''We are not leaving. The town is our home,'' said Mayor Tom Alvarez. "
        "``We will rebuild.'' The bakery opened in 1962."
    )
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED, SOURCED, SOURCED, UNATTRIBUTED], dump(analysis)
    assert the_person(analysis).claims == [0, 1, 2]


def test_an_apostrophe_next_to_a_quotation_mark_is_not_a_typewriter_mark():
    analysis = analyze("The players' ''home'' record is poor. It was 3-9 last year.")
    assert statuses(analysis) == [UNATTRIBUTED, UNATTRIBUTED], dump(analysis)


def test_a_later_quote_in_the_paragraph_keeps_the_speaker_and_the_sentence_between_does_not():
    text = (
        "“We are not leaving,” said Mayor Tom Alvarez. The storm destroyed 40 homes. "
        "“Every family will have a roof by winter.”"
    )
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED, UNATTRIBUTED, SOURCED], dump(analysis)
    assert the_person(analysis).claims == [0, 2]


# --- speaker turns, "X said." alone, "he said:" ----------------------------------------------------


def test_a_speaker_turn_is_the_speaker_s():
    text = (
        "Senator Tom Reyes joined the programme on Sunday.\n\n"
        "REYES: The drought is the worst in a century. Farmers are leaving."
    )
    analysis = analyze(text)
    assert statuses(analysis) == [UNATTRIBUTED, SOURCED, SOURCED], dump(analysis)
    turn = analysis.claims[1]
    assert turn.attributions[0].cue.text == ":" and turn.attributions[0].source.text == "REYES"
    assert the_person(analysis).claims == [1, 2]


def test_a_run_in_label_is_no_speaker():
    text = "Background: The dam was built in 1950 and has been repaired twice since."
    analysis = analyze(text)
    assert statuses(analysis) == [UNATTRIBUTED], dump(analysis)
    assert analysis.sources == []


def test_a_reporting_clause_standing_alone_reports_the_quotation_before_it():
    analysis = analyze("“We found out from the radio.” Senator Tom Reyes said.")
    quote, clause = analysis.claims
    assert (quote.status, clause.status) == (SOURCED, SOURCED)
    assert clause.attributions[0].content.text == quote.text
    assert quote.attributions[0].source_id == clause.attributions[0].source_id


def test_he_said_colon_introduces_the_next_paragraph():
    text = (
        "Senator Tom Reyes spoke to reporters in Millbrook. He said:\n\n"
        "“The drought is the worst in a century. Farmers are leaving.”"
    )
    analysis = analyze(text)
    assert statuses(analysis) == [UNATTRIBUTED, SOURCED, SOURCED, SOURCED], dump(analysis)
    assert the_person(analysis).name == "Tom Reyes"


def test_he_said_colon_in_the_same_sentence():
    text = "Senator Tom Reyes visited the valley. He said: “The drought is the worst in decades. Farmers are leaving.”"
    analysis = analyze(text)
    assert statuses(analysis) == [UNATTRIBUTED, SOURCED, SOURCED], dump(analysis)
    assert the_person(analysis).claims == [1, 2]

"""One status rule of the shared GUIDELINES.md per test, on invented sentences of ordinary news English.

The status of a sentence is that of its best-sourced attribution: sourced > unverified_named >
anonymous > hedged; with none it is unattributed, or not_a_claim for what asserts nothing.
"""

from __future__ import annotations

import pytest

from factcheck.analysis import AttributionKind, SourceType, Status, analyze
from tests.analysis.helpers import claim_with, deciding_source, dump, only_claim, sources_of

ORG_TYPES = {SourceType.ORGANISATION, SourceType.GOVERNMENT}


def _ids(cases) -> list[str]:
    return [c[0][:40] for c in cases]


# --- sourced ---------------------------------------------------------------------------------------

# (sentence, the source's name, its types)
NAMED_INSTITUTIONS = [
    ("Acme Corp said on Monday that it would cut 500 jobs.", "Acme Corp", {SourceType.ORGANISATION}),
    ("Prices will rise next year, Acme Corp said.", "Acme Corp", {SourceType.ORGANISATION}),
    (
        "Heavy snow is expected in the mountains, according to the National Weather Service.",
        "National Weather Service",
        ORG_TYPES,
    ),
    ("The Interior Ministry said that 40 people were detained.", "Interior Ministry", {SourceType.GOVERNMENT}),
    ("Norway said on Monday that it would send aid.", "Norway", {SourceType.GOVERNMENT}),
    ("The Millbrook District Court ruled that the contract was void.", "Millbrook District Court", ORG_TYPES),
    ("A report by the Halden Institute found that rents had doubled.", "Halden Institute", {SourceType.DOCUMENT}),
    ("According to Reuters, the talks have stalled.", "Reuters", {SourceType.OUTLET}),
    # "reports" tagged as a plural noun, its that-clause parsed as a relative clause
    ("The Millbrook Gazette reports that the mill will close in May.", "Millbrook Gazette", {SourceType.OUTLET}),
]


@pytest.mark.parametrize(("text", "name", "types"), NAMED_INSTITUTIONS, ids=_ids(NAMED_INSTITUTIONS))
def test_a_named_institution_speaking_is_sourced(text, name, types):
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, claim.reason
    source = deciding_source(analysis, claim)
    assert name in source.name
    assert source.type in types and source.type != SourceType.PERSON
    assert source.identifiable
    assert claim.reason.startswith("sourced:")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Acme Corp has called the merger a disaster for the town.", "a disaster for the town"),
        ("The fire began after what Acme Corp called a serious lapse.", "a serious lapse"),
        ("Acme Corp is calling the deal “a historic step.”", "a historic step"),
    ],
)
def test_calling_something_a_name_is_an_attribution(text, content):
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, dump(analysis)
    (att,) = claim.attributions
    assert att.cue.text.startswith("call") and content in att.content.text


def test_a_claim_noun_with_its_source_and_that_clause_is_an_attribution():
    # "claim" is also a hedging passive ("is claimed to"); as a noun it is a cue, whatever the parse made
    # of its that-clause
    text = "Officials seized on Acme Corp’s claim that there have been “hundreds of complaints” in Millbrook this year."
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, dump(analysis)
    (att,) = claim.attributions
    assert att.cue.text == "claim" and att.content.text.startswith("that there have been")


def test_according_to_an_agency_is_not_a_person():
    text = "Heavy snow is expected in the mountains, according to the National Weather Service."
    analysis, claim = only_claim(text)
    att = next(a for a in claim.attributions if a.kind == AttributionKind.ACCORDING_TO)
    assert att.cue.text.lower() == "according to"
    assert "National Weather Service" in att.source.text
    assert analysis.sources[att.source_id].type in ORG_TYPES
    assert not [s for s in analysis.sources if s.type == SourceType.PERSON]


def test_an_invented_outlet_reporting_is_sourced():
    _analysis, claim = only_claim("The Millbrook Gazette reported that the mayor had resigned.")
    assert claim.status == Status.SOURCED, claim.reason


# (sentence, the person's name, words of the descriptor that identify them)
IDENTIFIED_PEOPLE = [
    ("Senator Tom Reyes said the bill would pass.", "Tom Reyes", "Senator"),
    ("Finance Minister Omar Haddad said the deficit would shrink.", "Omar Haddad", "Finance Minister"),
    ("President Elena Marsh said the border would stay open.", "Elena Marsh", "President"),
    (
        "Maria Gonzalez, a hydrologist at the University of Utah, said that the lake was shrinking.",
        "Maria Gonzalez",
        "University of Utah",
    ),
    (
        "“The lake is shrinking,” said Maria Gonzalez, a hydrologist at the University of Utah.",
        "Maria Gonzalez",
        "University of Utah",
    ),
    ("Millbrook College historian Ann Price said the town was founded in 1850.", "Ann Price", "Millbrook College"),
    (
        "“The lake is shrinking,” said Ann Price, who studies water policy at Millbrook College.",
        "Ann Price",
        "Millbrook College",
    ),
    (
        "Ana Ruiz, a spokeswoman for the Harbor Relief Fund, said that the shelters were full.",
        "Ana Ruiz",
        "Harbor Relief Fund",
    ),
]


@pytest.mark.parametrize(("text", "name", "identity"), IDENTIFIED_PEOPLE, ids=_ids(IDENTIFIED_PEOPLE))
def test_a_person_with_an_office_or_an_affiliation_is_sourced(text, name, identity):
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, claim.reason
    source = deciding_source(analysis, claim)
    assert source.name == name
    assert source.type == SourceType.PERSON and source.identifiable
    assert identity in (source.descriptor or "")
    assert identity in claim.reason


# A private person named with their concrete tie to the events: a resident of a named place, the owner
# of a named business.
TIED_PEOPLE = [
    ("Millbrook resident Peter Lang said the water had been brown for weeks.", "Peter Lang"),
    ("“The water has been brown for weeks,” said Peter Lang, a resident of Millbrook.", "Peter Lang"),
    ("“We lost everything,” said Carla Mendes, the owner of the Riverside Bakery in Millbrook.", "Carla Mendes"),
]


@pytest.mark.parametrize(("text", "name"), TIED_PEOPLE, ids=_ids(TIED_PEOPLE))
def test_a_private_person_tied_to_the_events_is_sourced(text, name):
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, claim.reason
    source = deciding_source(analysis, claim)
    assert source.name == name and source.identifiable


SPOKESPEOPLE = [
    ("A spokesman for Acme Corp said the plant would close.", "Acme Corp"),
    ("A spokesperson for the Health Ministry said the talks would continue.", "Health Ministry"),
    (
        "The Health Ministry announced new rules on Monday. A spokesperson for the ministry said the talks would "
        "continue.",
        "Health Ministry",
    ),
]


@pytest.mark.parametrize(("text", "organisation"), SPOKESPEOPLE, ids=_ids(SPOKESPEOPLE))
def test_an_unnamed_spokesperson_for_a_named_organisation_is_sourced(text, organisation):
    analysis = analyze(text)
    claim = claim_with(analysis, "spokes")
    assert claim.status == Status.SOURCED, claim.reason
    assert organisation in deciding_source(analysis, claim).name


def test_police_in_a_story_about_one_place_are_that_place_s_police():
    text = (
        "Two people were injured when a car struck a bus shelter in Millbrook on Saturday. "
        "Police said the driver had been drinking."
    )
    analysis = analyze(text)
    claim = claim_with(analysis, "Police said")
    assert claim.status == Status.SOURCED, claim.reason
    assert deciding_source(analysis, claim).type == SourceType.GOVERNMENT


def test_the_company_after_the_company_was_named():
    text = "Acme Corp opened a new plant in Ohio last year. The company said it would hire 200 workers."
    analysis = analyze(text)
    claim = claim_with(analysis, "The company said")
    assert claim.status == Status.SOURCED, claim.reason
    assert deciding_source(analysis, claim).name == "Acme Corp"
    (att,) = claim.attributions
    assert att.source.text == "The company"


def test_the_authority_after_the_authority_was_named():
    text = (
        "The Harbor Authority said the port would reopen. The port has been closed since March. "
        "The authority said the damage was worse than expected."
    )
    analysis = analyze(text)
    assert [str(s) for s in (c.status for c in analysis.claims)] == ["sourced", "unattributed", "sourced"]
    (authority,) = analysis.sources
    assert authority.name == "Harbor Authority"
    assert authority.claims == [0, 2]


def test_an_attributed_side_clause_makes_the_sentence_attributed():
    _analysis, claim = only_claim("The market fell after Acme Corp announced it would close the plant.")
    assert claim.status == Status.SOURCED, claim.reason
    assert "Acme Corp" in claim.reason


def test_the_best_sourced_attribution_wins():
    text = "Critics argue that the plan is reckless, but Acme Corp said on Monday that it was safe."
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, claim.reason
    assert {s.name for s in sources_of(analysis, claim)} >= {"Acme Corp"}


# --- unverified_named ------------------------------------------------------------------------------

GENERIC_DESCRIPTORS = [
    ("Political strategist John Doe said the campaign was in trouble.", "John Doe", "strategist"),
    ("“The dam is safe,” said hydrologist Karen Whitfield.", "Karen Whitfield", "hydrologist"),
    ("Conservative commentator Dan Fisher said the vote was rigged.", "Dan Fisher", "commentator"),
    ("Dan Fisher, a political consultant, said that the vote was rigged.", "Dan Fisher", "consultant"),
]


@pytest.mark.parametrize(("text", "name", "descriptor"), GENERIC_DESCRIPTORS, ids=_ids(GENERIC_DESCRIPTORS))
def test_a_person_with_only_a_generic_descriptor_is_unverified_named(text, name, descriptor):
    analysis, claim = only_claim(text)
    assert claim.status == Status.UNVERIFIED_NAMED, claim.reason
    source = deciding_source(analysis, claim)
    assert source.name == name
    assert source.type == SourceType.PERSON
    assert source.identifiable is False
    assert descriptor in (source.descriptor or "").lower()
    # the reason says what is missing
    assert name in claim.reason and "no office, employer or affiliation" in claim.reason


def test_a_bare_name_the_article_never_introduces_is_unverified_named():
    analysis, claim = only_claim("Smith said the plan would fail.")
    assert claim.status == Status.UNVERIFIED_NAMED, claim.reason
    (smith,) = analysis.sources
    assert smith.type == SourceType.PERSON and smith.identifiable is False
    assert smith.descriptor is None
    assert "never says who" in claim.reason


def test_an_unverified_person_is_listed_once_with_every_claim():
    text = (
        "Political strategist John Doe said the campaign was in trouble.\n\n"
        "The candidate spent the day in Ohio.\n\n"
        "Doe said the polls would tighten."
    )
    analysis = analyze(text)
    people = [s for s in analysis.sources if s.type == SourceType.PERSON]
    assert [p.name for p in people] == ["John Doe"], dump(analysis)
    assert people[0].claims == [0, 2]
    assert analysis.claims[2].status == Status.UNVERIFIED_NAMED


# --- anonymous -------------------------------------------------------------------------------------

ANONYMOUS = [
    ("Officials said the bridge would reopen in May.", "officials"),
    ("Critics argue that the plan is too expensive.", "critics"),
    ("Experts warn that the costs will rise.", "experts"),
    ("Residents said the water had been brown for weeks.", "residents"),
    ("Analysts expect the central bank to raise rates.", "analysts"),
    ("Some economists expect the rate to fall.", "economists"),
    ("Sources familiar with the talks said a deal was near.", "sources"),
    ("A senior official who spoke on condition of anonymity said the deal was close.", "official"),
    ("Officials at the Harbor Authority said the port would reopen.", "officials"),
    ("County officials said the road would reopen on Friday.", "officials"),
    ("Investigators believe the fire was set deliberately.", "investigators"),
    ("Environmentalists warn that the pipeline will leak.", "environmentalists"),
    ("Republican lawmakers argue that the tax is unfair.", "lawmakers"),
    ("Many residents fear that the factory will close.", "residents"),
    ("Locals had long written off the old mill.", "locals"),
    ("One of Mr. Whitlock's climate advisers said the levee would hold.", "advisers"),
]


@pytest.mark.parametrize(("text", "head"), ANONYMOUS, ids=_ids(ANONYMOUS))
def test_unnamed_people_and_groups_are_anonymous(text, head):
    analysis, claim = only_claim(text)
    assert claim.status == Status.ANONYMOUS, claim.reason
    source = deciding_source(analysis, claim)
    assert head in source.name.lower()
    assert source.type == SourceType.GROUP and source.identifiable is False


def test_anonymity_granted_is_said_in_the_reason():
    _analysis, claim = only_claim("A senior official who spoke on condition of anonymity said the deal was close.")
    assert "anonymity" in claim.reason


def test_a_pseudonym_is_anonymous():
    analysis, claim = only_claim("Dan (not his real name) said he was paid in cash.")
    assert claim.status == Status.ANONYMOUS, claim.reason
    assert "pseudonym" in claim.reason
    assert not deciding_source(analysis, claim).identifiable


# --- hedged ----------------------------------------------------------------------------------------

HEDGES = [
    ("The governor reportedly plans to resign.", "reportedly"),
    ("The minister allegedly accepted gifts from a contractor.", "allegedly"),
    ("The suspect purportedly fled to Canada.", "purportedly"),
    ("The factory is said to be losing money.", "is said"),
    ("It is believed that the factory will close before winter.", "is believed"),
    ("The company is believed to have lost millions last year.", "is believed"),
    ("The minister is thought to favour a tax cut.", "is thought"),
    ("The company is understood to be preparing a bid.", "is understood"),
    ("The talks were reported to have stalled.", "were reported"),
    ("Temperatures are forecast to reach 40 degrees on Friday.", "are forecast"),
    ("The bridge is expected to reopen in May.", "is expected"),
]


@pytest.mark.parametrize(("text", "cue"), HEDGES, ids=_ids(HEDGES))
def test_an_unspecified_report_or_belief_is_hedged(text, cue):
    analysis, claim = only_claim(text)
    assert claim.status == Status.HEDGED, claim.reason
    hedge = next(a for a in claim.attributions if a.kind == AttributionKind.HEDGE)
    assert hedge.cue.text == cue and hedge.source is None and hedge.source_id is None
    assert f"'{cue}'" in claim.reason
    assert analysis.sources == []


UNIDENTIFIED_DOCUMENTS = [
    "According to reports, the talks have collapsed.",
    "A 2019 study warned that the coast would flood.",
    "Studies show that the drug is safe.",
    "New data showed that sales had fallen.",
    "By one estimate, 300,000 acres of forest were damaged.",
    "In a recent poll, the mayor leads her rival by five points.",
]


@pytest.mark.parametrize("text", UNIDENTIFIED_DOCUMENTS, ids=[t[:40] for t in UNIDENTIFIED_DOCUMENTS])
def test_a_document_the_text_does_not_identify_is_hedged(text):
    analysis, claim = only_claim(text)
    assert claim.status == Status.HEDGED, claim.reason
    (document,) = sources_of(analysis, claim)
    assert document.type == SourceType.DOCUMENT and not document.identifiable
    assert "does not identify" in claim.reason


# --- unattributed ----------------------------------------------------------------------------------

UNATTRIBUTED = [
    "The river rose four metres overnight.",
    "The economy seems to be slowing.",
    "The museum appears to be closed for good.",
    "The storm may reach the coast by Friday.",
    "The plan could cost billions.",
    "Hundreds of residents marched to city hall on Sunday.",
    "The judge sentenced the former treasurer to five years in prison.",
    "Daily Ledger cameras captured the moment the bridge collapsed.",
    "Her rise in the polls has brought her a place on the debate stage.",
    "In fact, the mayor won by a wide margin.",
]


@pytest.mark.parametrize("text", UNATTRIBUTED, ids=[t[:40] for t in UNATTRIBUTED])
def test_the_author_s_own_assertion_is_unattributed(text):
    _analysis, claim = only_claim(text)
    assert claim.status == Status.UNATTRIBUTED, claim.reason
    assert claim.attributions == []
    assert "no attribution" in claim.reason


NO_CONTENT = [
    "Acme Corp did not respond to a request for comment.",
    "The Harbor Authority declined to comment.",
    "A spokesman for Acme Corp did not respond to a request for comment on Tuesday.",
    "Acme Corp declined to comment on the report.",
]


@pytest.mark.parametrize("text", NO_CONTENT, ids=[t[:40] for t in NO_CONTENT])
def test_no_comment_attributes_no_claim(text):
    _analysis, claim = only_claim(text)
    assert claim.status == Status.UNATTRIBUTED, claim.reason


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Acme Corp did not address the layoffs at its annual meeting.", "address", "the layoffs"),
        ("Acme Corp is promoting its plans for a new plant.", "promoting", "its plans"),
        ("Acme Corp did not respond to requests from the union.", "respond", "to requests from the union"),
    ],
)
def test_a_speech_act_with_only_an_object_is_kept_but_attributes_no_claim(text, cue, content):
    analysis, claim = only_claim(text)
    assert claim.status == Status.UNATTRIBUTED, claim.reason
    (att,) = claim.attributions
    assert att.cue.text == cue and att.content.text.startswith(content) and att.source.text == "Acme Corp"
    assert att.source_id is None and not analysis.sources


def test_a_headline_s_reporting_verb_is_kept_but_attributes_no_claim():
    analysis = analyze("Acme Corp Slams Plan To Close The Harbor\n\nThe harbor has been open since 1890.")
    (att,) = analysis.claims[0].attributions
    assert att.cue.text == "Slams" and att.source.text == "Acme Corp" and att.source_id is None
    assert not analysis.sources


def test_an_agentless_passive_report_is_kept_but_attributes_no_claim():
    _analysis, claim = only_claim("The harbor plan has been widely criticized for its cost.")
    assert claim.status == Status.UNATTRIBUTED, claim.reason
    (att,) = claim.attributions
    assert att.cue.text == "criticized" and att.source is None and att.content.text == "for its cost"


def test_a_subject_with_an_appositive_is_not_content_before_an_inverted_subject():
    analysis, claim = only_claim("Acme Corp, the largest employer in Millbrook, noted the rule in its annual report.")
    (att,) = claim.attributions
    assert att.source.text.startswith("Acme Corp") and att.content.text.startswith("the rule"), dump(analysis)


def test_a_statement_to_come_is_kept_but_attributes_no_claim():
    _analysis, claim = only_claim("Acme Corp refused to discuss the closure of the plant.")
    assert claim.status == Status.UNATTRIBUTED, claim.reason
    discuss = next(a for a in claim.attributions if a.cue.text == "discuss")
    assert discuss.source.text == "Acme Corp" and discuss.source_id is None


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corp said it believes the plant will close in May.",
        "Acme Corp said the mayor did not address the closure of the plant.",
    ],
)
def test_a_report_inside_what_a_source_says_is_the_source_s_own_account(text):
    analysis, claim = only_claim(text)
    assert claim.status == Status.SOURCED, dump(analysis)
    (att,) = claim.attributions
    assert att.cue.text == "said" and att.source.text == "Acme Corp"


def test_a_named_source_inside_what_another_says_is_kept():
    _analysis, claim = only_claim("Residents said the Harbor Authority warned that the dam could fail.")
    assert claim.status == Status.SOURCED, claim.reason
    assert [a.cue.text for a in claim.attributions] == ["said", "warned"]


def test_no_comment_beside_an_attribution_takes_the_attribution():
    _analysis, claim = only_claim(
        "The minister did not respond to a request for comment, but Acme Corp said the deal was off."
    )
    assert claim.status == Status.SOURCED, claim.reason


def test_a_paraphrase_continued_outside_quotation_marks_is_unattributed():
    text = "Senator Tom Reyes said the drought was the worst in a century. Farmers are leaving the valley in droves."
    analysis = analyze(text)
    assert [c.status for c in analysis.claims] == [Status.SOURCED, Status.UNATTRIBUTED]


# --- not_a_claim -----------------------------------------------------------------------------------


def test_page_furniture_is_not_a_claim():
    furniture = [
        "By Jane Smith",
        "MILLBROOK, Ore. —",
        "Share this",
        "Tweet",
        "Read more: Ten ways to prepare for a flood",
        "Related: How the valley rebuilt after the last flood",
        "Photo: Jane Smith/Example Media",
        "© 2024 Example Media",
    ]
    body = "The river rose four metres overnight, forcing hundreds from their homes."
    text = "\n\n".join([furniture[0], furniture[1], body, *furniture[2:]])
    analysis = analyze(text)
    by_text = {c.text: c for c in analysis.claims}
    assert set(by_text) == {*furniture, body}, dump(analysis)
    for line in furniture:
        assert by_text[line].status == Status.NOT_A_CLAIM, (line, by_text[line].reason)
    assert by_text[body].status == Status.UNATTRIBUTED


def test_a_headline_is_not_a_claim():
    text = "Residents Return Home After Floods\n\nHundreds of families returned to their homes on Sunday."
    analysis = analyze(text)
    headline, body = analysis.claims
    assert headline.text == "Residents Return Home After Floods"
    assert headline.status == Status.NOT_A_CLAIM and "heading" in headline.reason
    assert body.status == Status.UNATTRIBUTED


@pytest.mark.parametrize("question", ["Why did the council wait so long to act?", "Will the dam hold?"])
def test_the_author_s_question_is_not_a_claim(question):
    analysis = analyze(f"{question} The council met on Tuesday.")
    first, second = analysis.claims
    assert first.text == question
    assert first.status == Status.NOT_A_CLAIM and "question" in first.reason
    assert second.status == Status.UNATTRIBUTED


def test_a_question_inside_a_source_s_quotation_takes_the_source():
    analysis, claim = only_claim("“Why did nobody warn us?” said Peter Lang, a resident of Millbrook.")
    assert claim.status == Status.SOURCED, claim.reason
    assert deciding_source(analysis, claim).name == "Peter Lang"


def test_a_finding_set_in_a_named_poll_is_sourced():
    analysis, claim = only_claim("In the latest Gallup poll, the mayor leads her rival by five points.")
    assert claim.status == Status.SOURCED, dump(analysis)
    (att,) = claim.attributions
    assert (att.cue.text, att.source.text) == ("In", "the latest Gallup poll")
    assert att.content.text == "the mayor leads her rival by five points"

"""Parse errors of the shipped pipeline that the attribution rules read through, on invented sentences.

Where the model's parse of a sentence may change with retraining, the test re-attaches the words the way
the error does (``_misparsed``) so that the rule, not today's model, is what is tested.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from factcheck.analysis import analyze, pipeline
from factcheck.analysis.attribution import find_attributions
from tests.analysis.helpers import claim_with, dump, only_claim


@pytest.mark.parametrize(
    "text",
    [
        "“The levee will hold,” Regional Commissioner Dana Whitlock, R-Ohio, said Tuesday.",
        "“Our levee will hold,” Harbor Commission chair Dana Whitlock, D-Ore., said Tuesday.",
    ],
)
def test_a_time_after_the_reporting_verb_is_never_the_source(text):
    _analysis, claim = only_claim(text)
    (att,) = claim.attributions
    assert "Whitlock" in att.source.text and "Tuesday" not in att.source.text, att.source.text


def _misparsed(text: str, arcs: dict[str, tuple[str, str]]) -> Doc:
    """``text`` parsed by the shipped pipeline, then with the given words re-attached (word: (head word,
    relation); a word that occurs twice is its last occurrence): the parse error a rule repairs,
    independent of how the model parses today."""
    doc = pipeline.load()(text)
    index = {t.text: t.i for t in doc}
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    for word, (head, dep) in arcs.items():
        heads[index[word]], deps[index[word]] = index[head], dep
    return Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=heads,
        deps=deps,
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
    )


def _found(doc: Doc, lemma: str) -> list:
    """The attributions found in the first sentence of ``doc`` whose cue has this lemma."""
    return [f for f in find_attributions(next(doc.sents), 0, len(doc.text)) if f.lemma == lemma]


def test_the_name_before_a_party_label_is_the_source():
    # the label parsed as the subject, the name as an appositive of the quotation ("R-Ky." for the speaker)
    text = "“The levee will hold,” Senate Majority Leader Dana Whitlock, R-Ohio, said Tuesday."
    doc = _misparsed(
        text, {"R": ("said", "nsubj"), "Leader": ("hold", "appos"), "Ohio": ("R", "flat"), ",": ("R", "punct")}
    )
    (found,) = find_attributions(next(doc.sents), 0, len(text))
    assert found.source.text == "Leader"
    assert doc[found.source_span[0] : found.source_span[1]].text == "Senate Majority Leader Dana Whitlock"


def test_a_name_then_a_clause_after_an_appositive_is_not_an_inverted_subject():
    # the subject parsed as a clause of the verb: the comma before "said" looks like the end of a quotation
    text = "In a statement, one of the company's lawyers, Marcus Feld, said the records show the plant was inspected."
    doc = _misparsed(text, {"one": ("said", "ccomp")})
    said = next(f for f in find_attributions(next(doc.sents), 0, len(text)) if f.lemma == "say")
    assert said.source is not None and said.source.text != "records", said.source


def test_a_finite_reporting_verb_parsed_as_a_modifier_of_the_name_takes_the_name_as_source():
    text = 'Ohio Democratic Party Chairman Omar Haddad called the decision a "huge win for Ohio voters."'
    doc = _misparsed(text, {"Omar": ("Omar", "ROOT"), "called": ("Omar", "acl")})
    (found,) = find_attributions(next(doc.sents), 0, len(text))
    assert found.source is not None and found.source.text == "Omar", found.source


def test_two_reports_each_over_the_other_s_cue_are_both_kept():
    # '"...," she said, adding ...': the parse may give each verb a content that covers the other's cue;
    # neither is nested in the other, so neither is dropped as the speaker's own account
    analysis = analyze(
        "Ann Roy is the harbor master of Millbrook. "
        '"The new levee will hold through the spring," she said, adding she would never vote for the bond.'
    )
    claim = claim_with(analysis, "levee will hold")
    cues = sorted(a.cue.text for a in claim.attributions if a.cue is not None)
    assert "said" in cues, dump(analysis)


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "At the forum, Ann Roy called her vote a mistake, but she noted that the mayor also backed the plan.",
            "noted",
        ),
        (
            "Ann Roy said the demands of the job sometimes erase the barriers that women face, though she noted "
            "clients are beginning to demand diverse teams.",
            "noted",
        ),
        ('"The levee is old," Ann Roy told the council, adding that the city will repair it in May.', "adding"),
    ],
)
def test_a_second_statement_beside_the_first_is_kept(text, second):
    # inside the first report's content a pronoun's report is the speaker's own account and is dropped,
    # unless it is a second statement set beside the first: coordinated, a participle, a contrast
    analysis, claim = only_claim(text)
    assert second in [a.cue.text for a in claim.attributions if a.cue is not None], dump(analysis)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_a_unicode_space_is_read_as_a_space_and_offsets_stay(space):
    # spaCy splits on " " only: a lone no-break space becomes a token, tagged as a proper noun, and the
    # subject of the verb after it
    text = f"Ann Roy is the harbor master of Millbrook. “The levee will hold,” she{space}told reporters on Monday."
    analysis = analyze(text)
    (att,) = claim_with(analysis, "levee").attributions
    assert att.source.text == "she" and text[att.source.start : att.source.end] == "she", dump(analysis)
    assert att.cue.text == "told"


def test_a_reporting_verb_tagged_as_a_noun_with_a_passive_that_clause_is_a_cue():
    # "shows" tagged as a plural noun, its that-clause a passive one hung from it
    text = "Another slide shows that eight of ten apples are grown in the valley."
    doc = _misparsed(text, {"shows": ("shows", "ROOT"), "grown": ("shows", "acl")})
    (found,) = find_attributions(next(doc.sents), 0, len(text))
    assert found.lemma == "show" and found.source.text == "slide"


def test_a_prepositional_frame_takes_a_gerund_clause():
    _analysis, claim = only_claim("The senator has called for eliminating the tax break on yachts.")
    (att,) = claim.attributions
    assert att.cue.text == "called" and att.content.text == "for eliminating the tax break on yachts"


def test_a_name_the_parser_made_the_root_speaks_over_a_time_between_them():
    # "called" hung from the time ("on Wednesday") that hangs from the root name
    text = "Dana Whitlock on Wednesday called on the council to repair the levee."
    doc = _misparsed(text, {"Dana": ("Dana", "ROOT"), "Wednesday": ("Dana", "nmod"), "called": ("Wednesday", "acl")})
    doc[3].ent_type_ = "DATE"
    (found,) = _found(doc, "call")
    assert doc[found.source_span[0] : found.source_span[1]].text == "Dana Whitlock"


def test_a_name_the_parser_made_the_root_speaks_with_the_past_tense_tagged_as_a_participle():
    text = "Dana Whitlock called the mayor a liar."
    doc = _misparsed(
        text,
        {
            "Dana": ("Dana", "ROOT"),
            "called": ("Dana", "xcomp"),
            "mayor": ("called", "obj"),
            "liar": ("called", "xcomp"),
        },
    )
    doc[2].tag_ = "VBN"
    (found,) = _found(doc, "call")
    assert found.source is not None and found.source.text == "Dana"


def test_a_participle_with_a_mark_is_not_a_reduced_relative():
    # "for accusing him" is a clause of "apologize", not the candidate's act
    text = "Dana Whitlock asked the mayor to apologize to the engineer for accusing him of fraud."
    doc = _misparsed(text, {"accusing": ("engineer", "acl")})
    accusing = _found(doc, "accuse")
    assert all(f.source is None or f.source.text != "engineer" for f in accusing)


def test_a_participle_after_a_comma_is_the_main_clause_s():
    # ", saying ..." hung from the object: the ministry says it, not the statement
    text = "The ministry issued a statement, saying that the talks had failed."
    doc = _misparsed(text, {"saying": ("statement", "acl")})
    (found,) = _found(doc, "say")
    assert doc[found.source_span[0] : found.source_span[1]].text == "The ministry"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The council blocked the sale, citing a risk to public health.", "The council"),
        ("The agency raised its forecast, citing federal data.", "federal data"),
        ("The agency raised its forecast, citing unnamed officials.", "unnamed officials"),
    ],
)
def test_citing_a_reason_is_the_subject_s_statement_citing_a_source_names_it(text, source):
    _analysis, claim = only_claim(text)
    (att,) = [a for a in claim.attributions if a.cue is not None and a.cue.text == "citing"]
    assert att.source is not None and att.source.text == source, dump(_analysis)


def test_a_participle_of_a_subjectless_clause_is_the_main_subject_s():
    # ", citing ..." hung from "selling", which has no subject of its own
    text = "The regulator barred the firm from selling its plants in bankruptcy, citing a risk to public health."
    doc = _misparsed(text, {"citing": ("selling", "advcl")})
    (found,) = _found(doc, "cite")
    assert doc[found.source_span[0] : found.source_span[1]].text == "The regulator"


def test_a_verb_with_its_own_object_is_no_reporting_clause_of_what_precedes_it():
    text = "Citing an old rumour, the senator accused the mayor of lying to the council."
    _analysis, claim = only_claim(text)
    (att,) = [a for a in claim.attributions if a.cue is not None and a.cue.text == "accused"]
    assert att.content.text.startswith("the mayor of lying"), dump(_analysis)


def test_a_time_parsed_as_a_second_subject_is_not_the_source():
    text = "Acme Corp just this month announced that it would close the plant."
    doc = _misparsed(text, {"month": ("announced", "nsubj"), "Acme": ("announced", "nsubj")})
    (found,) = _found(doc, "announce")
    assert found.source.text in ("Acme", "Corp")


def test_a_participle_has_no_inverted_subject_and_after_a_comma_takes_the_clause_s_subject():
    # ", explaining the cuts amounted to ...": "the cuts" is what is explained, the speaker is Ann Roy
    text = "Ann Roy tried to make the case that this was an exception, explaining the cuts amounted to 1 percent."
    doc = _misparsed(text, {"explaining": ("exception", "acl"), "exception": ("case", "acl")})
    (found,) = _found(doc, "explain")
    assert doc[found.source_span[0] : found.source_span[1]].text == "Ann Roy"


def test_a_time_taken_for_the_only_subject_gives_way_to_the_noun_before_it():
    text = "After the hearing, the court this month rejected a request to delay the vote."
    doc = _misparsed(text, {"court": ("hearing", "appos"), "month": ("rejected", "nsubj")})
    (found,) = _found(doc, "reject")
    assert found.source.text == "court"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The Harbor Commission issued a statement calling the ruling a disgrace.", "Harbor Commission"),
        ("The Acme campaign released an ad showing that the mayor had lied.", "Acme campaign"),
    ],
)
def test_a_document_s_author_is_the_source_of_what_it_says(text, source):
    analysis, claim = only_claim(text)
    (att,) = [a for a in claim.attributions if a.cue is not None and a.cue.text in ("calling", "showing")]
    assert source in att.source.text, dump(analysis)


def test_a_reporting_verb_tagged_as_a_noun_subject_reports_the_clause_it_was_made_subject_of():
    # "shows" tagged as a plural noun and parsed as the subject of "abandoned"
    text = "A city poll shows that voters living in the district have abandoned the plan."
    doc = _misparsed(
        text,
        {"shows": ("abandoned", "nsubj"), "poll": ("shows", "compound"), "living": ("shows", "acl:relcl")},
    )
    doc[3].pos_, doc[3].tag_ = "NOUN", "NNS"
    (found,) = _found(doc, "show")
    assert found.source.text == "poll"
    assert text[found.content[0] : found.content[1]] == "that voters living in the district have abandoned the plan"


def test_a_plural_noun_before_a_relative_that_is_no_reporting_verb():
    text = "TV shows that air at night are popular."
    doc = _misparsed(text, {"shows": ("popular", "nsubj"), "TV": ("shows", "compound")})
    doc[1].pos_, doc[1].tag_ = "NOUN", "NNS"
    doc[3].pos_ = "NOUN"
    assert not _found(doc, "show")


@pytest.mark.parametrize(
    "text",
    ["Lawmakers will continue their attacks on the plan.", "The council added two new members."],
)
def test_a_verb_that_only_reports_beside_a_quotation_acts_on_a_plain_object(text):
    # "continue" and "add" report only as "..., he continued": with an object they are acts, not sayings,
    # nor a reporting clause standing alone after the paragraph before
    analysis = analyze("“We will not give up,” the mayor said.\n\n" + text)
    claim = claim_with(analysis, text[:12])
    assert claim.status == "unattributed" and not claim.attributions, dump(analysis)


def test_a_clause_whose_subject_was_parsed_as_the_object_of_say_is_what_is_said():
    text = "Officials said the two raised $350 million through the program."
    doc = _misparsed(text, {"two": ("said", "obj"), "raised": ("said", "xcomp"), "$": ("raised", "obj")})
    doc[4].tag_ = "VBN"
    (found,) = _found(doc, "say")
    assert text[found.content[0] : found.content[1]] == "the two raised $350 million through the program"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The two envoys spoke for about five minutes.", None),
        ("The governor spoke at a rally in the capital.", None),
        ("The governor spoke of the legacy of the flood.", "spoke"),
    ],
)
def test_a_verb_with_prepositional_frames_reports_only_through_them(text, cue):
    analysis, claim = only_claim(text)
    assert [a.cue.text for a in claim.attributions if a.cue is not None] == ([cue] if cue else []), dump(analysis)


def test_a_reporting_verb_tagged_as_a_noun_at_the_end_after_a_comma_is_a_cue():
    text = "Bonuses were $500 every three months, The Daily Ledger reports."
    doc = _misparsed(text, {"reports": ("Bonuses", "conj")})
    doc[10].pos_, doc[10].tag_ = "NOUN", "NNS"
    (found,) = find_attributions(next(doc.sents), 0, len(text))
    assert found.lemma == "report" and found.source.text == "Ledger"
    assert text[found.content[0] : found.content[1]] == "Bonuses were $500 every three months"


def test_a_past_form_hung_from_a_root_name_after_its_appositive_is_the_name_s_verb():
    text = "Ann Roy, director of the alliance, called for more school funding on Thursday."
    doc = _misparsed(
        text,
        {"Ann": ("Ann", "ROOT"), "Roy": ("Ann", "flat"), "director": ("Ann", "appos"), "called": ("Ann", "acl")},
    )
    doc[8].tag_ = "VBN"
    (found,) = _found(doc, "call")
    assert found.source.text == "Ann"
    assert text[found.content[0] : found.content[1]].startswith("for more school funding")


def test_an_as_clause_set_off_by_commas_reports_the_rest_of_the_sentence():
    # read on the words: the parser may hang the main clause from the "as" clause's verb
    text = "The island, as one of the governor's advisers pointed out, rarely gets two hurricanes in a row."
    doc = _misparsed(text, {"island": ("pointed", "nsubj"), "gets": ("pointed", "parataxis")})
    (found,) = _found(doc, "point")
    assert doc[found.source_span[0] : found.source_span[1]].text == "one of the governor's advisers"


def test_a_reporting_verb_tagged_as_a_noun_before_a_colon_introduces_what_follows():
    analysis = analyze("The Daily Ledger reports:\n\n“The deal is off,” the minister told the paper.")
    claim = claim_with(analysis, "Ledger reports")
    (att,) = claim.attributions
    assert att.cue.text == "reports" and "Ledger" in att.source.text, dump(analysis)
    assert claim.status == "sourced"


def test_a_byline_of_the_outlet_s_own_reporter_is_no_attribution():
    _analysis, claim = only_claim("Ledger's Ann Roy reports: The new rules take effect in May.")
    assert claim.status == "unattributed" and not claim.attributions


def test_a_subject_before_a_relative_clause_parsed_as_a_second_complement_speaks():
    # "who joined ..." parsed as a complement of "said", the name as its subject
    text = "Ann Roy, a former aide who joined the campaign in May, said the plan was sound."
    doc = _misparsed(text, {"Ann": ("joined", "nsubj"), "joined": ("said", "ccomp")})
    (found,) = _found(doc, "say")
    assert found.source.text == "Ann"
    assert text[found.content[0] : found.content[1]] == "the plan was sound"


def test_the_subject_after_a_quotation_is_not_sought_inside_it():
    # the name hung from a noun of the quotation, "said" left without a subject
    text = "“It has the virtue of being responsible,” Ann Roy, director of the Tax Center, said of the plan."
    doc = _misparsed(text, {"Ann": ("virtue", "appos"), "It": ("has", "nsubj"), "has": ("said", "ccomp")})
    (found,) = _found(doc, "say")
    assert found.source.text == "Ann"


def test_a_participle_of_a_conjunct_without_a_subject_takes_the_first_conjunct_s():
    text = "Ann Roy appeared on the radio on Tuesday and began by saying that the levee would hold."
    doc = _misparsed(text, {"began": ("appeared", "conj"), "saying": ("began", "advcl")})
    (found,) = _found(doc, "say")
    assert found.source.text == "Ann"


def test_a_bracketed_party_label_after_a_quotation_is_not_the_speaker():
    # "said" left without a subject, the name and its label hung from a word of the quotation
    text = "“She is one of the best members of Congress,” Rep. Dana Whitlock (D-Ore.) said in an interview."
    doc = _misparsed(
        text,
        {
            "Rep.": ("Whitlock", "compound"),
            "Dana": ("Whitlock", "compound"),
            "Whitlock": ("members", "appos"),
            "D": ("members", "appos"),
        },
    )
    (found,) = _found(doc, "say")
    assert found.source.text == "Whitlock"


def test_a_named_outlet_s_report_with_its_that_clause_is_an_attribution():
    text = "The mayor is seizing upon a Harbor Times report that the levee had failed twice."
    doc = _misparsed(
        text,
        {
            "Harbor": ("Times", "compound"),
            "Times": ("report", "compound"),
            "report": ("seizing", "obl"),
            "failed": ("report", "acl"),
            "that": ("failed", "mark"),
        },
    )
    doc[7].pos_ = "PROPN"
    (found,) = _found(doc, "report")
    assert found.source.text == "Times"
    assert text[found.content[0] : found.content[1]] == "that the levee had failed twice"


def test_a_reporting_clause_alone_with_a_participle_after_it_reports_the_quotation_before():
    analysis = analyze("“We will rebuild the levee.”\n\nDana Whitlock said, looking out at the cheering crowd.")
    claim = claim_with(analysis, "looking out")
    (att,) = claim.attributions
    assert att.cue.text == "said" and att.content.text == "“We will rebuild the levee.”", dump(analysis)


@pytest.mark.parametrize(
    "text",
    ["Dana Whitlock would not say.", "Ann Roy, a campaign spokeswoman, did not respond to my messages."],
)
def test_a_negated_speech_act_states_nothing_not_even_the_quotation_before_it(text):
    analysis = analyze("“The levee will hold,” the engineer said.\n\n" + text)
    claim = claim_with(analysis, text[:12])
    assert claim.status == "unattributed", dump(analysis)
    assert all(a.content is None or "levee" not in a.content.text for a in claim.attributions)


def test_a_parenthetical_verb_with_its_own_object_does_not_report_the_clause_before_it():
    text = "Companies will not give up the fight, and lawmakers in the capital will continue their attacks."
    doc = _misparsed(text, {"continue": ("give", "parataxis"), "attacks": ("continue", "obj")})
    assert not _found(doc, "continue")


def test_a_that_parsed_as_a_subject_after_a_reporting_verb_still_opens_what_is_said():
    text = "She points out that universities such as hers are training the next nurses."
    doc = _misparsed(
        text,
        {"She": ("points", "nsubj"), "points": ("points", "ROOT"), "out": ("points", "compound:prt")}
        | {"that": ("universities", "nsubj"), "universities": ("training", "nsubj"), "training": ("points", "dep")},
    )
    doc[1].pos_, doc[1].tag_ = "VERB", "VBZ"
    (found,) = _found(doc, "point")
    assert text[found.content[0] : found.content[1]] == "that universities such as hers are training the next nurses"


def test_a_reporting_verb_tagged_as_a_noun_between_commas_is_a_cue():
    text = "The issue, Ann Roy notes, matters as much to workers as it does to retirees."
    doc = _misparsed(text, {"notes": ("Roy", "flat")})
    doc[5].pos_, doc[5].tag_ = "NOUN", "NNS"
    (found,) = _found(doc, "note")
    assert found.source.text == "Roy"


def test_a_name_the_entity_model_labels_a_date_is_still_a_name_unless_it_names_a_day():
    doc = pipeline.load()("Earlier this month, Acme Value revealed that supply chain issues still exist.")
    for t in doc[4:6]:
        t.ent_type_ = "DATE"
    from factcheck.analysis.mentions import describe_name

    assert describe_name(doc[5], 0).kind != "none"
    holiday = pipeline.load()("On Christmas Eve, the mayor spoke.")
    for t in holiday[1:3]:
        t.ent_type_ = "DATE"
    assert describe_name(holiday[2], 0).kind == "none"

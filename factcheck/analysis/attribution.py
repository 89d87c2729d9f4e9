"""Attributions found on the parse of one sentence: the cue, the source phrase and the content.

Patterns, each on spaCy's dependency tree (UD relations: the shipped pipeline is trained on UD English):

- a **reporting verb** (``lexicons/reporting_verbs.txt``) with its subject as the source and, as the
  content, its clausal complement (``ccomp``), the quotation or clause it follows ("'...,' he said": a
  ``parataxis`` of the quotation), its object or to-infinitive for the verbs whose frame allows it
  (``verb_frames.txt``: "confirmed the breach", "urged countries to keep testing"), or what follows a
  colon ("said: ..."). The subject may follow the verb ("said Laura Spitler"), be the noun a relative
  clause or participle hangs from ("X, who said ...", "officials speaking on condition of anonymity"), be
  shared with a coordinated or governing verb ("X backs this up, saying that ..."), or, when the parser
  left the verb without one, be the noun phrase right before the verb;
- **"according to X"** and the other phrases after which the source follows (``cue_phrases.txt``);
- a **speech noun** with its possessor or ``by``-phrase and a that-clause ("his claim that ...");
- **hedges** (``hedges.txt``): adverbs ("reportedly") and agentless passives of report and belief verbs
  ("it is believed that", "is said to", "was assumed to be"); a passive with an agent ("was announced by
  the ministry") is an ordinary attribution.

A cue with nothing said ("did not respond to a request for comment", "declined to comment") is no
attribution. What the source *is* (person, organisation, group, document) is decided later
(``mentions``, ``sources``); here it is a head token and a token range.

``find_attributions`` tries each word of the sentence as a cue, in order; the patterns are in modules of
their own, each built only on the ones before it: ``sentence_view`` (the sentence as the finders read it,
the :class:`Found` record and the word-level helpers), ``subjects`` (the source of a reporting verb),
``content`` (what it reports), ``hedges`` (passives and hedges), ``cue_phrases`` ("according to X",
document settings, speech nouns) and ``reporting`` (reporting verbs, headline verbs, stance adjectives).
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from factcheck.analysis import lexicons as lx
from factcheck.analysis.cue_phrases import cue_noun, document_setting, source_after
from factcheck.analysis.hedges import hedge_adverb, passive
from factcheck.analysis.reporting import headline_verb, reporting_verb, stance_adjective
from factcheck.analysis.sentence_view import PASSIVE_SUBJECTS, Found, SentenceView, verb_lemma


def find_attributions(sentence: SpacySpan, base: int, limit: int) -> list[Found]:
    """The attributions of one parsed sentence (``base``: the article offset of the sentence's Doc)."""
    view = SentenceView(sentence, base, limit)
    for i in range(view.sent.start, view.end):
        if i in view.cue_tokens:
            continue
        token = view.doc[i]
        low = token.lower_
        if low in lx.SOURCE_AFTER_FIRST_WORDS and source_after(view, token):
            continue
        if low in lx.DOCUMENT_SETTINGS and document_setting(view, token):
            continue
        lemma = verb_lemma(token)
        if lemma is None and view.headline and headline_verb(view, token):
            continue
        if lemma is not None:
            reporting_verb(view, token, lemma)
        elif (
            (low in lx.HEDGE_PASSIVE_LEMMAS or token.lemma_.lower() in lx.HEDGE_PASSIVE_LEMMAS)
            and token.tag_ == "VBN"
            and any(c.dep_ in ("aux:pass",) or c.dep_ in PASSIVE_SUBJECTS for c in token.children)
        ):
            passive(view, token, token.lemma_.lower())
        elif (
            token.pos_ == "ADJ"
            and lx.REPORTING_VERBS.get(low) in lx.HEDGE_PASSIVE_LEMMAS
            and any(c.dep_ in ("cop", "aux:pass") for c in token.children)
        ):
            passive(view, token, lx.REPORTING_VERBS[low])  # "is rumoured to be", tagged as an adjective
        elif (token.pos_ == "ADJ" or token.tag_ == "VBN") and low in lx.STANCE_ADJECTIVES:
            stance_adjective(view, token)
        elif low in lx.HEDGE_ADVERBS:
            hedge_adverb(view, token)
        elif token.pos_ in ("NOUN", "PROPN") and (low in lx.CUE_NOUNS or low in lx.DOCUMENT_NOUNS):
            cue_noun(view, token)  # "his claim that ...", "a Daily Ledger report that ..."
    return view.found

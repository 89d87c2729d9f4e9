"""Reporting verbs: a verb of ``reporting_verbs.txt`` with its source and what it reports.

``reporting_verb(view, verb, lemma)`` puts the pattern together: a passive goes to ``hedges``; a reporting
clause set off from what it reports is read on the words first (``'"...," said Smith.'``, ``'..., the
source added.'``, ``'The Central Bank, he continued, intervenes ...'``, an "as" clause); else the source is
``subjects.subject_of`` and the content ``content.content_of``. An intention ("plans to"), a statement to
come ("went on to explain") and an act on a plain object are kept but decide no status. Also here: a
headline's verb read on the words (``headline_verb``) and an adjective of opinion after "be"
(``stance_adjective``: "Experts are concerned that ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.content import act_object, content_of, stands_alone
from factcheck.analysis.hedges import passive
from factcheck.analysis.model import AttributionKind
from factcheck.analysis.sentence_view import (
    ADDRESSEE,
    NOT_SOURCES,
    PARENTHETICAL,
    PASSIVE_SUBJECTS,
    QUOTE_CHARS,
    RELATIVE,
    SUBJECTS,
    Found,
    SentenceView,
    child_with,
    says_not,
    that_clause,
)
from factcheck.analysis.subjects import inverted_subject, relative_pronoun, root_name_s, subject_of


def reporting_verb(view: SentenceView, verb: Token, lemma: str) -> None:
    """The attribution of a reporting verb (``lemma``: its lemma), if it has one, added to ``view.found``."""
    category = lx.REPORTING_VERB_CATEGORY.get(lemma, "speech")
    if verb.dep_ == "amod" or (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and not that_clause(verb) and not root_name_s(view, verb)
    ):
        return  # "the said company", "a decision announced on Monday": a modifier, not a cue
    if lemma == "point" and not (
        any(c.dep_ == "compound:prt" or c.lower_ == "to" for c in verb.children)
        or (verb.i + 1 < view.sent.end and view.doc[verb.i + 1].lower_ in ("to", "out"))
    ):
        return  # "pointed to", "pointed out"; not "pointed the gun"
    if any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "aux:pass" for c in verb.children):
        passive(view, verb, lemma)
        return
    subject = child_with(verb, SUBJECTS)
    to_come = False
    if (
        verb.tag_ == "VB"
        and any(c.lower_ == "to" and c.dep_ in ("mark", "aux") for c in verb.children)
        and subject is None
    ):
        if verb.dep_ != "xcomp" or child_with(verb.head, SUBJECTS) is None:
            return  # "to show that", "to discuss": an infinitive, not a statement someone made
        # "went on to explain how ...", "refuses to discuss it": the subject's, but a statement to come or
        # wanted, not one made; kept, not deciding the status
        to_come = True
    clause = _reporting_clause(view, verb, lemma in PARENTHETICAL) if category != "intention" else None
    source: Token | None
    if clause is not None:
        source, tokens = clause
        content, after_colon = view.span(tokens), False
    else:
        source = subject_of(view, verb, lemma)
        if source is not None and source.lower_ in NOT_SOURCES:
            return
        content, after_colon = content_of(view, verb, lemma, category, source)
    if content is None and source is not None and lemma in PARENTHETICAL and stands_alone(view, verb, source):
        after_colon = False
        view.found.append(
            Found(
                AttributionKind.DIRECT_QUOTE,
                view.cue([verb]),
                source,
                view.source_span(source, verb),
                None,
                lemma,
                category,
                content_before=True,
                shown=relative_pronoun(verb, source),
            )
        )
        return
    acted = False
    if content is None and source is not None and source.lower_ not in NOT_SOURCES:
        content = act_object(view, verb, source)  # "the mayor is promoting her plans"
        acted = content is not None
    if content is None or (category == "intention" and source is None):
        return
    cue_tokens = [verb]
    particle = next((c for c in verb.children if c.dep_ == "compound:prt" and c.i == verb.i + 1), None)
    if particle is not None:
        cue_tokens.append(particle)
    span = view.source_span(source, verb) if source is not None else None
    kind = AttributionKind.DIRECT_QUOTE if _is_quotation(view, content) else AttributionKind.INDIRECT
    # An intention ("wants to", "plans to", "decided to") or a speech act with only an object ("did not
    # address the tweets") is kept as an attribution, but reports an act, not a claim: it does not decide
    # the sentence's status (GUIDELINES.md: "No content, no attribution").
    view.found.append(
        Found(
            kind,
            view.cue(cue_tokens),
            source,
            span,
            content,
            lemma,
            category,
            after_colon,
            counts=category != "intention" and not acted and not to_come,
            shown=None if source is None else relative_pronoun(verb, source),
        )
    )


def _reporting_clause(view: SentenceView, verb: Token, inverting: bool) -> tuple[Token, list[Token]] | None:
    """A reporting clause set off from what it reports, read on the words rather than the tree, so that a
    parse error does not lose it: '"...," said Smith.', '..., the source added.', 'The Central Bank, he
    continued, intervenes ...', '..., says Jane Holloway, a spokesperson for the school system.'
    Returns the source's head and the content's tokens."""
    doc, start, end = view.doc, view.sent.start, view.sent.end
    if says_not(verb):
        return None  # "..., a spokeswoman, did not respond": no statement
    as_clause = _as_clause(view, verb)
    if as_clause is not None:
        return as_clause
    k = verb.i - 1
    while k >= start and doc[k].pos_ in ("AUX", "ADV", "PART") and not doc[k].is_punct:
        k -= 1
    source = None
    if k >= start and (doc[k].text in (",", "—", "–") or (doc[k].text in QUOTE_CHARS and k > start)):
        # inverted: ', said Smith' / '," said Smith' (only the verbs used so: not "..., voiced concerns")
        subject = child_with(verb, SUBJECTS)
        if (
            subject is not None
            and subject.left_edge.i == start
            and subject.pos_ in ("PROPN", "NOUN")
            and not any(doc[j].pos_ in ("VERB", "AUX") for j in range(start, k))
        ):
            return None  # "Acme Corp, the largest employer, noted the rule": the subject and its appositive
        source = inverted_subject(view, verb) if inverting else None
        if source is None:
            return None
        left_end = k
        after = source.i + 1
    else:
        np_end = k
        while k >= start and np_end - k < 12 and _np_token(doc[k]):
            k -= 1
        if k == np_end or k < start or not (doc[k].text in (",", "—", "–") or doc[k].text in QUOTE_CHARS):
            return None
        # the phrase's head: its last noun before any preposition ("researchers at OpenAI in San Francisco")
        first_adp = next((j for j in range(k + 1, np_end + 1) if doc[j].pos_ == "ADP"), np_end + 1)
        candidates = [doc[j] for j in range(k + 1, first_adp) if doc[j].pos_ in ("PROPN", "NOUN", "PRON", "NUM")]
        if not candidates:
            return None
        source = candidates[-1]
        if verb.lemma_.lower() not in ADDRESSEE and any(c.dep_ == "obj" and c.i > verb.i for c in verb.children):
            return None  # "Citing the record, Smith accused Lee of ...": the verb's object is what it reports
        left_end = k
        after = verb.i + 1
    stop = view.adjuncts_end(after)
    if stop is None:
        return None
    left = [doc[j] for j in range(start, left_end)]
    right = [doc[j] for j in range(stop + 1, end)] if stop < end else []
    if right and stop < end and doc[stop].text not in (",", "—", "–", ";"):
        return None
    content = [t for t in left + right if not t.is_space]
    if len([t for t in content if not t.is_punct]) < 2:
        return None
    return source, content


def _as_clause(view: SentenceView, verb: Token) -> tuple[Token, list[Token]] | None:
    """'Hawaii, as one of the mayor's advisers pointed out, rarely gets ...': an "as" clause set off by
    commas, read on the words; the noun phrase after "as" is the source, the rest of the sentence what
    it reports."""
    doc, start, end = view.doc, view.sent.start, view.sent.end
    j = verb.i - 1
    while j > start and verb.i - j <= 12 and _np_token(doc[j]) and doc[j].lower_ != "as":
        j -= 1
    if j >= verb.i - 1 or doc[j].lower_ != "as" or not (j == start or doc[j - 1].text in (",", "(", "—", "–")):
        return None
    first_adp = next((k for k in range(j + 1, verb.i) if doc[k].pos_ == "ADP"), verb.i)
    nouns = [doc[k] for k in range(j + 1, first_adp) if doc[k].pos_ in ("PROPN", "NOUN", "PRON", "NUM")]
    k = verb.i + 1
    while k < end and (doc[k].dep_ == "compound:prt" or doc[k].lower_ in ("out", "it")):
        k += 1  # "pointed out", "put it"
    if not nouns or not (k >= end or doc[k].text in (",", ")", "—", "–", ".")):
        return None
    content = [doc[i] for i in range(start, end) if not (j <= i < k) and not doc[i].is_space]
    if len([t for t in content if not t.is_punct]) < 3:
        return None
    return nouns[-1], content


def _np_token(t: Token) -> bool:
    """A word that can stand inside a subject noun phrase ("a USA TODAY analysis of newly filed reports")."""
    return (
        (t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON") and t.lower_ not in RELATIVE)
        or t.tag_ in ("POS", "VBN")
        or (t.pos_ == "ADV" and t.lower_.endswith("ly"))
        or (t.pos_ == "ADP" and t.lower_ in ("of", "in", "for", "from", "at", "on", "with"))
        or (t.text in (".", "-", "'s", "’s", "&") and not t.is_sent_end)
    )


def _is_quotation(view: SentenceView, content: tuple[int, int]) -> bool:
    start, end = content[0] - view.base, content[1] - view.base
    return any(
        start - 3 <= view.doc[k].idx <= end + 2 and view.doc[k].text in QUOTE_CHARS
        for k in range(view.sent.start, view.sent.end)
    )


def headline_verb(view: SentenceView, token: Token) -> bool:
    """'Union Leader Calls Plan a Disgrace': in a headline, a capitalised present-tense reporting verb
    after a capitalised name, read linearly (the tagger takes the whole line for a name). Kept, not
    deciding the status."""
    lemma = lx.REPORTING_VERBS.get(token.lower_)
    if (
        lemma is None
        or token.pos_ not in ("PROPN", "NOUN")
        or not token.lower_.endswith("s")
        or token.lower_ == lemma
        or lx.REPORTING_VERB_CATEGORY.get(lemma) == "intention"
    ):
        return False
    k = token.i
    while k > view.sent.start and view.doc[k - 1].text[:1].isupper() and view.doc[k - 1].pos_ in ("PROPN", "NOUN"):
        k -= 1
    rest = [t for t in view.doc[token.i + 1 : view.end] if not (t.is_punct and t.i == view.end - 1)]
    if k == token.i or not rest:
        return False
    source = view.doc[token.i - 1]
    view.found.append(
        Found(
            AttributionKind.DIRECT_QUOTE if any(t.text in QUOTE_CHARS for t in rest) else AttributionKind.INDIRECT,
            view.cue([token]),
            source,
            (k, token.i),
            view.span(rest),
            lemma,
            lx.REPORTING_VERB_CATEGORY.get(lemma, "speech"),
            counts=False,  # a headline is no claim (GUIDELINES.md: not_a_claim); its attribution is shown only
        )
    )
    return True


def stance_adjective(view: SentenceView, adjective: Token) -> None:
    """'Experts are concerned that ...', 'AI experts are increasingly troubled by those demands': the
    subject of "be" + an adjective of opinion holds the view in its complement."""
    if not any(
        (c.dep_ in ("cop", "aux", "aux:pass") and c.lemma_.lower() in ("be", "become", "grow", "remain"))
        or c.dep_ == "cop"
        for c in adjective.children
    ):
        return
    subject = child_with(adjective, SUBJECTS) or child_with(adjective, PASSIVE_SUBJECTS)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN", "PRON") or subject.lower_ in NOT_SOURCES:
        return
    complement = that_clause(adjective) or next(
        (
            c
            for c in adjective.children
            if c.i > adjective.i
            and c.dep_ in ("obl", "obl:agent", "nmod", "ccomp", "xcomp", "advcl")
            and (
                c.dep_ in ("ccomp", "xcomp", "advcl")
                or any(
                    g.dep_ == "case" and g.lower_ in ("about", "by", "over", "with", "of", "that") for g in c.children
                )
            )
        ),
        None,
    )
    if complement is None:
        return
    content = view.span(complement.subtree)
    if content is not None:
        cue = view.cue([adjective])
        view.found.append(
            Found(
                AttributionKind.INDIRECT,
                cue,
                subject,
                view.source_span(subject, adjective),
                content,
                adjective.lower_,
                "belief",
            )
        )

"""Who reports: the source of a reporting verb, found on the parse and, where the parser erred, on the words.

``subject_of(view, verb, lemma)`` is the head of the verb's source phrase: its subject before it, or
after it ("said Laura Spitler": ``inverted_subject``), the noun a relative clause or participle hangs
from ("X, who said ...", "officials speaking on condition of anonymity"), the subject of a coordinated or
governing verb ("X backs this up, saying that ..."), a name the parser made the root, or the noun phrase
right before a verb the parser left without one. A time is never the source ("said Tuesday"), nor a
party label ("Rep. Ann Roy (D-Ore.) said").
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.sentence_view import (
    FINITE,
    NOT_SOURCES,
    PARENTHETICAL,
    RELATIVE,
    SUBJECTS,
    SentenceView,
    child_with,
    is_time,
    that_clause,
)

# a US party label after a politician's name: "R-Ky.", "D-N.Y.", "(D)", "I-Vt."
PARTY_LABEL = re.compile(r"[RDI]-[A-Z][A-Za-z.]*(?:-[A-Z][A-Za-z.]*)?|\([RDI](?:-[A-Z][A-Za-z.]*)?\)")


def _antecedent(relative_clause: Token) -> Token:
    """The noun a relative clause is about: its head, or the name that head is in apposition to ("Ann Roy,
    a hydrologist at the university, who said ...": Ann Roy, not the role)."""
    head = relative_clause.head
    if head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.pos_ == "PROPN":
        return head.head
    return head


def subject_of(view: SentenceView, verb: Token, lemma: str) -> Token | None:
    # The subject before the verb, unless it stands in a quotation the verb is outside of ("'This is a
    # precedent,' said X": the parser may take "precedent" for the subject); of two ("Millbrook resident
    # Peter Lang said" parsed as two), the one nearest the verb.
    before = [
        c
        for c in verb.children
        if c.dep_ in SUBJECTS and c.i < verb.i and not (view.quoted(c) and not view.quoted(verb))
    ]
    # not a time parsed as a second subject ("Acme just this month announced ...")
    before = [c for c in before if not is_time(c)] or before
    subject = max(before, key=lambda c: c.i) if before else None
    if subject is None and verb.pos_ == "NOUN":
        # a verb the tagger took for a noun ("The New York Post reports that ..."): the subject was parsed
        # as its modifier
        subject = max(
            (
                c
                for c in verb.children
                if c.dep_ in ("compound", "nmod") and c.i < verb.i and c.pos_ in ("PROPN", "NOUN")
            ),
            key=lambda c: c.i,
            default=None,
        )
    if subject is None and lemma in PARENTHETICAL and view.follows_content(verb):
        inverted = inverted_subject(view, verb)  # "'...,' said Sam Ortega"
        if inverted is not None and view.adjuncts_end(inverted.i + 1) is not None:
            # not when a clause follows the noun: "One of the lawyers, Ann Roy, said the videos show ..."
            return inverted
    if subject is None:
        subject = next(
            (c for c in verb.children if c.dep_ in SUBJECTS and c.i > verb.i and not is_time(c)),
            None,
        )  # not "said Tuesday" parsed as the subject
    if subject is not None:
        if subject.pos_ in ("DET", "PRON", "NUM", "ADJ") and subject.lower_ not in RELATIVE:
            # "Another, Pelco, announced ...", "One, Acme, said ...": the name in apposition
            named = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            if named is not None:
                return named
        labelled = _labelled_name(view, subject)
        if labelled is not None:
            return labelled
        if subject.lower_ in RELATIVE and verb.dep_ == "acl:relcl":
            return _antecedent(verb)  # "Smith, who said ..."
        if is_time(subject):
            preceding = view.doc[subject.left_edge.i - 1] if subject.left_edge.i > view.sent.start else None
            if preceding is not None and preceding.pos_ in ("PROPN", "NOUN") and not is_time(preceding):
                return preceding  # "the court this month rejected": the noun phrase right before the time
            # "Yesterday, Dr Ray Dunmore, ..., said": the parser took the time for the subject
            name = next(
                (view.doc[k] for k in range(subject.i + 1, min(verb.i, subject.i + 5)) if view.doc[k].pos_ == "PROPN"),
                None,
            )
            if name is not None:
                return name
        return subject
    head = verb.head
    if verb.dep_ in ("advcl", "xcomp", "conj", "dep") and head is not verb:
        # "X backs this up, saying that ...", "X said ... and added that ..."
        inherited = child_with(head, SUBJECTS) or next(
            (
                c
                for c in head.children
                if c.dep_ in ("discourse", "vocative", "dep")
                and c.i < min(head.i, verb.i)
                and c.pos_ in ("PROPN", "NOUN")
            ),
            None,
        )
        if inherited is not None:
            return inherited
        governor = head
        while (
            child_with(governor, SUBJECTS) is None
            and governor.dep_ in ("advcl", "xcomp", "conj")
            and verb.tag_ == "VBG"
        ):
            governor = governor.head  # "X blocked Y from selling it, citing ...": X's, over the subjectless clause
        if governor is not head and child_with(governor, SUBJECTS) is not None:
            return child_with(governor, SUBJECTS)
    if verb.dep_ in ("acl", "xcomp", "dep") and head.i < verb.i:
        # a finite verb hung from a name the parser made the root ("Party Chairman Ann Roy called the
        # ruling a win"), also over a time between them ("Ann Roy on Wednesday called on ...") and with
        # the past tense tagged as a participle ("Roy called Lee a liar": not "Lee, called a liar by")
        named = head
        while named.dep_ != "ROOT" and is_time(named):
            named = named.head
        if (
            named.dep_ == "ROOT"
            and named.pos_ in ("NOUN", "PROPN")
            and (
                verb.tag_ in FINITE
                or (verb.tag_ == "VBN" and child_with(verb, ("obj",)) is not None)
                or root_name_s(view, verb)
            )
            and child_with(verb, ("aux", "aux:pass", "obl:agent")) is None
        ):
            return named
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBG":
        if child_with(verb, ("mark",)) is not None:
            return None  # "apologize to Lee for accusing him": a clause, not a reduced relative
        if view.doc[verb.i - 1].text == "," and head.dep_ not in SUBJECTS:
            # "The ministry issued a statement, saying ...": the participle after a comma is the clause's
            # it closes, not its object's (over the words between: "tried to make the case that ...")
            governor = head.head
            for _ in range(6):
                subject = child_with(governor, SUBJECTS)
                if subject is not None or governor.head is governor or governor.dep_ == "ROOT":
                    break
                governor = governor.head
            if subject is not None and subject.i < verb.i:
                return subject
        issuer = child_with(head.head, SUBJECTS) if head.dep_ == "obj" else None
        document = head.lower_ in lx.DOCUMENT_NOUNS or head.lower_ in lx.CUE_NOUNS
        if document and issuer is not None and issuer.i < head.i:
            return issuer  # "The council issued a statement calling ...": the document's author speaks
        return head  # "officials speaking on condition of anonymity"
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and that_clause(verb):
        return head  # "The company confirmed ... that ..." parsed as a reduced relative
    if verb.tag_ in FINITE and verb.dep_ not in ("acl", "acl:relcl"):
        return _left_subject(view, verb)
    if verb.tag_ == "VBG" and verb.dep_ not in ("acl", "acl:relcl", "amod"):
        # "Ukraine, while confirming an attack, ...": the noun phrase before the participle's clause
        k = verb.i - 1
        while k > view.sent.start and (view.doc[k].pos_ == "SCONJ" or view.doc[k].text == ","):
            k -= 1
        token = view.doc[k]
        if k < verb.i - 1 and token.pos_ in ("PROPN", "NOUN") and not view.quoted(token):
            return token
    return None


def root_name_s(view: SentenceView, verb: Token) -> bool:
    """Whether a past form hung from a name the parser made the root, after the name's appositive, is that
    name's verb: "Ann Roy, director of the alliance, called for more funding" (the sentence has no
    other verb; not "Ann Roy, elected in May")."""
    head = verb.head
    return (
        head.dep_ == "ROOT"
        and head.pos_ == "PROPN"
        and head.i < verb.i
        and any(c.dep_ == "appos" and c.i < verb.i for c in head.children)
        and child_with(verb, ("aux", "aux:pass", "obl:agent")) is None
        and not any(t.pos_ in ("VERB", "AUX") and t.i != verb.i and t.head.i == head.i for t in view.sent)
    )


def relative_pronoun(verb: Token, source: Token) -> tuple[int, int] | None:
    """The relative pronoun that is the verb's subject when the source is its antecedent ("a number of
    cities that support ...", "Smith, who said ..."), as a token range."""
    if verb.dep_ != "acl:relcl" or source.i != _antecedent(verb).i:
        return None
    pronoun = next((c for c in verb.children if c.dep_ in SUBJECTS and c.lower_ in RELATIVE), None)
    return None if pronoun is None else (pronoun.i, pronoun.i + 1)


def _labelled_name(view: SentenceView, subject: Token) -> Token | None:
    """The name before a party label the parser took for the subject ("Sen. Ann Roy, D-Ore., said",
    "Rep. Bo Li (R), said"): the head of the name right before the label's comma or bracket."""
    lo, hi = subject.left_edge.i, subject.right_edge.i + 1
    while lo < subject.i and view.doc[lo].text == ",":
        lo += 1
    while hi > subject.i + 1 and view.doc[hi - 1].text == ",":
        hi -= 1
    label = "".join(t.text for t in view.doc[lo:hi])
    if not PARTY_LABEL.fullmatch(label):
        return None
    k = lo - 1
    while k > view.sent.start and view.doc[k].text in (",", "("):
        k -= 1
    if k == lo - 1 and view.doc[lo].text != "(":
        return None  # a label is set off by a comma or its brackets
    name = view.doc[k]
    if name.pos_ != "PROPN" or view.quoted(name):
        return None
    while name.dep_ in ("flat", "compound") and name.head.i < k and name.head.i >= view.sent.start:
        name = name.head
    return name


def inverted_subject(view: SentenceView, verb: Token) -> Token | None:
    """The subject right after a parenthetical verb: "said Sam Ortega", "said another person",
    "says the company", "said retired U.S. General James Rutherford"."""
    k = verb.i + 1
    if k >= view.sent.end or verb.tag_ in ("VBG", "TO", "VB"):
        return None  # "..., explaining the cuts amounted to ...": a participle has no inverted subject
    first = view.doc[k]
    if first.pos_ == "PRON":
        return first if first.lower_ in ("he", "she", "they", "we", "i") else None
    # the noun phrase after the verb: modifiers, then nouns and names; its head is its last noun
    last = None
    while k < view.sent.end and k <= verb.i + 10:
        t = view.doc[k]
        if t.pos_ in ("PROPN", "NOUN", "NUM") or (t.text[:1].isupper() and not t.is_punct):
            last = t
        elif t.pos_ in ("DET", "ADJ") or t.tag_ == "POS" or (t.lower_ in ("-", ".", "'s", "’s") and last is not None):
            pass
        elif last is None and t.tag_ in ("VBN", "VBD") and t.lower_.endswith("ed"):
            pass  # "said retired U.S. General ...", "said embattled CEO ..."
        else:
            break
        k += 1
    if last is None or last.lower_ in NOT_SOURCES or is_time(last):
        return None  # "'...,' the senator said Tuesday.": a time is never the speaker
    return last


def _left_subject(view: SentenceView, verb: Token) -> Token | None:
    """The noun phrase before a finite verb the parser left without a subject: right before it (over
    an adverb or a parenthetical ", however,"), or before a comma- or dash-delimited relative clause or
    appositive ("A second vice-chancellor, who runs an elite research university, agreed")."""
    k = verb.i - 1
    while k >= view.sent.start:
        t = view.doc[k]
        if t.pos_ in ("AUX", "ADV", "PART") and not t.is_punct:
            k -= 1
        elif (
            t.text == "," and k - 2 >= view.sent.start and view.doc[k - 1].pos_ == "ADV" and view.doc[k - 2].text == ","
        ):
            k -= 3  # ", however,"
        else:
            break
    if k < view.sent.start:
        return None
    token = view.doc[k]
    if token.text in (",", "—", "–", ")") and k - 1 >= view.sent.start:
        # climb from the end of the inserted clause to the noun it modifies
        token, found = view.doc[k - 1], None
        for _ in range(12):
            if token.pos_ in ("NOUN", "PROPN") and token.i < verb.i:
                found = token
            if token.head.i >= verb.i and any(c.dep_ in SUBJECTS and c.lower_ in RELATIVE for c in token.children):
                found = None  # a relative clause the tree hangs from the verb: the noun before its pronoun
                break
            if token.head is token or token.head.i >= verb.i or view.quoted(token.head):
                break  # not into the quotation the clause follows ("'...,' Ann Roy, director of ..., said")
            token = token.head
        if found is None:
            found = _before_relative(view, k)
        if found is None:
            return None
        token = found
    if token.pos_ not in ("NOUN", "PROPN", "PRON") or token.lower_ in NOT_SOURCES or view.quoted(token):
        return None
    while (
        token.head is not token
        and view.sent.start <= token.head.i < verb.i
        and token.head.pos_ in ("NOUN", "PROPN")
        and token.dep_ in ("nmod", "compound", "flat", "appos")
        and not view.quoted(token.head)
    ):
        token = token.head
    return _labelled_name(view, token) or token  # "..." Rep. Ann Roy (D-Ore.) said: not the label


def _before_relative(view: SentenceView, k: int) -> Token | None:
    """The noun before the relative pronoun that opens the clause ending at token ``k`` ("Ann Roy, a former
    aide who joined the campaign in May, said"), read on the words when the tree does not lead there."""
    for j in range(k - 1, max(view.sent.start, k - 25), -1):
        t = view.doc[j]
        if t.lower_ in ("who", "which") and t.tag_.startswith("W"):
            before = view.doc[j - 1] if j - 1 >= view.sent.start else None
            if before is not None and before.text == "," and j - 2 >= view.sent.start:
                before = view.doc[j - 2]
            if before is not None and before.pos_ in ("NOUN", "PROPN") and not view.quoted(before):
                return before
            return None
    return None

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.model import AttributionKind

# Quotation marks as tokens; two apostrophes and two backticks are the typewriter double marks.
QUOTE_CHARS = frozenset(["“", "”", "‘", "’", "«", "»", "„", "‹", "›", '"', "''", "``"])
SUBJECTS = frozenset({"nsubj"})
PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "csubj:pass"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
# Relations inside a noun phrase: what a source phrase is made of.
NP_RELATIONS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "flat",
        "flat:name",
        "nmod:poss",
        "nummod",
        "nmod",
        "appos",
        "case",
        "cc",
        "conj",
        "acl",
        "acl:relcl",
        "punct",
        "fixed",
        "advmod",
        "nmod:desc",
        "nmod:unmarked",
        "det:poss",
        "dep",
        "obl",
        "obj",
        "nsubj",
        "cop",
        "aux",
        "mark",
    }
)
NOT_SOURCES = frozenset({"that", "this", "which", "what", "there", "something", "anything", "nothing", "so"})
FINITE = frozenset({"VBD", "VBZ", "VBP"})
# a US party label after a politician's name: "R-Ky.", "D-N.Y.", "(D)", "I-Vt."
PARTY_LABEL = re.compile(r"[RDI]-[A-Z][A-Za-z.]*(?:-[A-Z][A-Za-z.]*)?|\([RDI](?:-[A-Z][A-Za-z.]*)?\)")
TIME_WORDS = frozenset(
    [
        "yesterday",
        "today",
        "tonight",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "month",
        "year",
    ]
)
PARENTHETICAL = lx.with_frame("parenthetical")
ADDRESSEE = lx.with_frame("addressee")
OBJECT = lx.with_frame("object")
INFINITIVE = lx.with_frame("infinitive")
EMPTY = lx.with_frame("empty")
ACTS = lx.with_frame("act")
NAMING = lx.with_frame("naming")
PREPOSITIONS = ("about", "for", "on", "to", "against", "of", "over", "at")
FIRST_PERSON = frozenset({"i", "we", "you"})
OBJECT_CATEGORIES = frozenset({"confirm_deny", "hedge"})


@dataclass(slots=True)
class Found:
    """One attribution in a sentence, in character offsets of the article and tokens of its Doc."""

    kind: AttributionKind
    cue: tuple[int, int] | None
    source: Token | None  # head token of the source phrase
    source_span: tuple[int, int] | None  # token range [start, end) of the source phrase in its Doc
    content: tuple[int, int] | None
    lemma: str  # the cue's lemma ("say", "according to", "reportedly")
    category: str  # the cue's category (speech, belief, ...; "hedge" for a sourceless hedge)
    content_after_colon: bool = False  # "He said:" with the quotation in what follows
    content_before: bool = False  # "Mr. Rosenthal said." after the quotation it reports
    counts: bool = True  # whether it attributes a claim (an intention, "plans to", does not)
    # the words that stand for the source in the cue's own clause when they are not the source phrase: the
    # relative pronoun of "Smith, who said ..." (the source phrase, Smith's, is the one resolved)
    shown: tuple[int, int] | None = None


def chars(tokens, base: int) -> tuple[int, int] | None:
    """Character offsets of a run of tokens, without punctuation and spaces at either end."""
    items = list(tokens)
    lo, hi = 0, len(items)
    while lo < hi and (items[lo].is_punct or items[lo].is_space):
        lo += 1
    while hi > lo and (items[hi - 1].is_punct or items[hi - 1].is_space):
        hi -= 1
    if lo >= hi:
        return None
    return base + items[lo].idx, base + items[hi - 1].idx + len(items[hi - 1].text)


def _is_time(token: Token) -> bool:
    """A time word or a date ("Tuesday", "this month"): never the source of a report."""
    return token.lower_ in TIME_WORDS or token.ent_type_ == "DATE"


def _names_a_source(noun: str) -> bool:
    """Whether a common noun names something a claim can rest on: a document, an unnamed person or group,
    an office or a role, an organisation."""
    return (
        noun in lx.DOCUMENT_NOUNS
        or noun in lx.ANONYMOUS_HEADS
        or noun in lx.TITLES_OFFICES
        or noun in lx.GENERIC_DESCRIPTORS
        or noun in lx.ORG_HEADS
    )


def _antecedent(relative_clause: Token) -> Token:
    """The noun a relative clause is about: its head, or the name that head is in apposition to ("Ann Roy,
    a hydrologist at the university, who said ...": Ann Roy, not the role)."""
    head = relative_clause.head
    if head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.pos_ == "PROPN":
        return head.head
    return head


def _child(token: Token, deps) -> Token | None:
    for child in token.children:
        if child.dep_ in deps:
            return child
    return None


def _infinitive(verb: Token) -> Token | None:
    """The to-infinitive after a verb, whatever relation the parser gave it ("urged Trump to make ...",
    "is believed to have lost ...")."""
    return next(
        (
            c
            for c in verb.children
            if c.i > verb.i
            and (
                c.dep_ == "xcomp"
                or (c.pos_ in ("VERB", "AUX") and any(m.lower_ == "to" and m.dep_ == "mark" for m in c.children))
            )
        ),
        None,
    )


def _says_not(verb: Token) -> bool:
    """A negated speech act: no statement ("did not respond", "would not say"); a negated belief still
    holds one ("He does not think so")."""
    lemma = verb_lemma(verb)
    return is_negated(verb) and (lemma is None or lx.REPORTING_VERB_CATEGORY.get(lemma) != "belief")


def is_negated(token: Token) -> bool:
    """'did not say', 'never confirmed'."""
    return any(c.dep_ in ("advmod", "neg") and c.lower_ in ("not", "n't", "never") for c in token.children)


def verb_lemma(token: Token) -> str | None:
    """The reporting-verb lemma of a token used as a verb, or None.

    A form the tagger took for a noun still counts when it heads a clause with a subject ("He worries
    that ...": "worries" tagged as a plural noun)."""
    lemma = lx.REPORTING_VERBS.get(token.lower_)
    if lemma is None and token.lemma_.lower() in lx.REPORTING_VERB_FORMS:
        lemma = token.lemma_.lower()
    if lemma is None:
        return None
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return lemma
    if (
        token.pos_ == "NOUN"
        and token.dep_ in ("ROOT", "ccomp", "conj", "parataxis")
        and (not any(c.dep_ == "det" for c in token.children) or (token.lower_.endswith("s") and token.lower_ != lemma))
        and any(
            c.dep_ in ("ccomp", "acl", "acl:relcl")
            and c.i > token.i
            and any(
                g.lower_ == "that" and (g.dep_ == "mark" or g.i == token.i + 1) for g in c.children
            )  # "The Post reports that ...", the "that" sometimes misparsed
            and any(g.dep_ in SUBJECTS or g.dep_ in PASSIVE_SUBJECTS for g in c.children)
            for c in token.children
        )
    ):
        return lemma  # "A new poll shows that ...", the verb tagged as a plural noun
    if (
        token.pos_ == "NOUN"
        and token.dep_ in SUBJECTS
        and token.lower_ != lemma
        and token.lower_.endswith("s")
        and token.i + 2 < len(token.doc)
        and token.doc[token.i + 1].lower_ == "that"
        and (
            token.doc[token.i + 2].pos_ in ("DET", "PRON", "PROPN", "NUM", "ADJ")
            or token.doc[token.i + 2].tag_ == "NNS"
        )
        and any(c.dep_ in ("compound", "nmod", "amod") and c.i < token.i for c in token.children)
    ):
        # "A city poll shows that residents ... have ...": the verb, tagged as a noun, taken with what it
        # reports for the subject of the reported clause (not "TV shows that air at night")
        return lemma
    noun_form = token.pos_ in ("NOUN", "PROPN") and token.lower_ != lemma and token.lower_.endswith("s")
    if noun_form and (_closes(token) or _introduces(token) or _inserted(token)):
        # "..., The Daily Ledger reports.", "The Daily Ledger reports:", "The issue, Roy notes, matters":
        # the verb, tagged as a noun
        return lemma
    return None


def _inserted(token: Token) -> bool:
    """Whether the word closes a short clause set off by commas inside a sentence, after a name or a
    pronoun: "The issue, Ann Roy notes, matters ..."."""
    doc = token.doc
    if token.i < 3 or token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
        return False
    j = token.i - 1
    if doc[j].pos_ not in ("PROPN", "PRON"):
        return False
    while j > 0 and token.i - j <= 4 and doc[j].pos_ == "PROPN":
        j -= 1
    return doc[j].text == "," or (doc[j].pos_ == "PRON" and doc[j - 1].text == ",")


def _introduces(token: Token) -> bool:
    """Whether the word follows a name and comes before a colon that opens what follows: "The Daily Ledger
    reports:"; not a byline of the outlet's own reporter ("Ledger's Ann Roy reports:", GUIDELINES.md: the
    outlet's own reporting is unattributed)."""
    doc = token.doc
    name = range(max(0, token.i - 6), token.i)
    return (
        token.i > 0
        and token.i + 1 < len(doc)
        and doc[token.i + 1].text == ":"
        and doc[token.i - 1].pos_ == "PROPN"
        and token.dep_ in ("ROOT", "compound", "flat")
        and not any(doc[k].tag_ == "POS" or doc[k].text in ("'", "’") for k in name)
    )


def _closes(token: Token) -> bool:
    """Whether the word ends its sentence after a comma and a noun phrase of names and nouns: "...,
    the Daily Ledger reports."
    """
    doc = token.doc
    k = token.i + 1
    while k < len(doc) and doc[k].text in QUOTE_CHARS:
        k += 1
    if k >= len(doc) or doc[k].text not in (".", "!", "?") or token.i == 0:
        return False
    j = token.i - 1
    while j > 0 and token.i - j <= 6 and (doc[j].pos_ in ("PROPN", "NOUN", "DET", "ADJ") or doc[j].tag_ == "POS"):
        j -= 1
    return j < token.i - 1 and doc[j].text == "," and doc[token.i - 1].pos_ in ("PROPN", "NOUN")


class SentenceFinder:
    """Finds the attributions of one sentence of a parsed paragraph."""

    def __init__(self, sentence: SpacySpan, base: int, limit: int) -> None:
        self.sent = sentence
        self.doc = sentence.doc
        self.base = base
        self.end = min(sentence.end, sentence.start + limit)  # bounded work on an endless sentence
        self.found: list[Found] = []
        self._cue_tokens: set[int] = set()
        self._quoted = self._quoted_tokens()
        self._headline = self._is_headline()

    def _is_headline(self) -> bool:
        """A title-case line standing alone ("New Poll Shows Bump For Mayor."): its verbs are tagged as names."""
        if self.sent.start != 0 or self.sent.end != len(self.doc):
            return False
        words = [t for t in self.sent if t.is_alpha and len(t.text) > 3]
        return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)

    def _quoted_tokens(self) -> list[bool]:
        """For each token of the sentence, whether it stands inside double quotation marks."""
        inside, out = False, []
        for k in range(self.sent.start, self.sent.end):
            text = self.doc[k].text
            if text in ("“", "„", "«", "``"):
                inside = True
                out.append(True)
            elif text in ("”", "»"):
                out.append(True)
                inside = False
            elif text in ('"', "''"):
                out.append(True)
                inside = not inside
            else:
                out.append(inside)
        return out

    def quoted(self, token: Token) -> bool:
        return self._quoted[token.i - self.sent.start]

    def find(self) -> list[Found]:
        for i in range(self.sent.start, self.end):
            if i in self._cue_tokens:
                continue
            token = self.doc[i]
            low = token.lower_
            if low in lx.SOURCE_AFTER_FIRST_WORDS and self._source_after(token):
                continue
            if low in lx.DOCUMENT_SETTINGS and self._document_setting(token):
                continue
            lemma = verb_lemma(token)
            if lemma is None and self._headline and self._headline_verb(token):
                continue
            if lemma is not None:
                self._verb(token, lemma)
            elif (
                (low in lx.HEDGE_PASSIVE_LEMMAS or token.lemma_.lower() in lx.HEDGE_PASSIVE_LEMMAS)
                and token.tag_ == "VBN"
                and any(c.dep_ in ("aux:pass",) or c.dep_ in PASSIVE_SUBJECTS for c in token.children)
            ):
                self._passive(token, token.lemma_.lower())
            elif (
                token.pos_ == "ADJ"
                and lx.REPORTING_VERBS.get(low) in lx.HEDGE_PASSIVE_LEMMAS
                and any(c.dep_ in ("cop", "aux:pass") for c in token.children)
            ):
                self._passive(token, lx.REPORTING_VERBS[low])  # "is rumoured to be", tagged as an adjective
            elif (token.pos_ == "ADJ" or token.tag_ == "VBN") and low in lx.STANCE_ADJECTIVES:
                self._stance_adjective(token)
            elif low in lx.HEDGE_ADVERBS:
                self._hedge_adverb(token)
            elif token.pos_ in ("NOUN", "PROPN") and (low in lx.CUE_NOUNS or low in lx.DOCUMENT_NOUNS):
                self._cue_noun(token)  # "his claim that ...", "a Daily Ledger report that ..."
        return self.found

    def _headline_verb(self, token: Token) -> bool:
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
        while k > self.sent.start and self.doc[k - 1].text[:1].isupper() and self.doc[k - 1].pos_ in ("PROPN", "NOUN"):
            k -= 1
        rest = [t for t in self.doc[token.i + 1 : self.end] if not (t.is_punct and t.i == self.end - 1)]
        if k == token.i or not rest:
            return False
        source = self.doc[token.i - 1]
        self.found.append(
            Found(
                AttributionKind.DIRECT_QUOTE if any(t.text in QUOTE_CHARS for t in rest) else AttributionKind.INDIRECT,
                self._cue([token]),
                source,
                (k, token.i),
                self._span(rest),
                lemma,
                lx.REPORTING_VERB_CATEGORY.get(lemma, "speech"),
                counts=False,  # a headline is no claim (GUIDELINES.md: not_a_claim); its attribution is shown only
            )
        )
        return True

    def _span(self, tokens) -> tuple[int, int] | None:
        return chars([t for t in tokens if self.sent.start <= t.i < self.sent.end], self.base)

    def _cue(self, tokens: list[Token]) -> tuple[int, int]:
        self._cue_tokens.update(t.i for t in tokens)
        return self.base + tokens[0].idx, self.base + tokens[-1].idx + len(tokens[-1].text)

    # --- reporting verbs ----------------------------------------------------------------------------

    def _verb(self, verb: Token, lemma: str) -> None:
        category = lx.REPORTING_VERB_CATEGORY.get(lemma, "speech")
        if verb.dep_ == "amod" or (
            verb.dep_ == "acl" and verb.tag_ == "VBN" and not self._that_clause(verb) and not self._root_name_s(verb)
        ):
            return  # "the said company", "a decision announced on Monday": a modifier, not a cue
        if lemma == "point" and not (
            any(c.dep_ == "compound:prt" or c.lower_ == "to" for c in verb.children)
            or (verb.i + 1 < self.sent.end and self.doc[verb.i + 1].lower_ in ("to", "out"))
        ):
            return  # "pointed to", "pointed out"; not "pointed the gun"
        if any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "aux:pass" for c in verb.children):
            self._passive(verb, lemma)
            return
        subject = _child(verb, SUBJECTS)
        to_come = False
        if (
            verb.tag_ == "VB"
            and any(c.lower_ == "to" and c.dep_ in ("mark", "aux") for c in verb.children)
            and subject is None
        ):
            if verb.dep_ != "xcomp" or _child(verb.head, SUBJECTS) is None:
                return  # "to show that", "to discuss": an infinitive, not a statement someone made
            # "went on to explain how ...", "refuses to discuss it": the subject's, but a statement to come or
            # wanted, not one made; kept, not deciding the status
            to_come = True
        clause = self._reporting_clause(verb, lemma in PARENTHETICAL) if category != "intention" else None
        source: Token | None
        if clause is not None:
            source, tokens = clause
            content, after_colon = self._span(tokens), False
        else:
            source = self._subject(verb, lemma)
            if source is not None and source.lower_ in NOT_SOURCES:
                return
            content, after_colon = self._content(verb, lemma, category, source)
        if content is None and source is not None and lemma in PARENTHETICAL and self._alone(verb, source):
            after_colon = False
            self.found.append(
                Found(
                    AttributionKind.DIRECT_QUOTE,
                    self._cue([verb]),
                    source,
                    self._source_span(source, verb),
                    None,
                    lemma,
                    category,
                    content_before=True,
                    shown=self._relative(verb, source),
                )
            )
            return
        acted = False
        if content is None and source is not None and source.lower_ not in NOT_SOURCES:
            content = self._act_object(verb, source)  # "the mayor is promoting her plans"
            acted = content is not None
        if content is None or (category == "intention" and source is None):
            return
        cue_tokens = [verb]
        particle = next((c for c in verb.children if c.dep_ == "compound:prt" and c.i == verb.i + 1), None)
        if particle is not None:
            cue_tokens.append(particle)
        span = self._source_span(source, verb) if source is not None else None
        kind = AttributionKind.DIRECT_QUOTE if self._is_quotation(content) else AttributionKind.INDIRECT
        # An intention ("wants to", "plans to", "decided to") or a speech act with only an object ("did not
        # address the tweets") is kept as an attribution, but reports an act, not a claim: it does not decide
        # the sentence's status (GUIDELINES.md: "No content, no attribution").
        self.found.append(
            Found(
                kind,
                self._cue(cue_tokens),
                source,
                span,
                content,
                lemma,
                category,
                after_colon,
                counts=category != "intention" and not acted and not to_come,
                shown=None if source is None else self._relative(verb, source),
            )
        )

    def _root_name_s(self, verb: Token) -> bool:
        """Whether a past form hung from a name the parser made the root, after the name's appositive, is that
        name's verb: "Ann Roy, director of the alliance, called for more funding" (the sentence has no
        other verb; not "Ann Roy, elected in May")."""
        head = verb.head
        return (
            head.dep_ == "ROOT"
            and head.pos_ == "PROPN"
            and head.i < verb.i
            and any(c.dep_ == "appos" and c.i < verb.i for c in head.children)
            and _child(verb, ("aux", "aux:pass", "obl:agent")) is None
            and not any(t.pos_ in ("VERB", "AUX") and t.i != verb.i and t.head.i == head.i for t in self.sent)
        )

    def _relative(self, verb: Token, source: Token) -> tuple[int, int] | None:
        """The relative pronoun that is the verb's subject when the source is its antecedent ("a number of
        cities that support ...", "Smith, who said ..."), as a token range."""
        if verb.dep_ != "acl:relcl" or source.i != _antecedent(verb).i:
            return None
        pronoun = next((c for c in verb.children if c.dep_ in SUBJECTS and c.lower_ in RELATIVE), None)
        return None if pronoun is None else (pronoun.i, pronoun.i + 1)

    def _act_object(self, verb: Token, source: Token) -> tuple[int, int] | None:
        """What a reporting verb with no reported content acts on: its noun object ("promoting her plans",
        "did not address the tweets") or the object of a preposition right after it ("responded to
        requests", "spoke out about the death")."""
        skip = set(range(*self._source_span(source, verb)))
        lemma = verb_lemma(verb)
        # a verb that reports only what it stands beside ("..., he added") acts on a plain object as any verb
        # does: "continue their attacks", "added a rule", "maintain the roads"
        frames = lx.VERB_FRAMES.get(lemma, frozenset()) if lemma is not None else frozenset()
        framed = not frames or not frames <= {"parenthetical", "empty"}
        for child in verb.children:
            if child.i <= verb.i or child.i in skip:
                continue
            if child.dep_ == "obj" and child.pos_ in ("NOUN", "PROPN", "NUM") and not self.quoted(child) and framed:
                return self._span(child.subtree)
            if child.dep_ in ("obl", "nmod"):
                # through the prepositions the verb's frame names, if it names any ("spoke about the
                # deaths", not "spoke to reporters", "spoke at a rally"), else any ("responded to requests")
                allowed = frames.intersection(PREPOSITIONS) or PREPOSITIONS
                case = next((g for g in child.children if g.dep_ == "case" and g.lower_ in allowed), None)
                if case is not None:
                    gap = [self.doc[k] for k in range(verb.i + 1, case.i)]
                    if all(t.dep_ in ("compound:prt", "advmod", "obl:tmod") for t in gap):
                        return self._span([t for t in child.subtree if t.i >= case.i])
        return None

    def _alone(self, verb: Token, source: Token) -> bool:
        """Whether the sentence is only its reporting clause ("Mr. Rosenthal said.", "Skaik said then.")."""
        words = [t for t in self.sent if not t.is_punct and not t.is_space]
        # a participle set off after it is the speaker's act, not more content: "Roy said, looking at the crowd."
        aside = {
            t.i
            for c in verb.children
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > verb.i and self.doc[c.i - 1].text == ","
            for t in c.subtree
        }
        return (
            not _says_not(verb)  # "Roy would not say.": no statement
            and len([t for t in words if t.i not in aside]) <= 8
            and not any(c.dep_ in ("obj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)
            and self.sent[0].i >= source.left_edge.i - 1
            and not any(
                t.pos_ in ("VERB", "AUX") and t.i != verb.i and t.head.i != verb.i and t.i not in aside
                for t in words
                if t.i > verb.i
            )
        )

    def _subject(self, verb: Token, lemma: str) -> Token | None:
        # The subject before the verb, unless it stands in a quotation the verb is outside of ("'This is a
        # precedent,' said X": the parser may take "precedent" for the subject); of two ("Millbrook resident
        # Peter Lang said" parsed as two), the one nearest the verb.
        before = [
            c
            for c in verb.children
            if c.dep_ in SUBJECTS and c.i < verb.i and not (self.quoted(c) and not self.quoted(verb))
        ]
        # not a time parsed as a second subject ("Acme just this month announced ...")
        before = [c for c in before if not _is_time(c)] or before
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
        if subject is None and lemma in PARENTHETICAL and self._follows_content(verb):
            inverted = self._inverted(verb)  # "'...,' said Sam Ortega"
            if inverted is not None and self._adjuncts_end(inverted.i + 1) is not None:
                # not when a clause follows the noun: "One of the lawyers, Ann Roy, said the videos show ..."
                return inverted
        if subject is None:
            subject = next(
                (c for c in verb.children if c.dep_ in SUBJECTS and c.i > verb.i and not _is_time(c)),
                None,
            )  # not "said Tuesday" parsed as the subject
        if subject is not None:
            if subject.pos_ in ("DET", "PRON", "NUM", "ADJ") and subject.lower_ not in RELATIVE:
                # "Another, Pelco, announced ...", "One, Acme, said ...": the name in apposition
                named = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
                if named is not None:
                    return named
            labelled = self._labelled_name(subject)
            if labelled is not None:
                return labelled
            if subject.lower_ in RELATIVE and verb.dep_ == "acl:relcl":
                return _antecedent(verb)  # "Smith, who said ..."
            if _is_time(subject):
                preceding = self.doc[subject.left_edge.i - 1] if subject.left_edge.i > self.sent.start else None
                if preceding is not None and preceding.pos_ in ("PROPN", "NOUN") and not _is_time(preceding):
                    return preceding  # "the court this month rejected": the noun phrase right before the time
                # "Yesterday, Dr Ray Dunmore, ..., said": the parser took the time for the subject
                name = next(
                    (
                        self.doc[k]
                        for k in range(subject.i + 1, min(verb.i, subject.i + 5))
                        if self.doc[k].pos_ == "PROPN"
                    ),
                    None,
                )
                if name is not None:
                    return name
            return subject
        head = verb.head
        if verb.dep_ in ("advcl", "xcomp", "conj", "dep") and head is not verb:
            # "X backs this up, saying that ...", "X said ... and added that ..."
            inherited = _child(head, SUBJECTS) or next(
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
                _child(governor, SUBJECTS) is None
                and governor.dep_ in ("advcl", "xcomp", "conj")
                and verb.tag_ == "VBG"
            ):
                governor = governor.head  # "X blocked Y from selling it, citing ...": X's, over the subjectless clause
            if governor is not head and _child(governor, SUBJECTS) is not None:
                return _child(governor, SUBJECTS)
        if verb.dep_ in ("acl", "xcomp", "dep") and head.i < verb.i:
            # a finite verb hung from a name the parser made the root ("Party Chairman Ann Roy called the
            # ruling a win"), also over a time between them ("Ann Roy on Wednesday called on ...") and with
            # the past tense tagged as a participle ("Roy called Lee a liar": not "Lee, called a liar by")
            named = head
            while named.dep_ != "ROOT" and _is_time(named):
                named = named.head
            if (
                named.dep_ == "ROOT"
                and named.pos_ in ("NOUN", "PROPN")
                and (
                    verb.tag_ in FINITE
                    or (verb.tag_ == "VBN" and _child(verb, ("obj",)) is not None)
                    or self._root_name_s(verb)
                )
                and _child(verb, ("aux", "aux:pass", "obl:agent")) is None
            ):
                return named
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ == "VBG":
            if _child(verb, ("mark",)) is not None:
                return None  # "apologize to Lee for accusing him": a clause, not a reduced relative
            if self.doc[verb.i - 1].text == "," and head.dep_ not in SUBJECTS:
                # "The ministry issued a statement, saying ...": the participle after a comma is the clause's
                # it closes, not its object's (over the words between: "tried to make the case that ...")
                governor = head.head
                for _ in range(6):
                    subject = _child(governor, SUBJECTS)
                    if subject is not None or governor.head is governor or governor.dep_ == "ROOT":
                        break
                    governor = governor.head
                if subject is not None and subject.i < verb.i:
                    return subject
            issuer = _child(head.head, SUBJECTS) if head.dep_ == "obj" else None
            document = head.lower_ in lx.DOCUMENT_NOUNS or head.lower_ in lx.CUE_NOUNS
            if document and issuer is not None and issuer.i < head.i:
                return issuer  # "The council issued a statement calling ...": the document's author speaks
            return head  # "officials speaking on condition of anonymity"
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and self._that_clause(verb):
            return head  # "The company confirmed ... that ..." parsed as a reduced relative
        if verb.tag_ in FINITE and verb.dep_ not in ("acl", "acl:relcl"):
            return self._left_subject(verb)
        if verb.tag_ == "VBG" and verb.dep_ not in ("acl", "acl:relcl", "amod"):
            # "Ukraine, while confirming an attack, ...": the noun phrase before the participle's clause
            k = verb.i - 1
            while k > self.sent.start and (self.doc[k].pos_ == "SCONJ" or self.doc[k].text == ","):
                k -= 1
            token = self.doc[k]
            if k < verb.i - 1 and token.pos_ in ("PROPN", "NOUN") and not self.quoted(token):
                return token
        return None

    def _labelled_name(self, subject: Token) -> Token | None:
        """The name before a party label the parser took for the subject ("Sen. Ann Roy, D-Ore., said",
        "Rep. Bo Li (R), said"): the head of the name right before the label's comma or bracket."""
        lo, hi = subject.left_edge.i, subject.right_edge.i + 1
        while lo < subject.i and self.doc[lo].text == ",":
            lo += 1
        while hi > subject.i + 1 and self.doc[hi - 1].text == ",":
            hi -= 1
        label = "".join(t.text for t in self.doc[lo:hi])
        if not PARTY_LABEL.fullmatch(label):
            return None
        k = lo - 1
        while k > self.sent.start and self.doc[k].text in (",", "("):
            k -= 1
        if k == lo - 1 and self.doc[lo].text != "(":
            return None  # a label is set off by a comma or its brackets
        name = self.doc[k]
        if name.pos_ != "PROPN" or self.quoted(name):
            return None
        while name.dep_ in ("flat", "compound") and name.head.i < k and name.head.i >= self.sent.start:
            name = name.head
        return name

    def _np_token(self, t: Token) -> bool:
        """A word that can stand inside a subject noun phrase ("a USA TODAY analysis of newly filed reports")."""
        return (
            (t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON") and t.lower_ not in RELATIVE)
            or t.tag_ in ("POS", "VBN")
            or (t.pos_ == "ADV" and t.lower_.endswith("ly"))
            or (t.pos_ == "ADP" and t.lower_ in ("of", "in", "for", "from", "at", "on", "with"))
            or (t.text in (".", "-", "'s", "’s", "&") and not t.is_sent_end)
        )

    def _adjuncts_end(self, k: int) -> int | None:
        """From token ``k`` after a reporting verb: where the adjuncts that may follow it end ("on Monday",
        "in a statement", "to reporters", ", an astronomer at the Institute"): the index of the sentence's
        end or of a comma that goes on with more of the content; None if a clause follows instead."""
        end = self.sent.end
        start = k
        while k < end and k - start <= 25:
            t = self.doc[k]
            if (t.is_punct and t.text in ".!?") or (t.text in QUOTE_CHARS and k + 1 >= end - 1):
                return end
            if t.text in (",", "—", "–", ";", ":") or t.text in QUOTE_CHARS:
                return k
            if (
                t.pos_ in ("VERB", "AUX")
                and t.tag_ in FINITE | {"MD"}
                and t.dep_ not in ("acl:relcl",)
                and not any(self.doc[j].lower_ in RELATIVE for j in range(start, k))
            ):
                return None
            if t.lower_ in ("that", "whether", "if") and t.dep_ == "mark":
                return None
            k += 1
        return end if k >= end else None

    def _reporting_clause(self, verb: Token, inverting: bool) -> tuple[Token, list[Token]] | None:
        """A reporting clause set off from what it reports, read on the words rather than the tree, so that a
        parse error does not lose it: '"...," said Smith.', '..., the source added.', 'The Central Bank, he
        continued, intervenes ...', '..., says Jane Holloway, a spokesperson for the school system.'
        Returns the source's head and the content's tokens."""
        doc, start, end = self.doc, self.sent.start, self.sent.end
        if _says_not(verb):
            return None  # "..., a spokeswoman, did not respond": no statement
        as_clause = self._as_clause(verb)
        if as_clause is not None:
            return as_clause
        k = verb.i - 1
        while k >= start and doc[k].pos_ in ("AUX", "ADV", "PART") and not doc[k].is_punct:
            k -= 1
        source = None
        if k >= start and (doc[k].text in (",", "—", "–") or (doc[k].text in QUOTE_CHARS and k > start)):
            # inverted: ', said Smith' / '," said Smith' (only the verbs used so: not "..., voiced concerns")
            subject = _child(verb, SUBJECTS)
            if (
                subject is not None
                and subject.left_edge.i == start
                and subject.pos_ in ("PROPN", "NOUN")
                and not any(doc[j].pos_ in ("VERB", "AUX") for j in range(start, k))
            ):
                return None  # "Acme Corp, the largest employer, noted the rule": the subject and its appositive
            source = self._inverted(verb) if inverting else None
            if source is None:
                return None
            left_end = k
            after = source.i + 1
        else:
            np_end = k
            while k >= start and np_end - k < 12 and self._np_token(doc[k]):
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
        stop = self._adjuncts_end(after)
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

    def _as_clause(self, verb: Token) -> tuple[Token, list[Token]] | None:
        """'Hawaii, as one of the mayor's advisers pointed out, rarely gets ...': an "as" clause set off by
        commas, read on the words; the noun phrase after "as" is the source, the rest of the sentence what
        it reports."""
        doc, start, end = self.doc, self.sent.start, self.sent.end
        j = verb.i - 1
        while j > start and verb.i - j <= 12 and self._np_token(doc[j]) and doc[j].lower_ != "as":
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

    def _follows_content(self, verb: Token) -> bool:
        """Whether the verb comes after what it reports: a quotation or a clause and a comma before it."""
        k = verb.i - 1
        while k >= self.sent.start and self.doc[k].pos_ in ("ADV", "AUX", "PART") and not self.doc[k].is_punct:
            k -= 1
        if k < self.sent.start:
            return False
        return self.doc[k].text in QUOTE_CHARS or (self.doc[k].text in (",", "—", "–", ":") and k > self.sent.start + 1)

    def _inverted(self, verb: Token) -> Token | None:
        """The subject right after a parenthetical verb: "said Sam Ortega", "said another person",
        "says the company", "said retired U.S. General James Rutherford"."""
        k = verb.i + 1
        if k >= self.sent.end or verb.tag_ in ("VBG", "TO", "VB"):
            return None  # "..., explaining the cuts amounted to ...": a participle has no inverted subject
        first = self.doc[k]
        if first.pos_ == "PRON":
            return first if first.lower_ in ("he", "she", "they", "we", "i") else None
        # the noun phrase after the verb: modifiers, then nouns and names; its head is its last noun
        last = None
        while k < self.sent.end and k <= verb.i + 10:
            t = self.doc[k]
            if t.pos_ in ("PROPN", "NOUN", "NUM") or (t.text[:1].isupper() and not t.is_punct):
                last = t
            elif (
                t.pos_ in ("DET", "ADJ") or t.tag_ == "POS" or (t.lower_ in ("-", ".", "'s", "’s") and last is not None)
            ):
                pass
            elif last is None and t.tag_ in ("VBN", "VBD") and t.lower_.endswith("ed"):
                pass  # "said retired U.S. General ...", "said embattled CEO ..."
            else:
                break
            k += 1
        if last is None or last.lower_ in NOT_SOURCES or _is_time(last):
            return None  # "'...,' the senator said Tuesday.": a time is never the speaker
        return last

    def _left_subject(self, verb: Token) -> Token | None:
        """The noun phrase before a finite verb the parser left without a subject: right before it (over
        an adverb or a parenthetical ", however,"), or before a comma- or dash-delimited relative clause or
        appositive ("A second vice-chancellor, who runs an elite research university, agreed")."""
        k = verb.i - 1
        while k >= self.sent.start:
            t = self.doc[k]
            if t.pos_ in ("AUX", "ADV", "PART") and not t.is_punct:
                k -= 1
            elif (
                t.text == ","
                and k - 2 >= self.sent.start
                and self.doc[k - 1].pos_ == "ADV"
                and self.doc[k - 2].text == ","
            ):
                k -= 3  # ", however,"
            else:
                break
        if k < self.sent.start:
            return None
        token = self.doc[k]
        if token.text in (",", "—", "–", ")") and k - 1 >= self.sent.start:
            # climb from the end of the inserted clause to the noun it modifies
            token, found = self.doc[k - 1], None
            for _ in range(12):
                if token.pos_ in ("NOUN", "PROPN") and token.i < verb.i:
                    found = token
                if token.head.i >= verb.i and any(c.dep_ in SUBJECTS and c.lower_ in RELATIVE for c in token.children):
                    found = None  # a relative clause the tree hangs from the verb: the noun before its pronoun
                    break
                if token.head is token or token.head.i >= verb.i or self.quoted(token.head):
                    break  # not into the quotation the clause follows ("'...,' Ann Roy, director of ..., said")
                token = token.head
            if found is None:
                found = self._before_relative(k)
            if found is None:
                return None
            token = found
        if token.pos_ not in ("NOUN", "PROPN", "PRON") or token.lower_ in NOT_SOURCES or self.quoted(token):
            return None
        while (
            token.head is not token
            and self.sent.start <= token.head.i < verb.i
            and token.head.pos_ in ("NOUN", "PROPN")
            and token.dep_ in ("nmod", "compound", "flat", "appos")
            and not self.quoted(token.head)
        ):
            token = token.head
        return self._labelled_name(token) or token  # "..." Rep. Ann Roy (D-Ore.) said: not the label

    def _before_relative(self, k: int) -> Token | None:
        """The noun before the relative pronoun that opens the clause ending at token ``k`` ("Ann Roy, a former
        aide who joined the campaign in May, said"), read on the words when the tree does not lead there."""
        for j in range(k - 1, max(self.sent.start, k - 25), -1):
            t = self.doc[j]
            if t.lower_ in ("who", "which") and t.tag_.startswith("W"):
                before = self.doc[j - 1] if j - 1 >= self.sent.start else None
                if before is not None and before.text == "," and j - 2 >= self.sent.start:
                    before = self.doc[j - 2]
                if before is not None and before.pos_ in ("NOUN", "PROPN") and not self.quoted(before):
                    return before
                return None
        return None

    def _content(
        self, verb: Token, lemma: str, category: str, source: Token | None
    ) -> tuple[tuple[int, int] | None, bool]:
        skip = set() if source is None else set(range(*self._source_span(source, verb)))
        if source is not None and source.i > verb.i:
            skip.update(range(verb.i + 1, source.i + 1))  # an inverted subject: "said retired General X"
        # of two clauses, the one after the verb ("Ann Roy, an aide who joined in May, said the plan ..." with
        # the relative clause parsed as a second complement)
        clauses = sorted(
            (c for c in verb.children if c.dep_ == "ccomp" and c.i not in skip), key=lambda c: c.i < verb.i
        )
        clause = clauses[0] if clauses else None
        if clause is None:
            clause = next((c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i), None)
        if clause is None and verb.pos_ == "NOUN" and verb.dep_ in SUBJECTS and verb.head.i > verb.i:
            # "A city poll shows that residents have ...": the reported clause is the one the verb was taken
            # to be the subject of
            return self._span(self.doc[verb.i + 1 : min(verb.head.right_edge.i + 1, self.sent.end)]), False
        if clause is None and verb.pos_ == "NOUN":
            # a verb the tagger took for a noun: its that-clause parsed as a relative clause
            clause = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ in ("acl", "acl:relcl")
                    and verb.i + 1 < self.sent.end
                    and self.doc[verb.i + 1].lower_ == "that"
                    and self.doc[verb.i + 1].head.i == c.i
                ),
                None,
            )
        if clause is None:
            # a that-clause the parser attached by another relation ("warned on Monday that ...": dep), or
            # hung from the setting ("said in an email that ...", "urged countries to keep ...")
            clause = self._that_clause(verb, skip)
        if clause is None and lemma in INFINITIVE:
            obj: Token | None  # here each object in turn; below, what _child() finds or None
            for obj in (c for c in verb.children if c.dep_ in ("obj", "iobj") and c.i > verb.i):
                clause = (
                    next(
                        (
                            g
                            for g in obj.children
                            if g.dep_ in ("acl", "xcomp") and any(m.lower_ == "to" for m in g.children)
                        ),
                        None,
                    )
                    or clause
                )
        if clause is None and (lemma in INFINITIVE or category == "intention"):
            clause = _infinitive(verb)  # "urged Trump to make ..."
        if clause is None and lemma in PARENTHETICAL:
            # "officials said the two raised $350 million": a clause with its own subject parsed as xcomp
            clause = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ == "xcomp"
                    and c.i > verb.i
                    and c.tag_ in ("VBD", "VBN", "VBZ", "VBP")
                    and any(g.dep_ in SUBJECTS for g in c.children)
                ),
                None,
            )
        if clause is None:
            # "He points out that universities ...", the "that" parsed as a subject: what follows it
            k = verb.i + 1
            while k < self.sent.end and self.doc[k].dep_ == "compound:prt":
                k += 1
            rest = self.doc[k + 1 : self.sent.end]
            if (
                k < self.sent.end
                and self.doc[k].lower_ == "that"
                and self.doc[k].head.i != verb.i
                and any(t.tag_ in FINITE | {"MD"} for t in rest)
            ):
                return self._span(self.doc[k : self.sent.end]), False
        if clause is None and lemma in PARENTHETICAL:
            # "officials said the two raised $350 million": the clause's subject parsed as the verb's object
            obj = _child(verb, ("obj",))
            after = self.doc[obj.right_edge.i + 1] if obj is not None and obj.right_edge.i + 1 < self.sent.end else None
            if (
                obj is not None
                and obj.i > verb.i
                and after is not None
                and after.head.i == verb.i
                and after.dep_ in ("xcomp", "ccomp", "dep")
                and after.tag_ in ("VBD", "VBN", "VBZ", "VBP", "MD")
            ):
                return self._span(self.doc[obj.left_edge.i : after.right_edge.i + 1]), False
        if clause is not None:
            if self._says_nothing(clause):
                return None, False
            return self._span([t for t in clause.subtree if t.i not in skip]), False
        # "As many tax experts have pointed out, Mr. Trump is free to ...": the clause the "as" clause modifies
        if (
            verb.dep_ == "advcl"
            and any(m.lower_ == "as" and m.dep_ == "mark" for m in verb.children)
            and verb.head.i > verb.i
        ):
            own = {t.i for t in verb.subtree}
            tokens = [t for t in verb.head.subtree if t.i not in own and t.i > verb.i]
            if tokens:
                return self._span(tokens), False
        # "'...,' he said": the verb hangs from the quotation or clause it follows
        if (
            verb.dep_ in ("parataxis", "ccomp")
            and verb.head.i < verb.i
            and lemma in PARENTHETICAL
            and not any(c.dep_ in ("obj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)
        ):  # not "..., and lawmakers will continue their attacks": a verb with its own object
            own = {t.i for t in verb.subtree}
            tokens = [t for t in verb.head.subtree if t.i not in own and t.i not in skip]
            if tokens:
                return self._span(tokens), False
        if (
            lemma in PARENTHETICAL
            and self._follows_content(verb)
            and (verb.dep_ == "ROOT" or (source is not None and source.i > verb.i))
            and not _says_not(verb)
        ):
            # the parser made the reporting verb the root: what stands before it is the content (its own
            # auxiliaries are not: "Ann Roy, a spokeswoman, did not respond")
            left = [
                t
                for t in self.doc[self.sent.start : verb.i]
                if t.i not in skip and not (t.head.i == verb.i and t.dep_ in ("aux", "aux:pass", "advmod"))
            ]
            if len([t for t in left if not t.is_punct]) >= 2:
                return self._span(left), False
        colon = self._after_colon(verb)
        if colon is not None:
            return colon
        frames = lx.VERB_FRAMES.get(lemma, frozenset())
        for child in verb.children:
            # "called for a ban", "pointed to the record", "warned against it": a prepositional object, also
            # a gerund's clause ("called for eliminating the tax break", its "for" parsed as the mark)
            if child.dep_ in ("obl", "obj", "nmod", "advcl") and child.i > verb.i and child.i not in skip:
                case = next(
                    (
                        g
                        for g in child.children
                        if (g.dep_ == "case" or (g.dep_ == "mark" and child.tag_ == "VBG")) and g.lower_ in PREPOSITIONS
                    ),
                    None,
                )
                if (
                    case is not None
                    and case.lower_ in frames
                    and case.i
                    == verb.i
                    + 1
                    + (1 if verb.i + 1 < self.sent.end and self.doc[verb.i + 1].dep_ == "compound:prt" else 0)
                ):
                    return self._span([t for t in child.subtree if t.i >= case.i]), False
            # "told reporters that ...": the that-clause hanging from the addressee
            if lemma in ADDRESSEE and child.dep_ in ("obj", "iobj") and child.i > verb.i:
                clause = next(
                    (
                        g
                        for g in child.children
                        if g.dep_ in ("acl", "ccomp", "acl:relcl")
                        and any(m.lower_ == "that" and m.dep_ == "mark" for m in g.children)
                    ),
                    None,
                )
                if clause is not None:
                    return self._span(clause.subtree), False
        if (
            (lemma in OBJECT or category in OBJECT_CATEGORIES or category in ("stance", "factive", "written", "belief"))
            and lemma not in ADDRESSEE
            and lemma not in ACTS
            and not is_negated(verb)
        ):
            xcomp = _child(verb, ("xcomp",))
            if xcomp is not None and xcomp.i > verb.i and xcomp.tag_ == "VBG" and _child(verb, ("obj",)) is None:
                return self._span(xcomp.subtree), False  # "has often cited improving mental health services"
            obj = _child(verb, ("obj",))
            if (
                obj is not None
                and obj.i > verb.i
                and obj.i not in skip
                and (
                    obj.pos_ in ("NOUN", "PROPN", "NUM")
                    or (
                        obj.pos_ == "PRON"
                        and (obj.lower_ not in NOT_SOURCES or obj.lower_ == "what")
                        and obj.i < verb.right_edge.i
                    )
                )
                and (obj.lemma_.lower() not in EMPTY)
            ):
                # the object and what completes it: "compares him to Trump", "confirmed the breach"
                end = verb.right_edge.i if obj.pos_ == "PRON" else obj.right_edge.i
                return self._span(self.doc[obj.left_edge.i : end + 1]), False
        if lemma in NAMING:
            # "called the charges unsubstantiated", "called half of Trump's supporters “deplorables”": an object
            # and what it is called (a word after it, or a quotation in it)
            objects = [c for c in verb.children if c.dep_ in ("obj", "xcomp") and c.i > verb.i and c.i not in skip]
            obj = _child(verb, ("obj",))
            if obj is not None and obj.i > verb.i and obj.i not in skip:
                rest = self.doc[obj.right_edge.i + 1 : self.sent.end]
                after = next((t for t in rest if not t.is_punct or t.text in QUOTE_CHARS), None)
                quoted = any(t.text in QUOTE_CHARS for t in obj.subtree) or (
                    after is not None and after.text in QUOTE_CHARS
                )
                if (
                    quoted
                    or len(objects) >= 2  # "called the merger a disaster": two objects
                    or (
                        after is not None and after.pos_ in ("ADJ", "NOUN", "PROPN") and after.head.i in (verb.i, obj.i)
                    )
                ):
                    return self._span(self.doc[obj.left_edge.i : verb.right_edge.i + 1]), False
                if verb.dep_ == "acl:relcl" and verb.head.lower_ == "what" and verb.head.i < verb.i:
                    return self._span(obj.subtree), False  # "after what she called a rapid decline"
        # "Investigators said a patrol unit turned ...": a clause after a saying verb the parser did not
        # attach as its complement
        # ("Sanders said the tax breaks used by Trump “do nothing to boost the economy”": a clause parsed as
        # an object and a parataxis)
        if (
            lemma in PARENTHETICAL
            and category in ("speech", "belief", "hedge")
            and not any(c.i > verb.i and c.dep_ in ("xcomp", "ccomp", "mark") for c in verb.children)
        ):
            tail = [self.doc[k] for k in range(verb.i + 1, self.sent.end) if k not in skip]
            obj = _child(verb, ("obj",))
            clause_like = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ not in ("acl:relcl",) for t in tail) or (
                lemma == "say" and obj is not None and obj.pos_ in ("NOUN", "PROPN")
            )  # "say X's advantage obscures ..."
            if len([t for t in tail if not t.is_punct]) >= 4 and clause_like and lemma not in ADDRESSEE:
                return self._span(tail), False
        # "said “...": a quotation right after the verb
        k = verb.i + 1
        while k < self.sent.end and self.doc[k].text in ",:":
            k += 1
        if k < self.sent.end and self.doc[k].text in QUOTE_CHARS and lemma in PARENTHETICAL:
            return self._span(self.doc[k : self.sent.end]), False
        return None, False

    def _that_clause(self, verb: Token, skip: set[int] | None = None) -> Token | None:
        """A that- or whether-clause after the verb, hanging from it by any relation or from a setting
        noun of it ("in an email that ...")."""
        skip = skip or set()
        for child in verb.children:
            if child.i <= verb.i or child.i in skip:
                continue
            candidates = [child]
            if child.dep_ in ("obl", "nmod"):  # "in an email that ...", "on its website that ..."
                candidates.extend(g for g in child.children if g.i > child.i)
            for c in candidates:
                if c.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PRON") and any(
                    m.dep_ == "mark" and m.lower_ in ("that", "whether") for m in c.children
                ):
                    return c
        return None

    def _after_colon(self, verb: Token) -> tuple[tuple[int, int] | None, bool] | None:
        """'He said:' -- what follows in the sentence, or, at its end, the next sentence (marked)."""
        k = verb.i + 1
        while k < self.sent.end and k <= verb.i + 4 and self.doc[k].text != ":":
            if self.doc[k].text in ".;!?" or self.doc[k].pos_ == "VERB":
                return None
            k += 1
        if k >= self.sent.end or self.doc[k].text != ":":
            return None
        rest = self._span(self.doc[k + 1 : self.sent.end])
        if rest is not None:
            return rest, False
        colon = self.base + self.doc[k].idx
        return (colon, colon + 1), True

    def _says_nothing(self, clause: Token) -> bool:
        """A complement that says nothing: "declined to comment", "would not say"."""
        words = [t for t in clause.subtree if not t.is_punct and t.dep_ not in ("mark", "aux", "advmod", "cop")]
        if not words:
            return True
        return (len(words) <= 2 and clause.lemma_.lower() in EMPTY | {"do", "so"}) or all(
            t.pos_ in ("PRON", "ADP", "PART", "DET") for t in words
        )

    def _is_quotation(self, content: tuple[int, int]) -> bool:
        start, end = content[0] - self.base, content[1] - self.base
        return any(
            start - 3 <= self.doc[k].idx <= end + 2 and self.doc[k].text in QUOTE_CHARS
            for k in range(self.sent.start, self.sent.end)
        )

    def _phrase(self, source: Token, cue: Token) -> list[Token]:
        """The tokens of the source's noun phrase: its subtree over noun-phrase relations only (a parser that
        made the subject the sentence's root hangs the whole clause from it), without any part that holds
        the cue ("Smith, who said ..."), inside the sentence."""
        out = [source]
        stack = [c for c in source.children]
        while stack:
            t = stack.pop()
            if t.dep_ not in NP_RELATIONS or not self.sent.start <= t.i < self.sent.end:
                continue
            if t.left_edge.i <= cue.i <= t.right_edge.i:
                continue
            if t.i > source.i and _is_time(t) and t.dep_ not in ("flat",):
                continue  # "Ann Roy on Wednesday called ...": the time hung from the name is not part of it
            out.append(t)
            stack.extend(t.children)
        return sorted(out, key=lambda t: t.i)

    def _source_span(self, source: Token, cue: Token) -> tuple[int, int]:
        """Token range of the source phrase (``_phrase``), contiguous, without punctuation at its ends."""
        tokens = [t for t in self._phrase(source, cue) if not t.is_punct] or [source]
        lo, hi = tokens[0].i, tokens[-1].i + 1
        if lo < cue.i < hi:
            lo, hi = (lo, cue.i) if source.i < cue.i else (cue.i + 1, hi)
        while hi > lo + 1 and self.doc[hi - 1].is_punct:
            hi -= 1
        while lo < hi - 1 and (self.doc[lo].is_punct or self.doc[lo].dep_ == "case"):
            lo += 1
        return lo, hi

    def _stance_adjective(self, adjective: Token) -> None:
        """'Experts are concerned that ...', 'AI experts are increasingly troubled by those demands': the
        subject of "be" + an adjective of opinion holds the view in its complement."""
        if not any(
            (c.dep_ in ("cop", "aux", "aux:pass") and c.lemma_.lower() in ("be", "become", "grow", "remain"))
            or c.dep_ == "cop"
            for c in adjective.children
        ):
            return
        subject = _child(adjective, SUBJECTS) or _child(adjective, PASSIVE_SUBJECTS)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN", "PRON") or subject.lower_ in NOT_SOURCES:
            return
        complement = self._that_clause(adjective) or next(
            (
                c
                for c in adjective.children
                if c.i > adjective.i
                and c.dep_ in ("obl", "obl:agent", "nmod", "ccomp", "xcomp", "advcl")
                and (
                    c.dep_ in ("ccomp", "xcomp", "advcl")
                    or any(
                        g.dep_ == "case" and g.lower_ in ("about", "by", "over", "with", "of", "that")
                        for g in c.children
                    )
                )
            ),
            None,
        )
        if complement is None:
            return
        content = self._span(complement.subtree)
        if content is not None:
            cue = self._cue([adjective])
            self.found.append(
                Found(
                    AttributionKind.INDIRECT,
                    cue,
                    subject,
                    self._source_span(subject, adjective),
                    content,
                    adjective.lower_,
                    "belief",
                )
            )

    # --- passives and hedges ------------------------------------------------------------------------

    def _passive(self, verb: Token, lemma: str) -> None:
        agent = next(
            (
                c
                for c in verb.children
                if c.dep_ == "obl:agent"
                or (c.dep_ == "obl" and any(g.lower_ == "by" and g.dep_ == "case" for g in c.children))
            ),
            None,
        )
        expletive = any(
            c.dep_ in ("expl", "expl:pass") or (c.dep_ in PASSIVE_SUBJECTS and c.lower_ == "it") for c in verb.children
        )
        clause = _child(verb, ("ccomp",)) or _infinitive(verb)
        subject = _child(verb, PASSIVE_SUBJECTS) or (_child(verb, SUBJECTS) if verb.pos_ == "ADJ" else None)
        if agent is not None and agent.pos_ in ("NOUN", "PROPN", "PRON"):
            # "was announced by the ministry", "it was reported by Reuters that ..."
            if clause is not None:
                content = self._span(clause.subtree)
            elif subject is not None and not expletive:
                content = self._span(subject.subtree)
            else:
                return
            if content is not None:
                category = lx.REPORTING_VERB_CATEGORY.get(lemma, "speech")
                self.found.append(
                    Found(
                        AttributionKind.INDIRECT,
                        self._cue([verb]),
                        agent,
                        self._source_span(agent, verb),
                        content,
                        lemma,
                        category,
                    )
                )
            return
        if lemma not in lx.HEDGE_PASSIVE_LEMMAS:
            subject = subject or _child(verb, SUBJECTS)  # the parser sometimes gives a passive a plain subject
            if subject is not None and not expletive and verb.pos_ == "VERB":
                # "He has been criticized for policies that ...", "was accused of using ...": a report whose
                # source the text does not give; kept, not deciding the status (it is no hedge either)
                after = [c for c in verb.children if c.i > verb.i and c.dep_ in ("obl", "xcomp", "advcl", "ccomp")]
                tokens = [t for c in after for t in c.subtree] or list(subject.subtree)
                content = self._span(sorted(tokens, key=lambda t: t.i))
                if content is not None:
                    category = lx.REPORTING_VERB_CATEGORY.get(lemma, "speech")
                    self.found.append(
                        Found(
                            AttributionKind.INDIRECT,
                            self._cue([verb]),
                            None,
                            None,
                            content,
                            lemma,
                            category,
                            counts=False,
                        )
                    )
            return
        # "it is believed that ...", "X is said to ...", "X was assumed to be beyond repair"
        if clause is not None:
            tokens = list(clause.subtree)
            if clause.dep_ != "ccomp" and subject is not None and not expletive:
                tokens = sorted([*subject.subtree, *tokens], key=lambda t: t.i)
        elif subject is not None and subject.dep_ == "csubj:pass":
            tokens = list(subject.subtree)
        else:
            return
        content = self._span(tokens)
        if content is None:
            return
        aux = [c for c in verb.children if c.dep_ in ("aux:pass", "aux") and c.i < verb.i]
        cue = self._cue([verb])
        if aux:
            cue = (self.base + aux[-1].idx, cue[1])
        self.found.append(Found(AttributionKind.HEDGE, cue, None, None, content, lemma, "hedge"))

    def _hedge_adverb(self, adverb: Token) -> None:
        head = adverb.head if adverb.head is not adverb else adverb
        own = {t.i for t in adverb.subtree}
        tokens = [t for t in head.subtree if t.i not in own] if head is not adverb else list(self.sent)
        content = self._span(tokens)
        if content is not None:
            self.found.append(
                Found(AttributionKind.HEDGE, self._cue([adverb]), None, None, content, adverb.lower_, "hedge")
            )

    # --- "according to X" ---------------------------------------------------------------------------

    def _fronted(self, phrase: Token) -> bool:
        """Whether the phrase at the sentence's start is set off by a comma after it."""
        k = max(t.i for t in phrase.subtree if not t.is_punct) + 1
        return k < self.sent.end and self.doc[k].text == ","

    def _document_setting(self, case: Token) -> bool:
        """'In the latest Gallup poll, the mayor leads by 5 points', 'by one estimate': a figure or finding
        set in a document that the preposition names; the document is the source, the rest what it says."""
        noun = case.head
        if (
            case.dep_ != "case"
            or noun.i < case.i
            or noun.pos_ != "NOUN"
            or noun.lower_ not in lx.DOCUMENT_SETTINGS[case.lower_]
            or self.quoted(case)
            or not any(c.dep_ in ("det", "amod", "nummod", "compound", "nmod:poss") for c in noun.children)
            # of a clause, also fronted ("By one estimate, ..."); not "his rise in the polls": a standing
            or not (noun.dep_ == "obl" or (case.i == self.sent.start and self._fronted(noun)))
            or verb_lemma(noun.head) is not None  # "noted in its annual report": where a source said it
        ):
            return False
        phrase = {t.i for t in noun.subtree} | {case.i}
        rest = [t for t in self.sent if t.i not in phrase]
        content = self._span(rest)
        if content is None or sum(1 for t in rest if t.pos_ in ("VERB", "AUX")) == 0:
            return False
        words = [t.i for t in noun.subtree if not t.is_punct and t.i != case.i]
        lo, hi = min(words), max(words) + 1
        cue = self._cue([case])
        self.found.append(Found(AttributionKind.ACCORDING_TO, cue, noun, (lo, hi), content, case.lower_, "speech"))
        return True

    def _source_after(self, first: Token) -> bool:
        phrase_end = None
        for candidate in lx.SOURCE_AFTER_PHRASES.get(first.lower_, ()):
            words = candidate.split()
            end = first.i + len(words)
            if end <= self.sent.end and [self.doc[k].lower_ for k in range(first.i, end)] == words:
                phrase_end = end
                break
        if phrase_end is None or phrase_end >= self.sent.end:
            return False
        nxt = self.doc[phrase_end]
        if first.lower_ == "per" and not (nxt.pos_ == "PROPN" or nxt.lower_ == "the"):
            return False  # "$5 per hour"
        if first.lower_ in ("citing", "quoting") and first.dep_ not in ("advcl", "acl", "xcomp", "case"):
            return False
        source = None
        for k in range(phrase_end, min(self.sent.end, phrase_end + 12)):
            t = self.doc[k]
            if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                source = t
                while (
                    source.head is not source
                    and phrase_end <= source.head.i < self.sent.end
                    and source.dep_ in ("compound", "flat", "amod", "nmod:poss", "det", "nummod")
                ):
                    source = source.head
                break
        if source is None:
            return False
        if (
            first.lower_ in ("citing", "quoting")
            and source.pos_ == "NOUN"
            and not _names_a_source(source.lower_)
            and not any(c.dep_ in ("nmod", "nmod:poss") and c.pos_ in ("PROPN", "PRON") for c in source.children)
        ):
            # "blocked the sale, citing a threat to public health": a reason the subject gives, not a source
            # it relies on (as "citing federal data", "citing officials", "citing a report by ...")
            return False
        tokens = [t for t in source.subtree if phrase_end <= t.i < self.sent.end]
        lo = min(t.i for t in tokens) if tokens else source.i
        hi = max(t.i for t in tokens) + 1 if tokens else source.i + 1
        while hi > lo + 1 and self.doc[hi - 1].is_punct:
            hi -= 1  # "according to Reuters,": not the comma
        # the content: the rest of the sentence, the larger side of the phrase
        before = [t for t in self.sent if t.i < first.i]
        after = [t for t in self.sent if t.i >= hi]
        content_words = [t for t in before if not t.is_punct], [t for t in after if not t.is_punct]
        content = self._span(before if len(content_words[0]) >= len(content_words[1]) else after)
        if content is None:
            return False
        cue = self._cue([self.doc[k] for k in range(first.i, phrase_end)])
        lemma = " ".join(self.doc[k].lower_ for k in range(first.i, phrase_end))
        self.found.append(Found(AttributionKind.ACCORDING_TO, cue, source, (lo, hi), content, lemma, "speech"))
        return True

    # --- speech nouns -------------------------------------------------------------------------------

    def _cue_noun(self, noun: Token) -> None:
        """'his claim that ...', 'a statement by the ministry that ...', "Trump's tweet that ..."."""
        source = next((c for c in noun.children if c.dep_ == "nmod:poss"), None) or next(
            (
                c
                for c in noun.children
                if c.dep_ == "nmod"
                and c.i > noun.i
                and c.pos_ in ("PROPN", "NOUN")
                and any(g.lower_ in ("by", "from") and g.dep_ == "case" for g in c.children)
            ),
            None,
        )
        if source is None:
            # "a Daily Ledger report that ...": the name before the noun
            source = max(
                (c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < noun.i),
                key=lambda c: c.i,
                default=None,
            )
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "ccomp")
                and c.i > noun.i
                and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
            ),
            None,
        )
        if source is None or source.lower_ in NOT_SOURCES:
            return
        if clause is not None:
            content = self._span(clause.subtree)
        elif noun.i + 1 < self.end and self.doc[noun.i + 1].lower_ == "that" and self.doc[noun.i + 1].dep_ == "mark":
            # "the mayor's claim that there have been ...", the clause misattached: what follows, to the end
            # of the sentence or a semicolon
            k = noun.i + 1
            while k < self.end and self.doc[k].text != ";":
                k += 1
            content = self._span([t for t in self.doc[noun.i + 1 : k] if not (t.is_punct and t.i == k - 1)])
        else:
            return
        if content is not None:
            self.found.append(
                Found(
                    AttributionKind.INDIRECT,
                    self._cue([noun]),
                    source,
                    self._source_span(source, noun),
                    content,
                    noun.lower_,
                    lx.CUE_NOUN_CATEGORY.get(noun.lower_, "speech"),
                )
            )


def find_attributions(sentence: SpacySpan, base: int, limit: int) -> list[Found]:
    """The attributions of one parsed sentence (``base``: the article offset of the sentence's Doc)."""
    return SentenceFinder(sentence, base, limit).find()

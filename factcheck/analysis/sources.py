"""The sources of one article: what each attribution's source phrase refers to.

The article's names are read first, by ``cast.Cast``: every proper name, linked across mentions, with
what any mention says about it and whether it is a person or an organisation.

``Registry`` then turns each attribution's source phrase into a registry entry, in text order: a name
becomes its cast member; "he"/"she" the nearest earlier person of that gender who spoke or was named;
"it" and definite descriptions ("the airline", "the ministry", "the director") the nearest compatible
named source; "they" a group named just before; unnamed people ("officials", "a senior official") an
anonymous group of that description; a document the document (identified or not).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from factcheck.analysis import lexicons as lx
from factcheck.analysis.cast import Cast, Member, run_head
from factcheck.analysis.common_nouns import SPOKESPEOPLE, describe_common
from factcheck.analysis.identity import HUMAN_SUFFIXES, IDENTIFYING_TITLES
from factcheck.analysis.mentions import Mention, describe_name
from factcheck.analysis.model import Source, SourceType, Span
from factcheck.analysis.names import is_propn, name_run

ORG_KINDS = frozenset({"organisation", "government", "outlet"})
# How many sentences back a pronoun or definite description looks for what it refers to.
PRONOUN_WINDOW = 8
DESCRIPTION_WINDOW = 40
# "the company" / "the airline" / "the ministry": heads that refer to an organisation or government body.
ORG_DESCRIPTIONS = (
    lx.ORG_HEADS
    | lx.OUTLET_HEADS
    | frozenset(
        {
            "airline",
            "carrier",
            "company",
            "firm",
            "group",
            "retailer",
            "supermarket",
            "chain",
            "bank",
            "insurer",
            "lender",
            "automaker",
            "manufacturer",
            "operator",
            "utility",
            "charity",
            "nonprofit",
            "organisation",
            "organization",
            "institution",
            "university",
            "school",
            "district",
            "feds",
            "force",
            "service",
            "city",
            "county",
            "state",
        }
    )
)


@dataclass(slots=True)
class Entry:
    """A registry entry: the Source reported, and how to find it again."""

    source: Source
    kind: str  # person, organisation, government, outlet, document, group
    member: Member | None = None
    gender: str | None = None
    plural: bool = False
    head: str = ""
    identified: bool = True  # documents: named by the text
    pseudonym: bool = False
    why: str = ""  # what establishes (or fails to establish) a person's identity
    last_sentence: int = -1


class Registry:
    """The distinct sources of one article, in order of first mention."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.entries: list[Entry] = []
        self._by_member: dict[int, Entry] = {}
        self._by_phrase: dict[str, Entry] = {}
        self._history: list[Entry] = []  # entries in order of their mentions, for pronouns
        self._person_history: list[tuple[int, Member]] = []  # (sentence, member) of every person name
        self._documents: dict[str, Entry] = {}  # head noun -> the identified document it names
        self.paragraphs: list[int] = []  # the paragraph (block index) of each sentence, set by the engine
        self._spokesperson: tuple[int, Entry] | None = None  # the last spokesperson's sentence and body

    def note_names(self, sentence_index: int, doc, start: int, end: int, base: int) -> None:
        """Remember the people named in a sentence (candidate antecedents of a later he/she), and let a
        definite description with an office that follows a person's name identify them ("Bloomberg ... the
        former New York mayor's debut")."""
        k = start
        while k < end:
            token = doc[k]
            if is_propn(token) and token.lower_ not in lx.TITLE_CATEGORY:
                lo, hi = name_run(token)
                mention = self.cast.run_at(doc, lo) or describe_name(run_head(doc, lo, hi), base)
                member = self.cast.find(mention)
                if member is not None and member.kind == "person":
                    self._person_history.append((sentence_index, member))
                k = max(hi, k + 1)
                continue
            low = token.lower_
            if (
                token.pos_ in ("NOUN", "PROPN")
                and lx.TITLE_CATEGORY.get(low) in IDENTIFYING_TITLES
                and any(c.lower_ == "the" for c in token.children)
                and not any(is_propn(c) and c.dep_ in ("flat", "appos") for c in token.children)
            ):
                recent = [m for i, m in self._person_history[-3:] if sentence_index - i <= 1]
                if len({id(m) for m in recent}) == 1 and not any(x.identity for x in recent[-1].mentions):
                    member = recent[-1]
                    description = doc[token.left_edge.i : token.i + 1].text
                    member.mentions.append(
                        Mention(
                            kind="person",
                            name=member.name,
                            start=base + doc[token.left_edge.i].idx,
                            end=base + token.idx + len(token.text),
                            key=member.key,
                            identity=description,
                        )
                    )
                    entry = self._by_member.get(id(member))
                    if entry is not None and not entry.source.identifiable and not entry.pseudonym:
                        entry.source.identifiable, entry.why = True, description
            k += 1

    def paragraph_of(self, sentence_index: int) -> int:
        """The paragraph (block index) of a sentence, -1 if unknown."""
        return self.paragraphs[sentence_index] if 0 <= sentence_index < len(self.paragraphs) else -1

    def named_in(self, first: int, last: int) -> list[Member]:
        """The people named in sentences first..last (indices), in order of mention."""
        return [m for i, m in self._person_history if first <= i <= last]

    def entry_of(self, member: Member) -> Entry:
        """The registry entry of a cast member (created on first use)."""
        return self._member_entry(member, member.mentions[0])

    def resolve(self, head: Token, span: tuple[int, int], base: int, sentence_index: int) -> Entry | None:
        """The entry the source phrase at ``head`` (token range ``span``) refers to, or None."""
        mention = self._mention(head, span, base)
        entry = self._entry_for(mention, sentence_index, base)
        if (
            entry is not None
            and entry.kind in ORG_KINDS
            and any(t.lower_ in SPOKESPEOPLE for t in head.doc[span[0] : span[1]])
        ):
            self._spokesperson = (sentence_index, entry)  # "he" may be the spokesperson next
        if entry is not None:
            entry.source.mentions.append(Span(mention.start, mention.end, ""))
            entry.last_sentence = sentence_index
            self._history.append(entry)
        return entry

    def _mention(self, head: Token, span: tuple[int, int], base: int) -> Mention:
        if is_propn(head) or (
            head.text[:1].isupper() and (head.lower_ in self.cast.members or head.lower_ in self.cast.by_surname)
        ):
            # a name (also a capitalised word the tagger missed at a sentence start: "Green accepts")
            return describe_name(head, base)
        return describe_common(head, span, base)

    def _entry_for(self, mention: Mention, sentence_index: int, base: int) -> Entry | None:
        kind = mention.kind
        if mention.key and kind in ("person", "organisation", "government", "outlet", "place"):
            member = self.cast.find(mention) or self.cast.add(mention)
            return self._member_entry(member, mention)
        if kind == "none":
            return None
        if kind == "pronoun":
            return self._pronoun(mention, sentence_index)
        if kind == "description":
            return self._description(mention, sentence_index)
        if kind in ("spokesperson", "tied"):
            return self._tied(mention, sentence_index, base)
        if kind == "document":
            return self._document(mention)
        if kind in ORG_KINDS:
            return self._org_description(mention, sentence_index, kind)
        entry = self._phrase_entry(mention, SourceType.GROUP, "group")
        entry.pseudonym = entry.pseudonym or mention.pseudonym
        return entry

    def _member_entry(self, member: Member, mention: Mention) -> Entry:
        entry = self._by_member.get(id(member))
        if entry is not None:
            return entry
        kind = member.kind
        if kind == "person":
            identity = member.first("identity")
            generic = member.first("generic")
            pseudonym = member.pseudonym
            identifiable = identity is not None and not pseudonym
            if pseudonym:
                why = "a pseudonym: the text says this is not the person's real name"
            elif identity is not None:
                why = identity
            elif generic is not None:
                why = f"only '{generic}': no office, employer or affiliation a reader could check"
            else:
                why = "no description anywhere in the article: the text never says who this is"
            source = Source(
                len(self.entries),
                member.name,
                SourceType.PERSON,
                member.first("descriptor"),
                member.first("affiliation"),
                identifiable,
            )
            entry = Entry(source, "person", member, gender=member.gender, pseudonym=pseudonym, why=why)
        else:
            source_type = {"government": SourceType.GOVERNMENT, "outlet": SourceType.OUTLET}.get(
                kind, SourceType.ORGANISATION
            )
            source = Source(len(self.entries), member.name, source_type, member.first("descriptor"), None, True)
            entry = Entry(source, kind, member, head=member.key.split()[-1] if member.key else "")
        self.entries.append(entry)
        self._by_member[id(member)] = entry
        return entry

    def _phrase_entry(self, mention: Mention, source_type: SourceType, kind: str, identified: bool = False) -> Entry:
        key = f"{kind}:{mention.name.lower()}"
        entry = self._by_phrase.get(key)
        if entry is None:
            name = mention.name
            source = Source(
                len(self.entries),
                name,
                source_type,
                None,
                mention.affiliation,
                identified if kind == "document" else kind != "group",
            )
            entry = Entry(source, kind, plural=mention.plural, head=mention.head, identified=identified)
            if kind == "group":
                entry.why = "unnamed: " + (
                    "the text grants anonymity" if mention.anonymous_marker else "no name is given"
                )
            self.entries.append(entry)
            self._by_phrase[key] = entry
        return entry

    def _recent(self, sentence_index: int, window: int, accept) -> Entry | None:
        for entry in reversed(self._history[-50:]):
            if sentence_index - entry.last_sentence > window:
                break
            if accept(entry):
                return entry
        return None

    def _pronoun(self, mention: Mention, sentence_index: int) -> Entry | None:
        low = mention.head
        if low in ("he", "she", "him", "her"):
            gender = mention.gender

            def person(entry: Entry) -> bool:
                return entry.kind == "person" and (entry.gender in (None, gender))

            speaker = self._recent(sentence_index, PRONOUN_WINDOW, person)
            named = None
            for index, member in reversed(self._person_history[-30:]):
                if sentence_index - index > PRONOUN_WINDOW:
                    break
                if member.gender in (None, gender):
                    named = (index, member)
                    break
            if (
                self._spokesperson is not None
                and sentence_index - self._spokesperson[0] <= PRONOUN_WINDOW
                and (speaker is None or speaker.last_sentence < self._spokesperson[0])
                and (named is None or named[0] < self._spokesperson[0])
            ):
                return self._spokesperson[1]  # "A spokesperson for the university said ... He added that ..."
            # the person just named takes the pronoun over an earlier speaker when they differ in gender, or
            # when a later paragraph than the speaker's introduced them ("Finn Aldous, a student, is helping to
            # rally support." then "'...,' he says.")
            if named is not None and (
                speaker is None
                or (
                    named[0] > speaker.last_sentence
                    and (
                        (named[1].gender == gender and speaker.gender != gender)
                        or (
                            self.paragraph_of(named[0]) > self.paragraph_of(speaker.last_sentence)
                            and named[1].first("identity")
                        )
                    )
                )
            ):
                return self._gendered(self._member_entry(named[1], mention), gender)
            if speaker is not None:
                return self._gendered(speaker, gender)
            if named is not None:
                return self._gendered(self._member_entry(named[1], mention), gender)
            return None
        if low in ("it", "its"):
            return self._recent(sentence_index, PRONOUN_WINDOW, lambda e: e.kind in ORG_KINDS or e.kind == "document")
        if low in ("they", "them", "we"):
            found = self._recent(
                sentence_index,
                2 if low == "they" else PRONOUN_WINDOW,
                lambda e: (e.kind == "group" and e.plural) or e.kind in ORG_KINDS,
            )
            if found is None:
                # "..., they say": people the text does not name
                found = self._phrase_entry(mention, SourceType.GROUP, "group")
            return found
        if low == "relative":
            return None
        return None

    @staticmethod
    def _gendered(entry: Entry, gender: str | None) -> Entry:
        """A pronoun that refers to a person tells their gender, for the next pronoun ("Karim Abu Salem ...
        he said" then "she" is someone else)."""
        if gender is not None and entry.gender is None:
            entry.gender = gender
            if entry.member is not None:
                for m in entry.member.mentions:
                    m.gender = m.gender or gender
        return entry

    def _description(self, mention: Mention, sentence_index: int) -> Entry | None:
        """'the director', 'the former mayor': the person named before with that description; else an
        unnamed person (anonymous). 'authorities': the government body named before."""
        head = mention.head
        if head == "authorities":
            found = self._recent(sentence_index, DESCRIPTION_WINDOW, lambda e: e.kind == "government")
            if found is None:
                # the article names a government body (a police force, an agency) somewhere
                for member in self.cast.members.values():
                    if member.kind == "government":
                        return self._member_entry(member, mention)
                return self._phrase_entry(mention, SourceType.GROUP, "group")
            return found

        def described(entry: Entry) -> bool:
            if entry.kind != "person" or entry.member is None:
                return False
            return any(
                head in (m.descriptor or "").lower() or head in (m.title or "").lower() for m in entry.member.mentions
            )

        found = self._recent(sentence_index, DESCRIPTION_WINDOW, described)
        if found is not None:
            self._identified_by(found, mention)
            return found
        for member in self.cast.members.values():
            if member.kind == "person" and any(
                head in (m.descriptor or "").lower() or head in (m.title or "").lower() for m in member.mentions
            ):
                return self._member_entry(member, mention)
        if head in ORG_DESCRIPTIONS or not is_people_word_text(head):
            # "the grocery giant", "the airline": the organisation named before
            return self._org_description(mention, sentence_index, "organisation")
        # "the Conservative MP said", "the former mayor": the person who spoke or was named just before
        found = self._recent(sentence_index, 3, lambda e: e.kind == "person")
        if found is not None:
            self._identified_by(found, mention)
            return found
        return self._phrase_entry(mention, SourceType.GROUP, "group")

    @staticmethod
    def _identified_by(entry: Entry, mention: Mention) -> None:
        """A description that names an office ("the former mayor", "the Conservative MP") identifies the
        person it refers to."""
        if (
            lx.TITLE_CATEGORY.get(mention.head) in IDENTIFYING_TITLES
            and not entry.source.identifiable
            and not entry.pseudonym
        ):
            entry.source.identifiable = True
            entry.why = mention.name

    def _tied(self, mention: Mention, sentence_index: int, base: int) -> Entry | None:
        """A spokesperson, or a statement, of the body named with it ("a spokesman for the ministry",
        "statements from the Kremlin"): that body is the source."""
        if mention.tie is not None:
            named = describe_name(mention.tie, base)
            member = self.cast.find(named) or self.cast.add(named)
            if mention.kind == "spokesperson" and member.kind == "person" and " " not in member.key:
                member.kind = "organisation"  # "a spokesperson for OpenAI": OpenAI is an organisation
            return self._member_entry(member, named)
        if mention.kind == "spokesperson":
            found = self._recent(sentence_index, DESCRIPTION_WINDOW, lambda e: e.kind in ORG_KINDS)
            if found is not None:
                return found
            return self._phrase_entry(mention, SourceType.GROUP, "group")
        return None

    def _document(self, mention: Mention) -> Entry:
        """A document: identified by the text, or (definite) one it introduced before ("the affidavit")."""
        if mention.definite and not mention.identified:
            earlier = self._documents.get(mention.head)
            if earlier is not None:
                return earlier
        entry = self._phrase_entry(mention, SourceType.DOCUMENT, "document", identified=mention.identified)
        if mention.identified:
            self._documents.setdefault(mention.head, entry)
        return entry

    def _org_description(self, mention: Mention, sentence_index: int, kind: str) -> Entry:
        """'the company', 'the ministry', 'the airline', 'Bloomberg's campaign', 'police'."""
        if mention.tie is not None:
            named = describe_name(mention.tie, mention.start - mention.tie.doc[mention.tokens[0]].idx)
            member = self.cast.find(named)
            if member is not None and member.kind != "person":
                return self._member_entry(member, named)
            if (
                member is not None
                and " " not in member.key
                and not any("given-name" in m.signals for m in member.mentions)
            ):
                member.kind = kind if kind in ORG_KINDS else "organisation"  # "the Sage group": Sage is one
                return self._member_entry(member, named)
            # "Bloomberg's campaign": the campaign of a named person, an organisation in its own right
            return self._phrase_entry(
                mention, SourceType.GOVERNMENT if kind == "government" else SourceType.ORGANISATION, kind
            )
        head = mention.head
        if mention.identified and head in (
            "police",
            "government",
            "administration",
            "court",
            "jury",
            "tribunal",
            "feds",
        ):
            found = self._recent(sentence_index, DESCRIPTION_WINDOW, lambda e: e.kind == "government")
            if found is not None:
                return found
            entry = self._phrase_entry(mention, SourceType.GOVERNMENT, "government")
            entry.source.identifiable = True
            return entry

        def compatible(entry: Entry) -> bool:
            return entry.kind in ORG_KINDS and (kind != "government" or entry.kind == "government")

        found = self._recent(sentence_index, DESCRIPTION_WINDOW, compatible)
        if found is None:
            # the organisation of that kind named last before the description ("Brightwater Mining opened a
            # mine in Nevada. The company said ...": the company, not the state)
            wanted = (
                ("government",)
                if kind == "government"
                else ("organisation", "outlet")
                if mention.head not in ("police", "authorities")
                else ("government",)
            )
            # first a name with the description's word in it ("Northwind Airlines" for "the airline"), then
            # one with the marks of an organisation's name ("Acme Corp"), then any, the one named last
            best, at = None, (-1, -1)
            for member in self.cast.members.values():
                if member.kind in wanted:
                    last = max((m.start for m in member.mentions if m.start < mention.start), default=-1)
                    if last < 0:
                        continue
                    words = member.key.split()
                    rank = (
                        2
                        if mention.head in words or mention.head + "s" in words
                        else 1
                        if any(
                            "org-word" in m.signals
                            or "lexicon" in m.signals
                            or "acronym" in m.signals
                            or "outlet" in m.signals
                            for m in member.mentions
                        )
                        else 0
                    )
                    if (rank, last) > at:
                        best, at = member, (rank, last)
            if best is None:
                best = next((m for m in self.cast.members.values() if m.kind in ORG_KINDS), None)
            if best is not None:
                found = self._member_entry(best, mention)
        if found is not None:
            return found
        entry = self._phrase_entry(mention, SourceType.GROUP, "group")
        return entry


def is_people_word_text(word: str) -> bool:
    return (
        word in lx.ANONYMOUS_HEADS
        or word in lx.TITLE_CATEGORY
        or word in lx.GENERIC_DESCRIPTORS
        or (len(word) > 4 and word.endswith(HUMAN_SUFFIXES))
    )


def source_head(doc, span: tuple[int, int], head: Token) -> Token:
    """The token to describe for a source phrase: its head, or the person's name in a phrase headed by a
    title or role ("Superintendent Roger Pike", "Minister in the Ministry of Finance Brent Mallory",
    "President and Chief Financial Officer of Super Value Dana Whitlock")."""
    low = head.lower_
    if low in lx.TITLE_CATEGORY or low in lx.GENERIC_DESCRIPTORS or (is_propn(head) and low in lx.TITLE_CATEGORY):
        for k in range(head.i + 1, span[1]):
            t = doc[k]
            if is_propn(t) and t.lower_ in lx.FIRST_NAMES and k + 1 < span[1] and is_propn(doc[k + 1]):
                return doc[k + 1] if k + 1 < span[1] else t
        for k in range(head.i + 1, min(span[1], head.i + 4)):
            if is_propn(doc[k]) and doc[k].lower_ not in lx.TITLE_CATEGORY:
                return doc[k]
    return head

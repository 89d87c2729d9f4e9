"""Every name of one article, linked across its mentions: the ``Cast`` the registry's sources come from.

``Cast`` reads every proper name of the article first (not only the sources: "Finn Aldous, a final-year
student at Warwick University, is helping ..." introduces the "he" who speaks later). Mentions of one
name are linked by their lowercase key, and a surname alone ("Brinkley said") by the last word of a full
name used elsewhere; what any mention says about a person (an office, an affiliation, a pseudonym) holds
for every mention. Whether a name is a person or an organisation is decided over all its mentions.

Each name becomes a ``Member``; ``sources.Registry`` turns the source phrases of attributions into
entries, names through their member.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from factcheck.analysis.mentions import Mention, describe_name
from factcheck.analysis.names import is_propn, name_run


@dataclass(slots=True)
class Member:
    """One name of the article with everything its mentions say."""

    key: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    person: int = 0  # summed evidence
    org: int = 0
    kind: str = "person"

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.person += mention.person_evidence
        self.org += mention.org_evidence
        if len(mention.name) > len(self.name):
            self.name = mention.name

    @property
    def is_person(self) -> bool:
        return self.person > self.org or (self.person == self.org > 0 and " " in self.key)

    def first(self, attr: str) -> str | None:
        for m in self.mentions:
            value = getattr(m, attr)
            if value:
                return value
        return None

    @property
    def gender(self) -> str | None:
        return self.first("gender")

    @property
    def pseudonym(self) -> bool:
        return any(m.pseudonym for m in self.mentions)


class Cast:
    """Every proper name of the article, linked by key and surname."""

    def __init__(self) -> None:
        self.members: dict[str, Member] = {}
        self.by_surname: dict[str, list[Member]] = {}
        self.runs: dict[tuple[int, int], Mention] = {}  # (id of the Doc, first token) -> the run's mention
        self._linked = False

    def collect(self, doc, base: int) -> None:
        """Add the names of one parsed paragraph (each run of proper nouns read once)."""
        k = 0
        while k < len(doc):
            token = doc[k]
            if not is_propn(token) or token.is_space:
                k += 1
                continue
            lo, hi = name_run(token)
            mention = describe_name(run_head(doc, lo, hi), base)
            self.runs[(id(doc), lo)] = mention
            if mention.key and mention.kind not in ("none", "group", "description"):
                self.add(mention)
            k = max(hi, k + 1)

    def run_at(self, doc, lo: int) -> Mention | None:
        """The mention ``collect`` read for the run starting at token ``lo`` of ``doc``."""
        return self.runs.get((id(doc), lo))

    def add(self, mention: Mention) -> Member:
        key = mention.key
        member = self.members.get(key)
        if member is None:
            member = self.members[key] = Member(key, mention.name)
        member.add(mention)
        if self._linked:  # a name first met as a source, after the article's names were read
            member.kind = "person" if member.is_person else _org_kind(member)
        return member

    def link(self) -> None:
        """Link a surname or shorter form to the one full name it ends ("Pell" -> "Jonah Pell", "Abu
        Salem" -> "Karim Abu Salem"), then decide each member's kind over all its mentions."""
        # "Martin Ashby" and "Martin R. Ashby" are one person: same first and last name
        by_ends: dict[tuple[str, str], Member] = {}
        for member in sorted(self.members.values(), key=lambda m: -len(m.key)):
            words = member.key.split()
            if len(words) >= 2 and member.is_person:
                key = (words[0], words[-1])
                owner = by_ends.setdefault(key, member)
                if owner is not member:
                    for mention in member.mentions:
                        owner.add(mention)
                    self.members[member.key] = owner
        full = [m for m in {id(m): m for m in self.members.values()}.values() if " " in m.key and m.is_person]
        for m in full:
            words = m.key.split()
            for k in range(1, len(words)):
                self.by_surname.setdefault(" ".join(words[k:]), []).append(m)
        for member in list(self.members.values()):
            owners = [o for o in self.by_surname.get(member.key, []) if o is not member]
            if len(owners) == 1 and (member.is_person or member.org <= member.person + 3):
                owner = owners[0]
                for mention in member.mentions:
                    owner.add(mention)
                owner.person += 2 * len(member.mentions)
                self.members[member.key] = owner
        for member in self.members.values():
            member.kind = "person" if member.is_person else _org_kind(member)
        self._linked = True

    def find(self, mention: Mention) -> Member | None:
        member = self.members.get(mention.key)
        if member is None:
            owners = self.by_surname.get(mention.key, [])
            if len(owners) == 1:
                member = owners[0]
        return member


def _org_kind(member: Member) -> str:
    kinds = [m.kind for m in member.mentions if m.kind != "person"]
    for kind in ("outlet", "government", "organisation"):
        if kind in kinds:
            return kind
    return "organisation"


def run_head(doc, lo: int, hi: int) -> Token:
    """The token of the run ``lo``..``hi`` that the parse hangs the run from (its head lies outside it)."""
    for k in range(lo, hi):
        head = doc[k].head
        if head.i < lo or head.i >= hi or head.i == k:
            return doc[k]
    return doc[hi - 1]

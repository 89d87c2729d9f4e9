"""Result types of the attribution analysis.

Everything here is plain data: the web app stores it, the CLI prints it as JSON lines, and tests and
benchmarks inspect it. All offsets are Python ``str`` indices into the analysed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Sourcing status of one sentence (one per claim)."""

    SOURCED = "sourced"
    UNVERIFIED_NAMED = "unverified_named"
    ANONYMOUS = "anonymous"
    HEDGED = "hedged"
    UNATTRIBUTED = "unattributed"
    NOT_A_CLAIM = "not_a_claim"
    NOT_ANALYSED = "not_analysed"  # the article's language is one the analysis does not support


class AttributionKind(StrEnum):
    """How an assertion is attributed."""

    DIRECT_QUOTE = "direct_quote"
    INDIRECT = "indirect"
    ACCORDING_TO = "according_to"
    HEDGE = "hedge"


class SourceType(StrEnum):
    """What kind of thing a source is."""

    PERSON = "person"  # a named person
    ORGANISATION = "organisation"
    GOVERNMENT = "government"
    GROUP = "group"  # unnamed people: "officials", "critics", "a senior official", "residents"
    OUTLET = "outlet"
    DOCUMENT = "document"


class BlockKind(StrEnum):
    """What a block of the text (a paragraph-level unit) is."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"


@dataclass(slots=True, frozen=True)
class Span:
    """A stretch of the text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str


@dataclass(slots=True, frozen=True)
class Block:
    """A paragraph, heading or boilerplate line; ``index`` is its paragraph index."""

    index: int
    start: int
    end: int
    kind: BlockKind


@dataclass(slots=True)
class Attribution:
    """One attribution relation: a cue, the source it names and the content attributed."""

    kind: AttributionKind
    cue: Span | None
    source: Span | None
    content: Span | None
    source_id: int | None = None


@dataclass(slots=True)
class Claim:
    """One sentence of the text with its sourcing status and the reason for it."""

    start: int
    end: int
    paragraph: int
    text: str
    status: Status
    reason: str
    attributions: list[Attribution] = field(default_factory=list)


@dataclass(slots=True)
class Source:
    """A distinct source of an article (the registry entry)."""

    id: int
    name: str
    type: SourceType
    descriptor: str | None
    affiliation: str | None
    identifiable: bool
    mentions: list[Span] = field(default_factory=list)
    claims: list[int] = field(default_factory=list)  # indices into Analysis.claims


@dataclass(slots=True)
class Analysis:
    """The whole result for one text; ``language`` is its ISO 639-1 code ("en")."""

    text: str
    blocks: list[Block]
    claims: list[Claim]
    sources: list[Source]
    language: str = "en"

    def to_contract(self, path: str) -> dict:
        """The JSON object of the ``--jsonl`` contract for this text."""

        def span(s: Span | None) -> dict | None:
            return None if s is None else {"start": s.start, "end": s.end, "text": s.text}

        return {
            "path": path,
            "language": self.language,
            "claims": [
                {
                    "start": c.start,
                    "end": c.end,
                    "paragraph": c.paragraph,
                    "status": str(c.status),
                    "reason": c.reason,
                    "attributions": [
                        {
                            "kind": str(a.kind),
                            "cue": span(a.cue),
                            "source": span(a.source),
                            "content": span(a.content),
                            "source_id": a.source_id,
                        }
                        for a in c.attributions
                    ],
                }
                for c in self.claims
            ],
            "sources": [
                {
                    "id": s.id,
                    "name": s.name,
                    "type": str(s.type),
                    "descriptor": s.descriptor,
                    "affiliation": s.affiliation,
                    "identifiable": s.identifiable,
                }
                for s in self.sources
            ],
        }


__all__ = [
    "Analysis",
    "Attribution",
    "AttributionKind",
    "Block",
    "BlockKind",
    "Claim",
    "Source",
    "SourceType",
    "Span",
    "Status",
]

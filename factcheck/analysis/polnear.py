"""The PolNeAR gold data: brat standoff annotations and the split's folder layout.

A split folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``; :func:`find_documents`
pairs them and :func:`parse_ann` reads an annotation into its Cue, Source and Content spans and the
attributions (E lines) that tie them together. The texts and annotations are read in place; nothing is
copied.

Scoring against these spans is :mod:`factcheck.analysis.evaluate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# brat kinds (T lines) and E-line roles that map to our roles; everything else is ignored.
_KIND_ROLE = {"Cue": "cue", "Source": "source", "Content": "content"}
_ARG_ROLE = {"Cue": "cue", "Source": "source", "Content": "content", "Content2": "content"}
_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


class EvaluationError(Exception):
    """The corpus directory cannot be evaluated (missing folders, no text/annotation pairs)."""


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One annotated span; ``fragments`` are sorted ``(start, end)`` pairs (several if discontinuous)."""

    id: str
    role: str
    fragments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        """Start of the hull."""
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        """End of the hull."""
        return max(e for _, e in self.fragments)


@dataclass(slots=True)
class GoldAttribution:
    """One E line: the ids of the spans tied together (content may have a second part)."""

    id: str
    cue: str | None = None
    source: str | None = None
    content: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GoldAnnotation:
    """The parsed contents of one ``.ann`` file."""

    spans: dict[str, GoldSpan]
    attributions: list[GoldAttribution]
    skipped_lines: int = 0

    def by_role(self, role: str) -> list[GoldSpan]:
        """The spans of one role, duplicates (same fragments) removed, in text order."""
        seen: dict[tuple[tuple[int, int], ...], GoldSpan] = {}
        for span in self.spans.values():
            if span.role == role:
                seen.setdefault(span.fragments, span)
        return sorted(seen.values(), key=lambda s: s.fragments)


def parse_ann(content: str) -> GoldAnnotation:
    """Parse brat standoff text into spans (Cue, Source, Content only) and attributions (E lines).

    Lines that are neither T nor E lines (notes, blank lines, continuation lines of span texts that
    contain a newline) are skipped and counted; T lines of other kinds (Attribution, Discuss, Discard)
    are ignored.
    """
    spans: dict[str, GoldSpan] = {}
    attributions: list[GoldAttribution] = []
    skipped = 0
    for line in content.split("\n"):
        line = line.rstrip("\r")
        if m := _T_LINE.match(line):
            tid, kind, offsets = m.group(1), m.group(2), m.group(3)
            role = _KIND_ROLE.get(kind)
            if role is None:
                continue
            fragments = []
            for part in offsets.split(";"):
                start, end = (int(x) for x in part.split())
                if end > start:
                    fragments.append((start, end))
            if fragments:
                spans[tid] = GoldSpan(tid, role, tuple(sorted(fragments)))
        elif m := _E_LINE.match(line):
            attribution = GoldAttribution(m.group(1))
            for arg in m.group(2).split():
                name, _, ref = arg.partition(":")
                role = _ARG_ROLE.get(name)
                if role == "content":
                    attribution.content.append(ref)
                elif role is not None:
                    setattr(attribution, role, ref)
            attributions.append(attribution)
        elif line.strip():
            skipped += 1
    return GoldAnnotation(spans, attributions, skipped)


@dataclass(slots=True)
class Document:
    """One article to score: its text file and the annotation file chosen for it."""

    name: str
    text_path: Path
    ann_path: Path
    annotator: str
    annotators: list[str]

    def read_text(self) -> str:
        """The article text exactly as on disk (UTF-8, no newline translation)."""
        with self.text_path.open(encoding="utf-8", newline="") as f:
            return f.read()

    def read_gold(self) -> GoldAnnotation:
        """The parsed chosen annotation."""
        with self.ann_path.open(encoding="utf-8", newline="") as f:
            return parse_ann(f.read())


def find_documents(directory: Path) -> list[Document]:
    """Pair ``text/NAME.txt`` with ``attributions/NAME_ANNOTATOR.ann``, sorted by name.

    When an article has several annotation files, the first in sorted file-name order is chosen.
    Raises :class:`EvaluationError` when a folder is missing or no pair is found.
    """
    text_dir, ann_dir = directory / "text", directory / "attributions"
    for d in (text_dir, ann_dir):
        if not d.is_dir():
            raise EvaluationError(f"{directory} has no {d.name}/ folder (expected text/ and attributions/)")
    anns: dict[str, list[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        name, sep, _annotator = path.stem.rpartition("_")
        if sep:
            anns.setdefault(name, []).append(path)
    documents = []
    for text_path in sorted(text_dir.glob("*.txt")):
        paths = anns.get(text_path.stem)
        if not paths:
            continue
        annotators = [p.stem.rpartition("_")[2] for p in paths]
        documents.append(Document(text_path.stem, text_path, paths[0], annotators[0], annotators))
    if not documents:
        raise EvaluationError(f"{directory} has no text/NAME.txt with a matching attributions/NAME_*.ann")
    return documents

"""Turn the UD treebanks (CoNLL-U) into spaCy training data (``.spacy`` DocBin files).

usage: python training/convert.py TREEBANKS OUTDIR

``TREEBANKS`` holds ``ewt/`` and ``gum/`` as described in their README (``sources/`` and
``splits/files.{train,dev,test}``). For each split this writes ``OUTDIR/{train,dev,test}.spacy`` and, for
the scores in ``docs/analysis.md``, ``OUTDIR/test-ewt.spacy`` and ``OUTDIR/test-gum.spacy``.

- One spaCy ``Doc`` per paragraph (``# newpar``), so the parser learns sentence boundaries inside one.
- Words of multiword tokens (``1-2 don't``) are the training tokens; the space after the last one is the
  multiword token's. Empty nodes (``8.1``) are left out.
- Part of speech, fine tag, morphology, lemma, head and relation from the UD columns.
- Named entities from GUM's entity layer (the MISC column's ``Entity=``): a mention is a name when its head
  tokens (``minspan``) are proper nouns; its span is that run of proper nouns with the words that join one
  ("University of California", "Bank of America"). Types: person → PERSON, organization → ORG,
  place → GPE, event → EVENT, time with a number or a proper noun → DATE. EWT has no entity layer: its
  documents leave the entity annotation missing (not "outside"), so they teach nothing about entities.
- GUM's news, interview and biography genres are written twice into ``train``: they are the closest to
  the articles the workbench reads.

The order of documents and everything in them is fixed by the sorted split lists: the same treebanks
give byte-identical files.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

# GUM genres written twice into train (closest to news).
HEAVY_GENRES = ("news", "interview", "bio")
ENTITY_LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE", "event": "EVENT", "time": "DATE"}
# Words that may join the proper nouns of one name ("Bank of America", "Procter & Gamble").
JOINERS = {"of", "the", "and", "&", "for", "de", "-", ",", "'s", "du", "la", "von", "van"}

# One entity opening "(12-person-new-sssss-cf1-1,2-coref-Mark_Meadows" (identity optional, and it may
# itself hold parentheses: "Mercury_(planet)"), possibly closed at once with ")", or a closing "12)".
_OPEN = re.compile(r"\((\d+)-([a-z]+)-[^-()]*-[^-()]*-[^-()]*-([^-()]*)-[a-z]+(?:-((?:[^()]|\([^()]*\))*))?(\))?")
_CLOSE = re.compile(r"(\d+)\)")


@dataclass
class Word:
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 1-based within the sentence, 0 for the root
    deprel: str
    space: bool
    entity: str  # GUM's Entity= value, or ""


@dataclass
class Paragraph:
    sentences: list[list[Word]] = field(default_factory=list)


def read_conllu(path: Path) -> Iterator[Paragraph]:
    """The paragraphs of one CoNLL-U file, each a list of sentences of words."""
    paragraph = Paragraph()
    sentence: list[Word] = []
    mwt_end, mwt_space = 0, True
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if line.startswith("#"):
            if (line == "# newpar" or line.startswith("# newpar id")) and paragraph.sentences:
                yield paragraph
                paragraph = Paragraph()
            continue
        if not line.strip():
            if sentence:
                paragraph.sentences.append(sentence)
                sentence = []
            mwt_end = 0
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue  # an empty node
        misc = dict(item.split("=", 1) for item in cols[9].split("|") if "=" in item)
        if "-" in cols[0]:
            mwt_end = int(cols[0].split("-")[1])
            mwt_space = misc.get("SpaceAfter") != "No"
            continue
        index = int(cols[0])
        space = misc.get("SpaceAfter") != "No"
        if index < mwt_end:
            space = False
        elif index == mwt_end:
            space = mwt_space
        sentence.append(
            Word(
                cols[1],
                cols[2],
                cols[3],
                cols[4],
                "" if cols[5] == "_" else cols[5],
                int(cols[6]),
                cols[7],
                space,
                misc.get("Entity", ""),
            )
        )
    if sentence:
        paragraph.sentences.append(sentence)
    if paragraph.sentences:
        yield paragraph


def entity_spans(words: list[Word]) -> list[tuple[int, int, str]]:
    """Named-entity spans (start, end, label) over a paragraph's words, from GUM's entity layer."""
    mentions: list[tuple[int, int, str, list[int]]] = []  # start, end, type, head word indices
    opened: dict[str, list[tuple[int, str, str]]] = {}
    for i, word in enumerate(words):
        value = word.entity
        pos = 0
        while pos < len(value):
            m = _OPEN.match(value, pos)
            if m:
                eid, etype, minspan, _identity, closed = m.groups()
                if closed:
                    mentions.append((i, i + 1, etype, _heads(minspan, i)))
                else:
                    opened.setdefault(eid, []).append((i, etype, minspan))
                pos = m.end()
                continue
            m = _CLOSE.match(value, pos)
            if m:
                stack = opened.get(m.group(1))
                if stack:
                    start, etype, minspan = stack.pop()
                    mentions.append((start, i + 1, etype, _heads(minspan, start)))
                pos = m.end()
                continue
            pos += 1
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(words)
    # Outermost (longest) mentions first; a mention inside a name already taken is part of it.
    for start, end, etype, heads in sorted(mentions, key=lambda m: (m[0] - m[1], m[0])):
        label = ENTITY_LABELS.get(etype)
        if label is None:
            continue
        heads = [h for h in heads if start <= h < end] or list(range(start, end))
        span = _name_span(words, start, end, heads, label)
        if span and not any(taken[span[0] : span[1]]):
            for k in range(*span):
                taken[k] = True
            spans.append((span[0], span[1], label))
    return sorted(spans)


def _heads(minspan: str, start: int) -> list[int]:
    return [start + int(n) - 1 for n in minspan.split(",") if n.isdigit()]


def _name_span(words: list[Word], start: int, end: int, heads: list[int], label: str) -> tuple[int, int] | None:
    if label == "DATE":
        if not any(words[k].upos in ("NUM", "PROPN") for k in range(start, end)):
            return None
        lo, hi = start, end
        while lo < hi and words[lo].upos in ("DET", "ADP", "PUNCT"):
            lo += 1
        while hi > lo and words[hi - 1].upos == "PUNCT":
            hi -= 1
        return (lo, hi) if lo < hi else None
    if not all(words[h].upos == "PROPN" for h in heads):
        return None
    lo, hi = min(heads), max(heads) + 1
    while lo > start and (
        words[lo - 1].upos == "PROPN"
        or (words[lo - 1].form.lower() in JOINERS and lo - 2 >= start and words[lo - 2].upos == "PROPN")
    ):
        lo -= 1
    while hi < end and (
        words[hi].upos == "PROPN"
        or (words[hi].form.lower() in JOINERS and hi + 1 < end and words[hi + 1].upos == "PROPN")
    ):
        hi += 1
    while lo < hi and words[lo].upos != "PROPN":
        lo += 1
    while hi > lo and words[hi - 1].upos != "PROPN":
        hi -= 1
    return (lo, hi) if lo < hi else None


def paragraph_doc(vocab, paragraph: Paragraph, with_entities: bool) -> Doc:
    """One training Doc: the paragraph's words with their UD annotation (and entities for GUM)."""
    words = [w for sentence in paragraph.sentences for w in sentence]
    heads, starts, offset = [], [], 0
    for sentence in paragraph.sentences:
        for k, w in enumerate(sentence):
            heads.append(offset + (w.head - 1 if w.head else k))
            starts.append(k == 0)
        offset += len(sentence)
    spaces = [w.space for w in words]
    spaces[-1] = False
    doc = Doc(
        vocab,
        words=[w.form for w in words],
        spaces=spaces,
        tags=[w.xpos for w in words],
        pos=[w.upos for w in words],
        morphs=[w.feats for w in words],
        lemmas=[w.lemma for w in words],
        heads=heads,
        deps=["ROOT" if w.head == 0 else w.deprel for w in words],
        sent_starts=starts,
    )
    if with_entities:
        ents = [Span(doc, s, e, label=label) for s, e, label in entity_spans(words)]
        doc.set_ents(ents, default="outside")
    return doc


def split_files(treebank: Path, split: str) -> list[Path]:
    names = (treebank / "splits" / f"files.{split}").read_text(encoding="utf-8").split()
    paths = []
    for name in sorted(names):
        path = treebank / "sources" / (name if name.endswith(".conllu") else name + ".conllu")
        if not path.exists():
            raise SystemExit(f"convert: {path} is listed in the {split} split but missing")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    for split in ("train", "dev", "test"):
        bins = {"ewt": DocBin(store_user_data=False), "gum": DocBin(store_user_data=False)}
        for bank in ("ewt", "gum"):
            for path in split_files(root / bank, split):
                genre = path.name.split("_")[1] if bank == "gum" else ""
                copies = 2 if split == "train" and genre in HEAVY_GENRES else 1
                for paragraph in read_conllu(path):
                    doc = paragraph_doc(nlp.vocab, paragraph, with_entities=bank == "gum")
                    for _ in range(copies):
                        bins[bank].add(doc)
        merged = DocBin(store_user_data=False)
        for bank in ("ewt", "gum"):
            merged.merge(bins[bank])
        merged.to_disk(out / f"{split}.spacy")
        print(f"{split}: {len(merged)} paragraphs", file=sys.stderr)
        if split == "test":
            for bank, docbin in bins.items():
                docbin.to_disk(out / f"test-{bank}.spacy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

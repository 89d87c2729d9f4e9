"""The project's spaCy pipeline: where it lives, loading it once per process, and the limits it runs under.

The pipeline (tokenizer, tagger, morphologiser, lemmatiser, dependency parser, named entities) is trained
by ``make model`` from the UD English treebanks (``training/``) and shipped in ``pipeline/`` beside this
module, with its licences in ``pipeline/README.md``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PIPELINE_DIR = Path(__file__).with_name("pipeline")

# spaCy works on one paragraph at a time. A paragraph longer than this many characters (a table flattened
# to text, a page with no line breaks) is cut at whitespace into pieces of about this size, so that the
# parser's memory stays bounded whatever the input.
MAX_PIECE_CHARS = 5_000
# An article's first MAX_PARSED_CHARS characters (of paragraphs and headings) are analysed; past them, the
# text is split into sentences by punctuation, each not analysed with a reason saying why: the parser's
# work per article is bounded (about 50,000 words, several times the longest news feature; of a 2 MiB
# upload, the first seventh is parsed).
MAX_PARSED_CHARS = 300_000
# A sentence of more tokens than this is analysed for attributions only in its first MAX_SENTENCE_TOKENS
# tokens (the claim's reason says so): the rules' work per sentence is bounded.
MAX_SENTENCE_TOKENS = 150


class PipelineMissing(RuntimeError):
    """The trained pipeline is not where the package expects it (run ``make model``)."""


CLOSING_QUOTES = frozenset(["”", "’", "»", '"', "'", "''"])
OPENING_QUOTES = frozenset(["“", "‘", "«", "„", "``"])


# Words that start a sentence after an abbreviation's period ("... in the U.S. The next day ..."): after
# an abbreviation, any other capitalised word continues the sentence ("retired U.S. General James ...").
SENTENCE_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "in",
        "on",
        "at",
        "but",
        "and",
        "so",
        "yet",
        "for",
        "if",
        "when",
        "while",
        "as",
        "after",
        "before",
        "since",
        "although",
        "though",
        "however",
        "meanwhile",
        "still",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
    ]
)


def _abbreviation(token) -> bool:
    text = token.text
    return text.endswith(".") and len(text) > 1 and ("." in text[:-1] or (len(text) <= 4 and text[0].isupper()))


def _byline_end(doc: Doc) -> int | None:
    """The token after "By Name Name:" opening a paragraph, if it does."""
    if len(doc) < 4 or doc[0].lower_ != "by":
        return None
    for k in range(1, min(len(doc) - 1, 6)):
        if doc[k].text == ":":
            return k + 1 if k >= 2 else None
        if not doc[k].text[:1].isupper():
            return None
    return None


@Language.component("factcheck_sentence_hints")
def sentence_hints(doc: Doc) -> Doc:
    """Where a sentence cannot start, set before the parser (which respects it) so that a reporting clause
    stays with its quotation: not after a comma (',” Skaik said.'), an opening quotation mark or a colon,
    not at a lowercase word ("said Laura Spitler, an astronomer"), not at a closing quotation mark, and
    not at a capitalised name after an abbreviation ("retired U.S. General James Rutherford")."""
    # 1 a sentence starts here, -1 none does, 0 the parser decides; written to the doc in one call at the end
    # (each ``token.is_sent_start = ...`` checks the whole doc for a parse: quadratic in the paragraph)
    starts = doc.to_array("SENT_START").view("int64").copy()
    byline = _byline_end(doc)
    if byline is not None:
        starts[byline] = 1  # "By Aaron Humes: The Americas ...": the byline is a line of its own
    for token in doc[1:]:
        if token.i == byline:
            continue
        previous = doc[token.i - 1]
        text = token.text
        if "\n" in previous.text or (previous.is_space and "\n" in previous.text_with_ws):
            continue
        if (
            previous.text in (",", ":", ";", "―", "—", "–")
            or (previous.is_alpha and not previous.is_space and text[:1] not in OPENING_QUOTES)  # a word goes on
            or previous.text in OPENING_QUOTES
            or (previous.text in CLOSING_QUOTES and token.i >= 2 and doc[token.i - 2].text in (",", ":", ";"))
            or (text in CLOSING_QUOTES and not previous.is_space)
            or (text[:1].islower() and not previous.is_space)
            or text in (",", ")", "]")
            or (_abbreviation(previous) and text[:1].isupper() and text.lower() not in SENTENCE_OPENERS)
        ):
            starts[token.i] = -1
        elif (
            previous.text in (".", "!", "?")
            and text in OPENING_QUOTES | {'"', "''"}
            and token.i + 1 < len(doc)
            and (doc[token.i + 1].text[:1].isupper())
        ):
            starts[token.i] = 1  # '... said James Rutherford. “When nuclear powers ...'
    # spaCy's stubs ask for thinc's Ints2d, a typing-only class; a numpy array is what it takes at run time.
    doc.from_array(["SENT_START"], starts.view("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return doc


# Every Unicode space (no-break, thin, narrow no-break, ideographic ...) read as an ASCII space, one
# character for one so that offsets do not move: spaCy's tokenizer splits on " " only, and the tagger
# takes a lone no-break space for a proper noun ("he\u00a0told": the subject becomes the space).
# These are the characters of Unicode's category Zs other than U+0020.
_SPACES = str.maketrans(
    dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    )
)


# A run of more marks than any writing has ("!!!!!!!!", a rule of dashes, emoji) is read as its first
# MAX_MARK_RUN marks and spaces: spaCy's tokenizer takes time quadratic in the length of a chunk with no
# space made of prefixes and suffixes (a run of 4,000 quote marks takes seconds), and each mark would be a
# token for the parser.
MAX_MARK_RUN = 8
_MARK_RUN = re.compile(rf"[^\w\s]{{{MAX_MARK_RUN + 1},}}")


def _shorten(run: re.Match[str]) -> str:
    marks = run.group()
    return marks[:MAX_MARK_RUN] + " " * (len(marks) - MAX_MARK_RUN)


def readable(text: str) -> str:
    """``text`` as the pipeline reads it, the same length so that offsets do not move: each Unicode space
    an ASCII space, and a run of more than MAX_MARK_RUN marks (neither letters, digits nor spaces) cut to
    its first MAX_MARK_RUN and spaces."""
    return _MARK_RUN.sub(_shorten, text.translate(_SPACES))


@cache
def load() -> Language:
    """The shipped pipeline (with the sentence hints before its parser), loaded on first use and then
    kept for the life of the process."""
    if not (PIPELINE_DIR / "config.cfg").is_file():
        raise PipelineMissing(f"no trained pipeline in {PIPELINE_DIR}: run `make model` to train it")
    nlp = spacy.load(PIPELINE_DIR)
    nlp.add_pipe("factcheck_sentence_hints", before="parser")
    return nlp


def version() -> str:
    """The shipped pipeline's name and version, as its meta.json gives them ("en_factcheck 1.0.0")."""
    meta = load().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'pipeline')} {meta.get('version', '0')}"

"""Paragraph-level blocks: split a text on blank lines (and clear single line breaks) and classify them.

A block is a paragraph, a heading or a piece of page boilerplate ("Skip to main content"). The app renders
the article from these blocks, so their offsets are exact and no block starts or ends with whitespace.
"""

from __future__ import annotations

import re

from factcheck.analysis.model import Block, BlockKind

# Page furniture that scrapers leave in article text. Anchored on the whole line so that an article
# sentence that merely mentions "advertisement" is not caught.
_BOILERPLATE = re.compile(
    r"""^(?:
        skip\ to\ (?:main\ )?content | advertisement | advertising | sponsored(?:\ content)? |
        share\ (?:this|the)\ (?:article|story|page|post) | share(?:\ on\ \w+)? | tweet | email |
        (?:continue\ )?read(?:ing)?\ (?:more|the\ rest(?:\ here)?|the\ full\ (?:story|article)) |
        click\ here.* | sign\ up.* | subscribe.* | follow\ us.* | follow\ \w+(?:\ \w+)?\ on\ twitter.* |
        related(?:\ articles?|\ stories|\ coverage)? | recommended(?:\ for\ you)? | most\ (?:read|popular) |
        (?:all\ rights\ reserved|copyright|©).* | (?:photo|image|video)(?:\ credit)?:.* |
        print | comments? | loading.* | _+ | [-–—=*_.·•]+ | \(?crosstalk\.?\)?
    )[.!:]?$""",
    re.IGNORECASE | re.VERBOSE,
)
# A trailing section title with nothing under it (the scraper kept the heading, not the list).
_SECTION = re.compile(
    r"^(?:sources?|references?|notes?|further\ reading|see\ also|links|bibliography|footnotes|"
    r"related\ links|external\ links)[.:]?$",
    re.IGNORECASE | re.VERBOSE,
)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "nor",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "amid",
        "vs",
        "vs.",
        "via",
        "into",
        "over",
        "under",
        "after",
        "before",
        "about",
        "against",
        "between",
        "is",
        "are",
        "was",
        "its",
        "it's",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w.,:]*")
_TERMINAL = frozenset(".!:;,")


def _is_title_case(line: str) -> bool:
    """Most content words start with a capital (or are numbers): 'The Attack and Its Immediate Impact'."""
    words = _WORD.findall(line)
    if not words:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.75 * len(content) and words[0][0].isupper()


def heading_like(line: str) -> bool:
    """Whether one line looks like a heading: short, no sentence-final period, title case or a question.

    The caller also requires that a paragraph follows (a short last line is more likely a signature).
    """
    line = line.strip()
    if not line or len(line) > 90 or line[-1] in _TERMINAL or line[-1] in "\"”’'":
        return False
    if line[0] in "―—–-\"“”'‘’•*(":
        return False  # a byline dash, a quotation or a list item
    words = _WORD.findall(line)
    if not 1 <= len(words) <= 12:
        return False
    if line.endswith("?"):
        # A question heading ("What's Next?") is short and starts with a capital.
        return len(words) <= 8 and line[0].isupper()
    # Title case ("The Attack and Its Immediate Impact"), or a short line in sentence case with no
    # sentence end ("Plans for the future", "Forex motion defeated in Senate"): prose ends its sentences.
    return _is_title_case(line) or (line[0].isupper() and len(words) <= 14)


def headline_like(line: str) -> bool:
    """Whether the top line of an article, standing alone above the rest, is its headline: up to 25 words and no
    sentence end. Headlines run longer than other headings, open with a quotation ("'Nobody asked us':
    librarians protest cuts") or a number, and end in a quotation mark; prose ends its sentences."""
    line = line.strip()
    if not line or len(line) > 200 or line[0] in "―—–-•*(":
        return False  # a byline dash or a list item
    end = line.rstrip("\"”’'")
    if not end or end[-1] in _TERMINAL:
        return False  # a sentence, also one inside a quotation: “We will not back down.”
    return 1 <= len(_WORD.findall(line)) <= 25


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture: navigation, sharing buttons, ads, separators."""
    return bool(_BOILERPLATE.match(line.strip()))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines of text[start:end], stripped, as offset pairs. A line is text between any two line
    breaks ``str.splitlines`` knows (\\r\\n, \\r, \\n and the Unicode ones, so that a stray U+2028 never
    hides a paragraph break).

    ``str.splitlines`` finds them in one pass in C; each piece keeps its line ending, so the pieces'
    lengths give the offsets, and stripping drops the ending (every line break is whitespace).
    """
    out = []
    at = start
    for piece in text[start:end].splitlines(keepends=True):
        s, e = at, at + len(piece)
        at = e
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_break(text: str, start: int, end: int) -> bool:
    """Whether the gap between two lines holds a blank line (two or more line breaks)."""
    gap = text[start:end]
    breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n") + gap.count("\v") + gap.count("\f")
    if breaks >= 2 or gap.isascii():
        return breaks >= 2
    return breaks + gap.count("\u2028") + gap.count("\u2029") + gap.count("\x85") >= 2


def _ends_sentence(line: str) -> bool:
    return line.rstrip()[-1:] in '.!?"”’:)]'


def split_blocks(text: str) -> list[Block]:
    """Split ``text`` into paragraph-level blocks, classified PARAGRAPH / HEADING / BOILERPLATE.

    Blocks are separated by blank lines; a single line break also separates two blocks when the lines are
    clearly separate (the first is a heading or boilerplate line, or ends a sentence and the next starts a
    new one). Hard-wrapped prose (a line break in mid-sentence) stays one block.
    """
    lines = _lines(text, 0, len(text))
    # Group lines into raw paragraphs.
    groups: list[list[tuple[int, int]]] = []
    for i, (s, e) in enumerate(lines):
        if i == 0:
            groups.append([(s, e)])
            continue
        ps, pe = lines[i - 1]
        prev = text[ps:pe]
        wrapped = text[s].islower() and not _ends_sentence(prev)  # hard-wrapped prose: the sentence goes on
        if (
            _is_break(text, pe, s)
            or (heading_like(prev) and not wrapped)
            or is_boilerplate(prev)
            or is_boilerplate(text[s:e])
            or _ends_sentence(prev)
            or (text[s] in "\"“'‘—–-•*" and not prev.endswith(","))
        ):
            groups.append([(s, e)])
        else:
            groups[-1].append((s, e))

    blocks: list[Block] = []
    n = len(groups)
    for i, group in enumerate(groups):
        s, e = group[0][0], group[-1][1]
        line = text[s:e]
        if is_boilerplate(line):
            kind = BlockKind.BOILERPLATE
        elif len(group) == 1 and i == n - 1 and _SECTION.match(line.strip()):
            kind = BlockKind.HEADING  # trailing, empty "Sources" section
        elif len(group) == 1 and i + 1 < n and heading_like(line) and not _heading_line(text, groups[i + 1]):
            kind = BlockKind.HEADING
        elif len(group) == 1 and i == 0 and n > 1 and (heading_like(line) or headline_like(line)):
            kind = BlockKind.HEADING  # the article title above a run of headings or paragraphs
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(index=i, start=s, end=e, kind=kind))
    return blocks


def _heading_line(text: str, group: list[tuple[int, int]]) -> bool:
    """Whether a raw paragraph is a single heading-like line (a heading needs a paragraph under it)."""
    return len(group) == 1 and heading_like(text[group[0][0] : group[0][1]])

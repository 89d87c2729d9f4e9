"""The language an article is written in, with py3langid (a langid.py model shipped in the package).

Only English is analysed for attributions; an article in another language is still split into claims,
each ``not_analysed`` with a reason naming the language (see ``engine``).
"""

from __future__ import annotations

from functools import cache

SUPPORTED = frozenset({"en"})
# Below this many letters the detector is guessing: such a text is taken as English (the analysis then
# finds little in it either way).
MIN_LETTERS = 40
# How much of a long text the detector reads: the language of an article shows in its first pages.
SAMPLE_CHARS = 20_000
# Below this probability the detector is not sure: such a text is taken as English too.
MIN_PROBABILITY = 0.6

# Names for the reason shown to users ("written in German"); other codes are shown as they are.
NAMES = {
    "ar": "Arabic",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "ms": "Malay",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "sw": "Swahili",
    "th": "Thai",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in ("en", "de", "es", ...)."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "en"
    language, probability = _identifier().classify(sample)
    if language == "zxx" or probability < MIN_PROBABILITY:
        return "en"  # no language the detector is sure of (numbers and names): analysed as English
    return language


def name(code: str) -> str:
    """The English name of a language code, for messages ("German"); the code itself if unknown."""
    return NAMES.get(code, code)

"""The lexicon files: each documents where it came from and its format, parses, has no duplicates, and
the tables built from them hold what the rules rely on."""

from __future__ import annotations

import re
from importlib.resources import files
from types import MappingProxyType

import pytest

from factcheck.analysis import lexicons as lx

# Files whose entries keep their capitals (names as written in running text); the others are lowercase.
CASE_SENSITIVE = {"outlets.txt", "places_governments.txt", "first_names.txt", "surnames.txt"}
# (file, column) of the category field whose values the header must explain.
CATEGORY_COLUMNS = [
    ("reporting_verbs.txt", 1),
    ("cue_nouns.txt", 1),
    ("cue_phrases.txt", 1),
    ("hedges.txt", 1),
    ("anonymous_sources.txt", 1),
    ("titles_offices.txt", 1),
    ("generic_descriptors.txt", 1),
    ("government_bodies.txt", 1),
    ("organisations.txt", 1),
    ("outlets.txt", 1),
    ("document_nouns.txt", 1),
    ("places_governments.txt", 1),
    ("org_words.txt", 1),
    ("document_settings.txt", 1),
]
MACHINE_PATH = re.compile(r"(?:^|[\s(`'\"])(?:/(?:home|work|tmp|root|usr|opt|Users)/|[A-Za-z]:\\)")


def _data_lines(name: str) -> list[str]:
    text = files("factcheck.analysis").joinpath("lexicons", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_every_file_in_the_folder_is_listed():
    on_disk = {p.name for p in files("factcheck.analysis").joinpath("lexicons").iterdir() if p.name.endswith(".txt")}
    assert on_disk == set(lx.LEXICON_FILES)
    assert len(lx.LEXICON_FILES) == len(set(lx.LEXICON_FILES))


@pytest.mark.parametrize("name", lx.LEXICON_FILES)
def test_header_gives_provenance_and_format(name):
    head = lx.header(name)
    assert head, f"{name} has no header"
    joined = " ".join(head)
    assert joined.startswith(f"{name}:")
    provenance = joined.split("Provenance:", 1)
    assert len(provenance) == 2, f"{name}: no 'Provenance:'"
    assert len(provenance[1].split("Format:", 1)[0].split()) >= 8, f"{name}: the provenance says too little"
    assert "Format:" in joined
    assert not MACHINE_PATH.search(joined), f"{name}: a machine path in the header"


@pytest.mark.parametrize("name", lx.LEXICON_FILES)
def test_parses_without_duplicates(name):
    entries = lx.read_entries(name)  # raises on an empty or a repeated entry
    assert len(entries) >= 10
    keys = [e[0] for e in entries]
    assert len(keys) == len(set(keys))
    if name not in CASE_SENSITIVE:
        assert len({k.lower() for k in keys}) == len(keys)
    for line in _data_lines(name):
        assert line == line.strip(), line
        assert "\t" not in line and "  " not in line, line
        assert all(field and field == field.strip() for field in line.split(lx.FIELD_SEP)), line
        assert not MACHINE_PATH.search(line), line


@pytest.mark.parametrize("name", sorted(set(lx.LEXICON_FILES) - CASE_SENSITIVE))
def test_lowercase_files_are_lowercase(name):
    assert "lowercase" in " ".join(lx.header(name))
    for line in _data_lines(name):
        assert line == line.lower(), line


@pytest.mark.parametrize(("name", "column"), CATEGORY_COLUMNS, ids=[c[0] for c in CATEGORY_COLUMNS])
def test_every_category_is_explained_in_the_header(name, column):
    head = " ".join(lx.header(name))
    for entry in lx.read_entries(name):
        assert len(entry) > column, (name, entry)
        assert re.search(rf"(?<![\w-]){re.escape(entry[column])}(?![\w-])", head), (name, entry)


def test_frames_are_of_reporting_verbs_and_name_sexes_are_m_f_mf():
    for lemma, frames in lx.VERB_FRAMES.items():
        assert lemma in lx.REPORTING_VERB_FORMS, lemma
        assert frames, lemma
    assert set(lx.FIRST_NAMES.values()) <= {"m", "f", "mf"}


def test_read_entries_rejects_duplicates(monkeypatch):
    monkeypatch.setattr(lx, "_text", lambda name: "# x.txt: test\nsay | speech\nsay | speech\n")
    with pytest.raises(ValueError, match=r"x\.txt:3: duplicate"):
        lx.read_entries("x.txt")
    monkeypatch.setattr(lx, "_text", lambda name: "# x.txt: test\n\n  tell   them |  speech \n# note\n")
    assert lx.read_entries("x.txt") == [("tell them", "speech")]


def test_every_inflected_form_maps_to_its_lemma():
    for lemma, forms in lx.REPORTING_VERB_FORMS.items():
        assert forms[0] == lemma
        assert len(forms) >= 3, lemma  # lemma, -s, past (and usually -ing)
        for form in forms:
            assert lx.REPORTING_VERBS[form] == lemma
    assert set(lx.REPORTING_VERBS.values()) == set(lx.REPORTING_VERB_FORMS) == set(lx.REPORTING_VERB_CATEGORY)


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("said", "say"),
        ("says", "say"),
        ("told", "tell"),
        ("wrote", "write"),
        ("warned", "warn"),
        ("argued", "argue"),
        ("denied", "deny"),
        ("confirmed", "confirm"),
        ("believes", "believe"),
        ("claimed", "claim"),
        ("added", "add"),
        ("announced", "announce"),
        ("reported", "report"),
    ],
)
def test_key_verb_forms(form, lemma):
    assert lx.REPORTING_VERBS[form] == lemma


def test_verb_categories():
    assert set(lx.REPORTING_VERB_CATEGORY.values()) == {
        "speech",
        "written",
        "belief",
        "hedge",
        "confirm_deny",
        "factive",
        "stance",
        "intention",
    }
    assert lx.REPORTING_VERB_CATEGORY["say"] == "speech"
    assert lx.REPORTING_VERB_CATEGORY["believe"] == "belief"
    assert lx.REPORTING_VERB_CATEGORY["deny"] == "confirm_deny"
    assert "comment" in lx.with_frame("empty")  # "declined to comment" says nothing
    assert "tell" in lx.with_frame("addressee")  # "told reporters": the object is who is addressed


def test_hedges_are_what_the_guidelines_call_hedges():
    assert {"reportedly", "allegedly", "purportedly"} <= lx.HEDGE_ADVERBS
    assert {"say", "believe"} <= lx.HEDGE_PASSIVE_LEMMAS  # "is said to", "it is believed that"
    # the author's own "seems", "appears", "may", "could" are not hedges (shared GUIDELINES.md, "hedged")
    assert not {"seem", "seems", "appear", "appears", "may", "might", "could"} & set(lx.HEDGE_CATEGORY)


def test_source_lists():
    assert {"according"} <= lx.SOURCE_AFTER_FIRST_WORDS
    assert "according to" in lx.SOURCE_AFTER_PHRASES["according"]
    assert {"officials", "critics", "experts", "analysts", "residents", "sources", "official"} <= lx.ANONYMOUS_HEADS
    assert {"some", "many", "others"} <= lx.ANONYMOUS_QUANTIFIERS
    assert "on condition of anonymity" in lx.ANONYMITY_MARKERS
    assert {"senator", "sen.", "minister", "mayor", "spokesman", "spokesperson", "judge"} <= lx.TITLES_OFFICES
    assert {"analyst", "strategist", "commentator", "scholar", "expert"} <= lx.GENERIC_DESCRIPTORS
    assert not lx.TITLES_OFFICES & lx.GENERIC_DESCRIPTORS
    assert {"ministry", "police", "court"} <= lx.GOVERNMENT_HEADS <= lx.ORG_HEADS
    assert {"company", "campaign"} <= lx.ORG_HEADS
    assert {"report", "study", "poll", "survey", "data"} <= lx.DOCUMENT_NOUNS
    assert {"Reuters", "CNN"} <= lx.OUTLETS
    assert {"newspaper"} <= lx.OUTLET_HEADS
    assert lx.AMBIGUOUS_OUTLETS <= lx.OUTLETS
    assert {"inc", "university", "ministry"} <= lx.ORG_ENDINGS
    assert lx.GOVERNMENT_ENDINGS <= lx.ORG_ENDINGS
    assert {"background", "update"} <= lx.RUN_IN_LABELS


def test_places_and_demonyms():
    countries = {k for k, v in lx.PLACE_KIND.items() if v == "country"}
    assert len(countries) >= 193
    assert countries <= lx.COUNTRIES
    assert lx.PLACES["Beijing"] == "China" and lx.PLACES["Norway"] == "Norway"
    assert lx.DEMONYMS["Russian"] == "Russia"
    assert set(lx.PLACES.values()) | set(lx.DEMONYMS.values()) <= countries


def test_names():
    assert lx.FIRST_NAMES["maria"] == "f" and lx.FIRST_NAMES["john"] == "m"
    assert {"smith", "gonzalez"} <= lx.SURNAMES
    assert all(k == k.lower() for k in lx.FIRST_NAMES) and all(k == k.lower() for k in lx.SURNAMES)


def test_public_tables_are_immutable():
    tables = {k: v for k, v in vars(lx).items() if k.isupper() and not k.startswith("_")}
    for name, table in tables.items():
        if isinstance(table, str | tuple):
            continue
        assert isinstance(table, frozenset | MappingProxyType), name
    with pytest.raises(TypeError):
        lx.REPORTING_VERBS["foo"] = "bar"  # type: ignore[index]

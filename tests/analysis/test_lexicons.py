"""The lexicon data files load, are documented, consistent, and contain the entries the engine relies on."""

from __future__ import annotations

import re

import pytest

from factcheck.analysis import lexicons as lx

CASE_SENSITIVE = {"outlets.txt", "places_governments.txt"}


def _lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in lx._text(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@pytest.mark.parametrize("name", lx.LEXICON_FILES)
def test_file_loads_and_is_not_empty(name):
    entries = lx.read_entries(name)
    assert len(entries) >= 30


@pytest.mark.parametrize("name", lx.LEXICON_FILES)
def test_header_documents_provenance_and_format(name):
    head = " ".join(lx.header(name))
    assert head.startswith(name)
    assert "Provenance:" in head
    assert "Format:" in head
    assert "derive_lexicons.py" in head or "general knowledge" in head


@pytest.mark.parametrize("name", lx.LEXICON_FILES)
def test_no_duplicates_and_well_formed(name):
    keys = [line.split(" | ")[0] for line in _lines(name)]
    assert len(keys) == len(set(keys))
    for line in _lines(name):
        assert "  " not in line, line
        assert "\t" not in line, line
        assert all(field.strip() == field and field for field in line.split(" | ")), line
        assert not re.search(r"(?:^|\s)/\w+/", line), line  # no machine paths


@pytest.mark.parametrize("name", sorted(set(lx.LEXICON_FILES) - CASE_SENSITIVE))
def test_lowercase_where_declared(name):
    assert "lowercase" in " ".join(lx.header(name))
    for line in _lines(name):
        assert line == line.lower(), line


def test_outlet_heads_are_lowercase_and_names_are_not():
    for name, category in lx.OUTLET_CATEGORY.items():
        if category == "head":
            assert name == name.lower()
        else:
            assert name != name.lower() or name[0].isdigit(), name


def test_every_category_is_documented():
    for name, column in [
        ("reporting_verbs.txt", 1),
        ("cue_nouns.txt", 1),
        ("hedges.txt", 1),
        ("anonymous_sources.txt", 1),
        ("titles_offices.txt", 1),
        ("generic_descriptors.txt", 1),
        ("government_bodies.txt", 1),
        ("organisations.txt", 1),
        ("outlets.txt", 1),
        ("document_nouns.txt", 1),
        ("places_governments.txt", 1),
    ]:
        head = " ".join(lx.header(name))
        for entry in lx.read_entries(name):
            assert len(entry) > column, (name, entry)
            assert re.search(rf"\b{re.escape(entry[column])}\b", head), (name, entry[column])


def test_every_inflected_form_maps_to_its_lemma():
    for lemma, forms in lx.REPORTING_VERB_FORMS.items():
        assert forms[0] == lemma
        assert len(forms) >= 3, lemma  # lemma, -s, past (and usually -ing)
        for form in forms:
            assert lx.REPORTING_VERBS[form] == lemma
    assert set(lx.REPORTING_VERBS.values()) == set(lx.REPORTING_VERB_FORMS)


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("said", "say"), ("says", "say"), ("saying", "say"), ("told", "tell"), ("wrote", "write"),
        ("written", "write"), ("thought", "think"), ("spoke", "speak"), ("denied", "deny"),
        ("admitted", "admit"), ("tweeted", "tweet"), ("argued", "argue"), ("noted", "note"),
        ("criticised", "criticize"), ("warns", "warn"), ("acknowledging", "acknowledge"),
        ("insisted", "insist"), ("added", "add"), ("announced", "announce"), ("believes", "believe"),
        ("claimed", "claim"), ("alleged", "allege"), ("confirmed", "confirm"), ("explained", "explain"),
        ("suggested", "suggest"), ("posted", "post"), ("reported", "report"),
    ],
)
def test_key_verb_forms(form, lemma):
    assert lx.REPORTING_VERBS[form] == lemma


def test_verb_categories():
    assert set(lx.REPORTING_VERB_CATEGORY.values()) == {
        "speech", "written", "belief", "hedge", "confirm_deny", "factive", "stance",
    }
    assert lx.REPORTING_VERB_CATEGORY["claim"] == "hedge"
    assert lx.REPORTING_VERB_CATEGORY["allege"] == "hedge"
    assert lx.REPORTING_VERB_CATEGORY["deny"] == "confirm_deny"
    assert lx.REPORTING_VERB_CATEGORY["say"] == "speech"
    assert lx.REPORTING_VERB_CATEGORY["tweet"] == "written"
    assert lx.REPORTING_VERB_CATEGORY["believe"] == "belief"
    assert len(lx.REPORTING_VERB_CATEGORY) >= 150


def test_key_entries_present():
    assert {"statement", "claim", "remarks", "interview", "testimony", "tweet"} <= lx.CUE_NOUNS
    assert {"according to", "in the words of", "as quoted by", "in an interview with", "told reporters"} \
        <= lx.CUE_PHRASES
    assert lx.CUE_PHRASE_CATEGORY["according to"] == "source_after"
    assert lx.CUE_PHRASE_CATEGORY["pointed out"] == "verb:point out"
    assert {"reportedly", "allegedly", "purportedly", "supposedly", "it is said", "it is believed",
            "is said to", "were reported to"} <= lx.HEDGES
    assert {"officials", "critics", "experts", "sources", "analysts", "observers", "supporters",
            "opponents", "insiders", "official", "source"} <= lx.ANONYMOUS_HEADS
    assert {"some", "many", "others"} <= lx.ANONYMOUS_QUANTIFIERS
    assert {"people familiar with", "a senior official"} <= lx.ANONYMOUS_PHRASES
    assert {"on condition of anonymity", "who declined to be named", "not authorized to speak"} \
        <= lx.ANONYMITY_MARKERS
    assert {"president", "sen.", "senator", "rep.", "gov.", "secretary", "minister", "spokesman",
            "spokeswoman", "spokesperson", "press secretary", "ambassador", "director", "chairman",
            "ceo", "mayor", "judge"} <= lx.TITLES_OFFICES
    assert {"analyst", "expert", "scholar", "commentator", "strategist", "consultant", "activist",
            "blogger", "author", "researcher", "retired general"} <= lx.GENERIC_DESCRIPTORS
    assert {"ministry", "department", "agency", "administration", "government", "kremlin",
            "white house", "pentagon", "police"} <= lx.GOVERNMENT_BODIES
    assert {"ministry", "campaign", "committee", "government"} <= lx.ORG_HEADS
    assert {"campaign", "party", "company"} <= lx.ORGANISATIONS
    assert {"The New York Times", "CNN", "Reuters", "AP", "Associated Press", "Fox News"} <= lx.OUTLETS
    assert {"newspaper", "news agency"} <= lx.OUTLET_HEADS
    assert {"report", "study", "poll", "survey", "filing", "memo", "indictment"} <= lx.DOCUMENT_NOUNS


def test_titles_and_generic_descriptors_are_disjoint():
    assert not lx.TITLES_OFFICES & lx.GENERIC_DESCRIPTORS


def test_places_cover_un_members_capitals_and_demonyms():
    countries = {k for k, v in lx.PLACE_KIND.items() if v == "country"}
    assert len(countries) >= 193
    for capital, country in [("Beijing", "China"), ("Moscow", "Russia"), ("Kyiv", "Ukraine"),
                             ("Kiev", "Ukraine"), ("Washington", "United States"), ("Tehran", "Iran")]:
        assert lx.PLACES[capital] == country
    assert lx.PLACES["Ukraine"] == "Ukraine"
    assert lx.PLACES["Britain"] == "United Kingdom"
    assert lx.DEMONYMS["Russian"] == "Russia"
    assert "Jordan" in lx.AMBIGUOUS_PLACES
    assert "Russia" not in lx.AMBIGUOUS_PLACES
    assert set(lx.PLACES.values()) | set(lx.DEMONYMS.values()) <= countries


def test_public_tables_are_immutable():
    with pytest.raises(TypeError):
        lx.REPORTING_VERBS["foo"] = "bar"  # type: ignore[index]
    assert isinstance(lx.HEDGES, frozenset)

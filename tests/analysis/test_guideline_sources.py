"""Sources, quotations and turns by the shared GUIDELINES.md: appositions, "he said:", signed quotations,
whole affiliations, descriptors once, and the demo article's sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.analysis import Status, analyze
from tests.analysis.helpers import SHARED, claim_with, deciding_source, dump, statuses

SOURCED, UNVERIFIED, NOT_A_CLAIM = Status.SOURCED, Status.UNVERIFIED_NAMED, Status.NOT_A_CLAIM


def test_apposition_chain_gonzalez():
    text = (
        "Maria Gonzalez, a hydrologist at the University of Utah, said the reservoir was nearly empty. "
        "Gonzalez said the drought would last. She said farmers should prepare."
    )
    analysis = analyze(text)
    assert statuses(analysis) == [SOURCED] * 3
    assert deciding_source(analysis, analysis.claims[0]).name == "Maria Gonzalez", dump(analysis)


def test_he_said_colon_after_a_weekday():
    text = (
        "Senator Tom Reyes spoke to reporters on Monday. He said:\n\n"
        "“The drought is the worst in a century. Farmers are leaving.”"
    )
    analysis = analyze(text)
    claim = claim_with(analysis, "He said:")
    assert claim.status == SOURCED, claim.reason
    assert deciding_source(analysis, claim).name == "Tom Reyes"


@pytest.mark.parametrize(
    "text",
    [
        "“Nobody told us the dam was failing. We found out from the radio.”\n\n― Carla Mendes",
        "“Nobody told us the dam was failing. We found out from the radio.”\n\n— Carla Mendes",
        "“Nobody told us the dam was failing. We found out from the radio.” — Carla Mendes",
    ],
)
def test_a_dash_signed_quotation_is_the_signer_s(text):
    analysis = analyze(text)
    quoted = [c for c in analysis.claims if "radio" in c.text or "dam" in c.text]
    assert [c.status for c in quoted] == [UNVERIFIED, UNVERIFIED], dump(analysis)


def test_a_signature_line_is_one_unit_and_not_a_claim():
    text = "“Nobody told us the dam was failing. We found out from the radio.”\n\n— Carla Mendes"
    analysis = analyze(text)
    signature = analysis.claims[-1]
    assert signature.text == "— Carla Mendes", dump(analysis)
    assert signature.status == NOT_A_CLAIM


def test_affiliation_is_the_whole_organisation():
    analysis = analyze("Maria Gonzalez, a hydrologist at the University of Utah, said that the lake was shrinking.")
    (gonzalez,) = analysis.sources
    assert gonzalez.affiliation == "University of Utah"


def test_descriptor_is_not_repeated():
    analysis = analyze("“The water has been brown for weeks,” said Peter Lang, a resident of Millbrook.")
    (lang,) = analysis.sources
    assert lang.descriptor == "a resident of Millbrook"


def test_according_to_source_span_has_no_comma():
    analysis = analyze("According to Reuters, the talks have stalled.")
    (att,) = analysis.claims[0].attributions
    assert att.source.text == "Reuters"
    assert analysis.sources[0].descriptor is None


EXPECTED_FILE = SHARED / "articles" / "atacms-bryansk.expected.json"
DEMO_TEXT = Path(__file__).resolve().parents[2] / "factcheck" / "demo" / "atacms-bryansk.txt"


def _with_source() -> list[dict]:
    """The demo sentences whose expected source ../shared/articles names (none when it is not there)."""
    if not EXPECTED_FILE.is_file():
        return []
    return [e for e in json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))["sentences"] if "source_contains" in e]


@pytest.fixture(scope="module")
def demo_analysis():
    return analyze(DEMO_TEXT.read_text(encoding="utf-8"))


@pytest.mark.skipif(not EXPECTED_FILE.is_file(), reason="needs ../shared/articles beside the repository")
@pytest.mark.parametrize("expected", _with_source(), ids=[e["starts_with"][:30] for e in _with_source()])
def test_demo_expected_source(expected, demo_analysis):
    claim = next(c for c in demo_analysis.claims if c.start == expected["offset"])
    names = [a.source.text for a in claim.attributions if a.source is not None]
    names += [demo_analysis.sources[a.source_id].name for a in claim.attributions if a.source_id is not None]
    assert any(expected["source_contains"].lower() in n.lower() for n in names), (claim.reason, names)

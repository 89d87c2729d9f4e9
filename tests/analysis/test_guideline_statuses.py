"""Statuses by the shared GUIDELINES.md on invented sentences: appositions before "said", inverted
subjects, named commissions and parties, hedged acts, outlets, and what "the company" and "it" refer to."""

from __future__ import annotations

import pytest

from factcheck.analysis import SourceType, Status, analyze
from tests.analysis.helpers import claim_with, deciding_source, only_claim

# --- a name with an apposition, "said" without "that": the source becomes the object clause's subject ---
APPOSITION = [
    (
        "Maria Gonzalez, a hydrologist at the University of Utah, said the lake was shrinking.",
        "Maria Gonzalez",
        Status.SOURCED,
    ),
    ("Peter Lang, a resident of Millbrook, said the water had been brown for weeks.", "Peter Lang", Status.SOURCED),
    ("Dan Fisher, a political consultant, said the vote was rigged.", "Dan Fisher", Status.UNVERIFIED_NAMED),
    ("A local man, Bob, said the water was brown.", "Bob", Status.UNVERIFIED_NAMED),
]


@pytest.mark.parametrize(("text", "name", "status"), APPOSITION, ids=[a[0][:40] for a in APPOSITION])
def test_apposition_then_said_without_that(text, name, status):
    analysis, claim = only_claim(text)
    assert claim.status == status, claim.reason
    assert deciding_source(analysis, claim).name == name


def test_senior_official_with_commas_is_the_source():
    analysis, claim = only_claim("A senior official, who spoke on condition of anonymity, said the deal was close.")
    assert claim.status == Status.ANONYMOUS, claim.reason
    assert "official" in deciding_source(analysis, claim).name.lower()


def test_said_a_local_man_bob():
    _analysis, claim = only_claim("“The water was brown,” said a local man, Bob.")
    assert claim.status == Status.UNVERIFIED_NAMED, claim.reason


def test_parenthetical_named_commission():
    _analysis, claim = only_claim("Tariffs will rise next year, the European Commission said.")
    assert claim.status == Status.SOURCED, claim.reason


def test_jury_convicted_is_sourced_to_the_court():
    _analysis, claim = only_claim("A jury convicted the former treasurer of fraud on Friday.")
    assert claim.status == Status.SOURCED, claim.reason


def test_the_court_ruled_is_sourced():
    _analysis, claim = only_claim("The court ruled that the contract was void.")
    assert claim.status == Status.SOURCED, claim.reason


def test_named_party_group_is_anonymous():
    _analysis, claim = only_claim("Democrats argue that the bill is too weak.")
    assert claim.status == Status.ANONYMOUS, claim.reason


def test_reportedly_with_an_act_is_hedged():
    _analysis, claim = only_claim("The mayor reportedly ordered the closure of three schools.")
    assert claim.status == Status.HEDGED, claim.reason


def test_invented_outlet_is_an_outlet():
    analysis, claim = only_claim("The Millbrook Gazette reported that the mayor had resigned.")
    assert deciding_source(analysis, claim).type == SourceType.OUTLET


# --- definite descriptions and pronouns tied to a named organisation ---


def test_the_company_not_the_state_named_after_it():
    analysis = analyze("Brightwater Mining opened a new mine in Nevada. The company said it would hire 200 workers.")
    claim = claim_with(analysis, "The company said")
    assert claim.status == Status.SOURCED, claim.reason
    assert deciding_source(analysis, claim).name == "Brightwater Mining"


def test_the_company_not_the_weekday_named_after_it():
    analysis = analyze(
        "Brightwater Mining announced record profits on Tuesday. The company said it would hire 200 workers."
    )
    claim = claim_with(analysis, "The company said")
    assert deciding_source(analysis, claim).name == "Brightwater Mining"


def test_the_airline_is_the_whole_name():
    analysis = analyze(
        "Northwind Airlines cancelled 40 flights on Sunday. The airline said the storm had grounded its planes."
    )
    claim = claim_with(analysis, "The airline said")
    assert deciding_source(analysis, claim).name == "Northwind Airlines"


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corp said the plant would close. It said 200 workers would lose their jobs.",
        "The Harbor Authority said on Tuesday that the port would reopen. The port has been closed since March. "
        "It said the damage was worse than expected.",
    ],
)
def test_it_said_for_a_named_organisation(text):
    analysis = analyze(text)
    claim = claim_with(analysis, "It said")
    assert claim.status == Status.SOURCED, claim.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Experts are concerned that the bridge will not survive another winter.",
        "Many teachers are increasingly troubled by the new testing rules.",
        "Residents were angry about the closure of the clinic.",
    ],
)
def test_a_group_holding_a_view_is_anonymous(sentence):
    (claim,) = analyze(sentence).claims
    assert claim.status == Status.ANONYMOUS, claim.reason


def test_the_author_s_own_worry_is_no_attribution():
    (claim,) = analyze("I am worried that the bridge will not survive another winter.").claims
    assert claim.status == Status.UNATTRIBUTED, claim.reason

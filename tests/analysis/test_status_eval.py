"""Scoring statuses against labelled articles (``evaluate --status``), on constructed gold and analyses."""

from __future__ import annotations

import json

from factcheck.analysis import evaluate
from factcheck.analysis.model import Analysis, Claim, Source, SourceType, Status
from factcheck.analysis.status_eval import best_claim, format_status_report, score

TEXT = "Acme said profits rose. Smith said so. Share this"


def _gold() -> dict:
    return {
        "id": "a1",
        "text": TEXT,
        "units": [
            {"start": 0, "end": 23, "status": "sourced"},
            {"start": 24, "end": 38, "status": "unverified_named"},
            {"start": 39, "end": 49, "status": "not_a_claim"},
        ],
        "people": [{"name": "John Smith", "identifiable": False}],
    }


def _analysis(second: Status, flagged: str | None) -> Analysis:
    claims = [
        Claim(0, 23, 0, TEXT[0:23], Status.SOURCED, ""),
        Claim(24, 38, 0, TEXT[24:38], second, "because"),
    ]
    sources = [Source(0, flagged, SourceType.PERSON, None, None, False)] if flagged else []
    return Analysis(TEXT, [], claims, sources)


def test_units_match_the_claim_covering_most_of_them_and_no_claim_is_not_a_claim():
    result = score([_gold()], [_analysis(Status.UNVERIFIED_NAMED, "Smith")])
    assert result.units == 3 and result.accuracy == 1.0
    assert result.scores("unverified_named")[:2] == (1.0, 1.0)
    assert result.people_scores() == (1.0, 1.0)  # "Smith" matches "John Smith" on the surname


def test_errors_and_people_misses_are_counted():
    result = score([_gold()], [_analysis(Status.SOURCED, "Jones")])
    assert result.accuracy == 2 / 3
    assert result.confusion[("unverified_named", "sourced")] == 1
    assert dict(result.people) == {"tp": 0, "fp": 1, "fn": 1}
    report = format_status_report(result, errors=True)
    assert "gold unverified_named / predicted sourced" in report
    assert "SUMMARY articles=1 units=3 accuracy=0.667" in report


def test_best_claim_prefers_the_larger_overlap():
    a, b = Claim(0, 10, 0, "", Status.SOURCED, ""), Claim(10, 30, 0, "", Status.HEDGED, "")
    assert best_claim(5, 25, [a, b]) is b
    assert best_claim(40, 50, [a, b]) is None


def test_the_command_scores_a_folder(tmp_path, capsys):
    (tmp_path / "a1.json").write_text(json.dumps(_gold()), encoding="utf-8")
    assert evaluate.main(["--status", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "SUMMARY articles=1 units=3" in out


def test_the_command_refuses_a_folder_without_articles(tmp_path, capsys):
    assert evaluate.main(["--status", str(tmp_path)]) == 2
    assert "no labelled articles" in capsys.readouterr().err

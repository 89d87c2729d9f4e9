"""Tests of the PolNeAR evaluator on small synthetic brat files (no corpus text in the repo)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.analysis import evaluate as ev
from factcheck.analysis import polnear
from factcheck.analysis.model import Analysis, Attribution, AttributionKind, Claim, Span, Status

# --- a synthetic two-document corpus ----------------------------------------------------------------

TEXT_A = "Mayor Jo Lee said the bridge will close. Traffic was heavy. “Taxes rise,” a spokesman said.\n"
TEXT_B = "Officials said the vote is Tuesday. Nobody knows why.\n"


def _off(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def _t(tid: str, kind: str, text: str, *subs: str) -> str:
    frags = [_off(text, s) for s in subs]
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{kind} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


def _ann_a() -> str:
    t = TEXT_A
    return "\n".join(
        [
            _t("T1", "Source", t, "Mayor Jo Lee"),
            _t("T2", "Cue", t, "said"),
            _t("T3", "Content", t, "the bridge will close"),
            _t("T4", "Attribution", t, "Mayor Jo Lee said the bridge will close"),
            _t("T5", "Content", t, "“Taxes rise,”"),
            _t("T6", "Source", t, "a spokesman"),
            _t("T7", "Cue", t, "said."),
            _t("T8", "Discuss", t, "Traffic"),
            "E1\tAttribution:T4 Cue:T2 Source:T1 Content:T3",
            "E2\tAttribution:T4 Cue:T7 Source:T6 Content:T5",
            "#1\tAnnotatorNotes T8\tis this a claim?",
            "",
        ]
    )


def _ann_b() -> str:
    t = TEXT_B
    return "\n".join(
        [
            _t("T1", "Source", t, "Officials"),
            _t("T2", "Cue", t, "said"),
            _t("T3", "Content", t, "the vote is Tuesday"),
            "E1\tAttribution:T9 Cue:T2 Source:T1 Content:T3",
            "",
        ]
    )


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] in " \n"):
            out.append((start, i + 1))
            start = i + 2
    return out


def _claims_from_gold(text: str, gold: polnear.GoldAnnotation) -> list[Claim]:
    claims = []
    for s, e in _sentences(text):
        attributions = []
        for att in gold.attributions:
            cue = gold.spans.get(att.cue or "")
            if cue is None or not s <= cue.start < e:
                continue

            def span(tid: str | None) -> Span | None:
                g = gold.spans.get(tid or "")
                return None if g is None else Span(g.start, g.end, text[g.start : g.end])

            content = att.content[0] if att.content else None
            attributions.append(Attribution(AttributionKind.INDIRECT, span(att.cue), span(att.source), span(content)))
        status = Status.SOURCED if attributions else Status.UNATTRIBUTED
        claims.append(Claim(s, e, 0, text[s:e], status, "test", attributions))
    return claims


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A split folder with two articles; article A has two annotators."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a_doc.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "text" / "b_doc.txt").write_text(TEXT_B, encoding="utf-8")
    (tmp_path / "text" / "c_unannotated.txt").write_text("No annotation.\n", encoding="utf-8")
    (tmp_path / "attributions" / "a_doc_aaaa.ann").write_text(_ann_a(), encoding="utf-8")
    (tmp_path / "attributions" / "a_doc_zzzz.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "b_doc_bbbb.ann").write_text(_ann_b(), encoding="utf-8")
    return tmp_path


def perfect_analyzer(corpus: Path):
    """A fake ``analyze`` that returns the gold spans of the scored annotation."""
    gold = {d.read_text(): d.read_gold() for d in polnear.find_documents(corpus)}

    def analyze(text: str) -> Analysis:
        return Analysis(text, [], _claims_from_gold(text, gold[text]), [])

    return analyze


def empty_analyze(text: str) -> Analysis:
    """A fake ``analyze`` that finds sentences but no attributions."""
    claims = [Claim(s, e, 0, text[s:e], Status.UNATTRIBUTED, "test") for s, e in _sentences(text)]
    return Analysis(text, [], claims, [])


# --- brat parsing -----------------------------------------------------------------------------------


def test_parse_ann_spans_kinds_and_e_lines() -> None:
    ann = polnear.parse_ann(_ann_a())
    assert sorted(ann.spans) == ["T1", "T2", "T3", "T5", "T6", "T7"]  # Attribution, Discuss ignored
    assert ann.spans["T1"].role == "source"
    assert ann.spans["T2"].fragments == (_off(TEXT_A, "said"),)
    assert [(a.id, a.cue, a.source, a.content) for a in ann.attributions] == [
        ("E1", "T2", "T1", ["T3"]),
        ("E2", "T7", "T6", ["T5"]),
    ]
    assert ann.skipped_lines == 1  # the AnnotatorNotes line; blank lines are not counted


def test_parse_ann_discontinuous_unsorted_and_semicolon_in_text() -> None:
    content = "T9\tContent 25 40;10 20\tpart; other part\nE1\tAttribution-no-source:T3 Cue:T2 Content:T9\n"
    ann = polnear.parse_ann(content)
    span = ann.spans["T9"]
    assert span.fragments == ((10, 20), (25, 40))
    assert (span.start, span.end) == (10, 40)
    assert ann.attributions[0].source is None and ann.attributions[0].content == ["T9"]


def test_parse_ann_odd_lines() -> None:
    content = (
        "T1\tContent 0 30\tfirst line of a span text\n"
        "that goes on after a newline\n"
        "\n"
        "T2\tCue 31 35\tsaid\n"
        "T3\tDiscard 0 5\tfirst\n"
        "E1\tAttribution:T4 Cue:T2 Content:T1 Content2:T5\n"
        "E2\tAttribution-no-source:T6 \n"
        "T7\tSource 7 7\t\n"
        "garbage\n"
    )
    ann = polnear.parse_ann(content)
    assert sorted(ann.spans) == ["T1", "T2"]  # empty span T7 dropped
    assert ann.attributions[0].content == ["T1", "T5"]
    assert ann.attributions[1].cue is None
    assert ann.skipped_lines == 2


def test_by_role_deduplicates() -> None:
    ann = polnear.parse_ann("T1\tCue 5 9\tsaid\nT2\tCue 5 9\tsaid\nT3\tCue 0 4\tsays\n")
    assert [s.fragments for s in ann.by_role("cue")] == [((0, 4),), ((5, 9),)]


def test_find_documents_picks_first_annotator(corpus: Path) -> None:
    docs = polnear.find_documents(corpus)
    assert [d.name for d in docs] == ["a_doc", "b_doc"]
    assert docs[0].annotator == "aaaa" and docs[0].annotators == ["aaaa", "zzzz"]
    assert docs[1].annotators == ["bbbb"]


# --- matching ---------------------------------------------------------------------------------------


def _gold(*fragments: tuple[int, int], role: str = "cue") -> polnear.GoldSpan:
    return polnear.GoldSpan("T1", role, tuple(sorted(fragments)))


def test_overlap_match() -> None:
    g = _gold((10, 20))
    assert ev.span_matches((15, 30), g, "overlap")
    assert ev.span_matches((0, 11), g, "overlap")
    assert not ev.span_matches((20, 30), g, "overlap")  # touching is not overlapping
    assert not ev.span_matches((0, 10), g, "overlap")


def test_overlap_match_discontinuous_counts_any_fragment_only() -> None:
    g = _gold((10, 20), (30, 40))
    assert ev.span_matches((35, 50), g, "overlap")
    assert not ev.span_matches((22, 28), g, "overlap")  # inside the hull, in the gap


def test_exact_match_fragments_and_hull() -> None:
    g = _gold((10, 20), (30, 40))
    assert ev.span_matches((10, 20), g, "exact")
    assert ev.span_matches((30, 40), g, "exact")
    assert ev.span_matches((10, 40), g, "exact")
    assert not ev.span_matches((10, 21), g, "exact")
    assert not ev.span_matches((11, 40), g, "exact")
    with pytest.raises(ValueError):
        ev.span_matches((10, 20), g, "fuzzy")


def test_match_role_counts() -> None:
    golds = [_gold((0, 10)), _gold((20, 30)), _gold((50, 60))]
    preds = [(5, 8), (5, 8), (0, 10), (25, 35), (40, 45), (7, 7)]  # duplicate and empty span dropped
    r = ev.match_role(preds, golds, "overlap")
    c = r.counts
    assert (c.pred, c.gold, c.tp_pred, c.fp, c.tp_gold, c.fn) == (4, 3, 3, 1, 2, 1)
    assert r.false_positives == [(40, 45)]
    assert [g.fragments for g in r.false_negatives] == [((50, 60),)]
    assert c.precision == pytest.approx(0.75) and c.recall == pytest.approx(2 / 3)
    e = ev.match_role(preds, golds, "exact").counts
    assert (e.tp_pred, e.tp_gold) == (1, 1)


def test_counts_zero_division() -> None:
    c = ev.Counts()
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)


# --- sentence labelling -----------------------------------------------------------------------------


def test_gold_attributed_by_cue_overlap() -> None:
    gold = polnear.parse_ann("T1\tCue 15 19\tsaid\n")
    assert ev.gold_attributed(10, 30, gold)
    assert not ev.gold_attributed(19, 30, gold)


def test_gold_attributed_by_half_content() -> None:
    # Sentence 0-20; content fragments 0-6 and 16-20 (10 chars: exactly half) plus an overlap.
    gold = polnear.parse_ann("T1\tContent 0 6;16 20\tx\nT2\tContent 2 5\tx\n")
    assert ev.gold_attributed(0, 20, gold)
    assert not ev.gold_attributed(0, 21, gold)  # 10 of 21 characters
    assert not ev.gold_attributed(5, 5, gold)  # empty sentence


def test_predicted_attributed() -> None:
    span = Span(0, 4, "said")
    att = Attribution(AttributionKind.INDIRECT, span, None, None)
    assert ev.predicted_attributed(Claim(0, 9, 0, "x", Status.UNATTRIBUTED, "", [att]))
    assert ev.predicted_attributed(Claim(0, 9, 0, "x", Status.HEDGED, ""))
    assert not ev.predicted_attributed(Claim(0, 9, 0, "x", Status.UNATTRIBUTED, ""))


def test_label_sentences_skips_not_a_claim() -> None:
    text = "A said b. Headline"
    gold = polnear.parse_ann("T1\tCue 2 6\tsaid\n")
    claims = [
        Claim(0, 9, 0, text[0:9], Status.UNATTRIBUTED, ""),
        Claim(10, 18, 1, text[10:18], Status.NOT_A_CLAIM, ""),
    ]
    labels = ev.label_sentences(Analysis(text, [], claims, []), gold)
    assert [(c.start, g, p) for c, g, p in labels] == [(0, True, False)]


# --- corpus and CLI ---------------------------------------------------------------------------------


def test_evaluate_perfect(corpus: Path) -> None:
    result = ev.evaluate(corpus, perfect_analyzer(corpus))
    assert result.documents == 2
    assert result.multi_annotated == {"a_doc": {"annotators": ["aaaa", "zzzz"], "scored": "aaaa"}}
    for match in ev.MATCHES:
        for role in ev.ROLES:
            c = result.spans[match][role]
            assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), (match, role)
    s = result.sentences
    assert (s.tp, s.fp, s.fn, s.tn) == (3, 0, 0, 2)
    assert s.f1 == 1.0


def test_cli_perfect_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main([str(corpus), "--json"], analyze=perfect_analyzer(corpus)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 2
    assert "first annotation file in sorted order" in out["annotator_note"]
    for match in ev.MATCHES:
        for role in ev.ROLES:
            assert out["spans"][match][role]["f1"] == 1.0
    assert out["sentences"]["f1"] == 1.0
    assert out["seconds"] >= 0


def test_cli_empty_predictions_table(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ev, "load_analyzer", lambda: empty_analyze)
    errors = tmp_path / "errors.jsonl"
    assert ev.main([str(corpus), "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "2 documents" in out and "scored aaaa of aaaa, zzzz" in out
    assert "Time:" in out
    rows = {tuple(line.split()[:2]): line.split() for line in out.splitlines() if line.startswith("c")}
    assert rows[("cue", "overlap")][-2:] == ["0.000", "0.000"]  # recall, F1
    assert rows[("content", "exact")][3] == "3"  # gold count
    records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert [r["document"] for r in records] == ["a_doc", "b_doc"]
    fn_a = records[0]["source"]["fn"]
    assert [f["text"] for f in fn_a] == ["Mayor Jo Lee", "a spokesman"]
    assert fn_a[0]["sentence"] == "Mayor Jo Lee said the bridge will close."
    assert records[0]["cue"]["fp"] == []
    assert [c["text"] for c in records[1]["sentences"]["fn"]] == ["Officials said the vote is Tuesday."]


def test_cli_limit(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main([str(corpus), "--json", "--limit", "1"], analyze=empty_analyze) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] == 1
    assert out["spans"]["overlap"]["cue"]["gold"] == 2


def test_cli_bad_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main([str(tmp_path / "missing")], analyze=empty_analyze) == 2
    assert "text/" in capsys.readouterr().err
    (tmp_path / "text").mkdir()
    assert ev.main([str(tmp_path)], analyze=empty_analyze) == 2
    assert "attributions" in capsys.readouterr().err
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "attributions" / "y_ab12.ann").write_text("", encoding="utf-8")
    assert ev.main([str(tmp_path)], analyze=empty_analyze) == 2
    assert "matching" in capsys.readouterr().err


def test_analyze_failure_names_the_document(corpus: Path) -> None:
    def broken(text: str) -> Analysis:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError) as info:
        ev.evaluate(corpus, broken)
    assert any("a_doc.txt" in note for note in info.value.__notes__)


def test_trim() -> None:
    text = "He said: “Taxes rise,” and left."
    start, end = _off(text, "“Taxes rise,”")
    assert text[slice(*ev.trim(start, end, text))] == "Taxes rise"
    assert ev.trim(7, 9, text) == (9, 9)  # ": " trims to nothing


def test_trimmed_match() -> None:
    text = "He said: “Taxes rise,” and “jobs go.”"
    gold = polnear.GoldSpan("T1", "content", (_off(text, "“Taxes rise,”"), _off(text, "“jobs go.”")))
    assert ev.span_matches(_off(text, "Taxes rise"), gold, "trimmed", text)
    assert ev.span_matches(_off(text, "jobs go"), gold, "trimmed", text)
    assert ev.span_matches(_off(text, "Taxes rise,” and “jobs go"), gold, "trimmed", text)  # hull
    assert not ev.span_matches(_off(text, "Taxes rise"), gold, "exact")
    assert not ev.span_matches(_off(text, "Taxes"), gold, "trimmed", text)
    with pytest.raises(ValueError):
        ev.span_matches(_off(text, "Taxes"), gold, "trimmed")

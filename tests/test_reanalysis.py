"""``flask --app factcheck reanalyse``: the automatic results replaced, every person's work kept."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import OperationalError

from factcheck.analysis import analyze
from factcheck.articles import reanalysis
from factcheck.articles.models import Article
from factcheck.articles.operations import ArticleData, ingest_article, storable
from factcheck.audit.models import AuditEvent
from factcheck.claims.models import Attribution, Claim
from factcheck.claims.status import PRIORITY_BY_STATUS
from factcheck.evidence.models import Evidence
from factcheck.extensions import db
from factcheck.review import operations as ops
from factcheck.review.models import Verdict
from factcheck.sources.models import ArticleSource, IdentityCheck, Source
from factcheck.sources.operations import record_identity_check
from tests.db_snapshot import snapshot
from tests.language_texts import GERMAN
from tests.review_helpers import rating, some_evidence, user
from tests.test_query_counts import counted

OLD_REASON = "no attribution: the old engine's reason"


@dataclass(frozen=True)
class Work:
    """Ids of what ``human_work`` made on the demo article."""

    article_id: int
    chambers_id: int  # taken, evidence, a published verdict; Robert Chambers identity-checked
    chambers_source_id: int
    corrected_id: int  # a reviewer's sourcing correction (status and source)
    corrected_source_id: int
    merged_id: int  # two sentences as one claim (an older split), with evidence: no longer produced
    merged_end: int
    evidence_ids: tuple[int, ...]
    verdict_id: int
    check_id: int


def claim_at(article_id: int, position: int) -> Claim:
    return db.session.scalar(select(Claim).where(Claim.article_id == article_id, Claim.position == position))


def merge(article: Article, first: Claim, second: Claim) -> None:
    """What an older sentence splitter gave: two sentences as one claim."""
    end = second.end
    db.session.delete(second)
    db.session.flush()
    first.end, first.text = end, article.text[first.start : end]


def human_work(app, article_id: int, make_user) -> Work:
    """A reviewer's and an editor's work on the demo article, then the article as an older engine left it:
    every claim unattributed with another reason and no attributions, the sources' rows wrong or missing,
    one registry source unknown, and two pairs of sentences stored as one claim each."""
    reviewer, editor = make_user("reviewer"), make_user("editor")
    with app.app_context():
        article = db.session.get(Article, article_id)
        reviewer, editor = user(reviewer.id), user(editor.id)
        chambers = claim_at(article_id, 11)
        assert "Robert Chambers" in chambers.text
        ops.take_claim(chambers, reviewer)
        evidence = some_evidence(chambers, reviewer)
        verdict = ops.save_verdict(chambers, reviewer, ops.VerdictInput(rating("False").id, "No such analyst", "None."))
        ops.propose_verdict(verdict, reviewer)
        ops.approve_verdict(verdict, editor)
        source = chambers.attributions[0].source
        check = record_identity_check(
            source, reviewer, result="nonexistent", evidence_url=None, note="No staff page anywhere."
        )
        corrected = claim_at(article_id, 2)
        ministry = db.session.scalar(select(Source).where(Source.name == "Russian Defense Ministry"))
        ops.correct_sourcing(
            corrected,
            reviewer,
            status="anonymous",
            source_id=ministry.id,
            reason="The ministry line comes from an unnamed official.",
        )
        merge(article, claim_at(article_id, 6), claim_at(article_id, 7))
        merged = claim_at(article_id, 17)
        merge(article, merged, claim_at(article_id, 18))
        merged_evidence = some_evidence(merged, editor, stance="context")  # editors may add to an untaken claim
        db.session.flush()

        # The older engine's results.
        claim_ids = select(Claim.id).where(Claim.article_id == article_id)
        db.session.execute(delete(Attribution).where(Attribution.claim_id.in_(claim_ids)))
        for claim in db.session.scalars(select(Claim).where(Claim.article_id == article_id)):
            claim.status, claim.reason, claim.paragraph = "unattributed", OLD_REASON, claim.paragraph + 1
            if claim.corrected_status is None:
                claim.priority = PRIORITY_BY_STATUS["unattributed"]
        rows = {
            row.source.name: row
            for row in db.session.scalars(select(ArticleSource).where(ArticleSource.article_id == article_id))
        }
        for row in rows.values():
            row.descriptor, row.is_identifiable, row.claim_count = "an old descriptor", True, 9
        db.session.delete(rows["Kremlin"])
        db.session.delete(rows["Elena Kovalenko"])
        db.session.flush()
        db.session.delete(rows["Elena Kovalenko"].source)
        article.claim_count = len(db.session.scalars(claim_ids).all())
        db.session.commit()
        return Work(
            article_id=article_id,
            chambers_id=chambers.id,
            chambers_source_id=source.id,
            corrected_id=corrected.id,
            corrected_source_id=ministry.id,
            merged_id=merged.id,
            merged_end=merged.end,
            evidence_ids=(evidence.id, merged_evidence.id),
            verdict_id=verdict.id,
            check_id=check.id,
        )


@pytest.fixture
def work(app, demo_article, make_user) -> Work:
    return human_work(app, demo_article, make_user)


def fresh_claims(text: str, digest: str) -> list[tuple]:
    """(start, end, status, reason, priority) of each claim a fresh ingestion stores."""
    return [
        (s, e, status, reason, priority)
        for s, e, _p, _t, status, reason, priority in storable(analyze(text), digest).claims
    ]


def test_reanalyse_replaces_the_automatic_results_and_keeps_every_persons_work(app, runner, work):
    with app.app_context():
        history_before = {event.id for event in db.session.scalars(select(AuditEvent))}
        article = db.session.get(Article, work.article_id)
        fresh = fresh_claims(article.text, article.content_hash)

    result = runner.invoke(args=["reanalyse"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"article {work.article_id}: 27 claims, ")
    assert "3 claims with reviewers' work kept" in lines[0]
    assert lines[1].startswith(
        f"  claim {work.merged_id} kept as it was: it has reviewers' work, and the new "
        "analysis no longer finds its sentence: “The use of U.S.-supplied missiles"
    )
    assert lines[-1].startswith("1 article: 1 changed, 0 unchanged, 0 failed; ")

    with app.app_context():
        article = db.session.get(Article, work.article_id)
        claims = article.claims
        assert article.claim_count == len(claims) == 27
        assert [claim.position for claim in claims] == list(range(27))
        assert [claim.start for claim in claims] == sorted(claim.start for claim in claims)
        # Every claim but the kept one is what a fresh ingestion gives, its automatic priority included ...
        merged = db.session.get(Claim, work.merged_id)
        outside = [row for row in fresh if not merged.start <= row[0] < merged.end]
        rows = [(c.start, c.end, c.status, c.reason, c.priority) for c in claims if c.id != work.merged_id]
        corrected = db.session.get(Claim, work.corrected_id)
        expected = [
            row if row[0] != corrected.start else (*row[:4], PRIORITY_BY_STATUS["anonymous"]) for row in outside
        ]
        assert rows == expected
        changed = sum(1 for row in expected if row[2] != "unattributed")
        assert f", {changed} statuses changed, " in lines[0] and changed > 10
        assert all(
            c.paragraph == a.paragraph
            for c, a in zip(
                [c for c in claims if c.id != work.merged_id],
                [
                    a
                    for a in analyze(article.text).claims
                    if a.status != "not_a_claim" and not merged.start <= a.start < merged.end
                ],
                strict=True,
            )
        )
        # ... and the kept claim is as it was: its text, old automatic result and evidence.
        assert (merged.end, merged.status, merged.reason) == (work.merged_end, "unattributed", OLD_REASON)
        assert merged.attributions == []

        chambers = db.session.get(Claim, work.chambers_id)
        assert (chambers.review_state, chambers.status, chambers.effective_status) == (
            "published",
            "unverified_named",
            "unverified_named",
        )  # the check found no such person
        assert chambers.assignee is not None
        assert [a.source_id for a in chambers.attributions] == [work.chambers_source_id]
        assert db.session.get(Verdict, work.verdict_id).state == "published"
        assert db.session.get(Verdict, work.verdict_id).claim_id == chambers.id
        assert {e.claim_id for e in db.session.scalars(select(Evidence))} == {chambers.id, merged.id}
        assert db.session.get(IdentityCheck, work.check_id).source_id == work.chambers_source_id
        assert db.session.get(Source, work.chambers_source_id).identity_status == "nonexistent"

        assert (corrected.corrected_status, corrected.corrected_source_id) == ("anonymous", work.corrected_source_id)
        assert corrected.correction_reason == "The ministry line comes from an unnamed official."
        assert corrected.effective_status == "anonymous"

        # The whole history is kept; the claims people work on say why their automatic result changed.
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert history_before <= {event.id for event in events}
        added = [event for event in events if event.id not in history_before]
        assert {(event.action, event.claim_id) for event in added} == {
            ("claim.reanalysed", work.chambers_id),
            ("claim.reanalysed", work.corrected_id),
        }
        reanalysed = next(event for event in added if event.claim_id == work.chambers_id)
        assert reanalysed.user_id is None
        assert reanalysed.before == {"reason": OLD_REASON, "status": "unattributed"}
        assert reanalysed.after["status"] == "unverified_named"

        # The article's sources are the analysis's again (a source the registry lost is back, new), with
        # their claim counts.
        appearances = {
            row.source.name: row
            for row in db.session.scalars(select(ArticleSource).where(ArticleSource.article_id == work.article_id))
        }
        names = {source.name for source in analyze(article.text).sources}
        assert set(appearances) == names
        assert appearances["Robert Chambers"].descriptor != "an old descriptor"
        assert not appearances["Robert Chambers"].is_identifiable
        assert appearances["Robert Chambers"].claim_count == 1
        assert appearances["Elena Kovalenko"].claim_count == 1
        assert appearances["Kremlin"].claim_count >= 1

    page = runner.app.test_client()
    from tests.conftest import log_in

    with app.app_context():
        email = db.session.get(Claim, work.chambers_id).assignee.email
    log_in(page, email)
    claim_page = page.get(f"/claims/{work.chambers_id}").get_data(as_text=True)
    assert "identity: does not appear to exist" in claim_page and "No such analyst" in claim_page
    report = page.get(f"/articles/{work.article_id}/sourcing").get_data(as_text=True)
    assert "Robert Chambers" in report and "does not appear to exist" in report


def test_reanalyse_twice_changes_nothing_the_second_time(app, runner, work):
    first = runner.invoke(args=["reanalyse"])
    assert first.exit_code == 0, first.output
    before = snapshot(app)
    with counted(app) as statements:
        second = runner.invoke(args=["reanalyse"])
    assert second.exit_code == 0, second.output
    assert snapshot(app) == before
    writes = [s for s in statements if s.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []  # not even a row rewritten with the values it had
    lines = second.output.strip().splitlines()
    assert lines[0] == f"article {work.article_id}: 27 claims, unchanged, 3 claims with reviewers' work kept"
    assert lines[1].startswith(f"  claim {work.merged_id} kept as it was")  # still not produced, still kept
    assert lines[-1] == (
        "1 article: 0 changed, 1 unchanged, 0 failed; 0 statuses changed, 3 claims with reviewers' work kept."
    )


def test_a_freshly_imported_article_is_unchanged(app, runner, demo_article):
    before = snapshot(app)
    result = runner.invoke(args=["reanalyse", "--article", str(demo_article)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"article {demo_article}: 28 claims, unchanged"
    assert snapshot(app) == before


def old_english(app, text: str, title: str) -> int:
    """An article stored by an engine that read every text as English: its claims unattributed."""
    with app.app_context():
        article = ingest_article(ArticleData(text=text, title=title)).article
        article.language = "en"
        for claim in article.claims:
            claim.status, claim.reason = "unattributed", OLD_REASON
        db.session.commit()
        return article.id


def test_an_article_stored_before_languages_were_detected_is_not_analysed_after(
    app, runner, reviewer_client, make_user
):
    german = old_english(app, GERMAN, "Haushalt")
    reviewer = make_user("reviewer")
    with app.app_context():
        claim = claim_at(german, 1)
        ops.correct_sourcing(
            claim, user(reviewer.id), status="sourced", source_id=None, reason="The council's minutes say so."
        )
        corrected_id = claim.id
        db.session.commit()
    assert "This article is in German" not in reviewer_client.get(f"/articles/{german}").get_data(as_text=True)

    result = runner.invoke(args=["reanalyse", "--article", str(german)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        article = db.session.get(Article, german)
        count = article.claim_count
        assert article.language == "de"
        assert {claim.status for claim in article.claims} == {"not_analysed"}
        assert {claim.priority for claim in article.claims if claim.id != corrected_id} == {
            PRIORITY_BY_STATUS["not_analysed"]
        }
        claim = db.session.get(Claim, corrected_id)
        assert (claim.status, claim.corrected_status, claim.effective_status) == ("not_analysed", "sourced", "sourced")
        assert claim.priority == PRIORITY_BY_STATUS["sourced"]
    assert result.output.splitlines()[0] == (
        f"article {german}: {count} claims, language en → de, {count} statuses changed, "
        "1 claim with reviewers' work kept"
    )
    page = reviewer_client.get(f"/articles/{german}").get_data(as_text=True)
    assert f"This article is in German. The sourcing analysis supports English only: its {count} claims" in page


def test_article_limits_the_run_and_may_be_repeated(app, runner, demo_article):
    first = old_english(app, GERMAN, "Eins")
    second = old_english(app, GERMAN.replace("Dienstag", "Mittwoch"), "Zwei")
    result = runner.invoke(args=["reanalyse", "--article", str(second)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"article {second}: ")
    with app.app_context():
        assert db.session.get(Article, first).language == "en"
        assert db.session.get(Article, second).language == "de"
    both = runner.invoke(
        args=["reanalyse", "--article", str(first), "--article", str(demo_article), "--article", str(first)]
    )
    assert both.exit_code == 0, both.output
    lines = both.output.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [f"article {first}", f"article {demo_article}"]
    assert lines[-1].startswith("2 articles: 1 changed, 1 unchanged, 0 failed; ")
    with app.app_context():
        assert db.session.get(Article, first).language == "de"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--article", "999"], "no article 999; nothing was re-analysed."),
        (["--article", "998", "--article", "999"], "no articles 998, 999; nothing was re-analysed."),
        (["--article", "twelve"], "'twelve' is not a valid integer"),
        (["--article", "0"], "0 is not in the range"),
        (["--article", str(2**40)], "is not in the range"),
    ],
)
def test_an_unknown_article_is_a_clear_error_and_nothing_changes(app, runner, demo_article, args, message):
    stale = old_english(app, GERMAN, "Alt")
    before = snapshot(app)
    result = runner.invoke(args=["reanalyse", "--article", str(stale), *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert snapshot(app) == before


def test_a_failure_leaves_that_article_as_it_was(app, runner, monkeypatch, demo_article):
    broken = old_english(app, GERMAN, "Kaputt")
    fine = old_english(app, GERMAN.replace("Dienstag", "Freitag"), "Gut")
    with app.app_context():
        untouched = {
            claim.id: (claim.position, claim.status, claim.reason, claim.version_id)
            for claim in db.session.get(Article, broken).claims
        }
    original = reanalysis._update_article_sources

    def failing(article, *args):
        if article.id == broken:
            raise OperationalError("UPDATE article_source ...", {}, Exception("the disk is full"))
        return original(article, *args)

    monkeypatch.setattr(reanalysis, "_update_article_sources", failing)
    result = runner.invoke(args=["reanalyse"])
    assert result.exit_code == 1
    assert f"article {broken}: failed, left as it was: " in result.output and "the disk is full" in result.output
    assert result.output.strip().splitlines()[-1].startswith("3 articles: 1 changed, 1 unchanged, 1 failed; ")
    with app.app_context():
        article = db.session.get(Article, broken)
        assert article.language == "en"
        assert {
            claim.id: (claim.position, claim.status, claim.reason, claim.version_id) for claim in article.claims
        } == untouched
        assert db.session.get(Article, fine).language == "de"


def test_claims_with_work_finds_every_kind_of_work(app, demo_article, make_user):
    reviewer, editor = make_user("reviewer"), make_user("editor")
    with app.app_context():
        article = db.session.get(Article, demo_article)
        reviewer, editor = user(reviewer.id), user(editor.id)
        claims = article.claims
        ops.take_claim(claims[0], reviewer)  # in review, assigned
        ops.reassign(claims[1], editor, reviewer)  # assigned (and in review)
        ops.correct_sourcing(claims[2], reviewer, status="hedged", source_id=None, reason="A hedge.")
        some_evidence(claims[3], editor)  # an editor may add evidence to a claim nobody has taken
        db.session.add(Verdict(claim_id=claims[4].id, author_id=reviewer.id, state="draft"))
        db.session.add(
            AuditEvent(entity_type="claim", entity_id=claims[5].id, claim_id=claims[5].id, action="claim.noted")
        )
        claims[6].review_state = "returned"  # a state whatever its cause
        db.session.flush()
        assert reanalysis.claims_with_work(article, claims) == {claim.id for claim in claims[:7]}
        db.session.rollback()


def test_the_operation_refuses_an_analysis_of_another_text(app, demo_article):
    with app.app_context():
        article = db.session.get(Article, demo_article)
        with pytest.raises(ValueError, match="another text"):
            reanalysis.reanalyse_article(article, analyze(article.text + "\nOne more sentence."))


def test_source_rows_a_person_relies_on_stay_when_the_analysis_no_longer_names_them(
    app, runner, reviewer_client, demo_article, make_user
):
    """An older engine's sources the new analysis does not find: the one a reviewer chose as a claim's source
    and the one with an identity check keep their rows in the article; one nobody relied on goes."""
    reviewer = make_user("reviewer")
    with app.app_context():
        names = {}
        for name, kind in (("Tuesday Morning", "person"), ("Old Agency", "organisation"), ("Nobody Else", "person")):
            source = Source(key=name.lower(), name=name, type=kind)
            db.session.add(source)
            db.session.flush()
            names[name] = source.id
            db.session.add(
                ArticleSource(
                    article_id=demo_article, source_id=source.id, descriptor="old", is_identifiable=False, claim_count=1
                )
            )
        claim = claim_at(demo_article, 4)  # unattributed: the old engine read a person into it
        claim.attributions.append(Attribution(kind="indirect", source_id=names["Tuesday Morning"]))
        other = claim_at(demo_article, 13)
        other.attributions.append(Attribution(kind="indirect", source_id=names["Nobody Else"]))
        record_identity_check(
            db.session.get(Source, names["Tuesday Morning"]),
            user(reviewer.id),
            result="nonexistent",
            evidence_url=None,
            note="A day of the week, not a person.",
        )
        corrected = claim_at(demo_article, 8)
        ops.correct_sourcing(
            corrected,
            user(reviewer.id),
            status="sourced",
            source_id=names["Old Agency"],
            reason="The agency's statement is the source.",
        )
        corrected_id = corrected.id
        db.session.commit()

    result = runner.invoke(args=["reanalyse"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = {
            row.source_id: row
            for row in db.session.scalars(select(ArticleSource).where(ArticleSource.article_id == demo_article))
        }
        assert names["Nobody Else"] not in rows
        assert rows[names["Tuesday Morning"]].claim_count == 0 and rows[names["Old Agency"]].claim_count == 0
        assert rows[names["Old Agency"]].descriptor == "old"
        assert db.session.get(Source, names["Nobody Else"]) is not None  # the registry keeps every source
        assert all(
            a.source_id not in names.values()
            for c in db.session.get(Article, demo_article).claims
            for a in c.attributions
        )
    form = reviewer_client.get(f"/claims/{corrected_id}/sourcing").get_data(as_text=True)
    assert f'<option selected value="{names["Old Agency"]}">Old Agency (organisation)</option>' in form
    report = reviewer_client.get(f"/articles/{demo_article}/sourcing").get_data(as_text=True)
    assert "Tuesday Morning" in report and "does not appear to exist" in report

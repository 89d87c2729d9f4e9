"""The benchmarks' generated databases still fit the schema: a benchmark that cannot fill its database
measures nothing (bench/exports.py once failed on a column added by a migration, unnoticed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from sqlalchemy import func, select

from factcheck.articles.operations import content_hash
from factcheck.claims.models import Claim
from factcheck.extensions import db
from factcheck.review.models import Verdict

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Claim)),
        db.session.scalar(select(func.count()).select_from(Verdict)),
    )


def test_the_pages_benchmark_fills_the_schema(app):
    pages = bench_module("pages")
    with app.app_context():
        ids = pages.populate(3)
        claims, verdicts = counts()
    assert claims == ids["claims"] == 3 * pages.CLAIMS_PER_ARTICLE and verdicts > 0


def test_the_exports_benchmark_fills_the_schema(app):
    exports = bench_module("exports")
    with app.app_context():
        exports.populate(2 * exports.CLAIMS_PER_ARTICLE)
        db.session.commit()
        claims, verdicts = counts()
    assert claims == verdicts == 2 * exports.CLAIMS_PER_ARTICLE


def test_the_import_benchmark_repeats_its_corpus_as_distinct_articles(tmp_path, monkeypatch):
    imports = bench_module("imports")
    folder = tmp_path / "polnear" / "train" / "text"
    folder.mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Article {name}.\n\nThe mayor said so.\n", encoding="utf-8")
    monkeypatch.setattr(imports, "POLNEAR", tmp_path / "polnear")
    paths, mix = imports.corpus(7, tmp_path / "work")
    texts = [path.read_text(encoding="utf-8") for path in paths]
    assert len(paths) == len({content_hash(text) for text in texts}) == 7  # not duplicates of each other
    assert mix == "3 PolNeAR texts + 4 copies of them"
    assert paths[:3] == sorted(folder.glob("*.txt"))  # the originals are read in place
    assert texts[3] == "Article a.\n\nThe mayor said so.\n\nCopy 2 of this text.\n"
    assert texts[6] == "Article a.\n\nThe mayor said so.\n\nCopy 3 of this text.\n"


def test_the_hostile_patterns_fill_their_size_in_bytes():
    hostile = bench_module("hostile")
    for name, make in hostile.patterns().items():
        size = len(hostile.text_of(make, 4096).encode())
        assert 4000 <= size <= 4096, name

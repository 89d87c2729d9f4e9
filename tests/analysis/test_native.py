"""The compiled analysis (mypyc, see setup.py) is used only while it matches its sources, and agrees with them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import factcheck.analysis
from factcheck.analysis import native

ANALYSIS = Path(factcheck.analysis.__file__).parent
REPO = ANALYSIS.parent.parent
SUFFIX = EXTENSION_SUFFIXES[0]
COMPILED_HERE = all(
    any((ANALYSIS / f"{name}{suffix}").exists() for suffix in EXTENSION_SUFFIXES) for name in native.COMPILED
)
needs_build = pytest.mark.skipif(not COMPILED_HERE, reason="the analysis is not compiled here (make compile)")


def fake_build(folder: Path, **changes) -> Path:
    """A folder with the compiled modules' sources, an (empty) extension file for each and their manifest."""
    folder.mkdir()
    for name in native.COMPILED:
        (folder / f"{name}.py").write_text(f"# {name}\n", encoding="utf-8")
        (folder / f"{name}{SUFFIX}").write_bytes(b"")
    (folder / f"{native.LIBRARY}{SUFFIX}").write_bytes(b"")
    manifest = {**native.manifest(folder), **changes}
    (folder / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_matching_build_is_used(tmp_path):
    assert native.stale_reason(fake_build(tmp_path / "a")) is None


def test_an_edited_source_is_not_shadowed_by_its_old_build(tmp_path):
    folder = fake_build(tmp_path / "a")
    with (folder / "attribution.py").open("a", encoding="utf-8") as source:
        source.write("# edited\n")
    assert native.stale_reason(folder) == "attribution.py has changed since it was compiled"


def test_a_build_for_another_python_is_not_used(tmp_path):
    assert native.stale_reason(fake_build(tmp_path / "a", python="cpython-399")) == (
        f"built for cpython-399, running {sys.implementation.cache_tag}"
    )


def test_a_partial_build_is_not_used(tmp_path):
    folder = fake_build(tmp_path / "a")
    (folder / f"engine{SUFFIX}").unlink()
    assert native.stale_reason(folder) == "engine was not compiled"


def test_a_build_without_its_shared_library_is_not_used(tmp_path):
    folder = fake_build(tmp_path / "a")
    (folder / f"{native.LIBRARY}{SUFFIX}").unlink()
    assert native.stale_reason(folder) == f"{native.LIBRARY} was not compiled"


@pytest.mark.parametrize("manifest", [None, "", "[]", '{"python": "cpython-311"}'])
def test_a_missing_or_broken_manifest_means_the_sources_run(tmp_path, manifest):
    folder = fake_build(tmp_path / "a")
    if manifest is None:
        (folder / native.MANIFEST).unlink()
    else:
        (folder / native.MANIFEST).write_text(manifest, encoding="utf-8")
    assert native.stale_reason(folder) == "native.json is missing or unreadable"


def run_analysis_build(path_first: Path, *, pure: bool = False) -> dict:
    """In a fresh interpreter with ``path_first`` first on sys.path: which build runs, and where from."""
    probe = (
        "import json, sys\n"
        "import factcheck.analysis as a\n"
        "names = [n for n in sys.modules if n.startswith('factcheck.analysis.')]\n"
        "print(json.dumps({'build': a.BUILD, 'files': {n: sys.modules[n].__file__ for n in names}}))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path_first), str(REPO)])}
    env.pop("FACTCHECK_PURE_ANALYSIS", None)
    if pure:
        env["FACTCHECK_PURE_ANALYSIS"] = "1"
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, cwd=path_first
    )
    return json.loads(result.stdout)


def copy_of_the_package(tmp_path: Path) -> Path:
    """factcheck/analysis copied (sources, extensions and manifest) under an empty ``factcheck`` package."""
    root = tmp_path / "copy"
    shutil.copytree(ANALYSIS, root / "factcheck" / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "factcheck" / "__init__.py").write_text("", encoding="utf-8")
    return root


@needs_build
def test_the_current_build_is_imported(tmp_path):
    root = copy_of_the_package(tmp_path)
    probe = run_analysis_build(root)
    assert probe["build"] == "compiled"
    assert probe["files"]["factcheck.analysis.engine"] == str(root / "factcheck" / "analysis" / f"engine{SUFFIX}")


@needs_build
def test_after_an_edit_every_compiled_module_runs_from_source(tmp_path):
    root = copy_of_the_package(tmp_path)
    with (root / "factcheck" / "analysis" / "sources.py").open("a", encoding="utf-8") as source:
        source.write("\nEDITED = True\n")
    probe = run_analysis_build(root)
    assert probe["build"] == "pure: sources.py has changed since it was compiled"
    for name in native.COMPILED:
        assert probe["files"][f"factcheck.analysis.{name}"].endswith(f"{name}.py")


@needs_build
def test_the_sources_run_on_request(tmp_path):
    probe = run_analysis_build(copy_of_the_package(tmp_path), pure=True)
    assert probe["build"] == "pure: FACTCHECK_PURE_ANALYSIS=1"
    assert all(path.endswith(".py") for path in probe["files"].values())


def analysis_output(files: list[Path], *, pure: bool) -> str:
    env = {key: value for key, value in os.environ.items() if key != "FACTCHECK_PURE_ANALYSIS"}
    if pure:
        env["FACTCHECK_PURE_ANALYSIS"] = "1"
    result = subprocess.run(  # noqa: S603 - this interpreter, the package's own CLI
        [sys.executable, "-m", "factcheck.analysis", "--jsonl", *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return result.stdout


@needs_build
def test_compiled_and_source_analysis_agree(tmp_path):
    # The demo article, awkward texts, and PolNeAR's dev texts when the corpus sits beside the checkout.
    texts = {
        "quotes.txt": '"We will not," said the mayor, who declined to comment.\n\nHe said: "Go."\n\n“It’s over,” '
        "critics argue, reportedly.",
        "names.txt": "Defense analyst Robert Chambers said it was late. Chambers added that Mr. Smith agreed.",
        "odd.txt": "İstanbul — ẞ; x.y.z. " * 30 + "\n\n* a list item\n\nThe end",
    }
    files = [REPO / "factcheck" / "demo" / "atacms-bryansk.txt"]
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    files += sorted((REPO.parent / "shared" / "polnear" / "dev" / "text").glob("*.txt"))
    compiled = analysis_output(files, pure=False)
    assert compiled.count("\n") == len(files)
    assert compiled == analysis_output(files, pure=True)

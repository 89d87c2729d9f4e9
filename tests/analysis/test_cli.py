"""The JSONL command line: one contract object per file, errors on stderr, non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

from factcheck.analysis.__main__ import main

DEMO = Path(str(resources.files("factcheck.demo").joinpath("atacms-bryansk.txt")))


def test_main_prints_one_object_per_file(tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text("Officials said the road would reopen.\n", encoding="utf-8")
    assert main(["--jsonl", str(DEMO), str(other)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["path"] == str(DEMO)
    assert len(first["claims"]) == 36
    assert {"id", "name", "type", "descriptor", "affiliation", "identifiable"} <= set(first["sources"][0])
    assert second["claims"][0]["status"] == "anonymous"
    att = second["claims"][0]["attributions"][0]
    text = other.read_text(encoding="utf-8")
    for role in ("cue", "source", "content"):
        span = att[role]
        assert text[span["start"] : span["end"]] == span["text"]


def test_missing_and_undecodable_files(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    good = tmp_path / "good.txt"
    good.write_text("The sky is blue.", encoding="utf-8")
    status = main(["--jsonl", str(tmp_path / "missing.txt"), str(bad), str(good)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "missing.txt" in err and "bad.txt" in err and "UTF-8" in err
    assert [json.loads(line)["path"] for line in out.splitlines()] == [str(good)]


def test_module_runs_as_subprocess():
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "factcheck.analysis", "--jsonl", str(DEMO)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert [c["status"] for c in record["claims"]].count("not_a_claim") == 8

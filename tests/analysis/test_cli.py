"""The JSONL command line: one contract object per line per file, errors on stderr, non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from factcheck.analysis.__main__ import main
from tests.analysis.helpers import SHARED

REPO = Path(__file__).resolve().parents[2]
DEMO = Path(str(resources.files("factcheck.demo").joinpath("atacms-bryansk.txt")))
CHECKER = SHARED / "tools" / "check_analysis_output.py"
STATUSES = {"sourced", "unverified_named", "anonymous", "hedged", "unattributed", "not_a_claim", "not_analysed"}
SOURCE_TYPES = {"person", "organisation", "government", "group", "outlet", "document"}
KINDS = {"direct_quote", "indirect", "according_to", "hedge"}

OTHER = "Officials said the road would reopen.\n\nThe Harbor Authority said on Tuesday that the port was safe.\n"


def check_record(record: dict, path: Path) -> None:
    """Everything the contract promises about one file's object."""
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()  # offsets are into the file as it is, line endings included
    assert set(record) == {"path", "language", "claims", "sources"}
    assert record["path"] == str(path)
    assert record["language"] == "en"
    ids = set()
    for source in record["sources"]:
        assert set(source) == {"id", "name", "type", "descriptor", "affiliation", "identifiable"}
        assert isinstance(source["id"], int) and isinstance(source["name"], str) and source["name"]
        assert source["type"] in SOURCE_TYPES
        assert source["descriptor"] is None or isinstance(source["descriptor"], str)
        assert source["affiliation"] is None or isinstance(source["affiliation"], str)
        assert isinstance(source["identifiable"], bool)
        ids.add(source["id"])
    assert len(ids) == len(record["sources"])
    last_end = 0
    for claim in record["claims"]:
        assert set(claim) == {"start", "end", "paragraph", "status", "reason", "attributions"}
        assert last_end <= claim["start"] < claim["end"] <= len(text)
        last_end = claim["end"]
        assert isinstance(claim["paragraph"], int)
        assert claim["status"] in STATUSES
        assert isinstance(claim["reason"], str) and claim["reason"]
        for att in claim["attributions"]:
            assert set(att) == {"kind", "cue", "source", "content", "source_id"}
            assert att["kind"] in KINDS
            for role in ("cue", "source", "content"):
                span = att[role]
                if span is not None:
                    assert set(span) == {"start", "end", "text"}
                    assert text[span["start"] : span["end"]] == span["text"]
            assert att["source_id"] is None or att["source_id"] in ids


def test_one_object_per_line_per_file(tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_bytes(OTHER.replace("\n", "\r\n").encode("utf-8"))
    assert main(["--jsonl", str(DEMO), str(other)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    check_record(first, DEMO)
    check_record(second, other)
    assert first["claims"] and first["sources"]
    assert [c["status"] for c in second["claims"]] == ["anonymous", "sourced"]
    (att,) = second["claims"][0]["attributions"]
    assert att["cue"]["text"] == "said" and att["source"]["text"] == "Officials"


def test_unreadable_and_undecodable_files_are_reported_and_the_others_printed(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    good = tmp_path / "good.txt"
    good.write_text("The sky is blue.", encoding="utf-8")
    status = main(["--jsonl", str(tmp_path / "missing.txt"), str(bad), str(good), str(tmp_path)])
    out, err = capsys.readouterr()
    assert status != 0
    errors = err.splitlines()
    assert len(errors) == 3, err  # the missing file, the non-UTF-8 one and the directory
    assert "missing.txt" in errors[0] and "bad.txt" in errors[1] and "UTF-8" in errors[1]
    assert str(tmp_path) in errors[2]
    assert [json.loads(line)["path"] for line in out.splitlines()] == [str(good)]


def test_jsonl_flag_is_required(capsys):
    with pytest.raises(SystemExit) as info:
        main([str(DEMO)])
    assert info.value.code == 2
    assert "--jsonl" in capsys.readouterr().err


def _run_module(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "factcheck.analysis", "--jsonl", *map(str, files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=REPO,
    )


def test_module_runs_as_a_subprocess(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe broken")
    proc = _run_module(DEMO, bad)
    assert proc.returncode == 1
    assert "bad.txt" in proc.stderr
    (line,) = proc.stdout.splitlines()
    record = json.loads(line)
    check_record(record, DEMO)
    first = record["claims"][0]
    assert DEMO.read_text(encoding="utf-8")[first["start"] : first["end"]] == "Skip to main content"
    assert first["status"] == "not_a_claim"


@pytest.mark.skipif(not CHECKER.is_file(), reason="the shared contract checker (../shared/tools) is not here")
def test_output_passes_the_shared_contract_checker(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    german = tmp_path / "german.txt"
    german.write_text(
        "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen. Die Opposition kritisierte den Plan.\n",
        encoding="utf-8",
    )
    proc = _run_module(DEMO, other, german)
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run(  # noqa: S603 - our own interpreter and the shared checker script
        [sys.executable, str(CHECKER)],
        input=proc.stdout,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        cwd=REPO,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "contract: 3 documents, 0 problems" in check.stdout

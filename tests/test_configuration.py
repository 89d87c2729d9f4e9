"""docs/configuration.md lists every environment variable the code reads, once, and nothing else (issue 17).

The code side is read from the sources' syntax trees: ``os.environ.get("X")``, ``os.getenv("X")``,
``os.environ["X"]``, ``"X" in os.environ``, and calls of the helpers in ``ENV_HELPERS`` (which read the variable
they are given). A read whose name is not a string literal anywhere else fails the test: the variable it reads
could not be checked.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "configuration.md"
# Functions that read the environment variable named by their first argument: {file: {function}}.
ENV_HELPERS = {"gunicorn.conf.py": {"_whole_number"}}
ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|")


def sources() -> list[Path]:
    return [ROOT / "config.py", ROOT / "gunicorn.conf.py", *sorted((ROOT / "factcheck").rglob("*.py"))]


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name)


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def environment_reads(path: Path, root: Path = ROOT) -> tuple[set[str], list[str]]:
    """The variables ``path`` reads, and the reads whose variable is not a literal (outside the helpers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    helpers = ENV_HELPERS.get(path.relative_to(root).as_posix(), set())
    names: set[str] = set()
    unchecked: list[str] = []
    inside_helper: set[ast.AST] = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef) and function.name in helpers:
            inside_helper.update(ast.walk(function))

    def read(node: ast.AST, argument: ast.AST | None) -> None:
        name = _literal(argument)
        if name is not None:
            names.add(name)
        elif node not in inside_helper:
            unchecked.append(f"{path.relative_to(root)}:{node.lineno}")  # type: ignore[attr-defined]

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            first = node.args[0] if node.args else None
            environ_get = isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value)
            getenv = isinstance(func, ast.Attribute) and func.attr == "getenv"
            if environ_get or getenv or (isinstance(func, ast.Name) and func.id in helpers):
                read(node, first)
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            read(node, node.slice)
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            read(node, node.left)
    return names, unchecked


def code_variables() -> set[str]:
    names: set[str] = set()
    unchecked: list[str] = []
    for path in sources():
        found, hidden = environment_reads(path)
        names |= found
        unchecked += hidden
    assert not unchecked, f"environment reads this test cannot name (use a literal, or add to ENV_HELPERS): {unchecked}"
    return names


def documented_variables() -> Counter[str]:
    return Counter(m.group(1) for line in DOC.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line)))


def test_every_variable_the_code_reads_is_documented_once_and_no_other():
    code = code_variables()
    documented = documented_variables()
    assert len(code) >= 25  # the scan finds the reads at all
    assert sorted(code - set(documented)) == [], "read by the code, missing from docs/configuration.md"
    assert sorted(set(documented) - code) == [], "in docs/configuration.md, read nowhere in the code"
    assert [name for name, count in documented.items() if count > 1] == [], "listed more than once"


def test_the_scan_sees_each_way_of_reading_the_environment(tmp_path):
    """The scanner itself: every form of read is found, and a read it cannot name is reported."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        'A = os.environ.get("A_VAR")\n'
        'B = os.getenv("B_VAR", "x")\n'
        'C = os.environ["C_VAR"]\n'
        'D = "D_VAR" in os.environ\n'
        "E = os.environ.get(name)\n",
        encoding="utf-8",
    )
    names, unchecked = environment_reads(sample, root=tmp_path)
    assert names == {"A_VAR", "B_VAR", "C_VAR", "D_VAR"}
    assert unchecked == ["sample.py:6"]

"""Build step: the analysis core compiled to a C extension with mypyc, when it can be.

The metadata lives in setup.cfg; this file only adds the compiled analysis. ``factcheck/analysis`` stays
plain, typed Python and is the reference: mypyc turns the modules below into a C extension of the same
names (about 2.2 times faster, same output), as black and mypy ship themselves. Without mypy or a C
compiler, or with ``FACTCHECK_PURE_BUILD=1``, the package is installed as pure Python and works the same.

Next to the extension the build writes ``factcheck/analysis/native.json``: a SHA-256 of each compiled
source. ``factcheck.analysis`` imports the compiled modules only while every source still matches, so an
edited source is never shadowed by an old build (``make`` rebuilds it; see the Makefile's ``compile``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ANALYSIS = "factcheck/analysis"


def _native():
    """factcheck/analysis/native.py, loaded on its own (importing the package would need its dependencies)."""
    spec = importlib.util.spec_from_file_location("factcheck_analysis_native", f"{ANALYSIS}/native.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NATIVE = _native()
COMPILED = NATIVE.COMPILED  # the modules to compile, and the order they import one another


class BuildAnalysis(build_ext):
    """build_ext that writes the manifest beside the extension, and falls back to pure Python on failure."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # a missing or failing C compiler: install the pure-Python package
            print(f"warning: compiling the analysis failed, installing it as pure Python ({exc})", file=sys.stderr)
            return
        engine = Path(self.get_ext_fullpath("factcheck.analysis.engine"))
        if not self.inplace:
            engine = Path(self.build_lib) / ANALYSIS / engine.name
        manifest = NATIVE.manifest(Path(ANALYSIS))
        (engine.parent / NATIVE.MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _extensions() -> list:
    if os.environ.get("FACTCHECK_PURE_BUILD") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("warning: mypy is not installed, installing the analysis as pure Python", file=sys.stderr)
        return []
    # blingfire ships no type information: the one call into it is typed Any in sentences.py.
    paths = [f"{ANALYSIS}/{name}.py" for name in COMPILED]
    # The group's shared library goes in the package (a dotted group name puts it there): beside the sources,
    # it is found wherever the package is, an editable install included.
    group = "factcheck.analysis." + NATIVE.LIBRARY.removesuffix("__mypyc")
    return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *paths], group_name=group)


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildAnalysis})

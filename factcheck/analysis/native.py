"""Which build of the analysis runs: the mypyc-compiled modules, or their Python sources.

``setup.py`` may compile the modules of :data:`COMPILED` to C extensions that sit beside their sources;
Python's importer then prefers the extension. That is only right while the extension was built from the
sources that are there now, so the build records a SHA-256 of each source (``native.json``) and
:func:`select` checks it before anything else of the package is imported. When a source has changed
since (an edit, a checkout), or ``FACTCHECK_PURE_ANALYSIS=1`` asks for it, every compiled module is
loaded from its source instead, so the output is always that of the code on disk. This module itself is
never compiled.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from types import ModuleType

# In the order they import one another: each is loaded after those it imports. setup.py compiles these.
COMPILED = ("model", "words", "blocks", "sentences", "sources", "attribution", "engine")
MANIFEST = "native.json"
# The extension that holds the compiled code of all of them (mypyc's shared library for the group, which
# setup.py names ``factcheck.analysis.compiled``); each module's own extension is a stub that imports it.
# It sits in the package, so it is found wherever the package is.
LIBRARY = "compiled__mypyc"


def _built(folder: Path, name: str) -> bool:
    return any((folder / f"{name}{suffix}").exists() for suffix in EXTENSION_SUFFIXES)


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(folder: Path) -> dict:
    """What a build of the sources in ``folder`` records: this Python, and each compiled source's digest."""
    return {
        "python": sys.implementation.cache_tag,
        "sources": {name: source_digest(folder / f"{name}.py") for name in COMPILED},
    }


def stale_reason(folder: Path) -> str | None:
    """Why the compiled modules in ``folder`` must not be used (None: they match their sources)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        recorded = manifest["sources"]
        python = manifest["python"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"{MANIFEST} is missing or unreadable"
    if python != sys.implementation.cache_tag:
        return f"built for {python}, running {sys.implementation.cache_tag}"
    if not _built(folder, LIBRARY):
        return f"{LIBRARY} was not compiled"
    for name in COMPILED:
        if not _built(folder, name):
            return f"{name} was not compiled"
        try:
            digest = source_digest(folder / f"{name}.py")
        except OSError:
            return f"{name}.py is missing"
        if recorded.get(name) != digest:
            return f"{name}.py has changed since it was compiled"
    return None


def _load_source(package: ModuleType, folder: Path, name: str) -> None:
    """Import ``package.name`` from its ``.py`` file even though an extension module sits beside it."""
    fullname = f"{package.__name__}.{name}"
    spec = importlib.util.spec_from_file_location(fullname, folder / f"{name}.py")
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a source loader
        raise ImportError(f"cannot load {fullname} from source")
    module = importlib.util.module_from_spec(spec)
    sys.modules[fullname] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[fullname]
        raise
    setattr(package, name, module)


def select(package: ModuleType) -> str:
    """Load the analysis modules of ``package`` (while it is being initialised); returns which build runs.

    ``"compiled"``, ``"pure"`` (nothing compiled) or ``"pure: <why the compiled build is not used>"``.
    """
    folder = Path(package.__file__ or "").parent
    if not any(_built(folder, name) for name in COMPILED):
        return "pure"
    if os.environ.get("FACTCHECK_PURE_ANALYSIS") == "1":
        reason: str | None = "FACTCHECK_PURE_ANALYSIS=1"
    else:
        reason = stale_reason(folder)
    if reason is None:
        return "compiled"
    for name in COMPILED:
        _load_source(package, folder, name)
    return f"pure: {reason}"

"""Write the person-name lists of the analysis from the US Census Bureau's 1990 name files.

usage: python scripts/derive_names.py DIR

``DIR`` holds ``dist.male.first``, ``dist.female.first`` and ``dist.all.last``: the Census Bureau's
frequency files of the 1990 census (public domain), as the PyPI package ``names`` 0.3.0 ships them
(``pip download names==0.3.0 --no-deps`` and unpack it: they are in ``names-0.3.0/names/``). Writes
``factcheck/analysis/lexicons/first_names.txt`` (every first name, with m, f or mf: the sex of most of its
bearers, both when neither has 80 %) and ``surnames.txt`` (the most frequent surnames, covering about 80 %
of the population). Names are written capitalised ("Mcdonald" stays as the census spells it: the analysis
compares lowercase).
"""

from __future__ import annotations

import sys
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "factcheck" / "analysis" / "lexicons"
SURNAMES = 10_000  # the most frequent surnames; the tail of the list is mostly rare words and spellings


def read(path: Path) -> list[tuple[str, float]]:
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            rows.append((fields[0].capitalize(), float(fields[1])))
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    folder = Path(argv[0])
    # Census frequencies are percentages of each sex; men and women are about equal in number.
    male = dict(read(folder / "dist.male.first"))
    female = dict(read(folder / "dist.female.first"))
    lines = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        sex = "m" if m >= 0.8 * (m + f) else "f" if f >= 0.8 * (m + f) else "mf"
        lines.append(f"{name} | {sex}")
    header = [
        "# first_names.txt: given names, with the sex most of their bearers have (m, f, or mf when neither has",
        "#   80 %): evidence that a capitalised word is a person's name, and the gender a later he/she agrees with.",
        "# Provenance: written by `python scripts/derive_names.py DIR` from the US Census Bureau's 1990 census",
        "#   name frequency files dist.male.first and dist.female.first (public domain; as shipped in the PyPI",
        f"#   package names 0.3.0). All {len(lines):,} distinct names. Do not edit by hand: rerun the script.",
        "# Format: `Name | m|f|mf`, one name per line.",
    ]
    (LEXICONS / "first_names.txt").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    last = [name for name, _ in read(folder / "dist.all.last")[:SURNAMES]]
    header = [
        "# surnames.txt: the most frequent family names: evidence that a capitalised word is a person's name.",
        "# Provenance: written by `python scripts/derive_names.py DIR` from the US Census Bureau's 1990 census",
        "#   name frequency file dist.all.last (public domain; as shipped in the PyPI package names 0.3.0): its",
        f"#   first {SURNAMES:,} names by frequency. Do not edit by hand: rerun the script.",
        "# Format: one name per line.",
    ]
    (LEXICONS / "surnames.txt").write_text("\n".join(header + sorted(set(last))) + "\n", encoding="utf-8")
    print(f"first_names.txt: {len(lines)} names; surnames.txt: {len(set(last))} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

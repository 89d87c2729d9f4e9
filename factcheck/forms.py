"""Small helpers shared by every feature's forms."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def options(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """SelectField/RadioField choices from (value, label) pairs; None becomes the empty value."""
    return [SelectChoice("" if value is None else value, label) for value, label in pairs]

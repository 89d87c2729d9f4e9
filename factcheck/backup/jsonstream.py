"""Reading a dump's JSON a piece at a time: the envelope's members, then each table's rows one by one, so a
restore holds one row of the file in memory, not the whole document (issue 17).

Each value (an envelope member, a row) is parsed by the standard library's decoder, with the hooks that refuse
what no dump holds: a key twice in one object, NaN or Infinity, a number too large for any column, nesting deeper
than ``MAX_DEPTH`` (counted from the document's top).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import IO, Any

# The format nests five deep (document, tables, a table, a row, an audit event's JSON); the JSON columns hold
# a few levels more at most. Deeper is no dump of ours, and Python's parser would run out of stack.
MAX_DEPTH = 32
CHUNK_CHARACTERS = 1 << 16
# For the nesting depth of a JSON text: its strings (brackets in them do not count), and what is not a bracket.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING = {"[": 1, "{": 1, "]": -1, "}": -1}
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class BackupError(ValueError):
    """A dump cannot be written or restored as asked; the message says why."""


class Refused(Exception):
    """One value refused while parsing or checking; ``restore_database`` turns these into a BackupError."""


def nesting_depth(document: str) -> int:
    """How deep a JSON text nests (objects and arrays), counted without recursion and in linear time: its
    strings removed, then its brackets alone summed up (for a text that is not JSON, an estimate)."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", document))
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0)


def shown(value: Any, width: int = 40) -> str:
    """A value as a message shows it: its repr (control characters escaped), cut to ``width``."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _parse_float(digits: str) -> float:
    number = float(digits)
    if not math.isfinite(number):
        raise Refused(f"it holds the number {digits[:30]}, which is too large to be stored")
    return number


def _parse_constant(name: str) -> Any:
    raise Refused(f"it holds {name}, which is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise Refused(f"one of its objects has the key {shown(key)} twice (which one counts is unclear)")
        result[key] = value
    return result


_DECODER = json.JSONDecoder(parse_float=_parse_float, parse_constant=_parse_constant, object_pairs_hook=_unique_keys)


def _not_a_dump(reason: str) -> BackupError:
    return BackupError(f"This is not a factcheck dump: {reason}.")


class DumpStream:
    """A JSON text read from ``stream`` in chunks. ``members()`` yields the top-level object's members; the
    member ``tables``, when it is an object, comes as an iterator of ``(name, rows)``, where ``rows`` is an
    iterator of ``(number, row)`` (from 1) when the table is a list, else the value itself. Each iterator must be
    used up (or left, if the restore stops) before the next item is asked for."""

    def __init__(self, stream: IO[str], chunk: int = CHUNK_CHARACTERS) -> None:
        self.stream = stream
        self.chunk = chunk
        self.buffer = ""
        self.position = 0  # in buffer
        self.consumed = 0  # characters dropped from the buffer's front
        self.ended = False

    # --- the buffer --------------------------------------------------------------------------------------

    def _read_more(self, at_least: int) -> bool:
        """Append at least ``at_least`` characters (fewer at the end of the stream); False at its end."""
        if self.ended:
            return False
        try:
            text = self.stream.read(max(self.chunk, at_least))
        except UnicodeDecodeError as error:
            raise _not_a_dump(f"it is not UTF-8 text ({error.reason})") from None
        if not text:
            self.ended = True
            return False
        if self.position:  # what was parsed is dropped: the buffer holds the value being read and a chunk
            self.consumed += self.position
            self.buffer = self.buffer[self.position :]
            self.position = 0
        self.buffer += text
        return True

    def _next_character(self) -> str:
        """The next character that is not whitespace, left unread ("" at the end of the text)."""
        while True:
            self.position = _WHITESPACE.match(self.buffer, self.position).end()  # type: ignore[union-attr]
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self._read_more(self.chunk):
                return ""

    def _expect(self, expected: str) -> str:
        """Read one of the ``expected`` characters (after whitespace) and return it."""
        character = self._next_character()
        if not character or character not in expected:
            where = f"character {self.consumed + self.position}"
            found = f"found {character!r}" if character else "the text ends"
            wanted = " or ".join(repr(c) for c in expected)
            raise _not_a_dump(f"it is not valid JSON (expected {wanted} at {where}, {found})")
        self.position += 1
        return character

    def _value(self, depth: int) -> Any:
        """Parse the JSON value that starts here (``depth`` levels below the document's top)."""
        self._next_character()
        while True:
            start = self.position
            try:
                value, end = _DECODER.raw_decode(self.buffer, start)
            except json.JSONDecodeError as error:
                # Most likely the value goes on past what was read: read as much again as it has so far (so a long
                # value is parsed a few times at most), until the text ends and the error is the text's own.
                if self._read_more(len(self.buffer) - start):
                    continue
                where = self.consumed + error.pos
                raise _not_a_dump(f"it is not valid JSON ({error.msg} at character {where})") from None
            except Refused as refusal:
                raise _not_a_dump(str(refusal)) from None
            except RecursionError:  # far past MAX_DEPTH: the text itself is measured instead
                self._too_deep(depth + nesting_depth(self.buffer[start:]))
            except ValueError as error:  # Python reads integers of up to 4,300 digits (sys.get_int_max_str_digits)
                raise _not_a_dump(f"it holds a number no column could hold ({error})") from None
            if end == len(self.buffer) and isinstance(value, int | float) and self._read_more(0):
                continue  # a number the chunk cut short: read on, parse it again
            if isinstance(value, dict | list) and depth + nesting_depth(self.buffer[start:end]) > MAX_DEPTH:
                self._too_deep(depth + nesting_depth(self.buffer[start:end]))
            self.position = end
            return value

    @staticmethod
    def _too_deep(depth: int) -> None:
        raise _not_a_dump(f"it nests {depth} levels deep, and a dump nests {MAX_DEPTH} at most (about 6 in practice)")

    def _key(self) -> str:
        key = self._value(1)
        if not isinstance(key, str):
            raise _not_a_dump("it is not valid JSON (an object's key is not a string)")
        self._expect(":")
        return key

    # --- the document ------------------------------------------------------------------------------------

    def members(self) -> Iterator[tuple[str, Any]]:
        """The top-level object's members, in the order of the text; then the text must end. A document that is
        not an object yields nothing (the envelope's checks then refuse it)."""
        if self._next_character() != "{":
            self._value(0)  # valid JSON, or refused as not JSON
            self._end()
            return
        self._expect("{")
        seen: set[str] = set()
        if self._next_character() == "}":
            self.position += 1
        else:
            while True:
                key = self._key()
                if key in seen:
                    raise _not_a_dump(
                        f"one of its objects has the key {shown(key)} twice (which one counts is unclear)"
                    )
                seen.add(key)
                if key == "tables" and self._next_character() == "{":
                    tables = self._tables()
                    yield key, tables
                    for _ in tables:  # what the caller left unread is still checked as JSON
                        pass
                else:
                    yield key, self._value(1)
                if self._expect(",}") == "}":
                    break
        self._end()

    def _end(self) -> None:
        if self._next_character():
            raise _not_a_dump(
                f"it is not valid JSON (more text after the document, at character {self.consumed + self.position})"
            )

    def _tables(self) -> Iterator[tuple[str, Any]]:
        self._expect("{")
        if self._next_character() == "}":
            self.position += 1
            return
        seen: set[str] = set()
        while True:
            name = self._key()
            if name in seen:
                raise _not_a_dump(f"one of its objects has the key {shown(name)} twice (which one counts is unclear)")
            seen.add(name)
            if self._next_character() == "[":
                rows = self._rows()
                yield name, rows
                for _ in rows:
                    pass
            else:
                yield name, self._value(2)
            if self._expect(",}") == "}":
                return

    def _rows(self) -> Iterator[tuple[int, Any]]:
        self._expect("[")
        if self._next_character() == "]":
            self.position += 1
            return
        number = 0
        while True:
            number += 1
            yield number, self._value(3)
            if self._expect(",]") == "]":
                return

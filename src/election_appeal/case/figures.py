"""The figures of many protocols held as one column of machine integers.

A national table has tens of thousands of protocols of a dozen figures each: as a dictionary
and an int object per figure they took some 500 bytes a protocol, kept for the whole build.
Here every protocol's figures are eight bytes each in one array of the table, and a protocol
sees its own through a small read-only mapping.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeVar

# Stands for a figure the copy does not show: a count is never negative (case/numbers.py).
UNKNOWN = -1

V = TypeVar("V")


class FigureStore:
    """The figures of every protocol of a table, one after another, in one integer array."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values = array("q")

    def add(self, keys: Mapping[str, int], figures: Sequence[int | None]) -> Figures:
        """Keep one protocol's figures, in the order of `keys` (name → position, shared by
        the protocols of the table); the mapping that reads them back."""
        offset = len(self._values)
        self._values.extend(UNKNOWN if v is None else v for v in figures)
        return Figures(keys, self._values, offset)


class ArrayView(Mapping[str, V]):
    """A read-only mapping of names to the values an array holds from `offset` on (each name's
    position in `keys`, shared by every view of the array): what one row of a table held as one
    array sees. A subclass says how its values are read."""

    __slots__ = ("_keys", "_offset", "_values")

    def __init__(self, keys: Mapping[str, int], values: array[int], offset: int) -> None:
        self._keys, self._values, self._offset = keys, values, offset

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[object, ...]:
        # Sent to another process as a dictionary: never with the whole table's array.
        return dict, (dict(self),)


class Figures(ArrayView[int | None]):
    """One protocol's figures by name (protocol lines or party ids); None where unknown."""

    __slots__ = ()

    def __getitem__(self, key: str) -> int | None:
        value = self._values[self._offset + self._keys[key]]
        return None if value == UNKNOWN else value

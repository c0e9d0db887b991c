"""Read YAML keeping the line of every value, so a problem can point at the line to fix.

A YAML file is untrusted: its size, its nesting and what its aliases (*name) expand to are
bounded while it is parsed, a key written twice is an error, and no value may hold an
invisible control character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.constructor
import yaml.parser
import yaml.resolver

from ..errors import CaseError, Problem
from ..i18n import N_
from ..i18n import gettext as _
from .dates import no_such_day
from .numbers import NUMBER_MAX_CHARS, count_text
from .paths import YAML_MAX_BYTES, YAML_MAX_DEPTH, YAML_MAX_VALUES, read_bytes
from .text import describe_character, forbidden_character

Location = tuple[str | int, ...]

_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_NUMBER_TAGS = (_INT, "tag:yaml.org,2002:float")
# An integer as people write it; YAML 1.1 also reads 017 as 15 (octal), 1:20 as 80
# (base 60) and 0x1F, 0b11 and 4_3337, which no one means in a case file.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
# Where a long text (Markdown) may hold soft hyphens: the applicant's narrative.
_PROSE = "narrative"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_YAML_TAG = "tag:yaml.org,2002:"
# The tags whose value must be a single text, number or date; the others hold a list or group.
_SCALAR_TAGS = frozenset(
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "binary")
)
_MAPPING_TAGS = frozenset(_YAML_TAG + name for name in ("map", "set"))
_SEQUENCE_TAGS = frozenset(_YAML_TAG + name for name in ("seq", "omap", "pairs"))


def _libyaml_parser() -> Any:
    """libyaml's parser, when PyYAML was built with it (its wheels are); else the Python one."""
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - a PyYAML built without libyaml
        return yaml.parser.Parser
    return CParser


_CParser: Any = _libyaml_parser()


@dataclass
class YamlDocument:
    """A parsed YAML file and the line (1-based) where each mapping key or list item starts."""

    path: Path
    display: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def where(self, location: Sequence[str | int]) -> str:
        """'line 12, contests[0].votes.npk': the line of the deepest part of the location found."""
        loc = tuple(location)
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                line = self.lines[loc[:end]]
                dotted = dotted_path(loc)
                return f"line {line}, {dotted}" if dotted else f"line {line}"
        return dotted_path(loc)

    def problem(self, location: Sequence[str | int], message: str, **kwargs: Any) -> Problem:
        """A problem located at this path of the document."""
        return Problem(self.display, self.where(location), "", message, **kwargs)


def dotted_path(location: Sequence[str | int]) -> str:
    """('contests', 0, 'votes') → 'contests[0].votes'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Refused(Exception):
    """The YAML is refused at a line, before it is read any further."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1 if mark else None
        self.message = message


class _Bounds:
    """Composition refusing deep nesting and alias expansion beyond the limits as it goes; mixed
    into a loader before its composer."""

    def _start_bounds(self) -> None:
        self._depth = 0
        self._values = 0
        # The number of values each composed node stands for, aliases expanded: an alias
        # costs what its anchor cost, so a chain of aliases is counted without expanding it.
        self._sizes: dict[int, int] = {}

    anchors: dict[Any, yaml.Node]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.get(event.anchor)
            if anchor is not None:
                size = self._sizes.get(id(anchor))
                if size is None:
                    message = _(
                        "the alias *{anchor} is used inside the value it names "
                        "(&{anchor}); a value cannot contain itself"
                    ).format(anchor=event.anchor)
                    raise _Refused(event.start_mark, message)
                self._spend(size, event.start_mark)
            return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]
        if self._depth >= YAML_MAX_DEPTH:
            message = _(
                "lists and groups are nested more than {depth} levels deep; "
                "a case needs only a few levels"
            ).format(depth=YAML_MAX_DEPTH)
            raise _Refused(event.start_mark, message)
        self._depth += 1
        before = self._values
        try:
            node: yaml.Node | None = super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1
        self._spend(1, event.start_mark)
        self._sizes[id(node)] = self._values - before
        return node

    def _spend(self, values: int, mark: Any) -> None:
        self._values += values
        if self._values > YAML_MAX_VALUES:
            message = _(
                "the file holds more than {n} values, counting each use of an alias (*name) "
                "as a copy of what it names; write the values out, without & and *"
            ).format(n=count_text(YAML_MAX_VALUES))
            raise _Refused(mark, message)


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's safe loader, pure Python, under the bounds: the reference for what a file means
    and the one that words what is wrong with a file that cannot be read."""

    def __init__(self, text: str) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._start_bounds()


class _FastBoundedLoader(
    _Bounds,
    yaml.composer.Composer,
    _CParser,  # type: ignore[misc]
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """The same loader with libyaml's scanner and parser (C, ten times as fast on law.yaml):
    the nodes are composed, bounded, resolved and constructed by the same Python code, from the
    same events, with the same lines. A text it refuses is read again by _BoundedLoader, whose
    words say what is wrong."""

    def __init__(self, text: str) -> None:
        _CParser.__init__(self, text)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._start_bounds()


Loader = _BoundedLoader | _FastBoundedLoader


def compose(text: str) -> tuple[Loader, yaml.Node | None]:
    """(the loader, the document's node, None for an empty one) under the bounds; _Refused, or
    PyYAML's error as its pure-Python reader words it."""
    if _CParser is not yaml.parser.Parser:
        fast = _FastBoundedLoader(text)
        try:
            return fast, fast.get_single_node()
        except yaml.YAMLError:
            pass  # read again below, for the words of the reference reader
        finally:
            fast.dispose()
    loader = _BoundedLoader(text)
    try:
        return loader, loader.get_single_node()
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Parse a YAML file or raise CaseError saying where and why it cannot be read."""
    text = _decode(read_bytes(path, display, YAML_MAX_BYTES), display)
    try:
        loader, node = compose(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = _("contains {character}; retype the line without it").format(
            character=describe_character(chr(exc.character))
        )
        raise CaseError([Problem(display, f"line {line}", "", message)]) from None
    except _Refused as exc:
        raise CaseError([Problem(display, _line(exc.line), "", exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        message = _("{reason} (check the indentation and the colons)").format(
            reason=syntax_reason(exc.problem)
        )
        where = _line(mark.line + 1 if mark else None)
        raise CaseError([Problem(display, where, "", message)]) from None
    doc = YamlDocument(path, display, None)
    if node is None:
        return doc
    checker = _Checker(loader, doc)
    checker.walk(node, ())
    if checker.problems:
        raise CaseError(checker.problems)
    try:
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = _line(mark.line + 1 if mark else None)
        message = _(
            "this value cannot be read; write it as plain text, a number, a date, a list or a group"
        )
        raise CaseError([Problem(display, where, "", message)]) from None
    return doc


# PyYAML's reasons for what it cannot read, in words of the interface language; any other is
# worded as a broken syntax at that line (PyYAML's own words would be English in a Russian or
# Kazakh message).
_REASONS = {
    r"mapping values are not allowed here": N_("a colon is not allowed here"),
    r"expected <block end>, but found .*": N_("this line does not fit the lines above it"),
    r"expected '<document start>', but found .*": N_("this line does not fit the lines above it"),
    r"found unexpected end of stream": N_("the file ends inside quotes; close the quotes"),
    r"found character '\\t' that cannot start any token": N_(
        "a tab is used for indentation; indent with spaces"
    ),
    r"found character (.*) that cannot start any token": N_("{found} cannot begin a value"),
    r"expected ',' or '\]', but got .*": N_("a list in square brackets [ ] is not closed"),
    r"expected ',' or '\}', but got .*": N_("a group in curly brackets is not closed"),
    r"found undefined alias '(.*)'": N_("the alias *{found} names no value (&{found})"),
    r"could not find expected ':'": N_("a colon (:) is missing after the name"),
    r"found unknown escape character '(.*)'": N_(
        "in double quotes a backslash (\\) begins a special character, and \\{found} is none; "
        "write the text in single quotes, or write \\\\ for a backslash"
    ),
    r"(?:block )?sequence entries are not allowed here": N_(
        "a list item (-) is not allowed here; check the indentation"
    ),
    r"expected the node content, but found .*": N_("a value is missing here"),
    r"expected a comment or a line break, but found .*": N_(
        "after a value in quotes only a comment (#) may follow on the same line"
    ),
    r"expected alphabetic or numeric character, but found .*": N_(
        "& and * must be followed by a name of letters or digits; put a text beginning with "
        "& or * in quotes"
    ),
    r"second occurrence|found duplicate anchor .*": N_(
        "the same name after & is given twice; rename one"
    ),
    r"but found another document|expected a single document in the stream": N_(
        "the file holds more than one document (a line ---); keep one"
    ),
    r"found undefined tag handle (.*)|expected '!', but found .*": N_(
        "a value cannot begin with ! (a YAML tag); put the text in quotes"
    ),
    r"found unhashable key": N_("a list or group cannot stand before a colon as a name"),
}


def syntax_reason(problem: str | None) -> str:
    """What is wrong with the YAML at the place PyYAML stopped, in the interface language."""
    if not problem:
        return _("the YAML syntax is broken")
    for pattern, reason in _REASONS.items():
        if found := re.fullmatch(pattern, problem):
            groups = [group for group in found.groups() if group]
            return _(reason).format(found=groups[0] if groups else "")
    return _("the YAML syntax is broken")


def _tag_shown(tag: str) -> str:
    """A tag as it is written in the file: !!python/object rather than its full name."""
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _line(line: int | None) -> str:
    return f"line {line}" if line else ""


def _decode(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = _("is not UTF-8 text; save the file as UTF-8")
        raise CaseError([Problem(display, f"line {line}", "", message)]) from None


def _numbers_split_by_commas(node: yaml.MappingNode) -> dict[int, list[str]]:
    """In a { } group, the entries whose number a thousands comma cut: `akzhol: 31,402` reads
    as `akzhol: 31` and an entry `402` with no value, the comma directly between the digits.
    By the index of the entry cut, the groups of three digits that became entries."""
    found: dict[int, list[str]] = {}
    entries = node.value
    index = 0
    while index < len(entries):
        value = entries[index][1]
        tails: list[str] = []
        end = value.end_mark
        for tail_key, tail_value in entries[index + 1 :]:
            if not (
                _is_plain_number(value, 3)
                and _is_plain_number(tail_key, 3)
                and len(tail_key.value) == 3
                and isinstance(tail_value, yaml.ScalarNode)
                and tail_value.tag == _NULL
                and tail_key.start_mark.line == end.line
                and tail_key.start_mark.column == end.column + 1
            ):
                break
            tails.append(tail_key.value)
            end = tail_key.end_mark
        if tails:
            found[index] = tails
        index += len(tails) + 1
    return found


def _is_split_tail(node: yaml.MappingNode, index: int, split: dict[int, list[str]]) -> bool:
    """Whether the entry at index is a piece of a number cut by a comma before it."""
    return any(start < index <= start + len(tails) for start, tails in split.items())


def _is_plain_number(node: yaml.Node, digits: int) -> bool:
    """A plain (unquoted) scalar of 1 to `digits` ASCII digits, however YAML resolves it: 048
    is text to YAML 1.1 (no octal digit 8), 402 an integer."""
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style  # plain: None from PyYAML's parser, "" from libyaml's
        and node.tag in (_INT, "tag:yaml.org,2002:str")
        and node.value.isascii()
        and node.value.isdigit()
        and len(node.value) <= digits
    )


class _Checker:
    """One pass over the composed nodes: lines recorded, and what cannot be constructed refused.

    A node reached a second time is an alias; it was checked where it was written, so the pass
    stays linear in the size of the file however the aliases multiply.
    """

    def __init__(self, loader: Loader, doc: YamlDocument) -> None:
        self.loader = loader
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, location: Location) -> None:
        self.doc.lines.setdefault(location, node.start_mark.line + 1)
        if id(node) in self.seen:
            return
        self.seen.add(id(node))
        if (message := self._tag_refused(node)) is not None:
            where = f"line {node.start_mark.line + 1}"
            where += f", {dotted_path(location)}" if location else ""
            self.problems.append(Problem(self.doc.display, where, "", message))
            return
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, location)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*location, index))
        elif isinstance(node, yaml.MappingNode):
            self.mapping(node, location)

    def _tag_refused(self, node: yaml.Node) -> str | None:
        """Why a value's tag (!!name) cannot be read, or None: a tag no safe reader knows (a
        Python object), or one of a single value on a list or group, or the reverse."""
        tag = node.tag
        if tag == _YAML_TAG + "value":  # a plain «=», which YAML 1.1 reads as a special key
            return _('a lone "=" is read by YAML as a special value; put it in quotes: "="')
        known = tag in self.loader.yaml_constructors and tag is not None
        if not known:
            return _(
                "the tag {tag} is not allowed: a case file holds only texts, numbers, dates, "
                "lists and groups; remove the tag, or put the text in quotes"
            ).format(tag=_tag_shown(str(tag)))
        wrong = (
            (tag in _SCALAR_TAGS and not isinstance(node, yaml.ScalarNode))
            or (tag in _MAPPING_TAGS and not isinstance(node, yaml.MappingNode))
            or (tag in _SEQUENCE_TAGS and not isinstance(node, yaml.SequenceNode))
        )
        if wrong:
            return _("the tag {tag} does not fit this value; remove the tag").format(
                tag=_tag_shown(str(tag))
            )
        return None

    def mapping(self, node: yaml.MappingNode, location: Location) -> None:
        first_line: dict[tuple[str, str], int] = {}
        merged = []
        split = _numbers_split_by_commas(node) if node.flow_style else {}
        for index, (key, value) in enumerate(node.value):
            if index in split:
                self._split_number(key, value, split[index], location)
                continue
            if split and _is_split_tail(node, index, split):
                continue
            if key.tag == _MERGE:
                merged.append(value)
                continue
            if not isinstance(key, yaml.ScalarNode):
                message = _("a list or group cannot stand before a colon as a name")
                where = f"line {key.start_mark.line + 1}"
                where += f", {dotted_path(location)}" if location else ""
                self.problems.append(Problem(self.doc.display, where, "", message))
                continue
            child = (*location, key.value)
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                self.scalar(key, child)
                ident = (key.tag, key.value)
                if ident in first_line:
                    message = _(
                        '"{key}" is written twice, on line {first} and on line {second}; '
                        "keep one of them"
                    ).format(key=key.value, first=first_line[ident], second=line)
                    where = f"line {line}, {dotted_path(child)}"
                    self.problems.append(Problem(self.doc.display, where, "", message))
                    continue
                first_line[ident] = line
            self.doc.lines.setdefault(child, line)
            self.walk(value, child)
        for value in merged:  # keys written out above take precedence over merged ones
            self.walk(value, location)

    def _split_number(
        self, key: yaml.Node, value: yaml.ScalarNode, tails: list[str], location: Location
    ) -> None:
        """A figure written with thousands commas inside { }: YAML cut it at each comma."""
        written = ",".join([value.value, *tails])
        digits = "".join([value.value, *tails])
        message = _(
            '"{written}": inside curly brackets {{ }} a comma separates one entry from the next, '
            'so YAML read "{key}: {first}" and took {rest} for names of further entries; write '
            'the number without commas: {digits} or "{grouped}" (in quotes)'
        ).format(
            written=written,
            key=key.value,
            first=value.value,
            rest=", ".join(f'"{tail}"' for tail in tails),
            digits=digits,
            grouped=" ".join([value.value, *tails]),
        )
        where = f"line {key.start_mark.line + 1}, {dotted_path((*location, key.value))}"
        self.problems.append(Problem(self.doc.display, where, "", message))

    def scalar(self, node: yaml.ScalarNode, location: Location) -> None:
        text = str(node.value)
        message = forbidden_character(text, soft_hyphen=bool(location) and location[0] == _PROSE)
        if message is None and node.tag == _INT and not _PLAIN_INT.fullmatch(text):
            message = _(
                '"{value}" is not written as a plain number, so YAML would read it as '
                "{read}; write the digits without a leading zero, or put the text in quotes"
            ).format(value=text, read=self.loader.construct_yaml_int(node))
        if message is None and node.tag in _NUMBER_TAGS and len(text) > NUMBER_MAX_CHARS:
            message = _("the number is {n} characters long, too long to be a figure").format(
                n=len(text)
            )
        if message is None and node.tag == _TIMESTAMP:
            try:
                self.loader.construct_yaml_timestamp(node)
            except ValueError:
                message = no_such_day(text)
        if message is not None:
            line = f"line {node.start_mark.line + 1}"
            place = f"{line}, {dotted_path(location)}" if location else line
            self.problems.append(Problem(self.doc.display, place, "", message))

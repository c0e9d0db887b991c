"""The YAML reader with libyaml's parser reads every file as PyYAML's pure-Python reader does: the
same values, the same line of every key and item, the same problems in the same words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from election_appeal.case import yamlfile
from election_appeal.errors import CaseError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(
    p
    for folder in ("data", "tests/data", "src/election_appeal/skeleton")
    for p in (ROOT / folder).rglob("*.yaml")
)

pytestmark = pytest.mark.skipif(
    not yaml.__with_libyaml__, reason="this PyYAML was built without libyaml"
)


def read_with(loader: type, text: str) -> tuple[object, dict[object, int], list[str]]:
    """The values, the lines and the problems of a text, composed by `loader`."""
    reader = loader(text)
    node = reader.get_single_node()
    doc = yamlfile.YamlDocument(Path("x.yaml"), "x.yaml", None)
    if node is None:
        return None, {}, []
    checker = yamlfile._Checker(reader, doc)
    checker.walk(node, ())
    problems = [str(p) for p in checker.problems]
    return (None if problems else reader.construct_document(node)), doc.lines, problems


def test_the_shipped_yaml_files_are_there() -> None:
    names = {p.name for p in SHIPPED}
    assert {"case.yaml", "law.yaml", "funding.yaml", "authorities.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_the_same_with_libyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    fast = read_with(yamlfile._FastBoundedLoader, text)
    assert fast == read_with(yamlfile._BoundedLoader, text)
    assert fast[1], "lines were recorded"


SNIPPETS = [
    "a: 1\nb: [1, 2, {c: 3}]\n",
    "date: 2021-01-10\nwhen: 2021-02-30\n",  # a date that is not in the calendar
    "n: 017\nm: 0x1F\nk: 4_3337\n",  # integers no one means
    "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n",  # anchors, aliases, a merge
    "a: 1\na: 2\n",  # a key written twice
    "text: |\n  line one\n  line two\nfolded: >\n  one\n  two\n",
    "quoted: 'it''s'\ndouble: \"tab\\there\"\nempty:\n",
    "- 1\n- - 2\n  - 3\n- {a: [4, 5]}\n",
    "key: value # a comment\n# another\nother: 'x'  \n",
    'narrative: "a\\u00adb"\nname: "a\\u00adb"\n',  # a soft hyphen: prose only
    "",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_values_lines_and_problems_are_the_same(text: str) -> None:
    assert read_with(yamlfile._FastBoundedLoader, text) == read_with(yamlfile._BoundedLoader, text)


def problems_of(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as raised:
        yamlfile.read_yaml(path, "case.yaml")
    return [str(p) for p in raised.value.problems]


def test_a_broken_file_is_worded_as_before_at_its_line(tmp_path: Path) -> None:
    # libyaml words these slips otherwise; the reader reads the text again for the words.
    assert problems_of("a: 1\nb: c: d\n", tmp_path) == [
        "case.yaml, line 2: a colon is not allowed here (check the indentation and the colons)"
    ]
    assert problems_of("a:\n  - 1\n b: 2\n", tmp_path) == [
        "case.yaml, line 3: this line does not fit the lines above it (check the indentation "
        "and the colons)"
    ]
    assert problems_of("a: [1, 2\nb: 3\n", tmp_path)[0].startswith("case.yaml, line ")
    # A control character after Cyrillic text (two bytes a letter in UTF-8, where libyaml
    # counts its place): the line of the character.
    text = "имя: " + "а" * 30 + "\nb: x\x07y\nc: 1\nd: 2\ne: 3\n"
    assert problems_of(text, tmp_path) == [
        "case.yaml, line 2: contains an invisible control character (U+0007); retype the line "
        "without it"
    ]


def test_the_bounds_hold_with_libyaml(tmp_path: Path) -> None:
    deep = "a: " + "[" * 200 + "]" * 200 + "\n"
    assert "nested more than" in problems_of(deep, tmp_path)[0]
    laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        laughs.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 10) + "]")
    assert "more than" in problems_of("\n".join(laughs) + "\n", tmp_path)[0]

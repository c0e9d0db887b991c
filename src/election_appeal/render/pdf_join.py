"""pypdf's writer, joining PDFs page by page: the streams of each page copied in (its content,
fonts, images), once final, are written to a spill file and let go, and so is what pypdf read
of the part, so that a long document's pages are never all held at once.

The joined file is the one pypdf writes of the same parts joined in memory, byte for byte: a
stream let go is written from the spill file exactly as pypdf wrote it there, in its place.
pypdf reaches an object it copied already only for its reference (how the pages share a font);
where it looked into a stream let go (a part of a kind this does not foresee), `looked_into`
says so, and the caller joins the parts again in memory (`SpillingWriter(None)`)."""

from __future__ import annotations

from typing import Any, BinaryIO, NoReturn

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, IndirectObject, PdfObject, StreamObject


class Spill:
    """The file the streams let go are written to, and whether one was looked into since."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.end = 0  # of what was written; the streams are read back once all are written
        self.looked_into = False

    def keep(self, stream: StreamObject) -> Spilled:
        """Write `stream` as the joined file will hold it; its stand-in in the writer."""
        if self.file.tell() != self.end:
            self.file.seek(self.end)
        start = self.end
        stream.write_to_stream(self.file)
        self.end = self.file.tell()
        assert stream.indirect_reference is not None
        return Spilled(self, start, self.end - start, stream.indirect_reference)

    def copy(self, start: int, length: int, stream: Any) -> None:
        """Write the stream kept at `start` into the joined file (in the order kept, mostly:
        read on without seeking)."""
        if self.file.tell() != start:
            self.file.seek(start)
        stream.write(self.file.read(length))


class Spilled(PdfObject):
    """A stream let go: its reference, and its bytes in the spill file. Anything else asked of
    it (its keys, its data) marks the join as looked into, and fails."""

    def __init__(self, spill: Spill, start: int, length: int, reference: IndirectObject) -> None:
        self.spill = spill
        self.start = start
        self.length = length
        self.indirect_reference = reference

    def write_to_stream(self, stream: Any, encryption_key: Any = None) -> None:
        self.spill.copy(self.start, self.length, stream)

    def _looked_into(self, what: str) -> NoReturn:
        self.spill.looked_into = True
        raise AttributeError(f"{what} of a stream already written")

    def __getattr__(self, name: str) -> Any:
        self._looked_into(name)

    def __getitem__(self, key: Any) -> Any:
        self._looked_into("an item")

    def __contains__(self, key: Any) -> bool:
        self._looked_into("an item")

    def __iter__(self) -> Any:
        self._looked_into("the items")

    def __len__(self) -> int:
        self._looked_into("the length")


# What is kept of a part's page once copied in.
SOURCE_PAGE_KEPT = ("/Type", "/Annots", "/B")


class SpillingWriter(PdfWriter):
    """pypdf's writer, letting each page's streams go into `spill` once it is copied in (no
    spill: pypdf's writer as it is). With `numbered`, a page's content is held until the page
    numbers are laid over it (`numbered(page)`)."""

    def __init__(self, spill: Spill | None, numbered: bool = False) -> None:
        super().__init__()
        self.spill = spill
        self.hold_contents = numbered
        self.checked = len(self._objects)  # the objects before this one are not streams let go
        self.forgotten: set[tuple[int, tuple[Any, Any]]] = set()  # by reader and object

    @property
    def looked_into(self) -> bool:
        return self.spill is not None and self.spill.looked_into

    def get_object(self, indirect_reference: int | IndirectObject) -> PdfObject:
        """The object of a number; a stream let go, when asked for by a reference (what pypdf
        does to look into an object), marks the join as looked into. Copying an object that
        refers to one already copied asks by its number, for its reference alone."""
        found = super().get_object(indirect_reference)
        if isinstance(found, Spilled) and not isinstance(indirect_reference, int):
            found.spill.looked_into = True
        return found

    def add_page(self, page: Any, excluded_keys: Any = ()) -> Any:
        added = super().add_page(page, excluded_keys)
        if self.spill is not None:
            self._let_go(_contents(added) if self.hold_contents else set())
            source = page.indirect_reference.pdf if page.indirect_reference else None
            if isinstance(source, PdfReader):
                self.forget_read(source)
                # The part's page, copied in: merge() looks at its annotations and articles
                # again once every page is in, and at nothing else of it.
                for key in [key for key in page if key not in SOURCE_PAGE_KEPT]:
                    del page[key]
        return added

    def forget_read(self, reader: PdfReader) -> None:
        """Let go of what was read of a part to copy a page in (its copy is in this writer),
        but for what the pages share: an object read again, after it was let go once, is kept
        (pypdf reads some objects a page shares, in an array, each time it meets them)."""
        cache = reader.resolved_objects
        for key in [key for key in cache if (id(reader), key) not in self.forgotten]:
            del cache[key]
            self.forgotten.add((id(reader), key))

    def numbered(self, page: Any, numbers: PdfReader) -> None:
        """The page numbers, read by `numbers`, are laid over `page`: its content is final."""
        if self.spill is None:
            return
        for idnum in _contents(page):
            self._let_go_of(idnum - 1)
        self._let_go(set())
        self.forget_read(numbers)

    def _let_go(self, held: set[int]) -> None:
        """Let go of the streams copied in since the last time, except those `held`."""
        for index in range(self.checked, len(self._objects)):
            if index + 1 not in held:
                self._let_go_of(index)
        self.checked = len(self._objects)

    def _let_go_of(self, index: int) -> None:
        found = self._objects[index]
        if isinstance(found, StreamObject) and self.spill is not None:
            self._objects[index] = self.spill.keep(found)


def _contents(page: Any) -> set[int]:
    """The object numbers of a page's content streams."""
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    if isinstance(contents, IndirectObject):
        resolved = contents.get_object()
        if not isinstance(resolved, ArrayObject):
            return {contents.idnum}
        contents = resolved
    if isinstance(contents, ArrayObject):
        return {c.idnum for c in contents if isinstance(c, IndirectObject)}
    return set()

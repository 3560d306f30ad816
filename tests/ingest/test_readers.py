"""Readers: UTF-8 text (with/without BOM), PDFs with a text layer (generated here with reportlab), refusals."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from eusec.errors import InputError
from eusec.ingest.pipeline import extract_file
from eusec.ingest.readers import DEFAULT_MAX_INPUT_BYTES, read_document

FIXTURES = Path(__file__).parent / "fixtures"


def make_text_pdf(path: Path, pages: list[list[str]]) -> None:
    """A PDF whose pages carry the given lines as real text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = 800
        for line in lines:
            c.drawString(40, y, line)
            y -= 14
        c.showPage()
    c.save()


def make_image_pdf(path: Path) -> None:
    """A PDF with only drawings (what a scan without OCR looks like to a text extractor)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 300, 300, fill=1)
    c.line(0, 0, 500, 700)
    c.showPage()
    c.save()


def test_utf8_text(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Prüm\r\nline two\n", encoding="utf-8")
    src = read_document(p)
    assert src.text == "Prüm\nline two\n" and src.name == "a.txt" and len(src.content_hash) == 64


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    p = tmp_path / "b.md"
    p.write_bytes(b"\xef\xbb\xbfBrussels, 3 February 2020\n")
    assert read_document(p).text.startswith("Brussels")


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x00\x01\x02PK\x03\x04binary" * 10, "binary"),
        ("Brüssel caf\xe9".encode("latin-1"), "UTF-8"),
        ("\ufeffBrussels".encode("utf-16"), "UTF-16"),
    ],
)
def test_bad_text_files(tmp_path: Path, data: bytes, words: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_document(p)
    assert words in exc.value.message and "\n" not in exc.value.message


def test_size_limit_rejects_without_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:  # sparse file: large on paper, nothing to read quickly
        f.truncate(DEFAULT_MAX_INPUT_BYTES + 1)
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="too large"):
        read_document(p)
    assert time.perf_counter() - t0 < 1.0


def test_size_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "small.txt"
    p.write_text("x" * 2000, encoding="utf-8")
    monkeypatch.setenv("EUSEC_MAX_INPUT_BYTES", "1000")
    with pytest.raises(InputError, match="too large"):
        read_document(p)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_document(tmp_path)


def test_text_pdf_pages(tmp_path: Path) -> None:
    lines = (FIXTURES / "excerpt-12345-18.txt").read_text(encoding="utf-8").split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("2. Cross-cutting"))
    pdf = tmp_path / "paper.pdf"
    make_text_pdf(pdf, [lines[:50], lines[50:cut], lines[cut:]])
    src = read_document(pdf)
    assert "Responsible WP" in src.text
    assert src.line_pages[0] == 1 and src.line_pages[-1] == 3
    g = extract_file(pdf)
    assert g.document == "12345/18"
    numbers = {n.properties["number"] for n in g.nodes_with_label("Measure")}
    assert {"5", "7", "8"} <= numbers
    m8 = g.nodes["Measure:12345/18#8"]
    assert m8.provenance[0].page == 3  # the page of the PDF, not a footer guess
    assert g.nodes["Document:12345/18"].properties["path"] == "paper.pdf"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    make_image_pdf(pdf)
    with pytest.raises(InputError, match="no text layer"):
        read_document(pdf)


def test_truncated_pdf(tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    make_text_pdf(good, [["Brussels, 3 February 2020", "5618/20"]])
    data = good.read_bytes()
    for cut in (len(data) // 2, len(data) - 40, 20):
        bad = tmp_path / f"cut{cut}.pdf"
        bad.write_bytes(data[:cut])
        with pytest.raises(InputError) as exc:
            read_document(bad)
        assert "PDF" in exc.value.message


def test_pdf_suffix_but_not_pdf(tmp_path: Path) -> None:
    p = tmp_path / "fake.pdf"
    p.write_bytes(b"hello, I am text")
    with pytest.raises(InputError, match="not a PDF"):
        read_document(p)


def test_garbage_pdf_body(tmp_path: Path) -> None:
    p = tmp_path / "garbage.pdf"
    p.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    with pytest.raises(InputError):
        read_document(p)


def test_reader_never_leaks_other_errors(tmp_path: Path) -> None:
    buf = io.BytesIO()
    buf.write(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    p = tmp_path / "broken.pdf"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError):
        read_document(p)

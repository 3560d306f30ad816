"""Issue 9, item 6: PDFs are capped in pages and in extracted characters, with a clear one-line error.

A 500-page PDF whose pages all reuse one content stream is a few hundred KB on disk but tens of MB of
text (it cost 53 s of server CPU through /ingest). The reader now stops at the first page past the cap.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from eusec.errors import InputError
from eusec.ingest.readers import read_document


def make_reused_stream_pdf(path: Path, pages: int, lines_per_page: int = 1500) -> None:
    """``pages`` pages that all point at ONE content stream of ``lines_per_page`` text lines."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    body = b"BT /F1 6 Tf 10 830 Td 7 TL " + b"(Council document 5618/20 on internal security measures) ' " * lines_per_page + b"ET"
    stream = DecodedStreamObject()
    stream.set_data(body)
    stream_ref = writer._add_object(stream)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    font_ref = writer._add_object(font)
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})})
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        page[NameObject("/Contents")] = stream_ref
        page[NameObject("/Resources")] = resources
    with open(path, "wb") as fh:
        writer.write(fh)


def test_reused_content_stream_is_refused_before_extraction(tmp_path: Path) -> None:
    pdf = tmp_path / "bomb.pdf"
    make_reused_stream_pdf(pdf, pages=500)
    assert pdf.stat().st_size < 1_000_000  # small on disk ...
    started = time.perf_counter()
    with pytest.raises(InputError, match="PDF content too large") as info:  # ... 45 MB of page content
        read_document(pdf)
    assert "\n" not in str(info.value) and "bomb.pdf" in str(info.value)
    assert time.perf_counter() - started < 20  # refused before any text extraction (was minutes of CPU)


def test_page_cap_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "long.pdf"
    make_reused_stream_pdf(pdf, pages=12, lines_per_page=5)
    monkeypatch.setenv("EUSEC_MAX_PDF_PAGES", "10")
    with pytest.raises(InputError, match=r"too many pages \(12 > limit 10\)"):
        read_document(pdf)
    monkeypatch.setenv("EUSEC_MAX_PDF_PAGES", "12")
    assert read_document(pdf).line_count > 12  # at the cap: read


def test_character_cap_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "wordy.pdf"
    make_reused_stream_pdf(pdf, pages=3, lines_per_page=40)
    monkeypatch.setenv("EUSEC_MAX_PDF_CHARS", "3000")
    with pytest.raises(InputError, match="over 3000 characters by page 2"):
        read_document(pdf)

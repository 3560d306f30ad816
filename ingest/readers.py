"""Read an input file into text, or refuse it with one clear ``InputError``.

Accepted: UTF-8 text (``.txt``/``.md``, a BOM is stripped) and PDFs with a text layer (via pypdf; the page
of every line is kept). Refused before anything is extracted: missing files, files over the size limit (checked
with ``stat`` so a huge file is never read into memory), empty or whitespace-only files, binary data,
non-UTF-8 text, truncated or unreadable PDFs and PDFs without a text layer.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from eusec.errors import InputError

#: Largest accepted input; override with ``EUSEC_MAX_INPUT_BYTES``.
DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024

#: Most PDF pages read, and most characters taken from a PDF's text layer; override with
#: ``EUSEC_MAX_PDF_PAGES`` / ``EUSEC_MAX_PDF_CHARS``. A Council paper has at most a few hundred pages and
#: a few MB of text; a small PDF that reuses one huge content stream on every page would otherwise cost
#: minutes of CPU (and the text would be far larger than the upload).
DEFAULT_MAX_PDF_PAGES = 1000
DEFAULT_MAX_PDF_CHARS = 2_000_000
#: Most bytes of page content streams (decoded, counted per page): checked before any text is extracted,
#: because text extraction is the slow part (about a second per 100 KB page). ``EUSEC_MAX_PDF_CONTENT_BYTES``.
DEFAULT_MAX_PDF_CONTENT_BYTES = 20_000_000

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
PDF_SUFFIXES = {".pdf"}


def max_input_bytes() -> int:
    """The size limit in bytes (environment ``EUSEC_MAX_INPUT_BYTES`` or 50 MB)."""
    raw = os.environ.get("EUSEC_MAX_INPUT_BYTES")
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            pass
    return DEFAULT_MAX_INPUT_BYTES


def _env_limit(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw:
        try:
            return max(1, int(raw))
        except ValueError:
            pass
    return default


def max_pdf_pages() -> int:
    """Most pages of a PDF read (``EUSEC_MAX_PDF_PAGES``, default 1000)."""
    return _env_limit("EUSEC_MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES)


def max_pdf_chars() -> int:
    """Most characters taken from a PDF's text layer (``EUSEC_MAX_PDF_CHARS``, default 2,000,000)."""
    return _env_limit("EUSEC_MAX_PDF_CHARS", DEFAULT_MAX_PDF_CHARS)


def max_pdf_content_bytes() -> int:
    """Most bytes of page content streams (``EUSEC_MAX_PDF_CONTENT_BYTES``, default 20,000,000)."""
    return _env_limit("EUSEC_MAX_PDF_CONTENT_BYTES", DEFAULT_MAX_PDF_CONTENT_BYTES)


def _check_content_size(reader: object, name: str) -> None:
    """Refuse a PDF whose pages carry more content than any paper does, before extracting text: a small
    file can point every page at one huge content stream (the stream is decoded once, counted per page)."""
    limit, total, sizes = max_pdf_content_bytes(), 0, {}
    for number, page in enumerate(reader.pages, start=1):  # type: ignore[attr-defined]
        contents = page.get("/Contents")
        key = id(contents.get_object()) if contents is not None else None
        if key not in sizes:
            data = page.get_contents()
            sizes[key] = len(data.get_data()) if data is not None else 0
        total += sizes[key]
        if total > limit:
            raise InputError(f"{name}: PDF content too large (over {limit} bytes of page content by page {number})")


@dataclass
class SourceText:
    """The text of one input, ready for segmentation."""

    text: str  # newlines normalised to "\n"
    name: str  # file name only (never a machine path)
    content_hash: str  # sha256 of the text (UTF-8)
    line_pages: list[int | None] = field(default_factory=list)  # page of each line (PDF only), 0-based index

    @property
    def line_count(self) -> int:
        return len(self.text.split("\n"))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB mean binary data."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return len(head) > 0 and controls / len(head) > 0.05


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 bytes (BOM allowed) into text, refusing binary and other encodings."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{name}: UTF-16 text, not UTF-8; convert the file to UTF-8")
    if _looks_binary(data):
        raise InputError(f"{name}: binary data, not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert the file to UTF-8"
        ) from None
    text = _normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    return text


def text_from_string(text: str, name: str = "<text>") -> SourceText:
    """Wrap an in-memory string as a SourceText."""
    text = _normalise_newlines(text.lstrip("\ufeff"))
    if not text.strip():
        raise InputError(f"{name}: the text is empty")
    return SourceText(text=text, name=name, content_hash=_hash(text))


def read_pdf_bytes(data: bytes, name: str) -> SourceText:
    """Extract the text layer of a PDF, keeping the page of every line."""
    if not data.lstrip().startswith(b"%PDF-"):
        raise InputError(f"{name}: not a PDF file (no %PDF header)")
    # A complete PDF ends with %%EOF (possibly followed by whitespace); its absence means a cut file.
    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"{name}: truncated PDF (no end-of-file marker)")
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every small oddity
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise InputError(f"{name}: encrypted PDF")
        n_pages = len(reader.pages)
        if n_pages > max_pdf_pages():
            raise InputError(f"{name}: PDF has too many pages ({n_pages} > limit {max_pdf_pages()})")
        _check_content_size(reader, name)
        page_texts: list[str] = []
        total, char_limit = 0, max_pdf_chars()
        for page in reader.pages:
            page_text = page.extract_text() or ""
            total += len(page_text)
            if total > char_limit:  # checked per page: stop reading as soon as the cap is passed
                raise InputError(f"{name}: PDF text too large (over {char_limit} characters by page {len(page_texts) + 1})")
            page_texts.append(page_text)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise InputError(f"{name}: unreadable PDF ({type(exc).__name__})") from None
    if not page_texts:
        raise InputError(f"{name}: PDF has no pages")
    if not any(t.strip() for t in page_texts):
        raise InputError(f"{name}: PDF has no text layer (scanned image?); run OCR first")
    lines: list[str] = []
    pages: list[int | None] = []
    for number, page_text in enumerate(page_texts, start=1):
        page_lines = _normalise_newlines(page_text).split("\n")
        lines.extend(page_lines)
        pages.extend([number] * len(page_lines))
    text = "\n".join(lines)
    return SourceText(text=text, name=name, content_hash=_hash(text), line_pages=pages)


def read_document(path: Path) -> SourceText:
    """Read a text or PDF file; raise ``InputError`` with a one-line reason when it cannot be used."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a folder, not a file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    limit = max_input_bytes()
    if size > limit:
        raise InputError(f"{name}: file too large ({size} bytes > limit {limit} bytes)")
    if size == 0:
        raise InputError(f"{name}: the file is empty")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data[:5] == b"%PDF-":
        return read_pdf_bytes(data, name)
    text = decode_text(data, name)
    return SourceText(text=text, name=name, content_hash=_hash(text))

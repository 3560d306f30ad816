"""The ingest pipeline: reader -> segmenter -> extractors -> graph builder.

Used by ``eusec extract`` (ingest/cli.py), the store CLI and the API. Every failure caused by the input is an
``eusec.errors.InputError`` with a one-line message; nothing else escapes for bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from eusec.errors import InputError
from eusec.graph.model import Graph
from eusec.ingest.builder import build_graph
from eusec.ingest.readers import PDF_SUFFIXES, TEXT_SUFFIXES, SourceText, read_document, text_from_string
from eusec.ingest.segment import segment

INPUT_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

__all__ = ["iter_input_files", "read_document", "extract_text", "extract_file", "extract_source"]


def iter_input_files(paths: Sequence[Path]) -> list[Path]:
    """The input files named by ``paths``: folders expanded (.txt .md .pdf, recursively), sorted, deduplicated.

    A path that does not exist is an ``InputError``; files named explicitly are kept whatever their suffix.
    """
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path.name or path}: no such file or folder")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in INPUT_SUFFIXES and not child.name.startswith("."):
                    found.setdefault(str(child.resolve()), child)
        else:
            found.setdefault(str(path.resolve()), path)
    return [found[k] for k in sorted(found)]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def extract_source(source: SourceText) -> Graph:
    """Segment and build the graph of one read input."""
    try:
        seg = segment(source.text, line_pages=source.line_pages or None)
    except InputError as exc:
        msg = exc.message if exc.message.startswith(source.name) else f"{source.name}: {exc.message}"
        raise InputError(msg) from None
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # a layout we do not understand must not crash the caller
        raise InputError(f"{source.name}: cannot segment the text ({_one_line(exc)})") from None
    try:
        return build_graph(seg, source)
    except InputError:
        raise
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # never a traceback for a strange input; the fuzz tests hunt these down
        raise InputError(f"{source.name}: cannot extract the graph ({_one_line(exc)})") from None


def extract_text(text: str, *, name: str = "<text>") -> Graph:
    """The whole pipeline on a string; ``InputError`` if it is not an EU document."""
    return extract_source(text_from_string(text, name))


def extract_file(path: Path) -> Graph:
    """Read and extract one file; ``Graph.document`` is the canonical document number."""
    return extract_source(read_document(Path(path)))

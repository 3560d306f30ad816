"""Property test: whatever we do to a paper's lines or bytes, the pipeline either extracts a graph or raises
``InputError`` (one line) - never anything else. The raw segmenter + builder are checked too, unwrapped,
so that a bug cannot hide behind the pipeline's safety net."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eusec import PROJECT_ROOT
from eusec.errors import InputError
from eusec.graph.model import Graph
from eusec.ingest.builder import build_graph
from eusec.ingest.pipeline import extract_file
from eusec.ingest.readers import text_from_string
from eusec.ingest.segment import segment

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = PROJECT_ROOT.parent / "shared" / "corpus" / "5618-20.txt"
TEXTS = [(FIXTURES / n).read_text(encoding="utf-8") for n in ("excerpt-9876-21.txt", "excerpt-12345-18.txt")]

_NOISE = st.text(
    alphabet=st.sampled_from(list("0123456789.\t ABCDGВ¹²³⁴^{}/-•()Responsible WP:Main documentsEnvisaged follow-up\n")),
    max_size=40,
)


@st.composite
def mutated(draw: st.DrawFn, texts: list[str]) -> str:
    lines = draw(st.sampled_from(texts)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "insert", "noise", "truncate", "swap"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i : i + draw(st.integers(1, 5))]
        elif op == "duplicate":
            lines[i:i] = lines[i : i + draw(st.integers(1, 5))]
        elif op == "shuffle":
            j = min(len(lines), i + draw(st.integers(2, 12)))
            chunk = lines[i:j]
            lines[i:j] = draw(st.permutations(chunk))
        elif op == "insert":
            lines.insert(i, draw(_NOISE))
        elif op == "noise":
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(st.text(max_size=8)) + line[k:]
        elif op == "truncate":
            lines = lines[: i + 1]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _check_graph(g: Graph) -> None:
    for node in g.nodes.values():
        assert node.provenance
    for rel in g.relationships.values():
        assert rel.start in g.nodes and rel.end in g.nodes
        if rel.provenance.rule.startswith("reference."):
            # reference data names its file and line, not a line of the paper
            assert rel.provenance.line_start == rel.provenance.line_end == 0 and rel.properties.get("reference")
            continue
        assert 1 <= rel.provenance.line_start <= rel.provenance.line_end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated(TEXTS))
def test_mutated_excerpts_only_raise_input_error(text: str) -> None:
    try:
        src = text_from_string(text, "fuzz.txt")
        g = build_graph(segment(src.text), src)  # unwrapped: real bugs surface here
    except InputError as exc:
        assert "\n" not in exc.message
        return
    _check_graph(g)


@pytest.mark.corpus
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_sample_only_raises_input_error(data: st.DataObject) -> None:
    text = data.draw(mutated([SAMPLE.read_text(encoding="utf-8")]))
    try:
        src = text_from_string(text, "5618-20.txt")
        g = build_graph(segment(src.text), src)  # unwrapped, like above
    except InputError as exc:
        assert "\n" not in exc.message
        return
    _check_graph(g)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(TEXTS),
    cut=st.integers(0, 4000),
    junk=st.binary(max_size=64),
    at=st.integers(0, 4000),
)
def test_random_bytes_in_files(base: str, cut: int, junk: bytes, at: int) -> None:
    data = base.encode("utf-8")
    data = data[:at] + junk + data[at:]
    data = data[: max(cut, 1)] if cut < len(data) else data
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "fuzz.txt"
        p.write_bytes(data)
        try:
            g = extract_file(p)
        except InputError as exc:
            assert "\n" not in exc.message
            return
    _check_graph(g)

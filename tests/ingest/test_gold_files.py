"""The hand gold files keep their own promises: every ``cited_as`` of the acts gold is printed in the sample
paper (whitespace normalised), and the acts it names are the acts of that text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE_PATH

GOLD_ACTS = Path(__file__).parent / "gold" / "5618-20.acts.yaml"


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.corpus
def test_every_cited_as_is_printed_in_the_paper() -> None:
    gold = yaml.safe_load(GOLD_ACTS.read_text(encoding="utf-8"))
    text = _norm(SAMPLE_PATH.read_text(encoding="utf-8"))
    missing = [a["cited_as"] for a in gold["acts"] if _norm(a["cited_as"]) not in text]
    assert not missing, f"cited_as not found in ../shared/corpus/5618-20.txt: {missing}"


def test_every_cited_as_names_its_act() -> None:
    """The printed number in ``cited_as`` is the act's number in its CELEX (year and serial), so a typo in
    either column shows up without the corpus."""
    gold = yaml.safe_load(GOLD_ACTS.read_text(encoding="utf-8"))
    wrong = []
    for act in gold["acts"]:
        celex = str(act["celex"])
        year, serial = celex[1:5], str(int(celex[6:]))
        numbers = re.findall(r"(\d{2,4})/(\d{1,4})", act["cited_as"])
        if not any(serial == str(int(b)) and year.endswith(a[-2:]) for a, b in numbers) and not any(
            serial == str(int(a)) and year.endswith(b[-2:]) for a, b in numbers
        ):
            wrong.append((celex, act["cited_as"]))
    assert not wrong, wrong

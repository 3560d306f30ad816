"""Named queries through the store's own ``run_named`` (one implementation in graph.store.StoreBase), on every
backend over the loaded sample 5618/20, checked against the hand gold of that paper (tests/ingest/gold/):
the answers, not only that the call returned."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from eusec.errors import NotFoundError, ParameterError

GOLD = Path(__file__).resolve().parents[1] / "ingest" / "gold"


def _gold(name: str) -> dict[str, Any]:
    return yaml.safe_load((GOLD / f"5618-20.{name}.yaml").read_text(encoding="utf-8"))


def test_measures_of_a_working_party_are_the_gold_ones(loaded_store: Any) -> None:
    expected = {f"5618/20#{m['number']}" for m in _gold("measures")["measures"] if "TWP" in m["wp"]}
    rows = loaded_store.run_named("measures_by_working_party", {"code": "TWP"})
    assert {r["key"] for r in rows} == expected
    assert all(r["document"] == "5618/20" and r["line"] for r in rows)
    # the workload row of TWP counts the same measures
    workload = {r["code"]: r for r in loaded_store.run_named("working_parties", {"code": "TWP"})}
    assert workload["TWP"]["measures"] == len(expected)


def test_what_replaced_an_act_is_the_gold_relation(loaded_store: Any) -> None:
    relations = _gold("acts")["relations"]
    expected = sorted((r["from"], r["type"]) for r in relations
                      if r["to"] == "32002F0475" and r["type"] in ("REPLACES", "REPEALS"))
    rows = loaded_store.run_named("act_replaced_by", {"celex": "32002F0475"})
    assert sorted((r["celex"], r["relation"]) for r in rows) == expected == [("32017L0541", "REPLACES")]
    for r in rows:  # each document stating it, with its statement (lines and snippet) as evidence
        assert r["source"] == "5618/20"
        stated = json.loads(r["statement"])
        assert [s["document"] for s in stated] == ["5618/20"] and stated[0]["line_start"] > 0 and stated[0]["snippet"]


def test_one_act_by_celex(loaded_store: Any) -> None:
    cited = {a["celex"] for a in _gold("acts")["acts"]}
    assert "32016R0794" in cited
    rows = loaded_store.run_named("act", {"celex": "32016R0794"})
    assert [r["celex"] for r in rows] == ["32016R0794"]
    assert "eur-lex.europa.eu" in rows[0]["eurlex_url"]


def test_run_named_binds_defaults_and_refuses_bad_input(loaded_store: Any) -> None:
    # the default limit of most_cited_acts is 20; the sample cites more acts than that
    assert len(_gold("acts")["acts"]) > 20
    assert len(loaded_store.run_named("most_cited_acts")) == 20
    assert len(loaded_store.run_named("most_cited_acts", {"limit": "3"})) == 3
    with pytest.raises(ParameterError):
        loaded_store.run_named("most_cited_acts", {"limit": "many"})
    with pytest.raises(NotFoundError):
        loaded_store.run_named("no_such_query")

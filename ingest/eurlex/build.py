"""EUR-Lex records -> graph.model.Graph, with provenance on every fact.

The graph's document is ``EUR-Lex/CELLAR:<file>`` (``#<part>`` for the chunks of the bulk table): it is the
``source`` of every relationship read and is added to the ``sources`` of every node, so re-importing a file
replaces exactly its own facts, and paper-stated facts stay beside them with their own provenance.
"""

from __future__ import annotations

from typing import Any

from eusec.graph.model import Graph, Provenance
from eusec.ingest.eurlex.ids import corrected_act
from eusec.ingest.eurlex.records import ActRecord, NoticeRecords
from eusec.ingest.normalise import EURLEX_URL, parse_celex


def act_properties(rec: ActRecord, notice_date: str | None) -> dict[str, Any]:
    """LegalAct properties: what EUR-Lex states first (it wins over the values derived from the CELEX)."""
    props: dict[str, Any] = {
        "title": rec.title,
        "date_document": rec.date_document,
        "date_entry_into_force": rec.date_entry_into_force,
        "date_end_of_validity": rec.date_end_of_validity,
        "eli": rec.eli,
        "author": rec.author,
        "eurovoc": sorted(set(rec.eurovoc)),
        "consolidated_versions": sorted(set(rec.consolidated_versions)),
    }
    if rec.in_force is not None:
        props["in_force"] = rec.in_force
        props["in_force_source"] = "eurlex"
    stated = any(v not in (None, [], "") for v in props.values())
    if stated and notice_date:
        props["eurlex_notice_date"] = notice_date
    base = corrected_act(rec.celex)
    ref = parse_celex(base or rec.celex)
    if ref is not None:
        derived = ref.properties()
        if base:  # a corrigendum: its own CELEX, no ELI of its own, named after the act it corrects
            derived.update(celex=rec.celex, eli=None, type="Corrigendum", short_name=f"Corrigendum {rec.celex[-3:-1]} to {ref.short_name}")
        derived["eurlex_url"] = EURLEX_URL.format(celex=rec.celex)
        for k, v in derived.items():
            if props.get(k) in (None, "", []):
                props[k] = v
    props["celex"] = rec.celex
    return props


def build_graph(records: NoticeRecords) -> Graph:
    """The graph of one EUR-Lex source unit: LegalAct and TreatyArticle nodes, AMENDS/REPEALS/BASED_ON/
    CORRECTS relationships, each with the notice URI, format, file and notice date as provenance."""
    doc = records.document
    graph = Graph(document=doc)
    where = records.notice_uri or records.file
    rule = f"eurlex.{records.format}"
    for celex in sorted(records.acts):
        rec = records.acts[celex]
        prov = Provenance(document=doc, line_start=rec.line, line_end=rec.line, snippet=f"{records.format} {where}", rule=rule)
        graph.add_node("LegalAct", celex, act_properties(rec, records.notice_date), prov)
    for ref in sorted(records.treaty_articles):
        art = records.treaty_articles[ref]
        prov = Provenance(document=doc, line_start=0, line_end=0, snippet=f"{records.format} {where}", rule=rule)
        props = {"ref": ref, "treaty": art.treaty, "article": art.article, "celex": [art.celex] if art.celex else []}
        graph.add_node("TreatyArticle", ref, props, prov)
    edge_props = {
        "notice_uri": records.notice_uri,
        "format": records.format,
        "file": records.file,
        "notice_date": records.notice_date,
    }
    for rel in records.relations:
        start, end = f"LegalAct:{rel.source}", f"{rel.target_label}:{rel.target}"
        if start not in graph.nodes or end not in graph.nodes:
            continue  # readers add both ends; a relation to an act outside the unit is not a fact of it
        prov = Provenance(
            document=doc,
            line_start=rel.line,
            line_end=rel.line,
            snippet=f"{rel.source} {rel.rule} {rel.target}",
            rule=f"{rule}:{rel.rule}",
        )
        graph.add_relationship(rel.type, start, end, prov, edge_props)
    return graph

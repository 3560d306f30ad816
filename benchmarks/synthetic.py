"""A synthetic graph in the shape of graph/schema.yaml, for the store benchmark and the SIGKILL test.

``synthetic_graph(n_nodes)`` builds ONE document's graph with ``n_nodes`` nodes and (by default)
``3 * n_nodes`` relationships: a Document, many Measures (CONTAINS, RESPONSIBLE_FOR, REFERENCES, INVOLVES,
REPORTED_UNDER), and the acts, Council/Commission documents, working parties, agencies, systems and
presidencies they point to. Deterministic for a given seed. ``variant=1`` is a "new edition": same
document, ~10% of the measures dropped, titles changed, other references — so replacing one by the other
deletes, updates and creates facts.
"""

from __future__ import annotations

import hashlib
import random

from eusec.graph.model import Graph, Provenance

# share of the nodes per label (the rest of the budget goes to measures)
_SHARES = {
    "CouncilDocument": 0.25,
    "LegalAct": 0.17,
    "CommissionDocument": 0.12,
    "WorkingParty": 0.01,
    "Agency": 0.005,
    "InformationSystem": 0.005,
    "Presidency": 0.01,
}


def _prov(doc: str, line: int, snippet: str, rule: str) -> Provenance:
    return Provenance(document=doc, line_start=line, line_end=line + 1, snippet=snippet, rule=rule, page=1 + line // 50)


def synthetic_graph(
    n_nodes: int,
    n_rels: int | None = None,
    *,
    document: str = "9999/99",
    seed: int = 7,
    variant: int = 0,
) -> Graph:
    """One document's graph with about ``n_nodes`` nodes and exactly ``n_rels`` (default 3x) relationships
    (fewer only if the node budget cannot carry that many distinct relationships)."""
    rng = random.Random(seed * 1000 + variant)
    n_rels = 3 * n_nodes if n_rels is None else n_rels
    g = Graph(document=document)
    line = 1

    def prov(snippet: str, rule: str) -> Provenance:
        nonlocal line
        line += 1
        return _prov(document, line, snippet, rule)

    g.add_node(
        "Document",
        document,
        {"number": document, "title": f"Synthetic implementation paper {document}", "date": "2020-02-03",
         "subject_codes": ["COSI 1", "JAI 2"], "doc_type": "NOTE", "line_count": n_nodes * 3,
         "content_hash": hashlib.sha256(f"{document}/{n_nodes}/{n_rels}/{seed}/{variant}".encode()).hexdigest()},
        prov(document, "synthetic.document"),
    )
    counts = {label: max(1, int(n_nodes * share)) for label, share in _SHARES.items()}
    n_measures = max(1, n_nodes - 1 - sum(counts.values()))
    targets: dict[str, list[str]] = {label: [] for label in _SHARES}
    for i in range(counts["CouncilDocument"]):
        year = 2000 + i % 25
        key = f"{10000 + i}/{year % 100:02d}"
        targets["CouncilDocument"].append(g.add_node(
            "CouncilDocument", key, {"number": key, "year": year, "serial": 10000 + i, "working_document": False,
                                     "revisions": ["REV 1"] if i % 3 == 0 else []},
            prov(key, "synthetic.council_doc")).uid)
    for i in range(counts["LegalAct"]):
        year = 1990 + i % 35
        key = f"3{year}R{i:04d}"
        targets["LegalAct"].append(g.add_node(
            "LegalAct", key, {"celex": key, "type": "Regulation", "year": year, "number": i,
                              "short_name": f"Regulation (EU) {year}/{i}", "issuer": "European Parliament and Council",
                              "eli": f"http://data.europa.eu/eli/reg/{year}/{i}/oj"},
            prov(f"Regulation (EU) {year}/{i}", "synthetic.legal_act")).uid)
    for i in range(counts["CommissionDocument"]):
        year = 2000 + i % 25
        key = f"COM({year}) {i}"
        targets["CommissionDocument"].append(g.add_node(
            "CommissionDocument", key, {"reference": key, "series": "COM", "year": year, "serial": i, "final": True},
            prov(key, "synthetic.commission_doc")).uid)
    for label, name in (("WorkingParty", "WP"), ("Agency", "AG"), ("InformationSystem", "IS")):
        key_prop = {"WorkingParty": "code", "Agency": "name", "InformationSystem": "name"}[label]
        for i in range(counts[label]):
            key = f"{name}{i}"
            props = {key_prop: key, ("name" if label == "WorkingParty" else "full_name"): f"Synthetic {label} {i} – «ü»"}
            targets[label].append(g.add_node(label, key, props, prov(key, f"synthetic.{label.lower()}")).uid)
    for i in range(counts["Presidency"]):
        year, half = 2000 + i // 2, 1 + i % 2
        key = f"{year}-H{half}"
        targets["Presidency"].append(g.add_node(
            "Presidency", key, {"semester": key, "code": f"P{i}", "country": f"Country {i}", "seq": year * 2 + half - 1},
            prov(key, "synthetic.presidency")).uid)

    measures: list[str] = []
    doc_uid = f"Document:{document}"
    for i in range(n_measures):
        if variant and i % 10 == 3:
            continue  # the new edition drops some measures
        key = f"{document}#{i}"
        title = f"Measure {i} on internal security" + (" (updated)" if variant and i % 4 == 0 else "")
        measures.append(g.add_node(
            "Measure", key, {"key": key, "number": str(i), "base_number": i, "document": document,
                             "section": f"{1 + i % 3}.{i % 5}", "title": title,
                             "state_of_play": f"State of play of measure {i}.", "has_follow_up": i % 2 == 0},
            prov(f"{i}. {title}", "synthetic.measure")).uid)

    def add(type_: str, start: str, end: str, props: dict | None = None) -> bool:
        if (type_, start, end) in g.relationships:
            return False
        g.add_relationship(type_, start, end, prov(f"{type_} {end}", f"synthetic.{type_.lower()}"), props)
        return True

    budget = n_rels
    for m in measures:  # the structural relationships first
        for type_, end in (("CONTAINS", None), ("RESPONSIBLE_FOR", rng.choice(targets["WorkingParty"]))):
            if budget <= 0:
                break
            if type_ == "CONTAINS":
                budget -= add("CONTAINS", doc_uid, m)
            else:
                budget -= add("RESPONSIBLE_FOR", end, m)  # type: ignore[arg-type]
    ref_labels = ["LegalAct", "CouncilDocument", "CommissionDocument"]
    attempts = 0
    while budget > 0 and measures and attempts < n_rels * 20:
        attempts += 1
        m = rng.choice(measures)
        roll = rng.random()
        if roll < 0.75:
            end = rng.choice(targets[rng.choice(ref_labels)])
            ok = add("REFERENCES", m, end, {"section": "1.1", "via_footnote": rng.random() < 0.3})
        elif roll < 0.87:
            end = rng.choice(targets[rng.choice(["Agency", "InformationSystem"])])
            ok = add("INVOLVES", m, end, {"section": "1.1"})
        else:
            end = rng.choice(targets["Presidency"])
            ok = add("REPORTED_UNDER", m, end, {"sentence": "Progress was reported.", "section": "1.1"})
        budget -= ok
    return g

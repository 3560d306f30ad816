"""Exports of the whole graph for use elsewhere: neo4j-admin CSV, GraphML, APOC JSON lines, JSON-LD, Turtle.

Every function takes a storage-independent :class:`graph.model.Graph` (``store.dump()`` gives one), so an
export is the same whichever backend the graph came from. Formats:

- ``csv``: a folder for ``neo4j-admin database import full``: one header + one data file per node label
  (``nodes/<Label>.header.csv``, ``nodes/<Label>.csv``) and per relationship type (``relationships/...``),
  typed columns (``year:long``, ``aliases:string[]`` with ``;`` as array delimiter), node ids in one global
  id space (the ``uid`` ``Label:key``, which is unique across labels), plus ``import.sh`` and ``README.txt``.
- ``graphml``: a networkx MultiDiGraph written as GraphML; list properties are JSON strings.
- ``json``: APOC JSON lines (``apoc.export.json`` layout, :func:`graph.model.iter_apoc_json`).
- ``jsonld`` / ``ttl``: RDF via rdflib; see :func:`to_rdf` for the URIs chosen.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote

from eusec.errors import InputError, ParameterError
from eusec.graph.model import Graph, Node, iter_apoc_json, node_row, relationship_row
from eusec.graph import statements
from eusec.graph.schema import REL_CANONICAL, REL_EXTRA, STATEMENT_COLUMNS, STATEMENT_LABEL, load_schema, rel_uid

#: Called with the number of items just written (for progress bars). ``None`` = no reporting.
ProgressHook = Callable[[int], None] | None

FORMATS = ("csv", "graphml", "json", "jsonld", "ttl")

#: neo4j-admin's default array delimiter; we pass it explicitly too.
ARRAY_DELIMITER = ";"

#: Provenance columns every relationship carries (graph.model.relationship_row), as the schema declares them.
_REL_BASE_TYPES = {**REL_EXTRA, **REL_CANONICAL}
#: Columns every node carries besides its schema properties (in the neo4j-admin folder: its provenance is
#: in Statement rows; the other formats add ``provenance`` as JSON text, graph.model.node_row).
_NODE_BASE_TYPES = {"sources": "STRING[]"}

_NEO4J_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean", "STRING[]": "string[]"}


@dataclass
class ExportResult:
    """What an export wrote."""

    format: str
    path: Path
    files: list[Path] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0



def _infer_type(value: Any) -> str:
    """Schema type of a value not declared in the schema (exports must not lose unknown properties)."""
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "INT64"
    if isinstance(value, float):
        return "DOUBLE"
    if isinstance(value, (list, tuple)):
        return "STRING[]"
    return "STRING"


def _columns(declared: dict[str, str], rows: Iterable[dict[str, Any]], base: dict[str, str]) -> dict[str, str]:
    """Ordered column -> schema type: declared properties first, then base columns, then any extras seen."""
    cols = dict(declared)
    cols.update(base)
    for row in rows:
        for k, v in row.items():
            if k not in cols and v is not None:
                cols[k] = _infer_type(v)
    return cols


# -- neo4j-admin CSV --------------------------------------------------------------------------------


def _csv_cell(value: Any, type_: str) -> str:
    """One CSV cell in neo4j-admin's conventions (empty = no property; arrays joined by ``;``)."""
    if value is None:
        return ""
    if type_ == "STRING[]":
        items = value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if ARRAY_DELIMITER in str(item):
                # neo4j-admin has no escape for the array delimiter: refuse rather than split a value silently.
                raise InputError(f"cannot export array value {item!r}: it contains the array delimiter {ARRAY_DELIMITER!r}")
        return ARRAY_DELIMITER.join(str(i) for i in items)
    if type_ == "BOOLEAN":
        return "true" if value else "false"
    return str(value)


def _header(cols: dict[str, str], leading: list[str]) -> list[str]:
    return leading + [c if _NEO4J_TYPES[t] == "string" else f"{c}:{_NEO4J_TYPES[t]}" for c, t in cols.items()]


def import_command(node_files: dict[str, tuple[str, str]], rel_files: dict[str, tuple[str, str]], database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for the files written (paths relative to the folder)."""
    parts = ["neo4j-admin", "database", "import", "full"]
    for label, (header, data) in sorted(node_files.items()):
        parts.append(f"--nodes={label}={header},{data}")
    for type_, (header, data) in sorted(rel_files.items()):
        parts.append(f"--relationships={type_}={header},{data}")
    parts += [
        f"--array-delimiter={ARRAY_DELIMITER}",
        "--multiline-fields=true",  # snippets may span lines
        "--overwrite-destination=true",
        database,
    ]
    return " ".join(shlex.quote(p) for p in parts)


def export_csv(graph: Graph, out: Path, *, progress: ProgressHook = None, database: str = "neo4j") -> ExportResult:
    """Write the neo4j-admin import folder ``out`` (created; existing files of the same names are replaced)."""
    nodes: dict[str, list[dict[str, Any]]] = {}
    for node in sorted(graph.nodes.values(), key=lambda n: n.uid):
        row = node_row(node)
        del row["provenance"]  # stored apart, as the stores keep it
        nodes.setdefault(node.label, []).append(row)
        nodes.setdefault(STATEMENT_LABEL, []).extend(statements.rows_for(node.uid, [p.as_dict() for p in node.provenance]))
    rels: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    schema = load_schema()
    for rel in sorted(graph.relationships.values(), key=lambda r: (r.type, r.start, r.end)):
        if schema.rel(rel.type).canonical:  # as the stores keep it: one edge, its statement a Statement row
            uid, document = rel_uid(*rel.ident), rel.provenance.document
            row = {**rel.properties, "uid": uid, "sources": [document]}
            nodes.setdefault(STATEMENT_LABEL, []).append(statements.row(uid, document, [rel.provenance.as_dict()]))
        else:
            row = relationship_row(rel)
        rels.setdefault(rel.type, []).append((rel.start, rel.end, row))
    return write_import_folder(out, nodes, rels, progress=progress, database=database)


def write_import_folder(
    out: Path,
    nodes: dict[str, list[dict[str, Any]]],
    rels: dict[str, list[tuple[str, str, dict[str, Any]]]],
    *,
    progress: ProgressHook = None,
    database: str = "neo4j",
) -> ExportResult:
    """The neo4j-admin folder from stored rows: ``nodes`` label -> rows (with ``uid``; the Statement rows of
    graph.statements under graph.schema.STATEMENT_LABEL, with ``id``), ``rels`` type ->
    (start uid, end uid, row). Rows, not a Graph, so that parallel statements of one relationship (one per
    paper) are kept, as the stores keep them (graph/bulk_import.py writes a corpus this way)."""
    schema = load_schema()
    out.mkdir(parents=True, exist_ok=True)
    (out / "nodes").mkdir(exist_ok=True)
    (out / "relationships").mkdir(exist_ok=True)
    result = ExportResult("csv", out)
    node_files: dict[str, tuple[str, str]] = {}
    rel_files: dict[str, tuple[str, str]] = {}

    for label, rows in sorted(nodes.items()):
        # Statement rows (node provenance) are keyed by their id; every other label by its uid
        id_col = "id" if label == STATEMENT_LABEL else "uid"
        if label == STATEMENT_LABEL:
            cols = dict(STATEMENT_COLUMNS)
        else:
            declared = dict(schema.nodes[label].properties) if label in schema.nodes else {}
            cols = _columns(declared, rows, _NODE_BASE_TYPES)
        cols.pop(id_col, None)  # the :ID column
        header = _header(cols, [f"{id_col}:ID", ":LABEL"])
        hpath, dpath = out / "nodes" / f"{label}.header.csv", out / "nodes" / f"{label}.csv"
        _write_csv(hpath, [header])
        _write_csv(dpath, ([r[id_col], label] + [_csv_cell(r.get(c), t) for c, t in cols.items()] for r in rows), progress)
        node_files[label] = (f"nodes/{hpath.name}", f"nodes/{dpath.name}")
        result.files += [hpath, dpath]
        result.nodes += len(rows) if label != STATEMENT_LABEL else 0

    for type_, items in sorted(rels.items()):
        declared = dict(schema.relationships[type_].properties) if type_ in schema.relationships else {}
        cols = _columns(declared, (row for _, _, row in items), _REL_BASE_TYPES)
        header = _header(cols, [":START_ID", ":END_ID", ":TYPE"])
        hpath = out / "relationships" / f"{type_}.header.csv"
        dpath = out / "relationships" / f"{type_}.csv"
        _write_csv(hpath, [header])
        _write_csv(
            dpath,
            ([start, end, type_] + [_csv_cell(row.get(c), t) for c, t in cols.items()] for start, end, row in items),
            progress,
        )
        rel_files[type_] = (f"relationships/{hpath.name}", f"relationships/{dpath.name}")
        result.files += [hpath, dpath]
        result.relationships += len(items)

    command = import_command(node_files, rel_files, database)
    script = out / "import.sh"
    script.write_text(
        "#!/bin/sh\n"
        "# Import this folder into an EMPTY, STOPPED Neo4j 5 database (it replaces the database).\n"
        "# Run from this folder with neo4j-admin on PATH (e.g. $NEO4J_HOME/bin). Afterwards start Neo4j and run\n"
        "# `eusec stats --store neo4j` once: it creates the constraints and indexes of graph/schema.yaml.\n"
        'cd "$(dirname "$0")" || exit 1\n'
        f"exec {command}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    readme = out / "README.txt"
    readme.write_text(
        "eusec export for neo4j-admin (Neo4j 5). One header and one data file per label / relationship type.\n"
        "Node ids: the uid column (Label:key), one global id space. Arrays are ';'-separated. Fields may span lines.\n"
        "Import (database stopped; replaces it):\n\n"
        f"  {command}\n",
        encoding="utf-8",
    )
    result.files += [script, readme]
    return result


def _write_csv(path: Path, rows: Iterable[list[str]], progress: ProgressHook = None) -> None:
    # QUOTE_MINIMAL with doubled quotes is what neo4j-admin reads by default (--quote='"').
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for row in rows:
            writer.writerow(row)
            if progress:
                progress(1)


# -- GraphML ----------------------------------------------------------------------------------------


def to_networkx(graph: Graph):  # -> networkx.MultiDiGraph (import kept local: networkx is slow to import)
    """The graph as a networkx MultiDiGraph: node id = uid, edge key = relationship type.

    Lists become JSON strings and provenance stays a JSON string (GraphML has only scalar types). A property
    whose type differs between labels (``number`` is text on Document, an integer on LegalAct) is written as
    text everywhere, because GraphML declares one type per attribute name.
    """
    import networkx as nx

    g = nx.MultiDiGraph(name=graph.document or "eusec")
    node_attrs = {uid: _flat(node_row(n)) | {"label": n.label, "key": n.key} for uid, n in graph.nodes.items()}
    edge_attrs = [(r, _flat(relationship_row(r)) | {"type": r.type}) for r in graph.relationships.values()]
    mixed = _mixed_types([a for a in node_attrs.values()]) | _mixed_types([a for _, a in edge_attrs])
    for uid, attrs in sorted(node_attrs.items()):
        g.add_node(uid, **{k: (str(v) if k in mixed else v) for k, v in attrs.items()})
    for rel, attrs in sorted(edge_attrs, key=lambda x: (x[0].type, x[0].start, x[0].end)):
        g.add_edge(rel.start, rel.end, key=rel.type, **{k: (str(v) if k in mixed else v) for k, v in attrs.items()})
    return g


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Drop None, turn lists into JSON strings."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if v is None:
            continue
        out[k] = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else v
    return out


def _mixed_types(rows: list[dict[str, Any]]) -> set[str]:
    seen: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            seen.setdefault(k, set()).add(type(v))
    return {k for k, types in seen.items() if len(types) > 1}


def export_graphml(graph: Graph, out: Path, *, progress: ProgressHook = None) -> ExportResult:
    """Write GraphML readable by ``networkx.read_graphml`` (and Gephi, yEd, Cytoscape desktop)."""
    import networkx as nx

    g = to_networkx(graph)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(g, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    if progress:
        progress(len(graph.nodes) + len(graph.relationships))
    return ExportResult("graphml", out, [out], len(graph.nodes), len(graph.relationships))


# -- APOC JSON lines --------------------------------------------------------------------------------


def export_json(graph: Graph, out: Path, *, progress: ProgressHook = None) -> ExportResult:
    """Write APOC JSON lines (``apoc.import.json`` reads them back into Neo4j)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for line in iter_apoc_json(graph):
            fh.write(line + "\n")
            if progress:
                progress(1)
    return ExportResult("json", out, [out], len(graph.nodes), len(graph.relationships))


# -- RDF --------------------------------------------------------------------------------------------

#: The eusec namespace. Not (yet) registered at w3id.org; change it here if the project publishes elsewhere.
BASE = "https://w3id.org/eusec/"
VOCAB = BASE + "vocab#"
ID_BASE = BASE + "id/"
CONSILIUM_PDF = "https://data.consilium.europa.eu/doc/document/ST-{serial}-{year}-INIT/en/pdf"
EURLEX_CELEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"
_COMMISSION_CELEX_SECTOR = {"COM": "DC", "SWD": "SC", "JOIN": "JC"}


def _camel(type_: str) -> str:
    """RESPONSIBLE_FOR -> responsibleFor (RDF property names)."""
    head, *rest = type_.lower().split("_")
    return head + "".join(w.capitalize() for w in rest)


def _prop_name(name: str) -> str:
    """from_ -> from, state_of_play -> stateOfPlay."""
    return _camel(name.rstrip("_").upper())


def node_uri(node: Node) -> str:
    """The URI of a node.

    - LegalAct: its ELI (``eli`` property, http://data.europa.eu/eli/...), the identifier the Publications
      Office maintains; a eusec URI only when no ELI is known.
    - Everything else, including Council documents: ``https://w3id.org/eusec/id/<Label>/<key>``. A Council
      document as cited ("9727/19" with its revisions) is not one rendition; the public register's PDF of
      the INIT version is linked with ``rdfs:seeAlso`` instead of being used as the identifier.
    """
    if node.label == "LegalAct" and node.properties.get("eli"):
        return str(node.properties["eli"])
    return f"{ID_BASE}{node.label}/{quote(node.key, safe='')}"


def _see_also(node: Node) -> list[str]:
    """Public pages for a node (register PDF, EUR-Lex)."""
    p = node.properties
    if node.label == "CouncilDocument" and not p.get("working_document"):
        m = re.fullmatch(r"(\d+)/(\d{2,4})", str(p.get("number", node.key)))
        if m:
            year = int(m.group(2))
            if year < 100:  # two-digit years: the series starts in the 1990s
                year += 2000 if year < 70 else 1900
            return [CONSILIUM_PDF.format(serial=int(m.group(1)), year=year)]
    if node.label == "CommissionDocument":
        sector = _COMMISSION_CELEX_SECTOR.get(str(p.get("series", "")))
        if sector and p.get("year") and p.get("serial"):
            return [EURLEX_CELEX.format(celex=f"5{int(p['year'])}{sector}{int(p['serial']):04d}")]
    return []


def to_rdf(graph: Graph):  # -> rdflib.Graph
    """The graph as RDF.

    Classes and properties live in the eusec vocabulary (``eusec:Measure``, ``eusec:responsibleFor``,
    ``eusec:title``...), declared in the output with their schema descriptions. Every node gets ``rdfs:label``
    (its caption), ``dcterms:source`` for each document stating it, and ``eusec:provenance`` (JSON text).
    Acts get ``owl:sameAs`` their EUR-Lex page. Each relationship is one direct triple plus an
    ``rdf:Statement`` carrying its provenance (source, lines, page, snippet, rule) and its properties.
    """
    from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef
    from rdflib import Graph as RDFGraph
    from rdflib.namespace import DCTERMS, OWL

    schema = load_schema()
    ev = Namespace(VOCAB)
    g = RDFGraph()
    g.bind("eusec", ev)
    g.bind("eli", Namespace("http://data.europa.eu/eli/ontology#"))
    g.bind("dcterms", DCTERMS)
    g.bind("owl", OWL)

    # The small vocabulary, from the schema (so it never drifts from what the graph holds).
    for label, spec in schema.nodes.items():
        g.add((ev[label], RDF.type, RDFS.Class))
        g.add((ev[label], RDFS.label, Literal(label)))
        g.add((ev[label], RDFS.comment, Literal(spec.description)))
    for type_, rspec in schema.relationships.items():
        prop = ev[_camel(type_)]
        g.add((prop, RDF.type, RDF.Property))
        g.add((prop, RDFS.label, Literal(type_)))
        g.add((prop, RDFS.comment, Literal(rspec.description)))
    uris = {uid: URIRef(node_uri(n)) for uid, n in graph.nodes.items()}
    doc_uris = {n.key: uris[uid] for uid, n in graph.nodes.items() if n.label == "Document"}

    for uid, node in sorted(graph.nodes.items()):
        s = uris[uid]
        g.add((s, RDF.type, ev[node.label]))
        g.add((s, ev.uid, Literal(uid)))
        caption = schema.nodes[node.label].caption if node.label in schema.nodes else None
        g.add((s, RDFS.label, Literal(str(node.properties.get(caption) or node.key))))
        for k, v in sorted(node.properties.items()):
            if v is None or v == "" or v == []:
                continue
            for item in v if isinstance(v, (list, tuple)) else [v]:
                g.add((s, ev[_prop_name(k)], _literal(item, Literal, XSD)))
        if node.label == "LegalAct":
            eurlex = node.properties.get("eurlex_url") or EURLEX_CELEX.format(celex=node.key)
            g.add((s, OWL.sameAs, URIRef(str(eurlex))))
        for url in _see_also(node):
            g.add((s, RDFS.seeAlso, URIRef(url)))
        for doc in sorted({p.document for p in node.provenance}):
            g.add((s, DCTERMS.source, doc_uris.get(doc) or URIRef(f"{ID_BASE}Document/{quote(doc, safe='')}")))
        if node.provenance:
            g.add((s, ev.provenance, Literal(json.dumps([p.as_dict() for p in node.provenance], ensure_ascii=False))))

    for rel in sorted(graph.relationships.values(), key=lambda r: (r.type, r.start, r.end)):
        s, p, o = uris[rel.start], ev[_camel(rel.type)], uris[rel.end]
        g.add((s, p, o))
        # a stable blank-node id, so that two exports of the same graph are identical (diffable)
        st = BNode("st" + hashlib.sha1("|".join((*rel.ident, rel.provenance.document)).encode()).hexdigest()[:16])
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        for k, v in relationship_row(rel).items():
            if v is None or v == "":
                continue
            if k == "source":
                g.add((st, DCTERMS.source, doc_uris.get(str(v)) or URIRef(f"{ID_BASE}Document/{quote(str(v), safe='')}")))
            else:
                g.add((st, ev[_prop_name(k)], _literal(v, Literal, XSD)))
    return g


def _literal(value: Any, Literal, XSD):  # noqa: N803 - rdflib classes passed in to keep imports local
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(str(value))


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD @context used for the export (prefixes, so the document stays readable)."""
    return {
        "eusec": VOCAB,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "dcterms": "http://purl.org/dc/terms/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }


def export_rdf(graph: Graph, out: Path, fmt: str, *, progress: ProgressHook = None) -> ExportResult:
    """Write Turtle (``ttl``) or JSON-LD (``jsonld``)."""
    g = to_rdf(graph)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "ttl":
        g.serialize(destination=str(out), format="turtle", encoding="utf-8")
    else:
        doc = json.loads(g.serialize(format="json-ld", context=jsonld_context()))
        # rdflib emits subjects in hash order: sort them so that exports of one graph are identical
        doc["@graph"] = sorted(doc.get("@graph", []), key=lambda x: str(x.get("@id", "")))
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if progress:
        progress(len(graph.nodes) + len(graph.relationships))
    return ExportResult(fmt, out, [out], len(graph.nodes), len(graph.relationships))


# -- dispatch ---------------------------------------------------------------------------------------


def export(graph: Graph, fmt: str, out: Path, *, progress: ProgressHook = None) -> ExportResult:
    """Export ``graph`` in ``fmt`` (one of :data:`FORMATS`) to ``out`` (a folder for csv, a file otherwise)."""
    if fmt == "csv":
        if out.exists() and not out.is_dir():
            raise InputError(f"--out {out} is a file; the csv export writes a folder")
        return export_csv(graph, out, progress=progress)
    if out.exists() and out.is_dir():
        raise InputError(f"--out {out} is a folder; the {fmt} export writes one file")
    if fmt == "graphml":
        return export_graphml(graph, out, progress=progress)
    if fmt == "json":
        return export_json(graph, out, progress=progress)
    if fmt in ("jsonld", "ttl"):
        return export_rdf(graph, out, fmt, progress=progress)
    raise ParameterError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
